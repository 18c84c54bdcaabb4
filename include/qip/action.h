/* Improvement actions: the heart of the plan. Reads come a window at a time
 * (never the whole table); every write is one transaction, validated in
 * full before anything is stored, and recorded in the history by triggers. */
#ifndef QIP_ACTION_H
#define QIP_ACTION_H

#include <stdbool.h>
#include <stdint.h>

#include "qip/db.h"
#include "qip/rules.h"

#define QIP_REF_LEN 16

struct qip_action {
	int64_t id;
	char uuid[37];
	char ref[QIP_REF_LEN];            /* "QIP-0042" */
	int64_t service_id;
	char *service;                    /* "" when provider-wide */
	char *title, *baseline, *outcome;
	bool has_target;
	double target;
	char *unit;
	int direction;                    /* enum qip_direction */
	qip_date target_date;
	int64_t owner_id;                 /* 0: unowned */
	char *owner;                      /* "" when none */
	bool owner_active;
	char *supporters;                 /* "Name, Name" */
	qip_date due;
	int cadence;                      /* enum qip_cadence */
	qip_date next_review;
	char *evidence_required;
	char *area;
	int key_question;                 /* enum qip_key_question, -1 none */
	char *statements;                 /* "id,id" */
	int likelihood, impact;           /* 0 when not rated */
	int source;                       /* enum qip_source */
	char *source_ref;
	int status;                       /* enum qip_status */
	qip_date closed_on;
	int extensions;
	qip_date created_on;
	char *created_by, *created_at, *updated_by, *updated_at;
	/* evidence summary and derived flags */
	int evidence_count, outcome_count;
	unsigned category_mask;
	qip_date last_evidence;
	bool has_latest_value;
	double latest_value;
	int open_escalations;
	unsigned flags;                   /* qip_rules_flags on the db's today */
	/* closure with proof and monitoring after it */
	struct qip_sustain sustain;       /* how long the outcome must stay at target */
	char *closure_reviewer;           /* who confirmed the closure, "" when none */
	char *closure_override;           /* the override's reason, NULL when the check passed */
	char *closure_one_source;         /* the reviewer's reason one source is enough, or NULL */
	qip_date monitor_until;           /* last day of the monitoring window, QIP_NO_DATE none */
	bool sustained;                   /* closed after a monitoring window with no fall */
};

void qip_action_clear(struct qip_action *a);
/* The rules' view of an action. */
void qip_action_facts(const struct qip_action *a, struct qip_action_facts *f);

/* What a person typed to add or edit an action: every field is text, NULL
 * when not given. Validation turns each into a clear message naming the
 * field and the bad value, so the CLI and the TUI forms say the same. */
enum qip_action_field {
	QIP_AF_TITLE, QIP_AF_SERVICE, QIP_AF_OWNER, QIP_AF_DUE, QIP_AF_BASELINE,
	QIP_AF_OUTCOME, QIP_AF_TARGET, QIP_AF_UNIT, QIP_AF_DIRECTION,
	QIP_AF_TARGET_DATE, QIP_AF_CADENCE, QIP_AF_NEXT_REVIEW,
	QIP_AF_EVIDENCE_REQUIRED, QIP_AF_AREA, QIP_AF_KEY_QUESTION,
	QIP_AF_STATEMENTS, QIP_AF_RISK, QIP_AF_SOURCE, QIP_AF_SOURCE_REF,
	QIP_AF_SUPPORTERS, QIP_AF_STATUS, QIP_AF_SUSTAIN,
	QIP_AF_COUNT
};
struct qip_action_input {
	const char *field[QIP_AF_COUNT];
	/* An edit's base: each field's text when the editor read the action
	 * (as qip_action_texts gives it), NULL when not known. A field given
	 * above whose stored text is no longer its base was changed by
	 * someone else meanwhile: qip_action_edit refuses, naming their value. */
	const char *base[QIP_AF_COUNT];
};
/* Option name of a field ("due", "key-question"), for messages and forms. */
const char *qip_action_field_name(int field);
/* A field as a sentence names it ("the review cadence"). */
const char *qip_action_field_label(int field);

/* The text of each field of an action as a person would type it: a form's
 * starting values, an edit's base. Malloc'd; qip_action_texts_free. */
void qip_action_texts(const struct qip_action *a, char *out[QIP_AF_COUNT]);
void qip_action_texts_free(char *texts[QIP_AF_COUNT]);

/* Domain rule 2 when adding: an action without an owner, a due date, a
 * baseline or a target is a draft. Both front ends ask this one check
 * (the TUI before saving, the CLI in a note after). */
struct qip_action_draft {
	unsigned missing;    /* bit (1u << field) per missing field, 0: not a draft */
	char list[80];       /* "owner, due date, baseline or target" */
	char message[120];   /* "No owner, due date, baseline or target yet" */
};
bool qip_action_is_draft(const struct qip_action_input *in, struct qip_action_draft *d);

/* Checks one field's text on its own (as typed in a form). Returns QIP_OK
 * or QIP_EINVAL with the reason in msg. Needs db for owner/service lookups. */
