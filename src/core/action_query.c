/* Improvement actions, reading: a row into struct qip_action, the list
 * filters as SQL (equal to the rules), lists, counts and totals. Reads
 * come a window at a time, never the whole table. */
#include "qip/action.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "action_internal.h"
#include "qip/text.h"
#include "qip/vocab.h"

void qip_action_clear(struct qip_action *a)
{
	char **strs[] = { &a->service, &a->title, &a->baseline, &a->outcome, &a->unit,
			  &a->owner, &a->supporters, &a->evidence_required, &a->area,
			  &a->statements, &a->source_ref, &a->created_by, &a->created_at,
			  &a->updated_by, &a->updated_at, &a->closure_reviewer, &a->closure_override,
			  &a->closure_one_source };
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		free(*strs[i]);
	memset(a, 0, sizeof *a);
}

void qip_action_facts(const struct qip_action *a, struct qip_action_facts *f)
{
	*f = (struct qip_action_facts){
		.status = a->status,
		.due = a->due,
		.next_review = a->next_review,
		.created = a->created_on,
		.has_owner = a->owner_id != 0,
		.owner_active = a->owner_active,
		.evidence_count = a->evidence_count,
		.outcome_count = a->outcome_count,
		.category_mask = a->category_mask,
		.last_evidence = a->last_evidence,
		.has_target = a->has_target,
		.target = a->target,
		.direction = a->direction,
		.has_latest_value = a->has_latest_value,
		.latest_value = a->latest_value,
		.extensions = a->extensions,
		.open_escalations = a->open_escalations,
		.cadence = a->cadence,
		.monitor_until = a->monitor_until,
		.closed = a->closed_on,
	};
}

/* ---- reading ----------------------------------------------------------- */


void action_read_row(struct qip_db *db, sqlite3_stmt *st, struct qip_action *a)
{
	int c = 0;
	a->id = sqlite3_column_int64(st, c++);
	snprintf(a->uuid, sizeof a->uuid, "%s", (const char *)sqlite3_column_text(st, c++));
	snprintf(a->ref, sizeof a->ref, "%s", (const char *)sqlite3_column_text(st, c++));
	a->service_id = sqlite3_column_int64(st, c++);
	a->service = qip_col_strdup(st, c++);
	a->title = qip_col_strdup(st, c++);
	a->baseline = qip_col_strdup(st, c++);
	a->outcome = qip_col_strdup(st, c++);
	a->has_target = sqlite3_column_type(st, c) != SQLITE_NULL;
	a->target = sqlite3_column_double(st, c++);
	a->unit = qip_col_strdup(st, c++);
	a->direction = qip_vocab_find(&qip_vocab_direction, (const char *)sqlite3_column_text(st, c++));
	a->target_date = qip_col_date(st, c++);
	a->owner_id = sqlite3_column_int64(st, c++);
	a->owner = qip_col_strdup(st, c++);
	a->owner_active = sqlite3_column_int(st, c++);
	a->supporters = qip_col_strdup(st, c++);
	a->due = qip_col_date(st, c++);
	a->cadence = qip_vocab_find(&qip_vocab_cadence, (const char *)sqlite3_column_text(st, c++));
	a->next_review = qip_col_date(st, c++);
	a->evidence_required = qip_col_strdup(st, c++);
	a->area = qip_col_strdup(st, c++);
	a->key_question = qip_vocab_find(&qip_vocab_key_question, (const char *)sqlite3_column_text(st, c++));
	a->statements = qip_col_strdup(st, c++);
	a->likelihood = sqlite3_column_int(st, c++);
	a->impact = sqlite3_column_int(st, c++);
	a->source = qip_vocab_find(&qip_vocab_source, (const char *)sqlite3_column_text(st, c++));
	a->source_ref = qip_col_strdup(st, c++);
	a->status = qip_vocab_find(&qip_vocab_status, (const char *)sqlite3_column_text(st, c++));
	a->closed_on = qip_col_date(st, c++);
	a->extensions = sqlite3_column_int(st, c++);
	a->created_on = qip_col_date(st, c++);
	a->created_by = qip_col_strdup(st, c++);
	a->created_at = qip_col_strdup(st, c++);
	a->updated_by = qip_col_strdup(st, c++);
	a->updated_at = qip_col_strdup(st, c++);
	a->evidence_count = sqlite3_column_int(st, c++);
	a->outcome_count = sqlite3_column_int(st, c++);
	a->category_mask = (unsigned)sqlite3_column_int(st, c++);
	a->last_evidence = qip_col_date(st, c++);
	a->has_latest_value = sqlite3_column_type(st, c) != SQLITE_NULL;
	a->latest_value = sqlite3_column_double(st, c++);
	a->open_escalations = sqlite3_column_int(st, c++);
	if (!qip_sustain_parse((const char *)sqlite3_column_text(st, c++), &a->sustain))
		a->sustain = (struct qip_sustain){ QIP_SUSTAIN_NONE, 0 };
	a->closure_reviewer = qip_col_strdup(st, c++);
	a->closure_override = sqlite3_column_type(st, c) == SQLITE_NULL ? NULL : qip_col_strdup(st, c);
	c++;
	a->closure_one_source = sqlite3_column_type(st, c) == SQLITE_NULL ? NULL : qip_col_strdup(st, c);
	c++;
	a->monitor_until = qip_col_date(st, c++);
	a->sustained = sqlite3_column_int(st, c++);
	struct qip_action_facts facts;
	qip_action_facts(a, &facts);
	a->flags = qip_rules_flags(&facts, qip_db_today(db));
}

