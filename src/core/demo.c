/* The demo provider: four services recovering after a poor CQC inspection,
 * built from the worked examples of the domain seeds (baselines, targets,
 * owners, evidence routes, review cadences, escalation triggers).
 *
 * Everything goes through the public core API with text exactly as a person
 * would type it, so the demo passes the same validation, closure checks and
 * history triggers as real use. The whole fill is one transaction.
 *
 * Dates: every day in the tables below counts from today (-30 is thirty days
 * ago), so the demo always looks current. The plan is *replayed* in date
 * order: before each event the database's "today" is set to the day it
 * happened, so actions are created, reviewed, extended, escalated, closed
 * and reopened on past days, exactly as if the plan had been kept for the
 * last three months. That is what makes the flags come out naturally: a
 * review date is the last review plus the cadence, staleness counts from
 * the last evidence, an extension is refused unless it moves the due date
 * later than the one at the time. The real today is restored at the end.
 *
 * Notes never name a month ("the January audit"): the demo is relative to
 * whatever today is. */
#include "qip/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qip/action.h"
#include "qip/audit.h"
#include "qip/text.h"
#include "qip/escalation.h"
#include "qip/escalation_rules.h"
#include "qip/evidence.h"
#include "qip/meeting.h"
#include "qip/person.h"
#include "qip/service.h"
#include "qip/vocab.h"

/* ---- the provider ------------------------------------------------------ */

#define OAKFIELD "Oakfield House"
#define RIVERSIDE "Riverside Nursing Home"
#define BEECH "Beech Court Supported Living"
#define MEADOWBANK "Meadowbank Home Care"

static const struct {
	const char *name, *kind;
} services[] = {
	{ OAKFIELD, "care-home" },          /* the service inspected: most actions */
	{ RIVERSIDE, "nursing-home" },
	{ BEECH, "supported-living" },
	{ MEADOWBANK, "domiciliary" },
};

/* The roles of domain.md. Logins are Unix account names on the provider's
 * server; the one that equals the account running the demo is left out, so
 * the demo never hands anyone else's identity to the person running it. */
static const struct {
	const char *name, *role, *login, *service;
} people[] = {
	{ "Sarah Jones", "registered-manager", "sjones", OAKFIELD },
	{ "Daniel Mensah", "registered-manager", "dmensah", RIVERSIDE },
	{ "Zoë Okafor", "registered-manager", "zokafor", BEECH },
	{ "Lena Kowalczyk", "registered-manager", "lkowalczyk", MEADOWBANK },
	{ "Priya Shah", "deputy-manager", "pshah", OAKFIELD },
	{ "José Ferreira", "team-leader", "jferreira", BEECH },
	{ "Grace Whitfield", "senior-carer", "gwhitfield", OAKFIELD },
	{ "Aisha Rahman", "medicines-lead", "arahman", NULL },
	{ "Helen Carter", "safeguarding-lead", "hcarter", NULL },
	{ "Megan Lloyd", "nutrition-lead", "mlloyd", RIVERSIDE },
	{ "Tom Bradley", "maintenance-lead", "tbradley", OAKFIELD },
	{ "Kwame Asante", "maintenance-lead", "kasante", RIVERSIDE },
	{ "Farah Iqbal", "ipc-lead", "fiqbal", OAKFIELD },
	{ "Ruth Adeyemi", "quality-lead", "radeyemi", NULL },
	{ "Michael O'Brien", "nominated-individual", "mobrien", NULL },
	{ "Anne Whitaker", "board-member", "awhitaker", NULL },
};

/* Seed 004: environmental actions passed between staff with nobody
 * accountable. The maintenance lead leaves part-way through the plan and
 * his open fire-safety actions show as unowned until someone takes them. */
#define LEAVER "Tom Bradley"
#define LEAVER_LEFT (-21)

/* ---- the plan ---------------------------------------------------------- */

enum op {
	OP_END,        /* ends an action's steps */
	OP_EVIDENCE,   /* kind, category, value, source, text = note */
	OP_CORRECT,    /* the same, superseding the action's latest entry */
	OP_STATUS,     /* what = in-progress | monitoring */
	OP_ASSIGN,     /* who = the new owner */
	OP_EXTEND,     /* n = new due day, text = reason */
	OP_REVIEW,     /* what = keep-open | reframe, text = reason */
	OP_CLOSE,      /* text = reason (the closure check must pass) */
	OP_REOPEN,     /* text = reason */
	OP_ESCALATE,   /* n = level, what = reason, who = assigned to, text = note */
	OP_RAISE,      /* the action's latest escalation up a level: who, text */
	OP_RESOLVE,    /* the action's latest escalation: text = decision */
};

struct step {
	int day;                 /* days from today: 0 today, -7 a week ago */
	enum op op;
	const char *kind, *category, *value, *source;
	const char *what, *who, *text;
	int n;
};

#define ACT(d, cat, src, note) \
	{ d, OP_EVIDENCE, .kind = "activity", .category = cat, .source = src, .text = note }
#define OUT(d, cat, val, src, note) \
	{ d, OP_EVIDENCE, .kind = "outcome", .category = cat, .value = val, .source = src, .text = note }
#define FIX(d, cat, val, src, note) \
	{ d, OP_CORRECT, .kind = "outcome", .category = cat, .value = val, .source = src, .text = note }
#define STATUS(d, s) { d, OP_STATUS, .what = s }
#define ASSIGN(d, person) { d, OP_ASSIGN, .who = person }
#define EXTEND(d, new_due, why) { d, OP_EXTEND, .n = new_due, .text = why }
#define REVIEW(d, decision, why) { d, OP_REVIEW, .what = decision, .text = why }
#define CLOSE(d, why) { d, OP_CLOSE, .text = why }
#define REOPEN(d, why) { d, OP_REOPEN, .text = why }
#define ESCALATE(d, level, reason, person, note) \
	{ d, OP_ESCALATE, .n = level, .what = reason, .who = person, .text = note }
#define RAISE(d, person, note) { d, OP_RAISE, .who = person, .text = note }
#define RESOLVE(d, decision) { d, OP_RESOLVE, .text = decision }

#define MAX_STEPS 14

/* One improvement action as it was typed when added (days from today
 * instead of dates), then what happened to it, in date order. */
struct demo_action {
	int created;
	const char *service, *title, *owner, *supporters;
	const char *baseline, *outcome, *target, *unit, *direction;
	int target_date, due;
	const char *cadence, *evidence, *area, *key_question, *statements;
	const char *risk, *source, *source_ref;
	struct step steps[MAX_STEPS];
};

/* Each entry's comment says which seed example it comes from and, on its
 * last line, the status and flags it shows today (tests/cli/demo_test.sh
 * checks that together they cover every status and every flag). */
