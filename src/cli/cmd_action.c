/* qip action add|list|show|edit|assign|extend|close|reopen|review|history */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "qip/action.h"
#include "qip/history.h"
#include "qip/person.h"
#include "qip/service.h"
#include "qip/text.h"
#include "qip/vocab.h"

static const char usage[] =
	"usage: qip action add --title T [FIELDS]                  (prints the new ref)\n"
	"       qip action list [FILTERS] [--sort S] [--desc] [--limit N] [--offset N]\n"
	"                       [--format table|tsv|json]\n"
	"       qip action show REF [--format table|tsv|json]\n"
	"       qip action edit REF [FIELDS] [--status S]\n"
	"       qip action assign REF NAME|LOGIN\n"
	"       qip action extend REF DATE --reason T\n"
	"       qip action close REF --reason T\n"
	"       qip action reopen REF --reason T\n"
	"       qip action review REF --decision keep-open|reframe|close|reopen --reason T\n"
	"       qip action history REF [--format ...]\n"
	"\n"
	"FIELDS:\n"
	"  --title T             what will be done (required when adding)\n"
	"  --service S           the service (location) it belongs to\n"
	"  --owner NAME|LOGIN    the one accountable owner (an active person); none to clear\n"
	"  --supporters A,B      people who support but do not own it\n"
	"  --due DATE            due date\n"
	"  --baseline T          the specific problem found, measured where possible\n"
	"  --outcome T           the intended outcome, measurable\n"
	"  --target N            the measure's target value (95, or 95%)\n"
	"  --unit U              the measure's unit (%, incidents, days ...)\n"
	"  --direction D         at-least (default) or at-most (for counts that should fall)\n"
	"  --target-date DATE    when the target should be met\n"
	"  --cadence C           review cadence: daily, weekly, fortnightly, monthly, quarterly\n"
	"  --next-review DATE    next review (default: today plus the cadence)\n"
	"  --evidence T          the evidence route: what will prove it, where it lives\n"
	"  --area A              quality area (medicines, safeguarding, nutrition ...)\n"
	"  --key-question Q      safe, effective, caring, responsive or well-led\n"
	"  --statements A,B      CQC quality statement ids (see: qip framework list)\n"
	"  --risk LxI            risk rating, likelihood x impact, each 1-5 (4x3)\n"
	"  --source S            audit, inspection, incident, complaint, provider-visit,\n"
	"                        meeting or other\n"
	"  --source-ref T        which audit, inspection or incident\n"
	"  --status S            (edit) open, in-progress, monitoring or reopened\n"
	"FILTERS:\n"
	"  --overdue --unowned --flag F (repeatable: overdue, unowned, due-soon,\n"
	"  review-overdue, stale, no-outcome, single-category, target-not-met, extended)\n"
	"  --attention           needs attention: overdue, unowned or review overdue\n"
	"  --owner X --service S --area A --search WORDS\n"
	"  --key-question Q      safe, effective, caring, responsive or well-led\n"
	"  --statement S         a CQC quality statement, by id or name\n"
	"  --status S|all        (default: every status but closed)\n"
	"  --sort due|ref|owner|status|risk|updated\n"
	"DATES: YYYY-MM-DD, today, tomorrow, or from today: +7, +2w, +3m.\n"
	"REF: QIP-0042, or just 42.\n"
	"In tables, '!' marks an overdue row and '?' an unowned one.\n";

enum {
	OPT_FIELD = 1000,   /* OPT_FIELD + enum qip_action_field */
	OPT_OVERDUE = 2000, OPT_UNOWNED, OPT_FLAG, OPT_SEARCH, OPT_SORT, OPT_DESC,
	OPT_LIMIT, OPT_OFFSET, OPT_FORMAT, OPT_REASON, OPT_DECISION, OPT_ATTENTION, OPT_STATEMENT,
};

