/* sessio-window.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window.  In front of the work sits the vault: the welcome page
 * when there is none yet, the creation assistant, the unlock page.  Only
 * an unlocked vault shows the sections.  Locking drops the vault from the
 * window (the pages let go of patient data first), then closes it: the
 * journal is folded into a new snapshot in a worker thread, as folding
 * must never block the UI.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>

#include "sessio-agenda-page.h"
#include "sessio-a11y.h"
#include "sessio-backup.h"
#include "sessio-backup-ui.h"
#include "sessio-create-vault-page.h"
#include "sessio-drafts.h"
#include "sessio-editor-draft.h"
#include "sessio-format.h"
#include "sessio-group-dialog.h"
#include "sessio-session-dialog.h"
#include "sessio-idle-monitor.h"
#include "sessio-invoices-page.h"
#include "sessio-paths.h"
#include "sessio-patients-page.h"
#include "sessio-statistics-page.h"
#include "sessio-practice-dialog.h"
#include "sessio-import-dialog.h"
#include "sessio-rule-store.h"
#include "sessio-task-dialog.h"
#include "sessio-resources.h"
#include "sessio-restore-dialog.h"
#include "sessio-unlock-page.h"
#include "sessio-welcome-page.h"
#include "sessio-window.h"
#include "sessio-window-private.h"

G_DEFINE_FINAL_TYPE (SessioWindow, sessio_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_VAULT,
  PROP_AUTO_LOCK_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SessioWindow *
sessio_window_new (SessioApplication *application)
{
  return g_object_new (SESSIO_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * sessio_window_get_visible_section:
 *
 * Returns: the name of the section shown: "patients", "agenda",
 *   "invoices" or "statistics"
 */
const char *
sessio_window_get_visible_section (SessioWindow *self)
{
  g_return_val_if_fail (SESSIO_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

/**
 * sessio_window_get_page:
 *
 * Returns: "welcome", "create", "unlock" or "main"
 */
const char *
sessio_window_get_page (SessioWindow *self)
{
  g_return_val_if_fail (SESSIO_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->pages);
}

const char *
sessio_window_get_vault_dir (SessioWindow *self)
{
  g_return_val_if_fail (SESSIO_IS_WINDOW (self), NULL);

  return self->vault_dir;
}

/**
 * sessio_window_get_vault:
 *
 * Returns: (transfer none) (nullable): the unlocked vault, or %NULL
 */
SessioVault *
sessio_window_get_vault (SessioWindow *self)
{
  g_return_val_if_fail (SESSIO_IS_WINDOW (self), NULL);

  return self->vault;
}

/**
 * sessio_window_get_store:
 *
 * Returns: (transfer none) (nullable): the patient file of the unlocked
 *   vault, or %NULL
 */
SessioPatientStore *
sessio_window_get_store (SessioWindow *self)
{
  g_return_val_if_fail (SESSIO_IS_WINDOW (self), NULL);

  return self->store;
}

gboolean
sessio_window_is_closing_vault (SessioWindow *self)
{
  g_return_val_if_fail (SESSIO_IS_WINDOW (self), FALSE);

  return self->closing > 0;
}

void
_sessio_window_show_toast (SessioWindow *self,
                           const char   *message,
                           guint         timeout)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
}

/**
 * sessio_window_get_last_toast:
 *
 * Returns: (nullable): the text of the last toast shown, for tests
 */
const char *
sessio_window_get_last_toast (SessioWindow *self)
{
  g_return_val_if_fail (SESSIO_IS_WINDOW (self), NULL);

  return self->last_toast;
}

/* The creation assistant and the main page start hidden (see
 * sessio-window.ui), so that GTK neither styles nor measures them, nor
 * loads their icons, before the first frame: each is made visible the
 * first time it is shown. */
void
_sessio_window_show_page (SessioWindow *self,
                          const char   *name)
{
  gtk_widget_set_visible (gtk_stack_get_child_by_name (self->pages, name), TRUE);
  gtk_stack_set_visible_child_name (self->pages, name);
}

/**
 * sessio_window_set_vault_dir:
 * @vault_dir: (nullable): a vault folder; %NULL for the default one
 *
 * Shows the unlock page when @vault_dir holds a vault, the welcome page
 * otherwise.  Only while locked.
 */
void
sessio_window_set_vault_dir (SessioWindow *self,
                             const char   *vault_dir)
{
  g_return_if_fail (SESSIO_IS_WINDOW (self));
  g_return_if_fail (self->vault == NULL);

  g_free (self->vault_dir);
  self->vault_dir = vault_dir != NULL ? g_strdup (vault_dir) : sessio_paths_default_vault_dir ();

  if (sessio_vault_exists (self->vault_dir))
    {
      sessio_unlock_page_reset (self->unlock_page, self->vault_dir);
      sessio_unlock_page_set_waiting (self->unlock_page, self->closing > 0);
      gtk_stack_set_visible_child_name (self->pages, "unlock");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->pages, "welcome");
    }
}

