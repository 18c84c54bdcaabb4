/* qip service add|list */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "qip/service.h"
#include "qip/vocab.h"

static const char usage[] =
	"usage: qip service add NAME [--kind KIND]\n"
	"       qip service list [--format table|tsv|json]\n"
	"\n"
	"A service is a location the provider runs. KIND is care-home (default),\n"
	"nursing-home, supported-living, domiciliary or other.\n";

static int list_row(void *ctx, const struct qip_service *s)
{
	struct cli_table *t = ctx;
	char open[16], overdue[16];
	snprintf(open, sizeof open, "%d", s->open_actions);
	snprintf(overdue, sizeof overdue, "%d", s->overdue_actions);
	const char *cells[] = { s->name, qip_vocab_name(&qip_vocab_service_kind, s->kind), open, overdue };
	cli_table_row(t, cells, s->overdue_actions ? "!" : "", s->overdue_actions ? CLI_HL_OVERDUE : CLI_HL_NONE);
	return 0;
}

int cli_cmd_service(struct cli *c, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, usage))
		return CLI_OK;
	if (argc < 2)
		return cli_fail(QIP_EINVAL, "service: say add or list (see: qip service --help)");
	const char *sub = argv[1];
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' },
		{ 0 } };
	const char *kind = NULL;
	enum cli_format fmt = CLI_TABLE;
	int ch;
	cli_getopt_start();
	while ((ch = cli_getopt(argc - 1, argv + 1, opts, "service")) != -1) {
		if (ch == '?')
			return CLI_USAGE;
		if (ch == 'k')
			kind = optarg;
		if (ch == 'f' && !cli_parse_format(optarg, &fmt))
			return cli_fail(QIP_EINVAL, "--format '%s': use table, tsv or json", optarg);
	}
	int pos = cli_optind() + 1;
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	if (!strcmp(sub, "add")) {
		if (pos >= argc)
			return cli_fail(QIP_EINVAL, "service add: give the service's name");
		if (pos + 1 < argc)
			return cli_fail(QIP_EINVAL, "service add: one name at a time (quote a name with spaces)");
		int rc = qip_service_add(db, argv[pos], kind, NULL);
		if (rc)
			return cli_db_fail(c, rc);
		printf("Added service %s\n", argv[pos]);
		return CLI_OK;
	}
	if (!strcmp(sub, "list")) {
		static const struct cli_col cols[] = {
			{ "name", 30, false }, { "kind", 16, false },
			{ "open", 6, true }, { "overdue", 7, true } };
		struct cli_table *t = cli_table_begin(c, fmt, cols, 4);
		int rc = qip_service_list(db, list_row, t);
		cli_table_end(t);
		return rc ? cli_db_fail(c, rc) : CLI_OK;
	}
	return cli_fail(QIP_EINVAL, "service: unknown subcommand '%s': use add or list", sub);
}
