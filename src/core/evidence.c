/* Evidence entries: append-only (the schema refuses UPDATE and DELETE). */
#include "qip/evidence.h"
#include "qip/permission.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qip/action.h"
#include "qip/text.h"
#include "qip/vocab.h"

void qip_evidence_clear(struct qip_evidence *e)
{
	free(e->note);
	free(e->source);
	free(e->recorded_by);
	free(e->recorded_at);
	memset(e, 0, sizeof *e);
}

int qip_evidence_check(struct qip_db *db, int field, const char *text, char *msg, size_t msgsz)
{
	text = text ? text : "";
	char *shown = qip_text_escape(text);
	int rc = QIP_OK;
	msg[0] = '\0';
	switch (field) {
	case QIP_EF_KIND:
		if (qip_vocab_find(&qip_vocab_kind, text) < 0) {
			snprintf(msg, msgsz, "kind '%.40s' must be activity (work done) or outcome (a change for people)", shown);
			rc = QIP_EINVAL;
		}
		break;
	case QIP_EF_CATEGORY:
		if (qip_vocab_find(&qip_vocab_category, text) < 0) {
			const char *near = qip_vocab_suggest(&qip_vocab_category, text);
			if (near)
				snprintf(msg, msgsz, "unknown category '%.40s' (did you mean %s?)", shown, near);
			else
				snprintf(msg, msgsz, "unknown category '%.40s': use %s", shown, qip_vocab_choices(&qip_vocab_category));
			rc = QIP_EINVAL;
		}
		break;
	case QIP_EF_NOTE:
		if (!*text)
			snprintf(msg, msgsz, "a note saying what was seen is needed");
		else if (qip_text_length(text) > 4000)
			snprintf(msg, msgsz, "note is too long (at most 4000 characters)");
		else if (!qip_text_is_clean(text, true))
			snprintf(msg, msgsz, "note contains control characters or invalid UTF-8");
		rc = msg[0] ? QIP_EINVAL : QIP_OK;
		break;
	case QIP_EF_SOURCE:
		if (qip_text_length(text) > 200 || !qip_text_is_clean(text, false)) {
			snprintf(msg, msgsz, "source must be under 200 printable characters");
			rc = QIP_EINVAL;
		}
		break;
	case QIP_EF_VALUE: {
		if (!*text)
			break;
		const char *end;
		double v;
		const char *why = qip_number_parse(text, &v, &end);
		while (!why && (*end == ' ' || *end == '%'))
			end++;
		if (!why && *end)
			why = "is not a number";
		if (why) {
			snprintf(msg, msgsz, "value '%.40s' %s (for example 87 or 87.5)", shown, why);
			rc = QIP_EINVAL;
		}
		break;
	}
	case QIP_EF_DATE: {
		qip_date d;
		if (!*text)
			break;
		if (!qip_date_parse(text, qip_db_today(db), &d)) {
			snprintf(msg, msgsz, "date '%.40s' is not a date: use YYYY-MM-DD (a real day), today or -3", shown);
			rc = QIP_EINVAL;
		} else if (d > qip_db_today(db)) {
			snprintf(msg, msgsz, "date %.40s is in the future: evidence records what was already seen", shown);
			rc = QIP_EINVAL;
		}
		break;
	}
	default:
		snprintf(msg, msgsz, "unknown field");
		rc = QIP_EINVAL;
	}
	free(shown);
	return rc;
}

