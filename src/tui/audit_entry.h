/* Entering an audit: one question at a time, one key an answer, each
 * answer committed by the core the moment it is given, so a run killed
 * half-way resumes at its next unanswered question. */
#ifndef QIP_TUI_AUDIT_ENTRY_H
#define QIP_TUI_AUDIT_ENTRY_H

#include <stdint.h>

#include "loop.h"

/* Answers run run_id (a draft) from its next unanswered question, then
 * shows its result once finished. Returns where to go next. */
enum tui_nav tui_audit_entry_run(struct tui_app *a, int64_t run_id);

#endif
