/* test-full-export.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Full export and import all with real vaults on disk: export,
 * import into a new vault, export again gives byte-identical files; the
 * files and folders are private; the export covers any table of the
 * schema; import all refuses a modified file, a newer format or schema,
 * an unknown table or column, a value of the wrong type, a dangling
 * reference and a broken audit chain, each time leaving no vault behind.
 * Synthetic data only.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <sys/stat.h>

#include "sessio-devdata.h"
#include "sessio-invoice-store.h"
#include "sessio-full-export.h"
#include "sessio-ident.h"
#include "sessio-patient-store.h"
#include "vault-test-util.h"

typedef struct
{
  char        *root;     /* everything of one test lives here */
  char        *source;   /* the source vault */
  char        *export;   /* its export */
  SessioVault *vault;
} Fixture;

static gboolean
vault_txn (gpointer          user_data,
           SessioDevdataTxn  what,
           GError          **error)
{
  SessioVault *vault = user_data;

  switch (what)
    {
    case SESSIO_DEVDATA_BEGIN:
      return sessio_vault_begin (vault, error);
    case SESSIO_DEVDATA_COMMIT:
      return sessio_vault_commit (vault, error);
    case SESSIO_DEVDATA_ROLLBACK:
    default:
      sessio_vault_rollback (vault);
      return TRUE;
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  SessioDevdataOptions options = { .patients = 30, .sessions = 200, .seed = 8, .transactions = 4 };
  SessioPatient patient = { 0 };
  SessioGuardian guardian = { (char *) "Ouder Test", (char *) "mother", NULL, (char *) "ouder@example.org" };
  char *problems[] = { (char *) "anxiety", NULL };
  char insz[12];
  GDate birth;

  f->root = test_make_tmpdir ();
  f->source = g_build_filename (f->root, "source", NULL);
  f->export = g_build_filename (f->root, "export", NULL);
  f->vault = test_create_vault (f->source, NULL);

  g_assert_true (sessio_devdata_generate (sessio_vault_get_db (f->vault), &options, vault_txn, f->vault, &error));
  g_assert_no_error (error);

  /* Through the store as well: audit entries (a hash chain of blobs),
   * guardians, problems, text with quotes, commas and line breaks. */
  store = sessio_patient_store_new (f->vault, NULL);
  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, 3, G_DATE_MARCH, 2012);
  g_assert_true (sessio_insz_generate (&birth, FALSE, 2, insz));
  patient.name = (char *) "Lotte \"Lo\" Peeters, jr.";
  patient.birth_date = (char *) "2012-03-03";
  patient.insz = insz;
  patient.notes = (char *) "twee\nregels; met €";
  patient.problems = problems;
  patient.guardians = g_ptr_array_new ();
  g_ptr_array_add (patient.guardians, &guardian);
  g_assert_cmpint (sessio_patient_store_add_patient (store, &patient, &error), >, 0);
  g_assert_no_error (error);
  g_ptr_array_unref (patient.guardians);

  /* Money in cents, and a setting of each type. */
  g_assert_true (sessio_vault_begin (f->vault, &error));
  test_exec (f->vault, "INSERT INTO rule_amount (rule_set, key, amount_cents) VALUES ('2025', 'fee.individual', 7123);"
                       "INSERT INTO setting (key, value) VALUES ('test.int', 42), ('test.text', 'tekst'),"
                       " ('test.real', 0.1), ('test.blob', x'00ff10');");
  g_assert_true (sessio_vault_commit (f->vault, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->vault);
  test_rm_rf (f->root);
  g_free (f->root);
  g_free (f->source);
  g_free (f->export);
}

static char *
read_file (const char *dir,
           const char *name,
           gsize      *len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);
  return contents;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Every file under @dir, relative, sorted. */
static void
list_files (const char *dir,
            const char *prefix,
            GPtrArray  *out)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *relative = prefix != NULL ? g_build_filename (prefix, name, NULL) : g_strdup (name);
      struct stat st;

      g_assert_cmpint (g_stat (path, &st), ==, 0);
      if (S_ISDIR (st.st_mode))
        {
          g_assert_cmpint (st.st_mode & 0777, ==, 0700);
          list_files (path, relative, out);
        }
      else
        {
          g_assert_cmpint (st.st_mode & 0777, ==, 0600);
          g_ptr_array_add (out, g_steal_pointer (&relative));
        }
    }
  g_ptr_array_sort (out, compare_names);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) copy = NULL;
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *copy_dir = g_build_filename (f->root, "copy", NULL);
  g_autofree char *export2 = g_build_filename (f->root, "export2", NULL);
  g_autofree char *json = NULL;
  g_autofree char *patient_csv = NULL;
  g_autofree char *setting_csv = NULL;
  g_autofree char *sums = NULL;
  char *recovery = NULL;
  SessioVaultKdf kdf;
  JsonObject *root;
  gboolean found_amount = FALSE;
  g_autofree char *invoice_number = NULL;
  guint n_receipts = 0;
  gsize len;

  /* An issued invoice, so that the documents are there too. */
  {
    g_autoptr(SessioPatientStore) patients = sessio_patient_store_new (f->vault, NULL);
    g_autoptr(SessioInvoiceStore) invoices = sessio_invoice_store_new (patients, NULL);
    g_autoptr(GPtrArray) engagements = sessio_patient_store_list_engagements (patients, &error);
    gint64 id = 0;

    for (guint i = 0; id <= 0 && i < engagements->len; i++)
      {
        g_clear_error (&error);
        id = sessio_invoice_store_draft_month (invoices, ((SessioEngagement *) g_ptr_array_index (engagements, i))->id,
                                               "2025-05", &error);
      }
    g_assert_no_error (error);
    g_assert_true (sessio_invoice_store_issue (invoices, id, "2025-06-02", &error));
    g_assert_no_error (error);
    {
      g_autoptr(SessioInvoice) issued = sessio_invoice_store_get (invoices, id, &error);

      g_assert_no_error (error);
      invoice_number = g_strdup (issued->number);
    }
  }

  g_assert_true (sessio_full_export_write (f->vault, f->export, &error));
  g_assert_no_error (error);

  sessio_vault_kdf_floor (&kdf);
  copy = sessio_full_export_import (f->export, copy_dir, "another passphrase", &kdf, &recovery, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  g_assert_nonnull (recovery);
  sessio_key_free_text (recovery);
  g_assert_true (sessio_vault_check (copy, &error));
  g_assert_no_error (error);

  /* Reopened from disk with the new passphrase, then exported again. */
  g_assert_true (sessio_vault_close (copy, &error));
  g_clear_object (&copy);
  copy = sessio_vault_open (copy_dir, "another passphrase", &error);
  g_assert_no_error (error);
  g_assert_true (sessio_full_export_write (copy, export2, &error));
  g_assert_no_error (error);

  list_files (f->export, NULL, first);
  list_files (export2, NULL, second);
  g_assert_cmpuint (first->len, ==, second->len);
  g_assert_cmpuint (first->len, >, 10);
  for (guint i = 0; i < first->len; i++)
    {
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;
      gsize a_len, b_len;

      g_assert_cmpstr (g_ptr_array_index (first, i), ==, g_ptr_array_index (second, i));
      a = read_file (f->export, g_ptr_array_index (first, i), &a_len);
      b = read_file (export2, g_ptr_array_index (second, i), &b_len);
      g_assert_cmpmem (a, a_len, b, b_len);
    }

  /* The document: its header, typed values, money in cents. */
  json = read_file (f->export, SESSIO_FULL_EXPORT_JSON, &len);
  g_assert_true (json_parser_load_from_data (parser, json, len, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "sessio-export");
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "schema_version"), ==, SESSIO_SCHEMA_VERSION);
  for (guint i = 0; i < json_array_get_length (json_object_get_array_member (root, "tables")); i++)
    {
      JsonObject *table = json_array_get_object_element (json_object_get_array_member (root, "tables"), i);
      JsonArray *rows = json_object_get_array_member (table, "rows");

      if (g_strcmp0 (json_object_get_string_member (table, "name"), "rule_amount") == 0)
        {
          JsonNode *cents = json_array_get_element (json_array_get_array_element (rows, 0), 2);

          g_assert_cmpint (json_node_get_value_type (cents), ==, G_TYPE_INT64);
          g_assert_cmpint (json_node_get_int (cents), ==, 7123);
          found_amount = TRUE;
        }
    }
  g_assert_true (found_amount);

  /* CSV: a header row, RFC 4180 quoting, CRLF; blobs as base64. */
  patient_csv = read_file (f->export, "csv/patient.csv", NULL);
  g_assert_true (g_str_has_prefix (patient_csv, "id,name,birth_date,insz,"));
  g_assert_nonnull (strstr (patient_csv, ",\"Lotte \"\"Lo\"\" Peeters, jr.\",2012-03-03,"));
  g_assert_nonnull (strstr (patient_csv, "\"twee\nregels; met €\""));
  setting_csv = read_file (f->export, "csv/setting.csv", NULL);
  g_assert_cmpstr (setting_csv, ==, "key,value\r\ntest.blob,AP8Q\r\ntest.int,42\r\ntest.real,0.10000000000000001\r\n"
                                    "test.text,tekst\r\n");

  /* The documents: the issued invoice, and receipts. */
  {
    g_autofree char *name = g_strdup_printf ("pdf/invoices/invoice %s.pdf", invoice_number);
    gboolean found_invoice = FALSE;

    for (guint i = 0; i < first->len; i++)
      {
        found_invoice = found_invoice || g_strcmp0 (g_ptr_array_index (first, i), name) == 0;
        if (g_str_has_prefix (g_ptr_array_index (first, i), "pdf/receipts/patient-"))
          n_receipts++;
      }
    g_assert_true (found_invoice);
    g_assert_cmpuint (n_receipts, >, 5);
  }

  /* SHA256SUMS lists every other file. */
  sums = read_file (f->export, SESSIO_FULL_EXPORT_SUMS, NULL);
  for (guint i = 0; i < first->len; i++)
    if (g_strcmp0 (g_ptr_array_index (first, i), SESSIO_FULL_EXPORT_SUMS) != 0)
      {
        g_autofree char *line_end = g_strdup_printf ("  %s\n", (const char *) g_ptr_array_index (first, i));

        g_assert_nonnull (strstr (sums, line_end));
      }
}

