#include "qip/person.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qip/permission.h"
#include "qip/service.h"
#include "qip/text.h"

void qip_person_clear(struct qip_person *p)
{
	free(p->name);
	free(p->role);
	free(p->login);
	free(p->service);
	memset(p, 0, sizeof *p);
}

static int check_login(struct qip_db *db, const char *login)
{
	if (!*login || strlen(login) > 32)
		return qip_db_fail(db, QIP_EINVAL, "login must be 1 to 32 characters");
	for (const char *s = login; *s; s++) {
		char c = *s;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.'))
			return qip_db_fail(db, QIP_EINVAL, "login '%.32s' is not a Unix login name (letters, digits, '.', '_', '-')", login);
	}
	return QIP_OK;
}

static int insert_person(struct qip_db *db, const char *name, const char *role,
			 const char *login, int64_t service_id, int64_t *id_out)
{
	char uuid[37];
	qip_uuid(uuid);
	sqlite3_stmt *st = qip_db_stmt(db,
		"INSERT INTO person(uuid, name, role, login, service_id) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!st)
		return QIP_EDB;
	qip_bind_text(st, 1, uuid);
	qip_bind_text(st, 2, name);
	qip_bind_text(st, 3, role);
	qip_bind_text(st, 4, login && *login ? login : NULL);
	qip_bind_id(st, 5, service_id);
	int rc = qip_db_exec_stmt(db, st);
	if (rc == QIP_OK && id_out)
		*id_out = sqlite3_last_insert_rowid(qip_db_handle(db));
	return rc;
}

static int check_name(struct qip_db *db, const char *name)
{
	if (!name || !*name || qip_text_length(name) > 200 || !qip_text_is_clean(name, false))
		return qip_db_fail(db, QIP_EINVAL, "--name: a name must be 1 to 200 printable characters, not '%.60s'",
				   name && qip_text_is_clean(name, false) ? name : "");
	return QIP_OK;
}

/* The role as stored (a lowercase slug) in *out, malloc'd. */
static int make_role(struct qip_db *db, const char *given, char **out)
{
	*out = NULL;
	if (!given || !*given)
		return qip_db_fail(db, QIP_EINVAL, "--role: a role is needed (for example registered-manager, medicines-lead, senior-carer)");
	if (!qip_text_is_clean(given, false))
		return qip_db_fail(db, QIP_EINVAL, "--role: contains control characters or invalid UTF-8");
	char *role = qip_text_slug(given);
	if (!*role || qip_text_length(role) > 60) {
		free(role);
		return qip_db_fail(db, QIP_EINVAL, "--role: '%.60s' has no letters or digits, or is too long", given);
	}
	*out = role;
	return QIP_OK;
}

/* A login belongs to one person, leavers included (id: the person who may
 * keep it, 0 for a new one). */
static int check_login_free(struct qip_db *db, const char *login, int64_t id)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT name FROM person WHERE login = ?1 AND id IS NOT ?2");
	if (!st)
		return QIP_EDB;
	qip_bind_text(st, 1, login);
	sqlite3_bind_int64(st, 2, id);
	int rc = QIP_OK;
	if (sqlite3_step(st) == SQLITE_ROW) {
		char *other = qip_text_escape((const char *)sqlite3_column_text(st, 0));
		rc = qip_db_fail(db, QIP_EINVAL, "login '%s' already belongs to %s", login, other);
		free(other);
	}
	sqlite3_reset(st);
	return rc;
}

int qip_person_add(struct qip_db *db, const struct qip_person_new *p, int64_t *id_out)
{
	int rc = qip_permission_check(db, QIP_PERM_ADMIN, 0, 0);
	char *role = NULL;
	if (rc || (rc = check_name(db, p->name)) || (rc = make_role(db, p->role, &role)))
		return rc;
	if (p->login && *p->login && (rc = check_login(db, p->login))) {
		free(role);
		return rc;
	}
	int64_t service_id = 0;
	if (p->service && *p->service && (rc = qip_service_find(db, p->service, &service_id))) {
		free(role);
		return rc;
	}
	if ((rc = qip_db_begin(db)) == QIP_OK) {
		if (p->login && *p->login)
			rc = check_login_free(db, p->login, 0);
		if (rc == QIP_OK)
			rc = insert_person(db, p->name, role, p->login, service_id, id_out);
		rc = qip_db_end(db, rc);
	}
	free(role);
	return rc;
}

