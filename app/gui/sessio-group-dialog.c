/* sessio-group-dialog.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A group session: one session of a network with several patients, each
 * of whom takes part on their own open trajectory (and is evaluated on
 * it: the co-payment and the limits are per participant).  The
 * participants are chosen from the trajectories open on the date in the
 * chosen network, by name, with a search for large caseloads.
 *
 * Reopened (sessio_group_dialog_new_edit), it corrects the session: the
 * same fields, participants added or removed, and for each participant
 * their own attendance (held, no-show, cancelled, excused) and co-payment
 * with what the convention says for them, saved one by one with
 * sessio_patient_store_set_participant().
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
#include "sessio-date-input.h"
#include "sessio-date-row.h"
#include "sessio-group-dialog.h"
#include "sessio-labels.h"
#include "sessio-patient-list.h"
#include "sessio-resources.h"
#include "sessio-error.h"
#include "sessio-format.h"
#include "sessio-session-history.h"

struct _SessioGroupDialog
{
  AdwWindow            parent_instance;

  SessioPatientStore  *store;
  GArray              *engagement_ids;   /* gint64, in combo order */
  GArray              *care_ids;         /* SessioCare, in combo order */
  char                *listed_for;       /* "engagement/date" the participant list shows */
  char                *search;           /* folded */
  gint64               session_id;       /* 0: a new group session */
  SessioSession        original;         /* edit mode: as it was read */
  GHashTable          *preticked;        /* edit mode: the participants, until listed */
  GPtrArray           *attendance;       /* of SessioParticipant, as read */
  GPtrArray           *attendance_rows;  /* their rows, in the same order */
  gboolean             close_confirmed;

  GtkLabel            *error_label;
  char                *refused_field;    /* the field the last Save refused */
  GtkWidget           *refused_row;      /* its row, marked */
  AdwComboRow         *engagement_row;
  SessioDateRow       *date_row;
  AdwEntryRow         *time_row;
  GtkSpinButton       *duration_spin;
  AdwComboRow         *care_row;
  AdwComboRow         *location_row;
  AdwComboRow         *context_row;
  GtkSwitch           *co_facilitator_switch;
  AdwPreferencesGroup *participants_group;
  GtkSearchEntry      *search_entry;
  GtkListBox          *participants_list;
  AdwPreferencesGroup *attendance_group;
  GtkButton           *history_button;
};

G_DEFINE_FINAL_TYPE (SessioGroupDialog, sessio_group_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void show_refusal (SessioGroupDialog *self,
                          const char        *field,
                          const char        *message);

static void
show_error (SessioGroupDialog *self,
            const char        *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gint64
current_engagement (SessioGroupDialog *self)
{
  guint i = adw_combo_row_get_selected (self->engagement_row);

  return i < self->engagement_ids->len ? g_array_index (self->engagement_ids, gint64, i) : 0;
}

static void update_participant_lines (SessioGroupDialog *self);

static void
count_participants (SessioGroupDialog *self)
{
  guint n = 0;
  g_autofree char *text = NULL;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->participants_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "check");

      if (check != NULL && gtk_check_button_get_active (check))
        n++;
    }

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u participant chosen", "%u participants chosen", n), n);
  adw_preferences_group_set_description (self->participants_group, text);
  update_participant_lines (self);
}

static char *entry_line (const SessioSessionEvaluation *entry);

/* The session as the form now describes it, without a word to the user
 * when part of it cannot be read yet: NULL then. */
static SessioSession *
candidate_session (SessioGroupDialog *self)
{
  const char *time_text = gtk_editable_get_text (GTK_EDITABLE (self->time_row));
  g_autofree char *date = sessio_date_row_dup_iso (self->date_row);
  guint care = adw_combo_row_get_selected (self->care_row);
  guint hour = 0, minute = 0;
  SessioSession *session;

  if (date == NULL || care >= self->care_ids->len ||
      (*time_text != '\0' && !sessio_time_input_parse (time_text, &hour, &minute)))
    return NULL;
  session = g_new0 (SessioSession, 1);
  session->engagement_id = current_engagement (self);
  session->starts_at = *time_text != '\0' ? g_strdup_printf ("%sT%02u:%02u", date, hour, minute) : g_strdup (date);
  session->duration_min = gtk_spin_button_get_value_as_int (self->duration_spin);
  session->care = g_strdup (sessio_care_to_string (g_array_index (self->care_ids, SessioCare, care)));
  session->setting = g_strdup ("group");
  session->location = g_strdup (sessio_location_to_string ((SessioLocation) adw_combo_row_get_selected (self->location_row)));
  session->context = g_strdup (sessio_context_to_string ((SessioContext) adw_combo_row_get_selected (self->context_row)));
  session->status = g_strdup ("held");
  session->co_facilitator = gtk_switch_get_active (self->co_facilitator_switch);
  session->trajectories = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->participants_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "check");
      gint64 *trajectory = g_object_get_data (G_OBJECT (row), "trajectory");

      if (check != NULL && gtk_check_button_get_active (check))
        g_array_append_val (session->trajectories, *trajectory);
    }
  return session;
}