static const struct demo_action actions[] = {
/* Seeds 000 ex3 and 002 ex1: the MAR audit climbs 72 -> 84 -> 96 %, one
 * entry mis-keyed and corrected; in monitoring for two governance cycles.
 * Today: monitoring, no flags. */
{
	.created = -90, .service = OAKFIELD,
	.title = "MAR charts signed or coded with no gaps",
	.owner = "Aisha Rahman", .supporters = "Priya Shah, Grace Whitfield",
	.baseline = "Inspection found gaps on medication administration records: the baseline audit of 10 residents' MAR charts had 72% fully signed or coded, with gaps clustered on the teatime round and 3 missed-dose incidents in the month before.",
	.outcome = "95% of sampled MAR charts fully signed or coded, sustained for three monthly audits, with no missed-dose incidents.",
	.target = "95", .unit = "%", .target_date = 30, .due = 30, .cadence = "monthly",
	.evidence = "Monthly MAR audit (medicines lead), observed medicines rounds, missed-dose incidents, residents' feedback.",
	.area = "medicines", .key_question = "safe", .statements = "medicines-optimisation",
	.risk = "4x4", .source = "inspection", .source_ref = "CQC inspection report: Safe, medicines",
	.steps = {
		OUT(-88, "processes", "72", "MAR file", "Baseline MAR audit, 10 residents: 72% of charts fully signed or coded. Gaps mostly on the teatime round; two refusals not coded."),
		ACT(-80, "staff", "training records", "Medicines refresher delivered to 14 of 16 senior carers; competency sign-off booked for the other two."),
		STATUS(-80, "in-progress"),
		REVIEW(-60, "keep-open", "Training done but no re-audit yet: activity does not prove impact. Keep open until the next MAR audit."),
		OUT(-56, "processes", "48", "MAR file", "Monthly MAR re-audit, 10 residents."),
		FIX(-55, "processes", "84", "MAR file", "Correction: the re-audit score was keyed as 48%; the audit sheet shows 84% (42 of 50 doses checked signed or coded)."),
		OUT(-42, "observation", NULL, "practice observation record", "Deputy manager observed two teatime rounds: charts signed at the point of administration and refusals coded."),
		REVIEW(-30, "keep-open", "84% is short of the 95% target and the teatime round is still the gap. Keep open; senior carers to spot-check charts weekly."),
		OUT(-12, "processes", "96", "MAR file", "Monthly MAR audit: 96% of charts fully signed or coded; no gaps on the teatime round."),
		OUT(-11, "people", NULL, "residents' meeting notes", "Two residents said their evening medicines now come on time."),
		CLOSE(-10, "Target met (96%), confirmed at the governance meeting. In monitoring: two more monthly audits at or above 95%, so the theme stays visible for two governance cycles."),
	},
},
/* Seed 003 ex1: hydration monitoring, 95% within eight weeks; the night
 * shift is the gap.
 * Today: in-progress, due-soon, target-not-met. */
{
	.created = -49, .service = RIVERSIDE,
	.title = "Hydration charts complete and low intake escalated the same day",
	.owner = "Megan Lloyd", .supporters = "Daniel Mensah",
	.baseline = "Hydration charts for the 12 residents at risk of dehydration were complete on 61% of days; intakes below 1,000 ml by 16:00 were escalated the same day in 3 of 11 cases.",
	.outcome = "95% complete monitoring and timely escalation within eight weeks: every chart totalled and signed daily, every low intake escalated the same day.",
	.target = "95", .unit = "%", .target_date = 7, .due = 5, .cadence = "fortnightly",
	.evidence = "Weekly hydration chart audit (nutrition lead), escalation notes in the daily management log, people's feedback on drinks, senior carer shift checks.",
	.area = "nutrition-and-hydration", .key_question = "effective",
	.statements = "assessing-needs, delivering-evidence-based-care-and-treatment",
	.risk = "4x4", .source = "audit", .source_ref = "Hydration chart audit",
	.steps = {
		OUT(-47, "processes", "61", "hydration charts", "Baseline audit of 12 at-risk residents over 14 days: charts complete on 61% of days; 8 low intakes not escalated."),
		ACT(-42, "staff", "daily management log", "Escalation threshold agreed with the nurses: below 1,000 ml by 16:00 goes to the nurse in charge the same day."),
		STATUS(-42, "in-progress"),
		REVIEW(-35, "keep-open", "Standard agreed and owner named; no outcome evidence yet."),
		ACT(-28, "processes", "daily management log", "Senior carer checks of hydration charts started on every shift; gaps chased before handover."),
		OUT(-21, "processes", "82", "hydration charts", "Weekly audit: 82% of charts complete; two low intakes escalated the same day."),
		REVIEW(-21, "keep-open", "82% against 95%: improving. Keep open, weekly audit continues."),
		OUT(-14, "people", NULL, "care review notes", "Key workers asked 9 residents about drink preferences; flavoured water and jelly pots added to 4 care plans."),
		OUT(-6, "processes", "88", "hydration charts", "Weekly audit: 88% complete; one low intake on the night shift not escalated until the morning."),
		REVIEW(-6, "keep-open", "88% against 95%: the night shift is the gap. Keep open; nurse in charge to check charts at 02:00."),
	},
},
/* Seed 001 ex1: safeguarding records in supported living, 100% target.
 * Closed on outcome evidence from four categories after a resolved
 * level-1 escalation.
 * Today: closed, no flags. */
{
	.created = -70, .service = BEECH,
	.title = "Safeguarding records show concern, decision and outcome review",
	.owner = "Zoë Okafor", .supporters = "Helen Carter, José Ferreira",
	.baseline = "Safeguarding audit of the 12 concerns logged in the last quarter: 55% recorded the concern, the management decision, the escalation route and an outcome review; the rest had vague timelines and no rationale for not referring.",
	.outcome = "100% of safeguarding records show the concern, action taken, escalation decision with rationale and an outcome review within agreed timescales.",
	.target = "100", .unit = "%", .target_date = -7, .due = -5, .cadence = "weekly",
	.evidence = "Safeguarding log and screening tracker, referral decisions, fortnightly samples of staff recording, local authority feedback.",
	.area = "safeguarding", .key_question = "safe", .statements = "safeguarding, learning-culture",
	.risk = "4x5", .source = "audit", .source_ref = "Safeguarding records audit",
	.steps = {
		OUT(-68, "processes", "55", "safeguarding log", "Baseline: 6 of 11 records complete with concern, decision, route and outcome review."),
		ACT(-62, "staff", "safeguarding oversight tracker", "Team leader now screens all daily notes each morning; 3 entries flagged in the first week and reviewed by the registered manager the same day."),
		STATUS(-62, "in-progress"),
		ESCALATE(-40, 1, "weak-evidence", "Zoë Okafor", "Records still lack the rationale for not referring; no sample since the screening started."),
		OUT(-35, "processes", "80", "safeguarding log", "Fortnightly sample: 8 of 10 records complete; two lacked the outcome review."),
		ACT(-30, "staff", "supervision notes", "Recording coaching in supervision for 6 support workers; handover prompt added for times and who was told."),
		RESOLVE(-28, "Coaching and handover prompts in place and the registered manager samples weekly: resolved by the registered manager."),
		OUT(-21, "observation", NULL, "staff practice observation", "Deputy observed two handovers: concerns described factually, with times and who was told."),
		OUT(-14, "partners", NULL, "local authority safeguarding team email", "Local authority safeguarding adviser says recent referrals from Beech Court are clear and timely."),
		OUT(-9, "processes", "100", "safeguarding log", "Sample of all 7 concerns in the last four weeks: every record shows concern, action, decision with rationale and outcome review."),
		OUT(-8, "people", NULL, "tenants' meeting notes", "All five tenants at the meeting said they know who to tell if they feel unsafe."),
		CLOSE(-5, "100% in the latest sample, confirmed by local authority feedback and observed handovers. Closed at the governance meeting; the theme stays on the agenda for two cycles."),
	},
},
/* Seed 001 ex2 and rule 6: incident learning closed at 96%, then a
 * re-audit within two cycles fell to 78%: reopened, extended once,
 * escalated to the provider quality lead for recurrence.
 * Today: reopened, target-not-met. */
{
	.created = -84, .service = OAKFIELD,
	.title = "Incidents reviewed within five working days and learning checked",
	.owner = "Sarah Jones", .supporters = "Priya Shah, Grace Whitfield",
	.baseline = "Incidents were recorded but learning was not shared: 12 of 25 incidents (48%) in the quarter before inspection were reviewed within five working days, and repeat falls had the same causes.",
	.outcome = "95% of incidents reviewed within five working days, with learning actions checked at the next governance meeting.",
	.target = "95", .unit = "%", .target_date = -42, .due = -42, .cadence = "monthly",
	.evidence = "Review dates in the incident system, handover file, practice observation audit, quality improvement dashboard.",
	.area = "incidents-and-learning", .key_question = "safe", .statements = "learning-culture",
	.risk = "3x4", .source = "inspection", .source_ref = "CQC inspection report: Safe, learning from incidents",
	.steps = {
		OUT(-82, "processes", "48", "incident system", "Baseline: 12 of 25 incidents reviewed within five working days."),
		ACT(-75, "staff", "handover file", "Learning from each incident shared at the next handover; attendance and key messages recorded."),
		STATUS(-75, "in-progress"),
		OUT(-60, "processes", "91", "incident system", "Monthly check: 21 of 23 incidents reviewed within five working days."),
		OUT(-45, "processes", "96", "incident system", "Monthly check: 23 of 24 incidents reviewed within five working days."),
		OUT(-44, "observation", NULL, "practice observation audit", "Care lead observed the changed moving and handling practice agreed after a fall: used by day staff."),
		CLOSE(-38, "96% reviewed within five working days and the changed practice observed. Closed; kept on the agenda for two governance cycles."),
		OUT(-7, "processes", "78", "incident system", "Re-audit after closure: 14 of 18 incidents reviewed in time; night-shift incidents waited up to 9 days."),
		OUT(-7, "staff", NULL, "supervision notes", "Night staff were unaware of the falls guidance shared at day handovers."),
		/* The 78 % reading reopens it: it is in monitoring (domain rule 6). */
		EXTEND(-6, 24, "New date for embedding learning on nights: a 20:00 handover and a night-shift incident review rota."),
		ESCALATE(-5, 2, "recurring", "Michael O'Brien", "The same finding returned within two cycles of closure: the nominated individual to review night-shift oversight."),
	},
},
/* Seed 001 ex3: monthly provider oversight visits. Evidence only from
 * visit reports (single category) and short of every service monthly;
 * a board escalation about missed visits was resolved.
 * Today: in-progress, single-category, target-not-met. */
{
	.created = -72, .service = NULL,
	.title = "Monthly provider oversight visit to every service",
	.owner = "Michael O'Brien", .supporters = "Ruth Adeyemi",
	.baseline = "Provider quality visits were irregular: 5 visits across four services in six months, and visit notes did not challenge poor audit results.",
	.outcome = "Every service has a monthly provider oversight visit with clear findings, actions, named owners and follow-up evidence.",
	.target = "100", .unit = "%", .target_date = 60, .due = 60, .cadence = "quarterly",
	.evidence = "Provider visit reports, action tracker updates after each visit, board governance minutes.",
	.area = "governance", .key_question = "well-led", .statements = "governance-management-and-sustainability",
	.risk = "3x4", .source = "provider-visit", .source_ref = "Board quality committee",
	.steps = {
		ACT(-60, "processes", "provider visit report", "Visits completed at Oakfield House and Riverside; findings logged on the visit template."),
		STATUS(-60, "in-progress"),
		ESCALATE(-33, 3, "missed-check", "Anne Whitaker", "Visits missed at Beech Court and Meadowbank for a second month: board asked to confirm oversight capacity."),
		ACT(-30, "processes", "provider visit report", "Visits at Oakfield House and Riverside only this month."),
		RESOLVE(-19, "Board agreed a fixed monthly visit calendar; the provider quality lead covers any visit the nominated individual cannot make."),
		OUT(-3, "processes", "75", "provider visit report", "This month 3 of 4 services visited with findings, owners and follow-up; Meadowbank visit rescheduled."),
	},
},
/* Seed 000 ex1: care plans rewritten without checking outcomes. Activity
 * only, nothing for weeks: stale, no outcome, single category, due soon;
 * reframed at review.
 * Today: in-progress, due-soon, stale, no-outcome, single-category. */
{
	.created = -80, .service = OAKFIELD,
	.title = "Care plans match daily records and observed practice",
	.owner = "Priya Shah", .supporters = "Grace Whitfield",
	.baseline = "All 32 care plans were rewritten after the inspection, but nobody checked whether support changed: in a sample of 8, daily notes did not match the plan for 5 people.",
	.outcome = "90% alignment between care plans, daily records, feedback and observed practice within twelve weeks.",
	.target = "90", .unit = "%", .target_date = 4, .due = 4, .cadence = "monthly",
	.evidence = "Care plan audit against daily notes, feedback from people and representatives, observation of care routines linked to changed plans.",
	.area = "care-planning", .key_question = "responsive", .statements = "person-centred-care, assessing-needs",
	.risk = "3x3", .source = "inspection", .source_ref = "CQC inspection report: Responsive",
	.steps = {
		ACT(-70, "processes", "care plan files", "14 care plans rewritten in the new person-centred format."),
		STATUS(-70, "in-progress"),
		ACT(-50, "processes", "care plan files", "All 32 care plans rewritten and signed off by the deputy manager."),
		REVIEW(-24, "reframe", "Rewritten plans show activity, not impact: reframed so the measure is alignment of plans with daily notes, feedback and observed practice."),
	},
},
/* Seed 000 ex2: training done, escalation not faster. Overdue, review
 * overdue, stale, target not met; open level-1 escalation.
 * Today: in-progress, overdue, review-overdue, stale, target-not-met. */
{
	.created = -70, .service = RIVERSIDE,
	.title = "Safeguarding and incident concerns escalated on the same shift",
	.owner = "Helen Carter", .supporters = "Daniel Mensah",
	.baseline = "All staff completed safeguarding and incident reporting training, yet in a sample of 20 records only 60% were escalated on the same shift with a clear rationale.",
	.outcome = "95% timely escalation across sampled safeguarding and incident records within ten weeks.",
	.target = "95", .unit = "%", .target_date = 0, .due = -7, .cadence = "monthly",
	.evidence = "Concern logs, incident reviews, supervision scenario responses, audit of escalation timing.",
	.area = "safeguarding", .key_question = "safe", .statements = "safeguarding, learning-culture",
	.risk = "4x4", .source = "incident", .source_ref = "Delayed referral: unexplained bruising",
	.steps = {
		OUT(-68, "processes", "60", "incident system", "Baseline sample: 12 of 20 records escalated on the same shift with a rationale."),
		ACT(-60, "staff", "training records", "Safeguarding refresher: 41 of 43 staff attended."),
		STATUS(-60, "in-progress"),
		ACT(-45, "staff", "supervision notes", "Threshold scenarios tested in supervision: 9 of 15 staff unsure when bruising needs a referral."),
		REVIEW(-40, "keep-open", "Training complete but scenarios show weak threshold recognition: keep open, targeted coaching for night staff."),
		OUT(-35, "processes", "70", "incident system", "Re-audit: 14 of 20 records escalated on the same shift."),
		ESCALATE(-4, 1, "overdue", "Daniel Mensah", "Past its due date, no audit for five weeks and the review was missed."),
	},
},
/* Seed 000 ex3: medicines audit scores up, recurrence not down. A count
 * that should fall (at most 2 a month): still 3.
 * Today: in-progress, target-not-met. */
{
	.created = -75, .service = OAKFIELD,
	.title = "Stock discrepancies and MAR corrections stop recurring",
	.owner = "Aisha Rahman", .supporters = "Priya Shah",
	.baseline = "Medicines audit scores rose, but stock-count discrepancies and MAR corrections kept recurring: 9 stock discrepancies in the month before the plan, most on boxed paracetamol and laxatives.",
	.outcome = "Three months of reduced recurrence: no more than 2 stock discrepancies a month, alongside 95% sustained medicines compliance.",
	.target = "2", .unit = "per month", .direction = "at-most", .target_date = 15, .due = 45,
	.cadence = "monthly",
	.evidence = "Stock records and MAR corrections log in the medication assurance file, observed medicines rounds, medicines incidents.",
	.area = "medicines", .key_question = "safe", .statements = "medicines-optimisation",
	.risk = "3x4", .source = "audit", .source_ref = "Medicines audit",
	.steps = {
		OUT(-70, "outcomes", "9", "medication assurance file", "Baseline month: 9 stock discrepancies."),
		ACT(-60, "processes", "medication assurance file", "Senior staff now count carried-forward stock at each weekly order and log any MAR correction."),
		STATUS(-60, "in-progress"),
		OUT(-45, "outcomes", "5", "medication assurance file", "Last month: 5 stock discrepancies."),
		REVIEW(-45, "keep-open", "Down from 9 to 5 but above the limit of 2: keep open, enhanced oversight continues."),
		OUT(-25, "observation", NULL, "medicines round observation", "Deputy observed three rounds: stock counted and carried forward correctly; one MAR correction not initialled."),
		OUT(-14, "outcomes", "3", "medication assurance file", "Last month: 3 stock discrepancies."),
		REVIEW(-14, "keep-open", "3 against at most 2: one more month of enhanced oversight before reducing it."),
	},
},
/* Seed 004 ex3: fire doors. Owned by the maintenance lead who left;
 * extended twice, overdue, never reviewed; escalated to level 2.
 * Today: in-progress, overdue, unowned, review-overdue, target-not-met, extended. */
{
	.created = -77, .service = OAKFIELD,
	.title = "Fire doors close fully and are never wedged open",
	.owner = LEAVER, .supporters = "Priya Shah",
	.baseline = "Environmental checks found 4 of 10 fire doors failing to close fully and two wedged open on the first floor; the repairs were passed between staff with nobody accountable.",
	.outcome = "95% of environmental safety actions completed on time and verified on walkaround, with every fire door closing fully on its weekly check.",
	.target = "95", .unit = "%", .target_date = -7, .due = -35, .cadence = "monthly",
	.evidence = "Completion records in the maintenance file, weekly walkaround verification by the deputy manager, weekly fire door checks.",
	.area = "premises-and-fire-safety", .key_question = "safe", .statements = "safe-environments",
	.risk = "4x5", .source = "audit", .source_ref = "Fire safety walkaround",
	.steps = {
		ACT(-70, "processes", "maintenance file", "Repair requests raised with the contractor for 4 door closers."),
		ACT(-50, "processes", "maintenance file", "Contractor visit booked; door wedges removed and staff reminded."),
		STATUS(-50, "in-progress"),
		EXTEND(-36, -14, "The contractor cannot supply closers for three weeks; hourly checks of first-floor doors meanwhile."),
		OUT(-25, "observation", "70", "walkaround record", "Walkaround: 7 of 10 fire doors close fully; two new closers fitted but not adjusted."),
		EXTEND(-15, -2, "Closers fitted but two doors still fail the drop test; contractor returning."),
		ESCALATE(-12, 1, "unowned", "Sarah Jones", "The maintenance lead has left; the fire door action has no owner."),
		RAISE(-8, "Michael O'Brien", "Still unowned and now past its second extended date; the contractor needs provider authority to spend. Raised to the nominated individual."),
	},
},
/* Seed 004 ex3: call bells, also the leaver's. Nothing recorded since it
 * was added: unowned, stale, review overdue, no outcome.
 * Today: open, unowned, review-overdue, stale, no-outcome. */
{
	.created = -50, .service = OAKFIELD,
	.title = "Call bells working and within reach in every room",
	.owner = LEAVER,
	.baseline = "Call bell check found 5 of 32 bedroom call bells out of reach of the person in bed, and the lounge call point faulty.",
	.outcome = "100% of call bells working and within reach on the weekly check, for eight weeks.",
	.target = "100", .unit = "%", .target_date = 20, .due = 20, .cadence = "monthly",
	.evidence = "Weekly call bell check sheet, night walkaround record, residents' feedback on response times.",
	.area = "premises-and-fire-safety", .key_question = "safe", .statements = "safe-environments",
	.risk = "3x4", .source = "audit", .source_ref = "Environmental audit",
},
/* Seed 004: agreed at a meeting, nobody named. No owner at all, review
 * overdue, no outcome; escalated to the registered manager.
 * Today: open, unowned, review-overdue, no-outcome. */
{
	.created = -12, .service = OAKFIELD,
	.title = "Escape routes clear of hoists and wheelchairs",
	.owner = NULL,
	.baseline = "Two hoists and a wheelchair are stored in the first-floor corridor, narrowing the escape route; raised at the governance meeting but no owner named.",
	.outcome = "Escape routes clear on 100% of daily walkarounds, with equipment kept in the new store room.",
	.target = "100", .unit = "%", .target_date = 9, .due = 9, .cadence = "weekly",
	.evidence = "Daily walkaround log, fire risk assessment review.",
	.area = "premises-and-fire-safety", .key_question = "safe", .statements = "safe-environments",
	.risk = "3x4", .source = "meeting", .source_ref = "Governance meeting",
	.steps = {
		ESCALATE(-11, 1, "unowned", "Sarah Jones", "Agreed at the governance meeting with no named owner: registered manager to assign one."),
	},
},
/* Seed 004 ex2: complaints learning without owners, 70% fewer repeat
 * themes in four months; 57% so far.
 * Today: in-progress, target-not-met. */
{
	.created = -60, .service = MEADOWBANK,
	.title = "Complaint learning owned and repeat complaint themes reduced",
	.owner = "Lena Kowalczyk", .supporters = "Ruth Adeyemi",
	.baseline = "Complaints were answered but learning had no owner: 7 repeat complaint themes in the last quarter, mostly families not told when a visit would be late or missed.",
	.outcome = "70% fewer repeat complaint themes within four months, each learning action owned by a named team lead.",
	.target = "70", .unit = "% fewer", .target_date = 60, .due = 60, .cadence = "monthly",
	.evidence = "Complaints recovery tracker, team meeting minutes, monthly feedback report, care record samples linked to complaint themes.",
	.area = "complaints-and-feedback", .key_question = "responsive", .statements = "listening-to-and-involving-people",
	.risk = "3x3", .source = "complaint", .source_ref = "Quarterly complaints review",
	.steps = {
		ACT(-50, "processes", "complaints recovery tracker", "Each of the 7 themes allocated to a named team lead with an evidence requirement and a review date."),
		STATUS(-50, "in-progress"),
		ACT(-40, "staff", "team meeting minutes", "Complaint learning shared at both team meetings: the office rings families when a visit will be over 30 minutes late."),
		OUT(-30, "people", "43", "monthly feedback report", "Last month 4 repeat themes against 7 at baseline (43% fewer)."),
		ESCALATE(-29, 1, "weak-evidence", "Lena Kowalczyk", "Progress rests on complaint counts alone: add feedback from families and record samples."),
		OUT(-22, "people", NULL, "family feedback calls", "Six families called: four said the office now rings when carers are running late."),
		RESOLVE(-21, "Family feedback calls added to the monthly sample; the registered manager reports both measures."),
		REVIEW(-20, "keep-open", "43% fewer repeat themes against 70%: keep open, monthly feedback calls continue."),
		OUT(-4, "people", "57", "monthly feedback report", "Last month 3 repeat themes against 7 at baseline (57% fewer)."),
	},
},
/* Seed 001 ex3 and rule 10: governance minutes that show challenge.
 * Target met at two meetings running.
 * Today: monitoring, no flags. */
{
	.created = -84, .service = NULL,
	.title = "Governance minutes record a decision for every action",
	.owner = "Ruth Adeyemi", .supporters = "Michael O'Brien",
	.baseline = "Governance minutes recorded updates, not challenge: none of the last 6 sets of minutes recorded a decision (close, extend, escalate) per action.",
	.outcome = "100% of actions due at each governance meeting have a recorded decision with who decided and why.",
	.target = "100", .unit = "%", .target_date = 14, .due = 14, .cadence = "monthly",
	.evidence = "Governance minutes, action tracker, commissioner and staff feedback on the meetings.",
	.area = "governance", .key_question = "well-led",
	.statements = "governance-management-and-sustainability, learning-culture",
	.risk = "3x4", .source = "inspection", .source_ref = "CQC inspection report: Well-led",
	.steps = {
		ACT(-80, "processes", "governance minutes", "New minutes template with a decision, who and why column per action."),
		STATUS(-80, "in-progress"),
		OUT(-56, "processes", "70", "governance minutes", "Governance meeting: 14 of 20 actions have a recorded decision."),
		OUT(-28, "processes", "100", "governance minutes", "Governance meeting: all 22 actions have a decision with a reason."),
		OUT(-27, "staff", NULL, "registered managers' feedback", "Registered managers say the meeting now challenges them on evidence, not just updates."),
		OUT(-26, "partners", NULL, "commissioner quality monitoring notes", "Commissioner notes clearer action decisions in the latest minutes."),
		CLOSE(-21, "Target met at two meetings running, confirmed by the nominated individual: monitoring for two governance cycles."),
		OUT(-1, "processes", "100", "governance minutes", "Governance meeting: all 24 actions have a decision with a reason."),
	},
},
/* Staff supervision (rule 8 cadence, seed 002 "delayed supervision").
 * Extended once, now overdue at 86%; level-1 escalation open.
 * Today: in-progress, overdue, target-not-met. */
{
	.created = -84, .service = OAKFIELD,
	.title = "Care staff supervised every eight weeks with practice discussed",
	.owner = "Priya Shah", .supporters = "Sarah Jones",
	.baseline = "Supervision matrix: 58% of care staff supervised in the last eight weeks, and supervision notes were generic, with no discussion of practice.",
	.outcome = "90% of care staff supervised every eight weeks, each record discussing one piece of changed practice.",
	.target = "90", .unit = "%", .target_date = -31, .due = -31, .cadence = "monthly",
	.evidence = "Supervision matrix, sample of supervision notes, staff feedback.",
	.area = "workforce", .key_question = "safe", .statements = "safe-and-effective-staffing",
	.risk = "3x3", .source = "inspection", .source_ref = "CQC inspection report: Safe, staffing",
	.steps = {
		OUT(-82, "processes", "58", "supervision matrix", "Baseline: 23 of 40 care staff supervised in the last eight weeks."),
		ACT(-70, "staff", "supervision notes", "Supervision template now covers medicines, safeguarding and falls learning."),
		STATUS(-70, "in-progress"),
		OUT(-50, "processes", "74", "supervision matrix", "29 of 39 care staff supervised in the last eight weeks."),
		REVIEW(-50, "keep-open", "74% against 90%: keep open; senior carers to take on supervisions."),
		EXTEND(-31, -3, "Two senior carers on long-term sick leave; supervisions reallocated to the deputy and team leaders."),
		OUT(-20, "processes", "86", "supervision matrix", "34 of 39 care staff supervised in the last eight weeks."),
		REVIEW(-20, "keep-open", "86% against 90%: close to target. Extended once; any further extension goes to the nominated individual."),
		OUT(-15, "staff", NULL, "staff survey", "Staff say supervision now covers their practice, not only attendance and leave."),
		ESCALATE(-1, 1, "overdue", "Sarah Jones", "Due date passed at 86%: decide on support or escalation, not another quiet extension."),
	},
},
/* Pressure care at the nursing home: closed at 97% with the tissue
 * viability nurse's confirmation.
 * Today: closed, no flags. */
{
	.created = -63, .service = RIVERSIDE,
	.title = "Repositioning charts completed at the prescribed interval",
	.owner = "Daniel Mensah", .supporters = "Aisha Rahman",
	.baseline = "Repositioning charts for 14 people at high risk of pressure damage were completed at the prescribed interval 66% of the time; two new grade 2 pressure ulcers in the month before.",
	.outcome = "95% of repositioning charts completed at the prescribed interval, with no new avoidable pressure damage.",
	.target = "95", .unit = "%", .target_date = -7, .due = -7, .cadence = "weekly",
	.evidence = "Repositioning chart audit, wound care records, nurse observation, tissue viability nurse feedback.",
	.area = "skin-integrity", .key_question = "effective", .statements = "delivering-evidence-based-care-and-treatment",
	.risk = "4x4", .source = "audit", .source_ref = "Skin integrity audit",
	.steps = {
		OUT(-61, "processes", "66", "repositioning charts", "Baseline audit of 14 people over two weeks: 66% of turns recorded at the prescribed interval."),
		ACT(-55, "staff", "training records", "Tissue viability nurse trained 22 care staff on repositioning and skin checks."),
		STATUS(-55, "in-progress"),
		OUT(-40, "processes", "85", "repositioning charts", "Re-audit: 85% at the prescribed interval."),
		OUT(-21, "observation", NULL, "nurse observation record", "Nurse observed night repositioning for 4 people: done on time and recorded at the bedside."),
		OUT(-17, "processes", "97", "repositioning charts", "Four-week audit: 97% of turns at the prescribed interval."),
		OUT(-16, "partners", NULL, "tissue viability nurse letter", "Tissue viability review: no new pressure damage for six weeks; charts reflect the care seen."),
		/* Weekly reviews: its two-cycle monitoring window has passed with
		 * no fall, so it shows closed and sustained. */
		CLOSE(-16, "97% over four weeks and no new avoidable pressure damage, confirmed by the tissue viability nurse."),
	},
},
/* Seed 002: rising falls as an early warning sign. A count that should
 * fall: 11 -> 8 -> 4 -> 5, at most 5.
 * Today: monitoring, due-soon. */
{
	.created = -80, .service = RIVERSIDE,
	.title = "Falls reduced, with every repeat faller reviewed within 72 hours",
	.owner = "Daniel Mensah", .supporters = "Ruth Adeyemi",
	.baseline = "11 falls in the month before the plan; 4 people fell repeatedly with no post-fall review or change to their risk assessment.",
	.outcome = "At most 5 falls a month for three months, with every repeat faller reviewed within 72 hours.",
	.target = "5", .unit = "falls a month", .direction = "at-most", .target_date = 6, .due = 6,
	.cadence = "monthly",
	.evidence = "Falls log, post-fall reviews, updated risk assessments, community falls team feedback.",
	.area = "falls", .key_question = "safe", .statements = "involving-people-to-manage-risks, assessing-needs",
	.risk = "4x4", .source = "incident", .source_ref = "Falls log review",
	.steps = {
		OUT(-78, "outcomes", "11", "falls log", "Baseline month: 11 falls, 4 people falling repeatedly."),
		ACT(-70, "processes", "post-fall review forms", "Post-fall huddle and a 72-hour review introduced for every fall."),
		STATUS(-70, "in-progress"),
		OUT(-50, "outcomes", "8", "falls log", "Last month: 8 falls."),
		OUT(-40, "partners", NULL, "falls clinic letter", "Community falls team reviewed the 4 repeat fallers; two medication reviews requested from the GP."),
		OUT(-20, "outcomes", "4", "falls log", "Last month: 4 falls, none by a repeat faller."),
		CLOSE(-18, "4 falls against at most 5, confirmed with the falls team's letter: monitoring for two more months."),
		OUT(-2, "outcomes", "5", "falls log", "Last month: 5 falls; every one reviewed within 72 hours."),
	},
},
/* Infection prevention and control: closed after two months at target.
 * Today: closed, no flags. */
{
	.created = -77, .service = OAKFIELD,
	.title = "Infection prevention and control audit at 95% for two months",
	.owner = "Grace Whitfield", .supporters = "Priya Shah",
	.baseline = "IPC audit scored 71%: commodes not cleaned between uses, two PPE stations empty and the sluice room door propped open.",
	.outcome = "95% on the monthly IPC audit for two consecutive months, with PPE stations stocked on every check.",
	.target = "95", .unit = "%", .target_date = -14, .due = -14, .cadence = "monthly",
	.evidence = "Monthly IPC audit, cleaning schedules, hand hygiene observations, residents' feedback.",
	.area = "infection-control", .key_question = "safe", .statements = "infection-prevention-and-control",
	.risk = "3x4", .source = "inspection", .source_ref = "CQC inspection report: Safe, IPC",
	.steps = {
		OUT(-75, "processes", "71", "IPC audit", "Baseline IPC audit: 71%."),
		ACT(-68, "processes", "cleaning schedules", "Night cleaning schedule for commodes; PPE station check added to the daily walkaround."),
		STATUS(-68, "in-progress"),
		OUT(-60, "processes", "84", "IPC audit", "Monthly IPC audit: 84%."),
		OUT(-47, "processes", "95", "IPC audit", "Monthly IPC audit: 95%."),
		OUT(-40, "observation", NULL, "hand hygiene observation", "Hand hygiene observed at 20 opportunities: 19 correct."),
		OUT(-19, "processes", "96", "IPC audit", "Monthly IPC audit: 96%, the second month at or above 95%."),
		OUT(-18, "people", NULL, "residents' meeting notes", "Residents said bathrooms and commodes are cleaner."),
		CLOSE(-14, "Two consecutive monthly IPC audits at 95% and 96%, hand hygiene observed, residents' feedback positive."),
	},
},
/* Seed 003 ex2: appointment follow-up in supported living.
 * Today: in-progress, target-not-met. */
{
	.created = -56, .service = BEECH,
	.title = "Health appointment outcomes recorded and followed up",
	.owner = "José Ferreira", .supporters = "Zoë Okafor",
	.baseline = "Outcomes recorded for 11 of 19 health appointments in the last month (58%); 3 professional recommendations were never acted on.",
	.outcome = "95% of appointments with the outcome recorded and follow-up actions allocated, within ten weeks.",
	.target = "95", .unit = "%", .target_date = 14, .due = 14, .cadence = "weekly",
	.evidence = "Appointment log, daily notes, care plan updates, feedback from families and professionals.",
	.area = "health-appointments", .key_question = "effective", .statements = "delivering-evidence-based-care-and-treatment",
	.risk = "3x3", .source = "audit", .source_ref = "Appointments audit",
	.steps = {
		OUT(-54, "processes", "58", "appointment log", "Baseline: 11 of 19 appointments with the outcome recorded."),
		ACT(-50, "staff", "communication governance file", "Duty manager named as the daily reviewer of the appointment log."),
		STATUS(-50, "in-progress"),
		OUT(-35, "processes", "79", "appointment log", "15 of 19 appointments with outcome and follow-up recorded."),
		OUT(-21, "partners", NULL, "GP practice feedback", "Practice nurse says follow-up information now arrives before the next review."),
		OUT(-7, "processes", "93", "appointment log", "14 of 15 appointments with outcome and follow-up recorded."),
		REVIEW(-3, "keep-open", "93% against 95%: keep open for two more weekly checks."),
	},
},
/* Seed 003 ex3 at home care: late visits. Extended twice with reasons.
 * Today: in-progress, target-not-met, extended. */
{
	.created = -70, .service = MEADOWBANK,
	.title = "Visits start within 30 minutes of the planned time",
	.owner = "Lena Kowalczyk",
	.baseline = "18% of visits started more than 30 minutes late in the month before the plan; rotas had no travel time between calls on the north patch.",
	.outcome = "No more than 5% of visits more than 30 minutes late, for two consecutive months.",
	.target = "5", .unit = "% late", .direction = "at-most", .target_date = -28, .due = -28,
	.cadence = "fortnightly",
	.evidence = "Electronic call monitoring reports, rota file, people's feedback, spot checks.",
	.area = "staffing", .key_question = "safe", .statements = "safe-and-effective-staffing",
	.risk = "3x4", .source = "complaint", .source_ref = "Family complaints about late visits",
	.steps = {
		OUT(-68, "outcomes", "18", "call monitoring report", "Baseline month: 18% of visits more than 30 minutes late."),
		ACT(-60, "processes", "rota file", "Travel time added between calls; the north patch split into two runs."),
		STATUS(-60, "in-progress"),
		OUT(-40, "outcomes", "11", "call monitoring report", "Last month: 11% of visits more than 30 minutes late."),
		REVIEW(-40, "keep-open", "11% against 5%: keep open; recruitment for the north patch under way."),
		EXTEND(-30, -7, "Two care workers left; runs re-planned while recruiting."),
		OUT(-14, "outcomes", "7", "call monitoring report", "Last month: 7% of visits more than 30 minutes late."),
		EXTEND(-10, 10, "New starters are shadowing until their competency sign-off; second extension agreed with the provider quality lead."),
		REVIEW(-10, "keep-open", "7% against 5%: keep open; extended twice, so any further slip is escalated."),
		OUT(-6, "people", NULL, "people's feedback calls", "Eight people called: six said carers now arrive around the agreed time."),
	},
},
/* Seed 003 ex3: staff deployment at the care home. Just added, nothing
 * yet: open with no outcome evidence.
 * Today: open, no-outcome. */
{
	.created = -10, .service = OAKFIELD,
	.title = "Staff deployment matched to dependency at peak times",
	.owner = "Sarah Jones",
	.baseline = "Rotas show enough staff, but deployment records do not show how staff are matched to people's dependency and routines: call bell waits over 5 minutes between 07:00 and 09:00 on 4 of 7 days sampled.",
	.outcome = "90% compliant deployment evidence within eight weeks: shift allocation matched to dependency, with no call bell waits over 5 minutes at peak times.",
	.target = "90", .unit = "%", .target_date = 46, .due = 46, .cadence = "fortnightly",
	.evidence = "Rotas and dependency tool, shift allocation notes in the rota file, daily management log, feedback from people and staff, incident timing.",
	.area = "staffing", .key_question = "safe", .statements = "safe-and-effective-staffing",
	.risk = "3x3", .source = "provider-visit", .source_ref = "Provider visit",
},
/* Seed 002 ex3: rebuilding safeguarding oversight across the provider.
 * Today: in-progress, target-not-met. */
{
	.created = -40, .service = NULL,
	.title = "Staff confident about safeguarding thresholds and routes",
	.owner = "Helen Carter", .supporters = "Michael O'Brien",
	.baseline = "Staff know safeguarding theory but not thresholds: 54% felt confident deciding when to escalate in the staff survey, and escalation routes differed between services.",
	.outcome = "90% of staff confident about thresholds and routes in the resurvey, with every concern notified to the shift lead before the end of the shift.",
	.target = "90", .unit = "%", .target_date = 50, .due = 50, .cadence = "monthly",
	.evidence = "Staff survey, safeguarding tracker, referral records, supervision notes, commissioner review minutes.",
	.area = "safeguarding", .key_question = "safe", .statements = "safeguarding",
	.risk = "4x4", .source = "meeting", .source_ref = "Board quality committee",
	.steps = {
		OUT(-38, "staff", "54", "staff survey", "Staff survey across four services: 54% confident deciding when to escalate a concern."),
		ACT(-30, "processes", "safeguarding decision pathway", "One safeguarding decision pathway issued to all four services; threshold briefings booked."),
		STATUS(-30, "in-progress"),
		ACT(-16, "staff", "briefing attendance", "Threshold briefings held at every service: 88 staff attended."),
		REVIEW(-10, "keep-open", "Briefings done; the resurvey will show whether confidence changed. Keep open."),
	},
},
/* Medicines fridge: closed after two complete months in range.
 * Today: closed, no flags. */
{
	.created = -56, .service = RIVERSIDE,
	.title = "Medicines fridge temperature recorded daily and kept at 2-8 °C",
	.owner = "Aisha Rahman",
	.baseline = "Medicines fridge temperature recorded on 19 of 31 days last month (61%); two readings above 8 °C were not acted on.",
	.outcome = "Fridge temperature recorded every day and kept between 2 and 8 °C, any reading out of range acted on the same day.",
	.target = "100", .unit = "%", .target_date = -14, .due = -14, .cadence = "weekly",
	.evidence = "Fridge temperature log, medicines audit, community pharmacist visit.",
	.area = "medicines", .key_question = "safe", .statements = "medicines-optimisation",
	.risk = "3x3", .source = "audit", .source_ref = "Medicines storage audit",
	.steps = {
		OUT(-54, "processes", "61", "fridge log", "Baseline: temperature recorded on 19 of 31 days."),
		ACT(-50, "processes", "fridge log", "Fridge check added to the nurse's morning round; new min/max thermometer fitted."),
		STATUS(-50, "in-progress"),
		OUT(-30, "processes", "100", "fridge log", "Last month: recorded every day, all readings between 2 and 8 °C."),
		OUT(-20, "partners", NULL, "community pharmacist visit report", "Pharmacist visit found the fridge log complete and stock stored correctly."),
		OUT(-4, "processes", "100", "fridge log", "Last four weeks: recorded every day; one reading of 8.5 °C acted on within the hour."),
		CLOSE(-3, "Two complete months recorded and in range, confirmed by the pharmacist's visit."),
	},
},
/* Controlled drugs: at target, moved to monitoring, then nobody looked
 * again: monitoring has lapsed.
 * Today: monitoring, review-overdue, stale. */
{
	.created = -84, .service = RIVERSIDE,
	.title = "Controlled drugs register balances with two signatures",
	.owner = "Aisha Rahman", .supporters = "Daniel Mensah",
	.baseline = "Controlled drugs register: 4 balance errors in the month before the plan, and two entries signed by one person.",
	.outcome = "No controlled drugs balance errors and every entry signed by two staff, for three consecutive months.",
	.target = "0", .unit = "errors a month", .direction = "at-most", .target_date = 30, .due = 30,
	.cadence = "monthly",
	.evidence = "Weekly CD register checks, nurse competency records, pharmacist audit.",
	.area = "medicines", .key_question = "safe", .statements = "medicines-optimisation",
	.risk = "3x5", .source = "audit", .source_ref = "Controlled drugs audit",
	.steps = {
		OUT(-80, "processes", "4", "CD register", "Baseline month: 4 balance errors; two single-signature entries."),
		ACT(-75, "staff", "competency records", "Two-signature practice reassessed for all 9 nurses."),
		STATUS(-75, "in-progress"),
		OUT(-50, "processes", "0", "CD register", "Last month: no balance errors, every entry signed by two staff."),
		OUT(-36, "observation", NULL, "medicines round observation", "Observed: controlled drug administration witnessed and signed by two staff."),
		OUT(-35, "processes", "0", "CD register", "Second month: no balance errors."),
		CLOSE(-34, "Two months with no errors, observed in practice: closed into monitoring, weekly register checks continue until the third month."),
	},
},
/* PRN protocols (domain.md MAR questions): evidence only from the MAR file.
 * Today: in-progress, due-soon, single-category, target-not-met. */
{
	.created = -30, .service = OAKFIELD,
	.title = "A PRN protocol for every when-required medicine",
	.owner = "Grace Whitfield", .supporters = "Aisha Rahman",
	.baseline = "PRN protocols missing for 9 of 21 when-required medicines; staff could not say when to give as-required pain relief to two people who cannot tell them.",
	.outcome = "A person-centred PRN protocol for 100% of when-required medicines, followed by staff on the medicines round.",
	.target = "100", .unit = "%", .target_date = 6, .due = 6, .cadence = "weekly",
	.evidence = "MAR file PRN protocols, observed medicines rounds, pain assessment records.",
	.area = "medicines", .key_question = "safe", .statements = "medicines-optimisation, person-centred-care",
	.risk = "3x3", .source = "audit", .source_ref = "MAR audit",
	.steps = {
		OUT(-28, "processes", "57", "MAR file", "12 of 21 when-required medicines have a protocol."),
		ACT(-20, "processes", "MAR file", "GP and pharmacist reviewed PRN pain relief; pain assessment tool added for two people who cannot say they are in pain."),
		STATUS(-20, "in-progress"),
		OUT(-5, "processes", "90", "MAR file", "19 of 21 when-required medicines have a protocol."),
		REVIEW(-5, "keep-open", "90%: two protocols wait for the GP. Keep open; observe a round once all are in place."),
	},
},
/* Tenants' money (domain.md safeguarding questions): activity only, from
 * one kind of record.
 * Today: in-progress, overdue, no-outcome, single-category. */
{
	.created = -45, .service = BEECH,
	.title = "Tenants' money records reconciled weekly",
	.owner = "José Ferreira",
	.baseline = "Personal money records for 6 tenants were not reconciled; two balances differed from the receipts, by £12 and £40.",
	.outcome = "100% of tenants' money records reconciled weekly against receipts and signed by two staff.",
	.target = "100", .unit = "%", .target_date = -10, .due = -10, .cadence = "monthly",
	.evidence = "Money records and receipts, weekly reconciliation sheets, safeguarding audit.",
	.area = "safeguarding", .key_question = "safe", .statements = "safeguarding",
	.risk = "3x4", .source = "audit", .source_ref = "Safeguarding audit",
	.steps = {
		ACT(-40, "processes", "money records", "Weekly reconciliation sheet introduced, two signatures required."),
		STATUS(-40, "in-progress"),
		ACT(-25, "processes", "money records", "Reconciliation done for 4 of 6 tenants; appointee paperwork chased for the other two."),
		REVIEW(-20, "keep-open", "No outcome check yet: audit three weeks of reconciliations before the next review."),
	},
},
/* Weights and MUST at the nursing home: just started, one audit.
 * Today: open, single-category, target-not-met. */
{
	.created = -20, .service = RIVERSIDE,
	.title = "Residents weighed monthly and MUST scores acted on",
	.owner = "Megan Lloyd",
	.baseline = "Monthly weights recorded for 26 of 38 residents; MUST scores not updated after weight loss for 3 people.",
	.outcome = "95% of residents weighed monthly, MUST updated, and a dietitian referral within a week of a score of 2 or more.",
	.target = "95", .unit = "%", .target_date = 40, .due = 40, .cadence = "monthly",
	.evidence = "Nutrition records, MUST scores, dietitian referrals, care plan updates.",
	.area = "nutrition-and-hydration", .key_question = "effective", .statements = "assessing-needs",
	.risk = "3x3", .source = "provider-visit", .source_ref = "Provider visit",
	.steps = {
		OUT(-18, "processes", "68", "nutrition records", "26 of 38 residents weighed last month (68%)."),
	},
},
/* Rule 10: board scrutiny with trend data. Stale since the last board,
 * evidence from board papers only.
 * Today: in-progress, stale, single-category. */
{
	.created = -84, .service = NULL,
	.title = "Board reviews a recovery dashboard with trend data",
	.owner = "Anne Whitaker", .supporters = "Michael O'Brien",
	.baseline = "Board papers reported action completion only: no trend data on falls, medicines errors or complaints, and no recorded challenge on repeated low audit scores.",
	.outcome = "Every board meeting reviews a recovery dashboard with trend data for each theme and records its challenge and decisions.",
	.target = "100", .unit = "%", .target_date = 90, .due = 90, .cadence = "quarterly",
	.evidence = "Board minutes, quality dashboard, quality committee reports.",
	.area = "governance", .key_question = "well-led", .statements = "governance-management-and-sustainability",
	.risk = "2x4", .source = "inspection", .source_ref = "CQC inspection report: Well-led",
	.steps = {
		ACT(-70, "processes", "board papers", "Recovery dashboard drafted by the quality lead, with trends per theme and service."),
		STATUS(-70, "in-progress"),
		OUT(-42, "processes", "100", "board minutes", "Board reviewed the dashboard; minutes record challenge on Oakfield medicines and fire doors."),
	},
},
/* Seed 001 ex2 (learning from an incident): risk changes lost at handover.
 * Today: in-progress, target-not-met. */
{
	.created = -35, .service = OAKFIELD,
	.title = "Changed risks carried through every handover",
	.owner = "Grace Whitfield",
	.baseline = "Handover sheets did not carry changes in people's risks: a change in mobility after an infection was not handed over and the person fell at night.",
	.outcome = "90% of sampled handovers carry every risk change recorded in the previous 24 hours.",
	.target = "90", .unit = "%", .target_date = 21, .due = 21, .cadence = "fortnightly",
	.evidence = "Handover file, observed handovers, incident reviews.",
	.area = "care-planning", .key_question = "safe", .statements = "involving-people-to-manage-risks",
	.risk = "3x3", .source = "incident", .source_ref = "Night fall after an unreported change in mobility",
	.steps = {
		ACT(-30, "processes", "handover file", "Handover sheet redesigned with a 'changed today' section."),
		STATUS(-30, "in-progress"),
		OUT(-16, "observation", "75", "handover observation", "6 of 8 observed handovers carried every changed risk."),
		REVIEW(-8, "keep-open", "75%: the night-to-day handover still misses changes. Keep open."),
		OUT(-2, "observation", "88", "handover observation", "7 of 8 observed handovers carried every changed risk."),
	},
},
/* Medicines at home: eMAR alerts, a count that should fall.
 * Today: monitoring, no flags. */
{
	.created = -42, .service = MEADOWBANK,
	.title = "Electronic MAR alerts followed up the same day",
	.owner = "Lena Kowalczyk",
	.baseline = "Electronic MAR alerts for missed or late medicines visits were not followed up: 12 unresolved alerts a week on average.",
	.outcome = "No more than 1 unresolved eMAR alert a week, each followed up with the person or their GP the same day.",
	.target = "1", .unit = "alerts a week", .direction = "at-most", .target_date = 18, .due = 18,
	.cadence = "weekly",
	.evidence = "eMAR alert reports, office follow-up log, spot checks in people's homes.",
	.area = "medicines", .key_question = "safe", .statements = "medicines-optimisation",
	.risk = "4x4", .source = "audit", .source_ref = "eMAR alert report",
	.steps = {
		OUT(-40, "outcomes", "12", "eMAR alert report", "Baseline: 12 unresolved alerts a week over four weeks."),
		ACT(-35, "processes", "office procedures", "Office coordinator checks eMAR alerts at 10:00, 14:00 and 19:00."),
		STATUS(-35, "in-progress"),
		OUT(-21, "outcomes", "4", "eMAR alert report", "Last week: 4 unresolved alerts."),
		OUT(-7, "outcomes", "1", "eMAR alert report", "Last week: 1 unresolved alert, followed up the next morning."),
		OUT(-7, "people", NULL, "spot check records", "Spot checks: people say their medicines visits are on time."),
		CLOSE(-6, "At target, and people confirm their visits are on time: closed into monitoring, reviewed weekly."),
	},
},
/* Seed 001: high-risk support plans not reviewed after incidents; the
 * measure was reframed to include involving the person.
 * Today: in-progress, target-not-met. */
{
	.created = -50, .service = BEECH,
	.title = "High-risk support plans reviewed within 7 days of an incident",
	.owner = "Zoë Okafor",
	.baseline = "High-risk support plans were not reviewed after incidents: 4 of 9 incidents last quarter led to no plan review.",
	.outcome = "100% of high-risk support plans reviewed within 7 days of an incident, with the person or their advocate involved.",
	.target = "100", .unit = "%", .target_date = 30, .due = 30, .cadence = "monthly",
	.evidence = "Incident log, support plan reviews, advocate and family feedback.",
	.area = "care-planning", .key_question = "safe", .statements = "involving-people-to-manage-risks, person-centred-care",
	.risk = "4x3", .source = "incident", .source_ref = "Incident log review",
	.steps = {
		OUT(-48, "processes", "56", "incident log", "Baseline: 5 of 9 incidents followed by a plan review within 7 days."),
		ACT(-40, "staff", "team meeting minutes", "Team agreed that the shift lead books the plan review before the end of the shift."),
		STATUS(-40, "in-progress"),
		OUT(-22, "processes", "80", "incident log", "4 of 5 incidents followed by a plan review within 7 days."),
		OUT(-21, "people", NULL, "advocate feedback", "An advocate attended two reviews and says the person's views are now written in their own words."),
		REVIEW(-20, "reframe", "Reframed: the measure now includes involving the person or their advocate, not just a review date."),
	},
},
/* Seed 004 ex1: care record actions listed without named leads; it was
 * unowned until the quality lead was assigned.
 * Today: in-progress, target-not-met. */
{
	.created = -63, .service = OAKFIELD,
	.title = "Daily notes complete and risk updates within 48 hours",
	.owner = NULL,
	.baseline = "Care record audits found missing daily notes and delayed risk updates three months running; the actions were listed without named leads.",
	.outcome = "90% of sampled care records compliant (daily notes complete, risks updated within 48 hours) within twelve weeks.",
	.target = "90", .unit = "%", .target_date = 21, .due = 21, .cadence = "monthly",
	.evidence = "Care record audit follow-up file, weekly checks by senior leads, monthly quality summary.",
	.area = "care-records", .key_question = "well-led",
	.statements = "governance-management-and-sustainability, person-centred-care",
	.risk = "3x3", .source = "audit", .source_ref = "Care records audit",
	.steps = {
		OUT(-60, "processes", "62", "care record audit", "Baseline: 62% of sampled records compliant."),
		ASSIGN(-40, "Ruth Adeyemi"),
		ACT(-38, "processes", "live recovery plan", "One senior lead named for each care record action, with a deadline and an evidence source."),
		STATUS(-38, "in-progress"),
		OUT(-24, "processes", "78", "care record audit follow-up file", "Weekly checks: 78% of sampled records compliant."),
		OUT(-10, "observation", NULL, "senior lead checks", "Senior leads found risk updates written on the day for the 3 people whose needs changed."),
		OUT(-9, "processes", "85", "care record audit follow-up file", "Weekly checks: 85% of sampled records compliant."),
		REVIEW(-9, "keep-open", "85% against 90%: ownership is reducing repeat gaps. Keep open."),
	},
},
/* Night staffing needed money: escalated to the nominated individual,
 * then to the board, which decided.
 * Today: in-progress, target-not-met. */
{
	.created = -45, .service = RIVERSIDE,
	.title = "Two-person transfers at night done without waits",
	.owner = "Daniel Mensah",
	.baseline = "At night 2 carers and 1 nurse cover 38 residents; 7 people need two-person transfers, and on 5 of 14 nights sampled a transfer waited over 20 minutes.",
	.outcome = "95% of night-time two-person transfers done within 10 minutes, on a dependency-based night rota.",
	.target = "95", .unit = "%", .target_date = 30, .due = 30, .cadence = "fortnightly",
	.evidence = "Night log, dependency tool, rota file, staff feedback, incident timing.",
	.area = "staffing", .key_question = "safe", .statements = "safe-and-effective-staffing",
	.risk = "4x4", .source = "incident", .source_ref = "Night incident review",
	.steps = {
		OUT(-43, "processes", "64", "night log", "Baseline: 64% of two-person transfers at night done within 10 minutes."),
		ESCALATE(-40, 2, "other", "Michael O'Brien", "A third night carer needs funding beyond the registered manager's authority."),
		STATUS(-40, "in-progress"),
		RAISE(-30, "Anne Whitaker", "Budget decision needed from the provider board."),
		RESOLVE(-16, "Board approved a third night carer from the next rota; the nominated individual reports the impact to the next board."),
		ACT(-12, "processes", "rota file", "Third night carer on the rota; the dependency tool allocates carers to floors."),
		OUT(-5, "processes", "90", "night log", "Two weeks on the new rota: 90% of transfers within 10 minutes."),
		OUT(-4, "staff", NULL, "staff feedback", "Night staff say they no longer leave a floor uncovered to help with a transfer."),
		REVIEW(-4, "keep-open", "90% against 95%: the new rota is bedding in. Keep open."),
	},
},
/* Rule 10 and seed 002: feedback from people and families.
 * Today: in-progress, target-not-met. */
{
	.created = -60, .service = OAKFIELD,
	.title = "Relatives kept informed and residents' meetings held monthly",
	.owner = "Sarah Jones",
	.baseline = "Residents' meetings had not been held for six months; 3 complaints from relatives about lost laundry and not being told about falls; 52% of relatives satisfied they are kept informed.",
	.outcome = "80% of relatives satisfied that they are kept informed, in the quarterly survey.",
	.target = "80", .unit = "%", .target_date = 30, .due = 30, .cadence = "monthly",
	.evidence = "Relatives' survey, residents' meeting minutes, complaints log, laundry log.",
	.area = "complaints-and-feedback", .key_question = "responsive", .statements = "listening-to-and-involving-people",
	.risk = "2x3", .source = "complaint", .source_ref = "Relatives' complaints",
	.steps = {
		OUT(-55, "people", "52", "relatives' survey", "Baseline survey: 52% of relatives satisfied they are kept informed."),
		ACT(-45, "people", "residents' meeting minutes", "Residents' meetings restarted monthly; relatives invited to the second one."),
		STATUS(-45, "in-progress"),
		ACT(-30, "processes", "laundry log", "Named laundry labels and a lost-property log introduced."),
		OUT(-8, "people", "79", "relatives' survey", "Quarterly survey: 79% of relatives satisfied they are kept informed."),
		REVIEW(-8, "keep-open", "79% against 80%: nearly there. Keep open until the next survey confirms it."),
	},
},
/* Caring: dignity observations after the inspection.
 * Today: open, target-not-met. */
{
	.created = -25, .service = OAKFIELD,
	.title = "Respectful, unhurried interactions at mealtimes and in bedrooms",
	.owner = "Priya Shah",
	.baseline = "Inspectors saw staff enter bedrooms without knocking and talk over people at lunch; our own observation found 70% of interactions respectful and unhurried.",
	.outcome = "95% of observed interactions respectful and unhurried, in monthly dignity observations.",
	.target = "95", .unit = "%", .target_date = 35, .due = 35, .cadence = "monthly",
	.evidence = "Monthly dignity observations, residents' and relatives' feedback, team meeting minutes.",
	.area = "dignity", .key_question = "caring", .statements = "kindness-compassion-and-dignity",
	.risk = "2x3", .source = "inspection", .source_ref = "CQC inspection report: Caring",
	.steps = {
		OUT(-23, "observation", "70", "dignity observation", "Lunchtime and morning observation: 14 of 20 interactions respectful and unhurried."),
		ACT(-20, "staff", "team meeting minutes", "Dignity champions named on each floor."),
	},
},
/* The leaver's third action, taken on by the deputy manager.
 * Today: in-progress, single-category. */
{
	.created = -60, .service = OAKFIELD,
	.title = "Emergency lighting and fire alarm tests never missed",
	.owner = LEAVER,
	.baseline = "Monthly emergency lighting tests missed for two of the last three months; the weekly fire alarm test always used the same call point.",
	.outcome = "100% of monthly emergency lighting and weekly alarm tests done, rotating call points, for three months.",
	.target = "100", .unit = "%", .target_date = 10, .due = 10, .cadence = "monthly",
	.evidence = "Fire log book, fire risk assessment review.",
	.area = "premises-and-fire-safety", .key_question = "safe", .statements = "safe-environments",
	.risk = "3x4", .source = "audit", .source_ref = "Fire safety walkaround",
	.steps = {
		ACT(-55, "processes", "fire log book", "Test schedule set up with a rota of call points."),
		STATUS(-55, "in-progress"),
		OUT(-30, "processes", "100", "fire log book", "Last month: every weekly alarm test done from a different call point; emergency lighting tested."),
		ASSIGN(-14, "Priya Shah"),
		REVIEW(-14, "keep-open", "Reassigned to the deputy manager after the maintenance lead left; tests up to date."),
		OUT(-3, "processes", "100", "fire log book", "Last month: all tests done and recorded."),
	},
},
/* PEEPs: closed, then new admissions arrived without one: reopened,
 * and nobody set a new date, so it is overdue.
 * Today: reopened, overdue, target-not-met. */
{
	.created = -70, .service = OAKFIELD,
	.title = "A current PEEP for every resident, known by night staff",
	.owner = "Sarah Jones",
	.baseline = "Personal emergency evacuation plans were missing for 6 of 31 residents, and night staff did not know the evacuation order.",
	.outcome = "A current PEEP for 100% of residents, new admissions within 24 hours, known by night staff.",
	.target = "100", .unit = "%", .target_date = -40, .due = -40, .cadence = "monthly",
	.evidence = "Fire file PEEPs, night fire drill records, admissions checklist.",
	.area = "premises-and-fire-safety", .key_question = "safe",
	.statements = "safe-environments, involving-people-to-manage-risks",
	.risk = "3x5", .source = "inspection", .source_ref = "CQC inspection report: Safe, premises",
	.steps = {
		OUT(-65, "processes", "81", "fire file", "25 of 31 residents have a PEEP."),
		STATUS(-65, "in-progress"),
		OUT(-45, "processes", "100", "fire file", "All 31 residents have a current PEEP."),
		OUT(-44, "observation", NULL, "night fire drill record", "Night drill: staff followed the evacuation order in the PEEPs."),
		CLOSE(-42, "Every resident has a PEEP and the night drill showed staff know them."),
		OUT(-4, "processes", "94", "fire file", "Re-audit: 31 of 33 residents have a PEEP; 2 of the 3 new admissions since closure have none."),
		/* The 94 % re-audit reopens it: it is in monitoring (domain rule 6). */
	},
},
};

