/* Screen geometry as pure functions of the terminal size: no curses, so the
 * unit tests can check every size from the minimum up. */
#ifndef QIP_TUI_LAYOUT_H
#define QIP_TUI_LAYOUT_H

#include <stdbool.h>

/* Below this the main screen cannot show three usable panes: we draw a
 * "terminal too small" notice instead. 80x24 is the size we design for. */
#define TUI_MIN_LINES 16
#define TUI_MIN_COLS 70
/* From this width the evidence log and the escalation queue sit side by
 * side under the action list, so a wide monitor in a governance meeting
 * shows more rows of all three; the list keeps the full width. */
#define TUI_WIDE_COLS 160

struct tui_rect {
	int y, x, h, w;
};

enum tui_pane { PANE_ACTIONS, PANE_EVIDENCE, PANE_ESCALATIONS, PANE_COUNT };

struct tui_layout {
	int lines, cols;
	bool too_small;
	bool wide;                       /* lower two panes side by side */
	struct tui_rect menu;            /* top line */
	struct tui_rect body;            /* everything between menu and status */
	struct tui_rect status;          /* database, user, date, counts */
	struct tui_rect keys;            /* key hints, or the last message */
	/* Each pane's first row is its title line; the second its column
	 * headings; rows start at y + 2. */
	struct tui_rect pane[PANE_COUNT];
	int vsep_x;                      /* column of the rule between the lower panes when wide, else -1 */
};

void tui_layout_compute(int lines, int cols, struct tui_layout *l);

/* Rows of data a pane shows (its height less title and headings). */
int tui_pane_rows(const struct tui_rect *r);

/* Columns of the action list for a given width. Each is a start column
 * relative to the pane and a width; widths plus one space between each
 * add up to the pane width exactly. At 80 columns flags get 6 letters (the
 * usual most), owner 14, status 11 ("in-progress"). Narrower, flags, owner
 * and status shrink while the title keeps TUI_TITLE_MIN. Wider, each step
 * goes to one column in turn and is never taken back, so the title never
 * gets shorter as the terminal widens: the title grows to 36, then every
 * flag letter shows (8 at most at once: overdue and due-soon exclude each
 * other) and the owner grows to 18 (at 100 columns), the title to 40, the
 * service column appears (service_w is 0 below 117 columns) and grows,
 * and the rest is the title's. */
#define TUI_TITLE_MIN 18
#define TUI_FLAGS_ALL 8
struct tui_action_cols {
	int mark_x, mark_w;     /* '!' overdue, '?' unowned */
	int ref_x, ref_w;
	int flags_x, flags_w;
	int title_x, title_w;
	int service_x, service_w;
	int owner_x, owner_w;
	int due_x, due_w;
	int status_x, status_w;
};
void tui_action_columns(int width, struct tui_action_cols *c);

/* Evidence log: date, kind, category, value, note, who. Narrower than 80
 * the note gives way first; kind ("activity", "outcome") always shows. */
struct tui_evidence_cols {
	int date_x, date_w, kind_x, kind_w, cat_x, cat_w, value_x, value_w;
	int note_x, note_w, who_x, who_w;
};
void tui_evidence_columns(int width, struct tui_evidence_cols *c);

/* Escalation queue: level, reason, action ref, title, assigned to, age. */
struct tui_escalation_cols {
	int level_x, level_w, reason_x, reason_w, ref_x, ref_w, title_x, title_w;
	int who_x, who_w, age_x, age_w;
};
void tui_escalation_columns(int width, struct tui_escalation_cols *c);

/* The database path for the status line: the whole path when it fits in
 * room columns, else its file name (which the caller cuts if need be). */
const char *tui_fit_path(const char *path, int room);

/* The first visible row so that sel stays in view within `rows` rows,
 * keeping the previous top when possible (scrolling like a pager, not
 * re-centring on every key). */
int tui_scroll_top(int top, int sel, int rows, int count);

#endif
