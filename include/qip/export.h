/* Exports: the plan's lists (actions, evidence, escalations, audit runs,
 * history) for people who never use qip, as CSV, JSON or an Excel
 * workbook. Each list is one statement stepped to the end (never OFFSET),
 * every row handed to a sink the moment it is read; the sinks (CSV, JSON,
 * xlsx) only write what they are given. The flags that mark a row
 * (overdue, unowned) are the rules' (rules.c), as on every screen. */
#ifndef QIP_EXPORT_H
#define QIP_EXPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "qip/db.h"

enum qip_export_list { QIP_EXPORT_ACTIONS, QIP_EXPORT_EVIDENCE, QIP_EXPORT_ESCALATIONS,
		       QIP_EXPORT_AUDITS, QIP_EXPORT_HISTORY, QIP_EXPORT_LIST_COUNT };
/* "actions" .. "history"; and back (-1 when unknown). */
const char *qip_export_list_name(int list);
int qip_export_list_find(const char *name);

/* What a column holds, so each sink writes it as what it is: a number
 * (JSON number, Excel number), a date (ISO 8601 text; an Excel date), a
 * UTC timestamp (ISO 8601 text; an Excel date and time), true or false,
 * or text. Every cell arrives as text: numbers in the shortest form that
 * reads back exactly (qip_number_format), "" for none. */
enum qip_export_type { QIP_EXPORT_TEXT, QIP_EXPORT_NUMBER, QIP_EXPORT_DATE,
		       QIP_EXPORT_TIMESTAMP, QIP_EXPORT_BOOL };
struct qip_export_col {
	const char *name;   /* the header, and the JSON key */
	int type;           /* enum qip_export_type */
	int width;          /* a workbook column's width, in characters */
};

/* Marks on a row, for the workbook to show (its fill). */
enum { QIP_EXPORT_MARK_OVERDUE = 1, QIP_EXPORT_MARK_UNOWNED = 2 };

/* Where rows go. begin opens a list (its title names a sheet: "Actions"),
 * row takes one row's cells (ncols of them), end closes the list. A
 * non-zero return stops the export, which returns that value as it is;
 * the writers return -1 and keep the reason (qip_export_writer_error). */
struct qip_export_sink {
	int (*begin)(void *ctx, const char *title, const struct qip_export_col *cols, int ncols);
	int (*row)(void *ctx, const char *const *cells, unsigned marks);
	int (*end)(void *ctx);
	void *ctx;
};

/* Which rows: the service's (0: every service) changed or dated on or
 * after since (QIP_NO_DATE: all). What "since" tests per list: actions
 * created or updated, evidence seen, escalations raised or resolved,
 * audits run, history recorded (its UTC day). */
struct qip_export_filter {
	int64_t service_id;
	qip_date since;
};

/* Streams one list into the sink (begin, each row, end): QIP_OK, a
 * failure of the database (its message in qip_db_error), or the sink's
 * own non-zero value. */
int qip_export(struct qip_db *db, int list, const struct qip_export_filter *f, const struct qip_export_sink *sink);

/* The writers. CSV: RFC 4180 (CRLF, fields quoted when they hold a comma,
 * quote or line break, quotes doubled), UTF-8, with a byte-order mark
 * when bom (what Excel needs to read UTF-8). JSON: one array of objects.
 * Both write to out; a list written twice to one JSON sink is refused. */
struct qip_export_writer;
/* for_terminal: every cell escaped as all of qip's terminal output is
 * (qip_text_escape), as the data may hold control characters. */
struct qip_export_writer *qip_export_csv(FILE *out, bool bom, bool for_terminal);
struct qip_export_writer *qip_export_json(FILE *out);
/* A workbook at path (written when it is closed): each list a sheet,
 * its header bold and frozen, its columns sized, overdue rows in red and
 * unowned rows in amber, dates and times as Excel dates. */
struct qip_export_writer *qip_export_xlsx(const char *path);
void qip_export_writer_sink(struct qip_export_writer *w, struct qip_export_sink *sink);
/* Finishes the output (the JSON's closing bracket, the workbook's file)
 * and frees the writer: QIP_OK, or a failure with its reason in err. */
int qip_export_writer_close(struct qip_export_writer *w, char *err, size_t errsz);
/* The reason the writer's last call failed ("" when none). */
const char *qip_export_writer_error(const struct qip_export_writer *w);

#endif
