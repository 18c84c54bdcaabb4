/* When audits are due, which are overdue, and how scores trend. The
 * rules are pure functions of dates and scores; the database functions
 * gather the data and apply them. */
#include "audit_internal.h"
#include "qip/permission.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qip/service.h"
#include "qip/text.h"

/* ---- Pure rules ---- */

qip_date qip_audit_next_due(enum qip_frequency f, qip_date last, qip_date today)
{
	if (last == QIP_NO_DATE)
		return today;
	switch (f) {
	case QIP_FREQ_DAILY: return last + 1;
	case QIP_FREQ_WEEKLY: return last + 7;
	case QIP_FREQ_FORTNIGHTLY: return last + 14;
	case QIP_FREQ_MONTHLY: return qip_date_add_months(last, 1);
	case QIP_FREQ_QUARTERLY: return qip_date_add_months(last, 3);
	case QIP_FREQ_SIX_MONTHLY: return qip_date_add_months(last, 6);
	case QIP_FREQ_ANNUALLY: return qip_date_add_months(last, 12);
	}
	return today;
}

void qip_audit_ago_text(qip_date then, qip_date today, char *buf, size_t n)
{
	int days = today - then;
	if (then == QIP_NO_DATE)
		snprintf(buf, n, "never");
	else if (days < 0)
		snprintf(buf, n, "in %d day%s", -days, days == -1 ? "" : "s");
	else if (days == 0)
		snprintf(buf, n, "today");
	else if (days == 1)
		snprintf(buf, n, "yesterday");
	else if (days < 14)
		snprintf(buf, n, "%d days ago", days);
	else if (days < 63)
		snprintf(buf, n, "%d weeks ago", days / 7);
	else {
		/* Whole calendar months: 31 Jan to 28 Feb is one month. */
		int months = 0;
		while (qip_date_add_months(then, months + 1) <= today)
			months++;
		snprintf(buf, n, "%d month%s ago", months, months == 1 ? "" : "s");
	}
}

unsigned qip_audit_trend_warning(const double *scores, int n, double target)
{
	unsigned flags = 0;
	/* Three falls in a row take four results. */
	if (n >= 4 && scores[n - 1] < scores[n - 2] && scores[n - 2] < scores[n - 3] &&
	    scores[n - 3] < scores[n - 4])
		flags |= QIP_TREND_FALLING;
	/* Below target the way the pass mark judges it (19/20 = 95 passes 95). */
	if (n >= 2 && scores[n - 1] + 1e-9 < target && scores[n - 2] + 1e-9 < target)
		flags |= QIP_TREND_BELOW_TWICE;
	return flags;
}

/* ---- The database ---- */

static int frequency_from(const char *name)
{
	for (int f = QIP_FREQ_DAILY; f <= QIP_FREQ_ANNUALLY; f++)
		if (name && !strcmp(name, qip_frequency_name((enum qip_frequency)f)))
			return f;
	return -1;
}

int qip_audit_set_frequency(struct qip_db *db, const char *service, const char *template_key,
			    const char *frequency, const char *until)
{
	int rc = qip_db_require_writer(db);
	if (rc)
		return rc;
	int64_t service_id;
	/* A recovery frequency is a manager's decision on the service's care,
	 * like its actions. */
	if ((rc = qip_service_find(db, service ? service : "", &service_id)) ||
	    (rc = qip_permission_check(db, QIP_PERM_ACTIONS, service_id, 0)))
		return rc;
	struct qip_template *t;
	if ((rc = qip_template_get(db, template_key ? template_key : "", 0, &t, NULL, NULL)))
		return rc;
	bool remove = !frequency || !*frequency || !until || !*until;
	int f = remove ? -1 : frequency_from(frequency);
	qip_date today = qip_db_today(db), end = QIP_NO_DATE;
	if (!remove && f < 0)
		rc = audit_fail_value(db, QIP_EINVAL, "frequency '%s' must be daily, weekly, fortnightly, monthly,"
				      " quarterly, six-monthly or annually", frequency);
	else if (!remove && f >= (int)t->frequency)
		rc = qip_db_fail(db, QIP_EINVAL, "%s is not more often than the template's own %s: a recovery"
				 " frequency is a tighter one for a while", frequency, qip_frequency_name(t->frequency));
	else if (!remove && !qip_date_parse(until, today, &end))
		rc = audit_fail_value(db, QIP_EINVAL, "end date '%s' is not a date: use YYYY-MM-DD or +8w", until);
	else if (!remove && end < today)
		rc = qip_db_fail(db, QIP_EINVAL, "the end date is in the past");
	if (rc == QIP_OK && (rc = qip_db_begin(db)) == QIP_OK) {
		sqlite3_stmt *st = remove
			? qip_db_stmt(db, "DELETE FROM audit_frequency WHERE service_id = ?1 AND template_key = ?2")
			: qip_db_stmt(db, "INSERT INTO audit_frequency(service_id, template_key, frequency, until_on, set_by)"
				      " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (service_id, template_key) DO UPDATE"
				      " SET frequency = excluded.frequency, until_on = excluded.until_on, set_by = excluded.set_by");
		if (!st)
			rc = QIP_EDB;
		else {
			sqlite3_bind_int64(st, 1, service_id);
			qip_bind_text(st, 2, t->key);
			if (!remove) {
				qip_bind_text(st, 3, frequency);
				qip_bind_date(st, 4, end);
				qip_bind_id(st, 5, qip_db_actor(db));
			}
			rc = qip_db_exec_stmt(db, st);
		}
		rc = qip_db_end(db, rc);
	}
	qip_template_free(t);
	return rc;
}

