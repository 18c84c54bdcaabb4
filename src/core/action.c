/* Improvement actions: validation, storage, listing by window. */
#include "qip/action.h"

#include <ctype.h>
#include <errno.h>
#include <strings.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qip/person.h"
#include "qip/service.h"
#include "qip/text.h"
#include "qip/vocab.h"

static const char *const field_names[QIP_AF_COUNT] = {
	"title", "service", "owner", "due", "baseline", "outcome", "target", "unit",
	"direction", "target-date", "cadence", "next-review", "evidence", "area",
	"key-question", "statements", "risk", "source", "source-ref", "supporters",
	"status",
};

const char *qip_action_field_name(int field)
{
	return field >= 0 && field < QIP_AF_COUNT ? field_names[field] : "?";
}

void qip_action_clear(struct qip_action *a)
{
	char **strs[] = { &a->service, &a->title, &a->baseline, &a->outcome, &a->unit,
			  &a->owner, &a->supporters, &a->evidence_required, &a->area,
			  &a->statements, &a->source_ref, &a->created_by, &a->created_at,
			  &a->updated_by, &a->updated_at };
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
	};
}

/* ---- parsing what was typed ------------------------------------------ */

/* One action's fields as they will be stored. */
struct fields {
	char *title, *baseline, *outcome, *unit, *evidence_required, *area, *source_ref;
	bool has_target;
	double target;
	int direction, cadence, key_question, likelihood, impact, source, status;
	int64_t service_id, owner_id;
	qip_date due, target_date, next_review;
	int64_t *supporters;        /* 0-terminated, NULL: unchanged */
	char **statements;          /* NULL-terminated, NULL: unchanged */
};

static void fields_clear(struct fields *f)
{
	free(f->title); free(f->baseline); free(f->outcome); free(f->unit);
	free(f->evidence_required); free(f->area); free(f->source_ref);
	free(f->supporters);
	if (f->statements)
		for (char **s = f->statements; *s; s++)
			free(*s);
	free(f->statements);
	memset(f, 0, sizeof *f);
}

static char *trimmed(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *t = qip_strdup(s);
	size_t n = strlen(t);
	while (n > 0 && isspace((unsigned char)t[n - 1]))
		t[--n] = '\0';
	return t;
}

static int bad(char *msg, size_t msgsz, const char *fmt, const char *value, const char *extra)
{
	char *shown = qip_text_escape(value);
	if (strlen(shown) > 60)
		strcpy(shown + 57, "...");
	snprintf(msg, msgsz, fmt, shown, extra ? extra : "");
	free(shown);
	return QIP_EINVAL;
}

static int parse_text(const char *text, size_t max, bool multiline, bool required,
		      const char *what, char **out, char *msg, size_t msgsz)
{
	char *t = trimmed(text);
	if (required && !*t) {
		free(t);
		snprintf(msg, msgsz, "%s must not be empty", what);
		return QIP_EINVAL;
	}
	if (qip_text_length(t) > max) {
		free(t);
		snprintf(msg, msgsz, "%s is too long (at most %zu characters)", what, max);
		return QIP_EINVAL;
	}
	if (!qip_text_is_clean(t, multiline)) {
		free(t);
		snprintf(msg, msgsz, "%s contains control characters or invalid UTF-8", what);
		return QIP_EINVAL;
	}
	*out = t;
	return QIP_OK;
}

static int parse_vocab(const struct qip_vocab *v, const char *text, int *out, char *msg, size_t msgsz)
{
	int i = qip_vocab_find(v, text);
	if (i >= 0) {
		*out = i;
		return QIP_OK;
	}
	const char *near = qip_vocab_suggest(v, text);
	char extra[200];
	if (near)
		snprintf(extra, sizeof extra, " (did you mean %s?)", near);
	else
		snprintf(extra, sizeof extra, ": use %s", qip_vocab_choices(v));
	char fmt[80];
	snprintf(fmt, sizeof fmt, "unknown %s '%%s'%%s", v->what);
	return bad(msg, msgsz, fmt, text, extra);
}

static int parse_date_field(struct qip_db *db, const char *what, const char *text,
			    qip_date *out, char *msg, size_t msgsz)
{
	if (!*text) {
		*out = QIP_NO_DATE;
		return QIP_OK;
	}
	if (qip_date_parse(text, qip_db_today(db), out))
		return QIP_OK;
	char fmt[120];
	snprintf(fmt, sizeof fmt, "%s '%%s' is not a date: use YYYY-MM-DD (a real day), today, or +7, +2w, +3m%%s", what);
	return bad(msg, msgsz, fmt, text, NULL);
}

