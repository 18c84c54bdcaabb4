/* The main screen: the action list, the evidence log of the selected
 * action and the escalation queue, with Tab moving between them. */
#include "main_screen.h"

#include "draw.h"
#include "meeting.h"
#include "settings_screen.h"

static unsigned focus_ctx(const struct tui_app *a);

static void main_draw(struct tui_app *a, struct tui_screen *s)
{
	struct tui_main *m = (struct tui_main *)s;
	s->ctx = focus_ctx(a);
	const struct tui_layout *l = &a->lay;
	/* Evidence follows the list's selection, so the list draws first. */
	tui_actions_draw(a, &m->act, &l->pane[PANE_ACTIONS], a->focus == PANE_ACTIONS);
	char ref[QIP_REF_LEN];
	tui_actions_selected(&m->act, ref);
	tui_evidence_draw(a, &m->ev, &l->pane[PANE_EVIDENCE], a->focus == PANE_EVIDENCE, m->act.sel_id, ref);
	tui_escalations_draw(a, &m->esc, &l->pane[PANE_ESCALATIONS], a->focus == PANE_ESCALATIONS);
	if (l->vsep_x >= 0)
		draw_vline(l->pane[PANE_EVIDENCE].y, l->vsep_x, l->pane[PANE_EVIDENCE].h);
}

static unsigned focus_ctx(const struct tui_app *a)
{
	return a->focus == PANE_EVIDENCE ? C_EVIDENCE :
	       a->focus == PANE_ESCALATIONS ? C_ESCALATIONS : C_ACTIONS;
}

static enum tui_nav main_cmd(struct tui_app *a, struct tui_main *m, int key)
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
		if (!m->act.from_people)
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
	case CMD_GO_AUDITS:
		nav = NAV_AUDITS;
		break;
	case CMD_MEETING:
		if (tui_may(a, ctx, cmd))
			nav = tui_meeting_open(a);
		break;
	case CMD_SETTINGS:
		nav = tui_settings_run(a);
		break;
	default:
		if (!tui_may(a, ctx, cmd))
			return NAV_STAY;
		if (a->focus == PANE_ACTIONS)
			nav = tui_actions_cmd(a, &m->act, cmd);
		else if (a->focus == PANE_EVIDENCE) {
			char ref[QIP_REF_LEN];
			tui_actions_selected(&m->act, ref);
			nav = tui_evidence_cmd(a, &m->ev, cmd, ref);
		} else
			nav = tui_escalations_cmd(a, &m->esc, cmd);
		break;
	}
	/* Screens opened from here come back here unless the user quit; one
	 * may hand over to People or Audits (4 or 5 pressed on the detail screen). */
	return nav == NAV_QUIT || nav == NAV_PEOPLE || nav == NAV_AUDITS ? nav : NAV_STAY;
}

static enum tui_result main_key(struct tui_app *a, struct tui_screen *s, int key)
{
	s->nav = main_cmd(a, (struct tui_main *)s, key);
	/* The key line and help follow the focused pane, wherever it was
	 * moved (2 on the detail screen comes back to Evidence). */
	s->ctx = focus_ctx(a);
	return s->nav == NAV_STAY ? TUI_STAY : TUI_DONE;
}

static const struct tui_screen_ops main_ops = {
	.name = "main", .draw = main_draw, .key = main_key, .home = NAV_MAIN,
};

enum tui_nav tui_main_run(struct tui_app *a, struct tui_main *m)
{
	m->screen = (struct tui_screen){ .ops = &main_ops, .ctx = focus_ctx(a) };
	return tui_run(a, &m->screen);
}

void tui_main_free(struct tui_main *m)
{
	tui_actions_free(&m->act);
	tui_evidence_free(&m->ev);
	tui_escalations_free(&m->esc);
}
