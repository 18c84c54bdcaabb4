/* Audit templates: every rejection with its exact line and column, hostile
 * files, scoring with worked numbers, and import against a real database. */
#include "fixture.h"

#include <fcntl.h>
#include <math.h>
#include <time.h>

#include "qip/template.h"
#include "qip/text.h"
#include "qip_config.h"

static struct qip_frameworks fws;

static const char *datadir(void)
{
	const char *d = getenv("QIP_DATA_DIR");
	return d && *d ? d : QIP_DATADIR_SOURCE;
}

static int load_frameworks(void **state)
{
	char err[600];
	if (qip_frameworks_load_dir(datadir(), &fws, err, sizeof err)) {
		fprintf(stderr, "# %s\n", err);
		return -1;
	}
	return 0;
}

static int free_frameworks(void **state)
{
	qip_frameworks_free(&fws);
	return 0;
}

static void dump(const struct qip_diags *d)
{
	for (int i = 0; i < d->n; i++)
		fprintf(stderr, "# %d:%d: %s\n", d->v[i].line, d->v[i].col, d->v[i].msg);
}

/* Parsing buf must fail with a problem at line:col whose message holds want. */
static void expect_problem_n(const char *buf, size_t len, int line, int col, const char *want)
{
	struct qip_diags d;
	qip_diags_init(&d, "t.yaml");
	struct qip_template *t = (void *)1;
	assert_int_equal(qip_template_parse(buf, len, &fws, &t, &d), QIP_EINVAL);
	assert_null(t);
	bool found = false;
	for (int i = 0; i < d.n; i++)
		found |= d.v[i].line == line && d.v[i].col == col && strstr(d.v[i].msg, want);
	if (!found) {
		dump(&d);
		qip_diags_free(&d);
		fail_msg("no problem at %d:%d saying '%s'", line, col, want);
	}
	qip_diags_free(&d);
}

static void expect_problem(const char *yaml, int line, int col, const char *want)
{
	expect_problem_n(yaml, strlen(yaml), line, col, want);
}

/* Parsing buf must fail with exactly these problems, printed as
 * qip template check prints them (sorted, "t.yaml:LINE:COL: message"). */
static void expect_exactly_n(const char *buf, size_t len, const char *want)
{
	struct qip_diags d;
	qip_diags_init(&d, "t.yaml");
	struct qip_template *t = (void *)1;
	assert_int_equal(qip_template_parse(buf, len, &fws, &t, &d), QIP_EINVAL);
	assert_null(t);
	char *got = NULL;
	size_t gotlen = 0;
	FILE *f = open_memstream(&got, &gotlen);
	assert_non_null(f);
	qip_diags_print(&d, f);
	fclose(f);
	if (strcmp(got, want) != 0) {
		dump(&d);
		fprintf(stderr, "# wanted:\n%s", want);
		free(got);
		qip_diags_free(&d);
		fail_msg("not exactly the problems wanted");
	}
	free(got);
	qip_diags_free(&d);
}

static void expect_exactly(const char *yaml, const char *want)
{
	expect_exactly_n(yaml, strlen(yaml), want);
}

static struct qip_template *parse_ok(const char *yaml)
{
	struct qip_diags d;
	qip_diags_init(&d, "t.yaml");
	struct qip_template *t;
	int rc = qip_template_parse(yaml, strlen(yaml), &fws, &t, &d);
	if (rc) {
		dump(&d);
		fail_msg("valid template refused");
	}
	qip_diags_free(&d);
	return t;
}

/* Lines 1-6. */
#define HEAD "qip-template: 1\nkey: t\nversion: 1\ntitle: T\nfrequency: monthly\ntarget: 95\n"
/* Lines 7-12: one yes-no question whose mapping starts at 10:9. */
#define SECTIONS "sections:\n  - title: S\n    questions:\n      - id: a\n        text: A\n        type: yes-no\n"

static void minimal_template_parses_with_defaults(void **state)
{
	struct qip_template *t = parse_ok(HEAD SECTIONS);
	assert_string_equal(t->key, "t");
	assert_int_equal(t->version, 1);
	assert_int_equal(t->frequency, QIP_FREQ_MONTHLY);
	assert_true(t->target == 95);
	assert_int_equal(t->na, QIP_NA_EXCLUDE);
	assert_int_equal(t->key_question, -1);
	assert_false(t->sampled);
	assert_int_equal(t->sample_size, 1);
	assert_int_equal(t->nsections, 1);
	assert_int_equal(t->nquestions, 1);
	assert_string_equal(t->questions[0].id, "a");
	assert_true(t->questions[0].weight == 1);
	assert_false(t->questions[0].critical);
	assert_null(t->questions[0].on_fail);
	qip_template_free(t);
}

static void issue_example_parses(void **state)
{
	/* The example of the format in the issue, as providers will copy it. */
	struct qip_template *t = parse_ok(
		"qip-template: 1                # format version\n"
		"key: mar\n"
		"version: 3\n"
		"title: Medication administration record (MAR) audit\n"
		"area: medicines\n"
		"key_question: safe\n"
		"quality_statements: [medicines-optimisation]\n"
		"frequency: monthly\n"
		"target: 95\n"
		"na: exclude\n"
		"owner_role: medicines-lead\n"
		"sample:\n"
		"  subject: person\n"
		"  size: 10\n"
		"sections:\n"
		"  - title: Recording\n"
		"    questions:\n"
		"      - id: signed\n"
		"        text: Every dose is signed or coded, with no gaps\n"
		"        type: yes-no\n"
		"        weight: 2\n"
		"        critical: true\n"
		"        guidance: Check the last 7 days for each sampled person\n"
		"        evidence: MAR chart\n"
		"        on_fail:\n"
		"          action: Review every gap with the staff on shift\n"
		"          owner_role: medicines-lead\n"
		"          due_days: 7\n"
		"          outcome: 100% of doses signed at re-audit\n"
		"      - id: fridge\n"
		"        text: Medicines fridge temperature\n"
		"        type: number\n"
		"        unit: °C\n"
		"        min: 2\n"
		"        max: 8\n"
		"      - id: storage\n"
		"        text: Condition of the medicines room\n"
		"        type: choice\n"
		"        choices:\n"
		"          - {label: Good, score: 2}\n"
		"          - {label: Adequate, score: 1}\n"
		"          - {label: Poor, score: 0, fail: true}\n");
	assert_int_equal(t->version, 3);
	assert_int_equal(t->sample_size, 10);
	assert_int_equal(t->subject, QIP_SUBJECT_PERSON);
	assert_int_equal(t->nstatements, 1);
	const struct qip_question *q = &t->questions[0];
	assert_true(q->weight == 2 && q->critical);
	assert_string_equal(q->on_fail->action, "Review every gap with the staff on shift");
	assert_int_equal(q->on_fail->due_days, 7);
	q = &t->questions[1];
	assert_true(q->has_min && q->has_max && q->min == 2 && q->max == 8);
	assert_string_equal(q->unit, "°C");
	q = &t->questions[2];
	assert_int_equal(q->nchoices, 3);
	assert_true(q->best == 2);
	assert_true(q->choices[2].fail);
	qip_template_free(t);
}

/* The bundled templates, as an auditor would write them: each names the
 * role that owns its actions and grades red/amber/green, and critical is
 * kept for what one failure alone makes unsafe. */
static const struct {
	const char *key, *owner_role, *critical;   /* critical: its critical ids, space-separated */
	bool sampled;
	enum qip_subject subject;
} bundled[] = {
	{ "mar", "medicines-lead", "time-critical fridge-acted-on cd-register", true, QIP_SUBJECT_PERSON },
	{ "mar-home-care", "medicines-lead", "time-critical", true, QIP_SUBJECT_PERSON },
	{ "hydration", "nutrition-lead", "thickened escalated", true, QIP_SUBJECT_PERSON },
	{ "safeguarding", "safeguarding-lead", "last-three-escalated", true, QIP_SUBJECT_STAFF },
	{ "environmental", "maintenance-lead", "exits-clear fire-doors", false, 0 },
	{ "infection-prevention", "ipc-lead", "", true, QIP_SUBJECT_ROOM },
	{ "care-plans", "registered-manager", "", true, QIP_SUBJECT_PERSON },
};

static struct qip_template *load_bundled(const char *key)
{
	char path[512];
	snprintf(path, sizeof path, "%s/templates/%s.yaml", datadir(), key);
	struct qip_diags d;
	qip_diags_init(&d, path);
	struct qip_template *t = NULL;
	if (qip_template_load_file(path, &fws, &t, NULL, NULL, &d) != QIP_OK) {
		dump(&d);
		qip_diags_free(&d);
		fail_msg("%s is not valid", path);
	}
	qip_diags_free(&d);
	return t;
}

