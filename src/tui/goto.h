/* The keys every list screen answers alike: back, the g-keys that leave
 * for another place, and the message for a key that does nothing there. */
#ifndef QIP_TUI_GOTO_H
#define QIP_TUI_GOTO_H

#include "keymap.h"
#include "loop.h"

/* Handles cmd (read from key) when it is one of those: sets *res (and
 * s->nav for a g-key) and returns true; false leaves cmd to the screen. */
bool tui_goto_key(struct tui_app *a, struct tui_screen *s, enum tui_cmd cmd, int key, enum tui_result *res);

#endif
