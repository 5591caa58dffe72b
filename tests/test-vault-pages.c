/* test-vault-pages.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pages in front of the work: welcome, creation, unlock; locking by
 * hand and when idle.  Real vaults on disk in private folders.
 */

#include "config.h"

#include <sodium.h>

#include "gui-test-util.h"
#include "sessio-passphrase-quality.h"
#include "sessio-vault-header.h"
#include "sessio-create-vault-page.h"
#include "sessio-unlock-page.h"
#include "sessio-window.h"

typedef struct
{
  char         *dir;        /* private folder */
  char         *vault_dir;  /* dir/vault */
  SessioWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = test_make_tmpdir ();
  f->vault_dir = g_build_filename (f->dir, "vault", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    {
      sessio_window_lock (f->window);
      g_assert_true (gui_test_wait (gui_test_window_done_closing, f->window));
      gtk_window_destroy (GTK_WINDOW (f->window));
      g_object_unref (f->window);
    }
  test_rm_rf (f->dir);
  g_free (f->vault_dir);
  g_free (f->dir);
}

static void
make_window (Fixture *f)
{
  f->window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
  sessio_window_set_vault_dir (f->window, f->vault_dir);
}

static void
set_text (gpointer    widget,
          GType       type,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (gui_test_child (widget, type, name)), text);
}

static gboolean
is_sensitive (gpointer    widget,
              GType       type,
              const char *name)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (gui_test_child (widget, type, name)));
}

static gboolean
on_main_page (gpointer data)
{
  return g_str_equal (sessio_window_get_page (SESSIO_WINDOW (data)), "main");
}

static gboolean
on_unlock_page_and_closed (gpointer data)
{
  return g_str_equal (sessio_window_get_page (SESSIO_WINDOW (data)), "unlock") &&
         !sessio_window_is_closing_vault (SESSIO_WINDOW (data));
}

static gboolean
on_recovery_step (gpointer data)
{
  return g_str_equal (sessio_create_vault_page_get_step (SESSIO_CREATE_VAULT_PAGE (data)), "recovery");
}

static gboolean
unlock_error_shown (gpointer data)
{
  return sessio_unlock_page_get_error (SESSIO_UNLOCK_PAGE (data)) != NULL;
}

