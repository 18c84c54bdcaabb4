#include "qip/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "qip/paths.h"
#include "qip/permission.h"
#include "qip/privilege.h"
#include "qip/text.h"
#include "schema.h"

static char *folder_of(const char *path)
{
	char *copy = qip_strdup(path);
	char *out = qip_strdup(dirname(copy));
	free(copy);
	return out;
}

static void remove_with_sides(const char *path)
{
	static const char *const sides[] = { "", "-journal", "-wal", "-shm" };
	for (int i = 0; i < 4; i++) {
		char *f = qip_printf("%s%s", path, sides[i]);
		unlink(f);
		free(f);
	}
}

/* integrity_check, application_id and user_version of an open copy. */
static int verify(sqlite3 *h, int *schema, char *err, size_t errsz)
{
	sqlite3_stmt *st;
	int appid = 0, ok = 0;
	*schema = -1;
	if (sqlite3_prepare_v2(h, "SELECT (SELECT application_id FROM pragma_application_id),"
				  " (SELECT user_version FROM pragma_user_version),"
				  " (SELECT group_concat(integrity_check, '; ') FROM pragma_integrity_check) = 'ok'",
			       -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errsz, "it cannot be read: %s", sqlite3_errmsg(h));
		return QIP_EDB;
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		appid = sqlite3_column_int(st, 0);
		*schema = sqlite3_column_int(st, 1);
		ok = sqlite3_column_int(st, 2);
	} else {
		snprintf(err, errsz, "it cannot be read: %s", sqlite3_errmsg(h));
		sqlite3_finalize(st);
		return QIP_EDB;
	}
	sqlite3_finalize(st);
	if (appid != QIP_APPLICATION_ID) {
		snprintf(err, errsz, "it is not a qip database");
		return QIP_EINVAL;
	}
	if (!ok) {
		snprintf(err, errsz, "it is damaged (integrity_check fails)");
		return QIP_EDB;
	}
	if (*schema > qip_schema_version()) {
		snprintf(err, errsz, "it was written by a newer qip (schema %d; this qip knows %d)", *schema,
			 qip_schema_version());
		return QIP_ENEWER;
	}
	return QIP_OK;
}