static void bundled_templates_are_valid(void **state)
{
	for (size_t i = 0; i < sizeof bundled / sizeof bundled[0]; i++) {
		struct qip_template *t = load_bundled(bundled[i].key);
		assert_string_equal(t->key, bundled[i].key);
		assert_non_null(t->owner_role);
		assert_string_equal(t->owner_role, bundled[i].owner_role);
		assert_true(t->has_bands);
		assert_true(t->amber < t->green);
		assert_int_equal(t->sampled, bundled[i].sampled);
		if (t->sampled)
			assert_int_equal(t->subject, bundled[i].subject);
		char critical[400] = "";
		for (int q = 0; q < t->nquestions; q++)
			if (t->questions[q].critical)
				snprintf(critical + strlen(critical), sizeof critical - strlen(critical), "%s%s",
					 *critical ? " " : "", t->questions[q].id);
		if (strcmp(critical, bundled[i].critical))
			fail_msg("%s: critical questions are '%s', wanted '%s'", t->key, critical, bundled[i].critical);
		qip_template_free(t);
	}
}

/* Answers every question of t as it is met (yes, a reading in range, the
 * best choice) for every sample; returns how many answers. */
static int answer_all_met(const struct qip_template *t, struct qip_answer *a)
{
	int n = 0;
	for (int s = 0; s < t->sample_size; s++)
		for (int q = 0; q < t->nquestions; q++) {
			const struct qip_question *qq = &t->questions[q];
			if (s > 0 && t->sections[qq->section].once)
				continue;
			struct qip_answer x = { .sample = s, .question = q };
			switch (qq->type) {
			case QIP_Q_YES_NO:
			case QIP_Q_YES_NO_NA: x.reply = QIP_REPLY_YES; break;
			case QIP_Q_NUMBER:
				x.reply = QIP_REPLY_NUMBER;
				x.number = qq->has_min ? qq->min : qq->has_max ? qq->max : 0;
				break;
			case QIP_Q_CHOICE:
				x.reply = QIP_REPLY_CHOICE;
				for (int c = 0; c < qq->nchoices; c++)
					if (qq->choices[c].score == qq->best && !qq->choices[c].fail)
						x.choice = c;
				break;
			case QIP_Q_TEXT: x.reply = QIP_REPLY_TEXT; break;
			}
			a[n++] = x;
		}
	return n;
}

/* The answer to question id for sample s. */
static struct qip_answer *answer_for(const struct qip_template *t, struct qip_answer *a, int n, int s, const char *id)
{
	int q = qip_template_question(t, id);
	assert_true(q >= 0);
	for (int i = 0; i < n; i++)
		if (a[i].question == q && a[i].sample == s)
			return &a[i];
	fail_msg("no answer to %s for sample %d", id, s);
	return NULL;
}

static struct qip_score score_of(const struct qip_template *t, struct qip_answer *a, int n)
{
	struct qip_score sc;
	char err[300];
	if (qip_template_score(t, a, (size_t)n, &sc, err, sizeof err))
		fail_msg("%s", err);
	return sc;
}

/* One missing signature among ten people's charts does not fail the MAR
 * audit; a fridge reading out of range not acted on does, and so does a
 * late time-critical dose. A reading out of range that was acted on is a
 * failed question, not a failed audit. */
static void bundled_mar_keeps_critical_for_what_is(void **state)
{
	struct qip_template *t = load_bundled("mar");
	struct qip_answer *a = calloc((size_t)t->nquestions * 10, sizeof *a);
	int n = answer_all_met(t, a);
	struct qip_score sc = score_of(t, a, n);
	assert_true(sc.passed);
	assert_true(fabs(sc.percent - 100) < 1e-9);
	assert_int_equal(qip_template_band(t, sc.percent), QIP_BAND_GREEN);

	answer_for(t, a, n, 3, "signed")->reply = QIP_REPLY_NO;
	sc = score_of(t, a, n);
	assert_true(sc.passed);
	assert_true(sc.percent < 100);

	struct qip_answer *fridge = answer_for(t, a, n, 0, "fridge-temperature");
	fridge->number = 9.5;
	assert_true(qip_answer_failed(t, fridge));
	assert_true(score_of(t, a, n).passed);
	answer_for(t, a, n, 0, "fridge-acted-on")->reply = QIP_REPLY_NO;
	assert_false(score_of(t, a, n).passed);
	answer_for(t, a, n, 0, "fridge-acted-on")->reply = QIP_REPLY_YES;

	answer_for(t, a, n, 7, "time-critical")->reply = QIP_REPLY_NO;
	assert_false(score_of(t, a, n).passed);
	/* A missed dose and a fridge left out of range need a note saying what was found. */
	assert_true(t->questions[qip_template_question(t, "time-critical")].requires_note_on_fail);
	assert_true(t->questions[qip_template_question(t, "fridge-acted-on")].requires_note_on_fail);
	free(a);
	qip_template_free(t);
}

/* Numbers with a direction: a fluid limit is a maximum, a hot sentinel
 * outlet a minimum, a cold one a maximum below 20 °C; and a typo that no
 * thermometer could read is refused, not scored. */
