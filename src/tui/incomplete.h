/* Imported, to complete: the actions qip import plan made that still lack
 * what an honest action has (an owner, a due date, a baseline, a measured
 * target, an intended outcome), one row each with what it lacks; Enter
 * edits one, and a completed action leaves the list. */
#ifndef QIP_TUI_INCOMPLETE_H
#define QIP_TUI_INCOMPLETE_H

#include "loop.h"

enum tui_nav tui_incomplete_run(struct tui_app *a);

#endif
