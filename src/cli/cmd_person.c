/* qip person add|list|edit|leave|return */
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "command.h"
#include "qip/person.h"
#include "qip/text.h"

static const char notes[] =
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


/* Prints a name from the database escaped, between two fixed texts. */
static void put_line(const char *before, const char *name, const char *after)
{
	char *shown = qip_text_escape(name);
	printf("%s%s%s\n", before, shown, after);
	free(shown);
}

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

enum { OPT_NAME, OPT_ROLE, OPT_LOGIN, OPT_SERVICE, OPT_DATE, OPT_ALL, OPT_LEFT, OPT_YES };
static const struct cli_opt o_name = { OPT_NAME, "name", "NAME", "the person's full name" },
	o_role = { OPT_ROLE, "role", "ROLE", "registered-manager, team-leader, senior-carer ... (stored as a slug)" },
	o_login = { OPT_LOGIN, "login", "LOGIN", "their Unix account on the server ('' removes it)" },
	o_service = { OPT_SERVICE, "service", "SERVICE", "the service they work in ('' removes it)" },
	o_date = { OPT_DATE, "date", "DATE", "the day they left (default today)" },
	o_all = { OPT_ALL, "all", NULL, "leavers too" },
	o_left = { OPT_LEFT, "left", NULL, "only leavers who still own open actions" },
	o_yes = { OPT_YES, "yes", NULL, "do not ask first (for scripts)" };

static struct qip_person_new person_fields(const struct cli_args *a)
{
	return (struct qip_person_new){ a->value[OPT_NAME], a->value[OPT_ROLE], a->value[OPT_LOGIN],
					a->value[OPT_SERVICE] };
}

static int add(struct cli *c, const struct cli_args *a)
{
	if (a->npos)
		return cli_fail(QIP_EINVAL, "person add: unexpected argument '%s' (use --name)", a->pos[0]);
	if (!a->value[OPT_NAME])
		return cli_fail(QIP_EINVAL, "person add: --name is required");
	if (!a->value[OPT_ROLE])
		return cli_fail(QIP_EINVAL, "person add: --role is required");
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	struct qip_person_new np = person_fields(a);
	int rc = qip_person_add(db, &np, NULL);
	if (rc)
		return cli_db_fail(c, rc);
	printf("Added %s\n", np.name);
	return CLI_OK;
}

static int list(struct cli *c, const struct cli_args *a)
{
	if (a->npos)
		return cli_fail(QIP_EINVAL, "person list: unexpected argument '%s'", a->pos[0]);
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	int scope = a->value[OPT_LEFT] ? QIP_PEOPLE_LEFT_OWNING : a->value[OPT_ALL] ? QIP_PEOPLE_ALL : QIP_PEOPLE_ACTIVE;
	static const struct cli_col cols[] = {
		{ "name", 24, false }, { "role", 20, false }, { "login", 10, false },
		{ "service", 18, false }, { "state", 6, false }, { "left", 10, false },
		{ "open", 4, true }, { "overdue", 7, true } };
	struct cli_table *t = cli_table_begin(c, a->fmt, cols, 8);
	struct page pg = { t, 0 };
	/* One statement stepped to the end, a row at a time: memory stays
	 * flat, and no page re-walks the rows before it as OFFSET did. */
	int rc = qip_person_list(db, scope, NULL, -1, 0, list_row, &pg);
	cli_table_end(t);
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

/* edit, leave and return name one person: found (and said in full when
 * matched by the start of a name) before anything changes. */
static int one_person(struct cli *c, const struct cli_args *a,
		      int (*find)(struct qip_db *, const char *, int64_t *), struct qip_person *p)
{
	if (a->npos < 1)
		return cli_fail(QIP_EINVAL, "%s: say who (name or login)", a->name);
	if (a->npos > 1)
		return cli_fail(QIP_EINVAL, "%s: one person at a time (quote a name with spaces), not '%s'",
				a->name, a->pos[1]);
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	int64_t id;
	/* stdout: this group's reports are there, and nothing reads it as data. */
	int rc = cli_person_arg(db, a->pos[0], find, &id, stdout);
	if (rc || (rc = qip_person_get(db, id, p)))
		return cli_db_fail(c, rc);
	return CLI_OK;
}

static int edit(struct cli *c, const struct cli_args *a)
{
	struct qip_person_new np = person_fields(a);
	if (a->npos == 1 && !np.name && !np.role && !np.login && !np.service)
		return cli_fail(QIP_EINVAL, "person edit: say what to change: --name, --role, --login or --service");
	struct qip_person p = { 0 };
	int rc = one_person(c, a, qip_person_find, &p);
	if (rc == CLI_OK && (rc = qip_person_edit(c->db, p.id, &np)))
		rc = cli_db_fail(c, rc);
	else if (rc == CLI_OK)
		put_line("Changed ", p.name, "");
	qip_person_clear(&p);
	return rc;
}

static int leave(struct cli *c, const struct cli_args *a)
{
	qip_date on = QIP_NO_DATE;
	struct qip_person p = { 0 };
	int rc = one_person(c, a, qip_person_find_active, &p);
	if (rc == CLI_OK && a->value[OPT_DATE] && !qip_date_parse(a->value[OPT_DATE], qip_db_today(c->db), &on))
		rc = cli_fail(QIP_EINVAL, "--date '%s' is not a date: use YYYY-MM-DD", a->value[OPT_DATE]);
	if (rc == CLI_OK) {
		char day[QIP_DATE_LEN];
		qip_date_format(on == QIP_NO_DATE ? qip_db_today(c->db) : on, day);
		char *q = qip_printf("Mark %s (%s) as left on %s? Their %d open action%s will show as unowned.",
				     p.name, p.role, day, p.open_actions, p.open_actions == 1 ? "" : "s");
		rc = cli_confirm(a->value[OPT_YES], "person leave", q);
		free(q);
	}
	if (rc == CLI_OK && (rc = qip_person_mark_left(c->db, p.id, on)))
		rc = cli_db_fail(c, rc);
	else if (rc == CLI_OK)
		put_line("", p.name, " has left; their open actions now show as unowned until reassigned");
	qip_person_clear(&p);
	return rc;
}

static int bring_back(struct cli *c, const struct cli_args *a)
{
	struct qip_person p = { 0 };
	int rc = one_person(c, a, qip_person_find_left, &p);
	if (rc == CLI_OK && (rc = qip_person_return(c->db, p.id)))
		rc = cli_db_fail(c, rc);
	else if (rc == CLI_OK)
		put_line("", p.name, " is back: active again");
	qip_person_clear(&p);
	return rc;
}

const struct cli_group cli_group_person = {
	"person", "add, list, edit, mark leavers and bring them back", notes,
	(const struct cli_command[]){
		{ "add", NULL, "add a person (--name and --role are required)",
		  (const struct cli_opt *const[]){ &o_name, &o_role, &o_login, &o_service, NULL }, .writes = true, .run = add },
		{ "list", NULL, "list active people with their open and overdue actions",
		  (const struct cli_opt *const[]){ &o_all, &o_left, NULL }, .format = true, .run = list },
		{ "edit", "NAME|LOGIN", "change a person's name, role, login or service",
		  (const struct cli_opt *const[]){ &o_name, &o_role, &o_login, &o_service, NULL }, .writes = true, .run = edit },
		{ "leave", "NAME|LOGIN", "mark a person as left (asks first)",
		  (const struct cli_opt *const[]){ &o_date, &o_yes, NULL }, .writes = true, .run = leave },
		{ "return", "NAME|LOGIN", "bring back someone who left", NULL, .writes = true, .run = bring_back },
		{ 0 } },
};
