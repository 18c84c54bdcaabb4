/* Audit runs and answers: start, name subjects, answer one question at a
 * time (each its own transaction), resume, finish with the score. */
#include "audit_internal.h"
#include "qip/permission.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "qip/person.h"
#include "qip/service.h"
#include "qip/text.h"
#include "qip/vocab.h"

/* Leading and trailing blanks are not part of what was typed. */
static void trim(char *s)
{
	size_t n = strlen(s), i = 0;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	memmove(s, s + i, n - i + 1);
}

int audit_fail_value(struct qip_db *db, int rc, const char *fmt, const char *value)
{
	char *shown = qip_text_escape(value ? value : "");
	if (strlen(shown) > 60)
		strcpy(shown + 57, "...");
	rc = qip_db_fail(db, rc, fmt, shown);
	free(shown);
	return rc;
}

/* ---- Loading ---- */

void qip_audit_run_clear(struct qip_audit_run *r)
{
	qip_template_free(r->template);
	free(r->service);
	free(r->auditor);
	for (int i = 0; i < r->nsubjects; i++)
		free(r->subjects[i]);
	free(r->subjects);
	for (int i = 0; i < r->nanswers; i++)
		free(r->notes[i]);
	free(r->notes);
	free(r->answers);
	free(r->repeat);
	free(r->sections);
	free(r->findings);
	memset(r, 0, sizeof *r);
}

/* A stored answer as the scorer reads it. false when the question's type
 * no longer reads it (it cannot happen for answers this module wrote). */
static bool stored_reply(const struct qip_question *q, const char *answer, bool has_value,
			 double value, struct qip_answer *a)
{
	switch (q->type) {
	case QIP_Q_YES_NO:
	case QIP_Q_YES_NO_NA:
		a->reply = !strcmp(answer, "yes") ? QIP_REPLY_YES : !strcmp(answer, "no") ? QIP_REPLY_NO
			   : !strcmp(answer, "na") ? QIP_REPLY_NA : QIP_REPLY_NONE;
		return a->reply != QIP_REPLY_NONE;
	case QIP_Q_NUMBER:
		a->reply = QIP_REPLY_NUMBER;
		a->number = value;
		return has_value;
	case QIP_Q_CHOICE:
		for (int i = 0; i < q->nchoices; i++)
			if (!strcmp(q->choices[i].label, answer)) {
				a->reply = QIP_REPLY_CHOICE;
				a->choice = i;
				return true;
			}
		return false;
	case QIP_Q_TEXT:
		a->reply = QIP_REPLY_TEXT;
		return true;
	}
	return false;
}

