/* The escalation decisions qip check takes on its own rules: the same as
 * qip_escalation_resolve and qip_escalation_raise_level, but by_rule
 * skips the person's right to decide at the level, since the rule, not
 * whoever ran the check, decides. */
#ifndef QIP_ESCALATION_INTERNAL_H
#define QIP_ESCALATION_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "qip/db.h"

int escalation_resolve(struct qip_db *db, int64_t id, const char *decision, bool by_rule);
int escalation_raise_level(struct qip_db *db, int64_t id, const char *assign_to, const char *note, bool by_rule);

#endif
