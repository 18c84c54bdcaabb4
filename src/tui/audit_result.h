/* The result of a finished audit (the score per section and overall,
 * pass or fail against the template's target, the band, critical
 * failures named first) and its proposed actions, taken one by one:
 * accept, edit, skip, or merge into an open action. */
#ifndef QIP_TUI_AUDIT_RESULT_H
#define QIP_TUI_AUDIT_RESULT_H

#include <stdint.h>

#include "loop.h"

/* Shows run run_id (complete) until the user goes back; returns where
 * to go next. */
enum tui_nav tui_audit_result_run(struct tui_app *a, int64_t run_id);

#endif
