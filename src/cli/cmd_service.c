/* qip service add|list|roles */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "qip/audit.h"
#include "qip/person.h"
#include "qip/text.h"
#include "qip/service.h"
#include "qip/vocab.h"

static const char notes[] =
	"A service is a location the provider runs. KIND is care-home (default),\n"
	"nursing-home, supported-living, domiciliary or other.\n"
	"roles lists who holds each role at a service (its medicines lead, its\n"
	"registered manager): an audit's proposed actions go to them. --set\n"
	"ROLE=PERSON maps a role, ROLE= removes the mapping.\n";

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

enum { OPT_KIND, OPT_SET };
static const struct cli_opt o_kind = { OPT_KIND, "kind", "KIND", "care-home (default), nursing-home, supported-living, domiciliary or other" },
	o_set = { OPT_SET, "set", "ROLE=PERSON", "who holds a role at the service (ROLE= removes it)", .repeat = true };

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

static int role_row(void *ctx, const char *role, int64_t person_id, const char *person)
{
	(void)person_id;
	const char *cells[] = { role, person };
	cli_table_row(ctx, cells, "", CLI_HL_NONE);
	return 0;
}

static int roles(struct cli *c, const struct cli_args *a)
{
	if (a->npos != 1)
		return cli_fail(QIP_EINVAL, "service roles: give one service's name (quote a name with spaces)");
	const char *const *sets = a->values[OPT_SET];
	int nsets = a->nvalues[OPT_SET];
	for (int i = 0; i < nsets; i++)
		if (!strchr(sets[i], '=') || sets[i][0] == '=')
			return cli_fail(QIP_EINVAL, "--set '%s': use ROLE=PERSON, or ROLE= to remove the role", sets[i]);
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	int64_t service_id;
	int rc = qip_service_find(db, a->pos[0], &service_id);
	if (rc)
		return cli_db_fail(c, rc);
	if (!nsets) {
		static const struct cli_col cols[] = { { "role", 24, false }, { "person", 0, false } };
		struct cli_table *t = cli_table_begin(c, a->fmt, cols, 2);
		rc = qip_service_role_list(db, service_id, role_row, t);
		cli_table_end(t);
		return rc ? cli_db_fail(c, rc) : CLI_OK;
	}
	/* Every person is found before anything changes, and a name matched
	 * by its start is said in full. */
	char **names = qip_xcalloc((size_t)nsets, sizeof *names);
	for (int i = 0; rc == QIP_OK && i < nsets; i++) {
		const char *person = strchr(sets[i], '=') + 1;
		int64_t id;
		struct qip_person p = { 0 };
		if (*person && (rc = cli_person_arg(db, person, qip_person_find_active, &id, stdout)) == QIP_OK &&
		    (rc = qip_person_get(db, id, &p)) == QIP_OK)
			names[i] = qip_strdup(p.name);
		qip_person_clear(&p);
	}
	for (int i = 0; rc == QIP_OK && i < nsets; i++) {
		char *role = qip_strdup(sets[i]), *person = strchr(role, '=');
		*person++ = '\0';
		if ((rc = qip_service_role_set(db, a->pos[0], role, person)) == QIP_OK) {
			char *shown = qip_text_escape(role), *where = qip_text_escape(a->pos[0]),
			     *name = qip_text_escape(names[i] ? names[i] : "");
			if (*name)
				printf("%s at %s: %s\n", shown, where, name);
			else
				printf("%s at %s: removed\n", shown, where);
			free(shown);
			free(where);
			free(name);
		}
		free(role);
	}
	for (int i = 0; i < nsets; i++)
		free(names[i]);
	free(names);
	if (rc)
		return cli_db_fail(c, rc);
	return CLI_OK;
}

const struct cli_group cli_group_service = {
	"service", "add and list services (care homes, supported living ...)", notes,
	(const struct cli_command[]){
		{ "add", "NAME", "add a service", (const struct cli_opt *const[]){ &o_kind, NULL },
		  .writes = true, .run = add },
		{ "list", NULL, "list services with their open and overdue actions", NULL, .format = true, .run = list },
		{ "roles", "S", "who holds each role at a service; --set maps a role to a person",
		  (const struct cli_opt *const[]){ &o_set, NULL }, .format = true, .writes = true, .run = roles },
		{ 0 } },
};
