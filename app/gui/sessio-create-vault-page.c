/* sessio-create-vault-page.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The creation assistant: a passphrase typed twice, with strength
 * feedback; the vault is created in a worker thread (the key derivation is
 * calibrated to take about a second); then the recovery key, shown once,
 * printable and saveable as a PDF, and an explicit "I have stored it"
 * before the vault opens.
 *
 * Signals: ::created (SessioVault *) once the user has stored the key;
 * ::cancelled when they go back.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-create-vault-page.h"
#include "sessio-keys.h"
#include "sessio-passphrase-quality.h"
#include "sessio-recovery-sheet.h"
#include "sessio-a11y.h"
#include "sessio-resources.h"
#include "sessio-secret.h"

struct _SessioCreateVaultPage
{
  AdwBin                parent_instance;

  char                 *vault_dir;
  SessioVault          *vault;          /* created, not yet handed over */
  char                 *recovery_key;   /* sodium_malloc()ed */
  GDateTime            *created;
  GCancellable         *cancellable;

  GtkStack             *steps;
  AdwPasswordEntryRow  *passphrase_row;
  AdwPasswordEntryRow  *repeat_row;
  GtkLevelBar          *strength_bar;
  GtkLabel             *strength_label;
  GtkLabel             *error_label;
  GtkSpinner           *spinner;
  GtkButton            *create_button;
  GtkLabel             *recovery_key_label;
  GtkCheckButton       *stored_check;
  GtkButton            *continue_button;
};

G_DEFINE_FINAL_TYPE (SessioCreateVaultPage, sessio_create_vault_page, ADW_TYPE_BIN)

enum {
  CREATED,
  CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char *dir;
  char *passphrase;   /* sodium_malloc()ed */
} CreateData;

typedef struct
{
  SessioVault *vault;
  char        *recovery_key;
} CreateResult;

static void
create_data_free (gpointer data)
{
  CreateData *cd = data;

  g_free (cd->dir);
  if (cd->passphrase != NULL)
    sessio_secret_free (cd->passphrase);
  g_free (cd);
}

static void
create_result_free (gpointer data)
{
  CreateResult *result = data;

  g_clear_object (&result->vault);
  if (result->recovery_key != NULL)
    sessio_key_free_text (result->recovery_key);
  g_free (result);
}

static void
clear_recovery_key (SessioCreateVaultPage *self)
{
  gtk_label_set_text (self->recovery_key_label, "");
  if (self->recovery_key != NULL)
    {
      sessio_key_free_text (self->recovery_key);
      self->recovery_key = NULL;
    }
}

static void
update_sensitivity (SessioCreateVaultPage *self)
{
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  const char *repeat = gtk_editable_get_text (GTK_EDITABLE (self->repeat_row));
  SessioPassphraseQuality quality;
  gboolean busy = gtk_spinner_get_spinning (self->spinner);
  gboolean match = g_strcmp0 (passphrase, repeat) == 0;

  sessio_passphrase_quality_check (passphrase, &quality);
  gtk_level_bar_set_value (self->strength_bar, quality.strength);
  gtk_label_set_text (self->strength_label, quality.hint);

  if (quality.acceptable && *repeat != '\0' && !match)
    {
      gtk_label_set_text (self->error_label, _("The passphrases do not match"));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  else if (!busy)
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "create-vault.create",
                                 quality.acceptable && match && !busy);
  sessio_passphrase_quality_clear (&quality);
}

static void
on_text_changed (SessioCreateVaultPage *self)
{
  update_sensitivity (self);
}

static void
passphrase_activated (SessioCreateVaultPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->repeat_row));
}

static void
repeat_activated (SessioCreateVaultPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "create-vault.create", NULL);
}

static void
set_busy (SessioCreateVaultPage *self,
          gboolean               busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->passphrase_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->repeat_row), !busy);
  update_sensitivity (self);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CreateData *cd = task_data;
  g_autoptr(GError) error = NULL;
  CreateResult *result = g_new0 (CreateResult, 1);

  /* kdf NULL: calibrate Argon2id to this machine, never below the floor. */
  result->vault = sessio_vault_create (cd->dir, cd->passphrase, NULL,
                                       &result->recovery_key, &error);
  sessio_secret_free (cd->passphrase);
  cd->passphrase = NULL;

  if (result->vault == NULL)
    {
      create_result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, result, create_result_free);
}

static char *
key_for_display (const char *recovery_key)
{
  g_auto(GStrv) groups = g_strsplit (recovery_key, "-", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  /* Two lines of groups: readable aloud, copyable by hand. */
  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, (i % 7) == 0 ? "\n" : " ");
      g_string_append (out, groups[i]);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
create_done (GObject      *object,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(SessioCreateVaultPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  CreateResult *result;

  result = g_task_propagate_pointer (G_TASK (res), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (result == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  /* The passphrase has done its work: out of the widgets. */
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_row), "");

  self->vault = g_steal_pointer (&result->vault);
  self->recovery_key = g_steal_pointer (&result->recovery_key);
  create_result_free (result);
  g_clear_pointer (&self->created, g_date_time_unref);
  self->created = g_date_time_new_now_local ();

  display = key_for_display (self->recovery_key);
  gtk_label_set_text (self->recovery_key_label, display);
  gtk_check_button_set_active (self->stored_check, FALSE);
  gtk_stack_set_visible_child_name (self->steps, "recovery");
  gtk_widget_grab_focus (GTK_WIDGET (self->stored_check));
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SessioCreateVaultPage *self = SESSIO_CREATE_VAULT_PAGE (widget);
  g_autoptr(GTask) task = NULL;
  CreateData *cd;

  cd = g_new0 (CreateData, 1);
  cd->dir = g_strdup (self->vault_dir);
  cd->passphrase = sessio_secret_dup (gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)));

  set_busy (self, TRUE);

  task = g_task_new (NULL, self->cancellable, create_done, g_object_ref (self));
  g_task_set_source_tag (task, create_action);
  g_task_set_task_data (task, cd, create_data_free);
  g_task_run_in_thread (task, create_thread);
}

