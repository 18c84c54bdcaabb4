/* Improvement actions, writing: add, edit, assign, extend, close, reopen
 * and review. Every write is one transaction with its reads inside,
 * validated in full before anything is stored, and recorded in the
 * history by triggers. */
#include "qip/action.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action_internal.h"
#include "qip/escalation.h"
#include "qip/permission.h"
#include "qip/person.h"
#include "qip/settings.h"
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
	" updated_by, created_by, uuid, created_on, sustain, seq, ref)"
	" SELECT ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
	" ?20, ?21, ?22, ?22, ?23, ?24, ?25, n, printf('QIP-%04d', n)"
	" FROM (SELECT coalesce(max(seq), 0) + 1 AS n FROM action)";
static const char update_sql[] =
	"UPDATE action SET service_id = ?2, title = ?3, baseline = ?4, outcome = ?5,"
	" target_value = ?6, target_unit = ?7, target_direction = ?8, target_date = ?9,"
	" owner_id = ?10, due_on = ?11, review_cadence = ?12, next_review_on = ?13,"
	" evidence_required = ?14, area = ?15, key_question = ?16, likelihood = ?17,"
	" impact = ?18, source = ?19, source_ref = ?20, status = ?21,"
	" updated_by = ?22, updated_at = qip_now(), sustain = ?25 WHERE id = ?1";

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
	char sustain[32];
	qip_bind_text(st, 25, qip_sustain_format(&f->sustain, sustain, sizeof sustain));
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
	if ((rc = action_parse_input(db, in, &f)) == QIP_OK && f.status == QIP_STATUS_MONITORING)
		rc = qip_db_fail(db, QIP_EREFUSED, "--status monitoring: a new action has nothing to monitor; an action"
				 " enters monitoring only by closing, which runs the closure check (qip action close REF)");
	if (rc == QIP_OK)
		rc = qip_permission_check(db, QIP_PERM_ACTIONS, f.service_id, 0);
	if (rc) {
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
	bool hands_on = in->field[QIP_AF_OWNER] || in->field[QIP_AF_SERVICE];
	if ((rc = qip_action_get(db, ref, &a)) == QIP_OK &&
	    (rc = qip_action_permitted(db, &a, hands_on ? QIP_CHANGE_HAND_ON : QIP_CHANGE_EDIT)) == QIP_OK)
		rc = check_base(db, &a, in);
	if (rc == QIP_OK) {
		action_fields_from(&a, &f);
		int old_status = f.status;
		rc = action_parse_over(db, in, &f);
		if (rc == QIP_OK && in->field[QIP_AF_STATUS] && old_status == QIP_STATUS_CLOSED)
			rc = qip_db_fail(db, QIP_EREFUSED, "%s is closed: reopen it with a reason first", a.ref);
		/* Monitoring is where a passed closure check leads, and leaving it
		 * is a reopening with its reason: an edit of the status does
		 * neither, whichever front end sends it. */
		else if (rc == QIP_OK && f.status != old_status && f.status == QIP_STATUS_MONITORING)
			rc = qip_db_fail(db, QIP_EREFUSED, "only close puts %s in monitoring (qip action close %s --reason T;"
					 " key c), after its closure check passes: not an edit of the status", a.ref, a.ref);
		else if (rc == QIP_OK && f.status != old_status && old_status == QIP_STATUS_MONITORING)
			rc = qip_db_fail(db, QIP_EREFUSED, "only reopen takes %s out of monitoring, with a reason (qip action"
					 " reopen %s --reason T; key R): not an edit of the status to %s", a.ref, a.ref,
					 qip_vocab_name(&qip_vocab_status, f.status));
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

int qip_action_permitted(struct qip_db *db, const struct qip_action *a, enum qip_action_change change)
{
	/* The owner's own right suffices to edit, extend and review; handing
	 * on, reopening and closing are never the owner's as such. */
	bool owner_may = change == QIP_CHANGE_EDIT || change == QIP_CHANGE_EXTEND || change == QIP_CHANGE_REVIEW;
	return qip_permission_check(db, change == QIP_CHANGE_CLOSE ? QIP_PERM_CLOSE : QIP_PERM_ACTIONS, a->service_id,
				    owner_may ? a->owner_id : 0);
}

/* begin_on, then whether the person acting may make the change. */
static int begin_allowed(struct qip_db *db, const char *ref, struct qip_action *a, enum qip_action_change change)
{
	int rc = begin_on(db, ref, a);
	if (rc == QIP_OK && (rc = qip_action_permitted(db, a, change))) {
		qip_action_clear(a);
		return qip_db_end(db, rc);
	}
	return rc;
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
	int rc = begin_allowed(db, ref, &a, QIP_CHANGE_HAND_ON);
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
	if (rc || (rc = begin_allowed(db, ref, &a, QIP_CHANGE_EXTEND)))
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

/* The closure check's facts beyond the action row: its readings, the
 * categories of its outcome evidence, who would confirm. */
struct closure_ctx {
	struct qip_closure_facts c;
	struct qip_reading *readings;
	int64_t reviewer_id;
	char *reviewer, *role;
};

static void closure_ctx_clear(struct closure_ctx *x)
{
	free(x->readings);
	free(x->reviewer);
	free(x->role);
	memset(x, 0, sizeof *x);
}

static int load_readings(struct qip_db *db, int64_t action_id, struct closure_ctx *x)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT e.seen_on, e.value FROM evidence e WHERE e.action_id = ?1"
		" AND e.kind = 'outcome' AND e.value IS NOT NULL"
		" AND NOT EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = e.id)"
		" ORDER BY e.seen_on DESC, e.id DESC");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, action_id);
	int step, cap = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (x->c.reading_count == cap) {
			cap = cap ? cap * 2 : 16;
			x->readings = qip_xrealloc(x->readings, (size_t)cap * sizeof *x->readings);
		}
		x->readings[x->c.reading_count++] = (struct qip_reading){ qip_col_date(st, 0), sqlite3_column_double(st, 1) };
	}
	int rc = qip_db_finish(db, st, step);
	x->c.readings = x->readings;
	if (rc)
		return rc;
	st = qip_db_stmt(db, "SELECT DISTINCT e.category FROM evidence e WHERE e.action_id = ?1 AND e.kind = 'outcome'"
		" AND NOT EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = e.id)");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, action_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int cat = qip_vocab_find(&qip_vocab_category, (const char *)sqlite3_column_text(st, 0));
		if (cat >= 0)
			x->c.outcome_category_mask |= 1u << cat;
	}
	return qip_db_finish(db, st, step);
}