/* ---- the audits -------------------------------------------------------- */

/* Who each service's medicines lead and registered manager are, so that
 * an audit's proposed actions go to a person (issue 10). The template's
 * default owner roles all exist among the people above. */
static const struct {
	const char *service, *role, *person;
} service_roles[] = {
	{ OAKFIELD, "registered-manager", "Sarah Jones" },
	{ OAKFIELD, "medicines-lead", "Aisha Rahman" },
	{ OAKFIELD, "ipc-lead", "Farah Iqbal" },
	{ RIVERSIDE, "registered-manager", "Daniel Mensah" },
	{ RIVERSIDE, "medicines-lead", "Aisha Rahman" },
	{ RIVERSIDE, "nutrition-lead", "Megan Lloyd" },
	{ BEECH, "registered-manager", "Zoë Okafor" },
	{ BEECH, "team-leader", "José Ferreira" },
	{ BEECH, "safeguarding-lead", "Helen Carter" },
	{ MEADOWBANK, "registered-manager", "Lena Kowalczyk" },
	{ MEADOWBANK, "medicines-lead", "Aisha Rahman" },
};

/* A question that failed at a run: for the first `count` subjects (once
 * for a section asked once), with the note the auditor wrote. */
struct demo_finding {
	const char *question;
	int count;
	const char *note;
};