static const struct option opts[] = {
	{ "title", required_argument, NULL, OPT_FIELD + QIP_AF_TITLE },
	{ "service", required_argument, NULL, OPT_FIELD + QIP_AF_SERVICE },
	{ "owner", required_argument, NULL, OPT_FIELD + QIP_AF_OWNER },
	{ "due", required_argument, NULL, OPT_FIELD + QIP_AF_DUE },
	{ "baseline", required_argument, NULL, OPT_FIELD + QIP_AF_BASELINE },
	{ "outcome", required_argument, NULL, OPT_FIELD + QIP_AF_OUTCOME },
	{ "target", required_argument, NULL, OPT_FIELD + QIP_AF_TARGET },
	{ "unit", required_argument, NULL, OPT_FIELD + QIP_AF_UNIT },
	{ "direction", required_argument, NULL, OPT_FIELD + QIP_AF_DIRECTION },
	{ "target-date", required_argument, NULL, OPT_FIELD + QIP_AF_TARGET_DATE },
	{ "cadence", required_argument, NULL, OPT_FIELD + QIP_AF_CADENCE },
	{ "next-review", required_argument, NULL, OPT_FIELD + QIP_AF_NEXT_REVIEW },
	{ "evidence", required_argument, NULL, OPT_FIELD + QIP_AF_EVIDENCE_REQUIRED },
	{ "area", required_argument, NULL, OPT_FIELD + QIP_AF_AREA },
	{ "key-question", required_argument, NULL, OPT_FIELD + QIP_AF_KEY_QUESTION },
	{ "statements", required_argument, NULL, OPT_FIELD + QIP_AF_STATEMENTS },
	{ "risk", required_argument, NULL, OPT_FIELD + QIP_AF_RISK },
	{ "source", required_argument, NULL, OPT_FIELD + QIP_AF_SOURCE },
	{ "source-ref", required_argument, NULL, OPT_FIELD + QIP_AF_SOURCE_REF },
	{ "supporters", required_argument, NULL, OPT_FIELD + QIP_AF_SUPPORTERS },
	{ "status", required_argument, NULL, OPT_FIELD + QIP_AF_STATUS },
	{ "overdue", no_argument, NULL, OPT_OVERDUE },
	{ "unowned", no_argument, NULL, OPT_UNOWNED },
	{ "flag", required_argument, NULL, OPT_FLAG },
	{ "attention", no_argument, NULL, OPT_ATTENTION },
	{ "statement", required_argument, NULL, OPT_STATEMENT },
	{ "search", required_argument, NULL, OPT_SEARCH },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "desc", no_argument, NULL, OPT_DESC },
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ "offset", required_argument, NULL, OPT_OFFSET },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "decision", required_argument, NULL, OPT_DECISION },
	{ 0 } };

struct args {
	struct qip_action_input in;
	unsigned flags, any_flags;
	const char *statement;
	const char *search, *sort, *limit, *offset, *reason, *decision;
	bool desc, any_field, any_filter;
	enum cli_format fmt;
	char **pos;       /* positional arguments after the subcommand */
	int npos;
};

static int parse_args(int argc, char **argv, struct args *a)
{
	memset(a, 0, sizeof *a);
	int ch;
	cli_getopt_start();
	while ((ch = cli_getopt(argc, argv, opts, "action")) != -1) {
		if (ch == '?')
			return CLI_USAGE;
		if (ch >= OPT_FIELD && ch < OPT_FIELD + QIP_AF_COUNT) {
			a->in.field[ch - OPT_FIELD] = optarg;
			a->any_field = true;
			continue;
		}
		switch (ch) {
		case OPT_OVERDUE: a->flags |= QIP_FLAG_OVERDUE; break;
		case OPT_UNOWNED: a->flags |= QIP_FLAG_UNOWNED; break;
		case OPT_ATTENTION: a->any_flags = QIP_FLAGS_ATTENTION; break;
		case OPT_STATEMENT: a->statement = optarg; break;
		case OPT_FLAG: {
			unsigned f = qip_flag_parse(optarg);
			if (!f) {
				char names[300] = "";
				for (int i = 0; i < QIP_FLAG_COUNT; i++)
					snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
						 i ? ", " : "", qip_flag_name(i));
				return cli_fail(QIP_EINVAL, "--flag '%s' is not a flag: use %s", optarg, names);
			}
			a->flags |= f;
			break;
		}
		case OPT_SEARCH: a->search = optarg; break;
		case OPT_SORT: a->sort = optarg; break;
		case OPT_DESC: a->desc = true; break;
		case OPT_LIMIT: a->limit = optarg; break;
		case OPT_OFFSET: a->offset = optarg; break;
		case OPT_REASON: a->reason = optarg; break;
		case OPT_DECISION: a->decision = optarg; break;
		case OPT_FORMAT:
			if (!cli_parse_format(optarg, &a->fmt))
				return cli_fail(QIP_EINVAL, "--format '%s': use table, tsv or json", optarg);
			break;
		}
	}
	a->pos = argv + cli_optind();
	a->npos = argc - cli_optind();
	return CLI_OK;
}

