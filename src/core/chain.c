/* The chain: canonical encoding, the hash function the triggers call, the
 * backfill of migration 12, the head and qip verify. */
#include "qip/chain.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain_internal.h"
#include "qip/text.h"

/* The chained tables, in the order the backfill links existing rows.
 * A mutable table's rows change legitimately (an escalation is raised a
 * level, a draft audit's answer is changed, a decision gets its meeting): each change appends a new link,
 * and a row is checked against its latest link only. */
struct chain_table {
	const char *name;
	const char *words;      /* how a message names one row */
	const char *cols;
	bool is_mutable;
	const char *triggers[2];
};

static const struct chain_table tables[] = {
	{ "history", "history row", CHAIN_COLS_HISTORY, false, { "history_chain", NULL } },
	{ "evidence", "evidence", CHAIN_COLS_EVIDENCE, false, { "evidence_chain", NULL } },
	{ "review", "review", CHAIN_COLS_REVIEW, true, { "review_chain", "review_chain_change" } },
	{ "escalation", "escalation", CHAIN_COLS_ESCALATION, true,
	  { "escalation_chain", "escalation_chain_change" } },
	{ "audit_answer", "audit answer", CHAIN_COLS_AUDIT_ANSWER, true,
	  { "audit_answer_chain", "audit_answer_chain_change" } },
};
#define NTABLES (int)(sizeof tables / sizeof tables[0])

/* The canonical encoding, fed straight into the hash: a 4-byte big-endian
 * count of values, then each value as a type byte and its bytes: 'N' for
 * NULL; 'I' and 8 bytes big-endian for an integer; 'R' and the 8 bytes of
 * the IEEE double big-endian for a real (exact, no text form); 'T' (text,
 * UTF-8) or 'B' (blob), an 8-byte big-endian length and the bytes. Every
 * field says its own type and length, so no two different rows encode the
 * same: ("ab","c") and ("a","bc"), NULL and '', 1 and 1.0 all differ. */
static void put_u64(crypto_generichash_state *h, unsigned char tag, uint64_t v)
{
	unsigned char b[9] = { tag };
	for (int i = 0; i < 8; i++)
		b[1 + i] = (unsigned char)(v >> (56 - 8 * i));
	crypto_generichash_update(h, b, sizeof b);
}

static void put_count(crypto_generichash_state *h, int n)
{
	unsigned char b[4] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8),
			       (unsigned char)n };
	crypto_generichash_update(h, b, sizeof b);
}

static void put_value(crypto_generichash_state *h, int type, int64_t i, double r, const void *p, int len)
{
	uint64_t bits;
	switch (type) {
	case SQLITE_NULL:
		crypto_generichash_update(h, (const unsigned char *)"N", 1);
		break;
	case SQLITE_INTEGER:
		put_u64(h, 'I', (uint64_t)i);
		break;
	case SQLITE_FLOAT:
		memcpy(&bits, &r, sizeof bits);
		put_u64(h, 'R', bits);
		break;
	default:
		put_u64(h, type == SQLITE_TEXT ? 'T' : 'B', (uint64_t)len);
		if (len > 0)
			crypto_generichash_update(h, p, (unsigned long long)len);
		break;
	}
}

static void put_arg(crypto_generichash_state *h, sqlite3_value *v)
{
	int type = sqlite3_value_type(v);
	const void *p = NULL;
	int len = 0;
	if (type == SQLITE_TEXT) {
		p = sqlite3_value_text(v);
		len = sqlite3_value_bytes(v);
	} else if (type == SQLITE_BLOB) {
		p = sqlite3_value_blob(v);
		len = sqlite3_value_bytes(v);
	}
	put_value(h, type, type == SQLITE_INTEGER ? sqlite3_value_int64(v) : 0,
		  type == SQLITE_FLOAT ? sqlite3_value_double(v) : 0, p, len);
}

