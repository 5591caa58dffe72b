/* bench-gui.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GUI at stress scale: a vault of 10,000 patients and
 * 200,000 sessions made by `sessio-cli dev generate`, plus one patient
 * with 100 sessions.  Prints one figure a line, "name: value", and the
 * start-up ratio against a minimal GTK 4 + libadwaita window measured in
 * the same run as "name: 1.23x".
 *
 * Usage (bench/meson.build runs it under dbus-run-session and xvfb-run):
 *   bench-gui SESSIO-CLI SESSIO MINIMAL-WINDOW
 *
 * 1. Start-up: the real `sessio` binary and bench/minimal-window, each
 *    started RUNS times in turn (after one unmeasured warm-up run each),
 *    from just before fork() to their first frame painted, which they
 *    report with SESSIO_BENCH_FIRST_FRAME=1 (app/gui/sessio-first-frame.c).
 *    The medians and their ratio; the peak RSS of each from wait4().
 *    `sessio` finds the stress vault (SESSIO_VAULT) and shows its unlock
 *    page: nothing is decrypted before the passphrase.
 * 2. In this process, the very window the app shows (the sessio-gui
 *    library): unlocking until the patient list holds every patient and a
 *    frame was painted (with the key derivation, as the user waits for
 *    it; the derivation alone and the rest are printed too), typing three
 *    letters in the search until the filter is done and painted, opening
 *    the patient with 100 sessions until the page is built and painted,
 *    and the peak RSS of the whole.
 *
 * SESSIO_BENCH_SCALE=0.1 scales the data down for a quick look.
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sessio-ident.h"
#include "sessio-keys.h"
#include "sessio-paths.h"
#include "sessio-patients-page.h"
#include "sessio-patient-view.h"
#include "sessio-resources.h"
#include "sessio-timeline.h"
#include "sessio-unlock-page.h"
#include "sessio-vault-header.h"
#include "sessio-vault.h"
#include "sessio-window.h"

#define PASSPHRASE "bench passphrase for the gui"
#define RUNS 21
#define HUNDRED_NAME "Benchmark Honderdsessies"
#define HUNDRED 100

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

static int
compare_long (const void *a,
              const void *b)
{
  long x = *(const long *) a, y = *(const long *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_double);
  return values[n / 2];
}

/* ------------------------------------------------------------- the data */

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

  /* The recovery key `vault init` prints goes nowhere. */
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("bench: %s %s: %s %s", cli, (char *) argv->pdata[5],
             error->message, err != NULL ? err : "");
}

/* `bench-gui --add-patient DIR`: in its own process, so that the memory
 * of opening the vault does not count in the peak RSS measured later.
 * One adult patient, one trajectory, 100 weekly sessions (the first eight
 * within the convention, the rest recorded as outside it). */
static int
add_patient_main (const char *vault_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) vault = sessio_vault_open (vault_dir, PASSPHRASE, &error);
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gint64 patient, trajectory;
  GDate birth, day;
  char insz[12];

  if (vault == NULL)
    g_error ("bench: %s", error->message);
  db = sessio_vault_get_db (vault);

  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, 14, G_DATE_MAY, 1987);
  /* A serial number no generated patient took. */
  for (int serial = 997; ; serial -= 2)
    {
      gboolean taken;

      g_assert_true (serial > 0 && sessio_insz_generate (&birth, FALSE, serial, insz));
      sqlite3_prepare_v2 (db, "SELECT 1 FROM patient WHERE insz = ?", -1, &stmt, NULL);
      sqlite3_bind_text (stmt, 1, insz, -1, SQLITE_TRANSIENT);
      taken = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_finalize (stmt);
      if (!taken)
        break;
    }

  if (!sessio_vault_begin (vault, &error))
    g_error ("bench: %s", error->message);
  sqlite3_prepare_v2 (db,
                      "INSERT INTO patient (name, birth_date, insz, sex, insurer, language, created_at)"
                      " VALUES (?, '1987-05-14', ?, 'f', '116', 'nl', '2024-06-01')", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, HUNDRED_NAME, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, insz, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("bench: the patient was refused");
  sqlite3_finalize (stmt);
  patient = sqlite3_last_insert_rowid (db);

  sqlite3_prepare_v2 (db,
                      "INSERT INTO trajectory (patient_id, engagement_id, start_date)"
                      " SELECT ?, id, '2023-08-01' FROM engagement WHERE network = 'adult' LIMIT 1",
                      -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, patient);
  if (sqlite3_step (stmt) != SQLITE_DONE || sqlite3_changes (db) != 1)
    g_error ("bench: the trajectory was refused");
  sqlite3_finalize (stmt);
  trajectory = sqlite3_last_insert_rowid (db);

  sqlite3_prepare_v2 (db,
                      "INSERT INTO session (engagement_id, trajectory_id, starts_at, care_type, setting,"
                      " location, status, outside_convention, copay, notes)"
                      " SELECT engagement_id, id, ?, ?, 'individual', 'practice', 'held', ?, 'cash',"
                      " 'Gesprek over slaap en concentratie.' FROM trajectory WHERE id = ?",
                      -1, &stmt, NULL);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 7, G_DATE_AUGUST, 2023);
  for (int i = 0; i < HUNDRED; i++)
    {
      char when[32];

      g_snprintf (when, sizeof when, "%04d-%02d-%02dT10:00", g_date_get_year (&day),
                  g_date_get_month (&day), g_date_get_day (&day));
      sqlite3_bind_text (stmt, 1, when, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, i < 4 ? "support" : "treatment", -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, i >= 8);
      sqlite3_bind_int64 (stmt, 4, trajectory);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("bench: a session was refused");
      sqlite3_reset (stmt);
      g_date_add_days (&day, 7);
    }
  sqlite3_finalize (stmt);
  if (!sessio_vault_commit (vault, &error) || !sessio_vault_close (vault, &error))
    g_error ("bench: %s", error->message);

  printf ("%" G_GINT64_FORMAT "\n", patient);
  return 0;
}