static int parse_field(struct qip_db *db, int field, const char *text, struct fields *f,
		       char *msg, size_t msgsz)
{
	int rc = QIP_OK;
	msg[0] = '\0';
	switch (field) {
	case QIP_AF_TITLE:
		return parse_text(text, 300, false, true, "title", &f->title, msg, msgsz);
	case QIP_AF_BASELINE:
		return parse_text(text, 2000, true, false, "baseline", &f->baseline, msg, msgsz);
	case QIP_AF_OUTCOME:
		return parse_text(text, 2000, true, false, "outcome", &f->outcome, msg, msgsz);
	case QIP_AF_EVIDENCE_REQUIRED:
		return parse_text(text, 2000, true, false, "evidence", &f->evidence_required, msg, msgsz);
	case QIP_AF_SOURCE_REF:
		return parse_text(text, 200, false, false, "source-ref", &f->source_ref, msg, msgsz);
	case QIP_AF_UNIT:
		free(f->unit);   /* a target typed as "95%" may have set it already */
		f->unit = NULL;
		return parse_text(text, 20, false, false, "unit", &f->unit, msg, msgsz);
	case QIP_AF_AREA: {
		char *t;
		if ((rc = parse_text(text, 60, false, false, "area", &t, msg, msgsz)))
			return rc;
		f->area = qip_text_slug(t);
		free(t);
		return QIP_OK;
	}
	case QIP_AF_SERVICE:
		f->service_id = 0;
		if (!*text || !strcmp(text, "none"))
			return QIP_OK;
		if ((rc = qip_service_find(db, text, &f->service_id)))
			snprintf(msg, msgsz, "%s", qip_db_error(db));
		return rc ? QIP_EINVAL : QIP_OK;
	case QIP_AF_OWNER:
		f->owner_id = 0;
		if (!*text || !strcmp(text, "none"))
			return QIP_OK;
		if ((rc = qip_person_find_active(db, text, &f->owner_id)))
			snprintf(msg, msgsz, "%s", qip_db_error(db));
		return rc ? QIP_EINVAL : QIP_OK;
	case QIP_AF_DUE:
		return parse_date_field(db, "due date", text, &f->due, msg, msgsz);
	case QIP_AF_TARGET_DATE:
		return parse_date_field(db, "target date", text, &f->target_date, msg, msgsz);
	case QIP_AF_NEXT_REVIEW:
		return parse_date_field(db, "next review date", text, &f->next_review, msg, msgsz);
	case QIP_AF_TARGET: {
		f->has_target = false;
		if (!*text)
			return QIP_OK;
		const char *rest;
		const char *why = qip_number_parse(text, &f->target, &rest);
		while (!why && *rest == ' ')
			rest++;
		if (!why && *rest && strcmp(rest, "%"))
			why = "is not a number";
		if (why)
			return bad(msg, msgsz, "target '%s' %s (for example 95 or 95%%)", text, why);
		if (*rest == '%' && !f->unit)
			f->unit = qip_strdup("%");   /* --unit, parsed later, may override */
		f->has_target = true;
		return QIP_OK;
	}
	case QIP_AF_DIRECTION:
		return parse_vocab(&qip_vocab_direction, text, &f->direction, msg, msgsz);
	case QIP_AF_CADENCE:
		return parse_vocab(&qip_vocab_cadence, text, &f->cadence, msg, msgsz);
	case QIP_AF_SOURCE:
		return parse_vocab(&qip_vocab_source, text, &f->source, msg, msgsz);
	case QIP_AF_KEY_QUESTION:
		f->key_question = -1;
		if (!*text)
			return QIP_OK;
		return parse_vocab(&qip_vocab_key_question, text, &f->key_question, msg, msgsz);
	case QIP_AF_STATUS:
		if ((rc = parse_vocab(&qip_vocab_status, text, &f->status, msg, msgsz)))
			return rc;
		if (f->status == QIP_STATUS_CLOSED)
			return bad(msg, msgsz, "status '%s' is set by closing: use close, which runs the closure check%s", text, NULL);
		if (f->status == QIP_STATUS_REOPENED)
			return bad(msg, msgsz, "status '%s' is set by reopening a closed action, with a reason: use reopen%s", text, NULL);
		return QIP_OK;
	case QIP_AF_RISK: {
		f->likelihood = f->impact = 0;
		if (!*text)
			return QIP_OK;
		int l, i;
		char x, end;
		if (sscanf(text, "%d %c %d %c", &l, &x, &i, &end) != 3 ||
		    (x != 'x' && x != 'X' && x != '*') || l < 1 || l > 5 || i < 1 || i > 5)
			return bad(msg, msgsz, "risk '%s' must be likelihood x impact, each 1 to 5 (for example 4x3)%s", text, NULL);
		f->likelihood = l;
		f->impact = i;
		return QIP_OK;
	}
	case QIP_AF_SUPPORTERS: {
		free(f->supporters);
		f->supporters = qip_xcalloc(strlen(text) / 2 + 2, sizeof *f->supporters);
		char *copy = qip_strdup(text), *save = NULL;
		int n = 0;
		for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			char *name = trimmed(tok);
			int64_t id = 0;
			if (*name && (rc = qip_person_find_active(db, name, &id))) {
				snprintf(msg, msgsz, "%s", qip_db_error(db));
				free(name);
				break;
			}
			bool dup = false;
			for (int k = 0; k < n; k++)
				dup |= f->supporters[k] == id;
			if (id && !dup)
				f->supporters[n++] = id;
			free(name);
		}
		free(copy);
		return rc ? QIP_EINVAL : QIP_OK;
	}
	case QIP_AF_STATEMENTS: {
		if (f->statements) {
			for (char **s = f->statements; *s; s++)
				free(*s);
			free(f->statements);
		}
		f->statements = qip_xcalloc(strlen(text) / 2 + 2, sizeof *f->statements);
		char *copy = qip_strdup(text), *save = NULL;
		int n = 0;
		for (char *tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
			char *slug = qip_text_slug(tok);
			/* Checked against the loaded frameworks, when any is loaded. */
			sqlite3_stmt *st = qip_db_stmt(db,
				"SELECT (SELECT count(*) FROM framework_item WHERE kind = 'statement'),"
				" EXISTS (SELECT 1 FROM framework_item WHERE kind = 'statement' AND item = ?1)");
			int known = 1;
			if (st) {
				qip_bind_text(st, 1, slug);
				if (sqlite3_step(st) == SQLITE_ROW)
					known = sqlite3_column_int(st, 0) == 0 || sqlite3_column_int(st, 1);
				sqlite3_reset(st);
			}
			if (!*slug || !known) {
				rc = bad(msg, msgsz, "unknown quality statement '%s' (see: qip framework list)%s", tok, NULL);
				free(slug);
				break;
			}
			f->statements[n++] = slug;
		}
		free(copy);
		return rc;
	}
	}
	snprintf(msg, msgsz, "unknown field");
	return QIP_EINVAL;
}

int qip_action_check_field(struct qip_db *db, int field, const char *text, char *msg, size_t msgsz)
{
	struct fields f = { 0 };
	int rc = parse_field(db, field, text ? text : "", &f, msg, msgsz);
	fields_clear(&f);
	return rc;
}

/* Parses every given field, reporting the first bad one by its option name. */
static int parse_input(struct qip_db *db, const struct qip_action_input *in, struct fields *f)
{
	char msg[400];
	for (int i = 0; i < QIP_AF_COUNT; i++) {
		if (!in->field[i])
			continue;
		if (parse_field(db, i, in->field[i], f, msg, sizeof msg))
			return qip_db_fail(db, QIP_EINVAL, "--%s: %s", field_names[i], msg);
	}
	return QIP_OK;
}

/* ---- reading ----------------------------------------------------------- */

