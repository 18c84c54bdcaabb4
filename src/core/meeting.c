/* Governance meetings: start, agenda, decisions, end (see qip/meeting.h).
 * The rules come from where they live: flags from qip_rules_flags, the
 * closure check from qip_action_closure_check and qip_action_close,
 * extensions, reviews and escalations from their own functions. This file
 * only ties a decision to its meeting, in the decision's transaction. */
#include <stdlib.h>
#include <string.h>

#include "qip/audit.h"
#include "qip/escalation.h"
#include "qip/meeting.h"
#include "qip/person.h"
#include "qip/service.h"
#include "qip/text.h"
#include "qip/vocab.h"

static const char *const kind_names[] = { "service", "provider-quality", "board" };
static const char *const kind_labels[] = { "Service governance meeting", "Provider quality meeting",
					   "Board meeting" };

const char *qip_meeting_kind_name(int kind)
{
	return kind >= 0 && kind < QIP_MEETING_KIND_COUNT ? kind_names[kind] : "?";
}

const char *qip_meeting_kind_label(int kind)
{
	return kind >= 0 && kind < QIP_MEETING_KIND_COUNT ? kind_labels[kind] : "?";
}

int qip_meeting_kind_parse(const char *name)
{
	for (int i = 0; name && i < QIP_MEETING_KIND_COUNT; i++)
		if (strcmp(name, kind_names[i]) == 0)
			return i;
	return -1;
}

static const char *const decision_names[] = { "close", "extend", "escalate", "keep", "reframe" };

const char *qip_meeting_decision_name(int d)
{
	return d >= 0 && d < QIP_MD_COUNT ? decision_names[d] : "?";
}

int qip_meeting_decision_parse(const char *name)
{
	if (name && strcmp(name, "keep-open") == 0)
		return QIP_MD_KEEP;
	for (int i = 0; name && i < QIP_MD_COUNT; i++)
		if (strcmp(name, decision_names[i]) == 0)
			return i;
	return -1;
}

static const char *const reason_names[] = { "review due", "overdue", "unowned", "escalated", "monitoring" };

char *qip_agenda_reasons_format(unsigned reasons, char *buf, size_t n)
{
	size_t used = 0;
	if (n)
		buf[0] = '\0';
	for (int i = 0; i < QIP_AGENDA_REASON_COUNT && n; i++)
		if (reasons & (1u << i)) {
			int w = snprintf(buf + used, n - used, "%s%s", used ? ", " : "", reason_names[i]);
			if (w < 0 || (size_t)w >= n - used)
				break;
			used += (size_t)w;
		}
	return buf;
}

/* ---- start, get, list, end ---- */

static int fail_text(struct qip_db *db, int rc, const char *fmt, const char *text)
{
	char *shown = qip_text_escape(text ? text : "");
	rc = qip_db_fail(db, rc, fmt, shown);
	free(shown);
	return rc;
}

static int insert_meeting(struct qip_db *db, int kind, qip_date on, int64_t service_id, const char *service,
			  const char *attendees, int64_t *id_out)
{
	char uuid[37], when[QIP_DATE_TEXT_LEN];
	qip_uuid(uuid);
	char *title = service && *service
		? qip_printf("%s, %s, %s", qip_meeting_kind_label(kind), service, qip_date_text(on, when))
		: qip_printf("%s, %s", qip_meeting_kind_label(kind), qip_date_text(on, when));
	sqlite3_stmt *st = qip_db_stmt(db, "INSERT INTO meeting(uuid, held_on, title, service_id, attendees,"
		" created_by, kind, chair_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6)");
	int rc = QIP_EDB;
	if (st) {
		qip_bind_text(st, 1, uuid);
		qip_bind_date(st, 2, on);
		qip_bind_text(st, 3, title);
		qip_bind_id(st, 4, service_id);
		qip_bind_text(st, 5, attendees);
		qip_bind_id(st, 6, qip_db_actor(db));
		qip_bind_text(st, 7, qip_meeting_kind_name(kind));
		rc = qip_db_exec_stmt(db, st);
	}
	free(title);
	*id_out = sqlite3_last_insert_rowid(qip_db_handle(db));
	return rc;
}

