/* The full-screen program's frame and its one event loop: terminal set-up
 * and tear-down, signals, the key reader (terminal or script), the screen
 * stack every screen draws through, the menu and status lines, and
 * retrying writes while the database is busy. The only file that reads
 * the terminal (tests/tui/check_structure.py holds it so). */
#include "loop.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#include "draw.h"
#include "qip/audit.h"
#include "qip/escalation.h"
#include "qip/escalation_rules.h"
#include "qip/text.h"
#include "script.h"

/* How often the idle loop wakes to look for other users' changes: the
 * issue asks for them to show within 2 seconds. */
#define TICK_MS 1000
/* Busy retries: each try waits this long inside SQLite, the whole write
 * gives up after WRITE_PATIENCE_MS and the form stays open. */
#define BUSY_TRY_MS 250
#define WRITE_PATIENCE_MS 8000

/* Signal handlers only set these; the key loop acts on them. */
static volatile sig_atomic_t got_tstp, got_quit;

static void on_tstp(int sig) { (void)sig; got_tstp = 1; }
static void on_quit(int sig) { (void)sig; got_quit = 1; }

static void set_handler(int sig, void (*fn)(int))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* ---- the stack ---------------------------------------------------------- */

void tui_cursor(struct tui_app *a, int y, int x)
{
	a->cur_y = y;
	a->cur_x = x;
	a->cur_set = true;
}

/* ---- messages ----------------------------------------------------------- */

static void vsay(struct tui_app *a, bool error, const char *fmt, va_list ap)
{
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	a->msg_error = error;
}

static void vsay_text(struct tui_app *a, bool error, const char *text)
{
	snprintf(a->msg, sizeof a->msg, "%s", text);
	a->msg_error = error;
}

void tui_say(struct tui_app *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay(a, false, fmt, ap);
	va_end(ap);
}

void tui_error(struct tui_app *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay(a, true, fmt, ap);
	va_end(ap);
}

void tui_changed(struct tui_app *a)
{
	a->gen++;
}

bool tui_may(struct tui_app *a, unsigned ctx, enum tui_cmd cmd)
{
	const struct tui_binding *b = tui_keymap_find(ctx, cmd);
	if (!b || !b->writes)
		return true;
	if (qip_db_require_writer(a->db) == QIP_OK)
		return true;
	char label[32];
	tui_key_label(b->key, label, sizeof label);
	tui_error(a, "%s does nothing: %s", label, qip_db_error(a->db));
	return false;
}

/* ---- the bars ----------------------------------------------------------- */

static unsigned top_screen_ctx(const struct tui_app *a)
{
	for (const struct tui_screen *s = a->top; s; s = s->below)
		if (s->ctx & (C_SCREENS))
			return s->ctx;
	return C_ACTIONS;
}

static void draw_menu(struct tui_app *a)
{
	static const struct {
		const char *label;
		unsigned ctx;
	} items[] = {
		{ "1 Actions", C_ACTIONS }, { "2 Evidence", C_EVIDENCE },
		{ "3 Escalations", C_ESCALATIONS }, { "4 People", C_PEOPLE },
		{ "5 Audits", C_AUDITS }, { "? Help", C_HELP },
	};
	const struct tui_rect *r = &a->lay.menu;
	unsigned on = top_screen_ctx(a);
	draw_fill(r->y, r->x, r->w, draw_style(ST_MENU));
	int x = draw_text_part(r->y, 0, r->w, " qip ", draw_style(ST_MENU) | A_BOLD);
	for (size_t i = 0; i < sizeof items / sizeof items[0] && x < r->w; i++) {
		x += draw_text_part(r->y, x, r->w - x, " ", draw_style(ST_MENU));
		x += draw_text_part(r->y, x, r->w - x, items[i].label,
				    draw_style(items[i].ctx == on ? ST_MENU_ON : ST_MENU));
	}
}

static int count_missed(void *arg, const struct qip_audit_due_row *r)
{
	int64_t *n = arg;
	*n += r->overdue;
	return 0;
}

/* Audits overdue at any service: the schedule's missed audits. */
static int count_missed_audits(struct tui_app *a)
{
	a->missed_audits = 0;
	return qip_audit_due(a->db, 0, true, count_missed, &a->missed_audits);
}

