/* Storage: creation, migrations, refusals, locking, full disk, append-only. */
#include "fixture.h"
#include "qip/chain.h"

#include <sys/stat.h>

#include "qip/action.h"
#include "qip/escalation.h"
#include "qip/evidence.h"
#include "qip/history.h"
#include "evidence_summary.h"

static void new_database_is_current_and_in_wal(void **state)
{
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	assert_int_equal(fixture_int(db, "PRAGMA user_version"), qip_schema_version());
	assert_int_equal(fixture_int(db, "PRAGMA application_id"), 0x51495031);
	assert_int_equal(fixture_int(db, "PRAGMA foreign_keys"), 1);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(qip_db_handle(db), "PRAGMA journal_mode", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	/* The account that created it is its first person, an admin. */
	assert_true(qip_db_actor(db) > 0);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM person WHERE role = 'admin'"), 1);
	fixture_close(&f);
}

static void missing_file_is_not_created_without_init(void **state)
{
	struct qip_db *db = NULL;
	char err[512];
	assert_int_equal(qip_db_open("/tmp/qip-no-such-dir/x.db", 0, &db, err, sizeof err), QIP_ENOTFOUND);
	assert_null(db);
	assert_non_null(strstr(err, "qip init"));
}

static void newer_schema_is_refused(void **state)
{
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	assert_int_equal(qip_db_exec(db, "PRAGMA user_version = 999"), QIP_OK);
	qip_db_close(db);
	char err[512];
	assert_int_equal(qip_db_open(f.path, 0, &f.db, err, sizeof err), QIP_ENEWER);
	assert_non_null(strstr(err, "newer qip"));
	assert_null(f.db);
	fixture_close(&f);
}

static void older_schema_is_upgraded(void **state)
{
	/* A file made before any table existed (schema 0) is upgraded in place. */
	char dir[] = "/tmp/qip-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[100];
	snprintf(path, sizeof path, "%s/old.db", dir);
	sqlite3 *raw;
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "PRAGMA application_id = 1363759153", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	struct qip_db *db;
	char err[512];
	assert_int_equal(qip_db_open(path, 0, &db, err, sizeof err), QIP_OK);
	assert_int_equal(fixture_int(db, "PRAGMA user_version"), qip_schema_version());
	qip_db_close(db);
	char cmd[120];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static void foreign_file_is_refused(void **state)
{
	char dir[] = "/tmp/qip-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[100];
	snprintf(path, sizeof path, "%s/other.db", dir);
	sqlite3 *raw;
	sqlite3_open(path, &raw);
	sqlite3_exec(raw, "CREATE TABLE t(x)", NULL, NULL, NULL);
	sqlite3_close(raw);
	struct qip_db *db = NULL;
	char err[512];
	assert_int_equal(qip_db_open(path, 0, &db, err, sizeof err), QIP_EINVAL);
	assert_non_null(strstr(err, "not a qip database"));
	/* A text file is refused too, with no crash. */
	FILE *fp = fopen(path, "w");
	fputs("hello, this is not sqlite at all, not even a little bit ......................................", fp);
	fclose(fp);
	assert_int_not_equal(qip_db_open(path, 0, &db, err, sizeof err), QIP_OK);
	char cmd[120];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static void locked_database_says_busy_and_writes_nothing(void **state)
{
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	struct qip_db *other;
	char err[512];
	assert_int_equal(qip_db_open(f.path, 0, &other, err, sizeof err), QIP_OK);
	assert_int_equal(qip_db_begin(other), QIP_OK);   /* another user holds the write lock */
	qip_db_set_busy_timeout(db, 50);
	struct qip_action_input in = { 0 };
	in.field[QIP_AF_TITLE] = "Audit every MAR chart weekly";
	char ref[QIP_REF_LEN];
	assert_int_equal(qip_action_add(db, &in, ref), QIP_EBUSY);
	assert_non_null(strstr(qip_db_error(db), "busy"));
	assert_int_equal(qip_db_end(other, QIP_OK), QIP_OK);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM action"), 0);
	/* Once the other user is done, the same write goes through. */
	assert_int_equal(qip_action_add(db, &in, ref), QIP_OK);
	assert_string_equal(ref, "QIP-0001");
	qip_db_close(other);
	fixture_close(&f);
}

static void full_disk_rolls_back_whole_write(void **state)
{
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	struct qip_action_input in = { 0 };
	in.field[QIP_AF_TITLE] = "Fire doors close fully on release";
	char ref[QIP_REF_LEN];
	assert_int_equal(qip_action_add(db, &in, ref), QIP_OK);
	int64_t history = fixture_int(db, "SELECT count(*) FROM history");
	/* Cap the file at its current size: the next write cannot grow it. */
	int64_t pages = fixture_int(db, "PRAGMA page_count");
	char sql[80];
	snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", (long long)pages);
	assert_int_equal(qip_db_exec(db, sql), QIP_OK);
	static char big[1900];
	memset(big, 'x', sizeof big - 1);
	in.field[QIP_AF_BASELINE] = big;
	in.field[QIP_AF_OUTCOME] = big;
	int rc = QIP_OK;
	for (int i = 0; i < 50 && rc == QIP_OK; i++)
		rc = qip_action_add(db, &in, ref);
	assert_int_equal(rc, QIP_ENOSPC);
	assert_non_null(strstr(qip_db_error(db), "disk is full"));
	int64_t actions = fixture_int(db, "SELECT count(*) FROM action");
	/* Every action that exists is whole, with its history row. */
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM history WHERE field = 'created'"), actions);
	/* Each action added after the first wrote exactly one history row, and
	 * the refused one wrote none. */
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM history"), history + actions - 1);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(qip_db_handle(db), "PRAGMA integrity_check", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	fixture_close(&f);
}

static void evidence_is_append_only(void **state)
{
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	struct qip_action_input in = { 0 };
	in.field[QIP_AF_TITLE] = "Hydration charts totalled daily";
	char ref[QIP_REF_LEN];
	assert_int_equal(qip_action_add(db, &in, ref), QIP_OK);
	struct qip_evidence_new e = { .kind = "outcome", .category = "processes", .note = "Chart audit 12 of 20 complete", .value = "60" };
	int64_t id;
	assert_int_equal(qip_evidence_add(db, ref, &e, &id), QIP_OK);
	char *msg = NULL;
	assert_int_not_equal(sqlite3_exec(qip_db_handle(db), "UPDATE evidence SET note = 'rewritten'", NULL, NULL, &msg), SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	assert_int_not_equal(sqlite3_exec(qip_db_handle(db), "DELETE FROM evidence", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM evidence WHERE note LIKE 'Chart audit%'"), 1);
	fixture_close(&f);
}

static void readonly_open_refuses_writes(void **state)
{
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	qip_db_close(db);
	char err[512];
	assert_int_equal(qip_db_open(f.path, QIP_DB_READONLY, &f.db, err, sizeof err), QIP_OK);
	assert_true(qip_db_is_readonly(f.db));
	struct qip_action_input in = { 0 };
	in.field[QIP_AF_TITLE] = "Anything";
	char ref[QIP_REF_LEN];
	assert_int_equal(qip_action_add(f.db, &in, ref), QIP_EREADONLY);
	assert_non_null(strstr(qip_db_error(f.db), "read-only"));
	fixture_close(&f);
}

static void nested_transactions_roll_back_inner_only(void **state)
{
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	assert_int_equal(qip_db_begin(db), QIP_OK);
	assert_int_equal(qip_db_exec(db, "INSERT INTO service(name) VALUES ('Outer')"), QIP_OK);
	assert_int_equal(qip_db_begin(db), QIP_OK);
	assert_int_equal(qip_db_exec(db, "INSERT INTO service(name) VALUES ('Inner')"), QIP_OK);
	assert_int_equal(qip_db_end(db, QIP_EINVAL), QIP_EINVAL);
	assert_int_equal(qip_db_end(db, QIP_OK), QIP_OK);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM service WHERE name = 'Outer'"), 1);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM service WHERE name = 'Inner'"), 0);
	fixture_close(&f);
}

/* A row callback that asks for many distinct statements (as a screen's
 * history callback does, through filters and names) overflows the statement
 * cache while the history statement is still being stepped: the cache must
 * never finalize it (ASan reports a heap-use-after-free if it does). */
struct overflow_ctx {
	struct qip_db *db;
	int rows;
	int failures;
};

static int count_rows(void *p, const struct qip_history *h)
{
	(void)h;
	((struct overflow_ctx *)p)->rows++;
	return 0;
}

static int prepare_many(void *p, const struct qip_history *h)
{
	struct overflow_ctx *c = p;
	(void)h;
	for (int i = 0; i < 2000; i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "SELECT %d + count(*) FROM action", c->rows * 2000 + i);
		int64_t v = -1;
		if (qip_db_scalar(c->db, qip_db_stmt(c->db, sql), &v) != QIP_OK || v != c->rows * 2000 + i + 3)
			c->failures++;
	}
	c->rows++;
	return 0;
}

static void cache_overflow_inside_a_row_callback_keeps_the_running_statement(void **state)
{
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	struct qip_action_input in = { 0 };
	char ref[QIP_REF_LEN];
	in.field[QIP_AF_TITLE] = "Hydration charts totalled daily";
	assert_int_equal(qip_action_add(db, &in, ref), QIP_OK);
	in.field[QIP_AF_TITLE] = "Fire doors close fully on release";
	assert_int_equal(qip_action_add(db, &in, ref), QIP_OK);
	in.field[QIP_AF_TITLE] = "Care plans reviewed monthly";
	assert_int_equal(qip_action_add(db, &in, ref), QIP_OK);
	int64_t id = fixture_int(db, "SELECT id FROM action WHERE ref = 'QIP-0001'");
	struct qip_action_input edit = { 0 };
	edit.field[QIP_AF_TITLE] = "Hydration charts totalled every day";
	assert_int_equal(qip_action_edit(db, "QIP-0001", &edit), QIP_OK);
	edit.field[QIP_AF_TITLE] = "Hydration charts totalled and signed every day";
	assert_int_equal(qip_action_edit(db, "QIP-0001", &edit), QIP_OK);
	/* created + two title changes */
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM history WHERE entity = 'action' AND entity_id ="
				     " (SELECT id FROM action WHERE ref = 'QIP-0001')"), 3);
	struct overflow_ctx c = { .db = db };
	assert_int_equal(qip_history_for_action(db, id, 100, 0, prepare_many, &c), QIP_OK);
	assert_int_equal(c.rows, 3);
	assert_int_equal(c.failures, 0);
	fixture_close(&f);
}

/* Runs SQL returning one text value (or "" for NULL). Malloc'd. */
static char *text_of(struct qip_db *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(qip_db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const char *v = (const char *)sqlite3_column_text(st, 0);
	char *out = strdup(v ? v : "");
	sqlite3_finalize(st);
	return out;
}

static void assert_text(struct qip_db *db, const char *sql, const char *want)
{
	char *got = text_of(db, sql);
	assert_string_equal(got, want);
	free(got);
}

/* A file written by the first qip (tests/data/schema1.sql: only migration 1,
 * with services, people, actions, evidence, escalations, reviews and their
 * history) is upgraded through every later migration with nothing lost. */
static void schema1_database_upgrades_with_its_data(void **state)
{
	char dir[] = "/tmp/qip-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[100];
	snprintf(path, sizeof path, "%s/old.db", dir);
	FILE *fp = fopen(QIP_TEST_DATA "/schema1.sql", "r");
	assert_non_null(fp);
	static char sql[200000];
	size_t n = fread(sql, 1, sizeof sql - 1, fp);
	assert_true(feof(fp));
	fclose(fp);
	sql[n] = '\0';
	sqlite3 *raw;
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(raw, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("loading schema1.sql: %s", msg);
	/* The evidence summaries as the schema-1 trigger left them. */
	static const char summaries_sql[] =
		"SELECT group_concat(id || ':' || ev_count || ':' || ev_outcomes || ':' || ev_categories"
		" || ':' || quote(ev_last_on) || ':' || quote(ev_latest_value), ' ') FROM (SELECT * FROM action ORDER BY id)";
	sqlite3_stmt *sum;
	assert_int_equal(sqlite3_prepare_v2(raw, summaries_sql, -1, &sum, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(sum), SQLITE_ROW);
	char *summaries_before = strdup((const char *)sqlite3_column_text(sum, 0));
	sqlite3_finalize(sum);
	sqlite3_close(raw);

	struct qip_db *db;
	char err[512];
	if (qip_db_open(path, 0, &db, err, sizeof err) != QIP_OK)
		fail_msg("open: %s", err);
	assert_int_equal(fixture_int(db, "PRAGMA user_version"), qip_schema_version());
	assert_true(qip_schema_version() > 1);
	assert_text(db, "PRAGMA integrity_check", "ok");
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	/* Every row is still there ... */
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM service"), 2);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM person"), 5);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM person WHERE active = 0"), 1);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM action"), 4);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM evidence"), 5);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM escalation"), 2);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM review"), 3);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM history"), 32);
	/* ... with its values. */
	struct qip_action a;
	assert_int_equal(qip_action_get(db, "QIP-0002", &a), QIP_OK);
	assert_string_equal(a.title, "Fluid charts totalled daily");
	assert_true(a.has_target && a.target == 1234568.5);
	assert_int_equal(a.extensions, 1);
	qip_action_clear(&a);
	assert_text(db, "SELECT name FROM person WHERE login = 'wxy'", "王秀英");
	assert_text(db, "SELECT status || ' ' || closed_on FROM action WHERE ref = 'QIP-0004'", "closed 2026-01-12");
	assert_text(db, "SELECT ev_latest_value FROM action WHERE ref = 'QIP-0001'", "86.5");
	assert_text(db, "SELECT decision FROM escalation WHERE id = 2", "Sarah Jones takes it");
	/* Evidence summaries come through schema 3 (kept incrementally) as they
	 * were, with a live count per category that agrees with them. */
	assert_text(db, summaries_sql, summaries_before);
	free(summaries_before);
	assert_int_equal(fixture_int(db, SUMMARY_MISMATCHES), 0);
	assert_text(db, "SELECT group_concat(action_id || ' ' || category || ' ' || live, ', ')"
		    " FROM (SELECT * FROM evidence_category_count ORDER BY action_id, category)",
		    "1 processes 1, 1 staff 1, 4 observation 1, 4 processes 1");
	/* Migration 13 linked every row already there into the chain, table by
	 * table in id order, and verify finds every link whole. */
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM chain"), 32 + 5 + 3 + 2);
	assert_text(db, "SELECT group_concat(tbl || ' ' || row_id, ',') FROM (SELECT * FROM chain"
		    " WHERE seq IN (1, 32, 33, 37, 38, 40, 41, 42) ORDER BY seq)",
		    "history 1,history 32,evidence 1,evidence 5,review 1,review 3,escalation 1,escalation 2");
	struct qip_chain_result chained;
	assert_int_equal(qip_chain_verify(db, NULL, NULL, &chained), QIP_OK);
	assert_int_equal(chained.problems, 0);
	assert_int_equal(chained.length, 42);
	/* The history written at schema 1 reads as it was. */
	assert_text(db, "SELECT old || ' -> ' || new FROM history WHERE field = 'target'", "95 -> 95.5");
	int64_t id = fixture_int(db, "SELECT id FROM action WHERE ref = 'QIP-0004'");
	struct overflow_ctx count = { .db = db };
	assert_int_equal(qip_history_for_action(db, id, 100, 0, count_rows, &count), QIP_OK);
	assert_int_equal(count.rows, fixture_int(db,
		"SELECT (SELECT count(*) FROM history WHERE entity = 'action' AND entity_id = 4)"
		" + (SELECT count(*) FROM history h JOIN evidence e ON h.entity = 'evidence' AND h.entity_id = e.id"
		"    WHERE e.action_id = 4)"));
	assert_int_equal(count.rows, 6);   /* created, closed, status, review; two evidence entries */
	/* Search still finds words written before the upgrade. */
	struct qip_action_filter f;
	qip_action_filter_init(&f);
	f.search = "cafe";
	int64_t found;
	assert_int_equal(qip_action_count(db, &f, &found), QIP_OK);
	assert_int_equal(found, 1);
	/* And the upgraded file records new changes exactly. */
	qip_db_set_actor(db, fixture_int(db, "SELECT id FROM person WHERE role = 'admin'"));
	struct qip_action_input edit = { 0 };
	edit.field[QIP_AF_TARGET] = "1234567.89";
	assert_int_equal(qip_action_edit(db, "QIP-0002", &edit), QIP_OK);
	assert_text(db, "SELECT old || ' -> ' || new FROM history WHERE field = 'target' ORDER BY id DESC LIMIT 1",
		    "1234568.5 -> 1234567.89");
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM history"), 33);
	/* New evidence and a correction on the upgraded file keep the summary:
	 * correcting entry 5 (the recount, 86.5) with an activity leaves no
	 * outcome value on QIP-0001, and no processes entry. */
	struct qip_evidence_new fix = { .kind = "activity", .category = "staff",
					.note = "audit withdrawn: wrong ward", .corrects_id = 5 };
	assert_int_equal(qip_evidence_add(db, "QIP-0001", &fix, NULL), QIP_OK);
	assert_text(db, "SELECT ev_count || ' ' || ev_outcomes || ' ' || ev_categories || ' '"
		    " || quote(ev_latest_value) FROM action WHERE ref = 'QIP-0001'", "2 0 2 NULL");
	struct qip_evidence_new more = { .kind = "outcome", .category = "people", .note = "survey", .value = "91" };
	assert_int_equal(qip_evidence_add(db, "QIP-0004", &more, NULL), QIP_OK);
	assert_int_equal(fixture_int(db, SUMMARY_MISMATCHES), 0);
	/* New rows chain onto the backfilled ones. */
	assert_int_equal(qip_chain_verify(db, NULL, NULL, &chained), QIP_OK);
	assert_int_equal(chained.problems, 0);
	assert_true(chained.length > 42);
	qip_db_close(db);
	char cmd[120];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* More statements mid-step than the cache has slots: it grows rather than
 * finalize any of them, and each still gives its own rows. */
