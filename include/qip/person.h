/* People: staff with a role and a login. People leave; their actions then
 * count as unowned until reassigned (domain rule 1). */
#ifndef QIP_PERSON_H
#define QIP_PERSON_H

#include <stdbool.h>
#include <stdint.h>
#include "qip/db.h"

struct qip_person {
	int64_t id;
	char uuid[37];
	char *name;
	char *role;
	char *login;         /* "" when none */
	char *service;       /* "" when not tied to one service */
	bool active;
	qip_date left_on;
	int open_actions;    /* owned, not closed */
	int overdue_actions;
};

struct qip_person_new {
	const char *name, *role, *login, *service;
};

int qip_person_add(struct qip_db *db, const struct qip_person_new *p, int64_t *id_out);
/* Finds an active or former person by login (exact) or name (exact, then a
 * unique case-insensitive prefix). Ambiguity and absence are QIP_ENOTFOUND
 * with a message that names the candidates. */
int qip_person_find(struct qip_db *db, const char *who, int64_t *id_out);
/* Like find, but only active people (for assigning). */
int qip_person_find_active(struct qip_db *db, const char *who, int64_t *id_out);
/* Like find, but only people who have left (for bringing one back). */
int qip_person_find_left(struct qip_db *db, const char *who, int64_t *id_out);
int qip_person_get(struct qip_db *db, int64_t id, struct qip_person *out);
/* Marks a person as left on a date (today when QIP_NO_DATE). Refused
 * (QIP_EREFUSED) for someone who has already left and for the last active
 * admin, so that someone can always add and change people. */
int qip_person_mark_left(struct qip_db *db, int64_t id, qip_date on);
/* qip_person_find_active, then qip_person_mark_left. */
int qip_person_leave(struct qip_db *db, const char *who, qip_date on);
/* Brings back a person who left: active again, no leaving date. */
int qip_person_return(struct qip_db *db, int64_t id);
/* Changes a person's name, role, login or service: NULL fields stay as
 * they are; an empty login or service removes it. Refuses to take the
 * admin role from the last active admin. The history records each change. */
int qip_person_edit(struct qip_db *db, int64_t id, const struct qip_person_new *change);

enum qip_person_scope { QIP_PEOPLE_ACTIVE, QIP_PEOPLE_ALL, QIP_PEOPLE_LEFT_OWNING };
/* People in name order with action counts, a window at a time. name_prefix
 * narrows (type-to-narrow pickers): a name matches when it or any later
 * word of it starts so, ignoring case and accents; NULL for all. */
int qip_person_list(struct qip_db *db, int scope, const char *name_prefix,
		    int limit, int offset,
		    int (*row)(void *ctx, const struct qip_person *p), void *ctx);
/* The first active person (by name) holding one of roles (NULL-ended list
 * of role slugs); *id_out 0 when nobody does. For sensible defaults, such
 * as who a level-2 escalation goes to. */
int qip_person_find_by_role(struct qip_db *db, const char *const *roles, int64_t *id_out);
/* Where person id stands in qip_person_list(db, scope, name_prefix, ...):
 * its 0-based position, or -1 when the list does not hold it. */
int qip_person_position(struct qip_db *db, int scope, const char *name_prefix, int64_t id, int64_t *pos);

/* Rows qip_person_list(db, scope, name_prefix, ...) would return in all. */
int qip_person_count(struct qip_db *db, int scope, const char *name_prefix, int64_t *count);
void qip_person_clear(struct qip_person *p);

/* The account that creates a database becomes its first person, an admin. */
int qip_person_add_first_admin(struct qip_db *db);

/* Assigns every open (not closed) action owned by from_id to `to` (a name
 * or login of an active person), all or nothing, in one statement; the
 * history records each action's new owner. *moved gets the count. */
int qip_person_reassign_all(struct qip_db *db, int64_t from_id, const char *to, int *moved);

#endif