/* What matters most comes first, so a narrow terminal cuts the least
 * useful part: READ-ONLY and the counts, then who and when, and the
 * database path last, down to its file name when the full path does not
 * fit. */
static void draw_status(struct tui_app *a)
{
	const struct tui_rect *r = &a->lay.status;
	/* Once per change of the data: a count that failed is not asked
	 * again on every key (at 1,000,000 actions the totals are a scan of
	 * every open one); the next change tries again. */
	if (a->totals_gen != a->gen) {
		a->totals_ok = qip_action_totals(a->db, &a->totals) == QIP_OK &&
			       qip_escalation_count_open(a->db, &a->open_escalations) == QIP_OK &&
			       count_missed_audits(a) == QIP_OK;
		a->totals_gen = a->gen;
	}
	attr_t st = draw_style(ST_STATUS);
	draw_fill(r->y, r->x, r->w, st);
	int x = 0;
	char buf[256], day[QIP_DATE_TEXT_LEN];
	if (qip_db_is_readonly(a->db))
		x += draw_text_part(r->y, x, r->w - x, " READ-ONLY ", draw_style(ST_READONLY));
	x += draw_text_part(r->y, x, r->w - x, " ", st);
	if (a->totals_ok) {
		snprintf(buf, sizeof buf, "%lld overdue", (long long)a->totals.overdue);
		x += draw_text_part(r->y, x, r->w - x, buf, a->totals.overdue ? st | A_BOLD : st);
		snprintf(buf, sizeof buf, ", %lld unowned", (long long)a->totals.unowned);
		x += draw_text_part(r->y, x, r->w - x, buf, a->totals.unowned ? st | A_BOLD : st);
		snprintf(buf, sizeof buf, ", %lld escalated", (long long)a->open_escalations);
		x += draw_text_part(r->y, x, r->w - x, buf, a->open_escalations ? st | A_BOLD : st);
		/* Shown only when some are missed: at 80 columns every column
		 * counts, and "0 audits missed" would push the date off. */
		if (a->missed_audits) {
			snprintf(buf, sizeof buf, ", %lld audit%s missed", (long long)a->missed_audits,
				 a->missed_audits == 1 ? "" : "s");
			x += draw_text_part(r->y, x, r->w - x, buf, st | A_BOLD);
		}
		x += draw_text_part(r->y, x, r->w - x, " | ", st);
	}
	/* QIP_TODAY on a real database: the plan as judged on another day. */
	snprintf(buf, sizeof buf, "%s%s | %s%s | ", qip_db_login(a->db), qip_db_actor(a->db) ? "" : " (viewer)",
		 qip_db_judging_another_day(a->db) ? "as of " : "", qip_date_text(qip_db_today(a->db), day));
	x += draw_text_part(r->y, x, r->w - x, buf, st);
	int room = r->w - x - 1 > 0 ? r->w - x - 1 : 0;
	const char *path = tui_fit_path(qip_db_path(a->db), room);
	draw_text_part(r->y, x, room, path, st);
}

static void draw_keys(struct tui_app *a)
{
	const struct tui_rect *r = &a->lay.keys;
	if (a->msg[0]) {
		draw_text(r->y, r->x, r->w, a->msg, draw_style(a->msg_error ? ST_ERROR : ST_OK));
		return;
	}
	/* As many hints as fit whole; ? lists the rest. */
	char hints[512];
	size_t room = (size_t)r->w + 1 < sizeof hints ? (size_t)r->w + 1 : sizeof hints;
	if (a->top && a->top->hints)
		snprintf(hints, sizeof hints, "%s", a->top->hints);
	else
		tui_keymap_hints(a->top ? a->top->ctx : C_ACTIONS,
				 !qip_db_is_readonly(a->db) && qip_db_actor(a->db) != 0,
				 a->top ? a->top->save_word : NULL, hints, room);
	draw_text(r->y, r->x, r->w, hints, A_NORMAL);
}

