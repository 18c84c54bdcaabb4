/* The main screen: the action list, the evidence log of the selected
 * action and the escalation queue, with Tab moving between them. */
#include "app.h"
#include "draw.h"

static unsigned focus_ctx(const struct tui_app *a);

static void main_draw(struct tui_app *a, struct tui_screen *s)
{
	s->ctx = focus_ctx(a);
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

static enum tui_nav main_cmd(struct tui_app *a, int key)
{
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
	return nav == NAV_QUIT || nav == NAV_PEOPLE ? nav : NAV_STAY;
}

static enum tui_result main_key(struct tui_app *a, struct tui_screen *s, int key)
{
	s->nav = main_cmd(a, key);
	/* The key line and help follow the focused pane, wherever it was
	 * moved (2 on the detail screen comes back to Evidence). */
	s->ctx = focus_ctx(a);
	return s->nav == NAV_STAY ? TUI_STAY : TUI_DONE;
}

const struct tui_screen_ops tui_main_ops = {
	.name = "main", .draw = main_draw, .key = main_key, .home = NAV_MAIN,
};
