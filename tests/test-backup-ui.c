/* test-backup-ui.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Backups in the app, in process under xvfb with GTK_A11Y=test and the
 * in-memory GSettings backend, on real vaults in private folders: the
 * Backups group of the Preferences window follows and changes GSettings
 * and shows the last backup kept in the vault; closing the window makes
 * the automatic backup on quit (and stays up, saying why, when it
 * fails), unlocking the daily one; the reminder
 * shows when the last backup is more than a week old, and not otherwise.
 */

#include "config.h"

#include "gui-test-util.h"
#include "sessio-backup.h"
#include "sessio-backup-ui.h"
#include "sessio-preferences-window.h"
#include "sessio-restore-dialog.h"
#include "sessio-window.h"

static void
reset_settings (GSettings *settings)
{
  g_settings_reset (settings, "backup-folder");
  g_settings_reset (settings, "backup-when");
  g_settings_reset (settings, "backup-keep");
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static GPtrArray *kept_windows;

static gboolean
window_gone (gpointer data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (data)) &&
         !sessio_window_is_closing_vault (SESSIO_WINDOW (data)) &&
         sessio_window_get_vault (SESSIO_WINDOW (data)) == NULL;
}

/* The names of the automatic backups in @folder, sorted. */
static GPtrArray *
auto_backups (const char *folder)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (sessio_backup_is_auto_name (name))
      g_ptr_array_add (names, g_strdup (name));
  return names;
}

static void
test_preferences_group (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *tmp = test_make_tmpdir ();
  g_autofree char *vault_dir = g_build_filename (tmp, "vault", NULL);
  g_autofree char *file = g_build_filename (tmp, "b.sessiobackup", NULL);
  g_autoptr(SessioVault) vault = test_create_vault (vault_dir, NULL);
  SessioPreferencesWindow *prefs;
  AdwActionRow *folder_row, *last_row;
  AdwComboRow *when_row;
  GtkSpinButton *keep_spin;
  GtkWidget *clear_button;
  g_autofree char *when = NULL;
  g_autofree char *expected = NULL;

  reset_settings (settings);
  prefs = g_object_ref_sink (sessio_preferences_window_new_for_vault (settings, vault));
  folder_row = gui_test_child (prefs, SESSIO_TYPE_PREFERENCES_WINDOW, "backup_folder_row");
  last_row = gui_test_child (prefs, SESSIO_TYPE_PREFERENCES_WINDOW, "backup_last_row");
  when_row = gui_test_child (prefs, SESSIO_TYPE_PREFERENCES_WINDOW, "backup_when_row");
  keep_spin = gui_test_child (prefs, SESSIO_TYPE_PREFERENCES_WINDOW, "backup_keep_spin");
  clear_button = gui_test_child (prefs, SESSIO_TYPE_PREFERENCES_WINDOW, "backup_folder_clear_button");

  /* No folder: automatic backups are off, and the row says so. */
  g_assert_cmpstr (adw_action_row_get_subtitle (folder_row), ==, "None: automatic backups are off");
  g_assert_false (gtk_widget_get_visible (clear_button));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (when_row)));
  g_assert_cmpstr (adw_action_row_get_subtitle (last_row), ==, "Never");
  g_assert_cmpuint (adw_combo_row_get_selected (when_row), ==, 2);   /* the default: daily */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (keep_spin), ==, 10);

  /* A folder chosen (as the chooser's response does). */
  g_settings_set_string (settings, "backup-folder", tmp);
  g_assert_cmpstr (adw_action_row_get_subtitle (folder_row), ==, tmp);
  g_assert_true (gtk_widget_get_visible (clear_button));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (when_row)));

  /* The rows write the settings, and follow them. */
  adw_combo_row_set_selected (when_row, 1);
  when = g_settings_get_string (settings, "backup-when");
  g_assert_cmpstr (when, ==, "on-quit");
  g_settings_set_string (settings, "backup-when", "never");
  g_assert_cmpuint (adw_combo_row_get_selected (when_row), ==, 0);
  gtk_spin_button_set_value (keep_spin, 4);
  g_assert_cmpuint (g_settings_get_uint (settings, "backup-keep"), ==, 4);
  g_settings_set_uint (settings, "backup-keep", 30);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (keep_spin), ==, 30);

  /* "Forget the folder". */
  gtk_widget_activate_action (GTK_WIDGET (prefs), "backup.clear-folder", NULL);
  g_assert_cmpstr (adw_action_row_get_subtitle (folder_row), ==, "None: automatic backups are off");
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_object_unref (prefs);

  /* The last backup, as kept in the vault. */
  g_assert_true (sessio_backup_create (vault, file, &error));
  g_assert_no_error (error);
  expected = sessio_backup_ui_format_last (sessio_backup_get_last (vault));
  g_assert_cmpstr (expected, !=, "Never");
  prefs = g_object_ref_sink (sessio_preferences_window_new_for_vault (settings, vault));
  last_row = gui_test_child (prefs, SESSIO_TYPE_PREFERENCES_WINDOW, "backup_last_row");
  g_assert_cmpstr (adw_action_row_get_subtitle (last_row), ==, expected);
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_object_unref (prefs);

  /* Locked: the time is in the vault, so the row says to unlock it. */
  prefs = g_object_ref_sink (sessio_preferences_window_new (settings));
  last_row = gui_test_child (prefs, SESSIO_TYPE_PREFERENCES_WINDOW, "backup_last_row");
  g_assert_cmpstr (adw_action_row_get_subtitle (last_row), ==, "Unlock the vault to see it");
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_object_unref (prefs);

  g_assert_true (sessio_vault_close (vault, &error));
  reset_settings (settings);
  test_rm_rf (tmp);
}

