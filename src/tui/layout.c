/* Pure geometry: pane rectangles and column widths for a terminal size.
 * Nothing here touches curses, so it is unit-tested at every size. */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include "qip/text.h"

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static struct tui_rect rect(int y, int x, int h, int w)
{
	return (struct tui_rect){ .y = y, .x = x, .h = h, .w = w };
}

void tui_layout_compute(int lines, int cols, struct tui_layout *l)
{
	*l = (struct tui_layout){ .lines = lines, .cols = cols, .vsep_x = -1 };
	l->too_small = lines < TUI_MIN_LINES || cols < TUI_MIN_COLS;
	if (lines < 3 || cols < 1) {
		/* Nothing sensible fits; everything stays empty. */
		l->too_small = true;
		return;
	}
	l->menu = rect(0, 0, 1, cols);
	l->status = rect(lines - 2, 0, 1, cols);
	l->keys = rect(lines - 1, 0, 1, cols);
	l->body = rect(1, 0, lines - 3, cols);
	if (l->too_small)
		return;

	int top = l->body.y, h = l->body.h;
	if (cols >= TUI_WIDE_COLS) {
		/* The list keeps the full width, so widening the terminal never
		 * cuts its titles shorter; the other two panes sit side by side
		 * under it, each as wide as an 80-column screen, and being half
		 * as many lines deep they leave the list more rows. */
		l->wide = true;
		int lower = clamp(h / 3, 4, 16);
		int list = h - lower;
		int left = (cols - 1) / 2;
		l->vsep_x = left;
		l->pane[PANE_ACTIONS] = rect(top, 0, list, cols);
		l->pane[PANE_EVIDENCE] = rect(top + list, 0, lower, left);
		l->pane[PANE_ESCALATIONS] = rect(top + list, left + 1, lower, cols - left - 1);
		return;
	}
	/* Stacked: the two lower panes get a quarter each (at least a title,
	 * headings and two rows; at most 12 lines, the rest goes to the list). */
	int other = clamp(h / 4, 4, 12);
	int list = h - 2 * other;
	l->pane[PANE_ACTIONS] = rect(top, 0, list, cols);
	l->pane[PANE_EVIDENCE] = rect(top + list, 0, other, cols);
	l->pane[PANE_ESCALATIONS] = rect(top + list + other, 0, other, cols);
}

int tui_pane_rows(const struct tui_rect *r)
{
	return r->h > 2 ? r->h - 2 : 0;
}

/* Lays out n columns left to right with one space between; the flexible
 * one (width -1 on entry) takes what is left. A column of width 0 is left
 * out (no space either). */
static void place(int width, int n, int *x[], int *w[])
{
	int fixed = -1, flex = -1;
	for (int i = 0; i < n; i++) {
		if (*w[i] < 0) {
			flex = i;
			fixed += 1;
		} else if (*w[i] > 0)
			fixed += *w[i] + 1;
	}
	if (flex >= 0)
		*w[flex] = width - fixed > 1 ? width - fixed : 1;
	int at = 0;
	for (int i = 0; i < n; i++) {
		*x[i] = at;
		if (*w[i] > 0)
			at += *w[i] + 1;
	}
}

/* The flexible column's width if the others keep theirs. */
static int flex_width(int width, int n, int *w[])
{
	int used = -1;
	for (int i = 0; i < n; i++)
		used += (*w[i] < 0 ? 0 : *w[i]) + (*w[i] != 0 ? 1 : 0);
	return width - used;
}

/* Takes up to *need columns from w, leaving it at least min. */
static void give(int *w, int min, int *need)
{
	int take = *w - min < *need ? *w - min : *need;
	if (take > 0) {
		*w -= take;
		*need -= take;
	}
}

/* Takes up to `most` columns from *spare. */
static int take(int *spare, int most)
{
	int t = *spare < most ? *spare : most;
	if (t < 0)
		t = 0;
	*spare -= t;
	return t;
}