int qip_action_resolve(struct qip_db *db, const char *ref, int64_t *id_out)
{
	/* "QIP-0042", "qip-42" and "42" all name action 42. */
	const char *digits = ref ? ref : "";
	if (!strncasecmp(digits, "QIP-", 4))
		digits += 4;
	char *end;
	long long seq = strtoll(digits, &end, 10);
	if (*digits && !*end && seq > 0) {
		sqlite3_stmt *st = qip_db_stmt(db, "SELECT id FROM action WHERE seq = ?1");
		if (!st)
			return QIP_EDB;
		sqlite3_bind_int64(st, 1, seq);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*id_out = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (rc == SQLITE_ROW)
			return QIP_OK;
	}
	char *shown = qip_text_escape(ref ? ref : "");
	int rc = qip_db_fail(db, QIP_ENOTFOUND, "unknown action '%s' (refs look like QIP-0042; see: qip action list)", shown);
	free(shown);
	return rc;
}

static int get_id(struct qip_db *db, const char *sql, int64_t id, struct qip_action *out)
{
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		action_read_row(db, st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return QIP_OK;
	return rc == SQLITE_DONE ? qip_db_fail(db, QIP_ENOTFOUND, "no action with id %lld", (long long)id)
				 : qip_db_sqlite_fail(db, rc);
}

int qip_action_get_id(struct qip_db *db, int64_t id, struct qip_action *out)
{
	return get_id(db, "SELECT " ACTION_COLUMNS ACTION_FROM " WHERE a.id = ?1", id, out);
}

int action_get_brief_id(struct qip_db *db, int64_t id, struct qip_action *out)
{
	return get_id(db, "SELECT " ACTION_BRIEF_COLUMNS ACTION_FROM " WHERE a.id = ?1", id, out);
}

int qip_action_get(struct qip_db *db, const char *ref, struct qip_action *out)
{
	int64_t id;
	int rc = qip_action_resolve(db, ref, &id);
	return rc ? rc : qip_action_get_id(db, id, out);
}

/* ---- filters: SQL equal to qip_rules_flags() (tests/unit/test_action.c,
 * sql_filters_agree_with_rules, compares the actions each one selects).
 * The thresholds are the rules' own constants, bound as ?15 to ?20
 * (bind_thresholds), never written into the text, so a changed threshold
 * changes the rules and the SQL alike (test_action_thresholds builds the
 * agreement test with other values). */

static const char *const flag_sql[QIP_FLAG_COUNT] = {
	/* A missing due date is never overdue nor due soon; written on the
	 * key of the action_open_due index, the date tests are a range of it
	 * that stops at today rather than a test of every open action. */
	/* A closure in monitoring met its due date by closing. */
	/* overdue */ "coalesce(a.due_on, '9999-12-31') < ?1 AND a.status <> 'monitoring'",
	/* The owner tested without a join, so counts read the action table
	 * (its action_open_counts index) alone. */
	/* unowned */ "(a.owner_id IS NULL OR a.owner_id IN (SELECT id FROM person WHERE active = 0))",
	/* due-soon */ "coalesce(a.due_on, '9999-12-31') >= ?1"
		" AND coalesce(a.due_on, '9999-12-31') <= date(?1, '+' || ?15 || ' days') AND a.status <> 'monitoring'",
	/* review-overdue */ "a.next_review_on < ?1",
	/* Judged against the review cadence (qip_rules_stale_days). */
	/* stale */ "coalesce(a.ev_last_on, a.created_on) < date(?1, '-' || CASE a.review_cadence"
		" WHEN 'daily' THEN ?18 WHEN 'weekly' THEN ?18 WHEN 'fortnightly' THEN ?19"
		" WHEN 'quarterly' THEN ?20 ELSE ?16 END || ' days')",
	/* no-outcome */ "a.ev_outcomes = 0",
	/* single-category */ "a.ev_count > 0 AND (a.ev_categories & (a.ev_categories - 1)) = 0",
	/* target-not-met */ "a.target_value IS NOT NULL AND a.ev_latest_value IS NOT NULL AND"
		" CASE a.target_direction WHEN 'at-most' THEN a.ev_latest_value > a.target_value"
		" ELSE a.ev_latest_value < a.target_value END",
	/* extended */ "a.extensions >= ?17",
};

static void bind_thresholds(sqlite3_stmt *st)
{
	sqlite3_bind_int(st, 15, QIP_DUE_SOON_DAYS);
	sqlite3_bind_int(st, 16, QIP_STALE_DAYS);
	sqlite3_bind_int(st, 17, QIP_EXTENDED_TIMES);
	sqlite3_bind_int(st, 18, QIP_STALE_DAYS_SHORT);
	sqlite3_bind_int(st, 19, QIP_STALE_DAYS_FORTNIGHTLY);
	sqlite3_bind_int(st, 20, QIP_STALE_DAYS_QUARTERLY);
}

void qip_action_filter_init(struct qip_action_filter *f)
{
	memset(f, 0, sizeof *f);
	f->status = -2;
	f->key_question = -1;
	f->sort = QIP_SORT_DUE;
}

/* Turns words into an FTS5 query: each word quoted (so "door-open" or
 * "note:x" are words, not syntax) and matched as a prefix. */
char *action_fts_query(const char *words)
{
	size_t n = strlen(words);
	char *q = qip_xmalloc(n * 2 + 8 * (n + 1) + 1);
	size_t o = 0;
	const char *p = words;
	while (*p) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (o)
			q[o++] = ' ';
		q[o++] = '"';
		while (*p && !isspace((unsigned char)*p)) {
			if (*p == '"')
				q[o++] = '"';
			q[o++] = *p++;
		}
		q[o++] = '"';
		q[o++] = '*';
	}
	q[o] = '\0';
	return q;
}