/* Closing the window with the vault unlocked: the backup on quit lands in
 * the folder before the vault is closed, and opens with the passphrase.
 * With "never", nothing is written. */
static void
test_auto_on_quit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *tmp = test_make_tmpdir ();
  g_autofree char *folder = g_build_filename (tmp, "usb", NULL);
  const char *whens[] = { "never", "on-quit" };

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  reset_settings (settings);
  g_settings_set_string (settings, "backup-folder", folder);

  for (guint i = 0; i < G_N_ELEMENTS (whens); i++)
    {
      g_autofree char *name = g_strdup_printf ("vault-%u", i);
      g_autofree char *vault_dir = g_build_filename (tmp, name, NULL);
      g_autoptr(SessioVault) vault = test_create_vault (vault_dir, NULL);
      SessioWindow *window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
      g_autoptr(GPtrArray) found = NULL;

      g_settings_set_string (settings, "backup-when", whens[i]);
      test_add_base_rows (vault);
      sessio_window_set_vault (window, vault);
      g_clear_object (&vault);
      gtk_window_present (GTK_WINDOW (window));
      /* Closed as the user closes it: once it is on screen. */
      g_assert_true (gui_test_wait (widget_is_mapped, window));

      gtk_window_close (GTK_WINDOW (window));
      /* With a backup on quit the window first writes it, then closes. */
      g_assert_true (gui_test_wait (window_gone, window));

      found = auto_backups (folder);
      if (i == 0)
        g_assert_cmpuint (found->len, ==, 0);
      else
        {
          g_autofree char *path = g_build_filename (folder, found->pdata[0], NULL);
          SessioBackupInfo info = { 0 };

          g_assert_cmpuint (found->len, ==, 1);
          g_assert_true (sessio_backup_verify (path, TEST_PASSPHRASE, NULL, &info, &error));
          g_assert_no_error (error);

          /* The vault knows it was backed up: its next unlock shows no
           * reminder. */
          vault = sessio_vault_open (vault_dir, TEST_PASSPHRASE, &error);
          g_assert_no_error (error);
          g_assert_cmpint (sessio_backup_get_last (vault), ==, info.created);
          g_assert_true (sessio_vault_close (vault, &error));
        }
      /* The window destroyed itself.  It is kept (not finalized) to the
       * end of the program: GTK 4.8 under Xvfb may still deliver a late
       * event of its surface to it, and casting a finalized window is a
       * critical warning that has nothing to do with backups. */
      g_ptr_array_add (kept_windows, window);
    }

  reset_settings (settings);
  test_rm_rf (tmp);
}

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* "Back Up Now…" is insensitive while a backup runs: sensitive again,
 * with the window still up and the vault open, the backup on quit is
 * over and has failed. */
static gboolean
quit_backup_failed (gpointer data)
{
  GtkWidget *button = find_action_button (GTK_WIDGET (data), "win.back-up-now");

  return button != NULL && gtk_widget_get_sensitive (button) &&
         gtk_widget_get_visible (GTK_WIDGET (data)) &&
         sessio_window_get_vault (SESSIO_WINDOW (data)) != NULL;
}

