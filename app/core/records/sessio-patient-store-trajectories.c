/* sessio-patient-store-trajectories.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Trajectories of care, and their evaluation by the rules engine: the
 * meters, and what a change of a session would do to the other sessions.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-format.h"
#include "sessio-patient-store-private.h"
#include "sessio-schema.h"
#include "sessio-sql-private.h"

/* --------------------------------------------------------- trajectory */

static const char * const outcomes[] = { "completed", "referred", "stopped", NULL };

static gboolean
validate_trajectory (const SessioTrajectory *trajectory,
                     const char            **field,
                     GError                **error)
{
  GDate start, end, bilan;

  if (!store_parse_date (trajectory->start_date, &start))
    return store_invalid_at (field, "start_date", error, _("The trajectory needs a start date written as YYYY-MM-DD"));
  if (store_is_set (trajectory->end_date))
    {
      if (!store_parse_date (trajectory->end_date, &end))
        return store_invalid_at (field, "end_date", error, _("The end date must be a real date written as YYYY-MM-DD"));
      if (g_date_compare (&end, &start) < 0)
        return store_invalid_at (field, "end_date", error, _("The trajectory ends before it starts"));
    }
  if (store_is_set (trajectory->bilan_date))
    {
      if (!store_parse_date (trajectory->bilan_date, &bilan))
        return store_invalid_at (field, "bilan_date", error, _("The date of the functional assessment must be a real date written as YYYY-MM-DD"));
      if (g_date_compare (&bilan, &start) < 0)
        return store_invalid_at (field, "bilan_date", error, _("The functional assessment is dated before the start of the trajectory"));
    }
  if (store_is_set (trajectory->outcome) && !store_one_of (trajectory->outcome, outcomes))
    return store_invalid_at (field, "outcome", error, _("The outcome must be “completed”, “referred” or “stopped”"));
  if (store_is_set (trajectory->outcome) && !store_is_set (trajectory->end_date))
    return store_invalid_at (field, "end_date", error, _("A trajectory with an outcome needs an end date"));
  if (store_is_set (trajectory->referred_to) && g_strcmp0 (trajectory->outcome, "referred") != 0)
    return store_invalid_at (field, "referred_to", error, _("Only a trajectory referred on names whom it was referred to"));
  return TRUE;
}

gint64
sessio_patient_store_add_trajectory (SessioPatientStore      *self,
                                     const SessioTrajectory  *trajectory,
                                     GError                 **error)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  gboolean ok = TRUE;

  if (!validate_trajectory (trajectory, NULL, error) || !store_begin (self, error))
    return 0;
  db = sessio_vault_get_db (self->vault);

  if (!store_row_exists (db, "SELECT 1 FROM patient WHERE id = ? AND erased = 0", trajectory->patient_id))
    ok = store_not_found (error, _("There is no such patient"));
  else if (store_row_exists (db, "SELECT 1 FROM patient WHERE id = ? AND closed_at IS NOT NULL", trajectory->patient_id))
    ok = store_closed (error);
  else if (!store_row_exists (db, "SELECT 1 FROM engagement WHERE id = ?", trajectory->engagement_id))
    ok = store_not_found (error, _("There is no such engagement"));
  else if ((stmt = sessio_sql_prepare (db, "INSERT INTO trajectory (patient_id, engagement_id, start_date, end_date,"
                                " bilan_date, bilan_summary, outcome, referred_to, goals, closing_summary)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            error)) == NULL)
    ok = FALSE;
  else
    {
      sqlite3_bind_int64 (stmt, 1, trajectory->patient_id);
      sqlite3_bind_int64 (stmt, 2, trajectory->engagement_id);
      sessio_sql_bind_text (stmt, 3, trajectory->start_date);
      sessio_sql_bind_text (stmt, 4, trajectory->end_date);
      sessio_sql_bind_text (stmt, 5, trajectory->bilan_date);
      sessio_sql_bind_text (stmt, 6, trajectory->bilan_summary);
      sessio_sql_bind_text (stmt, 7, trajectory->outcome);
      sessio_sql_bind_text (stmt, 8, trajectory->referred_to);
      sessio_sql_bind_text (stmt, 9, trajectory->goals);
      sessio_sql_bind_text (stmt, 10, trajectory->closing_summary);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
      id = sqlite3_last_insert_rowid (db);
      ok = ok && store_audit (self, "create", "trajectory", id, error);
    }
  return store_finish (self, ok, error) ? id : 0;
}

/* ------------------------------------------------ CLB guidance domain
 *
 * Kept in the setting table under "clb-domain/<trajectory id>", not in a
 * column: a classification that only the statistics read needs no schema
 * version of its own (docs/statistics.md has the column it would take).
 * The value is one of sessio_clb_domains(); nothing else is stored there. */

gboolean
sessio_patient_store_set_trajectory_domain (SessioPatientStore  *self,
                                            gint64               trajectory_id,
                                            const char          *domain,
                                            GError             **error)
{
  g_autofree char *key = g_strdup_printf (CLB_DOMAIN_KEY "%" G_GINT64_FORMAT, trajectory_id);
  sqlite3 *db;
  sqlite3_stmt *stmt;
  guint n;
  const SessioChoice *domains = sessio_clb_domains (&n);
  gboolean known = FALSE, ok = TRUE;

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (self), FALSE);

  for (guint i = 0; domain != NULL && i < n; i++)
    known |= g_strcmp0 (domain, domains[i].id) == 0;
  if (domain != NULL && !known)
    return store_invalid (error, _("Choose a guidance domain: learning, educational-career, psychosocial or preventive-health"));
  if (!store_begin (self, error))
    return FALSE;
  db = sessio_vault_get_db (self->vault);
  if (!store_row_exists (db, "SELECT 1 FROM trajectory WHERE id = ?", trajectory_id))
    ok = store_not_found (error, _("There is no such trajectory"));
  else if ((stmt = sessio_sql_prepare (db, domain != NULL ? "INSERT OR REPLACE INTO setting (key, value) VALUES (?1, ?2)"
                                                          : "DELETE FROM setting WHERE key = ?1", error)) == NULL)
    ok = FALSE;
  else
    {
      sessio_sql_bind_text (stmt, 1, key);
      if (domain != NULL)
        sessio_sql_bind_text (stmt, 2, domain);
      ok = sessio_sql_run (stmt, NULL, error);
      ok = ok && store_audit (self, "update", "trajectory", trajectory_id, error);
    }
  return store_finish (self, ok, error);
}

char *
sessio_patient_store_get_trajectory_domain (SessioPatientStore  *self,
                                            gint64               trajectory_id,
                                            GError             **error)
{
  g_autofree char *key = g_strdup_printf (CLB_DOMAIN_KEY "%" G_GINT64_FORMAT, trajectory_id);
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  sqlite3_stmt *stmt;
  char *domain = NULL;

  if (db == NULL || (stmt = sessio_sql_prepare (db, "SELECT value FROM setting WHERE key = ?1", error)) == NULL)
    return NULL;
  sessio_sql_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_TEXT)
    domain = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return domain;
}

