/* Shared plumbing of the command line: the database the command works on,
 * output in table/tsv/json, and the exit codes. The commands themselves
 * are rows of the command table (command.h), one file per group
 * (cmd_action.c, cmd_person.c ...). */
#ifndef QIP_CLI_H
#define QIP_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "qip/db.h"

/* Exit codes: 0 ok, 1 refused or failed, 2 bad usage or bad input. */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

enum cli_format { CLI_TABLE, CLI_TSV, CLI_JSON };

struct cli {
	const char *db_path;   /* --db, $QIP_DB, or the XDG default */
	struct qip_db *db;     /* opened on first use by cli_db() */
	bool color;            /* stdout is a terminal and NO_COLOR is unset */
	FILE *out;
	int open_status;       /* exit code when cli_db() failed */
	bool may_create;       /* init, demo and a first start create a missing file */
	bool read_only;        /* --read-only: change nothing (a projector in a governance
				* meeting; the TUI's read-only tests) */
};

/* Opens the database, migrating an older one, or prints why not and
 * returns NULL (the exit code is then in c->open_status). When
 * may_create, a missing file is created, with its folder, all at once
 * (qip_db_create): the first person and the bundled data are in it before
 * it has its name. */
struct qip_db *cli_db(struct cli *c);
/* What `qip init` does on top of opening: makes the acting account the
 * first person (admin) of an empty database and loads the bundled data. */
int cli_initialise(struct cli *c);

/* Before a step that cannot be undone: CLI_OK to go ahead when yes
 * (--yes) or when the user answers y on the terminal; CLI_FAIL when they
 * answer no; without a terminal, refuses (exit 2) and says to add --yes.
 * what names the command ("person leave"). */
int cli_confirm(bool yes, const char *what, const char *question);

/* Prints "qip: message" to stderr (escaped) and returns the exit code that
 * matches the core result code rc. */
int cli_fail(int rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_db_fail(struct cli *c, int rc);   /* uses qip_db_error() */

/* --format VALUE */
bool cli_parse_format(const char *s, enum cli_format *out);

/* Tabular output. Columns are declared once; rows are streamed (never the
 * whole table in memory). TABLE pads to fixed widths (width 0: take the
 * rest of the line, cut to fit), TSV escapes tabs and newlines, JSON
 * writes an array of objects. Every cell is escaped for the terminal. */
struct cli_col {
	const char *name;     /* the TSV header and JSON key */
	int width;            /* table width in columns; 0 = flexible, last */
	bool numeric;         /* JSON: emit as a number (or null when empty) */
};
struct cli_table;
struct cli_table *cli_table_begin(struct cli *c, enum cli_format f,
				  const struct cli_col *cols, int ncols);
/* mark: up to two marker characters drawn before the row in TABLE format
 * ("!?" overdue and unowned) so rows stand out without colour; hl: the
 * colour to paint the row on a terminal (CLI_HL_*). */
enum { CLI_HL_NONE, CLI_HL_OVERDUE, CLI_HL_UNOWNED };
void cli_table_row(struct cli_table *t, const char *const *cells, const char *mark, int hl);
void cli_table_end(struct cli_table *t);

/* One record (show commands): TABLE prints "name: value" lines, TSV a
 * header and one row, JSON one object. Same calls as a table. */
struct cli_table *cli_record_begin(struct cli *c, enum cli_format f,
				   const struct cli_col *cols, int ncols);

#endif
