/* Enter on an action: every field, the flags explained, the closure check
 * (every reason it cannot close yet), its evidence, escalations and change
 * history, scrollable, with the action keys working here too. */
#include "detail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action_forms.h"
#include "draw.h"
#include "qip/escalation.h"
#include "qip/framework.h"
#include "qip/evidence.h"
#include "qip/history.h"
#include "qip/text.h"
#include "qip/vocab.h"
#include "view.h"

/* Long lists are shown up to a point; the panes page through the rest. */
#define DETAIL_EVIDENCE 200
#define DETAIL_ESCALATIONS 100
#define DETAIL_HISTORY 200

static char *number(double v)
{
	char buf[QIP_NUMBER_LEN];
	return qip_strdup(qip_number_format(v, buf));
}

static int add_evidence(void *arg, const struct qip_evidence *e)
{
	struct tui_doc *d = arg;
	char day[QIP_DATE_TEXT_LEN], *val = e->has_value ? number(e->value) : qip_strdup("");
	tui_doc_add(d, e->superseded ? A_NORMAL : A_BOLD, "  %s  %s, %s%s%s%s%s  (%s)", qip_date_text(e->seen_on, day),
		    qip_vocab_name(&qip_vocab_kind, e->kind), qip_vocab_name(&qip_vocab_category, e->category),
		    *val ? ", value " : "", val, e->superseded ? ", superseded by a correction" : "",
		    e->corrects_id ? ", a correction" : "", *e->recorded_by ? e->recorded_by : "unknown");
	tui_doc_wrap(d, A_NORMAL, 4, e->note);
	if (*e->source) {
		char *s = qip_printf("record: %s", e->source);
		tui_doc_wrap(d, A_NORMAL, 4, s);
		free(s);
	}
	free(val);
	return 0;
}

static int add_escalation(void *arg, const struct qip_escalation *e)
{
	struct tui_doc *d = arg;
	char day[QIP_DATE_TEXT_LEN], res[QIP_DATE_TEXT_LEN];
	tui_doc_add(d, A_BOLD, "  %s  level %d (%s), %s, raised by %s, assigned to %s%s%s",
		    qip_date_text(e->raised_on, day), e->level, qip_level_label(e->level),
		    qip_vocab_name(&qip_vocab_esc_reason, e->reason), *e->raised_by ? e->raised_by : "unknown",
		    *e->assigned_to ? e->assigned_to : "nobody",
		    e->resolved_on == QIP_NO_DATE ? ", open" : ", resolved ",
		    e->resolved_on == QIP_NO_DATE ? "" : qip_date_text(e->resolved_on, res));
	if (*e->note)
		tui_doc_wrap(d, A_NORMAL, 4, e->note);
	if (*e->decision) {
		char *s = qip_printf("decision: %s", e->decision);
		tui_doc_wrap(d, A_NORMAL, 4, s);
		free(s);
	}
	return 0;
}

/* ---- the change history, in words ------------------------------------------
 *
 * The history stores field names and raw values (schema.c); governance
 * meetings read sentences. Every field's words are in this one table:
 * templates with {old}, {new} and {field}, chosen by which values are set.
 * A field not in the table reads "changed FIELD from X to Y". */

enum said_value {
	SV_TEXT,       /* as stored */
	SV_DATE,       /* an ISO date as screens show dates: "2026-03-20" -> "20 Mar 2026" */
	SV_QUOTED,     /* free text people wrote: in quotes */
	SV_PHRASE,     /* a slug as lower-case words: "provider-visit" -> "provider visit" */
	SV_WORDS,      /* a slug as words with a capital: "fire-safety" -> "Fire safety" */
	SV_VOCAB,      /* a vocabulary name as its label: "in-progress" -> "In progress" */
	SV_STATEMENT,  /* a quality statement id as its CQC name (quoted by the
			* template: names hold commas) */
	SV_RISK,       /* "4x3" -> "4x3 (high)" */
	SV_EVIDENCE,   /* "outcome processes: note" -> "outcome evidence (processes): note" */
};

