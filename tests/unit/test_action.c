/* Actions, evidence, people and escalations through the core API. */
#include "fixture.h"

#include "qip/action.h"
#include "qip/escalation.h"
#include "qip/evidence.h"
#include "qip/framework.h"
#include "qip/history.h"
#include "qip/paths.h"
#include "qip/service.h"
#include "qip/settings.h"
#include "qip/vocab.h"

static struct fixture F;

static int setup(void **state)
{
	struct qip_db *db = fixture_open(&F);
	assert_int_equal(qip_service_add(db, "Oakfield House", "care-home", NULL), QIP_OK);
	struct qip_person_new p = { .name = "Sarah Jones", .role = "Registered Manager", .login = "sjones", .service = "Oakfield House" };
	assert_int_equal(qip_person_add(db, &p, NULL), QIP_OK);
	p = (struct qip_person_new){ .name = "Zo\xc3\xab Okafor", .role = "medicines-lead" };
	assert_int_equal(qip_person_add(db, &p, NULL), QIP_OK);
	p = (struct qip_person_new){ .name = "Tom Reed", .role = "senior carer" };
	assert_int_equal(qip_person_add(db, &p, NULL), QIP_OK);
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	fixture_close(&F);
	return 0;
}

static const char *add(struct qip_db *db, const char *title, const char *owner, const char *due,
		       const char *target)
{
	static char ref[QIP_REF_LEN];
	struct qip_action_input in = { 0 };
	in.field[QIP_AF_TITLE] = title;
	in.field[QIP_AF_OWNER] = owner;
	in.field[QIP_AF_DUE] = due;
	in.field[QIP_AF_TARGET] = target;
	int rc = qip_action_add(db, &in, ref);
	if (rc)
		fail_msg("add %s: %s", title, qip_db_error(db));
	return ref;
}

static void add_with_every_field_and_read_back(void **state)
{
	struct qip_db *db = *state;
	struct qip_action_input in = { 0 };
	in.field[QIP_AF_TITLE] = "MAR charts signed with no gaps";
	in.field[QIP_AF_SERVICE] = "oakfield house";
	in.field[QIP_AF_OWNER] = "sjones";
	in.field[QIP_AF_SUPPORTERS] = "Zo\xc3\xab Okafor, Tom";
	in.field[QIP_AF_DUE] = "2026-04-27";
	in.field[QIP_AF_BASELINE] = "MAR audit January: 14 gaps in 10 charts (72%)";
	in.field[QIP_AF_OUTCOME] = "95% of MAR charts complete at weekly audit for eight weeks";
	in.field[QIP_AF_TARGET] = "95%";
	in.field[QIP_AF_TARGET_DATE] = "+8w";
	in.field[QIP_AF_CADENCE] = "weekly";
	in.field[QIP_AF_EVIDENCE_REQUIRED] = "Weekly MAR audit scores; supervision notes";
	in.field[QIP_AF_AREA] = "Medicines";
	in.field[QIP_AF_KEY_QUESTION] = "safe";
	in.field[QIP_AF_STATEMENTS] = "medicines-optimisation";
	in.field[QIP_AF_RISK] = "4x3";
	in.field[QIP_AF_SOURCE] = "inspection";
	char ref[QIP_REF_LEN];
	assert_int_equal(qip_action_add(db, &in, ref), QIP_OK);
	struct qip_action a = { 0 };
	assert_int_equal(qip_action_get(db, "1", &a), QIP_OK);
	assert_string_equal(a.ref, ref);
	assert_string_equal(a.service, "Oakfield House");
	assert_string_equal(a.owner, "Sarah Jones");
	assert_non_null(strstr(a.supporters, "Tom Reed"));
	assert_non_null(strstr(a.supporters, "Zo\xc3\xab Okafor"));
	assert_true(a.has_target);
	assert_true(a.target == 95.0);
	assert_string_equal(a.unit, "%");
	assert_string_equal(a.area, "medicines");
	assert_int_equal(a.cadence, QIP_CAD_WEEKLY);
	assert_int_equal(a.key_question, QIP_KQ_SAFE);
	assert_int_equal(a.likelihood * a.impact, 12);
	assert_int_equal(a.source, QIP_SRC_INSPECTION);
	assert_int_equal(a.status, QIP_STATUS_OPEN);
	char buf[QIP_DATE_LEN];
	assert_string_equal(qip_date_format(a.next_review, buf), "2026-03-09");   /* today + a week */
	assert_string_equal(qip_date_format(a.target_date, buf), "2026-04-27");
	assert_string_equal(a.statements, "medicines-optimisation");
	/* New: no outcome evidence yet. */
	assert_int_equal(a.flags, QIP_FLAG_NO_OUTCOME);
	qip_action_clear(&a);
}

static void bad_input_names_the_value(void **state)
{
	struct qip_db *db = *state;
	struct { int field; const char *value; const char *expect; } cases[] = {
		{ QIP_AF_DUE, "2026-02-30", "'2026-02-30' is not a date" },
		{ QIP_AF_OWNER, "Nobody Here", "unknown active person 'Nobody Here'" },
		{ QIP_AF_SERVICE, "Elm Lodge", "unknown service 'Elm Lodge'" },
		{ QIP_AF_TARGET, "ninety", "target 'ninety' is not a number" },
		{ QIP_AF_RISK, "6x2", "risk '6x2'" },
		{ QIP_AF_CADENCE, "montly", "did you mean monthly" },
		{ QIP_AF_KEY_QUESTION, "safety", "did you mean safe" },
		{ QIP_AF_STATUS, "closed", "use close" },
		{ QIP_AF_TITLE, "   ", "title must not be empty" },
		{ QIP_AF_TITLE, "title with \x1b[31m escape", "control characters" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct qip_action_input in = { 0 };
		in.field[QIP_AF_TITLE] = "Valid title";
		in.field[cases[i].field] = cases[i].value;
		char ref[QIP_REF_LEN];
		int rc = qip_action_add(db, &in, ref);
		assert_int_equal(rc, QIP_EINVAL);
		if (!strstr(qip_db_error(db), cases[i].expect))
			fail_msg("case %zu: message '%s' lacks '%s'", i, qip_db_error(db), cases[i].expect);
		char msg[300];
		assert_int_equal(qip_action_check_field(db, cases[i].field, cases[i].value, msg, sizeof msg), QIP_EINVAL);
	}
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM action"), 0);
	char ref[QIP_REF_LEN];
	/* Limits count characters, not bytes: 300 three-byte characters fit. */
	char wide[1000] = "";
	for (int i = 0; i < 300; i++)
		strcat(wide, "\xe7\x8e\x8b");
	struct qip_action_input cjk = { 0 };
	cjk.field[QIP_AF_TITLE] = wide;
	assert_int_equal(qip_action_add(db, &cjk, ref), QIP_OK);
	strcat(wide, "\xe7\x8e\x8b");
	assert_int_equal(qip_action_add(db, &cjk, ref), QIP_EINVAL);
	assert_non_null(strstr(qip_db_error(db), "at most 300 characters"));
	sqlite3_exec(qip_db_handle(db), "DELETE FROM action_fts; DELETE FROM history; DELETE FROM action", NULL, NULL, NULL);
	struct qip_action_input none = { 0 };
	assert_int_equal(qip_action_add(db, &none, ref), QIP_EINVAL);
	assert_int_equal(qip_action_get(db, "QIP-0999", &(struct qip_action){ 0 }), QIP_ENOTFOUND);
	assert_non_null(strstr(qip_db_error(db), "QIP-0999"));
}

static void refs_count_up_and_resolve_loosely(void **state)
{
	struct qip_db *db = *state;
	assert_string_equal(add(db, "One", NULL, NULL, NULL), "QIP-0001");
	assert_string_equal(add(db, "Two", NULL, NULL, NULL), "QIP-0002");
	int64_t id;
	assert_int_equal(qip_action_resolve(db, "qip-2", &id), QIP_OK);
	assert_int_equal(qip_action_resolve(db, "2", &id), QIP_OK);
	assert_int_equal(qip_action_resolve(db, "QIP-0002", &id), QIP_OK);
	assert_int_equal(qip_action_resolve(db, "QIP-00x2", &id), QIP_ENOTFOUND);
}

/* A closure confirmed by reviewer (NULL: the person acting). */
static int close_by(struct qip_db *db, const char *ref, const char *reason, const char *reviewer)
{
	return qip_action_close(db, ref, &(struct qip_closure_request){ .reason = reason, .reviewer = reviewer });
}

/* The first column of the first row of sql, malloc'd ("" for none). */
static char *fixture_text(struct qip_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(qip_db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
	char *out = strdup(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)
			   ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
	return out;
}

static void add_quality_lead(struct qip_db *db)
{
	struct qip_person_new p = { .name = "Ruth Adeyemi", .role = "quality-lead" };
	assert_int_equal(qip_person_add(db, &p, NULL), QIP_OK);
}

static void close_is_refused_until_outcome_meets_target(void **state)
{
	struct qip_db *db = *state;
	add_quality_lead(db);
	char ref[QIP_REF_LEN];
	snprintf(ref, sizeof ref, "%s", add(db, "Fluid charts totalled and signed daily", NULL, "+30", "95"));
	/* Unowned, no outcome, nobody confirming: every reason is given at once. */
	assert_int_equal(close_by(db, ref, "Done", NULL), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "no accountable owner"));
	assert_non_null(strstr(qip_db_error(db), "no outcome evidence"));
	assert_int_equal(close_by(db, ref, "", "Ruth"), QIP_EINVAL);   /* a reason is required */
	assert_int_equal(qip_action_assign(db, ref, "Sarah"), QIP_OK);
	struct qip_evidence_new training = { .kind = "activity", .category = "staff", .note = "Hydration training: 18 of 20 staff" };
	assert_int_equal(qip_evidence_add(db, ref, &training, NULL), QIP_OK);
	assert_int_equal(close_by(db, ref, "Training done", "Ruth"), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "no outcome evidence"));
	struct qip_evidence_new low = { .kind = "outcome", .category = "processes", .note = "Chart audit", .value = "87", .date = "-7" };
	assert_int_equal(qip_evidence_add(db, ref, &low, NULL), QIP_OK);
	assert_int_equal(close_by(db, ref, "Audit", "Ruth"), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "the latest measured outcome, 87, is short of the target, 95"));
	/* One outcome category with a training entry beside it is one source. */
	assert_non_null(strstr(qip_db_error(db), "all outcome evidence is from one category (processes)"));
	int64_t esc;
	assert_int_equal(qip_escalation_raise(db, ref, 2, "weak-evidence", "Sarah", "Still short", &esc), QIP_OK);
	struct qip_evidence_new good = { .kind = "outcome", .category = "observation", .note = "Re-audit", .value = "96" };
	assert_int_equal(qip_evidence_add(db, ref, &good, NULL), QIP_OK);
	assert_int_equal(close_by(db, ref, "Re-audit at 96%", "Ruth"), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "escalation"));
	int64_t pos;
	assert_int_equal(qip_escalation_position(db, esc, &pos), QIP_OK);
	assert_int_equal(pos, 0);
	assert_int_equal(qip_escalation_resolve(db, esc, "Accepted: re-audit shows 96%"), QIP_OK);
	assert_int_equal(qip_escalation_position(db, esc, &pos), QIP_OK);
	assert_int_equal(pos, -1);   /* resolved: no longer in the open list */
	/* The owner does not confirm their own action; a senior carer may not. */
	assert_int_equal(close_by(db, ref, "Re-audit at 96%", "Sarah"), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "the reviewer, Sarah Jones, owns the action"));
	assert_int_equal(close_by(db, ref, "Re-audit at 96%", "Tom"), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "the reviewer, Tom Reed (senior-carer), is not in a role that may confirm"));
	assert_int_equal(close_by(db, ref, "Re-audit at 96% confirmed at governance meeting", "Ruth"), QIP_OK);
	struct qip_action a = { 0 };
	assert_int_equal(qip_action_get(db, ref, &a), QIP_OK);
	/* A confirmed closure is watched for two cycles of its cadence. */
	assert_int_equal(a.status, QIP_STATUS_MONITORING);
	assert_int_equal(a.monitor_until, qip_rules_monitor_until(a.cadence, qip_db_today(db), qip_setting_default(QIP_SET_MONITOR_CYCLES)));
	assert_string_equal(a.closure_reviewer, "Ruth Adeyemi");
	assert_null(a.closure_override);
	assert_int_equal(a.flags, 0);
	qip_action_clear(&a);
	assert_int_equal(close_by(db, ref, "Again", "Ruth"), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "already closed"));
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM review WHERE decision = 'close'"), 1);
	/* Reopen needs a reason and then shows as reopened. */
	assert_int_equal(qip_action_reopen(db, ref, "Re-audit below target within two cycles"), QIP_OK);
	assert_int_equal(qip_action_get(db, ref, &a), QIP_OK);
	assert_int_equal(a.status, QIP_STATUS_REOPENED);
	assert_int_equal(a.monitor_until, QIP_NO_DATE);
	qip_action_clear(&a);
}

