/* qip export actions|evidence|escalations|audits|history|all: the lists
 * as CSV, JSON or a workbook (src/core/export.c reads and writes them).
 * A file named with -o appears whole or not at all: the export is written
 * beside it under a temporary name, flushed to disk, then renamed over it. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "command.h"
#include "qip/action.h"
#include "qip/export.h"
#include "qip/privilege.h"
#include "qip/service.h"
#include "qip/text.h"

static const char notes[] =
	"Formats: csv (RFC 4180, UTF-8; --excel adds the byte-order mark Excel\n"
	"needs to read UTF-8), json (one array of objects, numbers as numbers) and\n"
	"xlsx (a workbook: the header frozen, overdue rows red, unowned rows amber,\n"
	"dates as dates). Without --format, the -o file's name says it (.csv,\n"
	".json, .xlsx), else csv. Dates are ISO 8601 (2026-03-02), times UTC.\n"
	"export all writes every list as a sheet of one workbook (xlsx only).\n"
	"--since keeps actions created or changed, evidence seen, escalations\n"
	"raised or resolved, audits run and changes recorded on or after the day.\n"
	"-o FILE replaces FILE whole, or leaves it as it was when the export fails;\n"
	"without it the export goes to standard output (a workbook never to a\n"
	"terminal).\n";

enum { OPT_SERVICE, OPT_SINCE, OPT_FORMAT, OPT_OUTPUT, OPT_EXCEL };
static const struct cli_opt o_service = { OPT_SERVICE, "service", "S", "only this service's records" },
	o_since = { OPT_SINCE, "since", "DATE", "only records dated or changed on or after DATE" },
	o_format = { OPT_FORMAT, "format", "csv|json|xlsx", "what to write (default: from -o's name, else csv)" },
	o_output = { OPT_OUTPUT, "output", "FILE", "write FILE (replaced whole) rather than standard output",
		     .letter = 'o' },
	o_excel = { OPT_EXCEL, "excel", NULL, "CSV with the byte-order mark Excel needs for UTF-8" };

enum export_format { FMT_CSV, FMT_JSON, FMT_XLSX };

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n >= m && !strcasecmp(s + n - m, tail);
}

static int choose_format(const struct cli_args *a, bool all, enum export_format *fmt)
{
	const char *f = a->value[OPT_FORMAT], *path = a->value[OPT_OUTPUT];
	if (f) {
		if (!strcmp(f, "csv"))
			*fmt = FMT_CSV;
		else if (!strcmp(f, "json"))
			*fmt = FMT_JSON;
		else if (!strcmp(f, "xlsx"))
			*fmt = FMT_XLSX;
		else
			return cli_fail(QIP_EINVAL, "--format '%s': use csv, json or xlsx", f);
	} else if (all || (path && ends_with(path, ".xlsx"))) {
		*fmt = FMT_XLSX;
	} else {
		*fmt = path && ends_with(path, ".json") ? FMT_JSON : FMT_CSV;
	}
	if (all && *fmt != FMT_XLSX)
		return cli_fail(QIP_EINVAL, "export all: every list goes in one workbook (--format xlsx); "
				"export a list at a time as CSV or JSON");
	if (a->value[OPT_EXCEL] && *fmt != FMT_CSV)
		return cli_fail(QIP_EINVAL, "--excel is for CSV: a %s needs no byte-order mark",
				*fmt == FMT_XLSX ? "workbook" : "JSON file");
	if (path && !*path)
		return cli_fail(QIP_EINVAL, "-o: give the file to write");
	if (*fmt == FMT_XLSX && !path && isatty(STDOUT_FILENO))
		return cli_fail(QIP_EINVAL, "a workbook is not for the terminal: give -o FILE.xlsx, or redirect "
				"the output to a file");
	return CLI_OK;
}

/* A temporary file beside path (same folder, so the rename stays on one
 * file system), with the mode a new file would have, made with the user's
 * rights: a setgid qip must not make it with its group, nor in a folder
 * only that group may write. */
static int temp_beside(const char *path, char **tmp)
{
	char *copy = qip_strdup(path), *base = qip_strdup(path);
	*tmp = qip_printf("%s/.%s.XXXXXX", dirname(copy), basename(base));
	free(copy);
	free(base);
	qip_user_rights_begin();
	int fd = mkstemp(*tmp);
	int e = errno;
	qip_user_rights_end();
	if (fd < 0) {
		free(*tmp);
		*tmp = NULL;
		cli_fail(QIP_EINVAL, "cannot write %s: %s", path, strerror(e));
		return -1;
	}
	mode_t mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	return fd;
}

/* Copies a finished workbook to standard output. */
static bool copy_out(const char *from)
{
	FILE *in = fopen(from, "rb");
	if (!in)
		return false;
	char buf[65536];
	size_t n;
	bool ok = true;
	while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
		ok = fwrite(buf, 1, n, stdout) == n;
	ok = ok && !ferror(in) && fflush(stdout) == 0;
	fclose(in);
	return ok;
}

/* Flushes a written file to disk (a rename must never reveal a file whose
 * data is still only in memory). */
