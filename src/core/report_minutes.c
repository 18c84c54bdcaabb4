/* Governance decisions and meeting minutes: what the review and meeting
 * tables record, read for the reports (report.h). A meeting's minutes
 * read the meeting through the meeting module (qip/meeting.h), its one
 * reader: kind, chair, attendees, end, decisions and refused closures. */
#include <stdlib.h>
#include <string.h>

#include "qip/chain.h"
#include "qip/meeting.h"
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
	rc = qip_db_finish(db, st, rc);
	return rc ? rc : qip_meeting_refusals(db, ra->a.id, &ra->refusals, &ra->nrefusals);
}

/* "Sarah Jones, registered manager; Priya Shah, quality lead". Malloc'd. */
static char *attendee_words(struct qip_db *db, const struct qip_meeting_person *p, int n)
{
	char *out = qip_strdup("");
	for (int i = 0; i < n; i++) {
		char *who = report_person(db, p[i].id, p[i].name);
		char *next = qip_printf("%s%s%s", out, i ? "; " : "", who);
		free(who);
		free(out);
		out = next;
	}
	return out;
}

/* A decision as the minutes name it: "Extend to 17 November 2026". */
static char *decision_words(const struct qip_meeting_entry *e)
{
	char due[REPORT_DATE_LEN];
	if (e->refused)
		return qip_strdup("Close proposed: refused by the closure check");
	if (e->new_due != QIP_NO_DATE)
		return qip_printf("%s to %s", qip_vocab_label(&qip_vocab_decision, e->decision), report_date(e->new_due, due));
	return qip_strdup(qip_vocab_label(&qip_vocab_decision, e->decision));
}

/* A refusal's reasons (one a line) after what was said proposing it. */
char *report_refusal_words(const struct qip_meeting_entry *e)
{
	char *line = qip_strdup("");
	for (const char *p = e->reason; *p;) {
		size_t len = strcspn(p, "\n");
		char *next = qip_printf("%s%s%.*s", line, *line ? "; " : "", (int)len, p);
		free(line);
		line = next;
		p += len + (p[len] == '\n');
	}
	char *out = *e->note ? qip_printf("%s The closure check said: %s", e->note, line)
			     : qip_printf("The closure check said: %s", line);
	free(line);
	return out;
}

/* A decision that challenged what the room was told rather than accept
 * it: a closure refused, an extension, a reframe, a reopening. */
static bool is_challenge(const struct qip_meeting_entry *e)
{
	return e->refused || e->decision == QIP_DEC_EXTEND || e->decision == QIP_DEC_REFRAME ||
	       e->decision == QIP_DEC_REOPEN;
}

/* Actions the meeting raised: source "meeting", added on the day it was
 * held, at its service (any service for a provider-wide meeting). */
static int raised_actions(struct report_scope *s, const struct qip_meeting *m, struct rdoc_block *rl, int *n)
{
	sqlite3_stmt *st = qip_db_stmt(s->db,
		"SELECT a.ref, a.title, coalesce(p.name, ''), coalesce(a.owner_id, 0) FROM action a"
		" LEFT JOIN person p ON p.id = a.owner_id WHERE a.source = 'meeting' AND a.created_on = ?1"
		" AND (?2 IS NULL OR a.service_id IS ?2) ORDER BY a.seq");
	if (!st)
		return QIP_EDB;
	qip_bind_date(st, 1, m->held_on);
	qip_bind_id(st, 2, m->service_id);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		char *owner = report_person(s->db, sqlite3_column_int64(st, 3), (const char *)sqlite3_column_text(st, 2));
		rdoc_item(rl, "%s %s (owner: %s)", (const char *)sqlite3_column_text(st, 0),
			  (const char *)sqlite3_column_text(st, 1), owner);
		free(owner);
		(*n)++;
	}
	return qip_db_finish(s->db, st, step);
}

