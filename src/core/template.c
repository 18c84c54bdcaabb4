/* Audit templates: the format, its validation, and scoring. The format is
 * documented in man/qip-template.5; keep the two in step. */
#include "qip/template.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qip/text.h"
#include "qip/vocab.h"
#include "ydoc.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct qip_word qtype_words[] = {
	{ "yes-no", "Yes or no" }, { "yes-no-na", "Yes, no or N/A" }, { "number", "Number" },
	{ "choice", "Choice" }, { "text", "Text" },
};
static const struct qip_word frequency_words[] = {
	{ "daily", "Daily" }, { "weekly", "Weekly" }, { "fortnightly", "Fortnightly" },
	{ "monthly", "Monthly" }, { "quarterly", "Quarterly" }, { "six-monthly", "Six-monthly" },
	{ "annually", "Annually" },
};
static const struct qip_word na_words[] = {
	{ "exclude", "Left out of the total" }, { "pass", "Counted as met" },
};
static const struct qip_word subject_words[] = {
	{ "person", "Person" }, { "room", "Room" }, { "record", "Record" },
	{ "staff", "Staff member" }, { "other", "Other" },
};
const struct qip_vocab qip_vocab_qtype = { "question type", qtype_words, COUNT(qtype_words) };
const struct qip_vocab qip_vocab_frequency = { "frequency", frequency_words, COUNT(frequency_words) };
const struct qip_vocab qip_vocab_na_rule = { "N/A rule", na_words, COUNT(na_words) };
const struct qip_vocab qip_vocab_subject = { "sample subject", subject_words, COUNT(subject_words) };

const char *qip_qtype_name(enum qip_qtype t)
{
	return qip_vocab_name(&qip_vocab_qtype, (int)t);
}

const char *qip_frequency_name(enum qip_frequency f)
{
	return qip_vocab_name(&qip_vocab_frequency, (int)f);
}

const char *qip_na_rule_name(enum qip_na_rule r)
{
	return qip_vocab_name(&qip_vocab_na_rule, (int)r);
}

const char *qip_subject_name(enum qip_subject s)
{
	return qip_vocab_name(&qip_vocab_subject, (int)s);
}

static char *dup_or_null(const char *s)
{
	return s ? qip_strdup(s) : NULL;
}

static void question_free(struct qip_question *q)
{
	free(q->id);
	free(q->text);
	free(q->guidance);
	free(q->evidence);
	free(q->unit);
	for (int i = 0; i < q->nchoices; i++)
		free(q->choices[i].label);
	free(q->choices);
	if (q->on_fail) {
		free(q->on_fail->action);
		free(q->on_fail->owner_role);
		free(q->on_fail->outcome);
		free(q->on_fail->baseline);
		free(q->on_fail);
	}
}

void qip_template_free(struct qip_template *t)
{
	if (!t)
		return;
	free(t->key);
	free(t->title);
	free(t->description);
	free(t->area);
	free(t->owner_role);
	for (int i = 0; i < t->nstatements; i++)
		free(t->statements[i]);
	free(t->statements);
	for (int i = 0; i < t->nsections; i++)
		free(t->sections[i].title);
	free(t->sections);
	for (int i = 0; i < t->nquestions; i++)
		question_free(&t->questions[i]);
	free(t->questions);
	free(t);
}

/* Validation state for one file. */
struct check {
	struct qip_template *t;
	const struct qip_frameworks *fw;
	struct qip_diags *d;
	int qcap;
	int *qline, *qcol;   /* where each question id was written, for duplicates */
	bool too_many;
	char *searched;      /* "cqc-saf version 2024, ...": made when first needed */
};

/* The frameworks that statement ids were checked against, for messages:
 * each key and version once, at most 8 (then "and N more"). */
static const char *searched_frameworks(struct check *c)
{
	if (c->searched)
		return c->searched;
	const struct qip_frameworks *fw = c->fw;
	size_t len = 1;
	for (int i = 0; i < fw->n; i++)
		len += strlen(fw->v[i]->key) + strlen(fw->v[i]->version) + 12;
	char *out = qip_xmalloc(len + 32);
	out[0] = '\0';
	int shown = 0, more = 0;
	for (int i = 0; i < fw->n; i++) {
		const struct qip_framework *f = fw->v[i];
		bool seen = false;
		for (int j = 0; j < i && !seen; j++)
			seen = !strcmp(fw->v[j]->key, f->key) && !strcmp(fw->v[j]->version, f->version);
		if (seen)
			continue;
		if (shown == 8) {
			more++;
			continue;
		}
		sprintf(out + strlen(out), "%s%s version %s", shown ? ", " : "", f->key, f->version);
		shown++;
	}
	if (more)
		sprintf(out + strlen(out), " and %d more", more);
	c->searched = out;
	return out;
}

