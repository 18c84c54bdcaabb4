/* The evidence log pane: entries of the action selected in the list,
 * newest first, a window at a time. Enter shows a whole entry; C corrects
 * one (a new entry supersedes it: evidence is never overwritten). */
#include "evidence_pane.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action_forms.h"
#include "draw.h"
#include "qip/evidence.h"
#include "qip/text.h"
#include "qip/vocab.h"
#include "view.h"

static void clear_rows(struct tui_evidence_pane *win)
{
	for (int i = 0; i < win->n; i++) {
		free(win->rows[i].note);
		free(win->rows[i].source);
		free(win->rows[i].by);
		free(win->rows[i].at);
	}
	free(win->rows);
	win->rows = NULL;
	win->n = 0;
}

void tui_evidence_free(struct tui_evidence_pane *win)
{
	clear_rows(win);
	win->loaded = false;
}

static int add_row(void *arg, const struct qip_evidence *e)
{
	struct tui_evidence_pane *win = arg;
	win->rows = qip_xrealloc(win->rows, (size_t)(win->n + 1) * sizeof *win->rows);
	win->rows[win->n++] = (struct tui_ev_row){
		.id = e->id, .seen_on = e->seen_on, .kind = e->kind, .category = e->category,
		.has_value = e->has_value, .value = e->value, .superseded = e->superseded,
		.corrects_id = e->corrects_id, .note = qip_strdup(e->note), .source = qip_strdup(e->source),
		.by = qip_strdup(e->recorded_by), .at = qip_strdup(e->recorded_at),
	};
	return 0;
}

static void load_window(struct tui_app *a, struct tui_evidence_pane *win, int64_t action, int rows)
{
	bool changed = action != win->action || win->counted_gen != a->gen;
	if (action != win->action) {
		win->pos.sel = win->pos.top = 0;
		win->action = action;
	}
	if (changed) {
		win->pos.count = 0;
		if (action)
			qip_evidence_count(a->db, action, &win->pos.count);
		win->counted_gen = a->gen;
	}
	if (win->pos.sel >= win->pos.count)
		win->pos.sel = win->pos.count > 0 ? (int)win->pos.count - 1 : 0;
	win->pos.top = tui_scroll_top(win->pos.top, win->pos.sel, rows, (int)win->pos.count);
	if (changed || !win->loaded || win->loaded_action != action || win->gen != a->gen || win->top != win->pos.top ||
	    win->nrows != rows) {
		clear_rows(win);
		if (action)
			qip_evidence_list(a->db, action, rows, win->pos.top, add_row, win);
		win->loaded = true;
		win->loaded_action = action;
		win->gen = a->gen;
		win->top = win->pos.top;
		win->nrows = rows;
	}
}

void tui_evidence_draw(struct tui_app *a, struct tui_evidence_pane *win, const struct tui_rect *r, bool focused,
		       int64_t action, const char *ref)
{
	int rows = tui_pane_rows(r);
	load_window(a, win, action, rows);
	char title[200];
	if (ref[0])
		snprintf(title, sizeof title, " Evidence: %s, %lld %s", ref, (long long)win->pos.count,
			 win->pos.count == 1 ? "entry" : "entries");
	else
		snprintf(title, sizeof title, " Evidence: no action selected");
	draw_pane_title(r->y, r->x, r->w, title, win->pos.top, win->n, win->pos.count,
			draw_style(focused ? ST_TITLE_FOCUS : ST_TITLE));
	struct tui_evidence_cols c;
	tui_evidence_columns(r->w, &c);
	attr_t h = draw_style(ST_HEAD);
	int hy = r->y + 1;
	draw_fill(hy, r->x, r->w, h);
	draw_text_right(hy, r->x + c.date_x, c.date_w, "Seen", h);   /* dates right-aligned: months line up */
	draw_text(hy, r->x + c.kind_x, c.kind_w, "Kind", h);
	draw_text(hy, r->x + c.cat_x, c.cat_w, "Category", h);
	draw_text_right(hy, r->x + c.value_x, c.value_w, "Value", h);
	draw_text(hy, r->x + c.note_x, c.note_w, "Note", h);
	draw_text(hy, r->x + c.who_x, c.who_w, "By", h);
	if (win->n == 0 && rows > 0) {
		draw_text(r->y + 2, r->x + 2, r->w - 2, ref[0] ? "No evidence yet: l logs some." : "", A_NORMAL);
		if (focused)
			tui_cursor(a, r->y + 2, r->x);
		return;
	}
	for (int i = 0; i < win->n; i++) {
		const struct tui_ev_row *e = &win->rows[i];
		int y = r->y + 2 + i;
		char day[QIP_DATE_TEXT_LEN], val[QIP_NUMBER_LEN] = "";
		if (e->has_value)
			qip_number_format(e->value, val);
		char *note = e->superseded ? qip_printf("(superseded) %s", e->note) :
			     e->corrects_id ? qip_printf("(correction) %s", e->note) : qip_strdup(e->note);
		draw_text_right(y, r->x + c.date_x, c.date_w, qip_date_text(e->seen_on, day), A_NORMAL);
		draw_text(y, r->x + c.kind_x, c.kind_w, qip_vocab_name(&qip_vocab_kind, e->kind), A_NORMAL);
		draw_text(y, r->x + c.cat_x, c.cat_w, qip_vocab_name(&qip_vocab_category, e->category), A_NORMAL);
		draw_text_right(y, r->x + c.value_x, c.value_w, val, A_NORMAL);
		draw_text(y, r->x + c.note_x, c.note_w, note, A_NORMAL);
		draw_text(y, r->x + c.who_x, c.who_w, e->by, A_NORMAL);
		free(note);
		if (win->pos.top + i == win->pos.sel) {
			draw_restyle(y, r->x, r->w, draw_style(focused ? ST_SELECTED : ST_SELECTED_DIM));
			if (focused)
				tui_cursor(a, y, r->x);
		}
	}
}

