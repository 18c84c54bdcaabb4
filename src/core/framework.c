/* Framework files: load, validate, import. */
#include "qip/framework.h"
#include "qip/permission.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qip/text.h"
#include "qip/vocab.h"
#include "import.h"
#include "ydoc.h"

const char *qip_fw_kind_name(enum qip_fw_kind k)
{
	static const char *const names[] = { "key-question", "statement", "category" };
	return (unsigned)k < 3 ? names[k] : "?";
}

void qip_framework_free(struct qip_framework *fw)
{
	if (!fw)
		return;
	for (int i = 0; i < fw->nitems; i++) {
		free(fw->items[i].id);
		free(fw->items[i].parent);
		free(fw->items[i].title);
	}
	free(fw->items);
	free(fw->key);
	free(fw->version);
	free(fw->title);
	free(fw);
}

static void add_item(struct qip_framework *fw, enum qip_fw_kind kind, const char *id,
		     const char *parent, const char *title)
{
	fw->items = qip_xrealloc(fw->items, (size_t)(fw->nitems + 1) * sizeof *fw->items);
	struct qip_fw_item *it = &fw->items[fw->nitems++];
	it->kind = kind;
	it->id = qip_strdup(id);
	it->parent = qip_strdup(parent);
	it->title = qip_strdup(title);
}

/* Reports an id already used by an item of the same kind. */
static bool is_duplicate(const struct qip_framework *fw, enum qip_fw_kind kind,
			 const struct ynode *v, const char *id, struct qip_diags *d)
{
	for (int i = 0; i < fw->nitems; i++) {
		if (fw->items[i].kind == kind && !strcmp(fw->items[i].id, id)) {
			qip_diag_add(d, v->line, v->col, "duplicate %s id '%s'", qip_fw_kind_name(kind), id);
			return true;
		}
	}
	return false;
}

/* One entry of a list: {id, title} with id from a vocabulary (key questions,
 * categories: the database's CHECK constraints know only those) or a slug. */
static void check_entry(struct qip_framework *fw, const struct ynode *e, enum qip_fw_kind kind,
			const struct qip_vocab *vocab, const char *parent, const char *what,
			const struct ynode **statements, struct qip_diags *d)
{
	static const struct yfield fields[] = {
		{ "id", true }, { "title", true }, { "statements", false },
	};
	const struct ynode *v[3];
	/* Only key questions have statements. */
	int nf = kind == QIP_FW_KEY_QUESTION ? 3 : 2;
	if (!ymap_get(e, what, fields, nf, v, NULL, d))
		return;
	const char *id = NULL, *title = NULL;
	if (v[0] && vocab) {
		int i = yenum(v[0], "id", vocab, d);
		id = i >= 0 ? vocab->words[i].name : NULL;
	} else if (v[0]) {
		id = yslug(v[0], "id", d);
	}
	if (v[1])
		title = ystr(v[1], "title", false, 200, d);
	if (id && title && !is_duplicate(fw, kind, v[0], id, d))
		add_item(fw, kind, id, parent, title);
	if (statements)
		*statements = nf == 3 ? v[2] : NULL;
}

static void check_framework(const struct ynode *root, struct qip_framework *fw, struct qip_diags *d)
{
	static const struct yfield fields[] = {
		{ "qip-framework", true }, { "key", true }, { "version", true }, { "title", true },
		{ "source", false }, { "key_questions", true }, { "evidence_categories", true },
	};
	const struct ynode *v[7];
	if (!ymap_get(root, "the framework", fields, 7, v, NULL, d))
		return;
	long format;
	if (v[0] && yint(v[0], "qip-framework", 0, 1000000, &format, d) && format != QIP_FRAMEWORK_FORMAT)
		qip_diag_add(d, v[0]->line, v[0]->col,
			     "unsupported framework format %ld: this qip reads format %d", format,
			     QIP_FRAMEWORK_FORMAT);
	const char *s;
	if (v[1] && (s = yslug(v[1], "key", d)))
		fw->key = qip_strdup(s);
	if (v[2] && (s = yslug(v[2], "version", d)))
		fw->version = qip_strdup(s);
	if (v[3] && (s = ystr(v[3], "title", false, 200, d)))
		fw->title = qip_strdup(s);
	if (v[4])
		ystr(v[4], "source", true, 1000, d);
	if (v[5] && yseq(v[5], "key_questions", d)) {
		if (v[5]->n == 0)
			qip_diag_add(d, v[5]->line, v[5]->col, "'key_questions' is empty");
		for (int i = 0; i < v[5]->n; i++) {
			const struct ynode *kq = v[5]->kids[i], *st = NULL;
			int before = fw->nitems;
			check_entry(fw, kq, QIP_FW_KEY_QUESTION, &qip_vocab_key_question, "",
				    "a key question", &st, d);
			/* Statements of a key question that was rejected are
			 * still checked, with no parent. */
			const char *parent = fw->nitems > before ? fw->items[before].id : "";
			char *p = qip_strdup(parent);
			if (st && yseq(st, "statements", d))
				for (int j = 0; j < st->n; j++)
					check_entry(fw, st->kids[j], QIP_FW_STATEMENT, NULL, p,
						    "a statement", NULL, d);
			free(p);
		}
	}
	if (v[6] && yseq(v[6], "evidence_categories", d))
		for (int i = 0; i < v[6]->n; i++)
			check_entry(fw, v[6]->kids[i], QIP_FW_CATEGORY, &qip_vocab_category, "",
				    "an evidence category", NULL, d);
}

