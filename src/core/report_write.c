/* The report writers (report_doc.h): HTML for print and the browser, one
 * file with its CSS and SVG inline and a policy that forbids any request;
 * Markdown that reads as plain text; plain text for the terminal. Every
 * text came from the database: each writer escapes it for its medium
 * (controls made visible first, as everywhere, by qip_text_escape). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "qip/date.h"
#include "qip/text.h"
#include "report_doc.h"

/* ---- HTML ---- */

/* One line of text, escaped for HTML. */
static void html_line(FILE *out, const char *s)
{
	char *owned;
	const char *t = qip_text_escaped(s, &owned);
	for (const char *p = t; *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*p, out);
		}
	}
	free(owned);
}

/* Calls line() on each line of s, and between lines writes sep: the
 * writers keep the text's own line breaks as their medium makes them. */
static void by_line(FILE *out, const char *s, const char *sep, void (*line)(FILE *, const char *))
{
	char *copy = qip_strdup(s ? s : "");
	char *p = copy;
	for (;;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		line(out, p);
		if (!nl)
			break;
		fputs(sep, out);
		p = nl + 1;
	}
	free(copy);
}

static void html_text(FILE *out, const char *s)
{
	by_line(out, s, "<br>", html_line);
}

/* text escaped between open and close (a tag and its end tag). */
static void html_element(FILE *out, const char *open, const char *text, const char *close)
{
	fputs(open, out);
	html_text(out, text);
	fputs(close, out);
}

static const char css[] =
	"@page{size:A4;margin:16mm 14mm}"
	"body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10.5pt;color:#111;max-width:60em;margin:1em auto;padding:0 1em;line-height:1.35}"
	"h1{font-size:18pt;margin:0 0 .2em}h2{font-size:14pt;border-bottom:2px solid #235;padding-bottom:.1em;margin-top:0}"
	"h3{font-size:11.5pt;margin:1.1em 0 .3em}"
	"header p{margin:.1em 0;color:#333}"
	"section.theme{break-before:page;page-break-before:always}"
	"table{border-collapse:collapse;width:100%;margin:.3em 0 .8em}"
	"caption{text-align:left;font-weight:bold;padding:.2em 0}"
	"th,td{border:1px solid #999;padding:.2em .35em;text-align:left;vertical-align:top}"
	"th{background:#e4e9f0}"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}"
	"thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}"
	"dl{display:grid;grid-template-columns:max-content auto;gap:.15em 1em;margin:.3em 0 .8em}"
	"dt{font-weight:bold}dd{margin:0}"
	"figure{margin:.5em 0 1em;break-inside:avoid;page-break-inside:avoid}"
	"figcaption{font-weight:bold}"
	"svg text{font-family:'DejaVu Sans',Arial,sans-serif}"
	"@media print{body{max-width:none;margin:0;padding:0}}";

