/* Reports (report.h): the evidence pack, the commissioner update and the
 * board report, built as a document (report_doc.h) from the core's own
 * queries: actions and their flags from qip_action_list (flags by
 * qip_rules_flags), evidence from qip_evidence_page, escalations from
 * qip_escalation_list, audit scores and warnings from qip_audit_trend and
 * qip_audit_list. No rule is restated here. Minutes: report_minutes.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "qip/action.h"
#include "qip/audit.h"
#include "qip/chain.h"
#include "qip/escalation.h"
#include "qip/evidence.h"
#include "qip/framework.h"
#include "qip/person.h"
#include "qip/report.h"
#include "qip/service.h"
#include "qip/template.h"
#include "qip/text.h"
#include "qip/vocab.h"
#include "report_doc.h"
#include "report_internal.h"

int qip_report_kind_find(const char *name)
{
	static const char *const kinds[] = { "pack", "commissioner", "board", "minutes" };
	for (int i = 0; name && i < 4; i++)
		if (!strcmp(name, kinds[i]))
			return i;
	return -1;
}

int qip_report_format_find(const char *name)
{
	static const char *const formats[] = { "html", "md", "text", "json" };
	for (int i = 0; name && i < 4; i++)
		if (!strcmp(name, formats[i]))
			return i;
	return -1;
}

/* ---- Words ---- */

char *report_date(qip_date day, char buf[REPORT_DATE_LEN])
{
	static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July",
					      "August", "September", "October", "November", "December" };
	if (day == QIP_NO_DATE) {
		buf[0] = '\0';
		return buf;
	}
	int y, m, d;
	qip_date_to_ymd(day, &y, &m, &d);
	snprintf(buf, REPORT_DATE_LEN, "%d %s %d", d, months[(m - 1) % 12], y);
	return buf;
}

/* A slug in words: "registered-manager" -> "Registered manager",
 * "ipc-lead" -> "IPC lead". */
char *report_words(const char *slug)
{
	static const char *const upper[] = { "ipc", "cqc", "mar", "prn", "dols", "peep", "gp", NULL };
	char *out = qip_xcalloc(strlen(slug ? slug : "") * 2 + 1, 1);
	const char *p = slug ? slug : "";
	char *o = out;
	bool first = true;
	while (*p) {
		size_t len = strcspn(p, "-_ ");
		bool up = false;
		for (int i = 0; upper[i]; i++)
			if (strlen(upper[i]) == len && !strncmp(p, upper[i], len))
				up = true;
		for (size_t i = 0; i < len; i++) {
			char ch = p[i];
			if (up && ch >= 'a' && ch <= 'z')
				ch = (char)(ch - 'a' + 'A');
			else if (first && i == 0 && ch >= 'a' && ch <= 'z')
				ch = (char)(ch - 'a' + 'A');
			*o++ = ch;
		}
		first = false;
		p += len;
		if (*p) {
			*o++ = ' ';
			p++;
		}
	}
	*o = '\0';
	return out;
}

char *report_role(const char *slug)
{
	char *role = report_words(slug);
	/* Inside a sentence: "registered manager", but "IPC lead" stays. */
	if (role[0] >= 'A' && role[0] <= 'Z' && role[1] >= 'a' && role[1] <= 'z')
		role[0] = (char)(role[0] - 'A' + 'a');
	return role;
}

char *report_person(struct qip_db *db, int64_t id, const char *name)
{
	if (!id || !name || !*name)
		return qip_strdup("nobody named");
	struct qip_person p = { 0 };
	char *out;
	if (qip_person_get(db, id, &p) == QIP_OK) {
		char *role = report_role(p.role);
		out = p.active ? qip_printf("%s, %s", p.name, role) : qip_printf("%s, %s (has left)", p.name, role);
		free(role);
	} else {
		out = qip_strdup(name);
	}
	qip_person_clear(&p);
	return out;
}

char *report_flags_words(unsigned flags)
{
	char *out = qip_strdup("");
	for (int i = 0; i < QIP_FLAG_COUNT; i++)
		if (flags & (1u << i)) {
			char *n = qip_printf("%s%s%s", out, *out ? "; " : "", qip_flag_text(i));
			free(out);
			out = n;
		}
	return out;
}

/* ---- The scope and period ---- */

static int scope_open(struct qip_db *db, const struct qip_report_request *req, struct report_scope *s)
{
	memset(s, 0, sizeof *s);
	s->db = db;
	s->today = qip_db_today(db);
	s->from = QIP_NO_DATE;
	s->to = s->today;
	if (req->from && *req->from && !qip_date_parse(req->from, s->today, &s->from))
		return qip_db_fail(db, QIP_EINVAL, "--from '%s' is not a date (YYYY-MM-DD, today, -3m ...)", req->from);
	if (req->to && *req->to && !qip_date_parse(req->to, s->today, &s->to))
		return qip_db_fail(db, QIP_EINVAL, "--to '%s' is not a date (YYYY-MM-DD, today, -3m ...)", req->to);
	if (s->from != QIP_NO_DATE && s->from > s->to) {
		char a[REPORT_DATE_LEN], b[REPORT_DATE_LEN];
		return qip_db_fail(db, QIP_EINVAL, "the period starts on %s, after it ends on %s", report_date(s->from, a),
				   report_date(s->to, b));
	}
	if (req->service && *req->service) {
		int rc = qip_service_find(db, req->service, &s->service_id);
		if (rc)
			return rc;
	}
	return QIP_OK;
}

bool report_in_period(const struct report_scope *s, qip_date d)
{
	return d != QIP_NO_DATE && (s->from == QIP_NO_DATE || d >= s->from) && d <= s->to;
}

static int service_name_row(void *ctx, const struct qip_service *sv)
{
	struct report_scope *s = ctx;
	if (sv->id == s->service_id)
		s->service_name = qip_strdup(sv->name);
	return 0;
}

