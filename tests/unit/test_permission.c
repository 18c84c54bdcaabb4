/* Roles: the permission table itself, and the core's write functions
 * refusing each role what it may not do, with the message a person sees. */
#include "fixture.h"

#include "qip/action.h"
#include "qip/audit.h"
#include "qip/escalation.h"
#include "qip/evidence.h"
#include "qip/framework.h"
#include "qip/permission.h"
#include "qip/rules.h"
#include "qip/service.h"
#include "qip/settings.h"
#include "qip/template.h"

/* ---- The table ---- */

static void every_active_person_logs_evidence_answers_audits_and_speaks_up(void **state)
{
	(void)state;
	const char *roles[] = { "admin", "registered-manager", "deputy-manager", "quality-lead",
				"nominated-individual", "board-member", "senior-carer", "medicines-lead", NULL };
	for (const char **r = roles; *r; r++) {
		assert_true(qip_role_may(*r, QIP_PERM_EVIDENCE));
		assert_true(qip_role_may(*r, QIP_PERM_AUDIT));
		assert_true(qip_role_may(*r, QIP_PERM_RAISE));
		assert_true(qip_role_may(*r, QIP_PERM_OWN_ACTIONS));
	}
}

static void only_the_admin_manages_people_services_templates_and_settings(void **state)
{
	(void)state;
	int holders = 0;
	for (int i = 0; i < qip_role_table_count; i++)
		if (qip_role_table[i].perms & (1u << QIP_PERM_ADMIN)) {
			assert_string_equal(qip_role_table[i].role, "admin");
			holders++;
		}
	assert_int_equal(holders, 1);
	assert_false(qip_role_may("registered-manager", QIP_PERM_ADMIN));
	assert_false(qip_role_may("quality-lead", QIP_PERM_ADMIN));
	/* Restoring a backup discards everyone's later records. */
	for (int i = 0; i < qip_role_table_count; i++)
		assert_int_equal(qip_role_may(qip_role_table[i].role, QIP_PERM_RESTORE),
				 qip_role_table[i].role && !strcmp(qip_role_table[i].role, "admin"));
}

static void each_role_holds_what_the_plan_asks_of_it(void **state)
{
	(void)state;
	/* Managers and deputies: their service's actions and level 1. */
	assert_true(qip_role_may("registered-manager", QIP_PERM_ACTIONS));
	assert_true(qip_role_may("registered-manager", QIP_PERM_RESOLVE_1));
	assert_false(qip_role_may("registered-manager", QIP_PERM_RESOLVE_2));
	assert_false(qip_role_rights("registered-manager")->across_services);
	assert_true(qip_role_may("deputy-manager", QIP_PERM_ACTIONS));
	assert_true(qip_role_may("deputy-manager", QIP_PERM_RESOLVE_1));
	assert_false(qip_role_may("deputy-manager", QIP_PERM_CLOSE));
	assert_false(qip_role_rights("deputy-manager")->across_services);
	/* Quality leads and nominated individuals: across services, level 2, confirm. */
	const char *leads[] = { "quality-lead", "nominated-individual" };
	for (int i = 0; i < 2; i++) {
		assert_true(qip_role_rights(leads[i])->across_services);
		assert_true(qip_role_may(leads[i], QIP_PERM_RESOLVE_2));
		assert_true(qip_role_may(leads[i], QIP_PERM_CONFIRM));
		assert_false(qip_role_may(leads[i], QIP_PERM_RESOLVE_3));
	}
	/* The board: level 3, and no managing of actions. */
	assert_true(qip_role_may("board-member", QIP_PERM_RESOLVE_3));
	assert_false(qip_role_may("board-member", QIP_PERM_ACTIONS));
	/* Any other role: what everyone may, nothing more. */
	assert_null(qip_role_rights("senior-carer")->role);
	assert_false(qip_role_may("senior-carer", QIP_PERM_ACTIONS));
	assert_false(qip_role_may("senior-carer", QIP_PERM_CLOSE));
	assert_false(qip_role_may(NULL, QIP_PERM_ACTIONS));
}