static void draw_too_small(struct tui_app *a)
{
	char buf[160];
	int y = LINES / 2 - 1 > 0 ? LINES / 2 - 1 : 0;
	draw_text(y, 0, COLS, "Terminal too small", A_BOLD);
	snprintf(buf, sizeof buf, "%dx%d; qip needs %dx%d.", COLS, LINES, TUI_MIN_COLS, TUI_MIN_LINES);
	if (y + 1 < LINES)
		draw_text(y + 1, 0, COLS, buf, A_NORMAL);
	if (y + 2 < LINES)
		draw_text(y + 2, 0, COLS, "Enlarge the window. Nothing is lost.", A_NORMAL);
	tui_cursor(a, y, 0);
}

/* ---- drawing ------------------------------------------------------------ */

static void poll_changes(struct tui_app *a)
{
	int64_t v = qip_db_data_version(a->db);
	if (v != a->data_version) {
		a->data_version = v;
		tui_changed(a);
	}
}

/* ---- the rules ---------------------------------------------------------- */

struct rules_run {
	int raised, level_up, resolved, monitored;
	struct qip_diags d;
};

static int count_check_item(void *ctx, const struct qip_check_item *it)
{
	struct rules_run *r = ctx;
	if (it->event == QIP_CHECK_RAISED)
		r->raised++;
	else if (it->event == QIP_CHECK_LEVEL_UP)
		r->level_up++;
	else if (it->event == QIP_CHECK_RESOLVED)
		r->resolved++;
	return 0;
}

/* The monitoring window and the escalation rules, as `qip check` applies
 * them, in one write transaction: a screen never shows the one done and
 * the other not. */
static int apply_rules_op(struct tui_app *a, void *arg)
{
	struct rules_run *r = arg;
	int rc = qip_db_begin(a->db);
	if (rc)
		return rc;
	r->raised = r->level_up = r->resolved = r->monitored = 0;
	rc = qip_action_monitor(a->db, 0, &r->monitored);
	if (rc == QIP_OK)
		rc = qip_check_apply_since(a->db, false, &a->rules_mark, count_check_item, r, &r->d);
	rc = qip_db_end(a->db, rc);
	if (rc != QIP_OK)
		a->rules_mark = (struct qip_check_mark){ 0 };   /* not committed: all again next time */
	return rc;
}

/* Runs the rules at start and whenever the data changed (our own write or
 * another user's commit), never on an idle tick with nothing new: an idle
 * screen costs one PRAGMA data_version a second, as before. Our own commit
 * here does not move our data version, so it does not run us again;
 * another screen sees it and runs once, finding nothing new to do. Each
 * run after the first takes only the actions changed since the one before
 * (qip_check_apply_since): every action at start and on a new day. */
static void apply_rules(struct tui_app *a)
{
	poll_changes(a);
	qip_date today = qip_db_today(a->db);
	if (a->rules_applied && a->rules_gen == a->gen && a->rules_day == today)
		return;
	a->rules_day = today;
	if (qip_db_require_writer(a->db) != QIP_OK) {
		/* Read-only, or not a person here: the rules are someone else's run. */
		a->rules_applied = true;
		a->rules_gen = a->gen;
		return;
	}
	struct rules_run r = { 0 };
	qip_diags_init(&r.d, NULL);
	int rc = apply_rules_op(a, &r);
	if (rc == QIP_EBUSY) {
		/* Someone else is writing: the next tick tries again. */
		qip_diags_free(&r.d);
		return;
	}
	a->rules_applied = true;
	char said[400] = "";
	if (rc != QIP_OK) {
		snprintf(said, sizeof said, "The escalation rules were not applied: %s", qip_db_error(a->db));
		char *first = qip_diags_summary(&r.d);
		if (first && *first) {
			size_t n = strlen(said);
			snprintf(said + n, sizeof said - n, ": %s", first);
		}
		free(first);
	} else if (r.raised || r.level_up || r.resolved || r.monitored) {
		int n = snprintf(said, sizeof said, "By rule:");
		const char *sep = " ";
		if (r.raised)
			n += snprintf(said + n, sizeof said - (size_t)n, "%s%d escalation%s raised", sep, r.raised,
				      r.raised == 1 ? "" : "s"), sep = ", ";
		if (r.level_up)
			n += snprintf(said + n, sizeof said - (size_t)n, "%s%d raised a level", sep, r.level_up), sep = ", ";
		if (r.resolved)
			n += snprintf(said + n, sizeof said - (size_t)n, "%s%d resolved", sep, r.resolved), sep = ", ";
		if (r.monitored)
			snprintf(said + n, sizeof said - (size_t)n, "%s%d monitoring action%s settled (reopened or sustained)",
				 sep, r.monitored, r.monitored == 1 ? "" : "s");
		/* Everything on screen may show what the rules changed. */
		tui_changed(a);
	}
	qip_diags_free(&r.d);
	a->rules_gen = a->gen;
	if (*said) {
		/* After the user's own message, which says what their key did. */
		if (a->msg[0] && !a->msg_error) {
			size_t n = strlen(a->msg);
			snprintf(a->msg + n, sizeof a->msg - n, ". %s", said);
		} else if (!a->msg[0])
			vsay_text(a, rc != QIP_OK, said);
	}
}

