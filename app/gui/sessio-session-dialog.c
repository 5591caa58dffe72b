/* sessio-session-dialog.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Logging a session, with what the convention says about it before it is
 * saved: the fee, what the patient pays and why, how many sessions of the
 * kind the last 12 months hold, and what would stop it from being
 * reimbursed.  A planned session is shown as if it were held.  A session
 * the convention does not reimburse is saved only after an explicit
 * choice, as outside the convention.
 *
 * The same editor reopens a saved session (sessio_session_dialog_new_edit):
 * every field filled, saved as a correction that keeps the earlier values
 * (History shows them).  A refusal names its field: that row is marked and
 * takes the focus.  A correction that changes what an issued invoice
 * bills says so, and how to settle it, before it is saved.
 *
 * Signal: ::saved (gint64 session id).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sessio-a11y.h"
#include "sessio-clock.h"
#include "sessio-editor-draft.h"
#include "sessio-error.h"
#include "sessio-date-input.h"
#include "sessio-date-row.h"
#include "sessio-format.h"
#include "sessio-labels.h"
#include "sessio-resources.h"
#include "sessio-session-dialog.h"
#include "sessio-session-history.h"

struct _SessioSessionDialog
{
  AdwWindow            parent_instance;

  SessioPatientStore  *store;
  gint64               trajectory_id;
  gint64               session_id;     /* 0: a new session */
  SessioSession        original;       /* edit mode: as it was read */
  GtkWidget           *marked;         /* the row an error names */
  char                *marked_subtitle;
  gboolean             close_confirmed;
  SessioRuleSet       *rule_set;       /* of the date shown; borrowed from the store's rules */
  GArray              *care_ids;       /* SessioCare of care_row's items */
  char                *verdict;
  gboolean             status_touched; /* the user chose a status */
  gboolean             setting_status;

  GtkLabel            *error_label;
  SessioDateRow       *date_row;
  AdwEntryRow         *time_row;
  GtkSpinButton       *duration_spin;
  AdwComboRow         *care_row;
  AdwComboRow         *location_row;
  AdwComboRow         *context_row;
  AdwComboRow         *status_row;
  AdwComboRow         *copay_row;
  SessioDateRow       *copay_date_row;
  AdwActionRow        *outside_row;
  GtkSwitch           *outside_switch;
  AdwActionRow        *duration_row;
  GtkTextView         *note_view;
  GtkButton           *history_button;
  GtkButton           *cancel_button;
  GtkButton           *save_button;
  AdwActionRow        *fee_row;
  GtkLabel            *fee_label;
  AdwActionRow        *copay_result_row;
  GtkLabel            *copay_label;
  GtkLabel            *count_label;
  GtkLabel            *problems_label;
};