static void
test_welcome_without_vault (Fixture       *f,
                            gconstpointer  data)
{
  make_window (f);

  g_assert_cmpstr (sessio_window_get_page (f->window), ==, "welcome");
  g_assert_null (sessio_window_get_vault (f->window));

  /* Nothing to lock, no section to show; creating is what there is. */
  g_assert_false (is_sensitive (f->window, SESSIO_TYPE_WINDOW, "lock_button"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.create-vault", NULL));
  g_assert_cmpstr (sessio_window_get_page (f->window), ==, "create");
}

static void
test_create_vault_flow (Fixture       *f,
                        gconstpointer  data)
{
  SessioCreateVaultPage *page;
  g_autofree char *key = NULL;
  g_autoptr(SessioVault) reopened = NULL;
  g_autoptr(GError) error = NULL;
  GtkLabel *key_label;
  const char *strong = "tulpen regen fiets zeven lepels";

  make_window (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.create-vault", NULL);
  page = SESSIO_CREATE_VAULT_PAGE (gtk_stack_get_child_by_name (gui_test_child (f->window, SESSIO_TYPE_WINDOW, "pages"),
                                                                "create"));

  /* Too short: refused. */
  set_text (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "passphrase_row", "kort");
  set_text (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "repeat_row", "kort");
  g_assert_false (is_sensitive (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "create_button"));

  /* Strong but not repeated the same: refused, and said so. */
  set_text (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "passphrase_row", strong);
  set_text (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "repeat_row", "tulpen regen fiets zeven lepel");
  g_assert_false (is_sensitive (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "create_button"));
  g_assert_true (gtk_widget_get_visible (gui_test_child (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "error_label")));

  set_text (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "repeat_row", strong);
  g_assert_true (is_sensitive (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "create_button"));

  /* The key derivation is calibrated in a worker thread. */
  gtk_widget_activate_action (GTK_WIDGET (page), "create-vault.create", NULL);
  g_assert_true (gui_test_wait (on_recovery_step, page));
  g_assert_true (sessio_vault_exists (f->vault_dir));

  /* The passphrase is gone from the widgets; the key is shown. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gui_test_child (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "passphrase_row"))), ==, "");
  key_label = gui_test_child (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "recovery_key_label");
  key = g_strdup (gtk_label_get_text (key_label));
  g_assert_cmpuint (strlen (key), >=, 50);

  /* Not before "I have stored it". */
  g_assert_false (is_sensitive (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "continue_button"));
  gtk_check_button_set_active (gui_test_child (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "stored_check"), TRUE);
  g_assert_true (is_sensitive (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "continue_button"));
  gtk_widget_activate_action (GTK_WIDGET (page), "create-vault.continue", NULL);

  g_assert_cmpstr (sessio_window_get_page (f->window), ==, "main");
  g_assert_nonnull (sessio_window_get_vault (f->window));
  /* Shown once: the label no longer holds it. */
  g_assert_cmpstr (gtk_label_get_text (key_label), ==, "");

  /* Lock, and the key shown opens the vault. */
  sessio_window_lock (f->window);
  g_assert_true (gui_test_wait (on_unlock_page_and_closed, f->window));
  reopened = sessio_vault_open_with_recovery_key (f->vault_dir, key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reopened);
}

/* A minimal system, or a Flatpak runtime, may have no cracklib word list:
 * libpwquality then refuses every passphrase.  Creating a vault must still
 * work, with the checks that need no word list, and say so calmly. */
static void
test_create_vault_without_word_list (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "no-such-word-list", "pw_dict", NULL);
  SessioCreateVaultPage *page;
  const char *strong = "tulpen regen fiets zeven lepels";
  const char *hint;

  sessio_passphrase_quality_set_word_list (missing);
  make_window (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.create-vault", NULL);
  page = SESSIO_CREATE_VAULT_PAGE (gtk_stack_get_child_by_name (gui_test_child (f->window, SESSIO_TYPE_WINDOW, "pages"),
                                                                "create"));

  /* What needs no word list is still refused. */
  set_text (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "passphrase_row", "kort");
  set_text (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "repeat_row", "kort");
  g_assert_false (is_sensitive (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "create_button"));
  set_text (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "passphrase_row", "aaaaaaaaaaaaaaaa");
  set_text (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "repeat_row", "aaaaaaaaaaaaaaaa");
  g_assert_false (is_sensitive (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "create_button"));

  /* A strong passphrase passes, and the hint says what was not checked
   * without calling it an error. */
  set_text (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "passphrase_row", strong);
  set_text (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "repeat_row", strong);
  g_assert_true (is_sensitive (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "create_button"));
  hint = gtk_label_get_text (gui_test_child (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "strength_label"));
  g_assert_nonnull (strstr (hint, "Common words could not be checked"));
  g_assert_null (strstr (hint, "dictionary"));

  gtk_widget_activate_action (GTK_WIDGET (page), "create-vault.create", NULL);
  g_assert_true (gui_test_wait (on_recovery_step, page));
  g_assert_true (sessio_vault_exists (f->vault_dir));

  gtk_check_button_set_active (gui_test_child (page, SESSIO_TYPE_CREATE_VAULT_PAGE, "stored_check"), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (page), "create-vault.continue", NULL);
  g_assert_cmpstr (sessio_window_get_page (f->window), ==, "main");

  sessio_passphrase_quality_set_word_list (NULL);
}

static void
test_unlock_wrong_then_right (Fixture       *f,
                              gconstpointer  data)
{
  SessioUnlockPage *page;
  g_autoptr(SessioVault) vault = test_create_vault (f->vault_dir, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (sessio_vault_close (vault, &error));
  make_window (f);
  g_assert_cmpstr (sessio_window_get_page (f->window), ==, "unlock");
  page = gui_test_child (f->window, SESSIO_TYPE_WINDOW, "unlock_page");

  /* Empty: nothing to try. */
  g_assert_false (is_sensitive (page, SESSIO_TYPE_UNLOCK_PAGE, "unlock_button"));

  set_text (page, SESSIO_TYPE_UNLOCK_PAGE, "passphrase_row", "not the passphrase");
  gtk_widget_activate_action (GTK_WIDGET (page), "unlock.unlock", NULL);
  g_assert_true (gui_test_wait (unlock_error_shown, page));
  g_assert_cmpstr (sessio_window_get_page (f->window), ==, "unlock");
  g_assert_null (sessio_window_get_vault (f->window));

  set_text (page, SESSIO_TYPE_UNLOCK_PAGE, "passphrase_row", TEST_PASSPHRASE);
  gtk_widget_activate_action (GTK_WIDGET (page), "unlock.unlock", NULL);
  g_assert_true (gui_test_wait (on_main_page, f->window));
  g_assert_nonnull (sessio_window_get_vault (f->window));
  g_assert_null (sessio_unlock_page_get_error (page));
  /* The passphrase does not linger in the entry. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gui_test_child (page, SESSIO_TYPE_UNLOCK_PAGE, "passphrase_row"))), ==, "");
}

static void
test_unlock_with_recovery_key (Fixture       *f,
                               gconstpointer  data)
{
  SessioUnlockPage *page;
  g_autofree char *key = NULL;
  g_autoptr(SessioVault) vault = test_create_vault (f->vault_dir, &key);
  g_autoptr(SessioVault) reopened = NULL;
  g_autoptr(GError) error = NULL;
  const char *new_passphrase = "nieuwe lente wolken ladder koffie";

  g_assert_true (sessio_vault_close (vault, &error));
  make_window (f);
  page = gui_test_child (f->window, SESSIO_TYPE_WINDOW, "unlock_page");

  gtk_widget_activate_action (GTK_WIDGET (page), "unlock.toggle-recovery", NULL);
  g_assert_true (gtk_widget_get_visible (gui_test_child (page, SESSIO_TYPE_UNLOCK_PAGE, "recovery_key_row")));
  g_assert_false (gtk_widget_get_visible (gui_test_child (page, SESSIO_TYPE_UNLOCK_PAGE, "passphrase_row")));

  set_text (page, SESSIO_TYPE_UNLOCK_PAGE, "recovery_key_row", key);
  set_text (page, SESSIO_TYPE_UNLOCK_PAGE, "new_passphrase_row", new_passphrase);
  set_text (page, SESSIO_TYPE_UNLOCK_PAGE, "repeat_row", "something else entirely here");
  g_assert_false (is_sensitive (page, SESSIO_TYPE_UNLOCK_PAGE, "unlock_button"));
  set_text (page, SESSIO_TYPE_UNLOCK_PAGE, "repeat_row", new_passphrase);
  g_assert_true (is_sensitive (page, SESSIO_TYPE_UNLOCK_PAGE, "unlock_button"));

  gtk_widget_activate_action (GTK_WIDGET (page), "unlock.unlock", NULL);
  g_assert_true (gui_test_wait (on_main_page, f->window));

  /* The new passphrase is the one now. */
  sessio_window_lock (f->window);
  g_assert_true (gui_test_wait (on_unlock_page_and_closed, f->window));
  reopened = sessio_vault_open (f->vault_dir, new_passphrase, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reopened);
}

static void
test_unlock_vault_in_use (Fixture       *f,
                          gconstpointer  data)
{
  SessioUnlockPage *page;
  /* Held open here: the window must be refused, clearly. */
  g_autoptr(SessioVault) holder = test_create_vault (f->vault_dir, NULL);

  make_window (f);
  page = gui_test_child (f->window, SESSIO_TYPE_WINDOW, "unlock_page");
  set_text (page, SESSIO_TYPE_UNLOCK_PAGE, "passphrase_row", TEST_PASSPHRASE);
  gtk_widget_activate_action (GTK_WIDGET (page), "unlock.unlock", NULL);
  g_assert_true (gui_test_wait (unlock_error_shown, page));
  g_assert_null (sessio_window_get_vault (f->window));
  g_assert_cmpstr (sessio_window_get_page (f->window), ==, "unlock");
}

/* A damaged vault, a vault from a newer Sessio: the page says what the
 * core says, and nothing opens. */
static void
check_unlock_refused_as_core_does (Fixture    *f,
                                   int         expected)
{
  SessioUnlockPage *page;
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) direct = sessio_vault_open (f->vault_dir, TEST_PASSPHRASE, &error);

  g_assert_null (direct);
  g_assert_error (error, SESSIO_ERROR, expected);

  make_window (f);
  page = gui_test_child (f->window, SESSIO_TYPE_WINDOW, "unlock_page");
  set_text (page, SESSIO_TYPE_UNLOCK_PAGE, "passphrase_row", TEST_PASSPHRASE);
  gtk_widget_activate_action (GTK_WIDGET (page), "unlock.unlock", NULL);
  g_assert_true (gui_test_wait (unlock_error_shown, page));
  g_assert_cmpstr (sessio_unlock_page_get_error (page), ==, error->message);
  g_assert_null (sessio_window_get_vault (f->window));
}

static void
test_unlock_damaged_vault (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SessioVault) vault = test_create_vault (f->vault_dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *snapshot = g_build_filename (f->vault_dir, "vault.sessio", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  test_add_base_rows (vault);
  g_assert_true (sessio_vault_close (vault, &error));

  /* One bit of the encrypted body, near its end. */
  g_assert_true (g_file_get_contents (snapshot, &contents, &len, &error));
  contents[len - 20] ^= 0x01;
  g_assert_true (g_file_set_contents (snapshot, contents, len, &error));

  check_unlock_refused_as_core_does (f, SESSIO_ERROR_DAMAGED);
}

static void
test_unlock_newer_vault (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SessioVault) vault = test_create_vault (f->vault_dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *snapshot = g_build_filename (f->vault_dir, "vault.sessio", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (sessio_vault_close (vault, &error));

  /* The format version, after the 8-byte magic, with the header's
   * checksum made right again: a vault from the future, not a damaged one
   * (docs/vault-format.md). */
  g_assert_true (g_file_get_contents (snapshot, &contents, &len, &error));
  {
    guint8 *bytes = (guint8 *) contents;
    guint32 header_len = bytes[12] | bytes[13] << 8 | bytes[14] << 16 | (guint32) bytes[15] << 24;

    bytes[8] = 99;
    crypto_generichash (bytes + header_len - SESSIO_VAULT_CHECKSUM_BYTES, SESSIO_VAULT_CHECKSUM_BYTES,
                        bytes, header_len - SESSIO_VAULT_CHECKSUM_BYTES, NULL, 0);
  }
  g_assert_true (g_file_set_contents (snapshot, contents, len, &error));

  check_unlock_refused_as_core_does (f, SESSIO_ERROR_NEWER_VERSION);
}

static void
test_lock_action (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SessioVault) vault = test_create_vault (f->vault_dir, NULL);
  g_autoptr(SessioVault) reopened = NULL;
  g_autoptr(GError) error = NULL;

  test_add_base_rows (vault);
  make_window (f);
  sessio_window_set_vault (f->window, vault);
  g_clear_object (&vault);
  g_assert_true (is_sensitive (f->window, SESSIO_TYPE_WINDOW, "lock_button"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL));

  /* At once: no vault in the window, the unlock page in front. */
  g_assert_null (sessio_window_get_vault (f->window));
  g_assert_cmpstr (sessio_window_get_page (f->window), ==, "unlock");

  /* Then the folder is released and everything committed is there. */
  g_assert_true (gui_test_wait (on_unlock_page_and_closed, f->window));
  reopened = sessio_vault_open (f->vault_dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (reopened, "SELECT count(*) FROM patient"), ==, 1);
}

static void
test_auto_lock (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SessioVault) vault = test_create_vault (f->vault_dir, NULL);

  make_window (f);
  /* One second instead of minutes, for this window only. */
  g_object_set (f->window, "auto-lock-seconds", 1u, NULL);
  sessio_window_set_vault (f->window, vault);
  g_clear_object (&vault);
  g_assert_cmpstr (sessio_window_get_page (f->window), ==, "main");

  g_assert_true (gui_test_wait (on_unlock_page_and_closed, f->window));
  g_assert_null (sessio_window_get_vault (f->window));
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/vault-pages/welcome-without-vault", test_welcome_without_vault);
  ADD ("/vault-pages/create-vault-flow", test_create_vault_flow);
  ADD ("/vault-pages/create-vault-without-word-list", test_create_vault_without_word_list);
  ADD ("/vault-pages/unlock-wrong-then-right", test_unlock_wrong_then_right);
  ADD ("/vault-pages/unlock-with-recovery-key", test_unlock_with_recovery_key);
  ADD ("/vault-pages/unlock-vault-in-use", test_unlock_vault_in_use);
  ADD ("/vault-pages/unlock-damaged-vault", test_unlock_damaged_vault);
  ADD ("/vault-pages/unlock-newer-vault", test_unlock_newer_vault);
  ADD ("/vault-pages/lock-action", test_lock_action);
  ADD ("/vault-pages/auto-lock", test_auto_lock);

#undef ADD

  return g_test_run ();
}
