/* Enter on an action: the detail screen, every field, the flags, the
 * closure check, evidence, escalations and history, with the action keys. */
#ifndef QIP_TUI_DETAIL_H
#define QIP_TUI_DETAIL_H

#include "loop.h"

/* Runs the detail screen of the action ref until the user leaves it;
 * returns where to go next. */
enum tui_nav tui_detail_run(struct tui_app *a, const char *ref);

#endif