G_DEFINE_FINAL_TYPE (SessioSessionDialog, sessio_session_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const SessioStatus statuses[] = {
  SESSIO_STATUS_PLANNED, SESSIO_STATUS_HELD, SESSIO_STATUS_NO_SHOW, SESSIO_STATUS_CANCELLED,
};

static GListModel *
labels_model (const char * const *labels,
              guint               n)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  /* A choice stands on its own: "Held", "School", as on the other pages. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = sessio_label_capitalise (labels[i]);

      gtk_string_list_append (list, label);
    }

  return G_LIST_MODEL (list);
}

static void
fill_static_choices (SessioSessionDialog *self)
{
  const char *labels[SESSIO_N_LOCATIONS];
  g_autoptr(GListModel) locations = NULL;
  g_autoptr(GListModel) contexts = NULL;
  g_autoptr(GListModel) status_model = NULL;
  g_autoptr(GListModel) copays = NULL;

  for (guint i = 0; i < SESSIO_N_LOCATIONS; i++)
    labels[i] = sessio_location_get_label ((SessioLocation) i);
  locations = labels_model (labels, SESSIO_N_LOCATIONS);
  adw_combo_row_set_model (self->location_row, locations);

  for (guint i = 0; i < SESSIO_N_CONTEXTS; i++)
    labels[i] = sessio_context_get_label ((SessioContext) i);
  contexts = labels_model (labels, SESSIO_N_CONTEXTS);
  adw_combo_row_set_model (self->context_row, contexts);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    labels[i] = sessio_status_get_label (statuses[i]);
  status_model = labels_model (labels, G_N_ELEMENTS (statuses));
  adw_combo_row_set_model (self->status_row, status_model);

  for (guint i = 0; sessio_copay_received_ids[i] != NULL; i++)
    labels[i] = sessio_copay_received_get_label (sessio_copay_received_ids[i]);
  copays = labels_model (labels, g_strv_length ((char **) sessio_copay_received_ids));
  adw_combo_row_set_model (self->copay_row, copays);
}

/* The care types of the convention in force on the date: they changed on
 * 1 April 2024. */
static void
update_care_choices (SessioSessionDialog *self,
                     SessioRuleSet       *rule_set)
{
  g_autoptr(GtkStringList) list = NULL;
  SessioCare previous = SESSIO_CARE_SUPPORT;
  guint selected = 0;

  if (rule_set == self->rule_set && self->care_ids->len > 0)
    return;

  if (self->care_ids->len > 0 &&
      adw_combo_row_get_selected (self->care_row) < self->care_ids->len)
    previous = g_array_index (self->care_ids, SessioCare, adw_combo_row_get_selected (self->care_row));

  self->rule_set = rule_set;
  g_array_set_size (self->care_ids, 0);
  list = gtk_string_list_new (NULL);

  for (guint i = 0; i < SESSIO_N_CARES; i++)
    {
      SessioCare care = (SessioCare) i;

      /* Community interventions are group sessions: not logged here. */
      if (rule_set != NULL && (!sessio_rule_set_has_care (rule_set, care) ||
                               sessio_rule_set_care_is_group_only (rule_set, care)))
        continue;
      if (rule_set == NULL && care == SESSIO_CARE_COMMUNITY)
        continue;
      if (care == previous)
        selected = self->care_ids->len;
      g_array_append_val (self->care_ids, care);
      gtk_string_list_append (list, sessio_care_get_label (care));
    }

  adw_combo_row_set_model (self->care_row, G_LIST_MODEL (list));
  adw_combo_row_set_selected (self->care_row, selected);
}

static gboolean
copay_is_received (SessioSessionDialog *self)
{
  const char *id = sessio_copay_received_ids[MIN (adw_combo_row_get_selected (self->copay_row),
                                                  g_strv_length ((char **) sessio_copay_received_ids) - 1)];

  return g_strcmp0 (id, "cash") == 0 || g_strcmp0 (id, "transfer") == 0;
}

char *
sessio_session_dialog_dup_note (SessioSessionDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (SESSIO_IS_SESSION_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->note_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Reads the form.  FALSE with a message, and the field at fault in
 * *@field ("time" for the time row), when it cannot be read. */
static gboolean
read_form (SessioSessionDialog  *self,
           SessioSession        *session,
           const char          **field,
           char                **message)
{
  const char *time_text = gtk_editable_get_text (GTK_EDITABLE (self->time_row));
  g_autofree char *date = sessio_date_row_dup_iso (self->date_row);
  g_autofree char *copay_date = NULL;
  guint care_index = adw_combo_row_get_selected (self->care_row);
  guint hour, minute;

  memset (session, 0, sizeof *session);
  *field = NULL;

  if (date == NULL)
    {
      g_autofree char *problem = sessio_date_row_dup_problem (self->date_row);

      *field = "starts_at";
      *message = problem != NULL ? g_steal_pointer (&problem)
                                 : g_strdup (_("Give the date of the session, day first: 3/3/2025."));
      return FALSE;
    }
  if (*time_text != '\0' && !sessio_time_input_parse (time_text, &hour, &minute))
    {
      *field = "time";
      *message = g_strdup (_("Give the time as hours and minutes: 14:30."));
      return FALSE;
    }
  if (care_index >= self->care_ids->len)
    {
      *field = "care";
      *message = g_strdup (_("The convention in force on this date has no care type for individual sessions."));
      return FALSE;
    }
  /* The day it was received: optional, but a day when given. */
  if (copay_is_received (self) &&
      *gtk_editable_get_text (GTK_EDITABLE (self->copay_date_row)) != '\0')
    {
      copay_date = sessio_date_row_dup_iso (self->copay_date_row);
      if (copay_date == NULL)
        {
          g_autofree char *problem = sessio_date_row_dup_problem (self->copay_date_row);

          *field = "copay_date";
          *message = problem != NULL ? g_steal_pointer (&problem)
                                     : g_strdup (_("Give the day the co-payment was received, day first: 3/3/2025."));
          return FALSE;
        }
    }

  session->id = self->session_id;
  session->trajectory_id = self->trajectory_id;
  session->starts_at = *time_text != '\0'
    ? g_strdup_printf ("%sT%02u:%02u", date, hour, minute)
    : g_strdup (date);
  session->duration_min = gtk_spin_button_get_value_as_int (self->duration_spin);
  session->care = g_strdup (sessio_care_to_string (g_array_index (self->care_ids, SessioCare, care_index)));
  session->setting = g_strdup ("individual");
  session->location = g_strdup (sessio_location_to_string ((SessioLocation) adw_combo_row_get_selected (self->location_row)));
  session->context = g_strdup (sessio_context_to_string ((SessioContext) adw_combo_row_get_selected (self->context_row)));
  session->status = g_strdup (sessio_status_to_string (statuses[MIN (adw_combo_row_get_selected (self->status_row),
                                                                     G_N_ELEMENTS (statuses) - 1)]));
  session->copay = g_strdup (sessio_copay_received_ids[adw_combo_row_get_selected (self->copay_row)]);
  session->copay_date = g_steal_pointer (&copay_date);
  session->notes = sessio_session_dialog_dup_note (self);
  /* Shown (and so chosen) only when a saved session is reopened: a new
   * one is put outside the convention by answering the question. */
  session->outside_convention = self->session_id > 0 && gtk_switch_get_active (self->outside_switch);
  if (self->session_id > 0)
    {
      session->engagement_id = self->original.engagement_id;
      session->participants = self->original.participants;
      session->co_facilitator = self->original.co_facilitator;
    }

  return TRUE;
}

/* ------------------------------------------------- the field at fault */

static GtkWidget *
row_for_field (SessioSessionDialog *self,
               const char          *field)
{
  const struct { const char *field; gsize offset; } rows[] = {
    { "starts_at", G_STRUCT_OFFSET (SessioSessionDialog, date_row) },
    { "time", G_STRUCT_OFFSET (SessioSessionDialog, time_row) },
    { "duration_min", G_STRUCT_OFFSET (SessioSessionDialog, duration_row) },
    { "care", G_STRUCT_OFFSET (SessioSessionDialog, care_row) },
    { "location", G_STRUCT_OFFSET (SessioSessionDialog, location_row) },
    { "context", G_STRUCT_OFFSET (SessioSessionDialog, context_row) },
    { "status", G_STRUCT_OFFSET (SessioSessionDialog, status_row) },
    { "copay", G_STRUCT_OFFSET (SessioSessionDialog, copay_row) },
    { "copay_date", G_STRUCT_OFFSET (SessioSessionDialog, copay_date_row) },
    { "outside_convention", G_STRUCT_OFFSET (SessioSessionDialog, outside_row) },
    { "notes", G_STRUCT_OFFSET (SessioSessionDialog, note_view) },
  };

  for (guint i = 0; field != NULL && i < G_N_ELEMENTS (rows); i++)
    if (strcmp (field, rows[i].field) == 0)
      return G_STRUCT_MEMBER (GtkWidget *, self, rows[i].offset);
  return NULL;
}

static void
clear_mark (SessioSessionDialog *self)
{
  GtkWidget *row = self->marked;

  if (row == NULL)
    return;
  self->marked = NULL;
  /* A date row marks a date it cannot read on its own: that mark stays. */
  if (!SESSIO_IS_DATE_ROW (row) || sessio_date_row_is_valid (SESSIO_DATE_ROW (row)) ||
      *gtk_editable_get_text (GTK_EDITABLE (row)) == '\0')
    gtk_widget_remove_css_class (row, "error");
  if (ADW_IS_ACTION_ROW (row))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), self->marked_subtitle != NULL ? self->marked_subtitle : "");
  else
    gtk_widget_set_tooltip_text (row, NULL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  g_clear_pointer (&self->marked_subtitle, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

/* The message at the row it is about, and the focus there: the row is
 * marked until its value changes. */
static void
mark_field (SessioSessionDialog *self,
            const char          *field,
            const char          *message)
{
  GtkWidget *row = row_for_field (self, field);

  clear_mark (self);
  /* A date row already says why under itself: once is enough. */
  if (!(SESSIO_IS_DATE_ROW (row) && sessio_date_row_shows_problem (SESSIO_DATE_ROW (row))))
    {
      gtk_label_set_text (self->error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  if (row == NULL)
    return;

  gtk_widget_set_visible (row, TRUE);
  self->marked = row;
  gtk_widget_add_css_class (row, "error");
  if (ADW_IS_ACTION_ROW (row))
    {
      self->marked_subtitle = g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), message);
    }
  else
    /* An entry row has no subtitle: the message is its tooltip. */
    gtk_widget_set_tooltip_text (row, message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                  -1);
  gtk_widget_grab_focus (row);
}

static void
show_error (SessioSessionDialog *self,
            const char          *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
clear_verdict (SessioSessionDialog *self)
{
  gtk_label_set_text (self->fee_label, "—");
  gtk_label_set_text (self->copay_label, "—");
  adw_action_row_set_subtitle (self->copay_result_row, "");
  gtk_label_set_text (self->count_label, "—");
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), FALSE);
  g_clear_pointer (&self->verdict, g_free);
}

/* Evaluates the trajectory with this session in it, as if held when it
 * is planned, exactly as saving it would. */
static void
update_verdict (SessioSessionDialog *self)
{
  g_autoptr(SessioTrajectoryEvaluation) evaluation = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) problems = NULL;
  g_autofree char *message = NULL;
  const char *field = NULL;
  g_autofree char *fee = NULL;
  g_autofree char *copay = NULL;
  g_autofree char *explanation = NULL;
  const SessioSessionEvaluation *entry;
  SessioSession session;
  GDate date;

  if (sessio_date_row_get_date (self->date_row, &date))
    update_care_choices (self, sessio_rules_lookup (sessio_patient_store_get_rules (self->store), &date));

  if (!read_form (self, &session, &field, &message))
    {
      clear_verdict (self);
      sessio_session_clear (&session);
      return;
    }

  evaluation = sessio_patient_store_evaluate_trajectory (self->store, self->trajectory_id,
                                                         &session, &error);
  sessio_session_clear (&session);
  if (evaluation == NULL || (entry = sessio_trajectory_evaluation_find (evaluation, 0)) == NULL)
    {
      clear_verdict (self);
      show_error (self, error != NULL ? error->message : NULL);
      return;
    }
  show_error (self, NULL);

  fee = sessio_format_cents (entry->result.fee_cents);
  copay = sessio_format_cents (entry->result.copay_cents);
  explanation = sessio_eval_result_explain (&entry->result, &entry->info);

  gtk_label_set_text (self->fee_label, fee);
  gtk_label_set_text (self->copay_label, copay);
  adw_action_row_set_subtitle (self->copay_result_row, explanation);

  if (entry->result.count >= 0 && entry->result.limit >= 0)
    {
      /* Translators: sessions counted in the rolling window, e.g. "9 of 8" */
      g_autofree char *count = g_strdup_printf (_("%d of %d"), entry->result.count, entry->result.limit);
      gtk_label_set_text (self->count_label, count);
    }
  else if (entry->result.count >= 0)
    {
      g_autofree char *count = g_strdup_printf ("%d", entry->result.count);
      gtk_label_set_text (self->count_label, count);
    }
  else
    gtk_label_set_text (self->count_label, "—");

  problems = g_string_new (NULL);
  for (guint bit = 0; bit < SESSIO_N_EVAL_ERRORS; bit++)
    if (entry->result.errors & (1u << bit))
      g_string_append_printf (problems, "%s%s", problems->len ? "\n" : "",
                              sessio_eval_error_get_message ((SessioEvalErrorCode) (1u << bit)));
  for (guint bit = 0; bit < SESSIO_N_EVAL_WARNINGS; bit++)
    if (entry->result.warnings & (1u << bit))
      g_string_append_printf (problems, "%s%s", problems->len ? "\n" : "",
                              sessio_eval_warning_get_message ((SessioEvalWarning) (1u << bit)));
  gtk_label_set_text (self->problems_label, problems->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), problems->len > 0);

  g_free (self->verdict);
  self->verdict = g_strdup_printf ("%s %s %s %s", fee, copay, explanation, problems->str);
}

/* A session still to come is planned, one in the past was held, until the
 * user says otherwise.  Today, the time decides. */
static void
follow_date_with_status (SessioSessionDialog *self)
{
  g_autoptr(GDateTime) now = sessio_clock_now_local ();
  const char *time_text = gtk_editable_get_text (GTK_EDITABLE (self->time_row));
  GDate date, today;
  guint hour, minute;
  gboolean to_come;
  guint want;

  if (self->status_touched || !sessio_date_row_get_date (self->date_row, &date))
    return;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
  to_come = g_date_compare (&date, &today) > 0 ||
            (g_date_compare (&date, &today) == 0 &&
             sessio_time_input_parse (time_text, &hour, &minute) &&
             hour * 60 + minute > (guint) (g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now)));
  want = to_come ? 0 : 1;   /* planned : held */
  if (adw_combo_row_get_selected (self->status_row) != want)
    {
      self->setting_status = TRUE;
      adw_combo_row_set_selected (self->status_row, want);
      self->setting_status = FALSE;
    }
}

