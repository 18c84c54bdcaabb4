/* qip import plan: a spreadsheet plan (CSV) made into actions. The file is
 * read whole (plans are small; capped), turned into UTF-8, split into rows
 * by libcsv, its header row found and its columns matched, and each row
 * written through qip_action_add and qip_evidence_add inside one outer
 * transaction (their own transactions become savepoints), so their checks
 * all apply and one bad row leaves the database as it was. */
#include "qip/plan_import.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qip/action.h"
#include "qip/evidence.h"
#include "qip/person.h"
#include "qip/service.h"
#include "qip/text.h"
#include "qip/vocab.h"

#define MAX_FILE_BYTES (16u << 20)   /* a plan is a few hundred rows; this is far past any */
#define HEADER_SEARCH_ROWS 30        /* title rows above the header, at most */
#define IMPORTED_ROLE "staff"        /* people created by --create-people; change with person edit */

static const char *const field_names[QIP_PF_COUNT] = {
	"ref", "finding", "action", "owner", "due", "status", "progress", "evidence",
	"completed", "key-question", "area", "baseline", "outcome", "target",
	"evidence-required", "service", "ignore",
};

/* The usual header words of each field, as normalise() leaves them. */
static const struct { int field; const char *name; } header_names[] = {
	{ QIP_PF_REF, "ref" }, { QIP_PF_REF, "ref no" }, { QIP_PF_REF, "reference" }, { QIP_PF_REF, "no" },
	{ QIP_PF_REF, "number" }, { QIP_PF_REF, "id" }, { QIP_PF_REF, "item" }, { QIP_PF_REF, "item no" },
	{ QIP_PF_REF, "action no" }, { QIP_PF_REF, "action ref" }, { QIP_PF_REF, "action number" },
	{ QIP_PF_REF, "qip ref" },
	{ QIP_PF_FINDING, "finding" }, { QIP_PF_FINDING, "findings" }, { QIP_PF_FINDING, "issue" },
	{ QIP_PF_FINDING, "issues" }, { QIP_PF_FINDING, "issue identified" }, { QIP_PF_FINDING, "issues identified" },
	{ QIP_PF_FINDING, "concern" }, { QIP_PF_FINDING, "area for improvement" },
	{ QIP_PF_FINDING, "areas for improvement" }, { QIP_PF_FINDING, "what needs to improve" },
	{ QIP_PF_FINDING, "improvement needed" }, { QIP_PF_FINDING, "problem" }, { QIP_PF_FINDING, "breach" },
	{ QIP_PF_FINDING, "shortfall" }, { QIP_PF_FINDING, "identified issue" }, { QIP_PF_FINDING, "gap" },
	{ QIP_PF_ACTION, "action" }, { QIP_PF_ACTION, "actions" }, { QIP_PF_ACTION, "action required" },
	{ QIP_PF_ACTION, "actions required" }, { QIP_PF_ACTION, "action to be taken" },
	{ QIP_PF_ACTION, "actions to be taken" }, { QIP_PF_ACTION, "what will be done" },
	{ QIP_PF_ACTION, "what we will do" }, { QIP_PF_ACTION, "planned action" },
	{ QIP_PF_ACTION, "improvement action" }, { QIP_PF_ACTION, "task" },
	{ QIP_PF_OWNER, "owner" }, { QIP_PF_OWNER, "lead" }, { QIP_PF_OWNER, "lead person" },
	{ QIP_PF_OWNER, "responsible person" }, { QIP_PF_OWNER, "person responsible" },
	{ QIP_PF_OWNER, "responsible" }, { QIP_PF_OWNER, "who" }, { QIP_PF_OWNER, "by whom" },
	{ QIP_PF_OWNER, "action owner" }, { QIP_PF_OWNER, "accountable" }, { QIP_PF_OWNER, "assigned to" },
	{ QIP_PF_DUE, "due" }, { QIP_PF_DUE, "due date" }, { QIP_PF_DUE, "target date" }, { QIP_PF_DUE, "target" },
	{ QIP_PF_DUE, "deadline" }, { QIP_PF_DUE, "by when" }, { QIP_PF_DUE, "timescale" },
	{ QIP_PF_DUE, "timescales" }, { QIP_PF_DUE, "target completion date" }, { QIP_PF_DUE, "date due" },
	{ QIP_PF_STATUS, "rag" }, { QIP_PF_STATUS, "rag status" }, { QIP_PF_STATUS, "rag rating" },
	{ QIP_PF_STATUS, "status" }, { QIP_PF_STATUS, "progress status" }, { QIP_PF_STATUS, "brag" },
	{ QIP_PF_STATUS, "brag rating" },
	{ QIP_PF_PROGRESS, "progress" }, { QIP_PF_PROGRESS, "progress update" }, { QIP_PF_PROGRESS, "update" },
	{ QIP_PF_PROGRESS, "updates" }, { QIP_PF_PROGRESS, "progress notes" }, { QIP_PF_PROGRESS, "comments" },
	{ QIP_PF_PROGRESS, "notes" }, { QIP_PF_PROGRESS, "progress to date" }, { QIP_PF_PROGRESS, "latest update" },
	{ QIP_PF_EVIDENCE, "evidence" }, { QIP_PF_EVIDENCE, "evidence of completion" },
	{ QIP_PF_EVIDENCE, "evidence of progress" }, { QIP_PF_EVIDENCE, "evidence provided" },
	{ QIP_PF_COMPLETED, "completed" }, { QIP_PF_COMPLETED, "completed date" },
	{ QIP_PF_COMPLETED, "date completed" }, { QIP_PF_COMPLETED, "completion date" },
	{ QIP_PF_COMPLETED, "actual completion date" }, { QIP_PF_COMPLETED, "date closed" },
	{ QIP_PF_COMPLETED, "closed date" }, { QIP_PF_COMPLETED, "date achieved" },
	{ QIP_PF_KEY_QUESTION, "key question" }, { QIP_PF_KEY_QUESTION, "kloe" }, { QIP_PF_KEY_QUESTION, "domain" },
	{ QIP_PF_KEY_QUESTION, "cqc domain" }, { QIP_PF_KEY_QUESTION, "cqc key question" },
	{ QIP_PF_AREA, "area" }, { QIP_PF_AREA, "theme" }, { QIP_PF_AREA, "quality area" },
	{ QIP_PF_AREA, "category" }, { QIP_PF_AREA, "topic" },
	{ QIP_PF_BASELINE, "baseline" }, { QIP_PF_BASELINE, "current position" },
	{ QIP_PF_OUTCOME, "outcome" }, { QIP_PF_OUTCOME, "intended outcome" }, { QIP_PF_OUTCOME, "expected outcome" },
	{ QIP_PF_OUTCOME, "desired outcome" }, { QIP_PF_OUTCOME, "measure" }, { QIP_PF_OUTCOME, "measure of success" },
	{ QIP_PF_OUTCOME, "success measure" }, { QIP_PF_OUTCOME, "how will success be measured" },
	{ QIP_PF_OUTCOME, "success criteria" },
	{ QIP_PF_TARGET, "target value" }, { QIP_PF_TARGET, "target score" },
	{ QIP_PF_EVIDENCE_REQUIRED, "evidence required" }, { QIP_PF_EVIDENCE_REQUIRED, "evidence needed" },
	{ QIP_PF_EVIDENCE_REQUIRED, "how will it be evidenced" },
	{ QIP_PF_SERVICE, "service" }, { QIP_PF_SERVICE, "location" }, { QIP_PF_SERVICE, "home" },
	{ QIP_PF_SERVICE, "site" },
};

