/* Governance meetings: who is on the agenda at the boundary days of the
 * meeting date, each decision recorded against the meeting and the action
 * (the closure check's refusal from the core), and the chair's end. */
#include "fixture.h"

#include "qip/action.h"
#include "qip/escalation.h"
#include "qip/evidence.h"
#include "qip/meeting.h"
#include "qip/service.h"
#include "qip/vocab.h"

static struct fixture F;
/* The fixture's today is 2026-03-02; the meeting is a week later. */
#define MEETING_DAY "2026-03-09"

static int setup(void **state)
{
	struct qip_db *db = fixture_open(&F);
	assert_int_equal(qip_service_add(db, "Oakfield House", "care-home", NULL), QIP_OK);
	assert_int_equal(qip_service_add(db, "Rose House", "care-home", NULL), QIP_OK);
	struct qip_person_new p = { .name = "Sarah Jones", .role = "registered-manager", .login = "sjones",
				    .service = "Oakfield House" };
	assert_int_equal(qip_person_add(db, &p, NULL), QIP_OK);
	p = (struct qip_person_new){ .name = "Tom Reed", .role = "senior carer" };
	assert_int_equal(qip_person_add(db, &p, NULL), QIP_OK);
	p = (struct qip_person_new){ .name = "Ruth Adeyemi", .role = "quality-lead" };
	assert_int_equal(qip_person_add(db, &p, NULL), QIP_OK);
	p = (struct qip_person_new){ .name = "Nadia Idris", .role = "nominated-individual" };
	assert_int_equal(qip_person_add(db, &p, NULL), QIP_OK);
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fixture_close(&F);
	return 0;
}

/* An action at a service, owned by Tom unless owner is "", due and next
 * review as typed (NULL: a month on). */
static const char *add(struct qip_db *db, const char *title, const char *service, const char *owner,
		       const char *due, const char *next_review)
{
	static char ref[QIP_REF_LEN];
	struct qip_action_input in = { 0 };
	in.field[QIP_AF_TITLE] = title;
	in.field[QIP_AF_SERVICE] = service;
	in.field[QIP_AF_OWNER] = owner && *owner ? owner : NULL;
	in.field[QIP_AF_DUE] = due ? due : "2026-04-30";
	in.field[QIP_AF_NEXT_REVIEW] = next_review ? next_review : "2026-04-02";
	in.field[QIP_AF_BASELINE] = "60 % of charts complete";
	in.field[QIP_AF_OUTCOME] = "Charts complete";
	in.field[QIP_AF_TARGET] = "95";
	in.field[QIP_AF_UNIT] = "%";
	assert_int_equal(qip_action_add(db, &in, ref), QIP_OK);
	return ref;
}

static int64_t start(struct qip_db *db, const char *kind, const char *date, const char *service)
{
	const char *who[] = { "Sarah Jones", "Ruth" };
	struct qip_meeting_new m = { .kind = kind, .date = date, .service = service, .attendees = who, .nattendees = 2 };
	int64_t id;
	int rc = qip_meeting_start(db, &m, &id);
	if (rc)
		fail_msg("start: %s", qip_db_error(db));
	return id;
}

static const struct qip_agenda_item *find(const struct qip_agenda *ag, const char *ref)
{
	for (int i = 0; i < ag->nitems; i++)
		if (strcmp(ag->items[i].action.ref, ref) == 0)
			return &ag->items[i];
	return NULL;
}

