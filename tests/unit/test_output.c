/* Command-line output: untrusted text never reaches a terminal raw, TSV and
 * JSON stay machine-readable, markers show without colour. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <cmocka.h>

#include "../../src/cli/cli.h"
#include "qip/text.h"

static const struct cli_col cols[] = { { "ref", 8, false }, { "value", 6, true }, { "title", 0, false } };
static const char *evil[] = { "QIP-0001", "87.5", "Evil \x1b[31mred\x1b[0m \xe2\x80\xae\x07 tab\tnl\n\xff" };

static char *render(enum cli_format f, bool color, const char *mark, int hl)
{
	char *buf = NULL;
	size_t len = 0;
	struct cli c = { .out = open_memstream(&buf, &len), .color = color };
	struct cli_table *t = cli_table_begin(&c, f, cols, 3);
	cli_table_row(t, evil, mark, hl);
	cli_table_end(t);
	fclose(c.out);
	return buf;
}

static void no_raw_control_characters(const char *s)
{
	for (const unsigned char *u = (const unsigned char *)s; *u; u++)
		if ((*u < 0x20 && *u != '\n' && *u != '\t') || *u == 0x7f)
			fail_msg("raw control 0x%02x in output", *u);
	assert_null(strstr(s, "\xe2\x80\xae"));
	assert_null(strstr(s, "\xff"));
}

static void table_escapes_and_marks(void **state)
{
	char *s = render(CLI_TABLE, false, "!?", CLI_HL_OVERDUE);
	no_raw_control_characters(s);
	assert_non_null(strstr(s, "!?QIP-0001"));
	assert_non_null(strstr(s, "\\e[31mred"));
	assert_non_null(strstr(s, "\\u{202E}"));
	free(s);
	/* Colour only when asked for, and the marker is there either way. */
	s = render(CLI_TABLE, true, "! ", CLI_HL_OVERDUE);
	assert_non_null(strstr(s, "\x1b[1;31m! QIP-0001"));
	free(s);
}

static void tsv_has_header_and_one_line_per_row(void **state)
{
	char *s = render(CLI_TSV, false, "", CLI_HL_NONE);
	no_raw_control_characters(s);
	assert_true(!strncmp(s, "ref\tvalue\ttitle\nQIP-0001\t87.5\tEvil \\e[31mred", 44));
	int lines = 0;
	for (char *p = s; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 2);
	free(s);
}

static void json_is_escaped_and_typed(void **state)
{
	char *s = render(CLI_JSON, false, "", CLI_HL_NONE);
	no_raw_control_characters(s);
	assert_non_null(strstr(s, "\"value\": 87.5"));
	assert_non_null(strstr(s, "Evil \\u001b[31mred"));
	assert_non_null(strstr(s, "\\u202e"));
	assert_non_null(strstr(s, "\\ufffd"));
	assert_non_null(strstr(s, "tab\\tnl\\n"));
	assert_true(s[0] == '[');
	free(s);
}

/* The fast path: text with nothing to escape is printed as it is, without
 * a copy, and any one character that needs escaping sends it the long way.
 * Strings are built from pieces known to be safe or not, so the expected
 * answer does not come from the code under test. */
static void plain_text_is_printed_as_it_is_and_nothing_else_is(void **state)
{
	static const char *const safe[] = { "a", "Z", " ", "~", "QIP-0001", "\\", "\xc3\xa9", "\xe4\xb8\xad",
		"\xf0\x9f\x98\x80", "\xc2\xa0" };
	static const char *const unsafe[] = { "\n", "\t", "\r", "\x1b", "\x7f", "\x01", "\xff", "\xc2\x85",
		"\xe2\x80\xae", "\xe2\x80\xa8", "\xe2\x81\xa6", "\xc3", "\xe0\x80\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80" };
	srand(7);
	for (int round = 0; round < 5000; round++) {
		char text[200] = "";
		bool plain = true, backslash = false;
		int pieces = rand() % 8;
		for (int i = 0; i < pieces; i++) {
			bool bad = rand() % 6 == 0;
			const char *p = bad ? unsafe[rand() % 15] : safe[rand() % 10];
			plain &= !bad;
			backslash |= !strcmp(p, "\\");
			strcat(text, p);
		}
		if (qip_text_is_plain(text) != plain)
			fail_msg("round %d: '%s' is%s plain", round, text, plain ? "" : " not");
		char *owned, *escaped = qip_text_escape(text);
		const char *got = qip_text_escaped(text, &owned);
		assert_string_equal(got, escaped);
		assert_true(plain ? got == text && !owned : got == owned);
		assert_true(plain == !strcmp(escaped, text));
		free(owned);
		free(escaped);
		/* A TSV row of plain text without backslashes is the text itself. */
		char *buf = NULL;
		size_t len = 0;
		struct cli c = { .out = open_memstream(&buf, &len) };
		struct cli_table *t = cli_table_begin(&c, CLI_TSV, cols, 3);
		const char *cells[] = { "QIP-0001", "", text };
		cli_table_row(t, cells, "", CLI_HL_NONE);
		cli_table_end(t);
		fclose(c.out);
		no_raw_control_characters(buf);
		if (plain && !backslash) {
			char want[300];
			snprintf(want, sizeof want, "ref\tvalue\ttitle\nQIP-0001\t\t%s\n", text);
			assert_string_equal(buf, want);
		}
		free(buf);
	}
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_escapes_and_marks),
		cmocka_unit_test(tsv_has_header_and_one_line_per_row),
		cmocka_unit_test(json_is_escaped_and_typed),
		cmocka_unit_test(plain_text_is_printed_as_it_is_and_nothing_else_is),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