static void doc_header(struct report_scope *s, struct rdoc *d)
{
	char a[REPORT_DATE_LEN], b[REPORT_DATE_LEN];
	if (s->service_id) {
		qip_service_list(s->db, service_name_row, s);
		d->scope = qip_strdup(s->service_name ? s->service_name : "");
	} else {
		d->scope = qip_strdup("The whole provider");
	}
	d->period = s->from == QIP_NO_DATE ? qip_printf("Everything recorded up to %s", report_date(s->to, b))
					   : qip_printf("%s to %s", report_date(s->from, a), report_date(s->to, b));
	d->generated = qip_strdup(report_date(s->today, a));
	qip_chain_head(s->db, d->chain_head, &d->chain_length);
	qip_date_format(s->from, d->from);
	qip_date_format(s->to, d->to);
}

/* ---- Actions, with their evidence and decisions ---- */

static int id_row(void *ctx, const struct qip_action *a)
{
	struct report_scope *s = ctx;
	s->ids = qip_xrealloc(s->ids, (size_t)(s->nids + 1) * sizeof *s->ids);
	s->ids[s->nids++] = a->id;
	return 0;
}

static int evidence_row(void *ctx, const struct qip_evidence *e)
{
	struct report_action *ra = ctx;
	ra->evidence = qip_xrealloc(ra->evidence, (size_t)(ra->nevidence + 1) * sizeof *ra->evidence);
	struct qip_evidence *c = &ra->evidence[ra->nevidence++];
	*c = *e;
	c->note = qip_strdup(e->note);
	c->source = qip_strdup(e->source);
	c->recorded_by = qip_strdup(e->recorded_by);
	c->recorded_at = qip_strdup(e->recorded_at);
	return 0;
}

static int escalation_row(void *ctx, const struct qip_escalation *e)
{
	struct report_action *ra = ctx;
	ra->escalations = qip_xrealloc(ra->escalations, (size_t)(ra->nescalations + 1) * sizeof *ra->escalations);
	struct qip_escalation *c = &ra->escalations[ra->nescalations++];
	*c = *e;
	c->title = qip_strdup(e->title);
	c->note = qip_strdup(e->note);
	c->assigned_to = qip_strdup(e->assigned_to);
	c->raised_by = qip_strdup(e->raised_by);
	c->decision = qip_strdup(e->decision);
	c->rule = qip_strdup(e->rule);
	return 0;
}

/* Every action of the scope, by ref, with its evidence (oldest first, a
 * superseded entry left out: its correction stands for it), its
 * escalations and its governance decisions. */
static int actions_load(struct report_scope *s)
{
	struct qip_action_filter f;
	qip_action_filter_init(&f);
	f.status = -1;
	f.service_id = s->service_id;
	f.sort = QIP_SORT_REF;
	int rc = qip_action_list(s->db, &f, -1, 0, id_row, s);
	if (rc)
		return rc;
	s->actions = qip_xcalloc((size_t)s->nids + 1, sizeof *s->actions);
	for (int i = 0; i < s->nids && !rc; i++) {
		struct report_action *ra = &s->actions[s->nactions++];
		if ((rc = qip_action_get_id(s->db, s->ids[i], &ra->a)))
			break;
		struct qip_evidence_cursor cur = { 0 };
		while (!rc && !cur.done)
			rc = qip_evidence_page(s->db, ra->a.id, &cur, 500, evidence_row, ra);
		for (int j = 0; j < ra->nevidence / 2; j++) {
			struct qip_evidence t = ra->evidence[j];
			ra->evidence[j] = ra->evidence[ra->nevidence - 1 - j];
			ra->evidence[ra->nevidence - 1 - j] = t;
		}
		if (!rc)
			rc = qip_escalation_list(s->db, ra->a.id, true, 1000, 0, escalation_row, ra);
		if (!rc)
			rc = report_reviews(s->db, ra);
	}
	return rc;
}

static void scope_close(struct report_scope *s)
{
	for (int i = 0; i < s->nactions; i++) {
		struct report_action *ra = &s->actions[i];
		qip_action_clear(&ra->a);
		for (int j = 0; j < ra->nevidence; j++)
			qip_evidence_clear(&ra->evidence[j]);
		free(ra->evidence);
		for (int j = 0; j < ra->nescalations; j++)
			qip_escalation_clear(&ra->escalations[j]);
		free(ra->escalations);
		for (int j = 0; j < ra->nreviews; j++) {
			free(ra->reviews[j].reason);
			free(ra->reviews[j].by);
		}
		free(ra->reviews);
		qip_meeting_record_free(ra->refusals, ra->nrefusals);
	}
	free(s->actions);
	free(s->ids);
	free(s->service_name);
}

/* ---- Themes: actions grouped by quality area ---- */

struct theme {
	const char *area;       /* the slug, "" for none */
	int *members;           /* indexes into scope.actions */
	int n;
};

static int theme_cmp(const void *a, const void *b)
{
	const struct theme *x = a, *y = b;
	if (!*x->area != !*y->area)
		return *x->area ? -1 : 1;   /* "no area" last */
	return strcmp(x->area, y->area);
}

static struct theme *themes_make(struct report_scope *s, int *n)
{
	struct theme *t = NULL;
	*n = 0;
	for (int i = 0; i < s->nactions; i++) {
		const char *area = s->actions[i].a.area ? s->actions[i].a.area : "";
		int k = 0;
		while (k < *n && strcmp(t[k].area, area))
			k++;
		if (k == *n) {
			t = qip_xrealloc(t, (size_t)(*n + 1) * sizeof *t);
			t[(*n)++] = (struct theme){ .area = area };
		}
		t[k].members = qip_xrealloc(t[k].members, (size_t)(t[k].n + 1) * sizeof *t[k].members);
		t[k].members[t[k].n++] = i;
	}
	if (*n)
		qsort(t, (size_t)*n, sizeof *t, theme_cmp);
	return t;
}

static void themes_free(struct theme *t, int n)
{
	for (int i = 0; i < n; i++)
		free(t[i].members);
	free(t);
}

static char *theme_title(const struct theme *t)
{
	return *t->area ? report_words(t->area) : qip_strdup("No quality area given");
}

