/* sessio-vault-header.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The header of the vault's encrypted snapshot file (docs/vault-format.md).
 * Parsing is pure and bounded so that it can be fuzzed.
 */

#pragma once

#include <glib.h>

#include "sessio-keys.h"

G_BEGIN_DECLS

#define SESSIO_VAULT_FORMAT_VERSION 1
#define SESSIO_VAULT_ID_BYTES       16
#define SESSIO_VAULT_HEADER_SIZE    288
#define SESSIO_VAULT_CHECKSUM_BYTES 32
/* Headers of future versions may grow, never beyond this. */
#define SESSIO_VAULT_HEADER_MAX     65536

typedef struct
{
  guint32        version;
  guint8         vault_id[SESSIO_VAULT_ID_BYTES];
  guint64        generation;
  /* How many records of generation - 1's journal this snapshot already
   * contains (0 for the first generation). */
  guint64        folded_count;
  SessioVaultKdf kdf;
  guint8         salt[SESSIO_SALT_BYTES];
  guint8         pass_nonce[SESSIO_NONCE_BYTES];
  guint8         pass_wrapped[SESSIO_WRAPPED_KEY_BYTES];
  guint8         recovery_nonce[SESSIO_NONCE_BYTES];
  guint8         recovery_wrapped[SESSIO_WRAPPED_KEY_BYTES];
  guint8         body_nonce[SESSIO_NONCE_BYTES];
  guint64        body_len;   /* ciphertext bytes after the header, tag included */
} SessioVaultHeader;

typedef enum
{
  SESSIO_WRAP_PASSPHRASE = 'P',
  SESSIO_WRAP_RECOVERY = 'R',
} SessioWrapKind;

/* Parses and checks the header at the start of @data.  Fails with
 * SESSIO_ERROR_DAMAGED (bad magic, checksum, sizes, KDF parameters out of
 * bounds) or SESSIO_ERROR_NEWER_VERSION. */
gboolean  sessio_vault_header_parse     (const guint8            *data,
                                         gsize                    len,
                                         SessioVaultHeader       *header,
                                         GError                 **error);
/* Writes the SESSIO_VAULT_HEADER_SIZE bytes of @header, checksum included. */
void      sessio_vault_header_write     (const SessioVaultHeader *header,
                                         guint8                   out[SESSIO_VAULT_HEADER_SIZE]);
/* The associated data binding a wrapped key to this vault and to the KDF
 * parameters and salt it was made with.  Returns its length. */
gsize     sessio_vault_header_wrap_aad  (const SessioVaultHeader *header,
                                         SessioWrapKind           kind,
                                         guint8                   out[64]);

G_END_DECLS
