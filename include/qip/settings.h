/* Settings: the thresholds of the escalation rules and the monitoring
 * window after closure (qip-settings(5)).
 *
 * Each setting has a default. A YAML file may change any of them: the
 * system file ($QIP_SETTINGS, else /etc/qip/settings.yaml), then
 * qip-settings.yaml next to the database; settings imported into the
 * database (qip settings import) come last and win. Every file is read
 * with ydoc's limits and checked with FILE:LINE:COLUMN diagnostics. */
#ifndef QIP_SETTINGS_H
#define QIP_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "qip/db.h"
#include "qip/diag.h"

enum qip_setting {
	QIP_SET_UNOWNED,               /* on/off: an unowned action goes to level 1 at once */
	QIP_SET_OVERDUE_DAYS,          /* overdue by more than this: level 1 (0) */
	QIP_SET_OVERDUE_LEVEL2_DAYS,   /* overdue by this many days or more: level 2 (14) */
	QIP_SET_OVERDUE_LEVEL3_DAYS,   /* ... level 3 (28) */
	QIP_SET_EXTENDED_TIMES,        /* extended this often or more: level 2 (2) */
	QIP_SET_REPEAT_FINDING,        /* on/off: a repeat audit finding goes to level 2 */
	QIP_SET_LEVEL2_UNRESOLVED_DAYS,/* open at level 2 this long: level 3 (14) */
	QIP_SET_REVIEW_OVERDUE_DAYS,   /* review overdue by more than this: level 1 (0) */
	QIP_SET_TARGET_NOT_MET,        /* on/off: target not met when the review comes: level 1 */
	QIP_SET_STALE_DAYS,            /* no evidence for more than this: level 1 (30) */
	QIP_SET_MISSED_AUDIT_DAYS,     /* an audit the action depends on overdue by more than this: level 1 (0) */
	QIP_SET_MONITOR_CYCLES,        /* review cycles a confirmed closure stays in monitoring (2) */
	QIP_SETTING_COUNT
};

/* Where a setting's value came from. */
enum qip_setting_source { QIP_FROM_DEFAULT, QIP_FROM_SYSTEM_FILE, QIP_FROM_DB_FILE, QIP_FROM_DATABASE };

struct qip_settings {
	int value[QIP_SETTING_COUNT];        /* days or times; 0/1 for on/off */
	int source[QIP_SETTING_COUNT];       /* enum qip_setting_source */
	char *file[2];                       /* the system file and the one next to the database, when read */
};

/* The setting's name ("overdue-level-2-days", "monitoring.cycles": the
 * key under its section of the file, the section named unless it is
 * 'escalation'), whether it is on/off, its range, its default and a line
 * saying what it does. */
const char *qip_setting_key(int i);
int qip_setting_min(int i);
int qip_setting_max(int i);
bool qip_setting_is_switch(int i);
int qip_setting_default(int i);
const char *qip_setting_help(int i);

void qip_settings_defaults(struct qip_settings *s);
void qip_settings_clear(struct qip_settings *s);

/* Reads a settings file over s (its keys replace s's values, marked from
 * `from`). false when the file has problems: every one goes to d with
 * its line and column, and s is left as it was. */
bool qip_settings_read_text(const char *buf, size_t len, struct qip_settings *s, int from, struct qip_diags *d);
bool qip_settings_read_file(const char *path, struct qip_settings *s, int from, struct qip_diags *d);

/* The settings in force for db: defaults, the system file, the file next
 * to the database, the database's own. A file with problems fails
 * (QIP_EINVAL) with its diagnostics in d, never falling back silently. */
int qip_settings_load(struct qip_db *db, struct qip_settings *s, struct qip_diags *d);

/* Checks a file and makes its settings the database's own (replacing
 * those imported before), all or nothing. Problems go to d (QIP_EINVAL). */
int qip_settings_import(struct qip_db *db, const char *path, struct qip_diags *d);

/* Changes one of the database's own settings (the TUI's settings
 * screen): text is the value as the file would give it ("true", "21").
 * The same rules as an import: only an administrator; the value checked
 * as the file's key would be; the database's own settings must climb on
 * their own and, with the files under them, in force. Refused with the
 * first problem as the database's message (all in d); nothing changes. */
int qip_settings_set(struct qip_db *db, int setting, const char *text, struct qip_diags *d);

#endif
