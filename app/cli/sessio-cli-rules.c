/* sessio-cli-rules.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `rules evaluate F|-` (the contract is domain/EVALUATE.md) and
 * `rules list`.  Evaluation is a pure function of its input: no vault and
 * no passphrase.  `rules list --effective`, `set-amount`, `set-code`,
 * `import` and `reset` work on the user's amounts in the vault.  Any problem with the input is exit 2 with one line on
 * stderr and nothing at all on stdout, so a script never reads half an
 * answer.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sessio-cli.h"
#include "sessio-cli-commands.h"
#include "sessio-evaluate-json.h"
#include "sessio-format.h"
#include "sessio-rule-store.h"
#include "sessio-rules.h"
#include "sessio-vault.h"

static gboolean
read_all (const char  *path,
          char       **data,
          gsize       *length,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (strcmp (path, "-") == 0)
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

      if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &local_error) < 0)
        {
          g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                       _("Cannot read standard input: %s"), local_error->message);
          return FALSE;
        }
      *length = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
      *data = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
      if (*data == NULL)
        *data = g_strdup ("");
      return TRUE;
    }

  if (!g_file_get_contents (path, data, length, &local_error))
    {
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                   _("Cannot read the file “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static int
cmd_rules_evaluate (SessioCli  *cli,
                    int         argc,
                    char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioRules) rules = NULL;
  g_autoptr(SessioEvalRequest) request = NULL;
  g_autofree char *output = NULL;
  g_autofree SessioEvalResult *results = NULL;
  gsize output_length = 0;
  g_autofree char *data = NULL;
  gsize length = 0;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "F|-",
                                 N_("Evaluate sessions against the convention rules (JSON in, JSON out)"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;

  if (argc != 2)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE,
                            _("Give one input file, or “-” for standard input"));

  rules = sessio_rules_new_default (&error);
  if (rules == NULL)
    return sessio_cli_fail_error (cli, error);

  if (!read_all (argv[1], &data, &length, &error))
    return sessio_cli_fail_error (cli, error);

  request = sessio_eval_request_new_from_data (data, length, &error);
  if (request == NULL)
    return sessio_cli_fail_error (cli, error);

  results = g_new0 (SessioEvalResult, MAX (request->sessions->len, 1));
  sessio_evaluate (rules, &request->patient, &request->trajectory,
                   (const SessioSessionInfo *) (gpointer) request->sessions->data,
                   request->sessions->len, results);

  output = sessio_eval_request_format_results (request, results, &output_length);
  /* All or nothing: the document is complete before the first byte goes
   * out, and a failed write is reported rather than leaving half of it. */
  if (fwrite (output, 1, output_length, stdout) != output_length || fflush (stdout) != 0)
    return sessio_cli_fail (cli, SESSIO_EXIT_FAILED, _("Could not write the result"));
  return SESSIO_EXIT_OK;
}

/* Opens the vault and its rule store; on failure prints the reason and
 * returns the exit code in *@exit_code. */
static SessioRuleStore *
open_store (SessioCli  *cli,
            int        *exit_code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) vault = sessio_cli_open_vault (cli, &error);
  SessioRuleStore *store;

  if (vault == NULL)
    {
      *exit_code = sessio_cli_fail_error (cli, error);
      return NULL;
    }
  store = sessio_rule_store_new (vault, &error);
  if (store == NULL)
    {
      *exit_code = sessio_cli_fail_error (cli, error);
      return NULL;
    }
  return store;
}

/* Closes the vault (folding its journal); the exit code. */
static int
close_store (SessioCli       *cli,
             SessioRuleStore *store)
{
  g_autoptr(GError) error = NULL;

  if (!sessio_vault_close (sessio_rule_store_get_vault (store), &error))
    return sessio_cli_fail_error (cli, error);
  return SESSIO_EXIT_OK;
}

static const char *
source_name (SessioAmountSource source)
{
  switch (source)
    {
    case SESSIO_AMOUNT_SOURCE_SHIPPED:
      return "shipped";
    case SESSIO_AMOUNT_SOURCE_IMPORTED:
      return "imported";
    case SESSIO_AMOUNT_SOURCE_USER:
      return "user";
    case SESSIO_AMOUNT_SOURCE_NONE:
    default:
      return NULL;
    }
}

