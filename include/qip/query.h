/* Queries and one write the full-screen program needs beyond the core
 * modules: counting a people list for paging, and moving every open action
 * of one person to another in one transaction (the People screen). */
#ifndef QIP_QUERY_H
#define QIP_QUERY_H

#include <stdint.h>
#include "qip/db.h"

/* Rows qip_person_list(db, scope, name_prefix, ...) would return in all. */
int qip_person_count(struct qip_db *db, int scope, const char *name_prefix, int64_t *count);

/* Assigns every open (not closed) action owned by from_id to `to` (a name
 * or login of an active person), all or nothing. *moved gets the count. */
int qip_person_reassign_all(struct qip_db *db, int64_t from_id, const char *to, int *moved);

#endif
