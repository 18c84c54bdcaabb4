/* Audit runs: an auditor walks a service with one version of a template,
 * names each sampled subject as it comes, and answers one question at a
 * time. Every answer is committed the moment it is given, so a run
 * survives a closed lid or a dropped link and resumes at the next
 * unanswered question. Finishing scores the run and, in the same
 * transaction, turns failures into proposed actions, marks repeat
 * findings, and gives the score as outcome evidence to the actions
 * earlier runs raised.
 *
 * The rules (grouping failures, repeats, bands, due dates, trend
 * warnings) are pure functions of their data and a "today", below the
 * database functions. Front ends (the Audits screen, `qip audit ...`)
 * ask the core and show its one message (qip_db_error). */
#ifndef QIP_AUDIT_H
#define QIP_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "qip/db.h"
#include "qip/template.h"

/* Limits on what the auditor types. */
#define QIP_AUDIT_SUBJECT_MAX 60     /* "Room 4", "AB": one line */
#define QIP_AUDIT_TEXT_MAX 2000      /* a text answer or a note */

/* ---- Pure rules ---- */

/* One failed question, grouped across samples: "every dose signed:
 * failed for 3 of 10 people". */
struct qip_audit_finding {
	int question;       /* index in the template's questions */
	int failed;         /* answers that failed it */
	int asked;          /* answers given to it, N/A left out */
	bool critical;
};
/* The failed questions of a set of answers, critical first, then in the
 * template's order. *out is malloc'd (NULL when none). */
int qip_audit_findings(const struct qip_template *t, const struct qip_answer *answers, int n,
		       struct qip_audit_finding **out, int *nout);
/* The plural of the template's subject for a count: "people", "rooms". */
const char *qip_audit_subject_words(const struct qip_template *t, int count);

/* Is question id among the questions that failed last time? */
bool qip_audit_is_repeat(const char *question, const char *const *previous_failed, int n);

/* The next due date after a run on `last` at a frequency; QIP_NO_DATE
 * last (never run) is due at once: returns today. */
qip_date qip_audit_next_due(enum qip_frequency f, qip_date last, qip_date today);
/* How long ago, in words: "today", "yesterday", "5 days ago", "6 weeks
 * ago", "3 months ago" (14+ days in weeks, 9+ weeks in months). */
void qip_audit_ago_text(qip_date then, qip_date today, char *buf, size_t n);

/* Early warning on a series of scores, oldest first (domain rule 9). */
enum qip_trend_flag {
	QIP_TREND_FALLING = 1u << 0,       /* the last three results each fell */
	QIP_TREND_BELOW_TWICE = 1u << 1,   /* the last two results were both below target */
};
unsigned qip_audit_trend_warning(const double *scores, int n, double target);

/* ---- Runs and answers ---- */

struct qip_audit_start {
	const char *template_key;    /* the version in use is taken */
	const char *service;         /* name */
	const char *auditor;         /* name or login; NULL: the person acting */
	const char *date;            /* as typed (YYYY-MM-DD, today, -1 ...); NULL: today */
};
/* Starts a draft run. Refused: an unknown template or service, a date in
 * the future. */
int qip_audit_start(struct qip_db *db, const struct qip_audit_start *s, int64_t *run_id);

/* Names the next sampled subject (a room number, initials): it becomes
 * sample *sample (0-based). Refused beyond the template's sample size, on
 * an unsampled template, when empty, longer than QIP_AUDIT_SUBJECT_MAX
 * characters, more than one line, or already named in the run. */
int qip_audit_add_subject(struct qip_db *db, int64_t run_id, const char *subject, int *sample);

/* Records (or, while the run is a draft, changes) one answer in its own
 * transaction. value as typed: "yes", "no", "na", a number, a choice's
 * label, or text; note may be NULL. One clear message for an answer that
 * does not fit: N/A where the question does not offer it, not a number,
 * a reading outside the question's lowest..highest (a typo; outside
 * min..max is an answer that fails, not a refusal), an unknown choice, a failure without the note the template requires,
 * a sample that has not been named. question is the question's id. */
int qip_audit_answer(struct qip_db *db, int64_t run_id, int sample, const char *question,
		     const char *value, const char *note);

