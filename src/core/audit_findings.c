/* What an audit produces: failed questions grouped across samples become
 * proposed actions; a question that failed at the previous run too is a
 * repeat finding; the score is outcome evidence on the actions earlier
 * runs raised, and reopens those in monitoring when it falls short. */
#include "audit_internal.h"
#include "qip/permission.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qip/action.h"
#include "qip/escalation.h"
#include "qip/evidence.h"
#include "qip/person.h"
#include "qip/rules.h"
#include "qip/text.h"
#include "qip/vocab.h"

/* ---- Pure rules ---- */

static int finding_order(const void *a, const void *b)
{
	const struct qip_audit_finding *x = a, *y = b;
	if (x->critical != y->critical)
		return x->critical ? -1 : 1;
	return x->question - y->question;
}

int qip_audit_findings(const struct qip_template *t, const struct qip_answer *answers, int n,
		       struct qip_audit_finding **out, int *nout)
{
	*out = NULL;
	*nout = 0;
	int *failed = qip_xcalloc((size_t)t->nquestions + 1, sizeof *failed);
	int *asked = qip_xcalloc((size_t)t->nquestions + 1, sizeof *asked);
	for (int i = 0; i < n; i++) {
		const struct qip_answer *a = &answers[i];
		if (a->question < 0 || a->question >= t->nquestions || a->reply == QIP_REPLY_NONE ||
		    a->reply == QIP_REPLY_NA)
			continue;
		asked[a->question]++;
		failed[a->question] += qip_answer_failed(t, a);
	}
	for (int q = 0; q < t->nquestions; q++) {
		if (!failed[q])
			continue;
		*out = qip_xrealloc(*out, (size_t)(*nout + 1) * sizeof **out);
		(*out)[(*nout)++] = (struct qip_audit_finding){
			.question = q, .failed = failed[q], .asked = asked[q], .critical = t->questions[q].critical,
		};
	}
	if (*nout > 1)
		qsort(*out, (size_t)*nout, sizeof **out, finding_order);
	free(failed);
	free(asked);
	return QIP_OK;
}

const char *qip_audit_subject_words(const struct qip_template *t, int count)
{
	static const char *const one[] = { "person", "room", "record", "member of staff", "subject" };
	static const char *const many[] = { "people", "rooms", "records", "staff", "subjects" };
	int s = t->sampled ? (int)t->subject : QIP_SUBJECT_OTHER;
	if (s < 0 || s > QIP_SUBJECT_OTHER)
		s = QIP_SUBJECT_OTHER;
	return count == 1 ? one[s] : many[s];
}

bool qip_audit_is_repeat(const char *question, const char *const *previous_failed, int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(question, previous_failed[i]))
			return true;
	return false;
}

/* ---- Producing, on finish ---- */

/* The previous complete run of the same template key at the service,
 * before this one: *prev 0 when none. */
static int previous_run(struct qip_db *db, const struct qip_audit_run *r, int64_t *prev, qip_date *on)
{
	*prev = 0;
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT p.id, p.run_on FROM audit_run p JOIN audit_template pt ON pt.id = p.template_id"
		" WHERE p.service_id = ?2 AND p.status = 'complete' AND p.id <> ?1"
		" AND pt.key = (SELECT key FROM audit_template WHERE id = ?3)"
		" AND (p.run_on < ?4 OR (p.run_on = ?4 AND p.id < ?1))"
		" ORDER BY p.run_on DESC, p.id DESC LIMIT 1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_int64(st, 2, r->service_id);
	sqlite3_bind_int64(st, 3, r->template_id);
	qip_bind_date(st, 4, r->run_on);
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		*prev = sqlite3_column_int64(st, 0);
		*on = qip_col_date(st, 1);
	}
	return qip_db_finish(db, st, src);
}