static gint64
add_patient (const char *vault_dir)
{
  const char *argv[] = { "/proc/self/exe", "--add-patient", vault_dir, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("bench: adding the patient: %s", error->message);
  return g_ascii_strtoll (out, NULL, 10);
}

/* ------------------------------------------------------------ start-up */

/* Starts @program and returns the seconds from just before fork() to the
 * first frame it reports; its peak RSS in *@rss_kib. */
static double
time_first_frame (const char *program,
                  long       *rss_kib)
{
  struct rusage usage;
  char buf[256];
  gsize len = 0;
  gint64 start, frame = 0;
  int fds[2], status = 0;
  pid_t pid;
  ssize_t n;
  char *line;

  if (!g_unix_open_pipe (fds, FD_CLOEXEC, NULL))
    g_error ("bench: no pipe");

  start = g_get_monotonic_time ();
  pid = fork ();
  if (pid < 0)
    g_error ("bench: fork: %s", g_strerror (errno));
  if (pid == 0)
    {
      dup2 (fds[1], STDOUT_FILENO);
      execl (program, program, NULL);
      _exit (127);
    }
  close (fds[1]);
  while (len < sizeof buf - 1 && (n = read (fds[0], buf + len, sizeof buf - 1 - len)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        break;
      len += n;
    }
  buf[len] = '\0';
  close (fds[0]);
  if (wait4 (pid, &status, 0, &usage) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("bench: %s did not exit cleanly (status %d)", program, status);

  line = strstr (buf, "first-frame: ");
  if (line != NULL)
    frame = g_ascii_strtoll (line + strlen ("first-frame: "), NULL, 10);
  if (frame <= start)
    g_error ("bench: %s reported no first frame", program);

  *rss_kib = usage.ru_maxrss;
  return (frame - start) / 1e6;
}

static void
bench_startup (const char *sessio,
               const char *minimal)
{
  double app[RUNS], base[RUNS];
  long app_rss[RUNS], base_rss[RUNS], rss;
  double m_app, m_base;

  g_setenv ("SESSIO_BENCH_FIRST_FRAME", "1", TRUE);
  /* Warm-up: the first start of anything reads its files from disk. */
  time_first_frame (sessio, &rss);
  time_first_frame (minimal, &rss);
  /* In turn, so that both see the same machine. */
  for (int i = 0; i < RUNS; i++)
    {
      base[i] = time_first_frame (minimal, &base_rss[i]);
      app[i] = time_first_frame (sessio, &app_rss[i]);
    }
  g_unsetenv ("SESSIO_BENCH_FIRST_FRAME");

  m_base = median (base, RUNS);
  m_app = median (app, RUNS);
  printf ("startup_minimal_window_ms: %.1f\n", m_base * 1000);
  printf ("startup_sessio_unlock_page_ms: %.1f\n", m_app * 1000);
  printf ("startup_ratio: %.2fx\n", m_app / m_base);
  qsort (app_rss, RUNS, sizeof (long), compare_long);
  qsort (base_rss, RUNS, sizeof (long), compare_long);
  printf ("startup_peak_rss_minimal_window_mib: %.1f\n", base_rss[RUNS / 2] / 1024.0);
  printf ("startup_peak_rss_sessio_mib: %.1f\n", app_rss[RUNS / 2] / 1024.0);
  fflush (stdout);
}

/* ----------------------------------------------------------- in process */

typedef struct
{
  SessioWindow        *window;
  SessioPatientsPage  *page;
  GtkListView         *list_view;
  SessioPatientView   *view;
  guint                paints;
  guint                expected;
} Gui;

static void
after_paint (GdkFrameClock *clock,
             Gui           *gui)
{
  gui->paints++;
}

static void
window_realized (GtkWidget *widget,
                 Gui       *gui)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                    G_CALLBACK (after_paint), gui);
}

static gpointer
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  if (object == NULL)
    g_error ("bench: no %s", name);
  return object;
}

