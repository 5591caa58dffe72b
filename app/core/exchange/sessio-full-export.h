/* sessio-full-export.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The full export: every table of the vault in open formats,
 * for archiving and for leaving Sessio, and “import all”, which rebuilds
 * a new vault from it.  The format is documented and versioned in
 * docs/export-format.md.  The export is generic over the schema: tables
 * come from sqlite_master and columns from PRAGMA table_info, so a table
 * added by a later schema version is exported without code changes.
 *
 * The files hold no time of export: exporting, importing and exporting
 * again gives byte-identical files.
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "sessio-keys.h"
#include "sessio-vault.h"

G_BEGIN_DECLS

#define SESSIO_FULL_EXPORT_FORMAT   "sessio-export"
#define SESSIO_FULL_EXPORT_VERSION  1
#define SESSIO_FULL_EXPORT_JSON     "sessio-export.json"
#define SESSIO_FULL_EXPORT_SUMS     "SHA256SUMS"

/* Writes sessio-export.json, csv/TABLE.csv per table, README.txt and
 * SHA256SUMS into @dir, which must be missing or empty (made 0700; files
 * 0600).  On failure nothing is left in @dir.  The export is then written
 * to the vault's audit log. */
gboolean     sessio_full_export_write   (SessioVault          *vault,
                                         const char           *dir,
                                         GError              **error);

/* The JSON document of @db, exactly as sessio_full_export_write() writes
 * it. */
char        *sessio_full_export_to_json (sqlite3              *db,
                                         gsize                *len,
                                         GError              **error);

/* Loads the JSON document @data into @db, which holds the current schema
 * and no rows, inside the caller's transaction.  Checks the format and
 * schema versions, every table, column and value type, the database's
 * own constraints, the foreign keys and the audit log's hash chain; on
 * failure the caller rolls back.  Any bytes are safe to pass. */
gboolean     sessio_full_export_load    (sqlite3              *db,
                                         const char           *data,
                                         gsize                 len,
                                         GError              **error);

/* Import all: checks the files of @export_dir against SHA256SUMS and the
 * document against a scratch database, then creates a new vault in
 * @vault_dir (missing or empty) with @passphrase and @kdf (NULL
 * calibrates) and loads everything in one transaction.  Returns the open
 * vault and its recovery key in *@recovery_key (free with
 * sessio_key_free_text()).  On failure nothing is left in @vault_dir. */
SessioVault *sessio_full_export_import  (const char           *export_dir,
                                         const char           *vault_dir,
                                         const char           *passphrase,
                                         const SessioVaultKdf *kdf,
                                         char                **recovery_key,
                                         GError              **error);

G_END_DECLS
