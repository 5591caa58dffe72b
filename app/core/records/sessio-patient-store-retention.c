/* sessio-patient-store-retention.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How long a patient file is kept.  The Quality of Care Act
 * (22 April 2019, art. 33-35) has clinical psychologists and
 * orthopedagogues keep a file at least 30 and at most 50 years after the
 * last contact; the GDPR's right to erasure does not reach data a law
 * requires to be kept (art. 17(3)(b)).  So within 30 years a file is
 * closed (restricted, read only) rather than erased, erasure is possible
 * from 30 years on and proposed from 50 years on.  A file without any
 * held session (created by mistake) may be erased at once.  See
 * docs/patient-erasure.md.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-format.h"
#include "sessio-patient-store-private.h"
#include "sessio-schema.h"
#include "sessio-sql-private.h"

/* The last contact of every patient: the day of their last held session,
 * individual or a group session they attended.  ?1: a patient id, or 0
 * for all. */
#define LAST_CONTACT_SQL \
  "SELECT t.patient_id AS pid, max (substr (s.starts_at, 1, 10)) AS day FROM session s" \
  " JOIN trajectory t ON t.id = s.trajectory_id WHERE s.status = 'held' AND (?1 = 0 OR t.patient_id = ?1)" \
  " GROUP BY t.patient_id" \
  " UNION ALL SELECT t.patient_id, max (substr (s.starts_at, 1, 10)) FROM group_participant g" \
  " JOIN session s ON s.id = g.session_id JOIN trajectory t ON t.id = g.trajectory_id" \
  " WHERE s.status = 'held' AND g.status = 'held' AND (?1 = 0 OR t.patient_id = ?1) GROUP BY t.patient_id"

static char *
date_text (const GDate *date)
{
  char text[11];

  g_snprintf (text, sizeof text, "%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
              g_date_get_day (date));
  return g_strdup (text);
}

/* Fills the dates of @retention from its last contact (NULL: none). */
static void
fill_retention (SessioPatientStore *self,
                SessioRetention    *retention,
                const char         *last_contact)
{
  GDate last, from, by, today;

  store_get_today (self, &today);
  retention->erasable = TRUE;
  if (!store_parse_date (last_contact, &last))
    return;
  retention->last_contact = g_strdup (last_contact);
  /* 29 February + 30 years is 28 February (GLib clamps): the earlier
   * day, which still leaves the full 30 years behind on the day after. */
  from = last;
  g_date_add_years (&from, SESSIO_RETENTION_MIN_YEARS);
  by = last;
  g_date_add_years (&by, SESSIO_RETENTION_MAX_YEARS);
  retention->erasable_from = date_text (&from);
  retention->erase_by = date_text (&by);
  retention->erasable = g_date_compare (&today, &from) >= 0;
  retention->erasure_due = g_date_compare (&today, &by) >= 0;
}