static void check_choices(struct check *c, const struct ynode *list, struct qip_question *q,
			  const struct ynode *critical)
{
	static const struct yfield fields[] = {
		{ "label", true }, { "score", true }, { "fail", false },
	};
	struct qip_diags *d = c->d;
	if (!yseq(list, "choices", d))
		return;
	if (list->n > QIP_TEMPLATE_MAX_CHOICES) {
		qip_diag_add(d, list->line, list->col, "more than %d choices", QIP_TEMPLATE_MAX_CHOICES);
		return;
	}
	if (list->n < 2)
		qip_diag_add(d, list->line, list->col, "a choice question needs at least two choices");
	q->choices = qip_xcalloc((size_t)list->n, sizeof *q->choices);
	bool all_scored = true, any_fail = false, best_passes = false;
	q->best = 0;
	for (int i = 0; i < list->n; i++) {
		const struct ynode *v[3];
		struct qip_choice *ch = &q->choices[q->nchoices++];
		if (!ymap_get(list->kids[i], "a choice", fields, 3, v, NULL, d)) {
			all_scored = false;
			continue;
		}
		const char *label = v[0] ? ystr(v[0], "label", false, 100, d) : NULL;
		for (int j = 0; label && j < q->nchoices - 1; j++) {
			if (q->choices[j].label && !strcmp(q->choices[j].label, label)) {
				qip_diag_add(d, v[0]->line, v[0]->col, "duplicate choice '%s'", label);
				break;
			}
		}
		ch->label = dup_or_null(label);
		if (!v[1] || !ynum(v[1], "score", 0, 1000, &ch->score, d))
			all_scored = false;
		else if (ch->score > q->best)
			q->best = ch->score;
		if (v[2])
			ybool(v[2], "fail", &ch->fail, d);
		any_fail |= ch->fail;
	}
	/* Each choice earns score / best x weight: with no positive best
	 * there is nothing to score against. */
	if (all_scored && q->best <= 0)
		qip_diag_add(d, list->line, list->col,
			     "no choice scores more than 0, so there is no best answer to score against");
	/* Full marks must be within reach of an answer that does not fail. */
	for (int i = 0; i < q->nchoices; i++)
		best_passes |= q->choices[i].score == q->best && !q->choices[i].fail;
	if (all_scored && q->best > 0 && !best_passes)
		qip_diag_add(d, list->line, list->col,
			     "the best-scoring choice is marked fail: no answer can pass");
	/* critical is NULL when the question's type is not known. */
	if (critical && q->critical && !any_fail)
		qip_diag_add(d, critical->line, critical->col,
			     "a critical choice question needs a choice with 'fail: true', or it can never fail");
}

static struct qip_on_fail *check_on_fail(struct check *c, const struct ynode *m)
{
	static const struct yfield fields[] = {
		{ "action", true }, { "owner_role", false }, { "due_days", false }, { "outcome", false },
		{ "baseline", false }, { "target", false },
	};
	const struct ynode *v[6];
	if (!ymap_get(m, "on_fail", fields, 6, v, NULL, c->d))
		return NULL;
	struct qip_on_fail *o = qip_xcalloc(1, sizeof *o);
	o->due_days = 28;
	if (v[0])
		o->action = dup_or_null(ystr(v[0], "action", false, 300, c->d));
	if (v[1])
		o->owner_role = dup_or_null(yslug(v[1], "owner_role", c->d));
	long days;
	if (v[2] && yint(v[2], "due_days", 1, 365, &days, c->d))
		o->due_days = (int)days;
	if (v[3])
		o->outcome = dup_or_null(ystr(v[3], "outcome", true, 1000, c->d));
	if (v[4])
		o->baseline = dup_or_null(ystr(v[4], "baseline", true, 1000, c->d));
	o->target = 100;
	if (v[5])
		o->has_target = ynum(v[5], "target", 0, 100, &o->target, c->d);
	return o;
}

enum { Q_ID, Q_TEXT, Q_TYPE, Q_WEIGHT, Q_CRITICAL, Q_GUIDANCE, Q_EVIDENCE, Q_UNIT,
       Q_MIN, Q_MAX, Q_CHOICES, Q_ON_FAIL, Q_NOTE_ON_FAIL, Q_LOWEST, Q_HIGHEST, Q_N };

