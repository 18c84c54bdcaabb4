/* Settings files: the escalation rules' thresholds (qip-settings(5)). */
#include "qip/settings.h"
#include "qip/permission.h"
#include "qip/privilege.h"
#include "qip/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ydoc.h"

/* Each setting sits in a section of the file: its key there, and the
 * name it goes by elsewhere (qip settings show, the database), which for
 * the escalation rules is the key alone, as it always was. */
static const struct {
	const char *section, *key, *name;
	bool is_switch;
	int def, min, max;
	const char *help;
} settings[QIP_SETTING_COUNT] = {
	[QIP_SET_UNOWNED] = { "escalation", "unowned", "unowned", true, 1, 0, 1,
		"an action with no active owner goes to level 1 at once" },
	[QIP_SET_OVERDUE_DAYS] = { "escalation", "overdue-days", "overdue-days", false, 0, 0, 3650,
		"overdue by more than this many days: level 1" },
	[QIP_SET_OVERDUE_LEVEL2_DAYS] = { "escalation", "overdue-level-2-days", "overdue-level-2-days", false, 14, 0, 3650,
		"overdue by this many days or more: level 2" },
	[QIP_SET_OVERDUE_LEVEL3_DAYS] = { "escalation", "overdue-level-3-days", "overdue-level-3-days", false, 28, 0, 3650,
		"overdue by this many days or more: level 3" },
	[QIP_SET_EXTENDED_TIMES] = { "escalation", "extended-times", "extended-times", false, 2, 0, 100,
		"extended this many times or more: level 2" },
	[QIP_SET_REPEAT_FINDING] = { "escalation", "repeat-finding", "repeat-finding", true, 1, 0, 1,
		"an action raised by a repeat audit finding goes to level 2" },
	[QIP_SET_LEVEL2_UNRESOLVED_DAYS] = { "escalation", "level-2-unresolved-days", "level-2-unresolved-days", false, 14, 0, 3650,
		"an escalation open at level 2 for this many days goes to level 3" },
	[QIP_SET_REVIEW_OVERDUE_DAYS] = { "escalation", "review-overdue-days", "review-overdue-days", false, 0, 0, 3650,
		"review date passed by more than this many days: level 1" },
	[QIP_SET_TARGET_NOT_MET] = { "escalation", "target-not-met", "target-not-met", true, 1, 0, 1,
		"review date reached with the latest outcome short of the target: level 1" },
	[QIP_SET_STALE_DAYS] = { "escalation", "stale-days", "stale-days", false, 30, 0, 3650,
		"no evidence for more than this many days: level 1" },
	[QIP_SET_MISSED_AUDIT_DAYS] = { "escalation", "missed-audit-days", "missed-audit-days", false, 0, 0, 3650,
		"an audit whose runs raised the action overdue by more than this many days: level 1" },
	[QIP_SET_MONITOR_CYCLES] = { "monitoring", "cycles", "monitoring.cycles", false, 2, 1, 24,
		"a confirmed closure is watched this many review cycles before it is closed and sustained" },
};

const char *qip_setting_key(int i) { return i >= 0 && i < QIP_SETTING_COUNT ? settings[i].name : "?"; }
int qip_setting_min(int i) { return i >= 0 && i < QIP_SETTING_COUNT ? settings[i].min : 0; }
int qip_setting_max(int i) { return i >= 0 && i < QIP_SETTING_COUNT ? settings[i].max : 0; }
bool qip_setting_is_switch(int i) { return i >= 0 && i < QIP_SETTING_COUNT && settings[i].is_switch; }
int qip_setting_default(int i) { return i >= 0 && i < QIP_SETTING_COUNT ? settings[i].def : 0; }
const char *qip_setting_help(int i) { return i >= 0 && i < QIP_SETTING_COUNT ? settings[i].help : ""; }

void qip_settings_defaults(struct qip_settings *s)
{
	memset(s, 0, sizeof *s);
	for (int i = 0; i < QIP_SETTING_COUNT; i++)
		s->value[i] = settings[i].def;
}

