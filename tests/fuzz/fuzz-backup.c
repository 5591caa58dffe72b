/* fuzz-backup.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: the backup reader (header parse, length check and the
 * chunked secretstream) on arbitrary bytes, what a damaged or modified
 * backup file holds.  The seeds in corpus-backup/ are real backups made
 * with the fixed key below (make-backup-corpus.c), so the fuzzer starts
 * from files that decode and mutates them.  Half of the inputs get their
 * header checksum fixed so that the field checks behind it are reached.
 * Forged chunks must never authenticate; whatever decodes must be exactly
 * what the header announces; and a round trip of the input as an image
 * must give it back, and fail after any single flip.
 */

#include "config.h"

#include <sodium.h>
#include <sqlite3.h>
#include <string.h>

#include "sessio-backup.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static guint8 key[SESSIO_KEY_BYTES];

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  if (sodium_init () < 0)
    abort ();
  memset (key, 0x5a, sizeof key);
  return 0;
}

static void
read_backup (const guint8 *data,
             size_t        size)
{
  SessioBackupHeader header;
  gsize image_len = 0;
  guint8 *image;

  if (sessio_backup_header_parse (data, size, size, &header, NULL))
    {
      guint8 again[SESSIO_BACKUP_HEADER_SIZE];

      /* A parsed header writes back to the same bytes. */
      sessio_backup_header_write (&header, again);
      if (memcmp (again, data, SESSIO_BACKUP_HEADER_SIZE) != 0)
        abort ();
    }

  image = sessio_backup_decode (data, size, key, &header, &image_len, NULL);
  if (image != NULL)
    {
      if (image_len != header.image_len ||
          size != sessio_backup_file_size (header.image_len, header.chunk_size))
        abort ();
      sqlite3_free (image);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  read_backup (data, size);

  if (size >= 16 && (data[size - 1] & 1))
    {
      guint8 *copy = g_memdup2 (data, size);
      guint32 header_len = copy[12] | (copy[13] << 8) | (copy[14] << 16) | ((guint32) copy[15] << 24);

      if (header_len >= 48 && header_len <= size)
        crypto_generichash (copy + header_len - 32, 32, copy, header_len - 32, NULL, 0);
      read_backup (copy, size);
      g_free (copy);
    }

  /* The writer: the input as an image, in chunks of the smallest size so
   * that short inputs span several. */
  if (size < 8192)
    {
      SessioBackupHeader header = { 0 }, parsed;
      g_autoptr(GBytes) bytes = NULL;
      gsize len, image_len = 0;
      guint8 *out, *image;

      sessio_vault_kdf_floor (&header.kdf);
      header.generation = 1;
      bytes = sessio_backup_encode (&header, key, data, size, SESSIO_BACKUP_CHUNK_MIN);
      out = g_memdup2 (g_bytes_get_data (bytes, &len), len);

      image = sessio_backup_decode (out, len, key, &parsed, &image_len, NULL);
      if (image == NULL || image_len != size || (size > 0 && memcmp (image, data, size) != 0))
        abort ();
      sqlite3_free (image);

      if (size > 0)
        {
          gsize at = (data[0] * 7919u + size) % len;

          out[at] ^= (guint8) (1u << (data[size - 1] % 8));
          if (sessio_backup_decode (out, len, key, &parsed, &image_len, NULL) != NULL)
            abort ();
          if (sessio_backup_decode (out, len - 1 - at % 17, key, &parsed, &image_len, NULL) != NULL)
            abort ();
        }
      g_free (out);
    }

  return 0;
}