#define ACTION_COLUMNS \
	"a.id, a.uuid, a.ref, a.service_id, coalesce(s.name, ''), a.title, a.baseline, a.outcome," \
	" a.target_value, a.target_unit, a.target_direction, a.target_date, a.owner_id," \
	" coalesce(o.name, ''), coalesce(o.active, 0)," \
	" (SELECT group_concat(p.name, ', ') FROM action_supporter x JOIN person p ON p.id = x.person_id WHERE x.action_id = a.id)," \
	" a.due_on, a.review_cadence, a.next_review_on, a.evidence_required, a.area, a.key_question," \
	" (SELECT group_concat(statement, ',') FROM action_statement WHERE action_id = a.id)," \
	" a.likelihood, a.impact, a.source, a.source_ref, a.status, a.closed_on, a.extensions, a.created_on," \
	" coalesce((SELECT name FROM person WHERE id = a.created_by), ''), a.created_at," \
	" coalesce((SELECT name FROM person WHERE id = a.updated_by), ''), a.updated_at," \
	" a.ev_count, a.ev_outcomes, a.ev_categories, a.ev_last_on, a.ev_latest_value," \
	" (SELECT count(*) FROM escalation e WHERE e.action_id = a.id AND e.resolved_on IS NULL)"
#define ACTION_FROM \
	" FROM action a LEFT JOIN service s ON s.id = a.service_id LEFT JOIN person o ON o.id = a.owner_id"

static void read_action(struct qip_db *db, sqlite3_stmt *st, struct qip_action *a)
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

int qip_action_get_id(struct qip_db *db, int64_t id, struct qip_action *out)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT " ACTION_COLUMNS ACTION_FROM " WHERE a.id = ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_action(db, st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return QIP_OK;
	return rc == SQLITE_DONE ? qip_db_fail(db, QIP_ENOTFOUND, "no action with id %lld", (long long)id)
				 : qip_db_sqlite_fail(db, rc);
}

int qip_action_get(struct qip_db *db, const char *ref, struct qip_action *out)
{
	int64_t id;
	int rc = qip_action_resolve(db, ref, &id);
	return rc ? rc : qip_action_get_id(db, id, out);
}

/* ---- filters: SQL equal to qip_rules_flags() (tests/unit/test_action.c,
 * sql_filters_agree_with_rules, compares the actions each one selects) */

static const char *const flag_sql[QIP_FLAG_COUNT] = {
	/* overdue */ "a.due_on < ?1",
	/* unowned */ "(o.id IS NULL OR o.active = 0)",
	/* due-soon */ "a.due_on >= ?1 AND a.due_on <= date(?1, '+7 days')",
	/* review-overdue */ "a.next_review_on < ?1",
	/* stale */ "coalesce(a.ev_last_on, a.created_on) < date(?1, '-30 days')",
	/* no-outcome */ "a.ev_outcomes = 0",
	/* single-category */ "a.ev_count > 0 AND (a.ev_categories & (a.ev_categories - 1)) = 0",
	/* target-not-met */ "a.target_value IS NOT NULL AND a.ev_latest_value IS NOT NULL AND"
		" CASE a.target_direction WHEN 'at-most' THEN a.ev_latest_value > a.target_value"
		" ELSE a.ev_latest_value < a.target_value END",
	/* extended */ "a.extensions >= 2",
};

void qip_action_filter_init(struct qip_action_filter *f)
{
	memset(f, 0, sizeof *f);
	f->status = -2;
	f->key_question = -1;
	f->sort = QIP_SORT_DUE;
}

/* Turns words into an FTS5 query: each word quoted (so "door-open" or
 * "note:x" are words, not syntax) and matched as a prefix. */
static char *fts_query(const char *words)
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
 * ?13 key question, ?14 statement (?7 to ?12 belong to the callers). */
static void build_where(const struct qip_action_filter *f, char *sql, size_t n)
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
		ADD("a.id IN (SELECT rowid FROM action_fts WHERE action_fts MATCH ?6"
		    " UNION SELECT e.action_id FROM evidence_fts JOIN evidence e ON e.id = evidence_fts.rowid"
		    " WHERE evidence_fts MATCH ?6)");
#undef ADD
}

static void bind_filter(struct qip_db *db, sqlite3_stmt *st, const struct qip_action_filter *f, char **fts)
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
	if (searching(f)) {
		*fts = fts_query(f->search);
		qip_bind_text(st, 6, *fts);
	}
}

static const char *order_by(int sort, bool desc)
{
	static const char *const asc[] = {
		[QIP_SORT_DUE] = " ORDER BY coalesce(a.due_on, '9999-12-31'), a.seq",
		[QIP_SORT_REF] = " ORDER BY a.seq",
		[QIP_SORT_OWNER] = " ORDER BY o.name IS NOT NULL, o.name COLLATE NOCASE, a.seq",
		[QIP_SORT_STATUS] = (" ORDER BY CASE a.status WHEN 'reopened' THEN 0 WHEN 'open' THEN 1"
			" WHEN 'in-progress' THEN 2 WHEN 'monitoring' THEN 3 ELSE 4 END, a.seq"),
		[QIP_SORT_RISK] = " ORDER BY coalesce(a.likelihood * a.impact, 0) DESC, coalesce(a.due_on, '9999-12-31'), a.seq",
		[QIP_SORT_UPDATED] = " ORDER BY a.updated_at DESC, a.seq DESC",
	};
	static const char *const dsc[] = {
		[QIP_SORT_DUE] = " ORDER BY coalesce(a.due_on, '9999-12-31') DESC, a.seq DESC",
		[QIP_SORT_REF] = " ORDER BY a.seq DESC",
		[QIP_SORT_OWNER] = " ORDER BY o.name IS NOT NULL DESC, o.name COLLATE NOCASE DESC, a.seq DESC",
		[QIP_SORT_STATUS] = (" ORDER BY CASE a.status WHEN 'reopened' THEN 0 WHEN 'open' THEN 1"
			" WHEN 'in-progress' THEN 2 WHEN 'monitoring' THEN 3 ELSE 4 END DESC, a.seq DESC"),
		[QIP_SORT_RISK] = " ORDER BY coalesce(a.likelihood * a.impact, 0), coalesce(a.due_on, '9999-12-31') DESC, a.seq DESC",
		[QIP_SORT_UPDATED] = " ORDER BY a.updated_at, a.seq",
	};
	if (sort < 0 || sort > QIP_SORT_UPDATED)
		sort = QIP_SORT_DUE;
	return desc ? dsc[sort] : asc[sort];
}