int qip_action_check_field(struct qip_db *db, int field, const char *text,
			   char *msg, size_t msgsz);

/* Adds an action; writes the new ref into ref_out. */
int qip_action_add(struct qip_db *db, const struct qip_action_input *in,
		   char ref_out[QIP_REF_LEN]);
/* Changes the given fields. Status may move between open, in-progress,
 * monitoring and reopened here; closing goes through qip_action_close.
 * Refused (QIP_EREFUSED), writing nothing, when a given field's stored
 * text differs from its base (in->base): the message names each such
 * field and the value someone else gave it. Checked inside the write's
 * transaction, so no change slips in between. */
int qip_action_edit(struct qip_db *db, const char *ref, const struct qip_action_input *in);

int qip_action_get(struct qip_db *db, const char *ref, struct qip_action *out);
int qip_action_get_id(struct qip_db *db, int64_t id, struct qip_action *out);
/* Resolves "QIP-0042", "qip-42" or "42" to an id; QIP_ENOTFOUND names it. */
int qip_action_resolve(struct qip_db *db, const char *ref, int64_t *id_out);

int qip_action_assign(struct qip_db *db, const char *ref, const char *who);
/* Moves the due date later, counts the extension and records the reason as
 * a governance decision (extend). */
int qip_action_extend(struct qip_db *db, const char *ref, const char *date, const char *reason);
/* A closure: the decision's reason, who confirms it (NULL: the person
 * acting), the reviewer's reason why one source of outcome evidence is
 * enough (NULL: none), and an override's written reason (NULL: none). */
struct qip_closure_request {
	const char *reason;
	const char *reviewer;
	const char *one_source_reason;
	const char *override;
};
/* The closure check's reasons for the action as stored, with their numbers,
 * one per line ("  - 3 consecutive readings at target, 6 needed"), into
 * *text (malloc'd; "" when it may close). skip: reasons to leave out
 * (QIP_CLOSE_REVIEWER_REASONS before a reviewer is chosen). */
int qip_action_closure_check(struct qip_db *db, const struct qip_action *a, const struct qip_closure_request *req,
			     unsigned skip, unsigned *why, char **text);
/* Closes after the closure check passes: the action enters monitoring for
 * as many review cycles as the setting monitoring.cycles says, recording the decision, the reviewer
 * and the reason. Refused (QIP_EREFUSED) with every reason and its numbers
 * in the message otherwise. With an override (a written reason and a
 * named reviewer) it closes despite the check, and the action carries the
 * override in every later view; the decision records the reasons it
 * overrode. */
int qip_action_close(struct qip_db *db, const char *ref, const struct qip_closure_request *req);
/* Monitoring after closure, on one action (0: every action in monitoring):
 * a fall below target reopens it with the reason and an escalation (when
 * someone can take one); a window passed with no fall makes it closed and
 * sustained. *changed counts the actions moved (may be NULL). The CLI's
 * list and show, the TUI's start, evidence and re-audits call it. */
int qip_action_monitor(struct qip_db *db, int64_t action_id, int *changed);
/* A monitoring action fell below target: reopened with the reason in its
 * history, and escalated to level 1 when someone can take it. */
int qip_action_fell(struct qip_db *db, const char *ref, const char *reason);
int qip_action_reopen(struct qip_db *db, const char *ref, const char *reason);
/* Records a governance review decision that keeps the action open
 * (keep-open, reframe): moves the next review date on by the cadence. */
int qip_action_review(struct qip_db *db, const char *ref, const char *decision, const char *reason);

/* Whether the person acting may make a change to this action, as the
 * write itself will judge it (qip_permission_check, with its message):
 * an owner edits, extends and reviews their own action; handing it on
 * (assign, or edit of owner or service) and reopening are a manager's;
 * closing needs a role that may close. Front ends ask before opening a
 * form that could not be saved. */
enum qip_action_change { QIP_CHANGE_EDIT, QIP_CHANGE_HAND_ON, QIP_CHANGE_EXTEND, QIP_CHANGE_REVIEW,
			 QIP_CHANGE_CLOSE, QIP_CHANGE_REOPEN };
int qip_action_permitted(struct qip_db *db, const struct qip_action *a, enum qip_action_change change);

/* Listing. Filters combine with AND; zero/NULL means "any". */
enum qip_action_sort { QIP_SORT_DUE, QIP_SORT_REF, QIP_SORT_OWNER,
		       QIP_SORT_STATUS, QIP_SORT_RISK, QIP_SORT_UPDATED };
/* Needs attention: overdue, unowned or its review overdue (any of them). */
#define QIP_FLAGS_ATTENTION (QIP_FLAG_OVERDUE | QIP_FLAG_UNOWNED | QIP_FLAG_REVIEW_OVERDUE)

