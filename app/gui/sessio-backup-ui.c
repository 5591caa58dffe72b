/* sessio-backup-ui.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sessio-backup.h"
#include "sessio-backup-ui.h"

typedef struct
{
  AdwToastOverlay    *toasts;     /* weak */
  SessioBackupUiDone  done;
  gpointer            done_data;
  char               *folder;     /* automatic: to prune; by hand: where it went */
  guint               keep;
  gboolean            automatic;
  GtkWindow          *parent;     /* weak; by hand: to offer the folder */
  GSettings          *settings;   /* by hand, may be NULL */
} BackupRequest;

static void
request_free (BackupRequest *request)
{
  g_clear_weak_pointer (&request->toasts);
  g_clear_weak_pointer (&request->parent);
  g_clear_object (&request->settings);
  g_free (request->folder);
  g_free (request);
}

static BackupRequest *
request_new (AdwToastOverlay    *toasts,
             SessioBackupUiDone  done,
             gpointer            done_data)
{
  BackupRequest *request = g_new0 (BackupRequest, 1);

  g_set_weak_pointer (&request->toasts, toasts);
  request->done = done;
  request->done_data = done_data;
  return request;
}

static void
toast (AdwToastOverlay *toasts,
       const char      *message,
       guint            timeout)
{
  AdwToast *t;

  if (toasts == NULL)
    return;
  t = adw_toast_new (message);
  adw_toast_set_timeout (t, timeout);
  adw_toast_overlay_add_toast (toasts, t);
}

static void
open_folder (AdwToast   *toast,
             const char *folder)
{
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autofree char *uri = g_file_get_uri (file);

  /* Through the OpenURI portal in a Flatpak. */
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, NULL, NULL);
}

static void
offer_response (AdwMessageDialog *ask,
                const char       *response,
                GSettings        *settings)
{
  const char *folder = g_object_get_data (G_OBJECT (ask), "folder");
  g_autofree char *when = NULL;

  if (g_strcmp0 (response, "use") != 0)
    return;
  g_settings_set_string (settings, "backup-folder", folder);
  when = g_settings_get_string (settings, "backup-when");
  if (g_strcmp0 (when, "never") == 0)
    g_settings_set_string (settings, "backup-when", "daily");
}

/* A backup made by hand says where it went, and the first time, while no
 * automatic backups are set up, offers that folder for them: a person who
 * just chose a safe place wants it used. */
static void
written_by_hand (BackupRequest *request)
{
  g_autofree char *message = g_strdup_printf (_("Backup written to %s"), request->folder);
  g_autofree char *automatic_folder = NULL;
  AdwToast *t;

  if (request->toasts != NULL)
    {
      t = adw_toast_new (message);
      adw_toast_set_timeout (t, 10);
      adw_toast_set_button_label (t, _("_Open Folder"));
      g_signal_connect_data (t, "button-clicked", G_CALLBACK (open_folder),
                             g_strdup (request->folder), (GClosureNotify) (void (*) (void)) g_free, 0);
      adw_toast_overlay_add_toast (request->toasts, t);
    }

  if (request->settings == NULL || request->parent == NULL)
    return;
  automatic_folder = g_settings_get_string (request->settings, "backup-folder");
  if (*automatic_folder == '\0')
    {
      g_autofree char *body =
        g_strdup_printf (_("Sessio can write a backup to %s every day the vault is open, and keep the last %u."),
                         request->folder, g_settings_get_uint (request->settings, "backup-keep"));
      AdwMessageDialog *ask = ADW_MESSAGE_DIALOG (adw_message_dialog_new (request->parent,
                                                                          _("Back Up Here Automatically?"),
                                                                          body));

      adw_message_dialog_add_responses (ask, "not-now", _("_Not Now"), "use", _("_Back Up Automatically"), NULL);
      adw_message_dialog_set_response_appearance (ask, "use", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ask, "use");
      adw_message_dialog_set_close_response (ask, "not-now");
      g_object_set_data_full (G_OBJECT (ask), "folder", g_strdup (request->folder), g_free);
      g_signal_connect_data (ask, "response", G_CALLBACK (offer_response),
                             g_object_ref (request->settings), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
      gtk_window_present (GTK_WINDOW (ask));
    }
}

static void
backup_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BackupRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = sessio_backup_create_finish (SESSIO_VAULT (object), result, &error);

  /* Prune only after the new backup is safely written. */
  if (ok && request->automatic)
    ok = sessio_backup_prune (request->folder, request->keep, &error);

  if (ok && request->automatic)
    toast (request->toasts, _("Automatic backup written"), 5);
  else if (ok)
    written_by_hand (request);
  else
    {
      /* Translators: %s is the reason, such as “No space left on device” */
      g_autofree char *message = g_strdup_printf (_("The backup failed: %s"), error->message);

      g_warning ("Backup failed: %s", error->message);
      toast (request->toasts, message, 0);
    }

  if (request->done != NULL)
    request->done (request->done_data, ok);
  request_free (request);
}

