/* sessio-patient-store-sessions.c
 *
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
                  GError             **error)
{
  SessioSessionInfo info;
  SessioRuleSet *rule_set;
  GDate today;

  if (!store_parse_when (session->starts_at, date, when))
    return store_invalid (error, _("The session needs a date written as YYYY-MM-DD or YYYY-MM-DDTHH:MM"));
  if (!store_is_set (session->care))
    return store_invalid (error, _("The session needs a care type"));
  if (!sessio_care_from_string (session->care, &info.care))
    return store_invalid (error, _("Unknown care type"));
  if (!sessio_setting_from_string (store_is_set (session->setting) ? session->setting : "", &info.setting))
    return store_invalid (error, _("The setting must be “individual” or “group”"));
  if (store_is_set (session->location) && !sessio_location_from_string (session->location, &info.location))
    return store_invalid (error, _("Unknown location"));
  if (store_is_set (session->context) && !sessio_context_from_string (session->context, &info.context))
    return store_invalid (error, _("The context must be “own” or “clb”"));
  if (store_is_set (session->status) && !sessio_status_from_string (session->status, &info.status))
    return store_invalid (error, _("The status must be “planned”, “held”, “no-show” or “cancelled”"));
  if (!store_is_set (session->status))
    info.status = SESSIO_STATUS_HELD;
  if (store_is_set (session->copay) && !store_one_of (session->copay, store_copays))
    return store_invalid (error, _("The co-payment must be “cash”, “transfer”, “not-yet” or “not-due”"));
  if (session->duration_min < 0 || session->duration_min > 600)
    return store_invalid (error, _("The duration must be between 1 and 600 minutes"));
  if (session->participants < 0 || session->participants > 100)
    return store_invalid (error, _("The number of participants must be between 1 and 100"));

  store_get_today (self, &today);
  if ((info.status == SESSIO_STATUS_HELD || info.status == SESSIO_STATUS_NO_SHOW) &&
      g_date_compare (date, &today) > 0)
    return store_invalid (error, _("A session dated in the future cannot be held or missed yet: plan it instead"));

  if (info.setting == SESSIO_SETTING_GROUP)
    {
      if (session->trajectories == NULL || session->trajectories->len == 0)
        return store_invalid (error, _("A group session needs at least one participant"));
      if (session->participants > 0 && (guint) session->participants < session->trajectories->len)
        return store_invalid (error, _("A group session cannot have fewer participants than the patients listed"));
    }
  else if (session->trajectory_id <= 0)
    return store_invalid (error, _("An individual session needs a trajectory"));

  /* The rule set decides which care types exist; a session recorded
   * outside the convention is not bound by it. */
  rule_set = sessio_rules_lookup (self->rules, date);
  if (!session->outside_convention)
    {
      if (rule_set == NULL)
        return store_invalid (error, _("No convention rules apply before 1 January 2022: record the session as outside the convention"));
      if (!sessio_rule_set_has_care (rule_set, info.care))
        return store_invalid (error, _("This care type is not part of the convention rules valid on the date of the session"));
      if (info.setting == SESSIO_SETTING_INDIVIDUAL && sessio_rule_set_care_is_group_only (rule_set, info.care))
        return store_invalid (error, _("This care type exists only as a group session"));
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

  if ((stmt = sessio_sql_prepare (db, "SELECT t.start_date, t.end_date, t.engagement_id, p.erased FROM trajectory t"
                           " JOIN patient p ON p.id = t.patient_id WHERE t.id = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, trajectory_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GDate start, end;

      if (sqlite3_column_int (stmt, 3) != 0)
        ok = store_invalid (error, _("This patient’s file was erased and can no longer be changed"));
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

  if (!validate_session (self, session, &date, when, error) || !store_begin (self, error))
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
                                 " outside_convention, copay, notes) VALUES (?, ?, ?, ?, ?, ?, coalesce (?, 'practice'),"
                                 " coalesce (?, 'own'), coalesce (?, 'held'), ?, ?, ?, coalesce (?, 'not-yet'), ?)",
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
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
      id = sqlite3_last_insert_rowid (db);
    }

  for (guint i = 0; ok && group && i < session->trajectories->len; i++)
    {
      if ((stmt = sessio_sql_prepare (db, "INSERT INTO group_participant (session_id, trajectory_id, status, copay)"
                               " VALUES (?, ?, coalesce (?, 'held'), coalesce (?, 'not-yet'))", error)) == NULL)
        ok = FALSE;
      else
        {
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_int64 (stmt, 2, g_array_index (session->trajectories, gint64, i));
          sessio_sql_bind_text (stmt, 3, session->status);
          sessio_sql_bind_text (stmt, 4, session->copay);
          ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
        }
    }

  ok = ok && store_audit (self, "create", "session", id, error);
  return store_finish (self, ok, error) ? id : 0;
}

gboolean
sessio_patient_store_update_session (SessioPatientStore  *self,
                                     const SessioSession *session,
                                     GError             **error)
{
  SessioSession changed = *session;
  g_autoptr(GArray) participants = NULL;
  g_autofree char *setting = NULL;
  gint64 old_trajectory = 0, engagement_id = 0;
  gboolean group, ok = TRUE;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  char when[17];
  GDate date;

  if (!store_begin (self, error))
    return FALSE;
  db = sessio_vault_get_db (self->vault);

  if ((stmt = sessio_sql_prepare (db, "SELECT setting, trajectory_id FROM session WHERE id = ?", error)) == NULL)
    return store_finish (self, FALSE, error);
  sqlite3_bind_int64 (stmt, 1, session->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      setting = sessio_sql_column_text (stmt, 0);
      old_trajectory = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);

  if (setting == NULL)
    ok = store_not_found (error, _("There is no such session"));
  else if (store_is_set (session->setting) && g_strcmp0 (session->setting, setting) != 0)
    ok = store_invalid (error, _("An individual session cannot become a group session or the other way round: delete it and log it anew"));
  /* An individual session on an issued invoice may still change what
   * does not alter billing (notes, duration, co-payment received): the
   * schema's triggers refuse the rest, with the same message.  A group
   * session's participants are written anew below, so it is refused
   * outright. */
  else if (g_strcmp0 (setting, "group") == 0 &&
           store_row_exists (db, "SELECT 1 FROM invoice_locked_session WHERE session_id = ?", session->id))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                           _("This session is on an issued invoice and cannot be changed"));
      ok = FALSE;
    }
  if (!ok)
    return store_finish (self, FALSE, error);

  group = g_strcmp0 (setting, "group") == 0;
  changed.setting = setting;
  if (!group && changed.trajectory_id <= 0)
    changed.trajectory_id = old_trajectory;
  if (group && changed.trajectories == NULL)
    {
      participants = store_read_participants (db, session->id, error);
      if (participants == NULL)
        return store_finish (self, FALSE, error);
      changed.trajectories = participants;
    }

  ok = validate_session (self, &changed, &date, when, error);

  for (guint i = 0; ok && i < (group ? changed.trajectories->len : 1); i++)
    {
      gint64 trajectory_id = group ? g_array_index (changed.trajectories, gint64, i) : changed.trajectory_id;
      gint64 this_engagement = 0;
      g_autoptr(SessioTrajectoryEvaluation) evaluation = NULL;

      ok = check_in_trajectory (db, trajectory_id, &date, &this_engagement, error);
      if (ok && engagement_id != 0 && this_engagement != engagement_id)
        ok = store_invalid (error, _("All participants of a group session must belong to one engagement"));
      engagement_id = this_engagement;
      if (!ok)
        break;
      evaluation = store_evaluate_in (self, db, trajectory_id, &changed, session->id, FALSE, error);
      ok = evaluation != NULL &&
           (store_is_set (changed.status) && g_strcmp0 (changed.status, "held") != 0 ?
            TRUE : check_billable (sessio_trajectory_evaluation_find (evaluation, 0), error));
    }

  if (ok && (stmt = sessio_sql_prepare (db, "UPDATE session SET engagement_id = ?, trajectory_id = ?, starts_at = ?,"
                                 " duration_min = ?, care_type = ?, location = coalesce (?, 'practice'),"
                                 " context = coalesce (?, 'own'), status = coalesce (?, 'held'), participants = ?,"
                                 " co_facilitator = ?, outside_convention = ?, copay = coalesce (?, 'not-yet'),"
                                 " notes = ? WHERE id = ?", error)) == NULL)
    ok = FALSE;
  else if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, engagement_id);
      sessio_sql_bind_id (stmt, 2, group ? 0 : changed.trajectory_id);
      sessio_sql_bind_text (stmt, 3, when);
      sqlite3_bind_int (stmt, 4, changed.duration_min > 0 ? changed.duration_min : (group ? 90 : 60));
      sessio_sql_bind_text (stmt, 5, changed.care);
      sessio_sql_bind_text (stmt, 6, changed.location);
      sessio_sql_bind_text (stmt, 7, changed.context);
      sessio_sql_bind_text (stmt, 8, changed.status);
      if (group && changed.participants > 0)
        sqlite3_bind_int (stmt, 9, changed.participants);
      else
        sqlite3_bind_null (stmt, 9);
      sqlite3_bind_int (stmt, 10, changed.co_facilitator ? 1 : 0);
      sqlite3_bind_int (stmt, 11, changed.outside_convention ? 1 : 0);
      sessio_sql_bind_text (stmt, 12, changed.copay);
      sessio_sql_bind_text (stmt, 13, changed.notes);
      sqlite3_bind_int64 (stmt, 14, session->id);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
    }

  /* A group's participants are listed anew, each with the session's
   * attendance and co-payment. */
  if (ok && group)
    {
      if ((stmt = sessio_sql_prepare (db, "DELETE FROM group_participant WHERE session_id = ?", error)) == NULL)
        ok = FALSE;
      else
        {
          sqlite3_bind_int64 (stmt, 1, session->id);
          ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
        }
      for (guint i = 0; ok && i < changed.trajectories->len; i++)
        {
          if ((stmt = sessio_sql_prepare (db, "INSERT INTO group_participant (session_id, trajectory_id, status, copay)"
                                   " VALUES (?, ?, coalesce (?, 'held'), coalesce (?, 'not-yet'))", error)) == NULL)
            ok = FALSE;
          else
            {
              sqlite3_bind_int64 (stmt, 1, session->id);
              sqlite3_bind_int64 (stmt, 2, g_array_index (changed.trajectories, gint64, i));
              sessio_sql_bind_text (stmt, 3, changed.status);
              sessio_sql_bind_text (stmt, 4, changed.copay);
              ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
            }
        }
    }

  ok = ok && store_audit (self, "update", "session", session->id, error);
  return store_finish (self, ok, error);
}

gboolean
sessio_patient_store_get_session (SessioPatientStore  *self,
                                  gint64               id,
                                  SessioSession       *session,
                                  GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  memset (session, 0, sizeof *session);
  if (db == NULL ||
      (stmt = sessio_sql_prepare (db, "SELECT id, coalesce (trajectory_id, 0), engagement_id, starts_at, duration_min,"
                           " care_type, setting, location, context, status, coalesce (participants, 0),"
                           " co_facilitator, outside_convention, copay, notes FROM session WHERE id = ?", error)) == NULL)
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

