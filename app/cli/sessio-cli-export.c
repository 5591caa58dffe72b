/* sessio-cli-export.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `export all DIR`, `import all DIR` and `import csv patients|sessions F`
 *.  The work is the core's (sessio-full-export, sessio-csv-
 * import); this file reads files and passphrases and prints results.
 *
 * SESSIO_TEST_KDF_FLOOR=1: as for `vault init`, the floor KDF for the
 * new vault of `import all` (test suite only).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sessio-cli.h"
#include "sessio-cli-commands.h"
#include "sessio-csv-import.h"
#include "sessio-full-export.h"
#include "sessio-patient-store.h"
#include "sessio-vault.h"

static int
cmd_export_all (SessioCli  *cli,
                int         argc,
                char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) vault = NULL;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "DIR",
                                 N_("Export the whole vault in open formats (JSON, CSV)"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“export all” takes one folder"));

  vault = sessio_cli_open_vault (cli, &error);
  if (vault == NULL)
    return sessio_cli_fail_error (cli, error);
  if (!sessio_full_export_write (vault, argv[1], &error))
    {
      sessio_vault_close (vault, NULL);
      return sessio_cli_fail_error (cli, error);
    }
  if (!sessio_vault_close (vault, &error))
    return sessio_cli_fail_error (cli, error);

  sessio_cli_print_ok (cli, _("The vault is exported."));
  return SESSIO_EXIT_OK;
}

static int
cmd_import_all (SessioCli  *cli,
                int         argc,
                char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) vault = NULL;
  SessioVaultKdf kdf;
  const char *dir;
  char *passphrase;
  char *recovery = NULL;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "DIR",
                                 N_("Rebuild a new vault (--vault) from a full export"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“import all” takes one folder"));

  dir = sessio_cli_get_vault_dir (cli);
  if (sessio_vault_exists (dir))
    return sessio_cli_fail (cli, SESSIO_EXIT_FAILED, _("This folder already holds a vault"));

  passphrase = sessio_cli_read_new_passphrase (cli, cli->passphrase_file, &error);
  if (passphrase == NULL)
    return sessio_cli_fail_error (cli, error);

  sessio_cli_choose_kdf (&kdf);
  vault = sessio_full_export_import (argv[1], dir, passphrase, &kdf, &recovery, &error);
  sessio_cli_free_secret (passphrase);
  if (vault == NULL)
    return sessio_cli_fail_error (cli, error);
  return sessio_cli_finish_new_vault (cli, vault, dir, recovery,
                                      _("The vault is rebuilt from the export. Its recovery key is shown only this once:"));
}

/* --------------------------------------------------------- CSV import */

static void
print_report (SessioCsvImport *import)
{
  GPtrArray *problems = sessio_csv_import_get_problems (import);
  JsonArray *preview = sessio_csv_import_get_preview (import);

  printf ("%s\n", _("Columns:"));
  for (guint c = 0; c < sessio_csv_import_get_n_columns (import); c++)
    {
      const char *field = sessio_csv_import_get_mapping (import, c);

      printf ("  %s → %s\n", sessio_csv_import_get_column (import, c),
              field != NULL ? field : _("(ignored)"));
    }

  if (json_array_get_length (preview) > 0)
    {
      printf ("\n%s\n", _("Preview (as stored):"));
      for (guint i = 0; i < json_array_get_length (preview); i++)
        {
          JsonObject *object = json_array_get_object_element (preview, i);
          g_autoptr(GList) members = json_object_get_members (object);
          gboolean first = TRUE;

          printf ("  ");
          for (GList *l = members; l != NULL; l = l->next)
            {
              JsonNode *node = json_object_get_member (object, l->data);
              g_autofree char *text = NULL;

              if (JSON_NODE_HOLDS_NULL (node))
                continue;
              text = json_node_get_value_type (node) == G_TYPE_STRING ?
                     g_strdup (json_node_get_string (node)) :
                     g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
              printf ("%s%s=%s", first ? "" : "  ", (const char *) l->data, text);
              first = FALSE;
            }
          printf ("\n");
        }
    }

  if (problems->len > 0)
    {
      printf ("\n%s\n", _("Problems (row, column, reason):"));
      for (guint i = 0; i < problems->len; i++)
        {
          SessioCsvProblem *problem = g_ptr_array_index (problems, i);

          printf ("  %u\t%s\t%s\n", problem->row,
                  *problem->column != '\0' ? problem->column : "—", problem->reason);
        }
    }
  printf ("\n");
}

