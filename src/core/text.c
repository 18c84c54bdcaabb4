/* Untrusted-text handling, UTF-8 widths, slugs, UUIDs and allocation. */
#include "qip/text.h"

#include <fcntl.h>
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <unistd.h>
#include <wchar.h>

void *qip_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("qip: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *qip_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p) {
		fputs("qip: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *qip_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) {
		fputs("qip: out of memory\n", stderr);
		abort();
	}
	return q;
}

char *qip_strdup(const char *s)
{
	size_t n = strlen(s ? s : "") + 1;
	char *p = qip_xmalloc(n);
	memcpy(p, s ? s : "", n);
	return p;
}

char *qip_vprintf(const char *fmt, va_list ap)
{
	char *p = NULL;
	if (vasprintf(&p, fmt, ap) < 0) {
		fputs("qip: out of memory\n", stderr);
		abort();
	}
	return p;
}

char *qip_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = qip_vprintf(fmt, ap);
	va_end(ap);
	return p;
}

/* Decodes one UTF-8 character. Returns its length, or 0 for an invalid byte
 * (overlong forms, surrogates and values past U+10FFFF are invalid too). */
int qip_utf8_decode(const unsigned char *s, uint32_t *cp)
{
	unsigned char c = s[0];
	if (c < 0x80) { *cp = c; return 1; }
	int len;
	uint32_t v, min;
	if ((c & 0xE0) == 0xC0) { len = 2; v = c & 0x1F; min = 0x80; }
	else if ((c & 0xF0) == 0xE0) { len = 3; v = c & 0x0F; min = 0x800; }
	else if ((c & 0xF8) == 0xF0) { len = 4; v = c & 0x07; min = 0x10000; }
	else return 0;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

bool qip_text_is_hidden_control(uint32_t cp)
{
	return (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029 || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

struct buf {
	char *p;
	size_t len, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = qip_xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

bool qip_text_is_plain(const char *s)
{
	const unsigned char *u = (const unsigned char *)(s ? s : "");
	for (;;) {
		while (*u >= 0x20 && *u < 0x7F)
			u++;
		if (*u < 0x80)
			return *u == '\0';   /* the end, or a control character or DEL */
		uint32_t cp;
		int n = qip_utf8_decode(u, &cp);
		if (n == 0 || qip_text_is_hidden_control(cp))
			return false;
		u += n;
	}
}

const char *qip_text_escaped(const char *s, char **owned)
{
	*owned = NULL;
	if (qip_text_is_plain(s))
		return s ? s : "";
	return *owned = qip_text_escape(s);
}

char *qip_text_escape(const char *s)
{
	if (qip_text_is_plain(s))
		return qip_strdup(s);
	struct buf b = { 0 };
	buf_add(&b, "", 0);
	if (!s)
		return b.p;
	const unsigned char *u = (const unsigned char *)s;
	while (*u) {
		uint32_t cp;
		int n = qip_utf8_decode(u, &cp);
		char tmp[16];
		if (n == 0) {
			snprintf(tmp, sizeof tmp, "\\x%02X", *u);
			buf_add(&b, tmp, strlen(tmp));
			u++;
			continue;
		}
		if (cp == '\n')
			buf_add(&b, "\\n", 2);
		else if (cp == '\t')
			buf_add(&b, "\\t", 2);
		else if (cp == '\r')
			buf_add(&b, "\\r", 2);
		else if (cp == 0x1B)
			buf_add(&b, "\\e", 2);
		else if (cp < 0x20 || cp == 0x7F) {
			snprintf(tmp, sizeof tmp, "\\x%02X", (unsigned)cp);
			buf_add(&b, tmp, strlen(tmp));
		} else if (qip_text_is_hidden_control(cp)) {
			snprintf(tmp, sizeof tmp, "\\u{%04X}", (unsigned)cp);
			buf_add(&b, tmp, strlen(tmp));
		} else
			buf_add(&b, (const char *)u, (size_t)n);
		u += n;
	}
	return b.p;
}

static bool utf8_locale(void);

bool qip_text_char_shows(uint32_t cp)
{
	if (cp < 0x80 || utf8_locale())
		return true;
	char mb[MB_LEN_MAX];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	return wcrtomb(mb, (wchar_t)cp, &st) != (size_t)-1;
}

int qip_text_char_width(uint32_t cp)
{
	if (!qip_text_char_shows(cp))
		return 1;                 /* drawn as one '?' */
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

static int cp_width(uint32_t cp)
{
	return qip_text_char_width(cp);
}

size_t qip_text_length(const char *s)
{
	size_t n = 0;
	for (const unsigned char *u = (const unsigned char *)(s ? s : ""); *u; u++)
		n += (*u & 0xC0) != 0x80;   /* count lead bytes, not continuations */
	return n;
}

int qip_text_width(const char *s)
{
	int w = 0;
	const unsigned char *u = (const unsigned char *)s;
	while (*u) {
		uint32_t cp;
		int n = qip_utf8_decode(u, &cp);
		if (n == 0) { w++; u++; continue; }
		w += cp_width(cp);
		u += n;
	}
	return w;
}

static bool utf8_locale(void)
{
	static int known = -1;
	if (known < 0) {
		const char *cs = nl_langinfo(CODESET);
		known = cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
	}
	return known;
}

int qip_text_fit(const char *s, int cols, bool pad, char *out, size_t outsz)
{
	size_t o = 0;
	int w = 0;
	if (outsz == 0)
		return 0;
	if (cols < 0)
		cols = 0;
	const unsigned char *u = (const unsigned char *)(s ? s : "");
	int total = qip_text_width((const char *)u);
	int room = total > cols ? cols - 1 : cols;   /* keep a column for the ellipsis */
	const char *ell = utf8_locale() ? "\xE2\x80\xA6" : "~";
	while (*u) {
		uint32_t cp;
		int n = qip_utf8_decode(u, &cp);
		int cw = n ? cp_width(cp) : 1;
		if (n == 0)
			n = 1;
		if (w + cw > room || o + (size_t)n + 4 >= outsz)
			break;
		memcpy(out + o, u, (size_t)n);
		o += (size_t)n;
		w += cw;
		u += n;
	}
	if (*u && cols > 0 && o + strlen(ell) < outsz) {
		memcpy(out + o, ell, strlen(ell));
		o += strlen(ell);
		w++;
	}
	while (pad && w < cols && o + 1 < outsz) {
		out[o++] = ' ';
		w++;
	}
	out[o] = '\0';
	return w;
}

bool qip_text_is_clean(const char *s, bool multiline)
{
	const unsigned char *u = (const unsigned char *)s;
	while (*u) {
		uint32_t cp;
		int n = qip_utf8_decode(u, &cp);
		if (n == 0)
			return false;
		if (multiline && (cp == '\n' || cp == '\t'))
			;
		else if (cp < 0x20 || cp == 0x7F || qip_text_is_hidden_control(cp))
			return false;
		u += n;
	}
	return true;
}

/* Latin letters with accents to their base letter, lowercased: what a
 * person typing "jose" or "zoe" on a UK keyboard means by "José", "Zoë". */
static char fold_latin(uint32_t cp)
{
	static const char *const from_c0 =   /* U+00C0 .. U+00FF */
		"aaaaaaaceeeeiiiidnooooo\0ouuuuyts"
		"aaaaaaaceeeeiiiidnooooo\0ouuuuyty";
	if (cp >= 0xC0 && cp <= 0xFF)
		return from_c0[cp - 0xC0];
	if (cp >= 0x100 && cp <= 0x17F) {    /* Latin Extended-A */
		static const char ext[0x80 + 1] =
			"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
		return ext[cp - 0x100];
	}
	return 0;
}

char *qip_text_fold(const char *s)
{
	size_t n = strlen(s ? s : "");
	char *out = qip_xmalloc(n + 1);
	size_t o = 0;
	const unsigned char *u = (const unsigned char *)(s ? s : "");
	while (*u) {
		uint32_t cp;
		int len = qip_utf8_decode(u, &cp);
		char base = len > 1 ? fold_latin(cp) : 0;
		if (len == 0)
			len = 1;
		if (base)
			out[o++] = base;
		else if (len == 1)
			out[o++] = (char)(*u >= 'A' && *u <= 'Z' ? *u - 'A' + 'a' : *u);
		else {
			memcpy(out + o, u, (size_t)len);
			o += (size_t)len;
		}
		u += len;
	}
	out[o] = '\0';
	return out;
}

/* Letters and digits of any script, told apart from punctuation and
 * symbols by code point ranges rather than the locale, so that a slug (a
 * stored id) is the same on every machine. */
static bool is_word_char(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
	if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || qip_text_is_hidden_control(cp))
		return false;   /* Latin-1 punctuation and symbols, x and / signs */
	if ((cp >= 0x2000 && cp <= 0x2BFF) ||   /* punctuation, symbols, arrows, shapes */
	    (cp >= 0x3000 && cp <= 0x303F) ||   /* CJK punctuation */
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
	    (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0x1F000 && cp <= 0x1FAFF))  /* emoji */
		return false;
	return true;
}

char *qip_text_slug(const char *s)
{
	size_t n = strlen(s);
	char *out = qip_xmalloc(n + 1);
	size_t o = 0;
	bool dash = false;
	const unsigned char *u = (const unsigned char *)s;
	while (*u) {
		uint32_t cp;
		int len = qip_utf8_decode(u, &cp);
		bool keep = len > 0 && is_word_char(cp);
		if (len == 0)
			len = 1;
		if (keep) {
			if (dash && o > 0)
				out[o++] = '-';
			for (int i = 0; i < len; i++)
				out[o++] = (char)(len == 1 && u[i] >= 'A' && u[i] <= 'Z' ? u[i] - 'A' + 'a' : u[i]);
			dash = false;
		} else
			dash = true;
		u += len;
	}
	out[o] = '\0';
	return out;
}

void qip_uuid(char out[37])
{
	unsigned char r[16];
	size_t got = 0;
	while (got < sizeof r) {
		ssize_t n = getrandom(r + got, sizeof r - got, 0);
		if (n <= 0) {
			/* getrandom cannot fail for 16 bytes once the pool is ready;
			 * fall back to a mix of pid/time/rand rather than stop. */
			for (size_t i = got; i < sizeof r; i++)
				r[i] = (unsigned char)(rand() ^ getpid() ^ (int)i);
			break;
		}
		got += (size_t)n;
	}
	r[6] = (unsigned char)((r[6] & 0x0F) | 0x40);   /* version 4 */
	r[8] = (unsigned char)((r[8] & 0x3F) | 0x80);   /* RFC 4122 variant */
	static const char hex[] = "0123456789abcdef";
	int o = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[r[i] >> 4];
		out[o++] = hex[r[i] & 15];
	}
	out[o] = '\0';
}

int qip_text_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return 99;
	int row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int cost = a[i - 1] == b[j - 1] ? 0 : 1;
			int best = diag + cost;
			if (row[j] + 1 < best) best = row[j] + 1;
			if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* The "C" numeric locale, made once: strtod and snprintf use it for the
 * moment of the call (uselocale), whatever setlocale the program made. */
static locale_t c_numeric(void)
{
	static locale_t c;
	if (!c)
		c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	return c;
}

const char *qip_number_format(double v, char out[QIP_NUMBER_LEN])
{
	if (isnan(v))
		return strcpy(out, "nan");
	if (isinf(v))
		return strcpy(out, v < 0 ? "-inf" : "inf");
	locale_t old = uselocale(c_numeric());
	for (int digits = 15; digits <= 17; digits++) {
		snprintf(out, QIP_NUMBER_LEN, "%.*g", digits, v);
		if (strtod(out, NULL) == v)
			break;
	}
	uselocale(old);
	return out;
}

const char *qip_number_parse(const char *s, double *out, const char **end)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (end)
		*end = s;
	/* Only what people write for a number: digits, one sign, a point and an
	 * exponent. strtod would also take "inf", "nan" and hex (0x1p3). */
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	if (!((*p >= '0' && *p <= '9') || (*p == '.' && p[1] >= '0' && p[1] <= '9'))) {
		if (strncasecmp(p, "inf", 3) == 0 || strncasecmp(p, "nan", 3) == 0)
			return "is not a finite number";
		return "is not a number";
	}
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		return "is not a number";
	locale_t old = uselocale(c_numeric());
	char *stop;
	errno = 0;
	double v = strtod(s, &stop);
	int err = errno;
	uselocale(old);
	if (!isfinite(v))
		return "is too large";
	/* ERANGE with a non-zero result is a tiny (subnormal) value, kept; with
	 * zero, the number written was not zero but would be stored as 0. */
	if (err == ERANGE && v == 0)
		return "is too small (it would be stored as 0)";
	*out = v;
	if (end)
		*end = stop;
	return NULL;
}
