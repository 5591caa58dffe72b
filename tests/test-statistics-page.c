/* test-statistics-page.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Statistics section on the demo data set (a real vault): the page
 * shows the figures the core computes, the charts read them out to screen
 * readers, the page fits a 360 px window, and a PNG of it at both widths
 * is saved to tests/screenshots/ in the build folder for people to look
 * at.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "gui-test-util.h"
#include "plaintext-scan.h"
#include "sessio-chart.h"
#include "sessio-date-row.h"
#include "sessio-demo.h"
#include "sessio-format.h"
#include "sessio-statistics-page.h"
#include "sessio-stats.h"
#include "sessio-trajectory-dialog.h"
#include "sessio-window.h"

typedef struct
{
  char                 *demo_dir;
  SessioWindow         *window;
  SessioStatisticsPage *page;
  GDate                 from;
  GDate                 to;
} Fixture;

static gboolean
settled (gpointer data)
{
  guint *rounds = data;

  return ++(*rounds) > 50;
}

static gboolean
has_report (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0 &&
         sessio_statistics_page_get_report (data) != NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) vault = sessio_demo_create (&f->demo_dir, &error);

  g_assert_no_error (error);
  f->window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
  sessio_window_set_vault (f->window, vault);
  f->page = (gpointer) sessio_window_get_section (f->window, "statistics");

  /* The demo's sessions lie in the months up to today. */
  g_date_clear (&f->to, 1);
  g_date_set_time_t (&f->to, time (NULL));
  f->from = f->to;
  g_date_subtract_months (&f->from, 6);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sessio_window_lock (f->window);
  g_assert_true (gui_test_wait (gui_test_window_done_closing, f->window));
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_object_unref (f->window);
  sessio_demo_remove (f->demo_dir);
  g_free (f->demo_dir);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The number a row of the page shows for @title, from the widgets. */