/* "Safe; Effective" and the statements' names, for a theme's heading. */
static void theme_framework(struct report_scope *s, const struct theme *t, char **kq, char **statements)
{
	*kq = qip_strdup("");
	*statements = qip_strdup("");
	for (int q = 0; q < qip_vocab_key_question.count; q++) {
		bool seen = false;
		for (int i = 0; i < t->n; i++)
			seen |= s->actions[t->members[i]].a.key_question == q;
		if (seen) {
			char *n = qip_printf("%s%s%s", *kq, **kq ? "; " : "", qip_vocab_label(&qip_vocab_key_question, q));
			free(*kq);
			*kq = n;
		}
	}
	for (int i = 0; i < t->n; i++) {
		char *list = qip_strdup(s->actions[t->members[i]].a.statements ? s->actions[t->members[i]].a.statements : "");
		for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
			char *title = qip_framework_statement_title(s->db, tok);
			if (!strstr(*statements, title)) {
				char *n = qip_printf("%s%s%s", *statements, **statements ? "; " : "", title);
				free(*statements);
				*statements = n;
			}
			free(title);
		}
		free(list);
	}
}

/* ---- Audits ---- */

/* The templates whose runs at the scope's services belong to a theme
 * (the template's area is the theme's), or all when area is NULL. */
static int audit_charts(struct report_scope *s, struct rdoc *d, const char *area, bool with_table)
{
	struct qip_template_info *tv = NULL;
	int nt = 0, rc = qip_template_list(s->db, false, &tv, &nt);
	if (rc)
		return rc;
	int charts = 0;
	for (int ti = 0; ti < nt && !rc; ti++) {
		if (area && strcmp(tv[ti].area ? tv[ti].area : "", area))
			continue;
		for (int si = 0; si < s->nservices && !rc; si++) {
			if (s->service_id && s->services[si].id != s->service_id)
				continue;
			struct qip_audit_trend_point *pts = NULL;
			int np = 0;
			unsigned warn = 0;
			if ((rc = qip_audit_trend(s->db, tv[ti].key, s->services[si].id, &pts, &np, &warn)))
				break;
			int shown = 0;
			for (int p = 0; p < np; p++)
				shown += report_in_period(s, pts[p].run_on);
			if (shown) {
				char *title = qip_printf("%s at %s", tv[ti].title, s->services[si].name);
				char id[64];
				snprintf(id, sizeof id, "audit-%s-%lld", tv[ti].key, (long long)s->services[si].id);
				struct rdoc_block *c = rdoc_chart(d, id, title, tv[ti].target);
				for (int p = 0; p < np; p++) {
					if (!report_in_period(s, pts[p].run_on))
						continue;
					char iso[QIP_DATE_LEN], words[REPORT_DATE_LEN];
					rdoc_point(c, qip_date_format(pts[p].run_on, iso), report_date(pts[p].run_on, words),
						   pts[p].percent);
				}
				if (with_table) {
					struct rdoc_block *t = rdoc_table(d, NULL, NULL,
						(const char *const[]){ "Date", "Score (%)", "Result", NULL });
					for (int p = 0; p < np; p++) {
						if (!report_in_period(s, pts[p].run_on))
							continue;
						char words[REPORT_DATE_LEN];
						rdoc_cell(t, report_date(pts[p].run_on, words));
						rdoc_cell_number(t, pts[p].percent);
						rdoc_cell(t, pts[p].passed ? "passed" : "failed");
					}
				}
				if (warn & QIP_TREND_FALLING)
					rdoc_para(d, "Early warning: the last three results each fell.");
				if (warn & QIP_TREND_BELOW_TWICE)
					rdoc_para(d, "Early warning: the last two results were both below the target.");
				free(title);
				charts++;
			}
			free(pts);
		}
	}
	qip_template_info_free(tv, nt);
	return rc ? rc : charts;
}

static int service_row(void *ctx, const struct qip_service *sv)
{
	struct report_scope *s = ctx;
	s->services = qip_xrealloc(s->services, (size_t)(s->nservices + 1) * sizeof *s->services);
	s->services[s->nservices++] = (struct report_service){ .id = sv->id, .name = qip_strdup(sv->name) };
	return 0;
}

static int services_load(struct report_scope *s)
{
	return qip_service_list(s->db, service_row, s);
}

static void services_free(struct report_scope *s)
{
	for (int i = 0; i < s->nservices; i++)
		free(s->services[i].name);
	free(s->services);
}

/* ---- The evidence pack (domain rule 10) ---- */

/* Adds what a theme has nothing of to *missing ("a; b"), said once at the
 * theme's end rather than as a heading over nothing. */
static void note_missing(char **missing, const char *what)
{
	char *n = qip_printf("%s%s%s", *missing, **missing ? "; " : "", what);
	free(*missing);
	*missing = n;
}

static void evidence_table(struct report_scope *s, struct rdoc *d, const struct theme *t, const char *id,
			   const char *caption, bool (*keep)(const struct qip_evidence *), char **missing)
{
	int count = 0;
	for (int i = 0; i < t->n; i++) {
		const struct report_action *ra = &s->actions[t->members[i]];
		for (int j = 0; j < ra->nevidence; j++)
			count += keep(&ra->evidence[j]) && !ra->evidence[j].superseded &&
				 report_in_period(s, ra->evidence[j].seen_on);
	}
	if (!count) {
		note_missing(missing, caption);
		return;
	}
	rdoc_heading(d, caption);
	struct rdoc_block *tb = rdoc_table(d, id, NULL,
		(const char *const[]){ "Date", "Action", "Category", "What was seen", "Value", "Where it is recorded", NULL });
	/* Oldest first across the theme's actions. */
	for (qip_date day = s->from == QIP_NO_DATE ? INT32_MIN + 1 : s->from;;) {
		qip_date next = INT32_MAX;
		for (int i = 0; i < t->n; i++) {
			const struct report_action *ra = &s->actions[t->members[i]];
			for (int j = 0; j < ra->nevidence; j++) {
				const struct qip_evidence *e = &ra->evidence[j];
				if (!keep(e) || e->superseded || !report_in_period(s, e->seen_on))
					continue;
				if (e->seen_on == day) {
					char words[REPORT_DATE_LEN];
					rdoc_cell(tb, report_date(e->seen_on, words));
					rdoc_cell(tb, ra->a.ref);
					rdoc_cell(tb, qip_vocab_label(&qip_vocab_category, e->category));
					rdoc_cell(tb, e->note);
					if (e->has_value)
						rdoc_cell_number(tb, e->value);
					else
						rdoc_cell(tb, "");
					rdoc_cell(tb, e->source);
				} else if (e->seen_on > day && e->seen_on < next) {
					next = e->seen_on;
				}
			}
		}
		if (next == INT32_MAX)
			break;
		day = next;
	}
}