static void
status_chosen (SessioSessionDialog *self)
{
  if (!self->setting_status && self->store != NULL)
    self->status_touched = TRUE;
}

static void
on_changed (SessioSessionDialog *self)
{
  /* The template's own set-up changes rows before there is a store. */
  if (self->store == NULL)
    return;
  clear_mark (self);
  follow_date_with_status (self);
  update_verdict (self);
}

static void
on_field_changed (SessioSessionDialog *self)
{
  if (self->store != NULL)
    clear_mark (self);
}

/* The day of receipt is asked only for a co-payment received; chosen
 * now, it was received today, until the user says which day. */
static void
on_copay_changed (SessioSessionDialog *self)
{
  gboolean received = copay_is_received (self);

  gtk_widget_set_visible (GTK_WIDGET (self->copay_date_row), received);
  if (self->store == NULL)
    return;
  clear_mark (self);
  if (received && *gtk_editable_get_text (GTK_EDITABLE (self->copay_date_row)) == '\0')
    {
      GDate today;

      g_date_clear (&today, 1);
      g_date_set_time_t (&today, time (NULL));
      sessio_date_row_set_date (self->copay_date_row, &today);
    }
}

static void
saved (SessioSessionDialog *self,
       gint64               id)
{
  g_signal_emit (self, signals[SAVED], 0, id);
  self->close_confirmed = TRUE;
  sessio_a11y_close_window (GTK_WINDOW (self));
}