int qip_action_list(struct qip_db *db, const struct qip_action_filter *f, int limit, int offset,
		    int (*row)(void *, const struct qip_action *), void *ctx)
{
	char sql[6000] = "SELECT " ACTION_COLUMNS ACTION_FROM;
	build_where(f, sql, sizeof sql);
	size_t o = strlen(sql);
	snprintf(sql + o, sizeof sql - o, "%s LIMIT ?7 OFFSET ?8", order_by(f->sort, f->descending));
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	if (!st)
		return QIP_EDB;
	char *fts = NULL;
	bind_filter(db, st, f, &fts);
	sqlite3_bind_int(st, 7, limit);
	sqlite3_bind_int(st, 8, offset);
	free(fts);   /* bound as a copy */
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct qip_action a = { 0 };
		read_action(db, st, &a);
		int stop = row(ctx, &a);
		qip_action_clear(&a);
		if (stop)
			break;
	}
	return qip_db_finish(db, st, rc);
}

int qip_action_count(struct qip_db *db, const struct qip_action_filter *f, int64_t *count)
{
	char sql[4000] = "SELECT count(*)" ACTION_FROM;
	build_where(f, sql, sizeof sql);
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	if (!st)
		return QIP_EDB;
	char *fts = NULL;
	bind_filter(db, st, f, &fts);
	free(fts);   /* bound as a copy */
	return qip_db_scalar(db, st, count);
}

