/* test-drafts.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drafts kept when the vault locks: committed inside the vault, there
 * after reopening, never on disk in plaintext, gone once deleted.
 */

#include "config.h"

#include "sessio-core.h"
#include "sessio-drafts.h"
#include "sessio-paths.h"
#include "vault-test-util.h"
#include "plaintext-scan.h"

#define NOTE "Marjolein vertelde over haar slapeloosheid sinds de verhuis"

static void
test_save_reopen_delete (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(SessioVault) vault = test_create_vault (dir, NULL);
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  const char *secrets[] = { "slapeloosheid", "Marjolein", NULL };
  SessioDraft *draft;
  guint n_files = 0;

  g_assert_true (sessio_drafts_save (vault, "session-7", "{\"note\": \"" NOTE "\"}", &error));
  g_assert_no_error (error);
  g_assert_true (sessio_drafts_save (vault, "group-2", "{}", &error));
  /* The same name replaces. */
  g_assert_true (sessio_drafts_save (vault, "group-2", "{\"n\": 2}", &error));
  g_assert_false (sessio_drafts_save (vault, "", "{}", &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Committed: in the journal before the vault is closed, encrypted. */
  g_assert_cmpuint (plaintext_scan_dir (dir, secrets, &n_files), ==, 0);
  g_assert_cmpuint (n_files, >, 0);

  g_assert_true (sessio_vault_close (vault, &error));
  g_clear_object (&vault);
  g_assert_cmpuint (plaintext_scan_dir (dir, secrets, &n_files), ==, 0);

  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  drafts = sessio_drafts_list (vault, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 2);
  draft = g_ptr_array_index (drafts, 0);
  g_assert_cmpstr (draft->id, ==, "group-2");
  g_assert_cmpstr (draft->text, ==, "{\"n\": 2}");
  draft = g_ptr_array_index (drafts, 1);
  g_assert_cmpstr (draft->id, ==, "session-7");
  g_assert_cmpstr (draft->text, ==, "{\"note\": \"" NOTE "\"}");
  g_clear_pointer (&drafts, g_ptr_array_unref);

  g_assert_true (sessio_drafts_delete (vault, "session-7", &error));
  g_assert_true (sessio_drafts_delete (vault, "not-there", &error));
  g_assert_no_error (error);
  drafts = sessio_drafts_list (vault, &error);
  g_assert_cmpuint (drafts->len, ==, 1);

  g_assert_true (sessio_vault_close (vault, &error));
  test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  test_init (&argc, &argv);

  g_test_add_func ("/drafts/save-reopen-delete", test_save_reopen_delete);

  return g_test_run ();
}