static char *
shown_value (GtkWidget  *widget,
             const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      char *found;

      if (ADW_IS_ACTION_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        {
          /* The suffix is the row's last label. */
          GtkWidget *label = NULL;

          for (GtkWidget *w = child; w != NULL;
               w = gtk_widget_get_last_child (w) != NULL ? gtk_widget_get_last_child (w) : NULL)
            if (GTK_IS_LABEL (w))
              label = w;
          if (label != NULL)
            return g_strdup (gtk_label_get_text (GTK_LABEL (label)));
        }
      found = shown_value (child, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* What the Export menu writes: suppressed with the settings' threshold,
 * and nothing of the demo's patients in it. */
static void
check_exports (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *json = g_build_filename (dir, "report.json", NULL);
  g_autofree char *csv = g_build_filename (dir, "report.csv", NULL);
  g_autofree char *anon = g_build_filename (dir, "anon.json", NULL);
  g_autofree char *txt = g_build_filename (dir, "report.txt", NULL);
  g_autofree char *text = NULL, *json_text = NULL;
  const char *argv[] = { "pdftotext", pdf, txt, NULL };
  sqlite3 *db = sessio_patient_store_get_db (sessio_window_get_store (f->window), NULL);
  sqlite3_stmt *stmt = NULL;
  guint n_files = 0;
  int status = 0;

  g_assert_true (sessio_statistics_page_export (f->page, "pdf", pdf, &error));
  g_assert_true (sessio_statistics_page_export (f->page, "json", json, &error));
  g_assert_true (sessio_statistics_page_export (f->page, "csv", csv, &error));
  g_assert_true (sessio_statistics_page_export (f->page, "anon", anon, &error));
  g_assert_no_error (error);

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (txt, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "Anonymous statistics"));
  g_assert_nonnull (strstr (text, "Counts from 1 to 4 are shown as"));
  g_assert_true (g_file_get_contents (json, &json_text, NULL, NULL));
  g_assert_nonnull (strstr (json_text, "\"threshold\" : 5"));

  /* Every demo patient's name, national number and birth date. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, coalesce (insz, name), birth_date FROM patient",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int c = 0; c < 3; c++)
      g_ptr_array_add (secrets, g_strdup ((const char *) sqlite3_column_text (stmt, c)));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (secrets->len, >, 30);
  g_ptr_array_add (secrets, NULL);
  g_assert_cmpuint (plaintext_scan_dir (dir, (const char * const *) secrets->pdata, &n_files), ==, 0);
  g_assert_cmpuint (n_files, ==, 5);
  test_rm_rf (dir);
}

static void
test_figures_and_charts (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioStats) expected = NULL;
  g_autofree char *sessions = NULL, *school = NULL, *shown = NULL;
  SessioChart *chart;
  SessioStatsReport *report;

  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 760);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "statistics");
  sessio_statistics_page_set_period (f->page, &f->from, &f->to);
  g_assert_true (gui_test_wait (has_report, f->page));

  expected = sessio_stats_compute (sessio_window_get_store (f->window), &f->from, &f->to, 0, &error);
  g_assert_no_error (error);
  /* The demo has sessions, so the comparisons below can fail. */
  g_assert_cmpint (sessio_stats_get (expected, "sessions"), >, 20);

  report = sessio_statistics_page_get_report (f->page);
  g_assert_cmpint (sessio_stats_report_find_row (report, "sessions")->count, ==,
                   sessio_stats_get (expected, "sessions"));
  g_assert_cmpint (sessio_stats_report_find_row (report, "patients")->count, ==,
                   sessio_stats_get (expected, "patients"));
  /* On screen: the user's own figures, unsuppressed. */
  g_assert_false (sessio_stats_report_find_row (report, "patients")->suppressed);
  sessions = g_strdup_printf ("%" G_GINT64_FORMAT, sessio_stats_get (expected, "sessions"));
  shown = shown_value (GTK_WIDGET (f->page), "Sessions held");
  g_assert_cmpstr (shown, ==, sessions);

  /* Each chart reads its figures out. */
  chart = gui_test_child (f->page, SESSIO_TYPE_STATISTICS_PAGE, "locations_chart");
  school = g_strdup_printf ("School: %" G_GINT64_FORMAT, sessio_stats_get (expected, "location.school"));
  g_assert_nonnull (strstr (sessio_chart_get_description (chart), school));
  g_assert_nonnull (strstr (sessio_chart_get_description (chart), "Practice: "));
  chart = gui_test_child (f->page, SESSIO_TYPE_STATISTICS_PAGE, "months_chart");
  g_assert_nonnull (strstr (sessio_chart_get_description (chart), ": "));
  /* Months in words, as the user reads them, not "2025-03". */
  {
    g_autofree char *month = sessio_format_month_short_for (g_date_get_year (&f->to), g_date_get_month (&f->to),
                                                            SESSIO_LANGUAGE_EN);

    g_assert_nonnull (strstr (sessio_chart_get_description (chart), month));
  }
  chart = gui_test_child (f->page, SESSIO_TYPE_STATISTICS_PAGE, "cares_chart");
  g_assert_nonnull (strstr (sessio_chart_get_description (chart), "Support: "));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (chart)));

  g_assert_cmpstr (sessio_window_get_visible_section (f->window), ==, "statistics");
  {
    guint rounds = 0;

    /* Let the view switcher catch up before the picture. */
    g_assert_true (gui_test_wait (settled, &rounds));
  }
  gui_test_save_png (gtk_widget_get_root (GTK_WIDGET (f->page)), "statistics-page");
  check_exports (f);

  /* The engagement filter: the first engagement alone. */
  {
    g_autoptr(GPtrArray) engagements = sessio_patient_store_list_engagements (sessio_window_get_store (f->window), &error);
    AdwComboRow *row = gui_test_child (f->page, SESSIO_TYPE_STATISTICS_PAGE, "engagement_row");
    SessioEngagement *first;
    g_autoptr(SessioStats) one = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (engagements->len, >=, 1);
    first = engagements->pdata[0];
    one = sessio_stats_compute (sessio_window_get_store (f->window), &f->from, &f->to, first->id, &error);
    g_assert_no_error (error);
    adw_combo_row_set_selected (row, 1);
    /* Computed off the UI thread: wait for it. */
    g_assert_true (gui_test_wait (has_report, f->page));
    report = sessio_statistics_page_get_report (f->page);
    g_assert_nonnull (report);
    g_assert_cmpint (sessio_stats_get_engagement (sessio_stats_report_get_stats (report)), ==, first->id);
    g_assert_cmpint (sessio_stats_report_find_row (report, "sessions")->count, ==, sessio_stats_get (one, "sessions"));
  }

  /* Locking drops every figure. */
  sessio_window_lock (f->window);
  g_assert_true (gui_test_wait (gui_test_window_done_closing, f->window));
  g_assert_null (sessio_statistics_page_get_report (f->page));
}