int qip_action_totals(struct qip_db *db, struct qip_action_totals *t)
{
	/* One pass over open actions; the status line asks for this often. */
	char sql[2000];
	snprintf(sql, sizeof sql,
		 "SELECT count(*), sum(%s), sum(%s), sum(%s), sum(%s), sum(%s)" ACTION_FROM
		 " WHERE a.status <> 'closed'",
		 flag_sql[0], flag_sql[1], flag_sql[2], flag_sql[3], flag_sql[4]);
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	if (!st)
		return QIP_EDB;
	qip_bind_date(st, 1, qip_db_today(db));
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

/* ---- writing ----------------------------------------------------------- */

static int save_links(struct qip_db *db, int64_t id, const struct fields *f)
{
	int rc = QIP_OK;
	if (f->supporters) {
		sqlite3_stmt *del = qip_db_stmt(db, "DELETE FROM action_supporter WHERE action_id = ?1"
						    " AND person_id NOT IN (SELECT value FROM json_each(?2))");
		sqlite3_stmt *ins = qip_db_stmt(db, "INSERT OR IGNORE INTO action_supporter(action_id, person_id) VALUES (?1, ?2)");
		if (!del || !ins)
			return QIP_EDB;
		char *json = qip_strdup("[");
		for (const int64_t *p = f->supporters; *p; p++) {
			char *next = qip_printf("%s%s%lld", json, p == f->supporters ? "" : ",", (long long)*p);
			free(json);
			json = next;
		}
		char *next = qip_printf("%s]", json);
		free(json);
		sqlite3_bind_int64(del, 1, id);
		qip_bind_text(del, 2, next);
		free(next);
		rc = qip_db_exec_stmt(db, del);
		for (const int64_t *p = f->supporters; rc == QIP_OK && *p; p++) {
			ins = qip_db_stmt(db, "INSERT OR IGNORE INTO action_supporter(action_id, person_id) VALUES (?1, ?2)");
			sqlite3_bind_int64(ins, 1, id);
			sqlite3_bind_int64(ins, 2, *p);
			rc = qip_db_exec_stmt(db, ins);
		}
	}
	if (rc == QIP_OK && f->statements) {
		sqlite3_stmt *del = qip_db_stmt(db, "DELETE FROM action_statement WHERE action_id = ?1");
		if (!del)
			return QIP_EDB;
		sqlite3_bind_int64(del, 1, id);
		rc = qip_db_exec_stmt(db, del);
		for (char **s = f->statements; rc == QIP_OK && *s; s++) {
			sqlite3_stmt *ins = qip_db_stmt(db, "INSERT OR IGNORE INTO action_statement(action_id, statement) VALUES (?1, ?2)");
			sqlite3_bind_int64(ins, 1, id);
			qip_bind_text(ins, 2, *s);
			rc = qip_db_exec_stmt(db, ins);
		}
	}
	return rc;
}

/* Keeps the full-text index of an action's words in step with the row. */
static int index_text(struct qip_db *db, int64_t id, const struct fields *f)
{
	sqlite3_stmt *del = qip_db_stmt(db, "DELETE FROM action_fts WHERE rowid = ?1");
	if (!del)
		return QIP_EDB;
	sqlite3_bind_int64(del, 1, id);
	int rc = qip_db_exec_stmt(db, del);
	sqlite3_stmt *ins = qip_db_stmt(db, "INSERT INTO action_fts(rowid, title, baseline, outcome) VALUES (?1, ?2, ?3, ?4)");
	if (rc || !ins)
		return rc ? rc : QIP_EDB;
	sqlite3_bind_int64(ins, 1, id);
	qip_bind_text(ins, 2, f->title);
	qip_bind_text(ins, 3, f->baseline ? f->baseline : "");
	qip_bind_text(ins, 4, f->outcome ? f->outcome : "");
	return qip_db_exec_stmt(db, ins);
}

/* Writes every column of an action from f (used by add and edit). */
/* Adding inserts every column at once (so the history holds one "created"
 * entry, not a change per field); editing updates them all. Both statements
 * number their parameters alike. */
static const char insert_sql[] =
	"INSERT INTO action(service_id, title, baseline, outcome, target_value, target_unit,"
	" target_direction, target_date, owner_id, due_on, review_cadence, next_review_on,"
	" evidence_required, area, key_question, likelihood, impact, source, source_ref, status,"
	" updated_by, created_by, uuid, created_on, seq, ref)"
	" SELECT ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
	" ?20, ?21, ?22, ?22, ?23, ?24, n, printf('QIP-%04d', n)"
	" FROM (SELECT coalesce(max(seq), 0) + 1 AS n FROM action)";
static const char update_sql[] =
	"UPDATE action SET service_id = ?2, title = ?3, baseline = ?4, outcome = ?5,"
	" target_value = ?6, target_unit = ?7, target_direction = ?8, target_date = ?9,"
	" owner_id = ?10, due_on = ?11, review_cadence = ?12, next_review_on = ?13,"
	" evidence_required = ?14, area = ?15, key_question = ?16, likelihood = ?17,"
	" impact = ?18, source = ?19, source_ref = ?20, status = ?21,"
	" updated_by = ?22, updated_at = qip_now() WHERE id = ?1";

/* id 0 inserts a new action (its ref is the next number, taken inside the
 * caller's write lock) and sets *id to the new row's. */
static int store(struct qip_db *db, int64_t *id, const struct fields *f)
{
	bool insert = *id == 0;
	sqlite3_stmt *st = qip_db_stmt(db, insert ? insert_sql : update_sql);
	if (!st)
		return QIP_EDB;
	char uuid[37];
	if (insert) {
		qip_uuid(uuid);
		qip_bind_text(st, 23, uuid);
		qip_bind_date(st, 24, qip_db_today(db));
	} else
		sqlite3_bind_int64(st, 1, *id);
	qip_bind_id(st, 2, f->service_id);
	qip_bind_text(st, 3, f->title);
	qip_bind_text(st, 4, f->baseline ? f->baseline : "");
	qip_bind_text(st, 5, f->outcome ? f->outcome : "");
	if (f->has_target)
		sqlite3_bind_double(st, 6, f->target);
	qip_bind_text(st, 7, f->unit ? f->unit : "");
	qip_bind_text(st, 8, qip_vocab_name(&qip_vocab_direction, f->direction));
	qip_bind_date(st, 9, f->target_date);
	qip_bind_id(st, 10, f->owner_id);
	qip_bind_date(st, 11, f->due);
	qip_bind_text(st, 12, qip_vocab_name(&qip_vocab_cadence, f->cadence));
	qip_bind_date(st, 13, f->next_review);
	qip_bind_text(st, 14, f->evidence_required ? f->evidence_required : "");
	qip_bind_text(st, 15, f->area ? f->area : "");
	qip_bind_text(st, 16, f->key_question >= 0 ? qip_vocab_name(&qip_vocab_key_question, f->key_question) : NULL);
	if (f->likelihood) {
		sqlite3_bind_int(st, 17, f->likelihood);
		sqlite3_bind_int(st, 18, f->impact);
	}
	qip_bind_text(st, 19, qip_vocab_name(&qip_vocab_source, f->source));
	qip_bind_text(st, 20, f->source_ref ? f->source_ref : "");
	qip_bind_text(st, 21, qip_vocab_name(&qip_vocab_status, f->status));
	qip_bind_id(st, 22, qip_db_actor(db));
	int rc = qip_db_exec_stmt(db, st);
	if (rc == QIP_OK && insert)
		*id = sqlite3_last_insert_rowid(qip_db_handle(db));
	if (rc == QIP_OK)
		rc = index_text(db, *id, f);
	return rc ? rc : save_links(db, *id, f);
}

int qip_action_add(struct qip_db *db, const struct qip_action_input *in, char ref_out[QIP_REF_LEN])
{
	int rc = qip_db_require_writer(db);
	if (rc)
		return rc;
	if (!in->field[QIP_AF_TITLE])
		return qip_db_fail(db, QIP_EINVAL, "--title: an action needs a title");
	struct fields f = { .direction = QIP_DIR_AT_LEAST, .cadence = QIP_CAD_MONTHLY,
			    .key_question = -1, .source = QIP_SRC_OTHER, .status = QIP_STATUS_OPEN,
			    .due = QIP_NO_DATE, .target_date = QIP_NO_DATE, .next_review = QIP_NO_DATE };
	if ((rc = parse_input(db, in, &f))) {
		fields_clear(&f);
		return rc;
	}
	if (!in->field[QIP_AF_NEXT_REVIEW])
		f.next_review = qip_cadence_next(f.cadence, qip_db_today(db));
	if ((rc = qip_db_begin(db))) {
		fields_clear(&f);
		return rc;
	}
	int64_t id = 0;
	rc = store(db, &id, &f);
	if (rc == QIP_OK) {
		sqlite3_stmt *st = qip_db_stmt(db, "SELECT ref FROM action WHERE id = ?1");
		if (!st)
			rc = QIP_EDB;
		else {
			sqlite3_bind_int64(st, 1, id);
			if (sqlite3_step(st) == SQLITE_ROW)
				snprintf(ref_out, QIP_REF_LEN, "%s", (const char *)sqlite3_column_text(st, 0));
			sqlite3_reset(st);
		}
	}
	fields_clear(&f);
	return qip_db_end(db, rc);
}

/* The stored action as fields, for edits that change a few of them. */
static void fields_from(const struct qip_action *a, struct fields *f)
{
	*f = (struct fields){
		.title = qip_strdup(a->title), .baseline = qip_strdup(a->baseline),
		.outcome = qip_strdup(a->outcome), .unit = qip_strdup(a->unit),
		.evidence_required = qip_strdup(a->evidence_required), .area = qip_strdup(a->area),
		.source_ref = qip_strdup(a->source_ref), .has_target = a->has_target,
		.target = a->target, .direction = a->direction, .cadence = a->cadence,
		.key_question = a->key_question, .likelihood = a->likelihood, .impact = a->impact,
		.source = a->source, .status = a->status, .service_id = a->service_id,
		.owner_id = a->owner_id, .due = a->due, .target_date = a->target_date,
		.next_review = a->next_review,
	};
}

/* Replaces the string fields parse_field allocates, so an edit frees the old. */
static int parse_over(struct qip_db *db, const struct qip_action_input *in, struct fields *f)
{
	struct fields n = *f;
	char *olds[] = { f->title, f->baseline, f->outcome, f->unit, f->evidence_required, f->area, f->source_ref };
	n.title = n.baseline = n.outcome = n.unit = n.evidence_required = n.area = n.source_ref = NULL;
	int rc = parse_input(db, in, &n);
	char **news[] = { &n.title, &n.baseline, &n.outcome, &n.unit, &n.evidence_required, &n.area, &n.source_ref };
	for (int i = 0; i < 7; i++) {
		if (*news[i])
			free(olds[i]);
		else
			*news[i] = olds[i];
	}
	*f = n;
	return rc;
}

int qip_action_edit(struct qip_db *db, const char *ref, const struct qip_action_input *in)
{
	int rc = qip_db_require_writer(db);
	if (rc)
		return rc;
	if ((rc = qip_db_begin(db)))
		return rc;
	struct qip_action a = { 0 };
	struct fields f = { 0 };
	if ((rc = qip_action_get(db, ref, &a)) == QIP_OK) {
		fields_from(&a, &f);
		int old_status = f.status;
		rc = parse_over(db, in, &f);
		if (rc == QIP_OK && in->field[QIP_AF_STATUS] && old_status == QIP_STATUS_CLOSED)
			rc = qip_db_fail(db, QIP_EREFUSED, "%s is closed: reopen it with a reason first", a.ref);
		/* A later due date is an extension: counted and given a reason
		 * (domain rule 7), never slipped in as an edit. */
		if (rc == QIP_OK && a.due != QIP_NO_DATE && (f.due == QIP_NO_DATE || f.due > a.due))
			rc = qip_db_fail(db, QIP_EREFUSED, "--due: moving %s's due date later (or removing it) is an"
					 " extension: use extend, with a reason, so it is counted", a.ref);
		if (rc == QIP_OK && in->field[QIP_AF_CADENCE] && !in->field[QIP_AF_NEXT_REVIEW])
			f.next_review = qip_cadence_next(f.cadence, qip_db_today(db));
		int64_t id = a.id;
		if (rc == QIP_OK)
			rc = store(db, &id, &f);
	}
	fields_clear(&f);
	qip_action_clear(&a);
	return qip_db_end(db, rc);
}

static int set_columns(struct qip_db *db, int64_t id, const char *sql_set, const char *text, qip_date date)
{
	char sql[512];
	snprintf(sql, sizeof sql, "UPDATE action SET %s, updated_by = ?4,"
		 " updated_at = qip_now() WHERE id = ?1", sql_set);
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, id);
	qip_bind_text(st, 2, text);
	qip_bind_date(st, 3, date);
	qip_bind_id(st, 4, qip_db_actor(db));
	return qip_db_exec_stmt(db, st);
}

