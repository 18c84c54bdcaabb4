/* The rules are pure: facts and a day in, flags and reasons out. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "qip/rules.h"
#include "qip/vocab.h"

static qip_date D(const char *s)
{
	qip_date d = QIP_NO_DATE;
	assert_true(qip_date_parse_iso(s, &d));
	return d;
}

/* A healthy open action on 2026-03-02: owned, due in a month, reviewed,
 * recent outcome evidence from two categories that meets its target. */
static struct qip_action_facts healthy(void)
{
	return (struct qip_action_facts){
		.status = QIP_STATUS_IN_PROGRESS, .due = D("2026-04-01"), .next_review = D("2026-03-10"),
		.created = D("2026-01-05"), .has_owner = true, .owner_active = true,
		.evidence_count = 3, .outcome_count = 1,
		.category_mask = (1u << QIP_CAT_OBSERVATION) | (1u << QIP_CAT_OUTCOMES),
		.last_evidence = D("2026-02-20"), .has_target = true, .target = 95,
		.direction = QIP_DIR_AT_LEAST, .has_latest_value = true, .latest_value = 96,
		.cadence = QIP_CAD_MONTHLY, .monitor_until = QIP_NO_DATE, .closed = QIP_NO_DATE,
	};
}

/* Its readings, latest first (96 % matches healthy()'s latest value). */
static const struct qip_reading healthy_readings[] = {
	{ 0, 96 }, { 0, 97 }, { 0, 95 }, { 0, 90 }, { 0, 98 },
};

/* The closure facts of healthy(): readings a week apart up to 2026-02-27,
 * outcome evidence of two categories, a quality lead who does not own it. */
static struct qip_closure_facts confirmed(struct qip_reading r[5])
{
	for (int i = 0; i < 5; i++)
		r[i] = (struct qip_reading){ D("2026-02-27") - 7 * i, healthy_readings[i].value };
	return (struct qip_closure_facts){
		.readings = r, .reading_count = 5,
		.outcome_category_mask = (1u << QIP_CAT_OBSERVATION) | (1u << QIP_CAT_PROCESSES),
		.reviewer = "Ruth Adeyemi", .reviewer_role = "quality-lead",
	};
}

#define TODAY D("2026-03-02")

static void healthy_action_has_no_flags(void **state)
{
	struct qip_action_facts a = healthy();
	assert_int_equal(qip_rules_flags(&a, TODAY), 0);
}

static void overdue_and_due_soon(void **state)
{
	struct qip_action_facts a = healthy();
	a.due = D("2026-03-01");
	assert_int_equal(qip_rules_flags(&a, TODAY), QIP_FLAG_OVERDUE);
	a.due = TODAY;   /* due today is not yet overdue */
	assert_int_equal(qip_rules_flags(&a, TODAY), QIP_FLAG_DUE_SOON);
	a.due = D("2026-03-09");
	assert_int_equal(qip_rules_flags(&a, TODAY), QIP_FLAG_DUE_SOON);
	a.due = D("2026-03-10");
	assert_int_equal(qip_rules_flags(&a, TODAY), 0);
	a.due = QIP_NO_DATE;
	assert_int_equal(qip_rules_flags(&a, TODAY), 0);
}

static void unowned_when_no_owner_or_owner_left(void **state)
{
	struct qip_action_facts a = healthy();
	a.has_owner = false;
	a.owner_active = false;
	assert_int_equal(qip_rules_flags(&a, TODAY), QIP_FLAG_UNOWNED);
	a.has_owner = true;   /* named, but has left the organisation */
	assert_int_equal(qip_rules_flags(&a, TODAY), QIP_FLAG_UNOWNED);
}

static void review_overdue_and_stale(void **state)
{
	struct qip_action_facts a = healthy();
	a.next_review = D("2026-03-01");
	assert_int_equal(qip_rules_flags(&a, TODAY), QIP_FLAG_REVIEW_OVERDUE);
	a = healthy();
	a.last_evidence = D("2026-01-31");   /* 30 days: not yet stale */
	assert_int_equal(qip_rules_flags(&a, TODAY), 0);
	a.last_evidence = D("2026-01-30");   /* 31 days */
	assert_int_equal(qip_rules_flags(&a, TODAY), QIP_FLAG_STALE);
	/* Without evidence, an action is stale 30 days after it was created. */
	a = healthy();
	a.evidence_count = a.outcome_count = 0;
	a.category_mask = 0;
	a.has_latest_value = false;
	a.last_evidence = QIP_NO_DATE;
	a.created = D("2026-02-20");
	assert_int_equal(qip_rules_flags(&a, TODAY), QIP_FLAG_NO_OUTCOME);
	a.created = D("2026-01-01");
	assert_int_equal(qip_rules_flags(&a, TODAY), QIP_FLAG_NO_OUTCOME | QIP_FLAG_STALE);
}