static int add_attendee(struct qip_db *db, int64_t meeting_id, int64_t person_id)
{
	sqlite3_stmt *st = qip_db_stmt(db, "INSERT OR IGNORE INTO meeting_attendee(meeting_id, person_id)"
		" VALUES (?1, ?2)");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, meeting_id);
	sqlite3_bind_int64(st, 2, person_id);
	return qip_db_exec_stmt(db, st);
}

static int person_name(struct qip_db *db, int64_t id, char **name)
{
	struct qip_person p = { 0 };
	int rc = qip_person_get(db, id, &p);
	*name = rc ? NULL : qip_strdup(p.name);
	qip_person_clear(&p);
	return rc;
}

int qip_meeting_start(struct qip_db *db, const struct qip_meeting_new *m, int64_t *id_out)
{
	*id_out = 0;
	int kind = qip_meeting_kind_parse(m->kind);
	if (kind < 0)
		return fail_text(db, QIP_EINVAL, "--kind: '%s' is not a kind of meeting: service, provider-quality or board",
				 m->kind);
	qip_date on = qip_db_today(db);
	if (m->date && !qip_date_parse(m->date, qip_db_today(db), &on))
		return fail_text(db, QIP_EINVAL, "--date: '%s' is not a date: use YYYY-MM-DD (a real day), or +7, -1",
				 m->date);
	bool has_service = m->service && *m->service;
	if (kind == QIP_MEETING_SERVICE && !has_service)
		return qip_db_fail(db, QIP_EINVAL, "--service: a service meeting needs its service");
	if (kind != QIP_MEETING_SERVICE && has_service)
		return qip_db_fail(db, QIP_EINVAL, "--service: a %s meeting covers every service: leave --service out",
				   qip_meeting_kind_name(kind));
	int rc = qip_db_require_writer(db);
	if (rc || (rc = qip_db_begin(db)))
		return rc;
	int64_t service_id = 0, *people = qip_xcalloc((size_t)m->nattendees + 1, sizeof *people);
	if (has_service)
		rc = qip_service_find(db, m->service, &service_id);
	char *names = qip_strdup("");
	for (int i = 0; rc == QIP_OK && i < m->nattendees; i++) {
		char *name = NULL;
		if ((rc = qip_person_find_active(db, m->attendees[i], &people[i])) == QIP_OK &&
		    (rc = person_name(db, people[i], &name)) == QIP_OK) {
			bool again = false;
			for (int j = 0; j < i; j++)
				again |= people[j] == people[i];
			if (!again) {
				char *next = qip_printf("%s%s%s", names, *names ? ", " : "", name);
				free(names);
				names = next;
			}
		}
		free(name);
	}
	if (rc == QIP_OK)
		rc = insert_meeting(db, kind, on, service_id, has_service ? m->service : NULL, names, id_out);
	for (int i = 0; rc == QIP_OK && i < m->nattendees; i++)
		rc = add_attendee(db, *id_out, people[i]);
	free(names);
	free(people);
	if (rc)
		*id_out = 0;
	return qip_db_end(db, rc);
}

#define MEETING_COLUMNS "m.id, m.uuid, m.kind, m.held_on, m.title, coalesce(m.service_id, 0), coalesce(s.name, ''),"\
	" coalesce(m.chair_id, 0), coalesce(c.name, ''), m.attendees, m.ended_at,"\
	" (SELECT count(*) FROM review r WHERE r.meeting_id = m.id), coalesce(m.ended_by, 0), coalesce(e.name, '')"\
	" FROM meeting m LEFT JOIN service s ON s.id = m.service_id LEFT JOIN person c ON c.id = m.chair_id"\
	" LEFT JOIN person e ON e.id = m.ended_by"

static void meeting_row(sqlite3_stmt *st, struct qip_meeting *m)
{
	memset(m, 0, sizeof *m);
	m->id = sqlite3_column_int64(st, 0);
	snprintf(m->uuid, sizeof m->uuid, "%s", (const char *)sqlite3_column_text(st, 1));
	m->kind = qip_meeting_kind_parse((const char *)sqlite3_column_text(st, 2));
	m->held_on = qip_col_date(st, 3);
	m->title = qip_col_strdup(st, 4);
	m->service_id = sqlite3_column_int64(st, 5);
	m->service = qip_col_strdup(st, 6);
	m->chair_id = sqlite3_column_int64(st, 7);
	m->chair = qip_col_strdup(st, 8);
	m->attendees = qip_col_strdup(st, 9);
	m->ended_at = sqlite3_column_type(st, 10) == SQLITE_NULL ? NULL : qip_col_strdup(st, 10);
	m->decisions = sqlite3_column_int(st, 11);
	m->ended_by_id = sqlite3_column_int64(st, 12);
	m->ended_by = qip_col_strdup(st, 13);
}