int qip_framework_parse(const char *buf, size_t len, struct qip_framework **out,
			struct qip_diags *d)
{
	*out = NULL;
	int before = d->n;
	struct ynode *root = ydoc_parse(buf, len, d);
	if (!root)
		return QIP_EINVAL;
	struct qip_framework *fw = qip_xcalloc(1, sizeof *fw);
	check_framework(root, fw, d);
	ynode_free(root);
	if (d->n > before) {
		qip_framework_free(fw);
		return QIP_EINVAL;
	}
	*out = fw;
	return QIP_OK;
}

int qip_framework_load_file(const char *path, struct qip_framework **out, struct qip_diags *d)
{
	char *buf;
	size_t len;
	*out = NULL;
	if (!ydoc_read_file(path, &buf, &len, d))
		return QIP_EINVAL;
	int rc = qip_framework_parse(buf, len, out, d);
	free(buf);
	return rc;
}

void qip_frameworks_free(struct qip_frameworks *s)
{
	for (int i = 0; i < s->n; i++)
		qip_framework_free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static void frameworks_add(struct qip_frameworks *s, struct qip_framework *fw)
{
	s->v = qip_xrealloc(s->v, (size_t)(s->n + 1) * sizeof *s->v);
	s->v[s->n++] = fw;
}

static int yaml_only(const struct dirent *e)
{
	size_t n = strlen(e->d_name);
	return e->d_name[0] != '.' && n > 5 && !strcmp(e->d_name + n - 5, ".yaml");
}

int qip_frameworks_load_dir(const char *datadir, struct qip_frameworks *out, char *err, size_t errsz)
{
	memset(out, 0, sizeof *out);
	char *dir = qip_printf("%s/frameworks", datadir);
	struct dirent **names = NULL;
	int n = scandir(dir, &names, yaml_only, alphasort);
	int rc = QIP_OK;
	if (n <= 0) {
		snprintf(err, errsz, "no framework file (*.yaml) in %s", dir);
		rc = QIP_ENOTFOUND;
	}
	for (int i = 0; i < n; i++) {
		char *path = qip_printf("%s/%s", dir, names[i]->d_name);
		struct qip_diags d;
		qip_diags_init(&d, path);
		struct qip_framework *fw;
		if (rc == QIP_OK && qip_framework_load_file(path, &fw, &d) == QIP_OK) {
			frameworks_add(out, fw);
		} else if (rc == QIP_OK) {
			char *sum = qip_diags_summary(&d);
			snprintf(err, errsz, "%s", sum);
			free(sum);
			rc = QIP_EINVAL;
		}
		qip_diags_free(&d);
		free(path);
		free(names[i]);
	}
	free(names);
	free(dir);
	if (rc)
		qip_frameworks_free(out);
	return rc;
}

int qip_frameworks_load_db(struct qip_db *db, struct qip_frameworks *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT f.id, f.key, f.version, f.title, i.item, i.title FROM framework f"
		" JOIN framework_item i ON i.framework_id = f.id AND i.kind = 'statement'"
		" ORDER BY f.id, i.position");
	if (!st)
		return QIP_EDB;
	int64_t last = -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id != last) {
			struct qip_framework *fw = qip_xcalloc(1, sizeof *fw);
			fw->key = qip_col_strdup(st, 1);
			fw->version = qip_col_strdup(st, 2);
			fw->title = qip_col_strdup(st, 3);
			frameworks_add(out, fw);
			last = id;
		}
		add_item(out->v[out->n - 1], QIP_FW_STATEMENT, (const char *)sqlite3_column_text(st, 4),
			 "", (const char *)sqlite3_column_text(st, 5));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		qip_frameworks_free(out);
		return qip_db_sqlite_fail(db, rc);
	}
	return QIP_OK;
}