const char *qip_plan_field_name(int field)
{
	return field >= 0 && field < QIP_PF_COUNT ? field_names[field] : "?";
}

/* Header text as compared: folded (lowercase, accents dropped), every run
 * of anything but letters and digits one space, trimmed. Malloc'd. */
static char *normalise(const char *s)
{
	char *f = qip_text_fold(s), *o = f;
	bool space = false;
	for (const char *p = f; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80) {
			if (space && o > f)
				*o++ = ' ';
			space = false;
			*o++ = (char)ch;
		} else
			space = true;
	}
	*o = '\0';
	return f;
}

int qip_plan_field_find(const char *name)
{
	char *n = normalise(name);
	for (char *p = n; *p; p++)
		if (*p == ' ')
			*p = '-';
	int found = -1;
	for (int i = 0; i < QIP_PF_COUNT; i++)
		if (!strcmp(n, field_names[i]))
			found = i;
	free(n);
	return found;
}

/* Exact usual names first; else the longest usual name the header starts
 * with as whole words ("Target date for completion" is a due date). */
int qip_plan_header_field(const char *header)
{
	char *h = normalise(header);
	int found = -1;
	size_t best = 0;
	for (size_t i = 0; i < sizeof header_names / sizeof header_names[0] && found < 0; i++)
		if (!strcmp(h, header_names[i].name))
			found = header_names[i].field;
	for (size_t i = 0; i < sizeof header_names / sizeof header_names[0] && found < 0; i++) {
		size_t n = strlen(header_names[i].name);
		if (n > best && !strncmp(h, header_names[i].name, n) && h[n] == ' ') {
			best = n;
			found = header_names[i].field;
		}
	}
	free(h);
	return found;
}

/* ---- bytes to UTF-8 ---------------------------------------------------- */

/* Windows-1252's 0x80..0x9F; 0 where it defines nothing. 0xA0..0xFF are
 * Latin-1, the same code points. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static size_t put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	o[0] = (char)(0xE0 | cp >> 12);
	o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

int qip_plan_to_utf8(const unsigned char *in, size_t n, char **out, bool *cp1252, char *err, size_t errsz)
{
	*out = NULL;
	*cp1252 = false;
	if (n >= 2 && ((in[0] == 0xFF && in[1] == 0xFE) || (in[0] == 0xFE && in[1] == 0xFF))) {
		snprintf(err, errsz, "the file is UTF-16 (Excel's \"Unicode Text\"): save it as \"CSV UTF-8\" or \"CSV\"");
		return QIP_EINVAL;
	}
	if (n >= 3 && in[0] == 0xEF && in[1] == 0xBB && in[2] == 0xBF) {
		in += 3;
		n -= 3;
	}
	if (memchr(in, 0, n)) {
		snprintf(err, errsz, "the file has a NUL byte at offset %zu: it is not a CSV text file",
			 (size_t)((const unsigned char *)memchr(in, 0, n) - in));
		return QIP_EINVAL;
	}
	/* Valid UTF-8 throughout, or else Windows-1252 throughout: one file is
	 * never both, and guessing per byte would garble a real UTF-8 name. */
	bool utf8 = true;
	for (size_t i = 0; i < n && utf8;) {
		uint32_t cp;
		/* The length the lead byte promises, checked against n before
		 * decoding: the buffer need not end with a NUL. */
		size_t need = in[i] < 0x80 ? 1 : in[i] >= 0xC2 && in[i] <= 0xDF ? 2
			: in[i] >= 0xE0 && in[i] <= 0xEF ? 3 : in[i] >= 0xF0 && in[i] <= 0xF4 ? 4 : 0;
		int len = !need || i + need > n ? 0 : need == 1 ? 1 : qip_utf8_decode(in + i, &cp);
		if (len <= 0)
			utf8 = false;
		else
			i += (size_t)len;
	}
	char *o = qip_xmalloc(utf8 ? n + 1 : n * 3 + 1);
	if (utf8) {
		memcpy(o, in, n);
		o[n] = '\0';
		*out = o;
		return QIP_OK;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t cp = in[i];
		if (cp >= 0x80 && cp < 0xA0 && !(cp = cp1252_high[cp - 0x80])) {
			snprintf(err, errsz, "byte 0x%02X at offset %zu is neither UTF-8 nor Windows-1252: save the sheet as \"CSV UTF-8\"",
				 in[i], i);
			free(o);
			return QIP_EINVAL;
		}
		k += put_utf8(o + k, cp);
	}
	o[k] = '\0';
	*out = o;
	*cp1252 = true;
	return QIP_OK;
}

/* ---- dates -------------------------------------------------------------- */

static const char *const month_abbr[12] = { "jan", "feb", "mar", "apr", "may", "jun",
					    "jul", "aug", "sep", "oct", "nov", "dec" };

/* One part of a date: digits (*num) or a month's name (*month 1..12). */
static const char *date_part(const char *p, int *num, int *month, int *digits)
{
	*num = 0;
	*month = 0;
	*digits = 0;
	if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') {
		const char *s = p;
		while ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')
			p++;
		if (p - s >= 3)
			for (int m = 0; m < 12; m++)
				if (!strncasecmp(s, month_abbr[m], 3))
					*month = m + 1;
		return p;
	}
	while (*p >= '0' && *p <= '9' && *digits < 5) {
		*num = *num * 10 + (*p - '0');
		p++;
		(*digits)++;
	}
	return p;
}

