/* sessio-patient-store-sessions.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Individual and group sessions: validation against the rules, adding,
 * changing, marking held and deleting.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-format.h"
#include "sessio-patient-store-private.h"
#include "sessio-schema.h"
#include "sessio-sql-private.h"

/* ------------------------------------------------------------ session */

const char * const store_copays[] = { "cash", "transfer", "not-yet", "not-due", NULL };

/* Refuses, with a message saying how to record it anyway, a session the
 * convention does not reimburse. */
static gboolean
check_billable (const SessioSessionEvaluation *entry,
                GError                       **error)
{
  const SessioEvalResult *result = &entry->result;

  if (entry->outside_convention || entry->info.status != SESSIO_STATUS_HELD)
    return TRUE;
  if (result->errors & SESSIO_EVAL_ERROR_BILAN_REQUIRED)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                           _("This care type needs a functional assessment dated on or before the session: record the assessment first, or save the session as outside the convention"));
      return FALSE;
    }
  if (result->errors & SESSIO_EVAL_ERROR_AGE_OUTSIDE_NETWORK)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                           _("On the date of the session the patient’s age is outside this network’s age range: save the session as outside the convention"));
      return FALSE;
    }
  if (result->errors & SESSIO_EVAL_ERROR_NO_RULE_SET)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                           _("No convention rules apply on the date of the session: save it as outside the convention"));
      return FALSE;
    }
  if (result->warnings & SESSIO_EVAL_WARNING_LIMIT_REACHED)
    {
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "This session is over the limit of %d reimbursed session in 12 months: save it as outside the convention to record it",
                                "This session is over the limit of %d reimbursed sessions in 12 months: save it as outside the convention to record it",
                                (gulong) MAX (result->limit, 0)),
                   result->limit);
      return FALSE;
    }
  return TRUE;
}

static gboolean
over_limit (const SessioSessionEvaluation *entry)
{
  return entry->info.status == SESSIO_STATUS_HELD && !entry->outside_convention &&
         (entry->result.warnings & SESSIO_EVAL_WARNING_LIMIT_REACHED) != 0;
}

/* A session recorded (or marked held) earlier in time than sessions
 * already held can push one of those over the limit: the convention
 * counts in date order.  That later session may already be invoiced,
 * and silently turning it into an unpaid one is not what anybody
 * expects, so the change is refused the same way as a session over the
 * limit, naming the session it would affect; the user can still save
 * this one as outside the convention.  @after is the trajectory
 * evaluated with the change, @changed_id the session being changed (0:
 * a new one). */
static gboolean
check_later_sessions (SessioPatientStore          *self,
                      sqlite3                     *db,
                      gint64                       trajectory_id,
                      SessioTrajectoryEvaluation  *after,
                      gint64                       changed_id,
                      GError                     **error)
{
  g_autoptr(SessioTrajectoryEvaluation) before = NULL;

  before = store_evaluate_in (self, db, trajectory_id, NULL, 0, FALSE, error);
  if (before == NULL)
    return FALSE;

  for (guint i = 0; i < after->sessions->len; i++)
    {
      const SessioSessionEvaluation *entry = &g_array_index (after->sessions, SessioSessionEvaluation, i);
      const SessioSessionEvaluation *earlier;
      g_autofree char *date = NULL;

      if (entry->session_id == 0 || entry->session_id == changed_id || !over_limit (entry))
        continue;
      earlier = sessio_trajectory_evaluation_find (before, entry->session_id);
      if (earlier != NULL && over_limit (earlier))
        continue;

      date = sessio_format_date (&entry->info.date);
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                   /* Translators: %s is the date of a session already held */
                   _("This session comes before the one of %s, which would then be over the limit of reimbursed sessions: save this session as outside the convention to record it"),
                   date);
      return FALSE;
    }

  return TRUE;
}

/* Checks the session's own fields, and its fit with the rule set of its
 * date.  @date and @when receive the parsed date. */