/* "95 % at the weekly audit for six consecutive weeks": counted from the
 * latest reading back to the first one short of target. */
static void close_waits_for_the_sustained_count(void **state)
{
	struct qip_db *db = *state;
	add_quality_lead(db);
	struct qip_action_input in = { 0 };
	char ref[QIP_REF_LEN];
	in.field[QIP_AF_TITLE] = "MAR charts complete";
	in.field[QIP_AF_OWNER] = "Sarah";
	in.field[QIP_AF_TARGET] = "95";
	in.field[QIP_AF_SUSTAIN] = "3-readings";
	assert_int_equal(qip_action_add(db, &in, ref), QIP_OK);
	const char *values[] = { "80", "96", "97" };
	for (int i = 0; i < 3; i++) {
		const char *date = (const char *[]){ "-14", "-7", "-1" }[i];
		struct qip_evidence_new e = { .kind = "outcome", .category = i ? "processes" : "observation",
					      .note = "Weekly MAR audit", .value = values[i], .date = date };
		assert_int_equal(qip_evidence_add(db, ref, &e, NULL), QIP_OK);
	}
	assert_int_equal(close_by(db, ref, "Two weeks at target", "Ruth"), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "2 consecutive readings at target, 3 needed"));
	struct qip_evidence_new third = { .kind = "outcome", .category = "processes", .note = "Weekly MAR audit", .value = "95" };
	assert_int_equal(qip_evidence_add(db, ref, &third, NULL), QIP_OK);
	assert_int_equal(close_by(db, ref, "Three weeks at target", "Ruth"), QIP_OK);
	struct qip_action a = { 0 };
	assert_int_equal(qip_action_get(db, ref, &a), QIP_OK);
	assert_int_equal(a.sustain.unit, QIP_SUSTAIN_READINGS);
	assert_int_equal(a.sustain.count, 3);
	qip_action_clear(&a);
	in = (struct qip_action_input){ 0 };
	in.field[QIP_AF_SUSTAIN] = "six weeks";
	assert_int_equal(qip_action_edit(db, ref, &in), QIP_EINVAL);
	assert_non_null(strstr(qip_db_error(db), "--sustain: sustain 'six weeks' must be"));
}

/* An override needs a written reason and a reviewer who may confirm, and
 * is marked on the action and in the history; one source with the
 * reviewer's reason closes without one. */
static void override_is_marked(void **state)
{
	struct qip_db *db = *state;
	add_quality_lead(db);
	char ref[QIP_REF_LEN];
	snprintf(ref, sizeof ref, "%s", add(db, "Night checks recorded", "Sarah", "+30", "95"));
	struct qip_evidence_new e = { .kind = "outcome", .category = "processes", .note = "Audit", .value = "90" };
	assert_int_equal(qip_evidence_add(db, ref, &e, NULL), QIP_OK);
	struct qip_closure_request req = { .reason = "Service closing", .reviewer = "Ruth", .override = "" };
	assert_int_equal(qip_action_close(db, ref, &req), QIP_EINVAL);
	assert_non_null(strstr(qip_db_error(db), "an override needs a written reason"));
	req.override = "The service closes next week; residents moved";
	req.reviewer = "Tom";
	assert_int_equal(qip_action_close(db, ref, &req), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "cannot close, even by override"));
	req.reviewer = "Ruth";
	assert_int_equal(qip_action_close(db, ref, &req), QIP_OK);
	struct qip_action a = { 0 };
	assert_int_equal(qip_action_get(db, ref, &a), QIP_OK);
	assert_string_equal(a.closure_override, "The service closes next week; residents moved");
	qip_action_clear(&a);
	char *reason = fixture_text(db, "SELECT reason FROM review WHERE decision = 'close'");
	assert_non_null(strstr(reason, "OVERRIDE by Ruth Adeyemi: The service closes next week"));
	assert_non_null(strstr(reason, "the latest measured outcome, 90, is short of the target, 95"));
	free(reason);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM history WHERE new LIKE '%OVERRIDE by%'"), 1);

	/* One source, with the reviewer's reason: closes, no override. */
	snprintf(ref, sizeof ref, "%s", add(db, "Fridge temperatures", "Sarah", "+30", "95"));
	e.value = "100";
	assert_int_equal(qip_evidence_add(db, ref, &e, NULL), QIP_OK);
	req = (struct qip_closure_request){ .reason = "All readings", .reviewer = "Ruth" };
	assert_int_equal(qip_action_close(db, ref, &req), QIP_EREFUSED);
	req.one_source_reason = "The fridge log is the only record there is";
	req.override = "not needed";
	assert_int_equal(qip_action_close(db, ref, &req), QIP_EINVAL);
	assert_non_null(strstr(qip_db_error(db), "passes the closure check"));
	req.override = NULL;
	assert_int_equal(qip_action_close(db, ref, &req), QIP_OK);
}

/* Monitoring after closure: a reading below target reopens with a reason
 * and an escalation; a window with no fall ends closed and sustained. */
static void monitoring_reopens_or_sustains(void **state)
{
	struct qip_db *db = *state;
	add_quality_lead(db);
	char ref[QIP_REF_LEN], ref2[QIP_REF_LEN];
	struct qip_evidence_new good[] = {
		{ .kind = "outcome", .category = "processes", .note = "Audit", .value = "96" },
		{ .kind = "outcome", .category = "observation", .note = "Observed", .value = "97" },
	};
	snprintf(ref, sizeof ref, "%s", add(db, "Handover notes", "Sarah", "+30", "95"));
	snprintf(ref2, sizeof ref2, "%s", add(db, "Call bells in reach", "Sarah", "+30", "95"));
	for (int i = 0; i < 2; i++) {
		assert_int_equal(qip_evidence_add(db, ref, &good[i], NULL), QIP_OK);
		assert_int_equal(qip_evidence_add(db, ref2, &good[i], NULL), QIP_OK);
	}
	assert_int_equal(close_by(db, ref, "Verified", "Ruth"), QIP_OK);
	assert_int_equal(close_by(db, ref2, "Verified", "Ruth"), QIP_OK);
	/* Monitoring stays in the default list (everything but closed). */
	struct qip_action_filter f;
	qip_action_filter_init(&f);
	int64_t n;
	assert_int_equal(qip_action_count(db, &f, &n), QIP_OK);
	assert_int_equal(n, 2);
	/* A low reading the day after the closure (seen since it) reopens. */
	qip_date today = qip_db_today(db);
	qip_db_set_today(db, today + 1);
	struct qip_evidence_new low = { .kind = "outcome", .category = "processes", .note = "Spot check", .value = "80" };
	assert_int_equal(qip_evidence_add(db, ref, &low, NULL), QIP_OK);
	struct qip_action a = { 0 };
	assert_int_equal(qip_action_get(db, ref, &a), QIP_OK);
	assert_int_equal(a.status, QIP_STATUS_REOPENED);
	/* No escalation: level 1 is the service's registered manager, and
	 * there is none here but the owner; the reopening stands. */
	assert_int_equal(a.open_escalations, 0);
	qip_action_clear(&a);
	char *why = fixture_text(db, "SELECT reason FROM review WHERE decision = 'reopen'");
	assert_string_equal(why, "outcome below target while in monitoring: the latest reading, 80,"
			    " is short of the target of 95");
	free(why);
	/* The other: the last day of its window it is still watched; the
	 * day after, closed and sustained. */
	assert_int_equal(qip_action_get(db, ref2, &a), QIP_OK);
	qip_date until = a.monitor_until;
	qip_action_clear(&a);
	int changed;
	qip_db_set_today(db, until);
	assert_int_equal(qip_action_monitor(db, 0, &changed), QIP_OK);
	assert_int_equal(changed, 0);
	qip_db_set_today(db, until + 1);
	assert_int_equal(qip_action_monitor(db, 0, &changed), QIP_OK);
	assert_int_equal(changed, 1);
	assert_int_equal(qip_action_get(db, ref2, &a), QIP_OK);
	assert_int_equal(a.status, QIP_STATUS_CLOSED);
	assert_true(a.sustained);
	qip_action_clear(&a);
	assert_int_equal(qip_action_monitor(db, 0, &changed), QIP_OK);   /* nothing left to settle */
	assert_int_equal(changed, 0);
	qip_db_set_today(db, today);
}

static void extensions_are_counted_with_reasons(void **state)
{
	struct qip_db *db = *state;
	char ref[QIP_REF_LEN];
	snprintf(ref, sizeof ref, "%s", add(db, "Fire door closers replaced", "Tom Reed", "2026-03-10", NULL));
	assert_int_equal(qip_action_extend(db, ref, "2026-03-20", NULL), QIP_EINVAL);
	assert_int_equal(qip_action_extend(db, ref, "2026-03-05", "Contractor late"), QIP_EINVAL);  /* earlier */
	assert_int_equal(qip_action_extend(db, ref, "2026-02-31", "Contractor late"), QIP_EINVAL);
	assert_non_null(strstr(qip_db_error(db), "2026-02-31"));
	assert_int_equal(qip_action_extend(db, ref, "2026-03-20", "Contractor late"), QIP_OK);
	assert_int_equal(qip_action_extend(db, ref, "+6w", "Parts on order"), QIP_OK);
	struct qip_action a = { 0 };
	assert_int_equal(qip_action_get(db, ref, &a), QIP_OK);
	assert_int_equal(a.extensions, 2);
	assert_true(a.flags & QIP_FLAG_EXTENDED);
	qip_action_clear(&a);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM review WHERE decision = 'extend'"), 2);
}

