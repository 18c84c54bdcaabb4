/* qip doctor: the checks of a database's health, each said in plain words
 * with what to do. Read-only: it changes nothing. */
#ifndef QIP_DOCTOR_H
#define QIP_DOCTOR_H

#include <stdbool.h>

#include "qip/db.h"

struct qip_doctor_finding {
	const char *check;   /* "integrity", "foreign-keys", "full-text", "chain", "summaries", "files", "wal" */
	bool ok;
	const char *what;    /* what was found, in words */
	const char *fix;     /* what to do ("" when ok) */
};

/* Runs every check in turn, calling finding once per check (more than once
 * for files, one per file with a problem). *problems counts the findings
 * that are not ok. QIP_OK unless a check itself could not run. */
int qip_doctor(struct qip_db *db, void (*finding)(void *ctx, const struct qip_doctor_finding *f),
	       void *ctx, int *problems);

/* The WAL size above which doctor calls it a problem. */
#define QIP_DOCTOR_WAL_LIMIT (64LL * 1024 * 1024)

#endif