/* ------------------------------------------------------------ backups */

/* The reminder shows while the last backup is older than a week (or there
 * is none), until the user backs up or closes it for this unlock. */
void
_sessio_window_update_backup_reminder (SessioWindow *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean due = self->vault != NULL && !self->reminder_dismissed &&
                 sessio_backup_is_due (self->vault, now, SESSIO_BACKUP_REMINDER_DAYS);

  if (due)
    {
      g_autofree char *text = sessio_backup_ui_reminder_text (sessio_backup_get_last (self->vault), now);

      gtk_label_set_label (self->backup_reminder_label, text);
    }
  gtk_revealer_set_reveal_child (self->backup_reminder, due);
}

void
_sessio_window_backup_finished (gpointer data,
                                gboolean written)
{
  SessioWindow *self = data;

  self->backup_running = FALSE;
  _sessio_window_actions_update (self);
  _sessio_window_update_backup_reminder (self);
  if (self->close_when_backed_up)
    gtk_window_close (GTK_WINDOW (self));
  g_object_unref (self);
}

/* The backup on quit is over: close for real, unless it failed, in which
 * case the window stays with the reason shown, and the next close quits
 * without a backup (the user has seen it). */
static void
quit_backup_finished (gpointer data,
                      gboolean written)
{
  SessioWindow *self = data;

  self->backup_running = FALSE;
  self->quit_backup_done = TRUE;
  _sessio_window_actions_update (self);
  if (self->quit_backup_toast != NULL)
    adw_toast_dismiss (self->quit_backup_toast);
  if (written)
    gtk_window_close (GTK_WINDOW (self));
  else
    _sessio_window_show_toast (self, _("Close the window again to quit without a backup."), 0);
  g_object_unref (self);
}

static void
maybe_back_up_daily (SessioWindow *self)
{
  if (self->backup_running ||
      !sessio_backup_ui_auto_is_due (self->vault, self->settings, "daily",
                                     g_get_real_time () / G_USEC_PER_SEC))
    return;

  self->backup_running = TRUE;
  _sessio_window_actions_update (self);
  sessio_backup_ui_run_auto_async (self->vault, self->settings, self->toast_overlay,
                                   _sessio_window_backup_finished, g_object_ref (self));
}

static gboolean
backup_timer_tick (gpointer data)
{
  SessioWindow *self = data;

  maybe_back_up_daily (self);
  _sessio_window_update_backup_reminder (self);
  return G_SOURCE_CONTINUE;
}

/**
 * sessio_window_set_vault:
 * @vault: an open vault
 *
 * Hands an open vault to the window, which shows the sections and watches
 * for idleness from now on.
 */
static void
rules_changed (SessioWindow *self)
{
  if (self->store != NULL && self->rule_store != NULL)
    sessio_patient_store_set_rules (self->store, sessio_rule_store_get_rules (self->rule_store));
}

static void
on_open_patient (SessioWindow *self,
                 gint64        patient_id)
{
  sessio_window_show_patient (self, patient_id);
}

