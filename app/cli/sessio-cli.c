/* sessio-cli.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sessio-cli.h"
#include "sessio-cli-commands.h"
#include "sessio-clock.h"
#include "sessio-keys.h"
#include "sessio-passphrase-quality.h"
#include "sessio-paths.h"
#include "sessio-secret.h"
#include "sessio-vault.h"

#define MAX_SECRET 1024

static const SessioCliCommand *command_tables[] = {
  sessio_cli_rules_commands,
  sessio_cli_id_commands,
  sessio_cli_vault_commands,
  sessio_cli_dev_commands,
  /* Patient file and session log. */
  sessio_cli_patients_commands,
  /* Reading and correcting the clinical file, retention. */
  sessio_cli_records_commands,
  /* Anonymous statistics. */
  sessio_cli_stats_commands,
  /* Network invoices and patient receipts. */
  sessio_cli_invoices_commands,
  /* Encrypted backups. */
  sessio_cli_backup_commands,
  /* Full export, import all, CSV import. */
  sessio_cli_export_commands,
  /* Reading the Belgian eID card. */
  sessio_cli_eid_commands,
  NULL,
};

static const char *program_name = "sessio-cli";

int
sessio_cli_exit_code_for (const GError *error)
{
  if (error != NULL && error->domain == SESSIO_ERROR &&
      error->code == SESSIO_ERROR_INVALID_INPUT)
    return SESSIO_EXIT_USAGE;
  if (error != NULL && error->domain == G_OPTION_ERROR)
    return SESSIO_EXIT_USAGE;
  /* A script may wait and try again: tell it apart from a failure. */
  if (error != NULL && error->domain == SESSIO_ERROR && error->code == SESSIO_ERROR_IN_USE)
    return SESSIO_EXIT_IN_USE;
  /* No such patient, trajectory, invoice, ...: the id given is invalid
   * input.  (No vault in the folder is mapped to a failure where the
   * vault is opened.) */
  if (error != NULL && error->domain == SESSIO_ERROR && error->code == SESSIO_ERROR_NOT_FOUND)
    return SESSIO_EXIT_USAGE;
  return SESSIO_EXIT_FAILED;
}

/* One line, always: scripts read the first line of stderr, and a message
 * spread over lines would be cut. */
static void
print_one_line (const char *message)
{
  g_autoptr(GString) line = g_string_new (message);

  for (gsize i = 0; i < line->len; i++)
    if (line->str[i] == '\n' || line->str[i] == '\r')
      line->str[i] = ' ';

  fprintf (stderr, "%s: %s\n", program_name, line->str);
}

int
sessio_cli_fail (SessioCli  *cli,
                 int         exit_code,
                 const char *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  print_one_line (message);

  return exit_code;
}

int
sessio_cli_fail_error (SessioCli    *cli,
                       const GError *error)
{
  print_one_line (error->message);
  return sessio_cli_exit_code_for (error);
}

void
sessio_cli_print_json (SessioCli *cli,
                       JsonNode  *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
}

gboolean
sessio_cli_parse_id (const char *text,
                     gint64     *id)
{
  char *end = NULL;
  gint64 value;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  value = g_ascii_strtoll (text, &end, 10);
  if (*end != '\0' || value <= 0)
    return FALSE;
  *id = value;
  return TRUE;
}

gboolean
sessio_cli_take_id_argument (SessioCli  *cli,
                             int         argc,
                             char      **argv,
                             const char *command,
                             gint64     *id,
                             int        *exit_code)
{
  if (argc != 2 || !sessio_cli_parse_id (argv[1], id))
    {
      /* Translators: %s is a command such as “patient show”. */
      *exit_code = sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“%s” takes one argument: a positive number (the id)"),
                                    command);
      return FALSE;
    }
  return TRUE;
}

void
sessio_cli_print_id (SessioCli *cli,
                     gint64     id)
{
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, id);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      sessio_cli_print_json (cli, root);
    }
  else
    {
      printf ("%" G_GINT64_FORMAT "\n", id);
    }
}

void
sessio_cli_print_ok (SessioCli  *cli,
                     const char *message)
{
  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_boolean_member (object, "ok", TRUE);
      json_node_take_object (root, object);
      sessio_cli_print_json (cli, root);
    }
  else
    printf ("%s\n", message);
}