enum audit_op {
	AUDIT_RUN,        /* an audit walked and finished, every proposal accepted */
	AUDIT_FREQUENCY,  /* a recovery frequency: what = frequency, until = day */
	AUDIT_MONITOR,    /* the action a run raised for `what` (a question id) is closed into monitoring */
};

#define MAX_FINDINGS 6

struct demo_audit {
	int day;
	enum audit_op op;
	const char *key, *service, *auditor;
	int subjects;                  /* how many sampled */
	struct demo_finding fail[MAX_FINDINGS];
	const char *what;
	int until;
};

#define RUN(d, k, svc, who, n, ...) { d, AUDIT_RUN, k, svc, who, n, { __VA_ARGS__ } }
#define FREQUENCY(d, k, svc, who, f, end) { d, AUDIT_FREQUENCY, k, svc, who, .what = f, .until = end }
#define MONITOR(d, k, svc, who, q) { d, AUDIT_MONITOR, k, svc, who, .what = q }

/* Every answer not listed is met. Each theme's comment says what it shows
 * on the Audits screen today. */
static const struct demo_audit audits[] = {
/* Oakfield MAR: improving after the inspection, signatures a repeat
 * finding (escalated at level 2), then weekly audits while in recovery.
 * Today: trend rising, temporary weekly frequency, due today. */
	RUN(-84, "mar", OAKFIELD, "Aisha Rahman", 10,
	    { "signed", 5, "Gaps on the teatime round for five people; stock shows the doses were given." },
	    { "refusals", 3, NULL }, { "prn-recorded", 4, NULL }, { "topical", 3, NULL },
	    { "fridge-temperature", 1, "Fridge at 9.5 °C: stock quarantined and the pharmacist rang the same morning." }),
	RUN(-56, "mar", OAKFIELD, "Aisha Rahman", 10,
	    { "signed", 3, "Three charts with gaps, all on the teatime round." }, { "prn-recorded", 2, NULL }),
	FREQUENCY(-30, "mar", OAKFIELD, "Ruth Adeyemi", "weekly", 28),
	RUN(-28, "mar", OAKFIELD, "Grace Whitfield", 10,
	    { "signed", 2, "Two charts with one gap each on the teatime round." }),
	RUN(-21, "mar", OAKFIELD, "Grace Whitfield", 10, { "prn-recorded", 1, NULL }),
	RUN(-14, "mar", OAKFIELD, "Priya Shah", 10, { NULL }),
	RUN(-7, "mar", OAKFIELD, "Grace Whitfield", 10, { NULL }),
/* Oakfield infection prevention: three falls in a row, the early warning
 * sign of seed 002. Today: trend falling, below target twice. */
	RUN(-100, "infection-prevention", OAKFIELD, "Farah Iqbal", 5, { NULL }),
	RUN(-70, "infection-prevention", OAKFIELD, "Farah Iqbal", 5,
	    { "room-clean", 1, "Room 12: bed frame and call bell sticky." }),
	RUN(-40, "infection-prevention", OAKFIELD, "Farah Iqbal", 5,
	    { "room-clean", 2, "Rooms 3 and 12: high-touch surfaces not cleaned." },
	    { "colour-coded", 1, "Blue mop in the ground-floor toilets." }),
	RUN(-10, "infection-prevention", OAKFIELD, "Farah Iqbal", 5,
	    { "room-clean", 3, "Rooms 3, 7 and 12 dusty under beds; domestic hours cut." },
	    { "colour-coded", 1, "Red and blue mops stored together, wet." },
	    { "spill-kit", 1, NULL }, { "room-mattress", 1, NULL }),
/* Oakfield care plans: rewritten plans not followed in practice, better
 * at the re-audit. */
	RUN(-45, "care-plans", OAKFIELD, "Priya Shah", 5,
	    { "observed-care", 3, "Moving and handling differed from the plan for three people." },
	    { "staff-describe", 2, "Night staff did not know two people's new diet textures." }),
	RUN(-15, "care-plans", OAKFIELD, "Priya Shah", 5,
	    { "observed-care", 1, "One person hoisted with a sling size the plan no longer says." }),
/* Riverside hydration: the senior's shift-end check fails, the action is
 * put right and moved to monitoring, then a re-audit falls short of its
 * target and reopens it (domain rule 6). Today: reopened by a re-audit. */
	RUN(-63, "hydration", RIVERSIDE, "Megan Lloyd", 8,
	    { "senior-signed", 4, NULL }, { "total", 2, NULL }),
	RUN(-35, "hydration", RIVERSIDE, "Megan Lloyd", 8, { NULL }),
	MONITOR(-30, "hydration", RIVERSIDE, "Megan Lloyd", "senior-signed"),
	RUN(-6, "hydration", RIVERSIDE, "Megan Lloyd", 8,
	    { "escalated", 1, "Intake of 700 ml by 16:00 on a night shift, not escalated until the morning." }),
/* Riverside environmental: last done seven weeks ago. Today: overdue. */
	RUN(-50, "environmental", RIVERSIDE, "Kwame Asante", 0,
	    { "sentinel-cold", 1, "Cold sentinel outlet 22.5 °C after two minutes: pipework runs beside the boiler flue." },
	    { "bed-rails", 1, "Room 9: bed rail fitted to a new air mattress without a new assessment." }),
/* Beech Court safeguarding: a concern escalated a day late, put right. */
	RUN(-80, "safeguarding", BEECH, "Zoë Okafor", 5,
	    { "last-three-escalated", 1, "A tenant's unexplained bruise was reported at handover the next morning." },
	    { "court-of-protection", 1, "One tenant under continuous supervision: no Court of Protection application yet." }),
	RUN(-12, "safeguarding", BEECH, "José Ferreira", 5, { "knows-lead", 1, NULL }),
/* Meadowbank home care: signatures missing again (a repeat finding) and no
 * audit since. Today: overdue, last done over two months ago. */
	RUN(-95, "mar-home-care", MEADOWBANK, "Lena Kowalczyk", 10,
	    { "signed", 4, "Four MARs returned with gaps on the tea-time visit." },
	    { "support-level", 2, NULL }),
	RUN(-65, "mar-home-care", MEADOWBANK, "Lena Kowalczyk", 10,
	    { "signed", 3, "Three MARs with gaps; two on visits that ran late." }),
};

