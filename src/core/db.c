/* Connection, statement cache, transactions and error messages. */
#include "qip/db.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "qip/paths.h"
#include "qip/text.h"
#include "schema.h"
#include "chain_internal.h"

#define STMT_CACHE_SIZE 256   /* power of two, to start with */
#define BUSY_TIMEOUT_MS 5000

struct cached_stmt {
	char *sql;
	sqlite3_stmt *st;
	uint64_t used;   /* when it was last handed out, to evict the oldest */
};

struct qip_db {
	sqlite3 *h;
	char *path;
	bool readonly;
	int depth;                  /* open transaction levels */
	int64_t actor;
	char login[64];
	qip_date today;             /* the day qip judges by */
	qip_date real_today;        /* the clock's day in London */
	bool dating;                /* records may be dated by today (the tests, the demo) */
	int busy_limit_ms;          /* how long a write waits for another's */
	struct timespec busy_since;
	unsigned busy_seed;
	void (*busy_notice)(void);  /* said once when a wait grows long */
	bool busy_said;
	char err[512];
	char folder_msg[400];        /* why the folder stops SQLite, said in words */
	struct cached_stmt *cache;
	uint32_t cache_size;         /* slots, a power of two */
	uint64_t cache_clock;
};

static uint32_t hash_sql(const char *s)
{
	uint32_t h = 2166136261u;   /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

int qip_db_fail(struct qip_db *db, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(db->err, sizeof db->err, fmt, ap);
	va_end(ap);
	return rc;
}

int qip_db_sqlite_fail(struct qip_db *db, int src)
{
	const char *msg = sqlite3_errmsg(db->h);
	switch (src & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return qip_db_fail(db, QIP_EBUSY, "the database is busy (another user is saving); nothing was written, try again");
	case SQLITE_FULL:
		return qip_db_fail(db, QIP_ENOSPC, "the disk is full: nothing was written; free some space and try again");
	case SQLITE_READONLY:
		if (src == SQLITE_READONLY_CANTINIT || src == SQLITE_READONLY_DIRECTORY)
			return qip_db_fail(db, QIP_EREADONLY, "%s", db->folder_msg);
		return qip_db_fail(db, QIP_EREADONLY, "the database is read-only for you: nothing was written");
	case SQLITE_CANTOPEN:
		return qip_db_fail(db, QIP_EDB, "%s", db->folder_msg);
	case SQLITE_IOERR:
		return qip_db_fail(db, QIP_EDB, "could not write the database file (%s): nothing was written", msg);
	case SQLITE_CONSTRAINT:
		return qip_db_fail(db, QIP_EINVAL, "refused by the database: %s", msg);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return qip_db_fail(db, QIP_EDB, "%s is damaged or not a qip database", db->path);
	default:
		return qip_db_fail(db, QIP_EDB, "database error: %s", msg);
	}
}

const char *qip_db_error(const struct qip_db *db) { return db->err; }
sqlite3 *qip_db_handle(struct qip_db *db) { return db->h; }
const char *qip_db_path(const struct qip_db *db) { return db->path; }
bool qip_db_is_readonly(const struct qip_db *db) { return db->readonly; }
int64_t qip_db_actor(const struct qip_db *db) { return db->actor; }
const char *qip_db_login(const struct qip_db *db) { return db->login; }
void qip_db_set_actor(struct qip_db *db, int64_t id) { db->actor = id; }
qip_date qip_db_today(const struct qip_db *db) { return db->today; }
/* Called by code (the demo's replay, the unit tests), never from the
 * environment: such a caller dates what it records by the day it sets. */
void qip_db_set_today(struct qip_db *db, qip_date t)
{
	db->today = t;
	db->dating = true;
}
bool qip_db_judging_another_day(const struct qip_db *db)
{
	return !db->dating && db->today != QIP_NO_DATE && db->today != db->real_today;
}

/* Doubles the cache, keeping every statement (some may be mid-step). */
static void grow_cache(struct qip_db *db)
{
	uint32_t size = db->cache_size * 2;
	struct cached_stmt *cache = qip_xcalloc(size, sizeof *cache);
	for (uint32_t k = 0; k < db->cache_size; k++) {
		uint32_t i = hash_sql(db->cache[k].sql) & (size - 1);
		while (cache[i].sql)
			i = (i + 1) & (size - 1);
		cache[i] = db->cache[k];
	}
	free(db->cache);
	db->cache = cache;
	db->cache_size = size;
}

sqlite3_stmt *qip_db_stmt(struct qip_db *db, const char *sql)
{
	uint32_t mask = db->cache_size - 1;
	uint32_t i = hash_sql(sql) & mask;
	struct cached_stmt *slot = NULL;
	for (uint32_t n = 0; n < db->cache_size; n++, i = (i + 1) & mask) {
		struct cached_stmt *c = &db->cache[i];
		if (!c->sql) {
			slot = c;
			break;
		}
		if (strcmp(c->sql, sql) == 0) {
			sqlite3_reset(c->st);
			sqlite3_clear_bindings(c->st);
			c->used = ++db->cache_clock;
			return c->st;
		}
	}
	if (!slot) {
		/* The cache is full (dynamic filter SQL): replace the statement
		 * used longest ago, but never one a caller is still stepping (a
		 * row callback may have asked for this one). Replacing in place
		 * leaves no empty slot, so no other statement's probe is cut. */
		for (uint32_t k = 0; k < db->cache_size; k++) {
			struct cached_stmt *c = &db->cache[k];
			if (!sqlite3_stmt_busy(c->st) && (!slot || c->used < slot->used))
				slot = c;
		}
		if (slot) {
			sqlite3_finalize(slot->st);
			free(slot->sql);
			slot->sql = NULL;
			slot->st = NULL;
		} else {
			grow_cache(db);
			return qip_db_stmt(db, sql);
		}
	}
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		qip_db_sqlite_fail(db, rc);
		return NULL;
	}
	slot->sql = qip_strdup(sql);
	slot->st = st;
	slot->used = ++db->cache_clock;
	return st;
}

