/* sessio-window-actions.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window's actions ("win.*") and their keyboard shortcuts: what
 * the menus, buttons and shortcuts start, and which of them an unlocked
 * or a locked vault allows (_sessio_window_actions_update()).  The window
 * itself (vault, lock, drafts, backups, idleness) is sessio-window.c.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "sessio-a11y.h"
#include "sessio-format.h"
#include "sessio-group-dialog.h"
#include "sessio-import-dialog.h"
#include "sessio-paths.h"
#include "sessio-practice-dialog.h"
#include "sessio-restore-dialog.h"
#include "sessio-session-dialog.h"
#include "sessio-task-dialog.h"
#include "sessio-window-private.h"

static const char * const sections[] = { "patients", "agenda", "invoices", "statistics" };

static void on_vault_created    (SessioWindow *self,
                                 SessioVault  *vault);
static void on_create_cancelled (SessioWindow *self);

void
_sessio_window_actions_update (SessioWindow *self)
{
  gboolean unlocked = self->vault != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-section", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-patient", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-group-session", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.log-task", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.practice", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-csv", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find-patient", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.create-vault", !unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-vault", !unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore-backup", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back-up-now", unlocked && !self->backup_running);
}

static void
back_up_now_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SessioWindow *self = SESSIO_WINDOW (widget);

  if (self->vault == NULL || self->backup_running)
    return;
  self->backup_running = TRUE;
  _sessio_window_actions_update (self);
  sessio_backup_ui_back_up_now (GTK_WINDOW (self), self->vault, self->settings, self->toast_overlay,
                                _sessio_window_backup_finished, g_object_ref (self));
}

static void
dismiss_backup_reminder_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  SessioWindow *self = SESSIO_WINDOW (widget);

  self->reminder_dismissed = TRUE;
  _sessio_window_update_backup_reminder (self);
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sessio_window_lock (SESSIO_WINDOW (widget));
}

static void
show_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SessioWindow *self = SESSIO_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (!g_strv_contains (sections, name))
    {
      g_warning ("No section called “%s”", name);
      return;
    }

  adw_view_stack_set_visible_child_name (self->stack, name);
}

static void
new_patient_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SessioWindow *self = SESSIO_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->stack, "patients");
  gtk_widget_activate_action (GTK_WIDGET (self->patients_page), "patients.add", NULL);
}

static void
group_saved (SessioWindow *self,
             gint64        id)
{
  /* The participants' pages and the list show it from the store. */
  sessio_patients_page_reload (self->patients_page);
  _sessio_window_show_toast (self, _("Group session saved"), 5);
}

static void
new_group_session_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SessioWindow *self = SESSIO_WINDOW (widget);
  SessioGroupDialog *dialog;

  if (self->store == NULL)
    return;
  dialog = sessio_group_dialog_new (self->store);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (group_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
session_corrected (SessioWindow *self,
                   gint64        id)
{
  /* The agenda follows the store's "changed"; the patient page is told. */
  sessio_patients_page_reload (self->patients_page);
  _sessio_window_show_toast (self, _("Correction saved"), 5);
}

/* A session row activated, on the patient page or in the agenda: the
 * session reopened in its editor, the group editor for a group session. */
static void
open_session_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SessioWindow *self = SESSIO_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  SessioSession session = { 0 };
  gint64 id = g_variant_get_int64 (parameter);
  GtkWindow *editor;

  if (self->store == NULL)
    return;
  if (!sessio_patient_store_get_session (self->store, id, &session, &error))
    {
      _sessio_window_show_toast (self, error->message, 5);
      return;
    }
  if (g_strcmp0 (session.setting, "group") == 0)
    editor = GTK_WINDOW (sessio_group_dialog_new_edit (self->store, id, &error));
  else
    editor = GTK_WINDOW (sessio_session_dialog_new_edit (self->store, id, &error));
  sessio_session_clear (&session);
  if (editor == NULL)
    {
      _sessio_window_show_toast (self, error->message, 5);
      return;
    }
  gtk_window_set_transient_for (editor, GTK_WINDOW (self));
  g_signal_connect_object (editor, "saved", G_CALLBACK (session_corrected), self, G_CONNECT_SWAPPED);
  gtk_window_present (editor);
}

static void
task_saved (SessioWindow *self,
            gint64        id)
{
  _sessio_window_show_toast (self, _("Task logged"), 5);
}

static void
log_task_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SessioWindow *self = SESSIO_WINDOW (widget);
  SessioTaskDialog *dialog;

  if (self->store == NULL)
    return;
  dialog = sessio_task_dialog_new (self->store, 0);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (task_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
find_patient_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SessioWindow *self = SESSIO_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->stack, "patients");
  sessio_patients_page_focus_search (self->patients_page);
}

