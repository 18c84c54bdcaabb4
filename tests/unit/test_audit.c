/* Audit runs: answers committed one by one and resumed after the program
 * stops mid-audit, scoring with samples, weights, N/A, choices, numbers
 * and critical failures, proposals grouped across samples, repeat
 * findings, outcome evidence on earlier actions, reopening from
 * monitoring, the schedule at its boundary days and trend warnings. */
#include "fixture.h"

#include <math.h>

#include "qip/action.h"
#include "qip/audit.h"
#include "qip/escalation.h"
#include "qip/service.h"
#include "qip/template.h"
#include "qip/text.h"

/* Three people sampled; per person a weighted yes-no that needs a note
 * when it fails, a yes-no-na and a fluid intake with a maximum only;
 * once per audit a critical fridge reading, a choice and a text note. */
static const char mar_yaml[] =
	"qip-template: 1\n"
	"key: mar\n"
	"version: 1\n"
	"title: MAR audit\n"
	"area: medicines\n"
	"key_question: safe\n"
	"frequency: monthly\n"
	"target: 90\n"
	"owner_role: medicines-lead\n"
	"bands: {amber: 80, green: 90}\n"
	"sample: {subject: person, size: 3}\n"
	"sections:\n"
	"  - title: Chart\n"
	"    questions:\n"
	"      - id: signed\n"
	"        text: Every dose signed\n"
	"        type: yes-no\n"
	"        weight: 2\n"
	"        requires_note_on_fail: true\n"
	"        on_fail:\n"
	"          action: Review gaps with staff\n"
	"          due_days: 7\n"
	"          outcome: Every dose signed at re-audit\n"
	"          target: 100\n"
	"          baseline: Gaps in signatures.\n"
	"      - id: prn\n"
	"        text: PRN protocol for each when-required medicine\n"
	"        type: yes-no-na\n"
	"      - id: intake\n"
	"        text: Fluid intake today\n"
	"        type: number\n"
	"        unit: ml\n"
	"        max: 1500\n"
	"  - title: Storage\n"
	"    once: true\n"
	"    questions:\n"
	"      - id: fridge\n"
	"        text: Fridge temperature\n"
	"        type: number\n"
	"        min: 2\n"
	"        max: 8\n"
	"        lowest: -10\n"
	"        highest: 30\n"
	"        critical: true\n"
	"      - id: room\n"
	"        text: Room condition\n"
	"        type: choice\n"
	"        choices: [{label: Good, score: 2}, {label: Poor, score: 0, fail: true}]\n"
	"      - id: notes\n"
	"        text: Other findings\n"
	"        type: text\n";

struct world {
	struct fixture f;
	struct qip_db *db;
	int64_t service, lead, ni;
};

static void import_template(struct qip_db *db, const char *yaml)
{
	struct qip_diags d;
	qip_diags_init(&d, "t.yaml");
	struct qip_template *t;
	if (qip_template_parse(yaml, strlen(yaml), NULL, &t, &d)) {
		for (int i = 0; i < d.n; i++)
			fprintf(stderr, "# %d:%d: %s\n", d.v[i].line, d.v[i].col, d.v[i].msg);
		fail_msg("template does not parse");
	}
	qip_diags_free(&d);
	enum qip_import_result res;
	int current;
	assert_int_equal(qip_template_import(db, t, yaml, strlen(yaml), &res, &current), QIP_OK);
	qip_template_free(t);
}

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof *w);
	w->db = fixture_open(&w->f);
	assert_int_equal(qip_service_add(w->db, "Rose House", "care-home", &w->service), QIP_OK);
	struct qip_person_new lead = { .name = "Lena Lead", .role = "medicines-lead" };
	struct qip_person_new other = { .name = "Aaron Other", .role = "medicines-lead" };
	struct qip_person_new ni = { .name = "Nia Nominated", .role = "nominated-individual" };
	int64_t other_id;
	assert_int_equal(qip_person_add(w->db, &lead, &w->lead), QIP_OK);
	assert_int_equal(qip_person_add(w->db, &other, &other_id), QIP_OK);
	assert_int_equal(qip_person_add(w->db, &ni, &w->ni), QIP_OK);
	import_template(w->db, mar_yaml);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;
	fixture_close(&w->f);
	free(w);
	return 0;
}

static int64_t start(struct world *w, const char *date)
{
	struct qip_audit_start s = { .template_key = "mar", .service = "Rose House", .date = date };
	int64_t run;
	assert_int_equal(qip_audit_start(w->db, &s, &run), QIP_OK);
	return run;
}

static void answer(struct world *w, int64_t run, int sample, const char *q, const char *v, const char *note)
{
	int rc = qip_audit_answer(w->db, run, sample, q, v, note);
	if (rc)
		fail_msg("answer %s=%s: %s", q, v, qip_db_error(w->db));
}

static void expect_refused(struct world *w, int rc, const char *want)
{
	assert_int_not_equal(rc, QIP_OK);
	if (!strstr(qip_db_error(w->db), want))
		fail_msg("message '%s' does not say '%s'", qip_db_error(w->db), want);
}

static void name_subjects(struct world *w, int64_t run, int n)
{
	static const char *const names[] = { "Ann", "Bob", "Cal" };
	for (int i = 0; i < n; i++) {
		int sample;
		assert_int_equal(qip_audit_add_subject(w->db, run, names[i], &sample), QIP_OK);
		assert_int_equal(sample, i);
	}
}

