#include "qip/escalation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qip/action.h"
#include "qip/person.h"
#include "qip/text.h"
#include "qip/vocab.h"

void qip_escalation_clear(struct qip_escalation *e)
{
	free(e->title);
	free(e->note);
	free(e->assigned_to);
	free(e->raised_by);
	free(e->decision);
	memset(e, 0, sizeof *e);
}

static int check_note(struct qip_db *db, const char *note, const char *what)
{
	if (note && (qip_text_length(note) > 2000 || !qip_text_is_clean(note, true)))
		return qip_db_fail(db, QIP_EINVAL, "%s must be under 2000 characters, with no control characters", what);
	return QIP_OK;
}

int qip_escalation_raise(struct qip_db *db, const char *ref, int level, const char *reason,
			 const char *assign_to, const char *note, int64_t *id_out)
{
	int rc = qip_db_require_writer(db);
	if (rc)
		return rc;
	if (level < QIP_LEVEL_RM || level > QIP_LEVEL_BOARD)
		return qip_db_fail(db, QIP_EINVAL, "level %d must be 1 (registered manager), 2 (nominated individual) or 3 (provider board)", level);
	int r = qip_vocab_find(&qip_vocab_esc_reason, reason);
	if (r < 0) {
		char *shown = qip_text_escape(reason ? reason : "");
		rc = qip_db_fail(db, QIP_EINVAL, "unknown escalation reason '%s': use %s", shown,
				 qip_vocab_choices(&qip_vocab_esc_reason));
		free(shown);
		return rc;
	}
	if ((rc = check_note(db, note, "note")))
		return rc;
	int64_t action_id, assignee = 0;
	if ((rc = qip_action_resolve(db, ref, &action_id)))
		return rc;
	if (assign_to && *assign_to && (rc = qip_person_find_active(db, assign_to, &assignee)))
		return rc;
	if ((rc = qip_db_begin(db)))
		return rc;
	char uuid[37];
	qip_uuid(uuid);
	sqlite3_stmt *st = qip_db_stmt(db,
		"INSERT INTO escalation(uuid, action_id, level, reason, note, assigned_to, raised_on, raised_by)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	if (!st)
		return qip_db_end(db, QIP_EDB);
	qip_bind_text(st, 1, uuid);
	sqlite3_bind_int64(st, 2, action_id);
	sqlite3_bind_int(st, 3, level);
	qip_bind_text(st, 4, qip_vocab_name(&qip_vocab_esc_reason, r));
	qip_bind_text(st, 5, note ? note : "");
	qip_bind_id(st, 6, assignee);
	qip_bind_date(st, 7, qip_db_today(db));
	qip_bind_id(st, 8, qip_db_actor(db));
	rc = qip_db_exec_stmt(db, st);
	if (rc == QIP_OK && id_out)
		*id_out = sqlite3_last_insert_rowid(qip_db_handle(db));
	return qip_db_end(db, rc);
}

static int open_escalation(struct qip_db *db, int64_t id, int *level)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT level, resolved_on FROM escalation WHERE id = ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, id);
	int step = sqlite3_step(st);
	int resolved = step == SQLITE_ROW && sqlite3_column_type(st, 1) != SQLITE_NULL;
	if (step == SQLITE_ROW)
		*level = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (step != SQLITE_ROW)
		return qip_db_fail(db, QIP_ENOTFOUND, "no escalation %lld", (long long)id);
	if (resolved)
		return qip_db_fail(db, QIP_EREFUSED, "escalation %lld is already resolved", (long long)id);
	return QIP_OK;
}

int qip_escalation_resolve(struct qip_db *db, int64_t id, const char *decision)
{
	int rc = qip_db_require_writer(db), level;
	if (rc)
		return rc;
	if (!decision || !*decision)
		return qip_db_fail(db, QIP_EINVAL, "a decision is needed to resolve an escalation");
	if ((rc = check_note(db, decision, "decision")) || (rc = qip_db_begin(db)))
		return rc;
	if ((rc = open_escalation(db, id, &level)) == QIP_OK) {
		sqlite3_stmt *st = qip_db_stmt(db, "UPDATE escalation SET decision = ?2, decided_by = ?3,"
						   " resolved_on = ?4 WHERE id = ?1");
		sqlite3_bind_int64(st, 1, id);
		qip_bind_text(st, 2, decision);
		qip_bind_id(st, 3, qip_db_actor(db));
		qip_bind_date(st, 4, qip_db_today(db));
		rc = qip_db_exec_stmt(db, st);
	}
	return qip_db_end(db, rc);
}

