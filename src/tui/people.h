/* The People screen: each person's open and overdue actions, leavers who
 * still own actions, and reassigning a person's open actions. */
#ifndef QIP_TUI_PEOPLE_H
#define QIP_TUI_PEOPLE_H

#include <stdbool.h>
#include <stdint.h>

#include "loop.h"
#include "qip/date.h"

struct tui_person_row {
	int64_t id;
	char *name, *role, *login, *service;
	bool active;
	qip_date left_on;
	int open, overdue;
};

/* Kept from one visit to the next: the selection and the scope. */
struct tui_people {
	struct tui_screen screen;
	struct tui_list_pos pos;
	int want_scope;                    /* enum qip_people_scope, v changes it */
	struct tui_person_row *rows;       /* the window on screen */
	int n;
	unsigned gen;
	int top, nrows, scope;
	bool loaded;
	int rows_visible;
	/* Enter on a person: whose actions the list is to show (the screen
	 * then finishes with NAV_MAIN); 0 otherwise. */
	int64_t chosen_id;
	char *chosen_name;
};

enum tui_nav tui_people_run(struct tui_app *a, struct tui_people *p);
void tui_people_free(struct tui_people *p);

#endif
