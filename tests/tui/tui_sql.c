/* Test helper: runs SQL on a qip database through the core's connection
 * (whose functions the history triggers call), to plant what the CLI
 * rightly refuses, such as a title holding an escape sequence, as a
 * careless import or an old version might have left it. With --hold N it
 * instead keeps the write lock for N milliseconds: another user saving. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "qip/db.h"

int main(int argc, char **argv)
{
	if (argc != 3 && !(argc == 4 && !strcmp(argv[2], "--hold"))) {
		fprintf(stderr, "usage: tui_sql DB SQL | tui_sql DB --hold MS\n");
		return 2;
	}
	char err[512];
	struct qip_db *db;
	if (qip_db_open(argv[1], 0, &db, err, sizeof err)) {
		fprintf(stderr, "tui_sql: %s\n", err);
		return 1;
	}
	int rc;
	if (argc == 4) {
		long ms = atol(argv[3]);
		rc = qip_db_exec(db, "BEGIN IMMEDIATE");
		if (rc == QIP_OK) {
			/* Say the lock is held, so the test starts its key script. */
			printf("held\n");
			fflush(stdout);
			struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
			nanosleep(&t, NULL);
			rc = qip_db_exec(db, "COMMIT");
		}
	} else
		rc = qip_db_exec(db, argv[2]);
	if (rc)
		fprintf(stderr, "tui_sql: %s\n", qip_db_error(db));
	qip_db_close(db);
	return rc ? 1 : 0;
}