/* The worked run: Ann passes, Bob and Cal fail 'signed', Bob is over
 * his fluid maximum, Cal fails the PRN question, the fridge is at 9. */
static void answer_worked_run(struct world *w, int64_t run)
{
	name_subjects(w, run, 3);
	answer(w, run, 0, "signed", "yes", NULL);
	answer(w, run, 0, "prn", "na", NULL);
	answer(w, run, 0, "intake", "1200", NULL);
	answer(w, run, 0, "fridge", "9", "fridge door left open");
	answer(w, run, 0, "room", "good", NULL);
	answer(w, run, 0, "notes", "", NULL);
	answer(w, run, 1, "signed", "no", "two gaps on Tuesday");
	answer(w, run, 1, "prn", "yes", NULL);
	answer(w, run, 1, "intake", "1600", NULL);
	answer(w, run, 2, "signed", "n", "a gap at teatime");
	answer(w, run, 2, "prn", "no", NULL);
	answer(w, run, 2, "intake", "1000", NULL);
}

static void subjects_are_limited(void **state)
{
	struct world *w = *state;
	int64_t run = start(w, NULL);
	int sample;
	expect_refused(w, qip_audit_add_subject(w->db, run, "  ", &sample), "name the subject");
	char long_name[80];
	memset(long_name, 'x', 61);
	long_name[61] = '\0';
	expect_refused(w, qip_audit_add_subject(w->db, run, long_name, &sample), "too long (61 characters; at most 60)");
	expect_refused(w, qip_audit_add_subject(w->db, run, "Room\n4", &sample), "one line");
	name_subjects(w, run, 3);
	expect_refused(w, qip_audit_add_subject(w->db, run, "Dee", &sample), "samples 3 people: all 3 are named");
	assert_int_equal(fixture_int(w->db, "SELECT count(*) FROM audit_subject"), 3);
	/* Sampling the same person twice is a mistake. */
	int64_t run2 = start(w, NULL);
	assert_int_equal(qip_audit_add_subject(w->db, run2, "Room 4", &sample), QIP_OK);
	expect_refused(w, qip_audit_add_subject(w->db, run2, "Room 4", &sample), "already sampled");
}

static void answers_that_do_not_fit_are_refused(void **state)
{
	struct world *w = *state;
	int64_t run = start(w, NULL);
	expect_refused(w, qip_audit_answer(w->db, run, 0, "signed", "yes", NULL), "name person 1 before answering");
	name_subjects(w, run, 1);
	expect_refused(w, qip_audit_answer(w->db, run, 0, "signed", "na", NULL), "'signed' cannot be answered N/A");
	expect_refused(w, qip_audit_answer(w->db, run, 0, "signed", "maybe", NULL), "answer yes or no");
	expect_refused(w, qip_audit_answer(w->db, run, 0, "signed", "no", NULL), "asks for a note");
	expect_refused(w, qip_audit_answer(w->db, run, 0, "fridge", "warm", NULL), "'fridge' takes a number");
	expect_refused(w, qip_audit_answer(w->db, run, 0, "fridge", "1e12", NULL), "too large");
	/* Outside what can be typed: a typing mistake, not a failure. */
	expect_refused(w, qip_audit_answer(w->db, run, 0, "fridge", "55", NULL),
		       "'55' cannot be a reading for 'fridge': it takes from -10 up to 30");
	expect_refused(w, qip_audit_answer(w->db, run, 0, "intake", "-5e10", NULL), "too large");
	expect_refused(w, qip_audit_answer(w->db, run, 0, "room", "Fine", NULL), "not one of the choices for 'room' (Good, Poor)");
	expect_refused(w, qip_audit_answer(w->db, run, 1, "fridge", "5", NULL), "asked once per audit");
	expect_refused(w, qip_audit_answer(w->db, run, 0, "colour", "5", NULL), "no question 'colour'");
	expect_refused(w, qip_audit_answer(w->db, run, 2, "signed", "yes", NULL), "no person 3");
	/* Nothing half-written. */
	assert_int_equal(fixture_int(w->db, "SELECT count(*) FROM audit_answer"), 0);
	/* A number outside min..max is an answer that fails, not a refusal. */
	answer(w, run, 0, "fridge", "8.5", NULL);
	assert_int_equal(fixture_int(w->db, "SELECT failed FROM audit_answer WHERE question = 'fridge'"), 1);
}