/* Options that make no sense for a subcommand are refused, not ignored. */
static int only(const struct args *a, const char *sub, bool fields, bool filters)
{
	if (!fields && a->any_field)
		return cli_fail(QIP_EINVAL, "action %s: takes no field options", sub);
	if (!filters && (a->flags || a->any_flags || a->statement || a->search || a->sort || a->desc || a->limit || a->offset))
		return cli_fail(QIP_EINVAL, "action %s: filter and sort options are for list", sub);
	return CLI_OK;
}

static int need_ref(const struct args *a, const char *sub, int count)
{
	if (a->npos < count)
		return cli_fail(QIP_EINVAL, "action %s: give the action's ref (for example QIP-0042)%s", sub,
				count > 1 ? " and the value" : "");
	if (a->npos > count)
		return cli_fail(QIP_EINVAL, "action %s: unexpected argument '%s'", sub, a->pos[count]);
	return CLI_OK;
}

static bool parse_count(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 0 || v > 100000000)
		return false;
	*out = (int)v;
	return true;
}

static void number(char *buf, size_t n, bool has, double v)
{
	char s[QIP_NUMBER_LEN];
	snprintf(buf, n, "%s", has ? qip_number_format(v, s) : "");
}

struct list_ctx {
	struct cli_table *t;
	enum cli_format fmt;
	int rows;
};

static int list_row(void *ctx, const struct qip_action *a)
{
	struct list_ctx *lc = ctx;
	char flags[200], due[QIP_DATE_LEN], target[40], latest[40], risk[8], evidence[16];
	if (lc->fmt == CLI_TABLE)
		qip_flags_letters(a->flags, flags, sizeof flags);
	else
		qip_flags_format(a->flags, flags, sizeof flags);
	number(target, sizeof target, a->has_target, a->target);
	number(latest, sizeof latest, a->has_latest_value, a->latest_value);
	snprintf(risk, sizeof risk, "%d", qip_risk_score(a->likelihood, a->impact));
	if (!a->likelihood)
		risk[0] = '\0';
	snprintf(evidence, sizeof evidence, "%d", a->evidence_count);
	const char *status = qip_vocab_name(&qip_vocab_status, a->status);
	bool overdue = a->flags & QIP_FLAG_OVERDUE, unowned = a->flags & QIP_FLAG_UNOWNED;
	char mark[3] = { overdue ? '!' : ' ', unowned ? '?' : ' ', 0 };
	const char *owner = a->owner;
	char owner_buf[240];
	if (a->owner_id && !a->owner_active) {
		snprintf(owner_buf, sizeof owner_buf, "%s (left)", a->owner);
		owner = owner_buf;
	}
	if (lc->fmt == CLI_TABLE) {
		const char *cells[] = { a->ref, flags, qip_date_format(a->due, due), status,
					*owner ? owner : "-", a->title };
		cli_table_row(lc->t, cells, mark, overdue ? CLI_HL_OVERDUE : unowned ? CLI_HL_UNOWNED : CLI_HL_NONE);
	} else {
		const char *cells[] = { a->ref, a->title, owner, qip_date_format(a->due, due), status, flags,
					a->service, a->area, risk, target, a->unit, latest, evidence, a->uuid };
		cli_table_row(lc->t, cells, mark, CLI_HL_NONE);
	}
	lc->rows++;
	return 0;
}