/* Scores over time against the target: x by date, y 0 to 100 percent. */
static void html_chart(FILE *out, const struct rdoc_block *b)
{
	const double w = 640, h = 220, l = 44, r = 16, t = 12, bot = 34;
	char num[QIP_NUMBER_LEN];
	fputs("<figure>", out);
	fputs("<figcaption>", out);
	html_text(out, b->text);
	fputs("</figcaption>\n", out);
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" height=\"%g\" viewBox=\"0 0 %g %g\" role=\"img\" aria-label=\"",
		w, h, w, h);
	html_text(out, b->text);
	fputs("\">", out);
	/* Axes and gridlines at 0, 25, 50, 75, 100. */
	for (int g = 0; g <= 100; g += 25) {
		double y = t + (h - t - bot) * (1 - g / 100.0);
		fprintf(out, "<line x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\" stroke=\"#ddd\"/>", l, y, w - r, y);
		fprintf(out, "<text x=\"%g\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%d%%</text>", l - 4, y + 3, g);
	}
	double ty = t + (h - t - bot) * (1 - fmin(fmax(b->target, 0), 100) / 100.0);
	fprintf(out, "<line x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\" stroke=\"#b00\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\"/>",
		l, ty, w - r, ty);
	fprintf(out, "<text x=\"%g\" y=\"%.1f\" font-size=\"10\" fill=\"#b00\" text-anchor=\"end\">target %s%%</text>",
		w - r, ty - 4, qip_number_format(b->target, num));
	/* x by day: the first and last runs at the ends. */
	long first = 0, last = 0;
	long *day = qip_xcalloc((size_t)b->npoints + 1, sizeof *day);
	for (int i = 0; i < b->npoints; i++) {
		qip_date on = 0;
		qip_date_parse_iso(b->points[i].date, &on);
		day[i] = on;
	}
	if (b->npoints) {
		first = day[0];
		last = day[b->npoints - 1];
	}
	double *x = qip_xcalloc((size_t)b->npoints + 1, sizeof *x), *y = qip_xcalloc((size_t)b->npoints + 1, sizeof *y);
	for (int i = 0; i < b->npoints; i++) {
		x[i] = last > first ? l + 10 + (w - l - r - 20) * (double)(day[i] - first) / (double)(last - first)
				    : l + (w - l - r) / 2;
		y[i] = t + (h - t - bot) * (1 - fmin(fmax(b->points[i].value, 0), 100) / 100.0);
	}
	if (b->npoints > 1) {
		fputs("<polyline fill=\"none\" stroke=\"#235\" stroke-width=\"2\" points=\"", out);
		for (int i = 0; i < b->npoints; i++)
			fprintf(out, "%s%.1f,%.1f", i ? " " : "", x[i], y[i]);
		fputs("\"/>", out);
	}
	for (int i = 0; i < b->npoints; i++) {
		bool below = b->points[i].value + 1e-9 < b->target;
		fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>", x[i], y[i], below ? "#b00" : "#235");
		html_text(out, b->points[i].label);
		fprintf(out, ": %s%%</title></circle>", qip_number_format(b->points[i].value, num));
	}
	if (b->npoints) {
		fprintf(out, "<text x=\"%.1f\" y=\"%g\" font-size=\"10\" text-anchor=\"start\">", x[0], h - 12);
		html_text(out, b->points[0].label);
		fputs("</text>", out);
		if (b->npoints > 1) {
			fprintf(out, "<text x=\"%.1f\" y=\"%g\" font-size=\"10\" text-anchor=\"end\">", x[b->npoints - 1], h - 12);
			html_text(out, b->points[b->npoints - 1].label);
			fputs("</text>", out);
		}
	}
	fputs("</svg></figure>\n", out);
	free(day);
	free(x);
	free(y);
}

/* A sparkline scaled to its own range and the target's, so a run of
 * scores between 90 and 100 does not draw as a flat line. */
static void html_spark(FILE *out, const struct rdoc_cell *c)
{
	const double w = 90, h = 22;
	double lo = c->target, hi = c->target;
	for (int i = 0; i < c->nseries; i++) {
		lo = fmin(lo, c->series[i]);
		hi = fmax(hi, c->series[i]);
	}
	lo -= 2;
	hi += 2;
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" height=\"%g\" viewBox=\"0 0 %g %g\" role=\"img\" aria-label=\"trend\">",
		w, h, w, h);
	double ty = 2 + (h - 4) * (hi - c->target) / (hi - lo);
	fprintf(out, "<line x1=\"0\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\" stroke=\"#b00\" stroke-dasharray=\"3 2\"/>", ty, w, ty);
	fputs("<polyline fill=\"none\" stroke=\"#235\" stroke-width=\"1.5\" points=\"", out);
	for (int i = 0; i < c->nseries; i++) {
		double x = c->nseries > 1 ? 3 + (w - 6) * i / (c->nseries - 1) : w / 2;
		double y = 2 + (h - 4) * (hi - c->series[i]) / (hi - lo);
		fprintf(out, "%s%.1f,%.1f", i ? " " : "", x, y);
	}
	fputs("\"/>", out);
	for (int i = 0; i < c->nseries; i++) {
		double x = c->nseries > 1 ? 3 + (w - 6) * i / (c->nseries - 1) : w / 2;
		double y = 2 + (h - 4) * (hi - c->series[i]) / (hi - lo);
		fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.8\" fill=\"%s\"/>", x, y,
			c->series[i] + 1e-9 < c->target ? "#b00" : "#235");
	}
	fputs("</svg>", out);
}