static void cache_grows_when_every_statement_is_in_use(void **state)
{
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	enum { N = 600 };
	sqlite3_stmt *st[N];
	for (int i = 0; i < N; i++) {
		char sql[120];
		snprintf(sql, sizeof sql, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2)"
			 " SELECT x + %d FROM c", i * 10);
		st[i] = qip_db_stmt(db, sql);
		assert_non_null(st[i]);
		assert_int_equal(sqlite3_step(st[i]), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st[i], 0), i * 10 + 1);
	}
	for (int i = 0; i < N; i++) {
		assert_int_equal(sqlite3_step(st[i]), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st[i], 0), i * 10 + 2);
		assert_int_equal(sqlite3_step(st[i]), SQLITE_DONE);
		sqlite3_reset(st[i]);
	}
	fixture_close(&f);
}

/* A migration that fails says why, in the one message the user sees. */
static void failed_migration_names_the_reason(void **state)
{
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	/* A file whose tables exist but whose version says schema 0: migration 1
	 * cannot create the tables again. */
	assert_int_equal(qip_db_exec(db, "PRAGMA user_version = 0"), QIP_OK);
	qip_db_close(db);
	char err[512];
	assert_int_not_equal(qip_db_open(f.path, 0, &f.db, err, sizeof err), QIP_OK);
	assert_null(f.db);
	char want[600];
	snprintf(want, sizeof want, "upgrading %s to schema 1 (initial schema) failed: database error: table service already exists", f.path);
	assert_string_equal(err, want);
	fixture_close(&f);
}