bool qip_plan_date(const char *text, bool ymd, qip_date *out)
{
	const char *p = text;
	while (*p == ' ')
		p++;
	int v[3], mon[3], dig[3];
	char sep = 0;
	for (int i = 0; i < 3; i++) {
		p = date_part(p, &v[i], &mon[i], &dig[i]);
		if (!dig[i] && !mon[i])
			return false;
		if (i < 2) {
			if (*p != '/' && *p != '-' && *p != '.' && *p != ' ')
				return false;
			if (sep && *p != sep)
				return false;
			sep = *p++;
		}
	}
	/* Excel may add a midnight time: "21/11/2026 00:00". */
	while (*p == ' ')
		p++;
	if (*p >= '0' && *p <= '9') {
		while ((*p >= '0' && *p <= '9') || *p == ':')
			p++;
		while (*p == ' ')
			p++;
	}
	if (*p)
		return false;
	int y, m, d;
	if (dig[0] == 4 && !mon[1]) {          /* ISO, or y/m/d: unambiguous */
		y = v[0], m = v[1], d = v[2];
	} else if (mon[1]) {                    /* 21-Nov-26 */
		if (dig[0] == 4 || !dig[0] || !dig[2])
			return false;
		d = v[0], m = mon[1], y = v[2];
		if (dig[2] == 2)
			y += 2000;
		else if (dig[2] != 4)
			return false;
	} else if (ymd) {
		if (dig[0] != 2 && dig[0] != 4)
			return false;
		y = v[0] + (dig[0] == 2 ? 2000 : 0), m = v[1], d = v[2];
		if (dig[2] > 2)
			return false;
	} else {
		if (dig[2] != 2 && dig[2] != 4)
			return false;
		d = v[0], m = v[1], y = v[2] + (dig[2] == 2 ? 2000 : 0);
		if (dig[0] > 2)
			return false;
	}
	if (mon[0] || mon[2] || m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200)
		return false;
	qip_date day = qip_date_from_ymd(y, m, d);
	int cy, cm, cd;
	qip_date_to_ymd(day, &cy, &cm, &cd);
	if (cy != y || cm != m || cd != d)   /* 31/02: no such day */
		return false;
	*out = day;
	return true;
}

/* ---- rows --------------------------------------------------------------- */

struct sheet_row {
	int number;      /* the spreadsheet's row number, 1-based */
	int ncells;
	char **cells;
};
struct sheet {
	struct sheet_row *rows;
	int nrows, cap;
	struct sheet_row cur;
	int cur_cap;
	int next_number;
	int last_end;    /* the character that ended the last row */
	bool too_big;
};

static void sheet_cell(void *s, size_t len, void *ctx)
{
	struct sheet *sh = ctx;
	if (sh->cur.ncells == sh->cur_cap) {
		sh->cur_cap = sh->cur_cap ? sh->cur_cap * 2 : 16;
		sh->cur.cells = qip_xrealloc(sh->cur.cells, (size_t)sh->cur_cap * sizeof *sh->cur.cells);
	}
	char *c = qip_xmalloc(len + 1);
	if (len)
		memcpy(c, s, len);
	c[len] = '\0';
	sh->cur.cells[sh->cur.ncells++] = c;
}

/* With CSV_REPALL_NL libcsv reports every line end outside a record as an
 * empty row: an empty line is a blank spreadsheet row, but the LF of a
 * CRLF that ended a record is nothing. */
static void sheet_row_end(int c, void *ctx)
{
	struct sheet *sh = ctx;
	bool crlf_tail = sh->cur.ncells == 0 && c == '\n' && sh->last_end == '\r';
	sh->last_end = c;
	if (crlf_tail)
		return;
	sh->cur.number = ++sh->next_number;
	if (sh->nrows == sh->cap) {
		sh->cap = sh->cap ? sh->cap * 2 : 64;
		sh->rows = qip_xrealloc(sh->rows, (size_t)sh->cap * sizeof *sh->rows);
	}
	sh->rows[sh->nrows++] = sh->cur;
	sh->cur = (struct sheet_row){ 0 };
	sh->cur_cap = 0;
}

static void sheet_free(struct sheet *sh)
{
	for (int i = 0; i < sh->nrows; i++) {
		for (int j = 0; j < sh->rows[i].ncells; j++)
			free(sh->rows[i].cells[j]);
		free(sh->rows[i].cells);
	}
	for (int j = 0; j < sh->cur.ncells; j++)
		free(sh->cur.cells[j]);
	free(sh->cur.cells);
	free(sh->rows);
}

static const char *cell(const struct sheet_row *r, int col)
{
	return col >= 0 && col < r->ncells ? r->cells[col] : "";
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

/* Whitespace runs (line breaks in a cell too) made one space, trimmed. */
static char *one_line(const char *s)
{
	char *o = qip_xmalloc(strlen(s) + 1), *p = o;
	bool space = false;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			space = true;
		else {
			if (space && p > o)
				*p++ = ' ';
			space = false;
			*p++ = *s;
		}
	}
	*p = '\0';
	return o;
}

