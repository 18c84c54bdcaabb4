/* An audit's result and its proposals. The core decides what a proposal
 * becomes (a new action, a merge into an earlier action for the same
 * finding, a repeat escalated); this screen shows each and passes on the
 * auditor's choice, and the core's one message when it refuses. */
#include "audit_result.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "form.h"
#include "prompt.h"
#include "qip/action.h"
#include "qip/audit.h"
#include "qip/date.h"
#include "qip/text.h"
#include "view.h"

struct result {
	struct tui_screen screen;
	int64_t run_id;
	struct qip_audit_run run;
	bool loaded;
	unsigned gen;
	struct qip_audit_proposal *props;
	int nprops;
	int top, rows;
};

static int add_proposal(void *arg, const struct qip_audit_proposal *p)
{
	struct result *r = arg;
	r->props = qip_xrealloc(r->props, (size_t)(r->nprops + 1) * sizeof *r->props);
	struct qip_audit_proposal *c = &r->props[r->nprops++];
	*c = *p;
	c->question = qip_strdup(p->question);
	c->title = qip_strdup(p->title);
	c->baseline = qip_strdup(p->baseline);
	c->outcome = qip_strdup(p->outcome);
	c->owner = qip_strdup(p->owner);
	c->owner_role = qip_strdup(p->owner_role);
	return 0;
}

static void unload(struct result *r)
{
	qip_audit_run_clear(&r->run);
	memset(&r->run, 0, sizeof r->run);
	for (int i = 0; i < r->nprops; i++)
		qip_audit_proposal_clear(&r->props[i]);
	free(r->props);
	r->props = NULL;
	r->nprops = 0;
	r->loaded = false;
}

static void load(struct tui_app *a, struct result *r)
{
	if (r->loaded && r->gen == a->gen)
		return;
	unload(r);
	if (qip_audit_run_get(a->db, r->run_id, &r->run) != QIP_OK ||
	    qip_audit_proposals(a->db, r->run_id, add_proposal, r) != QIP_OK) {
		tui_error(a, "Cannot read the audit: %s", qip_db_error(a->db));
		unload(r);
		return;
	}
	r->loaded = true;
	r->gen = a->gen;
}

/* The first proposal still waiting for a decision, or NULL. */
static struct qip_audit_proposal *pending(struct result *r)
{
	for (int i = 0; i < r->nprops; i++)
		if (r->props[i].status == QIP_PROPOSAL_PENDING)
			return &r->props[i];
	return NULL;
}

static const char *question_text(const struct qip_template *t, int q)
{
	return q >= 0 && q < t->nquestions ? t->questions[q].text : "?";
}