#define N_SERVICES (sizeof services / sizeof services[0])
#define N_PEOPLE (sizeof people / sizeof people[0])
#define N_ACTIONS (sizeof actions / sizeof actions[0])
#define N_AUDITS (sizeof audits / sizeof audits[0])

/* ---- replaying the plan ------------------------------------------------ */

/* One thing that happened: an action added (step -1) or one of its steps,
 * an audit, or the leaver leaving. On one day they happen in that order. */
enum event_kind { EV_ACTION, EV_AUDIT, EV_LEAVER, EV_MEETING };
struct event {
	int day;
	enum event_kind kind;
	int index, step;   /* the action or audit; the action's step */
};

struct fill {
	struct qip_db *db;
	qip_date today;                          /* the real today */
	struct qip_demo_summary sum;
	char ref[N_ACTIONS][QIP_REF_LEN];
	int64_t last_evidence[N_ACTIONS];        /* for corrections */
	int64_t last_escalation[N_ACTIONS];      /* for raise and resolve */
	const char *owner[N_ACTIONS];            /* as reassigned so far */
	int64_t admin;                           /* the account running the demo */
};

/* Who did it, so the history and the evidence log read as real work: the
 * owner logs evidence and moves the work on; the quality lead makes the
 * governance decisions and raises escalations; anyone who has left by
 * then is stood in for by the quality lead. */