static void agenda_at_the_boundary_days(void **state)
{
	struct qip_db *db = *state;
	char review_on_day[QIP_REF_LEN], review_after[QIP_REF_LEN], due_before[QIP_REF_LEN], due_on_day[QIP_REF_LEN],
		unowned[QIP_REF_LEN], escalated[QIP_REF_LEN], other_service[QIP_REF_LEN];
	snprintf(review_on_day, sizeof review_on_day, "%s", add(db, "Review on the day", "Oakfield House", "Tom Reed",
								 NULL, MEETING_DAY));
	snprintf(review_after, sizeof review_after, "%s", add(db, "Review the day after", "Oakfield House",
							       "Tom Reed", NULL, "2026-03-10"));
	snprintf(due_before, sizeof due_before, "%s", add(db, "Due the day before", "Oakfield House", "Tom Reed",
							   "2026-03-08", NULL));
	snprintf(due_on_day, sizeof due_on_day, "%s", add(db, "Due on the day", "Oakfield House", "Tom Reed",
							   MEETING_DAY, NULL));
	snprintf(unowned, sizeof unowned, "%s", add(db, "Nobody owns it", "Oakfield House", "", NULL, NULL));
	snprintf(escalated, sizeof escalated, "%s", add(db, "Escalated", "Oakfield House", "Tom Reed", NULL, NULL));
	snprintf(other_service, sizeof other_service, "%s", add(db, "At Rose House", "Rose House", "", NULL, NULL));
	int64_t esc;
	assert_int_equal(qip_escalation_raise(db, escalated, 2, "other", "Nadia", "Stuck", &esc), QIP_OK);

	int64_t id = start(db, "service", MEETING_DAY, "Oakfield House");
	struct qip_agenda ag;
	assert_int_equal(qip_meeting_agenda(db, id, &ag), QIP_OK);
	assert_int_equal(ag.on, qip_date_from_ymd(2026, 3, 9));
	assert_int_equal(ag.since, QIP_NO_DATE);
	assert_int_equal(ag.nitems, 4);
	assert_non_null(find(&ag, review_on_day));
	assert_int_equal(find(&ag, review_on_day)->reasons, QIP_AGENDA_REVIEW_DUE);
	assert_null(find(&ag, review_after));
	assert_non_null(find(&ag, due_before));
	assert_int_equal(find(&ag, due_before)->reasons, QIP_AGENDA_OVERDUE);
	assert_null(find(&ag, due_on_day));
	assert_true(find(&ag, unowned)->reasons & QIP_AGENDA_UNOWNED);
	assert_int_equal(find(&ag, escalated)->reasons, QIP_AGENDA_ESCALATED);
	assert_null(find(&ag, other_service));   /* a service meeting sees its own service */
	/* What the room needs: baseline, target, the closure check's reasons. */
	const struct qip_agenda_item *it = find(&ag, review_on_day);
	assert_string_equal(it->action.baseline, "60 % of charts complete");
	assert_true(it->action.has_target);
	assert_int_equal(it->nreadings, 0);
	assert_true(it->closure_why & QIP_CLOSE_NO_OUTCOME);
	assert_non_null(strstr(it->closure, "no outcome evidence"));
	assert_false(it->closure_why & QIP_CLOSE_REVIEWER_REASONS);
	assert_null(it->decided);
	qip_agenda_clear(&ag);

	/* A provider quality meeting sees every service. */
	int64_t quality = start(db, "provider-quality", MEETING_DAY, NULL);
	assert_int_equal(qip_meeting_agenda(db, quality, &ag), QIP_OK);
	assert_non_null(find(&ag, other_service));
	assert_int_equal(ag.nitems, 5);
	qip_agenda_clear(&ag);

	/* The next meeting of the same kind at the same service counts from this one. */
	int64_t next = start(db, "service", "2026-04-06", "Oakfield House");
	assert_int_equal(qip_meeting_agenda(db, next, &ag), QIP_OK);
	assert_int_equal(ag.since, qip_date_from_ymd(2026, 3, 9));
	qip_agenda_clear(&ag);
	int64_t rose = start(db, "service", "2026-04-06", "Rose House");
	assert_int_equal(qip_meeting_agenda(db, rose, &ag), QIP_OK);
	assert_int_equal(ag.since, QIP_NO_DATE);
	qip_agenda_clear(&ag);
}

static void start_refuses_bad_input(void **state)
{
	struct qip_db *db = *state;
	int64_t id;
	struct qip_meeting_new m = { .kind = "weekly" };
	assert_int_equal(qip_meeting_start(db, &m, &id), QIP_EINVAL);
	assert_non_null(strstr(qip_db_error(db), "'weekly' is not a kind of meeting"));
	m = (struct qip_meeting_new){ .kind = "service" };
	assert_int_equal(qip_meeting_start(db, &m, &id), QIP_EINVAL);
	assert_non_null(strstr(qip_db_error(db), "needs its service"));
	m = (struct qip_meeting_new){ .kind = "board", .service = "Rose House" };
	assert_int_equal(qip_meeting_start(db, &m, &id), QIP_EINVAL);
	m = (struct qip_meeting_new){ .kind = "board", .date = "2026-02-30" };
	assert_int_equal(qip_meeting_start(db, &m, &id), QIP_EINVAL);
	const char *nobody[] = { "Nobody Here" };
	m = (struct qip_meeting_new){ .kind = "board", .attendees = nobody, .nattendees = 1 };
	assert_int_equal(qip_meeting_start(db, &m, &id), QIP_ENOTFOUND);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM meeting"), 0);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM meeting_attendee"), 0);

	id = start(db, "board", NULL, NULL);
	struct qip_meeting got;
	assert_int_equal(qip_meeting_get(db, id, &got), QIP_OK);
	assert_int_equal(got.kind, QIP_MEETING_BOARD);
	assert_int_equal(got.held_on, qip_db_today(db));
	assert_string_equal(got.attendees, "Sarah Jones, Ruth Adeyemi");
	assert_null(got.ended_at);
	assert_int_equal(got.chair_id, qip_db_actor(db));
	qip_meeting_clear(&got);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM meeting_attendee"), 2);
}