/* The questions that failed at a run, malloc'd. */
static int failed_questions(struct qip_db *db, int64_t run_id, char ***out, int *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT DISTINCT question FROM audit_answer WHERE run_id = ?1 AND failed");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, run_id);
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*out = qip_xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		(*out)[(*n)++] = qip_col_strdup(st, 0);
	}
	return qip_db_finish(db, st, src);
}

/* An earlier run's action for this question at the service, not closed:
 * where a repeat finding naturally belongs. */
static int open_action_for(struct qip_db *db, const struct qip_audit_run *r, const char *question, int64_t *action)
{
	*action = 0;
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT a.id FROM audit_proposal p JOIN audit_run x ON x.id = p.run_id"
		" JOIN audit_template xt ON xt.id = x.template_id JOIN action a ON a.id = p.action_id"
		" WHERE p.question = ?1 AND x.service_id = ?2 AND x.id <> ?3 AND a.status <> 'closed'"
		" AND xt.key = (SELECT key FROM audit_template WHERE id = ?4)"
		" ORDER BY x.run_on DESC, x.id DESC LIMIT 1");
	if (!st)
		return QIP_EDB;
	qip_bind_text(st, 1, question);
	sqlite3_bind_int64(st, 2, r->service_id);
	sqlite3_bind_int64(st, 3, r->id);
	sqlite3_bind_int64(st, 4, r->template_id);
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		*action = sqlite3_column_int64(st, 0);
	return qip_db_finish(db, st, src);
}

/* "Room 4, Room 7 and AB": the subjects that failed a question. */
static char *failed_subjects(const struct qip_audit_run *r, int question)
{
	size_t len = 1;
	for (int i = 0; i < r->nanswers; i++)
		if (r->answers[i].question == question && r->answers[i].sample < r->nsubjects)
			len += strlen(r->subjects[r->answers[i].sample]) + 2;
	char *out = qip_xcalloc(len, 1);
	for (int i = 0; i < r->nanswers; i++) {
		const struct qip_answer *a = &r->answers[i];
		if (a->question != question || a->sample >= r->nsubjects || !qip_answer_failed(r->template, a))
			continue;
		if (*out)
			strcat(out, ", ");
		strcat(out, r->subjects[a->sample]);
	}
	return out;
}

/* Cut to max characters (by bytes on a character boundary, ending "..."). */
static void cut(char *s, size_t max)
{
	if (qip_text_length(s) <= max)
		return;
	size_t n = 0, chars = 0;
	while (s[n] && chars < max - 3) {
		n++;
		while (((unsigned char)s[n] & 0xC0) == 0x80)
			n++;
		chars++;
	}
	strcpy(s + n, "...");
}

