/* sessio-trajectory-edit-dialog.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A trajectory opened to be read and changed: its start, the functional
 * assessment (date and summary), the treatment goals, and how it ended
 * (date, outcome, to whom the patient was referred, the closing
 * summary).  Saving is a correction: the store keeps every earlier value,
 * and History shows them.  A refusal is shown at the field at fault: the
 * row is marked, the message stands under the fields, the focus goes
 * there; changing the field clears the mark.
 *
 * Signal: ::saved (gint64 trajectory id).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sessio-a11y.h"
#include "sessio-date-row.h"
#include "sessio-editor-draft.h"
#include "sessio-format.h"
#include "sessio-labels.h"
#include "sessio-resources.h"
#include "sessio-trajectory-edit-dialog.h"

struct _SessioTrajectoryEditDialog
{
  AdwWindow            parent_instance;

  SessioPatientStore  *store;
  SessioTrajectory    *trajectory;     /* as read; saving replaces its fields */
  GtkWidget           *faulty;         /* the row marked with the error */
  GtkWindow           *history;

  GtkLabel            *error_label;
  SessioDateRow       *start_row;
  SessioDateRow       *bilan_row;
  SessioDateRow       *end_row;
  AdwComboRow         *outcome_row;
  AdwEntryRow         *referred_row;
  GtkTextView         *bilan_summary_view;
  GtkTextView         *goals_view;
  GtkTextView         *closing_view;
};

