/* qip person add|list|edit|leave|return */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "cli.h"
#include "qip/person.h"
#include "qip/text.h"

static const char usage[] =
	"usage: qip person add --name NAME --role ROLE [--login LOGIN] [--service SERVICE]\n"
	"       qip person list [--all | --left] [--format table|tsv|json]\n"
	"       qip person edit NAME|LOGIN [--name NAME] [--role ROLE] [--login LOGIN] [--service SERVICE]\n"
	"       qip person leave NAME|LOGIN [--date DATE] [--yes]\n"
	"       qip person return NAME|LOGIN\n"
	"\n"
	"ROLE is a word or phrase such as registered-manager, deputy-manager,\n"
	"team-leader, senior-carer, medicines-lead, safeguarding-lead, quality-lead,\n"
	"nominated-individual or board-member (stored as a lowercase slug).\n"
	"LOGIN is the person's Unix account on the server: qip knows who is acting\n"
	"by the account that runs it. A person who leaves keeps their history; the\n"
	"actions they own show as unowned until reassigned; return brings back\n"
	"someone who left. The last active admin cannot leave or stop being admin.\n"
	"NAME may be the start of a name when only one person's name starts so:\n"
	"qip then says whom it took it for. leave asks first on a terminal; in a\n"
	"script, add --yes. edit --login '' or --service '' removes it.\n"
	"list shows active people; --all adds leavers; --left shows leavers who\n"
	"still own open actions.\n";

#define PAGE 500

struct page {
	struct cli_table *t;
	int rows;
};

static int list_row(void *ctx, const struct qip_person *p)
{
	struct page *pg = ctx;
	struct cli_table *t = pg->t;
	pg->rows++;
	char open[16], overdue[16], left[QIP_DATE_LEN];
	snprintf(open, sizeof open, "%d", p->open_actions);
	snprintf(overdue, sizeof overdue, "%d", p->overdue_actions);
	const char *cells[] = { p->name, p->role, p->login, p->service,
				p->active ? "active" : "left", qip_date_format(p->left_on, left), open, overdue };
	bool orphans = !p->active && p->open_actions > 0;
	cli_table_row(t, cells, orphans ? " ?" : p->overdue_actions ? "!" : "",
		      orphans ? CLI_HL_UNOWNED : CLI_HL_NONE);
	return 0;
}

