/* Improvement actions, positions in a list: where an action sits in a
 * filtered, sorted list and the next search match, without loading it. */
#include "qip/action.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action_internal.h"
#include "qip/text.h"

/* ---- positions in a list -------------------------------------------------
 * Added for the full-screen program: it keeps its selection on the same
 * action when the list changes, and `/` with n/N jumps between matches,
 * both without loading the list. row_number() runs over exactly the
 * filter and order of qip_action_list, so the index is a valid offset. */

static char *position_sql(const struct qip_action_filter *f, const char *tail)
{
	char sql[6000] = "SELECT n FROM (SELECT a.id AS id, row_number() OVER (";
	size_t o = strlen(sql);
	/* Only the owner order reads a joined row (o.name). */
	snprintf(sql + o, sizeof sql - o, "%s) - 1 AS n FROM action a%s", action_order_by(f->sort, f->descending),
		 f->sort == QIP_SORT_OWNER ? " LEFT JOIN person o ON o.id = a.owner_id" : "");
	action_build_where(f, sql, sizeof sql);
	o = strlen(sql);
	snprintf(sql + o, sizeof sql - o, ")%s", tail);
	return qip_strdup(sql);
}

static int position_step(struct qip_db *db, sqlite3_stmt *st, char *fts, int64_t *index)
{
	int rc = sqlite3_step(st);
	*index = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	free(fts);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? QIP_OK : qip_db_sqlite_fail(db, rc);
}

/* The default order, by due date then ref, is the action_due index: there a
 * position is a count of the rows before a key, found by a range scan,
 * rather than a numbering of the whole filtered list (230 ms at 80,000
 * open actions). Other orders use the numbering. ?9/?10 bind a key. */
#define DUE_KEY "coalesce(a.due_on, '9999-12-31')"
#define DUE_BEFORE DUE_KEY " <= ?9 AND (" DUE_KEY " < ?9 OR a.seq < ?10)"
#define DUE_AFTER DUE_KEY " >= ?9 AND (" DUE_KEY " > ?9 OR a.seq > ?10)"

static bool keyset_order(const struct qip_action_filter *f)
{
	return f->sort == QIP_SORT_DUE && !f->descending;
}

/* Runs "SELECT ... <filter> AND <extra> <tail>" with the filter bound, the
 * key in ?9/?10 and text in ?11; one row of up to two columns comes back. */
static int keyset_query(struct qip_db *db, const struct qip_action_filter *f, const char *select,
			const char *extra, const char *tail, const char *key_due, int64_t key_seq,
			const char *text, int64_t offset, char *due_out, int64_t *out, bool *found)
{
	char sql[6000];
	/* The action table alone: the filters need no join (see
	 * qip_action_count), and an unused LEFT JOIN is scanned all the same. */
	snprintf(sql, sizeof sql, "%s FROM action a", select);
	action_build_where(f, sql, sizeof sql);
	size_t o = strlen(sql);
	snprintf(sql + o, sizeof sql - o, "%s%s%s", extra ? " AND " : "", extra ? extra : "", tail);
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	if (!st)
		return QIP_EDB;
	char *fts = NULL;
	action_bind_filter(db, st, f, &fts);
	free(fts);   /* bound as a copy */
	qip_bind_text(st, 9, key_due);
	sqlite3_bind_int64(st, 10, key_seq);
	qip_bind_text(st, 11, text);
	sqlite3_bind_int64(st, 12, offset);
	int rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	if (*found && due_out) {
		const char *d = (const char *)sqlite3_column_text(st, 0);
		snprintf(due_out, QIP_DATE_LEN, "%s", d ? d : "");
		*out = sqlite3_column_int64(st, 1);
	} else if (*found)
		*out = sqlite3_column_int64(st, 0);
	return qip_db_finish(db, st, rc);
}

/* Rows of f before the key (due, seq): the key's position. */
static int keyset_rank(struct qip_db *db, const struct qip_action_filter *f, const char *due,
		       int64_t seq, int64_t *index)
{
	bool found;
	return keyset_query(db, f, "SELECT count(*)", DUE_BEFORE, "", due, seq, NULL, 0, NULL, index, &found);
}

static int keyset_position(struct qip_db *db, const struct qip_action_filter *f, int64_t id, int64_t *index)
{
	char due[QIP_DATE_LEN];
	int64_t seq;
	bool found;
	int rc = keyset_query(db, f, "SELECT " DUE_KEY ", a.seq", "a.id = ?12", "", NULL, 0, NULL, id,
			      due, &seq, &found);
	if (rc || !found)
		return rc;
	return keyset_rank(db, f, due, seq, index);
}

/* The nearest match on one side of the key (due, seq), itself included,
 * or the first (last, backwards) match of the list when due is NULL. */
