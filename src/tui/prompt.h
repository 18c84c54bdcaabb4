/* Pickers (type to narrow, arrows to choose), one-line prompts and y/n
 * questions: screens drawn in a box over whatever screen asked, each run
 * by the loop until it has its answer. */
#ifndef QIP_TUI_PROMPT_H
#define QIP_TUI_PROMPT_H

#include <stdbool.h>
#include <stdint.h>

#include "loop.h"
#include "qip/vocab.h"

/* Active people, narrowed as a name is typed. Opens on person at (an id,
 * 0 for none) or on start when that already names an active person;
 * otherwise start is what has been typed. Returns a malloc'd name (or
 * login, when the name is shared) for the core's find functions, or NULL
 * when cancelled. */
char *tui_pick_person(struct tui_app *a, const char *title, const char *start, int64_t at);
/* One of n labels; returns its index or -1. */
int tui_pick(struct tui_app *a, const char *title, const char *const *labels, int n, int sel);
/* A word from a vocabulary (name), or NULL. */
char *tui_pick_word(struct tui_app *a, const char *title, const struct qip_vocab *v, const char *start);
/* A service name, or NULL. */
char *tui_pick_service(struct tui_app *a, const char *title);
/* Quality statements, several marked by their names ("Safe: Medicines
 * optimisation"), starting from the ids in current. The marked ids,
 * comma separated and malloc'd, or NULL when cancelled. */
char *tui_pick_statements(struct tui_app *a, const char *title, const char *current);
/* A quality area in use, listed with its count of actions; NULL when
 * cancelled or there is none (new_ok: the message says to type one). */
char *tui_pick_area(struct tui_app *a, const char *title, const char *current, bool new_ok);
/* The quality areas in use, most used first: n malloc'd strings in a
 * malloc'd array. */
char **tui_areas_in_use(struct tui_app *a, int *n);
/* A few fixed choices, one key each: pressing an entry's key chooses it
 * at once; arrows and Enter work too. The entry at current is marked.
 * Returns the index chosen, or -1 when cancelled. */
struct tui_choice {
	int key;
	const char *label;
};
int tui_choose(struct tui_app *a, const char *title, const struct tui_choice *c, int n, int current);
/* A line of text; malloc'd, or NULL when cancelled. */
char *tui_prompt(struct tui_app *a, const char *title, const char *start);
/* y or n (Esc is n). */
bool tui_confirm(struct tui_app *a, const char *question);

#endif