/* With --effective: where each amount of rule set @id comes from, as
 * {"item": {"kind", "at", "file"}}; items without a source are left out. */
static void
build_amount_sources (JsonBuilder     *builder,
                      SessioRuleStore *store,
                      const char      *id)
{
  json_builder_begin_object (builder);
  for (guint a = 0; a < SESSIO_N_AMOUNTS; a++)
    {
      g_autoptr(GDateTime) when = NULL;
      const char *file_name = NULL;
      SessioAmountSource source = sessio_rule_store_get_source (store, id, (SessioAmount) a,
                                                                &when, &file_name);

      if (source == SESSIO_AMOUNT_SOURCE_NONE)
        continue;
      json_builder_set_member_name (builder, sessio_amount_to_string ((SessioAmount) a));
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, source_name (source));
      if (when != NULL)
        {
          g_autofree char *at = g_date_time_format_iso8601 (when);

          json_builder_set_member_name (builder, "at");
          json_builder_add_string_value (builder, at);
        }
      if (file_name != NULL)
        {
          json_builder_set_member_name (builder, "file");
          json_builder_add_string_value (builder, file_name);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

/* One rule set of `rules list --json`; @store only with --effective. */
static void
build_rule_set (JsonBuilder     *builder,
                SessioRuleSet   *set,
                SessioRuleStore *store)
{
  const char *id = sessio_rule_set_get_id (set);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, sessio_rule_set_get_title (set));
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, sessio_rule_set_get_source (set));
  json_builder_set_member_name (builder, "amounts_to_confirm");
  json_builder_add_boolean_value (builder, sessio_rule_set_get_amounts_to_confirm (set));

  json_builder_set_member_name (builder, "care_types");
  json_builder_begin_array (builder);
  for (guint c = 0; c < SESSIO_N_CARES; c++)
    if (sessio_rule_set_has_care (set, (SessioCare) c))
      json_builder_add_string_value (builder, sessio_care_to_string ((SessioCare) c));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "amounts_cents");
  json_builder_begin_object (builder);
  for (guint a = 0; a < SESSIO_N_AMOUNTS; a++)
    {
      gint64 cents = sessio_rule_set_get_amount (set, (SessioAmount) a);

      json_builder_set_member_name (builder, sessio_amount_to_string ((SessioAmount) a));
      if (cents >= 0)
        json_builder_add_int_value (builder, cents);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);

  if (store != NULL)
    {
      json_builder_set_member_name (builder, "amount_sources");
      build_amount_sources (builder, store, id);
    }
  json_builder_end_object (builder);
}

static void
print_rule_sets_json (SessioCli       *cli,
                      SessioRules     *rules,
                      SessioRuleStore *store)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rule_sets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sessio_rules_get_n_rule_sets (rules); i++)
    build_rule_set (builder, sessio_rules_get_rule_set (rules, i), store);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  sessio_cli_print_json (cli, root);
}

/* A line per rule set; with --effective (@store), a line per amount
 * under it with where the amount comes from. */
static void
print_rule_sets (SessioRules     *rules,
                 SessioRuleStore *store)
{
  for (guint i = 0; i < sessio_rules_get_n_rule_sets (rules); i++)
    {
      SessioRuleSet *set = sessio_rules_get_rule_set (rules, i);
      g_autofree char *fee = sessio_format_cents (sessio_rule_set_get_amount (set, SESSIO_AMOUNT_FEE_INDIVIDUAL));
      g_autofree char *from = sessio_format_date (sessio_rule_set_get_valid_from (set));

      /* Translators: a rule set: its id (a date), then "from" its formatted
       * valid-from date, then the fee of an individual session */
      printf (_("%s  from %s, individual session %s"), sessio_rule_set_get_id (set), from, fee);
      if (sessio_rule_set_get_amounts_to_confirm (set))
        printf (" %s", _("(amounts to confirm with your network)"));
      putchar ('\n');

      if (store == NULL)
        continue;
      for (guint a = 0; a < SESSIO_N_AMOUNTS; a++)
        {
          gint64 cents = sessio_rule_set_get_amount (set, (SessioAmount) a);
          g_autofree char *money = NULL;
          g_autofree char *source = NULL;

          if (cents < 0)
            continue;
          money = sessio_format_cents (cents);
          source = sessio_rule_store_describe_source (store, sessio_rule_set_get_id (set), (SessioAmount) a);
          /* Translators: one amount of a rule set: the item's machine
           * name (for set-amount --item), its name, the amount, and
           * where the amount comes from */
          fputs ("    ", stdout);
          printf (_("%s (%s): %s, %s"), sessio_amount_to_string ((SessioAmount) a),
                  sessio_amount_get_label ((SessioAmount) a), money, source);
          putchar ('\n');
        }
    }
}

