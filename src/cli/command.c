/* Finding a command's row, parsing its options, and help, all from the
 * table (command.h). */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "qip/person.h"
#include "qip/text.h"

const struct cli_group *const cli_groups[] = {
	&cli_group_init, &cli_group_demo, &cli_group_service, &cli_group_person, &cli_group_action,
	&cli_group_evidence, &cli_group_escalation, &cli_group_check, &cli_group_template, &cli_group_audit, &cli_group_framework,
	&cli_group_settings, &cli_group_meeting, &cli_group_review, &cli_group_export, &cli_group_report,
	&cli_group_import, &cli_group_whoami, &cli_group_role, &cli_group_backup, &cli_group_restore,
	&cli_group_verify, &cli_group_doctor, NULL,
};

/* Shared by every row that takes it. */
static const struct cli_opt format_opt = {
	.name = "format", .arg = "table|tsv|json",
	.help = "output as an aligned table (default), tab-separated values or JSON",
};
/* getopt_long returns an option's val: OPT_VAL + its index in the row,
 * clear of 0, ':' and '?', which mean other things. */
enum { OPT_VAL = 1000 };

/* "qip action add": the words a user types, for usage lines. */
static void command_words(const struct cli_group *g, const struct cli_command *cmd, char *buf, size_t n)
{
	snprintf(buf, n, "qip %s%s%s", g->name, cmd->name ? " " : "", cmd->name ? cmd->name : "");
}

static int count_opts(const struct cli_command *cmd)
{
	int n = 0;
	for (const struct cli_opt *const *o = cmd->opts; o && *o; o++)
		n++;
	return n + (cmd->format || cmd->own_format ? 1 : 0);
}

/* A row with few options lists them in its synopsis; a long list (action
 * fields and filters) is left to the options section. */
static void synopsis(FILE *out, const struct cli_group *g, const struct cli_command *cmd)
{
	char words[64];
	command_words(g, cmd, words, sizeof words);
	fputs(words, out);
	if (count_opts(cmd) > 4) {
		fputs(" [OPTIONS]", out);
	} else {
		for (const struct cli_opt *const *o = cmd->opts; o && *o; o++)
			fprintf(out, " [--%s%s%s]%s", (*o)->name, (*o)->arg ? " " : "", (*o)->arg ? (*o)->arg : "",
				(*o)->repeat ? "..." : "");
		if (cmd->format || cmd->own_format)
			fprintf(out, " [--format %s]", cmd->own_format ? cmd->own_format->arg : format_opt.arg);
	}
	if (cmd->args)
		fprintf(out, " %s", cmd->args);
	fputc('\n', out);
}

static void option_line(FILE *out, const struct cli_opt *o)
{
	char left[64], letter[8] = "";
	if (o->letter)
		snprintf(letter, sizeof letter, "-%c, ", o->letter);
	snprintf(left, sizeof left, "%s--%s%s%s%s", letter, o->name, o->arg ? " " : "", o->arg ? o->arg : "",
		 o->repeat ? " ..." : "");
	if (strlen(left) <= 22)
		fprintf(out, "  %-22s %s\n", left, o->help);
	else
		fprintf(out, "  %s\n  %-22s %s\n", left, "", o->help);
}

static void command_help(FILE *out, const struct cli_group *g, const struct cli_command *cmd)
{
	fputs("usage: ", out);
	synopsis(out, g, cmd);
	fprintf(out, "\n%s%s\n", cmd->summary, cmd->writes ? "" : " (changes nothing)");
	fputs("\noptions:\n", out);
	for (const struct cli_opt *const *o = cmd->opts; o && *o; o++)
		option_line(out, *o);
	if (cmd->format)
		option_line(out, &format_opt);
	if (cmd->own_format)
		option_line(out, cmd->own_format);
	fprintf(out, "  %-22s %s\n", "-h, --help", "this help");
	if (g->notes)
		fprintf(out, "\n%s", g->notes);
}

static void group_help(FILE *out, const struct cli_group *g)
{
	fprintf(out, "usage: qip %s SUBCOMMAND [OPTIONS] [ARGUMENTS]\n\nsubcommands:\n", g->name);
	for (const struct cli_command *cmd = g->commands; cmd->run; cmd++) {
		fputs("  ", out);
		synopsis(out, g, cmd);
		fprintf(out, "      %s\n", cmd->summary);
	}
	if (g->notes)
		fprintf(out, "\n%s", g->notes);
	fprintf(out, "\nRun 'qip %s SUBCOMMAND --help' for a subcommand's options.\n", g->name);
}

void cli_list_groups(FILE *out)
{
	for (const struct cli_group *const *g = cli_groups; *g; g++)
		fprintf(out, "  %-11s %s\n", (*g)->name, (*g)->summary);
}