G_DEFINE_FINAL_TYPE (SessioTrajectoryEditDialog, sessio_trajectory_edit_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The outcomes, in the order of the combo row; the first is "not ended". */
static const char * const outcomes[] = { NULL, "completed", "referred", "stopped" };

static void
clear_error (SessioTrajectoryEditDialog *self)
{
  if (self->faulty != NULL)
    {
      gtk_widget_remove_css_class (self->faulty, "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->faulty), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
  self->faulty = NULL;
  gtk_label_set_text (self->error_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

/* The message under the fields, the row marked and focused (NULL: no
 * field in particular). */
static void
show_error (SessioTrajectoryEditDialog *self,
            GtkWidget                  *row,
            const char                 *message)
{
  clear_error (self);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (row != NULL)
    {
      self->faulty = row;
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
      gtk_widget_grab_focus (row);
    }
}

/* Fixing the field clears its mark. */
static void
field_changed (SessioTrajectoryEditDialog *self,
               GObject                    *field)
{
  if (self->faulty != NULL && (GObject *) self->faulty == field)
    clear_error (self);
}

static char *
text_view_dup (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (*g_strstrip (text) == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* Sets the text without it being an edit the user can undo. */
static void
text_view_set (GtkTextView *view,
               const char  *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
}

static void
date_row_set_iso (SessioDateRow *row,
                  const char    *iso)
{
  GDate date;

  if (sessio_date_parse_iso (iso, &date))
    sessio_date_row_set_date (row, &date);
  else
    gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static GtkWidget *
row_of_field (SessioTrajectoryEditDialog *self,
              const char                 *field)
{
  if (g_strcmp0 (field, "start_date") == 0)
    return GTK_WIDGET (self->start_row);
  if (g_strcmp0 (field, "bilan_date") == 0)
    return GTK_WIDGET (self->bilan_row);
  if (g_strcmp0 (field, "end_date") == 0)
    return GTK_WIDGET (self->end_row);
  if (g_strcmp0 (field, "outcome") == 0)
    return GTK_WIDGET (self->outcome_row);
  if (g_strcmp0 (field, "referred_to") == 0)
    return GTK_WIDGET (self->referred_row);
  return NULL;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SessioTrajectoryEditDialog *self = SESSIO_TRAJECTORY_EDIT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  SessioDateRow *dates[] = { self->start_row, self->bilan_row, self->end_row };
  SessioTrajectory changed = *self->trajectory;
  const char *referred = gtk_editable_get_text (GTK_EDITABLE (self->referred_row));
  guint outcome = adw_combo_row_get_selected (self->outcome_row);
  const char *field = NULL;
  gboolean saved;

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *problem = sessio_date_row_dup_problem (dates[i]);

      if (problem != NULL)
        {
          show_error (self, GTK_WIDGET (dates[i]), problem);
          return;
        }
    }

  changed.start_date = sessio_date_row_dup_iso (self->start_row);
  changed.bilan_date = sessio_date_row_dup_iso (self->bilan_row);
  changed.end_date = sessio_date_row_dup_iso (self->end_row);
  changed.outcome = (char *) (outcome < G_N_ELEMENTS (outcomes) ? outcomes[outcome] : NULL);
  changed.referred_to = *referred != '\0' ? (char *) referred : NULL;
  changed.bilan_summary = text_view_dup (self->bilan_summary_view);
  changed.goals = text_view_dup (self->goals_view);
  changed.closing_summary = text_view_dup (self->closing_view);

  saved = sessio_patient_store_correct_trajectory (self->store, &changed, &field, &error);
  g_free (changed.start_date);
  g_free (changed.bilan_date);
  g_free (changed.end_date);
  g_free (changed.bilan_summary);
  g_free (changed.goals);
  g_free (changed.closing_summary);

  if (!saved)
    {
      show_error (self, row_of_field (self, field), error->message);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, self->trajectory->id);
  sessio_a11y_close_window (GTK_WINDOW (self));
}

/* ------------------------------------------------------------ history */

static const char *
outcome_label (const char *outcome)
{
  if (g_strcmp0 (outcome, "completed") == 0)
    return _("Completed");
  if (g_strcmp0 (outcome, "referred") == 0)
    return _("Referred");
  if (g_strcmp0 (outcome, "stopped") == 0)
    return _("Stopped");
  return outcome;
}

static GtkWidget *
wrapped_label (const char *text,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* Each earlier value, newest first: when it was replaced, which field,
 * what it said. */
static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  SessioTrajectoryEditDialog *self = SESSIO_TRAJECTORY_EDIT_DIALOG (widget);
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window, *content, *header, *scroller, *clamp, *box;

  changes = sessio_patient_store_get_trajectory_history (self->store, self->trajectory->id, &error);
  if (changes == NULL)
    {
      show_error (self, NULL, error->message);
      return;
    }

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Earlier Versions"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 600);
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (content), header);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  if (changes->len == 0)
    gtk_box_append (GTK_BOX (box), wrapped_label (_("This trajectory has not been changed since it was added."), "dim-label"));
  for (guint i = changes->len; i > 0; i--)
    {
      const SessioChange *change = g_ptr_array_index (changes, i - 1);
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (change->changed_at, NULL);
      g_autoptr(GDateTime) local = at != NULL ? g_date_time_to_local (at) : NULL;
      g_autofree char *when = local != NULL ? sessio_format_date_time (local) : g_strdup (change->changed_at);
      g_autofree char *title = NULL;
      g_autofree char *old_date = NULL;
      const char *old = change->old_value;
      GtkWidget *entry = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *card, *heading;
      GDate date;

      /* Translators: an earlier version: "<field>, until <date and time>" */
      title = g_strdup_printf (_("%s, until %s"), sessio_field_get_label (change->field), when);
      if (g_strcmp0 (change->field, "outcome") == 0)
        old = outcome_label (old);
      else if (g_str_has_suffix (change->field, "_date") && sessio_date_parse_iso (old, &date))
        old = old_date = sessio_format_date (&date);
      heading = wrapped_label (title, "heading");
      /* Only what it said is for copying; the focus starts there. */
      gtk_label_set_selectable (GTK_LABEL (heading), FALSE);
      gtk_box_append (GTK_BOX (entry), heading);
      gtk_box_append (GTK_BOX (entry), wrapped_label (old != NULL ? old : _("(not set)"),
                                                      old != NULL ? NULL : "dim-label"));
      gtk_widget_set_margin_top (entry, 12);
      gtk_widget_set_margin_bottom (entry, 12);
      gtk_widget_set_margin_start (entry, 12);
      gtk_widget_set_margin_end (entry, 12);
      card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_widget_add_css_class (card, "card");
      gtk_box_append (GTK_BOX (card), entry);
      gtk_box_append (GTK_BOX (box), card);
    }
  clamp = adw_clamp_new ();
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (content), scroller);
  adw_window_set_content (ADW_WINDOW (window), content);

  if (self->history != NULL)
    gtk_window_destroy (self->history);
  self->history = GTK_WINDOW (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->history);
  gtk_window_present (GTK_WINDOW (window));
}

GtkWindow *
sessio_trajectory_edit_dialog_get_history (SessioTrajectoryEditDialog *self)
{
  g_return_val_if_fail (SESSIO_IS_TRAJECTORY_EDIT_DIALOG (self), NULL);

  return self->history;
}

/* ------------------------------------------------------------ the form */

SessioTrajectoryEditDialog *
sessio_trajectory_edit_dialog_new (SessioPatientStore  *store,
                                   gint64               trajectory_id,
                                   GError             **error)
{
  SessioTrajectoryEditDialog *self;
  SessioTrajectory *trajectory;
  guint outcome = 0;

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (store), NULL);

  if ((trajectory = sessio_patient_store_get_trajectory (store, trajectory_id, error)) == NULL)
    return NULL;

  self = g_object_new (SESSIO_TYPE_TRAJECTORY_EDIT_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->trajectory = trajectory;

  date_row_set_iso (self->start_row, trajectory->start_date);
  date_row_set_iso (self->bilan_row, trajectory->bilan_date);
  date_row_set_iso (self->end_row, trajectory->end_date);
  for (guint i = 1; i < G_N_ELEMENTS (outcomes); i++)
    if (g_strcmp0 (trajectory->outcome, outcomes[i]) == 0)
      outcome = i;
  adw_combo_row_set_selected (self->outcome_row, outcome);
  gtk_editable_set_text (GTK_EDITABLE (self->referred_row), trajectory->referred_to != NULL ? trajectory->referred_to : "");
  text_view_set (self->bilan_summary_view, trajectory->bilan_summary);
  text_view_set (self->goals_view, trajectory->goals);
  text_view_set (self->closing_view, trajectory->closing_summary);
  clear_error (self);

  sessio_editor_draft_attach (GTK_WINDOW (self), SESSIO_DRAFT_TRAJECTORY_EDIT, trajectory_id);
  return self;
}

static void
sessio_trajectory_edit_dialog_dispose (GObject *object)
{
  SessioTrajectoryEditDialog *self = SESSIO_TRAJECTORY_EDIT_DIALOG (object);

  if (self->history != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->history), (gpointer *) &self->history);
      gtk_window_destroy (self->history);
      self->history = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_TRAJECTORY_EDIT_DIALOG);
  g_clear_object (&self->store);
  g_clear_pointer (&self->trajectory, sessio_trajectory_free);

  G_OBJECT_CLASS (sessio_trajectory_edit_dialog_parent_class)->dispose (object);
}

static void
sessio_trajectory_edit_dialog_class_init (SessioTrajectoryEditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_trajectory_edit_dialog_dispose;

  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (SESSIO_TYPE_DATE_ROW);

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-trajectory-edit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioTrajectoryEditDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SessioTrajectoryEditDialog, start_row);
  gtk_widget_class_bind_template_child (widget_class, SessioTrajectoryEditDialog, bilan_row);
  gtk_widget_class_bind_template_child (widget_class, SessioTrajectoryEditDialog, end_row);
  gtk_widget_class_bind_template_child (widget_class, SessioTrajectoryEditDialog, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, SessioTrajectoryEditDialog, referred_row);
  gtk_widget_class_bind_template_child (widget_class, SessioTrajectoryEditDialog, bilan_summary_view);
  gtk_widget_class_bind_template_child (widget_class, SessioTrajectoryEditDialog, goals_view);
  gtk_widget_class_bind_template_child (widget_class, SessioTrajectoryEditDialog, closing_view);

  gtk_widget_class_install_action (widget_class, "trajectory.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "trajectory.history", NULL, history_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sessio_trajectory_edit_dialog_init (SessioTrajectoryEditDialog *self)
{
  g_autoptr(GtkStringList) labels = NULL;
  GtkTextView *views[3];

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Translators: the outcome of a trajectory that has not ended */
  labels = gtk_string_list_new ((const char *[]) { _("Not Ended"), _("Completed"), _("Referred"), _("Stopped"), NULL });
  adw_combo_row_set_model (self->outcome_row, G_LIST_MODEL (labels));

  views[0] = self->bilan_summary_view;
  views[1] = self->goals_view;
  views[2] = self->closing_view;
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    gtk_text_buffer_set_enable_undo (gtk_text_view_get_buffer (views[i]), TRUE);

  g_signal_connect_swapped (self->start_row, "changed", G_CALLBACK (field_changed), self);
  g_signal_connect_swapped (self->bilan_row, "changed", G_CALLBACK (field_changed), self);
  g_signal_connect_swapped (self->end_row, "changed", G_CALLBACK (field_changed), self);
  g_signal_connect_swapped (self->referred_row, "changed", G_CALLBACK (field_changed), self);
  g_signal_connect_swapped (self->outcome_row, "notify::selected", G_CALLBACK (field_changed), self);
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self));
}