/* The backup folder is gone (an unplugged disk): closing keeps the window
 * up, with the vault open and the reason shown; closing again quits,
 * without a backup. */
static void
test_auto_on_quit_fails (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *tmp = test_make_tmpdir ();
  g_autofree char *folder = g_build_filename (tmp, "unplugged", NULL);
  g_autofree char *vault_dir = g_build_filename (tmp, "vault", NULL);
  g_autoptr(SessioVault) vault = test_create_vault (vault_dir, NULL);
  SessioWindow *window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
  GtkWidget *button;

  reset_settings (settings);
  g_settings_set_string (settings, "backup-folder", folder);
  g_settings_set_string (settings, "backup-when", "on-quit");
  sessio_window_set_vault (window, vault);
  g_clear_object (&vault);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gui_test_wait (widget_is_mapped, window));
  button = find_action_button (GTK_WIDGET (window), "win.back-up-now");
  g_assert_nonnull (button);

  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (gui_test_wait (quit_backup_failed, window));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));

  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (gui_test_wait (window_gone, window));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_ptr_array_add (kept_windows, window);

  reset_settings (settings);
  test_rm_rf (tmp);
}

static gboolean
reminder_hidden (gpointer data)
{
  GtkRevealer *revealer = gui_test_child (data, SESSIO_TYPE_WINDOW, "backup_reminder");

  return !gtk_revealer_get_reveal_child (revealer);
}

/* Unlocking with "daily" and a folder: a backup is written in a worker,
 * and the reminder goes. */
static void
test_auto_daily (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *tmp = test_make_tmpdir ();
  g_autofree char *folder = g_build_filename (tmp, "nas", NULL);
  g_autofree char *vault_dir = g_build_filename (tmp, "vault", NULL);
  g_autoptr(SessioVault) vault = test_create_vault (vault_dir, NULL);
  SessioWindow *window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
  g_autoptr(GPtrArray) found = NULL;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  reset_settings (settings);
  g_settings_set_string (settings, "backup-folder", folder);
  g_settings_set_string (settings, "backup-when", "daily");
  test_add_base_rows (vault);
  g_assert_true (sessio_backup_ui_auto_is_due (vault, settings, "daily", g_get_real_time () / G_USEC_PER_SEC));
  g_assert_false (sessio_backup_ui_auto_is_due (vault, settings, "on-quit", g_get_real_time () / G_USEC_PER_SEC));

  sessio_window_set_vault (window, vault);
  gtk_window_present (GTK_WINDOW (window));
  /* Never backed up: the reminder shows until the daily backup is done. */
  g_assert_true (gui_test_wait (reminder_hidden, window));
  found = auto_backups (folder);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (sessio_backup_get_last (vault), >, 0);
  /* A day has not passed: no second one. */
  g_assert_false (sessio_backup_ui_auto_is_due (vault, settings, "daily", g_get_real_time () / G_USEC_PER_SEC));
  g_assert_true (sessio_backup_ui_auto_is_due (vault, settings, "daily",
                                               g_get_real_time () / G_USEC_PER_SEC + 24 * 3600));

  sessio_window_lock (window);
  g_assert_true (gui_test_wait (gui_test_window_done_closing, window));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  reset_settings (settings);
  test_rm_rf (tmp);
}

static void
set_last_backup (SessioVault *vault,
                 gint64       when)
{
  g_autofree char *sql = g_strdup_printf ("INSERT OR REPLACE INTO setting (key, value)"
                                          " VALUES ('backup_last_at', %" G_GINT64_FORMAT ")", when);

  test_commit_sql (vault, sql);
}

/* The reminder: never backed up, 8 days ago → shown with the age; 2 days
 * ago → not; "Remind Me Later" hides it for this unlock. */
