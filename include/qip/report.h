/* Reports for the people who judge the plan without using qip: an evidence
 * pack for re-inspection (domain rule 10), a commissioner update (rule
 * 11), a board report and a governance meeting's minutes. Each is built
 * from the same core queries as the screens (flags by rules.c, counts by
 * action_query.c, audit scores and trends by audit.c) and written as
 * HTML (one self-contained file that prints to A4), Markdown, plain text
 * or JSON (the figures, for checking and for other programs). */
#ifndef QIP_REPORT_H
#define QIP_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "qip/db.h"

enum qip_report_kind { QIP_REPORT_PACK, QIP_REPORT_COMMISSIONER, QIP_REPORT_BOARD, QIP_REPORT_MINUTES };
enum qip_report_format { QIP_REPORT_HTML, QIP_REPORT_MD, QIP_REPORT_TEXT, QIP_REPORT_JSON };

/* "pack", "commissioner", "board", "minutes" and "html", "md", "text",
 * "json": the index, or -1. */
int qip_report_kind_find(const char *name);
int qip_report_format_find(const char *name);

struct qip_report_request {
	int kind;                 /* enum qip_report_kind */
	const char *service;      /* a service's name; NULL: the whole provider */
	const char *from, *to;    /* the period, as typed (dates as qip_date_parse reads); NULL: open */
	int64_t meeting_id;       /* minutes: the meeting */
};

/* Builds the report and writes it to out. Counts and flags are as they
 * stand on the database's today; the period chooses the evidence,
 * decisions, escalations and audit runs shown. Refused (QIP_EINVAL) with
 * one message: an unknown service, a bad date, a period that ends before
 * it starts, minutes without a meeting; QIP_ENOTFOUND: no such meeting. */
int qip_report_write(struct qip_db *db, const struct qip_report_request *req, int format, FILE *out);

/* ---- Minutes: what a meeting recorded ---- */

struct qip_minutes_decision {
	char ref[16];
	char *title;            /* the action's */
	int decision;           /* enum qip_decision */
	char *reason;
	qip_date new_due;       /* an extension's new date, QIP_NO_DATE none */
	qip_date decided_on;
	char *decided_by;       /* name, "" when unknown */
	char *decided_by_role;  /* role slug, "" when unknown */
};
struct qip_minutes {
	int64_t id;
	char *title;
	qip_date held_on;
	char *service;          /* "" when provider-wide */
	char *attendees;        /* as recorded */
	char *notes;
	struct qip_minutes_decision *decisions;   /* in the order they were made */
	int ndecisions;
	/* Actions raised by the meeting: source "meeting", added on the day
	 * it was held, at its service (any service for a provider meeting). */
	struct qip_minutes_raised {
		char ref[16];
		char *title, *owner;   /* owner "" when none */
		int64_t owner_id;
	} *raised;
	int nraised;
};
/* A meeting and the decisions recorded in it. QIP_ENOTFOUND names an
 * unknown id. */
int qip_minutes_get(struct qip_db *db, int64_t meeting_id, struct qip_minutes *out);
void qip_minutes_clear(struct qip_minutes *m);

#endif