static void draw_screens(struct tui_app *a, struct tui_screen *s)
{
	if (!s)
		return;
	draw_screens(a, s->below);
	s->ops->draw(a, s);
}

void tui_draw_all(struct tui_app *a)
{
	poll_changes(a);
	a->cur_set = false;
	draw_erase();
	if (a->lay.too_small) {
		draw_too_small(a);
	} else {
		draw_screens(a, a->top);
		draw_menu(a);
		draw_status(a);
		draw_keys(a);
	}
	if (a->cur_set)
		move(a->cur_y, a->cur_x);
	else
		move(a->lay.keys.y, 0);
	if (refresh() == ERR && !a->script && (errno == EIO || errno == EPIPE))
		a->hangup = true;
}

/* ---- keys --------------------------------------------------------------- */

static void suspend(struct tui_app *a)
{
	if (a->script)
		return;   /* no terminal, no shell to go back to */
	def_prog_mode();
	endwin();
	set_handler(SIGTSTP, SIG_DFL);
	raise(SIGTSTP);               /* stops here until fg */
	set_handler(SIGTSTP, on_tstp);
	reset_prog_mode();
	clearok(curscr, TRUE);
}

/* The next byte of an escape sequence already on its way, or -1. */
static int next_seq_char(int wait_ms)
{
	wint_t wc;
	timeout(wait_ms);
	int r = get_wch(&wc);
	timeout(TICK_MS);
	return r == OK ? (int)wc : r == KEY_CODE_YES ? -2 : -1;
}

/* curses hands back an escape sequence it does not know as Esc followed
 * by the rest ("\e[1~" as Esc 1 ~), and Esc cancels forms. So after an
 * Esc, whatever already follows it is read too: a CSI ("\e[" parameters,
 * then a final byte from @ to ~) or SS3 ("\eO" and one byte) sequence is
 * swallowed whole, Alt with a key is swallowed, and only an Esc with
 * nothing behind it is the Esc key. */
static int after_escape(void)
{
	/* curses waited ESCDELAY before giving up on a sequence, so its bytes
	 * are already here: the first one needs no wait. */
	int c = next_seq_char(0);
	if (c == -1)
		return TUI_ESC;
	if (c == TUI_ESC) {
		unget_wch(TUI_ESC);   /* Esc Esc: two presses */
		return TUI_ESC;
	}
	if (c == '[') {
		for (int i = 0; i < 32; i++) {
			c = next_seq_char(get_escdelay());
			if (c < 0 || (c >= 0x40 && c <= 0x7E))
				break;
		}
	} else if (c == 'O') {
		next_seq_char(get_escdelay());
	}
	return TUI_KEY_NONE;
}

/* Reads the terminal. ERR from a read that was due to wait means the
 * timer ran out; many in a row that return at once mean the terminal is
 * gone (SSH dropped) and we must leave rather than spin. In script mode
 * (from_script) the bytes a `raw` line wrote are read without waiting,
 * and running out of them is TUI_KEY_TICK. */