bool qip_frameworks_has_statement(const struct qip_frameworks *s, const char *id)
{
	for (int i = 0; i < s->n; i++)
		for (int j = 0; j < s->v[i]->nitems; j++)
			if (s->v[i]->items[j].kind == QIP_FW_STATEMENT && !strcmp(s->v[i]->items[j].id, id))
				return true;
	return false;
}

const char *qip_frameworks_suggest_statement(const struct qip_frameworks *s, const char *id)
{
	const char *best = NULL;
	int best_d = 4;   /* statement ids are long: allow a few slips */
	for (int i = 0; i < s->n; i++) {
		for (int j = 0; j < s->v[i]->nitems; j++) {
			const struct qip_fw_item *it = &s->v[i]->items[j];
			if (it->kind != QIP_FW_STATEMENT)
				continue;
			int dist = qip_text_distance(id, it->id);
			if (dist < best_d) {
				best_d = dist;
				best = it->id;
			}
		}
	}
	return best;
}

/* The imported items of a framework row, in the file's order, as one
 * string: comparing two of them tells whether a re-import changed anything. */
static void canon_add(char **s, size_t *len, const char *kind, const char *id,
		      const char *parent, const char *title)
{
	char *part = qip_printf("%s\x1f%s\x1f%s\x1f%s\x1e", kind, id, parent, title);
	size_t n = strlen(part);
	*s = qip_xrealloc(*s, *len + n + 1);
	memcpy(*s + *len, part, n + 1);
	*len += n;
	free(part);
}

static int same_as_stored(struct qip_db *db, int64_t fid, const struct qip_framework *fw,
			  bool *same)
{
	char *a = qip_strdup(""), *b = qip_strdup("");
	size_t alen = 0, blen = 0;
	for (int i = 0; i < fw->nitems; i++)
		canon_add(&a, &alen, qip_fw_kind_name(fw->items[i].kind), fw->items[i].id,
			  fw->items[i].parent, fw->items[i].title);
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT kind, item, parent, title FROM framework_item WHERE framework_id = ?1 ORDER BY position");
	int rc = st ? SQLITE_OK : SQLITE_ERROR;
	if (st) {
		sqlite3_bind_int64(st, 1, fid);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			canon_add(&b, &blen, (const char *)sqlite3_column_text(st, 0),
				  (const char *)sqlite3_column_text(st, 1),
				  (const char *)sqlite3_column_text(st, 2),
				  (const char *)sqlite3_column_text(st, 3));
		sqlite3_reset(st);
	}
	*same = alen == blen && !memcmp(a, b, alen);
	free(a);
	free(b);
	if (!st)
		return QIP_EDB;
	return rc == SQLITE_DONE ? QIP_OK : qip_db_sqlite_fail(db, rc);
}

static int import_in_tx(struct qip_db *db, const struct qip_framework *fw,
			enum qip_import_result *res)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT id, title FROM framework WHERE key = ?1 AND version = ?2");
	if (!st)
		return QIP_EDB;
	qip_bind_text(st, 1, fw->key);
	qip_bind_text(st, 2, fw->version);
	int src = sqlite3_step(st);
	int64_t fid = src == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	bool same_title = src == SQLITE_ROW &&
		!strcmp((const char *)sqlite3_column_text(st, 1), fw->title);
	sqlite3_reset(st);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return qip_db_sqlite_fail(db, src);
	if (fid) {
		bool same;
		int rc = same_as_stored(db, fid, fw, &same);
		if (rc)
			return rc;
		if (!same || !same_title)
			return qip_db_fail(db, QIP_EREFUSED,
				"framework %s version %s is already loaded with different content: give the changed file a new version",
				fw->key, fw->version);
		*res = QIP_UNCHANGED;
		return QIP_OK;
	}
	st = qip_db_stmt(db, "INSERT INTO framework(key, version, title) VALUES (?1, ?2, ?3)");
	if (!st)
		return QIP_EDB;
	qip_bind_text(st, 1, fw->key);
	qip_bind_text(st, 2, fw->version);
	qip_bind_text(st, 3, fw->title);
	int rc = qip_db_exec_stmt(db, st);
	if (rc)
		return rc;
	fid = sqlite3_last_insert_rowid(qip_db_handle(db));
	for (int i = 0; rc == QIP_OK && i < fw->nitems; i++) {
		const struct qip_fw_item *it = &fw->items[i];
		st = qip_db_stmt(db, "INSERT INTO framework_item(framework_id, kind, item, parent, title, position)"
				     " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
		if (!st)
			return QIP_EDB;
		sqlite3_bind_int64(st, 1, fid);
		qip_bind_text(st, 2, qip_fw_kind_name(it->kind));
		qip_bind_text(st, 3, it->id);
		qip_bind_text(st, 4, it->parent);
		qip_bind_text(st, 5, it->title);
		sqlite3_bind_int(st, 6, i + 1);
		rc = qip_db_exec_stmt(db, st);
	}
	*res = QIP_IMPORTED;
	return rc;
}

