/* sessio-secret.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Passphrases and recovery keys on their way from a widget or a file to
 * the key derivation: kept in guarded memory that is never swapped out
 * and is wiped when freed.
 */

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "sessio-secret.h"

/**
 * sessio_secret_dup:
 * @text: a NUL-terminated secret
 *
 * Returns: (transfer full): a copy in sodium_malloc() memory; free with
 *   sessio_secret_free()
 */
char *
sessio_secret_dup (const char *text)
{
  gsize len;
  char *copy;

  g_return_val_if_fail (text != NULL, NULL);

  len = strlen (text);
  copy = sodium_malloc (len + 1);
  if (copy == NULL)
    g_error ("Out of guarded memory");
  memcpy (copy, text, len + 1);

  return copy;
}

void
sessio_secret_free (char *secret)
{
  if (secret != NULL)
    sodium_free (secret);
}
