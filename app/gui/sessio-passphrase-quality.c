/* sessio-passphrase-quality.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How strong a new vault passphrase is.  libpwquality knows dictionaries
 * and patterns; it is optional at build time (some runtimes lack it), and
 * without it only the length rule applies.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#ifdef HAVE_PWQUALITY
# include <pwquality.h>
#endif

#include "sessio-passphrase-quality.h"

void
sessio_passphrase_quality_clear (SessioPassphraseQuality *quality)
{
  g_clear_pointer (&quality->hint, g_free);
}

void
sessio_passphrase_quality_check (const char              *passphrase,
                                 SessioPassphraseQuality *quality)
{
  glong length;

  memset (quality, 0, sizeof *quality);

  length = passphrase != NULL ? g_utf8_strlen (passphrase, -1) : 0;
  if (length == 0)
    {
      quality->hint = g_strdup (_("Choose a passphrase of several words"));
      return;
    }

  if (length < SESSIO_PASSPHRASE_MIN_LENGTH)
    {
      quality->strength = 0.1 * length / SESSIO_PASSPHRASE_MIN_LENGTH;
      quality->hint = g_strdup_printf (ngettext ("Too short: use at least %d character",
                                                 "Too short: use at least %d characters",
                                                 SESSIO_PASSPHRASE_MIN_LENGTH),
                                       SESSIO_PASSPHRASE_MIN_LENGTH);
      return;
    }

#ifdef HAVE_PWQUALITY
  {
    pwquality_settings_t *settings = pwquality_default_settings ();
    void *auxerror = NULL;
    int score;

    pwquality_read_config (settings, NULL, NULL);
    score = pwquality_check (settings, passphrase, NULL, NULL, &auxerror);
    if (score < 0)
      {
        char buf[PWQ_MAX_ERROR_MESSAGE_LEN];
        const char *reason = pwquality_strerror (buf, sizeof buf, score, auxerror);

        quality->strength = 0.2;
        quality->hint = g_strdup_printf (_("Too weak: %s"), reason);
        pwquality_free_settings (settings);
        return;
      }
    pwquality_free_settings (settings);
    quality->strength = CLAMP (0.3 + 0.7 * score / 100.0, 0.3, 1.0);
  }
#else
  quality->strength = CLAMP ((double) length / 24.0, 0.3, 1.0);
#endif

  quality->acceptable = TRUE;
  if (quality->strength < 0.6)
    quality->hint = g_strdup (_("Acceptable; a few more words make it stronger"));
  else
    quality->hint = g_strdup (_("Strong"));
}