static int insert_proposal(struct qip_db *db, const struct qip_audit_run *r, const struct qip_audit_finding *f,
			   bool repeat, qip_date prev_on)
{
	const struct qip_template *t = r->template;
	const struct qip_question *q = &t->questions[f->question];
	const struct qip_on_fail *of = q->on_fail;
	char when[QIP_DATE_TEXT_LEN], prev[QIP_DATE_TEXT_LEN];
	qip_date_text(r->run_on, when);
	qip_date_text(prev_on, prev);

	size_t tlen = strlen(q->text) + 32;
	char *title = qip_xmalloc(tlen);
	if (of && of->action)
		snprintf(title, tlen, "%s", of->action);
	else
		snprintf(title, tlen, "Put right: %s", q->text);
	for (char *p = title; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	cut(title, 300);

	char *who = failed_subjects(r, f->question);
	size_t blen = strlen(q->text) + strlen(t->title) + strlen(r->service) + strlen(who) +
		      (of && of->baseline ? strlen(of->baseline) : 0) + 300;
	char *baseline = qip_xmalloc(blen);
	int o = snprintf(baseline, blen, "%s%s%s at %s on %s: '%s' failed", of && of->baseline ? of->baseline : "",
			 of && of->baseline ? "\n" : "", t->title, r->service, when, q->text);
	if (t->sampled && !t->sections[q->section].once)
		o += snprintf(baseline + o, blen - (size_t)o, " for %d of %d %s (%s)", f->failed, f->asked,
			      qip_audit_subject_words(t, f->asked), who);
	o += snprintf(baseline + o, blen - (size_t)o, ".");
	if (f->critical)
		o += snprintf(baseline + o, blen - (size_t)o, " A critical question: the audit fails on it.");
	if (repeat)
		snprintf(baseline + o, blen - (size_t)o, " Repeat finding: it also failed at the audit on %s.", prev);
	cut(baseline, 2000);

	size_t olen = strlen(q->text) + 100;
	char *outcome = qip_xmalloc(olen + (of && of->outcome ? strlen(of->outcome) : 0));
	if (of && of->outcome)
		strcpy(outcome, of->outcome);
	else
		snprintf(outcome, olen, "'%s' met every time at re-audit", q->text);
	cut(outcome, 2000);

	const char *role = of && of->owner_role ? of->owner_role : t->owner_role;
	int64_t owner = 0, merge_into = 0;
	int rc = role ? qip_service_role_person(db, r->service_id, role, &owner) : QIP_OK;
	if (rc == QIP_OK && repeat)
		rc = open_action_for(db, r, q->id, &merge_into);
	sqlite3_stmt *st = rc ? NULL : qip_db_stmt(db,
		"INSERT INTO audit_proposal(uuid, run_id, question, failed, asked, critical, repeat, title, baseline,"
		" outcome, target, due_on, owner_role, owner_id, merge_into)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
	if (rc == QIP_OK && !st)
		rc = QIP_EDB;
	if (rc == QIP_OK) {
		char uuid[37];
		qip_uuid(uuid);
		qip_bind_text(st, 1, uuid);
		sqlite3_bind_int64(st, 2, r->id);
		qip_bind_text(st, 3, q->id);
		sqlite3_bind_int(st, 4, f->failed);
		sqlite3_bind_int(st, 5, f->asked);
		sqlite3_bind_int(st, 6, f->critical);
		sqlite3_bind_int(st, 7, repeat);
		qip_bind_text(st, 8, title);
		qip_bind_text(st, 9, baseline);
		qip_bind_text(st, 10, outcome);
		sqlite3_bind_double(st, 11, of ? of->target : 100);
		qip_bind_date(st, 12, r->run_on + (of ? of->due_days : 28));
		qip_bind_text(st, 13, role ? role : "");
		qip_bind_id(st, 14, owner);
		qip_bind_id(st, 15, merge_into);
		rc = qip_db_exec_stmt(db, st);
	}
	free(title);
	free(who);
	free(baseline);
	free(outcome);
	return rc;
}

static int mark_repeat(struct qip_db *db, int64_t run_id, const char *question)
{
	sqlite3_stmt *st = qip_db_stmt(db, "UPDATE audit_answer SET repeat = 1 WHERE run_id = ?1 AND question = ?2 AND failed");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, run_id);
	qip_bind_text(st, 2, question);
	return qip_db_exec_stmt(db, st);
}

/* The actions earlier runs of this template at this service raised (or
 * had findings merged into) that are not closed, with status and target. */
struct earlier {
	int64_t id;
	char ref[16];
	int status;
	bool has_target;
	double target;
	int direction;
};

static int earlier_actions(struct qip_db *db, const struct qip_audit_run *r, struct earlier **out, int *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT DISTINCT a.id, a.ref, a.status, a.target_value, a.target_direction"
		" FROM audit_proposal p JOIN audit_run x ON x.id = p.run_id"
		" JOIN audit_template xt ON xt.id = x.template_id JOIN action a ON a.id = p.action_id"
		" WHERE x.service_id = ?1 AND x.id <> ?2 AND a.status <> 'closed'"
		" AND xt.key = (SELECT key FROM audit_template WHERE id = ?3) ORDER BY a.id");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, r->service_id);
	sqlite3_bind_int64(st, 2, r->id);
	sqlite3_bind_int64(st, 3, r->template_id);
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*out = qip_xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		struct earlier *e = &(*out)[(*n)++];
		e->id = sqlite3_column_int64(st, 0);
		snprintf(e->ref, sizeof e->ref, "%s", (const char *)sqlite3_column_text(st, 1));
		e->status = qip_vocab_find(&qip_vocab_status, (const char *)sqlite3_column_text(st, 2));
		e->has_target = sqlite3_column_type(st, 3) != SQLITE_NULL;
		e->target = sqlite3_column_double(st, 3);
		e->direction = qip_vocab_find(&qip_vocab_direction, (const char *)sqlite3_column_text(st, 4));
	}
	return qip_db_finish(db, st, src);
}