static void
stored_toggled (SessioCreateVaultPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "create-vault.continue",
                                 gtk_check_button_get_active (self->stored_check));
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SessioCreateVaultPage *self = SESSIO_CREATE_VAULT_PAGE (widget);
  g_autoptr(SessioVault) vault = NULL;

  if (self->vault == NULL || !gtk_check_button_get_active (self->stored_check))
    return;

  clear_recovery_key (self);
  vault = g_steal_pointer (&self->vault);
  gtk_stack_set_visible_child_name (self->steps, "passphrase");
  g_signal_emit (self, signals[CREATED], 0, vault);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  g_signal_emit (widget, signals[CANCELLED], 0);
}

static void
draw_page (GtkPrintOperation     *operation,
           GtkPrintContext       *context,
           int                    page_nr,
           SessioCreateVaultPage *self)
{
  if (self->recovery_key == NULL)
    return;

  sessio_recovery_sheet_draw (gtk_print_context_get_cairo_context (context),
                              gtk_print_context_get_width (context),
                              gtk_print_context_get_height (context),
                              self->recovery_key, self->created);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SessioCreateVaultPage *self = SESSIO_CREATE_VAULT_PAGE (widget);
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, _("Sessio Recovery Key"));
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page), self);

  gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                           GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error);
  if (error != NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
save_response (GtkNativeDialog       *dialog,
               int                    response,
               SessioCreateVaultPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->recovery_key != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL ||
          !sessio_recovery_sheet_write_pdf (path, self->recovery_key, self->created, &error))
        {
          gtk_label_set_text (self->error_label,
                              error ? error->message : _("Could not write the recovery key"));
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SessioCreateVaultPage *self = SESSIO_CREATE_VAULT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;

  /* A native chooser, so that inside Flatpak the portal asks: Sessio has
   * no access to the user's files of its own. */
  dialog = gtk_file_chooser_native_new (_("Save the Recovery Key"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  /* Translators: a file name; keep the .pdf ending */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("Sessio recovery key.pdf"));
  g_signal_connect (dialog, "response", G_CALLBACK (save_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
G_GNUC_END_IGNORE_DEPRECATIONS

/**
 * sessio_create_vault_page_reset:
 * @vault_dir: where the vault will be created
 *
 * Starts the assistant afresh; a vault created but not handed over (the
 * user went back without storing the key) is closed.
 */
void
sessio_create_vault_page_reset (SessioCreateVaultPage *self,
                                const char            *vault_dir)
{
  g_return_if_fail (SESSIO_IS_CREATE_VAULT_PAGE (self));

  g_free (self->vault_dir);
  self->vault_dir = g_strdup (vault_dir);

  clear_recovery_key (self);
  g_clear_object (&self->vault);
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_stack_set_visible_child_name (self->steps, "passphrase");
  update_sensitivity (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
}

const char *
sessio_create_vault_page_get_step (SessioCreateVaultPage *self)
{
  g_return_val_if_fail (SESSIO_IS_CREATE_VAULT_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->steps);
}

static void
sessio_create_vault_page_dispose (GObject *object)
{
  SessioCreateVaultPage *self = SESSIO_CREATE_VAULT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  clear_recovery_key (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_CREATE_VAULT_PAGE);

  g_clear_object (&self->vault);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->vault_dir, g_free);

  G_OBJECT_CLASS (sessio_create_vault_page_parent_class)->dispose (object);
}

static void
sessio_create_vault_page_class_init (SessioCreateVaultPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_create_vault_page_dispose;

  signals[CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SESSIO_TYPE_VAULT);
  signals[CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-create-vault-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioCreateVaultPage, steps);
  gtk_widget_class_bind_template_child (widget_class, SessioCreateVaultPage, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, SessioCreateVaultPage, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, SessioCreateVaultPage, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, SessioCreateVaultPage, strength_label);
  gtk_widget_class_bind_template_child (widget_class, SessioCreateVaultPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SessioCreateVaultPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SessioCreateVaultPage, recovery_key_label);
  gtk_widget_class_bind_template_child (widget_class, SessioCreateVaultPage, stored_check);
  gtk_widget_class_bind_template_child (widget_class, SessioCreateVaultPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, SessioCreateVaultPage, continue_button);
  gtk_widget_class_bind_template_callback (widget_class, on_text_changed);
  gtk_widget_class_bind_template_callback (widget_class, stored_toggled);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_activated);
  gtk_widget_class_bind_template_callback (widget_class, repeat_activated);

  gtk_widget_class_install_action (widget_class, "create-vault.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "create-vault.continue", NULL, continue_action);
  gtk_widget_class_install_action (widget_class, "create-vault.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "create-vault.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "create-vault.save-pdf", NULL, save_action);
}

static void
sessio_create_vault_page_init (SessioCreateVaultPage *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self));

  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_LOW, 0.3);
  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_HIGH, 0.6);
  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_FULL, 0.9);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "create-vault.continue", FALSE);
  update_sensitivity (self);
}