/* Where to carry on: the first unanswered question, walking subject by
 * subject (sections asked once come with the first subject). */
struct qip_audit_position {
	bool done;          /* every named subject fully answered ... */
	bool need_subject;  /* ... and another subject may (or, with none yet, must) be named */
	int sample;         /* the sample to answer next */
	int question;       /* the question index to answer next, -1 when done */
	int answered;       /* answers given so far */
	int subjects;       /* subjects named */
};
int qip_audit_resume(struct qip_db *db, int64_t run_id, struct qip_audit_position *pos);

/* A run as stored, with its template parsed and its answers. */
struct qip_audit_run {
	int64_t id;
	char uuid[37];
	struct qip_template *template;
	int64_t template_id;
	int64_t service_id;
	char *service;
	int64_t auditor_id;
	char *auditor;
	qip_date run_on;
	bool complete;
	char **subjects;            /* by sample */
	int nsubjects;
	struct qip_answer *answers;
	char **notes;               /* by answer, "" for none */
	bool *repeat;               /* by answer: failed here and at the previous run */
	int nanswers;
	/* when complete: */
	struct qip_score score;
	enum qip_band band;
	struct qip_score *sections; /* by template section */
	struct qip_audit_finding *findings;   /* critical first */
	int nfindings;
};
int qip_audit_run_get(struct qip_db *db, int64_t run_id, struct qip_audit_run *out);
void qip_audit_run_clear(struct qip_audit_run *r);

/* Finishes a draft: refused while a named subject has a scored question
 * unanswered, or with no subject named on a sampled template. Stores the
 * score, pass/fail, band and section scores, then, in the same
 * transaction: a pending proposal per failed question, repeat findings
 * (marked on the answers, on the proposals, and escalated, see
 * qip_audit_proposal_accept), outcome evidence on the open and monitoring
 * actions earlier runs of the template at the service raised, and
 * reopening those in monitoring when the score is below their target.
 * With accept_all (scripted entry), every proposal is accepted as it
 * stands in the same transaction. */
int qip_audit_finish(struct qip_db *db, int64_t run_id, bool accept_all);

/* Runs, newest first. 0 / NULL filters mean any. */
struct qip_audit_run_row {
	int64_t id;
	char *template_key, *template_title, *service, *auditor;
	int version;
	qip_date run_on;
	bool complete, scored, passed;
	double percent;
	enum qip_band band;
	int answered;
};
int qip_audit_list(struct qip_db *db, int64_t service_id, const char *template_key,
		   int (*row)(void *ctx, const struct qip_audit_run_row *r), void *ctx);

/* ---- Proposals ---- */

enum qip_proposal_status { QIP_PROPOSAL_PENDING, QIP_PROPOSAL_ACCEPTED, QIP_PROPOSAL_SKIPPED,
			   QIP_PROPOSAL_MERGED };
struct qip_audit_proposal {
	int64_t id;
	int64_t run_id;
	char *question;             /* id */
	int failed, asked;
	bool critical, repeat;
	char *title, *baseline, *outcome;
	double target;              /* percent */
	qip_date due;
	int64_t owner_id;           /* 0: nobody holds the role */
	char *owner, *owner_role;
	int64_t merge_into;         /* an earlier run's open action for the same question, 0 none */
	int status;                 /* enum qip_proposal_status */
	int64_t action_id;          /* the action made or merged into */
	char ref[16];               /* its ref */
};
int qip_audit_proposals(struct qip_db *db, int64_t run_id,
			int (*row)(void *ctx, const struct qip_audit_proposal *p), void *ctx);
void qip_audit_proposal_clear(struct qip_audit_proposal *p);

/* Changes a pending proposal: NULL fields stay. due and target as typed,
 * owner a person's name or login. Checked as an action's fields are. */
struct qip_audit_proposal_edit {
	const char *title, *baseline, *outcome, *target, *due, *owner;
};
int qip_audit_proposal_edit(struct qip_db *db, int64_t proposal_id, const struct qip_audit_proposal_edit *e);
/* Accepts a pending proposal as a new action (source audit, source ref
 * naming the run), or, when it names merge_into, folds it into that
 * action. A repeat finding escalates the action at level 2 (recurring);
 * when the escalation queue cannot take it (nobody at that level) the
 * action is still made. ref_out may be NULL. */