static void leaver_makes_actions_unowned(void **state)
{
	struct qip_db *db = *state;
	char ref[QIP_REF_LEN];
	snprintf(ref, sizeof ref, "%s", add(db, "Topical MAR with body maps", "Tom Reed", "+20", NULL));
	struct qip_action a = { 0 };
	assert_int_equal(qip_action_get(db, ref, &a), QIP_OK);
	assert_false(a.flags & QIP_FLAG_UNOWNED);
	qip_action_clear(&a);
	assert_int_equal(qip_person_leave(db, "Tom Reed", QIP_NO_DATE), QIP_OK);
	assert_int_equal(qip_action_get(db, ref, &a), QIP_OK);
	assert_true(a.flags & QIP_FLAG_UNOWNED);
	assert_string_equal(a.owner, "Tom Reed");
	assert_false(a.owner_active);
	qip_action_clear(&a);
	/* A leaver cannot be given new actions. */
	assert_int_equal(qip_action_assign(db, ref, "Tom Reed"), QIP_ENOTFOUND);
	assert_int_equal(qip_action_assign(db, ref, "Zo\xc3\xab"), QIP_OK);
	struct qip_action_filter f;
	qip_action_filter_init(&f);
	f.flags = QIP_FLAG_UNOWNED;
	int64_t n;
	assert_int_equal(qip_action_count(db, &f, &n), QIP_OK);
	assert_int_equal(n, 0);
}

struct ordered {
	int64_t ids[200];
	int n;
};

static int keep_id(void *ctx, const struct qip_action *a)
{
	struct ordered *o = ctx;
	o->ids[o->n++] = a->id;
	return 0;
}

/* Positions and search jumps in the default order come from index range
 * counts; they must equal what walking the whole list would give. */
static void positions_and_matches_agree_with_the_list(void **state)
{
	struct qip_db *db = *state;
	char ref[QIP_REF_LEN];
	for (int i = 0; i < 120; i++) {
		struct qip_action_input in = { 0 };
		in.field[QIP_AF_TITLE] = i % 7 == 0 ? "Fluid charts totalled" : "Something else";
		char due[16];
		snprintf(due, sizeof due, "+%d", (i * 37) % 50);
		if (i % 9 != 0)
			in.field[QIP_AF_DUE] = due;   /* some without a due date: last */
		assert_int_equal(qip_action_add(db, &in, ref), QIP_OK);
	}
	sqlite3_exec(qip_db_handle(db), "UPDATE action SET status = 'closed' WHERE id % 10 = 3", NULL, NULL, NULL);
	struct qip_action_filter f;
	qip_action_filter_init(&f);
	struct ordered all = { 0 }, hits = { 0 };
	assert_int_equal(qip_action_list(db, &f, 200, 0, keep_id, &all), QIP_OK);
	f.search = "fluid";
	assert_int_equal(qip_action_list(db, &f, 200, 0, keep_id, &hits), QIP_OK);
	f.search = NULL;
	assert_true(hits.n > 5);
	for (int i = 0; i < all.n; i++) {
		int64_t pos;
		assert_int_equal(qip_action_position(db, &f, all.ids[i], &pos), QIP_OK);
		assert_int_equal(pos, i);
		for (int back = 0; back < 2; back++) {
			int64_t want = -1;
			for (int k = i; k >= 0 && k < all.n && want < 0; k += back ? -1 : 1)
				for (int h = 0; h < hits.n; h++)
					if (hits.ids[h] == all.ids[k])
						want = k;
			assert_int_equal(qip_action_find_match(db, &f, "fluid", i, back, &pos), QIP_OK);
			if (pos != want)
				fail_msg("from %d %s: got %lld, want %lld", i, back ? "back" : "on", (long long)pos, (long long)want);
			assert_int_equal(qip_action_find_match_at(db, &f, "fluid", all.ids[i], back, &pos), QIP_OK);
			if (pos != want)
				fail_msg("at %d %s: got %lld, want %lld", i, back ? "back" : "on", (long long)pos, (long long)want);
		}
	}
	int64_t pos, first = -1, last = -1;
	for (int k = 0; k < all.n; k++)
		for (int h = 0; h < hits.n; h++)
			if (hits.ids[h] == all.ids[k])
				last = k, first = first < 0 ? k : first;
	/* From the top and from the bottom: no action to start at. */
	assert_int_equal(qip_action_find_match_at(db, &f, "fluid", 0, false, &pos), QIP_OK);
	assert_int_equal(pos, first);
	assert_int_equal(qip_action_find_match_at(db, &f, "fluid", 0, true, &pos), QIP_OK);
	assert_int_equal(pos, last);
	assert_int_equal(qip_action_find_match_at(db, &f, "fluid", 3, false, &pos), QIP_OK);   /* closed */
	assert_int_equal(pos, -1);
	/* Another order, with the same answers by action as by index. */
	f.sort = QIP_SORT_REF;
	struct ordered by_ref = { 0 };
	assert_int_equal(qip_action_list(db, &f, 200, 0, keep_id, &by_ref), QIP_OK);
	for (int i = 0; i < by_ref.n; i += 7) {
		int64_t want_pos;
		assert_int_equal(qip_action_find_match(db, &f, "fluid", i, false, &want_pos), QIP_OK);
		assert_int_equal(qip_action_find_match_at(db, &f, "fluid", by_ref.ids[i], false, &pos), QIP_OK);
		assert_int_equal(pos, want_pos);
	}
	assert_int_equal(qip_action_find_match_at(db, &f, "fluid", 0, true, &pos), QIP_OK);
	assert_int_equal(qip_action_find_match(db, &f, "fluid", by_ref.n - 1, true, &first), QIP_OK);
	assert_int_equal(pos, first);
	f.sort = QIP_SORT_DUE;
	assert_int_equal(qip_action_position(db, &f, 3, &pos), QIP_OK);   /* closed: not in the list */
	assert_int_equal(pos, -1);
}

/* Every order is walked by key (a window from a row's key, either way, and
 * a position as the count of rows before a key): the rows must be exactly
 * those the list by OFFSET gives, in every order and reversed, with ties
 * (owners whose names differ only in case, equal risk, due dates and
 * change times), missing values (no owner, no due date, no risk), at the
 * first and last rows, and from the key of a row that has since left. */
struct keyed {
	int64_t ids[200];
	struct qip_action_key keys[200];
	int n;
};

static int keep_keyed(void *ctx, const struct qip_action *a, const struct qip_action_key *key)
{
	struct keyed *o = ctx;
	o->ids[o->n] = a->id;
	o->keys[o->n++] = *key;
	return 0;
}

static void window_is(struct qip_db *db, const struct qip_action_filter *f, const struct ordered *want,
		      const struct qip_action_key *key, bool inclusive, bool backwards, int skip, int limit,
		      int from, const char *what)
{
	struct keyed got = { 0 };
	assert_int_equal(qip_action_window(db, f, key, inclusive, backwards, skip, limit, keep_keyed, &got), QIP_OK);
	int step = backwards ? -1 : 1, n = 0;
	for (int i = from + step * skip; i >= 0 && i < want->n && n < limit; i += step, n++)
		if (n >= got.n || got.ids[n] != want->ids[i])
			fail_msg("sort %d%s, %s: row %d is %lld, want %lld (list row %d)", f->sort,
				 f->descending ? " reversed" : "", what, n, n < got.n ? (long long)got.ids[n] : -1LL,
				 (long long)want->ids[i], i);
	if (got.n != n)
		fail_msg("sort %d%s, %s: %d rows, want %d", f->sort, f->descending ? " reversed" : "", what, got.n, n);
}

