/* The key table: every key bound in a context appears in that context's
 * generated help, no key is bound twice in one context nor means two
 * things on one screen, every editing
 * command is marked as writing, and key names read back. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <curses.h>
#include <locale.h>

#include "keymap.h"
#include "qip/template.h"

struct collect {
	char text[8192];
	size_t len;
	int lines;
};

static void collect_line(void *arg, const char *keys, const char *help)
{
	struct collect *c = arg;
	assert_non_null(help);
	assert_true(help[0] != '\0');
	int n = snprintf(c->text + c->len, sizeof c->text - c->len, "|%s|", keys);
	assert_true(n > 0 && (size_t)n < sizeof c->text - c->len);
	c->len += (size_t)n;
	c->lines++;
}

/* true when label is one of the space-separated keys of some help line. */
static bool in_help(const struct collect *c, const char *label)
{
	char pat[48];
	const char *seps[][2] = { { "|", "|" }, { "|", " " }, { " ", " " }, { " ", "|" } };
	for (size_t i = 0; i < 4; i++) {
		snprintf(pat, sizeof pat, "%s%s%s", seps[i][0], label, seps[i][1]);
		if (strstr(c->text, pat))
			return true;
	}
	return false;
}

static void every_bound_key_is_in_its_help(void **state)
{
	(void)state;
	for (int bit = 0; bit < TUI_CTX_COUNT; bit++) {
		unsigned ctx = 1u << bit;
		struct collect c = { 0 };
		tui_keymap_help(ctx, collect_line, &c);
		assert_true(c.lines > 0);
		for (size_t i = 0; i < tui_binding_count; i++) {
			const struct tui_binding *b = &tui_bindings[i];
			if (!(b->ctx & ctx))
				continue;
			char label[32];
			tui_key_label(b->key, label, sizeof label);
			if (!in_help(&c, label))
				fail_msg("%s: key %s (%s) is bound but not in the help", tui_ctx_name(ctx), label, b->help);
		}
	}
}

static void no_key_is_bound_twice_in_a_context(void **state)
{
	(void)state;
	for (size_t i = 0; i < tui_binding_count; i++)
		for (size_t j = i + 1; j < tui_binding_count; j++)
			if ((tui_bindings[i].ctx & tui_bindings[j].ctx) && tui_bindings[i].key == tui_bindings[j].key)
				fail_msg("key %d is bound twice (%s / %s)", tui_bindings[i].key,
					 tui_bindings[i].help, tui_bindings[j].help);
}

/* The panes of one screen: a key pressed there means one thing whichever
 * pane has focus, as the user sees them all at once. (Each other context
 * is a screen, a form or a list of its own, checked above.) */
static const unsigned screen_panes[] = { C_MAIN };

static void one_key_one_meaning_per_screen(void **state)
{
	(void)state;
	for (size_t s = 0; s < sizeof screen_panes / sizeof screen_panes[0]; s++)
		for (size_t i = 0; i < tui_binding_count; i++)
			for (size_t j = i + 1; j < tui_binding_count; j++) {
				const struct tui_binding *a = &tui_bindings[i], *b = &tui_bindings[j];
				if (a->key != b->key || a->cmd == b->cmd || !(a->ctx & screen_panes[s]) ||
				    !(b->ctx & screen_panes[s]))
					continue;
				char label[32];
				fail_msg("key %s means both '%s' and '%s' on one screen",
					 tui_key_label(a->key, label, sizeof label), a->help, b->help);
			}
}

static void every_context_can_be_left_and_has_help(void **state)
{
	(void)state;
	/* Screens: q and ? work everywhere; forms and pickers: Esc cancels. */
	unsigned screens[] = { C_ACTIONS, C_EVIDENCE, C_ESCALATIONS, C_PEOPLE, C_DETAIL, C_HELP, C_ENTRY,
			       C_AUDITS, C_AUDIT, C_RESULT, C_IMPORTED, C_SETTINGS };
	for (size_t i = 0; i < sizeof screens / sizeof screens[0]; i++) {
		assert_int_equal(tui_keymap_lookup(screens[i], 'q'), CMD_BACK);
		assert_int_equal(tui_keymap_lookup(screens[i], '?'), CMD_HELP);
		assert_int_equal(tui_keymap_lookup(screens[i], TUI_CTRL('l')), CMD_REDRAW);
		assert_int_equal(tui_keymap_lookup(screens[i], TUI_CTRL('z')), CMD_SUSPEND);
	}
	assert_int_equal(tui_keymap_lookup(C_FORM, TUI_ESC), CMD_CANCEL);
	assert_int_equal(tui_keymap_lookup(C_PICKER, TUI_ESC), CMD_CANCEL);
	assert_int_equal(tui_keymap_lookup(C_FORM, TUI_CTRL('l')), CMD_REDRAW);
	/* Letters are text in forms and pickers, never commands. */
	for (int k = 'a'; k <= 'z'; k++) {
		assert_int_equal(tui_keymap_lookup(C_FORM, k), CMD_NONE);
		assert_int_equal(tui_keymap_lookup(C_PICKER, k), CMD_NONE);
	}
	/* Vi keys and arrows agree. */
	assert_int_equal(tui_keymap_lookup(C_ACTIONS, 'j'), tui_keymap_lookup(C_ACTIONS, TUI_FN(KEY_DOWN)));
	assert_int_equal(tui_keymap_lookup(C_ACTIONS, 'k'), tui_keymap_lookup(C_ACTIONS, TUI_FN(KEY_UP)));
}

