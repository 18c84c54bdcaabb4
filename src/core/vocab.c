/* The domain's fixed words. The names here match the CHECK constraints in
 * schema.c; tests/unit/test_vocab.c keeps them in step. */
#include "qip/vocab.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "qip/text.h"

#define VOCAB(var, what_, ...) \
	static const struct qip_word var##_words[] = { __VA_ARGS__ }; \
	const struct qip_vocab var = { what_, var##_words, \
		(int)(sizeof var##_words / sizeof var##_words[0]) }

VOCAB(qip_vocab_status, "status",
	{ "open", "Open" }, { "in-progress", "In progress" },
	{ "monitoring", "Monitoring" }, { "closed", "Closed" },
	{ "reopened", "Reopened" });
VOCAB(qip_vocab_kind, "evidence kind",
	{ "activity", "Activity" }, { "outcome", "Outcome" });
VOCAB(qip_vocab_category, "evidence category",
	{ "people", "People's experience" },
	{ "staff", "Feedback from staff and leaders" },
	{ "partners", "Feedback from partners" },
	{ "observation", "Observation" },
	{ "processes", "Processes" },
	{ "outcomes", "Outcomes" });
VOCAB(qip_vocab_source, "source",
	{ "audit", "Audit" }, { "inspection", "Inspection finding" },
	{ "incident", "Incident" }, { "complaint", "Complaint" },
	{ "provider-visit", "Provider visit" }, { "meeting", "Meeting" },
	{ "other", "Other" });
VOCAB(qip_vocab_cadence, "review cadence",
	{ "daily", "Daily" }, { "weekly", "Weekly" },
	{ "fortnightly", "Fortnightly" }, { "monthly", "Monthly" },
	{ "quarterly", "Quarterly" });
VOCAB(qip_vocab_key_question, "key question",
	{ "safe", "Safe" }, { "effective", "Effective" },
	{ "caring", "Caring" }, { "responsive", "Responsive" },
	{ "well-led", "Well-led" });
VOCAB(qip_vocab_esc_reason, "escalation reason",
	{ "overdue", "Action overdue" },
	{ "review-overdue", "Review overdue" },
	{ "unowned", "No accountable owner" },
	{ "missed-check", "Missed check" },
	{ "weak-evidence", "Weak or no evidence" },
	{ "recurring", "Finding recurring" },
	{ "extended", "Extended repeatedly" },
	{ "other", "Other" });
VOCAB(qip_vocab_decision, "decision",
	{ "close", "Close" }, { "extend", "Extend" },
	{ "escalate", "Escalate" }, { "keep-open", "Keep open" },
	{ "reframe", "Reframe" }, { "reopen", "Reopen" });
VOCAB(qip_vocab_direction, "target direction",
	{ "at-least", "At least" }, { "at-most", "At most" });
VOCAB(qip_vocab_service_kind, "service kind",
	{ "care-home", "Care home" }, { "nursing-home", "Nursing home" },
	{ "supported-living", "Supported living" },
	{ "domiciliary", "Domiciliary care" }, { "other", "Other" });

static bool same_word(const char *name, const char *typed)
{
	for (; *name && *typed; name++, typed++) {
		char c = (char)tolower((unsigned char)*typed);
		if (c == '_' || c == ' ')
			c = '-';
		if (c != *name)
			return false;
	}
	return !*name && !*typed;
}

int qip_vocab_find(const struct qip_vocab *v, const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < v->count; i++)
		if (same_word(v->words[i].name, name))
			return i;
	return -1;
}

const char *qip_vocab_name(const struct qip_vocab *v, int i)
{
	return i >= 0 && i < v->count ? v->words[i].name : "?";
}

void qip_vocab_mask_text(const struct qip_vocab *v, unsigned mask, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < 32; i++)
		if (mask & (1u << i)) {
			int w = snprintf(buf + used, n - used, "%s%s", used ? ", " : "", qip_vocab_name(v, i));
			if (w < 0 || (size_t)w >= n - used)
				break;
			used += (size_t)w;
		}
}

const char *qip_vocab_label(const struct qip_vocab *v, int i)
{
	return i >= 0 && i < v->count ? v->words[i].label : "?";
}

const char *qip_vocab_choices(const struct qip_vocab *v)
{
	/* Built once per vocabulary; the tables are constant. */
	static struct { const struct qip_vocab *v; char text[256]; } memo[16];
	for (int i = 0; i < 16; i++) {
		if (memo[i].v == v)
			return memo[i].text;
		if (!memo[i].v) {
			char *p = memo[i].text;
			size_t left = sizeof memo[i].text;
			for (int w = 0; w < v->count; w++) {
				const char *sep = w == 0 ? "" : w == v->count - 1 ? " or " : ", ";
				int n = snprintf(p, left, "%s%s", sep, v->words[w].name);
				if (n < 0 || (size_t)n >= left)
					break;
				p += n;
				left -= (size_t)n;
			}
			memo[i].v = v;
			return memo[i].text;
		}
	}
	return "";
}

const char *qip_vocab_suggest(const struct qip_vocab *v, const char *name)
{
	const char *best = NULL;
	int best_d = 3;   /* suggest only near misses */
	for (int i = 0; i < v->count; i++) {
		int d = qip_text_distance(v->words[i].name, name);
		if (d < best_d) {
			best_d = d;
			best = v->words[i].name;
		}
	}
	return best;
}

const char *qip_level_label(int level)
{
	switch (level) {
	case QIP_LEVEL_RM: return "Registered manager";
	case QIP_LEVEL_NI: return "Nominated individual";
	case QIP_LEVEL_BOARD: return "Provider board";
	default: return "?";
	}
}

qip_date qip_cadence_next(int cadence, qip_date from)
{
	switch (cadence) {
	case QIP_CAD_DAILY: return from + 1;
	case QIP_CAD_WEEKLY: return from + 7;
	case QIP_CAD_FORTNIGHTLY: return from + 14;
	case QIP_CAD_QUARTERLY: return qip_date_add_months(from, 3);
	case QIP_CAD_MONTHLY:
	default: return qip_date_add_months(from, 1);
	}
}
