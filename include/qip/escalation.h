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
	qip_date acknowledged_on;   /* QIP_NO_DATE until the person it is assigned to acknowledges it */
	char *rule;             /* the rule of qip check that raised it ("overdue"), "" when raised by hand */
};

/* Raises an escalation on an action. With no assign_to it goes to the
 * level's usual person (qip_escalation_default_assignee). Refused, with one
 * message: on a closed action; when the action already has an open
 * escalation (that one goes up a level instead); when nobody can take it
 * at that level; and to the person raising it (escalating to yourself is
 * not escalation). */
int qip_escalation_raise(struct qip_db *db, const char *ref, int level, const char *reason,
			 const char *assign_to, const char *note, int64_t *id_out);
/* Who an escalation of the action at a level goes to when nobody is named,
 * the one rule every front end uses: level 1 the registered manager of
 * the action's service (not the action's owner), level 2 a nominated
 * individual, else a provider quality lead, level 3 a board member. Only
 * active people, and never the person acting: another holder of the role
 * when there is one. *person_id 0 when there is nobody. */
int qip_escalation_default_assignee(struct qip_db *db, int64_t action_id, int level, int64_t *person_id);
/* The action's open escalation: *id_out 0 when it has none. */
int qip_escalation_open_on(struct qip_db *db, int64_t action_id, int64_t *id_out);
/* Resolves with a decision (what was decided and by whom is recorded). */
int qip_escalation_resolve(struct qip_db *db, int64_t id, const char *decision);
/* The person an open escalation is assigned to says they have it in
 * hand: the day and who are recorded (and in its history). Refused when
 * resolved, already acknowledged, or when the person acting is not the
 * one it is assigned to. */
int qip_escalation_acknowledge(struct qip_db *db, int64_t id);
/* Moves an open escalation up a level, to assign_to or, when none is
 * named, to the new level's usual person (the current one when there is
 * nobody in that role). Never to the person acting. */
int qip_escalation_raise_level(struct qip_db *db, int64_t id, const char *assign_to, const char *note);

/* Gives an open escalation, at the same level, to another active person
 * (never the person acting, nor the one who has it); their
 * acknowledgement is still to come. The history records who from and to. */
int qip_escalation_reassign(struct qip_db *db, int64_t id, const char *assign_to, const char *note);

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
