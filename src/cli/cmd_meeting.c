/* qip meeting start|list|show|agenda|end, and qip review: a governance
 * decision on one action, in a meeting or on its own (qip/meeting.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "qip/audit.h"
#include "qip/meeting.h"
#include "qip/person.h"
#include "qip/text.h"
#include "qip/vocab.h"

static const char notes[] =
	"Kinds: service (one service's meeting: --service is required), provider-quality,\n"
	"board. The person starting a meeting chairs it; only the chair ends it, and\n"
	"no decision is recorded after. The agenda is built for the meeting date:\n"
	"actions whose review is due by then, overdue and unowned actions, open\n"
	"escalations, actions in monitoring, and audits since the last meeting of\n"
	"the kind (at the same service) with their trend. Decisions: qip review.\n";

enum { OPT_KIND, OPT_DATE, OPT_SERVICE, OPT_ATTENDEE };
static const struct cli_opt o_kind = { OPT_KIND, "kind", "K", "service, provider-quality or board" },
	o_date = { OPT_DATE, "date", "D", "the meeting date (default today)" },
	o_service = { OPT_SERVICE, "service", "S", "the service, for a service meeting" },
	o_attendee = { OPT_ATTENDEE, "attendee", "NAME", "who attends (name or login), once per person", true };

static int start(struct cli *c, const struct cli_args *a)
{
	if (!a->value[OPT_KIND])
		return cli_fail(QIP_EINVAL, "meeting start: --kind is required (service, provider-quality or board)");
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	int64_t id;
	for (int i = 0; i < a->nvalues[OPT_ATTENDEE]; i++)
		cli_person_arg(db, a->values[OPT_ATTENDEE][i], qip_person_find_active, &id, stderr);
	struct qip_meeting_new m = { .kind = a->value[OPT_KIND], .date = a->value[OPT_DATE],
				     .service = a->value[OPT_SERVICE], .attendees = a->values[OPT_ATTENDEE],
				     .nattendees = a->nvalues[OPT_ATTENDEE] };
	int rc = qip_meeting_start(db, &m, &id);
	if (rc)
		return cli_db_fail(c, rc);
	printf("%lld\n", (long long)id);
	return CLI_OK;
}

static const struct cli_col meeting_cols[] = {
	{ "id", 4, true }, { "date", 10, false }, { "kind", 16, false }, { "service", 16, false },
	{ "chair", 16, false }, { "decisions", 9, true }, { "ended", 24, false }, { "attendees", 0, false },
};
#define MEETING_NCOLS (int)(sizeof meeting_cols / sizeof meeting_cols[0])

static int meeting_row(void *ctx, const struct qip_meeting *m)
{
	char id[24], date[QIP_DATE_LEN], decisions[16];
	snprintf(id, sizeof id, "%lld", (long long)m->id);
	snprintf(decisions, sizeof decisions, "%d", m->decisions);
	const char *cells[] = { id, qip_date_format(m->held_on, date), qip_meeting_kind_name(m->kind), m->service,
				m->chair, decisions, m->ended_at ? m->ended_at : "", m->attendees };
	cli_table_row(ctx, cells, m->ended_at ? "" : "*", CLI_HL_NONE);
	return 0;
}

static int list(struct cli *c, const struct cli_args *a)
{
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	struct cli_table *t = cli_table_begin(c, a->fmt, meeting_cols, MEETING_NCOLS);
	int rc = qip_meeting_list(db, meeting_row, t);
	cli_table_end(t);
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

static int show(struct cli *c, const struct cli_args *a)
{
	int64_t id;
	struct qip_db *db;
	int rc = cli_id_and_db(c, a, "meeting", &id, &db);
	if (rc)
		return rc;
	struct qip_meeting m;
	if ((rc = qip_meeting_get(db, id, &m)))
		return cli_db_fail(c, rc);
	struct cli_table *t = cli_record_begin(c, a->fmt, meeting_cols, MEETING_NCOLS);
	meeting_row(t, &m);
	cli_table_end(t);
	qip_meeting_clear(&m);
	return CLI_OK;
}

/* "84 on 2026-02-01, 90 on 2026-01-04": the latest readings, latest first. */
static void readings_text(const struct qip_agenda_item *it, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < it->nreadings; i++) {
		char v[QIP_NUMBER_LEN], d[QIP_DATE_LEN];
		int w = snprintf(buf + used, n - used, "%s%s on %s", i ? ", " : "",
				 qip_number_format(it->readings[i].value, v), qip_date_format(it->readings[i].on, d));
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
}