int qip_person_add_first_admin(struct qip_db *db)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT count(*) FROM person");
	if (!st)
		return QIP_EDB;
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	if (n != 0)
		return QIP_OK;
	int64_t id = 0;
	int rc = qip_db_begin(db);
	if (rc == QIP_OK)
		rc = qip_db_end(db, insert_person(db, qip_db_login(db), "admin", qip_db_login(db), 0, &id));
	if (rc == QIP_OK)
		qip_db_set_actor(db, id);
	return rc;
}

/* Whom a typed name may mean. */
enum find_scope { FIND_ANYONE, FIND_ACTIVE, FIND_LEFT };

static int find(struct qip_db *db, const char *who, enum find_scope scope, int64_t *id_out)
{
	if (!who || !*who)
		return qip_db_fail(db, QIP_EINVAL, "no person named");
	/* Exact login, then exact name, then a unique name prefix. ?2 is
	 * the scope: 0 anyone, 1 active people, 2 leavers. */
#define IN_SCOPE " AND (?2 = 0 OR active = (?2 = 1))"
	static const char *const queries[] = {
		"SELECT id, name FROM person WHERE login = ?1" IN_SCOPE " LIMIT 2",
		"SELECT id, name FROM person WHERE name = ?1 COLLATE NOCASE" IN_SCOPE " LIMIT 2",
		("SELECT id, name FROM person WHERE substr(name, 1, length(?1)) = ?1 COLLATE NOCASE"
		 IN_SCOPE " ORDER BY name LIMIT 3"),
	};
#undef IN_SCOPE
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		sqlite3_stmt *st = qip_db_stmt(db, queries[q]);
		if (!st)
			return QIP_EDB;
		qip_bind_text(st, 1, who);
		sqlite3_bind_int(st, 2, (int)scope);
		int64_t ids[3];
		char names[3][64];
		int n = 0;
		while (n < 3 && sqlite3_step(st) == SQLITE_ROW) {
			ids[n] = sqlite3_column_int64(st, 0);
			char *e = qip_text_escape((const char *)sqlite3_column_text(st, 1));
			snprintf(names[n], sizeof names[n], "%s", e);
			free(e);
			n++;
		}
		sqlite3_reset(st);
		if (n == 1) {
			*id_out = ids[0];
			return QIP_OK;
		}
		if (n > 1) {
			char *shown = qip_text_escape(who);
			int rc = qip_db_fail(db, QIP_ENOTFOUND, "'%s' could be %s or %s%s: be more specific",
					     shown, names[0], names[1], n > 2 ? " or others" : "");
			free(shown);
			return rc;
		}
	}
	char *shown = qip_text_escape(who);
	int rc = scope == FIND_LEFT
		? qip_db_fail(db, QIP_ENOTFOUND, "nobody who has left is called '%s' (see: qip person list --all)", shown)
		: qip_db_fail(db, QIP_ENOTFOUND, "unknown %sperson '%s' (see: qip person list)",
			      scope == FIND_ACTIVE ? "active " : "", shown);
	free(shown);
	return rc;
}

int qip_person_find(struct qip_db *db, const char *who, int64_t *id_out)
{
	return find(db, who, FIND_ANYONE, id_out);
}

int qip_person_find_active(struct qip_db *db, const char *who, int64_t *id_out)
{
	return find(db, who, FIND_ACTIVE, id_out);
}

int qip_person_find_left(struct qip_db *db, const char *who, int64_t *id_out)
{
	return find(db, who, FIND_LEFT, id_out);
}

#define PERSON_COLUMNS \
	"p.id, p.uuid, p.name, p.role, coalesce(p.login, ''), coalesce(s.name, ''), p.active, p.left_on," \
	" (SELECT count(*) FROM action a WHERE a.owner_id = p.id AND a.status <> 'closed')," \
	" (SELECT count(*) FROM action a WHERE a.owner_id = p.id AND a.status <> 'closed' AND a.due_on < ?1)"

