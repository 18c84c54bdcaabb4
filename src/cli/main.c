/* qip [--db PATH] COMMAND ...: global options and dispatch. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "command.h"
#include "qip_main.h"
#include "qip/paths.h"
#include "qip/person.h"
#include "qip/template.h"
#include "qip/text.h"
#include "../tui/tui.h"
#include "qip_config.h"

static void usage(FILE *out)
{
	fputs("usage: qip [--db PATH] [COMMAND [ARGS...]]\n"
	      "\n"
	      "With no command, qip opens the full-screen program.\n"
	      "\n"
	      "commands:\n", out);
	cli_list_groups(out);
	fputs("\n"
	      "options:\n"
	      "  --db PATH    the database (default: $QIP_DB, else $XDG_DATA_HOME/qip/qip.db)\n"
	      "  --read-only  open the database read-only: look, change nothing\n"
	      "  --version    print the version\n"
	      "  -h, --help   this help; every command also takes --help\n"
	      "\n"
	      "Run 'qip COMMAND --help' for a command's options; 'man qip' for the rest.\n", out);
}

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

int cli_initialise(struct cli *c)
{
	return initialise_db(c->db, NULL);
}

struct qip_db *cli_db(struct cli *c)
{
	if (c->db)
		return c->db;
	char err[600];
	bool fresh = access(c->db_path, F_OK) != 0;
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
	if (rc) {
		c->open_status = cli_fail(rc, "%s", err);
		return NULL;
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

static int run_tui(struct cli *c)
{
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	return qip_tui_run(db) == 0 ? CLI_OK : CLI_FAIL;
}

int qip_main(int argc, char **argv)
{
	/* Only the character set comes from the locale: numbers are data, read
	 * and printed with a '.' whatever LC_NUMERIC says (95,5 is not JSON). */
	setlocale(LC_CTYPE, "");
	struct cli c = { .out = stdout };
	const char *color_env = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	c.color = isatty(STDOUT_FILENO) && !(color_env && *color_env) && term && strcmp(term, "dumb");
	char *db_path = NULL;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--db")) {
			if (i + 1 == argc) {
				free(db_path);
				return cli_fail(QIP_EINVAL, "--db needs a path");
			}
			free(db_path);
			db_path = qip_strdup(argv[++i]);
		} else if (!strncmp(argv[i], "--db=", 5)) {
			free(db_path);
			db_path = qip_strdup(argv[i] + 5);
		} else if (!strcmp(argv[i], "--read-only")) {
			c.read_only = true;
		} else if (!strcmp(argv[i], "--version")) {
			printf("qip %s\n", QIP_VERSION);
			free(db_path);
			return CLI_OK;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			free(db_path);
			return CLI_OK;
		} else {
			free(db_path);
			return cli_fail(QIP_EINVAL, "unknown option '%s' (see: qip --help)", argv[i]);
		}
	}
	if (db_path && !*db_path) {
		free(db_path);
		return cli_fail(QIP_EINVAL, "--db needs a path");
	}
	c.db_path = db_path ? db_path : qip_default_db_path();
	int rc;
	if (i == argc) {
		c.may_create = true;   /* a first start */
		rc = run_tui(&c);
	} else {
		rc = cli_run(&c, argc - i, argv + i);
	}
	qip_db_close(c.db);
	free((char *)c.db_path);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("qip: writing output");
		return CLI_FAIL;
	}
	return rc;
}
