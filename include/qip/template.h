/* Audit templates: YAML files that providers write and share, so the format
 * is a public interface (documented in qip-template(5)). This module loads
 * and validates them (reporting every problem with its position), scores
 * a set of answers against one, and keeps imported versions in the
 * database. A template is immutable once imported: a change is a new
 * version, and audit runs keep the version they were made with. */
#ifndef QIP_TEMPLATE_H
#define QIP_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qip/db.h"
#include "qip/diag.h"
#include "qip/framework.h"
#include "qip/vocab.h"

#define QIP_TEMPLATE_FORMAT 1

/* Limits, so that a template stays something a person can audit with. */
#define QIP_TEMPLATE_MAX_QUESTIONS 500
#define QIP_TEMPLATE_MAX_CHOICES 20
#define QIP_TEMPLATE_MAX_SAMPLE 500

enum qip_qtype { QIP_Q_YES_NO, QIP_Q_YES_NO_NA, QIP_Q_NUMBER, QIP_Q_CHOICE, QIP_Q_TEXT };
enum qip_frequency { QIP_FREQ_DAILY, QIP_FREQ_WEEKLY, QIP_FREQ_FORTNIGHTLY, QIP_FREQ_MONTHLY,
		     QIP_FREQ_QUARTERLY, QIP_FREQ_SIX_MONTHLY, QIP_FREQ_ANNUALLY };
/* How an N/A answer counts: left out of the total, or as met. */
enum qip_na_rule { QIP_NA_EXCLUDE, QIP_NA_PASS };
enum qip_subject { QIP_SUBJECT_PERSON, QIP_SUBJECT_ROOM, QIP_SUBJECT_RECORD,
		   QIP_SUBJECT_STAFF, QIP_SUBJECT_OTHER };

/* The words written in templates ("yes-no-na", "six-monthly" ...), as
 * vocabularies of vocab.h, indexed by the enums above. */
extern const struct qip_vocab qip_vocab_qtype, qip_vocab_frequency, qip_vocab_na_rule,
	qip_vocab_subject;
/* Their names (qip_vocab_name of the vocabularies). */
const char *qip_qtype_name(enum qip_qtype t);
const char *qip_frequency_name(enum qip_frequency f);
const char *qip_na_rule_name(enum qip_na_rule r);
const char *qip_subject_name(enum qip_subject s);

struct qip_choice {
	char *label;
	double score;
	bool fail;          /* choosing it fails the question */
};

/* What a failed question raises. */
struct qip_on_fail {
	char *action;       /* the action's title */
	char *owner_role;   /* NULL: the template's owner_role */
	int due_days;       /* 28 when not given */
	char *outcome;      /* the intended outcome; NULL when not given */
	char *baseline;     /* what the baseline says before the finding; NULL when not given */
	bool has_target;
	double target;      /* the action's target, percent at re-audit; 100 when not given */
};

/* Red/amber/green: a score below amber is red, below green amber, from
 * green up green. Optional: has_bands false when the template gives none. */
enum qip_band { QIP_BAND_NONE, QIP_BAND_RED, QIP_BAND_AMBER, QIP_BAND_GREEN };
const char *qip_band_name(enum qip_band b);   /* "", "red", "amber", "green" */

struct qip_question {
	char *id;
	char *text;
	enum qip_qtype type;
	double weight;      /* 1 when not given */
	bool critical;      /* a failure fails the whole audit */
	char *guidance, *evidence, *unit;   /* NULL when not given */
	bool has_min, has_max;
	double min, max;    /* number: a value outside min..max fails */
	bool has_lowest, has_highest;
	double lowest, highest;   /* number: what can be typed at all; outside is refused as a typo */
	struct qip_choice *choices;
	int nchoices;
	double best;        /* choice: the highest score, the one that earns full weight */
	struct qip_on_fail *on_fail;        /* NULL: an action is made from the question */
	bool requires_note_on_fail;         /* a failed answer is refused without a note */
	int section;        /* index in qip_template.sections */
};

struct qip_section {
	char *title;
	int first, count;   /* its questions in qip_template.questions */
	bool once;          /* asked once per audit, not for each sampled subject */
};

struct qip_template {
	int format;
	char *key;
	int version;
	char *title;
	char *description;  /* NULL when not given */
	char *area;         /* NULL when not given */
	int key_question;   /* index in qip_vocab_key_question, -1 when not given */
	char **statements;
	int nstatements;
	enum qip_frequency frequency;
	double target;      /* pass mark, percent */
	enum qip_na_rule na;
	char *owner_role;   /* NULL when not given */
	bool sampled;
	enum qip_subject subject;
	int sample_size;    /* 1 when not sampled */
	/* The kinds of service it is for (bits of qip_vocab_service_kind's
	 * indexes); 0: every kind. A care home is never asked for the
	 * home-care medicines audit. */
	unsigned services;
	bool has_bands;
	double amber, green;   /* bands: the lowest amber and the lowest green score */
	struct qip_section *sections;
	int nsections;
	struct qip_question *questions;   /* all sections' questions, in order */
	int nquestions;
};

