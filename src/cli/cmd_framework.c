/* qip framework list|check|import */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "qip/framework.h"
#include "qip/text.h"

static const char notes[] =
	"The assessment framework (the CQC Single Assessment Framework) is data:\n"
	"key questions, quality statements and evidence categories, loaded by qip\n"
	"init from the bundled file. A new version is a new file; versions live\n"
	"side by side and actions keep the statement ids they were tagged with.\n";

/* The wider of w and s's display width, at most 64. */
static int max_width(int w, const char *s)
{
	int sw = qip_text_width(s);
	if (sw > 64)
		sw = 64;
	return sw > w ? sw : w;
}

static int list_items(struct cli *c, const char *key, const char *version, enum cli_format fmt)
{
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	struct qip_fw_row *rows;
	int n;
	int rc = qip_framework_rows(db, key, version, &rows, &n);
	if (rc)
		return cli_db_fail(c, rc);
	/* Several frameworks, and several versions of one, can be loaded: the
	 * table shows both in full. The framework, version and id columns are
	 * as wide as their longest value (people copy ids and versions from
	 * them), up to the 64 characters a slug may have. */
	int keyw = (int)strlen("framework"), verw = (int)strlen("version"), idw = 10;
	for (int i = 0; i < n; i++) {
		keyw = max_width(keyw, rows[i].key);
		verw = max_width(verw, rows[i].version);
		idw = max_width(idw, rows[i].id);
	}
	const struct cli_col table_cols[] = {
		{ "framework", keyw, false }, { "version", verw, false }, { "kind", 12, false },
		{ "id", idw, false }, { "title", 0, false } };
	static const struct cli_col cols[] = {
		{ "framework", 10, false }, { "version", 8, false }, { "kind", 12, false },
		{ "id", 52, false }, { "key_question", 12, false }, { "title", 0, false } };
	bool table = fmt == CLI_TABLE;
	struct cli_table *t = cli_table_begin(c, fmt, table ? table_cols : cols, table ? 5 : 6);
	for (int i = 0; i < n; i++) {
		const struct qip_fw_row *r = &rows[i];
		const char *tc[] = { r->key, r->version, r->kind, r->id, r->title };
		const char *all[] = { r->key, r->version, r->kind, r->id, r->parent, r->title };
		cli_table_row(t, table ? tc : all, "", CLI_HL_NONE);
	}
	cli_table_end(t);
	qip_fw_rows_free(rows, n);
	if (n == 0)
		fprintf(stderr, "qip: no framework loaded%s: run qip init\n", key || version ? " that matches" : "");
	return CLI_OK;
}

static int check_files(struct cli *c, bool import, int n, char **files)
{
	struct qip_framework **fw = qip_xcalloc((size_t)n, sizeof *fw);
	int bad = 0;
	for (int i = 0; i < n; i++) {
		struct qip_diags d;
		qip_diags_init(&d, files[i]);
		if (qip_framework_load_file(files[i], &fw[i], &d) == QIP_OK) {
			if (!import) {
				char *f = qip_text_escape(files[i]);
				printf("%s: ok (%s version %s, %d items)\n", f, fw[i]->key, fw[i]->version,
				       fw[i]->nitems);
				free(f);
			}
		} else {
			fflush(stdout);
			qip_diags_print(&d, stderr);
			bad++;
		}
		qip_diags_free(&d);
	}
	int out = bad ? CLI_USAGE : CLI_OK;
	if (import && bad) {
		out = cli_fail(QIP_EINVAL, "nothing imported: %d file%s with problems", bad, bad == 1 ? "" : "s");
	} else if (import) {
		struct qip_db *db = cli_db(c);
		int rc = QIP_EDB;
		enum qip_import_result *res = qip_xcalloc((size_t)n, sizeof *res);
		/* Who may import is the core's decision (qip_framework_import). */
		if (db && (rc = qip_db_begin(db)) == QIP_OK) {
			for (int i = 0; rc == QIP_OK && i < n; i++)
				rc = qip_framework_import(db, fw[i], &res[i]);
			rc = qip_db_end(db, rc);
		}
		if (!db)
			out = CLI_FAIL;
		else if (rc)
			out = cli_fail(rc, "nothing imported: %s", qip_db_error(db));
		for (int i = 0; out == CLI_OK && i < n; i++)
			printf(res[i] == QIP_UNCHANGED ? "%s version %s is already loaded (unchanged)\n"
						       : "loaded %s version %s\n", fw[i]->key, fw[i]->version);
		free(res);
	}
	for (int i = 0; i < n; i++)
		qip_framework_free(fw[i]);
	free(fw);
	return out;
}

enum { OPT_KEY, OPT_VERSION };
static const struct cli_opt o_key = { OPT_KEY, "key", "KEY", "only this framework (cqc-saf)" },
	o_version = { OPT_VERSION, "version", "V", "only this version (2024)" };

static int list(struct cli *c, const struct cli_args *a)
{
	if (a->npos > 0)
		return cli_fail(QIP_EINVAL, "framework list: unexpected argument '%s'", a->pos[0]);
	return list_items(c, a->value[OPT_KEY], a->value[OPT_VERSION], a->fmt);
}

static int check_or_import(struct cli *c, const struct cli_args *a)
{
	if (a->npos < 1)
		return cli_fail(QIP_EINVAL, "%s: give one or more framework files", a->name);
	return check_files(c, !strcmp(a->name, "framework import"), a->npos, a->pos);
}

const struct cli_group cli_group_framework = {
	"framework", "list the CQC framework: key questions, quality statements", notes,
	(const struct cli_command[]){
		{ "list", NULL, "every item of every framework version loaded",
		  (const struct cli_opt *const[]){ &o_key, &o_version, NULL }, .format = true, .run = list },
		{ "check", "FILE...", "validate framework files (format in qip-template(5))", NULL, .run = check_or_import },
		{ "import", "FILE...", "validate, then load (the same version twice only if unchanged)", NULL,
		  .writes = true, .run = check_or_import },
		{ 0 } },
};
