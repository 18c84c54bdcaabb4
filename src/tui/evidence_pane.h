/* The evidence log pane of the main screen: the entries of the action
 * selected in the list, and the screen showing one entry whole. */
#ifndef QIP_TUI_EVIDENCE_PANE_H
#define QIP_TUI_EVIDENCE_PANE_H

#include <stdbool.h>
#include <stdint.h>

#include "loop.h"
#include "qip/date.h"

struct tui_ev_row {
	int64_t id;
	qip_date seen_on;
	int kind, category;
	bool has_value, superseded;
	double value;
	int64_t corrects_id;
	char *note, *source, *by, *at;
};

struct tui_evidence_pane {
	struct tui_list_pos pos;
	int64_t action;                    /* the action whose entries are counted */
	unsigned counted_gen;
	struct tui_ev_row *rows;           /* the window on screen */
	int n;
	int64_t loaded_action;
	unsigned gen;
	int top, nrows;
	bool loaded;
};

/* Draws the entries of action (0: none selected), whose ref is ref. */
void tui_evidence_draw(struct tui_app *a, struct tui_evidence_pane *win, const struct tui_rect *r, bool focused,
		       int64_t action, const char *ref);
enum tui_nav tui_evidence_cmd(struct tui_app *a, struct tui_evidence_pane *win, enum tui_cmd cmd, const char *ref);
void tui_evidence_free(struct tui_evidence_pane *win);

#endif