/* Leading and trailing whitespace gone, inner line breaks kept (CRLF as LF). */
static char *trim_text(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	char *o = qip_xmalloc(strlen(s) + 1), *p = o;
	for (; *s; s++)
		if (*s != '\r')
			*p++ = *s;
	while (p > o && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n'))
		p--;
	*p = '\0';
	return o;
}

/* ---- the import --------------------------------------------------------- */

struct importer {
	struct qip_db *db;
	const struct qip_plan_options *o;
	void (*say)(void *, int, const char *);
	void *ctx;
	struct qip_plan_result *r;
	const char *file;            /* as the user named it, for FILE:ROW:COLUMN */
	const char *file_name;       /* its last part: the identity of the sheet */
	const struct sheet_row *header;
	int col[QIP_PF_COUNT];       /* the column of each field, -1 none (progress: the first) */
	int *progress_cols, nprogress;
	int64_t default_service;
	char **unknown;              /* owners not found, each once */
	int nunknown;
	char **keys;                 /* row keys seen in this file */
	int *key_rows, nkeys;
	qip_date today;
};

static void say(struct importer *im, int event, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(struct importer *im, int event, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *line = qip_vprintf(fmt, ap);
	va_end(ap);
	if (event == QIP_PLAN_PROBLEM)
		im->r->problems++;
	im->say(im->ctx, event, line);
	free(line);
}

static char col_letter_buf[8];
static const char *column_name(const struct importer *im, int col)
{
	const char *h = im->header ? cell(im->header, col) : "";
	if (!blank(h))
		return h;
	/* A column with no header text: its spreadsheet letter. */
	int n = col + 1, k = 0;
	char rev[8];
	while (n > 0 && k < 7) {
		rev[k++] = (char)('A' + (n - 1) % 26);
		n = (n - 1) / 26;
	}
	for (int i = 0; i < k; i++)
		col_letter_buf[i] = rev[k - 1 - i];
	col_letter_buf[k] = '\0';
	return col_letter_buf;
}

static void problem(struct importer *im, int row, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void problem(struct importer *im, int row, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = qip_vprintf(fmt, ap);
	va_end(ap);
	if (col >= 0)
		say(im, QIP_PLAN_PROBLEM, "%s:%d:%s: %s", im->file, row, column_name(im, col), msg);
	else
		say(im, QIP_PLAN_PROBLEM, "%s:%d: %s", im->file, row, msg);
	free(msg);
}

/* The fields a header row names, with --map applied; how many it knows. */
static int match_header(struct importer *im, const struct sheet_row *r, int *cols, bool report)
{
	for (int f = 0; f < QIP_PF_COUNT; f++)
		cols[f] = -1;
	int known = 0;
	free(im->progress_cols);
	im->progress_cols = NULL;
	im->nprogress = 0;
	for (int c = 0; c < r->ncells; c++) {
		if (blank(r->cells[c]))
			continue;
		int f = -1;
		bool mapped = false;
		char *h = normalise(r->cells[c]);
		for (int m = 0; m < im->o->nmaps; m++) {
			const char *eq = strrchr(im->o->maps[m], '=');
			if (!eq)
				continue;
			char *col = qip_strdup(im->o->maps[m]);
			col[eq - im->o->maps[m]] = '\0';
			char *n = normalise(col);
			if (!strcmp(n, h)) {
				f = qip_plan_field_find(eq + 1);
				mapped = true;
			}
			free(n);
			free(col);
		}
		free(h);
		if (!mapped)
			f = qip_plan_header_field(r->cells[c]);
		if (f < 0 || f == QIP_PF_IGNORE) {
			if (report)
				say(im, QIP_PLAN_NOTE, "column '%s' is not imported%s", r->cells[c],
				    f < 0 ? " (name a field for it with --map)" : "");
			continue;
		}
		known++;
		if (f == QIP_PF_PROGRESS) {
			im->progress_cols = qip_xrealloc(im->progress_cols, (size_t)(im->nprogress + 1) * sizeof(int));
			im->progress_cols[im->nprogress++] = c;
		}
		if (cols[f] >= 0 && f != QIP_PF_PROGRESS) {
			if (report)
				problem(im, r->number, c, "this column and '%s' both read as %s: say which with --map '%s=ignore'",
					r->cells[cols[f]], field_names[f], r->cells[c]);
			continue;
		}
		if (cols[f] < 0)
			cols[f] = c;
	}
	return known;
}

/* Each --map names a column of the header and a field qip knows. */
static void check_maps(struct importer *im)
{
	for (int m = 0; m < im->o->nmaps; m++) {
		const char *map = im->o->maps[m], *eq = strrchr(map, '=');
		if (!eq || eq == map) {
			say(im, QIP_PLAN_PROBLEM, "%s: --map '%s': write COLUMN=FIELD", im->file, map);
			continue;
		}
		if (qip_plan_field_find(eq + 1) < 0) {
			char list[400] = "";
			for (int f = 0; f < QIP_PF_COUNT; f++)
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", f ? ", " : "", field_names[f]);
			say(im, QIP_PLAN_PROBLEM, "%s: --map '%s': unknown field '%s': use %s", im->file, map, eq + 1, list);
			continue;
		}
		char *col = qip_strdup(map);
		col[eq - map] = '\0';
		char *n = normalise(col);
		bool found = false;
		for (int c = 0; im->header && c < im->header->ncells && !found; c++) {
			char *h = normalise(im->header->cells[c]);
			found = !strcmp(h, n);
			free(h);
		}
		if (!found && im->header)
			say(im, QIP_PLAN_PROBLEM, "%s:%d: --map '%s': the header has no column '%s'", im->file,
			    im->header->number, map, col);
		free(n);
		free(col);
	}
}

/* RAG colours and status words: the status the action starts in, and
 * whether the sheet calls it complete. Complete is never closed here:
 * closing needs outcome evidence at target and a reviewer (the closure
 * check), so a complete row starts in progress with the sheet's claim
 * recorded as evidence for the reviewer to test. */
static bool read_status(const char *text, int *status, bool *complete)
{
	static const struct { const char *word; int status; bool complete; } words[] = {
		{ "red", QIP_STATUS_OPEN, false }, { "r", QIP_STATUS_OPEN, false },
		{ "not started", QIP_STATUS_OPEN, false }, { "open", QIP_STATUS_OPEN, false },
		{ "overdue", QIP_STATUS_OPEN, false }, { "behind", QIP_STATUS_OPEN, false },
		{ "off track", QIP_STATUS_OPEN, false }, { "at risk", QIP_STATUS_OPEN, false },
		{ "amber", QIP_STATUS_IN_PROGRESS, false }, { "a", QIP_STATUS_IN_PROGRESS, false },
		{ "in progress", QIP_STATUS_IN_PROGRESS, false }, { "ongoing", QIP_STATUS_IN_PROGRESS, false },
		{ "started", QIP_STATUS_IN_PROGRESS, false }, { "on track", QIP_STATUS_IN_PROGRESS, false },
		{ "partially complete", QIP_STATUS_IN_PROGRESS, false }, { "partially met", QIP_STATUS_IN_PROGRESS, false },
		{ "green", QIP_STATUS_IN_PROGRESS, false }, { "g", QIP_STATUS_IN_PROGRESS, false },
		{ "complete", QIP_STATUS_IN_PROGRESS, true }, { "completed", QIP_STATUS_IN_PROGRESS, true },
		{ "done", QIP_STATUS_IN_PROGRESS, true }, { "closed", QIP_STATUS_IN_PROGRESS, true },
		{ "achieved", QIP_STATUS_IN_PROGRESS, true }, { "met", QIP_STATUS_IN_PROGRESS, true },
		{ "blue", QIP_STATUS_IN_PROGRESS, true }, { "b", QIP_STATUS_IN_PROGRESS, true },
		{ "finished", QIP_STATUS_IN_PROGRESS, true },
	};
	char *n = normalise(text);
	bool found = !*n;
	*status = QIP_STATUS_OPEN;
	*complete = false;
	/* The whole text, else its first word ("Amber - training booked"). */
	for (int pass = 0; pass < 2 && !found; pass++) {
		if (pass == 1) {
			char *sp = strchr(n, ' ');
			if (!sp)
				break;
			*sp = '\0';
		}
		for (size_t i = 0; i < sizeof words / sizeof words[0] && !found; i++)
			if (!strcmp(n, words[i].word)) {
				*status = words[i].status;
				*complete = words[i].complete;
				found = true;
			}
	}
	free(n);
	return found;
}

/* A person named in the sheet: an active person with that name (case and
 * accents aside) or login. 0 with *left set when only someone who has left
 * has it; 0 when nobody; -1 when two people share it. */
static int64_t find_person(struct importer *im, const char *name, bool *left, char **stored)
{
	*left = false;
	*stored = NULL;
	sqlite3_stmt *st = qip_db_stmt(im->db,
		"SELECT id, name, active FROM person WHERE qip_fold(name) = qip_fold(?1) OR login = ?1"
		" ORDER BY active DESC, id LIMIT 2");
	if (!st)
		return 0;
	qip_bind_text(st, 1, name);
	int64_t id = 0;
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		bool active = sqlite3_column_int(st, 2);
		if (n == 0) {
			id = active ? sqlite3_column_int64(st, 0) : 0;
			*left = !active;
			*stored = qip_col_strdup(st, 1);
		} else if (active && id) {
			id = -1;
		}
		n++;
	}
	sqlite3_reset(st);
	return id;
}

static void note_unknown(struct importer *im, const char *name)
{
	for (int i = 0; i < im->nunknown; i++)
		if (!strcmp(im->unknown[i], name))
			return;
	im->unknown = qip_xrealloc(im->unknown, (size_t)(im->nunknown + 1) * sizeof *im->unknown);
	im->unknown[im->nunknown++] = qip_strdup(name);
}

/* The owner cell: "Zoë Price", or "Zoë Price / Tom Hale" (an owner and
 * supporters; also split at ',', ';', '&', '+' and " and "). The names as
 * stored go to *owner and *supporters ("A, B"); false after a problem. */
static bool read_people(struct importer *im, const struct sheet_row *r, int col, char **owner, char **supporters)
{
	*owner = *supporters = NULL;
	char *text = one_line(cell(r, col));
	for (char *p; (p = strstr(text, " and "));) {
		memmove(p + 1, p + 4, strlen(p + 4) + 1);
		p[0] = '/';
	}
	bool ok = true;
	char *save = NULL;
	size_t cap = strlen(text) + 1;
	*supporters = qip_xcalloc(cap * 2 + 1, 1);
	for (char *tok = strtok_r(text, "/,;&+", &save); tok; tok = strtok_r(NULL, "/,;&+", &save)) {
		char *name = one_line(tok);
		if (!*name) {
			free(name);
			continue;
		}
		bool left;
		char *stored;
		int64_t id = find_person(im, name, &left, &stored);
		if (id < 0) {
			problem(im, r->number, col, "two people are named '%s': use their login", name);
			ok = false;
		} else if (left) {
			problem(im, r->number, col, "%s has left: name who holds this now, or bring them back (qip person return)",
				stored);
			ok = false;
		} else if (id == 0 && im->o->create_people) {
			struct qip_person_new p = { .name = name, .role = IMPORTED_ROLE, .service = im->o->service };
			if (qip_person_add(im->db, &p, &id)) {
				problem(im, r->number, col, "%s", qip_db_error(im->db));
				ok = false;
			} else {
				im->r->people_created++;
				say(im, QIP_PLAN_NOTE, "%s: %s person '%s' (role %s)", im->file,
				    im->o->dry_run ? "would add" : "added", name, IMPORTED_ROLE);
				stored = qip_strdup(name);
			}
		} else if (id == 0) {
			problem(im, r->number, col, "no person is named '%s': add them (qip person add) or use --create-people", name);
			note_unknown(im, name);
			ok = false;
		}
		if (ok && stored) {
			if (!*owner)
				*owner = qip_strdup(stored);
			else {
				if (**supporters)
					strcat(*supporters, ", ");
				strcat(*supporters, stored);
			}
		}
		free(stored);
		free(name);
	}
	free(text);
	if (!ok || !**supporters) {
		free(*supporters);
		*supporters = NULL;
	}
	if (!ok) {
		free(*owner);
		*owner = NULL;
	}
	return ok;
}

/* A date cell; false after a problem (an empty cell is no date). */
static bool read_date(struct importer *im, const struct sheet_row *r, int col, qip_date *out)
{
	*out = QIP_NO_DATE;
	char *t = one_line(cell(r, col));
	bool ok = !*t || qip_plan_date(t, im->o->ymd, out);
	if (!ok)
		problem(im, r->number, col, "'%s' is not a date: write %s (a real day)", t,
			im->o->ymd ? "year/month/day, 2026/11/21 (--date-format ymd)" : "day/month/year, 21/11/2026");
	free(t);
	return ok;
}

/* A progress cell that starts with a date ("12/10/2026 - training booked")
 * is dated so; otherwise it is dated on the import day. */
static qip_date note_date(struct importer *im, const char *text, const char **rest)
{
	const char *p = text;
	while (*p == ' ' || *p == '\n')
		p++;
	const char *s = p;
	while ((*p >= '0' && *p <= '9') || *p == '/' || *p == '.' || *p == '-')
		p++;
	char tok[24];
	qip_date d;
	if (p - s < 6 || p - s >= (long)sizeof tok) {
		*rest = text;
		return QIP_NO_DATE;
	}
	memcpy(tok, s, (size_t)(p - s));
	tok[p - s] = '\0';
	if (!qip_plan_date(tok, im->o->ymd, &d)) {
		*rest = text;
		return QIP_NO_DATE;
	}
	while (*p == ' ' || *p == '-' || *p == ':' || *p == '\n')
		p++;
	*rest = p;
	return d;
}

/* The key that makes a row the same row next time, and whether another
 * row of this file already has it. */
static bool row_key(struct importer *im, const struct sheet_row *r, char **key)
{
	char *ref = one_line(cell(r, im->col[QIP_PF_REF]));
	*key = *ref ? qip_printf("ref:%s", ref) : qip_printf("row:%d", r->number);
	free(ref);
	for (int i = 0; i < im->nkeys; i++)
		if (!strcmp(im->keys[i], *key)) {
			problem(im, r->number, im->col[QIP_PF_REF],
				"ref '%s' is also on row %d: each row needs its own ref (or --map '%s=ignore' to key rows by number)",
				*key + 4, im->key_rows[i], column_name(im, im->col[QIP_PF_REF]));
			return false;
		}
	im->keys = qip_xrealloc(im->keys, (size_t)(im->nkeys + 1) * sizeof *im->keys);
	im->key_rows = qip_xrealloc(im->key_rows, (size_t)(im->nkeys + 1) * sizeof *im->key_rows);
	im->keys[im->nkeys] = qip_strdup(*key);
	im->key_rows[im->nkeys++] = r->number;
	return true;
}

/* The ref of the action an earlier import made from this row, or NULL. */
static char *imported_before(struct importer *im, int64_t service_id, const char *key)
{
	sqlite3_stmt *st = qip_db_stmt(im->db,
		"SELECT a.ref FROM action_source s JOIN action a ON a.id = s.action_id"
		" WHERE s.file_name = ?1 AND coalesce(s.service_id, 0) = ?2 AND s.row_key = ?3");
	if (!st)
		return NULL;
	qip_bind_text(st, 1, im->file_name);
	sqlite3_bind_int64(st, 2, service_id);
	qip_bind_text(st, 3, key);
	char *ref = sqlite3_step(st) == SQLITE_ROW ? qip_col_strdup(st, 0) : NULL;
	sqlite3_reset(st);
	return ref;
}

struct entry {
	int col;
	qip_date on;
	char *note;
};

static void add_entry(struct entry *e, int *n, int col, qip_date on, char *note)
{
	e[*n] = (struct entry){ col, on, note };
	(*n)++;
}

/* What an action made from these fields still lacks, in words. */
static void lacks(const struct qip_action_input *in, char *buf, size_t n)
{
	static const struct { int field; const char *what; } parts[] = {
		{ QIP_AF_OWNER, "owner" }, { QIP_AF_DUE, "due date" }, { QIP_AF_BASELINE, "baseline" },
		{ QIP_AF_TARGET, "target" }, { QIP_AF_OUTCOME, "outcome" },
	};
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		const char *v = in->field[parts[i].field];
		if (!v || !*v)
			snprintf(buf + strlen(buf), n - strlen(buf), "%s%s", *buf ? ", " : "", parts[i].what);
	}
}

static void import_row(struct importer *im, const struct sheet_row *r)
{
	int *col = im->col;
	/* A row with one filled cell and no action is a section heading
	 * ("SAFE", "Medicines"); every other row must say what will be done. */
	int filled = 0;
	for (int c = 0; c < r->ncells; c++)
		filled += !blank(r->cells[c]);
	if (!filled) {
		im->r->skipped++;
		return;
	}
	char *title = one_line(cell(r, col[QIP_PF_ACTION]));
	char *finding = trim_text(cell(r, col[QIP_PF_FINDING]));
	if (!*title && *finding) {
		free(title);
		title = one_line(finding);
	}
	if (!*title) {
		if (filled == 1) {
			say(im, QIP_PLAN_SKIP, "row %d: skipped, a heading with no action", r->number);
			im->r->skipped++;
		} else
			problem(im, r->number, col[QIP_PF_ACTION] >= 0 ? col[QIP_PF_ACTION] : col[QIP_PF_FINDING],
				"no action on this row: say what will be done");
		free(title);
		free(finding);
		return;
	}
	int before = im->r->problems;
	int64_t service_id = im->default_service;
	char *service = one_line(cell(r, col[QIP_PF_SERVICE]));
	if (*service && qip_service_find(im->db, service, &service_id)) {
		problem(im, r->number, col[QIP_PF_SERVICE], "%s", qip_db_error(im->db));
		service_id = 0;
	}
	char *key = NULL;
	bool key_ok = row_key(im, r, &key);
	char *done_ref = key_ok ? imported_before(im, service_id, key) : NULL;
	if (done_ref) {
		say(im, QIP_PLAN_SKIP, "row %d: skipped, imported before as %s", r->number, done_ref);
		im->r->skipped++;
		free(done_ref);
		free(key);
		free(service);
		free(title);
		free(finding);
		return;
	}

	struct qip_action_input in = { 0 };
	char *owned[QIP_AF_COUNT] = { 0 };
	owned[QIP_AF_TITLE] = title;
	/* The finding is the action's baseline issue (domain.md: "baseline
	 * issue, specific"); a baseline column adds to it. */
	char *baseline = trim_text(cell(r, col[QIP_PF_BASELINE]));
	if (*finding && *baseline && col[QIP_PF_ACTION] >= 0)
		owned[QIP_AF_BASELINE] = qip_printf("%s\n%s", finding, baseline);
	else if (*baseline || col[QIP_PF_ACTION] < 0)
		owned[QIP_AF_BASELINE] = qip_strdup(baseline);
	else
		owned[QIP_AF_BASELINE] = qip_strdup(finding);
	free(baseline);
	owned[QIP_AF_OUTCOME] = trim_text(cell(r, col[QIP_PF_OUTCOME]));
	owned[QIP_AF_EVIDENCE_REQUIRED] = trim_text(cell(r, col[QIP_PF_EVIDENCE_REQUIRED]));
	owned[QIP_AF_TARGET] = one_line(cell(r, col[QIP_PF_TARGET]));
	owned[QIP_AF_AREA] = one_line(cell(r, col[QIP_PF_AREA]));
	char *ref = one_line(cell(r, col[QIP_PF_REF]));
	char *source_ref = *ref ? qip_printf("%s ref %s", im->file_name, ref) : qip_printf("%s row %d", im->file_name, r->number);
	if (qip_text_length(source_ref) > 200) {
		free(source_ref);
		source_ref = qip_printf("imported row %d", r->number);
	}
	owned[QIP_AF_SOURCE_REF] = source_ref;
	owned[QIP_AF_SOURCE] = qip_strdup("other");
	if (service_id) {
		sqlite3_stmt *st = qip_db_stmt(im->db, "SELECT name FROM service WHERE id = ?1");
		if (st) {
			sqlite3_bind_int64(st, 1, service_id);
			if (sqlite3_step(st) == SQLITE_ROW)
				owned[QIP_AF_SERVICE] = qip_col_strdup(st, 0);
			sqlite3_reset(st);
		}
	}
	/* Key question: the vocabulary's word ("Well led"), or the first word
	 * of a longer cell ("Safe - medicines"). */
	char *kq = one_line(cell(r, col[QIP_PF_KEY_QUESTION]));
	if (*kq) {
		char *n = normalise(kq);
		if (qip_vocab_find(&qip_vocab_key_question, n) < 0 && strncmp(n, "well led", 8)) {
			char *sp = strchr(n, ' ');
			if (sp)
				*sp = '\0';
		} else if (!strncmp(n, "well led", 8))
			n[8] = '\0';
		if (qip_vocab_find(&qip_vocab_key_question, n) < 0)
			problem(im, r->number, col[QIP_PF_KEY_QUESTION], "'%s' is not a CQC key question: use %s", kq,
				qip_vocab_choices(&qip_vocab_key_question));
		else
			owned[QIP_AF_KEY_QUESTION] = qip_strdup(n);
		free(n);
	}
	free(kq);

	qip_date due, completed;
	char dbuf[QIP_DATE_LEN];
	if (read_date(im, r, col[QIP_PF_DUE], &due) && due != QIP_NO_DATE)
		owned[QIP_AF_DUE] = qip_strdup(qip_date_format(due, dbuf));
	if (read_date(im, r, col[QIP_PF_COMPLETED], &completed) && completed != QIP_NO_DATE && completed > im->today) {
		problem(im, r->number, col[QIP_PF_COMPLETED], "completed on %s is in the future",
			qip_date_format(completed, dbuf));
		completed = QIP_NO_DATE;
	}
	int status;
	bool complete;
	char *status_text = one_line(cell(r, col[QIP_PF_STATUS]));
	if (!read_status(status_text, &status, &complete))
		problem(im, r->number, col[QIP_PF_STATUS],
			"'%s' is not a RAG rating or status: use red, amber, green, blue or complete, "
			"or not started, in progress, complete", status_text);
	if (completed != QIP_NO_DATE)
		complete = true;
	owned[QIP_AF_STATUS] = qip_strdup(qip_vocab_name(&qip_vocab_status, status));
	if (col[QIP_PF_OWNER] >= 0 && !blank(cell(r, col[QIP_PF_OWNER])))
		read_people(im, r, col[QIP_PF_OWNER], &owned[QIP_AF_OWNER], &owned[QIP_AF_SUPPORTERS]);

	/* Each field through the same check as qip action add, so a bad one
	 * is named with its column. */
	static const struct { int af, pf; } checked[] = {
		{ QIP_AF_TITLE, QIP_PF_ACTION }, { QIP_AF_BASELINE, QIP_PF_FINDING }, { QIP_AF_OUTCOME, QIP_PF_OUTCOME },
		{ QIP_AF_EVIDENCE_REQUIRED, QIP_PF_EVIDENCE_REQUIRED }, { QIP_AF_TARGET, QIP_PF_TARGET },
		{ QIP_AF_AREA, QIP_PF_AREA },
	};
	for (size_t i = 0; i < sizeof checked / sizeof checked[0]; i++) {
		char msg[400];
		int c = col[checked[i].pf];
		if (checked[i].af == QIP_AF_TITLE && col[QIP_PF_ACTION] < 0)
			c = col[QIP_PF_FINDING];
		if (checked[i].af == QIP_AF_BASELINE && col[QIP_PF_FINDING] < 0)
			c = col[QIP_PF_BASELINE];
		if (owned[checked[i].af] && qip_action_check_field(im->db, checked[i].af, owned[checked[i].af], msg, sizeof msg))
			problem(im, r->number, c, "%s", msg);
	}

	/* Evidence: each progress note, the evidence column, and a complete
	 * row's claim, all activity (work done: only outcome evidence can
	 * close an action). */
	struct entry entries[16];
	int nentries = 0;
	for (int i = 0; i < im->nprogress && nentries < 14; i++) {
		char *t = trim_text(cell(r, im->progress_cols[i]));
		if (*t) {
			const char *rest;
			qip_date on = note_date(im, t, &rest);
			if (on != QIP_NO_DATE && on > im->today) {
				problem(im, r->number, im->progress_cols[i], "the note is dated %s, in the future",
					qip_date_format(on, dbuf));
				on = QIP_NO_DATE;
			}
			add_entry(entries, &nentries, im->progress_cols[i], on == QIP_NO_DATE ? im->today : on,
				  qip_strdup(*rest ? rest : t));
		}
		free(t);
	}
	char *ev = trim_text(cell(r, col[QIP_PF_EVIDENCE]));
	if (*ev)
		add_entry(entries, &nentries, col[QIP_PF_EVIDENCE], completed != QIP_NO_DATE ? completed : im->today,
			  qip_printf("Evidence the imported plan lists: %s", ev));
	free(ev);
	if (complete) {
		char when[QIP_DATE_TEXT_LEN];
		int c = col[QIP_PF_COMPLETED] >= 0 && completed != QIP_NO_DATE ? col[QIP_PF_COMPLETED] : col[QIP_PF_STATUS];
		char said[120] = "";
		if (*status_text)
			snprintf(said, sizeof said, " (status '%.80s')", status_text);
		if (completed != QIP_NO_DATE)
			snprintf(when, sizeof when, " on ");
		else
			when[0] = '\0';
		char day[QIP_DATE_TEXT_LEN] = "";
		if (completed != QIP_NO_DATE)
			qip_date_text(completed, day);
		add_entry(entries, &nentries, c, completed != QIP_NO_DATE ? completed : im->today,
			  qip_printf("The imported plan marks this complete%s%s%s; closing it needs measured "
				     "outcome evidence and the closure check (qip action close)", when, day, said));
	}
	free(status_text);

	for (int i = 0; i < QIP_AF_COUNT; i++)
		in.field[i] = owned[i];
	char new_ref[QIP_REF_LEN] = "";
	if (im->r->problems == before && key_ok) {
		if (qip_action_add(im->db, &in, new_ref))
			problem(im, r->number, col[QIP_PF_ACTION] >= 0 ? col[QIP_PF_ACTION] : col[QIP_PF_FINDING],
				"%s", qip_db_error(im->db));
	}
	for (int i = 0; i < nentries; i++) {
		if (*new_ref && im->r->problems == before) {
			struct qip_evidence_new e = { .kind = "activity", .category = "processes", .note = entries[i].note,
						      .source = im->file_name, .date = qip_date_format(entries[i].on, dbuf) };
			if (qip_evidence_add(im->db, new_ref, &e, NULL))
				problem(im, r->number, entries[i].col, "%s", qip_db_error(im->db));
		}
		free(entries[i].note);
	}
	if (*new_ref && im->r->problems == before) {
		sqlite3_stmt *st = qip_db_stmt(im->db,
			"INSERT INTO action_source(action_id, file_name, service_id, row_key, sheet_row, sheet_ref,"
			" imported_on, imported_by) SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8 FROM action WHERE ref = ?1");
		if (st) {
			qip_bind_text(st, 1, new_ref);
			qip_bind_text(st, 2, im->file_name);
			qip_bind_id(st, 3, service_id);
			qip_bind_text(st, 4, key);
			sqlite3_bind_int(st, 5, r->number);
			qip_bind_text(st, 6, *ref ? ref : NULL);
			qip_bind_date(st, 7, im->today);
			qip_bind_id(st, 8, qip_db_actor(im->db));
		}
		if (qip_db_exec_stmt(im->db, st))
			problem(im, r->number, -1, "%s", qip_db_error(im->db));
	}
	if (*new_ref && im->r->problems == before) {
		char missing[120], shown_due[QIP_DATE_TEXT_LEN];
		lacks(&in, missing, sizeof missing);
		say(im, QIP_PLAN_ROW, "row %d: %s %s \"%s\"; owner %s; due %s; %s; %d evidence%s%s", r->number,
		    im->o->dry_run ? "would create" : "created", new_ref, title,
		    owned[QIP_AF_OWNER] ? owned[QIP_AF_OWNER] : "none",
		    due != QIP_NO_DATE ? qip_date_text(due, shown_due) : "none",
		    owned[QIP_AF_STATUS], nentries, *missing ? "; lacks " : "", missing);
		im->r->created++;
	}
	for (int i = 0; i < QIP_AF_COUNT; i++)
		free(owned[i]);
	free(ref);
	free(key);
	free(service);
	free(finding);
}

static int read_file(struct qip_db *db, const char *path, unsigned char **buf, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return qip_db_fail(db, QIP_ENOTFOUND, "%s: %s", path, strerror(errno));
	size_t cap = 65536, len = 0;
	unsigned char *b = qip_xmalloc(cap);
	size_t got;
	while ((got = fread(b + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len > MAX_FILE_BYTES) {
			fclose(f);
			free(b);
			return qip_db_fail(db, QIP_EINVAL, "%s: larger than %u MB: not a plan saved as CSV",
					   path, MAX_FILE_BYTES >> 20);
		}
		if (len == cap)
			b = qip_xrealloc(b, cap *= 2);
	}
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		free(b);
		return qip_db_fail(db, QIP_EINVAL, "%s: cannot be read", path);
	}
	*buf = b;
	*n = len;
	return QIP_OK;
}

static int parse_sheet(struct qip_db *db, const char *path, const char *text, struct sheet *sh)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI))
		return qip_db_fail(db, QIP_EDB, "out of memory");
	size_t len = strlen(text);
	int rc = QIP_OK;
	if (csv_parse(&p, text, len, sheet_cell, sheet_row_end, sh) != len ||
	    csv_fini(&p, sheet_cell, sheet_row_end, sh))
		rc = qip_db_fail(db, QIP_EINVAL, "%s:%d: %s", path, sh->next_number + 1,
				 csv_error(&p) == CSV_EPARSE ? "a quote (\") out of place, or a quoted field that never ends"
							     : csv_strerror(csv_error(&p)));
	csv_free(&p);
	return rc;
}

