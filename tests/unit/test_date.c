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
#include "qip/vocab.h"

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

/* A UTC instant from an ISO date and a time of day. */
static time_t utc(const char *day, int h, int m, int sec)
{
	return (time_t)D(day) * 86400 + h * 3600 + m * 60 + sec;
}

static void london_date_at_the_clock_changes(void **state)
{
	/* Spring 2026: 01:00 GMT on Sunday 29 March becomes 02:00 BST. Autumn:
	 * 02:00 BST on Sunday 25 October becomes 01:00 GMT. Then 2025 (30 March,
	 * 26 October) and 2027 (28 March, 31 October), other last Sundays. */
	struct { const char *utc_day; int h, m, s; const char *london; } cases[] = {
		{ "2026-03-28", 23, 30, 0, "2026-03-28" },   /* 23:30 GMT, still 28 March */
		{ "2026-03-28", 23, 59, 59, "2026-03-28" },
		{ "2026-03-29", 0, 59, 59, "2026-03-29" },   /* 00:59:59 GMT */
		{ "2026-03-29", 1, 0, 0, "2026-03-29" },     /* 02:00 BST */
		{ "2026-03-29", 22, 59, 59, "2026-03-29" },  /* 23:59:59 BST */
		{ "2026-03-29", 23, 0, 0, "2026-03-30" },    /* 00:00 BST, 30 March */
		{ "2026-03-29", 23, 30, 0, "2026-03-30" },   /* 00:30 BST */
		{ "2026-07-15", 22, 59, 59, "2026-07-15" },
		{ "2026-07-15", 23, 0, 0, "2026-07-16" },    /* midsummer midnight */
		{ "2026-10-24", 22, 59, 59, "2026-10-24" },
		{ "2026-10-24", 23, 0, 0, "2026-10-25" },    /* 00:00 BST, 25 October */
		{ "2026-10-25", 0, 59, 59, "2026-10-25" },   /* 01:59:59 BST */
		{ "2026-10-25", 1, 0, 0, "2026-10-25" },     /* 01:00 GMT again */
		{ "2026-10-25", 23, 0, 0, "2026-10-25" },    /* 23:00 GMT */
		{ "2026-10-25", 23, 59, 59, "2026-10-25" },
		{ "2026-10-26", 0, 0, 0, "2026-10-26" },
		{ "2025-03-29", 23, 30, 0, "2025-03-29" },
		{ "2025-03-30", 23, 30, 0, "2025-03-31" },
		{ "2025-10-25", 23, 30, 0, "2025-10-26" },
		{ "2025-10-26", 23, 30, 0, "2025-10-26" },
		{ "2027-03-27", 23, 30, 0, "2027-03-27" },
		{ "2027-03-28", 23, 30, 0, "2027-03-29" },
		{ "2027-10-30", 23, 30, 0, "2027-10-31" },
		{ "2027-10-31", 23, 30, 0, "2027-10-31" },
	};
	char buf[QIP_DATE_LEN];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		time_t t = utc(cases[i].utc_day, cases[i].h, cases[i].m, cases[i].s);
		if (strcmp(qip_date_format(qip_date_london(t), buf), cases[i].london) != 0)
			fail_msg("%sT%02d:%02d:%02dZ: London date %s, wanted %s", cases[i].utc_day,
				 cases[i].h, cases[i].m, cases[i].s, buf, cases[i].london);
	}
}

/* The computed rule against the C library's own reading of the UK rule
 * (a POSIX TZ string, so no time zone files are needed): every quarter
 * hour of 2024 to 2030. */
static void london_date_agrees_with_the_c_library(void **state)
{
	setenv("TZ", "GMT0BST,M3.5.0/1,M10.5.0", 1);
	tzset();
	for (time_t t = utc("2024-01-01", 0, 0, 0); t < utc("2031-01-01", 0, 0, 0); t += 900) {
		struct tm tm;
		assert_non_null(localtime_r(&t, &tm));
		qip_date want = qip_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
		if (qip_date_london(t) != want) {
			char got[QIP_DATE_LEN], lib[QIP_DATE_LEN];
			fail_msg("at %lld: qip says %s, the C library %s", (long long)t,
				 qip_date_format(qip_date_london(t), got), qip_date_format(want, lib));
		}
	}
	setenv("TZ", "Europe/London", 1);
	tzset();
}