static bool wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	return false;
}

/* "add, list or show" */
static void subcommand_names(const struct cli_group *g, char *buf, size_t n)
{
	buf[0] = '\0';
	for (const struct cli_command *cmd = g->commands; cmd->run; cmd++) {
		size_t len = strlen(buf);
		const char *sep = cmd == g->commands ? "" : cmd[1].run ? ", " : " or ";
		snprintf(buf + len, n - len, "%s%s", sep, cmd->name);
	}
}

/* A near miss is one or two slips in a word long enough that two slips
 * still leave it recognisable. */
static int unknown_command(const char *typed)
{
	const char *near = NULL;
	for (const struct cli_group *const *g = cli_groups; *g; g++) {
		int d = qip_text_distance((*g)->name, typed);
		if (d <= 1 || (d == 2 && strlen((*g)->name) >= 8))
			near = (*g)->name;
	}
	return near ? cli_fail(QIP_EINVAL, "unknown command '%s' (did you mean %s?)", typed, near)
		    : cli_fail(QIP_EINVAL, "unknown command '%s' (see: qip --help)", typed);
}

static int unknown_subcommand(const struct cli_group *g, const char *typed)
{
	const char *near = NULL;
	int best = 3;
	for (const struct cli_command *cmd = g->commands; cmd->run; cmd++) {
		int d = qip_text_distance(cmd->name, typed);
		if (d < best && (d <= 1 || strlen(cmd->name) >= 4)) {
			near = cmd->name;
			best = d;
		}
	}
	if (near)
		return cli_fail(QIP_EINVAL, "%s: unknown subcommand '%s' (did you mean %s?)", g->name, typed, near);
	return cli_fail(QIP_EINVAL, "%s: unknown subcommand '%s' (see: qip %s --help)", g->name, typed, g->name);
}

/* An option the row lacks: when other commands of the group take it, say
 * which, so "--reason" on action edit reads as a slip, not a mystery. */
static int unknown_option(const struct cli_group *g, const char *cmdname, const char *typed)
{
	char name[64];
	snprintf(name, sizeof name, "%s", typed + (strncmp(typed, "--", 2) ? 0 : 2));
	name[strcspn(name, "=")] = '\0';
	char users[300] = "";
	const char *elsewhere = NULL;
	for (const struct cli_command *cmd = g->commands; cmd->run; cmd++)
		for (const struct cli_opt *const *o = cmd->opts; o && *o; o++)
			if (!strcmp((*o)->name, name)) {
				size_t len = strlen(users);
				snprintf(users + len, sizeof users - len, "%s%s %s", *users ? ", " : "", g->name,
					 cmd->name);
				elsewhere = (*o)->elsewhere;
				break;
			}
	if (*users)
		return cli_fail(QIP_EINVAL, "%s: --%s is only for %s%s%s", cmdname, name, users,
				elsewhere ? "; " : "", elsewhere ? elsewhere : "");
	return cli_fail(QIP_EINVAL, "%s: unknown option '%s' (see: qip %s --help)", cmdname, typed, cmdname);
}

/* One getopt_long loop for every command, driven by the row's options.
 * argv[0] is the subcommand (or the group, for init and demo). */
static int parse(const struct cli_group *g, const struct cli_command *cmd, int argc, char **argv,
		 struct cli_args *a)
{
	struct option longopts[CLI_OPT_MAX + 3];
	const struct cli_opt *by_index[CLI_OPT_MAX + 3];
	/* ":" makes getopt report a missing value as ':' rather than '?';
	 * then the one-letter forms ("o:"). */
	char shortopts[2 * CLI_OPT_MAX + 2] = ":";
	int n = 0;
	const struct cli_opt *const own[] = { cmd->own_format, NULL };
	for (const struct cli_opt *const *list = cmd->opts ? cmd->opts : own; list; list = list == own ? NULL : own)
		for (const struct cli_opt *const *o = list; *o; o++) {
			by_index[n] = *o;
			longopts[n] = (struct option){ (*o)->name, (*o)->arg ? required_argument : no_argument, NULL,
						       OPT_VAL + n };
			if ((*o)->letter) {
				size_t len = strlen(shortopts);
				shortopts[len] = (*o)->letter;
				shortopts[len + 1] = '\0';
				if ((*o)->arg)
					strcat(shortopts, ":");
			}
			n++;
		}
	if (cmd->format) {
		by_index[n] = &format_opt;
		longopts[n] = (struct option){ "format", required_argument, NULL, OPT_VAL + n };
		n++;
	}
	longopts[n] = (struct option){ 0 };
	optind = 0;   /* glibc: 0 re-initialises the scanner for a new argv */
	opterr = 0;   /* qip says what went wrong itself */
	int ch;
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (ch == ':')
			return cli_fail(QIP_EINVAL, "%s: option '%s' needs a value", a->name, argv[optind - 1]);
		if (ch == '?') {
			if (optopt) {
				char shortopt[3] = { '-', (char)optopt, 0 };
				return unknown_option(g, a->name, shortopt);
			}
			return unknown_option(g, a->name, argv[optind - 1]);
		}
		const struct cli_opt *o = NULL;
		if (ch < OPT_VAL) {   /* a one-letter form */
			for (int i = 0; i < n && !o; i++)
				if (by_index[i]->letter == ch)
					o = by_index[i];
		} else {
			o = by_index[ch - OPT_VAL];
		}
		const char *value = o->arg ? optarg : "";
		if (o == &format_opt) {
			if (!cli_parse_format(value, &a->fmt))
				return cli_fail(QIP_EINVAL, "--format '%s': use table, tsv or json", value);
			continue;
		}
		a->value[o->id] = value;
		if (o->repeat) {
			if (!a->values[o->id])
				a->values[o->id] = qip_xcalloc((size_t)argc, sizeof *a->values[o->id]);
			a->values[o->id][a->nvalues[o->id]++] = value;
		}
	}
	a->pos = argv + optind;
	a->npos = argc - optind;
	return CLI_OK;
}

