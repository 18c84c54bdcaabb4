/* Forms that act on one action (add, edit, assign, log evidence, extend,
 * escalate, close, review, reopen), shared by the action list, the detail
 * screen, the evidence pane and the evidence entry screen. */
#ifndef QIP_TUI_ACTION_FORMS_H
#define QIP_TUI_ACTION_FORMS_H

#include <stdbool.h>
#include <stdint.h>

#include "loop.h"

/* Runs the command's form (or says why it cannot run) on the action ref.
 * Returns true when something was written. */
bool tui_do_action_cmd(struct tui_app *a, enum tui_cmd cmd, const char *ref);
/* The log-evidence form; corrects (an entry id) and the texts prefill a
 * correction. */
bool tui_evidence_form(struct tui_app *a, const char *ref, int64_t corrects, const char *kind,
		       const char *category, const char *value, const char *source, const char *note,
		       const char *date);

#endif