static int record_decision(struct qip_db *db, int64_t id, int decision, const char *reason, qip_date new_due)
{
	char uuid[37];
	qip_uuid(uuid);
	sqlite3_stmt *st = qip_db_stmt(db,
		"INSERT INTO review(uuid, action_id, decided_on, decision, reason, new_due_on, decided_by)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (!st)
		return QIP_EDB;
	qip_bind_text(st, 1, uuid);
	sqlite3_bind_int64(st, 2, id);
	qip_bind_date(st, 3, qip_db_today(db));
	qip_bind_text(st, 4, qip_vocab_name(&qip_vocab_decision, decision));
	qip_bind_text(st, 5, reason);
	qip_bind_date(st, 6, new_due);
	qip_bind_id(st, 7, qip_db_actor(db));
	return qip_db_exec_stmt(db, st);
}

static int need_reason(struct qip_db *db, const char *reason, const char *what)
{
	if (!reason || !*reason)
		return qip_db_fail(db, QIP_EINVAL, "--reason: %s needs a reason, recorded for the governance minutes", what);
	if (qip_text_length(reason) > 2000 || !qip_text_is_clean(reason, true))
		return qip_db_fail(db, QIP_EINVAL, "--reason: must be under 2000 characters, with no control characters");
	return QIP_OK;
}

/* Opens a write on an existing action: checks the writer, begins, loads. */
static int begin_on(struct qip_db *db, const char *ref, struct qip_action *a)
{
	int rc = qip_db_require_writer(db);
	if (rc || (rc = qip_db_begin(db)))
		return rc;
	if ((rc = qip_action_get(db, ref, a)))
		return qip_db_end(db, rc);
	return QIP_OK;
}

static int end_on(struct qip_db *db, struct qip_action *a, int rc)
{
	qip_action_clear(a);
	return qip_db_end(db, rc);
}

int qip_action_assign(struct qip_db *db, const char *ref, const char *who)
{
	struct qip_action a = { 0 };
	int64_t owner;
	int rc = begin_on(db, ref, &a);
	if (rc)
		return rc;
	if ((rc = qip_person_find_active(db, who, &owner)) == QIP_OK) {
		sqlite3_stmt *st = qip_db_stmt(db, "UPDATE action SET owner_id = ?2, updated_by = ?3,"
			" updated_at = qip_now() WHERE id = ?1");
		if (!st)
			rc = QIP_EDB;
		else {
			sqlite3_bind_int64(st, 1, a.id);
			sqlite3_bind_int64(st, 2, owner);
			qip_bind_id(st, 3, qip_db_actor(db));
			rc = qip_db_exec_stmt(db, st);
		}
	}
	return end_on(db, &a, rc);
}

int qip_action_extend(struct qip_db *db, const char *ref, const char *date, const char *reason)
{
	struct qip_action a = { 0 };
	int rc = need_reason(db, reason, "an extension");
	if (rc || (rc = begin_on(db, ref, &a)))
		return rc;
	qip_date d;
	char dbuf[QIP_DATE_LEN], refused[200];
	struct qip_action_facts facts;
	qip_action_facts(&a, &facts);
	if (!qip_rules_step_allowed(QIP_STEP_EXTEND, &facts, a.ref, refused, sizeof refused))
		rc = qip_db_fail(db, QIP_EREFUSED, "%s", refused);
	else if (!qip_date_parse(date, qip_db_today(db), &d)) {
		char *shown = qip_text_escape(date ? date : "");
		rc = qip_db_fail(db, QIP_EINVAL, "new due date '%s' is not a date: use YYYY-MM-DD (a real day), or +7, +2w, +3m", shown);
		free(shown);
	}
	else if (d < qip_db_today(db))
		rc = qip_db_fail(db, QIP_EINVAL, "new due date %s is in the past", qip_date_format(d, dbuf));
	else if (a.due != QIP_NO_DATE && d <= a.due)
		rc = qip_db_fail(db, QIP_EINVAL, "new due date %s is not later than the current one (%s)",
				 qip_date_format(d, dbuf), qip_date_format(a.due, (char[QIP_DATE_LEN]){ 0 }));
	if (rc == QIP_OK)
		rc = set_columns(db, a.id, "due_on = ?3, extensions = extensions + 1", NULL, d);
	/* An extension is a review decision: the next review follows the
	 * cadence from today, or the action would stay "review overdue". */
	if (rc == QIP_OK)
		rc = set_columns(db, a.id, "next_review_on = ?3", NULL, qip_cadence_next(a.cadence, qip_db_today(db)));
	if (rc == QIP_OK)
		rc = record_decision(db, a.id, QIP_DEC_EXTEND, reason, d);
	return end_on(db, &a, rc);
}

int qip_action_close(struct qip_db *db, const char *ref, const char *reason)
{
	struct qip_action a = { 0 };
	int rc = need_reason(db, reason, "closing");
	if (rc || (rc = begin_on(db, ref, &a)))
		return rc;
	struct qip_action_facts facts;
	qip_action_facts(&a, &facts);
	unsigned why = qip_rules_closure(&facts);
	if (why) {
		char msg[1500];
		char why_text[300];
		size_t o = (size_t)snprintf(msg, sizeof msg, "%s cannot close yet:", a.ref);
		for (int i = 0; i < QIP_CLOSE_COUNT && o < sizeof msg; i++)
			if (why & (1u << i))
				o += (size_t)snprintf(msg + o, sizeof msg - o, "\n  - %s",
						      qip_closure_describe(i, &facts, a.unit, why_text, sizeof why_text));
		rc = qip_db_fail(db, QIP_EREFUSED, "%s", msg);
	}
	if (rc == QIP_OK)
		rc = set_columns(db, a.id, "status = 'closed', closed_on = ?3", NULL, qip_db_today(db));
	if (rc == QIP_OK)
		rc = record_decision(db, a.id, QIP_DEC_CLOSE, reason, QIP_NO_DATE);
	return end_on(db, &a, rc);
}

int qip_action_reopen(struct qip_db *db, const char *ref, const char *reason)
{
	struct qip_action a = { 0 };
	int rc = need_reason(db, reason, "reopening");
	if (rc || (rc = begin_on(db, ref, &a)))
		return rc;
	if (a.status != QIP_STATUS_CLOSED && a.status != QIP_STATUS_MONITORING)
		rc = qip_db_fail(db, QIP_EREFUSED, "%s is %s, not closed or monitoring: nothing to reopen",
				 a.ref, qip_vocab_name(&qip_vocab_status, a.status));
	if (rc == QIP_OK)
		rc = set_columns(db, a.id, "status = 'reopened', closed_on = NULL,"
				 " next_review_on = ?3", NULL, qip_cadence_next(a.cadence, qip_db_today(db)));
	if (rc == QIP_OK)
		rc = record_decision(db, a.id, QIP_DEC_REOPEN, reason, QIP_NO_DATE);
	return end_on(db, &a, rc);
}

int qip_action_review(struct qip_db *db, const char *ref, const char *decision, const char *reason)
{
	int d = qip_vocab_find(&qip_vocab_decision, decision);
	if (d == QIP_DEC_CLOSE)
		return qip_action_close(db, ref, reason);
	if (d == QIP_DEC_REOPEN)
		return qip_action_reopen(db, ref, reason);
	if (d != QIP_DEC_KEEP_OPEN && d != QIP_DEC_REFRAME) {
		char *shown = qip_text_escape(decision ? decision : "");
		int rc = qip_db_fail(db, QIP_EINVAL, "decision '%s' here must be keep-open, reframe, close or reopen"
				     " (extend needs a new date; escalate raises an escalation)", shown);
		free(shown);
		return rc;
	}
	struct qip_action a = { 0 };
	int rc = need_reason(db, reason, "a review decision");
	if (rc || (rc = begin_on(db, ref, &a)))
		return rc;
	if (a.status == QIP_STATUS_CLOSED)
		rc = qip_db_fail(db, QIP_EREFUSED, "%s is closed: reopen it to review it again", a.ref);
	if (rc == QIP_OK)
		rc = set_columns(db, a.id, "next_review_on = ?3", NULL, qip_cadence_next(a.cadence, qip_db_today(db)));
	if (rc == QIP_OK)
		rc = record_decision(db, a.id, d, reason, QIP_NO_DATE);
	return end_on(db, &a, rc);
}

/* ---- positions in a list -------------------------------------------------
 * Added for the full-screen program: it keeps its selection on the same
 * action when the list changes, and `/` with n/N jumps between matches,
 * both without loading the list. row_number() runs over exactly the
 * filter and order of qip_action_list, so the index is a valid offset. */

/* Ids of actions whose title, baseline, outcome or evidence notes match,
 * as in build_where's search. */
#define FTS_MATCH_IDS(p) "SELECT rowid FROM action_fts WHERE action_fts MATCH " p \
	" UNION SELECT e.action_id FROM evidence_fts JOIN evidence e ON e.id = evidence_fts.rowid" \
	" WHERE evidence_fts MATCH " p

static char *position_sql(const struct qip_action_filter *f, const char *tail)
{
	char sql[6000] = "SELECT n FROM (SELECT a.id AS id, row_number() OVER (";
	size_t o = strlen(sql);
	snprintf(sql + o, sizeof sql - o, "%s) - 1 AS n" ACTION_FROM, order_by(f->sort, f->descending));
	build_where(f, sql, sizeof sql);
	o = strlen(sql);
	snprintf(sql + o, sizeof sql - o, ")%s", tail);
	return qip_strdup(sql);
}

static int position_step(struct qip_db *db, sqlite3_stmt *st, char *fts, int64_t *index)
{
	int rc = sqlite3_step(st);
	*index = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	free(fts);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? QIP_OK : qip_db_sqlite_fail(db, rc);
}

/* The default order, by due date then ref, is the action_due index: there a
 * position is a count of the rows before a key, found by a range scan,
 * rather than a numbering of the whole filtered list (230 ms at 80,000
 * open actions). Other orders use the numbering. ?9/?10 bind a key. */
#define DUE_KEY "coalesce(a.due_on, '9999-12-31')"
#define DUE_BEFORE DUE_KEY " <= ?9 AND (" DUE_KEY " < ?9 OR a.seq < ?10)"
#define DUE_AFTER DUE_KEY " >= ?9 AND (" DUE_KEY " > ?9 OR a.seq > ?10)"

static bool keyset_order(const struct qip_action_filter *f)
{
	return f->sort == QIP_SORT_DUE && !f->descending;
}

/* Runs "SELECT ... <filter> AND <extra> <tail>" with the filter bound, the
 * key in ?9/?10 and text in ?11; one row of up to two columns comes back. */
static int keyset_query(struct qip_db *db, const struct qip_action_filter *f, const char *select,
			const char *extra, const char *tail, const char *key_due, int64_t key_seq,
			const char *text, int64_t offset, char *due_out, int64_t *out, bool *found)
{
	char sql[6000];
	snprintf(sql, sizeof sql, "%s" ACTION_FROM, select);
	build_where(f, sql, sizeof sql);
	size_t o = strlen(sql);
	snprintf(sql + o, sizeof sql - o, "%s%s%s", extra ? " AND " : "", extra ? extra : "", tail);
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	if (!st)
		return QIP_EDB;
	char *fts = NULL;
	bind_filter(db, st, f, &fts);
	free(fts);   /* bound as a copy */
	qip_bind_text(st, 9, key_due);
	sqlite3_bind_int64(st, 10, key_seq);
	qip_bind_text(st, 11, text);
	sqlite3_bind_int64(st, 12, offset);
	int rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	if (*found && due_out) {
		const char *d = (const char *)sqlite3_column_text(st, 0);
		snprintf(due_out, QIP_DATE_LEN, "%s", d ? d : "");
		*out = sqlite3_column_int64(st, 1);
	} else if (*found)
		*out = sqlite3_column_int64(st, 0);
	return qip_db_finish(db, st, rc);
}

/* Rows of f before the key (due, seq): the key's position. */
static int keyset_rank(struct qip_db *db, const struct qip_action_filter *f, const char *due,
		       int64_t seq, int64_t *index)
{
	bool found;
	return keyset_query(db, f, "SELECT count(*)", DUE_BEFORE, "", due, seq, NULL, 0, NULL, index, &found);
}

static int keyset_position(struct qip_db *db, const struct qip_action_filter *f, int64_t id, int64_t *index)
{
	char due[QIP_DATE_LEN];
	int64_t seq;
	bool found;
	int rc = keyset_query(db, f, "SELECT " DUE_KEY ", a.seq", "a.id = ?12", "", NULL, 0, NULL, id,
			      due, &seq, &found);
	if (rc || !found)
		return rc;
	return keyset_rank(db, f, due, seq, index);
}

static int keyset_find(struct qip_db *db, const struct qip_action_filter *f, const char *q,
		       int64_t from, bool backwards, int64_t *index)
{
	char due[QIP_DATE_LEN], mdue[QIP_DATE_LEN];
	int64_t seq, mseq;
	bool found;
	/* The key at `from`, then the nearest match on that side of it. */
	int rc = keyset_query(db, f, "SELECT " DUE_KEY ", a.seq", NULL,
			      " ORDER BY " DUE_KEY ", a.seq LIMIT 1 OFFSET ?12", NULL, 0, NULL,
			      from < 0 ? 0 : from, due, &seq, &found);
	if (rc || !found)
		return rc;
	rc = keyset_query(db, f, "SELECT " DUE_KEY ", a.seq",
			  backwards ? "(" DUE_BEFORE " OR (" DUE_KEY " = ?9 AND a.seq = ?10))"
				      " AND a.id IN (" FTS_MATCH_IDS("?11") ")"
				    : "(" DUE_AFTER " OR (" DUE_KEY " = ?9 AND a.seq = ?10))"
				      " AND a.id IN (" FTS_MATCH_IDS("?11") ")",
			  backwards ? " ORDER BY " DUE_KEY " DESC, a.seq DESC LIMIT 1"
				    : " ORDER BY " DUE_KEY ", a.seq LIMIT 1",
			  due, seq, q, 0, mdue, &mseq, &found);
	if (rc || !found)
		return rc;
	return keyset_rank(db, f, mdue, mseq, index);
}

int qip_action_position(struct qip_db *db, const struct qip_action_filter *f, int64_t id, int64_t *index)
{
	if (keyset_order(f)) {
		*index = -1;
		return keyset_position(db, f, id, index);
	}
	char *sql = position_sql(f, " WHERE id = ?9");
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	free(sql);
	*index = -1;
	if (!st)
		return QIP_EDB;
	char *fts = NULL;
	bind_filter(db, st, f, &fts);
	sqlite3_bind_int64(st, 9, id);
	return position_step(db, st, fts, index);
}

int qip_action_find_match(struct qip_db *db, const struct qip_action_filter *f, const char *words,
			  int64_t from, bool backwards, int64_t *index)
{
	*index = -1;
	char *q = fts_query(words ? words : "");
	if (!*q) {
		free(q);
		return QIP_OK;
	}
	if (keyset_order(f)) {
		int rc = keyset_find(db, f, q, from, backwards, index);
		free(q);
		return rc;
	}
	char *sql = position_sql(f, backwards ?
		" WHERE n <= ?10 AND id IN (" FTS_MATCH_IDS("?9") ") ORDER BY n DESC LIMIT 1" :
		" WHERE n >= ?10 AND id IN (" FTS_MATCH_IDS("?9") ") ORDER BY n LIMIT 1");
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	free(sql);
	if (!st) {
		free(q);
		return QIP_EDB;
	}
	char *fts = NULL;
	bind_filter(db, st, f, &fts);
	qip_bind_text(st, 9, q);
	sqlite3_bind_int64(st, 10, from);
	free(q);
	return position_step(db, st, fts, index);
}

/* ---- moving a person's actions (the People screen) ------------------ */

struct refs {
	char (*ref)[QIP_REF_LEN];
	int n, cap;
};

static int collect(void *arg, const struct qip_action *a)
{
	struct refs *r = arg;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->ref = qip_xrealloc(r->ref, (size_t)r->cap * sizeof *r->ref);
	}
	memcpy(r->ref[r->n++], a->ref, QIP_REF_LEN);
	return 0;
}

int qip_person_reassign_all(struct qip_db *db, int64_t from_id, const char *to, int *moved)
{
	*moved = 0;
	int64_t to_id;
	int rc = qip_db_require_writer(db);
	if (rc || (rc = qip_person_find_active(db, to, &to_id)))
		return rc;
	if (to_id == from_id)
		return qip_db_fail(db, QIP_EINVAL, "that is the same person: pick someone else");
	if ((rc = qip_db_begin(db)))
		return rc;
	/* Refs first, then the writes: never change rows under a running query. */
	struct qip_action_filter f;
	qip_action_filter_init(&f);
	f.owner_id = from_id;
	struct refs r = { 0 };
	for (int off = 0; rc == QIP_OK; off += 500) {
		int before = r.n;
		rc = qip_action_list(db, &f, 500, off, collect, &r);
		if (r.n - before < 500)
			break;
	}
	for (int i = 0; rc == QIP_OK && i < r.n; i++)
		rc = qip_action_assign(db, r.ref[i], to);
	free(r.ref);
	if (rc == QIP_OK)
		*moved = r.n;
	return qip_db_end(db, rc);
}