static void bundled_numbers_have_a_direction(void **state)
{
	static const struct {
		const char *key, *id;
		double pass, fail, impossible;
	} cases[] = {
		{ "hydration", "days-over-limit", 0, 1, 8 },
		{ "hydration", "days-target-met", 7, 4, 8 },
		{ "environmental", "sentinel-hot", 50, 49.5, 120 },
		{ "environmental", "sentinel-cold", 19.5, 20, 70 },
		{ "environmental", "hot-water", 41, 46, 101 },
		{ "mar", "fridge-temperature", 5, 8.5, 55 },
		{ "mar", "room-temperature", 24, 26, 60 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct qip_template *t = load_bundled(cases[i].key);
		int q = qip_template_question(t, cases[i].id);
		assert_true(q >= 0);
		const struct qip_question *qq = &t->questions[q];
		assert_int_equal(qq->type, QIP_Q_NUMBER);
		struct qip_answer x = { .question = q, .reply = QIP_REPLY_NUMBER, .number = cases[i].pass };
		if (qip_answer_failed(t, &x))
			fail_msg("%s %s: %g should meet it", cases[i].key, cases[i].id, cases[i].pass);
		x.number = cases[i].fail;
		if (!qip_answer_failed(t, &x))
			fail_msg("%s %s: %g should fail it", cases[i].key, cases[i].id, cases[i].fail);
		bool refused = (qq->has_lowest && cases[i].impossible < qq->lowest) ||
			       (qq->has_highest && cases[i].impossible > qq->highest);
		if (!refused)
			fail_msg("%s %s: %g should be refused as a typo", cases[i].key, cases[i].id, cases[i].impossible);
		qip_template_free(t);
	}
}

/* Infection prevention reads as infection audits do: <=80 red, 81-89
 * amber, >=90 green, with 90 the pass mark; a room sample of five. */
static void bundled_infection_bands(void **state)
{
	struct qip_template *t = load_bundled("infection-prevention");
	assert_int_equal(qip_template_band(t, 80), QIP_BAND_RED);
	assert_int_equal(qip_template_band(t, 81), QIP_BAND_AMBER);
	assert_int_equal(qip_template_band(t, 89.9), QIP_BAND_AMBER);
	assert_int_equal(qip_template_band(t, 90), QIP_BAND_GREEN);
	assert_true(fabs(t->target - 90) < 1e-9);
	assert_int_equal(t->sample_size, 5);
	for (const char *const *id = (const char *const[]){ "colour-coded", "spill-kit", "ipc-lead", "room-clean", NULL };
	     *id; id++)
		assert_true(qip_template_question(t, *id) >= 0);
	qip_template_free(t);
}

static void mar_fridge_is_asked_once(void **state)
{
	char path[512];
	snprintf(path, sizeof path, "%s/templates/mar.yaml", datadir());
	struct qip_diags d;
	qip_diags_init(&d, path);
	struct qip_template *t;
	assert_int_equal(qip_template_load_file(path, &fws, &t, NULL, NULL, &d), QIP_OK);
	int f = qip_template_question(t, "fridge-temperature");
	assert_true(f >= 0);
	assert_int_equal(qip_question_samples(t, &t->questions[f]), 1);
	assert_int_equal(qip_question_samples(t, &t->questions[qip_template_question(t, "signed")]), 10);
	qip_template_free(t);
	qip_diags_free(&d);
}


/* Format 1 additions: bands, the action a failure raises, notes on
 * failure, and numbers with a maximum only. All optional. */
static void bands_are_ordered_and_within_0_to_100(void **state)
{
	struct qip_template *t = parse_ok(HEAD "bands: {amber: 81, green: 90}\n" SECTIONS);
	assert_true(t->has_bands);
	/* An infection audit: <=80 red, 81-89 amber, >=90 green. */
	assert_int_equal(qip_template_band(t, 80.99), QIP_BAND_RED);
	assert_int_equal(qip_template_band(t, 81), QIP_BAND_AMBER);
	assert_int_equal(qip_template_band(t, 89.99), QIP_BAND_AMBER);
	assert_int_equal(qip_template_band(t, 9.0 / 10 * 100), QIP_BAND_GREEN);
	assert_int_equal(qip_template_band(t, 100), QIP_BAND_GREEN);
	assert_string_equal(qip_band_name(QIP_BAND_AMBER), "amber");
	qip_template_free(t);
	t = parse_ok(HEAD SECTIONS);
	assert_false(t->has_bands);
	assert_int_equal(qip_template_band(t, 10), QIP_BAND_NONE);
	qip_template_free(t);
	expect_problem(HEAD "bands: {amber: 90, green: 80}\n" SECTIONS, 7, 16,
		       "'amber' (90) must be below 'green' (80)");
	expect_problem(HEAD "bands: {amber: 90, green: 90}\n" SECTIONS, 7, 16, "must be below 'green'");
	expect_problem(HEAD "bands: {amber: 80, green: 120}\n" SECTIONS, 7, 27, "'green' must be from 0 to 100, not 120");
	expect_problem(HEAD "bands: {amber: 80}\n" SECTIONS, 7, 8, "missing required key 'green' in bands");
	expect_problem(HEAD "bands: {amber: 80, green: 90, red: 10}\n" SECTIONS, 7, 31, "unknown key 'red' in bands");
	expect_problem(HEAD "bands: 80\n" SECTIONS, 7, 8, "bands must be a mapping of 'key: value' lines, not text");
}

static void services_name_kinds_of_service(void **state)
{
	struct qip_template *t = parse_ok(HEAD "services: [domiciliary, supported-living]\n" SECTIONS);
	assert_true(qip_template_for_service_kind(t, "domiciliary"));
	assert_true(qip_template_for_service_kind(t, "supported-living"));
	assert_false(qip_template_for_service_kind(t, "care-home"));
	assert_false(qip_template_for_service_kind(t, "no-such-kind"));
	qip_template_free(t);
	t = parse_ok(HEAD SECTIONS);   /* no services: every kind */
	assert_true(qip_template_for_service_kind(t, "care-home"));
	assert_string_equal(qip_template_services_text(t), "every kind of service");
	qip_template_free(t);
	expect_problem(HEAD "services: [care-home, hospital]\n" SECTIONS, 7, 23, "unknown services 'hospital'");
	expect_problem(HEAD "services: [care-home, care-home]\n" SECTIONS, 7, 23, "service kind 'care-home' is listed twice");
	expect_problem(HEAD "services: []\n" SECTIONS, 7, 11, "'services' lists no kind of service");
	expect_problem(HEAD "services: care-home\n" SECTIONS, 7, 11, "services");
}

static void on_fail_carries_what_an_action_needs(void **state)
{
	struct qip_template *t = parse_ok(HEAD SECTIONS
		"        requires_note_on_fail: true\n"
		"        on_fail: {action: Fix it, baseline: Found broken., target: 95, due_days: 3, owner_role: rm}\n");
	const struct qip_question *q = &t->questions[0];
	assert_true(q->requires_note_on_fail);
	assert_string_equal(q->on_fail->baseline, "Found broken.");
	assert_true(q->on_fail->has_target && q->on_fail->target == 95);
	qip_template_free(t);
	/* Without a target the action aims at 100 %. */
	t = parse_ok(HEAD SECTIONS "        on_fail: {action: Fix it}\n");
	assert_false(t->questions[0].on_fail->has_target);
	assert_true(t->questions[0].on_fail->target == 100);
	assert_false(t->questions[0].requires_note_on_fail);
	qip_template_free(t);
	expect_problem(HEAD SECTIONS "        on_fail: {action: Fix it, target: 101}\n", 13, 43,
		       "'target' must be from 0 to 100, not 101");
	expect_problem(HEAD SECTIONS "        requires_note_on_fail: yes\n", 13, 32, "'requires_note_on_fail' must be true or false");
	expect_problem(HEAD "sections:\n  - title: S\n    questions:\n      - {id: a, text: A, type: yes-no}\n"
		       "      - {id: b, text: B, type: text, requires_note_on_fail: true}\n", 11, 38,
		       "'requires_note_on_fail' has no use on a text question");
}

static void a_number_with_a_maximum_only(void **state)
{
	/* A fluid-restricted person's intake: at most 1500 ml, no minimum. */
	struct qip_template *t = parse_ok(HEAD "sections:\n  - title: S\n    questions:\n"
		"      - {id: intake, text: Intake, type: number, unit: ml, max: 1500}\n");
	const struct qip_question *q = &t->questions[0];
	assert_true(qip_question_scored(q));
	assert_false(q->has_min);
	struct qip_answer a = { .reply = QIP_REPLY_NUMBER, .number = 1500 };
	assert_false(qip_answer_failed(t, &a));
	a.number = 1500.5;
	assert_true(qip_answer_failed(t, &a));
	a.number = -10;   /* nothing below: a low reading meets a maximum */
	assert_false(qip_answer_failed(t, &a));
	qip_template_free(t);
}

static void lowest_and_highest_hold_the_passing_range(void **state)
{
	struct qip_template *t = parse_ok(HEAD "sections:\n  - title: S\n    questions:\n"
		"      - {id: f, text: F, type: number, min: 2, max: 8, lowest: -10, highest: 30}\n");
	assert_true(t->questions[0].has_lowest && t->questions[0].lowest == -10);
	assert_true(t->questions[0].has_highest && t->questions[0].highest == 30);
	qip_template_free(t);
	const char *q = HEAD "sections:\n  - title: S\n    questions:\n      - {id: f, text: F, type: number, ";
	char buf[400];
	snprintf(buf, sizeof buf, "%smin: 2, max: 8, lowest: 3}\n", q);
	expect_problem(buf, 10, 64, "'lowest' (3) is above 'min' (2)");
	snprintf(buf, sizeof buf, "%smin: 2, max: 8, highest: 7}\n", q);
	expect_problem(buf, 10, 65, "'highest' (7) is below 'max' (8)");
	snprintf(buf, sizeof buf, "%slowest: 5, highest: 1}\n", q);
	expect_problem(buf, 10, 48, "'lowest' (5) is greater than 'highest' (1)");
	expect_problem(HEAD SECTIONS "        lowest: 1\n", 13, 9, "'lowest' is only used by number questions");
}

/* Rejections, each at the offending node. */

static void rejects_syntax_error(void **state)
{
	expect_problem(HEAD "sections: \"abc\n", 8, 1,
		       "YAML syntax error: found unexpected end of stream while scanning a quoted scalar (at 7:11)");
	expect_problem("a: b\n c: d\n", 2, 3, "YAML syntax error: mapping values are not allowed");
}

static void rejects_unknown_key_with_suggestion(void **state)
{
	expect_problem(HEAD SECTIONS "descripton: x\n", 13, 1,
		       "unknown key 'descripton' in the template (did you mean 'description'?)");
	expect_problem(HEAD SECTIONS "key-question: safe\n", 13, 1, "(did you mean 'key_question'?)");
	expect_problem(HEAD "sections:\n  - title: S\n    questions:\n      - id: a\n        text: A\n"
		       "        type: yes-no\n        wieght: 2\n", 13, 9,
		       "unknown key 'wieght' in a question (did you mean 'weight'?)");
}

static void rejects_unknown_key_without_suggestion(void **state)
{
	struct qip_diags d;
	qip_diags_init(&d, "t.yaml");
	struct qip_template *t;
	const char *y = HEAD SECTIONS "colour: red\n";
	assert_int_equal(qip_template_parse(y, strlen(y), &fws, &t, &d), QIP_EINVAL);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 13);
	assert_int_equal(d.v[0].col, 1);
	assert_string_equal(d.v[0].msg, "unknown key 'colour' in the template");
	qip_diags_free(&d);
}

static void rejects_duplicate_key(void **state)
{
	expect_problem(HEAD SECTIONS "title: Again\n", 13, 1, "duplicate key 'title' (first at 4:1)");
}

static void rejects_wrong_types(void **state)
{
	expect_problem("qip-template: 1\nkey: t\nversion: three\ntitle: T\nfrequency: monthly\ntarget: 95\n" SECTIONS,
		       3, 10, "'version' must be a whole number, not 'three'");
	expect_problem("qip-template: 1\nkey: t\nversion: \"3\"\ntitle: T\nfrequency: monthly\ntarget: 95\n" SECTIONS,
		       3, 10, "'version' must be a whole number, written without quotes");
	expect_problem("qip-template: 1\nkey: t\nversion: 1\ntitle: [T]\nfrequency: monthly\ntarget: 95\n" SECTIONS,
		       4, 8, "'title' must be text, not a list");
	expect_problem(HEAD "sections: {title: S}\n", 7, 11, "'sections' must be a list, not a mapping");
	expect_problem(HEAD "sections:\n  - title: S\n    questions:\n      - id: a\n        text: A\n"
		       "        type: yes-no\n        critical: yes\n", 13, 19, "'critical' must be true or false");
	expect_problem(HEAD "sections:\n  - title: S\n    questions:\n      - id: a\n        text: A\n"
		       "        type: yes-no\n        weight: 0\n", 13, 17, "'weight' must be more than 0");
	expect_problem(HEAD "sections:\n  - just text\n", 8, 5, "a section must be a mapping of 'key: value' lines, not text");
	expect_problem("- a\n- b\n", 1, 1, "the template must be a mapping of 'key: value' lines, not a list");
}

