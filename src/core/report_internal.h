/* What the report builders share (report.c, report_minutes.c). Private
 * to the core. */
#ifndef QIP_REPORT_INTERNAL_H
#define QIP_REPORT_INTERNAL_H

#include "qip/action.h"
#include "qip/escalation.h"
#include "qip/evidence.h"
#include "qip/meeting.h"
#include "report_doc.h"

/* "21 November 2026": the British long form every report uses. */
#define REPORT_DATE_LEN 24
char *report_date(qip_date day, char buf[REPORT_DATE_LEN]);
/* A slug in words ("registered-manager" -> "Registered manager"). Malloc'd. */
char *report_words(const char *slug);
/* A role slug as it reads inside a sentence: "registered manager",
 * "IPC lead". Malloc'd. */
char *report_role(const char *slug);
/* "Sarah Jones, registered manager" (", has left" when gone); "nobody
 * named" for none. Malloc'd. */
char *report_person(struct qip_db *db, int64_t id, const char *name);
/* The flags' sentences, "; " between. Malloc'd. */
char *report_flags_words(unsigned flags);

/* A governance decision on an action (the review table). */
struct report_review {
	qip_date on;
	int decision;           /* enum qip_decision */
	char *reason;
	qip_date new_due;
	char *by;               /* "Name, role in words", or "" */
};

struct report_action {
	struct qip_action a;
	struct qip_evidence *evidence;     /* oldest first */
	int nevidence;
	struct qip_escalation *escalations;
	int nescalations;
	struct report_review *reviews;     /* oldest first */
	int nreviews;
	struct qip_meeting_entry *refusals;   /* closures refused in meetings, oldest first */
	int nrefusals;
};

struct report_service {
	int64_t id;
	char *name;
};

struct report_scope {
	struct qip_db *db;
	qip_date today, from, to;
	int64_t service_id;     /* 0: the whole provider */
	char *service_name;
	int64_t *ids;
	int nids;
	struct report_action *actions;
	int nactions;
	struct report_service *services;
	int nservices;
};

bool report_in_period(const struct report_scope *s, qip_date d);
/* The action's governance decisions into ra->reviews, and the closures
 * meetings proposed and the check refused into ra->refusals. */
int report_reviews(struct qip_db *db, struct report_action *ra);
/* A refused closure's note and the check's reasons as one sentence. Malloc'd. */
char *report_refusal_words(const struct qip_meeting_entry *e);
/* The minutes of a meeting as a document. */
int report_build_minutes(struct report_scope *s, int64_t meeting_id, struct rdoc *d);

#endif
