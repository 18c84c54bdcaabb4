#include "qip/escalation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qip/action.h"
#include "qip/permission.h"
#include "qip/person.h"
#include "escalation_internal.h"
#include "qip/rules.h"
#include "qip/text.h"
#include "qip/vocab.h"

void qip_escalation_clear(struct qip_escalation *e)
{
	free(e->title);
	free(e->note);
	free(e->assigned_to);
	free(e->raised_by);
	free(e->decision);
	free(e->rule);
	memset(e, 0, sizeof *e);
}

static int check_note(struct qip_db *db, const char *note, const char *what)
{
	if (note && (qip_text_length(note) > 2000 || !qip_text_is_clean(note, true)))
		return qip_db_fail(db, QIP_EINVAL, "%s must be under 2000 characters, with no control characters", what);
	return QIP_OK;
}

/* The first active person (by name) who holds role at the level, passing
 * over exclude: level 1 the registered manager of the action's service. */
static int level_person(struct qip_db *db, int64_t action_id, int level, int64_t exclude, int64_t *id)
{
	static const char *const by_level[][3] = {
		[QIP_LEVEL_RM] = { "registered-manager", NULL },
		[QIP_LEVEL_NI] = { "nominated-individual", "quality-lead", NULL },
		[QIP_LEVEL_BOARD] = { "board-member", NULL },
	};
	*id = 0;
	if (level < QIP_LEVEL_RM || level > QIP_LEVEL_BOARD)
		return qip_db_fail(db, QIP_EINVAL, "level %d must be 1 (registered manager), 2 (nominated individual) or 3 (provider board)", level);
	/* Two texts rather than one with an OR, so that both find the role's
	 * holders (and the service's) by the index person_role. */
	sqlite3_stmt *st = qip_db_stmt(db, level == QIP_LEVEL_RM
		? "SELECT p.id FROM person p WHERE p.active AND p.role = ?1 AND p.id IS NOT ?2"
		  " AND p.service_id = (SELECT service_id FROM action WHERE id = ?4) AND ?3"
		  " ORDER BY p.name COLLATE NOCASE, p.id LIMIT 1"
		: "SELECT p.id FROM person p WHERE p.active AND p.role = ?1 AND p.id IS NOT ?2 AND NOT ?3"
		  " ORDER BY p.name COLLATE NOCASE, p.id LIMIT 1");
	if (!st)
		return QIP_EDB;
	for (const char *const *role = by_level[level]; *role && !*id; role++) {
		qip_bind_text(st, 1, *role);
		sqlite3_bind_int64(st, 2, exclude);
		sqlite3_bind_int(st, 3, level == QIP_LEVEL_RM);
		sqlite3_bind_int64(st, 4, action_id);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*id = sqlite3_column_int64(st, 0);
		if ((rc = qip_db_finish(db, st, rc)))
			return rc;
	}
	return QIP_OK;
}

int qip_escalation_default_assignee(struct qip_db *db, int64_t action_id, int level, int64_t *person_id)
{
	return level_person(db, action_id, level, qip_db_actor(db), person_id);
}

int qip_escalation_open_on(struct qip_db *db, int64_t action_id, int64_t *id_out)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT coalesce(min(id), 0) FROM escalation"
					   " WHERE action_id = ?1 AND resolved_on IS NULL");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, action_id);
	return qip_db_scalar(db, st, id_out);
}

/* Why nobody can take an escalation at a level: the role is empty, or its
 * only holder is the person raising it. */
