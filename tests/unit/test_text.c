#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <cmocka.h>

#include "qip/text.h"

static void check_escape(const char *in, const char *want)
{
	char *got = qip_text_escape(in);
	assert_string_equal(got, want);
	free(got);
}

static void escapes_what_a_terminal_would_act_on(void **state)
{
	check_escape("plain text", "plain text");
	check_escape("\x1b[31mred\x1b[0m", "\\e[31mred\\e[0m");
	check_escape("bell\a", "bell\\x07");
	check_escape("a\nb\tc\rd", "a\\nb\\tc\\rd");
	check_escape("del\x7f", "del\\x7F");
	check_escape("C1 \xc2\x9b" "31m", "C1 \\u{009B}31m");             /* CSI as a C1 control */
	check_escape("evil\xe2\x80\xaeTXT", "evil\\u{202E}TXT");          /* right-to-left override */
	check_escape("iso\xe2\x81\xa6x", "iso\\u{2066}x");
	check_escape("bad \xff\xfe utf8", "bad \\xFF\\xFE utf8");
	check_escape("overlong \xc0\xaf", "overlong \\xC0\\xAF");
	check_escape("surrogate \xed\xa0\x80", "surrogate \\xED\\xA0\\x80");
	check_escape("truncated \xe2\x82", "truncated \\xE2\\x82");
	check_escape("Zo\xc3\xab caf\xc3\xa9 \xe7\x8e\x8b", "Zo\xc3\xab caf\xc3\xa9 \xe7\x8e\x8b");
	check_escape(NULL, "");
}

static void widths_count_columns_not_bytes(void **state)
{
	assert_int_equal(qip_text_width("abc"), 3);
	assert_int_equal(qip_text_width("Zo\xc3\xab"), 3);
	assert_int_equal(qip_text_width("\xe7\x8e\x8b\xe5\xb0\x8f"), 4);   /* two wide CJK */
}

static void fit_cuts_on_characters_and_pads(void **state)
{
	char out[64];
	assert_int_equal(qip_text_fit("abcdef", 4, false, out, sizeof out), 4);
	assert_string_equal(out, "abc\xe2\x80\xa6");
	assert_int_equal(qip_text_fit("ab", 4, true, out, sizeof out), 4);
	assert_string_equal(out, "ab  ");
	/* A wide character that would straddle the edge is left out. */
	assert_int_equal(qip_text_fit("\xe7\x8e\x8b\xe5\xb0\x8f\xe7\x8e\x8b", 4, true, out, sizeof out), 4);
	assert_string_equal(out, "\xe7\x8e\x8b\xe2\x80\xa6 ");
	assert_int_equal(qip_text_fit("Zo\xc3\xab", 3, false, out, sizeof out), 3);
	assert_string_equal(out, "Zo\xc3\xab");
	qip_text_fit("anything", 0, true, out, sizeof out);
	assert_string_equal(out, "");
}

static void clean_text_check(void **state)
{
	assert_true(qip_text_is_clean("Caf\xc3\xa9 ok", false));
	assert_false(qip_text_is_clean("line\nbreak", false));
	assert_true(qip_text_is_clean("line\nbreak", true));
	assert_false(qip_text_is_clean("esc\x1b", true));
	assert_false(qip_text_is_clean("bad\xff", true));
	assert_false(qip_text_is_clean("rlo\xe2\x80\xae", true));
}

static void folding_for_matching(void **state)
{
	char *f = qip_text_fold("Jos\xc3\xa9 Ferreira");
	assert_string_equal(f, "jose ferreira");
	free(f);
	f = qip_text_fold("Zo\xc3\xab \xc5\x81ukasz \xc5\x92uvre \xc3\x9f \xe7\x8e\x8b");
	assert_string_equal(f, "zoe lukasz ouvre s \xe7\x8e\x8b");
	free(f);
	f = qip_text_fold("\xc5\xbf\xc5\xbe");   /* the last two of Latin Extended-A */
	assert_string_equal(f, "sz");
	free(f);
}

static void slugs_and_uuids(void **state)
{
	char *s = qip_text_slug("  Registered Manager ");
	assert_string_equal(s, "registered-manager");
	free(s);
	s = qip_text_slug("Medicines_Lead!!");
	assert_string_equal(s, "medicines-lead");
	free(s);
	s = qip_text_slug("R\xc3\xb4le \xc3\xb1");
	assert_string_equal(s, "r\xc3\xb4le-\xc3\xb1");
	free(s);
	s = qip_text_slug("Safe \xe2\x80\x93 sustainable");   /* an en dash is punctuation */
	assert_string_equal(s, "safe-sustainable");
	free(s);
	s = qip_text_slug("\xe6\x8a\xa4\xe5\xa3\xab");   /* a role written in Chinese */
	assert_string_equal(s, "\xe6\x8a\xa4\xe5\xa3\xab");
	free(s);
	char a[37], b[37];
	qip_uuid(a);
	qip_uuid(b);
	assert_int_equal(strlen(a), 36);
	assert_int_equal(a[14], '4');
	assert_true(strchr("89ab", a[19]) != NULL);
	assert_string_not_equal(a, b);
	assert_int_equal(qip_text_distance("monthly", "montly"), 1);
	assert_int_equal(qip_text_distance("", "abc"), 3);
}

