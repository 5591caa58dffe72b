/* sessio-trajectory-dialog.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new trajectory for a patient, in one of the provider's network
 * engagements.  Without any engagement there is nothing to choose: the
 * dialog says so and points to the practice details.
 *
 * Signal: ::added (gint64 trajectory id).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sessio-a11y.h"
#include "sessio-clock.h"
#include "sessio-editor-draft.h"
#include "sessio-date-row.h"
#include "sessio-labels.h"
#include "sessio-resources.h"
#include "sessio-trajectory-dialog.h"

struct _SessioTrajectoryDialog
{
  AdwWindow            parent_instance;

  SessioPatientStore  *store;
  gint64               patient_id;
  GArray              *engagement_ids;
  GArray              *engagement_clb;   /* gboolean: a CLB's engagement, in the same order */

  GtkLabel            *error_label;
  AdwComboRow         *engagement_row;
  SessioDateRow       *start_row;
  SessioDateRow       *bilan_row;
  AdwEntryRow         *bilan_summary_row;
  AdwComboRow         *domain_row;
};

G_DEFINE_FINAL_TYPE (SessioTrajectoryDialog, sessio_trajectory_dialog, ADW_TYPE_WINDOW)

enum {
  ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (SessioTrajectoryDialog *self,
            const char             *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  SessioTrajectoryDialog *self = SESSIO_TRAJECTORY_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  SessioTrajectory trajectory = { 0 };
  guint selected = adw_combo_row_get_selected (self->engagement_row);
  const char *summary = gtk_editable_get_text (GTK_EDITABLE (self->bilan_summary_row));
  gint64 id;

  if (selected >= self->engagement_ids->len)
    {
      show_error (self, _("Add a network engagement in the practice details first."));
      return;
    }
  {
    SessioDateRow *dates[] = { self->start_row, self->bilan_row };

    for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
      {
        g_autofree char *problem = sessio_date_row_dup_problem (dates[i]);

        if (problem != NULL)
          {
            show_error (self, problem);
            gtk_widget_grab_focus (GTK_WIDGET (dates[i]));
            return;
          }
      }
  }

  trajectory.patient_id = self->patient_id;
  trajectory.engagement_id = g_array_index (self->engagement_ids, gint64, selected);
  trajectory.start_date = sessio_date_row_dup_iso (self->start_row);
  trajectory.bilan_date = sessio_date_row_dup_iso (self->bilan_row);
  trajectory.bilan_summary = *summary != '\0' ? g_strdup (summary) : NULL;

  id = sessio_patient_store_add_trajectory (self->store, &trajectory, &error);
  g_free (trajectory.start_date);
  g_free (trajectory.bilan_date);
  g_free (trajectory.bilan_summary);

  if (id <= 0)
    {
      show_error (self, error != NULL ? error->message : NULL);
      return;
    }
  /* The CLB guidance domain, for the statistics (0: none chosen). */
  if (adw_combo_row_get_selected (self->domain_row) > 0 &&
      adw_combo_row_get_selected (self->domain_row) != GTK_INVALID_LIST_POSITION)
    {
      guint n;
      const SessioChoice *domains = sessio_clb_domains (&n);
      guint d = adw_combo_row_get_selected (self->domain_row) - 1;

      if (d < n && !sessio_patient_store_set_trajectory_domain (self->store, id, domains[d].id, &error))
        {
          g_signal_emit (self, signals[ADDED], 0, id);
          show_error (self, error->message);
          return;
        }
    }

  g_signal_emit (self, signals[ADDED], 0, id);
  sessio_a11y_close_window (GTK_WINDOW (self));
}

/* The network a careful psychologist would pick for this patient: one the
 * patient's age allows (youth up to and including 23, adult from 15, as
 * RULES.md says), the youth network for minors and the adult one from 18
 * where both are open to them.  Without a birth date, or without a fitting
 * engagement, the first. */
static guint
preferred_engagement (SessioTrajectoryDialog *self,
                      GPtrArray              *engagements)
{
  g_autoptr(SessioPatient) patient = NULL;
  g_autoptr(GDateTime) now = sessio_clock_now_local ();
  GDate birth;
  int age;
  guint fallback = G_MAXUINT;

  if (engagements == NULL || engagements->len == 0 || self->patient_id <= 0)
    return 0;
  patient = sessio_patient_store_get_patient (self->store, self->patient_id, NULL);
  if (patient == NULL || !sessio_date_parse_iso (patient->birth_date, &birth))
    return 0;
  age = g_date_time_get_year (now) - (int) g_date_get_year (&birth);
  if (g_date_time_get_month (now) < (int) g_date_get_month (&birth) ||
      (g_date_time_get_month (now) == (int) g_date_get_month (&birth) &&
       g_date_time_get_day_of_month (now) < (int) g_date_get_day (&birth)))
    age--;

  for (guint i = 0; i < engagements->len; i++)
    {
      SessioEngagement *e = g_ptr_array_index (engagements, i);
      gboolean youth = g_strcmp0 (e->network, "youth") == 0;
      gboolean allowed = youth ? age <= 23 : age >= 15;
      gboolean preferred = youth ? age < 18 : age >= 18;

      if (allowed && preferred)
        return i;
      if (allowed && fallback == G_MAXUINT)
        fallback = i;
    }
  return fallback != G_MAXUINT ? fallback : 0;
}

/* The CLB guidance domain is a CLB's question about a pupil: offered for
 * a trajectory with a CLB's engagement only, not for an adult with an
 * independent psychologist. */
static void
update_domain_row (SessioTrajectoryDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->engagement_row);
  gboolean clb = selected < self->engagement_clb->len && g_array_index (self->engagement_clb, gboolean, selected);