static void
test_reminder (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const struct { gint64 last; gboolean shown; const char *text; } cases[] = {
    { 0, TRUE, "This vault has never been backed up" },
    { -8, TRUE, "The last backup is 8 days old." },
    { -2, FALSE, NULL },
  };

  reset_settings (settings);
  g_settings_set_string (settings, "backup-when", "never");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tmp = test_make_tmpdir ();
      g_autofree char *vault_dir = g_build_filename (tmp, "vault", NULL);
      g_autoptr(SessioVault) vault = test_create_vault (vault_dir, NULL);
      SessioWindow *window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
      GtkRevealer *revealer = gui_test_child (window, SESSIO_TYPE_WINDOW, "backup_reminder");
      GtkLabel *label = gui_test_child (window, SESSIO_TYPE_WINDOW, "backup_reminder_label");

      if (cases[i].last != 0)
        set_last_backup (vault, now + cases[i].last * 24 * 3600 - 60);
      sessio_window_set_vault (window, vault);
      g_assert_cmpint (gtk_revealer_get_reveal_child (revealer), ==, cases[i].shown);
      if (cases[i].shown)
        {
          g_assert_nonnull (strstr (gtk_label_get_label (label), cases[i].text));
          gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-backup-reminder", NULL);
          g_assert_false (gtk_revealer_get_reveal_child (revealer));
        }

      /* Locked: nothing of it shows. */
      sessio_window_lock (window);
      g_assert_false (gtk_revealer_get_reveal_child (revealer));
      g_assert_true (gui_test_wait (gui_test_window_done_closing, window));
      gtk_window_destroy (GTK_WINDOW (window));
      g_object_unref (window);
      test_rm_rf (tmp);
    }

  reset_settings (settings);
}

static gboolean
window_has_vault (gpointer data)
{
  return sessio_window_get_store (SESSIO_WINDOW (data)) != NULL;
}

static gboolean
label_shown (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data));
}

/* On a new computer: the welcome page restores a backup into the vault
 * folder; a wrong passphrase is refused with nothing written; the
 * recovery key with a new passphrase gives a vault that opens with the
 * new one. */
static void
test_restore_from_welcome (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = test_make_tmpdir ();
  g_autofree char *old_dir = g_build_filename (tmp, "old", NULL);
  g_autofree char *new_dir = g_build_filename (tmp, "new", NULL);
  g_autofree char *other_dir = g_build_filename (tmp, "other", NULL);
  g_autofree char *file = g_build_filename (tmp, "b.sessiobackup", NULL);
  g_autofree char *recovery = NULL;
  SessioWindow *window;
  SessioRestoreDialog *dialog;
  SessioPatient patient = { 0 };
  g_autoptr(SessioPatient) restored = NULL;
  gint64 id;

  {
    g_autoptr(SessioVault) vault = test_create_vault (old_dir, &recovery);
    g_autoptr(SessioPatientStore) store = sessio_patient_store_new (vault, NULL);

    patient.name = (char *) "Hanne Teruggezet";
    patient.birth_date = (char *) "1984-07-21";
    id = sessio_patient_store_add_patient (store, &patient, &error);
    g_assert_no_error (error);
    g_assert_true (sessio_backup_create (vault, file, &error));
    g_assert_no_error (error);
    g_assert_true (sessio_vault_close (vault, &error));
  }

  window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
  sessio_window_set_vault_dir (window, new_dir);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-backup", NULL));
  dialog = gui_test_find_toplevel (SESSIO_TYPE_RESTORE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_false (gtk_widget_get_sensitive (gui_test_child (dialog, SESSIO_TYPE_RESTORE_DIALOG, "restore_button")));
  sessio_restore_dialog_set_file (dialog, file);

  /* A wrong passphrase: the reason, and no vault made. */
  gtk_editable_set_text (gui_test_child (dialog, SESSIO_TYPE_RESTORE_DIALOG, "passphrase_row"), "not the passphrase");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "restore.restore", NULL));
  g_assert_true (gui_test_wait (label_shown, gui_test_child (dialog, SESSIO_TYPE_RESTORE_DIALOG, "error_label")));
  g_assert_false (sessio_vault_exists (new_dir));
  g_assert_null (sessio_window_get_store (window));

  gtk_editable_set_text (gui_test_child (dialog, SESSIO_TYPE_RESTORE_DIALOG, "passphrase_row"), TEST_PASSPHRASE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "restore.restore", NULL));
  g_assert_true (gui_test_wait (window_has_vault, window));
  restored = sessio_patient_store_get_patient (sessio_window_get_store (window), id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (restored->name, ==, "Hanne Teruggezet");
  sessio_window_lock (window);
  g_assert_true (gui_test_wait (gui_test_window_done_closing, window));

  /* With the recovery key, a new passphrase is asked for and set. */
  sessio_window_set_vault_dir (window, other_dir);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-backup", NULL));
  dialog = gui_test_find_toplevel (SESSIO_TYPE_RESTORE_DIALOG);
  sessio_restore_dialog_set_file (dialog, file);
  gtk_editable_set_text (gui_test_child (dialog, SESSIO_TYPE_RESTORE_DIALOG, "recovery_key_row"), recovery);
  g_assert_true (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_RESTORE_DIALOG, "new_passphrase_row")));
  g_assert_false (gtk_widget_get_sensitive (gui_test_child (dialog, SESSIO_TYPE_RESTORE_DIALOG, "restore_button")));
  gtk_editable_set_text (gui_test_child (dialog, SESSIO_TYPE_RESTORE_DIALOG, "new_passphrase_row"),
                         "een nieuwe lange zin om te onthouden");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "restore.restore", NULL));
  g_assert_true (gui_test_wait (window_has_vault, window));
  sessio_window_lock (window);
  g_assert_true (gui_test_wait (gui_test_window_done_closing, window));
  {
    g_autoptr(SessioVault) reopened = sessio_vault_open (other_dir, "een nieuwe lange zin om te onthouden", &error);

    g_assert_no_error (error);
    g_assert_true (sessio_vault_close (reopened, &error));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_ptr_array_add (kept_windows, window);
  test_rm_rf (tmp);
}