static void answers_survive_a_kill_and_resume(void **state)
{
	struct world *w = *state;
	int64_t run = start(w, NULL);
	struct qip_audit_position pos;
	assert_int_equal(qip_audit_resume(w->db, run, &pos), QIP_OK);
	assert_true(pos.need_subject);
	assert_false(pos.done);
	name_subjects(w, run, 2);
	answer(w, run, 0, "signed", "yes", NULL);
	answer(w, run, 0, "prn", "yes", NULL);
	/* Changed while a draft: still one answer. */
	answer(w, run, 0, "prn", "na", "no PRN medicines");
	/* The program stops here without finishing: close and reopen. */
	qip_db_close(w->db);
	char err[300];
	assert_int_equal(qip_db_open(w->f.path, 0, &w->db, err, sizeof err), QIP_OK);
	w->f.db = w->db;
	assert_int_equal(qip_audit_resume(w->db, run, &pos), QIP_OK);
	assert_int_equal(pos.sample, 0);
	assert_int_equal(pos.question, 2);   /* intake */
	assert_int_equal(pos.answered, 2);
	answer(w, run, 0, "intake", "900", NULL);
	answer(w, run, 0, "fridge", "5", NULL);
	answer(w, run, 0, "room", "Good", NULL);
	answer(w, run, 0, "notes", "", NULL);
	/* The second person skips the storage questions asked once. */
	assert_int_equal(qip_audit_resume(w->db, run, &pos), QIP_OK);
	assert_int_equal(pos.sample, 1);
	assert_int_equal(pos.question, 0);
	expect_refused(w, qip_audit_finish(w->db, run, false), "'signed' is not answered for person 2 (Bob)");
	answer(w, run, 1, "signed", "yes", NULL);
	answer(w, run, 1, "prn", "yes", NULL);
	answer(w, run, 1, "intake", "1500", NULL);   /* at the maximum: met */
	assert_int_equal(qip_audit_resume(w->db, run, &pos), QIP_OK);
	assert_true(pos.done);
	assert_true(pos.need_subject);   /* a third may still be named */
	assert_int_equal(qip_audit_finish(w->db, run, false), QIP_OK);
	expect_refused(w, qip_audit_answer(w->db, run, 0, "signed", "no", "late"), "is finished");
	struct qip_audit_run r;
	assert_int_equal(qip_audit_run_get(w->db, run, &r), QIP_OK);
	assert_true(r.score.passed);
	assert_true(fabs(r.score.percent - 100) < 1e-9);
	assert_int_equal(r.band, QIP_BAND_GREEN);
	assert_string_equal(r.notes[1], "no PRN medicines");
	qip_audit_run_clear(&r);
	assert_int_equal(fixture_int(w->db, "SELECT count(*) FROM audit_proposal"), 0);
}

static void finishing_scores_and_proposes(void **state)
{
	struct world *w = *state;
	assert_int_equal(qip_service_role_set(w->db, "Rose House", "medicines-lead", "Lena Lead"), QIP_OK);
	int64_t run = start(w, NULL);
	answer_worked_run(w, run);
	assert_int_equal(qip_audit_finish(w->db, run, false), QIP_OK);
	struct qip_audit_run r;
	assert_int_equal(qip_audit_run_get(w->db, run, &r), QIP_OK);
	/* Earned 2+1 (Ann; N/A left out) + 0+1+0 (Bob) + 0+0+1 (Cal)
	 * + 0+1 (fridge, room) = 6 of 3+4+4+2 = 13. */
	assert_true(fabs(r.score.earned - 6) < 1e-9);
	assert_true(fabs(r.score.available - 13) < 1e-9);
	assert_true(fabs(r.score.percent - 600.0 / 13) < 1e-9);
	assert_false(r.score.passed);
	assert_int_equal(r.score.critical_failures, 1);
	assert_int_equal(r.band, QIP_BAND_RED);
	assert_true(fabs(r.sections[0].earned - 5) < 1e-9 && fabs(r.sections[0].available - 11) < 1e-9);
	assert_true(fabs(r.sections[1].earned - 1) < 1e-9 && fabs(r.sections[1].available - 2) < 1e-9);
	/* Critical failures first, then the template's order. */
	assert_int_equal(r.nfindings, 4);
	assert_string_equal(r.template->questions[r.findings[0].question].id, "fridge");
	assert_true(r.findings[0].critical);
	assert_string_equal(r.template->questions[r.findings[1].question].id, "signed");
	assert_int_equal(r.findings[1].failed, 2);
	assert_int_equal(r.findings[1].asked, 3);
	assert_int_equal(r.findings[2].failed, 1);
	assert_int_equal(r.findings[2].asked, 2);   /* N/A is not asked */
	qip_audit_run_clear(&r);
	assert_int_equal(fixture_int(w->db, "SELECT score IS NOT NULL AND passed = 0 AND band = 'red'"
				     " AND status = 'complete' FROM audit_run"), 1);
	/* One proposal per failed question, grouped across the people. */
	assert_int_equal(fixture_int(w->db, "SELECT count(*) FROM audit_proposal WHERE status = 'pending'"), 4);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(qip_db_handle(w->db),
		"SELECT title, baseline, target, due_on, owner_id, critical FROM audit_proposal WHERE question = 'signed'",
		-1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "Review gaps with staff");
	assert_string_equal((const char *)sqlite3_column_text(st, 1),
		"Gaps in signatures.\nMAR audit at Rose House on 2 Mar 2026: 'Every dose signed' failed for 2 of 3 people (Bob, Cal).");
	assert_true(sqlite3_column_double(st, 2) == 100);
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "2026-03-09");
	/* The service's mapped medicines lead, not the first by name. */
	assert_int_equal(sqlite3_column_int64(st, 4), w->lead);
	sqlite3_finalize(st);
	/* A default proposal from the question itself: due in 28 days. */
	assert_int_equal(fixture_int(w->db, "SELECT due_on = '2026-03-30' AND title = 'Put right: Fluid intake today'"
				     " AND target = 100 FROM audit_proposal WHERE question = 'intake'"), 1);
	assert_int_equal(fixture_int(w->db, "SELECT critical FROM audit_proposal WHERE question = 'fridge'"), 1);

	/* Accept, skip, edit, merge. */
	int64_t signed_id = fixture_int(w->db, "SELECT id FROM audit_proposal WHERE question = 'signed'");
	int64_t prn_id = fixture_int(w->db, "SELECT id FROM audit_proposal WHERE question = 'prn'");
	int64_t intake_id = fixture_int(w->db, "SELECT id FROM audit_proposal WHERE question = 'intake'");
	int64_t fridge_id = fixture_int(w->db, "SELECT id FROM audit_proposal WHERE question = 'fridge'");
	struct qip_audit_proposal_edit e = { .title = "Retrain on signing", .due = "2026-03-20", .owner = "Aaron Other" };
	assert_int_equal(qip_audit_proposal_edit(w->db, signed_id, &e), QIP_OK);
	struct qip_audit_proposal_edit bad = { .due = "2026-02-30" };
	expect_refused(w, qip_audit_proposal_edit(w->db, signed_id, &bad), "2026-02-30");
	char ref[16];
	assert_int_equal(qip_audit_proposal_accept(w->db, signed_id, ref), QIP_OK);
	struct qip_action a = { 0 };
	assert_int_equal(qip_action_get(w->db, ref, &a), QIP_OK);
	assert_string_equal(a.title, "Retrain on signing");
	assert_string_equal(a.owner, "Aaron Other");
	assert_int_equal(a.source, 0);   /* QIP_SRC_AUDIT */
	char want[80];
	snprintf(want, sizeof want, "audit run %lld: mar version 1, 2 Mar 2026", (long long)run);
	assert_string_equal(a.source_ref, want);
	assert_string_equal(a.service, "Rose House");
	assert_true(a.has_target && a.target == 100);
	int64_t action_id = a.id;
	qip_action_clear(&a);
	expect_refused(w, qip_audit_proposal_accept(w->db, signed_id, ref), "already accepted as");
	assert_int_equal(qip_audit_proposal_skip(w->db, prn_id), QIP_OK);
	assert_int_equal(qip_audit_proposal_merge(w->db, intake_id, ref), QIP_OK);
	expect_refused(w, qip_audit_proposal_merge(w->db, fridge_id, "QIP-9999"), "QIP-9999");
	assert_int_equal(fixture_int(w->db, "SELECT count(*) FROM audit_proposal WHERE action_id IS NOT NULL"), 2);
	char sql[120];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_proposal WHERE action_id = %lld", (long long)action_id);
	assert_int_equal(fixture_int(w->db, sql), 2);
}

