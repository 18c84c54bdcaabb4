/* Improvement actions, windows by key: the full-screen program's list is
 * fetched a screen at a time starting from the key (the order's key, seq)
 * of a row it already has, so a move costs the rows it shows. The orders
 * and filters are exactly qip_action_list's (action_sort_key,
 * action_build_where), so a window by key is the same rows as by offset.
 * Parameters ?7 to ?11 are this file's: limit, skip, the key and its seq,
 * the search words. */
#include "qip/action.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action_internal.h"
#include "qip/text.h"

/* The first part of the key in f's order; the second is a.seq. By ref
 * the first part is the same for every row. */
static const char *key_expr(const struct qip_action_filter *f)
{
	bool natural_desc;
	return action_sort_key(f->sort, &natural_desc);
}

/* Whether walking backwards in f's order goes towards smaller keys. */
static bool towards_smaller(const struct qip_action_filter *f, bool backwards)
{
	bool natural_desc;
	action_sort_key(f->sort, &natural_desc);
	return backwards != (f->descending != natural_desc);
}

/* Appends " AND <rows after (or before) the key>" in f's order, and the
 * ORDER BY that walks away (order) from the key. Written as a range on the
 * key's first part so the order's index serves it. */
static void key_range(const struct qip_action_filter *f, const struct qip_action_key *key, bool inclusive,
		      bool backwards, bool order, char *sql, size_t n)
{
	const char *k = key_expr(f);
	bool up = towards_smaller(f, backwards);
	size_t o = strlen(sql);
	if (key)
		snprintf(sql + o, n - o, " AND %s %s ?9 AND (%s %s ?9 OR a.seq %s ?10)", k, up ? "<=" : ">=", k,
			 up ? "<" : ">", up ? (inclusive ? "<=" : "<") : (inclusive ? ">=" : ">"));
	o = strlen(sql);
	if (order)
		snprintf(sql + o, n - o, " ORDER BY %s%s, a.seq%s", k, up ? " DESC" : "", up ? " DESC" : "");
}

/* "SELECT <select> <filter> AND <extra> <key range> <tail>", bound. A
 * count (counting) takes the range without the order. */
static sqlite3_stmt *prepare(struct qip_db *db, const struct qip_action_filter *f, const char *select,
			     const char *extra, const struct qip_action_key *key, bool inclusive, bool backwards,
			     bool counting, const char *tail)
{
	char sql[8000];
	/* A count needs the action table alone: no filter and no key reads
	 * the joined rows (the owner's name is a.owner_sort). */
	snprintf(sql, sizeof sql, "%s%s", select, counting ? " FROM action a" : ACTION_FROM);
	action_build_where(f, sql, sizeof sql);
	size_t o = strlen(sql);
	if (extra)
		snprintf(sql + o, sizeof sql - o, " AND %s", extra);
	key_range(f, key, inclusive, backwards, !counting, sql, sizeof sql);
	o = strlen(sql);
	snprintf(sql + o, sizeof sql - o, "%s", tail);
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	if (!st)
		return NULL;
	char *fts = NULL;
	action_bind_filter(db, st, f, &fts);
	free(fts);   /* bound as a copy */
	if (key) {
		qip_bind_text(st, 9, key->k);
		sqlite3_bind_int64(st, 10, key->seq);
	}
	return st;
}

static void read_key(sqlite3_stmt *st, int col, struct qip_action_key *key)
{
	const char *d = (const char *)sqlite3_column_text(st, col);
	snprintf(key->k, sizeof key->k, "%s", d ? d : "");
	key->seq = sqlite3_column_int64(st, col + 1);
}

int qip_action_key_of(struct qip_db *db, const struct qip_action_filter *f, int64_t id,
		      struct qip_action_key *key, bool *found)
{
	char select[400];
	snprintf(select, sizeof select, "SELECT %s, a.seq", key_expr(f));
	sqlite3_stmt *st = prepare(db, f, select, "a.id = ?11", NULL, false, false, true, " LIMIT 1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 11, id);
	int rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	if (*found)
		read_key(st, 0, key);
	return qip_db_finish(db, st, rc);
}

int qip_action_window(struct qip_db *db, const struct qip_action_filter *f, const struct qip_action_key *key,
		      bool inclusive, bool backwards, int skip, int limit,
		      int (*row)(void *, const struct qip_action *, const struct qip_action_key *), void *ctx)
{
	char select[4000];
	snprintf(select, sizeof select, "SELECT " ACTION_COLUMNS ", %s, a.seq", key_expr(f));
	sqlite3_stmt *st = prepare(db, f, select, NULL, key, inclusive, backwards, false, " LIMIT ?7 OFFSET ?8");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int(st, 7, limit);
	sqlite3_bind_int(st, 8, skip);
	int ncol = sqlite3_column_count(st);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct qip_action a = { 0 };
		struct qip_action_key k;
		action_read_row(db, st, &a);
		read_key(st, ncol - 2, &k);
		int stop = row(ctx, &a, &k);
		qip_action_clear(&a);
		if (stop)
			break;
	}
	return qip_db_finish(db, st, rc);
}

int qip_action_rank(struct qip_db *db, const struct qip_action_filter *f, const struct qip_action_key *key,
		    int64_t *index)
{
	sqlite3_stmt *st = prepare(db, f, "SELECT count(*)", NULL, key, false, true, true, "");
	if (!st)
		return QIP_EDB;
	return qip_db_scalar(db, st, index);
}