static gboolean
save (SessioSessionDialog *self,
      gboolean             outside_convention,
      GError             **error)
{
  g_autofree char *message = NULL;
  const char *field = NULL;
  SessioSession session;
  gint64 id;

  if (!read_form (self, &session, &field, &message))
    {
      sessio_session_clear (&session);
      mark_field (self, field, message);
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT, message);
      return FALSE;
    }

  session.outside_convention = outside_convention;
  id = sessio_patient_store_add_session (self->store, &session, error);
  sessio_session_clear (&session);
  if (id <= 0)
    return FALSE;

  saved (self, id);
  return TRUE;
}

/* A correction: saved as the store checks it, or refused at its field. */
static void
save_correction (SessioSessionDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *field = NULL;
  SessioSession session;

  if (!read_form (self, &session, &field, &message))
    {
      mark_field (self, field, message);
      sessio_session_clear (&session);
      return;
    }
  if (!sessio_patient_store_correct_session (self->store, &session, &field, &error))
    mark_field (self, field, error->message);
  else
    saved (self, self->session_id);
  sessio_session_clear (&session);
}

static void
billing_response (AdwMessageDialog    *dialog,
                  const char          *response,
                  SessioSessionDialog *self)
{
  if (g_strcmp0 (response, "save") == 0)
    save_correction (self);
}

