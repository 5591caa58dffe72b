/* sessio-cli-vault.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `vault init|check|passwd|recover|new-recovery-key`.  Passphrases and recovery keys are
 * read from files or the terminal, never from arguments, and kept in
 * guarded memory.
 *
 * SESSIO_TEST_KDF_FLOOR=1 skips calibrating the passphrase KDF and uses
 * the floor parameters (still 64 MiB): for the test suite only.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sessio-cli.h"
#include "sessio-cli-commands.h"
#include "sessio-vault.h"

static int
cmd_vault_init (SessioCli  *cli,
                int         argc,
                char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) vault = NULL;
  const char *dir;
  SessioVaultKdf kdf;
  char *passphrase;
  char *recovery = NULL;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL,
                                 N_("Create a vault and print its recovery key once"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“vault init” takes no arguments"));

  dir = sessio_cli_get_vault_dir (cli);
  if (sessio_vault_exists (dir))
    return sessio_cli_fail (cli, SESSIO_EXIT_FAILED, _("This folder already holds a vault"));

  passphrase = sessio_cli_read_new_passphrase (cli, cli->passphrase_file, &error);
  if (passphrase == NULL)
    return sessio_cli_fail_error (cli, error);

  sessio_cli_choose_kdf (&kdf);
  vault = sessio_vault_create (dir, passphrase, &kdf, &recovery, &error);
  sessio_cli_free_secret (passphrase);
  if (vault == NULL)
    return sessio_cli_fail_error (cli, error);

  return sessio_cli_finish_new_vault (cli, vault, dir, recovery,
                                      _("The vault is ready. Its recovery key is shown only this once:"));
}

static int
cmd_vault_check (SessioCli  *cli,
                 int         argc,
                 char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) vault = NULL;
  gboolean rolled_back, history_known;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL,
                                 N_("Unlock the vault and verify every file and the database"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“vault check” takes no arguments"));

  /* An older copy is opened as it is: reporting it is the point. */
  vault = sessio_cli_open_vault_as_is (cli, &error);
  if (vault == NULL || !sessio_vault_check (vault, &error))
    return sessio_cli_fail_error (cli, error);
  if (cli->accept_older_copy && !sessio_cli_settle_older_copy (cli, vault, &error))
    return sessio_cli_fail_error (cli, error);

  rolled_back = sessio_vault_get_rolled_back (vault);
  history_known = sessio_vault_get_history_known (vault);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, !rolled_back);
      json_builder_set_member_name (builder, "older_copy");
      json_builder_add_boolean_value (builder, rolled_back);
      json_builder_set_member_name (builder, "history_known");
      json_builder_add_boolean_value (builder, history_known);
      json_builder_set_member_name (builder, "generation");
      json_builder_add_int_value (builder, (gint64) sessio_vault_get_generation (vault));
      json_builder_set_member_name (builder, "journal_records");
      json_builder_add_int_value (builder, (gint64) sessio_vault_get_journal_records (vault));
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      sessio_cli_print_json (cli, root);
    }

  if (!sessio_vault_close (vault, &error))
    return sessio_cli_fail_error (cli, error);

  /* An older copy of the whole vault is intact but not what was last
   * seen here: the user must hear about it. */
  if (rolled_back)
    return sessio_cli_fail (cli, SESSIO_EXIT_FAILED,
                            _("This vault is older than one opened on this computer before: an older copy may have been put back. "
                              "Nothing can be changed in it until you run a command with --accept-older-copy"));

  if (!cli->json)
    {
      printf ("%s\n", _("The vault is intact"));
      /* What a check cannot know without this computer's memory of the
       * vault: say so rather than imply it. */
      if (!history_known)
        printf ("%s\n", _("This computer had not opened this vault before, so the check could not verify "
                          "that it is the newest copy, nor that no committed changes were cut from the end "
                          "of its journal."));
    }
  return SESSIO_EXIT_OK;
}

/* The common end of passwd and recover: the new passphrase, a new
 * snapshot with the key wrapped for it, and the vault locked again. */
static int
set_new_passphrase (SessioCli   *cli,
                    SessioVault *vault,
                    const char  *new_file,
                    const char  *done_message)
{
  g_autoptr(GError) error = NULL;
  SessioVaultKdf kdf;
  char *new_passphrase;
  gboolean ok;

  new_passphrase = sessio_cli_read_new_passphrase (cli, new_file, &error);
  if (new_passphrase == NULL)
    return sessio_cli_fail_error (cli, error);

  sessio_cli_choose_kdf (&kdf);
  ok = sessio_vault_change_passphrase (vault, new_passphrase, &kdf, &error);
  sessio_cli_free_secret (new_passphrase);
  if (!ok || !sessio_vault_close (vault, &error))
    return sessio_cli_fail_error (cli, error);

  sessio_cli_print_ok (cli, done_message);
  return SESSIO_EXIT_OK;
}

/* A new passphrase from a file is judged before the vault is opened: a
 * refused one leaves every file of the vault as it was. */