void tui_action_columns(int width, struct tui_action_cols *c)
{
	*c = (struct tui_action_cols){
		.mark_w = 1,
		.ref_w = 9,                      /* QIP-12345 */
		.flags_w = 6,
		.title_w = TUI_TITLE_MIN,
		.service_w = 0,
		.owner_w = 14,
		.due_w = 11,                     /* "13 Oct 2026" */
		.status_w = 11,
	};
	int *x[] = { &c->mark_x, &c->ref_x, &c->flags_x, &c->title_x, &c->service_x, &c->owner_x, &c->due_x, &c->status_x };
	int *w[] = { &c->mark_w, &c->ref_w, &c->flags_w, &c->title_w, &c->service_w, &c->owner_w, &c->due_w, &c->status_w };
	int spare = flex_width(width, 8, w);   /* what the seven columns and their spaces leave */
	if (spare < 0) {
		int need = -spare;
		give(&c->flags_w, 4, &need);
		give(&c->owner_w, 12, &need);
		give(&c->status_w, 8, &need);
		give(&c->title_w, 1, &need);
		spare = 0;
	}
	/* Each wider step goes to one column in turn, and a column never gives
	 * back what it got, so the title never gets shorter as the terminal
	 * widens: the title first, then every flag letter and the owner, then
	 * the title up to 40 columns (most read whole); the service appears once
	 * 12 columns and its space are spare (until then they stay blank at
	 * the end of the status column), then service and owner grow to their
	 * full width, and all the rest is the title's. */
	c->title_w += take(&spare, 36 - c->title_w);
	c->flags_w += take(&spare, TUI_FLAGS_ALL - c->flags_w);
	c->owner_w += take(&spare, 18 - c->owner_w);
	c->title_w += take(&spare, 40 - c->title_w);
	if (spare >= 13) {
		spare -= 13;
		c->service_w = 12 + take(&spare, 8);
		c->owner_w += take(&spare, 4);
		c->title_w += spare;
		spare = 0;
	}
	c->status_w += spare;
	place(width, 8, x, w);
}

void tui_evidence_columns(int width, struct tui_evidence_cols *c)
{
	*c = (struct tui_evidence_cols){
		.date_w = 11,                    /* "13 Oct 2026" */
		.kind_w = 8,
		.cat_w = 11,
		.value_w = 7,
		.note_w = -1,
		.who_w = width >= 120 ? 20 : 14,
	};
	int *x[] = { &c->date_x, &c->kind_x, &c->cat_x, &c->value_x, &c->note_x, &c->who_x };
	int *w[] = { &c->date_w, &c->kind_w, &c->cat_w, &c->value_w, &c->note_w, &c->who_w };
	int need = TUI_TITLE_MIN - flex_width(width, 6, w);
	give(&c->who_w, 10, &need);
	give(&c->cat_w, 9, &need);      /* "processes" whole */
	place(width, 6, x, w);
}

void tui_escalation_columns(int width, struct tui_escalation_cols *c)
{
	*c = (struct tui_escalation_cols){
		.level_w = 7,
		.reason_w = 14,
		.ref_w = 8,
		.title_w = -1,
		.who_w = width >= 120 ? 20 : 14,
		.age_w = 5,
	};
	int *x[] = { &c->level_x, &c->reason_x, &c->ref_x, &c->title_x, &c->who_x, &c->age_x };
	int *w[] = { &c->level_w, &c->reason_w, &c->ref_w, &c->title_w, &c->who_w, &c->age_w };
	int need = TUI_TITLE_MIN - flex_width(width, 6, w);
	give(&c->reason_w, 12, &need);
	give(&c->who_w, 10, &need);
	place(width, 6, x, w);
}

int tui_scroll_top(int top, int sel, int rows, int count)
{
	if (rows <= 0 || count <= rows)
		return 0;
	if (sel < top)
		top = sel;
	else if (sel >= top + rows)
		top = sel - rows + 1;
	return clamp(top, 0, count - rows);
}

const char *tui_fit_path(const char *path, int room)
{
	char *esc = qip_text_escape(path);
	int w = qip_text_width(esc);
	free(esc);
	if (w <= room)
		return path;
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}