static bool is_activity(const struct qip_evidence *e) { return e->kind == QIP_KIND_ACTIVITY; }
static bool is_outcome(const struct qip_evidence *e) { return e->kind == QIP_KIND_OUTCOME; }
static bool is_competency(const struct qip_evidence *e)
{
	return e->category == QIP_CAT_STAFF || e->category == QIP_CAT_OBSERVATION;
}
static bool is_feedback(const struct qip_evidence *e)
{
	return e->category == QIP_CAT_PEOPLE || e->category == QIP_CAT_PARTNERS;
}

static void pack_theme(struct report_scope *s, struct rdoc *d, const struct theme *t, int *rc)
{
	char *title = theme_title(t), *kq, *st;
	theme_framework(s, t, &kq, &st);
	char *id = qip_printf("theme-%s", *t->area ? t->area : "none");
	rdoc_section(d, id, title);
	struct rdoc_block *f = rdoc_facts(d, "framework");
	rdoc_fact(f, "CQC key question", "%s", *kq ? kq : "not given");
	rdoc_fact(f, "Quality statements", "%s", *st ? st : "not given");
	free(kq);
	free(st);
	free(id);

	rdoc_heading(d, "The original failure and where it came from");
	struct rdoc_block *tb = rdoc_table(d, "failures", NULL,
		(const char *const[]){ "Action", "Baseline", "Found by", "Recorded", NULL });
	for (int i = 0; i < t->n; i++) {
		const struct qip_action *a = &s->actions[t->members[i]].a;
		char words[REPORT_DATE_LEN];
		rdoc_cell(tb, a->ref);
		rdoc_cell(tb, *a->baseline ? a->baseline : a->title);
		char *src = *a->source_ref ? qip_printf("%s: %s", qip_vocab_label(&qip_vocab_source, a->source), a->source_ref)
					   : qip_strdup(qip_vocab_label(&qip_vocab_source, a->source));
		rdoc_cell(tb, src);
		free(src);
		rdoc_cell(tb, report_date(a->created_on, words));
	}

	rdoc_heading(d, "Actions, owners and dates");
	tb = rdoc_table(d, "actions", NULL,
		(const char *const[]){ "Action", "What", "Owner", "Due", "Status", "Needs attention", NULL });
	for (int i = 0; i < t->n; i++) {
		const struct qip_action *a = &s->actions[t->members[i]].a;
		char words[REPORT_DATE_LEN];
		rdoc_cell(tb, a->ref);
		rdoc_cell(tb, a->title);
		char *owner = report_person(s->db, a->owner_id, a->owner);
		rdoc_cell(tb, owner);
		free(owner);
		rdoc_cell(tb, report_date(a->due, words));
		char *status = a->status == QIP_STATUS_CLOSED && a->closed_on != QIP_NO_DATE
			? qip_printf("Closed on %s%s", report_date(a->closed_on, words), a->sustained ? ", sustained" : "")
			: qip_strdup(qip_vocab_label(&qip_vocab_status, a->status));
		rdoc_cell(tb, status);
		free(status);
		char *flags = report_flags_words(a->flags);
		rdoc_cell(tb, flags);
		free(flags);
	}

	char *missing = qip_strdup("");
	evidence_table(s, d, t, "activity", "Evidence of activity (work done)", is_activity, &missing);
	evidence_table(s, d, t, "outcome", "Evidence of outcome (care got better)", is_outcome, &missing);

	/* The charts go under a heading only when there are any. */
	int at = d->nblocks;
	rdoc_heading(d, "Re-audit results");
	int charts = audit_charts(s, d, t->area, true);
	if (charts < 0) {
		*rc = charts;
		free(title);
		free(missing);
		return;
	}
	if (!charts) {
		rdoc_truncate(d, at);
		note_missing(&missing, "Re-audit results");
	}

	evidence_table(s, d, t, "competency", "Staff competency (staff feedback and observed practice)", is_competency,
		       &missing);
	evidence_table(s, d, t, "feedback", "Feedback from people, families and partners", is_feedback, &missing);

	at = d->nblocks;
	rdoc_heading(d, "Governance decisions and challenge");
	struct rdoc_block *gl = rdoc_table(d, "decisions", NULL,
		(const char *const[]){ "Date", "Action", "Decision", "Reason", "Decided by", NULL });
	for (int i = 0; i < t->n; i++) {
		const struct report_action *ra = &s->actions[t->members[i]];
		for (int j = 0; j < ra->nreviews; j++) {
			const struct report_review *v = &ra->reviews[j];
			if (!report_in_period(s, v->on))
				continue;
			char words[REPORT_DATE_LEN], due[REPORT_DATE_LEN];
			rdoc_cell(gl, report_date(v->on, words));
			rdoc_cell(gl, ra->a.ref);
			char *dec = v->new_due != QIP_NO_DATE
				? qip_printf("%s to %s", qip_vocab_label(&qip_vocab_decision, v->decision), report_date(v->new_due, due))
				: qip_strdup(qip_vocab_label(&qip_vocab_decision, v->decision));
			rdoc_cell(gl, dec);
			free(dec);
			rdoc_cell(gl, v->reason);
			rdoc_cell(gl, v->by);
		}
		for (int j = 0; j < ra->nrefusals; j++) {
			const struct qip_meeting_entry *e = &ra->refusals[j];
			if (!report_in_period(s, e->on))
				continue;
			char words[REPORT_DATE_LEN];
			rdoc_cell(gl, report_date(e->on, words));
			rdoc_cell(gl, ra->a.ref);
			rdoc_cell(gl, "Closure proposed in a meeting: refused by the closure check");
			char *why = report_refusal_words(e);
			rdoc_cell(gl, why);
			free(why);
			char *by = report_person(s->db, e->by_id, e->by);
			rdoc_cell(gl, by);
			free(by);
		}
		for (int j = 0; j < ra->nescalations; j++) {
			const struct qip_escalation *e = &ra->escalations[j];
			if (!report_in_period(s, e->raised_on))
				continue;
			char words[REPORT_DATE_LEN];
			rdoc_cell(gl, report_date(e->raised_on, words));
			rdoc_cell(gl, ra->a.ref);
			char *dec = qip_printf("Escalated, level %d (%s): %s", e->level, qip_level_label(e->level),
					       qip_vocab_label(&qip_vocab_esc_reason, e->reason));
			rdoc_cell(gl, dec);
			free(dec);
			char *why = *e->decision ? qip_printf("%s%s%s", e->note, *e->note ? ". Decision: " : "Decision: ", e->decision)
						 : qip_strdup(*e->note ? e->note : "still open");
			rdoc_cell(gl, why);
			free(why);
			rdoc_cell(gl, *e->raised_by ? e->raised_by : "by rule (qip check)");
		}
		if (ra->a.closure_override && report_in_period(s, ra->a.closed_on)) {
			char words[REPORT_DATE_LEN];
			rdoc_cell(gl, report_date(ra->a.closed_on, words));
			rdoc_cell(gl, ra->a.ref);
			rdoc_cell(gl, "Closed by override (the closure check did not pass)");
			rdoc_cell(gl, ra->a.closure_override);
			rdoc_cell(gl, *ra->a.closure_reviewer ? ra->a.closure_reviewer : "");
		}
	}
	if (!rdoc_rows(gl)) {
		rdoc_truncate(d, at);
		note_missing(&missing, "Governance decisions");
	}
	if (*missing) {
		rdoc_heading(d, "Nothing recorded in the period");
		rdoc_para(d, "%s.", missing);
	}
	free(missing);

	rdoc_heading(d, "Still under monitoring");
	struct rdoc_block *ml = rdoc_list(d, "monitoring");
	for (int i = 0; i < t->n; i++) {
		const struct qip_action *a = &s->actions[t->members[i]].a;
		char words[REPORT_DATE_LEN];
		if (a->status == QIP_STATUS_MONITORING)
			rdoc_item(ml, "%s %s: watched until %s; a reading short of the target reopens it.", a->ref, a->title,
				  a->monitor_until != QIP_NO_DATE ? report_date(a->monitor_until, words) : "the next review");
		else if (a->status == QIP_STATUS_REOPENED)
			rdoc_item(ml, "%s %s: reopened, the outcome fell below target after closure.", a->ref, a->title);
	}
	if (!ml->ncells)
		rdoc_item(ml, "Nothing in this theme is in monitoring.");

	rdoc_heading(d, "Learning embedded");
	struct rdoc_block *ll = rdoc_list(d, "learning");
	for (int i = 0; i < t->n; i++) {
		const struct qip_action *a = &s->actions[t->members[i]].a;
		char c[REPORT_DATE_LEN], m[REPORT_DATE_LEN];
		if (a->status == QIP_STATUS_CLOSED && a->sustained)
			rdoc_item(ll, "%s %s: closed on %s, and the outcome held through monitoring to %s.", a->ref, a->title,
				  report_date(a->closed_on, c), report_date(a->monitor_until, m));
	}
	if (!ll->ncells)
		rdoc_item(ll, "No action of this theme has yet held its outcome through monitoring.");
	free(title);
}