static void
candidate_free (SessioSession *session)
{
  sessio_session_clear (session);
  g_free (session);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioSession, candidate_free)

/* A new group session says, under each participant chosen, what the
 * convention says for them, as the individual editor does: the fee, what
 * they pay and why, their count in the last 12 months.  Said as if held,
 * as the individual editor says it for a planned session. */
static void
update_participant_lines (SessioGroupDialog *self)
{
  g_autoptr(SessioSession) candidate = NULL;

  if (self->store == NULL || self->session_id > 0)
    return;
  candidate = candidate_session (self);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->participants_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "check");
      gint64 *trajectory = g_object_get_data (G_OBJECT (row), "trajectory");
      const char *born = g_object_get_data (G_OBJECT (row), "born");
      g_autofree char *line = NULL;
      g_autofree char *subtitle = NULL;

      if (check == NULL || !ADW_IS_ACTION_ROW (row))
        continue;
      if (candidate != NULL && gtk_check_button_get_active (check))
        {
          g_autoptr(SessioTrajectoryEvaluation) evaluation =
            sessio_patient_store_evaluate_trajectory (self->store, *trajectory, candidate, NULL);
          const SessioSessionEvaluation *entry =
            evaluation != NULL ? sessio_trajectory_evaluation_find (evaluation, 0) : NULL;

          if (entry != NULL)
            line = entry_line (entry);
        }
      if (line != NULL && born != NULL)
        /* Translators: a participant chosen for a new group session: "born 1988 · what the convention says" */
        subtitle = g_strdup_printf (_("%1$s · %2$s"), born, line);
      else
        subtitle = g_strdup (line != NULL ? line : born);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : "");
    }
}

/* The mark of a refused Save goes, with its reason, as soon as the field
 * it was about changes (@field NULL: whatever it was about). */
static void
clear_refusal (SessioGroupDialog *self,
               const char        *field)
{
  if (self->refused_field == NULL ||
      (field != NULL && strcmp (field, self->refused_field) != 0))
    return;
  if (self->refused_row != NULL)
    {
      gtk_widget_remove_css_class (self->refused_row, "error");
      gtk_widget_set_tooltip_text (self->refused_row, NULL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->refused_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->refused_row), GTK_ACCESSIBLE_STATE_INVALID);
      self->refused_row = NULL;
    }
  g_clear_pointer (&self->refused_field, g_free);
  show_error (self, NULL);
}

static void
clear_participants_mark (SessioGroupDialog *self)
{
  clear_refusal (self, "trajectories");
}

static void
clear_time_mark (SessioGroupDialog *self)
{
  clear_refusal (self, "time");
}

static void
clear_care_mark (SessioGroupDialog *self)
{
  clear_refusal (self, "care");
}

/* The trajectories open on the date in the network.  Rebuilt only when
 * either changes; the ticks of patients still listed are kept. */
