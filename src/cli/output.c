/* Table, TSV and JSON output, streamed a row at a time. */
#include "cli.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "qip/text.h"

struct cli_table {
	struct cli *c;
	enum cli_format f;
	const struct cli_col *cols;
	int ncols;
	bool record;
	int rows;
	int line_width;
};

bool cli_parse_format(const char *s, enum cli_format *out)
{
	if (!strcmp(s, "table")) *out = CLI_TABLE;
	else if (!strcmp(s, "tsv")) *out = CLI_TSV;
	else if (!strcmp(s, "json")) *out = CLI_JSON;
	else return false;
	return true;
}

static int terminal_width(void)
{
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col;
	const char *env = getenv("COLUMNS");
	int n = env ? atoi(env) : 0;
	return n >= 40 && n <= 1000 ? n : 100;
}

/* JSON strings: escapes quotes, backslashes, every control character and
 * the bidi and line-separator characters; invalid UTF-8 becomes U+FFFD. */
static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	const unsigned char *u = (const unsigned char *)s;
	while (*u) {
		unsigned char ch = *u;
		if (ch == '"' || ch == '\\') {
			fputc('\\', out);
			fputc(ch, out);
			u++;
		} else if (ch < 0x20 || ch == 0x7F) {
			switch (ch) {
			case '\n': fputs("\\n", out); break;
			case '\t': fputs("\\t", out); break;
			case '\r': fputs("\\r", out); break;
			default: fprintf(out, "\\u%04x", ch);
			}
			u++;
		} else if (ch < 0x80) {
			fputc(ch, out);
			u++;
		} else {
			uint32_t cp;
			int len = qip_utf8_decode(u, &cp);
			if (len == 0) {
				fputs("\\ufffd", out);
				len = 1;
			} else if (qip_text_is_hidden_control(cp))
				fprintf(out, "\\u%04x", (unsigned)cp);
			else
				fwrite(u, 1, (size_t)len, out);
			u += len;
		}
	}
	fputc('"', out);
}

static struct cli_table *begin(struct cli *c, enum cli_format f, const struct cli_col *cols,
			       int ncols, bool record)
{
	struct cli_table *t = qip_xcalloc(1, sizeof *t);
	*t = (struct cli_table){ .c = c, .f = f, .cols = cols, .ncols = ncols, .record = record,
				 .line_width = terminal_width() };
	FILE *out = c->out;
	if (f == CLI_TSV) {
		for (int i = 0; i < ncols; i++)
			fprintf(out, "%s%s", i ? "\t" : "", cols[i].name);
		fputc('\n', out);
	} else if (f == CLI_JSON && !record)
		fputc('[', out);
	else if (f == CLI_TABLE && !record) {
		char cell[512];
		int used = 2;
		fputs("  ", out);
		for (int i = 0; i < ncols; i++) {
			int w = cols[i].width ? cols[i].width : t->line_width - used - 1;
			if (w < 8)
				w = 8;
			qip_text_fit(cols[i].name, w, i < ncols - 1, cell, sizeof cell);
			fprintf(out, "%s%s", cell, i < ncols - 1 ? " " : "");
			used += w + 1;
		}
		fputc('\n', out);
	}
	return t;
}

struct cli_table *cli_table_begin(struct cli *c, enum cli_format f, const struct cli_col *cols, int ncols)
{
	return begin(c, f, cols, ncols, false);
}

struct cli_table *cli_record_begin(struct cli *c, enum cli_format f, const struct cli_col *cols, int ncols)
{
	return begin(c, f, cols, ncols, true);
}

/* Is v a number as JSON writes one (RFC 8259: -?int frac? exp?)? Never
 * "inf", "nan", "0x10" or "95,5", which strtod may read. */
static bool json_number(const char *v)
{
	if (*v == '-')
		v++;
	if (*v == '0')
		v++;
	else if (*v >= '1' && *v <= '9')
		while (*v >= '0' && *v <= '9')
			v++;
	else
		return false;
	if (*v == '.') {
		if (!(*++v >= '0' && *v <= '9'))
			return false;
		while (*v >= '0' && *v <= '9')
			v++;
	}
	if (*v == 'e' || *v == 'E') {
		if (*++v == '+' || *v == '-')
			v++;
		if (!(*v >= '0' && *v <= '9'))
			return false;
		while (*v >= '0' && *v <= '9')
			v++;
	}
	return *v == '\0';
}

