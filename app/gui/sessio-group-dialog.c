/* sessio-group-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A group session: one session of a network with several patients, each
 * of whom takes part on their own open trajectory (and is evaluated on
 * it: the co-payment and the limits are per participant).  The
 * participants are chosen from the trajectories open on the date in the
 * chosen network, by name, with a search for large caseloads.
 *
 * Signal: ::saved (gint64 session id).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-a11y.h"
#include "sessio-editor-draft.h"
#include "sessio-date-input.h"
#include "sessio-date-row.h"
#include "sessio-group-dialog.h"
#include "sessio-labels.h"
#include "sessio-patient-list.h"
#include "sessio-resources.h"

struct _SessioGroupDialog
{
  AdwWindow            parent_instance;

  SessioPatientStore  *store;
  GArray              *engagement_ids;   /* gint64, in combo order */
  GArray              *care_ids;         /* SessioCare, in combo order */
  char                *listed_for;       /* "engagement/date" the participant list shows */
  char                *search;           /* folded */

  GtkLabel            *error_label;
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
};

G_DEFINE_FINAL_TYPE (SessioGroupDialog, sessio_group_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
}

/* The trajectories open on the date in the network.  Rebuilt only when
 * either changes; the ticks of patients still listed are kept. */
static void
fill_participants (SessioGroupDialog *self)
{
  g_autofree char *date = sessio_date_row_dup_iso (self->date_row);
  g_autofree char *key = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GHashTable) ticked = g_hash_table_new (g_int64_hash, g_int64_equal);
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
        g_hash_table_add (ticked, g_object_get_data (G_OBJECT (row), "trajectory"));
      gtk_list_box_remove (self->participants_list, row);
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
        }
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      /* Named by the row's title (the activatable widget is labelled by
       * it): a label of its own too would be read twice. */
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_hash_table_contains (ticked, id));
      g_signal_connect_object (check, "toggled", G_CALLBACK (count_participants), self, G_CONNECT_SWAPPED);
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

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SessioGroupDialog *self = SESSIO_GROUP_DIALOG (widget);
  const char *time_text = gtk_editable_get_text (GTK_EDITABLE (self->time_row));
  g_autofree char *date = sessio_date_row_dup_iso (self->date_row);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M");
  guint care = adw_combo_row_get_selected (self->care_row);
  guint hour = 0, minute = 0;
  SessioSession session = { 0 };
  gint64 id;

  if (current_engagement (self) <= 0)
    {
      show_error (self, _("Add the network you work for first, in Practice Details."));
      return;
    }
  if (date == NULL)
    {
      g_autofree char *problem = sessio_date_row_dup_problem (self->date_row);

      show_error (self, problem != NULL ? problem : _("Give the date of the session, day first: 3/3/2025."));
      return;
    }
  if (*time_text != '\0' && !sessio_time_input_parse (time_text, &hour, &minute))
    {
      show_error (self, _("Give the time as hours and minutes: 14:30."));
      return;
    }
  if (care >= self->care_ids->len)
    {
      show_error (self, _("Choose a care type."));
      return;
    }

  session.engagement_id = current_engagement (self);
  session.starts_at = *time_text != '\0'
    ? g_strdup_printf ("%sT%02u:%02u", date, hour, minute)
    : g_strdup (date);
  session.duration_min = gtk_spin_button_get_value_as_int (self->duration_spin);
  session.care = g_strdup (sessio_care_to_string (g_array_index (self->care_ids, SessioCare, care)));
  session.setting = g_strdup ("group");
  session.location = g_strdup (sessio_location_to_string ((SessioLocation) adw_combo_row_get_selected (self->location_row)));
  session.context = g_strdup (sessio_context_to_string ((SessioContext) adw_combo_row_get_selected (self->context_row)));
  /* A session still to come is planned; one that has begun, held. */
  session.status = g_strdup (strcmp (session.starts_at, now_text) > 0 ? "planned" : "held");
  session.co_facilitator = gtk_switch_get_active (self->co_facilitator_switch);
  session.trajectories = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->participants_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "check");
      gint64 *trajectory = g_object_get_data (G_OBJECT (row), "trajectory");

      if (check != NULL && gtk_check_button_get_active (check))
        g_array_append_val (session.trajectories, *trajectory);
    }

  id = sessio_patient_store_add_session (self->store, &session, &error);
  sessio_session_clear (&session);
  if (id <= 0)
    {
      show_error (self, error != NULL ? error->message : NULL);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, id);
  sessio_a11y_close_window (GTK_WINDOW (self));
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

  for (guint i = 0; i < SESSIO_N_LOCATIONS; i++)
    gtk_string_list_append (locations, sessio_location_get_label ((SessioLocation) i));
  adw_combo_row_set_model (self->location_row, G_LIST_MODEL (locations));
  for (guint i = 0; i < SESSIO_N_CONTEXTS; i++)
    gtk_string_list_append (contexts, sessio_context_get_label ((SessioContext) i));
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

static void
sessio_group_dialog_dispose (GObject *object)
{
  SessioGroupDialog *self = SESSIO_GROUP_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_GROUP_DIALOG);
  g_clear_object (&self->store);
  g_clear_pointer (&self->engagement_ids, g_array_unref);
  g_clear_pointer (&self->care_ids, g_array_unref);
  g_clear_pointer (&self->listed_for, g_free);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (sessio_group_dialog_parent_class)->dispose (object);
}

static void
sessio_group_dialog_class_init (SessioGroupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_group_dialog_dispose;

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
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, search_changed);

  gtk_widget_class_install_action (widget_class, "group.save", NULL, save_action);
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
}
