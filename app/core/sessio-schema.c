/* sessio-schema.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every table has an explicit PRIMARY KEY: the vault journals changes with
 * SQLite's session extension, which silently ignores tables without one.
 * No AUTOINCREMENT either: sqlite_sequence has no primary key, so its
 * counters would not reach the journal.  Dates are ISO 8601 text, money
 * whole cents.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "sessio-schema.h"

static const char schema_v1[] =
  "CREATE TABLE provider ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  name TEXT NOT NULL,"
  "  riziv TEXT,"
  "  kbo TEXT,"
  "  iban TEXT,"
  "  address TEXT,"
  "  email TEXT,"
  "  phone TEXT"
  ") STRICT;"

  "CREATE TABLE engagement ("
  "  id INTEGER PRIMARY KEY,"
  "  network_name TEXT NOT NULL,"
  "  network TEXT NOT NULL CHECK (network IN ('youth', 'adult')),"
  "  model TEXT NOT NULL CHECK (model IN ('clb-salaried', 'independent', 'organisation-salaried')),"
  "  invoice_to TEXT,"
  "  language TEXT NOT NULL DEFAULT 'nl' CHECK (language IN ('nl', 'fr', 'de')),"
  "  weekly_contingent INTEGER CHECK (weekly_contingent IS NULL OR weekly_contingent >= 0),"
  "  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))"
  ") STRICT;"

  "CREATE TABLE patient ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  birth_date TEXT NOT NULL,"
  "  insz TEXT,"
  "  sex TEXT CHECK (sex IN ('m', 'f', 'x')),"
  "  insurer TEXT,"
  "  bim INTEGER NOT NULL DEFAULT 0 CHECK (bim IN (0, 1)),"
  "  bim_valid_from TEXT,"
  "  bim_valid_to TEXT,"
  "  phone TEXT,"
  "  email TEXT,"
  "  address TEXT,"
  "  language TEXT CHECK (language IN ('nl', 'fr', 'de')),"
  "  school TEXT,"
  "  education_segment TEXT,"
  "  consent_date TEXT,"
  "  consent_scope TEXT,"
  "  vulnerable INTEGER NOT NULL DEFAULT 0 CHECK (vulnerable IN (0, 1)),"
  "  notes TEXT,"
  "  erased INTEGER NOT NULL DEFAULT 0 CHECK (erased IN (0, 1)),"
  "  created_at TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX patient_by_name ON patient (name COLLATE NOCASE);"
  "CREATE UNIQUE INDEX patient_by_insz ON patient (insz) WHERE insz IS NOT NULL;"

  "CREATE TABLE guardian ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  relation TEXT,"
  "  phone TEXT,"
  "  email TEXT,"
  "  has_authority INTEGER NOT NULL DEFAULT 1 CHECK (has_authority IN (0, 1))"
  ") STRICT;"
  "CREATE INDEX guardian_by_patient ON guardian (patient_id);"

  "CREATE TABLE patient_problem ("
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  category TEXT NOT NULL,"
  "  PRIMARY KEY (patient_id, category)"
  ") STRICT, WITHOUT ROWID;"

  "CREATE TABLE trajectory ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id),"
  "  engagement_id INTEGER NOT NULL REFERENCES engagement (id),"
  "  start_date TEXT NOT NULL,"
  "  end_date TEXT,"
  "  bilan_date TEXT,"
  "  bilan_summary TEXT,"
  "  outcome TEXT,"
  "  referred_to TEXT"
  ") STRICT;"
  "CREATE INDEX trajectory_by_patient ON trajectory (patient_id);"
  "CREATE INDEX trajectory_by_engagement ON trajectory (engagement_id, start_date);"

  /* An individual session belongs to one trajectory; a group session to
   * an engagement, with its participants' trajectories listed in
   * group_participant. */
  "CREATE TABLE session ("
  "  id INTEGER PRIMARY KEY,"
  "  engagement_id INTEGER NOT NULL REFERENCES engagement (id),"
  "  trajectory_id INTEGER REFERENCES trajectory (id),"
  "  starts_at TEXT NOT NULL,"
  "  duration_min INTEGER NOT NULL DEFAULT 60 CHECK (duration_min > 0),"
  "  care_type TEXT NOT NULL,"
  "  setting TEXT NOT NULL CHECK (setting IN ('individual', 'group')),"
  "  location TEXT NOT NULL DEFAULT 'practice' CHECK (location IN"
  "    ('practice', 'school', 'clb', 'boarding-school', 'home', 'video', 'outreach')),"
  "  context TEXT NOT NULL DEFAULT 'own' CHECK (context IN ('own', 'clb')),"
  "  status TEXT NOT NULL DEFAULT 'held' CHECK (status IN ('planned', 'held', 'no-show', 'cancelled')),"
  "  participants INTEGER CHECK (participants IS NULL OR participants > 0),"
  "  co_facilitator INTEGER NOT NULL DEFAULT 0 CHECK (co_facilitator IN (0, 1)),"
  "  outside_convention INTEGER NOT NULL DEFAULT 0 CHECK (outside_convention IN (0, 1)),"
  "  copay TEXT NOT NULL DEFAULT 'not-yet' CHECK (copay IN ('cash', 'transfer', 'not-yet', 'not-due')),"
  "  notes TEXT,"
  "  CHECK (setting = 'group' OR trajectory_id IS NOT NULL)"
  ") STRICT;"
  "CREATE INDEX session_by_trajectory ON session (trajectory_id, starts_at);"
  "CREATE INDEX session_by_engagement ON session (engagement_id, starts_at);"

  "CREATE TABLE group_participant ("
  "  session_id INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,"
  "  trajectory_id INTEGER NOT NULL REFERENCES trajectory (id),"
  "  status TEXT NOT NULL DEFAULT 'held' CHECK (status IN ('planned', 'held', 'no-show', 'cancelled')),"
  "  copay TEXT NOT NULL DEFAULT 'not-yet' CHECK (copay IN ('cash', 'transfer', 'not-yet', 'not-due')),"
  "  PRIMARY KEY (session_id, trajectory_id)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE INDEX group_participant_by_trajectory ON group_participant (trajectory_id);"

  /* Other tasks: multidisciplinary consultations (MDO), intake calls,
   * consultations with a school, administration. */
  "CREATE TABLE task ("
  "  id INTEGER PRIMARY KEY,"
  "  engagement_id INTEGER NOT NULL REFERENCES engagement (id),"
  "  patient_id INTEGER REFERENCES patient (id),"
  "  trajectory_id INTEGER REFERENCES trajectory (id),"
  "  kind TEXT NOT NULL CHECK (kind IN ('mdo', 'intake-call', 'consultation', 'admin', 'other',"
  "    'advice', 'co-consultation', 'expertise')),"
  "  starts_at TEXT NOT NULL,"
  "  duration_min INTEGER NOT NULL DEFAULT 30 CHECK (duration_min > 0),"
  "  care_providers INTEGER CHECK (care_providers IS NULL OR care_providers > 0),"
  "  notes TEXT"
  ") STRICT;"
  "CREATE INDEX task_by_engagement ON task (engagement_id, starts_at);"

  "CREATE TABLE note ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  trajectory_id INTEGER REFERENCES trajectory (id),"
  "  session_id INTEGER REFERENCES session (id),"
  "  created_at TEXT NOT NULL,"
  "  body TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX note_by_patient ON note (patient_id, created_at);"

  /* A credit note is an invoice of kind 'credit-note' that names the
   * invoice it cancels; issued invoices are never edited. */
  "CREATE TABLE invoice ("
  "  id INTEGER PRIMARY KEY,"
  "  engagement_id INTEGER NOT NULL REFERENCES engagement (id),"
  "  kind TEXT NOT NULL DEFAULT 'invoice' CHECK (kind IN ('invoice', 'credit-note', 'receipt')),"
  "  number TEXT UNIQUE,"
  "  month TEXT NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued')),"
  "  issued_at TEXT,"
  "  credits_invoice_id INTEGER REFERENCES invoice (id),"
  "  recipient TEXT,"
  "  structured_communication TEXT,"
  "  total_cents INTEGER NOT NULL DEFAULT 0,"
  "  rule_set TEXT"
  ") STRICT;"
  "CREATE INDEX invoice_by_engagement ON invoice (engagement_id, month);"

  "CREATE TABLE invoice_line ("
  "  id INTEGER PRIMARY KEY,"
  "  invoice_id INTEGER NOT NULL REFERENCES invoice (id) ON DELETE CASCADE,"
  "  session_id INTEGER REFERENCES session (id),"
  "  trajectory_id INTEGER REFERENCES trajectory (id),"
  "  task_id INTEGER REFERENCES task (id),"
  "  description TEXT NOT NULL,"
  "  billing_code TEXT,"
  "  fee_cents INTEGER NOT NULL DEFAULT 0,"
  "  copay_cents INTEGER NOT NULL DEFAULT 0,"
  "  amount_cents INTEGER NOT NULL DEFAULT 0"
  ") STRICT;"
  "CREATE INDEX invoice_line_by_invoice ON invoice_line (invoice_id);"
  "CREATE INDEX invoice_line_by_session ON invoice_line (session_id);"

  /* The user's indexed amounts per rule set (the 2024 set publishes none). */
  "CREATE TABLE rule_amount ("
  "  rule_set TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),"
  "  PRIMARY KEY (rule_set, key)"
  ") STRICT, WITHOUT ROWID;"

  "CREATE TABLE billing_code ("
  "  rule_set TEXT NOT NULL,"
  "  network TEXT NOT NULL CHECK (network IN ('youth', 'adult')),"
  "  care_type TEXT NOT NULL,"
  "  setting TEXT NOT NULL CHECK (setting IN ('individual', 'group', 'other')),"
  "  code TEXT NOT NULL,"
  "  PRIMARY KEY (rule_set, network, care_type, setting)"
  ") STRICT, WITHOUT ROWID;"

  "CREATE TABLE setting ("
  "  key TEXT PRIMARY KEY,"
  "  value ANY"
  ") STRICT, WITHOUT ROWID;"

  /* Rectification history (issue 5): the previous value of every
   * changed patient field, so a correction never loses what was there.
   * Erasure deletes these rows with the clinical data. */
  "CREATE TABLE patient_history ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  changed_at TEXT NOT NULL,"
  "  field TEXT NOT NULL,"
  "  old_value TEXT"
  ") STRICT;"
  "CREATE INDEX patient_history_by_patient ON patient_history (patient_id, id);"

  "CREATE TABLE audit_log ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  entity TEXT NOT NULL,"
  "  entity_id INTEGER,"
  "  prev_hash BLOB NOT NULL,"
  "  hash BLOB NOT NULL"
  ") STRICT;";