static void
fill_participants (SessioGroupDialog *self)
{
  g_autofree char *date = sessio_date_row_dup_iso (self->date_row);
  g_autofree char *key = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  /* Copies: the rows, and the ids they hold, go before the new ones come. */
  g_autoptr(GHashTable) ticked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GtkWidget *row;

  if (date == NULL)
    return;
  key = g_strdup_printf ("%" G_GINT64_FORMAT "/%s", current_engagement (self), date);
  if (g_strcmp0 (key, self->listed_for) == 0)
    return;
  g_free (self->listed_for);
  self->listed_for = g_steal_pointer (&key);

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->participants_list))) != NULL)
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "check");

      if (check != NULL && gtk_check_button_get_active (check))
        g_hash_table_add (ticked, g_memdup2 (g_object_get_data (G_OBJECT (row), "trajectory"), sizeof (gint64)));
      gtk_list_box_remove (self->participants_list, row);
    }

  /* Reopened: the participants saved are ticked while the form is
   * filled. */
  if (self->preticked != NULL)
    {
      GHashTableIter iter;
      gpointer key_id;

      g_hash_table_iter_init (&iter, self->preticked);
      while (g_hash_table_iter_next (&iter, &key_id, NULL))
        g_hash_table_add (ticked, g_memdup2 (key_id, sizeof (gint64)));
    }

  choices = sessio_patient_store_list_open_trajectories (self->store, current_engagement (self), date, NULL);
  for (guint i = 0; choices != NULL && i < choices->len; i++)
    {
      SessioTrajectoryChoice *choice = g_ptr_array_index (choices, i);
      gint64 *id = g_new (gint64, 1);
      GtkWidget *action_row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      *id = choice->trajectory_id;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), choice->patient_name);
      /* The birth year tells namesakes apart. */
      if (choice->birth_date != NULL && strlen (choice->birth_date) >= 4)
        {
          g_autofree char *year = g_strndup (choice->birth_date, 4);
          /* Translators: beside a participant's name: "born 2011" */
          g_autofree char *born = g_strdup_printf (_("born %s"), year);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), born);
          g_object_set_data_full (G_OBJECT (action_row), "born", g_strdup (born), g_free);
        }
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      /* Named by the row's title (the activatable widget is labelled by
       * it): a label of its own too would be read twice. */
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_hash_table_contains (ticked, id));
      g_signal_connect_object (check, "toggled", G_CALLBACK (count_participants), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (check, "toggled", G_CALLBACK (clear_participants_mark), self, G_CONNECT_SWAPPED);
      adw_action_row_add_prefix (ADW_ACTION_ROW (action_row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (action_row), check);
      g_object_set_data (G_OBJECT (action_row), "check", check);
      g_object_set_data_full (G_OBJECT (action_row), "trajectory", id, g_free);
      g_object_set_data_full (G_OBJECT (action_row), "folded", sessio_search_fold (choice->patient_name), g_free);
      gtk_list_box_append (self->participants_list, action_row);
    }

  if (choices == NULL || choices->len == 0)
    {
      GtkWidget *empty = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (empty),
                                     _("No open trajectory in this network on this date"));
      gtk_widget_add_css_class (empty, "dim-label");
      gtk_list_box_append (self->participants_list, empty);
    }
  count_participants (self);
}

/* The care types of the convention in force on the date. */
static void
fill_cares (SessioGroupDialog *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  SessioRuleSet *rule_set = NULL;
  GDate date;
  guint selected = 0;

  if (sessio_date_row_get_date (self->date_row, &date))
    rule_set = sessio_rules_lookup (sessio_patient_store_get_rules (self->store), &date);

  g_array_set_size (self->care_ids, 0);
  for (guint i = 0; i < SESSIO_N_CARES; i++)
    {
      SessioCare care = (SessioCare) i;

      if (rule_set != NULL && !sessio_rule_set_has_care (rule_set, care))
        continue;
      if (care == SESSIO_CARE_SUPPORT)
        selected = self->care_ids->len;
      g_array_append_val (self->care_ids, care);
      gtk_string_list_append (list, sessio_care_get_label (care));
    }
  adw_combo_row_set_model (self->care_row, G_LIST_MODEL (list));
  adw_combo_row_set_selected (self->care_row, selected);
}

static void
on_changed (SessioGroupDialog *self)
{
  if (self->store == NULL)
    return;
  clear_refusal (self, "starts_at");
  clear_refusal (self, "engagement");
  fill_cares (self);
  fill_participants (self);
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  SessioGroupDialog *self = user_data;
  const char *folded = g_object_get_data (G_OBJECT (row), "folded");

  return self->search == NULL || *self->search == '\0' || folded == NULL ||
         strstr (folded, self->search) != NULL;
}

static void
search_changed (SessioGroupDialog *self)
{
  g_free (self->search);
  self->search = sessio_search_fold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  gtk_list_box_invalidate_filter (self->participants_list);
}

static const char * const attendances[] = { "held", "no-show", "cancelled", "excused", NULL };

static guint
index_of (const char * const *ids,
          const char         *id)
{
  for (guint i = 0; ids[i] != NULL; i++)
    if (g_strcmp0 (ids[i], id) == 0)
      return i;
  return 0;
}

/* The form as a session; FALSE with the message shown when it cannot be
 * read. */