static const struct yfield question_fields[Q_N] = {
	[Q_ID] = { "id", true }, [Q_TEXT] = { "text", true }, [Q_TYPE] = { "type", true },
	[Q_WEIGHT] = { "weight", false }, [Q_CRITICAL] = { "critical", false },
	[Q_GUIDANCE] = { "guidance", false }, [Q_EVIDENCE] = { "evidence", false },
	[Q_UNIT] = { "unit", false }, [Q_MIN] = { "min", false }, [Q_MAX] = { "max", false },
	[Q_CHOICES] = { "choices", false }, [Q_ON_FAIL] = { "on_fail", false },
	[Q_NOTE_ON_FAIL] = { "requires_note_on_fail", false },
	[Q_LOWEST] = { "lowest", false }, [Q_HIGHEST] = { "highest", false },
};

static void add_question_id(struct check *c, const struct ynode *v, struct qip_question *q)
{
	const char *id = yslug(v, "id", c->d);
	if (!id)
		return;
	struct qip_template *t = c->t;
	for (int i = 0; i < t->nquestions; i++) {
		if (t->questions[i].id && !strcmp(t->questions[i].id, id)) {
			qip_diag_add(c->d, v->line, v->col, "duplicate question id '%s' (first at %d:%d)",
				     id, c->qline[i], c->qcol[i]);
			return;
		}
	}
	q->id = qip_strdup(id);
	c->qline[t->nquestions] = v->line;
	c->qcol[t->nquestions] = v->col;
}