static void due_row_clear(struct qip_audit_due_row *r)
{
	free(r->service);
	free(r->template_key);
	free(r->template_title);
	free(r->words);
}

static int by_due(const void *a, const void *b)
{
	const struct qip_audit_due_row *x = a, *y = b;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	int c = strcmp(x->service, y->service);
	return c ? c : strcmp(x->template_key, y->template_key);
}

int qip_audit_due(struct qip_db *db, int64_t service_id, bool only_due,
		  int (*row)(void *ctx, const struct qip_audit_due_row *r), void *ctx)
{
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT s.id, s.name, t.key, t.title, t.frequency,"
		" (SELECT max(r.run_on) FROM audit_run r JOIN audit_template rt ON rt.id = r.template_id"
		"   WHERE rt.key = t.key AND r.service_id = s.id AND r.status = 'complete'),"
		" f.frequency, f.until_on"
		" FROM service s CROSS JOIN audit_template t"
		" LEFT JOIN audit_frequency f ON f.service_id = s.id AND f.template_key = t.key"
		" WHERE t.version = (SELECT max(version) FROM audit_template v WHERE v.key = t.key)"
		" AND (t.services = '' OR instr(',' || t.services || ',', ',' || s.kind || ',') > 0)"
		" AND (?1 = 0 OR s.id = ?1)");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, service_id);
	qip_date today = qip_db_today(db);
	struct qip_audit_due_row *v = NULL;
	int n = 0, src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct qip_audit_due_row r = {
			.service_id = sqlite3_column_int64(st, 0), .service = qip_col_strdup(st, 1),
			.template_key = qip_col_strdup(st, 2), .template_title = qip_col_strdup(st, 3),
			.last_done = qip_col_date(st, 5),
		};
		int f = frequency_from((const char *)sqlite3_column_text(st, 4));
		r.frequency = f >= 0 ? (enum qip_frequency)f : QIP_FREQ_MONTHLY;
		qip_date until = qip_col_date(st, 7);
		int temp = frequency_from((const char *)sqlite3_column_text(st, 6));
		if (temp >= 0 && until != QIP_NO_DATE && today <= until) {
			r.frequency = (enum qip_frequency)temp;
			r.temporary = true;
		}
		r.due = qip_audit_next_due(r.frequency, r.last_done, today);
		r.overdue = r.due < today;
		char ago[40];
		qip_audit_ago_text(r.last_done, today, ago, sizeof ago);
		size_t len = strlen(r.template_title) + strlen(r.service) + 80;
		r.words = qip_xmalloc(len);
		if (r.last_done == QIP_NO_DATE)
			snprintf(r.words, len, "%s at %s never done", r.template_title, r.service);
		else
			snprintf(r.words, len, "%s at %s last done %s", r.template_title, r.service, ago);
		if (only_due && r.due > today) {
			due_row_clear(&r);
			continue;
		}
		v = qip_xrealloc(v, (size_t)(n + 1) * sizeof *v);
		v[n++] = r;
	}
	int rc = qip_db_finish(db, st, src);
	if (n > 1)
		qsort(v, (size_t)n, sizeof *v, by_due);
	for (int i = 0, stop = 0; rc == QIP_OK && i < n && !stop; i++)
		stop = row(ctx, &v[i]);
	for (int i = 0; i < n; i++)
		due_row_clear(&v[i]);
	free(v);
	return rc;
}

int qip_audit_trend(struct qip_db *db, const char *template_key, int64_t service_id,
		    struct qip_audit_trend_point **points, int *n, unsigned *flags)
{
	*points = NULL;
	*n = 0;
	*flags = 0;
	struct qip_template *t;
	int rc = qip_template_get(db, template_key ? template_key : "", 0, &t, NULL, NULL);
	if (rc)
		return rc;
	double target = t->target;
	qip_template_free(t);
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT r.id, r.run_on, r.score, r.passed FROM audit_run r JOIN audit_template rt ON rt.id = r.template_id"
		" WHERE rt.key = ?1 AND r.service_id = ?2 AND r.status = 'complete' AND r.score IS NOT NULL"
		" ORDER BY r.run_on, r.id");
	if (!st)
		return QIP_EDB;
	qip_bind_text(st, 1, template_key);
	sqlite3_bind_int64(st, 2, service_id);
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		*points = qip_xrealloc(*points, (size_t)(*n + 1) * sizeof **points);
		(*points)[(*n)++] = (struct qip_audit_trend_point){
			.run_id = sqlite3_column_int64(st, 0), .run_on = qip_col_date(st, 1),
			.percent = sqlite3_column_double(st, 2), .passed = sqlite3_column_int(st, 3),
		};
	}
	if ((rc = qip_db_finish(db, st, src)))
		return rc;
	double *scores = qip_xcalloc((size_t)*n + 1, sizeof *scores);
	for (int i = 0; i < *n; i++)
		scores[i] = (*points)[i].percent;
	*flags = qip_audit_trend_warning(scores, *n, target);
	free(scores);
	return QIP_OK;
}
