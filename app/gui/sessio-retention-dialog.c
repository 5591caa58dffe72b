/* sessio-retention-dialog.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two lists of patient files that are no longer in the patient list's
 * way (docs/patient-erasure.md): the closed files, each with Reopen… (a
 * reason is asked and kept with the file), and the files past the
 * retention period (30 years after the last contact), each with Erase…;
 * past 50 years the law no longer allows keeping them and erasure is
 * proposed.
 *
 * Signal: ::changed, after a file was reopened or erased.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sessio-a11y.h"
#include "sessio-format.h"
#include "sessio-retention-dialog.h"

struct _SessioRetentionDialog
{
  AdwWindow                  parent_instance;

  SessioPatientStore        *store;
  SessioRetentionDialogMode  mode;
  guint                      n_files;
  AdwPreferencesGroup       *group;
  GtkWidget                 *page;
  GtkWidget                 *toasts;
};

G_DEFINE_FINAL_TYPE (SessioRetentionDialog, sessio_retention_dialog, ADW_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void fill (SessioRetentionDialog *self);

static char *
date_text (const char *iso)
{
  GDate date;

  if (iso != NULL && sessio_date_parse_iso (iso, &date))
    return sessio_format_date (&date);
  return NULL;
}

static void
toast_text (SessioRetentionDialog *self,
            const char            *text)
{
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), adw_toast_new (text));
}

gboolean
sessio_retention_dialog_reopen (SessioRetentionDialog  *self,
                                gint64                  patient_id,
                                const char             *reason,
                                GError                **error)
{
  g_return_val_if_fail (SESSIO_IS_RETENTION_DIALOG (self), FALSE);

  if (!sessio_patient_store_reopen_patient (self->store, patient_id, reason, error))
    return FALSE;
  fill (self);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

static void
reason_changed (GtkEditable      *entry,
                AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "reopen", *text != '\0');
}

static void
reopen_response (AdwMessageDialog      *dialog,
                 const char            *response,
                 SessioRetentionDialog *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "reason");
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "patient-id"));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "reopen") != 0)
    return;
  if (!sessio_retention_dialog_reopen (self, id, gtk_editable_get_text (entry), &error))
    toast_text (self, error->message);
  else
    toast_text (self, _("File reopened"));
}

static void
reopen_clicked (GtkButton             *button,
                SessioRetentionDialog *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "patient-id"));
  GtkWidget *entry = gtk_entry_new ();
  AdwMessageDialog *ask;

  ask = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Reopen the File?"),
                                                    _("The file is listed again and can be changed.")));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ask, entry);
  adw_message_dialog_add_responses (ask, "cancel", _("_Cancel"), "reopen", _("Re_open File"), NULL);
  adw_message_dialog_set_response_appearance (ask, "reopen", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ask, "reopen", FALSE);
  adw_message_dialog_set_default_response (ask, "reopen");
  adw_message_dialog_set_close_response (ask, "cancel");
  g_object_set_data (G_OBJECT (ask), "reason", entry);
  g_object_set_data (G_OBJECT (ask), "patient-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed), ask);
  g_signal_connect_object (ask, "response", G_CALLBACK (reopen_response), self, 0);
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (ask));
  gtk_window_present (GTK_WINDOW (ask));
  gtk_widget_grab_focus (entry);
}

static void
erase_response (AdwMessageDialog      *dialog,
                const char            *response,
                SessioRetentionDialog *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "patient-id"));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "erase") != 0)
    return;
  if (!sessio_patient_store_erase_patient (self->store, id, &error))
    {
      toast_text (self, error->message);
      return;
    }
  fill (self);
  g_signal_emit (self, signals[CHANGED], 0);
  toast_text (self, _("Clinical data erased"));
}

/* Erasure cannot be undone, so it asks first and says what stays. */
static void
erase_clicked (GtkButton             *button,
               SessioRetentionDialog *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "patient-id"));
  AdwMessageDialog *ask;

  ask = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Erase the Clinical Data?"),
                                                    _("Notes, problems, contact details, guardians and every session that is not on an issued invoice are removed for good. What issued invoices legally need stays: the name, birth date, INSZ number, health insurer and the invoiced sessions.")));
  adw_message_dialog_add_responses (ask, "cancel", _("_Cancel"), "erase", _("_Erase"), NULL);
  adw_message_dialog_set_response_appearance (ask, "erase", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ask, "cancel");
  adw_message_dialog_set_close_response (ask, "cancel");
  g_object_set_data (G_OBJECT (ask), "patient-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (ask, "response", G_CALLBACK (erase_response), self, 0);
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (ask));
  gtk_window_present (GTK_WINDOW (ask));
}

