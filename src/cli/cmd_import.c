/* qip import plan */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "qip/plan_import.h"
#include "qip/text.h"

static const char notes[] =
	"Reads a plan saved from Excel or LibreOffice as CSV (UTF-8, with or without\n"
	"the byte-order mark, or Windows-1252). The header row is the first row that\n"
	"names the action (or finding) and one more known column; rows above it are\n"
	"titles. Columns are matched by their usual names, case and spacing ignored:\n"
	"ref, finding/issue (the baseline), action, lead/owner/person responsible,\n"
	"target/due date, RAG/status, progress/update/comments, evidence, completed\n"
	"date, key question/domain, area/theme, baseline, outcome/measure, target\n"
	"value, evidence required, service. --map COLUMN=FIELD overrides one (FIELD\n"
	"ignore leaves it out). Red is open, amber and green in progress; a row the\n"
	"sheet calls complete starts in progress with that claim as evidence: only\n"
	"the closure check closes an action. Problems are FILE:ROW:COLUMN (the\n"
	"spreadsheet's row); any problem and nothing is imported. A row imported\n"
	"before (same file name and service; same ref, or same row when the sheet\n"
	"has no ref column) is skipped.\n";

enum { OPT_SERVICE, OPT_MAP, OPT_DATE_FORMAT, OPT_DRY_RUN, OPT_CREATE_PEOPLE };
static const struct cli_opt o_service = { OPT_SERVICE, "service", "S", "the service every row belongs to" },
	o_map = { OPT_MAP, "map", "COLUMN=FIELD", "read a column as this field (repeatable)", .repeat = true },
	o_date_format = { OPT_DATE_FORMAT, "date-format", "dmy|ymd", "day/month/year (default) or year/month/day" },
	o_dry_run = { OPT_DRY_RUN, "dry-run", NULL, "print what would be created, row by row, and store nothing" },
	o_create_people = { OPT_CREATE_PEOPLE, "create-people", NULL, "add owners not found as people (role staff)" };

static void report(void *ctx, int event, const char *line)
{
	char *owned;
	const char *shown = qip_text_escaped(line, &owned);
	/* Problems as FILE:ROW:COLUMN: message, like a compiler's (and
	 * qip template check's), so an editor can jump to them. */
	fprintf(event == QIP_PLAN_PROBLEM ? stderr : stdout, "%s\n", shown);
	free(owned);
}

static int plan(struct cli *c, const struct cli_args *a)
{
	if (a->npos != 1)
		return cli_fail(QIP_EINVAL, "%s: give one CSV file", a->name);
	const char *df = a->value[OPT_DATE_FORMAT];
	if (df && strcmp(df, "dmy") && strcmp(df, "ymd"))
		return cli_fail(QIP_EINVAL, "--date-format '%s': use dmy (21/11/2026) or ymd (2026/11/21)", df);
	struct qip_plan_options o = { .path = a->pos[0], .service = a->value[OPT_SERVICE],
				      .maps = a->values[OPT_MAP], .nmaps = a->nvalues[OPT_MAP],
				      .ymd = df && !strcmp(df, "ymd"), .dry_run = a->value[OPT_DRY_RUN] != NULL,
				      .create_people = a->value[OPT_CREATE_PEOPLE] != NULL };
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	struct qip_plan_result r;
	int rc = qip_plan_import(db, &o, report, NULL, &r);
	if (rc)
		return cli_db_fail(c, rc);
	if (o.dry_run)
		printf("would create %d action%s and add %d %s; %d row%s skipped (dry run: nothing stored)\n",
		       r.created, r.created == 1 ? "" : "s", r.people_created, r.people_created == 1 ? "person" : "people",
		       r.skipped, r.skipped == 1 ? "" : "s");
	else
		printf("created %d action%s, added %d %s; %d row%s skipped\n", r.created, r.created == 1 ? "" : "s",
		       r.people_created, r.people_created == 1 ? "person" : "people", r.skipped, r.skipped == 1 ? "" : "s");
	return CLI_OK;
}

const struct cli_group cli_group_import = {
	"import", "import a spreadsheet plan (CSV)", notes,
	(const struct cli_command[]){
		{ "plan", "FILE.csv", "make a spreadsheet plan's rows into actions, all or nothing",
		  (const struct cli_opt *const[]){ &o_service, &o_map, &o_date_format, &o_dry_run, &o_create_people, NULL },
		  .writes = true, .run = plan },
		{ 0 } },
};