/* The score as outcome evidence on each earlier action; an action in
 * monitoring whose target the score misses is reopened (domain rule 6). */
static int evidence_to_earlier(struct qip_db *db, const struct qip_audit_run *r)
{
	if (!r->score.scored)
		return QIP_OK;
	struct earlier *v;
	int n, rc = earlier_actions(db, r, &v, &n);
	char pct[QIP_NUMBER_LEN], tgt[QIP_NUMBER_LEN], date[QIP_DATE_LEN], when[QIP_DATE_TEXT_LEN];
	/* Stored exactly; shown to one decimal place in words. */
	qip_number_format(r->score.percent, pct);
	qip_date_format(r->run_on, date);
	qip_date_text(r->run_on, when);
	char note[600], source[80];
	snprintf(source, sizeof source, "audit run %lld", (long long)r->id);
	for (int i = 0; rc == QIP_OK && i < n; i++) {
		struct earlier *e = &v[i];
		double target = e->has_target ? e->target : r->template->target;
		int direction = e->has_target ? e->direction : QIP_DIR_AT_LEAST;
		bool met = qip_rules_target_met(r->score.percent, target, direction);
		qip_number_format(target, tgt);
		snprintf(note, sizeof note, "Re-audit: %s at %s on %s scored %.1f%% (%s), %s the target of %s%%.",
			 r->template->title, r->service, when, r->score.percent,
			 r->score.passed ? "passed" : "failed", met ? "meeting" : "short of", tgt);
		struct qip_evidence_new ev = { .kind = "outcome", .category = "processes", .note = note,
					       .source = source, .value = pct, .date = date };
		/* Reopened first, naming the audit, so the reading added after
		 * finds it reopened rather than reopening it in general words. */
		if (e->status == QIP_STATUS_MONITORING && !met) {
			char reason[700];
			snprintf(reason, sizeof reason, "re-audit below target while in monitoring: %s on %s scored %.1f%%"
				 " against a target of %s%% (audit run %lld)", r->template->title, when,
				 r->score.percent, tgt, (long long)r->id);
			rc = qip_action_fell(db, e->ref, reason);
		}
		if (rc == QIP_OK)
			rc = qip_evidence_add(db, e->ref, &ev, NULL);
	}
	free(v);
	return rc;
}

static int accept_pending(struct qip_db *db, int64_t run_id)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT id FROM audit_proposal WHERE run_id = ?1 AND status = 'pending' ORDER BY id");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, run_id);
	int64_t *ids;
	int n;
	int rc = qip_db_ids(db, st, &ids, &n);
	for (int i = 0; rc == QIP_OK && i < n; i++)
		rc = qip_audit_proposal_accept(db, ids[i], NULL);
	free(ids);
	return rc;
}