void qip_meeting_clear(struct qip_meeting *m)
{
	free(m->title);
	free(m->service);
	free(m->chair);
	free(m->attendees);
	free(m->ended_at);
	free(m->ended_by);
	memset(m, 0, sizeof *m);
}

int qip_meeting_get(struct qip_db *db, int64_t id, struct qip_meeting *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT " MEETING_COLUMNS " WHERE m.id = ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, id);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		meeting_row(st, out);
	int rc = qip_db_finish(db, st, step);
	if (rc == QIP_OK && step != SQLITE_ROW)
		rc = qip_db_fail(db, QIP_ENOTFOUND, "no meeting %lld: qip meeting list shows them", (long long)id);
	return rc;
}

int qip_meeting_list(struct qip_db *db, int (*row)(void *ctx, const struct qip_meeting *m), void *ctx)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT " MEETING_COLUMNS " ORDER BY m.held_on DESC, m.id DESC");
	if (!st)
		return QIP_EDB;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct qip_meeting m;
		meeting_row(st, &m);
		int stop = row(ctx, &m);
		qip_meeting_clear(&m);
		if (stop)
			break;
	}
	return qip_db_finish(db, st, step);
}

int qip_meeting_end(struct qip_db *db, int64_t id)
{
	int rc = qip_db_require_writer(db);
	if (rc || (rc = qip_db_begin(db)))
		return rc;
	struct qip_meeting m;
	if ((rc = qip_meeting_get(db, id, &m)) == QIP_OK) {
		if (m.ended_at)
			rc = qip_db_fail(db, QIP_EREFUSED, "meeting %lld has already ended", (long long)id);
		else if (m.chair_id != qip_db_actor(db))
			rc = qip_db_fail(db, QIP_EREFUSED, "only the chair, %s, ends meeting %lld", m.chair,
					 (long long)id);
	}
	if (rc == QIP_OK) {
		sqlite3_stmt *st = qip_db_stmt(db, "UPDATE meeting SET ended_at = qip_now(), ended_by = ?2 WHERE id = ?1");
		if (!st)
			rc = QIP_EDB;
		else {
			sqlite3_bind_int64(st, 1, id);
			qip_bind_id(st, 2, qip_db_actor(db));
			rc = qip_db_exec_stmt(db, st);
		}
	}
	qip_meeting_clear(&m);
	return qip_db_end(db, rc);
}

/* ---- what a meeting recorded ---- */

int qip_meeting_attendees(struct qip_db *db, int64_t id, struct qip_meeting_person **out, int *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT p.id, p.name FROM meeting_attendee ma"
		" JOIN person p ON p.id = ma.person_id WHERE ma.meeting_id = ?1 ORDER BY ma.rowid");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, id);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*out = qip_xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		(*out)[*n].id = sqlite3_column_int64(st, 0);
		(*out)[(*n)++].name = qip_col_strdup(st, 1);
	}
	return qip_db_finish(db, st, step);
}

void qip_meeting_people_free(struct qip_meeting_person *p, int n)
{
	for (int i = 0; i < n; i++)
		free(p[i].name);
	free(p);
}

