#include "qip/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qip/privilege.h"
#include "qip/text.h"
#include "qip_config.h"

char *qip_default_db_path(void)
{
	/* A setgid qip's own database is the shared one. */
	if (qip_privileged())
		return qip_strdup(qip_shared_db_path());
	const char *env = qip_env("QIP_DB");
	if (env && *env)
		return qip_strdup(env);
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && *xdg == '/')
		return qip_printf("%s/qip/qip.db", xdg);
	const char *home = getenv("HOME");
	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());
		home = pw ? pw->pw_dir : "/";
	}
	return qip_printf("%s/.local/share/qip/qip.db", home);
}

int qip_make_parent_dirs(const char *path)
{
	char *p = qip_strdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			int e = errno;
			free(p);
			return e;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

static bool is_dir(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

bool qip_uninstalled_build(void)
{
	static int answer = -1;
	if (answer >= 0)
		return answer;
	answer = 0;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		char build[PATH_MAX];
		size_t len;
		if (realpath(QIP_BUILDDIR, build) && strncmp(exe, build, len = strlen(build)) == 0 &&
		    (exe[len] == '/' || exe[len] == '\0'))
			answer = 1;
	}
	return answer;
}

const char *qip_data_dir(void)
{
	static char found[PATH_MAX];
	if (found[0])
		return found;
	const char *env = qip_env("QIP_DATA_DIR");
	if (env && *env) {
		snprintf(found, sizeof found, "%s", env);
		return found;
	}
	/* An uninstalled binary (./build/qip) uses the source tree's data. */
	if (qip_uninstalled_build() && is_dir(QIP_DATADIR_SOURCE)) {
		snprintf(found, sizeof found, "%s", QIP_DATADIR_SOURCE);
		return found;
	}
	snprintf(found, sizeof found, "%s", QIP_DATADIR_INSTALLED);
	return found;
}

int qip_fsync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return errno;
	int e = fsync(fd) == 0 ? 0 : errno;
	close(fd);
	return e;
}
