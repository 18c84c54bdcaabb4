/* The database connection: one SQLite file in WAL mode, statements prepared
 * once and cached, writes in BEGIN IMMEDIATE transactions (nested writes
 * become savepoints), and every error turned into one clear sentence. */
#ifndef QIP_DB_H
#define QIP_DB_H

#include <stdbool.h>
#include <stdint.h>
#include <sqlite3.h>

#include "qip/date.h"

/* Result codes shared by every core function that can fail. The message
 * that goes with a failure is in qip_db_error(). */
enum qip_rc {
	QIP_OK = 0,
	QIP_EINVAL = 1,     /* bad input: the message names the value */
	QIP_ENOTFOUND = 2,  /* unknown ref, person, service ... */
	QIP_EREFUSED = 3,   /* a rule says no (closure check, append-only) */
	QIP_EBUSY = 4,      /* another user holds the write lock too long */
	QIP_EREADONLY = 5,  /* the file or the user may not write */
	QIP_ENOSPC = 6,     /* disk full: the transaction was rolled back */
	QIP_EDB = 7,        /* anything else from SQLite */
	QIP_ENEWER = 8,     /* the file was made by a newer qip */
	QIP_ENOPERSON = 9,  /* the Unix account is not a person here */
};

struct qip_db;

enum qip_open_flags {
	QIP_DB_CREATE = 1,    /* create the file if missing (only `qip init`/`demo`) */
	QIP_DB_READONLY = 2,  /* never write (falls back to this when not writable) */
	QIP_DB_NO_MIGRATE = 4,
};

/* Opens (and migrates to the current schema) the database at path. On
 * failure returns non-zero with a one-line message in err. */
int qip_db_open(const char *path, int flags, struct qip_db **out,
		char *err, size_t errsz);
void qip_db_close(struct qip_db *db);

/* Creates a database at path all or nothing: built in a new file beside
 * it, filled by fill (first person, reference data), written to disk, and
 * only then given its name, never replacing a file. *created says whether
 * this call made it: false when path already existed or another process
 * created it meanwhile (then use theirs). A failure, or a kill on the way,
 * leaves no file at path. Open it with qip_db_open afterwards. */
int qip_db_create(const char *path, int (*fill)(struct qip_db *db, void *ctx), void *ctx,
		  bool *created, char *err, size_t errsz);

sqlite3 *qip_db_handle(struct qip_db *db);
const char *qip_db_path(const struct qip_db *db);
bool qip_db_is_readonly(const struct qip_db *db);

/* The last failure's message, and a way to set it. qip_db_fail returns rc so
 * callers can write `return qip_db_fail(db, QIP_EINVAL, "...")`. */
const char *qip_db_error(const struct qip_db *db);
int qip_db_fail(struct qip_db *db, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Turns an SQLite result code into a qip_rc with a message saying what
 * happened in words a care manager understands (locked, disk full ...). */
int qip_db_sqlite_fail(struct qip_db *db, int sqlite_rc);

/* A cached prepared statement for sql, reset and with its bindings cleared.
 * NULL (with the error set) if it does not compile. Never finalize it, and
 * never ask for the same SQL again while still stepping it (a row callback
 * must not re-enter the function that is calling it). Other SQL may be asked
 * for meanwhile: a statement being stepped is never evicted from the cache. */
sqlite3_stmt *qip_db_stmt(struct qip_db *db, const char *sql);

/* Steps a statement expected to finish (INSERT/UPDATE/DELETE) and resets it.
 * Takes qip_db_stmt()'s result directly: NULL fails with its message kept. */
int qip_db_exec_stmt(struct qip_db *db, sqlite3_stmt *st);
/* Steps a bound statement expected to give one row with one integer
 * column (a count) into *out, and resets it. */
int qip_db_scalar(struct qip_db *db, sqlite3_stmt *st, int64_t *out);
/* Ends a row loop: turns the last sqlite3_step() result into a qip_rc (OK
 * for SQLITE_ROW or SQLITE_DONE, so a loop stopped early is fine) and
 * resets the statement. */
int qip_db_finish(struct qip_db *db, sqlite3_stmt *st, int step_rc);
/* Steps a bound statement to the end, collecting its first column as ids
 * into *ids (malloc'd, *n of them; NULL when none), and resets it. */
int qip_db_ids(struct qip_db *db, sqlite3_stmt *st, int64_t **ids, int *n);
/* Runs SQL with no parameters (schema, pragmas). */
int qip_db_exec(struct qip_db *db, const char *sql);

/* Write transactions. begin is BEGIN IMMEDIATE at the outermost level and a
 * SAVEPOINT inside; end commits when rc is QIP_OK and rolls back otherwise,
 * returning rc (or the commit's failure). */
int qip_db_begin(struct qip_db *db);
int qip_db_end(struct qip_db *db, int rc);

/* Who is acting: the person whose login is the Unix account running qip
 * (getuid + the password database, never $USER). 0 when unknown. */
int64_t qip_db_actor(const struct qip_db *db);
const char *qip_db_login(const struct qip_db *db);
void qip_db_set_actor(struct qip_db *db, int64_t person_id);
/* Fails with QIP_ENOPERSON (and says how to fix it) when nobody is acting,
 * and with QIP_EREADONLY on a read-only database. Call before every write. */
int qip_db_require_writer(struct qip_db *db);

/* The date every rule is judged on (QIP_TODAY or the London date). */
qip_date qip_db_today(const struct qip_db *db);
void qip_db_set_today(struct qip_db *db, qip_date today);
/* QIP_TODAY moved the day qip judges by away from the real one, on a
 * database whose records are dated by the clock (any but the demo's
 * replay and the uninstalled test build): qip shows the plan as of that
 * day and refuses every change (qip_db_begin says why). */
bool qip_db_judging_another_day(const struct qip_db *db);

/* How long a write waits for another user's write to finish (default 5 s). */
void qip_db_set_busy_timeout(struct qip_db *db, int ms);
/* notice is called once when a write has waited a second (the command
 * line says so on a terminal). */
void qip_db_on_long_wait(struct qip_db *db, void (*notice)(void));

/* Changes when another connection commits: poll it to refresh screens. */
int64_t qip_db_data_version(struct qip_db *db);

/* Binding and reading helpers: NULL strings and QIP_NO_DATE bind as NULL. */
void qip_bind_text(sqlite3_stmt *st, int idx, const char *s);
void qip_bind_date(sqlite3_stmt *st, int idx, qip_date d);
void qip_bind_id(sqlite3_stmt *st, int idx, int64_t id);   /* 0 -> NULL */
char *qip_col_strdup(sqlite3_stmt *st, int col);          /* NULL -> "" */
qip_date qip_col_date(sqlite3_stmt *st, int col);

/* Schema version this binary writes, and the one found in a file. */
int qip_schema_version(void);
int qip_migrate(struct qip_db *db);

#endif