static int do_list(struct cli *c, struct qip_db *db, struct args *a)
{
	struct qip_action_filter f;
	qip_action_filter_init(&f);
	f.flags = a->flags;
	f.any_flags = a->any_flags;
	f.search = a->search;
	if (a->in.field[QIP_AF_KEY_QUESTION]) {
		const char *q = a->in.field[QIP_AF_KEY_QUESTION];
		f.key_question = qip_vocab_find(&qip_vocab_key_question, q);
		if (f.key_question < 0)
			return cli_fail(QIP_EINVAL, "--key-question '%s': use %s", q,
					qip_vocab_choices(&qip_vocab_key_question));
	}
	f.descending = a->desc;
	if (a->in.field[QIP_AF_STATUS]) {
		const char *s = a->in.field[QIP_AF_STATUS];
		f.status = !strcmp(s, "all") ? -1 : qip_vocab_find(&qip_vocab_status, s);
		if (f.status == -1 && strcmp(s, "all"))
			return cli_fail(QIP_EINVAL, "--status '%s': use %s, or all", s, qip_vocab_choices(&qip_vocab_status));
	}
	if (a->in.field[QIP_AF_OWNER] && qip_person_find(db, a->in.field[QIP_AF_OWNER], &f.owner_id))
		return cli_db_fail(c, QIP_ENOTFOUND);
	if (a->in.field[QIP_AF_SERVICE] && qip_service_find(db, a->in.field[QIP_AF_SERVICE], &f.service_id))
		return cli_db_fail(c, QIP_ENOTFOUND);
	char *statement = NULL;
	if (a->statement && qip_action_filter_statement(db, a->statement, &statement))
		return cli_db_fail(c, QIP_EINVAL);
	f.statement = statement;
	char *area = a->in.field[QIP_AF_AREA] ? qip_text_slug(a->in.field[QIP_AF_AREA]) : NULL;
	f.area = area;
	for (int i = 0; i < QIP_AF_COUNT; i++)
		if (a->in.field[i] && i != QIP_AF_STATUS && i != QIP_AF_OWNER && i != QIP_AF_SERVICE &&
		    i != QIP_AF_AREA && i != QIP_AF_KEY_QUESTION) {
			free(area);
			free(statement);
			return cli_fail(QIP_EINVAL, "action list: --%s is not a filter", qip_action_field_name(i));
		}
	if (a->sort) {
		static const char *const sorts[] = { "due", "ref", "owner", "status", "risk", "updated" };
		f.sort = -1;
		for (int i = 0; i < 6; i++)
			if (!strcmp(a->sort, sorts[i]))
				f.sort = i;
		if (f.sort < 0) {
			free(area);
			free(statement);
			return cli_fail(QIP_EINVAL, "--sort '%s': use due, ref, owner, status, risk or updated", a->sort);
		}
	}
	int limit = -1, offset = 0;
	if ((a->limit && !parse_count(a->limit, &limit)) || (a->offset && !parse_count(a->offset, &offset))) {
		free(area);
		free(statement);
		return cli_fail(QIP_EINVAL, "--limit and --offset take a whole number from 0 to 100000000, not '%s'",
				a->limit && !parse_count(a->limit, &limit) ? a->limit : a->offset);
	}
	static const struct cli_col table_cols[] = {
		{ "ref", 8, false }, { "flags", 7, false }, { "due", 10, false },
		{ "status", 11, false }, { "owner", 18, false }, { "title", 0, false } };
	static const struct cli_col data_cols[] = {
		{ "ref", 0, false }, { "title", 0, false }, { "owner", 0, false }, { "due", 0, false },
		{ "status", 0, false }, { "flags", 0, false }, { "service", 0, false }, { "area", 0, false },
		{ "risk", 0, true }, { "target", 0, true }, { "unit", 0, false }, { "latest", 0, true },
		{ "evidence", 0, true }, { "uuid", 0, false } };
	struct list_ctx lc = { .fmt = a->fmt };
	lc.t = a->fmt == CLI_TABLE ? cli_table_begin(c, a->fmt, table_cols, 6)
				   : cli_table_begin(c, a->fmt, data_cols, 14);
	/* Stream in windows: memory stays flat whatever the table's size. */
	int rc = QIP_OK, page = 500, done = 0;
	while (limit < 0 || done < limit) {
		int want = limit < 0 || limit - done > page ? page : limit - done;
		lc.rows = 0;
		rc = qip_action_list(db, &f, want, offset + done, list_row, &lc);
		done += lc.rows;
		if (rc || lc.rows < want)
			break;
	}
	cli_table_end(lc.t);
	free(area);
	free(statement);
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

static int do_show(struct cli *c, struct qip_db *db, struct args *a)
{
	struct qip_action x = { 0 };
	int rc = qip_action_get(db, a->pos[0], &x);
	if (rc)
		return cli_db_fail(c, rc);
	char flags[300], due[QIP_DATE_LEN], tdate[QIP_DATE_LEN], review[QIP_DATE_LEN], created[QIP_DATE_LEN],
	     closed[QIP_DATE_LEN], last[QIP_DATE_LEN], target[40], latest[40], risk[40], counts[80], ext[16],
	     closure[1200] = "", cats[200] = "";
	qip_flags_format(x.flags, flags, sizeof flags);
	number(target, sizeof target, x.has_target, x.target);
	number(latest, sizeof latest, x.has_latest_value, x.latest_value);
	if (x.likelihood)
		snprintf(risk, sizeof risk, "%dx%d = %d (%s)", x.likelihood, x.impact,
			 qip_risk_score(x.likelihood, x.impact), qip_risk_band(qip_risk_score(x.likelihood, x.impact)));
	else
		risk[0] = '\0';
	snprintf(counts, sizeof counts, "%d (%d outcome)", x.evidence_count, x.outcome_count);
	snprintf(ext, sizeof ext, "%d", x.extensions);
	for (int i = 0; i < 6; i++)
		if (x.category_mask & (1u << i))
			snprintf(cats + strlen(cats), sizeof cats - strlen(cats), "%s%s", *cats ? "," : "",
				 qip_vocab_name(&qip_vocab_category, i));
	struct qip_action_facts facts;
	qip_action_facts(&x, &facts);
	unsigned why = qip_rules_closure(&facts);
	char reason[300];
	for (int i = 0; i < QIP_CLOSE_COUNT; i++)
		if (why & (1u << i))
			snprintf(closure + strlen(closure), sizeof closure - strlen(closure), "%s%s",
				 *closure ? "; " : "", qip_closure_describe(i, &facts, x.unit, reason, sizeof reason));
	if (!why)
		snprintf(closure, sizeof closure, "may close");
	char owner[260];
	snprintf(owner, sizeof owner, "%s%s", x.owner, x.owner_id && !x.owner_active ? " (left)" : "");
	const char *kq = x.key_question >= 0 ? qip_vocab_name(&qip_vocab_key_question, x.key_question) : "";
	const char *cells[] = {
		x.ref, x.title, x.service, qip_vocab_name(&qip_vocab_status, x.status), flags,
		owner, x.supporters, qip_date_format(x.due, due), x.baseline, x.outcome, target, x.unit,
		qip_vocab_name(&qip_vocab_direction, x.direction), qip_date_format(x.target_date, tdate),
		latest, qip_vocab_name(&qip_vocab_cadence, x.cadence), qip_date_format(x.next_review, review),
		x.evidence_required, x.area, kq, x.statements, risk,
		qip_vocab_name(&qip_vocab_source, x.source), x.source_ref, ext, counts, cats,
		qip_date_format(x.last_evidence, last), closure, qip_date_format(x.closed_on, closed),
		qip_date_format(x.created_on, created), x.created_by, x.updated_by, x.updated_at, x.uuid,
	};
	static const struct cli_col cols[] = {
		{ "ref" }, { "title" }, { "service" }, { "status" }, { "flags" }, { "owner" },
		{ "supporters" }, { "due" }, { "baseline" }, { "outcome" }, { "target", 0, true },
		{ "unit" }, { "direction" }, { "target-date" }, { "latest", 0, true }, { "cadence" },
		{ "next-review" }, { "evidence-required" }, { "area" }, { "key-question" },
		{ "statements" }, { "risk" }, { "source" }, { "source-ref" }, { "extensions", 0, true },
		{ "evidence" }, { "categories" }, { "last-evidence" }, { "closure-check" }, { "closed" },
		{ "created" }, { "created-by" }, { "updated-by" }, { "updated-at" }, { "uuid" },
	};
	struct cli_table *t = cli_record_begin(c, a->fmt, cols, (int)(sizeof cols / sizeof cols[0]));
	cli_table_row(t, cells, "", CLI_HL_NONE);
	cli_table_end(t);
	qip_action_clear(&x);
	return CLI_OK;
}

static int history_row(void *ctx, const struct qip_history *h)
{
	const char *cells[] = { h->at, h->by, h->entity, h->field, h->old_value, h->new_value };
	cli_table_row(ctx, cells, "", CLI_HL_NONE);
	return 0;
}

static int do_history(struct cli *c, struct qip_db *db, struct args *a)
{
	int64_t id;
	int rc = qip_action_resolve(db, a->pos[0], &id);
	if (rc)
		return cli_db_fail(c, rc);
	static const struct cli_col cols[] = {
		{ "at", 24, false }, { "by", 16, false }, { "entity", 10, false },
		{ "field", 12, false }, { "old", 20, false }, { "new", 0, false } };
	struct cli_table *t = cli_table_begin(c, a->fmt, cols, 6);
	rc = qip_history_for_action(db, id, 1000000, 0, history_row, t);
	cli_table_end(t);
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

int cli_cmd_action(struct cli *c, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, usage))
		return CLI_OK;
	if (argc < 2)
		return cli_fail(QIP_EINVAL, "action: say add, list, show, edit, assign, extend, close, reopen, review or history (see: qip action --help)");
	const char *sub = argv[1];
	struct args a;
	int rc = parse_args(argc - 1, argv + 1, &a);
	if (rc)
		return rc;
	struct qip_db *db;

	if (!strcmp(sub, "list")) {
		if (a.npos)
			return cli_fail(QIP_EINVAL, "action list: unexpected argument '%s'", a.pos[0]);
		if (a.reason || a.decision)
			return cli_fail(QIP_EINVAL, "action list: --reason and --decision are for changes");
		return (db = cli_db(c)) ? do_list(c, db, &a) : c->open_status;
	}
	if ((rc = only(&a, sub, !strcmp(sub, "add") || !strcmp(sub, "edit"), false)))
		return rc;
	if (!strcmp(sub, "add")) {
		if (a.npos)
			return cli_fail(QIP_EINVAL, "action add: unexpected argument '%s' (use --title)", a.pos[0]);
		if (a.in.field[QIP_AF_STATUS])
			return cli_fail(QIP_EINVAL, "action add: a new action is open; set --status with edit");
		if (!(db = cli_db(c)))
			return c->open_status;
		char ref[QIP_REF_LEN];
		if ((rc = qip_action_add(db, &a.in, ref)))
			return cli_db_fail(c, rc);
		printf("%s\n", ref);
		struct qip_action_draft draft;
		if (qip_action_is_draft(&a.in, &draft))
			fprintf(stderr, "qip: note: %s (%s is saved as a draft)\n", draft.message, ref);
		return CLI_OK;
	}
	if (!strcmp(sub, "show") || !strcmp(sub, "history")) {
		if ((rc = need_ref(&a, sub, 1)))
			return rc;
		if (!(db = cli_db(c)))
			return c->open_status;
		return !strcmp(sub, "show") ? do_show(c, db, &a) : do_history(c, db, &a);
	}
	if (!strcmp(sub, "edit")) {
		if ((rc = need_ref(&a, sub, 1)))
			return rc;
		if (!a.any_field)
			return cli_fail(QIP_EINVAL, "action edit: say what to change (see: qip action --help)");
		if (!(db = cli_db(c)))
			return c->open_status;
		/* The action as this command found it is the edit's base: a
		 * change someone else makes before the write is named, not lost. */
		struct qip_action now = { 0 };
		char *base[QIP_AF_COUNT] = { 0 };
		if ((rc = qip_action_get(db, a.pos[0], &now)) == QIP_OK) {
			qip_action_texts(&now, base);
			for (int i = 0; i < QIP_AF_COUNT; i++)
				a.in.base[i] = base[i];
			rc = qip_action_edit(db, a.pos[0], &a.in);
		}
		qip_action_texts_free(base);
		qip_action_clear(&now);
		return rc ? cli_db_fail(c, rc) : CLI_OK;
	}
	if (!strcmp(sub, "assign")) {
		if ((rc = need_ref(&a, sub, 2)))
			return rc;
		if (!(db = cli_db(c)))
			return c->open_status;
		return (rc = qip_action_assign(db, a.pos[0], a.pos[1])) ? cli_db_fail(c, rc) : CLI_OK;
	}
	if (!strcmp(sub, "extend")) {
		if ((rc = need_ref(&a, sub, 2)))
			return rc;
		if (!(db = cli_db(c)))
			return c->open_status;
		return (rc = qip_action_extend(db, a.pos[0], a.pos[1], a.reason)) ? cli_db_fail(c, rc) : CLI_OK;
	}
	if (!strcmp(sub, "close") || !strcmp(sub, "reopen")) {
		if ((rc = need_ref(&a, sub, 1)))
			return rc;
		if (!(db = cli_db(c)))
			return c->open_status;
		rc = !strcmp(sub, "close") ? qip_action_close(db, a.pos[0], a.reason)
					   : qip_action_reopen(db, a.pos[0], a.reason);
		return rc ? cli_db_fail(c, rc) : CLI_OK;
	}
	if (!strcmp(sub, "review")) {
		if ((rc = need_ref(&a, sub, 1)))
			return rc;
		if (!a.decision)
			return cli_fail(QIP_EINVAL, "action review: --decision is required (keep-open, reframe, close or reopen)");
		if (!(db = cli_db(c)))
			return c->open_status;
		return (rc = qip_action_review(db, a.pos[0], a.decision, a.reason)) ? cli_db_fail(c, rc) : CLI_OK;
	}
	return cli_fail(QIP_EINVAL, "action: unknown subcommand '%s' (see: qip action --help)", sub);
}
