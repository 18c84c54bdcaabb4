/* Escalation by rule: every rule at its boundary days (pure functions),
 * the settings file with its positions, and qip_check_apply against a
 * database: idempotent, raising a level, resolving when a reason stops
 * holding, and leaving a person's decision standing. */
#include "fixture.h"

#include "qip/action.h"
#include "qip/escalation.h"
#include "qip/escalation_rules.h"
#include "qip/evidence.h"
#include "qip/service.h"
#include "qip/settings.h"
#include "qip/vocab.h"

static const qip_date T = 20000;   /* "today" for the pure rules */

/* An owned, open action with nothing wrong, judged on T. */
static struct qip_esc_facts healthy(void)
{
	struct qip_esc_facts f = { 0 };
	f.action = (struct qip_action_facts){ .status = QIP_STATUS_OPEN, .due = T + 30, .next_review = T + 10,
					     .created = T - 5, .has_owner = true, .owner_active = true,
					     .last_evidence = QIP_NO_DATE };
	f.owner_id = 7;
	f.missed_audit_due = QIP_NO_DATE;
	f.level_on = QIP_NO_DATE;
	return f;
}

static int level_of(const struct qip_esc_facts *f, const struct qip_settings *s, int rule)
{
	int level[QIP_RULE_COUNT];
	qip_esc_rule_levels(f, s, T, level);
	return level[rule];
}

static void healthy_action_asks_nothing(void **state)
{
	(void)state;
	struct qip_settings s;
	qip_settings_defaults(&s);
	struct qip_esc_facts f = healthy();
	int level[QIP_RULE_COUNT];
	qip_esc_rule_levels(&f, &s, T, level);
	assert_int_equal(qip_esc_rule_top(level), -1);
}

static void overdue_at_its_boundary_days(void **state)
{
	(void)state;
	struct qip_settings s;
	qip_settings_defaults(&s);
	struct qip_esc_facts f = healthy();
	static const struct { int late, level; } days[] = {
		{ 0, 0 }, { 1, 1 }, { 13, 1 }, { 14, 2 }, { 27, 2 }, { 28, 3 }, { 400, 3 } };
	for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
		f.action.due = T - days[i].late;
		assert_int_equal(level_of(&f, &s, QIP_RULE_OVERDUE), days[i].level);
	}
	/* Changed thresholds move the boundaries. */
	s.value[QIP_SET_OVERDUE_DAYS] = 3;
	s.value[QIP_SET_OVERDUE_LEVEL2_DAYS] = 7;
	f.action.due = T - 3;
	assert_int_equal(level_of(&f, &s, QIP_RULE_OVERDUE), 0);
	f.action.due = T - 4;
	assert_int_equal(level_of(&f, &s, QIP_RULE_OVERDUE), 1);
	f.action.due = T - 7;
	assert_int_equal(level_of(&f, &s, QIP_RULE_OVERDUE), 2);
	f.action.due = QIP_NO_DATE;
	assert_int_equal(level_of(&f, &s, QIP_RULE_OVERDUE), 0);
}

static void unowned_at_once(void **state)
{
	(void)state;
	struct qip_settings s;
	qip_settings_defaults(&s);
	struct qip_esc_facts f = healthy();
	f.action.has_owner = false;
	f.action.created = T;   /* on the day it was made */
	assert_int_equal(level_of(&f, &s, QIP_RULE_UNOWNED), 1);
	f = healthy();
	f.action.owner_active = false;   /* the owner left */
	assert_int_equal(level_of(&f, &s, QIP_RULE_UNOWNED), 1);
	s.value[QIP_SET_UNOWNED] = 0;
	assert_int_equal(level_of(&f, &s, QIP_RULE_UNOWNED), 0);
}