static void put_column(crypto_generichash_state *h, sqlite3_stmt *st, int col)
{
	int type = sqlite3_column_type(st, col);
	const void *p = NULL;
	int len = 0;
	if (type == SQLITE_TEXT) {
		p = sqlite3_column_text(st, col);
		len = sqlite3_column_bytes(st, col);
	} else if (type == SQLITE_BLOB) {
		p = sqlite3_column_blob(st, col);
		len = sqlite3_column_bytes(st, col);
	}
	put_value(h, type, type == SQLITE_INTEGER ? sqlite3_column_int64(st, col) : 0,
		  type == SQLITE_FLOAT ? sqlite3_column_double(st, col) : 0, p, len);
}

void qip_chain_sql_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	crypto_generichash_state h;
	unsigned char out[QIP_CHAIN_HASH_LEN];
	crypto_generichash_init(&h, NULL, 0, sizeof out);
	put_count(&h, argc);
	for (int i = 0; i < argc; i++)
		put_arg(&h, argv[i]);
	crypto_generichash_final(&h, out, sizeof out);
	sqlite3_result_blob(ctx, out, sizeof out, SQLITE_TRANSIENT);
}

/* The link of the row st stands on (its columns are the table's list):
 * the hash of prev (NULL for the first link), the table's name and the
 * columns, exactly as qip_chain_hash(prev, name, cols...) makes it. */
static void link_of_row(const unsigned char *prev, const char *name, sqlite3_stmt *st,
			unsigned char out[QIP_CHAIN_HASH_LEN])
{
	crypto_generichash_state h;
	int ncols = sqlite3_column_count(st);
	crypto_generichash_init(&h, NULL, 0, QIP_CHAIN_HASH_LEN);
	put_count(&h, 2 + ncols);
	put_value(&h, prev ? SQLITE_BLOB : SQLITE_NULL, 0, 0, prev, prev ? QIP_CHAIN_HASH_LEN : 0);
	put_value(&h, SQLITE_TEXT, 0, 0, name, (int)strlen(name));
	for (int c = 0; c < ncols; c++)
		put_column(&h, st, c);
	crypto_generichash_final(&h, out, QIP_CHAIN_HASH_LEN);
}

static void to_hex(const unsigned char *b, int n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = 0;
}

int qip_chain_backfill(struct qip_db *db)
{
	unsigned char prev[QIP_CHAIN_HASH_LEN], link[QIP_CHAIN_HASH_LEN];
	bool have_prev = false;
	int rc = QIP_OK;
	sqlite3_stmt *add = qip_db_stmt(db, "INSERT INTO chain(tbl, row_id, hash) VALUES (?1, ?2, ?3)");
	if (!add)
		return QIP_EDB;
	for (int t = 0; rc == QIP_OK && t < NTABLES; t++) {
		char *sql = qip_printf("SELECT %s FROM %s ORDER BY id", tables[t].cols, tables[t].name);
		sqlite3_stmt *st;
		int src = sqlite3_prepare_v2(qip_db_handle(db), sql, -1, &st, NULL);
		free(sql);
		if (src != SQLITE_OK)
			return qip_db_sqlite_fail(db, src);
		while (rc == QIP_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
			link_of_row(have_prev ? prev : NULL, tables[t].name, st, link);
			sqlite3_bind_text(add, 1, tables[t].name, -1, SQLITE_STATIC);
			sqlite3_bind_int64(add, 2, sqlite3_column_int64(st, 0));
			sqlite3_bind_blob(add, 3, link, sizeof link, SQLITE_STATIC);
			rc = qip_db_exec_stmt(db, add);
			memcpy(prev, link, sizeof prev);
			have_prev = true;
		}
		if (rc == QIP_OK && src != SQLITE_DONE)
			rc = qip_db_sqlite_fail(db, src);
		sqlite3_finalize(st);
	}
	return rc;
}