struct said {
	const char *entity, *field;
	enum said_value value;
	const struct qip_vocab *vocab;   /* SV_VOCAB */
	const char *set;     /* only the new value */
	const char *change;  /* both values */
	const char *later;   /* both, the new one later or larger (dates, counts); NULL: change */
	const char *clear;   /* only the old value */
};

static const struct said said_table[] = {
	{ "action", "created", SV_TEXT, NULL, "created the action", NULL, NULL, NULL },
	{ "action", "title", SV_QUOTED, NULL, "set the title to {new}",
	  "changed the title from {old} to {new}", NULL, "cleared the title (was {old})" },
	{ "action", "service", SV_TEXT, NULL, "put the action under {new}",
	  "moved the action from {old} to {new}", NULL, "made the action provider-wide (was {old})" },
	{ "action", "baseline", SV_QUOTED, NULL, "set the baseline to {new}",
	  "changed the baseline from {old} to {new}", NULL, "cleared the baseline (was {old})" },
	{ "action", "outcome", SV_QUOTED, NULL, "set the intended outcome to {new}",
	  "changed the intended outcome from {old} to {new}", NULL, "cleared the intended outcome (was {old})" },
	{ "action", "target", SV_TEXT, NULL, "set the target to {new}",
	  "changed the target from {old} to {new}", NULL, "removed the target (was {old})" },
	{ "action", "unit", SV_TEXT, NULL, "set the target's unit to {new}",
	  "changed the target's unit from {old} to {new}", NULL, "removed the target's unit (was {old})" },
	{ "action", "direction", SV_PHRASE, NULL, "made the target {new}",
	  "changed the target from {old} to {new}", NULL, "cleared the target's direction (was {old})" },
	{ "action", "target-date", SV_DATE, NULL, "set the target date to {new}",
	  "brought the target date forward from {old} to {new}", "moved the target date from {old} to {new}",
	  "removed the target date (was {old})" },
	{ "action", "owner", SV_TEXT, NULL, "made {new} the owner",
	  "changed the owner from {old} to {new}", NULL, "removed the owner {old}: the action is unowned" },
	{ "action", "due", SV_DATE, NULL, "set the due date to {new}",
	  "brought the due date forward from {old} to {new}", "extended the due date from {old} to {new}",
	  "removed the due date (was {old})" },
	{ "action", "cadence", SV_PHRASE, NULL, "set reviews to {new}",
	  "changed reviews from {old} to {new}", NULL, "cleared the review cadence (was {old})" },
	{ "action", "next-review", SV_DATE, NULL, "set the next review for {new}",
	  "brought the next review forward from {old} to {new}", "moved the next review from {old} to {new}",
	  "cleared the next review (was {old})" },
	{ "action", "evidence-required", SV_QUOTED, NULL, "set the evidence required to {new}",
	  "changed the evidence required from {old} to {new}", NULL, "cleared the evidence required (was {old})" },
	{ "action", "area", SV_WORDS, NULL, "set the quality area to {new}",
	  "changed the quality area from {old} to {new}", NULL, "cleared the quality area (was {old})" },
	{ "action", "key-question", SV_VOCAB, &qip_vocab_key_question, "set the key question to {new}",
	  "changed the key question from {old} to {new}", NULL, "cleared the key question (was {old})" },
	{ "action", "risk", SV_RISK, NULL, "rated the risk {new}",
	  "changed the risk from {old} to {new}", NULL, "cleared the risk rating (was {old})" },
	{ "action", "source", SV_PHRASE, NULL, "set the source to {new}",
	  "changed the source from {old} to {new}", NULL, "cleared the source (was {old})" },
	{ "action", "source-ref", SV_QUOTED, NULL, "set the source reference to {new}",
	  "changed the source reference from {old} to {new}", NULL, "cleared the source reference (was {old})" },
	{ "action", "closed", SV_DATE, NULL, "closed the action on {new}",
	  "changed the closing date from {old} to {new}", NULL, "reopened the action (it had closed on {old})" },
	{ "action", "status", SV_VOCAB, &qip_vocab_status, "set the status to {new}",
	  "changed the status from {old} to {new}", NULL, "cleared the status (was {old})" },
	{ "action", "extensions", SV_TEXT, NULL, "set the number of extensions to {new}",
	  "changed the number of extensions from {old} to {new}",
	  "raised the number of extensions from {old} to {new}", NULL },
	{ "action", "supporter", SV_TEXT, NULL, "added {new} as a supporter",
	  "changed a supporter from {old} to {new}", NULL, "removed {old} as a supporter" },
	{ "action", "statement", SV_STATEMENT, NULL, "added the quality statement \"{new}\"",
	  "changed the quality statement \"{old}\" to \"{new}\"", NULL, "removed the quality statement \"{old}\"" },
	{ "action", "review", SV_TEXT, NULL, "recorded a review decision: {new}", NULL, NULL, NULL },
	{ "evidence", "added", SV_EVIDENCE, NULL, "logged {new}", NULL, NULL, NULL },
	{ "evidence", "correction", SV_EVIDENCE, NULL, "logged a correction: {new}",
	  "corrected the evidence \"{old}\" with {new}", NULL, NULL },
	{ "escalation", "raised", SV_TEXT, NULL, "raised an escalation: {new}", NULL, NULL, NULL },
	{ "escalation", "level", SV_TEXT, NULL, "set the escalation to level {new}",
	  "moved the escalation down from level {old} to level {new}",
	  "moved the escalation up from level {old} to level {new}", NULL },
	{ "escalation", "assigned-to", SV_TEXT, NULL, "assigned the escalation to {new}",
	  "reassigned the escalation from {old} to {new}", NULL,
	  "left the escalation with nobody (it was with {old})" },
	{ "escalation", "decision", SV_QUOTED, NULL, "recorded the escalation's decision: {new}",
	  "changed the escalation's decision from {old} to {new}", NULL,
	  "cleared the escalation's decision (was {old})" },
	{ "escalation", "resolved", SV_DATE, NULL, "resolved the escalation on {new}",
	  "changed when the escalation was resolved from {old} to {new}", NULL,
	  "reopened the escalation (it was resolved on {old})" },
	{ "escalation", "note", SV_QUOTED, NULL, "noted on the escalation: {new}",
	  "changed the escalation's note from {old} to {new}", NULL,
	  "cleared the escalation's note (was {old})" },
};