static void build(struct result *r, struct tui_doc *d)
{
	const struct qip_audit_run *x = &r->run;
	const struct qip_template *t = x->template;
	char day[QIP_DATE_TEXT_LEN], pct[64];
	tui_doc_add(d, A_BOLD, "%s at %s, %s, by %s", t->title, x->service, qip_date_text(x->run_on, day),
		    x->auditor ? x->auditor : "-");
	if (!x->complete) {
		tui_doc_add(d, A_NORMAL, "Not finished yet: Enter on the Audits screen resumes it.");
		return;
	}
	if (x->score.scored)
		snprintf(pct, sizeof pct, "%.0f%%", x->score.percent);
	else
		snprintf(pct, sizeof pct, "nothing scored");
	const char *band = qip_band_name(x->band);
	tui_doc_add(d, x->score.passed ? draw_style(ST_OK) | A_BOLD : draw_style(ST_OVERDUE) | A_BOLD,
		    "Result: %s, %s (target %.0f%%)%s%s", pct, x->score.passed ? "PASS" : "FAIL", t->target,
		    *band ? ", band " : "", band);
	if (x->score.critical_failures)
		tui_doc_add(d, draw_style(ST_OVERDUE), "Critical failures (one fails the audit):");
	for (int i = 0; i < x->nfindings; i++)
		if (x->findings[i].critical) {
			char *line = t->sampled
				? qip_printf("! %s: failed for %d of %d %s", question_text(t, x->findings[i].question),
					     x->findings[i].failed, x->findings[i].asked,
					     qip_audit_subject_words(t, x->findings[i].asked))
				: qip_printf("! %s: failed", question_text(t, x->findings[i].question));
			tui_doc_wrap(d, draw_style(ST_OVERDUE), 2, line);
			free(line);
		}
	tui_doc_add(d, A_BOLD, "Sections");
	for (int s = 0; s < t->nsections; s++) {
		const struct qip_score *sc = &x->sections[s];
		if (sc->available > 0)
			tui_doc_add(d, A_NORMAL, "  %5.0f%%  %s", sc->earned / sc->available * 100.0, t->sections[s].title);
		else
			tui_doc_add(d, A_NORMAL, "     -   %s", t->sections[s].title);
	}
	int other = 0;
	for (int i = 0; i < x->nfindings; i++)
		other += !x->findings[i].critical;
	if (other) {
		tui_doc_add(d, A_BOLD, "Failures");
		for (int i = 0; i < x->nfindings; i++)
			if (!x->findings[i].critical) {
				char *line = t->sampled
					? qip_printf("%s: failed for %d of %d %s", question_text(t, x->findings[i].question),
						     x->findings[i].failed, x->findings[i].asked,
						     qip_audit_subject_words(t, x->findings[i].asked))
					: qip_printf("%s: failed", question_text(t, x->findings[i].question));
				tui_doc_wrap(d, A_NORMAL, 2, line);
				free(line);
			}
	}
	int waiting = 0, accepted = 0, merged = 0, skipped = 0;
	for (int i = 0; i < r->nprops; i++) {
		waiting += r->props[i].status == QIP_PROPOSAL_PENDING;
		accepted += r->props[i].status == QIP_PROPOSAL_ACCEPTED;
		merged += r->props[i].status == QIP_PROPOSAL_MERGED;
		skipped += r->props[i].status == QIP_PROPOSAL_SKIPPED;
	}
	tui_doc_add(d, A_BOLD, "Proposed actions: %d (%d accepted, %d merged, %d skipped, %d waiting)", r->nprops,
		    accepted, merged, skipped, waiting);
	for (int i = 0; i < r->nprops; i++) {
		const struct qip_audit_proposal *p = &r->props[i];
		if (p->status == QIP_PROPOSAL_PENDING)
			continue;
		char *line = p->status == QIP_PROPOSAL_SKIPPED ? qip_printf("skipped: %s", p->title)
			: qip_printf("%s %s: %s", p->status == QIP_PROPOSAL_ACCEPTED ? "accepted as" : "merged into",
				     p->ref, p->title);
		tui_doc_wrap(d, A_NORMAL, 2, line);
		free(line);
	}
	struct qip_audit_proposal *p = pending(r);
	if (!p)
		return;
	tui_doc_add(d, A_BOLD, "Proposal %d of %d: a accepts, e edits, s skips, m merges into an open action",
		    (int)(p - r->props) + 1, r->nprops);
	char count[160] = "";
	if (t->sampled)
		snprintf(count, sizeof count, " for %d of %d %s", p->failed, p->asked, qip_audit_subject_words(t, p->asked));
	char *finding = qip_printf("%sfailed%s%s", p->critical ? "critical, " : "", count,
				   p->repeat ? "; a repeat finding: it failed at the previous audit too" : "");
	tui_doc_field(d, "Finding", finding);
	free(finding);
	if (p->merge_into)
		tui_doc_field(d, "Merge", "accepting folds it into the open action an earlier audit raised for the same finding");

	tui_doc_field(d, "Title", p->title);
	tui_doc_field(d, "Baseline", p->baseline);
	tui_doc_field(d, "Intended outcome", p->outcome);
	char target[QIP_NUMBER_LEN + 1], due[QIP_DATE_TEXT_LEN];
	qip_number_format(p->target, target);
	strcat(target, "%");
	tui_doc_field(d, "Target", target);
	tui_doc_field(d, "Due", qip_date_text(p->due, due));
	char *owner = qip_printf("%s (%s)", p->owner_id ? p->owner : "nobody holds the role",
				 p->owner_role ? p->owner_role : "-");
	tui_doc_field(d, "Owner", owner);
	free(owner);
}

