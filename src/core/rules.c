#include "qip/rules.h"
#include "qip/text.h"

#include <stdio.h>
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
	{ "stale", 'S', "no evidence for 30 days" },
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
	if (a->due != QIP_NO_DATE && a->due < today)
		f |= QIP_FLAG_OVERDUE;
	else if (a->due != QIP_NO_DATE && a->due - today <= QIP_DUE_SOON_DAYS)
		f |= QIP_FLAG_DUE_SOON;
	if (!a->has_owner || !a->owner_active)
		f |= QIP_FLAG_UNOWNED;
	if (a->next_review != QIP_NO_DATE && a->next_review < today)
		f |= QIP_FLAG_REVIEW_OVERDUE;
	/* A new action is not stale: count from its creation until evidence. */
	qip_date last = a->last_evidence != QIP_NO_DATE ? a->last_evidence : a->created;
	if (last != QIP_NO_DATE && today - last > QIP_STALE_DAYS)
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

unsigned qip_rules_closure(const struct qip_action_facts *a)
{
	unsigned r = 0;
	if (a->status == QIP_STATUS_CLOSED)
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
	if (a->open_escalations > 0)
		r |= QIP_CLOSE_OPEN_ESCALATION;
	return r;
}

/* A value with its unit, as typed: 84 %, 95.5, 12 falls; the number
 * exactly as stored, with a decimal point whatever the locale. */
static void value_with_unit(double v, const char *unit, char *buf, size_t n)
{
	char num[QIP_NUMBER_LEN];
	snprintf(buf, n, "%s%s%s", qip_number_format(v, num), unit && *unit ? " " : "", unit ? unit : "");
}

char *qip_closure_describe(int i, const struct qip_action_facts *a, const char *unit, char *buf, size_t n)
{
	if (i >= 0 && i < QIP_CLOSE_COUNT && (1u << i) == QIP_CLOSE_TARGET_NOT_MET && a->has_target && a->has_latest_value) {
		char value[80], target[80];
		value_with_unit(a->latest_value, unit, value, sizeof value);
		value_with_unit(a->target, unit, target, sizeof target);
		if (a->direction == QIP_DIR_AT_MOST)
			snprintf(buf, n, "the latest measured outcome, %s, is above the target, at most %s", value, target);
		else
			snprintf(buf, n, "the latest measured outcome, %s, is short of the target, %s", value, target);
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
