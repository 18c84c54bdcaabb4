/* The one table that binds keys to commands, per context. The `?` help
 * and the key hints on the bottom line are generated from it, and a test
 * checks the manual page names every key, so a key cannot be bound
 * without being documented. */
#ifndef QIP_TUI_KEYMAP_H
#define QIP_TUI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

/* Keys are ints: a Unicode character as itself, a curses function key
 * (KEY_DOWN ...) as TUI_FN(KEY_DOWN) so it can never collide with a
 * character, and a few pseudo-keys made by the input layer. */
#define TUI_FN(k) (0x200000 + (k))
#define TUI_CTRL(c) ((c) & 0x1f)
#define TUI_ESC 27
#define TUI_ENTER '\n'
#define TUI_TAB '\t'
#define TUI_KEY_TICK 0x300001     /* timeout passed: poll for others' changes */
#define TUI_KEY_HANGUP 0x300002   /* terminal gone, signal, or script ended */
#define TUI_KEY_REDRAW 0x300003   /* resized, Ctrl-L, back from Ctrl-Z */
#define TUI_KEY_NONE 0x300004     /* an unknown escape sequence, swallowed */
#define TUI_KEY_RAW 0x300005      /* script mode: read the bytes a script wrote */

/* Contexts, one bit each: a binding lists every context it works in. */
enum tui_ctx {
	C_ACTIONS = 1 << 0,
	C_EVIDENCE = 1 << 1,
	C_ESCALATIONS = 1 << 2,
	C_PEOPLE = 1 << 3,
	C_DETAIL = 1 << 4,
	C_HELP = 1 << 5,
	C_FORM = 1 << 6,
	C_PICKER = 1 << 7,
	C_ENTRY = 1 << 8,     /* one evidence entry, whole: the evidence pane's keys */
	C_AUDITS = 1 << 9,    /* the Audits screen: due, unfinished, past runs, trends */
	C_AUDIT = 1 << 10,    /* one question of an audit: letters and digits answer */
	C_RESULT = 1 << 11,   /* an audit's result and its proposed actions */
	C_MEETING = 1 << 12,  /* a governance meeting: one agenda item, one key per decision */
	C_IMPORTED = 1 << 13, /* imported actions still lacking an owner, a due date, a baseline ... */
	C_SETTINGS = 1 << 14, /* the escalation rules' thresholds and the monitoring window */
};
#define C_MAIN (C_ACTIONS | C_EVIDENCE | C_ESCALATIONS)
#define C_SCREENS (C_MAIN | C_PEOPLE | C_DETAIL | C_HELP | C_ENTRY | C_AUDITS | C_RESULT | C_MEETING | C_IMPORTED | C_SETTINGS)
#define C_ALL (C_SCREENS | C_AUDIT | C_FORM | C_PICKER)
#define TUI_CTX_COUNT 15

enum tui_cmd {
	CMD_NONE,
	/* everywhere */
	CMD_REDRAW, CMD_SUSPEND,
	/* screens */
	CMD_BACK, CMD_HELP, CMD_GO_ACTIONS, CMD_GO_EVIDENCE, CMD_GO_ESCALATIONS,
	CMD_GO_PEOPLE, CMD_GO_AUDITS, CMD_NEXT_PANE, CMD_PREV_PANE,
	CMD_UP, CMD_DOWN, CMD_PGUP, CMD_PGDN, CMD_HOME, CMD_END,
	/* actions */
	CMD_OPEN, CMD_ADD, CMD_EDIT, CMD_ASSIGN, CMD_LOG, CMD_EXTEND, CMD_ESCALATE,
	CMD_CLOSE, CMD_REVIEW, CMD_REOPEN,
	CMD_FILTER, CMD_CLEAR_FILTER, CMD_SORT, CMD_REVERSE, CMD_INCOMPLETE,
	CMD_SEARCH, CMD_SEARCH_NEXT, CMD_SEARCH_PREV,
	/* evidence, escalations, people */
	CMD_CORRECT, CMD_RESOLVE, CMD_RAISE_LEVEL, CMD_REASSIGN, CMD_SCOPE,
	/* audits: answering, and the proposals a finished audit makes */
	CMD_YES, CMD_NO, CMD_NA, CMD_DIGIT, CMD_CHOICE, CMD_ANSWER, CMD_NOTE, CMD_FINISH,
	CMD_ACCEPT, CMD_SKIP, CMD_MERGE,
	/* governance meetings */
	CMD_MEETING, CMD_KEEP, CMD_REFRAME, CMD_END_MEETING,
	/* settings */
	CMD_SETTINGS,
	/* forms and pickers */
	CMD_NEXT_FIELD, CMD_PREV_FIELD, CMD_SAVE, CMD_CANCEL, CMD_PICK,
	CMD_LEFT, CMD_RIGHT, CMD_LINE_START, CMD_LINE_END, CMD_BACKSPACE,
	CMD_DELETE, CMD_CLEAR_FIELD, CMD_CHOOSE, CMD_MARK,
	CMD_COUNT
};

struct tui_binding {
	unsigned ctx;           /* enum tui_ctx bits */
	int key;
	enum tui_cmd cmd;
	const char *help;       /* one line for the ? screen */
	const char *hint;       /* word on the key line, NULL when not shown */
	bool writes;            /* changes the database: refused when read-only */
};

extern const struct tui_binding tui_bindings[];
extern const size_t tui_binding_count;

/* The command bound to key in ctx (a single context bit), or CMD_NONE. */
enum tui_cmd tui_keymap_lookup(unsigned ctx, int key);
/* The binding of cmd in ctx (its help and `writes`), or NULL. */
const struct tui_binding *tui_keymap_find(unsigned ctx, enum tui_cmd cmd);

/* "j", "Down", "C-l", "S-Tab", "Enter", "F1", a character as UTF-8. */
const char *tui_key_label(int key, char *buf, size_t n);
/* The reverse, for key scripts: "Enter", "C-l", "x", "é". -1 if unknown. */
int tui_key_parse(const char *name);

/* The help of ctx, one entry per command: every key bound to it (space
 * separated labels) and its help text. Calls line() in table order. */
void tui_keymap_help(unsigned ctx, void (*line)(void *arg, const char *keys, const char *help),
		     void *arg);
/* "Enter detail  a add  ..." for the key line, from the hints. Without
 * writable (read-only database, or a viewer) keys that write are left
 * out: the line shows only keys that work. save_word, when not NULL,
 * replaces the hint of the save key ("apply" on the filter form). */
void tui_keymap_hints(unsigned ctx, bool writable, const char *save_word, char *buf, size_t n);

/* A short name of a context, for help titles: "Action list". */
const char *tui_ctx_name(unsigned ctx);

#endif