static void every_order_walks_by_key_as_the_list_by_offset(void **state)
{
	struct qip_db *db = *state;
	struct qip_person_new p = { .name = "ann lee", .role = "carer", .login = "alee" };
	assert_int_equal(qip_person_add(db, &p, NULL), QIP_OK);
	p = (struct qip_person_new){ .name = "Ann Lee", .role = "carer", .login = "annlee" };
	assert_int_equal(qip_person_add(db, &p, NULL), QIP_OK);
	const char *owners[] = { NULL, "sjones", "Tom Reed", "alee", "annlee", "Zo\xc3\xab Okafor" };
	const char *statuses[] = { "open", "in-progress", "monitoring", "reopened", "open", "closed" };
	for (int i = 0; i < 60; i++) {
		char due[16];
		snprintf(due, sizeof due, "+%d", (i * 7) % 5);
		add(db, i % 4 == 0 ? "Fluid charts totalled" : "Something else", owners[i % 6], i % 5 == 0 ? NULL : due,
		    NULL);
	}
	sqlite3 *h = qip_db_handle(db);
	const char *statuses_sql = "UPDATE action SET status = ?1 WHERE seq % 6 = ?2";
	for (int i = 0; i < 6; i++) {
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_prepare_v2(h, statuses_sql, -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_text(st, 1, statuses[i], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, (i + 1) % 6);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
	}
	/* Risk: none on every third; ties of score and of change time. */
	assert_int_equal(sqlite3_exec(h,
		"UPDATE action SET likelihood = 1 + seq % 3, impact = 2 + seq % 2 WHERE seq % 3 <> 0;"
		"UPDATE action SET updated_at = '2026-01-0' || (seq % 4 + 1) || 'T10:00:00.000Z';",
		NULL, NULL, NULL), SQLITE_OK);
	for (int all_status = 0; all_status < 2; all_status++)
		for (int sort = QIP_SORT_DUE; sort <= QIP_SORT_UPDATED; sort++)
			for (int desc = 0; desc < 2; desc++) {
				struct qip_action_filter f;
				qip_action_filter_init(&f);
				f.status = all_status ? -1 : -2;
				f.sort = sort;
				f.descending = desc;
				struct ordered list = { 0 };
				assert_int_equal(qip_action_list(db, &f, 200, 0, keep_id, &list), QIP_OK);
				assert_int_equal(list.n, all_status ? 60 : 50);
				struct qip_action_key keys[200];
				for (int i = 0; i < list.n; i++) {
					bool found;
					int64_t pos;
					assert_int_equal(qip_action_key_of(db, &f, list.ids[i], &keys[i], &found), QIP_OK);
					assert_true(found);
					assert_int_equal(qip_action_rank(db, &f, &keys[i], &pos), QIP_OK);
					assert_int_equal(pos, i);
					assert_int_equal(qip_action_position(db, &f, list.ids[i], &pos), QIP_OK);
					assert_int_equal(pos, i);
				}
				/* From the start and the end (Home, End), with a skip (a page). */
				window_is(db, &f, &list, NULL, false, false, 0, 7, 0, "first page");
				window_is(db, &f, &list, NULL, false, false, 3, 7, 0, "second page");
				window_is(db, &f, &list, NULL, false, true, 0, 7, list.n - 1, "last page");
				window_is(db, &f, &list, NULL, false, true, 4, 7, list.n - 1, "a page before the last");
				for (int i = 0; i < list.n; i++) {
					window_is(db, &f, &list, &keys[i], false, false, 0, 5, i + 1, "after a row");
					window_is(db, &f, &list, &keys[i], true, false, 0, 5, i, "from a row");
					window_is(db, &f, &list, &keys[i], false, true, 0, 5, i - 1, "before a row");
					window_is(db, &f, &list, &keys[i], false, true, 2, 5, i - 1, "a skip before a row");
					for (int back = 0; back < 2; back++) {
						int64_t want = -1, pos;
						for (int k = i; k >= 0 && k < list.n && want < 0; k += back ? -1 : 1)
							if (list.ids[k] % 4 == 1)   /* "Fluid" titles: seq 1, 5, 9, ... */
								want = k;
						assert_int_equal(qip_action_find_match_at(db, &f, "fluid", list.ids[i], back,
											  &pos), QIP_OK);
						assert_int_equal(pos, want);
						assert_int_equal(qip_action_find_match(db, &f, "fluid", i, back, &pos),
								 QIP_OK);
						assert_int_equal(pos, want);
					}
				}
				/* A row deleted under the selection (the first, one in
				 * the middle, the last): its key still places the
				 * window between its neighbours. */
				int gone[] = { 0, list.n / 2, list.n - 1 };
				for (int g = 0; g < 3; g++) {
					int i = gone[g];
					assert_int_equal(sqlite3_exec(h, "SAVEPOINT gone", NULL, NULL, NULL), SQLITE_OK);
					char sql[100];
					snprintf(sql, sizeof sql, "DELETE FROM action WHERE id = %lld", (long long)list.ids[i]);
					assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
					struct ordered left = { 0 };
					assert_int_equal(qip_action_list(db, &f, 200, 0, keep_id, &left), QIP_OK);
					assert_int_equal(left.n, list.n - 1);
					int64_t pos;
					assert_int_equal(qip_action_rank(db, &f, &keys[i], &pos), QIP_OK);
					assert_int_equal(pos, i);
					window_is(db, &f, &left, &keys[i], false, false, 0, 5, i, "after a deleted row");
					window_is(db, &f, &left, &keys[i], true, false, 0, 5, i, "from a deleted row");
					window_is(db, &f, &left, &keys[i], false, true, 0, 5, i - 1, "before a deleted row");
					assert_int_equal(sqlite3_exec(h, "ROLLBACK TO gone; RELEASE gone", NULL, NULL, NULL),
							 SQLITE_OK);
				}
			}
}

struct owned {
	char names[200][64];
	int64_t seqs[200];
	int n;
};

static int keep_owner(void *ctx, const struct qip_action *a)
{
	struct owned *o = ctx;
	snprintf(o->names[o->n], sizeof o->names[0], "%s", a->owner);
	o->seqs[o->n++] = strtoll(a->ref + 4, NULL, 10);
	return 0;
}

/* By owner is by the owner's name, ignoring case, the unowned first, then
 * by ref: the name the list sorts on is kept on the action when it is
 * added, handed on, and when its owner is renamed. */
static void owner_order_follows_names(void **state)
{
	struct qip_db *db = *state;
	const char *owners[] = { "Tom Reed", NULL, "sjones", "Zo\xc3\xab Okafor", "Tom Reed", "sjones", NULL };
	for (int i = 0; i < 7; i++)
		add(db, "Something", owners[i], NULL, NULL);
	assert_int_equal(qip_action_assign(db, "QIP-0002", "Tom Reed"), QIP_OK);
	int64_t sarah;
	assert_int_equal(qip_person_find(db, "sjones", &sarah), QIP_OK);
	struct qip_person_new rename = { .name = "alice Jones" };
	assert_int_equal(qip_person_edit(db, sarah, &rename), QIP_OK);
	struct qip_action_filter f;
	qip_action_filter_init(&f);
	f.sort = QIP_SORT_OWNER;
	struct owned o = { 0 };
	assert_int_equal(qip_action_list(db, &f, -1, 0, keep_owner, &o), QIP_OK);
	const char *want_names[] = { "", "alice Jones", "alice Jones", "Tom Reed", "Tom Reed", "Tom Reed",
				     "Zo\xc3\xab Okafor" };
	const int64_t want_seqs[] = { 7, 3, 6, 1, 2, 5, 4 };
	assert_int_equal(o.n, 7);
	for (int i = 0; i < 7; i++) {
		assert_string_equal(o.names[i], want_names[i]);
		assert_int_equal(o.seqs[i], want_seqs[i]);
	}
}

/* Each order's window, End (the last rows) and position read the order's
 * index of open actions (migrations 3 and 11): no sort of the whole list,
 * no step over closed actions. */
static void every_order_reads_its_index(void **state)
{
	struct qip_db *db = *state;
	add(db, "Something", "Tom Reed", "+3", NULL);
	const char *index[] = { "action_open_due", NULL, "action_open_owner", "action_open_status",
				"action_open_risk", "action_open_updated" };
	/* How each order's key starts in the SQL, to tell its statements. */
	const char *key[] = { "coalesce(a.due_on", NULL, "a.owner_sort", "CASE a.status", "printf(", "a.updated_at" };
	sqlite3 *h = qip_db_handle(db);
	for (int sort = QIP_SORT_DUE; sort <= QIP_SORT_UPDATED; sort++)
		for (int desc = 0; desc < 2; desc++) {
			if (!index[sort])
				continue;   /* by ref: the seq's own unique index */
			struct qip_action_filter f;
			qip_action_filter_init(&f);
			f.sort = sort;
			f.descending = desc;
			struct keyed got = { 0 };
			assert_int_equal(qip_action_window(db, &f, NULL, false, true, 0, 5, keep_keyed, &got), QIP_OK);
			int64_t pos;
			assert_int_equal(qip_action_rank(db, &f, &got.keys[0], &pos), QIP_OK);
			char order[100], range[100];
			snprintf(order, sizeof order, " ORDER BY %s", key[sort]);
			snprintf(range, sizeof range, " AND %s", key[sort]);
			int plans = 0;
			for (sqlite3_stmt *st = sqlite3_next_stmt(h, NULL); st; st = sqlite3_next_stmt(h, st)) {
				const char *sql = sqlite3_sql(st);
				bool window = strstr(sql, "LIMIT ?7 OFFSET ?8") && strstr(sql, order);
				bool rank = strncmp(sql, "SELECT count(*)", 15) == 0 && strstr(sql, range);
				if (!window && !rank)
					continue;
				char *q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
				sqlite3_stmt *ex;
				assert_int_equal(sqlite3_prepare_v2(h, q, -1, &ex, NULL), SQLITE_OK);
				sqlite3_free(q);
				bool uses = false, sorts = false;
				char plan[2000] = "";
				while (sqlite3_step(ex) == SQLITE_ROW) {
					const char *d = (const char *)sqlite3_column_text(ex, 3);
					size_t o = strlen(plan);
					snprintf(plan + o, sizeof plan - o, "%s; ", d);
					sorts = sorts || strstr(d, "TEMP B-TREE");
					uses = uses || ((strncmp(d, "SCAN a ", 7) == 0 || strncmp(d, "SEARCH a ", 9) == 0) &&
						       strstr(d, index[sort]));
				}
				sqlite3_finalize(ex);
				if (!uses || sorts)
					fail_msg("sort %d%s: %s\nplan: %s", sort, desc ? " reversed" : "", sql, plan);
				plans++;
			}
			assert_true(plans >= 2);
		}
}

/* n jumps between matches kept from the last search (the set is built
 * once, then each jump is a seek): the set follows every change that
 * matters, made here, by another user, to the filter, the order or the
 * words, so a jump never lands on a stale match nor misses a new one. */
static int64_t next_seq(struct qip_db *db, const struct qip_action_filter *f, const char *words, int64_t from_seq,
			bool backwards)
{
	struct qip_action_key key, at;
	bool found = false, have = false;
	if (from_seq) {
		/* the key of the action with that seq, in f's order */
		int64_t id;
		char ref[QIP_REF_LEN];
		snprintf(ref, sizeof ref, "%lld", (long long)from_seq);
		assert_int_equal(qip_action_resolve(db, ref, &id), QIP_OK);
		assert_int_equal(qip_action_key_of(db, f, id, &key, &have), QIP_OK);
		assert_true(have);
	}
	assert_int_equal(qip_action_next_match(db, f, words, from_seq ? &key : NULL, false, backwards, &at, &found),
			 QIP_OK);
	return found ? at.seq : 0;
}

static void search_matches_follow_changes(void **state)
{
	struct qip_db *db = *state;
	add(db, "Fridge temperatures logged", NULL, "+5", NULL);    /* 1 */
	add(db, "Handover notes", NULL, "+3", NULL);                /* 2 */
	add(db, "Fridge seals replaced", NULL, "+10", NULL);        /* 3 */
	struct qip_action_filter f;
	qip_action_filter_init(&f);
	assert_int_equal(next_seq(db, &f, "fridge", 0, false), 1);
	assert_int_equal(next_seq(db, &f, "fridge", 1, false), 3);
	assert_int_equal(next_seq(db, &f, "fridge", 3, false), 0);
	/* A match added on this connection is found from the set's end. */
	add(db, "Fridge door alarm", NULL, "+20", NULL);            /* 4 */
	assert_int_equal(next_seq(db, &f, "fridge", 3, false), 4);
	/* One that stops matching (closed, so out of the list) is skipped. */
	assert_int_equal(sqlite3_exec(qip_db_handle(db), "UPDATE action SET status = 'closed' WHERE seq = 3",
				      NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(next_seq(db, &f, "fridge", 1, false), 4);
	/* Another user's new match. */
	struct qip_db *other;
	char err[512];
	assert_int_equal(qip_db_open(F.path, 0, &other, err, sizeof err), QIP_OK);
	add(other, "Fridge light fixed", NULL, "+30", NULL);        /* 5 */
	qip_db_close(other);
	assert_int_equal(next_seq(db, &f, "fridge", 4, false), 5);
	assert_int_equal(next_seq(db, &f, "fridge", 5, true), 4);
	/* Other words, another order, another filter: another set. */
	assert_int_equal(next_seq(db, &f, "handover", 0, false), 2);
	assert_int_equal(next_seq(db, &f, "fridge", 2, false), 1);   /* 2 is due first, 1 next */
	f.sort = QIP_SORT_REF;
	assert_int_equal(next_seq(db, &f, "fridge", 1, false), 4);
	f.descending = true;
	assert_int_equal(next_seq(db, &f, "fridge", 0, false), 5);
	qip_action_filter_init(&f);
	f.status = -1;   /* closed ones too */
	assert_int_equal(next_seq(db, &f, "fridge", 1, false), 3);
}

/* A brief list (the command line's) reads every field its columns show,
 * the flags included, exactly as the full rows do. */
struct rows_seen {
	int n;
	char line[50][400];
};

static int note_list_fields(void *ctx, const struct qip_action *a)
{
	struct rows_seen *r = ctx;
	assert_true(r->n < 50);
	snprintf(r->line[r->n++], sizeof r->line[0], "%s|%s|%s|%d|%d|%d|%u|%s|%s|%d|%d|%g|%d|%s|%d|%g|%d|%s",
		 a->ref, a->title, a->owner, a->owner_active, a->due, a->status, a->flags, a->service, a->area,
		 a->likelihood, a->impact, a->target, a->has_target, a->unit, a->has_latest_value, a->latest_value,
		 a->evidence_count, a->uuid);
	return 0;
}

static void brief_list_has_the_list_fields(void **state)
{
	struct qip_db *db = *state;
	add(db, "Fridge temperatures logged", "Sarah Jones", "-3", "95");
	add(db, "Handover notes", "Tom Reed", "+3", NULL);
	add(db, "Falls review", NULL, "+10", "2");
	assert_int_equal(qip_person_leave(db, "Tom Reed", QIP_NO_DATE), QIP_OK);
	struct qip_evidence_new ev = { .kind = "outcome", .category = "staff", .note = "fridge log", .value = "90" };
	assert_int_equal(qip_evidence_add(db, "QIP-0001", &ev, NULL), QIP_OK);
	struct qip_action_filter f;
	qip_action_filter_init(&f);
	f.status = -1;
	static struct rows_seen full, brief;
	memset(&full, 0, sizeof full);
	memset(&brief, 0, sizeof brief);
	assert_int_equal(qip_action_list(db, &f, -1, 0, note_list_fields, &full), QIP_OK);
	f.brief = true;
	assert_int_equal(qip_action_list(db, &f, -1, 0, note_list_fields, &brief), QIP_OK);
	assert_int_equal(full.n, 3);
	assert_int_equal(brief.n, full.n);
	for (int i = 0; i < full.n; i++)
		assert_string_equal(brief.line[i], full.line[i]);
}

static int area_row(void *ctx, const char *area, int64_t n)
{
	char *out = ctx;
	sprintf(out + strlen(out), "%s:%lld ", area, (long long)n);
	return 0;
}

static void areas_in_use(void **state)
{
	struct qip_db *db = *state;
	const char *areas[] = { "Medicines", "nutrition", "medicines", NULL };
	for (int i = 0; areas[i]; i++) {
		struct qip_action_input in = { 0 };
		in.field[QIP_AF_TITLE] = "Something";
		in.field[QIP_AF_AREA] = areas[i];
		char ref[QIP_REF_LEN];
		assert_int_equal(qip_action_add(db, &in, ref), QIP_OK);
	}
	char out[200] = "";
	assert_int_equal(qip_action_areas(db, 10, area_row, out), QIP_OK);
	assert_string_equal(out, "medicines:2 nutrition:1 ");
}

static void people_by_role_and_position(void **state)
{
	struct qip_db *db = *state;
	int64_t id, sarah, pos;
	const char *const leads[] = { "nominated-individual", "medicines-lead", NULL };
	assert_int_equal(qip_person_find_by_role(db, leads, &id), QIP_OK);
	assert_int_equal(qip_person_find(db, "Zo\xc3\xab", &sarah), QIP_OK);
	assert_int_equal(id, sarah);   /* no nominated individual: the next role */
	const char *const none[] = { "board-member", NULL };
	assert_int_equal(qip_person_find_by_role(db, none, &id), QIP_OK);
	assert_int_equal(id, 0);
	/* Active people by name: root's login, Sarah Jones, Tom Reed, Zoë Okafor. */
	assert_int_equal(qip_person_find(db, "Tom Reed", &id), QIP_OK);
	assert_int_equal(qip_person_position(db, QIP_PEOPLE_ACTIVE, NULL, id, &pos), QIP_OK);
	int64_t count;
	assert_int_equal(qip_person_count(db, QIP_PEOPLE_ACTIVE, NULL, &count), QIP_OK);
	assert_int_equal(count, 4);
	assert_int_equal(pos, count - 2);
	assert_int_equal(qip_person_position(db, QIP_PEOPLE_ACTIVE, "zoe", id, &pos), QIP_OK);
	assert_int_equal(pos, -1);   /* not in that narrowed list */
	assert_int_equal(qip_person_count(db, QIP_PEOPLE_ACTIVE, "zoe", &count), QIP_OK);
	assert_int_equal(count, 1);  /* accents folded */
}

static int collect_refs(void *ctx, const struct qip_action *a)
{
	char *out = ctx;
	strcat(out, a->ref);
	strcat(out, " ");
	return 0;
}

/* Spaces alone are no search, for the list, its count and positions
 * alike: both front ends then show the whole list with its true count. */
static void whitespace_search_is_no_search(void **state)
{
	struct qip_db *db = *state;
	add(db, "Call bells in reach", "Sarah", "2026-03-05", NULL);
	add(db, "Door-open audit of bedrooms", NULL, "2026-05-01", NULL);
	struct qip_action_filter f;
	qip_action_filter_init(&f);
	f.search = " \t ";
	char refs[400] = "";
	assert_int_equal(qip_action_list(db, &f, 10, 0, collect_refs, refs), QIP_OK);
	assert_string_equal(refs, "QIP-0001 QIP-0002 ");
	int64_t count = -1, pos = -1;
	assert_int_equal(qip_action_count(db, &f, &count), QIP_OK);
	assert_int_equal(count, 2);
	int64_t id = fixture_int(db, "SELECT id FROM action WHERE ref = 'QIP-0002'");
	assert_int_equal(qip_action_position(db, &f, id, &pos), QIP_OK);
	assert_int_equal(pos, 1);
	f.sort = QIP_SORT_REF;
	f.descending = true;
	assert_int_equal(qip_action_position(db, &f, id, &pos), QIP_OK);
	assert_int_equal(pos, 0);
}

static void list_filters_windows_and_search(void **state)
{
	struct qip_db *db = *state;
	add(db, "Caf\xc3\xa9 menu shows fortified options", "Sarah", "2026-02-01", NULL);   /* overdue */
	add(db, "Door-open audit of bedrooms", NULL, "2026-05-01", NULL);                   /* unowned */
	add(db, "Call bells in reach", "Sarah", "2026-03-05", NULL);                        /* due soon */
	char refs[400] = "";
	struct qip_action_filter f;
	qip_action_filter_init(&f);
	assert_int_equal(qip_action_list(db, &f, 2, 0, collect_refs, refs), QIP_OK);
	assert_string_equal(refs, "QIP-0001 QIP-0003 ");   /* by due date */
	refs[0] = '\0';
	assert_int_equal(qip_action_list(db, &f, 2, 2, collect_refs, refs), QIP_OK);
	assert_string_equal(refs, "QIP-0002 ");
	refs[0] = '\0';
	f.flags = QIP_FLAG_OVERDUE;
	assert_int_equal(qip_action_list(db, &f, 10, 0, collect_refs, refs), QIP_OK);
	assert_string_equal(refs, "QIP-0001 ");
	qip_action_filter_init(&f);
	f.search = "cafe";   /* diacritics fold */
	refs[0] = '\0';
	assert_int_equal(qip_action_list(db, &f, 10, 0, collect_refs, refs), QIP_OK);
	assert_string_equal(refs, "QIP-0001 ");
	f.search = "door-open";   /* FTS syntax characters are just text */
	refs[0] = '\0';
	assert_int_equal(qip_action_list(db, &f, 10, 0, collect_refs, refs), QIP_OK);
	assert_string_equal(refs, "QIP-0002 ");
	f.search = "\"unbalanced AND (";
	refs[0] = '\0';
	assert_int_equal(qip_action_list(db, &f, 10, 0, collect_refs, refs), QIP_OK);
	assert_string_equal(refs, "");
	/* Evidence notes are searched too. */
	struct qip_evidence_new e = { .kind = "activity", .category = "observation", .note = "Walkaround: bells reachable in rooms 1-12" };
	assert_int_equal(qip_evidence_add(db, "3", &e, NULL), QIP_OK);
	f.search = "walkaround";
	refs[0] = '\0';
	assert_int_equal(qip_action_list(db, &f, 10, 0, collect_refs, refs), QIP_OK);
	assert_string_equal(refs, "QIP-0003 ");
	struct qip_action_totals t;
	assert_int_equal(qip_action_totals(db, &t), QIP_OK);
	assert_int_equal(t.open, 3);
	assert_int_equal(t.overdue, 1);
	assert_int_equal(t.unowned, 1);
	assert_int_equal(t.due_soon, 1);
}

static int count_history(void *ctx, const struct qip_history *h)
{
	char *out = ctx;
	if (!strcmp(h->field, "owner"))
		strcat(out, h->old_value), strcat(out, "->"), strcat(out, h->new_value), strcat(out, ";");
	return 0;
}

static void history_records_who_what_old_new(void **state)
{
	struct qip_db *db = *state;
	char ref[QIP_REF_LEN];
	snprintf(ref, sizeof ref, "%s", add(db, "PEEP for every resident", "Sarah", "+30", NULL));
	assert_int_equal(qip_action_assign(db, ref, "Zo\xc3\xab"), QIP_OK);
	struct qip_action_input in = { 0 };
	in.field[QIP_AF_DUE] = "+40";   /* later: an extension, not an edit */
	assert_int_equal(qip_action_edit(db, ref, &in), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "use extend"));
	in.field[QIP_AF_DUE] = "+20";   /* earlier is fine */
	assert_int_equal(qip_action_edit(db, ref, &in), QIP_OK);
	char out[300] = "";
	assert_int_equal(qip_history_for_action(db, 1, 100, 0, count_history, out), QIP_OK);
	/* One change: making the action is one "created" entry, not a change per field. */
	assert_string_equal(out, "Sarah Jones->Zo\xc3\xab Okafor;");
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM history WHERE entity = 'action' AND field = 'due'"
				     " AND old = '2026-04-01' AND new = '2026-03-22' AND by_id IS NOT NULL"), 1);
}

