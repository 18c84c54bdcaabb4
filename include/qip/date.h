/* Calendar dates as day numbers: arithmetic on civil dates, never on local
 * midnights, so a DST change can never move a due date. */
#ifndef QIP_DATE_H
#define QIP_DATE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* Days since 1970-01-01 (proleptic Gregorian). QIP_NO_DATE means "not set". */
typedef int32_t qip_date;
#define QIP_NO_DATE INT32_MIN

/* "YYYY-MM-DD" buffer size, with the NUL. */
#define QIP_DATE_LEN 11

qip_date qip_date_from_ymd(int y, int m, int d);
void qip_date_to_ymd(qip_date day, int *y, int *m, int *d);

/* Strict ISO date: exactly YYYY-MM-DD and a real day (2026-02-30 fails). */
bool qip_date_parse_iso(const char *s, qip_date *out);

/* What a person may type for a date: an ISO date, "today", "tomorrow",
 * "yesterday", or an offset from today such as "+7", "+2w", "+3m", "-1d". */
bool qip_date_parse(const char *s, qip_date today, qip_date *out);

/* Writes "YYYY-MM-DD" or "" for QIP_NO_DATE; returns buf. */
char *qip_date_format(qip_date day, char buf[QIP_DATE_LEN]);

/* How every screen shows dates (the British form people read): "1 Dec
 * 2026", at most 11 characters ("13 Oct 2026"); "" for QIP_NO_DATE. Files
 * and machine output (TSV, JSON, CSV) keep ISO 8601: qip_date_format. */
#define QIP_DATE_TEXT_LEN 16
char *qip_date_text(qip_date day, char buf[QIP_DATE_TEXT_LEN]);

/* A stored UTC timestamp ("2026-07-01T23:30:07.123Z") as the day and time
 * in Europe/London without seconds, in the same form: "2 Jul 2026 00:30".
 * Anything unreadable is copied as it is. Returns out. */
#define QIP_WHEN_TEXT_LEN 32
char *qip_when_text(const char *utc, char out[QIP_WHEN_TEXT_LEN]);

qip_date qip_date_add_months(qip_date day, int months);
int qip_date_weekday(qip_date day);  /* 0 = Monday .. 6 = Sunday */

/* The calendar date in Europe/London (the business time zone) at a moment. */
qip_date qip_date_london(time_t moment);

/* Today: $QIP_TODAY (YYYY-MM-DD, for tests and demos) or the London date
 * now. Returns false, with the bad value named in err, if QIP_TODAY is bad. */
bool qip_date_today(qip_date *out, char *err, size_t errsz);

#endif
