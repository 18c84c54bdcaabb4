/* qip escalation raise|list|ack|up|reassign|resolve */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "qip/action.h"
#include "qip/escalation.h"
#include "qip/person.h"
#include "qip/vocab.h"

static const char notes[] =
	"Levels: 1 registered manager, 2 nominated individual / provider quality\n"
	"lead, 3 provider board. Reasons: overdue, review-overdue, unowned,\n"
	"missed-check, weak-evidence, recurring, extended, other.\n"
	"Without --to, raise and up go to the level's usual person: the registered\n"
	"manager of the action's service, a nominated individual or quality lead,\n"
	"a board member (never yourself). An action has one open escalation at a\n"
	"time: raise ID with no --reason (the escalation's number, as up) takes\n"
	"it a level higher; raise REF --reason R raises a new one.\n"
	"list shows open escalations, highest level and oldest first; --all adds\n"
	"resolved ones, --level N only those at level N. qip check raises and\n"
	"resolves escalations by rule.\n";

struct list_ctx {
	struct cli_table *t;
	int level;          /* 0: every level */
};

static int list_row(void *ctx, const struct qip_escalation *e)
{
	struct list_ctx *l = ctx;
	if (l->level && e->level != l->level)
		return 0;
	char id[24], level[4], raised[QIP_DATE_LEN], resolved[QIP_DATE_LEN], acked[QIP_DATE_LEN];
	snprintf(id, sizeof id, "%lld", (long long)e->id);
	snprintf(level, sizeof level, "%d", e->level);
	const char *cells[] = { id, level, qip_vocab_name(&qip_vocab_esc_reason, e->reason), e->ref,
				e->assigned_to, qip_date_format(e->raised_on, raised),
				qip_date_format(e->resolved_on, resolved), e->decision,
				qip_date_format(e->acknowledged_on, acked), e->rule, e->note };
	cli_table_row(l->t, cells, e->resolved_on == QIP_NO_DATE && e->level >= 2 ? "!" : "", CLI_HL_NONE);
	return 0;
}

enum { OPT_REASON, OPT_LEVEL, OPT_TO, OPT_NOTE, OPT_DECISION, OPT_ALL };
static const struct cli_opt o_reason = { OPT_REASON, "reason", "R", "why: overdue, review-overdue, unowned, missed-check ..." },
	o_level = { OPT_LEVEL, "level", "1|2|3", "1 registered manager (default), 2 nominated individual, 3 board" },
	o_to = { OPT_TO, "to", "NAME", "who it goes to (default: the level's usual person)" },
	o_note = { OPT_NOTE, "note", "T", "what the person escalated to should know" },
	o_decision = { OPT_DECISION, "decision", "T", "what was decided" },
	o_all = { OPT_ALL, "all", NULL, "resolved escalations too" },
	o_list_level = { OPT_LEVEL, "level", "1|2|3", "only escalations at this level" },
	o_reassign_to = { OPT_TO, "to", "NAME", "who it goes to, at the same level" };

/* --to NAME, said in full when matched by its start; stderr, as stdout
 * carries the new escalation's id for scripts. */
static int say_to(struct cli *c, const struct cli_args *a, struct qip_db **db)
{
	if (!(*db = cli_db(c)))
		return c->open_status;
	int64_t id;
	if (a->value[OPT_TO] && *a->value[OPT_TO])
		cli_person_arg(*db, a->value[OPT_TO], qip_person_find_active, &id, stderr);
	return CLI_OK;
}

static bool parse_level(const char *lv)
{
	return lv && strlen(lv) == 1 && lv[0] >= '1' && lv[0] <= '3';
}

static int up(struct cli *c, const struct cli_args *a);

static int raise_new(struct cli *c, const struct cli_args *a)
{
	const char *lv = a->value[OPT_LEVEL];
	if (lv && !parse_level(lv))
		return cli_fail(QIP_EINVAL, "--level '%s': use 1 (registered manager), 2 (nominated individual) or 3 (provider board)", lv);
	if (a->npos < 1)
		return cli_fail(QIP_EINVAL, "escalation raise: give the escalation's id (a level higher) or the action's ref (a new one)");
	int64_t id;
	if (!a->value[OPT_REASON] && cli_parse_id(a->pos[0], &id)) {
		/* An escalation's number with no reason (a new escalation needs
		 * one; an action may also be named by its number): a level
		 * higher, as up. */
		if (lv)
			return cli_fail(QIP_EINVAL, "escalation raise %s: with no --reason, %s is an escalation's id, which goes"
					" one level higher; --level is for a new escalation (give --reason)", a->pos[0], a->pos[0]);
		return up(c, a);
	}
	if (!a->value[OPT_REASON])
		return cli_fail(QIP_EINVAL, "escalation raise: --reason is required (%s)", qip_vocab_choices(&qip_vocab_esc_reason));
	struct qip_db *db;
	int rc = say_to(c, a, &db);
	if (rc == CLI_OK && (rc = qip_escalation_raise(db, a->pos[0], lv ? lv[0] - '0' : 1, a->value[OPT_REASON],
						      a->value[OPT_TO], a->value[OPT_NOTE], &id)))
		return cli_db_fail(c, rc);
	if (rc == CLI_OK)
		printf("%lld\n", (long long)id);
	return rc;
}

