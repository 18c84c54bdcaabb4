/* The People screen: each person's open and overdue actions (who is
 * overloaded, who owns nothing), leavers who still own actions, and
 * reassigning a person's open actions from here. */
#include "people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "prompt.h"
#include "qip/person.h"
#include "qip/text.h"
#include "view.h"

static const char *const scope_names[] = {
	[QIP_PEOPLE_ACTIVE] = "active people",
	[QIP_PEOPLE_ALL] = "everyone, leavers last",
	[QIP_PEOPLE_LEFT_OWNING] = "leavers who still own open actions",
};

static void clear_rows(struct tui_people *p)
{
	for (int i = 0; i < p->n; i++) {
		free(p->rows[i].name);
		free(p->rows[i].role);
		free(p->rows[i].login);
		free(p->rows[i].service);
	}
	free(p->rows);
	p->rows = NULL;
	p->n = 0;
}

static int add_row(void *arg, const struct qip_person *x)
{
	struct tui_people *p = arg;
	p->rows = qip_xrealloc(p->rows, (size_t)(p->n + 1) * sizeof *p->rows);
	p->rows[p->n++] = (struct tui_person_row){
		.id = x->id, .name = qip_strdup(x->name), .role = tui_words(x->role),
		.login = qip_strdup(x->login), .service = qip_strdup(x->service), .active = x->active,
		.left_on = x->left_on, .open = x->open_actions, .overdue = x->overdue_actions,
	};
	return 0;
}

static void load_window(struct tui_app *a, struct tui_people *p, int rows)
{
	bool changed = !p->loaded || p->gen != a->gen || p->scope != p->want_scope;
	if (changed) {
		if (p->scope != p->want_scope)
			p->pos.sel = p->pos.top = 0;
		qip_person_count(a->db, p->want_scope, NULL, &p->pos.count);
	}
	if (p->pos.sel >= p->pos.count)
		p->pos.sel = p->pos.count > 0 ? (int)p->pos.count - 1 : 0;
	p->pos.top = tui_scroll_top(p->pos.top, p->pos.sel, rows, (int)p->pos.count);
	if (changed || p->top != p->pos.top || p->nrows != rows) {
		clear_rows(p);
		qip_person_list(a->db, p->want_scope, NULL, rows, p->pos.top, add_row, p);
		p->loaded = true;
		p->gen = a->gen;
		p->scope = p->want_scope;
		p->top = p->pos.top;
		p->nrows = rows;
	}
}

static void people_draw(struct tui_app *a, struct tui_screen *s)
{
	struct tui_people *p = (struct tui_people *)s;
	const struct tui_rect *b = &a->lay.body;
	tui_clear_body(a);
	int rows = b->h - 2;
	p->rows_visible = rows;
	load_window(a, p, rows);
	char title[200];
	snprintf(title, sizeof title, " People: %lld, %s (v changes)", (long long)p->pos.count, scope_names[p->want_scope]);
	draw_text(b->y, 0, b->w, title, draw_style(ST_TITLE_FOCUS));
	/* Name, role, service, open, overdue, and a bar of open actions. */
	int nw = b->w >= 100 ? 26 : 20, rw = b->w >= 100 ? 22 : 16, sw = b->w >= 100 ? 20 : 12;
	int nx = 2, rx = nx + nw + 1, sx = rx + rw + 1, ox = sx + sw + 1, dx = ox + 6, bx = dx + 9;
	int bw = b->w - bx - 1;
	attr_t h = draw_style(ST_HEAD);
	int hy = b->y + 1;
	draw_fill(hy, 0, b->w, h);
	draw_text(hy, nx, nw, "Name", h);
	draw_text(hy, rx, rw, "Role", h);
	draw_text(hy, sx, sw, "Service", h);
	draw_text_right(hy, ox, 5, "Open", h);
	draw_text_right(hy, dx, 8, "Overdue", h);
	draw_text(hy, bx, bw, "Load", h);
	if (p->n == 0)
		draw_text(b->y + 2, 2, b->w - 2, p->want_scope == QIP_PEOPLE_LEFT_OWNING ?
			  "No leaver owns an open action." : "Nobody here.", A_NORMAL);
	for (int i = 0; i < p->n; i++) {
		const struct tui_person_row *r = &p->rows[i];
		int y = b->y + 2 + i;
		/* A leaver who still owns work is the problem to fix: marked
		 * like an unowned action. */
		bool leaver_owning = !r->active && r->open > 0;
		attr_t st = leaver_owning ? draw_style(ST_UNOWNED) : r->overdue ? draw_style(ST_OVERDUE) : A_NORMAL;
		char name[300], open[16], overdue[16], bar[128];
		snprintf(name, sizeof name, "%s%s", r->name, r->active ? "" : " (left)");
		snprintf(open, sizeof open, "%d", r->open);
		snprintf(overdue, sizeof overdue, "%d", r->overdue);
		int len = r->open < bw && r->open < (int)sizeof bar - 1 ? r->open : (bw < (int)sizeof bar - 1 ? bw : (int)sizeof bar - 1);
		if (len < 0)
			len = 0;
		memset(bar, '#', (size_t)len);
		bar[len] = '\0';
		if (r->open == 0)
			snprintf(bar, sizeof bar, "none");
		draw_fill(y, 0, b->w, st);
		draw_text(y, 0, 1, leaver_owning ? "?" : r->overdue ? "!" : "", st);
		draw_text(y, nx, nw, name, st);
		draw_text(y, rx, rw, r->role, st);
		draw_text(y, sx, sw, r->service, st);
		draw_text_right(y, ox, 5, open, st);
		draw_text_right(y, dx, 8, overdue, st);
		draw_text(y, bx, bw, bar, st);
		if (p->pos.top + i == p->pos.sel) {
			draw_restyle(y, 0, b->w, st | draw_style(ST_SELECTED));
			tui_cursor(a, y, 0);
		}
	}
}