/* Plants an action in monitoring, as a closure a month ago left it (only
 * close, with its check, puts one there). */
static void plant_monitoring(struct world *w, const char *ref)
{
	char sql[200];
	snprintf(sql, sizeof sql, "UPDATE action SET status = 'monitoring', closed_on = '2026-02-02',"
		 " monitor_until = '2026-04-02' WHERE ref = '%s'", ref);
	if (qip_db_exec(w->db, sql))
		fail_msg("%s", qip_db_error(w->db));
}

static void repeat_findings_evidence_and_reopening(void **state)
{
	struct world *w = *state;
	/* First audit a month ago: scripted, every proposal accepted. */
	int64_t first = start(w, "2026-02-02");
	answer_worked_run(w, first);
	assert_int_equal(qip_audit_finish(w->db, first, true), QIP_OK);
	assert_int_equal(fixture_int(w->db, "SELECT count(*) FROM action WHERE source = 'audit'"), 4);
	assert_int_equal(fixture_int(w->db, "SELECT count(*) FROM audit_answer WHERE repeat = 1"), 0);
	assert_int_equal(fixture_int(w->db, "SELECT count(*) FROM escalation"), 0);
	char ref_signed[16], ref_fridge[16];
	snprintf(ref_signed, sizeof ref_signed, "QIP-%04lld",
		 (long long)fixture_int(w->db, "SELECT a.seq FROM action a JOIN audit_proposal p ON p.action_id = a.id"
					" WHERE p.question = 'signed'"));
	snprintf(ref_fridge, sizeof ref_fridge, "QIP-%04lld",
		 (long long)fixture_int(w->db, "SELECT a.seq FROM action a JOIN audit_proposal p ON p.action_id = a.id"
					" WHERE p.question = 'fridge'"));
	/* The fridge action was put right and is being watched; the prn
	 * action was closed. */
	plant_monitoring(w, ref_fridge);
	assert_int_equal(qip_db_exec(w->db, "UPDATE action SET status = 'closed' WHERE id ="
				     " (SELECT action_id FROM audit_proposal WHERE question = 'prn')"), QIP_OK);

	/* The re-audit: 'signed' fails again (a repeat), the fridge is fine. */
	int64_t second = start(w, NULL);
	name_subjects(w, second, 3);
	for (int s = 0; s < 3; s++) {
		answer(w, second, s, "signed", s == 2 ? "no" : "yes", s == 2 ? "gap again" : NULL);
		answer(w, second, s, "prn", "yes", NULL);
		answer(w, second, s, "intake", "1000", NULL);
	}
	answer(w, second, 0, "fridge", "5", NULL);
	answer(w, second, 0, "room", "Poor", NULL);
	answer(w, second, 0, "notes", "", NULL);
	assert_int_equal(qip_audit_finish(w->db, second, false), QIP_OK);
	/* Earned 2+1+1 + 2+1+1 + 0+1+1 + 1+0 = 11 of 14: 78.6 %, below 90. */
	struct qip_audit_run r;
	assert_int_equal(qip_audit_run_get(w->db, second, &r), QIP_OK);
	assert_true(fabs(r.score.percent - 1100.0 / 14) < 1e-9);
	assert_int_equal(r.band, QIP_BAND_RED);
	double score = r.score.percent;
	int repeats = 0;
	for (int i = 0; i < r.nanswers; i++)
		repeats += r.repeat[i];
	assert_int_equal(repeats, 1);
	qip_audit_run_clear(&r);
	char sql[300];
	snprintf(sql, sizeof sql, "SELECT repeat FROM audit_answer WHERE run_id = %lld AND question = 'signed' AND sample = 2",
		 (long long)second);
	assert_int_equal(fixture_int(w->db, sql), 1);
	/* 'room' failed only now: not a repeat. */
	snprintf(sql, sizeof sql, "SELECT repeat FROM audit_proposal WHERE run_id = %lld AND question = 'room'", (long long)second);
	assert_int_equal(fixture_int(w->db, sql), 0);

	/* Outcome evidence from the score on each earlier action not closed
	 * (signed, intake, fridge), none on the closed one. */
	assert_int_equal(fixture_int(w->db, "SELECT count(*) FROM evidence WHERE kind = 'outcome' AND category = 'processes'"), 3);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM evidence WHERE source = 'audit run %lld' AND abs(value - %.17g) < 1e-9",
		 (long long)second, score);
	assert_int_equal(fixture_int(w->db, sql), 3);
	assert_int_equal(fixture_int(w->db, "SELECT count(*) FROM evidence e JOIN audit_proposal p ON p.action_id = e.action_id"
				     " WHERE p.question = 'prn'"), 0);
	/* The action in monitoring is reopened, with the reason recorded. */
	struct qip_action a = { 0 };
	assert_int_equal(qip_action_get(w->db, ref_fridge, &a), QIP_OK);
	assert_string_equal(a.status == 4 ? "reopened" : "not reopened", "reopened");
	int64_t fridge_action = a.id;
	qip_action_clear(&a);
	/* Judged against the action's own target (100 %), not the template's. */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM history WHERE entity = 'action' AND entity_id = %lld"
		 " AND field = 'review' AND new = 'reopen: re-audit below target while in monitoring: MAR audit on"
		 " 2 Mar 2026 scored 78.6%% against a target of 100%% (audit run %lld)'",
		 (long long)fridge_action, (long long)second);
	assert_int_equal(fixture_int(w->db, sql), 1);

	/* The repeat proposal points at the still-open action; accepting it
	 * merges there and escalates at level 2 as recurring. */
	int64_t prop = 0;
	snprintf(sql, sizeof sql, "SELECT id FROM audit_proposal WHERE run_id = %lld AND question = 'signed'", (long long)second);
	prop = fixture_int(w->db, sql);
	snprintf(sql, sizeof sql, "SELECT repeat FROM audit_proposal WHERE id = %lld", (long long)prop);
	assert_int_equal(fixture_int(w->db, sql), 1);
	char ref[16];
	assert_int_equal(qip_audit_proposal_accept(w->db, prop, ref), QIP_OK);
	assert_string_equal(ref, ref_signed);
	assert_int_equal(fixture_int(w->db, "SELECT count(*) FROM escalation WHERE level = 2 AND reason = 'recurring'"
				     " AND resolved_on IS NULL"), 1);
	snprintf(sql, sizeof sql, "SELECT assigned_to FROM escalation WHERE action_id = (SELECT id FROM action WHERE ref = '%s')", ref_signed);
	assert_int_equal(fixture_int(w->db, sql), w->ni);
	/* The action shows both runs it came from. */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_proposal WHERE action_id = (SELECT id FROM action WHERE ref = '%s')"
		 " AND repeat = 1", ref_signed);
	assert_int_equal(fixture_int(w->db, sql), 1);
}