/* On an issued invoice, a change to what it bills is saved only once the
 * user has read what it means for the invoice. */
static void
save_edit (SessioSessionDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *sentence = NULL;
  const char *field = NULL;
  SessioSession session;
  AdwMessageDialog *ask;

  if (!read_form (self, &session, &field, &message))
    {
      mark_field (self, field, message);
      sessio_session_clear (&session);
      return;
    }
  sentence = sessio_patient_store_describe_billing_change (self->store, &session, &error);
  sessio_session_clear (&session);
  if (error != NULL)
    {
      mark_field (self, NULL, error->message);
      return;
    }
  if (sentence == NULL)
    {
      save_correction (self);
      return;
    }

  ask = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                    _("Correct an Invoiced Session?"),
                                                    sentence));
  adw_message_dialog_add_responses (ask,
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save Correction"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ask, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ask, "cancel");
  adw_message_dialog_set_close_response (ask, "cancel");
  g_signal_connect_object (ask, "response", G_CALLBACK (billing_response), self, 0);
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (ask));
  gtk_window_present (GTK_WINDOW (ask));
}

static void
outside_response (AdwMessageDialog    *dialog,
                  const char          *response,
                  SessioSessionDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "outside") == 0 && !save (self, TRUE, &error))
    show_error (self, error->message);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SessioSessionDialog *self = SESSIO_SESSION_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *ask;

  if (self->session_id > 0)
    {
      save_edit (self);
      return;
    }

  if (save (self, FALSE, &error))
    return;

  if (!g_error_matches (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED))
    {
      if (self->marked == NULL)
        show_error (self, error->message);
      return;
    }

  /* Never billed silently, never lost either: the user decides. */
  ask = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                    _("Save Outside the Convention?"),
                                                    error->message));
  adw_message_dialog_format_body (ask, "%s\n\n%s", error->message,
                                  _("The session can be kept in the patient file as outside the convention: it is not billed to the network and does not count towards the limit."));
  adw_message_dialog_add_responses (ask,
                                    "cancel", _("_Cancel"),
                                    "outside", _("Save _Outside the Convention"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ask, "outside", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ask, "cancel");
  adw_message_dialog_set_close_response (ask, "cancel");
  g_signal_connect_object (ask, "response", G_CALLBACK (outside_response), self, 0);
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (ask));
  gtk_window_present (GTK_WINDOW (ask));
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  SessioSessionDialog *self = SESSIO_SESSION_DIALOG (widget);
  GtkWindow *history;

  if (self->session_id <= 0)
    return;
  history = sessio_session_history_new (self->store, self->session_id, GTK_WINDOW (self));
  if (history != NULL)
    gtk_window_present (history);
}

