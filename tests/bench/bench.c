/* How fast the first screen and the common queries are on a large database.
 * Usage: bench [PATH] [ACTIONS] [EVIDENCE]   (defaults: /tmp/qip-bench.db,
 * 100000, 1000000). Builds the database once (kept for later runs), then
 * times each query through the core API, best of five. Figures only: this
 * is not a test and asserts nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "qip/action.h"
#include "qip/escalation.h"
#include "qip/evidence.h"
#include "qip/history.h"
#include "qip/person.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int count_row(void *ctx, const struct qip_action *a)
{
	(*(int *)ctx)++;
	return 0;
}

static int count_ev(void *ctx, const struct qip_evidence *e)
{
	(*(int *)ctx)++;
	return 0;
}

static int count_hist(void *ctx, const struct qip_history *h)
{
	(*(int *)ctx)++;
	return 0;
}

static int build(struct qip_db *db, long actions, long evidence)
{
	char sql[4000];
	snprintf(sql, sizeof sql,
		"BEGIN;"
		"INSERT INTO service(name) VALUES ('Oakfield House'), ('Riverside Nursing'), ('Community Branch');"
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)"
		" INSERT INTO person(uuid, name, role, login, active) SELECT qip_uuid(), 'Person ' || i, 'senior-carer',"
		" 'p' || i, i %% 20 <> 0 FROM n;"
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %ld)"
		" INSERT INTO action(uuid, seq, ref, service_id, title, baseline, outcome, target_value, owner_id,"
		"  due_on, next_review_on, status, created_on, area)"
		" SELECT qip_uuid(), i, printf('QIP-%%04d', i), 1 + i %% 3,"
		"  'Action ' || i || ' ' || (CASE i %% 4 WHEN 0 THEN 'MAR chart gaps' WHEN 1 THEN 'fluid charts'"
		"   WHEN 2 THEN 'fire doors' ELSE 'care plan reviews' END),"
		"  'Baseline for action ' || i, 'Outcome for action ' || i, 95,"
		"  CASE WHEN i %% 7 = 0 THEN NULL ELSE 2 + i %% 199 END,"
		"  date('2026-03-02', ((i %% 365) - 120) || ' days'), date('2026-03-02', ((i %% 60) - 20) || ' days'),"
		"  CASE i %% 5 WHEN 0 THEN 'closed' WHEN 1 THEN 'in-progress' WHEN 2 THEN 'monitoring' ELSE 'open' END,"
		"  date('2026-03-02', '-' || (i %% 300) || ' days'),"
		"  CASE i %% 3 WHEN 0 THEN 'medicines' WHEN 1 THEN 'nutrition' ELSE 'premises' END FROM n;"
		"INSERT INTO action_fts(rowid, title, baseline, outcome) SELECT id, title, baseline, outcome FROM action;"
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %ld)"
		" INSERT INTO evidence(uuid, action_id, seen_on, kind, category, note, value)"
		" SELECT qip_uuid(), 1 + (i * 7919) %% %ld, date('2026-03-02', '-' || (i %% 200) || ' days'),"
		"  CASE WHEN i %% 3 = 0 THEN 'outcome' ELSE 'activity' END,"
		"  CASE i %% 6 WHEN 0 THEN 'people' WHEN 1 THEN 'staff' WHEN 2 THEN 'partners' WHEN 3 THEN 'observation'"
		"   WHEN 4 THEN 'processes' ELSE 'outcomes' END,"
		"  'Evidence note ' || i || ' audit of records', CASE WHEN i %% 3 = 0 THEN 60 + i %% 40 END FROM n;"
		"INSERT INTO evidence_fts(rowid, note) SELECT id, note FROM evidence;"
		"COMMIT;", actions, evidence, actions);
	return qip_db_exec(db, sql);
}

#define TIME(label, expr) do { \
	double best = 1e9; \
	for (int r_ = 0; r_ < 5; r_++) { \
		double t0_ = now_ms(); \
		expr; \
		double t_ = now_ms() - t0_; \
		if (t_ < best) best = t_; \
	} \
	printf("%-48s %8.2f ms\n", label, best); \
} while (0)

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/tmp/qip-bench.db";
	long actions = argc > 2 ? atol(argv[2]) : 100000;
	long evidence = argc > 3 ? atol(argv[3]) : 1000000;
	setenv("QIP_TODAY", "2026-03-02", 0);
	bool fresh = access(path, F_OK) != 0;
	struct qip_db *db;
	char err[512];
	double t0 = now_ms();
	if (qip_db_open(path, QIP_DB_CREATE, &db, err, sizeof err)) {
		fprintf(stderr, "bench: %s\n", err);
		return 1;
	}
	if (fresh) {
		qip_person_add_first_admin(db);
		printf("building %ld actions and %ld evidence entries in %s ...\n", actions, evidence, path);
		if (build(db, actions, evidence)) {
			fprintf(stderr, "bench: %s\n", qip_db_error(db));
			return 1;
		}
		printf("%-48s %8.0f ms\n", "build", now_ms() - t0);
		qip_db_close(db);
	} else
		qip_db_close(db);

	TIME("open (schema check, identity)", {
		qip_db_open(path, 0, &db, err, sizeof err);
		qip_db_close(db);
	});
	qip_db_open(path, 0, &db, err, sizeof err);
	struct qip_action_filter f;
	int n = 0;
	int64_t count;
	qip_action_filter_init(&f);
	TIME("first screen: 40 open actions by due date", qip_action_list(db, &f, 40, 0, count_row, &n));
	TIME("count open actions", qip_action_count(db, &f, &count));
	struct qip_action_totals tot;
	TIME("status line totals (overdue, unowned ...)", qip_action_totals(db, &tot));
	int64_t esc;
	TIME("open escalations count", qip_escalation_count_open(db, &esc));
	TIME("window at offset 50,000", qip_action_list(db, &f, 40, 50000, count_row, &n));
	f.sort = QIP_SORT_REF;
	TIME("window at offset 50,000 by ref", qip_action_list(db, &f, 40, 50000, count_row, &n));
	f.sort = QIP_SORT_DUE;
	f.flags = QIP_FLAG_OVERDUE;
	TIME("40 overdue actions", qip_action_list(db, &f, 40, 0, count_row, &n));
	f.flags = QIP_FLAG_STALE | QIP_FLAG_UNOWNED;
	TIME("40 stale and unowned actions", qip_action_list(db, &f, 40, 0, count_row, &n));
	TIME("count stale and unowned", qip_action_count(db, &f, &count));
	f.flags = 0;
	f.search = "fluid";
	TIME("search 'fluid' (titles and evidence): 40 rows", qip_action_list(db, &f, 40, 0, count_row, &n));
	f.search = NULL;
	TIME("evidence log of one action (40 rows)", qip_evidence_list(db, 12345 % actions + 1, 40, 0, count_ev, &n));
	TIME("history of one action (40 rows)", qip_history_for_action(db, 12345 % actions + 1, 40, 0, count_hist, &n));
	int64_t pos;
	f.search = NULL;
	TIME("search 'fluid': next match after row 1,000", qip_action_find_match(db, &f, "fluid", 1000, false, &pos));
	TIME("position of one action (keeping the selection)", qip_action_position(db, &f, 77777 % actions + 1, &pos));
	struct qip_action a;
	TIME("one action in full", { qip_action_get(db, "QIP-0777", &a); qip_action_clear(&a); });
	printf("open actions: %lld, overdue %lld, unowned %lld\n", (long long)tot.open,
	       (long long)tot.overdue, (long long)tot.unowned);
	qip_db_close(db);
	return 0;
}