static void check_question(struct check *c, const struct ynode *m, int section)
{
	struct qip_template *t = c->t;
	struct qip_diags *d = c->d;
	if (t->nquestions >= QIP_TEMPLATE_MAX_QUESTIONS) {
		if (!c->too_many)
			qip_diag_add(d, m->line, m->col, "more than %d questions", QIP_TEMPLATE_MAX_QUESTIONS);
		c->too_many = true;
		return;
	}
	const struct ynode *v[Q_N], *k[Q_N];
	if (!ymap_get(m, "a question", question_fields, Q_N, v, k, d))
		return;
	if (t->nquestions == c->qcap) {
		c->qcap = c->qcap ? c->qcap * 2 : 16;
		t->questions = qip_xrealloc(t->questions, (size_t)c->qcap * sizeof *t->questions);
		c->qline = qip_xrealloc(c->qline, (size_t)c->qcap * sizeof *c->qline);
		c->qcol = qip_xrealloc(c->qcol, (size_t)c->qcap * sizeof *c->qcol);
	}
	struct qip_question *q = &t->questions[t->nquestions];
	memset(q, 0, sizeof *q);
	q->weight = 1;
	q->section = section;
	if (v[Q_ID])
		add_question_id(c, v[Q_ID], q);
	t->nquestions++;
	if (v[Q_TEXT])
		q->text = dup_or_null(ystr(v[Q_TEXT], "text", true, 500, d));
	/* A wrong or missing type (already reported) skips only the checks
	 * that depend on the type: every other problem is still reported. */
	int type = v[Q_TYPE] ? yenum(v[Q_TYPE], "type", &qip_vocab_qtype, d) : -1;
	if (type >= 0)
		q->type = (enum qip_qtype)type;

	/* Keys that belong to other types are mistakes, not options. */
	static const int scored_only[] = { Q_WEIGHT, Q_CRITICAL, Q_ON_FAIL, Q_NOTE_ON_FAIL };
	static const int number_only[] = { Q_UNIT, Q_MIN, Q_MAX, Q_LOWEST, Q_HIGHEST };
	for (int i = 3; type >= 0 && type != QIP_Q_NUMBER && i < 5; i++) {
		int f = number_only[i];
		if (k[f]) {
			qip_diag_add(d, k[f]->line, k[f]->col, "'%s' is only used by number questions",
				     question_fields[f].key);
			v[f] = NULL;
		}
	}
	for (int i = 0; type >= 0 && i < 4; i++) {
		int f = scored_only[i];
		if (k[f] && type == QIP_Q_TEXT) {
			qip_diag_add(d, k[f]->line, k[f]->col,
				     "'%s' has no use on a text question: text questions are not scored",
				     question_fields[f].key);
			v[f] = NULL;
		}
		if (i == 3)
			break;
		f = number_only[i];
		if (k[f] && type != QIP_Q_NUMBER) {
			qip_diag_add(d, k[f]->line, k[f]->col, "'%s' is only used by number questions",
				     question_fields[f].key);
			v[f] = NULL;
		}
	}
	if (k[Q_CHOICES] && type >= 0 && type != QIP_Q_CHOICE) {
		qip_diag_add(d, k[Q_CHOICES]->line, k[Q_CHOICES]->col,
			     "'choices' is only used by choice questions");
		v[Q_CHOICES] = NULL;
	}
	if (type == QIP_Q_CHOICE && !v[Q_CHOICES])
		qip_diag_add(d, m->line, m->col, "missing required key 'choices' in a choice question");

	double w;
	if (v[Q_WEIGHT] && ynum(v[Q_WEIGHT], "weight", 0, 1000, &w, d)) {
		if (w <= 0)
			qip_diag_add(d, v[Q_WEIGHT]->line, v[Q_WEIGHT]->col, "'weight' must be more than 0");
		else
			q->weight = w;
	}
	if (v[Q_CRITICAL])
		ybool(v[Q_CRITICAL], "critical", &q->critical, d);
	if (v[Q_GUIDANCE])
		q->guidance = dup_or_null(ystr(v[Q_GUIDANCE], "guidance", true, 2000, d));
	if (v[Q_EVIDENCE])
		q->evidence = dup_or_null(ystr(v[Q_EVIDENCE], "evidence", false, 200, d));
	if (v[Q_UNIT])
		q->unit = dup_or_null(ystr(v[Q_UNIT], "unit", false, 20, d));
	if (v[Q_MIN])
		q->has_min = ynum(v[Q_MIN], "min", -1e9, 1e9, &q->min, d);
	if (v[Q_MAX])
		q->has_max = ynum(v[Q_MAX], "max", -1e9, 1e9, &q->max, d);
	if (q->has_min && q->has_max && q->min > q->max) {
		char lo[QIP_NUMBER_LEN], hi[QIP_NUMBER_LEN];
		qip_diag_add(d, v[Q_MIN]->line, v[Q_MIN]->col, "'min' (%s) is greater than 'max' (%s)",
			     qip_number_format(q->min, lo), qip_number_format(q->max, hi));
	}
	if (v[Q_LOWEST])
		q->has_lowest = ynum(v[Q_LOWEST], "lowest", -1e9, 1e9, &q->lowest, d);
	if (v[Q_HIGHEST])
		q->has_highest = ynum(v[Q_HIGHEST], "highest", -1e9, 1e9, &q->highest, d);
	/* The range that can be typed must hold the range that passes. */
	char a[QIP_NUMBER_LEN], b[QIP_NUMBER_LEN];
	if (q->has_lowest && q->has_min && q->lowest > q->min)
		qip_diag_add(d, v[Q_LOWEST]->line, v[Q_LOWEST]->col, "'lowest' (%s) is above 'min' (%s)",
			     qip_number_format(q->lowest, a), qip_number_format(q->min, b));
	else if (q->has_lowest && q->has_max && q->lowest > q->max)
		qip_diag_add(d, v[Q_LOWEST]->line, v[Q_LOWEST]->col, "'lowest' (%s) is above 'max' (%s)",
			     qip_number_format(q->lowest, a), qip_number_format(q->max, b));
	if (q->has_highest && q->has_max && q->highest < q->max)
		qip_diag_add(d, v[Q_HIGHEST]->line, v[Q_HIGHEST]->col, "'highest' (%s) is below 'max' (%s)",
			     qip_number_format(q->highest, a), qip_number_format(q->max, b));
	else if (q->has_highest && q->has_min && q->highest < q->min)
		qip_diag_add(d, v[Q_HIGHEST]->line, v[Q_HIGHEST]->col, "'highest' (%s) is below 'min' (%s)",
			     qip_number_format(q->highest, a), qip_number_format(q->min, b));
	if (q->has_lowest && q->has_highest && q->lowest > q->highest)
		qip_diag_add(d, v[Q_LOWEST]->line, v[Q_LOWEST]->col, "'lowest' (%s) is greater than 'highest' (%s)",
			     qip_number_format(q->lowest, a), qip_number_format(q->highest, b));
	if (type == QIP_Q_NUMBER && q->critical && !v[Q_MIN] && !v[Q_MAX])
		qip_diag_add(d, v[Q_CRITICAL]->line, v[Q_CRITICAL]->col,
			     "a critical number question needs 'min' or 'max', or it can never fail");
	if (v[Q_CHOICES])
		check_choices(c, v[Q_CHOICES], q, type == QIP_Q_CHOICE ? v[Q_CRITICAL] : NULL);
	if (v[Q_ON_FAIL])
		q->on_fail = check_on_fail(c, v[Q_ON_FAIL]);
	if (v[Q_NOTE_ON_FAIL])
		ybool(v[Q_NOTE_ON_FAIL], "requires_note_on_fail", &q->requires_note_on_fail, d);
}