/* ----------------------------------------------- closing unsaved */

static void
discard_response (AdwMessageDialog    *dialog,
                  const char          *response,
                  SessioSessionDialog *self)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;
  self->close_confirmed = TRUE;
  sessio_a11y_close_window (GTK_WINDOW (self));
}

/* A correction half made is not lost to a stray Escape: asked first. */
static gboolean
sessio_session_dialog_close_request (GtkWindow *window)
{
  SessioSessionDialog *self = SESSIO_SESSION_DIALOG (window);

  if (self->close_confirmed || self->session_id <= 0 || !sessio_session_dialog_has_changes (self))
    return GTK_WINDOW_CLASS (sessio_session_dialog_parent_class)->close_request (window);

  sessio_editor_ask_discard (window, G_CALLBACK (discard_response), self);
  return TRUE;
}

/**
 * sessio_session_dialog_has_changes:
 *
 * Returns: whether the form differs from what it showed when it opened
 */
gboolean
sessio_session_dialog_has_changes (SessioSessionDialog *self)
{
  g_autofree char *draft = NULL;

  g_return_val_if_fail (SESSIO_IS_SESSION_DIALOG (self), FALSE);

  /* The lock's draft is exactly "what was typed since it opened". */
  draft = sessio_editor_draft_capture (GTK_WINDOW (self));
  return draft != NULL;
}

/**
 * sessio_session_dialog_get_verdict:
 *
 * Returns: (nullable): the evaluation shown, as one text
 */
const char *
sessio_session_dialog_get_verdict (SessioSessionDialog *self)
{
  g_return_val_if_fail (SESSIO_IS_SESSION_DIALOG (self), NULL);

  return self->verdict;
}