static void json_value(FILE *out, const struct cli_col *col, const char *v)
{
	if (col->numeric && !*v)
		fputs("null", out);
	else if (col->numeric && json_number(v))
		fputs(v, out);
	else
		json_string(out, v);
}

void cli_table_row(struct cli_table *t, const char *const *cells, const char *mark, int hl)
{
	FILE *out = t->c->out;
	const char *on = "", *off = "";
	if (t->c->color && hl == CLI_HL_OVERDUE)
		on = "\033[1;31m", off = "\033[0m";
	else if (t->c->color && hl == CLI_HL_UNOWNED)
		on = "\033[33m", off = "\033[0m";
	switch (t->f) {
	case CLI_TSV:
		for (int i = 0; i < t->ncols; i++) {
			/* Backslashes double first, so a typed "\n" (\\n) stays
			 * distinct from an escaped line break (\n). */
			const char *v = cells[i] ? cells[i] : "";
			if (!strchr(v, '\\') && qip_text_is_plain(v)) {
				if (i)
					fputc('\t', out);
				fputs(v, out);
				continue;
			}
			char *doubled = qip_xmalloc(strlen(v) * 2 + 1), *d = doubled;
			for (; *v; v++) {
				if (*v == '\\')
					*d++ = '\\';
				*d++ = *v;
			}
			*d = '\0';
			char *e = qip_text_escape(doubled);
			fprintf(out, "%s%s", i ? "\t" : "", e);
			free(e);
			free(doubled);
		}
		fputc('\n', out);
		break;
	case CLI_JSON:
		fputs(t->record ? "{" : t->rows ? ",\n {" : "\n {", out);
		for (int i = 0; i < t->ncols; i++) {
			fputs(i ? ", " : "", out);
			json_string(out, t->cols[i].name);
			fputs(": ", out);
			json_value(out, &t->cols[i], cells[i] ? cells[i] : "");
		}
		fputc('}', out);
		break;
	case CLI_TABLE:
		if (t->record) {
			for (int i = 0; i < t->ncols; i++) {
				char *owned;
				const char *e = qip_text_escaped(cells[i], &owned);
				fprintf(out, "%-18s %s\n", t->cols[i].name, e);
				free(owned);
			}
			break;
		}
		char m[3] = "  ";
		for (int i = 0; mark && i < 2 && mark[i]; i++)
			m[i] = mark[i];
		fprintf(out, "%s%s", on, m);
		int used = 2;
		for (int i = 0; i < t->ncols; i++) {
			char *owned;
			const char *e = qip_text_escaped(cells[i], &owned);
			int w = t->cols[i].width ? t->cols[i].width : t->line_width - used - 1;
			if (w < 8)
				w = 8;
			char cell[1024];
			qip_text_fit(e, w, i < t->ncols - 1, cell, sizeof cell);
			fprintf(out, "%s%s", cell, i < t->ncols - 1 ? " " : "");
			used += w + 1;
			free(owned);
		}
		fprintf(out, "%s\n", off);
		break;
	}
	t->rows++;
}

void cli_table_end(struct cli_table *t)
{
	if (t->f == CLI_JSON)
		fputs(t->record ? "\n" : t->rows ? "\n]\n" : "]\n", t->c->out);
	free(t);
}

static void print_escaped_lines(const char *msg)
{
	/* The message may quote user text: escape each line on its own so
	 * deliberate line breaks (lists of reasons) survive. */
	char *copy = qip_strdup(msg), *save = NULL;
	bool first = true;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *e = qip_text_escape(line);
		fprintf(stderr, "%s%s\n", first ? "qip: " : "", e);
		free(e);
		first = false;
	}
	free(copy);
}

int cli_fail(int rc, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	print_escaped_lines(msg);
	return rc == QIP_EINVAL || rc == QIP_ENOTFOUND ? CLI_USAGE : CLI_FAIL;
}

int cli_db_fail(struct cli *c, int rc)
{
	return cli_fail(rc, "%s", qip_db_error(c->db));
}
