/* bench-invoices.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Invoices at a busy month's scale: synthetic data
 * (`sessio_devdata_generate()`, fixed seed) in a real vault created in a
 * temporary folder with the floor KDF, then the engagement and month with
 * the most held sessions (about 2 000) is drafted, issued and written as
 * PDF, CSV and JSON.  The baseline, measured in the same run, is what any
 * invoice must do first: read the month's trajectories and evaluate them
 * with the rules engine (sessio_patient_store_evaluate_held()).  One
 * figure a line: "name: value" and "name: 1.23x".  Best of ROUNDS.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "sessio-core.h"
#include "sessio-devdata.h"
#include "sessio-invoice-export.h"
#include "sessio-invoice-store.h"
#include "sessio-keys.h"
#include "sessio-paths.h"
#include "sessio-rule-store.h"
#include "sessio-vault.h"

#define N_PATIENTS   6000
#define N_SESSIONS   64000
#define SEED         20250601
#define ROUNDS       3
#define PASSPHRASE   "bench invoices passphrase"

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

/* The baseline: every trajectory with a held session of the engagement in
 * the month (individually or in a group), read and evaluated. */
static gint64
evaluate_month (SessioPatientStore *store,
                sqlite3            *db,
                gint64              engagement,
                const char         *from,
                const char         *after)
{
  sqlite3_stmt *stmt;
  gint64 check = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT trajectory_id FROM session WHERE engagement_id = ?1"
                                       "  AND starts_at >= ?2 AND starts_at < ?3 AND status = 'held'"
                                       "  AND trajectory_id IS NOT NULL"
                                       " UNION SELECT g.trajectory_id FROM group_participant g"
                                       "  JOIN session s ON s.id = g.session_id WHERE s.engagement_id = ?1"
                                       "  AND s.starts_at >= ?2 AND s.starts_at < ?3 AND s.status = 'held'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, engagement);
  sqlite3_bind_text (stmt, 2, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, after, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SessioTrajectoryEvaluation) evaluation =
        sessio_patient_store_evaluate_held (store, sqlite3_column_int64 (stmt, 0), &error);

      g_assert_no_error (error);
      for (guint i = 0; i < evaluation->sessions->len; i++)
        check += g_array_index (evaluation->sessions, SessioSessionEvaluation, i).result.fee_cents;
    }
  sqlite3_finalize (stmt);
  return check;
}

