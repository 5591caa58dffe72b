/* sessio-full-export.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Export: tables in name order, rows in primary key order, values typed
 * as SQLite stores them (integers, reals, text; blobs as base64).  Import:
 * the same document back into an empty database of the current schema,
 * with foreign keys deferred to the end of the transaction, so the order
 * of the tables does not matter.  Table and column names in messages are
 * ours (from the schema), never text from the file.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "sessio-csv.h"
#include "sessio-clock.h"
#include "sessio-error.h"
#include "sessio-file.h"
#include "sessio-full-export.h"
#include "sessio-invoice-export.h"
#include "sessio-invoice-store.h"
#include "sessio-paths.h"
#include "sessio-rule-store.h"
#include "sessio-schema.h"

/* The export is read back by other programs; keep it within what a
 * 32-bit reader or a spreadsheet can hold, and a hostile file cheap. */
#define MAX_DOCUMENT_BYTES ((gsize) 1 << 30)

typedef struct
{
  char      *name;
  GPtrArray *columns;   /* of char *, in table order */
  GPtrArray *types;     /* declared types */
  GPtrArray *key;       /* primary key columns, in key order */
} TableInfo;

static void
table_info_free (gpointer data)
{
  TableInfo *table = data;

  g_free (table->name);
  g_ptr_array_unref (table->columns);
  g_ptr_array_unref (table->types);
  g_ptr_array_unref (table->key);
  g_free (table);
}

static gboolean
db_failed (GError **error)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                       _("The database refused the change"));
  return FALSE;
}

/* Every table of the schema, by name; SQLite's own tables left out. */
static GPtrArray *
list_tables (sqlite3  *db,
             GError  **error)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (table_info_free);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                              " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      db_failed (error);
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TableInfo *table = g_new0 (TableInfo, 1);

      table->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      table->columns = g_ptr_array_new_with_free_func (g_free);
      table->types = g_ptr_array_new_with_free_func (g_free);
      table->key = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (tables, table);
    }
  sqlite3_finalize (stmt);

  for (guint i = 0; i < tables->len; i++)
    {
      TableInfo *table = g_ptr_array_index (tables, i);
      g_autofree char *sql = NULL;
      char *quoted = sqlite3_mprintf ("%w", table->name);
      GArray *key_order = g_array_new (FALSE, FALSE, sizeof (int));

      sql = g_strdup_printf ("PRAGMA table_info (\"%s\")", quoted);
      sqlite3_free (quoted);
      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
        {
          g_array_unref (key_order);
          db_failed (error);
          return NULL;
        }
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          int pk = sqlite3_column_int (stmt, 5);

          g_ptr_array_add (table->columns, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
          g_ptr_array_add (table->types, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
          g_array_append_val (key_order, pk);
        }
      sqlite3_finalize (stmt);

      /* PRAGMA table_info numbers the key columns 1, 2, ... */
      for (int k = 1; k <= (int) table->columns->len; k++)
        for (guint c = 0; c < key_order->len; c++)
          if (g_array_index (key_order, int, c) == k)
            g_ptr_array_add (table->key, g_strdup (g_ptr_array_index (table->columns, c)));
      g_array_unref (key_order);
    }

  return g_steal_pointer (&tables);
}

static char *
quote_ident (const char *name)
{
  char *quoted = sqlite3_mprintf ("\"%w\"", name);
  char *copy = g_strdup (quoted);

  sqlite3_free (quoted);
  return copy;
}

static char *
select_all_sql (const TableInfo *table)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autofree char *name = quote_ident (table->name);

  for (guint c = 0; c < table->columns->len; c++)
    {
      g_autofree char *column = quote_ident (g_ptr_array_index (table->columns, c));

      g_string_append_printf (sql, "%s%s", c > 0 ? ", " : "", column);
    }
  g_string_append_printf (sql, " FROM %s ", name);
  /* Settings under "vault/" belong to this vault's keys (the recovery
   * key's public half): not data, and wrong in any other vault. */
  if (g_strcmp0 (table->name, "setting") == 0)
    g_string_append (sql, "WHERE key NOT LIKE 'vault/%' ");
  g_string_append (sql, "ORDER BY ");
  if (table->key->len == 0)
    g_string_append (sql, "rowid");
  for (guint k = 0; k < table->key->len; k++)
    {
      g_autofree char *column = quote_ident (g_ptr_array_index (table->key, k));

      g_string_append_printf (sql, "%s%s", k > 0 ? ", " : "", column);
    }
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* ------------------------------------------------------------ export */