int qip_escalation_raise_level(struct qip_db *db, int64_t id, const char *assign_to, const char *note)
{
	int rc = qip_db_require_writer(db), level = 0;
	int64_t assignee = 0;
	if (rc || (rc = check_note(db, note, "note")))
		return rc;
	if (assign_to && *assign_to && (rc = qip_person_find_active(db, assign_to, &assignee)))
		return rc;
	if ((rc = qip_db_begin(db)))
		return rc;
	if ((rc = open_escalation(db, id, &level)) == QIP_OK && level >= QIP_LEVEL_BOARD)
		rc = qip_db_fail(db, QIP_EREFUSED, "escalation %lld is already at the provider board", (long long)id);
	if (rc == QIP_OK) {
		sqlite3_stmt *st = qip_db_stmt(db, "UPDATE escalation SET level = level + 1,"
			" assigned_to = coalesce(?2, assigned_to), note = coalesce(?3, note) WHERE id = ?1");
		sqlite3_bind_int64(st, 1, id);
		qip_bind_id(st, 2, assignee);
		qip_bind_text(st, 3, note && *note ? note : NULL);
		rc = qip_db_exec_stmt(db, st);
	}
	return qip_db_end(db, rc);
}

int qip_escalation_list(struct qip_db *db, int64_t action_id, bool include_resolved, int limit, int offset,
			int (*row)(void *, const struct qip_escalation *), void *ctx)
{
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT e.id, e.uuid, e.action_id, a.ref, a.title, e.level, e.reason, e.note,"
		" e.assigned_to, coalesce(p.name, ''), e.raised_on, coalesce(r.name, ''), e.decision, e.resolved_on"
		" FROM escalation e JOIN action a ON a.id = e.action_id"
		" LEFT JOIN person p ON p.id = e.assigned_to LEFT JOIN person r ON r.id = e.raised_by"
		" WHERE (?1 = 0 OR e.action_id = ?1) AND (?2 OR e.resolved_on IS NULL)"
		" ORDER BY e.resolved_on IS NOT NULL, e.level DESC, e.raised_on, e.id LIMIT ?3 OFFSET ?4");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, action_id);
	sqlite3_bind_int(st, 2, include_resolved);
	sqlite3_bind_int(st, 3, limit);
	sqlite3_bind_int(st, 4, offset);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct qip_escalation e = { 0 };
		e.id = sqlite3_column_int64(st, 0);
		snprintf(e.uuid, sizeof e.uuid, "%s", (const char *)sqlite3_column_text(st, 1));
		e.action_id = sqlite3_column_int64(st, 2);
		snprintf(e.ref, sizeof e.ref, "%s", (const char *)sqlite3_column_text(st, 3));
		e.title = qip_col_strdup(st, 4);
		e.level = sqlite3_column_int(st, 5);
		e.reason = qip_vocab_find(&qip_vocab_esc_reason, (const char *)sqlite3_column_text(st, 6));
		e.note = qip_col_strdup(st, 7);
		e.assigned_id = sqlite3_column_int64(st, 8);
		e.assigned_to = qip_col_strdup(st, 9);
		e.raised_on = qip_col_date(st, 10);
		e.raised_by = qip_col_strdup(st, 11);
		e.decision = qip_col_strdup(st, 12);
		e.resolved_on = qip_col_date(st, 13);
		int stop = row(ctx, &e);
		qip_escalation_clear(&e);
		if (stop)
			break;
	}
	return qip_db_finish(db, st, rc);
}

int qip_escalation_count_open(struct qip_db *db, int64_t *count)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT count(*) FROM escalation WHERE resolved_on IS NULL");
	if (!st)
		return QIP_EDB;
	return qip_db_scalar(db, st, count);
}

int qip_escalation_position(struct qip_db *db, int64_t id, int64_t *pos)
{
	/* The rows before it in qip_escalation_list's order of open ones:
	 * higher level first, then oldest, then by id. */
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT CASE WHEN x.resolved_on IS NULL THEN"
		" (SELECT count(*) FROM escalation e WHERE e.resolved_on IS NULL AND (e.level > x.level"
		"  OR (e.level = x.level AND (e.raised_on < x.raised_on"
		"  OR (e.raised_on = x.raised_on AND e.id < x.id))))) ELSE -1 END"
		" FROM escalation x WHERE x.id = ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	*pos = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	return qip_db_finish(db, st, rc);
}