/* Dates are day numbers, so a day added across a clock change is one
 * calendar day, never 23 or 25 hours that land on the wrong date. */
static void day_arithmetic_across_the_clock_changes(void **state)
{
	char buf[QIP_DATE_LEN];
	qip_date d;
	assert_int_equal(D("2026-03-30") - D("2026-03-28"), 2);
	assert_int_equal(D("2026-10-26") - D("2026-10-24"), 2);
	assert_int_equal(qip_date_weekday(D("2026-03-29")), 6);   /* both changes on a Sunday */
	assert_int_equal(qip_date_weekday(D("2026-10-25")), 6);
	struct { const char *today, *typed, *want; } cases[] = {
		{ "2026-03-28", "tomorrow", "2026-03-29" },
		{ "2026-03-28", "+2", "2026-03-30" },
		{ "2026-03-29", "yesterday", "2026-03-28" },
		{ "2026-03-29", "today", "2026-03-29" },
		{ "2026-03-25", "+1w", "2026-04-01" },
		{ "2026-04-01", "-1w", "2026-03-25" },
		{ "2026-03-15", "+1m", "2026-04-15" },
		{ "2026-10-24", "tomorrow", "2026-10-25" },
		{ "2026-10-25", "+1", "2026-10-26" },
		{ "2026-10-20", "+7", "2026-10-27" },
		{ "2026-07-15", "+2w", "2026-07-29" },   /* all summer */
		{ "2026-09-30", "+1m", "2026-10-30" },
		{ "2026-10-31", "-1m", "2026-09-30" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_true(qip_date_parse(cases[i].typed, D(cases[i].today), &d));
		if (strcmp(qip_date_format(d, buf), cases[i].want) != 0)
			fail_msg("'%s' on %s gave %s, wanted %s", cases[i].typed, cases[i].today, buf, cases[i].want);
	}
	/* Review dates by cadence, from just before each change. */
	assert_string_equal(qip_date_format(qip_cadence_next(QIP_CAD_DAILY, D("2026-03-28")), buf), "2026-03-29");
	assert_string_equal(qip_date_format(qip_cadence_next(QIP_CAD_WEEKLY, D("2026-03-26")), buf), "2026-04-02");
	assert_string_equal(qip_date_format(qip_cadence_next(QIP_CAD_FORTNIGHTLY, D("2026-10-19")), buf), "2026-11-02");
	assert_string_equal(qip_date_format(qip_cadence_next(QIP_CAD_MONTHLY, D("2026-03-29")), buf), "2026-04-29");
	assert_string_equal(qip_date_format(qip_cadence_next(QIP_CAD_QUARTERLY, D("2026-07-31")), buf), "2026-10-31");
}

/* "Today" with no QIP_TODAY is London's date now, whatever TZ says. */
static void today_from_the_clock_is_london_date(void **state)
{
	unsetenv("QIP_TODAY");
	const char *zones[] = { "UTC0", "LINT-14", "PST8PDT,M3.2.0,M11.1.0", "Europe/London" };
	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		setenv("TZ", zones[i], 1);
		tzset();
		qip_date d;
		char err[100];
		qip_date before = qip_date_london(time(NULL));
		assert_true(qip_date_today(&d, err, sizeof err));
		qip_date after = qip_date_london(time(NULL));
		if (d != before && d != after)
			fail_msg("TZ=%s: today is %d, London's date %d", zones[i], d, after);
	}
	setenv("TZ", "Europe/London", 1);
	tzset();
	/* QIP_TODAY on the change days themselves. */
	const char *days[] = { "2026-03-29", "2026-10-25", "2026-07-15" };
	for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
		qip_date d;
		char err[100];
		setenv("QIP_TODAY", days[i], 1);
		assert_true(qip_date_today(&d, err, sizeof err));
		assert_int_equal(d, D(days[i]));
	}
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
		cmocka_unit_test(london_date_at_the_clock_changes),
		cmocka_unit_test(london_date_agrees_with_the_c_library),
		cmocka_unit_test(day_arithmetic_across_the_clock_changes),
		cmocka_unit_test(today_from_the_clock_is_london_date),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