static void check_sections(struct check *c, const struct ynode *list)
{
	static const struct yfield fields[] = {
		{ "title", true }, { "questions", true }, { "once", false },
	};
	struct qip_template *t = c->t;
	if (!yseq(list, "sections", c->d))
		return;
	if (list->n == 0)
		qip_diag_add(c->d, list->line, list->col, "a template needs at least one section");
	for (int i = 0; i < list->n; i++) {
		const struct ynode *v[3];
		if (!ymap_get(list->kids[i], "a section", fields, 3, v, NULL, c->d))
			continue;
		t->sections = qip_xrealloc(t->sections, (size_t)(t->nsections + 1) * sizeof *t->sections);
		struct qip_section *s = &t->sections[t->nsections++];
		s->title = v[0] ? dup_or_null(ystr(v[0], "title", false, 200, c->d)) : NULL;
		s->first = t->nquestions;
		s->once = false;
		if (v[2])
			ybool(v[2], "once", &s->once, c->d);
		if (v[1] && yseq(v[1], "questions", c->d)) {
			if (v[1]->n == 0)
				qip_diag_add(c->d, v[1]->line, v[1]->col, "a section needs at least one question");
			for (int j = 0; j < v[1]->n; j++)
				check_question(c, v[1]->kids[j], t->nsections - 1);
		}
		s->count = t->nquestions - s->first;
	}
	bool scored = false;
	for (int i = 0; i < t->nquestions; i++)
		scored |= qip_question_scored(&t->questions[i]);
	if (t->nquestions > 0 && !scored)
		qip_diag_add(c->d, list->line, list->col,
			     "no question is scored: a template needs at least one question that is not text");
}

static void check_statements(struct check *c, const struct ynode *list)
{
	struct qip_template *t = c->t;
	if (!yseq(list, "quality_statements", c->d))
		return;
	t->statements = qip_xcalloc((size_t)list->n + 1, sizeof *t->statements);
	for (int i = 0; i < list->n; i++) {
		const struct ynode *v = list->kids[i];
		const char *id = yslug(v, "quality_statements", c->d);
		if (!id)
			continue;
		bool dup = false;
		for (int j = 0; j < t->nstatements && !dup; j++)
			dup = !strcmp(t->statements[j], id);
		if (dup) {
			qip_diag_add(c->d, v->line, v->col, "quality statement '%s' is listed twice", id);
			continue;
		}
		if (c->fw && !qip_frameworks_has_statement(c->fw, id)) {
			/* Say where we looked: a statement of a framework that was
			 * not searched is otherwise a mystery. */
			const char *s = qip_frameworks_suggest_statement(c->fw, id);
			if (c->fw->n == 0)
				qip_diag_add(c->d, v->line, v->col,
					     "unknown quality statement '%s' (no framework is loaded)", id);
			else if (s)
				qip_diag_add(c->d, v->line, v->col,
					     "unknown quality statement '%s' (did you mean '%s'? checked against: %s)",
					     id, s, searched_frameworks(c));
			else
				qip_diag_add(c->d, v->line, v->col,
					     "unknown quality statement '%s' (checked against: %s)", id,
					     searched_frameworks(c));
			continue;
		}
		t->statements[t->nstatements++] = qip_strdup(id);
	}
}

enum { T_FORMAT, T_KEY, T_VERSION, T_TITLE, T_DESCRIPTION, T_AREA, T_KEY_QUESTION,
       T_STATEMENTS, T_FREQUENCY, T_TARGET, T_NA, T_OWNER_ROLE, T_SAMPLE, T_SECTIONS, T_BANDS, T_SERVICES, T_N };

static const struct yfield template_fields[T_N] = {
	[T_FORMAT] = { "qip-template", true }, [T_KEY] = { "key", true },
	[T_VERSION] = { "version", true }, [T_TITLE] = { "title", true },
	[T_DESCRIPTION] = { "description", false }, [T_AREA] = { "area", false },
	[T_KEY_QUESTION] = { "key_question", false },
	[T_STATEMENTS] = { "quality_statements", false },
	[T_FREQUENCY] = { "frequency", true }, [T_TARGET] = { "target", true },
	[T_NA] = { "na", false }, [T_OWNER_ROLE] = { "owner_role", false },
	[T_SAMPLE] = { "sample", false }, [T_SECTIONS] = { "sections", true },
	[T_BANDS] = { "bands", false }, [T_SERVICES] = { "services", false },
};

