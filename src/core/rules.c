#include "qip/rules.h"
#include "qip/permission.h"
#include "qip/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qip/vocab.h"

static const struct {
	const char *name;
	char letter;
	const char *text;
} flags[QIP_FLAG_COUNT] = {
	{ "overdue", 'O', "past its due date" },
	{ "unowned", 'U', "no accountable owner (none named, or the owner has left)" },
	{ "due-soon", 'D', "due within 7 days" },
	{ "review-overdue", 'R', "review date has passed" },
	{ "stale", 'S', "no evidence for a whole review cycle (a week at least)" },
	{ "no-outcome", 'N', "no outcome evidence yet: activity never proves impact" },
	{ "single-category", '1', "all evidence from one category: triangulate" },
	{ "target-not-met", 'T', "latest measured outcome is short of the target" },
	{ "extended", 'X', "due date extended twice or more" },
};

static const char *closure_texts[QIP_CLOSE_COUNT] = {
	"it is already closed",
	"it has no accountable owner to verify it",
	"there is no outcome evidence (activity alone never proves impact)",
	"no outcome evidence carries a measured value to compare with the target",
	"the latest measured outcome is short of the target",
	"it has no measurable target to verify against",
	"an escalation on it is still open",
	"the outcome has not been at target for as long as its measure asks",
	"its outcome evidence comes from one category: triangulate, or the reviewer says why one source is enough",
	"no reviewer is named to confirm the closure",
	"the reviewer is the action's owner: closure is confirmed by someone else",
	"the reviewer is not in a role that may confirm closure (registered manager, quality lead, nominated individual)",
};

bool qip_rules_target_met(double value, double target, int direction)
{
	return direction == QIP_DIR_AT_MOST ? value <= target : value >= target;
}

unsigned qip_rules_flags(const struct qip_action_facts *a, qip_date today)
{
	if (a->status == QIP_STATUS_CLOSED)
		return 0;
	unsigned f = 0;
	/* A closure in monitoring has met its due date by closing. */
	bool due_counts = a->status != QIP_STATUS_MONITORING;
	if (due_counts && a->due != QIP_NO_DATE && a->due < today)
		f |= QIP_FLAG_OVERDUE;
	else if (due_counts && a->due != QIP_NO_DATE && a->due - today <= QIP_DUE_SOON_DAYS)
		f |= QIP_FLAG_DUE_SOON;
	if (!a->has_owner || !a->owner_active)
		f |= QIP_FLAG_UNOWNED;
	if (a->next_review != QIP_NO_DATE && a->next_review < today)
		f |= QIP_FLAG_REVIEW_OVERDUE;
	/* A new action is not stale: count from its creation until evidence. */
	qip_date last = a->last_evidence != QIP_NO_DATE ? a->last_evidence : a->created;
	if (last != QIP_NO_DATE && today - last > qip_rules_stale_days(a->cadence))
		f |= QIP_FLAG_STALE;
	if (a->outcome_count == 0)
		f |= QIP_FLAG_NO_OUTCOME;
	if (a->evidence_count > 0 && (a->category_mask & (a->category_mask - 1)) == 0)
		f |= QIP_FLAG_SINGLE_CATEGORY;
	if (a->has_target && a->has_latest_value &&
	    !qip_rules_target_met(a->latest_value, a->target, a->direction))
		f |= QIP_FLAG_TARGET_NOT_MET;
	if (a->extensions >= QIP_EXTENDED_TIMES)
		f |= QIP_FLAG_EXTENDED;
	return f;
}

int qip_rules_stale_days(int cadence)
{
	switch (cadence) {
	case QIP_CAD_DAILY:
	case QIP_CAD_WEEKLY: return QIP_STALE_DAYS_SHORT;
	case QIP_CAD_FORTNIGHTLY: return QIP_STALE_DAYS_FORTNIGHTLY;
	case QIP_CAD_QUARTERLY: return QIP_STALE_DAYS_QUARTERLY;
	default: return QIP_STALE_DAYS;
	}
}