static int64_t review_meeting(struct qip_db *db, const char *ref)
{
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT meeting_id FROM review WHERE action_id = (SELECT id FROM action WHERE ref = '%s')"
		 " ORDER BY id DESC LIMIT 1", ref);
	return fixture_int(db, sql);
}

static void each_decision_is_recorded_against_the_meeting(void **state)
{
	struct qip_db *db = *state;
	char a[QIP_REF_LEN], b[QIP_REF_LEN], c[QIP_REF_LEN], d[QIP_REF_LEN], e[QIP_REF_LEN];
	snprintf(a, sizeof a, "%s", add(db, "To close", "Oakfield House", "Tom Reed", NULL, NULL));
	snprintf(b, sizeof b, "%s", add(db, "To extend", "Oakfield House", "Tom Reed", NULL, NULL));
	snprintf(c, sizeof c, "%s", add(db, "To escalate", "Oakfield House", "Tom Reed", NULL, NULL));
	snprintf(d, sizeof d, "%s", add(db, "To keep", "Oakfield House", "Tom Reed", NULL, "2026-03-01"));
	snprintf(e, sizeof e, "%s", add(db, "To reframe", "Oakfield House", "Tom Reed", NULL, NULL));
	int64_t id = start(db, "service", NULL, "Oakfield House");

	/* Close: the closure check refuses, with the core's reasons, and nothing is recorded. */
	struct qip_decision_request r = { .ref = a, .decision = QIP_MD_CLOSE, .meeting_id = id, .reviewer = "Ruth" };
	assert_int_equal(qip_meeting_decide(db, &r), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "cannot close yet"));
	assert_non_null(strstr(qip_db_error(db), "no outcome evidence"));
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM review"), 0);
	struct qip_evidence_new good = { .kind = "outcome", .category = "observation", .note = "Re-audit", .value = "96" };
	struct qip_evidence_new also = { .kind = "outcome", .category = "people", .note = "Relatives", .value = "97" };
	assert_int_equal(qip_evidence_add(db, a, &good, NULL), QIP_OK);
	assert_int_equal(qip_evidence_add(db, a, &also, NULL), QIP_OK);
	if (qip_meeting_decide(db, &r) != QIP_OK)
		fail_msg("close: %s", qip_db_error(db));
	struct qip_action got;
	assert_int_equal(qip_action_get(db, a, &got), QIP_OK);
	assert_int_equal(got.status, QIP_STATUS_MONITORING);
	assert_string_equal(got.closure_reviewer, "Ruth Adeyemi");
	qip_action_clear(&got);
	assert_int_equal(review_meeting(db, a), id);

	/* Extend: a reason and a new date are needed. */
	r = (struct qip_decision_request){ .ref = b, .decision = QIP_MD_EXTEND, .meeting_id = id, .due = "2026-06-30" };
	assert_int_equal(qip_meeting_decide(db, &r), QIP_EINVAL);
	assert_non_null(strstr(qip_db_error(db), "needs its reason"));
	r.note = "Agency staff: training moved to May";
	r.due = NULL;
	assert_int_equal(qip_meeting_decide(db, &r), QIP_EINVAL);
	r.due = "2026-06-30";
	assert_int_equal(qip_meeting_decide(db, &r), QIP_OK);
	assert_int_equal(qip_action_get(db, b, &got), QIP_OK);
	assert_int_equal(got.due, qip_date_from_ymd(2026, 6, 30));
	assert_int_equal(got.extensions, 1);
	qip_action_clear(&got);
	assert_int_equal(review_meeting(db, b), id);

	/* Escalate from a service meeting: to level 2; again: up to level 3. */
	r = (struct qip_decision_request){ .ref = c, .decision = QIP_MD_ESCALATE, .meeting_id = id };
	assert_int_equal(qip_meeting_decide(db, &r), QIP_OK);
	assert_int_equal(fixture_int(db, "SELECT level FROM escalation ORDER BY id DESC LIMIT 1"), 2);
	assert_int_equal(review_meeting(db, c), id);

	/* Keep open: the next review moves on by the cadence (monthly). */
	r = (struct qip_decision_request){ .ref = d, .decision = QIP_MD_KEEP, .meeting_id = id, .note = "On track" };
	assert_int_equal(qip_meeting_decide(db, &r), QIP_OK);
	assert_int_equal(qip_action_get(db, d, &got), QIP_OK);
	assert_int_equal(got.next_review, qip_date_from_ymd(2026, 4, 2));
	qip_action_clear(&got);

	/* Reframe: needs new wording; the old stays in history. */
	r = (struct qip_decision_request){ .ref = e, .decision = QIP_MD_REFRAME, .meeting_id = id };
	assert_int_equal(qip_meeting_decide(db, &r), QIP_EINVAL);
	r.outcome = "Charts complete and totalled at each handover";
	assert_int_equal(qip_meeting_decide(db, &r), QIP_OK);
	assert_int_equal(qip_action_get(db, e, &got), QIP_OK);
	assert_string_equal(got.outcome, "Charts complete and totalled at each handover");
	qip_action_clear(&got);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM history WHERE field = 'outcome'"
				     " AND old = 'Charts complete' AND new = 'Charts complete and totalled at each handover'"), 1);
	assert_int_equal(fixture_int(db, "SELECT count(*) FROM review WHERE decision = 'reframe'"
				     " AND reason = 'reframe at the service meeting of 2026-03-02'"), 1);

	assert_int_equal(fixture_int(db, "SELECT count(*) FROM review WHERE meeting_id IS NULL"), 0);
	struct qip_meeting m;
	assert_int_equal(qip_meeting_get(db, id, &m), QIP_OK);
	assert_int_equal(m.decisions, 5);
	qip_meeting_clear(&m);

	/* A service meeting decides on its own service's actions only. */
	char rose[QIP_REF_LEN];
	snprintf(rose, sizeof rose, "%s", add(db, "At Rose House", "Rose House", "Tom Reed", NULL, NULL));
	r = (struct qip_decision_request){ .ref = rose, .decision = QIP_MD_KEEP, .meeting_id = id };
	assert_int_equal(qip_meeting_decide(db, &r), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "belongs to Rose House, not Oakfield House"));

	/* The agenda shows what was decided. */
	struct qip_agenda ag;
	assert_int_equal(qip_meeting_agenda(db, id, &ag), QIP_OK);
	assert_string_equal(find(&ag, a)->decided, "close");
	assert_true(find(&ag, a)->reasons & QIP_AGENDA_MONITORING);   /* closed: in monitoring, still on it */
	assert_string_equal(find(&ag, c)->decided, "escalate");
	/* Extended, it is no longer overdue, but stays on the agenda it was decided in. */
	assert_string_equal(find(&ag, b)->decided, "extend");
	qip_agenda_clear(&ag);

	/* The chair ends it; nothing after. */
	assert_int_equal(qip_meeting_end(db, id), QIP_OK);
	assert_int_equal(qip_meeting_end(db, id), QIP_EREFUSED);
	r = (struct qip_decision_request){ .ref = d, .decision = QIP_MD_KEEP, .meeting_id = id };
	assert_int_equal(qip_meeting_decide(db, &r), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "has ended"));
}