static void read_person(sqlite3_stmt *st, struct qip_person *p)
{
	p->id = sqlite3_column_int64(st, 0);
	snprintf(p->uuid, sizeof p->uuid, "%s", (const char *)sqlite3_column_text(st, 1));
	p->name = qip_col_strdup(st, 2);
	p->role = qip_col_strdup(st, 3);
	p->login = qip_col_strdup(st, 4);
	p->service = qip_col_strdup(st, 5);
	p->active = sqlite3_column_int(st, 6);
	p->left_on = qip_col_date(st, 7);
	p->open_actions = sqlite3_column_int(st, 8);
	p->overdue_actions = sqlite3_column_int(st, 9);
}

int qip_person_get(struct qip_db *db, int64_t id, struct qip_person *out)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT " PERSON_COLUMNS
		" FROM person p LEFT JOIN service s ON s.id = p.service_id WHERE p.id = ?2");
	if (!st)
		return QIP_EDB;
	qip_bind_date(st, 1, qip_db_today(db));
	sqlite3_bind_int64(st, 2, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_person(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return QIP_OK;
	return rc == SQLITE_DONE ? qip_db_fail(db, QIP_ENOTFOUND, "no person with id %lld", (long long)id)
				 : qip_db_sqlite_fail(db, rc);
}

/* Someone must stay able to run qip for everyone: the last active admin
 * may neither leave nor stop being an admin. Inside the write transaction. */
static int keep_an_admin(struct qip_db *db, int64_t id, const char *name)
{
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT coalesce((SELECT active AND role = 'admin' FROM person WHERE id = ?1), 0)"
		" AND NOT EXISTS (SELECT 1 FROM person WHERE active AND role = 'admin' AND id <> ?1)");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, id);
	int64_t last;
	int rc = qip_db_scalar(db, st, &last);
	if (rc == QIP_OK && last)
		rc = qip_db_fail(db, QIP_EREFUSED, "%s is the last active admin: make someone else an admin first"
				 " (qip person edit NAME --role admin)", name);
	return rc;
}

/* The person's name (escaped, for messages) and whether they are active,
 * read inside the transaction that changes them. */
static int read_state(struct qip_db *db, int64_t id, char *name, size_t n, bool *active)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT name, active FROM person WHERE id = ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		char *e = qip_text_escape((const char *)sqlite3_column_text(st, 0));
		snprintf(name, n, "%s", e);
		free(e);
		*active = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return QIP_OK;
	return rc == SQLITE_DONE ? qip_db_fail(db, QIP_ENOTFOUND, "no person with id %lld", (long long)id)
				 : qip_db_sqlite_fail(db, rc);
}

int qip_person_mark_left(struct qip_db *db, int64_t id, qip_date on)
{
	int rc = qip_permission_check(db, QIP_PERM_ADMIN, 0, 0);
	if (rc || (rc = qip_db_begin(db)))
		return rc;
	char name[256];
	bool active = false;
	if ((rc = read_state(db, id, name, sizeof name, &active)))
		return qip_db_end(db, rc);
	if (!active)
		return qip_db_end(db, qip_db_fail(db, QIP_EREFUSED, "%s has already left", name));
	if ((rc = keep_an_admin(db, id, name)))
		return qip_db_end(db, rc);
	sqlite3_stmt *st = qip_db_stmt(db, "UPDATE person SET active = 0, left_on = ?2 WHERE id = ?1");
	if (!st)
		return qip_db_end(db, QIP_EDB);
	sqlite3_bind_int64(st, 1, id);
	qip_bind_date(st, 2, on == QIP_NO_DATE ? qip_db_today(db) : on);
	rc = qip_db_end(db, qip_db_exec_stmt(db, st));
	if (rc == QIP_OK && id == qip_db_actor(db))
		qip_db_set_actor(db, 0);
	return rc;
}

int qip_person_leave(struct qip_db *db, const char *who, qip_date on)
{
	int64_t id;
	int rc = qip_permission_check(db, QIP_PERM_ADMIN, 0, 0);
	if (rc || (rc = qip_person_find_active(db, who, &id)))
		return rc;
	return qip_person_mark_left(db, id, on);
}