int audit_produce(struct qip_db *db, const struct qip_audit_run *r, bool accept_all)
{
	int64_t prev;
	qip_date prev_on = QIP_NO_DATE;
	char **prev_failed = NULL;
	int nprev = 0;
	int rc = previous_run(db, r, &prev, &prev_on);
	if (rc == QIP_OK && prev)
		rc = failed_questions(db, prev, &prev_failed, &nprev);
	/* Evidence first: it goes to the actions earlier runs raised, not to
	 * the ones this run is about to make. */
	if (rc == QIP_OK)
		rc = evidence_to_earlier(db, r);
	for (int i = 0; rc == QIP_OK && i < r->nfindings; i++) {
		const struct qip_question *q = &r->template->questions[r->findings[i].question];
		bool repeat = qip_audit_is_repeat(q->id, (const char *const *)prev_failed, nprev);
		if (repeat)
			rc = mark_repeat(db, r->id, q->id);
		if (rc == QIP_OK)
			rc = insert_proposal(db, r, &r->findings[i], repeat, prev_on);
	}
	for (int i = 0; i < nprev; i++)
		free(prev_failed[i]);
	free(prev_failed);
	if (rc == QIP_OK && accept_all)
		rc = accept_pending(db, r->id);
	return rc;
}

/* ---- Proposals ---- */

void qip_audit_proposal_clear(struct qip_audit_proposal *p)
{
	free(p->question);
	free(p->title);
	free(p->baseline);
	free(p->outcome);
	free(p->owner);
	free(p->owner_role);
	memset(p, 0, sizeof *p);
}

#define PROPOSAL_COLUMNS \
	"p.id, p.run_id, p.question, p.failed, p.asked, p.critical, p.repeat, p.title, p.baseline, p.outcome," \
	" p.target, p.due_on, coalesce(p.owner_id, 0), coalesce(o.name, ''), p.owner_role," \
	" coalesce(p.merge_into, 0), p.status, coalesce(p.action_id, 0), coalesce(a.ref, '')" \
	" FROM audit_proposal p LEFT JOIN person o ON o.id = p.owner_id LEFT JOIN action a ON a.id = p.action_id"

static void read_proposal(sqlite3_stmt *st, struct qip_audit_proposal *p)
{
	static const char *const statuses[] = { "pending", "accepted", "skipped", "merged" };
	*p = (struct qip_audit_proposal){
		.id = sqlite3_column_int64(st, 0), .run_id = sqlite3_column_int64(st, 1),
		.question = qip_col_strdup(st, 2), .failed = sqlite3_column_int(st, 3),
		.asked = sqlite3_column_int(st, 4), .critical = sqlite3_column_int(st, 5),
		.repeat = sqlite3_column_int(st, 6), .title = qip_col_strdup(st, 7),
		.baseline = qip_col_strdup(st, 8), .outcome = qip_col_strdup(st, 9),
		.target = sqlite3_column_double(st, 10), .due = qip_col_date(st, 11),
		.owner_id = sqlite3_column_int64(st, 12), .owner = qip_col_strdup(st, 13),
		.owner_role = qip_col_strdup(st, 14), .merge_into = sqlite3_column_int64(st, 15),
		.action_id = sqlite3_column_int64(st, 17),
	};
	for (int i = 0; i < 4; i++)
		if (!strcmp((const char *)sqlite3_column_text(st, 16), statuses[i]))
			p->status = i;
	snprintf(p->ref, sizeof p->ref, "%s", (const char *)sqlite3_column_text(st, 18));
}

int qip_audit_proposals(struct qip_db *db, int64_t run_id,
			int (*row)(void *ctx, const struct qip_audit_proposal *p), void *ctx)
{
	/* Critical first, as the finish screen lists them. */
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT " PROPOSAL_COLUMNS " WHERE p.run_id = ?1 ORDER BY p.critical DESC, p.id");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, run_id);
	int src, stop = 0;
	while (!stop && (src = sqlite3_step(st)) == SQLITE_ROW) {
		struct qip_audit_proposal p;
		read_proposal(st, &p);
		stop = row(ctx, &p);
		qip_audit_proposal_clear(&p);
	}
	return qip_db_finish(db, st, src);
}