static bool sync_path(const char *path)
{
	int fd = open(path, O_RDONLY);
	bool ok = fd >= 0 && fsync(fd) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

static int run_export(struct cli *c, const struct cli_args *a, int list)
{
	bool all = list < 0;
	enum export_format fmt = FMT_CSV;
	int rc = choose_format(a, all, &fmt);
	if (rc)
		return rc;
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	struct qip_export_filter f = { 0, QIP_NO_DATE };
	if (a->value[OPT_SERVICE] && (rc = qip_service_find(db, a->value[OPT_SERVICE], &f.service_id)))
		return cli_db_fail(c, rc);
	if (a->value[OPT_SINCE] && !qip_date_parse(a->value[OPT_SINCE], qip_db_today(db), &f.since))
		return cli_fail(QIP_EINVAL, "--since '%s' is not a date (use YYYY-MM-DD, or -3m, -2w ...)",
				a->value[OPT_SINCE]);
	/* As every list of actions does: monitoring windows that have passed
	 * are settled first, so the export says what the screens say. */
	if (!c->read_only)
		(void)qip_action_monitor(db, 0, NULL);

	const char *path = a->value[OPT_OUTPUT];
	char *tmp = NULL;
	FILE *out = stdout;
	if (path || fmt == FMT_XLSX) {
		int fd = temp_beside(path ? path : "/tmp/qip-export.xlsx", &tmp);
		if (fd < 0)
			return CLI_FAIL;
		if (fmt == FMT_XLSX)
			close(fd);   /* the workbook writes the file by its name */
		else if (!(out = fdopen(fd, "w"))) {
			close(fd);
			unlink(tmp);
			free(tmp);
			return cli_fail(QIP_EINVAL, "cannot write %s: %s", path, strerror(errno));
		}
	}
	struct qip_export_writer *w = fmt == FMT_XLSX ? qip_export_xlsx(tmp)
				    : fmt == FMT_JSON ? qip_export_json(out)
				    : qip_export_csv(out, a->value[OPT_EXCEL] != NULL, !path && isatty(STDOUT_FILENO));
	struct qip_export_sink sink;
	qip_export_writer_sink(w, &sink);
	for (int l = all ? 0 : list; rc == QIP_OK && l < (all ? QIP_EXPORT_LIST_COUNT : list + 1); l++)
		rc = qip_export(db, l, &f, &sink);
	char why[200] = "";
	const char *db_why = rc > 0 ? qip_db_error(db) : NULL;
	/* From here on only files are written (the workbook by its name):
	 * all with the user's rights, as the temporary file was made. */
	qip_user_rights_begin();
	int wrc = qip_export_writer_close(w, why, sizeof why);
	bool ok = rc == QIP_OK && wrc == 0;
	if (ok && out != stdout && (fflush(out) || fsync(fileno(out))))
		ok = false, snprintf(why, sizeof why, "%s", strerror(errno));
	if (out != stdout && fclose(out) && ok)
		ok = false, snprintf(why, sizeof why, "%s", strerror(errno));
	if (ok && fmt == FMT_XLSX && path && !sync_path(tmp))
		ok = false, snprintf(why, sizeof why, "%s", strerror(errno));
	if (ok && path && rename(tmp, path))
		ok = false, snprintf(why, sizeof why, "%s", strerror(errno));
	if (ok && fmt == FMT_XLSX && !path && !copy_out(tmp))
		ok = false, snprintf(why, sizeof why, "could not write the workbook to standard output");
	if (ok && out == stdout && fflush(stdout))
		ok = false, snprintf(why, sizeof why, "could not write to standard output: %s", strerror(errno));
	if (tmp) {
		unlink(tmp);   /* gone by now when renamed */
		free(tmp);
	}
	qip_user_rights_end();
	if (ok)
		return CLI_OK;
	if (db_why)
		return cli_fail(rc, "%s", db_why);
	return cli_fail(QIP_EDB, "export%s%s not written: %s", path ? " " : "", path ? path : "", why);
}

static int actions(struct cli *c, const struct cli_args *a) { return run_export(c, a, QIP_EXPORT_ACTIONS); }
static int evidence(struct cli *c, const struct cli_args *a) { return run_export(c, a, QIP_EXPORT_EVIDENCE); }
static int escalations(struct cli *c, const struct cli_args *a) { return run_export(c, a, QIP_EXPORT_ESCALATIONS); }
static int audits(struct cli *c, const struct cli_args *a) { return run_export(c, a, QIP_EXPORT_AUDITS); }
static int history(struct cli *c, const struct cli_args *a) { return run_export(c, a, QIP_EXPORT_HISTORY); }
static int all_lists(struct cli *c, const struct cli_args *a) { return run_export(c, a, -1); }

#define EXPORT_OPTS (const struct cli_opt *const[]){ &o_service, &o_since, &o_output, &o_excel, NULL }

const struct cli_group cli_group_export = {
	"export", "the lists as CSV, JSON or an Excel workbook, for people who do not use qip", notes,
	(const struct cli_command[]){
		{ "actions", NULL, "every action with all its fields and flags", EXPORT_OPTS,
		  .own_format = &o_format, .run = actions },
		{ "evidence", NULL, "every evidence entry, corrections and superseded ones too", EXPORT_OPTS,
		  .own_format = &o_format, .run = evidence },
		{ "escalations", NULL, "every escalation, open and resolved", EXPORT_OPTS,
		  .own_format = &o_format, .run = escalations },
		{ "audits", NULL, "every audit run with its score against the target", EXPORT_OPTS,
		  .own_format = &o_format, .run = audits },
		{ "history", NULL, "every recorded change: who, when, from what to what", EXPORT_OPTS,
		  .own_format = &o_format, .run = history },
		{ "all", NULL, "one workbook with every list as a sheet (the action plan in Excel)", EXPORT_OPTS,
		  .own_format = &o_format, .run = all_lists },
		{ 0 } },
};
