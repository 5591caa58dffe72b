/* sessio-statistics-page.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The screen shows the user's own figures unsuppressed (threshold 1): they
 * are the user's own patients.  Only what leaves the app is suppressed.
 * A school year at 10,000 patients takes most of a second, so the figures
 * are computed in a worker thread (GTask) on a private copy of the
 * database (sessio_patient_store_new_snapshot()): the window never
 * freezes, and locking the vault meanwhile cannot pull the data from
 * under the worker.  A newer request cancels the one in flight; a result
 * that is no longer wanted is dropped.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sessio-chart.h"
#include "sessio-date-row.h"
#include "sessio-format.h"
#include "sessio-statistics-page.h"
#include "sessio-stats.h"
#include "sessio-worker.h"

/* The period row's items: SessioStatsPeriod in its order, then Custom. */
#define PERIOD_CUSTOM (SESSIO_STATS_PERIOD_LAST_YEAR + 1)
/* The first school year offered: the convention's first (2022). */
#define FIRST_SCHOOL_YEAR 2021

struct _SessioStatisticsPage
{
  AdwBin              parent_instance;

  AdwComboRow        *period_row;
  AdwComboRow        *school_year_row;
  SessioDateRow      *from_row;
  SessioDateRow      *to_row;
  AdwComboRow        *engagement_row;
  GtkLabel           *summary_label;
  SessioChart        *months_chart;
  SessioChart        *cares_chart;
  SessioChart        *locations_chart;
  GtkBox             *figures_box;
  GtkMenuButton      *export_button;

  SessioPatientStore *store;
  GArray             *engagement_ids;   /* gint64, parallel to engagement_row's model */
  SessioStats        *stats;
  SessioStatsReport  *report;           /* of stats, threshold 1 */
  gboolean            filling;          /* rows being set by code: no refresh yet */
  GArray             *school_years;     /* int, parallel to school_year_row's model */
  GCancellable       *cancellable;      /* of the computation in flight */
  guint               generation;       /* of the latest request */
  gboolean            computing;
};

G_DEFINE_FINAL_TYPE (SessioStatisticsPage, sessio_statistics_page, ADW_TYPE_BIN)

/* Drops the computation in flight, if any: its result will not be shown. */
static void
cancel_computation (SessioStatisticsPage *self)
{
  self->generation++;
  self->computing = FALSE;
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

static void
clear_figures (SessioStatisticsPage *self)
{
  GtkWidget *child;

  cancel_computation (self);
  g_clear_pointer (&self->report, sessio_stats_report_free);
  g_clear_pointer (&self->stats, sessio_stats_free);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->figures_box))) != NULL)
    gtk_box_remove (self->figures_box, child);
  sessio_chart_set_data (self->months_chart, _("Sessions per month"), NULL, NULL, 0);
  sessio_chart_set_data (self->cares_chart, _("Sessions by care type"), NULL, NULL, 0);
  sessio_chart_set_data (self->locations_chart, _("Sessions by location"), NULL, NULL, 0);
  gtk_label_set_text (self->summary_label, "");
}

static int
selected_school_year (SessioStatisticsPage *self)
{
  guint selected = adw_combo_row_get_selected (self->school_year_row);

  if (self->school_years == NULL || selected >= self->school_years->len)
    return FIRST_SCHOOL_YEAR;
  return g_array_index (self->school_years, int, selected);
}

/* The period the rows describe; FALSE while a custom date is incomplete,
 * with @missing set to what the user still has to type. */
static gboolean
get_period (SessioStatisticsPage  *self,
            GDate                 *from,
            GDate                 *to,
            const char           **missing)
{
  guint selected = adw_combo_row_get_selected (self->period_row);
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  g_date_clear (from, 1);
  g_date_clear (to, 1);
  if (missing != NULL)
    *missing = NULL;

  if (selected < PERIOD_CUSTOM)
    {
      sessio_stats_period_range ((SessioStatsPeriod) selected, selected_school_year (self), &today, from, to);
      return TRUE;
    }
  /* A date row holds a date only once its whole text reads as one. */
  if (!sessio_date_row_get_date (self->from_row, from) || !sessio_date_row_is_valid (self->from_row) ||
      gtk_editable_get_text (GTK_EDITABLE (self->from_row))[0] == '\0')
    {
      if (missing != NULL)
        *missing = _("Type the first day of the period, as day/month/year.");
      return FALSE;
    }
  if (!sessio_date_row_get_date (self->to_row, to) || !sessio_date_row_is_valid (self->to_row) ||
      gtk_editable_get_text (GTK_EDITABLE (self->to_row))[0] == '\0')
    {
      if (missing != NULL)
        *missing = _("Type the last day of the period, as day/month/year.");
      return FALSE;
    }
  if (g_date_compare (from, to) > 0)
    {
      if (missing != NULL)
        *missing = _("The last day of the period is before the first.");
      return FALSE;
    }
  return TRUE;
}