int qip_plan_import(struct qip_db *db, const struct qip_plan_options *o,
		    void (*say_fn)(void *ctx, int event, const char *line), void *ctx,
		    struct qip_plan_result *result)
{
	*result = (struct qip_plan_result){ 0 };
	int rc = qip_db_require_writer(db);
	if (rc)
		return rc;
	struct importer im = { .db = db, .o = o, .say = say_fn, .ctx = ctx, .r = result, .file = o->path,
			       .today = qip_db_today(db) };
	const char *slash = strrchr(o->path, '/');
	im.file_name = slash ? slash + 1 : o->path;
	if (o->service && qip_service_find(db, o->service, &im.default_service))
		return QIP_ENOTFOUND;
	unsigned char *bytes = NULL;
	size_t n = 0;
	if ((rc = read_file(db, o->path, &bytes, &n)))
		return rc;
	char *text, err[200];
	bool cp1252;
	rc = qip_plan_to_utf8(bytes, n, &text, &cp1252, err, sizeof err);
	free(bytes);
	if (rc)
		return qip_db_fail(db, rc, "%s: %s", o->path, err);
	struct sheet sh = { 0 };
	rc = parse_sheet(db, o->path, text, &sh);
	free(text);
	if (rc) {
		sheet_free(&sh);
		return rc;
	}
	if (cp1252)
		say(&im, QIP_PLAN_NOTE, "%s: not UTF-8, read as Windows-1252", o->path);