static void evidence_quality_flags(void **state)
{
	/* Seed 000: training attendance alone (activity) proves nothing. */
	struct qip_action_facts a = healthy();
	a.outcome_count = 0;
	a.has_latest_value = false;
	a.category_mask = 1u << QIP_CAT_STAFF;
	assert_int_equal(qip_rules_flags(&a, TODAY), QIP_FLAG_NO_OUTCOME | QIP_FLAG_SINGLE_CATEGORY);
	a = healthy();
	a.latest_value = 87;   /* "87% against a 95% target" */
	assert_int_equal(qip_rules_flags(&a, TODAY), QIP_FLAG_TARGET_NOT_MET);
	/* Falls should fall: at-most targets flip the comparison. */
	a.direction = QIP_DIR_AT_MOST;
	a.target = 4;
	a.latest_value = 6;
	assert_int_equal(qip_rules_flags(&a, TODAY), QIP_FLAG_TARGET_NOT_MET);
	a.latest_value = 4;
	assert_int_equal(qip_rules_flags(&a, TODAY), 0);
	a = healthy();
	a.extensions = 1;
	assert_int_equal(qip_rules_flags(&a, TODAY), 0);
	a.extensions = 2;
	assert_int_equal(qip_rules_flags(&a, TODAY), QIP_FLAG_EXTENDED);
}

static void closed_actions_carry_no_flags(void **state)
{
	struct qip_action_facts a = healthy();
	a.status = QIP_STATUS_CLOSED;
	a.due = D("2025-01-01");
	a.has_owner = false;
	assert_int_equal(qip_rules_flags(&a, TODAY), 0);
}

static void closure_check_lists_every_reason(void **state)
{
	struct qip_reading r[5];
	struct qip_closure_facts c = confirmed(r);
	struct qip_action_facts a = healthy();
	assert_int_equal(qip_rules_closure(&a, &c, TODAY), 0);
	/* Seed 004: "marked complete because a request was raised". */
	a.outcome_count = 0;
	a.has_latest_value = false;
	a.has_owner = false;
	a.open_escalations = 1;
	assert_int_equal(qip_rules_closure(&a, &c, TODAY),
			 QIP_CLOSE_UNOWNED | QIP_CLOSE_NO_OUTCOME | QIP_CLOSE_OPEN_ESCALATION);
	a = healthy();
	a.latest_value = 90;
	assert_int_equal(qip_rules_closure(&a, &c, TODAY), QIP_CLOSE_TARGET_NOT_MET);
	a = healthy();
	a.has_latest_value = false;
	assert_int_equal(qip_rules_closure(&a, &c, TODAY), QIP_CLOSE_NO_VALUE);
	a = healthy();
	a.has_target = false;
	assert_int_equal(qip_rules_closure(&a, &c, TODAY), QIP_CLOSE_NO_TARGET);
	a = healthy();
	a.status = QIP_STATUS_CLOSED;
	assert_int_equal(qip_rules_closure(&a, &c, TODAY), QIP_CLOSE_ALREADY_CLOSED);
	a.status = QIP_STATUS_MONITORING;   /* a confirmed closure being watched */
	assert_int_equal(qip_rules_closure(&a, &c, TODAY), QIP_CLOSE_ALREADY_CLOSED);
	for (int i = 0; i < QIP_CLOSE_COUNT; i++)
		assert_string_not_equal(qip_closure_text(i), "?");
}

