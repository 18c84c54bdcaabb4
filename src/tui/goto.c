/* The shared keys of list screens; see goto.h. */
#include "goto.h"

#include "layout.h"

bool tui_goto_key(struct tui_app *a, struct tui_screen *s, enum tui_cmd cmd, int key, enum tui_result *res)
{
	switch (cmd) {
	case CMD_BACK:
		*res = TUI_DONE;
		return true;
	case CMD_GO_ACTIONS: case CMD_GO_EVIDENCE: case CMD_GO_ESCALATIONS:
		a->focus = cmd == CMD_GO_ACTIONS ? PANE_ACTIONS : cmd == CMD_GO_EVIDENCE ? PANE_EVIDENCE : PANE_ESCALATIONS;
		s->nav = NAV_MAIN;
		*res = TUI_DONE;
		return true;
	case CMD_GO_PEOPLE: case CMD_GO_AUDITS:
		s->nav = cmd == CMD_GO_PEOPLE ? NAV_PEOPLE : NAV_AUDITS;
		*res = TUI_DONE;
		return true;
	case CMD_NONE: {
		char label[32];
		tui_error(a, "%s does nothing here; ? lists the keys", tui_key_label(key, label, sizeof label));
		*res = TUI_STAY;
		return true;
	}
	default:
		return false;
	}
}