/* Changing the supporters records who was removed and who added, and
 * nothing for a supporter named before and after. */
static void supporter_history_names_only_changes(void **state)
{
	struct qip_db *db = *state;
	struct qip_action_input in = { 0 };
	in.field[QIP_AF_TITLE] = "Night checks recorded hourly";
	in.field[QIP_AF_SUPPORTERS] = "Tom Reed, Zo\xc3\xab";
	char ref[QIP_REF_LEN];
	assert_int_equal(qip_action_add(db, &in, ref), QIP_OK);
	struct qip_action_input edit = { 0 };
	edit.field[QIP_AF_SUPPORTERS] = "Sarah, Tom Reed";
	assert_int_equal(qip_action_edit(db, ref, &edit), QIP_OK);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM action_supporter"), 2);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM history WHERE field = 'supporter'"
				     " AND old = 'Zo\xc3\xab Okafor' AND new IS NULL"), 1);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM history WHERE field = 'supporter'"
				     " AND old IS NULL AND new = 'Sarah Jones'"), 1);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM history WHERE field = 'supporter'"
				     " AND (old = 'Tom Reed' OR new = 'Tom Reed')"), 1);   /* added once, at the start */
	edit.field[QIP_AF_SUPPORTERS] = "";
	assert_int_equal(qip_action_edit(db, ref, &edit), QIP_OK);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM action_supporter"), 0);
}