char *
sessio_cli_printable (const char *text,
                      gboolean    multiline)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (multiline && (c == '\n' || c == '\t'))
        g_string_append_unichar (out, c);
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else if ((c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

const char *
sessio_cli_get_vault_dir (SessioCli *cli)
{
  if (cli->vault_dir == NULL)
    cli->vault_dir = sessio_paths_default_vault_dir ();

  return cli->vault_dir;
}

SessioVault *
sessio_cli_open_vault_as_is (SessioCli  *cli,
                             GError    **error)
{
  char *passphrase = sessio_cli_read_passphrase (cli, NULL, error);
  SessioVault *vault;

  if (passphrase == NULL)
    return NULL;
  vault = sessio_vault_open (sessio_cli_get_vault_dir (cli), passphrase, error);
  sessio_cli_free_secret (passphrase);
  sessio_cli_vault_not_found_fails (error);
  return vault;
}

void
sessio_cli_vault_not_found_fails (GError **error)
{
  /* "There is no vault in this folder" is the operation failing (exit
   * 1), not an unknown id (exit 2), though both are NOT_FOUND. */
  if (error != NULL && g_error_matches (*error, SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND))
    (*error)->code = SESSIO_ERROR_FAILED;
}

gboolean
sessio_cli_settle_older_copy (SessioCli    *cli,
                              SessioVault  *vault,
                              GError      **error)
{
  if (!sessio_vault_get_rolled_back (vault))
    return TRUE;

  if (cli->accept_older_copy)
    return sessio_vault_accept_rollback (vault, error);

  /* Before any write, and before showing anything from it: the user
   * must know this is not the vault last seen here. */
  if (sessio_vault_get_journal_cut (vault))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_OLDER_COPY,
                           _("The vault's journal is shorter than when it was last written on this computer: "
                             "committed changes are missing. To use the vault as it is, run the command again "
                             "with --accept-older-copy"));
      return FALSE;
    }
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_OLDER_COPY,
                       _("This vault is older than one opened on this computer before: an older "
                         "copy may have been put back, and what was saved since is not in it. "
                         "To use this older copy, run the command again with --accept-older-copy"));
  return FALSE;
}

SessioVault *
sessio_cli_open_vault (SessioCli  *cli,
                       GError    **error)
{
  SessioVault *vault = sessio_cli_open_vault_as_is (cli, error);

  if (vault != NULL && !sessio_cli_settle_older_copy (cli, vault, error))
    {
      /* Not folded: close() writes nothing to an older copy. */
      sessio_vault_close (vault, NULL);
      g_clear_object (&vault);
    }
  return vault;
}

void
sessio_cli_free_secret (char *secret)
{
  sessio_secret_free (secret);
}

/* Reads the first line of @path straight into guarded memory, so the
 * secret never sits in an ordinary heap buffer that is freed unwiped. */
char *
sessio_cli_read_secret_file (const char  *path,
                             GError     **error)
{
  char *secret;
  FILE *file;
  size_t len;

  file = fopen (path, "re");
  if (file == NULL)
    {
      int saved_errno = errno;
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                   _("Cannot read the file “%s”: %s"), path, g_strerror (saved_errno));
      return NULL;
    }

  setvbuf (file, NULL, _IONBF, 0);
  secret = sodium_malloc (MAX_SECRET);
  sodium_memzero (secret, MAX_SECRET);

  if (fgets (secret, MAX_SECRET, file) == NULL)
    secret[0] = '\0';
  fclose (file);

  len = strcspn (secret, "\r\n");
  secret[len] = '\0';

  if (len == 0)
    {
      sodium_free (secret);
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                   _("The file “%s” is empty: its first line must hold the secret"), path);
      return NULL;
    }

  return secret;
}

char *
sessio_cli_read_passphrase (SessioCli   *cli,
                            const char  *prompt,
                            GError     **error)
{
  struct termios saved, quiet;
  char *secret;
  size_t len;
  FILE *tty;

  if (cli->passphrase_file != NULL)
    return sessio_cli_read_secret_file (cli->passphrase_file, error);

  if (!isatty (STDIN_FILENO))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("No passphrase: give --passphrase-file FILE or run on a terminal"));
      return NULL;
    }

  tty = stderr;
  fputs (prompt != NULL ? prompt : _("Passphrase: "), tty);
  fflush (tty);

  tcgetattr (STDIN_FILENO, &saved);
  quiet = saved;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);

  secret = sodium_malloc (MAX_SECRET);
  sodium_memzero (secret, MAX_SECRET);
  setvbuf (stdin, NULL, _IONBF, 0);
  if (fgets (secret, MAX_SECRET, stdin) == NULL)
    secret[0] = '\0';

  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  fputc ('\n', tty);

  len = strcspn (secret, "\r\n");
  secret[len] = '\0';

  if (len == 0)
    {
      sodium_free (secret);
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The passphrase is empty"));
      return NULL;
    }

  return secret;
}