static void scripted_finish_escalates_a_new_repeat_action(void **state)
{
	struct world *w = *state;
	/* The first run's proposals are skipped: the repeat has no open
	 * action to go to, so accepting makes one and escalates it. */
	int64_t first = start(w, "2026-01-05");
	answer_worked_run(w, first);
	assert_int_equal(qip_audit_finish(w->db, first, false), QIP_OK);
	int64_t second = start(w, "2026-02-05");
	answer_worked_run(w, second);
	assert_int_equal(qip_audit_finish(w->db, second, true), QIP_OK);
	assert_int_equal(fixture_int(w->db, "SELECT count(*) FROM audit_answer WHERE repeat = 1"), 5);
	assert_int_equal(fixture_int(w->db, "SELECT count(*) FROM audit_proposal WHERE repeat = 1 AND status = 'accepted'"), 4);
	/* One escalation per repeat action, all at level 2. */
	assert_int_equal(fixture_int(w->db, "SELECT count(*) FROM escalation WHERE level = 2 AND reason = 'recurring'"), 4);
	/* No earlier action: no evidence given. */
	assert_int_equal(fixture_int(w->db, "SELECT count(*) FROM evidence"), 0);
}

/* Nobody holds level 2: the repeat still makes its action and stays
 * marked; the escalation queue is not a gate. */