  if (!clb)
    adw_combo_row_set_selected (self->domain_row, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->domain_row), clb);
}

static void
fill_engagements (SessioTrajectoryDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) engagements = NULL;
  g_autoptr(GError) error = NULL;

  engagements = sessio_patient_store_list_engagements (self->store, &error);
  for (guint i = 0; engagements != NULL && i < engagements->len; i++)
    {
      SessioEngagement *e = g_ptr_array_index (engagements, i);
      SessioNetwork network = SESSIO_NETWORK_ADULT;
      g_autofree char *label = NULL;

      sessio_network_from_string (e->network, &network);
      /* Translators: a network engagement: "<network name> (<children and adolescents|adults>)" */
      label = g_strdup_printf (_("%s (%s)"), e->network_name, sessio_network_get_label (network));
      gtk_string_list_append (labels, label);
      g_array_append_val (self->engagement_ids, e->id);
      {
        gboolean clb = g_strcmp0 (e->model, "clb-salaried") == 0;

        g_array_append_val (self->engagement_clb, clb);
      }
    }

  adw_combo_row_set_model (self->engagement_row, G_LIST_MODEL (labels));
  /* The network's name in full, as the row's subtitle, which wraps: a
   * cut name cannot be told from another. */
  adw_combo_row_set_use_subtitle (self->engagement_row, TRUE);
  adw_combo_row_set_selected (self->engagement_row, preferred_engagement (self, engagements));


  {
    g_autoptr(GtkStringList) domains = gtk_string_list_new (NULL);
    guint n;
    const SessioChoice *choices = sessio_clb_domains (&n);

    /* Translators: no CLB guidance domain chosen for a trajectory. */
    gtk_string_list_append (domains, _("None"));
    for (guint i = 0; i < n; i++)
      gtk_string_list_append (domains, sessio_choice_get_label (choices, n, choices[i].id));
    adw_combo_row_set_model (self->domain_row, G_LIST_MODEL (domains));
  }
  update_domain_row (self);
  g_signal_connect_object (self->engagement_row, "notify::selected", G_CALLBACK (update_domain_row),
                           self, G_CONNECT_SWAPPED);
  if (self->engagement_ids->len == 0)
    {
      show_error (self, _("There is no network engagement yet: add one in the practice details (main menu) first."));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "trajectory.add", FALSE);
    }
}

SessioTrajectoryDialog *
sessio_trajectory_dialog_new (SessioPatientStore *store,
                              gint64              patient_id)
{
  SessioTrajectoryDialog *self;
  g_autoptr(GDate) today = g_date_new ();

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (store), NULL);

  self = g_object_new (SESSIO_TYPE_TRAJECTORY_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->patient_id = patient_id;

  g_date_set_time_t (today, time (NULL));
  sessio_date_row_set_date (self->start_row, today);
  fill_engagements (self);

  sessio_editor_draft_attach (GTK_WINDOW (self), SESSIO_DRAFT_TRAJECTORY, patient_id);
  return self;
}

static void
sessio_trajectory_dialog_dispose (GObject *object)
{
  SessioTrajectoryDialog *self = SESSIO_TRAJECTORY_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_TRAJECTORY_DIALOG);
  g_clear_object (&self->store);
  g_clear_pointer (&self->engagement_ids, g_array_unref);
  g_clear_pointer (&self->engagement_clb, g_array_unref);

  G_OBJECT_CLASS (sessio_trajectory_dialog_parent_class)->dispose (object);
}

static void
sessio_trajectory_dialog_class_init (SessioTrajectoryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_trajectory_dialog_dispose;

  signals[ADDED] =
    g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (SESSIO_TYPE_DATE_ROW);

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-trajectory-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioTrajectoryDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SessioTrajectoryDialog, engagement_row);
  gtk_widget_class_bind_template_child (widget_class, SessioTrajectoryDialog, domain_row);
  gtk_widget_class_bind_template_child (widget_class, SessioTrajectoryDialog, start_row);
  gtk_widget_class_bind_template_child (widget_class, SessioTrajectoryDialog, bilan_row);
  gtk_widget_class_bind_template_child (widget_class, SessioTrajectoryDialog, bilan_summary_row);

  gtk_widget_class_install_action (widget_class, "trajectory.add", NULL, add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sessio_trajectory_dialog_init (SessioTrajectoryDialog *self)
{
  self->engagement_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->engagement_clb = g_array_new (FALSE, FALSE, sizeof (gboolean));

  gtk_widget_init_template (GTK_WIDGET (self));
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self));
}