static const struct said said_unknown = {
	NULL, NULL, SV_TEXT, NULL, "set {field} to {new}", "changed {field} from {old} to {new}", NULL,
	"cleared {field} (was {old})",
};

/* "outcome processes: MAR audit" -> "outcome evidence (processes): MAR audit";
 * anything else as it is. */
static char *evidence_words(const char *v)
{
	const char *sp = strchr(v, ' '), *colon = strstr(v, ": ");
	if (!sp || !colon || colon < sp)
		return qip_strdup(v);
	char *kind = qip_printf("%.*s", (int)(sp - v), v);
	char *cat = qip_printf("%.*s", (int)(colon - sp - 1), sp + 1);
	char *out = qip_vocab_find(&qip_vocab_kind, kind) >= 0 && qip_vocab_find(&qip_vocab_category, cat) >= 0
		? qip_printf("%s evidence (%s): %s", kind, cat, colon + 2)
		: qip_strdup(v);
	free(kind);
	free(cat);
	return out;
}

/* A stored value as the sentence shows it. Malloc'd. */
static char *said_value(struct tui_app *a, const struct said *w, const char *v)
{
	switch (w->value) {
	case SV_QUOTED:
		return qip_printf("\"%s\"", v);
	case SV_PHRASE: {
		char *s = tui_words(v);
		if (*s >= 'A' && *s <= 'Z' && *v >= 'a' && *v <= 'z')
			*s = *v;
		return s;
	}
	case SV_WORDS:
		return tui_words(v);
	case SV_VOCAB: {
		int i = qip_vocab_find(w->vocab, v);
		return qip_strdup(i >= 0 ? qip_vocab_label(w->vocab, i) : v);
	}
	case SV_STATEMENT:
		return qip_framework_statement_title(a->db, v);
	case SV_RISK: {
		int l = 0, i = 0, score = sscanf(v, "%dx%d", &l, &i) == 2 ? qip_risk_score(l, i) : 0;
		return score ? qip_printf("%dx%d (%s)", l, i, qip_risk_band(score)) : qip_strdup("not rated");
	}
	case SV_EVIDENCE:
		return evidence_words(v);
	case SV_DATE: {
		qip_date d;
		char buf[QIP_DATE_TEXT_LEN];
		return qip_strdup(qip_date_parse_iso(v, &d) ? qip_date_text(d, buf) : v);
	}
	case SV_TEXT:
		break;
	}
	return qip_strdup(v);
}

