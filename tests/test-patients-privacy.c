/* test-patients-privacy.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No patient data in plaintext on disk: after `dev generate`
 * and after a scenario through the real sessio-cli, every file in the
 * vault folder is searched for the patients' names, INSZ numbers and
 * notes, in UTF-8, UTF-16 and hex (tests/plaintext-scan.h).
 */

#include "config.h"

#include <sys/wait.h>

#include "plaintext-scan.h"
#include "sessio-devdata.h"
#include "sessio-ident.h"
#include "sessio-patient-store.h"
#include "vault-test-util.h"

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

/* Every distinct non-empty value of @sql's first column. */
static void
collect (SessioVault *vault,
         const char  *sql,
         GPtrArray   *secrets)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (sessio_vault_get_db (vault), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *value = (const char *) sqlite3_column_text (stmt, 0);

      if (value != NULL && strlen (value) >= 6)
        g_ptr_array_add (secrets, g_strdup (value));
    }
  sqlite3_finalize (stmt);
}

static void
test_dev_generate (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(SessioVault) vault = test_create_vault (dir, NULL);
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func (g_free);
  SessioDevdataOptions options = { 40, 300, 7, 20 };
  guint files = 0;

  g_assert_true (sessio_devdata_generate (sessio_vault_get_db (vault), &options, vault_txn, vault, &error));
  g_assert_no_error (error);

  /* The generated education segments and problems are the store's own
   * ids, so that lists and statistics count them. */
  {
    g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
    const SessioChoice *known;
    guint n_known;

    collect (vault, "SELECT DISTINCT education_segment FROM patient WHERE education_segment IS NOT NULL", segments);
    collect (vault, "SELECT DISTINCT category FROM patient_problem", problems);
    g_assert_cmpuint (segments->len, >, 3);
    g_assert_cmpuint (problems->len, >, 3);
    known = sessio_education_segments (&n_known);
    for (guint i = 0; i < segments->len; i++)
      g_assert_nonnull (sessio_choice_get_label (known, n_known, g_ptr_array_index (segments, i)));
    known = sessio_problem_categories (&n_known);
    for (guint i = 0; i < problems->len; i++)
      g_assert_nonnull (sessio_choice_get_label (known, n_known, g_ptr_array_index (problems, i)));
  }

  /* Names, INSZ numbers, guardians, and each distinct note sentence. */
  collect (vault, "SELECT DISTINCT name FROM patient", secrets);
  collect (vault, "SELECT DISTINCT insz FROM patient WHERE insz IS NOT NULL", secrets);
  collect (vault, "SELECT DISTINCT name FROM guardian", secrets);
  collect (vault, "SELECT DISTINCT notes FROM patient WHERE notes IS NOT NULL LIMIT 40", secrets);
  collect (vault, "SELECT DISTINCT notes FROM session WHERE notes IS NOT NULL LIMIT 40", secrets);
  g_assert_cmpuint (secrets->len, >, 80);
  g_ptr_array_add (secrets, NULL);

  /* While open (journal records), then folded and locked. */
  g_assert_cmpuint (plaintext_scan_dir (dir, (const char * const *) secrets->pdata, &files), ==, 0);
  g_assert_cmpuint (files, >, 0);
  g_assert_true (sessio_vault_close (vault, &error));
  g_assert_no_error (error);
  files = 0;
  g_assert_cmpuint (plaintext_scan_dir (dir, (const char * const *) secrets->pdata, &files), ==, 0);
  g_assert_cmpuint (files, >, 0);

  test_rm_rf (dir);
}

static void
run_cli (const char *vault_dir,
         const char *passphrase_file,
         int         want_status,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *cli = g_getenv ("SESSIO_CLI");
  const char *arg;
  int status = 0;
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer) cli);
  g_ptr_array_add (args, (gpointer) "--vault");
  g_ptr_array_add (args, (gpointer) vault_dir);
  g_ptr_array_add (args, (gpointer) "--passphrase-file");
  g_ptr_array_add (args, (gpointer) passphrase_file);
  va_start (ap, want_status);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL) || want_status != 0)
    {
      g_assert_true (WIFEXITED (status));
      if (WEXITSTATUS (status) != want_status)
        g_error ("%s %s: exit %d, wanted %d: %s", (char *) args->pdata[5], (char *) args->pdata[6],
                 WEXITSTATUS (status), want_status, err);
    }
}