/* ---- one entry, whole ---------------------------------------------------- */

struct entry_view {
	struct tui_ev_row row;
	char ref[QIP_REF_LEN];
};

static void build_entry(struct tui_app *a, struct tui_view *v, struct tui_doc *d)
{
	(void)a;
	const struct entry_view *ev = v->arg;
	const struct tui_ev_row *e = &ev->row;
	char day[QIP_DATE_TEXT_LEN], val[QIP_NUMBER_LEN] = "";
	if (e->has_value)
		qip_number_format(e->value, val);
	tui_doc_field(d, "Seen on", qip_date_text(e->seen_on, day));
	tui_doc_field(d, "Kind", qip_vocab_label(&qip_vocab_kind, e->kind));
	tui_doc_field(d, "Category", qip_vocab_label(&qip_vocab_category, e->category));
	tui_doc_field(d, "Measured value", val);
	tui_doc_field(d, "Record kept in", e->source);
	tui_doc_field(d, "Recorded by", e->by);
	char at[QIP_WHEN_TEXT_LEN];
	tui_doc_field(d, "Recorded at", qip_when_text(e->at, at));
	if (e->superseded)
		tui_doc_field(d, "Superseded", "yes: a later correction replaces this entry");
	if (e->corrects_id)
		tui_doc_field(d, "Correction", "yes: this entry replaces an earlier one");
	tui_doc_add(d, A_NORMAL, "%s", "");
	tui_doc_add(d, A_BOLD, "Note");
	tui_doc_wrap(d, A_NORMAL, 2, e->note);
}

/* The correction form of entry e of the action ref. */
static void correct(struct tui_app *a, const char *ref, const struct tui_ev_row *e)
{
	if (e->superseded) {
		tui_error(a, "This entry is already superseded: correct the newer entry instead");
		return;
	}
	char day[QIP_DATE_LEN], val[QIP_NUMBER_LEN] = "";
	if (e->has_value)
		qip_number_format(e->value, val);
	tui_evidence_form(a, ref, e->id, qip_vocab_name(&qip_vocab_kind, e->kind),
			  qip_vocab_name(&qip_vocab_category, e->category), val, e->source, e->note,
			  qip_date_format(e->seen_on, day));
}

/* The entry screen has the pane's keys (its own context, C_ENTRY): l logs
 * on the entry's action and C corrects this entry, as in the pane. */
static enum tui_nav entry_cmd(struct tui_app *a, struct tui_view *v, enum tui_cmd cmd)
{
	const struct entry_view *ev = v->arg;
	if (cmd == CMD_CORRECT)
		correct(a, ev->ref, &ev->row);
	else if (cmd == CMD_LOG)
		tui_do_action_cmd(a, CMD_LOG, ev->ref);
	return NAV_STAY;
}

static const struct tui_ev_row *selected(struct tui_evidence_pane *win)
{
	int i = win->pos.sel - win->top;
	return i >= 0 && i < win->n ? &win->rows[i] : NULL;
}

enum tui_nav tui_evidence_cmd(struct tui_app *a, struct tui_evidence_pane *win, enum tui_cmd cmd, const char *ref)
{
	int page = win->nrows > 1 ? win->nrows - 1 : 1;
	if (tui_list_move(cmd, &win->pos.sel, win->pos.count, page))
		return NAV_STAY;
	const struct tui_ev_row *e = selected(win);
	switch (cmd) {
	case CMD_OPEN: {
		if (!e) {
			tui_error(a, "No entry selected");
			return NAV_STAY;
		}
		/* A copy: the window may reload while the entry is shown. */
		struct entry_view ev = { .row = *e };
		snprintf(ev.ref, sizeof ev.ref, "%s", ref);
		ev.row.note = qip_strdup(e->note);
		ev.row.source = qip_strdup(e->source);
		ev.row.by = qip_strdup(e->by);
		ev.row.at = qip_strdup(e->at);
		struct tui_view v = { .ctx = C_ENTRY, .build = build_entry, .cmd = entry_cmd, .arg = &ev };
		snprintf(v.title, sizeof v.title, "Evidence on %s (q to go back)", ref);
		enum tui_nav nav = tui_view_run(a, &v);
		free(ev.row.note);
		free(ev.row.source);
		free(ev.row.by);
		free(ev.row.at);
		return nav;
	}
	case CMD_LOG:
		if (!ref[0]) {
			tui_error(a, "No action selected: pick one in the action list first");
			return NAV_STAY;
		}
		tui_do_action_cmd(a, CMD_LOG, ref);
		return NAV_STAY;
	case CMD_CORRECT:
		if (!e) {
			tui_error(a, "No entry selected");
			return NAV_STAY;
		}
		correct(a, ref, e);
		return NAV_STAY;
	default:
		return NAV_STAY;
	}
}