static int build_pack(struct report_scope *s, struct rdoc *d)
{
	int nt;
	struct theme *t = themes_make(s, &nt);
	rdoc_para(d, "Each theme below follows the plan from the original failure to the outcome: the actions and "
		     "their owners, the evidence split into activity and outcome, re-audit results against the target, "
		     "staff competency, feedback, the governance decisions that challenged the work, what is still "
		     "watched and what has held.");
	struct rdoc_block *tb = rdoc_table(d, "themes", "Themes",
		(const char *const[]){ "Theme", "Actions", "Closed", "In monitoring", "Open", NULL });
	for (int i = 0; i < nt; i++) {
		int closed = 0, mon = 0;
		for (int j = 0; j < t[i].n; j++) {
			int st = s->actions[t[i].members[j]].a.status;
			closed += st == QIP_STATUS_CLOSED;
			mon += st == QIP_STATUS_MONITORING;
		}
		char *title = theme_title(&t[i]);
		rdoc_cell(tb, title);
		free(title);
		rdoc_cell_number(tb, t[i].n);
		rdoc_cell_number(tb, closed);
		rdoc_cell_number(tb, mon);
		rdoc_cell_number(tb, t[i].n - closed - mon);
	}
	int rc = QIP_OK;
	for (int i = 0; i < nt && !rc; i++)
		pack_theme(s, d, &t[i], &rc);
	themes_free(t, nt);
	return rc;
}

/* ---- The commissioner update (domain rule 11) ---- */

