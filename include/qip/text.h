/* Text that came from a database or a template is untrusted: everything drawn
 * on a terminal or printed goes through qip_text_escape, which makes control
 * characters, escape sequences, bidi overrides and broken UTF-8 visible
 * instead of letting the terminal act on them. */
#ifndef QIP_TEXT_H
#define QIP_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Escapes s into a new malloc'd string: C0/C1 controls and DEL as \n, \t,
 * \e or \xNN; bidi controls as \u{202E}; invalid UTF-8 bytes as \xNN. */
char *qip_text_escape(const char *s);
/* Whether qip_text_escape(s) would give s back unchanged (printable ASCII
 * and valid UTF-8 with no hidden controls: nearly all text), found without
 * allocating. qip_text_escaped returns s itself then, and otherwise the
 * escaped copy, which it also puts in *owned for the caller to free (NULL
 * when nothing was allocated): for output loops that print many cells. */
bool qip_text_is_plain(const char *s);
const char *qip_text_escaped(const char *s, char **owned);

/* Characters (code points) in a UTF-8 string: what limits such as "at most
 * 300 characters" count, as SQLite's length() does. */
size_t qip_text_length(const char *s);

/* Whether the terminal's character set (the LC_CTYPE locale) can show
 * the character: always in a UTF-8 locale; in another (LC_ALL=C, Latin-1)
 * only what that set has. What it cannot show is drawn as one '?'. */
bool qip_text_char_shows(uint32_t cp);
/* Columns one character takes on the terminal: 1 for a character drawn as
 * '?', else its wcwidth (2 for Chinese, 0 for a combining accent). The one
 * measure of display width, for fitting and wrapping alike. */
int qip_text_char_width(uint32_t cp);

/* Columns the (already escaped) UTF-8 string takes on a terminal. */
int qip_text_width(const char *s);

/* Copies at most `cols` display columns of an escaped string into out
 * (size outsz), cutting on character boundaries and ending with "…" when
 * something was cut; pads with spaces to exactly `cols` when pad is set.
 * Returns the columns written. */
int qip_text_fit(const char *s, int cols, bool pad, char *out, size_t outsz);

/* true when s is valid UTF-8 with no control characters (tab and newline are
 * allowed when multiline is set). Used to validate input before storing. */
bool qip_text_is_clean(const char *s, bool multiline);

/* Slug: letters and digits kept (ASCII lowercased; other scripts kept as
 * they are), runs of anything else become '-'. "Registered Manager" ->
 * "registered-manager", "Rôle ñ" -> "rôle-ñ". Returns a malloc'd string. */
char *qip_text_slug(const char *s);

/* For matching what people type: ASCII lowercased and Latin accents
 * dropped ("José Ferreira" -> "jose ferreira"). Malloc'd. Also the SQL
 * function qip_fold(text) on every connection. */
char *qip_text_fold(const char *s);

/* A random RFC 4122 version 4 UUID, 36 characters plus NUL. */
void qip_uuid(char out[37]);

/* strdup that never returns NULL (aborts on out-of-memory: there is nothing
 * sensible left to do, and every write is in a transaction, so nothing is
 * half-written). */
char *qip_strdup(const char *s);
void *qip_xmalloc(size_t n);
void *qip_xcalloc(size_t n, size_t size);
void *qip_xrealloc(void *p, size_t n);
char *qip_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *qip_vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Decodes one UTF-8 character into cp; returns its length in bytes, or 0
 * for an invalid byte (overlong, surrogate, past U+10FFFF, truncated). */
int qip_utf8_decode(const unsigned char *s, uint32_t *cp);
/* C1 controls, bidi overrides/isolates/marks and line/paragraph separators:
 * characters that reorder or hide the text around them. */
bool qip_text_is_hidden_control(uint32_t cp);

/* Numbers are data: always a '.' for the decimal point, whatever the
 * locale. qip_number_format writes the shortest of %.15g, %.16g and %.17g
 * that reads back as exactly v (1234567.89, 0.1, 95.5), into out, and
 * returns out. Non-finite values (never stored: input refuses them) come
 * out as "inf", "-inf" or "nan". */
#define QIP_NUMBER_LEN 32
const char *qip_number_format(double v, char out[QIP_NUMBER_LEN]);

/* Reads a decimal number ("87.5", "-3", "1e3", never a comma) at the start
 * of s, skipping leading spaces, into *out; *end (if not NULL) gets where
 * it stopped. Returns NULL when it read a number, or why not, as words that
 * follow the value in a message: "is not a number", "is not a finite
 * number", "is too large", "is too small (it would be stored as 0)". */
const char *qip_number_parse(const char *s, double *out, const char **end);

/* Levenshtein distance, for did-you-mean suggestions. */
int qip_text_distance(const char *a, const char *b);

#endif
