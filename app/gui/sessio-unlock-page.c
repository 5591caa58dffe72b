/* sessio-unlock-page.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page in front of a locked vault.  The key derivation takes about a
 * second on purpose, so it runs in a worker thread with a spinner.  With
 * the recovery key the user sets a new passphrase at the same time: the
 * old one is forgotten, which is why they are here.
 *
 * Signal: ::unlocked (SessioVault *).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-passphrase-quality.h"
#include "sessio-a11y.h"
#include "sessio-resources.h"
#include "sessio-secret.h"
#include "sessio-unlock-page.h"

struct _SessioUnlockPage
{
  AdwBin                parent_instance;

  char                 *vault_dir;
  GCancellable         *cancellable;
  gboolean              busy;
  gboolean              waiting;
  gboolean              recovery;

  AdwPasswordEntryRow  *passphrase_row;
  AdwEntryRow          *recovery_key_row;
  AdwPasswordEntryRow  *new_passphrase_row;
  AdwPasswordEntryRow  *repeat_row;
  GtkLabel             *hint_label;
  GtkLabel             *demo_label;
  GtkLabel             *error_label;
  GtkSpinner           *spinner;
  GtkButton            *unlock_button;
  GtkButton            *mode_button;
};

G_DEFINE_FINAL_TYPE (SessioUnlockPage, sessio_unlock_page, ADW_TYPE_BIN)

enum {
  UNLOCKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char     *dir;
  char     *secret;          /* passphrase or recovery key, sodium_malloc()ed */
  char     *new_passphrase;  /* recovery only, sodium_malloc()ed */
  gboolean  recovery;
} UnlockData;

static void
unlock_data_free (gpointer data)
{
  UnlockData *ud = data;

  g_free (ud->dir);
  if (ud->secret != NULL)
    sessio_secret_free (ud->secret);
  if (ud->new_passphrase != NULL)
    sessio_secret_free (ud->new_passphrase);
  g_free (ud);
}

static void
show_error (SessioUnlockPage *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_state (SessioUnlockPage *self)
{
  gboolean idle = !self->busy && !self->waiting;
  gboolean ready;

  gtk_widget_set_visible (GTK_WIDGET (self->passphrase_row), !self->recovery);
  gtk_widget_set_visible (GTK_WIDGET (self->recovery_key_row), self->recovery);
  gtk_widget_set_visible (GTK_WIDGET (self->new_passphrase_row), self->recovery);
  gtk_widget_set_visible (GTK_WIDGET (self->repeat_row), self->recovery);
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), self->recovery);

  gtk_button_set_label (self->unlock_button,
                        self->recovery ? _("_Recover") : _("_Unlock"));
  gtk_button_set_label (self->mode_button,
                        self->recovery ? _("Use the _Passphrase")
                                       : _("Use the _Recovery Key"));
  sessio_a11y_fix_button_label (self->unlock_button);
  sessio_a11y_fix_button_label (self->mode_button);

  if (self->recovery)
    {
      const char *new_pass = gtk_editable_get_text (GTK_EDITABLE (self->new_passphrase_row));
      const char *repeat = gtk_editable_get_text (GTK_EDITABLE (self->repeat_row));
      SessioPassphraseQuality quality;

      sessio_passphrase_quality_check (new_pass, &quality);
      gtk_label_set_text (self->hint_label, quality.hint);
      ready = quality.acceptable && g_strcmp0 (new_pass, repeat) == 0 &&
              *gtk_editable_get_text (GTK_EDITABLE (self->recovery_key_row)) != '\0';
      sessio_passphrase_quality_clear (&quality);
    }
  else
    {
      ready = *gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)) != '\0';
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->passphrase_row), idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->recovery_key_row), idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->new_passphrase_row), idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->repeat_row), idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock.unlock", idle && ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock.toggle-recovery", idle);

  gtk_spinner_set_spinning (self->spinner, !idle);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), !idle);
}

static void
on_text_changed (SessioUnlockPage *self)
{
  update_state (self);
}

static void
unlock_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  UnlockData *ud = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) vault = NULL;

  if (ud->recovery)
    {
      vault = sessio_vault_open_with_recovery_key (ud->dir, ud->secret, &error);
      if (vault != NULL &&
          !sessio_vault_change_passphrase (vault, ud->new_passphrase, NULL, &error))
        g_clear_object (&vault);
    }
  else
    {
      vault = sessio_vault_open (ud->dir, ud->secret, &error);
    }

  if (vault == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&vault), g_object_unref);
}

static void
clear_entries (SessioUnlockPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->recovery_key_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_row), "");
}