static gboolean
read_form (SessioGroupDialog *self,
           SessioSession     *session)
{
  const char *time_text = gtk_editable_get_text (GTK_EDITABLE (self->time_row));
  g_autofree char *date = sessio_date_row_dup_iso (self->date_row);
  g_autoptr(GDateTime) now = sessio_clock_now_local ();
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M");
  guint care = adw_combo_row_get_selected (self->care_row);
  guint hour = 0, minute = 0;

  memset (session, 0, sizeof *session);
  if (current_engagement (self) <= 0)
    {
      show_refusal (self, "engagement", _("Add the network you work for first, in Practice Details."));
      return FALSE;
    }
  if (date == NULL)
    {
      g_autofree char *problem = sessio_date_row_dup_problem (self->date_row);

      show_refusal (self, "starts_at", problem != NULL ? problem : _("Give the date of the session, day first: 3/3/2025."));
      return FALSE;
    }
  if (*time_text != '\0' && !sessio_time_input_parse (time_text, &hour, &minute))
    {
      show_refusal (self, "time", _("Give the time as hours and minutes: 14:30."));
      return FALSE;
    }
  if (care >= self->care_ids->len)
    {
      show_refusal (self, "care", _("Choose a care type."));
      return FALSE;
    }

  session->id = self->session_id;
  session->engagement_id = current_engagement (self);
  session->starts_at = *time_text != '\0'
    ? g_strdup_printf ("%sT%02u:%02u", date, hour, minute)
    : g_strdup (date);
  session->duration_min = gtk_spin_button_get_value_as_int (self->duration_spin);
  session->care = g_strdup (sessio_care_to_string (g_array_index (self->care_ids, SessioCare, care)));
  session->setting = g_strdup ("group");
  session->location = g_strdup (sessio_location_to_string ((SessioLocation) adw_combo_row_get_selected (self->location_row)));
  session->context = g_strdup (sessio_context_to_string ((SessioContext) adw_combo_row_get_selected (self->context_row)));
  if (self->session_id > 0)
    {
      /* A correction keeps the session's own status and co-payment: the
       * participants' attendance is theirs, below. */
      session->status = g_strdup (self->original.status);
      session->copay = g_strdup (self->original.copay);
      session->copay_date = g_strdup (self->original.copay_date);
      session->notes = g_strdup (self->original.notes);
      session->outside_convention = self->original.outside_convention;
    }
  else
    /* A session still to come is planned; one that has begun, held. */
    session->status = g_strdup (strcmp (session->starts_at, now_text) > 0 ? "planned" : "held");
  session->co_facilitator = gtk_switch_get_active (self->co_facilitator_switch);
  session->trajectories = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->participants_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "check");
      gint64 *trajectory = g_object_get_data (G_OBJECT (row), "trajectory");

      if (check != NULL && gtk_check_button_get_active (check))
        g_array_append_val (session->trajectories, *trajectory);
    }
  return TRUE;
}

static void
saved (SessioGroupDialog *self,
       gint64             id)
{
  g_signal_emit (self, signals[SAVED], 0, id);
  self->close_confirmed = TRUE;
  sessio_a11y_close_window (GTK_WINDOW (self));
}

/* A refusal at its field: the row is marked (the error style, the
 * reason as its tooltip and for screen readers) and takes the focus; the
 * reason shows above the form until that field changes. */
static void
show_refusal (SessioGroupDialog *self,
              const char        *field,
              const char        *message)
{
  GtkWidget *row = NULL;
  GtkWidget *focus = NULL;

  clear_refusal (self, NULL);
  /* A date row already says why under itself: once is enough. */
  if (!(g_strcmp0 (field, "starts_at") == 0 && sessio_date_row_shows_problem (self->date_row)))
    show_error (self, message);
  if (g_strcmp0 (field, "trajectories") == 0 || g_strcmp0 (field, "participants") == 0)
    {
      field = "trajectories";
      row = GTK_WIDGET (self->participants_list);
      focus = GTK_WIDGET (self->search_entry);
    }
  else if (g_strcmp0 (field, "starts_at") == 0 || g_strcmp0 (field, "status") == 0)
    {
      field = "starts_at";
      row = GTK_WIDGET (self->date_row);
    }
  else if (g_strcmp0 (field, "time") == 0)
    row = GTK_WIDGET (self->time_row);
  else if (g_strcmp0 (field, "care") == 0)
    row = GTK_WIDGET (self->care_row);
  else if (g_strcmp0 (field, "engagement") == 0)
    row = GTK_WIDGET (self->engagement_row);
  if (row == NULL)
    return;

  self->refused_field = g_strdup (field);
  self->refused_row = row;
  gtk_widget_add_css_class (row, "error");
  if (row != GTK_WIDGET (self->participants_list))
    gtk_widget_set_tooltip_text (row, message);
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
  gtk_widget_grab_focus (focus != NULL ? focus : row);
}

