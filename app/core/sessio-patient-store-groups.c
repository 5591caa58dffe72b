/* sessio-patient-store-groups.c
 *
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


gboolean
sessio_patient_store_set_participant_status (SessioPatientStore  *self,
                                             gint64               session_id,
                                             gint64               trajectory_id,
                                             const char          *status,
                                             const char          *copay,
                                             GError             **error)
{
  static const char * const statuses[] = { "held", "no-show", "cancelled", NULL };
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  /* A participant can miss a group session that was held; planning is
   * the session's, not the participant's. */
  if (!store_one_of (status, statuses))
    return store_invalid (error, _("A participant’s attendance must be “held”, “no-show” or “cancelled”"));
  if (store_is_set (copay) && !store_one_of (copay, store_copays))
    return store_invalid (error, _("The co-payment must be “cash”, “transfer”, “not-yet” or “not-due”"));
  if (!store_begin (self, error))
    return FALSE;
  db = sessio_vault_get_db (self->vault);

  if ((stmt = sessio_sql_prepare (db, "UPDATE group_participant SET status = ?, copay = coalesce (?, copay)"
                           " WHERE session_id = ? AND trajectory_id = ?", error)) == NULL)
    ok = FALSE;
  else
    {
      sessio_sql_bind_text (stmt, 1, status);
      sessio_sql_bind_text (stmt, 2, copay);
      sqlite3_bind_int64 (stmt, 3, session_id);
      sqlite3_bind_int64 (stmt, 4, trajectory_id);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
      if (ok && sqlite3_changes (db) == 0)
        ok = store_not_found (error, _("This trajectory does not take part in that group session"));
    }
  ok = ok && store_audit (self, "update participant", "session", session_id, error);
  return store_finish (self, ok, error);
}
