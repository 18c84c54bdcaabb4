/* Evidence: dated, append-only entries on an action. Activity shows work
 * was done; outcome shows care got better (domain rule 3). A correction is
 * a new entry that supersedes an old one, never an edit. */
#ifndef QIP_EVIDENCE_H
#define QIP_EVIDENCE_H

#include <stdbool.h>
#include <stdint.h>
#include "qip/db.h"

struct qip_evidence {
	int64_t id;
	char uuid[37];
	int64_t action_id;
	char ref[16];
	qip_date seen_on;
	int kind;               /* enum qip_kind */
	int category;           /* enum qip_category */
	char *note;
	char *source;
	bool has_value;
	double value;
	int64_t corrects_id;    /* 0 when not a correction */
	bool superseded;        /* a later entry corrects this one */
	char *recorded_by;
	char *recorded_at;
};

struct qip_evidence_new {
	const char *kind, *category, *note, *source, *value, *date;
	int64_t corrects_id;    /* 0: a new entry */
};

int qip_evidence_add(struct qip_db *db, const char *ref, const struct qip_evidence_new *e,
		     int64_t *id_out);
/* Newest first, a window at a time. */
int qip_evidence_list(struct qip_db *db, int64_t action_id, int limit, int offset,
		      int (*row)(void *ctx, const struct qip_evidence *e), void *ctx);
/* Every entry, newest first, a page at a time by key: each page starts
 * after the last entry of the one before (no rows skipped again, as OFFSET
 * does), and no read stays open between pages. Start with a zeroed cursor
 * and call until cur.done; done is also set when row asks to stop. */
struct qip_evidence_cursor {
	qip_date seen_on;
	int64_t id;             /* 0: from the newest */
	bool done;
};
int qip_evidence_page(struct qip_db *db, int64_t action_id, struct qip_evidence_cursor *cur, int limit,
		      int (*row)(void *ctx, const struct qip_evidence *e), void *ctx);
int qip_evidence_count(struct qip_db *db, int64_t action_id, int64_t *count);
void qip_evidence_clear(struct qip_evidence *e);

/* Field checks shared by the CLI and forms. */
int qip_evidence_check(struct qip_db *db, int field, const char *text, char *msg, size_t msgsz);
enum { QIP_EF_KIND, QIP_EF_CATEGORY, QIP_EF_NOTE, QIP_EF_SOURCE, QIP_EF_VALUE, QIP_EF_DATE };

#endif