static int read_terminal(struct tui_app *a, bool from_script)
{
	wint_t wc;
	long long t0 = now_ms();
	errno = 0;
	if (from_script)
		timeout(0);
	int r = get_wch(&wc);
	if (from_script)
		timeout(TICK_MS);
	if (r == ERR) {
		if (from_script)
			return TUI_KEY_TICK;
		if (errno == EIO || errno == EPIPE || errno == ENXIO || errno == EBADF)
			return TUI_KEY_HANGUP;
		if (errno == EINTR)
			return TUI_KEY_TICK;
		if (now_ms() - t0 < TICK_MS / 10) {
			struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
			if (poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)))
				return TUI_KEY_HANGUP;
			if (++a->fast_errors > 50)
				return TUI_KEY_HANGUP;
		} else
			a->fast_errors = 0;
		return TUI_KEY_TICK;
	}
	a->fast_errors = 0;
	if (r == KEY_CODE_YES) {
		if (wc == KEY_ENTER)
			return TUI_ENTER;
		return TUI_FN((int)wc);
	}
	if (wc == TUI_ESC)
		return after_escape();
	if (wc == '\r')
		return TUI_ENTER;
	if (wc == 127 || wc == 8)
		return TUI_FN(KEY_BACKSPACE);
	return (int)wc;
}

/* What terminals send for Home, End, PgUp and PgDn varies (PuTTY and
 * the Linux console send "\e[1~" and "\e[4~", rxvt "\e[7~" and "\e[8~",
 * xterm "\eOH" or "\e[H"), and TERM often names another terminal than
 * the one in use: teach curses every common form. */
static void define_keys(void)
{
	static const struct {
		const char *seq;
		int key;
	} seqs[] = {
		{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME }, { "\033[H", KEY_HOME }, { "\033OH", KEY_HOME },
		{ "\033[4~", KEY_END }, { "\033[8~", KEY_END }, { "\033[F", KEY_END }, { "\033OF", KEY_END },
		{ "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE },
	};
	for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; i++)
		if (key_defined(seqs[i].seq) != seqs[i].key)
			define_key(seqs[i].seq, seqs[i].key);
}

/* Next key (see keymap.h), handling resize, Ctrl-L, Ctrl-Z, signals and
 * hangups on the way. Clears the message line. Only tui_run calls it. */
static int next_key(struct tui_app *a)
{
	for (;;) {
		if (got_quit || a->hangup) {
			a->hangup = true;
			return TUI_KEY_HANGUP;
		}
		if (got_tstp) {
			got_tstp = 0;
			suspend(a);
			return TUI_KEY_REDRAW;
		}
		int key;
		if (a->script) {
			key = tui_script_next(a->script);
			if (key == TUI_KEY_RAW) {
				key = read_terminal(a, true);
				if (key == TUI_KEY_TICK) {
					tui_script_raw_done(a->script);
					continue;
				}
			}
		} else
			key = read_terminal(a, false);
		if (key == TUI_KEY_NONE)
			continue;
		if (key == TUI_KEY_HANGUP) {
			a->hangup = true;
			return key;
		}
		if (key == TUI_FN(KEY_RESIZE) || key == TUI_KEY_REDRAW) {
			tui_layout_compute(LINES, COLS, &a->lay);
			return TUI_KEY_REDRAW;
		}
		if (key == TUI_KEY_TICK)
			return key;
		unsigned ctx = a->top ? a->top->ctx : C_ACTIONS;
		switch (tui_keymap_lookup(ctx, key)) {
		case CMD_REDRAW:
			clearok(curscr, TRUE);
			a->msg[0] = '\0';
			return TUI_KEY_REDRAW;
		case CMD_SUSPEND:
			suspend(a);
			return TUI_KEY_REDRAW;
		default:
			break;
		}
		/* Too small to see what a key would do: only quitting the main
		 * screen is safe; anything else waits for a larger window. */
		if (a->lay.too_small && !((ctx & C_MAIN) && key == 'q'))
			continue;
		a->msg[0] = '\0';
		return key;
	}
}

/* true when another key is already waiting (the rest of a paste, or of a
 * script's line): drawing before it would only be drawn over. */