/* Steps st (bound) into entries: the columns of the queries below. */
static int entries(struct qip_db *db, sqlite3_stmt *st, struct qip_meeting_entry **out, int *n)
{
	*out = NULL;
	*n = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*out = qip_xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		struct qip_meeting_entry *e = &(*out)[(*n)++];
		e->refused = sqlite3_column_int(st, 0) != 0;
		e->decision = qip_vocab_find(&qip_vocab_decision, (const char *)sqlite3_column_text(st, 1));
		e->action_id = sqlite3_column_int64(st, 2);
		snprintf(e->ref, sizeof e->ref, "%s", (const char *)sqlite3_column_text(st, 3));
		e->title = qip_col_strdup(st, 4);
		e->reason = qip_col_strdup(st, 5);
		e->note = qip_col_strdup(st, 6);
		e->on = qip_col_date(st, 7);
		e->new_due = qip_col_date(st, 8);
		e->by_id = sqlite3_column_int64(st, 9);
		e->by = qip_col_strdup(st, 10);
		e->reviewer_id = sqlite3_column_int64(st, 11);
		e->reviewer = qip_col_strdup(st, 12);
	}
	int rc = qip_db_finish(db, st, step);
	if (rc) {
		qip_meeting_record_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int qip_meeting_record(struct qip_db *db, int64_t id, struct qip_meeting_entry **out, int *n)
{
	*out = NULL;
	*n = 0;
	/* Both kinds in the order they happened; a refusal before the
	 * decision the room took next on the same stroke of the clock. */
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT 0 AS refused, v.decision, v.action_id, a.ref, a.title, v.reason, '', v.decided_on, v.new_due_on,"
		" coalesce(v.decided_by, 0), coalesce(p.name, ''), coalesce(v.reviewer_id, 0), coalesce(q.name, ''),"
		" v.decided_at AS at, v.id AS id"
		" FROM review v JOIN action a ON a.id = v.action_id LEFT JOIN person p ON p.id = v.decided_by"
		" LEFT JOIN person q ON q.id = v.reviewer_id WHERE v.meeting_id = ?1"
		" UNION ALL"
		" SELECT 1, 'close', f.action_id, a.ref, a.title, f.reasons, f.note, f.refused_on, NULL,"
		" coalesce(f.proposed_by, 0), coalesce(p.name, ''), coalesce(f.reviewer_id, 0), coalesce(q.name, ''),"
		" f.refused_at, f.id"
		" FROM meeting_refusal f JOIN action a ON a.id = f.action_id LEFT JOIN person p ON p.id = f.proposed_by"
		" LEFT JOIN person q ON q.id = f.reviewer_id WHERE f.meeting_id = ?1"
		" ORDER BY at, refused DESC, id");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, id);
	return entries(db, st, out, n);
}

int qip_meeting_refusals(struct qip_db *db, int64_t action_id, struct qip_meeting_entry **out, int *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT 1, 'close', f.action_id, a.ref, a.title, f.reasons, f.note, f.refused_on, NULL,"
		" coalesce(f.proposed_by, 0), coalesce(p.name, ''), coalesce(f.reviewer_id, 0), coalesce(q.name, '')"
		" FROM meeting_refusal f JOIN action a ON a.id = f.action_id LEFT JOIN person p ON p.id = f.proposed_by"
		" LEFT JOIN person q ON q.id = f.reviewer_id WHERE f.action_id = ?1 ORDER BY f.refused_at, f.id");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, action_id);
	return entries(db, st, out, n);
}

void qip_meeting_record_free(struct qip_meeting_entry *e, int n)
{
	for (int i = 0; i < n; i++) {
		free(e[i].title);
		free(e[i].reason);
		free(e[i].note);
		free(e[i].by);
		free(e[i].reviewer);
	}
	free(e);
}

/* ---- the agenda ---- */

struct pick {
	const int64_t *decided;   /* actions this meeting has decided on: they stay on its agenda */
	int ndecided;
	int64_t *ids;
	unsigned *reasons, *flags;
	int n, cap;
	qip_date on;
};

static int pick_row(void *ctx, const struct qip_action *a)
{
	struct pick *p = ctx;
	struct qip_action_facts facts;
	qip_action_facts(a, &facts);
	unsigned flags = qip_rules_flags(&facts, p->on), reasons = 0;
	if (a->next_review != QIP_NO_DATE && a->next_review <= p->on)
		reasons |= QIP_AGENDA_REVIEW_DUE;
	if (flags & QIP_FLAG_OVERDUE)
		reasons |= QIP_AGENDA_OVERDUE;
	if (flags & QIP_FLAG_UNOWNED)
		reasons |= QIP_AGENDA_UNOWNED;
	if (a->open_escalations > 0)
		reasons |= QIP_AGENDA_ESCALATED;
	if (a->status == QIP_STATUS_MONITORING)
		reasons |= QIP_AGENDA_MONITORING;
	bool decided = false;
	for (int i = 0; i < p->ndecided && !decided; i++)
		decided = p->decided[i] == a->id;
	if (!reasons && !decided)
		return 0;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		p->ids = qip_xrealloc(p->ids, (size_t)p->cap * sizeof *p->ids);
		p->reasons = qip_xrealloc(p->reasons, (size_t)p->cap * sizeof *p->reasons);
		p->flags = qip_xrealloc(p->flags, (size_t)p->cap * sizeof *p->flags);
	}
	p->ids[p->n] = a->id;
	p->reasons[p->n] = reasons;
	p->flags[p->n++] = flags;
	return 0;
}