static void
add_value (JsonBuilder  *builder,
           sqlite3_stmt *stmt,
           int           column)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, column));
      break;
    case SQLITE_FLOAT:
      json_builder_add_double_value (builder, sqlite3_column_double (stmt, column));
      break;
    case SQLITE_TEXT:
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, column));
      break;
    case SQLITE_BLOB:
      {
        g_autofree char *base64 = g_base64_encode (sqlite3_column_blob (stmt, column),
                                                   sqlite3_column_bytes (stmt, column));

        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "base64");
        json_builder_add_string_value (builder, base64);
        json_builder_end_object (builder);
      }
      break;
    default:
      json_builder_add_null_value (builder);
      break;
    }
}

/* The CSV form of a value: NULL is an empty field, blobs base64. */
static void
append_csv_value (GString      *out,
                  sqlite3_stmt *stmt,
                  int           column)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      break;
    case SQLITE_FLOAT:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer, sqlite3_column_double (stmt, column)));
      }
      break;
    case SQLITE_BLOB:
      {
        g_autofree char *base64 = g_base64_encode (sqlite3_column_blob (stmt, column),
                                                   sqlite3_column_bytes (stmt, column));

        g_string_append (out, base64);
      }
      break;
    default:
      sessio_csv_append_field (out, (const char *) sqlite3_column_text (stmt, column), ',');
      break;
    }
}

/* Builds the JSON document and, when @csv is not NULL, one CSV text per
 * table into it (table name → GString), in one pass over the rows. */
static char *
build_export (sqlite3     *db,
              GHashTable  *csv,
              GPtrArray  **tables_out,
              GArray     **counts_out,
              gsize       *len,
              GError     **error)
{
  g_autoptr(GPtrArray) tables = list_tables (db, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (guint64));
  char *text;

  if (tables == NULL)
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, SESSIO_FULL_EXPORT_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, SESSIO_FULL_EXPORT_VERSION);
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, sessio_schema_get_version (db));
  json_builder_set_member_name (builder, "tables");
  json_builder_begin_array (builder);

  for (guint i = 0; i < tables->len; i++)
    {
      TableInfo *table = g_ptr_array_index (tables, i);
      g_autofree char *sql = select_all_sql (table);
      GString *csv_text = NULL;
      sqlite3_stmt *stmt = NULL;
      guint64 n_rows = 0;
      int rc;

      if (csv != NULL)
        {
          csv_text = g_string_new (NULL);
          for (guint c = 0; c < table->columns->len; c++)
            {
              if (c > 0)
                g_string_append_c (csv_text, ',');
              sessio_csv_append_field (csv_text, g_ptr_array_index (table->columns, c), ',');
            }
          g_string_append (csv_text, "\r\n");
          g_hash_table_insert (csv, g_strdup (table->name), csv_text);
        }

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, table->name);
      json_builder_set_member_name (builder, "columns");
      json_builder_begin_array (builder);
      for (guint c = 0; c < table->columns->len; c++)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, g_ptr_array_index (table->columns, c));
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, g_ptr_array_index (table->types, c));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "rows");
      json_builder_begin_array (builder);
      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
        {
          db_failed (error);
          return NULL;
        }
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          json_builder_begin_array (builder);
          for (guint c = 0; c < table->columns->len; c++)
            {
              add_value (builder, stmt, c);
              if (csv_text != NULL)
                {
                  if (c > 0)
                    g_string_append_c (csv_text, ',');
                  append_csv_value (csv_text, stmt, c);
                }
            }
          json_builder_end_array (builder);
          if (csv_text != NULL)
            g_string_append (csv_text, "\r\n");
          n_rows++;
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          db_failed (error);
          return NULL;
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      g_array_append_val (counts, n_rows);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, len);
  /* A text file ends with a line break. */
  text = g_realloc (text, *len + 2);
  text[(*len)++] = '\n';
  text[*len] = '\0';

  if (tables_out != NULL)
    *tables_out = g_steal_pointer (&tables);
  if (counts_out != NULL)
    *counts_out = g_steal_pointer (&counts);
  return text;
}