static GtkWidget *
add_section (SessioWindow *self,
             GType         type,
             const char   *name,
             const char   *title,
             const char   *icon_name)
{
  GtkWidget *page = g_object_new (type, NULL);
  AdwViewStackPage *stack_page = adw_view_stack_add_titled (self->stack, page, name, title);

  adw_view_stack_page_set_icon_name (stack_page, icon_name);
  return page;
}

/* The sections are built when the vault is first unlocked, not with the
 * window: the unlock page is what a start shows, and building four
 * sections it does not need made the first frame later (bench-gui).
 * The remembered section is bound once they exist. */
static void
ensure_sections (SessioWindow *self)
{
  if (self->patients_page != NULL)
    return;

  self->patients_page = SESSIO_PATIENTS_PAGE (add_section (self, SESSIO_TYPE_PATIENTS_PAGE, "patients",
                                                           _("Patients"), "system-users-symbolic"));
  self->agenda_page = SESSIO_AGENDA_PAGE (add_section (self, SESSIO_TYPE_AGENDA_PAGE, "agenda",
                                                       _("Agenda"), "x-office-calendar-symbolic"));
  self->invoices_page = SESSIO_INVOICES_PAGE (add_section (self, SESSIO_TYPE_INVOICES_PAGE, "invoices",
                                                           _("Invoices"), "folder-documents-symbolic"));
  self->statistics_page = SESSIO_STATISTICS_PAGE (add_section (self, SESSIO_TYPE_STATISTICS_PAGE, "statistics",
                                                               _("Statistics"), "sessio-statistics-symbolic"));
  g_signal_connect_object (self->agenda_page, "open-patient",
                           G_CALLBACK (on_open_patient), self, G_CONNECT_SWAPPED);

  g_settings_bind (self->settings, "last-section",
                   self->stack, "visible-child-name",
                   G_SETTINGS_BIND_DEFAULT);
}

/**
 * sessio_window_get_section:
 * @name: "patients", "agenda", "invoices" or "statistics"
 *
 * Returns: (transfer none): the widget of that section, built if needed
 */
GtkWidget *
sessio_window_get_section (SessioWindow *self,
                           const char   *name)
{
  g_return_val_if_fail (SESSIO_IS_WINDOW (self), NULL);

  ensure_sections (self);
  return adw_view_stack_get_child_by_name (self->stack, name);
}

/* ------------------------------------------------------------ drafts
 *
 * A lock hides every window that shows patient data, whatever locked it.
 * An editor's unsaved input is first kept as a draft inside the vault (a
 * commit before the fold); after the next unlock the editor comes back
 * with it.  See sessio-editor-draft.c. */

/* Whether @window was opened from this window: transient for it, or for a
 * window that is, or of the same application. */
static gboolean
window_belongs_to (SessioWindow *self,
                   GtkWindow    *window)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GtkWindow *parent;

  if (window == GTK_WINDOW (self) || SESSIO_IS_WINDOW (window))
    return FALSE;
  for (parent = gtk_window_get_transient_for (window); parent != NULL;
       parent = gtk_window_get_transient_for (parent))
    if (parent == GTK_WINDOW (self))
      return TRUE;
  return app != NULL && gtk_window_get_application (window) == app;
}

static void
on_restored_editor_destroyed (GtkWindow    *editor,
                              SessioWindow *self)
{
  g_autoptr(GError) error = NULL;

  /* Saved or cancelled by the user: the draft has done its work.  Closed
   * by a lock: it stays, updated, for the next unlock. */
  if (sessio_editor_draft_closed_by_lock (editor) || self->vault == NULL)
    return;
  if (!sessio_drafts_delete (self->vault, sessio_editor_draft_get_id (editor), &error))
    g_warning ("A restored draft could not be dropped: %s", error->message);
}

static void
track_editor (SessioWindow *self,
              GtkWindow    *editor)
{
  g_signal_connect_object (editor, "destroy", G_CALLBACK (on_restored_editor_destroyed),
                           self, 0);
}