int audit_run_load(struct qip_db *db, int64_t run_id, struct qip_audit_run *r)
{
	memset(r, 0, sizeof *r);
	r->id = run_id;
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT r.uuid, t.key, t.version, r.template_id, r.service_id, s.name, r.auditor_id,"
		" coalesce(p.name, ''), r.run_on, r.status = 'complete'"
		" FROM audit_run r JOIN audit_template t ON t.id = r.template_id"
		" JOIN service s ON s.id = r.service_id LEFT JOIN person p ON p.id = r.auditor_id"
		" WHERE r.id = ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, run_id);
	int src = sqlite3_step(st);
	if (src != SQLITE_ROW) {
		sqlite3_reset(st);
		if (src != SQLITE_DONE)
			return qip_db_sqlite_fail(db, src);
		return qip_db_fail(db, QIP_ENOTFOUND, "no audit run %lld", (long long)run_id);
	}
	snprintf(r->uuid, sizeof r->uuid, "%s", (const char *)sqlite3_column_text(st, 0));
	char *key = qip_col_strdup(st, 1);
	int version = sqlite3_column_int(st, 2);
	r->template_id = sqlite3_column_int64(st, 3);
	r->service_id = sqlite3_column_int64(st, 4);
	r->service = qip_col_strdup(st, 5);
	r->auditor_id = sqlite3_column_int64(st, 6);
	r->auditor = qip_col_strdup(st, 7);
	r->run_on = qip_col_date(st, 8);
	r->complete = sqlite3_column_int(st, 9);
	sqlite3_reset(st);
	int rc = qip_template_get(db, key, version, &r->template, NULL, NULL);
	free(key);
	if (rc)
		return rc;

	st = qip_db_stmt(db, "SELECT sample, subject FROM audit_subject WHERE run_id = ?1 ORDER BY sample");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, run_id);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		r->subjects = qip_xrealloc(r->subjects, (size_t)(r->nsubjects + 1) * sizeof *r->subjects);
		r->subjects[r->nsubjects++] = qip_col_strdup(st, 1);
	}
	if ((rc = qip_db_finish(db, st, src)))
		return rc;

	st = qip_db_stmt(db, "SELECT sample, question, answer, value, note, repeat FROM audit_answer"
			 " WHERE run_id = ?1 ORDER BY sample, id");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, run_id);
	int cap = 0;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		int q = qip_template_question(r->template, (const char *)sqlite3_column_text(st, 1));
		struct qip_answer a = { .sample = sqlite3_column_int(st, 0), .question = q };
		if (q < 0 || !stored_reply(&r->template->questions[q], (const char *)sqlite3_column_text(st, 2),
					   sqlite3_column_type(st, 3) != SQLITE_NULL,
					   sqlite3_column_double(st, 3), &a))
			continue;
		if (r->nanswers == cap) {
			cap = cap ? cap * 2 : 32;
			r->answers = qip_xrealloc(r->answers, (size_t)cap * sizeof *r->answers);
			r->notes = qip_xrealloc(r->notes, (size_t)cap * sizeof *r->notes);
			r->repeat = qip_xrealloc(r->repeat, (size_t)cap * sizeof *r->repeat);
		}
		r->answers[r->nanswers] = a;
		r->notes[r->nanswers] = qip_col_strdup(st, 4);
		r->repeat[r->nanswers] = sqlite3_column_int(st, 5);
		r->nanswers++;
	}
	return qip_db_finish(db, st, src);
}

/* Scores per section and overall, and the findings, from the answers. */
static int score_run(struct qip_db *db, struct qip_audit_run *r)
{
	const struct qip_template *t = r->template;
	char err[300];
	if (qip_template_score(t, r->answers, (size_t)r->nanswers, &r->score, err, sizeof err))
		return qip_db_fail(db, QIP_EINVAL, "%s", err);
	r->band = r->score.scored ? qip_template_band(t, r->score.percent) : QIP_BAND_NONE;
	r->sections = qip_xcalloc((size_t)t->nsections, sizeof *r->sections);
	struct qip_answer *part = qip_xcalloc((size_t)r->nanswers + 1, sizeof *part);
	for (int s = 0; s < t->nsections; s++) {
		int n = 0;
		for (int i = 0; i < r->nanswers; i++)
			if (t->questions[r->answers[i].question].section == s)
				part[n++] = r->answers[i];
		qip_template_score(t, part, (size_t)n, &r->sections[s], err, sizeof err);
	}
	free(part);
	return qip_audit_findings(t, r->answers, r->nanswers, &r->findings, &r->nfindings);
}

int qip_audit_run_get(struct qip_db *db, int64_t run_id, struct qip_audit_run *out)
{
	int rc = audit_run_load(db, run_id, out);
	if (rc == QIP_OK && out->complete)
		rc = score_run(db, out);
	if (rc)
		qip_audit_run_clear(out);
	return rc;
}

/* ---- Starting and answering ---- */