/* Closure's reviewer rule reads the same table. */
static void confirming_a_closure_is_the_tables_and_not_the_admins(void **state)
{
	(void)state;
	for (int i = 0; i < qip_role_table_count; i++)
		assert_int_equal(qip_rules_may_confirm(qip_role_table[i].role),
				 qip_role_may(qip_role_table[i].role, QIP_PERM_CONFIRM));
	assert_true(qip_rules_may_confirm("registered-manager"));
	assert_false(qip_rules_may_confirm("admin"));
	assert_false(qip_rules_may_confirm("senior-carer"));
}

static void holders_and_titles_read_as_words(void **state)
{
	(void)state;
	char buf[300];
	assert_string_equal(qip_permission_holders(QIP_PERM_CLOSE, buf, sizeof buf),
			    "an admin, registered manager, quality lead or nominated individual");
	assert_string_equal(qip_permission_holders(QIP_PERM_ADMIN, buf, sizeof buf), "an admin");
	assert_string_equal(qip_permission_holders(QIP_PERM_RESOLVE_3, buf, sizeof buf), "an admin or board member");
	qip_role_title("senior-carer", buf, sizeof buf);
	assert_string_equal(buf, "senior carer");
	qip_role_title("nominated-individual", buf, sizeof buf);
	assert_string_equal(buf, "nominated individual");
}

/* ---- The core refusing ---- */

struct people {
	int64_t admin, rm, deputy, carer, ql, board;
	char oak_action[QIP_REF_LEN], elm_action[QIP_REF_LEN];
};

static int64_t add(struct qip_db *db, const char *name, const char *role, const char *login, const char *service)
{
	int64_t id = 0;
	struct qip_person_new p = { .name = name, .role = role, .login = login, .service = service };
	assert_int_equal(qip_person_add(db, &p, &id), QIP_OK);
	return id;
}

static void action(struct qip_db *db, const char *title, const char *service, const char *owner, char ref[QIP_REF_LEN])
{
	struct qip_action_input in = { 0 };
	in.field[QIP_AF_TITLE] = title;
	in.field[QIP_AF_SERVICE] = service;
	in.field[QIP_AF_OWNER] = owner;
	assert_int_equal(qip_action_add(db, &in, ref), QIP_OK);
}

static void setup_people(struct qip_db *db, struct people *p)
{
	p->admin = qip_db_actor(db);
	assert_int_equal(qip_service_add(db, "Oak House", "care-home", NULL), QIP_OK);
	assert_int_equal(qip_service_add(db, "Elm Court", "care-home", NULL), QIP_OK);
	p->rm = add(db, "Sarah Jones", "registered-manager", "sjones", "Oak House");
	p->deputy = add(db, "Ahmed Khan", "deputy-manager", "akhan", "Oak House");
	p->carer = add(db, "Tom Reed", "senior-carer", "treed", "Oak House");
	p->ql = add(db, "Ruth Adeyemi", "quality-lead", "radeyemi", NULL);
	p->board = add(db, "Grace Obi", "board-member", "gobi", NULL);
	action(db, "Night checks", "Oak House", "treed", p->oak_action);
	action(db, "Fridge temperatures", "Elm Court", "radeyemi", p->elm_action);
}

static int64_t history_rows(struct qip_db *db)
{
	return fixture_int(db, "SELECT count(*) FROM history");
}

static void a_senior_carer_updates_their_own_action_and_logs_evidence(void **state)
{
	(void)state;
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	struct people p;
	setup_people(db, &p);
	qip_db_set_actor(db, p.carer);
	struct qip_action_input in = { 0 };
	in.field[QIP_AF_BASELINE] = "3 of 10 checks signed";
	assert_int_equal(qip_action_edit(db, p.oak_action, &in), QIP_OK);
	struct qip_evidence_new ev = { .kind = "activity", .category = "processes", .note = "Checks signed tonight" };
	assert_int_equal(qip_evidence_add(db, p.elm_action, &ev, NULL), QIP_OK);
	assert_int_equal(qip_action_review(db, p.oak_action, "keep-open", "Still short"), QIP_OK);
	fixture_close(&f);
}

