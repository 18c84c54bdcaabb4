/* qip init, qip demo */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "qip/demo.h"
#include "qip/text.h"

static const char init_notes[] =
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

static int run_init(struct cli *c, const struct cli_args *a)
{
	if (a->npos)
		return cli_fail(QIP_EINVAL, "init: unexpected argument '%s'", a->pos[0]);
	int rc = initialise(c);
	if (rc)
		return rc;
	char *shown = qip_text_escape(qip_db_path(c->db));
	printf("%s is ready (schema %d). You are %s.\n", shown, qip_schema_version(),
	       qip_db_actor(c->db) ? qip_db_login(c->db) : "not a person in it");
	free(shown);
	return CLI_OK;
}

const struct cli_group cli_group_init = {
	"init", "create or upgrade the database, load bundled reference data", init_notes,
	(const struct cli_command[]){
		{ .summary = "create or upgrade the database, load bundled reference data",
		  .writes = true, .creates = true, .run = run_init },
		{ 0 } },
};

static const char demo_notes[] =
	"Fills an empty database with a realistic demo provider: four services (a\n"
	"care home, a nursing home, supported living and home care), sixteen people\n"
	"(one has left and still owns actions), actions in every status and flag,\n"
	"evidence of both kinds, escalations and reviews, and months of audits with\n"
	"the actions they raised, a repeat finding and a re-audit that reopened an\n"
	"action, all dated relative to today (or $QIP_TODAY) so the demo always\n"
	"looks current.\n"
	"Creates the database first if needed. Refuses a database that has actions.\n";

static int run_demo(struct cli *c, const struct cli_args *a)
{
	if (a->npos)
		return cli_fail(QIP_EINVAL, "demo: unexpected argument '%s'", a->pos[0]);
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

const struct cli_group cli_group_demo = {
	"demo", "fill an empty database with a realistic demo provider", demo_notes,
	(const struct cli_command[]){
		{ .summary = "fill an empty database with a realistic demo provider",
		  .writes = true, .creates = true, .run = run_demo },
		{ 0 } },
};