static void
test_cli_scenario (void)
{
  g_autofree char *work = test_make_tmpdir ();
  g_autofree char *vault_dir = g_build_filename (work, "vault", NULL);
  g_autofree char *pw = g_build_filename (work, "pw", NULL);
  g_autofree char *export_json = g_build_filename (work, "export.json", NULL);
  g_autofree char *export_pdf = g_build_filename (work, "export.pdf", NULL);
  char insz[12], insz2[12];
  GDate birth;
  const char *secrets[6];
  guint files = 0;

  g_setenv ("SESSIO_TEST_KDF_FLOOR", "1", TRUE);
  g_assert_true (g_file_set_contents (pw, "privacy test passphrase\n", -1, NULL));

  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, 31, G_DATE_JULY, 1985);
  sessio_insz_generate (&birth, TRUE, 17, insz);
  g_date_set_dmy (&birth, 2, G_DATE_FEBRUARY, 1979);
  sessio_insz_generate (&birth, FALSE, 18, insz2);

  secrets[0] = "Kanarie Privacytest";
  secrets[1] = insz;
  secrets[2] = "KANARIE-NOTITIE-P5Q8";
  secrets[3] = "KANARIE-SESSIE-W3Z1";
  secrets[4] = "Gewiste Kanariepersoon";
  secrets[5] = NULL;

  run_cli (vault_dir, pw, 0, "vault", "init", NULL);
  run_cli (vault_dir, pw, 0, "engagement", "add", "--network-name", "Netwerk Privacy", "--network", "adult",
           "--model", "independent", NULL);
  run_cli (vault_dir, pw, 0, "patient", "add", "--name", secrets[0], "--birth", "1985-07-31", "--insz", insz,
           "--problem", "anxiety", "--note", secrets[2], NULL);
  run_cli (vault_dir, pw, 0, "trajectory", "add", "--patient", "1", "--engagement", "1", "--start", "2025-01-06", NULL);
  run_cli (vault_dir, pw, 0, "session", "add", "--trajectory", "1", "--date", "2025-02-03T10:00", "--care", "support",
           "--setting", "individual", "--note", secrets[3], NULL);
  run_cli (vault_dir, pw, 0, "patient", "list", "--search", "kanarie", NULL);
  run_cli (vault_dir, pw, 0, "patient", "show", "1", NULL);
  run_cli (vault_dir, pw, 0, "session", "list", "--patient", "1", NULL);
  run_cli (vault_dir, pw, 0, "patient", "export", "1", "--json", export_json, "--pdf", export_pdf, NULL);
  run_cli (vault_dir, pw, 0, "patient", "add", "--name", secrets[4], "--birth", "1979-02-02", "--insz", insz2, NULL);
  run_cli (vault_dir, pw, 0, "patient", "erase", "2", NULL);
  run_cli (vault_dir, pw, 2, "patient", "add", "--name", secrets[0], "--birth", "1985-07-32", NULL);
  run_cli (vault_dir, pw, 0, "vault", "check", NULL);

  /* The export outside the vault does hold the data: the scanner works. */
  {
    const char *exported[] = { secrets[0], NULL };

    g_assert_cmpuint (plaintext_scan_dir (work, exported, NULL), >, 0);
  }

  g_assert_cmpuint (plaintext_scan_dir (vault_dir, secrets, &files), ==, 0);
  g_assert_cmpuint (files, >, 0);

  test_rm_rf (work);
}

int
main (int    argc,
      char **argv)
{
  test_init (&argc, &argv);

  g_test_add_func ("/patients-privacy/dev-generate", test_dev_generate);
  g_test_add_func ("/patients-privacy/cli-scenario", test_cli_scenario);

  return g_test_run ();
}
