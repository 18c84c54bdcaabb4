/* Escalation by rule: the rules as pure functions, and qip_check_apply. */
#include "qip/escalation_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qip/action.h"
#include "qip/audit.h"
#include "qip/escalation.h"
#include "qip/text.h"
#include "qip/vocab.h"
#include "action_internal.h"
#include "escalation_internal.h"

static const struct {
	const char *name;
	int reason;
	const char *gone;
} rules[QIP_RULE_COUNT] = {
	[QIP_RULE_UNOWNED] = { "unowned", QIP_ESC_UNOWNED, "it has an active owner again" },
	[QIP_RULE_OVERDUE] = { "overdue", QIP_ESC_OVERDUE, "it is no longer overdue" },
	[QIP_RULE_EXTENDED] = { "extended", QIP_ESC_EXTENDED, "it is no longer counted as extended repeatedly" },
	[QIP_RULE_REPEAT_FINDING] = { "repeat-finding", QIP_ESC_RECURRING, "the repeat-finding rule is switched off" },
	[QIP_RULE_REVIEW_OVERDUE] = { "review-overdue", QIP_ESC_REVIEW_OVERDUE, "its review is no longer overdue" },
	[QIP_RULE_TARGET_NOT_MET] = { "target-not-met", QIP_ESC_WEAK_EVIDENCE,
				      "its latest outcome meets the target, or its review date has moved" },
	[QIP_RULE_STALE] = { "stale", QIP_ESC_WEAK_EVIDENCE, "evidence arrived" },
	[QIP_RULE_MISSED_AUDIT] = { "missed-audit", QIP_ESC_MISSED_CHECK, "the audit was done" },
	[QIP_RULE_LEVEL2_UNRESOLVED] = { "level-2-unresolved", QIP_ESC_OTHER, "" },
};

const char *qip_esc_rule_name(int rule) { return rule >= 0 && rule < QIP_RULE_COUNT ? rules[rule].name : "?"; }
int qip_esc_rule_reason(int rule) { return rule >= 0 && rule < QIP_RULE_COUNT ? rules[rule].reason : QIP_ESC_OTHER; }
const char *qip_esc_rule_gone(int rule) { return rule >= 0 && rule < QIP_RULE_COUNT ? rules[rule].gone : ""; }

int qip_esc_rule_parse(const char *name)
{
	for (int i = 0; name && i < QIP_RULE_COUNT; i++)
		if (!strcmp(name, rules[i].name))
			return i;
	return -1;
}

void qip_esc_rule_levels(const struct qip_esc_facts *f, const struct qip_settings *s, qip_date today,
			 int level[QIP_RULE_COUNT])
{
	const struct qip_action_facts *a = &f->action;
	const int *v = s->value;
	memset(level, 0, sizeof(int) * QIP_RULE_COUNT);
	if (a->status == QIP_STATUS_CLOSED)
		return;
	if (v[QIP_SET_UNOWNED] && (!a->has_owner || !a->owner_active))
		level[QIP_RULE_UNOWNED] = 1;
	if (a->due != QIP_NO_DATE) {
		int late = (int)(today - a->due);
		level[QIP_RULE_OVERDUE] = late >= v[QIP_SET_OVERDUE_LEVEL3_DAYS] ? 3
			: late >= v[QIP_SET_OVERDUE_LEVEL2_DAYS] ? 2 : late > v[QIP_SET_OVERDUE_DAYS] ? 1 : 0;
	}
	if (a->extensions >= v[QIP_SET_EXTENDED_TIMES] && v[QIP_SET_EXTENDED_TIMES] > 0)
		level[QIP_RULE_EXTENDED] = 2;
	if (v[QIP_SET_REPEAT_FINDING] && f->repeat_finding)
		level[QIP_RULE_REPEAT_FINDING] = 2;
	if (a->next_review != QIP_NO_DATE && today - a->next_review > v[QIP_SET_REVIEW_OVERDUE_DAYS])
		level[QIP_RULE_REVIEW_OVERDUE] = 1;
	if (v[QIP_SET_TARGET_NOT_MET] && a->next_review != QIP_NO_DATE && a->next_review <= today &&
	    a->has_target && a->has_latest_value && !qip_rules_target_met(a->latest_value, a->target, a->direction))
		level[QIP_RULE_TARGET_NOT_MET] = 1;
	/* As the stale flag: a new action counts from its creation. */
	qip_date last = a->last_evidence != QIP_NO_DATE ? a->last_evidence : a->created;
	if (last != QIP_NO_DATE && today - last > v[QIP_SET_STALE_DAYS])
		level[QIP_RULE_STALE] = 1;
	if (f->missed_audit_due != QIP_NO_DATE && today - f->missed_audit_due > v[QIP_SET_MISSED_AUDIT_DAYS])
		level[QIP_RULE_MISSED_AUDIT] = 1;
	if (f->open_level == 2 && f->level_on != QIP_NO_DATE && today - f->level_on >= v[QIP_SET_LEVEL2_UNRESOLVED_DAYS])
		level[QIP_RULE_LEVEL2_UNRESOLVED] = 3;
}

