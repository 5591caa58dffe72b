/* test-csv-import.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CSV import of patients and sessions into a real vault: the
 * RFC 4180 reader as spreadsheets write it, the automatic and manual
 * column mapping, a validation report naming row, column and reason for
 * every kind of error with nothing imported, the dry run, and a valid
 * file written in one vault transaction.  Synthetic data only.
 */

#include "config.h"

#include "sessio-clock.h"
#include "sessio-csv.h"
#include "sessio-csv-import.h"
#include "sessio-ident.h"
#include "sessio-patient-store.h"
#include "vault-test-util.h"

typedef struct
{
  char               *dir;
  SessioVault        *vault;
  SessioPatientStore *store;
  gint64              engagement;
  gint64              patient;      /* born 2010-05-05, trajectory from 2025-01-06 */
  gint64              trajectory;
  char               *insz;
} Fixture;

static char *
make_insz (int      year,
           int      month,
           int      day,
           gboolean male,
           guint    serial)
{
  GDate birth;
  char out[12];

  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  g_assert_true (sessio_insz_generate (&birth, male, serial, out));
  return g_strdup (out);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SessioEngagement engagement = { 0, (char *) "Netwerk Jeugd Test", (char *) "youth",
                                  (char *) "independent", NULL, NULL, -1 };
  SessioPatient patient = { 0 };
  SessioTrajectory trajectory = { 0 };
  GDate today;

  f->dir = test_make_tmpdir ();
  f->vault = test_create_vault (f->dir, NULL);
  f->store = sessio_patient_store_new (f->vault, NULL);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 30, G_DATE_JUNE, 2025);
  sessio_clock_set_today_for_testing (&today);

  f->engagement = sessio_patient_store_add_engagement (f->store, &engagement, &error);
  g_assert_no_error (error);
  f->insz = make_insz (2010, 5, 5, TRUE, 1);
  patient.name = (char *) "Robin Testpersoon";
  patient.birth_date = (char *) "2010-05-05";
  patient.insz = f->insz;
  f->patient = sessio_patient_store_add_patient (f->store, &patient, &error);
  g_assert_no_error (error);
  trajectory.patient_id = f->patient;
  trajectory.engagement_id = f->engagement;
  trajectory.start_date = (char *) "2025-01-06";
  f->trajectory = sessio_patient_store_add_trajectory (f->store, &trajectory, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->vault);
  test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->insz);
  /* Back to the real clock for the next test. */
  sessio_clock_reset_for_testing ();
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (sessio_vault_get_db (f->vault), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The problem at @index is (@row, @column) and its reason is @reason
 * (untranslated: the tests run in C.UTF-8) or starts with it. */
static void
assert_problem (SessioCsvImport *import,
                guint            index,
                guint            row,
                const char      *column,
                const char      *reason)
{
  GPtrArray *problems = sessio_csv_import_get_problems (import);
  SessioCsvProblem *problem;

  g_assert_cmpuint (index, <, problems->len);
  problem = g_ptr_array_index (problems, index);
  g_test_message ("problem %u: row %u, column “%s”: %s", index, problem->row, problem->column, problem->reason);
  g_assert_cmpuint (problem->row, ==, row);
  g_assert_cmpstr (problem->column, ==, column);
  g_assert_true (g_str_has_prefix (problem->reason, reason));
}

/* ------------------------------------------------------------ reader */

static void
record_free (gpointer data)
{
  SessioCsvRecord *record = data;

  g_strfreev (record->fields);
  g_free (record);
}

static GPtrArray *
parse (const char *text,
       char        separator,
       char       *detected)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = sessio_csv_parse (text, strlen (text), separator, detected, &error);

  g_assert_no_error (error);
  g_ptr_array_set_free_func (records, record_free);
  return records;
}