/* Before the vault is dropped: drafts of what was typed, then every
 * window of ours but this one closed, deepest first. */
static void
close_windows_keeping_drafts (SessioWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);
  guint kept_failed = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      /* The restore dialog shows no patient data and closes itself once
       * the restored vault is handed over, which locks the one open. */
      if (window_belongs_to (self, window) && !SESSIO_IS_RESTORE_DIALOG (window))
        g_ptr_array_add (windows, g_object_ref (window));
    }

  for (guint i = 0; i < windows->len; i++)
    {
      GtkWindow *window = g_ptr_array_index (windows, i);
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;

      if (!sessio_editor_draft_is_attached (window))
        continue;
      sessio_editor_draft_set_locking (window);
      text = sessio_editor_draft_capture (window);
      if (text != NULL &&
          !sessio_drafts_save (self->vault, sessio_editor_draft_get_id (window), text, &error))
        {
          g_warning ("A draft could not be kept: %s", error->message);
          kept_failed++;
        }
      if (text != NULL)
        sodium_memzero (text, strlen (text));
    }

  /* Hidden at once, destroyed a moment later: GTK 4.8's accessibility
   * bridge trips over windows destroyed while it is still telling the
   * screen reader about them (see sessio_a11y_close_window()). */
  for (guint i = windows->len; i > 0; i--)
    {
      GtkWindow *window = g_ptr_array_index (windows, i - 1);

      /* Let go of this window now: it may be gone before the destroy. */
      gtk_window_set_transient_for (window, NULL);
      sessio_a11y_close_window (window);
    }

  if (kept_failed > 0)
    self->draft_lost = TRUE;
}

/* After an unlock: every draft back in its editor, or said once why not. */
static void
restore_drafts (SessioWindow *self)
{
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  guint not_restored = 0;

  if (self->draft_lost)
    {
      _sessio_window_show_toast (self, _("What you were typing when Sessio locked could not be kept"), 0);
      self->draft_lost = FALSE;
    }

  drafts = sessio_drafts_list (self->vault, &error);
  if (drafts == NULL)
    {
      _sessio_window_show_toast (self, error->message, 0);
      return;
    }

  for (guint i = 0; i < drafts->len; i++)
    {
      SessioDraft *draft = g_ptr_array_index (drafts, i);
      g_autoptr(GError) restore_error = NULL;
      GtkWindow *editor;

      editor = sessio_editor_draft_restore (self->store, draft->id, draft->text, &restore_error);
      if (editor == NULL)
        {
          g_autoptr(GError) delete_error = NULL;

          /* Its patient erased, an older copy restored, another version:
           * said once, then dropped. */
          not_restored++;
          if (!sessio_drafts_delete (self->vault, draft->id, &delete_error))
            g_warning ("A draft could not be dropped: %s", delete_error->message);
          continue;
        }
      gtk_window_set_transient_for (editor, GTK_WINDOW (self));
      track_editor (self, editor);
      gtk_window_present (editor);
    }

  if (not_restored > 0)
    _sessio_window_show_toast (self,
                               ngettext ("What you were typing when Sessio locked could not be restored: "
                                         "what it belonged to is no longer in the file",
                                         "What you were typing in some editors when Sessio locked could not be restored: "
                                         "what it belonged to is no longer in the file",
                                         not_restored),
                               0);
}

static void
lock_later (gpointer data)
{
  g_autoptr(SessioWindow) self = data;

  sessio_window_lock (self);
}

static void
older_copy_response (AdwMessageDialog *dialog,
                     const char       *response,
                     SessioWindow     *self)
{
  g_autoptr(GError) error = NULL;

  if (self->vault == NULL || !sessio_vault_get_rolled_back (self->vault))
    return;

  if (g_strcmp0 (response, "use") == 0)
    {
      /* Recorded in the vault's audit log; from here it is the newest
       * copy this computer knows, and writes are allowed again. */
      if (!sessio_vault_accept_rollback (self->vault, &error))
        _sessio_window_show_toast (self, error->message, 0);
      else
        {
          maybe_back_up_daily (self);
          /* Held back until the copy may be written to. */
          restore_drafts (self);
        }
      return;
    }
  /* After the dialog has finished closing: the lock closes every other
   * window, and this one is still answering. */
  g_idle_add_once (lock_later, g_object_ref (self));
}