static gboolean
vault_is (gpointer data)
{
  SessioWindow *window = ((gpointer *) data)[0];
  SessioVault *before = ((gpointer *) data)[1];

  return sessio_window_get_vault (window) != NULL && sessio_window_get_vault (window) != before;
}

/* From the main menu (or the lock page) while a vault is open: the backup
 * is restored into a new folder beside it, the window switches to it and
 * says which backup it was; the vault that was open is left as it was. */
static void
test_restore_while_open (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = test_make_tmpdir ();
  g_autofree char *current_dir = g_build_filename (tmp, "vault", NULL);
  g_autofree char *file = g_build_filename (tmp, "b.sessiobackup", NULL);
  g_autofree char *current_before = NULL;
  SessioPatient patient = { 0 };
  SessioRestoreDialog *dialog;
  SessioWindow *window;
  SessioVault *before;
  const char *restored_dir;
  gpointer wait_data[2];

  window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
  {
    g_autoptr(SessioVault) vault = test_create_vault (current_dir, NULL);
    g_autoptr(SessioPatientStore) store = sessio_patient_store_new (vault, NULL);

    patient.name = (char *) "Jonas Uitdeback";
    patient.birth_date = (char *) "1979-11-02";
    sessio_patient_store_add_patient (store, &patient, &error);
    g_assert_no_error (error);
    patient.name = (char *) "Lotte Uitdeback";
    sessio_patient_store_add_patient (store, &patient, &error);
    g_assert_true (sessio_backup_create (vault, file, &error));
    g_assert_no_error (error);
    /* Work after the backup: it must survive the restore, where it is. */
    patient.name = (char *) "Na De Backup";
    sessio_patient_store_add_patient (store, &patient, &error);
    g_assert_no_error (error);
    sessio_window_set_vault (window, vault);
  }
  before = sessio_window_get_vault (window);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-backup", NULL));
  dialog = gui_test_find_toplevel (SESSIO_TYPE_RESTORE_DIALOG);
  g_assert_nonnull (dialog);
  sessio_restore_dialog_set_file (dialog, file);
  gtk_editable_set_text (gui_test_child (dialog, SESSIO_TYPE_RESTORE_DIALOG, "passphrase_row"), TEST_PASSPHRASE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "restore.restore", NULL));
  wait_data[0] = window;
  wait_data[1] = before;
  g_assert_true (gui_test_wait (vault_is, wait_data));

  /* The restored copy, in a folder of its own beside the vault. */
  restored_dir = sessio_window_get_vault_dir (window);
  g_assert_cmpstr (restored_dir, !=, current_dir);
  {
    g_autofree char *parent = g_path_get_dirname (restored_dir);

    g_assert_cmpstr (parent, ==, tmp);
  }
  g_assert_cmpint (test_query_int (sessio_window_get_vault (window), "SELECT count(*) FROM patient"), ==, 2);
  g_assert_true (g_str_has_prefix (sessio_window_get_last_toast (window), "The backup of "));
  g_assert_true (g_str_has_suffix (sessio_window_get_last_toast (window), "is restored, with 2 patients"));
  /* Where the old vault stays, in full: a path is too long for a toast. */
  {
    AdwMessageDialog *told = gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

    g_assert_nonnull (told);
    g_assert_cmpstr (adw_message_dialog_get_heading (told), ==, "Backup Restored");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (told), "is restored, with 2 patients. The vault you had stays in "));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (told), current_dir));
    gui_test_settle (told);
    gui_test_save_png (told, "restore-done");
    adw_message_dialog_response (told, "close");
  }

  /* The vault that was open is untouched: its later work is there. */
  sessio_window_lock (window);
  g_assert_true (gui_test_wait (gui_test_window_done_closing, window));
  {
    g_autoptr(SessioVault) reopened = sessio_vault_open (current_dir, TEST_PASSPHRASE, &error);

    g_assert_no_error (error);
    g_assert_cmpint (test_query_int (reopened, "SELECT count(*) FROM patient"), ==, 3);
    g_assert_true (sessio_vault_close (reopened, &error));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_ptr_array_add (kept_windows, window);
  test_rm_rf (tmp);
}

