/* qip verify (the chain) and qip doctor (every health check). Both only
 * read, so anyone who can open the database may run them. */
#include <stdio.h>
#include <stdlib.h>

#include "command.h"
#include "qip/chain.h"
#include "qip/doctor.h"
#include "qip/text.h"

#define LISTED_MAX 20   /* problems printed one per line; the rest are counted */

static const char *const faults[] = { "changed", "missing", "not-in-chain", "link-missing", "trigger-missing",
				      "head-unknown" };

enum { OPT_HEAD };
static const struct cli_opt o_head = { OPT_HEAD, "head", "HEX",
	"also check that a head printed earlier (on minutes, a report) is a link of the chain" };

static const char verify_notes[] =
	"Walks the chain of hashes that links every history row, evidence entry,\n"
	"review, escalation and audit answer to the one before, and names each row\n"
	"changed, removed or added behind qip's back (the sqlite3 shell, dropped\n"
	"triggers). Prints the chain's head and length: the head printed on minutes\n"
	"and reports proves later that nothing before it changed. Exit status 1\n"
	"when anything is wrong.\n";

struct verify_out {
	struct cli *c;
	enum cli_format fmt;
	struct qip_chain_problem first;
	char first_msg[200];
	bool have_first;
	long long listed;
};

static int on_problem(void *ctx, const struct qip_chain_problem *p)
{
	struct verify_out *v = ctx;
	if (!v->have_first) {
		v->first = *p;
		snprintf(v->first_msg, sizeof v->first_msg, "%s", p->message);
		v->first.message = v->first_msg;
		v->have_first = true;
	}
	if (v->fmt == CLI_TABLE && v->listed++ < LISTED_MAX)
		fprintf(v->c->out, "%s\n", p->message);
	return 0;
}

static int run_verify(struct cli *c, const struct cli_args *a)
{
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	struct verify_out v = { .c = c, .fmt = a->fmt };
	struct qip_chain_result res;
	const char *printed = a->value[OPT_HEAD];
	int rc = printed ? qip_chain_verify_head(db, printed, on_problem, &v, &res)
			 : qip_chain_verify(db, on_problem, &v, &res);
	if (rc)
		return cli_db_fail(c, rc);
	if (a->fmt == CLI_TABLE && res.problems > LISTED_MAX)
		fprintf(c->out, "... and %lld more\n", (long long)(res.problems - LISTED_MAX));
	char links[24], problems[24], id[24], head_at[24];
	snprintf(head_at, sizeof head_at, "%lld", (long long)res.head_at);
	snprintf(links, sizeof links, "%lld", (long long)res.length);
	snprintf(problems, sizeof problems, "%lld", (long long)res.problems);
	snprintf(id, sizeof id, "%lld", v.have_first ? (long long)v.first.id : 0LL);
	const struct cli_col cols[] = {
		{ "result", 0, false }, { "links", 0, true }, { "head", 0, false }, { "problems", 0, true },
		{ "first", 0, false }, { "first_table", 0, false }, { "first_id", 0, true }, { "first_fault", 0, false },
		{ "head_asked_is_link", 0, true } };
	const char *cells[] = {
		res.problems ? "ALTERED" : "ok", links, res.head, problems,
		v.have_first ? v.first_msg : "", v.have_first && v.first.table ? v.first.table : "",
		v.have_first ? id : "", v.have_first ? faults[v.first.fault] : "", res.head_at ? head_at : "" };
	struct cli_table *t = cli_record_begin(c, a->fmt, cols, printed ? 9 : 8);
	cli_table_row(t, cells, "", CLI_HL_NONE);
	cli_table_end(t);
	return res.problems ? CLI_FAIL : CLI_OK;
}

const struct cli_group cli_group_verify = {
	"verify", "prove the history unaltered: walk the chain of hashes", verify_notes,
	(const struct cli_command[]){
		{ .summary = "walk the chain; name the first row changed, removed or added behind qip's back",
		  .opts = (const struct cli_opt *const[]){ &o_head, NULL },
		  .format = true, .run = run_verify },
		{ 0 } },
};

static const char doctor_notes[] =
	"Checks the database's health and says in plain words what is wrong and\n"
	"what to do: SQLite's integrity and foreign-key checks, the search index,\n"
	"the chain (as qip verify), each action's evidence count and latest value\n"
	"against its evidence, the modes of the file and its -wal and -shm, and the\n"
	"size of the write-ahead log. Changes nothing. Exit status 1 when anything\n"
	"is wrong.\n";

struct doctor_out {
	struct cli_table *t;   /* TSV and JSON; NULL for the words on a terminal */
	FILE *out;
};

/* As a table the sentences would be cut to the terminal's width: on the
 * terminal each finding is whole, the fix on its own line. */
static void on_finding(void *ctx, const struct qip_doctor_finding *f)
{
	struct doctor_out *o = ctx;
	if (o->t) {
		const char *cells[] = { f->check, f->ok ? "ok" : "PROBLEM", f->what, f->fix };
		cli_table_row(o->t, cells, f->ok ? "" : "!", f->ok ? CLI_HL_NONE : CLI_HL_OVERDUE);
		return;
	}
	char *what_owned = NULL, *fix_owned = NULL;
	fprintf(o->out, "%-8s %s: %s\n", f->ok ? "ok" : "PROBLEM", f->check, qip_text_escaped(f->what, &what_owned));
	if (!f->ok)
		fprintf(o->out, "%-8s what to do: %s\n", "", qip_text_escaped(f->fix, &fix_owned));
	free(what_owned);
	free(fix_owned);
}

static int run_doctor(struct cli *c, const struct cli_args *a)
{
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	const struct cli_col cols[] = {
		{ "check", 12, false }, { "result", 7, false }, { "what", 0, false }, { "fix", 0, false } };
	struct doctor_out o = { a->fmt == CLI_TABLE ? NULL : cli_table_begin(c, a->fmt, cols, 4), c->out };
	int problems = 0;
	int rc = qip_doctor(db, on_finding, &o, &problems);
	if (o.t)
		cli_table_end(o.t);
	else if (rc == QIP_OK)
		fprintf(c->out, problems ? "%d problem%s found.\n" : "No problem found.\n", problems,
			problems == 1 ? "" : "s");
	if (rc)
		return cli_db_fail(c, rc);
	return problems ? CLI_FAIL : CLI_OK;
}

const struct cli_group cli_group_doctor = {
	"doctor", "check the database's health and say what to do", doctor_notes,
	(const struct cli_command[]){
		{ .summary = "integrity, references, search, chain, evidence summaries, file modes, WAL size",
		  .format = true, .run = run_doctor },
		{ 0 } },
};
