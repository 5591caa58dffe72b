/* bench-stats.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The statistics report of a school year at growing scale:
 * synthetic data (`sessio_devdata_generate()`, 20 sessions a patient,
 * fixed seed) in a real vault created in a temporary folder with the
 * floor KDF, then the whole report of school year 2024-2025 (the busiest
 * of the generated data), every section included, suppressed and turned
 * into JSON.  The baseline, measured in the same run on the same unlocked
 * vault, is reading that period's sessions (every column, with the group
 * participants) and the patients who attended them (every column, with
 * their problems): what any report of the period must read.
 *
 * Sizes: 1,000, 10,000 and 30,000 patients, or those of
 * SESSIO_BENCH_STATS_SIZES ("1000,10000").  One figure a line:
 * "name: value" and "name: 1.23x".  Best of ROUNDS.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "sessio-core.h"
#include "sessio-devdata.h"
#include "sessio-keys.h"
#include "sessio-paths.h"
#include "sessio-patient-store.h"
#include "sessio-stats.h"
#include "sessio-stats-report.h"
#include "sessio-vault.h"

#define SEED         42
#define ROUNDS       3
#define PASSPHRASE   "violet harbour 47 lantern drift"
#define FROM         "2024-09-01"
#define TO           "2025-08-31"

static gboolean
vault_txn (gpointer          user_data,
           SessioDevdataTxn  what,
           GError          **error)
{
  SessioVault *vault = user_data;

  if (what == SESSIO_DEVDATA_BEGIN)
    return sessio_vault_begin (vault, error);
  if (what == SESSIO_DEVDATA_COMMIT)
    return sessio_vault_commit (vault, error);
  sessio_vault_rollback (vault);
  return TRUE;
}

/* Steps through a query, touching every column so that nothing is left
 * unread; returns the rows. */
static gint64
read_all (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt;
  gint64 rows = 0, bytes = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, FROM, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, TO, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          sqlite3_column_text (stmt, c);
          bytes += sqlite3_column_bytes (stmt, c);
        }
      rows++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (bytes, >, 0);
  return rows;
}

/* The baseline: the period's sessions and their participants, and the
 * patients who attended them with their problems. */
static gint64
read_period (sqlite3 *db)
{
  gint64 rows = 0;

  rows += read_all (db, "SELECT s.* FROM session s WHERE substr (s.starts_at, 1, 10) BETWEEN ?1 AND ?2");
  rows += read_all (db, "SELECT g.* FROM group_participant g JOIN session s ON s.id = g.session_id"
                        " WHERE substr (s.starts_at, 1, 10) BETWEEN ?1 AND ?2");
  rows += read_all (db, "WITH seen (pid) AS ("
                        "  SELECT t.patient_id FROM session s JOIN trajectory t ON t.id = s.trajectory_id"
                        "  WHERE substr (s.starts_at, 1, 10) BETWEEN ?1 AND ?2"
                        "  UNION SELECT t.patient_id FROM group_participant g JOIN session s ON s.id = g.session_id"
                        "  JOIN trajectory t ON t.id = g.trajectory_id"
                        "  WHERE substr (s.starts_at, 1, 10) BETWEEN ?1 AND ?2)"
                        " SELECT p.*, (SELECT group_concat (q.category) FROM patient_problem q"
                        "               WHERE q.patient_id = p.id)"
                        " FROM patient p JOIN seen ON seen.pid = p.id");
  return rows;
}

static gint64
report (SessioPatientStore *store,
        const GDate        *from,
        const GDate        *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioStats) stats = sessio_stats_compute (store, from, to, 0, &error);
  g_autoptr(SessioStatsReport) published = NULL;
  g_autoptr(JsonNode) json = NULL;

  g_assert_no_error (error);
  published = sessio_stats_report_new (stats, SESSIO_STATS_DEFAULT_THRESHOLD);
  json = sessio_stats_report_to_json (published);
  g_assert_nonnull (sessio_stats_report_find_section (published, "clb"));
  return sessio_stats_get (stats, "sessions");
}

static void
run_size (guint patients)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) vault = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autofree char *dir = NULL, *vault_dir = NULL;
  SessioDevdataOptions options = { patients, patients * 20, SEED, 50, 0 };
  SessioVaultKdf kdf;
  char *recovery = NULL;
  gint64 t0, best_read = G_MAXINT64, best_report = G_MAXINT64, rows = 0, sessions = 0;
  GDate from, to;

  dir = g_dir_make_tmp ("sessio-bench-stats-XXXXXX", &error);
  g_assert_no_error (error);
  vault_dir = g_build_filename (dir, "vault", NULL);
  sessio_vault_kdf_floor (&kdf);
  vault = sessio_vault_create (vault_dir, PASSPHRASE, &kdf, &recovery, &error);
  g_assert_no_error (error);
  sessio_key_free_text (recovery);
  t0 = g_get_monotonic_time ();
  if (!sessio_devdata_generate (sessio_vault_get_db (vault), &options, vault_txn, vault, &error))
    g_error ("bench: %s", error->message);
  printf ("p%u_generate_s: %.1f\n", patients, (g_get_monotonic_time () - t0) / 1e6);

  /* The report runs on a freshly unlocked vault, as the CLI's does. */
  g_assert_true (sessio_vault_close (vault, &error));
  g_assert_no_error (error);
  g_clear_object (&vault);
  vault = sessio_vault_open (vault_dir, PASSPHRASE, &error);
  g_assert_no_error (error);
  store = sessio_patient_store_new (vault, NULL);
  g_assert_true (sessio_date_parse_iso (FROM, &from));
  g_assert_true (sessio_date_parse_iso (TO, &to));

  /* In turns, so that both meet the same load on a shared machine. */
  for (guint round = 0; round < ROUNDS; round++)
    {
      t0 = g_get_monotonic_time ();
      rows = read_period (sessio_vault_get_db (vault));
      best_read = MIN (best_read, g_get_monotonic_time () - t0);

      t0 = g_get_monotonic_time ();
      sessions = report (store, &from, &to);
      best_report = MIN (best_report, g_get_monotonic_time () - t0);
    }

  printf ("p%u_period_sessions_held: %" G_GINT64_FORMAT "\n", patients, sessions);
  printf ("p%u_period_rows_read: %" G_GINT64_FORMAT "\n", patients, rows);
  printf ("p%u_read_period_ms: %.1f\n", patients, best_read / 1000.0);
  printf ("p%u_report_ms: %.1f\n", patients, best_report / 1000.0);
  printf ("p%u_report_us_per_patient: %.1f\n", patients, (double) best_report / patients);
  printf ("p%u_report_vs_read: %.2fx\n", patients, (double) best_report / best_read);

  g_clear_object (&store);
  sessio_vault_close (vault, NULL);
  g_clear_object (&vault);
  sessio_paths_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  const char *sizes_text = g_getenv ("SESSIO_BENCH_STATS_SIZES");
  g_auto(GStrv) sizes = g_strsplit (sizes_text != NULL ? sizes_text : "1000,10000,30000", ",", -1);
  g_autofree char *state = NULL;

  if (!sessio_core_init (&error))
    g_error ("%s", error->message);
  state = g_dir_make_tmp ("sessio-bench-stats-state-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_STATE_HOME", state, TRUE);

  for (guint i = 0; sizes[i] != NULL; i++)
    {
      guint64 n = g_ascii_strtoull (sizes[i], NULL, 10);

      if (n == 0 || n > 1000000)
        g_error ("bench: bad size %s", sizes[i]);
      run_size ((guint) n);
    }
  sessio_paths_remove_tree (state);
  return 0;
}
