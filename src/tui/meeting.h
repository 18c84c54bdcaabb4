/* Meeting mode: a governance meeting run from the full-screen program.
 * M on the main screen starts one (kind, attendees picked from people,
 * date, service) or carries on with one the user chairs; the screen shows
 * one agenda item at a time, with what the decision needs, and one key per
 * decision records it against the meeting and the action at once. */
#ifndef QIP_TUI_MEETING_H
#define QIP_TUI_MEETING_H

#include "loop.h"

/* Starts or resumes a meeting and runs its screen until the user leaves
 * it; returns where to go next. */
enum tui_nav tui_meeting_open(struct tui_app *a);

#endif
