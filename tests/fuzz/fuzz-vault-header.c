/* fuzz-vault-header.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: the snapshot header and the journal header parsers,
 * which read untrusted bytes before any authentication.  A parsed header
 * must write back to the same bytes.
 */

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "sessio-journal.h"
#include "sessio-vault-header.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  if (sodium_init () < 0)
    abort ();
  return 0;
}

static void parse_both (const guint8 *data, size_t size);

/* The checksum stops mutation at the door; half of the inputs get a
 * correct one, so that the fuzzer also reaches the field checks behind it. */
static void
fix_checksums (guint8 *copy,
               size_t  size)
{
  guint32 header_len;

  if (size >= 72 && memcmp (copy, "SESSIOJ", 8) == 0)
    crypto_generichash (copy + 40, 32, copy, 40, NULL, 0);

  if (size < 16)
    return;
  header_len = copy[12] | (copy[13] << 8) | (copy[14] << 16) | ((guint32) copy[15] << 24);
  if (header_len >= 48 && header_len <= size)
    crypto_generichash (copy + header_len - 32, 32, copy, header_len - 32, NULL, 0);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  parse_both (data, size);

  if (size > 0 && (data[size - 1] & 1))
    {
      guint8 *copy = g_memdup2 (data, size);

      fix_checksums (copy, size);
      parse_both (copy, size);
      g_free (copy);
    }

  return 0;
}

static void
parse_both (const guint8 *data,
            size_t        size)
{
  SessioVaultHeader header;
  SessioJournalHeader jheader;
  GError *error = NULL;

  if (sessio_vault_header_parse (data, size, &header, &error))
    {
      guint8 out[SESSIO_VAULT_HEADER_SIZE];
      guint8 aad[64];

      sessio_vault_header_write (&header, out);
      if (memcmp (out, data, SESSIO_VAULT_HEADER_SIZE) != 0)
        abort ();
      if (!sessio_vault_kdf_is_acceptable (&header.kdf))
        abort ();
      sessio_vault_header_wrap_aad (&header, SESSIO_WRAP_PASSPHRASE, aad);
      sessio_vault_header_wrap_aad (&header, SESSIO_WRAP_RECOVERY, aad);
    }
  else if (error == NULL ||
           (error->code != SESSIO_ERROR_DAMAGED && error->code != SESSIO_ERROR_NEWER_VERSION))
    abort ();
  g_clear_error (&error);

  if (sessio_journal_header_parse (data, size, &jheader, &error))
    {
      guint8 out[SESSIO_JOURNAL_HEADER_SIZE];

      sessio_journal_header_write (&jheader, out);
      if (memcmp (out, data, SESSIO_JOURNAL_HEADER_SIZE) != 0)
        abort ();
    }
  g_clear_error (&error);
}
