/* The escalation queue pane of the main screen: open escalations across
 * all actions, highest level and oldest first, a window at a time. */
#ifndef QIP_TUI_ESCALATIONS_H
#define QIP_TUI_ESCALATIONS_H

#include <stdbool.h>

#include "escalate.h"
#include "loop.h"

struct tui_escalations {
	struct tui_list_pos pos;
	struct tui_esc_row *rows;          /* the window on screen */
	int n;
	unsigned gen;
	int top, nrows;
	bool loaded;
};

void tui_escalations_draw(struct tui_app *a, struct tui_escalations *q, const struct tui_rect *r, bool focused);
enum tui_nav tui_escalations_cmd(struct tui_app *a, struct tui_escalations *q, enum tui_cmd cmd);
void tui_escalations_free(struct tui_escalations *q);

#endif
