/* sessio-cli-rules.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `rules evaluate F|-` (the contract is domain/EVALUATE.md) and
 * `rules list`.  Evaluation is a pure function of its input: no vault and
 * no passphrase.  Any problem with the input is exit 2 with one line on
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
#include "sessio-rules.h"

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

static int
cmd_rules_list (SessioCli  *cli,
                int         argc,
                char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioRules) rules = NULL;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL,
                                 N_("List the convention rule sets Sessio knows"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;

  if (argc != 1)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("This command takes no arguments"));

  rules = sessio_rules_new_default (&error);
  if (rules == NULL)
    return sessio_cli_fail_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "rule_sets");
      json_builder_begin_array (builder);
      for (guint i = 0; i < sessio_rules_get_n_rule_sets (rules); i++)
        {
          SessioRuleSet *set = sessio_rules_get_rule_set (rules, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, sessio_rule_set_get_id (set));
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
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      sessio_cli_print_json (cli, root);
      return SESSIO_EXIT_OK;
    }

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
    }

  return SESSIO_EXIT_OK;
}

const SessioCliCommand sessio_cli_rules_commands[] = {
  { "rules", "evaluate", "F|-",
    N_("Evaluate sessions against the convention rules (JSON in, JSON out)"), cmd_rules_evaluate },
  { "rules", "list", NULL, N_("List the convention rule sets Sessio knows"), cmd_rules_list },
  { NULL, NULL, NULL, NULL, NULL },
};