char *
sessio_full_export_to_json (sqlite3  *db,
                            gsize    *len,
                            GError  **error)
{
  gsize dummy;

  return build_export (db, NULL, NULL, NULL, len != NULL ? len : &dummy, error);
}

static gboolean
write_file (const char  *dir,
            const char  *name,
            const char  *data,
            gsize        len,
            GString     *sums,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);

  if (!sessio_file_write_private (path, data, len, NULL))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("Could not write the export: is the disk full or the folder read-only?"));
      return FALSE;
    }
  /* The format of sha256sum, so that `sha256sum -c SHA256SUMS` checks
   * the export without Sessio. */
  g_string_append_printf (sums, "%s  %s\n", sum, name);
  return TRUE;
}

/* A file already written under @dir (a PDF): its sum joins the others. */
static gboolean
add_sum_of_file (const char  *dir,
                 const char  *name,
                 GString     *sums,
                 GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *data = NULL;
  g_autofree char *sum = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("Could not write the export: is the disk full or the folder read-only?"));
      return FALSE;
    }
  sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  g_string_append_printf (sums, "%s  %s\n", sum, name);
  return TRUE;
}

/* The documents as people read them, beside the data: every issued
 * invoice and credit note as the network received it, and for every
 * patient each year's payment receipt (every session held under the
 * convention, free ones included).  A receipt is dated the last day of its
 * year, or today for the year under way, so that the same vault gives the
 * same files. */
static gboolean
write_documents (SessioVault  *vault,
                 const char   *dir,
                 GString      *sums,
                 GError      **error)
{
  g_autoptr(SessioRuleStore) rule_store = NULL;
  g_autoptr(SessioPatientStore) patients = NULL;
  g_autoptr(SessioInvoiceStore) invoices = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *pdf_dir = g_build_filename (dir, "pdf", NULL);
  g_autofree char *invoice_dir = g_build_filename (pdf_dir, "invoices", NULL);
  g_autofree char *receipt_dir = g_build_filename (pdf_dir, "receipts", NULL);
  sqlite3 *db = sessio_vault_get_db (vault);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GDateTime) now = sessio_clock_now_local ();
  int this_year = g_date_time_get_year (now);
  gboolean ok = TRUE;

  rule_store = sessio_rule_store_get_for_vault (vault, error);
  if (rule_store == NULL)
    return FALSE;
  patients = sessio_patient_store_new (vault, sessio_rule_store_get_rules (rule_store));
  invoices = sessio_invoice_store_new (patients, rule_store);

  if (g_mkdir (pdf_dir, 0700) != 0 || g_mkdir (invoice_dir, 0700) != 0 || g_mkdir (receipt_dir, 0700) != 0)
    {
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                   _("Could not create the export folder: %s"), g_strerror (errno));
      return FALSE;
    }

  list = sessio_invoice_store_list (invoices, 0, error);
  if (list == NULL)
    return FALSE;
  /* Oldest first, so that SHA256SUMS reads in the order they were made. */
  for (guint i = list->len; ok && i > 0; i--)
    {
      SessioInvoice *summary = g_ptr_array_index (list, i - 1);
      g_autoptr(SessioInvoice) invoice = NULL;
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      if (summary->state == SESSIO_INVOICE_STATE_DRAFT || summary->number == NULL)
        continue;
      invoice = sessio_invoice_store_get (invoices, summary->id, error);
      name = g_strdup_printf ("pdf/invoices/%s %s.pdf",
                              g_strcmp0 (invoice != NULL ? invoice->kind : "", "credit-note") == 0
                              ? "credit-note" : "invoice", summary->number);
      path = g_build_filename (dir, name, NULL);
      ok = invoice != NULL &&
           sessio_invoice_write_pdf (invoice, NULL, path, error) &&
           add_sum_of_file (dir, name, sums, error);
    }

  if (ok && sqlite3_prepare_v2 (db,
                                "SELECT DISTINCT t.patient_id, substr (s.starts_at, 1, 4) AS year"
                                " FROM session s JOIN trajectory t ON t.id = s.trajectory_id"
                                " WHERE s.status = 'held' AND s.outside_convention = 0"
                                " UNION SELECT t.patient_id, substr (s.starts_at, 1, 4)"
                                " FROM group_participant g JOIN session s ON s.id = g.session_id"
                                " JOIN trajectory t ON t.id = g.trajectory_id"
                                " WHERE g.status = 'held' AND s.status = 'held' AND s.outside_convention = 0"
                                " ORDER BY 1, 2", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED, _("The database refused the change"));
      ok = FALSE;
    }
  while (ok && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 patient_id = sqlite3_column_int64 (stmt, 0);
      int year = atoi ((const char *) sqlite3_column_text (stmt, 1));
      g_autofree char *from = g_strdup_printf ("%04d-01-01", year);
      g_autofree char *to = g_strdup_printf ("%04d-12-31", year);
      g_autofree char *name = g_strdup_printf ("pdf/receipts/patient-%" G_GINT64_FORMAT " %04d.pdf", patient_id, year);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(SessioReceipt) receipt = NULL;

      receipt = sessio_invoice_store_receipt (invoices, patient_id, from, to, 0, error);
      /* A past year's receipt is dated the last day of that year, this
       * year's today (the receipt's own date). */
      if (receipt != NULL && year < this_year)
        {
          g_free (receipt->issued_at);
          receipt->issued_at = g_strdup_printf ("%04d-12-31", year);
        }
      ok = receipt != NULL &&
           sessio_receipt_write_pdf (receipt, NULL, path, error) &&
           add_sum_of_file (dir, name, sums, error);
    }
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
dir_is_empty_or_missing (const char *dir,
                         gboolean   *existed)
{
  g_autoptr(GDir) listing = NULL;

  *existed = g_file_test (dir, G_FILE_TEST_EXISTS);
  if (!*existed)
    return TRUE;
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return FALSE;
  listing = g_dir_open (dir, 0, NULL);
  return listing != NULL && g_dir_read_name (listing) == NULL;
}