static gboolean
has_summary (gpointer data)
{
  GtkLabel *label = gui_test_child (data, SESSIO_TYPE_STATISTICS_PAGE, "summary_label");

  return !sessio_statistics_page_is_computing (data) && gtk_label_get_text (label)[0] != '\0';
}

static void
type_date (SessioStatisticsPage *page,
           const char           *row_name,
           const GDate          *date)
{
  GtkEditable *row = gui_test_child (page, SESSIO_TYPE_STATISTICS_PAGE, row_name);
  g_autofree char *text = NULL;

  if (date == NULL)
    {
      gtk_editable_set_text (row, "");
      return;
    }
  /* As a user types it, digit by digit: every prefix goes through the
   * row (and through the page's refresh) before the whole date. */
  text = g_strdup_printf ("%u/%u/%04u", g_date_get_day (date), g_date_get_month (date), g_date_get_year (date));
  gtk_editable_set_text (row, "");
  for (gsize n = 1; n <= strlen (text); n++)
    {
      g_autofree char *prefix = g_strndup (text, n);

      gtk_editable_set_text (row, prefix);
    }
}

static void
assert_page_matches (Fixture     *f,
                     const GDate *from,
                     const GDate *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioStats) expected = sessio_stats_compute (sessio_window_get_store (f->window), from, to, 0, &error);
  SessioStatsReport *report = sessio_statistics_page_get_report (f->page);
  SessioStats *shown = sessio_stats_report_get_stats (report);
  g_autofree char *sessions = g_strdup_printf ("%" G_GINT64_FORMAT, sessio_stats_get (expected, "sessions"));
  g_autofree char *value = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (g_date_compare (sessio_stats_get_from (shown), from), ==, 0);
  g_assert_cmpint (g_date_compare (sessio_stats_get_to (shown), to), ==, 0);
  g_assert_cmpint (sessio_stats_report_find_row (report, "sessions")->count, ==, sessio_stats_get (expected, "sessions"));
  g_assert_cmpint (sessio_stats_report_find_row (report, "patients")->count, ==, sessio_stats_get (expected, "patients"));
  value = shown_value (GTK_WIDGET (f->page), "Sessions held");
  g_assert_cmpstr (value, ==, sessions);
}

/* Statistics → Period → Custom: From and To start from the period shown;
 * a date erased says what is missing; typing the dates, digit by digit,
 * shows the figures as soon as both are whole; retyping one refreshes
 * them (the page used to stay blank, and blank again on a retype). */
static void
test_custom_typed (Fixture       *f,
                   gconstpointer  data)
{
  AdwComboRow *period = gui_test_child (f->page, SESSIO_TYPE_STATISTICS_PAGE, "period_row");
  GtkLabel *summary = gui_test_child (f->page, SESSIO_TYPE_STATISTICS_PAGE, "summary_label");
  SessioDateRow *from_row = gui_test_child (f->page, SESSIO_TYPE_STATISTICS_PAGE, "from_row");
  GDate shown_from, later_from;

  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 760);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "statistics");
  g_assert_true (gui_test_wait (has_report, f->page));

  /* Custom: the dates of the period shown so far, never empty. */
  adw_combo_row_set_selected (period, 9);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (from_row)));
  g_assert_true (sessio_date_row_get_date (from_row, &shown_from));
  g_assert_true (gui_test_wait (has_report, f->page));

  /* Erased: no figures, and the page says what is missing. */
  type_date (f->page, "from_row", NULL);
  g_assert_true (gui_test_wait (has_summary, f->page));
  g_assert_null (sessio_statistics_page_get_report (f->page));
  g_assert_cmpstr (gtk_label_get_text (summary), ==, "Type the first day of the period, as day/month/year.");

  type_date (f->page, "from_row", &f->from);
  type_date (f->page, "to_row", &f->to);
  g_assert_true (gui_test_wait (has_report, f->page));
  assert_page_matches (f, &f->from, &f->to);

  /* The last day before the first: said so. */
  {
    GDate before = f->from;

    g_date_subtract_days (&before, 1);
    type_date (f->page, "to_row", &before);
    g_assert_true (gui_test_wait (has_summary, f->page));
    g_assert_null (sessio_statistics_page_get_report (f->page));
    g_assert_cmpstr (gtk_label_get_text (summary), ==, "The last day of the period is before the first.");
  }

  /* Retyped: the new figures, not a blank page. */
  later_from = f->from;
  g_date_add_months (&later_from, 2);
  type_date (f->page, "to_row", &f->to);
  type_date (f->page, "from_row", &later_from);
  g_assert_true (gui_test_wait (has_report, f->page));
  assert_page_matches (f, &later_from, &f->to);
}

