/* Imported templates in the database: import (idempotent, versioned),
 * list, get, and the bundled data that qip init loads. */
#include "qip/template.h"
#include "qip/permission.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "qip/text.h"
#include "qip/vocab.h"

static int import_in_tx(struct qip_db *db, const struct qip_template *t, const char *body,
			size_t len, enum qip_import_result *res, int *current)
{
	*current = 0;
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT body FROM audit_template WHERE key = ?1 AND version = ?2");
	if (!st)
		return QIP_EDB;
	qip_bind_text(st, 1, t->key);
	sqlite3_bind_int(st, 2, t->version);
	int src = sqlite3_step(st);
	bool exists = src == SQLITE_ROW;
	bool same = exists && (size_t)sqlite3_column_bytes(st, 0) == len &&
		    memcmp(sqlite3_column_text(st, 0), body, len) == 0;
	sqlite3_reset(st);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return qip_db_sqlite_fail(db, src);
	if (exists && !same)
		return qip_db_fail(db, QIP_EREFUSED,
			"template %s version %d is already imported with different content: give the changed template a higher version",
			t->key, t->version);
	if (exists) {
		*res = QIP_UNCHANGED;
		*current = t->version;
		return QIP_OK;
	}
	st = qip_db_stmt(db, "SELECT max(version) FROM audit_template WHERE key = ?1");
	if (!st)
		return QIP_EDB;
	qip_bind_text(st, 1, t->key);
	src = sqlite3_step(st);
	int latest = src == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	if (src != SQLITE_ROW)
		return qip_db_sqlite_fail(db, src);
	if (latest > t->version) {
		/* Runs are made from the version in use; an older one has no use. */
		*res = QIP_OLDER;
		*current = latest;
		return QIP_OK;
	}
	st = qip_db_stmt(db,
		"INSERT INTO audit_template(key, version, title, area, key_question, frequency, target, body, imported_by,"
		" services) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	if (!st)
		return QIP_EDB;
	qip_bind_text(st, 1, t->key);
	sqlite3_bind_int(st, 2, t->version);
	qip_bind_text(st, 3, t->title);
	qip_bind_text(st, 4, t->area ? t->area : "");
	qip_bind_text(st, 5, t->key_question >= 0 ? qip_vocab_name(&qip_vocab_key_question, t->key_question) : NULL);
	qip_bind_text(st, 6, qip_frequency_name(t->frequency));
	sqlite3_bind_double(st, 7, t->target);
	sqlite3_bind_text(st, 8, body, (int)len, SQLITE_TRANSIENT);
	qip_bind_id(st, 9, qip_db_actor(db));
	char services[200] = "";
	for (int k = 0; k < qip_vocab_service_kind.count; k++)
		if (t->services & (1u << k)) {
			size_t o = strlen(services);
			snprintf(services + o, sizeof services - o, "%s%s", o ? "," : "",
				 qip_vocab_name(&qip_vocab_service_kind, k));
		}
	qip_bind_text(st, 10, services);
	int rc = qip_db_exec_stmt(db, st);
	if (rc == QIP_OK) {
		*res = latest ? QIP_SUPERSEDED : QIP_IMPORTED;
		*current = latest;
	}
	return rc;
}

static int import_unchecked(struct qip_db *db, const struct qip_template *t, const char *body,
			    size_t len, enum qip_import_result *res, int *current)
{
	int rc = qip_db_begin(db);
	if (rc)
		return rc;
	return qip_db_end(db, import_in_tx(db, t, body, len, res, current));
}

/* Who may import is the core's decision, so every front end refuses the
 * same people with the same message. */
int qip_template_import(struct qip_db *db, const struct qip_template *t, const char *body,
			size_t len, enum qip_import_result *res, int *current)
{
	int rc = qip_permission_check(db, QIP_PERM_ADMIN, 0, 0);
	return rc ? rc : import_unchecked(db, t, body, len, res, current);
}

static int import_file(struct qip_db *db, const char *path, bool check_writer)
{
	struct qip_frameworks fws;
	int rc = qip_frameworks_load_db(db, &fws);
	if (rc)
		return rc;
	struct qip_diags d;
	qip_diags_init(&d, path);
	struct qip_template *t;
	char *body;
	size_t len = 0;
	rc = qip_template_load_file(path, &fws, &t, &body, &len, &d);
	if (rc) {
		char *sum = qip_diags_summary(&d);
		qip_db_fail(db, rc, "%s", sum);
		free(sum);
	} else {
		enum qip_import_result res;
		int current;
		rc = check_writer ? qip_template_import(db, t, body, len, &res, &current)
				  : import_unchecked(db, t, body, len, &res, &current);
		qip_template_free(t);
		free(body);
	}
	qip_diags_free(&d);
	qip_frameworks_free(&fws);
	return rc;
}

int qip_template_import_file(struct qip_db *db, const char *path)
{
	return import_file(db, path, true);
}

int qip_template_import_file_bundled(struct qip_db *db, const char *path)
{
	return import_file(db, path, false);
}

static int yaml_only(const struct dirent *e)
{
	size_t n = strlen(e->d_name);
	return e->d_name[0] != '.' && n > 5 && !strcmp(e->d_name + n - 5, ".yaml");
}

/* Imports every *.yaml of dir with fn, in name order. */
static int import_dir(struct qip_db *db, const char *dir, bool required,
		      int (*fn)(struct qip_db *, const char *))
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, yaml_only, alphasort);
	int rc = QIP_OK;
	if (n < 0 || (n == 0 && required))
		rc = qip_db_fail(db, QIP_ENOTFOUND, "no bundled data in %s: is qip installed completely?", dir);
	for (int i = 0; i < n; i++) {
		if (rc == QIP_OK) {
			char *path = qip_printf("%s/%s", dir, names[i]->d_name);
			rc = fn(db, path);
			free(path);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int qip_data_import_bundled(struct qip_db *db, const char *datadir)
{
	int rc = qip_db_begin(db);
	if (rc)
		return rc;
	/* Frameworks first: templates are checked against them. */
	char *dir = qip_printf("%s/frameworks", datadir);
	rc = import_dir(db, dir, true, qip_framework_import_file_bundled);
	free(dir);
	if (rc == QIP_OK) {
		dir = qip_printf("%s/templates", datadir);
		rc = import_dir(db, dir, false, qip_template_import_file_bundled);
		free(dir);
	}
	return qip_db_end(db, rc);
}

void qip_template_info_clear(struct qip_template_info *i)
{
	free(i->key);
	free(i->title);
	free(i->area);
	free(i->key_question);
	free(i->frequency);
	free(i->imported_at);
	memset(i, 0, sizeof *i);
}

void qip_template_info_free(struct qip_template_info *v, int n)
{
	for (int i = 0; i < n; i++)
		qip_template_info_clear(&v[i]);
	free(v);
}

#define INFO_COLUMNS \
	"t.id, t.key, t.version, t.title, t.area, coalesce(t.key_question, ''), t.frequency," \
	" t.target, t.imported_at," \
	" (SELECT count(*) FROM audit_template v WHERE v.key = t.key)," \
	" (SELECT max(version) FROM audit_template v WHERE v.key = t.key)"

static void read_info(sqlite3_stmt *st, struct qip_template_info *i)
{
	i->id = sqlite3_column_int64(st, 0);
	i->key = qip_col_strdup(st, 1);
	i->version = sqlite3_column_int(st, 2);
	i->title = qip_col_strdup(st, 3);
	i->area = qip_col_strdup(st, 4);
	i->key_question = qip_col_strdup(st, 5);
	i->frequency = qip_col_strdup(st, 6);
	i->target = sqlite3_column_double(st, 7);
	i->imported_at = qip_col_strdup(st, 8);
	i->versions = sqlite3_column_int(st, 9);
	i->latest = sqlite3_column_int(st, 10);
}

int qip_template_list(struct qip_db *db, bool all, struct qip_template_info **out, int *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT " INFO_COLUMNS " FROM audit_template t"
		" WHERE ?1 OR t.version = (SELECT max(version) FROM audit_template v WHERE v.key = t.key)"
		" ORDER BY t.key, t.version DESC");
	if (!st)
		return QIP_EDB;
	sqlite3_bind_int(st, 1, all);
	int rc, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = qip_xrealloc(*out, (size_t)cap * sizeof **out);
		}
		read_info(st, &(*out)[(*n)++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		qip_template_info_free(*out, *n);
		*out = NULL;
		*n = 0;
		return qip_db_sqlite_fail(db, rc);
	}
	return QIP_OK;
}

int qip_template_get(struct qip_db *db, const char *key, int version,
		     struct qip_template **out, struct qip_template_info *info, char **body)
{
	*out = NULL;
	if (body)
		*body = NULL;
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT " INFO_COLUMNS ", t.body FROM audit_template t WHERE t.key = ?1"
		" AND t.version = CASE WHEN ?2 > 0 THEN ?2"
		"   ELSE (SELECT max(version) FROM audit_template v WHERE v.key = t.key) END");
	if (!st)
		return QIP_EDB;
	qip_bind_text(st, 1, key);
	sqlite3_bind_int(st, 2, version);
	int src = sqlite3_step(st);
	if (src != SQLITE_ROW) {
		sqlite3_reset(st);
		if (src != SQLITE_DONE)
			return qip_db_sqlite_fail(db, src);
		if (version > 0)
			return qip_db_fail(db, QIP_ENOTFOUND, "no template '%s' version %d: see qip template list --all",
					   key, version);
		return qip_db_fail(db, QIP_ENOTFOUND, "no template '%s': see qip template list", key);
	}
	struct qip_template_info i;
	read_info(st, &i);
	char *text = qip_col_strdup(st, 11);
	size_t len = (size_t)sqlite3_column_bytes(st, 11);
	sqlite3_reset(st);

	/* Statement ids were checked at import; the frameworks may have moved
	 * on since, and a stored version must stay readable. */
	struct qip_diags d;
	qip_diags_init(&d, i.key);
	int rc = qip_template_parse(text, len, NULL, out, &d);
	if (rc) {
		char *sum = qip_diags_summary(&d);
		qip_db_fail(db, rc, "the stored template cannot be read: %s", sum);
		free(sum);
	}
	qip_diags_free(&d);
	if (info && rc == QIP_OK)
		*info = i;
	else
		qip_template_info_clear(&i);
	if (body && rc == QIP_OK)
		*body = text;
	else
		free(text);
	return rc;
}
