/* A defensive YAML reader on libyaml's event API. See ydoc.h for why. */
#include "ydoc.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "qip/privilege.h"
#include "qip/text.h"

static bool read_file(const char *path, bool users_rights, char **buf, size_t *len, struct qip_diags *d)
{
	*buf = NULL;
	*len = 0;
	/* O_NONBLOCK so that opening a FIFO cannot hang; cleared below. */
	int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	int fd = users_rights ? qip_user_file_open(path, flags, 0) : open(path, flags);
	if (fd < 0) {
		qip_diag_add(d, 0, 0, "cannot open the file: %s", strerror(errno));
		return false;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0 || S_ISDIR(sb.st_mode)) {
		qip_diag_add(d, 0, 0, "%s", S_ISDIR(sb.st_mode) ? "is a directory, not a file"
								 : strerror(errno));
		close(fd);
		return false;
	}
	if (S_ISREG(sb.st_mode) && sb.st_size > YDOC_MAX_BYTES) {
		qip_diag_add(d, 0, 0, "the file is too large (%.1f MiB); the limit is %d MiB",
			     (double)sb.st_size / (1024.0 * 1024.0), YDOC_MAX_BYTES / (1024 * 1024));
		close(fd);
		return false;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	/* Read at most one byte past the limit: a pipe or a device has no size
	 * to check first, and a file may grow while we read. */
	size_t cap = S_ISREG(sb.st_mode) ? (size_t)sb.st_size + 1 : 64 * 1024;
	char *p = qip_xmalloc(cap + 1);
	size_t got = 0;
	for (;;) {
		if (got == cap) {
			if (cap > YDOC_MAX_BYTES)
				break;
			cap = cap * 2 > YDOC_MAX_BYTES + 1 ? YDOC_MAX_BYTES + 1 : cap * 2;
			p = qip_xrealloc(p, cap + 1);
		}
		ssize_t r = read(fd, p + got, cap - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			qip_diag_add(d, 0, 0, "cannot read the file: %s", strerror(errno));
			free(p);
			close(fd);
			return false;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got > YDOC_MAX_BYTES) {
		qip_diag_add(d, 0, 0, "the file is too large (more than %d MiB)",
			     YDOC_MAX_BYTES / (1024 * 1024));
		free(p);
		return false;
	}
	p[got] = '\0';
	*buf = p;
	*len = got;
	return true;
}

void ynode_free(struct ynode *n)
{
	if (!n)
		return;
	for (int i = 0; i < n->n; i++)
		ynode_free(n->kids[i]);   /* depth is capped, so recursion is bounded */
	free(n->kids);
	free(n->s);
	free(n);
}

static const char *kind_name(const struct ynode *n)
{
	return n->kind == YN_SCALAR ? "text" : n->kind == YN_SEQ ? "a list" : "a mapping";
}

static bool is_null(const struct ynode *v)
{
	return v->kind == YN_SCALAR && v->plain &&
	       (!v->s[0] || !strcmp(v->s, "~") || !strcmp(v->s, "null") ||
		!strcmp(v->s, "Null") || !strcmp(v->s, "NULL"));
}

/* Reader errors (bad UTF-8, control characters) carry a byte offset, not a
 * mark: turn it into a line and a column counted in characters, like
 * libyaml's own marks. */
static void offset_pos(const char *buf, size_t len, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c == '\n' || (c == '\r' && (i + 1 >= len || buf[i + 1] != '\n'))) {
			(*line)++;
			*col = 1;
		} else if ((c & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

static void syntax_error(const yaml_parser_t *p, const char *buf, size_t len,
			 struct qip_diags *d)
{
	const char *problem = p->problem ? p->problem : "unknown problem";
	if (p->error == YAML_MEMORY_ERROR) {
		qip_diag_add(d, 0, 0, "out of memory while reading the file");
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		int line, col;
		offset_pos(buf, len, p->problem_offset, &line, &col);
		int v = p->problem_value;
		if (strstr(problem, "control characters") && v == 0)
			qip_diag_add(d, line, col, "a NUL byte is not allowed in the file");
		else if (strstr(problem, "control characters"))
			qip_diag_add(d, line, col, "control character U+%04X is not allowed in the file", v);
		else if (strstr(problem, "octet") && v >= 0)
			qip_diag_add(d, line, col, "the file is not valid UTF-8 text (%s 0x%02X): save it as UTF-8",
				     problem, v);
		else
			qip_diag_add(d, line, col, "the file is not valid UTF-8 text (%s): save it as UTF-8",
				     problem);
		return;
	}
	int line = (int)p->problem_mark.line + 1, col = (int)p->problem_mark.column + 1;
	if (p->context)
		qip_diag_add(d, line, col, "YAML syntax error: %s %s (at %d:%d)", problem, p->context,
			     (int)p->context_mark.line + 1, (int)p->context_mark.column + 1);
	else
		qip_diag_add(d, line, col, "YAML syntax error: %s", problem);
}

struct builder {
	struct qip_diags *d;
	struct ynode *root;
	struct ynode *stack[YDOC_MAX_DEPTH];
	int depth;
	int nodes;
	int docs;
};

static struct ynode *node_new(enum ynode_kind kind, yaml_mark_t m)
{
	struct ynode *n = qip_xcalloc(1, sizeof *n);
	n->kind = kind;
	n->line = (int)m.line + 1;
	n->col = (int)m.column + 1;
	return n;
}

/* A value shown in a message: at most 40 bytes, cut on a character, so
 * that a 1 MB name or key cannot make a 1 MB line. */
static void shown(const char *s, char out[48])
{
	size_t n = strlen(s);
	if (n <= 40) {
		memcpy(out, s, n + 1);
		return;
	}
	n = 40;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(out, s, n);
	memcpy(out + n, "...", 4);
}

/* Anchors, aliases and tags have no use in these files and anchors plus
 * aliases are how YAML "bombs" blow up: refuse them. */
static void check_props(struct builder *b, struct ynode *n, const yaml_char_t *anchor,
			const yaml_char_t *tag)
{
	char s[48];
	if (anchor) {
		shown((const char *)anchor, s);
		qip_diag_add(b->d, n->line, n->col, "anchors (&%s) are not allowed: write the value out in full", s);
		n->bad = true;
	}
	if (tag) {
		shown((const char *)tag, s);
		qip_diag_add(b->d, n->line, n->col, "YAML tags (%s) are not allowed", s);
		n->bad = true;
	}
}

/* Double-quoted YAML can carry any character through escapes ("\0", "\e",
 * "\u202E"): values must be text a terminal shows as it is. Tabs and line
 * breaks are allowed here; single-line fields refuse them in ystr(). */
static void check_text(struct builder *b, struct ynode *n, size_t len)
{
	if (strlen(n->s) != len) {
		qip_diag_add(b->d, n->line, n->col, "a NUL character (\\0) is not allowed in a value");
		n->bad = true;
		return;
	}
	const unsigned char *u = (const unsigned char *)n->s;
	while (*u) {
		uint32_t cp;
		int step = qip_utf8_decode(u, &cp);
		if (step == 0) {   /* libyaml only hands out UTF-8; be sure anyway */
			qip_diag_add(b->d, n->line, n->col, "a value is not valid UTF-8 text");
			n->bad = true;
			return;
		}
		if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7F || qip_text_is_hidden_control(cp)) {
			qip_diag_add(b->d, n->line, n->col,
				     "%s U+%04X%s is not allowed in a value",
				     cp < 0x80 || (cp >= 0x80 && cp < 0xA0) ? "control character" : "invisible character",
				     (unsigned)cp, cp == 0x1B ? " (escape)" : "");
			n->bad = true;
			return;
		}
		u += step;
	}
}

static void add_kid(struct ynode *parent, struct ynode *kid)
{
	if (parent->n == parent->cap) {
		parent->cap = parent->cap ? parent->cap * 2 : 4;
		parent->kids = qip_xrealloc(parent->kids, (size_t)parent->cap * sizeof *parent->kids);
	}
	parent->kids[parent->n++] = kid;
}

/* Hangs a new node under the open container (or makes it the root).
 * Returns false, having freed n, when a limit stops the parse. */
static bool attach(struct builder *b, struct ynode *n)
{
	if (++b->nodes > YDOC_MAX_NODES) {
		qip_diag_add(b->d, n->line, n->col, "the file holds more than %d values", YDOC_MAX_NODES);
		ynode_free(n);
		return false;
	}
	if (b->depth == 0) {
		b->root = n;
		return true;
	}
	struct ynode *top = b->stack[b->depth - 1];
	if (top->kind == YN_MAP && top->n % 2 == 0) {
		/* n is a key. Checking duplicates is quadratic in the keys of one
		 * mapping, so their number is capped. */
		if (top->n / 2 >= YDOC_MAX_KEYS) {
			qip_diag_add(b->d, n->line, n->col, "more than %d keys in one mapping", YDOC_MAX_KEYS);
			ynode_free(n);
			return false;
		}
		if (n->kind != YN_SCALAR) {
			qip_diag_add(b->d, n->line, n->col, "a key must be a plain word, not %s", kind_name(n));
			n->bad = true;
		}
		for (int i = 0; !n->bad && i < top->n; i += 2) {
			const struct ynode *k = top->kids[i];
			if (!k->bad && !strcmp(k->s, n->s)) {
				char s[48];
				shown(n->s, s);
				qip_diag_add(b->d, n->line, n->col, "duplicate key '%s' (first at %d:%d)",
					     s, k->line, k->col);
				n->bad = true;
			}
		}
	}
	add_kid(top, n);
	return true;
}

/* Handles one event. Returns false when the parse must stop. */
static bool on_event(struct builder *b, const yaml_event_t *ev, bool *done)
{
	struct ynode *n;
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		*done = true;
		return true;
	case YAML_DOCUMENT_START_EVENT:
		if (++b->docs > 1) {
			qip_diag_add(b->d, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
				     "only one YAML document is allowed in a file (found a second '---')");
			return false;
		}
		return true;
	case YAML_ALIAS_EVENT: {
		char s[48];
		n = node_new(YN_SCALAR, ev->start_mark);
		n->s = qip_strdup("");
		shown((const char *)ev->data.alias.anchor, s);
		qip_diag_add(b->d, n->line, n->col, "aliases (*%s) are not allowed: write the value out in full", s);
		n->bad = true;
		return attach(b, n);
	}
	case YAML_SCALAR_EVENT: {
		n = node_new(YN_SCALAR, ev->start_mark);
		size_t len = ev->data.scalar.length;
		n->s = qip_xmalloc(len + 1);
		memcpy(n->s, ev->data.scalar.value, len);
		n->s[len] = '\0';
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		check_props(b, n, ev->data.scalar.anchor, ev->data.scalar.tag);
		check_text(b, n, len);
		/* Block scalars (| and >) end with a line break: not part of the value. */
		if (ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
		    ev->data.scalar.style == YAML_FOLDED_SCALAR_STYLE) {
			size_t l = strlen(n->s);
			while (l > 0 && n->s[l - 1] == '\n')
				n->s[--l] = '\0';
		}
		return attach(b, n);
	}
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
		if (b->depth >= YDOC_MAX_DEPTH) {
			qip_diag_add(b->d, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
				     "nested more than %d levels deep", YDOC_MAX_DEPTH);
			return false;
		}
		n = node_new(seq ? YN_SEQ : YN_MAP, ev->start_mark);
		n->s = qip_strdup("");
		if (seq)
			check_props(b, n, ev->data.sequence_start.anchor, ev->data.sequence_start.tag);
		else
			check_props(b, n, ev->data.mapping_start.anchor, ev->data.mapping_start.tag);
		if (!attach(b, n))
			return false;
		b->stack[b->depth++] = n;
		return true;
	}
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (b->depth > 0)
			b->depth--;
		return true;
	default:
		return true;
	}
}

struct ynode *ydoc_parse(const char *buf, size_t len, struct qip_diags *d)
{
	if (len > YDOC_MAX_BYTES) {   /* text that did not come through ydoc_read_file */
		qip_diag_add(d, 0, 0, "the text is too large (more than %d MiB)",
			     YDOC_MAX_BYTES / (1024 * 1024));
		return NULL;
	}
	/* A UTF-8 byte order mark is not part of the text. libyaml would skip
	 * it but count it as a column, so every position on line 1 would be one
	 * off (and a top-level mapping would look indented); positions count
	 * from after it. */
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
		buf += 3;
		len -= 3;
	}
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		qip_diag_add(d, 0, 0, "out of memory while reading the file");
		return NULL;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	/* Only UTF-8: a UTF-16 file would be decoded, and then byte offsets
	 * (used for positions) would no longer match characters. */
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	struct builder b = { .d = d };
	bool ok = true, done = false;
	while (ok && !done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			syntax_error(&p, buf, len, d);
			ok = false;
			break;
		}
		ok = on_event(&b, &ev, &done);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	if (!ok) {
		/* A half-built tree would only add misleading "missing key" reports. */
		ynode_free(b.root);
		return NULL;
	}
	if (!b.root || is_null(b.root)) {
		qip_diag_add(d, 1, 1, "the file is empty");
		ynode_free(b.root);
		return NULL;
	}
	return b.root;
}

