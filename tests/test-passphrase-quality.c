/* test-passphrase-quality.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one passphrase policy of the app and sessio-cli, with the system's
 * cracklib word list and without one (a minimal system, a Flatpak runtime).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sessio-core.h"
#include "sessio-passphrase-quality.h"

static gboolean
accepted (const char *passphrase,
          gboolean   *no_word_list)
{
  SessioPassphraseQuality quality;
  gboolean ok;

  sessio_passphrase_quality_check (passphrase, &quality);
  ok = quality.acceptable;
  g_assert_nonnull (quality.hint);
  if (no_word_list != NULL)
    *no_word_list = quality.no_word_list;
  g_test_message ("%s: %s", passphrase, quality.hint);
  sessio_passphrase_quality_clear (&quality);
  return ok;
}

/* What every policy refuses, whatever word list there is. */
static void
check_refused_everywhere (void)
{
  g_assert_false (accepted ("", NULL));
  g_assert_false (accepted ("kort", NULL));
  g_assert_false (accepted ("a", NULL));
  g_assert_false (accepted ("123456789", NULL));        /* one short */
  g_assert_false (accepted ("aaaaaaaaaaaaaaaaaaaa", NULL));
  g_assert_false (accepted ("abababababababab", NULL));  /* two characters */
  g_assert_false (accepted ("abcdefghijklmnopqrstu", NULL));
}

static void
test_without_word_list (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sessio-pwq-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "pw_dict", NULL);
  gboolean no_word_list = FALSE;
  g_autoptr(GError) error = NULL;

  sessio_passphrase_quality_set_word_list (missing);

  check_refused_everywhere ();

  /* Strong passphrases pass, and say that common words were not checked. */
  g_assert_true (accepted ("tulpen regen fiets zeven lepels", &no_word_list));
  g_assert_true (no_word_list);
  g_assert_true (accepted ("violet harbour 47 lantern drift", NULL));
  g_assert_true (accepted ("Kw!9 zomer Appel_boom 2031", NULL));

  /* The command line's verdict is the same, with the same reason. */
  g_assert_true (sessio_passphrase_check_new ("violet harbour 47 lantern drift", &error));
  g_assert_no_error (error);
  g_assert_false (sessio_passphrase_check_new ("kort", &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "Too short"));

  sessio_passphrase_quality_set_word_list (NULL);
  g_rmdir (dir);
}

static void
test_with_system_word_list (void)
{
  gboolean no_word_list = TRUE;

  sessio_passphrase_quality_set_word_list (NULL);
  g_assert_true (accepted ("tulpen regen fiets zeven lepels", &no_word_list));
  if (no_word_list)
    {
      /* build-aux/dev installs cracklib-runtime: where it is missing the
       * test above covers the behaviour, and this one has nothing to check. */
      g_test_skip ("no cracklib word list on this system");
      return;
    }

  check_refused_everywhere ();
  /* The word list catches what length and variety alone let through. */
  g_assert_false (accepted ("administrator", NULL));   /* a dictionary word */
  g_assert_false (accepted ("sunshine12345", NULL));
  g_assert_true (accepted ("violet harbour 47 lantern drift", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sessio_core_init (NULL);

  g_test_add_func ("/passphrase-quality/without-word-list", test_without_word_list);
  g_test_add_func ("/passphrase-quality/with-system-word-list", test_with_system_word_list);

  return g_test_run ();
}