static void rejects_missing_required_keys(void **state)
{
	/* A missing key is reported at the mapping that lacks it. */
	expect_problem("qip-template: 1\nkey: t\nversion: 1\ntitle: T\ntarget: 95\n" SECTIONS, 1, 1,
		       "missing required key 'frequency' in the template");
	expect_problem(HEAD "sections:\n  - title: S\n    questions:\n      - id: a\n        text: A\n",
		       10, 9, "missing required key 'type' in a question");
	expect_problem(HEAD "sections:\n  - title: S\n", 8, 5, "missing required key 'questions' in a section");
	expect_problem(HEAD "sections:\n  - title: S\n    questions:\n      - id: a\n        text: A\n"
		       "        type: choice\n", 10, 9, "missing required key 'choices' in a choice question");
	expect_problem(HEAD SECTIONS "        on_fail: {due_days: 3}\n", 13, 18, "missing required key 'action' in on_fail");
	expect_problem("qip-template: 1\nkey: t\nversion: 1\ntitle:\nfrequency: monthly\ntarget: 95\n" SECTIONS,
		       4, 7, "'title' has no value");
}

static void rejects_duplicate_question_ids(void **state)
{
	expect_problem(HEAD SECTIONS "  - title: Two\n    questions:\n      - {id: a, text: Again, type: yes-no}\n",
		       15, 14, "duplicate question id 'a' (first at 10:13)");
}

static void rejects_unknown_enum_values(void **state)
{
	expect_problem(HEAD "sections:\n  - title: S\n    questions:\n      - id: a\n        text: A\n"
		       "        type: yesno\n", 12, 15,
		       "unknown type 'yesno' (did you mean 'yes-no'? expected yes-no, yes-no-na, number, choice or text)");
	expect_problem("qip-template: 1\nkey: t\nversion: 1\ntitle: T\nfrequency: montly\ntarget: 95\n" SECTIONS,
		       5, 12, "unknown frequency 'montly' (did you mean 'monthly'?");
	expect_problem(HEAD SECTIONS "key_question: saef\n", 13, 15, "unknown key_question 'saef' (did you mean 'safe'?");
	expect_problem(HEAD SECTIONS "na: maybe\n", 13, 5, "unknown na 'maybe' (expected exclude or pass)");
	expect_problem(HEAD SECTIONS "sample: {subject: bed, size: 3}\n", 13, 19,
		       "unknown subject 'bed' (expected person, room, record, staff or other)");
	expect_problem("qip-template: 2\nkey: t\nversion: 1\ntitle: T\nfrequency: monthly\ntarget: 95\n" SECTIONS,
		       1, 15, "unsupported template format 2: this qip reads format 1");
}

static void rejects_out_of_range_numbers(void **state)
{
	expect_problem("qip-template: 1\nkey: t\nversion: 1\ntitle: T\nfrequency: monthly\ntarget: 120\n" SECTIONS,
		       6, 9, "'target' must be from 0 to 100, not 120");
	expect_problem(HEAD SECTIONS "sample: {subject: person, size: 0}\n", 13, 33, "'size' must be from 1 to 500, not 0");
	expect_problem(HEAD SECTIONS "        on_fail: {action: Fix, due_days: 400}\n", 13, 42,
		       "'due_days' must be from 1 to 365, not 400");
}

static void rejects_min_greater_than_max(void **state)
{
	expect_problem(HEAD "sections:\n  - title: S\n    questions:\n      - id: fridge\n        text: Fridge\n"
		       "        type: number\n        min: 8\n        max: 2\n", 13, 14, "'min' (8) is greater than 'max' (2)");
}

static void rejects_choices_without_best_score(void **state)
{
	expect_problem(HEAD "sections:\n  - title: S\n    questions:\n      - id: c\n        text: C\n"
		       "        type: choice\n        choices:\n          - {label: Good, score: 0}\n"
		       "          - {label: Poor, score: 0}\n", 14, 11,
		       "no choice scores more than 0, so there is no best answer to score against");
	expect_problem(HEAD "sections:\n  - title: S\n    questions:\n      - id: c\n        text: C\n"
		       "        type: choice\n        choices:\n          - {label: Good, score: 1}\n"
		       "          - {label: Good, score: 0}\n", 15, 21, "duplicate choice 'Good'");
	expect_problem(HEAD "sections:\n  - title: S\n    questions:\n      - id: c\n        text: C\n"
		       "        type: choice\n        choices:\n          - {label: Good, score: 1}\n", 14, 11,
		       "a choice question needs at least two choices");
	expect_problem(HEAD "sections:\n  - title: S\n    questions:\n      - id: c\n        text: C\n"
		       "        type: choice\n        critical: true\n        choices:\n          - {label: Good, score: 1}\n"
		       "          - {label: Poor, score: 0}\n", 13, 19,
		       "a critical choice question needs a choice with 'fail: true'");
}

static void rejects_unknown_quality_statement(void **state)
{
	/* The message says which frameworks were searched, so that a statement
	 * from a framework that was not loaded is not a mystery. */
	expect_exactly(HEAD SECTIONS "quality_statements: [safeguarding, medicine-optimisation]\n",
		       "t.yaml:13:36: unknown quality statement 'medicine-optimisation' (did you mean "
		       "'medicines-optimisation'? checked against: cqc-saf version 2024)\n");
	expect_exactly(HEAD SECTIONS "quality_statements: [tea-and-biscuits]\n",
		       "t.yaml:13:22: unknown quality statement 'tea-and-biscuits' (checked against: cqc-saf version 2024)\n");
	expect_problem(HEAD SECTIONS "quality_statements: [safeguarding, safeguarding]\n", 13, 36,
		       "quality statement 'safeguarding' is listed twice");
}

static void rejects_keys_that_belong_to_other_types(void **state)
{
	expect_problem(HEAD SECTIONS "        min: 2\n", 13, 9, "'min' is only used by number questions");
	expect_problem(HEAD SECTIONS "        choices: [a, b]\n", 13, 9, "'choices' is only used by choice questions");
	expect_problem(HEAD "sections:\n  - title: S\n    questions:\n      - id: a\n        text: A\n"
		       "        type: yes-no\n      - {id: n, text: Notes, type: text, critical: true}\n", 13, 42,
		       "'critical' has no use on a text question");
	expect_problem(HEAD "sections:\n  - title: S\n    questions:\n      - {id: n, text: Notes, type: text}\n",
		       8, 3, "no question is scored");
	expect_problem(HEAD "sections:\n  - title: S\n    questions: []\n", 9, 16, "a section needs at least one question");
}

static void rejects_bad_text_values(void **state)
{
	expect_problem("qip-template: 1\nkey: Fire Safety\nversion: 1\ntitle: T\nfrequency: monthly\ntarget: 95\n" SECTIONS,
		       2, 6, "'key' must be lowercase letters, digits and single hyphens");
	expect_problem("qip-template: 1\nkey: t\nversion: 1\ntitle: \"two\\nlines\"\nfrequency: monthly\ntarget: 95\n" SECTIONS,
		       4, 8, "'title' must be one line");
	char y[1024];
	char longtitle[260];
	memset(longtitle, 'x', 250);
	longtitle[250] = '\0';
	snprintf(y, sizeof y, "qip-template: 1\nkey: t\nversion: 1\ntitle: %s\nfrequency: monthly\ntarget: 95\n" SECTIONS,
		 longtitle);
	expect_problem(y, 4, 8, "'title' is too long (250 characters; at most 200)");
	expect_problem(HEAD SECTIONS "area: !!str medicines\n", 13, 7, "YAML tags (tag:yaml.org,2002:str) are not allowed");
}

/* A wrong or missing type still leaves every other problem of the question
 * to report; only checks that need the type are skipped. */
