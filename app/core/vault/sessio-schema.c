/* sessio-schema.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
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

  /* Rectification history: the previous value of every
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

/* Version 2: what the invoice lifecycle needs.  v1's CHECK on
 * invoice.status cannot be widened without rebuilding the table, so
 * "paid" is an issued invoice with paid_at set.  Every column an issued
 * invoice shows is a snapshot taken when it is drafted: editing or
 * erasing a patient later never changes an issued invoice.  Numbers come
 * from invoice_counter when an invoice is issued (drafts have none), so
 * deleting a draft never leaves a gap. */
static const char schema_v2[] =
  "ALTER TABLE invoice ADD COLUMN period_from TEXT;"
  "ALTER TABLE invoice ADD COLUMN period_to TEXT;"
  "ALTER TABLE invoice ADD COLUMN created_at TEXT;"
  "ALTER TABLE invoice ADD COLUMN due_date TEXT;"
  "ALTER TABLE invoice ADD COLUMN paid_at TEXT;"
  "ALTER TABLE invoice ADD COLUMN language TEXT CHECK (language IS NULL OR language IN ('nl', 'fr', 'de'));"
  "ALTER TABLE invoice ADD COLUMN year INTEGER;"
  "ALTER TABLE invoice ADD COLUMN seq INTEGER;"
  "ALTER TABLE invoice ADD COLUMN network_name TEXT;"
  "ALTER TABLE invoice ADD COLUMN network TEXT;"
  "ALTER TABLE invoice ADD COLUMN provider_name TEXT;"
  "ALTER TABLE invoice ADD COLUMN provider_riziv TEXT;"
  "ALTER TABLE invoice ADD COLUMN provider_kbo TEXT;"
  "ALTER TABLE invoice ADD COLUMN provider_iban TEXT;"
  "ALTER TABLE invoice ADD COLUMN provider_address TEXT;"
  "CREATE UNIQUE INDEX invoice_by_seq ON invoice (year, seq) WHERE seq IS NOT NULL;"
  "CREATE INDEX invoice_by_credited ON invoice (credits_invoice_id) WHERE credits_invoice_id IS NOT NULL;"

  "ALTER TABLE invoice_line ADD COLUMN position INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE invoice_line ADD COLUMN kind TEXT NOT NULL DEFAULT 'session'"
  "  CHECK (kind IN ('session', 'trajectory-fee', 'mdo'));"
  "ALTER TABLE invoice_line ADD COLUMN patient_id INTEGER REFERENCES patient (id);"
  "ALTER TABLE invoice_line ADD COLUMN line_date TEXT;"
  "ALTER TABLE invoice_line ADD COLUMN patient_name TEXT;"
  "ALTER TABLE invoice_line ADD COLUMN patient_insz TEXT;"
  "ALTER TABLE invoice_line ADD COLUMN patient_insurer TEXT;"
  "ALTER TABLE invoice_line ADD COLUMN care_type TEXT;"
  "ALTER TABLE invoice_line ADD COLUMN setting TEXT;"
  "ALTER TABLE invoice_line ADD COLUMN location TEXT;"
  "ALTER TABLE invoice_line ADD COLUMN rule_set TEXT;"
  "ALTER TABLE invoice_line ADD COLUMN supplement_cents INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE invoice_line ADD COLUMN year INTEGER;"
  "CREATE INDEX invoice_line_by_patient ON invoice_line (patient_id, kind, year);"

  /* A group session is one line; its participants (each with their
   * co-payment) are listed here, snapshots too. */
  "CREATE TABLE invoice_participant ("
  "  line_id INTEGER NOT NULL REFERENCES invoice_line (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  patient_id INTEGER REFERENCES patient (id),"
  "  patient_name TEXT NOT NULL,"
  "  patient_insz TEXT,"
  "  patient_insurer TEXT,"
  "  copay_cents INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (line_id, position)"
  ") STRICT, WITHOUT ROWID;"

  /* The last number issued per year (per provider: a vault is one
   * provider's). */
  "CREATE TABLE invoice_counter ("
  "  year INTEGER PRIMARY KEY,"
  "  last INTEGER NOT NULL CHECK (last >= 0)"
  ") STRICT;"

  /* The sessions an issued invoice bills and that no credit note has
   * cancelled: these may no longer change in a way that alters billing. */
  "CREATE VIEW invoice_locked_session AS"
  "  SELECT l.session_id AS session_id FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id"
  "  WHERE l.session_id IS NOT NULL AND i.kind = 'invoice' AND i.status = 'issued'"
  "    AND NOT EXISTS (SELECT 1 FROM invoice c WHERE c.credits_invoice_id = i.id);"

  /* Immutability at the database level, whatever code writes.  No
   * trigger on INSERT INTO invoice_line: the journal replays a
   * transaction table by table, so lines written together with the
   * invoice that issues them may arrive after it.  The store maps the
   * 'sessio-issued' abort to a translated SESSIO_ERROR_REFUSED. */
  "CREATE TRIGGER invoice_issued_update BEFORE UPDATE ON invoice"
  "  WHEN OLD.status = 'issued' AND (NEW.status IS NOT OLD.status OR NEW.number IS NOT OLD.number"
  "    OR NEW.kind IS NOT OLD.kind OR NEW.engagement_id IS NOT OLD.engagement_id"
  "    OR NEW.month IS NOT OLD.month OR NEW.issued_at IS NOT OLD.issued_at"
  "    OR NEW.credits_invoice_id IS NOT OLD.credits_invoice_id OR NEW.recipient IS NOT OLD.recipient"
  "    OR NEW.structured_communication IS NOT OLD.structured_communication"
  "    OR NEW.total_cents IS NOT OLD.total_cents OR NEW.rule_set IS NOT OLD.rule_set"
  "    OR NEW.period_from IS NOT OLD.period_from OR NEW.period_to IS NOT OLD.period_to"
  "    OR NEW.due_date IS NOT OLD.due_date OR NEW.language IS NOT OLD.language"
  "    OR NEW.year IS NOT OLD.year OR NEW.seq IS NOT OLD.seq"
  "    OR NEW.network_name IS NOT OLD.network_name OR NEW.network IS NOT OLD.network"
  "    OR NEW.provider_name IS NOT OLD.provider_name OR NEW.provider_riziv IS NOT OLD.provider_riziv"
  "    OR NEW.provider_kbo IS NOT OLD.provider_kbo OR NEW.provider_iban IS NOT OLD.provider_iban"
  "    OR NEW.provider_address IS NOT OLD.provider_address)"
  "  BEGIN SELECT RAISE (ABORT, 'sessio-issued'); END;"
  "CREATE TRIGGER invoice_issued_delete BEFORE DELETE ON invoice WHEN OLD.status = 'issued'"
  "  BEGIN SELECT RAISE (ABORT, 'sessio-issued'); END;"
  "CREATE TRIGGER invoice_line_issued_update BEFORE UPDATE ON invoice_line"
  "  WHEN (SELECT status FROM invoice WHERE id = OLD.invoice_id) = 'issued'"
  "  BEGIN SELECT RAISE (ABORT, 'sessio-issued'); END;"
  "CREATE TRIGGER invoice_line_issued_delete BEFORE DELETE ON invoice_line"
  "  WHEN (SELECT status FROM invoice WHERE id = OLD.invoice_id) = 'issued'"
  "  BEGIN SELECT RAISE (ABORT, 'sessio-issued'); END;"
  "CREATE TRIGGER invoice_participant_issued_update BEFORE UPDATE ON invoice_participant"
  "  WHEN (SELECT i.status FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id"
  "        WHERE l.id = OLD.line_id) = 'issued'"
  "  BEGIN SELECT RAISE (ABORT, 'sessio-issued'); END;"
  "CREATE TRIGGER invoice_participant_issued_delete BEFORE DELETE ON invoice_participant"
  "  WHEN (SELECT i.status FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id"
  "        WHERE l.id = OLD.line_id) = 'issued'"
  "  BEGIN SELECT RAISE (ABORT, 'sessio-issued'); END;"
  /* Notes and the co-payment received may still change: they do not
   * alter what was billed. */
  "CREATE TRIGGER session_issued_update BEFORE UPDATE ON session"
  "  WHEN (NEW.engagement_id IS NOT OLD.engagement_id OR NEW.trajectory_id IS NOT OLD.trajectory_id"
  "    OR NEW.starts_at IS NOT OLD.starts_at OR NEW.care_type IS NOT OLD.care_type"
  "    OR NEW.setting IS NOT OLD.setting OR NEW.location IS NOT OLD.location"
  "    OR NEW.context IS NOT OLD.context OR NEW.status IS NOT OLD.status"
  "    OR NEW.participants IS NOT OLD.participants OR NEW.co_facilitator IS NOT OLD.co_facilitator"
  "    OR NEW.outside_convention IS NOT OLD.outside_convention)"
  "    AND OLD.id IN (SELECT session_id FROM invoice_locked_session)"
  "  BEGIN SELECT RAISE (ABORT, 'sessio-issued'); END;"
  "CREATE TRIGGER session_issued_delete BEFORE DELETE ON session"
  "  WHEN OLD.id IN (SELECT session_id FROM invoice_locked_session)"
  "  BEGIN SELECT RAISE (ABORT, 'sessio-issued'); END;"
  "CREATE TRIGGER group_participant_issued_insert BEFORE INSERT ON group_participant"
  "  WHEN NEW.session_id IN (SELECT session_id FROM invoice_locked_session)"
  "  BEGIN SELECT RAISE (ABORT, 'sessio-issued'); END;"
  "CREATE TRIGGER group_participant_issued_update BEFORE UPDATE ON group_participant"
  "  WHEN (NEW.status IS NOT OLD.status OR NEW.session_id IS NOT OLD.session_id"
  "    OR NEW.trajectory_id IS NOT OLD.trajectory_id)"
  "    AND OLD.session_id IN (SELECT session_id FROM invoice_locked_session)"
  "  BEGIN SELECT RAISE (ABORT, 'sessio-issued'); END;"
  "CREATE TRIGGER group_participant_issued_delete BEFORE DELETE ON group_participant"
  "  WHEN OLD.session_id IN (SELECT session_id FROM invoice_locked_session)"
  "  BEGIN SELECT RAISE (ABORT, 'sessio-issued'); END;";