static void repeat_without_a_level_2_person(void **state)
{
	struct world *w = *state;
	assert_int_equal(qip_person_mark_left(w->db, w->ni, QIP_NO_DATE), QIP_OK);
	int64_t first = start(w, "2026-01-05");
	answer_worked_run(w, first);
	assert_int_equal(qip_audit_finish(w->db, first, false), QIP_OK);
	int64_t second = start(w, "2026-02-05");
	answer_worked_run(w, second);
	assert_int_equal(qip_audit_finish(w->db, second, true), QIP_OK);
	assert_int_equal(fixture_int(w->db, "SELECT count(*) FROM audit_proposal WHERE repeat = 1 AND status = 'accepted'"), 4);
	assert_int_equal(fixture_int(w->db, "SELECT count(*) FROM escalation"), 0);
}

struct list_ctx {
	int n;
	int64_t first_id;
	bool first_complete, first_passed;
	int first_band, first_answered;
};

static int list_row(void *arg, const struct qip_audit_run_row *r)
{
	struct list_ctx *c = arg;
	if (c->n++ == 0) {
		c->first_id = r->id;
		c->first_complete = r->complete;
		c->first_passed = r->passed;
		c->first_band = r->band;
		c->first_answered = r->answered;
	}
	return 0;
}

static void runs_are_listed_newest_first(void **state)
{
	struct world *w = *state;
	int64_t old = start(w, "2026-01-05");
	answer_worked_run(w, old);
	assert_int_equal(qip_audit_finish(w->db, old, false), QIP_OK);
	int64_t draft = start(w, "2026-02-05");
	name_subjects(w, draft, 1);
	answer(w, draft, 0, "signed", "yes", NULL);
	struct list_ctx c = { 0 };
	assert_int_equal(qip_audit_list(w->db, 0, "mar", list_row, &c), QIP_OK);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.first_id, draft);
	assert_false(c.first_complete);
	assert_int_equal(c.first_answered, 1);
	memset(&c, 0, sizeof c);
	assert_int_equal(qip_audit_list(w->db, w->service, "hydration", list_row, &c), QIP_OK);
	assert_int_equal(c.n, 0);
	struct qip_audit_start s = { .template_key = "mar", .service = "Rose House", .date = "2026-03-03" };
	int64_t run;
	expect_refused(w, qip_audit_start(w->db, &s, &run), "future");
	s.date = "2026-03-01";
	s.template_key = "nope";
	expect_refused(w, qip_audit_start(w->db, &s, &run), "no template 'nope'");
}

struct due_ctx {
	int n;
	char words[4][120];
	qip_date due[4];
	bool overdue[4], temporary[4];
};

static int due_row(void *arg, const struct qip_audit_due_row *r)
{
	struct due_ctx *c = arg;
	if (c->n < 4) {
		snprintf(c->words[c->n], sizeof c->words[0], "%s", r->words);
		c->due[c->n] = r->due;
		c->overdue[c->n] = r->overdue;
		c->temporary[c->n] = r->temporary;
	}
	c->n++;
	return 0;
}

static void finish_quick(struct world *w, const char *date)
{
	int64_t run = start(w, date);
	name_subjects(w, run, 1);
	answer(w, run, 0, "signed", "yes", NULL);
	answer(w, run, 0, "prn", "yes", NULL);
	answer(w, run, 0, "intake", "100", NULL);
	answer(w, run, 0, "fridge", "5", NULL);
	answer(w, run, 0, "room", "Good", NULL);
	assert_int_equal(qip_audit_finish(w->db, run, false), QIP_OK);
}

