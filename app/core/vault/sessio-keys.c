/* sessio-keys.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "sessio-keys.h"

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

#define RECOVERY_DATA_CHARS 52  /* ceil (256 / 5) */
#define RECOVERY_CHECK_CHARS 4  /* 20 bits of checksum */

void
sessio_vault_kdf_floor (SessioVaultKdf *kdf)
{
  kdf->opslimit = SESSIO_KDF_OPSLIMIT_FLOOR;
  kdf->memlimit = SESSIO_KDF_MEMLIMIT_FLOOR;
}

gboolean
sessio_vault_kdf_is_acceptable (const SessioVaultKdf *kdf)
{
  return kdf->opslimit >= SESSIO_KDF_OPSLIMIT_FLOOR &&
         kdf->opslimit <= SESSIO_KDF_OPSLIMIT_MAX &&
         kdf->memlimit >= SESSIO_KDF_MEMLIMIT_FLOOR &&
         kdf->memlimit <= SESSIO_KDF_MEMLIMIT_MAX &&
         kdf->memlimit % 1024 == 0;
}

static double
time_kdf (const SessioVaultKdf *kdf)
{
  guint8 out[SESSIO_KEY_BYTES];
  guint8 salt[SESSIO_SALT_BYTES] = { 0 };
  gint64 start = g_get_monotonic_time ();

  if (crypto_pwhash (out, sizeof out, "calibration", 11, salt,
                     kdf->opslimit, (size_t) kdf->memlimit,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    return -1;

  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

void
sessio_vault_kdf_minimum (SessioVaultKdf *kdf)
{
  long pages = sysconf (_SC_PHYS_PAGES);
  long page_size = sysconf (_SC_PAGESIZE);
  guint64 memlimit = SESSIO_KDF_MEMLIMIT_MINIMUM;

  /* Only a machine that truly lacks the memory gets less: a quarter of
   * it, in powers of two, never under the floor. */
  if (pages > 0 && page_size > 0)
    {
      guint64 quarter = (guint64) pages * (guint64) page_size / 4;

      while (memlimit > quarter && memlimit > SESSIO_KDF_MEMLIMIT_FLOOR)
        memlimit /= 2;
    }

  kdf->opslimit = SESSIO_KDF_OPSLIMIT_MINIMUM;
  kdf->memlimit = memlimit;
}

gboolean
sessio_vault_kdf_is_below_minimum (const SessioVaultKdf *kdf)
{
  SessioVaultKdf minimum;

  sessio_vault_kdf_minimum (&minimum);
  return kdf->opslimit < minimum.opslimit || kdf->memlimit < minimum.memlimit;
}

/* Memory hardness is what hurts a GPU attacker most, so calibration starts
 * at the minimum (256 MiB, 3 passes) and only ever raises the pass count.
 * It used to halve the memory while a try took too long, so a vault made
 * while the machine was busy kept weak parameters for good. */
void
sessio_vault_kdf_calibrate (SessioVaultKdf *kdf,
                            double          target_seconds)
{
  SessioVaultKdf try;
  double t;

  sessio_vault_kdf_minimum (&try);
  t = time_kdf (&try);

  /* Could not even run it (no memory right now), or slower than the
   * target (a slow or busy machine): the minimum, never less. */
  if (t < 0 || t > target_seconds)
    {
      *kdf = try;
      return;
    }

  /* Time scales linearly with passes: extrapolate, then check once. */
  if (t > 0)
    {
      guint64 ops = (guint64) (try.opslimit * target_seconds / t);
      try.opslimit = CLAMP (ops, SESSIO_KDF_OPSLIMIT_FLOOR, SESSIO_KDF_OPSLIMIT_MAX);
    }

  *kdf = try;
}

guint8 *
sessio_key_new (void)
{
  guint8 *key = sodium_malloc (SESSIO_KEY_BYTES);

  if (key == NULL)
    g_error ("Out of secure memory");

  return key;
}

guint8 *
sessio_key_new_random (void)
{
  guint8 *key = sessio_key_new ();

  randombytes_buf (key, SESSIO_KEY_BYTES);
  return key;
}

guint8 *
sessio_key_dup (const guint8 *key)
{
  guint8 *copy = sessio_key_new ();

  memcpy (copy, key, SESSIO_KEY_BYTES);
  return copy;
}

void
sessio_key_free (guint8 *key)
{
  /* sodium_free() wipes before unmapping. */
  if (key != NULL)
    sodium_free (key);
}

void
sessio_key_free_text (char *text)
{
  if (text != NULL)
    sodium_free (text);
}

guint8 *
sessio_key_derive_passphrase (const char            *passphrase,
                              const guint8           salt[SESSIO_SALT_BYTES],
                              const SessioVaultKdf  *kdf,
                              GError               **error)
{
  guint8 *key;

  if (!sessio_vault_kdf_is_acceptable (kdf))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED,
                           _("The vault is damaged or has been modified"));
      return NULL;
    }

  key = sessio_key_new ();
  if (crypto_pwhash (key, SESSIO_KEY_BYTES, passphrase, strlen (passphrase), salt,
                     kdf->opslimit, (size_t) kdf->memlimit,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      sessio_key_free (key);
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("Not enough memory to derive the key from the passphrase"));
      return NULL;
    }

  return key;
}

/* The recovery key is already 256 uniformly random bits; the hash only
 * separates its use as a key-encryption key from any other use. */
guint8 *
sessio_key_derive_recovery (const guint8 *recovery_key)
{
  static const char label[] = "sessio recovery key-encryption key v1";
  guint8 *kek = sessio_key_new ();

  crypto_generichash (kek, SESSIO_KEY_BYTES, (const guint8 *) label, sizeof label - 1,
                      recovery_key, SESSIO_KEY_BYTES);
  return kek;
}

guint8 *
sessio_key_derive_subkey (const guint8 *data_key,
                          SessioSubkey  which)
{
  guint8 *sub = sessio_key_new ();

  crypto_kdf_derive_from_key (sub, SESSIO_KEY_BYTES, which, "SessioV1", data_key);
  return sub;
}

void
sessio_key_wrap (const guint8 *kek,
                 const guint8 *data_key,
                 const guint8 *aad,
                 gsize         aad_len,
                 guint8        nonce[SESSIO_NONCE_BYTES],
                 guint8        wrapped[SESSIO_WRAPPED_KEY_BYTES])
{
  unsigned long long len = 0;

  randombytes_buf (nonce, SESSIO_NONCE_BYTES);
  crypto_aead_xchacha20poly1305_ietf_encrypt (wrapped, &len, data_key, SESSIO_KEY_BYTES,
                                              aad, aad_len, NULL, nonce, kek);
  g_assert (len == SESSIO_WRAPPED_KEY_BYTES);
}

guint8 *
sessio_key_unwrap (const guint8 *kek,
                   const guint8 *aad,
                   gsize         aad_len,
                   const guint8  nonce[SESSIO_NONCE_BYTES],
                   const guint8  wrapped[SESSIO_WRAPPED_KEY_BYTES])
{
  guint8 *key = sessio_key_new ();
  unsigned long long len = 0;

  if (crypto_aead_xchacha20poly1305_ietf_decrypt (key, &len, NULL,
                                                  wrapped, SESSIO_WRAPPED_KEY_BYTES,
                                                  aad, aad_len, nonce, kek) != 0 ||
      len != SESSIO_KEY_BYTES)
    {
      sessio_key_free (key);
      return NULL;
    }

  return key;
}

/* The X25519 secret of a recovery key: a hash, so that this use of the
 * key is separate from its use as a key-encryption key. */
static void
recovery_secret (const guint8 *recovery_key,
                 guint8        secret[crypto_scalarmult_SCALARBYTES])
{
  static const char label[] = "sessio recovery x25519 v2";

  crypto_generichash (secret, crypto_scalarmult_SCALARBYTES, (const guint8 *) label, sizeof label - 1,
                      recovery_key, SESSIO_KEY_BYTES);
}

void
sessio_recovery_public_key (const guint8 *recovery_key,
                            guint8        public_key[SESSIO_RECOVERY_PUBLIC_BYTES])
{
  guint8 *secret = sessio_key_new ();

  recovery_secret (recovery_key, secret);
  crypto_scalarmult_base (public_key, secret);
  sessio_key_free (secret);
}

/* The key-encryption key of a sealed wrap: BLAKE2b keyed with the X25519
 * shared secret, over both public keys and the wrap's associated data (so
 * a wrap is bound to its vault, like the symmetric one). */
static void
sealed_kek (const guint8 *shared,
            const guint8  ephemeral_public[SESSIO_RECOVERY_PUBLIC_BYTES],
            const guint8  recipient_public[SESSIO_RECOVERY_PUBLIC_BYTES],
            const guint8 *aad,
            gsize         aad_len,
            guint8       *kek)
{
  static const char label[] = "sessio recovery wrap v2";
  crypto_generichash_state state;

  crypto_generichash_init (&state, shared, crypto_scalarmult_BYTES, SESSIO_KEY_BYTES);
  crypto_generichash_update (&state, (const guint8 *) label, sizeof label - 1);
  crypto_generichash_update (&state, ephemeral_public, SESSIO_RECOVERY_PUBLIC_BYTES);
  crypto_generichash_update (&state, recipient_public, SESSIO_RECOVERY_PUBLIC_BYTES);
  crypto_generichash_update (&state, aad, aad_len);
  crypto_generichash_final (&state, kek, SESSIO_KEY_BYTES);
  sodium_memzero (&state, sizeof state);
}

/* The 8-byte check of a sealed wrap: tells a wrong recovery key from the
 * right one (the data key itself is then authenticated by the snapshot). */
static void
sealed_check (const guint8 *kek,
              const guint8 *enc,
              guint8        check[8])
{
  guint8 mac[16];

  crypto_generichash (mac, sizeof mac, enc, SESSIO_KEY_BYTES, kek, SESSIO_KEY_BYTES);
  memcpy (check, mac, 8);
}

void
sessio_recovery_seal (const guint8  public_key[SESSIO_RECOVERY_PUBLIC_BYTES],
                      const guint8 *data_key,
                      const guint8 *aad,
                      gsize         aad_len,
                      guint8        nonce[SESSIO_NONCE_BYTES],
                      guint8        wrapped[SESSIO_WRAPPED_KEY_BYTES])
{
  static const guint8 zero_nonce[crypto_stream_xchacha20_NONCEBYTES] = { 0 };
  guint8 slot[SESSIO_NONCE_BYTES + SESSIO_WRAPPED_KEY_BYTES];
  guint8 *ephemeral = sessio_key_new ();
  guint8 *shared = sessio_key_new ();
  guint8 *kek = sessio_key_new ();

  G_STATIC_ASSERT (sizeof slot == SESSIO_RECOVERY_PUBLIC_BYTES + SESSIO_KEY_BYTES + 8);

  /* A fresh ephemeral key pair per wrap, so the key stream (with a fixed
   * nonce) is never used twice. */
  do
    {
      randombytes_buf (ephemeral, crypto_scalarmult_SCALARBYTES);
      crypto_scalarmult_base (slot, ephemeral);
    }
  while (crypto_scalarmult (shared, ephemeral, public_key) != 0);

  sealed_kek (shared, slot, public_key, aad, aad_len, kek);
  crypto_stream_xchacha20_xor (slot + SESSIO_RECOVERY_PUBLIC_BYTES, data_key, SESSIO_KEY_BYTES,
                               zero_nonce, kek);
  sealed_check (kek, slot + SESSIO_RECOVERY_PUBLIC_BYTES, slot + SESSIO_RECOVERY_PUBLIC_BYTES + SESSIO_KEY_BYTES);

  memcpy (nonce, slot, SESSIO_NONCE_BYTES);
  memcpy (wrapped, slot + SESSIO_NONCE_BYTES, SESSIO_WRAPPED_KEY_BYTES);
  sessio_key_free (ephemeral);
  sessio_key_free (shared);
  sessio_key_free (kek);
}

guint8 *
sessio_recovery_unwrap (const guint8 *recovery_key,
                        const guint8 *aad,
                        gsize         aad_len,
                        const guint8  nonce[SESSIO_NONCE_BYTES],
                        const guint8  wrapped[SESSIO_WRAPPED_KEY_BYTES])
{
  static const guint8 zero_nonce[crypto_stream_xchacha20_NONCEBYTES] = { 0 };
  guint8 slot[SESSIO_NONCE_BYTES + SESSIO_WRAPPED_KEY_BYTES];
  guint8 recipient_public[SESSIO_RECOVERY_PUBLIC_BYTES];
  guint8 check[8];
  guint8 *kek, *secret, *shared, *data_key;
  gboolean ok;

  /* The symmetric wrap of every vault made before, and of creation. */
  kek = sessio_key_derive_recovery (recovery_key);
  data_key = sessio_key_unwrap (kek, aad, aad_len, nonce, wrapped);
  sessio_key_free (kek);
  if (data_key != NULL)
    return data_key;

  /* The sealed one, written by a passphrase change. */
  memcpy (slot, nonce, SESSIO_NONCE_BYTES);
  memcpy (slot + SESSIO_NONCE_BYTES, wrapped, SESSIO_WRAPPED_KEY_BYTES);
  secret = sessio_key_new ();
  shared = sessio_key_new ();
  recovery_secret (recovery_key, secret);
  crypto_scalarmult_base (recipient_public, secret);
  ok = crypto_scalarmult (shared, secret, slot) == 0;
  sessio_key_free (secret);
  if (!ok)
    {
      sessio_key_free (shared);
      return NULL;
    }

  kek = sessio_key_new ();
  sealed_kek (shared, slot, recipient_public, aad, aad_len, kek);
  sessio_key_free (shared);
  sealed_check (kek, slot + SESSIO_RECOVERY_PUBLIC_BYTES, check);
  if (sodium_memcmp (check, slot + SESSIO_RECOVERY_PUBLIC_BYTES + SESSIO_KEY_BYTES, sizeof check) != 0)
    {
      sessio_key_free (kek);
      return NULL;
    }

  data_key = sessio_key_new ();
  crypto_stream_xchacha20_xor (data_key, slot + SESSIO_RECOVERY_PUBLIC_BYTES, SESSIO_KEY_BYTES,
                               zero_nonce, kek);
  sessio_key_free (kek);
  return data_key;
}

static guint32
recovery_checksum (const guint8 *key)
{
  static const char label[] = "sessio recovery key checksum";
  guint8 hash[16];

  crypto_generichash (hash, sizeof hash, key, SESSIO_KEY_BYTES,
                      (const guint8 *) label, sizeof label - 1);
  return ((guint32) hash[0] << 12) | ((guint32) hash[1] << 4) | (hash[2] >> 4);
}

char *
sessio_recovery_key_format (const guint8 *recovery_key)
{
  char *text = sodium_malloc (SESSIO_RECOVERY_KEY_TEXT_LEN);
  char chars[RECOVERY_DATA_CHARS + RECOVERY_CHECK_CHARS];
  guint32 check = recovery_checksum (recovery_key);
  guint n = 0;

  /* Big-endian bit stream: 256 bits, padded with 4 zero bits to 52 chars. */
  for (guint i = 0; i < RECOVERY_DATA_CHARS; i++)
    {
      guint value = 0;

      for (guint b = 0; b < 5; b++)
        {
          guint bit = i * 5 + b;

          value <<= 1;
          if (bit < 256)
            value |= (recovery_key[bit / 8] >> (7 - bit % 8)) & 1;
        }
      chars[n++] = crockford[value];
    }
  for (int i = RECOVERY_CHECK_CHARS - 1; i >= 0; i--)
    chars[n++] = crockford[(check >> (i * 5)) & 31];

  n = 0;
  for (guint i = 0; i < sizeof chars; i++)
    {
      if (i > 0 && i % 4 == 0)
        text[n++] = '-';
      text[n++] = chars[i];
    }
  text[n] = '\0';
  sodium_memzero (chars, sizeof chars);

  return text;
}

static int
crockford_value (char c)
{
  c = g_ascii_toupper (c);
  if (c == 'O')
    c = '0';
  else if (c == 'I' || c == 'L')
    c = '1';

  for (int i = 0; i < 32; i++)
    if (crockford[i] == c)
      return i;

  return -1;
}

guint8 *
sessio_recovery_key_parse (const char  *text,
                           GError     **error)
{
  guint8 values[RECOVERY_DATA_CHARS + RECOVERY_CHECK_CHARS];
  guint8 *key;
  guint32 check = 0;
  guint padding;
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      int v;

      /* Line breaks too: a key copied from the screen or the sheet comes
       * in lines. */
      if (*p == '-' || g_ascii_isspace (*p))
        continue;
      v = crockford_value (*p);
      if (v < 0 || n >= sizeof values)
        {
          sodium_memzero (values, sizeof values);
          g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                               _("This is not a recovery key: check what you typed"));
          return NULL;
        }
      values[n++] = (guint8) v;
    }

  if (n != sizeof values)
    {
      sodium_memzero (values, sizeof values);
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("This is not a recovery key: check what you typed"));
      return NULL;
    }

  key = sessio_key_new ();
  memset (key, 0, SESSIO_KEY_BYTES);
  for (guint bit = 0; bit < 256; bit++)
    if ((values[bit / 5] >> (4 - bit % 5)) & 1)
      key[bit / 8] |= 1 << (7 - bit % 8);

  for (guint i = 0; i < RECOVERY_CHECK_CHARS; i++)
    check = (check << 5) | values[RECOVERY_DATA_CHARS + i];

  /* The 4 padding bits must be zero too: otherwise two texts would give
   * the same key, and one of them is a typo. */
  padding = values[RECOVERY_DATA_CHARS - 1] & 0x0f;
  sodium_memzero (values, sizeof values);

  if (check != recovery_checksum (key) || padding != 0)
    {
      sessio_key_free (key);
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The recovery key has a typo: check what you typed"));
      return NULL;
    }

  return key;
}