static int run_command(struct cli *c, const struct cli_group *g, const struct cli_command *cmd,
		       int argc, char **argv)
{
	char name[64];
	snprintf(name, sizeof name, "%s%s%s", g->name, cmd->name ? " " : "", cmd->name ? cmd->name : "");
	if (wants_help(argc, argv)) {
		command_help(stdout, g, cmd);
		return CLI_OK;
	}
	struct cli_args a = { .fmt = CLI_TABLE, .name = name };
	int rc = parse(g, cmd, argc, argv, &a);
	/* Said before opening: a read-only look never finds out at the end. */
	if (rc == CLI_OK && cmd->writes && c->read_only)
		rc = cli_fail(QIP_EREADONLY, "%s changes the database, and --read-only says to change nothing", name);
	if (rc == CLI_OK) {
		c->may_create = cmd->creates;
		rc = cmd->run(c, &a);
	}
	for (int i = 0; i < CLI_OPT_MAX; i++)
		free(a.values[i]);
	return rc;
}

int cli_run(struct cli *c, int argc, char **argv)
{
	const struct cli_group *g = NULL;
	for (const struct cli_group *const *p = cli_groups; *p; p++)
		if (!strcmp((*p)->name, argv[0]))
			g = *p;
	if (!g)
		return unknown_command(argv[0]);
	if (!g->commands[0].name)   /* init, demo: the group is the command */
		return run_command(c, g, &g->commands[0], argc, argv);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		group_help(stdout, g);
		return CLI_OK;
	}
	char names[200];
	subcommand_names(g, names, sizeof names);
	if (argc < 2 || argv[1][0] == '-') {
		if (wants_help(argc, argv)) {
			group_help(stdout, g);
			return CLI_OK;
		}
		return cli_fail(QIP_EINVAL, "%s: say %s (see: qip %s --help)", g->name, names, g->name);
	}
	for (const struct cli_command *cmd = g->commands; cmd->run; cmd++)
		if (!strcmp(cmd->name, argv[1]))
			return run_command(c, g, cmd, argc - 1, argv + 1);
	return unknown_subcommand(g, argv[1]);
}

int cli_person_arg(struct qip_db *db, const char *typed,
		   int (*find)(struct qip_db *, const char *, int64_t *), int64_t *id, FILE *out)
{
	int rc = find(db, typed, id);
	struct qip_person p = { 0 };
	if (rc || (rc = qip_person_get(db, *id, &p)))
		return rc;
	/* A name matched by its start is said in full before anything changes. */
	if (strcmp(typed, p.name) && strcmp(typed, p.login)) {
		char *shown = qip_text_escape(typed), *name = qip_text_escape(p.name), *role = qip_text_escape(p.role);
		fprintf(out, "'%s' is %s (%s)\n", shown, name, role);
		fflush(out);
		free(shown);
		free(name);
		free(role);
	}
	qip_person_clear(&p);
	return QIP_OK;
}

void cli_say_people(struct qip_db *db, const char *list, FILE *out)
{
	if (!list || !strcmp(list, "none"))
		return;
	char *copy = qip_strdup(list), *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		while (isspace((unsigned char)*tok))
			tok++;
		for (size_t n = strlen(tok); n && isspace((unsigned char)tok[n - 1]); n--)
			tok[n - 1] = '\0';
		int64_t id;
		if (*tok)
			cli_person_arg(db, tok, qip_person_find_active, &id, out);
	}
	free(copy);
}
