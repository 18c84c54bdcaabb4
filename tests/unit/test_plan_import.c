/* The parts of qip import plan that decide what a sheet says: which field
 * a header names, Windows-1252 and BOMs turned into UTF-8, and dates in the
 * forms spreadsheets write them. The import itself is tested end to end in
 * tests/cli/cli_import.sh. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "qip/plan_import.h"

static void headers_by_their_usual_names(void **state)
{
	static const struct { const char *header; int field; } cases[] = {
		{ "Ref", QIP_PF_REF }, { "REF NO.", QIP_PF_REF }, { "No.", QIP_PF_REF },
		{ "Issue identified", QIP_PF_FINDING }, { "  Finding ", QIP_PF_FINDING },
		{ "Areas for Improvement", QIP_PF_FINDING },
		{ "Action required", QIP_PF_ACTION }, { "ACTIONS", QIP_PF_ACTION },
		{ "Lead person", QIP_PF_OWNER }, { "Person responsible", QIP_PF_OWNER },
		{ "Responsible\nperson", QIP_PF_OWNER }, { "By whom?", QIP_PF_OWNER },
		{ "Target date", QIP_PF_DUE }, { "Target date for completion", QIP_PF_DUE },
		{ "Due_Date", QIP_PF_DUE }, { "Timescale", QIP_PF_DUE },
		{ "RAG", QIP_PF_STATUS },
		{ "RAG rating", QIP_PF_STATUS }, { "Status", QIP_PF_STATUS },
		{ "Progress update", QIP_PF_PROGRESS }, { "Progress update (November)", QIP_PF_PROGRESS },
		{ "Comments", QIP_PF_PROGRESS },
		{ "Evidence", QIP_PF_EVIDENCE }, { "Evidence of completion", QIP_PF_EVIDENCE },
		{ "Evidence required", QIP_PF_EVIDENCE_REQUIRED },
		{ "Date completed", QIP_PF_COMPLETED }, { "Completed date", QIP_PF_COMPLETED },
		{ "Key question", QIP_PF_KEY_QUESTION }, { "CQC Domain", QIP_PF_KEY_QUESTION },
		{ "Théme", QIP_PF_AREA }, { "Measure of success", QIP_PF_OUTCOME },
		{ "Action ref", QIP_PF_REF }, { "Action owner", QIP_PF_OWNER },
		/* Not a header qip knows: left for --map. */
		{ "Person doing it", -1 }, { "", -1 }, { "Actionable", -1 }, { "Quality Improvement Plan", -1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int f = qip_plan_header_field(cases[i].header);
		if (f != cases[i].field)
			fail_msg("'%s' read as %s, wanted %s", cases[i].header, qip_plan_field_name(f),
				 qip_plan_field_name(cases[i].field));
	}
}

static void field_names_for_map(void **state)
{
	assert_int_equal(qip_plan_field_find("owner"), QIP_PF_OWNER);
	assert_int_equal(qip_plan_field_find("Key question"), QIP_PF_KEY_QUESTION);
	assert_int_equal(qip_plan_field_find("key-question"), QIP_PF_KEY_QUESTION);
	assert_int_equal(qip_plan_field_find("ignore"), QIP_PF_IGNORE);
	assert_int_equal(qip_plan_field_find("boss"), -1);
	for (int f = 0; f < QIP_PF_COUNT; f++)
		assert_int_equal(qip_plan_field_find(qip_plan_field_name(f)), f);
}

static char *to_utf8(const char *bytes, bool *cp1252)
{
	size_t n = strlen(bytes);
	char *out, err[200];
	assert_int_equal(qip_plan_to_utf8((const unsigned char *)bytes, n, &out, cp1252, err, sizeof err), 0);
	return out;
}

static void cp1252_and_bom(void **state)
{
	bool cp;
	char *s = to_utf8("Zo\xEB Price \x96 \x80" "5 \x93ok\x94", &cp);
	assert_true(cp);
	assert_string_equal(s, "Zoë Price – €5 “ok”");
	free(s);
	/* Valid UTF-8 is kept as it is, a BOM dropped. */
	s = to_utf8("\xEF\xBB\xBFZo\xC3\xAB", &cp);
	assert_false(cp);
	assert_string_equal(s, "Zoë");
	free(s);
	/* One byte that is not UTF-8 makes the whole file Windows-1252:
	 * "Ã«" is what 0xC3 0xAB are there. */
	s = to_utf8("Zo\xC3\xAB \xE9", &cp);
	assert_true(cp);
	assert_string_equal(s, "ZoÃ« é");
	free(s);
	/* A lone lead byte at the very end is not UTF-8 either (the
	 * length given stops the decoder before the NUL). */
	s = to_utf8("caf\xC3", &cp);
	assert_true(cp);
	assert_string_equal(s, "cafÃ");
	free(s);
}

static void bytes_that_are_not_a_csv(void **state)
{
	char *out, err[200];
	bool cp;
	assert_int_equal(qip_plan_to_utf8((const unsigned char *)"\xFF\xFEZ\0", 4, &out, &cp, err, sizeof err), QIP_EINVAL);
	assert_non_null(strstr(err, "UTF-16"));
	assert_int_equal(qip_plan_to_utf8((const unsigned char *)"a,b\0c", 5, &out, &cp, err, sizeof err), QIP_EINVAL);
	assert_non_null(strstr(err, "NUL byte at offset 3"));
	/* 0x81 is not defined in Windows-1252. */
	assert_int_equal(qip_plan_to_utf8((const unsigned char *)"ab\x81", 3, &out, &cp, err, sizeof err), QIP_EINVAL);
	assert_non_null(strstr(err, "byte 0x81 at offset 2"));
}

static void dates_as_sheets_write_them(void **state)
{
	static const struct { const char *text; bool ymd; const char *iso; } ok[] = {
		{ "21/11/2026", false, "2026-11-21" }, { "05/12/2026", false, "2026-12-05" },
		{ "5/12/26", false, "2026-12-05" }, { "21-Nov-26", false, "2026-11-21" },
		{ "21 November 2026", false, "2026-11-21" }, { "21.11.2026", false, "2026-11-21" },
		{ "21/11/2026 00:00", false, "2026-11-21" }, { "2026-11-21", false, "2026-11-21" },
		{ "2026/11/21", true, "2026-11-21" }, { "2026-11-21", true, "2026-11-21" },
		{ "26/12/05", true, "2026-12-05" }, { "29/02/2028", false, "2028-02-29" },
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		qip_date d;
		char buf[QIP_DATE_LEN];
		if (!qip_plan_date(ok[i].text, ok[i].ymd, &d))
			fail_msg("'%s' not read", ok[i].text);
		assert_string_equal(qip_date_format(d, buf), ok[i].iso);
	}
	static const struct { const char *text; bool ymd; } bad[] = {
		{ "31/02/2026", false }, { "29/02/2027", false }, { "13/13/2026", false }, { "21/11/2026", true },
		{ "21/11-2026", false }, { "2026/11/21x", false }, { "next week", false }, { "", false },
		{ "21/11", false }, { "tbc", false }, { "21/11/202", false }, { "00/11/2026", false },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		qip_date d;
		if (qip_plan_date(bad[i].text, bad[i].ymd, &d))
			fail_msg("'%s' read as a date", bad[i].text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(headers_by_their_usual_names),
		cmocka_unit_test(field_names_for_map),
		cmocka_unit_test(cp1252_and_bom),
		cmocka_unit_test(bytes_that_are_not_a_csv),
		cmocka_unit_test(dates_as_sheets_write_them),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