static void reports_every_problem_of_a_question_with_a_bad_type(void **state)
{
	expect_exactly(HEAD "sections:\n  - title: S\n    questions:\n      - id: a\n        text: A\n"
		       "        type: yesno\n"            /* 12 */
		       "        weight: two\n"            /* 13 */
		       "        critical: maybe\n"        /* 14 */
		       "        on_fail: nope\n"          /* 15 */
		       "        guidance: [x]\n",         /* 16 */
		       "t.yaml:12:15: unknown type 'yesno' (did you mean 'yes-no'? expected yes-no, yes-no-na, number, choice or text)\n"
		       "t.yaml:13:17: 'weight' must be a number, not 'two'\n"
		       "t.yaml:14:19: 'critical' must be true or false\n"
		       "t.yaml:15:18: on_fail must be a mapping of 'key: value' lines, not text\n"
		       "t.yaml:16:19: 'guidance' must be text, not a list\n");
	expect_exactly(HEAD "sections:\n  - title: S\n    questions:\n      - id: a\n        text: A\n"
		       "        weight: 0\n"                                          /* 12 */
		       "        evidence: [e]\n"                                      /* 13 */
		       "        unit: {u: 1}\n"                                       /* 14 */
		       "        min: 8\n"                                             /* 15 */
		       "        max: 2\n"                                             /* 16 */
		       "        choices: [Good, {label: Poor, score: 0, fail: true}]\n" /* 17 */
		       "        on_fail: {due_days: 3}\n",                            /* 18 */
		       "t.yaml:10:9: missing required key 'type' in a question\n"
		       "t.yaml:12:17: 'weight' must be more than 0\n"
		       "t.yaml:13:19: 'evidence' must be text, not a list\n"
		       "t.yaml:14:15: 'unit' must be text, not a mapping\n"
		       "t.yaml:15:14: 'min' (8) is greater than 'max' (2)\n"
		       "t.yaml:17:19: a choice must be a mapping of 'key: value' lines, not text\n"
		       "t.yaml:18:18: missing required key 'action' in on_fail\n");
	/* The choices' own rules hold whatever the type, but not the rules of
	 * one type (critical needs a failing choice; min on a yes-no). */
	expect_exactly(HEAD "sections:\n  - title: S\n    questions:\n      - id: a\n        text: A\n"
		       "        type: chioce\n        critical: true\n        choices:\n"
		       "          - {label: Good, score: 0}\n          - {label: Good, score: 0}\n",
		       "t.yaml:12:15: unknown type 'chioce' (did you mean 'choice'? expected yes-no, yes-no-na, number, choice or text)\n"
		       "t.yaml:15:11: no choice scores more than 0, so there is no best answer to score against\n"
		       "t.yaml:16:21: duplicate choice 'Good'\n");
}

static void rejects_a_best_choice_that_fails(void **state)
{
	/* Full marks only for an answer that fails the question. */
	expect_exactly(HEAD "sections:\n  - title: S\n    questions:\n      - id: c\n        text: C\n"
		       "        type: choice\n        choices:\n          - {label: Good, score: 2, fail: true}\n"
		       "          - {label: Adequate, score: 1}\n          - {label: Poor, score: 0, fail: true}\n",
		       "t.yaml:14:11: the best-scoring choice is marked fail: no answer can pass\n");
	/* Every choice that shares the best score fails. */
	expect_exactly(HEAD "sections:\n  - title: S\n    questions:\n      - id: c\n        text: C\n"
		       "        type: choice\n        choices: [{label: A, score: 1, fail: true}, {label: B, score: 1, fail: true}]\n",
		       "t.yaml:13:18: the best-scoring choice is marked fail: no answer can pass\n");
	/* One best choice that passes is enough. */
	struct qip_template *t = parse_ok(HEAD "sections:\n  - title: S\n    questions:\n      - id: c\n        text: C\n"
					  "        type: choice\n        choices: [{label: A, score: 1, fail: true}, {label: B, score: 1}]\n");
	assert_int_equal(t->questions[0].nchoices, 2);
	qip_template_free(t);
}

/* A 1 MB anchor, alias or tag name is cut in the message, on a character. */
static void long_names_are_cut_in_messages(void **state)
{
	size_t n = 1000000;
	char *y = malloc(n + 1024);
	if (!y)
		abort();
	char forty[41];
	memset(forty, 'a', 40);
	forty[40] = '\0';

	strcpy(y, "x: &");
	memset(y + 4, 'a', n);
	strcpy(y + 4 + n, " 1\n");
	char m[256];
	snprintf(m, sizeof m, "anchors (&%s...) are not allowed: write the value out in full", forty);
	expect_problem(y, 1, 4, m);
	struct qip_diags d;
	qip_diags_init(&d, "t.yaml");
	struct qip_template *t;
	assert_int_equal(qip_template_parse(y, strlen(y), &fws, &t, &d), QIP_EINVAL);
	for (int i = 0; i < d.n; i++)
		assert_true(strlen(d.v[i].msg) < 200);
	qip_diags_free(&d);

	/* An alias, and a tag (with a two-byte character across the cut). */
	strcpy(y, HEAD SECTIONS "area: *");
	size_t o = strlen(y);
	memset(y + o, 'a', n);
	strcpy(y + o + n, "\n");
	snprintf(m, sizeof m, "aliases (*%s...) are not allowed: write the value out in full", forty);
	expect_problem(y, 13, 7, m);

	/* "tag:", 35 x, then é (%C3%A9) on bytes 40 and 41: the cut falls
	 * before it, not inside it. */
	strcpy(y, HEAD SECTIONS "area: !<tag:");
	o = strlen(y);
	memset(y + o, 'x', 35);
	o += 35;
	strcpy(y + o, "%C3%A9");
	o += 6;
	memset(y + o, 'b', n / 2);
	strcpy(y + o + n / 2, "> medicines\n");
	char x35[36];
	memset(x35, 'x', 35);
	x35[35] = '\0';
	snprintf(m, sizeof m, "YAML tags (tag:%s...) are not allowed", x35);
	expect_problem(y, 13, 7, m);

	/* Keys a person did not mean are cut too. */
	strcpy(y, HEAD SECTIONS);
	o = strlen(y);
	memset(y + o, 'k', 1000);   /* YAML's limit on a plain key is 1024 */
	strcpy(y + o + 1000, ": 1\n");
	expect_problem(y, 13, 1, "unknown key 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...' in the template");
	strcpy(y, "qip-template: 1\nkey: t\nversion: 1\ntitle: T\nfrequency: monthly\ntarget: 95\n" SECTIONS);
	o = strlen(y);
	memset(y + o, 'k', 1000);
	strcpy(y + o + 1000, ": 1\n");
	o = strlen(y);
	memset(y + o, 'k', 1000);
	strcpy(y + o + 1000, ": 2\n");
	expect_problem(y, 14, 1, "duplicate key 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...' (first at 13:1)");
	/* And numbers out of range. */
	strcpy(y, "qip-template: 1\nkey: t\nversion: ");
	o = strlen(y);
	memset(y + o, '9', 5000);
	strcpy(y + o + 5000, "\ntitle: T\nfrequency: monthly\ntarget: 95\n" SECTIONS);
	expect_problem(y, 3, 10, "'version' must be from 1 to 1000000, not 9999999999999999999999999999999999999999...");
	free(y);
}

/* A byte order mark is not part of the text: columns on line 1 count
 * from after it. */
static void a_byte_order_mark_does_not_shift_columns(void **state)
{
	expect_exactly("\xef\xbb\xbfqip-template: 2\nkey: t\nversion: 1\ntitle: T\nfrequency: monthly\ntarget: 95\n" SECTIONS,
		       "t.yaml:1:15: unsupported template format 2: this qip reads format 1\n");
	expect_exactly("\xef\xbb\xbfkey: Fire\n",
		       "t.yaml:1:1: missing required key 'qip-template' in the template\n"
		       "t.yaml:1:1: missing required key 'version' in the template\n"
		       "t.yaml:1:1: missing required key 'title' in the template\n"
		       "t.yaml:1:1: missing required key 'frequency' in the template\n"
		       "t.yaml:1:1: missing required key 'target' in the template\n"
		       "t.yaml:1:1: missing required key 'sections' in the template\n"
		       "t.yaml:1:6: 'key' must be lowercase letters, digits and single hyphens (like 'fire-safety'), not 'Fire'\n");
	/* Reader errors count from after it too. */
	const char y[] = "\xef\xbb\xbfkey: t\xc3\x28\n";
	expect_problem_n(y, sizeof y - 1, 1, 8, "invalid trailing UTF-8 octet 0x28");
	expect_problem("\xef\xbb\xbf", 1, 1, "the file is empty");
	struct qip_template *t = parse_ok("\xef\xbb\xbf" HEAD SECTIONS);
	assert_string_equal(t->key, "t");
	qip_template_free(t);
}

/* Hostile files. */

static void rejects_anchors_and_aliases(void **state)
{
	expect_problem(HEAD SECTIONS "area: &a medicines\n", 13, 7, "anchors (&a) are not allowed");
	expect_problem(HEAD SECTIONS "owner_role: *a\n", 13, 13, "aliases (*a) are not allowed");
}