int qip_audit_start(struct qip_db *db, const struct qip_audit_start *s, int64_t *run_id)
{
	int rc = qip_permission_check(db, QIP_PERM_AUDIT, 0, 0);
	if (rc)
		return rc;
	qip_date today = qip_db_today(db), on = today;
	if (s->date && *s->date && !qip_date_parse(s->date, today, &on))
		return audit_fail_value(db, QIP_EINVAL,
			"audit date '%s' is not a date: use YYYY-MM-DD (a real day), today or -1", s->date);
	if (on > today)
		return qip_db_fail(db, QIP_EINVAL, "an audit cannot be dated in the future");
	int64_t service_id, auditor = qip_db_actor(db);
	if ((rc = qip_service_find(db, s->service ? s->service : "", &service_id)))
		return rc;
	if (s->auditor && *s->auditor && (rc = qip_person_find_active(db, s->auditor, &auditor)))
		return rc;
	struct qip_template *t;
	struct qip_template_info info;
	if ((rc = qip_template_get(db, s->template_key ? s->template_key : "", 0, &t, &info, NULL)))
		return rc;
	/* A template says which kinds of service it is for: a care home has no
	 * home-care medicines round to audit. */
	sqlite3_stmt *kst = qip_db_stmt(db, "SELECT kind, name FROM service WHERE id = ?1");
	if (!kst) {
		qip_template_free(t);
		qip_template_info_clear(&info);
		return QIP_EDB;
	}
	sqlite3_bind_int64(kst, 1, service_id);
	if (sqlite3_step(kst) == SQLITE_ROW &&
	    !qip_template_for_service_kind(t, (const char *)sqlite3_column_text(kst, 0))) {
		char *svc = qip_col_strdup(kst, 1);
		const char *kind = (const char *)sqlite3_column_text(kst, 0);
		int k = qip_vocab_find(&qip_vocab_service_kind, kind);
		char *kind_words = qip_strdup(k >= 0 ? qip_vocab_label(&qip_vocab_service_kind, k) : kind);
		kind_words[0] = (char)tolower((unsigned char)kind_words[0]);
		sqlite3_reset(kst);
		rc = qip_db_fail(db, QIP_EREFUSED, "the %s template is not for %s: it is a %s, and the template is for %s",
				 info.key, svc, kind_words, qip_template_services_text(t));
		free(svc);
		free(kind_words);
		qip_template_free(t);
		qip_template_info_clear(&info);
		return rc;
	}
	sqlite3_reset(kst);
	qip_template_free(t);
	int64_t template_id = info.id;
	qip_template_info_clear(&info);
	if ((rc = qip_db_begin(db)))
		return rc;
	char uuid[37];
	qip_uuid(uuid);
	sqlite3_stmt *st = qip_db_stmt(db, "INSERT INTO audit_run(uuid, template_id, service_id, run_on, auditor_id)"
				       " VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!st)
		return qip_db_end(db, QIP_EDB);
	qip_bind_text(st, 1, uuid);
	sqlite3_bind_int64(st, 2, template_id);
	sqlite3_bind_int64(st, 3, service_id);
	qip_bind_date(st, 4, on);
	qip_bind_id(st, 5, auditor);
	rc = qip_db_exec_stmt(db, st);
	if (rc == QIP_OK)
		*run_id = sqlite3_last_insert_rowid(qip_db_handle(db));
	return qip_db_end(db, rc);
}

/* Reads the run's state inside a write: refused when it is complete. */
static int draft_template(struct qip_db *db, int64_t run_id, struct qip_template **t, int *subjects)
{
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT t.key, t.version, r.status,"
		" (SELECT count(*) FROM audit_subject s WHERE s.run_id = r.id)"
		" FROM audit_run r JOIN audit_template t ON t.id = r.template_id WHERE r.id = ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, run_id);
	int src = sqlite3_step(st);
	if (src != SQLITE_ROW) {
		sqlite3_reset(st);
		return src == SQLITE_DONE ? qip_db_fail(db, QIP_ENOTFOUND, "no audit run %lld", (long long)run_id)
					  : qip_db_sqlite_fail(db, src);
	}
	char *key = qip_col_strdup(st, 0);
	int version = sqlite3_column_int(st, 1);
	bool complete = !strcmp((const char *)sqlite3_column_text(st, 2), "complete");
	*subjects = sqlite3_column_int(st, 3);
	sqlite3_reset(st);
	int rc = complete ? qip_db_fail(db, QIP_EREFUSED, "audit run %lld is finished: its answers can no longer change",
					(long long)run_id)
			  : qip_template_get(db, key, version, t, NULL, NULL);
	free(key);
	return rc;
}

int qip_audit_add_subject(struct qip_db *db, int64_t run_id, const char *subject, int *sample)
{
	int rc = qip_permission_check(db, QIP_PERM_AUDIT, 0, 0);
	if (rc)
		return rc;
	char *text = qip_strdup(subject ? subject : "");
	trim(text);
	if (!*text)
		rc = qip_db_fail(db, QIP_EINVAL, "name the subject (a room number or initials)");
	else if (!qip_text_is_clean(text, false))
		rc = qip_db_fail(db, QIP_EINVAL, "the subject must be one line of text, with no control characters");
	else if (qip_text_length(text) > QIP_AUDIT_SUBJECT_MAX)
		rc = qip_db_fail(db, QIP_EINVAL, "the subject is too long (%zu characters; at most %d): a room number or initials",
				 qip_text_length(text), QIP_AUDIT_SUBJECT_MAX);
	if (rc || (rc = qip_db_begin(db))) {
		free(text);
		return rc;
	}
	struct qip_template *t = NULL;
	int named = 0;
	rc = draft_template(db, run_id, &t, &named);
	if (rc == QIP_OK && !t->sampled)
		rc = qip_db_fail(db, QIP_EREFUSED, "the %s template does not sample: answer its questions directly", t->key);
	else if (rc == QIP_OK && named >= t->sample_size)
		rc = qip_db_fail(db, QIP_EREFUSED, "the template samples %d %s: all %d are named already",
				 t->sample_size, qip_audit_subject_words(t, t->sample_size), named);
	if (rc == QIP_OK) {
		sqlite3_stmt *st = qip_db_stmt(db, "SELECT 1 FROM audit_subject WHERE run_id = ?1 AND subject = ?2");
		int64_t dup = 0;
		if (!st)
			rc = QIP_EDB;
		else {
			sqlite3_bind_int64(st, 1, run_id);
			qip_bind_text(st, 2, text);
			int src = sqlite3_step(st);
			dup = src == SQLITE_ROW;
			rc = qip_db_finish(db, st, src);
		}
		if (rc == QIP_OK && dup)
			rc = audit_fail_value(db, QIP_EINVAL, "'%s' is already sampled in this audit", text);
	}
	if (rc == QIP_OK) {
		sqlite3_stmt *st = qip_db_stmt(db, "INSERT INTO audit_subject(run_id, sample, subject) VALUES (?1, ?2, ?3)");
		if (!st)
			rc = QIP_EDB;
		else {
			sqlite3_bind_int64(st, 1, run_id);
			sqlite3_bind_int(st, 2, named);
			qip_bind_text(st, 3, text);
			rc = qip_db_exec_stmt(db, st);
		}
	}
	if (rc == QIP_OK && sample)
		*sample = named;
	qip_template_free(t);
	free(text);
	return qip_db_end(db, rc);
}

/* The typed value as an answer to q, or a message naming what is wrong. */
static int parse_value(struct qip_db *db, const struct qip_template *t, const struct qip_question *q,
		       const char *value, struct qip_answer *a, char **stored)
{
	char *v = qip_strdup(value ? value : "");
	trim(v);
	int rc = QIP_OK;
	*stored = NULL;
	switch (q->type) {
	case QIP_Q_YES_NO:
	case QIP_Q_YES_NO_NA: {
		char lower[8] = "";
		if (strlen(v) < sizeof lower)
			for (size_t i = 0; i <= strlen(v); i++)
				lower[i] = (char)(v[i] >= 'A' && v[i] <= 'Z' ? v[i] + 32 : v[i]);
		if (!strcmp(lower, "yes") || !strcmp(lower, "y"))
			a->reply = QIP_REPLY_YES, *stored = qip_strdup("yes");
		else if (!strcmp(lower, "no") || !strcmp(lower, "n"))
			a->reply = QIP_REPLY_NO, *stored = qip_strdup("no");
		else if (!strcmp(lower, "na") || !strcmp(lower, "n/a") || !strcmp(lower, "a")) {
			if (q->type != QIP_Q_YES_NO_NA)
				rc = qip_db_fail(db, QIP_EINVAL, "'%s' cannot be answered N/A: answer yes or no", q->id);
			else
				a->reply = QIP_REPLY_NA, *stored = qip_strdup("na");
		} else
			rc = audit_fail_value(db, QIP_EINVAL, q->type == QIP_Q_YES_NO
				? "'%s' is not an answer here: answer yes or no"
				: "'%s' is not an answer here: answer yes, no or na", v);
		break;
	}
	case QIP_Q_NUMBER: {
		const char *end;
		const char *why = qip_number_parse(v, &a->number, &end);
		if (!why && *end)
			why = "is not a number";
		if (!why && fabs(a->number) > 1e9)
			why = "is too large to be a reading";
		/* Outside lowest..highest is not a failure but a reading nobody
		 * could take (5.5 typed as 55). */
		bool typo = !why && ((q->has_lowest && a->number < q->lowest) ||
				     (q->has_highest && a->number > q->highest));
		if (why || typo) {
			char lo[QIP_NUMBER_LEN] = "", hi[QIP_NUMBER_LEN] = "", msg[400];
			char *shown = qip_text_escape(v);
			if (strlen(shown) > 60)
				strcpy(shown + 57, "...");
			const char *unit = q->unit ? q->unit : "";
			if (why)
				snprintf(msg, sizeof msg, "'%s' %s: '%s' takes a number%s%s", shown, why, q->id,
					 *unit ? " in " : "", unit);
			else
				snprintf(msg, sizeof msg, "'%s' cannot be a reading for '%s': it takes %s%s%s%s%s%s%s",
					 shown, q->id, q->has_lowest ? "from " : "",
					 q->has_lowest ? qip_number_format(q->lowest, lo) : "",
					 q->has_lowest && q->has_highest ? " " : "", q->has_highest ? "up to " : "",
					 q->has_highest ? qip_number_format(q->highest, hi) : "", *unit ? " " : "", unit);
			free(shown);
			rc = qip_db_fail(db, QIP_EINVAL, "%s", msg);
		} else {
			char buf[QIP_NUMBER_LEN];
			a->reply = QIP_REPLY_NUMBER;
			*stored = qip_strdup(qip_number_format(a->number, buf));
		}
		break;
	}
	case QIP_Q_CHOICE:
		for (int i = 0; i < q->nchoices && !*stored; i++)
			if (!strcasecmp(q->choices[i].label, v)) {
				a->reply = QIP_REPLY_CHOICE;
				a->choice = i;
				*stored = qip_strdup(q->choices[i].label);
			}
		if (!*stored) {
			size_t len = 1;
			for (int i = 0; i < q->nchoices; i++)
				len += strlen(q->choices[i].label) + 2;
			char *list = qip_xcalloc(len, 1);
			for (int i = 0; i < q->nchoices; i++) {
				strcat(list, i ? ", " : "");
				strcat(list, q->choices[i].label);
			}
			char fmt[300];
			snprintf(fmt, sizeof fmt, "'%%s' is not one of the choices for '%s' (", q->id);
			char *msg = qip_xcalloc(strlen(fmt) + strlen(list) + 4, 1);
			sprintf(msg, "%s%s)", fmt, list);
			/* list comes from the template, validated clean; % in it is literal */
			for (char *p = msg + strlen(fmt); *p; p++)
				if (*p == '%')
					*p = '?';
			rc = audit_fail_value(db, QIP_EINVAL, msg, v);
			free(msg);
			free(list);
		}
		break;
	case QIP_Q_TEXT:
		if (qip_text_length(v) > QIP_AUDIT_TEXT_MAX || !qip_text_is_clean(v, true))
			rc = qip_db_fail(db, QIP_EINVAL, "the answer to '%s' must be under %d characters, with no control characters",
					 q->id, QIP_AUDIT_TEXT_MAX);
		else
			a->reply = QIP_REPLY_TEXT, *stored = qip_strdup(v);
		break;
	}
	(void)t;
	free(v);
	return rc;
}

int qip_audit_answer(struct qip_db *db, int64_t run_id, int sample, const char *question,
		     const char *value, const char *note)
{
	int rc = qip_permission_check(db, QIP_PERM_AUDIT, 0, 0);
	if (rc)
		return rc;
	if (note && (qip_text_length(note) > QIP_AUDIT_TEXT_MAX || !qip_text_is_clean(note, true)))
		return qip_db_fail(db, QIP_EINVAL, "a note must be under %d characters, with no control characters",
				   QIP_AUDIT_TEXT_MAX);
	if ((rc = qip_db_begin(db)))
		return rc;
	struct qip_template *t = NULL;
	int named = 0;
	char *stored = NULL, *subject = NULL;
	if ((rc = draft_template(db, run_id, &t, &named)))
		return qip_db_end(db, rc);
	int qi = qip_template_question(t, question ? question : "");
	const struct qip_question *q = qi >= 0 ? &t->questions[qi] : NULL;
	struct qip_answer a = { .sample = sample, .question = qi };
	if (!q)
		rc = audit_fail_value(db, QIP_EINVAL, "the template has no question '%s'", question);
	else if (t->sections[q->section].once && sample != 0)
		rc = qip_db_fail(db, QIP_EINVAL, "'%s' is asked once per audit, not for each %s", q->id,
				 qip_audit_subject_words(t, 1));
	else if (sample < 0 || (t->sampled && sample >= named) || (!t->sampled && sample != 0))
		rc = t->sampled && sample == named && named < t->sample_size
			? qip_db_fail(db, QIP_EINVAL, "name %s %d before answering for them", qip_audit_subject_words(t, 1), sample + 1)
			: qip_db_fail(db, QIP_EINVAL, "this audit has no %s %d", qip_audit_subject_words(t, 1), sample + 1);
	else
		rc = parse_value(db, t, q, value, &a, &stored);
	bool failed = rc == QIP_OK && qip_answer_failed(t, &a);
	if (rc == QIP_OK && failed && q->requires_note_on_fail && (!note || !*note))
		rc = qip_db_fail(db, QIP_EINVAL, "'%s' failed: the template asks for a note saying what was found", q->id);
	if (rc == QIP_OK && t->sampled && !t->sections[q->section].once) {
		sqlite3_stmt *st = qip_db_stmt(db, "SELECT subject FROM audit_subject WHERE run_id = ?1 AND sample = ?2");
		if (!st)
			rc = QIP_EDB;
		else {
			sqlite3_bind_int64(st, 1, run_id);
			sqlite3_bind_int(st, 2, sample);
			int src = sqlite3_step(st);
			if (src == SQLITE_ROW)
				subject = qip_col_strdup(st, 0);
			rc = qip_db_finish(db, st, src);
		}
	}
	if (rc == QIP_OK) {
		char uuid[37];
		qip_uuid(uuid);
		sqlite3_stmt *st = qip_db_stmt(db,
			"INSERT INTO audit_answer(uuid, run_id, sample, subject, question, answer, value, failed, note, answered_at)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, qip_now())"
			" ON CONFLICT (run_id, sample, question) DO UPDATE SET answer = excluded.answer,"
			" value = excluded.value, failed = excluded.failed, note = excluded.note,"
			" answered_at = excluded.answered_at");
		if (!st)
			rc = QIP_EDB;
		else {
			qip_bind_text(st, 1, uuid);
			sqlite3_bind_int64(st, 2, run_id);
			sqlite3_bind_int(st, 3, sample);
			qip_bind_text(st, 4, subject ? subject : "");
			qip_bind_text(st, 5, q->id);
			qip_bind_text(st, 6, stored);
			if (a.reply == QIP_REPLY_NUMBER)
				sqlite3_bind_double(st, 7, a.number);
			sqlite3_bind_int(st, 8, failed);
			qip_bind_text(st, 9, note ? note : "");
			rc = qip_db_exec_stmt(db, st);
		}
	}
	free(subject);
	free(stored);
	qip_template_free(t);
	return qip_db_end(db, rc);
}

/* ---- Resuming and finishing ---- */

/* Is (sample, question) answered? answered is indexed [sample][question]. */
static bool *answered_grid(const struct qip_audit_run *r, int samples)
{
	int nq = r->template->nquestions;
	bool *grid = qip_xcalloc((size_t)(samples ? samples : 1) * (size_t)nq, sizeof *grid);
	for (int i = 0; i < r->nanswers; i++)
		if (r->answers[i].sample < samples)
			grid[(size_t)r->answers[i].sample * (size_t)nq + (size_t)r->answers[i].question] = true;
	return grid;
}

/* The walk: subject by subject, each subject every question of the
 * template in order, except that sections asked once come only with the
 * first. Calls visit until it returns true. */
static bool walk(const struct qip_template *t, int subjects,
		 bool (*visit)(void *ctx, int sample, int question), void *ctx)
{
	for (int s = 0; s < subjects; s++)
		for (int q = 0; q < t->nquestions; q++) {
			if (s > 0 && t->sections[t->questions[q].section].once)
				continue;
			if (visit(ctx, s, q))
				return true;
		}
	return false;
}

struct first_gap {
	const bool *grid;
	int nq;
	bool scored_only;
	const struct qip_template *t;
	int sample, question;
};

static bool gap(void *arg, int sample, int question)
{
	struct first_gap *g = arg;
	if (g->scored_only && !qip_question_scored(&g->t->questions[question]))
		return false;
	if (g->grid[(size_t)sample * (size_t)g->nq + (size_t)question])
		return false;
	g->sample = sample;
	g->question = question;
	return true;
}

/* Subjects that count in the walk: an unsampled template has one. */
static int walk_subjects(const struct qip_audit_run *r)
{
	return r->template->sampled ? r->nsubjects : 1;
}

int qip_audit_resume(struct qip_db *db, int64_t run_id, struct qip_audit_position *pos)
{
	struct qip_audit_run r;
	memset(pos, 0, sizeof *pos);
	int rc = audit_run_load(db, run_id, &r);
	if (rc) {
		qip_audit_run_clear(&r);
		return rc;
	}
	int subjects = walk_subjects(&r);
	bool *grid = answered_grid(&r, subjects);
	struct first_gap g = { .grid = grid, .nq = r.template->nquestions, .t = r.template };
	pos->answered = r.nanswers;
	pos->subjects = r.nsubjects;
	if (walk(r.template, subjects, gap, &g)) {
		pos->sample = g.sample;
		pos->question = g.question;
	} else {
		pos->done = true;
		pos->question = -1;
		pos->sample = subjects;
		pos->need_subject = r.template->sampled && r.nsubjects < r.template->sample_size;
		if (pos->need_subject) {
			/* The first question the next subject is asked. */
			for (int q = 0; q < r.template->nquestions && pos->question < 0; q++)
				if (r.nsubjects == 0 || !r.template->sections[r.template->questions[q].section].once)
					pos->question = q;
			pos->done = r.nsubjects > 0;
		}
	}
	free(grid);
	qip_audit_run_clear(&r);
	return QIP_OK;
}

static int store_score(struct qip_db *db, const struct qip_audit_run *r)
{
	sqlite3_stmt *st = qip_db_stmt(db,
		"UPDATE audit_run SET status = 'complete', score = ?2, passed = ?3, earned = ?4, available = ?5,"
		" band = ?6, finished_at = qip_now() WHERE id = ?1 AND status = 'draft'");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, r->id);
	if (r->score.scored)
		sqlite3_bind_double(st, 2, r->score.percent);
	sqlite3_bind_int(st, 3, r->score.passed);
	sqlite3_bind_double(st, 4, r->score.earned);
	sqlite3_bind_double(st, 5, r->score.available);
	qip_bind_text(st, 6, qip_band_name(r->band));
	int rc = qip_db_exec_stmt(db, st);
	for (int s = 0; rc == QIP_OK && s < r->template->nsections; s++) {
		st = qip_db_stmt(db, "INSERT INTO audit_section_score(run_id, section, earned, available)"
				 " VALUES (?1, ?2, ?3, ?4)");
		if (!st)
			return QIP_EDB;
		sqlite3_bind_int64(st, 1, r->id);
		sqlite3_bind_int(st, 2, s);
		sqlite3_bind_double(st, 3, r->sections[s].earned);
		sqlite3_bind_double(st, 4, r->sections[s].available);
		rc = qip_db_exec_stmt(db, st);
	}
	return rc;
}