/* Two people edit one action: a save that would overwrite the other's
 * change to the same field is refused, naming their value, and writes
 * nothing; fields the other did not touch save; with their value as the
 * base, saving again replaces it. */
static void edit_refuses_a_change_made_since_its_base(void **state)
{
	struct qip_db *db = *state;
	char ref[QIP_REF_LEN];
	snprintf(ref, sizeof ref, "%s", add(db, "Call bells in reach", "Sarah", "+30", "95"));
	struct qip_action a = { 0 };
	char *base[QIP_AF_COUNT];
	assert_int_equal(qip_action_get(db, ref, &a), QIP_OK);
	qip_action_texts(&a, base);
	qip_action_clear(&a);
	assert_string_equal(base[QIP_AF_TARGET], "95");
	assert_string_equal(base[QIP_AF_DUE], "2026-04-01");

	struct qip_action_input theirs = { 0 };
	theirs.field[QIP_AF_TITLE] = "Call bells tested in every room";
	theirs.field[QIP_AF_TARGET] = "98";
	assert_int_equal(qip_action_edit(db, ref, &theirs), QIP_OK);

	struct qip_action_input mine = { 0 };
	for (int i = 0; i < QIP_AF_COUNT; i++)
		mine.base[i] = base[i];
	mine.field[QIP_AF_TITLE] = "Call bells in reach, tested weekly";
	mine.field[QIP_AF_OWNER] = "Tom";
	assert_int_equal(qip_action_edit(db, ref, &mine), QIP_EREFUSED);
	assert_string_equal(qip_db_error(db), "while you were editing, someone else changed the title to"
			    " 'Call bells tested in every room'. Your text is kept: save again to replace theirs");
	assert_int_equal(qip_action_get(db, ref, &a), QIP_OK);
	assert_string_equal(a.title, "Call bells tested in every room");
	assert_string_equal(a.owner, "Sarah Jones");   /* nothing of the refused edit was written */
	qip_action_clear(&a);

	mine.field[QIP_AF_TARGET] = "90";   /* two conflicts: both named in the one message */
	assert_int_equal(qip_action_edit(db, ref, &mine), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "changed the title to 'Call bells tested in every room'"
			       " and the target to '98'."));

	struct qip_action_input untouched = { 0 };   /* a field they did not change saves at once */
	for (int i = 0; i < QIP_AF_COUNT; i++)
		untouched.base[i] = base[i];
	untouched.field[QIP_AF_OWNER] = "Tom";
	assert_int_equal(qip_action_edit(db, ref, &untouched), QIP_OK);

	mine.base[QIP_AF_TITLE] = "Call bells tested in every room";   /* their value seen: replace it */
	mine.base[QIP_AF_TARGET] = "98";
	mine.base[QIP_AF_OWNER] = "Tom Reed";
	assert_int_equal(qip_action_edit(db, ref, &mine), QIP_OK);
	assert_int_equal(qip_action_get(db, ref, &a), QIP_OK);
	assert_string_equal(a.title, "Call bells in reach, tested weekly");
	assert_true(a.target == 90);
	qip_action_clear(&a);
	qip_action_texts_free(base);
}

/* Domain rule 2: the draft check names what an action to be added lacks
 * of an owner, a due date, a baseline and a target, in one message. */
static void draft_check_names_what_is_missing(void **state)
{
	struct qip_action_input in = { 0 };
	struct qip_action_draft d;
	in.field[QIP_AF_TITLE] = "Hydration charts totalled";
	assert_true(qip_action_is_draft(&in, &d));
	assert_int_equal(d.missing, (1u << QIP_AF_OWNER) | (1u << QIP_AF_DUE) | (1u << QIP_AF_BASELINE) |
				    (1u << QIP_AF_TARGET));
	assert_string_equal(d.message, "No owner, due date, baseline or target yet");
	assert_string_equal(d.list, "owner, due date, baseline or target");
	in.field[QIP_AF_OWNER] = "none";   /* stored as no owner: still missing */
	in.field[QIP_AF_DUE] = "+14";
	in.field[QIP_AF_BASELINE] = "  ";
	assert_true(qip_action_is_draft(&in, &d));
	assert_string_equal(d.message, "No owner, baseline or target yet");
	in.field[QIP_AF_OWNER] = "sjones";
	in.field[QIP_AF_BASELINE] = "4 of 10 charts totalled";
	assert_true(qip_action_is_draft(&in, &d));
	assert_string_equal(d.message, "No target yet");
	assert_int_equal(d.missing, 1u << QIP_AF_TARGET);
	in.field[QIP_AF_TARGET] = "95%";
	assert_false(qip_action_is_draft(&in, &d));
	assert_int_equal(d.missing, 0);
	assert_string_equal(d.message, "");
}

static void corrections_supersede(void **state)
{
	struct qip_db *db = *state;
	char ref[QIP_REF_LEN];
	snprintf(ref, sizeof ref, "%s", add(db, "Falls reduced", "Sarah", "+30", "4"));
	struct qip_action_input in = { 0 };
	in.field[QIP_AF_DIRECTION] = "at-most";
	assert_int_equal(qip_action_edit(db, ref, &in), QIP_OK);
	struct qip_evidence_new e = { .kind = "outcome", .category = "outcomes", .note = "Falls in February: 9", .value = "9" };
	int64_t wrong, fixed;
	assert_int_equal(qip_evidence_add(db, ref, &e, &wrong), QIP_OK);
	struct qip_action a = { 0 };
	assert_int_equal(qip_action_get(db, ref, &a), QIP_OK);
	assert_true(a.flags & QIP_FLAG_TARGET_NOT_MET);
	qip_action_clear(&a);
	e.note = "Falls in February: 3 (9 counted March too)";
	e.value = "3";
	e.corrects_id = wrong;
	assert_int_equal(qip_evidence_add(db, ref, &e, &fixed), QIP_OK);
	assert_int_equal(qip_action_get(db, ref, &a), QIP_OK);
	assert_false(a.flags & QIP_FLAG_TARGET_NOT_MET);
	assert_int_equal(a.evidence_count, 1);   /* the superseded entry no longer counts */
	assert_true(a.latest_value == 3.0);
	qip_action_clear(&a);
	assert_int_equal(qip_evidence_add(db, ref, &e, NULL), QIP_EREFUSED);   /* corrected twice */
	struct qip_evidence_new future = { .kind = "outcome", .category = "outcomes", .note = "x", .date = "+1" };
	assert_int_equal(qip_evidence_add(db, ref, &future, NULL), QIP_EINVAL);
	struct qip_evidence_new badcat = { .kind = "outcome", .category = "obsevation", .note = "x" };
	assert_int_equal(qip_evidence_add(db, ref, &badcat, NULL), QIP_EINVAL);
	assert_non_null(strstr(qip_db_error(db), "did you mean observation"));
}

/* The SQL filters and the C rules must agree on every flag. Random actions
 * are written straight into the table, then for each flag the actions the
 * SQL filter selects are compared, id by id, with the actions whose
 * C-computed flags carry it: the same SETS, so a fragment that wrongly
 * takes one action in and another out cannot pass by matching the count. */
enum { MAX_IDS = 1000 };
struct flagged {
	bool rules[QIP_FLAG_COUNT][MAX_IDS];   /* C rules: action id has flag i */
	int rules_count[QIP_FLAG_COUNT];
	int open;                              /* not closed */
};

static int note_rules_flags(void *ctx, const struct qip_action *a)
{
	struct flagged *fl = ctx;
	assert_true(a->id > 0 && a->id < MAX_IDS);
	if (a->status != QIP_STATUS_CLOSED)
		fl->open++;
	for (int i = 0; i < QIP_FLAG_COUNT; i++)
		if (a->flags & (1u << i)) {
			fl->rules[i][a->id] = true;
			fl->rules_count[i]++;
		}
	return 0;
}

static int rules_count(const struct flagged *fl, unsigned flag)
{
	for (int i = 0; i < QIP_FLAG_COUNT; i++)
		if (flag == 1u << i)
			return fl->rules_count[i];
	fail_msg("not a single flag: %u", flag);
	return -1;
}

static int note_id(void *ctx, const struct qip_action *a)
{
	bool *ids = ctx;
	assert_true(a->id > 0 && a->id < MAX_IDS);
	ids[a->id] = true;
	return 0;
}

static void sql_filters_agree_with_rules(void **state)
{
	struct qip_db *db = *state;
	for (int i = 0; i < 400; i++)
		add(db, "Random", NULL, NULL, NULL);
	assert_int_equal(qip_person_leave(db, "Tom Reed", QIP_NO_DATE), QIP_OK);
	sqlite3 *h = qip_db_handle(db);
	/* Spread by the id through different primes, so every combination
	 * turns up and the run is the same every time. */
	assert_int_equal(sqlite3_exec(h,
		"UPDATE action SET"
		" status = CASE id % 5 WHEN 0 THEN 'open' WHEN 1 THEN 'in-progress' WHEN 2 THEN 'monitoring'"
		"   WHEN 3 THEN 'closed' ELSE 'reopened' END,"
		" due_on = CASE WHEN id % 11 = 0 THEN NULL ELSE date('2026-03-02', ((id * 7) % 40 - 20) || ' days') END,"
		" next_review_on = CASE WHEN id % 13 = 0 THEN NULL ELSE date('2026-03-02', ((id * 3) % 20 - 10) || ' days') END,"
		" created_on = date('2026-03-02', '-' || ((id * 17) % 60) || ' days'),"
		" owner_id = CASE id % 3 WHEN 0 THEN NULL ELSE 1 + (id * 7) % (SELECT count(*) FROM person) END,"
		" extensions = (id * 5) % 4,"
		" target_value = CASE WHEN id % 7 = 0 THEN NULL ELSE 50 END,"
		" target_direction = CASE WHEN id % 2 = 0 THEN 'at-least' ELSE 'at-most' END,"
		" ev_count = (id * 11) % 3,"
		" ev_outcomes = (id * 13) % 2,"
		" ev_categories = (id * 19) % 64,"
		" ev_last_on = CASE WHEN id % 9 = 0 THEN NULL ELSE date('2026-03-02', '-' || ((id * 23) % 60) || ' days') END,"
		" ev_latest_value = CASE WHEN id % 10 = 0 THEN NULL ELSE (id * 29) % 100 END",
		NULL, NULL, NULL), SQLITE_OK);
	static struct flagged fl;
	memset(&fl, 0, sizeof fl);
	struct qip_action_filter f;
	qip_action_filter_init(&f);
	f.status = -1;
	assert_int_equal(qip_action_list(db, &f, 100000, 0, note_rules_flags, &fl), QIP_OK);
	for (int i = 0; i < QIP_FLAG_COUNT; i++) {
		qip_action_filter_init(&f);
		f.status = -1;
		f.flags = 1u << i;
		static bool sql[MAX_IDS];
		memset(sql, 0, sizeof sql);
		assert_int_equal(qip_action_list(db, &f, 100000, 0, note_id, sql), QIP_OK);
		for (int id = 1; id < MAX_IDS; id++)
			if (sql[id] != fl.rules[i][id])
				fail_msg("flag %s, action id %d: the SQL filter %s, the rules %s",
					 qip_flag_name(i), id, sql[id] ? "selects it" : "leaves it out",
					 fl.rules[i][id] ? "flag it" : "do not");
		int64_t n;
		assert_int_equal(qip_action_count(db, &f, &n), QIP_OK);
		assert_int_equal(n, fl.rules_count[i]);
		assert_true(n > 0);   /* the random data exercises every flag */
	}
	struct qip_action_totals t;
	assert_int_equal(qip_action_totals(db, &t), QIP_OK);
	assert_int_equal(t.open, fl.open);
	assert_int_equal(t.overdue, rules_count(&fl, QIP_FLAG_OVERDUE));
	assert_int_equal(t.unowned, rules_count(&fl, QIP_FLAG_UNOWNED));
	assert_int_equal(t.due_soon, rules_count(&fl, QIP_FLAG_DUE_SOON));
	assert_int_equal(t.review_overdue, rules_count(&fl, QIP_FLAG_REVIEW_OVERDUE));
	assert_int_equal(t.stale, rules_count(&fl, QIP_FLAG_STALE));
}

