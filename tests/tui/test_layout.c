/* Layout geometry is pure: every size from the minimum to a large monitor
 * gives panes that tile the body without overlap and columns that add up
 * to the pane width. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "layout.h"

static void eighty_by_twentyfour_is_the_design_size(void **state)
{
	(void)state;
	struct tui_layout l;
	tui_layout_compute(24, 80, &l);
	assert_false(l.too_small);
	assert_false(l.wide);
	assert_int_equal(l.menu.y, 0);
	assert_int_equal(l.status.y, 22);
	assert_int_equal(l.keys.y, 23);
	assert_int_equal(l.body.y, 1);
	assert_int_equal(l.body.h, 21);
	/* The list gets what the two lower panes leave: 9 rows of actions. */
	assert_int_equal(l.pane[PANE_ACTIONS].h, 11);
	assert_int_equal(tui_pane_rows(&l.pane[PANE_ACTIONS]), 9);
	assert_int_equal(tui_pane_rows(&l.pane[PANE_EVIDENCE]), 3);
	assert_int_equal(tui_pane_rows(&l.pane[PANE_ESCALATIONS]), 3);
}

static void below_the_minimum_is_too_small(void **state)
{
	(void)state;
	struct tui_layout l;
	tui_layout_compute(TUI_MIN_LINES - 1, 80, &l);
	assert_true(l.too_small);
	tui_layout_compute(24, TUI_MIN_COLS - 1, &l);
	assert_true(l.too_small);
	tui_layout_compute(TUI_MIN_LINES, TUI_MIN_COLS, &l);
	assert_false(l.too_small);
	/* Degenerate sizes never produce negative rectangles. */
	tui_layout_compute(1, 1, &l);
	assert_true(l.too_small);
	tui_layout_compute(0, 0, &l);
	assert_true(l.too_small);
}

static void wide_terminals_put_the_other_panes_side_by_side(void **state)
{
	(void)state;
	struct tui_layout l;
	tui_layout_compute(50, 200, &l);
	assert_true(l.wide);
	/* The list keeps the full width and gets more rows than stacked. */
	assert_int_equal(l.pane[PANE_ACTIONS].w, 200);
	struct tui_layout narrow;
	tui_layout_compute(50, TUI_WIDE_COLS - 1, &narrow);
	assert_false(narrow.wide);
	assert_true(l.pane[PANE_ACTIONS].h > narrow.pane[PANE_ACTIONS].h);
	/* Evidence and escalations share the lines under it, each at least
	 * as wide as an 80-column screen, the rule between them. */
	assert_int_equal(l.pane[PANE_EVIDENCE].y, l.pane[PANE_ESCALATIONS].y);
	assert_int_equal(l.pane[PANE_EVIDENCE].h, l.pane[PANE_ESCALATIONS].h);
	assert_int_equal(l.vsep_x, l.pane[PANE_EVIDENCE].w);
	assert_int_equal(l.pane[PANE_ESCALATIONS].x, l.vsep_x + 1);
	assert_true(l.pane[PANE_EVIDENCE].w >= 80 && l.pane[PANE_ESCALATIONS].w >= 80);
	assert_int_equal(l.pane[PANE_ACTIONS].h + l.pane[PANE_EVIDENCE].h, l.body.h);
}

/* Widening the terminal never shows less of an action's title: not where
 * a column appears or widens, not where the layout goes side by side. */
static void a_wider_terminal_never_shows_less_of_a_title(void **state)
{
	(void)state;
	for (int lines = 24; lines <= 60; lines += 12) {
		int prev = 0;
		for (int cols = 80; cols <= 250; cols++) {
			struct tui_layout l;
			tui_layout_compute(lines, cols, &l);
			struct tui_action_cols c;
			tui_action_columns(l.pane[PANE_ACTIONS].w, &c);
			if (c.title_w < prev)
				fail_msg("at %dx%d the title has %d columns, at %d columns it had %d",
					 cols, lines, c.title_w, cols - 1, prev);
			prev = c.title_w;
		}
	}
}