int qip_db_exec_stmt(struct qip_db *db, sqlite3_stmt *st)
{
	if (!st)
		return QIP_EDB;   /* qip_db_stmt failed and said why */
	int rc = sqlite3_step(st);
	int out = QIP_OK;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		out = qip_db_sqlite_fail(db, rc);
	sqlite3_reset(st);
	return out;
}

int qip_db_scalar(struct qip_db *db, sqlite3_stmt *st, int64_t *out)
{
	if (!st)
		return QIP_EDB;
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? QIP_OK : qip_db_sqlite_fail(db, rc);
}

int qip_db_finish(struct qip_db *db, sqlite3_stmt *st, int step_rc)
{
	int out = QIP_OK;
	if (step_rc != SQLITE_ROW && step_rc != SQLITE_DONE)
		out = qip_db_sqlite_fail(db, step_rc);
	sqlite3_reset(st);
	return out;
}

int qip_db_ids(struct qip_db *db, sqlite3_stmt *st, int64_t **ids, int *n)
{
	*ids = NULL;
	*n = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*ids = qip_xrealloc(*ids, (size_t)(*n + 1) * sizeof **ids);
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	return qip_db_finish(db, st, step);
}

int qip_db_exec(struct qip_db *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	sqlite3_free(msg);
	return rc == SQLITE_OK ? QIP_OK : qip_db_sqlite_fail(db, rc);
}

int qip_db_begin(struct qip_db *db)
{
	if (db->readonly)
		return qip_db_fail(db, QIP_EREADONLY, "the database is open read-only: nothing can be changed");
	/* A record's dates and times are the real ones: QIP_TODAY moves only
	 * the day qip judges by, so while it does, nothing is recorded. */
	if (db->depth == 0 && qip_db_judging_another_day(db)) {
		char day[QIP_DATE_TEXT_LEN];
		return qip_db_fail(db, QIP_EREADONLY,
			"qip is judging as of %s (QIP_TODAY), and a record is dated by the real day: nothing was written; unset QIP_TODAY to make changes",
			qip_date_text(db->today, day));
	}
	char sql[48];
	if (db->depth == 0)
		snprintf(sql, sizeof sql, "BEGIN IMMEDIATE");
	else
		snprintf(sql, sizeof sql, "SAVEPOINT s%d", db->depth);
	int rc = qip_db_exec(db, sql);
	if (rc == QIP_OK)
		db->depth++;
	return rc;
}