/* Virtual machine steps every statement on the connection has run since
 * the last call (which starts the count again): the work a call did,
 * whatever the machine's load. */
static long steps_since(struct qip_db *db)
{
	long steps = 0;
	for (sqlite3_stmt *st = sqlite3_next_stmt(qip_db_handle(db), NULL); st;
	     st = sqlite3_next_stmt(qip_db_handle(db), st))
		steps += sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 1);
	return steps;
}

static int skip_row(void *ctx, const struct qip_action *a)
{
	(void)a;
	(*(int *)ctx)++;
	return 0;
}

struct open_work {
	long count, totals, list, overdue;
	int rows;
};

static void measure_open_work(struct qip_db *db, struct open_work *w)
{
	struct qip_action_filter f;
	qip_action_filter_init(&f);   /* not closed */
	int64_t n;
	struct qip_action_totals t;
	steps_since(db);
	assert_int_equal(qip_action_count(db, &f, &n), QIP_OK);
	w->count = steps_since(db);
	assert_int_equal(qip_action_totals(db, &t), QIP_OK);
	w->totals = steps_since(db);
	w->rows = 0;
	assert_int_equal(qip_action_list(db, &f, 1000, 0, skip_row, &w->rows), QIP_OK);
	w->list = steps_since(db);
	f.flags = QIP_FLAG_OVERDUE;
	assert_int_equal(qip_action_list(db, &f, 1000, 0, skip_row, &w->rows), QIP_OK);
	w->overdue = steps_since(db);
	assert_int_equal(n, 30);
	assert_int_equal(t.open, 30);
	assert_int_equal(t.overdue, 10);
	assert_int_equal(w->rows, 40);
}