int qip_chain_head(struct qip_db *db, char hex[QIP_CHAIN_HEX_LEN], int64_t *length)
{
	hex[0] = 0;
	*length = 0;
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1");
	if (!st)
		return QIP_EDB;
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		*length = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == QIP_CHAIN_HASH_LEN)
			to_hex(sqlite3_column_blob(st, 1), QIP_CHAIN_HASH_LEN, hex);
	}
	return qip_db_finish(db, st, src);
}

struct walk {
	struct qip_db *db;
	int (*problem)(void *ctx, const struct qip_chain_problem *p);
	void *ctx;
	struct qip_chain_result *out;
	sqlite3_stmt *row[NTABLES];      /* a row by id, its columns the table's list */
	sqlite3_stmt *latest[NTABLES];   /* a mutable table's row's latest link */
	sqlite3_stmt *unlinked[NTABLES];
	const unsigned char *want;       /* a head printed earlier, or NULL */
};

static int report(struct walk *w, enum qip_chain_fault fault, const struct chain_table *t, int64_t id)
{
	char msg[200];
	switch (fault) {
	case QIP_CHAIN_CHANGED:
		snprintf(msg, sizeof msg, "%s %lld was changed after it was recorded", t->words, (long long)id);
		break;
	case QIP_CHAIN_MISSING:
		snprintf(msg, sizeof msg, "%s %lld is missing", t->words, (long long)id);
		break;
	case QIP_CHAIN_UNLINKED:
		snprintf(msg, sizeof msg, "%s %lld is not in the chain", t->words, (long long)id);
		break;
	case QIP_CHAIN_CUT:
		snprintf(msg, sizeof msg, "link %lld of the chain is missing", (long long)id);
		break;
	case QIP_CHAIN_NO_TRIGGER:
		snprintf(msg, sizeof msg, "the trigger that chains each new %s (%s) is missing",
			 t->words, t->triggers[id]);
		break;
	case QIP_CHAIN_NO_HEAD:
		snprintf(msg, sizeof msg, "the head asked for is no link of this chain: the record before it was"
			 " rewritten, or it was printed from another database");
		break;
	}
	w->out->problems++;
	struct qip_chain_problem p = { fault, t ? t->name : NULL, fault == QIP_CHAIN_NO_TRIGGER ? 0 : id, msg };
	return w->problem ? w->problem(w->ctx, &p) : 0;
}

static const struct chain_table *table_named(const char *name, int *index)
{
	for (int t = 0; name && t < NTABLES; t++)
		if (strcmp(tables[t].name, name) == 0) {
			*index = t;
			return &tables[t];
		}
	return NULL;
}

static int prepare(struct walk *w, sqlite3_stmt **st, char *sql)
{
	int src = sqlite3_prepare_v2(qip_db_handle(w->db), sql, -1, st, NULL);
	free(sql);
	return src == SQLITE_OK ? QIP_OK : qip_db_sqlite_fail(w->db, src);
}