static struct tui_person_row *selected(struct tui_people *p)
{
	int i = p->pos.sel - p->top;
	return i >= 0 && i < p->n ? &p->rows[i] : NULL;
}

struct reassign {
	int64_t from;
	const char *to;
	int moved;
};

static int do_reassign(struct tui_app *a, void *arg)
{
	struct reassign *r = arg;
	return qip_person_reassign_all(a->db, r->from, r->to, &r->moved);
}

static void reassign(struct tui_app *a, struct tui_person_row *r)
{
	if (r->open == 0) {
		tui_error(a, "%s owns no open action", r->name);
		return;
	}
	char title[300];
	snprintf(title, sizeof title, "Give %s's %d open action%s to", r->name, r->open, r->open == 1 ? "" : "s");
	char *to = tui_pick_person(a, title, NULL, 0);
	if (!to)
		return;
	char *q = qip_printf("Move %d open action%s from %s to %s?", r->open, r->open == 1 ? "" : "s", r->name, to);
	if (tui_confirm(a, q)) {
		struct reassign op = { .from = r->id, .to = to };
		char *name = qip_strdup(r->name);
		int rc = tui_write(a, do_reassign, &op);
		if (rc == QIP_OK) {
			tui_changed(a);
			tui_say(a, "%d action%s moved from %s to %s", op.moved, op.moved == 1 ? "" : "s", name, to);
		} else
			tui_error(a, "Nothing moved: %s", qip_db_error(a->db));
		free(name);
	}
	free(q);
	free(to);
}

static enum tui_result people_key(struct tui_app *a, struct tui_screen *s, int key)
{
	struct tui_people *p = (struct tui_people *)s;
	enum tui_cmd cmd = tui_keymap_lookup(C_PEOPLE, key);
	int page = p->rows_visible > 1 ? p->rows_visible - 1 : 1;
	if (tui_list_move(cmd, &p->pos.sel, p->pos.count, page))
		return TUI_STAY;
	struct tui_person_row *r = selected(p);
	if (cmd == CMD_BACK)
		return TUI_DONE;
	if (cmd == CMD_GO_PEOPLE)
		return TUI_STAY;
	if (cmd == CMD_GO_AUDITS) {
		s->nav = NAV_AUDITS;
		return TUI_DONE;
	}
	if (cmd == CMD_GO_ACTIONS || cmd == CMD_GO_EVIDENCE || cmd == CMD_GO_ESCALATIONS) {
		a->focus = cmd == CMD_GO_ACTIONS ? PANE_ACTIONS : cmd == CMD_GO_EVIDENCE ? PANE_EVIDENCE : PANE_ESCALATIONS;
		s->nav = NAV_MAIN;
		return TUI_DONE;
	}
	if (cmd == CMD_SCOPE) {
		p->want_scope = p->want_scope == QIP_PEOPLE_ACTIVE ? QIP_PEOPLE_ALL :
				  p->want_scope == QIP_PEOPLE_ALL ? QIP_PEOPLE_LEFT_OWNING : QIP_PEOPLE_ACTIVE;
		return TUI_STAY;
	}
	if (cmd == CMD_NONE) {
		char label[32];
		tui_error(a, "%s does nothing here; ? lists the keys", tui_key_label(key, label, sizeof label));
		return TUI_STAY;
	}
	if (!r) {
		tui_error(a, "Nobody selected");
		return TUI_STAY;
	}
	if (cmd == CMD_OPEN) {
		p->chosen_id = r->id;
		free(p->chosen_name);
		p->chosen_name = qip_strdup(r->name);
		tui_say(a, "The actions of %s: q goes back to People, F shows everyone's", r->name);
		s->nav = NAV_MAIN;
		return TUI_DONE;
	}
	if (cmd == CMD_REASSIGN && tui_may(a, C_PEOPLE, cmd))
		reassign(a, r);
	return TUI_STAY;
}

static const struct tui_screen_ops people_ops = {
	.name = "people", .draw = people_draw, .key = people_key, .home = NAV_PEOPLE,
};

enum tui_nav tui_people_run(struct tui_app *a, struct tui_people *p)
{
	/* The selection and the scope stay from one visit to the next; the
	 * rows are read afresh. */
	p->screen = (struct tui_screen){ .ops = &people_ops, .ctx = C_PEOPLE };
	p->loaded = false;
	p->scope = QIP_PEOPLE_ACTIVE;   /* the rows read: another scope kept starts at its top */
	p->chosen_id = 0;
	enum tui_nav nav = tui_run(a, &p->screen);
	clear_rows(p);
	return nav;
}

void tui_people_free(struct tui_people *p)
{
	clear_rows(p);
	free(p->chosen_name);
	p->chosen_name = NULL;
}
