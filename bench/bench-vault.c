/* bench-vault.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The vault against plain SQLite on disk (WAL, synchronous=FULL, the same
 * schema and the same synthetic data, in the same run), at stress scale:
 * 10,000 patients and 200,000 sessions.  Prints "name: value" lines and
 * ratios (vault / SQLite) as "name: 1.23x".
 *
 * SESSIO_BENCH_SCALE=0.1 scales the data down for a quick look.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "sessio-core.h"
#include "sessio-paths.h"
#include "sessio-devdata.h"
#include "sessio-keys.h"
#include "sessio-schema.h"
#include "sessio-vault.h"

#define PASSPHRASE "bench passphrase"
#define COMMITS 1000

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), (int (*) (const void *, const void *)) compare_double);
  return values[n / 2];
}

static void
check_sql (sqlite3    *db,
           const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("bench: %s", message);
}

static gboolean
plain_txn (gpointer          user_data,
           SessioDevdataTxn  what,
           GError          **error)
{
  sqlite3 *db = user_data;

  check_sql (db, what == SESSIO_DEVDATA_BEGIN ? "BEGIN" :
                 what == SESSIO_DEVDATA_COMMIT ? "COMMIT" : "ROLLBACK");
  return TRUE;
}

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

static void
insert_session (sqlite3 *db,
                gint64   id)
{
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (db,
                      "INSERT INTO session (id, engagement_id, trajectory_id, starts_at, care_type, setting,"
                      " location, context, status, notes) VALUES (?, 2, 2, '2025-06-30T10:00', 'support',"
                      " 'individual', 'practice', 'own', 'held',"
                      " 'Gesprek over slaap en concentratie. Oefeningen rond ademhaling en ontspanning besproken.')",
                      -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("bench: insert failed");
  sqlite3_finalize (stmt);
}

/* The limit check of every patient (the billable individual sessions of
 * each trajectory and care type in the 12 months before a date), then the
 * monthly totals per engagement. */
static double
run_reads (sqlite3 *db)
{
  sqlite3_stmt *trajectories = NULL, *limit = NULL, *monthly = NULL;
  double start = now ();
  gint64 checksum = 0;

  sqlite3_prepare_v2 (db, "SELECT id FROM trajectory", -1, &trajectories, NULL);
  sqlite3_prepare_v2 (db,
                      "SELECT care_type, count(*) FROM session"
                      " WHERE trajectory_id = ? AND starts_at > '2024-06-30' AND starts_at <= '2025-06-30T99'"
                      "   AND status = 'held' AND setting = 'individual' AND outside_convention = 0"
                      " GROUP BY care_type", -1, &limit, NULL);
  sqlite3_prepare_v2 (db,
                      "SELECT substr(starts_at, 1, 7) AS month, engagement_id, count(*), sum(duration_min)"
                      " FROM session WHERE status = 'held' GROUP BY month, engagement_id", -1, &monthly, NULL);

  while (sqlite3_step (trajectories) == SQLITE_ROW)
    {
      sqlite3_bind_int64 (limit, 1, sqlite3_column_int64 (trajectories, 0));
      while (sqlite3_step (limit) == SQLITE_ROW)
        checksum += sqlite3_column_int64 (limit, 1);
      sqlite3_reset (limit);
    }
  while (sqlite3_step (monthly) == SQLITE_ROW)
    checksum += sqlite3_column_int64 (monthly, 2);

  sqlite3_finalize (trajectories);
  sqlite3_finalize (limit);
  sqlite3_finalize (monthly);
  if (checksum == 0)
    g_error ("bench: the reads found nothing");
  return now () - start;
}

