/* A history that proves itself. Every row of the chained tables (history,
 * evidence, reviews, escalations, audit answers) gets a link in the ledger
 * table `chain` when it is written: the BLAKE2b-256 hash (libsodium) of the
 * previous link's hash and the row's canonical encoding. A row changed,
 * removed or added behind qip's back (the sqlite3 shell, triggers dropped)
 * no longer matches its link, leaves a link without a row, or has no link.
 * The head (the last link's hash) printed on minutes and reports proves
 * later that nothing before it changed. HACKING.md says why this design. */
#ifndef QIP_CHAIN_H
#define QIP_CHAIN_H

#include <stdint.h>

#include "qip/db.h"

#define QIP_CHAIN_HASH_LEN 32
#define QIP_CHAIN_HEX_LEN 65   /* 64 hex digits and the NUL */

/* The chain's head as lowercase hex ("" when the chain is empty) and its
 * length in links, as of now: what minutes and reports print so that a
 * paper copy can later prove the record unchanged. */
int qip_chain_head(struct qip_db *db, char hex[QIP_CHAIN_HEX_LEN], int64_t *length);

enum qip_chain_fault {
	QIP_CHAIN_CHANGED,     /* the row differs from what its link recorded */
	QIP_CHAIN_MISSING,     /* a link whose row is gone */
	QIP_CHAIN_UNLINKED,    /* a row with no link: added behind qip's back */
	QIP_CHAIN_CUT,         /* a link of the ledger itself is gone */
	QIP_CHAIN_NO_TRIGGER,  /* a trigger that makes links was dropped */
	QIP_CHAIN_NO_HEAD,     /* a head asked for (printed on minutes) is no link */
};

struct qip_chain_problem {
	enum qip_chain_fault fault;
	const char *table;      /* "evidence", "history" ...; NULL for CUT */
	int64_t id;             /* the row's id, or the link's number for CUT */
	const char *message;    /* one sentence: "evidence 1234 was changed after it was recorded" */
};

struct qip_chain_result {
	int64_t length;                  /* links walked */
	char head[QIP_CHAIN_HEX_LEN];    /* the last link's hash, hex */
	int64_t problems;
	int64_t head_at;                 /* the link that is the head asked for; 0 if none */
};

/* Walks every link in one read snapshot, recomputing each from its row and
 * the link before, then looks for rows no link covers. Calls problem (which
 * may be NULL) for each problem, in chain order, then each table's unlinked
 * rows in id order, then the triggers missing. Memory stays flat whatever
 * the length. Returns QIP_OK when it could walk the chain (problems or not:
 * see out->problems). */
int qip_chain_verify(struct qip_db *db, int (*problem)(void *ctx, const struct qip_chain_problem *p),
		     void *ctx, struct qip_chain_result *out);

/* The same, also looking for a head printed earlier (64 hex digits, any
 * case): out->head_at is its link's number, or a NO_HEAD problem says it is
 * in no link (the record before it was rewritten, or it is another
 * database's). QIP_EINVAL when printed is not 64 hex digits. */
int qip_chain_verify_head(struct qip_db *db, const char *printed,
			  int (*problem)(void *ctx, const struct qip_chain_problem *p),
			  void *ctx, struct qip_chain_result *out);

#endif
