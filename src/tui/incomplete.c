/* Imported, to complete: a list of the imported actions that still lack
 * an owner, a due date, a baseline, a target or an outcome. The rows are
 * read into memory whenever the data changes (never a read held open
 * while a key is awaited); a plan has hundreds of rows, not millions. */
#include "incomplete.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action_forms.h"
#include "draw.h"
#include "goto.h"
#include "qip/action.h"
#include "qip/plan_import.h"
#include "qip/text.h"

struct row {
	char ref[QIP_REF_LEN];
	char *title, *missing;
};

struct incomplete {
	struct tui_screen screen;
	struct tui_list_pos pos;
	struct row *rows;
	int n, visible;
	unsigned gen;
	bool loaded;
};

static void clear_rows(struct incomplete *s)
{
	for (int i = 0; i < s->n; i++) {
		free(s->rows[i].title);
		free(s->rows[i].missing);
	}
	free(s->rows);
	s->rows = NULL;
	s->n = 0;
}

static int add_row(void *ctx, int64_t id, const char *ref, const char *title, const char *missing)
{
	struct incomplete *s = ctx;
	s->rows = qip_xrealloc(s->rows, (size_t)(s->n + 1) * sizeof *s->rows);
	struct row *r = &s->rows[s->n++];
	snprintf(r->ref, sizeof r->ref, "%s", ref);
	r->title = qip_strdup(title);
	r->missing = qip_strdup(missing);
	return 0;
}

static void load(struct tui_app *a, struct incomplete *s)
{
	if (s->loaded && s->gen == a->gen)
		return;
	clear_rows(s);
	if (qip_plan_incomplete(a->db, add_row, s) != QIP_OK)
		tui_error(a, "Cannot read the imported actions: %s", qip_db_error(a->db));
	s->loaded = true;
	s->gen = a->gen;
	s->pos.count = s->n;
	if (s->pos.sel >= s->n)
		s->pos.sel = s->n > 0 ? s->n - 1 : 0;
}

static void incomplete_draw(struct tui_app *a, struct tui_screen *screen)
{
	struct incomplete *s = (struct incomplete *)screen;
	const struct tui_rect *b = &a->lay.body;
	tui_clear_body(a);
	load(a, s);
	int rows = b->h - 2;
	s->visible = rows;
	s->pos.top = tui_scroll_top(s->pos.top, s->pos.sel, rows, s->n);
	char title[120];
	snprintf(title, sizeof title, " Imported, to complete: %d action%s", s->n, s->n == 1 ? "" : "s");
	draw_text(b->y, 0, b->w, title, draw_style(ST_TITLE_FOCUS));
	int rw = 9, mw = b->w >= 100 ? 44 : 30, tx = 2 + rw + 1, tw = b->w - tx - mw - 1, mx = tx + tw + 1;
	attr_t h = draw_style(ST_HEAD);
	draw_fill(b->y + 1, 0, b->w, h);
	draw_text(b->y + 1, 2, rw, "Ref", h);
	draw_text(b->y + 1, tx, tw, "Title", h);
	draw_text(b->y + 1, mx, mw, "Lacks", h);
	if (s->n == 0)
		draw_text(b->y + 2, 2, b->w - 2, "Every imported action has an owner, a due date, a baseline, a target and an outcome.",
			  A_NORMAL);
	for (int i = 0; i < rows && s->pos.top + i < s->n; i++) {
		const struct row *r = &s->rows[s->pos.top + i];
		int y = b->y + 2 + i;
		bool unowned = strstr(r->missing, "owner") != NULL;
		attr_t st = unowned ? draw_style(ST_UNOWNED) : A_NORMAL;
		draw_fill(y, 0, b->w, st);
		draw_text(y, 0, 1, unowned ? "?" : "", st);
		draw_text(y, 2, rw, r->ref, st);
		draw_text(y, tx, tw, r->title, st);
		draw_text(y, mx, mw, r->missing, st);
		if (s->pos.top + i == s->pos.sel) {
			draw_restyle(y, 0, b->w, st | draw_style(ST_SELECTED));
			tui_cursor(a, y, 0);
		}
	}
}

static enum tui_result incomplete_key(struct tui_app *a, struct tui_screen *screen, int key)
{
	struct incomplete *s = (struct incomplete *)screen;
	enum tui_cmd cmd = tui_keymap_lookup(C_IMPORTED, key);
	int page = s->visible > 1 ? s->visible - 1 : 1;
	if (tui_list_move(cmd, &s->pos.sel, s->pos.count, page))
		return TUI_STAY;
	enum tui_result res;
	if (tui_goto_key(a, screen, cmd, key, &res))
		return res;
	switch (cmd) {
	case CMD_EDIT: case CMD_ASSIGN:
		if (s->pos.sel >= s->n) {
			tui_error(a, "No imported action lacks anything");
			return TUI_STAY;
		}
		if (tui_may(a, C_IMPORTED, cmd)) {
			char ref[QIP_REF_LEN];
			snprintf(ref, sizeof ref, "%s", s->rows[s->pos.sel].ref);
			tui_do_action_cmd(a, cmd, ref);
		}
		return TUI_STAY;
	default:
		return TUI_STAY;
	}
}

static const struct tui_screen_ops incomplete_ops = {
	.name = "incomplete", .draw = incomplete_draw, .key = incomplete_key,
};

enum tui_nav tui_incomplete_run(struct tui_app *a)
{
	struct incomplete s = { .screen = { .ops = &incomplete_ops, .ctx = C_IMPORTED } };
	enum tui_nav nav = tui_run(a, &s.screen);
	clear_rows(&s);
	return nav;
}
