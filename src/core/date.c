/* Civil-date arithmetic (days from 1970-01-01), after Howard Hinnant's
 * public-domain "days from civil" algorithms. */
#include "qip/date.h"

#include "qip/privilege.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

qip_date qip_date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void qip_date_to_ymd(qip_date day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dim[m - 1];
}

bool qip_date_parse_iso(const char *s, qip_date *out)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return false;
	*out = qip_date_from_ymd(y, m, d);
	return true;
}

qip_date qip_date_add_months(qip_date day, int months)
{
	int y, m, d;
	qip_date_to_ymd(day, &y, &m, &d);
	int total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	if (d > days_in_month(y, m))
		d = days_in_month(y, m);   /* 31 Jan + 1 month = 28/29 Feb */
	return qip_date_from_ymd(y, m, d);
}

/* The years qip accepts (ISO and relative dates alike): far enough either
 * way for any plan, and always four digits when written. */
static bool in_range(qip_date d)
{
	return d >= qip_date_from_ymd(1900, 1, 1) && d <= qip_date_from_ymd(2999, 12, 31);
}

static bool parse_relative(const char *s, qip_date today, qip_date *out);

bool qip_date_parse(const char *s, qip_date today, qip_date *out)
{
	qip_date d;
	if (!parse_relative(s, today, &d) || !in_range(d))
		return false;
	*out = d;
	return true;
}

static bool parse_relative(const char *s, qip_date today, qip_date *out)
{
	if (!s)
		return false;
	if (!strcmp(s, "today")) { *out = today; return true; }
	if (!strcmp(s, "tomorrow")) { *out = today + 1; return true; }
	if (!strcmp(s, "yesterday")) { *out = today - 1; return true; }
	if (s[0] == '+' || s[0] == '-') {
		const char *p = s + 1;
		if (!isdigit((unsigned char)*p))
			return false;
		long n = 0;
		while (isdigit((unsigned char)*p) && n < 100000)
			n = n * 10 + (*p++ - '0');
		if (n >= 100000)
			return false;
		char unit = *p ? *p++ : 'd';
		if (*p)
			return false;
		int sign = s[0] == '-' ? -1 : 1;
		switch (unit) {
		case 'd': *out = today + sign * (int)n; return true;
		case 'w': *out = today + sign * 7 * (int)n; return true;
		case 'm': if (n > 1200) return false;
			  *out = qip_date_add_months(today, sign * (int)n); return true;
		default: return false;
		}
	}
	return qip_date_parse_iso(s, out);
}

char *qip_date_format(qip_date day, char buf[QIP_DATE_LEN])
{
	if (day == QIP_NO_DATE) {
		buf[0] = '\0';
		return buf;
	}
	int y, m, d;
	qip_date_to_ymd(day, &y, &m, &d);
	snprintf(buf, QIP_DATE_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
	return buf;
}

int qip_date_weekday(qip_date day)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int w = (day + 3) % 7;
	return w < 0 ? w + 7 : w;
}

/* UK summer time runs from 01:00 UTC on the last Sunday of March to 01:00
 * UTC on the last Sunday of October. Computed, not read from the system's
 * TZ, so a server kept in UTC still dates things as the care home does. */
static qip_date last_sunday(int y, int m)
{
	qip_date last = qip_date_from_ymd(y, m, days_in_month(y, m));
	return last - (qip_date_weekday(last) + 1) % 7;
}

/* Seconds London is ahead of UTC at a UTC moment (seconds since 1970). */
static long long london_offset(long long secs)
{
	qip_date utc_day = (qip_date)(secs >= 0 ? secs / 86400 : (secs - 86399) / 86400);
	int y, m, d;
	qip_date_to_ymd(utc_day, &y, &m, &d);
	long long start = (long long)last_sunday(y, 3) * 86400 + 3600;
	long long end = (long long)last_sunday(y, 10) * 86400 + 3600;
	return secs >= start && secs < end ? 3600 : 0;
}

qip_date qip_date_london(time_t moment)
{
	long long secs = (long long)moment;
	secs += london_offset(secs);
	return (qip_date)(secs >= 0 ? secs / 86400 : (secs - 86399) / 86400);
}

char *qip_date_text(qip_date day, char buf[QIP_DATE_TEXT_LEN])
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	if (day == QIP_NO_DATE) {
		buf[0] = '\0';
		return buf;
	}
	int y, m, d;
	qip_date_to_ymd(day, &y, &m, &d);
	snprintf(buf, QIP_DATE_TEXT_LEN, "%d %s %d", d, months[(m - 1) % 12], y);
	return buf;
}

char *qip_when_text(const char *utc, char out[QIP_WHEN_TEXT_LEN])
{
	char day[QIP_DATE_LEN];
	int hh = -1, mm = -1;
	qip_date d = QIP_NO_DATE;
	bool ok = utc && strlen(utc) >= 16 && utc[10] == 'T' && utc[13] == ':';
	if (ok) {
		snprintf(day, sizeof day, "%.10s", utc);
		ok = qip_date_parse_iso(day, &d) && sscanf(utc + 11, "%2d:%2d", &hh, &mm) == 2 &&
		     hh >= 0 && hh <= 23 && mm >= 0 && mm <= 59;
	}
	if (!ok) {
		snprintf(out, QIP_WHEN_TEXT_LEN, "%s", utc ? utc : "");
		return out;
	}
	long long local = (long long)d * 86400 + hh * 3600 + mm * 60;
	local += london_offset(local);
	qip_date local_day = (qip_date)(local >= 0 ? local / 86400 : (local - 86399) / 86400);
	int minutes = (int)((local - (long long)local_day * 86400) / 60);
	char date[QIP_DATE_TEXT_LEN];
	snprintf(out, QIP_WHEN_TEXT_LEN, "%s %02d:%02d", qip_date_text(local_day, date), minutes / 60, minutes % 60);
	return out;
}

bool qip_date_today(qip_date *out, char *err, size_t errsz)
{
	const char *env = qip_env("QIP_TODAY");
	if (env && *env) {
		if (qip_date_parse_iso(env, out))
			return true;
		snprintf(err, errsz, "QIP_TODAY='%.20s' is not a date: use YYYY-MM-DD", env);
		return false;
	}
	*out = qip_date_london(time(NULL));
	return true;
}