struct qip_action_filter {
	unsigned flags;          /* every one of these flags must be set */
	unsigned any_flags;      /* at least one of these (QIP_FLAGS_ATTENTION), 0: no condition */
	int key_question;        /* enum qip_key_question, -1 any */
	const char *statement;   /* a quality statement id (slug), NULL any */
	int64_t owner_id;        /* 0: any */
	int64_t service_id;      /* 0: any */
	int status;              /* enum qip_status, or -1 any, -2 any but closed */
	const char *area;        /* exact, NULL any */
	const char *search;      /* words, matched in title/baseline/outcome/evidence notes */
	int sort;                /* enum qip_action_sort */
	bool descending;
	/* Rows for a list only (qip_action_list): supporters, statements,
	 * created_by, updated_by and closure_reviewer are left empty. */
	bool brief;
};
void qip_action_filter_init(struct qip_action_filter *f);   /* any, not closed, by due */
/* The quality statement a filter names, as typed ("Medicines
 * optimisation" or its id): its id, malloc'd, in *id. QIP_EINVAL with a
 * message naming the text when no loaded framework has it. */
int qip_action_filter_statement(struct qip_db *db, const char *text, char **id);

/* Calls row() for actions offset..offset+limit-1 in order (limit -1: to
 * the end), from one statement; stops early if row returns non-zero. */
int qip_action_list(struct qip_db *db, const struct qip_action_filter *f,
		    int limit, int offset,
		    int (*row)(void *ctx, const struct qip_action *a), void *ctx);
int qip_action_count(struct qip_db *db, const struct qip_action_filter *f, int64_t *count);

/* Where an action sits in the list f (0-based, usable as an offset), or
 * -1 when the filter leaves it out. */
int qip_action_position(struct qip_db *db, const struct qip_action_filter *f, int64_t id,
			int64_t *index);
/* The first index at or after `from` (at or before, backwards) in the list
 * f of an action whose title, baseline, outcome or evidence notes match
 * words; -1 when none. Words are quoted, so no FTS syntax applies. */
int qip_action_find_match(struct qip_db *db, const struct qip_action_filter *f, const char *words,
			  int64_t from, bool backwards, int64_t *index);
/* The same search starting at an action rather than an index: the first
 * index at or after (at or before, backwards) the action at_id, or from the
 * top (the bottom, backwards) when at_id is 0; -1 when there is no match or
 * at_id is not in the list. In the default order it runs on the list's
 * index by key, never walking the rows before `from` as an OFFSET does. */
int qip_action_find_match_at(struct qip_db *db, const struct qip_action_filter *f, const char *words,
			     int64_t at_id, bool backwards, int64_t *index);

/* The width in characters of the longest ref in the database (at least 8,
 * "QIP-0042"), for a column that must show every ref whole. */
int qip_action_ref_width(struct qip_db *db, int *width);

/* The quality areas in use, most used first (for pickers and filters). */
int qip_action_areas(struct qip_db *db, int limit,
		     int (*row)(void *ctx, const char *area, int64_t actions), void *ctx);

/* Counts for the status line: open actions that are overdue and unowned. */
struct qip_action_totals {
	int64_t open, overdue, unowned, due_soon, review_overdue, stale;
};
int qip_action_totals(struct qip_db *db, struct qip_action_totals *t);


/* ---- windows by key (the full-screen program's list) ------------------
 * Every order of the list is walked by key: a window starts after the key
 * of a row already on screen, so a move costs the rows it shows, never
 * the rows above it (as OFFSET does). */
/* A person's name is at most 200 characters, 4 bytes each in UTF-8. */
#define QIP_ACTION_KEY_LEN 804
struct qip_action_key {
	/* The order's key as text: the due date (coalesce(due_on,
	 * '9999-12-31')), the owner's name in lower case, the status's place,
	 * the risk score and due date, the time of the last change; "" by ref. */
	char k[QIP_ACTION_KEY_LEN];
	int64_t seq;
};
/* The key of action id in f's order; *found false when f leaves it out. */
int qip_action_key_of(struct qip_db *db, const struct qip_action_filter *f, int64_t id,
		      struct qip_action_key *key, bool *found);
/* Calls row() for up to limit actions of f after key in f's order, the
 * first `skip` left out; backwards: those before key, nearest first.
 * NULL key: from the start (from the end, backwards). inclusive: the
 * key's own action comes first when f keeps it. */
int qip_action_window(struct qip_db *db, const struct qip_action_filter *f, const struct qip_action_key *key,
		      bool inclusive, bool backwards, int skip, int limit,
		      int (*row)(void *ctx, const struct qip_action *a, const struct qip_action_key *key), void *ctx);
/* How many actions of f come before key: its 0-based position. */
int qip_action_rank(struct qip_db *db, const struct qip_action_filter *f, const struct qip_action_key *key,
		    int64_t *index);
/* The nearest action of f after key (before it, backwards; the key's own
 * too when inclusive; NULL key: from the start or the end) whose title,
 * baseline, outcome or evidence notes match words: its key in *at, *found
 * false when none. The matches of f and words are collected once, in f's
 * key order, into a temporary table of the connection, and kept until
 * words, f, the day or the data change: each further call is one seek. */
int qip_action_next_match(struct qip_db *db, const struct qip_action_filter *f, const char *words,
			  const struct qip_action_key *key, bool inclusive, bool backwards,
			  struct qip_action_key *at, bool *found);

#endif