void rdoc_write_html(const struct rdoc *d, FILE *out)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", out);
	html_text(out, d->title);
	fputs(": ", out);
	html_text(out, d->scope);
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>", css);
	html_text(out, d->title);
	fputs("</h1>\n<p><strong>", out);
	html_text(out, d->scope);
	fputs("</strong></p>\n<p>", out);
	html_text(out, d->period);
	fputs("</p>\n<p>Produced by qip on ", out);
	html_text(out, d->generated);
	fprintf(out, "</p>\n<p class=\"chain\">Record as made: %lld links, head <code>", (long long)d->chain_length);
	html_text(out, d->chain_head);
	fputs("</code> (check with qip verify --head)</p>\n</header>\n", out);
	bool in_section = false;
	for (int i = 0; i < d->nblocks; i++) {
		const struct rdoc_block *b = &d->blocks[i];
		switch (b->type) {
		case RD_SECTION:
			if (in_section)
				fputs("</section>\n", out);
			html_element(out, "<section class=\"theme\">\n<h2>", b->text, "</h2>\n");
			in_section = true;
			break;
		case RD_HEADING:
			html_element(out, "<h3>", b->text, "</h3>\n");
			break;
		case RD_PARA:
			html_element(out, "<p>", b->text, "</p>\n");
			break;
		case RD_FACTS:
			fputs("<dl>\n", out);
			for (int c = 0; c < b->ncells; c++) {
				html_element(out, "<dt>", b->labels[c], "</dt>");
				html_element(out, "<dd>", b->cells[c].text, "</dd>\n");
			}
			fputs("</dl>\n", out);
			break;
		case RD_LIST:
			fputs("<ul>\n", out);
			for (int c = 0; c < b->ncells; c++) {
				html_element(out, "<li>", b->cells[c].text, "</li>\n");
			}
			fputs("</ul>\n", out);
			break;
		case RD_TABLE:
			fputs("<table>\n", out);
			if (b->text) {
				html_element(out, "<caption>", b->text, "</caption>\n");
			}
			fputs("<thead><tr>", out);
			for (int c = 0; c < b->ncols; c++) {
				html_element(out, "<th scope=\"col\">", b->head[c], "</th>");
			}
			fputs("</tr></thead>\n<tbody>\n", out);
			for (int r = 0; r < rdoc_rows(b); r++) {
				fputs("<tr>", out);
				for (int c = 0; c < b->ncols; c++) {
					const struct rdoc_cell *cell = &b->cells[r * b->ncols + c];
					fputs(cell->is_number ? "<td class=\"n\">" : "<td>", out);
					html_text(out, cell->text);
					if (cell->nseries)
						html_spark(out, cell);
					fputs("</td>", out);
				}
				fputs("</tr>\n", out);
			}
			fputs("</tbody>\n</table>\n", out);
			break;
		case RD_CHART:
			html_chart(out, b);
			break;
		}
	}
	if (in_section)
		fputs("</section>\n", out);
	fputs("</body>\n</html>\n", out);
}

/* ---- Markdown ---- */

/* Backslashes the characters Markdown acts on inside a line; in a table
 * cell a line break becomes a space. Digits, dots and hyphens are left
 * alone, so the text still reads as plain text. */
static void md_line(FILE *out, const char *s)
{
	char *owned;
	const char *t = qip_text_escaped(s, &owned);
	for (const char *p = t; *p; p++) {
		if (strchr("\\`*_[]<>|#~", *p) || (p == t && strchr("+-=", *p)))
			fputc('\\', out);
		fputc(*p, out);
	}
	free(owned);
}

