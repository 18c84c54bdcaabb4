#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "qip/date.h"

static qip_date D(const char *s)
{
	qip_date d = QIP_NO_DATE;
	assert_true(qip_date_parse_iso(s, &d));
	return d;
}

static void iso_round_trip(void **state)
{
	char buf[QIP_DATE_LEN];
	assert_int_equal(D("1970-01-01"), 0);
	assert_string_equal(qip_date_format(D("2024-02-29"), buf), "2024-02-29");
	assert_string_equal(qip_date_format(D("2026-12-31"), buf), "2026-12-31");
	assert_int_equal(D("2026-03-01") - D("2026-02-28"), 1);
	assert_int_equal(D("2024-03-01") - D("2024-02-28"), 2);
	assert_string_equal(qip_date_format(QIP_NO_DATE, buf), "");
}

static void rejects_impossible_dates(void **state)
{
	qip_date d;
	const char *bad[] = { "2026-02-30", "2026-02-29", "2025-13-01", "2025-00-10", "2025-04-31",
			      "26-03-01", "2026-3-1", "2026-03-01x", "", "2026/03/01", "1900-02-29", "abcd-ef-gh" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(qip_date_parse_iso(bad[i], &d));
	assert_true(qip_date_parse_iso("2000-02-29", &d));
}

static void relative_dates(void **state)
{
	qip_date today = D("2026-01-31"), d;
	char buf[QIP_DATE_LEN];
	assert_true(qip_date_parse("today", today, &d)); assert_int_equal(d, today);
	assert_true(qip_date_parse("tomorrow", today, &d)); assert_int_equal(d, today + 1);
	assert_true(qip_date_parse("+7", today, &d)); assert_int_equal(d, today + 7);
	assert_true(qip_date_parse("-3d", today, &d)); assert_int_equal(d, today - 3);
	assert_true(qip_date_parse("+2w", today, &d)); assert_int_equal(d, today + 14);
	/* A month after 31 January is the last day of February. */
	assert_true(qip_date_parse("+1m", today, &d));
	assert_string_equal(qip_date_format(d, buf), "2026-02-28");
	assert_false(qip_date_parse("+", today, &d));
	assert_false(qip_date_parse("+7y", today, &d));
	assert_false(qip_date_parse("+99999999", today, &d));
	assert_false(qip_date_parse("next week", today, &d));
}

static void weekdays(void **state)
{
	assert_int_equal(qip_date_weekday(D("2026-11-22")), 6);  /* Sunday */
	assert_int_equal(qip_date_weekday(D("2026-11-23")), 0);  /* Monday */
	assert_int_equal(qip_date_weekday(D("1969-12-31")), 2);  /* Wednesday */
}

static void london_date_follows_summer_time(void **state)
{
	/* 2026-03-29 01:00 UTC summer time starts; 2026-10-25 01:00 UTC ends. */
	struct { const char *utc_day; int hour; const char *london; } cases[] = {
		{ "2026-06-30", 23, "2026-07-01" },   /* 23:30 UTC is 00:30 BST next day */
		{ "2026-06-30", 22, "2026-06-30" },
		{ "2026-12-31", 23, "2026-12-31" },   /* GMT in winter */
		{ "2026-03-28", 23, "2026-03-28" },   /* the night before the change */
		{ "2026-10-24", 23, "2026-10-25" },   /* still BST */
		{ "2026-10-25", 23, "2026-10-25" },   /* GMT again */
	};
	char buf[QIP_DATE_LEN];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		time_t t = (time_t)D(cases[i].utc_day) * 86400 + cases[i].hour * 3600 + 1800;
		assert_string_equal(qip_date_format(qip_date_london(t), buf), cases[i].london);
	}
}

static void today_from_environment(void **state)
{
	qip_date d;
	char err[100];
	setenv("QIP_TODAY", "2026-03-02", 1);
	assert_true(qip_date_today(&d, err, sizeof err));
	assert_int_equal(d, D("2026-03-02"));
	setenv("QIP_TODAY", "2026-02-30", 1);
	assert_false(qip_date_today(&d, err, sizeof err));
	assert_non_null(strstr(err, "2026-02-30"));
	unsetenv("QIP_TODAY");
	assert_true(qip_date_today(&d, err, sizeof err));
	assert_true(d > D("2020-01-01"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(iso_round_trip),
		cmocka_unit_test(rejects_impossible_dates),
		cmocka_unit_test(relative_dates),
		cmocka_unit_test(weekdays),
		cmocka_unit_test(london_date_follows_summer_time),
		cmocka_unit_test(today_from_environment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