/* A search of nothing but spaces is no search, in every front end: it
 * would otherwise reach FTS5 as an empty query, which is a syntax error. */
static bool searching(const struct qip_action_filter *f)
{
	for (const char *p = f->search; p && *p; p++)
		if (!isspace((unsigned char)*p))
			return true;
	return false;
}

int qip_action_filter_statement(struct qip_db *db, const char *text, char **id)
{
	*id = NULL;
	char *slug = qip_text_slug(text ? text : "");
	/* As when tagging an action: checked against the loaded frameworks,
	 * when any is loaded. */
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT (SELECT count(*) FROM framework_item WHERE kind = 'statement') = 0"
		" OR EXISTS (SELECT 1 FROM framework_item WHERE kind = 'statement' AND item = ?1)");
	if (!st) {
		free(slug);
		return QIP_EDB;
	}
	qip_bind_text(st, 1, slug);
	int rc = sqlite3_step(st);
	bool known = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		free(slug);
		return qip_db_sqlite_fail(db, rc);
	}
	if (known && *slug) {
		*id = slug;
		return QIP_OK;
	}
	free(slug);
	char *shown = qip_text_escape(text ? text : "");
	rc = qip_db_fail(db, QIP_EINVAL, "--statement: '%s' is not a quality statement (see: qip framework list)", shown);
	free(shown);
	return rc;
}

