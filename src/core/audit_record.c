/* Scripted entry: a whole audit run from an answers file (qip audit
 * record), through the same calls the Audits screen makes one key at a
 * time, in one transaction, so that a file with any problem records
 * nothing. Every problem is reported at its FILE:LINE:COLUMN. */
#include "audit_internal.h"
#include "qip/permission.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qip/text.h"
#include "ydoc.h"

struct record {
	struct qip_db *db;
	int64_t run_id;
	const struct qip_template *t;
	struct qip_diags *d;
	int hard_rc;             /* a failure that is not the file's fault (busy, disk full) */
};

static bool is_null(const struct ynode *v)
{
	return v->kind == YN_SCALAR && v->plain &&
	       (!v->s[0] || !strcmp(v->s, "~") || !strcmp(v->s, "null") || !strcmp(v->s, "Null") ||
		!strcmp(v->s, "NULL"));
}

/* The core's refusal, placed at the node the file gave. */
static void refused_at(struct record *r, int rc, const struct ynode *at)
{
	if (rc == QIP_EINVAL || rc == QIP_EREFUSED)
		qip_diag_add(r->d, at->line, at->col, "%s", qip_db_error(r->db));
	else if (!r->hard_rc)
		r->hard_rc = rc;
}

/* One answer: a scalar, or {value: ..., note: ...}. */
static void answer_one(struct record *r, const struct ynode *k, const struct ynode *v, int sample)
{
	const struct qip_template *t = r->t;
	int qi = qip_template_question(t, k->s);
	if (qi < 0) {
		const char **ids = qip_xcalloc((size_t)t->nquestions + 1, sizeof *ids);
		for (int i = 0; i < t->nquestions; i++)
			ids[i] = t->questions[i].id;
		const char *s = ysuggest(k->s, ids, t->nquestions);
		char *shown = qip_text_escape(k->s);
		if (s)
			qip_diag_add(r->d, k->line, k->col, "the %s template has no question '%s' (did you mean '%s'?)",
				     t->key, shown, s);
		else
			qip_diag_add(r->d, k->line, k->col, "the %s template has no question '%s'", t->key, shown);
		free(shown);
		free(ids);
		return;
	}
	const struct ynode *value = v, *note = NULL;
	if (v->kind == YN_MAP) {
		static const struct yfield fields[] = { { "value", true }, { "note", false } };
		const struct ynode *vals[2];
		char what[120];
		snprintf(what, sizeof what, "the answer to '%s'", t->questions[qi].id);
		if (!ymap_get(v, what, fields, 2, vals, NULL, r->d) || !vals[0])
			return;
		value = vals[0];
		note = vals[1];
		if (note && !ystr(note, "note", true, QIP_AUDIT_TEXT_MAX, r->d))
			return;
	}
	if (value->bad)
		return;
	if (value->kind != YN_SCALAR) {
		qip_diag_add(r->d, value->line, value->col,
			     "the answer to '%s' must be one value (yes, no, na, a number, a choice or text), not a %s",
			     t->questions[qi].id, value->kind == YN_SEQ ? "list" : "mapping");
		return;
	}
	if (is_null(value)) {
		qip_diag_add(r->d, value->line, value->col, "'%s' has no answer", t->questions[qi].id);
		return;
	}
	int rc = qip_audit_answer(r->db, r->run_id, sample, t->questions[qi].id, value->s, note ? note->s : NULL);
	if (rc)
		refused_at(r, rc, value);
}

/* The answers of one mapping: the unsampled template's, a subject's
 * (sample >= 0), or, on a sampled template, those asked once per audit
 * (sample -1). Reports each scored question of the set left unanswered
 * at the mapping. */
static void answer_map(struct record *r, const struct ynode *m, int sample, const char *subject)
{
	const struct qip_template *t = r->t;
	if (m->bad)
		return;
	if (m->kind != YN_MAP) {
		qip_diag_add(r->d, m->line, m->col, "'answers' must be a mapping of 'question-id: answer' lines");
		return;
	}
	bool *given = qip_xcalloc((size_t)t->nquestions + 1, sizeof *given);
	for (int i = 0; i + 1 < m->n && !r->hard_rc; i += 2) {
		const struct ynode *k = m->kids[i], *v = m->kids[i + 1];
		if (k->bad || v->bad)
			continue;
		int qi = qip_template_question(t, k->s);
		if (qi >= 0 && t->sampled) {
			bool once = t->sections[t->questions[qi].section].once;
			given[qi] = true;
			if (once && sample >= 0) {
				qip_diag_add(r->d, k->line, k->col, "'%s' is asked once per audit: give it under the top-level"
					     " 'answers', not for each %s", k->s, qip_audit_subject_words(t, 1));
				continue;
			}
			if (!once && sample < 0) {
				qip_diag_add(r->d, k->line, k->col, "'%s' is asked for each %s: give it under 'samples'",
					     k->s, qip_audit_subject_words(t, 1));
				continue;
			}
		} else if (qi >= 0)
			given[qi] = true;
		answer_one(r, k, v, sample < 0 ? 0 : sample);
	}
	for (int q = 0; q < t->nquestions && !r->hard_rc; q++) {
		const struct qip_question *qq = &t->questions[q];
		bool once = t->sections[qq->section].once;
		if (given[q] || !qip_question_scored(qq) || (t->sampled && once != (sample < 0)))
			continue;
		if (subject) {
			char *shown = qip_text_escape(subject);
			qip_diag_add(r->d, m->line, m->col, "no answer to '%s' for %s", qq->id, shown);
			free(shown);
		} else
			qip_diag_add(r->d, m->line, m->col, "no answer to '%s'", qq->id);
	}
	free(given);
}

