/* Forms that act on one action: add, edit, assign an owner, log evidence,
 * extend, escalate, close, review, reopen. Each checks its fields with the
 * core's own checks (so the CLI and the screen say the same) and writes
 * through tui_write, so a busy database only makes it wait. */
#include "action_forms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "escalate.h"
#include "form.h"
#include "prompt.h"
#include "qip/escalation.h"
#include "qip/evidence.h"
#include "qip/person.h"
#include "qip/text.h"
#include "qip/vocab.h"

/* ---- add and edit ------------------------------------------------------- */

struct action_form {
	bool edit;
	char ref[QIP_REF_LEN];
	char *orig[QIP_AF_COUNT];     /* edit: the text each field started with */
	int field_of[QIP_AF_COUNT];   /* form field index -> core field */
	bool incomplete_ok;           /* add: saving without owner/due/target was agreed */
};

static int action_check(struct tui_app *a, struct tui_form *f, int i, char *msg, size_t n)
{
	struct action_form *af = f->arg;
	const char *t = tui_form_text(f, i);
	int id = af->field_of[i];
	/* An edit leaves untouched fields alone: a leaver still named as
	 * owner is not an error until someone changes the owner. */
	if (af->edit && af->orig[id] && !strcmp(af->orig[id], t))
		return QIP_OK;
	/* Adding, an empty field is simply not given: the core's default. */
	if (!af->edit && !*t)
		return QIP_OK;
	return qip_action_check_field(a->db, id, t, msg, n);
}

/* Saves an edit unless someone else changed one of the same fields since
 * the form opened: the core refuses then, naming their value, and nothing
 * is written; the text typed here is kept, and their value becomes the
 * base, so saving again replaces theirs. */
static int save_edit(struct tui_app *a, struct action_form *af, struct qip_action_input *in)
{
	for (int id = 0; id < QIP_AF_COUNT; id++)
		in->base[id] = af->orig[id];
	int rc = qip_action_edit(a->db, af->ref, in);
	struct qip_action now = { 0 };
	if (rc == QIP_EREFUSED && qip_action_get(a->db, af->ref, &now) == QIP_OK) {
		char *cur[QIP_AF_COUNT];
		qip_action_texts(&now, cur);
		for (int id = 0; id < QIP_AF_COUNT; id++)
			if (in->field[id] && af->orig[id] && strcmp(cur[id], af->orig[id])) {
				free(af->orig[id]);   /* a second save is a decision */
				af->orig[id] = qip_strdup(cur[id]);
			}
		qip_action_texts_free(cur);
	}
	qip_action_clear(&now);
	return rc;
}

static int action_save(struct tui_app *a, void *arg)
{
	struct tui_form *f = arg;
	struct action_form *af = f->arg;
	struct qip_action_input in = { 0 };
	for (int i = 0; i < f->n; i++) {
		int id = af->field_of[i];
		const char *t = tui_form_text(f, i);
		if (af->edit)
			in.field[id] = af->orig[id] && !strcmp(af->orig[id], t) ? NULL : t;
		else
			in.field[id] = *t ? t : NULL;
	}
	if (af->edit)
		return save_edit(a, af, &in);
	/* Domain rule 2: a quick note taken in a meeting may still be saved
	 * as a draft, but only when the person says so. */
	struct qip_action_draft draft;
	if (qip_action_is_draft(&in, &draft) && !af->incomplete_ok) {
		char q[200];
		snprintf(q, sizeof q, "%s: save it anyway? (y/n)", draft.message);
		if (!tui_confirm(a, q))
			return qip_db_fail(a->db, QIP_EREFUSED, "fill in the %s, or save again and answer y", draft.list);
		af->incomplete_ok = true;
	}
	return qip_action_add(a->db, &in, af->ref);
}

