/* db_int.h: private to src/db/. */
#ifndef DPG_DB_INT_H
#define DPG_DB_INT_H

#include <sqlite3.h>
#include "dpg/db.h"

/* NULL-terminated; migration i goes from version i to i + 1. */
extern const char *const db_migrations[];

struct dpg_db {
	sqlite3 *h;
	char *path;
	int busy_ms;
	unsigned int flags;
};

/* Fill err from the connection's last error; returns code. */
int db_fail(struct dpg_db *db, int code, const char *what,
	    struct dpg_error *err);

#endif
