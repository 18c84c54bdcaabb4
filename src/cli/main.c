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
#include "qip/privilege.h"
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
	      "  --db PATH    the database (default: $QIP_DB, else $XDG_DATA_HOME/qip/qip.db;\n"
	      "               a qip installed for a shared server: the shared database)\n"
	      "  --read-only  open the database read-only: look, change nothing\n"
	      "  --version    print the version\n"
	      "  -h, --help   this help; every command also takes --help\n"
	      "\n"
	      "Run 'qip COMMAND --help' for a command's options; 'man qip' for the rest.\n", out);
}

static int run_tui(struct cli *c)
{
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	/* Someone is watching the screen: its own 5 s, and nothing on stderr. */
	qip_db_set_busy_timeout(db, 5000);
	qip_db_on_long_wait(db, NULL);
	return qip_tui_run(db) == 0 ? CLI_OK : CLI_FAIL;
}

int qip_main(int argc, char **argv)
{
	qip_privilege_init();
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
			/* tools/setup-shared-server reads the shared database here. */
			printf("qip %s (shared database: %s)\n", QIP_VERSION, qip_shared_db_path());
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
	if (qip_privileged()) {
		/* The group opens the shared database alone, by its configured
		 * name; any other file is opened with the user's own rights. */
		bool shared = qip_is_shared_db(c.db_path);
		if (shared) {
			free((char *)c.db_path);
			c.db_path = qip_strdup(qip_shared_db_path());
		}
		int e = qip_privilege_choose(shared);
		if (e) {
			free((char *)c.db_path);
			return cli_fail(QIP_EDB, "cannot change group: %s", strerror(e));
		}
	}
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
