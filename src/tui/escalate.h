/* Raising an escalation a level, and who each level goes to: shared by
 * the escalation queue and the action forms. */
#ifndef QIP_TUI_ESCALATE_H
#define QIP_TUI_ESCALATE_H

#include <stdbool.h>
#include <stdint.h>

#include "loop.h"
#include "qip/action.h"
#include "qip/date.h"

/* An open escalation as the queue lists it. */
struct tui_esc_row {
	int64_t id, action_id;
	char ref[QIP_REF_LEN];
	char *title, *who;
	int level, reason;
	qip_date raised_on;
};

/* Who an escalation of the action at a level goes to when nobody was
 * chosen, by the core's one rule (qip_escalation_default_assignee): a
 * name (or login, when the name is shared) for the core's find, malloc'd;
 * NULL when there is nobody. */
char *tui_level_assignee(struct tui_app *a, int64_t action_id, int level);
/* The form that moves an escalation up a level, offering the new level's
 * person; true when saved (the queue's selection then follows it). */
bool tui_escalation_raise_form(struct tui_app *a, const struct tui_esc_row *e);
/* Offers to raise the action's open escalation a level (a question, then
 * the raise form); true when it was raised. */
bool tui_escalation_raise_on(struct tui_app *a, int64_t action_id);

#endif