int report_build_minutes(struct report_scope *s, int64_t meeting_id, struct rdoc *d)
{
	if (meeting_id <= 0)
		return qip_db_fail(s->db, QIP_EINVAL, "minutes: give the meeting with --meeting ID");
	struct qip_meeting m;
	int rc = qip_meeting_get(s->db, meeting_id, &m);
	if (rc)
		return rc;
	struct qip_meeting_person *people = NULL;
	struct qip_meeting_entry *es = NULL;
	int npeople = 0, n = 0;
	if ((rc = qip_meeting_attendees(s->db, meeting_id, &people, &npeople)) == QIP_OK)
		rc = qip_meeting_record(s->db, meeting_id, &es, &n);
	if (rc) {
		qip_meeting_people_free(people, npeople);
		qip_meeting_clear(&m);
		return rc;
	}
	char words[REPORT_DATE_LEN];
	free(d->title);
	d->title = qip_printf("Minutes: %s", m.title);
	d->scope = qip_strdup(*m.service ? m.service : "The whole provider");
	d->period = qip_printf("Held on %s", report_date(m.held_on, words));
	d->generated = qip_strdup(report_date(s->today, words));
	qip_chain_head(s->db, d->chain_head, &d->chain_length);
	qip_date_format(m.held_on, d->from);
	qip_date_format(m.held_on, d->to);

	if (!m.ended_at)
		rdoc_para(d, "Draft: the meeting has not ended. Decisions may still be added until the chair ends it.");
	struct rdoc_block *f = rdoc_facts(d, "meeting");
	rdoc_fact(f, "Meeting", "%s", qip_meeting_kind_label(m.kind));
	if (*m.service)
		rdoc_fact(f, "Service", "%s", m.service);
	rdoc_fact(f, "Held on", "%s", report_date(m.held_on, words));
	char *chair = report_person(s->db, m.chair_id, m.chair);
	rdoc_fact(f, "Chair", "%s", chair);
	free(chair);
	char *attendees = attendee_words(s->db, people, npeople);
	rdoc_fact(f, "Attendees", "%s", *attendees ? attendees : "none recorded");
	free(attendees);
	if (m.ended_at) {
		char when[QIP_WHEN_TEXT_LEN];
		char *by = report_person(s->db, m.ended_by_id, m.ended_by);
		rdoc_fact(f, "Ended", "%s by %s", qip_when_text(m.ended_at, when), by);
		free(by);
	} else
		rdoc_fact(f, "Ended", "%s", "draft: the meeting has not ended");

	rdoc_heading(d, "Decisions");
	struct rdoc_block *t = rdoc_table(d, "decisions", NULL,
		(const char *const[]){ "Action", "What", "Decision", "Reason", "Decided by", "Reviewer", NULL });
	int escalations = 0, challenges = 0;
	for (int i = 0; i < n; i++) {
		const struct qip_meeting_entry *e = &es[i];
		rdoc_cell(t, e->ref);
		rdoc_cell(t, e->title);
		char *dec = decision_words(e);
		rdoc_cell(t, dec);
		free(dec);
		char *reason = e->refused ? report_refusal_words(e) : qip_strdup(e->reason);
		rdoc_cell(t, reason);
		free(reason);
		char *who = e->by_id ? report_person(s->db, e->by_id, e->by) : qip_strdup("not recorded");
		rdoc_cell(t, who);
		free(who);
		char *reviewer = e->reviewer_id ? report_person(s->db, e->reviewer_id, e->reviewer) : qip_strdup("");
		rdoc_cell(t, reviewer);
		free(reviewer);
		escalations += !e->refused && e->decision == QIP_DEC_ESCALATE;
		challenges += is_challenge(e);
	}
	if (!n)
		rdoc_para(d, "No decision was recorded at this meeting.");

	rdoc_heading(d, "Actions raised");
	struct rdoc_block *rl = rdoc_list(d, "raised");
	int nraised = 0;
	rc = raised_actions(s, &m, rl, &nraised);
	if (!nraised)
		rdoc_item(rl, "None.");

	rdoc_heading(d, "Escalations");
	struct rdoc_block *el = rdoc_list(d, "escalations");
	for (int i = 0; i < n; i++)
		if (!es[i].refused && es[i].decision == QIP_DEC_ESCALATE)
			rdoc_item(el, "%s %s: %s", es[i].ref, es[i].title, es[i].reason);
	if (!escalations)
		rdoc_item(el, "None.");

	rdoc_heading(d, "Challenge recorded");
	struct rdoc_block *cl = rdoc_list(d, "challenge");
	for (int i = 0; i < n; i++) {
		const struct qip_meeting_entry *e = &es[i];
		if (!is_challenge(e))
			continue;
		if (e->refused) {
			char *why = report_refusal_words(e);
			rdoc_item(cl, "%s: closure proposed and refused. %s", e->ref, why);
			free(why);
		} else {
			char *dec = decision_words(e);
			rdoc_item(cl, "%s: %s, because %s", e->ref, dec, e->reason);
			free(dec);
		}
	}
	if (!challenges)
		rdoc_item(cl, "None: every decision accepted the plan as it stood.");
	qip_meeting_record_free(es, n);
	qip_meeting_people_free(people, npeople);
	qip_meeting_clear(&m);
	return rc;
}