/* Is b later or larger than a? Numbers by value, dates (ISO) as text. */
static bool later(const char *a, const char *b)
{
	const char *ea, *eb;
	double x, y;
	if (!qip_number_parse(a, &x, &ea) && !qip_number_parse(b, &y, &eb) && !*ea && !*eb)
		return y > x;
	return strcmp(b, a) > 0;
}

/* Fills a template's {old}, {new} and {field}. Malloc'd. */
static char *fill(const char *t, const char *field, const char *o, const char *n)
{
	char *out = qip_strdup("");
	while (*t) {
		const char *v = NULL;
		size_t skip = 0;
		if (!strncmp(t, "{old}", 5))
			v = o, skip = 5;
		else if (!strncmp(t, "{new}", 5))
			v = n, skip = 5;
		else if (!strncmp(t, "{field}", 7))
			v = field, skip = 7;
		const char *next = v ? t + skip : t + 1 + strcspn(t + 1, "{");
		char *s = v ? qip_printf("%s%s", out, v) : qip_printf("%s%.*s", out, (int)(next - t), t);
		free(out);
		out = s;
		t = next;
	}
	return out;
}

/* What one history row says, after "who": "changed the owner from A to B". */
static char *history_sentence(struct tui_app *a, const struct qip_history *h)
{
	const struct said *w = &said_unknown;
	for (size_t i = 0; i < sizeof said_table / sizeof said_table[0]; i++)
		if (!strcmp(said_table[i].entity, h->entity) && !strcmp(said_table[i].field, h->field)) {
			w = &said_table[i];
			break;
		}
	const char *ov = h->old_value ? h->old_value : "", *nv = h->new_value ? h->new_value : "";
	const char *t = *ov && *nv ? (w->later && later(ov, nv) ? w->later : w->change)
		      : *ov ? w->clear : w->set;
	/* A row the table has no words for in this shape (a value where none
	 * was expected): the plain fallback. */
	if (!t) {
		w = &said_unknown;
		t = *ov && *nv ? w->change : *ov ? w->clear : w->set;
	}
	char *field = w == &said_unknown
		? (strcmp(h->entity, "action") ? qip_printf("%s %s", h->entity, h->field) : qip_strdup(h->field))
		: qip_strdup(h->field);
	for (char *p = field; *p; p++)
		if (*p == '-')
			*p = ' ';
	char *o = said_value(a, w, ov), *n = said_value(a, w, nv);
	char *s = fill(t, field, o, n);
	free(o);
	free(n);
	free(field);
	return s;
}

struct history_ctx {
	struct tui_app *a;
	struct tui_doc *d;
};

static int add_history(void *arg, const struct qip_history *h)
{
	struct history_ctx *c = arg;
	char when[QIP_WHEN_TEXT_LEN];
	char *what = history_sentence(c->a, h);
	char *s = qip_printf("%s  %s %s", qip_when_text(h->at, when), *h->by ? h->by : "Someone", what);
	tui_doc_wrap(c->d, A_NORMAL, 2, s);
	free(what);
	free(s);
	return 0;
}

/* A blank line, then the section's title. */
static void heading(struct tui_doc *d, const char *title)
{
	tui_doc_add(d, A_NORMAL, "%s", "");
	tui_doc_add(d, A_BOLD | A_UNDERLINE, "%s", title);
}

/* "id,id" as the statements' CQC names, one a line (names hold commas:
 * "How staff, teams and services work together"). */
