/* sessio-passphrase-quality.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How strong a new vault passphrase is: one policy for the app and
 * sessio-cli, so that neither accepts what the other refuses.
 *
 * libpwquality knows patterns and, through cracklib, a word list of common
 * passwords.  The word list is a separate package (cracklib-runtime on
 * Debian, only "recommended" by libpwquality) and is missing from minimal
 * systems and some Flatpak runtimes.  There pwquality refuses every
 * passphrase ("error loading dictionary"), which once made it impossible to
 * create a vault.  So the word list is probed once, and where it cannot be
 * loaded the checks that need none still apply (length, variety, repeats
 * and sequences, pwquality's own scoring) and the hint says, calmly, that
 * common words were not checked.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#ifdef HAVE_PWQUALITY
# include <pwquality.h>
#endif

#include "sessio-error.h"
#include "sessio-passphrase-quality.h"

/* A passphrase of fewer different characters than this is a repeat
 * ("aaaaaaaaaaaa", "abababababab"), with or without a word list. */
#define MIN_DISTINCT_CHARACTERS 5

G_LOCK_DEFINE_STATIC (word_list);
static char *word_list_path;       /* NULL: pwquality's own setting */
static int word_list_usable = -1;  /* -1: not probed yet */

/**
 * sessio_passphrase_quality_set_word_list:
 * @path: (nullable): the cracklib dictionary to use, without its
 *   extensions; %NULL for the system's
 *
 * Points the checks at another word list.  The tests use it to check that
 * a missing word list still lets a strong passphrase through.
 */
void
sessio_passphrase_quality_set_word_list (const char *path)
{
  G_LOCK (word_list);
  g_free (word_list_path);
  word_list_path = g_strdup (path);
  word_list_usable = -1;
  G_UNLOCK (word_list);
}

static guint
count_distinct_characters (const char *text)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  const char *p;

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    g_hash_table_add (seen, GUINT_TO_POINTER (g_utf8_get_char (p)));
  return g_hash_table_size (seen);
}

#ifdef HAVE_PWQUALITY

static pwquality_settings_t *
new_settings (const char *dictionary)
{
  pwquality_settings_t *settings = pwquality_default_settings ();

  /* The administrator's pwquality.conf applies, as for login passwords. */
  pwquality_read_config (settings, NULL, NULL);
  if (dictionary != NULL)
    pwquality_set_str_value (settings, PWQ_SETTING_DICT_PATH, dictionary);
  return settings;
}

/* Whether cracklib can load its word list.  Asked with a string that no
 * word list holds: if even that fails the dictionary check, the list
 * itself is missing or unreadable.  This does not depend on the wording
 * or the language of cracklib's messages. */
static gboolean
probe_word_list (const char *dictionary)
{
  static const char probe[] = "Vq8#tL2!mZ5@wR9$kJ";
  pwquality_settings_t *settings = new_settings (dictionary);
  void *auxerror = NULL;
  int score;

  score = pwquality_check (settings, probe, NULL, NULL, &auxerror);
  if (score < 0)
    {
      char buf[PWQ_MAX_ERROR_MESSAGE_LEN];

      /* Handing auxerror back is what releases it. */
      pwquality_strerror (buf, sizeof buf, score, auxerror);
    }
  pwquality_free_settings (settings);
  return score != PWQ_ERROR_CRACKLIB_CHECK;
}

static gboolean
word_list_available (char **dictionary)
{
  gboolean usable;

  G_LOCK (word_list);
  *dictionary = g_strdup (word_list_path);
  if (word_list_usable < 0)
    word_list_usable = probe_word_list (word_list_path);
  usable = word_list_usable;
  G_UNLOCK (word_list);
  return usable;
}

/* Returns pwquality's score (0 … 100), or -1 with @reason set. */
static int
pwquality_score (const char  *passphrase,
                 gboolean    *no_word_list,
                 char       **reason)
{
  g_autofree char *dictionary = NULL;
  pwquality_settings_t *settings;
  void *auxerror = NULL;
  int score;

  *no_word_list = !word_list_available (&dictionary);
  settings = new_settings (dictionary);
  if (*no_word_list)
    {
      /* What cracklib would have caught without its list: runs of one
       * character and keyboard or alphabet sequences. */
      pwquality_set_int_value (settings, PWQ_SETTING_DICT_CHECK, 0);
      pwquality_set_int_value (settings, PWQ_SETTING_MAX_REPEAT, 3);
      pwquality_set_int_value (settings, PWQ_SETTING_MAX_SEQUENCE, 4);
    }

  score = pwquality_check (settings, passphrase, NULL, NULL, &auxerror);
  if (score < 0)
    {
      char buf[PWQ_MAX_ERROR_MESSAGE_LEN];

      /* Handing auxerror back is what releases it. */
      *reason = g_strdup (pwquality_strerror (buf, sizeof buf, score, auxerror));
    }
  pwquality_free_settings (settings);
  return score;
}

#endif /* HAVE_PWQUALITY */

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

  if (count_distinct_characters (passphrase) < MIN_DISTINCT_CHARACTERS)
    {
      quality->strength = 0.1;
      quality->hint = g_strdup (_("Too repetitive: use several different words"));
      return;
    }

#ifdef HAVE_PWQUALITY
  {
    g_autofree char *reason = NULL;
    int score = pwquality_score (passphrase, &quality->no_word_list, &reason);

    if (score < 0)
      {
        quality->strength = 0.2;
        quality->hint = g_strdup_printf (_("Too weak: %s"), reason);
        return;
      }
    quality->strength = CLAMP (0.3 + 0.7 * score / 100.0, 0.3, 1.0);
  }
#else
  quality->no_word_list = TRUE;
  quality->strength = CLAMP ((double) length / 24.0, 0.3, 1.0);
#endif

  quality->acceptable = TRUE;
  if (quality->no_word_list)
    quality->hint = g_strdup (quality->strength < 0.6
                              ? _("Acceptable; a few more words make it stronger. Common words could not be checked on this computer")
                              : _("Strong. Common words could not be checked on this computer"));
  else
    quality->hint = g_strdup (quality->strength < 0.6
                              ? _("Acceptable; a few more words make it stronger")
                              : _("Strong"));
}

/**
 * sessio_passphrase_check_new:
 * @passphrase: a passphrase about to protect a vault
 * @error: return location for a %SESSIO_ERROR_INVALID_INPUT error
 *
 * The policy for every new passphrase, in the app and in sessio-cli: the
 * same verdict and the same translated reason.
 *
 * Returns: %TRUE when @passphrase may protect a vault
 */
gboolean
sessio_passphrase_check_new (const char  *passphrase,
                             GError     **error)
{
  SessioPassphraseQuality quality;
  gboolean acceptable;

  sessio_passphrase_quality_check (passphrase, &quality);
  acceptable = quality.acceptable;
  if (!acceptable)
    g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT, quality.hint);
  sessio_passphrase_quality_clear (&quality);
  return acceptable;
}