static const struct {
	int id;
	const char *label;
	int kind;
	const struct qip_vocab *vocab;
	const char *hint;
} action_fields[] = {
	{ QIP_AF_TITLE, "Title", FK_TEXT, NULL, "what will change, in a line" },
	{ QIP_AF_SERVICE, "Service", FK_SERVICE, NULL, "empty: provider-wide" },
	{ QIP_AF_OWNER, "Owner", FK_PERSON, NULL, "one accountable person" },
	{ QIP_AF_DUE, "Due", FK_TEXT, NULL, "YYYY-MM-DD, or +7, +2w, +3m" },
	{ QIP_AF_BASELINE, "Baseline", FK_TEXT, NULL, "the specific issue found, as measured now" },
	{ QIP_AF_OUTCOME, "Intended outcome", FK_TEXT, NULL, "what will be better for people" },
	{ QIP_AF_TARGET, "Target", FK_TEXT, NULL, "a number, for example 95 or 95%" },
	{ QIP_AF_UNIT, "Unit", FK_TEXT, NULL, "for example %" },
	{ QIP_AF_DIRECTION, "Direction", FK_CHOICE, &qip_vocab_direction, NULL },
	{ QIP_AF_TARGET_DATE, "Target date", FK_TEXT, NULL, "when the target should be met" },
	{ QIP_AF_CADENCE, "Review cadence", FK_CHOICE, &qip_vocab_cadence, NULL },
	{ QIP_AF_NEXT_REVIEW, "Next review", FK_TEXT, NULL, "empty: from the cadence" },
	{ QIP_AF_EVIDENCE_REQUIRED, "Evidence required", FK_TEXT, NULL, "how improvement will be shown" },
	{ QIP_AF_AREA, "Quality area", FK_AREA, NULL, "one in use, or a new one" },
	{ QIP_AF_KEY_QUESTION, "Key question", FK_CHOICE, &qip_vocab_key_question, NULL },
	{ QIP_AF_STATEMENTS, "Quality statements", FK_STATEMENTS, NULL, "mark them by name, or type ids" },
	{ QIP_AF_RISK, "Risk", FK_TEXT, NULL, "likelihood x impact, each 1-5, for example 4x3" },
	{ QIP_AF_SOURCE, "Source", FK_CHOICE, &qip_vocab_source, NULL },
	{ QIP_AF_SOURCE_REF, "Source reference", FK_TEXT, NULL, "audit run, inspection report ..." },
	{ QIP_AF_SUPPORTERS, "Supporters", FK_TEXT, NULL, "names, comma separated (support, never own)" },
	{ QIP_AF_STATUS, "Status", FK_CHOICE, &qip_vocab_status, "closing is c, which runs the closure check" },
};
#define N_ACTION_FIELDS ((int)(sizeof action_fields / sizeof action_fields[0]))

static bool action_form(struct tui_app *a, const char *ref)
{
	struct action_form af = { .edit = ref != NULL };
	struct tui_field fields[N_ACTION_FIELDS];
	int n = 0;
	if (ref) {
		struct qip_action x = { 0 };
		if (qip_action_get(a->db, ref, &x) != QIP_OK) {
			tui_error(a, "%s", qip_db_error(a->db));
			return false;
		}
		if (x.status == QIP_STATUS_CLOSED) {
			tui_error(a, "%s is closed: R reopens it first", x.ref);
			qip_action_clear(&x);
			return false;
		}
		qip_action_texts(&x, af.orig);
		snprintf(af.ref, sizeof af.ref, "%s", x.ref);
		qip_action_clear(&x);
	}
	for (int i = 0; i < N_ACTION_FIELDS; i++) {
		if (!ref && action_fields[i].id == QIP_AF_STATUS)
			continue;   /* a new action starts open */
		fields[n] = (struct tui_field){ .label = action_fields[i].label, .kind = action_fields[i].kind,
						.vocab = action_fields[i].vocab, .id = action_fields[i].id,
						.hint = action_fields[i].hint,
						.required = action_fields[i].id == QIP_AF_TITLE };
		af.field_of[n] = action_fields[i].id;
		const char *start = ref ? af.orig[action_fields[i].id] : NULL;
		if (!ref && action_fields[i].id == QIP_AF_DIRECTION)
			start = "at-least";
		if (!ref && action_fields[i].id == QIP_AF_CADENCE)
			start = "monthly";
		tui_edit_set(&fields[n].ed, start);
		n++;
	}
	char title[120];
	snprintf(title, sizeof title, ref ? " Edit %s" : " Add an action", af.ref);
	struct tui_form f = { .title = title, .fields = fields, .n = n, .check = action_check,
			      .save = action_save, .arg = &af };
	if (!ref)
		tui_form_info(&f, "One accountable owner, a specific baseline and a measurable target: "
			      "the closure check will ask for outcome evidence against it.");
	bool saved = tui_form_run(a, &f);
	if (saved) {
		int64_t id;
		if (!ref && qip_action_resolve(a->db, af.ref, &id) == QIP_OK)
			a->select_action = id;   /* the list follows the new action */
		tui_say(a, ref ? "%s saved" : "%s added", af.ref);
	}
	tui_form_free(&f);
	for (int i = 0; i < QIP_AF_COUNT; i++)
		free(af.orig[i]);
	return saved;
}

