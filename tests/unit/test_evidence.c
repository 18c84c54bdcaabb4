/* Evidence: the summary kept on each action equals the one computed from
 * scratch after every entry and correction, and costs the same however
 * much evidence the action has. */
#include "fixture.h"
#include "evidence_summary.h"

#include "qip/action.h"
#include "qip/evidence.h"

static struct fixture F;

static int setup(void **state)
{
	*state = fixture_open(&F);
	return 0;
}

static int teardown(void **state)
{
	fixture_close(&F);
	return 0;
}

static void add_action(struct qip_db *db, char ref[QIP_REF_LEN])
{
	struct qip_action_input in = { 0 };
	in.field[QIP_AF_TITLE] = "Medication errors down";
	if (qip_action_add(db, &in, ref))
		fail_msg("add action: %s", qip_db_error(db));
}

static const char *const kinds[] = { "activity", "outcome" };
static const char *const categories[] = { "people", "staff", "partners", "observation", "processes", "outcomes" };

/* Random entries and corrections on three actions, through the program's
 * own qip_evidence_add, with dates that collide (so the id breaks ties)
 * and values that come and go; the summary is compared after each. */
static void summary_equals_full_aggregation_after_every_step(void **state)
{
	struct qip_db *db = *state;
	char refs[3][QIP_REF_LEN];
	for (int i = 0; i < 3; i++)
		add_action(db, refs[i]);
	srand(20260302);
	int corrections = 0, superseded_latest = 0;
	for (int step = 0; step < 600; step++) {
		const char *ref = refs[rand() % 3];
		char date[16], value[16], sql[300];
		snprintf(date, sizeof date, "2026-02-%02d", 1 + rand() % 12);
		snprintf(value, sizeof value, "%d.5", rand() % 100);
		struct qip_evidence_new e = {
			.kind = kinds[rand() % 2], .category = categories[rand() % 6],
			.note = "seen on the floor", .date = date,
			.value = rand() % 3 ? value : NULL };
		if (rand() % 3 == 0) {
			/* Correct a live entry of that action, often the one whose
			 * value is the latest, so it has to be found again. */
			snprintf(sql, sizeof sql,
				 "SELECT e.id FROM evidence e JOIN action a ON a.id = e.action_id"
				 " WHERE a.ref = '%s' AND " LIVE_ENTRY
				 " ORDER BY %s LIMIT 1", ref,
				 rand() % 2 ? "random()" : "e.kind = 'outcome' AND e.value IS NOT NULL DESC, e.seen_on DESC, e.id DESC");
			e.corrects_id = fixture_int(db, sql);
			if (e.corrects_id < 0)
				e.corrects_id = 0;
			corrections += e.corrects_id > 0;
			snprintf(sql, sizeof sql, "SELECT a.ev_latest_value IS (SELECT value FROM evidence WHERE id = %lld)"
				 " FROM action a WHERE a.ref = '%s'", (long long)e.corrects_id, ref);
			superseded_latest += e.corrects_id > 0 && fixture_int(db, sql) == 1;
		}
		int64_t id;
		if (qip_evidence_add(db, ref, &e, &id))
			fail_msg("step %d: %s", step, qip_db_error(db));
		if (fixture_int(db, SUMMARY_MISMATCHES) != 0)
			fail_msg("step %d (entry %lld, corrects %lld): the kept summary differs from the aggregate",
				 step, (long long)id, (long long)e.corrects_id);
	}
	/* The walk went where it had to. */
	assert_true(corrections > 100);
	assert_true(superseded_latest > 20);
	assert_true(fixture_int(db, "SELECT count(*) FROM action WHERE ev_categories = 63") > 0);
	assert_true(fixture_int(db, "SELECT count(*) FROM action WHERE ev_latest_value IS NOT NULL") == 3);
}

/* A second correction of one entry (qip refuses it, but a file written by
 * another program may hold one) does not take the entry away twice. */
static void entry_superseded_twice_leaves_once(void **state)
{
	struct qip_db *db = *state;
	char ref[QIP_REF_LEN];
	add_action(db, ref);
	struct qip_evidence_new e = { .kind = "outcome", .category = "people", .note = "feedback", .value = "80" };
	int64_t first, second;
	assert_int_equal(qip_evidence_add(db, ref, &e, &first), QIP_OK);
	assert_int_equal(qip_evidence_add(db, ref, &e, &second), QIP_OK);
	e.corrects_id = first;
	e.category = "staff";
	assert_int_equal(qip_evidence_add(db, ref, &e, NULL), QIP_OK);
	char sql[400];
	snprintf(sql, sizeof sql,
		 "INSERT INTO evidence(uuid, action_id, seen_on, kind, category, note, corrects_id)"
		 " SELECT qip_uuid(), action_id, seen_on, 'activity', 'partners', 'again', id FROM evidence WHERE id = %lld",
		 (long long)first);
	assert_int_equal(qip_db_exec(db, sql), QIP_OK);
	assert_int_equal(fixture_int(db, SUMMARY_MISMATCHES), 0);
	snprintf(sql, sizeof sql, "SELECT ev_count FROM action WHERE ref = '%s'", ref);
	assert_int_equal(fixture_int(db, sql), 3);
}

/* Virtual machine steps of one insert through the program's SQL (with
 * every trigger it fires), a measure that does not depend on the load. */
static int insert_steps(struct qip_db *db, int64_t action_id, int64_t corrects)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(qip_db_handle(db),
		"INSERT INTO evidence(uuid, action_id, seen_on, kind, category, note, value, corrects_id)"
		" VALUES (qip_uuid(), ?1, '2026-02-20', 'outcome', 'people', 'survey', 75, ?2)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, action_id);
	if (corrects)
		sqlite3_bind_int64(st, 2, corrects);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	int steps = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 0);
	sqlite3_finalize(st);
	return steps;
}