static void result_draw(struct tui_app *a, struct tui_screen *s)
{
	struct result *r = (struct result *)s;
	const struct tui_rect *b = &a->lay.body;
	tui_clear_body(a);
	load(a, r);
	draw_text(b->y, 0, b->w, " Audit result", draw_style(ST_TITLE_FOCUS));
	if (!r->loaded)
		return;
	struct tui_doc d = { .width = b->w - 2 };
	build(r, &d);
	r->rows = b->h - 1;
	if (r->top > d.n - 1)
		r->top = d.n > 0 ? d.n - 1 : 0;
	for (int i = 0; i < r->rows && r->top + i < d.n; i++)
		draw_text(b->y + 1 + i, 1, b->w - 1, d.text[r->top + i], d.attr[r->top + i]);
	tui_cursor(a, b->y + 1, 0);
	tui_doc_clear(&d);
}

struct decision {
	int64_t id;
	const char *ref;
	char made[16];
	int cmd;
};

static int do_decide(struct tui_app *a, void *arg)
{
	struct decision *x = arg;
	if (x->cmd == CMD_ACCEPT)
		return qip_audit_proposal_accept(a->db, x->id, x->made);
	if (x->cmd == CMD_SKIP)
		return qip_audit_proposal_skip(a->db, x->id);
	snprintf(x->made, sizeof x->made, "%s", x->ref);
	return qip_audit_proposal_merge(a->db, x->id, x->ref);
}

struct open_actions {
	char **labels, **refs;
	int n;
};

static int add_open(void *arg, const struct qip_action *x)
{
	struct open_actions *o = arg;
	o->labels = qip_xrealloc(o->labels, (size_t)(o->n + 1) * sizeof *o->labels);
	o->refs = qip_xrealloc(o->refs, (size_t)(o->n + 1) * sizeof *o->refs);
	o->labels[o->n] = qip_printf("%s  %s", x->ref, x->title);
	o->refs[o->n++] = qip_strdup(x->ref);
	return 0;
}

/* The open action to merge into, picked from every action not closed;
 * malloc'd ref or NULL. */
static char *pick_open_action(struct tui_app *a)
{
	struct open_actions o = { 0 };
	struct qip_action_filter f = { .key_question = -1, .status = -2 };
	char *ref = NULL;
	if (qip_action_list(a->db, &f, 1000, 0, add_open, &o) != QIP_OK)
		tui_error(a, "Cannot list the actions: %s", qip_db_error(a->db));
	else if (o.n == 0)
		tui_error(a, "No open action to merge into");
	else {
		int i = tui_pick(a, "Merge into which open action?", (const char *const *)o.labels, o.n, 0);
		if (i >= 0)
			ref = qip_strdup(o.refs[i]);
	}
	for (int i = 0; i < o.n; i++) {
		free(o.labels[i]);
		free(o.refs[i]);
	}
	free(o.labels);
	free(o.refs);
	return ref;
}

enum { PF_TITLE, PF_BASELINE, PF_OUTCOME, PF_TARGET, PF_DUE, PF_OWNER, PF_N };

struct edit_arg {
	int64_t id;
};

static int edit_check(struct tui_app *a, struct tui_form *f, int i, char *msg, size_t n)
{
	(void)a;
	if ((i == PF_TITLE) && !*tui_form_text(f, i)) {
		snprintf(msg, n, "a title is needed");
		return QIP_EINVAL;
	}
	return QIP_OK;
}

static int edit_save(struct tui_app *a, void *arg)
{
	struct tui_form *f = arg;
	const struct edit_arg *e = f->arg;
	struct qip_audit_proposal_edit in = {
		.title = tui_form_text(f, PF_TITLE), .baseline = tui_form_text(f, PF_BASELINE),
		.outcome = tui_form_text(f, PF_OUTCOME), .target = tui_form_text(f, PF_TARGET),
		.due = tui_form_text(f, PF_DUE), .owner = *tui_form_text(f, PF_OWNER) ? tui_form_text(f, PF_OWNER) : NULL,
	};
	return qip_audit_proposal_edit(a->db, e->id, &in);
}