/* ---- small writes ------------------------------------------------------- */

struct op {
	const char *ref, *a1, *a2;
};

static int do_assign(struct tui_app *a, void *arg)
{
	struct op *op = arg;
	return qip_action_assign(a->db, op->ref, op->a1);
}

static bool assign(struct tui_app *a, const char *ref)
{
	char title[80];
	snprintf(title, sizeof title, "Owner of %s", ref);
	/* Open on the current owner: a change is often to the next name. */
	struct qip_action x = { 0 };
	int64_t owner = qip_action_get(a->db, ref, &x) == QIP_OK && x.owner_active ? x.owner_id : 0;
	qip_action_clear(&x);
	char *who = tui_pick_person(a, title, NULL, owner);
	if (!who)
		return false;
	struct op op = { ref, who, NULL };
	int rc = tui_write(a, do_assign, &op);
	if (rc == QIP_OK) {
		tui_changed(a);
		tui_say(a, "%s now owned by %s", ref, who);
	} else
		tui_error(a, "Not assigned: %s", qip_db_error(a->db));
	free(who);
	return rc == QIP_OK;
}

/* Forms whose fields map to fixed arguments of one core call. */
struct simple {
	const char *ref;
	int64_t corrects;
	int (*check)(struct tui_app *a, struct tui_form *f, int i, char *msg, size_t n);
	int64_t action_id;        /* escalate: whose level's person to offer */
	bool assignee_chosen;     /* escalate: the user typed or picked one */
};

/* ---- evidence ------------------------------------------------------------- */

enum { EF_KIND, EF_CATEGORY, EF_NOTE, EF_VALUE, EF_SOURCE, EF_DATE, EF_N };
static const int ev_core_field[EF_N] = { QIP_EF_KIND, QIP_EF_CATEGORY, QIP_EF_NOTE, QIP_EF_VALUE,
					 QIP_EF_SOURCE, QIP_EF_DATE };

static int evidence_check(struct tui_app *a, struct tui_form *f, int i, char *msg, size_t n)
{
	return qip_evidence_check(a->db, ev_core_field[i], tui_form_text(f, i), msg, n);
}

static int evidence_save(struct tui_app *a, void *arg)
{
	struct tui_form *f = arg;
	struct simple *s = f->arg;
	struct qip_evidence_new e = {
		.kind = tui_form_text(f, EF_KIND), .category = tui_form_text(f, EF_CATEGORY),
		.note = tui_form_text(f, EF_NOTE), .value = tui_form_text(f, EF_VALUE),
		.source = tui_form_text(f, EF_SOURCE), .date = tui_form_text(f, EF_DATE),
		.corrects_id = s->corrects,
	};
	if (!*e.value)
		e.value = NULL;
	if (!*e.date)
		e.date = NULL;
	int64_t id;
	return qip_evidence_add(a->db, s->ref, &e, &id);
}

bool tui_evidence_form(struct tui_app *a, const char *ref, int64_t corrects, const char *kind,
		       const char *category, const char *value, const char *source, const char *note,
		       const char *date)
{
	struct tui_field fields[EF_N] = {
		[EF_KIND] = { .label = "Kind", .kind = FK_CHOICE, .vocab = &qip_vocab_kind, .required = true,
			      .hint = "activity: work done; outcome: a change for people" },
		[EF_CATEGORY] = { .label = "Category", .kind = FK_CHOICE, .vocab = &qip_vocab_category, .required = true },
		[EF_NOTE] = { .label = "Note", .required = true, .hint = "what was seen" },
		[EF_VALUE] = { .label = "Measured value", .hint = "optional, for example 87 (compared with the target)" },
		[EF_SOURCE] = { .label = "Record kept in", .hint = "MAR file, supervision notes, minutes ..." },
		[EF_DATE] = { .label = "Seen on", .hint = "YYYY-MM-DD, today, or -3 for three days ago" },
	};
	char today[QIP_DATE_LEN];
	tui_edit_set(&fields[EF_KIND].ed, kind);
	tui_edit_set(&fields[EF_CATEGORY].ed, category);
	tui_edit_set(&fields[EF_NOTE].ed, note);
	tui_edit_set(&fields[EF_VALUE].ed, value);
	tui_edit_set(&fields[EF_SOURCE].ed, source);
	tui_edit_set(&fields[EF_DATE].ed, date ? date : qip_date_format(qip_db_today(a->db), today));
	struct simple s = { .ref = ref, .corrects = corrects };
	char title[120];
	snprintf(title, sizeof title, corrects ? " Correct an evidence entry on %s" : " Log evidence on %s", ref);
	struct tui_form f = { .title = title, .fields = fields, .n = EF_N, .check = evidence_check,
			      .save = evidence_save, .arg = &s };
	if (corrects)
		tui_form_info(&f, "The correction is a new entry that supersedes the old one; the old one stays in the history.");
	else
		tui_form_info(&f, "Activity never proves impact: an action closes on outcome evidence that meets its target.");
	bool saved = tui_form_run(a, &f);
	if (saved)
		tui_say(a, corrects ? "Correction logged on %s" : "Evidence logged on %s", ref);
	tui_form_free(&f);
	return saved;
}