int qip_evidence_add(struct qip_db *db, const char *ref, const struct qip_evidence_new *e, int64_t *id_out)
{
	int rc = qip_permission_check(db, QIP_PERM_EVIDENCE, 0, 0);
	if (rc)
		return rc;
	static const char *const names[] = { "kind", "category", "note", "source", "value", "date" };
	const char *vals[] = { e->kind, e->category, e->note, e->source, e->value, e->date };
	char msg[300];
	for (int i = 0; i < 6; i++) {
		if ((i <= QIP_EF_NOTE && !vals[i]) ||
		    (vals[i] && qip_evidence_check(db, i, vals[i], msg, sizeof msg)))
			return qip_db_fail(db, QIP_EINVAL, "--%s: %s", names[i],
					   vals[i] ? msg : "is required");
	}
	int64_t action_id;
	if ((rc = qip_action_resolve(db, ref, &action_id)))
		return rc;
	qip_date seen = qip_db_today(db);
	if (e->date && *e->date)
		qip_date_parse(e->date, qip_db_today(db), &seen);
	if ((rc = qip_db_begin(db)))
		return rc;
	if (e->corrects_id) {
		sqlite3_stmt *st = qip_db_stmt(db, "SELECT action_id,"
			" EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = e.id) FROM evidence e WHERE id = ?1");
		if (!st)
			return qip_db_end(db, QIP_EDB);
		sqlite3_bind_int64(st, 1, e->corrects_id);
		int step = sqlite3_step(st);
		int64_t owner_action = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		int already = step == SQLITE_ROW ? sqlite3_column_int(st, 1) : 0;
		sqlite3_reset(st);
		if (owner_action != action_id)
			rc = qip_db_fail(db, QIP_ENOTFOUND, "evidence %lld is not an entry of this action",
					 (long long)e->corrects_id);
		else if (already)
			rc = qip_db_fail(db, QIP_EREFUSED, "evidence %lld has already been corrected: correct the newer entry",
					 (long long)e->corrects_id);
	}
	char uuid[37];
	qip_uuid(uuid);
	char *note = NULL;
	if (rc == QIP_OK) {
		sqlite3_stmt *st = qip_db_stmt(db,
			"INSERT INTO evidence(uuid, action_id, seen_on, kind, category, note, source, value, corrects_id, recorded_by)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
		if (!st)
			rc = QIP_EDB;
		else {
			qip_bind_text(st, 1, uuid);
			sqlite3_bind_int64(st, 2, action_id);
			qip_bind_date(st, 3, seen);
			qip_bind_text(st, 4, qip_vocab_name(&qip_vocab_kind, qip_vocab_find(&qip_vocab_kind, e->kind)));
			qip_bind_text(st, 5, qip_vocab_name(&qip_vocab_category, qip_vocab_find(&qip_vocab_category, e->category)));
			note = qip_strdup(e->note);
			qip_bind_text(st, 6, note);
			qip_bind_text(st, 7, e->source ? e->source : "");
			double value;
			if (e->value && *e->value && !qip_number_parse(e->value, &value, NULL))
				sqlite3_bind_double(st, 8, value);
			qip_bind_id(st, 9, e->corrects_id);
			qip_bind_id(st, 10, qip_db_actor(db));
			rc = qip_db_exec_stmt(db, st);
			int64_t id = sqlite3_last_insert_rowid(qip_db_handle(db));
			if (rc == QIP_OK && id_out)
				*id_out = id;
			sqlite3_stmt *fts = qip_db_stmt(db, "INSERT INTO evidence_fts(rowid, note) VALUES (?1, ?2)");
			if (rc == QIP_OK && !fts)
				rc = QIP_EDB;
			else if (rc == QIP_OK) {
				sqlite3_bind_int64(fts, 1, id);
				qip_bind_text(fts, 2, note);
				rc = qip_db_exec_stmt(db, fts);
			}
		}
	}
	free(note);
	/* Outcome evidence below target on a closure in monitoring reopens it
	 * (domain rule 6). */
	if (rc == QIP_OK && qip_vocab_find(&qip_vocab_kind, e->kind) == QIP_KIND_OUTCOME)
		rc = qip_action_monitor(db, action_id, NULL);
	return qip_db_end(db, rc);
}

#define EVIDENCE_SELECT \
	"SELECT e.id, e.uuid, e.action_id, a.ref, e.seen_on, e.kind, e.category, e.note, e.source," \
	" e.value, e.corrects_id, EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = e.id)," \
	" coalesce(p.name, ''), e.recorded_at" \
	" FROM evidence e JOIN action a ON a.id = e.action_id LEFT JOIN person p ON p.id = e.recorded_by"

/* Steps st to its end (or until row asks to stop), handing each entry to
 * row; *last gets the last entry's key and *rows how many were handed. */
static int each_entry(struct qip_db *db, sqlite3_stmt *st, int (*row)(void *, const struct qip_evidence *),
		      void *ctx, struct qip_evidence_cursor *last, int *rows)
{
	int rc;
	*rows = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct qip_evidence e = { 0 };
		e.id = sqlite3_column_int64(st, 0);
		snprintf(e.uuid, sizeof e.uuid, "%s", (const char *)sqlite3_column_text(st, 1));
		e.action_id = sqlite3_column_int64(st, 2);
		snprintf(e.ref, sizeof e.ref, "%s", (const char *)sqlite3_column_text(st, 3));
		e.seen_on = qip_col_date(st, 4);
		e.kind = qip_vocab_find(&qip_vocab_kind, (const char *)sqlite3_column_text(st, 5));
		e.category = qip_vocab_find(&qip_vocab_category, (const char *)sqlite3_column_text(st, 6));
		e.note = qip_col_strdup(st, 7);
		e.source = qip_col_strdup(st, 8);
		e.has_value = sqlite3_column_type(st, 9) != SQLITE_NULL;
		e.value = sqlite3_column_double(st, 9);
		e.corrects_id = sqlite3_column_int64(st, 10);
		e.superseded = sqlite3_column_int(st, 11);
		e.recorded_by = qip_col_strdup(st, 12);
		e.recorded_at = qip_col_strdup(st, 13);
		(*rows)++;
		if (last) {
			last->seen_on = e.seen_on;
			last->id = e.id;
		}
		int stop = row(ctx, &e);
		qip_evidence_clear(&e);
		if (stop) {
			if (last)
				last->done = true;
			break;
		}
	}
	return qip_db_finish(db, st, rc);
}

