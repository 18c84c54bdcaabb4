/* The report document (report_doc.h): building it, freeing it, and its
 * JSON form, which tests read to check a report's figures. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qip/text.h"
#include "report_doc.h"

void rdoc_init(struct rdoc *d, const char *kind, const char *title)
{
	memset(d, 0, sizeof *d);
	d->kind = qip_strdup(kind);
	d->title = qip_strdup(title);
}

static void cell_free(struct rdoc_cell *c)
{
	free(c->text);
	free(c->series);
}

static void block_free(struct rdoc_block *b)
{
	free(b->id);
	free(b->text);
	for (int c = 0; c < b->ncols; c++)
		free(b->head[c]);
	free(b->head);
	for (int c = 0; c < b->ncells; c++) {
		cell_free(&b->cells[c]);
		if (b->labels)
			free(b->labels[c]);
	}
	free(b->cells);
	free(b->labels);
	for (int p = 0; p < b->npoints; p++)
		free(b->points[p].label);
	free(b->points);
}

void rdoc_truncate(struct rdoc *d, int n)
{
	while (d->nblocks > n)
		block_free(&d->blocks[--d->nblocks]);
}

void rdoc_free(struct rdoc *d)
{
	rdoc_truncate(d, 0);
	free(d->blocks);
	free(d->kind);
	free(d->title);
	free(d->scope);
	free(d->period);
	free(d->generated);
	memset(d, 0, sizeof *d);
}

static struct rdoc_block *add(struct rdoc *d, int type, const char *id, const char *text)
{
	d->blocks = qip_xrealloc(d->blocks, (size_t)(d->nblocks + 1) * sizeof *d->blocks);
	struct rdoc_block *b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof *b);
	b->type = type;
	b->id = id ? qip_strdup(id) : NULL;
	b->text = text ? qip_strdup(text) : NULL;
	return b;
}

void rdoc_section(struct rdoc *d, const char *id, const char *title)
{
	add(d, RD_SECTION, id, title);
}

void rdoc_heading(struct rdoc *d, const char *text)
{
	add(d, RD_HEADING, NULL, text);
}

void rdoc_para(struct rdoc *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = qip_vprintf(fmt, ap);
	va_end(ap);
	add(d, RD_PARA, NULL, s);
	free(s);
}

static struct rdoc_cell *new_cell(struct rdoc_block *b)
{
	b->cells = qip_xrealloc(b->cells, (size_t)(b->ncells + 1) * sizeof *b->cells);
	if (b->type == RD_FACTS) {
		b->labels = qip_xrealloc(b->labels, (size_t)(b->ncells + 1) * sizeof *b->labels);
		b->labels[b->ncells] = NULL;
	}
	struct rdoc_cell *c = &b->cells[b->ncells++];
	memset(c, 0, sizeof *c);
	return c;
}

struct rdoc_block *rdoc_facts(struct rdoc *d, const char *id)
{
	return add(d, RD_FACTS, id, NULL);
}

void rdoc_fact(struct rdoc_block *b, const char *label, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct rdoc_cell *c = new_cell(b);
	c->text = qip_vprintf(fmt, ap);
	va_end(ap);
	b->labels[b->ncells - 1] = qip_strdup(label);
}

void rdoc_fact_number(struct rdoc_block *b, const char *label, double v)
{
	char num[QIP_NUMBER_LEN];
	struct rdoc_cell *c = new_cell(b);
	c->text = qip_strdup(qip_number_format(v, num));
	c->is_number = true;
	c->number = v;
	b->labels[b->ncells - 1] = qip_strdup(label);
}

struct rdoc_block *rdoc_list(struct rdoc *d, const char *id)
{
	return add(d, RD_LIST, id, NULL);
}

void rdoc_item(struct rdoc_block *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	new_cell(b)->text = qip_vprintf(fmt, ap);
	va_end(ap);
}

struct rdoc_block *rdoc_table(struct rdoc *d, const char *id, const char *caption, const char *const *head)
{
	struct rdoc_block *b = add(d, RD_TABLE, id, caption);
	while (head[b->ncols])
		b->ncols++;
	b->head = qip_xcalloc((size_t)b->ncols, sizeof *b->head);
	for (int c = 0; c < b->ncols; c++)
		b->head[c] = qip_strdup(head[c]);
	return b;
}

void rdoc_cell(struct rdoc_block *t, const char *text)
{
	new_cell(t)->text = qip_strdup(text ? text : "");
}

/* People read a figure to one decimal place (97.4); JSON keeps it exact. */
static char *figure_text(double v)
{
	char num[QIP_NUMBER_LEN];
	return qip_strdup(qip_number_format(round(v * 10) / 10, num));
}