static int keyset_match(struct qip_db *db, const struct qip_action_filter *f, const char *q,
			const char *due, int64_t seq, bool backwards, int64_t *index)
{
	char mdue[QIP_DATE_LEN];
	int64_t mseq;
	bool found;
	const char *side = !due ? "a.id IN (" FTS_MATCH_IDS("?11") ")"
		: backwards ? "(" DUE_BEFORE " OR (" DUE_KEY " = ?9 AND a.seq = ?10))"
			      " AND a.id IN (" FTS_MATCH_IDS("?11") ")"
			    : "(" DUE_AFTER " OR (" DUE_KEY " = ?9 AND a.seq = ?10))"
			      " AND a.id IN (" FTS_MATCH_IDS("?11") ")";
	int rc = keyset_query(db, f, "SELECT " DUE_KEY ", a.seq", side,
			      backwards ? " ORDER BY " DUE_KEY " DESC, a.seq DESC LIMIT 1"
					: " ORDER BY " DUE_KEY ", a.seq LIMIT 1",
			      due ? due : "", seq, q, 0, mdue, &mseq, &found);
	if (rc || !found)
		return rc;
	return keyset_rank(db, f, mdue, mseq, index);
}

static int keyset_find(struct qip_db *db, const struct qip_action_filter *f, const char *q,
		       int64_t from, bool backwards, int64_t *index)
{
	if (from <= 0 && !backwards)   /* from the top: no key to find */
		return keyset_match(db, f, q, NULL, 0, false, index);
	char due[QIP_DATE_LEN];
	int64_t seq;
	bool found;
	/* The key at index `from` (an index has no other way in than OFFSET:
	 * qip_action_find_match_at starts from an action's key instead). */
	int rc = keyset_query(db, f, "SELECT " DUE_KEY ", a.seq", NULL,
			      " ORDER BY " DUE_KEY ", a.seq LIMIT 1 OFFSET ?12", NULL, 0, NULL,
			      from < 0 ? 0 : from, due, &seq, &found);
	if (rc || !found)
		return rc;
	return keyset_match(db, f, q, due, seq, backwards, index);
}

int qip_action_position(struct qip_db *db, const struct qip_action_filter *f, int64_t id, int64_t *index)
{
	if (keyset_order(f)) {
		*index = -1;
		return keyset_position(db, f, id, index);
	}
	char *sql = position_sql(f, " WHERE id = ?9");
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	free(sql);
	*index = -1;
	if (!st)
		return QIP_EDB;
	char *fts = NULL;
	action_bind_filter(db, st, f, &fts);
	sqlite3_bind_int64(st, 9, id);
	return position_step(db, st, fts, index);
}

int qip_action_find_match(struct qip_db *db, const struct qip_action_filter *f, const char *words,
			  int64_t from, bool backwards, int64_t *index)
{
	*index = -1;
	char *q = action_fts_query(words ? words : "");
	if (!*q) {
		free(q);
		return QIP_OK;
	}
	if (keyset_order(f)) {
		int rc = keyset_find(db, f, q, from, backwards, index);
		free(q);
		return rc;
	}
	char *sql = position_sql(f, backwards ?
		" WHERE n <= ?10 AND id IN (" FTS_MATCH_IDS("?9") ") ORDER BY n DESC LIMIT 1" :
		" WHERE n >= ?10 AND id IN (" FTS_MATCH_IDS("?9") ") ORDER BY n LIMIT 1");
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	free(sql);
	if (!st) {
		free(q);
		return QIP_EDB;
	}
	char *fts = NULL;
	action_bind_filter(db, st, f, &fts);
	qip_bind_text(st, 9, q);
	sqlite3_bind_int64(st, 10, from);
	free(q);
	return position_step(db, st, fts, index);
}

int qip_action_find_match_at(struct qip_db *db, const struct qip_action_filter *f, const char *words,
			     int64_t at_id, bool backwards, int64_t *index)
{
	*index = -1;
	if (!keyset_order(f)) {
		/* Other orders number the list (no OFFSET either way). */
		int64_t from = -1;
		int rc = at_id ? qip_action_position(db, f, at_id, &from) : QIP_OK;
		if (rc || (at_id && from < 0))
			return rc;
		if (!at_id && backwards && (rc = qip_action_count(db, f, &from)) == QIP_OK)
			from--;
		return rc ? rc : qip_action_find_match(db, f, words, at_id || backwards ? from : 0, backwards, index);
	}
	char *q = action_fts_query(words ? words : "");
	int rc = QIP_OK;
	if (*q && !at_id) {
		rc = keyset_match(db, f, q, NULL, 0, backwards, index);
	} else if (*q) {
		char due[QIP_DATE_LEN];
		int64_t seq;
		bool found;
		rc = keyset_query(db, f, "SELECT " DUE_KEY ", a.seq", "a.id = ?12", "", NULL, 0, NULL, at_id,
				  due, &seq, &found);
		if (!rc && found)
			rc = keyset_match(db, f, q, due, seq, backwards, index);
	}
	free(q);
	return rc;
}
