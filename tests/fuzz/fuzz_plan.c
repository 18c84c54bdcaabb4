/* libFuzzer target for qip import plan: the bytes to UTF-8, libcsv, the
 * header search, every column's reading, and the writes rolled back.
 *
 * Build as fuzz_template.c says (clang, -fsanitize=fuzzer), then
 *   build-fuzz/tests/fuzz_plan -max_total_time=60 tests/fuzz/corpus/plan
 * New inputs that find a bug go into tests/fuzz/corpus/plan/ so the replay
 * test (replay_template.c built with QIP_FUZZ_PLAN) runs them on every build. */
#include "fuzz_plan.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qip/person.h"
#include "qip/plan_import.h"
#include "qip/text.h"

static struct qip_db *db;
static char dir[] = "/tmp/qip-fuzz-plan-XXXXXX";
static char db_path[64], csv_path[64];

static int fill(struct qip_db *d, void *ctx)
{
	(void)ctx;
	return qip_person_add_first_admin(d);
}

/* The scratch folder goes when the process ends. */
static void remove_scratch(void)
{
	qip_db_close(db);
	const char *const ends[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		char p[80];
		snprintf(p, sizeof p, "%s%s", db_path, ends[i]);
		remove(p);
	}
	remove(csv_path);
	remove(dir);
}

static void open_scratch(void)
{
	if (!mkdtemp(dir))
		abort();
	char err[300];
	const char *path = db_path;
	snprintf(db_path, sizeof db_path, "%s/fuzz.db", dir);
	snprintf(csv_path, sizeof csv_path, "%s/plan.csv", dir);
	bool created;
	if (qip_db_create(path, fill, NULL, &created, err, sizeof err) || qip_db_open(path, 0, &db, err, sizeof err)) {
		fprintf(stderr, "fuzz_plan: %s\n", err);
		abort();
	}
	atexit(remove_scratch);
}

static void check_line(void *ctx, int event, const char *line)
{
	int *problems = ctx;
	if (event == QIP_PLAN_PROBLEM)
		(*problems)++;
	for (const unsigned char *p = (const unsigned char *)line; *p;) {
		uint32_t cp;
		int len = *p < 0x80 ? 1 : qip_utf8_decode(p, &cp);
		if (len <= 0)
			abort();   /* every line said is UTF-8, whatever the file held */
		p += len;
	}
}

static int64_t count_actions(void)
{
	int64_t n = -1;
	if (qip_db_scalar(db, qip_db_stmt(db, "SELECT count(*) FROM action"), &n))
		abort();
	return n;
}

int qip_fuzz_plan(const uint8_t *data, size_t size)
{
	if (!db)
		open_scratch();
	FILE *f = fopen(csv_path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
	struct qip_plan_options o = { .path = csv_path, .dry_run = true, .create_people = true };
	struct qip_plan_result r;
	int problems = 0;
	int rc = qip_plan_import(db, &o, check_line, &problems, &r);
	if (problems != r.problems)
		abort();
	if (rc == 0 && r.problems)
		abort();   /* success with a problem said */
	if (rc == QIP_EINVAL && !r.problems && !*qip_db_error(db))
		abort();   /* a refusal that says nothing */
	if (count_actions() != 0)
		abort();   /* a dry run stored an action */
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	qip_fuzz_plan(data, size);
	return 0;
}