static void md_text(FILE *out, const char *s, bool cell)
{
	by_line(out, s, cell ? " " : "  \n", md_line);
}

/* A series as block characters, for the media that draw no SVG, scaled
 * as the sparklines are: between the lowest and highest of the scores
 * and the target. */
static char *bars_text(const double *v, int n, double target)
{
	static const char *const blocks[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	double lo = target, hi = target;
	for (int i = 0; i < n; i++) {
		lo = fmin(lo, v[i]);
		hi = fmax(hi, v[i]);
	}
	char *out = qip_xcalloc((size_t)n * 3 + 1, 1);
	for (int i = 0; i < n; i++) {
		int k = hi > lo ? (int)lround((v[i] - lo) / (hi - lo) * 7) : 7;
		strcat(out, blocks[k < 0 ? 0 : k > 7 ? 7 : k]);
	}
	return out;
}

static void bars(FILE *out, const double *v, int n, double target)
{
	char *b = bars_text(v, n, target);
	fputs(b, out);
	free(b);
}

void rdoc_write_md(const struct rdoc *d, FILE *out)
{
	char num[QIP_NUMBER_LEN];
	fputs("# ", out);
	md_text(out, d->title, true);
	fputs("\n\n**", out);
	md_text(out, d->scope, true);
	fputs("**  \n", out);
	md_text(out, d->period, true);
	fputs("  \nProduced by qip on ", out);
	md_text(out, d->generated, true);
	fprintf(out, "  \nRecord as made: %lld links, head `%s` (check with qip verify --head)\n",
		(long long)d->chain_length, d->chain_head);
	for (int i = 0; i < d->nblocks; i++) {
		const struct rdoc_block *b = &d->blocks[i];
		fputc('\n', out);
		switch (b->type) {
		case RD_SECTION:
		case RD_HEADING:
			fputs(b->type == RD_SECTION ? "## " : "### ", out);
			md_text(out, b->text, true);
			fputc('\n', out);
			break;
		case RD_PARA:
			md_text(out, b->text, false);
			fputc('\n', out);
			break;
		case RD_FACTS:
			for (int c = 0; c < b->ncells; c++) {
				fputs("- **", out);
				md_text(out, b->labels[c], true);
				fputs(":** ", out);
				md_text(out, b->cells[c].text, false);
				fputc('\n', out);
			}
			break;
		case RD_LIST:
			for (int c = 0; c < b->ncells; c++) {
				fputs("- ", out);
				md_text(out, b->cells[c].text, false);
				fputc('\n', out);
			}
			break;
		case RD_TABLE:
			if (b->text) {
				fputs("**", out);
				md_text(out, b->text, true);
				fputs("**\n\n", out);
			}
			fputc('|', out);
			for (int c = 0; c < b->ncols; c++) {
				fputc(' ', out);
				md_text(out, b->head[c], true);
				fputs(" |", out);
			}
			fputs("\n|", out);
			for (int c = 0; c < b->ncols; c++)
				fputs(b->cells && b->cells[c].is_number ? " ---: |" : " --- |", out);
			fputc('\n', out);
			for (int r = 0; r < rdoc_rows(b); r++) {
				fputc('|', out);
				for (int c = 0; c < b->ncols; c++) {
					const struct rdoc_cell *cell = &b->cells[r * b->ncols + c];
					fputc(' ', out);
					md_text(out, cell->text, true);
					if (cell->nseries) {
						fputc(' ', out);
						bars(out, cell->series, cell->nseries, cell->target);
					}
					fputs(" |", out);
				}
				fputc('\n', out);
			}
			break;
		case RD_CHART:
			fputs("**", out);
			md_text(out, b->text, true);
			fprintf(out, "** (target %s%%) ", qip_number_format(b->target, num));
			double *v = qip_xcalloc((size_t)b->npoints + 1, sizeof *v);
			for (int p = 0; p < b->npoints; p++)
				v[p] = b->points[p].value;
			bars(out, v, b->npoints, b->target);
			free(v);
			fputs("\n\n| Date | Score |\n| --- | ---: |\n", out);
			for (int p = 0; p < b->npoints; p++) {
				fputs("| ", out);
				md_text(out, b->points[p].label, true);
				fprintf(out, " | %s%% |\n", qip_number_format(b->points[p].value, num));
			}
			break;
		}
	}
}

/* ---- Plain text ---- */

#define TEXT_WIDTH 78

/* Prints an escaped string wrapped at TEXT_WIDTH columns, the first line
 * after `used` columns already on it, later lines indented by indent. */
static void wrap(FILE *out, const char *s, int used, int indent)
{
	/* A line break in the text is a space here: the wrapping makes the lines. */
	char *flat = qip_strdup(s ? s : "");
	for (char *q = flat; *q; q++)
		if (*q == '\n' || *q == '\t')
			*q = ' ';
	char *owned;
	const char *t = qip_text_escaped(flat, &owned);
	int col = used;
	bool words_on_line = false;
	const char *p = t;
	while (*p == ' ')
		p++;
	while (*p) {
		size_t len = strcspn(p, " ");
		char *word = qip_printf("%.*s", (int)len, p);
		int w = qip_text_width(word);
		if (words_on_line && col + 1 + w > TEXT_WIDTH) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
			words_on_line = false;
		} else if (words_on_line) {
			fputc(' ', out);
			col++;
		}
		fputs(word, out);
		col += w;
		words_on_line = true;
		free(word);
		p += len;
		while (*p == ' ')
			p++;
	}
	fputc('\n', out);
	free(owned);
	free(flat);
}

