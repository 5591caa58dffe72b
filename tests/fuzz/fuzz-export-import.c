/* fuzz-export-import.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for `import all`: any bytes as sessio-export.json go
 * through the reader and checks into an empty database of the current
 * schema, rolled back after each input.  When the document is accepted,
 * the database is exported again and that export must load into a second
 * empty database and export to the very same bytes.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sessio-core.h"
#include "sessio-full-export.h"
#include "sessio-schema.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static sqlite3 *first;
static sqlite3 *second;

static sqlite3 *
open_empty (void)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
      !sessio_db_exec (db, "PRAGMA foreign_keys = ON", NULL) ||
      !sessio_schema_migrate (db, NULL, NULL))
    abort ();
  return db;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  if (!sessio_core_init (NULL))
    abort ();
  first = open_empty ();
  second = open_empty ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  gsize len = 0, again_len = 0;
  gboolean ok;

  if (size > 256 * 1024)
    return 0;

  if (!sessio_db_exec (first, "BEGIN", NULL))
    abort ();
  ok = sessio_full_export_load (first, (const char *) data, size, &error);
  if (!ok && (error == NULL || error->domain != SESSIO_ERROR ||
              strchr (error->message, '\n') != NULL))
    abort ();
  if (ok)
    {
      json = sessio_full_export_to_json (first, &len, NULL);
      if (json == NULL || !sessio_db_exec (second, "BEGIN", NULL))
        abort ();
      if (!sessio_full_export_load (second, json, len, NULL))
        abort ();
      again = sessio_full_export_to_json (second, &again_len, NULL);
      if (again == NULL || again_len != len || memcmp (again, json, len) != 0)
        abort ();
      sqlite3_exec (second, "ROLLBACK", NULL, NULL, NULL);
    }
  sqlite3_exec (first, "ROLLBACK", NULL, NULL, NULL);
  return 0;
}