/* An older copy of the vault was put back (or its journal cut): the core
 * refuses every change to it until the user chooses to go on with it.
 * Locking leaves it as it is. */
static void
ask_older_copy (SessioWindow *self)
{
  AdwMessageDialog *ask;

  ask = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("An Older Copy of the Vault"),
                                                    _("This vault is older than one opened before on this "
                                                      "computer: an older copy may have been put back, and "
                                                      "what was saved since is not in it. Nothing is changed "
                                                      "in it until you choose to use this older copy.")));
  adw_message_dialog_add_responses (ask, "lock", _("_Lock"), "use", _("_Use This Older Copy"), NULL);
  adw_message_dialog_set_response_appearance (ask, "use", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ask, "lock");
  adw_message_dialog_set_close_response (ask, "lock");
  g_signal_connect_object (ask, "response", G_CALLBACK (older_copy_response), self, 0);
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (ask));
  gtk_window_present (GTK_WINDOW (ask));
}

void
sessio_window_set_vault (SessioWindow *self,
                         SessioVault  *vault)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SESSIO_IS_WINDOW (self));
  g_return_if_fail (SESSIO_IS_VAULT (vault));
  g_return_if_fail (self->vault == NULL);

  ensure_sections (self);
  self->vault = g_object_ref (vault);
  /* The window runs on the main thread: folding goes to a worker. */
  sessio_vault_set_auto_fold (vault, SESSIO_VAULT_AUTO_FOLD_ASYNC);

  g_free (self->vault_dir);
  self->vault_dir = g_strdup (sessio_vault_get_dir (vault));

  /* The passphrase entry loses the focus before its page goes. */
  gtk_root_set_focus (GTK_ROOT (self), NULL);

  /* Evaluate with the amounts the user set, and follow their changes. */
  self->rule_store = sessio_rule_store_get_for_vault (vault, &error);
  if (self->rule_store == NULL)
    _sessio_window_show_toast (self, error->message, 0);
  self->store = sessio_patient_store_new (vault, self->rule_store != NULL
                                                 ? sessio_rule_store_get_rules (self->rule_store)
                                                 : NULL);
  if (self->rule_store != NULL)
    g_signal_connect_object (self->rule_store, "changed",
                             G_CALLBACK (rules_changed), self, G_CONNECT_SWAPPED);
  sessio_patients_page_set_store (self->patients_page, self->store);
  sessio_statistics_page_set_store (self->statistics_page, self->store);
  self->invoice_store = sessio_invoice_store_new (self->store, self->rule_store);
  sessio_invoices_page_set_store (self->invoices_page, self->invoice_store);
  sessio_agenda_page_set_store (self->agenda_page, self->store);

  _sessio_window_show_page (self, "main");
  _sessio_window_actions_update (self);
  sessio_idle_monitor_set_timeout (self->idle, self->auto_lock_seconds);
  sessio_idle_monitor_set_active (self->idle, TRUE);

  /* Backups: the reminder, and the daily backup now and every hour. */
  self->reminder_dismissed = FALSE;
  _sessio_window_update_backup_reminder (self);
  /* An older copy takes no backup (which records its time in the vault)
   * before the user has chosen to use it. */
  if (!sessio_vault_get_rolled_back (vault))
    maybe_back_up_daily (self);
  if (self->backup_timer == 0)
    self->backup_timer = g_timeout_add_seconds (3600, backup_timer_tick, self);

  if (sessio_vault_get_rolled_back (vault))
    ask_older_copy (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VAULT]);

  /* An older copy is written to only once the user has chosen it. */
  if (!sessio_vault_get_rolled_back (vault))
    restore_drafts (self);
}