int qip_db_end(struct qip_db *db, int rc)
{
	char sql[64];
	if (db->depth <= 0)
		return rc;
	db->depth--;
	if (rc == QIP_OK) {
		if (db->depth == 0)
			snprintf(sql, sizeof sql, "COMMIT");
		else
			snprintf(sql, sizeof sql, "RELEASE s%d", db->depth);
		rc = qip_db_exec(db, sql);
		if (rc == QIP_OK)
			return QIP_OK;
		if (db->depth > 0)
			return rc;
		/* The commit failed (disk full, I/O): roll back so nothing is half-written. */
		char keep[sizeof db->err];
		memcpy(keep, db->err, sizeof keep);
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		memcpy(db->err, keep, sizeof keep);
		return rc;
	}
	char keep[sizeof db->err];
	memcpy(keep, db->err, sizeof keep);
	if (db->depth == 0)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	else {
		snprintf(sql, sizeof sql, "ROLLBACK TO s%d; RELEASE s%d", db->depth, db->depth);
		sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	}
	memcpy(db->err, keep, sizeof keep);
	return rc;
}

int qip_db_require_writer(struct qip_db *db)
{
	if (db->readonly)
		return qip_db_fail(db, QIP_EREADONLY, "%s is open read-only: nothing can be changed", db->path);
	if (db->actor == 0)
		return qip_db_fail(db, QIP_ENOPERSON,
			"your login '%s' is not an active person in this database; ask an admin to run: qip person add --name NAME --role ROLE --login %s",
			db->login, db->login);
	return QIP_OK;
}

void qip_db_set_busy_timeout(struct qip_db *db, int ms)
{
	db->busy_limit_ms = ms;
}

void qip_db_on_long_wait(struct qip_db *db, void (*notice)(void))
{
	db->busy_notice = notice;
}

/* While another connection writes: every waiter asks again at the same
 * short, jittered pace, so one that has waited long is not outrun by
 * newcomers as with SQLite's own handler, which backs off to 100 ms and
 * lost 3-7 writes of 1,920 to 32 writers at 5 s. */
static int busy_wait(void *arg, int count)
{
	struct qip_db *db = arg;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (count == 0)
		db->busy_since = now;
	long long ms = (now.tv_sec - db->busy_since.tv_sec) * 1000LL +
		       (now.tv_nsec - db->busy_since.tv_nsec) / 1000000;
	if (ms >= db->busy_limit_ms)
		return 0;
	if (ms >= 1000 && db->busy_notice && !db->busy_said) {
		db->busy_said = true;
		db->busy_notice();
	}
	struct timespec pause = { 0, (1 + rand_r(&db->busy_seed) % 4) * 1000000L };
	nanosleep(&pause, NULL);
	return 1;
}

int64_t qip_db_data_version(struct qip_db *db)
{
	sqlite3_stmt *st = qip_db_stmt(db, "PRAGMA data_version");
	int64_t v = -1;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return v;
}

void qip_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
	if (s)
		sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, idx);
}

void qip_bind_date(sqlite3_stmt *st, int idx, qip_date d)
{
	if (d == QIP_NO_DATE) {
		sqlite3_bind_null(st, idx);
		return;
	}
	char buf[QIP_DATE_LEN];
	sqlite3_bind_text(st, idx, qip_date_format(d, buf), -1, SQLITE_TRANSIENT);
}

void qip_bind_id(sqlite3_stmt *st, int idx, int64_t id)
{
	if (id)
		sqlite3_bind_int64(st, idx, id);
	else
		sqlite3_bind_null(st, idx);
}

char *qip_col_strdup(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	return qip_strdup(s ? s : "");
}

qip_date qip_col_date(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	qip_date d;
	if (s && qip_date_parse_iso(s, &d))
		return d;
	return QIP_NO_DATE;
}

/* SQL functions the triggers use. INNOCUOUS so they work with
 * trusted_schema=OFF; they read no data and change nothing. */
static void fn_actor(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct qip_db *db = sqlite3_user_data(ctx);
	if (db->actor)
		sqlite3_result_int64(ctx, db->actor);
	else
		sqlite3_result_null(ctx);
}

static void fn_uuid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char u[37];
	qip_uuid(u);
	sqlite3_result_text(ctx, u, 36, SQLITE_TRANSIENT);
}