SessioSessionDialog *
sessio_session_dialog_new (SessioPatientStore *store,
                           gint64              trajectory_id)
{
  SessioSessionDialog *self;
  g_autoptr(GDate) today = g_date_new ();

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (store), NULL);

  self = g_object_new (SESSIO_TYPE_SESSION_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->trajectory_id = trajectory_id;

  g_date_set_time_t (today, time (NULL));
  sessio_date_row_set_date (self->date_row, today);
  follow_date_with_status (self);
  update_verdict (self);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->date_row));

  sessio_editor_draft_attach (GTK_WINDOW (self), SESSIO_DRAFT_SESSION, trajectory_id);
  return self;
}

static guint
index_of_id (const char * const *ids,
             const char         *id,
             guint               fallback)
{
  for (guint i = 0; ids[i] != NULL; i++)
    if (g_strcmp0 (ids[i], id) == 0)
      return i;
  return fallback;
}

static gboolean
set_date_text (SessioDateRow *row,
               const char    *iso)
{
  GDate date;

  g_date_clear (&date, 1);
  if (iso == NULL || strlen (iso) < 10)
    return FALSE;
  /* ISO text, read field by field: g_date_set_parse() follows the locale. */
  {
    unsigned y, m, d;

    if (sscanf (iso, "%4u-%2u-%2u", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
      return FALSE;
    g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  }
  sessio_date_row_set_date (row, &date);
  return TRUE;
}

/* Every field as saved, each through its own setter, so the care types
 * follow the date as when typed. */
static void
fill_from (SessioSessionDialog *self,
           const SessioSession *session)
{
  SessioCare care;
  SessioLocation location = SESSIO_LOCATION_PRACTICE;
  SessioContext context = SESSIO_CONTEXT_OWN;
  SessioStatus status = SESSIO_STATUS_HELD;
  const char *time_part = session->starts_at != NULL ? strchr (session->starts_at, 'T') : NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);

  set_date_text (self->date_row, session->starts_at);
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), time_part != NULL ? time_part + 1 : "");
  gtk_spin_button_set_value (self->duration_spin, session->duration_min > 0 ? session->duration_min : 60);
  update_verdict (self);
  if (sessio_care_from_string (session->care, &care))
    for (guint i = 0; i < self->care_ids->len; i++)
      if (g_array_index (self->care_ids, SessioCare, i) == care)
        adw_combo_row_set_selected (self->care_row, i);
  if (session->location != NULL)
    sessio_location_from_string (session->location, &location);
  adw_combo_row_set_selected (self->location_row, (guint) location);
  if (session->context != NULL)
    sessio_context_from_string (session->context, &context);
  adw_combo_row_set_selected (self->context_row, (guint) context);
  if (session->status != NULL)
    sessio_status_from_string (session->status, &status);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (statuses[i] == status)
      adw_combo_row_set_selected (self->status_row, i);
  adw_combo_row_set_selected (self->copay_row,
                              index_of_id (sessio_copay_received_ids, session->copay != NULL ? session->copay : "not-yet", 0));
  gtk_editable_set_text (GTK_EDITABLE (self->copay_date_row), "");
  set_date_text (self->copay_date_row, session->copay_date);
  on_copay_changed (self);
  gtk_switch_set_active (self->outside_switch, session->outside_convention);

  /* Loaded as it was, not as something typed: Undo starts from here. */
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, session->notes != NULL ? session->notes : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
  {
    GtkTextIter start;

    gtk_text_buffer_get_start_iter (buffer, &start);
    gtk_text_buffer_place_cursor (buffer, &start);
  }
}

/**
 * sessio_session_dialog_new_edit:
 * @store: the patient file
 * @session_id: an individual session
 *
 * The editor reopening a saved session, every field filled; Save corrects
 * it (sessio_patient_store_correct_session()), its earlier values kept.
 *
 * Returns: (transfer floating) (nullable): the editor, or %NULL when the
 *   session cannot be read or is a group session
 */
/* A closed file is kept, not changed (docs/patient-erasure.md): its
 * session is shown with every field and its note, which can be read,
 * selected and copied, and nothing offers to save. */
