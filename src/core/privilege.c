#include "qip/privilege.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qip/text.h"
#include "qip_config.h"

static bool started_privileged;
static gid_t given_gid;
static bool holding;   /* the given group is the effective one now */
static bool given_up;  /* set aside for good: another database */

void qip_privilege_init(void)
{
	given_gid = getegid();
	started_privileged = given_gid != getgid();
	/* Until qip knows which database it opens, the user's own rights:
	 * setegid keeps the saved set-group-ID, so the group can be taken back. */
	if (started_privileged && setegid(getgid()) != 0) {
		perror("qip: cannot set aside the group qip was given");
		exit(1);
	}
	holding = false;
}

bool qip_privileged(void) { return started_privileged; }

const char *qip_shared_db_path(void) { return QIP_SHARED_DB; }

/* path with its folder resolved (the file itself may not exist yet). */
static char *resolved(const char *path)
{
	char *copy1 = qip_strdup(path), *copy2 = qip_strdup(path);
	char folder[PATH_MAX];
	char *out = NULL;
	if (realpath(dirname(copy1), folder))
		out = qip_printf("%s/%s", strcmp(folder, "/") ? folder : "", basename(copy2));
	free(copy1);
	free(copy2);
	return out;
}

bool qip_is_shared_db(const char *path)
{
	/* The shared folder is open to the group alone: look with it. */
	bool was = holding;
	if (started_privileged && !given_up && !was && setegid(given_gid) == 0)
		holding = true;
	char *a = resolved(path), *b = resolved(QIP_SHARED_DB);
	bool same = a && b && strcmp(a, b) == 0;
	free(a);
	free(b);
	if (started_privileged && !was && holding && setegid(getgid()) == 0)
		holding = false;
	return same;
}

int qip_privilege_choose(bool shared)
{
	if (!started_privileged || given_up)
		return 0;
	if (shared) {
		if (setegid(given_gid) != 0)
			return errno;
		holding = true;
		return 0;
	}
	gid_t g = getgid();
	if (setresgid(g, g, g) != 0)
		return errno;
	holding = false;
	given_up = true;
	return 0;
}

static bool lent;   /* begin gave the group up until end */

void qip_user_rights_begin(void)
{
	lent = holding && setegid(getgid()) == 0;
}

void qip_user_rights_end(void)
{
	if (lent && setegid(given_gid) != 0) {
		/* Cannot happen with a saved set-group-ID; if it did, carrying on
		 * without the group would fail later with a worse message. */
		perror("qip: cannot take back the group qip was given");
		exit(1);
	}
	lent = false;
}

int qip_user_file_open(const char *path, int flags, mode_t mode)
{
	qip_user_rights_begin();
	int fd = open(path, flags | O_CLOEXEC, mode);
	int e = errno;
	qip_user_rights_end();
	errno = e;
	return fd;
}

const char *qip_env(const char *name)
{
	/* secure_getenv answers NULL for a program started setgid (AT_SECURE),
	 * which stays true after the group is given up. */
	return secure_getenv(name);
}
