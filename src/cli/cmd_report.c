/* qip report pack|commissioner|board|minutes: the reports of report.h,
 * to standard output or, with -o, to a file written whole (a temporary
 * file renamed over it, so a reader never sees half a report). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "command.h"
#include "qip/privilege.h"
#include "qip/report.h"
#include "qip/text.h"

static const char notes[] =
	"Reports for the people who judge the plan without using qip. Each one is\n"
	"for one service (--service) or the whole provider, over a period (--from,\n"
	"--to; default everything up to today). Counts and flags are as they stand\n"
	"today; the period chooses the evidence, decisions and audit runs shown.\n"
	"Formats: html (one self-contained file that prints to A4; no network),\n"
	"md (Markdown, reads as plain text), text (the default, for the terminal)\n"
	"and json (the report's figures, for checking and other programs).\n";

enum { OPT_SERVICE, OPT_FROM, OPT_TO, OPT_MEETING, OPT_FORMAT, OPT_OUTPUT };
static const struct cli_opt o_service = { OPT_SERVICE, "service", "S", "one service (default: the whole provider)" },
	o_from = { OPT_FROM, "from", "DATE", "the period's first day (default: from the start)" },
	o_to = { OPT_TO, "to", "DATE", "the period's last day (default: today)" },
	o_meeting = { OPT_MEETING, "meeting", "ID", "the meeting whose minutes to write" },
	o_format = { OPT_FORMAT, "format", "html|md|text|json", "HTML, Markdown, plain text (default) or JSON" },
	o_output = { OPT_OUTPUT, "output", "FILE", "write to FILE (whole, or not at all) instead of standard output",
		     .letter = 'o' };

/* Writes the report to a temporary file beside path, then renames it. Both
 * with the user's rights: a setgid qip must not make the file with its
 * group, nor put it in a folder only that group may write. */
static int to_file(struct cli *c, struct qip_db *db, const struct qip_report_request *req, int format, const char *path)
{
	char *tmp = qip_printf("%s.XXXXXX", path);
	qip_user_rights_begin();
	int fd = mkstemp(tmp);
	int made_errno = errno;
	qip_user_rights_end();
	if (fd < 0) {
		int rc = cli_fail(QIP_EREFUSED, "cannot write %s: %s", path, strerror(made_errno));
		free(tmp);
		return rc;
	}
	/* mkstemp makes the file 0600: a report is for sharing, so it gets
	 * the mode any new file would (0666 less the umask). */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	FILE *f = fdopen(fd, "w");
	int rc = qip_report_write(db, req, format, f);
	bool written = fflush(f) == 0 && !ferror(f) && fsync(fd) == 0;
	int err = errno;
	if (fclose(f) != 0 && written) {
		written = false;
		err = errno;
	}
	qip_user_rights_begin();
	bool renamed = !rc && written && rename(tmp, path) == 0;
	if (!renamed) {
		if (!rc && written)
			err = errno;
		unlink(tmp);
	}
	qip_user_rights_end();
	if (!renamed) {
		free(tmp);
		return rc ? cli_db_fail(c, rc) : cli_fail(QIP_EREFUSED, "cannot write %s: %s", path, strerror(err));
	}
	free(tmp);
	return CLI_OK;
}

static int report(struct cli *c, const struct cli_args *a, int kind)
{
	if (a->npos > 0)
		return cli_fail(QIP_EINVAL, "%s: unexpected argument '%s'", a->name, a->pos[0]);
	int format = QIP_REPORT_TEXT;
	if (a->value[OPT_FORMAT] && (format = qip_report_format_find(a->value[OPT_FORMAT])) < 0)
		return cli_fail(QIP_EINVAL, "--format '%s': use html, md, text or json", a->value[OPT_FORMAT]);
	struct qip_report_request req = { .kind = kind, .service = a->value[OPT_SERVICE], .from = a->value[OPT_FROM],
					  .to = a->value[OPT_TO] };
	if (kind == QIP_REPORT_MINUTES) {
		const char *m = a->value[OPT_MEETING];
		if (!m)
			return cli_fail(QIP_EINVAL, "%s: give the meeting with --meeting ID", a->name);
		char *end;
		req.meeting_id = strtoll(m, &end, 10);
		if (*end || end == m || req.meeting_id <= 0)
			return cli_fail(QIP_EINVAL, "--meeting '%s' is not a meeting id", m);
	}
	const char *path = a->value[OPT_OUTPUT];
	if (path && !*path)
		return cli_fail(QIP_EINVAL, "%s: --output needs a file name", a->name);
	struct qip_db *db = cli_db(c);
	if (!db)
		return c->open_status;
	if (path)
		return to_file(c, db, &req, format, path);
	int rc = qip_report_write(db, &req, format, stdout);
	return rc ? cli_db_fail(c, rc) : CLI_OK;
}

static int pack(struct cli *c, const struct cli_args *a) { return report(c, a, QIP_REPORT_PACK); }
static int commissioner(struct cli *c, const struct cli_args *a) { return report(c, a, QIP_REPORT_COMMISSIONER); }
static int board(struct cli *c, const struct cli_args *a) { return report(c, a, QIP_REPORT_BOARD); }
static int minutes(struct cli *c, const struct cli_args *a) { return report(c, a, QIP_REPORT_MINUTES); }

const struct cli_group cli_group_report = {
	"report", "reports for inspectors, commissioners and the board", notes,
	(const struct cli_command[]){
		{ "pack", NULL, "evidence pack for re-inspection: each theme from failure to outcome",
		  (const struct cli_opt *const[]){ &o_service, &o_from, &o_to, &o_format, &o_output, NULL }, .run = pack },
		{ "commissioner", NULL, "commissioner update: per action baseline, work, outcome, evidence, monitoring",
		  (const struct cli_opt *const[]){ &o_service, &o_from, &o_to, &o_format, &o_output, NULL }, .run = commissioner },
		{ "board", NULL, "board report: per service counts, audits against target, repeats, board escalations",
		  (const struct cli_opt *const[]){ &o_service, &o_from, &o_to, &o_format, &o_output, NULL }, .run = board },
		{ "minutes", NULL, "a governance meeting's minutes: attendees, decisions, escalations, challenge",
		  (const struct cli_opt *const[]){ &o_meeting, &o_format, &o_output, NULL }, .run = minutes },
		{ 0 } },
};