int qip_esc_rule_top(const int level[QIP_RULE_COUNT])
{
	int top = -1;
	for (int i = 0; i < QIP_RULE_COUNT; i++)
		if (level[i] > 0 && (top < 0 || level[i] > level[top]))
			top = i;
	return top;
}

void qip_esc_rule_key(int rule, const struct qip_esc_facts *f, char *buf, size_t n)
{
	const struct qip_action_facts *a = &f->action;
	char d[QIP_DATE_LEN];
	qip_date last = a->last_evidence != QIP_NO_DATE ? a->last_evidence : a->created;
	switch (rule) {
	case QIP_RULE_UNOWNED: snprintf(buf, n, "owner %lld", (long long)f->owner_id); break;
	case QIP_RULE_OVERDUE: snprintf(buf, n, "due %s", qip_date_format(a->due, d)); break;
	case QIP_RULE_EXTENDED: snprintf(buf, n, "extended %d", a->extensions); break;
	case QIP_RULE_REVIEW_OVERDUE:
	case QIP_RULE_TARGET_NOT_MET: snprintf(buf, n, "review %s", qip_date_format(a->next_review, d)); break;
	case QIP_RULE_STALE: snprintf(buf, n, "last %s", qip_date_format(last, d)); break;
	case QIP_RULE_MISSED_AUDIT: snprintf(buf, n, "audit due %s", qip_date_format(f->missed_audit_due, d)); break;
	default: snprintf(buf, n, "%s", qip_esc_rule_name(rule)); break;
	}
}

static const char *days(int n) { return n == 1 ? "day" : "days"; }

void qip_esc_rule_why(int rule, const struct qip_esc_facts *f, qip_date today, char *buf, size_t n)
{
	const struct qip_action_facts *a = &f->action;
	char d[QIP_DATE_LEN];
	qip_date last = a->last_evidence != QIP_NO_DATE ? a->last_evidence : a->created;
	switch (rule) {
	case QIP_RULE_UNOWNED:
		snprintf(buf, n, a->has_owner ? "its owner has left" : "it has no accountable owner");
		break;
	case QIP_RULE_OVERDUE:
		snprintf(buf, n, "overdue by %d %s (due %s)", (int)(today - a->due), days((int)(today - a->due)),
			 qip_date_format(a->due, d));
		break;
	case QIP_RULE_EXTENDED: snprintf(buf, n, "extended %d times", a->extensions); break;
	case QIP_RULE_REPEAT_FINDING: snprintf(buf, n, "a repeat audit finding"); break;
	case QIP_RULE_REVIEW_OVERDUE:
		snprintf(buf, n, "review overdue by %d %s (due %s)", (int)(today - a->next_review),
			 days((int)(today - a->next_review)), qip_date_format(a->next_review, d));
		break;
	case QIP_RULE_TARGET_NOT_MET:
	{
		char v[QIP_NUMBER_LEN], t[QIP_NUMBER_LEN];
		snprintf(buf, n, "target not met at review (latest %s, target %s)",
			 qip_number_format(a->latest_value, v), qip_number_format(a->target, t));
		break;
	}
	case QIP_RULE_STALE:
		snprintf(buf, n, "no evidence for %d days (since %s)", (int)(today - last), qip_date_format(last, d));
		break;
	case QIP_RULE_MISSED_AUDIT:
		snprintf(buf, n, "an audit whose findings raised it is overdue (due %s)", qip_date_format(f->missed_audit_due, d));
		break;
	case QIP_RULE_LEVEL2_UNRESOLVED:
		snprintf(buf, n, "unresolved at level 2 for %d days", (int)(today - f->level_on));
		break;
	default: snprintf(buf, n, "?"); break;
	}
}