static void extended_and_repeat_finding_go_to_level_2(void **state)
{
	(void)state;
	struct qip_settings s;
	qip_settings_defaults(&s);
	struct qip_esc_facts f = healthy();
	f.action.extensions = 1;
	assert_int_equal(level_of(&f, &s, QIP_RULE_EXTENDED), 0);
	f.action.extensions = 2;
	assert_int_equal(level_of(&f, &s, QIP_RULE_EXTENDED), 2);
	s.value[QIP_SET_EXTENDED_TIMES] = 3;
	assert_int_equal(level_of(&f, &s, QIP_RULE_EXTENDED), 0);
	f = healthy();
	assert_int_equal(level_of(&f, &s, QIP_RULE_REPEAT_FINDING), 0);
	f.repeat_finding = true;
	assert_int_equal(level_of(&f, &s, QIP_RULE_REPEAT_FINDING), 2);
}

static void review_overdue_target_not_met_stale_missed_audit(void **state)
{
	(void)state;
	struct qip_settings s;
	qip_settings_defaults(&s);
	struct qip_esc_facts f = healthy();
	f.action.next_review = T;
	assert_int_equal(level_of(&f, &s, QIP_RULE_REVIEW_OVERDUE), 0);
	f.action.next_review = T - 1;
	assert_int_equal(level_of(&f, &s, QIP_RULE_REVIEW_OVERDUE), 1);
	s.value[QIP_SET_REVIEW_OVERDUE_DAYS] = 3;
	f.action.next_review = T - 3;
	assert_int_equal(level_of(&f, &s, QIP_RULE_REVIEW_OVERDUE), 0);
	f.action.next_review = T - 4;
	assert_int_equal(level_of(&f, &s, QIP_RULE_REVIEW_OVERDUE), 1);

	qip_settings_defaults(&s);
	f = healthy();
	f.action.has_target = true;
	f.action.target = 95;
	f.action.has_latest_value = true;
	f.action.latest_value = 84;
	f.action.next_review = T + 1;   /* the review has not come yet */
	assert_int_equal(level_of(&f, &s, QIP_RULE_TARGET_NOT_MET), 0);
	f.action.next_review = T;
	assert_int_equal(level_of(&f, &s, QIP_RULE_TARGET_NOT_MET), 1);
	f.action.latest_value = 95;
	assert_int_equal(level_of(&f, &s, QIP_RULE_TARGET_NOT_MET), 0);
	f.action.direction = QIP_DIR_AT_MOST;   /* falls: 96 is short of "at most 95" */
	f.action.latest_value = 96;
	assert_int_equal(level_of(&f, &s, QIP_RULE_TARGET_NOT_MET), 1);

	f = healthy();
	f.action.last_evidence = T - 30;
	assert_int_equal(level_of(&f, &s, QIP_RULE_STALE), 0);
	f.action.last_evidence = T - 31;
	assert_int_equal(level_of(&f, &s, QIP_RULE_STALE), 1);
	f.action.last_evidence = QIP_NO_DATE;   /* none yet: counted from creation */
	f.action.created = T - 31;
	assert_int_equal(level_of(&f, &s, QIP_RULE_STALE), 1);
	s.value[QIP_SET_STALE_DAYS] = 45;
	assert_int_equal(level_of(&f, &s, QIP_RULE_STALE), 0);

	f = healthy();
	f.missed_audit_due = T;   /* due today: not missed yet */
	assert_int_equal(level_of(&f, &s, QIP_RULE_MISSED_AUDIT), 0);
	f.missed_audit_due = T - 1;
	assert_int_equal(level_of(&f, &s, QIP_RULE_MISSED_AUDIT), 1);
}

static void level_2_unresolved_for_14_days_goes_to_the_board(void **state)
{
	(void)state;
	struct qip_settings s;
	qip_settings_defaults(&s);
	struct qip_esc_facts f = healthy();
	f.open_level = 2;
	f.level_on = T - 13;
	assert_int_equal(level_of(&f, &s, QIP_RULE_LEVEL2_UNRESOLVED), 0);
	f.level_on = T - 14;
	assert_int_equal(level_of(&f, &s, QIP_RULE_LEVEL2_UNRESOLVED), 3);
	f.open_level = 1;   /* at level 1 for a month: not this rule's business */
	f.level_on = T - 30;
	assert_int_equal(level_of(&f, &s, QIP_RULE_LEVEL2_UNRESOLVED), 0);
}