static int load_item(struct qip_db *db, int64_t meeting_id, struct qip_agenda_item *it)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT e.seen_on, e.value FROM evidence e WHERE e.action_id = ?1"
		" AND e.kind = 'outcome' AND e.value IS NOT NULL"
		" AND NOT EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = e.id)"
		" ORDER BY e.seen_on DESC, e.id DESC LIMIT 3");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, it->action.id);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW && it->nreadings < QIP_AGENDA_READINGS)
		it->readings[it->nreadings++] = (struct qip_reading){ qip_col_date(st, 0), sqlite3_column_double(st, 1) };
	int rc = qip_db_finish(db, st, step);
	if (rc == QIP_OK)
		rc = qip_action_closure_check(db, &it->action, NULL, QIP_CLOSE_REVIEWER_REASONS,
					      &it->closure_why, &it->closure);
	if (rc || !meeting_id)
		return rc;
	st = qip_db_stmt(db, "SELECT decision FROM review WHERE meeting_id = ?1 AND action_id = ?2"
		" ORDER BY id DESC LIMIT 1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, meeting_id);
	sqlite3_bind_int64(st, 2, it->action.id);
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		it->decided = qip_col_strdup(st, 0);
	return qip_db_finish(db, st, step);
}

struct audits {
	struct qip_agenda *ag;
	int cap;
};

static int audit_row(void *ctx, const struct qip_audit_run_row *r)
{
	struct audits *x = ctx;
	struct qip_agenda *ag = x->ag;
	if (!r->complete || r->run_on > ag->on || (ag->since != QIP_NO_DATE && r->run_on <= ag->since))
		return 0;
	if (ag->naudits == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 8;
		ag->audits = qip_xrealloc(ag->audits, (size_t)x->cap * sizeof *ag->audits);
	}
	ag->audits[ag->naudits++] = (struct qip_agenda_audit){
		.run_id = r->id, .template_key = qip_strdup(r->template_key),
		.template_title = qip_strdup(r->template_title), .service = qip_strdup(r->service),
		.run_on = r->run_on, .scored = r->scored, .passed = r->passed, .percent = r->percent,
	};
	return 0;
}

/* An audit's trend: the warning flags on its template's runs at its
 * service as they stand (qip_audit_trend), and the score of the run
 * before it. */
static int audit_trend(struct qip_db *db, struct qip_agenda_audit *au)
{
	int64_t service_id;
	int rc = qip_service_find(db, au->service, &service_id);
	struct qip_audit_trend_point *pts = NULL;
	int n = 0;
	if (rc == QIP_OK)
		rc = qip_audit_trend(db, au->template_key, service_id, &pts, &n, &au->trend);
	for (int i = 1; rc == QIP_OK && i < n; i++)
		if (pts[i].run_id == au->run_id) {
			au->has_previous = true;
			au->previous = pts[i - 1].percent;
		}
	free(pts);
	return rc;
}

static int last_meeting_before(struct qip_db *db, const struct qip_meeting *m, qip_date *since)
{
	*since = QIP_NO_DATE;
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT max(held_on) FROM meeting WHERE kind = ?1"
		" AND service_id IS ?2 AND held_on < ?3 AND id <> ?4");
	if (!st)
		return QIP_EDB;
	qip_bind_text(st, 1, qip_meeting_kind_name(m->kind));
	qip_bind_id(st, 2, m->service_id);
	qip_bind_date(st, 3, m->held_on);
	sqlite3_bind_int64(st, 4, m->id);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*since = qip_col_date(st, 0);
	return qip_db_finish(db, st, step);
}

