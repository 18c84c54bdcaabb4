/* Governance decisions and meeting minutes: what the review and meeting
 * tables record, read for the reports (report.h). The minutes are their
 * own functions so that a meeting's other facts (its kind, chair, end)
 * can join them without touching the other reports. */
#include <stdlib.h>
#include <string.h>

#include "qip/report.h"
#include "qip/text.h"
#include "qip/vocab.h"
#include "report_internal.h"

static char *name_and_role(const char *name, const char *role)
{
	if (!*name)
		return qip_strdup("");
	char *words = report_role(role);
	char *out = *role ? qip_printf("%s, %s", name, words) : qip_strdup(name);
	free(words);
	return out;
}

int report_reviews(struct qip_db *db, struct report_action *ra)
{
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT v.decided_on, v.decision, v.reason, v.new_due_on, coalesce(p.name, ''), coalesce(p.role, '')"
		" FROM review v LEFT JOIN person p ON p.id = v.decided_by WHERE v.action_id = ?1 ORDER BY v.decided_on, v.id");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, ra->a.id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ra->reviews = qip_xrealloc(ra->reviews, (size_t)(ra->nreviews + 1) * sizeof *ra->reviews);
		struct report_review *v = &ra->reviews[ra->nreviews++];
		v->on = qip_col_date(st, 0);
		v->decision = qip_vocab_find(&qip_vocab_decision, (const char *)sqlite3_column_text(st, 1));
		v->reason = qip_col_strdup(st, 2);
		v->new_due = qip_col_date(st, 3);
		v->by = name_and_role((const char *)sqlite3_column_text(st, 4), (const char *)sqlite3_column_text(st, 5));
	}
	return qip_db_finish(db, st, rc);
}

int qip_minutes_get(struct qip_db *db, int64_t meeting_id, struct qip_minutes *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT m.id, m.title, m.held_on, coalesce(s.name, ''), m.attendees, m.notes"
		" FROM meeting m LEFT JOIN service s ON s.id = m.service_id WHERE m.id = ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, meeting_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->title = qip_col_strdup(st, 1);
		out->held_on = qip_col_date(st, 2);
		out->service = qip_col_strdup(st, 3);
		out->attendees = qip_col_strdup(st, 4);
		out->notes = qip_col_strdup(st, 5);
	}
	if ((rc = qip_db_finish(db, st, rc)))
		return rc;
	if (!out->id)
		return qip_db_fail(db, QIP_ENOTFOUND, "no meeting %lld", (long long)meeting_id);
	st = qip_db_stmt(db,
		"SELECT a.ref, a.title, v.decision, v.reason, v.new_due_on, v.decided_on, coalesce(p.name, ''), coalesce(p.role, '')"
		" FROM review v JOIN action a ON a.id = v.action_id LEFT JOIN person p ON p.id = v.decided_by"
		" WHERE v.meeting_id = ?1 ORDER BY v.decided_at, v.id");
	if (!st) {
		qip_minutes_clear(out);
		return QIP_EDB;
	}
	sqlite3_bind_int64(st, 1, meeting_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->decisions = qip_xrealloc(out->decisions, (size_t)(out->ndecisions + 1) * sizeof *out->decisions);
		struct qip_minutes_decision *v = &out->decisions[out->ndecisions++];
		memset(v, 0, sizeof *v);
		snprintf(v->ref, sizeof v->ref, "%s", (const char *)sqlite3_column_text(st, 0));
		v->title = qip_col_strdup(st, 1);
		v->decision = qip_vocab_find(&qip_vocab_decision, (const char *)sqlite3_column_text(st, 2));
		v->reason = qip_col_strdup(st, 3);
		v->new_due = qip_col_date(st, 4);
		v->decided_on = qip_col_date(st, 5);
		v->decided_by = qip_col_strdup(st, 6);
		v->decided_by_role = qip_col_strdup(st, 7);
	}
	if ((rc = qip_db_finish(db, st, rc))) {
		qip_minutes_clear(out);
		return rc;
	}
	st = qip_db_stmt(db,
		"SELECT a.ref, a.title, coalesce(p.name, ''), coalesce(a.owner_id, 0) FROM action a"
		" LEFT JOIN person p ON p.id = a.owner_id JOIN meeting m ON m.id = ?1"
		" WHERE a.source = 'meeting' AND a.created_on = m.held_on"
		" AND (m.service_id IS NULL OR a.service_id IS m.service_id) ORDER BY a.seq");
	if (!st) {
		qip_minutes_clear(out);
		return QIP_EDB;
	}
	sqlite3_bind_int64(st, 1, meeting_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->raised = qip_xrealloc(out->raised, (size_t)(out->nraised + 1) * sizeof *out->raised);
		struct qip_minutes_raised *r = &out->raised[out->nraised++];
		snprintf(r->ref, sizeof r->ref, "%s", (const char *)sqlite3_column_text(st, 0));
		r->title = qip_col_strdup(st, 1);
		r->owner = qip_col_strdup(st, 2);
		r->owner_id = sqlite3_column_int64(st, 3);
	}
	rc = qip_db_finish(db, st, rc);
	if (rc)
		qip_minutes_clear(out);
	return rc;
}