/* Parses and validates template text. Statement ids are checked against
 * fw (all versions); fw NULL skips that check. Every problem goes to d.
 * QIP_OK with *out set, or QIP_EINVAL. */
int qip_template_parse(const char *buf, size_t len, const struct qip_frameworks *fw,
		       struct qip_template **out, struct qip_diags *d);
/* The same from a file (at most 1 MiB). When body is not NULL it receives
 * the file's text (malloc'd, NUL-terminated) for storing. */
int qip_template_load_file(const char *path, const struct qip_frameworks *fw,
			   struct qip_template **out, char **body, size_t *len,
			   struct qip_diags *d);
void qip_template_free(struct qip_template *t);

/* Index of the question with this id, or -1. */
int qip_template_question(const struct qip_template *t, const char *id);
/* Whether a question adds to the score (text questions and numbers with
 * neither min nor max are only recorded). */
bool qip_question_scored(const struct qip_question *q);
/* How many answers a question takes: the sample size, or 1 for a question
 * in a section asked once per audit (the fridge, the fire panel). */
int qip_question_samples(const struct qip_template *t, const struct qip_question *q);

/* Scoring. One answer per sampled subject and question. */
enum qip_reply { QIP_REPLY_NONE, QIP_REPLY_YES, QIP_REPLY_NO, QIP_REPLY_NA,
		 QIP_REPLY_NUMBER, QIP_REPLY_CHOICE, QIP_REPLY_TEXT };

struct qip_answer {
	int sample;         /* 0 .. sample_size-1; always 0 in a section asked once */
	int question;       /* index in qip_template.questions */
	enum qip_reply reply;
	double number;      /* QIP_REPLY_NUMBER */
	int choice;         /* QIP_REPLY_CHOICE: index in the question's choices */
};

struct qip_score {
	double earned, available;
	bool scored;        /* available > 0: there was something to score */
	double percent;     /* earned / available x 100; 0 when not scored */
	bool passed;        /* percent reached the target and no critical question failed */
	int answered, unanswered, na;
	int failures, critical_failures;
};

/* Whether the template is for a service of this kind (a name of
 * qip_vocab_service_kind, "care-home" ...). */
bool qip_template_for_service_kind(const struct qip_template *t, const char *kind);
/* The kinds as words for messages ("domiciliary or supported living
 * services"); "every kind of service" when it names none. Static. */
const char *qip_template_services_text(const struct qip_template *t);

/* The band of a score (QIP_BAND_NONE when the template has no bands). */
enum qip_band qip_template_band(const struct qip_template *t, double percent);

/* Does this answer fail its question: "no", a number outside min..max, a
 * choice marked fail? (N/A never fails.) */
bool qip_answer_failed(const struct qip_template *t, const struct qip_answer *a);

/* Scores answers against t. An answer that does not fit its question (a
 * number for a yes-no, N/A where N/A is not offered, a sample or question
 * out of range, two answers for one question and sample) is refused with
 * QIP_EINVAL and a message in err. */
int qip_template_score(const struct qip_template *t, const struct qip_answer *answers,
		       size_t n, struct qip_score *out, char *err, size_t errsz);

/* The database. */

/* Imports a validated template with its text. The same key and version
 * again is a no-op when the text is the same and refused (QIP_EREFUSED)
 * when it differs; a higher version supersedes (*current receives the
 * version it replaced); a lower one than the version in use is not
 * imported (QIP_OLDER, *current the version in use). Refused
 * (QIP_EREADONLY, QIP_ENOPERSON) unless the acting account may write;
 * the acting person is recorded. */
int qip_template_import(struct qip_db *db, const struct qip_template *t, const char *body,
			size_t len, enum qip_import_result *res, int *current);
/* Loads, validates (statement ids against the frameworks in the database)
 * and imports a file. The first problem is in qip_db_error(). */
int qip_template_import_file(struct qip_db *db, const char *path);

/* For qip init: every DATADIR/frameworks/ *.yaml, then every
 * DATADIR/templates/ *.yaml, in one transaction. Idempotent. The data
 * ships with qip, so it loads whoever runs init (no writer check). */
int qip_data_import_bundled(struct qip_db *db, const char *datadir);

struct qip_template_info {
	int64_t id;
	char *key;
	int version;
	char *title, *area, *key_question, *frequency;
	double target;
	char *imported_at;
	int versions;       /* how many versions of this key are imported */
	int latest;         /* the highest version of this key */
};

/* Imported templates, by key: the version in use of each key, or every
 * version when all is set. */
int qip_template_list(struct qip_db *db, bool all, struct qip_template_info **out, int *n);
void qip_template_info_free(struct qip_template_info *v, int n);
void qip_template_info_clear(struct qip_template_info *i);   /* frees the strings */

/* One imported template, parsed: version 0 means the version in use.
 * QIP_ENOTFOUND when there is no such key or version. info and body may
 * be NULL; *body (malloc'd) is the YAML as imported. */
int qip_template_get(struct qip_db *db, const char *key, int version,
		     struct qip_template **out, struct qip_template_info *info, char **body);

#endif
