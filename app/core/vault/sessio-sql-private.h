/* sessio-sql-private.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The few steps every store takes with SQLite, in one place: prepare,
 * bind (an empty text or a zero id as NULL), read a text column, run a
 * change to completion.  Internal to the core.  Messages never carry
 * SQLite's own text, which can quote values (patient data).
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Sets "The database refused the change" and returns FALSE. */
gboolean       sessio_sql_failed      (GError       **error);
sqlite3_stmt  *sessio_sql_prepare     (sqlite3       *db,
                                       const char    *sql,
                                       GError       **error);
/* NULL or "" binds NULL. */
void           sessio_sql_bind_text   (sqlite3_stmt  *stmt,
                                       int            index,
                                       const char    *text);
/* 0 or less binds NULL. */
void           sessio_sql_bind_id     (sqlite3_stmt  *stmt,
                                       int            index,
                                       gint64         id);
char          *sessio_sql_column_text (sqlite3_stmt  *stmt,
                                       int            column);
/* Steps @stmt to completion and finalizes it.  A change the schema's
 * guard on issued invoices refuses (see sessio-schema.c) fails with
 * SESSIO_ERROR_REFUSED and @refused_message, which says what the caller
 * tried to change. */
gboolean       sessio_sql_run         (sqlite3_stmt  *stmt,
                                       const char    *refused_message,
                                       GError       **error);

G_END_DECLS