static void commissioner_action(struct report_scope *s, struct rdoc *d, const struct report_action *ra)
{
	const struct qip_action *a = &ra->a;
	char words[REPORT_DATE_LEN], w2[REPORT_DATE_LEN], num[QIP_NUMBER_LEN], tgt[QIP_NUMBER_LEN];
	char *h = qip_printf("%s %s", a->ref, a->title);
	rdoc_heading(d, h);
	free(h);
	char *id = qip_printf("action-%s", a->ref);
	struct rdoc_block *f = rdoc_facts(d, id);
	free(id);
	char *owner = report_person(s->db, a->owner_id, a->owner);
	rdoc_fact(f, "Owner", "%s", owner);
	free(owner);
	rdoc_fact(f, "Baseline", "%s", *a->baseline ? a->baseline : "not recorded");
	if (*a->outcome)
		rdoc_fact(f, "Intended outcome", "%s", a->outcome);
	/* What was done: the activity of the period, oldest first. */
	char *done = qip_strdup("");
	int activities = 0;
	for (int j = 0; j < ra->nevidence; j++) {
		const struct qip_evidence *e = &ra->evidence[j];
		if (e->kind != QIP_KIND_ACTIVITY || e->superseded || !report_in_period(s, e->seen_on))
			continue;
		char *n = qip_printf("%s%s%s: %s", done, *done ? "; " : "", report_date(e->seen_on, words), e->note);
		free(done);
		done = n;
		activities++;
	}
	rdoc_fact(f, "What was done", "%s", activities ? done : "no activity recorded in the period");
	free(done);
	/* The outcome measured: the latest reading against the target. A
	 * unit in words is a word apart ("5 falls"); "%" is not ("95%"). */
	const char *unit_gap = *a->unit && strcmp(a->unit, "%") ? " " : "";
	if (a->has_latest_value && a->has_target) {
		bool met = qip_rules_target_met(a->latest_value, a->target, a->direction);
		rdoc_fact(f, "Outcome measured", "latest %s%s%s against a target of %s %s%s%s%s%s: %s", qip_number_format(a->latest_value, num),
			  unit_gap, a->unit, a->direction == QIP_DIR_AT_MOST ? "at most" : "at least", qip_number_format(a->target, tgt), unit_gap, a->unit,
			  a->target_date != QIP_NO_DATE ? " by " : "", a->target_date != QIP_NO_DATE ? report_date(a->target_date, w2) : "",
			  met ? "at target" : "short of the target");
	} else if (a->has_latest_value) {
		rdoc_fact(f, "Outcome measured", "latest %s%s%s; no target set", qip_number_format(a->latest_value, num), unit_gap, a->unit);
	} else if (a->has_target) {
		rdoc_fact(f, "Outcome measured", "not yet measured (target %s %s%s%s)",
			  a->direction == QIP_DIR_AT_MOST ? "at most" : "at least", qip_number_format(a->target, tgt), unit_gap, a->unit);
	} else {
		rdoc_fact(f, "Outcome measured", "no measure set");
	}
	/* The evidence reviewed: how much, of which kinds and categories. */
	int kinds[2] = { 0, 0 }, cats[6] = { 0 };
	for (int j = 0; j < ra->nevidence; j++) {
		const struct qip_evidence *e = &ra->evidence[j];
		if (e->superseded || !report_in_period(s, e->seen_on))
			continue;
		kinds[e->kind == QIP_KIND_OUTCOME]++;
		if (e->category >= 0 && e->category < 6)
			cats[e->category]++;
	}
	char *catwords = qip_strdup("");
	for (int c = 0; c < 6; c++)
		if (cats[c]) {
			char *n = qip_printf("%s%s%s %d", catwords, *catwords ? ", " : "", qip_vocab_label(&qip_vocab_category, c), cats[c]);
			free(catwords);
			catwords = n;
		}
	rdoc_fact(f, "Evidence reviewed", "%d %s (%d activity, %d outcome)%s%s%s", kinds[0] + kinds[1],
		  kinds[0] + kinds[1] == 1 ? "entry" : "entries", kinds[0], kinds[1], *catwords ? ": " : "", catwords,
		  a->flags & QIP_FLAG_SINGLE_CATEGORY ? "; one category only, so not triangulated" : "");
	free(catwords);
	/* What remains. */
	char *flags = report_flags_words(a->flags);
	switch (a->status) {
	case QIP_STATUS_CLOSED:
		rdoc_fact(f, "What remains", "%s on %s%s%s", a->sustained ? "Closed and sustained: closed" : "Closed",
			  report_date(a->closed_on, words), a->closure_override ? "; closed by override: " : "",
			  a->closure_override ? a->closure_override : "");
		break;
	case QIP_STATUS_MONITORING:
		rdoc_fact(f, "What remains", "Under monitoring until %s: a reading short of the target reopens it",
			  a->monitor_until != QIP_NO_DATE ? report_date(a->monitor_until, words) : "the next review");
		break;
	default:
		rdoc_fact(f, "What remains", "%s, due %s%s%s", qip_vocab_label(&qip_vocab_status, a->status),
			  a->due != QIP_NO_DATE ? report_date(a->due, words) : "(no date)", *flags ? "; " : "", flags);
	}
	free(flags);
}

/* The counts a theme's summary line and the themes table share. */
struct theme_counts {
	int actions, closed, sustained, monitoring, open, at_target, measured, overdue;
};

static struct theme_counts theme_count(const struct report_scope *s, const struct theme *t)
{
	struct theme_counts c = { .actions = t->n };
	for (int i = 0; i < t->n; i++) {
		const struct qip_action *a = &s->actions[t->members[i]].a;
		c.closed += a->status == QIP_STATUS_CLOSED;
		c.sustained += a->status == QIP_STATUS_CLOSED && a->sustained;
		c.monitoring += a->status == QIP_STATUS_MONITORING;
		c.overdue += (a->flags & QIP_FLAG_OVERDUE) != 0;
		if (a->has_latest_value && a->has_target) {
			c.measured++;
			c.at_target += qip_rules_target_met(a->latest_value, a->target, a->direction);
		}
	}
	c.open = c.actions - c.closed - c.monitoring;
	return c;
}

static int build_commissioner(struct report_scope *s, struct rdoc *d)
{
	int nt;
	struct theme *t = themes_make(s, &nt);
	rdoc_para(d, "For each action: the baseline, what was done, the outcome measured, the evidence reviewed and "
		     "what remains under monitoring. Each theme opens with a line that can be read in a minute.");
	struct rdoc_block *tb = rdoc_table(d, "themes", "Themes",
		(const char *const[]){ "Theme", "Actions", "Closed", "In monitoring", "Open", "Measured", "At target", "Overdue", NULL });
	for (int i = 0; i < nt; i++) {
		struct theme_counts c = theme_count(s, &t[i]);
		char *title = theme_title(&t[i]);
		rdoc_cell(tb, title);
		free(title);
		rdoc_cell_number(tb, c.actions);
		rdoc_cell_number(tb, c.closed);
		rdoc_cell_number(tb, c.monitoring);
		rdoc_cell_number(tb, c.open);
		rdoc_cell_number(tb, c.measured);
		rdoc_cell_number(tb, c.at_target);
		rdoc_cell_number(tb, c.overdue);
	}
	for (int i = 0; i < nt; i++) {
		struct theme_counts c = theme_count(s, &t[i]);
		char *title = theme_title(&t[i]);
		char *id = qip_printf("theme-%s", *t[i].area ? t[i].area : "none");
		rdoc_section(d, id, title);
		rdoc_para(d, "%d %s: %d closed (%d sustained), %d in monitoring, %d open; %d of %d measured at target; %d overdue.",
			  c.actions, c.actions == 1 ? "action" : "actions", c.closed, c.sustained, c.monitoring, c.open,
			  c.at_target, c.measured, c.overdue);
		free(id);
		free(title);
		for (int j = 0; j < t[i].n; j++)
			commissioner_action(s, d, &s->actions[t[i].members[j]]);
	}
	themes_free(t, nt);
	return QIP_OK;
}

