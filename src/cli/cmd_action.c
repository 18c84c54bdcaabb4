/* qip action add|list|show|edit|assign|extend|close|reopen|review|history */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "qip/action.h"
#include "qip/history.h"
#include "qip/person.h"
#include "qip/service.h"
#include "qip/text.h"
#include "qip/vocab.h"

static const char notes[] =
	"DATES: YYYY-MM-DD, today, tomorrow, or from today: +7, +2w, +3m.\n"
	"REF: QIP-0042, or just 42.\n"
	"In tables, '!' marks an overdue row and '?' an unowned one.\n";

/* Option ids: an action field's id is its enum qip_action_field, so
 * add and edit pass the values straight to the core. */
enum {
	OPT_OVERDUE = QIP_AF_COUNT, OPT_UNOWNED, OPT_FLAG, OPT_ATTENTION, OPT_STATEMENT, OPT_SEARCH,
	OPT_SORT, OPT_DESC, OPT_LIMIT, OPT_OFFSET, OPT_REASON, OPT_DECISION, OPT_REVIEWER,
	OPT_ONE_SOURCE, OPT_OVERRIDE,
};
_Static_assert((int)OPT_OVERRIDE < (int)CLI_OPT_MAX, "action options fit cli_args");

/* FIELDS: add and edit. */
static const struct cli_opt
	o_title = { QIP_AF_TITLE, "title", "T", "what will be done (required when adding)" },
	o_service = { QIP_AF_SERVICE, "service", "S", "the service (location) it belongs to" },
	o_owner = { QIP_AF_OWNER, "owner", "NAME|LOGIN", "the one accountable owner (an active person); none to clear" },
	o_supporters = { QIP_AF_SUPPORTERS, "supporters", "A,B", "people who support but do not own it" },
	o_due = { QIP_AF_DUE, "due", "DATE", "due date" },
	o_baseline = { QIP_AF_BASELINE, "baseline", "T", "the specific problem found, measured where possible" },
	o_outcome = { QIP_AF_OUTCOME, "outcome", "T", "the intended outcome, measurable" },
	o_target = { QIP_AF_TARGET, "target", "N", "the measure's target value (95, or 95%)" },
	o_unit = { QIP_AF_UNIT, "unit", "U", "the measure's unit (%, incidents, days ...)" },
	o_direction = { QIP_AF_DIRECTION, "direction", "D", "at-least (default) or at-most (for counts that should fall)" },
	o_target_date = { QIP_AF_TARGET_DATE, "target-date", "DATE", "when the target should be met" },
	o_cadence = { QIP_AF_CADENCE, "cadence", "C", "review cadence: daily, weekly, fortnightly, monthly, quarterly" },
	o_next_review = { QIP_AF_NEXT_REVIEW, "next-review", "DATE", "next review (default: today plus the cadence)" },
	o_evidence = { QIP_AF_EVIDENCE_REQUIRED, "evidence", "T", "the evidence route: what will prove it, where it lives" },
	o_area = { QIP_AF_AREA, "area", "A", "quality area (medicines, safeguarding, nutrition ...)" },
	o_key_question = { QIP_AF_KEY_QUESTION, "key-question", "Q", "safe, effective, caring, responsive or well-led" },
	o_statements = { QIP_AF_STATEMENTS, "statements", "A,B", "CQC quality statement ids (see: qip framework list)" },
	o_risk = { QIP_AF_RISK, "risk", "LxI", "risk rating, likelihood x impact, each 1-5 (4x3)" },
	o_source = { QIP_AF_SOURCE, "source", "S", "audit, inspection, incident, complaint, provider-visit, meeting or other" },
	o_source_ref = { QIP_AF_SOURCE_REF, "source-ref", "T", "which audit, inspection or incident" },
	o_status = { QIP_AF_STATUS, "status", "S", "open or in-progress (monitoring: close; leaving it: reopen)" },
	o_sustain = { QIP_AF_SUSTAIN, "sustain", "S", "how long the outcome must stay at target before closing:"
		      " 6-readings (consecutive), or a period 90d, 12w, 3m; none" };
#define FIELDS &o_title, &o_service, &o_owner, &o_supporters, &o_due, &o_baseline, &o_outcome, &o_target, &o_unit, \
	&o_direction, &o_target_date, &o_cadence, &o_next_review, &o_evidence, &o_area, &o_key_question, &o_statements, \
	&o_risk, &o_source, &o_source_ref, &o_sustain

/* FILTERS: list. The owner, service, area, key question and status
 * filters share their field's id. */
