/* The change history: who changed what, when, from what to what. Written
 * by triggers (schema.c) so no write can skip it; read here. */
#ifndef QIP_HISTORY_H
#define QIP_HISTORY_H

#include <stdint.h>
#include "qip/db.h"

struct qip_history {
	char *at;        /* UTC timestamp */
	char *by;        /* person's name, "" when unknown */
	char *entity;    /* "action", "evidence", "escalation", "person" */
	int64_t entity_id;
	char *field, *old_value, *new_value;
};

/* History of one action: its own changes, its evidence and escalations,
 * newest first. */
int qip_history_for_action(struct qip_db *db, int64_t action_id, int limit, int offset,
			   int (*row)(void *ctx, const struct qip_history *h), void *ctx);
void qip_history_clear(struct qip_history *h);

#endif
