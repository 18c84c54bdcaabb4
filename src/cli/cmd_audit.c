/* qip audit record|list|show|due|trend */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "qip/action.h"
#include "qip/audit.h"
#include "qip/escalation.h"
#include "qip/permission.h"
#include "qip/person.h"
#include "qip/service.h"
#include "qip/text.h"

static const char notes[] =
	"record enters a whole audit from an answers file (YAML) and accepts every\n"
	"proposed action, as an auditor accepting each in turn would (when you may\n"
	"manage the service's actions; otherwise the findings wait for a manager):\n"
	"  answers: {question-id: value, ...}            an unsampled template\n"
	"  samples: [{subject: Room 4, answers: {...}}]  a sampled one; questions\n"
	"                                                asked once go under answers\n"
	"A value is yes, no, na, a number, a choice's label or text; a note is\n"
	"given as {value: no, note: ...}. Any problem is reported as FILE:LINE:COLUMN\n"
	"and nothing is recorded. RUN is a run's number (see: qip audit list).\n"
	"due lists every template in use at each service, soonest due first, with\n"
	"overdue ones marked !; trend lists a template's scores at a service, oldest\n"
	"first, with an early warning on the latest (three falls in a row, or two\n"
	"results below target in a row).\n";

enum { OPT_SERVICE, OPT_AUDITOR, OPT_DATE, OPT_ANSWERS, OPT_TEMPLATE, OPT_EVERY, OPT_UNTIL, OPT_END };
static const struct cli_opt o_service = { OPT_SERVICE, "service", "S", "the service audited" },
	o_service_filter = { OPT_SERVICE, "service", "S", "only this service" },
	o_auditor = { OPT_AUDITOR, "auditor", "NAME", "who audited (default: you)" },
	o_date = { OPT_DATE, "date", "DATE", "the day of the audit (default: today)" },
	o_answers = { OPT_ANSWERS, "answers", "FILE", "the answers, in YAML" },
	o_template = { OPT_TEMPLATE, "template", "KEY", "only this template" },
	o_service_recovery = { OPT_SERVICE, "service", "S", "the service in recovery" },
	o_every = { OPT_EVERY, "every", "FREQ", "how often for now: daily, weekly, fortnightly, monthly ..." },
	o_until = { OPT_UNTIL, "until", "DATE", "the last day of the tighter frequency (YYYY-MM-DD, +8w ...)" },
	o_end = { OPT_END, "end", NULL, "end the tighter frequency now: back to the template's own" };

/* Dates as people read them in a table, ISO 8601 in TSV and JSON. */
static const char *date_cell(enum cli_format f, qip_date d, char buf[QIP_DATE_TEXT_LEN])
{
	return f == CLI_TABLE ? qip_date_text(d, buf) : qip_date_format(d, buf);
}