static void survives_billion_laughs(void **state)
{
	const char *y =
		"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
		"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
		"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
		"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
		"i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
	clock_t start = clock();
	expect_problem(y, 1, 4, "anchors (&a) are not allowed");
	expect_problem(y, 2, 8, "aliases (*a) are not allowed");
	assert_true(clock() - start < CLOCKS_PER_SEC);
	/* Nothing was expanded, and the list of problems is capped. */
	struct qip_diags d;
	qip_diags_init(&d, "t.yaml");
	struct qip_template *t;
	assert_int_equal(qip_template_parse(y, strlen(y), &fws, &t, &d), QIP_EINVAL);
	assert_true(d.n <= QIP_DIAG_MAX);
	qip_diags_free(&d);
}

static void deep_nesting_stops_early_and_fast(void **state)
{
	size_t n = 10000;
	char *y = malloc(2 * n + 8);
	assert_non_null(y);
	strcpy(y, "a: ");
	for (size_t i = 0; i < 2 * n; i++)
		y[3 + i] = i < n ? '[' : ']';
	y[3 + 2 * n] = '\0';
	clock_t start = clock();
	/* The root mapping is level 1, so the 16th '[' (column 19) is too deep. */
	expect_problem(y, 1, 19, "nested more than 16 levels deep");
	assert_true(clock() - start < CLOCKS_PER_SEC / 2);
	free(y);

	/* Block style, 700 levels of indentation (about 500 kB: more would pass
	 * the size cap first). The root list is level 1, so line 17 (column 33)
	 * opens level 17. */
	n = 700;
	size_t cap = 0;
	for (size_t i = 0; i < n; i++)
		cap += i * 2 + 4;
	y = malloc(cap + 8);
	assert_non_null(y);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		memset(y + o, ' ', i * 2);
		o += i * 2;
		memcpy(y + o, "- \n", 3);
		o += 3;
	}
	y[o] = '\0';
	start = clock();
	expect_problem(y, 17, 33, "nested more than 16 levels deep");
	assert_true(clock() - start < CLOCKS_PER_SEC / 2);
	free(y);
}

static void huge_file_is_refused_unread(void **state)
{
	char path[] = "/tmp/qip-big-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 50L * 1024 * 1024), 0);
	close(fd);
	struct qip_diags d;
	qip_diags_init(&d, path);
	struct qip_template *t;
	clock_t start = clock();
	assert_int_equal(qip_template_load_file(path, &fws, &t, NULL, NULL, &d), QIP_EINVAL);
	assert_true(clock() - start < CLOCKS_PER_SEC / 10);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 0);
	assert_string_equal(d.v[0].msg, "the file is too large (50.0 MiB); the limit is 1 MiB");
	char *sum = qip_diags_summary(&d);
	assert_non_null(strstr(sum, ": the file is too large"));
	free(sum);
	qip_diags_free(&d);
	unlink(path);

	/* A device with no size is read only up to the limit. */
	qip_diags_init(&d, "/dev/zero");
	assert_int_equal(qip_template_load_file("/dev/zero", &fws, &t, NULL, NULL, &d), QIP_EINVAL);
	assert_string_equal(d.v[0].msg, "the file is too large (more than 1 MiB)");
	qip_diags_free(&d);
}

static void rejects_invalid_utf8_at_its_position(void **state)
{
	/* Reader errors carry a byte offset: the column counts characters. */
	const char y[] = "qip-template: 1\ntitle: caf\xc3\xa9 \xff\n";
	expect_problem_n(y, sizeof y - 1, 2, 13,
			 "the file is not valid UTF-8 text (invalid leading UTF-8 octet 0xFF)");
	const char y2[] = "qip-template: 1\nkey: t\xc3\x28\n";
	expect_problem_n(y2, sizeof y2 - 1, 2, 8, "invalid trailing UTF-8 octet 0x28");
}

static void rejects_nul_and_control_bytes_in_the_file(void **state)
{
	const char y[] = "qip-template: 1\nkey: ab\0cd\n";
	expect_problem_n(y, sizeof y - 1, 2, 8, "a NUL byte is not allowed in the file");
	const char y2[] = "qip-template: 1\ntitle: red \x1b[31m\n";
	expect_problem_n(y2, sizeof y2 - 1, 2, 12, "control character U+001B is not allowed in the file");
}

static void rejects_escape_sequences_in_values(void **state)
{
	/* Double-quoted escapes produce what the reader would refuse raw. */
	expect_problem("qip-template: 1\nkey: t\nversion: 1\ntitle: \"red \\e[31m alert\"\nfrequency: monthly\ntarget: 95\n" SECTIONS,
		       4, 8, "control character U+001B (escape) is not allowed in a value");
	expect_problem("qip-template: 1\nkey: t\nversion: 1\ntitle: \"nul \\0 here\"\nfrequency: monthly\ntarget: 95\n" SECTIONS,
		       4, 8, "a NUL character (\\0) is not allowed in a value");
	expect_problem("qip-template: 1\nkey: t\nversion: 1\ntitle: \"csi \\x9b2J\"\nfrequency: monthly\ntarget: 95\n" SECTIONS,
		       4, 8, "control character U+009B is not allowed in a value");
	expect_problem("qip-template: 1\nkey: t\nversion: 1\ntitle: \"rtl \\u202e\"\nfrequency: monthly\ntarget: 95\n" SECTIONS,
		       4, 8, "invisible character U+202E is not allowed in a value");
	expect_problem(HEAD SECTIONS "        guidance: \"bell \\a\"\n", 13, 19, "control character U+0007");
}

static void rejects_odd_documents(void **state)
{
	expect_problem("", 1, 1, "the file is empty");
	expect_problem("# only a comment\n", 1, 1, "the file is empty");
	expect_problem(HEAD SECTIONS "---\na: b\n", 13, 1, "only one YAML document is allowed in a file");
}

static void caps_the_number_of_problems(void **state)
{
	char *y = qip_xmalloc(200 * 16 + 1);
	y[0] = '\0';
	for (int i = 0; i < 200; i++)
		sprintf(y + strlen(y), "k%03d: v\n", i);
	struct qip_diags d;
	qip_diags_init(&d, "t.yaml");
	struct qip_template *t;
	assert_int_equal(qip_template_parse(y, strlen(y), &fws, &t, &d), QIP_EINVAL);
	assert_int_equal(d.n, QIP_DIAG_MAX);
	assert_true(d.full);
	assert_non_null(strstr(d.v[QIP_DIAG_MAX - 1].msg, "too many problems"));
	qip_diags_free(&d);
	free(y);
}

static void block_scalars_lose_their_final_newline(void **state)
{
	struct qip_template *t = parse_ok("qip-template: 1\nkey: t\nversion: 1\ntitle: >\n  A long\n  title\n"
					  "frequency: monthly\ntarget: 95\n" SECTIONS
					  "        guidance: |\n          Line one\n          Line two\n");
	assert_string_equal(t->title, "A long title");
	assert_string_equal(t->questions[0].guidance, "Line one\nLine two");
	qip_template_free(t);
}

/* Scoring, with the numbers worked by hand. */

static const char scoring_yaml[] =
	"qip-template: 1\nkey: s\nversion: 1\ntitle: Scoring\nfrequency: weekly\ntarget: 95\n"
	"sample: {subject: person, size: 2}\n"
	"sections:\n"
	"  - title: Per person\n"
	"    questions:\n"
	"      - {id: signed, text: Signed, type: yes-no, weight: 2, critical: true}\n"   /* 0 */
	"      - {id: prn, text: PRN, type: yes-no-na}\n"                                 /* 1 */
	"      - {id: fridge, text: Fridge, type: number, min: 2, max: 8}\n"              /* 2 */
	"      - id: storage\n"                                                           /* 3 */
	"        text: Storage\n        type: choice\n        choices:\n"
	"          - {label: Good, score: 2}\n"
	"          - {label: Adequate, score: 1}\n"
	"          - {label: Poor, score: 0, fail: true}\n"
	"      - {id: notes, text: Notes, type: text}\n"                                  /* 4 */
	"  - title: Once\n    once: true\n    questions:\n"
	"      - {id: cd, text: CD register, type: yes-no, weight: 3, critical: true}\n"  /* 5 */
	"      - {id: temp, text: Room temperature, type: number, unit: C}\n";            /* 6 */

#define YES(s, q) { s, q, QIP_REPLY_YES, 0, 0 }
#define NO(s, q) { s, q, QIP_REPLY_NO, 0, 0 }
#define NA(s, q) { s, q, QIP_REPLY_NA, 0, 0 }
#define NUM(s, q, v) { s, q, QIP_REPLY_NUMBER, v, 0 }
#define CHOICE(s, q, c) { s, q, QIP_REPLY_CHOICE, 0, c }
#define TEXT(s, q) { s, q, QIP_REPLY_TEXT, 0, 0 }