static void
test_reader (void)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  SessioCsvRecord *record;
  char separator = 0;
  const char *fields[] = { "a;b", "say \"hi\"", "two\r\nlines", "", "plain", NULL };

  /* Belgian Excel: BOM, “;”, CRLF, quotes doubled, a line break inside
   * quotes, a blank line. */
  records = parse ("\xef\xbb\xbfNaam;Nota\r\n\"Peeters; An\";\"zei \"\"ja\"\"\"\r\n\r\n"
                   "Janssens;\"twee\r\nregels\"\r\nLaatste;", 0, &separator);
  g_assert_cmpint (separator, ==, ';');
  g_assert_cmpuint (records->len, ==, 4);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->fields[0], ==, "Naam");
  record = g_ptr_array_index (records, 1);
  g_assert_cmpuint (record->line, ==, 2);
  g_assert_cmpstr (record->fields[0], ==, "Peeters; An");
  g_assert_cmpstr (record->fields[1], ==, "zei \"ja\"");
  record = g_ptr_array_index (records, 2);
  g_assert_cmpuint (record->line, ==, 4);
  g_assert_cmpstr (record->fields[1], ==, "twee\r\nregels");
  record = g_ptr_array_index (records, 3);
  g_assert_cmpuint (record->line, ==, 6);
  g_assert_cmpuint (g_strv_length (record->fields), ==, 2);
  g_assert_cmpstr (record->fields[1], ==, "");
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Commas, LF; a tab-separated file. */
  records = parse ("a,b,c\n1,\"2,5\",3\n", 0, &separator);
  g_assert_cmpint (separator, ==, ',');
  g_assert_cmpstr (((SessioCsvRecord *) g_ptr_array_index (records, 1))->fields[1], ==, "2,5");
  g_clear_pointer (&records, g_ptr_array_unref);
  records = parse ("a\tb\n1\t2\n", 0, &separator);
  g_assert_cmpint (separator, ==, '\t');
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Windows-1252, what Excel writes for “CSV (separated)”: é is 0xE9. */
  records = parse ("Pr\xe9nom;Nom\nC\xe9line;Dupont\n", 0, NULL);
  g_assert_cmpstr (((SessioCsvRecord *) g_ptr_array_index (records, 1))->fields[0], ==, "Céline");
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Malformed: an unterminated quote, a quote inside a field, text after
   * the closing quote; each names its line. */
  g_assert_null (sessio_csv_parse ("a\n\"open\n", 8, 0, NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_assert_true (g_str_has_prefix (error->message, "Line 2:"));
  g_clear_error (&error);
  g_assert_null (sessio_csv_parse ("a\nb\"c\n", 6, 0, NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (sessio_csv_parse ("\"a\"b\n", 5, 0, NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Writing quotes what needs it, and reads back the same. */
  for (guint i = 0; fields[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ';');
      sessio_csv_append_field (out, fields[i], ';');
    }
  g_assert_cmpstr (out->str, ==, "\"a;b\";\"say \"\"hi\"\"\";\"two\r\nlines\";;plain");
  records = parse (out->str, ';', NULL);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_true (g_strv_equal ((const char * const *) ((SessioCsvRecord *) g_ptr_array_index (records, 0))->fields,
                               fields));
}

/* ----------------------------------------------------------- mapping */

static void
test_mapping (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioCsvImport) import = NULL;
  JsonObject *preview;
  const char *csv = "Voornaam;Achternaam;Date de naissance;NISS;Geschlecht;Kolom X;Opmerking\n"
                    "Lotte;Peeters;03/03/2012;;v;Lotte P.;iets\n";

  import = sessio_csv_import_new (SESSIO_CSV_IMPORT_PATIENTS, csv, strlen (csv), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessio_csv_import_get_n_columns (import), ==, 7);
  g_assert_cmpuint (sessio_csv_import_get_n_rows (import), ==, 1);
  g_assert_cmpstr (sessio_csv_import_get_mapping (import, 0), ==, "first_name");
  g_assert_cmpstr (sessio_csv_import_get_mapping (import, 1), ==, "last_name");
  g_assert_cmpstr (sessio_csv_import_get_mapping (import, 2), ==, "birth_date");
  g_assert_cmpstr (sessio_csv_import_get_mapping (import, 3), ==, "insz");
  g_assert_cmpstr (sessio_csv_import_get_mapping (import, 4), ==, "sex");
  g_assert_null (sessio_csv_import_get_mapping (import, 5));
  g_assert_cmpstr (sessio_csv_import_get_mapping (import, 6), ==, "notes");

  /* By hand: the unknown column becomes the name, so first and last
   * name are no longer needed; “-” ignores a column. */
  g_assert_true (sessio_csv_import_set_mapping (import, "kolom x", "name", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sessio_csv_import_get_mapping (import, 5), ==, "name");
  g_assert_true (sessio_csv_import_set_mapping (import, "Opmerking", "-", &error));
  g_assert_null (sessio_csv_import_get_mapping (import, 6));
  g_assert_false (sessio_csv_import_set_mapping (import, "Nope", "name", &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (sessio_csv_import_set_mapping (import, "NISS", "shoe_size", &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_true (sessio_csv_import_run (import, f->store, FALSE, &error));
  g_assert_no_error (error);
  preview = json_array_get_object_element (sessio_csv_import_get_preview (import), 0);
  g_assert_cmpstr (json_object_get_string_member (preview, "name"), ==, "Lotte P.");
  g_assert_cmpstr (json_object_get_string_member (preview, "sex"), ==, "f");
  g_assert_true (json_node_is_null (json_object_get_member (preview, "notes")));
}

/* ----------------------------------------------------------- reports */

static void
test_patients_every_error (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioCsvImport) import = NULL;
  g_autofree char *good = make_insz (2012, 3, 3, FALSE, 2);
  g_autofree char *bad_checksum = g_strdup (good);
  g_autofree char *csv = NULL;
  gint64 patients = count (f, "SELECT count(*) FROM patient");
  guint64 records = sessio_vault_get_journal_records (f->vault);

  bad_checksum[10] = bad_checksum[10] == '9' ? '0' : bad_checksum[10] + 1;
  csv = g_strdup_printf ("Naam;Geboortedatum;INSZ;Geslacht;E-mail;VT;Ziekenfonds\r\n"
                         "Lotte Peeters;03/03/2012;%s;v;;nee;\r\n"        /* 2: valid */
                         "An Janssens;03/03/2012;%s;v;;;\r\n"             /* 3: INSZ checksum */
                         "Lien Peeters;03/03/2012;%s;v;;;\r\n"            /* 4: duplicate INSZ in the file */
                         "Tom Maes;05/05/2010;%s;m;;;\r\n"                /* 5: INSZ of a patient in the vault */
                         ";01/01/2000;;;;;\r\n"                          /* 6: missing name */
                         "Jef Claes;;;;;;\r\n"                           /* 7: missing birth date */
                         "Mira Wouters;31/02/2011;;;;;\r\n"               /* 8: impossible date */
                         "Noor Aerts;01/01/2030;;;;;\r\n"                 /* 9: birth in the future */
                         "Sam Goossens;01/01/2011;;q;;;\r\n"              /* 10: unknown sex */
                         "Kato Smet;01/01/2011;;;kato.example.org;;\r\n"  /* 11: bad e-mail */
                         "Wout De Wit;01/01/2011;;;;misschien;\r\n"      /* 12: not a yes/no */
                         "Ella Michiels;01/01/2011;;;;;999\r\n"           /* 13: unknown insurer */
                         "Finn Hermans;01/01/2011;;;;;;extra\r\n"         /* 14: too many values */
                         "Lotte Peeters;03/03/2012;%s;m;;;\r\n",          /* 15: INSZ does not match sex */
                         good, bad_checksum, good, f->insz, good);

  import = sessio_csv_import_new (SESSIO_CSV_IMPORT_PATIENTS, csv, strlen (csv), &error);
  g_assert_no_error (error);
  g_assert_false (sessio_csv_import_run (import, f->store, TRUE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);

  assert_problem (import, 0, 3, "INSZ", "");
  assert_problem (import, 1, 4, "INSZ", "Another patient already has this INSZ number");
  assert_problem (import, 2, 5, "INSZ", "Another patient already has this INSZ number");
  assert_problem (import, 3, 6, "Naam", "A required value is missing");
  assert_problem (import, 4, 7, "Geboortedatum", "A required value is missing");
  assert_problem (import, 5, 8, "Geboortedatum", "31 February 2011 does not exist");
  assert_problem (import, 6, 9, "Geboortedatum", "The birth date lies in the future");
  assert_problem (import, 7, 10, "Geslacht", "The sex must be");
  assert_problem (import, 8, 11, "E-mail", "The e-mail address is not valid");
  assert_problem (import, 9, 12, "VT", "Not a yes or no value");
  assert_problem (import, 10, 13, "Ziekenfonds", "");
  assert_problem (import, 11, 14, "", "The row has more values than the header has columns");
  assert_problem (import, 12, 15, "INSZ", "The INSZ number does not match the sex");
  g_assert_cmpuint (sessio_csv_import_get_problems (import)->len, ==, 13);
  g_assert_cmpuint (sessio_csv_import_get_n_valid (import), ==, 1);

  /* Nothing imported, not even the valid row; nothing journalled. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient"), ==, patients);
  g_assert_cmpuint (sessio_vault_get_journal_records (f->vault), ==, records);
  g_assert_false (sessio_vault_in_transaction (f->vault));
}

static void
test_sessions_every_error (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioCsvImport) import = NULL;
  g_autofree char *stranger = make_insz (2009, 9, 9, TRUE, 3);
  g_autofree char *csv = NULL;
  gint64 sessions = count (f, "SELECT count(*) FROM session");
  gint64 audit = count (f, "SELECT count(*) FROM audit_log");

  csv = g_strdup_printf ("INSZ,Naam,Geboortedatum,Datum,Uur,Zorgtype,Status,Duur\n"
                         "%s,,,13/01/2025,14:30,support,held,60\n"       /* 2: valid */
                         "%s,,,13/01/2025,,support,,\n"                  /* 3: unknown patient (INSZ) */
                         ",Iemand Anders,01/01/2001,13/01/2025,,support,,\n" /* 4: unknown patient (name) */
                         ",,,13/01/2025,,support,,\n"                    /* 5: no patient given */
                         "%s,,,01/09/2025,,support,held,\n"              /* 6: held in the future */
                         "%s,,,20/01/2025,,massage,,\n"                  /* 7: unknown care type */
                         "%s,,,20/01/2025,,,,\n"                         /* 8: missing care */
                         "%s,,,2025-01-20,25:00,support,,\n"             /* 9: bad time */
                         "%s,,,02/01/2025,,support,,\n"                  /* 10: before the trajectory */
                         "%s,,,20/01/2025,,support,,nine\n"              /* 11: bad duration */
                         "%s,,,20/01/2025,,support,maybe,\n"             /* 12: unknown status */
                         ",Robin Testpersoon,05/05/2010,,,support,,\n",  /* 13: missing date */
                         f->insz, stranger, f->insz, f->insz, f->insz, f->insz, f->insz, f->insz, f->insz);

  import = sessio_csv_import_new (SESSIO_CSV_IMPORT_SESSIONS, csv, strlen (csv), &error);
  g_assert_no_error (error);
  g_assert_false (sessio_csv_import_run (import, f->store, TRUE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);

  assert_problem (import, 0, 3, "INSZ", "No patient in the vault has this INSZ number");
  assert_problem (import, 1, 4, "Naam", "No patient in the vault has this name and birth date");
  assert_problem (import, 2, 5, "INSZ", "The session needs the patient’s INSZ number, or name and birth date");
  assert_problem (import, 3, 6, "Datum", "A session dated in the future cannot be held");
  assert_problem (import, 4, 7, "Zorgtype", "Unknown care type");
  assert_problem (import, 5, 8, "Zorgtype", "A required value is missing");
  assert_problem (import, 6, 9, "Uur", "Not a time");
  assert_problem (import, 7, 10, "Datum", "The patient has no trajectory on this date");
  assert_problem (import, 8, 11, "Duur", "The duration must be between 1 and 600 minutes");
  assert_problem (import, 9, 12, "Status", "The status must be");
  assert_problem (import, 10, 13, "Datum", "A required value is missing");
  g_assert_cmpuint (sessio_csv_import_get_problems (import)->len, ==, 11);
  g_assert_cmpuint (sessio_csv_import_get_n_valid (import), ==, 1);

  g_assert_cmpint (count (f, "SELECT count(*) FROM session"), ==, sessions);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log"), ==, audit);
}

static void
test_missing_columns (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioCsvImport) import = NULL;
  const char *csv = "Naam;Telefoon\nLotte Peeters;0470 00 00 00\n";

  import = sessio_csv_import_new (SESSIO_CSV_IMPORT_PATIENTS, csv, strlen (csv), &error);
  g_assert_no_error (error);
  g_assert_false (sessio_csv_import_run (import, f->store, TRUE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  /* One problem for the file, not one per row. */
  g_assert_cmpuint (sessio_csv_import_get_problems (import)->len, ==, 1);
  assert_problem (import, 0, 1, "birth_date", "No column is mapped to this required field");
  g_clear_error (&error);

  g_assert_null (sessio_csv_import_new (SESSIO_CSV_IMPORT_PATIENTS, "", 0, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
}

/* ------------------------------------------------------------ import */

static void
test_patients_import (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioCsvImport) import = NULL;
  g_autofree char *insz = make_insz (2012, 3, 3, FALSE, 2);
  g_autofree char *csv = NULL;
  gint64 patients = count (f, "SELECT count(*) FROM patient");
  guint64 records;
  JsonObject *first;

  /* Excel in Belgium: BOM, “;”, CRLF, DD/MM/YYYY, an INSZ with dots. */
  csv = g_strdup_printf ("\xef\xbb\xbfVoornaam;Achternaam;Geboortedatum;Rijksregisternummer;Geslacht;VT;Taal\r\n"
                         "Lotte;Peeters;03/03/2012;%.2s.%.2s.%.2s-%.3s.%.2s;V;ja;NL\r\n"
                         "\"Jan \"\"Jr\"\"\";Janssens;2009-09-09;;m;nee;\r\n"
                         "Céline;Dupont;15.01.2015;;vrouw;;fr\r\n",
                         insz, insz + 2, insz + 4, insz + 6, insz + 9);
  import = sessio_csv_import_new (SESSIO_CSV_IMPORT_PATIENTS, csv, strlen (csv), &error);
  g_assert_no_error (error);

  /* The dry run: a preview as stored, nothing written. */
  g_assert_true (sessio_csv_import_run (import, f->store, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (sessio_csv_import_get_preview (import)), ==, 3);
  first = json_array_get_object_element (sessio_csv_import_get_preview (import), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "Lotte Peeters");
  g_assert_cmpstr (json_object_get_string_member (first, "birth_date"), ==, "2012-03-03");
  g_assert_cmpstr (json_object_get_string_member (first, "insz"), ==, insz);
  g_assert_cmpstr (json_object_get_string_member (first, "sex"), ==, "f");
  g_assert_cmpint (json_object_get_int_member (first, "bim"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "language"), ==, "nl");
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient"), ==, patients);

  /* Confirmed: every row, in one vault transaction (one journal record). */
  records = sessio_vault_get_journal_records (f->vault);
  g_assert_true (sessio_csv_import_run (import, f->store, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sessio_vault_get_journal_records (f->vault), ==, records + 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient"), ==, patients + 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient WHERE name = 'Jan \"Jr\" Janssens'"
                             " AND birth_date = '2009-09-09' AND sex = 'm' AND bim = 0"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient WHERE name = 'Céline Dupont'"
                             " AND birth_date = '2015-01-15' AND sex = 'f' AND language = 'fr'"), ==, 1);
  /* Each row is audited like a patient added by hand. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'create' AND entity = 'patient'"), ==,
                   patients + 3);

  /* The same file again: every INSZ is now taken. */
  g_assert_false (sessio_csv_import_run (import, f->store, TRUE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  assert_problem (import, 0, 2, "Rijksregisternummer", "Another patient already has this INSZ number");
}

static void
test_sessions_import (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioCsvImport) import = NULL;
  g_autofree char *csv = NULL;

  csv = g_strdup_printf ("Rijksregisternummer;Naam;Geboortedatum;Datum;Uur;Zorgtype;Locatie;Status;Remgeld\r\n"
                         "%s;;;13/01/2025;14u30;support;school;held;cash\r\n"
                         ";robin testpersoon;05/05/2010;20/01/2025;;support;;;\r\n"
                         "%s;;;01/09/2025;10:00;support;;planned;\r\n",
                         f->insz, f->insz);
  import = sessio_csv_import_new (SESSIO_CSV_IMPORT_SESSIONS, csv, strlen (csv), &error);
  g_assert_no_error (error);
  g_assert_true (sessio_csv_import_run (import, f->store, TRUE, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count (f, "SELECT count(*) FROM session"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM session WHERE starts_at = '2025-01-13T14:30'"
                             " AND location = 'school' AND copay = 'cash' AND status = 'held'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM session WHERE starts_at = '2025-01-20' AND status = 'held'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM session WHERE starts_at = '2025-09-01T10:00'"
                             " AND status = 'planned'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(DISTINCT trajectory_id) FROM session"), ==, 1);
}

/* Input without limits: /dev/zero, a line without end, a file
 * larger than any practice's data.  Refused as invalid input, early. */
static void
test_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "long-line.csv", NULL);
  g_autoptr(GString) line = g_string_new ("name,birth_date\n");
  gsize len = 0;

  data = sessio_csv_import_read_file ("/dev/zero", &len, &error);
  g_assert_null (data);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_string_append_len (line, "Naam", 4);
  while (line->len < SESSIO_CSV_IMPORT_MAX_LINE + 100)
    g_string_append_c (line, 'x');
  g_string_append (line, ",2001-02-03\n");
  g_assert_true (g_file_set_contents (path, line->str, line->len, NULL));
  g_assert_null (sessio_csv_import_read_file (path, &len, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (sessio_csv_import_new (SESSIO_CSV_IMPORT_PATIENTS, line->str, line->len, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Too large even with short lines. */
  {
    gsize big = SESSIO_CSV_IMPORT_MAX_BYTES + 1;
    g_autofree char *lines = g_malloc (big);

    memset (lines, '\n', big);
    g_assert_null (sessio_csv_import_new (SESSIO_CSV_IMPORT_PATIENTS, lines, big, &error));
    g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
    g_clear_error (&error);
  }

  /* Within the limits: read as it is. */
  g_assert_true (g_file_set_contents (path, "name,birth_date\r\nNaam Een,2001-02-03\r\n", -1, NULL));
  data = sessio_csv_import_read_file (path, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, ==, strlen ("name,birth_date\r\nNaam Een,2001-02-03\r\n"));

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  test_init (&argc, &argv);

  g_test_add_func ("/csv-import/limits", test_limits);
  g_test_add_func ("/csv-import/reader", test_reader);
  g_test_add ("/csv-import/mapping", Fixture, NULL, fixture_set_up, test_mapping, fixture_tear_down);
  g_test_add ("/csv-import/patients-every-error", Fixture, NULL, fixture_set_up,
              test_patients_every_error, fixture_tear_down);
  g_test_add ("/csv-import/sessions-every-error", Fixture, NULL, fixture_set_up,
              test_sessions_every_error, fixture_tear_down);
  g_test_add ("/csv-import/missing-columns", Fixture, NULL, fixture_set_up,
              test_missing_columns, fixture_tear_down);
  g_test_add ("/csv-import/patients", Fixture, NULL, fixture_set_up, test_patients_import, fixture_tear_down);
  g_test_add ("/csv-import/sessions", Fixture, NULL, fixture_set_up, test_sessions_import, fixture_tear_down);

  return g_test_run ();
}
