#include "qip/permission.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qip/text.h"

#define P(x) (1u << QIP_PERM_##x)
/* What every active person may do, whatever their role. */
#define EVERYONE (P(EVIDENCE) | P(AUDIT) | P(RAISE) | P(OWN_ACTIONS))

/* The table. The admin keeps the plan running for everyone, so holds
 * every right but one: confirming a closure stays with the roles that
 * answer for care (domain rule: closure is confirmed by a manager or the
 * provider's quality people, never by whoever happens to run qip).
 * Restoring a backup discards everyone's later records: the admin's alone. */
const struct qip_role_rights qip_role_table[] = {
	{ "admin", "admin",
	  EVERYONE | P(ACTIONS) | P(CLOSE) | P(RESOLVE_1) | P(RESOLVE_2) | P(RESOLVE_3) | P(ADMIN) | P(RESTORE), true },
	{ "registered-manager", "registered manager", EVERYONE | P(ACTIONS) | P(CLOSE) | P(CONFIRM) | P(RESOLVE_1), false },
	{ "deputy-manager", "deputy manager", EVERYONE | P(ACTIONS) | P(RESOLVE_1), false },
	{ "quality-lead", "quality lead", EVERYONE | P(ACTIONS) | P(CLOSE) | P(CONFIRM) | P(RESOLVE_1) | P(RESOLVE_2), true },
	{ "nominated-individual", "nominated individual",
	  EVERYONE | P(ACTIONS) | P(CLOSE) | P(CONFIRM) | P(RESOLVE_1) | P(RESOLVE_2), true },
	{ "board-member", "board member", EVERYONE | P(RESOLVE_3), true },
	{ NULL, "any other role", EVERYONE, false },
};
const int qip_role_table_count = sizeof qip_role_table / sizeof qip_role_table[0];

static const char *const perm_names[QIP_PERM_COUNT] = {
	[QIP_PERM_EVIDENCE] = "logging evidence",
	[QIP_PERM_AUDIT] = "answering an audit",
	[QIP_PERM_RAISE] = "raising an escalation",
	[QIP_PERM_OWN_ACTIONS] = "changing your own actions",
	[QIP_PERM_ACTIONS] = "managing actions",
	[QIP_PERM_CLOSE] = "closing an action",
	[QIP_PERM_CONFIRM] = "confirming a closure",
	[QIP_PERM_RESOLVE_1] = "resolving a level-1 escalation",
	[QIP_PERM_RESOLVE_2] = "resolving a level-2 escalation",
	[QIP_PERM_RESOLVE_3] = "resolving a level-3 escalation",
	[QIP_PERM_ADMIN] = "managing people, services, roles, templates and settings",
	[QIP_PERM_RESTORE] = "restoring the database from a backup",
};

static const char *const perm_keys[QIP_PERM_COUNT] = {
	[QIP_PERM_EVIDENCE] = "evidence", [QIP_PERM_AUDIT] = "audit", [QIP_PERM_RAISE] = "raise",
	[QIP_PERM_OWN_ACTIONS] = "own-actions", [QIP_PERM_ACTIONS] = "actions", [QIP_PERM_CLOSE] = "close",
	[QIP_PERM_CONFIRM] = "confirm", [QIP_PERM_RESOLVE_1] = "resolve-1", [QIP_PERM_RESOLVE_2] = "resolve-2",
	[QIP_PERM_RESOLVE_3] = "resolve-3", [QIP_PERM_ADMIN] = "admin", [QIP_PERM_RESTORE] = "restore",
};

const char *qip_permission_key(enum qip_permission p)
{
	return p < QIP_PERM_COUNT ? perm_keys[p] : "";
}

const struct qip_role_rights *qip_role_rights(const char *role)
{
	int i = 0;
	for (; qip_role_table[i].role; i++)
		if (role && !strcmp(role, qip_role_table[i].role))
			break;
	return &qip_role_table[i];
}

bool qip_role_may(const char *role, enum qip_permission p)
{
	return p < QIP_PERM_COUNT && (qip_role_rights(role)->perms & (1u << p));
}

const char *qip_permission_name(enum qip_permission p)
{
	return p < QIP_PERM_COUNT ? perm_names[p] : "";
}

static bool starts_with_vowel(const char *s)
{
	return s && strchr("aeiou", *s);
}