static gboolean
participant_changed (GtkWidget               *row,
                     const SessioParticipant *before,
                     SessioParticipant       *after)
{
  AdwComboRow *status_row = g_object_get_data (G_OBJECT (row), "status-row");
  AdwComboRow *copay_row = g_object_get_data (G_OBJECT (row), "copay-row");
  const char *status = attendances[adw_combo_row_get_selected (status_row)];
  const char *copay = sessio_copay_received_ids[adw_combo_row_get_selected (copay_row)];
  gboolean status_changed = gtk_widget_get_sensitive (GTK_WIDGET (status_row)) &&
                            g_strcmp0 (status, before->status) != 0;
  gboolean copay_changed = gtk_widget_get_sensitive (GTK_WIDGET (copay_row)) &&
                           g_strcmp0 (copay, before->copay != NULL ? before->copay : "not-yet") != 0;

  if (!status_changed && !copay_changed)
    return FALSE;
  after->session_id = before->session_id;
  after->trajectory_id = before->trajectory_id;
  after->status = g_strdup (status_changed ? status : before->status);
  after->copay = copay_changed ? g_strdup (copay) : NULL;
  /* Received now, unless it was already received on a day of its own. */
  if (copay_changed && (g_strcmp0 (copay, "cash") == 0 || g_strcmp0 (copay, "transfer") == 0))
    {
      g_autoptr(GDateTime) now = sessio_clock_now_local ();

      after->copay_date = g_date_time_format (now, "%Y-%m-%d");
    }
  else if (!copay_changed)
    after->copay_date = g_strdup (before->copay_date);
  return TRUE;
}

static void save_correction (SessioGroupDialog *self);

static void
billing_response (AdwMessageDialog  *dialog,
                  const char        *response,
                  SessioGroupDialog *self)
{
  if (g_strcmp0 (response, "save") == 0)
    save_correction (self);
}

/* As in the session editor: a change to what an issued invoice billed is
 * saved once the user has read what it means for that invoice. */
static void
save_edit (SessioGroupDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sentence = NULL;
  SessioSession session;
  AdwMessageDialog *ask;

  if (!read_form (self, &session))
    {
      sessio_session_clear (&session);
      return;
    }
  sentence = sessio_patient_store_describe_billing_change (self->store, &session, &error);
  sessio_session_clear (&session);
  if (error != NULL)
    {
      show_error (self, error->message);
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
save_correction (SessioGroupDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) kept = g_hash_table_new (g_int64_hash, g_int64_equal);
  const char *field = NULL;
  SessioSession session;

  if (!read_form (self, &session))
    {
      sessio_session_clear (&session);
      return;
    }
  if (!sessio_patient_store_correct_session (self->store, &session, &field, &error))
    {
      show_refusal (self, field, error->message);
      sessio_session_clear (&session);
      return;
    }
  for (guint i = 0; i < session.trajectories->len; i++)
    g_hash_table_add (kept, &g_array_index (session.trajectories, gint64, i));

  /* Then each participant still in the group whose attendance or
   * co-payment was changed. */
  for (guint i = 0; self->attendance != NULL && i < self->attendance->len; i++)
    {
      const SessioParticipant *before = g_ptr_array_index (self->attendance, i);
      GtkWidget *row = g_ptr_array_index (self->attendance_rows, i);
      g_autoptr(SessioParticipant) after = g_new0 (SessioParticipant, 1);

      if (row == NULL || !g_hash_table_contains (kept, &before->trajectory_id) ||
          !participant_changed (row, before, after))
        continue;
      if (!sessio_patient_store_set_participant (self->store, after, &field, &error))
        {
          show_refusal (self, field, error->message);
          gtk_widget_grab_focus (row);
          sessio_session_clear (&session);
          return;
        }
    }
  sessio_session_clear (&session);
  saved (self, self->session_id);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SessioGroupDialog *self = SESSIO_GROUP_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  SessioSession session = { 0 };
  const char *field = NULL;
  gint64 id;

  if (self->session_id > 0)
    {
      save_edit (self);
      return;
    }
  if (!read_form (self, &session))
    {
      sessio_session_clear (&session);
      return;
    }
  if (!sessio_patient_store_check_session (self->store, &session, &field, &error))
    {
      sessio_session_clear (&session);
      show_refusal (self, field, error->message);
      return;
    }

  id = sessio_patient_store_add_session (self->store, &session, &error);
  sessio_session_clear (&session);
  if (id <= 0)
    {
      clear_refusal (self, NULL);
      show_error (self, error != NULL ? error->message : NULL);
      return;
    }

  saved (self, id);
}

static void
fill (SessioGroupDialog *self)
{
  g_autoptr(GtkStringList) engagement_list = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) locations = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) contexts = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) engagements = NULL;
  GDate today;

  engagements = sessio_patient_store_list_engagements (self->store, NULL);
  for (guint i = 0; engagements != NULL && i < engagements->len; i++)
    {
      SessioEngagement *engagement = g_ptr_array_index (engagements, i);

      gtk_string_list_append (engagement_list, engagement->network_name);
      g_array_append_val (self->engagement_ids, engagement->id);
    }
  adw_combo_row_set_model (self->engagement_row, G_LIST_MODEL (engagement_list));
  /* The network's name in full: the subtitle wraps. */
  adw_combo_row_set_use_subtitle (self->engagement_row, TRUE);

  /* A choice stands on its own: "Practice", as in the session editor. */
  for (guint i = 0; i < SESSIO_N_LOCATIONS; i++)
    {
      g_autofree char *label = sessio_label_capitalise (sessio_location_get_label ((SessioLocation) i));

      gtk_string_list_append (locations, label);
    }
  adw_combo_row_set_model (self->location_row, G_LIST_MODEL (locations));
  for (guint i = 0; i < SESSIO_N_CONTEXTS; i++)
    {
      g_autofree char *label = sessio_label_capitalise (sessio_context_get_label ((SessioContext) i));

      gtk_string_list_append (contexts, label);
    }
  adw_combo_row_set_model (self->context_row, G_LIST_MODEL (contexts));

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  sessio_date_row_set_date (self->date_row, &today);
}