/**
 * sessio_window_set_demo_vault:
 * @passphrase: the demo vault's passphrase, shown on its unlock page
 *
 * Opens a demo vault.  Locking it works as for any vault; the unlock page
 * then says the passphrase, since a demo keeps nothing secret.
 */
void
sessio_window_set_demo_vault (SessioWindow *self,
                              SessioVault  *vault,
                              const char   *passphrase)
{
  g_autofree char *hint = NULL;

  g_return_if_fail (SESSIO_IS_WINDOW (self));

  /* Translators: %s is the demo vault's passphrase */
  hint = g_strdup_printf (_("This is a demo vault with invented patients. Its passphrase is “%s”."),
                          passphrase);
  sessio_unlock_page_set_hint (self->unlock_page, hint);
  sessio_window_set_vault (self, vault);
}

static void
close_vault_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SessioWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->closing--;

  if (!sessio_vault_close_finish (SESSIO_VAULT (object), result, &error))
    {
      /* Every committed change is already in the journal; only the
       * compaction into a new snapshot failed.  Say so, calmly. */
      g_autofree char *message =
        g_strdup_printf (_("The vault was locked, but could not be compacted: %s. "
                           "No change is lost."), error->message);
      _sessio_window_show_toast (self, message, 0);
    }

  if (self->quit_after_lock)
    {
      GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

      gtk_window_destroy (GTK_WINDOW (self));
      if (app != NULL)
        g_application_release (app);
      return;
    }

  if (self->closing == 0)
    sessio_unlock_page_set_waiting (self->unlock_page, FALSE);
}

/**
 * sessio_window_lock:
 *
 * Locks the vault: every view lets go of patient data, the unlock page
 * comes up, and the vault is folded in a worker thread, then its keys
 * wiped and its folder released.
 */
void
sessio_window_lock (SessioWindow *self)
{
  SessioVault *vault;

  g_return_if_fail (SESSIO_IS_WINDOW (self));

  if (self->vault == NULL)
    return;

  /* Other windows first, their input kept while the vault is open; then
   * the pages: nothing of the patient file stays on screen or in their
   * models once the vault is being closed. */
  close_windows_keeping_drafts (self);
  sessio_patients_page_set_store (self->patients_page, NULL);
  sessio_statistics_page_set_store (self->statistics_page, NULL);
  sessio_invoices_page_set_store (self->invoices_page, NULL);
  g_clear_object (&self->invoice_store);
  sessio_agenda_page_set_store (self->agenda_page, NULL);
  g_clear_object (&self->store);
  g_clear_object (&self->rule_store);

  g_clear_handle_id (&self->backup_timer, g_source_remove);
  gtk_revealer_set_reveal_child (self->backup_reminder, FALSE);

  vault = g_steal_pointer (&self->vault);
  sessio_idle_monitor_set_active (self->idle, FALSE);
  if (self->idle_toast != NULL)
    adw_toast_dismiss (self->idle_toast);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VAULT]);
  _sessio_window_actions_update (self);

  self->closing++;
  gtk_root_set_focus (GTK_ROOT (self), NULL);
  sessio_unlock_page_reset (self->unlock_page, self->vault_dir);
  sessio_unlock_page_set_waiting (self->unlock_page, TRUE);
  gtk_stack_set_visible_child_name (self->pages, "unlock");

  /* The fold runs in a worker; the vault's last steps come back here. */
  sessio_vault_close_async (vault, NULL, close_vault_done, g_object_ref (self));
  g_object_unref (vault);
}

/**
 * sessio_window_show_patient:
 *
 * Opens a patient's file in the Patients section, from anywhere.
 */
void
sessio_window_show_patient (SessioWindow *self,
                            gint64        patient_id)
{
  g_return_if_fail (SESSIO_IS_WINDOW (self));

  if (self->store == NULL)
    return;
  adw_view_stack_set_visible_child_name (self->stack, "patients");
  sessio_patients_page_open_patient (self->patients_page, patient_id);
}

