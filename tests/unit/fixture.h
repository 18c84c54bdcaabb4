/* Shared by the unit tests: a fresh database in a temporary directory, with
 * the test's own account as its first person (as `qip init` does). */
#ifndef QIP_TEST_FIXTURE_H
#define QIP_TEST_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "qip/db.h"
#include "qip/person.h"

struct fixture {
	char dir[64];
	char path[128];
	struct qip_db *db;
};

static inline struct qip_db *fixture_open(struct fixture *f)
{
	snprintf(f->dir, sizeof f->dir, "/tmp/qip-test-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
	char err[512];
	setenv("QIP_TODAY", "2026-03-02", 1);
	int rc = qip_db_open(f->path, QIP_DB_CREATE, &f->db, err, sizeof err);
	if (rc)
		fail_msg("open: %s", err);
	assert_int_equal(qip_person_add_first_admin(f->db), QIP_OK);
	return f->db;
}

static inline void fixture_close(struct fixture *f)
{
	qip_db_close(f->db);
	f->db = NULL;
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", f->dir);
}

/* Runs SQL returning one integer, for checks the API does not expose. */
static inline int64_t fixture_int(struct qip_db *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(qip_db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
	int64_t v = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

#endif