/* Iterates the main loop until @done holds, then until a frame was
 * painted after that: what the user sees. */
static void
wait_until_painted (gboolean (*done) (Gui *),
                    Gui       *gui)
{
  gint64 deadline = g_get_monotonic_time () + 600 * G_USEC_PER_SEC;
  guint paints;

  while (!done (gui))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("bench: gave up waiting");
      g_main_context_iteration (NULL, TRUE);
    }
  paints = gui->paints;
  while (gui->paints == paints)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("bench: no frame was painted");
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
painted_once (Gui *gui)
{
  return gui->paints > 0;
}

static guint
list_items (Gui *gui)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (gui->list_view));

  return model != NULL ? g_list_model_get_n_items (model) : 0;
}

static gboolean
list_full (Gui *gui)
{
  return list_items (gui) == gui->expected;
}

static gboolean
filter_done (Gui *gui)
{
  GtkFilterListModel *shown = GTK_FILTER_LIST_MODEL (sessio_patients_page_get_shown (gui->page));

  return gtk_filter_list_model_get_pending (shown) == 0;
}

static gboolean
always (Gui *gui)
{
  return TRUE;
}

/* Every session of the patient is listed in the timeline (a list view:
 * their rows are made as they come on screen, see sessio-patient-view.c). */
static gboolean
all_rows_built (Gui *gui)
{
  g_autoptr(GListModel) entries = sessio_patient_view_list_entries (gui->view);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(SessioTimelineEntry) entry = g_list_model_get_item (entries, i);

      n += g_strcmp0 (sessio_timeline_entry_get_kind (entry), "session") == 0;
    }
  return n >= HUNDRED;
}

/* Lets the main loop run for @seconds: pending timeouts (the search
 * entry's typing delay) and idles settle between measurements. */
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

static gboolean
vault_closed (gpointer data)
{
  return !sessio_window_is_closing_vault (SESSIO_WINDOW (data));
}