static void top_rule_is_the_highest_level_then_the_first(void **state)
{
	(void)state;
	struct qip_settings s;
	qip_settings_defaults(&s);
	struct qip_esc_facts f = healthy();
	f.action.has_owner = false;
	f.action.due = T - 14;          /* level 2 */
	f.action.next_review = T - 1;   /* level 1 */
	int level[QIP_RULE_COUNT];
	qip_esc_rule_levels(&f, &s, T, level);
	assert_int_equal(qip_esc_rule_top(level), QIP_RULE_OVERDUE);
	f.action.due = T - 1;           /* now unowned and overdue tie at 1: unowned comes first */
	qip_esc_rule_levels(&f, &s, T, level);
	assert_int_equal(qip_esc_rule_top(level), QIP_RULE_UNOWNED);
	f.action.status = QIP_STATUS_CLOSED;
	qip_esc_rule_levels(&f, &s, T, level);
	assert_int_equal(qip_esc_rule_top(level), -1);
}

/* ---- settings files ---- */

static bool read_text(const char *text, struct qip_settings *s, struct qip_diags *d)
{
	qip_settings_defaults(s);
	qip_diags_init(d, "s.yaml");
	return qip_settings_read_text(text, strlen(text), s, QIP_FROM_SYSTEM_FILE, d);
}

static void settings_file_changes_thresholds(void **state)
{
	(void)state;
	struct qip_settings s;
	struct qip_diags d;
	assert_true(read_text("escalation:\n  overdue-level-2-days: 10\n  unowned: false\n", &s, &d));
	assert_int_equal(d.n, 0);
	assert_int_equal(s.value[QIP_SET_OVERDUE_LEVEL2_DAYS], 10);
	assert_int_equal(s.source[QIP_SET_OVERDUE_LEVEL2_DAYS], QIP_FROM_SYSTEM_FILE);
	assert_int_equal(s.value[QIP_SET_UNOWNED], 0);
	assert_int_equal(s.value[QIP_SET_OVERDUE_LEVEL3_DAYS], 28);
	assert_int_equal(s.source[QIP_SET_OVERDUE_LEVEL3_DAYS], QIP_FROM_DEFAULT);
	qip_diags_free(&d);
}

static void expect_problem(const char *text, int line, int col, const char *words)
{
	struct qip_settings s;
	struct qip_diags d;
	assert_false(read_text(text, &s, &d));
	assert_true(d.n >= 1);
	assert_int_equal(d.v[0].line, line);
	assert_int_equal(d.v[0].col, col);
	if (!strstr(d.v[0].msg, words))
		fail_msg("'%s' does not say '%s'", d.v[0].msg, words);
	/* Nothing of a bad file is taken. */
	assert_int_equal(s.value[QIP_SET_OVERDUE_DAYS], 0);
	assert_int_equal(s.value[QIP_SET_STALE_DAYS], 30);
	qip_diags_free(&d);
}

static void settings_file_problems_at_their_positions(void **state)
{
	(void)state;
	expect_problem("escalation:\n  stale-days: 40\n  overdue-dayz: 3\n", 3, 3, "overdue-days");
	expect_problem("escalation:\n  stale-days: -1\n", 2, 15, "stale-days");
	expect_problem("escalation:\n  stale-days: soon\n", 2, 15, "stale-days");
	expect_problem("escalation:\n  unowned: maybe\n", 2, 12, "true or false");
	expect_problem("escalation:\n  stale-days: 20\n  overdue-level-2-days: 30\n", 3, 25,
		       "'overdue-level-3-days' (28) must be more than 'overdue-level-2-days' (30)");
	expect_problem("escalations:\n  stale-days: 20\n", 1, 1, "escalation");
	expect_problem("escalation: [1, 2]\n", 1, 13, "");
	/* The monitoring window: at least one cycle, at most 24. */
	expect_problem("monitoring:\n  cycles: 0\n", 2, 11, "cycles");
	expect_problem("monitoring:\n  cycles: 25\n", 2, 11, "cycles");
	expect_problem("monitoring:\n  cycle: 3\n", 2, 3, "cycles");
}

