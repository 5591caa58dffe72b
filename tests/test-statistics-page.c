/* test-statistics-page.c
 *
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
#include "sessio-demo.h"
#include "sessio-format.h"
#include "sessio-statistics-page.h"
#include "sessio-stats.h"
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
  gui_test_init (&argc, &argv);

  g_test_add ("/statistics-page/figures-and-charts", Fixture, NULL, fixture_set_up,
              test_figures_and_charts, fixture_tear_down);
  g_test_add ("/statistics-page/narrow", Fixture, NULL, fixture_set_up, test_narrow, fixture_tear_down);
  g_test_add ("/statistics-page/month-names", Fixture, NULL, fixture_set_up, test_month_names, fixture_tear_down);

  return g_test_run ();
}
