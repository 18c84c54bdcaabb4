/* People: leaving, coming back, editing, the last admin; and creating a
 * database file all or nothing. */
#include "fixture.h"

#include <dirent.h>
#include <sys/stat.h>

#include "qip/action.h"
#include "qip/service.h"

static struct fixture F;

static int setup(void **state)
{
	struct qip_db *db = fixture_open(&F);
	assert_int_equal(qip_service_add(db, "Oakfield House", "care-home", NULL), QIP_OK);
	assert_int_equal(qip_service_add(db, "Riverside", "care-home", NULL), QIP_OK);
	struct qip_person_new p = { .name = "Jos\xc3\xa9 Ferreira", .role = "team-leader", .login = "jferreira",
				    .service = "Oakfield House" };
	assert_int_equal(qip_person_add(db, &p, NULL), QIP_OK);
	p = (struct qip_person_new){ .name = "Jane Smith", .role = "registered-manager", .login = "jsmith" };
	assert_int_equal(qip_person_add(db, &p, NULL), QIP_OK);
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	fixture_close(&F);
	return 0;
}

/* History rows for person id with this field, old and new value. */
static int64_t history_rows(struct qip_db *db, int64_t id, const char *field, const char *old, const char *new)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(qip_db_handle(db),
		"SELECT count(*) FROM history WHERE entity = 'person' AND entity_id = ?1 AND field = ?2"
		" AND old IS ?3 AND new IS ?4 AND by_id = ?5", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, field, -1, SQLITE_STATIC);
	if (old)
		sqlite3_bind_text(st, 3, old, -1, SQLITE_STATIC);
	if (new)
		sqlite3_bind_text(st, 4, new, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, qip_db_actor(db));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void a_leaver_returns_and_both_are_in_the_history(void **state)
{
	struct qip_db *db = *state;
	int64_t id, found;
	assert_int_equal(qip_person_find(db, "jferreira", &id), QIP_OK);
	assert_int_equal(qip_person_mark_left(db, id, QIP_NO_DATE), QIP_OK);
	assert_int_equal(history_rows(db, id, "left", NULL, "2026-03-02"), 1);
	/* Leaving twice is refused, and says why. */
	assert_int_equal(qip_person_mark_left(db, id, QIP_NO_DATE), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "has already left"));
	/* Only leavers can come back; "J" means José among leavers. */
	int64_t jane;
	assert_int_equal(qip_person_find(db, "jsmith", &jane), QIP_OK);
	assert_int_equal(qip_person_return(db, jane), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "Jane Smith has not left"));
	assert_int_equal(qip_person_find_left(db, "Jane", &found), QIP_ENOTFOUND);
	assert_int_equal(qip_person_find_left(db, "J", &found), QIP_OK);
	assert_int_equal(found, id);
	assert_int_equal(qip_person_return(db, id), QIP_OK);
	struct qip_person p = { 0 };
	assert_int_equal(qip_person_get(db, id, &p), QIP_OK);
	assert_true(p.active);
	assert_int_equal(p.left_on, QIP_NO_DATE);
	qip_person_clear(&p);
	assert_int_equal(history_rows(db, id, "left", "2026-03-02", NULL), 1);
	assert_int_equal(history_rows(db, id, "active", "0", "1"), 1);
	/* Active again: a prefix among active people finds two now. */
	assert_int_equal(qip_person_find_active(db, "J", &found), QIP_ENOTFOUND);
	assert_non_null(strstr(qip_db_error(db), "be more specific"));
}

