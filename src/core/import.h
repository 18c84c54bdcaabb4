/* Inside the core: the imports without the writer check, for
 * qip_data_import_bundled alone. qip init loads the data that ships with
 * qip into any database it opens for writing, whoever runs it (the
 * reference data is qip's, not a person's change); every other import
 * goes through the public functions, which refuse a reader. */
#ifndef QIP_CORE_IMPORT_H
#define QIP_CORE_IMPORT_H

#include "qip/db.h"

int qip_framework_import_file_bundled(struct qip_db *db, const char *path);
int qip_template_import_file_bundled(struct qip_db *db, const char *path);

#endif
