/* Opening the database for a command, creating it where the command may,
 * and asking before an irreversible step. Apart from main.c, so the
 * command table (and a test of it) does not pull in the full-screen
 * program. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "command.h"
#include "qip/paths.h"
#include "qip/permission.h"
#include "qip/person.h"
#include "qip/template.h"
#include "qip/text.h"

/* Makes the acting account the first person (admin) of an empty database
 * and loads the bundled data; for a new file, before it gets its name. */
static int initialise_db(struct qip_db *db, void *unused)
{
	(void)unused;
	int rc = qip_person_add_first_admin(db);
	if (rc == QIP_OK)
		rc = qip_data_import_bundled(db, qip_data_dir());
	return rc;
}

/* A command waits its turn behind other users' writes for up to two
 * minutes (the full-screen program keeps 5 s: someone is watching). */
enum { CLI_WRITE_WAIT_MS = 120000 };

static void say_waiting(void)
{
	fputs("qip: waiting for another user's write to finish...\n", stderr);
}

int cli_initialise(struct cli *c)
{
	return initialise_db(c->db, NULL);
}

struct qip_db *cli_db(struct cli *c)
{
	if (c->db)
		return c->db;
	char err[600];
	bool fresh = faccessat(AT_FDCWD, c->db_path, F_OK, AT_EACCESS) != 0;
	if (fresh && c->read_only) {
		c->open_status = cli_fail(QIP_ENOTFOUND, "no database at %s to open read-only", c->db_path);
		return NULL;
	}
	bool created = false;
	if (fresh && c->may_create) {
		int e = qip_make_parent_dirs(c->db_path);
		if (e) {
			c->open_status = cli_fail(QIP_EDB, "cannot create the folder for %s: %s", c->db_path, strerror(e));
			return NULL;
		}
		int rc = qip_db_create(c->db_path, initialise_db, NULL, &created, err, sizeof err);
		if (rc) {
			c->open_status = cli_fail(rc, "%s", err);
			return NULL;
		}
	}
	int rc = qip_db_open(c->db_path, c->read_only ? QIP_DB_READONLY : 0, &c->db, err, sizeof err);
	if (rc == QIP_OK && (rc = qip_permission_require_person(c->db))) {
		/* The record is the provider's: an account that is nobody in it
		 * neither reads nor writes it, and is told whom to ask. */
		snprintf(err, sizeof err, "%s", qip_db_error(c->db));
		qip_db_close(c->db);
		c->db = NULL;
	}
	if (rc) {
		c->open_status = cli_fail(rc, "%s", err);
		return NULL;
	}
	qip_db_set_busy_timeout(c->db, CLI_WRITE_WAIT_MS);
	if (isatty(STDERR_FILENO))
		qip_db_on_long_wait(c->db, say_waiting);
	if (qip_db_judging_another_day(c->db)) {
		char day[QIP_DATE_TEXT_LEN];
		fprintf(stderr, "qip: as of %s (QIP_TODAY): judged on that day; nothing can be changed\n",
			qip_date_text(qip_db_today(c->db), day));
	}
	if (created) {
		char *shown = qip_text_escape(c->db_path);
		fprintf(stderr, "qip: created a new database at %s; you (%s) are its admin\n", shown, qip_db_login(c->db));
		free(shown);
	}
	return c->db;
}

int cli_confirm(bool yes, const char *what, const char *question)
{
	if (yes)
		return CLI_OK;
	if (!isatty(STDIN_FILENO))
		return cli_fail(QIP_EINVAL, "%s: nothing changed, as there is no terminal to confirm on; add --yes to go ahead",
				what);
	char *shown = qip_text_escape(question);
	fprintf(stderr, "%s [y/N] ", shown);
	free(shown);
	fflush(stderr);
	char answer[64];
	if (!fgets(answer, sizeof answer, stdin) || (answer[0] != 'y' && answer[0] != 'Y')) {
		fputs("Nothing changed.\n", stderr);
		return CLI_FAIL;
	}
	return CLI_OK;
}

bool cli_parse_id(const char *s, int64_t *id)
{
	char *end;
	*id = strtoll(s, &end, 10);
	return *s && !*end && *id > 0;
}

int cli_id_arg(const struct cli_args *a, const char *noun, int64_t *id)
{
	if (a->npos < 1 || !cli_parse_id(a->pos[0], id))
		return cli_fail(QIP_EINVAL, "%s: give the %s's id (see: qip %s list)", a->name, noun, noun);
	return CLI_OK;
}

int cli_id_and_db(struct cli *c, const struct cli_args *a, const char *noun, int64_t *id, struct qip_db **db)
{
	int rc = cli_id_arg(a, noun, id);
	if (rc)
		return rc;
	if (!(*db = cli_db(c)))
		return c->open_status;
	return CLI_OK;
}
