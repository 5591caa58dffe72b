/* sessio-cli-dev.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `dev generate`: synthetic patients and sessions at any scale, written
 * into the open vault in a few hundred durable transactions.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sessio-cli.h"
#include "sessio-cli-commands.h"
#include "sessio-devdata.h"
#include "sessio-vault.h"

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

static int
cmd_dev_generate (SessioCli  *cli,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) vault = NULL;
  int patients = 0, sessions = 0, seed = 1;
  GOptionEntry entries[] = {
    { "patients", 0, 0, G_OPTION_ARG_INT, &patients, N_("How many patients to add"), N_("N") },
    { "sessions", 0, 0, G_OPTION_ARG_INT, &sessions, N_("How many sessions to add"), N_("M") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Seed of the generator: the same seed gives the same data"), N_("S") },
    { NULL }
  };
  SessioDevdataOptions options = { 0 };
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL,
                                 N_("Add synthetic patients and sessions to the vault"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“dev generate” takes no arguments"));
  if (patients < 0 || sessions < 0 || patients > 10000000 || sessions > 100000000)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("--patients and --sessions must be between 0 and ten million"));
  if (sessions > 0 && patients == 0)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("Sessions need patients: give --patients too"));

  vault = sessio_cli_open_vault (cli, &error);
  if (vault == NULL)
    return sessio_cli_fail_error (cli, error);

  options.patients = (guint) patients;
  options.sessions = (guint) sessions;
  options.seed = (guint32) seed;
  options.transactions = 400;

  if (!sessio_devdata_generate (sessio_vault_get_db (vault), &options, vault_txn, vault, &error) ||
      !sessio_vault_close (vault, &error))
    return sessio_cli_fail_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "patients");
      json_builder_add_int_value (builder, patients);
      json_builder_set_member_name (builder, "sessions");
      json_builder_add_int_value (builder, sessions);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      sessio_cli_print_json (cli, root);
    }
  else
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "Added %d synthetic patient", "Added %d synthetic patients", patients),
              patients);
      printf ("; ");
      printf (g_dngettext (GETTEXT_PACKAGE, "%d session", "%d sessions", sessions), sessions);
      printf ("\n");
    }

  return SESSIO_EXIT_OK;
}

const SessioCliCommand sessio_cli_dev_commands[] = {
  { "dev", "generate", NULL, N_("Add synthetic patients and sessions to the vault"), cmd_dev_generate },
  { NULL, NULL, NULL, NULL, NULL },
};