/* Builds the WHERE clause from fixed fragments only; values are bound:
 * ?1 today, ?2 owner, ?3 service, ?4 status, ?5 area, ?6 search,
 * ?13 key question, ?14 statement, ?15 to ?20 the rules' thresholds
 * (?7 to ?12 belong to the callers). */
void action_build_where(const struct qip_action_filter *f, char *sql, size_t n)
{
	size_t o = strlen(sql);
#define ADD(s) do { int w_ = snprintf(sql + o, n - o, " AND %s", (s)); if (w_ > 0) o += (size_t)w_; } while (0)
	snprintf(sql + o, n - o, " WHERE 1");
	o = strlen(sql);
	if (f->status == -2)
		ADD("a.status <> 'closed'");
	else if (f->status >= 0)
		ADD("a.status = ?4");
	if (f->flags) {
		ADD("a.status <> 'closed'");
		for (int i = 0; i < QIP_FLAG_COUNT; i++)
			if (f->flags & (1u << i)) {
				int w = snprintf(sql + o, n - o, " AND (%s)", flag_sql[i]);
				if (w > 0)
					o += (size_t)w;
			}
	}
	if (f->any_flags) {
		/* The flags' own SQL, joined by OR: the same rules as one flag. */
		ADD("a.status <> 'closed'");
		const char *sep = " AND (";
		for (int i = 0; i < QIP_FLAG_COUNT; i++)
			if (f->any_flags & (1u << i)) {
				int w = snprintf(sql + o, n - o, "%s(%s)", sep, flag_sql[i]);
				if (w > 0)
					o += (size_t)w;
				sep = " OR ";
			}
		int w = snprintf(sql + o, n - o, ")");
		if (w > 0)
			o += (size_t)w;
	}
	if (f->key_question >= 0)
		ADD("a.key_question = ?13");
	if (f->statement && *f->statement)
		ADD("a.id IN (SELECT action_id FROM action_statement WHERE statement = ?14)");
	if (f->owner_id)
		ADD("a.owner_id = ?2");
	if (f->service_id)
		ADD("a.service_id = ?3");
	if (f->area && *f->area)
		ADD("a.area = ?5");
	if (searching(f))
		ADD("a.id IN (" FTS_MATCH_IDS("?6") ")");
#undef ADD
}

void action_bind_filter(struct qip_db *db, sqlite3_stmt *st, const struct qip_action_filter *f, char **fts)
{
	qip_bind_date(st, 1, qip_db_today(db));
	if (f->owner_id)
		sqlite3_bind_int64(st, 2, f->owner_id);
	if (f->service_id)
		sqlite3_bind_int64(st, 3, f->service_id);
	if (f->status >= 0)
		qip_bind_text(st, 4, qip_vocab_name(&qip_vocab_status, f->status));
	if (f->area && *f->area)
		qip_bind_text(st, 5, f->area);
	if (f->key_question >= 0)
		qip_bind_text(st, 13, qip_vocab_name(&qip_vocab_key_question, f->key_question));
	if (f->statement && *f->statement)
		qip_bind_text(st, 14, f->statement);
	if (f->flags || f->any_flags)
		bind_thresholds(st);
	if (searching(f)) {
		*fts = action_fts_query(f->search);
		qip_bind_text(st, 6, *fts);
	}
}

/* Each order is one key and a.seq, both walked the same way, so that a
 * window can start from a row's (key, seq) in either direction and a
 * position is a count of the rows before it (action_window.c). Each key is
 * a column or an expression of the action row alone, indexed over the open
 * actions (migrations 3 and 11):
 * - owner: a.owner_sort, the owner's name in lower case ('' for none, so
 *   unowned actions come first), kept by triggers; lower() folds ASCII as
 *   COLLATE NOCASE does, so it is the order by name the list always had.
 *   Actions of two owners with the same name interleave by ref.
 * - status: the status's place in the work, as text '0' to '4'.
 * - risk: highest likelihood x impact first (no score counts as 0), then by
 *   due date: the score as 25 - score in two digits, then the date.
 * - updated: most recently changed first (natural_desc). */