bool qip_sustain_parse(const char *text, struct qip_sustain *out)
{
	*out = (struct qip_sustain){ QIP_SUSTAIN_NONE, 0 };
	if (!text || !*text || !strcmp(text, "none"))
		return true;
	char *end;
	long n = strtol(text, &end, 10);
	if (end == text || n < 1 || n > 1000 || *text == '+' || *text == ' ')
		return false;
	if (*end == '-' || *end == ' ')
		end++;
	int unit;
	if (!strcmp(end, "readings") || !strcmp(end, "reading"))
		unit = QIP_SUSTAIN_READINGS;
	else if (!strcmp(end, "d"))
		unit = QIP_SUSTAIN_DAYS;
	else if (!strcmp(end, "w"))
		unit = QIP_SUSTAIN_WEEKS;
	else if (!strcmp(end, "m"))
		unit = QIP_SUSTAIN_MONTHS;
	else
		return false;
	*out = (struct qip_sustain){ unit, (int)n };
	return true;
}

char *qip_sustain_format(const struct qip_sustain *s, char *buf, size_t n)
{
	static const char *const suffix[] = { "", "-readings", "d", "w", "m" };
	if (s->unit <= QIP_SUSTAIN_NONE || s->unit > QIP_SUSTAIN_MONTHS)
		snprintf(buf, n, "%s", "");
	else
		snprintf(buf, n, "%d%s", s->count, suffix[s->unit]);
	return buf;
}

char *qip_sustain_describe(const struct qip_sustain *s, char *buf, size_t n)
{
	static const char *const words[] = { "", "consecutive reading", "day", "week", "month" };
	if (s->unit <= QIP_SUSTAIN_NONE || s->unit > QIP_SUSTAIN_MONTHS)
		snprintf(buf, n, "the latest reading at target");
	else
		snprintf(buf, n, "%d %s%s at target", s->count, words[s->unit], s->count == 1 ? "" : "s");
	return buf;
}

bool qip_rules_may_confirm(const char *role)
{
	return qip_role_may(role, QIP_PERM_CONFIRM);
}

int qip_rules_at_target_run(const struct qip_action_facts *a, const struct qip_closure_facts *c, qip_date *since)
{
	*since = QIP_NO_DATE;
	int run = 0;
	for (int i = 0; a->has_target && i < c->reading_count; i++) {
		if (!qip_rules_target_met(c->readings[i].value, a->target, a->direction))
			break;
		*since = c->readings[i].on;
		run++;
	}
	return run;
}

/* The first day the run at target must reach back to for a period. */
static qip_date period_start(const struct qip_sustain *s, qip_date today)
{
	switch (s->unit) {
	case QIP_SUSTAIN_DAYS: return today - s->count;
	case QIP_SUSTAIN_WEEKS: return today - 7 * s->count;
	default: return qip_date_add_months(today, -s->count);
	}
}

bool qip_rules_sustained(const struct qip_action_facts *a, const struct qip_closure_facts *c, qip_date today)
{
	qip_date since;
	int run = qip_rules_at_target_run(a, c, &since);
	switch (c->sustain.unit) {
	case QIP_SUSTAIN_NONE: return run >= 1;
	case QIP_SUSTAIN_READINGS: return run >= c->sustain.count;
	default: return run >= 1 && since <= period_start(&c->sustain, today);
	}
}

unsigned qip_rules_closure(const struct qip_action_facts *a, const struct qip_closure_facts *c, qip_date today)
{
	unsigned r = 0;
	if (a->status == QIP_STATUS_CLOSED || a->status == QIP_STATUS_MONITORING)
		r |= QIP_CLOSE_ALREADY_CLOSED;
	if (!a->has_owner || !a->owner_active)
		r |= QIP_CLOSE_UNOWNED;
	if (a->outcome_count == 0)
		r |= QIP_CLOSE_NO_OUTCOME;
	if (!a->has_target)
		r |= QIP_CLOSE_NO_TARGET;
	else if (a->outcome_count > 0 && !a->has_latest_value)
		r |= QIP_CLOSE_NO_VALUE;
	else if (a->has_latest_value &&
		 !qip_rules_target_met(a->latest_value, a->target, a->direction))
		r |= QIP_CLOSE_TARGET_NOT_MET;
	else if (a->has_latest_value && !qip_rules_sustained(a, c, today))
		r |= QIP_CLOSE_NOT_SUSTAINED;
	/* Triangulation counts outcome evidence only: a training record
	 * beside one audit is still one source of proof (domain rule 4). */
	unsigned m = c->outcome_category_mask;
	if (a->outcome_count > 0 && (m & (m - 1)) == 0 && !c->one_source_reason)
		r |= QIP_CLOSE_ONE_SOURCE;
	if (a->open_escalations > 0)
		r |= QIP_CLOSE_OPEN_ESCALATION;
	if (!c->reviewer || !*c->reviewer)
		r |= QIP_CLOSE_NO_REVIEWER;
	else {
		if (c->reviewer_is_owner)
			r |= QIP_CLOSE_REVIEWER_IS_OWNER;
		if (!qip_rules_may_confirm(c->reviewer_role))
			r |= QIP_CLOSE_REVIEWER_ROLE;
	}
	return r;
}