/* Version 3: the clinical file can be corrected and is kept.
 *
 * - Every field of a session can be corrected, also on an issued invoice:
 *   the invoice's lines are snapshots (v2), so the invoice keeps what it
 *   billed and the store says how to settle a difference (a credit note).
 *   The trigger that froze the billing fields of an invoiced session, and
 *   those on its participants, go; an invoiced session still cannot be
 *   deleted, and the invoice's own rows stay frozen.
 * - Earlier values of every corrected session and trajectory field, notes
 *   included, are kept in session_history and trajectory_history, as
 *   patient_history does for the patient.
 * - The date a co-payment was received; a trajectory's treatment goals
 *   and closing summary.
 * - A participant may be excused from a group session: group_participant's
 *   CHECK cannot be widened in place, so the table is rebuilt.
 * - Retention (Quality of Care Act art. 33-35): a file is closed, not
 *   erased, within 30 years of the last contact.  patient.closed_at marks
 *   a closed file; patient_closure records who closed or reopened it and
 *   why (free text, so not in the audit log, which names ids only). */
static const char schema_v3[] =
  "DROP TRIGGER session_issued_update;"
  "DROP TRIGGER group_participant_issued_insert;"
  "DROP TRIGGER group_participant_issued_update;"
  "DROP TRIGGER group_participant_issued_delete;"

  "ALTER TABLE session ADD COLUMN copay_date TEXT;"
  "ALTER TABLE trajectory ADD COLUMN goals TEXT;"
  "ALTER TABLE trajectory ADD COLUMN closing_summary TEXT;"
  "ALTER TABLE patient ADD COLUMN closed_at TEXT;"

  "CREATE TABLE group_participant_v3 ("
  "  session_id INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,"
  "  trajectory_id INTEGER NOT NULL REFERENCES trajectory (id),"
  "  status TEXT NOT NULL DEFAULT 'held'"
  "    CHECK (status IN ('planned', 'held', 'no-show', 'cancelled', 'excused')),"
  "  copay TEXT NOT NULL DEFAULT 'not-yet' CHECK (copay IN ('cash', 'transfer', 'not-yet', 'not-due')),"
  "  copay_date TEXT,"
  "  PRIMARY KEY (session_id, trajectory_id)"
  ") STRICT, WITHOUT ROWID;"
  "INSERT INTO group_participant_v3 (session_id, trajectory_id, status, copay)"
  "  SELECT session_id, trajectory_id, status, copay FROM group_participant;"
  "DROP TABLE group_participant;"
  "ALTER TABLE group_participant_v3 RENAME TO group_participant;"
  "CREATE INDEX group_participant_by_trajectory ON group_participant (trajectory_id);"

  "CREATE TABLE session_history ("
  "  id INTEGER PRIMARY KEY,"
  "  session_id INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,"
  "  changed_at TEXT NOT NULL,"
  "  field TEXT NOT NULL,"
  "  old_value TEXT"
  ") STRICT;"
  "CREATE INDEX session_history_by_session ON session_history (session_id, id);"

  "CREATE TABLE trajectory_history ("
  "  id INTEGER PRIMARY KEY,"
  "  trajectory_id INTEGER NOT NULL REFERENCES trajectory (id) ON DELETE CASCADE,"
  "  changed_at TEXT NOT NULL,"
  "  field TEXT NOT NULL,"
  "  old_value TEXT"
  ") STRICT;"
  "CREATE INDEX trajectory_history_by_trajectory ON trajectory_history (trajectory_id, id);"

  "CREATE TABLE patient_closure ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id),"
  "  at TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action IN ('close', 'reopen')),"
  "  by_whom TEXT NOT NULL,"
  "  reason TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX patient_closure_by_patient ON patient_closure (patient_id, id);";

static const SessioMigration migrations[] = {
  { 1, schema_v1, NULL },
  { 2, schema_v2, NULL },
  { 3, schema_v3, NULL },
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