int qip_audit_proposal_accept(struct qip_db *db, int64_t proposal_id, char ref_out[16]);
int qip_audit_proposal_skip(struct qip_db *db, int64_t proposal_id);
/* Folds a pending proposal into an existing action that is not closed. */
int qip_audit_proposal_merge(struct qip_db *db, int64_t proposal_id, const char *ref);

/* The audit runs an action came from or had findings merged into. */
int qip_audit_runs_for_action(struct qip_db *db, int64_t action_id,
			      int (*row)(void *ctx, int64_t run_id, const char *question, bool repeat), void *ctx);

/* ---- Service roles ---- */

/* Who holds a role at a service (its medicines lead, its registered
 * manager). set replaces; person NULL or "" removes the mapping. */
int qip_service_role_set(struct qip_db *db, const char *service, const char *role, const char *person);
int qip_service_role_list(struct qip_db *db, int64_t service_id,
			  int (*row)(void *ctx, const char *role, int64_t person_id, const char *person), void *ctx);
/* The owner for a role at a service: the mapped person when active,
 * else the first active person holding the role. *person_id 0: nobody. */
int qip_service_role_person(struct qip_db *db, int64_t service_id, const char *role, int64_t *person_id);

/* ---- Schedule and trends ---- */

/* A tighter frequency for a while, for a service in recovery: weekly MAR
 * audits until a date. until NULL or frequency NULL removes it. */
int qip_audit_set_frequency(struct qip_db *db, const char *service, const char *template_key,
			    const char *frequency, const char *until);

struct qip_audit_due_row {
	int64_t service_id;
	char *service, *template_key, *template_title;
	enum qip_frequency frequency;   /* the one in force today */
	bool temporary;                 /* a recovery frequency */
	qip_date last_done;             /* QIP_NO_DATE: never */
	qip_date due;
	bool overdue;                   /* due before today */
	char *words;                    /* "MAR audit at Rose House last done 6 weeks ago" */
};
/* Every template in use at every service (or one), soonest due first;
 * with only_due, just those due today or overdue. */
int qip_audit_due(struct qip_db *db, int64_t service_id, bool only_due,
		  int (*row)(void *ctx, const struct qip_audit_due_row *r), void *ctx);

struct qip_audit_trend_point {
	int64_t run_id;
	qip_date run_on;
	double percent;
	bool passed;
};
/* Complete, scored runs of a template at a service, oldest first, and
 * the warning flags on them against the target in use. *points malloc'd. */
int qip_audit_trend(struct qip_db *db, const char *template_key, int64_t service_id,
		    struct qip_audit_trend_point **points, int *n, unsigned *flags);

/* ---- Scripted entry ---- */

/* Records a whole run from an answers file (qip audit record), written
 * in YAML: `answers: {question-id: value}` for an unsampled template;
 * `samples: [{subject: Room 4, answers: {...}}, ...]` for a sampled one,
 * with the questions asked once per audit under a top-level `answers`.
 * A value is what qip_audit_answer takes, or {value: ..., note: ...}.
 * The run is started, its subjects named, every answer given and the run
 * finished accepting every proposal (qip_audit_finish with accept_all),
 * all in one transaction: an unknown question, a missing answer or an
 * answer the template refuses goes to d at its line and column, and
 * nothing is recorded (QIP_EINVAL). Other refusals (an unknown template
 * or service) leave d empty and say why in qip_db_error. The file is read
 * with ydoc's limits. *run_id is 0 unless recorded. */
int qip_audit_record_file(struct qip_db *db, const struct qip_audit_start *s, const char *path,
			  int64_t *run_id, struct qip_diags *d);
int qip_audit_record_text(struct qip_db *db, const struct qip_audit_start *s, const char *buf, size_t len,
			  int64_t *run_id, struct qip_diags *d);

/* The actions a finished run gave its score to as outcome evidence, and
 * whether it reopened each (an action in monitoring scored below its
 * target). */
int qip_audit_run_evidence(struct qip_db *db, int64_t run_id,
			   int (*row)(void *ctx, const char *ref, bool reopened), void *ctx);

#endif
