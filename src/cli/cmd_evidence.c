/* qip evidence add|list */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "qip/action.h"
#include "qip/evidence.h"
#include "qip/text.h"
#include "qip/vocab.h"

static const char usage[] =
	"usage: qip evidence add REF --kind activity|outcome --category C --note T\n"
	"                        [--value N] [--source T] [--date DATE] [--corrects ID]\n"
	"       qip evidence list REF [--format table|tsv|json]\n"
	"\n"
	"Evidence is append-only. An activity shows work was done (training held,\n"
	"care plan rewritten); an outcome shows care got better (audit score,\n"
	"incident trend, feedback). Only outcome evidence that meets the target lets\n"
	"an action close.\n"
	"  --category   people (people's experience), staff (feedback from staff and\n"
	"               leaders), partners, observation, processes, outcomes\n"
	"  --value      the measured value (87 for 87%)\n"
	"  --source     where the record lives (MAR file, supervision notes, minutes)\n"
	"  --date       when it was seen (default today; never in the future)\n"
	"  --corrects   the id of an entry this one supersedes (it is kept, marked)\n";

static int list_row(void *ctx, const struct qip_evidence *e)
{
	char id[24], date[QIP_DATE_LEN], value[QIP_NUMBER_LEN], corrects[24];
	snprintf(id, sizeof id, "%lld", (long long)e->id);
	if (e->has_value)
		qip_number_format(e->value, value);
	else
		value[0] = '\0';
	if (e->corrects_id)
		snprintf(corrects, sizeof corrects, "%lld", (long long)e->corrects_id);
	else
		corrects[0] = '\0';
	const char *cells[] = { id, qip_date_format(e->seen_on, date), qip_vocab_name(&qip_vocab_kind, e->kind),
				qip_vocab_name(&qip_vocab_category, e->category), value,
				e->superseded ? "superseded" : e->corrects_id ? "correction" : "",
				corrects, e->recorded_by, e->source, e->note, e->recorded_at, e->uuid };
	cli_table_row(ctx, cells, e->superseded ? "x" : "", CLI_HL_NONE);
	return 0;
}

int cli_cmd_evidence(struct cli *c, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, usage))
		return CLI_OK;
	if (argc < 2)
		return cli_fail(QIP_EINVAL, "evidence: say add or list (see: qip evidence --help)");
	const char *sub = argv[1];
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "category", required_argument, NULL, 'c' },
		{ "note", required_argument, NULL, 'n' },
		{ "value", required_argument, NULL, 'v' },
		{ "source", required_argument, NULL, 's' },
		{ "date", required_argument, NULL, 'd' },
		{ "corrects", required_argument, NULL, 'C' },
		{ "format", required_argument, NULL, 'f' },
		{ 0 } };
	struct qip_evidence_new e = { 0 };
	const char *corrects = NULL;
	enum cli_format fmt = CLI_TABLE;
	int ch;
	bool any_add = false;
	cli_getopt_start();
	while ((ch = cli_getopt(argc - 1, argv + 1, opts, "evidence")) != -1) {
		any_add |= ch != 'f';
		switch (ch) {
		case '?': return CLI_USAGE;
		case 'k': e.kind = optarg; break;
		case 'c': e.category = optarg; break;
		case 'n': e.note = optarg; break;
		case 'v': e.value = optarg; break;
		case 's': e.source = optarg; break;
		case 'd': e.date = optarg; break;
		case 'C': corrects = optarg; break;
		case 'f':
			if (!cli_parse_format(optarg, &fmt))
				return cli_fail(QIP_EINVAL, "--format '%s': use table, tsv or json", optarg);
			break;
		}
	}
	int pos = cli_optind() + 1;
	if (pos >= argc)
		return cli_fail(QIP_EINVAL, "evidence %s: give the action's ref (for example QIP-0042)", sub);
	if (pos + 1 < argc)
		return cli_fail(QIP_EINVAL, "evidence %s: unexpected argument '%s' (quote a note with spaces)", sub, argv[pos + 1]);
	if (corrects) {
		char *end;
		e.corrects_id = strtoll(corrects, &end, 10);
		if (*end || e.corrects_id <= 0)
			return cli_fail(QIP_EINVAL, "--corrects '%s' is not an evidence id", corrects);
	}
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	if (!strcmp(sub, "add")) {
		int64_t id;
		int rc = qip_evidence_add(db, argv[pos], &e, &id);
		if (rc)
			return cli_db_fail(c, rc);
		printf("%lld\n", (long long)id);
		return CLI_OK;
	}
	if (!strcmp(sub, "list")) {
		if (any_add)
			return cli_fail(QIP_EINVAL, "evidence list: only --format applies");
		int64_t action_id;
		int rc = qip_action_resolve(db, argv[pos], &action_id);
		if (rc)
			return cli_db_fail(c, rc);
		static const struct cli_col cols[] = {
			{ "id", 6, true }, { "date", 10, false }, { "kind", 8, false }, { "category", 11, false },
			{ "value", 6, true }, { "state", 10, false }, { "corrects", 8, true },
			{ "by", 14, false }, { "source", 14, false }, { "note", 0, false },
			{ "recorded-at", 0, false }, { "uuid", 0, false } };
		/* The table shows what fits a screen; TSV and JSON carry everything. */
		struct cli_table *t = cli_table_begin(c, fmt, cols, fmt == CLI_TABLE ? 10 : 12);
		struct qip_evidence_cursor cur = { 0 };
		while (!cur.done && !(rc = qip_evidence_page(db, action_id, &cur, 1000, list_row, t)))
			;
		cli_table_end(t);
		return rc ? cli_db_fail(c, rc) : CLI_OK;
	}
	return cli_fail(QIP_EINVAL, "evidence: unknown subcommand '%s': use add or list", sub);
}