static JsonNode *
report_json (SessioCsvImport *import,
             gboolean         imported)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GPtrArray *problems = sessio_csv_import_get_problems (import);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint c = 0; c < sessio_csv_import_get_n_columns (import); c++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "column");
      json_builder_add_string_value (builder, sessio_csv_import_get_column (import, c));
      json_builder_set_member_name (builder, "field");
      if (sessio_csv_import_get_mapping (import, c) != NULL)
        json_builder_add_string_value (builder, sessio_csv_import_get_mapping (import, c));
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, sessio_csv_import_get_n_rows (import));
  json_builder_set_member_name (builder, "valid");
  json_builder_add_int_value (builder, sessio_csv_import_get_n_valid (import));
  json_builder_set_member_name (builder, "imported");
  json_builder_add_boolean_value (builder, imported);
  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < problems->len; i++)
    {
      SessioCsvProblem *problem = g_ptr_array_index (problems, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "row");
      json_builder_add_int_value (builder, problem->row);
      json_builder_set_member_name (builder, "column");
      json_builder_add_string_value (builder, problem->column);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, problem->reason);
      json_builder_set_member_name (builder, "value");
      if (problem->value != NULL)
        json_builder_add_string_value (builder, problem->value);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "preview");
  {
    JsonNode *preview = json_node_new (JSON_NODE_ARRAY);

    json_node_set_array (preview, sessio_csv_import_get_preview (import));
    json_builder_add_value (builder, preview);
  }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
confirm (guint n_rows)
{
  char answer[16] = { 0 };

  printf (g_dngettext (GETTEXT_PACKAGE, "Import %u row? [y/N] ", "Import %u rows? [y/N] ", n_rows), n_rows);
  fflush (stdout);
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;
  /* The answer in the user's language (“j”, “o”) or in English. */
  return answer[0] == 'y' || answer[0] == 'Y' || g_str_has_prefix (answer, _("y"));
}

static int
finish_csv (SessioCli          *cli,
            SessioPatientStore *store,
            int                 exit_code)
{
  g_autoptr(GError) error = NULL;

  if (!sessio_vault_close (sessio_patient_store_get_vault (store), &error) && exit_code == SESSIO_EXIT_OK)
    return sessio_cli_fail_error (cli, error);
  return exit_code;
}