static void
on_unlocked (SessioWindow *self,
             SessioVault  *vault)
{
  sessio_window_set_vault (self, vault);
}

static void
on_idle_warning (SessioWindow *self,
                 guint         seconds_left)
{
  g_autofree char *message = NULL;

  if (self->idle_toast != NULL)
    adw_toast_dismiss (self->idle_toast);

  message = g_strdup_printf (ngettext ("Sessio locks in %u second without input",
                                       "Sessio locks in %u seconds without input",
                                       seconds_left),
                             seconds_left);
  self->idle_toast = adw_toast_new (message);
  adw_toast_set_timeout (self->idle_toast, 0);
  g_object_add_weak_pointer (G_OBJECT (self->idle_toast), (gpointer *) &self->idle_toast);
  adw_toast_overlay_add_toast (self->toast_overlay, self->idle_toast);
}

static void
on_idle_resumed (SessioWindow *self)
{
  if (self->idle_toast != NULL)
    adw_toast_dismiss (self->idle_toast);
}

static void
on_idle (SessioWindow *self)
{
  sessio_window_lock (self);
}

static gboolean
sessio_window_close_request (GtkWindow *window)
{
  SessioWindow *self = SESSIO_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (window));

  /* The automatic backup on quit, before anything closes: in a worker,
   * with the window still up so that a failure can be shown. */
  if (self->vault != NULL && !self->quit_backup_done && !self->backup_running &&
      sessio_backup_ui_auto_is_due (self->vault, self->settings, "on-quit",
                                    g_get_real_time () / G_USEC_PER_SEC))
    {
      self->backup_running = TRUE;
      _sessio_window_actions_update (self);
      g_clear_weak_pointer (&self->quit_backup_toast);
      self->quit_backup_toast = adw_toast_new (_("Backing up before closing…"));
      adw_toast_set_timeout (self->quit_backup_toast, 0);
      g_object_add_weak_pointer (G_OBJECT (self->quit_backup_toast),
                                 (gpointer *) &self->quit_backup_toast);
      adw_toast_overlay_add_toast (self->toast_overlay, self->quit_backup_toast);
      sessio_backup_ui_run_auto_async (self->vault, self->settings, self->toast_overlay,
                                       quit_backup_finished, g_object_ref (self));
      return TRUE;
    }
  /* A backup still being written: close once it is done. */
  if (self->backup_running)
    {
      self->close_when_backed_up = TRUE;
      return TRUE;
    }

  if (self->vault != NULL || self->closing > 0)
    {
      GApplication *app = G_APPLICATION (gtk_window_get_application (window));

      /* Quit only once the vault is folded and closed: hold the
       * application so that it outlives the hidden window meanwhile. */
      if (!self->quit_after_lock && app != NULL)
        g_application_hold (app);
      self->quit_after_lock = TRUE;
      gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
      sessio_window_lock (self);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (sessio_window_parent_class)->close_request (window);
}

static gboolean
minutes_to_seconds (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_uint (value, g_variant_get_uint32 (variant) * 60);
  return TRUE;
}