static gint64
selected_engagement (SessioStatisticsPage *self)
{
  guint selected = adw_combo_row_get_selected (self->engagement_row);

  if (self->engagement_ids == NULL || selected == GTK_INVALID_LIST_POSITION ||
      selected >= self->engagement_ids->len)
    return 0;
  return g_array_index (self->engagement_ids, gint64, selected);
}

/* One chart from the rows of a report section. */
static void
fill_chart (SessioStatisticsPage *self,
            SessioChart          *chart,
            const char           *section_id,
            gboolean              skip_zero)
{
  const SessioStatsSection *section = sessio_stats_report_find_section (self->report, section_id);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint r = 0; r < section->rows->len; r++)
    {
      const SessioStatsRow *row = section->rows->pdata[r];
      int year, month;
      char end;

      /* Care types of the 2022 convention are noise in a 2025 report. */
      if (skip_zero && row->count == 0)
        continue;
      /* Months are "2025-03" in the files; on screen, in the user's
       * language with Sessio's month names (strftime() would need C
       * locales a minimal system lacks). */
      if (sscanf (row->label, "%4d-%2d%c", &year, &month, &end) == 2 && year > 0 && month >= 1 && month <= 12)
        g_ptr_array_add (labels, sessio_format_month_short ((guint) year, (guint) month));
      else
        g_ptr_array_add (labels, g_strdup (row->label));
      g_array_append_val (values, row->count);
    }
  sessio_chart_set_data (chart, section->title, (const char * const *) labels->pdata,
                         (const gint64 *) (gpointer) values->data, values->len);
}

static GtkWidget *
figure_row (SessioStatsReport    *report,
            const SessioStatsRow *row,
            const char           *title)
{
  GtkWidget *action_row = adw_action_row_new ();
  g_autofree char *value = sessio_stats_report_format_row (report, row);
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (action_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), title);
  if (row->note != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), row->note);
  gtk_widget_add_css_class (label, "numeric");
  if (title != row->label)
    gtk_widget_add_css_class (label, "heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), label);
  /* Read as "Sessions held: 14", not as two unrelated texts. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (action_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, label, NULL, -1);
  return action_row;
}

static void
fill_figures (SessioStatisticsPage *self)
{
  for (guint s = 0; s < sessio_stats_report_get_n_sections (self->report); s++)
    {
      const SessioStatsSection *section = sessio_stats_report_get_section (self->report, s);
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), section->title);
      if (section->description != NULL)
        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), section->description);
      for (guint r = 0; r < section->rows->len; r++)
        {
          const SessioStatsRow *row = section->rows->pdata[r];

          if (row->heading != NULL)
            {
              /* The CLB section's questions: a group each, titled by the
               * question, after the section's own title. */
              gtk_box_append (self->figures_box, group);
              group = adw_preferences_group_new ();
              adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), row->heading);
            }
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), figure_row (self->report, row, row->label));
        }
      if (section->total != NULL)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                   figure_row (self->report, section->total, _("Total")));
      gtk_box_append (self->figures_box, group);
    }
}

typedef struct
{
  SessioPatientStore *snapshot;
  GDate               from;
  GDate               to;
  gint64              engagement;
  guint               generation;   /* of the page when started */
} Job;

typedef struct
{
  SessioStats       *stats;
  SessioStatsReport *report;
} Result;

static void
job_free (Job *job)
{
  g_clear_object (&job->snapshot);
  g_free (job);
}

static void
result_free (Result *result)
{
  g_clear_pointer (&result->report, sessio_stats_report_free);
  g_clear_pointer (&result->stats, sessio_stats_free);
  g_free (result);
}

static void
compute_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  Result *result = g_new0 (Result, 1);

  result->stats = sessio_stats_compute (job->snapshot, &job->from, &job->to, job->engagement, &error);
  if (result->stats == NULL)
    {
      result_free (result);
      g_task_return_error (task, error);
      return;
    }
  result->report = sessio_stats_report_new (result->stats, 1);
  /* The copy of the database is not needed any more: let it go here. */
  g_clear_object (&job->snapshot);
  g_task_return_pointer (task, result, (GDestroyNotify) result_free);
}