static const SessioMigration migrations[] = {
  { 1, schema_v1, NULL },
};

gboolean
sessio_db_exec (sqlite3     *db,
                const char  *sql,
                GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      /* SQLite's message can quote values: keep it out of the GError,
       * which may be shown or logged. */
      g_debug ("sqlite3_exec failed (code %d)", sqlite3_errcode (db));
      sqlite3_free (message);
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The database refused the change"));
      return FALSE;
    }

  return TRUE;
}

int
sessio_schema_get_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

gboolean
sessio_schema_migrate_with (sqlite3                *db,
                            const SessioMigration  *table,
                            guint                   n_migrations,
                            int                     target,
                            gboolean               *changed,
                            GError                **error)
{
  int version = sessio_schema_get_version (db);

  if (changed != NULL)
    *changed = FALSE;

  if (version < 0)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED,
                           _("The vault is damaged or has been modified"));
      return FALSE;
    }

  if (version > target)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_NEWER_VERSION,
                           _("This vault was written by a newer version of Sessio: update Sessio to open it"));
      return FALSE;
    }

  while (version < target)
    {
      const SessioMigration *step = NULL;
      g_autofree char *set_version = NULL;

      for (guint i = 0; i < n_migrations; i++)
        if (table[i].version == version + 1)
          step = &table[i];

      if (step == NULL)
        {
          g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                       _("No way to update the vault from version %d"), version);
          return FALSE;
        }

      /* One transaction per step: a failing step leaves the database at
       * the previous version, never half-way. */
      if (!sessio_db_exec (db, "SAVEPOINT migrate", error))
        return FALSE;

      set_version = g_strdup_printf ("PRAGMA user_version = %d", step->version);
      if ((step->sql != NULL && !sessio_db_exec (db, step->sql, error)) ||
          (step->func != NULL && !step->func (db, error)) ||
          !sessio_db_exec (db, set_version, error) ||
          !sessio_db_exec (db, "RELEASE migrate", error))
        {
          sqlite3_exec (db, "ROLLBACK TO migrate; RELEASE migrate", NULL, NULL, NULL);
          return FALSE;
        }

      version = step->version;
      if (changed != NULL)
        *changed = TRUE;
    }

  return TRUE;
}