static int
cmd_rules_list (SessioCli  *cli,
                int         argc,
                char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioRules) rules = NULL;
  g_autoptr(SessioRuleStore) store = NULL;
  gboolean effective = FALSE;
  GOptionEntry entries[] = {
    { "effective", 0, 0, G_OPTION_ARG_NONE, &effective,
      N_("Show the amounts in effect in the vault, with their source (asks for the passphrase)"), NULL },
    { NULL }
  };
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL,
                                 N_("List the convention rule sets Sessio knows"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc != 1)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("This command takes no arguments"));

  /* Without --effective no passphrase is asked: the shipped sets are
   * what Sessio knows on any machine. */
  if (effective)
    {
      store = open_store (cli, &exit_code);
      if (store == NULL)
        return exit_code;
      rules = sessio_rules_ref (sessio_rule_store_get_rules (store));
    }
  else
    {
      rules = sessio_rules_new_default (&error);
      if (rules == NULL)
        return sessio_cli_fail_error (cli, error);
    }

  if (cli->json)
    print_rule_sets_json (cli, rules, store);
  else
    print_rule_sets (rules, store);

  if (store != NULL)
    return close_store (cli, store);
  return SESSIO_EXIT_OK;
}

static int
cmd_rules_set_amount (SessioCli  *cli,
                      int         argc,
                      char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioRuleStore) store = NULL;
  g_autofree char *rule_set = NULL;
  g_autofree char *item = NULL;
  gint64 cents = G_MININT64;
  GOptionEntry entries[] = {
    { "rule-set", 0, 0, G_OPTION_ARG_STRING, &rule_set, N_("The rule set, by its date"), N_("DATE") },
    { "item", 0, 0, G_OPTION_ARG_STRING, &item,
      N_("individual, group, co_facilitator, trajectory, mdo, copay_individual, copay_bim or copay_group"),
      N_("ITEM") },
    { "cents", 0, 0, G_OPTION_ARG_INT64, &cents, N_("The amount in cents"), N_("N") },
    { NULL }
  };
  SessioAmount amount;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL,
                                 N_("Set an amount of a rule set in the vault"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("This command takes no arguments"));
  if (rule_set == NULL || item == NULL || cents == G_MININT64)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("Give --rule-set, --item and --cents"));
  if (!sessio_amount_from_string (item, &amount))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("Unknown item “%s”"), item);

  store = open_store (cli, &exit_code);
  if (store == NULL)
    return exit_code;
  if (!sessio_rule_store_set_amount (store, rule_set, amount, cents, &error))
    return sessio_cli_fail_error (cli, error);
  return close_store (cli, store);
}

static int
cmd_rules_set_code (SessioCli  *cli,
                    int         argc,
                    char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioRuleStore) store = NULL;
  g_autofree char *rule_set = NULL;
  g_autofree char *network_text = NULL;
  g_autofree char *care_text = NULL;
  g_autofree char *setting_text = NULL;
  g_autofree char *code = NULL;
  GOptionEntry entries[] = {
    { "rule-set", 0, 0, G_OPTION_ARG_STRING, &rule_set, N_("The rule set, by its date"), N_("DATE") },
    { "network", 0, 0, G_OPTION_ARG_STRING, &network_text,
      N_("youth or adult; both when not given"), N_("NETWORK") },
    { "care", 0, 0, G_OPTION_ARG_STRING, &care_text, N_("The care type, e.g. treatment"), N_("CARE") },
    { "setting", 0, 0, G_OPTION_ARG_STRING, &setting_text, N_("individual or group"), N_("SETTING") },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_("The billing code; empty removes it"), N_("CODE") },
    { NULL }
  };
  SessioNetwork network = SESSIO_NETWORK_YOUTH;
  SessioCare care;
  SessioSetting setting;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL,
                                 N_("Set the billing code your network uses for a care type and setting"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("This command takes no arguments"));
  if (rule_set == NULL || care_text == NULL || setting_text == NULL || code == NULL)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("Give --rule-set, --care, --setting and --code"));
  if (network_text != NULL && !sessio_network_from_string (network_text, &network))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("Unknown network “%s”"), network_text);
  if (!sessio_care_from_string (care_text, &care))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("Unknown care type “%s”"), care_text);
  if (!sessio_setting_from_string (setting_text, &setting))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("Unknown setting “%s”"), setting_text);

  store = open_store (cli, &exit_code);
  if (store == NULL)
    return exit_code;
  for (guint n = 0; n < SESSIO_N_NETWORKS; n++)
    {
      if (network_text != NULL && n != (guint) network)
        continue;
      if (!sessio_rule_store_set_billing_code (store, rule_set, (SessioNetwork) n, care, setting, code, &error))
        return sessio_cli_fail_error (cli, error);
    }
  return close_store (cli, store);
}