static void a_senior_carer_may_not_close_reassign_or_add_people(void **state)
{
	(void)state;
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	struct people p;
	setup_people(db, &p);
	qip_db_set_actor(db, p.carer);
	int64_t before = history_rows(db);

	struct qip_closure_request req = { .reason = "Done", .reviewer = "radeyemi" };
	assert_int_equal(qip_action_close(db, p.oak_action, &req), QIP_EREFUSED);
	assert_string_equal(qip_db_error(db), "closing an action needs an admin, registered manager, quality lead"
			    " or nominated individual; you are a senior carer");
	assert_int_equal(qip_action_assign(db, p.oak_action, "akhan"), QIP_EREFUSED);
	assert_string_equal(qip_db_error(db), "managing actions needs an admin, registered manager, deputy manager,"
			    " quality lead or nominated individual; you are a senior carer");
	/* Handing on their own action through edit is reassigning too. */
	struct qip_action_input in = { 0 };
	in.field[QIP_AF_OWNER] = "akhan";
	assert_int_equal(qip_action_edit(db, p.oak_action, &in), QIP_EREFUSED);
	/* Someone else's action is not theirs to change. */
	struct qip_action_input title = { 0 };
	title.field[QIP_AF_TITLE] = "Fridge temperatures twice a day";
	assert_int_equal(qip_action_edit(db, p.elm_action, &title), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "needs its owner or an admin"));
	assert_int_equal(qip_action_reopen(db, p.oak_action, "Not right"), QIP_EREFUSED);

	struct qip_person_new admin = { .name = "Mallory", .role = "admin", .login = "mallory" };
	assert_int_equal(qip_person_add(db, &admin, NULL), QIP_EREFUSED);
	assert_string_equal(qip_db_error(db), "managing people, services, roles, templates and settings needs an admin;"
			    " you are a senior carer");
	assert_int_equal(qip_person_mark_left(db, p.admin, QIP_NO_DATE), QIP_EREFUSED);
	struct qip_person_new promote = { .role = "admin" };
	assert_int_equal(qip_person_edit(db, p.carer, &promote), QIP_EREFUSED);
	assert_int_equal(qip_service_add(db, "Birch Lodge", "care-home", NULL), QIP_EREFUSED);
	assert_int_equal(qip_service_role_set(db, "Oak House", "registered-manager", "treed"), QIP_EREFUSED);
	/* Settings and templates are the admin's (settings refused before the
	 * file is read); a recovery audit frequency is a manager's. */
	struct qip_diags d;
	qip_diags_init(&d, "settings.yaml");
	assert_int_equal(qip_settings_import(db, "/nonexistent/settings.yaml", &d), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "needs an admin; you are a senior carer"));
	qip_diags_free(&d);
	char path[512];
	snprintf(path, sizeof path, "%s/frameworks/cqc-saf.yaml", getenv("QIP_DATA_DIR"));
	assert_int_equal(qip_framework_import_file(db, path), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "needs an admin; you are a senior carer"));
	qip_db_set_actor(db, p.admin);   /* the template's framework, as the admin */
	assert_int_equal(qip_framework_import_file(db, path), QIP_OK);
	qip_db_set_actor(db, p.carer);
	before = history_rows(db);
	snprintf(path, sizeof path, "%s/templates/mar.yaml", getenv("QIP_DATA_DIR"));
	assert_int_equal(qip_template_import_file(db, path), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "needs an admin; you are a senior carer"));
	assert_int_equal(qip_audit_set_frequency(db, "Oak House", "mar", "weekly", "+8w"), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "managing actions needs"));
	struct qip_action_input add = { 0 };
	add.field[QIP_AF_TITLE] = "New idea";
	char ref[QIP_REF_LEN];
	assert_int_equal(qip_action_add(db, &add, ref), QIP_EREFUSED);

	assert_int_equal(history_rows(db), before);   /* every refusal wrote nothing */
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM person WHERE role = 'admin'"), 1);
	fixture_close(&f);
}