int qip_rules_monitoring(const struct qip_action_facts *a, qip_date today)
{
	if (a->status != QIP_STATUS_MONITORING)
		return QIP_MONITOR_NONE;
	/* A fall is evidence seen after the day of the closure: an override
	 * closed on a reading short of target, which alone does not reopen it. */
	bool seen_since = a->closed == QIP_NO_DATE || (a->last_evidence != QIP_NO_DATE && a->last_evidence > a->closed);
	if (seen_since && a->has_target && a->has_latest_value &&
	    !qip_rules_target_met(a->latest_value, a->target, a->direction))
		return QIP_MONITOR_FELL;
	if (a->monitor_until != QIP_NO_DATE && today > a->monitor_until)
		return QIP_MONITOR_SUSTAINED;
	return QIP_MONITOR_WATCHING;
}

qip_date qip_rules_monitor_until(int cadence, qip_date closed, int cycles)
{
	qip_date d = closed;
	for (int i = 0; i < cycles; i++)
		d = qip_cadence_next(cadence, d);
	return d;
}

/* A value with its unit, as typed: 84 %, 95.5, 12 falls; the number
 * exactly as stored, with a decimal point whatever the locale. */
static void value_with_unit(double v, const char *unit, char *buf, size_t n)
{
	char num[QIP_NUMBER_LEN];
	snprintf(buf, n, "%s%s%s", qip_number_format(v, num), unit && *unit ? " " : "", unit ? unit : "");
}

static const char *category_names(unsigned mask, char *buf, size_t n)
{
	size_t o = 0;
	buf[0] = '\0';
	for (int i = 0; i < 6; i++)
		if (mask & (1u << i)) {
			int w = snprintf(buf + o, n - o, "%s%s", o ? ", " : "", qip_vocab_name(&qip_vocab_category, i));
			if (w < 0 || (size_t)w >= n - o)
				break;
			o += (size_t)w;
		}
	return buf;
}

char *qip_closure_describe(int i, const struct qip_action_facts *a, const struct qip_closure_facts *c,
			   qip_date today, const char *unit, char *buf, size_t n)
{
	unsigned bit = i >= 0 && i < QIP_CLOSE_COUNT ? 1u << i : 0;
	char value[80], target[80], need[80], day[QIP_DATE_LEN];
	if (bit == QIP_CLOSE_TARGET_NOT_MET && a->has_target && a->has_latest_value) {
		value_with_unit(a->latest_value, unit, value, sizeof value);
		value_with_unit(a->target, unit, target, sizeof target);
		if (a->direction == QIP_DIR_AT_MOST)
			snprintf(buf, n, "the latest measured outcome, %s, is above the target, at most %s", value, target);
		else
			snprintf(buf, n, "the latest measured outcome, %s, is short of the target, %s", value, target);
	} else if (bit == QIP_CLOSE_NOT_SUSTAINED) {
		qip_date since;
		int run = qip_rules_at_target_run(a, c, &since);
		if (c->sustain.unit == QIP_SUSTAIN_READINGS)
			snprintf(buf, n, "%d consecutive reading%s at target, %d needed", run, run == 1 ? "" : "s",
				 c->sustain.count);
		else if (run == 0)
			snprintf(buf, n, "no reading at target yet, %s needed", qip_sustain_describe(&c->sustain, need, sizeof need));
		else
			snprintf(buf, n, "at target since %s (%d day%s), %s needed", qip_date_format(since, day),
				 today - since, today - since == 1 ? "" : "s",
				 qip_sustain_describe(&c->sustain, need, sizeof need));
	} else if (bit == QIP_CLOSE_ONE_SOURCE) {
		char cats[120];
		snprintf(buf, n, "all outcome evidence is from one category (%s): add outcome evidence of another"
			 " category, or the reviewer records why one source is enough",
			 category_names(c->outcome_category_mask, cats, sizeof cats));
	} else if (bit == QIP_CLOSE_REVIEWER_IS_OWNER) {
		snprintf(buf, n, "the reviewer, %s, owns the action: closure is confirmed by someone else", c->reviewer);
	} else if (bit == QIP_CLOSE_REVIEWER_ROLE) {
		snprintf(buf, n, "the reviewer, %s (%s), is not in a role that may confirm closure"
			 " (registered manager, quality lead, nominated individual)", c->reviewer,
			 c->reviewer_role ? c->reviewer_role : "no role");
	} else
		snprintf(buf, n, "%s", qip_closure_text(i));
	return buf;
}