void qip_settings_clear(struct qip_settings *s)
{
	free(s->file[0]);
	free(s->file[1]);
	memset(s, 0, sizeof *s);
}

/* The overdue levels must climb: level 1 before level 2 before level 3. */
static void check_order(const struct qip_settings *s, const struct ynode *const *at, struct qip_diags *d)
{
	const int *v = s->value;
	const struct ynode *n2 = at[QIP_SET_OVERDUE_LEVEL2_DAYS], *n3 = at[QIP_SET_OVERDUE_LEVEL3_DAYS];
	if (v[QIP_SET_OVERDUE_LEVEL2_DAYS] <= v[QIP_SET_OVERDUE_DAYS]) {
		const struct ynode *n = n2 ? n2 : at[QIP_SET_OVERDUE_DAYS];
		qip_diag_add(d, n ? n->line : 0, n ? n->col : 0,
			     "'overdue-level-2-days' (%d) must be more than 'overdue-days' (%d)",
			     v[QIP_SET_OVERDUE_LEVEL2_DAYS], v[QIP_SET_OVERDUE_DAYS]);
	}
	if (v[QIP_SET_OVERDUE_LEVEL3_DAYS] <= v[QIP_SET_OVERDUE_LEVEL2_DAYS]) {
		const struct ynode *n = n3 ? n3 : n2;
		qip_diag_add(d, n ? n->line : 0, n ? n->col : 0,
			     "'overdue-level-3-days' (%d) must be more than 'overdue-level-2-days' (%d)",
			     v[QIP_SET_OVERDUE_LEVEL3_DAYS], v[QIP_SET_OVERDUE_LEVEL2_DAYS]);
	}
	if (v[QIP_SET_LEVEL2_UNRESOLVED_DAYS] < 1) {
		const struct ynode *n = at[QIP_SET_LEVEL2_UNRESOLVED_DAYS];
		qip_diag_add(d, n ? n->line : 0, n ? n->col : 0, "'level-2-unresolved-days' must be 1 or more");
	}
}

bool qip_settings_read_text(const char *buf, size_t len, struct qip_settings *s, int from, struct qip_diags *d)
{
	int before = d->n;
	struct ynode *root = ydoc_parse(buf, len, d);
	if (!root)
		return false;
	static const struct yfield top[] = { { "escalation", false }, { "monitoring", false } };
	static const char *const sections[] = { "escalation", "monitoring" };
	const struct ynode *sect[2] = { 0 }, *at[QIP_SETTING_COUNT] = { 0 };
	struct qip_settings next = *s;
	if (ymap_get(root, "the settings file", top, 2, sect, NULL, d)) {
		for (int k = 0; k < 2; k++) {
			if (!sect[k])
				continue;
			/* The section's own settings, in the order of the table. */
			struct yfield fields[QIP_SETTING_COUNT];
			int idx[QIP_SETTING_COUNT], nf = 0;
			for (int i = 0; i < QIP_SETTING_COUNT; i++)
				if (!strcmp(settings[i].section, sections[k])) {
					fields[nf] = (struct yfield){ settings[i].key, false };
					idx[nf++] = i;
				}
			const struct ynode *found[QIP_SETTING_COUNT] = { 0 };
			char what[32];
			snprintf(what, sizeof what, "'%s'", sections[k]);
			if (!ymap_get(sect[k], what, fields, nf, found, NULL, d))
				continue;
			for (int f = 0; f < nf; f++) {
				int i = idx[f];
				if (!(at[i] = found[f]))
					continue;
				bool on;
				long n;
				if (settings[i].is_switch ? ybool(at[i], settings[i].key, &on, d)
							  : yint(at[i], settings[i].key, settings[i].min, settings[i].max, &n, d)) {
					next.value[i] = settings[i].is_switch ? on : (int)n;
					next.source[i] = from;
				}
			}
		}
	}
	if (d->n == before)
		check_order(&next, at, d);
	ynode_free(root);
	if (d->n != before)
		return false;
	memcpy(s->value, next.value, sizeof s->value);
	memcpy(s->source, next.source, sizeof s->source);
	return true;
}