/* ---- Applying the rules ---- */

struct overdue_audit {
	int64_t service_id;
	char *key;
	qip_date due;
};

struct check {
	struct qip_db *db;
	struct qip_settings settings;
	qip_date today;
	bool dry_run;
	struct overdue_audit *audits;
	int naudits, audits_cap;
	struct qip_check_item *items;
	int nitems, items_cap;
};

static int keep_overdue_audit(void *ctx, const struct qip_audit_due_row *r)
{
	struct check *c = ctx;
	if (!r->overdue)
		return 0;
	if (c->naudits == c->audits_cap) {
		int cap = c->audits_cap ? 2 * c->audits_cap : 16;
		struct overdue_audit *v = realloc(c->audits, sizeof *v * (size_t)cap);
		if (!v)
			return 1;
		c->audits = v;
		c->audits_cap = cap;
	}
	c->audits[c->naudits++] = (struct overdue_audit){ r->service_id, strdup(r->template_key), r->due };
	return 0;
}

static int add_item(struct check *c, int event, int64_t esc_id, const char *ref, int rule, int from, int to,
		    const char *assigned, const char *text)
{
	if (c->nitems == c->items_cap) {
		int cap = c->items_cap ? 2 * c->items_cap : 16;
		struct qip_check_item *v = realloc(c->items, sizeof *v * (size_t)cap);
		if (!v)
			return qip_db_fail(c->db, QIP_EDB, "out of memory");
		c->items = v;
		c->items_cap = cap;
	}
	struct qip_check_item *it = &c->items[c->nitems++];
	*it = (struct qip_check_item){ .event = event, .escalation_id = esc_id, .rule = rule,
				       .from_level = from, .level = to,
				       .assigned_to = strdup(assigned ? assigned : ""), .text = strdup(text) };
	snprintf(it->ref, sizeof it->ref, "%s", ref);
	return QIP_OK;
}

static int scalar(struct qip_db *db, const char *sql, int64_t a, const char *b, const char *c3, int64_t *out)
{
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, a);
	if (b)
		qip_bind_text(st, 2, b);
	if (c3)
		qip_bind_text(st, 3, c3);
	return qip_db_scalar(db, st, out);
}

/* The facts beyond the action's own: a repeat finding, an overdue audit
 * whose runs raised it, its open escalation. */
