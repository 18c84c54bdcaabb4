/* Counting people for paging and reassigning a person's open actions. */
#include "qip/query.h"

#include <stdlib.h>
#include <string.h>

#include "qip/action.h"
#include "qip/person.h"
#include "qip/text.h"

int qip_person_count(struct qip_db *db, int scope, const char *prefix, int64_t *count)
{
	/* The same conditions as qip_person_list's, without order or window. */
	const char *sql;
	switch (scope) {
	case QIP_PEOPLE_ACTIVE:
		sql = "SELECT count(*) FROM person p WHERE p.active AND (?1 IS NULL OR"
		      " substr(p.name, 1, length(?1)) = ?1 COLLATE NOCASE OR instr(lower(p.name), ' ' || lower(?1)) > 0)";
		break;
	case QIP_PEOPLE_LEFT_OWNING:
		sql = "SELECT count(*) FROM person p WHERE NOT p.active"
		      " AND (?1 IS NULL OR substr(p.name, 1, length(?1)) = ?1 COLLATE NOCASE)"
		      " AND EXISTS (SELECT 1 FROM action a WHERE a.owner_id = p.id AND a.status <> 'closed')";
		break;
	default:
		sql = "SELECT count(*) FROM person p WHERE (?1 IS NULL OR substr(p.name, 1, length(?1)) = ?1 COLLATE NOCASE)";
		break;
	}
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	if (!st)
		return QIP_EDB;
	qip_bind_text(st, 1, prefix && *prefix ? prefix : NULL);
	int rc = sqlite3_step(st);
	*count = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? QIP_OK : qip_db_sqlite_fail(db, rc);
}

struct refs {
	char (*ref)[QIP_REF_LEN];
	int n, cap;
};

static int collect(void *arg, const struct qip_action *a)
{
	struct refs *r = arg;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->ref = qip_xrealloc(r->ref, (size_t)r->cap * sizeof *r->ref);
	}
	memcpy(r->ref[r->n++], a->ref, QIP_REF_LEN);
	return 0;
}

int qip_person_reassign_all(struct qip_db *db, int64_t from_id, const char *to, int *moved)
{
	*moved = 0;
	int64_t to_id;
	int rc = qip_db_require_writer(db);
	if (rc || (rc = qip_person_find_active(db, to, &to_id)))
		return rc;
	if (to_id == from_id)
		return qip_db_fail(db, QIP_EINVAL, "that is the same person: pick someone else");
	if ((rc = qip_db_begin(db)))
		return rc;
	/* Refs first, then the writes: never change rows under a running query. */
	struct qip_action_filter f;
	qip_action_filter_init(&f);
	f.owner_id = from_id;
	struct refs r = { 0 };
	for (int off = 0; rc == QIP_OK; off += 500) {
		int before = r.n;
		rc = qip_action_list(db, &f, 500, off, collect, &r);
		if (r.n - before < 500)
			break;
	}
	for (int i = 0; rc == QIP_OK && i < r.n; i++)
		rc = qip_action_assign(db, r.ref[i], to);
	free(r.ref);
	if (rc == QIP_OK)
		*moved = r.n;
	return qip_db_end(db, rc);
}