static void only_the_chair_ends_and_no_decision_before_the_day(void **state)
{
	struct qip_db *db = *state;
	char ref[QIP_REF_LEN];
	snprintf(ref, sizeof ref, "%s", add(db, "Kept", "Oakfield House", "Tom Reed", NULL, NULL));
	int64_t later = start(db, "board", "+7", NULL);
	struct qip_decision_request r = { .ref = ref, .decision = QIP_MD_KEEP, .meeting_id = later };
	assert_int_equal(qip_meeting_decide(db, &r), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "no decisions before it is held"));
	int64_t chair = qip_db_actor(db), sarah;
	assert_int_equal(qip_person_find(db, "sjones", &sarah), QIP_OK);
	qip_db_set_actor(db, sarah);
	assert_int_equal(qip_meeting_end(db, later), QIP_EREFUSED);
	assert_non_null(strstr(qip_db_error(db), "only the chair"));
	qip_db_set_actor(db, chair);
	assert_int_equal(qip_meeting_end(db, later), QIP_OK);
	assert_int_equal(qip_meeting_kind_parse("provider-quality"), QIP_MEETING_QUALITY);
	assert_int_equal(qip_meeting_decision_parse("keep-open"), QIP_MD_KEEP);
	assert_int_equal(qip_meeting_decision_parse("reopen"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(agenda_at_the_boundary_days, setup, teardown),
		cmocka_unit_test_setup_teardown(start_refuses_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(each_decision_is_recorded_against_the_meeting, setup, teardown),
		cmocka_unit_test_setup_teardown(only_the_chair_ends_and_no_decision_before_the_day, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
