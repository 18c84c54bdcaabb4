/* qip init, qip demo */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "qip/demo.h"
#include "qip/text.h"

static const char init_usage[] =
	"usage: qip [--db PATH] init\n"
	"\n"
	"Creates the database if it does not exist, upgrades an older one to this\n"
	"qip's schema, and loads the bundled reference data (CQC framework, audit\n"
	"templates). The account that creates a database becomes its first person,\n"
	"with the role admin. Running it again is safe.\n";

/* Shared by init and demo: open (creating or upgrading the file), make the
 * first admin of an empty database, load the bundled data. */
static int initialise(struct cli *c)
{
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	int rc = cli_initialise(c);
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

int cli_cmd_init(struct cli *c, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, init_usage))
		return CLI_OK;
	if (argc > 1)
		return cli_fail(QIP_EINVAL, "init: unexpected argument '%s'", argv[1]);
	int rc = initialise(c);
	if (rc)
		return rc;
	char *shown = qip_text_escape(qip_db_path(c->db));
	printf("%s is ready (schema %d). You are %s.\n", shown, qip_schema_version(),
	       qip_db_actor(c->db) ? qip_db_login(c->db) : "not a person in it");
	free(shown);
	return CLI_OK;
}

static const char demo_usage[] =
	"usage: qip [--db PATH] demo\n"
	"\n"
	"Fills an empty database with a realistic demo provider: three services,\n"
	"a dozen people (one has left and still owns actions), thirty-odd actions in\n"
	"every status and flag, evidence of both kinds, escalations and reviews,\n"
	"all dated relative to today (or $QIP_TODAY) so the demo always looks current.\n"
	"Creates the database first if needed. Refuses a database that has actions.\n";

int cli_cmd_demo(struct cli *c, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, demo_usage))
		return CLI_OK;
	if (argc > 1)
		return cli_fail(QIP_EINVAL, "demo: unexpected argument '%s'", argv[1]);
	int rc = initialise(c);
	if (rc)
		return rc;
	struct qip_demo_summary sum;
	if ((rc = qip_demo_fill(c->db, &sum)))
		return cli_db_fail(c, rc);
	char *shown = qip_text_escape(qip_db_path(c->db));
	printf("Demo provider written to %s: %d services, %d people, %d actions, %d evidence entries, %d escalations.\n",
	       shown, sum.services, sum.people, sum.actions, sum.evidence, sum.escalations);
	free(shown);
	return CLI_OK;
}
