/* The command table against the manual (argv[1], man/qip.1), as
 * tests/tui/test_keymap.c checks the key table: every command and option
 * of the table is in qip.1, and every "qip GROUP SUB" that qip.1's
 * COMMANDS section documents is a row of the table. Also the table's own
 * sense: options fit cli_args, no option is listed twice for a command,
 * and only init and demo may create the database. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/cli/command.h"

static const char *manual_path;
static char manual[200000];

static void read_manual(void)
{
	assert_non_null(manual_path);   /* a missing argument fails, never skips */
	FILE *f = fopen(manual_path, "r");
	assert_non_null(f);
	size_t n = fread(manual, 1, sizeof manual - 1, f);
	fclose(f);
	assert_true(n < sizeof manual - 1);
	manual[n] = '\0';
}

/* Does roff text hold "\-\-NAME" as a whole option name (not the start
 * of a longer one, --status in --statement)? */
static bool has_option(const char *text, const char *name)
{
	char want[80];
	snprintf(want, sizeof want, "\\-\\-%s", name);
	for (const char *p = strstr(text, want); p; p = strstr(p + 1, want)) {
		char next = p[strlen(want)];
		bool longer = (next >= 'a' && next <= 'z') || (next >= '0' && next <= '9') ||
			      (next == '\\' && p[strlen(want) + 1] == '-');
		if (!longer)
			return true;
	}
	return false;
}

/* How qip.1 starts a command's entry: ".B qip GROUP SUB ..." or, with
 * italic arguments, ".BI "qip GROUP SUB " ARG". */
static const char *const entry_starts[] = { "\n.B qip ", "\n.BI \"qip " };

/* The entry for "qip GROUP SUB" (or "qip GROUP" for init and demo). */
static bool has_command(const char *text, const char *group, const char *sub)
{
	for (int k = 0; k < 2; k++) {
		char want[80];
		snprintf(want, sizeof want, "%s%s%s%s", entry_starts[k], group, sub ? " " : "", sub ? sub : "");
		for (const char *p = strstr(text, want); p; p = strstr(p + 1, want)) {
			char next = p[strlen(want)];
			if (next == ' ' || next == '\n' || next == '"')
				return true;
		}
	}
	return false;
}

static void every_command_and_option_is_in_the_manual(void **state)
{
	(void)state;
	read_manual();
	int missing = 0;
	for (const struct cli_group *const *g = cli_groups; *g; g++)
		for (const struct cli_command *cmd = (*g)->commands; cmd->run; cmd++) {
			if (!has_command(manual, (*g)->name, cmd->name)) {
				print_error("qip %s %s is not in %s\n", (*g)->name, cmd->name ? cmd->name : "",
					    manual_path);
				missing++;
			}
			for (const struct cli_opt *const *o = cmd->opts; o && *o; o++)
				if (!has_option(manual, (*o)->name)) {
					print_error("--%s (qip %s %s) is not in %s\n", (*o)->name, (*g)->name,
						    cmd->name ? cmd->name : "", manual_path);
					missing++;
				}
			if (cmd->format && !has_option(manual, "format"))
				missing++;
		}
	assert_int_equal(missing, 0);
}

static const struct cli_command *find(const char *group, const char *sub)
{
	for (const struct cli_group *const *g = cli_groups; *g; g++) {
		if (strcmp((*g)->name, group))
			continue;
		for (const struct cli_command *cmd = (*g)->commands; cmd->run; cmd++)
			if (!cmd->name || (sub && !strcmp(cmd->name, sub)))
				return cmd;
	}
	return NULL;
}

static void every_documented_command_is_in_the_table(void **state)
{
	(void)state;
	read_manual();
	char *start = strstr(manual, "\n.SH COMMANDS\n");
	assert_non_null(start);
	char *end = strstr(start + 1, "\n.SH ");
	if (end)
		*end = '\0';
	int unknown = 0, seen = 0;
	for (int k = 0; k < 2; k++)
	for (char *p = strstr(start, entry_starts[k]); p; p = strstr(p + 1, entry_starts[k])) {
		char group[40] = "", sub[40] = "";
		/* "qip action add \-\-title": a subcommand is a plain lowercase word. */
		if (sscanf(p + strlen(entry_starts[k]), "%39[a-z]%*[ ]%39[a-z]", group, sub) < 1)
			continue;
		seen++;
		if (!find(group, *sub ? sub : NULL)) {
			print_error("qip.1 documents 'qip %s %s', which is not a command\n", group, sub);
			unknown++;
		}
	}
	if (end)
		*end = '\n';
	assert_true(seen > 20);   /* the section was read, not skipped */
	assert_int_equal(unknown, 0);
}

static void the_table_holds_together(void **state)
{
	(void)state;
	int rows = 0;
	for (const struct cli_group *const *g = cli_groups; *g; g++)
		for (const struct cli_command *cmd = (*g)->commands; cmd->run; cmd++) {
			rows++;
			bool creator = !strcmp((*g)->name, "init") || !strcmp((*g)->name, "demo");
			assert_int_equal(cmd->creates, creator);
			assert_true(!cmd->creates || cmd->writes);
			assert_non_null(cmd->summary);
			int nopts = 0;
			for (const struct cli_opt *const *o = cmd->opts; o && *o; o++) {
				nopts++;
				assert_true((*o)->id >= 0 && (*o)->id < CLI_OPT_MAX);
				/* A row may have a --format of its own (the reports' html|md|text|json)
				 * only when it does not also take the shared table|tsv|json one. */
				assert_true(strcmp((*o)->name, "help"));
				assert_true(!cmd->format || strcmp((*o)->name, "format"));
				for (const struct cli_opt *const *p = o + 1; *p; p++)
					if (!strcmp((*o)->name, (*p)->name) || (*o)->id == (*p)->id)
						fail_msg("qip %s %s: --%s and --%s collide", (*g)->name, cmd->name,
							 (*o)->name, (*p)->name);
			}
			assert_true(nopts < CLI_OPT_MAX);   /* the parser's option array holds them and --format */
		}
	assert_true(rows >= 30);
}

int main(int argc, char **argv)
{
	manual_path = argc > 1 ? argv[1] : NULL;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_command_and_option_is_in_the_manual),
		cmocka_unit_test(every_documented_command_is_in_the_table),
		cmocka_unit_test(the_table_holds_together),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