/* qips_own: the system file or the one beside the database, read with
 * qip's rights; otherwise a file a user names, read with theirs. */
static bool read_settings(const char *path, bool qips_own, struct qip_settings *s, int from, struct qip_diags *d)
{
	char *buf;
	size_t len;
	if (!(qips_own ? ydoc_read_qip_file : ydoc_read_file)(path, &buf, &len, d))
		return false;
	bool ok = qip_settings_read_text(buf, len, s, from, d);
	free(buf);
	return ok;
}

bool qip_settings_read_file(const char *path, struct qip_settings *s, int from, struct qip_diags *d)
{
	return read_settings(path, false, s, from, d);
}

/* qip-settings.yaml in the directory of the database. malloc'd. */
static char *db_file(struct qip_db *db)
{
	const char *p = qip_db_path(db);
	const char *slash = p ? strrchr(p, '/') : NULL;
	int dir = slash ? (int)(slash - p) : 1;
	size_t n = (size_t)dir + sizeof "/qip-settings.yaml";
	char *f = malloc(n);
	if (f)
		snprintf(f, n, "%.*s/qip-settings.yaml", dir, slash ? p : ".");
	return f;
}

static bool exists(const char *path)
{
	struct stat st;
	return path && stat(path, &st) == 0;
}

static int read_layer(struct qip_db *db, char *path, struct qip_settings *s, int from, struct qip_diags *d)
{
	if (!exists(path)) {
		free(path);
		return QIP_OK;
	}
	s->file[from == QIP_FROM_DB_FILE] = path;
	free(d->file);
	d->file = strdup(path);
	if (!read_settings(path, true, s, from, d))
		return qip_db_fail(db, QIP_EINVAL, "the settings file %s has problems", path);
	return QIP_OK;
}

/* The setting table's rows over what s holds, each marked as from the database. */
static int read_table(struct qip_db *db, struct qip_settings *s)
{
	sqlite3_stmt *st = qip_db_stmt(db, "SELECT key, value FROM setting");
	if (!st)
		return QIP_EDB;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 0);
		for (int i = 0; i < QIP_SETTING_COUNT; i++)
			if (!strcmp(key, settings[i].name)) {
				s->value[i] = sqlite3_column_int(st, 1);
				s->source[i] = QIP_FROM_DATABASE;
			}
	}
	return qip_db_finish(db, st, rc);
}

int qip_settings_load(struct qip_db *db, struct qip_settings *s, struct qip_diags *d)
{
	qip_settings_defaults(s);
	const char *sys = qip_env("QIP_SETTINGS");
	int rc = read_layer(db, strdup(sys && *sys ? sys : "/etc/qip/settings.yaml"), s, QIP_FROM_SYSTEM_FILE, d);
	if (rc || (rc = read_layer(db, db_file(db), s, QIP_FROM_DB_FILE, d)))
		return rc;
	if ((rc = read_table(db, s)))
		return rc;
	/* Each layer made sense on its own; together they must too. */
	const int *v = s->value;
	if (v[QIP_SET_OVERDUE_DAYS] >= v[QIP_SET_OVERDUE_LEVEL2_DAYS] ||
	    v[QIP_SET_OVERDUE_LEVEL2_DAYS] >= v[QIP_SET_OVERDUE_LEVEL3_DAYS])
		return qip_db_fail(db, QIP_EINVAL, "the settings in force do not climb: overdue-days %d,"
				   " overdue-level-2-days %d, overdue-level-3-days %d (qip settings show says where"
				   " each comes from)", v[QIP_SET_OVERDUE_DAYS], v[QIP_SET_OVERDUE_LEVEL2_DAYS],
				   v[QIP_SET_OVERDUE_LEVEL3_DAYS]);
	return QIP_OK;
}

