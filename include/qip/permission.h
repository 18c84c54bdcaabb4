/* Who may do what: one table of permissions by role, asked by every front
 * end and enforced by the core's write functions, so that no front end can
 * skip it. A refusal names the roles that may, and the role the person
 * acting holds. Roles are the slugs stored on a person (person.role);
 * a role the table does not list has the rights every active person has. */
#ifndef QIP_PERMISSION_H
#define QIP_PERMISSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qip/db.h"

enum qip_permission {
	QIP_PERM_EVIDENCE,      /* log evidence on any action */
	QIP_PERM_AUDIT,         /* start and answer audits */
	QIP_PERM_RAISE,         /* raise an escalation (speaking up) */
	QIP_PERM_OWN_ACTIONS,   /* edit, extend and review the actions one owns */
	QIP_PERM_ACTIONS,       /* add, edit, assign, extend, review, reopen actions; decide audit proposals */
	QIP_PERM_CLOSE,         /* close an action (a reviewer still confirms it) */
	QIP_PERM_CONFIRM,       /* be the reviewer who confirms a closure */
	QIP_PERM_RESOLVE_1,     /* decide a level-1 (registered manager) escalation */
	QIP_PERM_RESOLVE_2,     /* decide a level-2 (nominated individual) escalation */
	QIP_PERM_RESOLVE_3,     /* decide a level-3 (provider board) escalation */
	QIP_PERM_ADMIN,         /* people, services, roles, templates, frameworks, settings */
	QIP_PERM_RESTORE,       /* replace the database with a backup (qip restore) */
	QIP_PERM_COUNT
};

/* One row of the table. across_services: the rights hold for every
 * service; otherwise only for actions of the services the person belongs
 * to (their own service and any service role they hold). */
struct qip_role_rights {
	const char *role;       /* slug, as stored; NULL in the row for any other role */
	const char *title;      /* "registered manager" */
	unsigned perms;         /* 1u << enum qip_permission */
	bool across_services;
};

/* The table, in the order the documentation shows it, ending with the row
 * for every other role (role NULL). */
extern const struct qip_role_rights qip_role_table[];
extern const int qip_role_table_count;

/* The row for a role slug: its own, or the one for every other role. */
const struct qip_role_rights *qip_role_rights(const char *role);
/* Whether the role holds the permission (at least at its own services). */
bool qip_role_may(const char *role, enum qip_permission p);
/* What a permission lets one do, for messages and help ("close an action"). */
const char *qip_permission_name(enum qip_permission p);
/* A permission's short name, as `qip role list` prints it ("close"). */
const char *qip_permission_key(enum qip_permission p);
/* The roles holding p in words, "a registered manager, quality lead or
 * nominated individual", into buf. */
const char *qip_permission_holders(enum qip_permission p, char *buf, size_t n);
/* The role in words: "senior carer" for senior-carer. */
void qip_role_title(const char *role, char *buf, size_t n);

/* The core's check for the person acting, inside or outside a transaction:
 * QIP_OK when they hold p for an action of service_id (0: none), or when
 * owner_id is theirs and p is a right an owner has over their own action
 * (QIP_PERM_ACTIONS: an owner may edit, extend and review). Otherwise
 * QIP_EREFUSED with one sentence: "closing an action needs a registered
 * manager, quality lead or nominated individual; you are a senior carer".
 * Nobody acting is QIP_ENOPERSON (qip_db_require_writer's message). */
int qip_permission_check(struct qip_db *db, enum qip_permission p, int64_t service_id, int64_t owner_id);
/* The same question without a message, for front ends that grey out
 * what the person may not do. */
bool qip_permission_may(struct qip_db *db, enum qip_permission p, int64_t service_id, int64_t owner_id);

/* Refuses (QIP_ENOPERSON) a Unix account that is not an active person of
 * the database, in one line that says whom to ask: the active admins by
 * name and login. Front ends call it on opening a database they did not
 * just create. */
int qip_permission_require_person(struct qip_db *db);

/* Who is acting, for `qip whoami`: name, login, role, and the services
 * they belong to (their own service first, then service roles) joined
 * with ", " ("" when none). Strings are malloc'd; free with
 * qip_whoami_clear. QIP_ENOPERSON when the account is nobody here. */
struct qip_whoami {
	int64_t id;
	char *name, *login, *role, *services;
	bool across_services;
};
int qip_whoami(struct qip_db *db, struct qip_whoami *out);
void qip_whoami_clear(struct qip_whoami *w);

#endif