static int gather(struct check *c, const struct qip_action *a, struct qip_esc_facts *f, int64_t *open_id,
		  char *open_rule, size_t rule_len)
{
	struct qip_db *db = c->db;
	int64_t n = 0;
	memset(f, 0, sizeof *f);
	qip_action_facts(a, &f->action);
	f->owner_id = a->owner_id;
	f->missed_audit_due = QIP_NO_DATE;
	f->level_on = QIP_NO_DATE;
	int rc = scalar(db, "SELECT EXISTS (SELECT 1 FROM audit_proposal WHERE action_id = ?1 AND repeat = 1)",
			a->id, NULL, NULL, &n);
	if (rc)
		return rc;
	f->repeat_finding = n != 0;
	if (c->naudits) {
		sqlite3_stmt *st = qip_db_stmt(db, "SELECT DISTINCT r.service_id, t.key FROM audit_proposal p"
			" JOIN audit_run r ON r.id = p.run_id JOIN audit_template t ON t.id = r.template_id"
			" WHERE p.action_id = ?1");
		if (!st)
			return QIP_EDB;
		sqlite3_bind_int64(st, 1, a->id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t service = sqlite3_column_int64(st, 0);
			const char *key = (const char *)sqlite3_column_text(st, 1);
			for (int i = 0; i < c->naudits; i++)
				if (c->audits[i].service_id == service && c->audits[i].key && !strcmp(c->audits[i].key, key) &&
				    (f->missed_audit_due == QIP_NO_DATE || c->audits[i].due < f->missed_audit_due))
					f->missed_audit_due = c->audits[i].due;
		}
		if ((rc = qip_db_finish(db, st, rc)))
			return rc;
	}
	*open_id = 0;
	*open_rule = 0;
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT id, level, coalesce(level_on, raised_on), coalesce(rule, '')"
				       " FROM escalation WHERE action_id = ?1 AND resolved_on IS NULL ORDER BY id LIMIT 1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, a->id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*open_id = sqlite3_column_int64(st, 0);
		f->open_level = sqlite3_column_int(st, 1);
		f->level_on = qip_col_date(st, 2);
		snprintf(open_rule, rule_len, "%s", (const char *)sqlite3_column_text(st, 3));
	}
	return qip_db_finish(db, st, rc);
}

static int assignee_name(struct qip_db *db, int64_t esc_id, char *buf, size_t n)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT coalesce(p.name, '') FROM escalation e"
				       " LEFT JOIN person p ON p.id = e.assigned_to WHERE e.id = ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, esc_id);
	int rc = sqlite3_step(st);
	snprintf(buf, n, "%s", rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "");
	return qip_db_finish(db, st, rc);
}