/* The refusal names the numbers a manager must beat, exactly as typed. */
static void closure_reason_names_the_numbers(void **state)
{
	char buf[300];
	struct qip_reading r[5];
	struct qip_closure_facts c = confirmed(r);
	int target_not_met = __builtin_ctz(QIP_CLOSE_TARGET_NOT_MET);
	struct qip_action_facts a = healthy();
	a.latest_value = 84;
	assert_string_equal(qip_closure_describe(target_not_met, &a, &c, TODAY, "%", buf, sizeof buf),
			    "the latest measured outcome, 84 %, is short of the target, 95 %");
	a.latest_value = 87.25;
	a.target = 95.5;
	assert_string_equal(qip_closure_describe(target_not_met, &a, &c, TODAY, "", buf, sizeof buf),
			    "the latest measured outcome, 87.25, is short of the target, 95.5");
	a.direction = QIP_DIR_AT_MOST;
	a.latest_value = 12;
	a.target = 5;
	assert_string_equal(qip_closure_describe(target_not_met, &a, &c, TODAY, "falls", buf, sizeof buf),
			    "the latest measured outcome, 12 falls, is above the target, at most 5 falls");
	/* Reasons without numbers read as the general text. */
	int no_owner = __builtin_ctz(QIP_CLOSE_UNOWNED);
	assert_string_equal(qip_closure_describe(no_owner, &a, &c, TODAY, "%", buf, sizeof buf), qip_closure_text(no_owner));
}

/* Seed 003: "95 % at the weekly audit for six consecutive weeks". The
 * readings are 96, 97, 95, 90, 98 latest first: three at target, then a
 * break, so three is the count whatever comes before the break. */
static void sustained_count_at_its_boundary(void **state)
{
	char buf[300];
	int not_sustained = __builtin_ctz(QIP_CLOSE_NOT_SUSTAINED);
	struct qip_reading r[5];
	struct qip_closure_facts c = confirmed(r);
	struct qip_action_facts a = healthy();
	assert_true(qip_sustain_parse("3-readings", &c.sustain));
	assert_int_equal(qip_rules_closure(&a, &c, TODAY), 0);
	assert_true(qip_sustain_parse("4-readings", &c.sustain));
	assert_int_equal(qip_rules_closure(&a, &c, TODAY), QIP_CLOSE_NOT_SUSTAINED);
	assert_true(qip_sustain_parse("6 readings", &c.sustain));
	assert_string_equal(qip_closure_describe(not_sustained, &a, &c, TODAY, "%", buf, sizeof buf),
			    "3 consecutive readings at target, 6 needed");
	/* A period: at target since 2026-02-13 (the oldest of the run), 17
	 * days before today; 17 days pass, 18 do not. */
	assert_true(qip_sustain_parse("17d", &c.sustain));
	assert_int_equal(qip_rules_closure(&a, &c, TODAY), 0);
	assert_true(qip_sustain_parse("18d", &c.sustain));
	assert_int_equal(qip_rules_closure(&a, &c, TODAY), QIP_CLOSE_NOT_SUSTAINED);
	assert_true(qip_sustain_parse("3m", &c.sustain));
	assert_string_equal(qip_closure_describe(not_sustained, &a, &c, TODAY, "%", buf, sizeof buf),
			    "at target since 2026-02-13 (17 days), 3 months at target needed");
	/* A latest reading below target is that reason, not this one. */
	r[0].value = 80;
	a.latest_value = 80;
	assert_int_equal(qip_rules_closure(&a, &c, TODAY), QIP_CLOSE_TARGET_NOT_MET);
	/* No sustain given: the latest reading at target is enough. */
	struct qip_sustain none;
	assert_true(qip_sustain_parse("", &none));
	assert_int_equal(none.unit, QIP_SUSTAIN_NONE);
	for (const char *const *bad = (const char *const[]){ "6", "-3m", "0-readings", "3y", "m", NULL }; *bad; bad++)
		assert_false(qip_sustain_parse(*bad, &none));
	char text[32];
	assert_true(qip_sustain_parse("12w", &none));
	assert_string_equal(qip_sustain_format(&none, text, sizeof text), "12w");
}

/* Triangulation counts outcome evidence; the reviewer may confirm, is not
 * the owner; each reason alone, with its words. */