static gboolean
check_new_passphrase_file (SessioCli   *cli,
                           const char  *new_file,
                           GError     **error)
{
  char *passphrase;

  if (new_file == NULL)
    return TRUE;
  passphrase = sessio_cli_read_new_passphrase (cli, new_file, error);
  if (passphrase == NULL)
    return FALSE;
  sessio_cli_free_secret (passphrase);
  return TRUE;
}

static int
cmd_vault_passwd (SessioCli  *cli,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) vault = NULL;
  g_autofree char *new_file = NULL;
  GOptionEntry entries[] = {
    { "new-passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &new_file,
      N_("Read the new passphrase from the first line of FILE"), N_("FILE") },
    { NULL }
  };
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL, N_("Change the vault's passphrase"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“vault passwd” takes no arguments"));
  if (!check_new_passphrase_file (cli, new_file, &error))
    return sessio_cli_fail_error (cli, error);

  vault = sessio_cli_open_vault (cli, &error);
  if (vault == NULL)
    return sessio_cli_fail_error (cli, error);

  /* Backups are files of their own: changing the passphrase here does not
   * reach them, and the user should know. */
  if (sessio_vault_can_rotate_data_key (vault))
    return set_new_passphrase (cli, vault, new_file,
                               _("The passphrase is changed and the vault is encrypted under a new key: the old "
                                 "passphrase no longer opens it, not even with an older copy of its file. Backups "
                                 "made before still open with the old passphrase (and with the recovery key)."));
  return set_new_passphrase (cli, vault, new_file,
                             _("The passphrase is changed, but this vault, made by an older Sessio, keeps its key: "
                               "run “vault new-recovery-key” once so that the next change replaces it. Backups "
                               "made before still open with the old passphrase (and with the recovery key)."));
}

static int
cmd_vault_recover (SessioCli  *cli,
                   int         argc,
                   char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) vault = NULL;
  g_autofree char *key_file = NULL;
  g_autofree char *new_file = NULL;
  GOptionEntry entries[] = {
    { "recovery-key-file", 0, 0, G_OPTION_ARG_FILENAME, &key_file,
      N_("Read the recovery key from the first line of FILE"), N_("FILE") },
    { "new-passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &new_file,
      N_("Read the new passphrase from the first line of FILE"), N_("FILE") },
    { NULL }
  };
  char *recovery_key;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL,
                                 N_("Open the vault with its recovery key and set a new passphrase"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“vault recover” takes no arguments"));
  if (!check_new_passphrase_file (cli, new_file, &error))
    return sessio_cli_fail_error (cli, error);

  if (key_file != NULL)
    recovery_key = sessio_cli_read_secret_file (key_file, &error);
  else
    {
      SessioCli prompt_cli = *cli;

      prompt_cli.passphrase_file = NULL;
      recovery_key = sessio_cli_read_passphrase (&prompt_cli, _("Recovery key: "), &error);
    }
  if (recovery_key == NULL)
    return sessio_cli_fail_error (cli, error);

  vault = sessio_vault_open_with_recovery_key (sessio_cli_get_vault_dir (cli), recovery_key, &error);
  sessio_cli_free_secret (recovery_key);
  sessio_cli_vault_not_found_fails (&error);
  if (vault == NULL || !sessio_cli_settle_older_copy (cli, vault, &error))
    return sessio_cli_fail_error (cli, error);

  return set_new_passphrase (cli, vault, new_file,
                             _("The vault is recovered: it opens with the new passphrase"));
}

static int
cmd_vault_new_recovery_key (SessioCli  *cli,
                            int         argc,
                            char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) vault = NULL;
  char *recovery = NULL;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL,
                                 N_("Print a new recovery key once; the old one stops working"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“vault new-recovery-key” takes no arguments"));

  vault = sessio_cli_open_vault (cli, &error);
  if (vault == NULL || !sessio_vault_new_recovery_key (vault, &recovery, &error))
    return sessio_cli_fail_error (cli, error);

  return sessio_cli_finish_new_vault (cli, vault, sessio_cli_get_vault_dir (cli), recovery,
                                      _("The vault has a new recovery key, shown only this once. The old key "
                                        "no longer opens it, but still opens backups and copies made before:"));
}

const SessioCliCommand sessio_cli_vault_commands[] = {
  { "vault", "init", NULL, N_("Create a vault and print its recovery key once"), cmd_vault_init },
  { "vault", "check", NULL, N_("Unlock the vault and verify every file and the database"), cmd_vault_check },
  { "vault", "passwd", "--new-passphrase-file F", N_("Change the vault's passphrase"), cmd_vault_passwd },
  { "vault", "recover", "--recovery-key-file F --new-passphrase-file F",
    N_("Open the vault with its recovery key and set a new passphrase"), cmd_vault_recover },
  { "vault", "new-recovery-key", NULL, N_("Print a new recovery key once; the old one stops working"),
    cmd_vault_new_recovery_key },
  { NULL, NULL, NULL, NULL, NULL },
};