/* The roles holding p (only_across: only those acting across services). */
static const char *holders(enum qip_permission p, bool only_across, char *buf, size_t n)
{
	const char *names[16];
	int k = 0;
	for (int i = 0; qip_role_table[i].role && k < 16; i++)
		if ((qip_role_table[i].perms & (1u << p)) && (!only_across || qip_role_table[i].across_services))
			names[k++] = qip_role_table[i].title;
	if (k == 0 || p == QIP_PERM_EVIDENCE || p == QIP_PERM_AUDIT || p == QIP_PERM_RAISE ||
	    p == QIP_PERM_OWN_ACTIONS) {
		snprintf(buf, n, "any active person");
		return buf;
	}
	size_t o = (size_t)snprintf(buf, n, "%s", starts_with_vowel(names[0]) ? "an " : "a ");
	for (int i = 0; i < k && o < n; i++)
		o += (size_t)snprintf(buf + o, n - o, "%s%s", i == 0 ? "" : i == k - 1 ? " or " : ", ", names[i]);
	return buf;
}

const char *qip_permission_holders(enum qip_permission p, char *buf, size_t n)
{
	return holders(p, false, buf, n);
}

void qip_role_title(const char *role, char *buf, size_t n)
{
	const struct qip_role_rights *r = qip_role_rights(role);
	snprintf(buf, n, "%s", r->role ? r->title : role ? role : "");
	if (!r->role)
		for (char *s = buf; *s; s++)
			if (*s == '-')
				*s = ' ';
}

/* The acting person's role and whether they belong to service_id. */
static int actor_role(struct qip_db *db, int64_t service_id, char **role, char **services, bool *at_service)
{
	*role = NULL;
	*at_service = false;
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT p.role, ?2 <> 0 AND (p.service_id IS ?2 OR EXISTS (SELECT 1 FROM service_role r"
		"  WHERE r.person_id = p.id AND r.service_id = ?2)),"
		/* Their own service first, then those of their service roles. */
		" (SELECT group_concat(name, ', ') FROM (SELECT name FROM (SELECT s.name, 0 AS k FROM service s"
		"   WHERE s.id = p.service_id UNION SELECT s.name, 1 FROM service_role r JOIN service s ON s.id = r.service_id"
		"   WHERE r.person_id = p.id AND r.service_id IS NOT p.service_id) ORDER BY k, name COLLATE NOCASE))"
		" FROM person p WHERE p.id = ?1 AND p.active");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, qip_db_actor(db));
	sqlite3_bind_int64(st, 2, service_id);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*role = qip_col_strdup(st, 0);
		*at_service = sqlite3_column_int(st, 1);
		if (services)
			*services = qip_col_strdup(st, 2);
	}
	return qip_db_finish(db, st, step);
}

/* 0 allowed, 1 the role lacks the right, 2 it holds it only elsewhere. */
static int judge(const char *role, bool at_service, bool owns, enum qip_permission p)
{
	const struct qip_role_rights *r = qip_role_rights(role);
	/* An owner may do to their own action what a manager may, short of
	 * handing it on or closing it (domain rule: closure is confirmed). */
	if (owns && p == QIP_PERM_ACTIONS && (r->perms & P(OWN_ACTIONS)))
		return 0;
	if (!(r->perms & (1u << p)))
		return 1;
	bool everyone = (EVERYONE & (1u << p)) != 0;
	return everyone || r->across_services || at_service ? 0 : 2;
}