/* A provider keeps its closed actions: the lists and counts of the others
 * (the default list, overdue, the status line's totals) must not grow with
 * them. 3,000 closed actions with early due dates are added to 30 open ones. */
static void open_lists_and_counts_do_not_grow_with_closed_actions(void **state)
{
	struct fixture fx;
	struct qip_db *db = fixture_open(&fx);
	static const char insert[] =
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
		" INSERT INTO action(uuid, seq, ref, title, due_on, status, closed_on, created_on)"
		" SELECT qip_uuid(), %d + i, 'QIP-' || (%d + i), 'action ' || i, date('2025-01-01', '+' || (i %% %d) || ' days'),"
		" '%s', %s, '2025-01-01' FROM n";
	char sql[600];
	/* 30 open, 10 of them overdue (due before 2026-03-02). */
	snprintf(sql, sizeof sql, insert, 30, 0, 0, 1, "open", "NULL");
	assert_int_equal(qip_db_exec(db, sql), QIP_OK);
	assert_int_equal(qip_db_exec(db, "UPDATE action SET due_on = date('2026-02-19', '+' || seq || ' days')"), QIP_OK);
	struct open_work few, many;
	measure_open_work(db, &few);
	snprintf(sql, sizeof sql, insert, 3000, 1000, 1000, 400, "closed", "'2025-06-01'");
	assert_int_equal(qip_db_exec(db, sql), QIP_OK);
	measure_open_work(db, &many);
	print_message("# VM steps with 30 open / and 3,000 closed: count %ld/%ld, totals %ld/%ld, list %ld/%ld, overdue %ld/%ld\n",
		      few.count, many.count, few.totals, many.totals, few.list, many.list, few.overdue, many.overdue);
	assert_true(many.count < few.count * 3 / 2);
	assert_true(many.totals < few.totals * 3 / 2);
	assert_true(many.list < few.list * 3 / 2);
	assert_true(many.overdue < few.overdue * 3 / 2);
	fixture_close(&fx);
}