/* Loads a pending proposal inside a write. */
static int pending(struct qip_db *db, int64_t id, struct qip_audit_proposal *p)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT " PROPOSAL_COLUMNS " WHERE p.id = ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, id);
	int src = sqlite3_step(st);
	if (src != SQLITE_ROW) {
		sqlite3_reset(st);
		return src == SQLITE_DONE ? qip_db_fail(db, QIP_ENOTFOUND, "no proposed action %lld", (long long)id)
					  : qip_db_sqlite_fail(db, src);
	}
	read_proposal(st, p);
	sqlite3_reset(st);
	static const char *const done[] = { "", "accepted as", "skipped", "merged into" };
	if (p->status != QIP_PROPOSAL_PENDING)
		return qip_db_fail(db, QIP_EREFUSED, "the proposed action for '%s' is already %s%s%s", p->question,
				   done[p->status], *p->ref ? " " : "", p->ref);
	return QIP_OK;
}

static int set_decided(struct qip_db *db, int64_t id, const char *status, int64_t action_id)
{
	sqlite3_stmt *st = qip_db_stmt(db, "UPDATE audit_proposal SET status = ?2, action_id = ?3, decided_by = ?4 WHERE id = ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, id);
	qip_bind_text(st, 2, status);
	qip_bind_id(st, 3, action_id);
	qip_bind_id(st, 4, qip_db_actor(db));
	return qip_db_exec_stmt(db, st);
}

/* A repeat finding goes on the escalation queue at level 2. An action
 * that already has an open escalation below level 2 has it raised; when
 * nobody can take level 2 the finding stays marked on the run and the
 * action, and the action is still made (the queue is not a gate). */
static int escalate_repeat(struct qip_db *db, const char *ref, int64_t action_id, const char *question)
{
	int64_t open = 0;
	int rc = qip_escalation_open_on(db, action_id, &open);
	if (rc || open)
		return rc;
	char note[300];
	snprintf(note, sizeof note, "repeat audit finding: '%s' failed again", question);
	if ((rc = qip_db_begin(db)))
		return rc;
	rc = qip_escalation_raise(db, ref, QIP_LEVEL_NI, "recurring", NULL, note, NULL);
	if (rc == QIP_EREFUSED) {
		qip_db_end(db, rc);   /* rolls back the savepoint only */
		return QIP_OK;
	}
	return qip_db_end(db, rc);
}

/* Deciding a finding is managing the actions of the audited service. */
static int may_decide(struct qip_db *db, int64_t proposal_id)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT coalesce((SELECT r.service_id FROM audit_proposal p"
				       " JOIN audit_run r ON r.id = p.run_id WHERE p.id = ?1), 0)");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, proposal_id);
	int64_t service_id;
	int rc = qip_db_scalar(db, st, &service_id);
	return rc ? rc : qip_permission_check(db, QIP_PERM_ACTIONS, service_id, 0);
}