bool qip_rules_step_allowed(int step, const struct qip_action_facts *a, const char *ref, char *msg, size_t n)
{
	static const char *const verb[] = { "extending", "closing", "escalating" };
	if (step < QIP_STEP_EXTEND || step > QIP_STEP_ESCALATE) {
		snprintf(msg, n, "unknown step %d", step);
		return false;
	}
	if (a->status == QIP_STATUS_CLOSED) {
		if (step == QIP_STEP_CLOSE)
			snprintf(msg, n, "%s is already closed", ref);
		else
			snprintf(msg, n, "%s is closed: reopen it before %s", ref, verb[step]);
		return false;
	}
	if (step == QIP_STEP_CLOSE && a->status == QIP_STATUS_MONITORING) {
		snprintf(msg, n, "%s is already closed and in monitoring", ref);
		return false;
	}
	if (step == QIP_STEP_ESCALATE && a->open_escalations > 0) {
		snprintf(msg, n, "%s already has an open escalation: raise that one a level instead of raising a second", ref);
		return false;
	}
	return true;
}

const char *qip_flag_name(int i) { return i >= 0 && i < QIP_FLAG_COUNT ? flags[i].name : "?"; }
char qip_flag_letter(int i) { return i >= 0 && i < QIP_FLAG_COUNT ? flags[i].letter : '?'; }
const char *qip_flag_text(int i) { return i >= 0 && i < QIP_FLAG_COUNT ? flags[i].text : "?"; }
const char *qip_closure_text(int i) { return i >= 0 && i < QIP_CLOSE_COUNT ? closure_texts[i] : "?"; }

unsigned qip_flag_parse(const char *name)
{
	for (int i = 0; name && i < QIP_FLAG_COUNT; i++)
		if (!strcmp(flags[i].name, name))
			return 1u << i;
	return 0;
}

char *qip_flags_format(unsigned f, char *buf, size_t n)
{
	size_t o = 0;
	buf[0] = '\0';
	for (int i = 0; i < QIP_FLAG_COUNT; i++) {
		if (!(f & (1u << i)))
			continue;
		int w = snprintf(buf + o, n - o, "%s%s", o ? "," : "", flags[i].name);
		if (w < 0 || (size_t)w >= n - o)
			break;
		o += (size_t)w;
	}
	return buf;
}

char *qip_flags_letters(unsigned f, char *buf, size_t n)
{
	size_t o = 0;
	for (int i = 0; i < QIP_FLAG_COUNT && o + 1 < n; i++)
		if (f & (1u << i))
			buf[o++] = flags[i].letter;
	buf[o] = '\0';
	return buf;
}

int qip_risk_score(int likelihood, int impact)
{
	if (likelihood < 1 || likelihood > 5 || impact < 1 || impact > 5)
		return 0;
	return likelihood * impact;
}

const char *qip_risk_band(int score)
{
	if (score <= 0) return "";
	if (score <= 4) return "low";
	if (score <= 9) return "medium";
	if (score <= 15) return "high";
	return "extreme";
}
