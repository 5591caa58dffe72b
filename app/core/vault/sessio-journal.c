/* sessio-journal.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * File header (little-endian): magic "SESSIOJ\0" (8), version u32,
 * header_len u32 (72), vault_id (16), generation u64, BLAKE2b-256 of the
 * preceding 40 bytes (32).
 *
 * Record: length u32 (of what follows the prefix), check u32 (the first
 * four bytes of BLAKE2b of "SJ" and the length), nonce (24), ciphertext
 * with its tag.  After the last record the file may hold zeros: the
 * writer extends it a megabyte at a time and then overwrites the zeros,
 * so that a commit's fdatasync() has no file size to update.  The associated data is "SESSIOJR", vault id, generation
 * and the record's sequence number, which is its position and is not
 * stored: a record moved, dropped from the middle or copied from another
 * generation or vault fails authentication.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "sessio-journal.h"

static const guint8 magic[8] = { 'S', 'E', 'S', 'S', 'I', 'O', 'J', 0 };

#define AAD_LEN (8 + SESSIO_VAULT_ID_BYTES + 8 + 8)

static void
put_le (guint8 *p, guint64 v, int bytes)
{
  for (int i = 0; i < bytes; i++)
    p[i] = (guint8) (v >> (8 * i));
}

static guint64
get_le (const guint8 *p, int bytes)
{
  guint64 v = 0;

  for (int i = bytes - 1; i >= 0; i--)
    v = (v << 8) | p[i];
  return v;
}

static guint32
prefix_check (guint32 length)
{
  guint8 in[6] = { 'S', 'J' };
  guint8 out[16];

  put_le (in + 2, length, 4);
  crypto_generichash (out, sizeof out, in, sizeof in, NULL, 0);
  return (guint32) get_le (out, 4);
}

gboolean
sessio_journal_header_parse (const guint8         *data,
                             gsize                 len,
                             SessioJournalHeader  *header,
                             GError              **error)
{
  guint8 sum[32];

  memset (header, 0, sizeof *header);

  if (len < SESSIO_JOURNAL_HEADER_SIZE ||
      memcmp (data, magic, sizeof magic) != 0 ||
      get_le (data + 12, 4) != SESSIO_JOURNAL_HEADER_SIZE)
    goto damaged;

  crypto_generichash (sum, sizeof sum, data, 40, NULL, 0);
  if (sodium_memcmp (sum, data + 40, sizeof sum) != 0)
    goto damaged;

  header->version = (guint32) get_le (data + 8, 4);
  if (header->version == 0)
    goto damaged;
  if (header->version > SESSIO_VAULT_FORMAT_VERSION)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_NEWER_VERSION,
                           _("This vault was written by a newer version of Sessio: update Sessio to open it"));
      return FALSE;
    }

  memcpy (header->vault_id, data + 16, SESSIO_VAULT_ID_BYTES);
  header->generation = get_le (data + 32, 8);
  if (header->generation == 0)
    goto damaged;

  return TRUE;

damaged:
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED,
                       _("The vault is damaged or has been modified"));
  return FALSE;
}

void
sessio_journal_header_write (const SessioJournalHeader *header,
                             guint8                     out[SESSIO_JOURNAL_HEADER_SIZE])
{
  memcpy (out, magic, sizeof magic);
  put_le (out + 8, header->version, 4);
  put_le (out + 12, SESSIO_JOURNAL_HEADER_SIZE, 4);
  memcpy (out + 16, header->vault_id, SESSIO_VAULT_ID_BYTES);
  put_le (out + 32, header->generation, 8);
  crypto_generichash (out + 40, 32, out, 40, NULL, 0);
}

static gboolean
all_zero (const guint8 *data,
          gsize         len)
{
  for (gsize i = 0; i < len; i++)
    if (data[i] != 0)
      return FALSE;
  return TRUE;
}

SessioJournalNext
sessio_journal_next (const guint8  *data,
                     gsize          len,
                     gsize         *offset,
                     const guint8 **record,
                     gsize         *record_len)
{
  gsize at = *offset;
  guint32 length;

  if (at > len)
    return SESSIO_JOURNAL_NEXT_DAMAGED;

  /* The zeros after the last record: all of them must be zero. */
  if (all_zero (data + at, MIN (len - at, SESSIO_JOURNAL_PREFIX_SIZE)))
    return all_zero (data + at, len - at) ? SESSIO_JOURNAL_NEXT_END : SESSIO_JOURNAL_NEXT_DAMAGED;

  /* A crash while appending leaves part of the last record, then zeros
   * or the end of the file: a short prefix, or a prefix whose body runs
   * past the end.  A prefix whose check fails with more data after it is
   * not a crash: prefix and body are written by one write(), prefix
   * first. */
  if (len - at < SESSIO_JOURNAL_PREFIX_SIZE)
    return SESSIO_JOURNAL_NEXT_TORN;

  length = (guint32) get_le (data + at, 4);
  if ((guint32) get_le (data + at + 4, 4) != prefix_check (length) ||
      length < SESSIO_NONCE_BYTES + SESSIO_TAG_BYTES ||
      length > SESSIO_JOURNAL_RECORD_MAX)
    return all_zero (data + at + SESSIO_JOURNAL_PREFIX_SIZE, len - at - SESSIO_JOURNAL_PREFIX_SIZE)
           ? SESSIO_JOURNAL_NEXT_TORN : SESSIO_JOURNAL_NEXT_DAMAGED;

  if (len - at - SESSIO_JOURNAL_PREFIX_SIZE < length)
    return SESSIO_JOURNAL_NEXT_TORN;

  *record = data + at + SESSIO_JOURNAL_PREFIX_SIZE;
  *record_len = length;
  *offset = at + SESSIO_JOURNAL_PREFIX_SIZE + length;
  return SESSIO_JOURNAL_NEXT_RECORD;
}