static int mark_rule(struct qip_db *db, int64_t esc_id, int rule, const struct qip_esc_facts *f, qip_date today,
		     bool new_level)
{
	char key[64];
	qip_esc_rule_key(rule, f, key, sizeof key);
	sqlite3_stmt *st = qip_db_stmt(db, "UPDATE escalation SET rule = ?2, rule_key = ?3,"
				       " level_on = CASE WHEN ?5 THEN ?4 ELSE level_on END WHERE id = ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, esc_id);
	qip_bind_text(st, 2, qip_esc_rule_name(rule));
	qip_bind_text(st, 3, key);
	qip_bind_date(st, 4, today);
	sqlite3_bind_int(st, 5, new_level);
	return qip_db_exec_stmt(db, st);
}

static int mark_resolved_by_check(struct qip_db *db, int64_t esc_id)
{
	sqlite3_stmt *st = qip_db_stmt(db, "UPDATE escalation SET resolved_by_check = 1 WHERE id = ?1");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int64(st, 1, esc_id);
	return qip_db_exec_stmt(db, st);
}

static int check_action(struct check *c, int64_t action_id)
{
	struct qip_db *db = c->db;
	struct qip_action a = { 0 };
	struct qip_esc_facts f;
	int64_t open_id = 0;
	char open_rule_name[32], text[400], who[200];
	int rc = action_get_brief_id(db, action_id, &a);
	if (rc || (rc = gather(c, &a, &f, &open_id, open_rule_name, sizeof open_rule_name)))
		goto done;
	int holds[QIP_RULE_COUNT], want[QIP_RULE_COUNT];
	qip_esc_rule_levels(&f, &c->settings, c->today, holds);
	memcpy(want, holds, sizeof want);
	/* A person's decision on the same fact at that level or higher stands. */
	for (int r = 0; r < QIP_RULE_COUNT; r++) {
		if (!want[r] || r == QIP_RULE_LEVEL2_UNRESOLVED)
			continue;
		char key[64];
		int64_t decided = 0;
		qip_esc_rule_key(r, &f, key, sizeof key);
		/* An audit escalates a repeat finding itself when it is accepted
		 * (qip_audit_proposal_accept): a person's decision on that one is
		 * a decision on this rule's fact too. */
		if ((rc = scalar(db, "SELECT coalesce(max(level), 0) FROM escalation WHERE action_id = ?1"
				 " AND ((rule = ?2 AND rule_key = ?3) OR (?2 = 'repeat-finding' AND rule IS NULL"
				 " AND reason = 'recurring')) AND resolved_on IS NOT NULL AND NOT resolved_by_check",
				 a.id, qip_esc_rule_name(r), key, &decided)))
			goto done;
		if (decided >= want[r])
			want[r] = 0;
	}
	int open_rule = qip_esc_rule_parse(open_rule_name);
	if (open_id && open_rule >= 0 && !holds[open_rule]) {
		snprintf(text, sizeof text, "qip check: %s", f.action.status == QIP_STATUS_CLOSED
			 ? "the action is closed" : qip_esc_rule_gone(open_rule));
		if ((rc = assignee_name(db, open_id, who, sizeof who)) ||
		    (rc = escalation_resolve(db, open_id, text, true)) ||
		    (rc = mark_resolved_by_check(db, open_id)) ||
		    (rc = add_item(c, QIP_CHECK_RESOLVED, open_id, a.ref, open_rule, f.open_level, f.open_level, who, text)))
			goto done;
		open_id = 0;
		want[QIP_RULE_LEVEL2_UNRESOLVED] = 0;
	}
	int top = qip_esc_rule_top(want);
	if (top < 0)
		goto done;
	qip_esc_rule_why(top, &f, c->today, text, sizeof text);
	char note[440];
	snprintf(note, sizeof note, "qip check: %s", text);
	if (open_id && want[top] > f.open_level) {
		for (int level = f.open_level; rc == QIP_OK && level < want[top]; level++)
			rc = escalation_raise_level(db, open_id, NULL, note, true);
		/* The reason rule that asked for the level names it from now on
		 * (a raised-by-hand one stays the person's to resolve). */
		if (rc == QIP_OK && open_rule >= 0 && top != QIP_RULE_LEVEL2_UNRESOLVED)
			rc = mark_rule(db, open_id, top, &f, c->today, false);
		if (rc || (rc = assignee_name(db, open_id, who, sizeof who)) ||
		    (rc = add_item(c, QIP_CHECK_LEVEL_UP, open_id, a.ref, top, f.open_level, want[top], who, text)))
			goto done;
	} else if (!open_id && top != QIP_RULE_LEVEL2_UNRESOLVED) {
		int64_t id = 0;
		rc = qip_escalation_raise(db, a.ref, want[top], qip_vocab_name(&qip_vocab_esc_reason, qip_esc_rule_reason(top)),
					  NULL, note, &id);
		if (rc == QIP_EREFUSED) {
			/* Nobody holds the role at that level: said every run until someone does. */
			rc = add_item(c, QIP_CHECK_NOBODY, 0, a.ref, top, 0, want[top], "", qip_db_error(db));
			goto done;
		}
		if (rc || (rc = mark_rule(db, id, top, &f, c->today, true)) ||
		    (rc = assignee_name(db, id, who, sizeof who)) ||
		    (rc = add_item(c, QIP_CHECK_RAISED, c->dry_run ? 0 : id, a.ref, top, 0, want[top], who, text)))
			goto done;
	}
done:
	qip_action_clear(&a);
	return rc;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211u;
	return h;
}

/* The mark as the database and the settings are now, read inside the
 * transaction (the history's last row after our own writes). */
static int read_mark(struct check *c, struct qip_check_mark *m)
{
	struct qip_db *db = c->db;
	memset(m, 0, sizeof *m);
	m->today = c->today;
	m->audits = 14695981039346656037u;
	for (int i = 0; i < c->naudits; i++) {
		m->audits = fnv(m->audits, &c->audits[i].service_id, sizeof c->audits[i].service_id);
		m->audits = fnv(m->audits, c->audits[i].key ? c->audits[i].key : "", strlen(c->audits[i].key ? c->audits[i].key : "") + 1);
		m->audits = fnv(m->audits, &c->audits[i].due, sizeof c->audits[i].due);
	}
	m->settings = fnv(14695981039346656037u, c->settings.value, sizeof c->settings.value);
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT coalesce(max(id), 0) FROM history");
	if (!st)
		return QIP_EDB;
	int rc = qip_db_scalar(db, st, &m->history_id);
	if (rc)
		return rc;
	/* A proposal's action is set when it is accepted. */
	if (!(st = qip_db_stmt(db, "SELECT count(*), coalesce(max(id), 0), coalesce(sum(action_id), 0) FROM audit_proposal")))
		return QIP_EDB;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (int i = 0; i < 3; i++)
			m->proposals[i] = sqlite3_column_int64(st, i);
	if ((rc = qip_db_finish(db, st, rc)))
		return rc;
	m->valid = true;
	return QIP_OK;
}

/* Whether only some actions need the rules since the mark: the same day,
 * audits, proposals and settings, and a history since that names nothing
 * but actions, evidence and escalations (a person leaving, say, may touch
 * any action: all are checked). */
static int only_changed(struct check *c, const struct qip_check_mark *since, const struct qip_check_mark *now,
			bool *only)
{
	*only = false;
	if (!since || !since->valid || since->today != now->today || since->audits != now->audits ||
	    since->settings != now->settings || memcmp(since->proposals, now->proposals, sizeof now->proposals))
		return QIP_OK;
	int64_t other = 0;
	int rc = scalar(c->db, "SELECT EXISTS (SELECT 1 FROM history WHERE id > ?1"
			" AND +entity NOT IN ('action', 'evidence', 'escalation'))", since->history_id, NULL, NULL, &other);
	*only = rc == QIP_OK && !other;
	return rc;
}

/* The mark every run that is not dry leaves in the database, and reads
 * back when its caller has none of its own. uint64 hashes are stored as
 * their int64 bit patterns. */
static int store_mark(struct qip_db *db, const struct qip_check_mark *m)
{
	char day[QIP_DATE_LEN];
	sqlite3_stmt *st = qip_db_stmt(db, "INSERT OR REPLACE INTO rules_mark (id, day, history_id, proposals,"
				       " proposal_max, proposal_sum, audits, settings) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_text(st, 1, qip_date_format(m->today, day), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, m->history_id);
	for (int i = 0; i < 3; i++)
		sqlite3_bind_int64(st, 3 + i, m->proposals[i]);
	sqlite3_bind_int64(st, 6, (int64_t)m->audits);
	sqlite3_bind_int64(st, 7, (int64_t)m->settings);
	return qip_db_exec_stmt(db, st);
}

static int load_mark(struct qip_db *db, struct qip_check_mark *m)
{
	memset(m, 0, sizeof *m);
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT day, history_id, proposals, proposal_max, proposal_sum, audits, settings"
				       " FROM rules_mark WHERE id = 1");
	if (!st)
		return QIP_EDB;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW && qip_date_parse_iso((const char *)sqlite3_column_text(st, 0), &m->today)) {
		m->history_id = sqlite3_column_int64(st, 1);
		for (int i = 0; i < 3; i++)
			m->proposals[i] = sqlite3_column_int64(st, 2 + i);
		m->audits = (uint64_t)sqlite3_column_int64(st, 5);
		m->settings = (uint64_t)sqlite3_column_int64(st, 6);
		m->valid = true;
	}
	return qip_db_finish(db, st, step);
}