void qip_minutes_clear(struct qip_minutes *m)
{
	free(m->title);
	free(m->service);
	free(m->attendees);
	free(m->notes);
	for (int i = 0; i < m->ndecisions; i++) {
		free(m->decisions[i].title);
		free(m->decisions[i].reason);
		free(m->decisions[i].decided_by);
		free(m->decisions[i].decided_by_role);
	}
	free(m->decisions);
	for (int i = 0; i < m->nraised; i++) {
		free(m->raised[i].title);
		free(m->raised[i].owner);
	}
	free(m->raised);
	memset(m, 0, sizeof *m);
}

/* A decision that challenged the plan rather than accepted it: an
 * extension, a reframe, a reopening, keeping an action open. */
static bool is_challenge(int decision)
{
	return decision == QIP_DEC_EXTEND || decision == QIP_DEC_REFRAME || decision == QIP_DEC_REOPEN ||
	       decision == QIP_DEC_KEEP_OPEN;
}

int report_build_minutes(struct report_scope *s, int64_t meeting_id, struct rdoc *d)
{
	if (meeting_id <= 0)
		return qip_db_fail(s->db, QIP_EINVAL, "minutes: give the meeting with --meeting ID");
	struct qip_minutes m;
	int rc = qip_minutes_get(s->db, meeting_id, &m);
	if (rc)
		return rc;
	char words[REPORT_DATE_LEN], due[REPORT_DATE_LEN];
	free(d->title);
	d->title = qip_printf("Minutes: %s", m.title);
	d->scope = qip_strdup(*m.service ? m.service : "The whole provider");
	d->period = qip_printf("Held on %s", report_date(m.held_on, words));
	d->generated = qip_strdup(report_date(s->today, words));
	qip_date_format(m.held_on, d->from);
	qip_date_format(m.held_on, d->to);

	struct rdoc_block *f = rdoc_facts(d, "meeting");
	rdoc_fact(f, "Meeting", "%s", m.title);
	rdoc_fact(f, "Held on", "%s", report_date(m.held_on, words));
	rdoc_fact(f, "Attendees", "%s", *m.attendees ? m.attendees : "not recorded");
	if (*m.notes)
		rdoc_fact(f, "Notes", "%s", m.notes);

	rdoc_heading(d, "Decisions");
	struct rdoc_block *t = rdoc_table(d, "decisions", NULL,
		(const char *const[]){ "Action", "What", "Decision", "Reason", "Decided by", NULL });
	int escalations = 0, challenges = 0;
	for (int i = 0; i < m.ndecisions; i++) {
		const struct qip_minutes_decision *v = &m.decisions[i];
		rdoc_cell(t, v->ref);
		rdoc_cell(t, v->title);
		char *dec = v->new_due != QIP_NO_DATE
			? qip_printf("%s to %s", qip_vocab_label(&qip_vocab_decision, v->decision), report_date(v->new_due, due))
			: qip_strdup(qip_vocab_label(&qip_vocab_decision, v->decision));
		rdoc_cell(t, dec);
		free(dec);
		rdoc_cell(t, v->reason);
		char *who = name_and_role(v->decided_by, v->decided_by_role);
		rdoc_cell(t, *who ? who : "not recorded");
		free(who);
		escalations += v->decision == QIP_DEC_ESCALATE;
		challenges += is_challenge(v->decision);
	}
	if (!m.ndecisions)
		rdoc_para(d, "No decision was recorded at this meeting.");

	rdoc_heading(d, "Actions raised");
	struct rdoc_block *rl = rdoc_list(d, "raised");
	for (int i = 0; i < m.nraised; i++) {
		char *owner = report_person(s->db, m.raised[i].owner_id, m.raised[i].owner);
		rdoc_item(rl, "%s %s (owner: %s)", m.raised[i].ref, m.raised[i].title, owner);
		free(owner);
	}
	if (!m.nraised)
		rdoc_item(rl, "None.");

	rdoc_heading(d, "Escalations");
	struct rdoc_block *el = rdoc_list(d, "escalations");
	for (int i = 0; i < m.ndecisions; i++)
		if (m.decisions[i].decision == QIP_DEC_ESCALATE)
			rdoc_item(el, "%s %s: %s", m.decisions[i].ref, m.decisions[i].title, m.decisions[i].reason);
	if (!escalations)
		rdoc_item(el, "None.");

	rdoc_heading(d, "Challenge recorded");
	struct rdoc_block *cl = rdoc_list(d, "challenge");
	for (int i = 0; i < m.ndecisions; i++)
		if (is_challenge(m.decisions[i].decision))
			rdoc_item(cl, "%s: %s, because %s", m.decisions[i].ref,
				  qip_vocab_label(&qip_vocab_decision, m.decisions[i].decision), m.decisions[i].reason);
	if (!challenges)
		rdoc_item(cl, "None: every decision accepted the plan as it stood.");
	qip_minutes_clear(&m);
	return QIP_OK;
}
