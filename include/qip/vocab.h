/* The fixed words of the domain (statuses, evidence kinds and categories,
 * sources, cadences, key questions, escalation levels and reasons, review
 * decisions): one table each, so the CLI, the TUI, the reports and the
 * database CHECK constraints all use the same names. */
#ifndef QIP_VOCAB_H
#define QIP_VOCAB_H

#include <stddef.h>

#include <stdbool.h>

#include "qip/date.h"

struct qip_word {
	const char *name;   /* stored and typed: "in-progress" */
	const char *label;  /* shown: "In progress" */
};

struct qip_vocab {
	const char *what;   /* "status": used in error messages */
	const struct qip_word *words;
	int count;
};

enum qip_status { QIP_STATUS_OPEN, QIP_STATUS_IN_PROGRESS, QIP_STATUS_MONITORING,
		  QIP_STATUS_CLOSED, QIP_STATUS_REOPENED };
enum qip_kind { QIP_KIND_ACTIVITY, QIP_KIND_OUTCOME };
/* The six CQC evidence categories. */
enum qip_category { QIP_CAT_PEOPLE, QIP_CAT_STAFF, QIP_CAT_PARTNERS,
		    QIP_CAT_OBSERVATION, QIP_CAT_PROCESSES, QIP_CAT_OUTCOMES };
enum qip_source { QIP_SRC_AUDIT, QIP_SRC_INSPECTION, QIP_SRC_INCIDENT,
		  QIP_SRC_COMPLAINT, QIP_SRC_PROVIDER_VISIT, QIP_SRC_MEETING,
		  QIP_SRC_OTHER };
enum qip_cadence { QIP_CAD_DAILY, QIP_CAD_WEEKLY, QIP_CAD_FORTNIGHTLY,
		   QIP_CAD_MONTHLY, QIP_CAD_QUARTERLY };
enum qip_key_question { QIP_KQ_SAFE, QIP_KQ_EFFECTIVE, QIP_KQ_CARING,
			QIP_KQ_RESPONSIVE, QIP_KQ_WELL_LED };
/* Escalation levels: registered manager, nominated individual / provider
 * quality lead, provider board. */
enum qip_level { QIP_LEVEL_RM = 1, QIP_LEVEL_NI = 2, QIP_LEVEL_BOARD = 3 };
enum qip_esc_reason { QIP_ESC_OVERDUE, QIP_ESC_REVIEW_OVERDUE, QIP_ESC_UNOWNED,
		      QIP_ESC_MISSED_CHECK, QIP_ESC_WEAK_EVIDENCE,
		      QIP_ESC_RECURRING, QIP_ESC_EXTENDED, QIP_ESC_OTHER };
enum qip_decision { QIP_DEC_CLOSE, QIP_DEC_EXTEND, QIP_DEC_ESCALATE,
		    QIP_DEC_KEEP_OPEN, QIP_DEC_REFRAME, QIP_DEC_REOPEN };
enum qip_direction { QIP_DIR_AT_LEAST, QIP_DIR_AT_MOST };
enum qip_service_kind { QIP_SVC_CARE_HOME, QIP_SVC_NURSING_HOME,
			QIP_SVC_SUPPORTED_LIVING, QIP_SVC_DOMICILIARY,
			QIP_SVC_OTHER };

extern const struct qip_vocab qip_vocab_status, qip_vocab_kind,
	qip_vocab_category, qip_vocab_source, qip_vocab_cadence,
	qip_vocab_key_question, qip_vocab_esc_reason, qip_vocab_decision,
	qip_vocab_direction, qip_vocab_service_kind;

/* Index of name (exact, case-insensitive, '_' and ' ' read as '-'), or -1. */
int qip_vocab_find(const struct qip_vocab *v, const char *name);
const char *qip_vocab_name(const struct qip_vocab *v, int i);   /* "?" if out of range */
const char *qip_vocab_label(const struct qip_vocab *v, int i);
/* The names of the bits set in mask, "a, b, c", into buf (n > 0), cut
 * before a name that does not fit whole. */
void qip_vocab_mask_text(const struct qip_vocab *v, unsigned mask, char *buf, size_t n);
/* "open, in-progress, monitoring, closed or reopened", for messages. */
const char *qip_vocab_choices(const struct qip_vocab *v);
/* The closest name to a mistyped one, or NULL. */
const char *qip_vocab_suggest(const struct qip_vocab *v, const char *name);

const char *qip_level_label(int level);

/* Months or days between reviews for a cadence. */
qip_date qip_cadence_next(int cadence, qip_date from);

#endif