static int
cmd_rules_import (SessioCli  *cli,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioRuleStore) store = NULL;
  g_autoptr(SessioRuleSet) check = NULL;
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  const char *id;
  gsize length = 0;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "FILE",
                                 N_("Import a rule-set file from your network into the vault"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("Give one rule-set file"));

  if (!read_all (argv[1], &data, &length, &error))
    return sessio_cli_fail_error (cli, error);
  if (length > SESSIO_RULE_SET_FILE_MAX)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("Rule set refused: the file is larger than %d KiB"),
                            SESSIO_RULE_SET_FILE_MAX / 1024);

  /* Checked before the passphrase is asked: a bad file is exit 2 with its
   * line and reason, whatever the vault. */
  check = sessio_rule_set_new_from_data (data, (gssize) length, &error);
  if (check == NULL)
    return sessio_cli_fail_error (cli, error);

  store = open_store (cli, &exit_code);
  if (store == NULL)
    return exit_code;
  name = strcmp (argv[1], "-") == 0 ? g_strdup ("-") : g_filename_display_basename (argv[1]);
  id = sessio_rule_store_import (store, name, data, length, &error);
  if (id == NULL)
    return sessio_cli_fail_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "rule_set");
      json_builder_add_string_value (builder, id);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      sessio_cli_print_json (cli, root);
    }
  else
    {
      /* Translators: %s is a rule set's id, a date such as 2025-01-01 */
      printf (_("Imported the rule set of %s"), id);
      putchar ('\n');
    }
  return close_store (cli, store);
}

static int
cmd_rules_reset (SessioCli  *cli,
                 int         argc,
                 char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioRuleStore) store = NULL;
  g_autofree char *rule_set = NULL;
  GOptionEntry entries[] = {
    { "rule-set", 0, 0, G_OPTION_ARG_STRING, &rule_set, N_("The rule set, by its date"), N_("DATE") },
    { NULL }
  };
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL,
                                 N_("Go back to the shipped amounts of a rule set"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("This command takes no arguments"));
  if (rule_set == NULL)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("Give --rule-set"));

  store = open_store (cli, &exit_code);
  if (store == NULL)
    return exit_code;
  if (!sessio_rule_store_reset (store, rule_set, &error))
    return sessio_cli_fail_error (cli, error);
  return close_store (cli, store);
}

const SessioCliCommand sessio_cli_rules_commands[] = {
  { "rules", "evaluate", "F|-",
    N_("Evaluate sessions against the convention rules (JSON in, JSON out)"), cmd_rules_evaluate },
  { "rules", "list", NULL, N_("List the convention rule sets Sessio knows"), cmd_rules_list },
  { "rules", "set-amount", NULL, N_("Set an amount of a rule set in the vault"), cmd_rules_set_amount },
  { "rules", "set-code", NULL, N_("Set the billing code your network uses for a care type and setting"),
    cmd_rules_set_code },
  { "rules", "import", "FILE", N_("Import a rule-set file from your network into the vault"), cmd_rules_import },
  { "rules", "reset", NULL, N_("Go back to the shipped amounts of a rule set"), cmd_rules_reset },
  { NULL, NULL, NULL, NULL, NULL },
};