static int agenda(struct cli *c, const struct cli_args *a)
{
	int64_t id;
	struct qip_db *db;
	int rc = cli_id_and_db(c, a, "meeting", &id, &db);
	if (rc)
		return rc;
	struct qip_agenda ag;
	if ((rc = qip_meeting_agenda(db, id, &ag)))
		return cli_db_fail(c, rc);
	const struct cli_col cols[] = {
		{ "item", 6, false }, { "ref", 9, false }, { "why", 22, false }, { "service", 14, false },
		{ "owner", 14, false }, { "due", 10, false }, { "baseline", 20, false }, { "target", 8, true },
		{ "unit", 4, false }, { "readings", 24, false }, { "categories", 16, false }, { "closure", 30, false },
		{ "decided", 8, false }, { "run", 10, false }, { "score", 6, true }, { "title", 0, false } };
	struct cli_table *t = cli_table_begin(c, a->fmt, cols, (int)(sizeof cols / sizeof cols[0]));
	for (int i = 0; i < ag.nitems; i++) {
		const struct qip_agenda_item *it = &ag.items[i];
		char why[120], due[QIP_DATE_LEN], target[QIP_NUMBER_LEN] = "", readings[200], cats[120];
		qip_agenda_reasons_format(it->reasons, why, sizeof why);
		if (it->action.has_target)
			qip_number_format(it->action.target, target);
		readings_text(it, readings, sizeof readings);
		qip_vocab_mask_text(&qip_vocab_category, it->action.category_mask, cats, sizeof cats);
		/* One line per reason in the core's words; "may close" when none. */
		char *closure = qip_strdup(*it->closure ? it->closure : "may close");
		for (char *p = strchr(closure, '\n'); p; p = strchr(closure, '\n')) {
			char *joined = qip_printf("%.*s; %s", (int)(p - closure), closure, p + 1);
			free(closure);
			closure = joined;
		}
		const char *cells[] = { "action", it->action.ref, why, it->action.service, it->action.owner,
					qip_date_format(it->action.due, due), it->action.baseline, target,
					it->action.unit, readings, cats, closure, it->decided ? it->decided : "",
					"", "", it->action.title };
		cli_table_row(t, cells, it->decided ? "" : "*", CLI_HL_NONE);
		free(closure);
	}
	for (int i = 0; i < ag.naudits; i++) {
		const struct qip_agenda_audit *au = &ag.audits[i];
		char run[24], on[QIP_DATE_LEN], score[QIP_NUMBER_LEN] = "", trend[120] = "";
		snprintf(run, sizeof run, "audit-%lld", (long long)au->run_id);
		if (au->scored)
			qip_number_format(au->percent, score);
		snprintf(trend, sizeof trend, "%s%s%s%s%s", au->passed ? "passed" : "failed",
			 au->has_previous ? ", previous " : "",
			 au->has_previous ? qip_number_format(au->previous, (char[QIP_NUMBER_LEN]){ 0 }) : "",
			 au->trend & QIP_TREND_FALLING ? ", falling three times" : "",
			 au->trend & QIP_TREND_BELOW_TWICE ? ", below target twice" : "");
		const char *cells[] = { "audit", run, trend, au->service, "", "", "", "", "", "", "", "", "",
					qip_date_format(au->run_on, on), score, au->template_title };
		cli_table_row(t, cells, "", CLI_HL_NONE);
	}
	cli_table_end(t);
	qip_agenda_clear(&ag);
	return CLI_OK;
}

static int end(struct cli *c, const struct cli_args *a)
{
	int64_t id;
	struct qip_db *db;
	int rc = cli_id_and_db(c, a, "meeting", &id, &db);
	if (rc)
		return rc;
	if ((rc = qip_meeting_end(db, id)))
		return cli_db_fail(c, rc);
	printf("Meeting %lld ended. Its minutes: qip report minutes --meeting %lld\n", (long long)id, (long long)id);
	return CLI_OK;
}

#define OPTS(...) (const struct cli_opt *const[]){ __VA_ARGS__, NULL }
const struct cli_group cli_group_meeting = {
	"meeting", "start, list, show and end governance meetings; their agendas", notes,
	(const struct cli_command[]){
		{ "start", NULL, "start a meeting you chair (prints its id)",
		  OPTS(&o_kind, &o_date, &o_service, &o_attendee), .writes = true, .run = start },
		{ "list", NULL, "meetings, newest first (* still open)", NULL, .format = true, .run = list },
		{ "show", "ID", "one meeting", NULL, .format = true, .run = show },
		{ "agenda", "ID", "what the meeting decides on, built for its date", NULL, .format = true, .run = agenda },
		{ "end", "ID", "end a meeting you chair: no decisions after; says how to print its minutes", NULL, .writes = true, .run = end },
		{ 0 } },
};

/* ---- qip review ---- */