/* The screen of one evidence entry has the evidence pane's keys, not the
 * action detail's: C corrects the entry there as in the pane, and c (which
 * closes an action on the detail screen) does nothing. */
static void an_evidence_entry_has_the_evidence_keys(void **state)
{
	(void)state;
	assert_int_equal(tui_keymap_lookup(C_ENTRY, 'C'), CMD_CORRECT);
	assert_int_equal(tui_keymap_lookup(C_ENTRY, 'l'), CMD_LOG);
	assert_int_equal(tui_keymap_lookup(C_ENTRY, 'c'), CMD_NONE);
	assert_int_equal(tui_keymap_lookup(C_ENTRY, 'e'), CMD_NONE);
	for (size_t i = 0; i < tui_binding_count; i++)
		if ((tui_bindings[i].ctx & C_ENTRY) && tui_bindings[i].cmd != CMD_CORRECT && tui_bindings[i].cmd != CMD_LOG)
			assert_false(tui_bindings[i].writes);
}

/* An audit question is answered with one key: y, n, a (N/A), the capital
 * letter of a choice, digits then Enter; none of them leaves the question
 * or means anything else there, so a menu digit never lands as a wrong
 * answer or a number as a screen change. */
static void an_audit_question_answers_with_one_key(void **state)
{
	(void)state;
	assert_int_equal(tui_keymap_lookup(C_AUDIT, 'y'), CMD_YES);
	assert_int_equal(tui_keymap_lookup(C_AUDIT, 'n'), CMD_NO);
	assert_int_equal(tui_keymap_lookup(C_AUDIT, 'a'), CMD_NA);
	for (int k = '0'; k <= '9'; k++)
		assert_int_equal(tui_keymap_lookup(C_AUDIT, k), CMD_DIGIT);
	for (int k = 'A'; k < 'A' + QIP_TEMPLATE_MAX_CHOICES; k++)
		assert_int_equal(tui_keymap_lookup(C_AUDIT, k), CMD_CHOICE);
	assert_int_equal(tui_keymap_lookup(C_AUDIT, TUI_ENTER), CMD_ANSWER);
	assert_true(tui_keymap_find(C_AUDIT, CMD_YES)->writes);
	/* The Audits screen is on the menu everywhere a menu key works. */
	assert_int_equal(tui_keymap_lookup(C_ACTIONS, '5'), CMD_GO_AUDITS);
	assert_int_equal(tui_keymap_lookup(C_PEOPLE, '5'), CMD_GO_AUDITS);
	assert_int_equal(tui_keymap_lookup(C_RESULT, '5'), CMD_GO_AUDITS);
}

static void editing_commands_are_marked_as_writes(void **state)
{
	(void)state;
	enum tui_cmd writes[] = { CMD_ADD, CMD_EDIT, CMD_ASSIGN, CMD_LOG, CMD_EXTEND, CMD_ESCALATE,
				  CMD_CLOSE, CMD_REVIEW, CMD_REOPEN, CMD_CORRECT, CMD_RESOLVE,
				  CMD_RAISE_LEVEL, CMD_REASSIGN, CMD_YES, CMD_NO, CMD_NA, CMD_DIGIT,
				  CMD_CHOICE, CMD_ANSWER, CMD_NOTE, CMD_FINISH, CMD_ACCEPT, CMD_SKIP, CMD_MERGE,
				  CMD_MEETING, CMD_KEEP, CMD_REFRAME, CMD_END_MEETING };
	for (size_t i = 0; i < tui_binding_count; i++) {
		bool w = false;
		for (size_t k = 0; k < sizeof writes / sizeof writes[0]; k++)
			w |= tui_bindings[i].cmd == writes[k];
		if (w != tui_bindings[i].writes)
			fail_msg("'%s' should%s be marked as writing", tui_bindings[i].help, w ? "" : " not");
	}
	/* And reading commands never are: filter, sort and search change no data. */
	assert_false(tui_keymap_find(C_ACTIONS, CMD_FILTER)->writes);
	assert_false(tui_keymap_find(C_ACTIONS, CMD_SEARCH)->writes);
}

