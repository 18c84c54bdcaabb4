/* The frame of the full-screen program: the state every screen shares
 * (database, layout, message line, the screen stack), the one event loop
 * and the small pieces every screen uses. It knows no screen by name:
 * screens reach it through struct tui_screen_ops. */
#ifndef QIP_TUI_LOOP_H
#define QIP_TUI_LOOP_H

#include <stdbool.h>
#include <stdint.h>

#include <stdio.h>

#include <curses.h>

#include "qip/action.h"
#include "qip/db.h"
#include "qip/escalation_rules.h"
#include "keymap.h"
#include "layout.h"

struct tui_app;
struct tui_script;

enum tui_nav { NAV_STAY, NAV_BACK, NAV_MAIN, NAV_PEOPLE, NAV_AUDITS, NAV_QUIT };

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
	/* The escalation rules and monitoring window were applied at gen
	 * rules_gen (loop.c: apply_rules). */
	unsigned rules_gen;
	bool rules_applied;
	/* Where the last run of the rules left off: the next runs them on the
	 * actions changed since, or on all on a new day (rules_day). */
	struct qip_check_mark rules_mark;
	qip_date rules_day;
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
	int64_t missed_audits;             /* audits overdue at any service */
	unsigned totals_gen;
	bool totals_ok;
	/* Where the user goes next, set by any screen: the main screen's
	 * pane (1, 2, 3 work everywhere), and the action the list moves onto
	 * (one just added), 0 for none. The panes read and clear these. */
	int focus;                         /* enum tui_pane */
	int64_t select_action;
	int64_t select_escalation;         /* the queue moves onto it, 0 for none */
	bool hangup;                       /* the terminal went away: unwind and exit */
	int fast_errors;                   /* reads failing at once in a row: see read_terminal */
	/* the terminal, set up by tui_loop_open */
	SCREEN *term;
	FILE *term_out, *term_in;
};

/* --- loop.c ---------------------------------------------------------- */
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

/* Sets up the terminal (or, in the test program, a key script) and the
 * signals; 1 with a message on stderr when it cannot. */
int tui_loop_open(struct tui_app *a);
/* Gives the terminal back; 1 when a key script had an error. */
int tui_loop_close(struct tui_app *a);

#endif
