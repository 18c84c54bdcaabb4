/* The export writers: CSV (RFC 4180), JSON and an Excel workbook
 * (libxlsxwriter), each a sink of export.h that writes what it is given. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "qip/export.h"
#include "qip/text.h"

enum writer_kind { WRITE_CSV, WRITE_JSON, WRITE_XLSX };
enum { MARKS = 3 };   /* none, overdue, unowned */
#define EXCEL_MAX_ROWS 1048576

struct qip_export_writer {
	enum writer_kind kind;
	FILE *out;
	bool bom;
	bool escape;                        /* CSV on a terminal */
	int lists;                          /* begun so far */
	const struct qip_export_col *cols;  /* the open list's */
	int ncols;
	long rows;                          /* of the open list */
	lxw_workbook *book;
	lxw_worksheet *sheet;
	lxw_format *header;
	lxw_format *cell[QIP_EXPORT_BOOL + 1][MARKS];
	char err[200];
};

static int fail(struct qip_export_writer *w, const char *fmt, const char *detail)
{
	snprintf(w->err, sizeof w->err, fmt, detail);
	return -1;
}

static int write_failed(struct qip_export_writer *w)
{
	return ferror(w->out) ? fail(w, "could not write the export: %s", strerror(errno ? errno : EIO)) : 0;
}

/* ---- CSV ---------------------------------------------------------------- */

static void csv_field(FILE *out, const char *s)
{
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, out);
		return;
	}
	putc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

static int csv_begin(void *ctx, const char *title, const struct qip_export_col *cols, int ncols)
{
	struct qip_export_writer *w = ctx;
	if (w->lists++)
		return fail(w, "%s", "a CSV file holds one list: export each list to its own file");
	if (w->bom)
		fputs("\xEF\xBB\xBF", w->out);
	for (int i = 0; i < ncols; i++) {
		if (i)
			putc(',', w->out);
		csv_field(w->out, cols[i].name);
	}
	fputs("\r\n", w->out);
	w->ncols = ncols;
	return write_failed(w);
}

static int csv_row(void *ctx, const char *const *cells, unsigned marks)
{
	struct qip_export_writer *w = ctx;
	for (int i = 0; i < w->ncols; i++) {
		if (i)
			putc(',', w->out);
		char *owned = NULL;
		csv_field(w->out, w->escape ? qip_text_escaped(cells[i], &owned) : cells[i]);
		free(owned);
	}
	fputs("\r\n", w->out);
	return write_failed(w);
}

/* ---- JSON ------------------------------------------------------------- */

static void json_string(FILE *out, const char *s)
{
	putc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\u%04x", *p);
			else
				putc(*p, out);
		}
	}
	putc('"', out);
}

static int json_begin(void *ctx, const char *title, const struct qip_export_col *cols, int ncols)
{
	struct qip_export_writer *w = ctx;
	if (w->lists++)
		return fail(w, "%s", "a JSON export holds one list: export each list on its own");
	w->cols = cols;
	w->ncols = ncols;
	fputs("[", w->out);
	return write_failed(w);
}

/* Numbers come as the core printed them (digits, '.', exponent) and go
 * out as they are; none, and true or false, as JSON's own words. */
static void json_value(FILE *out, const struct qip_export_col *col, const char *v)
{
	if (!*v && col->type != QIP_EXPORT_TEXT)
		fputs("null", out);
	else if (col->type == QIP_EXPORT_NUMBER || col->type == QIP_EXPORT_BOOL)
		fputs(v, out);
	else
		json_string(out, v);
}

static int json_row(void *ctx, const char *const *cells, unsigned marks)
{
	struct qip_export_writer *w = ctx;
	fputs(w->rows++ ? ",\n{" : "\n{", w->out);
	for (int i = 0; i < w->ncols; i++) {
		if (i)
			putc(',', w->out);
		json_string(w->out, w->cols[i].name);
		putc(':', w->out);
		json_value(w->out, &w->cols[i], cells[i]);
	}
	putc('}', w->out);
	return write_failed(w);
}