static void
bench_in_process (const char *vault_dir,
                  guint       patients,
                  gint64      hundred)
{
  Gui gui = { 0 };
  SessioUnlockPage *unlock_page;
  const char *letters[] = { "m", "ma", "mar" };
  double t, unlock_s, filter_s = 0, open_build_s, open_s, open_all_s, kdf_s = G_MAXDOUBLE;
  SessioVaultHeader header;
  g_autofree char *snapshot = NULL;
  g_autofree guint8 *head = NULL;
  g_autoptr(GError) error = NULL;
  struct rusage usage;
  gsize head_len = 0;

  gui.window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
  gui.page = (gpointer) sessio_window_get_section (gui.window, "patients");
  gui.list_view = child (gui.page, SESSIO_TYPE_PATIENTS_PAGE, "list_view");
  gui.expected = patients;
  g_signal_connect (gui.window, "realize", G_CALLBACK (window_realized), &gui);
  g_assert_cmpstr (sessio_window_get_page (gui.window), ==, "unlock");
  gtk_window_present (GTK_WINDOW (gui.window));
  wait_until_painted (painted_once, &gui);
  settle (0.5);

  /* Unlock: the passphrase typed, Unlock pressed; the key derivation
   * runs in a worker as in the app. */
  unlock_page = child (gui.window, SESSIO_TYPE_WINDOW, "unlock_page");
  gtk_editable_set_text (GTK_EDITABLE (child (unlock_page, SESSIO_TYPE_UNLOCK_PAGE, "passphrase_row")),
                         PASSPHRASE);
  t = now ();
  if (!gtk_widget_activate_action (GTK_WIDGET (unlock_page), "unlock.unlock", NULL))
    g_error ("bench: unlock is not possible");
  wait_until_painted (list_full, &gui);
  unlock_s = now () - t;
  settle (0.5);

  /* Three letters typed one by one, each filtered and painted. */
  for (guint i = 0; i < G_N_ELEMENTS (letters); i++)
    {
      t = now ();
      sessio_patients_page_set_search (gui.page, letters[i]);
      wait_until_painted (filter_done, &gui);
      filter_s += now () - t;
    }
  printf ("filter_matches: %u\n", list_items (&gui));
  /* The entry's own typing delay fires after the last letter. */
  settle (0.5);

  /* The patient with 100 sessions: the first frame showing them, then
   * every row in place and painted. */
  gui.view = child (gui.page, SESSIO_TYPE_PATIENTS_PAGE, "patient_view");
  t = now ();
  sessio_patients_page_open_patient (gui.page, hundred);
  open_build_s = now () - t;
  wait_until_painted (always, &gui);
  open_s = now () - t;
  if (sessio_patient_view_get_patient_id (gui.view) != hundred)
    g_error ("bench: the patient did not open");
  wait_until_painted (all_rows_built, &gui);
  open_all_s = now () - t;

  /* The key derivation alone, with the vault's own (calibrated) parameters. */
  snapshot = g_build_filename (vault_dir, "vault.sessio", NULL);
  if (!g_file_get_contents (snapshot, (char **) &head, &head_len, &error) ||
      !sessio_vault_header_parse (head, head_len, &header, &error))
    g_error ("bench: %s", error->message);
  for (int i = 0; i < 3; i++)
    {
      guint8 *key;

      t = now ();
      key = sessio_key_derive_passphrase (PASSPHRASE, header.salt, &header.kdf, &error);
      kdf_s = MIN (kdf_s, now () - t);
      sessio_key_free (key);
    }

  getrusage (RUSAGE_SELF, &usage);

  printf ("kdf_ms: %.1f\n", kdf_s * 1000);
  printf ("kdf_memory_mib: %.0f\n", header.kdf.memlimit / (1024.0 * 1024.0));
  printf ("unlock_to_list_shown_ms: %.1f\n", unlock_s * 1000);
  printf ("unlock_to_list_shown_excluding_kdf_ms: %.1f\n", (unlock_s - kdf_s) * 1000);
  printf ("filter_3_letters_ms: %.1f\n", filter_s * 1000);
  printf ("open_patient_100_sessions_built_ms: %.1f\n", open_build_s * 1000);
  printf ("open_patient_100_sessions_shown_ms: %.1f\n", open_s * 1000);
  printf ("open_patient_100_sessions_all_rows_shown_ms: %.1f\n", open_all_s * 1000);
  printf ("peak_rss_mib: %.1f\n", usage.ru_maxrss / 1024.0);
  fflush (stdout);

  sessio_window_lock (gui.window);
  while (!vault_closed (gui.window))
    g_main_context_iteration (NULL, TRUE);
  gtk_window_destroy (GTK_WINDOW (gui.window));
  g_object_unref (gui.window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *work = NULL;
  g_autofree char *vault_dir = NULL;
  g_autofree char *pass_file = NULL;
  g_autofree char *patients_arg = NULL;
  g_autofree char *sessions_arg = NULL;
  const char *scale_env = g_getenv ("SESSIO_BENCH_SCALE");
  double scale = scale_env != NULL ? g_ascii_strtod (scale_env, NULL) : 1.0;
  guint patients = (guint) (10000 * scale), sessions = (guint) (200000 * scale);
  gint64 hundred;
  double t;

  if (!sessio_core_init (&error))
    g_error ("bench: %s", error->message);

  if (argc == 3 && strcmp (argv[1], "--add-patient") == 0)
    return add_patient_main (argv[2]);
  if (argc != 4)
    {
      g_printerr ("Usage: %s SESSIO-CLI SESSIO MINIMAL-WINDOW\n", argv[0]);
      return 2;
    }

  /* On disk next to the build, like a real vault; private XDG folders so
   * that nothing of the user's is seen or touched. */
  work = g_build_filename (g_get_current_dir (), "bench-gui-work", NULL);
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
  /* The app's default vault, for this process and for `sessio`. */
  g_setenv ("SESSIO_VAULT", vault_dir, TRUE);
  pass_file = g_build_filename (work, "passphrase", NULL);
  if (!g_file_set_contents_full (pass_file, PASSPHRASE "\n", -1, G_FILE_SET_CONTENTS_NONE, 0600, &error))
    g_error ("bench: %s", error->message);

  printf ("patients: %u\nsessions: %u\n", patients, sessions);
  fflush (stdout);

  /* The KDF calibrated as for a user (`vault init` does it). */
  t = now ();
  patients_arg = g_strdup_printf ("%u", patients);
  sessions_arg = g_strdup_printf ("%u", sessions);
  run_cli (argv[1], vault_dir, pass_file, "vault", "init", NULL);
  run_cli (argv[1], vault_dir, pass_file, "dev", "generate", "--patients", patients_arg,
           "--sessions", sessions_arg, "--seed", "42", NULL);
  hundred = add_patient (vault_dir);
  g_printerr ("bench: the vault was made in %.1f s\n", now () - t);

  bench_startup (argv[2], argv[3]);

  gtk_init ();
  adw_init ();
  sessio_gui_ensure_resources ();
  bench_in_process (vault_dir, patients + 1, hundred);

  sessio_paths_remove_tree (work);
  return 0;
}
