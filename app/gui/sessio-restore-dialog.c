/* sessio-restore-dialog.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new computer, or a vault lost: a backup file and its passphrase (or
 * the recovery key printed when the vault was made) become a vault again,
 * in a folder that holds none yet.  The backup is verified whole before
 * anything is written, in a worker thread (the key derivation takes a
 * moment); the vault it came from, wherever it is, is never touched.
 *
 * Signal: ::restored (SessioVault, open), then the dialog closes.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sessio-a11y.h"
#include "sessio-backup.h"
#include "sessio-passphrase-quality.h"
#include "sessio-resources.h"
#include "sessio-restore-dialog.h"
#include "sessio-secret.h"

struct _SessioRestoreDialog
{
  AdwWindow            parent_instance;

  char                *file;
  char                *to_dir;
  gint64               backup_created;
  GCancellable        *cancellable;

  AdwActionRow        *file_row;
  AdwActionRow        *folder_row;
  AdwPasswordEntryRow *passphrase_row;
  AdwPasswordEntryRow *recovery_key_row;
  AdwPasswordEntryRow *new_passphrase_row;
  GtkLabel            *error_label;
  GtkButton           *restore_button;
  GtkSpinner          *spinner;
};

G_DEFINE_FINAL_TYPE (SessioRestoreDialog, sessio_restore_dialog, ADW_TYPE_WINDOW)

enum {
  RESTORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char *file;
  char *to_dir;
  char *passphrase;     /* sodium_malloc()ed, or NULL */
  char *recovery_key;   /* sodium_malloc()ed, or NULL */
  char *new_passphrase; /* sodium_malloc()ed, with the recovery key */
  SessioBackupInfo info; /* of the backup restored */
} Job;

static void
job_free (Job *job)
{
  g_free (job->file);
  g_free (job->to_dir);
  if (job->passphrase != NULL)
    sessio_secret_free (job->passphrase);
  if (job->recovery_key != NULL)
    sessio_secret_free (job->recovery_key);
  if (job->new_passphrase != NULL)
    sessio_secret_free (job->new_passphrase);
  g_free (job);
}

static void
show_error (SessioRestoreDialog *self,
            const char          *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_sensitivity (SessioRestoreDialog *self)
{
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->recovery_key_row));
  const char *new_passphrase = gtk_editable_get_text (GTK_EDITABLE (self->new_passphrase_row));

  gboolean new_acceptable = FALSE;

  /* With the recovery key the passphrase is forgotten: a new one is
   * needed, as when a vault is recovered, and the same policy judges it. */
  gtk_widget_set_visible (GTK_WIDGET (self->new_passphrase_row), *key != '\0');
  if (*key != '\0' && *new_passphrase != '\0')
    {
      SessioPassphraseQuality quality;

      sessio_passphrase_quality_check (new_passphrase, &quality);
      new_acceptable = quality.acceptable;
      show_error (self, new_acceptable ? NULL : quality.hint);
      sessio_passphrase_quality_clear (&quality);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button),
                            self->file != NULL &&
                            (*key != '\0' ? new_acceptable : *passphrase != '\0') &&
                            !gtk_spinner_get_spinning (self->spinner));
}

void
sessio_restore_dialog_set_file (SessioRestoreDialog *self,
                                const char          *path)
{
  g_autofree char *name = NULL;

  g_return_if_fail (SESSIO_IS_RESTORE_DIALOG (self));

  g_free (self->file);
  self->file = g_strdup (path);
  name = path != NULL ? g_path_get_basename (path) : NULL;
  adw_action_row_set_subtitle (self->file_row, name != NULL ? name : _("None chosen"));
  show_error (self, NULL);
  update_sensitivity (self);
}

static void
file_chosen (GtkNativeDialog     *chooser,
             int                  response,
             SessioRestoreDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        sessio_restore_dialog_set_file (self, path);
    }
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  SessioRestoreDialog *self = SESSIO_RESTORE_DIALOG (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose a Backup"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Sessio backups"));
  gtk_file_filter_add_suffix (filter, "sessiobackup");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (file_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
restore_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  SessioVault *vault;

  vault = sessio_backup_restore (job->file, job->passphrase, job->recovery_key, job->to_dir, &job->info, &error);
  if (vault != NULL && job->new_passphrase != NULL &&
      !sessio_vault_change_passphrase (vault, job->new_passphrase, NULL, &error))
    {
      /* The vault is restored and still opens with the recovery key; say
       * why the passphrase is not set rather than hide the vault. */
      g_task_return_error (task, error);
      sessio_vault_close (vault, NULL);
      g_object_unref (vault);
      return;
    }
  if (vault == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, vault, g_object_unref);
}