gboolean
sessio_cli_parse_options (SessioCli           *cli,
                          const char          *command,
                          const char          *parameters,
                          const char          *summary,
                          const GOptionEntry  *entries,
                          int                 *argc,
                          char              ***argv,
                          int                 *exit_code)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parameter_string = NULL;

  /* GOptionContext puts the program name in front of the usage line
   * itself: "Usage: sessio-cli [OPTION…] rules evaluate F|-". */
  if (g_str_has_prefix (command, program_name) && command[strlen (program_name)] == ' ')
    command += strlen (program_name) + 1;

  parameter_string = g_strdup_printf ("%s%s%s", command,
                                      parameters != NULL ? " " : "",
                                      parameters != NULL ? parameters : "");
  context = g_option_context_new (parameter_string);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, _(summary));
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_code = sessio_cli_fail (cli, SESSIO_EXIT_USAGE, "%s", error->message);
      return FALSE;
    }

  *exit_code = SESSIO_EXIT_OK;
  return TRUE;
}

static void
print_usage (FILE *out)
{
  g_autofree char *usage = NULL;

  /* Not fprintf(): with the sanitizers GCC cannot see that gettext never
   * returns NULL and warns about a null format. */
  usage = g_strdup_printf (_("Usage: %s [--vault DIR] [--passphrase-file FILE] [--json] COMMAND [ARGUMENTS…]"),
                           program_name);
  fputs (usage, out);
  fputs ("\n\n", out);
  fputs (_("Sessio keeps an encrypted patient file and session log for first-line psychological care."), out);
  fputs ("\n\n", out);
  fputs (_("Global options:"), out);
  fputc ('\n', out);
  fprintf (out, "  --vault DIR             %s\n", _("The vault folder (default: $SESSIO_VAULT, else $XDG_DATA_HOME/sessio/vault)"));
  fprintf (out, "  --passphrase-file FILE  %s\n", _("Read the passphrase from the first line of FILE"));
  fprintf (out, "  --json                  %s\n", _("Print one JSON document on standard output"));
  fprintf (out, "  --accept-older-copy     %s\n", _("Go on with a vault older than one opened here before (recorded in its audit log)"));
  fprintf (out, "  --version               %s\n", _("Print the version and exit"));
  fprintf (out, "  -h, --help              %s\n", _("Show this help; “help COMMAND” describes one command"));
  fputc ('\n', out);
  fputs (_("Commands:"), out);
  fputc ('\n', out);

  for (guint t = 0; command_tables[t] != NULL; t++)
    for (const SessioCliCommand *c = command_tables[t]; c->group != NULL; c++)
      {
        g_autofree char *name = g_strdup_printf ("%s%s%s", c->group,
                                                 c->name ? " " : "",
                                                 c->name ? c->name : "");
        fprintf (out, "  %-26s %s\n", name, _(c->summary));
      }

  fputc ('\n', out);
  fputs (_("Exit status: 0 success, 1 the operation failed, 2 bad usage or invalid input, "
           "3 the vault is in use by another program (try again later)."), out);
  fputc ('\n', out);
}

static const SessioCliCommand *
find_command (int    argc,
              char **argv,
              int   *consumed)
{
  const SessioCliCommand *single = NULL;

  if (argc < 1)
    return NULL;

  for (guint t = 0; command_tables[t] != NULL; t++)
    for (const SessioCliCommand *c = command_tables[t]; c->group != NULL; c++)
      {
        if (strcmp (c->group, argv[0]) != 0)
          continue;
        if (c->name == NULL)
          single = c;
        else if (argc >= 2 && strcmp (c->name, argv[1]) == 0)
          {
            *consumed = 2;
            return c;
          }
      }

  if (single != NULL)
    *consumed = 1;

  return single;
}

static gboolean
group_exists (const char *group)
{
  for (guint t = 0; command_tables[t] != NULL; t++)
    for (const SessioCliCommand *c = command_tables[t]; c->group != NULL; c++)
      if (strcmp (c->group, group) == 0)
        return TRUE;
  return FALSE;
}

/* Runs @command with argv[0] set to its full name, so that GOptionContext's
 * help and error messages name it. */
static int
run_command (SessioCli              *cli,
             const SessioCliCommand *command,
             int                     argc,
             char                  **argv)
{
  g_autofree char *name = NULL;
  g_autofree char **args = NULL;

  name = g_strdup_printf ("%s %s%s%s", program_name, command->group,
                          command->name ? " " : "",
                          command->name ? command->name : "");
  args = g_new0 (char *, argc + 2);
  args[0] = name;
  for (int i = 0; i < argc; i++)
    args[i + 1] = argv[i];

  return command->func (cli, argc + 1, args);
}

