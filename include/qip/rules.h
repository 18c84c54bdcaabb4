/* The domain's rules as pure functions of an action's facts and a given
 * "today": no database, no clock, no terminal. Every screen, list, count
 * and report judges actions through these (and through the SQL filters in
 * src/core/action_query.c, which tests/unit/test_action.c keeps equal to them,
 * action by action: sql_filters_agree_with_rules). */
#ifndef QIP_RULES_H
#define QIP_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "qip/date.h"

/* The thresholds of the flags. The SQL filters bind these same constants;
 * a build may set others (-D), as test_action_thresholds does to show
 * that the rules and the SQL move together. */
#ifndef QIP_DUE_SOON_DAYS
#define QIP_DUE_SOON_DAYS 7       /* due within this many days: due-soon */
#endif
/* Stale is judged against the review cadence (domain rule 8): no evidence
 * for longer than one review cycle, and never sooner than a week, so a
 * quarterly board action is not stale at 31 days. */
#ifndef QIP_STALE_DAYS
#define QIP_STALE_DAYS 30         /* monthly cadence (the default) */
#endif
#ifndef QIP_STALE_DAYS_SHORT
#define QIP_STALE_DAYS_SHORT 7    /* daily and weekly cadences */
#endif
#ifndef QIP_STALE_DAYS_FORTNIGHTLY
#define QIP_STALE_DAYS_FORTNIGHTLY 14
#endif
#ifndef QIP_STALE_DAYS_QUARTERLY
#define QIP_STALE_DAYS_QUARTERLY 91
#endif
#ifndef QIP_EXTENDED_TIMES
#define QIP_EXTENDED_TIMES 2      /* extended this often or more: extended */
#endif

/* What the rules need to know about one action. */
struct qip_action_facts {
	int status;               /* enum qip_status */
	qip_date due;             /* QIP_NO_DATE when none */
	qip_date next_review;
	qip_date created;
	bool has_owner;           /* an owner is named ... */
	bool owner_active;        /* ... and has not left */
	int evidence_count;       /* entries not superseded by a correction */
	int outcome_count;
	unsigned category_mask;   /* bit (1 << enum qip_category) per category seen */
	qip_date last_evidence;   /* QIP_NO_DATE when none */
	bool has_target;
	double target;
	int direction;            /* enum qip_direction */
	bool has_latest_value;    /* latest outcome entry carried a value */
	double latest_value;
	int extensions;
	int open_escalations;
	int cadence;              /* enum qip_cadence: judges "stale" */
	qip_date monitor_until;   /* monitoring: the window's last day, else QIP_NO_DATE */
	qip_date closed;          /* the day the closure was confirmed, QIP_NO_DATE none */
};

/* Days without evidence after which an action of this cadence is stale. */
int qip_rules_stale_days(int cadence);

/* Flags, one bit each, in the order they are shown. */
enum qip_flag {
	QIP_FLAG_OVERDUE = 1u << 0,
	QIP_FLAG_UNOWNED = 1u << 1,
	QIP_FLAG_DUE_SOON = 1u << 2,
	QIP_FLAG_REVIEW_OVERDUE = 1u << 3,
	QIP_FLAG_STALE = 1u << 4,
	QIP_FLAG_NO_OUTCOME = 1u << 5,
	QIP_FLAG_SINGLE_CATEGORY = 1u << 6,
	QIP_FLAG_TARGET_NOT_MET = 1u << 7,
	QIP_FLAG_EXTENDED = 1u << 8,
};
#define QIP_FLAG_COUNT 9

/* Flags of an action on a day. Closed actions carry none. */
unsigned qip_rules_flags(const struct qip_action_facts *a, qip_date today);

/* true when the value meets the target in the target's direction. */
bool qip_rules_target_met(double value, double target, int direction);

/* Flag i (0-based bit index): name "overdue", short letter for narrow
 * columns ('O'), and a sentence for detail views. */
const char *qip_flag_name(int i);
char qip_flag_letter(int i);
const char *qip_flag_text(int i);
/* Flag bit from its name (NULL-safe), 0 when unknown. */
unsigned qip_flag_parse(const char *name);
/* "overdue,unowned" into buf; returns buf. */
char *qip_flags_format(unsigned flags, char *buf, size_t n);
/* "OU.." style letters, one column per flag, for the TUI and tables. */
char *qip_flags_letters(unsigned flags, char *buf, size_t n);

/* How long outcome evidence must stay at target before an action may
 * close: a count of consecutive readings ("6-readings") or a period
 * ("3m", "12w", "90d"). None: the latest reading at target is enough. */
enum qip_sustain_unit { QIP_SUSTAIN_NONE, QIP_SUSTAIN_READINGS, QIP_SUSTAIN_DAYS,
			QIP_SUSTAIN_WEEKS, QIP_SUSTAIN_MONTHS };
struct qip_sustain {
	int unit;    /* enum qip_sustain_unit */
	int count;   /* > 0 unless unit is none */
};
/* Parses "6-readings", "6 readings", "3m", "12w", "90d", "" or "none";
 * false when it is none of those. */