const char *action_sort_key(int sort, bool *natural_desc)
{
	static const char *const keys[] = {
		[QIP_SORT_DUE] = "coalesce(a.due_on, '9999-12-31')",
		[QIP_SORT_REF] = "''",
		[QIP_SORT_OWNER] = "a.owner_sort",
		[QIP_SORT_STATUS] = ACTION_STATUS_KEY,
		[QIP_SORT_RISK] = ACTION_RISK_KEY,
		[QIP_SORT_UPDATED] = "a.updated_at",
	};
	if (sort < 0 || sort > QIP_SORT_UPDATED)
		sort = QIP_SORT_DUE;
	*natural_desc = sort == QIP_SORT_UPDATED;
	return keys[sort];
}

void action_order_by(int sort, bool desc, char *sql, size_t n)
{
	bool natural_desc;
	const char *k = action_sort_key(sort, &natural_desc);
	bool down = desc != natural_desc;
	size_t o = strlen(sql);
	snprintf(sql + o, n - o, " ORDER BY %s%s, a.seq%s", k, down ? " DESC" : "", down ? " DESC" : "");
}

int qip_action_list(struct qip_db *db, const struct qip_action_filter *f, int limit, int offset,
		    int (*row)(void *, const struct qip_action *), void *ctx)
{
	char sql[6000];
	snprintf(sql, sizeof sql, "SELECT %s" ACTION_FROM, f->brief ? ACTION_BRIEF_COLUMNS : ACTION_COLUMNS);
	action_build_where(f, sql, sizeof sql);
	/* One statement, stepped as far as the caller wants: a list printed
	 * whole is one pass, never pages that re-walk the rows before them. */
	action_order_by(f->sort, f->descending, sql, sizeof sql);
	size_t o = strlen(sql);
	snprintf(sql + o, sizeof sql - o, " LIMIT ?7 OFFSET ?8");
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	if (!st)
		return QIP_EDB;
	char *fts = NULL;
	action_bind_filter(db, st, f, &fts);
	sqlite3_bind_int(st, 7, limit);
	sqlite3_bind_int(st, 8, offset);
	free(fts);   /* bound as a copy */
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct qip_action a = { 0 };
		action_read_row(db, st, &a);
		int stop = row(ctx, &a);
		qip_action_clear(&a);
		if (stop)
			break;
	}
	return qip_db_finish(db, st, rc);
}

/* Every action that is not closed, or those with one flag, nothing else
 * asked: a count the status line's totals already have. */
static bool whole_open_list(const struct qip_action_filter *f)
{
	return f->status == -2 && !f->any_flags && f->key_question < 0 &&
	       !(f->statement && *f->statement) && !f->owner_id && !f->service_id && !(f->area && *f->area) &&
	       !searching(f);
}

int qip_action_count(struct qip_db *db, const struct qip_action_filter *f, int64_t *count)
{
	/* The main list's count on every redraw after a change: counting the
	 * 188,000 open actions of 1,000,000 cost 25 M instructions, the
	 * 79,600 overdue ones 74 M. */
	if (whole_open_list(f)) {
		struct qip_action_totals t;
		const int64_t *n = f->flags == 0 ? &t.open : f->flags == QIP_FLAG_OVERDUE ? &t.overdue
			: f->flags == QIP_FLAG_UNOWNED ? &t.unowned : f->flags == QIP_FLAG_DUE_SOON ? &t.due_soon
			: f->flags == QIP_FLAG_REVIEW_OVERDUE ? &t.review_overdue
			: f->flags == QIP_FLAG_STALE ? &t.stale : NULL;
		int rc = n ? qip_action_totals(db, &t) : QIP_OK;
		if (n) {
			*count = rc ? 0 : *n;
			return rc;
		}
	}
	/* No join: no filter reads the service or owner rows, and SQLite
	 * 3.40 scans an unused LEFT JOIN all the same (122 ms -> 18 ms). */
	char sql[4000] = "SELECT count(*) FROM action a";
	action_build_where(f, sql, sizeof sql);
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	if (!st)
		return QIP_EDB;
	char *fts = NULL;
	action_bind_filter(db, st, f, &fts);
	free(fts);   /* bound as a copy */
	return qip_db_scalar(db, st, count);
}