/* The parliamentary question's period: the first semester of school year
 * 2023-2024, chosen as a user would. */
static void
test_first_semester (Fixture       *f,
                     gconstpointer  data)
{
  AdwComboRow *period = gui_test_child (f->page, SESSIO_TYPE_STATISTICS_PAGE, "period_row");
  AdwComboRow *school_year = gui_test_child (f->page, SESSIO_TYPE_STATISTICS_PAGE, "school_year_row");
  GListModel *years = adw_combo_row_get_model (school_year);
  guint position = GTK_INVALID_LIST_POSITION;
  GDate from, to;

  gtk_window_present (GTK_WINDOW (f->window));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "statistics");
  g_assert_true (gui_test_wait (has_report, f->page));

  adw_combo_row_set_selected (period, SESSIO_STATS_PERIOD_FIRST_SEMESTER);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (period)),
                                               adw_combo_row_get_selected (period)), ==, "First semester");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (school_year)));
  for (guint i = 0; i < g_list_model_get_n_items (years); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (years), i), "2023–2024") == 0)
      position = i;
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (school_year, position);
  g_assert_true (gui_test_wait (has_report, f->page));

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 1, G_DATE_SEPTEMBER, 2023);
  g_date_set_dmy (&to, 31, G_DATE_JANUARY, 2024);
  assert_page_matches (f, &from, &to);
  /* The CLB questions are on the page, with their headings. */
  g_assert_nonnull (sessio_stats_report_find_section (sessio_statistics_page_get_report (f->page), "clb"));
}

static void
trajectory_added (SessioTrajectoryDialog *dialog,
                  gint64                  id,
                  gpointer                data)
{
  *(gint64 *) data = id;
}

/* A trajectory's CLB guidance domain, chosen in the trajectory dialog,
 * is kept and counted. */
static void
test_trajectory_domain (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SessioPatientStore *store = sessio_window_get_store (f->window);
  SessioTrajectoryDialog *dialog = sessio_trajectory_dialog_new (store, 1);
  AdwComboRow *domain = gui_test_child (dialog, SESSIO_TYPE_TRAJECTORY_DIALOG, "domain_row");
  g_autofree char *stored = NULL;
  gint64 id = 0;

  g_signal_connect (dialog, "added", G_CALLBACK (trajectory_added), &id);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_editable_set_text (gui_test_child (dialog, SESSIO_TYPE_TRAJECTORY_DIALOG, "start_row"), "1/9/2025");
  /* With the CLB's engagement, the domain is asked for; with the
   * independent one, not. */
  {
    g_autoptr(GPtrArray) engagements = sessio_patient_store_list_engagements (store, &error);
    AdwComboRow *network = gui_test_child (dialog, SESSIO_TYPE_TRAJECTORY_DIALOG, "engagement_row");

    g_assert_no_error (error);
    for (guint i = 0; i < engagements->len; i++)
      {
        SessioEngagement *e = g_ptr_array_index (engagements, i);

        adw_combo_row_set_selected (network, i);
        g_assert_true (gtk_widget_get_visible (GTK_WIDGET (domain)) == (g_strcmp0 (e->model, "clb-salaried") == 0));
        if (g_strcmp0 (e->model, "clb-salaried") == 0)
          break;
      }
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (domain)));
  }
  /* None, then the domains in the order of sessio_clb_domains(): the third is psychosocial. */
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (domain)), 3), ==,
                   "Psychological and social functioning");
  adw_combo_row_set_selected (domain, 3);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "trajectory.add", NULL);
  g_assert_cmpint (id, >, 0);
  stored = sessio_patient_store_get_trajectory_domain (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, "psychosocial");
}