/* bands: {amber: 81, green: 90}: the lowest score of each band; below
 * amber is red. */
static void check_bands(struct check *c, const struct ynode *m)
{
	static const struct yfield fields[] = { { "amber", true }, { "green", true } };
	const struct ynode *v[2];
	if (!ymap_get(m, "bands", fields, 2, v, NULL, c->d))
		return;
	bool a = v[0] && ynum(v[0], "amber", 0, 100, &c->t->amber, c->d);
	bool g = v[1] && ynum(v[1], "green", 0, 100, &c->t->green, c->d);
	if (a && g && c->t->amber >= c->t->green) {
		char lo[QIP_NUMBER_LEN], hi[QIP_NUMBER_LEN];
		qip_diag_add(c->d, v[0]->line, v[0]->col,
			     "'amber' (%s) must be below 'green' (%s): amber starts lower than green",
			     qip_number_format(c->t->amber, lo), qip_number_format(c->t->green, hi));
		return;
	}
	c->t->has_bands = a && g;
}

/* services: [care-home, nursing-home]: the kinds of service it is for. */
static void check_services(struct check *c, const struct ynode *list)
{
	if (!yseq(list, "services", c->d))
		return;
	if (list->n == 0) {
		qip_diag_add(c->d, list->line, list->col,
			     "'services' lists no kind of service: leave it out to mean every kind");
		return;
	}
	for (int i = 0; i < list->n; i++) {
		const struct ynode *v = list->kids[i];
		int k = yenum(v, "services", &qip_vocab_service_kind, c->d);
		if (k < 0)
			continue;
		if (c->t->services & (1u << k))
			qip_diag_add(c->d, v->line, v->col, "service kind '%s' is listed twice", v->s);
		c->t->services |= 1u << k;
	}
}

const char *qip_template_services_text(const struct qip_template *t)
{
	static char buf[200];
	if (!t->services)
		return "every kind of service";
	buf[0] = '\0';
	int listed = 0, total = 0;
	for (int k = 0; k < qip_vocab_service_kind.count; k++)
		total += (t->services >> k) & 1;
	for (int k = 0; k < qip_vocab_service_kind.count; k++) {
		if (!(t->services & (1u << k)))
			continue;
		size_t o = strlen(buf);
		const char *sep = listed == 0 ? "" : listed == total - 1 ? " or " : ", ";
		char *label = qip_strdup(qip_vocab_label(&qip_vocab_service_kind, k));
		label[0] = (char)tolower((unsigned char)label[0]);
		snprintf(buf + o, sizeof buf - o, "%s%s", sep, label);
		free(label);
		listed++;
	}
	size_t o = strlen(buf);
	snprintf(buf + o, sizeof buf - o, " services");
	return buf;
}

bool qip_template_for_service_kind(const struct qip_template *t, const char *kind)
{
	int k = qip_vocab_find(&qip_vocab_service_kind, kind ? kind : "");
	return t->services == 0 || (k >= 0 && (t->services & (1u << k)));
}

static void check_sample(struct check *c, const struct ynode *m)
{
	static const struct yfield fields[] = { { "subject", true }, { "size", true } };
	const struct ynode *v[2];
	if (!ymap_get(m, "sample", fields, 2, v, NULL, c->d))
		return;
	c->t->sampled = true;
	int s = v[0] ? yenum(v[0], "subject", &qip_vocab_subject, c->d) : -1;
	if (s >= 0)
		c->t->subject = (enum qip_subject)s;
	long size;
	if (v[1] && yint(v[1], "size", 1, QIP_TEMPLATE_MAX_SAMPLE, &size, c->d))
		c->t->sample_size = (int)size;
}

