/* Improvement actions, writing: add, edit, assign, extend, close, reopen
 * and review. Every write is one transaction with its reads inside,
 * validated in full before anything is stored, and recorded in the
 * history by triggers. */
#include "qip/action.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action_internal.h"
#include "qip/person.h"
#include "qip/text.h"
#include "qip/vocab.h"

/* ---- writing ----------------------------------------------------------- */

/* The supporters named now: those no longer named are removed and new
 * ones added, so the history records only what changed. */
static int save_supporters(struct qip_db *db, int64_t id, const int64_t *named)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT person_id FROM action_supporter WHERE action_id = ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, id);
	int64_t *gone = NULL;
	size_t n = 0, cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t person = sqlite3_column_int64(st, 0);
		bool still = false;
		for (const int64_t *p = named; *p; p++)
			still |= *p == person;
		if (still)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			gone = qip_xrealloc(gone, cap * sizeof *gone);
		}
		gone[n++] = person;
	}
	/* Read to the end and reset before writing: never change rows under a running query. */
	int rc = qip_db_finish(db, st, step);
	for (size_t i = 0; rc == QIP_OK && i < n; i++) {
		st = qip_db_stmt(db, "DELETE FROM action_supporter WHERE action_id = ?1 AND person_id = ?2");
		if (!st)
			rc = QIP_EDB;
		else {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, gone[i]);
			rc = qip_db_exec_stmt(db, st);
		}
	}
	free(gone);
	for (const int64_t *p = named; rc == QIP_OK && *p; p++) {
		st = qip_db_stmt(db, "INSERT OR IGNORE INTO action_supporter(action_id, person_id) VALUES (?1, ?2)");
		if (!st)
			return QIP_EDB;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, *p);
		rc = qip_db_exec_stmt(db, st);
	}
	return rc;
}

static int save_links(struct qip_db *db, int64_t id, const struct action_fields *f)
{
	int rc = f->supporters ? save_supporters(db, id, f->supporters) : QIP_OK;
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
static int index_text(struct qip_db *db, int64_t id, const struct action_fields *f)
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
static int store(struct qip_db *db, int64_t *id, const struct action_fields *f)
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
	struct action_fields f = { .direction = QIP_DIR_AT_LEAST, .cadence = QIP_CAD_MONTHLY,
			    .key_question = -1, .source = QIP_SRC_OTHER, .status = QIP_STATUS_OPEN,
			    .due = QIP_NO_DATE, .target_date = QIP_NO_DATE, .next_review = QIP_NO_DATE };
	if ((rc = action_parse_input(db, in, &f))) {
		action_fields_clear(&f);
		return rc;
	}
	if (!in->field[QIP_AF_NEXT_REVIEW])
		f.next_review = qip_cadence_next(f.cadence, qip_db_today(db));
	if ((rc = qip_db_begin(db))) {
		action_fields_clear(&f);
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
	action_fields_clear(&f);
	return qip_db_end(db, rc);
}

/* The edit conflict: a field given in `in` whose stored text is no longer
 * the text the editor started from was changed by someone else. Every
 * such field is named with their value, in one message. */
static int check_base(struct qip_db *db, const struct qip_action *now, const struct qip_action_input *in)
{
	char *cur[QIP_AF_COUNT];
	qip_action_texts(now, cur);
	char msg[1200] = "";
	size_t o = 0;
	int changed = 0;
	for (int id = 0; id < QIP_AF_COUNT; id++) {
		if (!in->field[id] || !in->base[id] || !strcmp(cur[id], in->base[id]))
			continue;
		char *shown = qip_text_escape(cur[id]);
		int w = snprintf(msg + o, sizeof msg - o, "%s%s to '%.80s%s'", changed ? " and " : "",
				 qip_action_field_label(id), shown, strlen(shown) > 80 ? "..." : "");
		if (w > 0 && (size_t)w < sizeof msg - o)
			o += (size_t)w;
		changed++;
		free(shown);
	}
	qip_action_texts_free(cur);
	if (!changed)
		return QIP_OK;
	return qip_db_fail(db, QIP_EREFUSED, "while you were editing, someone else changed %s."
			   " Your text is kept: save again to replace theirs", msg);
}

int qip_action_edit(struct qip_db *db, const char *ref, const struct qip_action_input *in)
{
	int rc = qip_db_require_writer(db);
	if (rc)
		return rc;
	if ((rc = qip_db_begin(db)))
		return rc;
	struct qip_action a = { 0 };
	struct action_fields f = { 0 };
	if ((rc = qip_action_get(db, ref, &a)) == QIP_OK)
		rc = check_base(db, &a, in);
	if (rc == QIP_OK) {
		action_fields_from(&a, &f);
		int old_status = f.status;
		rc = action_parse_over(db, in, &f);
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
	action_fields_clear(&f);
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