int qip_evidence_list(struct qip_db *db, int64_t action_id, int limit, int offset,
		      int (*row)(void *, const struct qip_evidence *), void *ctx)
{
	sqlite3_stmt *st = qip_db_stmt(db, EVIDENCE_SELECT
		" WHERE e.action_id = ?1 ORDER BY e.seen_on DESC, e.id DESC LIMIT ?2 OFFSET ?3");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, action_id);
	sqlite3_bind_int(st, 2, limit);
	sqlite3_bind_int(st, 3, offset);
	int rows;
	return each_entry(db, st, row, ctx, NULL, &rows);
}

int qip_evidence_page(struct qip_db *db, int64_t action_id, struct qip_evidence_cursor *cur, int limit,
		      int (*row)(void *, const struct qip_evidence *), void *ctx)
{
	if (cur->done)
		return QIP_OK;
	/* The index evidence_action (action_id, seen_on, id) read backwards from
	 * the key: no entry before the page is visited again. */
	sqlite3_stmt *st = qip_db_stmt(db, EVIDENCE_SELECT
		" WHERE e.action_id = ?1 AND (e.seen_on, e.id) < (?2, ?3)"
		" ORDER BY e.seen_on DESC, e.id DESC LIMIT ?4");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, action_id);
	if (cur->id) {
		qip_bind_date(st, 2, cur->seen_on);
		sqlite3_bind_int64(st, 3, cur->id);
	} else {
		qip_bind_text(st, 2, "9999-12-31");
		sqlite3_bind_int64(st, 3, INT64_MAX);
	}
	sqlite3_bind_int(st, 4, limit);
	int rows;
	int rc = each_entry(db, st, row, ctx, cur, &rows);
	if (rc == QIP_OK && rows < limit)
		cur->done = true;
	return rc;
}

int qip_evidence_count(struct qip_db *db, int64_t action_id, int64_t *count)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT count(*) FROM evidence WHERE action_id = ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, action_id);
	return qip_db_scalar(db, st, count);
}