static void check_template(struct check *c, const struct ynode *root)
{
	struct qip_template *t = c->t;
	struct qip_diags *d = c->d;
	const struct ynode *v[T_N];
	if (!ymap_get(root, "the template", template_fields, T_N, v, NULL, d))
		return;
	long n;
	if (v[T_FORMAT] && yint(v[T_FORMAT], "qip-template", 0, 1000000, &n, d)) {
		t->format = (int)n;
		if (n != QIP_TEMPLATE_FORMAT)
			qip_diag_add(d, v[T_FORMAT]->line, v[T_FORMAT]->col,
				     "unsupported template format %ld: this qip reads format %d",
				     n, QIP_TEMPLATE_FORMAT);
	}
	if (v[T_KEY])
		t->key = dup_or_null(yslug(v[T_KEY], "key", d));
	if (v[T_VERSION] && yint(v[T_VERSION], "version", 1, 1000000, &n, d))
		t->version = (int)n;
	if (v[T_TITLE])
		t->title = dup_or_null(ystr(v[T_TITLE], "title", false, 200, d));
	if (v[T_DESCRIPTION])
		t->description = dup_or_null(ystr(v[T_DESCRIPTION], "description", true, 2000, d));
	if (v[T_AREA])
		t->area = dup_or_null(yslug(v[T_AREA], "area", d));
	if (v[T_KEY_QUESTION])
		t->key_question = yenum(v[T_KEY_QUESTION], "key_question", &qip_vocab_key_question, d);
	if (v[T_STATEMENTS])
		check_statements(c, v[T_STATEMENTS]);
	int i;
	if (v[T_FREQUENCY] &&
	    (i = yenum(v[T_FREQUENCY], "frequency", &qip_vocab_frequency, d)) >= 0)
		t->frequency = (enum qip_frequency)i;
	if (v[T_TARGET])
		ynum(v[T_TARGET], "target", 0, 100, &t->target, d);
	if (v[T_NA] && (i = yenum(v[T_NA], "na", &qip_vocab_na_rule, d)) >= 0)
		t->na = (enum qip_na_rule)i;
	if (v[T_OWNER_ROLE])
		t->owner_role = dup_or_null(yslug(v[T_OWNER_ROLE], "owner_role", d));
	if (v[T_SAMPLE])
		check_sample(c, v[T_SAMPLE]);
	if (v[T_SECTIONS])
		check_sections(c, v[T_SECTIONS]);
	if (v[T_BANDS])
		check_bands(c, v[T_BANDS]);
	if (v[T_SERVICES])
		check_services(c, v[T_SERVICES]);
}

int qip_template_parse(const char *buf, size_t len, const struct qip_frameworks *fw,
		       struct qip_template **out, struct qip_diags *d)
{
	*out = NULL;
	int before = d->n;
	struct ynode *root = ydoc_parse(buf, len, d);
	if (!root)
		return QIP_EINVAL;
	struct qip_template *t = qip_xcalloc(1, sizeof *t);
	t->key_question = -1;
	t->sample_size = 1;
	struct check c = { .t = t, .fw = fw, .d = d };
	check_template(&c, root);
	free(c.qline);
	free(c.qcol);
	free(c.searched);
	ynode_free(root);
	if (d->n > before) {
		qip_template_free(t);
		return QIP_EINVAL;
	}
	*out = t;
	return QIP_OK;
}

int qip_template_load_file(const char *path, const struct qip_frameworks *fw,
			   struct qip_template **out, char **body, size_t *len,
			   struct qip_diags *d)
{
	char *buf;
	size_t n;
	*out = NULL;
	if (body)
		*body = NULL;
	if (!ydoc_read_file(path, &buf, &n, d))
		return QIP_EINVAL;
	int rc = qip_template_parse(buf, n, fw, out, d);
	if (rc == QIP_OK && body) {
		*body = buf;
		if (len)
			*len = n;
	} else {
		free(buf);
	}
	return rc;
}

int qip_template_question(const struct qip_template *t, const char *id)
{
	for (int i = 0; i < t->nquestions; i++)
		if (t->questions[i].id && !strcmp(t->questions[i].id, id))
			return i;
	return -1;
}

/* Scoring */

const char *qip_band_name(enum qip_band b)
{
	static const char *const names[] = { "", "red", "amber", "green" };
	return (int)b >= 0 && (int)b < COUNT(names) ? names[b] : "";
}

enum qip_band qip_template_band(const struct qip_template *t, double percent)
{
	if (!t->has_bands)
		return QIP_BAND_NONE;
	/* The same tolerance as the pass mark: 89.99999 from 9/10 is 90. */
	if (percent + 1e-9 >= t->green)
		return QIP_BAND_GREEN;
	return percent + 1e-9 >= t->amber ? QIP_BAND_AMBER : QIP_BAND_RED;
}

bool qip_question_scored(const struct qip_question *q)
{
	if (q->type == QIP_Q_TEXT)
		return false;
	if (q->type == QIP_Q_NUMBER)
		return q->has_min || q->has_max;
	return true;
}

int qip_question_samples(const struct qip_template *t, const struct qip_question *q)
{
	return t->sections[q->section].once ? 1 : t->sample_size;
}