/* Removes what was written into @dir, and @dir itself unless it was
 * there before. */
static void
undo_dir (const char *dir,
          gboolean    existed)
{
  sessio_paths_remove_tree (dir);
  if (existed)
    g_mkdir (dir, 0700);
}

static char *
readme_text (GPtrArray *tables,
             GArray    *counts,
             int        schema_version)
{
  GString *text = g_string_new (NULL);

  /* Not translated: the archive must read the same whoever made it, and
   * it is a technical description. */
  g_string_append_printf (text,
                          "Sessio full export\n"
                          "==================\n"
                          "\n"
                          "format: " SESSIO_FULL_EXPORT_FORMAT "\n"
                          "version: %d\n"
                          "schema_version: %d\n"
                          "\n"
                          "This folder holds everything stored in a Sessio vault, in open formats:\n"
                          "\n"
                          "  " SESSIO_FULL_EXPORT_JSON "  every table, typed values (money in cents)\n"
                          "  csv/TABLE.csv       one file per table: UTF-8, RFC 4180, a header row\n"
                          "  pdf/invoices/       every issued invoice and credit note, as the network received it\n"
                          "  pdf/receipts/       each patient's payment receipt per year (patient-ID YEAR.pdf)\n"
                          "  " SESSIO_FULL_EXPORT_SUMS "          SHA-256 of every other file (sha256sum -c " SESSIO_FULL_EXPORT_SUMS ")\n"
                          "\n"
                          "The format is described in Sessio's docs/export-format.md.\n"
                          "“sessio-cli import all DIR” rebuilds a vault from this folder.\n"
                          "It contains patient data: keep it encrypted and private.\n"
                          "\n"
                          "Tables (rows):\n",
                          SESSIO_FULL_EXPORT_VERSION, schema_version);
  for (guint i = 0; i < tables->len; i++)
    {
      TableInfo *table = g_ptr_array_index (tables, i);

      g_string_append_printf (text, "  %-24s %" G_GUINT64_FORMAT "\n",
                              table->name, g_array_index (counts, guint64, i));
    }
  return g_string_free (text, FALSE);
}

/* A hash table's GString values, freed whole: g_string_free() takes a
 * second argument a GDestroyNotify cast would leave to chance. */
static void
free_text (gpointer data)
{
  g_string_free (data, TRUE);
}