#define GOVERNANCE_LEAD "Ruth Adeyemi"

static void act_as(struct fill *f, int i, const struct step *s)
{
	bool governance = s && (s->op == OP_REVIEW || s->op == OP_CLOSE || s->op == OP_REOPEN ||
				s->op == OP_ESCALATE || s->op == OP_RAISE || s->op == OP_RESOLVE ||
				s->op == OP_ASSIGN);
	const char *who = governance || i < 0 || !f->owner[i] ? GOVERNANCE_LEAD : f->owner[i];
	int64_t id = 0;
	if (qip_person_find_active(f->db, who, &id) != QIP_OK)
		qip_person_find_active(f->db, GOVERNANCE_LEAD, &id);
	/* An escalation is decided by the person it is assigned to: a board
	 * member at level 3 (qip_role_table). */
	if (s && s->op == OP_RESOLVE && i >= 0 && f->last_escalation[i]) {
		sqlite3_stmt *st = qip_db_stmt(f->db, "SELECT coalesce(assigned_to, 0) FROM escalation WHERE id = ?1");
		int64_t assignee = 0;
		if (st) {
			sqlite3_bind_int64(st, 1, f->last_escalation[i]);
			if (qip_db_scalar(f->db, st, &assignee) == QIP_OK && assignee)
				id = assignee;
		}
	}
	if (id)
		qip_db_set_actor(f->db, id);
}

static const char *iso(const struct fill *f, int day, char buf[QIP_DATE_LEN])
{
	return qip_date_format(f->today + day, buf);
}

/* Oldest first; on one day, actions in table order, each action's steps in
 * their order (its creation first), then audits in table order; the leaver
 * leaves after the day's work, and a governance meeting sits last. */
static int event_cmp(const void *pa, const void *pb)
{
	const struct event *a = pa, *b = pb;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->index != b->index)
		return a->index < b->index ? -1 : 1;
	return (a->step > b->step) - (a->step < b->step);
}

/* The tables are code: a step before its action exists, or in the future,
 * is a mistake in this file, reported before anything is written. */
static int check_tables(struct qip_db *db)
{
	for (size_t i = 0; i < N_ACTIONS; i++) {
		const struct demo_action *a = &actions[i];
		if (a->created > 0)
			return qip_db_fail(db, QIP_EINVAL, "demo data: '%s' is created in the future", a->title);
		for (int s = 0; s < MAX_STEPS && a->steps[s].op != OP_END; s++)
			if (a->steps[s].day < a->created || a->steps[s].day > 0)
				return qip_db_fail(db, QIP_EINVAL, "demo data: step %d of '%s' is dated %d, outside %d..0",
						   s, a->title, a->steps[s].day, a->created);
	}
	for (size_t i = 0; i < N_AUDITS; i++)
		if (audits[i].day >= 0)
			return qip_db_fail(db, QIP_EINVAL, "demo data: audit %zu (%s at %s) is not before today",
					   i, audits[i].key, audits[i].service);
	return QIP_OK;
}

static int refuse_if_filled(struct qip_db *db)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT count(*) FROM action");
	if (!st)
		return QIP_EDB;
	int step = sqlite3_step(st);
	int64_t n = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (step != SQLITE_ROW)
		return qip_db_sqlite_fail(db, step);
	if (n > 0)
		return qip_db_fail(db, QIP_EREFUSED,
				   "%s already holds %lld action%s: the demo only fills an empty plan (use a new file: qip --db demo.db demo)",
				   qip_db_path(db), (long long)n, n == 1 ? "" : "s");
	return QIP_OK;
}

static bool login_taken(struct qip_db *db, const char *login)
{
	if (!strcmp(login, qip_db_login(db)))
		return true;
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT 1 FROM person WHERE login = ?1");
	if (!st)
		return true;
	qip_bind_text(st, 1, login);
	bool taken = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return taken;
}

