/* qip service add|list */
#include <stdio.h>
#include <string.h>

#include "command.h"
#include "qip/service.h"
#include "qip/vocab.h"

static const char notes[] =
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

enum { OPT_KIND };
static const struct cli_opt o_kind = { OPT_KIND, "kind", "KIND", "care-home (default), nursing-home, supported-living, domiciliary or other" };

static int add(struct cli *c, const struct cli_args *a)
{
	if (a->npos < 1)
		return cli_fail(QIP_EINVAL, "service add: give the service's name");
	if (a->npos > 1)
		return cli_fail(QIP_EINVAL, "service add: one name at a time (quote a name with spaces)");
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	int rc = qip_service_add(db, a->pos[0], a->value[OPT_KIND], NULL);
	if (rc)
		return cli_db_fail(c, rc);
	printf("Added service %s\n", a->pos[0]);
	return CLI_OK;
}

static int list(struct cli *c, const struct cli_args *a)
{
	if (a->npos)
		return cli_fail(QIP_EINVAL, "service list: unexpected argument '%s'", a->pos[0]);
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	static const struct cli_col cols[] = {
		{ "name", 30, false }, { "kind", 16, false },
		{ "open", 6, true }, { "overdue", 7, true } };
	struct cli_table *t = cli_table_begin(c, a->fmt, cols, 4);
	int rc = qip_service_list(db, list_row, t);
	cli_table_end(t);
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

const struct cli_group cli_group_service = {
	"service", "add and list services (care homes, supported living ...)", notes,
	(const struct cli_command[]){
		{ "add", "NAME", "add a service", (const struct cli_opt *const[]){ &o_kind, NULL },
		  .writes = true, .run = add },
		{ "list", NULL, "list services with their open and overdue actions", NULL, .format = true, .run = list },
		{ 0 } },
};