gboolean
sessio_schema_migrate (sqlite3   *db,
                       gboolean  *changed,
                       GError   **error)
{
  return sessio_schema_migrate_with (db, migrations, G_N_ELEMENTS (migrations),
                                     SESSIO_SCHEMA_VERSION, changed, error);
}

static void
audit_hash (const guint8 *prev_hash,
            gsize         prev_len,
            gint64        id,
            const char   *at,
            const char   *action,
            const char   *entity,
            gint64        entity_id,
            guint8        out[32])
{
  crypto_generichash_state state;
  g_autofree char *fields = g_strdup_printf ("%" G_GINT64_FORMAT "\x1f%s\x1f%s\x1f%s\x1f%" G_GINT64_FORMAT,
                                             id, at, action, entity, entity_id);

  crypto_generichash_init (&state, NULL, 0, 32);
  crypto_generichash_update (&state, prev_hash, prev_len);
  crypto_generichash_update (&state, (const guint8 *) fields, strlen (fields));
  crypto_generichash_final (&state, out, 32);
}

gboolean
sessio_audit_append (sqlite3     *db,
                     const char  *action,
                     const char  *entity,
                     gint64       entity_id,
                     GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  guint8 prev[32] = { 0 };
  guint8 hash[32];
  gint64 id = 1;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  gboolean ok;

  if (sqlite3_prepare_v2 (db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 1) == 32)
    {
      id = sqlite3_column_int64 (stmt, 0) + 1;
      memcpy (prev, sqlite3_column_blob (stmt, 1), 32);
    }
  sqlite3_finalize (stmt);

  audit_hash (prev, sizeof prev, id, at, action, entity, entity_id, hash);

  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO audit_log (id, at, action, entity, entity_id, prev_hash, hash)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, entity_id);
  sqlite3_bind_blob (stmt, 6, prev, sizeof prev, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 7, hash, sizeof hash, SQLITE_TRANSIENT);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  if (ok)
    return TRUE;

