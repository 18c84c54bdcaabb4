/* qip backup FILE, qip restore FILE */
#include <stdio.h>
#include <stdlib.h>

#include "command.h"
#include "qip/backup.h"
#include "qip/text.h"

static const char backup_notes[] =
	"Copies the database to FILE while others go on working: a consistent\n"
	"copy (SQLite's online backup), written under a temporary name, checked\n"
	"(integrity_check and its schema), saved to disk and only then given its\n"
	"name. FILE must not exist. The copy is yours (mode 0600), made with your\n"
	"own rights even by a qip installed for a shared server. Never copy an\n"
	"open database with cp.\n";

static int run_backup(struct cli *c, const struct cli_args *a)
{
	if (a->npos != 1)
		return cli_fail(QIP_EINVAL, "backup: give the file to write (qip backup FILE)");
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	int rc = qip_db_backup(db, a->pos[0]);
	if (rc)
		return cli_db_fail(c, rc);
	char *shown = qip_text_escape(a->pos[0]);
	printf("Backed up to %s (checked).\n", shown);
	free(shown);
	return CLI_OK;
}

const struct cli_group cli_group_backup = {
	"backup", "copy the database to a file while others work, and check the copy", backup_notes,
	(const struct cli_command[]){
		{ .args = "FILE", .summary = "copy the database to a file while others work, and check the copy",
		  .run = run_backup },
		{ 0 } },
};

enum { OPT_YES };
static const struct cli_opt yes_opt = { OPT_YES, "yes", NULL, "go ahead without asking" };

static const char restore_notes[] =
	"Replaces the database with the backup FILE, for an admin. It first checks\n"
	"the backup (a whole qip database of a schema this qip knows), then says\n"
	"what is in each and asks before replacing: everything recorded after the\n"
	"backup was made is lost from the database. The replaced file is kept\n"
	"beside it as NAME.replaced-TIME. Refused while anyone has qip open on the\n"
	"database: restore when everyone has left qip.\n";

static void describe(const char *what, const char *name, const struct qip_db_summary *s)
{
	char *shown = qip_text_escape(name);
	printf("  %s %s: schema %d, %lld actions, %lld evidence entries, last change %s\n", what, shown, s->schema,
	       (long long)s->actions, (long long)s->evidence, s->last_change[0] ? s->last_change : "none");
	free(shown);
}

static int run_restore(struct cli *c, const struct cli_args *a)
{
	if (a->npos != 1)
		return cli_fail(QIP_EINVAL, "restore: give the backup file (qip restore FILE)");
	struct qip_db_summary now = { 0 }, then = { 0 };
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	int rc = qip_db_may_restore(db);
	if (rc == QIP_OK)
		rc = qip_db_summarise(db, &now);
	if (rc)
		return cli_db_fail(c, rc);
	char *path = qip_strdup(qip_db_path(db));
	/* Closed before the file is replaced: a connection of this process
	 * would hide others' locks from the in-use check. */
	qip_db_close(db);
	c->db = NULL;
	char err[1024], *tmp = NULL, *kept = NULL;
	rc = qip_restore_prepare(a->pos[0], path, &tmp, &then, err, sizeof err);
	if (rc) {
		free(path);
		return cli_fail(rc, "%s", err);
	}
	puts("qip restore replaces the database with the backup:");
	describe("now:  ", path, &now);
	describe("with: ", a->pos[0], &then);
	puts("Everything recorded after the backup's last change is lost from the database;\n"
	     "the database as it is now is kept beside it as a .replaced- file.");
	fflush(stdout);
	rc = cli_confirm(a->value[OPT_YES] != NULL, "restore", "Replace the database with the backup?");
	if (rc == CLI_OK) {
		int r = qip_restore_commit(tmp, path, &kept, err, sizeof err);
		if (r)
			rc = cli_fail(r, "%s", err);
	}
	if (rc == CLI_OK) {
		char *shown = qip_text_escape(kept ? kept : "");
		printf("Restored. The replaced database is kept as %s.\n", kept ? shown : "(none: there was none)");
		free(shown);
	} else {
		qip_restore_abandon(tmp);
	}
	free(tmp);
	free(kept);
	free(path);
	return rc;
}

const struct cli_group cli_group_restore = {
	"restore", "replace the database with a backup (admin; nobody may have it open)", restore_notes,
	(const struct cli_command[]){
		{ .args = "FILE", .summary = "replace the database with a backup (admin; nobody may have it open)",
		  .opts = (const struct cli_opt *const[]){ &yes_opt, NULL }, .writes = true, .run = run_restore },
		{ 0 } },
};