int cli_cmd_person(struct cli *c, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, usage))
		return CLI_OK;
	if (argc < 2)
		return cli_fail(QIP_EINVAL, "person: say add, list or leave (see: qip person --help)");
	const char *sub = argv[1];
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "login", required_argument, NULL, 'l' },
		{ "service", required_argument, NULL, 's' },
		{ "date", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "all", no_argument, NULL, 'a' },
		{ "left", no_argument, NULL, 'L' },
		{ "yes", no_argument, NULL, 'y' },
		{ 0 } };
	struct qip_person_new np = { 0 };
	const char *date = NULL;
	enum cli_format fmt = CLI_TABLE;
	int scope = QIP_PEOPLE_ACTIVE, ch;
	bool yes = false;
	cli_getopt_start();
	while ((ch = cli_getopt(argc - 1, argv + 1, opts, "person")) != -1) {
		switch (ch) {
		case '?': return CLI_USAGE;
		case 'n': np.name = optarg; break;
		case 'r': np.role = optarg; break;
		case 'l': np.login = optarg; break;
		case 's': np.service = optarg; break;
		case 'd': date = optarg; break;
		case 'a': scope = QIP_PEOPLE_ALL; break;
		case 'L': scope = QIP_PEOPLE_LEFT_OWNING; break;
		case 'y': yes = true; break;
		case 'f':
			if (!cli_parse_format(optarg, &fmt))
				return cli_fail(QIP_EINVAL, "--format '%s': use table, tsv or json", optarg);
			break;
		}
	}
	int pos = cli_optind() + 1;
	bool one_person = !strcmp(sub, "edit") || !strcmp(sub, "leave") || !strcmp(sub, "return");
	if (one_person && pos >= argc)
		return cli_fail(QIP_EINVAL, "person %s: say who (name or login)", sub);
	if (one_person && pos + 1 < argc)
		return cli_fail(QIP_EINVAL, "person %s: one person at a time (quote a name with spaces), not '%s'",
				sub, argv[pos + 1]);
	if (!strcmp(sub, "edit") && !np.name && !np.role && !np.login && !np.service)
		return cli_fail(QIP_EINVAL, "person edit: say what to change: --name, --role, --login or --service");
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	if (!strcmp(sub, "add")) {
		if (pos < argc)
			return cli_fail(QIP_EINVAL, "person add: unexpected argument '%s' (use --name)", argv[pos]);
		if (!np.name)
			return cli_fail(QIP_EINVAL, "person add: --name is required");
		if (!np.role)
			return cli_fail(QIP_EINVAL, "person add: --role is required");
		int rc = qip_person_add(db, &np, NULL);
		if (rc)
			return cli_db_fail(c, rc);
		printf("Added %s\n", np.name);
		return CLI_OK;
	}
	if (!strcmp(sub, "list")) {
		static const struct cli_col cols[] = {
			{ "name", 24, false }, { "role", 20, false }, { "login", 10, false },
			{ "service", 18, false }, { "state", 6, false }, { "left", 10, false },
			{ "open", 4, true }, { "overdue", 7, true } };
		struct cli_table *t = cli_table_begin(c, fmt, cols, 8);
		struct page pg = { t, 0 };
		int rc;
		/* A window at a time, so a big staff list never sits in memory. */
		for (int offset = 0;; offset += PAGE) {
			pg.rows = 0;
			rc = qip_person_list(db, scope, NULL, PAGE, offset, list_row, &pg);
			if (rc || pg.rows < PAGE)
				break;
		}
		cli_table_end(t);
		return rc ? cli_db_fail(c, rc) : CLI_OK;
	}
	if (!one_person)
		return cli_fail(QIP_EINVAL, "person: unknown subcommand '%s': use add, list, edit, leave or return", sub);
	const char *who = argv[pos];
	qip_date on = QIP_NO_DATE;
	if (!strcmp(sub, "leave") && date && !qip_date_parse(date, qip_db_today(db), &on))
		return cli_fail(QIP_EINVAL, "--date '%s' is not a date: use YYYY-MM-DD", date);
	int64_t id;
	int rc = !strcmp(sub, "leave") ? qip_person_find_active(db, who, &id)
	       : !strcmp(sub, "return") ? qip_person_find_left(db, who, &id) : qip_person_find(db, who, &id);
	struct qip_person p = { 0 };
	if (rc || (rc = qip_person_get(db, id, &p)))
		return cli_db_fail(c, rc);
	char *name = qip_text_escape(p.name), *role = qip_text_escape(p.role);
	/* A name matched by its start is said in full before anything changes. */
	if (strcmp(who, p.name) && strcmp(who, p.login)) {
		char *typed = qip_text_escape(who);
		printf("'%s' is %s (%s)\n", typed, name, role);
		free(typed);
		fflush(stdout);
	}
	int status = CLI_OK;
	if (!strcmp(sub, "leave")) {
		char day[QIP_DATE_LEN], *q;
		qip_date_format(on == QIP_NO_DATE ? qip_db_today(db) : on, day);
		q = qip_printf("Mark %s (%s) as left on %s? Their %d open action%s will show as unowned.",
			       p.name, p.role, day, p.open_actions, p.open_actions == 1 ? "" : "s");
		status = cli_confirm(yes, "person leave", q);
		free(q);
		if (status == CLI_OK && (rc = qip_person_mark_left(db, id, on)))
			status = cli_db_fail(c, rc);
		else if (status == CLI_OK)
			printf("%s has left; their open actions now show as unowned until reassigned\n", name);
	} else if (!strcmp(sub, "return")) {
		if ((rc = qip_person_return(db, id)))
			status = cli_db_fail(c, rc);
		else
			printf("%s is back: active again\n", name);
	} else {
		if ((rc = qip_person_edit(db, id, &np)))
			status = cli_db_fail(c, rc);
		else
			printf("Changed %s\n", name);
	}
	free(name);
	free(role);
	qip_person_clear(&p);
	return status;
}
