/* qip template check|import|list|show */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "qip/paths.h"
#include "qip/template.h"
#include "qip/text.h"
#include "qip/vocab.h"

static const char notes[] =
	"Audit templates are YAML files; their format is in qip-template(5).\n"
	"  check    validate files without touching the database: every problem\n"
	"           is printed as FILE:LINE:COLUMN: message (exit status 2).\n"
	"           Quality statements are checked against the bundled framework\n"
	"           files, and against each --framework FILE as well (repeatable;\n"
	"           for a framework imported into the database from a file)\n"
	"  import   validate, then import; nothing is imported if any file has a\n"
	"           problem. A higher version of a key supersedes the one in use;\n"
	"           audits already made keep the version they were made with\n"
	"  list     the version in use of each template (--all: every version)\n"
	"  show     a template's questions (--yaml: the file as it was imported)\n";

/* "10 people", "1 room", "5 staff". */
static const char *subjects(const struct qip_template *t)
{
	static const char *const plural[] = { "people", "rooms", "records", "staff", "subjects" };
	if (t->sample_size == 1)
		return qip_subject_name(t->subject);
	return (int)t->subject >= 0 && (int)t->subject < 5 ? plural[t->subject] : "subjects";
}

/* The frameworks that check validates statement ids against: the bundled
 * files, then each --framework file (problems in one are printed, and
 * nothing is checked). Never the database. */
static int check_frameworks(struct qip_frameworks *fws, int nextra, const char *const *extra)
{
	char err[600];
	int rc = qip_frameworks_load_dir(qip_data_dir(), fws, err, sizeof err);
	if (rc)
		return cli_fail(QIP_EDB, "cannot check quality statements: %s", err);
	int bad = 0;
	for (int i = 0; i < nextra; i++) {
		struct qip_diags d;
		qip_diags_init(&d, extra[i]);
		struct qip_framework *fw;
		if (qip_framework_load_file(extra[i], &fw, &d) == QIP_OK) {
			fws->v = qip_xrealloc(fws->v, (size_t)(fws->n + 1) * sizeof *fws->v);
			fws->v[fws->n++] = fw;
		} else {
			qip_diags_print(&d, stderr);
			bad++;
		}
		qip_diags_free(&d);
	}
	if (bad) {
		qip_frameworks_free(fws);
		return cli_fail(QIP_EINVAL, "nothing checked: %d framework file%s with problems", bad,
				bad == 1 ? "" : "s");
	}
	return CLI_OK;
}

static int check_files(int n, char **files, int nextra, const char *const *extra)
{
	struct qip_frameworks fws;
	int rc = check_frameworks(&fws, nextra, extra);
	if (rc)
		return rc;
	int bad = 0;
	for (int i = 0; i < n; i++) {
		struct qip_diags d;
		qip_diags_init(&d, files[i]);
		struct qip_template *t;
		if (qip_template_load_file(files[i], &fws, &t, NULL, NULL, &d) == QIP_OK) {
			char *f = qip_text_escape(files[i]);
			printf("%s: ok (%s version %d, %d question%s", f, t->key, t->version, t->nquestions,
			       t->nquestions == 1 ? "" : "s");
			if (t->sampled)
				printf(", asked for %d %s", t->sample_size, subjects(t));
			printf(")\n");
			free(f);
			qip_template_free(t);
		} else {
			fflush(stdout);
			qip_diags_print(&d, stderr);
			bad++;
		}
		qip_diags_free(&d);
	}
	qip_frameworks_free(&fws);
	return bad ? CLI_USAGE : CLI_OK;
}

static int import_files(struct cli *c, int n, char **files)
{
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	/* Who may import is the core's decision (qip_template_import). */
	struct qip_frameworks fws = { 0 };
	int rc = qip_frameworks_load_db(db, &fws);
	if (rc)
		return cli_db_fail(c, rc);
	if (fws.n == 0) {
		qip_frameworks_free(&fws);
		return cli_fail(QIP_EREFUSED, "no framework is loaded, so quality statements cannot be checked: run qip init first");
	}
	/* Every file is validated before anything is written. */
	struct qip_template **t = qip_xcalloc((size_t)n, sizeof *t);
	char **body = qip_xcalloc((size_t)n, sizeof *body);
	size_t *len = qip_xcalloc((size_t)n, sizeof *len);
	int bad = 0;
	for (int i = 0; i < n; i++) {
		struct qip_diags d;
		qip_diags_init(&d, files[i]);
		if (qip_template_load_file(files[i], &fws, &t[i], &body[i], &len[i], &d) != QIP_OK) {
			qip_diags_print(&d, stderr);
			bad++;
		}
		qip_diags_free(&d);
	}
	qip_frameworks_free(&fws);
	enum qip_import_result *res = qip_xcalloc((size_t)n, sizeof *res);
	int *current = qip_xcalloc((size_t)n, sizeof *current);
	int out = CLI_OK;
	if (bad) {
		out = cli_fail(QIP_EINVAL, "nothing imported: %d file%s with problems", bad, bad == 1 ? "" : "s");
	} else {
		rc = qip_db_begin(db);
		for (int i = 0; rc == QIP_OK && i < n; i++)
			rc = qip_template_import(db, t[i], body[i], len[i], &res[i], &current[i]);
		rc = qip_db_end(db, rc);   /* all files or none */
		if (rc)
			out = cli_fail(rc, "nothing imported: %s", qip_db_error(db));
	}
	for (int i = 0; out == CLI_OK && i < n; i++) {
		const char *k = t[i]->key;
		int v = t[i]->version;
		switch (res[i]) {
		case QIP_IMPORTED:
			printf("imported %s version %d\n", k, v);
			break;
		case QIP_SUPERSEDED:
			printf("imported %s version %d: it replaces version %d (audits made with that keep it)\n",
			       k, v, current[i]);
			break;
		case QIP_UNCHANGED:
			printf("%s version %d is already imported (unchanged)\n", k, v);
			break;
		case QIP_OLDER:
			printf("not imported: %s version %d is older than version %d, which is in use\n",
			       k, v, current[i]);
			break;
		}
	}
	for (int i = 0; i < n; i++) {
		qip_template_free(t[i]);
		free(body[i]);
	}
	free(t);
	free(body);
	free(len);
	free(res);
	free(current);
	return out;
}