/* Adding an entry, or a correction, costs the same on an action with 10
 * entries as on one with 5,000 (the summary was re-aggregated from all of
 * them on every insert: 125 s to add 10,000). */
static void adding_evidence_costs_the_same_on_a_large_action(void **state)
{
	struct qip_db *db = *state;
	char small[QIP_REF_LEN], large[QIP_REF_LEN];
	add_action(db, small);
	add_action(db, large);
	int64_t small_id, large_id;
	assert_int_equal(qip_action_resolve(db, small, &small_id), QIP_OK);
	assert_int_equal(qip_action_resolve(db, large, &large_id), QIP_OK);
	char sql[600];
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
		 " INSERT INTO evidence(uuid, action_id, seen_on, kind, category, note, value)"
		 " SELECT qip_uuid(), %lld, date('2026-01-01', '+' || (i %% 50) || ' days'),"
		 " iif(i %% 3, 'activity', 'outcome'), 'staff', 'entry ' || i, iif(i %% 2, i, NULL) FROM n",
		 10, (long long)small_id);
	assert_int_equal(qip_db_exec(db, "BEGIN"), QIP_OK);
	assert_int_equal(qip_db_exec(db, sql), QIP_OK);
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
		 " INSERT INTO evidence(uuid, action_id, seen_on, kind, category, note, value)"
		 " SELECT qip_uuid(), %lld, date('2026-01-01', '+' || (i %% 50) || ' days'),"
		 " iif(i %% 3, 'activity', 'outcome'), 'staff', 'entry ' || i, iif(i %% 2, i, NULL) FROM n",
		 5000, (long long)large_id);
	assert_int_equal(qip_db_exec(db, sql), QIP_OK);
	assert_int_equal(qip_db_exec(db, "COMMIT"), QIP_OK);
	assert_int_equal(fixture_int(db, SUMMARY_MISMATCHES), 0);

	int add_small = insert_steps(db, small_id, 0), add_large = insert_steps(db, large_id, 0);
	/* Correct the entry holding the latest value: it must be found again. */
	snprintf(sql, sizeof sql, "SELECT max(id) FROM evidence WHERE action_id = %lld", (long long)small_id);
	int fix_small = insert_steps(db, small_id, fixture_int(db, sql));
	snprintf(sql, sizeof sql, "SELECT max(id) FROM evidence WHERE action_id = %lld", (long long)large_id);
	int fix_large = insert_steps(db, large_id, fixture_int(db, sql));
	assert_int_equal(fixture_int(db, SUMMARY_MISMATCHES), 0);
	print_message("# VM steps: add %d (10 entries) vs %d (5,000); correct %d vs %d\n",
		      add_small, add_large, fix_small, fix_large);
	assert_true(add_large < add_small * 3 / 2);
	assert_true(fix_large < fix_small * 3 / 2);
}

struct ids {
	int64_t id[400];
	int n, stop_after;
};

static int keep_id(void *ctx, const struct qip_evidence *e)
{
	struct ids *ids = ctx;
	ids->id[ids->n++] = e->id;
	return ids->n == ids->stop_after;
}

/* Pages by key give every entry once, in the list's order (date, then id,
 * newest first), also where many entries share a date across a page's
 * edge; a row callback that stops ends the paging. */
static void pages_by_key_give_every_entry_once_in_order(void **state)
{
	struct qip_db *db = *state;
	char ref[QIP_REF_LEN];
	add_action(db, ref);
	srand(11);
	for (int i = 0; i < 150; i++) {
		char date[16];
		snprintf(date, sizeof date, "2026-02-%02d", 1 + rand() % 4);
		struct qip_evidence_new e = { .kind = kinds[i % 2], .category = categories[i % 6],
					      .note = "entry", .date = date };
		assert_int_equal(qip_evidence_add(db, ref, &e, NULL), QIP_OK);
	}
	int64_t action_id;
	assert_int_equal(qip_action_resolve(db, ref, &action_id), QIP_OK);
	struct ids all = { 0 }, paged = { 0 };
	assert_int_equal(qip_evidence_list(db, action_id, -1, 0, keep_id, &all), QIP_OK);
	assert_int_equal(all.n, 150);
	struct qip_evidence_cursor cur = { 0 };
	int pages = 0;
	while (!cur.done) {
		assert_int_equal(qip_evidence_page(db, action_id, &cur, 7, keep_id, &paged), QIP_OK);
		pages++;
	}
	assert_int_equal(pages, 22);   /* 21 full pages and one of 3 */
	assert_int_equal(paged.n, 150);
	assert_memory_equal(paged.id, all.id, sizeof all.id[0] * 150);
	struct ids some = { .stop_after = 10 };
	cur = (struct qip_evidence_cursor){ 0 };
	while (!cur.done)
		assert_int_equal(qip_evidence_page(db, action_id, &cur, 7, keep_id, &some), QIP_OK);
	assert_int_equal(some.n, 10);
	assert_memory_equal(some.id, all.id, sizeof all.id[0] * 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(summary_equals_full_aggregation_after_every_step, setup, teardown),
		cmocka_unit_test_setup_teardown(entry_superseded_twice_leaves_once, setup, teardown),
		cmocka_unit_test_setup_teardown(adding_evidence_costs_the_same_on_a_large_action, setup, teardown),
		cmocka_unit_test_setup_teardown(pages_by_key_give_every_entry_once_in_order, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