/* ---- search matches --------------------------------------------------------
 * The matches of a search, in the list's key order, are kept in a temporary
 * table (the connection's own, never the shared file) until the words, the
 * filter, the order, the day or the data change: each n is then one seek
 * from the current key, whatever the number of matches. Rebuilding the set
 * from FTS on every n cost 86 M instructions at 1,000,000 actions.
 * action_match_stamp says what the set was built for: its signature, the
 * data version (other connections' commits) and this connection's change
 * count just after the build (its own writes). */

static int match_tables(struct qip_db *db)
{
	return qip_db_exec(db,
		"CREATE TEMP TABLE IF NOT EXISTS action_match(k TEXT NOT NULL, seq INTEGER NOT NULL,"
		"  PRIMARY KEY (k, seq)) WITHOUT ROWID;"
		"CREATE TEMP TABLE IF NOT EXISTS action_match_stamp(one INTEGER PRIMARY KEY CHECK (one = 1),"
		"  sig TEXT NOT NULL, version INTEGER NOT NULL, changes INTEGER NOT NULL);");
}

/* Everything the set depends on, as text: the statement that fills it
 * (filter and order) and every value bound to it. */
static char *match_signature(struct qip_db *db, const struct qip_action_filter *f, const char *sql, const char *q)
{
	char today[QIP_DATE_LEN];
	qip_date_format(qip_db_today(db), today);
	const char *fmt = "%s\x1f%s\x1f%s\x1f%lld\x1f%lld\x1f%d\x1f%s\x1f%d\x1f%s\x1f%d";
	int sort = f->sort, desc = f->descending;
#define SIG_ARGS sql, q, today, (long long)f->owner_id, (long long)f->service_id, f->status, \
	f->area ? f->area : "", f->key_question, f->statement ? f->statement : "", sort * 2 + desc
	int n = snprintf(NULL, 0, fmt, SIG_ARGS);
	char *sig = qip_xmalloc((size_t)n + 1);
	snprintf(sig, (size_t)n + 1, fmt, SIG_ARGS);
#undef SIG_ARGS
	return sig;
}

static int64_t data_stamp_changes(struct qip_db *db)
{
	return sqlite3_total_changes64(qip_db_handle(db));
}

/* Makes temp.action_match the matches of q under f, unless it already is. */
static int match_set(struct qip_db *db, const struct qip_action_filter *f, const char *q)
{
	int rc = match_tables(db);
	if (rc)
		return rc;
	char sql[8000];
	snprintf(sql, sizeof sql, "INSERT INTO temp.action_match(k, seq) SELECT %s, a.seq FROM action a",
		 key_expr(f));
	action_build_where(f, sql, sizeof sql);
	size_t o = strlen(sql);
	snprintf(sql + o, sizeof sql - o, " AND a.id IN (" FTS_MATCH_IDS("?11") ")");
	char *sig = match_signature(db, f, sql, q);
	int64_t version = qip_db_data_version(db);
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT coalesce((SELECT sig = ?1 AND version = ?2 AND changes = ?3"
					   " FROM temp.action_match_stamp), 0)");
	if (!st) {
		free(sig);
		return QIP_EDB;
	}
	qip_bind_text(st, 1, sig);
	sqlite3_bind_int64(st, 2, version);
	sqlite3_bind_int64(st, 3, data_stamp_changes(db));
	int64_t same = 0;
	rc = qip_db_scalar(db, st, &same);
	if (rc || same) {
		free(sig);
		return rc;
	}
	rc = qip_db_exec(db, "DELETE FROM temp.action_match");
	if (!rc && !(st = qip_db_stmt(db, sql)))
		rc = QIP_EDB;
	if (!rc) {
		char *fts = NULL;
		action_bind_filter(db, st, f, &fts);
		free(fts);   /* bound as a copy */
		qip_bind_text(st, 11, q);
		rc = qip_db_exec_stmt(db, st);
	}
	if (!rc && !(st = qip_db_stmt(db, "INSERT OR REPLACE INTO temp.action_match_stamp VALUES (1, ?1, ?2, ?3)")))
		rc = QIP_EDB;
	if (!rc) {
		/* This insert is one change more: the count after it. */
		qip_bind_text(st, 1, sig);
		sqlite3_bind_int64(st, 2, version);
		sqlite3_bind_int64(st, 3, data_stamp_changes(db) + 1);
		rc = qip_db_exec_stmt(db, st);
	}
	free(sig);
	return rc;
}

int qip_action_next_match(struct qip_db *db, const struct qip_action_filter *f, const char *words,
			  const struct qip_action_key *key, bool inclusive, bool backwards,
			  struct qip_action_key *at, bool *found)
{
	*found = false;
	char *q = action_fts_query(words ? words : "");
	if (!*q) {
		free(q);
		return QIP_OK;
	}
	int rc = match_set(db, f, q);
	free(q);
	if (rc)
		return rc;
	bool up = towards_smaller(f, backwards);
	char sql[400];
	snprintf(sql, sizeof sql, "SELECT k, seq FROM temp.action_match%s ORDER BY k%s, seq%s LIMIT 1",
		 !key ? "" : up ? (inclusive ? " WHERE k <= ?1 AND (k < ?1 OR seq <= ?2)" : " WHERE k <= ?1 AND (k < ?1 OR seq < ?2)")
			  : (inclusive ? " WHERE k >= ?1 AND (k > ?1 OR seq >= ?2)" : " WHERE k >= ?1 AND (k > ?1 OR seq > ?2)"),
		 up ? " DESC" : "", up ? " DESC" : "");
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	if (!st)
		return QIP_EDB;
	if (key) {
		qip_bind_text(st, 1, key->k);
		sqlite3_bind_int64(st, 2, key->seq);
	}
	rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	if (*found)
		read_key(st, 0, at);
	return qip_db_finish(db, st, rc);
}