/* One row of the database's own settings, replacing the key's last. */
static int store(struct qip_db *db, int i, int value)
{
	sqlite3_stmt *st = qip_db_stmt(db, "INSERT OR REPLACE INTO setting(key, value, imported_on, imported_by)"
					   " VALUES (?1, ?2, ?3, ?4)");
	if (!st)
		return QIP_EDB;
	qip_bind_text(st, 1, settings[i].name);
	sqlite3_bind_int(st, 2, value);
	qip_bind_date(st, 3, qip_db_today(db));
	qip_bind_id(st, 4, qip_db_actor(db));
	return qip_db_exec_stmt(db, st);
}

int qip_settings_import(struct qip_db *db, const char *path, struct qip_diags *d)
{
	int rc = qip_permission_check(db, QIP_PERM_ADMIN, 0, 0);
	if (rc)
		return rc;
	/* Checked against the defaults alone: the file becomes the database's
	 * settings as a whole, and must make sense on its own. */
	struct qip_settings s;
	qip_settings_defaults(&s);
	if (!qip_settings_read_file(path, &s, QIP_FROM_DATABASE, d))
		return qip_db_fail(db, QIP_EINVAL, "%s has problems: nothing was imported", path);
	if ((rc = qip_db_begin(db)))
		return rc;
	rc = qip_db_exec(db, "DELETE FROM setting");
	for (int i = 0; rc == QIP_OK && i < QIP_SETTING_COUNT; i++)
		if (s.source[i] == QIP_FROM_DATABASE)
			rc = store(db, i, s.value[i]);
	return qip_db_end(db, rc);
}

/* The database's own settings over the defaults, as an import left them. */
static int read_own(struct qip_db *db, struct qip_settings *s)
{
	qip_settings_defaults(s);
	return read_table(db, s);
}

/* The first problem in d as the database's one message. */
static int refuse(struct qip_db *db, struct qip_diags *d)
{
	/* The value has no line in a file: the message alone. */
	return qip_db_fail(db, QIP_EINVAL, "%s: nothing was changed", d->n ? d->v[0].msg : "bad value");
}

int qip_settings_set(struct qip_db *db, int i, const char *text, struct qip_diags *d)
{
	if (i < 0 || i >= QIP_SETTING_COUNT)
		return qip_db_fail(db, QIP_EINVAL, "no such setting");
	int rc = qip_permission_check(db, QIP_PERM_ADMIN, 0, 0);
	if (rc)
		return rc;
	/* The value read as the same key in a file would be: one scalar
	 * through the file's own checks, so the messages are the file's. */
	struct ynode v = { .kind = YN_SCALAR, .plain = true, .s = (char *)text };
	bool on = false;
	long n = 0;
	if (!(settings[i].is_switch ? ybool(&v, settings[i].name, &on, d)
				     : yint(&v, settings[i].name, settings[i].min, settings[i].max, &n, d)))
		return refuse(db, d);
	int value = settings[i].is_switch ? on : (int)n;
	if ((rc = qip_db_begin(db)))
		return rc;
	/* The database's own settings must make sense on their own, as an
	 * imported file must ... */
	struct qip_settings own;
	if ((rc = read_own(db, &own)) == QIP_OK) {
		own.value[i] = value;
		const struct ynode *at[QIP_SETTING_COUNT] = { 0 };
		check_order(&own, at, d);
		if (d->n)
			rc = refuse(db, d);
	}
	if (rc == QIP_OK)
		rc = store(db, i, value);
	/* ... and with the files under them, as every command reads them. */
	if (rc == QIP_OK) {
		struct qip_settings in_force;
		rc = qip_settings_load(db, &in_force, d);
		qip_settings_clear(&in_force);
		if (rc == QIP_EINVAL && !d->n) {
			char *why = qip_strdup(qip_db_error(db));
			rc = qip_db_fail(db, QIP_EINVAL, "%s: nothing was changed", why);
			free(why);
		}
	}
	return qip_db_end(db, rc);
}
