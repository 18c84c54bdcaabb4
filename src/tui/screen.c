/* The main screen: the action list, the evidence log of the selected
 * action and the escalation queue, with Tab moving between them. */
#include "app.h"
#include "draw.h"

void tui_main_draw(struct tui_app *a, void *arg)
{
	(void)arg;
	const struct tui_layout *l = &a->lay;
	/* Evidence follows the list's selection, so the list draws first. */
	tui_actions_draw(a, &l->pane[PANE_ACTIONS], a->focus == PANE_ACTIONS);
	tui_evidence_draw(a, &l->pane[PANE_EVIDENCE], a->focus == PANE_EVIDENCE);
	tui_escalations_draw(a, &l->pane[PANE_ESCALATIONS], a->focus == PANE_ESCALATIONS);
	if (l->vsep_x >= 0)
		draw_vline(l->pane[PANE_EVIDENCE].y, l->vsep_x, l->pane[PANE_EVIDENCE].h);
}

static unsigned focus_ctx(const struct tui_app *a)
{
	return a->focus == PANE_EVIDENCE ? C_EVIDENCE :
	       a->focus == PANE_ESCALATIONS ? C_ESCALATIONS : C_ACTIONS;
}

enum tui_nav tui_main_key(struct tui_app *a, int key)
{
	if (key == TUI_KEY_TICK || key == TUI_KEY_REDRAW)
		return NAV_STAY;
	unsigned ctx = focus_ctx(a);
	enum tui_cmd cmd = tui_keymap_lookup(ctx, key);
	enum tui_nav nav = NAV_STAY;
	switch (cmd) {
	case CMD_NONE: {
		char label[32];
		tui_error(a, "%s does nothing here; ? lists the keys", tui_key_label(key, label, sizeof label));
		return NAV_STAY;
	}
	case CMD_BACK:
		/* Came from People (Enter on a person): back there, not out. */
		if (!a->from_people)
			return NAV_QUIT;
		nav = NAV_PEOPLE;
		break;
	case CMD_HELP:
		nav = tui_help_run(a, ctx);
		break;
	case CMD_NEXT_PANE:
		a->focus = (a->focus + 1) % PANE_COUNT;
		return NAV_STAY;
	case CMD_PREV_PANE:
		a->focus = (a->focus + PANE_COUNT - 1) % PANE_COUNT;
		return NAV_STAY;
	case CMD_GO_ACTIONS:
		a->focus = PANE_ACTIONS;
		return NAV_STAY;
	case CMD_GO_EVIDENCE:
		a->focus = PANE_EVIDENCE;
		return NAV_STAY;
	case CMD_GO_ESCALATIONS:
		a->focus = PANE_ESCALATIONS;
		return NAV_STAY;
	case CMD_GO_PEOPLE:
		nav = NAV_PEOPLE;
		break;
	default:
		if (!tui_may(a, ctx, cmd))
			return NAV_STAY;
		if (a->focus == PANE_ACTIONS)
			nav = tui_actions_cmd(a, cmd);
		else if (a->focus == PANE_EVIDENCE)
			nav = tui_evidence_cmd(a, cmd);
		else
			nav = tui_escalations_cmd(a, cmd);
		break;
	}
	/* Screens opened from here come back here unless the user quit; one
	 * may hand over to the People screen (4 pressed on the detail screen). */
	while (nav == NAV_PEOPLE)
		nav = tui_people_run(a);
	return nav == NAV_QUIT ? NAV_QUIT : NAV_STAY;
}