int qip_person_return(struct qip_db *db, int64_t id)
{
	int rc = qip_permission_check(db, QIP_PERM_ADMIN, 0, 0);
	if (rc || (rc = qip_db_begin(db)))
		return rc;
	char name[256];
	bool active = true;
	if ((rc = read_state(db, id, name, sizeof name, &active)))
		return qip_db_end(db, rc);
	if (active)
		return qip_db_end(db, qip_db_fail(db, QIP_EREFUSED, "%s has not left", name));
	sqlite3_stmt *st = qip_db_stmt(db, "UPDATE person SET active = 1, left_on = NULL WHERE id = ?1");
	if (!st)
		return qip_db_end(db, QIP_EDB);
	sqlite3_bind_int64(st, 1, id);
	return qip_db_end(db, qip_db_exec_stmt(db, st));
}

int qip_person_edit(struct qip_db *db, int64_t id, const struct qip_person_new *change)
{
	int rc = qip_permission_check(db, QIP_PERM_ADMIN, 0, 0);
	if (rc)
		return rc;
	if (!change->name && !change->role && !change->login && !change->service)
		return qip_db_fail(db, QIP_EINVAL, "say what to change: --name, --role, --login or --service");
	char *role = NULL;
	if ((change->name && (rc = check_name(db, change->name))) ||
	    (change->role && (rc = make_role(db, change->role, &role))) ||
	    (change->login && *change->login && (rc = check_login(db, change->login)))) {
		free(role);
		return rc;
	}
	int64_t service_id = 0;
	if (change->service && *change->service && (rc = qip_service_find(db, change->service, &service_id))) {
		free(role);
		return rc;
	}
	if ((rc = qip_db_begin(db))) {
		free(role);
		return rc;
	}
	char name[256];
	bool active;
	rc = read_state(db, id, name, sizeof name, &active);
	if (rc == QIP_OK && role && strcmp(role, "admin") != 0)
		rc = keep_an_admin(db, id, name);
	if (rc == QIP_OK && change->login && *change->login)
		rc = check_login_free(db, change->login, id);
	/* ?n IS NULL keeps a field; an empty login or service clears it. */
	sqlite3_stmt *st = rc ? NULL : qip_db_stmt(db,
		"UPDATE person SET name = coalesce(?2, name), role = coalesce(?3, role),"
		" login = CASE WHEN ?4 IS NULL THEN login ELSE nullif(?4, '') END,"
		" service_id = CASE WHEN ?5 IS NULL THEN service_id ELSE ?6 END WHERE id = ?1");
	if (rc == QIP_OK && !st)
		rc = QIP_EDB;
	if (rc == QIP_OK) {
		sqlite3_bind_int64(st, 1, id);
		qip_bind_text(st, 2, change->name);
		qip_bind_text(st, 3, role);
		qip_bind_text(st, 4, change->login);
		qip_bind_text(st, 5, change->service);
		qip_bind_id(st, 6, service_id);
		rc = qip_db_exec_stmt(db, st);
	}
	free(role);
	return qip_db_end(db, rc);
}

/* Who a list shows, by scope; ?2 is the typed name (NULL: everyone). A name
 * matches when it, or any later word of it, starts with what was typed,
 * accents and case aside ("jose" finds "José Ferreira", "ferr" too). */
#define NAME_MATCHES \
	" (?2 IS NULL OR substr(qip_fold(p.name), 1, length(qip_fold(?2))) = qip_fold(?2)" \
	"  OR instr(qip_fold(p.name), ' ' || qip_fold(?2)) > 0)"

static const char *scope_where(int scope)
{
	switch (scope) {
	case QIP_PEOPLE_ACTIVE:
		return " WHERE p.active AND" NAME_MATCHES;
	case QIP_PEOPLE_LEFT_OWNING:
		return " WHERE NOT p.active AND" NAME_MATCHES
		       " AND EXISTS (SELECT 1 FROM action a WHERE a.owner_id = p.id AND a.status <> 'closed')";
	default:
		return " WHERE" NAME_MATCHES;
	}
}

