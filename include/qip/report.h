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

#endif
