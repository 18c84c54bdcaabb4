/* A report as a document: headings, paragraphs, facts, tables, charts and
 * lists, built once from the core's queries (report.c, report_minutes.c)
 * and written by one of four writers (report_write.c): HTML, Markdown,
 * plain text, JSON. The builders never format for a medium and the
 * writers never query: every figure is decided before it is written.
 * Private to the core. */
#ifndef QIP_REPORT_DOC_H
#define QIP_REPORT_DOC_H

#include <stdbool.h>
#include <stdio.h>

enum rdoc_type {
	RD_SECTION,   /* a theme or a service: a new page in print */
	RD_HEADING,   /* a heading inside a section */
	RD_PARA,
	RD_FACTS,     /* label: value lines */
	RD_TABLE,
	RD_CHART,     /* audit scores over time against the target line */
	RD_LIST,      /* bullet points */
};

/* A table cell: its text, and for a figure the number itself (JSON gives
 * numbers as numbers); a series draws as a sparkline in HTML. */
struct rdoc_cell {
	char *text;
	bool is_number;
	double number;
	double *series;
	int nseries;
	double target;
};

struct rdoc_point {
	char date[11];   /* ISO, for JSON */
	char *label;     /* "21 November 2026" */
	double value;
};

struct rdoc_block {
	int type;
	char *id;        /* a stable name for JSON readers ("counts"), or NULL */
	char *text;      /* heading, paragraph, section title, chart title, or table caption */
	/* facts: labels[i]: cells[i]; list: cells[i]; table: head[c], cells[r * ncols + c] */
	char **head;
	int ncols;
	struct rdoc_cell *cells;
	int ncells;
	char **labels;
	/* chart */
	struct rdoc_point *points;
	int npoints;
	double target;
};

struct rdoc {
	char *kind;        /* "pack", "commissioner", "board", "minutes" */
	char *title;       /* "Evidence pack for re-inspection" */
	char *scope;       /* "Oakfield House" or "The whole provider" */
	char *period;      /* "1 June 2026 to 21 November 2026" */
	char *generated;   /* "21 November 2026" */
	/* The chain's head and length as the report was made (qip/chain.h):
	 * printed so that a paper copy can later prove the record unchanged
	 * with qip verify --head. */
	char chain_head[65];
	int64_t chain_length;
	char from[11], to[11];   /* ISO, "" when open */
	struct rdoc_block *blocks;
	int nblocks;
};

void rdoc_init(struct rdoc *d, const char *kind, const char *title);
void rdoc_free(struct rdoc *d);
/* Drops the blocks from the n-th on: a heading whose content came to nothing. */
void rdoc_truncate(struct rdoc *d, int n);

void rdoc_section(struct rdoc *d, const char *id, const char *title);
void rdoc_heading(struct rdoc *d, const char *text);
void rdoc_para(struct rdoc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Facts: a block, then one line at a time. */
struct rdoc_block *rdoc_facts(struct rdoc *d, const char *id);
void rdoc_fact(struct rdoc_block *b, const char *label, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void rdoc_fact_number(struct rdoc_block *b, const char *label, double v);
/* Lists. */
struct rdoc_block *rdoc_list(struct rdoc *d, const char *id);
void rdoc_item(struct rdoc_block *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Tables: the columns (NULL-terminated), then cells row by row. */
struct rdoc_block *rdoc_table(struct rdoc *d, const char *id, const char *caption, const char *const *head);
void rdoc_cell(struct rdoc_block *t, const char *text);
void rdoc_cell_number(struct rdoc_block *t, double v);
void rdoc_cell_series(struct rdoc_block *t, const char *text, const double *v, int n, double target);
int rdoc_rows(const struct rdoc_block *t);
/* Charts. */
struct rdoc_block *rdoc_chart(struct rdoc *d, const char *id, const char *title, double target);
void rdoc_point(struct rdoc_block *c, const char *iso, const char *label, double v);

/* The writers. */
void rdoc_write_html(const struct rdoc *d, FILE *out);
void rdoc_write_md(const struct rdoc *d, FILE *out);
void rdoc_write_text(const struct rdoc *d, FILE *out);
void rdoc_write_json(const struct rdoc *d, FILE *out);

#endif