static SessioTrajectory *
read_trajectory (sqlite3  *db,
                 gint64    id,
                 GError  **error)
{
  SessioTrajectory *trajectory = NULL;
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (db, "SELECT id, patient_id, engagement_id, start_date, end_date, bilan_date,"
                           " bilan_summary, outcome, referred_to, goals, closing_summary FROM trajectory WHERE id = ?", error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      trajectory = g_new0 (SessioTrajectory, 1);
      trajectory->id = sqlite3_column_int64 (stmt, 0);
      trajectory->patient_id = sqlite3_column_int64 (stmt, 1);
      trajectory->engagement_id = sqlite3_column_int64 (stmt, 2);
      trajectory->start_date = sessio_sql_column_text (stmt, 3);
      trajectory->end_date = sessio_sql_column_text (stmt, 4);
      trajectory->bilan_date = sessio_sql_column_text (stmt, 5);
      trajectory->bilan_summary = sessio_sql_column_text (stmt, 6);
      trajectory->outcome = sessio_sql_column_text (stmt, 7);
      trajectory->referred_to = sessio_sql_column_text (stmt, 8);
      trajectory->goals = sessio_sql_column_text (stmt, 9);
      trajectory->closing_summary = sessio_sql_column_text (stmt, 10);
    }
  else
    store_not_found (error, _("There is no such trajectory"));
  sqlite3_finalize (stmt);
  return trajectory;
}

SessioTrajectory *
sessio_patient_store_get_trajectory (SessioPatientStore  *self,
                                     gint64               id,
                                     GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);

  return db != NULL ? read_trajectory (db, id, error) : NULL;
}

/* Whether a held session under the convention of @trajectory_id lacks a
 * functional assessment now that did not before (@before: the evaluation
 * before the change). */
static gboolean
assessment_lost (SessioPatientStore          *self,
                 sqlite3                     *db,
                 gint64                       trajectory_id,
                 SessioTrajectoryEvaluation  *before,
                 GError                     **error)
{
  g_autoptr(SessioTrajectoryEvaluation) after = store_evaluate_in (self, db, trajectory_id, NULL, 0, FALSE, error);

  if (after == NULL)
    return TRUE;
  for (guint i = 0; i < after->sessions->len; i++)
    {
      const SessioSessionEvaluation *entry = &g_array_index (after->sessions, SessioSessionEvaluation, i);
      const SessioSessionEvaluation *earlier = sessio_trajectory_evaluation_find (before, entry->session_id);

      if (entry->outside_convention || entry->info.status != SESSIO_STATUS_HELD ||
          !(entry->result.errors & SESSIO_EVAL_ERROR_BILAN_REQUIRED))
        continue;
      if (earlier != NULL && (earlier->result.errors & SESSIO_EVAL_ERROR_BILAN_REQUIRED))
        continue;
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                           _("Treatment sessions already held would then come before the functional assessment: correct those sessions first"));
      return TRUE;
    }
  return FALSE;
}

/* Whether sessions of the trajectory are dated outside [@start, @end]. */
static gboolean
sessions_outside (sqlite3    *db,
                  gint64      trajectory_id,
                  const char *start,
                  const char *end)
{
  sqlite3_stmt *stmt = NULL;
  gboolean outside;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM session WHERE trajectory_id = ?1 AND (substr (starts_at, 1, 10) < ?2"
                              "  OR (?3 IS NOT NULL AND substr (starts_at, 1, 10) > ?3))"
                              " UNION ALL SELECT 1 FROM session s JOIN group_participant g ON g.session_id = s.id"
                              " WHERE g.trajectory_id = ?1 AND (substr (s.starts_at, 1, 10) < ?2"
                              "  OR (?3 IS NOT NULL AND substr (s.starts_at, 1, 10) > ?3))", -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, trajectory_id);
  sessio_sql_bind_text (stmt, 2, start);
  sessio_sql_bind_text (stmt, 3, end);
  outside = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return outside;
}

