/* qip doctor: SQLite's own checks, the full-text indexes, the chain, the
 * evidence summaries on actions, the files' modes and the WAL's size. */
#include "qip/doctor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qip/chain.h"
#include "qip/text.h"

struct doctor {
	struct qip_db *db;
	void (*finding)(void *ctx, const struct qip_doctor_finding *f);
	void *ctx;
	int problems;
};

static void say(struct doctor *d, const char *check, bool ok, const char *what, const char *fix)
{
	struct qip_doctor_finding f = { check, ok, what, ok ? "" : fix };
	if (!ok)
		d->problems++;
	d->finding(d->ctx, &f);
}

static const char restore[] = "restore the latest backup made before it happened, and find out who had the"
	" sqlite3 shell or another program on the file";

/* The first row of sql's first column as text into buf ("" when none);
 * the number of rows into *rows. */
static int first_rows(struct doctor *d, const char *sql, char *buf, size_t n, long long *rows)
{
	sqlite3_stmt *st;
	buf[0] = 0;
	*rows = 0;
	int src = sqlite3_prepare_v2(qip_db_handle(d->db), sql, -1, &st, NULL);
	if (src != SQLITE_OK)
		return qip_db_sqlite_fail(d->db, src);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if ((*rows)++ == 0) {
			const char *s = (const char *)sqlite3_column_text(st, 0);
			snprintf(buf, n, "%s", s ? s : "");
		}
	}
	int rc = src == SQLITE_DONE ? QIP_OK : qip_db_sqlite_fail(d->db, src);
	sqlite3_finalize(st);
	return rc;
}

static int check_integrity(struct doctor *d)
{
	char first[300], what[400];
	long long rows;
	int rc = first_rows(d, "PRAGMA integrity_check", first, sizeof first, &rows);
	if (rc)
		return rc;
	bool ok = rows == 1 && strcmp(first, "ok") == 0;
	snprintf(what, sizeof what, ok ? "SQLite finds the file sound" : "the file is damaged: %s", first);
	say(d, "integrity", ok, what, "stop using it: restore the latest backup (and keep the damaged file for inspection)");
	return QIP_OK;
}

static int check_foreign_keys(struct doctor *d)
{
	char first[300], what[500];
	long long rows;
	int rc = first_rows(d, "SELECT format('a row of %s (rowid %d) points at a %s that does not exist', \"table\", rowid, parent)"
			    " FROM pragma_foreign_key_check", first, sizeof first, &rows);
	if (rc)
		return rc;
	if (rows == 0)
		snprintf(what, sizeof what, "every reference points at a row that exists");
	else
		snprintf(what, sizeof what, "%lld broken reference%s; the first: %s (rows were deleted behind qip's back)",
			 rows, rows == 1 ? "" : "s", first);
	say(d, "foreign-keys", rows == 0, what, restore);
	return QIP_OK;
}

static int check_full_text(struct doctor *d)
{
	char first[300], what[500];
	long long rows;
	/* What each index holds against the rows it indexes (read-only). */
	int rc = first_rows(d,
		"SELECT 'action ' || a.ref FROM action a LEFT JOIN action_fts f ON f.rowid = a.id"
		" WHERE f.rowid IS NULL OR f.title IS NOT a.title OR f.baseline IS NOT a.baseline OR f.outcome IS NOT a.outcome"
		" UNION ALL SELECT 'evidence ' || e.id FROM evidence e LEFT JOIN evidence_fts f ON f.rowid = e.id"
		" WHERE f.rowid IS NULL OR f.note IS NOT e.note"
		" UNION ALL SELECT 'search entry ' || f.rowid || ' of no action' FROM action_fts f"
		" WHERE NOT EXISTS (SELECT 1 FROM action a WHERE a.id = f.rowid)"
		" UNION ALL SELECT 'search entry ' || f.rowid || ' of no evidence' FROM evidence_fts f"
		" WHERE NOT EXISTS (SELECT 1 FROM evidence e WHERE e.id = f.rowid)",
		first, sizeof first, &rows);
	if (rc)
		return rc;
	/* FTS5's own check of its index structure is an INSERT: only on a
	 * connection that may write, and rolled back. */
	bool structure_ok = true, structure_checked = false;
	if (!qip_db_is_readonly(d->db) && qip_db_exec(d->db, "SAVEPOINT doctor_fts") == QIP_OK) {
		structure_checked = true;
		structure_ok = sqlite3_exec(qip_db_handle(d->db),
			"INSERT INTO action_fts(action_fts) VALUES ('integrity-check');"
			"INSERT INTO evidence_fts(evidence_fts) VALUES ('integrity-check')", NULL, NULL, NULL) == SQLITE_OK;
		sqlite3_exec(qip_db_handle(d->db), "ROLLBACK TO doctor_fts; RELEASE doctor_fts", NULL, NULL, NULL);
	}
	if (rows)
		snprintf(what, sizeof what, "search disagrees with the records in %lld place%s; the first: %s",
			 rows, rows == 1 ? "" : "s", first);
	else if (!structure_ok)
		snprintf(what, sizeof what, "the search index of actions or evidence is damaged");
	else
		snprintf(what, sizeof what, "search matches every action and evidence note%s",
			 structure_checked ? "" : " (its index structure was not checked: the database is read-only for you)");
	say(d, "full-text", rows == 0 && structure_ok, what,
	    "rebuild the index as someone who can write the database: sqlite3 cannot, so restore the latest backup,"
	    " or report it with this message");
	return QIP_OK;
}