int qip_audit_proposal_accept(struct qip_db *db, int64_t proposal_id, char ref_out[16])
{
	int rc = may_decide(db, proposal_id);
	if (rc || (rc = qip_db_begin(db)))
		return rc;
	struct qip_audit_proposal p = { 0 };
	if ((rc = pending(db, proposal_id, &p))) {
		qip_audit_proposal_clear(&p);
		return qip_db_end(db, rc);
	}
	if (p.merge_into) {
		struct qip_action a = { 0 };
		if ((rc = qip_action_get_id(db, p.merge_into, &a)) == QIP_OK) {
			qip_audit_proposal_clear(&p);
			char ref[16];
			snprintf(ref, sizeof ref, "%s", a.ref);
			qip_action_clear(&a);
			rc = qip_audit_proposal_merge(db, proposal_id, ref);
			if (rc == QIP_OK && ref_out)
				snprintf(ref_out, 16, "%s", ref);
			return qip_db_end(db, rc);
		}
		qip_action_clear(&a);
	}
	/* The run, for the action's service and the template's tags. */
	struct qip_audit_run r;
	if ((rc = audit_run_load(db, p.run_id, &r)) == QIP_OK) {
		const struct qip_template *t = r.template;
		char due[QIP_DATE_LEN], target[QIP_NUMBER_LEN], source_ref[200], when[QIP_DATE_TEXT_LEN];
		snprintf(source_ref, sizeof source_ref, "audit run %lld: %s version %d, %s", (long long)r.id,
			 t->key, t->version, qip_date_text(r.run_on, when));
		size_t slen = 1;
		for (int i = 0; i < t->nstatements; i++)
			slen += strlen(t->statements[i]) + 1;
		char *statements = qip_xcalloc(slen, 1);
		for (int i = 0; i < t->nstatements; i++) {
			strcat(statements, i ? "," : "");
			strcat(statements, t->statements[i]);
		}
		struct qip_action_input in = { 0 };
		in.field[QIP_AF_TITLE] = p.title;
		in.field[QIP_AF_SERVICE] = r.service;
		in.field[QIP_AF_BASELINE] = p.baseline;
		in.field[QIP_AF_OUTCOME] = p.outcome;
		in.field[QIP_AF_TARGET] = qip_number_format(p.target, target);
		in.field[QIP_AF_UNIT] = "%";
		in.field[QIP_AF_DUE] = qip_date_format(p.due, due);
		in.field[QIP_AF_SOURCE] = "audit";
		in.field[QIP_AF_SOURCE_REF] = source_ref;
		in.field[QIP_AF_EVIDENCE_REQUIRED] = "re-audit score";
		if (t->area)
			in.field[QIP_AF_AREA] = t->area;
		if (t->key_question >= 0)
			in.field[QIP_AF_KEY_QUESTION] = qip_vocab_name(&qip_vocab_key_question, t->key_question);
		if (*statements)
			in.field[QIP_AF_STATEMENTS] = statements;
		char ref[QIP_REF_LEN] = "";
		int64_t action_id = 0;
		rc = qip_action_add(db, &in, ref);
		if (rc == QIP_OK)
			rc = qip_action_resolve(db, ref, &action_id);
		/* The owner by id: two people may share a name. */
		if (rc == QIP_OK && p.owner_id) {
			sqlite3_stmt *st = qip_db_stmt(db, "UPDATE action SET owner_id = ?2 WHERE id = ?1");
			if (!st)
				rc = QIP_EDB;
			else {
				sqlite3_bind_int64(st, 1, action_id);
				sqlite3_bind_int64(st, 2, p.owner_id);
				rc = qip_db_exec_stmt(db, st);
			}
		}
		if (rc == QIP_OK)
			rc = set_decided(db, proposal_id, "accepted", action_id);
		if (rc == QIP_OK && p.repeat)
			rc = escalate_repeat(db, ref, action_id, p.question);
		if (rc == QIP_OK && ref_out)
			snprintf(ref_out, 16, "%s", ref);
		free(statements);
	}
	qip_audit_run_clear(&r);
	qip_audit_proposal_clear(&p);
	return qip_db_end(db, rc);
}

int qip_audit_proposal_skip(struct qip_db *db, int64_t proposal_id)
{
	int rc = may_decide(db, proposal_id);
	if (rc || (rc = qip_db_begin(db)))
		return rc;
	struct qip_audit_proposal p = { 0 };
	if ((rc = pending(db, proposal_id, &p)) == QIP_OK)
		rc = set_decided(db, proposal_id, "skipped", 0);
	qip_audit_proposal_clear(&p);
	return qip_db_end(db, rc);
}