static void
show_read_only (SessioSessionDialog *self)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->date_row), GTK_WIDGET (self->time_row), GTK_WIDGET (self->duration_row),
    GTK_WIDGET (self->care_row), GTK_WIDGET (self->location_row), GTK_WIDGET (self->context_row),
    GTK_WIDGET (self->status_row), GTK_WIDGET (self->copay_row), GTK_WIDGET (self->copay_date_row),
    GTK_WIDGET (self->outside_row),
  };

  /* The focus first leaves the rows: a text field made insensitive while
   * it has the focus never hears that it lost it. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->note_view));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_set_sensitive (rows[i], FALSE);
  gtk_text_view_set_editable (self->note_view, FALSE);
  gtk_text_view_set_cursor_visible (self->note_view, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->save_button), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.save", FALSE);
  gtk_button_set_label (self->cancel_button, _("_Close"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "dim-label");
  gtk_label_set_text (self->error_label,
                      _("This file is closed: its sessions can be read, not changed. Reopen the file from the patient menu to correct them."));
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

SessioSessionDialog *
sessio_session_dialog_new_edit (SessioPatientStore  *store,
                                gint64               session_id,
                                GError             **error)
{
  SessioSessionDialog *self;
  SessioSession session = { 0 };

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (store), NULL);

  if (!sessio_patient_store_get_session (store, session_id, &session, error))
    return NULL;
  if (g_strcmp0 (session.setting, "group") == 0)
    {
      sessio_session_clear (&session);
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("A group session is opened in the group session editor"));
      return NULL;
    }

  self = g_object_new (SESSIO_TYPE_SESSION_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->trajectory_id = session.trajectory_id;
  self->session_id = session_id;
  /* The status is the saved one: the date no longer decides it. */
  self->status_touched = TRUE;
  self->original = session;

  gtk_window_set_title (GTK_WINDOW (self), _("Session"));
  gtk_widget_set_visible (GTK_WIDGET (self->history_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->outside_row), TRUE);
  fill_from (self, &session);
  update_verdict (self);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->date_row));

  if (sessio_patient_store_session_in_closed_file (store, session_id))
    show_read_only (self);
  else
    sessio_editor_draft_attach (GTK_WINDOW (self), SESSIO_DRAFT_SESSION_EDIT, session_id);
  return self;
}

/**
 * sessio_session_dialog_get_session_id:
 *
 * Returns: the session reopened, or 0 for a new one
 */
gint64
sessio_session_dialog_get_session_id (SessioSessionDialog *self)
{
  g_return_val_if_fail (SESSIO_IS_SESSION_DIALOG (self), 0);

  return self->session_id;
}

static void
sessio_session_dialog_dispose (GObject *object)
{
  SessioSessionDialog *self = SESSIO_SESSION_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_SESSION_DIALOG);
  g_clear_object (&self->store);
  g_clear_pointer (&self->care_ids, g_array_unref);
  g_clear_pointer (&self->verdict, g_free);
  g_clear_pointer (&self->marked_subtitle, g_free);
  self->marked = NULL;
  sessio_session_clear (&self->original);

  G_OBJECT_CLASS (sessio_session_dialog_parent_class)->dispose (object);
}

static void
sessio_session_dialog_class_init (SessioSessionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_session_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = sessio_session_dialog_close_request;

  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (SESSIO_TYPE_DATE_ROW);

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-session-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, care_row);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, location_row);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, context_row);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, copay_row);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, copay_date_row);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, outside_row);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, outside_switch);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, duration_row);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, note_view);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, history_button);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, fee_row);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, fee_label);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, copay_result_row);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, copay_label);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, count_label);
  gtk_widget_class_bind_template_child (widget_class, SessioSessionDialog, problems_label);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_copay_changed);

  gtk_widget_class_install_action (widget_class, "session.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "session.history", NULL, history_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "session.save", NULL);
}

static void
sessio_session_dialog_init (SessioSessionDialog *self)
{
  self->care_ids = g_array_new (FALSE, FALSE, sizeof (SessioCare));

  gtk_widget_init_template (GTK_WIDGET (self));
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self));
  fill_static_choices (self);
  g_signal_connect_swapped (self->status_row, "notify::selected", G_CALLBACK (status_chosen), self);
  /* A note is written, rewritten and sometimes regretted: Ctrl+Z. */
  gtk_text_buffer_set_enable_undo (gtk_text_view_get_buffer (self->note_view), TRUE);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->note_view), "changed",
                            G_CALLBACK (on_field_changed), self);
}
