/* Service roles: who is the medicines lead or the registered manager at
 * each service, so that an audit's proposed actions go to a person. */
#include "audit_internal.h"
#include "qip/permission.h"

#include <stdlib.h>
#include <string.h>

#include "qip/person.h"
#include "qip/service.h"
#include "qip/text.h"

int qip_service_role_set(struct qip_db *db, const char *service, const char *role, const char *person)
{
	int rc = qip_permission_check(db, QIP_PERM_ADMIN, 0, 0);
	if (rc)
		return rc;
	int64_t service_id, person_id = 0;
	if ((rc = qip_service_find(db, service ? service : "", &service_id)))
		return rc;
	char *slug = qip_text_slug(role ? role : "");
	if (!*slug || strlen(slug) > 60) {
		free(slug);
		return audit_fail_value(db, QIP_EINVAL, "role '%s' must be a word such as medicines-lead", role);
	}
	if (person && *person && (rc = qip_person_find_active(db, person, &person_id))) {
		free(slug);
		return rc;
	}
	if ((rc = qip_db_begin(db))) {
		free(slug);
		return rc;
	}
	sqlite3_stmt *st = person_id
		? qip_db_stmt(db, "INSERT INTO service_role(service_id, role, person_id) VALUES (?1, ?2, ?3)"
			      " ON CONFLICT (service_id, role) DO UPDATE SET person_id = excluded.person_id")
		: qip_db_stmt(db, "DELETE FROM service_role WHERE service_id = ?1 AND role = ?2");
	if (!st)
		rc = QIP_EDB;
	else {
		sqlite3_bind_int64(st, 1, service_id);
		qip_bind_text(st, 2, slug);
		if (person_id)
			sqlite3_bind_int64(st, 3, person_id);
		rc = qip_db_exec_stmt(db, st);
	}
	free(slug);
	return qip_db_end(db, rc);
}

int qip_service_role_list(struct qip_db *db, int64_t service_id,
			  int (*row)(void *ctx, const char *role, int64_t person_id, const char *person), void *ctx)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT r.role, r.person_id, p.name FROM service_role r"
				       " JOIN person p ON p.id = r.person_id WHERE r.service_id = ?1 ORDER BY r.role");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, service_id);
	int src, stop = 0;
	while (!stop && (src = sqlite3_step(st)) == SQLITE_ROW)
		stop = row(ctx, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1),
			   (const char *)sqlite3_column_text(st, 2));
	return qip_db_finish(db, st, src);
}

int qip_service_role_person(struct qip_db *db, int64_t service_id, const char *role, int64_t *person_id)
{
	*person_id = 0;
	/* The service's own holder of the role when mapped and still here;
	 * else someone in the role at that service; else anyone in it. */
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT id FROM ("
		"  SELECT p.id, 0 AS rank, p.name FROM service_role r JOIN person p ON p.id = r.person_id"
		"   WHERE r.service_id = ?1 AND r.role = ?2 AND p.active"
		"  UNION ALL SELECT p.id, 1, p.name FROM person p WHERE p.active AND p.role = ?2 AND p.service_id = ?1"
		"  UNION ALL SELECT p.id, 2, p.name FROM person p WHERE p.active AND p.role = ?2"
		") ORDER BY rank, name COLLATE NOCASE, id LIMIT 1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, service_id);
	qip_bind_text(st, 2, role);
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		*person_id = sqlite3_column_int64(st, 0);
	return qip_db_finish(db, st, src);
}
