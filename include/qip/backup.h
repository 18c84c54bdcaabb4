/* qip backup FILE and qip restore FILE. A backup is a consistent copy
 * made while others work (SQLite's online backup API), written under a
 * temporary name with the user's own rights, verified, fsynced and renamed
 * into place. A restore verifies the backup and replaces the database only
 * when nobody has it open, keeping the replaced file beside it. */
#ifndef QIP_BACKUP_H
#define QIP_BACKUP_H

#include <stddef.h>
#include <stdint.h>

#include "qip/db.h"

/* What a database holds, for the words before a restore. */
struct qip_db_summary {
	int schema;
	int64_t actions, evidence;
	char last_change[40];   /* the newest history time, UTC; "" when none */
};

/* Copies db to dest, which must not exist: the copy is the user's (made
 * with their own rights), verified by integrity_check and its schema. */
int qip_db_backup(struct qip_db *db, const char *dest);

/* Replacing every record is for an active admin: the permission table's
 * restore row (qip_permission_check), refused in its words. */
int qip_db_may_restore(struct qip_db *db);

int qip_db_summarise(struct qip_db *db, struct qip_db_summary *out);

/* Copies file (read with the user's own rights) beside path under a
 * temporary name and verifies it: a qip database, whole, of a schema this
 * qip knows. *tmp_out is then the copy, for qip_restore_commit or
 * qip_restore_abandon. */
int qip_restore_prepare(const char *file, const char *path, char **tmp_out, struct qip_db_summary *info,
			char *err, size_t errsz);
/* Puts the verified copy in place of path, refusing while anyone has path
 * open; the replaced database is kept as *kept_out (path.replaced-TIME). */
int qip_restore_commit(const char *tmp, const char *path, char **kept_out, char *err, size_t errsz);
void qip_restore_abandon(const char *tmp);

#endif
