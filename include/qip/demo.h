/* A realistic demo provider, built from the worked examples of the domain
 * seeds, with every date relative to today so it always looks current. */
#ifndef QIP_DEMO_H
#define QIP_DEMO_H

#include "qip/db.h"

struct qip_demo_summary {
	int services, people, actions, evidence, escalations;
};

/* Fills an empty database (refused when it already holds actions). */
int qip_demo_fill(struct qip_db *db, struct qip_demo_summary *out);

#endif