static void monitoring_cycles_at_their_limits(void **state)
{
	(void)state;
	struct qip_settings s;
	struct qip_diags d;
	assert_int_equal(qip_setting_default(QIP_SET_MONITOR_CYCLES), 2);
	assert_true(read_text("monitoring:\n  cycles: 1\n", &s, &d));
	assert_int_equal(s.value[QIP_SET_MONITOR_CYCLES], 1);
	assert_int_equal(s.source[QIP_SET_MONITOR_CYCLES], QIP_FROM_SYSTEM_FILE);
	qip_diags_free(&d);
	assert_true(read_text("escalation:\n  stale-days: 9\nmonitoring:\n  cycles: 24\n", &s, &d));
	assert_int_equal(s.value[QIP_SET_MONITOR_CYCLES], 24);
	assert_int_equal(s.value[QIP_SET_STALE_DAYS], 9);
	qip_diags_free(&d);
}

/* ---- applying the rules to a database ---- */

static struct fixture F;

static int db_setup(void **state)
{
	struct qip_db *db = fixture_open(&F);
	assert_int_equal(qip_service_add(db, "Oakfield House", "care-home", NULL), QIP_OK);
	struct qip_person_new p = { .name = "Sarah Jones", .role = "registered-manager", .service = "Oakfield House" };
	assert_int_equal(qip_person_add(db, &p, NULL), QIP_OK);
	p = (struct qip_person_new){ .name = "Nina Patel", .role = "nominated-individual" };
	assert_int_equal(qip_person_add(db, &p, NULL), QIP_OK);
	p = (struct qip_person_new){ .name = "Bob Board", .role = "board-member" };
	assert_int_equal(qip_person_add(db, &p, NULL), QIP_OK);
	p = (struct qip_person_new){ .name = "Tom Reed", .role = "senior-carer", .service = "Oakfield House" };
	assert_int_equal(qip_person_add(db, &p, NULL), QIP_OK);
	/* No settings file of the machine's own may change what is tested. */
	setenv("QIP_SETTINGS", "/nonexistent/qip-settings.yaml", 1);
	*state = db;
	return 0;
}

static int db_teardown(void **state)
{
	(void)state;
	fixture_close(&F);
	return 0;
}

static void add(struct qip_db *db, const char *title, const char *owner, const char *due, char ref[QIP_REF_LEN])
{
	struct qip_action_input in = { 0 };
	in.field[QIP_AF_TITLE] = title;
	in.field[QIP_AF_SERVICE] = "Oakfield House";
	in.field[QIP_AF_OWNER] = owner;
	in.field[QIP_AF_DUE] = due;
	if (qip_action_add(db, &in, ref))
		fail_msg("add %s: %s", title, qip_db_error(db));
}

struct seen {
	int n;
	struct qip_check_item v[16];
	char text[16][300], who[16][80];
};

static int record(void *ctx, const struct qip_check_item *it)
{
	struct seen *s = ctx;
	if (s->n < 16) {
		s->v[s->n] = *it;
		snprintf(s->text[s->n], sizeof s->text[0], "%s", it->text);
		snprintf(s->who[s->n], sizeof s->who[0], "%s", it->assigned_to);
	}
	s->n++;
	if (getenv("SHOW_ITEMS"))
		fprintf(stderr, "# item %d %s %s %d->%d %s\n", it->event, it->ref, qip_esc_rule_name(it->rule),
			it->from_level, it->level, it->text);
	return 0;
}

static void apply(struct qip_db *db, bool dry, struct seen *s)
{
	memset(s, 0, sizeof *s);
	struct qip_diags d;
	qip_diags_init(&d, NULL);
	if (qip_check_apply(db, dry, record, s, &d))
		fail_msg("check: %s", qip_db_error(db));
	qip_diags_free(&d);
}

static void on(struct qip_db *db, const char *day)
{
	qip_date t;
	assert_true(qip_date_parse_iso(day, &t));
	qip_db_set_today(db, t);
}

