/* Escalations: raised on an action for a reason, at a level (registered
 * manager, nominated individual, provider board), assigned to a person,
 * with a decision recorded when resolved. */
#ifndef QIP_ESCALATION_H
#define QIP_ESCALATION_H

#include <stdint.h>
#include "qip/db.h"

struct qip_escalation {
	int64_t id;
	char uuid[37];
	int64_t action_id;
	char ref[16];
	char *title;            /* the action's */
	int level;              /* enum qip_level */
	int reason;             /* enum qip_esc_reason */
	char *note;
	int64_t assigned_id;
	char *assigned_to;
	qip_date raised_on;
	char *raised_by;
	char *decision;
	qip_date resolved_on;   /* QIP_NO_DATE while open */
};

int qip_escalation_raise(struct qip_db *db, const char *ref, int level, const char *reason,
			 const char *assign_to, const char *note, int64_t *id_out);
/* Resolves with a decision (what was decided and by whom is recorded). */
int qip_escalation_resolve(struct qip_db *db, int64_t id, const char *decision);
/* Moves an open escalation up a level, optionally to another person. */
int qip_escalation_raise_level(struct qip_db *db, int64_t id, const char *assign_to, const char *note);

/* Open escalations, highest level and oldest first (action_id 0: all);
 * include_resolved also lists resolved ones after the open. */
int qip_escalation_list(struct qip_db *db, int64_t action_id, bool include_resolved,
			int limit, int offset,
			int (*row)(void *ctx, const struct qip_escalation *e), void *ctx);
int qip_escalation_count_open(struct qip_db *db, int64_t *count);
/* Where an open escalation sits in the open list's order (0-based), or -1
 * when it is resolved or unknown: a screen keeps its selection on it. */
int qip_escalation_position(struct qip_db *db, int64_t id, int64_t *pos);
void qip_escalation_clear(struct qip_escalation *e);

#endif