/* The reviewer: named (an active person), or else the person acting. */
static int load_reviewer(struct qip_db *db, const struct qip_action *a, const char *named, struct closure_ctx *x)
{
	int rc;
	if (named && *named) {
		if ((rc = qip_person_find_active(db, named, &x->reviewer_id)))
			return rc;
	} else
		x->reviewer_id = qip_db_actor(db);
	if (!x->reviewer_id)
		return QIP_OK;
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT name, role FROM person WHERE id = ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, x->reviewer_id);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		x->reviewer = qip_col_strdup(st, 0);
		x->role = qip_col_strdup(st, 1);
	}
	rc = qip_db_finish(db, st, step);
	x->c.reviewer = x->reviewer;
	x->c.reviewer_role = x->role;
	x->c.reviewer_is_owner = x->reviewer_id == a->owner_id;
	return rc;
}

static int closure_load(struct qip_db *db, const struct qip_action *a, const struct qip_closure_request *req,
			struct closure_ctx *x)
{
	memset(x, 0, sizeof *x);
	x->c.sustain = a->sustain;
	x->c.one_source_reason = (req && req->one_source_reason && *req->one_source_reason) ||
				 (!req && a->closure_one_source);
	int rc = load_readings(db, a->id, x);
	return rc ? rc : load_reviewer(db, a, req ? req->reviewer : NULL, x);
}