static int list_templates(struct cli *c, bool all, enum cli_format fmt)
{
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	struct qip_template_info *v;
	int n;
	int rc = qip_template_list(db, all, &v, &n);
	if (rc)
		return cli_db_fail(c, rc);
	static const struct cli_col cols[] = {
		{ "key", 20, false }, { "version", 7, true }, { "frequency", 11, false },
		{ "target", 6, true }, { "key_question", 12, false }, { "title", 0, false },
		{ "versions", 8, true } };
	/* On a terminal the title gets the room; superseded rows are marked. */
	struct cli_table *tb = cli_table_begin(c, fmt, cols, fmt == CLI_TABLE ? 6 : 7);
	for (int i = 0; i < n; i++) {
		char ver[16], vers[16], target[QIP_NUMBER_LEN];
		snprintf(ver, sizeof ver, "%d", v[i].version);
		snprintf(vers, sizeof vers, "%d", v[i].versions);
		qip_number_format(v[i].target, target);
		const char *cells[] = { v[i].key, ver, v[i].frequency, target,
					v[i].key_question, v[i].title, vers };
		/* A superseded version is marked, so --all reads at a glance. */
		cli_table_row(tb, cells, v[i].version < v[i].latest ? "-" : "", CLI_HL_NONE);
	}
	cli_table_end(tb);
	qip_template_info_free(v, n);
	if (n == 0 && fmt == CLI_TABLE)
		fprintf(stderr, "qip: no templates imported yet: run qip init, or qip template import FILE\n");
	return CLI_OK;
}

/* Prints untrusted text escaped. */
static void put(const char *prefix, const char *s, const char *suffix)
{
	char *e = qip_text_escape(s ? s : "");
	printf("%s%s%s", prefix, e, suffix);
	free(e);
}

static void show_question(const struct qip_template *t, const struct qip_question *q)
{
	put("  ", q->id, ": ");
	put("", q->text, "\n");
	char lo[QIP_NUMBER_LEN], hi[QIP_NUMBER_LEN];
	printf("      %s", qip_qtype_name(q->type));
	if (q->type == QIP_Q_NUMBER && (q->has_min || q->has_max)) {
		printf(", passes ");
		if (q->has_min && q->has_max)
			printf("%s to %s", qip_number_format(q->min, lo), qip_number_format(q->max, hi));
		else if (q->has_min)
			printf("at least %s", qip_number_format(q->min, lo));
		else
			printf("at most %s", qip_number_format(q->max, hi));
		if (q->unit)
			put(" ", q->unit, "");
	} else if (q->type == QIP_Q_NUMBER) {
		printf(", recorded, not scored");
	}
	if (q->type == QIP_Q_CHOICE) {
		printf(":");
		for (int i = 0; i < q->nchoices; i++) {
			put(i ? ", " : " ", q->choices[i].label, "");
			printf(" %s%s", qip_number_format(q->choices[i].score, lo), q->choices[i].fail ? " (fails)" : "");
		}
	}
	if (q->weight != 1 && qip_question_scored(q))
		printf(", weight %s", qip_number_format(q->weight, lo));
	if (q->critical)
		printf(", critical");
	printf("\n");
	if (q->guidance)
		put("      guidance: ", q->guidance, "\n");
	if (q->evidence)
		put("      evidence: ", q->evidence, "\n");
	if (q->on_fail) {
		put("      on failure: ", q->on_fail->action, "");
		const char *role = q->on_fail->owner_role ? q->on_fail->owner_role : t->owner_role;
		printf(" (%s, due in %d day%s)\n", role ? role : "no owner role", q->on_fail->due_days,
		       q->on_fail->due_days == 1 ? "" : "s");
		if (q->on_fail->outcome)
			put("        outcome: ", q->on_fail->outcome, "\n");
	}
}