static void a_registered_manager_manages_their_own_services_actions(void **state)
{
	(void)state;
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	struct people p;
	setup_people(db, &p);
	qip_db_set_actor(db, p.rm);
	assert_int_equal(qip_action_assign(db, p.oak_action, "akhan"), QIP_OK);
	assert_int_equal(qip_action_assign(db, p.elm_action, "akhan"), QIP_EREFUSED);
	assert_string_equal(qip_db_error(db), "managing actions of a service not yours needs an admin, quality lead"
			    " or nominated individual; you are a registered manager at Oak House");
	/* A provider-wide action is for a role across services. */
	struct qip_action_input wide = { 0 };
	wide.field[QIP_AF_TITLE] = "Provider-wide supervision";
	char ref[QIP_REF_LEN];
	assert_int_equal(qip_action_add(db, &wide, ref), QIP_EREFUSED);
	assert_string_equal(qip_db_error(db), "managing actions that belong to no one service needs an admin,"
			    " quality lead or nominated individual; you are a registered manager at Oak House");
	wide.field[QIP_AF_SERVICE] = "Oak House";
	assert_int_equal(qip_action_add(db, &wide, ref), QIP_OK);
	/* A service role at Elm Court makes Elm Court one of theirs. */
	qip_db_set_actor(db, p.admin);
	assert_int_equal(qip_service_role_set(db, "Elm Court", "registered-manager", "sjones"), QIP_OK);
	qip_db_set_actor(db, p.rm);
	assert_int_equal(qip_action_assign(db, p.elm_action, "akhan"), QIP_OK);
	/* A deputy manages but does not close. */
	qip_db_set_actor(db, p.deputy);
	assert_int_equal(qip_action_assign(db, p.oak_action, "treed"), QIP_OK);
	struct qip_closure_request req = { .reason = "Done", .reviewer = "radeyemi" };
	assert_int_equal(qip_action_close(db, p.oak_action, &req), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "closing an action needs"));
	assert_non_null(strstr(qip_db_error(db), "you are a deputy manager"));
	/* Nor are people theirs. */
	qip_db_set_actor(db, p.rm);
	struct qip_person_new change = { .role = "deputy-manager" };
	assert_int_equal(qip_person_edit(db, p.carer, &change), QIP_EREFUSED);
	fixture_close(&f);
}

static int64_t raise(struct qip_db *db, const char *ref, int level, const char *to)
{
	int64_t id = 0;
	assert_int_equal(qip_escalation_raise(db, ref, level, "overdue", to, NULL, &id), QIP_OK);
	return id;
}

static void each_level_is_resolved_by_its_roles(void **state)
{
	(void)state;
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	struct people p;
	setup_people(db, &p);
	int64_t l1 = raise(db, p.oak_action, 1, "sjones");
	int64_t l2 = raise(db, p.elm_action, 2, "radeyemi");

	/* Level 1: a senior carer may not; the deputy of the service may. */
	qip_db_set_actor(db, p.carer);
	assert_int_equal(qip_escalation_resolve(db, l1, "Sorted"), QIP_EREFUSED);
	assert_string_equal(qip_db_error(db), "resolving a level-1 escalation needs an admin, registered manager,"
			    " deputy manager, quality lead or nominated individual; you are a senior carer");
	/* Passing one up a level is deciding at its level too. */
	assert_int_equal(qip_escalation_raise_level(db, l1, NULL, NULL), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "resolving a level-1 escalation needs"));
	/* Level 2: not a registered manager; a quality lead. */
	qip_db_set_actor(db, p.rm);
	assert_int_equal(qip_escalation_resolve(db, l2, "Sorted"), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "resolving a level-2 escalation needs"));
	qip_db_set_actor(db, p.deputy);
	assert_int_equal(qip_escalation_resolve(db, l1, "Night checks audited weekly"), QIP_OK);
	qip_db_set_actor(db, p.ql);
	assert_int_equal(qip_escalation_resolve(db, l2, "Fridge replaced"), QIP_OK);

	/* Level 3: the board, not the quality lead. */
	qip_db_set_actor(db, p.admin);
	int64_t l3 = raise(db, p.oak_action, 3, "gobi");
	qip_db_set_actor(db, p.ql);
	assert_int_equal(qip_escalation_resolve(db, l3, "Spend agreed"), QIP_EREFUSED);
	assert_string_equal(qip_db_error(db), "resolving a level-3 escalation needs an admin or board member;"
			    " you are a quality lead");
	qip_db_set_actor(db, p.board);
	assert_int_equal(qip_escalation_resolve(db, l3, "Spend agreed"), QIP_OK);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM escalation WHERE resolved_on IS NOT NULL"), 3);
	fixture_close(&f);
}