static void
test_export_refusals (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stray = g_build_filename (f->export, "stray.txt", NULL);
  sqlite3_stmt *stmt = NULL;
  gint64 before, after;

  /* Written to the audit log, after the files. */
  g_assert_cmpint (sqlite3_prepare_v2 (sessio_vault_get_db (f->vault),
                                       "SELECT count(*) FROM audit_log WHERE action = 'export-all'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  before = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  g_assert_true (sessio_full_export_write (f->vault, f->export, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  after = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (after, ==, before + 1);

  /* Never into a folder that holds something. */
  g_assert_false (sessio_full_export_write (f->vault, f->export, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  test_rm_rf (f->export);
  g_assert_cmpint (g_mkdir (f->export, 0700), ==, 0);
  g_assert_true (g_file_set_contents (stray, "x", 1, NULL));
  g_assert_false (sessio_full_export_write (f->vault, f->export, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_assert_true (g_file_test (stray, G_FILE_TEST_EXISTS));
}

/* A later schema's table is exported without code: the export reads the
 * schema, not a list. */
static void
test_generic_schema (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  sqlite3 *db = NULL;
  gsize len = 0;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_true (sessio_schema_migrate (db, NULL, &error));
  g_assert_true (sessio_db_exec (db, "CREATE TABLE zz_future (id INTEGER PRIMARY KEY, label TEXT NOT NULL,"
                                     " amount_cents INTEGER) STRICT;"
                                     "INSERT INTO zz_future VALUES (2, 'b', 250), (1, 'a', NULL);", &error));
  json = sessio_full_export_to_json (db, &len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "\"name\" : \"zz_future\""));
  g_assert_nonnull (strstr (json, "\"name\" : \"amount_cents\",\n          \"type\" : \"INTEGER\""));
  /* Rows in key order. */
  g_assert_nonnull (strstr (json, "[\n          1,\n          \"a\",\n          null\n        ],\n"
                                  "        [\n          2,\n          \"b\",\n          250\n        ]"));
  sqlite3_close (db);
}

/* Writes @json as a complete export folder with a matching SHA256SUMS. */
static char *
write_export (Fixture    *f,
              const char *name,
              const char *json)
{
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, json, -1);
  g_autofree char *sums = g_strdup_printf ("%s  " SESSIO_FULL_EXPORT_JSON "\n", sum);
  char *dir = g_build_filename (f->root, name, NULL);
  g_autofree char *json_path = g_build_filename (dir, SESSIO_FULL_EXPORT_JSON, NULL);
  g_autofree char *sums_path = g_build_filename (dir, SESSIO_FULL_EXPORT_SUMS, NULL);

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (json_path, json, -1, NULL));
  g_assert_true (g_file_set_contents (sums_path, sums, -1, NULL));
  return dir;
}

/* The export's document with @edit applied to its JSON tree. */
typedef void (*EditFunc) (JsonObject *root);

static char *
edited_json (Fixture  *f,
             EditFunc  edit)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *json = read_file (f->export, SESSIO_FULL_EXPORT_JSON, NULL);

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  edit (json_node_get_object (json_parser_get_root (parser)));
  json_generator_set_root (generator, json_parser_get_root (parser));
  return json_generator_to_data (generator, NULL);
}

static JsonObject *
table (JsonObject *root,
       const char *name)
{
  JsonArray *tables = json_object_get_array_member (root, "tables");

  for (guint i = 0; i < json_array_get_length (tables); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (tables, i), "name"), name) == 0)
      return json_array_get_object_element (tables, i);
  g_assert_not_reached ();
}