static void apply_is_idempotent_raises_levels_and_resolves(void **state)
{
	struct qip_db *db = *state;
	char ref[QIP_REF_LEN];
	on(db, "2026-02-10");   /* neither stale nor due for review by 2026-03-06 */
	add(db, "Fridge temperatures recorded daily", "Tom Reed", "2026-02-20", ref);
	struct seen s;
	on(db, "2026-03-02");   /* 10 days overdue */
	apply(db, true, &s);    /* a dry run says what it would do and does nothing */
	assert_int_equal(s.n, 1);
	assert_int_equal(s.v[0].event, QIP_CHECK_RAISED);
	assert_int_equal(s.v[0].escalation_id, 0);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM escalation"), 0);

	apply(db, false, &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.v[0].event, QIP_CHECK_RAISED);
	assert_int_equal(s.v[0].rule, QIP_RULE_OVERDUE);
	assert_int_equal(s.v[0].level, 1);
	assert_string_equal(s.v[0].ref, ref);
	assert_string_equal(s.who[0], "Sarah Jones");
	assert_string_equal(s.text[0], "overdue by 10 days (due 2026-02-20)");
	int64_t esc = s.v[0].escalation_id;
	assert_true(esc > 0);
	apply(db, false, &s);   /* the second run raises nothing */
	assert_int_equal(s.n, 0);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM escalation"), 1);

	on(db, "2026-03-06");   /* 14 days overdue: the same escalation goes to level 2 */
	apply(db, false, &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.v[0].event, QIP_CHECK_LEVEL_UP);
	assert_int_equal(s.v[0].escalation_id, esc);
	assert_int_equal(s.v[0].from_level, 1);
	assert_int_equal(s.v[0].level, 2);
	assert_string_equal(s.who[0], "Nina Patel");
	apply(db, false, &s);
	assert_int_equal(s.n, 0);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM escalation"), 1);

	/* The cause is fixed: a new due date. Resolved with the reason, kept. */
	assert_int_equal(qip_action_extend(db, ref, "2026-04-30", "fridge replaced"), QIP_OK);
	apply(db, false, &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.v[0].event, QIP_CHECK_RESOLVED);
	assert_int_equal(s.v[0].escalation_id, esc);
	assert_string_equal(s.text[0], "qip check: it is no longer overdue");
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM escalation WHERE id = %lld AND resolved_on = '2026-03-06'"
		 " AND decision = 'qip check: it is no longer overdue' AND resolved_by_check = 1", (long long)esc);
	assert_int_equal(fixture_int(db, sql), 1);
	apply(db, false, &s);
	assert_int_equal(s.n, 0);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM escalation"), 1);
}

static void reassigning_resolves_unowned(void **state)
{
	struct qip_db *db = *state;
	char ref[QIP_REF_LEN];
	on(db, "2026-03-02");
	add(db, "Hydration charts totalled daily", NULL, "2026-05-01", ref);
	struct seen s;
	apply(db, false, &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.v[0].event, QIP_CHECK_RAISED);
	assert_int_equal(s.v[0].rule, QIP_RULE_UNOWNED);
	assert_int_equal(qip_action_assign(db, ref, "Tom Reed"), QIP_OK);
	apply(db, false, &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.v[0].event, QIP_CHECK_RESOLVED);
	assert_string_equal(s.text[0], "qip check: it has an active owner again");
}

static void apply_since(struct qip_db *db, bool dry, struct qip_check_mark *m, struct seen *s)
{
	memset(s, 0, sizeof *s);
	struct qip_diags d;
	qip_diags_init(&d, NULL);
	if (qip_check_apply_since(db, dry, m, record, s, &d))
		fail_msg("check: %s", qip_db_error(db));
	qip_diags_free(&d);
}

static void same_items(const struct seen *a, const struct seen *b)
{
	assert_int_equal(a->n, b->n);
	for (int i = 0; i < a->n && i < 16; i++) {
		assert_int_equal(a->v[i].event, b->v[i].event);
		assert_string_equal(a->v[i].ref, b->v[i].ref);
		assert_int_equal(a->v[i].rule, b->v[i].rule);
		assert_int_equal(a->v[i].from_level, b->v[i].from_level);
		assert_int_equal(a->v[i].level, b->v[i].level);
		assert_string_equal(a->text[i], b->text[i]);
		assert_string_equal(a->who[i], b->who[i]);
	}
}

