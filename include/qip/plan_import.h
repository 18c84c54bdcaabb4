/* Importing the spreadsheet plan a provider already has (qip import plan):
 * a CSV saved from Excel or LibreOffice, read with libcsv, its columns
 * matched by their usual header names, each row made into an action
 * through the same writes as `qip action add` and `qip evidence add`, all
 * in one transaction: one bad row and nothing is imported. (Not to be
 * confused with src/core/import.h, the bundled templates and frameworks.) */
#ifndef QIP_PLAN_IMPORT_H
#define QIP_PLAN_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qip/date.h"
#include "qip/db.h"

/* What a column of the sheet holds. */
enum qip_plan_field {
	QIP_PF_REF,               /* the sheet's own reference ("1.2", "M3") */
	QIP_PF_FINDING,           /* the issue found: becomes the baseline */
	QIP_PF_ACTION,            /* what will be done: the title */
	QIP_PF_OWNER,             /* lead; "A / B" gives an owner and a supporter */
	QIP_PF_DUE,               /* target or due date */
	QIP_PF_STATUS,            /* RAG rating or status words */
	QIP_PF_PROGRESS,          /* progress notes: activity evidence (several columns allowed) */
	QIP_PF_EVIDENCE,          /* evidence the sheet lists: activity evidence */
	QIP_PF_COMPLETED,         /* the date the sheet says it was completed */
	QIP_PF_KEY_QUESTION,      /* CQC key question (domain) */
	QIP_PF_AREA,              /* quality area or theme */
	QIP_PF_BASELINE,
	QIP_PF_OUTCOME,           /* the intended outcome, measure of success */
	QIP_PF_TARGET,            /* a target value (95, 95%) */
	QIP_PF_EVIDENCE_REQUIRED,
	QIP_PF_SERVICE,
	QIP_PF_IGNORE,            /* --map COLUMN=ignore: left out */
	QIP_PF_COUNT
};
/* "owner", "due" ...: the names --map takes. */
const char *qip_plan_field_name(int field);
/* The field named (as --map gives it), or -1. */
int qip_plan_field_find(const char *name);
/* The field a header names by its usual words ("Person responsible",
 * "Target date", "RAG rating"), case, accents, spacing and punctuation
 * ignored; -1 when none. */
int qip_plan_header_field(const char *header);

/* A file's bytes as UTF-8 text (malloc'd, NUL-terminated, in *out): a
 * UTF-8 byte-order mark is dropped; bytes that are not valid UTF-8 mean
 * the file is Windows-1252 (what Excel's plain "CSV" writes), converted
 * whole. *cp1252 says which. QIP_EINVAL with the reason in err for a
 * UTF-16 file, a NUL byte, or a byte Windows-1252 does not define. */
int qip_plan_to_utf8(const unsigned char *in, size_t n, char **out, bool *cp1252, char *err, size_t errsz);

/* A date as a sheet writes it: day/month/year (British; ymd: year first),
 * with '/', '-' or '.', a two-digit year meaning 20yy; an ISO date
 * (2026-11-21) is read in either order. false when it is not a real day. */
bool qip_plan_date(const char *text, bool ymd, qip_date *out);

struct qip_plan_options {
	const char *path;             /* the CSV file */
	const char *service;          /* --service: every row's service, NULL none */
	const char *const *maps;      /* "COLUMN=FIELD" overrides, nmaps of them */
	int nmaps;
	bool ymd;                     /* --date-format ymd */
	bool dry_run;                 /* do it all, report it, then roll back */
	bool create_people;           /* unknown owners become people */
};

/* What the import says, line by line, as it goes. */
enum qip_plan_event {
	QIP_PLAN_ROW,         /* a row made into an action (or would be, dry run) */
	QIP_PLAN_SKIP,        /* a row left alone: blank, a heading, already imported */
	QIP_PLAN_NOTE,        /* the header found, columns not read, people created */
	QIP_PLAN_PROBLEM,     /* FILE:ROW:COLUMN: message; nothing is imported */
};
struct qip_plan_result {
	int created, skipped, problems, people_created;
};
/* Imports the plan; say() gets each line (escaped by the caller when
 * printed). Returns QIP_OK when every row was good (then, unless a dry
 * run, the actions are stored), QIP_EINVAL when any row had a problem
 * (nothing stored; the problems came through say), or another code with
 * qip_db_error() for a file that cannot be read at all. */
int qip_plan_import(struct qip_db *db, const struct qip_plan_options *o,
		    void (*say)(void *ctx, int event, const char *line), void *ctx,
		    struct qip_plan_result *result);

/* Imported actions, not closed, that still lack what an honest action
 * has (an owner, a due date, a baseline, a measured target, an intended
 * outcome), in ref order: row() gets the action's id, ref, title and the
 * missing parts in words ("owner, baseline, target, outcome"). */
int qip_plan_incomplete(struct qip_db *db,
			int (*row)(void *ctx, int64_t id, const char *ref, const char *title, const char *missing),
			void *ctx);

#endif
