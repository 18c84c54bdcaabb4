/* Keyboard forms: labelled fields checked as they are typed, the error
 * shown next to the field, Esc cancels without writing, and a save that
 * fails (bad value, refused by a rule, database busy) keeps everything
 * that was typed. Also the one-line editor that forms, pickers and
 * prompts share. */
#ifndef QIP_TUI_FORM_H
#define QIP_TUI_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <curses.h>

#include "app.h"
#include "qip/vocab.h"

/* One line of text being edited; the cursor is a byte offset that always
 * sits on a character boundary. */
struct tui_edit {
	char *text;
	size_t cur;
};
void tui_edit_set(struct tui_edit *e, const char *text);
void tui_edit_free(struct tui_edit *e);
/* Applies an editing key (insert, Left/Right, Home/End, Bksp, Del, C-u).
 * Returns true when the key was an editing key (text may have changed). */
bool tui_edit_key(struct tui_edit *e, unsigned ctx, int key);
/* Draws the text in w columns, scrolled so the cursor shows, and puts the
 * hardware cursor there. */
void tui_edit_draw(struct tui_app *a, const struct tui_edit *e, int y, int x, int w, attr_t attr);

enum tui_field_kind {
	FK_TEXT,
	FK_CHOICE,     /* one of vocab's names; F4 lists them */
	FK_PERSON,     /* an active person; F4 opens a type-to-narrow picker */
	FK_SERVICE,    /* a service; F4 lists them */
	FK_STATEMENTS, /* quality statement ids, comma separated; F4 marks several by name */
	FK_AREA,       /* a quality area; F4 lists those in use */
	FK_YES_NO,     /* yes or no (vocab): y and n replace the answer, Space switches it */
};

struct tui_field {
	const char *label;
	int kind;
	const struct qip_vocab *vocab;    /* FK_CHOICE */
	int id;                           /* the core's field number, for check */
	bool required;
	const char *hint;                 /* shown under the field while it has focus */
	struct tui_edit ed;
	bool in_use;                      /* FK_AREA: only an area in use (a unique start completes) */
	bool touched;                     /* changed or left: its error may show */
	char err[400];
	char *note;                       /* FK_STATEMENTS: the chosen statements' names */
};

struct tui_form {
	const char *title;
	char **info;                      /* lines shown above the fields, owned */
	int ninfo;
	struct tui_field *fields;
	int n;
	/* Checks field i as typed; returns QIP_OK or an error in msg. */
	int (*check)(struct tui_app *a, struct tui_form *f, int i, char *msg, size_t msgsz);
	/* Called after field i changed as typed or picked (may be NULL): lets
	 * one field fill in another, as the escalation level its assignee. */
	void (*changed)(struct tui_app *a, struct tui_form *f, int i);
	/* Writes everything (run through tui_write, so retried while busy). */
	int (*save)(struct tui_app *a, void *form);
	void *arg;
	const char *save_word;            /* the save key's hint, when not "save" */
	char msg[1200];                   /* why the last save failed */
	bool msg_fields;                  /* ... because of fields marked ! */
	int focus, scroll;
	/* while it runs */
	struct tui_screen screen;
	char **start;                     /* what each field started with */
	bool typed_unchecked;             /* see form_key */
	bool saved;
};

/* Runs the form. true when saved, false when cancelled (or the terminal
 * went away). The fields keep their text either way. */
bool tui_form_run(struct tui_app *a, struct tui_form *f);
void tui_form_free(struct tui_form *f);
/* Adds a read-only line above the fields. */
void tui_form_info(struct tui_form *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* msg with the command line's pointers ("see: qip person list") as a
 * form's ("F4 lists them"). Malloc'd. */
char *tui_form_words(const char *msg);
/* The text of field i, trimmed of nothing: exactly as typed. */
const char *tui_form_text(const struct tui_form *f, int i);

/* --- action_forms.c ------------------------------------------------- */

/* Who an escalation of the action at a level goes to when nobody was
 * chosen, by the core's one rule (qip_escalation_default_assignee): a
 * name (or login, when the name is shared) for the core's find, malloc'd;
 * NULL when there is nobody. */
char *tui_level_assignee(struct tui_app *a, int64_t action_id, int level);

/* --- escalations.c ---------------------------------------------------- */

/* Offers to raise the action's open escalation a level (a question, then
 * the raise form); true when it was raised. */
bool tui_escalation_raise_on(struct tui_app *a, int64_t action_id);

/* --- prompt.c: pickers and one-line prompts ------------------------- */

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