static void
create_vault_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SessioWindow *self = SESSIO_WINDOW (widget);

  /* Built when first asked for: most starts never show it. */
  if (self->create_page == NULL)
    {
      self->create_page = g_object_new (SESSIO_TYPE_CREATE_VAULT_PAGE, NULL);
      g_signal_connect_object (self->create_page, "created", G_CALLBACK (on_vault_created),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->create_page, "cancelled", G_CALLBACK (on_create_cancelled),
                               self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->pages, GTK_WIDGET (self->create_page), "create");
    }
  sessio_create_vault_page_reset (self->create_page, self->vault_dir);
  _sessio_window_show_page (self, "create");
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
open_vault_response (GtkNativeDialog *dialog,
                     int              response,
                     SessioWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (folder);

      if (path == NULL || !sessio_vault_exists (path))
        _sessio_window_show_toast (self, _("That folder holds no Sessio vault"), 5);
      else if (self->vault == NULL)
        {
          g_settings_set_string (self->settings, "vault-path", path);
          sessio_window_set_vault_dir (self, path);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static int
count_patients (SessioVault *vault)
{
  sqlite3_stmt *stmt = NULL;
  int n = 0;

  if (sqlite3_prepare_v2 (sessio_vault_get_db (vault), "SELECT count(*) FROM patient WHERE erased = 0",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The old vault's folder, opened in the file manager (through the
 * OpenURI portal in a Flatpak). */
static void
restored_response (AdwMessageDialog *dialog,
                   const char       *response,
                   gpointer          user_data)
{
  if (g_strcmp0 (response, "open") == 0)
    {
      g_autoptr(GFile) file = g_file_new_for_path (g_object_get_data (G_OBJECT (dialog), "folder"));
      g_autofree char *uri = g_file_get_uri (file);

      g_app_info_launch_default_for_uri_async (uri, NULL, NULL, NULL, NULL);
    }
}

static void
vault_restored (SessioRestoreDialog *dialog,
                SessioVault         *vault,
                SessioWindow        *self)
{
  g_autofree char *default_dir = sessio_paths_default_vault_dir ();
  g_autofree char *previous_dir = NULL;
  const char *dir = sessio_vault_get_dir (vault);
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *when = NULL;
  g_autofree char *message = NULL;
  g_autofree char *count_text = NULL;
  int patients;

  /* The vault that was open stays as it is, in its folder; the restored
   * one takes its place in the window. */
  if (self->vault != NULL)
    {
      previous_dir = g_strdup (self->vault_dir);
      sessio_window_lock (self);
    }
  else if (self->vault_dir != NULL && g_strcmp0 (self->vault_dir, dir) != 0 &&
           sessio_vault_exists (self->vault_dir))
    previous_dir = g_strdup (self->vault_dir);

  /* Remembered like an opened vault, unless it is the default one. */
  g_settings_set_string (self->settings, "vault-path", g_strcmp0 (dir, default_dir) == 0 ? "" : dir);
  sessio_window_set_vault (self, vault);

  /* Which backup it was: the day it was made and what it holds, so the
   * user can tell it was the right one. */
  created = g_date_time_new_from_unix_local (sessio_restore_dialog_get_backup_created (dialog));
  if (created != NULL)
    {
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, g_date_time_get_day_of_month (created),
                      g_date_time_get_month (created), g_date_time_get_year (created));
      when = sessio_format_date (&date);
    }
  patients = count_patients (vault);
  count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d patient", "%d patients", patients), patients);
  message = g_strdup_printf (_("The backup of %s is restored, with %s"),
                             when != NULL ? when : "?", count_text);
  _sessio_window_show_toast (self, message, 0);
  /* Where the old vault stays is a path too long for a toast: said in
   * full, with the way to it. */
  if (previous_dir != NULL)
    {
      AdwMessageDialog *told;
      g_autofree char *body = NULL;

      /* Translators: "The backup of 3 March 2026 is restored, with 42 patients. The vault you had stays in /home/…" */
      body = g_strdup_printf (_("The backup of %s is restored, with %s. The vault you had stays in %s"),
                              when != NULL ? when : "?", count_text, previous_dir);
      told = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Backup Restored"), body));
      adw_message_dialog_add_responses (told, "open", _("_Open Folder"), "close", _("_Close"), NULL);
      adw_message_dialog_set_default_response (told, "close");
      adw_message_dialog_set_close_response (told, "close");
      g_object_set_data_full (G_OBJECT (told), "folder", g_strdup (previous_dir), g_free);
      g_signal_connect (told, "response", G_CALLBACK (restored_response), NULL);
      sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (told));
      gtk_window_present (GTK_WINDOW (told));
    }
}

/* A folder beside the current vault's for a restored copy: restoring never
 * writes over a vault. */
static char *
restore_folder_beside (const char *vault_dir)
{
  g_autofree char *parent = g_path_get_dirname (vault_dir);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H%M%S");
  /* Translators: a folder name; %s is the date and time, 2026-03-03 101500 */
  g_autofree char *name = g_strdup_printf (_("Restored vault %s"), stamp);

  return g_build_filename (parent, name, NULL);
}

/* From the welcome page into the vault folder, which holds no vault; from
 * the main menu or the lock page into a new folder beside it. */
static void
restore_backup_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SessioWindow *self = SESSIO_WINDOW (widget);
  g_autofree char *to_dir = NULL;
  SessioRestoreDialog *dialog;

  if (self->vault_dir == NULL)
    return;
  if (sessio_vault_exists (self->vault_dir))
    to_dir = restore_folder_beside (self->vault_dir);
  else
    to_dir = g_strdup (self->vault_dir);
  dialog = sessio_restore_dialog_new (to_dir);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "restored", G_CALLBACK (vault_restored), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_vault_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SessioWindow *self = SESSIO_WINDOW (widget);
  GtkFileChooserNative *dialog;

  /* Native: inside Flatpak the portal grants access to the chosen folder
   * only. */
  dialog = gtk_file_chooser_native_new (_("Open a Vault"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (open_vault_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
G_GNUC_END_IGNORE_DEPRECATIONS

static void
show_practice (SessioWindow *self,
               gboolean      first_run)
{
  SessioPracticeDialog *dialog;

  if (self->store == NULL)
    return;

  dialog = sessio_practice_dialog_new (self->store, first_run);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
practice_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  show_practice (SESSIO_WINDOW (widget), FALSE);
}

/* "2 patients imported", and a way to see them. */
static void
on_imported (SessioImportDialog *dialog,
             guint               rows,
             SessioWindow       *self)
{
  gboolean patients = sessio_import_dialog_get_kind (dialog) == SESSIO_CSV_IMPORT_PATIENTS;
  g_autofree char *message = NULL;
  AdwToast *toast;

  message = patients
            ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u patient imported", "%u patients imported", rows), rows)
            : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u session imported", "%u sessions imported", rows), rows);

  /* The patient list reads the vault again. */
  if (self->store != NULL)
    sessio_patients_page_set_store (self->patients_page, self->store);

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("_Show"));
  adw_toast_set_detailed_action_name (toast, patients ? "win.show-section::patients" : "win.show-section::agenda");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
}

static void
import_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SessioWindow *self = SESSIO_WINDOW (widget);
  SessioImportDialog *dialog;

  if (self->store == NULL)
    return;

  dialog = sessio_import_dialog_new (self->store);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (on_imported), self, 0);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_vault_created (SessioWindow *self,
                  SessioVault  *vault)
{
  sessio_window_set_vault (self, vault);
  /* A new vault knows nothing of the practice yet: ask once, skippable. */
  show_practice (self, TRUE);
}

static void
on_create_cancelled (SessioWindow *self)
{
  sessio_window_set_vault_dir (self, self->vault_dir);
}

void
_sessio_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.new-patient", NULL, new_patient_action);
  gtk_widget_class_install_action (widget_class, "win.import-csv", NULL, import_csv_action);
  gtk_widget_class_install_action (widget_class, "win.practice", NULL, practice_action);
  gtk_widget_class_install_action (widget_class, "win.new-group-session", NULL, new_group_session_action);
  gtk_widget_class_install_action (widget_class, "win.log-task", NULL, log_task_action);
  gtk_widget_class_install_action (widget_class, "win.open-session", "x", open_session_action);
  gtk_widget_class_install_action (widget_class, "win.find-patient", NULL, find_patient_action);
  gtk_widget_class_install_action (widget_class, "win.create-vault", NULL, create_vault_action);
  gtk_widget_class_install_action (widget_class, "win.open-vault", NULL, open_vault_action);
  gtk_widget_class_install_action (widget_class, "win.restore-backup", NULL, restore_backup_action);
  gtk_widget_class_install_action (widget_class, "win.back-up-now", NULL, back_up_now_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-backup-reminder", NULL,
                                   dismiss_backup_reminder_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "win.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-patient", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.find-patient", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK,
                                       "win.new-group-session", NULL);

  /* Alt+number is how GNOME apps with a view switcher move between views. */
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-section", "s", sections[i]);
}
