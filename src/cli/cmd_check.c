/* qip check: applies the escalation rules (qip_check_apply). */
#include <stdio.h>
#include <stdlib.h>

#include "command.h"
#include "qip/escalation_rules.h"

static const char notes[] =
	"Applies the escalation rules to every action: raises an escalation where\n"
	"a rule holds and none is open, raises an open one to the level a rule asks\n"
	"for, and resolves one the rules raised once its reason stops holding (the\n"
	"reason is recorded as the decision). Run twice, it changes nothing the\n"
	"second time, so it suits cron. It prints what it raised, raised a level,\n"
	"resolved, and what it could not raise because nobody holds the role.\n"
	"The thresholds are in the settings (qip settings show; qip-settings(5)).\n";

static const char *const events[] = { "raised", "level-up", "resolved", "nobody" };

static int item_row(void *ctx, const struct qip_check_item *it)
{
	char id[24], from[4], level[4];
	if (it->escalation_id)
		snprintf(id, sizeof id, "%lld", (long long)it->escalation_id);
	else
		id[0] = 0;
	snprintf(from, sizeof from, "%d", it->from_level);
	snprintf(level, sizeof level, "%d", it->level);
	const char *cells[] = { events[it->event], id, it->ref, qip_esc_rule_name(it->rule),
				it->from_level ? from : "", level, it->assigned_to, it->text };
	cli_table_row(ctx, cells, it->event == QIP_CHECK_NOBODY ? "?" : "", CLI_HL_NONE);
	return 0;
}

enum { OPT_DRY_RUN };
static const struct cli_opt o_dry_run = { OPT_DRY_RUN, "dry-run", NULL, "say what would change, change nothing" };

static int run_check(struct cli *c, const struct cli_args *a)
{
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	const struct cli_col cols[] = {
		{ "event", 8, false }, { "id", 5, true }, { "ref", 9, false }, { "rule", 18, false },
		{ "from", 4, true }, { "level", 5, true }, { "assigned", 16, false }, { "why", 0, false } };
	struct qip_diags d;
	qip_diags_init(&d, NULL);
	struct cli_table *t = cli_table_begin(c, a->fmt, cols, 8);
	int rc = qip_check_apply(db, a->value[OPT_DRY_RUN] != NULL, item_row, t, &d);
	cli_table_end(t);
	if (rc && d.n)
		qip_diags_print(&d, stderr);
	qip_diags_free(&d);
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

const struct cli_group cli_group_check = {
	"check", "apply the escalation rules (for cron)", notes,
	(const struct cli_command[]){
		{ .summary = "apply the escalation rules: raise, raise a level, resolve",
		  .opts = (const struct cli_opt *const[]){ &o_dry_run, NULL },
		  .format = true, .writes = true, .run = run_check },
		{ 0 } },
};
