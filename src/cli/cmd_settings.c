/* qip settings show|check|import: the escalation rules' thresholds. */
#include <stdio.h>
#include <stdlib.h>

#include "command.h"
#include "qip/settings.h"
#include "qip/text.h"

static const char notes[] =
	"Settings come from, in order, each overriding the one before: the\n"
	"defaults, $QIP_SETTINGS (else /etc/qip/settings.yaml), qip-settings.yaml\n"
	"next to the database, and the settings imported into the database.\n"
	"The file format is in qip-settings(5).\n";

static const char *const sources[] = { "default", "system file", "file next to the database", "database" };

static int show(struct cli *c, const struct cli_args *a)
{
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	struct qip_settings s;
	struct qip_diags d;
	qip_diags_init(&d, NULL);
	int rc = qip_settings_load(db, &s, &d);
	/* Settings that do not climb are still shown, to find the culprit. */
	bool shown_anyway = rc == QIP_EINVAL && d.n == 0;
	if (rc && !shown_anyway) {
		qip_diags_print(&d, stderr);
		qip_diags_free(&d);
		qip_settings_clear(&s);
		return cli_db_fail(c, rc);
	}
	qip_diags_free(&d);
	const struct cli_col cols[] = { { "key", 24, false }, { "value", 6, false }, { "from", 26, false },
					{ "means", 0, false } };
	struct cli_table *t = cli_table_begin(c, a->fmt, cols, 4);
	for (int i = 0; i < QIP_SETTING_COUNT; i++) {
		char v[16];
		if (qip_setting_is_switch(i))
			snprintf(v, sizeof v, "%s", s.value[i] ? "true" : "false");
		else
			snprintf(v, sizeof v, "%d", s.value[i]);
		const char *from = s.source[i] == QIP_FROM_SYSTEM_FILE ? s.file[0]
			: s.source[i] == QIP_FROM_DB_FILE ? s.file[1] : sources[s.source[i]];
		const char *cells[] = { qip_setting_key(i), v, from, qip_setting_help(i) };
		cli_table_row(t, cells, "", CLI_HL_NONE);
	}
	cli_table_end(t);
	qip_settings_clear(&s);
	return shown_anyway ? cli_db_fail(c, rc) : CLI_OK;
}

static int check(struct cli *c, const struct cli_args *a)
{
	(void)c;
	if (a->npos < 1)
		return cli_fail(QIP_EINVAL, "settings check: give the settings file");
	int bad = 0;
	for (int i = 0; i < a->npos; i++) {
		struct qip_settings s;
		struct qip_diags d;
		qip_settings_defaults(&s);
		qip_diags_init(&d, a->pos[i]);
		char *f = qip_text_escape(a->pos[i]);
		if (qip_settings_read_file(a->pos[i], &s, QIP_FROM_SYSTEM_FILE, &d))
			printf("%s: ok\n", f);
		else {
			fflush(stdout);
			qip_diags_print(&d, stderr);
			bad++;
		}
		free(f);
		qip_diags_free(&d);
	}
	return bad ? CLI_USAGE : CLI_OK;
}

static int import(struct cli *c, const struct cli_args *a)
{
	if (a->npos != 1)
		return cli_fail(QIP_EINVAL, "settings import: give one settings file");
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	struct qip_diags d;
	qip_diags_init(&d, a->pos[0]);
	int rc = qip_settings_import(db, a->pos[0], &d);
	if (rc && d.n)
		qip_diags_print(&d, stderr);
	qip_diags_free(&d);
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

const struct cli_group cli_group_settings = {
	"settings", "show, check and import the escalation rules' settings", notes,
	(const struct cli_command[]){
		{ "show", NULL, "the settings in force and where each comes from", NULL, .format = true, .run = show },
		{ "check", "FILE...", "check settings files (FILE:LINE:COLUMN for each problem)", NULL, .run = check },
		{ "import", "FILE", "make a file's settings the database's own (replacing those imported before)",
		  NULL, .writes = true, .run = import },
		{ 0 } },
};