/* ---- extend, close, reopen, review ---------------------------------------- */

static int reason_check(struct tui_app *a, const char *t, char *msg, size_t n)
{
	(void)a;
	if (strlen(t) > 2000 || !qip_text_is_clean(t, false)) {
		snprintf(msg, n, "the reason must be under 2000 characters, with no control characters");
		return QIP_EINVAL;
	}
	return QIP_OK;
}

static int extend_check(struct tui_app *a, struct tui_form *f, int i, char *msg, size_t n)
{
	const char *t = tui_form_text(f, i);
	if (i == 1)
		return reason_check(a, t, msg, n);
	qip_date d;
	if (!qip_date_parse(t, qip_db_today(a->db), &d)) {
		return qip_action_check_field(a->db, QIP_AF_DUE, t, msg, n);
	}
	if (d < qip_db_today(a->db)) {
		snprintf(msg, n, "the new due date is in the past");
		return QIP_EINVAL;
	}
	return QIP_OK;
}

static int extend_save(struct tui_app *a, void *arg)
{
	struct tui_form *f = arg;
	struct simple *s = f->arg;
	return qip_action_extend(a->db, s->ref, tui_form_text(f, 0), tui_form_text(f, 1));
}

static int close_check(struct tui_app *a, struct tui_form *f, int i, char *msg, size_t n)
{
	return reason_check(a, tui_form_text(f, i), msg, n);
}

/* The close form: reason, reviewer, one-source reason, override. */
enum { CF_REASON, CF_REVIEWER, CF_ONE_SOURCE, CF_OVERRIDE, CF_N };

static int close_form_check(struct tui_app *a, struct tui_form *f, int i, char *msg, size_t n)
{
	int64_t id;
	if (i == CF_REVIEWER && *tui_form_text(f, i) && qip_person_find_active(a->db, tui_form_text(f, i), &id)) {
		snprintf(msg, n, "%s", qip_db_error(a->db));
		return QIP_EINVAL;
	}
	return i == CF_REVIEWER ? QIP_OK : reason_check(a, tui_form_text(f, i), msg, n);
}

static const char *given(struct tui_form *f, int i)
{
	const char *t = tui_form_text(f, i);
	return *t ? t : NULL;
}

static int close_save(struct tui_app *a, void *arg)
{
	struct tui_form *f = arg;
	struct simple *s = f->arg;
	struct qip_closure_request req = { .reason = tui_form_text(f, CF_REASON), .reviewer = given(f, CF_REVIEWER),
					   .one_source_reason = given(f, CF_ONE_SOURCE),
					   .override = given(f, CF_OVERRIDE) };
	return qip_action_close(a->db, s->ref, &req);
}

static int reopen_save(struct tui_app *a, void *arg)
{
	struct tui_form *f = arg;
	struct simple *s = f->arg;
	return qip_action_reopen(a->db, s->ref, tui_form_text(f, 0));
}

static const struct qip_word review_words[] = {
	{ "keep-open", "Keep open: carry on, review again" },
	{ "reframe", "Reframe: the action needs rethinking" },
	{ "close", "Close: the outcome is verified" },
	{ "reopen", "Reopen: the issue has come back" },
};
static const struct qip_vocab review_choice = { "decision", review_words, 4 };