static void statement_fields(struct tui_app *a, struct tui_doc *d, const char *ids)
{
	const char *label = "Quality statements", *p = ids ? ids : "";
	while (*p) {
		p += strspn(p, " ,");
		size_t n = strcspn(p, ",");
		char *id = qip_printf("%.*s", (int)n, p);
		for (size_t k = strlen(id); k > 0 && id[k - 1] == ' '; k--)
			id[k - 1] = '\0';
		if (*id) {
			char *t = qip_framework_statement_title(a->db, id);
			tui_doc_field(d, label, t);
			label = "";
			free(t);
		}
		free(id);
		p += n;
	}
	if (*label)
		tui_doc_field(d, label, "");
}

static void build(struct tui_app *a, struct tui_view *v, struct tui_doc *d)
{
	const char *ref = v->arg;
	struct qip_action x = { 0 };
	if (qip_action_get(a->db, ref, &x) != QIP_OK) {
		tui_doc_wrap(d, A_BOLD, 0, qip_db_error(a->db));
		return;
	}
	char b1[QIP_DATE_TEXT_LEN], b2[QIP_DATE_TEXT_LEN], *s;
	s = qip_printf("%s  %s", x.ref, x.title);
	tui_doc_wrap(d, A_BOLD, 0, s);
	free(s);
	tui_doc_add(d, A_NORMAL, "%s", "");

	tui_doc_field(d, "Status", qip_vocab_label(&qip_vocab_status, x.status));
	tui_doc_field(d, "Service", *x.service ? x.service : "provider-wide");
	s = !*x.owner ? qip_strdup("nobody: unowned") : qip_printf("%s%s", x.owner, x.owner_active ? "" : " (has left: unowned)");
	tui_doc_field(d, "Owner", s);
	free(s);
	tui_doc_field(d, "Supporters", x.supporters);
	tui_doc_field(d, "Due", x.due == QIP_NO_DATE ? "no date" : qip_date_text(x.due, b1));
	s = qip_printf("%d", x.extensions);
	tui_doc_field(d, "Times extended", s);
	free(s);
	s = qip_printf("%s, next %s", qip_vocab_name(&qip_vocab_cadence, x.cadence), qip_date_text(x.next_review, b1));
	tui_doc_field(d, "Review", s);
	free(s);
	tui_doc_field(d, "Baseline", x.baseline);
	tui_doc_field(d, "Intended outcome", x.outcome);
	if (x.has_target) {
		char *t = number(x.target);
		s = qip_printf("%s %s%s%s%s", x.direction == QIP_DIR_AT_MOST ? "at most" : "at least", t,
			       x.unit, x.target_date != QIP_NO_DATE ? " by " : "", qip_date_text(x.target_date, b1));
		free(t);
	} else
		s = qip_strdup("no measurable target yet");
	tui_doc_field(d, "Measure", s);
	free(s);
	if (x.has_latest_value) {
		char *t = number(x.latest_value);
		s = qip_printf("%s%s", t, x.unit);
		free(t);
	} else
		s = qip_strdup("none measured");
	tui_doc_field(d, "Latest outcome", s);
	free(s);
	tui_doc_field(d, "Evidence required", x.evidence_required);
	s = tui_words(x.area);
	tui_doc_field(d, "Quality area", s);
	free(s);
	tui_doc_field(d, "Key question", x.key_question >= 0 ? qip_vocab_label(&qip_vocab_key_question, x.key_question) : "");
	statement_fields(a, d, x.statements);
	int score = qip_risk_score(x.likelihood, x.impact);
	s = score ? qip_printf("%dx%d = %d, %s", x.likelihood, x.impact, score, qip_risk_band(score)) : qip_strdup("not rated");
	tui_doc_field(d, "Risk", s);
	free(s);
	s = qip_printf("%s%s%s", qip_vocab_name(&qip_vocab_source, x.source), *x.source_ref ? ": " : "", x.source_ref);
	tui_doc_field(d, "Source", s);
	free(s);
	s = qip_printf("%s by %s", qip_date_text(x.created_on, b1), *x.created_by ? x.created_by : "unknown");
	tui_doc_field(d, "Created", s);
	free(s);
	char when[QIP_WHEN_TEXT_LEN];
	s = qip_printf("%s by %s", qip_when_text(x.updated_at, when), *x.updated_by ? x.updated_by : "unknown");
	tui_doc_field(d, "Updated", s);
	free(s);
	if (x.closed_on != QIP_NO_DATE)
		tui_doc_field(d, "Closed", qip_date_text(x.closed_on, b2));

	char title[120];
	snprintf(title, sizeof title, "Flags (%d)", __builtin_popcount(x.flags));
	heading(d, title);
	if (!x.flags)
		tui_doc_add(d, A_NORMAL, "  none");
	for (int i = 0; i < QIP_FLAG_COUNT; i++)
		if (x.flags & (1u << i)) {
			s = qip_printf("%c %s: %s", qip_flag_letter(i), qip_flag_name(i), qip_flag_text(i));
			tui_doc_wrap(d, A_NORMAL, 2, s);
			free(s);
		}

	heading(d, "Closure check");
	if (x.status == QIP_STATUS_CLOSED || x.status == QIP_STATUS_MONITORING) {
		char day[QIP_DATE_TEXT_LEN];
		s = x.status == QIP_STATUS_MONITORING
			? qip_printf("Closed, confirmed by %s; in monitoring until %s: a reading below target reopens it.",
				     *x.closure_reviewer ? x.closure_reviewer : "nobody recorded", qip_date_text(x.monitor_until, day))
			: qip_printf("Closed%s.", x.sustained ? " and sustained: no fall through its monitoring window" : "");
		tui_doc_wrap(d, A_NORMAL, 2, s);
		free(s);
		if (x.closure_override) {
			s = qip_printf("OVERRIDE: closed although the closure check failed. Reason: %s", x.closure_override);
			tui_doc_wrap(d, A_BOLD, 2, s);
			free(s);
		}
	} else {
		unsigned why;
		char *text = NULL;
		if (qip_action_closure_check(a->db, &x, NULL, QIP_CLOSE_REVIEWER_REASONS, &why, &text) == QIP_OK) {
			if (!why)
				tui_doc_wrap(d, A_NORMAL, 2, "It may close: outcome evidence meets the target and is sustained."
					     " c closes it, confirmed by a reviewer who is not the owner.");
			else
				tui_doc_add(d, A_NORMAL, "  It cannot close yet, because:");
			for (char *line = text, *next; why && line && *line; line = next) {
				next = strchr(line, '\n');
				if (next)
					*next++ = '\0';
				s = qip_printf("- %s", line);
				tui_doc_wrap(d, A_NORMAL, 4, s);
				free(s);
			}
		}
		free(text);
	}

	int64_t n = 0;
	qip_evidence_count(a->db, x.id, &n);
	snprintf(title, sizeof title, "Evidence (%lld, newest first%s)", (long long)n,
		 n > DETAIL_EVIDENCE ? "; the Evidence pane pages through all" : "");
	heading(d, title);
	if (n == 0)
		tui_doc_add(d, A_NORMAL, "  none yet: l logs some");
	qip_evidence_list(a->db, x.id, DETAIL_EVIDENCE, 0, add_evidence, d);

	heading(d, "Escalations");
	int before = d->n;
	qip_escalation_list(a->db, x.id, true, DETAIL_ESCALATIONS, 0, add_escalation, d);
	if (d->n == before)
		tui_doc_add(d, A_NORMAL, "  none");

	snprintf(title, sizeof title, "Change history (newest first, up to %d)", DETAIL_HISTORY);
	heading(d, title);
	struct history_ctx hc = { a, d };
	qip_history_for_action(a->db, x.id, DETAIL_HISTORY, 0, add_history, &hc);
	qip_action_clear(&x);
}

static enum tui_nav cmd(struct tui_app *a, struct tui_view *v, enum tui_cmd c)
{
	tui_do_action_cmd(a, c, v->arg);
	return NAV_STAY;
}

enum tui_nav tui_detail_run(struct tui_app *a, const char *ref)
{
	char r[QIP_REF_LEN];
	snprintf(r, sizeof r, "%s", ref);
	struct tui_view v = { .ctx = C_DETAIL, .build = build, .cmd = cmd, .arg = r };
	snprintf(v.title, sizeof v.title, "Action %s (q to go back)", r);
	return tui_view_run(a, &v);
}