static int add_services_and_people(struct fill *f)
{
	int rc = QIP_OK;
	for (size_t i = 0; rc == QIP_OK && i < N_SERVICES; i++)
		if ((rc = qip_service_add(f->db, services[i].name, services[i].kind, NULL)) == QIP_OK)
			f->sum.services++;
	for (size_t i = 0; rc == QIP_OK && i < N_PEOPLE; i++) {
		struct qip_person_new p = {
			.name = people[i].name, .role = people[i].role, .service = people[i].service,
			/* Never the account running this, nor one a real person holds. */
			.login = login_taken(f->db, people[i].login) ? NULL : people[i].login,
		};
		if ((rc = qip_person_add(f->db, &p, NULL)) == QIP_OK)
			f->sum.people++;
	}
	for (size_t i = 0; rc == QIP_OK && i < sizeof service_roles / sizeof service_roles[0]; i++)
		rc = qip_service_role_set(f->db, service_roles[i].service, service_roles[i].role,
					  service_roles[i].person);
	return rc;
}

static int add_action(struct fill *f, int i)
{
	const struct demo_action *a = &actions[i];
	char due[QIP_DATE_LEN], target_date[QIP_DATE_LEN];
	struct qip_action_input in = { 0 };
	in.field[QIP_AF_TITLE] = a->title;
	in.field[QIP_AF_SERVICE] = a->service;
	in.field[QIP_AF_OWNER] = a->owner;
	in.field[QIP_AF_SUPPORTERS] = a->supporters;
	in.field[QIP_AF_DUE] = iso(f, a->due, due);
	in.field[QIP_AF_BASELINE] = a->baseline;
	in.field[QIP_AF_OUTCOME] = a->outcome;
	in.field[QIP_AF_TARGET] = a->target;
	in.field[QIP_AF_UNIT] = a->unit;
	in.field[QIP_AF_DIRECTION] = a->direction;
	in.field[QIP_AF_TARGET_DATE] = iso(f, a->target_date, target_date);
	in.field[QIP_AF_CADENCE] = a->cadence;
	in.field[QIP_AF_EVIDENCE_REQUIRED] = a->evidence;
	in.field[QIP_AF_AREA] = a->area;
	in.field[QIP_AF_KEY_QUESTION] = a->key_question;
	in.field[QIP_AF_STATEMENTS] = a->statements;
	in.field[QIP_AF_RISK] = a->risk;
	in.field[QIP_AF_SOURCE] = a->source;
	in.field[QIP_AF_SOURCE_REF] = a->source_ref;
	int rc = qip_action_add(f->db, &in, f->ref[i]);
	if (rc == QIP_OK) {
		f->sum.actions++;
		f->owner[i] = a->owner;
	}
	return rc;
}

static int escalate_by_hand(struct fill *f, int i, const char *ref, const struct step *s);
static int finish_audit_spread(struct fill *f, int64_t run);
static int resolve_before_close(struct fill *f, const char *ref);

static int do_step(struct fill *f, int i, const struct step *s)
{
	struct qip_db *db = f->db;
	const char *ref = f->ref[i];
	char date[QIP_DATE_LEN];
	int rc;
	switch (s->op) {
	case OP_EVIDENCE:
	case OP_CORRECT: {
		struct qip_evidence_new e = {
			.kind = s->kind, .category = s->category, .note = s->text, .source = s->source,
			.value = s->value, .date = iso(f, s->day, date),
			.corrects_id = s->op == OP_CORRECT ? f->last_evidence[i] : 0,
		};
		if (s->op == OP_CORRECT && !e.corrects_id)
			return qip_db_fail(db, QIP_EINVAL, "demo data: a correction with nothing to correct");
		if ((rc = qip_evidence_add(db, ref, &e, &f->last_evidence[i])) == QIP_OK)
			f->sum.evidence++;
		return rc;
	}
	case OP_STATUS: {
		struct qip_action_input in = { 0 };
		in.field[QIP_AF_STATUS] = s->what;
		return qip_action_edit(db, ref, &in);
	}
	case OP_ASSIGN:
		if ((rc = qip_action_assign(db, ref, s->who)) == QIP_OK)
			f->owner[i] = s->who;
		return rc;
	case OP_EXTEND:
		return qip_action_extend(db, ref, iso(f, s->n, date), s->text);
	case OP_REVIEW:
		return qip_action_review(db, ref, s->what, s->text);
	case OP_CLOSE: {
		/* Confirmed at governance by someone who may and who is not the
		 * owner: the provider quality lead, or the nominated individual
		 * for the quality lead's own actions. */
		const char *reviewer = f->owner[i] && !strcmp(f->owner[i], "Ruth Adeyemi") ? "Michael O'Brien" : "Ruth Adeyemi";
		if ((rc = resolve_before_close(f, ref)))
			return rc;
		return qip_action_close(db, ref, &(struct qip_closure_request){ .reason = s->text, .reviewer = reviewer,
										 .one_source_reason = s->what });
	}
	case OP_REOPEN:
		return qip_action_reopen(db, ref, s->text);
	case OP_ESCALATE:
		return escalate_by_hand(f, i, ref, s);
	case OP_RAISE:
	case OP_RESOLVE:
		if (!f->last_escalation[i])
			return qip_db_fail(db, QIP_EINVAL, "demo data: no escalation to raise or resolve");
		return s->op == OP_RAISE
			? qip_escalation_raise_level(db, f->last_escalation[i], s->who, s->text)
			: qip_escalation_resolve(db, f->last_escalation[i], s->text);
	case OP_END:
		break;
	}
	return QIP_OK;
}

/* ---- audits ---- */

/* The answer that meets q: yes, a reading in range, the best choice. */
static const char *met_value(const struct qip_question *q, char buf[QIP_NUMBER_LEN])
{
	switch (q->type) {
	case QIP_Q_NUMBER:
		if (q->has_min && q->has_max)
			return qip_number_format((q->min + q->max) / 2, buf);
		if (q->has_min)
			return qip_number_format(q->has_highest && q->highest < q->min + 5 ? q->highest : q->min + 5, buf);
		if (q->has_max)
			return qip_number_format(q->has_lowest && q->lowest > q->max - 3 ? q->lowest : q->max - 3, buf);
		return "0";
	case QIP_Q_CHOICE:
		for (int c = 0; c < q->nchoices; c++)
			if (q->choices[c].score == q->best && !q->choices[c].fail)
				return q->choices[c].label;
		return "";
	default:
		return "yes";
	}
}

/* The answer that fails q: no, a reading just out of range, a failing choice. */
static const char *failed_value(const struct qip_question *q, char buf[QIP_NUMBER_LEN])
{
	switch (q->type) {
	case QIP_Q_NUMBER:
		return qip_number_format(q->has_max ? q->max + 1 : q->min - 2, buf);
	case QIP_Q_CHOICE:
		for (int c = 0; c < q->nchoices; c++)
			if (q->choices[c].fail)
				return q->choices[c].label;
		return q->choices[0].label;
	default:
		return "no";
	}
}

static const struct demo_finding *finding_for(const struct demo_audit *a, const char *question)
{
	for (int i = 0; i < MAX_FINDINGS && a->fail[i].question; i++)
		if (!strcmp(a->fail[i].question, question))
			return &a->fail[i];
	return NULL;
}

/* Initials for people and staff, room numbers for rooms: never more than
 * the audit needs to tell subjects apart. */
static void subject_name(const struct qip_template *t, int i, char *buf, size_t n)
{
	static const char *const initials[] = { "AB", "CM", "DK", "EW", "FJ", "GH", "HP", "JR", "KL", "MN" };
	if (t->subject == QIP_SUBJECT_ROOM)
		snprintf(buf, n, "Room %d", 3 + 3 * i);
	else
		snprintf(buf, n, "%s", initials[i % 10]);
}

struct pending_ids {
	int64_t *id;
	int n;
};

static int by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int collect_pending(void *ctx, const struct qip_audit_proposal *p)
{
	struct pending_ids *ids = ctx;
	if (p->status == QIP_PROPOSAL_PENDING) {
		ids->id = qip_xrealloc(ids->id, (size_t)(ids->n + 1) * sizeof *ids->id);
		ids->id[ids->n++] = p->id;
	}
	return 0;
}

/* Walks one audit as an auditor would, through the same calls as the
 * Audits screen: start, name each subject, answer question by question,
 * finish; then every proposal accepted. */
static int run_audit(struct fill *f, const struct demo_audit *a)
{
	struct qip_db *db = f->db;
	char date[QIP_DATE_LEN];
	struct qip_audit_start st = { .template_key = a->key, .service = a->service, .auditor = a->auditor,
				      .date = iso(f, a->day, date) };
	int64_t run;
	int rc = qip_audit_start(db, &st, &run);
	struct qip_template *t = NULL;
	if (rc == QIP_OK)
		rc = qip_template_get(db, a->key, 0, &t, NULL, NULL);
	int subjects = t && t->sampled ? a->subjects : 1;
	for (int s = 0; rc == QIP_OK && s < subjects; s++) {
		char name[32];
		if (t->sampled) {
			subject_name(t, s, name, sizeof name);
			rc = qip_audit_add_subject(db, run, name, NULL);
		}
		for (int q = 0; rc == QIP_OK && q < t->nquestions; q++) {
			const struct qip_question *qq = &t->questions[q];
			if (qq->type == QIP_Q_TEXT || (s > 0 && t->sections[qq->section].once))
				continue;
			const struct demo_finding *fd = finding_for(a, qq->id);
			bool fails = fd && s < fd->count;
			char buf[QIP_NUMBER_LEN];
			const char *note = fails ? fd->note : NULL;
			if (fails && !note && qq->requires_note_on_fail)
				note = "Found on the audit: details on the audit sheet.";
			rc = qip_audit_answer(db, run, s, qq->id, fails ? failed_value(qq, buf) : met_value(qq, buf), note);
		}
	}
	qip_template_free(t);
	if (rc == QIP_OK)
		rc = finish_audit_spread(f, run);
	return rc;
}

/* The action the latest run of a template at a service raised for a question. */
static int audit_action_ref(struct fill *f, const struct demo_audit *a, char ref[QIP_REF_LEN])
{
	sqlite3_stmt *st = qip_db_stmt(f->db,
		"SELECT x.ref FROM audit_proposal p JOIN audit_run r ON r.id = p.run_id"
		" JOIN audit_template t ON t.id = r.template_id JOIN service s ON s.id = r.service_id"
		" JOIN action x ON x.id = p.action_id"
		" WHERE t.key = ?1 AND s.name = ?2 AND p.question = ?3 ORDER BY r.run_on DESC, r.id DESC LIMIT 1");
	if (!st)
		return QIP_EDB;
	qip_bind_text(st, 1, a->key);
	qip_bind_text(st, 2, a->service);
	qip_bind_text(st, 3, a->what);
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		snprintf(ref, QIP_REF_LEN, "%s", (const char *)sqlite3_column_text(st, 0));
	int rc = qip_db_finish(f->db, st, src);
	if (rc == QIP_OK && src != SQLITE_ROW)
		rc = qip_db_fail(f->db, QIP_EINVAL, "demo data: no action raised for '%s'", a->what);
	return rc;
}

static int do_audit(struct fill *f, const struct demo_audit *a)
{
	int64_t id = 0;
	if (qip_person_find_active(f->db, a->auditor, &id) == QIP_OK)
		qip_db_set_actor(f->db, id);
	/* Setting a recovery frequency and moving an action on are the
	 * quality lead's decisions, not the auditor's (qip_role_table). */
	if (a->op != AUDIT_RUN)
		act_as(f, -1, NULL);
	char date[QIP_DATE_LEN], ref[QIP_REF_LEN];
	int rc;
	switch (a->op) {
	case AUDIT_RUN:
		return run_audit(f, a);
	case AUDIT_FREQUENCY:
		return qip_audit_set_frequency(f->db, a->service, a->key, a->what, iso(f, a->until, date));
	case AUDIT_MONITOR: {
		if ((rc = audit_action_ref(f, a, ref)))
			return rc;
		struct qip_action_input in = { 0 };
		in.field[QIP_AF_STATUS] = "in-progress";
		if ((rc = qip_action_edit(f->db, ref, &in)))
			return rc;
		/* Into monitoring as real use puts it: a closure whose check
		 * passes, confirmed by the quality lead. */
		if ((rc = resolve_before_close(f, ref)))
			return rc;
		return qip_action_close(f->db, ref, &(struct qip_closure_request){
			.reason = "Re-audit at target: every chart signed by the senior at shift end. Confirmed at governance.",
			.reviewer = "Ruth Adeyemi",
			.one_source_reason = "The hydration audit is the measure the action was raised on; the senior's signature is on every chart." });
	}
	}
	return QIP_OK;
}

/* ---- governance meetings ------------------------------------------------ */

/* Past meetings of each kind, held through qip_meeting_start and
 * qip_meeting_decide as a chair would from the command line or the meeting
 * screen: decisions on their agendas, a closure challenged (proposed,
 * refused by the closure check, which the meeting records, then kept
 * open), an extension with its reason, an escalation, a reframe, and
 * the chair ending each. Actions are named by their titles in the table
 * above. A decision here never contradicts a later step of that table. */
struct demo_decision {
	const char *title;       /* the action's, as in actions[] */
	int decision;            /* enum qip_meeting_decision */
	const char *note;
	int new_due;             /* extend: day */
	const char *outcome;     /* reframe: the new outcome */
	bool challenge;          /* a closure proposed: refused by the check, then kept open */
};
#define MAX_DECISIONS 4
struct demo_meeting {
	int day;
	const char *kind, *service, *chair;
	const char *attendees[6];
	struct demo_decision decisions[MAX_DECISIONS];
};