static const struct cli_opt
	o_by_owner = { QIP_AF_OWNER, "owner", "NAME|LOGIN", "owned by this person" },
	o_by_service = { QIP_AF_SERVICE, "service", "S", "in this service" },
	o_by_area = { QIP_AF_AREA, "area", "A", "in this quality area" },
	o_by_key_question = { QIP_AF_KEY_QUESTION, "key-question", "Q", "safe, effective, caring, responsive or well-led" },
	o_by_status = { QIP_AF_STATUS, "status", "S|all", "in this status (default: every status but closed)" },
	o_overdue = { OPT_OVERDUE, "overdue", NULL, "past their due date" },
	o_unowned = { OPT_UNOWNED, "unowned", NULL, "without an active owner" },
	o_flag = { OPT_FLAG, "flag", "F", "overdue, unowned, due-soon, review-overdue, stale, no-outcome, single-category, target-not-met or extended", true },
	o_attention = { OPT_ATTENTION, "attention", NULL, "needs attention: overdue, unowned or review overdue" },
	o_statement = { OPT_STATEMENT, "statement", "S", "tagged with a CQC quality statement, by id or name" },
	o_search = { OPT_SEARCH, "search", "WORDS", "words in the title, baseline, outcome or notes" },
	o_sort = { OPT_SORT, "sort", "S", "due, ref, owner, status, risk or updated" },
	o_desc = { OPT_DESC, "desc", NULL, "sort the other way" },
	o_limit = { OPT_LIMIT, "limit", "N", "at most N rows" },
	o_offset = { OPT_OFFSET, "offset", "N", "skip the first N rows" },
	o_reason = { OPT_REASON, "reason", "T", "why (kept in the history)" },
	o_decision = { OPT_DECISION, "decision", "D", "keep-open, reframe, close or reopen" },
	o_reviewer = { OPT_REVIEWER, "reviewer", "NAME|LOGIN", "who confirms the closure (default: you): a registered"
		       " manager, quality lead or nominated individual, not the owner" },
	o_one_source = { OPT_ONE_SOURCE, "one-source-reason", "T", "the reviewer's reason why one category of"
			 " outcome evidence is enough" },
	o_override = { OPT_OVERRIDE, "override", "T", "close although the closure check fails: the written reason"
		       " (marked as an override in every later view)" };

/* The core's input for add and edit: the field options as given. */
static struct qip_action_input fields(const struct cli_args *a)
{
	struct qip_action_input in = { 0 };
	for (int i = 0; i < QIP_AF_COUNT; i++)
		in.field[i] = a->value[i];
	return in;
}

/* --owner and --supporters matched by the start of a name are said in full
 * first; on stderr, as stdout carries the new ref or the list. */
static void say_people(struct qip_db *db, const struct cli_args *a)
{
	int64_t id;
	const char *who = a->value[QIP_AF_OWNER];
	if (who && *who && strcmp(who, "none"))
		cli_person_arg(db, who, qip_person_find_active, &id, stderr);
	cli_say_people(db, a->value[QIP_AF_SUPPORTERS], stderr);
}

static int need_ref(const struct cli_args *a, const char *sub, int count)
{
	if (a->npos < count)
		return cli_fail(QIP_EINVAL, "%s: give the action's ref (for example QIP-0042)%s", sub,
				count > 1 ? " and the value" : "");
	if (a->npos > count)
		return cli_fail(QIP_EINVAL, "%s: unexpected argument '%s'", sub, a->pos[count]);
	return CLI_OK;
}

/* The opening of most action commands: the ref (and count - 1 more
 * arguments) checked, then the database opened. NULL with *rc the exit
 * code when either fails. */