/* The status line's totals against the rules' own flags, action by action. */
static void compare_totals_with_rules(struct qip_db *db, int64_t want_open)
{
	static struct flagged fl;
	memset(&fl, 0, sizeof fl);
	struct qip_action_filter f;
	qip_action_filter_init(&f);
	f.status = -1;
	assert_int_equal(qip_action_list(db, &f, 100000, 0, note_rules_flags, &fl), QIP_OK);
	struct qip_action_totals t;
	assert_int_equal(qip_action_totals(db, &t), QIP_OK);
	assert_int_equal(t.open, fl.open);
	if (want_open >= 0)
		assert_int_equal(t.open, want_open);
	unsigned flags[] = { QIP_FLAG_OVERDUE, QIP_FLAG_UNOWNED, QIP_FLAG_DUE_SOON, QIP_FLAG_REVIEW_OVERDUE,
			     QIP_FLAG_STALE };
	int64_t totals[] = { t.overdue, t.unowned, t.due_soon, t.review_overdue, t.stale };
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		int n = rules_count(&fl, flags[i]);
		/* Some on each side of every boundary: neither none nor all. */
		assert_true(n > 0 && n < fl.open);
		if (totals[i] != n)
			fail_msg("total %zu: %lld from the tally, %d by the rules", i, (long long)totals[i], n);
		/* The list of that one flag counts the same (read from the tally). */
		int64_t listed;
		qip_action_filter_init(&f);
		f.flags = flags[i];
		assert_int_equal(qip_action_count(db, &f, &listed), QIP_OK);
		assert_int_equal(listed, n);
	}
	qip_action_filter_init(&f);
	int64_t listed;
	assert_int_equal(qip_action_count(db, &f, &listed), QIP_OK);
	assert_int_equal(listed, fl.open);
}

/* The status line's totals come from a tally kept by triggers (migration
 * 8) rather than a test of each action: on every side of each boundary day (the day
 * before, of and after due, due soon's last day, the review day, each
 * cadence's stale day with evidence or from creation) and for each status,
 * cadence and kind of owner, they are the counts the rules give. */
static void totals_agree_with_rules_on_boundary_days(void **state)
{
	struct qip_db *db = *state;
	enum { N = 750 };   /* 5 statuses x 5 cadences x 3 stale days x 2 x 5 due days */
	for (int i = 0; i < N; i++)
		add(db, "Boundary", NULL, NULL, NULL);
	assert_int_equal(qip_person_leave(db, "Tom Reed", QIP_NO_DATE), QIP_OK);
	qip_date today = qip_date_from_ymd(2026, 3, 2);
	sqlite3 *h = qip_db_handle(db);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(h,
		"UPDATE action SET status = ?2, review_cadence = ?3, ev_last_on = ?4, created_on = ?5,"
		" due_on = ?6, next_review_on = ?7,"
		" owner_id = (SELECT id FROM person WHERE name = ?8) WHERE id = ?1", -1, &st, NULL), SQLITE_OK);
	static const char *const statuses[] = { "open", "in-progress", "monitoring", "closed", "reopened" };
	static const char *const owners[] = { NULL, "Tom Reed", "Sarah Jones" };
	for (int id = 1; id <= N; id++) {
		int cadence = (id / 5) % 5;
		qip_date from = today - (qip_rules_stale_days(cadence) + (id / 25) % 3 - 1);
		bool from_creation = (id / 75) % 2;
		qip_date due_days[] = { today - 1, today, today + QIP_DUE_SOON_DAYS, today + QIP_DUE_SOON_DAYS + 1,
					QIP_NO_DATE };
		qip_date review_days[] = { today - 1, today, QIP_NO_DATE };
		qip_date due = due_days[(id / 150) % 5], review = review_days[id % 3];
		char last[QIP_DATE_LEN], created[QIP_DATE_LEN], due_s[QIP_DATE_LEN], review_s[QIP_DATE_LEN];
		qip_date_format(from, last);
		qip_date_format(from_creation ? from : today - 400, created);
		sqlite3_bind_int(st, 1, id);
		sqlite3_bind_text(st, 2, statuses[id % 5], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, qip_vocab_name(&qip_vocab_cadence, cadence), -1, SQLITE_STATIC);
		if (from_creation)
			sqlite3_bind_null(st, 4);
		else
			sqlite3_bind_text(st, 4, last, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, created, -1, SQLITE_STATIC);
		if (due == QIP_NO_DATE)
			sqlite3_bind_null(st, 6);
		else
			sqlite3_bind_text(st, 6, qip_date_format(due, due_s), -1, SQLITE_STATIC);
		if (review == QIP_NO_DATE)
			sqlite3_bind_null(st, 7);
		else
			sqlite3_bind_text(st, 7, qip_date_format(review, review_s), -1, SQLITE_STATIC);
		if (owners[(id / 3) % 3])
			sqlite3_bind_text(st, 8, owners[(id / 3) % 3], -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 8);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	compare_totals_with_rules(db, N - N / 5);
	/* The tally follows closing, reopening, a change of owner, cadence or
	 * day, and an action deleted. */
	assert_int_equal(sqlite3_exec(h,
		"UPDATE action SET status = CASE status WHEN 'closed' THEN 'reopened' WHEN 'open' THEN 'closed'"
		"  ELSE status END WHERE id % 4 = 0;"
		"UPDATE action SET owner_id = NULL, review_cadence = 'weekly' WHERE id % 6 = 1;"
		"UPDATE action SET due_on = date(due_on, '+1 day'), ev_last_on = date(ev_last_on, '-1 day') WHERE id % 5 = 2;"
		"DELETE FROM action_supporter WHERE action_id % 7 = 0;"
		"DELETE FROM action WHERE id % 7 = 0;",
		NULL, NULL, NULL), SQLITE_OK);
	compare_totals_with_rules(db, -1);
}

/* A review decision (extend, keep open, reframe) is the review: the next
 * one follows the cadence from the decision's day, so the action is no
 * longer "review overdue" after it. */
static void review_decisions_set_the_next_review(void **state)
{
	struct qip_db *db = *state;
	static const char *const decisions[] = { "extend", "keep-open", "reframe" };
	for (int k = 0; k < 3; k++) {
		struct qip_action_input in = { 0 };
		in.field[QIP_AF_TITLE] = "Weekly MAR audit";
		in.field[QIP_AF_OWNER] = "sjones";
		in.field[QIP_AF_DUE] = "+5";
		in.field[QIP_AF_CADENCE] = "weekly";
		in.field[QIP_AF_NEXT_REVIEW] = "-10";
		char ref[QIP_REF_LEN];
		assert_int_equal(qip_action_add(db, &in, ref), QIP_OK);
		struct qip_action a = { 0 };
		assert_int_equal(qip_action_get(db, ref, &a), QIP_OK);
		assert_true(a.flags & QIP_FLAG_REVIEW_OVERDUE);
		qip_action_clear(&a);
		if (!strcmp(decisions[k], "extend"))
			assert_int_equal(qip_action_extend(db, ref, "+30", "Pharmacy delivery late"), QIP_OK);
		else
			assert_int_equal(qip_action_review(db, ref, decisions[k], "Discussed at governance"), QIP_OK);
		assert_int_equal(qip_action_get(db, ref, &a), QIP_OK);
		qip_date today = qip_db_today(db);
		assert_int_equal(a.next_review, today + 7);
		assert_false(a.flags & QIP_FLAG_REVIEW_OVERDUE);
		qip_action_clear(&a);
	}
}

/* One rule for who an escalation goes to, used by the CLI and the screen:
 * level 1 the registered manager of the action's service (not its owner),
 * level 2 a nominated individual before a quality lead, level 3 a board
 * member; never the person raising it, and never a second open one. */