static int check(struct qip_db *db, enum qip_permission p, int64_t service_id, int64_t owner_id, bool say)
{
	int rc = qip_db_require_writer(db);
	if (rc)
		return rc;
	char *role = NULL, *services = NULL;
	bool at_service = false;
	if ((rc = actor_role(db, service_id, &role, &services, &at_service))) {
		free(services);
		return rc;
	}
	if (!role)   /* the acting person left since qip opened */
		return qip_db_fail(db, QIP_ENOPERSON, "you are no longer an active person in this database;"
				   " ask an admin (qip person list --all)");
	bool owns = owner_id && owner_id == qip_db_actor(db);
	int verdict = judge(role, at_service, owns, p);
	if (verdict && say) {
		char who[300], title[80];
		holders(p, verdict == 2, who, sizeof who);
		qip_role_title(role, title, sizeof title);
		char *shown_title = qip_text_escape(title), *shown_services = qip_text_escape(services ? services : "");
		const char *owner_too = p == QIP_PERM_ACTIONS && owner_id ? "its owner or " : "";
		if (verdict == 1)
			rc = qip_db_fail(db, QIP_EREFUSED, "%s needs %s%s; you are %s %s", qip_permission_name(p), owner_too,
					 who, starts_with_vowel(shown_title) ? "an" : "a", shown_title);
		else
			rc = qip_db_fail(db, QIP_EREFUSED, "%s %s needs %s%s; you are %s %s %s%s",
					 qip_permission_name(p),
					 service_id ? "of a service not yours" : "that belong to no one service", owner_too, who,
					 starts_with_vowel(shown_title) ? "an" : "a", shown_title,
					 *shown_services ? "at " : "of no service", shown_services);
		free(shown_title);
		free(shown_services);
	} else if (verdict)
		rc = QIP_EREFUSED;
	free(role);
	free(services);
	return rc;
}

int qip_permission_check(struct qip_db *db, enum qip_permission p, int64_t service_id, int64_t owner_id)
{
	return check(db, p, service_id, owner_id, true);
}

bool qip_permission_may(struct qip_db *db, enum qip_permission p, int64_t service_id, int64_t owner_id)
{
	if (qip_db_actor(db) == 0)
		return false;
	char *role = NULL;
	bool at_service = false;
	if (actor_role(db, service_id, &role, NULL, &at_service) || !role)
		return false;
	bool ok = judge(role, at_service, owner_id && owner_id == qip_db_actor(db), p) == 0;
	free(role);
	return ok;
}

int qip_permission_require_person(struct qip_db *db)
{
	if (qip_db_actor(db))
		return QIP_OK;
	/* Nobody at all yet (a file made before its first person): init
	 * makes the account its admin. */
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT count(*) FROM person");
	int64_t people = 0;
	int rc = st ? qip_db_scalar(db, st, &people) : QIP_EDB;
	if (rc || people == 0)
		return rc;
	st = qip_db_stmt(db, "SELECT name, coalesce(login, '') FROM person WHERE active AND role = 'admin'"
				       " ORDER BY name COLLATE NOCASE, id LIMIT 3");
	if (!st)
		return QIP_EDB;
	char admins[400] = "";
	size_t o = 0;
	int step, k = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW && o < sizeof admins) {
		char *name = qip_text_escape((const char *)sqlite3_column_text(st, 0));
		char *login = qip_text_escape((const char *)sqlite3_column_text(st, 1));
		o += (size_t)snprintf(admins + o, sizeof admins - o, "%s%s%s%s%s", k ? " or " : "", name,
				      *login ? " (login " : "", login, *login ? ")" : "");
		free(name);
		free(login);
		k++;
	}
	if ((rc = qip_db_finish(db, st, step)))
		return rc;
	char *login = qip_text_escape(qip_db_login(db));
	rc = qip_db_fail(db, QIP_ENOPERSON, "your login '%s' is not a person in this qip database: ask %s%s to add you"
			 " (qip person add --name NAME --role ROLE --login %s)", login, k ? "an admin, " : "an admin",
			 admins, login);
	free(login);
	return rc;
}

int qip_whoami(struct qip_db *db, struct qip_whoami *out)
{
	memset(out, 0, sizeof *out);
	if (!qip_db_actor(db))
		return qip_permission_require_person(db);
	bool at = false;
	int rc = actor_role(db, 0, &out->role, &out->services, &at);
	if (rc == QIP_OK && !out->role)
		rc = qip_permission_require_person(db);
	if (rc)
		return rc;
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT name, coalesce(login, '') FROM person WHERE id = ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, qip_db_actor(db));
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		out->name = qip_col_strdup(st, 0);
		out->login = qip_col_strdup(st, 1);
	}
	out->id = qip_db_actor(db);
	out->across_services = qip_role_rights(out->role)->across_services;
	return qip_db_finish(db, st, step);
}

void qip_whoami_clear(struct qip_whoami *w)
{
	free(w->name);
	free(w->login);
	free(w->role);
	free(w->services);
	memset(w, 0, sizeof *w);
}