static int review_check(struct tui_app *a, struct tui_form *f, int i, char *msg, size_t n)
{
	const char *t = tui_form_text(f, i);
	if (i == 1)
		return reason_check(a, t, msg, n);
	if (qip_vocab_find(&review_choice, t) < 0) {
		snprintf(msg, n, "decision: use %s (x extends, E escalates)", qip_vocab_choices(&review_choice));
		return QIP_EINVAL;
	}
	return QIP_OK;
}

static int review_save(struct tui_app *a, void *arg)
{
	struct tui_form *f = arg;
	struct simple *s = f->arg;
	return qip_action_review(a->db, s->ref, tui_form_text(f, 0), tui_form_text(f, 1));
}

/* Lines for the top of the close and review forms: why it cannot close.
 * Who confirms is the form's to say, so the reviewer's reasons wait. */
static void closure_info(struct tui_app *a, struct tui_form *f, const struct qip_action *x)
{
	unsigned why;
	char *text = NULL;
	if (qip_action_closure_check(a->db, x, NULL, QIP_CLOSE_REVIEWER_REASONS, &why, &text)) {
		tui_form_info(f, "%s", qip_db_error(a->db));
		return;
	}
	if (!why)
		tui_form_info(f, "The closure check passes: outcome evidence meets the target and is sustained.");
	else {
		tui_form_info(f, "%s cannot close yet, because:", x->ref);
		for (char *line = text, *next; line && *line; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			tui_form_info(f, "  - %s", line);
		}
	}
	tui_form_info(f, "A reviewer who may confirm (registered manager, quality lead, nominated individual) and is not the owner confirms it.");
	free(text);
}

static bool run_simple(struct tui_app *a, struct tui_form *f, const char *done)
{
	bool saved = tui_form_run(a, f);
	if (saved)
		tui_say(a, "%s", done);
	tui_form_free(f);
	return saved;
}

/* ---- escalate ------------------------------------------------------------ */

static const struct qip_word level_words[] = {
	{ "1", "Registered manager" }, { "2", "Nominated individual / provider quality lead" },
	{ "3", "Provider board" },
};
static const struct qip_vocab level_choice = { "level", level_words, 3 };

static int escalate_check(struct tui_app *a, struct tui_form *f, int i, char *msg, size_t n)
{
	const char *t = tui_form_text(f, i);
	int64_t id;
	switch (i) {
	case 0:
		if (qip_vocab_find(&level_choice, t) < 0) {
			snprintf(msg, n, "level: 1 registered manager, 2 nominated individual, 3 provider board");
			return QIP_EINVAL;
		}
		return QIP_OK;
	case 1:
		if (qip_vocab_find(&qip_vocab_esc_reason, t) < 0) {
			snprintf(msg, n, "reason: use %s", qip_vocab_choices(&qip_vocab_esc_reason));
			return QIP_EINVAL;
		}
		return QIP_OK;
	case 2:
		if (*t && qip_person_find_active(a->db, t, &id) != QIP_OK) {
			snprintf(msg, n, "%s", qip_db_error(a->db));
			return QIP_EINVAL;
		}
		return QIP_OK;
	default:
		return reason_check(a, t, msg, n);
	}
}

/* The assignee follows the level until the user chooses one. */
static void escalate_changed(struct tui_app *a, struct tui_form *f, int i)
{
	struct simple *s = f->arg;
	if (i == 2) {
		s->assignee_chosen = true;
		return;
	}
	if (i != 0 || s->assignee_chosen)
		return;
	int level = qip_vocab_find(&level_choice, tui_form_text(f, 0));
	if (level < 0)
		return;
	char *who = tui_level_assignee(a, s->action_id, level + 1);
	tui_edit_set(&f->fields[2].ed, who);
	free(who);
}

static int escalate_save(struct tui_app *a, void *arg)
{
	struct tui_form *f = arg;
	struct simple *s = f->arg;
	int64_t id;
	return qip_escalation_raise(a->db, s->ref, atoi(tui_form_text(f, 0)), tui_form_text(f, 1),
				    tui_form_text(f, 2), tui_form_text(f, 3), &id);
}

/* A reason to escalate read from the action's flags, to start from. */
static const char *suggest_reason(unsigned flags)
{
	if (flags & QIP_FLAG_UNOWNED) return "unowned";
	if (flags & QIP_FLAG_OVERDUE) return "overdue";
	if (flags & QIP_FLAG_REVIEW_OVERDUE) return "review-overdue";
	if (flags & QIP_FLAG_EXTENDED) return "extended";
	if (flags & (QIP_FLAG_STALE | QIP_FLAG_NO_OUTCOME | QIP_FLAG_SINGLE_CATEGORY)) return "weak-evidence";
	return "other";
}

