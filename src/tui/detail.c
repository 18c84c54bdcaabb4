/* Enter on an action: every field, the flags explained, the closure check
 * (every reason it cannot close yet), its evidence, escalations and change
 * history, scrollable, with the action keys working here too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "qip/escalation.h"
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
	return qip_printf("%g", v);
}

static int add_evidence(void *arg, const struct qip_evidence *e)
{
	struct tui_doc *d = arg;
	char day[QIP_DATE_LEN], *val = e->has_value ? number(e->value) : qip_strdup("");
	tui_doc_add(d, e->superseded ? A_NORMAL : A_BOLD, "  %s  %s, %s%s%s%s%s  (%s)", qip_date_format(e->seen_on, day),
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
	char day[QIP_DATE_LEN], res[QIP_DATE_LEN];
	tui_doc_add(d, A_BOLD, "  %s  level %d (%s), %s, raised by %s, assigned to %s%s%s",
		    qip_date_format(e->raised_on, day), e->level, qip_level_label(e->level),
		    qip_vocab_name(&qip_vocab_esc_reason, e->reason), *e->raised_by ? e->raised_by : "unknown",
		    *e->assigned_to ? e->assigned_to : "nobody",
		    e->resolved_on == QIP_NO_DATE ? ", open" : ", resolved ",
		    e->resolved_on == QIP_NO_DATE ? "" : qip_date_format(e->resolved_on, res));
	if (*e->note)
		tui_doc_wrap(d, A_NORMAL, 4, e->note);
	if (*e->decision) {
		char *s = qip_printf("decision: %s", e->decision);
		tui_doc_wrap(d, A_NORMAL, 4, s);
		free(s);
	}
	return 0;
}

static int add_history(void *arg, const struct qip_history *h)
{
	struct tui_doc *d = arg;
	char *s;
	if (*h->old_value && *h->new_value)
		s = qip_printf("%.16s %s: %s %s: %s -> %s", h->at, *h->by ? h->by : "unknown", h->entity, h->field,
			       h->old_value, h->new_value);
	else
		s = qip_printf("%.16s %s: %s %s %s", h->at, *h->by ? h->by : "unknown", h->entity, h->field,
			       *h->new_value ? h->new_value : h->old_value);
	tui_doc_wrap(d, A_NORMAL, 2, s);
	free(s);
	return 0;
}

/* A blank line, then the section's title. */
static void heading(struct tui_doc *d, const char *title)
{
	tui_doc_add(d, A_NORMAL, "%s", "");
	tui_doc_add(d, A_BOLD | A_UNDERLINE, "%s", title);
}

static void build(struct tui_app *a, struct tui_view *v, struct tui_doc *d)
{
	const char *ref = v->arg;
	struct qip_action x = { 0 };
	if (qip_action_get(a->db, ref, &x) != QIP_OK) {
		tui_doc_wrap(d, A_BOLD, 0, qip_db_error(a->db));
		return;
	}
	char b1[QIP_DATE_LEN], b2[QIP_DATE_LEN], *s;
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
	tui_doc_field(d, "Due", x.due == QIP_NO_DATE ? "no date" : qip_date_format(x.due, b1));
	s = qip_printf("%d", x.extensions);
	tui_doc_field(d, "Times extended", s);
	free(s);
	s = qip_printf("%s, next %s", qip_vocab_name(&qip_vocab_cadence, x.cadence), qip_date_format(x.next_review, b1));
	tui_doc_field(d, "Review", s);
	free(s);
	tui_doc_field(d, "Baseline", x.baseline);
	tui_doc_field(d, "Intended outcome", x.outcome);
	if (x.has_target) {
		char *t = number(x.target);
		s = qip_printf("%s %s%s%s%s", x.direction == QIP_DIR_AT_MOST ? "at most" : "at least", t,
			       x.unit, x.target_date != QIP_NO_DATE ? " by " : "", qip_date_format(x.target_date, b1));
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
	tui_doc_field(d, "Quality area", x.area);
	tui_doc_field(d, "Key question", x.key_question >= 0 ? qip_vocab_label(&qip_vocab_key_question, x.key_question) : "");
	tui_doc_field(d, "Quality statements", x.statements);
	int score = qip_risk_score(x.likelihood, x.impact);
	s = score ? qip_printf("%dx%d = %d, %s", x.likelihood, x.impact, score, qip_risk_band(score)) : qip_strdup("not rated");
	tui_doc_field(d, "Risk", s);
	free(s);
	s = qip_printf("%s%s%s", qip_vocab_name(&qip_vocab_source, x.source), *x.source_ref ? ": " : "", x.source_ref);
	tui_doc_field(d, "Source", s);
	free(s);
	s = qip_printf("%s by %s", qip_date_format(x.created_on, b1), *x.created_by ? x.created_by : "unknown");
	tui_doc_field(d, "Created", s);
	free(s);
	s = qip_printf("%.16s by %s", x.updated_at, *x.updated_by ? x.updated_by : "unknown");
	tui_doc_field(d, "Updated", s);
	free(s);
	if (x.closed_on != QIP_NO_DATE)
		tui_doc_field(d, "Closed", qip_date_format(x.closed_on, b2));

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

	struct qip_action_facts facts;
	qip_action_facts(&x, &facts);
	unsigned why = qip_rules_closure(&facts);
	heading(d, "Closure check");
	if (!why)
		tui_doc_wrap(d, A_NORMAL, 2, "It may close: outcome evidence meets the target. c closes it after the governance review.");
	else
		tui_doc_add(d, A_NORMAL, "  It cannot close yet, because:");
	for (int i = 0; i < QIP_CLOSE_COUNT; i++)
		if (why & (1u << i)) {
			s = qip_printf("- %s", qip_closure_text(i));
			tui_doc_wrap(d, A_NORMAL, 4, s);
			free(s);
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
	qip_history_for_action(a->db, x.id, DETAIL_HISTORY, 0, add_history, d);
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