static gboolean
validate_session (SessioPatientStore  *self,
                  const SessioSession *session,
                  GDate               *date,
                  char                 when[17],
                  const char         **field,
                  GError             **error)
{
  SessioSessionInfo info;
  SessioRuleSet *rule_set;
  GDate today;

  if (!store_parse_when (session->starts_at, date, when))
    return store_invalid_at (field, "starts_at", error, _("The session needs a date written as YYYY-MM-DD or YYYY-MM-DDTHH:MM"));
  if (!store_is_set (session->care))
    return store_invalid_at (field, "care", error, _("The session needs a care type"));
  if (!sessio_care_from_string (session->care, &info.care))
    return store_invalid_at (field, "care", error, _("Unknown care type"));
  if (!sessio_setting_from_string (store_is_set (session->setting) ? session->setting : "", &info.setting))
    return store_invalid_at (field, "setting", error, _("The setting must be “individual” or “group”"));
  if (store_is_set (session->location) && !sessio_location_from_string (session->location, &info.location))
    return store_invalid_at (field, "location", error, _("Unknown location"));
  if (store_is_set (session->context) && !sessio_context_from_string (session->context, &info.context))
    return store_invalid_at (field, "context", error, _("The context must be “own” or “clb”"));
  if (store_is_set (session->status) && !sessio_status_from_string (session->status, &info.status))
    return store_invalid_at (field, "status", error, _("The status must be “planned”, “held”, “no-show” or “cancelled”"));
  if (!store_is_set (session->status))
    info.status = SESSIO_STATUS_HELD;
  if (store_is_set (session->copay) && !store_one_of (session->copay, store_copays))
    return store_invalid_at (field, "copay", error, _("The co-payment must be “cash”, “transfer”, “not-yet” or “not-due”"));
  if (store_is_set (session->copay_date))
    {
      GDate received;

      if (!store_parse_date (session->copay_date, &received))
        return store_invalid_at (field, "copay_date", error,
                                 _("The date the co-payment was received must be a real date written as YYYY-MM-DD"));
      store_get_today (self, &today);
      if (g_date_compare (&received, &today) > 0)
        return store_invalid_at (field, "copay_date", error, _("The co-payment cannot have been received in the future"));
      if (g_strcmp0 (session->copay, "cash") != 0 && g_strcmp0 (session->copay, "transfer") != 0)
        return store_invalid_at (field, "copay_date", error,
                                 _("Only a co-payment received in cash or by transfer has a date of receipt"));
    }
  if (session->duration_min < 0 || session->duration_min > 600)
    return store_invalid_at (field, "duration_min", error, _("The duration must be between 1 and 600 minutes"));
  if (session->participants < 0 || session->participants > 100)
    return store_invalid_at (field, "participants", error, _("The number of participants must be between 1 and 100"));

  store_get_today (self, &today);
  if ((info.status == SESSIO_STATUS_HELD || info.status == SESSIO_STATUS_NO_SHOW) &&
      g_date_compare (date, &today) > 0)
    return store_invalid_at (field, "status", error, _("A session dated in the future cannot be held or missed yet: plan it instead"));

  if (info.setting == SESSIO_SETTING_GROUP)
    {
      if (session->trajectories == NULL || session->trajectories->len == 0)
        return store_invalid_at (field, "trajectories", error, _("A group session needs at least one participant"));
      if (session->participants > 0 && (guint) session->participants < session->trajectories->len)
        return store_invalid_at (field, "participants", error, _("A group session cannot have fewer participants than the patients listed"));
    }
  else if (session->trajectory_id <= 0)
    return store_invalid_at (field, "trajectory_id", error, _("An individual session needs a trajectory"));

  /* The rule set decides which care types exist; a session recorded
   * outside the convention is not bound by it. */
  rule_set = sessio_rules_lookup (self->rules, date);
  if (!session->outside_convention)
    {
      if (rule_set == NULL)
        return store_invalid_at (field, "starts_at", error, _("No convention rules apply before 1 January 2022: record the session as outside the convention"));
      if (!sessio_rule_set_has_care (rule_set, info.care))
        return store_invalid_at (field, "care", error, _("This care type is not part of the convention rules valid on the date of the session"));
      if (info.setting == SESSIO_SETTING_INDIVIDUAL && sessio_rule_set_care_is_group_only (rule_set, info.care))
        return store_invalid_at (field, "care", error, _("This care type exists only as a group session"));
    }
  return TRUE;
}

