/* Escalation by rule (domain rule 7): which escalation an action needs
 * today, as pure functions of its facts, the settings and "today", and
 * qip_check_apply, which brings the escalations in the database into line
 * with them: `qip check` calls it, and a front end that applies the
 * rules (the full-screen program, on start and on change) calls the same. */
#ifndef QIP_ESCALATION_RULES_H
#define QIP_ESCALATION_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qip/db.h"
#include "qip/diag.h"
#include "qip/rules.h"
#include "qip/settings.h"

/* The rules, in the order that breaks a tie between two asking for the
 * same level (the first names the escalation). */
enum qip_esc_rule {
	QIP_RULE_UNOWNED,            /* no active owner: level 1 at once */
	QIP_RULE_OVERDUE,            /* overdue: level 1, 2 after 14 days, 3 after 28 */
	QIP_RULE_EXTENDED,           /* extended twice or more: level 2 */
	QIP_RULE_REPEAT_FINDING,     /* raised or merged from a repeat audit finding: level 2 */
	QIP_RULE_REVIEW_OVERDUE,     /* review date passed: level 1 */
	QIP_RULE_TARGET_NOT_MET,     /* review date reached, latest outcome short of target: level 1 */
	QIP_RULE_STALE,              /* no evidence for more than 30 days: level 1 */
	QIP_RULE_MISSED_AUDIT,       /* an audit whose runs raised it is overdue: level 1 */
	QIP_RULE_LEVEL2_UNRESOLVED,  /* its escalation open at level 2 for 14 days: level 3 */
	QIP_RULE_COUNT
};

/* What the rules know of one action on a day. */
struct qip_esc_facts {
	struct qip_action_facts action;
	int64_t owner_id;            /* 0 none: with action.owner_active, the unowned rule's fact */
	bool repeat_finding;
	qip_date missed_audit_due;   /* earliest due date of an overdue audit that raised it; QIP_NO_DATE none */
	int open_level;              /* its open escalation's level, 0 none */
	qip_date level_on;           /* the day that escalation reached its level */
};

/* The level each rule asks for today (0: the rule does not hold, or is
 * switched off). Closed actions get none. */
void qip_esc_rule_levels(const struct qip_esc_facts *f, const struct qip_settings *s, qip_date today,
			 int level[QIP_RULE_COUNT]);
/* The rule asking for the highest level (ties: the first), -1 when none. */
int qip_esc_rule_top(const int level[QIP_RULE_COUNT]);

/* "overdue", "level-2-unresolved" ...; -1 from parse when unknown. */
const char *qip_esc_rule_name(int rule);
int qip_esc_rule_parse(const char *name);
/* The escalation reason (enum qip_esc_reason) a rule raises with. */
int qip_esc_rule_reason(int rule);
/* The fact a rule holds on ("2026-02-01" for overdue: the due date), so a
 * person's decision on that fact is not raised again, while a new fact
 * (a new due date, a third extension) is. */
void qip_esc_rule_key(int rule, const struct qip_esc_facts *f, char *buf, size_t n);
/* Why the rule holds, with its numbers ("overdue by 15 days (due
 * 2026-02-15)"), and why it no longer does ("no longer overdue"). */
void qip_esc_rule_why(int rule, const struct qip_esc_facts *f, qip_date today, char *buf, size_t n);
const char *qip_esc_rule_gone(int rule);

/* ---- Applying the rules ---- */

enum qip_check_event {
	QIP_CHECK_RAISED,        /* a new escalation */
	QIP_CHECK_LEVEL_UP,      /* an open one raised to a higher level */
	QIP_CHECK_RESOLVED,      /* its rule stopped holding: resolved with that as the decision */
	QIP_CHECK_NOBODY,        /* a rule holds but nobody can take it at that level (message says who is missing) */
};
struct qip_check_item {
	int event;
	int64_t escalation_id;   /* 0 for a raise in a dry run, and for NOBODY */
	char ref[16];
	int rule;                /* enum qip_esc_rule */
	int from_level, level;   /* from_level 0 for a raise */
	const char *assigned_to; /* "" when nobody */
	const char *text;        /* why (raised, up), the decision (resolved), the refusal (nobody) */
};

/* Applies the rules to every action that is not closed and to every open
 * escalation: raises one where a rule holds and none is open, raises an
 * open one to the level a rule asks for (never a second per action),
 * resolves one a rule raised once its rule stops holding (the reason is
 * the decision; nothing is deleted), and never raises again a rule a
 * person already resolved on the same fact at that level or higher. Run
 * twice, the second run changes nothing. One transaction; with dry_run it
 * is rolled back. item is called for each change after the commit, in
 * order of refs. Thresholds come from qip_settings_load: a settings file
 * with problems fails (QIP_EINVAL) with them in d. */
int qip_check_apply(struct qip_db *db, bool dry_run,
		    int (*item)(void *ctx, const struct qip_check_item *it), void *ctx, struct qip_diags *d);

/* Where a run of the rules left off, for the next to apply them only to
 * what changed since: the day, the last history row, and what the rules
 * read that the history does not record (the overdue audits, the audit
 * proposals, the settings). Every run that is not dry also stores its mark
 * in the database (table rules_mark), so that a zeroed mark starts from the
 * last run of anyone (the nightly qip check, another user's screen): a
 * full run only when nothing that day has applied them. */
struct qip_check_mark {
	bool valid;
	qip_date today;
	int64_t history_id;
	int64_t proposals[3];
	uint64_t audits, settings;
	int checked;   /* how many actions the run that left this mark checked */
};

/* qip_check_apply, and with since: since, or when it is zeroed the mark
 * the last run stored in the database; when that is valid, the day the same,
 * no audit, proposal or setting changed and the history since names only
 * actions, their evidence and escalations, the rules are applied to those
 * actions only (the others' facts have not changed, so the rules would do
 * nothing to them); otherwise to all, as qip_check_apply. A run that is not
 * dry leaves since marking where it left off. */
int qip_check_apply_since(struct qip_db *db, bool dry_run, struct qip_check_mark *since,
			  int (*item)(void *ctx, const struct qip_check_item *it), void *ctx, struct qip_diags *d);

#endif