static int keep_escalation(void *ctx, const struct qip_escalation *e)
{
	int64_t *ids = ctx;
	while (*ids)
		ids++;
	*ids = e->id;
	return 0;
}

/* The escalation queue (open ones, read in the index's order since schema
 * 3) and the full list (sorted) agree: highest level first, then the
 * oldest, then by id; resolved ones only in the full list, after the rest. */
static void escalation_queue_order(void **state)
{
	struct fixture fx;
	struct qip_db *db = fixture_open(&fx);
	assert_int_equal(qip_db_exec(db,
		"INSERT INTO action(uuid, seq, ref, title, created_on) VALUES (qip_uuid(), 1, 'QIP-0001', 'Falls', '2026-01-01');"
		"INSERT INTO escalation(uuid, action_id, level, reason, raised_on, resolved_on) VALUES"
		" (qip_uuid(), 1, 1, 'overdue', '2026-02-03', NULL),"     /* 1 */
		" (qip_uuid(), 1, 3, 'overdue', '2026-02-05', NULL),"     /* 2 */
		" (qip_uuid(), 1, 2, 'overdue', '2026-02-01', '2026-02-02'),"  /* 3, resolved */
		" (qip_uuid(), 1, 3, 'overdue', '2026-02-04', NULL),"     /* 4 */
		" (qip_uuid(), 1, 1, 'overdue', '2026-02-03', NULL),"     /* 5 */
		" (qip_uuid(), 1, 2, 'overdue', '2026-02-09', NULL);"),   /* 6 */
		QIP_OK);
	int64_t queue[8] = { 0 }, all[8] = { 0 }, own[8] = { 0 };
	assert_int_equal(qip_escalation_list(db, 0, false, 100, 0, keep_escalation, queue), QIP_OK);
	assert_int_equal(qip_escalation_list(db, 0, true, 100, 0, keep_escalation, all), QIP_OK);
	assert_int_equal(qip_escalation_list(db, 1, true, 100, 0, keep_escalation, own), QIP_OK);
	const int64_t want_queue[8] = { 4, 2, 6, 1, 5 }, want_all[8] = { 4, 2, 6, 1, 5, 3 };
	assert_memory_equal(queue, want_queue, sizeof queue);
	assert_memory_equal(all, want_all, sizeof all);
	assert_memory_equal(own, want_all, sizeof own);
	int64_t second = 0;
	assert_int_equal(qip_escalation_list(db, 0, false, 1, 1, keep_escalation, &second), QIP_OK);
	assert_int_equal(second, 2);
	fixture_close(&fx);
}