static void schedule_due_and_overdue_at_the_boundary(void **state)
{
	struct world *w = *state;
	struct due_ctx c = { 0 };
	/* Never done: due today, not overdue. */
	assert_int_equal(qip_audit_due(w->db, 0, true, due_row, &c), QIP_OK);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.words[0], "MAR audit at Rose House never done");
	assert_int_equal(c.due[0], qip_date_from_ymd(2026, 3, 2));
	assert_false(c.overdue[0]);
	/* Monthly, last done 2 Feb: due today (2 Mar), not overdue. */
	finish_quick(w, "2026-02-02");
	memset(&c, 0, sizeof c);
	assert_int_equal(qip_audit_due(w->db, w->service, true, due_row, &c), QIP_OK);
	assert_int_equal(c.n, 1);
	assert_false(c.overdue[0]);
	assert_string_equal(c.words[0], "MAR audit at Rose House last done 4 weeks ago");
	/* A day later it is overdue. */
	qip_db_set_today(w->db, qip_date_from_ymd(2026, 3, 3));
	memset(&c, 0, sizeof c);
	assert_int_equal(qip_audit_due(w->db, 0, true, due_row, &c), QIP_OK);
	assert_int_equal(c.n, 1);
	assert_true(c.overdue[0]);
	/* Done on 3 Mar: not due until 3 Apr; listed only when asked for all. */
	finish_quick(w, "2026-03-03");
	memset(&c, 0, sizeof c);
	assert_int_equal(qip_audit_due(w->db, 0, true, due_row, &c), QIP_OK);
	assert_int_equal(c.n, 0);
	assert_int_equal(qip_audit_due(w->db, 0, false, due_row, &c), QIP_OK);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.due[0], qip_date_from_ymd(2026, 4, 3));
	/* In recovery: weekly until 24 Mar, so due 10 Mar; the looser or
	 * equal frequency is refused. */
	expect_refused(w, qip_audit_set_frequency(w->db, "Rose House", "mar", "quarterly", "+8w"), "not more often");
	expect_refused(w, qip_audit_set_frequency(w->db, "Rose House", "mar", "weekly", "2026-03-01"), "in the past");
	assert_int_equal(qip_audit_set_frequency(w->db, "Rose House", "mar", "weekly", "2026-03-24"), QIP_OK);
	memset(&c, 0, sizeof c);
	assert_int_equal(qip_audit_due(w->db, 0, false, due_row, &c), QIP_OK);
	assert_int_equal(c.due[0], qip_date_from_ymd(2026, 3, 10));
	assert_true(c.temporary[0]);
	/* On its last day it still holds; the day after, monthly again. */
	qip_db_set_today(w->db, qip_date_from_ymd(2026, 3, 24));
	memset(&c, 0, sizeof c);
	assert_int_equal(qip_audit_due(w->db, 0, true, due_row, &c), QIP_OK);
	assert_int_equal(c.n, 1);
	assert_true(c.overdue[0] && c.temporary[0]);
	assert_string_equal(c.words[0], "MAR audit at Rose House last done 3 weeks ago");
	qip_db_set_today(w->db, qip_date_from_ymd(2026, 3, 25));
	memset(&c, 0, sizeof c);
	assert_int_equal(qip_audit_due(w->db, 0, true, due_row, &c), QIP_OK);
	assert_int_equal(c.n, 0);
}

/* A template names the kinds of service it is for: a care home is never
 * made due a home-care audit, nor can one be started there; a home-care
 * service is. */
static void templates_are_for_their_kinds_of_service(void **state)
{
	struct world *w = *state;
	char *home_care = qip_strdup(mar_yaml);
	char *k = strstr(home_care, "key: mar\n");
	assert_non_null(k);
	/* The same template under another key, for home care only. */
	size_t head = (size_t)(k - home_care);
	char *yaml = qip_printf("%.*skey: mar-home\nservices: [domiciliary, supported-living]\n%s",
				(int)head, home_care, k + strlen("key: mar\n"));
	import_template(w->db, yaml);
	int64_t agency;
	assert_int_equal(qip_service_add(w->db, "Home Help", "domiciliary", &agency), QIP_OK);

	struct due_ctx care_home = { 0 }, domiciliary = { 0 };
	assert_int_equal(qip_audit_due(w->db, w->service, false, due_row, &care_home), QIP_OK);
	assert_int_equal(care_home.n, 1);   /* mar only */
	assert_non_null(strstr(care_home.words[0], "MAR audit at Rose House"));
	assert_int_equal(qip_audit_due(w->db, agency, false, due_row, &domiciliary), QIP_OK);
	assert_int_equal(domiciliary.n, 2);   /* mar names no kinds: every kind; and mar-home */

	struct qip_audit_start s = { .template_key = "mar-home", .service = "Rose House" };
	int64_t run;
	expect_refused(w, qip_audit_start(w->db, &s, &run),
		       "the mar-home template is not for Rose House: it is a care home, and the template is for"
		       " supported living or domiciliary care services");
	s.service = "Home Help";
	assert_int_equal(qip_audit_start(w->db, &s, &run), QIP_OK);
	free(yaml);
	free(home_care);
}

