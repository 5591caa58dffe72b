/* bench-timeline.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The patient page as one timeline, at stress scale: a vault
 * of 10,000 patients and 200,000 sessions made by `sessio-cli dev
 * generate`, plus two patients of our own: one with 300 sessions, each
 * with a note of about 500 characters, and one with 100 sessions without
 * notes.  In this process, the very window the app shows opens each in
 * turn, from the call until the page is built and a frame painted; RUNS
 * times each (after one unmeasured opening of each), alternating so that
 * both see the same machine.  Prints the medians and their ratio as
 * "open_300_notes_vs_100_ratio: 1.23x": the page makes rows only for what
 * is on screen, so a long file should not open much slower.
 *
 * Usage (bench/meson.build runs it under dbus-run-session and xvfb-run):
 *   bench-timeline SESSIO-CLI
 *
 * SESSIO_BENCH_SCALE=0.1 scales the generated data down for a quick look.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sessio-paths.h"
#include "sessio-patient-view.h"
#include "sessio-patients-page.h"
#include "sessio-resources.h"
#include "sessio-timeline.h"
#include "sessio-vault.h"
#include "sessio-window.h"

#define PASSPHRASE "violet harbour 47 lantern drift"
#define RUNS 9

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *values,
        int     n)
{
  qsort (values, n, sizeof (double), compare_double);
  return values[n / 2];
}

static void
run_cli (const char *cli,
         const char *vault_dir,
         const char *pass_file,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  int status = 0;
  va_list ap;

  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, (char *) "--vault");
  g_ptr_array_add (argv, (char *) vault_dir);
  g_ptr_array_add (argv, (char *) "--passphrase-file");
  g_ptr_array_add (argv, (char *) pass_file);
  va_start (ap, pass_file);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("bench: %s %s: %s %s", cli, (char *) argv->pdata[5],
             error->message, err != NULL ? err : "");
}

/* A synthetic note of about 500 characters, a little different each
 * time (so that nothing is shared between labels). */
static char *
make_note (int n)
{
  static const char *const parts[] = {
    "Gesprek over de slaap en het werk; de patiënt slaapt sinds twee weken beter.",
    "Piekeren 's avonds minder, ademhalingsoefening dagelijks gedaan.",
    "Conflict met leidinggevende besproken, rollenspel rond grenzen stellen.",
    "Stemming wisselend, weekend positief ervaren, wandelen met een vriendin.",
    "Huiswerk: dagboek bijhouden, drie momenten per dag kort noteren.",
    "Terugval na slecht nieuws in de familie, copingplan overlopen.",
    "Doelen herbekeken: halftijds werken blijft haalbaar volgens de patiënt.",
  };
  GString *note = g_string_new (NULL);

  g_string_append_printf (note, "Sessie %d. ", n + 1);
  for (int i = 0; note->len < 500; i++)
    g_string_append_printf (note, "%s ", parts[(n + i) % G_N_ELEMENTS (parts)]);
  return g_string_free (note, FALSE);
}

/* One adult patient with one trajectory and @n weekly held sessions
 * (the first eight within the convention), with notes or without. */
static gint64
add_patient (SessioVault *vault,
             const char  *name,
             int          n,
             gboolean     notes)
{
  sqlite3 *db = sessio_vault_get_db (vault);
  sqlite3_stmt *stmt = NULL;
  gint64 patient, trajectory;
  GDate day;

  sqlite3_prepare_v2 (db,
                      "INSERT INTO patient (name, birth_date, sex, insurer, language, created_at)"
                      " VALUES (?, '1987-05-14', 'f', '116', 'nl', '2015-06-01')", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("bench: the patient was refused");
  sqlite3_finalize (stmt);
  patient = sqlite3_last_insert_rowid (db);

  sqlite3_prepare_v2 (db,
                      "INSERT INTO trajectory (patient_id, engagement_id, start_date, bilan_date, bilan_summary)"
                      " SELECT ?, id, '2019-01-01', '2019-01-01', 'Slaapproblemen en piekeren.'"
                      " FROM engagement WHERE network = 'adult' LIMIT 1",
                      -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, patient);
  if (sqlite3_step (stmt) != SQLITE_DONE || sqlite3_changes (db) != 1)
    g_error ("bench: the trajectory was refused");
  sqlite3_finalize (stmt);
  trajectory = sqlite3_last_insert_rowid (db);

  sqlite3_prepare_v2 (db,
                      "INSERT INTO session (engagement_id, trajectory_id, starts_at, care_type, setting,"
                      " location, status, outside_convention, copay, notes)"
                      " SELECT engagement_id, id, ?, ?, 'individual', 'practice', 'held', ?, 'cash', ?"
                      " FROM trajectory WHERE id = ?",
                      -1, &stmt, NULL);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 7, G_DATE_JANUARY, 2019);
  for (int i = 0; i < n; i++)
    {
      g_autofree char *note = notes ? make_note (i) : NULL;
      char when[32];

      g_snprintf (when, sizeof when, "%04d-%02d-%02dT10:00", g_date_get_year (&day),
                  g_date_get_month (&day), g_date_get_day (&day));
      sqlite3_bind_text (stmt, 1, when, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, i < 4 ? "support" : "treatment", -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, i >= 8);
      sqlite3_bind_text (stmt, 4, note, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 5, trajectory);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("bench: a session was refused");
      sqlite3_reset (stmt);
      g_date_add_days (&day, 7);
    }
  sqlite3_finalize (stmt);
  return patient;
}

/* ----------------------------------------------------------- in process */

static guint paints;

static void
after_paint (GdkFrameClock *clock,
             gpointer       data)
{
  paints++;
}

