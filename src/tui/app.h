/* State shared by the screens of the full-screen program, and the loop
 * pieces every screen uses: draw everything, read a key, say something. */
#ifndef QIP_TUI_APP_H
#define QIP_TUI_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "qip/action.h"
#include "qip/db.h"
#include "keymap.h"
#include "layout.h"

struct tui_app;
struct tui_script;

enum tui_nav { NAV_STAY, NAV_BACK, NAV_MAIN, NAV_PEOPLE, NAV_QUIT };

/* What a key did to a screen: it carries on, or it is finished (its
 * result is in its own struct, and nav says where to go next). */
enum tui_result { TUI_STAY, TUI_DONE };

struct tui_screen;

/* The operations of one kind of screen, as tig's view_ops: the loop
 * (tui_run) calls them and nothing else reads keys. */
struct tui_screen_ops {
	const char *name;
	/* Paints the screen (the loop paints the stack bottom-up, so a
	 * resize inside a picker inside a form repaints all three). */
	void (*draw)(struct tui_app *a, struct tui_screen *s);
	/* One key, in the screen's context. Ctrl-L, Ctrl-Z, resize, hang-up
	 * and the help key never arrive here: the loop handles them. */
	enum tui_result (*key)(struct tui_app *a, struct tui_screen *s, int key);
	/* The live refresh: the idle timer ran out, and others' changes may
	 * want a reload. NULL when drawing picks them up anyway (drawing
	 * polls PRAGMA data_version). Not "refresh": curses has that macro. */
	void (*reload)(struct tui_app *a, struct tui_screen *s);
	/* A form or picker: whatever is pressed on the help screen opened
	 * from it comes back to it. */
	bool modal;
	/* The place this screen is (NAV_MAIN, NAV_PEOPLE): help asking for it
	 * keeps the screen; asking for anywhere else leaves it. */
	enum tui_nav home;
	/* Drawn only once the keys that already wait are read: a paste into
	 * a form costs its length, not the square of it. */
	bool draw_after_paste;
};

/* A screen or an overlay on the stack. Each kind embeds this first in the
 * struct of its own state. */
struct tui_screen {
	const struct tui_screen_ops *ops;
	unsigned ctx;                      /* keymap context: key hints, help */
	const char *hints;                 /* key line when the table's hints do not fit (y/n) */
	const char *save_word;             /* the save key's hint when not "save" */
	enum tui_nav nav;                  /* set when done: where to go next */
	struct tui_screen *below;
};

/* A row of the action list, copied out of the window query. */
struct tui_action_row {
	int64_t id;
	char ref[QIP_REF_LEN];
	char *title, *owner, *service;
	bool owner_active;
	qip_date due;
	int status;
	unsigned flags;
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
	unsigned loaded_gen, counted_gen;
	int loaded_top, loaded_rows;
	bool filter_changed;
	char *search;                      /* the last / words, for n and N */
};

struct tui_list_pos {
	int64_t count;
	int sel, top;
};

struct tui_app {
	struct qip_db *db;
	struct tui_layout lay;
	struct tui_script *script;         /* NULL on a real terminal */
	bool color;
	unsigned gen;                      /* bumped whenever the data may have changed */
	int64_t data_version;
	struct tui_screen *top;
	/* The help screen, registered at start: the loop opens it on the help
	 * key of any screen, and returns where it was asked to go. */
	enum tui_nav (*help)(struct tui_app *a, unsigned ctx);
	/* the hardware cursor: where the selected row or the edit point is */
	int cur_y, cur_x;
	bool cur_set;
	char msg[512];
	bool msg_error;
	/* counts for the status line */
	struct qip_action_totals totals;
	int64_t open_escalations;
	unsigned totals_gen;
	bool totals_ok;
	/* the main screen */
	int focus;                         /* enum tui_pane */
	struct tui_actions act;
	struct tui_list_pos ev, esc;
	int64_t ev_action;                 /* the action the evidence pane shows */
	unsigned ev_gen;
	int people_scope;
	bool from_people;                  /* the list shows a person's actions: q goes back to People */
	struct tui_list_pos ppl;
	bool hangup;                       /* the terminal went away: unwind and exit */
};

/* --- app.c: the loop pieces ------------------------------------------ */
/* The one event loop: pushes s, then draws, reads a key and hands it to
 * s until s is done; pops s and returns where to go next (NAV_QUIT when
 * the terminal went away). A screen that needs an answer from another
 * (a form its picker) runs it with tui_run and reads the answer from its
 * struct: the same loop, one level deeper, as htop's ScreenManager_run. */
enum tui_nav tui_run(struct tui_app *a, struct tui_screen *s);
/* Polls for other users' changes, paints every screen and the bars, puts
 * the cursor where the top screen asked, and sends the difference. */
void tui_draw_all(struct tui_app *a);
/* The message on the bottom line until the next key. */
void tui_say(struct tui_app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tui_error(struct tui_app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Everything on screen may be out of date (after our own write). */
void tui_changed(struct tui_app *a);
/* true when the command may run; otherwise says why not (read-only
 * database, or the user is not a person in it). */
bool tui_may(struct tui_app *a, unsigned ctx, enum tui_cmd cmd);
/* Puts the hardware cursor here (screen readers follow it). */
void tui_cursor(struct tui_app *a, int y, int x);
/* Runs a write, retrying quietly for a few seconds while another user
 * holds the lock (Esc stops waiting); the screen keeps painting. */
int tui_write(struct tui_app *a, int (*op)(struct tui_app *a, void *arg), void *arg);
/* Blanks the body: a full-screen layer hides the screen under it. */
void tui_clear_body(struct tui_app *a);
/* Draws a framed box in the body and returns its inside. */
struct tui_rect tui_box(struct tui_app *a, int h, int w, const char *title);
/* Moves sel/top for a movement command in a list of count rows. */
bool tui_list_move(enum tui_cmd cmd, int *sel, int64_t count, int page);

/* --- the screens ------------------------------------------------------ */
extern const struct tui_screen_ops tui_main_ops;

void tui_actions_draw(struct tui_app *a, const struct tui_rect *r, bool focused);
enum tui_nav tui_actions_cmd(struct tui_app *a, enum tui_cmd cmd);
/* The selected action (0 when none) and its ref. */
int64_t tui_actions_selected(struct tui_app *a, char ref[QIP_REF_LEN]);
void tui_actions_free(struct tui_app *a);
/* Shows only the actions of one owner (from the People screen). */
void tui_actions_filter_owner(struct tui_app *a, int64_t id, const char *name);

void tui_evidence_draw(struct tui_app *a, const struct tui_rect *r, bool focused);
enum tui_nav tui_evidence_cmd(struct tui_app *a, enum tui_cmd cmd);
void tui_evidence_free(void);
void tui_escalations_free(void);
void tui_escalations_draw(struct tui_app *a, const struct tui_rect *r, bool focused);
enum tui_nav tui_escalations_cmd(struct tui_app *a, enum tui_cmd cmd);

enum tui_nav tui_people_run(struct tui_app *a);
enum tui_nav tui_detail_run(struct tui_app *a, const char *ref);
enum tui_nav tui_help_run(struct tui_app *a, unsigned ctx);

/* Commands on one action, shared by the list and the detail screen.
 * Return true when something was written. */
bool tui_do_action_cmd(struct tui_app *a, enum tui_cmd cmd, const char *ref);
/* The log-evidence form; corrects (an entry id) and the texts prefill a
 * correction. */
bool tui_evidence_form(struct tui_app *a, const char *ref, int64_t corrects, const char *kind,
		       const char *category, const char *value, const char *source, const char *note,
		       const char *date);

#endif