static JsonArray *
row (JsonObject *root,
     const char *name,
     guint       index)
{
  return json_array_get_array_element (json_object_get_array_member (table (root, name), "rows"), index);
}

static void edit_version (JsonObject *root) { json_object_set_int_member (root, "version", 2); }
static void edit_schema (JsonObject *root) { json_object_set_int_member (root, "schema_version", SESSIO_SCHEMA_VERSION + 1); }
static void edit_format (JsonObject *root) { json_object_set_string_member (root, "format", "other"); }

static void
edit_unknown_table (JsonObject *root)
{
  json_object_set_string_member (table (root, "note"), "name", "no_such_table");
}

static void
edit_unknown_column (JsonObject *root)
{
  JsonArray *columns = json_object_get_array_member (table (root, "patient"), "columns");

  json_object_set_string_member (json_array_get_object_element (columns, 1), "name", "shoe_size");
}

static void
edit_wrong_type (JsonObject *root)
{
  /* The birth date as a number in a STRICT TEXT column. */
  JsonArray *r = row (root, "patient", 0);
  JsonNode *number = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (number, 20120303);
  json_array_remove_element (r, 2);
  json_array_add_element (r, number);
}

static void
edit_dangling (JsonObject *root)
{
  /* A trajectory of a patient that is not there. */
  JsonArray *r = row (root, "trajectory", 0);
  JsonNode *id = json_node_new (JSON_NODE_VALUE);
  guint n = json_array_get_length (r);
  g_autoptr(GPtrArray) rest = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  /* Replace element 1 (patient_id), keeping the order of the rest. */
  for (guint i = 1; i < n; i++)
    g_ptr_array_add (rest, json_node_copy (json_array_get_element (r, i)));
  while (json_array_get_length (r) > 1)
    json_array_remove_element (r, 1);
  json_node_set_int (id, 99999);
  json_array_add_element (r, id);
  for (guint i = 1; i < rest->len; i++)
    json_array_add_element (r, json_node_copy (g_ptr_array_index (rest, i)));
}