static int nobody_at_level(struct qip_db *db, const struct qip_action *a, int level)
{
	int64_t anyone = 0;
	int rc = level_person(db, a->id, level, 0, &anyone);
	if (rc)
		return rc;
	const char *higher = level < QIP_LEVEL_BOARD ? ", or raise it a level higher" : "";
	if (anyone && anyone == qip_db_actor(db))
		return qip_db_fail(db, QIP_EREFUSED, "you are the %s for %s: escalating to yourself is not"
				   " escalation; name someone else%s", level == QIP_LEVEL_RM ? "registered manager" :
				   level == QIP_LEVEL_NI ? "nominated individual (or quality lead)" : "board member",
				   a->ref, higher);
	if (level == QIP_LEVEL_RM && !*a->service)
		return qip_db_fail(db, QIP_EREFUSED, "%s belongs to no service, so it has no registered manager:"
				   " name who should decide%s", a->ref, higher);
	if (level == QIP_LEVEL_RM) {
		char *shown = qip_text_escape(a->service);
		rc = qip_db_fail(db, QIP_EREFUSED, "%s has no active registered manager: name who should decide%s",
				 shown, higher);
		free(shown);
		return rc;
	}
	return qip_db_fail(db, QIP_EREFUSED, "nobody active is %s: name who should decide%s",
			   level == QIP_LEVEL_NI ? "a nominated individual or quality lead" : "a board member", higher);
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
	int64_t assignee = 0;
	if (assign_to && *assign_to && (rc = qip_person_find_active(db, assign_to, &assignee)))
		return rc;
	/* The checks read what the write depends on: inside the transaction. */
	if ((rc = qip_db_begin(db)))
		return rc;
	struct qip_action a = { 0 };
	struct qip_action_facts facts;
	char msg[300];
	int64_t open_id = 0;
	if ((rc = qip_action_get(db, ref, &a)) || (rc = qip_permission_check(db, QIP_PERM_RAISE, a.service_id, 0)))
		goto done;
	qip_action_facts(&a, &facts);
	if (!qip_rules_step_allowed(QIP_STEP_ESCALATE, &facts, a.ref, msg, sizeof msg)) {
		if (facts.open_escalations > 0 && (rc = qip_escalation_open_on(db, a.id, &open_id)) == QIP_OK)
			rc = qip_db_fail(db, QIP_EREFUSED, "%s (qip escalation up %lld)", msg, (long long)open_id);
		else if (rc == QIP_OK)
			rc = qip_db_fail(db, QIP_EREFUSED, "%s", msg);
		goto done;
	}
	if (!assignee) {
		if ((rc = qip_escalation_default_assignee(db, a.id, level, &assignee)))
			goto done;
		if (!assignee) {
			rc = nobody_at_level(db, &a, level);
			goto done;
		}
	}
	if (assignee == qip_db_actor(db)) {
		rc = qip_db_fail(db, QIP_EREFUSED, "escalating to yourself is not escalation: name someone else%s",
				 level < QIP_LEVEL_BOARD ? ", or raise it a level higher" : "");
		goto done;
	}
	char uuid[37];
	qip_uuid(uuid);
	sqlite3_stmt *st = qip_db_stmt(db,
		"INSERT INTO escalation(uuid, action_id, level, reason, note, assigned_to, raised_on, raised_by)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	if (!st) {
		rc = QIP_EDB;
		goto done;
	}
	qip_bind_text(st, 1, uuid);
	sqlite3_bind_int64(st, 2, a.id);
	sqlite3_bind_int(st, 3, level);
	qip_bind_text(st, 4, qip_vocab_name(&qip_vocab_esc_reason, r));
	qip_bind_text(st, 5, note ? note : "");
	qip_bind_id(st, 6, assignee);
	qip_bind_date(st, 7, qip_db_today(db));
	qip_bind_id(st, 8, qip_db_actor(db));
	rc = qip_db_exec_stmt(db, st);
	if (rc == QIP_OK && id_out)
		*id_out = sqlite3_last_insert_rowid(qip_db_handle(db));
done:
	qip_action_clear(&a);
	return qip_db_end(db, rc);
}

/* An open escalation's level; and, unless by_rule (qip check acting on its
 * own rules), whether the person acting may decide at that level for the
 * action's service. */
static int open_escalation(struct qip_db *db, int64_t id, int *level, bool by_rule)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT e.level, e.resolved_on, a.service_id FROM escalation e"
				       " JOIN action a ON a.id = e.action_id WHERE e.id = ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, id);
	int step = sqlite3_step(st);
	int resolved = step == SQLITE_ROW && sqlite3_column_type(st, 1) != SQLITE_NULL;
	int64_t service_id = step == SQLITE_ROW ? sqlite3_column_int64(st, 2) : 0;
	if (step == SQLITE_ROW)
		*level = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (step != SQLITE_ROW)
		return qip_db_fail(db, QIP_ENOTFOUND, "no escalation %lld", (long long)id);
	if (resolved)
		return qip_db_fail(db, QIP_EREFUSED, "escalation %lld is already resolved", (long long)id);
	static const enum qip_permission decide[] = {
		[QIP_LEVEL_RM] = QIP_PERM_RESOLVE_1, [QIP_LEVEL_NI] = QIP_PERM_RESOLVE_2, [QIP_LEVEL_BOARD] = QIP_PERM_RESOLVE_3,
	};
	if (by_rule || *level < QIP_LEVEL_RM || *level > QIP_LEVEL_BOARD)
		return QIP_OK;
	return qip_permission_check(db, decide[*level], service_id, 0);
}