static void
restore_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SessioRestoreDialog *self = SESSIO_RESTORE_DIALOG (source);
  g_autoptr(SessioVault) vault = NULL;
  g_autoptr(GError) error = NULL;

  vault = g_task_propagate_pointer (G_TASK (result), &error);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  update_sensitivity (self);
  if (vault == NULL)
    {
      show_error (self, error->message);
      return;
    }
  /* The window takes the vault and watches it from here, and says which
   * backup it was. */
  self->backup_created = ((Job *) g_task_get_task_data (G_TASK (result)))->info.created;
  sessio_vault_set_auto_fold (vault, SESSIO_VAULT_AUTO_FOLD_ASYNC);
  g_signal_emit (self, signals[RESTORED], 0, vault);
  sessio_a11y_close_window (GTK_WINDOW (self));
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  SessioRestoreDialog *self = SESSIO_RESTORE_DIALOG (widget);
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->recovery_key_row));
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->file == NULL || gtk_spinner_get_spinning (self->spinner))
    return;

  job = g_new0 (Job, 1);
  job->file = g_strdup (self->file);
  job->to_dir = g_strdup (self->to_dir);
  /* The recovery key wins when both are given: it is what a person with
   * a forgotten passphrase types. */
  if (*key != '\0')
    {
      job->recovery_key = sessio_secret_dup (key);
      job->new_passphrase = sessio_secret_dup (gtk_editable_get_text (GTK_EDITABLE (self->new_passphrase_row)));
    }
  else
    job->passphrase = sessio_secret_dup (passphrase);

  show_error (self, NULL);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  update_sensitivity (self);

  task = g_task_new (self, self->cancellable, restore_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, restore_thread);
}

/**
 * sessio_restore_dialog_get_backup_created:
 *
 * Returns: when the backup restored was made (Unix time), once ::restored
 *   was emitted; 0 before
 */
gint64
sessio_restore_dialog_get_backup_created (SessioRestoreDialog *self)
{
  g_return_val_if_fail (SESSIO_IS_RESTORE_DIALOG (self), 0);

  return self->backup_created;
}

/**
 * sessio_restore_dialog_new:
 * @to_dir: the folder the vault is restored into: it must hold no vault
 */
SessioRestoreDialog *
sessio_restore_dialog_new (const char *to_dir)
{
  SessioRestoreDialog *self = g_object_new (SESSIO_TYPE_RESTORE_DIALOG, NULL);

  self->to_dir = g_strdup (to_dir);
  adw_action_row_set_subtitle (self->folder_row, to_dir);
  sessio_restore_dialog_set_file (self, NULL);
  update_sensitivity (self);
  return self;
}

static void
sessio_restore_dialog_dispose (GObject *object)
{
  SessioRestoreDialog *self = SESSIO_RESTORE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_RESTORE_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->file, g_free);
  g_clear_pointer (&self->to_dir, g_free);

  G_OBJECT_CLASS (sessio_restore_dialog_parent_class)->dispose (object);
}

static void
sessio_restore_dialog_class_init (SessioRestoreDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_restore_dialog_dispose;

  signals[RESTORED] =
    g_signal_new ("restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SESSIO_TYPE_VAULT);

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-restore-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioRestoreDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, SessioRestoreDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, SessioRestoreDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, SessioRestoreDialog, recovery_key_row);
  gtk_widget_class_bind_template_child (widget_class, SessioRestoreDialog, new_passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, SessioRestoreDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SessioRestoreDialog, restore_button);
  gtk_widget_class_bind_template_child (widget_class, SessioRestoreDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, update_sensitivity);

  gtk_widget_class_install_action (widget_class, "restore.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "restore.restore", NULL, restore_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sessio_restore_dialog_init (SessioRestoreDialog *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self));
}