static struct qip_db *ref_and_db(struct cli *c, const struct cli_args *a, int count, int *rc)
{
	if ((*rc = need_ref(a, a->name, count)))
		return NULL;
	struct qip_db *db = cli_db(c);
	if (!db)
		*rc = c->open_status;
	return db;
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

/* Monitoring after closure is applied when actions are read (one action,
 * or all when ref is NULL): a fall reopens, a window passed with no fall
 * closes as sustained. Read-only, nothing changes; a failure here leaves
 * the read to say what it says. */
static void settle_monitoring(struct cli *c, struct qip_db *db, const char *ref)
{
	int64_t id = 0;
	if (c->read_only || (ref && qip_action_resolve(db, ref, &id)))
		return;
	(void)qip_action_monitor(db, id, NULL);
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

/* The filter options that need no database, checked before it is opened. */
static int list_filter(const struct cli_args *a, struct qip_action_filter *f, int *limit, int *offset)
{
	qip_action_filter_init(f);
	for (int i = 0; i < a->nvalues[OPT_FLAG]; i++) {
		unsigned flag = qip_flag_parse(a->values[OPT_FLAG][i]);
		if (!flag) {
			char names[300] = "";
			for (int k = 0; k < QIP_FLAG_COUNT; k++)
				snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
					 k ? ", " : "", qip_flag_name(k));
			return cli_fail(QIP_EINVAL, "--flag '%s' is not a flag: use %s", a->values[OPT_FLAG][i], names);
		}
		f->flags |= flag;
	}
	if (a->value[OPT_OVERDUE])
		f->flags |= QIP_FLAG_OVERDUE;
	if (a->value[OPT_UNOWNED])
		f->flags |= QIP_FLAG_UNOWNED;
	if (a->value[OPT_ATTENTION])
		f->any_flags = QIP_FLAGS_ATTENTION;
	f->search = a->value[OPT_SEARCH];
	f->descending = a->value[OPT_DESC] != NULL;
	if (a->value[QIP_AF_KEY_QUESTION]) {
		const char *q = a->value[QIP_AF_KEY_QUESTION];
		f->key_question = qip_vocab_find(&qip_vocab_key_question, q);
		if (f->key_question < 0)
			return cli_fail(QIP_EINVAL, "--key-question '%s': use %s", q,
					qip_vocab_choices(&qip_vocab_key_question));
	}
	if (a->value[QIP_AF_STATUS]) {
		const char *st = a->value[QIP_AF_STATUS];
		f->status = !strcmp(st, "all") ? -1 : qip_vocab_find(&qip_vocab_status, st);
		if (f->status == -1 && strcmp(st, "all"))
			return cli_fail(QIP_EINVAL, "--status '%s': use %s, or all", st, qip_vocab_choices(&qip_vocab_status));
	}
	if (a->value[OPT_SORT]) {
		static const char *const sorts[] = { "due", "ref", "owner", "status", "risk", "updated" };
		f->sort = -1;
		for (int i = 0; i < 6; i++)
			if (!strcmp(a->value[OPT_SORT], sorts[i]))
				f->sort = i;
		if (f->sort < 0)
			return cli_fail(QIP_EINVAL, "--sort '%s': use due, ref, owner, status, risk or updated",
					a->value[OPT_SORT]);
	}
	const char *lim = a->value[OPT_LIMIT], *off = a->value[OPT_OFFSET];
	if ((lim && !parse_count(lim, limit)) || (off && !parse_count(off, offset)))
		return cli_fail(QIP_EINVAL, "--limit and --offset take a whole number from 0 to 100000000, not '%s'",
				lim && !parse_count(lim, limit) ? lim : off);
	if (a->npos)
		return cli_fail(QIP_EINVAL, "action list: unexpected argument '%s'", a->pos[0]);
	return CLI_OK;
}

static int list(struct cli *c, const struct cli_args *a)
{
	struct qip_action_filter f;
	int limit = -1, offset = 0;
	int rc = list_filter(a, &f, &limit, &offset);
	if (rc)
		return rc;
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	settle_monitoring(c, db, NULL);
	/* stderr: stdout is the list. */
	if (a->value[QIP_AF_OWNER] && cli_person_arg(db, a->value[QIP_AF_OWNER], qip_person_find, &f.owner_id, stderr))
		return cli_db_fail(c, QIP_ENOTFOUND);
	if (a->value[QIP_AF_SERVICE] && qip_service_find(db, a->value[QIP_AF_SERVICE], &f.service_id))
		return cli_db_fail(c, QIP_ENOTFOUND);
	char *statement = NULL;
	if (a->value[OPT_STATEMENT] && qip_action_filter_statement(db, a->value[OPT_STATEMENT], &statement))
		return cli_db_fail(c, QIP_EINVAL);
	f.statement = statement;
	char *area = a->value[QIP_AF_AREA] ? qip_text_slug(a->value[QIP_AF_AREA]) : NULL;
	f.area = area;
	/* The ref column as wide as the longest ref, so QIP-10000 and on
	 * print whole; the table streams, so it is sized before the rows. */
	int ref_width = 8;
	if ((rc = qip_action_ref_width(db, &ref_width))) {
		free(area);
		free(statement);
		return cli_db_fail(c, rc);
	}
	const struct cli_col table_cols[] = {
		{ "ref", ref_width, false }, { "flags", 7, false }, { "due", 10, false },
		{ "status", 11, false }, { "owner", 18, false }, { "title", 0, false } };
	static const struct cli_col data_cols[] = {
		{ "ref", 0, false }, { "title", 0, false }, { "owner", 0, false }, { "due", 0, false },
		{ "status", 0, false }, { "flags", 0, false }, { "service", 0, false }, { "area", 0, false },
		{ "risk", 0, true }, { "target", 0, true }, { "unit", 0, false }, { "latest", 0, true },
		{ "evidence", 0, true }, { "uuid", 0, false } };
	/* No column names a supporter, a statement or who changed it. */
	f.brief = true;
	struct list_ctx lc = { .fmt = a->fmt };
	lc.t = a->fmt == CLI_TABLE ? cli_table_begin(c, a->fmt, table_cols, 6)
				   : cli_table_begin(c, a->fmt, data_cols, 14);
	/* One statement stepped to the end: linear in the rows, memory flat
	 * (pages by LIMIT/OFFSET re-walked every row before each page). */
	rc = qip_action_list(db, &f, limit, offset, list_row, &lc);
	cli_table_end(lc.t);
	free(area);
	free(statement);
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

static int show(struct cli *c, const struct cli_args *a)
{
	int rc;
	struct qip_db *db = ref_and_db(c, a, 1, &rc);
	if (!db)
		return rc;
	settle_monitoring(c, db, a->pos[0]);
	struct qip_action x = { 0 };
	rc = qip_action_get(db, a->pos[0], &x);
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
	/* The check as it stands before anyone confirms: the reviewer's
	 * reasons are the close command's to give. */
	unsigned why;
	char *check = NULL;
	if ((rc = qip_action_closure_check(db, &x, NULL, QIP_CLOSE_REVIEWER_REASONS, &why, &check))) {
		qip_action_clear(&x);
		return cli_db_fail(c, rc);
	}
	for (char *p = check; (p = strchr(p, '\n')); p++)
		*p = ';';
	if (x.status == QIP_STATUS_CLOSED || x.status == QIP_STATUS_MONITORING)
		snprintf(closure, sizeof closure, "%s", x.sustained ? "closed and sustained" : "closed");
	else
		snprintf(closure, sizeof closure, "%s", why ? check : "may close, confirmed by a reviewer who is not the owner");
	free(check);
	char sustain[32], until[QIP_DATE_LEN];
	qip_sustain_format(&x.sustain, sustain, sizeof sustain);
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
		sustain, x.closure_reviewer, x.closure_override ? "yes" : "no",
		x.closure_override ? x.closure_override : "", x.closure_one_source ? x.closure_one_source : "",
		qip_date_format(x.status == QIP_STATUS_MONITORING ? x.monitor_until : QIP_NO_DATE, until),
		x.sustained ? "yes" : "no",
	};
	static const struct cli_col cols[] = {
		{ "ref" }, { "title" }, { "service" }, { "status" }, { "flags" }, { "owner" },
		{ "supporters" }, { "due" }, { "baseline" }, { "outcome" }, { "target", 0, true },
		{ "unit" }, { "direction" }, { "target-date" }, { "latest", 0, true }, { "cadence" },
		{ "next-review" }, { "evidence-required" }, { "area" }, { "key-question" },
		{ "statements" }, { "risk" }, { "source" }, { "source-ref" }, { "extensions", 0, true },
		{ "evidence" }, { "categories" }, { "last-evidence" }, { "closure-check" }, { "closed" },
		{ "created" }, { "created-by" }, { "updated-by" }, { "updated-at" }, { "uuid" },
		{ "sustain" }, { "reviewer" }, { "override" }, { "override-reason" }, { "one-source-reason" },
		{ "monitoring-until" }, { "sustained" },
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

static int history(struct cli *c, const struct cli_args *a)
{
	int rc;
	struct qip_db *db = ref_and_db(c, a, 1, &rc);
	if (!db)
		return rc;
	int64_t id;
	rc = qip_action_resolve(db, a->pos[0], &id);
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

static int add(struct cli *c, const struct cli_args *a)
{
	if (a->npos)
		return cli_fail(QIP_EINVAL, "action add: unexpected argument '%s' (use --title)", a->pos[0]);
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	say_people(db, a);
	struct qip_action_input in = fields(a);
	char ref[QIP_REF_LEN];
	int rc = qip_action_add(db, &in, ref);
	if (rc)
		return cli_db_fail(c, rc);
	printf("%s\n", ref);
	struct qip_action_draft draft;
	if (qip_action_is_draft(&in, &draft))
		fprintf(stderr, "qip: note: %s (%s is saved as a draft)\n", draft.message, ref);
	return CLI_OK;
}

static int edit(struct cli *c, const struct cli_args *a)
{
	int rc = need_ref(a, a->name, 1);
	if (rc)
		return rc;
	struct qip_action_input in = fields(a);
	bool any = false;
	for (int i = 0; i < QIP_AF_COUNT; i++)
		any |= in.field[i] != NULL;
	if (!any)
		return cli_fail(QIP_EINVAL, "action edit: say what to change (see: qip action edit --help)");
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	say_people(db, a);
	/* The action as this command found it is the edit's base: a change
	 * someone else makes before the write is named, not lost. */
	struct qip_action now = { 0 };
	char *base[QIP_AF_COUNT] = { 0 };
	if ((rc = qip_action_get(db, a->pos[0], &now)) == QIP_OK) {
		qip_action_texts(&now, base);
		for (int i = 0; i < QIP_AF_COUNT; i++)
			in.base[i] = base[i];
		rc = qip_action_edit(db, a->pos[0], &in);
	}
	qip_action_texts_free(base);
	qip_action_clear(&now);
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

static int assign(struct cli *c, const struct cli_args *a)
{
	int rc;
	struct qip_db *db = ref_and_db(c, a, 2, &rc);
	if (!db)
		return rc;
	int64_t id;
	cli_person_arg(db, a->pos[1], qip_person_find_active, &id, stderr);
	return (rc = qip_action_assign(db, a->pos[0], a->pos[1])) ? cli_db_fail(c, rc) : CLI_OK;
}

static int extend(struct cli *c, const struct cli_args *a)
{
	int rc;
	struct qip_db *db = ref_and_db(c, a, 2, &rc);
	if (!db)
		return rc;
	return (rc = qip_action_extend(db, a->pos[0], a->pos[1], a->value[OPT_REASON])) ? cli_db_fail(c, rc) : CLI_OK;
}

static int close_or_reopen(struct cli *c, const struct cli_args *a)
{
	int rc;
	struct qip_db *db = ref_and_db(c, a, 1, &rc);
	if (!db)
		return rc;
	struct qip_closure_request req = { .reason = a->value[OPT_REASON], .reviewer = a->value[OPT_REVIEWER],
					   .one_source_reason = a->value[OPT_ONE_SOURCE],
					   .override = a->value[OPT_OVERRIDE] };
	int64_t id;
	if (req.reviewer)
		cli_person_arg(db, req.reviewer, qip_person_find_active, &id, stderr);
	rc = !strcmp(a->name, "action close") ? qip_action_close(db, a->pos[0], &req)
					      : qip_action_reopen(db, a->pos[0], a->value[OPT_REASON]);
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

static int review(struct cli *c, const struct cli_args *a)
{
	int rc = need_ref(a, a->name, 1);
	if (rc)
		return rc;
	if (!a->value[OPT_DECISION])
		return cli_fail(QIP_EINVAL, "action review: --decision is required (keep-open, reframe, close or reopen)");
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	rc = qip_action_review(db, a->pos[0], a->value[OPT_DECISION], a->value[OPT_REASON]);
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

#define OPTS(...) (const struct cli_opt *const[]){ __VA_ARGS__, NULL }
const struct cli_group cli_group_action = {
	"action", "add, list, show, edit, assign, extend, review, close, reopen actions", notes,
	(const struct cli_command[]){
		{ "add", NULL, "add an action (prints its ref)", OPTS(FIELDS), .writes = true, .run = add },
		{ "list", NULL, "list actions: open ones by due date, or as the filters say",
		  OPTS(&o_overdue, &o_unowned, &o_flag, &o_attention, &o_by_owner, &o_by_service, &o_by_area, &o_search,
		       &o_by_key_question, &o_statement, &o_by_status, &o_sort, &o_desc, &o_limit, &o_offset),
		  .format = true, .run = list },
		{ "show", "REF", "every field of one action, with the closure check", NULL, .format = true, .run = show },
		{ "edit", "REF", "change an action's fields", OPTS(FIELDS, &o_status), .writes = true, .run = edit },
		{ "assign", "REF NAME|LOGIN", "give an action its owner", NULL, .writes = true, .run = assign },
		{ "extend", "REF DATE", "move the due date (the reason is required)", OPTS(&o_reason),
		  .writes = true, .run = extend },
		{ "close", "REF", "close an action whose outcome is met and sustained, confirmed by a reviewer"
		  " (the reason is required); it enters monitoring", OPTS(&o_reason, &o_reviewer, &o_one_source, &o_override),
		  .writes = true, .run = close_or_reopen },
		{ "reopen", "REF", "reopen a closed action (the reason is required)", OPTS(&o_reason),
		  .writes = true, .run = close_or_reopen },
		{ "review", "REF", "record a review decision", OPTS(&o_decision, &o_reason), .writes = true, .run = review },
		{ "history", "REF", "every change to an action and its evidence", NULL, .format = true, .run = history },
		{ 0 } },
};