static char *
manual_name (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H%M%S");

  /* Not the automatic backups' pattern: pruning never removes a backup
   * the user made by hand.  Untranslated, so that the name reads the
   * same on every computer the file travels to. */
  return g_strdup_printf ("Sessio %s%s", stamp, SESSIO_BACKUP_SUFFIX);
}

static BackupRequest *
request_by_hand (GtkWindow          *parent,
                 GSettings          *settings,
                 AdwToastOverlay    *toasts,
                 SessioBackupUiDone  done,
                 gpointer            done_data)
{
  BackupRequest *request = request_new (toasts, done, done_data);

  g_set_weak_pointer (&request->parent, parent);
  g_set_object (&request->settings, settings);
  return request;
}

void
sessio_backup_ui_back_up_to (GtkWindow          *parent,
                             SessioVault        *vault,
                             GSettings          *settings,
                             const char         *folder,
                             AdwToastOverlay    *toasts,
                             SessioBackupUiDone  done,
                             gpointer            done_data)
{
  g_autofree char *name = manual_name ();
  g_autofree char *path = g_build_filename (folder, name, NULL);
  BackupRequest *request;

  g_return_if_fail (SESSIO_IS_VAULT (vault));

  request = request_by_hand (parent, settings, toasts, done, done_data);
  request->folder = g_strdup (folder);
  sessio_backup_create_async (vault, path, NULL, backup_done, request);
}

typedef struct
{
  SessioVault        *vault;
  BackupRequest      *request;
} ChooseData;

static void
on_folder_chosen (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  ChooseData *data = user_data;

  if (response == GTK_RESPONSE_ACCEPT && sessio_vault_is_open (data->vault))
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        {
          g_autofree char *name = manual_name ();
          g_autofree char *file = g_build_filename (path, name, NULL);

          data->request->folder = g_strdup (path);
          sessio_backup_create_async (data->vault, file, NULL, backup_done,
                                      g_steal_pointer (&data->request));
        }
    }

  if (data->request != NULL)
    {
      if (data->request->done != NULL)
        data->request->done (data->request->done_data, FALSE);
      request_free (data->request);
    }
  g_object_unref (data->vault);
  g_free (data);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
sessio_backup_ui_back_up_now (GtkWindow          *parent,
                              SessioVault        *vault,
                              GSettings          *settings,
                              AdwToastOverlay    *toasts,
                              SessioBackupUiDone  done,
                              gpointer            done_data)
{
  GtkFileChooserNative *chooser;
  ChooseData *data;

  g_return_if_fail (SESSIO_IS_VAULT (vault));

  /* Native, so that a Flatpak goes through the file chooser portal.
   * (GtkFileDialog needs GTK 4.10; Debian 12 has 4.8.) */
  chooser = gtk_file_chooser_native_new (_("Back Up to Folder"), parent,
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Back Up"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  data = g_new0 (ChooseData, 1);
  data->vault = g_object_ref (vault);
  data->request = request_by_hand (parent, settings, toasts, done, done_data);
  g_signal_connect (chooser, "response", G_CALLBACK (on_folder_chosen), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

gboolean
sessio_backup_ui_auto_is_due (SessioVault *vault,
                              GSettings   *settings,
                              const char  *reason,
                              gint64       now)
{
  g_autofree char *folder = g_settings_get_string (settings, "backup-folder");
  g_autofree char *when = g_settings_get_string (settings, "backup-when");

  if (vault == NULL || !sessio_vault_is_open (vault) || *folder == '\0' ||
      g_strcmp0 (when, reason) != 0)
    return FALSE;

  if (g_strcmp0 (reason, "daily") == 0)
    return now - sessio_backup_get_last (vault) >= 24 * 3600;
  return TRUE;
}

void
sessio_backup_ui_run_auto_async (SessioVault        *vault,
                                 GSettings          *settings,
                                 AdwToastOverlay    *toasts,
                                 SessioBackupUiDone  done,
                                 gpointer            done_data)
{
  g_autofree char *folder = g_settings_get_string (settings, "backup-folder");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *name = sessio_backup_auto_name (now);
  g_autofree char *path = g_build_filename (folder, name, NULL);
  BackupRequest *request = request_new (toasts, done, done_data);

  request->automatic = TRUE;
  request->folder = g_strdup (folder);
  request->keep = g_settings_get_uint (settings, "backup-keep");

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      toast (toasts, _("The automatic backup failed: the backup folder is not available. Is the disk connected?"), 0);
      if (done != NULL)
        done (done_data, FALSE);
      request_free (request);
      return;
    }

  sessio_backup_create_async (vault, path, NULL, backup_done, request);
}

char *
sessio_backup_ui_format_last (gint64 last)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (last <= 0)
    return g_strdup (_("Never"));
  utc = g_date_time_new_from_unix_utc (last);
  local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (_("Never"));
}

char *
sessio_backup_ui_reminder_text (gint64 last,
                                gint64 now)
{
  gint64 days;

  if (last <= 0)
    return g_strdup (_("This vault has never been backed up. A backup on another disk keeps your patient files safe if this computer fails."));

  days = MAX (0, (now - last) / (24 * 3600));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The last backup is %d day old.",
                                       "The last backup is %d days old.", (gulong) days),
                          (int) days);
}