static const char review_notes[] =
	"Decisions: close (the closure check runs; --reviewer confirms), extend (--due and\n"
	"--note, the reason, are required), escalate (the open escalation goes up a level,\n"
	"or one is raised: level 2 from a service meeting or on its own, level 3 from a\n"
	"provider quality or board meeting), keep (keep open: the next review moves on),\n"
	"reframe (--baseline, --outcome or the measure: --target, --unit, --sustain; the\n"
	"old wording stays in the history). Without --note the reason recorded names the\n"
	"decision and the meeting.\n";

enum { R_DECISION, R_NOTE, R_DATE, R_DUE, R_MEETING, R_REVIEWER, R_ONE_SOURCE, R_BASELINE, R_OUTCOME, R_TARGET,
       R_UNIT, R_SUSTAIN };
static const struct cli_opt r_decision = { R_DECISION, "decision", "D", "close, extend, escalate, keep or reframe" },
	r_note = { R_NOTE, "note", "T", "the decision's reason, for the minutes" },
	r_date = { R_DATE, "date", "DATE", "the day the decision was taken (default today; not in the future)" },
	r_due = { R_DUE, "due", "D", "extend: the new due date" },
	r_meeting = { R_MEETING, "meeting", "ID", "the meeting it was taken in (open, held by then)" },
	r_reviewer = { R_REVIEWER, "reviewer", "NAME|LOGIN", "close: who confirms (default: you)" },
	r_one_source = { R_ONE_SOURCE, "one-source-reason", "T", "close: why one category of outcome evidence is enough" },
	r_baseline = { R_BASELINE, "baseline", "T", "reframe: the new baseline" },
	r_outcome = { R_OUTCOME, "outcome", "T", "reframe: the new outcome" },
	r_target = { R_TARGET, "target", "N", "reframe: the new target" },
	r_unit = { R_UNIT, "unit", "U", "reframe: the target's unit" },
	r_sustain = { R_SUSTAIN, "sustain", "S", "reframe: how long the outcome must last (6-readings, 3m)" };

static int review(struct cli *c, const struct cli_args *a)
{
	if (a->npos < 1)
		return cli_fail(QIP_EINVAL, "review: give the action's ref");
	if (!a->value[R_DECISION])
		return cli_fail(QIP_EINVAL, "review: --decision is required (close, extend, escalate, keep or reframe)");
	int decision = qip_meeting_decision_parse(a->value[R_DECISION]);
	if (decision < 0)
		return cli_fail(QIP_EINVAL, "--decision '%s': use close, extend, escalate, keep or reframe",
				a->value[R_DECISION]);
	int64_t meeting = 0;
	if (a->value[R_MEETING] && !cli_parse_id(a->value[R_MEETING], &meeting))
		return cli_fail(QIP_EINVAL, "--meeting '%s': give the meeting's id (see: qip meeting list)",
				a->value[R_MEETING]);
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	if (a->value[R_DATE]) {
		qip_date d;
		if (!qip_date_parse(a->value[R_DATE], qip_db_today(db), &d))
			return cli_fail(QIP_EINVAL, "--date '%s' is not a date: use YYYY-MM-DD (a real day), or -1, -2w",
					a->value[R_DATE]);
		if (d > qip_db_today(db))
			return cli_fail(QIP_EINVAL, "--date %s is in the future: record a decision once it is taken",
					a->value[R_DATE]);
		qip_db_set_today(db, d);
	}
	int64_t id;
	if (a->value[R_REVIEWER])
		cli_person_arg(db, a->value[R_REVIEWER], qip_person_find_active, &id, stderr);
	struct qip_decision_request r = {
		.ref = a->pos[0], .decision = decision, .note = a->value[R_NOTE], .meeting_id = meeting,
		.due = a->value[R_DUE], .reviewer = a->value[R_REVIEWER], .one_source_reason = a->value[R_ONE_SOURCE],
		.baseline = a->value[R_BASELINE], .outcome = a->value[R_OUTCOME], .target = a->value[R_TARGET],
		.unit = a->value[R_UNIT], .sustain = a->value[R_SUSTAIN] };
	int rc = qip_meeting_decide(db, &r);
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

const struct cli_group cli_group_review = {
	"review", "record a governance decision on an action, in a meeting or on its own", review_notes,
	(const struct cli_command[]){
		{ .args = "ACTION", .summary = "close, extend, escalate, keep open or reframe an action",
		  .opts = OPTS(&r_decision, &r_note, &r_date, &r_due, &r_meeting, &r_reviewer, &r_one_source,
			       &r_baseline, &r_outcome, &r_target, &r_unit, &r_sustain),
		  .writes = true, .run = review },
		{ 0 } },
};