int qip_meeting_agenda(struct qip_db *db, int64_t meeting_id, struct qip_agenda *out)
{
	memset(out, 0, sizeof *out);
	struct qip_meeting m;
	int rc = qip_meeting_get(db, meeting_id, &m);
	if (rc)
		return rc;
	out->on = m.held_on;
	rc = last_meeting_before(db, &m, &out->since);
	struct qip_action_filter f;
	qip_action_filter_init(&f);
	f.service_id = m.service_id;
	struct pick p = { .on = m.held_on };
	int64_t *decided = NULL;
	sqlite3_stmt *st = rc ? NULL : qip_db_stmt(db, "SELECT DISTINCT action_id FROM review WHERE meeting_id = ?1");
	if (rc == QIP_OK && !st)
		rc = QIP_EDB;
	if (rc == QIP_OK) {
		sqlite3_bind_int64(st, 1, meeting_id);
		rc = qip_db_ids(db, st, &decided, &p.ndecided);
		p.decided = decided;
	}
	if (rc == QIP_OK)
		rc = qip_action_list(db, &f, -1, 0, pick_row, &p);
	free(decided);
	if (rc == QIP_OK && p.n)
		out->items = qip_xcalloc((size_t)p.n, sizeof *out->items);
	for (int i = 0; rc == QIP_OK && i < p.n; i++) {
		struct qip_agenda_item *it = &out->items[out->nitems];
		if ((rc = qip_action_get_id(db, p.ids[i], &it->action)))
			break;
		out->nitems++;
		it->reasons = p.reasons[i];
		it->flags = p.flags[i];
		rc = load_item(db, meeting_id, it);
	}
	free(p.ids);
	free(p.reasons);
	free(p.flags);
	struct audits x = { .ag = out };
	if (rc == QIP_OK)
		rc = qip_audit_list(db, m.service_id, NULL, audit_row, &x);
	/* qip_audit_list gives the newest first: the room reads them in order. */
	for (int i = 0; i < out->naudits / 2; i++) {
		struct qip_agenda_audit t = out->audits[i];
		out->audits[i] = out->audits[out->naudits - 1 - i];
		out->audits[out->naudits - 1 - i] = t;
	}
	for (int i = 0; rc == QIP_OK && i < out->naudits; i++)
		rc = audit_trend(db, &out->audits[i]);
	qip_meeting_clear(&m);
	if (rc)
		qip_agenda_clear(out);
	return rc;
}

void qip_agenda_clear(struct qip_agenda *a)
{
	for (int i = 0; i < a->nitems; i++) {
		qip_action_clear(&a->items[i].action);
		free(a->items[i].closure);
		free(a->items[i].decided);
	}
	free(a->items);
	for (int i = 0; i < a->naudits; i++) {
		free(a->audits[i].template_key);
		free(a->audits[i].template_title);
		free(a->audits[i].service);
	}
	free(a->audits);
	memset(a, 0, sizeof *a);
}

/* ---- decisions ---- */

static int max_review(struct qip_db *db, int64_t action_id, int64_t *id)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT coalesce(max(id), 0) FROM review WHERE action_id = ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, action_id);
	return qip_db_scalar(db, st, id);
}

/* The escalate decision: the open escalation goes up a level; otherwise a
 * new one a level above the meeting's own. */
static int escalate(struct qip_db *db, const char *ref, int64_t action_id, int kind, const char *note)
{
	int64_t open_id, id;
	int rc = qip_escalation_open_on(db, action_id, &open_id);
	if (rc)
		return rc;
	if (open_id)
		rc = qip_escalation_raise_level(db, open_id, NULL, note);
	else
		rc = qip_escalation_raise(db, ref, kind == QIP_MEETING_SERVICE ? QIP_LEVEL_NI : QIP_LEVEL_BOARD,
					  "other", NULL, note, &id);
	if (rc)
		return rc;
	char uuid[37];
	qip_uuid(uuid);
	sqlite3_stmt *st = qip_db_stmt(db, "INSERT INTO review(uuid, action_id, decided_on, decision, reason, decided_by)"
		" VALUES (?1, ?2, ?3, 'escalate', ?4, ?5)");
	if (!st)
		return QIP_EDB;
	qip_bind_text(st, 1, uuid);
	sqlite3_bind_int64(st, 2, action_id);
	qip_bind_date(st, 3, qip_db_today(db));
	qip_bind_text(st, 4, note);
	qip_bind_id(st, 5, qip_db_actor(db));
	return qip_db_exec_stmt(db, st);
}