static int
cmd_import_csv (SessioCli  *cli,
                int         argc,
                char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioCsvImport) import = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autoptr(SessioVault) vault = NULL;
  g_autofree char *data = NULL;
  g_auto(GStrv) maps = NULL;
  gboolean dry_run = FALSE, ok;
  SessioCsvImportKind kind;
  gsize len = 0;
  int exit_code;
  GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Show the mapping, preview and report; import nothing"), NULL },
    { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &maps, N_("Import the column COLUMN into FIELD (“-”: ignore it)"), N_("COLUMN=FIELD") },
    { NULL }
  };

  if (!sessio_cli_parse_options (cli, argv[0], "patients|sessions F",
                                 N_("Import patients or sessions from a spreadsheet (CSV)"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 3)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“import csv” takes “patients” or “sessions” and a file"));
  if (g_strcmp0 (argv[1], "patients") == 0)
    kind = SESSIO_CSV_IMPORT_PATIENTS;
  else if (g_strcmp0 (argv[1], "sessions") == 0)
    kind = SESSIO_CSV_IMPORT_SESSIONS;
  else
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“import csv” takes “patients” or “sessions” and a file"));

  data = sessio_csv_import_read_file (argv[2], &len, &error);
  if (data == NULL)
    return sessio_cli_fail_error (cli, error);
  import = sessio_csv_import_new (kind, data, len, &error);
  if (import == NULL)
    return sessio_cli_fail_error (cli, error);

  for (guint i = 0; maps != NULL && maps[i] != NULL; i++)
    {
      const char *equals = strrchr (maps[i], '=');
      g_autofree char *column = NULL;

      if (equals == NULL)
        return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("--map takes COLUMN=FIELD"));
      column = g_strndup (maps[i], equals - maps[i]);
      if (!sessio_csv_import_set_mapping (import, column, equals + 1, &error))
        return sessio_cli_fail_error (cli, error);
    }

  /* A header and nothing else: say so, and let a script see it. */
  if (sessio_csv_import_get_n_rows (import) == 0)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE,
                            _("The file has a header but no rows: nothing was imported"));

  vault = sessio_cli_open_vault (cli, &error);
  if (vault == NULL)
    return sessio_cli_fail_error (cli, error);
  sessio_vault_set_auto_fold (vault, SESSIO_VAULT_AUTO_FOLD_SYNC);
  store = sessio_patient_store_new (vault, NULL);

  /* First a pass that writes nothing: the preview and the report. */
  ok = sessio_csv_import_run (import, store, FALSE, &error);
  if (!ok || dry_run || (!cli->json && isatty (STDIN_FILENO) && isatty (STDOUT_FILENO)))
    {
      if (cli->json && (!ok || dry_run))
        {
          g_autoptr(JsonNode) root = report_json (import, FALSE);

          sessio_cli_print_json (cli, root);
        }
      else if (!cli->json)
        print_report (import);
    }
  if (!ok)
    return finish_csv (cli, store, sessio_cli_fail_error (cli, error));
  if (dry_run)
    {
      if (!cli->json)
        printf (g_dngettext (GETTEXT_PACKAGE, "%u row is valid; nothing was imported (--dry-run).\n",
                             "%u rows are valid; nothing was imported (--dry-run).\n",
                             sessio_csv_import_get_n_valid (import)),
                sessio_csv_import_get_n_valid (import));
      return finish_csv (cli, store, SESSIO_EXIT_OK);
    }

  /* On a terminal the user confirms after seeing the preview; in a
   * script the command without --dry-run is the confirmation. */
  if (!cli->json && isatty (STDIN_FILENO) && isatty (STDOUT_FILENO) &&
      !confirm (sessio_csv_import_get_n_rows (import)))
    {
      printf ("%s\n", _("Nothing was imported."));
      return finish_csv (cli, store, SESSIO_EXIT_OK);
    }

  if (!sessio_csv_import_run (import, store, TRUE, &error))
    return finish_csv (cli, store, sessio_cli_fail_error (cli, error));

  if (cli->json)
    {
      g_autoptr(JsonNode) root = report_json (import, TRUE);

      sessio_cli_print_json (cli, root);
    }
  else
    printf (g_dngettext (GETTEXT_PACKAGE, "%u row imported.\n", "%u rows imported.\n",
                         sessio_csv_import_get_n_valid (import)),
            sessio_csv_import_get_n_valid (import));
  return finish_csv (cli, store, SESSIO_EXIT_OK);
}

const SessioCliCommand sessio_cli_export_commands[] = {
  { "export", "all", "DIR", N_("Export the whole vault in open formats (JSON, CSV)"), cmd_export_all },
  { "import", "all", "DIR", N_("Rebuild a new vault (--vault) from a full export"), cmd_import_all },
  { "import", "csv", "patients|sessions F", N_("Import patients or sessions from a spreadsheet (CSV)"), cmd_import_csv },
  { NULL, NULL, NULL, NULL, NULL },
};
