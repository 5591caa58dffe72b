/* sessio-patient-store-groups.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What belongs to a group session only: its participants and their
 * attendance.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-format.h"
#include "sessio-patient-store-private.h"
#include "sessio-schema.h"
#include "sessio-sql-private.h"

/* Reads the trajectories taking part in group session @id. */
GArray *
store_read_participants (sqlite3  *db,
                   gint64    id,
                   GError  **error)
{
  g_autoptr(GArray) trajectories = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (db, "SELECT trajectory_id FROM group_participant WHERE session_id = ? ORDER BY trajectory_id",
                       error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 trajectory_id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (trajectories, trajectory_id);
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&trajectories);
}


static const char * const attendances[] = { "held", "no-show", "cancelled", "excused", NULL };

/* @on_invoice_allowed: a correction (the new API) may change the
 * attendance of a participant of an invoiced group session, whose invoice
 * keeps its snapshot; the older set_participant_status() may not. */
static gboolean
set_participant (SessioPatientStore       *self,
                 const SessioParticipant  *participant,
                 gboolean                  on_invoice_allowed,
                 const char              **field,
                 GError                  **error)
{
  g_autofree char *changed_at = store_now_iso8601 ();
  g_autofree char *old_status = NULL, *old_copay = NULL, *old_copay_date = NULL;
  g_autofree char *status_field = NULL, *copay_field = NULL, *date_field = NULL;
  g_autoptr(GString) fields = g_string_new (NULL);
  gboolean ok = TRUE, found = FALSE, closed = FALSE, locked = FALSE;
  const char *copay, *copay_date;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  GDate received, today;

  if (field != NULL)
    *field = NULL;
  /* A participant can miss a group session that was held; planning is
   * the session's, not the participant's. */
  if (!store_one_of (participant->status, attendances))
    return store_invalid_at (field, "status", error,
                             _("A participant’s attendance must be “held”, “no-show”, “cancelled” or “excused”"));
  if (store_is_set (participant->copay) && !store_one_of (participant->copay, store_copays))
    return store_invalid_at (field, "copay", error, _("The co-payment must be “cash”, “transfer”, “not-yet” or “not-due”"));
  if (store_is_set (participant->copay_date))
    {
      store_get_today (self, &today);
      if (!store_parse_date (participant->copay_date, &received))
        return store_invalid_at (field, "copay_date", error,
                                 _("The date the co-payment was received must be a real date written as YYYY-MM-DD"));
      if (g_date_compare (&received, &today) > 0)
        return store_invalid_at (field, "copay_date", error, _("The co-payment cannot have been received in the future"));
    }
  if (!store_begin (self, error))
    return FALSE;
  db = sessio_vault_get_db (self->vault);

  if ((stmt = sessio_sql_prepare (db, "SELECT g.status, g.copay, g.copay_date, p.closed_at IS NOT NULL OR p.erased,"
                                      " g.session_id IN (SELECT session_id FROM invoice_locked_session)"
                                      " FROM group_participant g JOIN trajectory t ON t.id = g.trajectory_id"
                                      " JOIN patient p ON p.id = t.patient_id"
                                      " WHERE g.session_id = ? AND g.trajectory_id = ?", error)) == NULL)
    return store_finish (self, FALSE, error);
  sqlite3_bind_int64 (stmt, 1, participant->session_id);
  sqlite3_bind_int64 (stmt, 2, participant->trajectory_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      old_status = sessio_sql_column_text (stmt, 0);
      old_copay = sessio_sql_column_text (stmt, 1);
      old_copay_date = sessio_sql_column_text (stmt, 2);
      closed = sqlite3_column_int (stmt, 3) != 0;
      locked = sqlite3_column_int (stmt, 4) != 0;
    }
  sqlite3_finalize (stmt);

  copay = store_is_set (participant->copay) ? participant->copay : old_copay;
  /* NULL keeps the date; only a co-payment received has one. */
  copay_date = participant->copay_date != NULL ? participant->copay_date : old_copay_date;
  if (g_strcmp0 (copay, "cash") != 0 && g_strcmp0 (copay, "transfer") != 0 && !store_is_set (participant->copay_date))
    copay_date = NULL;
  if (!found)
    ok = store_not_found (error, _("This trajectory does not take part in that group session"));
  else if (closed)
    ok = store_closed (error);
  else if (!on_invoice_allowed && locked && g_strcmp0 (old_status, participant->status) != 0)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                           _("This session is on an issued invoice and cannot be changed"));
      ok = FALSE;
    }
  else if (store_is_set (participant->copay_date) &&
           g_strcmp0 (copay, "cash") != 0 && g_strcmp0 (copay, "transfer") != 0)
    ok = store_invalid_at (field, "copay_date", error,
                           _("Only a co-payment received in cash or by transfer has a date of receipt"));

  /* The participant's earlier values go to the session's history under
   * their own field names. */
  status_field = g_strdup_printf ("participant_status:%" G_GINT64_FORMAT, participant->trajectory_id);
  copay_field = g_strdup_printf ("participant_copay:%" G_GINT64_FORMAT, participant->trajectory_id);
  date_field = g_strdup_printf ("participant_copay_date:%" G_GINT64_FORMAT, participant->trajectory_id);
  ok = ok &&
       store_keep_change (db, "session_history", "session_id", participant->session_id, changed_at,
                          status_field, old_status, participant->status, fields, error) &&
       store_keep_change (db, "session_history", "session_id", participant->session_id, changed_at,
                          copay_field, old_copay, copay, fields, error) &&
       store_keep_change (db, "session_history", "session_id", participant->session_id, changed_at,
                          date_field, old_copay_date, copay_date, fields, error);

  if (ok && (stmt = sessio_sql_prepare (db, "UPDATE group_participant SET status = ?, copay = ?, copay_date = ?"
                                            " WHERE session_id = ? AND trajectory_id = ?", error)) == NULL)
    ok = FALSE;
  else if (ok)
    {
      sessio_sql_bind_text (stmt, 1, participant->status);
      sessio_sql_bind_text (stmt, 2, copay);
      sessio_sql_bind_text (stmt, 3, copay_date);
      sqlite3_bind_int64 (stmt, 4, participant->session_id);
      sqlite3_bind_int64 (stmt, 5, participant->trajectory_id);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
    }
  ok = ok && store_audit_update (self, "update participant", fields, "session", participant->session_id, error);
  return store_finish (self, ok, error);
}