static void an_account_that_is_nobody_is_told_whom_to_ask(void **state)
{
	(void)state;
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	assert_int_equal(qip_permission_require_person(db), QIP_OK);
	int64_t admin = qip_db_actor(db);
	struct qip_person_new ann = { .name = "Ann Shaw", .role = "admin", .login = "ashaw" };
	assert_int_equal(qip_person_add(db, &ann, NULL), QIP_OK);
	qip_db_set_actor(db, 0);
	assert_int_equal(qip_permission_require_person(db), QIP_ENOPERSON);
	const char *msg = qip_db_error(db);
	assert_non_null(strstr(msg, "is not a person in this qip database: ask an admin, Ann Shaw (login ashaw) or "));
	assert_non_null(strstr(msg, qip_db_login(db)));
	assert_null(strchr(msg, '\n'));   /* one line */
	struct qip_whoami w;
	assert_int_equal(qip_whoami(db, &w), QIP_ENOPERSON);
	qip_whoami_clear(&w);
	qip_db_set_actor(db, admin);
	fixture_close(&f);
}

static void whoami_names_the_role_and_services(void **state)
{
	(void)state;
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	struct people p;
	setup_people(db, &p);
	assert_int_equal(qip_service_role_set(db, "Elm Court", "registered-manager", "sjones"), QIP_OK);
	qip_db_set_actor(db, p.rm);
	struct qip_whoami w;
	assert_int_equal(qip_whoami(db, &w), QIP_OK);
	assert_string_equal(w.name, "Sarah Jones");
	assert_string_equal(w.login, "sjones");
	assert_string_equal(w.role, "registered-manager");
	assert_string_equal(w.services, "Oak House, Elm Court");
	assert_false(w.across_services);
	qip_whoami_clear(&w);
	qip_db_set_actor(db, p.ql);
	assert_int_equal(qip_whoami(db, &w), QIP_OK);
	assert_string_equal(w.services, "");
	assert_true(w.across_services);
	qip_whoami_clear(&w);
	fixture_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_active_person_logs_evidence_answers_audits_and_speaks_up),
		cmocka_unit_test(only_the_admin_manages_people_services_templates_and_settings),
		cmocka_unit_test(each_role_holds_what_the_plan_asks_of_it),
		cmocka_unit_test(confirming_a_closure_is_the_tables_and_not_the_admins),
		cmocka_unit_test(holders_and_titles_read_as_words),
		cmocka_unit_test(a_senior_carer_updates_their_own_action_and_logs_evidence),
		cmocka_unit_test(a_senior_carer_may_not_close_reassign_or_add_people),
		cmocka_unit_test(a_registered_manager_manages_their_own_services_actions),
		cmocka_unit_test(each_level_is_resolved_by_its_roles),
		cmocka_unit_test(an_account_that_is_nobody_is_told_whom_to_ask),
		cmocka_unit_test(whoami_names_the_role_and_services),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