gboolean
sessio_full_export_write (SessioVault  *vault,
                          const char   *dir,
                          GError      **error)
{
  g_autoptr(GHashTable) csv = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_text);
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GString) sums = g_string_new (NULL);
  g_autofree char *json = NULL;
  g_autofree char *readme = NULL;
  g_autofree char *csv_dir = NULL;
  gboolean existed;
  sqlite3 *db;
  gsize len = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (SESSIO_IS_VAULT (vault), FALSE);

  if (!sessio_vault_is_open (vault))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_LOCKED, _("The vault is locked"));
      return FALSE;
    }
  db = sessio_vault_get_db (vault);

  if (!dir_is_empty_or_missing (dir, &existed))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The export folder must be new or empty"));
      return FALSE;
    }

  json = build_export (db, csv, &tables, &counts, &len, error);
  if (json == NULL)
    return FALSE;

  csv_dir = g_build_filename (dir, "csv", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0 || g_chmod (dir, 0700) != 0 ||
      g_mkdir (csv_dir, 0700) != 0)
    {
      int saved = errno;

      if (!existed)
        sessio_paths_remove_tree (dir);
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                   _("Could not create the export folder: %s"), g_strerror (saved));
      return FALSE;
    }

  /* SHA256SUMS lists the files in a fixed order: the CSV files by table
   * name, then the JSON document and the README. */
  for (guint i = 0; ok && i < tables->len; i++)
    {
      TableInfo *table = g_ptr_array_index (tables, i);
      GString *text = g_hash_table_lookup (csv, table->name);
      g_autofree char *name = g_strdup_printf ("csv/%s.csv", table->name);

      ok = write_file (dir, name, text->str, text->len, sums, error);
    }
  readme = readme_text (tables, counts, sessio_schema_get_version (db));
  ok = ok &&
       write_file (dir, SESSIO_FULL_EXPORT_JSON, json, len, sums, error) &&
       write_file (dir, "README.txt", readme, strlen (readme), sums, error) &&
       write_documents (vault, dir, sums, error);
  if (ok)
    {
      g_autofree char *path = g_build_filename (dir, SESSIO_FULL_EXPORT_SUMS, NULL);

      if (!sessio_file_write_private (path, sums->str, sums->len, NULL))
        {
          g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                               _("Could not write the export: is the disk full or the folder read-only?"));
          ok = FALSE;
        }
    }

  /* Audited after writing, so that the export does not contain its own
   * audit entry and a round trip gives the same files. */
  if (ok)
    {
      ok = sessio_vault_begin (vault, error);
      if (ok && (!sessio_audit_append (db, "export-all", "vault", 0, error) ||
                 !sessio_vault_commit (vault, error)))
        {
          if (sessio_vault_in_transaction (vault))
            sessio_vault_rollback (vault);
          ok = FALSE;
        }
    }

  if (!ok)
    undo_dir (dir, existed);
  return ok;
}

/* ------------------------------------------------------------ import */

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT, message);
  return FALSE;
}

static TableInfo *
find_table (GPtrArray  *tables,
            const char *name)
{
  for (guint i = 0; i < tables->len; i++)
    {
      TableInfo *table = g_ptr_array_index (tables, i);

      if (g_strcmp0 (table->name, name) == 0)
        return table;
    }
  return NULL;
}

static int
find_column (TableInfo  *table,
             const char *name)
{
  for (guint c = 0; c < table->columns->len; c++)
    if (g_strcmp0 (g_ptr_array_index (table->columns, c), name) == 0)
      return c;
  return -1;
}

static gboolean
table_is_empty (sqlite3   *db,
                TableInfo *table)
{
  g_autofree char *name = quote_ident (table->name);
  /* A new vault already holds its own "vault/" settings (its keys). */
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s %s LIMIT 1", name,
                                          g_strcmp0 (table->name, "setting") == 0
                                          ? "WHERE key NOT LIKE 'vault/%'" : "");
  sqlite3_stmt *stmt = NULL;
  gboolean empty;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  empty = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  return empty;
}