static int reframe(struct qip_db *db, const struct qip_decision_request *r, const char *note)
{
	struct qip_action_input in = { 0 };
	in.field[QIP_AF_BASELINE] = r->baseline;
	in.field[QIP_AF_OUTCOME] = r->outcome;
	in.field[QIP_AF_TARGET] = r->target;
	in.field[QIP_AF_UNIT] = r->unit;
	in.field[QIP_AF_SUSTAIN] = r->sustain;
	if (!r->baseline && !r->outcome && !r->target && !r->unit && !r->sustain)
		return qip_db_fail(db, QIP_EINVAL, "reframe: give the new baseline, outcome or measure"
				   " (target, unit, sustain); the old wording stays in the history");
	int rc = qip_action_edit(db, r->ref, &in);
	return rc ? rc : qip_action_review(db, r->ref, "reframe", note);
}

/* A decision in a meeting: the meeting is open and held by today, and a
 * service meeting decides on its own service's actions only. */
static int meeting_open_for_decisions(struct qip_db *db, int64_t meeting_id, int64_t action_id, int *kind)
{
	struct qip_meeting m;
	int rc = qip_meeting_get(db, meeting_id, &m);
	if (rc)
		return rc;
	*kind = m.kind;
	char d[QIP_DATE_LEN];
	if (m.ended_at)
		rc = qip_db_fail(db, QIP_EREFUSED, "meeting %lld has ended: no decisions after the chair ends it",
				 (long long)meeting_id);
	else if (m.held_on > qip_db_today(db))
		rc = qip_db_fail(db, QIP_EREFUSED, "meeting %lld is on %s: no decisions before it is held",
				 (long long)meeting_id, qip_date_format(m.held_on, d));
	else if (m.kind == QIP_MEETING_SERVICE) {
		struct qip_action a = { 0 };
		if ((rc = qip_action_get_id(db, action_id, &a)) == QIP_OK && a.service_id != m.service_id)
			rc = qip_db_fail(db, QIP_EREFUSED, "%s belongs to %s, not %s: a service meeting decides on"
					 " its own service's actions", a.ref, *a.service ? a.service : "the whole provider",
					 m.service);
		qip_action_clear(&a);
	}
	qip_meeting_clear(&m);
	return rc;
}

/* A closure the check refused in a meeting, in a transaction of its own
 * (the decision's was rolled back): the check's reasons, one a line, from
 * its message ("QIP-0001 cannot close yet:\n  - reason\n  - reason"). The
 * same refusal again (reasons and reviewer unchanged) is not recorded twice. */
static int record_refusal(struct qip_db *db, const struct qip_decision_request *r, int64_t action_id,
			  const char *message)
{
	const char *first = strstr(message, "\n  - ");
	char *reasons = qip_strdup(first ? first + 5 : message);
	for (char *p = strstr(reasons, "\n  - "); p; p = strstr(p, "\n  - "))
		memmove(p + 1, p + 5, strlen(p + 5) + 1);
	int rc = qip_db_begin(db);
	if (rc) {
		free(reasons);
		return rc;
	}
	int kind;
	int64_t reviewer_id = qip_db_actor(db);
	rc = meeting_open_for_decisions(db, r->meeting_id, action_id, &kind);
	if (rc == QIP_OK && r->reviewer && *r->reviewer)
		rc = qip_person_find_active(db, r->reviewer, &reviewer_id);
	sqlite3_stmt *st = rc ? NULL : qip_db_stmt(db, "INSERT INTO meeting_refusal(uuid, meeting_id, action_id,"
		" refused_on, reasons, note, proposed_by, reviewer_id) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8"
		" WHERE NOT EXISTS (SELECT 1 FROM meeting_refusal WHERE meeting_id = ?2 AND action_id = ?3"
		" AND reasons = ?5 AND reviewer_id IS ?8)");
	if (rc == QIP_OK && !st)
		rc = QIP_EDB;
	if (rc == QIP_OK) {
		char uuid[37];
		qip_uuid(uuid);
		qip_bind_text(st, 1, uuid);
		sqlite3_bind_int64(st, 2, r->meeting_id);
		sqlite3_bind_int64(st, 3, action_id);
		qip_bind_date(st, 4, qip_db_today(db));
		qip_bind_text(st, 5, reasons);
		qip_bind_text(st, 6, r->note && *r->note ? r->note : "");
		qip_bind_id(st, 7, qip_db_actor(db));
		qip_bind_id(st, 8, reviewer_id);
		rc = qip_db_exec_stmt(db, st);
	}
	free(reasons);
	return qip_db_end(db, rc);
}