static void
show_figures (SessioStatisticsPage *self)
{
  g_autofree char *from_text = sessio_format_date (sessio_stats_get_from (self->stats));
  g_autofree char *to_text = sessio_format_date (sessio_stats_get_to (self->stats));
  g_autofree char *summary = NULL;

  /* Translators: %1$s and %2$s are dates. */
  summary = g_strdup_printf (_("Your own figures from %1$s to %2$s. Exports are anonymous: they show small counts as “fewer than” the threshold set in Preferences."),
                             from_text, to_text);
  gtk_label_set_text (self->summary_label, summary);
  fill_chart (self, self->months_chart, "months", FALSE);
  fill_chart (self, self->cares_chart, "cares", TRUE);
  fill_chart (self, self->locations_chart, "locations", FALSE);
  fill_figures (self);
}

static void
compute_done (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(SessioStatisticsPage) self = user_data;
  Job *job = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;
  Result *result = g_task_propagate_pointer (G_TASK (res), &error);

  /* Superseded or cancelled (a newer period, the vault locked). */
  if (job->generation != self->generation)
    {
      g_clear_pointer (&result, result_free);
      return;
    }
  self->computing = FALSE;
  g_clear_object (&self->cancellable);
  if (result == NULL)
    {
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }
  self->stats = g_steal_pointer (&result->stats);
  self->report = g_steal_pointer (&result->report);
  result_free (result);
  show_figures (self);
}

void
sessio_statistics_page_refresh (SessioStatisticsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  const char *missing = NULL;
  Job *job;
  GDate from, to;

  g_return_if_fail (SESSIO_IS_STATISTICS_PAGE (self));

  clear_figures (self);
  if (self->store == NULL)
    return;
  if (!get_period (self, &from, &to, &missing))
    {
      /* Say what is missing rather than show an empty page. */
      gtk_label_set_text (self->summary_label, missing);
      return;
    }

  job = g_new0 (Job, 1);
  job->snapshot = sessio_patient_store_new_snapshot (self->store, &error);
  if (job->snapshot == NULL)
    {
      job_free (job);
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }
  job->from = from;
  job->to = to;
  job->engagement = selected_engagement (self);

  self->cancellable = g_cancellable_new ();
  self->computing = TRUE;
  gtk_label_set_text (self->summary_label, _("Counting…"));
  job->generation = self->generation;
  /* No source object: GTask may drop its last reference in the worker
   * thread, where the page must not be finalized.  The callback's data
   * holds the page, released on the main thread. */
  task = g_task_new (NULL, self->cancellable, compute_done, g_object_ref (self));
  g_task_set_source_tag (task, sessio_statistics_page_refresh);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  /* A cancelled task still returns what the worker returns; the
   * generation check drops it. */
  g_task_set_return_on_cancel (task, FALSE);
  sessio_worker_run (task, compute_thread);
}

gboolean
sessio_statistics_page_is_computing (SessioStatisticsPage *self)
{
  g_return_val_if_fail (SESSIO_IS_STATISTICS_PAGE (self), FALSE);
  return self->computing;
}

static void
update_rows (SessioStatisticsPage *self)
{
  guint selected = adw_combo_row_get_selected (self->period_row);
  gboolean custom = selected == PERIOD_CUSTOM;

  gtk_widget_set_visible (GTK_WIDGET (self->from_row), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->to_row), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->school_year_row), selected <= SESSIO_STATS_PERIOD_SECOND_SEMESTER);
}

static void
period_changed (SessioStatisticsPage *self)
{
  gboolean custom = adw_combo_row_get_selected (self->period_row) == PERIOD_CUSTOM;

  if (custom && !self->filling)
    {
      GDate from, to;

      /* Start the custom period from the one shown so far (the stats of
       * the last period computed), so that From and To are never empty
       * when Custom is chosen. */
      if (self->stats != NULL)
        {
          from = *sessio_stats_get_from (self->stats);
          to = *sessio_stats_get_to (self->stats);
        }
      else
        {
          GDate today;

          g_date_clear (&today, 1);
          g_date_set_time_t (&today, time (NULL));
          sessio_stats_period_range (SESSIO_STATS_PERIOD_SCHOOL_YEAR, sessio_stats_school_year_of (&today),
                                     &today, &from, &to);
        }
      self->filling = TRUE;
      sessio_date_row_set_date (self->from_row, &from);
      sessio_date_row_set_date (self->to_row, &to);
      self->filling = FALSE;
    }
  update_rows (self);
  if (!self->filling)
    sessio_statistics_page_refresh (self);
}

/* After the date row has read its own text ("changed", not notify::text,
 * which comes before the row has parsed it: the page used to read the
 * previous date and stay blank). */