int escalation_resolve(struct qip_db *db, int64_t id, const char *decision, bool by_rule)
{
	int rc = qip_db_require_writer(db), level;
	if (rc)
		return rc;
	if (!decision || !*decision)
		return qip_db_fail(db, QIP_EINVAL, "a decision is needed to resolve an escalation");
	if ((rc = check_note(db, decision, "decision")) || (rc = qip_db_begin(db)))
		return rc;
	if ((rc = open_escalation(db, id, &level, by_rule)) == QIP_OK) {
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

int qip_escalation_resolve(struct qip_db *db, int64_t id, const char *decision)
{
	return escalation_resolve(db, id, decision, false);
}

int escalation_raise_level(struct qip_db *db, int64_t id, const char *assign_to, const char *note, bool by_rule)
{
	int rc = qip_db_require_writer(db), level = 0;
	int64_t assignee = 0, action_id = 0;
	if (rc || (rc = check_note(db, note, "note")))
		return rc;
	if (assign_to && *assign_to && (rc = qip_person_find_active(db, assign_to, &assignee)))
		return rc;
	if (assignee && assignee == qip_db_actor(db))
		return qip_db_fail(db, QIP_EREFUSED, "escalating to yourself is not escalation: name someone else");
	if ((rc = qip_db_begin(db)))
		return rc;
	if ((rc = open_escalation(db, id, &level, by_rule)) == QIP_OK && level >= QIP_LEVEL_BOARD)
		rc = qip_db_fail(db, QIP_EREFUSED, "escalation %lld is already at the provider board", (long long)id);
	if (rc == QIP_OK && !assignee) {
		sqlite3_stmt *st = qip_db_stmt(db, "SELECT action_id FROM escalation WHERE id = ?1");
		if (!st)
			rc = QIP_EDB;
		else {
			sqlite3_bind_int64(st, 1, id);
			rc = qip_db_scalar(db, st, &action_id);
		}
		/* Nobody in the next level's role: it stays with whoever has it. */
		if (rc == QIP_OK)
			rc = qip_escalation_default_assignee(db, action_id, level + 1, &assignee);
	}
	if (rc == QIP_OK) {
		/* level_on: the day it reached the level, for the rule that takes
		 * one left unresolved at level 2 to the board. */
		sqlite3_stmt *st = qip_db_stmt(db, "UPDATE escalation SET level = level + 1,"
			" assigned_to = coalesce(?2, assigned_to), note = coalesce(?3, note), level_on = ?4 WHERE id = ?1");
		sqlite3_bind_int64(st, 1, id);
		qip_bind_id(st, 2, assignee);
		qip_bind_text(st, 3, note && *note ? note : NULL);
		qip_bind_date(st, 4, qip_db_today(db));
		rc = qip_db_exec_stmt(db, st);
	}
	return qip_db_end(db, rc);
}

int qip_escalation_raise_level(struct qip_db *db, int64_t id, const char *assign_to, const char *note)
{
	return escalation_raise_level(db, id, assign_to, note, false);
}

int qip_escalation_reassign(struct qip_db *db, int64_t id, const char *assign_to, const char *note)
{
	int rc = qip_db_require_writer(db), level = 0;
	int64_t assignee = 0;
	if (rc || (rc = check_note(db, note, "note")))
		return rc;
	if (!assign_to || !*assign_to)
		return qip_db_fail(db, QIP_EINVAL, "reassigning an escalation needs the person it goes to (--to NAME)");
	if ((rc = qip_person_find_active(db, assign_to, &assignee)))
		return rc;
	if (assignee == qip_db_actor(db))
		return qip_db_fail(db, QIP_EREFUSED, "escalating to yourself is not escalation: name someone else");
	if ((rc = qip_db_begin(db)))
		return rc;
	if ((rc = open_escalation(db, id, &level, false)) == QIP_OK) {
		sqlite3_stmt *st = qip_db_stmt(db, "SELECT e.assigned_to = ?2, coalesce(p.name, '') FROM escalation e"
					       " LEFT JOIN person p ON p.id = ?2 WHERE e.id = ?1");
		if (!st)
			rc = QIP_EDB;
		else {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, assignee);
			int step = sqlite3_step(st);
			bool same = step == SQLITE_ROW && sqlite3_column_int(st, 0);
			char *name = qip_col_strdup(st, 1);
			if ((rc = qip_db_finish(db, st, step)) == QIP_OK && same)
				rc = qip_db_fail(db, QIP_EREFUSED, "escalation %lld is already assigned to %s", (long long)id, name);
			free(name);
		}
	}
	if (rc == QIP_OK) {
		/* The new person has not yet said they have it in hand. */
		sqlite3_stmt *st = qip_db_stmt(db, "UPDATE escalation SET assigned_to = ?2, note = coalesce(?3, note),"
			" acknowledged_on = NULL, acknowledged_by = NULL WHERE id = ?1");
		if (!st)
			rc = QIP_EDB;
		else {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, assignee);
			qip_bind_text(st, 3, note && *note ? note : NULL);
			rc = qip_db_exec_stmt(db, st);
		}
	}
	return qip_db_end(db, rc);
}