/* Triggers an UPDATE statement runs: OP_Program opcodes in its program. */
static int64_t triggers_run_by(struct qip_db *db, const char *update)
{
	char sql[600];
	sqlite3_stmt *st;
	snprintf(sql, sizeof sql, "EXPLAIN %s", update);
	assert_int_equal(sqlite3_prepare_v2(qip_db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
	int64_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		n += strcmp((const char *)sqlite3_column_text(st, 1), "Program") == 0;
	sqlite3_finalize(st);
	return n;
}

/* The history trigger (migration 5) runs only when a field it records is
 * set: an evidence entry, which updates only the action's summary, costs
 * no history trigger and writes no action history; each recorded field still
 * writes its one row, named and valued as before. */
static void history_trigger_runs_only_for_recorded_fields(void **state)
{
	struct fixture fx;
	struct qip_db *db = fixture_open(&fx);
	assert_int_equal(qip_db_exec(db,
		"INSERT INTO service(name) VALUES ('Oak House'), ('Elm Court');"
		"INSERT INTO person(uuid, name, login, role) VALUES (qip_uuid(), 'Sarah Jones', 'sj', 'staff');"
		"INSERT INTO action(uuid, seq, ref, title, service_id, owner_id, target_value, due_on, next_review_on,"
		" key_question, likelihood, impact, created_on)"
		" VALUES (qip_uuid(), 1, 'QIP-0001', 'Fridge checks', 1, 1, 95, '2026-04-01', '2026-03-10',"
		" 'safe', 2, 3, '2026-03-01')"), QIP_OK);
	const char *summary = "UPDATE action SET ev_count = ev_count + 1, ev_outcomes = 1,"
			      " ev_categories = 3, ev_last_on = '2026-03-02', ev_latest_value = 1 WHERE id = 1";
	/* One trigger: the status line's tally (migration 8), as staleness
	 * counts from the last evidence; without it, none. */
	assert_int_equal(triggers_run_by(db, summary), 1);
	assert_int_equal(qip_db_exec(db, "DROP TRIGGER action_tally_update"), QIP_OK);
	assert_int_equal(triggers_run_by(db, summary), 0);
	/* action_changed, and within it the chain's trigger on the history row
	 * it writes. */
	assert_int_equal(triggers_run_by(db, "UPDATE action SET title = 'x' WHERE id = 1"), 2);
	int64_t before = fixture_int(db, "SELECT count(*) FROM history WHERE entity = 'action'");
	struct qip_evidence_new ev = { .kind = "outcome", .category = "staff", .note = "fridge log", .value = "97" };
	assert_int_equal(qip_evidence_add(db, "QIP-0001", &ev, NULL), QIP_OK);
	assert_int_equal(fixture_int(db, "SELECT ev_count FROM action WHERE id = 1"), 1);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM history WHERE entity = 'action'"), before);
	static const struct { const char *set, *field, *change; } fields[] = {
		{ "title = 'Fridge checks twice daily'", "title", "Fridge checks -> Fridge checks twice daily" },
		{ "service_id = 2", "service", "Oak House -> Elm Court" },
		{ "baseline = '60%'", "baseline", " -> 60%" },
		{ "outcome = 'every check logged'", "outcome", " -> every check logged" },
		{ "target_value = 97.5", "target", "95 -> 97.5" },
		{ "target_unit = '%'", "unit", " -> %" },
		{ "target_direction = 'at-most'", "direction", "at-least -> at-most" },
		{ "target_date = '2026-06-30'", "target-date", "NULL -> 2026-06-30" },
		{ "owner_id = 2", "owner", "? -> Sarah Jones" },
		{ "due_on = '2026-05-01'", "due", "2026-04-01 -> 2026-05-01" },
		{ "review_cadence = 'weekly'", "cadence", "monthly -> weekly" },
		{ "next_review_on = '2026-03-17'", "next-review", "2026-03-10 -> 2026-03-17" },
		{ "evidence_required = 'logs'", "evidence-required", " -> logs" },
		{ "area = 'medicines'", "area", " -> medicines" },
		{ "key_question = 'effective'", "key-question", "safe -> effective" },
		{ "likelihood = 4", "risk", "2x3 -> 4x3" },
		{ "impact = 5", "risk", "4x3 -> 4x5" },
		{ "source = 'audit'", "source", "other -> audit" },
		{ "source_ref = 'A-7'", "source-ref", " -> A-7" },
		{ "closed_on = '2026-03-02'", "closed", "NULL -> 2026-03-02" },
		{ "status = 'closed'", "status", "open -> closed" },
		{ "extensions = 1", "extensions", "0 -> 1" },
		/* the closure fields of migration 7, by their own trigger */
		{ "sustain = '6-readings'", "sustain", " -> 6-readings" },
		{ "closure_reviewer_id = 2", "closure-reviewer", "NULL -> Sarah Jones" },
		{ "closure_override = 'Board accepted the risk'", "override", "NULL -> Board accepted the risk" },
		{ "closure_one_source = 'Only the MAR audit exists'", "one-source-reason", "NULL -> Only the MAR audit exists" },
		{ "monitor_until = '2026-05-01'", "monitoring-until", "NULL -> 2026-05-01" },
		{ "sustained = 1", "sustained", "0 -> 1" },
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		char sql[300];
		int64_t last = fixture_int(db, "SELECT coalesce(max(id), 0) FROM history");
		snprintf(sql, sizeof sql, "UPDATE action SET %s WHERE id = 1", fields[i].set);
		assert_int_equal(qip_db_exec(db, sql), QIP_OK);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM history WHERE id > %lld", (long long)last);
		assert_int_equal(fixture_int(db, sql), 1);
		snprintf(sql, sizeof sql, "SELECT field FROM history WHERE id > %lld", (long long)last);
		assert_text(db, sql, fields[i].field);
		/* "?": the old owner is the test's own account, named by the machine. */
		snprintf(sql, sizeof sql, "SELECT iif(field = 'owner', '?', coalesce(old, 'NULL')) || ' -> '"
			 " || coalesce(new, 'NULL') FROM history WHERE id > %lld", (long long)last);
		assert_text(db, sql, fields[i].change);
	}
	fixture_close(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_database_is_current_and_in_wal),
		cmocka_unit_test(missing_file_is_not_created_without_init),
		cmocka_unit_test(newer_schema_is_refused),
		cmocka_unit_test(older_schema_is_upgraded),
		cmocka_unit_test(foreign_file_is_refused),
		cmocka_unit_test(locked_database_says_busy_and_writes_nothing),
		cmocka_unit_test(full_disk_rolls_back_whole_write),
		cmocka_unit_test(evidence_is_append_only),
		cmocka_unit_test(readonly_open_refuses_writes),
		cmocka_unit_test(nested_transactions_roll_back_inner_only),
		cmocka_unit_test(cache_overflow_inside_a_row_callback_keeps_the_running_statement),
		cmocka_unit_test(cache_grows_when_every_statement_is_in_use),
		cmocka_unit_test(failed_migration_names_the_reason),
		cmocka_unit_test(schema1_database_upgrades_with_its_data),
		cmocka_unit_test(open_lists_and_counts_do_not_grow_with_closed_actions),
		cmocka_unit_test(escalation_queue_order),
		cmocka_unit_test(history_trigger_runs_only_for_recorded_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