static int show_template(struct cli *c, const char *key, int version, bool yaml)
{
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	struct qip_template *t;
	struct qip_template_info info;
	char *body;
	int rc = qip_template_get(db, key, version, &t, &info, &body);
	if (rc)
		return cli_db_fail(c, rc);
	if (yaml) {
		/* Escaped per line, so the YAML still reads as YAML. */
		for (char *line = body, *nl; *line; line = nl + 1) {
			nl = strchr(line, '\n');
			if (!nl) {
				put("", line, "\n");
				break;
			}
			*nl = '\0';
			put("", line, "\n");
		}
	} else {
		printf("%s version %d%s\n", t->key, t->version,
		       info.version < info.latest ? " (superseded)" : "");
		put("", t->title, "\n");
		if (t->description)
			put("\n", t->description, "\n");
		printf("\n");
		if (t->area)
			printf("area:          %s\n", t->area);
		if (t->key_question >= 0)
			printf("key question:  %s\n", qip_vocab_name(&qip_vocab_key_question, t->key_question));
		for (int i = 0; i < t->nstatements; i++)
			printf("%s%s\n", i ? "               " : "statements:    ", t->statements[i]);
		printf("frequency:     %s\n", qip_frequency_name(t->frequency));
		char target[QIP_NUMBER_LEN];
		printf("target:        %s%%, and no critical question failed\n", qip_number_format(t->target, target));
		printf("N/A answers:   %s\n", t->na == QIP_NA_PASS ? "count as met" : "left out of the total");
		if (t->owner_role)
			printf("owner role:    %s\n", t->owner_role);
		if (t->sampled)
			printf("sample:        %d %s\n", t->sample_size, subjects(t));
		printf("imported:      %s (%d version%s of %s)\n", info.imported_at, info.versions,
		       info.versions == 1 ? "" : "s", t->key);
		for (int s = 0; s < t->nsections; s++) {
			const struct qip_section *sec = &t->sections[s];
			put("\n", sec->title, "");
			if (t->sampled && !sec->once)
				printf(" (for each %s)", qip_subject_name(t->subject));
			else if (t->sampled)
				printf(" (once per audit)");
			printf("\n");
			for (int i = sec->first; i < sec->first + sec->count; i++)
				show_question(t, &t->questions[i]);
		}
	}
	qip_template_free(t);
	qip_template_info_clear(&info);
	free(body);
	return CLI_OK;
}

enum { OPT_FRAMEWORK, OPT_ALL, OPT_VERSION, OPT_YAML };
static const struct cli_opt o_framework = {
	OPT_FRAMEWORK, "framework", "FRAMEWORK-FILE", "check statements against this framework file too", true,
	/* import checks against the database, list and show read it: a
	 * framework file would change nothing there. */
	"import checks quality statements against the frameworks in the database"
	" (load one with qip framework import FILE)" },
	o_all = { OPT_ALL, "all", NULL, "every version, superseded ones marked '-'" },
	o_version = { OPT_VERSION, "version", "N", "that version (default: the one in use)" },
	o_yaml = { OPT_YAML, "yaml", NULL, "the file as it was imported" };

static int check(struct cli *c, const struct cli_args *a)
{
	(void)c;
	if (a->npos < 1)
		return cli_fail(QIP_EINVAL, "template check: give one or more template files");
	return check_files(a->npos, a->pos, a->nvalues[OPT_FRAMEWORK], a->values[OPT_FRAMEWORK]);
}

static int import(struct cli *c, const struct cli_args *a)
{
	if (a->npos < 1)
		return cli_fail(QIP_EINVAL, "template import: give one or more template files");
	return import_files(c, a->npos, a->pos);
}

static int list(struct cli *c, const struct cli_args *a)
{
	if (a->npos > 0)
		return cli_fail(QIP_EINVAL, "template list: unexpected argument '%s'", a->pos[0]);
	return list_templates(c, a->value[OPT_ALL] != NULL, a->fmt);
}

static int show(struct cli *c, const struct cli_args *a)
{
	long v = 0;
	if (a->value[OPT_VERSION]) {
		char *end;
		v = strtol(a->value[OPT_VERSION], &end, 10);
		if (*end || end == a->value[OPT_VERSION] || v < 1 || v > 1000000)
			return cli_fail(QIP_EINVAL, "--version '%s': give a version number such as 2", a->value[OPT_VERSION]);
	}
	if (a->npos != 1)
		return cli_fail(QIP_EINVAL, "template show: give one template key (see: qip template list)");
	return show_template(c, a->pos[0], (int)v, a->value[OPT_YAML] != NULL);
}

const struct cli_group cli_group_template = {
	"template", "check, import, list and show audit templates", notes,
	(const struct cli_command[]){
		{ "check", "FILE...", "validate template files without touching the database",
		  (const struct cli_opt *const[]){ &o_framework, NULL }, .run = check },
		{ "import", "FILE...", "validate, then import (nothing if any file has a problem)", NULL,
		  .writes = true, .run = import },
		{ "list", NULL, "the version in use of each template",
		  (const struct cli_opt *const[]){ &o_all, NULL }, .format = true, .run = list },
		{ "show", "KEY", "a template's questions",
		  (const struct cli_opt *const[]){ &o_version, &o_yaml, NULL }, .run = show },
		{ 0 } },
};