SessioRetention *
sessio_patient_store_get_retention (SessioPatientStore  *self,
                                    gint64               id,
                                    GError             **error)
{
  g_autoptr(SessioRetention) retention = NULL;
  g_autofree char *last = NULL;
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  sqlite3_stmt *stmt;

  if (db == NULL)
    return NULL;
  if ((stmt = sessio_sql_prepare (db, "SELECT name, closed_at IS NOT NULL FROM patient WHERE id = ? AND erased = 0",
                                  error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      retention = g_new0 (SessioRetention, 1);
      retention->patient_id = id;
      retention->name = sessio_sql_column_text (stmt, 0);
      retention->closed = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_finalize (stmt);
  if (retention == NULL)
    return store_not_found (error, _("There is no such patient")), NULL;

  if ((stmt = sessio_sql_prepare (db, "SELECT max (day) FROM (" LAST_CONTACT_SQL ")", error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    last = sessio_sql_column_text (stmt, 0);
  sqlite3_finalize (stmt);
  fill_retention (self, retention, last);
  return g_steal_pointer (&retention);
}

GPtrArray *
sessio_patient_store_list_retention_expired (SessioPatientStore  *self,
                                             GError             **error)
{
  g_autoptr(GPtrArray) expired = g_ptr_array_new_with_free_func ((GDestroyNotify) sessio_retention_free);
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  sqlite3_stmt *stmt;

  if (db == NULL ||
      (stmt = sessio_sql_prepare (db, "SELECT p.id, p.name, p.closed_at IS NOT NULL, max (c.day) FROM patient p"
                                      " JOIN (" LAST_CONTACT_SQL ") c ON c.pid = p.id WHERE p.erased = 0"
                                      " GROUP BY p.id ORDER BY max (c.day), p.id", error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, 0);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(SessioRetention) retention = g_new0 (SessioRetention, 1);

      retention->patient_id = sqlite3_column_int64 (stmt, 0);
      retention->name = sessio_sql_column_text (stmt, 1);
      retention->closed = sqlite3_column_int (stmt, 2) != 0;
      fill_retention (self, retention, (const char *) sqlite3_column_text (stmt, 3));
      if (retention->erasable)
        g_ptr_array_add (expired, g_steal_pointer (&retention));
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&expired);
}

GPtrArray *
sessio_patient_store_list_closed (SessioPatientStore  *self,
                                  GError             **error)
{
  g_autoptr(GPtrArray) closed = g_ptr_array_new_with_free_func ((GDestroyNotify) sessio_retention_free);
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  sqlite3_stmt *stmt;

  if (db == NULL ||
      (stmt = sessio_sql_prepare (db, "SELECT p.id, p.name, (SELECT max (day) FROM (" LAST_CONTACT_SQL ") c"
                                      " WHERE c.pid = p.id) FROM patient p"
                                      " WHERE p.erased = 0 AND p.closed_at IS NOT NULL ORDER BY p.name, p.id",
                                  error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, 0);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SessioRetention *retention = g_new0 (SessioRetention, 1);

      retention->patient_id = sqlite3_column_int64 (stmt, 0);
      retention->name = sessio_sql_column_text (stmt, 1);
      retention->closed = TRUE;
      fill_retention (self, retention, (const char *) sqlite3_column_text (stmt, 2));
      g_ptr_array_add (closed, retention);
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&closed);
}

gboolean
sessio_patient_store_check_erasable (SessioPatientStore  *self,
                                     gint64               id,
                                     GError             **error)
{
  g_autoptr(SessioRetention) retention = sessio_patient_store_get_retention (self, id, error);
  g_autofree char *from = NULL, *last = NULL;
  GDate date;

  if (retention == NULL)
    return FALSE;
  if (retention->erasable)
    return TRUE;
  store_parse_date (retention->erasable_from, &date);
  from = sessio_format_date (&date);
  store_parse_date (retention->last_contact, &date);
  last = sessio_format_date (&date);
  g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
               /* Translators: %1$s is the date erasure becomes possible,
                * %2$s the date of the last session held. */
               _("The law keeps a patient file for 30 years after the last contact (Quality of Care Act, art. 35): this file can be erased from %1$s (last contact %2$s). Close it instead to restrict its use"),
               from, last);
  return FALSE;
}

static gboolean
refused (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED, message);
  return FALSE;
}

static gboolean
set_closed (SessioPatientStore  *self,
            gint64               id,
            gboolean             close,
            const char          *reason,
            GError             **error)
{
  g_autofree char *text = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  g_autofree char *at = store_now_iso8601 ();
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  if (*text == '\0')
    return store_invalid (error, close ? _("Say why the file is closed") : _("Say why the file is reopened"));
  if (g_utf8_strlen (text, -1) > 2000 || !g_utf8_validate (text, -1, NULL))
    return store_invalid (error, _("The reason is too long or not valid text"));
  if (!store_begin (self, error))
    return FALSE;
  db = sessio_vault_get_db (self->vault);

  if (!store_row_exists (db, "SELECT 1 FROM patient WHERE id = ? AND erased = 0", id))
    ok = store_not_found (error, _("There is no such patient"));
  else if (close && store_row_exists (db, "SELECT 1 FROM patient WHERE id = ? AND closed_at IS NOT NULL", id))
    ok = refused (error, _("This patient’s file is already closed"));
  else if (!close && !store_row_exists (db, "SELECT 1 FROM patient WHERE id = ? AND closed_at IS NOT NULL", id))
    ok = refused (error, _("This patient’s file is not closed"));
  else if ((stmt = sessio_sql_prepare (db, "UPDATE patient SET closed_at = ? WHERE id = ?", error)) == NULL)
    ok = FALSE;
  else
    {
      sessio_sql_bind_text (stmt, 1, close ? at : NULL);
      sqlite3_bind_int64 (stmt, 2, id);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
    }

  /* Who and why: the system account (a vault is one provider's, but
   * a secretary's account is not the psychologist's) and the reason,
   * beside the audit log, which takes no free text. */
  if (ok && (stmt = sessio_sql_prepare (db, "INSERT INTO patient_closure (patient_id, at, action, by_whom, reason)"
                                            " VALUES (?, ?, ?, ?, ?)", error)) == NULL)
    ok = FALSE;
  else if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      sessio_sql_bind_text (stmt, 2, at);
      sessio_sql_bind_text (stmt, 3, close ? "close" : "reopen");
      sessio_sql_bind_text (stmt, 4, g_get_user_name ());
      sessio_sql_bind_text (stmt, 5, text);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
    }
  ok = ok && store_audit (self, close ? "close" : "reopen", "patient", id, error);
  return store_finish (self, ok, error);
}

gboolean
sessio_patient_store_close_patient (SessioPatientStore  *self,
                                    gint64               id,
                                    const char          *reason,
                                    GError             **error)
{
  return set_closed (self, id, TRUE, reason, error);
}

gboolean
sessio_patient_store_reopen_patient (SessioPatientStore  *self,
                                     gint64               id,
                                     const char          *reason,
                                     GError             **error)
{
  return set_closed (self, id, FALSE, reason, error);
}

GPtrArray *
sessio_patient_store_list_closures (SessioPatientStore  *self,
                                    gint64               id,
                                    GError             **error)
{
  g_autoptr(GPtrArray) closures = g_ptr_array_new_with_free_func ((GDestroyNotify) sessio_closure_free);
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  sqlite3_stmt *stmt;

  if (db == NULL ||
      (stmt = sessio_sql_prepare (db, "SELECT at, action, by_whom, reason FROM patient_closure"
                                      " WHERE patient_id = ? ORDER BY id", error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SessioClosure *closure = g_new0 (SessioClosure, 1);

      closure->at = sessio_sql_column_text (stmt, 0);
      closure->action = sessio_sql_column_text (stmt, 1);
      closure->by_whom = sessio_sql_column_text (stmt, 2);
      closure->reason = sessio_sql_column_text (stmt, 3);
      g_ptr_array_add (closures, closure);
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&closures);
}