/* Binds one JSON value; FALSE for a type Sessio never writes. */
static gboolean
bind_value (sqlite3_stmt *stmt,
            int           index,
            JsonNode     *value)
{
  if (JSON_NODE_HOLDS_NULL (value))
    return sqlite3_bind_null (stmt, index) == SQLITE_OK;

  if (JSON_NODE_HOLDS_VALUE (value))
    {
      GType type = json_node_get_value_type (value);

      if (type == G_TYPE_INT64)
        return sqlite3_bind_int64 (stmt, index, json_node_get_int (value)) == SQLITE_OK;
      if (type == G_TYPE_DOUBLE)
        return sqlite3_bind_double (stmt, index, json_node_get_double (value)) == SQLITE_OK;
      if (type == G_TYPE_STRING)
        return sqlite3_bind_text (stmt, index, json_node_get_string (value), -1,
                                  SQLITE_TRANSIENT) == SQLITE_OK;
      return FALSE;
    }

  if (JSON_NODE_HOLDS_OBJECT (value))
    {
      JsonObject *object = json_node_get_object (value);
      JsonNode *base64 = json_object_get_member (object, "base64");
      const char *text;
      g_autofree guchar *bytes = NULL;
      gsize n = 0;

      if (json_object_get_size (object) != 1 || base64 == NULL ||
          json_node_get_value_type (base64) != G_TYPE_STRING)
        return FALSE;
      text = json_node_get_string (base64);
      /* g_base64_decode() skips what is not base64: refuse it instead. */
      for (const char *p = text; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
          return FALSE;
      bytes = g_base64_decode (text, &n);
      return sqlite3_bind_blob64 (stmt, index, bytes, n, SQLITE_TRANSIENT) == SQLITE_OK;
    }

  return FALSE;
}

static gboolean
load_table (sqlite3     *db,
            TableInfo   *table,
            JsonObject  *object,
            GError     **error)
{
  JsonNode *columns_node = json_object_get_member (object, "columns");
  JsonNode *rows_node = json_object_get_member (object, "rows");
  g_autoptr(GArray) map = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GString) sql = g_string_new ("INSERT INTO ");
  g_autofree char *table_name = quote_ident (table->name);
  JsonArray *columns, *rows;
  sqlite3_stmt *stmt = NULL;
  guint n_columns, n_rows;

  if (columns_node == NULL || !JSON_NODE_HOLDS_ARRAY (columns_node) ||
      rows_node == NULL || !JSON_NODE_HOLDS_ARRAY (rows_node))
    {
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                   _("The export’s table “%s” has no column list or no rows"), table->name);
      return FALSE;
    }
  columns = json_node_get_array (columns_node);
  rows = json_node_get_array (rows_node);
  n_columns = json_array_get_length (columns);
  n_rows = json_array_get_length (rows);

  if (n_columns == 0)
    {
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                   _("The export’s table “%s” has no column list or no rows"), table->name);
      return FALSE;
    }

  g_string_append_printf (sql, "%s (", table_name);
  for (guint c = 0; c < n_columns; c++)
    {
      JsonNode *column = json_array_get_element (columns, c);
      JsonNode *name = NULL;
      g_autofree char *quoted = NULL;
      int index = -1;

      if (JSON_NODE_HOLDS_OBJECT (column))
        name = json_object_get_member (json_node_get_object (column), "name");
      if (name != NULL && json_node_get_value_type (name) == G_TYPE_STRING)
        index = find_column (table, json_node_get_string (name));
      /* A column we do not have, or the same one twice. */
      for (guint k = 0; index >= 0 && k < map->len; k++)
        if (g_array_index (map, int, k) == index)
          index = -1;
      if (index < 0)
        {
          g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                       _("The export’s table “%s” has a column this version of Sessio does not know"),
                       table->name);
          return FALSE;
        }
      g_array_append_val (map, index);
      quoted = quote_ident (g_ptr_array_index (table->columns, index));
      g_string_append_printf (sql, "%s%s", c > 0 ? ", " : "", quoted);
    }
  g_string_append (sql, ") VALUES (");
  for (guint c = 0; c < n_columns; c++)
    g_string_append (sql, c > 0 ? ", ?" : "?");
  g_string_append (sql, ")");

  if (sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    return db_failed (error);

  for (guint r = 0; r < n_rows; r++)
    {
      JsonNode *row_node = json_array_get_element (rows, r);
      JsonArray *row;
      int rc;

      if (!JSON_NODE_HOLDS_ARRAY (row_node) ||
          json_array_get_length (row = json_node_get_array (row_node)) != n_columns)
        {
          sqlite3_finalize (stmt);
          g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                       _("A row of the export’s table “%s” does not have one value per column"),
                       table->name);
          return FALSE;
        }

      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      for (guint c = 0; c < n_columns; c++)
        if (!bind_value (stmt, c + 1, json_array_get_element (row, c)))
          {
            sqlite3_finalize (stmt);
            g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                         _("A value in the export’s table “%s” has a type Sessio does not store"),
                         table->name);
            return FALSE;
          }

      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          int extended = sqlite3_extended_errcode (db);

          sqlite3_finalize (stmt);
          g_debug ("import: insert failed (code %d)", extended);
          if ((rc & 0xff) == SQLITE_CONSTRAINT)
            {
              g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("A row of the export’s table “%s” breaks a rule of the database: a value of the wrong type, a missing value or a duplicate"),
                           table->name);
              return FALSE;
            }
          return db_failed (error);
        }
    }

  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