/* --service S as an id (0 when not given). */
static int service_arg(struct cli *c, struct qip_db *db, const struct cli_args *a, int64_t *id)
{
	*id = 0;
	int rc = a->value[OPT_SERVICE] ? qip_service_find(db, a->value[OPT_SERVICE], id) : QIP_OK;
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

/* The opening of the commands that take no argument and an optional
 * --service: the database opened and the service found. NULL with *rc
 * the exit code when something fails. */
static struct qip_db *db_and_service(struct cli *c, const struct cli_args *a, int64_t *service, int *rc)
{
	if (a->npos) {
		*rc = cli_fail(QIP_EINVAL, "audit %s: unexpected argument '%s'", a->name, a->pos[0]);
		return NULL;
	}
	struct qip_db *db = cli_db(c);
	if (!db) {
		*rc = c->open_status;
		return NULL;
	}
	*rc = service_arg(c, db, a, service);
	return *rc ? NULL : db;
}

/* ---- record ---- */

struct raised {
	struct qip_db *db;
	int n, pending;
};

static int escalation_level(void *ctx, const struct qip_escalation *e)
{
	*(int *)ctx = e->level;
	return 1;
}

static int print_proposal(void *ctx, const struct qip_audit_proposal *p)
{
	struct raised *r = ctx;
	r->pending += p->status == QIP_PROPOSAL_PENDING;
	if (p->status != QIP_PROPOSAL_ACCEPTED && p->status != QIP_PROPOSAL_MERGED)
		return 0;
	char *title = qip_text_escape(p->title), *question = qip_text_escape(p->question);
	printf("%s %s: %s ('%s' failed %d of %d%s%s)", p->status == QIP_PROPOSAL_MERGED ? "Merged into" : "Raised",
	       p->ref, title, question, p->failed, p->asked, p->critical ? ", critical" : "",
	       p->repeat ? ", repeat finding" : "");
	int level = 0;
	if (p->repeat)
		qip_escalation_list(r->db, p->action_id, false, 1, 0, escalation_level, &level);
	if (level)
		printf(", escalated at level %d", level);
	putchar('\n');
	free(title);
	free(question);
	r->n++;
	return 0;
}

static int print_evidence(void *ctx, const char *ref, bool reopened)
{
	(void)ctx;
	printf("Outcome evidence added to %s%s\n", ref, reopened ? "; reopened: below target while in monitoring" : "");
	return 0;
}

/* What the run came to: score, result, band, then what it raised. */
static int print_recorded(struct qip_db *db, int64_t run_id)
{
	struct qip_audit_run r;
	int rc = qip_audit_run_get(db, run_id, &r);
	if (rc)
		return rc;
	const struct qip_template *t = r.template;
	char when[QIP_DATE_TEXT_LEN], pct[QIP_NUMBER_LEN], earned[QIP_NUMBER_LEN], avail[QIP_NUMBER_LEN],
		target[QIP_NUMBER_LEN];
	char *service = qip_text_escape(r.service), *title = qip_text_escape(t->title);
	printf("Recorded audit run %lld: %s (%s version %d) at %s on %s", (long long)r.id, title, t->key,
	       t->version, service, qip_date_text(r.run_on, when));
	if (t->sampled)
		printf(", %d %s", r.nsubjects, qip_audit_subject_words(t, r.nsubjects));
	putchar('\n');
	if (r.score.scored)
		printf("Score: %s%% (%s of %s)\n", qip_number_format(r.score.percent, pct),
		       qip_number_format(r.score.earned, earned), qip_number_format(r.score.available, avail));
	else
		printf("Score: none (nothing scored)\n");
	printf("Result: %s (target %s%%", r.score.passed ? "passed" : "failed", qip_number_format(t->target, target));
	if (r.score.critical_failures)
		printf("; %d critical failure%s", r.score.critical_failures, r.score.critical_failures == 1 ? "" : "s");
	printf(")\n");
	printf("Band: %s\n", r.band == QIP_BAND_NONE ? "none" : qip_band_name(r.band));
	free(service);
	free(title);
	qip_audit_run_clear(&r);
	struct raised raised = { .db = db };
	if ((rc = qip_audit_proposals(db, run_id, print_proposal, &raised)))
		return rc;
	if (!raised.n)
		printf("No actions raised\n");
	if (raised.pending) {
		char who[300];
		printf("%d finding%s await%s a decision on the Audits screen by %s of the service (qip role list)\n",
		       raised.pending, raised.pending == 1 ? "" : "s", raised.pending == 1 ? "s" : "",
		       qip_permission_holders(QIP_PERM_ACTIONS, who, sizeof who));
	}
	return qip_audit_run_evidence(db, run_id, print_evidence, NULL);
}

static int record(struct cli *c, const struct cli_args *a)
{
	if (a->npos != 1)
		return cli_fail(QIP_EINVAL, "audit record: give one template's key (see: qip template list)");
	if (!a->value[OPT_SERVICE])
		return cli_fail(QIP_EINVAL, "audit record: --service is required");
	if (!a->value[OPT_ANSWERS])
		return cli_fail(QIP_EINVAL, "audit record: --answers FILE is required");
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	int64_t id;
	int rc;
	if (a->value[OPT_AUDITOR] && *a->value[OPT_AUDITOR] &&
	    (rc = cli_person_arg(db, a->value[OPT_AUDITOR], qip_person_find_active, &id, stdout)))
		return cli_db_fail(c, rc);
	struct qip_audit_start s = { .template_key = a->pos[0], .service = a->value[OPT_SERVICE],
				     .auditor = a->value[OPT_AUDITOR], .date = a->value[OPT_DATE] };
	struct qip_diags d;
	qip_diags_init(&d, a->value[OPT_ANSWERS]);
	int64_t run_id;
	rc = qip_audit_record_file(db, &s, a->value[OPT_ANSWERS], &run_id, &d);
	if (d.n) {
		qip_diags_print(&d, stderr);
		rc = cli_fail(QIP_EINVAL, "nothing recorded: %d problem%s in the answers file", d.n, d.n == 1 ? "" : "s");
	} else if (rc)
		rc = cli_db_fail(c, rc);
	else
		rc = (rc = print_recorded(db, run_id)) ? cli_db_fail(c, rc) : CLI_OK;
	qip_diags_free(&d);
	return rc;
}

/* ---- list ---- */

static void score_cells(const struct qip_audit_run_row *r, char pct[QIP_NUMBER_LEN], const char **result)
{
	*pct = '\0';
	if (r->complete && r->scored)
		qip_number_format(r->percent, pct);
	*result = !r->complete ? "" : r->passed ? "passed" : "failed";
}

struct list_ctx {
	struct cli_table *t;
	enum cli_format f;
};

static int list_row(void *ctx, const struct qip_audit_run_row *r)
{
	struct list_ctx *l = ctx;
	char id[24], version[12], answered[12], pct[QIP_NUMBER_LEN], date[QIP_DATE_TEXT_LEN];
	const char *result;
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	snprintf(version, sizeof version, "%d", r->version);
	snprintf(answered, sizeof answered, "%d", r->answered);
	score_cells(r, pct, &result);
	const char *cells[] = { id, date_cell(l->f, r->run_on, date), r->template_key, r->service, pct, result,
				qip_band_name(r->band), r->complete ? "complete" : "draft", version, r->auditor,
				answered };
	cli_table_row(l->t, cells, r->complete && !r->passed ? "!" : "", CLI_HL_NONE);
	return 0;
}

static int list(struct cli *c, const struct cli_args *a)
{
	int64_t service;
	int rc;
	struct qip_db *db = db_and_service(c, a, &service, &rc);
	if (!db)
		return rc;
	/* Scores are exact (up to 18 characters); the table leaves out the
	 * last four columns to fit 100 columns (a draft has no result). */
	static const struct cli_col cols[] = {
		{ "run", 8, true }, { "date", 11, false }, { "template", 20, false }, { "service", 14, false },
		{ "score", 18, true }, { "result", 8, false }, { "band", 0, false }, { "status", 8, false },
		{ "version", 8, true }, { "auditor", 16, false }, { "answered", 8, true } };
	struct list_ctx l = { cli_table_begin(c, a->fmt, cols, a->fmt == CLI_TABLE ? 7 : 11), a->fmt };
	rc = qip_audit_list(db, service, a->value[OPT_TEMPLATE], list_row, &l);
	cli_table_end(l.t);
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

/* ---- show ---- */

/* A growing text of "; "-separated parts. */
struct text {
	char *s;
	size_t len;
};

static void add_part(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_part(struct text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	t->s = qip_xrealloc(t->s, t->len + (size_t)n + 3);
	if (t->len) {
		memcpy(t->s + t->len, "; ", 3);
		t->len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

static int show_action(void *ctx, const struct qip_audit_proposal *p)
{
	static const char *const statuses[] = { "proposed", "raised", "skipped", "merged into" };
	if (p->status == QIP_PROPOSAL_PENDING || p->status == QIP_PROPOSAL_SKIPPED)
		add_part(ctx, "%s: %s", p->question, statuses[p->status]);
	else
		add_part(ctx, "%s: %s %s", p->question, statuses[p->status], p->ref);
	return 0;
}

static int show(struct cli *c, const struct cli_args *a)
{
	int64_t id;
	if (a->npos != 1 || !cli_parse_id(a->pos[0], &id))
		return cli_fail(QIP_EINVAL, "audit show: give one run's number (see: qip audit list)");
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	struct qip_audit_run r;
	int rc = qip_audit_run_get(db, id, &r);
	if (rc)
		return cli_db_fail(c, rc);
	const struct qip_template *t = r.template;
	char run[24], version[12], date[QIP_DATE_TEXT_LEN], pct[QIP_NUMBER_LEN] = "", earned[QIP_NUMBER_LEN] = "",
		avail[QIP_NUMBER_LEN] = "", target[QIP_NUMBER_LEN], answered[12];
	snprintf(run, sizeof run, "%lld", (long long)r.id);
	snprintf(version, sizeof version, "%d", t->version);
	snprintf(answered, sizeof answered, "%d", r.nanswers);
	if (r.complete && r.score.scored) {
		qip_number_format(r.score.percent, pct);
		qip_number_format(r.score.earned, earned);
		qip_number_format(r.score.available, avail);
	}
	struct text subjects = { 0 }, sections = { 0 }, findings = { 0 }, actions = { 0 };
	for (int i = 0; i < r.nsubjects; i++)
		add_part(&subjects, "%s", r.subjects[i]);
	for (int s = 0; r.complete && s < t->nsections; s++) {
		char p[QIP_NUMBER_LEN];
		if (r.sections[s].scored)
			add_part(&sections, "%s %s%%", t->sections[s].title, qip_number_format(r.sections[s].percent, p));
	}
	for (int i = 0; r.complete && i < r.nfindings; i++) {
		const struct qip_audit_finding *f = &r.findings[i];
		const char *q = t->questions[f->question].id;
		bool repeat = false;
		for (int j = 0; j < r.nanswers; j++)
			repeat |= r.answers[j].question == f->question && r.repeat[j];
		add_part(&findings, "%s: failed %d of %d%s%s", q, f->failed, f->asked, f->critical ? ", critical" : "",
			 repeat ? ", repeat" : "");
	}
	if ((rc = qip_audit_proposals(db, id, show_action, &actions)) == QIP_OK) {
		static const struct cli_col cols[] = {
			{ "run", 0, true }, { "template", 0, false }, { "version", 0, true }, { "title", 0, false },
			{ "service", 0, false }, { "auditor", 0, false }, { "date", 0, false }, { "status", 0, false },
			{ "score", 0, true }, { "earned", 0, true }, { "available", 0, true }, { "target", 0, true },
			{ "result", 0, false }, { "band", 0, false }, { "answered", 0, true }, { "subjects", 0, false },
			{ "sections", 0, false }, { "findings", 0, false }, { "actions", 0, false } };
		const char *cells[] = { run, t->key, version, t->title, r.service, r.auditor,
					date_cell(a->fmt, r.run_on, date), r.complete ? "complete" : "draft", pct,
					earned, avail, qip_number_format(t->target, target),
					!r.complete ? "" : r.score.passed ? "passed" : "failed", qip_band_name(r.band),
					answered, subjects.s ? subjects.s : "", sections.s ? sections.s : "",
					findings.s ? findings.s : "", actions.s ? actions.s : "" };
		struct cli_table *tb = cli_record_begin(c, a->fmt, cols, 19);
		cli_table_row(tb, cells, "", CLI_HL_NONE);
		cli_table_end(tb);
	}
	free(subjects.s);
	free(sections.s);
	free(findings.s);
	free(actions.s);
	qip_audit_run_clear(&r);
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

/* ---- due ---- */

static int due_row(void *ctx, const struct qip_audit_due_row *r)
{
	struct list_ctx *l = ctx;
	char last[QIP_DATE_TEXT_LEN], due[QIP_DATE_TEXT_LEN];
	const char *cells[] = { r->service, r->template_key, date_cell(l->f, r->due, due),
				date_cell(l->f, r->last_done, last), r->words, qip_frequency_name(r->frequency),
				r->overdue ? "yes" : "no", r->temporary ? "yes" : "no" };
	cli_table_row(l->t, cells, r->overdue ? "!" : "", r->overdue ? CLI_HL_OVERDUE : CLI_HL_NONE);
	return 0;
}

static int due(struct cli *c, const struct cli_args *a)
{
	int64_t service;
	int rc;
	struct qip_db *db = db_and_service(c, a, &service, &rc);
	if (!db)
		return rc;
	/* The table marks overdue rows with ! and leaves out the last three
	 * columns (the words say the frequency). */
	static const struct cli_col cols[] = {
		{ "service", 14, false }, { "template", 20, false }, { "due", 11, false },
		{ "last_done", 11, false }, { "words", 0, false }, { "frequency", 11, false },
		{ "overdue", 7, false }, { "temporary", 9, false } };
	struct list_ctx l = { cli_table_begin(c, a->fmt, cols, a->fmt == CLI_TABLE ? 5 : 8), a->fmt };
	rc = qip_audit_due(db, service, false, due_row, &l);
	cli_table_end(l.t);
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

/* ---- trend ---- */

static int trend(struct cli *c, const struct cli_args *a)
{
	if (a->npos != 1)
		return cli_fail(QIP_EINVAL, "audit trend: give one template's key (see: qip template list)");
	if (!a->value[OPT_SERVICE])
		return cli_fail(QIP_EINVAL, "audit trend: --service is required");
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	int64_t service;
	int rc = service_arg(c, db, a, &service);
	if (rc)
		return rc;
	struct qip_audit_trend_point *p = NULL;
	int n = 0;
	unsigned flags = 0;
	if ((rc = qip_audit_trend(db, a->pos[0], service, &p, &n, &flags)))
		return cli_db_fail(c, rc);
	char warning[120] = "";
	if (flags & QIP_TREND_FALLING)
		strcat(warning, "falling: three falls in a row");
	if (flags & QIP_TREND_BELOW_TWICE)
		strcat(strcat(warning, *warning ? "; " : ""), "below target twice in a row");
	static const struct cli_col cols[] = {
		{ "run", 8, true }, { "date", 11, false }, { "score", 18, true }, { "change", 18, true },
		{ "result", 8, false }, { "warning", 0, false } };
	struct cli_table *t = cli_table_begin(c, a->fmt, cols, 6);
	for (int i = 0; i < n; i++) {
		char id[24], date[QIP_DATE_TEXT_LEN], pct[QIP_NUMBER_LEN], change[QIP_NUMBER_LEN + 1] = "";
		snprintf(id, sizeof id, "%lld", (long long)p[i].run_id);
		if (i > 0) {
			char d[QIP_NUMBER_LEN];
			double diff = p[i].percent - p[i - 1].percent;
			snprintf(change, sizeof change, "%s", qip_number_format(diff, d));
		}
		bool last = i == n - 1;
		const char *cells[] = { id, date_cell(a->fmt, p[i].run_on, date), qip_number_format(p[i].percent, pct),
					change, p[i].passed ? "passed" : "failed", last ? warning : "" };
		cli_table_row(t, cells, last && *warning ? "!" : "", last && *warning ? CLI_HL_OVERDUE : CLI_HL_NONE);
	}
	cli_table_end(t);
	free(p);
	return CLI_OK;
}

/* ---- frequency ---- */

static int frequency(struct cli *c, const struct cli_args *a)
{
	if (a->npos != 1)
		return cli_fail(QIP_EINVAL, "audit frequency: say which template (see: qip audit frequency --help)");
	if (!a->value[OPT_SERVICE])
		return cli_fail(QIP_EINVAL, "audit frequency: --service is required");
	bool end = a->value[OPT_END] != NULL;
	if (end && (a->value[OPT_EVERY] || a->value[OPT_UNTIL]))
		return cli_fail(QIP_EINVAL, "audit frequency: --end goes alone, without --every or --until");
	if (!end && (!a->value[OPT_EVERY] || !a->value[OPT_UNTIL]))
		return cli_fail(QIP_EINVAL, "audit frequency: give --every and --until (or --end)");
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	int rc = qip_audit_set_frequency(db, a->value[OPT_SERVICE], a->pos[0], end ? NULL : a->value[OPT_EVERY],
					 end ? NULL : a->value[OPT_UNTIL]);
	if (rc)
		return cli_db_fail(c, rc);
	char *svc = qip_text_escape(a->value[OPT_SERVICE]), *key = qip_text_escape(a->pos[0]);
	if (end)
		printf("%s audits at %s are back to the template's own frequency\n", key, svc);
	else {
		char *every = qip_text_escape(a->value[OPT_EVERY]), day[QIP_DATE_LEN];
		qip_date until = QIP_NO_DATE;
		qip_date_parse(a->value[OPT_UNTIL], qip_db_today(db), &until);   /* the core has read it */
		printf("%s audits at %s are due %s up to and including %s\n", key, svc, every,
		       qip_date_format(until, day));
		free(every);
	}
	free(svc);
	free(key);
	return CLI_OK;
}

const struct cli_group cli_group_audit = {
	"audit", "record audits from answers files; runs, schedule and trends", notes,
	(const struct cli_command[]){
		{ "record", "TEMPLATE", "record a whole audit from an answers file, accepting every proposed action",
		  (const struct cli_opt *const[]){ &o_service, &o_auditor, &o_date, &o_answers, NULL },
		  .writes = true, .run = record },
		{ "list", NULL, "audit runs, newest first",
		  (const struct cli_opt *const[]){ &o_service_filter, &o_template, NULL }, .format = true, .run = list },
		{ "show", "RUN", "one audit run: score, sections, findings and the actions raised", NULL,
		  .format = true, .run = show },
		{ "due", NULL, "when each template is next due at each service, soonest first",
		  (const struct cli_opt *const[]){ &o_service_filter, NULL }, .format = true, .run = due },
		{ "trend", "TEMPLATE", "a template's scores at a service over time, with early warnings",
		  (const struct cli_opt *const[]){ &o_service, NULL }, .format = true, .run = trend },
		{ "frequency", "TEMPLATE", "audit more often for a while at a service in recovery (weekly MAR audits for eight weeks)",
		  (const struct cli_opt *const[]){ &o_service_recovery, &o_every, &o_until, &o_end, NULL },
		  .writes = true, .run = frequency },
		{ 0 } },
};