static gint64
dir_size (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  gint64 total = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf st;

      if (g_stat (child, &st) == 0)
        total += st.st_size;
    }
  return total;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *work = NULL;
  g_autofree char *vault_dir = NULL;
  g_autofree char *plain_dir = NULL;
  g_autofree char *plain_path = NULL;
  g_autofree char *state = NULL;
  const char *scale_env = g_getenv ("SESSIO_BENCH_SCALE");
  double scale = scale_env != NULL ? g_ascii_strtod (scale_env, NULL) : 1.0;
  SessioDevdataOptions options = { (guint) (10000 * scale), (guint) (200000 * scale), 42, 400 };
  SessioVaultKdf kdf;
  SessioVault *vault;
  sqlite3 *plain = NULL;
  char *recovery = NULL;
  double t, bulk_vault, bulk_plain, read_vault, read_plain, fold_time, kdf_time, open_time;
  double commit_vault[COMMITS], commit_plain[COMMITS], unlock[5], kdfs[5];
  gint64 size_vault, size_plain;
  struct rusage usage;
  guint8 salt[SESSIO_SALT_BYTES] = { 0 };

  if (!sessio_core_init (&error))
    return 1;

  /* On disk, next to the build: the point is to measure real fsyncs, and
   * /tmp may be a tmpfs. */
  work = g_build_filename (g_get_current_dir (), "bench-vault-work", NULL);
  sessio_paths_remove_tree (work);
  g_mkdir_with_parents (work, 0700);
  state = g_build_filename (work, "state", NULL);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  vault_dir = g_build_filename (work, "vault", NULL);
  plain_dir = g_build_filename (work, "plain", NULL);
  g_mkdir_with_parents (plain_dir, 0700);
  plain_path = g_build_filename (plain_dir, "sessio.db", NULL);

  printf ("patients: %u\nsessions: %u\n", options.patients, options.sessions);

  sessio_vault_kdf_floor (&kdf);
  vault = sessio_vault_create (vault_dir, PASSPHRASE, &kdf, &recovery, &error);
  g_assert_no_error (error);
  sessio_key_free_text (recovery);

  sqlite3_open (plain_path, &plain);
  check_sql (plain, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
  if (!sessio_schema_migrate (plain, NULL, &error))
    g_error ("bench: %s", error->message);

  /* Bulk load in 400 transactions. */
  t = now ();
  if (!sessio_devdata_generate (plain, &options, plain_txn, plain, &error))
    g_error ("bench: %s", error->message);
  bulk_plain = now () - t;

  t = now ();
  if (!sessio_devdata_generate (sessio_vault_get_db (vault), &options, vault_txn, vault, &error))
    g_error ("bench: %s", error->message);
  bulk_vault = now () - t;

  printf ("bulk_load_sqlite_s: %.3f\nbulk_load_vault_s: %.3f\nbulk_load_ratio: %.2fx\n",
          bulk_plain, bulk_vault, bulk_vault / bulk_plain);

  /* Durable single-session commits, interleaved so both see the same
   * disk conditions. */
  for (int i = 0; i < COMMITS; i++)
    {
      gint64 id = 10000000 + i;

      t = now ();
      check_sql (plain, "BEGIN");
      insert_session (plain, id);
      check_sql (plain, "COMMIT");
      commit_plain[i] = now () - t;

      t = now ();
      if (!sessio_vault_begin (vault, &error))
        g_error ("bench: %s", error->message);
      insert_session (sessio_vault_get_db (vault), id);
      if (!sessio_vault_commit (vault, &error))
        g_error ("bench: %s", error->message);
      commit_vault[i] = now () - t;
    }
  {
    double mp = median (commit_plain, COMMITS), mv = median (commit_vault, COMMITS);

    printf ("commit_median_sqlite_ms: %.3f\ncommit_median_vault_ms: %.3f\ncommit_median_ratio: %.2fx\n",
            mp * 1000, mv * 1000, mv / mp);
  }

  /* Reads: warm both caches once, then measure. */
  run_reads (plain);
  run_reads (sessio_vault_get_db (vault));
  read_plain = run_reads (plain);
  read_vault = run_reads (sessio_vault_get_db (vault));
  printf ("reads_sqlite_ms: %.1f\nreads_vault_ms: %.1f\nreads_ratio: %.2fx\n",
          read_plain * 1000, read_vault * 1000, read_vault / read_plain);

  /* Folding at full size. */
  t = now ();
  if (!sessio_vault_fold (vault, &error))
    g_error ("bench: %s", error->message);
  fold_time = now () - t;
  printf ("fold_s: %.3f\n", fold_time);

  /* At rest: the vault closed (one snapshot, an empty journal), SQLite
   * closed (its WAL checkpointed into the database). */
  g_assert_true (sessio_vault_close (vault, &error));
  g_object_unref (vault);
  sqlite3_close (plain);
  size_vault = dir_size (vault_dir);
  size_plain = dir_size (plain_dir);
  printf ("size_sqlite_bytes: %" G_GINT64_FORMAT "\nsize_vault_bytes: %" G_GINT64_FORMAT "\nsize_ratio: %.2fx\n",
          size_plain, size_vault, (double) size_vault / (double) size_plain);

  /* Unlock: the whole open minus the KDF alone.  Minimums of five: the
   * machine may be shared, and the minimum is the figure least disturbed
   * by other work. */
  for (int i = 0; i < 5; i++)
    {
      guint8 *key;

      t = now ();
      key = sessio_key_derive_passphrase (PASSPHRASE, salt, &kdf, &error);
      kdfs[i] = now () - t;
      sessio_key_free (key);

      t = now ();
      vault = sessio_vault_open (vault_dir, PASSPHRASE, &error);
      g_assert_no_error (error);
      unlock[i] = now () - t;
      /* Closing without changes does not fold. */
      g_object_unref (vault);
    }
  qsort (kdfs, 5, sizeof (double), (int (*) (const void *, const void *)) compare_double);
  qsort (unlock, 5, sizeof (double), (int (*) (const void *, const void *)) compare_double);
  kdf_time = kdfs[0];
  open_time = unlock[0];
  printf ("kdf_floor_ms: %.1f\nunlock_total_ms: %.1f\nunlock_excluding_kdf_ms: %.1f\n",
          kdf_time * 1000, open_time * 1000, (open_time - kdf_time) * 1000);

  getrusage (RUSAGE_SELF, &usage);
  printf ("peak_rss_mib: %.1f\n", usage.ru_maxrss / 1024.0);

  sessio_paths_remove_tree (work);
  return 0;
}