/* Every reason in `why` with its numbers: the first after `first`, the
 * others after `lead`. */
static char *closure_lines(const struct qip_action *a, const struct closure_ctx *x, unsigned why, qip_date today,
			   const char *first, const char *lead)
{
	struct qip_action_facts facts;
	qip_action_facts(a, &facts);
	char *out = qip_strdup("");
	char line[400];
	for (int i = 0; i < QIP_CLOSE_COUNT; i++)
		if (why & (1u << i)) {
			char *next = qip_printf("%s%s%s", out, *out ? lead : first,
						qip_closure_describe(i, &facts, &x->c, today, a->unit, line, sizeof line));
			free(out);
			out = next;
		}
	return out;
}

int qip_action_closure_check(struct qip_db *db, const struct qip_action *a, const struct qip_closure_request *req,
			     unsigned skip, unsigned *why, char **text)
{
	struct closure_ctx x;
	int rc = closure_load(db, a, req, &x);
	*why = 0;
	*text = NULL;
	if (rc == QIP_OK) {
		struct qip_action_facts facts;
		qip_action_facts(a, &facts);
		*why = qip_rules_closure(&facts, &x.c, qip_db_today(db)) & ~skip;
		*text = closure_lines(a, &x, *why, qip_db_today(db), "", "\n");
	}
	closure_ctx_clear(&x);
	return rc;
}

static int check_text(struct qip_db *db, const char *text, const char *option)
{
	if (text && (qip_text_length(text) > 2000 || !qip_text_is_clean(text, true)))
		return qip_db_fail(db, QIP_EINVAL, "--%s: must be under 2000 characters, with no control characters", option);
	return QIP_OK;
}

int qip_action_close(struct qip_db *db, const char *ref, const struct qip_closure_request *req)
{
	struct qip_action a = { 0 };
	const char *override = req->override && *req->override ? req->override : NULL;
	int rc = need_reason(db, req->reason, "closing");
	if (rc == QIP_OK)
		rc = check_text(db, req->one_source_reason, "one-source-reason");
	if (rc == QIP_OK)
		rc = check_text(db, override, "override");
	if (rc == QIP_OK && req->override && !override)
		rc = qip_db_fail(db, QIP_EINVAL, "--override: an override needs a written reason");
	if (rc || (rc = begin_allowed(db, ref, &a, QIP_CHANGE_CLOSE)))
		return rc;
	struct closure_ctx x;
	qip_date today = qip_db_today(db);
	rc = closure_load(db, &a, req, &x);
	struct qip_action_facts facts;
	qip_action_facts(&a, &facts);
	unsigned why = rc ? 0 : qip_rules_closure(&facts, &x.c, today);
	/* An override sets the evidence aside, never who confirms: it still
	 * needs a reviewer who may confirm and is not the owner. */
	unsigned blocking = override ? why & (QIP_CLOSE_ALREADY_CLOSED | QIP_CLOSE_REVIEWER_REASONS) : why;
	char *lines = NULL;
	if (rc == QIP_OK && blocking) {
		lines = closure_lines(&a, &x, blocking, today, "\n  - ", "\n  - ");
		rc = qip_db_fail(db, QIP_EREFUSED, "%s cannot close%s:%s", a.ref,
				 override ? ", even by override" : " yet", lines);
	} else if (rc == QIP_OK && override && !why)
		rc = qip_db_fail(db, QIP_EINVAL, "--override: %s passes the closure check: close it without an override", a.ref);
	char *recorded = NULL;
	if (rc == QIP_OK) {
		if (override) {
			free(lines);
			lines = closure_lines(&a, &x, why, today, "", "; ");
			recorded = qip_printf("OVERRIDE by %s: %s. The closure check said: %s. %s", x.reviewer,
					      override, lines, req->reason);
		} else
			recorded = qip_printf("%s (confirmed by %s)", req->reason, x.reviewer);
		/* The window is the provider's setting (monitoring.cycles). */
		struct qip_settings set;
		struct qip_diags d;
		qip_diags_init(&d, NULL);
		rc = qip_settings_load(db, &set, &d);
		if (rc) {
			char *first = qip_diags_summary(&d), *said = qip_strdup(qip_db_error(db));
			rc = qip_db_fail(db, rc, "%s%s%s: nothing was closed", said, *first ? ": " : "", first);
			free(first);
			free(said);
		}
		qip_date until = qip_rules_monitor_until(a.cadence, today, set.value[QIP_SET_MONITOR_CYCLES]);
		qip_settings_clear(&set);
		qip_diags_free(&d);
		sqlite3_stmt *st = rc ? NULL : qip_db_stmt(db, "UPDATE action SET status = 'monitoring', closed_on = ?2,"
			" monitor_until = ?3, closure_reviewer_id = ?4, closure_override = ?5, closure_one_source = ?6,"
			" sustained = 0, updated_by = ?7, updated_at = qip_now() WHERE id = ?1");
		if (!st && rc == QIP_OK)
			rc = QIP_EDB;
		else if (st) {
			sqlite3_bind_int64(st, 1, a.id);
			qip_bind_date(st, 2, today);
			qip_bind_date(st, 3, until);
			sqlite3_bind_int64(st, 4, x.reviewer_id);
			qip_bind_text(st, 5, override);
			qip_bind_text(st, 6, req->one_source_reason && *req->one_source_reason ? req->one_source_reason : NULL);
			qip_bind_id(st, 7, qip_db_actor(db));
			rc = qip_db_exec_stmt(db, st);
		}
	}
	if (rc == QIP_OK)
		rc = record_decision(db, a.id, QIP_DEC_CLOSE, recorded, QIP_NO_DATE);
	free(recorded);
	free(lines);
	closure_ctx_clear(&x);
	return end_on(db, &a, rc);
}

