/* The one-line editor that forms, pickers and prompts share. */
#ifndef QIP_TUI_EDIT_H
#define QIP_TUI_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "loop.h"

/* One line of text being edited; the cursor is a byte offset that always
 * sits on a character boundary. */
struct tui_edit {
	char *text;
	size_t cur;
};
void tui_edit_set(struct tui_edit *e, const char *text);
void tui_edit_free(struct tui_edit *e);
/* Applies an editing key (insert, Left/Right, Home/End, Bksp, Del, C-u).
 * Returns true when the key was an editing key (text may have changed). */
bool tui_edit_key(struct tui_edit *e, unsigned ctx, int key);
/* Draws the text in w columns, scrolled so the cursor shows, and puts the
 * hardware cursor there. */
void tui_edit_draw(struct tui_app *a, const struct tui_edit *e, int y, int x, int w, attr_t attr);

#endif
