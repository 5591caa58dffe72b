/* sessio-task-dialog.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The convention's other tasks: a multidisciplinary consultation (at
 * least three care providers), advice to a teacher or another first-line
 * actor, a co-consultation, sharing expertise with a group of
 * professionals.  Logged with date, duration and kind, about a patient
 * (opened from their page) or about no one (from the main menu).  They
 * count in the statistics' hours and, where a rule set pays for them, on
 * the network invoice.
 *
 * Signal: ::saved (gint64 task id).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sessio-a11y.h"
#include "sessio-editor-draft.h"
#include "sessio-date-input.h"
#include "sessio-date-row.h"
#include "sessio-resources.h"
#include "sessio-task-dialog.h"

struct _SessioTaskDialog
{
  AdwWindow            parent_instance;

  SessioPatientStore  *store;
  gint64               patient_id;
  GArray              *engagement_ids;   /* gint64, in combo order */

  GtkLabel            *error_label;
  AdwActionRow        *patient_row;
  AdwComboRow         *engagement_row;
  AdwComboRow         *kind_row;
  SessioDateRow       *date_row;
  AdwEntryRow         *time_row;
  GtkSpinButton       *duration_spin;
  AdwActionRow        *providers_row;
  GtkSpinButton       *providers_spin;
  AdwEntryRow         *note_row;
};

G_DEFINE_FINAL_TYPE (SessioTaskDialog, sessio_task_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (SessioTaskDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Only a multidisciplinary consultation counts care providers. */
static void
kind_changed (SessioTaskDialog *self)
{
  const SessioChoice *kinds;
  guint n_kinds, selected = adw_combo_row_get_selected (self->kind_row);

  kinds = sessio_task_kinds (&n_kinds);
  gtk_widget_set_visible (GTK_WIDGET (self->providers_row),
                          selected < n_kinds && g_strcmp0 (kinds[selected].id, "mdo") == 0);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SessioTaskDialog *self = SESSIO_TASK_DIALOG (widget);
  const char *time_text = gtk_editable_get_text (GTK_EDITABLE (self->time_row));
  g_autofree char *date = sessio_date_row_dup_iso (self->date_row);
  g_autofree char *starts_at = NULL;
  g_autofree char *notes = NULL;
  g_autoptr(GError) error = NULL;
  const SessioChoice *kinds;
  guint n_kinds, kind, engagement, hour = 0, minute = 0;
  SessioTask task = { 0 };
  gint64 id;

  kinds = sessio_task_kinds (&n_kinds);
  kind = adw_combo_row_get_selected (self->kind_row);
  engagement = adw_combo_row_get_selected (self->engagement_row);

  if (engagement >= self->engagement_ids->len)
    {
      show_error (self, _("Add the network you work for first, in Practice Details."));
      return;
    }
  if (date == NULL)
    {
      g_autofree char *problem = sessio_date_row_dup_problem (self->date_row);

      show_error (self, problem != NULL ? problem : _("Give the date of the task, day first: 3/3/2025."));
      return;
    }
  if (*time_text != '\0' && !sessio_time_input_parse (time_text, &hour, &minute))
    {
      show_error (self, _("Give the time as hours and minutes: 14:30."));
      return;
    }

  starts_at = *time_text != '\0' ? g_strdup_printf ("%sT%02u:%02u", date, hour, minute) : g_strdup (date);
  notes = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_row))));

  task.engagement_id = g_array_index (self->engagement_ids, gint64, engagement);
  task.patient_id = self->patient_id;
  task.kind = (char *) (kind < n_kinds ? kinds[kind].id : "");
  task.starts_at = starts_at;
  task.duration_min = gtk_spin_button_get_value_as_int (self->duration_spin);
  task.care_providers = gtk_widget_get_visible (GTK_WIDGET (self->providers_row))
    ? gtk_spin_button_get_value_as_int (self->providers_spin) : 0;
  task.notes = *notes != '\0' ? notes : NULL;

  id = sessio_patient_store_add_task (self->store, &task, &error);
  if (id <= 0)
    {
      show_error (self, error != NULL ? error->message : NULL);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, id);
  sessio_a11y_close_window (GTK_WINDOW (self));
}

static void
fill (SessioTaskDialog *self)
{
  g_autoptr(GtkStringList) kind_list = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) engagement_list = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) engagements = NULL;
  const SessioChoice *kinds;
  guint n_kinds;
  GDate today;

  kinds = sessio_task_kinds (&n_kinds);
  for (guint i = 0; i < n_kinds; i++)
    gtk_string_list_append (kind_list, _(kinds[i].label));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kind_list));

  engagements = sessio_patient_store_list_engagements (self->store, NULL);
  for (guint i = 0; engagements != NULL && i < engagements->len; i++)
    {
      SessioEngagement *engagement = g_ptr_array_index (engagements, i);

      gtk_string_list_append (engagement_list, engagement->network_name);
      g_array_append_val (self->engagement_ids, engagement->id);
    }
  adw_combo_row_set_model (self->engagement_row, G_LIST_MODEL (engagement_list));

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  sessio_date_row_set_date (self->date_row, &today);
  kind_changed (self);
}

/**
 * sessio_task_dialog_new:
 * @patient_id: the patient the task is about, or 0 for none
 */
SessioTaskDialog *
sessio_task_dialog_new (SessioPatientStore *store,
                        gint64              patient_id)
{
  SessioTaskDialog *self;

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (store), NULL);

  self = g_object_new (SESSIO_TYPE_TASK_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->patient_id = patient_id;
  fill (self);

  if (patient_id > 0)
    {
      g_autoptr(SessioPatient) patient = sessio_patient_store_get_patient (store, patient_id, NULL);

      adw_action_row_set_subtitle (self->patient_row, patient != NULL ? patient->name : "");
    }
  else
    adw_action_row_set_subtitle (self->patient_row, _("No patient"));

  sessio_editor_draft_attach (GTK_WINDOW (self), SESSIO_DRAFT_TASK, patient_id);
  return self;
}

static void
sessio_task_dialog_dispose (GObject *object)
{
  SessioTaskDialog *self = SESSIO_TASK_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_TASK_DIALOG);
  g_clear_object (&self->store);
  g_clear_pointer (&self->engagement_ids, g_array_unref);

  G_OBJECT_CLASS (sessio_task_dialog_parent_class)->dispose (object);
}

static void
sessio_task_dialog_class_init (SessioTaskDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_task_dialog_dispose;

  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (SESSIO_TYPE_DATE_ROW);

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-task-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioTaskDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SessioTaskDialog, patient_row);
  gtk_widget_class_bind_template_child (widget_class, SessioTaskDialog, engagement_row);
  gtk_widget_class_bind_template_child (widget_class, SessioTaskDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, SessioTaskDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, SessioTaskDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, SessioTaskDialog, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, SessioTaskDialog, providers_row);
  gtk_widget_class_bind_template_child (widget_class, SessioTaskDialog, providers_spin);
  gtk_widget_class_bind_template_child (widget_class, SessioTaskDialog, note_row);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed);

  gtk_widget_class_install_action (widget_class, "task.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sessio_task_dialog_init (SessioTaskDialog *self)
{
  self->engagement_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_widget_init_template (GTK_WIDGET (self));
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self));
}