int qip_audit_finish(struct qip_db *db, int64_t run_id, bool accept_all)
{
	int rc = qip_permission_check(db, QIP_PERM_AUDIT, 0, 0);
	if (rc || (rc = qip_db_begin(db)))
		return rc;
	struct qip_audit_run r;
	rc = audit_run_load(db, run_id, &r);
	if (rc == QIP_OK && r.complete)
		rc = qip_db_fail(db, QIP_EREFUSED, "audit run %lld is already finished", (long long)run_id);
	if (rc == QIP_OK && r.template->sampled && r.nsubjects == 0)
		rc = qip_db_fail(db, QIP_EREFUSED, "name at least one %s before finishing",
				 qip_audit_subject_words(r.template, 1));
	if (rc == QIP_OK) {
		int subjects = walk_subjects(&r);
		bool *grid = answered_grid(&r, subjects);
		struct first_gap g = { .grid = grid, .nq = r.template->nquestions, .scored_only = true, .t = r.template };
		if (walk(r.template, subjects, gap, &g)) {
			const struct qip_question *q = &r.template->questions[g.question];
			if (r.template->sampled && !r.template->sections[q->section].once)
				rc = qip_db_fail(db, QIP_EREFUSED, "'%s' is not answered for %s %d (%s): answer it before finishing",
						 q->id, qip_audit_subject_words(r.template, 1), g.sample + 1, r.subjects[g.sample]);
			else
				rc = qip_db_fail(db, QIP_EREFUSED, "'%s' is not answered: answer it before finishing", q->id);
		}
		free(grid);
	}
	if (rc == QIP_OK) {
		r.complete = true;
		rc = score_run(db, &r);
	}
	if (rc == QIP_OK)
		rc = store_score(db, &r);
	if (rc == QIP_OK)
		rc = audit_produce(db, &r, accept_all);
	qip_audit_run_clear(&r);
	return qip_db_end(db, rc);
}

