#include "qip/service.h"
#include "qip/permission.h"

#include <stdlib.h>
#include <string.h>

#include "qip/text.h"
#include "qip/vocab.h"

int qip_service_add(struct qip_db *db, const char *name, const char *kind, int64_t *id_out)
{
	int rc = qip_permission_check(db, QIP_PERM_ADMIN, 0, 0);
	if (rc)
		return rc;
	if (!name || !*name || !qip_text_is_clean(name, false) || qip_text_length(name) > 200)
		return qip_db_fail(db, QIP_EINVAL, "service name must be 1 to 200 printable characters, not '%.60s'",
				   name && qip_text_is_clean(name, false) ? name : "");
	int k = qip_vocab_find(&qip_vocab_service_kind, kind ? kind : "care-home");
	if (k < 0)
		return qip_db_fail(db, QIP_EINVAL, "unknown service kind '%s': use %s", kind,
				   qip_vocab_choices(&qip_vocab_service_kind));
	int64_t existing;
	if (qip_service_find(db, name, &existing) == QIP_OK)
		return qip_db_fail(db, QIP_EINVAL, "a service named '%s' already exists", name);
	if ((rc = qip_db_begin(db)))
		return rc;
	sqlite3_stmt *st = qip_db_stmt(db, "INSERT INTO service(name, kind) VALUES (?1, ?2)");
	if (!st)
		return qip_db_end(db, QIP_EDB);
	qip_bind_text(st, 1, name);
	qip_bind_text(st, 2, qip_vocab_name(&qip_vocab_service_kind, k));
	rc = qip_db_exec_stmt(db, st);
	if (rc == QIP_OK && id_out)
		*id_out = sqlite3_last_insert_rowid(qip_db_handle(db));
	return qip_db_end(db, rc);
}

int qip_service_find(struct qip_db *db, const char *name, int64_t *id_out)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT id FROM service WHERE name = ?1");
	if (!st)
		return QIP_EDB;
	qip_bind_text(st, 1, name);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id_out = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return QIP_OK;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return qip_db_sqlite_fail(db, rc);
	char *shown = qip_text_escape(name);
	rc = qip_db_fail(db, QIP_ENOTFOUND, "unknown service '%s' (see: qip service list)", shown);
	free(shown);
	return rc;
}

int qip_service_list(struct qip_db *db, int (*row)(void *, const struct qip_service *), void *ctx)
{
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT s.id, s.name, s.kind,"
		" (SELECT count(*) FROM action a WHERE a.service_id = s.id AND a.status <> 'closed'),"
		" (SELECT count(*) FROM action a WHERE a.service_id = s.id AND a.status <> 'closed' AND a.due_on < ?1)"
		" FROM service s ORDER BY s.name");
	if (!st)
		return QIP_EDB;
	qip_bind_date(st, 1, qip_db_today(db));
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct qip_service s = {
			.id = sqlite3_column_int64(st, 0),
			.name = qip_col_strdup(st, 1),
			.kind = qip_vocab_find(&qip_vocab_service_kind, (const char *)sqlite3_column_text(st, 2)),
			.open_actions = sqlite3_column_int(st, 3),
			.overdue_actions = sqlite3_column_int(st, 4),
		};
		int stop = row(ctx, &s);
		free(s.name);
		if (stop)
			break;
	}
	return qip_db_finish(db, st, rc);
}