static bool key_waiting(struct tui_app *a)
{
	if (a->script)
		return tui_script_key_waiting(a->script);
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

/* ---- the loop ------------------------------------------------------------- */

enum tui_nav tui_run(struct tui_app *a, struct tui_screen *s)
{
	s->below = a->top;
	s->nav = NAV_BACK;
	a->top = s;
	for (;;) {
		if (!(s->ops->draw_after_paste && key_waiting(a))) {
			/* The first screen does not wait for the first run of the
			 * rules, which reads every open action (seconds at a
			 * million): painted, then painted again with what they did. */
			if (!a->rules_applied)
				tui_draw_all(a);
			apply_rules(a);
			tui_draw_all(a);
		}
		int key = next_key(a);
		if (key == TUI_KEY_HANGUP) {
			s->nav = NAV_QUIT;
			break;
		}
		if (key == TUI_KEY_TICK) {
			if (s->ops->reload)
				s->ops->reload(a, s);
			continue;
		}
		if (key == TUI_KEY_REDRAW)
			continue;
		if (s->ctx != C_HELP && a->help && tui_keymap_lookup(s->ctx, key) == CMD_HELP) {
			/* Help may send the user to another screen: a screen that is
			 * not that place leaves for it; a form or picker stays. */
			enum tui_nav nav = a->help(a, s->ctx);
			if (a->hangup) {
				s->nav = NAV_QUIT;
				break;
			}
			if (!s->ops->modal && nav != NAV_BACK && nav != s->ops->home) {
				s->nav = nav;
				break;
			}
			continue;
		}
		enum tui_result r = s->ops->key(a, s, key);
		if (a->hangup) {
			s->nav = NAV_QUIT;
			break;
		}
		if (r == TUI_DONE)
			break;
	}
	a->top = s->below;
	return s->nav;
}

/* ---- writes ------------------------------------------------------------- */

int tui_write(struct tui_app *a, int (*op)(struct tui_app *a, void *arg), void *arg)
{
	long long start = now_ms();
	for (;;) {
		int rc = op(a, arg);
		if (rc != QIP_EBUSY)
			return rc;
		if (now_ms() - start > WRITE_PATIENCE_MS)
			return rc;
		tui_say(a, "The database is busy (someone else is saving); trying again. Esc stops.");
		tui_draw_all(a);
		/* A script's keyboard is the bytes its `raw` lines wrote: read
		 * them without waiting, as SQLite itself waited. */
		timeout(a->script ? 0 : BUSY_TRY_MS);
		wint_t wc;
		int r = get_wch(&wc);
		timeout(TICK_MS);
		if (r == OK && wc == TUI_ESC)
			return rc;
		/* A key typed ahead goes back as it came: a function key by its
		 * code (unget_wch would make KEY_DOWN the character U+0102). */
		if (r == KEY_CODE_YES)
			ungetch((int)wc);
		else if (r == OK)
			unget_wch((wchar_t)wc);
	}
}

/* ---- small shared pieces ------------------------------------------------ */

void tui_clear_body(struct tui_app *a)
{
	const struct tui_rect *b = &a->lay.body;
	for (int y = 0; y < b->h; y++)
		draw_fill(b->y + y, b->x, b->w, A_NORMAL);
}

struct tui_rect tui_box(struct tui_app *a, int h, int w, const char *title)
{
	const struct tui_rect *b = &a->lay.body;
	if (h > b->h)
		h = b->h;
	if (w > b->w)
		w = b->w;
	int y = b->y + (b->h - h) / 2, x = b->x + (b->w - w) / 2;
	draw_box(y, x, h, w, draw_style(ST_BOX));
	if (title && w > 6) {
		char t[256];
		snprintf(t, sizeof t, " %s ", title);
		draw_text_part(y, x + 2, w - 4, t, A_BOLD);
	}
	return (struct tui_rect){ .y = y + 1, .x = x + 1, .h = h - 2, .w = w - 2 };
}

bool tui_list_move(enum tui_cmd cmd, int *sel, int64_t count, int page)
{
	int64_t s = *sel;
	if (page < 1)
		page = 1;
	switch (cmd) {
	case CMD_UP: s--; break;
	case CMD_DOWN: s++; break;
	case CMD_PGUP: s -= page; break;
	case CMD_PGDN: s += page; break;
	case CMD_HOME: s = 0; break;
	case CMD_END: s = count - 1; break;
	default: return false;
	}
	if (s >= count)
		s = count - 1;
	if (s < 0)
		s = 0;
	*sel = (int)s;
	return true;
}

/* ---- start and finish --------------------------------------------------- */

#ifdef QIP_KEY_SCRIPTS
static SCREEN *start_script(struct tui_app *a, const char *path, FILE **out, FILE **in)
{
	char err[256];
	a->script = tui_script_open(path, err, sizeof err);
	if (!a->script) {
		fprintf(stderr, "qip: %s\n", err);
		return NULL;
	}
	int cols = 80, lines = 24;
	const char *size = getenv("QIP_TUI_SIZE");
	if (size && !tui_parse_size(size, &cols, &lines)) {
		fprintf(stderr, "qip: QIP_TUI_SIZE must look like 80x24, not '%s'\n", size);
		return NULL;
	}
	/* No terminal: curses takes its size from LINES and COLUMNS. */
	char n[16];
	snprintf(n, sizeof n, "%d", lines);
	setenv("LINES", n, 1);
	snprintf(n, sizeof n, "%d", cols);
	setenv("COLUMNS", n, 1);
	use_env(TRUE);
	/* Input is a pipe the script's `raw` lines write to, so raw bytes go
	 * through curses' key decoding exactly as a terminal's would. */
	int fds[2];
	*out = fopen("/dev/null", "w");
	if (!*out || pipe(fds) != 0) {
		fprintf(stderr, "qip: cannot open /dev/null or make a pipe\n");
		return NULL;
	}
	*in = fdopen(fds[0], "r");
	if (!*in) {
		close(fds[0]);
		close(fds[1]);
		fprintf(stderr, "qip: cannot make a pipe\n");
		return NULL;
	}
	tui_script_set_raw_fd(a->script, fds[1]);
	const char *term = getenv("TERM");
	SCREEN *s = newterm(term && *term ? term : "xterm-256color", *out, *in);
	if (!s)
		s = newterm("xterm-256color", *out, *in);
	return s;
}
#endif

int tui_loop_open(struct tui_app *a)
{
	SCREEN *scr;
#ifdef QIP_KEY_SCRIPTS
	/* Only the test program reads keys from a script (tests/tui/README). */
	const char *script = getenv("QIP_TUI_SCRIPT");
#endif
	a->data_version = -1;

	/* Our handlers go in first; curses leaves handlers it finds alone.
	 * SIGWINCH stays with curses, whose handler also only sets a flag and
	 * turns it into KEY_RESIZE in the key loop. */
	set_handler(SIGTSTP, on_tstp);
	set_handler(SIGINT, on_quit);
	set_handler(SIGTERM, on_quit);
	set_handler(SIGHUP, on_quit);
	set_handler(SIGPIPE, SIG_IGN);
	if (!getenv("ESCDELAY"))
		set_escdelay(25);

#ifdef QIP_KEY_SCRIPTS
	if (script && *script)
		scr = start_script(a, script, &a->term_out, &a->term_in);
	else
#endif
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "qip: the full-screen program needs a terminal; see 'qip --help' for commands\n");
		scr = NULL;
	} else {
		scr = newterm(NULL, stdout, stdin);
		if (!scr)
			fprintf(stderr, "qip: cannot use the terminal type '%s'\n", getenv("TERM") ? getenv("TERM") : "");
	}
	if (!scr) {
		tui_script_close(a->script);
		a->script = NULL;
		if (a->term_out) fclose(a->term_out);
		if (a->term_in) fclose(a->term_in);
		a->term_out = a->term_in = NULL;
		return 1;
	}
	a->term = scr;
	set_term(scr);
	raw();                 /* Ctrl-Z, Ctrl-C, Ctrl-S arrive as keys */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	define_keys();
	timeout(TICK_MS);
	const char *nc = getenv("NO_COLOR");
	a->color = !(nc && *nc);
	draw_init_styles(a->color);
	/* Each write try waits briefly inside SQLite, so the screen keeps
	 * painting between tries (tui_write). */
	qip_db_set_busy_timeout(a->db, BUSY_TRY_MS);
	tui_layout_compute(LINES, COLS, &a->lay);
	curs_set(1);
	return 0;
}

int tui_loop_close(struct tui_app *a)
{
	endwin();
	delscreen(a->term);
	if (a->term_out) fclose(a->term_out);
	if (a->term_in) fclose(a->term_in);
	int rc = 0;
	if (a->script && tui_script_error(a->script)) {
		fprintf(stderr, "qip: %s\n", tui_script_error(a->script));
		rc = 1;
	}
	tui_script_close(a->script);
	set_handler(SIGTSTP, SIG_DFL);
	set_handler(SIGINT, SIG_DFL);
	set_handler(SIGTERM, SIG_DFL);
	set_handler(SIGHUP, SIG_DFL);
	return rc;
}