bool qip_answer_failed(const struct qip_template *t, const struct qip_answer *a)
{
	if (a->question < 0 || a->question >= t->nquestions)
		return false;
	const struct qip_question *q = &t->questions[a->question];
	switch (a->reply) {
	case QIP_REPLY_NO:
		return q->type == QIP_Q_YES_NO || q->type == QIP_Q_YES_NO_NA;
	case QIP_REPLY_NUMBER:
		return q->type == QIP_Q_NUMBER &&
		       ((q->has_min && a->number < q->min) || (q->has_max && a->number > q->max));
	case QIP_REPLY_CHOICE:
		return q->type == QIP_Q_CHOICE && a->choice >= 0 && a->choice < q->nchoices &&
		       q->choices[a->choice].fail;
	default:
		return false;
	}
}

/* Does the reply fit the question's type? */
static bool reply_fits(const struct qip_question *q, const struct qip_answer *a)
{
	switch (a->reply) {
	case QIP_REPLY_NONE:
		return true;
	case QIP_REPLY_YES:
	case QIP_REPLY_NO:
		return q->type == QIP_Q_YES_NO || q->type == QIP_Q_YES_NO_NA;
	case QIP_REPLY_NA:
		return q->type == QIP_Q_YES_NO_NA;
	case QIP_REPLY_NUMBER:
		return q->type == QIP_Q_NUMBER && isfinite(a->number);
	case QIP_REPLY_CHOICE:
		return q->type == QIP_Q_CHOICE && a->choice >= 0 && a->choice < q->nchoices;
	case QIP_REPLY_TEXT:
		return q->type == QIP_Q_TEXT;
	}
	return false;
}

int qip_template_score(const struct qip_template *t, const struct qip_answer *answers,
		       size_t n, struct qip_score *out, char *err, size_t errsz)
{
	memset(out, 0, sizeof *out);
	size_t cells = (size_t)t->sample_size * (size_t)t->nquestions;
	bool *seen = qip_xcalloc(cells ? cells : 1, sizeof *seen);
	int rc = QIP_OK;
	double earned = 0, available = 0;
	for (size_t i = 0; i < n; i++) {
		const struct qip_answer *a = &answers[i];
		if (a->question < 0 || a->question >= t->nquestions || a->sample < 0 ||
		    a->sample >= qip_question_samples(t, &t->questions[a->question])) {
			snprintf(err, errsz, "answer %zu is for question %d of sample %d, which the template does not have",
				 i + 1, a->question + 1, a->sample + 1);
			rc = QIP_EINVAL;
			break;
		}
		const struct qip_question *q = &t->questions[a->question];
		if (!reply_fits(q, a)) {
			snprintf(err, errsz, "the answer to '%s' (sample %d) does not fit a %s question",
				 q->id, a->sample + 1, qip_qtype_name(q->type));
			rc = QIP_EINVAL;
			break;
		}
		if (a->reply == QIP_REPLY_NONE)
			continue;
		bool *cell = &seen[(size_t)a->sample * (size_t)t->nquestions + (size_t)a->question];
		if (*cell) {
			snprintf(err, errsz, "'%s' is answered twice for sample %d", q->id, a->sample + 1);
			rc = QIP_EINVAL;
			break;
		}
		*cell = true;
		out->answered++;
		if (!qip_question_scored(q))
			continue;
		if (a->reply == QIP_REPLY_NA) {
			out->na++;
			if (t->na == QIP_NA_PASS) {
				earned += q->weight;
				available += q->weight;
			}
			continue;
		}
		available += q->weight;
		bool failed = qip_answer_failed(t, a);
		if (failed) {
			out->failures++;
			out->critical_failures += q->critical;
		}
		/* A choice earns its share of the weight even when it is marked
		 * fail (its score is usually 0); other answers all or nothing. */
		if (a->reply == QIP_REPLY_CHOICE)
			earned += q->weight * q->choices[a->choice].score / q->best;
		else if (!failed)
			earned += q->weight;
	}
	if (rc == QIP_OK) {
		for (int j = 0; j < t->nquestions; j++) {
			const struct qip_question *q = &t->questions[j];
			for (int s = 0; s < qip_question_samples(t, q); s++)
				if (qip_question_scored(q) &&
				    !seen[(size_t)s * (size_t)t->nquestions + (size_t)j])
					out->unanswered++;
		}
		out->earned = earned;
		out->available = available;
		out->scored = available > 0;
		out->percent = out->scored ? earned / available * 100.0 : 0;
		/* A tolerance so that 19/20 = 95% is not 94.99999 below a 95 target. */
		out->passed = out->critical_failures == 0 &&
			      (!out->scored || out->percent + 1e-9 >= t->target);
	}
	free(seen);
	return rc;
}