static GtkWidget *
file_row (SessioRetentionDialog *self,
          const SessioRetention *retention)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;
  g_autofree char *last = date_text (retention->last_contact);
  g_autofree char *by = date_text (retention->erase_by);
  g_autofree char *subtitle = NULL;
  g_autofree char *name = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), retention->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (last == NULL)
    subtitle = g_strdup (_("No session held"));
  else if (retention->erasure_due)
    /* Translators: %1$s is the last session held, %2$s the date 50 years later */
    subtitle = g_strdup_printf (_("Last contact %1$s: kept longer than the law allows since %2$s. Erase it."), last, by);
  else if (retention->erasable)
    /* Translators: %1$s is the last session held, %2$s the date 50 years later */
    subtitle = g_strdup_printf (_("Last contact %1$s: may be erased, and must be by %2$s"), last, by);
  else
    /* Translators: %s is the date of the last session held */
    subtitle = g_strdup_printf (_("Last contact %s"), last);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (self->mode == SESSIO_RETENTION_DIALOG_CLOSED)
    {
      button = gtk_button_new_with_mnemonic (_("Re_open…"));
      /* Translators: the accessible name of a Reopen button; %s is a patient's name */
      name = g_strdup_printf (_("Reopen the file of %s"), retention->name);
      g_signal_connect (button, "clicked", G_CALLBACK (reopen_clicked), self);
    }
  else
    {
      button = gtk_button_new_with_mnemonic (_("_Erase…"));
      if (retention->erasure_due)
        gtk_widget_add_css_class (button, "destructive-action");
      /* Translators: the accessible name of an Erase button; %s is a patient's name */
      name = g_strdup_printf (_("Erase the clinical data of %s"), retention->name);
      g_signal_connect (button, "clicked", G_CALLBACK (erase_clicked), self);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data (G_OBJECT (button), "patient-id", GSIZE_TO_POINTER ((gsize) retention->patient_id));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
fill (SessioRetentionDialog *self)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *group = adw_preferences_group_new ();

  if (self->group != NULL)
    adw_preferences_page_remove (ADW_PREFERENCES_PAGE (self->page), self->group);
  self->group = ADW_PREFERENCES_GROUP (group);
  self->n_files = 0;

  if (self->mode == SESSIO_RETENTION_DIALOG_CLOSED)
    {
      files = sessio_patient_store_list_closed (self->store, &error);
      adw_preferences_group_set_description (self->group, _("A closed file is kept as the law requires but no longer listed, searched or planned. Reopen it to change it again."));
    }
  else
    {
      files = sessio_patient_store_list_retention_expired (self->store, &error);
      adw_preferences_group_set_description (self->group, _("The law keeps a patient file for 30 years after the last contact, and no longer than 50. These files are past 30 years: they may be erased, and past 50 they should be."));
    }

  if (files == NULL)
    adw_preferences_group_add (self->group, gtk_label_new (error->message));
  else if (files->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     self->mode == SESSIO_RETENTION_DIALOG_CLOSED ? _("No closed files")
                                                                                  : _("No file is past the retention period"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->group, row);
    }
  for (guint i = 0; files != NULL && i < files->len; i++)
    {
      adw_preferences_group_add (self->group, file_row (self, g_ptr_array_index (files, i)));
      self->n_files++;
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), self->group);
}

guint
sessio_retention_dialog_get_n_files (SessioRetentionDialog *self)
{
  g_return_val_if_fail (SESSIO_IS_RETENTION_DIALOG (self), 0);

  return self->n_files;
}

SessioRetentionDialog *
sessio_retention_dialog_new (SessioPatientStore        *store,
                             SessioRetentionDialogMode  mode)
{
  SessioRetentionDialog *self;

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (store), NULL);

  self = g_object_new (SESSIO_TYPE_RETENTION_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->mode = mode;
  gtk_window_set_title (GTK_WINDOW (self), mode == SESSIO_RETENTION_DIALOG_CLOSED ? _("Closed Files")
                                                                              : _("Files Past the Retention Period"));
  fill (self);
  return self;
}

static void
sessio_retention_dialog_dispose (GObject *object)
{
  SessioRetentionDialog *self = SESSIO_RETENTION_DIALOG (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (sessio_retention_dialog_parent_class)->dispose (object);
}

static void
sessio_retention_dialog_class_init (SessioRetentionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_retention_dialog_dispose;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sessio_retention_dialog_init (SessioRetentionDialog *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 560);
  gtk_box_append (GTK_BOX (content), adw_header_bar_new ());
  self->page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (self->page, TRUE);
  gtk_box_append (GTK_BOX (content), self->page);
  self->toasts = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (self->toasts), content);
  adw_window_set_content (ADW_WINDOW (self), self->toasts);
}
