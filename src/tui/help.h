/* The ? screen, generated from the key table for the screen it was opened
 * from. The loop opens it (struct tui_app's help, registered at start). */
#ifndef QIP_TUI_HELP_H
#define QIP_TUI_HELP_H

#include "loop.h"

/* Runs the help of context ctx; returns where the user asked to go
 * (NAV_BACK to return to the screen that asked). */
enum tui_nav tui_help_run(struct tui_app *a, unsigned ctx);

#endif