/* ---- dispatch -------------------------------------------------------------- */

/* Whether the core lets the person acting make this change: a form they
 * could not save does not open, and the core's refusal is said at once. */
static bool permitted(struct tui_app *a, enum tui_cmd cmd, const char *ref)
{
	static const struct { enum tui_cmd cmd; enum qip_action_change change; } changes[] = {
		{ CMD_EDIT, QIP_CHANGE_EDIT }, { CMD_ASSIGN, QIP_CHANGE_HAND_ON }, { CMD_EXTEND, QIP_CHANGE_EXTEND },
		{ CMD_REVIEW, QIP_CHANGE_REVIEW }, { CMD_CLOSE, QIP_CHANGE_CLOSE }, { CMD_REOPEN, QIP_CHANGE_REOPEN },
	};
	for (size_t k = 0; k < sizeof changes / sizeof changes[0]; k++) {
		if (changes[k].cmd != cmd)
			continue;
		struct qip_action x = { 0 };
		int rc = qip_action_get(a->db, ref, &x);
		if (rc == QIP_OK)
			rc = qip_action_permitted(a->db, &x, changes[k].change);
		qip_action_clear(&x);
		if (rc)
			tui_error(a, "%s", qip_db_error(a->db));
		return rc == QIP_OK;
	}
	return true;
}