gboolean
sessio_patient_store_set_participant (SessioPatientStore       *self,
                                      const SessioParticipant  *participant,
                                      const char              **field,
                                      GError                  **error)
{
  return set_participant (self, participant, TRUE, field, error);
}

gboolean
sessio_patient_store_set_participant_status (SessioPatientStore  *self,
                                             gint64               session_id,
                                             gint64               trajectory_id,
                                             const char          *status,
                                             const char          *copay,
                                             GError             **error)
{
  SessioParticipant participant = { 0 };

  participant.session_id = session_id;
  participant.trajectory_id = trajectory_id;
  participant.status = (char *) status;
  participant.copay = (char *) copay;
  return set_participant (self, &participant, FALSE, NULL, error);
}

GPtrArray *
sessio_patient_store_list_participants (SessioPatientStore  *self,
                                        gint64               session_id,
                                        GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  g_autoptr(GPtrArray) participants = NULL;
  sqlite3_stmt *stmt;

  if (db == NULL)
    return NULL;
  if (!store_row_exists (db, "SELECT 1 FROM session WHERE id = ? AND setting = 'group'", session_id))
    return store_not_found (error, _("There is no such group session")), NULL;
  if ((stmt = sessio_sql_prepare (db, "SELECT g.trajectory_id, t.patient_id, p.name, g.status, g.copay, g.copay_date"
                                      " FROM group_participant g JOIN trajectory t ON t.id = g.trajectory_id"
                                      " JOIN patient p ON p.id = t.patient_id WHERE g.session_id = ?"
                                      " ORDER BY p.name COLLATE NOCASE, g.trajectory_id", error)) == NULL)
    return NULL;
  participants = g_ptr_array_new_with_free_func ((GDestroyNotify) sessio_participant_free);
  sqlite3_bind_int64 (stmt, 1, session_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SessioParticipant *participant = g_new0 (SessioParticipant, 1);

      participant->session_id = session_id;
      participant->trajectory_id = sqlite3_column_int64 (stmt, 0);
      participant->patient_id = sqlite3_column_int64 (stmt, 1);
      participant->patient_name = sessio_sql_column_text (stmt, 2);
      participant->status = sessio_sql_column_text (stmt, 3);
      participant->copay = sessio_sql_column_text (stmt, 4);
      participant->copay_date = sessio_sql_column_text (stmt, 5);
      g_ptr_array_add (participants, participant);
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&participants);
}