int qip_meeting_decide(struct qip_db *db, const struct qip_decision_request *r)
{
	if (r->decision < 0 || r->decision >= QIP_MD_COUNT)
		return qip_db_fail(db, QIP_EINVAL, "--decision must be close, extend, escalate, keep or reframe");
	const char *note = r->note && *r->note ? r->note : NULL;
	if (r->decision == QIP_MD_EXTEND && !note)
		return qip_db_fail(db, QIP_EINVAL, "--note: an extension needs its reason, recorded for the minutes");
	if (r->decision == QIP_MD_EXTEND && !(r->due && *r->due))
		return qip_db_fail(db, QIP_EINVAL, "--due: an extension needs the new due date");
	int rc = qip_db_require_writer(db);
	if (rc || (rc = qip_db_begin(db)))
		return rc;
	int kind = QIP_MEETING_SERVICE;
	int64_t action_id = 0, before = 0;
	bool close_refused = false;
	rc = qip_action_resolve(db, r->ref, &action_id);
	if (rc == QIP_OK && r->meeting_id)
		rc = meeting_open_for_decisions(db, r->meeting_id, action_id, &kind);
	if (rc == QIP_OK)
		rc = max_review(db, action_id, &before);
	char *given = NULL;
	if (rc == QIP_OK && !note) {
		char d[QIP_DATE_LEN];
		given = r->meeting_id
			? qip_printf("%s at the %s meeting of %s", qip_meeting_decision_name(r->decision),
				     qip_meeting_kind_name(kind), qip_date_format(qip_db_today(db), d))
			: qip_printf("%s at review on %s", qip_meeting_decision_name(r->decision),
				     qip_date_format(qip_db_today(db), d));
		note = given;
	}
	if (rc == QIP_OK) {
		switch (r->decision) {
		case QIP_MD_CLOSE:
			rc = qip_action_close(db, r->ref, &(struct qip_closure_request){ .reason = note,
					      .reviewer = r->reviewer, .one_source_reason = r->one_source_reason });
			close_refused = rc == QIP_EREFUSED && r->meeting_id;
			break;
		case QIP_MD_EXTEND:
			rc = qip_action_extend(db, r->ref, r->due, note);
			break;
		case QIP_MD_ESCALATE:
			rc = escalate(db, r->ref, action_id, kind, note);
			break;
		case QIP_MD_KEEP:
			rc = qip_action_review(db, r->ref, "keep-open", note);
			break;
		default:
			rc = reframe(db, r, note);
			break;
		}
	}
	if (rc == QIP_OK && r->meeting_id) {
		/* A close's reviewer, who confirmed it, beside the person recording it. */
		sqlite3_stmt *st = qip_db_stmt(db, "UPDATE review SET meeting_id = ?1, reviewer_id = CASE decision"
			" WHEN 'close' THEN (SELECT closure_reviewer_id FROM action WHERE id = ?2) END"
			" WHERE action_id = ?2 AND id > ?3");
		if (!st)
			rc = QIP_EDB;
		else {
			sqlite3_bind_int64(st, 1, r->meeting_id);
			sqlite3_bind_int64(st, 2, action_id);
			sqlite3_bind_int64(st, 3, before);
			rc = qip_db_exec_stmt(db, st);
		}
	}
	free(given);
	rc = qip_db_end(db, rc);
	if (close_refused) {
		char *message = qip_strdup(qip_db_error(db));
		int recorded = record_refusal(db, r, action_id, message);
		if (recorded == QIP_OK)
			qip_db_fail(db, rc, "%s", message);
		else {
			char *why = qip_strdup(qip_db_error(db));
			rc = qip_db_fail(db, recorded, "%s\n(the refusal could not be recorded in the minutes: %s)",
					 message, why);
			free(why);
		}
		free(message);
	}
	return rc;
}
