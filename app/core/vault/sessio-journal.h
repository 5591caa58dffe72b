/* sessio-journal.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The vault's append-only journal: a small checksummed file header and
 * one AEAD record per committed transaction (docs/vault-format.md).  The
 * parsing here is pure and bounded so that it can be fuzzed; the file
 * handling lives in sessio-vault.c.
 */

#pragma once

#include <glib.h>

#include "sessio-vault-header.h"

G_BEGIN_DECLS

#define SESSIO_JOURNAL_HEADER_SIZE  72
#define SESSIO_JOURNAL_PREFIX_SIZE  8     /* u32 length + u32 check */
/* One changeset never exceeds this; a longer length is damage. */
#define SESSIO_JOURNAL_RECORD_MAX   (G_GUINT64_CONSTANT (1) << 30)

typedef struct
{
  guint32 version;
  guint8  vault_id[SESSIO_VAULT_ID_BYTES];
  guint64 generation;
} SessioJournalHeader;

typedef enum
{
  SESSIO_JOURNAL_NEXT_RECORD,   /* *record and *record_len are set */
  SESSIO_JOURNAL_NEXT_END,      /* clean end of the journal (zeros may follow) */
  SESSIO_JOURNAL_NEXT_TORN,     /* an incomplete final record: a crash while appending */
  SESSIO_JOURNAL_NEXT_DAMAGED,  /* a record prefix that fails its check */
} SessioJournalNext;

gboolean           sessio_journal_header_parse (const guint8              *data,
                                                gsize                      len,
                                                SessioJournalHeader       *header,
                                                GError                   **error);
void               sessio_journal_header_write (const SessioJournalHeader *header,
                                                guint8                     out[SESSIO_JOURNAL_HEADER_SIZE]);

/* Steps over the record at *offset (which starts after the file header).
 * On NEXT_RECORD, *record points at nonce and ciphertext and *offset moves
 * past it. */
SessioJournalNext  sessio_journal_next         (const guint8              *data,
                                                gsize                      len,
                                                gsize                     *offset,
                                                const guint8             **record,
                                                gsize                     *record_len);

/* For a record that fails authentication: TRUE when it is the torn last
 * record of a crash (its end is still the writer's zeros and only zeros
 * follow), FALSE when it is damage. */
gboolean           sessio_journal_is_torn      (const guint8              *data,
                                                gsize                      len,
                                                const guint8              *record,
                                                gsize                      record_len);

/* Frames and encrypts @plain as record number @seq of the journal of
 * @generation.  Returns the bytes to append (prefix included). */
GBytes            *sessio_journal_seal         (const guint8              *journal_key,
                                                const guint8               vault_id[SESSIO_VAULT_ID_BYTES],
                                                guint64                    generation,
                                                guint64                    seq,
                                                const guint8              *plain,
                                                gsize                      plain_len);
/* Decrypts a record returned by sessio_journal_next().  Returns NULL when
 * it does not authenticate as record @seq of @generation of this vault.
 * The plaintext is in an ordinary buffer the caller wipes (g_free after
 * sodium_memzero). */
guint8            *sessio_journal_open_record  (const guint8              *journal_key,
                                                const guint8               vault_id[SESSIO_VAULT_ID_BYTES],
                                                guint64                    generation,
                                                guint64                    seq,
                                                const guint8              *record,
                                                gsize                      record_len,
                                                gsize                     *plain_len);

G_END_DECLS
