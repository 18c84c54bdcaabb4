/* Assessment frameworks as versioned data: the CQC Single Assessment
 * Framework (five key questions, 34 quality statements, six evidence
 * categories) is loaded from data/frameworks/cqc-saf.yaml, not compiled in,
 * so that a new version (CQC's 2026 draft replaces statements with lines of
 * enquiry) is a new file. Versions live side by side in the database and
 * are never deleted: actions keep their statement ids as text, so an action
 * tagged under one version survives the next. The file format is in
 * qip-template(5). */
#ifndef QIP_FRAMEWORK_H
#define QIP_FRAMEWORK_H

#include <stdbool.h>
#include <stddef.h>

#include "qip/db.h"
#include "qip/diag.h"

#define QIP_FRAMEWORK_FORMAT 1

enum qip_fw_kind { QIP_FW_KEY_QUESTION, QIP_FW_STATEMENT, QIP_FW_CATEGORY };

struct qip_fw_item {
	enum qip_fw_kind kind;
	char *id;       /* "medicines-optimisation" */
	char *parent;   /* a statement's key question id; "" for the others */
	char *title;    /* "Medicines optimisation" */
};

struct qip_framework {
	char *key;       /* "cqc-saf" */
	char *version;   /* "2024": text, only ever compared for equality */
	char *title;
	/* In file order: each key question followed by its statements, then
	 * the evidence categories. */
	struct qip_fw_item *items;
	int nitems;
};

/* Several frameworks (every version known), for checking statement ids. */
struct qip_frameworks {
	struct qip_framework **v;
	int n;
};

/* What an import did. */
enum qip_import_result {
	QIP_IMPORTED,     /* new */
	QIP_UNCHANGED,    /* the same key and version with the same content: nothing to do */
	QIP_SUPERSEDED,   /* a template: a higher version than the one in use; it takes over */
	QIP_OLDER,        /* a template: a higher version is already in use; nothing imported */
};

const char *qip_fw_kind_name(enum qip_fw_kind k);   /* "key-question", "statement", "category" */

/* Parses and validates a framework file; every problem goes to d.
 * QIP_OK with *out set, or QIP_EINVAL. */
int qip_framework_parse(const char *buf, size_t len, struct qip_framework **out,
			struct qip_diags *d);
int qip_framework_load_file(const char *path, struct qip_framework **out, struct qip_diags *d);
void qip_framework_free(struct qip_framework *fw);

/* Every DATADIR/frameworks/ *.yaml (needs at least one). On failure returns
 * QIP_EINVAL or QIP_ENOTFOUND with one line in err. */
int qip_frameworks_load_dir(const char *datadir, struct qip_frameworks *out,
			    char *err, size_t errsz);
/* Every framework version imported into the database. */
int qip_frameworks_load_db(struct qip_db *db, struct qip_frameworks *out);
void qip_frameworks_free(struct qip_frameworks *s);

/* Is id a statement in any of the frameworks? */
bool qip_frameworks_has_statement(const struct qip_frameworks *s, const char *id);
/* The nearest statement id to a mistyped one, or NULL. */
const char *qip_frameworks_suggest_statement(const struct qip_frameworks *s, const char *id);

/* Imports one framework version. The same key and version again is a
 * no-op when the content is the same and refused (QIP_EREFUSED) when it
 * differs: a changed framework needs a new version. Refused
 * (QIP_EREADONLY, QIP_ENOPERSON) unless the acting account may write:
 * only qip_data_import_bundled loads the bundled files without a person. */
int qip_framework_import(struct qip_db *db, const struct qip_framework *fw,
			 enum qip_import_result *res);
/* Loads, validates and imports a file; the message is in qip_db_error(). */
int qip_framework_import_file(struct qip_db *db, const char *path);

/* Rows of the framework_item table for `qip framework list`, in order
 * (framework, version, position). key and version may be NULL for all. */
struct qip_fw_row {
	char *key, *version, *kind, *id, *parent, *title;
};
int qip_framework_rows(struct qip_db *db, const char *key, const char *version,
		       struct qip_fw_row **rows, int *n);
void qip_fw_rows_free(struct qip_fw_row *rows, int n);

/* The name people read for a quality statement id ("Medicines
 * optimisation"), from the newest loaded framework version that has it;
 * the id itself when none has. Malloc'd. */
char *qip_framework_statement_title(struct qip_db *db, const char *id);

#endif