static double
ms (gint64 us)
{
  return us / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) vault = NULL;
  g_autoptr(SessioRuleStore) rule_store = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autoptr(SessioInvoiceStore) invoices = NULL;
  g_autoptr(SessioInvoice) invoice = NULL;
  g_autofree char *dir = NULL, *vault_dir = NULL, *state_dir = NULL;
  g_autofree char *pdf = NULL, *csv = NULL, *json = NULL;
  SessioDevdataOptions options = { N_PATIENTS, N_SESSIONS, SEED, 50, 0 };
  SessioProvider provider = { (char *) "Psycholoog Bench", (char *) "12345678901", (char *) "0203201340",
                              (char *) "BE68539007547034", (char *) "Benchstraat 1, 1000 Brussel" };
  SessioVaultKdf kdf;
  char *recovery = NULL;
  char month[8] = "", from[11], to[11], after[11];
  gint64 engagement = 0, id = 0, t0, check = 0;
  gint64 best_eval = G_MAXINT64, best_draft = G_MAXINT64, best_pdf = G_MAXINT64;
  gint64 best_csv = G_MAXINT64, best_json = G_MAXINT64, best_get = G_MAXINT64, issue_us;
  int month_sessions = 0;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  GDate day;

  if (!sessio_core_init (&error))
    g_error ("%s", error->message);

  dir = g_dir_make_tmp ("sessio-bench-invoices-XXXXXX", &error);
  g_assert_no_error (error);
  vault_dir = g_build_filename (dir, "vault", NULL);
  state_dir = g_build_filename (dir, "state", NULL);
  pdf = g_build_filename (dir, "invoice.pdf", NULL);
  csv = g_build_filename (dir, "invoice.csv", NULL);
  json = g_build_filename (dir, "invoice.json", NULL);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);

  sessio_vault_kdf_floor (&kdf);
  vault = sessio_vault_create (vault_dir, PASSPHRASE, &kdf, &recovery, &error);
  g_assert_no_error (error);
  sessio_key_free_text (recovery);
  t0 = g_get_monotonic_time ();
  if (!sessio_devdata_generate (sessio_vault_get_db (vault), &options, vault_txn, vault, &error))
    g_error ("bench: %s", error->message);
  printf ("generate_vault_s: %.1f\n", (g_get_monotonic_time () - t0) / 1e6);

  rule_store = sessio_rule_store_new (vault, &error);
  g_assert_no_error (error);
  store = sessio_patient_store_new (vault, sessio_rule_store_get_rules (rule_store));
  invoices = sessio_invoice_store_new (store, rule_store);
  g_assert_true (sessio_patient_store_set_provider (store, &provider, NULL, &error));
  g_assert_no_error (error);
  db = sessio_vault_get_db (vault);

  /* The busiest engagement and month. */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT engagement_id, substr (starts_at, 1, 7), count (*) FROM session"
                                       " WHERE status = 'held' GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  engagement = sqlite3_column_int64 (stmt, 0);
  g_strlcpy (month, (const char *) sqlite3_column_text (stmt, 1), sizeof month);
  month_sessions = sqlite3_column_int (stmt, 2);
  sqlite3_finalize (stmt);
  g_assert_true (sessio_invoice_month_range (month, from, to));
  g_assert_true (sessio_date_parse_iso (to, &day));
  g_date_add_days (&day, 1);
  sessio_date_to_iso (&day, after);

  for (guint round = 0; round < ROUNDS; round++)
    {
      gint64 new_id;

      t0 = g_get_monotonic_time ();
      check += evaluate_month (store, db, engagement, from, after);
      best_eval = MIN (best_eval, g_get_monotonic_time () - t0);

      /* Drafting the same month again refreshes the one draft. */
      t0 = g_get_monotonic_time ();
      new_id = sessio_invoice_store_draft (invoices, engagement, from, to, &error);
      best_draft = MIN (best_draft, g_get_monotonic_time () - t0);
      g_assert_no_error (error);
      g_assert_true (id == 0 || new_id == id);
      id = new_id;
    }

  t0 = g_get_monotonic_time ();
  g_assert_true (sessio_invoice_store_issue (invoices, id, NULL, &error));
  issue_us = g_get_monotonic_time () - t0;
  g_assert_no_error (error);

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_clear_pointer (&invoice, sessio_invoice_free);
      t0 = g_get_monotonic_time ();
      invoice = sessio_invoice_store_get (invoices, id, &error);
      best_get = MIN (best_get, g_get_monotonic_time () - t0);
      g_assert_no_error (error);

      t0 = g_get_monotonic_time ();
      g_assert_true (sessio_invoice_write_pdf (invoice, NULL, pdf, &error));
      best_pdf = MIN (best_pdf, g_get_monotonic_time () - t0);
      g_assert_no_error (error);

      t0 = g_get_monotonic_time ();
      g_assert_true (sessio_invoice_write_csv (invoice, csv, &error));
      best_csv = MIN (best_csv, g_get_monotonic_time () - t0);
      g_assert_no_error (error);

      t0 = g_get_monotonic_time ();
      g_assert_true (sessio_invoice_write_json (invoice, json, &error));
      best_json = MIN (best_json, g_get_monotonic_time () - t0);
      g_assert_no_error (error);
    }

  printf ("month: %s\n", month);
  printf ("month_held_sessions: %d\n", month_sessions);
  printf ("invoice_lines: %u\n", invoice->lines->len);
  printf ("invoice_total_cents: %" G_GINT64_FORMAT "\n", invoice->total_cents);
  printf ("baseline_read_and_evaluate_ms: %.1f\n", ms (best_eval));
  printf ("draft_ms: %.1f\n", ms (best_draft));
  printf ("issue_ms: %.1f\n", ms (issue_us));
  printf ("read_invoice_ms: %.1f\n", ms (best_get));
  printf ("pdf_ms: %.1f\n", ms (best_pdf));
  printf ("csv_ms: %.1f\n", ms (best_csv));
  printf ("json_ms: %.1f\n", ms (best_json));
  printf ("draft_vs_baseline: %.2fx\n", (double) best_draft / best_eval);
  printf ("issue_vs_baseline: %.2fx\n", (double) issue_us / best_eval);
  printf ("pdf_vs_baseline: %.2fx\n", (double) best_pdf / best_eval);
  printf ("csv_vs_baseline: %.2fx\n", (double) best_csv / best_eval);
  printf ("json_vs_baseline: %.2fx\n", (double) best_json / best_eval);
  g_assert_cmpint (check, !=, 0);

  g_clear_object (&invoices);
  g_clear_object (&store);
  g_clear_object (&rule_store);
  sessio_vault_close (vault, NULL);
  g_clear_object (&vault);
  sessio_paths_remove_tree (dir);
  return 0;
}