/* The TUI applies the rules after each change to the actions changed
 * since its last run: that must do what a full run does. */
static void a_run_since_the_last_does_what_a_full_run_does(void **state)
{
	struct qip_db *db = *state;
	char late[QIP_REF_LEN], unowned[QIP_REF_LEN], quiet[QIP_REF_LEN], fresh[QIP_REF_LEN];
	on(db, "2026-02-10");
	add(db, "Fridge temperatures recorded daily", "Tom Reed", "2026-02-20", late);
	add(db, "Hydration charts totalled daily", NULL, "2026-05-01", unowned);
	add(db, "Falls reviewed within a day", "Tom Reed", "2026-04-01", quiet);
	on(db, "2026-03-02");
	struct qip_check_mark mark = { 0 };
	struct seen incremental, full;
	apply_since(db, false, &mark, &incremental);   /* no mark yet: every action */
	assert_true(mark.valid);
	assert_int_equal(incremental.n, 2);
	apply_since(db, false, &mark, &incremental);   /* nothing changed: nothing to do */
	assert_int_equal(incremental.n, 0);

	/* One fixed, one owned again, one new and unowned, evidence on another. */
	assert_int_equal(qip_action_extend(db, late, "2026-04-30", "fridge replaced"), QIP_OK);
	assert_int_equal(qip_action_assign(db, unowned, "Tom Reed"), QIP_OK);
	add(db, "Call bells answered in two minutes", NULL, "2026-06-01", fresh);
	struct qip_evidence_new ev = { .kind = "activity", .category = "staff", .note = "falls huddle held" };
	assert_int_equal(qip_evidence_add(db, quiet, &ev, NULL), QIP_OK);

	apply_since(db, true, &mark, &incremental);
	apply(db, true, &full);
	assert_int_equal(full.n, 3);
	same_items(&incremental, &full);
	apply_since(db, false, &mark, &incremental);
	same_items(&incremental, &full);
	apply(db, false, &full);   /* the run since the last left nothing for a full one */
	assert_int_equal(full.n, 0);

	/* A new day makes actions no one touched overdue (one, two reviews):
	 * all are checked. */
	on(db, "2026-04-05");
	apply_since(db, true, &mark, &incremental);
	apply(db, true, &full);
	assert_int_equal(full.n, 3);
	same_items(&incremental, &full);
}

/* The mark every run stores: a screen that starts after the nightly
 * qip check (or another user's screen) applies the rules only to what
 * changed since, with the same result as a full run; a new day, all. */
static void a_new_screen_starts_where_the_last_run_left_off(void **state)
{
	struct qip_db *db = *state;
	char late[QIP_REF_LEN], unowned[QIP_REF_LEN], quiet[QIP_REF_LEN];
	on(db, "2026-02-10");
	add(db, "Fridge temperatures recorded daily", "Tom Reed", "2026-02-20", late);
	add(db, "Hydration charts totalled daily", NULL, "2026-05-01", unowned);
	add(db, "Falls reviewed within a day", "Tom Reed", "2026-04-01", quiet);
	on(db, "2026-03-02");
	struct seen s, full;
	apply(db, false, &s);   /* the nightly qip check */
	assert_int_equal(s.n, 2);
	assert_int_equal(qip_action_extend(db, late, "2026-04-30", "fridge replaced"), QIP_OK);

	struct qip_check_mark fresh = { 0 };   /* a screen that has just started */
	apply(db, true, &full);
	apply_since(db, false, &fresh, &s);
	same_items(&s, &full);
	assert_int_equal(s.n, 1);               /* the fixed one's escalation resolved */
	assert_true(fresh.valid);
	assert_int_equal(fresh.checked, 1);     /* the changed action, not all three */

	on(db, "2026-04-05");
	struct qip_check_mark next = { 0 };
	apply_since(db, false, &next, &s);
	assert_int_equal(next.checked, 3);      /* a new day: every open action */
}

/* The open count the status line shows, kept by triggers, against a count
 * of the rows themselves. */
