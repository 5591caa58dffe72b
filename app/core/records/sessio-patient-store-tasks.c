/* sessio-patient-store-tasks.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Other tasks: multidisciplinary consultations, advice, co-consultation,
 * sharing expertise.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-format.h"
#include "sessio-patient-store-private.h"
#include "sessio-schema.h"
#include "sessio-sql-private.h"


static const SessioChoice task_kinds[] = {
  { "mdo", N_("Multidisciplinary consultation") },
  { "advice", N_("Advice to a teacher or another first-line actor") },
  { "co-consultation", N_("Co-consultation") },
  { "expertise", N_("Sharing expertise with a group of professionals") },
};

const SessioChoice *
sessio_task_kinds (guint *n_kinds)
{
  *n_kinds = G_N_ELEMENTS (task_kinds);
  return task_kinds;
}

/* --------------------------------------------------------------- task */

gint64
sessio_patient_store_add_task (SessioPatientStore  *self,
                               const SessioTask    *task,
                               GError             **error)
{
  char when[17];
  GDate date, today;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  gboolean ok = TRUE;

  if (!store_choice_known (task_kinds, G_N_ELEMENTS (task_kinds), task->kind))
    return store_invalid (error, _("Unknown kind of task")), 0;
  if (!store_parse_when (task->starts_at, &date, when))
    return store_invalid (error, _("The task needs a date written as YYYY-MM-DD or YYYY-MM-DDTHH:MM")), 0;
  store_get_today (self, &today);
  if (g_date_compare (&date, &today) > 0)
    return store_invalid (error, _("A task cannot be logged in the future")), 0;
  if (task->duration_min <= 0 || task->duration_min > 600)
    return store_invalid (error, _("The duration must be between 1 and 600 minutes")), 0;
  if (g_strcmp0 (task->kind, "mdo") == 0 && task->care_providers < 3)
    return store_invalid (error, _("A multidisciplinary consultation needs at least 3 care providers")), 0;

  if (!store_begin (self, error))
    return 0;
  db = sessio_vault_get_db (self->vault);
  if (!store_row_exists (db, "SELECT 1 FROM engagement WHERE id = ?", task->engagement_id))
    ok = store_not_found (error, _("There is no such engagement"));
  else if (task->patient_id > 0 && !store_row_exists (db, "SELECT 1 FROM patient WHERE id = ? AND erased = 0", task->patient_id))
    ok = store_not_found (error, _("There is no such patient"));
  else if (task->patient_id > 0 &&
           store_row_exists (db, "SELECT 1 FROM patient WHERE id = ? AND closed_at IS NOT NULL", task->patient_id))
    ok = store_closed (error);
  else if ((stmt = sessio_sql_prepare (db, "INSERT INTO task (engagement_id, patient_id, kind, starts_at, duration_min,"
                                " care_providers, notes) VALUES (?, ?, ?, ?, ?, ?, ?)", error)) == NULL)
    ok = FALSE;
  else
    {
      sqlite3_bind_int64 (stmt, 1, task->engagement_id);
      sessio_sql_bind_id (stmt, 2, task->patient_id);
      sessio_sql_bind_text (stmt, 3, task->kind);
      sessio_sql_bind_text (stmt, 4, when);
      sqlite3_bind_int (stmt, 5, task->duration_min);
      if (task->care_providers > 0)
        sqlite3_bind_int (stmt, 6, task->care_providers);
      else
        sqlite3_bind_null (stmt, 6);
      sessio_sql_bind_text (stmt, 7, task->notes);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
      id = sqlite3_last_insert_rowid (db);
      ok = ok && store_audit (self, "create", "task", id, error);
      if (ok && task->patient_id > 0)
        ok = store_audit (self, "create task", "patient", task->patient_id, error);
    }
  return store_finish (self, ok, error) ? id : 0;
}