static void say_chain(struct doctor *d, const struct qip_chain_result *res, const char *first)
{
	char what[600];
	if (res->problems == 0)
		snprintf(what, sizeof what, "%lld links, every row as it was recorded; head %s", (long long)res->length,
			 res->head[0] ? res->head : "(empty)");
	else
		snprintf(what, sizeof what, "%lld problem%s in the history (run qip verify to list them); the first: %s",
			 (long long)res->problems, res->problems == 1 ? "" : "s", first);
	say(d, "chain", res->problems == 0, what,
	    "the record was altered behind qip's back: compare with a backup, and with the chain heads printed on minutes and reports; "
	    "restore the latest backup whose head verifies");
}

static int first_problem(void *ctx, const struct qip_chain_problem *p)
{
	char *first = ctx;
	if (!first[0])
		snprintf(first, 300, "%s", p->message);
	return 0;
}

#define LIVE "NOT EXISTS (SELECT 1 FROM evidence c WHERE c.corrects_id = e.id)"
static int check_summaries(struct doctor *d)
{
	char first[300], what[500];
	long long rows;
	int rc = first_rows(d,
		"SELECT a.ref || ': ' || ltrim("
		"  iif(a.ev_count IS NOT s.n, format('; evidence count %d, the evidence says %d', a.ev_count, s.n), '') ||"
		"  iif(a.ev_outcomes IS NOT s.o, format('; outcome count %d, the evidence says %d', a.ev_outcomes, s.o), '') ||"
		"  iif(a.ev_categories IS NOT s.c, '; its evidence categories', '') ||"
		"  iif(a.ev_last_on IS NOT s.last, format('; last evidence %s, the evidence says %s',"
		"      coalesce(a.ev_last_on, 'none'), coalesce(s.last, 'none')), '') ||"
		"  iif(a.ev_latest_value IS NOT s.v, format('; latest value %s, the evidence says %s',"
		"      coalesce(qip_number(a.ev_latest_value), 'none'), coalesce(qip_number(s.v), 'none')), ''), '; ')"
		" FROM action a, (SELECT"
		"   (SELECT count(*) FROM evidence e WHERE e.action_id = x.id AND " LIVE ") AS n,"
		"   (SELECT count(*) FROM evidence e WHERE e.action_id = x.id AND e.kind = 'outcome' AND " LIVE ") AS o,"
		"   (SELECT coalesce(sum(DISTINCT CASE e.category WHEN 'people' THEN 1 WHEN 'staff' THEN 2 WHEN 'partners' THEN 4"
		"      WHEN 'observation' THEN 8 WHEN 'processes' THEN 16 ELSE 32 END), 0)"
		"      FROM evidence e WHERE e.action_id = x.id AND " LIVE ") AS c,"
		"   (SELECT max(seen_on) FROM evidence e WHERE e.action_id = x.id) AS last,"
		"   (SELECT value FROM evidence e WHERE e.action_id = x.id AND e.kind = 'outcome' AND e.value IS NOT NULL"
		"      AND " LIVE " ORDER BY seen_on DESC, id DESC LIMIT 1) AS v, x.id AS id FROM action x) AS s"
		" WHERE s.id = a.id AND (a.ev_count IS NOT s.n OR a.ev_outcomes IS NOT s.o OR a.ev_categories IS NOT s.c"
		"   OR a.ev_last_on IS NOT s.last OR a.ev_latest_value IS NOT s.v)"
		" ORDER BY a.seq",
		first, sizeof first, &rows);
	if (rc)
		return rc;
	if (rows == 0)
		snprintf(what, sizeof what, "every action's evidence count and latest value agree with its evidence");
	else
		snprintf(what, sizeof what, "%lld action%s' evidence summary disagree%s with the evidence; the first: %s",
			 rows, rows == 1 ? "'s" : "s", rows == 1 ? "s" : "", first);
	say(d, "summaries", rows == 0, what,
	    "only qip's triggers write these columns, so they were edited behind qip's back: lists and flags show wrong"
	    " figures until it is put right; restore the latest backup made before it happened");
	return QIP_OK;
}

