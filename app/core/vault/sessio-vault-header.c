/* sessio-vault-header.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layout (little-endian), see docs/vault-format.md:
 *
 *   0  magic "SESSIOV\0"     8     104  pass_wrapped      48
 *   8  version u32           4     152  recovery_nonce    24
 *  12  header_len u32        4     176  recovery_wrapped  48
 *  16  vault_id             16     224  body_nonce        24
 *  32  generation u64        8     248  body_len u64       8
 *  40  folded_count u64      8     256  checksum          32
 *  48  opslimit u64          8          (BLAKE2b-256 of bytes 0..255)
 *  56  memlimit u64          8
 *  64  salt                 16
 *  80  pass_nonce           24
 */

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "sessio-bytes-private.h"
#include "sessio-vault-header.h"

static const guint8 magic[8] = { 'S', 'E', 'S', 'S', 'I', 'O', 'V', 0 };

static gboolean
damaged (GError **error)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED,
                       _("The vault is damaged or has been modified"));
  return FALSE;
}

gboolean
sessio_vault_header_parse (const guint8       *data,
                           gsize               len,
                           SessioVaultHeader  *header,
                           GError            **error)
{
  guint8 sum[SESSIO_VAULT_CHECKSUM_BYTES];
  guint32 header_len;

  memset (header, 0, sizeof *header);

  if (len < 16 || memcmp (data, magic, sizeof magic) != 0)
    return damaged (error);

  /* The checksum comes before the version: a single damaged byte anywhere
   * is reported as damage, not as a vault from the future.  Its position
   * follows header_len so that later versions can grow the header. */
  header_len = sessio_get_u32 (data + 12);
  if (header_len < 16 + SESSIO_VAULT_CHECKSUM_BYTES ||
      header_len > SESSIO_VAULT_HEADER_MAX || header_len > len)
    return damaged (error);

  crypto_generichash (sum, sizeof sum, data, header_len - SESSIO_VAULT_CHECKSUM_BYTES, NULL, 0);
  if (sodium_memcmp (sum, data + header_len - SESSIO_VAULT_CHECKSUM_BYTES, sizeof sum) != 0)
    return damaged (error);

  header->version = sessio_get_u32 (data + 8);
  if (header->version == 0)
    return damaged (error);
  if (header->version > SESSIO_VAULT_FORMAT_VERSION)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_NEWER_VERSION,
                           _("This vault was written by a newer version of Sessio: update Sessio to open it"));
      return FALSE;
    }
  if (header_len != SESSIO_VAULT_HEADER_SIZE)
    return damaged (error);

  memcpy (header->vault_id, data + 16, SESSIO_VAULT_ID_BYTES);
  header->generation = sessio_get_u64 (data + 32);
  header->folded_count = sessio_get_u64 (data + 40);
  header->kdf.opslimit = sessio_get_u64 (data + 48);
  header->kdf.memlimit = sessio_get_u64 (data + 56);
  memcpy (header->salt, data + 64, SESSIO_SALT_BYTES);
  memcpy (header->pass_nonce, data + 80, SESSIO_NONCE_BYTES);
  memcpy (header->pass_wrapped, data + 104, SESSIO_WRAPPED_KEY_BYTES);
  memcpy (header->recovery_nonce, data + 152, SESSIO_NONCE_BYTES);
  memcpy (header->recovery_wrapped, data + 176, SESSIO_WRAPPED_KEY_BYTES);
  memcpy (header->body_nonce, data + 224, SESSIO_NONCE_BYTES);
  header->body_len = sessio_get_u64 (data + 248);

  /* A header asking for a weaker KDF than the floor is an attempt to make
   * guessing cheap; one asking for hours of work is an attempt to hang us. */
  if (!sessio_vault_kdf_is_acceptable (&header->kdf) ||
      header->generation == 0 ||
      header->body_len < SESSIO_TAG_BYTES ||
      header->body_len > G_MAXSIZE / 2)
    return damaged (error);

  return TRUE;
}

void
sessio_vault_header_write (const SessioVaultHeader *header,
                           guint8                   out[SESSIO_VAULT_HEADER_SIZE])
{
  memcpy (out, magic, sizeof magic);
  sessio_put_u32 (out + 8, header->version);
  sessio_put_u32 (out + 12, SESSIO_VAULT_HEADER_SIZE);
  memcpy (out + 16, header->vault_id, SESSIO_VAULT_ID_BYTES);
  sessio_put_u64 (out + 32, header->generation);
  sessio_put_u64 (out + 40, header->folded_count);
  sessio_put_u64 (out + 48, header->kdf.opslimit);
  sessio_put_u64 (out + 56, header->kdf.memlimit);
  memcpy (out + 64, header->salt, SESSIO_SALT_BYTES);
  memcpy (out + 80, header->pass_nonce, SESSIO_NONCE_BYTES);
  memcpy (out + 104, header->pass_wrapped, SESSIO_WRAPPED_KEY_BYTES);
  memcpy (out + 152, header->recovery_nonce, SESSIO_NONCE_BYTES);
  memcpy (out + 176, header->recovery_wrapped, SESSIO_WRAPPED_KEY_BYTES);
  memcpy (out + 224, header->body_nonce, SESSIO_NONCE_BYTES);
  sessio_put_u64 (out + 248, header->body_len);
  crypto_generichash (out + 256, SESSIO_VAULT_CHECKSUM_BYTES, out, 256, NULL, 0);
}

gsize
sessio_vault_header_wrap_aad (const SessioVaultHeader *header,
                              SessioWrapKind           kind,
                              guint8                   out[64])
{
  static const char label[8] = { 'S', 'E', 'S', 'S', 'I', 'O', 'K', 'W' };

  /* The recovery wrap outlives passphrase changes (a new salt and maybe
   * new KDF parameters) and format upgrades, so it binds the vault id
   * only; the passphrase wrap binds what it was derived with too. */
  memcpy (out, label, 8);
  out[8] = (guint8) kind;
  memcpy (out + 9, header->vault_id, SESSIO_VAULT_ID_BYTES);
  if (kind == SESSIO_WRAP_RECOVERY)
    return 25;

  sessio_put_u64 (out + 25, header->kdf.opslimit);
  sessio_put_u64 (out + 33, header->kdf.memlimit);
  memcpy (out + 41, header->salt, SESSIO_SALT_BYTES);
  return 57;
}