static void
custom_changed (SessioStatisticsPage *self)
{
  if (!self->filling && adw_combo_row_get_selected (self->period_row) == PERIOD_CUSTOM)
    sessio_statistics_page_refresh (self);
}

static void
school_year_changed (SessioStatisticsPage *self)
{
  if (!self->filling && adw_combo_row_get_selected (self->period_row) <= SESSIO_STATS_PERIOD_SECOND_SEMESTER)
    sessio_statistics_page_refresh (self);
}

/* The school years from this one back to the convention's first. */
static void
fill_school_years (SessioStatisticsPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  g_clear_pointer (&self->school_years, g_array_unref);
  self->school_years = g_array_new (FALSE, FALSE, sizeof (int));
  for (int year = sessio_stats_school_year_of (&today); year >= FIRST_SCHOOL_YEAR; year--)
    {
      /* Translators: a school year, e.g. "2023–2024". */
      g_autofree char *name = g_strdup_printf (_("%1$d–%2$d"), year, year + 1);

      gtk_string_list_append (names, name);
      g_array_append_val (self->school_years, year);
    }
  self->filling = TRUE;
  adw_combo_row_set_model (self->school_year_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->school_year_row, 0);
  self->filling = FALSE;
}

static void
engagement_changed (SessioStatisticsPage *self)
{
  if (!self->filling)
    sessio_statistics_page_refresh (self);
}

/* (Re)lists the engagements, keeping the one chosen if it still exists. */
static void
fill_engagements (SessioStatisticsPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) engagements = NULL;
  gint64 all = 0, chosen = selected_engagement (self);
  guint position = 0;

  g_clear_pointer (&self->engagement_ids, g_array_unref);
  self->engagement_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_string_list_append (names, _("All networks"));
  g_array_append_val (self->engagement_ids, all);
  if (self->store != NULL)
    engagements = sessio_patient_store_list_engagements (self->store, NULL);
  for (guint i = 0; engagements != NULL && i < engagements->len; i++)
    {
      SessioEngagement *engagement = engagements->pdata[i];

      gtk_string_list_append (names, engagement->network_name);
      if (engagement->id == chosen)
        position = self->engagement_ids->len;
      g_array_append_val (self->engagement_ids, engagement->id);
    }
  self->filling = TRUE;
  adw_combo_row_set_model (self->engagement_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->engagement_row, position);
  self->filling = FALSE;
}

