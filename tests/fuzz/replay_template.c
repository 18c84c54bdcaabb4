/* Replays the fuzz corpus through the fuzz entry point on every build, with
 * or without clang, under meson test (TAP). A file named valid-* must load,
 * bad-* must be refused; any other file (inputs the fuzzer found) must
 * only not crash, hang or leak. Usage: replay_template DIR... */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Built twice: for templates, and with QIP_FUZZ_PLAN for qip import plan
 * (valid-* must import, bad-* must be refused, as a dry run). */
#ifdef QIP_FUZZ_PLAN
#include "fuzz_plan.h"
#define FUZZ_ENTRY qip_fuzz_plan
#else
#include "fuzz_template.h"
#define FUZZ_ENTRY qip_fuzz_template
#endif

static int n, failed;

static void replay_file(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("not ok %d - %s: cannot open\n", ++n, name);
		failed++;
		return;
	}
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	if (!buf)
		abort();
	clock_t start = clock();
	int rc = FUZZ_ENTRY((const uint8_t *)buf, len);
	double secs = (double)(clock() - start) / CLOCKS_PER_SEC;
	free(buf);
	const char *why = NULL;
	if (!strncmp(name, "valid-", 6) && rc != 0)
		why = "refused, but it is valid";
	else if (!strncmp(name, "bad-", 4) && rc == 0)
		why = "accepted, but it is broken";
	else if (secs > 1.0)
		why = "took more than a second";
	if (why) {
		printf("not ok %d - %s: %s\n", ++n, name, why);
		failed++;
	} else {
		printf("ok %d - %s\n", ++n, name);
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);
		if (!d) {
			printf("not ok %d - cannot open %s\n", ++n, argv[i]);
			failed++;
			continue;
		}
		char **names = NULL;
		size_t count = 0;
		struct dirent *e;
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			names = realloc(names, (count + 1) * sizeof *names);
			names[count++] = strdup(e->d_name);
		}
		closedir(d);
		qsort(names, count, sizeof *names, by_name);
		for (size_t k = 0; k < count; k++) {
			replay_file(argv[i], names[k]);
			free(names[k]);
		}
		free(names);
	}
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