check_foreign_keys (sqlite3  *db,
                    GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *table = NULL;

  if (sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check", -1, &stmt, NULL) != SQLITE_OK)
    return db_failed (error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    table = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (table != NULL)
    {
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                   _("A row of the export’s table “%s” refers to a row that is not in the export"),
                   table);
      return FALSE;
    }
  return TRUE;
}

static JsonNode *
get_int_member (JsonObject *object,
                const char *name,
                gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return NULL;
  *value = json_node_get_int (node);
  return node;
}

gboolean
sessio_full_export_load (sqlite3     *db,
                         const char  *data,
                         gsize        len,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *root, *format, *tables_node;
  JsonObject *object;
  JsonArray *array;
  gint64 version = 0, schema_version = 0;

  if (len > MAX_DOCUMENT_BYTES || !json_parser_load_from_data (parser, data, len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return invalid (error, _("The export file is not valid JSON"));
  object = json_node_get_object (root);

  format = json_object_get_member (object, "format");
  if (format == NULL || json_node_get_value_type (format) != G_TYPE_STRING ||
      g_strcmp0 (json_node_get_string (format), SESSIO_FULL_EXPORT_FORMAT) != 0)
    return invalid (error, _("This is not a Sessio export"));

  if (get_int_member (object, "version", &version) == NULL || version < 1 ||
      get_int_member (object, "schema_version", &schema_version) == NULL || schema_version < 1)
    return invalid (error, _("The export does not say which format version it uses"));
  if (version > SESSIO_FULL_EXPORT_VERSION || schema_version > sessio_schema_get_version (db))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_NEWER_VERSION,
                           _("This export was written by a newer version of Sessio: update Sessio to import it"));
      return FALSE;
    }

  tables_node = json_object_get_member (object, "tables");
  if (tables_node == NULL || !JSON_NODE_HOLDS_ARRAY (tables_node))
    return invalid (error, _("The export holds no tables"));
  array = json_node_get_array (tables_node);

  tables = list_tables (db, error);
  if (tables == NULL)
    return FALSE;
  for (guint i = 0; i < tables->len; i++)
    if (!table_is_empty (db, g_ptr_array_index (tables, i)))
      {
        g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                             _("An export can only be imported into a new, empty vault"));
        return FALSE;
      }

  /* Rows refer to rows of tables further on: check the references once
   * everything is in. */
  if (!sessio_db_exec (db, "PRAGMA defer_foreign_keys = ON", error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *table_node = json_array_get_element (array, i);
      JsonNode *name = NULL;
      TableInfo *table = NULL;

      if (JSON_NODE_HOLDS_OBJECT (table_node))
        name = json_object_get_member (json_node_get_object (table_node), "name");
      if (name != NULL && json_node_get_value_type (name) == G_TYPE_STRING)
        table = find_table (tables, json_node_get_string (name));
      if (table == NULL)
        return invalid (error, _("The export holds a table this version of Sessio does not know"));
      if (g_hash_table_contains (seen, table->name))
        {
          g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                       _("The export holds the table “%s” twice"), table->name);
          return FALSE;
        }
      g_hash_table_add (seen, table->name);

      if (!load_table (db, table, json_node_get_object (table_node), error))
        return FALSE;
    }

  if (!check_foreign_keys (db, error))
    return FALSE;

  /* The audit log is kept as it was, hash chain included: it must still
   * verify, or entries were removed or changed. */
  if (!sessio_audit_verify (db, NULL))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED,
                           _("The export’s audit log has been modified: its hash chain is broken"));
      return FALSE;
    }

  return TRUE;
}