int qip_audit_proposal_merge(struct qip_db *db, int64_t proposal_id, const char *ref)
{
	int rc = may_decide(db, proposal_id);
	if (rc || (rc = qip_db_begin(db)))
		return rc;
	struct qip_audit_proposal p = { 0 };
	struct qip_action a = { 0 };
	if ((rc = pending(db, proposal_id, &p)) == QIP_OK && (rc = qip_action_get(db, ref ? ref : "", &a)) == QIP_OK &&
	    a.status == QIP_STATUS_CLOSED)
		rc = qip_db_fail(db, QIP_EREFUSED, "%s is closed: merge the finding into an open action, or accept it as a new one",
				 a.ref);
	if (rc == QIP_OK)
		rc = set_decided(db, proposal_id, "merged", a.id);
	if (rc == QIP_OK && p.repeat)
		rc = escalate_repeat(db, a.ref, a.id, p.question);
	qip_action_clear(&a);
	qip_audit_proposal_clear(&p);
	return qip_db_end(db, rc);
}

int qip_audit_proposal_edit(struct qip_db *db, int64_t proposal_id, const struct qip_audit_proposal_edit *e)
{
	int rc = may_decide(db, proposal_id);
	if (rc)
		return rc;
	char msg[400];
	struct { const char *text; int field; } checks[] = {
		{ e->title, QIP_AF_TITLE }, { e->baseline, QIP_AF_BASELINE }, { e->outcome, QIP_AF_OUTCOME },
		{ e->target, QIP_AF_TARGET }, { e->due, QIP_AF_DUE }, { e->owner, QIP_AF_OWNER },
	};
	for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++)
		if (checks[i].text && qip_action_check_field(db, checks[i].field, checks[i].text, msg, sizeof msg))
			return qip_db_fail(db, QIP_EINVAL, "%s", msg);
	double target = 0;
	const char *end;
	if (e->target && (qip_number_parse(e->target, &target, &end) || (*end && strcmp(end, "%"))))
		return audit_fail_value(db, QIP_EINVAL, "target '%s' must be a percentage such as 95", e->target);
	qip_date due = QIP_NO_DATE;
	if (e->due && !qip_date_parse(e->due, qip_db_today(db), &due))
		return audit_fail_value(db, QIP_EINVAL, "due date '%s' is not a date", e->due);
	int64_t owner = 0;
	if (e->owner && *e->owner && (rc = qip_person_find_active(db, e->owner, &owner)))
		return rc;
	if ((rc = qip_db_begin(db)))
		return rc;
	struct qip_audit_proposal p = { 0 };
	if ((rc = pending(db, proposal_id, &p)) == QIP_OK) {
		sqlite3_stmt *st = qip_db_stmt(db,
			"UPDATE audit_proposal SET title = coalesce(?2, title), baseline = coalesce(?3, baseline),"
			" outcome = coalesce(?4, outcome), target = iif(?5, ?6, target), due_on = iif(?7, ?8, due_on),"
			" owner_id = iif(?9, ?10, owner_id) WHERE id = ?1");
		if (!st)
			rc = QIP_EDB;
		else {
			sqlite3_bind_int64(st, 1, proposal_id);
			qip_bind_text(st, 2, e->title);
			qip_bind_text(st, 3, e->baseline);
			qip_bind_text(st, 4, e->outcome);
			sqlite3_bind_int(st, 5, e->target != NULL);
			sqlite3_bind_double(st, 6, target);
			sqlite3_bind_int(st, 7, e->due != NULL);
			qip_bind_date(st, 8, due);
			sqlite3_bind_int(st, 9, e->owner != NULL);
			qip_bind_id(st, 10, owner);
			rc = qip_db_exec_stmt(db, st);
		}
	}
	qip_audit_proposal_clear(&p);
	return qip_db_end(db, rc);
}

int qip_audit_runs_for_action(struct qip_db *db, int64_t action_id,
			      int (*row)(void *ctx, int64_t run_id, const char *question, bool repeat), void *ctx)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT run_id, question, repeat FROM audit_proposal"
				       " WHERE action_id = ?1 ORDER BY run_id, id");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, action_id);
	int src, stop = 0;
	while (!stop && (src = sqlite3_step(st)) == SQLITE_ROW)
		stop = row(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
			   sqlite3_column_int(st, 2));
	return qip_db_finish(db, st, src);
}