SessioGroupDialog *
sessio_group_dialog_new (SessioPatientStore *store)
{
  SessioGroupDialog *self;

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (store), NULL);

  self = g_object_new (SESSIO_TYPE_GROUP_DIALOG, NULL);
  self->store = g_object_ref (store);
  fill (self);
  on_changed (self);

  sessio_editor_draft_attach (GTK_WINDOW (self), SESSIO_DRAFT_GROUP, 0);
  return self;
}

/* What the convention says for one participant, on one line, as the
 * session editor says it: fee, what the patient pays and why, the count. */
static char *
entry_line (const SessioSessionEvaluation *entry)
{
  g_autofree char *fee = NULL;
  g_autofree char *copay = NULL;
  g_autofree char *count = NULL;
  g_autofree char *explanation = NULL;

  if (entry->outside_convention)
    return g_strdup (_("Outside the convention"));

  fee = sessio_format_cents (entry->result.fee_cents);
  copay = sessio_format_cents (entry->result.copay_cents);
  explanation = sessio_eval_result_explain (&entry->result, &entry->info);
  if (entry->result.count >= 0 && entry->result.limit >= 0)
    count = g_strdup_printf (_("%d of %d"), entry->result.count, entry->result.limit);
  else if (entry->result.count >= 0)
    count = g_strdup_printf ("%d", entry->result.count);
  else
    count = g_strdup ("—");
  /* Two lines, as the individual editor's rows say it: what this
   * participant pays, their count, the fee of the whole group; then why
   * ("€0.00: aged 23 or younger — rules of 1 April 2024"). */
  /* Translators: one participant of a group session: what they pay, their
   * sessions counted in the last 12 months ("3 of 8"), then the fee of the
   * whole session (one for the group, not per participant) */
  return g_strdup_printf (_("Pays %1$s · sessions in the last 12 months: %2$s · group fee %3$s\n%4$s"),
                          copay, count, fee, explanation);
}

static char *
evaluation_line (SessioGroupDialog       *self,
                 const SessioParticipant *participant)
{
  g_autoptr(SessioTrajectoryEvaluation) evaluation =
    sessio_patient_store_evaluate_trajectory (self->store, participant->trajectory_id, NULL, NULL);
  const SessioSessionEvaluation *entry;

  if (evaluation == NULL ||
      (entry = sessio_trajectory_evaluation_find (evaluation, participant->session_id)) == NULL)
    return g_strdup ("");
  return entry_line (entry);
}

static GListModel *
capitalised_model (const char * const *ids,
                   const char        *(*label_of) (const char *))
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *label = sessio_label_capitalise (label_of (ids[i]));

      gtk_string_list_append (list, label);
    }
  return G_LIST_MODEL (list);
}

static const char *
attendance_label (const char *id)
{
  SessioStatus status;

  if (g_strcmp0 (id, "excused") == 0)
    return _("excused");
  return sessio_status_from_string (id, &status) ? sessio_status_get_label (status) : id;
}

/* One row per participant: their attendance and co-payment, and the
 * evaluation line that follows from them. */