static int json_end(void *ctx)
{
	struct qip_export_writer *w = ctx;
	fputs(w->rows ? "\n]\n" : "]\n", w->out);
	return write_failed(w);
}

static int text_end(void *ctx)
{
	return write_failed(ctx);
}

/* ---- xlsx --------------------------------------------------------------- */

/* Excel's own "bad" and "neutral" cell colours: overdue red, unowned amber. */
static const struct { lxw_color_t fill, font; } mark_colours[MARKS] = {
	{ 0, 0 }, { 0xFFC7CE, 0x9C0006 }, { 0xFFEB9C, 0x9C5700 },
};

static void xlsx_formats(struct qip_export_writer *w)
{
	w->header = workbook_add_format(w->book);
	format_set_bold(w->header);
	format_set_bottom(w->header, LXW_BORDER_THIN);
	format_set_bg_color(w->header, 0xD9D9D9);
	for (int t = 0; t <= QIP_EXPORT_BOOL; t++)
		for (int m = 0; m < MARKS; m++) {
			lxw_format *f = w->cell[t][m] = workbook_add_format(w->book);
			if (t == QIP_EXPORT_DATE)
				format_set_num_format(f, "yyyy-mm-dd");
			else if (t == QIP_EXPORT_TIMESTAMP)
				format_set_num_format(f, "yyyy-mm-dd hh:mm:ss");
			if (m) {
				format_set_bg_color(f, mark_colours[m].fill);
				format_set_font_color(f, mark_colours[m].font);
			}
		}
}

static int xlsx_begin(void *ctx, const char *title, const struct qip_export_col *cols, int ncols)
{
	struct qip_export_writer *w = ctx;
	w->lists++;
	if (!w->book)
		return -1;   /* the reason is in w->err already */
	if (!(w->sheet = workbook_add_worksheet(w->book, title)))
		return fail(w, "could not add the sheet %s to the workbook", title);
	w->cols = cols;
	w->ncols = ncols;
	w->rows = 0;
	for (int i = 0; i < ncols; i++) {
		worksheet_set_column(w->sheet, (lxw_col_t)i, (lxw_col_t)i, cols[i].width, NULL);
		worksheet_write_string(w->sheet, 0, (lxw_col_t)i, cols[i].name, w->header);
	}
	worksheet_freeze_panes(w->sheet, 1, 0);
	return 0;
}

/* "2026-03-02" or "2026-03-02T10:11:12.345Z" as an Excel date; false when
 * the text is neither. Read digit by digit: no locale's decimal point. */
static bool excel_datetime(const char *s, bool with_time, lxw_datetime *dt)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, ms = 0, used = 0;
	*dt = (lxw_datetime){ 0 };
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3 || used != 10)
		return false;
	if (with_time && sscanf(s + 10, "T%2d:%2d:%2d.%3d", &h, &mi, &sec, &ms) < 3)
		return false;
	*dt = (lxw_datetime){ y, mo, d, h, mi, sec + ms / 1000.0 };
	return true;
}

