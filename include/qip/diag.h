/* Problems found in a file a person wrote (a template, a framework), each
 * with the position of the offending node, so that every problem can be
 * reported at once as FILE:LINE:COLUMN: message, the way compilers do. */
#ifndef QIP_DIAG_H
#define QIP_DIAG_H

#include <stdbool.h>
#include <stdio.h>

/* A hostile file could produce millions of problems; past this many the
 * list ends with one "too many problems" entry. */
#define QIP_DIAG_MAX 100

struct qip_diag {
	int line, col;   /* 1-based; 0 when the problem is the whole file */
	char *msg;
};

struct qip_diags {
	char *file;      /* the name printed before every problem */
	struct qip_diag *v;
	int n, cap;
	bool full;       /* QIP_DIAG_MAX reached: later problems were dropped */
};

void qip_diags_init(struct qip_diags *d, const char *file);
void qip_diags_free(struct qip_diags *d);

/* Records a problem at line:col (1-based; 0:0 for the whole file). */
void qip_diag_add(struct qip_diags *d, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Prints every problem, sorted by position, one per line:
 * "FILE:LINE:COLUMN: message" (or "FILE: message" for the whole file), with
 * the file name and message escaped for the terminal. */
void qip_diags_print(const struct qip_diags *d, FILE *out);

/* The first problem (by position) as one line, with "(and N more problems)"
 * when there are others: for places that take a single message. malloc'd;
 * "" when there are no problems. Not escaped. */
char *qip_diags_summary(const struct qip_diags *d);

#endif