static void scores_a_sampled_audit(void **state)
{
	struct qip_template *t = parse_ok(scoring_yaml);
	const struct qip_answer a[] = {
		/* person 1: signed 2/2, prn N/A (left out), fridge 5 in range 1/1,
		 * storage Adequate 1/2 x 1 = 0.5/1 */
		YES(0, 0), NA(0, 1), NUM(0, 2, 5), CHOICE(0, 3, 1), TEXT(0, 4),
		/* person 2: signed 2/2, prn no 0/1 (fails), fridge 9 0/1 (fails),
		 * storage Good 1/1 */
		YES(1, 0), NO(1, 1), NUM(1, 2, 9), CHOICE(1, 3, 0),
		/* once: CD register 3/3; room temperature has no range: not scored */
		YES(0, 5), NUM(0, 6, 30),
	};
	struct qip_score s;
	char err[256];
	assert_int_equal(qip_template_score(t, a, sizeof a / sizeof a[0], &s, err, sizeof err), QIP_OK);
	/* earned 2 + 1 + 0.5 + 2 + 0 + 0 + 1 + 3 = 9.5; available 2+1+1 + 2+1+1+1 + 3 = 12 */
	assert_float_equal(s.earned, 9.5, 1e-9);
	assert_float_equal(s.available, 12, 1e-9);
	assert_float_equal(s.percent, 9.5 / 12 * 100, 1e-9);   /* 79.17% */
	assert_false(s.passed);
	assert_int_equal(s.failures, 2);
	assert_int_equal(s.critical_failures, 0);
	assert_int_equal(s.na, 1);
	assert_int_equal(s.answered, 11);
	assert_int_equal(s.unanswered, 0);

	/* With na: pass, the N/A counts as met: 10.5 / 13 = 80.77%. */
	t->na = QIP_NA_PASS;
	assert_int_equal(qip_template_score(t, a, sizeof a / sizeof a[0], &s, err, sizeof err), QIP_OK);
	assert_float_equal(s.earned, 10.5, 1e-9);
	assert_float_equal(s.available, 13, 1e-9);
	assert_float_equal(s.percent, 10.5 / 13 * 100, 1e-9);

	/* Unanswered questions are counted, not scored: the once section
	 * counts once, not per person; text and unbounded numbers not at all. */
	assert_int_equal(qip_template_score(t, a, 4, &s, err, sizeof err), QIP_OK);
	assert_int_equal(s.unanswered, 4 + 1);   /* person 2's four, and cd */
	qip_template_free(t);
}

static void nineteen_of_twenty_passes_at_95(void **state)
{
	struct qip_template *t = parse_ok(
		"qip-template: 1\nkey: s\nversion: 1\ntitle: T\nfrequency: weekly\ntarget: 95\n"
		"sample: {subject: record, size: 20}\n"
		"sections:\n  - title: S\n    questions:\n      - {id: ok, text: OK, type: yes-no}\n");
	struct qip_answer a[20];
	for (int i = 0; i < 20; i++)
		a[i] = (struct qip_answer){ i, 0, i == 7 ? QIP_REPLY_NO : QIP_REPLY_YES, 0, 0 };
	struct qip_score s;
	char err[256];
	assert_int_equal(qip_template_score(t, a, 20, &s, err, sizeof err), QIP_OK);
	assert_float_equal(s.percent, 95, 1e-9);
	assert_true(s.passed);

	/* The same 95% fails when the failed question is critical. */
	t->questions[0].critical = true;
	assert_int_equal(qip_template_score(t, a, 20, &s, err, sizeof err), QIP_OK);
	assert_float_equal(s.percent, 95, 1e-9);
	assert_int_equal(s.critical_failures, 1);
	assert_false(s.passed);

	/* 18 of 20 is 90%: below target. */
	t->questions[0].critical = false;
	a[3].reply = QIP_REPLY_NO;
	assert_int_equal(qip_template_score(t, a, 20, &s, err, sizeof err), QIP_OK);
	assert_float_equal(s.percent, 90, 1e-9);
	assert_false(s.passed);
	qip_template_free(t);
}

static void weights_and_failing_choices(void **state)
{
	struct qip_template *t = parse_ok(
		"qip-template: 1\nkey: s\nversion: 1\ntitle: T\nfrequency: weekly\ntarget: 50\n"
		"sections:\n  - title: S\n    questions:\n"
		"      - {id: a, text: A, type: yes-no, weight: 3}\n"
		"      - {id: b, text: B, type: yes-no}\n"
		"      - id: c\n        text: C\n        type: choice\n        weight: 2\n        choices:\n"
		"          - {label: Best, score: 4}\n"
		"          - {label: Weak, score: 1, fail: true}\n");
	/* a no: 0/3; b yes: 1/1; c Weak: 1/4 x 2 = 0.5/2, and it fails.
	 * 1.5 / 6 = 25%. */
	const struct qip_answer a[] = { NO(0, 0), YES(0, 1), CHOICE(0, 2, 1) };
	struct qip_score s;
	char err[256];
	assert_int_equal(qip_template_score(t, a, 3, &s, err, sizeof err), QIP_OK);
	assert_float_equal(s.earned, 1.5, 1e-9);
	assert_float_equal(s.available, 6, 1e-9);
	assert_float_equal(s.percent, 25, 1e-9);
	assert_int_equal(s.failures, 2);
	assert_false(s.passed);
	assert_true(qip_answer_failed(t, &a[2]));
	assert_false(qip_answer_failed(t, &a[1]));
	qip_template_free(t);
}

static void all_na_is_not_scored(void **state)
{
	struct qip_template *t = parse_ok(
		"qip-template: 1\nkey: s\nversion: 1\ntitle: T\nfrequency: weekly\ntarget: 95\n"
		"sections:\n  - title: S\n    questions:\n      - {id: a, text: A, type: yes-no-na, critical: true}\n");
	const struct qip_answer a[] = { NA(0, 0) };
	struct qip_score s;
	char err[256];
	assert_int_equal(qip_template_score(t, a, 1, &s, err, sizeof err), QIP_OK);
	assert_false(s.scored);
	assert_float_equal(s.percent, 0, 1e-9);
	assert_true(s.passed);   /* nothing failed, nothing to fall short of */
	assert_false(qip_answer_failed(t, &a[0]));
	qip_template_free(t);
}

static void refuses_answers_that_do_not_fit(void **state)
{
	struct qip_template *t = parse_ok(scoring_yaml);
	struct qip_score s;
	char err[256];
	const struct qip_answer na_on_yes_no[] = { NA(0, 0) };
	assert_int_equal(qip_template_score(t, na_on_yes_no, 1, &s, err, sizeof err), QIP_EINVAL);
	assert_string_equal(err, "the answer to 'signed' (sample 1) does not fit a yes-no question");
	const struct qip_answer number_for_choice[] = { NUM(0, 3, 2) };
	assert_int_equal(qip_template_score(t, number_for_choice, 1, &s, err, sizeof err), QIP_EINVAL);
	const struct qip_answer bad_choice[] = { CHOICE(0, 3, 3) };
	assert_int_equal(qip_template_score(t, bad_choice, 1, &s, err, sizeof err), QIP_EINVAL);
	const struct qip_answer once_asked_twice[] = { YES(1, 5) };
	assert_int_equal(qip_template_score(t, once_asked_twice, 1, &s, err, sizeof err), QIP_EINVAL);
	const struct qip_answer no_such_sample[] = { YES(2, 0) };
	assert_int_equal(qip_template_score(t, no_such_sample, 1, &s, err, sizeof err), QIP_EINVAL);
	const struct qip_answer no_such_question[] = { YES(0, 7) };
	assert_int_equal(qip_template_score(t, no_such_question, 1, &s, err, sizeof err), QIP_EINVAL);
	const struct qip_answer twice[] = { YES(0, 0), NO(0, 0) };
	assert_int_equal(qip_template_score(t, twice, 2, &s, err, sizeof err), QIP_EINVAL);
	assert_string_equal(err, "'signed' is answered twice for sample 1");
	const struct qip_answer nan[] = { NUM(0, 2, NAN) };
	assert_int_equal(qip_template_score(t, nan, 1, &s, err, sizeof err), QIP_EINVAL);
	qip_template_free(t);
}

/* The database. */

static int64_t count(struct qip_db *db, const char *sql)
{
	return fixture_int(db, sql);
}