bool tui_do_action_cmd(struct tui_app *a, enum tui_cmd cmd, const char *ref)
{
	if (cmd == CMD_ADD)
		return action_form(a, NULL);
	if (!permitted(a, cmd, ref))
		return false;
	if (cmd == CMD_EDIT)
		return action_form(a, ref);
	if (cmd == CMD_ASSIGN)
		return assign(a, ref);
	if (cmd == CMD_LOG)
		return tui_evidence_form(a, ref, 0, NULL, NULL, NULL, NULL, NULL, NULL);

	struct qip_action x = { 0 };
	if (qip_action_get(a->db, ref, &x) != QIP_OK) {
		tui_error(a, "%s", qip_db_error(a->db));
		return false;
	}
	if (cmd == CMD_REOPEN && x.status != QIP_STATUS_CLOSED && x.status != QIP_STATUS_MONITORING) {
		tui_error(a, "%s is %s: only a closed or monitoring action reopens", x.ref,
			  qip_vocab_name(&qip_vocab_status, x.status));
		qip_action_clear(&x);
		return false;
	}
	/* A form that cannot succeed does not open: the reason is said now. */
	static const struct { enum tui_cmd cmd; int step; } steps[] = {
		{ CMD_EXTEND, QIP_STEP_EXTEND }, { CMD_CLOSE, QIP_STEP_CLOSE }, { CMD_ESCALATE, QIP_STEP_ESCALATE },
	};
	struct qip_action_facts facts;
	qip_action_facts(&x, &facts);
	char refused[200];
	for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
		if (steps[k].cmd != cmd || qip_rules_step_allowed(steps[k].step, &facts, x.ref, refused, sizeof refused))
			continue;
		bool raised = false;
		if (cmd == CMD_ESCALATE && facts.open_escalations > 0)
			raised = tui_escalation_raise_on(a, x.id);
		else
			tui_error(a, "%s", refused);
		qip_action_clear(&x);
		return raised;
	}
	struct simple s = { .ref = ref };
	char title[160], done[160], d1[QIP_DATE_TEXT_LEN];
	bool saved = false;
	switch (cmd) {
	case CMD_EXTEND: {
		struct tui_field fields[] = {
			{ .label = "New due date", .required = true, .hint = "YYYY-MM-DD, or +7, +2w, +3m from today" },
			{ .label = "Reason", .required = true, .hint = "recorded as a governance decision" },
		};
		snprintf(title, sizeof title, " Extend %s", x.ref);
		snprintf(done, sizeof done, "%s extended", x.ref);
		struct tui_form f = { .title = title, .fields = fields, .n = 2, .check = extend_check,
				      .save = extend_save, .arg = &s };
		tui_form_info(&f, "Due now: %s. Extended %d time%s before.", x.due == QIP_NO_DATE ? "no date" :
			      qip_date_text(x.due, d1), x.extensions, x.extensions == 1 ? "" : "s");
		if (x.extensions + 1 >= QIP_EXTENDED_TIMES)
			tui_form_info(&f, "Extended again and again without explanation is a reason to escalate: say why.");
		saved = run_simple(a, &f, done);
		break;
	}
	case CMD_CLOSE: {
		struct tui_field fields[CF_N] = {
			[CF_REASON] = { .label = "Reason", .required = true, .hint = "how the outcome was verified (the governance decision)" },
			[CF_REVIEWER] = { .label = "Reviewer", .kind = FK_PERSON, .hint = "who confirms it (empty: you)" },
			[CF_ONE_SOURCE] = { .label = "One source", .hint = "only if one category of outcome evidence is enough: why" },
			[CF_OVERRIDE] = { .label = "Override", .hint = "only to close although the check fails: the written reason" },
		};
		snprintf(title, sizeof title, " Close %s", x.ref);
		snprintf(done, sizeof done, "%s closed: in monitoring", x.ref);
		struct tui_form f = { .title = title, .fields = fields, .n = CF_N, .check = close_form_check,
				      .save = close_save, .arg = &s };
		closure_info(a, &f, &x);
		saved = run_simple(a, &f, done);
		break;
	}
	case CMD_REOPEN: {
		struct tui_field fields[] = {
			{ .label = "Reason", .required = true, .hint = "for example: re-audit below target" },
		};
		snprintf(title, sizeof title, " Reopen %s", x.ref);
		snprintf(done, sizeof done, "%s reopened", x.ref);
		struct tui_form f = { .title = title, .fields = fields, .n = 1, .check = close_check,
				      .save = reopen_save, .arg = &s };
		tui_form_info(&f, "%s is %s.", x.ref, qip_vocab_name(&qip_vocab_status, x.status));
		saved = run_simple(a, &f, done);
		break;
	}
	case CMD_REVIEW: {
		struct tui_field fields[] = {
			{ .label = "Decision", .kind = FK_CHOICE, .vocab = &review_choice, .required = true },
			{ .label = "Reason", .required = true, .hint = "who decided and why" },
		};
		tui_edit_set(&fields[0].ed, "keep-open");
		snprintf(title, sizeof title, " Review %s", x.ref);
		snprintf(done, sizeof done, "Review of %s recorded", x.ref);
		struct tui_form f = { .title = title, .fields = fields, .n = 2, .check = review_check,
				      .save = review_save, .arg = &s };
		tui_form_info(&f, "Next review: %s (%s).", x.next_review == QIP_NO_DATE ? "none" :
			      qip_date_text(x.next_review, d1), qip_vocab_name(&qip_vocab_cadence, x.cadence));
		closure_info(a, &f, &x);
		saved = run_simple(a, &f, done);
		break;
	}
	case CMD_ESCALATE: {
		struct tui_field fields[] = {
			{ .label = "Level", .kind = FK_CHOICE, .vocab = &level_choice, .required = true },
			{ .label = "Reason", .kind = FK_CHOICE, .vocab = &qip_vocab_esc_reason, .required = true },
			{ .label = "Assign to", .kind = FK_PERSON, .hint = "who must decide" },
			{ .label = "Note" },
		};
		/* The first level with someone to take it: a registered manager
		 * escalating their own service's action starts at level 2. */
		int level = QIP_LEVEL_RM;
		int64_t who = 0;
		for (int l = QIP_LEVEL_RM; l <= QIP_LEVEL_BOARD && !who; l++)
			if (qip_escalation_default_assignee(a->db, x.id, l, &who) == QIP_OK && who)
				level = l;
		char level_text[4];
		snprintf(level_text, sizeof level_text, "%d", level);
		tui_edit_set(&fields[0].ed, level_text);
		tui_edit_set(&fields[1].ed, suggest_reason(x.flags));
		s.action_id = x.id;
		snprintf(title, sizeof title, " Escalate %s", x.ref);
		snprintf(done, sizeof done, "%s escalated", x.ref);
		struct tui_form f = { .title = title, .fields = fields, .n = 4, .check = escalate_check,
				      .save = escalate_save, .changed = escalate_changed, .arg = &s };
		escalate_changed(a, &f, 0);
		tui_form_info(&f, "Levels: 1 registered manager, 2 nominated individual or provider quality lead, 3 provider board.");
		saved = run_simple(a, &f, done);
		break;
	}
	default:
		break;
	}
	qip_action_clear(&x);
	return saved;
}
