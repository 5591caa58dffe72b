/* fuzz-csv-import.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for `import csv`: any bytes go through the CSV reader,
 * the column mapping and the row checks against a real vault (one, made
 * once, holding a patient with an open trajectory), never committed.
 * The first byte chooses patients or sessions.  Beyond “no crash, no
 * leak, no undefined behaviour” it checks that a dry run leaves the
 * vault as it was and outside a transaction, that every problem names a
 * row of the file and a reason, and that what the reader parsed is
 * written back and read again unchanged.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sessio-clock.h"
#include "sessio-core.h"
#include "sessio-csv.h"
#include "sessio-csv-import.h"
#include "sessio-paths.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static SessioVault *vault;
static SessioPatientStore *store;
static char *vault_dir;
static char *state_dir;

static void
cleanup (void)
{
  g_clear_object (&store);
  if (vault != NULL)
    sessio_vault_close (vault, NULL);
  g_clear_object (&vault);
  sessio_paths_remove_tree (vault_dir);
  sessio_paths_remove_tree (state_dir);
}

static gint64
count_rows (const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_prepare_v2 (sessio_vault_get_db (vault), sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  SessioVaultKdf kdf;
  SessioEngagement engagement = { 0 };
  SessioPatient patient = { 0 };
  SessioTrajectory trajectory = { 0 };
  char *recovery = NULL;
  GDate today;

  if (!sessio_core_init (&error))
    abort ();
  state_dir = g_dir_make_tmp ("sessio-fuzz-state-XXXXXX", NULL);
  vault_dir = g_dir_make_tmp ("sessio-fuzz-vault-XXXXXX", NULL);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);
  atexit (cleanup);

  sessio_vault_kdf_floor (&kdf);
  vault = sessio_vault_create (vault_dir, "fuzz passphrase", &kdf, &recovery, &error);
  if (vault == NULL)
    abort ();
  sessio_key_free_text (recovery);
  store = sessio_patient_store_new (vault, NULL);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 30, 6, 2025);
  sessio_clock_set_today_for_testing (&today);

  /* Synthetic: an invented name, an INSZ with a valid checksum. */
  engagement.network_name = (char *) "Netwerk Fuzz";
  engagement.network = (char *) "youth";
  engagement.model = (char *) "independent";
  engagement.weekly_contingent = -1;
  patient.name = (char *) "Fuzz Testpersoon";
  patient.birth_date = (char *) "2010-05-05";
  patient.insz = (char *) "10050500126";
  trajectory.start_date = (char *) "2025-01-06";
  if ((trajectory.engagement_id = sessio_patient_store_add_engagement (store, &engagement, &error)) == 0 ||
      (trajectory.patient_id = sessio_patient_store_add_patient (store, &patient, &error)) == 0 ||
      sessio_patient_store_add_trajectory (store, &trajectory, &error) == 0)
    {
      g_printerr ("fuzz-csv-import: setting up the vault failed: %s\n", error->message);
      abort ();
    }
  return 0;
}

/* Writing the parsed records and parsing them again gives them back. */
static void
check_round_trip (GPtrArray *records,
                  char       separator)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) again = NULL;

  for (guint r = 0; r < records->len; r++)
    {
      SessioCsvRecord *record = g_ptr_array_index (records, r);

      /* A record of one empty field reads as a blank line, which the
       * reader skips. */
      if (g_strv_length (record->fields) == 1 && record->fields[0][0] == '\0')
        return;
      for (guint f = 0; record->fields[f] != NULL; f++)
        {
          if (f > 0)
            g_string_append_c (out, separator);
          sessio_csv_append_field (out, record->fields[f], separator);
        }
      g_string_append (out, "\r\n");
    }
  /* A byte order mark at the start is taken off on reading. */
  if (g_str_has_prefix (out->str, "\xef\xbb\xbf"))
    return;

  again = sessio_csv_parse (out->str, out->len, separator, NULL, NULL);
  if (again == NULL || again->len != records->len)
    abort ();
  for (guint r = 0; r < records->len; r++)
    {
      SessioCsvRecord *a = g_ptr_array_index (records, r);
      SessioCsvRecord *b = g_ptr_array_index (again, r);

      if (!g_strv_equal ((const char * const *) a->fields, (const char * const *) b->fields))
        abort ();
    }
}

static void
record_free (gpointer data)
{
  SessioCsvRecord *record = data;

  g_strfreev (record->fields);
  g_free (record);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioCsvImport) import = NULL;
  g_autoptr(GPtrArray) records = NULL;
  SessioCsvImportKind kind;
  gint64 patients, sessions;
  char separator = 0;

  if (size < 1 || size > 64 * 1024)
    return 0;
  kind = (data[0] & 1) ? SESSIO_CSV_IMPORT_SESSIONS : SESSIO_CSV_IMPORT_PATIENTS;
  data++;
  size--;

  records = sessio_csv_parse ((const char *) data, size, 0, &separator, NULL);
  if (records != NULL)
    {
      g_ptr_array_set_free_func (records, record_free);
      check_round_trip (records, separator);
    }

  import = sessio_csv_import_new (kind, (const char *) data, size, &error);
  if (import == NULL)
    {
      if (error == NULL || error->domain != SESSIO_ERROR || error->code != SESSIO_ERROR_INVALID_INPUT)
        abort ();
      return 0;
    }

  patients = count_rows ("patient");
  sessions = count_rows ("session");
  if (!sessio_csv_import_run (import, store, FALSE, &error))
    {
      GPtrArray *problems = sessio_csv_import_get_problems (import);

      if (error->code != SESSIO_ERROR_INVALID_INPUT || problems->len == 0)
        abort ();
      for (guint i = 0; i < problems->len; i++)
        {
          SessioCsvProblem *problem = g_ptr_array_index (problems, i);

          if (problem->row < 1 || problem->reason == NULL || *problem->reason == '\0' ||
              problem->column == NULL)
            abort ();
        }
    }
  else if (sessio_csv_import_get_problems (import)->len != 0 ||
           sessio_csv_import_get_n_valid (import) != sessio_csv_import_get_n_rows (import))
    abort ();

  if (sessio_vault_in_transaction (vault) ||
      count_rows ("patient") != patients || count_rows ("session") != sessions)
    abort ();
  return 0;
}