void rdoc_cell_number(struct rdoc_block *t, double v)
{
	struct rdoc_cell *c = new_cell(t);
	c->text = figure_text(v);
	c->is_number = true;
	c->number = v;
}

void rdoc_cell_series(struct rdoc_block *t, const char *text, const double *v, int n, double target)
{
	struct rdoc_cell *c = new_cell(t);
	c->text = qip_strdup(text ? text : "");
	c->target = target;
	if (n > 0) {
		c->series = qip_xcalloc((size_t)n, sizeof *c->series);
		memcpy(c->series, v, (size_t)n * sizeof *v);
		c->nseries = n;
	}
}

int rdoc_rows(const struct rdoc_block *t)
{
	return t->ncols ? t->ncells / t->ncols : 0;
}

struct rdoc_block *rdoc_chart(struct rdoc *d, const char *id, const char *title, double target)
{
	struct rdoc_block *b = add(d, RD_CHART, id, title);
	b->target = target;
	return b;
}

void rdoc_point(struct rdoc_block *c, const char *iso, const char *label, double v)
{
	c->points = qip_xrealloc(c->points, (size_t)(c->npoints + 1) * sizeof *c->points);
	struct rdoc_point *p = &c->points[c->npoints++];
	snprintf(p->date, sizeof p->date, "%s", iso);
	p->label = qip_strdup(label);
	p->value = v;
}

/* ---- JSON ---- */

/* A JSON string. Text from the database is valid UTF-8 when stored, but
 * is not trusted: a byte that is not becomes U+FFFD, and every control
 * character, C1 and bidi control included, is written as \uXXXX. */
static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		uint32_t cp;
		int len = qip_utf8_decode(p, &cp);
		if (len == 0) {
			fputs("\\ufffd", out);
			p++;
			continue;
		}
		if (cp == '"' || cp == '\\')
			fprintf(out, "\\%c", (char)cp);
		else if (cp == '\n')
			fputs("\\n", out);
		else if (cp == '\t')
			fputs("\\t", out);
		else if (cp < 0x20 || cp == 0x7f || (cp <= 0xffff && qip_text_is_hidden_control(cp)))
			fprintf(out, "\\u%04x", (unsigned)cp);
		else
			fwrite(p, 1, (size_t)len, out);
		p += len;
	}
	fputc('"', out);
}

static void json_cell(FILE *out, const struct rdoc_cell *c)
{
	char num[QIP_NUMBER_LEN];
	if (c->is_number)
		fputs(qip_number_format(c->number, num), out);
	else
		json_str(out, c->text);
}

/* The key a column or fact goes by in JSON: its heading as a slug. */
static void json_key(FILE *out, const char *heading)
{
	char *slug = qip_text_slug(heading);
	json_str(out, slug);
	free(slug);
}