static void closure_refusals_one_by_one(void **state)
{
	char buf[300];
	struct qip_reading r[5];
	struct qip_action_facts a = healthy();
	struct qip_closure_facts c = confirmed(r);
	c.outcome_category_mask = 1u << QIP_CAT_PROCESSES;   /* a training record beside it does not count */
	assert_int_equal(qip_rules_closure(&a, &c, TODAY), QIP_CLOSE_ONE_SOURCE);
	assert_string_equal(qip_closure_describe(__builtin_ctz(QIP_CLOSE_ONE_SOURCE), &a, &c, TODAY, "%", buf, sizeof buf),
			    "all outcome evidence is from one category (processes): add outcome evidence of another"
			    " category, or the reviewer records why one source is enough");
	c.one_source_reason = true;
	assert_int_equal(qip_rules_closure(&a, &c, TODAY), 0);
	c = confirmed(r);
	c.reviewer = NULL;
	assert_int_equal(qip_rules_closure(&a, &c, TODAY), QIP_CLOSE_NO_REVIEWER);
	c = confirmed(r);
	c.reviewer_is_owner = true;
	assert_int_equal(qip_rules_closure(&a, &c, TODAY), QIP_CLOSE_REVIEWER_IS_OWNER);
	c = confirmed(r);
	c.reviewer = "Grace Whitfield";
	c.reviewer_role = "senior-carer";
	assert_int_equal(qip_rules_closure(&a, &c, TODAY), QIP_CLOSE_REVIEWER_ROLE);
	assert_string_equal(qip_closure_describe(__builtin_ctz(QIP_CLOSE_REVIEWER_ROLE), &a, &c, TODAY, "%", buf, sizeof buf),
			    "the reviewer, Grace Whitfield (senior-carer), is not in a role that may confirm closure"
			    " (registered manager, quality lead, nominated individual)");
	assert_true(qip_rules_may_confirm("registered-manager"));
	assert_true(qip_rules_may_confirm("nominated-individual"));
	assert_false(qip_rules_may_confirm("board-member"));
}

/* Stale by cadence (domain rule 8): a quarterly board action is not
 * stale at 31 days; each cadence at its boundary day. */
static void stale_by_cadence_at_its_boundary(void **state)
{
	static const struct { int cadence, days; } cases[] = {
		{ QIP_CAD_DAILY, QIP_STALE_DAYS_SHORT }, { QIP_CAD_WEEKLY, QIP_STALE_DAYS_SHORT },
		{ QIP_CAD_FORTNIGHTLY, QIP_STALE_DAYS_FORTNIGHTLY }, { QIP_CAD_MONTHLY, QIP_STALE_DAYS },
		{ QIP_CAD_QUARTERLY, QIP_STALE_DAYS_QUARTERLY },
	};
	assert_int_equal(qip_rules_stale_days(QIP_CAD_QUARTERLY), 91);
	assert_int_equal(qip_rules_stale_days(QIP_CAD_WEEKLY), 7);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct qip_action_facts a = healthy();
		a.cadence = cases[i].cadence;
		a.next_review = QIP_NO_DATE;
		a.last_evidence = TODAY - cases[i].days;
		assert_int_equal(qip_rules_flags(&a, TODAY), 0);
		a.last_evidence = TODAY - cases[i].days - 1;
		assert_int_equal(qip_rules_flags(&a, TODAY), QIP_FLAG_STALE);
	}
	struct qip_action_facts a = healthy();
	a.cadence = QIP_CAD_QUARTERLY;
	a.last_evidence = TODAY - 31;
	assert_int_equal(qip_rules_flags(&a, TODAY) & QIP_FLAG_STALE, 0);
}

/* Monitoring after closure: two cycles of the cadence; a fall below
 * target is a fall on any day of it; the day after the window with no
 * fall, sustained. A monitoring action is not overdue: closing met it. */
static void monitoring_window(void **state)
{
	struct qip_action_facts a = healthy();
	a.status = QIP_STATUS_MONITORING;
	a.monitor_until = qip_rules_monitor_until(QIP_CAD_MONTHLY, D("2026-01-15"), 2);
	assert_int_equal(a.monitor_until, D("2026-03-15"));
	assert_int_equal(qip_rules_monitor_until(QIP_CAD_WEEKLY, D("2026-01-15"), 2), D("2026-01-29"));
	assert_int_equal(qip_rules_monitoring(&a, D("2026-03-15")), QIP_MONITOR_WATCHING);
	assert_int_equal(qip_rules_monitoring(&a, D("2026-03-16")), QIP_MONITOR_SUSTAINED);
	a.latest_value = 94;
	assert_int_equal(qip_rules_monitoring(&a, D("2026-02-01")), QIP_MONITOR_FELL);
	assert_int_equal(qip_rules_monitoring(&a, D("2026-03-16")), QIP_MONITOR_FELL);
	/* Closed by override on 2026-01-15 on a reading short of target: that
	 * reading is no fall; one seen the day after is. */
	a.closed = D("2026-01-15");
	a.last_evidence = D("2026-01-15");
	assert_int_equal(qip_rules_monitoring(&a, D("2026-02-01")), QIP_MONITOR_WATCHING);
	a.last_evidence = D("2026-01-16");
	assert_int_equal(qip_rules_monitoring(&a, D("2026-02-01")), QIP_MONITOR_FELL);
	a.status = QIP_STATUS_IN_PROGRESS;
	assert_int_equal(qip_rules_monitoring(&a, D("2026-02-01")), QIP_MONITOR_NONE);
	a = healthy();
	a.status = QIP_STATUS_MONITORING;
	a.due = D("2026-01-01");
	assert_int_equal(qip_rules_flags(&a, TODAY), 0);
}

