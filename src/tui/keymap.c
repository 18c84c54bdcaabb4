/* The key table. Order matters twice: the first binding that matches a key
 * in a context wins, and help lists commands in table order. */
#include "keymap.h"

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define K(c) (c)
#define F(k) TUI_FN(k)
/* Contexts where single letters are commands rather than text. */
#define C_LISTS (C_MAIN | C_PEOPLE | C_DETAIL | C_HELP | C_ENTRY | C_AUDITS | C_RESULT | C_IMPORTED | C_SETTINGS)
/* Screens left with q, Esc or C-c (the main screen quits instead). */
#define C_LEAVE (C_PEOPLE | C_DETAIL | C_HELP | C_ENTRY | C_AUDITS | C_AUDIT | C_RESULT | C_MEETING | C_IMPORTED | \
		 C_SETTINGS)
/* Contexts that act on one action: the list and its detail screen. */
#define C_ACT (C_ACTIONS | C_DETAIL)

const struct tui_binding tui_bindings[] = {
	/* Everywhere, forms included: the terminal may need repainting or the
	 * user may need the shell at any moment. */
	{ C_ALL, TUI_CTRL('l'), CMD_REDRAW, "redraw the whole screen", NULL, false },
	{ C_ALL, TUI_CTRL('z'), CMD_SUSPEND, "suspend qip (type fg in the shell to come back)", NULL, false },

	{ C_MAIN, K('q'), CMD_BACK, "quit (everything is already saved)", "quit", false },
	{ C_MAIN, TUI_CTRL('c'), CMD_BACK, "quit (everything is already saved)", NULL, false },
	{ C_LEAVE, K('q'), CMD_BACK, "back to the previous screen", "back", false },
	{ C_LEAVE, TUI_ESC, CMD_BACK, "back to the previous screen", NULL, false },
	{ C_LEAVE, TUI_CTRL('c'), CMD_BACK, "back to the previous screen", NULL, false },
	{ C_SCREENS | C_AUDIT, K('?'), CMD_HELP, "help: every key of this screen", "help", false },
	{ C_SCREENS | C_AUDIT, F(KEY_F(1)), CMD_HELP, "help: every key of this screen", NULL, false },
	{ C_SCREENS, K('1'), CMD_GO_ACTIONS, "menu: Actions (the action list)", NULL, false },
	{ C_SCREENS, K('2'), CMD_GO_EVIDENCE, "menu: Evidence (log of the selected action)", NULL, false },
	{ C_SCREENS, K('3'), CMD_GO_ESCALATIONS, "menu: Escalations (the open queue)", NULL, false },
	{ C_SCREENS, K('4'), CMD_GO_PEOPLE, "menu: People (who owns what, leavers)", NULL, false },
	{ C_SCREENS, K('5'), CMD_GO_AUDITS, "menu: Audits (due, unfinished, past runs, trends)", NULL, false },
	{ C_MAIN, K('M'), CMD_MEETING, "governance meeting: start one, or carry on with one you chair", NULL, true },
	{ C_MAIN, K('T'), CMD_SETTINGS, "settings: escalation rule thresholds, the monitoring window", NULL, false },
	{ C_MAIN, TUI_TAB, CMD_NEXT_PANE, "next pane", NULL, false },
	{ C_MAIN, F(KEY_BTAB), CMD_PREV_PANE, "previous pane", NULL, false },

	{ C_LISTS, K('j'), CMD_DOWN, "down one row", NULL, false },
	{ C_LISTS | C_PICKER, F(KEY_DOWN), CMD_DOWN, "down one row", NULL, false },
	{ C_LISTS, K('k'), CMD_UP, "up one row", NULL, false },
	{ C_LISTS | C_PICKER, F(KEY_UP), CMD_UP, "up one row", NULL, false },
	{ C_LISTS | C_PICKER, F(KEY_NPAGE), CMD_PGDN, "down one page", NULL, false },
	{ C_LISTS, TUI_CTRL('f'), CMD_PGDN, "down one page", NULL, false },
	{ C_LISTS | C_PICKER, F(KEY_PPAGE), CMD_PGUP, "up one page", NULL, false },
	{ C_LISTS, TUI_CTRL('b'), CMD_PGUP, "up one page", NULL, false },
	{ C_LISTS | C_PICKER, F(KEY_HOME), CMD_HOME, "first row", NULL, false },
	{ C_LISTS, K('g'), CMD_HOME, "first row", NULL, false },
	{ C_LISTS | C_PICKER, F(KEY_END), CMD_END, "last row", NULL, false },
	{ C_LISTS, K('G'), CMD_END, "last row", NULL, false },

	/* One action: in the list and on its detail screen. The most used
	 * come first: the key line shows hints in this order, as many as fit. */
	{ C_ACTIONS, TUI_ENTER, CMD_OPEN, "open the action: every field, closure check, evidence, history", "open", false },
	{ C_ACTIONS, K('a'), CMD_ADD, "add an action", "add", true },
	{ C_ACT, K('e'), CMD_EDIT, "edit the action", NULL, true },
	{ C_ACT, K('o'), CMD_ASSIGN, "assign the accountable owner (pick from active people)", "owner", true },
	{ C_ACT, K('l'), CMD_LOG, "log evidence on the action", "log", true },
	{ C_ACT, K('c'), CMD_CLOSE, "close the action (shows every reason it cannot close yet)", "close", true },
	{ C_ACTIONS, K('f'), CMD_FILTER, "filter: attention, owner, status, CQC key question, statement", "filter", false },
	{ C_ACTIONS, K('/'), CMD_SEARCH, "search titles, baselines, outcomes and evidence notes", "search", false },
	{ C_ACTIONS, K('n'), CMD_SEARCH_NEXT, "next match of the search", NULL, false },
	{ C_ACTIONS, K('N'), CMD_SEARCH_PREV, "previous match of the search", NULL, false },
	{ C_ACT, K('x'), CMD_EXTEND, "extend the due date, with a reason", "extend", true },
	{ C_ACT, K('E'), CMD_ESCALATE, "escalate the action", "escalate", true },
	{ C_ACT, K('r'), CMD_REVIEW, "record a review decision (keep open, reframe, close, reopen)", "review", true },
	{ C_ACT, K('R'), CMD_REOPEN, "reopen a closed action, with a reason", NULL, true },
	{ C_ACTIONS, K('F'), CMD_CLEAR_FILTER, "clear the filter (open actions, any owner)", NULL, false },
	{ C_ACTIONS, K('s'), CMD_SORT, "sort: choose the order from a small list, one key each", "sort", false },
	{ C_ACTIONS, K('S'), CMD_REVERSE, "reverse the sort order", NULL, false },
	{ C_ACTIONS, K('i'), CMD_INCOMPLETE, "imported actions still incomplete, with what each lacks", NULL, false },
	{ C_IMPORTED, TUI_ENTER, CMD_EDIT, "edit the action to fill in what it lacks", "edit", true },
	{ C_IMPORTED, K('o'), CMD_ASSIGN, "assign the accountable owner (pick from active people)", "owner", true },

	{ C_EVIDENCE, TUI_ENTER, CMD_OPEN, "show the whole entry", "show", false },
	/* The panes share one screen, so a key means one thing in all three:
	 * a adds an action and c closes one, so logging is l only and
	 * correcting is C. */
	{ C_EVIDENCE | C_ENTRY, K('l'), CMD_LOG, "log evidence on the selected action", "log", true },
	{ C_EVIDENCE | C_ENTRY, K('C'), CMD_CORRECT, "correct the entry (a new entry supersedes it; evidence is never overwritten)", "correct", true },

	{ C_ESCALATIONS, TUI_ENTER, CMD_OPEN, "open the escalated action", "detail", false },
	{ C_ESCALATIONS, K('d'), CMD_RESOLVE, "record the decision and resolve the escalation", "decide", true },
	{ C_ESCALATIONS, K('+'), CMD_RAISE_LEVEL, "raise to the next level (RM, then NI, then board)", "raise", true },

	{ C_PEOPLE, TUI_ENTER, CMD_OPEN, "show the person's actions in the action list", "actions", false },
	{ C_PEOPLE, K('r'), CMD_REASSIGN, "reassign all the person's open actions to someone else", "reassign", true },
	{ C_PEOPLE, K('v'), CMD_SCOPE, "show: active people, everyone, leavers who still own actions", "view", false },

	{ C_AUDITS, TUI_ENTER, CMD_OPEN, "due: start that audit; unfinished: resume it; past: its result and proposals", "open", false },
	{ C_AUDITS, K('a'), CMD_ADD, "start an audit: pick a template, then a service", "start", true },

	/* One question at a time: one key answers and the next question
	 * follows. Letters and digits are answers here, so the menu keys are
	 * not bound (q goes back to the Audits screen). */
	{ C_AUDIT, K('y'), CMD_YES, "answer yes", "yes", true },
	{ C_AUDIT, K('n'), CMD_NO, "answer no", "no", true },
	{ C_AUDIT, K('a'), CMD_NA, "answer N/A, where the question allows it", "N/A", true },
	{ C_AUDIT, K('0'), CMD_DIGIT, "a number: type its digits, then Enter", NULL, true },
	{ C_AUDIT, K('1'), CMD_DIGIT, "a number: type its digits, then Enter", NULL, true },
	{ C_AUDIT, K('2'), CMD_DIGIT, "a number: type its digits, then Enter", NULL, true },
	{ C_AUDIT, K('3'), CMD_DIGIT, "a number: type its digits, then Enter", NULL, true },
	{ C_AUDIT, K('4'), CMD_DIGIT, "a number: type its digits, then Enter", NULL, true },
	{ C_AUDIT, K('5'), CMD_DIGIT, "a number: type its digits, then Enter", NULL, true },
	{ C_AUDIT, K('6'), CMD_DIGIT, "a number: type its digits, then Enter", NULL, true },
	{ C_AUDIT, K('7'), CMD_DIGIT, "a number: type its digits, then Enter", NULL, true },
	{ C_AUDIT, K('8'), CMD_DIGIT, "a number: type its digits, then Enter", NULL, true },
	{ C_AUDIT, K('9'), CMD_DIGIT, "a number: type its digits, then Enter", NULL, true },
	{ C_AUDIT, K('.'), CMD_DIGIT, "a number: type its digits, then Enter", NULL, true },
	{ C_AUDIT, K('-'), CMD_DIGIT, "a number: type its digits, then Enter", NULL, true },
	{ C_AUDIT, F(KEY_BACKSPACE), CMD_BACKSPACE, "delete the last digit typed", NULL, false },
	{ C_AUDIT, TUI_ENTER, CMD_ANSWER, "give the number typed; a text question: type the answer; after the last question: name the next one sampled", "answer", true },
	{ C_AUDIT, K('A'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, K('B'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, K('C'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, K('D'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, K('E'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, K('F'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, K('G'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, K('H'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, K('I'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, K('J'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, K('K'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, K('L'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, K('M'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, K('N'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, K('O'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, K('P'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, K('Q'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, K('R'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, K('S'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, K('T'), CMD_CHOICE, "a choice question: the capital letter shown beside the choice", NULL, true },
	{ C_AUDIT, F(KEY_LEFT), CMD_UP, "back to the previous question", "prev", false },
	{ C_AUDIT, F(KEY_UP), CMD_UP, "back to the previous question", NULL, false },
	{ C_AUDIT, F(KEY_RIGHT), CMD_DOWN, "forward to the next question", "next", false },
	{ C_AUDIT, F(KEY_DOWN), CMD_DOWN, "forward to the next question", NULL, false },
	{ C_AUDIT, K('e'), CMD_NOTE, "write or change the note on this answer", "note", true },
	{ C_AUDIT, K('f'), CMD_FINISH, "finish: score the audit and go through its proposed actions", "finish", true },

	{ C_RESULT, K('a'), CMD_ACCEPT, "accept the proposal: it becomes an action (source: this audit)", "accept", true },
	{ C_RESULT, K('e'), CMD_EDIT, "edit the proposal: title, baseline, outcome, target, due, owner", "edit", true },
	{ C_RESULT, K('s'), CMD_SKIP, "skip the proposal: no action is made", "skip", true },
	{ C_RESULT, K('m'), CMD_MERGE, "merge the proposal into an open action (pick it)", "merge", true },

	/* Only an administrator changes a setting: the core says so to others. */
	{ C_SETTINGS, TUI_ENTER, CMD_EDIT, "change the selected setting (an administrator; checked as qip settings import checks)", "change", true },

	/* A governance meeting: one agenda item at a time, one key per
	 * decision, each recorded as it is made. k is "keep open" here, so
	 * moving is on the arrows and Space. */
	{ C_MEETING, F(KEY_DOWN), CMD_DOWN, "next agenda item", "next", false },
	{ C_MEETING, F(KEY_RIGHT), CMD_DOWN, "next agenda item", NULL, false },
	{ C_MEETING, K(' '), CMD_DOWN, "next agenda item", NULL, false },
	{ C_MEETING, F(KEY_UP), CMD_UP, "previous agenda item", NULL, false },
	{ C_MEETING, F(KEY_LEFT), CMD_UP, "previous agenda item", NULL, false },
	{ C_MEETING, K('c'), CMD_CLOSE, "close: the closure check runs; pick who confirms", "close", true },
	{ C_MEETING, K('x'), CMD_EXTEND, "extend: a new due date and the reason", "extend", true },
	{ C_MEETING, K('e'), CMD_ESCALATE, "escalate: up a level, or to the level above the meeting", "escalate", true },
	{ C_MEETING, K('k'), CMD_KEEP, "keep open: the next review moves on by the cadence", "keep", true },
	{ C_MEETING, K('r'), CMD_REFRAME, "reframe: edit baseline, outcome or target (the old stays in history)", "reframe", true },
	{ C_MEETING, TUI_ENTER, CMD_OPEN, "open the action: every field, evidence, history", NULL, false },
	{ C_MEETING, K('E'), CMD_END_MEETING, "end the meeting (the chair; asks first): no decisions after", "end", true },

	/* Forms: letters are text here, so commands are on control keys. */
	{ C_FORM, TUI_TAB, CMD_NEXT_FIELD, "next field", NULL, false },
	{ C_FORM, F(KEY_DOWN), CMD_NEXT_FIELD, "next field", NULL, false },
	{ C_FORM, TUI_ENTER, CMD_NEXT_FIELD, "next field; on the last field, save", NULL, false },
	{ C_FORM, F(KEY_BTAB), CMD_PREV_FIELD, "previous field", NULL, false },
	{ C_FORM, F(KEY_UP), CMD_PREV_FIELD, "previous field", NULL, false },
	{ C_FORM, TUI_CTRL('s'), CMD_SAVE, "save", "save", false },
	{ C_FORM, F(KEY_F(2)), CMD_SAVE, "save", NULL, false },
	{ C_FORM | C_PICKER, TUI_ESC, CMD_CANCEL, "cancel: nothing is written", "cancel", false },
	{ C_FORM | C_PICKER, TUI_CTRL('c'), CMD_CANCEL, "cancel: nothing is written", NULL, false },
	{ C_FORM, F(KEY_F(4)), CMD_PICK, "pick from a list: choices, people, statements, areas", "list", false },
	{ C_FORM, TUI_CTRL('p'), CMD_PICK, "pick from a list: choices, people, statements, areas", NULL, false },
	/* ? is text in a form, so help is F1 only. */
	{ C_FORM | C_PICKER, F(KEY_F(1)), CMD_HELP, "help: the keys of forms and lists", "help", false },
	{ C_FORM, F(KEY_LEFT), CMD_LEFT, "cursor left", NULL, false },
	{ C_FORM, F(KEY_RIGHT), CMD_RIGHT, "cursor right", NULL, false },
	{ C_FORM, F(KEY_HOME), CMD_LINE_START, "start of the field", NULL, false },
	{ C_FORM, TUI_CTRL('a'), CMD_LINE_START, "start of the field", NULL, false },
	{ C_FORM, F(KEY_END), CMD_LINE_END, "end of the field", NULL, false },
	{ C_FORM, TUI_CTRL('e'), CMD_LINE_END, "end of the field", NULL, false },
	{ C_FORM | C_PICKER, F(KEY_BACKSPACE), CMD_BACKSPACE, "delete the character before the cursor", NULL, false },
	{ C_FORM, F(KEY_DC), CMD_DELETE, "delete the character under the cursor", NULL, false },
	{ C_FORM | C_PICKER, TUI_CTRL('u'), CMD_CLEAR_FIELD, "clear what was typed", NULL, false },
	{ C_PICKER, TUI_ENTER, CMD_CHOOSE, "choose the selected entry (several: the marked ones)", "choose", false },
	/* Only where several can be chosen (quality statements); elsewhere
	 * Space is text, as in a name. */
	{ C_PICKER, K(' '), CMD_MARK, "mark or unmark the entry, where several can be chosen", NULL, false },
};
const size_t tui_binding_count = sizeof tui_bindings / sizeof tui_bindings[0];

enum tui_cmd tui_keymap_lookup(unsigned ctx, int key)
{
	for (size_t i = 0; i < tui_binding_count; i++)
		if ((tui_bindings[i].ctx & ctx) && tui_bindings[i].key == key)
			return tui_bindings[i].cmd;
	return CMD_NONE;
}

const struct tui_binding *tui_keymap_find(unsigned ctx, enum tui_cmd cmd)
{
	for (size_t i = 0; i < tui_binding_count; i++)
		if ((tui_bindings[i].ctx & ctx) && tui_bindings[i].cmd == cmd)
			return &tui_bindings[i];
	return NULL;
}

static const struct {
	int key;
	const char *name;
} names[] = {
	{ TUI_ESC, "Esc" }, { TUI_ENTER, "Enter" }, { TUI_TAB, "Tab" }, { ' ', "Space" },
	{ F(KEY_BTAB), "S-Tab" }, { F(KEY_DOWN), "Down" }, { F(KEY_UP), "Up" },
	{ F(KEY_LEFT), "Left" }, { F(KEY_RIGHT), "Right" }, { F(KEY_NPAGE), "PgDn" },
	{ F(KEY_PPAGE), "PgUp" }, { F(KEY_HOME), "Home" }, { F(KEY_END), "End" },
	{ F(KEY_BACKSPACE), "Bksp" }, { F(KEY_DC), "Del" }, { F(KEY_IC), "Ins" },
	{ F(KEY_RESIZE), "Resize" },
};

const char *tui_key_label(int key, char *buf, size_t n)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].key == key) {
			snprintf(buf, n, "%s", names[i].name);
			return buf;
		}
	if (key >= F(KEY_F(1)) && key <= F(KEY_F(12)))
		snprintf(buf, n, "F%d", key - F(KEY_F(0)));
	else if (key >= 1 && key < 32)
		snprintf(buf, n, "C-%c", key + 'a' - 1);
	else if (key > 32 && key < 127)
		snprintf(buf, n, "%c", key);
	else if (key >= 0xA0 && key <= 0x10FFFF) {
		char mb[MB_LEN_MAX + 1];
		mbstate_t st;
		memset(&st, 0, sizeof st);
		size_t m = wcrtomb(mb, (wchar_t)key, &st);
		if (m == (size_t)-1)
			snprintf(buf, n, "U+%04X", (unsigned)key);
		else {
			mb[m] = '\0';
			snprintf(buf, n, "%s", mb);
		}
	} else
		snprintf(buf, n, "key-%d", key);
	return buf;
}

int tui_key_parse(const char *name)
{
	if (!name || !*name)
		return -1;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i].name, name))
			return names[i].key;
	if (!strcmp(name, "Backspace"))
		return F(KEY_BACKSPACE);
	if (!strcmp(name, "BTab"))
		return F(KEY_BTAB);
	if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {
		int k = atoi(name + 1);
		if (k >= 1 && k <= 12)
			return F(KEY_F(k));
	}
	if (name[0] == 'C' && name[1] == '-' && name[2] >= 'a' && name[2] <= 'z' && !name[3])
		return TUI_CTRL(name[2]);
	/* One character, possibly multibyte. */
	wchar_t wc;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t len = strlen(name);
	size_t m = mbrtowc(&wc, name, len, &st);
	if (m == len && m > 0)
		return (int)wc;
	return -1;
}

struct help_entry {
	enum tui_cmd cmd;
	const char *help;
	char keys[64];
};

void tui_keymap_help(unsigned ctx, void (*line)(void *arg, const char *keys, const char *help), void *arg)
{
	struct help_entry e[CMD_COUNT];
	int n = 0;
	for (size_t i = 0; i < tui_binding_count; i++) {
		const struct tui_binding *b = &tui_bindings[i];
		if (!(b->ctx & ctx))
			continue;
		/* A key bound earlier in this context shadows this binding. */
		if (tui_keymap_lookup(ctx, b->key) != b->cmd)
			continue;
		int j;
		for (j = 0; j < n && e[j].cmd != b->cmd; j++)
			;
		if (j == n) {
			e[n] = (struct help_entry){ .cmd = b->cmd, .help = b->help };
			n++;
		}
		char label[32];
		tui_key_label(b->key, label, sizeof label);
		size_t o = strlen(e[j].keys);
		snprintf(e[j].keys + o, sizeof e[j].keys - o, "%s%s", o ? " " : "", label);
	}
	for (int j = 0; j < n; j++)
		line(arg, e[j].keys, e[j].help);
}

void tui_keymap_hints(unsigned ctx, bool writable, const char *save_word, char *buf, size_t n)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < tui_binding_count; i++) {
		const struct tui_binding *b = &tui_bindings[i];
		if (!(b->ctx & ctx) || !b->hint || tui_keymap_lookup(ctx, b->key) != b->cmd)
			continue;
		if (b->writes && !writable)
			continue;
		char label[32];
		tui_key_label(b->key, label, sizeof label);
		const char *hint = b->cmd == CMD_SAVE && save_word ? save_word : b->hint;
		int w = snprintf(buf + o, n - o, "%s%s %s", o ? "  " : "", label, hint);
		if (w < 0 || (size_t)w >= n - o) {
			buf[o] = '\0';
			break;
		}
		o += (size_t)w;
	}
}

const char *tui_ctx_name(unsigned ctx)
{
	switch (ctx) {
	case C_ACTIONS: return "Action list";
	case C_EVIDENCE: return "Evidence log";
	case C_ESCALATIONS: return "Escalation queue";
	case C_PEOPLE: return "People";
	case C_DETAIL: return "Action detail";
	case C_HELP: return "Help";
	case C_FORM: return "Forms";
	case C_PICKER: return "Lists to pick from";
	case C_ENTRY: return "Evidence entry";
	case C_AUDITS: return "Audits";
	case C_AUDIT: return "Audit question";
	case C_RESULT: return "Audit result";
	case C_MEETING: return "Governance meeting";
	case C_IMPORTED: return "Imported, to complete";
	case C_SETTINGS: return "Settings";
	default: return "?";
	}
}