static void edit_changes_name_role_login_service_in_the_history(void **state)
{
	struct qip_db *db = *state;
	int64_t id;
	assert_int_equal(qip_person_find(db, "jferreira", &id), QIP_OK);
	struct qip_person_new ch = { .name = "Jos\xc3\xa9 Ferreira-Lopes", .role = "Deputy Manager",
				     .login = "jlopes", .service = "Riverside" };
	assert_int_equal(qip_person_edit(db, id, &ch), QIP_OK);
	struct qip_person p = { 0 };
	assert_int_equal(qip_person_get(db, id, &p), QIP_OK);
	assert_string_equal(p.name, "Jos\xc3\xa9 Ferreira-Lopes");
	assert_string_equal(p.role, "deputy-manager");
	assert_string_equal(p.login, "jlopes");
	assert_string_equal(p.service, "Riverside");
	qip_person_clear(&p);
	assert_int_equal(history_rows(db, id, "name", "Jos\xc3\xa9 Ferreira", "Jos\xc3\xa9 Ferreira-Lopes"), 1);
	assert_int_equal(history_rows(db, id, "role", "team-leader", "deputy-manager"), 1);
	assert_int_equal(history_rows(db, id, "login", "jferreira", "jlopes"), 1);
	assert_int_equal(history_rows(db, id, "service", "Oakfield House", "Riverside"), 1);

	/* Unset fields stay; empty login and service are removed. */
	ch = (struct qip_person_new){ .login = "", .service = "" };
	assert_int_equal(qip_person_edit(db, id, &ch), QIP_OK);
	assert_int_equal(qip_person_get(db, id, &p), QIP_OK);
	assert_string_equal(p.name, "Jos\xc3\xa9 Ferreira-Lopes");
	assert_string_equal(p.role, "deputy-manager");
	assert_string_equal(p.login, "");
	assert_string_equal(p.service, "");
	qip_person_clear(&p);

	/* Bad values name the problem and change nothing. */
	int64_t before = fixture_int(db, "SELECT count(*) FROM history");
	ch = (struct qip_person_new){ .login = "jsmith" };
	assert_int_equal(qip_person_edit(db, id, &ch), QIP_EINVAL);
	assert_non_null(strstr(qip_db_error(db), "already belongs to Jane Smith"));
	ch = (struct qip_person_new){ .name = "" };
	assert_int_equal(qip_person_edit(db, id, &ch), QIP_EINVAL);
	ch = (struct qip_person_new){ .service = "Nowhere" };
	assert_int_equal(qip_person_edit(db, id, &ch), QIP_ENOTFOUND);
	ch = (struct qip_person_new){ .role = "x", .login = "bad login" };
	assert_int_equal(qip_person_edit(db, id, &ch), QIP_EINVAL);
	ch = (struct qip_person_new){ 0 };
	assert_int_equal(qip_person_edit(db, id, &ch), QIP_EINVAL);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM history"), before);
}

static void the_last_active_admin_stays(void **state)
{
	struct qip_db *db = *state;
	int64_t me = qip_db_actor(db), jane;
	assert_true(me > 0);
	assert_int_equal(qip_person_mark_left(db, me, QIP_NO_DATE), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "is the last active admin"));
	struct qip_person_new ch = { .role = "carer" };
	assert_int_equal(qip_person_edit(db, me, &ch), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "is the last active admin"));
	/* Renaming the admin is fine; so is keeping the role. */
	ch = (struct qip_person_new){ .name = "Tess Tester", .role = "admin" };
	assert_int_equal(qip_person_edit(db, me, &ch), QIP_OK);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM person WHERE active AND role = 'admin'"), 1);

	/* With a second admin, either may go; then the other is the last. */
	assert_int_equal(qip_person_find(db, "jsmith", &jane), QIP_OK);
	ch = (struct qip_person_new){ .role = "admin" };
	assert_int_equal(qip_person_edit(db, jane, &ch), QIP_OK);
	assert_int_equal(qip_person_mark_left(db, jane, QIP_NO_DATE), QIP_OK);
	assert_int_equal(qip_person_mark_left(db, me, QIP_NO_DATE), QIP_EREFUSED);
	/* An admin who left does not count. */
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM person WHERE active AND role = 'admin'"), 1);
}

/* ---- creating the file ------------------------------------------------- */