static void
edit_audit (JsonObject *root)
{
  /* An audit entry edited (its action): the chain no longer verifies. */
  JsonArray *r = row (root, "audit_log", 0);
  g_autoptr(GPtrArray) rest = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  guint n = json_array_get_length (r);

  for (guint i = 3; i < n; i++)
    g_ptr_array_add (rest, json_node_copy (json_array_get_element (r, i)));
  while (json_array_get_length (r) > 2)
    json_array_remove_element (r, 2);
  json_array_add_string_element (r, "view");
  for (guint i = 0; i < rest->len; i++)
    json_array_add_element (r, json_node_copy (g_ptr_array_index (rest, i)));
}

static void
edit_duplicate_key (JsonObject *root)
{
  JsonArray *rows = json_object_get_array_member (table (root, "engagement"), "rows");

  json_array_add_element (rows, json_node_copy (json_array_get_element (rows, 0)));
}

static void
edit_short_row (JsonObject *root)
{
  json_array_remove_element (row (root, "session", 3), 0);
}

static void
test_import_refusals (Fixture       *f,
                      gconstpointer  data)
{
  static const struct
  {
    const char *name;
    EditFunc    edit;
    int         code;
  } cases[] = {
    { "version", edit_version, SESSIO_ERROR_NEWER_VERSION },
    { "schema", edit_schema, SESSIO_ERROR_NEWER_VERSION },
    { "format", edit_format, SESSIO_ERROR_INVALID_INPUT },
    { "unknown-table", edit_unknown_table, SESSIO_ERROR_INVALID_INPUT },
    { "unknown-column", edit_unknown_column, SESSIO_ERROR_INVALID_INPUT },
    { "wrong-type", edit_wrong_type, SESSIO_ERROR_INVALID_INPUT },
    { "dangling", edit_dangling, SESSIO_ERROR_INVALID_INPUT },
    { "audit", edit_audit, SESSIO_ERROR_DAMAGED },
    { "duplicate-key", edit_duplicate_key, SESSIO_ERROR_INVALID_INPUT },
    { "short-row", edit_short_row, SESSIO_ERROR_INVALID_INPUT },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *target = g_build_filename (f->root, "target", NULL);
  g_autofree char *json_path = g_build_filename (f->export, SESSIO_FULL_EXPORT_JSON, NULL);
  g_autofree char *sums_path = g_build_filename (f->export, SESSIO_FULL_EXPORT_SUMS, NULL);
  g_autofree char *garbage = NULL;
  char *recovery = NULL;
  SessioVaultKdf kdf;

  sessio_vault_kdf_floor (&kdf);
  g_assert_true (sessio_full_export_write (f->vault, f->export, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = edited_json (f, cases[i].edit);
      g_autofree char *dir = write_export (f, cases[i].name, json);

      g_test_message ("case %s", cases[i].name);
      g_assert_null (sessio_full_export_import (dir, target, TEST_PASSPHRASE, &kdf, &recovery, &error));
      g_assert_error (error, SESSIO_ERROR, cases[i].code);
      g_assert_null (strchr (error->message, '\n'));
      g_assert_null (recovery);
      g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
      g_clear_error (&error);
    }

  /* Not JSON at all (with a matching sum). */
  garbage = write_export (f, "garbage", "{\"format\": \"sessio-export\", ");
  g_assert_null (sessio_full_export_import (garbage, target, TEST_PASSPHRASE, &kdf, &recovery, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* One byte changed in the real export: the sum no longer matches. */
  {
    gsize len;
    g_autofree char *json = read_file (f->export, SESSIO_FULL_EXPORT_JSON, &len);

    json[len / 2] ^= 1;
    g_assert_true (g_file_set_contents (json_path, json, len, NULL));
    g_assert_null (sessio_full_export_import (f->export, target, TEST_PASSPHRASE, &kdf, &recovery, &error));
    g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
    g_clear_error (&error);
  }

  /* No SHA256SUMS: not an export. */
  g_assert_cmpint (g_unlink (sums_path), ==, 0);
  g_assert_null (sessio_full_export_import (f->export, target, TEST_PASSPHRASE, &kdf, &recovery, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
}

static void
test_import_into_existing (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  char *recovery = NULL;
  SessioVaultKdf kdf;

  sessio_vault_kdf_floor (&kdf);
  g_assert_true (sessio_full_export_write (f->vault, f->export, &error));
  g_assert_no_error (error);
  /* Never over an existing vault, which stays as it is. */
  g_assert_null (sessio_full_export_import (f->export, f->source, TEST_PASSPHRASE, &kdf, &recovery, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_assert_true (sessio_vault_exists (f->source));
}

int
main (int    argc,
      char **argv)
{
  test_init (&argc, &argv);

  g_test_add ("/full-export/round-trip", Fixture, NULL, fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/full-export/export-refusals", Fixture, NULL, fixture_set_up, test_export_refusals, fixture_tear_down);
  g_test_add_func ("/full-export/generic-schema", test_generic_schema);
  g_test_add ("/full-export/import-refusals", Fixture, NULL, fixture_set_up, test_import_refusals, fixture_tear_down);
  g_test_add ("/full-export/import-into-existing", Fixture, NULL, fixture_set_up,
              test_import_into_existing, fixture_tear_down);

  return g_test_run ();
}