int qip_person_list(struct qip_db *db, int scope, const char *prefix, int limit, int offset,
		    int (*row)(void *, const struct qip_person *), void *ctx)
{
	char sql[2000];
	snprintf(sql, sizeof sql, "SELECT " PERSON_COLUMNS " FROM person p LEFT JOIN service s ON s.id = p.service_id"
		 "%s ORDER BY %s p.name COLLATE NOCASE, p.id LIMIT ?3 OFFSET ?4",
		 scope_where(scope), scope == QIP_PEOPLE_ALL ? "p.active DESC," : "");
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	if (!st)
		return QIP_EDB;
	qip_bind_date(st, 1, qip_db_today(db));
	qip_bind_text(st, 2, prefix && *prefix ? prefix : NULL);
	sqlite3_bind_int(st, 3, limit);
	sqlite3_bind_int(st, 4, offset);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct qip_person p = { 0 };
		read_person(st, &p);
		int stop = row(ctx, &p);
		qip_person_clear(&p);
		if (stop)
			break;
	}
	return qip_db_finish(db, st, rc);
}

int qip_person_count(struct qip_db *db, int scope, const char *prefix, int64_t *count)
{
	char sql[1000];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM person p%s", scope_where(scope));
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	if (!st)
		return QIP_EDB;
	qip_bind_text(st, 2, prefix && *prefix ? prefix : NULL);
	return qip_db_scalar(db, st, count);
}

int qip_person_find_by_role(struct qip_db *db, const char *const *roles, int64_t *id_out)
{
	*id_out = 0;
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT id FROM person WHERE active AND role = ?1"
					   " ORDER BY name COLLATE NOCASE, id LIMIT 1");
	if (!st)
		return QIP_EDB;
	for (; roles && *roles && !*id_out; roles++) {
		qip_bind_text(st, 1, *roles);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*id_out = sqlite3_column_int64(st, 0);
		if ((rc = qip_db_finish(db, st, rc)))
			return rc;
	}
	return QIP_OK;
}

int qip_person_position(struct qip_db *db, int scope, const char *prefix, int64_t id, int64_t *pos)
{
	/* Counts the rows that sort before it, in the list's own order. */
	char sql[2000];
	snprintf(sql, sizeof sql,
		 "SELECT CASE WHEN EXISTS (SELECT 1 FROM person p%s AND p.id = ?1) THEN"
		 " (SELECT count(*) FROM person p%s AND (%s p.name COLLATE NOCASE, p.id) <"
		 "  (SELECT %s name COLLATE NOCASE, id FROM person WHERE id = ?1)) ELSE -1 END",
		 scope_where(scope), scope_where(scope),
		 scope == QIP_PEOPLE_ALL ? "-p.active," : "",
		 scope == QIP_PEOPLE_ALL ? "-active," : "");
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, id);
	qip_bind_text(st, 2, prefix && *prefix ? prefix : NULL);
	return qip_db_scalar(db, st, pos);
}

int qip_person_reassign_all(struct qip_db *db, int64_t from_id, const char *to, int *moved)
{
	*moved = 0;
	int64_t to_id;
	int rc = qip_permission_check(db, QIP_PERM_ADMIN, 0, 0);
	if (rc || (rc = qip_person_find_active(db, to, &to_id)))
		return rc;
	if (to_id == from_id)
		return qip_db_fail(db, QIP_EINVAL, "that is the same person: pick someone else");
	if ((rc = qip_db_begin(db)))
		return rc;
	/* One statement: the action_changed trigger still records the new
	 * owner of each action, row by row, in the history. */
	sqlite3_stmt *st = qip_db_stmt(db, "UPDATE action SET owner_id = ?2, updated_by = ?3,"
				       " updated_at = qip_now() WHERE owner_id = ?1 AND status <> 'closed'");
	if (!st)
		rc = QIP_EDB;
	else {
		sqlite3_bind_int64(st, 1, from_id);
		sqlite3_bind_int64(st, 2, to_id);
		qip_bind_id(st, 3, qip_db_actor(db));
		if ((rc = qip_db_exec_stmt(db, st)) == QIP_OK)
			*moved = sqlite3_changes(qip_db_handle(db));
	}
	return qip_db_end(db, rc);
}
