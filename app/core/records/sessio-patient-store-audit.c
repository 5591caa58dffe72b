/* sessio-patient-store-audit.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The audit trail: every change and every view of a patient is written
 * in the hash-chained audit log (ids, tables and field names only).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-format.h"
#include "sessio-patient-store-private.h"
#include "sessio-schema.h"
#include "sessio-sql-private.h"

gboolean
store_audit (SessioPatientStore  *self,
       const char          *action,
       const char          *entity,
       gint64               id,
       GError             **error)
{
  return sessio_audit_append (sessio_vault_get_db (self->vault), action, entity, id, error);
}

gboolean
sessio_patient_store_audit_view (SessioPatientStore  *self,
                                 const char          *action,
                                 const char          *entity,
                                 gint64               id,
                                 GError             **error)
{
  if (!store_begin (self, error))
    return FALSE;
  /* Reading changes nothing anyone shows: no ::changed. */
  return store_finish_quietly (self, store_audit (self, action, entity, id, error), error);
}

/* -------------------------------------------------------------- audit */

JsonArray *
sessio_patient_store_get_audit (SessioPatientStore  *self,
                                gint64               patient_id,
                                GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  g_autoptr(JsonArray) entries = NULL;
  sqlite3_stmt *stmt;

  if (db == NULL ||
      (stmt = sessio_sql_prepare (db,
                       "SELECT id, at, action, entity, entity_id FROM audit_log WHERE"
                       " (entity = 'patient' AND entity_id = ?1)"
                       " OR (entity = 'trajectory' AND entity_id IN (SELECT id FROM trajectory WHERE patient_id = ?1))"
                       " OR (entity = 'session' AND entity_id IN (SELECT s.id FROM session s JOIN trajectory t"
                       "     ON t.id = s.trajectory_id WHERE t.patient_id = ?1"
                       "     UNION SELECT g.session_id FROM group_participant g JOIN trajectory t"
                       "     ON t.id = g.trajectory_id WHERE t.patient_id = ?1))"
                       " ORDER BY id", error)) == NULL)
    return NULL;
  entries = json_array_new ();
  sqlite3_bind_int64 (stmt, 1, patient_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *entry = json_object_new ();

      json_object_set_int_member (entry, "id", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (entry, "at", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (entry, "action", (const char *) sqlite3_column_text (stmt, 2));
      json_object_set_string_member (entry, "entity", (const char *) sqlite3_column_text (stmt, 3));
      json_object_set_int_member (entry, "entity_id", sqlite3_column_int64 (stmt, 4));
      json_array_add_object_element (entries, entry);
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&entries);
}


/* -------------------------------------------------------------- history */

gboolean
store_audit_update (SessioPatientStore  *self,
                    const char          *action,
                    const GString       *fields,
                    const char          *entity,
                    gint64               id,
                    GError             **error)
{
  g_autofree char *text = fields->len > 0 ? g_strdup_printf ("%s %s", action, fields->str) : g_strdup (action);

  return store_audit (self, text, entity, id, error);
}

char *
store_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

gboolean
store_keep_change (sqlite3     *db,
                   const char  *table,
                   const char  *id_column,
                   gint64       id,
                   const char  *changed_at,
                   const char  *field,
                   const char  *before,
                   const char  *after,
                   GString     *fields,
                   GError     **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  before = store_is_set (before) ? before : NULL;
  after = store_is_set (after) ? after : NULL;
  if (g_strcmp0 (before, after) == 0)
    return TRUE;

  /* The previous value goes to the record's history, never to the audit
   * log: that one holds field names only. */
  g_string_append_printf (fields, "%s%s", fields->len > 0 ? "," : "", field);
  sql = g_strdup_printf ("INSERT INTO %s (%s, changed_at, field, old_value) VALUES (?, ?, ?, ?)", table, id_column);
  if ((stmt = sessio_sql_prepare (db, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sessio_sql_bind_text (stmt, 2, changed_at);
  sessio_sql_bind_text (stmt, 3, field);
  sessio_sql_bind_text (stmt, 4, before);
  return sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
}

GPtrArray *
store_read_history (sqlite3     *db,
                    const char  *table,
                    const char  *id_column,
                    gint64       id,
                    GError     **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) sessio_change_free);
  g_autofree char *sql = g_strdup_printf ("SELECT changed_at, field, old_value FROM %s WHERE %s = ? ORDER BY id",
                                          table, id_column);
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (db, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SessioChange *change = g_new0 (SessioChange, 1);

      change->changed_at = sessio_sql_column_text (stmt, 0);
      change->field = sessio_sql_column_text (stmt, 1);
      change->old_value = sessio_sql_column_text (stmt, 2);
      g_ptr_array_add (changes, change);
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&changes);
}