static void json_block(FILE *out, const struct rdoc_block *b)
{
	static const char *const types[] = { "section", "heading", "paragraph", "facts", "table", "chart", "list" };
	char num[QIP_NUMBER_LEN];
	fputs("{\"type\": ", out);
	json_str(out, types[b->type]);
	if (b->id) {
		fputs(", \"id\": ", out);
		json_str(out, b->id);
	}
	if (b->text) {
		fputs(", \"text\": ", out);
		json_str(out, b->text);
	}
	switch (b->type) {
	case RD_FACTS:
		fputs(", \"facts\": {", out);
		for (int i = 0; i < b->ncells; i++) {
			fputs(i ? ", " : "", out);
			json_key(out, b->labels[i]);
			fputs(": ", out);
			json_cell(out, &b->cells[i]);
		}
		fputc('}', out);
		break;
	case RD_LIST:
		fputs(", \"items\": [", out);
		for (int i = 0; i < b->ncells; i++) {
			fputs(i ? ", " : "", out);
			json_str(out, b->cells[i].text);
		}
		fputc(']', out);
		break;
	case RD_TABLE:
		fputs(", \"columns\": [", out);
		for (int c = 0; c < b->ncols; c++) {
			fputs(c ? ", " : "", out);
			json_key(out, b->head[c]);
		}
		fputs("], \"rows\": [", out);
		for (int r = 0; r < rdoc_rows(b); r++) {
			fputs(r ? ",\n  {" : "\n  {", out);
			for (int c = 0; c < b->ncols; c++) {
				const struct rdoc_cell *cell = &b->cells[r * b->ncols + c];
				fputs(c ? ", " : "", out);
				json_key(out, b->head[c]);
				fputs(": ", out);
				json_cell(out, cell);
				if (cell->series) {
					fputs(", ", out);
					char *key = qip_text_slug(b->head[c]);
					char *k = qip_printf("%s-series", key);
					json_str(out, k);
					free(k);
					free(key);
					fputs(": [", out);
					for (int i = 0; i < cell->nseries; i++)
						fprintf(out, "%s%s", i ? ", " : "", qip_number_format(cell->series[i], num));
					fputc(']', out);
				}
			}
			fputc('}', out);
		}
		fputc(']', out);
		break;
	case RD_CHART:
		fprintf(out, ", \"target\": %s, \"points\": [", qip_number_format(b->target, num));
		for (int i = 0; i < b->npoints; i++) {
			fputs(i ? ", " : "", out);
			fputs("{\"date\": ", out);
			json_str(out, b->points[i].date);
			fprintf(out, ", \"score\": %s}", qip_number_format(b->points[i].value, num));
		}
		fputc(']', out);
		break;
	default:
		break;
	}
	fputc('}', out);
}

/* Sections hold the blocks after them up to the next section; blocks
 * before the first section belong to the report itself. */
void rdoc_write_json(const struct rdoc *d, FILE *out)
{
	const struct { const char *key, *value; } head[] = {
		{ "report", d->kind }, { "title", d->title }, { "scope", d->scope }, { "from", d->from },
		{ "to", d->to }, { "generated", d->generated }, { "chain-head", d->chain_head },
	};
	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++) {
		fprintf(out, "%s\"%s\": ", i ? ", " : "{", head[i].key);
		json_str(out, head[i].value);
	}
	fprintf(out, ", \"chain-length\": %lld", (long long)d->chain_length);
	fputs(",\n\"blocks\": [", out);
	int i = 0, n = 0;
	for (; i < d->nblocks && d->blocks[i].type != RD_SECTION; i++, n++) {
		fputs(n ? ",\n" : "\n", out);
		json_block(out, &d->blocks[i]);
	}
	fputs("],\n\"sections\": [", out);
	int s = 0;
	while (i < d->nblocks) {
		fputs(s++ ? ",\n" : "\n", out);
		fputs("{\"id\": ", out);
		json_str(out, d->blocks[i].id);
		fputs(", \"title\": ", out);
		json_str(out, d->blocks[i].text);
		fputs(", \"blocks\": [", out);
		n = 0;
		for (i++; i < d->nblocks && d->blocks[i].type != RD_SECTION; i++, n++) {
			fputs(n ? ",\n" : "\n", out);
			json_block(out, &d->blocks[i]);
		}
		fputs("]}", out);
	}
	fputs("]}\n", out);
}
