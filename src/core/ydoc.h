/* Private to the core: a small, defensive YAML reader for the files people
 * write and share (audit templates, framework files).
 *
 * It uses libyaml's event API and builds its own tree, never libyaml's
 * document loader: anchors and aliases are refused (no alias bombs, no
 * cycles), nesting depth, node count, keys per mapping and file size are
 * capped (libyaml 0.2.5 has no limits and is quadratic on deep nesting),
 * duplicate keys are caught (libyaml accepts them), and scalar values with
 * NUL, control characters or escape sequences are refused. Every problem
 * goes to a qip_diags list with its 1-based line and column. */
#ifndef QIP_YDOC_H
#define QIP_YDOC_H

#include <stdbool.h>
#include <stddef.h>

#include "qip/diag.h"
#include "qip/vocab.h"

#define YDOC_MAX_BYTES (1024 * 1024)
#define YDOC_MAX_DEPTH 16
#define YDOC_MAX_NODES 100000
#define YDOC_MAX_KEYS 200

enum ynode_kind { YN_SCALAR, YN_SEQ, YN_MAP };

struct ynode {
	enum ynode_kind kind;
	int line, col;        /* 1-based start of the node */
	bool plain;           /* unquoted scalar: may read as a number, boolean or null */
	bool bad;             /* already reported (an alias, a bad key): checks skip it */
	char *s;              /* scalar text, NUL-terminated; "" for containers */
	int n, cap;           /* seq: items; map: keys and values alternate, n = 2 * pairs */
	struct ynode **kids;
};

/* Reads a whole file of at most YDOC_MAX_BYTES into a NUL-terminated buffer.
 * Returns false (with the reason in d) when it cannot be read or is too big;
 * a 50 MB file is refused from its size, without reading it. */
bool ydoc_read_file(const char *path, char **buf, size_t *len, struct qip_diags *d);
/* ydoc_read_file reads with the user's own rights (a setgid qip reads no
 * file for a user that the user could not); this one with qip's, for the
 * settings file beside the shared database. */
bool ydoc_read_qip_file(const char *path, char **buf, size_t *len, struct qip_diags *d);

/* Parses one YAML document. Returns its root, or NULL when the text is not
 * usable YAML (the reasons are in d). Problems that do not stop the parse
 * (a duplicate key, an anchor, a control character in a value) are recorded
 * in d and the tree is still returned, so that the caller can report every
 * other problem too. An empty document returns NULL with a problem. A
 * leading UTF-8 byte order mark is skipped: positions count from after it. */
struct ynode *ydoc_parse(const char *buf, size_t len, struct qip_diags *d);
void ynode_free(struct ynode *n);

/* Checking a tree against what a format expects. Each reports what is
 * wrong at the node's position and returns false/NULL/-1 on failure. */

struct yfield {
	const char *key;
	bool required;
};

/* The values of a mapping's keys: vals[i] is the value under fields[i].key,
 * or NULL when the key is absent or has an empty value and is optional.
 * Unknown keys (with a did-you-mean) and missing required keys are
 * reported. `what` names the mapping in messages ("a question"). Returns
 * false when m is not a mapping. */
/* keys, when not NULL, receives the key nodes the same way (for messages
 * about a key that does not belong, such as 'min' on a yes-no question).
 * At most 32 fields. */
bool ymap_get(const struct ynode *m, const char *what, const struct yfield *fields,
	      int nfields, const struct ynode **vals, const struct ynode **keys,
	      struct qip_diags *d);

/* Text. Single-line text may not hold line breaks or tabs. */
const char *ystr(const struct ynode *v, const char *key, bool multiline,
		 size_t maxlen, struct qip_diags *d);
/* Lowercase letters, digits and single hyphens, e.g. "fire-safety". */
const char *yslug(const struct ynode *v, const char *key, struct qip_diags *d);
bool yint(const struct ynode *v, const char *key, long min, long max, long *out,
	  struct qip_diags *d);
bool ynum(const struct ynode *v, const char *key, double min, double max,
	  double *out, struct qip_diags *d);
bool ybool(const struct ynode *v, const char *key, bool *out, struct qip_diags *d);
/* Index of the value among the vocabulary's names (exact match), or -1. */
int yenum(const struct ynode *v, const char *key, const struct qip_vocab *vocab,
	  struct qip_diags *d);
/* A list: true when v is a sequence (reported otherwise). */
bool yseq(const struct ynode *v, const char *key, struct qip_diags *d);

/* The closest of names[] to word when it is a near miss, or NULL. */
const char *ysuggest(const char *word, const char *const *names, int n);
/* "a, b or c" for messages; malloc'd. */
char *yjoin(const char *const *names, int n);
bool yis_slug(const char *s);

#endif