/* ---- The board report ---- */

struct board_counts {
	int open, overdue, unowned, escalated, monitoring, reopened;
};

/* service_id: one service's actions; 0 every action; PROVIDER_WIDE those
 * of no service. */
#define PROVIDER_WIDE (-1)

static bool board_has(int64_t service_id, const struct qip_action *a)
{
	return service_id == 0 || a->service_id == (service_id == PROVIDER_WIDE ? 0 : service_id);
}

static struct board_counts board_count(const struct report_scope *s, int64_t service_id)
{
	struct board_counts c = { 0 };
	for (int i = 0; i < s->nactions; i++) {
		const struct qip_action *a = &s->actions[i].a;
		if (!board_has(service_id, a))
			continue;
		c.open += a->status != QIP_STATUS_CLOSED;
		c.overdue += (a->flags & QIP_FLAG_OVERDUE) != 0;
		c.unowned += (a->flags & QIP_FLAG_UNOWNED) != 0;
		c.escalated += a->open_escalations > 0;
		c.monitoring += a->status == QIP_STATUS_MONITORING;
		c.reopened += a->status == QIP_STATUS_REOPENED;
	}
	return c;
}

static void board_counts_row(struct rdoc_block *tb, const char *name, struct board_counts c)
{
	rdoc_cell(tb, name);
	rdoc_cell_number(tb, c.open);
	rdoc_cell_number(tb, c.overdue);
	rdoc_cell_number(tb, c.unowned);
	rdoc_cell_number(tb, c.escalated);
	rdoc_cell_number(tb, c.monitoring);
	rdoc_cell_number(tb, c.reopened);
}

struct repeat_ctx {
	struct rdoc_block *t;
	const char *service;
	char date[REPORT_DATE_LEN];
	const char *template_title;
};

static int repeat_row(void *ctx, const struct qip_audit_proposal *p)
{
	struct repeat_ctx *r = ctx;
	if (!p->repeat)
		return 0;
	rdoc_cell(r->t, r->date);
	rdoc_cell(r->t, r->template_title);
	rdoc_cell(r->t, p->title);
	char *failed = qip_printf("%d of %d", p->failed, p->asked);
	rdoc_cell(r->t, failed);
	free(failed);
	rdoc_cell(r->t, *p->ref ? p->ref : "");
	return 0;
}

struct run_ids {
	int64_t *id;
	qip_date *on;
	char **title;
	int n;
};

static int run_row(void *ctx, const struct qip_audit_run_row *r)
{
	struct run_ids *v = ctx;
	if (!r->complete)
		return 0;
	v->id = qip_xrealloc(v->id, (size_t)(v->n + 1) * sizeof *v->id);
	v->on = qip_xrealloc(v->on, (size_t)(v->n + 1) * sizeof *v->on);
	v->title = qip_xrealloc(v->title, (size_t)(v->n + 1) * sizeof *v->title);
	v->id[v->n] = r->id;
	v->on[v->n] = r->run_on;
	v->title[v->n++] = qip_strdup(r->template_title);
	return 0;
}

/* The actions escalated to the board, open. */
static void board_escalations(struct report_scope *s, struct rdoc *d, int64_t service_id)
{
	struct rdoc_block *bt = rdoc_table(d, "board-escalations", "Escalated to the provider board",
		(const char *const[]){ "Action", "What", "Raised", "Why", "Assigned to", NULL });
	for (int i = 0; i < s->nactions; i++) {
		const struct report_action *ra = &s->actions[i];
		if (!board_has(service_id, &ra->a))
			continue;
		for (int j = 0; j < ra->nescalations; j++) {
			const struct qip_escalation *e = &ra->escalations[j];
			if (e->level != QIP_LEVEL_BOARD || e->resolved_on != QIP_NO_DATE)
				continue;
			char words[REPORT_DATE_LEN];
			rdoc_cell(bt, ra->a.ref);
			rdoc_cell(bt, ra->a.title);
			rdoc_cell(bt, report_date(e->raised_on, words));
			char *why = *e->note ? qip_printf("%s: %s", qip_vocab_label(&qip_vocab_esc_reason, e->reason), e->note)
					     : qip_strdup(qip_vocab_label(&qip_vocab_esc_reason, e->reason));
			rdoc_cell(bt, why);
			free(why);
			char *who = report_person(s->db, e->assigned_id, e->assigned_to);
			rdoc_cell(bt, who);
			free(who);
		}
	}
	if (!rdoc_rows(bt)) {
		rdoc_truncate(d, (int)(bt - d->blocks));
		rdoc_para(d, "Nothing here is escalated to the board.");
	}
}

