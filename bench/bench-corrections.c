/* bench-corrections.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Correcting a session at the issues' stress scale: 10,000
 * patients and 200,000 sessions (`sessio_devdata_generate()`, fixed
 * seed) with a note of about 500 characters each, in a real vault created
 * in a temporary folder with the floor KDF.  Saving an edit of a session's
 * note (sessio_patient_store_correct_session(): validation, the rules
 * engine over its trajectory, the earlier note into the history, one
 * durable commit) is measured against logging a new session of the same
 * kind (sessio_patient_store_add_session()), interleaved in one run; so
 * is an edit of the time, which runs the rules engine as a new session
 * does (an edit of the note alone cannot change its verdict).  One
 * figure a line: "name: value" and "name: 1.23x".  Medians of ROUNDS.
 */

#include "config.h"

#include <gio/gio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "sessio-core.h"
#include "sessio-devdata.h"
#include "sessio-keys.h"
#include "sessio-paths.h"
#include "sessio-patient-store.h"
#include "sessio-vault.h"

#define N_PATIENTS   10000
#define N_SESSIONS   200000
#define SEED         20251206
#define ROUNDS       200
#define NOTE_CHARS   500
#define PASSPHRASE   "violet harbour 47 lantern drift"

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

/* A synthetic note of NOTE_CHARS characters, different each time. */
static char *
make_note (GRand *rand)
{
  static const char *const words[] = {
    "gesprek", "slaap", "school", "vrienden", "angst", "thuis", "oefening", "doel",
    "afspraak", "ouders", "sport", "huiswerk", "rust", "adem", "plan", "gevoel",
  };
  GString *note = g_string_sized_new (NOTE_CHARS + 16);

  while (note->len < NOTE_CHARS)
    g_string_append_printf (note, "%s ", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
  g_string_truncate (note, NOTE_CHARS);
  return g_string_free (note, FALSE);
}

static int
compare_us (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
median_ms (GArray *samples)
{
  g_array_sort (samples, compare_us);
  return g_array_index (samples, gint64, samples->len / 2) / 1000.0;
}

/* Ids from @sql (one column), into an array. */
static GArray *
query_ids (sqlite3    *db,
           const char *sql)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (ids->len, >, 0);
  return ids;
}

/* Whether @id is a session the rules reimburse as it stands (the data
 * generator also makes some they refuse: a time edit of those would be
 * refused, as it should). */
static gboolean
billable_now (SessioPatientStore *store,
              gint64              id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioTrajectoryEvaluation) evaluation = NULL;
  const SessioSessionEvaluation *entry;
  SessioSession session = { 0 };
  gboolean billable;

  g_assert_true (sessio_patient_store_get_session (store, id, &session, &error));
  evaluation = sessio_patient_store_evaluate_held (store, session.trajectory_id, &error);
  sessio_session_clear (&session);
  g_assert_no_error (error);
  entry = sessio_trajectory_evaluation_find (evaluation, id);
  billable = entry != NULL && entry->result.errors == 0 && entry->result.billable &&
             !(entry->result.warnings & SESSIO_EVAL_WARNING_LIMIT_REACHED);
  return billable;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) vault = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autoptr(GArray) held = NULL, open_trajectories = NULL;
  g_autoptr(GArray) edit_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) add_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) time_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autofree char *dir = NULL, *vault_dir = NULL, *state_dir = NULL;
  SessioDevdataOptions options = { N_PATIENTS, N_SESSIONS, SEED, 400, 0 };
  SessioVaultKdf kdf;
  char *recovery = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 t0;

  if (!sessio_core_init (&error))
    g_error ("%s", error->message);

  dir = g_dir_make_tmp ("sessio-bench-corrections-XXXXXX", &error);
  g_assert_no_error (error);
  vault_dir = g_build_filename (dir, "vault", NULL);
  state_dir = g_build_filename (dir, "state", NULL);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);

  sessio_vault_kdf_floor (&kdf);
  vault = sessio_vault_create (vault_dir, PASSPHRASE, &kdf, &recovery, &error);
  g_assert_no_error (error);
  sessio_key_free_text (recovery);
  t0 = g_get_monotonic_time ();
  if (!sessio_devdata_generate (sessio_vault_get_db (vault), &options, vault_txn, vault, &error))
    g_error ("bench: %s", error->message);
  db = sessio_vault_get_db (vault);

  /* A note of about 500 characters on every session, folded into the
   * snapshot, as in a file used for years. */
  g_assert_true (sessio_vault_begin (vault, &error));
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE session SET notes = ? WHERE id % 16 = ?", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  for (int slice = 0; slice < 16; slice++)
    {
      g_autofree char *note = make_note (rand);

      sqlite3_bind_text (stmt, 1, note, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, slice);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  g_assert_true (sessio_vault_commit (vault, &error));
  g_assert_true (sessio_vault_fold (vault, &error));
  g_assert_no_error (error);
  printf ("generate_vault_s: %.1f\n", (g_get_monotonic_time () - t0) / 1e6);

  store = sessio_patient_store_new (vault, NULL);
  /* The sessions the benchmark corrects: held individual sessions under
   * the convention; and the open trajectories new sessions go into. */
  held = query_ids (db, "SELECT id FROM session WHERE setting = 'individual' AND status = 'held'"
                        " AND outside_convention = 0 AND id NOT IN (SELECT session_id FROM invoice_locked_session)");
  /* An open trajectory's last held individual session: the new session
   * is of its care type (one the trajectory's rules allow). */
  open_trajectories = query_ids (db, "SELECT max (s.id) FROM session s JOIN trajectory t ON t.id = s.trajectory_id"
                                     " WHERE t.end_date IS NULL AND s.setting = 'individual' AND s.status = 'held'"
                                     " AND s.outside_convention = 0 GROUP BY t.id");
  printf ("sessions: %d\n", N_SESSIONS);
  printf ("held_individual_sessions: %u\n", held->len);

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autofree char *note = make_note (rand);
      g_autofree char *new_note = make_note (rand);
      SessioSession session = { 0 }, added = { 0 };
      gint64 id = 0;
      gint64 model = g_array_index (open_trajectories, gint64,
                                    g_rand_int_range (rand, 0, (gint32) open_trajectories->len));
      SessioSession like = { 0 };
      char when[17];
      gint64 us;

      do
        id = g_array_index (held, gint64, g_rand_int_range (rand, 0, (gint32) held->len));
      while (!billable_now (store, id));

      /* An edit of the note, everything else as it was. */
      g_assert_true (sessio_patient_store_get_session (store, id, &session, &error));
      g_free (session.notes);
      session.notes = g_steal_pointer (&note);
      t0 = g_get_monotonic_time ();
      if (!sessio_patient_store_correct_session (store, &session, NULL, &error))
        g_error ("bench: %s", error->message);
      us = g_get_monotonic_time () - t0;
      g_array_append_val (edit_us, us);
      sessio_session_clear (&session);

      /* An edit of what counts: the time of day (the same date, so the
       * limits do not move), which runs the rules engine over the
       * trajectory as a new session does. */
      g_assert_true (sessio_patient_store_get_session (store, id, &session, &error));
      {
        g_autofree char *day = g_strndup (session.starts_at, 10);

        g_free (session.starts_at);
        session.starts_at = g_strdup_printf ("%sT%02u:15", day, 8 + round % 10);
      }
      t0 = g_get_monotonic_time ();
      if (!sessio_patient_store_correct_session (store, &session, NULL, &error))
        g_error ("bench: %s", error->message);
      us = g_get_monotonic_time () - t0;
      g_array_append_val (time_us, us);
      sessio_session_clear (&session);

      /* A new session of the same kind with its note: planned on the
       * data's last day (held ones would soon run into the limits). */
      g_assert_true (sessio_patient_store_get_session (store, model, &like, &error));
      /* After the trajectory's last session (planned ones included):
       * one dated before them could push them over the limit, which is
       * refused, and not what is measured here. */
      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT date (max (d), '+1 day') || 'T18:00' FROM"
                                               " (SELECT substr (starts_at, 1, 10) AS d FROM session WHERE trajectory_id = ?1"
                                               "  UNION ALL SELECT substr (s.starts_at, 1, 10) FROM group_participant g"
                                               "  JOIN session s ON s.id = g.session_id WHERE g.trajectory_id = ?1)",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_int64 (stmt, 1, like.trajectory_id);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_strlcpy (when, (const char *) sqlite3_column_text (stmt, 0), sizeof when);
      sqlite3_finalize (stmt);
      added.trajectory_id = like.trajectory_id;
      added.starts_at = when;
      added.care = like.care;
      added.location = like.location;
      added.context = like.context;
      added.setting = (char *) "individual";
      added.status = (char *) "planned";
      added.notes = new_note;
      t0 = g_get_monotonic_time ();
      if (sessio_patient_store_add_session (store, &added, &error) <= 0)
        g_error ("bench: %s", error->message);
      us = g_get_monotonic_time () - t0;
      g_array_append_val (add_us, us);
      sessio_session_clear (&like);
    }

  printf ("note_chars: %d\n", NOTE_CHARS);
  printf ("add_session_ms: %.2f\n", median_ms (add_us));
  printf ("edit_session_ms: %.2f\n", median_ms (edit_us));
  printf ("edit_session_time_ms: %.2f\n", median_ms (time_us));
  printf ("session_edit_vs_add: %.2fx\n", median_ms (edit_us) / median_ms (add_us));
  printf ("session_edit_time_vs_add: %.2fx\n", median_ms (time_us) / median_ms (add_us));

  g_clear_object (&store);
  sessio_vault_close (vault, NULL);
  g_clear_object (&vault);
  sessio_paths_remove_tree (dir);
  return 0;
}
