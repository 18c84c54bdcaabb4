/* Settings: the escalation rules' thresholds and the monitoring window in
 * force, where each comes from, and changing one (an administrator) with
 * the same core code and checks as `qip settings import`. */
#ifndef QIP_TUI_SETTINGS_SCREEN_H
#define QIP_TUI_SETTINGS_SCREEN_H

#include "loop.h"

enum tui_nav tui_settings_run(struct tui_app *a);

#endif
