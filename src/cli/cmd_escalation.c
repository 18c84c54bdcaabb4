/* qip escalation raise|list|up|resolve */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "qip/action.h"
#include "qip/escalation.h"
#include "qip/vocab.h"

static const char usage[] =
	"usage: qip escalation raise REF --reason R [--level 1|2|3] [--to NAME] [--note T]\n"
	"       qip escalation list [REF] [--all] [--format table|tsv|json]\n"
	"       qip escalation up ID [--to NAME] [--note T]\n"
	"       qip escalation resolve ID --decision T\n"
	"\n"
	"Levels: 1 registered manager, 2 nominated individual / provider quality\n"
	"lead, 3 provider board. Reasons: overdue, review-overdue, unowned,\n"
	"missed-check, weak-evidence, recurring, extended, other.\n"
	"Without --to, raise and up go to the level's usual person: the registered\n"
	"manager of the action's service, a nominated individual or quality lead,\n"
	"a board member (never yourself). An action has one open escalation at a\n"
	"time: raise it with up instead of raising a second.\n"
	"list shows open escalations, highest level and oldest first; --all adds\n"
	"resolved ones.\n";

static int list_row(void *ctx, const struct qip_escalation *e)
{
	char id[24], level[4], raised[QIP_DATE_LEN], resolved[QIP_DATE_LEN];
	snprintf(id, sizeof id, "%lld", (long long)e->id);
	snprintf(level, sizeof level, "%d", e->level);
	const char *cells[] = { id, level, qip_vocab_name(&qip_vocab_esc_reason, e->reason), e->ref,
				e->assigned_to, qip_date_format(e->raised_on, raised),
				qip_date_format(e->resolved_on, resolved), e->decision, e->note };
	cli_table_row(ctx, cells, e->resolved_on == QIP_NO_DATE && e->level >= 2 ? "!" : "", CLI_HL_NONE);
	return 0;
}

static bool parse_id(const char *s, int64_t *id)
{
	char *end;
	*id = strtoll(s, &end, 10);
	return *s && !*end && *id > 0;
}

int cli_cmd_escalation(struct cli *c, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, usage))
		return CLI_OK;
	if (argc < 2)
		return cli_fail(QIP_EINVAL, "escalation: say raise, list, up or resolve (see: qip escalation --help)");
	const char *sub = argv[1];
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "level", required_argument, NULL, 'l' },
		{ "to", required_argument, NULL, 't' },
		{ "note", required_argument, NULL, 'n' },
		{ "decision", required_argument, NULL, 'd' },
		{ "all", no_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ 0 } };
	const char *reason = NULL, *to = NULL, *note = NULL, *decision = NULL;
	int level = 1, ch;
	bool all = false;
	enum cli_format fmt = CLI_TABLE;
	cli_getopt_start();
	while ((ch = cli_getopt(argc - 1, argv + 1, opts, "escalation")) != -1) {
		switch (ch) {
		case '?': return CLI_USAGE;
		case 'r': reason = optarg; break;
		case 't': to = optarg; break;
		case 'n': note = optarg; break;
		case 'd': decision = optarg; break;
		case 'a': all = true; break;
		case 'l':
			if (strlen(optarg) != 1 || optarg[0] < '1' || optarg[0] > '3')
				return cli_fail(QIP_EINVAL, "--level '%s': use 1 (registered manager), 2 (nominated individual) or 3 (provider board)", optarg);
			level = optarg[0] - '0';
			break;
		case 'f':
			if (!cli_parse_format(optarg, &fmt))
				return cli_fail(QIP_EINVAL, "--format '%s': use table, tsv or json", optarg);
			break;
		}
	}
	int pos = cli_optind() + 1;
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	int rc;
	int64_t id;
	if (!strcmp(sub, "raise")) {
		if (pos >= argc)
			return cli_fail(QIP_EINVAL, "escalation raise: give the action's ref");
		if (!reason)
			return cli_fail(QIP_EINVAL, "escalation raise: --reason is required (%s)", qip_vocab_choices(&qip_vocab_esc_reason));
		if ((rc = qip_escalation_raise(db, argv[pos], level, reason, to, note, &id)))
			return cli_db_fail(c, rc);
		printf("%lld\n", (long long)id);
		return CLI_OK;
	}
	if (!strcmp(sub, "list")) {
		int64_t action_id = 0;
		if (pos < argc && (rc = qip_action_resolve(db, argv[pos], &action_id)))
			return cli_db_fail(c, rc);
		static const struct cli_col cols[] = {
			{ "id", 5, true }, { "level", 5, true }, { "reason", 14, false }, { "ref", 8, false },
			{ "assigned", 16, false }, { "raised", 10, false }, { "resolved", 10, false },
			{ "decision", 16, false }, { "note", 0, false } };
		struct cli_table *t = cli_table_begin(c, fmt, cols, 9);
		rc = qip_escalation_list(db, action_id, all, 100000, 0, list_row, t);
		cli_table_end(t);
		return rc ? cli_db_fail(c, rc) : CLI_OK;
	}
	if (pos >= argc || !parse_id(argv[pos], &id))
		return cli_fail(QIP_EINVAL, "escalation %s: give the escalation's id (see: qip escalation list)", sub);
	if (!strcmp(sub, "up"))
		return (rc = qip_escalation_raise_level(db, id, to, note)) ? cli_db_fail(c, rc) : CLI_OK;
	if (!strcmp(sub, "resolve"))
		return (rc = qip_escalation_resolve(db, id, decision)) ? cli_db_fail(c, rc) : CLI_OK;
	return cli_fail(QIP_EINVAL, "escalation: unknown subcommand '%s': use raise, list, up or resolve", sub);
}