static void
unlock_done (GObject      *object,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(SessioUnlockPage) self = user_data;
  g_autoptr(SessioVault) vault = NULL;
  g_autoptr(GError) error = NULL;

  vault = g_task_propagate_pointer (G_TASK (res), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  update_state (self);

  if (vault == NULL)
    {
      GtkWidget *focus = self->recovery ? GTK_WIDGET (self->recovery_key_row)
                                        : GTK_WIDGET (self->passphrase_row);

      /* The core's message is translated and names no patient data:
       * wrong passphrase, damaged or modified, in use, newer version. */
      show_error (self, error->message);
      gtk_widget_grab_focus (focus);
      gtk_editable_select_region (GTK_EDITABLE (focus), 0, -1);
      return;
    }

  clear_entries (self);
  self->recovery = FALSE;
  update_state (self);
  g_signal_emit (self, signals[UNLOCKED], 0, vault);
}

static void
unlock_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SessioUnlockPage *self = SESSIO_UNLOCK_PAGE (widget);
  g_autoptr(GTask) task = NULL;
  UnlockData *ud;

  ud = g_new0 (UnlockData, 1);
  ud->dir = g_strdup (self->vault_dir);
  ud->recovery = self->recovery;
  if (self->recovery)
    {
      ud->secret = sessio_secret_dup (gtk_editable_get_text (GTK_EDITABLE (self->recovery_key_row)));
      ud->new_passphrase = sessio_secret_dup (gtk_editable_get_text (GTK_EDITABLE (self->new_passphrase_row)));
    }
  else
    {
      ud->secret = sessio_secret_dup (gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)));
    }

  show_error (self, NULL);
  self->busy = TRUE;
  update_state (self);

  task = g_task_new (NULL, self->cancellable, unlock_done, g_object_ref (self));
  g_task_set_source_tag (task, unlock_action);
  g_task_set_task_data (task, ud, unlock_data_free);
  g_task_run_in_thread (task, unlock_thread);
}

static void
toggle_recovery_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  SessioUnlockPage *self = SESSIO_UNLOCK_PAGE (widget);

  self->recovery = !self->recovery;
  clear_entries (self);
  show_error (self, NULL);
  update_state (self);
  gtk_widget_grab_focus (self->recovery ? GTK_WIDGET (self->recovery_key_row)
                                        : GTK_WIDGET (self->passphrase_row));
}

static void
entry_activated (SessioUnlockPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "unlock.unlock", NULL);
}

/**
 * sessio_unlock_page_reset:
 * @vault_dir: the vault to unlock
 */
void
sessio_unlock_page_reset (SessioUnlockPage *self,
                          const char       *vault_dir)
{
  g_return_if_fail (SESSIO_IS_UNLOCK_PAGE (self));

  g_free (self->vault_dir);
  self->vault_dir = g_strdup (vault_dir);
  self->recovery = FALSE;
  clear_entries (self);
  show_error (self, NULL);
  update_state (self);
}

/**
 * sessio_unlock_page_set_waiting:
 *
 * While the vault that was just locked is still being saved and closed in
 * the background, the page shows a spinner and cannot unlock: the folder
 * is not free yet.
 */
void
sessio_unlock_page_set_waiting (SessioUnlockPage *self,
                                gboolean          waiting)
{
  g_return_if_fail (SESSIO_IS_UNLOCK_PAGE (self));

  self->waiting = waiting;
  update_state (self);
  if (!waiting)
    gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
}

/**
 * sessio_unlock_page_set_hint:
 * @hint: (nullable): a sentence shown above the passphrase, e.g. for a demo
 */
void
sessio_unlock_page_set_hint (SessioUnlockPage *self,
                             const char       *hint)
{
  g_return_if_fail (SESSIO_IS_UNLOCK_PAGE (self));

  gtk_label_set_text (self->demo_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->demo_label), hint != NULL);
}

/**
 * sessio_unlock_page_get_error:
 *
 * Returns: (nullable): the error shown, if any
 */
const char *
sessio_unlock_page_get_error (SessioUnlockPage *self)
{
  g_return_val_if_fail (SESSIO_IS_UNLOCK_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

static void
sessio_unlock_page_dispose (GObject *object)
{
  SessioUnlockPage *self = SESSIO_UNLOCK_PAGE (object);

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_UNLOCK_PAGE);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->vault_dir, g_free);

  G_OBJECT_CLASS (sessio_unlock_page_parent_class)->dispose (object);
}

static void
sessio_unlock_page_class_init (SessioUnlockPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_unlock_page_dispose;

  signals[UNLOCKED] =
    g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SESSIO_TYPE_VAULT);

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-unlock-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioUnlockPage, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, SessioUnlockPage, recovery_key_row);
  gtk_widget_class_bind_template_child (widget_class, SessioUnlockPage, new_passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, SessioUnlockPage, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, SessioUnlockPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, SessioUnlockPage, demo_label);
  gtk_widget_class_bind_template_child (widget_class, SessioUnlockPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SessioUnlockPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SessioUnlockPage, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, SessioUnlockPage, mode_button);
  gtk_widget_class_bind_template_callback (widget_class, on_text_changed);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated);

  gtk_widget_class_install_action (widget_class, "unlock.unlock", NULL, unlock_action);
  gtk_widget_class_install_action (widget_class, "unlock.toggle-recovery", NULL, toggle_recovery_action);
}

static void
sessio_unlock_page_init (SessioUnlockPage *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self));
  update_state (self);
}
