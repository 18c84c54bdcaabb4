#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

static void screens_show_dates_in_the_british_form(void **state)
{
	(void)state;
	char buf[QIP_DATE_TEXT_LEN];
	assert_string_equal(qip_date_text(D("2026-12-01"), buf), "1 Dec 2026");
	assert_string_equal(qip_date_text(D("2026-10-13"), buf), "13 Oct 2026");
	assert_string_equal(qip_date_text(D("2027-01-09"), buf), "9 Jan 2027");
	assert_string_equal(qip_date_text(D("2028-02-29"), buf), "29 Feb 2028");
	assert_string_equal(qip_date_text(QIP_NO_DATE, buf), "");
	/* The action list's Due column is 11 wide: every day of a year fits. */
	for (qip_date d = D("2026-01-01"); d <= D("2026-12-31"); d++)
		assert_true(strlen(qip_date_text(d, buf)) <= 11);
}

static void timestamps_show_the_london_day_and_time(void **state)
{
	(void)state;
	/* Summer time 2026 starts 29 Mar 01:00 UTC and ends 25 Oct 01:00 UTC. */
	struct { const char *utc, *london; } cases[] = {
		{ "2026-12-01T21:18:07.123Z", "1 Dec 2026 21:18" },   /* GMT */
		{ "2026-07-01T23:30:00.000Z", "2 Jul 2026 00:30" },   /* BST: the next day */
		{ "2026-07-01T12:05:59.999Z", "1 Jul 2026 13:05" },
		{ "2026-03-29T00:59:00.000Z", "29 Mar 2026 00:59" },  /* the last GMT minute */
		{ "2026-03-29T01:00:00.000Z", "29 Mar 2026 02:00" },  /* clocks go forward */
		{ "2026-03-28T23:30:00.000Z", "28 Mar 2026 23:30" },
		{ "2026-10-25T00:59:00.000Z", "25 Oct 2026 01:59" },  /* the last BST minute */
		{ "2026-10-25T01:00:00.000Z", "25 Oct 2026 01:00" },  /* clocks go back */
		{ "2026-10-24T23:30:00.000Z", "25 Oct 2026 00:30" },
		{ "2026-12-31T23:59:00Z", "31 Dec 2026 23:59" },      /* no new year in winter */
		{ "2027-06-30T23:00:00Z", "1 Jul 2027 00:00" },       /* a month ends in BST */
	};
	char buf[QIP_WHEN_TEXT_LEN];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_string_equal(qip_when_text(cases[i].utc, buf), cases[i].london);
	/* Anything that is not a timestamp is shown as it is. */
	assert_string_equal(qip_when_text("not a time", buf), "not a time");
	assert_string_equal(qip_when_text("2026-02-30T10:00:00Z", buf), "2026-02-30T10:00:00Z");
	assert_string_equal(qip_when_text(NULL, buf), "");
}

/* Every quarter hour of 2026 and 2027 against the system's own
 * Europe/London zone (tzdata), as an independent check. */
static void timestamps_agree_with_the_system_zone(void **state)
{
	(void)state;
	setenv("TZ", "Europe/London", 1);
	tzset();
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	for (time_t t = (time_t)D("2026-01-01") * 86400; t < (time_t)D("2028-01-01") * 86400; t += 900) {
		struct tm u, l;
		gmtime_r(&t, &u);
		localtime_r(&t, &l);
		char utc[64], want[64], got[QIP_WHEN_TEXT_LEN];
		snprintf(utc, sizeof utc, "%04d-%02d-%02dT%02d:%02d:00.000Z", u.tm_year + 1900, u.tm_mon + 1,
			 u.tm_mday, u.tm_hour, u.tm_min);
		snprintf(want, sizeof want, "%d %s %d %02d:%02d", l.tm_mday, months[l.tm_mon], l.tm_year + 1900,
			 l.tm_hour, l.tm_min);
		assert_string_equal(qip_when_text(utc, got), want);
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
		cmocka_unit_test(screens_show_dates_in_the_british_form),
		cmocka_unit_test(timestamps_show_the_london_day_and_time),
		cmocka_unit_test(timestamps_agree_with_the_system_zone),
		cmocka_unit_test(today_from_environment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