static int import_unchecked(struct qip_db *db, const struct qip_framework *fw,
			    enum qip_import_result *res)
{
	int rc = qip_db_begin(db);
	if (rc)
		return rc;
	return qip_db_end(db, import_in_tx(db, fw, res));
}

/* Who may import is the core's decision, so every front end refuses the
 * same people with the same message. */
int qip_framework_import(struct qip_db *db, const struct qip_framework *fw,
			 enum qip_import_result *res)
{
	int rc = qip_permission_check(db, QIP_PERM_ADMIN, 0, 0);
	return rc ? rc : import_unchecked(db, fw, res);
}

static int import_file(struct qip_db *db, const char *path, bool check_writer)
{
	struct qip_diags d;
	qip_diags_init(&d, path);
	struct qip_framework *fw;
	int rc = qip_framework_load_file(path, &fw, &d);
	if (rc) {
		char *sum = qip_diags_summary(&d);
		qip_db_fail(db, rc, "%s", sum);
		free(sum);
	} else {
		enum qip_import_result res;
		rc = check_writer ? qip_framework_import(db, fw, &res) : import_unchecked(db, fw, &res);
		qip_framework_free(fw);
	}
	qip_diags_free(&d);
	return rc;
}

int qip_framework_import_file(struct qip_db *db, const char *path)
{
	return import_file(db, path, true);
}

int qip_framework_import_file_bundled(struct qip_db *db, const char *path)
{
	return import_file(db, path, false);
}

int qip_framework_rows(struct qip_db *db, const char *key, const char *version,
		       struct qip_fw_row **rows, int *n)
{
	*rows = NULL;
	*n = 0;
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT f.key, f.version, i.kind, i.item, i.parent, i.title FROM framework f"
		" JOIN framework_item i ON i.framework_id = f.id"
		" WHERE (?1 IS NULL OR f.key = ?1) AND (?2 IS NULL OR f.version = ?2)"
		" ORDER BY f.key, f.id, i.position");
	if (!st)
		return QIP_EDB;
	qip_bind_text(st, 1, key);
	qip_bind_text(st, 2, version);
	int rc, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*rows = qip_xrealloc(*rows, (size_t)cap * sizeof **rows);
		}
		struct qip_fw_row *r = &(*rows)[(*n)++];
		r->key = qip_col_strdup(st, 0);
		r->version = qip_col_strdup(st, 1);
		r->kind = qip_col_strdup(st, 2);
		r->id = qip_col_strdup(st, 3);
		r->parent = qip_col_strdup(st, 4);
		r->title = qip_col_strdup(st, 5);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		qip_fw_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
		return qip_db_sqlite_fail(db, rc);
	}
	return QIP_OK;
}

void qip_fw_rows_free(struct qip_fw_row *rows, int n)
{
	for (int i = 0; i < n; i++) {
		free(rows[i].key);
		free(rows[i].version);
		free(rows[i].kind);
		free(rows[i].id);
		free(rows[i].parent);
		free(rows[i].title);
	}
	free(rows);
}

char *qip_framework_statement_title(struct qip_db *db, const char *id)
{
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT i.title FROM framework_item i JOIN framework f ON f.id = i.framework_id"
		" WHERE i.kind = 'statement' AND i.item = ?1 ORDER BY f.loaded_at DESC, f.id DESC LIMIT 1");
	char *title = NULL;
	if (st) {
		qip_bind_text(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			title = qip_col_strdup(st, 0);
		sqlite3_reset(st);
	}
	return title ? title : qip_strdup(id ? id : "");
}