static void
window_realized (GtkWidget *widget,
                 gpointer   data)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint", G_CALLBACK (after_paint), NULL);
}

/* Until a frame was painted after now: what the user sees. */
static void
wait_painted (void)
{
  gint64 deadline = g_get_monotonic_time () + 600 * G_USEC_PER_SEC;
  guint before = paints;

  while (paints == before)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("bench: no frame was painted");
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
settle (double seconds)
{
  gint64 until = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static guint
sessions_listed (SessioPatientView *view)
{
  g_autoptr(GListModel) entries = sessio_patient_view_list_entries (view);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(SessioTimelineEntry) entry = g_list_model_get_item (entries, i);

      n += g_strcmp0 (sessio_timeline_entry_get_kind (entry), "session") == 0;
    }
  return n;
}

static double
open_patient (SessioPatientsPage *page,
              SessioPatientView  *view,
              gint64              id,
              guint               expected)
{
  double t = now (), elapsed;

  sessio_patients_page_open_patient (page, id);
  wait_painted ();
  elapsed = now () - t;
  if (sessio_patient_view_get_patient_id (view) != id || sessions_listed (view) != expected)
    g_error ("bench: the patient did not open whole");
  settle (0.2);
  return elapsed;
}

static gboolean
vault_closed (gpointer data)
{
  return !sessio_window_is_closing_vault (SESSIO_WINDOW (data));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) vault = NULL;
  g_autofree char *work = NULL;
  g_autofree char *vault_dir = NULL;
  g_autofree char *pass_file = NULL;
  g_autofree char *patients_arg = NULL;
  g_autofree char *sessions_arg = NULL;
  const char *scale_env = g_getenv ("SESSIO_BENCH_SCALE");
  double scale = scale_env != NULL ? g_ascii_strtod (scale_env, NULL) : 1.0;
  guint patients = (guint) (10000 * scale), sessions = (guint) (200000 * scale);
  double long_file[RUNS], short_file[RUNS], m_long, m_short, t;
  SessioWindow *window;
  SessioPatientsPage *page;
  SessioPatientView *view;
  gint64 with_notes, without_notes;

  if (!sessio_core_init (&error))
    g_error ("bench: %s", error->message);
  if (argc != 2)
    {
      g_printerr ("Usage: %s SESSIO-CLI\n", argv[0]);
      return 2;
    }

  work = g_build_filename (g_get_current_dir (), "bench-timeline-work", NULL);
  sessio_paths_remove_tree (work);
  if (g_mkdir_with_parents (work, 0700) != 0)
    g_error ("bench: cannot make %s", work);
  {
    g_autofree char *data = g_build_filename (work, "data", NULL);
    g_autofree char *state = g_build_filename (work, "state", NULL);

    g_setenv ("XDG_DATA_HOME", data, TRUE);
    g_setenv ("XDG_STATE_HOME", state, TRUE);
  }
  vault_dir = g_build_filename (work, "vault", NULL);
  pass_file = g_build_filename (work, "passphrase", NULL);
  if (!g_file_set_contents_full (pass_file, PASSPHRASE "\n", -1, G_FILE_SET_CONTENTS_NONE, 0600, &error))
    g_error ("bench: %s", error->message);

  printf ("patients: %u\nsessions: %u\n", patients, sessions);
  fflush (stdout);
  t = now ();
  patients_arg = g_strdup_printf ("%u", patients);
  sessions_arg = g_strdup_printf ("%u", sessions);
  run_cli (argv[1], vault_dir, pass_file, "vault", "init", NULL);
  run_cli (argv[1], vault_dir, pass_file, "dev", "generate", "--patients", patients_arg,
           "--sessions", sessions_arg, "--seed", "42", NULL);

  vault = sessio_vault_open (vault_dir, PASSPHRASE, &error);
  if (vault == NULL || !sessio_vault_begin (vault, &error))
    g_error ("bench: %s", error->message);
  with_notes = add_patient (vault, "Benchmark Driehonderd Notities", 300, TRUE);
  without_notes = add_patient (vault, "Benchmark Honderd Zonder", 100, FALSE);
  if (!sessio_vault_commit (vault, &error))
    g_error ("bench: %s", error->message);
  g_printerr ("bench: the vault was made in %.1f s\n", now () - t);

  gtk_init ();
  adw_init ();
  sessio_gui_ensure_resources ();

  window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
  g_signal_connect (window, "realize", G_CALLBACK (window_realized), NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  sessio_window_set_vault (window, vault);
  gtk_window_present (GTK_WINDOW (window));
  wait_painted ();
  settle (0.5);
  page = (gpointer) sessio_window_get_section (window, "patients");
  view = SESSIO_PATIENT_VIEW (gtk_widget_get_template_child (GTK_WIDGET (page), SESSIO_TYPE_PATIENTS_PAGE,
                                                             "patient_view"));

  /* Once each unmeasured: the first opening loads fonts and icons. */
  open_patient (page, view, without_notes, 100);
  open_patient (page, view, with_notes, 300);
  for (int i = 0; i < RUNS; i++)
    {
      short_file[i] = open_patient (page, view, without_notes, 100);
      long_file[i] = open_patient (page, view, with_notes, 300);
    }
  m_short = median (short_file, RUNS);
  m_long = median (long_file, RUNS);
  printf ("open_patient_100_sessions_no_notes_ms: %.1f\n", m_short * 1000);
  printf ("open_patient_300_sessions_500_char_notes_ms: %.1f\n", m_long * 1000);
  printf ("open_300_notes_vs_100_ratio: %.2fx\n", m_long / m_short);
  fflush (stdout);

  sessio_window_lock (window);
  while (!vault_closed (window))
    g_main_context_iteration (NULL, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  sessio_paths_remove_tree (work);
  return 0;
}