	/* The header: the first row naming an action (or a finding) and one
	 * more known column; title rows and merged heading text come before it. */
	int header = -1;
	for (int i = 0; i < sh.nrows && i < HEADER_SEARCH_ROWS && header < 0; i++) {
		int cols[QIP_PF_COUNT];
		if (match_header(&im, &sh.rows[i], cols, false) >= 2 && (cols[QIP_PF_ACTION] >= 0 || cols[QIP_PF_FINDING] >= 0))
			header = i;
	}
	if (header < 0) {
		sheet_free(&sh);
		free(im.progress_cols);
		return qip_db_fail(db, QIP_EINVAL,
				   "%s: no header row in the first %d rows: a header names the action (or finding) and "
				   "at least one more column such as owner or due date; name columns with --map COLUMN=FIELD",
				   o->path, HEADER_SEARCH_ROWS);
	}
	im.header = &sh.rows[header];
	say(&im, QIP_PLAN_NOTE, "%s: header on row %d", o->path, im.header->number);
	check_maps(&im);
	match_header(&im, im.header, im.col, true);

	if ((rc = qip_db_begin(db)) == QIP_OK) {
		for (int i = header + 1; i < sh.nrows; i++)
			import_row(&im, &sh.rows[i]);
		if (im.nunknown) {
			char *list = qip_strdup("");
			for (int i = 0; i < im.nunknown; i++) {
				char *l = qip_printf("%s%s%s", list, i ? ", " : "", im.unknown[i]);
				free(list);
				list = l;
			}
			say(&im, QIP_PLAN_NOTE, "%s: people not found: %s (qip person add, or --create-people)", o->path, list);
			free(list);
		}
		if (result->problems)
			rc = qip_db_fail(db, QIP_EINVAL, "%s: %d problem%s: nothing imported", o->path,
					 result->problems, result->problems == 1 ? "" : "s");
		/* A dry run writes everything, reports it, and rolls it back:
		 * what it prints is exactly what the import would do. */
		int end = qip_db_end(db, rc ? rc : o->dry_run ? QIP_EREFUSED : QIP_OK);
		if (!rc && !o->dry_run)
			rc = end;
	}
	for (int i = 0; i < im.nunknown; i++)
		free(im.unknown[i]);
	free(im.unknown);
	for (int i = 0; i < im.nkeys; i++)
		free(im.keys[i]);
	free(im.keys);
	free(im.key_rows);
	free(im.progress_cols);
	sheet_free(&sh);
	return rc;
}

int qip_plan_incomplete(struct qip_db *db,
			int (*row)(void *ctx, int64_t id, const char *ref, const char *title, const char *missing),
			void *ctx)
{
	sqlite3_stmt *st = qip_db_stmt(db,
		"SELECT a.id, a.ref, a.title, rtrim("
		"   CASE WHEN p.id IS NULL OR NOT p.active THEN 'owner, ' ELSE '' END"
		" || CASE WHEN a.due_on IS NULL THEN 'due date, ' ELSE '' END"
		" || CASE WHEN a.baseline = '' THEN 'baseline, ' ELSE '' END"
		" || CASE WHEN a.target_value IS NULL THEN 'target, ' ELSE '' END"
		" || CASE WHEN a.outcome = '' THEN 'outcome, ' ELSE '' END, ', ') AS missing"
		" FROM action_source s JOIN action a ON a.id = s.action_id"
		" LEFT JOIN person p ON p.id = a.owner_id"
		" WHERE a.status <> 'closed' AND missing <> ''"
		" ORDER BY a.seq");
	if (!st)
		return QIP_EDB;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (row(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3)))
			break;
	return qip_db_finish(db, st, step);
}