static void
sessio_window_constructed (GObject *object)
{
  SessioWindow *self = SESSIO_WINDOW (object);
  GtkApplication *app;
  g_autofree char *vault_path = NULL;

  G_OBJECT_CLASS (sessio_window_parent_class)->constructed (object);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (SESSIO_IS_APPLICATION (app))
    self->settings = g_object_ref (sessio_application_get_settings (SESSIO_APPLICATION (app)));
  else
    self->settings = g_settings_new (APP_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* Read-only: the property may be set lower for a single window (tests). */
  g_settings_bind_with_mapping (self->settings, "auto-lock-minutes",
                                self, "auto-lock-seconds",
                                G_SETTINGS_BIND_GET,
                                minutes_to_seconds, NULL, NULL, NULL);

  vault_path = g_settings_get_string (self->settings, "vault-path");
  sessio_window_set_vault_dir (self, *vault_path != '\0' ? vault_path : NULL);
  _sessio_window_actions_update (self);
}

static void
sessio_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SessioWindow *self = SESSIO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VAULT:
      g_value_set_object (value, self->vault);
      break;

    case PROP_AUTO_LOCK_SECONDS:
      g_value_set_uint (value, self->auto_lock_seconds);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sessio_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SessioWindow *self = SESSIO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_AUTO_LOCK_SECONDS:
      self->auto_lock_seconds = g_value_get_uint (value);
      sessio_idle_monitor_set_timeout (self->idle, self->auto_lock_seconds);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sessio_window_dispose (GObject *object)
{
  SessioWindow *self = SESSIO_WINDOW (object);

  if (self->idle != NULL)
    sessio_idle_monitor_set_active (self->idle, FALSE);
  g_clear_handle_id (&self->backup_timer, g_source_remove);
  g_clear_weak_pointer (&self->quit_backup_toast);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_WINDOW);

  /* Closing on finalize folds synchronously; the normal path (close
   * request) has already handed the vault to a worker. */
  g_clear_object (&self->invoice_store);
  g_clear_object (&self->store);
  g_clear_object (&self->rule_store);
  g_clear_object (&self->vault);
  g_clear_object (&self->idle);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_pointer (&self->vault_dir, g_free);

  G_OBJECT_CLASS (sessio_window_parent_class)->dispose (object);
}

static void
sessio_window_class_init (SessioWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sessio_window_constructed;
  object_class->dispose = sessio_window_dispose;
  object_class->get_property = sessio_window_get_property;
  object_class->set_property = sessio_window_set_property;

  window_class->close_request = sessio_window_close_request;

  properties[PROP_VAULT] =
    g_param_spec_object ("vault", NULL, NULL,
                         SESSIO_TYPE_VAULT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_AUTO_LOCK_SECONDS] =
    g_param_spec_uint ("auto-lock-seconds", NULL, NULL,
                       1, G_MAXUINT, 5 * 60,
                       (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SESSIO_TYPE_WELCOME_PAGE);
  g_type_ensure (SESSIO_TYPE_UNLOCK_PAGE);

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SessioWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, SessioWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, SessioWindow, unlock_page);
  gtk_widget_class_bind_template_child (widget_class, SessioWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SessioWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, SessioWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, SessioWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SessioWindow, lock_button);
  gtk_widget_class_bind_template_child (widget_class, SessioWindow, backup_reminder);
  gtk_widget_class_bind_template_child (widget_class, SessioWindow, backup_reminder_label);
  gtk_widget_class_bind_template_callback (widget_class, on_unlocked);

  _sessio_window_class_actions_init (widget_class);
}

/* Every other window of the application (editors, dialogs) is watched for
 * input as this one is: a psychologist typing a long note in the session
 * editor is not away.  Only the main window holds a vault, so windows of
 * another SessioWindow are left to it. */
static void
on_toplevels_changed (GListModel   *toplevels,
                      guint         position,
                      guint         removed,
                      guint         added,
                      SessioWindow *self)
{
  /* Disposed, not yet finalized: nothing to watch for any more. */
  if (self->idle == NULL)
    return;
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (window != GTK_WINDOW (self) && !SESSIO_IS_WINDOW (window))
        sessio_idle_monitor_watch (self->idle, GTK_WIDGET (window));
    }
}

static void
sessio_window_init (SessioWindow *self)
{
  self->auto_lock_seconds = 5 * 60;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The reminder's "_Back Up Now…": its name without the underscore. */
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self->backup_reminder));

  self->idle = sessio_idle_monitor_new (GTK_WIDGET (self));
  g_signal_connect_object (self->idle, "warning", G_CALLBACK (on_idle_warning),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->idle, "resumed", G_CALLBACK (on_idle_resumed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->idle, "idle", G_CALLBACK (on_idle),
                           self, G_CONNECT_SWAPPED);
  /* Input in the editors and dialogs counts too. */
  g_signal_connect_object (gtk_window_get_toplevels (), "items-changed",
                           G_CALLBACK (on_toplevels_changed), self, 0);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}
