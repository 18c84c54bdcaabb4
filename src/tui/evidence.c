/* The evidence log pane: entries of the action selected in the list,
 * newest first, a window at a time. Enter shows a whole entry; c corrects
 * one (a new entry supersedes it: evidence is never overwritten). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "qip/evidence.h"
#include "qip/text.h"
#include "qip/vocab.h"
#include "view.h"

struct ev_row {
	int64_t id;
	qip_date seen_on;
	int kind, category;
	bool has_value, superseded;
	double value;
	int64_t corrects_id;
	char *note, *source, *by, *at;
};

/* The window on screen; one evidence pane per program. */
static struct {
	struct ev_row *rows;
	int n;
	int64_t action;
	unsigned gen;
	int top, nrows;
	bool loaded;
} win;

static void clear_rows(void)
{
	for (int i = 0; i < win.n; i++) {
		free(win.rows[i].note);
		free(win.rows[i].source);
		free(win.rows[i].by);
		free(win.rows[i].at);
	}
	free(win.rows);
	win.rows = NULL;
	win.n = 0;
}

void tui_evidence_free(void)
{
	clear_rows();
	win.loaded = false;
}

static int add_row(void *arg, const struct qip_evidence *e)
{
	(void)arg;
	win.rows = qip_xrealloc(win.rows, (size_t)(win.n + 1) * sizeof *win.rows);
	win.rows[win.n++] = (struct ev_row){
		.id = e->id, .seen_on = e->seen_on, .kind = e->kind, .category = e->category,
		.has_value = e->has_value, .value = e->value, .superseded = e->superseded,
		.corrects_id = e->corrects_id, .note = qip_strdup(e->note), .source = qip_strdup(e->source),
		.by = qip_strdup(e->recorded_by), .at = qip_strdup(e->recorded_at),
	};
	return 0;
}

static void load_window(struct tui_app *a, int rows)
{
	int64_t action = a->act.sel_id;
	bool changed = action != a->ev_action || a->ev_gen != a->gen;
	if (action != a->ev_action) {
		a->ev.sel = a->ev.top = 0;
		a->ev_action = action;
	}
	if (changed) {
		a->ev.count = 0;
		if (action)
			qip_evidence_count(a->db, action, &a->ev.count);
		a->ev_gen = a->gen;
	}
	if (a->ev.sel >= a->ev.count)
		a->ev.sel = a->ev.count > 0 ? (int)a->ev.count - 1 : 0;
	a->ev.top = tui_scroll_top(a->ev.top, a->ev.sel, rows, (int)a->ev.count);
	if (changed || !win.loaded || win.action != action || win.gen != a->gen || win.top != a->ev.top || win.nrows != rows) {
		clear_rows();
		if (action)
			qip_evidence_list(a->db, action, rows, a->ev.top, add_row, NULL);
		win.loaded = true;
		win.action = action;
		win.gen = a->gen;
		win.top = a->ev.top;
		win.nrows = rows;
	}
}

void tui_evidence_draw(struct tui_app *a, const struct tui_rect *r, bool focused)
{
	int rows = tui_pane_rows(r);
	load_window(a, rows);
	char ref[QIP_REF_LEN], title[200];
	tui_actions_selected(a, ref);
	if (ref[0])
		snprintf(title, sizeof title, " Evidence: %s, %lld %s", ref, (long long)a->ev.count,
			 a->ev.count == 1 ? "entry" : "entries");
	else
		snprintf(title, sizeof title, " Evidence: no action selected");
	draw_pane_title(r->y, r->x, r->w, title, a->ev.top, win.n, a->ev.count,
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
	if (win.n == 0 && rows > 0) {
		draw_text(r->y + 2, r->x + 2, r->w - 2, ref[0] ? "No evidence yet: l logs some." : "", A_NORMAL);
		if (focused)
			tui_cursor(a, r->y + 2, r->x);
		return;
	}
	for (int i = 0; i < win.n; i++) {
		const struct ev_row *e = &win.rows[i];
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
		if (a->ev.top + i == a->ev.sel) {
			draw_restyle(y, r->x, r->w, draw_style(focused ? ST_SELECTED : ST_SELECTED_DIM));
			if (focused)
				tui_cursor(a, y, r->x);
		}
	}
}

/* ---- one entry, whole ---------------------------------------------------- */

struct entry_view {
	struct ev_row row;
	char ref[QIP_REF_LEN];
};

static void build_entry(struct tui_app *a, struct tui_view *v, struct tui_doc *d)
{
	(void)a;
	const struct entry_view *ev = v->arg;
	const struct ev_row *e = &ev->row;
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

/* Action keys here act on the entry's action, as on its detail screen. */
static enum tui_nav entry_cmd(struct tui_app *a, struct tui_view *v, enum tui_cmd cmd)
{
	const struct entry_view *ev = v->arg;
	tui_do_action_cmd(a, cmd, ev->ref);
	return NAV_STAY;
}

static const struct ev_row *selected(struct tui_app *a)
{
	int i = a->ev.sel - win.top;
	return i >= 0 && i < win.n ? &win.rows[i] : NULL;
}

enum tui_nav tui_evidence_cmd(struct tui_app *a, enum tui_cmd cmd)
{
	int page = win.nrows > 1 ? win.nrows - 1 : 1;
	if (tui_list_move(cmd, &a->ev.sel, a->ev.count, page))
		return NAV_STAY;
	char ref[QIP_REF_LEN];
	tui_actions_selected(a, ref);
	const struct ev_row *e = selected(a);
	switch (cmd) {
	case CMD_OPEN: {
		if (!e) {
			tui_error(a, "No entry selected");
			return NAV_STAY;
		}
		/* A copy: the window may reload while the entry is shown. */
		struct entry_view ev = { .row = *e };
		memcpy(ev.ref, ref, sizeof ev.ref);
		ev.row.note = qip_strdup(e->note);
		ev.row.source = qip_strdup(e->source);
		ev.row.by = qip_strdup(e->by);
		ev.row.at = qip_strdup(e->at);
		struct tui_view v = { .ctx = C_DETAIL, .build = build_entry, .cmd = entry_cmd, .arg = &ev };
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
	case CMD_CORRECT: {
		if (!e) {
			tui_error(a, "No entry selected");
			return NAV_STAY;
		}
		if (e->superseded) {
			tui_error(a, "This entry is already superseded: correct the newer entry instead");
			return NAV_STAY;
		}
		char day[QIP_DATE_LEN], val[QIP_NUMBER_LEN] = "";
		if (e->has_value)
			qip_number_format(e->value, val);
		tui_evidence_form(a, ref, e->id, qip_vocab_name(&qip_vocab_kind, e->kind),
				  qip_vocab_name(&qip_vocab_category, e->category), val, e->source, e->note,
				  qip_date_format(e->seen_on, day));
		return NAV_STAY;
	}
	default:
		return NAV_STAY;
	}
}