static void
fill_attendance (SessioGroupDialog *self)
{
  g_autoptr(GError) error = NULL;
  gboolean planned = g_strcmp0 (self->original.status, "planned") == 0;

  self->attendance = sessio_patient_store_list_participants (self->store, self->session_id, &error);
  self->attendance_rows = g_ptr_array_new ();
  for (guint i = 0; self->attendance != NULL && i < self->attendance->len; i++)
    {
      SessioParticipant *p = g_ptr_array_index (self->attendance, i);
      g_autoptr(GListModel) statuses = capitalised_model (attendances, attendance_label);
      g_autoptr(GListModel) copays = capitalised_model (sessio_copay_received_ids, sessio_copay_received_get_label);
      g_autofree char *line = evaluation_line (self, p);
      g_autofree char *copay_title = NULL;
      GtkWidget *expander = adw_expander_row_new ();
      GtkWidget *status_row = adw_combo_row_new ();
      GtkWidget *copay_row = adw_combo_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), p->patient_name);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), line);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (status_row), _("Attendance"));
      adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (status_row), TRUE);
      adw_combo_row_set_model (ADW_COMBO_ROW (status_row), statuses);
      adw_combo_row_set_selected (ADW_COMBO_ROW (status_row), index_of (attendances, p->status));
      /* A session still to come has no attendance yet. */
      if (planned)
        {
          gtk_widget_set_sensitive (status_row, FALSE);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (status_row),
                                       _("Marked once the session is held"));
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (copay_row), _("Co-payment"));
      adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (copay_row), TRUE);
      adw_combo_row_set_model (ADW_COMBO_ROW (copay_row), copays);
      adw_combo_row_set_selected (ADW_COMBO_ROW (copay_row),
                                  index_of (sessio_copay_received_ids, p->copay != NULL ? p->copay : "not-yet"));
      /* Attendance is recorded once held: planning is the session's. */
      gtk_widget_set_sensitive (copay_row, !planned);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), status_row);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), copay_row);
      g_object_set_data (G_OBJECT (expander), "status-row", status_row);
      g_object_set_data (G_OBJECT (expander), "copay-row", copay_row);
      adw_preferences_group_add (self->attendance_group, expander);
      g_ptr_array_add (self->attendance_rows, expander);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->attendance_group),
                          self->attendance != NULL && self->attendance->len > 0);
}

