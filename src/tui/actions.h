/* The action list pane of the main screen: a window of rows fetched for
 * what is on screen (never the whole table), filter, sort and search. */
#ifndef QIP_TUI_ACTIONS_H
#define QIP_TUI_ACTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "loop.h"
#include "qip/action.h"

/* A row of the action list, copied out of the window query. */
struct tui_action_row {
	int64_t id;
	char ref[QIP_REF_LEN];
	char *title, *owner, *service;
	bool owner_active;
	qip_date due;
	int status;
	unsigned flags;
	struct qip_action_key key;         /* where it sits in a keyed order */
};

struct tui_actions {
	bool ready;                        /* filter initialised */
	struct qip_action_filter filter;
	int64_t owner_filter_id;           /* kept with its name for the title line */
	char *owner_name, *service_name, *area, *words, *statement;
	unsigned flag_filter;
	int64_t count;
	int sel, top;
	struct tui_action_row *rows;       /* the visible window only */
	int nrows;
	int64_t sel_id;                    /* keeps the selection on its action */
	int sel_shown;                     /* the row sel_id was taken from */
	unsigned loaded_gen, counted_gen;
	int loaded_top, loaded_rows;
	bool filter_changed;
	/* A row whose key and place are known without the window: a search
	 * match or the selection found again; the next window is fetched
	 * from it. */
	bool anchored;
	struct qip_action_key anchor;
	int64_t anchor_index;
	char *search;                      /* the last / words, for n and N */
	bool from_people;                  /* one person's actions: q goes back to People */
};

void tui_actions_draw(struct tui_app *a, struct tui_actions *s, const struct tui_rect *r, bool focused);
enum tui_nav tui_actions_cmd(struct tui_app *a, struct tui_actions *s, enum tui_cmd cmd);
/* The selected action (0 when none) and its ref. */
int64_t tui_actions_selected(const struct tui_actions *s, char ref[QIP_REF_LEN]);
void tui_actions_free(struct tui_actions *s);
/* Shows only the actions of one owner (Enter on a person in People). */
void tui_actions_filter_owner(struct tui_app *a, struct tui_actions *s, int64_t id, const char *name);

#endif