static int list(struct cli *c, const struct cli_args *a)
{
	const char *lv = a->value[OPT_LEVEL];
	if (lv && !parse_level(lv))
		return cli_fail(QIP_EINVAL, "--level '%s': use 1 (registered manager), 2 (nominated individual) or 3 (provider board)", lv);
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	int64_t action_id = 0;
	int rc;
	if (a->npos > 0 && (rc = qip_action_resolve(db, a->pos[0], &action_id)))
		return cli_db_fail(c, rc);
	int ref_width = 8;   /* every ref whole, QIP-10000 and on too */
	if ((rc = qip_action_ref_width(db, &ref_width)))
		return cli_db_fail(c, rc);
	const struct cli_col cols[] = {
		{ "id", 5, true }, { "level", 5, true }, { "reason", 14, false }, { "ref", ref_width, false },
		{ "assigned", 16, false }, { "raised", 10, false }, { "resolved", 10, false },
		{ "decision", 16, false }, { "acknowledged", 12, false }, { "rule", 14, false }, { "note", 0, false } };
	struct list_ctx l = { cli_table_begin(c, a->fmt, cols, 11), lv ? lv[0] - '0' : 0 };
	rc = qip_escalation_list(db, action_id, a->value[OPT_ALL] != NULL, -1, 0, list_row, &l);   /* every one, one statement */
	cli_table_end(l.t);
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

static int up(struct cli *c, const struct cli_args *a)
{
	int64_t id;
	struct qip_db *db;
	int rc = cli_id_arg(a, "escalation", &id);
	if (rc == CLI_OK && (rc = say_to(c, a, &db)) == CLI_OK &&
	    (rc = qip_escalation_raise_level(db, id, a->value[OPT_TO], a->value[OPT_NOTE])))
		return cli_db_fail(c, rc);
	return rc;
}

static int reassign(struct cli *c, const struct cli_args *a)
{
	int64_t id;
	struct qip_db *db;
	int rc = cli_id_arg(a, "escalation", &id);
	if (rc == CLI_OK && !(a->value[OPT_TO] && *a->value[OPT_TO]))
		return cli_fail(QIP_EINVAL, "escalation reassign: --to NAME says who it goes to");
	if (rc == CLI_OK && (rc = say_to(c, a, &db)) == CLI_OK &&
	    (rc = qip_escalation_reassign(db, id, a->value[OPT_TO], a->value[OPT_NOTE])))
		return cli_db_fail(c, rc);
	return rc;
}

static int resolve(struct cli *c, const struct cli_args *a)
{
	int64_t id;
	struct qip_db *db;
	int rc = cli_id_and_db(c, a, "escalation", &id, &db);
	if (rc)
		return rc;
	return (rc = qip_escalation_resolve(db, id, a->value[OPT_DECISION])) ? cli_db_fail(c, rc) : CLI_OK;
}

static int ack(struct cli *c, const struct cli_args *a)
{
	int64_t id;
	struct qip_db *db;
	int rc = cli_id_and_db(c, a, "escalation", &id, &db);
	if (rc)
		return rc;
	return (rc = qip_escalation_acknowledge(db, id)) ? cli_db_fail(c, rc) : CLI_OK;
}

const struct cli_group cli_group_escalation = {
	"escalation", "raise, list, acknowledge, move up, reassign and resolve escalations", notes,
	(const struct cli_command[]){
		{ "raise", "ID|REF", "with --reason, escalate action REF (prints the new id); without, raise escalation ID a level",
		  (const struct cli_opt *const[]){ &o_reason, &o_level, &o_to, &o_note, NULL }, .writes = true, .run = raise_new },
		{ "list", "[REF]", "open escalations, highest level and oldest first",
		  (const struct cli_opt *const[]){ &o_all, &o_list_level, NULL }, .format = true, .run = list },
		{ "ack", "ID", "acknowledge an escalation assigned to you (the day and who are recorded)",
		  NULL, .writes = true, .run = ack },
		{ "up", "ID", "raise an escalation to the next level",
		  (const struct cli_opt *const[]){ &o_to, &o_note, NULL }, .writes = true, .run = up },
		{ "reassign", "ID", "give an open escalation to someone else at the same level",
		  (const struct cli_opt *const[]){ &o_reassign_to, &o_note, NULL }, .writes = true, .run = reassign },
		{ "resolve", "ID", "resolve an escalation with the decision made",
		  (const struct cli_opt *const[]){ &o_decision, NULL }, .writes = true, .run = resolve },
		{ 0 } },
};