static int64_t open_by_rows(struct qip_db *db)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT count(*) FROM escalation WHERE resolved_on IS NULL");
	int64_t n = -1;
	assert_non_null(st);
	assert_int_equal(qip_db_scalar(db, st, &n), QIP_OK);
	return n;
}

static void open_count_follows_raise_level_and_resolve(void **state)
{
	struct qip_db *db = *state;
	char late[QIP_REF_LEN], unowned[QIP_REF_LEN];
	int64_t n = -1;
	on(db, "2026-02-10");
	add(db, "Fridge temperatures recorded daily", "Tom Reed", "2026-02-20", late);
	add(db, "Hydration charts totalled daily", NULL, "2026-05-01", unowned);
	on(db, "2026-03-02");
	struct seen s;
	apply(db, false, &s);
	assert_int_equal(s.n, 2);
	assert_int_equal(qip_escalation_count_open(db, &n), QIP_OK);
	assert_int_equal(n, 2);
	assert_int_equal(n, open_by_rows(db));
	assert_int_equal(qip_escalation_raise_level(db, s.v[0].escalation_id, NULL, "needs the NI"), QIP_OK);
	assert_int_equal(qip_escalation_count_open(db, &n), QIP_OK);
	assert_int_equal(n, 2);
	assert_int_equal(qip_escalation_resolve(db, s.v[1].escalation_id, "Owner found"), QIP_OK);
	assert_int_equal(qip_escalation_count_open(db, &n), QIP_OK);
	assert_int_equal(n, 1);
	assert_int_equal(n, open_by_rows(db));
	assert_int_equal(qip_action_extend(db, late, "2026-04-30", "fridge replaced"), QIP_OK);
	apply(db, false, &s);   /* the rule stops holding: resolved by the rules */
	assert_int_equal(qip_escalation_count_open(db, &n), QIP_OK);
	assert_int_equal(n, open_by_rows(db));
}

static void a_persons_decision_stands_until_the_fact_changes(void **state)
{
	struct qip_db *db = *state;
	char ref[QIP_REF_LEN];
	on(db, "2026-02-10");
	add(db, "Call bells in reach", "Tom Reed", "2026-02-27", ref);
	on(db, "2026-03-02");
	struct seen s;
	apply(db, false, &s);
	assert_int_equal(s.n, 1);
	int64_t esc = s.v[0].escalation_id;
	assert_int_equal(qip_escalation_resolve(db, esc, "Agreed: new bells on order"), QIP_OK);
	apply(db, false, &s);   /* still overdue on the same due date: the decision stands */
	assert_int_equal(s.n, 0);
	on(db, "2026-03-13");   /* 14 days: a higher level than the one decided */
	apply(db, false, &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.v[0].event, QIP_CHECK_RAISED);
	assert_int_equal(s.v[0].level, 2);
	/* A hand-raised escalation is a person's to resolve: the check leaves it. */
	char ref2[QIP_REF_LEN];
	add(db, "Body maps for unexplained marks", "Tom Reed", "2026-06-01", ref2);
	assert_int_equal(qip_escalation_raise(db, ref2, 1, "other", NULL, "asked at handover", NULL), QIP_OK);
	apply(db, false, &s);
	assert_int_equal(s.n, 0);
}

static void level_2_left_unresolved_goes_to_the_board(void **state)
{
	struct qip_db *db = *state;
	char ref[QIP_REF_LEN];
	on(db, "2026-02-01");
	add(db, "PRN protocols for every resident", "Tom Reed", "2026-06-01", ref);
	assert_int_equal(qip_action_extend(db, ref, "2026-06-15", "GP review late"), QIP_OK);
	assert_int_equal(qip_action_extend(db, ref, "2026-06-30", "pharmacy late"), QIP_OK);
	struct seen s;
	apply(db, false, &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.v[0].rule, QIP_RULE_EXTENDED);
	assert_int_equal(s.v[0].level, 2);
	on(db, "2026-02-14");
	apply(db, false, &s);
	assert_int_equal(s.n, 0);
	on(db, "2026-02-15");
	apply(db, false, &s);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.v[0].event, QIP_CHECK_LEVEL_UP);
	assert_int_equal(s.v[0].rule, QIP_RULE_LEVEL2_UNRESOLVED);
	assert_int_equal(s.v[0].level, 3);
	assert_string_equal(s.who[0], "Bob Board");
	apply(db, false, &s);
	assert_int_equal(s.n, 0);
}

