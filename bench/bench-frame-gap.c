/* bench-frame-gap.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How long the window stops answering while the busiest month's invoice
 * is exported, at stress scale: a vault of 10,000 patients and 200,000
 * sessions made by `sessio-cli dev generate` (as bench-gui and
 * bench-timeline make it).  In this process, the very window the app
 * shows opens the Invoices section; the engagement and month with the
 * most held sessions are chosen there, the invoice is drafted with the
 * page's own action, issued through its confirmation and exported as
 * PDF, CSV and JSON by the code the file chooser's answer runs.
 *
 * The main loop's responsiveness is measured by a high-priority timeout
 * that should fire every TICK_MS: the longest delay between two of its
 * runs is the longest time the window could not react to input or paint
 * a frame.  The same is measured while idle, for as long as the export
 * took, as the floor of this machine.  Prints "name: value" lines: the
 * idle and export longest gaps, the export's total time, drafting's gap
 * (drafting writes to the vault and stays on the main thread) and the
 * ratio of the export gap to the idle gap.  Medians of RUNS.
 *
 * Usage (bench/meson.build runs it under dbus-run-session and xvfb-run):
 *   bench-frame-gap SESSIO-CLI
 *
 * SESSIO_BENCH_SCALE=0.1 scales the generated data down for a quick look.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sessio-invoice-dialog.h"
#include "sessio-invoices-page.h"
#include "sessio-paths.h"
#include "sessio-resources.h"
#include "sessio-vault.h"
#include "sessio-window.h"

#define PASSPHRASE "violet harbour 47 lantern drift"
#define RUNS 3
#define TICK_MS 5

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

/* ------------------------------------------------------------ the gap */

static gint64 last_tick;
static gint64 max_gap;

static gboolean
tick (gpointer data)
{
  gint64 t = g_get_monotonic_time ();

  if (last_tick > 0 && t - last_tick > max_gap)
    max_gap = t - last_tick;
  last_tick = t;
  return G_SOURCE_CONTINUE;
}

static void
gap_start (void)
{
  last_tick = g_get_monotonic_time ();
  max_gap = 0;
}

/* The gap up to now, counting the time since the last tick. */
static double
gap_end (void)
{
  tick (NULL);
  return max_gap / 1000.0;
}

static void
settle (double seconds)
{
  gint64 until = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
}

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* ----------------------------------------------------------- exporting */

typedef struct
{
  gboolean  done;
  GError   *error;
} Export;

static void
exported (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Export *export = data;

  sessio_invoice_dialog_export_finish (SESSIO_INVOICE_DIALOG (source), result, NULL, &export->error);
  export->done = TRUE;
}