/* -wal and -shm must have the database's owner group and mode: SQLite gives
 * them the mode of the file, and one made by another user with another group
 * locks everyone else out. No one outside the owner and the group. */
static void check_files(struct doctor *d)
{
	const char *path = qip_db_path(d->db);
	struct stat db_st;
	char what[700], fix[700];
	if (stat(path, &db_st) != 0) {
		snprintf(what, sizeof what, "cannot read the mode of %s", path);
		say(d, "files", false, what, "check that the file is still there");
		return;
	}
	int bad = 0;
	unsigned mode = db_st.st_mode & 07777;
	if (mode & 007) {
		bad++;
		snprintf(what, sizeof what, "%s has mode %04o: every account on this machine can %s it", path, mode,
			 mode & 002 ? "change" : "read");
		/* The files beside it only while they exist (qip has them open
		 * now; they go when the last user closes the database). */
		char *wal = qip_printf("%s-wal", path), *shm = qip_printf("%s-shm", path);
		snprintf(fix, sizeof fix, "chmod o-rwx '%s'%s%s%s%s%s%s", path,
			 access(wal, F_OK) == 0 ? " '" : "", access(wal, F_OK) == 0 ? wal : "", access(wal, F_OK) == 0 ? "'" : "",
			 access(shm, F_OK) == 0 ? " '" : "", access(shm, F_OK) == 0 ? shm : "", access(shm, F_OK) == 0 ? "'" : "");
		free(wal);
		free(shm);
		say(d, "files", false, what, fix);
	}
	static const char *const sides[] = { "-wal", "-shm" };
	for (int i = 0; i < 2; i++) {
		char *side = qip_printf("%s%s", path, sides[i]);
		struct stat st;
		if (stat(side, &st) == 0) {
			unsigned m = st.st_mode & 07777;
			if (m != mode || st.st_gid != db_st.st_gid) {
				bad++;
				snprintf(what, sizeof what, "%s has mode %04o and group id %u, the database %04o and group id %u:"
					 " others may be locked out (\"read-only for you\")",
					 side, m, (unsigned)st.st_gid, mode, (unsigned)db_st.st_gid);
				snprintf(fix, sizeof fix, "chgrp %u '%s' && chmod %04o '%s' (as root or the file's owner)",
					 (unsigned)db_st.st_gid, side, mode, side);
				say(d, "files", false, what, fix);
			}
		}
		free(side);
	}
	if (!bad) {
		snprintf(what, sizeof what, "%s and its -wal and -shm: mode %04o, one group, nobody else", path, mode);
		say(d, "files", true, what, "");
	}
}

static void check_wal(struct doctor *d)
{
	char *wal = qip_printf("%s-wal", qip_db_path(d->db));
	struct stat st;
	long long size = stat(wal, &st) == 0 ? (long long)st.st_size : 0;
	char what[400];
	bool ok = size <= QIP_DOCTOR_WAL_LIMIT;
	snprintf(what, sizeof what, "the write-ahead log %s is %lld bytes (%.1f MB)%s", wal, size, size / 1e6,
		 ok ? "" : ": a program has held the database open for a long time, so it cannot be folded back");
	say(d, "wal", ok, what,
	    "close qip sessions left open (a full-screen qip on a forgotten terminal); the log shrinks when nobody"
	    " holds it: run qip doctor again afterwards");
	free(wal);
}

int qip_doctor(struct qip_db *db, void (*finding)(void *ctx, const struct qip_doctor_finding *f),
	       void *ctx, int *problems)
{
	struct doctor d = { db, finding, ctx, 0 };
	struct qip_chain_result res;
	char first[300] = "";
	int rc = check_integrity(&d);
	if (rc == QIP_OK)
		rc = check_foreign_keys(&d);
	if (rc == QIP_OK)
		rc = check_full_text(&d);
	if (rc == QIP_OK) {
		rc = qip_chain_verify(db, first_problem, first, &res);
		if (rc == QIP_OK)
			say_chain(&d, &res, first);
	}
	if (rc == QIP_OK)
		rc = check_summaries(&d);
	if (rc == QIP_OK) {
		check_files(&d);
		check_wal(&d);
	}
	*problems = d.problems;
	return rc;
}
