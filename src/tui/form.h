/* Keyboard forms: labelled fields checked as they are typed, the error
 * shown next to the field, Esc cancels without writing, and a save that
 * fails (bad value, refused by a rule, database busy) keeps everything
 * that was typed. */
#ifndef QIP_TUI_FORM_H
#define QIP_TUI_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "edit.h"
#include "loop.h"
#include "qip/vocab.h"

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
	bool writes_nothing;              /* save only applies what was typed (a filter): no data changed */
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

#endif
