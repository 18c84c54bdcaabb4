/* qip evidence add|list */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "qip/action.h"
#include "qip/evidence.h"
#include "qip/text.h"
#include "qip/vocab.h"

static const char notes[] =
	"Evidence is append-only. An activity shows work was done (training held,\n"
	"care plan rewritten); an outcome shows care got better (audit score,\n"
	"incident trend, feedback). Only outcome evidence that meets the target lets\n"
	"an action close. Categories: people (people's experience), staff (feedback\n"
	"from staff and leaders), partners, observation, processes, outcomes.\n";

static int list_row(void *ctx, const struct qip_evidence *e)
{
	char id[24], date[QIP_DATE_LEN], value[QIP_NUMBER_LEN], corrects[24];
	snprintf(id, sizeof id, "%lld", (long long)e->id);
	if (e->has_value)
		qip_number_format(e->value, value);
	else
		value[0] = '\0';
	if (e->corrects_id)
		snprintf(corrects, sizeof corrects, "%lld", (long long)e->corrects_id);
	else
		corrects[0] = '\0';
	const char *cells[] = { id, qip_date_format(e->seen_on, date), qip_vocab_name(&qip_vocab_kind, e->kind),
				qip_vocab_name(&qip_vocab_category, e->category), value,
				e->superseded ? "superseded" : e->corrects_id ? "correction" : "",
				corrects, e->recorded_by, e->source, e->note, e->recorded_at, e->uuid };
	cli_table_row(ctx, cells, e->superseded ? "x" : "", CLI_HL_NONE);
	return 0;
}

enum { OPT_KIND, OPT_CATEGORY, OPT_NOTE, OPT_VALUE, OPT_SOURCE, OPT_DATE, OPT_CORRECTS };
static const struct cli_opt o_kind = { OPT_KIND, "kind", "activity|outcome", "work done, or care got better" },
	o_category = { OPT_CATEGORY, "category", "C", "people, staff, partners, observation, processes or outcomes" },
	o_note = { OPT_NOTE, "note", "T", "what was seen" },
	o_value = { OPT_VALUE, "value", "N", "the measured value (87 for 87%)" },
	o_source = { OPT_SOURCE, "source", "T", "where the record lives (MAR file, supervision notes, minutes)" },
	o_date = { OPT_DATE, "date", "DATE", "when it was seen (default today; never in the future)" },
	o_corrects = { OPT_CORRECTS, "corrects", "ID", "the id of an entry this one supersedes (it is kept, marked)" };

/* Both subcommands take one action's ref. */
static int one_ref(const struct cli_args *a)
{
	if (a->npos < 1)
		return cli_fail(QIP_EINVAL, "%s: give the action's ref (for example QIP-0042)", a->name);
	if (a->npos > 1)
		return cli_fail(QIP_EINVAL, "%s: unexpected argument '%s' (quote a note with spaces)", a->name, a->pos[1]);
	return CLI_OK;
}

static int add(struct cli *c, const struct cli_args *a)
{
	int rc = one_ref(a);
	if (rc)
		return rc;
	struct qip_evidence_new e = { .kind = a->value[OPT_KIND], .category = a->value[OPT_CATEGORY],
				      .note = a->value[OPT_NOTE], .value = a->value[OPT_VALUE],
				      .source = a->value[OPT_SOURCE], .date = a->value[OPT_DATE] };
	const char *corrects = a->value[OPT_CORRECTS];
	if (corrects) {
		char *end;
		e.corrects_id = strtoll(corrects, &end, 10);
		if (*end || e.corrects_id <= 0)
			return cli_fail(QIP_EINVAL, "--corrects '%s' is not an evidence id", corrects);
	}
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	int64_t id;
	if ((rc = qip_evidence_add(db, a->pos[0], &e, &id)))
		return cli_db_fail(c, rc);
	printf("%lld\n", (long long)id);
	return CLI_OK;
}

static int list(struct cli *c, const struct cli_args *a)
{
	int rc = one_ref(a);
	if (rc)
		return rc;
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	int64_t action_id;
	if ((rc = qip_action_resolve(db, a->pos[0], &action_id)))
		return cli_db_fail(c, rc);
	static const struct cli_col cols[] = {
		{ "id", 6, true }, { "date", 10, false }, { "kind", 8, false }, { "category", 11, false },
		{ "value", 6, true }, { "state", 10, false }, { "corrects", 8, true },
		{ "by", 14, false }, { "source", 14, false }, { "note", 0, false },
		{ "recorded-at", 0, false }, { "uuid", 0, false } };
	/* The table shows what fits a screen; TSV and JSON carry everything. */
	struct cli_table *t = cli_table_begin(c, a->fmt, cols, a->fmt == CLI_TABLE ? 10 : 12);
	struct qip_evidence_cursor cur = { 0 };
	while (!cur.done && !(rc = qip_evidence_page(db, action_id, &cur, 1000, list_row, t)))
		;
	cli_table_end(t);
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

const struct cli_group cli_group_evidence = {
	"evidence", "log and list evidence on an action", notes,
	(const struct cli_command[]){
		{ "add", "REF", "log evidence on an action (prints its id)",
		  (const struct cli_opt *const[]){ &o_kind, &o_category, &o_note, &o_value, &o_source, &o_date, &o_corrects, NULL },
		  .writes = true, .run = add },
		{ "list", "REF", "an action's evidence, newest first", NULL, .format = true, .run = list },
		{ 0 } },
};