/* Forms ask before they open: a closed action is not extended, closed or
 * escalated, and an open escalation is raised, not doubled. */
static void steps_refused_before_the_form(void **state)
{
	char msg[200];
	struct qip_action_facts a = healthy();
	for (int step = QIP_STEP_EXTEND; step <= QIP_STEP_ESCALATE; step++)
		assert_true(qip_rules_step_allowed(step, &a, "QIP-0001", msg, sizeof msg));
	a.status = QIP_STATUS_CLOSED;
	assert_false(qip_rules_step_allowed(QIP_STEP_EXTEND, &a, "QIP-0001", msg, sizeof msg));
	assert_string_equal(msg, "QIP-0001 is closed: reopen it before extending");
	assert_false(qip_rules_step_allowed(QIP_STEP_CLOSE, &a, "QIP-0001", msg, sizeof msg));
	assert_string_equal(msg, "QIP-0001 is already closed");
	assert_false(qip_rules_step_allowed(QIP_STEP_ESCALATE, &a, "QIP-0001", msg, sizeof msg));
	assert_string_equal(msg, "QIP-0001 is closed: reopen it before escalating");
	a = healthy();
	a.open_escalations = 1;
	assert_true(qip_rules_step_allowed(QIP_STEP_EXTEND, &a, "QIP-0001", msg, sizeof msg));
	assert_false(qip_rules_step_allowed(QIP_STEP_ESCALATE, &a, "QIP-0001", msg, sizeof msg));
	assert_non_null(strstr(msg, "already has an open escalation"));
}

static void flag_names(void **state)
{
	char buf[200];
	assert_string_equal(qip_flags_format(QIP_FLAG_OVERDUE | QIP_FLAG_UNOWNED, buf, sizeof buf), "overdue,unowned");
	assert_string_equal(qip_flags_format(0, buf, sizeof buf), "");
	assert_string_equal(qip_flags_letters(QIP_FLAG_OVERDUE | QIP_FLAG_STALE, buf, sizeof buf), "OS");
	for (int i = 0; i < QIP_FLAG_COUNT; i++)
		assert_int_equal(qip_flag_parse(qip_flag_name(i)), 1u << i);
	assert_int_equal(qip_flag_parse("nonsense"), 0);
	assert_int_equal(qip_flag_parse(NULL), 0);
}

static void risk(void **state)
{
	assert_int_equal(qip_risk_score(4, 3), 12);
	assert_string_equal(qip_risk_band(12), "high");
	assert_string_equal(qip_risk_band(25), "extreme");
	assert_string_equal(qip_risk_band(4), "low");
	assert_int_equal(qip_risk_score(0, 3), 0);
	assert_int_equal(qip_risk_score(6, 3), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(healthy_action_has_no_flags),
		cmocka_unit_test(overdue_and_due_soon),
		cmocka_unit_test(unowned_when_no_owner_or_owner_left),
		cmocka_unit_test(review_overdue_and_stale),
		cmocka_unit_test(evidence_quality_flags),
		cmocka_unit_test(closed_actions_carry_no_flags),
		cmocka_unit_test(closure_check_lists_every_reason),
		cmocka_unit_test(closure_reason_names_the_numbers),
		cmocka_unit_test(sustained_count_at_its_boundary),
		cmocka_unit_test(closure_refusals_one_by_one),
		cmocka_unit_test(stale_by_cadence_at_its_boundary),
		cmocka_unit_test(monitoring_window),
		cmocka_unit_test(steps_refused_before_the_form),
		cmocka_unit_test(flag_names),
		cmocka_unit_test(risk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