static void fn_now(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct qip_db *db = sqlite3_user_data(ctx);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	qip_date real = qip_date_london(ts.tv_sec);
	/* The demo and the tests date records by their day, at the real time
	 * of day; anyone else's are dated by the clock. */
	long long secs = ts.tv_sec;
	if (db->dating && db->today != QIP_NO_DATE && db->today != real)
		secs = (long long)db->today * 86400 + (secs % 86400 + 86400) % 86400;
	char d[QIP_DATE_LEN], out[40];
	qip_date_format((qip_date)(secs >= 0 ? secs / 86400 : (secs - 86399) / 86400), d);
	int sod = (int)((secs % 86400 + 86400) % 86400);
	snprintf(out, sizeof out, "%sT%02d:%02d:%02d.%03dZ", d, sod / 3600, sod / 60 % 60, sod % 60,
		 (int)(ts.tv_nsec / 1000000));
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

static void fn_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	if (!s) {
		sqlite3_result_null(ctx);
		return;
	}
	char *f = qip_text_fold(s);
	sqlite3_result_text(ctx, f, -1, free);
}

/* qip_number(x): a REAL as qip prints it (qip_number_format), so the
 * history trigger records a value exactly and locale-free; other values
 * (NULL, integers, text) pass through as SQLite gives them. */