failed:
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                       _("The database refused the change"));
  return FALSE;
}

gboolean
sessio_audit_verify (sqlite3  *db,
                     GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  guint8 prev[32] = { 0 };
  gboolean ok = TRUE;
  int rc;

  if (sqlite3_prepare_v2 (db,
                          "SELECT id, at, action, entity, entity_id, prev_hash, hash"
                          " FROM audit_log ORDER BY id", -1, &stmt, NULL) != SQLITE_OK)
    ok = FALSE;

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint8 hash[32];

      if (sqlite3_column_bytes (stmt, 5) != 32 || sqlite3_column_bytes (stmt, 6) != 32 ||
          memcmp (sqlite3_column_blob (stmt, 5), prev, 32) != 0)
        {
          ok = FALSE;
          break;
        }

      audit_hash (prev, sizeof prev, sqlite3_column_int64 (stmt, 0),
                  (const char *) sqlite3_column_text (stmt, 1),
                  (const char *) sqlite3_column_text (stmt, 2),
                  (const char *) sqlite3_column_text (stmt, 3),
                  sqlite3_column_int64 (stmt, 4), hash);
      if (memcmp (hash, sqlite3_column_blob (stmt, 6), 32) != 0)
        {
          ok = FALSE;
          break;
        }
      memcpy (prev, hash, 32);
    }
  sqlite3_finalize (stmt);

  if (!ok)
    g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED,
                         _("The vault is damaged or has been modified"));
  return ok;
}