/* by_rule: the monitoring rule or a re-audit reopens it, whoever's read
 * or audit set that off; otherwise the person acting needs the right. */
static int reopen(struct qip_db *db, const char *ref, const char *reason, bool by_rule)
{
	struct qip_action a = { 0 };
	int rc = need_reason(db, reason, "reopening");
	if (rc || (rc = by_rule ? begin_on(db, ref, &a) : begin_allowed(db, ref, &a, QIP_CHANGE_REOPEN)))
		return rc;
	if (a.status != QIP_STATUS_CLOSED && a.status != QIP_STATUS_MONITORING)
		rc = qip_db_fail(db, QIP_EREFUSED, "%s is %s, not closed or monitoring: nothing to reopen",
				 a.ref, qip_vocab_name(&qip_vocab_status, a.status));
	if (rc == QIP_OK)
		rc = set_columns(db, a.id, "status = 'reopened', closed_on = NULL, monitor_until = NULL,"
				 " closure_reviewer_id = NULL, closure_override = NULL, closure_one_source = NULL,"
				 " sustained = 0, next_review_on = ?3", NULL, qip_cadence_next(a.cadence, qip_db_today(db)));
	if (rc == QIP_OK)
		rc = record_decision(db, a.id, QIP_DEC_REOPEN, reason, QIP_NO_DATE);
	return end_on(db, &a, rc);
}

int qip_action_reopen(struct qip_db *db, const char *ref, const char *reason)
{
	return reopen(db, ref, reason, false);
}

int qip_action_review(struct qip_db *db, const char *ref, const char *decision, const char *reason)
{
	int d = qip_vocab_find(&qip_vocab_decision, decision);
	if (d == QIP_DEC_CLOSE)
		return qip_action_close(db, ref, &(struct qip_closure_request){ .reason = reason });
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
	if (rc || (rc = begin_allowed(db, ref, &a, QIP_CHANGE_REVIEW)))
		return rc;
	if (a.status == QIP_STATUS_CLOSED)
		rc = qip_db_fail(db, QIP_EREFUSED, "%s is closed: reopen it to review it again", a.ref);
	if (rc == QIP_OK)
		rc = set_columns(db, a.id, "next_review_on = ?3", NULL, qip_cadence_next(a.cadence, qip_db_today(db)));
	if (rc == QIP_OK)
		rc = record_decision(db, a.id, d, reason, QIP_NO_DATE);
	return end_on(db, &a, rc);
}

