/* sessio-vault-private.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the backup module (sessio-backup.c) needs from an open vault and
 * nothing else may use: the key material and a way to create a vault from
 * a database image with given key wraps.  Kept out of sessio-vault.h so
 * that the rest of the app never sees the data key.
 */

#pragma once

#include "sessio-vault.h"
#include "sessio-vault-header.h"

G_BEGIN_DECLS

/* The header of the snapshot on disk: its key wraps, KDF parameters, salt
 * and vault id are what a backup copies.  NULL when the vault is closed. */
const SessioVaultHeader *sessio_vault_get_header   (SessioVault             *self);
/* The data key (sodium_malloc()ed, read-only), NULL when closed. */
const guint8            *sessio_vault_get_data_key (SessioVault             *self);

/* Creates a vault in @dir (which must hold none) from a database image:
 * the vault id, KDF parameters, salt and both key wraps come from @keys,
 * which must wrap @data_key, so the new vault opens with the same
 * passphrase and recovery key.  Its first generation is @keys->generation.
 * @image is sqlite3_malloc()ed and owned by the vault from here, even on
 * failure.  An image of an older schema is migrated. */
SessioVault *sessio_vault_create_from_image (const char              *dir,
                                             const SessioVaultHeader *keys,
                                             const guint8            *data_key,
                                             guint8                  *image,
                                             gsize                    image_len,
                                             GError                 **error);

/* Opens @dir with its data key, skipping only the KDF and the unwrap: for
 * tests that open a vault hundreds of thousands of times (the byte sweep
 * of tests/test-vault-stress.c).  Every other check of an open applies. */
SessioVault *sessio_vault_open_with_data_key (const char              *dir,
                                              const guint8            *data_key,
                                              GError                 **error);

G_END_DECLS