static void only_the_assignee_acknowledges_once(void **state)
{
	struct qip_db *db = *state;
	char ref[QIP_REF_LEN];
	add(db, "Fire doors not wedged", NULL, "2026-05-01", ref);
	struct seen s;
	apply(db, false, &s);
	assert_int_equal(s.n, 1);
	int64_t esc = s.v[0].escalation_id;
	assert_int_equal(qip_escalation_acknowledge(db, esc), QIP_EREFUSED);   /* the admin: not theirs */
	assert_non_null(strstr(qip_db_error(db), "assigned to Sarah Jones"));
	int64_t sarah = fixture_int(db, "SELECT id FROM person WHERE name = 'Sarah Jones'");
	qip_db_set_actor(db, sarah);
	assert_int_equal(qip_escalation_acknowledge(db, esc), QIP_OK);
	assert_int_equal(qip_escalation_acknowledge(db, esc), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "already acknowledged by Sarah Jones on 2026-03-02"));
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM history WHERE entity = 'escalation'"
				     " AND field = 'acknowledged' AND new = '2026-03-02 by Sarah Jones'"), 1);
}

static void imported_settings_win_and_bad_files_import_nothing(void **state)
{
	struct qip_db *db = *state;
	char path[200];
	snprintf(path, sizeof path, "%s/in.yaml", F.dir);
	FILE *f = fopen(path, "w");
	fputs("escalation:\n  stale-days: 45\n", f);
	fclose(f);
	struct qip_diags d;
	qip_diags_init(&d, path);
	assert_int_equal(qip_settings_import(db, path, &d), QIP_OK);
	struct qip_settings s;
	assert_int_equal(qip_settings_load(db, &s, &d), QIP_OK);
	assert_int_equal(s.value[QIP_SET_STALE_DAYS], 45);
	assert_int_equal(s.source[QIP_SET_STALE_DAYS], QIP_FROM_DATABASE);
	qip_settings_clear(&s);
	f = fopen(path, "w");
	fputs("escalation:\n  stale-days: 20\n  overdue-days: many\n", f);
	fclose(f);
	assert_int_equal(qip_settings_import(db, path, &d), QIP_EINVAL);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 3);
	assert_int_equal(qip_settings_load(db, &s, &d), QIP_OK);
	assert_int_equal(s.value[QIP_SET_STALE_DAYS], 45);
	qip_settings_clear(&s);
	qip_diags_free(&d);
}

int main(void)
{
	/* One group: TAP allows one plan. */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(healthy_action_asks_nothing),
		cmocka_unit_test(overdue_at_its_boundary_days),
		cmocka_unit_test(unowned_at_once),
		cmocka_unit_test(extended_and_repeat_finding_go_to_level_2),
		cmocka_unit_test(review_overdue_target_not_met_stale_missed_audit),
		cmocka_unit_test(level_2_unresolved_for_14_days_goes_to_the_board),
		cmocka_unit_test(top_rule_is_the_highest_level_then_the_first),
		cmocka_unit_test(settings_file_changes_thresholds),
		cmocka_unit_test(settings_file_problems_at_their_positions),
		cmocka_unit_test_setup_teardown(apply_is_idempotent_raises_levels_and_resolves, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(reassigning_resolves_unowned, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(a_run_since_the_last_does_what_a_full_run_does, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(a_new_screen_starts_where_the_last_run_left_off, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(open_count_follows_raise_level_and_resolve, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(a_persons_decision_stands_until_the_fact_changes, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(level_2_left_unresolved_goes_to_the_board, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(only_the_assignee_acknowledges_once, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(imported_settings_win_and_bad_files_import_nothing, db_setup, db_teardown),
		cmocka_unit_test(monitoring_cycles_at_their_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
