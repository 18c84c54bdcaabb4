/* The domain's fixed words (src/core/vocab.c) against the CHECK constraints
 * of the database as qip creates it: every word the program offers must be
 * storable, and every value the schema allows must be one the program can
 * show and accept, or a form offers a choice that fails at save or a row
 * turns up that no screen can name. */
#include "fixture.h"
#include "qip/vocab.h"

#include <stdbool.h>

static int setup(void **state)
{
	static struct fixture f;
	fixture_open(&f);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	fixture_close(*state);
	return 0;
}

enum { MAX_VALUES = 32, MAX_VALUE = 64 };
struct allowed {
	char value[MAX_VALUES][MAX_VALUE];
	int count;
};

/* The quoted values in "CHECK (column IN ('a','b',...))" of table's
 * CREATE statement as stored in sqlite_master (so after every migration). */
static void check_values(struct qip_db *db, const char *table, const char *column, struct allowed *out)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(qip_db_handle(db),
		"SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const char *sql = (const char *)sqlite3_column_text(st, 0);
	char needle[128];
	snprintf(needle, sizeof needle, "CHECK (%s IN (", column);
	const char *p = strstr(sql, needle);
	if (!p)
		fail_msg("%s.%s has no CHECK (%s IN (...)) in: %s", table, column, column, sql);
	p += strlen(needle);
	out->count = 0;
	while (*p == '\'') {
		const char *end = strchr(p + 1, '\'');
		assert_non_null(end);
		assert_true(out->count < MAX_VALUES && end - p - 1 < MAX_VALUE);
		snprintf(out->value[out->count++], MAX_VALUE, "%.*s", (int)(end - p - 1), p + 1);
		p = end + 1;
		if (*p == ',')
			p++;
	}
	if (*p != ')')
		fail_msg("%s.%s: cannot read the CHECK list at: %.40s", table, column, p);
	sqlite3_finalize(st);
}

static void same_words(struct qip_db *db, const char *table, const char *column, const struct qip_vocab *v)
{
	struct allowed a;
	check_values(db, table, column, &a);
	for (int i = 0; i < v->count; i++) {
		bool found = false;
		for (int j = 0; j < a.count; j++)
			found = found || strcmp(a.value[j], v->words[i].name) == 0;
		if (!found)
			fail_msg("the %s '%s' is not allowed by the CHECK on %s.%s",
				 v->what, v->words[i].name, table, column);
	}
	for (int j = 0; j < a.count; j++) {
		bool found = false;
		for (int i = 0; i < v->count; i++)
			found = found || strcmp(a.value[j], v->words[i].name) == 0;
		if (!found)
			fail_msg("%s.%s allows '%s', which is no %s qip knows",
				 table, column, a.value[j], v->what);
	}
	assert_int_equal(a.count, v->count);   /* no word twice on either side */
}

static void every_word_is_storable_and_every_stored_value_a_word(void **state)
{
	struct fixture *f = *state;
	same_words(f->db, "service", "kind", &qip_vocab_service_kind);
	same_words(f->db, "action", "status", &qip_vocab_status);
	same_words(f->db, "action", "source", &qip_vocab_source);
	same_words(f->db, "action", "review_cadence", &qip_vocab_cadence);
	same_words(f->db, "action", "key_question", &qip_vocab_key_question);
	same_words(f->db, "action", "target_direction", &qip_vocab_direction);
	same_words(f->db, "evidence", "kind", &qip_vocab_kind);
	same_words(f->db, "evidence", "category", &qip_vocab_category);
	same_words(f->db, "review", "decision", &qip_vocab_decision);
	same_words(f->db, "escalation", "reason", &qip_vocab_esc_reason);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_word_is_storable_and_every_stored_value_a_word, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