/* Takes the global options out of argv wherever they stand, so that both
 * "sessio-cli --json patient list" and "sessio-cli patient list --json"
 * work.  Returns FALSE on a global option missing its value. */
static gboolean
take_global_options (SessioCli  *cli,
                     int        *argc,
                     char      **argv,
                     gboolean   *want_version,
                     gboolean   *want_help)
{
  int out = 1;
  gboolean after_dashdash = FALSE;

  for (int i = 1; i < *argc; i++)
    {
      const char *arg = argv[i];
      const char *value = NULL;
      char **target = NULL;

      if (after_dashdash)
        {
          argv[out++] = argv[i];
          continue;
        }

      if (strcmp (arg, "--") == 0)
        {
          after_dashdash = TRUE;
          argv[out++] = argv[i];
          continue;
        }

      if (strcmp (arg, "--json") == 0)
        {
          cli->json = TRUE;
          continue;
        }

      if (strcmp (arg, "--accept-older-copy") == 0)
        {
          cli->accept_older_copy = TRUE;
          continue;
        }

      if (out == 1 && strcmp (arg, "--version") == 0)
        {
          *want_version = TRUE;
          continue;
        }

      if (out == 1 && (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0))
        {
          *want_help = TRUE;
          continue;
        }

      if (g_str_has_prefix (arg, "--vault"))
        target = &cli->vault_dir;
      else if (g_str_has_prefix (arg, "--passphrase-file"))
        target = &cli->passphrase_file;

      if (target != NULL)
        {
          const char *eq = strchr (arg, '=');
          gsize name_len = eq ? (gsize) (eq - arg) : strlen (arg);

          /* --vault must not swallow an option such as --vault-something */
          if ((target == &cli->vault_dir && name_len != strlen ("--vault")) ||
              (target == &cli->passphrase_file && name_len != strlen ("--passphrase-file")))
            {
              argv[out++] = argv[i];
              continue;
            }

          if (eq != NULL)
            value = eq + 1;
          else if (i + 1 < *argc)
            value = argv[++i];
          else
            {
              sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("Missing value for %s"), arg);
              return FALSE;
            }

          g_free (*target);
          *target = g_strdup (value);
          continue;
        }

      argv[out++] = argv[i];
    }

  *argc = out;
  argv[out] = NULL;
  return TRUE;
}

static int
run (int    argc,
     char **argv)
{
  g_autoptr(GError) error = NULL;
  SessioCli cli = { 0 };
  const SessioCliCommand *command;
  gboolean want_version = FALSE;
  gboolean want_help = FALSE;
  int consumed = 0;
  int status;

  if (!sessio_core_init (&error))
    return sessio_cli_fail (&cli, SESSIO_EXIT_FAILED, "%s", error->message);

  g_set_prgname (program_name);

  if (!take_global_options (&cli, &argc, argv, &want_version, &want_help))
    return SESSIO_EXIT_USAGE;

  if (want_version)
    {
      printf ("sessio-cli %s\n", sessio_core_version ());
      return SESSIO_EXIT_OK;
    }

  if (want_help)
    {
      print_usage (stdout);
      return SESSIO_EXIT_OK;
    }

  if (argc < 2)
    {
      print_usage (stderr);
      return SESSIO_EXIT_USAGE;
    }

  if (strcmp (argv[1], "help") == 0)
    {
      char *help_argv[4] = { NULL, };
      int n = 0;

      if (argc == 2)
        {
          print_usage (stdout);
          return SESSIO_EXIT_OK;
        }

      command = find_command (argc - 2, argv + 2, &consumed);
      if (command == NULL)
        return sessio_cli_fail (&cli, SESSIO_EXIT_USAGE,
                                _("Unknown command “%s”; “%s help” lists them"),
                                argv[2], program_name);
      help_argv[n++] = (char *) "--help";
      status = run_command (&cli, command, n, help_argv);
      goto out;
    }

  command = find_command (argc - 1, argv + 1, &consumed);
  if (command == NULL)
    {
      if (argc >= 2 && group_exists (argv[1]))
        status = sessio_cli_fail (&cli, SESSIO_EXIT_USAGE,
                                  _("Unknown or missing subcommand for “%s”; “%s help” lists them"),
                                  argv[1], program_name);
      else
        status = sessio_cli_fail (&cli, SESSIO_EXIT_USAGE,
                                  _("Unknown command “%s”; “%s help” lists them"),
                                  argv[1], program_name);
      goto out;
    }

  status = run_command (&cli, command, argc - 1 - consumed, argv + 1 + consumed);

out:
  g_free (cli.vault_dir);
  g_free (cli.passphrase_file);
  fflush (stdout);
  return status;
}

