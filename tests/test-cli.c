/* test-cli.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The frame of sessio-cli, run as a real process: help, version, exit
 * codes, one-line errors, and messages in the user's language.
 */

#include "config.h"

#include <glib.h>
#include <string.h>

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run         *run,
         const char  *language,
         const char  *first_arg,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *cli = g_getenv ("SESSIO_CLI");
  va_list ap;
  int wait_status;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer) cli);
  va_start (ap, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_setenv (env, "LANGUAGE", language, TRUE);

  g_spawn_sync (NULL, (char **) args->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    if (*p == '\n')
      n++;
  return n;
}

static void
test_cli_version (void)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, "en", "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "sessio-cli "));
  g_assert_nonnull (strstr (run.out, PACKAGE_VERSION));
}

static void
test_cli_help (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) help_cmd = { 0 };

  run_cli (&run, "en", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Usage: sessio-cli"));
  g_assert_nonnull (strstr (run.out, "--passphrase-file"));
  g_assert_nonnull (strstr (run.out, "Exit status"));

  run_cli (&help_cmd, "en", "help", NULL);
  g_assert_cmpint (help_cmd.status, ==, 0);
  g_assert_cmpstr (help_cmd.out, ==, run.out);
}

static void
test_cli_help_translated (void)
{
  static const struct {
    const char *language;
    const char *expected;
  } cases[] = {
    { "fr", "Utilisation" },
    { "nl", "Gebruik" },
    { "de", "Aufruf" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, cases[i].language, "--help", NULL);
      g_assert_cmpint (run.status, ==, 0);
      if (strstr (run.out, cases[i].expected) == NULL)
        g_error ("LANGUAGE=%s sessio-cli --help is not translated:\n%s",
                 cases[i].language, run.out);
    }
}

static void
test_cli_usage_errors (void)
{
  static const char *bad[][3] = {
    { "no-such-command", NULL, NULL },
    { "--vault", NULL, NULL },
    { "help", "no-such-command", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, "en", bad[i][0], bad[i][1], bad[i][2], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      /* A one-line reason, named after the program. */
      g_assert_cmpuint (count_lines (run.err), ==, 1);
      g_assert_true (g_str_has_prefix (run.err, "sessio-cli: "));
    }

  {
    g_auto(Run) run = { 0 };

    /* No command at all: usage on stderr, exit 2. */
    run_cli (&run, "en", NULL, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "Usage"));
  }
}

static void
test_cli_error_translated (void)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, "fr", "no-such-command", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Commande inconnue"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/version", test_cli_version);
  g_test_add_func ("/cli/help", test_cli_help);
  g_test_add_func ("/cli/help-translated", test_cli_help_translated);
  g_test_add_func ("/cli/usage-errors", test_cli_usage_errors);
  g_test_add_func ("/cli/error-translated", test_cli_error_translated);

  return g_test_run ();
}
