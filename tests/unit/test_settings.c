/* One setting changed at a time (the TUI's Settings screen): only by an
 * administrator, checked as a settings file's key is, the overdue levels
 * climbing among the database's own settings and with the files under
 * them; refused, nothing changes. */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qip/person.h"
#include "qip/settings.h"

static int set(struct qip_db *db, int which, const char *text)
{
	struct qip_diags d;
	qip_diags_init(&d, NULL);
	int rc = qip_settings_set(db, which, text, &d);
	qip_diags_free(&d);
	return rc;
}

/* The value in force and where it came from. */
static int in_force(struct qip_db *db, int which, int *source)
{
	struct qip_settings s;
	struct qip_diags d;
	qip_diags_init(&d, NULL);
	assert_int_equal(qip_settings_load(db, &s, &d), QIP_OK);
	qip_diags_free(&d);
	int v = s.value[which];
	*source = s.source[which];
	qip_settings_clear(&s);
	return v;
}

static int64_t rows(struct qip_db *db)
{
	return fixture_int(db, "SELECT count(*) FROM setting");
}

static void only_the_admin_changes_a_setting(void **state)
{
	(void)state;
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	int64_t admin = qip_db_actor(db), rm = 0;
	struct qip_person_new p = { .name = "Sarah Jones", .role = "registered-manager", .login = "sjones" };
	assert_int_equal(qip_person_add(db, &p, &rm), QIP_OK);
	qip_db_set_actor(db, rm);
	assert_int_equal(set(db, QIP_SET_STALE_DAYS, "21"), QIP_EREFUSED);
	assert_string_equal(qip_db_error(db), "managing people, services, roles, templates and settings needs an admin;"
			    " you are a registered manager");
	assert_int_equal(rows(db), 0);
	qip_db_set_actor(db, admin);
	assert_int_equal(set(db, QIP_SET_STALE_DAYS, "21"), QIP_OK);
	int from;
	assert_int_equal(in_force(db, QIP_SET_STALE_DAYS, &from), 21);
	assert_int_equal(from, QIP_FROM_DATABASE);
	/* A switch, as a file writes it. */
	assert_int_equal(set(db, QIP_SET_UNOWNED, "false"), QIP_OK);
	assert_int_equal(in_force(db, QIP_SET_UNOWNED, &from), 0);
	assert_int_equal(rows(db), 2);
	fixture_close(&f);
}

static void a_bad_value_is_refused_with_the_files_message(void **state)
{
	(void)state;
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	assert_int_equal(set(db, QIP_SET_STALE_DAYS, "5000"), QIP_EINVAL);
	assert_string_equal(qip_db_error(db), "'stale-days' must be from 0 to 3650, not 5000: nothing was changed");
	assert_int_equal(set(db, QIP_SET_STALE_DAYS, "21 days"), QIP_EINVAL);
	assert_non_null(strstr(qip_db_error(db), "'stale-days' must be a whole number"));
	assert_int_equal(set(db, QIP_SET_UNOWNED, "yes"), QIP_EINVAL);
	assert_string_equal(qip_db_error(db), "'unowned' must be true or false: nothing was changed");
	assert_int_equal(set(db, QIP_SET_OVERDUE_LEVEL3_DAYS, "10"), QIP_EINVAL);
	assert_string_equal(qip_db_error(db), "'overdue-level-3-days' (10) must be more than 'overdue-level-2-days'"
			    " (14): nothing was changed");
	assert_int_equal(rows(db), 0);
	int from;
	assert_int_equal(in_force(db, QIP_SET_OVERDUE_LEVEL3_DAYS, &from), 28);
	assert_int_equal(from, QIP_FROM_DEFAULT);
	fixture_close(&f);
}

/* The database's own settings climb (0, 14, 16) but not over the system
 * file's level 2 (20): refused, as every command would then refuse. */
static void the_settings_in_force_must_still_climb(void **state)
{
	(void)state;
	char path[] = "/tmp/qip-settings-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char text[] = "escalation:\n  overdue-level-2-days: 20\n  overdue-level-3-days: 40\n";
	assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
	close(fd);
	setenv("QIP_SETTINGS", path, 1);
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	assert_int_equal(set(db, QIP_SET_OVERDUE_LEVEL3_DAYS, "16"), QIP_EINVAL);
	assert_non_null(strstr(qip_db_error(db), "the settings in force do not climb"));
	assert_non_null(strstr(qip_db_error(db), "nothing was changed"));
	assert_int_equal(rows(db), 0);
	assert_int_equal(set(db, QIP_SET_OVERDUE_LEVEL3_DAYS, "45"), QIP_OK);
	int from;
	assert_int_equal(in_force(db, QIP_SET_OVERDUE_LEVEL3_DAYS, &from), 45);
	assert_int_equal(from, QIP_FROM_DATABASE);
	fixture_close(&f);
	unsetenv("QIP_SETTINGS");
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_the_admin_changes_a_setting),
		cmocka_unit_test(a_bad_value_is_refused_with_the_files_message),
		cmocka_unit_test(the_settings_in_force_must_still_climb),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
