/* Problem lists for files people write. */
#include "qip/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "qip/text.h"

void qip_diags_init(struct qip_diags *d, const char *file)
{
	memset(d, 0, sizeof *d);
	d->file = qip_strdup(file);
}

void qip_diags_free(struct qip_diags *d)
{
	for (int i = 0; i < d->n; i++)
		free(d->v[i].msg);
	free(d->v);
	free(d->file);
	memset(d, 0, sizeof *d);
}

void qip_diag_add(struct qip_diags *d, int line, int col, const char *fmt, ...)
{
	if (d->full)
		return;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->v = qip_xrealloc(d->v, (size_t)d->cap * sizeof *d->v);
	}
	struct qip_diag *g = &d->v[d->n++];
	g->line = line;
	g->col = col;
	if (d->n == QIP_DIAG_MAX) {
		g->msg = qip_printf("too many problems (%d); stopped looking", QIP_DIAG_MAX);
		d->full = true;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	g->msg = qip_vprintf(fmt, ap);
	va_end(ap);
}

/* Problems are found in walking order (a missing key is noticed after the
 * mapping's children): print them in file order, keeping the order of
 * problems at the same place. An insertion sort is stable and the list is
 * at most QIP_DIAG_MAX long. The "too many" entry stays last. */
static int *sorted_order(const struct qip_diags *d)
{
	int *ix = qip_xmalloc((size_t)(d->n ? d->n : 1) * sizeof *ix);
	int sortable = d->full ? d->n - 1 : d->n;
	for (int i = 0; i < d->n; i++)
		ix[i] = i;
	for (int i = 1; i < sortable; i++) {
		int k = ix[i], j = i;
		const struct qip_diag *a = &d->v[k];
		while (j > 0) {
			const struct qip_diag *b = &d->v[ix[j - 1]];
			if (b->line < a->line || (b->line == a->line && b->col <= a->col))
				break;
			ix[j] = ix[j - 1];
			j--;
		}
		ix[j] = k;
	}
	return ix;
}

void qip_diags_print(const struct qip_diags *d, FILE *out)
{
	int *ix = sorted_order(d);
	char *file = qip_text_escape(d->file);
	for (int i = 0; i < d->n; i++) {
		const struct qip_diag *g = &d->v[ix[i]];
		char *msg = qip_text_escape(g->msg);
		if (g->line > 0)
			fprintf(out, "%s:%d:%d: %s\n", file, g->line, g->col, msg);
		else
			fprintf(out, "%s: %s\n", file, msg);
		free(msg);
	}
	free(file);
	free(ix);
}

char *qip_diags_summary(const struct qip_diags *d)
{
	if (d->n == 0)
		return qip_strdup("");
	int *ix = sorted_order(d);
	const struct qip_diag *g = &d->v[ix[0]];
	free(ix);
	char more[64] = "";
	if (d->n > 1)
		snprintf(more, sizeof more, " (and %d more problem%s)", d->n - 1,
			 d->n == 2 ? "" : "s");
	if (g->line > 0)
		return qip_printf("%s:%d:%d: %s%s", d->file, g->line, g->col, g->msg, more);
	return qip_printf("%s: %s%s", d->file, g->msg, more);
}