int qip_action_fell(struct qip_db *db, const char *ref, const char *reason)
{
	int rc = qip_db_begin(db);
	if (rc || (rc = reopen(db, ref, reason, true)))
		return qip_db_end(db, rc);
	/* The fall goes to the registered manager when someone can take it.
	 * An escalation already open, or nobody at the level, is no reason to
	 * keep the action closed: its savepoint is rolled back alone, and the
	 * reopening's history entry says why. */
	int64_t esc;
	(void)qip_escalation_raise(db, ref, QIP_LEVEL_RM, "recurring", NULL, reason, &esc);
	return qip_db_end(db, QIP_OK);
}

/* One action in monitoring whose rule says it fell or was sustained. */
static int monitor_one(struct qip_db *db, const struct qip_action *a, int state)
{
	char reason[600], value[QIP_NUMBER_LEN], target[QIP_NUMBER_LEN], until[QIP_DATE_LEN];
	if (state == QIP_MONITOR_FELL) {
		snprintf(reason, sizeof reason, "outcome below target while in monitoring: the latest reading, %s%s%s,"
			 " is %s the target of %s%s%s", qip_number_format(a->latest_value, value),
			 *a->unit ? " " : "", a->unit, a->direction == QIP_DIR_AT_MOST ? "above" : "short of",
			 qip_number_format(a->target, target), *a->unit ? " " : "", a->unit);
		return qip_action_fell(db, a->ref, reason);
	}
	snprintf(reason, sizeof reason, "monitoring window ended %s with no fall below target: closed and sustained",
		 qip_date_format(a->monitor_until, until));
	int rc = set_columns(db, a->id, "status = 'closed', sustained = 1", NULL, QIP_NO_DATE);
	return rc ? rc : record_decision(db, a->id, QIP_DEC_CLOSE, reason, QIP_NO_DATE);
}

int qip_action_monitor(struct qip_db *db, int64_t action_id, int *changed)
{
	if (changed)
		*changed = 0;
	/* Candidates first, read without a write lock, so that a list or a
	 * show with nothing to settle never takes one; the rule decides. From
	 * migration 15's covering index alone (the planner would otherwise
	 * read every monitoring action's row through action_status). */
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT a.id FROM action a INDEXED BY action_monitoring WHERE a.status = 'monitoring'"
		" AND (?2 = 0 OR a.id = ?2) AND (a.monitor_until < ?1 OR (a.target_value IS NOT NULL AND a.ev_last_on > a.closed_on"
		" AND a.ev_latest_value IS NOT NULL AND CASE a.target_direction WHEN 'at-most'"
		" THEN a.ev_latest_value > a.target_value ELSE a.ev_latest_value < a.target_value END))"
		" ORDER BY a.id");
	if (!st)
		return QIP_EDB;
	qip_bind_date(st, 1, qip_db_today(db));
	sqlite3_bind_int64(st, 2, action_id);
	int64_t *ids;
	int n;
	int rc = qip_db_ids(db, st, &ids, &n);
	if (rc || n == 0 || (rc = qip_db_require_writer(db)) || (rc = qip_db_begin(db))) {
		free(ids);
		return rc;
	}
	for (int i = 0; rc == QIP_OK && i < n; i++) {
		struct qip_action a = { 0 };
		if ((rc = qip_action_get_id(db, ids[i], &a)) == QIP_OK) {
			struct qip_action_facts facts;
			qip_action_facts(&a, &facts);
			int state = qip_rules_monitoring(&facts, qip_db_today(db));
			if (state == QIP_MONITOR_FELL || state == QIP_MONITOR_SUSTAINED) {
				rc = monitor_one(db, &a, state);
				if (rc == QIP_OK && changed)
					(*changed)++;
			}
		}
		qip_action_clear(&a);
	}
	free(ids);
	return qip_db_end(db, rc);
}