gboolean
sessio_journal_is_torn (const guint8 *data,
                        gsize         len,
                        const guint8 *record,
                        gsize         record_len)
{
  gsize end = (gsize) (record - data) + record_len;

  /* A record cut short by a crash over the writer's zeros ends in zeros
   * where its tag should be (a real tag ends in 8 zero bytes with
   * probability 2^-64), and nothing but zeros follows it.  Making the
   * last record look like this is no more than cutting it off, which
   * anyone with the file can do anyway. */
  return record_len >= 8 && end <= len &&
         all_zero (record + record_len - 8, 8) &&
         all_zero (data + end, len - end);
}

static void
make_aad (guint8        aad[AAD_LEN],
          const guint8  vault_id[SESSIO_VAULT_ID_BYTES],
          guint64       generation,
          guint64       seq)
{
  memcpy (aad, "SESSIOJR", 8);
  memcpy (aad + 8, vault_id, SESSIO_VAULT_ID_BYTES);
  put_le (aad + 8 + SESSIO_VAULT_ID_BYTES, generation, 8);
  put_le (aad + 16 + SESSIO_VAULT_ID_BYTES, seq, 8);
}

GBytes *
sessio_journal_seal (const guint8 *journal_key,
                     const guint8  vault_id[SESSIO_VAULT_ID_BYTES],
                     guint64       generation,
                     guint64       seq,
                     const guint8 *plain,
                     gsize         plain_len)
{
  gsize length = SESSIO_NONCE_BYTES + plain_len + SESSIO_TAG_BYTES;
  guint8 aad[AAD_LEN];
  guint8 *out;
  unsigned long long clen = 0;

  g_return_val_if_fail (length <= SESSIO_JOURNAL_RECORD_MAX, NULL);

  out = g_malloc (SESSIO_JOURNAL_PREFIX_SIZE + length);
  put_le (out, length, 4);
  put_le (out + 4, prefix_check ((guint32) length), 4);
  randombytes_buf (out + SESSIO_JOURNAL_PREFIX_SIZE, SESSIO_NONCE_BYTES);
  make_aad (aad, vault_id, generation, seq);
  crypto_aead_xchacha20poly1305_ietf_encrypt (out + SESSIO_JOURNAL_PREFIX_SIZE + SESSIO_NONCE_BYTES,
                                              &clen, plain, plain_len, aad, sizeof aad, NULL,
                                              out + SESSIO_JOURNAL_PREFIX_SIZE, journal_key);

  return g_bytes_new_take (out, SESSIO_JOURNAL_PREFIX_SIZE + length);
}

guint8 *
sessio_journal_open_record (const guint8 *journal_key,
                            const guint8  vault_id[SESSIO_VAULT_ID_BYTES],
                            guint64       generation,
                            guint64       seq,
                            const guint8 *record,
                            gsize         record_len,
                            gsize        *plain_len)
{
  guint8 aad[AAD_LEN];
  guint8 *plain;
  unsigned long long mlen = 0;

  if (record_len < SESSIO_NONCE_BYTES + SESSIO_TAG_BYTES)
    return NULL;

  plain = g_malloc (record_len - SESSIO_NONCE_BYTES - SESSIO_TAG_BYTES + 1);
  make_aad (aad, vault_id, generation, seq);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (plain, &mlen, NULL,
                                                  record + SESSIO_NONCE_BYTES,
                                                  record_len - SESSIO_NONCE_BYTES,
                                                  aad, sizeof aad, record, journal_key) != 0)
    {
      g_free (plain);
      return NULL;
    }

  *plain_len = mlen;
  return plain;
}