static void check_format(double v, const char *want)
{
	char buf[QIP_NUMBER_LEN];
	assert_string_equal(qip_number_format(v, buf), want);
	double back;
	const char *end;
	assert_null(qip_number_parse(buf, &back, &end));
	assert_int_equal(*end, '\0');
	assert_memory_equal(&back, &v, sizeof v);   /* bit for bit, so -0 stays -0 */
}

/* Shortest text that reads back exactly, with a '.', whatever the locale
 * (meson runs this test under de_DE.UTF-8 too: see text_decimal_comma). */
static void numbers_print_shortest_exact_form(void **state)
{
	check_format(95, "95");
	check_format(95.5, "95.5");
	check_format(0.1, "0.1");
	check_format(1234567.89, "1234567.89");
	check_format(1234568.5, "1234568.5");
	check_format(1.0 / 3, "0.3333333333333333");          /* needs 16 digits */
	check_format(0.1 + 0.2, "0.30000000000000004");        /* needs 17 */
	check_format(-0.0, "-0");
	check_format(1e21, "1e+21");
	check_format(DBL_MAX, "1.7976931348623157e+308");
	check_format(DBL_MIN, "2.2250738585072014e-308");
	check_format(DBL_TRUE_MIN, "4.94065645841247e-324");   /* subnormal: 15 digits read back */
	check_format(9007199254740993.0, "9007199254740992");   /* 2^53 + 1 is not a double */
	/* Thousands of awkward values: every one reads back bit for bit. */
	uint64_t x = 88172645463325252u;
	for (int i = 0; i < 20000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;       /* xorshift64 */
		double v;
		memcpy(&v, &x, sizeof v);
		if (!isfinite(v))
			continue;
		char buf[QIP_NUMBER_LEN];
		qip_number_format(v, buf);
		assert_null(strchr(buf, ','));
		double back;
		assert_null(qip_number_parse(buf, &back, NULL));
		assert_memory_equal(&back, &v, sizeof v);
	}
}

/* A decimal-comma locale in force for the whole program (setlocale LC_ALL,
 * as a library user might): numbers are still read and printed with '.'.
 * meson's text_decimal_comma builds the locale and names it in
 * QIP_DECIMAL_COMMA_LOCALE (tests/with_decimal_comma.sh); the plain run has
 * none to use. */
static void numbers_ignore_a_decimal_comma_locale(void **state)
{
	const char *comma = getenv("QIP_DECIMAL_COMMA_LOCALE");
	if (!comma)
		return;
	assert_non_null(setlocale(LC_ALL, comma));
	char probe[16];
	snprintf(probe, sizeof probe, "%.1f", 95.5);
	assert_string_equal(probe, "95,5");          /* the locale really uses a comma */
	check_format(95.5, "95.5");
	check_format(1234567.89, "1234567.89");
	double v;
	const char *end;
	assert_null(qip_number_parse("87.5", &v, &end));
	assert_true(v == 87.5);
	assert_string_equal(end, "");
	assert_null(qip_number_parse("87,5", &v, &end));
	assert_string_equal(end, ",5");             /* a comma is never a decimal point */
	setlocale(LC_ALL, "C.UTF-8");
}

static void check_refused(const char *text, const char *why)
{
	double v = 42;
	const char *got = qip_number_parse(text, &v, NULL);
	assert_non_null(got);
	assert_string_equal(got, why);
	assert_true(v == 42);   /* nothing written on refusal */
}

static void numbers_refused_at_input(void **state)
{
	check_refused("", "is not a number");
	check_refused("lots", "is not a number");
	check_refused(",5", "is not a number");
	check_refused("0x10", "is not a number");
	check_refused("inf", "is not a finite number");
	check_refused("-Infinity", "is not a finite number");
	check_refused("NaN", "is not a finite number");
	check_refused("1e999", "is too large");
	check_refused("-1e309", "is too large");
	check_refused("1e-999", "is too small (it would be stored as 0)");
	check_refused("-1e-400", "is too small (it would be stored as 0)");
	/* What is taken, and where reading stopped. */
	double v;
	const char *end;
	assert_null(qip_number_parse("  87.5 %", &v, &end));
	assert_true(v == 87.5);
	assert_string_equal(end, " %");
	assert_null(qip_number_parse("95,5", &v, &end));   /* 95, then ",5" is left for the caller to refuse */
	assert_true(v == 95);
	assert_string_equal(end, ",5");
	assert_null(qip_number_parse("-.5e1", &v, &end));
	assert_true(v == -5);
	assert_null(qip_number_parse("0", &v, &end));
	assert_true(v == 0);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_what_a_terminal_would_act_on),
		cmocka_unit_test(widths_count_columns_not_bytes),
		cmocka_unit_test(fit_cuts_on_characters_and_pads),
		cmocka_unit_test(clean_text_check),
		cmocka_unit_test(folding_for_matching),
		cmocka_unit_test(slugs_and_uuids),
		cmocka_unit_test(numbers_print_shortest_exact_form),
		cmocka_unit_test(numbers_refused_at_input),
		cmocka_unit_test(numbers_ignore_a_decimal_comma_locale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