static void key_names_read_back(void **state)
{
	(void)state;
	for (size_t i = 0; i < tui_binding_count; i++) {
		char label[32];
		tui_key_label(tui_bindings[i].key, label, sizeof label);
		assert_int_equal(tui_key_parse(label), tui_bindings[i].key);
	}
	assert_int_equal(tui_key_parse("Enter"), TUI_ENTER);
	assert_int_equal(tui_key_parse("C-s"), TUI_CTRL('s'));
	assert_int_equal(tui_key_parse("F4"), TUI_FN(KEY_F(4)));
	assert_int_equal(tui_key_parse("S-Tab"), TUI_FN(KEY_BTAB));
	assert_int_equal(tui_key_parse("\xc3\xa9"), 0xE9);   /* é */
	assert_int_equal(tui_key_parse("Ener"), -1);
	assert_int_equal(tui_key_parse(""), -1);
}

static void hints_come_from_the_table(void **state)
{
	(void)state;
	char buf[512];
	tui_keymap_hints(C_ACTIONS, true, NULL, buf, sizeof buf);
	assert_non_null(strstr(buf, "? help"));
	assert_non_null(strstr(buf, "/ search"));
	assert_non_null(strstr(buf, "q quit"));
	tui_keymap_hints(C_DETAIL, true, NULL, buf, sizeof buf);
	assert_non_null(strstr(buf, "q back"));
	tui_keymap_hints(C_FORM, true, NULL, buf, sizeof buf);
	assert_non_null(strstr(buf, "C-s save"));
	assert_non_null(strstr(buf, "Esc cancel"));
	/* A small buffer is cut between hints, never mid-word. */
	char small[12];
	tui_keymap_hints(C_ACTIONS, true, NULL, small, sizeof small);
	assert_string_equal(small, "q quit");
	/* Read-only: no key that writes is offered. */
	tui_keymap_hints(C_ACTIONS, false, NULL, buf, sizeof buf);
	assert_non_null(strstr(buf, "Enter open"));
	assert_non_null(strstr(buf, "f filter"));
	assert_null(strstr(buf, "a add"));
	assert_null(strstr(buf, "o owner"));
	assert_null(strstr(buf, "l log"));
	assert_null(strstr(buf, "c close"));
	tui_keymap_hints(C_DETAIL, false, NULL, buf, sizeof buf);
	assert_string_equal(buf, "q back  ? help");
	/* The filter form applies rather than saves. */
	tui_keymap_hints(C_FORM, true, "apply", buf, sizeof buf);
	assert_non_null(strstr(buf, "C-s apply"));
	assert_null(strstr(buf, "save"));
}

/* The manual names every bound key (argv[1] is its path). */
static const char *manual_path;

static void every_bound_key_is_in_the_manual(void **state)
{
	(void)state;
	if (!manual_path)
		skip();
	FILE *f = fopen(manual_path, "r");
	assert_non_null(f);
	static char text[1 << 20];
	size_t n = fread(text, 1, sizeof text - 1, f);
	assert_true(feof(f));   /* the whole manual read, or a key near its end goes unseen */
	fclose(f);
	assert_true(n < sizeof text - 1);   /* the whole manual, not its first part */
	text[n] = '\0';
	/* Tokens as roff writes them: ".BR C-s \" or \" F2" gives C-s and F2. */
	static char *tokens[1 << 17];
	int nt = 0;
	for (char *t = strtok(text, " \t\n\",()"); t; t = strtok(NULL, " \t\n\",()")) {
		assert_true(nt < (int)(sizeof tokens / sizeof tokens[0]));
		tokens[nt++] = t;
	}
	for (size_t i = 0; i < tui_binding_count; i++) {
		char label[32];
		tui_key_label(tui_bindings[i].key, label, sizeof label);
		bool found = false;
		for (int k = 0; k < nt && !found; k++)
			found = !strcmp(tokens[k], label);
		if (!found)
			fail_msg("key %s (%s) is not in %s", label, tui_bindings[i].help, manual_path);
	}
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "C.UTF-8");
	manual_path = argc > 1 ? argv[1] : NULL;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_bound_key_is_in_its_help),
		cmocka_unit_test(no_key_is_bound_twice_in_a_context),
		cmocka_unit_test(one_key_one_meaning_per_screen),
		cmocka_unit_test(every_context_can_be_left_and_has_help),
		cmocka_unit_test(an_evidence_entry_has_the_evidence_keys),
		cmocka_unit_test(an_audit_question_answers_with_one_key),
		cmocka_unit_test(editing_commands_are_marked_as_writes),
		cmocka_unit_test(key_names_read_back),
		cmocka_unit_test(hints_come_from_the_table),
		cmocka_unit_test(every_bound_key_is_in_the_manual),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