static int board_service(struct report_scope *s, struct rdoc *d, const struct report_service *sv)
{
	char *id = qip_printf("service-%lld", (long long)sv->id);
	rdoc_section(d, id, sv->name);
	free(id);
	struct rdoc_block *tb = rdoc_table(d, "counts", "Actions",
		(const char *const[]){ "Service", "Open", "Overdue", "Unowned", "Escalated", "In monitoring", "Reopened", NULL });
	board_counts_row(tb, sv->name, board_count(s, sv->id));

	/* Audit results against target, with their trend. */
	struct qip_template_info *tv = NULL;
	int nt = 0, rc = qip_template_list(s->db, false, &tv, &nt);
	if (rc)
		return rc;
	struct rdoc_block *at = rdoc_table(d, "audits", "Audit results against target",
		(const char *const[]){ "Audit", "Date", "Result", "Score (%)", "Target (%)", "Trend", "Early warning", NULL });
	for (int ti = 0; ti < nt && !rc; ti++) {
		struct qip_audit_trend_point *pts = NULL;
		int np = 0;
		unsigned warn = 0;
		if ((rc = qip_audit_trend(s->db, tv[ti].key, sv->id, &pts, &np, &warn)))
			break;
		double *v = qip_xcalloc((size_t)np + 1, sizeof *v);
		int nv = 0, last = -1;
		for (int p = 0; p < np; p++)
			if (report_in_period(s, pts[p].run_on)) {
				v[nv++] = pts[p].percent;
				last = p;
			}
		if (last >= 0) {
			char words[REPORT_DATE_LEN];
			rdoc_cell(at, tv[ti].title);
			rdoc_cell(at, report_date(pts[last].run_on, words));
			rdoc_cell(at, pts[last].passed ? "passed" : "failed");
			rdoc_cell_number(at, pts[last].percent);
			rdoc_cell_number(at, tv[ti].target);
			rdoc_cell_series(at, "", v, nv, tv[ti].target);
			rdoc_cell(at, warn & QIP_TREND_FALLING ? "the last three results each fell"
				      : warn & QIP_TREND_BELOW_TWICE ? "below target twice running" : "");
		}
		free(v);
		free(pts);
	}
	qip_template_info_free(tv, nt);
	if (rc)
		return rc;
	if (!rdoc_rows(at)) {
		rdoc_truncate(d, (int)(at - d->blocks));
		rdoc_para(d, "No audit completed in the period.");
	}

	/* Repeat findings: a question that failed here last time too. */
	struct run_ids runs = { 0 };
	if ((rc = qip_audit_list(s->db, sv->id, NULL, run_row, &runs)))
		return rc;
	struct rdoc_block *rt = rdoc_table(d, "repeats", "Repeat findings",
		(const char *const[]){ "Date", "Audit", "Finding", "Failed", "Action", NULL });
	for (int i = runs.n - 1; i >= 0 && !rc; i--) {
		if (report_in_period(s, runs.on[i])) {
			struct repeat_ctx r = { .t = rt, .template_title = runs.title[i] };
			report_date(runs.on[i], r.date);
			rc = qip_audit_proposals(s->db, runs.id[i], repeat_row, &r);
		}
	}
	for (int i = 0; i < runs.n; i++)
		free(runs.title[i]);
	free(runs.id);
	free(runs.on);
	free(runs.title);
	if (rc)
		return rc;
	if (!rdoc_rows(rt)) {
		rdoc_truncate(d, (int)(rt - d->blocks));
		rdoc_para(d, "No repeat finding in the period.");
	}

	board_escalations(s, d, sv->id);
	return QIP_OK;
}

static int build_board(struct report_scope *s, struct rdoc *d)
{
	struct rdoc_block *tb = rdoc_table(d, "counts", "Actions by service",
		(const char *const[]){ "Service", "Open", "Overdue", "Unowned", "Escalated", "In monitoring", "Reopened", NULL });
	for (int i = 0; i < s->nservices; i++)
		if (!s->service_id || s->services[i].id == s->service_id)
			board_counts_row(tb, s->services[i].name, board_count(s, s->services[i].id));
	/* Actions of no one service (provider-wide) have a row and a section. */
	bool provider_wide = false;
	for (int i = 0; i < s->nactions && !s->service_id; i++)
		provider_wide |= s->actions[i].a.service_id == 0;
	if (provider_wide)
		board_counts_row(tb, "Provider-wide", board_count(s, PROVIDER_WIDE));
	if (!s->service_id)
		board_counts_row(tb, "The whole provider", board_count(s, 0));
	int rc = QIP_OK;
	for (int i = 0; i < s->nservices && !rc; i++)
		if (!s->service_id || s->services[i].id == s->service_id)
			rc = board_service(s, d, &s->services[i]);
	if (!rc && provider_wide) {
		rdoc_section(d, "provider-wide", "Provider-wide actions");
		struct rdoc_block *t = rdoc_table(d, "counts", "Actions",
			(const char *const[]){ "Service", "Open", "Overdue", "Unowned", "Escalated", "In monitoring", "Reopened", NULL });
		board_counts_row(t, "Provider-wide", board_count(s, PROVIDER_WIDE));
		board_escalations(s, d, PROVIDER_WIDE);
	}
	return rc;
}

/* ---- Entry ---- */

int qip_report_write(struct qip_db *db, const struct qip_report_request *req, int format, FILE *out)
{
	static const char *const kinds[] = { "pack", "commissioner", "board", "minutes" };
	static const char *const titles[] = { "Evidence pack for re-inspection", "Commissioner update", "Board report",
					      "Minutes" };
	if (req->kind < 0 || req->kind > QIP_REPORT_MINUTES)
		return qip_db_fail(db, QIP_EINVAL, "unknown report: use pack, commissioner, board or minutes");
	if (format < 0 || format > QIP_REPORT_JSON)
		return qip_db_fail(db, QIP_EINVAL, "unknown report format: use html, md, text or json");
	struct report_scope s;
	int rc = scope_open(db, req, &s);
	struct rdoc d;
	rdoc_init(&d, kinds[req->kind], titles[req->kind]);
	if (!rc && req->kind == QIP_REPORT_MINUTES) {
		rc = report_build_minutes(&s, req->meeting_id, &d);
	} else if (!rc) {
		doc_header(&s, &d);
		rc = services_load(&s);
		if (!rc)
			rc = actions_load(&s);
		if (!rc)
			rc = req->kind == QIP_REPORT_PACK ? build_pack(&s, &d)
			   : req->kind == QIP_REPORT_COMMISSIONER ? build_commissioner(&s, &d)
			   : build_board(&s, &d);
	}
	if (!rc) {
		switch (format) {
		case QIP_REPORT_HTML: rdoc_write_html(&d, out); break;
		case QIP_REPORT_MD: rdoc_write_md(&d, out); break;
		case QIP_REPORT_TEXT: rdoc_write_text(&d, out); break;
		default: rdoc_write_json(&d, out); break;
		}
	}
	rdoc_free(&d);
	services_free(&s);
	scope_close(&s);
	return rc;
}
