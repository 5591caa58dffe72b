/* make-backup-corpus.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes the seeds of fuzz-backup to the folder given: backups made with
 * the fuzz target's fixed key (0x5a × 32) of an empty image, of bytes that
 * span three chunks, and of a small SQLite database.  Run once; the seeds
 * are committed in tests/fuzz/corpus-backup/.
 */

#include "config.h"

#include <sodium.h>
#include <sqlite3.h>
#include <string.h>

#include "sessio-backup.h"

static void
write_seed (const char   *dir,
            const char   *name,
            const guint8 *image,
            gsize         len,
            guint32       chunk)
{
  guint8 key[SESSIO_KEY_BYTES];
  SessioBackupHeader header = { 0 };
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  memset (key, 0x5a, sizeof key);
  memset (header.vault_id, 0x11, sizeof header.vault_id);
  sessio_vault_kdf_floor (&header.kdf);
  header.generation = 2;
  header.journal_records = 1;
  header.created = 1763856000;
  header.schema_version = 1;
  bytes = sessio_backup_encode (&header, key, image, len, chunk);
  if (!g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL))
    g_error ("cannot write %s", path);
}

int
main (int    argc,
      char **argv)
{
  guint8 bytes[2500];
  sqlite3 *db = NULL;
  sqlite3_int64 size = 0;
  unsigned char *image;

  if (argc != 2 || sodium_init () < 0)
    return 2;

  write_seed (argv[1], "empty", bytes, 0, SESSIO_BACKUP_CHUNK_MIN);
  for (gsize i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) (i * 31 + 7);
  write_seed (argv[1], "three-chunks", bytes, sizeof bytes, SESSIO_BACKUP_CHUNK_MIN);

  sqlite3_open (":memory:", &db);
  sqlite3_exec (db, "PRAGMA page_size = 512;"
                    "CREATE TABLE setting (key TEXT PRIMARY KEY, value ANY) STRICT;"
                    "INSERT INTO setting VALUES ('a', 1), ('b', 'twee');", NULL, NULL, NULL);
  image = sqlite3_serialize (db, "main", &size, 0);
  write_seed (argv[1], "sqlite", image, (gsize) size, SESSIO_BACKUP_CHUNK_MIN);
  sqlite3_free (image);
  sqlite3_close (db);
  return 0;
}
