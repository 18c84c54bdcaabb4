/* Where qip finds its files. */
#ifndef QIP_PATHS_H
#define QIP_PATHS_H

#include <stdbool.h>

/* The database: --db PATH, else $QIP_DB, else $XDG_DATA_HOME/qip/qip.db
 * (~/.local/share/qip/qip.db); for a setgid qip, the shared database.
 * Returns a malloc'd path. */
char *qip_default_db_path(void);

/* Makes the directories above path (mode 0700 for the XDG default). */
int qip_make_parent_dirs(const char *path);

/* fsync of the file or folder at path, opened with flags (O_RDONLY, with
 * O_DIRECTORY for a folder, so a rename into it is on disk). 0 or errno. */
int qip_fsync_path(const char *path, int flags);

/* Bundled data (templates, frameworks): $QIP_DATA_DIR, else the source
 * tree's data/ when running from the build directory, else the installed
 * share directory. Never NULL. */
const char *qip_data_dir(void);

/* Running from the build directory (the tests, tools/demo), not installed:
 * only such a qip dates records by QIP_TODAY. */
bool qip_uninstalled_build(void);

#endif