static void due_dates_and_words(void **state)
{
	(void)state;
	qip_date d = qip_date_from_ymd(2026, 1, 31), today = qip_date_from_ymd(2026, 3, 2);
	assert_int_equal(qip_audit_next_due(QIP_FREQ_MONTHLY, d, today), qip_date_from_ymd(2026, 2, 28));
	assert_int_equal(qip_audit_next_due(QIP_FREQ_WEEKLY, d, today), d + 7);
	assert_int_equal(qip_audit_next_due(QIP_FREQ_FORTNIGHTLY, d, today), d + 14);
	assert_int_equal(qip_audit_next_due(QIP_FREQ_DAILY, d, today), d + 1);
	assert_int_equal(qip_audit_next_due(QIP_FREQ_QUARTERLY, d, today), qip_date_from_ymd(2026, 4, 30));
	assert_int_equal(qip_audit_next_due(QIP_FREQ_ANNUALLY, d, today), qip_date_from_ymd(2027, 1, 31));
	assert_int_equal(qip_audit_next_due(QIP_FREQ_ANNUALLY, QIP_NO_DATE, today), today);
	char buf[40];
	struct { int days; const char *want; } cases[] = {
		{ 0, "today" }, { 1, "yesterday" }, { 13, "13 days ago" }, { 14, "2 weeks ago" },
		{ 42, "6 weeks ago" }, { 62, "8 weeks ago" }, { 63, "2 months ago" }, { 400, "13 months ago" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		qip_audit_ago_text(today - cases[i].days, today, buf, sizeof buf);
		assert_string_equal(buf, cases[i].want);
	}
	qip_audit_ago_text(QIP_NO_DATE, today, buf, sizeof buf);
	assert_string_equal(buf, "never");
}

static void trend_warnings_at_their_boundaries(void **state)
{
	(void)state;
	/* Three falls in a row take four results. */
	assert_int_equal(qip_audit_trend_warning((double[]){ 99, 98, 97, 96 }, 4, 90), QIP_TREND_FALLING);
	assert_int_equal(qip_audit_trend_warning((double[]){ 98, 97, 96 }, 3, 90), 0);
	assert_int_equal(qip_audit_trend_warning((double[]){ 99, 98, 98, 96 }, 4, 90), 0);
	assert_int_equal(qip_audit_trend_warning((double[]){ 50, 98, 97, 96 }, 4, 90), 0);
	assert_int_equal(qip_audit_trend_warning((double[]){ 99, 98, 97, 96, 97 }, 5, 90), 0);
	/* Two below target in a row; the target itself is not below. */
	assert_int_equal(qip_audit_trend_warning((double[]){ 95, 89.9, 89.9 }, 3, 90), QIP_TREND_BELOW_TWICE);
	assert_int_equal(qip_audit_trend_warning((double[]){ 89, 90 }, 2, 90), 0);
	assert_int_equal(qip_audit_trend_warning((double[]){ 89, 95, 89 }, 3, 90), 0);
	assert_int_equal(qip_audit_trend_warning((double[]){ 89 }, 1, 90), 0);
	assert_int_equal(qip_audit_trend_warning((double[]){ 95, 92, 89, 85 }, 4, 90),
			 QIP_TREND_FALLING | QIP_TREND_BELOW_TWICE);
	/* 19 of 20 is 95 and meets a target of 95. */
	assert_int_equal(qip_audit_trend_warning((double[]){ 19.0 / 20 * 100, 19.0 / 20 * 100 }, 2, 95), 0);
}

static void trend_from_runs(void **state)
{
	struct world *w = *state;
	finish_quick(w, "2026-01-05");
	int64_t run = start(w, "2026-02-05");
	answer_worked_run(w, run);
	assert_int_equal(qip_audit_finish(w->db, run, false), QIP_OK);
	run = start(w, "2026-03-01");
	answer_worked_run(w, run);
	assert_int_equal(qip_audit_finish(w->db, run, false), QIP_OK);
	struct qip_audit_trend_point *p;
	int n;
	unsigned flags;
	assert_int_equal(qip_audit_trend(w->db, "mar", w->service, &p, &n, &flags), QIP_OK);
	assert_int_equal(n, 3);
	assert_true(p[0].percent == 100 && p[0].passed);
	assert_int_equal(p[2].run_on, qip_date_from_ymd(2026, 3, 1));
	assert_int_equal(flags, QIP_TREND_BELOW_TWICE);
	free(p);
}

static void service_roles_fall_back_to_the_role(void **state)
{
	struct world *w = *state;
	int64_t who;
	/* Unmapped: the first active person in the role, by name. */
	assert_int_equal(qip_service_role_person(w->db, w->service, "medicines-lead", &who), QIP_OK);
	assert_int_equal(who, fixture_int(w->db, "SELECT id FROM person WHERE name = 'Aaron Other'"));
	assert_int_equal(qip_service_role_set(w->db, "Rose House", "medicines-lead", "Lena Lead"), QIP_OK);
	assert_int_equal(qip_service_role_person(w->db, w->service, "medicines-lead", &who), QIP_OK);
	assert_int_equal(who, w->lead);
	/* The mapped person leaves: the role's holder again. */
	assert_int_equal(qip_person_mark_left(w->db, w->lead, QIP_NO_DATE), QIP_OK);
	assert_int_equal(qip_service_role_person(w->db, w->service, "medicines-lead", &who), QIP_OK);
	assert_int_equal(who, fixture_int(w->db, "SELECT id FROM person WHERE name = 'Aaron Other'"));
	assert_int_equal(qip_service_role_person(w->db, w->service, "board-member", &who), QIP_OK);
	assert_int_equal(who, 0);
	expect_refused(w, qip_service_role_set(w->db, "Nowhere", "medicines-lead", "Aaron Other"), "Nowhere");
	assert_int_equal(qip_service_role_set(w->db, "Rose House", "medicines-lead", NULL), QIP_OK);
	assert_int_equal(fixture_int(w->db, "SELECT count(*) FROM service_role"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(subjects_are_limited, setup, teardown),
		cmocka_unit_test_setup_teardown(answers_that_do_not_fit_are_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(answers_survive_a_kill_and_resume, setup, teardown),
		cmocka_unit_test_setup_teardown(finishing_scores_and_proposes, setup, teardown),
		cmocka_unit_test_setup_teardown(repeat_findings_evidence_and_reopening, setup, teardown),
		cmocka_unit_test_setup_teardown(scripted_finish_escalates_a_new_repeat_action, setup, teardown),
		cmocka_unit_test_setup_teardown(repeat_without_a_level_2_person, setup, teardown),
		cmocka_unit_test_setup_teardown(runs_are_listed_newest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(schedule_due_and_overdue_at_the_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(templates_are_for_their_kinds_of_service, setup, teardown),
		cmocka_unit_test(due_dates_and_words),
		cmocka_unit_test(trend_warnings_at_their_boundaries),
		cmocka_unit_test_setup_teardown(trend_from_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(service_roles_fall_back_to_the_role, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