bool qip_sustain_parse(const char *text, struct qip_sustain *out);
/* "6-readings", "3m", "" for none: the text qip_sustain_parse reads. */
char *qip_sustain_format(const struct qip_sustain *s, char *buf, size_t n);
/* In words: "6 consecutive readings at target", "3 months at target". */
char *qip_sustain_describe(const struct qip_sustain *s, char *buf, size_t n);

/* One measured outcome reading (evidence not superseded, with a value). */
struct qip_reading {
	qip_date on;
	double value;
};

/* What the closure check needs beyond the action's facts: its outcome
 * readings, the categories of its outcome evidence, and who confirms. */
struct qip_closure_facts {
	const struct qip_reading *readings;   /* latest first */
	int reading_count;
	unsigned outcome_category_mask;       /* bit (1 << enum qip_category) per outcome category */
	struct qip_sustain sustain;
	const char *reviewer;                 /* NULL or "": none named */
	const char *reviewer_role;            /* the reviewer's role slug */
	bool reviewer_is_owner;
	bool one_source_reason;               /* the reviewer said why one source is enough */
};

/* Whether a person in this role (slug) may confirm a closure: a
 * registered manager, a quality lead or a nominated individual. */
bool qip_rules_may_confirm(const char *role);

/* How many readings, latest first, meet the target without a break; and
 * the date of the oldest of them (QIP_NO_DATE when none). */
int qip_rules_at_target_run(const struct qip_action_facts *a, const struct qip_closure_facts *c, qip_date *since);
/* Whether the run at target is long enough for the action's sustain. */
bool qip_rules_sustained(const struct qip_action_facts *a, const struct qip_closure_facts *c, qip_date today);

/* The closure check (domain rules 3, 4 and 5): every reason the action
 * may not close yet, one bit each. 0 means it may close. */
enum qip_closure {
	QIP_CLOSE_ALREADY_CLOSED = 1u << 0,
	QIP_CLOSE_UNOWNED = 1u << 1,
	QIP_CLOSE_NO_OUTCOME = 1u << 2,
	QIP_CLOSE_NO_VALUE = 1u << 3,
	QIP_CLOSE_TARGET_NOT_MET = 1u << 4,
	QIP_CLOSE_NO_TARGET = 1u << 5,
	QIP_CLOSE_OPEN_ESCALATION = 1u << 6,
	QIP_CLOSE_NOT_SUSTAINED = 1u << 7,
	QIP_CLOSE_ONE_SOURCE = 1u << 8,
	QIP_CLOSE_NO_REVIEWER = 1u << 9,
	QIP_CLOSE_REVIEWER_IS_OWNER = 1u << 10,
	QIP_CLOSE_REVIEWER_ROLE = 1u << 11,
};
#define QIP_CLOSE_COUNT 12
/* The reasons that concern the reviewer: a screen that shows the check
 * before anyone is named leaves these out. */
#define QIP_CLOSE_REVIEWER_REASONS (QIP_CLOSE_NO_REVIEWER | QIP_CLOSE_REVIEWER_IS_OWNER | QIP_CLOSE_REVIEWER_ROLE)
unsigned qip_rules_closure(const struct qip_action_facts *a, const struct qip_closure_facts *c, qip_date today);
/* Reason i of the closure check in general terms ("the latest measured
 * outcome is short of the target"). */
const char *qip_closure_text(int i);
/* Reason i for this action, with its numbers where the reason has any:
 * "the latest measured outcome, 84 %, is short of the target, 95 %",
 * "3 consecutive readings at target, 6 needed". unit is the target's
 * unit ("" for none). Returns buf. */
char *qip_closure_describe(int i, const struct qip_action_facts *a, const struct qip_closure_facts *c,
			   qip_date today, const char *unit, char *buf, size_t n);

/* Monitoring after closure (domain rule 6). */
enum qip_monitoring {
	QIP_MONITOR_NONE,        /* not in monitoring */
	QIP_MONITOR_WATCHING,    /* in its window, nothing has fallen */
	QIP_MONITOR_FELL,        /* the latest outcome, seen since the closure, is below target: reopen */
	QIP_MONITOR_SUSTAINED,   /* the window passed with no fall: closed and sustained */
};
int qip_rules_monitoring(const struct qip_action_facts *a, qip_date today);
/* The last day of the monitoring window of a closure confirmed on `closed`. */
qip_date qip_rules_monitor_until(int cadence, qip_date closed, int cycles);

/* Steps that open a form: whether one can succeed on the action at all,
 * asked before the form opens. A closed action is neither extended,
 * closed nor escalated; an action with an open escalation gets no second
 * one (that one goes up a level instead). Closing is also refused by the
 * closure check, whose reasons the close form lists. */
enum qip_step { QIP_STEP_EXTEND, QIP_STEP_CLOSE, QIP_STEP_ESCALATE };
/* true when the step may go ahead; false with the one reason in msg,
 * naming ref ("QIP-0001 is closed: reopen it before extending"). The
 * writes refuse with the same words. */
bool qip_rules_step_allowed(int step, const struct qip_action_facts *a, const char *ref, char *msg, size_t n);

/* Risk rating, likelihood x impact (1..25), and its band. */
int qip_risk_score(int likelihood, int impact);
const char *qip_risk_band(int score);   /* "low", "medium", "high", "extreme" */

#endif