int qip_check_apply(struct qip_db *db, bool dry_run,
		    int (*item)(void *ctx, const struct qip_check_item *it), void *ctx, struct qip_diags *d)
{
	return qip_check_apply_since(db, dry_run, NULL, item, ctx, d);
}

int qip_check_apply_since(struct qip_db *db, bool dry_run, struct qip_check_mark *since,
			  int (*item)(void *ctx, const struct qip_check_item *it), void *ctx, struct qip_diags *d)
{
	struct check c = { .db = db, .dry_run = dry_run, .today = qip_db_today(db) };
	struct qip_check_mark now;
	bool only = false;
	int64_t *ids = NULL;
	int nids = 0;
	int rc = qip_db_require_writer(db);
	if (rc || (rc = qip_settings_load(db, &c.settings, d)))
		goto out;
	if ((rc = qip_db_begin(db)))
		goto out;
	if ((rc = qip_audit_due(db, 0, true, keep_overdue_audit, &c)))
		goto end;
	struct qip_check_mark stored;
	const struct qip_check_mark *from = since;
	if (since && !since->valid) {
		if ((rc = load_mark(db, &stored)))
			goto end;
		from = &stored;
	}
	if (since && ((rc = read_mark(&c, &now)) || (rc = only_changed(&c, from, &now, &only))))
		goto end;
	/* The same actions either way, in the same order: the changed ones of
	 * those a full run would check. +entity: by the history's own key. */
	sqlite3_stmt *st = qip_db_stmt(db, only
		? "SELECT a.id FROM action a WHERE a.id IN ("
		  " SELECT entity_id FROM history WHERE id > ?1 AND +entity = 'action'"
		  " UNION SELECT e.action_id FROM history h JOIN escalation e ON e.id = h.entity_id"
		  "  WHERE h.id > ?1 AND +h.entity = 'escalation'"
		  " UNION SELECT v.action_id FROM history h JOIN evidence v ON v.id = h.entity_id"
		  "  WHERE h.id > ?1 AND +h.entity = 'evidence')"
		  " AND (a.status <> 'closed' OR EXISTS (SELECT 1 FROM escalation e WHERE e.action_id = a.id"
		  "  AND e.resolved_on IS NULL)) ORDER BY a.seq"
		: "SELECT id FROM action WHERE status <> 'closed'"
		  " OR id IN (SELECT action_id FROM escalation WHERE resolved_on IS NULL) ORDER BY seq");
	if (!st) {
		rc = QIP_EDB;
		goto end;
	}
	if (only)
		sqlite3_bind_int64(st, 1, from->history_id);
	if ((rc = qip_db_ids(db, st, &ids, &nids)))
		goto end;
	for (int i = 0; rc == QIP_OK && i < nids; i++)
		rc = check_action(&c, ids[i]);
	if (rc == QIP_OK && !dry_run && (rc = read_mark(&c, &now)) == QIP_OK) {
		now.checked = nids;
		rc = store_mark(db, &now);
	}
end:
	if (dry_run && rc == QIP_OK) {
		/* Everything was done as for real, and is now undone. */
		qip_db_end(db, QIP_EREFUSED);
	} else
		rc = qip_db_end(db, rc);
	if (since && !dry_run)
		*since = rc == QIP_OK ? now : (struct qip_check_mark){ 0 };
	for (int i = 0; rc == QIP_OK && item && i < c.nitems; i++)
		if (item(ctx, &c.items[i]))
			break;
out:
	for (int i = 0; i < c.nitems; i++) {
		free((char *)c.items[i].assigned_to);
		free((char *)c.items[i].text);
	}
	for (int i = 0; i < c.naudits; i++)
		free(c.audits[i].key);
	free(c.items);
	free(c.audits);
	free(ids);
	qip_settings_clear(&c.settings);
	return rc;
}