/* Checks a session's date against its trajectory's start and end. */
static gboolean
check_in_trajectory (sqlite3      *db,
                     gint64        trajectory_id,
                     const GDate  *date,
                     gint64       *engagement_id,
                     GError      **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  if ((stmt = sessio_sql_prepare (db, "SELECT t.start_date, t.end_date, t.engagement_id, p.erased, p.closed_at"
                           " FROM trajectory t JOIN patient p ON p.id = t.patient_id WHERE t.id = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, trajectory_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GDate start, end;

      if (sqlite3_column_int (stmt, 3) != 0)
        ok = store_invalid (error, _("This patient’s file was erased and can no longer be changed"));
      else if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        ok = store_closed (error);
      else if (store_parse_date ((const char *) sqlite3_column_text (stmt, 0), &start) &&
               g_date_compare (date, &start) < 0)
        ok = store_invalid (error, _("The session is dated before the start of its trajectory"));
      else if (store_parse_date ((const char *) sqlite3_column_text (stmt, 1), &end) &&
               g_date_compare (date, &end) > 0)
        ok = store_invalid (error, _("The session is dated after the end of its trajectory"));
      *engagement_id = sqlite3_column_int64 (stmt, 2);
    }
  else
    ok = store_not_found (error, _("There is no such trajectory"));
  sqlite3_finalize (stmt);
  return ok;
}

/**
 * sessio_patient_store_check_session:
 * @field: (out) (optional): the field at fault ("starts_at", "care",
 *   "trajectories", ...)
 *
 * Whether a new @session's own fields are acceptable, and otherwise why
 * and at which field, so that an editor can mark it before saving.  The
 * checks against the trajectories and the limits are made on saving.
 */
gboolean
sessio_patient_store_check_session (SessioPatientStore   *self,
                                    const SessioSession  *session,
                                    const char          **field,
                                    GError              **error)
{
  GDate date;
  char when[17];

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (self), FALSE);
  g_return_val_if_fail (session != NULL, FALSE);

  if (field != NULL)
    *field = NULL;
  return validate_session (self, session, &date, when, field, error);
}

gint64
sessio_patient_store_add_session (SessioPatientStore  *self,
                                  const SessioSession *session,
                                  GError             **error)
{
  gboolean group = g_strcmp0 (session->setting, "group") == 0;
  gint64 engagement_id = 0, id = 0;
  char when[17];
  GDate date;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  if (!validate_session (self, session, &date, when, NULL, error) || !store_begin (self, error))
    return 0;
  db = sessio_vault_get_db (self->vault);

  /* Every participant's trajectory: the right engagement, the date
   * inside it, and the session reimbursable for each of them. */
  if (group)
    {
      for (guint i = 0; ok && i < session->trajectories->len; i++)
        {
          gint64 trajectory_id = g_array_index (session->trajectories, gint64, i);
          gint64 this_engagement = 0;

          for (guint j = 0; ok && j < i; j++)
            if (g_array_index (session->trajectories, gint64, j) == trajectory_id)
              ok = store_invalid (error, _("A trajectory is listed twice in the group session"));
          ok = ok && check_in_trajectory (db, trajectory_id, &date, &this_engagement, error);
          if (ok && engagement_id != 0 && this_engagement != engagement_id)
            ok = store_invalid (error, _("All participants of a group session must belong to one engagement"));
          engagement_id = this_engagement;
          if (ok && session->engagement_id > 0 && session->engagement_id != engagement_id)
            ok = store_invalid (error, _("The participants’ trajectories belong to another engagement"));
        }
    }
  else
    ok = check_in_trajectory (db, session->trajectory_id, &date, &engagement_id, error);

  for (guint i = 0; ok && i < (group ? session->trajectories->len : 1); i++)
    {
      gint64 trajectory_id = group ? g_array_index (session->trajectories, gint64, i) : session->trajectory_id;
      g_autoptr(SessioTrajectoryEvaluation) evaluation = store_evaluate_in (self, db, trajectory_id, session, 0, FALSE, error);
      SessioSession held = *session;

      ok = evaluation != NULL;
      if (ok)
        {
          SessioSessionEvaluation entry = *sessio_trajectory_evaluation_find (evaluation, 0);

          /* Planned sessions are evaluated as if held but only refused
           * once they are marked held.  They do count towards the limit
           * as soon as they are planned, so one dated before sessions
           * already held is checked against those. */
          if (!store_is_set (held.status) || g_strcmp0 (held.status, "held") == 0)
            ok = check_billable (&entry, error);
          if (ok && !session->outside_convention)
            ok = check_later_sessions (self, db, trajectory_id, evaluation, 0, error);
        }
    }

  if (ok && (stmt = sessio_sql_prepare (db, "INSERT INTO session (engagement_id, trajectory_id, starts_at, duration_min,"
                                 " care_type, setting, location, context, status, participants, co_facilitator,"
                                 " outside_convention, copay, notes, copay_date) VALUES (?, ?, ?, ?, ?, ?, coalesce (?, 'practice'),"
                                 " coalesce (?, 'own'), coalesce (?, 'held'), ?, ?, ?, coalesce (?, 'not-yet'), ?, ?)",
                             error)) == NULL)
    ok = FALSE;
  else if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, engagement_id);
      sessio_sql_bind_id (stmt, 2, group ? 0 : session->trajectory_id);
      sessio_sql_bind_text (stmt, 3, when);
      sqlite3_bind_int (stmt, 4, session->duration_min > 0 ? session->duration_min : (group ? 90 : 60));
      sessio_sql_bind_text (stmt, 5, session->care);
      sessio_sql_bind_text (stmt, 6, session->setting);
      sessio_sql_bind_text (stmt, 7, session->location);
      sessio_sql_bind_text (stmt, 8, session->context);
      sessio_sql_bind_text (stmt, 9, session->status);
      if (group && session->participants > 0)
        sqlite3_bind_int (stmt, 10, session->participants);
      else
        sqlite3_bind_null (stmt, 10);
      sqlite3_bind_int (stmt, 11, session->co_facilitator ? 1 : 0);
      sqlite3_bind_int (stmt, 12, session->outside_convention ? 1 : 0);
      sessio_sql_bind_text (stmt, 13, session->copay);
      sessio_sql_bind_text (stmt, 14, session->notes);
      sessio_sql_bind_text (stmt, 15, session->copay_date);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
      id = sqlite3_last_insert_rowid (db);
    }

  for (guint i = 0; ok && group && i < session->trajectories->len; i++)
    {
      if ((stmt = sessio_sql_prepare (db, "INSERT INTO group_participant (session_id, trajectory_id, status, copay, copay_date)"
                               " VALUES (?, ?, coalesce (?, 'held'), coalesce (?, 'not-yet'), ?)", error)) == NULL)
        ok = FALSE;
      else
        {
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_int64 (stmt, 2, g_array_index (session->trajectories, gint64, i));
          sessio_sql_bind_text (stmt, 3, session->status);
          sessio_sql_bind_text (stmt, 4, session->copay);
          sessio_sql_bind_text (stmt, 5, session->copay_date);
          ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
        }
    }

  ok = ok && store_audit (self, "create", "session", id, error);
  return store_finish (self, ok, error) ? id : 0;
}