void
sessio_statistics_page_set_store (SessioStatisticsPage *self,
                                  SessioPatientStore   *store)
{
  g_return_if_fail (SESSIO_IS_STATISTICS_PAGE (self));

  if (!g_set_object (&self->store, store))
    return;
  fill_engagements (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    sessio_statistics_page_refresh (self);
  else
    clear_figures (self);
}

void
sessio_statistics_page_set_period (SessioStatisticsPage *self,
                                   const GDate          *from,
                                   const GDate          *to)
{
  g_return_if_fail (SESSIO_IS_STATISTICS_PAGE (self));

  self->filling = TRUE;
  adw_combo_row_set_selected (self->period_row, PERIOD_CUSTOM);
  sessio_date_row_set_date (self->from_row, from);
  sessio_date_row_set_date (self->to_row, to);
  update_rows (self);
  self->filling = FALSE;
  sessio_statistics_page_refresh (self);
}

SessioStatsReport *
sessio_statistics_page_get_report (SessioStatisticsPage *self)
{
  g_return_val_if_fail (SESSIO_IS_STATISTICS_PAGE (self), NULL);
  return self->report;
}

/* ------------------------------------------------------------- export */

static guint
anonymity_threshold (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  return g_settings_get_uint (settings, "anonymity-threshold");
}

static void
show_error (SessioStatisticsPage *self,
            const char           *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              _("The Export Failed"), message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
sessio_statistics_page_export (SessioStatisticsPage  *self,
                               const char            *format,
                               const char            *path,
                               GError               **error)
{
  g_autoptr(SessioStatsReport) report = NULL;

  g_return_val_if_fail (SESSIO_IS_STATISTICS_PAGE (self), FALSE);

  if (self->stats == NULL)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_LOCKED, _("There are no figures to export"));
      return FALSE;
    }

  if (g_strcmp0 (format, "anon") == 0)
    return sessio_stats_write_anon (self->stats, path, error);
  report = sessio_stats_report_new (self->stats, anonymity_threshold ());
  if (g_strcmp0 (format, "pdf") == 0)
    return sessio_stats_report_write_pdf (report, path, error);
  if (g_strcmp0 (format, "csv") == 0)
    return sessio_stats_report_write_csv (report, path, error);
  return sessio_stats_report_write_json (report, path, error);
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
export_response (GtkNativeDialog *dialog,
                 int              response,
                 gpointer         user_data)
{
  SessioStatisticsPage *self = user_data;
  const char *format = g_object_get_data (G_OBJECT (dialog), "format");

  if (response == GTK_RESPONSE_ACCEPT && self->stats != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        show_error (self, _("Choose a file on this computer"));
      else if (!sessio_statistics_page_export (self, format, path, &error))
        show_error (self, error->message);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SessioStatisticsPage *self = SESSIO_STATISTICS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  const char *format = g_variant_get_string (param, NULL);
  g_autofree char *name = NULL;
  char from[11], to[11];
  GtkFileChooserNative *dialog;

  if (self->stats == NULL)
    return;
  sessio_date_to_iso (sessio_stats_get_from (self->stats), from);
  sessio_date_to_iso (sessio_stats_get_to (self->stats), to);
  if (g_strcmp0 (format, "anon") == 0)
    /* Translators: a file name; %1$s and %2$s are dates; keep the .json ending. */
    name = g_strdup_printf (_("Sessio anonymous file %1$s to %2$s.json"), from, to);
  else
    /* Translators: a file name; %1$s and %2$s are dates, %3$s the ending (pdf, csv, json). */
    name = g_strdup_printf (_("Sessio statistics %1$s to %2$s.%3$s"), from, to, format);

  /* A native chooser, so that inside Flatpak the portal asks. */
  dialog = gtk_file_chooser_native_new (_("Export Statistics"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data_full (G_OBJECT (dialog), "format", g_strdup (format), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
G_GNUC_END_IGNORE_DEPRECATIONS

/* ------------------------------------------------------------- class */

static void
sessio_statistics_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sessio_statistics_page_parent_class)->map (widget);
  /* Sessions or engagements may have been added since: afresh when shown. */
  fill_engagements (SESSIO_STATISTICS_PAGE (widget));
  sessio_statistics_page_refresh (SESSIO_STATISTICS_PAGE (widget));
}

static void
sessio_statistics_page_dispose (GObject *object)
{
  SessioStatisticsPage *self = SESSIO_STATISTICS_PAGE (object);

  cancel_computation (self);
  g_clear_pointer (&self->report, sessio_stats_report_free);
  g_clear_pointer (&self->stats, sessio_stats_free);
  g_clear_object (&self->store);
  g_clear_pointer (&self->engagement_ids, g_array_unref);
  g_clear_pointer (&self->school_years, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_STATISTICS_PAGE);

  G_OBJECT_CLASS (sessio_statistics_page_parent_class)->dispose (object);
}

static void
sessio_statistics_page_class_init (SessioStatisticsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_statistics_page_dispose;
  widget_class->map = sessio_statistics_page_map;

  g_type_ensure (SESSIO_TYPE_CHART);
  g_type_ensure (SESSIO_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-statistics-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioStatisticsPage, period_row);
  gtk_widget_class_bind_template_child (widget_class, SessioStatisticsPage, school_year_row);
  gtk_widget_class_bind_template_child (widget_class, SessioStatisticsPage, from_row);
  gtk_widget_class_bind_template_child (widget_class, SessioStatisticsPage, to_row);
  gtk_widget_class_bind_template_child (widget_class, SessioStatisticsPage, engagement_row);
  gtk_widget_class_bind_template_child (widget_class, SessioStatisticsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SessioStatisticsPage, months_chart);
  gtk_widget_class_bind_template_child (widget_class, SessioStatisticsPage, cares_chart);
  gtk_widget_class_bind_template_child (widget_class, SessioStatisticsPage, locations_chart);
  gtk_widget_class_bind_template_child (widget_class, SessioStatisticsPage, figures_box);
  gtk_widget_class_bind_template_child (widget_class, SessioStatisticsPage, export_button);
  gtk_widget_class_bind_template_callback (widget_class, period_changed);
  gtk_widget_class_bind_template_callback (widget_class, custom_changed);
  gtk_widget_class_bind_template_callback (widget_class, school_year_changed);
  gtk_widget_class_bind_template_callback (widget_class, engagement_changed);
  gtk_widget_class_install_action (widget_class, "statistics.export", "s", export_action);
}

static void
sessio_statistics_page_init (SessioStatisticsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_engagements (self);
  fill_school_years (self);
  update_rows (self);
  gtk_widget_set_margin_start (GTK_WIDGET (self->months_chart), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->months_chart), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->cares_chart), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->cares_chart), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->locations_chart), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->locations_chart), 12);
}
