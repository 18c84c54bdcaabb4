/* Governance meetings (issue 11): a service's own meeting, the provider's
 * quality meeting or the board. A meeting has a date, a chair (who started
 * it) and attendees; its agenda is built from the data for its date; each
 * decision on an action is recorded against the meeting and the action in
 * one transaction as it is made, through the same core functions as a
 * decision taken on its own (closure check, extension, escalation); the
 * chair ends it, and no decision is taken after. The minutes are the
 * meeting row, its attendees, its review rows (review.meeting_id) and the
 * closures it proposed that the closure check refused (qip_meeting_record). */
#ifndef QIP_MEETING_H
#define QIP_MEETING_H

#include <stdbool.h>
#include <stdint.h>

#include "qip/action.h"
#include "qip/db.h"

enum qip_meeting_kind { QIP_MEETING_SERVICE, QIP_MEETING_QUALITY, QIP_MEETING_BOARD, QIP_MEETING_KIND_COUNT };
/* "service", "provider-quality", "board"; parse gives -1 when unknown. */
const char *qip_meeting_kind_name(int kind);
/* "Service governance meeting", "Provider quality meeting", "Board meeting". */
const char *qip_meeting_kind_label(int kind);
int qip_meeting_kind_parse(const char *name);

struct qip_meeting_new {
	const char *kind;                 /* required */
	const char *date;                 /* as typed (qip_date_parse); NULL: today */
	const char *service;              /* required for a service meeting, refused for the others */
	const char *const *attendees;     /* names or logins of active people */
	int nattendees;
};
/* Starts a meeting chaired by the person acting. Every field is checked
 * before anything is stored; one message names the first problem. */
int qip_meeting_start(struct qip_db *db, const struct qip_meeting_new *m, int64_t *id_out);

struct qip_meeting {
	int64_t id;
	char uuid[37];
	int kind;
	qip_date held_on;
	char *title;
	int64_t service_id;               /* 0: provider-wide */
	char *service;                    /* "" when provider-wide */
	int64_t chair_id;
	char *chair;
	char *attendees;                  /* "Name, Name" */
	char *ended_at;                   /* UTC timestamp; NULL while open */
	int64_t ended_by_id;              /* who ended it, 0 while open */
	char *ended_by;                   /* "" while open */
	int decisions;
};
int qip_meeting_get(struct qip_db *db, int64_t id, struct qip_meeting *out);
void qip_meeting_clear(struct qip_meeting *m);
/* Meetings, newest first (open ones with the others). */
int qip_meeting_list(struct qip_db *db, int (*row)(void *ctx, const struct qip_meeting *m), void *ctx);
/* The chair ends the meeting: refused for anyone else and for a meeting
 * already ended. */
int qip_meeting_end(struct qip_db *db, int64_t id);

/* Who attended, by person, in the order given when it started. */
struct qip_meeting_person {
	int64_t id;
	char *name;
};
int qip_meeting_attendees(struct qip_db *db, int64_t id, struct qip_meeting_person **out, int *n);
void qip_meeting_people_free(struct qip_meeting_person *p, int n);

/* What a meeting recorded, in the order it happened: each decision (its
 * review row) and each closure proposed and refused by the closure check
 * (refused: nothing changed on the action; reason holds the check's
 * reasons, one a line, note what was said proposing it). */
struct qip_meeting_entry {
	bool refused;
	int decision;                     /* enum qip_decision (qip/vocab.h); a refusal: QIP_DEC_CLOSE */
	int64_t action_id;
	char ref[QIP_REF_LEN];
	char *title;                      /* the action's */
	char *reason;
	char *note;                       /* a refusal's; "" for a decision */
	qip_date on, new_due;             /* new_due: an extension's, QIP_NO_DATE none */
	int64_t by_id;                    /* who recorded it (proposed it), 0 unknown */
	char *by;
	int64_t reviewer_id;              /* a close, refused or not: who was to confirm it, 0 none */
	char *reviewer;
};
int qip_meeting_record(struct qip_db *db, int64_t id, struct qip_meeting_entry **out, int *n);
/* The closures proposed for one action in any meeting and refused by the
 * closure check, oldest first (the evidence pack's challenge). */
int qip_meeting_refusals(struct qip_db *db, int64_t action_id, struct qip_meeting_entry **out, int *n);
void qip_meeting_record_free(struct qip_meeting_entry *e, int n);