static gboolean
read_session (sqlite3        *db,
              gint64          id,
              SessioSession  *session,
              GError        **error)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  memset (session, 0, sizeof *session);
  if (db == NULL ||
      (stmt = sessio_sql_prepare (db, "SELECT id, coalesce (trajectory_id, 0), engagement_id, starts_at, duration_min,"
                           " care_type, setting, location, context, status, coalesce (participants, 0),"
                           " co_facilitator, outside_convention, copay, notes, copay_date FROM session WHERE id = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      session->id = sqlite3_column_int64 (stmt, 0);
      session->trajectory_id = sqlite3_column_int64 (stmt, 1);
      session->engagement_id = sqlite3_column_int64 (stmt, 2);
      session->starts_at = sessio_sql_column_text (stmt, 3);
      session->duration_min = sqlite3_column_int (stmt, 4);
      session->care = sessio_sql_column_text (stmt, 5);
      session->setting = sessio_sql_column_text (stmt, 6);
      session->location = sessio_sql_column_text (stmt, 7);
      session->context = sessio_sql_column_text (stmt, 8);
      session->status = sessio_sql_column_text (stmt, 9);
      session->participants = sqlite3_column_int (stmt, 10);
      session->co_facilitator = sqlite3_column_int (stmt, 11) != 0;
      session->outside_convention = sqlite3_column_int (stmt, 12) != 0;
      session->copay = sessio_sql_column_text (stmt, 13);
      session->notes = sessio_sql_column_text (stmt, 14);
      session->copay_date = sessio_sql_column_text (stmt, 15);
      found = TRUE;
    }
  sqlite3_finalize (stmt);

  if (!found)
    return store_not_found (error, _("There is no such session"));
  if (g_strcmp0 (session->setting, "group") == 0)
    {
      session->trajectories = store_read_participants (db, id, error);
      if (session->trajectories == NULL)
        {
          sessio_session_clear (session);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
sessio_patient_store_get_session (SessioPatientStore  *self,
                                  gint64               id,
                                  SessioSession       *session,
                                  GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);

  memset (session, 0, sizeof *session);
  return db != NULL && read_session (db, id, session, error);
}

/* ------------------------------------------------------- corrections */

/* The fields of a session as the history keeps them, and whether a
 * change of each alters what an invoice bills. */
enum {
  F_STARTS_AT, F_DURATION, F_CARE, F_LOCATION, F_CONTEXT, F_STATUS, F_PARTICIPANTS,
  F_CO_FACILITATOR, F_OUTSIDE, F_COPAY, F_COPAY_DATE, F_NOTES, F_TRAJECTORY, F_TRAJECTORIES,
  N_SESSION_FIELDS
};

static const struct
{
  const char *name;
  gboolean    billing;
} session_fields[N_SESSION_FIELDS] = {
  [F_STARTS_AT] = { "starts_at", TRUE },
  [F_DURATION] = { "duration_min", FALSE },
  [F_CARE] = { "care", TRUE },
  [F_LOCATION] = { "location", TRUE },
  [F_CONTEXT] = { "context", TRUE },
  [F_STATUS] = { "status", TRUE },
  [F_PARTICIPANTS] = { "participants", TRUE },
  [F_CO_FACILITATOR] = { "co_facilitator", TRUE },
  [F_OUTSIDE] = { "outside_convention", TRUE },
  [F_COPAY] = { "copay", FALSE },
  [F_COPAY_DATE] = { "copay_date", FALSE },
  [F_NOTES] = { "notes", FALSE },
  [F_TRAJECTORY] = { "trajectory_id", TRUE },
  [F_TRAJECTORIES] = { "trajectories", TRUE },
};

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Each field of @session as stored, with the defaults the database
 * applies, so that a value left unset compares equal to its default.
 * @when: the normalised date and time. */
static void
session_texts (const SessioSession *session,
               const char          *when,
               gboolean             group,
               char                *texts[N_SESSION_FIELDS])
{
  texts[F_STARTS_AT] = g_strdup (when);
  texts[F_DURATION] = g_strdup_printf ("%d", session->duration_min > 0 ? session->duration_min : (group ? 90 : 60));
  texts[F_CARE] = g_strdup (session->care);
  texts[F_LOCATION] = g_strdup (store_is_set (session->location) ? session->location : "practice");
  texts[F_CONTEXT] = g_strdup (store_is_set (session->context) ? session->context : "own");
  texts[F_STATUS] = g_strdup (store_is_set (session->status) ? session->status : "held");
  texts[F_PARTICIPANTS] = group && session->participants > 0 ? g_strdup_printf ("%d", session->participants) : NULL;
  texts[F_CO_FACILITATOR] = g_strdup (session->co_facilitator ? "1" : "0");
  texts[F_OUTSIDE] = g_strdup (session->outside_convention ? "1" : "0");
  texts[F_COPAY] = g_strdup (store_is_set (session->copay) ? session->copay : "not-yet");
  texts[F_COPAY_DATE] = g_strdup (session->copay_date);
  texts[F_NOTES] = g_strdup (session->notes);
  texts[F_TRAJECTORY] = !group && session->trajectory_id > 0 ?
                        g_strdup_printf ("%" G_GINT64_FORMAT, session->trajectory_id) : NULL;
  texts[F_TRAJECTORIES] = NULL;
  if (group && session->trajectories != NULL)
    {
      g_autoptr(GArray) sorted = g_array_copy (session->trajectories);
      GString *list = g_string_new (NULL);

      g_array_sort (sorted, compare_ids);
      for (guint i = 0; i < sorted->len; i++)
        g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", g_array_index (sorted, gint64, i));
      texts[F_TRAJECTORIES] = g_string_free (list, FALSE);
    }
}

static void
session_texts_clear (char *texts[N_SESSION_FIELDS])
{
  for (guint i = 0; i < N_SESSION_FIELDS; i++)
    g_clear_pointer (&texts[i], g_free);
}

static char *
locked_invoice_number (sqlite3 *db,
                       gint64   session_id)
{
  sqlite3_stmt *stmt = NULL;
  char *number = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT i.number FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id"
                              " WHERE l.session_id = ? AND l.session_id IN (SELECT session_id FROM invoice_locked_session)"
                              "   AND i.kind = 'invoice' AND i.status = 'issued'"
                              "   AND NOT EXISTS (SELECT 1 FROM invoice c WHERE c.credits_invoice_id = i.id)"
                              " ORDER BY i.id LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, session_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    number = sessio_sql_column_text (stmt, 0);
  sqlite3_finalize (stmt);
  return number;
}

char *
sessio_patient_store_get_session_invoice (SessioPatientStore  *self,
                                          gint64               session_id,
                                          GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);

  return db != NULL ? locked_invoice_number (db, session_id) : NULL;
}

/* The stored session and @session completed the way a correction
 * completes it (setting, trajectory, participants kept when not given). */
static gboolean
prepare_correction (sqlite3             *db,
                    const SessioSession *session,
                    SessioSession       *old,
                    SessioSession       *changed,
                    const char         **field,
                    GError             **error)
{
  if (!read_session (db, session->id, old, error))
    return FALSE;
  if (store_is_set (session->setting) && g_strcmp0 (session->setting, old->setting) != 0)
    return store_invalid_at (field, "setting", error,
                             _("An individual session cannot become a group session or the other way round: delete it and log it anew"));

  *changed = *session;
  changed->setting = old->setting;
  if (g_strcmp0 (old->setting, "group") != 0 && changed->trajectory_id <= 0)
    changed->trajectory_id = old->trajectory_id;
  if (g_strcmp0 (old->setting, "group") == 0 && changed->trajectories == NULL)
    changed->trajectories = old->trajectories;
  return TRUE;
}

/* Whether a change of @changed from @old alters a billed field. */
static gboolean
changes_billing (const SessioSession *old,
                 const SessioSession *changed,
                 const char          *when)
{
  gboolean group = g_strcmp0 (old->setting, "group") == 0;
  char *before[N_SESSION_FIELDS], *after[N_SESSION_FIELDS];
  gboolean differs = FALSE;

  session_texts (old, old->starts_at, group, before);
  session_texts (changed, when, group, after);
  for (guint i = 0; i < N_SESSION_FIELDS; i++)
    if (session_fields[i].billing && g_strcmp0 (before[i], after[i]) != 0)
      differs = TRUE;
  session_texts_clear (before);
  session_texts_clear (after);
  return differs;
}

static char *
billing_change_message (const char *number)
{
  /* Translators: %s is an invoice number such as 2025-0007. */
  return g_strdup_printf (_("This session is billed on issued invoice %s, which keeps what it billed: to settle the correction, cancel that invoice with a credit note; the corrected session then goes on the next invoice drafted for its period"),
                          number);
}

char *
sessio_patient_store_describe_billing_change (SessioPatientStore  *self,
                                              const SessioSession *session,
                                              GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  g_autofree char *number = NULL;
  SessioSession old = { 0 }, changed = { 0 };
  char when[17];
  GDate date;
  char *message = NULL;

  if (db == NULL || (number = locked_invoice_number (db, session->id)) == NULL)
    return NULL;
  if (!prepare_correction (db, session, &old, &changed, NULL, error))
    {
      sessio_session_clear (&old);
      return NULL;
    }
  /* An unreadable date is for the correction itself to refuse. */
  if (store_parse_when (changed.starts_at, &date, when) && changes_billing (&old, &changed, when))
    message = billing_change_message (number);
  sessio_session_clear (&old);
  return message;
}

/* The field a refusal of check_billable() is about. */
static const char *
billable_field (const SessioSessionEvaluation *entry)
{
  if (entry->result.errors & SESSIO_EVAL_ERROR_BILAN_REQUIRED)
    return "care";
  if (entry->result.warnings & SESSIO_EVAL_WARNING_LIMIT_REACHED)
    return "outside_convention";
  return "starts_at";
}

/* Each trajectory of the corrected session (a group's participants, or
 * the one of an individual session): listed once, in one engagement
 * (returned in @engagement_id), open on the date, and, when the
 * correction changes billing, still billable with the later sessions
 * still valid. */
static gboolean
check_trajectories (SessioPatientStore  *self,
                    sqlite3             *db,
                    gint64               session_id,
                    const SessioSession *changed,
                    gboolean             group,
                    gboolean             billing_changed,
                    const GDate         *date,
                    gint64              *engagement_id,
                    const char         **field,
                    GError             **error)
{
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < (group ? changed->trajectories->len : 1); i++)
    {
      gint64 trajectory_id = group ? g_array_index (changed->trajectories, gint64, i) : changed->trajectory_id;
      gint64 this_engagement = 0;
      g_autoptr(SessioTrajectoryEvaluation) evaluation = NULL;

      for (guint j = 0; ok && group && j < i; j++)
        if (g_array_index (changed->trajectories, gint64, j) == trajectory_id)
          ok = store_invalid_at (field, "trajectories", error, _("A trajectory is listed twice in the group session"));
      ok = ok && check_in_trajectory (db, trajectory_id, date, &this_engagement, error);
      if (!ok && field != NULL && *field == NULL && g_error_matches (*error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT))
        *field = "starts_at";
      if (ok && *engagement_id != 0 && this_engagement != *engagement_id)
        ok = store_invalid_at (field, "trajectories", error, _("All participants of a group session must belong to one engagement"));
      *engagement_id = this_engagement;
      if (!ok)
        break;
      /* A correction of what does not count (the note, the duration,
       * the co-payment received) cannot change the rules' verdict: it is
       * not refused for a verdict it did not cause (a session saved
       * before a rule changed, imported data). */
      if (!billing_changed)
        continue;
      evaluation = store_evaluate_in (self, db, trajectory_id, changed, session_id, FALSE, error);
      ok = evaluation != NULL;
      if (ok && (!store_is_set (changed->status) || g_strcmp0 (changed->status, "held") == 0))
        {
          const SessioSessionEvaluation *entry = sessio_trajectory_evaluation_find (evaluation, 0);

          ok = check_billable (entry, error);
          if (!ok && field != NULL)
            *field = billable_field (entry);
        }
      if (ok && !changed->outside_convention)
        {
          ok = check_later_sessions (self, db, trajectory_id, evaluation, session_id, error);
          if (!ok && field != NULL)
            *field = "starts_at";
        }
    }
  return ok;
}

/* The session's own row, corrected. */
static gboolean
update_session_row (sqlite3              *db,
                    gint64                session_id,
                    const SessioSession  *changed,
                    gboolean              group,
                    const char           *when,
                    gint64                engagement_id,
                    GError              **error)
{
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (db, "UPDATE session SET engagement_id = ?, trajectory_id = ?, starts_at = ?,"
                                 " duration_min = ?, care_type = ?, location = coalesce (?, 'practice'),"
                                 " context = coalesce (?, 'own'), status = coalesce (?, 'held'), participants = ?,"
                                 " co_facilitator = ?, outside_convention = ?, copay = coalesce (?, 'not-yet'),"
                                 " notes = ?, copay_date = ? WHERE id = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, engagement_id);
  sessio_sql_bind_id (stmt, 2, group ? 0 : changed->trajectory_id);
  sessio_sql_bind_text (stmt, 3, when);
  sqlite3_bind_int (stmt, 4, changed->duration_min > 0 ? changed->duration_min : (group ? 90 : 60));
  sessio_sql_bind_text (stmt, 5, changed->care);
  sessio_sql_bind_text (stmt, 6, changed->location);
  sessio_sql_bind_text (stmt, 7, changed->context);
  sessio_sql_bind_text (stmt, 8, changed->status);
  if (group && changed->participants > 0)
    sqlite3_bind_int (stmt, 9, changed->participants);
  else
    sqlite3_bind_null (stmt, 9);
  sqlite3_bind_int (stmt, 10, changed->co_facilitator ? 1 : 0);
  sqlite3_bind_int (stmt, 11, changed->outside_convention ? 1 : 0);
  sessio_sql_bind_text (stmt, 12, changed->copay);
  sessio_sql_bind_text (stmt, 13, changed->notes);
  sessio_sql_bind_text (stmt, 14, changed->copay_date);
  sqlite3_bind_int64 (stmt, 15, session_id);
  return sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
}

/* A group's participants: those no longer listed (@trajectories, the ids
 * separated by commas) leave, new ones join with the session's attendance
 * and co-payment, the others keep their own unless the session's status
 * or co-payment was changed. */
static gboolean
update_participants (sqlite3              *db,
                     gint64                session_id,
                     const SessioSession  *changed,
                     const char           *trajectories,
                     gboolean              status_changed,
                     gboolean              copay_changed,
                     GError              **error)
{
  g_autofree char *list = g_strdup_printf ("[%s]", trajectories);
  sqlite3_stmt *stmt;
  gboolean ok;

  if ((stmt = sessio_sql_prepare (db, "DELETE FROM group_participant WHERE session_id = ?"
                                      " AND trajectory_id NOT IN (SELECT value FROM json_each (?))", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, session_id);
  sessio_sql_bind_text (stmt, 2, list);
  ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);

  for (guint i = 0; ok && i < changed->trajectories->len; i++)
    {
      if ((stmt = sessio_sql_prepare (db, "INSERT INTO group_participant (session_id, trajectory_id, status, copay, copay_date)"
                               " VALUES (?1, ?2, coalesce (?3, 'held'), coalesce (?4, 'not-yet'), ?5)"
                               " ON CONFLICT (session_id, trajectory_id) DO UPDATE SET"
                               "  status = CASE WHEN ?6 THEN excluded.status ELSE status END,"
                               "  copay = CASE WHEN ?7 THEN excluded.copay ELSE copay END,"
                               "  copay_date = CASE WHEN ?7 THEN excluded.copay_date ELSE copay_date END", error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, session_id);
      sqlite3_bind_int64 (stmt, 2, g_array_index (changed->trajectories, gint64, i));
      sessio_sql_bind_text (stmt, 3, changed->status);
      sessio_sql_bind_text (stmt, 4, changed->copay);
      sessio_sql_bind_text (stmt, 5, changed->copay_date);
      sqlite3_bind_int (stmt, 6, status_changed ? 1 : 0);
      sqlite3_bind_int (stmt, 7, copay_changed ? 1 : 0);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
    }
  return ok;
}

static gboolean
correct_session (SessioPatientStore  *self,
                 const SessioSession *session,
                 gboolean             on_invoice_allowed,
                 const char         **field,
                 GError             **error)
{
  SessioSession old = { 0 }, changed = { 0 };
  char *before[N_SESSION_FIELDS] = { NULL }, *after[N_SESSION_FIELDS] = { NULL };
  g_autofree char *changed_at = store_now_iso8601 ();
  g_autofree char *number = NULL;
  g_autoptr(GString) fields = g_string_new (NULL);
  gint64 engagement_id = 0;
  gboolean group, ok = TRUE, status_changed = FALSE, copay_changed = FALSE, billing_changed = FALSE;
  sqlite3 *db;
  char when[17];
  GDate date;

  if (field != NULL)
    *field = NULL;
  if (!store_begin (self, error))
    return FALSE;
  db = sessio_vault_get_db (self->vault);

  ok = prepare_correction (db, session, &old, &changed, field, error);
  group = ok && g_strcmp0 (old.setting, "group") == 0;
  ok = ok && validate_session (self, &changed, &date, when, field, error);

  /* update_session() keeps its promise to older callers: on an issued
   * invoice only what does not alter billing changes. */
  if (ok && !on_invoice_allowed && (number = locked_invoice_number (db, session->id)) != NULL &&
      changes_billing (&old, &changed, when))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                           _("This session is on an issued invoice and cannot be changed"));
      ok = FALSE;
    }

  billing_changed = ok && changes_billing (&old, &changed, when);
  ok = ok && check_trajectories (self, db, session->id, &changed, group, billing_changed, &date,
                                 &engagement_id, field, error);

  if (ok)
    {
      session_texts (&old, old.starts_at, group, before);
      session_texts (&changed, when, group, after);
      status_changed = g_strcmp0 (before[F_STATUS], after[F_STATUS]) != 0;
      copay_changed = g_strcmp0 (before[F_COPAY], after[F_COPAY]) != 0 ||
                      g_strcmp0 (before[F_COPAY_DATE], after[F_COPAY_DATE]) != 0;
      for (guint i = 0; ok && i < N_SESSION_FIELDS; i++)
        ok = store_keep_change (db, "session_history", "session_id", session->id, changed_at,
                                session_fields[i].name, before[i], after[i], fields, error);
    }

  ok = ok && update_session_row (db, session->id, &changed, group, when, engagement_id, error);
  ok = ok && (!group || update_participants (db, session->id, &changed, after[F_TRAJECTORIES],
                                             status_changed, copay_changed, error));
  ok = ok && store_audit_update (self, "update", fields, "session", session->id, error);
  session_texts_clear (before);
  session_texts_clear (after);
  sessio_session_clear (&old);
  return store_finish (self, ok, error);
}

gboolean
sessio_patient_store_correct_session (SessioPatientStore  *self,
                                      const SessioSession *session,
                                      const char         **field,
                                      GError             **error)
{
  return correct_session (self, session, TRUE, field, error);
}

gboolean
sessio_patient_store_update_session (SessioPatientStore  *self,
                                     const SessioSession *session,
                                     GError             **error)
{
  return correct_session (self, session, FALSE, NULL, error);
}

GPtrArray *
sessio_patient_store_get_session_history (SessioPatientStore  *self,
                                          gint64               session_id,
                                          GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  g_autoptr(GPtrArray) changes = NULL;

  if (db == NULL)
    return NULL;
  if (!store_row_exists (db, "SELECT 1 FROM session WHERE id = ?", session_id))
    return store_not_found (error, _("There is no such session")), NULL;
  changes = store_read_history (db, "session_history", "session_id", session_id, error);
  if (changes == NULL || !sessio_patient_store_audit_view (self, "view history", "session", session_id, error))
    return NULL;
  return g_steal_pointer (&changes);
}
/* Whether individual session @id belongs to a closed file (read only).
 * A group session is the group's: a closed participant's own attendance
 * is guarded by set_participant(). */
static gboolean
in_closed_file (sqlite3 *db,
                gint64   id)
{
  return store_row_exists (db, "SELECT 1 FROM session s JOIN trajectory t ON t.id = s.trajectory_id"
                               " JOIN patient p ON p.id = t.patient_id WHERE s.id = ? AND p.closed_at IS NOT NULL", id);
}

/**
 * sessio_patient_store_session_in_closed_file:
 *
 * Whether individual session @session_id belongs to a closed file: the
 * editors then show it read only, as the core would refuse a correction.
 */
gboolean
sessio_patient_store_session_in_closed_file (SessioPatientStore *self,
                                             gint64              session_id)
{
  sqlite3 *db = sessio_patient_store_get_db (self, NULL);

  return db != NULL && in_closed_file (db, session_id);
}

/* Whether @status changes session @id while an issued invoice bills it. */
static gboolean
locked_status_change (sqlite3    *db,
                      gint64      id,
                      const char *status)
{
  sqlite3_stmt *stmt = NULL;
  gboolean locked;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM session WHERE id = ?1 AND status IS NOT ?2"
                              " AND id IN (SELECT session_id FROM invoice_locked_session)", -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_TRANSIENT);
  locked = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return locked;
}

gboolean
sessio_patient_store_set_session_status (SessioPatientStore  *self,
                                         gint64               session_id,
                                         const char          *status,
                                         gboolean             outside_convention,
                                         GError             **error)
{
  static const char * const statuses[] = { "planned", "held", "no-show", "cancelled", NULL };
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  SessioSession session = { 0 };
  g_autoptr(GArray) trajectories = g_array_new (FALSE, FALSE, sizeof (gint64));
  GDate date, today;
  char when[17];

  if (!store_one_of (status, statuses))
    return store_invalid (error, _("The status must be “planned”, “held”, “no-show” or “cancelled”"));
  if (!store_begin (self, error))
    return FALSE;
  db = sessio_vault_get_db (self->vault);

  if ((stmt = sessio_sql_prepare (db, "SELECT trajectory_id, starts_at, care_type, setting, location, context,"
                           " participants, co_facilitator, outside_convention FROM session WHERE id = ?", error)) == NULL)
    ok = FALSE;
  else
    {
      sqlite3_bind_int64 (stmt, 1, session_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          session.trajectory_id = sqlite3_column_int64 (stmt, 0);
          session.starts_at = sessio_sql_column_text (stmt, 1);
          session.care = sessio_sql_column_text (stmt, 2);
          session.setting = sessio_sql_column_text (stmt, 3);
          session.location = sessio_sql_column_text (stmt, 4);
          session.context = sessio_sql_column_text (stmt, 5);
          session.participants = sqlite3_column_int (stmt, 6);
          session.co_facilitator = sqlite3_column_int (stmt, 7) != 0;
          session.outside_convention = outside_convention || sqlite3_column_int (stmt, 8) != 0;
          session.status = g_strdup (status);
        }
      else
        ok = store_not_found (error, _("There is no such session"));
      sqlite3_finalize (stmt);
    }

  /* Marking a session is not a correction: on an issued invoice it is
   * refused, as before (sessio_patient_store_correct_session() is the
   * way to correct a billed session). */
  if (ok && in_closed_file (db, session_id))
    ok = store_closed (error);
  else if (ok && locked_status_change (db, session_id, status))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                           _("This session is on an issued invoice and cannot be changed"));
      ok = FALSE;
    }

  store_get_today (self, &today);
  if (ok && (g_strcmp0 (status, "held") == 0 || g_strcmp0 (status, "no-show") == 0) &&
      store_parse_when (session.starts_at, &date, when) && g_date_compare (&date, &today) > 0)
    ok = store_invalid (error, _("A session dated in the future cannot be held or missed yet: plan it instead"));

  if (ok && session.trajectory_id > 0)
    g_array_append_val (trajectories, session.trajectory_id);
  else if (ok && (stmt = sessio_sql_prepare (db, "SELECT trajectory_id FROM group_participant WHERE session_id = ?", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, session_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 trajectory_id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (trajectories, trajectory_id);
        }
      sqlite3_finalize (stmt);
    }
  else
    ok = FALSE;

  for (guint i = 0; ok && g_strcmp0 (status, "held") == 0 && i < trajectories->len; i++)
    {
      g_autoptr(SessioTrajectoryEvaluation) evaluation =
        store_evaluate_in (self, db, g_array_index (trajectories, gint64, i), &session, session_id, FALSE, error);

      ok = evaluation != NULL && check_billable (sessio_trajectory_evaluation_find (evaluation, 0), error);
      if (ok && !session.outside_convention)
        ok = check_later_sessions (self, db, g_array_index (trajectories, gint64, i), evaluation,
                                   session_id, error);
    }

  if (ok && (stmt = sessio_sql_prepare (db, "UPDATE session SET status = ?, outside_convention = ? WHERE id = ?", error)) != NULL)
    {
      sessio_sql_bind_text (stmt, 1, status);
      sqlite3_bind_int (stmt, 2, session.outside_convention ? 1 : 0);
      sqlite3_bind_int64 (stmt, 3, session_id);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
    }
  else
    ok = FALSE;
  if (ok && (stmt = sessio_sql_prepare (db, "UPDATE group_participant SET status = ? WHERE session_id = ?", error)) != NULL)
    {
      sessio_sql_bind_text (stmt, 1, status);
      sqlite3_bind_int64 (stmt, 2, session_id);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
    }
  else
    ok = FALSE;

  ok = ok && store_audit (self, "update status", "session", session_id, error);
  sessio_session_clear (&session);
  return store_finish (self, ok, error);
}

gboolean
sessio_patient_store_delete_session (SessioPatientStore  *self,
                                     gint64               session_id,
                                     GError             **error)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  if (!store_begin (self, error))
    return FALSE;
  db = sessio_vault_get_db (self->vault);

  if (!store_row_exists (db, "SELECT 1 FROM session WHERE id = ?", session_id))
    ok = store_not_found (error, _("There is no such session"));
  else if (in_closed_file (db, session_id))
    ok = store_closed (error);
  else if (store_row_exists (db, "SELECT 1 FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id"
                           " WHERE l.session_id = ? AND i.status = 'issued'", session_id))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                           _("This session is on an invoice and cannot be deleted"));
      ok = FALSE;
    }
  else if ((stmt = sessio_sql_prepare (db, "DELETE FROM invoice_line WHERE session_id = ?", error)) == NULL)
    ok = FALSE;
  else if ((sqlite3_bind_int64 (stmt, 1, session_id), !sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error)))
    ok = FALSE;
  /* A draft that named the session simply loses that line: drafts are
   * recomputed before they are issued. */
  else if ((stmt = sessio_sql_prepare (db, "DELETE FROM session WHERE id = ?", error)) == NULL)
    ok = FALSE;
  else
    {
      sqlite3_bind_int64 (stmt, 1, session_id);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error) && store_audit (self, "delete", "session", session_id, error);
    }
  return store_finish (self, ok, error);
}