static gboolean
correct_trajectory (SessioPatientStore      *self,
                    const SessioTrajectory  *trajectory,
                    const char             **field,
                    GError                 **error)
{
  g_autoptr(SessioTrajectory) old = NULL;
  g_autoptr(SessioTrajectoryEvaluation) before = NULL;
  g_autoptr(GString) fields = g_string_new (NULL);
  g_autofree char *changed_at = store_now_iso8601 ();
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  if (field != NULL)
    *field = NULL;
  if (!validate_trajectory (trajectory, field, error) || !store_begin (self, error))
    return FALSE;
  db = sessio_vault_get_db (self->vault);

  old = read_trajectory (db, trajectory->id, error);
  if (old == NULL)
    ok = FALSE;
  else if (store_row_exists (db, "SELECT 1 FROM patient WHERE id = ? AND erased = 1", old->patient_id))
    ok = store_invalid (error, _("This patient’s file was erased and can no longer be changed"));
  else if (store_row_exists (db, "SELECT 1 FROM patient WHERE id = ? AND closed_at IS NOT NULL", old->patient_id))
    ok = store_closed (error);
  /* Sessions already logged must stay inside the trajectory. */
  else if (sessions_outside (db, trajectory->id, trajectory->start_date, NULL))
    ok = store_invalid_at (field, "start_date", error, _("The trajectory would start after sessions already logged in it"));
  else if (store_is_set (trajectory->end_date) &&
           sessions_outside (db, trajectory->id, trajectory->start_date, trajectory->end_date))
    ok = store_invalid_at (field, "end_date", error, _("The trajectory would end before sessions already logged in it"));

  if (ok)
    {
      struct { const char *field; const char *before; const char *after; } diffs[] = {
        { "start_date", old->start_date, trajectory->start_date },
        { "end_date", old->end_date, trajectory->end_date },
        { "bilan_date", old->bilan_date, trajectory->bilan_date },
        { "bilan_summary", old->bilan_summary, trajectory->bilan_summary },
        { "goals", old->goals, trajectory->goals },
        { "closing_summary", old->closing_summary, trajectory->closing_summary },
        { "outcome", old->outcome, trajectory->outcome },
        { "referred_to", old->referred_to, trajectory->referred_to },
      };

      before = store_evaluate_in (self, db, trajectory->id, NULL, 0, FALSE, error);
      ok = before != NULL;
      for (guint i = 0; ok && i < G_N_ELEMENTS (diffs); i++)
        ok = store_keep_change (db, "trajectory_history", "trajectory_id", trajectory->id, changed_at,
                                diffs[i].field, diffs[i].before, diffs[i].after, fields, error);
    }

  if (ok && (stmt = sessio_sql_prepare (db, "UPDATE trajectory SET start_date = ?, end_date = ?, bilan_date = ?,"
                                 " bilan_summary = ?, outcome = ?, referred_to = ?, goals = ?, closing_summary = ?"
                                 " WHERE id = ?", error)) == NULL)
    ok = FALSE;
  else if (ok)
    {
      sessio_sql_bind_text (stmt, 1, trajectory->start_date);
      sessio_sql_bind_text (stmt, 2, trajectory->end_date);
      sessio_sql_bind_text (stmt, 3, trajectory->bilan_date);
      sessio_sql_bind_text (stmt, 4, trajectory->bilan_summary);
      sessio_sql_bind_text (stmt, 5, trajectory->outcome);
      sessio_sql_bind_text (stmt, 6, trajectory->referred_to);
      sessio_sql_bind_text (stmt, 7, trajectory->goals);
      sessio_sql_bind_text (stmt, 8, trajectory->closing_summary);
      sqlite3_bind_int64 (stmt, 9, trajectory->id);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
    }

  /* Evaluated again inside the transaction, with the new dates: a later
   * assessment must not leave treatment already held without one. */
  if (ok && assessment_lost (self, db, trajectory->id, before, error))
    {
      ok = FALSE;
      if (field != NULL && g_error_matches (*error, SESSIO_ERROR, SESSIO_ERROR_REFUSED))
        *field = "bilan_date";
    }

  ok = ok && store_audit_update (self, "update", fields, "trajectory", trajectory->id, error);
  return store_finish (self, ok, error);
}

gboolean
sessio_patient_store_update_trajectory (SessioPatientStore      *self,
                                        const SessioTrajectory  *trajectory,
                                        GError                 **error)
{
  return correct_trajectory (self, trajectory, NULL, error);
}

gboolean
sessio_patient_store_correct_trajectory (SessioPatientStore      *self,
                                         const SessioTrajectory  *trajectory,
                                         const char             **field,
                                         GError                 **error)
{
  return correct_trajectory (self, trajectory, field, error);
}

GPtrArray *
sessio_patient_store_get_trajectory_history (SessioPatientStore  *self,
                                             gint64               trajectory_id,
                                             GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  g_autoptr(GPtrArray) changes = NULL;

  if (db == NULL)
    return NULL;
  if (!store_row_exists (db, "SELECT 1 FROM trajectory WHERE id = ?", trajectory_id))
    return store_not_found (error, _("There is no such trajectory")), NULL;
  changes = store_read_history (db, "trajectory_history", "trajectory_id", trajectory_id, error);
  if (changes == NULL || !sessio_patient_store_audit_view (self, "view history", "trajectory", trajectory_id, error))
    return NULL;
  return g_steal_pointer (&changes);
}

GPtrArray *
sessio_patient_store_list_trajectories (SessioPatientStore  *self,
                                        gint64               patient_id,
                                        GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  g_autoptr(GPtrArray) list = NULL;
  sqlite3_stmt *stmt;

  if (db == NULL ||
      (stmt = sessio_sql_prepare (db, "SELECT id FROM trajectory WHERE patient_id = ? ORDER BY start_date, id", error)) == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) sessio_trajectory_free);
  sqlite3_bind_int64 (stmt, 1, patient_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SessioTrajectory *trajectory = read_trajectory (db, sqlite3_column_int64 (stmt, 0), error);

      if (trajectory == NULL)
        {
          sqlite3_finalize (stmt);
          return NULL;
        }
      g_ptr_array_add (list, trajectory);
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&list);
}

/* --------------------------------------------------------- evaluation */