static void escalation_goes_to_the_level_s_person(void **state)
{
	struct qip_db *db = *state;
	int64_t sarah, ruth, nadia, anne, who, deputy_action, wide_action;
	struct qip_person_new p = { .name = "Ruth Adeyemi", .role = "quality-lead" };
	assert_int_equal(qip_person_add(db, &p, &ruth), QIP_OK);
	p = (struct qip_person_new){ .name = "Nadia Idris", .role = "nominated-individual" };
	assert_int_equal(qip_person_add(db, &p, &nadia), QIP_OK);
	p = (struct qip_person_new){ .name = "Anne Whitaker", .role = "board-member" };
	assert_int_equal(qip_person_add(db, &p, &anne), QIP_OK);
	assert_int_equal(qip_person_find(db, "sjones", &sarah), QIP_OK);
	struct qip_action_input in = { 0 };
	in.field[QIP_AF_TITLE] = "Night checks recorded";
	in.field[QIP_AF_SERVICE] = "Oakfield House";
	in.field[QIP_AF_OWNER] = "Tom Reed";
	char ref[QIP_REF_LEN], wide[QIP_REF_LEN];
	assert_int_equal(qip_action_add(db, &in, ref), QIP_OK);
	assert_int_equal(qip_action_resolve(db, ref, &deputy_action), QIP_OK);
	snprintf(wide, sizeof wide, "%s", add(db, "Provider-wide policy review", "Tom Reed", NULL, NULL));
	assert_int_equal(qip_action_resolve(db, wide, &wide_action), QIP_OK);

	assert_int_equal(qip_escalation_default_assignee(db, deputy_action, 1, &who), QIP_OK);
	assert_int_equal(who, sarah);
	assert_int_equal(qip_escalation_default_assignee(db, deputy_action, 2, &who), QIP_OK);
	assert_int_equal(who, nadia);
	assert_int_equal(qip_escalation_default_assignee(db, deputy_action, 3, &who), QIP_OK);
	assert_int_equal(who, anne);
	assert_int_equal(qip_escalation_default_assignee(db, wide_action, 1, &who), QIP_OK);
	assert_int_equal(who, 0);   /* no service, no registered manager */

	/* Raised with nobody named, it goes to that person. */
	int64_t esc, second;
	assert_int_equal(qip_escalation_raise(db, ref, 1, "overdue", NULL, NULL, &esc), QIP_OK);
	assert_int_equal(fixture_int(db, "SELECT assigned_to FROM escalation ORDER BY id DESC LIMIT 1"), sarah);
	/* A second open escalation of the same action is refused ... */
	assert_int_equal(qip_escalation_raise(db, ref, 2, "weak-evidence", NULL, NULL, &second), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "already has an open escalation"));
	/* ... the open one goes up a level, to that level's person. */
	assert_int_equal(qip_escalation_raise_level(db, esc, NULL, NULL), QIP_OK);
	assert_int_equal(fixture_int(db, "SELECT assigned_to FROM escalation ORDER BY id DESC LIMIT 1"), nadia);
	assert_int_equal(qip_escalation_resolve(db, esc, "Night checks now audited weekly"), QIP_OK);
	int64_t open_id;
	assert_int_equal(qip_escalation_open_on(db, deputy_action, &open_id), QIP_OK);
	assert_int_equal(open_id, 0);

	assert_int_equal(qip_escalation_raise(db, wide, 1, "overdue", NULL, NULL, &second), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "no registered manager"));

	/* Acting as the registered manager, level 1 has nobody else. */
	int64_t admin = qip_db_actor(db);
	qip_db_set_actor(db, sarah);
	assert_int_equal(qip_escalation_default_assignee(db, deputy_action, 1, &who), QIP_OK);
	assert_int_equal(who, 0);
	assert_int_equal(qip_escalation_raise(db, ref, 1, "overdue", NULL, NULL, &second), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "escalating to yourself is not escalation"));
	assert_int_equal(qip_escalation_raise(db, ref, 1, "overdue", "sjones", NULL, &second), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "escalating to yourself is not escalation"));
	/* Acting as the nominated individual, level 2 goes to the quality lead. */
	qip_db_set_actor(db, nadia);
	assert_int_equal(qip_escalation_default_assignee(db, deputy_action, 2, &who), QIP_OK);
	assert_int_equal(who, ruth);
	qip_db_set_actor(db, admin);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM escalation"), 1);   /* refusals wrote nothing */
}

/* "Needs attention" (overdue, unowned or review overdue) in SQL picks
 * exactly the actions whose C-computed flags carry any of the three: the
 * sets of ids are compared, so two errors cannot cancel out. */
struct id_set {
	int64_t id[1000];
	int n;
};

static int collect_attention(void *ctx, const struct qip_action *a)
{
	struct id_set *s = ctx;
	if ((a->flags & QIP_FLAGS_ATTENTION) && s->n < 1000)
		s->id[s->n++] = a->id;
	return 0;
}

static int collect_all(void *ctx, const struct qip_action *a)
{
	struct id_set *s = ctx;
	if (s->n < 1000)
		s->id[s->n++] = a->id;
	return 0;
}

static void attention_filter_is_the_rules_set(void **state)
{
	struct qip_db *db = *state;
	for (int i = 0; i < 300; i++)
		add(db, "Random", NULL, NULL, NULL);
	assert_int_equal(qip_person_leave(db, "Tom Reed", QIP_NO_DATE), QIP_OK);
	/* Status, due date, review date and owner spread by the id through
	 * different primes: every combination of the three flags, closed
	 * actions and leavers turns up, the same every run. */
	assert_int_equal(sqlite3_exec(qip_db_handle(db),
		"UPDATE action SET"
		" status = CASE id % 5 WHEN 0 THEN 'open' WHEN 1 THEN 'in-progress' WHEN 2 THEN 'monitoring'"
		"   WHEN 3 THEN 'closed' ELSE 'reopened' END,"
		" due_on = CASE WHEN id % 11 = 0 THEN NULL ELSE date('2026-03-02', ((id * 7) % 40 - 20) || ' days') END,"
		" next_review_on = CASE WHEN id % 13 = 0 THEN NULL ELSE date('2026-03-02', ((id * 3) % 20 - 10) || ' days') END,"
		" owner_id = CASE id % 3 WHEN 0 THEN NULL ELSE 1 + (id * 7) % (SELECT count(*) FROM person) END",
		NULL, NULL, NULL), SQLITE_OK);
	struct qip_action_filter f;
	qip_action_filter_init(&f);
	f.status = -1;
	f.sort = QIP_SORT_REF;
	static struct id_set by_rules, by_sql, every;
	assert_int_equal(qip_action_list(db, &f, 100000, 0, collect_attention, &by_rules), QIP_OK);
	assert_int_equal(qip_action_list(db, &f, 100000, 0, collect_all, &every), QIP_OK);
	f.any_flags = QIP_FLAGS_ATTENTION;
	assert_int_equal(qip_action_list(db, &f, 100000, 0, collect_all, &by_sql), QIP_OK);
	/* The data must discriminate: some actions need attention, some not. */
	assert_true(by_rules.n > 0);
	assert_true(by_rules.n < every.n);
	assert_int_equal(by_sql.n, by_rules.n);
	for (int i = 0; i < by_rules.n; i++)
		if (by_sql.id[i] != by_rules.id[i])
			fail_msg("action %lld: rules say %s, SQL says %s", (long long)by_rules.id[i],
				 "needs attention", "not (or another order)");
	int64_t n;
	assert_int_equal(qip_action_count(db, &f, &n), QIP_OK);
	assert_int_equal(n, by_rules.n);
}

static void filters_by_key_question_and_statement(void **state)
{
	struct qip_db *db = *state;
	char path[512];
	snprintf(path, sizeof path, "%s/frameworks/cqc-saf.yaml", qip_data_dir());
	assert_int_equal(qip_framework_import_file(db, path), QIP_OK);
	struct qip_action_input in = { 0 };
	char ref[QIP_REF_LEN];
	in.field[QIP_AF_TITLE] = "MAR charts signed";
	in.field[QIP_AF_KEY_QUESTION] = "safe";
	in.field[QIP_AF_STATEMENTS] = "medicines-optimisation,safe-systems-pathways-and-transitions";
	assert_int_equal(qip_action_add(db, &in, ref), QIP_OK);
	in = (struct qip_action_input){ 0 };
	in.field[QIP_AF_TITLE] = "Menus offer choice";
	in.field[QIP_AF_KEY_QUESTION] = "effective";
	assert_int_equal(qip_action_add(db, &in, ref), QIP_OK);
	in = (struct qip_action_input){ 0 };
	in.field[QIP_AF_TITLE] = "Safeguarding referrals on time";
	in.field[QIP_AF_KEY_QUESTION] = "safe";
	in.field[QIP_AF_STATEMENTS] = "safeguarding";
	assert_int_equal(qip_action_add(db, &in, ref), QIP_OK);
	char refs[400] = "";
	struct qip_action_filter f;
	qip_action_filter_init(&f);
	f.sort = QIP_SORT_REF;
	f.key_question = QIP_KQ_SAFE;
	assert_int_equal(qip_action_list(db, &f, 10, 0, collect_refs, refs), QIP_OK);
	assert_string_equal(refs, "QIP-0001 QIP-0003 ");
	/* By its CQC name or its id. */
	char *id = NULL;
	assert_int_equal(qip_action_filter_statement(db, "Medicines optimisation", &id), QIP_OK);
	assert_string_equal(id, "medicines-optimisation");
	f.key_question = -1;
	f.statement = id;
	refs[0] = '\0';
	assert_int_equal(qip_action_list(db, &f, 10, 0, collect_refs, refs), QIP_OK);
	assert_string_equal(refs, "QIP-0001 ");
	free(id);
	assert_int_equal(qip_action_filter_statement(db, "medicnes", &id), QIP_EINVAL);
	assert_null(id);
	assert_non_null(strstr(qip_db_error(db), "'medicnes' is not a quality statement"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(add_with_every_field_and_read_back, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_input_names_the_value, setup, teardown),
		cmocka_unit_test_setup_teardown(refs_count_up_and_resolve_loosely, setup, teardown),
		cmocka_unit_test_setup_teardown(close_is_refused_until_outcome_meets_target, setup, teardown),
		cmocka_unit_test_setup_teardown(close_waits_for_the_sustained_count, setup, teardown),
		cmocka_unit_test_setup_teardown(override_is_marked, setup, teardown),
		cmocka_unit_test_setup_teardown(monitoring_reopens_or_sustains, setup, teardown),
		cmocka_unit_test_setup_teardown(extensions_are_counted_with_reasons, setup, teardown),
		cmocka_unit_test_setup_teardown(leaver_makes_actions_unowned, setup, teardown),
		cmocka_unit_test_setup_teardown(list_filters_windows_and_search, setup, teardown),
		cmocka_unit_test_setup_teardown(whitespace_search_is_no_search, setup, teardown),
		cmocka_unit_test_setup_teardown(history_records_who_what_old_new, setup, teardown),
		cmocka_unit_test_setup_teardown(corrections_supersede, setup, teardown),
		cmocka_unit_test_setup_teardown(edit_refuses_a_change_made_since_its_base, setup, teardown),
		cmocka_unit_test_setup_teardown(draft_check_names_what_is_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(supporter_history_names_only_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(sql_filters_agree_with_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(totals_agree_with_rules_on_boundary_days, setup, teardown),
		cmocka_unit_test_setup_teardown(attention_filter_is_the_rules_set, setup, teardown),
		cmocka_unit_test_setup_teardown(filters_by_key_question_and_statement, setup, teardown),
		cmocka_unit_test_setup_teardown(people_by_role_and_position, setup, teardown),
		cmocka_unit_test_setup_teardown(areas_in_use, setup, teardown),
		cmocka_unit_test_setup_teardown(review_decisions_set_the_next_review, setup, teardown),
		cmocka_unit_test_setup_teardown(escalation_goes_to_the_level_s_person, setup, teardown),
		cmocka_unit_test_setup_teardown(positions_and_matches_agree_with_the_list, setup, teardown),
		cmocka_unit_test_setup_teardown(every_order_walks_by_key_as_the_list_by_offset, setup, teardown),
		cmocka_unit_test_setup_teardown(owner_order_follows_names, setup, teardown),
		cmocka_unit_test_setup_teardown(every_order_reads_its_index, setup, teardown),
		cmocka_unit_test_setup_teardown(search_matches_follow_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(brief_list_has_the_list_fields, setup, teardown),
	};
#ifdef QIP_TEST_THRESHOLDS
	/* Built with other thresholds than rules.h's (tests/meson.build): only
	 * the agreement of the SQL with the rules applies. */
	_Static_assert(QIP_DUE_SOON_DAYS != 7 && QIP_STALE_DAYS != 30 && QIP_EXTENDED_TIMES != 2,
		       "the thresholds test needs thresholds other than the shipped ones");
	cmocka_set_test_filter("*agree_with_rules*");
#endif
	return cmocka_run_group_tests(tests, NULL, NULL);
}
