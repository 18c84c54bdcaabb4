/* The command table: every command of the command line is a row (its
 * group and name, summary, options, whether it writes or may create the
 * database, and the handler). One parser reads any row's options, one
 * place prints help from the rows, and tests/cli/test_commands.c checks
 * the rows against man/qip.1. A new command is a row in its group's file
 * (cmd_*.c) and a section in qip.1; see HACKING.md. */
#ifndef QIP_CLI_COMMAND_H
#define QIP_CLI_COMMAND_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"

/* One option. Rows point at shared option structs, so one option can
 * serve several commands (action add and edit take the same fields). */
struct cli_opt {
	int id;                 /* its slot in cli_args.value, numbered by the group */
	const char *name;       /* the long option, without "--" */
	const char *arg;        /* the value's name in help ("DATE"); NULL: a switch */
	const char *help;       /* one line */
	bool repeat;            /* may be given more than once: every value is kept */
	const char *elsewhere;  /* added to the refusal when a command that lacks it is given it */
	char letter;            /* a one-letter form ('o' for -o), 0: none */
};

enum { CLI_OPT_MAX = 48 };

/* A command's arguments, parsed against its row before anything is opened. */
struct cli_args {
	const char *value[CLI_OPT_MAX];  /* the last value given; "" for a switch; NULL: not given */
	const char **values[CLI_OPT_MAX];/* repeat options: every value, in order */
	int nvalues[CLI_OPT_MAX];
	enum cli_format fmt;             /* --format, for rows that take it (default table) */
	char **pos;                      /* the positional arguments */
	int npos;
	const char *name;                /* "action add", for messages */
};

struct cli_command {
	const char *name;       /* the subcommand ("add"); NULL when the group is the command (init) */
	const char *args;       /* positional arguments in the synopsis ("REF DATE"), or NULL */
	const char *summary;
	const struct cli_opt *const *opts;   /* NULL-terminated; NULL: none */
	bool format;            /* takes --format table|tsv|json */
	/* A --format of the row's own, read as its other options are (export's
	 * csv|json|xlsx); NULL: none, or the shared one above. */
	const struct cli_opt *own_format;
	bool writes;            /* changes the database: refused up front with --read-only */
	bool creates;           /* may create a missing database (init, demo) */
	int (*run)(struct cli *c, const struct cli_args *a);
};

struct cli_group {
	const char *name;
	const char *summary;    /* its line in qip --help */
	const char *notes;      /* help text after the options: terms, formats, defaults */
	const struct cli_command *commands;   /* ends with a row whose run is NULL */
};

/* The groups, one per cmd_*.c. */
extern const struct cli_group cli_group_init, cli_group_demo, cli_group_service, cli_group_person,
	cli_group_action, cli_group_evidence, cli_group_escalation, cli_group_template,
	cli_group_framework, cli_group_audit, cli_group_check, cli_group_settings,
	cli_group_meeting, cli_group_review, cli_group_export, cli_group_report, cli_group_import,
	cli_group_whoami, cli_group_role, cli_group_backup, cli_group_restore, cli_group_verify, cli_group_doctor;

/* Every group, in the order of qip --help; NULL-terminated. */
extern const struct cli_group *const cli_groups[];

/* Runs argv[0] (a group's name) with its subcommand and options: finds the
 * row, parses and checks the options, and only then calls the handler,
 * which may open the database. A misspelt command, subcommand or option
 * is refused before anything is opened. Returns the exit code. */
int cli_run(struct cli *c, int argc, char **argv);

/* The groups with their summaries, for qip --help. */
void cli_list_groups(FILE *out);

/* A person given on the command line, resolved with find
 * (qip_person_find, _active or _left). When the text matched the start of
 * a name rather than a whole name or login, says in full whom it was
 * taken for ("'Jo' is José Ferreira (team-leader)") on out before the
 * command acts. Returns find's result (its message in qip_db_error()). */
int cli_person_arg(struct qip_db *db, const char *typed,
		   int (*find)(struct qip_db *, const char *, int64_t *), int64_t *id, FILE *out);
/* s as a record's id: a whole number above 0 and nothing after it. */
bool cli_parse_id(const char *s, int64_t *id);
/* The first argument as a record's id: a whole number above 0, or a
 * refusal "NAME: give the NOUN's id (see: qip NOUN list)". CLI_OK with
 * *id set, or the exit code. */
int cli_id_arg(const struct cli_args *a, const char *noun, int64_t *id);
/* cli_id_arg, then opens the database: CLI_OK with *id and *db set. */
int cli_id_and_db(struct cli *c, const struct cli_args *a, const char *noun, int64_t *id, struct qip_db **db);
/* The same for each name of a comma-separated list (--supporters), and
 * nothing for "" or "none"; errors are left to the command's own call. */
void cli_say_people(struct qip_db *db, const char *list, FILE *out);

#endif
