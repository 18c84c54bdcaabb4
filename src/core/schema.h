/* Private to the core: the migrations that build the schema. */
#ifndef QIP_SCHEMA_H
#define QIP_SCHEMA_H

struct qip_db;

struct qip_migration {
	int version;       /* user_version after this step */
	const char *what;
	const char *sql;
	/* Run after sql in the same transaction, when SQL alone cannot do
	 * the step (a value that depends on the row before); NULL for most. */
	int (*then)(struct qip_db *db);
};

extern const struct qip_migration qip_migrations[];
extern const int qip_migration_count;

/* Stamped into the file header so qip recognises its own databases. */
#define QIP_APPLICATION_ID 0x51495031 /* "QIP1" */

#endif