/* The sampled subjects, each named and then answered. */
static void answer_samples(struct record *r, const struct ynode *samples, const struct ynode *root)
{
	const struct qip_template *t = r->t;
	if (!samples) {
		qip_diag_add(r->d, root->line, root->col, "the %s template samples %s: list them under 'samples',"
			     " each with a 'subject' and its 'answers'", t->key, qip_audit_subject_words(t, 2));
		return;
	}
	if (!yseq(samples, "samples", r->d))
		return;
	if (samples->n == 0)
		qip_diag_add(r->d, samples->line, samples->col, "name at least one %s under 'samples'",
			     qip_audit_subject_words(t, 1));
	for (int i = 0; i < samples->n && !r->hard_rc; i++) {
		static const struct yfield fields[] = { { "subject", true }, { "answers", true } };
		const struct ynode *vals[2];
		if (!ymap_get(samples->kids[i], "a sample", fields, 2, vals, NULL, r->d) || !vals[0] || !vals[1])
			continue;
		const char *subject = ystr(vals[0], "subject", false, 4 * QIP_AUDIT_SUBJECT_MAX, r->d);
		if (!subject)
			continue;
		int sample;
		int rc = qip_audit_add_subject(r->db, r->run_id, subject, &sample);
		if (rc) {
			refused_at(r, rc, vals[0]);
			continue;
		}
		answer_map(r, vals[1], sample, subject);
	}
}

static bool may_accept(struct qip_db *db, int64_t run_id)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT service_id FROM audit_run WHERE id = ?1");
	int64_t service_id = 0;
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, run_id);
	return qip_db_scalar(db, st, &service_id) == QIP_OK &&
	       qip_permission_may(db, QIP_PERM_ACTIONS, service_id, 0);
}

int qip_audit_record_text(struct qip_db *db, const struct qip_audit_start *s, const char *buf, size_t len,
			  int64_t *run_id, struct qip_diags *d)
{
	*run_id = 0;
	int rc = qip_permission_check(db, QIP_PERM_AUDIT, 0, 0);
	if (rc)
		return rc;
	struct ynode *root = ydoc_parse(buf, len, d);
	if (!root)
		return QIP_EINVAL;
	struct qip_template *t = NULL;
	struct record r = { .db = db, .d = d };
	if ((rc = qip_db_begin(db))) {
		ynode_free(root);
		return rc;
	}
	/* The run first: an unknown template or service is not the file's
	 * fault, and is said once (qip_db_error), not at a position. */
	rc = qip_audit_start(db, s, &r.run_id);
	if (rc == QIP_OK)
		rc = qip_template_get(db, s->template_key, 0, &t, NULL, NULL);
	if (rc == QIP_OK) {
		r.t = t;
		static const struct yfield fields[] = { { "answers", false }, { "samples", false } };
		const struct ynode *vals[2];
		if (ymap_get(root, "the answers file", fields, 2, vals, NULL, d)) {
			if (!t->sampled) {
				if (vals[1])
					qip_diag_add(d, vals[1]->line, vals[1]->col, "the %s template does not sample:"
						     " give its answers under 'answers' only", t->key);
				if (vals[0])
					answer_map(&r, vals[0], 0, NULL);
				else
					qip_diag_add(d, root->line, root->col, "missing required key 'answers' in the answers file");
			} else {
				answer_samples(&r, vals[1], root);
				bool has_once = false;
				for (int i = 0; i < t->nsections; i++)
					has_once |= t->sections[i].once;
				if (vals[0] || has_once)
					answer_map(&r, vals[0] ? vals[0] : root, -1, NULL);
			}
		}
		rc = r.hard_rc ? r.hard_rc : d->n ? QIP_EINVAL : QIP_OK;
	}
	/* Answering is anyone's; accepting the findings as actions is a
	 * manager's: someone who may not leaves them pending for one. */
	if (rc == QIP_OK && (rc = qip_audit_finish(db, r.run_id, may_accept(db, r.run_id))) == QIP_OK)
		*run_id = r.run_id;
	qip_template_free(t);
	ynode_free(root);
	return qip_db_end(db, rc);
}

int qip_audit_record_file(struct qip_db *db, const struct qip_audit_start *s, const char *path,
			  int64_t *run_id, struct qip_diags *d)
{
	char *buf;
	size_t len;
	*run_id = 0;
	if (!ydoc_read_file(path, &buf, &len, d))
		return QIP_EINVAL;
	int rc = qip_audit_record_text(db, s, buf, len, run_id, d);
	free(buf);
	return rc;
}

int qip_audit_run_evidence(struct qip_db *db, int64_t run_id,
			   int (*row)(void *ctx, const char *ref, bool reopened), void *ctx)
{
	/* The source and the reopening reason are the words audit_findings.c
	 * writes: "audit run N", and a reason ending "(audit run N)". */
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT DISTINCT a.ref, EXISTS (SELECT 1 FROM review v WHERE v.action_id = a.id"
		"   AND v.decision = 'reopen' AND v.reason LIKE '%(audit run ' || ?1 || ')')"
		" FROM evidence e JOIN action a ON a.id = e.action_id"
		" WHERE e.kind = 'outcome' AND e.source = 'audit run ' || ?1 ORDER BY a.id");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, run_id);
	int src, stop = 0;
	while (!stop && (src = sqlite3_step(st)) == SQLITE_ROW)
		stop = row(ctx, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1));
	return qip_db_finish(db, st, src);
}