static void underline(FILE *out, const char *s, char ch)
{
	char *owned;
	const char *t = qip_text_escaped(s ? s : "", &owned);
	int w = qip_text_width(t);
	fprintf(out, "%s\n", t);
	for (int i = 0; i < w && i < TEXT_WIDTH; i++)
		fputc(ch, out);
	fputc('\n', out);
	free(owned);
}

/* A table: aligned columns when it fits the width, else one record per
 * row with each field named. */
static void text_table(FILE *out, const struct rdoc_block *b)
{
	int rows = rdoc_rows(b);
	int *width = qip_xcalloc((size_t)b->ncols, sizeof *width);
	char **esc = qip_xcalloc((size_t)b->ncells + 1, sizeof *esc);
	for (int c = 0; c < b->ncols; c++)
		width[c] = qip_text_width(b->head[c]);
	for (int i = 0; i < b->ncells; i++) {
		char *e = qip_text_escape(b->cells[i].text);
		for (char *q = e; *q; q++)
			if (*q == '\n')
				*q = ' ';
		esc[i] = e;
		int w = qip_text_width(e) + (b->cells[i].nseries ? b->cells[i].nseries + 1 : 0);
		if (w > width[i % b->ncols])
			width[i % b->ncols] = w;
	}
	int total = 0;
	for (int c = 0; c < b->ncols; c++)
		total += width[c] + 2;
	if (b->text)
		fprintf(out, "%s\n", b->text);
	if (total <= TEXT_WIDTH + 2) {
		for (int c = 0; c < b->ncols; c++)
			fprintf(out, "%s%-*s", c ? "  " : "", c == b->ncols - 1 ? 0 : width[c], b->head[c]);
		fputc('\n', out);
		for (int c = 0; c < b->ncols; c++) {
			fputs(c ? "  " : "", out);
			for (int k = 0; k < width[c]; k++)
				fputc('-', out);
		}
		fputc('\n', out);
		for (int r = 0; r < rows; r++) {
			for (int c = 0; c < b->ncols; c++) {
				const struct rdoc_cell *cell = &b->cells[r * b->ncols + c];
				const char *e = esc[r * b->ncols + c];
				int w = qip_text_width(e);
				fputs(c ? "  " : "", out);
				int pad = width[c] - w - (cell->nseries ? cell->nseries + 1 : 0);
				if (cell->is_number)
					fprintf(out, "%*s", pad, "");
				fputs(e, out);
				if (cell->nseries) {
					fputc(' ', out);
					bars(out, cell->series, cell->nseries, cell->target);
				}
				if (!cell->is_number && c < b->ncols - 1)
					fprintf(out, "%*s", pad, "");
			}
			fputc('\n', out);
		}
	} else {
		/* One record per row: its first cell, then the others named. */
		for (int r = 0; r < rows; r++) {
			fprintf(out, "* %s\n", esc[r * b->ncols]);
			char *rest = qip_strdup("");
			for (int c = 1; c < b->ncols; c++) {
				const struct rdoc_cell *cell = &b->cells[r * b->ncols + c];
				char *sb = cell->nseries ? bars_text(cell->series, cell->nseries, cell->target) : qip_strdup("");
				char *e = qip_printf("%s%s%s", esc[r * b->ncols + c], *esc[r * b->ncols + c] && *sb ? " " : "", sb);
				free(sb);
				if (!*e) {
					free(e);
					continue;
				}
				char *n = qip_printf("%s%s%s: %s", rest, *rest ? "; " : "", b->head[c], e);
				free(e);
				free(rest);
				rest = n;
			}
			if (*rest) {
				fputs("  ", out);
				wrap(out, rest, 2, 2);
			}
			free(rest);
		}
	}
	for (int i = 0; i < b->ncells; i++)
		free(esc[i]);
	free(esc);
	free(width);
}

