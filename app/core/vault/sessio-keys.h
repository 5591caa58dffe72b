/* sessio-keys.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Key material for the vault: the passphrase KDF (Argon2id) and its
 * parameters, key wrapping, sub-keys, and the printable recovery key.
 * Every key lives in sodium_malloc() memory and is freed with
 * sessio_key_free(), which wipes it.
 */

#pragma once

#include <glib.h>

#include "sessio-error.h"

G_BEGIN_DECLS

#define SESSIO_KEY_BYTES          32
#define SESSIO_SALT_BYTES         16
#define SESSIO_NONCE_BYTES        24
#define SESSIO_TAG_BYTES          16
#define SESSIO_WRAPPED_KEY_BYTES  (SESSIO_KEY_BYTES + SESSIO_TAG_BYTES)

/* Argon2id bounds.  The floor protects a stolen vault against cheap
 * guessing; the ceiling keeps a modified header from making the unlock
 * take hours or exhaust memory.  A header outside them is refused as
 * damaged or modified before the KDF runs. */
#define SESSIO_KDF_MEMLIMIT_FLOOR  (G_GUINT64_CONSTANT (64) << 20)
#define SESSIO_KDF_MEMLIMIT_MAX    (G_GUINT64_CONSTANT (4) << 30)
#define SESSIO_KDF_OPSLIMIT_FLOOR  2
#define SESSIO_KDF_OPSLIMIT_MAX    64

/* The fixed floor of work for a real vault, whatever the machine's load
 * when it was created: 256 MiB and 3 passes (less memory only on a
 * machine without it, see sessio_vault_kdf_minimum()).  The floor above
 * (64 MiB, 2 passes) stays what a header may hold: older vaults, and
 * the test suite (SESSIO_TEST_KDF_FLOOR=1), which must stay fast. */
#define SESSIO_KDF_MEMLIMIT_MINIMUM (G_GUINT64_CONSTANT (256) << 20)
#define SESSIO_KDF_OPSLIMIT_MINIMUM 3

/* The text of a recovery key: 56 Crockford base32 characters in groups of
 * four separated by dashes (13 groups of key, one checksum group), NUL. */
#define SESSIO_RECOVERY_KEY_TEXT_LEN (14 * 5)

typedef struct
{
  guint64 opslimit;
  guint64 memlimit;   /* bytes */
} SessioVaultKdf;

typedef enum
{
  SESSIO_SUBKEY_SNAPSHOT = 1,
  SESSIO_SUBKEY_JOURNAL = 2,
  SESSIO_SUBKEY_BACKUP = 3,    /* the stream of a backup file (sessio-backup.c) */
} SessioSubkey;

void      sessio_vault_kdf_floor          (SessioVaultKdf       *kdf);
/* The least work a real vault gets on this machine: 256 MiB and 3 passes,
 * or less memory (never under the floor) where a quarter of the machine's
 * memory is less than 256 MiB. */
void      sessio_vault_kdf_minimum        (SessioVaultKdf       *kdf);
/* TRUE when @kdf asks for less memory or fewer passes than the minimum. */
gboolean  sessio_vault_kdf_is_below_minimum (const SessioVaultKdf *kdf);
/* Picks parameters taking about @target_seconds on this machine, never
 * below the minimum, however slow or busy the machine is.  Slow by
 * design: for the app and sessio-cli, not tests. */
void      sessio_vault_kdf_calibrate      (SessioVaultKdf       *kdf,
                                           double                target_seconds);
gboolean  sessio_vault_kdf_is_acceptable  (const SessioVaultKdf *kdf);

guint8   *sessio_key_new                  (void);
guint8   *sessio_key_new_random           (void);
guint8   *sessio_key_dup                  (const guint8         *key);
void      sessio_key_free                 (guint8               *key);

guint8   *sessio_key_derive_passphrase    (const char           *passphrase,
                                           const guint8          salt[SESSIO_SALT_BYTES],
                                           const SessioVaultKdf *kdf,
                                           GError              **error);
guint8   *sessio_key_derive_recovery      (const guint8         *recovery_key);
guint8   *sessio_key_derive_subkey        (const guint8         *data_key,
                                           SessioSubkey          which);

void      sessio_key_wrap                 (const guint8         *kek,
                                           const guint8         *data_key,
                                           const guint8         *aad,
                                           gsize                 aad_len,
                                           guint8                nonce[SESSIO_NONCE_BYTES],
                                           guint8                wrapped[SESSIO_WRAPPED_KEY_BYTES]);
/* Returns the data key, or NULL when @kek does not open @wrapped. */
guint8   *sessio_key_unwrap               (const guint8         *kek,
                                           const guint8         *aad,
                                           gsize                 aad_len,
                                           const guint8          nonce[SESSIO_NONCE_BYTES],
                                           const guint8          wrapped[SESSIO_WRAPPED_KEY_BYTES]);

/* The recovery wrap that a passphrase change can make without the
 * recovery key (docs/vault-format.md, Keys): an X25519 key pair is derived
 * from the recovery key, and the data key is wrapped for its public half
 * with a fresh ephemeral key pair.  It fills the same 72 bytes as the
 * symmetric wrap (nonce and wrapped key): ephemeral public key (32), the
 * data key XORed with an XChaCha20 key stream (32), an 8-byte check. */
#define SESSIO_RECOVERY_PUBLIC_BYTES 32

void      sessio_recovery_public_key      (const guint8         *recovery_key,
                                           guint8                public_key[SESSIO_RECOVERY_PUBLIC_BYTES]);
void      sessio_recovery_seal            (const guint8          public_key[SESSIO_RECOVERY_PUBLIC_BYTES],
                                           const guint8         *data_key,
                                           const guint8         *aad,
                                           gsize                 aad_len,
                                           guint8                nonce[SESSIO_NONCE_BYTES],
                                           guint8                wrapped[SESSIO_WRAPPED_KEY_BYTES]);
/* Opens either kind of recovery wrap (symmetric, as before, or sealed):
 * the data key, or NULL when @recovery_key opens neither. */
guint8   *sessio_recovery_unwrap          (const guint8         *recovery_key,
                                           const guint8         *aad,
                                           gsize                 aad_len,
                                           const guint8          nonce[SESSIO_NONCE_BYTES],
                                           const guint8          wrapped[SESSIO_WRAPPED_KEY_BYTES]);

/* The recovery key as text, in sodium_malloc() memory (free with
 * sessio_key_free_text()). */
char     *sessio_recovery_key_format      (const guint8         *recovery_key);
/* Parses what the user typed: case, spaces and dashes do not matter, and
 * the usual Crockford look-alikes (O→0, I/L→1) are accepted.  Fails with
 * SESSIO_ERROR_INVALID_INPUT on a typo the checksum catches. */
guint8   *sessio_recovery_key_parse       (const char           *text,
                                           GError              **error);
void      sessio_key_free_text            (char                 *text);

G_END_DECLS