/* The page in Dutch, saved for people to look at. */
static void
test_dutch (Fixture       *f,
            gconstpointer  data)
{
  AdwComboRow *period = gui_test_child (f->page, SESSIO_TYPE_STATISTICS_PAGE, "period_row");
  AdwComboRow *network = gui_test_child (f->page, SESSIO_TYPE_STATISTICS_PAGE, "engagement_row");
  guint rounds = 0;

  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 760);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "statistics");
  g_assert_true (gui_test_wait (has_report, f->page));
  /* The words of the issue: periods as schools count them, networks. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (period)), ==, "Periode");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (network)), ==, "Netwerk");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (period)), 0), ==,
                   "Schooljaar");
  g_assert_true (gui_test_wait (settled, &rounds));
  gui_test_save_png (gtk_widget_get_root (GTK_WIDGET (f->page)), "statistics-page-nl");
  gui_test_save_png (find_descendant (GTK_WIDGET (f->page), ADW_TYPE_CLAMP), "statistics-page-nl-full");
}

static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  SessioStatisticsPage *page = g_object_new (SESSIO_TYPE_STATISTICS_PAGE, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 760);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  sessio_statistics_page_set_store (page, sessio_window_get_store (f->window));
  sessio_statistics_page_set_period (page, &f->from, &f->to);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gui_test_wait (has_report, page));
  /* Nothing forces the window wider than a phone. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (page)), <=, 360);
  gui_test_save_png (window, "statistics-page-narrow");
  /* The page's whole scrolled content: every figure, not just what fits. */
  gui_test_save_png (find_descendant (GTK_WIDGET (page), ADW_TYPE_CLAMP), "statistics-page-narrow-full");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The chart's months in Dutch and French under LC_ALL=C.UTF-8: Sessio's
 * names, where strftime() would write the English "Dec 2026". */
static void
test_month_names (Fixture       *f,
                  gconstpointer  data)
{
  static const struct { const char *code; SessioLanguage language; } languages[] = {
    { "nl", SESSIO_LANGUAGE_NL },
    { "fr", SESSIO_LANGUAGE_FR },
  };
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

  g_assert_cmpstr (g_getenv ("LC_ALL"), ==, "C.UTF-8");
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      GtkWidget *window = gtk_window_new ();
      SessioStatisticsPage *page;
      g_autoptr(GDateTime) last = g_date_time_new_utc (g_date_get_year (&f->to), g_date_get_month (&f->to), 1, 0, 0, 0);
      g_autofree char *libc = g_date_time_format (last, "%b %Y");
      g_autofree char *ours = NULL;
      const char *description;

      g_setenv ("LANGUAGE", languages[i].code, TRUE);
      ours = sessio_format_month_short_for (g_date_get_year (&f->to), g_date_get_month (&f->to), languages[i].language);
      /* The C library does not know the language: the test means something. */
      g_assert_cmpstr (libc, !=, ours);

      page = g_object_new (SESSIO_TYPE_STATISTICS_PAGE, NULL);
      gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
      sessio_statistics_page_set_store (page, sessio_window_get_store (f->window));
      sessio_statistics_page_set_period (page, &f->from, &f->to);
      gtk_window_present (GTK_WINDOW (window));
      g_assert_true (gui_test_wait (has_report, page));
      description = sessio_chart_get_description (gui_test_child (page, SESSIO_TYPE_STATISTICS_PAGE, "months_chart"));
      g_test_message ("%s: %s", languages[i].code, description);
      g_assert_nonnull (strstr (description, ours));
      g_assert_null (strstr (description, libc));
      gtk_window_destroy (GTK_WINDOW (window));
    }

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

int
main (int    argc,
      char **argv)
{
  const char *language = g_getenv ("LANGUAGE");

  gui_test_init (&argc, &argv);

  /* The Dutch run (test-statistics-page-nl) only takes the picture. */
  if (language != NULL && g_str_has_prefix (language, "nl"))
    {
      g_test_add ("/statistics-page/nl", Fixture, NULL, fixture_set_up, test_dutch, fixture_tear_down);
      return g_test_run ();
    }
  g_test_add ("/statistics-page/figures-and-charts", Fixture, NULL, fixture_set_up,
              test_figures_and_charts, fixture_tear_down);
  g_test_add ("/statistics-page/narrow", Fixture, NULL, fixture_set_up, test_narrow, fixture_tear_down);

  g_test_add ("/statistics-page/custom-typed", Fixture, NULL, fixture_set_up, test_custom_typed, fixture_tear_down);
  g_test_add ("/statistics-page/first-semester", Fixture, NULL, fixture_set_up, test_first_semester,
              fixture_tear_down);
  g_test_add ("/statistics-page/trajectory-domain", Fixture, NULL, fixture_set_up, test_trajectory_domain,
              fixture_tear_down);
  /* Last: it switches the catalogue's language, which the process keeps. */
  g_test_add ("/statistics-page/month-names", Fixture, NULL, fixture_set_up, test_month_names, fixture_tear_down);

  return g_test_run ();
}