static void
on_by_hand_done (gpointer data,
                 gboolean written)
{
  *(int *) data = written ? 1 : 2;
}

static gboolean
int_is_set (gpointer data)
{
  return *(int *) data != 0;
}

/* A backup made by hand to a folder, while no automatic backups are set
 * up: the folder is offered for them, and taken when the user agrees. */
static void
test_by_hand_offers_folder (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = test_make_tmpdir ();
  g_autofree char *vault_dir = g_build_filename (tmp, "vault", NULL);
  g_autofree char *folder = g_build_filename (tmp, "usb-stick", NULL);
  g_autofree char *chosen = NULL;
  g_autofree char *when = NULL;
  g_autoptr(SessioVault) vault = test_create_vault (vault_dir, NULL);
  GtkWindow *parent = GTK_WINDOW (gtk_window_new ());
  AdwToastOverlay *toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  AdwMessageDialog *ask;
  int done = 0;

  reset_settings (settings);
  g_settings_set_string (settings, "backup-when", "never");
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  gtk_window_set_child (parent, GTK_WIDGET (toasts));
  gtk_window_present (parent);

  sessio_backup_ui_back_up_to (parent, vault, settings, folder, toasts, on_by_hand_done, &done);
  g_assert_true (gui_test_wait (int_is_set, &done));
  g_assert_cmpint (done, ==, 1);
  ask = gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ask);
  g_assert_cmpstr (adw_message_dialog_get_heading (ask), ==, "Back Up Here Automatically?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ask), folder));
  adw_message_dialog_response (ask, "use");
  gtk_window_destroy (GTK_WINDOW (ask));

  chosen = g_settings_get_string (settings, "backup-folder");
  g_assert_cmpstr (chosen, ==, folder);
  when = g_settings_get_string (settings, "backup-when");
  g_assert_cmpstr (when, ==, "daily");

  /* Once a folder is set, a backup by hand asks nothing more. */
  done = 0;
  sessio_backup_ui_back_up_to (parent, vault, settings, tmp, toasts, on_by_hand_done, &done);
  g_assert_true (gui_test_wait (int_is_set, &done));
  g_assert_null (gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  g_assert_true (sessio_vault_close (vault, &error));
  gtk_window_destroy (parent);
  reset_settings (settings);
  test_rm_rf (tmp);
}

int
main (int    argc,
      char **argv)
{
  gui_test_init (&argc, &argv);
  kept_windows = g_ptr_array_new ();

  g_test_add_func ("/backup-ui/preferences-group", test_preferences_group);
  g_test_add_func ("/backup-ui/auto-on-quit", test_auto_on_quit);
  g_test_add_func ("/backup-ui/auto-on-quit-fails", test_auto_on_quit_fails);
  g_test_add_func ("/backup-ui/auto-daily", test_auto_daily);
  g_test_add_func ("/backup-ui/reminder", test_reminder);
  g_test_add_func ("/backup-ui/restore-from-welcome", test_restore_from_welcome);
  g_test_add_func ("/backup-ui/restore-while-open", test_restore_while_open);
  g_test_add_func ("/backup-ui/by-hand-offers-folder", test_by_hand_offers_folder);

  return g_test_run ();
}