/* Checks every file listed in SHA256SUMS; sessio-export.json must be
 * among them.  Returns the JSON document. */
static char *
read_checked (const char  *export_dir,
              gsize       *json_len,
              GError     **error)
{
  g_autofree char *sums_path = g_build_filename (export_dir, SESSIO_FULL_EXPORT_SUMS, NULL);
  g_autofree char *sums = NULL;
  g_auto(GStrv) lines = NULL;
  char *json = NULL;

  if (!g_file_get_contents (sums_path, &sums, NULL, NULL))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("This folder is not a Sessio export: it has no SHA256SUMS file"));
      return NULL;
    }

  lines = g_strsplit (sums, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *name;
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *sum = NULL;
      gsize len = 0;

      if (*line == '\0')
        continue;
      /* "HASH  NAME": a relative name inside the export, nothing else. */
      if (strlen (line) < 67 || line[64] != ' ' || line[65] != ' ' ||
          (name = line + 66)[0] == '/' || strstr (name, "..") != NULL)
        {
          g_free (json);
          g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED,
                               _("The export’s SHA256SUMS file is damaged"));
          return NULL;
        }
      path = g_build_filename (export_dir, name, NULL);
      if (!g_file_get_contents (path, &contents, &len, NULL))
        {
          g_free (json);
          g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED,
                               _("A file of the export is missing"));
          return NULL;
        }
      sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
      if (g_ascii_strncasecmp (sum, line, 64) != 0)
        {
          g_free (json);
          g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED,
                               _("A file of the export has been modified or damaged"));
          return NULL;
        }
      if (strcmp (name, SESSIO_FULL_EXPORT_JSON) == 0 && json == NULL)
        {
          json = g_steal_pointer (&contents);
          *json_len = len;
        }
    }

  if (json == NULL)
    g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                         _("This folder is not a Sessio export: it has no sessio-export.json"));
  return json;
}

/* An empty in-memory database of the current schema, as a new vault's. */
static sqlite3 *
open_scratch (GError **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
      !sessio_db_exec (db, "PRAGMA foreign_keys = ON", error) ||
      !sessio_schema_migrate (db, NULL, error))
    {
      sqlite3_close (db);
      if (error != NULL && *error == NULL)
        db_failed (error);
      return NULL;
    }
  return db;
}

SessioVault *
sessio_full_export_import (const char            *export_dir,
                           const char            *vault_dir,
                           const char            *passphrase,
                           const SessioVaultKdf  *kdf,
                           char                 **recovery_key,
                           GError               **error)
{
  g_autofree char *json = NULL;
  g_autoptr(SessioVault) vault = NULL;
  gsize len = 0;
  gboolean existed, ok;
  sqlite3 *scratch;

  g_return_val_if_fail (recovery_key != NULL, NULL);

  json = read_checked (export_dir, &len, error);
  if (json == NULL)
    return NULL;

  /* Everything is checked before the vault exists: a refused export
   * leaves nothing behind and costs no key derivation. */
  scratch = open_scratch (error);
  if (scratch == NULL)
    return NULL;
  ok = sessio_db_exec (scratch, "BEGIN", error) &&
       sessio_full_export_load (scratch, json, len, error);
  sqlite3_close (scratch);
  if (!ok)
    return NULL;

  if (sessio_vault_exists (vault_dir) || !dir_is_empty_or_missing (vault_dir, &existed))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The folder for the new vault must be new or empty"));
      return NULL;
    }

  vault = sessio_vault_create (vault_dir, passphrase, kdf, recovery_key, error);
  if (vault == NULL)
    return NULL;

  ok = sessio_vault_begin (vault, error);
  if (ok && (!sessio_full_export_load (sessio_vault_get_db (vault), json, len, error) ||
             !sessio_vault_commit (vault, error)))
    ok = FALSE;
  if (ok)
    ok = sessio_vault_fold (vault, error);

  if (!ok)
    {
      if (sessio_vault_in_transaction (vault))
        sessio_vault_rollback (vault);
      sessio_vault_close (vault, NULL);
      g_clear_object (&vault);
      sessio_key_free_text (*recovery_key);
      *recovery_key = NULL;
      undo_dir (vault_dir, existed);
      return NULL;
    }

  return g_steal_pointer (&vault);
}
