/* test-recovery-sheet.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The recovery sheet is a real PDF: written 0600, read back with
 * pdftotext, and every group of the key must be there to copy.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "sessio-core.h"
#include "sessio-keys.h"
#include "sessio-recovery-sheet.h"

static char *
pdf_to_text (const char *pdf)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
test_recovery_sheet_pdf (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sessio-sheet-XXXXXX", &error);
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) created = g_date_time_new_local (2026, 3, 14, 10, 0, 0);
  g_auto(GStrv) groups = NULL;
  guint8 *key;
  char *key_text;
  struct stat st;

  g_assert_no_error (error);
  pdf = g_build_filename (dir, "recovery.pdf", NULL);

  key = sessio_key_new_random ();
  key_text = sessio_recovery_key_format (key);
  sessio_key_free (key);

  g_assert_true (sessio_recovery_sheet_write_pdf (pdf, key_text, created, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  text = pdf_to_text (pdf);
  g_assert_nonnull (strstr (text, "Sessio Recovery Key"));

  groups = g_strsplit (key_text, "-", -1);
  g_assert_cmpuint (g_strv_length (groups), >=, 10);
  for (guint i = 0; groups[i] != NULL; i++)
    if (strstr (text, groups[i]) == NULL)
      g_error ("Group %u of the key is missing from the PDF", i);

  sessio_key_free_text (key_text);
  g_unlink (pdf);
  g_rmdir (dir);
}

static void
test_recovery_sheet_unwritable (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sessio_recovery_sheet_write_pdf ("/nonexistent-dir/recovery.pdf",
                                                   "AAAA-BBBB", NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED);
}

int
main (int   argc,
      char *argv[])
{
  g_assert_true (sessio_core_init (NULL));
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recovery-sheet/pdf", test_recovery_sheet_pdf);
  g_test_add_func ("/recovery-sheet/unwritable", test_recovery_sheet_unwritable);

  return g_test_run ();
}