int qip_db_backup(struct qip_db *db, const char *dest)
{
	struct stat sb, dbsb;
	if (stat(dest, &sb) == 0)
		return qip_db_fail(db, QIP_EINVAL, "%s exists: a backup never replaces a file; give a new name", dest);
	/* Read something first, so the connection has every file it needs
	 * open before the group is set aside for the copy. */
	int schema = 0;
	int64_t v = 0;
	int rc = qip_db_scalar(db, qip_db_stmt(db, "SELECT user_version FROM pragma_user_version"), &v);
	if (rc)
		return rc;
	schema = (int)v;
	char *tmp = qip_printf("%s.tmp-XXXXXX", dest);
	char why[400] = "";
	qip_user_rights_begin();
	int fd = mkstemp(tmp);
	if (fd < 0) {
		rc = qip_db_fail(db, QIP_EINVAL, "cannot create %s: %s", dest, strerror(errno));
		qip_user_rights_end();
		free(tmp);
		return rc;
	}
	close(fd);   /* mkstemp's mode, 0600: a copy of every record is the user's alone */
	sqlite3 *copy = NULL;
	int src = sqlite3_open_v2(tmp, &copy, SQLITE_OPEN_READWRITE, NULL);
	if (src == SQLITE_OK) {
		sqlite3_backup *b = sqlite3_backup_init(copy, "main", qip_db_handle(db), "main");
		if (!b) {
			src = sqlite3_errcode(copy);
		} else {
			/* One step: a consistent snapshot, whatever others write meanwhile. */
			while ((src = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || src == SQLITE_LOCKED)
				sqlite3_sleep(5);
			sqlite3_backup_finish(b);
			if (src == SQLITE_DONE)
				src = SQLITE_OK;
		}
		if (src != SQLITE_OK)
			snprintf(why, sizeof why, "%s", sqlite3_errstr(src));
	} else {
		snprintf(why, sizeof why, "%s", sqlite3_errstr(src));
	}
	int copied = -1;
	if (src == SQLITE_OK) {
		rc = verify(copy, &copied, why, sizeof why);
		if (rc == QIP_OK && copied != schema) {
			snprintf(why, sizeof why, "the copy has schema %d, the database %d", copied, schema);
			rc = QIP_EDB;
		}
	} else {
		rc = QIP_EDB;
	}
	sqlite3_close(copy);
	int e = 0;
	if (rc == QIP_OK && (e = qip_fsync_path(tmp, O_RDONLY)) != 0) {
		snprintf(why, sizeof why, "%s", strerror(e));
		rc = QIP_EDB;
	}
	/* Never over the database itself (a --db given twice by other names). */
	if (rc == QIP_OK && stat(qip_db_path(db), &dbsb) == 0 && stat(dest, &sb) == 0 &&
	    sb.st_dev == dbsb.st_dev && sb.st_ino == dbsb.st_ino) {
		snprintf(why, sizeof why, "it is the database itself");
		rc = QIP_EINVAL;
	}
	/* link() never replaces: a file made at dest meanwhile is kept. */
	if (rc == QIP_OK && link(tmp, dest) != 0) {
		snprintf(why, sizeof why, "%s", errno == EEXIST ? "it was created meanwhile" : strerror(errno));
		rc = QIP_EDB;
	}
	if (rc == QIP_OK) {
		char *folder = folder_of(dest);
		qip_fsync_path(folder, O_RDONLY | O_DIRECTORY);
		free(folder);
	}
	remove_with_sides(tmp);
	qip_user_rights_end();
	free(tmp);
	if (rc)
		return qip_db_fail(db, rc, "no backup written to %s: %s", dest, why);
	return QIP_OK;
}

int qip_db_summarise(struct qip_db *db, struct qip_db_summary *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT (SELECT user_version FROM pragma_user_version),"
					   " (SELECT count(*) FROM action), (SELECT count(*) FROM evidence),"
					   " (SELECT max(at) FROM history)");
	if (!st)
		return QIP_EDB;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		out->schema = sqlite3_column_int(st, 0);
		out->actions = sqlite3_column_int64(st, 1);
		out->evidence = sqlite3_column_int64(st, 2);
		const char *at = (const char *)sqlite3_column_text(st, 3);
		snprintf(out->last_change, sizeof out->last_change, "%s", at ? at : "");
	}
	return qip_db_finish(db, st, step);
}

int qip_db_may_restore(struct qip_db *db)
{
	return qip_permission_check(db, QIP_PERM_RESTORE, 0, 0);
}