int qip_audit_list(struct qip_db *db, int64_t service_id, const char *template_key,
		   int (*row)(void *ctx, const struct qip_audit_run_row *r), void *ctx)
{
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT r.id, t.key, t.title, s.name, coalesce(p.name, ''), t.version, r.run_on,"
		" r.status = 'complete', r.score IS NOT NULL, coalesce(r.passed, 0), coalesce(r.score, 0), r.band,"
		" (SELECT count(*) FROM audit_answer a WHERE a.run_id = r.id)"
		" FROM audit_run r JOIN audit_template t ON t.id = r.template_id JOIN service s ON s.id = r.service_id"
		" LEFT JOIN person p ON p.id = r.auditor_id"
		" WHERE (?1 = 0 OR r.service_id = ?1) AND (?2 IS NULL OR t.key = ?2)"
		" ORDER BY r.run_on DESC, r.id DESC");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, service_id);
	qip_bind_text(st, 2, template_key);
	int src, stop = 0;
	while (!stop && (src = sqlite3_step(st)) == SQLITE_ROW) {
		struct qip_audit_run_row r = {
			.id = sqlite3_column_int64(st, 0), .template_key = qip_col_strdup(st, 1),
			.template_title = qip_col_strdup(st, 2), .service = qip_col_strdup(st, 3),
			.auditor = qip_col_strdup(st, 4), .version = sqlite3_column_int(st, 5),
			.run_on = qip_col_date(st, 6), .complete = sqlite3_column_int(st, 7),
			.scored = sqlite3_column_int(st, 8), .passed = sqlite3_column_int(st, 9),
			.percent = sqlite3_column_double(st, 10), .answered = sqlite3_column_int(st, 12),
		};
		const char *band = (const char *)sqlite3_column_text(st, 11);
		for (int b = QIP_BAND_RED; b <= QIP_BAND_GREEN; b++)
			if (!strcmp(band, qip_band_name(b)))
				r.band = b;
		stop = row(ctx, &r);
		free(r.template_key);
		free(r.template_title);
		free(r.service);
		free(r.auditor);
	}
	return qip_db_finish(db, st, src);
}