static int files_in(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static int fill_admin(struct qip_db *db, void *ctx)
{
	return qip_person_add_first_admin(db);
}

static int fill_then_fail(struct qip_db *db, void *ctx)
{
	int rc = qip_person_add_first_admin(db);
	return rc ? rc : qip_db_fail(db, QIP_ENOSPC, "the disk is full (pretend)");
}

/* Another qip creates the file while this one is still filling its own. */
static int fill_and_lose_the_race(struct qip_db *db, void *ctx)
{
	FILE *f = fopen(ctx, "w");
	assert_non_null(f);
	fputs("theirs", f);
	fclose(f);
	return qip_person_add_first_admin(db);
}

static void creation_is_all_or_nothing(void **state)
{
	char dir[] = "/tmp/qip-create-XXXXXX", path[64], err[512];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/q.db", dir);
	bool created = true;

	/* A step that fails leaves no file at all, not even a temporary one. */
	assert_int_equal(qip_db_create(path, fill_then_fail, NULL, &created, err, sizeof err), QIP_ENOSPC);
	assert_false(created);
	assert_non_null(strstr(err, "disk is full"));
	assert_int_equal(files_in(dir), 0);

	/* Losing the race keeps the winner's file and drops ours. */
	assert_int_equal(qip_db_create(path, fill_and_lose_the_race, path, &created, err, sizeof err), QIP_OK);
	assert_false(created);
	FILE *f = fopen(path, "r");
	char buf[16] = "";
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "theirs");
	assert_int_equal(files_in(dir), 1);
	unlink(path);

	/* Success: one file, complete without its -wal, holding the person. */
	assert_int_equal(qip_db_create(path, fill_admin, NULL, &created, err, sizeof err), QIP_OK);
	assert_true(created);
	assert_int_equal(files_in(dir), 1);
	struct qip_db *db;
	assert_int_equal(qip_db_open(path, 0, &db, err, sizeof err), QIP_OK);
	assert_true(qip_db_actor(db) > 0);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM person WHERE role = 'admin'"), 1);
	qip_db_close(db);
	/* An existing file is never replaced. */
	assert_int_equal(qip_db_create(path, fill_then_fail, NULL, &created, err, sizeof err), QIP_OK);
	assert_false(created);

	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* Reassigning a person's actions moves every open one and no closed one,
 * in one go, and the history names the new owner of each. */
static void reassign_all_moves_open_actions_with_history(void **state)
{
	struct qip_db *db = *state;
	char ref[4][QIP_REF_LEN];
	for (int i = 0; i < 4; i++) {
		struct qip_action_input in = { 0 };
		in.field[QIP_AF_TITLE] = "Fridge temperature recorded daily";
		in.field[QIP_AF_OWNER] = i < 3 ? "jferreira" : "jsmith";
		assert_int_equal(qip_action_add(db, &in, ref[i]), QIP_OK);
	}
	sqlite3_exec(qip_db_handle(db), "UPDATE action SET status = 'closed' WHERE ref = 'QIP-0003'", NULL, NULL, NULL);
	int64_t jose = fixture_int(db, "SELECT id FROM person WHERE login = 'jferreira'");
	int moved = -1;
	assert_int_equal(qip_person_reassign_all(db, jose, "jferreira", &moved), QIP_EINVAL);
	assert_int_equal(qip_person_reassign_all(db, jose, "Jane Smith", &moved), QIP_OK);
	assert_int_equal(moved, 2);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM action a JOIN person p ON p.id = a.owner_id"
				     " WHERE p.login = 'jsmith' AND a.ref IN ('QIP-0001', 'QIP-0002', 'QIP-0004')"), 3);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM action a JOIN person p ON p.id = a.owner_id"
				     " WHERE p.login = 'jferreira' AND a.ref = 'QIP-0003'"), 1);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM history h JOIN action a ON a.id = h.entity_id"
				     " WHERE h.entity = 'action' AND h.field = 'owner' AND h.old = 'Jos\xc3\xa9 Ferreira'"
				     " AND h.new = 'Jane Smith' AND a.ref IN ('QIP-0001', 'QIP-0002')"), 2);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM history WHERE field = 'owner' AND new = 'Jane Smith'"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_leaver_returns_and_both_are_in_the_history, setup, teardown),
		cmocka_unit_test_setup_teardown(edit_changes_name_role_login_service_in_the_history, setup, teardown),
		cmocka_unit_test_setup_teardown(the_last_active_admin_stays, setup, teardown),
		cmocka_unit_test_setup_teardown(reassign_all_moves_open_actions_with_history, setup, teardown),
		cmocka_unit_test(creation_is_all_or_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