static void edit_proposal(struct tui_app *a, const struct qip_audit_proposal *p)
{
	struct tui_field fields[PF_N] = {
		[PF_TITLE] = { .label = "Title", .kind = FK_TEXT, .required = true },
		[PF_BASELINE] = { .label = "Baseline", .kind = FK_TEXT },
		[PF_OUTCOME] = { .label = "Intended outcome", .kind = FK_TEXT },
		[PF_TARGET] = { .label = "Target %", .kind = FK_TEXT },
		[PF_DUE] = { .label = "Due", .kind = FK_TEXT, .hint = "a date (YYYY-MM-DD, +28, 1 Apr)" },
		[PF_OWNER] = { .label = "Owner", .kind = FK_PERSON, .hint = "F4 lists active people" },
	};
	char target[QIP_NUMBER_LEN], due[16];
	tui_edit_set(&fields[PF_TITLE].ed, p->title);
	tui_edit_set(&fields[PF_BASELINE].ed, p->baseline);
	tui_edit_set(&fields[PF_OUTCOME].ed, p->outcome);
	tui_edit_set(&fields[PF_TARGET].ed, qip_number_format(p->target, target));
	tui_edit_set(&fields[PF_DUE].ed, qip_date_format(p->due, due));
	tui_edit_set(&fields[PF_OWNER].ed, p->owner_id ? p->owner : "");
	struct edit_arg e = { p->id };
	struct tui_form f = { .title = "Edit the proposed action", .fields = fields, .n = PF_N,
			      .check = edit_check, .save = edit_save, .arg = &e };
	if (tui_form_run(a, &f)) {
		tui_changed(a);
		tui_say(a, "Proposal changed: a accepts it");
	}
	tui_form_free(&f);
}

static void decide(struct tui_app *a, struct result *r, enum tui_cmd cmd)
{
	struct qip_audit_proposal *p = pending(r);
	if (!p) {
		tui_error(a, r->nprops ? "Every proposal is decided" : "This audit proposed no action");
		return;
	}
	if (cmd == CMD_EDIT) {
		edit_proposal(a, p);
		return;
	}
	struct decision x = { .id = p->id, .cmd = cmd };
	bool folds = cmd == CMD_ACCEPT && p->merge_into;   /* the core merges it */
	char *ref = NULL;
	if (cmd == CMD_MERGE && !(x.ref = ref = pick_open_action(a)))
		return;
	int rc = tui_write(a, do_decide, &x);
	if (rc == QIP_OK) {
		tui_changed(a);
		if (cmd == CMD_SKIP)
			tui_say(a, "Skipped: no action made");
		else
			tui_say(a, cmd == CMD_ACCEPT && !folds ? "Accepted as %s" : "Merged into %s", x.made);
	} else
		tui_error(a, "Not done: %s", qip_db_error(a->db));
	free(ref);
}

static enum tui_result result_key(struct tui_app *a, struct tui_screen *s, int key)
{
	struct result *r = (struct result *)s;
	enum tui_cmd cmd = tui_keymap_lookup(C_RESULT, key);
	int page = r->rows > 1 ? r->rows - 1 : 1;
	if (tui_list_move(cmd, &r->top, 10000, page))
		return TUI_STAY;
	switch (cmd) {
	case CMD_BACK:
		return TUI_DONE;
	case CMD_GO_ACTIONS: case CMD_GO_EVIDENCE: case CMD_GO_ESCALATIONS:
		a->focus = cmd == CMD_GO_ACTIONS ? PANE_ACTIONS : cmd == CMD_GO_EVIDENCE ? PANE_EVIDENCE : PANE_ESCALATIONS;
		s->nav = NAV_MAIN;
		return TUI_DONE;
	case CMD_GO_PEOPLE:
		s->nav = NAV_PEOPLE;
		return TUI_DONE;
	case CMD_GO_AUDITS:
		return TUI_DONE;
	case CMD_ACCEPT: case CMD_EDIT: case CMD_SKIP: case CMD_MERGE:
		if (tui_may(a, C_RESULT, cmd))
			decide(a, r, cmd);
		return TUI_STAY;
	default: {
		char label[32];
		tui_error(a, "%s does nothing here; ? lists the keys", tui_key_label(key, label, sizeof label));
		return TUI_STAY;
	}
	}
}

static const struct tui_screen_ops result_ops = {
	.name = "audit-result", .draw = result_draw, .key = result_key,
};

enum tui_nav tui_audit_result_run(struct tui_app *a, int64_t run_id)
{
	struct result r = { .screen = { .ops = &result_ops, .ctx = C_RESULT }, .run_id = run_id };
	enum tui_nav nav = tui_run(a, &r.screen);
	unload(&r);
	return nav;
}
