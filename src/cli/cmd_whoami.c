/* qip whoami, qip role list: who the account running qip is, and the
 * table of what each role may do (qip_role_table, the core's own). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "qip/permission.h"

/* What a role may do: its permissions' short names joined by spaces, or
 * in words joined by "; ". */
static void rights_text(unsigned perms, bool words, char *buf, size_t n)
{
	size_t o = 0;
	buf[0] = '\0';
	for (int p = 0; p < QIP_PERM_COUNT && o < n; p++)
		if (perms & (1u << p))
			o += (size_t)snprintf(buf + o, n - o, "%s%s", o ? words ? "; " : " " : "",
					      words ? qip_permission_name(p) : qip_permission_key(p));
}

static int whoami(struct cli *c, const struct cli_args *a)
{
	if (a->npos)
		return cli_fail(QIP_EINVAL, "whoami: unexpected argument '%s'", a->pos[0]);
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	struct qip_whoami w;
	int rc = qip_whoami(db, &w);
	if (rc) {
		qip_whoami_clear(&w);
		return cli_db_fail(c, rc);
	}
	char title[80], may[1000];
	qip_role_title(w.role, title, sizeof title);
	rights_text(qip_role_rights(w.role)->perms, true, may, sizeof may);
	static const struct cli_col cols[] = {
		{ "name", 0, false }, { "login", 0, false }, { "role", 0, false }, { "role-title", 0, false },
		{ "services", 0, false }, { "across-services", 0, false }, { "may", 0, false },
	};
	const char *cells[] = { w.name, w.login, w.role, title, w.services, w.across_services ? "yes" : "no", may };
	struct cli_table *t = cli_record_begin(c, a->fmt, cols, (int)(sizeof cols / sizeof cols[0]));
	cli_table_row(t, cells, "", CLI_HL_NONE);
	cli_table_end(t);
	qip_whoami_clear(&w);
	return CLI_OK;
}

static const char whoami_notes[] =
	"Prints the person the account running qip is in the database (found by\n"
	"the Unix login, never $USER): name, login, role, the services they belong\n"
	"to (their own service and any service role they hold), whether their role\n"
	"acts across services, and what the role may do. An account that is not a\n"
	"person is told whom to ask. See 'qip role list' and ROLES in qip(1).\n";

const struct cli_group cli_group_whoami = {
	"whoami", "who you are in the database: your role, your services, what you may do", whoami_notes,
	(const struct cli_command[]){
		{ .summary = "who you are in the database: your role, your services, what you may do",
		  .format = true, .run = whoami },
		{ 0 } },
};

static int role_list(struct cli *c, const struct cli_args *a)
{
	if (a->npos)
		return cli_fail(QIP_EINVAL, "role list: unexpected argument '%s'", a->pos[0]);
	static const struct cli_col cols[] = {
		{ "role", 21, false }, { "across", 6, false }, { "may", 0, false },
	};
	/* Every role has the rights of the last row ('*'): the others list
	 * what they add. */
	unsigned everyone = qip_role_table[qip_role_table_count - 1].perms;
	struct cli_table *t = cli_table_begin(c, a->fmt, cols, (int)(sizeof cols / sizeof cols[0]));
	for (int i = 0; i < qip_role_table_count; i++) {
		const struct qip_role_rights *r = &qip_role_table[i];
		char may[1000];
		rights_text(r->role ? r->perms & ~everyone : r->perms, false, may, sizeof may);
		const char *cells[] = { r->role ? r->role : "*", r->across_services ? "yes" : "no", may };
		cli_table_row(t, cells, "", CLI_HL_NONE);
	}
	cli_table_end(t);
	return CLI_OK;
}

static const char role_notes[] =
	"The roles qip knows and what each may do; the table is part of qip, the\n"
	"same for the full-screen program and the command line. A role it does not\n"
	"list (medicines-lead, senior-carer ...) is the row '*': what every active\n"
	"person may do. The other rows list what they may do besides. A role not\n"
	"marked across acts only on the actions of its services: the person's own\n"
	"service and any service role they hold (qip service roles). An admin gives\n"
	"people their roles (qip person edit --role).\n";

const struct cli_group cli_group_role = {
	"role", "the roles and what each may do", role_notes,
	(const struct cli_command[]){
		{ "list", NULL, "the roles and what each may do", NULL, .format = true, .run = role_list },
		{ 0 } },
};