/* ---- The agenda ---- */

/* Why an action is on the agenda, one bit each. */
enum qip_agenda_reason {
	QIP_AGENDA_REVIEW_DUE = 1u << 0,  /* its next review is on or before the meeting date */
	QIP_AGENDA_OVERDUE = 1u << 1,     /* overdue on the meeting date (the overdue flag) */
	QIP_AGENDA_UNOWNED = 1u << 2,     /* the unowned flag */
	QIP_AGENDA_ESCALATED = 1u << 3,   /* it has an open escalation */
	QIP_AGENDA_MONITORING = 1u << 4,  /* in monitoring after closure */
};
#define QIP_AGENDA_REASON_COUNT 5
/* "review due, overdue" into buf; returns buf. */
char *qip_agenda_reasons_format(unsigned reasons, char *buf, size_t n);

#define QIP_AGENDA_READINGS 3
struct qip_agenda_item {
	struct qip_action action;         /* baseline, outcome, target, owner, categories ... */
	unsigned reasons;                 /* enum qip_agenda_reason */
	unsigned flags;                   /* qip_rules_flags on the meeting date */
	struct qip_reading readings[QIP_AGENDA_READINGS];   /* latest outcome readings, latest first */
	int nreadings;
	unsigned closure_why;             /* the closure check before a reviewer is named */
	char *closure;                    /* its reasons, one per line; "" when it may close */
	char *decided;                    /* this meeting's decision on it ("close"), NULL none yet */
};
struct qip_agenda_audit {
	int64_t run_id;
	char *template_key, *template_title, *service;
	qip_date run_on;
	bool scored, passed;
	double percent;
	unsigned trend;                   /* enum qip_trend_flag on its template's runs at the service */
	double previous;                  /* the run before it at the service; has_previous */
	bool has_previous;
};
struct qip_agenda {
	qip_date on;                      /* the meeting date */
	qip_date since;                   /* the last meeting of the kind before it, QIP_NO_DATE none */
	struct qip_agenda_item *items;    /* by due date, then ref */
	int nitems;
	struct qip_agenda_audit *audits;  /* completed after `since` and on or before `on`, oldest first */
	int naudits;
};
/* The agenda of a meeting, built from the data for its date: a service
 * meeting sees its service's actions and audits, the others all. An
 * action the meeting has decided on stays on it (an extension ends
 * "overdue"), with the decision in `decided`. */
int qip_meeting_agenda(struct qip_db *db, int64_t meeting_id, struct qip_agenda *out);
void qip_agenda_clear(struct qip_agenda *a);

/* ---- Decisions ---- */

enum qip_meeting_decision { QIP_MD_CLOSE, QIP_MD_EXTEND, QIP_MD_ESCALATE, QIP_MD_KEEP, QIP_MD_REFRAME,
			    QIP_MD_COUNT };
/* "close", "extend", "escalate", "keep", "reframe" ("keep-open" is read
 * as keep); parse gives -1 when unknown. */
const char *qip_meeting_decision_name(int d);
int qip_meeting_decision_parse(const char *name);

struct qip_decision_request {
	const char *ref;
	int decision;                     /* enum qip_meeting_decision */
	const char *note;                 /* optional: the recorded reason; NULL or "" gives one naming the meeting */
	int64_t meeting_id;               /* 0: a decision taken outside a meeting */
	const char *due;                  /* extend: the new due date */
	const char *reviewer;             /* close: who confirms (NULL: the person acting) */
	const char *one_source_reason;    /* close */
	/* reframe: the new wording, NULL to keep; at least one is needed */
	const char *baseline, *outcome, *target, *unit, *sustain;
};
/* Records one decision, in one transaction with the meeting check: close
 * runs the closure check (refused with its reasons), extend moves the
 * due date with the note as its reason, escalate raises the open
 * escalation a level or raises one a level above the meeting (service:
 * 2, provider quality and board: 3), keep open moves the next review on
 * by the cadence, reframe edits the wording (the old stays in history)
 * and moves the next review on. With a meeting: refused when it has
 * ended or its date is after today, and the review row carries it; a
 * closure the check refuses (QIP_EREFUSED, its reasons in the message) is
 * recorded against the meeting as challenge, once for the same reasons
 * and reviewer, and changes nothing else. */
int qip_meeting_decide(struct qip_db *db, const struct qip_decision_request *r);

#endif