/* Checks */

bool yis_slug(const char *s)
{
	if (!*s || *s == '-')
		return false;
	for (const char *p = s; *p; p++) {
		bool ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
			  (*p == '-' && p[1] != '-' && p[1] != '\0');
		if (!ok)
			return false;
	}
	return true;
}

const char *ysuggest(const char *word, const char *const *names, int n)
{
	const char *best = NULL;
	int best_d = 3;   /* only near misses: a typo, not another word */
	int limit = (int)strlen(word) / 2 + 1;
	for (int i = 0; i < n; i++) {
		int dist = qip_text_distance(word, names[i]);
		if (dist < best_d && dist < limit) {
			best_d = dist;
			best = names[i];
		}
	}
	return best;
}

char *yjoin(const char *const *names, int n)
{
	size_t len = 1;
	for (int i = 0; i < n; i++)
		len += strlen(names[i]) + 4;
	char *out = qip_xmalloc(len);
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		strcat(out, i == 0 ? "" : i == n - 1 ? " or " : ", ");
		strcat(out, names[i]);
	}
	return out;
}

bool ymap_get(const struct ynode *m, const char *what, const struct yfield *f,
	      int nf, const struct ynode **vals, const struct ynode **keys,
	      struct qip_diags *d)
{
	const char *names[32];
	if (nf > 32)
		nf = 32;
	for (int i = 0; i < nf; i++) {
		vals[i] = NULL;
		if (keys)
			keys[i] = NULL;
		names[i] = f[i].key;
	}
	if (m->bad)
		return false;
	if (m->kind != YN_MAP) {
		qip_diag_add(d, m->line, m->col, "%s must be a mapping of 'key: value' lines, not %s",
			     what, kind_name(m));
		return false;
	}
	bool seen[32] = { false };
	for (int i = 0; i + 1 < m->n; i += 2) {
		const struct ynode *k = m->kids[i], *v = m->kids[i + 1];
		if (k->bad)
			continue;
		int j = 0;
		while (j < nf && strcmp(f[j].key, k->s) != 0)
			j++;
		if (j == nf) {
			const char *s = ysuggest(k->s, names, nf);
			char key[48];
			shown(k->s, key);
			if (s)
				qip_diag_add(d, k->line, k->col, "unknown key '%s' in %s (did you mean '%s'?)",
					     key, what, s);
			else
				qip_diag_add(d, k->line, k->col, "unknown key '%s' in %s", key, what);
			continue;
		}
		seen[j] = true;
		vals[j] = is_null(v) && !f[j].required ? NULL : v;
		if (keys)
			keys[j] = k;
	}
	for (int j = 0; j < nf; j++)
		if (f[j].required && !seen[j])
			qip_diag_add(d, m->line, m->col, "missing required key '%s' in %s", f[j].key, what);
	return true;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

const char *ystr(const struct ynode *v, const char *key, bool multiline, size_t maxlen,
		 struct qip_diags *d)
{
	if (v->bad)
		return NULL;
	if (v->kind != YN_SCALAR) {
		qip_diag_add(d, v->line, v->col, "'%s' must be text, not %s", key, kind_name(v));
		return NULL;
	}
	if (is_null(v)) {
		qip_diag_add(d, v->line, v->col, "'%s' has no value", key);
		return NULL;
	}
	if (!multiline && strpbrk(v->s, "\n\t")) {
		qip_diag_add(d, v->line, v->col, "'%s' must be one line (no line breaks or tabs)", key);
		return NULL;
	}
	size_t n = utf8_chars(v->s);
	if (n > maxlen) {
		qip_diag_add(d, v->line, v->col, "'%s' is too long (%zu characters; at most %zu)",
			     key, n, maxlen);
		return NULL;
	}
	return v->s;
}

const char *yslug(const struct ynode *v, const char *key, struct qip_diags *d)
{
	const char *s = ystr(v, key, false, 64, d);
	if (s && !yis_slug(s)) {
		qip_diag_add(d, v->line, v->col,
			     "'%s' must be lowercase letters, digits and single hyphens (like 'fire-safety'), not '%s'",
			     key, s);
		return NULL;
	}
	return s;
}

/* Numbers must be written plainly: "3" in quotes is text, and hex, inf or
 * nan are not numbers a person means in a template. */
static bool plain_number(const struct ynode *v, bool whole)
{
	if (v->kind != YN_SCALAR || !v->plain || !v->s[0])
		return false;
	bool digit = false;
	for (const char *p = v->s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digit = true;
		else if ((*p == '-' || *p == '+') && p == v->s)
			;
		else if (whole || !strchr(".eE+-", *p))
			return false;
	}
	return digit;
}

static void not_a_number(const struct ynode *v, const char *key, const char *what,
			 struct qip_diags *d)
{
	char s[48];
	if (v->kind != YN_SCALAR)
		qip_diag_add(d, v->line, v->col, "'%s' must be %s, not %s", key, what, kind_name(v));
	else if (!v->plain)
		qip_diag_add(d, v->line, v->col, "'%s' must be %s, written without quotes", key, what);
	else {
		shown(v->s, s);
		qip_diag_add(d, v->line, v->col, "'%s' must be %s, not '%s'", key, what, s);
	}
}

bool yint(const struct ynode *v, const char *key, long min, long max, long *out,
	  struct qip_diags *d)
{
	if (v->bad)
		return false;
	if (!plain_number(v, true)) {
		not_a_number(v, key, "a whole number", d);
		return false;
	}
	errno = 0;
	long n = strtol(v->s, NULL, 10);
	if (errno || n < min || n > max) {
		char s[48];
		shown(v->s, s);
		qip_diag_add(d, v->line, v->col, "'%s' must be from %ld to %ld, not %s", key, min, max, s);
		return false;
	}
	*out = n;
	return true;
}

bool ynum(const struct ynode *v, const char *key, double min, double max, double *out,
	  struct qip_diags *d)
{
	if (v->bad)
		return false;
	const char *end = NULL, *why = "is not a number";
	double x = 0;
	if (plain_number(v, false))
		why = qip_number_parse(v->s, &x, &end);
	if (why && end && strcmp(why, "is not a number") != 0) {
		/* Out of a double's range: 1e-999 would be read as 0. */
		char s[48];
		shown(v->s, s);
		qip_diag_add(d, v->line, v->col, "'%s': %s %s", key, s, why);
		return false;
	}
	if (why || *end) {
		not_a_number(v, key, "a number", d);
		return false;
	}
	if (x < min || x > max) {
		char s[48], lo[QIP_NUMBER_LEN], hi[QIP_NUMBER_LEN];
		shown(v->s, s);
		qip_diag_add(d, v->line, v->col, "'%s' must be from %s to %s, not %s", key,
			     qip_number_format(min, lo), qip_number_format(max, hi), s);
		return false;
	}
	*out = x;
	return true;
}

bool ybool(const struct ynode *v, const char *key, bool *out, struct qip_diags *d)
{
	if (v->bad)
		return false;
	static const char *const yes[] = { "true", "True", "TRUE" }, *const no[] = { "false", "False", "FALSE" };
	for (int i = 0; v->kind == YN_SCALAR && v->plain && i < 3; i++) {
		if (!strcmp(v->s, yes[i]) || !strcmp(v->s, no[i])) {
			*out = !strcmp(v->s, yes[i]);
			return true;
		}
	}
	qip_diag_add(d, v->line, v->col, "'%s' must be true or false", key);
	return false;
}

int yenum(const struct ynode *v, const char *key, const struct qip_vocab *vocab,
	  struct qip_diags *d)
{
	const char *s = ystr(v, key, false, 64, d);
	if (!s)
		return -1;
	const char *names[32];
	int n = vocab->count < 32 ? vocab->count : 32;
	for (int i = 0; i < n; i++) {
		names[i] = vocab->words[i].name;
		if (!strcmp(names[i], s))
			return i;
	}
	char *all = yjoin(names, n);
	const char *sug = ysuggest(s, names, n);
	if (sug)
		qip_diag_add(d, v->line, v->col, "unknown %s '%s' (did you mean '%s'? expected %s)",
			     key, s, sug, all);
	else
		qip_diag_add(d, v->line, v->col, "unknown %s '%s' (expected %s)", key, s, all);
	free(all);
	return -1;
}

bool yseq(const struct ynode *v, const char *key, struct qip_diags *d)
{
	if (v->bad)
		return false;
	if (v->kind != YN_SEQ) {
		qip_diag_add(d, v->line, v->col, "'%s' must be a list, not %s", key, kind_name(v));
		return false;
	}
	return true;
}

bool ydoc_read_file(const char *path, char **buf, size_t *len, struct qip_diags *d)
{
	return read_file(path, true, buf, len, d);
}

bool ydoc_read_qip_file(const char *path, char **buf, size_t *len, struct qip_diags *d)
{
	return read_file(path, false, buf, len, d);
}