static char *write_temp(const char *dir, const char *name, const char *text)
{
	char *path = qip_printf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void bundled_import_is_idempotent(void **state)
{
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	assert_int_equal(qip_data_import_bundled(db, datadir()), QIP_OK);
	assert_int_equal(count(db, "SELECT count(*) FROM framework"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM framework_item"), 45);
	assert_int_equal(count(db, "SELECT count(*) FROM audit_template"), 7);
	/* qip init again: nothing new, nothing refused. */
	assert_int_equal(qip_data_import_bundled(db, datadir()), QIP_OK);
	assert_int_equal(count(db, "SELECT count(*) FROM framework"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM framework_item"), 45);
	assert_int_equal(count(db, "SELECT count(*) FROM audit_template"), 7);

	struct qip_template_info *v;
	int n;
	assert_int_equal(qip_template_list(db, false, &v, &n), QIP_OK);
	assert_int_equal(n, 7);
	assert_string_equal(v[0].key, "care-plans");
	assert_string_equal(v[0].frequency, "monthly");
	qip_template_info_free(v, n);

	/* A missing data directory is a clear failure, with nothing written. */
	assert_int_equal(qip_data_import_bundled(db, "/nonexistent"), QIP_ENOTFOUND);
	assert_non_null(strstr(qip_db_error(db), "no bundled data in /nonexistent/frameworks"));
	fixture_close(&f);
}

static void versions_supersede_and_conflicts_are_refused(void **state)
{
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	char path[512];
	snprintf(path, sizeof path, "%s/frameworks/cqc-saf.yaml", datadir());
	assert_int_equal(qip_framework_import_file(db, path), QIP_OK);

	char *v1 = write_temp(f.dir, "v1.yaml", HEAD SECTIONS);
	char *v1b = write_temp(f.dir, "v1b.yaml", HEAD SECTIONS "        weight: 2\n");
	char *v2 = write_temp(f.dir, "v2.yaml",
			      "qip-template: 1\nkey: t\nversion: 2\ntitle: T two\nfrequency: weekly\ntarget: 90\n" SECTIONS);
	char *bad = write_temp(f.dir, "bad.yaml", HEAD SECTIONS "colour: red\n");

	assert_int_equal(qip_template_import_file(db, v1), QIP_OK);
	assert_int_equal(qip_template_import_file(db, v1), QIP_OK);   /* same body: no-op */
	assert_int_equal(count(db, "SELECT count(*) FROM audit_template"), 1);

	/* Same key and version, different body: refused, with a clear reason. */
	assert_int_equal(qip_template_import_file(db, v1b), QIP_EREFUSED);
	assert_string_equal(qip_db_error(db),
		"template t version 1 is already imported with different content: give the changed template a higher version");
	assert_int_equal(count(db, "SELECT count(*) FROM audit_template"), 1);

	/* A file with problems imports nothing and names the first problem. */
	assert_int_equal(qip_template_import_file(db, bad), QIP_EINVAL);
	assert_non_null(strstr(qip_db_error(db), "bad.yaml:13:1: unknown key 'colour' in the template"));

	/* A higher version supersedes; the old one stays for its runs. */
	struct qip_diags d;
	qip_diags_init(&d, v2);
	struct qip_template *t;
	char *body;
	size_t len;
	assert_int_equal(qip_template_load_file(v2, &fws, &t, &body, &len, &d), QIP_OK);
	enum qip_import_result res;
	int current;
	assert_int_equal(qip_template_import(db, t, body, len, &res, &current), QIP_OK);
	assert_int_equal(res, QIP_SUPERSEDED);
	assert_int_equal(current, 1);
	qip_template_free(t);
	free(body);
	qip_diags_free(&d);

	struct qip_template_info info;
	assert_int_equal(qip_template_get(db, "t", 0, &t, &info, NULL), QIP_OK);
	assert_int_equal(t->version, 2);
	assert_int_equal(info.versions, 2);
	assert_string_equal(info.frequency, "weekly");
	qip_template_free(t);
	qip_template_info_clear(&info);
	assert_int_equal(qip_template_get(db, "t", 1, &t, &info, &body), QIP_OK);
	assert_int_equal(t->version, 1);
	assert_int_equal(info.latest, 2);
	assert_string_equal(body, HEAD SECTIONS);
	qip_template_free(t);
	qip_template_info_clear(&info);
	free(body);
	assert_int_equal(qip_template_get(db, "t", 3, &t, NULL, NULL), QIP_ENOTFOUND);
	assert_int_equal(qip_template_get(db, "nope", 0, &t, NULL, NULL), QIP_ENOTFOUND);

	/* An older version than the one in use is not imported. */
	char *v0 = write_temp(f.dir, "v0.yaml",
			      "qip-template: 1\nkey: t\nversion: 1\ntitle: T\nfrequency: monthly\ntarget: 80\n" SECTIONS);
	assert_int_equal(qip_db_exec(db, "DELETE FROM audit_template WHERE version = 1"), QIP_OK);
	qip_diags_init(&d, v0);
	assert_int_equal(qip_template_load_file(v0, &fws, &t, &body, &len, &d), QIP_OK);
	assert_int_equal(qip_template_import(db, t, body, len, &res, &current), QIP_OK);
	assert_int_equal(res, QIP_OLDER);
	assert_int_equal(current, 2);
	assert_int_equal(count(db, "SELECT count(*) FROM audit_template"), 1);
	qip_template_free(t);
	free(body);
	qip_diags_free(&d);

	struct qip_template_info *list;
	int n;
	assert_int_equal(qip_template_list(db, true, &list, &n), QIP_OK);
	assert_int_equal(n, 1);
	qip_template_info_free(list, n);
	free(v0);
	free(v1);
	free(v1b);
	free(v2);
	free(bad);
	fixture_close(&f);
}

static void import_checks_statements_against_the_database(void **state)
{
	struct fixture f;
	struct qip_db *db = fixture_open(&f);
	char *p = write_temp(f.dir, "s.yaml", HEAD SECTIONS "quality_statements: [safeguarding]\n");
	/* No framework loaded yet: the statement cannot be known. */
	assert_int_equal(qip_template_import_file(db, p), QIP_EINVAL);
	assert_non_null(strstr(qip_db_error(db), "unknown quality statement 'safeguarding' (no framework is loaded)"));
	char path[512];
	snprintf(path, sizeof path, "%s/frameworks/cqc-saf.yaml", datadir());
	assert_int_equal(qip_framework_import_file(db, path), QIP_OK);
	assert_int_equal(qip_template_import_file(db, p), QIP_OK);
	free(p);
	fixture_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(minimal_template_parses_with_defaults),
		cmocka_unit_test(issue_example_parses),
		cmocka_unit_test(bundled_templates_are_valid),
		cmocka_unit_test(bundled_mar_keeps_critical_for_what_is),
		cmocka_unit_test(bundled_numbers_have_a_direction),
		cmocka_unit_test(bundled_infection_bands),
		cmocka_unit_test(mar_fridge_is_asked_once),
		cmocka_unit_test(rejects_syntax_error),
		cmocka_unit_test(rejects_unknown_key_with_suggestion),
		cmocka_unit_test(rejects_unknown_key_without_suggestion),
		cmocka_unit_test(rejects_duplicate_key),
		cmocka_unit_test(rejects_wrong_types),
		cmocka_unit_test(rejects_missing_required_keys),
		cmocka_unit_test(rejects_duplicate_question_ids),
		cmocka_unit_test(rejects_unknown_enum_values),
		cmocka_unit_test(rejects_out_of_range_numbers),
		cmocka_unit_test(rejects_min_greater_than_max),
		cmocka_unit_test(rejects_choices_without_best_score),
		cmocka_unit_test(bands_are_ordered_and_within_0_to_100),
		cmocka_unit_test(services_name_kinds_of_service),
		cmocka_unit_test(on_fail_carries_what_an_action_needs),
		cmocka_unit_test(a_number_with_a_maximum_only),
		cmocka_unit_test(lowest_and_highest_hold_the_passing_range),
		cmocka_unit_test(rejects_unknown_quality_statement),
		cmocka_unit_test(rejects_keys_that_belong_to_other_types),
		cmocka_unit_test(rejects_bad_text_values),
		cmocka_unit_test(reports_every_problem_of_a_question_with_a_bad_type),
		cmocka_unit_test(rejects_a_best_choice_that_fails),
		cmocka_unit_test(long_names_are_cut_in_messages),
		cmocka_unit_test(a_byte_order_mark_does_not_shift_columns),
		cmocka_unit_test(rejects_anchors_and_aliases),
		cmocka_unit_test(survives_billion_laughs),
		cmocka_unit_test(deep_nesting_stops_early_and_fast),
		cmocka_unit_test(huge_file_is_refused_unread),
		cmocka_unit_test(rejects_invalid_utf8_at_its_position),
		cmocka_unit_test(rejects_nul_and_control_bytes_in_the_file),
		cmocka_unit_test(rejects_escape_sequences_in_values),
		cmocka_unit_test(rejects_odd_documents),
		cmocka_unit_test(caps_the_number_of_problems),
		cmocka_unit_test(block_scalars_lose_their_final_newline),
		cmocka_unit_test(scores_a_sampled_audit),
		cmocka_unit_test(nineteen_of_twenty_passes_at_95),
		cmocka_unit_test(weights_and_failing_choices),
		cmocka_unit_test(all_na_is_not_scored),
		cmocka_unit_test(refuses_answers_that_do_not_fit),
		cmocka_unit_test(bundled_import_is_idempotent),
		cmocka_unit_test(versions_supersede_and_conflicts_are_refused),
		cmocka_unit_test(import_checks_statements_against_the_database),
	};
	return cmocka_run_group_tests(tests, load_frameworks, free_frameworks);
}
