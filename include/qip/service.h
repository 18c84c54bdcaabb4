/* Services: the locations a provider runs (care home, supported living,
 * domiciliary care). */
#ifndef QIP_SERVICE_H
#define QIP_SERVICE_H

#include <stdint.h>
#include "qip/db.h"

struct qip_service {
	int64_t id;
	char *name;
	int kind;            /* enum qip_service_kind */
	int open_actions;
	int overdue_actions;
};

int qip_service_add(struct qip_db *db, const char *name, const char *kind, int64_t *id_out);
/* By name (case-insensitive). QIP_ENOTFOUND names the value when unknown. */
int qip_service_find(struct qip_db *db, const char *name, int64_t *id_out);
/* Every service with its counts of open and overdue actions (few rows). */
int qip_service_list(struct qip_db *db,
		     int (*row)(void *ctx, const struct qip_service *s), void *ctx);

#endif