static bool overlap(const struct tui_rect *a, const struct tui_rect *b)
{
	return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static void panes_tile_the_body_at_every_size(void **state)
{
	(void)state;
	for (int lines = TUI_MIN_LINES; lines <= 120; lines++)
		for (int cols = TUI_MIN_COLS; cols <= 320; cols += 7) {
			struct tui_layout l;
			tui_layout_compute(lines, cols, &l);
			assert_false(l.too_small);
			int area = 0;
			for (int p = 0; p < PANE_COUNT; p++) {
				const struct tui_rect *r = &l.pane[p];
				/* Inside the body, at least a title, headings and two rows. */
				assert_true(r->x >= 0 && r->y >= l.body.y);
				assert_true(r->x + r->w <= cols);
				assert_true(r->y + r->h <= l.body.y + l.body.h);
				assert_true(tui_pane_rows(r) >= 2);
				for (int q = p + 1; q < PANE_COUNT; q++)
					assert_false(overlap(r, &l.pane[q]));
				area += r->w * r->h;
			}
			/* Every cell of the body is used (the rule takes a column
			 * beside the lower panes). */
			assert_int_equal(area + (l.wide ? l.pane[PANE_EVIDENCE].h : 0), l.body.w * l.body.h);
			/* The list is never the smallest pane. */
			assert_true(tui_pane_rows(&l.pane[PANE_ACTIONS]) >= tui_pane_rows(&l.pane[PANE_EVIDENCE]));
		}
}

static void action_columns_add_up(void **state)
{
	(void)state;
	struct tui_action_cols prev;
	tui_action_columns(TUI_MIN_COLS, &prev);
	for (int w = TUI_MIN_COLS; w <= 300; w++) {
		struct tui_action_cols c;
		tui_action_columns(w, &c);
		assert_int_equal(c.mark_x, 0);
		assert_int_equal(c.ref_x, c.mark_x + c.mark_w + 1);
		assert_int_equal(c.flags_x, c.ref_x + c.ref_w + 1);
		assert_int_equal(c.title_x, c.flags_x + c.flags_w + 1);
		if (c.service_w) {
			assert_int_equal(c.service_x, c.title_x + c.title_w + 1);
			assert_int_equal(c.owner_x, c.service_x + c.service_w + 1);
		} else
			assert_int_equal(c.owner_x, c.title_x + c.title_w + 1);
		assert_int_equal(c.due_x, c.owner_x + c.owner_w + 1);
		assert_int_equal(c.status_x, c.due_x + c.due_w + 1);
		assert_int_equal(c.status_x + c.status_w, w);
		/* A date and a ref always fit whole; the title has room to read. */
		assert_int_equal(c.due_w, 11);    /* "13 Oct 2026" */
		assert_true(c.ref_w >= 9);
		assert_true(c.title_w >= TUI_TITLE_MIN);
		/* A wider terminal never takes from a column. */
		assert_true(c.flags_w >= prev.flags_w);
		assert_true(c.owner_w >= prev.owner_w);
		assert_true(c.service_w >= prev.service_w);
		assert_true(c.title_w >= prev.title_w);
		if (c.title_w > TUI_TITLE_MIN && w < 100)
			assert_true(c.flags_w >= 6 && c.owner_w >= 14 && c.status_w >= 11);
		prev = c;
	}
	struct tui_action_cols c;
	tui_action_columns(80, &c);
	assert_int_equal(c.flags_w, 6);       /* "OUR1NT": the usual worst case */
	assert_int_equal(c.title_w, 22);
	assert_int_equal(c.status_w, 11);     /* "in-progress" */
	assert_int_equal(c.service_w, 0);
	tui_action_columns(100, &c);
	assert_int_equal(c.flags_w, TUI_FLAGS_ALL);
	assert_int_equal(c.owner_w, 18);
	tui_action_columns(116, &c);
	assert_int_equal(c.service_w, 0);
	tui_action_columns(117, &c);
	assert_int_equal(c.service_w, 12);
	assert_int_equal(c.title_w, 40);
	tui_action_columns(140, &c);
	assert_int_equal(c.service_w, 20);
	assert_int_equal(c.owner_w, 22);
	assert_true(c.title_w > 40);
}

static void evidence_and_escalation_columns_add_up(void **state)
{
	(void)state;
	struct tui_evidence_cols pe;
	struct tui_escalation_cols ps;
	tui_evidence_columns(TUI_MIN_COLS, &pe);
	tui_escalation_columns(TUI_MIN_COLS, &ps);
	for (int w = TUI_MIN_COLS; w <= 300; w++) {
		struct tui_evidence_cols e;
		tui_evidence_columns(w, &e);
		assert_int_equal(e.who_x + e.who_w, w);
		assert_int_equal(e.note_x, e.value_x + e.value_w + 1);
		assert_true(e.note_w >= TUI_TITLE_MIN);
		assert_true(e.cat_w >= 9);
		assert_int_equal(e.kind_w, 8);            /* "activity" whole */
		assert_true(e.cat_w >= pe.cat_w && e.who_w >= pe.who_w);
		if (w != 120)   /* "by" widens there */
			assert_true(e.note_w >= pe.note_w);
		struct tui_escalation_cols s;
		tui_escalation_columns(w, &s);
		assert_int_equal(s.age_x + s.age_w, w);
		assert_true(s.title_w >= TUI_TITLE_MIN);
		assert_true(s.reason_w >= ps.reason_w && s.who_w >= ps.who_w);
		if (w != 120)
			assert_true(s.title_w >= ps.title_w);
		pe = e;
		ps = s;
	}
}

static void scrolling_keeps_the_selection_in_view(void **state)
{
	(void)state;
	assert_int_equal(tui_scroll_top(0, 5, 10, 3), 0);        /* all fits */
	assert_int_equal(tui_scroll_top(0, 9, 10, 100), 0);      /* still in view */
	assert_int_equal(tui_scroll_top(0, 10, 10, 100), 1);     /* one down */
	assert_int_equal(tui_scroll_top(50, 20, 10, 100), 20);   /* jumped up */
	assert_int_equal(tui_scroll_top(95, 99, 10, 100), 90);   /* never past the end */
	assert_int_equal(tui_scroll_top(5, 0, 0, 100), 0);       /* no rows */
	for (int top = 0; top < 100; top += 9)
		for (int sel = 0; sel < 100; sel += 7) {
			int t = tui_scroll_top(top, sel, 10, 100);
			assert_true(sel >= t && sel < t + 10);
			assert_true(t >= 0 && t <= 90);
		}
}

static void the_status_line_keeps_the_file_name_of_a_long_path(void **state)
{
	(void)state;
	const char *p = "/srv/care/provider-quality/governance/2026/qip.db";
	assert_string_equal(tui_fit_path(p, 80), p);
	assert_string_equal(tui_fit_path(p, (int)strlen(p)), p);
	assert_string_equal(tui_fit_path(p, (int)strlen(p) - 1), "qip.db");
	assert_string_equal(tui_fit_path(p, 3), "qip.db");   /* the caller cuts it */
	assert_string_equal(tui_fit_path("qip.db", 2), "qip.db");
	assert_string_equal(tui_fit_path("/srv/dir/", 2), "/srv/dir/");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(eighty_by_twentyfour_is_the_design_size),
		cmocka_unit_test(below_the_minimum_is_too_small),
		cmocka_unit_test(wide_terminals_put_the_other_panes_side_by_side),
		cmocka_unit_test(a_wider_terminal_never_shows_less_of_a_title),
		cmocka_unit_test(panes_tile_the_body_at_every_size),
		cmocka_unit_test(action_columns_add_up),
		cmocka_unit_test(evidence_and_escalation_columns_add_up),
		cmocka_unit_test(scrolling_keeps_the_selection_in_view),
		cmocka_unit_test(the_status_line_keeps_the_file_name_of_a_long_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