/* Checks one link against its row. */
static int check_link(struct walk *w, int t, int64_t id, int64_t seq, const unsigned char *prev,
		      const void *hash, int hash_len)
{
	sqlite3_stmt *st = w->row[t];
	sqlite3_bind_int64(st, 1, id);
	int src = sqlite3_step(st);
	if (src != SQLITE_ROW) {
		sqlite3_reset(st);
		if (src != SQLITE_DONE)
			return qip_db_sqlite_fail(w->db, src);
		/* A mutable row's earlier links are not checked against it;
		 * its latest link will say it is missing once. */
		if (tables[t].is_mutable) {
			sqlite3_bind_text(w->latest[t], 1, tables[t].name, -1, SQLITE_STATIC);
			sqlite3_bind_int64(w->latest[t], 2, id);
			int64_t latest = 0;
			if (sqlite3_step(w->latest[t]) == SQLITE_ROW)
				latest = sqlite3_column_int64(w->latest[t], 0);
			sqlite3_reset(w->latest[t]);
			if (latest != seq)
				return QIP_OK;
		}
		return report(w, QIP_CHAIN_MISSING, &tables[t], id) ? QIP_EREFUSED : QIP_OK;
	}
	unsigned char link[QIP_CHAIN_HASH_LEN];
	link_of_row(prev, tables[t].name, st, link);
	sqlite3_reset(st);
	if (hash_len == QIP_CHAIN_HASH_LEN && memcmp(link, hash, sizeof link) == 0)
		return QIP_OK;
	if (tables[t].is_mutable && hash_len == QIP_CHAIN_HASH_LEN) {
		sqlite3_bind_text(w->latest[t], 1, tables[t].name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(w->latest[t], 2, id);
		int64_t latest = seq;
		if (sqlite3_step(w->latest[t]) == SQLITE_ROW)
			latest = sqlite3_column_int64(w->latest[t], 0);
		sqlite3_reset(w->latest[t]);
		if (latest != seq)
			return QIP_OK;   /* the row changed since, through qip: a later link records it */
	}
	return report(w, QIP_CHAIN_CHANGED, &tables[t], id) ? QIP_EREFUSED : QIP_OK;
}

static int walk_links(struct walk *w)
{
	sqlite3_stmt *st;
	int rc = prepare(w, &st, qip_strdup("SELECT seq, tbl, row_id, hash FROM chain ORDER BY seq"));
	if (rc)
		return rc;
	unsigned char prev[QIP_CHAIN_HASH_LEN];
	bool have_prev = false;
	int64_t expect = 1;
	int src;
	while (rc == QIP_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		int t = -1;
		const struct chain_table *table = table_named((const char *)sqlite3_column_text(st, 1), &t);
		int64_t id = sqlite3_column_int64(st, 2);
		const void *hash = sqlite3_column_blob(st, 3);
		int hash_len = sqlite3_column_bytes(st, 3);
		/* After a cut the link before is gone, so the next cannot be
		 * recomputed: it is the cut that is named, not that link's row. */
		bool cut = expect < seq;
		for (; rc == QIP_OK && expect < seq; expect++)
			if (report(w, QIP_CHAIN_CUT, NULL, expect))
				rc = QIP_EREFUSED;
		expect = seq + 1;
		if (cut || rc != QIP_OK)
			;
		else if (!table)
			rc = report(w, QIP_CHAIN_CUT, NULL, seq) ? QIP_EREFUSED : QIP_OK;
		else
			rc = check_link(w, t, id, seq, have_prev ? prev : NULL, hash, hash_len);
		w->out->length++;
		if (w->want && !w->out->head_at && hash_len == QIP_CHAIN_HASH_LEN &&
		    memcmp(hash, w->want, QIP_CHAIN_HASH_LEN) == 0)
			w->out->head_at = seq;
		if (hash_len == QIP_CHAIN_HASH_LEN) {
			memcpy(prev, hash, sizeof prev);
			have_prev = true;
		} else
			have_prev = false;
	}
	if (have_prev)
		to_hex(prev, QIP_CHAIN_HASH_LEN, w->out->head);
	if (rc == QIP_OK && src != SQLITE_DONE)
		rc = qip_db_sqlite_fail(w->db, src);
	sqlite3_finalize(st);
	return rc;
}

static int find_unlinked(struct walk *w, int t)
{
	sqlite3_stmt *st = w->unlinked[t];
	int rc = QIP_OK, src;
	while (rc == QIP_OK && (src = sqlite3_step(st)) == SQLITE_ROW)
		if (report(w, QIP_CHAIN_UNLINKED, &tables[t], sqlite3_column_int64(st, 0)))
			rc = QIP_EREFUSED;
	if (rc == QIP_OK && src != SQLITE_DONE)
		rc = qip_db_sqlite_fail(w->db, src);
	sqlite3_reset(st);
	return rc;
}

static int find_triggers(struct walk *w)
{
	sqlite3_stmt *st;
	int rc = prepare(w, &st, qip_strdup("SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = ?1"));
	for (int t = 0; rc == QIP_OK && t < NTABLES; t++)
		for (int k = 0; rc == QIP_OK && k < 2 && tables[t].triggers[k]; k++) {
			sqlite3_bind_text(st, 1, tables[t].triggers[k], -1, SQLITE_STATIC);
			int src = sqlite3_step(st);
			sqlite3_reset(st);
			if (src == SQLITE_DONE && report(w, QIP_CHAIN_NO_TRIGGER, &tables[t], k))
				rc = QIP_EREFUSED;
			else if (src != SQLITE_DONE && src != SQLITE_ROW)
				rc = qip_db_sqlite_fail(w->db, src);
		}
	sqlite3_finalize(st);
	return rc;
}

static int verify(struct qip_db *db, const unsigned char *want,
		  int (*problem)(void *ctx, const struct qip_chain_problem *p),
		  void *ctx, struct qip_chain_result *out)
{
	memset(out, 0, sizeof *out);
	struct walk w = { db, problem, ctx, out, { 0 }, { 0 }, { 0 }, want };
	/* One snapshot for the whole walk: links and rows written meanwhile
	 * by others are neither half-seen nor called unlinked. */
	int rc = qip_db_exec(db, "BEGIN");
	if (rc)
		return rc;
	for (int t = 0; rc == QIP_OK && t < NTABLES; t++) {
		rc = prepare(&w, &w.row[t], qip_printf("SELECT %s FROM %s WHERE id = ?1", tables[t].cols, tables[t].name));
		if (rc == QIP_OK)
			rc = prepare(&w, &w.latest[t], qip_strdup("SELECT max(seq) FROM chain WHERE tbl = ?1 AND row_id = ?2"));
		if (rc == QIP_OK)
			rc = prepare(&w, &w.unlinked[t], qip_printf(
				"SELECT id FROM %s r WHERE NOT EXISTS (SELECT 1 FROM chain c WHERE c.tbl = '%s' AND c.row_id = r.id)"
				" ORDER BY id", tables[t].name, tables[t].name));
	}
	if (rc == QIP_OK)
		rc = walk_links(&w);
	for (int t = 0; rc == QIP_OK && t < NTABLES; t++)
		rc = find_unlinked(&w, t);
	if (rc == QIP_OK)
		rc = find_triggers(&w);
	if (rc == QIP_OK && want && !out->head_at && report(&w, QIP_CHAIN_NO_HEAD, NULL, 0))
		rc = QIP_EREFUSED;
	if (rc == QIP_EREFUSED)
		rc = QIP_OK;   /* the caller asked to stop */
	for (int t = 0; t < NTABLES; t++) {
		sqlite3_finalize(w.row[t]);
		sqlite3_finalize(w.latest[t]);
		sqlite3_finalize(w.unlinked[t]);
	}
	char keep[512];
	snprintf(keep, sizeof keep, "%s", qip_db_error(db));
	sqlite3_exec(qip_db_handle(db), "COMMIT", NULL, NULL, NULL);
	if (rc)
		qip_db_fail(db, rc, "%s", keep);
	return rc;
}

int qip_chain_verify(struct qip_db *db, int (*problem)(void *ctx, const struct qip_chain_problem *p),
		     void *ctx, struct qip_chain_result *out)
{
	return verify(db, NULL, problem, ctx, out);
}

int qip_chain_verify_head(struct qip_db *db, const char *printed,
			  int (*problem)(void *ctx, const struct qip_chain_problem *p),
			  void *ctx, struct qip_chain_result *out)
{
	unsigned char want[QIP_CHAIN_HASH_LEN];
	size_t n = 0;
	const char *end = NULL;
	if (strlen(printed) != 2 * QIP_CHAIN_HASH_LEN ||
	    sodium_hex2bin(want, sizeof want, printed, strlen(printed), NULL, &n, &end) != 0 ||
	    n != sizeof want || *end) {
		memset(out, 0, sizeof *out);
		return qip_db_fail(db, QIP_EINVAL, "a chain head is 64 hexadecimal digits, as minutes print it: '%s' is not one",
				   printed);
	}
	return verify(db, want, problem, ctx, out);
}
