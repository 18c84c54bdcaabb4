/* libFuzzer target for the template and framework loaders.
 *
 * Build (clang): meson builds `fuzz_template` when -fsanitize=fuzzer links.
 * For coverage inside the library too, configure a separate build:
 *   CC=clang meson setup build-fuzz -Dc_args=-fsanitize=fuzzer-no-link \
 *       -Db_sanitize=address,undefined -Db_lundef=false
 *   meson compile -C build-fuzz tests/fuzz_template
 *   build-fuzz/tests/fuzz_template -max_total_time=60 tests/fuzz/corpus/template
 * New inputs that find a bug go into tests/fuzz/corpus/template/ so the
 * replay test (replay_template.c) runs them on every build. */
#include "fuzz_template.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "qip/framework.h"
#include "qip/template.h"
#include "qip_config.h"

static struct qip_frameworks fws;
static int fws_loaded;

/* Answers every question of every sample, so that scoring runs on
 * whatever the loader accepted, and checks what must always hold. */
static void score_everything(const struct qip_template *t)
{
	size_t n = 0, cap = (size_t)t->sample_size * (size_t)t->nquestions;
	struct qip_answer *a = calloc(cap ? cap : 1, sizeof *a);
	if (!a)
		abort();
	for (int q = 0; q < t->nquestions; q++) {
		const struct qip_question *qq = &t->questions[q];
		for (int s = 0; s < qip_question_samples(t, qq); s++) {
			struct qip_answer *x = &a[n++];
			x->sample = s;
			x->question = q;
			switch (qq->type) {
			case QIP_Q_YES_NO: x->reply = s % 2 ? QIP_REPLY_NO : QIP_REPLY_YES; break;
			case QIP_Q_YES_NO_NA: x->reply = QIP_REPLY_NA; break;
			case QIP_Q_NUMBER: x->reply = QIP_REPLY_NUMBER; x->number = qq->has_min ? qq->min : 0; break;
			case QIP_Q_CHOICE: x->reply = QIP_REPLY_CHOICE; x->choice = s % qq->nchoices; break;
			case QIP_Q_TEXT: x->reply = QIP_REPLY_TEXT; break;
			}
		}
	}
	struct qip_score sc;
	char err[256];
	if (qip_template_score(t, a, n, &sc, err, sizeof err) != 0) {
		fprintf(stderr, "a valid template refused its own answers: %s\n", err);
		abort();
	}
	if (!isfinite(sc.percent) || sc.percent < 0 || sc.percent > 100 + 1e-9 || sc.unanswered != 0)
		abort();
	free(a);
}

int qip_fuzz_template(const uint8_t *data, size_t size)
{
	if (!fws_loaded) {
		/* Statement ids are checked against the bundled framework; kept for
		 * the life of the process. */
		char err[600];
		const char *dir = getenv("QIP_DATA_DIR");
		if (qip_frameworks_load_dir(dir && *dir ? dir : QIP_DATADIR_SOURCE, &fws, err, sizeof err))
			fws.n = 0;
		fws_loaded = 1;
	}
	struct qip_diags d;
	qip_diags_init(&d, "fuzz");
	struct qip_template *t;
	int rc = qip_template_parse((const char *)data, size, fws.n ? &fws : NULL, &t, &d);
	if (rc == 0) {
		if (d.n != 0 || !t)
			abort();
		score_everything(t);
		qip_template_free(t);
	} else if (d.n == 0) {
		abort();   /* every refusal says why */
	}
	char *sum = qip_diags_summary(&d);
	free(sum);
	qip_diags_free(&d);

	qip_diags_init(&d, "fuzz");
	struct qip_framework *fw;
	if (qip_framework_parse((const char *)data, size, &fw, &d) == 0)
		qip_framework_free(fw);
	qip_diags_free(&d);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	qip_fuzz_template(data, size);
	return 0;
}