/* As the file chooser's answer starts it; until the files are there. */
static double
export_once (SessioInvoiceDialog *dialog,
             const char          *folder)
{
  Export export = { FALSE, NULL };
  double t = now ();

  sessio_invoice_dialog_export_async (dialog, folder, exported, &export);
  while (!export.done)
    g_main_context_iteration (NULL, TRUE);
  if (export.error != NULL)
    g_error ("bench: %s", export.error->message);
  return now () - t;
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
  g_autoptr(GPtrArray) engagements = NULL;
  g_autofree char *work = NULL;
  g_autofree char *vault_dir = NULL;
  g_autofree char *pass_file = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *patients_arg = NULL;
  g_autofree char *sessions_arg = NULL;
  const char *scale_env = g_getenv ("SESSIO_BENCH_SCALE");
  double scale = scale_env != NULL ? g_ascii_strtod (scale_env, NULL) : 1.0;
  guint patients = (guint) (10000 * scale), sessions = (guint) (200000 * scale);
  double idle_gap[RUNS], export_gap[RUNS], export_total[RUNS], draft_gap, t, m_idle, m_export;
  char month[8] = "";
  gint64 engagement = 0;
  int month_sessions = 0;
  guint engagement_index = 0;
  SessioWindow *window;
  SessioInvoicesPage *page;
  SessioInvoiceDialog *dialog;
  AdwMessageDialog *ask;
  sqlite3_stmt *stmt;

  if (!sessio_core_init (&error))
    g_error ("bench: %s", error->message);
  if (argc != 2)
    {
      g_printerr ("Usage: %s SESSIO-CLI\n", argv[0]);
      return 2;
    }

  work = g_build_filename (g_get_current_dir (), "bench-frame-gap-work", NULL);
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
  out_dir = g_build_filename (work, "export", NULL);
  if (g_mkdir_with_parents (out_dir, 0700) != 0)
    g_error ("bench: cannot make %s", out_dir);
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
  if (vault == NULL)
    g_error ("bench: %s", error->message);
  g_printerr ("bench: the vault was made in %.1f s\n", now () - t);

  /* The busiest engagement and month, as bench-invoices finds them. */
  if (sqlite3_prepare_v2 (sessio_vault_get_db (vault),
                          "SELECT engagement_id, substr (starts_at, 1, 7), count (*) FROM session"
                          " WHERE status = 'held' GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK || sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("bench: no held session");
  engagement = sqlite3_column_int64 (stmt, 0);
  g_strlcpy (month, (const char *) sqlite3_column_text (stmt, 1), sizeof month);
  month_sessions = sqlite3_column_int (stmt, 2);
  sqlite3_finalize (stmt);
  printf ("month: %s\nmonth_held_sessions: %d\n", month, month_sessions);
  fflush (stdout);

  gtk_init ();
  adw_init ();
  sessio_gui_ensure_resources ();

  window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  sessio_window_set_vault (window, vault);
  gtk_window_present (GTK_WINDOW (window));
  if (!gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "invoices"))
    g_error ("bench: no Invoices section");
  page = SESSIO_INVOICES_PAGE (sessio_window_get_section (window, "invoices"));

  /* The engagement's place in the page's list: the same order. */
  engagements = sessio_patient_store_list_engagements (sessio_window_get_store (window), NULL);
  for (guint i = 0; engagements != NULL && i < engagements->len; i++)
    if (((SessioEngagement *) g_ptr_array_index (engagements, i))->id == engagement)
      engagement_index = i;
  adw_combo_row_set_selected (ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                            SESSIO_TYPE_INVOICES_PAGE,
                                                                            "engagement_row")),
                              engagement_index);
  sessio_invoices_page_set_month (page, month);
  g_timeout_add_full (G_PRIORITY_HIGH, TICK_MS, tick, NULL, NULL);
  settle (1.0);

  /* Drafting: the page's button. */
  gap_start ();
  if (!gtk_widget_activate_action (GTK_WIDGET (page), "invoices.draft", NULL))
    g_error ("bench: the draft action is disabled");
  while ((dialog = find_toplevel (SESSIO_TYPE_INVOICE_DIALOG)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  draft_gap = gap_end ();
  settle (0.5);

  /* Issuing, through its confirmation. */
  if (!gtk_widget_activate_action (GTK_WIDGET (dialog), "invoice.issue", NULL) ||
      (ask = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) == NULL)
    g_error ("bench: the invoice cannot be issued");
  adw_message_dialog_response (ask, "yes");
  gtk_window_destroy (GTK_WINDOW (ask));
  settle (0.5);

  /* Once unmeasured: the first PDF loads the fonts. */
  export_once (dialog, out_dir);
  settle (0.5);
  for (int i = 0; i < RUNS; i++)
    {
      gap_start ();
      export_total[i] = export_once (dialog, out_dir);
      export_gap[i] = gap_end ();
      settle (0.3);

      /* As long, idle: what this machine's main loop does anyway. */
      gap_start ();
      settle (MAX (export_total[i], 1.0));
      idle_gap[i] = gap_end ();
    }

  m_idle = median (idle_gap, RUNS);
  m_export = median (export_gap, RUNS);
  printf ("draft_max_gap_ms: %.1f\n", draft_gap);
  printf ("idle_max_gap_ms: %.1f\n", m_idle);
  printf ("export_max_gap_ms: %.1f\n", m_export);
  printf ("export_total_ms: %.1f\n", median (export_total, RUNS) * 1000);
  printf ("export_gap_vs_idle_ratio: %.2fx\n", m_export / MAX (m_idle, 0.001));
  fflush (stdout);

  gtk_window_destroy (GTK_WINDOW (dialog));
  sessio_window_lock (window);
  while (!vault_closed (window))
    g_main_context_iteration (NULL, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  sessio_paths_remove_tree (work);
  return 0;
}