void rdoc_write_text(const struct rdoc *d, FILE *out)
{
	char num[QIP_NUMBER_LEN];
	underline(out, d->title, '=');
	wrap(out, d->scope, 0, 0);
	wrap(out, d->period, 0, 0);
	fputs("Produced by qip on ", out);
	wrap(out, d->generated, 19, 0);
	fprintf(out, "Record as made: %lld links, head\n  %s\n  (check with qip verify --head)\n",
		(long long)d->chain_length, d->chain_head);
	for (int i = 0; i < d->nblocks; i++) {
		const struct rdoc_block *b = &d->blocks[i];
		fputc('\n', out);
		switch (b->type) {
		case RD_SECTION:
			fputc('\n', out);
			underline(out, b->text, '=');
			break;
		case RD_HEADING:
			underline(out, b->text, '-');
			break;
		case RD_PARA:
			wrap(out, b->text, 0, 0);
			break;
		case RD_FACTS:
			for (int c = 0; c < b->ncells; c++) {
				char *label = qip_printf("%s: ", b->labels[c]);
				char *e = qip_text_escape(label);
				fputs(e, out);
				wrap(out, b->cells[c].text, qip_text_width(e), 2);
				free(e);
				free(label);
			}
			break;
		case RD_LIST:
			for (int c = 0; c < b->ncells; c++) {
				fputs("- ", out);
				wrap(out, b->cells[c].text, 2, 2);
			}
			break;
		case RD_TABLE:
			text_table(out, b);
			break;
		case RD_CHART: {
			char *e = qip_text_escape(b->text);
			fprintf(out, "%s (target %s%%): ", e, qip_number_format(b->target, num));
			free(e);
			double *v = qip_xcalloc((size_t)b->npoints + 1, sizeof *v);
			for (int p = 0; p < b->npoints; p++)
				v[p] = b->points[p].value;
			bars(out, v, b->npoints, b->target);
			free(v);
			fputc('\n', out);
			for (int p = 0; p < b->npoints; p++) {
				char *l = qip_text_escape(b->points[p].label);
				fprintf(out, "  %-18s %6s%%\n", l, qip_number_format(b->points[p].value, num));
				free(l);
			}
			break;
		}
		}
	}
}