/* The status line's totals, from action_tally (migration 8): each is a sum
 * over the tally's values on the far side of the rule's threshold, so it
 * costs the distinct dates counted, not the actions. The thresholds are
 * the rules' own (bind_thresholds; stale's from qip_rules_stale_days) and
 * the tests are flag_sql's on the tallied value: tests/unit/test_action.c,
 * totals_agree_with_rules_on_boundary_days, compares them with the rules. */
int qip_action_totals(struct qip_db *db, struct qip_action_totals *t)
{
	/* value has no affinity (ANY): the + keeps the ids' integer affinity
	 * off it, so each leaver is one seek of the tally, not a scan. */
#define TALLY(kind, test) "(SELECT coalesce(sum(n), 0) FROM action_tally WHERE kind = '" kind "' AND " test ")"
	char sql[4000];
	int o = snprintf(sql, sizeof sql, "SELECT "
		TALLY("open", "value = ''") ", "
		TALLY("due", "value < ?1") ", "
		TALLY("owner", "value = ''") " + " TALLY("owner", "value IN (SELECT +id FROM person WHERE active = 0)") ", "
		TALLY("due", "value >= ?1 AND value <= date(?1, '+' || ?15 || ' days')") ", "
		TALLY("review", "value < ?1") ", 0");
#undef TALLY
	/* ?30 + 2c is cadence c's tally, ?31 + 2c its days without evidence. */
	for (int c = 0; c < qip_vocab_cadence.count && o > 0 && (size_t)o < sizeof sql; c++)
		o += snprintf(sql + o, sizeof sql - o,
			" + (SELECT coalesce(sum(n), 0) FROM action_tally WHERE kind = ?%d"
			" AND value < date(?1, '-' || ?%d || ' days'))", 30 + 2 * c, 31 + 2 * c);
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	if (!st)
		return QIP_EDB;
	qip_bind_date(st, 1, qip_db_today(db));
	bind_thresholds(st);
	for (int c = 0; c < qip_vocab_cadence.count; c++) {
		char kind[64];
		snprintf(kind, sizeof kind, "stale-%s", qip_vocab_name(&qip_vocab_cadence, c));
		qip_bind_text(st, 30 + 2 * c, kind);
		sqlite3_bind_int(st, 31 + 2 * c, qip_rules_stale_days(c));
	}
	int rc = sqlite3_step(st);
	memset(t, 0, sizeof *t);
	if (rc == SQLITE_ROW) {
		t->open = sqlite3_column_int64(st, 0);
		t->overdue = sqlite3_column_int64(st, 1);
		t->unowned = sqlite3_column_int64(st, 2);
		t->due_soon = sqlite3_column_int64(st, 3);
		t->review_overdue = sqlite3_column_int64(st, 4);
		t->stale = sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? QIP_OK : qip_db_sqlite_fail(db, rc);
}

int qip_action_ref_width(struct qip_db *db, int *width)
{
	/* Refs are printf('QIP-%04d', seq); the highest seq is the widest. */
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT length(printf('QIP-%04d', coalesce(max(seq), 0))) FROM action");
	if (!st)
		return QIP_EDB;
	int64_t n = 8;
	int rc = qip_db_scalar(db, st, &n);
	*width = (int)n;
	return rc;
}

int qip_action_areas(struct qip_db *db, int limit,
		     int (*row)(void *, const char *, int64_t), void *ctx)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT area, count(*) FROM action WHERE area <> ''"
					   " GROUP BY area ORDER BY count(*) DESC, area LIMIT ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int(st, 1, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (row(ctx, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1)))
			break;
	return qip_db_finish(db, st, rc);
}