static gboolean
set_date_iso (SessioDateRow *row,
              const char    *iso)
{
  unsigned y, m, d;
  GDate date;

  if (iso == NULL || sscanf (iso, "%4u-%2u-%2u", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  sessio_date_row_set_date (row, &date);
  return TRUE;
}

/**
 * sessio_group_dialog_new_edit:
 * @store: the patient file
 * @session_id: a group session
 *
 * The group session reopened to be corrected.
 *
 * Returns: (transfer floating) (nullable): the editor, or %NULL when the
 *   session cannot be read or is not a group session
 */
SessioGroupDialog *
sessio_group_dialog_new_edit (SessioPatientStore  *store,
                              gint64               session_id,
                              GError             **error)
{
  SessioGroupDialog *self;
  SessioSession session = { 0 };
  const char *time_part;
  SessioLocation location = SESSIO_LOCATION_PRACTICE;
  SessioContext context = SESSIO_CONTEXT_OWN;
  SessioCare care;

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (store), NULL);

  if (!sessio_patient_store_get_session (store, session_id, &session, error))
    return NULL;
  if (g_strcmp0 (session.setting, "group") != 0)
    {
      sessio_session_clear (&session);
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("An individual session is opened in the session editor"));
      return NULL;
    }

  self = g_object_new (SESSIO_TYPE_GROUP_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->session_id = session_id;
  self->original = session;
  gtk_window_set_title (GTK_WINDOW (self), _("Group Session"));
  gtk_widget_set_visible (GTK_WIDGET (self->history_button), TRUE);

  self->preticked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; session.trajectories != NULL && i < session.trajectories->len; i++)
    g_hash_table_add (self->preticked, g_memdup2 (&g_array_index (session.trajectories, gint64, i), sizeof (gint64)));

  fill (self);
  for (guint i = 0; i < self->engagement_ids->len; i++)
    if (g_array_index (self->engagement_ids, gint64, i) == session.engagement_id)
      adw_combo_row_set_selected (self->engagement_row, i);
  /* The participants are of one network: it is not changed afterwards. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->engagement_row), FALSE);
  set_date_iso (self->date_row, session.starts_at);
  time_part = session.starts_at != NULL ? strchr (session.starts_at, 'T') : NULL;
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), time_part != NULL ? time_part + 1 : "");
  gtk_spin_button_set_value (self->duration_spin, session.duration_min > 0 ? session.duration_min : 90);
  on_changed (self);
  if (sessio_care_from_string (session.care, &care))
    for (guint i = 0; i < self->care_ids->len; i++)
      if (g_array_index (self->care_ids, SessioCare, i) == care)
        adw_combo_row_set_selected (self->care_row, i);
  if (session.location != NULL)
    sessio_location_from_string (session.location, &location);
  adw_combo_row_set_selected (self->location_row, (guint) location);
  if (session.context != NULL)
    sessio_context_from_string (session.context, &context);
  adw_combo_row_set_selected (self->context_row, (guint) context);
  gtk_switch_set_active (self->co_facilitator_switch, session.co_facilitator);
  g_clear_pointer (&self->preticked, g_hash_table_unref);
  fill_attendance (self);

  sessio_editor_draft_attach (GTK_WINDOW (self), SESSIO_DRAFT_GROUP_EDIT, session_id);
  return self;
}

gint64
sessio_group_dialog_get_session_id (SessioGroupDialog *self)
{
  g_return_val_if_fail (SESSIO_IS_GROUP_DIALOG (self), 0);

  return self->session_id;
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  SessioGroupDialog *self = SESSIO_GROUP_DIALOG (widget);
  GtkWindow *history;

  if (self->session_id <= 0)
    return;
  history = sessio_session_history_new (self->store, self->session_id, GTK_WINDOW (self));
  if (history != NULL)
    gtk_window_present (history);
}

static void
discard_response (AdwMessageDialog  *dialog,
                  const char        *response,
                  SessioGroupDialog *self)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;
  self->close_confirmed = TRUE;
  sessio_a11y_close_window (GTK_WINDOW (self));
}

static gboolean
sessio_group_dialog_close_request (GtkWindow *window)
{
  SessioGroupDialog *self = SESSIO_GROUP_DIALOG (window);
  g_autofree char *draft = NULL;

  if (self->close_confirmed || self->session_id <= 0 ||
      (draft = sessio_editor_draft_capture (window)) == NULL)
    return GTK_WINDOW_CLASS (sessio_group_dialog_parent_class)->close_request (window);

  sessio_editor_ask_discard (window, G_CALLBACK (discard_response), self);
  return TRUE;
}

static void
sessio_group_dialog_dispose (GObject *object)
{
  SessioGroupDialog *self = SESSIO_GROUP_DIALOG (object);

  self->refused_row = NULL;
  g_clear_pointer (&self->refused_field, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_GROUP_DIALOG);
  g_clear_object (&self->store);
  g_clear_pointer (&self->engagement_ids, g_array_unref);
  g_clear_pointer (&self->care_ids, g_array_unref);
  g_clear_pointer (&self->listed_for, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->preticked, g_hash_table_unref);
  g_clear_pointer (&self->attendance, g_ptr_array_unref);
  g_clear_pointer (&self->attendance_rows, g_ptr_array_unref);
  sessio_session_clear (&self->original);

  G_OBJECT_CLASS (sessio_group_dialog_parent_class)->dispose (object);
}

static void
sessio_group_dialog_class_init (SessioGroupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_group_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = sessio_group_dialog_close_request;

  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (SESSIO_TYPE_DATE_ROW);

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-group-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioGroupDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SessioGroupDialog, engagement_row);
  gtk_widget_class_bind_template_child (widget_class, SessioGroupDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, SessioGroupDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, SessioGroupDialog, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, SessioGroupDialog, care_row);
  gtk_widget_class_bind_template_child (widget_class, SessioGroupDialog, location_row);
  gtk_widget_class_bind_template_child (widget_class, SessioGroupDialog, context_row);
  gtk_widget_class_bind_template_child (widget_class, SessioGroupDialog, co_facilitator_switch);
  gtk_widget_class_bind_template_child (widget_class, SessioGroupDialog, participants_group);
  gtk_widget_class_bind_template_child (widget_class, SessioGroupDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SessioGroupDialog, participants_list);
  gtk_widget_class_bind_template_child (widget_class, SessioGroupDialog, attendance_group);
  gtk_widget_class_bind_template_child (widget_class, SessioGroupDialog, history_button);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, search_changed);

  gtk_widget_class_install_action (widget_class, "group.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "group.history", NULL, history_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sessio_group_dialog_init (SessioGroupDialog *self)
{
  self->engagement_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->care_ids = g_array_new (FALSE, FALSE, sizeof (SessioCare));

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_filter_func (self->participants_list, filter_row, self, NULL);
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self));
  g_signal_connect_object (self->time_row, "changed", G_CALLBACK (clear_time_mark), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->care_row, "notify::selected", G_CALLBACK (clear_care_mark), self, G_CONNECT_SWAPPED);
  {
    const struct { gpointer widget; const char *signal; } inputs[] = {
      { self->time_row, "changed" }, { self->care_row, "notify::selected" },
      { self->location_row, "notify::selected" }, { self->context_row, "notify::selected" },
      { self->duration_spin, "value-changed" }, { self->co_facilitator_switch, "notify::active" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
      g_signal_connect_object (inputs[i].widget, inputs[i].signal, G_CALLBACK (update_participant_lines),
                               self, G_CONNECT_SWAPPED);
  }
}