int qip_escalation_acknowledge(struct qip_db *db, int64_t id)
{
	int rc = qip_db_require_writer(db), level;
	if (rc || (rc = qip_db_begin(db)))
		return rc;
	if ((rc = open_escalation(db, id, &level, true)) == QIP_OK) {
		sqlite3_stmt *st = qip_db_stmt(db, "SELECT e.assigned_to, coalesce(p.name, ''),"
			" e.acknowledged_on, coalesce(k.name, '') FROM escalation e"
			" LEFT JOIN person p ON p.id = e.assigned_to LEFT JOIN person k ON k.id = e.acknowledged_by"
			" WHERE e.id = ?1");
		if (!st)
			rc = QIP_EDB;
		else {
			sqlite3_bind_int64(st, 1, id);
			int step = sqlite3_step(st);
			int64_t assignee = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
			char *name = qip_col_strdup(st, 1), *by = qip_col_strdup(st, 3);
			qip_date on = qip_col_date(st, 2);
			if ((rc = qip_db_finish(db, st, step)) == QIP_OK) {
				char d[QIP_DATE_LEN];
				if (on != QIP_NO_DATE)
					rc = qip_db_fail(db, QIP_EREFUSED, "escalation %lld was already acknowledged by %s on %s",
							 (long long)id, by, qip_date_format(on, d));
				else if (assignee != qip_db_actor(db))
					rc = qip_db_fail(db, QIP_EREFUSED, "escalation %lld is assigned to %s: only they can"
							 " acknowledge it", (long long)id, *name ? name : "nobody");
			}
			free(name);
			free(by);
		}
	}
	if (rc == QIP_OK) {
		sqlite3_stmt *st = qip_db_stmt(db, "UPDATE escalation SET acknowledged_on = ?2, acknowledged_by = ?3"
						   " WHERE id = ?1");
		sqlite3_bind_int64(st, 1, id);
		qip_bind_date(st, 2, qip_db_today(db));
		qip_bind_id(st, 3, qip_db_actor(db));
		rc = qip_db_exec_stmt(db, st);
	}
	return qip_db_end(db, rc);
}

#define ESCALATION_SELECT \
	"SELECT e.id, e.uuid, e.action_id, a.ref, a.title, e.level, e.reason, e.note," \
	" e.assigned_to, coalesce(p.name, ''), e.raised_on, coalesce(r.name, ''), e.decision, e.resolved_on," \
	" e.acknowledged_on, coalesce(e.rule, '')" \
	" FROM escalation e JOIN action a ON a.id = e.action_id" \
	" LEFT JOIN person p ON p.id = e.assigned_to LEFT JOIN person r ON r.id = e.raised_by"

int qip_escalation_list(struct qip_db *db, int64_t action_id, bool include_resolved, int limit, int offset,
			int (*row)(void *, const struct qip_escalation *), void *ctx)
{
	/* One statement per case, so each can use its index: an action's own
	 * (escalation_action, a few rows), the open queue (escalation_open,
	 * already in order) and everything (sorted). Same order in all three. */
	const char *sql = action_id ? ESCALATION_SELECT
		" WHERE e.action_id = ?1 AND (?2 OR e.resolved_on IS NULL)"
		" ORDER BY e.resolved_on IS NOT NULL, e.level DESC, e.raised_on, e.id LIMIT ?3 OFFSET ?4"
		: !include_resolved ? ESCALATION_SELECT
		" WHERE e.resolved_on IS NULL ORDER BY e.level DESC, e.raised_on, e.id LIMIT ?3 OFFSET ?4"
		: ESCALATION_SELECT
		" ORDER BY e.resolved_on IS NOT NULL, e.level DESC, e.raised_on, e.id LIMIT ?3 OFFSET ?4";
	sqlite3_stmt *st = qip_db_stmt(db, sql);
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
		e.acknowledged_on = qip_col_date(st, 14);
		e.rule = qip_col_strdup(st, 15);
		int stop = row(ctx, &e);
		qip_escalation_clear(&e);
		if (stop)
			break;
	}
	return qip_db_finish(db, st, rc);
}

int qip_escalation_count_open(struct qip_db *db, int64_t *count)
{
	/* Kept by migration 15's triggers: a few rows, however many are open. */
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT coalesce(sum(n), 0) FROM escalation_open_count");
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
