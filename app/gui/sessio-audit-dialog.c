/* sessio-audit-dialog.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who did what to a patient's file, and when: the audit entries about the
 * patient, their trajectories and sessions, newest first, under the
 * result of checking the whole hash chain.  A patient asking "who looked
 * at my file?" gets the answer from this window (and from the export).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sessio-a11y.h"
#include "sessio-audit-dialog.h"
#include "sessio-format.h"
#include "sessio-labels.h"
#include "sessio-resources.h"
#include "sessio-schema.h"
#include "sessio-worker.h"

struct _SessioAuditDialog
{
  AdwWindow            parent_instance;

  AdwPreferencesGroup *entries_group;
  GtkLabel            *chain_label;
  GtkImage            *chain_icon;

  GCancellable        *checking;   /* the chain check in a worker */
  gboolean             disposed;
};

G_DEFINE_FINAL_TYPE (SessioAuditDialog, sessio_audit_dialog, ADW_TYPE_WINDOW)

/* The log keeps UTC ISO 8601 times; people read local time. */
static char *
format_at (const char *at)
{
  g_autoptr(GDateTime) utc = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (at != NULL ? at : "");
  local = g_date_time_to_local (utc);
  return sessio_format_date_time (local);
}

/* ------------------------------------------------------------ chain */

/* Checking the chain reads every audit entry of the vault and hashes it:
 * seconds in a large practice.  It runs in a worker on a read-only
 * snapshot of the patient file (as the statistics are computed), never on
 * the vault's live connection; the window shows its entries meanwhile. */
static void
verify_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  SessioPatientStore *snapshot = data;
  GError *error = NULL;
  sqlite3 *db = sessio_patient_store_get_db (snapshot, &error);

  if (db != NULL && sessio_audit_verify (db, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
show_result (SessioAuditDialog *self,
             gboolean           ok,
             const GError      *error)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->chain_icon), "dim-label");
  if (ok)
    {
      gtk_label_set_text (self->chain_label, _("The audit log is complete: no entry was removed or changed."));
      gtk_image_set_from_icon_name (self->chain_icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->chain_icon), "success");
    }
  else
    {
      gtk_label_set_text (self->chain_label, error != NULL ? error->message : "");
      gtk_image_set_from_icon_name (self->chain_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->chain_icon), "error");
    }
}

static void
verified (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(SessioAuditDialog) self = data;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  g_clear_object (&self->checking);
  /* Closed meanwhile (or by a lock): nothing to show it in. */
  if (self->disposed)
    return;
  show_result (self, ok, error);
}

static void
show_chain (SessioAuditDialog  *self,
            SessioPatientStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) snapshot = sessio_patient_store_new_snapshot (store, &error);
  g_autoptr(GTask) task = NULL;

  if (snapshot == NULL)
    {
      show_result (self, FALSE, error);
      return;
    }
  gtk_label_set_text (self->chain_label, _("Checking the audit log…"));
  gtk_image_set_from_icon_name (self->chain_icon, "content-loading-symbolic");
  gtk_widget_add_css_class (GTK_WIDGET (self->chain_icon), "dim-label");

  self->checking = g_cancellable_new ();
  /* No source object: the task's last reference may be dropped in the
   * worker thread, where the window must not be finalized; the callback's
   * data holds it, released on the main thread. */
  task = g_task_new (NULL, self->checking, verified, g_object_ref (self));
  g_task_set_source_tag (task, show_chain);
  g_task_set_task_data (task, g_steal_pointer (&snapshot), g_object_unref);
  sessio_worker_run (task, verify_thread);
}

/**
 * sessio_audit_dialog_is_checking:
 *
 * Whether the audit chain is still being checked in a worker.
 */
gboolean
sessio_audit_dialog_is_checking (SessioAuditDialog *self)
{
  g_return_val_if_fail (SESSIO_IS_AUDIT_DIALOG (self), FALSE);

  return self->checking != NULL;
}

/**
 * sessio_audit_dialog_new:
 *
 * Returns: (transfer floating): the audit log of @patient_id, or NULL with
 * @error when it cannot be read.
 */
SessioAuditDialog *
sessio_audit_dialog_new (SessioPatientStore  *store,
                         gint64               patient_id,
                         GError             **error)
{
  g_autoptr(JsonArray) entries = NULL;
  SessioAuditDialog *self;
  guint n;

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (store), NULL);

  entries = sessio_patient_store_get_audit (store, patient_id, error);
  if (entries == NULL)
    return NULL;

  self = g_object_new (SESSIO_TYPE_AUDIT_DIALOG, NULL);
  show_chain (self, store);

  n = json_array_get_length (entries);
  for (guint i = n; i > 0; i--)
    {
      JsonObject *entry = json_array_get_object_element (entries, i - 1);
      g_autofree char *what = sessio_audit_entry_describe (json_object_get_string_member (entry, "action"),
                                                           json_object_get_string_member (entry, "entity"));
      g_autofree char *when = format_at (json_object_get_string_member (entry, "at"));
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), what);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
      adw_preferences_group_add (self->entries_group, row);
    }

  /* Translators: how many audit entries are shown */
  {
    g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", n), n);
    adw_preferences_group_set_description (self->entries_group, count);
  }

  return self;
}

static void
sessio_audit_dialog_dispose (GObject *object)
{
  SessioAuditDialog *self = SESSIO_AUDIT_DIALOG (object);

  /* The worker holds this object and its own snapshot until it is done;
   * its answer is dropped. */
  self->disposed = TRUE;
  if (self->checking != NULL)
    g_cancellable_cancel (self->checking);
  gtk_widget_dispose_template (GTK_WIDGET (object), SESSIO_TYPE_AUDIT_DIALOG);

  G_OBJECT_CLASS (sessio_audit_dialog_parent_class)->dispose (object);
}

static void
sessio_audit_dialog_class_init (SessioAuditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_audit_dialog_dispose;

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-audit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioAuditDialog, entries_group);
  gtk_widget_class_bind_template_child (widget_class, SessioAuditDialog, chain_label);
  gtk_widget_class_bind_template_child (widget_class, SessioAuditDialog, chain_icon);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sessio_audit_dialog_init (SessioAuditDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self));
}