int qip_restore_prepare(const char *file, const char *path, char **tmp_out, struct qip_db_summary *info,
			char *err, size_t errsz)
{
	*tmp_out = NULL;
	int in = qip_user_file_open(file, O_RDONLY | O_NOCTTY, 0);
	if (in < 0) {
		snprintf(err, errsz, "cannot read %s: %s", file, strerror(errno));
		return QIP_EINVAL;
	}
	struct stat sb;
	if (fstat(in, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errsz, "%s is not a regular file", file);
		close(in);
		return QIP_EINVAL;
	}
	char *tmp = qip_printf("%s.restore-XXXXXX", path);
	int out = mkstemp(tmp);
	if (out < 0) {
		snprintf(err, errsz, "cannot create a file beside %s: %s", path, strerror(errno));
		close(in);
		free(tmp);
		return QIP_EDB;
	}
	/* The database's own mode: 0660 in a folder shared by its group. */
	char *folder = folder_of(path);
	struct stat fsb;
	bool shared = stat(folder, &fsb) == 0 && (fsb.st_mode & (S_IWGRP | S_IWOTH)) == S_IWGRP;
	free(folder);
	int rc = fchmod(out, shared ? 0660 : 0600) == 0 ? QIP_OK : QIP_EDB;
	char buf[65536];
	ssize_t n;
	while (rc == QIP_OK && (n = read(in, buf, sizeof buf)) != 0) {
		if (n < 0 || write(out, buf, (size_t)n) != n) {
			snprintf(err, errsz, "cannot copy %s: %s", file, strerror(errno));
			rc = QIP_EDB;
		}
	}
	if (rc == QIP_OK && fsync(out) != 0) {
		snprintf(err, errsz, "cannot save the copy of %s: %s", file, strerror(errno));
		rc = QIP_EDB;
	}
	close(in);
	close(out);
	if (rc == QIP_OK) {
		struct qip_db *db = NULL;
		char why[400];
		rc = qip_db_open(tmp, QIP_DB_NO_MIGRATE, &db, why, sizeof why);
		if (rc) {   /* its message names the temporary copy */
			snprintf(why, sizeof why, "it is not a qip database, or it is damaged");
			rc = QIP_EINVAL;
		}
		int schema = 0;
		if (rc == QIP_OK)
			rc = verify(qip_db_handle(db), &schema, why, sizeof why);
		if (rc == QIP_OK && (rc = qip_db_summarise(db, info)))
			snprintf(why, sizeof why, "%s", qip_db_error(db));
		/* Everything into the one file that will be renamed. */
		if (rc == QIP_OK && (rc = qip_db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)")))
			snprintf(why, sizeof why, "%s", qip_db_error(db));
		qip_db_close(db);
		if (rc)
			snprintf(err, errsz, "%s cannot be restored: %s", file, why);
	}
	if (rc) {
		remove_with_sides(tmp);
		free(tmp);
		return rc;
	}
	*tmp_out = tmp;
	return QIP_OK;
}

void qip_restore_abandon(const char *tmp)
{
	if (tmp)
		remove_with_sides(tmp);
}

/* Every connection to a WAL database holds a read lock on one byte of its
 * -shm (SQLite's "dead man switch", offset 128) for as long as it is open.
 * Taking a write lock there, and holding it, proves nobody has it open
 * and keeps newcomers waiting until the new file is in place. */
enum { SHM_DMS_OFFSET = 128 };

int qip_restore_commit(const char *tmp, const char *path, char **kept_out, char *err, size_t errsz)
{
	*kept_out = NULL;
	char *shm = qip_printf("%s-shm", path), *wal = qip_printf("%s-wal", path);
	int rc = QIP_OK;
	/* Made when missing, so that one who opens meanwhile finds it locked. */
	int fd = open(shm, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	struct stat db_sb;
	if (fd >= 0 && stat(path, &db_sb) == 0)
		fchmod(fd, db_sb.st_mode & 0777);
	if (fd >= 0) {
		struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = SHM_DMS_OFFSET, .l_len = 1 };
		if (fcntl(fd, F_SETLK, &lk) != 0) {
			snprintf(err, errsz, "%s is in use (someone has qip open on it): nothing was changed; restore when everyone has left qip", path);
			rc = QIP_EBUSY;
		}
	} else {
		snprintf(err, errsz, "cannot check whether %s is in use: %s: %s", path, shm, strerror(errno));
		rc = QIP_EDB;
	}
	struct stat sb;
	if (rc == QIP_OK && stat(path, &sb) == 0) {
		char stamp[32];
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
		*kept_out = qip_printf("%s.replaced-%s", path, stamp);
		if (link(path, *kept_out) != 0) {
			snprintf(err, errsz, "cannot keep the current database as %s: %s", *kept_out, strerror(errno));
			free(*kept_out);
			*kept_out = NULL;
			rc = QIP_EDB;
		}
	}
	/* The old database's -wal would be replayed into the new file. */
	if (rc == QIP_OK && unlink(wal) != 0 && errno != ENOENT) {
		snprintf(err, errsz, "cannot remove %s: %s", wal, strerror(errno));
		rc = QIP_EDB;
	}
	if (rc == QIP_OK && rename(tmp, path) != 0) {
		snprintf(err, errsz, "cannot put the backup in place of %s: %s", path, strerror(errno));
		rc = QIP_EDB;
	}
	if (rc == QIP_OK) {
		char *folder = folder_of(path);
		qip_fsync_path(folder, O_RDONLY | O_DIRECTORY);
		free(folder);
	}
	/* Nobody uses the old -shm (the lock says so): the next opener makes
	 * a fresh one for the new file. */
	if (rc == QIP_OK)
		unlink(shm);
	if (fd >= 0)
		close(fd);
	free(shm);
	free(wal);
	return rc;
}
