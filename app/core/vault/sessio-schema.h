/* sessio-schema.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The database schema of the whole product, and the table-driven
 * migrations that bring an older vault's database up to date.  PRAGMA
 * user_version holds the schema version; version 0 is an empty database.
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "sessio-error.h"

G_BEGIN_DECLS

#define SESSIO_SCHEMA_VERSION 3

typedef gboolean (*SessioMigrationFunc) (sqlite3  *db,
                                         GError  **error);

/* The migration from @version - 1 to @version: SQL, a function, or both
 * (the SQL runs first).  Each runs inside the caller's transaction. */
typedef struct
{
  int                  version;
  const char          *sql;
  SessioMigrationFunc  func;
} SessioMigration;

int       sessio_schema_get_version  (sqlite3                *db);
/* Brings @db up to SESSIO_SCHEMA_VERSION.  Fails with
 * SESSIO_ERROR_NEWER_VERSION for a database newer than this Sessio. */
gboolean  sessio_schema_migrate      (sqlite3                *db,
                                      gboolean               *changed,
                                      GError                **error);
/* The mechanism behind sessio_schema_migrate(), with the migration table
 * given: tests run future migrations against the v1 fixture with it. */
gboolean  sessio_schema_migrate_with (sqlite3                *db,
                                      const SessioMigration  *migrations,
                                      guint                   n_migrations,
                                      int                     target,
                                      gboolean               *changed,
                                      GError                **error);

gboolean  sessio_db_exec             (sqlite3                *db,
                                      const char             *sql,
                                      GError                **error);

/* The audit log is hash-chained: each entry's hash covers the previous
 * entry's hash and its own fields, so a removed or edited entry breaks
 * the chain.  @entity names a table, never patient data. */
gboolean  sessio_audit_append        (sqlite3                *db,
                                      const char             *action,
                                      const char             *entity,
                                      gint64                  entity_id,
                                      GError                **error);
gboolean  sessio_audit_verify        (sqlite3                *db,
                                      GError                **error);

G_END_DECLS
