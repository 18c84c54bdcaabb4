/* The chain's canonical encoding and links: what a link is a hash of,
 * byte for byte, and that no two different rows can encode the same. */
#include "fixture.h"

#include <sodium.h>

#include "qip/chain.h"
#include "qip/evidence.h"

/* qip_chain_hash(...) of the SQL expression list args, as 32 bytes. */
static void sql_hash(struct qip_db *db, const char *args, unsigned char out[32])
{
	char sql[400];
	snprintf(sql, sizeof sql, "SELECT qip_chain_hash(%s)", args);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(qip_db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_bytes(st, 0), 32);
	memcpy(out, sqlite3_column_blob(st, 0), 32);
	sqlite3_finalize(st);
}

static bool same_hash(struct qip_db *db, const char *a, const char *b)
{
	unsigned char ha[32], hb[32];
	sql_hash(db, a, ha);
	sql_hash(db, b, hb);
	return memcmp(ha, hb, 32) == 0;
}

/* The encoding written out by hand, as HACKING.md documents it: a 4-byte
 * count, then per value a type byte, integers and reals as 8 bytes
 * big-endian, text and blobs with an 8-byte length before the bytes. */
static void encoding_is_the_documented_bytes(void **state)
{
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	static const unsigned char want_bytes[] = {
		0, 0, 0, 5,
		'N',
		'T', 0, 0, 0, 0, 0, 0, 0, 8, 'e', 'v', 'i', 'd', 'e', 'n', 'c', 'e',
		'I', 0, 0, 0, 0, 0, 0, 0x01, 0x2c,                       /* 300 */
		'R', 0x40, 0x57, 0x80, 0, 0, 0, 0, 0,                     /* 94.0 */
		'T', 0, 0, 0, 0, 0, 0, 0, 3, 0xc3, 0xa9, '!',            /* "é!" in UTF-8 */
	};
	unsigned char want[32], got[32];
	crypto_generichash(want, sizeof want, want_bytes, sizeof want_bytes, NULL, 0);
	sql_hash(db, "NULL, 'evidence', 300, 94.0, 'é!'", got);
	assert_memory_equal(got, want, 32);
	fixture_close(&f);
}

/* Field boundaries and types are part of what is hashed. */
static void different_rows_never_encode_alike(void **state)
{
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	assert_false(same_hash(db, "NULL, 't', 'ab', 'c'", "NULL, 't', 'a', 'bc'"));
	assert_false(same_hash(db, "NULL, 't', 'abc', ''", "NULL, 't', 'abc'"));
	assert_false(same_hash(db, "NULL, 't', NULL", "NULL, 't', ''"));
	assert_false(same_hash(db, "NULL, 't', 1", "NULL, 't', 1.0"));
	assert_false(same_hash(db, "NULL, 't', 1", "NULL, 't', '1'"));
	assert_false(same_hash(db, "NULL, 't', 'x'", "NULL, 't', x'78'"));
	assert_false(same_hash(db, "NULL, 'evidence', 1", "NULL, 'history', 1"));
	assert_false(same_hash(db, "x'00', 't', 1", "NULL, 't', 1"));
	assert_true(same_hash(db, "NULL, 't', 'ab', 'c'", "NULL, 't', 'ab', 'c'"));
	fixture_close(&f);
}

/* Each new row's link is the hash of the link before it and the row; the
 * head is the last link; verify agrees. */
static void each_link_hashes_the_one_before(void **state)
{
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	int64_t before = fixture_int(db, "SELECT count(*) FROM chain");
	assert_true(before > 0);   /* the first admin's history row */
	assert_int_equal(fixture_int(db,
		"SELECT count(*) FROM chain c WHERE c.hash IS NOT (SELECT qip_chain_hash("
		"  (SELECT p.hash FROM chain p WHERE p.seq = c.seq - 1), 'history', id, uuid, at, by_id, entity, entity_id,"
		"  field, old, new) FROM history WHERE id = c.row_id) AND c.tbl = 'history'"), 0);
	char head[QIP_CHAIN_HEX_LEN];
	int64_t length;
	assert_int_equal(qip_chain_head(db, head, &length), QIP_OK);
	assert_int_equal(length, before);
	assert_int_equal(strlen(head), 64);
	struct qip_chain_result res;
	assert_int_equal(qip_chain_verify(db, NULL, NULL, &res), QIP_OK);
	assert_int_equal(res.problems, 0);
	assert_int_equal(res.length, before);
	assert_string_equal(res.head, head);
	fixture_close(&f);
}

static int count_problem(void *ctx, const struct qip_chain_problem *p)
{
	struct qip_chain_problem *first = ctx;
	if (!first->message) {
		*first = *p;
		first->message = strdup(p->message);
	}
	return 0;
}

/* A row that changes through qip (an escalation raised a level) gets a link
 * per version and verifies against its latest; changed behind qip's back
 * (its linking trigger dropped for the update, then put back) it is named;
 * deleted, it is named once, however many links it had. */
static void a_changing_row_is_checked_against_its_latest_link(void **state)
{
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	assert_int_equal(qip_db_exec(db,
		"INSERT INTO action(uuid, seq, ref, title, created_on) VALUES (qip_uuid(), 1, 'QIP-0001', 'Fridge checks', '2026-03-01');"
		"INSERT INTO escalation(uuid, action_id, level, reason, raised_on) VALUES (qip_uuid(), 1, 1, 'overdue', '2026-03-01');"
		"UPDATE escalation SET level = 2 WHERE id = 1;"
		"UPDATE escalation SET note = 'chased' WHERE id = 1;"), QIP_OK);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM chain WHERE tbl = 'escalation' AND row_id = 1"), 3);
	struct qip_chain_result res;
	struct qip_chain_problem first = { 0 };
	assert_int_equal(qip_chain_verify(db, count_problem, &first, &res), QIP_OK);
	assert_int_equal(res.problems, 0);

	assert_int_equal(qip_db_exec(db,
		"CREATE TEMP TABLE kept AS SELECT sql FROM sqlite_schema WHERE name = 'escalation_chain_change';"
		"DROP TRIGGER escalation_chain_change;"
		"UPDATE escalation SET level = 1 WHERE id = 1;"), QIP_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(qip_db_handle(db), "SELECT sql FROM kept", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(qip_db_exec(db, (const char *)sqlite3_column_text(st, 0)), QIP_OK);
	sqlite3_finalize(st);
	assert_int_equal(qip_chain_verify(db, count_problem, &first, &res), QIP_OK);
	assert_int_equal(res.problems, 1);
	assert_int_equal(first.fault, QIP_CHAIN_CHANGED);
	assert_string_equal(first.message, "escalation 1 was changed after it was recorded");
	free((char *)first.message);

	first = (struct qip_chain_problem){ 0 };
	assert_int_equal(qip_db_exec(db, "DELETE FROM escalation WHERE id = 1"), QIP_OK);
	assert_int_equal(qip_chain_verify(db, count_problem, &first, &res), QIP_OK);
	assert_int_equal(res.problems, 1);
	assert_string_equal(first.message, "escalation 1 is missing");
	free((char *)first.message);
	fixture_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encoding_is_the_documented_bytes),
		cmocka_unit_test(different_rows_never_encode_alike),
		cmocka_unit_test(each_link_hashes_the_one_before),
		cmocka_unit_test(a_changing_row_is_checked_against_its_latest_link),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