/* What the rules need about a trajectory, from the database. */
static gboolean
load_trajectory_context (SessioPatientStore          *self,
                         sqlite3                     *db,
                         gint64                       trajectory_id,
                         SessioTrajectoryEvaluation  *evaluation,
                         gint64                      *engagement_id,
                         GDate                       *end,
                         GError                     **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  if ((stmt = sessio_sql_prepare (db, "SELECT p.birth_date, p.bim, e.network, t.start_date, t.bilan_date, t.end_date,"
                           " t.engagement_id, p.erased, t.patient_id FROM trajectory t JOIN patient p ON p.id = t.patient_id"
                           " JOIN engagement e ON e.id = t.engagement_id WHERE t.id = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, trajectory_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      evaluation->trajectory_id = trajectory_id;
      evaluation->patient_id = sqlite3_column_int64 (stmt, 8);
      store_parse_date ((const char *) sqlite3_column_text (stmt, 0), &evaluation->patient.birth);
      evaluation->patient.bim = sqlite3_column_int (stmt, 1) != 0;
      if (!sessio_network_from_string ((const char *) sqlite3_column_text (stmt, 2),
                                       &evaluation->trajectory.network))
        evaluation->trajectory.network = SESSIO_NETWORK_ADULT;
      store_parse_date ((const char *) sqlite3_column_text (stmt, 3), &evaluation->trajectory.start);
      store_parse_date ((const char *) sqlite3_column_text (stmt, 4), &evaluation->trajectory.bilan);
      if (end != NULL)
        store_parse_date ((const char *) sqlite3_column_text (stmt, 5), end);
      if (engagement_id != NULL)
        *engagement_id = sqlite3_column_int64 (stmt, 6);
      ok = TRUE;
      if (sqlite3_column_int (stmt, 7) != 0 && !g_date_valid (&evaluation->patient.birth))
        ok = store_invalid (error, _("This patient’s file was erased and can no longer be changed"));
    }
  else
    store_not_found (error, _("There is no such trajectory"));
  sqlite3_finalize (stmt);
  return ok;
}

/* Fills @info from the session's machine names; FALSE on an unknown one. */
static gboolean
session_info_from (SessioSessionInfo *info,
                   const char        *when,
                   const char        *care,
                   const char        *setting,
                   const char        *location,
                   const char        *context,
                   const char        *status,
                   int                participants,
                   gboolean           co_facilitator)
{
  char normalised[17];

  memset (info, 0, sizeof *info);
  g_date_clear (&info->date, 1);
  if (!store_parse_when (when, &info->date, normalised) ||
      !sessio_care_from_string (care, &info->care) ||
      !sessio_setting_from_string (setting != NULL ? setting : "individual", &info->setting) ||
      !sessio_location_from_string (store_is_set (location) ? location : "practice", &info->location) ||
      !sessio_context_from_string (store_is_set (context) ? context : "own", &info->context) ||
      !sessio_status_from_string (store_is_set (status) ? status : "held", &info->status))
    return FALSE;
  info->participants = participants > 0 ? (guint) participants : 1;
  info->co_facilitator = co_facilitator;
  return TRUE;
}

static gint
compare_evaluations (gconstpointer a,
                     gconstpointer b)
{
  const SessioSessionEvaluation *x = a, *y = b;
  int c = g_date_compare (&x->info.date, &y->info.date);

  if (c != 0)
    return c;
  /* The unsaved session goes last among those of its day. */
  if (x->session_id == 0 || y->session_id == 0)
    return x->session_id == 0 ? (y->session_id == 0 ? 0 : 1) : -1;
  return x->session_id < y->session_id ? -1 : x->session_id > y->session_id;
}

/* The validity dates of the patient's BIM status; cleared when open. */
static void
load_bim_validity (sqlite3 *db,
                   gint64   trajectory_id,
                   GDate   *from,
                   GDate   *to)
{
  sqlite3_stmt *stmt = NULL;

  g_date_clear (from, 1);
  g_date_clear (to, 1);
  if (sqlite3_prepare_v2 (db, "SELECT p.bim_valid_from, p.bim_valid_to FROM trajectory t"
                              " JOIN patient p ON p.id = t.patient_id WHERE t.id = ?", -1, &stmt, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int64 (stmt, 1, trajectory_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      store_parse_date ((const char *) sqlite3_column_text (stmt, 0), from);
      store_parse_date ((const char *) sqlite3_column_text (stmt, 1), to);
    }
  sqlite3_finalize (stmt);
}

/* The columns of a session row for an evaluation: SESSION_COLUMNS for an
 * individual session (alias-free), GROUP_SESSION_COLUMNS for a group
 * session s seen through its participant g. */
#define SESSION_COLUMNS \
  "id, engagement_id, starts_at, care_type, setting, location, context, status, status," \
  " coalesce (participants, 1), co_facilitator, outside_convention"
#define GROUP_SESSION_COLUMNS \
  "s.id, s.engagement_id, s.starts_at, s.care_type, s.setting, s.location, s.context," \
  " CASE WHEN s.status = 'held' THEN replace (g.status, 'excused', 'cancelled') ELSE s.status END, s.status," \
  " coalesce (s.participants, (SELECT count (*) FROM group_participant c WHERE c.session_id = s.id))," \
  " s.co_facilitator, s.outside_convention"

/* A session row of those columns from column @first on.  FALSE for a
 * value this version does not know (a newer Sessio wrote it): left out of
 * the count rather than guessed at. */
static gboolean
entry_from_row (sqlite3_stmt            *stmt,
                int                      first,
                SessioSessionEvaluation *entry)
{
  entry->session_id = sqlite3_column_int64 (stmt, first);
  entry->engagement_id = sqlite3_column_int64 (stmt, first + 1);
  if (!session_info_from (&entry->info, (const char *) sqlite3_column_text (stmt, first + 2),
                          (const char *) sqlite3_column_text (stmt, first + 3),
                          (const char *) sqlite3_column_text (stmt, first + 4),
                          (const char *) sqlite3_column_text (stmt, first + 5),
                          (const char *) sqlite3_column_text (stmt, first + 6),
                          (const char *) sqlite3_column_text (stmt, first + 7),
                          sqlite3_column_int (stmt, first + 9), sqlite3_column_int (stmt, first + 10) != 0) ||
      !sessio_status_from_string ((const char *) sqlite3_column_text (stmt, first + 8), &entry->session_status))
    return FALSE;
  entry->outside_convention = sqlite3_column_int (stmt, first + 11) != 0;
  return TRUE;
}

/* Runs the engine over the loaded, unsorted sessions of @evaluation and
 * fills in their results.  @evaluator: reusable scratch space, or NULL. */
static void
run_engine (SessioPatientStore         *self,
            SessioEvaluator            *evaluator,
            SessioTrajectoryEvaluation *evaluation,
            const GDate                *bim_from,
            const GDate                *bim_to)
{
  g_autoptr(GArray) infos = NULL;
  g_autofree SessioEvalResult *results = NULL;
  g_autofree SessioEvalResult *results_without_bim = NULL;
  guint n_counted = 0;

  g_array_sort (evaluation->sessions, compare_evaluations);

  /* Sessions outside the convention are never billed and never count:
   * the engine does not see them. */
  infos = g_array_sized_new (FALSE, TRUE, sizeof (SessioSessionInfo), evaluation->sessions->len);
  for (guint i = 0; i < evaluation->sessions->len; i++)
    {
      SessioSessionEvaluation *entry = &g_array_index (evaluation->sessions, SessioSessionEvaluation, i);

      if (!entry->outside_convention)
        g_array_append_val (infos, entry->info);
    }
  results = g_new0 (SessioEvalResult, MAX (infos->len, 1));
  if (evaluator != NULL)
    sessio_evaluator_run (evaluator, &evaluation->patient, &evaluation->trajectory,
                          (const SessioSessionInfo *) (gpointer) infos->data, infos->len, results);
  else
    sessio_evaluate (self->rules, &evaluation->patient, &evaluation->trajectory,
                     (const SessioSessionInfo *) (gpointer) infos->data, infos->len, results);

  /* BIM with validity dates: the engine takes one status per patient, and
   * BIM changes only the co-payment, never what counts, so a second run
   * without it gives the sessions outside the validity their amounts. */
  if (evaluation->patient.bim && (g_date_valid (bim_from) || g_date_valid (bim_to)))
    {
      SessioPatientInfo without = evaluation->patient;

      without.bim = FALSE;
      results_without_bim = g_new0 (SessioEvalResult, MAX (infos->len, 1));
      sessio_evaluate (self->rules, &without, &evaluation->trajectory,
                       (const SessioSessionInfo *) (gpointer) infos->data, infos->len, results_without_bim);
      for (guint i = 0; i < infos->len; i++)
        {
          const GDate *date = &g_array_index (infos, SessioSessionInfo, i).date;

          if ((g_date_valid (bim_from) && g_date_compare (date, bim_from) < 0) ||
              (g_date_valid (bim_to) && g_date_compare (date, bim_to) > 0))
            results[i] = results_without_bim[i];
        }
    }

  for (guint i = 0; i < evaluation->sessions->len; i++)
    {
      SessioSessionEvaluation *entry = &g_array_index (evaluation->sessions, SessioSessionEvaluation, i);

      if (entry->outside_convention)
        {
          memset (&entry->result, 0, sizeof entry->result);
          entry->result.count = -1;
          entry->result.limit = -1;
          entry->result.age = sessio_age_on (&evaluation->patient.birth, &entry->info.date);
        }
      else
        entry->result = results[n_counted++];
    }
}

/* @planned_as_held: show planned sessions as they will be once held (for
 * people); FALSE when checking a change, where only what happened counts. */
SessioTrajectoryEvaluation *
store_evaluate_in (SessioPatientStore  *self,
             sqlite3             *db,
             gint64               trajectory_id,
             const SessioSession *extra,
             gint64               replacing_id,
             gboolean             planned_as_held,
             GError             **error)
{
  g_autoptr(SessioTrajectoryEvaluation) evaluation = g_new0 (SessioTrajectoryEvaluation, 1);
  sqlite3_stmt *stmt;
  GDate bim_from, bim_to;

  g_date_clear (&evaluation->patient.birth, 1);
  g_date_clear (&evaluation->trajectory.start, 1);
  g_date_clear (&evaluation->trajectory.bilan, 1);
  if (!load_trajectory_context (self, db, trajectory_id, evaluation, NULL, NULL, error))
    return NULL;

  evaluation->sessions = g_array_new (FALSE, TRUE, sizeof (SessioSessionEvaluation));
  /* Individual sessions of the trajectory, and the group sessions it
   * takes part in, with the participant's own attendance. */
  if ((stmt = sessio_sql_prepare (db,
                       "SELECT " SESSION_COLUMNS " FROM session WHERE trajectory_id = ?1"
                       " UNION ALL"
                       " SELECT " GROUP_SESSION_COLUMNS
                       " FROM group_participant g JOIN session s ON s.id = g.session_id WHERE g.trajectory_id = ?1",
                       error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, trajectory_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SessioSessionEvaluation entry = { 0 };

      if (sqlite3_column_int64 (stmt, 0) == replacing_id || !entry_from_row (stmt, 0, &entry))
        continue;
      if (planned_as_held && entry.info.status == SESSIO_STATUS_PLANNED)
        {
          entry.info.status = SESSIO_STATUS_HELD;
          entry.as_if_held = TRUE;
        }
      g_array_append_val (evaluation->sessions, entry);
    }
  sqlite3_finalize (stmt);

  if (extra != NULL)
    {
      SessioSessionEvaluation entry = { 0 };
      int participants = extra->participants;

      if (participants <= 0 && extra->trajectories != NULL)
        participants = (int) extra->trajectories->len;
      if (!session_info_from (&entry.info, extra->starts_at, extra->care, extra->setting,
                              extra->location, extra->context, extra->status, participants,
                              extra->co_facilitator))
        {
          store_invalid (error, _("The session has a value this version of Sessio does not know"));
          return NULL;
        }
      entry.session_status = entry.info.status;
      /* A planned session is shown as it will be once held. */
      if (entry.info.status == SESSIO_STATUS_PLANNED)
        {
          entry.info.status = SESSIO_STATUS_HELD;
          entry.as_if_held = TRUE;
        }
      entry.outside_convention = extra->outside_convention;
      g_array_append_val (evaluation->sessions, entry);
    }

  load_bim_validity (db, trajectory_id, &bim_from, &bim_to);
  run_engine (self, NULL, evaluation, &bim_from, &bim_to);
  return g_steal_pointer (&evaluation);
}

typedef struct
{
  gint64                      id;
  SessioTrajectoryEvaluation *evaluation;
  GDate                       bim_from;
  GDate                       bim_to;
  gboolean                    found;
  gboolean                    erased;
} Pending;

/* Trajectory id → its Pending: a plain array when the ids are dense (as
 * a vault's are), since a hash lookup per session row showed in the
 * profile; a hash table otherwise. */
typedef struct
{
  GHashTable *hash;
  Pending   **slots;
  gint64      n_slots;
} PendingIndex;

static void
pending_index_init (PendingIndex *index,
                    Pending      *pending,
                    guint         n)
{
  gint64 max = 0;

  memset (index, 0, sizeof *index);
  for (guint i = 0; i < n; i++)
    max = MAX (max, pending[i].id);
  if (max < (gint64) n * 8 + 4096)
    {
      index->n_slots = max + 1;
      index->slots = g_new0 (Pending *, index->n_slots);
      for (guint i = 0; i < n; i++)
        if (pending[i].id >= 0)
          index->slots[pending[i].id] = &pending[i];
      return;
    }
  index->hash = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < n; i++)
    g_hash_table_insert (index->hash, &pending[i].id, &pending[i]);
}

static Pending *
pending_index_find (PendingIndex *index,
                    gint64        id)
{
  if (index->slots != NULL)
    return id >= 0 && id < index->n_slots ? index->slots[id] : NULL;
  return g_hash_table_lookup (index->hash, &id);
}

static void
pending_index_clear (PendingIndex *index)
{
  g_clear_pointer (&index->slots, g_free);
  g_clear_pointer (&index->hash, g_hash_table_unref);
}

/* A session row as read, before it becomes an evaluation entry. */
typedef struct
{
  gint64             session_id;
  gint64             engagement_id;
  SessioSessionInfo  info;
  guint32            pending;         /* index of its trajectory in the batch */
  guint8             session_status;
  guint8             outside;
} CompactRow;

static void
pending_clear (Pending *pending,
               guint    n)
{
  for (guint i = 0; i < n; i++)
    g_clear_pointer (&pending[i].evaluation, sessio_trajectory_evaluation_free);
  g_free (pending);
}

/* Every trajectory's id, in order. */
static GArray *
list_all_trajectories (sqlite3  *db,
                       GError  **error)
{
  sqlite3_stmt *stmt;
  GArray *all;

  if ((stmt = sessio_sql_prepare (db, "SELECT id FROM trajectory ORDER BY id", error)) == NULL)
    return NULL;
  all = g_array_new (FALSE, FALSE, sizeof (gint64));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (all, id);
    }
  sqlite3_finalize (stmt);
  return all;
}

/* An empty evaluation for each of @n trajectories. */
static Pending *
pending_new (const gint64 *trajectory_ids,
             guint         n)
{
  Pending *pending = g_new0 (Pending, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      pending[i].id = trajectory_ids[i];
      pending[i].evaluation = g_new0 (SessioTrajectoryEvaluation, 1);
      pending[i].evaluation->trajectory_id = trajectory_ids[i];
      pending[i].evaluation->sessions = g_array_new (FALSE, TRUE, sizeof (SessioSessionEvaluation));
      g_date_clear (&pending[i].evaluation->patient.birth, 1);
      g_date_clear (&pending[i].evaluation->trajectory.start, 1);
      g_date_clear (&pending[i].evaluation->trajectory.bilan, 1);
      g_date_clear (&pending[i].bim_from, 1);
      g_date_clear (&pending[i].bim_to, 1);
    }
  return pending;
}

/* The context of every trajectory (a table of people, not sessions):
 * those not asked for are skipped. */
static gboolean
read_contexts (sqlite3       *db,
               PendingIndex  *wanted,
               GError       **error)
{
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (db, "SELECT t.id, p.birth_date, p.bim, e.network, t.start_date, t.bilan_date,"
                                      " p.erased, p.bim_valid_from, p.bim_valid_to, t.patient_id FROM trajectory t"
                                      " JOIN patient p ON p.id = t.patient_id"
                                      " JOIN engagement e ON e.id = t.engagement_id", error)) == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      Pending *p = pending_index_find (wanted, id);
      SessioTrajectoryEvaluation *evaluation;

      if (p == NULL)
        continue;
      evaluation = p->evaluation;
      store_parse_date ((const char *) sqlite3_column_text (stmt, 1), &evaluation->patient.birth);
      evaluation->patient.bim = sqlite3_column_int (stmt, 2) != 0;
      if (!sessio_network_from_string ((const char *) sqlite3_column_text (stmt, 3),
                                       &evaluation->trajectory.network))
        evaluation->trajectory.network = SESSIO_NETWORK_ADULT;
      store_parse_date ((const char *) sqlite3_column_text (stmt, 4), &evaluation->trajectory.start);
      store_parse_date ((const char *) sqlite3_column_text (stmt, 5), &evaluation->trajectory.bilan);
      p->erased = sqlite3_column_int (stmt, 6) != 0 && !g_date_valid (&evaluation->patient.birth);
      store_parse_date ((const char *) sqlite3_column_text (stmt, 7), &p->bim_from);
      store_parse_date ((const char *) sqlite3_column_text (stmt, 8), &p->bim_to);
      evaluation->patient_id = sqlite3_column_int64 (stmt, 9);
      p->found = TRUE;
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/* The sessions of the trajectories asked for that start before @after:
 * individual ones and the group sessions they took part in, with the
 * participant's own attendance, as in evaluate_in().  Later sessions
 * cannot change an earlier result: the engine goes forward in time.
 * Kept compact (half an evaluation entry) in one array while reading, to
 * be handed out grouped by trajectory: at 30,000 patients, an evaluation
 * entry per session for every trajectory at once was most of half a
 * gigabyte.  counts[i + 1] receives the number of rows of pending[i]. */
static GArray *
read_session_rows (sqlite3       *db,
                   const char    *after,
                   PendingIndex  *wanted,
                   Pending       *pending,
                   guint         *counts,
                   GError       **error)
{
  sqlite3_stmt *stmt;
  GArray *rows;

  if ((stmt = sessio_sql_prepare (db,
                       "SELECT trajectory_id, " SESSION_COLUMNS
                       " FROM session WHERE trajectory_id IS NOT NULL AND starts_at < ?1"
                       " UNION ALL"
                       " SELECT g.trajectory_id, " GROUP_SESSION_COLUMNS
                       " FROM group_participant g JOIN session s ON s.id = g.session_id"
                       " WHERE s.starts_at < ?1",
                       error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, after, -1, SQLITE_TRANSIENT);
  rows = g_array_new (FALSE, FALSE, sizeof (CompactRow));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Pending *p = pending_index_find (wanted, sqlite3_column_int64 (stmt, 0));
      SessioSessionEvaluation entry = { 0 };
      CompactRow row;

      if (p == NULL || !entry_from_row (stmt, 1, &entry))
        continue;
      row.session_id = entry.session_id;
      row.engagement_id = entry.engagement_id;
      row.info = entry.info;
      row.pending = (guint32) (p - pending);
      row.session_status = (guint8) entry.session_status;
      row.outside = entry.outside_convention != 0;
      g_array_append_val (rows, row);
      counts[row.pending + 1]++;
    }
  sqlite3_finalize (stmt);
  return rows;
}

/* A counting sort of @rows by trajectory: turns @counts into where each
 * trajectory's rows start, and returns the rows' indexes in that order. */
static guint32 *
sort_rows_by_trajectory (GArray *rows,
                         guint  *counts,
                         guint   n_trajectories)
{
  g_autofree guint *next = NULL;
  guint32 *order;

  for (guint i = 0; i < n_trajectories; i++)
    counts[i + 1] += counts[i];
  order = g_new (guint32, MAX (rows->len, 1));
  next = g_memdup2 (counts, sizeof (guint) * (n_trajectories + 1));
  for (guint r = 0; r < rows->len; r++)
    order[next[g_array_index (rows, CompactRow, r).pending]++] = r;
  return order;
}

/* Gives @evaluation its @n sessions, rows order[first] on. */
static void
fill_sessions (SessioTrajectoryEvaluation *evaluation,
               GArray                     *rows,
               const guint32              *order,
               guint                       first,
               guint                       n)
{
  g_array_set_size (evaluation->sessions, n);
  for (guint k = 0; k < n; k++)
    {
      const CompactRow *row = &g_array_index (rows, CompactRow, order[first + k]);
      SessioSessionEvaluation *entry = &g_array_index (evaluation->sessions, SessioSessionEvaluation, k);

      memset (entry, 0, sizeof *entry);
      entry->session_id = row->session_id;
      entry->engagement_id = row->engagement_id;
      entry->session_status = (SessioStatus) row->session_status;
      entry->info = row->info;
      entry->outside_convention = row->outside;
    }
}

/* The same evaluations as sessio_patient_store_evaluate_held(), read in
 * three statements for all trajectories at once rather than three per
 * trajectory: at 10,000 trajectories, preparing and stepping through
 * per-trajectory queries cost several times the evaluation itself. */
gboolean
sessio_patient_store_evaluate_held_each (SessioPatientStore   *self,
                                         const gint64         *trajectory_ids,
                                         guint                 n_trajectories,
                                         const GDate          *until,
                                         SessioEvaluationFunc  func,
                                         gpointer              user_data,
                                         GError              **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  PendingIndex wanted;
  GArray *rows;
  guint *counts;
  guint32 *order;
  g_autoptr(SessioEvaluator) evaluator = NULL;
  g_autoptr(GArray) all = NULL;
  Pending *pending;
  char after[11] = "9999-12-31";
  gboolean ok = TRUE;

  if (db == NULL)
    return FALSE;
  /* starts_at is ISO text ("2025-03-31" or "2025-03-31T10:00"), so
   * "before the next day" compares as text, without a function per row. */
  if (until != NULL && g_date_valid (until) && g_date_get_julian (until) < G_MAXUINT32 - 1)
    {
      GDate next = *until;

      g_date_add_days (&next, 1);
      sessio_date_to_iso (&next, after);
    }

  if (trajectory_ids == NULL)
    {
      if ((all = list_all_trajectories (db, error)) == NULL)
        return FALSE;
      trajectory_ids = (const gint64 *) (gpointer) all->data;
      n_trajectories = all->len;
    }

  pending = pending_new (trajectory_ids, n_trajectories);
  pending_index_init (&wanted, pending, n_trajectories);

  counts = g_new0 (guint, n_trajectories + 1);
  if (!read_contexts (db, &wanted, error) ||
      (rows = read_session_rows (db, after, &wanted, pending, counts, error)) == NULL)
    {
      g_free (counts);
      pending_index_clear (&wanted);
      pending_clear (pending, n_trajectories);
      return FALSE;
    }
  order = sort_rows_by_trajectory (rows, counts, n_trajectories);

  evaluator = sessio_evaluator_new (self->rules);
  for (guint i = 0; ok && i < n_trajectories; i++)
    {
      fill_sessions (pending[i].evaluation, rows, order, counts[i], counts[i + 1] - counts[i]);
      if (!pending[i].found)
        ok = store_not_found (error, _("There is no such trajectory"));
      else if (pending[i].erased)
        ok = store_invalid (error, _("This patient’s file was erased and can no longer be changed"));
      else
        {
          run_engine (self, evaluator, pending[i].evaluation, &pending[i].bim_from, &pending[i].bim_to);
          ok = func (pending[i].evaluation, user_data, error);
        }
      g_clear_pointer (&pending[i].evaluation, sessio_trajectory_evaluation_free);
    }
  g_free (order);
  g_free (counts);
  g_array_unref (rows);
  pending_index_clear (&wanted);
  pending_clear (pending, n_trajectories);
  return ok;
}

SessioTrajectoryEvaluation *
sessio_patient_store_evaluate_held (SessioPatientStore  *self,
                                    gint64               trajectory_id,
                                    GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);

  return db != NULL ? store_evaluate_in (self, db, trajectory_id, NULL, 0, FALSE, error) : NULL;
}

SessioTrajectoryEvaluation *
sessio_patient_store_evaluate_trajectory (SessioPatientStore  *self,
                                          gint64               trajectory_id,
                                          const SessioSession *extra,
                                          GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);

  /* An @extra with an id is a saved session being edited: it stands in
   * for its stored self, which is not counted twice. */
  return db != NULL ? store_evaluate_in (self, db, trajectory_id, extra,
                                         extra != NULL ? extra->id : 0, TRUE, error) : NULL;
}

const SessioSessionEvaluation *
sessio_trajectory_evaluation_find (SessioTrajectoryEvaluation *self,
                                   gint64                      session_id)
{
  for (guint i = 0; self != NULL && i < self->sessions->len; i++)
    {
      const SessioSessionEvaluation *entry = &g_array_index (self->sessions, SessioSessionEvaluation, i);

      if (entry->session_id == session_id)
        return entry;
    }
  return NULL;
}

char **
sessio_patient_store_meter_lines (SessioPatientStore  *self,
                                  gint64               trajectory_id,
                                  const GDate         *date,
                                  GError             **error)
{
  g_autoptr(SessioTrajectoryEvaluation) evaluation = NULL;
  g_autoptr(GArray) infos = NULL;
  g_autoptr(GArray) results = NULL;
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();
  SessioForecastEntry entries[SESSIO_MAX_FORECAST_ENTRIES];
  gboolean used[SESSIO_N_CARES][SESSIO_N_SETTINGS] = { { FALSE } };
  sqlite3 *db;
  GDate today;
  guint n;

  db = sessio_patient_store_get_db (self, error);
  if (db == NULL)
    return NULL;
  /* Meters count what happened: a planned session is not used yet. */
  evaluation = store_evaluate_in (self, db, trajectory_id, NULL, 0, FALSE, error);
  if (evaluation == NULL)
    return NULL;
  if (date == NULL)
    {
      store_get_today (self, &today);
      date = &today;
    }

  infos = g_array_new (FALSE, TRUE, sizeof (SessioSessionInfo));
  results = g_array_new (FALSE, TRUE, sizeof (SessioEvalResult));
  for (guint i = 0; i < evaluation->sessions->len; i++)
    {
      const SessioSessionEvaluation *entry = &g_array_index (evaluation->sessions, SessioSessionEvaluation, i);

      used[entry->info.care][entry->info.setting] = TRUE;
      if (entry->outside_convention)
        continue;
      g_array_append_val (infos, entry->info);
      g_array_append_val (results, entry->result);
    }

  n = sessio_forecast (self->rules, &evaluation->trajectory,
                       (const SessioSessionInfo *) (gpointer) infos->data,
                       (const SessioEvalResult *) (gpointer) results->data, infos->len, date, entries);
  for (guint i = 0; i < n; i++)
    {
      const SessioForecastEntry *entry = &entries[i];
      const char *care = sessio_care_get_title (entry->care);
      g_autofree char *line = NULL;

      /* Individual limits from the first day, "0 of 8", so that the
       * psychologist sees them before the first session; group limits
       * once the patient has been in a group. */
      if (entry->limit < 0 ||
          (entry->setting == SESSIO_SETTING_GROUP && !used[entry->care][entry->setting]))
        continue;

      if (entry->left == 0 && g_date_valid (&entry->next_possible))
        {
          g_autofree char *next = sessio_format_date (&entry->next_possible);

          if (entry->setting == SESSIO_SETTING_GROUP)
            /* Translators: a meter on the patient page.  %1$s is a care type
             * ("Support"), %2$u the sessions used, %3$d the limit, %4$s a date. */
            line = g_strdup_printf (_("%1$s in groups: %2$u of %3$d in the last 12 months — next reimbursed session possible on %4$s"),
                                    care, entry->used, entry->limit, next);
          else
            /* Translators: a meter on the patient page.  %1$s is a care type
             * ("Support"), %2$u the sessions used, %3$d the limit, %4$s a date. */
            line = g_strdup_printf (_("%1$s: %2$u of %3$d in the last 12 months — next reimbursed session possible on %4$s"),
                                    care, entry->used, entry->limit, next);
        }
      else if (entry->setting == SESSIO_SETTING_GROUP)
        /* Translators: a meter on the patient page.  %1$s is a care type
         * ("Support"), %2$u the sessions used, %3$d the limit. */
        line = g_strdup_printf (_("%1$s in groups: %2$u of %3$d in the last 12 months"),
                                care, entry->used, entry->limit);
      else
        /* Translators: a meter on the patient page.  %1$s is a care type
         * ("Support"), %2$u the sessions used, %3$d the limit. */
        line = g_strdup_printf (_("%1$s: %2$u of %3$d in the last 12 months"),
                                care, entry->used, entry->limit);
      g_strv_builder_add (lines, line);
    }

  return g_strv_builder_end (lines);
}

