/* The main screen: the action list, the evidence log of the selected
 * action and the escalation queue, with Tab moving between them. */
#ifndef QIP_TUI_MAIN_SCREEN_H
#define QIP_TUI_MAIN_SCREEN_H

#include <stdint.h>

#include "actions.h"
#include "escalations.h"
#include "evidence_pane.h"
#include "loop.h"

/* The three panes' state; which pane has focus is a->focus, as any
 * screen's 1, 2 and 3 move it. */
struct tui_main {
	struct tui_screen screen;
	struct tui_actions act;
	struct tui_evidence_pane ev;
	struct tui_escalations esc;
};

/* Runs the main screen until the user quits (NAV_QUIT) or goes to People
 * (NAV_PEOPLE). */
enum tui_nav tui_main_run(struct tui_app *a, struct tui_main *m);
void tui_main_free(struct tui_main *m);

#endif