static int xlsx_row(void *ctx, const char *const *cells, unsigned marks)
{
	struct qip_export_writer *w = ctx;
	if (w->rows + 1 >= EXCEL_MAX_ROWS)
		return fail(w, "%s", "the list has more rows than an Excel sheet holds (1,048,576): narrow it with "
			    "--since or --service, or export CSV");
	lxw_row_t r = (lxw_row_t)++w->rows;
	int m = marks & QIP_EXPORT_MARK_OVERDUE ? 1 : marks & QIP_EXPORT_MARK_UNOWNED ? 2 : 0;
	for (int i = 0; i < w->ncols; i++) {
		const char *v = cells[i];
		int type = w->cols[i].type;
		lxw_format *f = w->cell[type][m];
		lxw_col_t c = (lxw_col_t)i;
		lxw_error e = LXW_NO_ERROR;
		double num;
		const char *end;
		lxw_datetime dt;
		if (!*v)
			e = m ? worksheet_write_blank(w->sheet, r, c, f) : LXW_NO_ERROR;
		else if (type == QIP_EXPORT_NUMBER && !qip_number_parse(v, &num, &end) && !*end)
			e = worksheet_write_number(w->sheet, r, c, num, f);
		else if ((type == QIP_EXPORT_DATE || type == QIP_EXPORT_TIMESTAMP) &&
			 excel_datetime(v, type == QIP_EXPORT_TIMESTAMP, &dt))
			e = worksheet_write_datetime(w->sheet, r, c, &dt, f);
		else if (type == QIP_EXPORT_BOOL)
			e = worksheet_write_boolean(w->sheet, r, c, !strcmp(v, "true"), f);
		else
			e = worksheet_write_string(w->sheet, r, c, v, f);
		if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
			return fail(w, "a %s is longer than an Excel cell holds (32,767 characters): export CSV",
				    w->cols[i].name);
		if (e)
			return fail(w, "could not write the workbook: %s", lxw_strerror(e));
	}
	return 0;
}

static int xlsx_end(void *ctx)
{
	struct qip_export_writer *w = ctx;
	/* A filter on the header, as a spreadsheet user expects. */
	worksheet_autofilter(w->sheet, 0, 0, (lxw_row_t)w->rows, (lxw_col_t)(w->ncols - 1));
	return 0;
}

/* ---- the writers ------------------------------------------------------ */

static struct qip_export_writer *writer_new(enum writer_kind kind)
{
	struct qip_export_writer *w = qip_xcalloc(1, sizeof *w);
	w->kind = kind;
	return w;
}

struct qip_export_writer *qip_export_csv(FILE *out, bool bom, bool for_terminal)
{
	struct qip_export_writer *w = writer_new(WRITE_CSV);
	w->out = out;
	w->bom = bom;
	w->escape = for_terminal;
	return w;
}

struct qip_export_writer *qip_export_json(FILE *out)
{
	struct qip_export_writer *w = writer_new(WRITE_JSON);
	w->out = out;
	return w;
}

struct qip_export_writer *qip_export_xlsx(const char *path)
{
	struct qip_export_writer *w = writer_new(WRITE_XLSX);
	/* Rows go to a temporary file as they come, not into memory: a
	 * provider's whole history fits. */
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
	if (!(w->book = workbook_new_opt(path, &opt)))
		fail(w, "could not start the workbook %s", path);
	else
		xlsx_formats(w);
	return w;
}

void qip_export_writer_sink(struct qip_export_writer *w, struct qip_export_sink *sink)
{
	switch (w->kind) {
	case WRITE_CSV:
		*sink = (struct qip_export_sink){ csv_begin, csv_row, text_end, w };
		break;
	case WRITE_JSON:
		*sink = (struct qip_export_sink){ json_begin, json_row, json_end, w };
		break;
	case WRITE_XLSX:
		*sink = (struct qip_export_sink){ xlsx_begin, xlsx_row, xlsx_end, w };
		break;
	}
}

const char *qip_export_writer_error(const struct qip_export_writer *w)
{
	return w->err;
}

int qip_export_writer_close(struct qip_export_writer *w, char *err, size_t errsz)
{
	int rc = *w->err ? -1 : 0;
	if (w->kind == WRITE_XLSX && w->book) {
		lxw_error e = workbook_close(w->book);
		if (e && !rc)
			rc = fail(w, "could not write the workbook: %s", lxw_strerror(e));
	} else if (w->out && !rc && fflush(w->out)) {
		rc = fail(w, "could not write the export: %s", strerror(errno));
	}
	snprintf(err, errsz, "%s", w->err);
	free(w);
	return rc;
}