int
main (int    argc,
      char **argv)
{
  return run (argc, argv);
}

/* The app's policy, word for word: what the creation assistant refuses is
 * refused here, with the same translated reason, before anything is
 * written.  Takes @passphrase; returns it, or NULL with @error set. */
static char *
refuse_weak_passphrase (char    *passphrase,
                        GError **error)
{
  if (passphrase != NULL && !sessio_passphrase_check_new (passphrase, error))
    {
      sessio_cli_free_secret (passphrase);
      return NULL;
    }
  return passphrase;
}

char *
sessio_cli_read_new_passphrase (SessioCli   *cli,
                                const char  *file,
                                GError     **error)
{
  SessioCli prompt_cli = *cli;
  char *first, *second;

  if (file != NULL)
    {
      first = sessio_cli_read_secret_file (file, error);
      return refuse_weak_passphrase (first, error);
    }

  prompt_cli.passphrase_file = NULL;
  first = sessio_cli_read_passphrase (&prompt_cli, _("New passphrase: "), error);
  if (first == NULL)
    return NULL;
  second = sessio_cli_read_passphrase (&prompt_cli, _("Repeat the new passphrase: "), error);
  if (second == NULL)
    {
      sessio_cli_free_secret (first);
      return NULL;
    }
  if (strcmp (first, second) != 0)
    {
      sessio_cli_free_secret (first);
      sessio_cli_free_secret (second);
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The two passphrases differ"));
      return NULL;
    }
  sessio_cli_free_secret (second);
  return refuse_weak_passphrase (first, error);
}

void
sessio_cli_choose_kdf (SessioVaultKdf *kdf)
{
  if (g_strcmp0 (g_getenv ("SESSIO_TEST_KDF_FLOOR"), "1") == 0)
    sessio_vault_kdf_floor (kdf);
  else
    sessio_vault_kdf_calibrate (kdf, 0.7);
}

static void
apply_test_today (void)
{
  const char *text = g_getenv ("SESSIO_TEST_TODAY");
  GDate today;

  /* Tests fix the day with SESSIO_TEST_TODAY=YYYY-MM-DD: noon of it, local
   * time, on the one clock every part of the core reads. */
  g_date_clear (&today, 1);
  if (text != NULL && sessio_date_parse_iso (text, &today))
    sessio_clock_set_today_for_testing (&today);
}

SessioPatientStore *
sessio_cli_open_patient_store (SessioCli  *cli,
                               GError    **error)
{
  g_autoptr(SessioVault) vault = sessio_cli_open_vault (cli, error);
  SessioPatientStore *store;

  if (vault == NULL)
    return NULL;
  sessio_vault_set_auto_fold (vault, SESSIO_VAULT_AUTO_FOLD_SYNC);
  store = sessio_patient_store_new (vault, NULL);
  apply_test_today ();
  return store;
}

int
sessio_cli_close_patient_store (SessioCli          *cli,
                                SessioPatientStore *store,
                                int                 exit_code)
{
  g_autoptr(GError) error = NULL;

  if (!sessio_vault_close (sessio_patient_store_get_vault (store), &error) && exit_code == SESSIO_EXIT_OK)
    return sessio_cli_fail_error (cli, error);
  return exit_code;
}

int
sessio_cli_finish_new_vault (SessioCli   *cli,
                             SessioVault *vault,
                             const char  *dir,
                             char        *recovery,
                             const char  *message)
{
  g_autoptr(GError) error = NULL;

  if (!sessio_vault_close (vault, &error))
    {
      sessio_key_free_text (recovery);
      return sessio_cli_fail_error (cli, error);
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "vault");
      json_builder_add_string_value (builder, dir);
      json_builder_set_member_name (builder, "recovery_key");
      json_builder_add_string_value (builder, recovery);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      sessio_cli_print_json (cli, root);
    }
  else
    {
      printf ("%s\n", message);
      printf ("\n    %s\n\n", recovery);
      printf ("%s\n", _("Write it down and keep it apart from this computer: it opens the vault when the passphrase is lost."));
    }
  fflush (stdout);
  sessio_key_free_text (recovery);
  return SESSIO_EXIT_OK;
}