static void fn_number(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	if (sqlite3_value_type(argv[0]) != SQLITE_FLOAT) {
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	char buf[QIP_NUMBER_LEN];
	sqlite3_result_text(ctx, qip_number_format(sqlite3_value_double(argv[0]), buf), -1, SQLITE_TRANSIENT);
}

static void find_login(struct qip_db *db)
{
	struct passwd pw, *res = NULL;
	char buf[4096];
	if (getpwuid_r(getuid(), &pw, buf, sizeof buf, &res) == 0 && res)
		snprintf(db->login, sizeof db->login, "%s", pw.pw_name);
	else
		snprintf(db->login, sizeof db->login, "uid%u", (unsigned)getuid());
}

static void find_actor(struct qip_db *db)
{
	db->actor = 0;
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT id FROM person WHERE login = ?1 AND active = 1");
	if (!st)
		return;
	qip_bind_text(st, 1, db->login);
	if (sqlite3_step(st) == SQLITE_ROW)
		db->actor = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
}

static void group_name(gid_t g, char *buf, size_t n)
{
	struct group gr, *res = NULL;
	char tmp[4096];
	if (getgrgid_r(g, &gr, tmp, sizeof tmp, &res) == 0 && res)
		snprintf(buf, n, "%s", gr.gr_name);
	else
		snprintf(buf, n, "%u", (unsigned)g);
}

/* A folder its group may write, and others not (not /tmp), is shared by
 * that group's users: every
 * file qip keeps in it (the database, -wal, -shm) must be read-write for
 * the folder's group, or the next user is locked out. The folder needs
 * its set-group-ID bit so files anyone creates get its group. Returns 0,
 * or names the first thing wrong with the command that fixes it. */
static int check_shared_folder(const char *path, const char *folder, char *err, size_t errsz)
{
	struct stat fsb;
	if (stat(folder, &fsb) != 0 || (fsb.st_mode & (S_IWGRP | S_IWOTH)) != S_IWGRP)
		return 0;
	char gname[64];
	group_name(fsb.st_gid, gname, sizeof gname);
	if (!(fsb.st_mode & S_ISGID)) {
		snprintf(err, errsz, "the folder %s is shared with the group %s but lacks the set-group-ID bit, so files made in it"
			 " would get each user's own group: fix with: chmod g+s %s", folder, gname, folder);
		return QIP_EDB;
	}
	static const char *const sides[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		char *f = qip_printf("%s%s", path, sides[i]);
		struct stat sb;
		int rc = 0;
		for (int tries = 0; tries < 2; tries++) {
			rc = 0;
			if (stat(f, &sb) != 0)
				break;
			if (sb.st_gid != fsb.st_gid) {
				char has[64];
				group_name(sb.st_gid, has, sizeof has);
				snprintf(err, errsz, "%s belongs to the group %s, not %s, so other qip users cannot use it: fix with: chgrp %s %s",
					 f, has, gname, gname, f);
				rc = QIP_EDB;
			} else if ((sb.st_mode & 0660) != 0660) {
				snprintf(err, errsz, "%s has mode %04o, so other qip users cannot write it: fix with: chmod 660 %s",
					 f, (unsigned)(sb.st_mode & 07777), f);
				rc = QIP_EDB;
			}
			if (!rc)
				break;
			/* SQLite may be between creating a -shm and setting its mode. */
			struct timespec pause = { 0, 50000000L };
			nanosleep(&pause, NULL);
		}
		free(f);
		if (rc)
			return rc;
	}
	return 0;
}

/* WAL needs shared memory that network file systems do not provide. */
static bool on_network_fs(const char *path)
{
	struct statfs sf;
	char *dir = qip_strdup(path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		strcpy(dir, ".");
	bool net = false;
	if (statfs(dir, &sf) == 0) {
		unsigned long t = (unsigned long)sf.f_type;
		net = t == 0x6969 /* NFS */ || t == 0xFF534D42 /* CIFS */ ||
		      t == 0xFE534D42 /* SMB2 */ || t == 0x517B /* SMB */;
	}
	free(dir);
	return net;
}

static int read_pragma_int(struct qip_db *db, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return qip_db_sqlite_fail(db, rc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? QIP_OK : qip_db_sqlite_fail(db, rc);
}

int qip_schema_version(void)
{
	return qip_migrations[qip_migration_count - 1].version;
}

int qip_migrate(struct qip_db *db)
{
	int version = 0;
	int rc = read_pragma_int(db, "PRAGMA user_version", &version);
	if (rc)
		return rc;
	if (version > qip_schema_version())
		return qip_db_fail(db, QIP_ENEWER,
			"%s was written by a newer qip (schema %d; this qip knows %d): upgrade qip to open it",
			db->path, version, qip_schema_version());
	if (version == qip_schema_version())
		return QIP_OK;
	if (db->readonly)
		return qip_db_fail(db, QIP_EREADONLY,
			"%s needs upgrading (schema %d to %d), but it is read-only for you: ask someone who can write it to run qip init",
			db->path, version, qip_schema_version());
	if ((rc = qip_db_begin(db)))
		return rc;
	/* Another process may have migrated while we waited for the lock. */
	rc = read_pragma_int(db, "PRAGMA user_version", &version);
	for (int i = 0; rc == QIP_OK && i < qip_migration_count; i++) {
		const struct qip_migration *m = &qip_migrations[i];
		if (m->version <= version)
			continue;
		rc = qip_db_exec(db, m->sql);
		if (rc == QIP_OK && m->then)
			rc = m->then(db);
		if (rc == QIP_OK) {
			char sql[64];
			snprintf(sql, sizeof sql, "PRAGMA user_version = %d", m->version);
			rc = qip_db_exec(db, sql);
		}
		if (rc) {
			/* The reason is in db->err, which the message is written to:
			 * copy it out first (vsnprintf may not read what it writes). */
			char reason[sizeof db->err];
			memcpy(reason, db->err, sizeof reason);
			qip_db_fail(db, rc, "upgrading %s to schema %d (%s) failed: %s", db->path,
				    m->version, m->what, reason);
		}
	}
	return qip_db_end(db, rc);
}

int qip_db_open(const char *path, int flags, struct qip_db **out, char *err, size_t errsz)
{
	*out = NULL;
	struct stat sb;
	bool exists = stat(path, &sb) == 0;
	if (!exists && !(flags & QIP_DB_CREATE)) {
		snprintf(err, errsz, "no database at %s: create it with 'qip init' (or 'qip demo' for a demo)", path);
		return QIP_ENOTFOUND;
	}
	if (exists && !S_ISREG(sb.st_mode)) {
		snprintf(err, errsz, "%s is not a regular file", path);
		return QIP_EINVAL;
	}
	if (on_network_fs(path)) {
		snprintf(err, errsz, "%s is on a network file system, where SQLite's locking is unsafe: keep the database on the server's local disk and reach it over SSH", path);
		return QIP_EINVAL;
	}

	if (sodium_init() < 0) {
		snprintf(err, errsz, "libsodium could not start (it hashes the chain): no database was opened");
		return QIP_EDB;
	}
	struct qip_db *db = qip_xcalloc(1, sizeof *db);
	db->path = qip_strdup(path);
	/* WAL keeps two files beside the database (-wal, -shm) that every
	 * user, even a reader, must be able to create: the folder decides. */
	char *folder = qip_strdup(path);
	char *cut = strrchr(folder, '/');
	if (cut)
		*(cut == folder ? cut + 1 : cut) = '\0';
	else
		strcpy(folder, ".");
	snprintf(db->folder_msg, sizeof db->folder_msg,
		 "cannot use %s: qip needs to create files beside it in the folder %s, which you cannot write"
		 " (on a shared server, make the folder writable by the group of qip users)", path, folder);
	/* AT_EACCESS: a setgid qip may write by its group, which access() ignores. */
	bool folder_writable = faccessat(AT_FDCWD, folder, W_OK, AT_EACCESS) == 0;
	int shared_rc = check_shared_folder(path, folder, err, errsz);
	free(folder);
	if (shared_rc) {
		qip_db_close(db);
		return shared_rc;
	}
	db->today = QIP_NO_DATE;
	db->cache_size = STMT_CACHE_SIZE;
	db->cache = qip_xcalloc(db->cache_size, sizeof *db->cache);
	find_login(db);

	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	if (flags & QIP_DB_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	if (flags & QIP_DB_READONLY)
		oflags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
	else if (exists && faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0)
		oflags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
	int rc = sqlite3_open_v2(path, &db->h, oflags, NULL);
	if (rc != SQLITE_OK) {
		if (!folder_writable && (rc & 0xff) == SQLITE_CANTOPEN)
			snprintf(err, errsz, "%s", db->folder_msg);
		else
			snprintf(err, errsz, "cannot open %s: %s", path, db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		qip_db_close(db);
		return QIP_EDB;
	}
	db->readonly = sqlite3_db_readonly(db->h, "main") == 1;
	sqlite3_extended_result_codes(db->h, 1);
	db->busy_limit_ms = BUSY_TIMEOUT_MS;
	db->busy_seed = (unsigned)getpid();
	sqlite3_busy_handler(db->h, busy_wait, db);
	sqlite3_create_function_v2(db->h, "qip_actor", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
				   db, fn_actor, NULL, NULL, NULL);
	sqlite3_create_function_v2(db->h, "qip_uuid", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
				   db, fn_uuid, NULL, NULL, NULL);
	sqlite3_create_function_v2(db->h, "qip_now", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
				   db, fn_now, NULL, NULL, NULL);
	sqlite3_create_function_v2(db->h, "qip_fold", 1,
				   SQLITE_UTF8 | SQLITE_INNOCUOUS | SQLITE_DETERMINISTIC,
				   NULL, fn_fold, NULL, NULL, NULL);
	/* The links of the chain (chain.c): pure, so triggers may call it. */
	sqlite3_create_function_v2(db->h, "qip_chain_hash", -1,
				   SQLITE_UTF8 | SQLITE_INNOCUOUS | SQLITE_DETERMINISTIC,
				   NULL, qip_chain_sql_hash, NULL, NULL, NULL);
	sqlite3_create_function_v2(db->h, "qip_number", 1,
				   SQLITE_UTF8 | SQLITE_INNOCUOUS | SQLITE_DETERMINISTIC,
				   NULL, fn_number, NULL, NULL, NULL);

	int appid = 0, version = 0;
	rc = qip_db_exec(db, "PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF");
	if (rc == QIP_OK)
		rc = read_pragma_int(db, "PRAGMA application_id", &appid);
	if (rc == QIP_OK)
		rc = read_pragma_int(db, "PRAGMA user_version", &version);
	if (rc == QIP_OK && appid != QIP_APPLICATION_ID) {
		int tables = 0;
		rc = read_pragma_int(db, "SELECT count(*) FROM sqlite_schema", &tables);
		if (rc == QIP_OK && (appid != 0 || tables > 0))
			rc = qip_db_fail(db, QIP_EINVAL, "%s is not a qip database", path);
		else if (rc == QIP_OK && db->readonly)
			rc = qip_db_fail(db, QIP_EREADONLY, "%s is empty and read-only for you", path);
		else if (rc == QIP_OK)
			rc = qip_db_exec(db, "PRAGMA journal_mode = WAL; PRAGMA application_id = 1363759153");
	}
	if (rc == QIP_OK && !(flags & QIP_DB_NO_MIGRATE))
		rc = qip_migrate(db);
	if (rc == QIP_OK) {
		char terr[128];
		if (!qip_date_today(&db->today, terr, sizeof terr))
			rc = qip_db_fail(db, QIP_EINVAL, "%s", terr);
		db->real_today = qip_date_london(time(NULL));
		db->dating = qip_uninstalled_build();
	}
	if (rc != QIP_OK) {
		snprintf(err, errsz, "%s", db->err);
		qip_db_close(db);
		return rc;
	}
	find_actor(db);
	*out = db;
	return QIP_OK;
}

/* Removes a half-built database and the files SQLite keeps beside it. */
static void remove_db_files(const char *path)
{
	unlink(path);
	char *side = qip_printf("%s-wal", path);
	unlink(side);
	free(side);
	side = qip_printf("%s-shm", path);
	unlink(side);
	free(side);
}

int qip_db_create(const char *path, int (*fill)(struct qip_db *db, void *ctx), void *ctx,
		  bool *created, char *err, size_t errsz)
{
	*created = false;
	struct stat sb;
	if (stat(path, &sb) == 0)
		return QIP_OK;
	/* Built under a name nobody opens, in the same folder so that the
	 * link below is one step on one file system. */
	char *folder = qip_strdup(path);
	char *slash = strrchr(folder, '/');
	const char *base = slash ? slash + 1 : path;
	if (slash)
		*(slash == folder ? slash + 1 : slash) = '\0';
	else
		strcpy(folder, ".");
	char *tmp = qip_printf("%s%s.%s.new-XXXXXX", folder, slash ? (slash == folder ? "" : "/") : "/", base);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		snprintf(err, errsz, "cannot create %s: %s in the folder %s", path, strerror(e), folder);
		free(folder);
		free(tmp);
		return QIP_EDB;
	}
	/* In a folder shared by its group, 0660 with the folder's group
	 * whatever the umask (SQLite gives -wal and -shm the same mode);
	 * elsewhere the user's alone. */
	struct stat fsb;
	bool shared = stat(folder, &fsb) == 0 && (fsb.st_mode & (S_IWGRP | S_IWOTH)) == S_IWGRP;
	int rc = check_shared_folder(path, folder, err, errsz);
	if (rc == QIP_OK && fchmod(fd, shared ? 0660 : 0600) != 0) {
		snprintf(err, errsz, "cannot create %s: %s", path, strerror(errno));
		rc = QIP_EDB;
	}
	if (rc == QIP_OK && shared && fchown(fd, (uid_t)-1, fsb.st_gid) != 0) {
		snprintf(err, errsz, "cannot give %s the folder's group: %s", path, strerror(errno));
		rc = QIP_EDB;
	}
	/* Closed before SQLite opens it: closing another descriptor of the
	 * file later would drop SQLite's locks. */
	close(fd);
	struct qip_db *db = NULL;
	if (rc == QIP_OK)
		rc = qip_db_open(tmp, QIP_DB_CREATE, &db, err, errsz);
	if (rc == QIP_OK && fill && (rc = fill(db, ctx)))
		snprintf(err, errsz, "%s", db->err);
	/* Everything into the main file, so that it alone is the database. */
	if (rc == QIP_OK && (rc = qip_db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)")))
		snprintf(err, errsz, "%s", db->err);
	qip_db_close(db);
	int e = 0;
	if (rc == QIP_OK && (e = qip_fsync_path(tmp, O_RDONLY))) {
		snprintf(err, errsz, "cannot save %s: %s", path, strerror(e));
		rc = QIP_EDB;
	}
	/* link() never replaces: when another qip created the file first
	 * (two people starting at once), theirs is the database and ours
	 * is dropped. */
	if (rc == QIP_OK) {
		if (link(tmp, path) == 0) {
			*created = true;
			qip_fsync_path(folder, O_RDONLY | O_DIRECTORY);
		} else if (errno != EEXIST) {
			snprintf(err, errsz, "cannot create %s: %s", path, strerror(errno));
			rc = QIP_EDB;
		}
	}
	remove_db_files(tmp);
	free(folder);
	free(tmp);
	return rc;
}

void qip_db_close(struct qip_db *db)
{
	if (!db)
		return;
	for (uint32_t i = 0; i < db->cache_size; i++) {
		if (db->cache[i].sql) {
			sqlite3_finalize(db->cache[i].st);
			free(db->cache[i].sql);
		}
	}
	free(db->cache);
	if (db->h)
		sqlite3_close(db->h);
	free(db->path);
	free(db);
}
