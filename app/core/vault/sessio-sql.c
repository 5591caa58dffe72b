/* sessio-sql.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-error.h"
#include "sessio-sql-private.h"

gboolean
sessio_sql_failed (GError **error)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                       _("The database refused the change"));
  return FALSE;
}

sqlite3_stmt *
sessio_sql_prepare (sqlite3     *db,
                    const char  *sql,
                    GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      /* The code only: the message may quote the statement. */
      g_debug ("prepare failed (code %d)", sqlite3_errcode (db));
      sessio_sql_failed (error);
      return NULL;
    }
  return stmt;
}

void
sessio_sql_bind_text (sqlite3_stmt *stmt,
                      int           index,
                      const char   *text)
{
  if (text != NULL && *text != '\0')
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

void
sessio_sql_bind_id (sqlite3_stmt *stmt,
                    int           index,
                    gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

char *
sessio_sql_column_text (sqlite3_stmt *stmt,
                        int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

gboolean
sessio_sql_run (sqlite3_stmt  *stmt,
                const char    *refused_message,
                GError       **error)
{
  sqlite3 *db = sqlite3_db_handle (stmt);
  int rc = sqlite3_step (stmt);
  gboolean guarded = rc != SQLITE_DONE && rc != SQLITE_ROW &&
                     strstr (sqlite3_errmsg (db), "sessio-issued") != NULL;

  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (guarded)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED, refused_message);
      return FALSE;
    }
  g_debug ("step failed (code %d)", rc);
  return sessio_sql_failed (error);
}