static const struct demo_meeting meetings[] = {
	{ -28, "service", OAKFIELD, "Sarah Jones",
	  { "Priya Shah", "Aisha Rahman", "Grace Whitfield", "Ruth Adeyemi" }, {
		{ "MAR charts signed or coded with no gaps", QIP_MD_KEEP,
		  "The medicines lead asked to close on the training and the latest audit.", .challenge = true },
		{ "Emergency lighting and fire alarm tests never missed", QIP_MD_EXTEND,
		  "The alarm engineer cannot attend until next month; weekly call-point tests continue meanwhile.", 24 },
		{ "Call bells working and within reach in every room", QIP_MD_ESCALATE,
		  "New call bell units need spending beyond the registered manager's authority." },
		{ "Stock discrepancies and MAR corrections stop recurring", QIP_MD_KEEP,
		  "Discrepancies down but still weekly: keep open, the medicines lead checks stock every Friday." },
	  } },
	{ -17, "provider-quality", NULL, "Ruth Adeyemi",
	  { "Michael O'Brien", "Sarah Jones", "Daniel Mensah", "Zoë Okafor", "Lena Kowalczyk" }, {
		{ "Hydration charts complete and low intake escalated the same day", QIP_MD_KEEP,
		  "Riverside asked to close on the training records.", .challenge = true },
		{ "Staff confident about safeguarding thresholds and routes", QIP_MD_REFRAME,
		  "Reframed: confidence alone is not the outcome; the measure is staff naming the right route in scenarios.",
		  .outcome = "Staff at every service name the right safeguarding route in three scenarios out of three" },
		{ "Visits start within 30 minutes of the planned time", QIP_MD_KEEP,
		  "Late starts falling as new starters join the north patch: keep open, report at the next meeting." },
	  } },
	{ -9, "board", NULL, "Anne Whitaker", { "Michael O'Brien", "Ruth Adeyemi" }, {
		{ "Board reviews a recovery dashboard with trend data", QIP_MD_KEEP,
		  "The dashboard now shows audit trends for every service: keep open until the board has used it for a quarter." },
	  } },
};
#define N_MEETINGS (sizeof meetings / sizeof meetings[0])

static const char *ref_of(const struct fill *f, const char *title)
{
	for (size_t i = 0; i < N_ACTIONS; i++)
		if (!strcmp(actions[i].title, title))
			return f->ref[i][0] ? f->ref[i] : NULL;
	return NULL;
}

/* The closure is proposed; the check refuses it (the meeting records the
 * refusal with the check's reasons, for the minutes), and the room keeps
 * the action open. */
static int challenge(struct fill *f, int64_t meeting_id, const char *ref, const struct demo_decision *d)
{
	struct qip_decision_request r = { .ref = ref, .decision = QIP_MD_CLOSE, .meeting_id = meeting_id,
					  .note = d->note, .reviewer = GOVERNANCE_LEAD };
	int rc = qip_meeting_decide(f->db, &r);
	if (rc == QIP_OK)
		return qip_db_fail(f->db, QIP_EINVAL, "demo data: the challenged closure of %s passed the check", ref);
	if (rc != QIP_EREFUSED)
		return rc;
	r = (struct qip_decision_request){ .ref = ref, .decision = QIP_MD_KEEP, .meeting_id = meeting_id,
		.note = "Kept open: the closure check refused the closure; the owner brings the missing evidence"
			" to the next meeting." };
	return qip_meeting_decide(f->db, &r);
}

static int do_meeting(struct fill *f, const struct demo_meeting *m)
{
	int64_t chair = 0, id;
	int rc = qip_person_find_active(f->db, m->chair, &chair);
	if (rc)
		return rc;
	qip_db_set_actor(f->db, chair);
	int n = 0;
	while (n < 6 && m->attendees[n])
		n++;
	struct qip_meeting_new start = { .kind = m->kind, .service = m->service, .attendees = m->attendees,
					 .nattendees = n };
	if ((rc = qip_meeting_start(f->db, &start, &id)))
		return rc;
	for (int i = 0; rc == QIP_OK && i < MAX_DECISIONS && m->decisions[i].title; i++) {
		const struct demo_decision *d = &m->decisions[i];
		const char *ref = ref_of(f, d->title);
		char due[QIP_DATE_LEN];
		if (!ref)
			return qip_db_fail(f->db, QIP_EINVAL, "demo data: no action '%s' for a meeting", d->title);
		if (d->challenge)
			rc = challenge(f, id, ref, d);
		else
			rc = qip_meeting_decide(f->db, &(struct qip_decision_request){
				.ref = ref, .decision = d->decision, .note = d->note, .meeting_id = id,
				.due = d->decision == QIP_MD_EXTEND ? iso(f, d->new_due, due) : NULL,
				.outcome = d->outcome });
	}
	return rc ? rc : qip_meeting_end(f->db, id);
}

static int keep_level(void *ctx, const struct qip_escalation *e)
{
	*(int *)ctx = e->level;
	return 0;
}

/* A person escalates an action. When the rules got there first (their
 * escalation is open), the person does what qip tells them to: raises
 * that one to the level they meant, if it is not there already. */
static int escalate_by_hand(struct fill *f, int i, const char *ref, const struct step *s)
{
	int64_t action_id = 0, open = 0;
	int rc = qip_action_resolve(f->db, ref, &action_id);
	if (rc || (rc = qip_escalation_open_on(f->db, action_id, &open)))
		return rc;
	if (!open) {
		rc = qip_escalation_raise(f->db, ref, s->n, s->what, s->who, s->text, &f->last_escalation[i]);
		if (rc == QIP_OK)
			f->sum.escalations++;
		return rc;
	}
	f->last_escalation[i] = open;
	int level = 0;
	rc = qip_escalation_list(f->db, action_id, false, 1, 0, keep_level, &level);
	if (rc == QIP_OK && level < s->n)
		rc = qip_escalation_raise_level(f->db, open, s->who, s->text);
	return rc;
}

/* The meeting that confirms a closure first decides the escalation the
 * rules left open on it (the closure check refuses while one is). */
static int resolve_before_close(struct fill *f, const char *ref)
{
	int64_t action_id = 0, open = 0;
	int rc = qip_action_resolve(f->db, ref, &action_id);
	if (rc || (rc = qip_escalation_open_on(f->db, action_id, &open)) || !open)
		return rc;
	return qip_escalation_resolve(f->db, open, "Decided at the governance meeting: the outcome evidence meets the"
				      " target, and the action is closed into monitoring.");
}

/* An audit is finished as the person who ran it would; deciding its
 * findings is managing actions, which the quality lead does
 * (qip_role_table): the proposals are given due dates spread over the weeks
 * the work takes (every finding due on the same day is a plan nobody
 * wrote), then accepted, in the order they were found. */
static int finish_audit_spread(struct fill *f, int64_t run)
{
	struct pending_ids ids = { 0 };
	int rc = qip_audit_finish(f->db, run, false);
	if (rc == QIP_OK)
		rc = qip_audit_proposals(f->db, run, collect_pending, &ids);
	act_as(f, -1, NULL);
	if (ids.n)
		qsort(ids.id, (size_t)ids.n, sizeof *ids.id, by_id);
	for (int k = 0; rc == QIP_OK && k < ids.n; k++) {
		char due[QIP_DATE_LEN];
		/* 8 to 16 weeks from today, the audit's day. */
		qip_date_format(qip_db_today(f->db) + 56 + 14 * (k % 5), due);
		rc = qip_audit_proposal_edit(f->db, ids.id[k], &(struct qip_audit_proposal_edit){ .due = due });
		if (rc == QIP_OK)
			rc = qip_audit_proposal_accept(f->db, ids.id[k], NULL);
	}
	free(ids.id);
	return rc;
}

/* The escalation rules as a provider's nightly cron applies them
 * (qip_check_apply, the code of qip check), once for each day from the
 * day after `after` through `upto`, after that day's work: the demo's
 * escalations by rule are raised, and resolved when their reason stops
 * holding, as real use would leave them. */
static int apply_rules_nightly(struct fill *f, int after, int upto)
{
	int rc = QIP_OK;
	for (int day = after + 1; rc == QIP_OK && day <= upto; day++) {
		qip_db_set_today(f->db, f->today + day);
		act_as(f, -1, NULL);
		struct qip_diags d;
		qip_diags_init(&d, NULL);
		rc = qip_check_apply(f->db, false, NULL, NULL, &d);
		qip_diags_free(&d);
	}
	return rc;
}

/* Adds services and people, then replays every event on its own day. */
static int replay(struct fill *f)
{
	int rc = add_services_and_people(f);
	if (rc)
		return rc;
	struct event ev[N_ACTIONS * (MAX_STEPS + 1) + N_AUDITS + 1 + N_MEETINGS];
	size_t n = 0;
	for (size_t i = 0; i < N_ACTIONS; i++) {
		ev[n++] = (struct event){ actions[i].created, EV_ACTION, (int)i, -1 };
		for (int s = 0; s < MAX_STEPS && actions[i].steps[s].op != OP_END; s++)
			ev[n++] = (struct event){ actions[i].steps[s].day, EV_ACTION, (int)i, s };
	}
	for (size_t i = 0; i < N_AUDITS; i++)
		ev[n++] = (struct event){ audits[i].day, EV_AUDIT, (int)i, 0 };
	ev[n++] = (struct event){ LEAVER_LEFT, EV_LEAVER, 0, 0 };
	for (size_t i = 0; i < N_MEETINGS; i++)
		ev[n++] = (struct event){ meetings[i].day, EV_MEETING, (int)i, 0 };
	qsort(ev, n, sizeof ev[0], event_cmp);

	for (size_t k = 0; rc == QIP_OK && k < n; k++) {
		const struct event *e = &ev[k];
		char what[200];
		/* The nights between the last event's day and this one. */
		if (k > 0 && e->day > ev[k - 1].day &&
		    (rc = apply_rules_nightly(f, ev[k - 1].day - 1, e->day - 1))) {
			qip_db_fail(f->db, rc, "demo: could not apply the escalation rules before day %d: %s", e->day,
				    qip_db_error(f->db));
			break;
		}
		qip_db_set_today(f->db, f->today + e->day);
		switch (e->kind) {
		case EV_ACTION:
			act_as(f, e->index, e->step >= 0 ? &actions[e->index].steps[e->step] : NULL);
			rc = e->step < 0 ? add_action(f, e->index) : do_step(f, e->index, &actions[e->index].steps[e->step]);
			snprintf(what, sizeof what, "%s", actions[e->index].title);
			break;
		case EV_AUDIT:
			rc = do_audit(f, &audits[e->index]);
			snprintf(what, sizeof what, "the %s audit at %s", audits[e->index].key, audits[e->index].service);
			break;
		case EV_LEAVER:
			qip_db_set_actor(f->db, f->admin);   /* people are the admin's to change */
			rc = qip_person_leave(f->db, LEAVER, f->today + LEAVER_LEFT);
			snprintf(what, sizeof what, "the leaver leaving");
			break;
		case EV_MEETING:
			rc = do_meeting(f, &meetings[e->index]);
			snprintf(what, sizeof what, "the %s meeting", meetings[e->index].kind);
			break;
		}
		if (rc) {
			/* Name what failed: a failure here is a bug in these tables
			 * or in the core, and the message is all the user sees. */
			char why[512];
			snprintf(why, sizeof why, "%s", qip_db_error(f->db));
			qip_db_fail(f->db, rc, "demo: could not replay %s (day %d): %s", what, e->day, why);
		}
	}
	/* Up to today's own run. */
	if (rc == QIP_OK && n > 0 && (rc = apply_rules_nightly(f, ev[n - 1].day - 1, 0)))
		qip_db_fail(f->db, rc, "demo: could not apply the escalation rules: %s", qip_db_error(f->db));
	return rc;
}

static int count_rows(struct qip_db *db, const char *sql)
{
	sqlite3_stmt *st = qip_db_stmt(db, sql);
	if (!st)
		return 0;
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	return n;
}

int qip_demo_fill(struct qip_db *db, struct qip_demo_summary *out)
{
	if (out)
		memset(out, 0, sizeof *out);
	int rc = qip_db_require_writer(db);
	if (rc || (rc = check_tables(db)))
		return rc;
	struct fill f = { .db = db, .today = qip_db_today(db) };
	int64_t actor = qip_db_actor(db);
	f.admin = actor;
	/* One transaction: a failure anywhere leaves the file as it was. The
	 * check for an empty plan is inside it, so two demos cannot race. */
	if ((rc = qip_db_begin(db)))
		return rc;
	if ((rc = refuse_if_filled(db)) == QIP_OK)
		rc = replay(&f);
	/* The audits raised actions, evidence and escalations of their own. */
	if (rc == QIP_OK) {
		f.sum.actions = count_rows(db, "SELECT count(*) FROM action");
		f.sum.evidence = count_rows(db, "SELECT count(*) FROM evidence");
		f.sum.escalations = count_rows(db, "SELECT count(*) FROM escalation");
	}
	qip_db_set_today(db, f.today);   /* the replay moved it ... */
	/* Closures whose monitoring window has passed settle as on any read. */
	if (rc == QIP_OK)
		rc = qip_action_monitor(db, 0, NULL);
	qip_db_set_actor(db, actor);     /* ... and who was acting */
	rc = qip_db_end(db, rc);
	if (rc == QIP_OK && out)
		*out = f.sum;
	return rc;
}
