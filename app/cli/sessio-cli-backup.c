/* sessio-cli-backup.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `backup create F | backup verify F | backup restore F --to DIR`.
 * Creating needs the vault open (its passphrase); verifying and restoring
 * need the passphrase the vault had when the backup was made, or with
 * --recovery-key-file the recovery key.  See docs/backup-format.md.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sessio-backup.h"
#include "sessio-cli.h"
#include "sessio-cli-commands.h"
#include "sessio-vault.h"

/* The secret that opens a backup: the recovery key from @key_file when
 * given, else the passphrase (--passphrase-file or the terminal). */
static gboolean
read_backup_secret (SessioCli   *cli,
                    const char  *key_file,
                    char       **passphrase,
                    char       **recovery_key,
                    GError     **error)
{
  *passphrase = NULL;
  *recovery_key = NULL;
  if (key_file != NULL)
    *recovery_key = sessio_cli_read_secret_file (key_file, error);
  else
    *passphrase = sessio_cli_read_passphrase (cli, NULL, error);
  return *passphrase != NULL || *recovery_key != NULL;
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

static char *
format_iso (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);

  return utc != NULL ? g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
}

static void
print_result (SessioCli              *cli,
              const char             *file,
              const char             *dir,
              const SessioBackupInfo *info,
              const char             *message)
{
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, file);
      if (dir != NULL)
        {
          json_builder_set_member_name (builder, "vault");
          json_builder_add_string_value (builder, dir);
        }
      if (info != NULL)
        {
          g_autofree char *created = format_iso (info->created);

          json_builder_set_member_name (builder, "created");
          json_builder_add_string_value (builder, created);
          json_builder_set_member_name (builder, "schema_version");
          json_builder_add_int_value (builder, info->schema_version);
          json_builder_set_member_name (builder, "bytes");
          json_builder_add_int_value (builder, (gint64) info->file_len);
        }
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      sessio_cli_print_json (cli, root);
    }
  else
    printf ("%s\n", message);
}

static int
cmd_backup_create (SessioCli  *cli,
                   int         argc,
                   char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) vault = NULL;
  g_autofree char *message = NULL;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "F",
                                 N_("Write an encrypted backup of the vault to file F"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“backup create” takes one file name"));

  /* Refused before the passphrase is asked, not after a KDF run. */
  if (g_file_test (argv[1], G_FILE_TEST_EXISTS))
    return sessio_cli_fail (cli, SESSIO_EXIT_FAILED,
                            _("A file with this name already exists: choose another name"));

  vault = sessio_cli_open_vault (cli, &error);
  if (vault == NULL ||
      !sessio_backup_create (vault, argv[1], &error) ||
      !sessio_vault_close (vault, &error))
    return sessio_cli_fail_error (cli, error);

  message = g_strdup_printf (_("Backup written to %s"), argv[1]);
  print_result (cli, argv[1], NULL, NULL, message);
  return SESSIO_EXIT_OK;
}

static int
cmd_backup_verify (SessioCli  *cli,
                   int         argc,
                   char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key_file = NULL;
  g_autofree char *message = NULL;
  g_autofree char *when = NULL;
  GOptionEntry entries[] = {
    { "recovery-key-file", 0, 0, G_OPTION_ARG_FILENAME, &key_file,
      N_("Open the backup with the recovery key in the first line of FILE"), N_("FILE") },
    { NULL }
  };
  SessioBackupInfo info = { 0 };
  char *passphrase, *recovery_key;
  gboolean ok;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "F",
                                 N_("Check that backup F is complete and opens"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“backup verify” takes one file name"));

  if (!read_backup_secret (cli, key_file, &passphrase, &recovery_key, &error))
    return sessio_cli_fail_error (cli, error);
  ok = sessio_backup_verify (argv[1], passphrase, recovery_key, &info, &error);
  sessio_cli_free_secret (passphrase);
  sessio_cli_free_secret (recovery_key);
  if (!ok)
    return sessio_cli_fail_error (cli, error);

  when = format_time (info.created);
  /* TRANSLATORS: %s is a date and time */
  message = g_strdup_printf (_("The backup is intact (made %s)"), when);
  print_result (cli, argv[1], NULL, &info, message);
  return SESSIO_EXIT_OK;
}

static int
cmd_backup_restore (SessioCli  *cli,
                    int         argc,
                    char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) vault = NULL;
  g_autofree char *key_file = NULL;
  g_autofree char *to = NULL;
  g_autofree char *message = NULL;
  g_autofree char *when = NULL;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to,
      N_("Create the restored vault in DIR (new or empty)"), N_("DIR") },
    { "recovery-key-file", 0, 0, G_OPTION_ARG_FILENAME, &key_file,
      N_("Open the backup with the recovery key in the first line of FILE"), N_("FILE") },
    { NULL }
  };
  SessioBackupInfo info = { 0 };
  char *passphrase, *recovery_key;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "F --to DIR",
                                 N_("Restore backup F into a new vault in DIR"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“backup restore” takes one file name"));
  if (to == NULL)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("Say where the restored vault goes with --to DIR"));

  if (!read_backup_secret (cli, key_file, &passphrase, &recovery_key, &error))
    return sessio_cli_fail_error (cli, error);
  vault = sessio_backup_restore (argv[1], passphrase, recovery_key, to, &info, &error);
  sessio_cli_free_secret (passphrase);
  sessio_cli_free_secret (recovery_key);
  if (vault == NULL || !sessio_vault_close (vault, &error))
    return sessio_cli_fail_error (cli, error);

  when = format_time (info.created);
  /* TRANSLATORS: the first %s is a folder, the second a date and time */
  message = g_strdup_printf (_("The backup of %2$s is restored into %1$s: it opens with the passphrase and the recovery key the vault had then"),
                             to, when);
  print_result (cli, argv[1], to, &info, message);
  return SESSIO_EXIT_OK;
}

const SessioCliCommand sessio_cli_backup_commands[] = {
  { "backup", "create", "F", N_("Write an encrypted backup of the vault to file F"), cmd_backup_create },
  { "backup", "verify", "F", N_("Check that backup F is complete and opens"), cmd_backup_verify },
  { "backup", "restore", "F --to DIR", N_("Restore backup F into a new vault in DIR"), cmd_backup_restore },
  { NULL, NULL, NULL, NULL, NULL },
};
