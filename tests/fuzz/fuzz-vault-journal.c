/* fuzz-vault-journal.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: the journal's record framing and record decryption
 * on arbitrary bytes (what a damaged or modified journal file holds).
 * The walk must stay in bounds and end; forged records must not
 * authenticate.
 */

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "sessio-journal.h"

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

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  SessioJournalHeader header = { 0 };
  gsize offset = 0;
  guint64 seq = 0;

  /* With or without a valid file header: the record walk must cope with
   * anything after it. */
  if (sessio_journal_header_parse (data, size, &header, NULL))
    offset = SESSIO_JOURNAL_HEADER_SIZE;

  for (;;)
    {
      const guint8 *record = NULL;
      gsize record_len = 0, plain_len = 0, before = offset;
      guint8 *plain;
      SessioJournalNext next = sessio_journal_next (data, size, &offset, &record, &record_len);

      if (next != SESSIO_JOURNAL_NEXT_RECORD)
        break;
      if (offset <= before || offset > size || record < data || record + record_len > data + size)
        abort ();

      plain = sessio_journal_open_record (key, header.vault_id, header.generation, seq++,
                                          record, record_len, &plain_len);
      /* Forging a Poly1305 tag by mutation is not a thing. */
      if (plain != NULL)
        abort ();
      sessio_journal_is_torn (data, size, record, record_len);
    }

  /* A record sealed here opens, and only at its own position. */
  if (size > 0 && size < 4096)
    {
      g_autoptr(GBytes) sealed = sessio_journal_seal (key, header.vault_id, 7, 3, data, size);
      gsize len, rec_off = 0, rec_len = 0, plain_len = 0;
      const guint8 *bytes = g_bytes_get_data (sealed, &len);
      const guint8 *record = NULL;
      guint8 *plain;

      if (sessio_journal_next (bytes, len, &rec_off, &record, &rec_len) != SESSIO_JOURNAL_NEXT_RECORD ||
          rec_off != len)
        abort ();
      plain = sessio_journal_open_record (key, header.vault_id, 7, 3, record, rec_len, &plain_len);
      if (plain == NULL || plain_len != size || memcmp (plain, data, size) != 0)
        abort ();
      g_free (plain);
      if (sessio_journal_open_record (key, header.vault_id, 7, 4, record, rec_len, &plain_len) != NULL ||
          sessio_journal_open_record (key, header.vault_id, 8, 3, record, rec_len, &plain_len) != NULL)
        abort ();
    }

  return 0;
}
