/* test-vault.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The vault's life cycle: create, reopen, journal replay after a crash,
 * passphrases, the recovery key, one writer per folder, versions, folding
 * and the schema migration mechanism against the committed v1 fixture.
 */

#include "config.h"

#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sessio-devdata.h"
#include "sessio-ident.h"
#include "sessio-journal.h"
#include "sessio-vault-header.h"
#include "vault-test-util.h"

#define FIXTURE_PASSPHRASE "sessio fixture v1"

static void
test_create_reopen (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *vault_dir = g_build_filename (dir, "vault", NULL);
  g_autoptr(SessioVault) vault = NULL;
  g_autofree char *name = NULL;
  GStatBuf st;

  g_assert_false (sessio_vault_exists (vault_dir));
  vault = test_create_vault (vault_dir, NULL);
  g_assert_true (sessio_vault_exists (vault_dir));
  g_assert_cmpint (test_query_int (vault, "PRAGMA user_version"), ==, SESSIO_SCHEMA_VERSION);
  test_add_base_rows (vault);
  test_add_session (vault, 1, "eerste sessie");
  g_assert_cmpuint (sessio_vault_get_journal_records (vault), ==, 2);
  g_assert_true (sessio_vault_close (vault, &error));
  g_assert_no_error (error);
  g_assert_false (sessio_vault_is_open (vault));
  g_assert_false (sessio_vault_begin (vault, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_LOCKED);
  g_clear_error (&error);
  g_clear_object (&vault);

  /* Modes: the folder and every file in it are the user's alone. */
  g_assert_cmpint (g_stat (vault_dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  for (const char *const *f = (const char *const[]) { "vault.sessio", "journal.sessio", "lock", NULL }; *f; f++)
    {
      g_autofree char *path = g_build_filename (vault_dir, *f, NULL);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    }

  vault = sessio_vault_open (vault_dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_false (sessio_vault_get_rolled_back (vault));
  g_assert_cmpuint (sessio_vault_get_journal_records (vault), ==, 0);
  name = test_query_text (vault, "SELECT notes FROM session WHERE id = 1");
  g_assert_cmpstr (name, ==, "eerste sessie");
  g_assert_true (sessio_vault_check (vault, &error));
  g_assert_no_error (error);

  /* Creating over an existing vault is refused. */
  {
    SessioVaultKdf kdf;
    char *recovery = NULL;
    SessioVault *again;

    g_clear_object (&vault);
    sessio_vault_kdf_floor (&kdf);
    again = sessio_vault_create (vault_dir, TEST_PASSPHRASE, &kdf, &recovery, &error);
    g_assert_null (again);
    g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED);
    g_assert_null (recovery);
  }

  test_rm_rf (dir);
}

static void
test_writes_outside_transactions_refused (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(SessioVault) vault = test_create_vault (dir, NULL);
  g_autoptr(GError) error = NULL;

  /* A write that bypasses begin/commit would never be journaled. */
  g_assert_cmpint (sqlite3_exec (sessio_vault_get_db (vault),
                                 "INSERT INTO setting (key, value) VALUES ('x', 1)",
                                 NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM setting WHERE key = 'x'"), ==, 0);

  /* Rolled back changes leave nothing behind. */
  g_assert_true (sessio_vault_begin (vault, &error));
  test_exec (vault, "INSERT INTO setting (key, value) VALUES ('x', 1)");
  sessio_vault_rollback (vault);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM setting WHERE key = 'x'"), ==, 0);
  g_assert_cmpuint (sessio_vault_get_journal_records (vault), ==, 0);

  /* A transaction without changes writes no record. */
  g_assert_true (sessio_vault_begin (vault, &error));
  g_assert_true (sessio_vault_commit (vault, &error));
  g_assert_cmpuint (sessio_vault_get_journal_records (vault), ==, 0);

  g_clear_object (&vault);
  test_rm_rf (dir);
}

/* A writer that dies without closing: the journal alone carries its
 * commits into the next open. */
static void
test_journal_replay (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(SessioVault) vault = NULL;
  g_autoptr(GError) error = NULL;
  pid_t pid;
  int status = 0;

  vault = test_create_vault (dir, NULL);
  g_clear_object (&vault);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(GError) child_error = NULL;
      SessioVault *child = sessio_vault_open (dir, TEST_PASSPHRASE, &child_error);

      if (child == NULL)
        _exit (3);
      test_add_base_rows (child);
      for (int i = 1; i <= 20; i++)
        test_add_session (child, i, "replay");
      _exit (0);  /* no close, no fold */
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessio_vault_get_journal_records (vault), ==, 21);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM session"), ==, 20);
  g_assert_true (sessio_vault_check (vault, &error));

  /* Appending after a replay continues the same journal. */
  test_add_session (vault, 21, "after replay");
  g_assert_cmpuint (sessio_vault_get_journal_records (vault), ==, 22);
  g_assert_true (sessio_vault_check (vault, &error));
  g_assert_no_error (error);

  g_clear_object (&vault);
  test_rm_rf (dir);
}

static void
test_wrong_passphrase (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(SessioVault) vault = test_create_vault (dir, NULL);
  g_autoptr(GError) error = NULL;
  SessioVault *other;

  g_clear_object (&vault);
  other = sessio_vault_open (dir, "wrong horse battery staple", &error);
  g_assert_null (other);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  /* A failed attempt must not leave the folder locked. */
  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_clear_object (&vault);

  other = sessio_vault_open (dir, "", &error);
  g_assert_null (other);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  test_rm_rf (dir);
}

static void
test_no_vault (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "nothing-here", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (sessio_vault_open (missing, TEST_PASSPHRASE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (sessio_vault_open (dir, TEST_PASSPHRASE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND);
  test_rm_rf (dir);
}

static void
test_change_passphrase (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *recovery = NULL;
  g_autoptr(SessioVault) vault = test_create_vault (dir, &recovery);
  g_autoptr(GError) error = NULL;
  SessioVaultKdf kdf;

  test_add_base_rows (vault);
  sessio_vault_kdf_floor (&kdf);
  kdf.opslimit = 3;
  g_assert_true (sessio_vault_change_passphrase (vault, "a new passphrase", &kdf, &error));
  g_assert_no_error (error);
  /* The open vault keeps working. */
  test_add_session (vault, 1, "after passwd");
  g_clear_object (&vault);

  g_assert_null (sessio_vault_open (dir, TEST_PASSPHRASE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  vault = sessio_vault_open (dir, "a new passphrase", &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM session"), ==, 1);
  g_clear_object (&vault);

  /* The recovery key survives a passphrase change. */
  vault = sessio_vault_open_with_recovery_key (dir, recovery, &error);
  g_assert_no_error (error);
  g_assert_nonnull (vault);

  /* Refused: KDF parameters below the floor. */
  kdf.memlimit = 8 << 20;
  g_assert_false (sessio_vault_change_passphrase (vault, "weak", &kdf, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);

  g_clear_object (&vault);
  test_rm_rf (dir);
}

static void
test_recovery_key (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *recovery = NULL;
  g_autoptr(SessioVault) vault = test_create_vault (dir, &recovery);
  g_autoptr(GError) error = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *typo = NULL;
  guint8 *other_key;
  char *other_text;

  /* 14 groups of 4, dashes between. */
  g_assert_cmpuint (strlen (recovery), ==, 14 * 5 - 1);
  for (guint i = 0; recovery[i]; i++)
    g_assert_true ((i % 5 == 4) ? recovery[i] == '-' : g_ascii_isalnum (recovery[i]));

  test_add_base_rows (vault);
  g_clear_object (&vault);

  /* Case, spaces and dashes do not matter. */
  lower = g_ascii_strdown (recovery, -1);
  g_strdelimit (lower, "-", ' ');
  vault = sessio_vault_open_with_recovery_key (dir, lower, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM patient"), ==, 1);

  /* Recovery sets a new passphrase. */
  g_assert_true (sessio_vault_change_passphrase (vault, "recovered passphrase", NULL, &error));
  g_clear_object (&vault);
  vault = sessio_vault_open (dir, "recovered passphrase", &error);
  g_assert_no_error (error);
  g_clear_object (&vault);

  /* A typo is caught by the checksum group, not reported as a wrong key. */
  typo = g_strdup (recovery);
  typo[2] = typo[2] == 'A' ? 'B' : 'A';
  g_assert_null (sessio_vault_open_with_recovery_key (dir, typo, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (sessio_vault_open_with_recovery_key (dir, "ABCD-EFGH", &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* A well-formed key of another vault. */
  other_key = sessio_key_new_random ();
  other_text = sessio_recovery_key_format (other_key);
  g_assert_null (sessio_vault_open_with_recovery_key (dir, other_text, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_WRONG_PASSPHRASE);
  sessio_key_free_text (other_text);
  sessio_key_free (other_key);

  test_rm_rf (dir);
}

static void
test_recovery_key_format (void)
{
  for (int i = 0; i < 200; i++)
    {
      g_autoptr(GError) error = NULL;
      guint8 *key = sessio_key_new_random ();
      char *text = sessio_recovery_key_format (key);
      guint8 *back = sessio_recovery_key_parse (text, &error);

      g_assert_no_error (error);
      g_assert_cmpmem (key, SESSIO_KEY_BYTES, back, SESSIO_KEY_BYTES);

      /* Every single-character substitution is caught or is a look-alike. */
      for (gsize pos = 0; pos < strlen (text); pos += 7)
        {
          g_autofree char *changed = g_strdup (text);
          guint8 *wrong;

          if (changed[pos] == '-')
            continue;
          changed[pos] = changed[pos] == 'Z' ? 'Y' : 'Z';
          wrong = sessio_recovery_key_parse (changed, NULL);
          g_assert_true (wrong == NULL || memcmp (wrong, key, SESSIO_KEY_BYTES) != 0);
          sessio_key_free (wrong);
        }

      sessio_key_free (back);
      sessio_key_free_text (text);
      sessio_key_free (key);
    }
}

static void
test_in_use (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(SessioVault) vault = test_create_vault (dir, NULL);
  g_autoptr(GError) error = NULL;
  pid_t pid;
  int status = 0;

  /* A second open in this process... */
  g_assert_null (sessio_vault_open (dir, TEST_PASSPHRASE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_IN_USE);
  g_clear_error (&error);

  /* ...and in another one. */
  pid = fork ();
  if (pid == 0)
    {
      GError *child_error = NULL;
      SessioVault *child = sessio_vault_open (dir, TEST_PASSPHRASE, &child_error);

      _exit (child == NULL && g_error_matches (child_error, SESSIO_ERROR, SESSIO_ERROR_IN_USE) ? 0 : 1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  /* Closed: free again. */
  g_assert_true (sessio_vault_close (vault, &error));
  g_clear_object (&vault);
  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);

  g_clear_object (&vault);
  test_rm_rf (dir);
}

static void
rewrite_header (const char *dir,
                guint32     version)
{
  g_autofree char *path = g_build_filename (dir, "vault.sessio", NULL);
  g_autofree guint8 *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, (char **) &data, &len, NULL));
  data[8] = version & 0xff;
  data[9] = (version >> 8) & 0xff;
  crypto_generichash (data + 256, 32, data, 256, NULL, 0);
  g_assert_true (g_file_set_contents (path, (char *) data, len, NULL));
}

static void
test_newer_version (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *backup = g_build_filename (dir, "vault.backup", NULL);
  g_autofree char *vault_dir = g_build_filename (dir, "v", NULL);
  g_autofree char *snapshot = g_build_filename (vault_dir, "vault.sessio", NULL);
  g_autoptr(SessioVault) vault = test_create_vault (vault_dir, NULL);
  g_autoptr(GError) error = NULL;

  g_clear_object (&vault);
  test_copy_file (snapshot, backup);

  /* A newer file format. */
  rewrite_header (vault_dir, 2);
  g_assert_null (sessio_vault_open (vault_dir, TEST_PASSPHRASE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_NEWER_VERSION);
  g_clear_error (&error);
  test_copy_file (backup, snapshot);

  /* A newer schema inside a current file format. */
  vault = sessio_vault_open (vault_dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (sessio_vault_begin (vault, &error));
  test_exec (vault, "PRAGMA user_version = 99");
  g_assert_true (sessio_vault_commit (vault, &error));
  g_assert_true (sessio_vault_fold (vault, &error));
  g_assert_no_error (error);
  g_clear_object (&vault);

  g_assert_null (sessio_vault_open (vault_dir, TEST_PASSPHRASE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_NEWER_VERSION);

  test_rm_rf (dir);
}

static void
test_fold (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(SessioVault) vault = test_create_vault (dir, NULL);
  g_autoptr(GError) error = NULL;
  guint64 generation = sessio_vault_get_generation (vault);

  test_add_base_rows (vault);
  test_add_session (vault, 1, "before fold");
  g_assert_true (sessio_vault_fold (vault, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sessio_vault_get_generation (vault), ==, generation + 1);
  g_assert_cmpuint (sessio_vault_get_journal_records (vault), ==, 0);
  test_add_session (vault, 2, "after fold");
  g_assert_true (sessio_vault_check (vault, &error));

  /* The threshold folds automatically. */
  sessio_vault_set_fold_threshold (vault, 1);
  test_add_session (vault, 3, "auto fold");
  g_assert_cmpuint (sessio_vault_get_generation (vault), ==, generation + 2);
  g_assert_cmpuint (sessio_vault_get_journal_records (vault), ==, 0);
  g_clear_object (&vault);

  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM session"), ==, 3);

  g_clear_object (&vault);
  test_rm_rf (dir);
}

static void
fold_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (sessio_vault_fold_finish (SESSIO_VAULT (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* Commits made while the worker thread writes the snapshot land in the new
 * generation's journal. */
static void
test_fold_async (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(SessioVault) vault = test_create_vault (dir, NULL);
  g_autoptr(GError) error = NULL;
  guint64 generation = sessio_vault_get_generation (vault);
  gboolean done = FALSE;

  test_add_base_rows (vault);
  for (int i = 1; i <= 10; i++)
    test_add_session (vault, i, "before");

  sessio_vault_fold_async (vault, NULL, fold_done, &done);
  for (int i = 11; i <= 15; i++)
    test_add_session (vault, i, "during");
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (sessio_vault_get_generation (vault), ==, generation + 1);
  g_assert_cmpuint (sessio_vault_get_journal_records (vault), ==, 5);
  g_assert_true (sessio_vault_check (vault, &error));
  g_assert_no_error (error);
  test_add_session (vault, 16, "after");

  /* A fold superseded by close() is dropped without harm. */
  done = FALSE;
  sessio_vault_fold_async (vault, NULL, fold_done, &done);
  g_assert_true (sessio_vault_close (vault, &error));
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&vault);

  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM session"), ==, 16);
  g_assert_true (sessio_vault_check (vault, &error));

  g_clear_object (&vault);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (d)) != NULL)
      g_assert_false (g_str_has_suffix (name, ".tmp"));
  }
  test_rm_rf (dir);
}

/* A crash between a fold's two renames leaves the new snapshot with the
 * previous generation's journal, which may hold commits made while the
 * snapshot was written: open finishes the fold, losing nothing. */
static void
test_fold_interrupted (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *vault_dir = g_build_filename (dir, "v", NULL);
  g_autofree char *journal = g_build_filename (vault_dir, "journal.sessio", NULL);
  g_autofree char *snapshot = g_build_filename (vault_dir, "vault.sessio", NULL);
  g_autofree char *saved_journal = g_build_filename (dir, "journal.saved", NULL);
  g_autofree char *saved_snapshot = g_build_filename (dir, "snapshot.saved", NULL);
  g_autoptr(SessioVault) vault = test_create_vault (vault_dir, NULL);
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  test_add_base_rows (vault);
  test_add_session (vault, 1, "one");
  sessio_vault_fold_async (vault, NULL, fold_done, &done);
  test_add_session (vault, 2, "two, during the fold");
  test_add_session (vault, 3, "three, during the fold");
  /* The old journal as it is just before the switch. */
  test_copy_file (journal, saved_journal);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  test_copy_file (snapshot, saved_snapshot);
  g_clear_object (&vault);

  /* Back to "new snapshot, old journal". */
  test_copy_file (saved_snapshot, snapshot);
  test_copy_file (saved_journal, journal);

  vault = sessio_vault_open (vault_dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM session"), ==, 3);
  g_assert_cmpuint (sessio_vault_get_journal_records (vault), ==, 2);
  g_assert_true (sessio_vault_check (vault, &error));
  g_assert_no_error (error);
  /* close() had folded once more since: this is an older copy. */
  g_assert_true (sessio_vault_get_rolled_back (vault));
  /* Nothing is written to an older copy before the user accepts it. */
  g_assert_true (sessio_vault_accept_rollback (vault, &error));
  g_assert_no_error (error);
  test_add_session (vault, 4, "four");
  g_clear_object (&vault);

  vault = sessio_vault_open (vault_dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_false (sessio_vault_get_rolled_back (vault));
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM session"), ==, 4);

  g_clear_object (&vault);
  test_rm_rf (dir);
}

static void
copy_dir (const char *from,
          const char *to)
{
  g_autoptr(GDir) d = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  g_mkdir_with_parents (to, 0700);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *a = g_build_filename (from, name, NULL);
      g_autofree char *b = g_build_filename (to, name, NULL);

      test_copy_file (a, b);
    }
}

static SessioVault *
open_fixture (char **tmp_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "vault-v1", NULL);
  char *tmp = test_make_tmpdir ();
  g_autofree char *state = test_make_tmpdir ();
  SessioVault *vault;

  /* Each test opens its own copy of the same vault: a fresh memory of
   * generations, or the second copy would be an older copy put back
   * (which refuses writes).  The folder is left for the OS to clean. */
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  copy_dir (fixture, tmp);
  vault = sessio_vault_open (tmp, FIXTURE_PASSPHRASE, &error);
  g_assert_no_error (error);
  *tmp_out = tmp;
  return vault;
}

/* The fixture is the v1 vault of tests/make-fixture-vault.c: it must open
 * with this Sessio forever, with its journal replayed. */
static void
test_fixture_v1 (void)
{
  g_autofree char *tmp = NULL;
  g_autoptr(SessioVault) vault = open_fixture (&tmp);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM patient"), ==, 3);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM session"), ==, 6);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM engagement"), ==, 2);
  name = test_query_text (vault, "SELECT name FROM patient WHERE id = 3");
  g_assert_cmpstr (name, ==, "Fixtuur Drie");
  g_assert_true (sessio_vault_check (vault, &error));
  g_assert_no_error (error);

  /* The fixture is a v1 vault: opening it ran the v1 → v2 migration
   * (invoices) and v2 → v3 (corrections and retention, which dropped the
   * triggers freezing invoiced sessions), and the result must be table
   * for table what a fresh vault has.  A change to v1 after the fact would leave every v1
   * vault out there behind; a v2 that differs from a migrated v1 would
   * split vaults into two kinds. */
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM sqlite_master WHERE name = 'invoice_counter'"), ==, 1);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                                          " AND name LIKE '%issued%'"), ==, 7);
  {
    g_autofree char *fresh_dir = test_make_tmpdir ();
    g_autoptr(SessioVault) fresh = test_create_vault (fresh_dir, NULL);
    const char *schema_sql =
      "SELECT group_concat (type || ' ' || name || ': ' || coalesce (sql, ''), char (10))"
      " FROM (SELECT * FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name)";
    g_autofree char *fixture_schema = test_query_text (vault, schema_sql);
    g_autofree char *fresh_schema = test_query_text (fresh, schema_sql);

    g_assert_cmpint (sessio_schema_get_version (sessio_vault_get_db (vault)), ==, SESSIO_SCHEMA_VERSION);
    g_assert_cmpstr (fixture_schema, ==, fresh_schema);

    g_clear_object (&fresh);
    test_rm_rf (fresh_dir);
  }

  g_clear_object (&vault);
  test_rm_rf (tmp);
}

static gboolean
migrate_fill_pronouns (sqlite3  *db,
                       GError  **error)
{
  return sessio_db_exec (db, "UPDATE patient SET pronouns = 'they' WHERE id = 1", error);
}

/* The migration mechanism, exercised the way a real v2 would be: against
 * the v1 fixture, inside a vault transaction, then a fold. */
static void
test_migration_mechanism (void)
{
  static const SessioMigration future[] = {
    { 4, "ALTER TABLE patient ADD COLUMN pronouns TEXT", migrate_fill_pronouns },
    { 5, "CREATE TABLE reminder (id INTEGER PRIMARY KEY, at TEXT NOT NULL) STRICT", NULL },
  };
  static const SessioMigration broken[] = {
    { 4, "ALTER TABLE patient ADD COLUMN pronouns TEXT; SELECT * FROM no_such_table", NULL },
  };
  g_autofree char *tmp = NULL;
  g_autoptr(SessioVault) vault = open_fixture (&tmp);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = sessio_vault_get_db (vault);
  gboolean changed = FALSE;

  /* Opening brought the v1 fixture to the current version (v3). */
  g_assert_cmpint (sessio_schema_get_version (db), ==, 3);

  /* Up to date: nothing to do. */
  g_assert_true (sessio_schema_migrate (db, &changed, &error));
  g_assert_false (changed);

  /* A failing step leaves the database as it was. */
  g_assert_true (sessio_vault_begin (vault, &error));
  g_assert_false (sessio_schema_migrate_with (db, broken, G_N_ELEMENTS (broken), 4, &changed, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  sessio_vault_rollback (vault);
  g_assert_cmpint (sessio_schema_get_version (db), ==, 3);

  /* A missing step is an error, not a skipped version. */
  g_assert_false (sessio_schema_migrate_with (db, future + 1, 1, 5, &changed, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_true (sessio_vault_begin (vault, &error));
  g_assert_true (sessio_schema_migrate_with (db, future, G_N_ELEMENTS (future), 5, &changed, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_true (sessio_vault_commit (vault, &error));
  g_assert_true (sessio_vault_fold (vault, &error));
  g_assert_cmpint (sessio_schema_get_version (db), ==, 5);
  g_clear_object (&vault);

  /* This Sessio (v3) now refuses the migrated vault as newer. */
  g_assert_null (sessio_vault_open (tmp, FIXTURE_PASSPHRASE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_NEWER_VERSION);

  test_rm_rf (tmp);
}

static void
test_schema_primary_keys (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(SessioVault) vault = test_create_vault (dir, NULL);
  sqlite3_stmt *stmt = NULL;
  int tables = 0;

  /* The journal relies on the session extension, which skips tables
   * without a primary key: every table must have one. */
  g_assert_cmpint (sqlite3_prepare_v2 (sessio_vault_get_db (vault),
                                       "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                       " AND name NOT LIKE 'sqlite_%'", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM pragma_table_info('%s') WHERE pk > 0",
                                              sqlite3_column_text (stmt, 0));
      g_assert_cmpint (test_query_int (vault, sql), >, 0);
      tables++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (tables, >=, 16);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%AUTOINCREMENT%'"), ==, 0);

  g_clear_object (&vault);
  test_rm_rf (dir);
}

static void
test_audit_chain (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(SessioVault) vault = test_create_vault (dir, NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = sessio_vault_get_db (vault);

  g_assert_true (sessio_vault_begin (vault, &error));
  for (int i = 1; i <= 5; i++)
    g_assert_true (sessio_audit_append (db, "create", "patient", i, &error));
  g_assert_true (sessio_vault_commit (vault, &error));
  g_assert_true (sessio_audit_verify (db, &error));
  g_assert_true (sessio_vault_check (vault, &error));

  /* Deleting an entry from the middle breaks the chain. */
  test_commit_sql (vault, "DELETE FROM audit_log WHERE id = 3");
  g_assert_false (sessio_audit_verify (db, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_false (sessio_vault_check (vault, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);

  g_clear_object (&vault);
  test_rm_rf (dir);
}

typedef struct
{
  gboolean     done;
  SessioVault *vault;
  GError      *error;
} OpenResult;

static void
opened (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  OpenResult *out = user_data;

  out->vault = sessio_vault_open_finish (result, &out->error);
  out->done = TRUE;
}

static void
open_async_and_wait (const char *dir,
                     const char *passphrase,
                     const char *recovery,
                     OpenResult *out)
{
  memset (out, 0, sizeof *out);
  sessio_vault_open_async (dir, passphrase, recovery, NULL, opened, out);
  while (!out->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_open_async (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *recovery = NULL;
  SessioVault *vault = test_create_vault (dir, &recovery);
  OpenResult result;

  test_add_base_rows (vault);
  g_clear_object (&vault);

  open_async_and_wait (dir, TEST_PASSPHRASE, NULL, &result);
  g_assert_no_error (result.error);
  g_assert_cmpint (test_query_int (result.vault, "SELECT count(*) FROM patient"), ==, 1);
  g_clear_object (&result.vault);

  open_async_and_wait (dir, NULL, recovery, &result);
  g_assert_no_error (result.error);
  g_assert_true (SESSIO_IS_VAULT (result.vault));
  g_clear_object (&result.vault);

  open_async_and_wait (dir, "wrong", NULL, &result);
  g_assert_null (result.vault);
  g_assert_error (result.error, SESSIO_ERROR, SESSIO_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&result.error);

  test_rm_rf (dir);
}

static gboolean
devdata_txn (gpointer          user_data,
             SessioDevdataTxn  what,
             GError          **error)
{
  SessioVault *vault = user_data;
  guint *commits = g_object_get_data (G_OBJECT (vault), "commits");

  if (what == SESSIO_DEVDATA_BEGIN)
    return sessio_vault_begin (vault, error);
  if (what == SESSIO_DEVDATA_COMMIT)
    {
      (*commits)++;
      return sessio_vault_commit (vault, error);
    }
  sessio_vault_rollback (vault);
  return TRUE;
}

/* Synthetic data: both kinds of practice, plausible and valid. */
static void
test_devdata (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(SessioVault) vault = test_create_vault (dir, NULL);
  g_autoptr(GError) error = NULL;
  SessioDevdataOptions options = { 60, 600, 5, 40 };
  sqlite3_stmt *stmt = NULL;
  guint commits = 0;
  int n = 0;

  g_object_set_data (G_OBJECT (vault), "commits", &commits);
  g_assert_true (sessio_devdata_generate (sessio_vault_get_db (vault), &options, devdata_txn, vault, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (commits, >=, 30);
  g_assert_cmpuint (commits, <=, 50);

  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM patient"), ==, 60);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM session"), ==, 600);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM engagement WHERE model = 'clb-salaried' AND network = 'youth'"), ==, 1);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM engagement WHERE model = 'independent' AND network = 'adult'"), ==, 1);

  /* Pupils: 23 or younger at every session, seen at school, the CLB or a
   * boarding school. */
  g_assert_cmpint (test_query_int (vault,
                                   "SELECT count(*) FROM session s JOIN trajectory t ON t.id = s.trajectory_id"
                                   " JOIN patient p ON p.id = t.patient_id JOIN engagement e ON e.id = t.engagement_id"
                                   " WHERE e.network = 'youth' AND (date(p.birth_date, '+24 years') <= substr(s.starts_at, 1, 10)"
                                   "   OR s.location NOT IN ('school', 'clb', 'boarding-school'))"), ==, 0);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM session WHERE setting = 'group'"), >, 0);
  /* As the work is done: the CLB sees pupils on school days, 8:30 to
   * 16:00; the independent practice on weekdays until 19:00 and Saturday
   * mornings; nobody on Sunday. */
  g_assert_cmpint (test_query_int (vault,
                                   "SELECT count(*) FROM session WHERE context = 'clb' AND"
                                   " (strftime('%w', starts_at) IN ('0', '6')"
                                   "  OR substr(starts_at, 12, 5) < '08:30' OR substr(starts_at, 12, 5) > '15:30')"), ==, 0);
  g_assert_cmpint (test_query_int (vault,
                                   "SELECT count(*) FROM session WHERE context <> 'clb' AND"
                                   " (strftime('%w', starts_at) = '0' OR substr(starts_at, 12, 5) > '18:30'"
                                   "  OR (strftime('%w', starts_at) = '6' AND substr(starts_at, 12, 5) >= '12:00'))"), ==, 0);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM session WHERE context = 'clb'"), >, 100);
  /* No "functioning at school" for an adult. */
  g_assert_cmpint (test_query_int (vault,
                                   "SELECT count(*) FROM patient_problem pp JOIN trajectory t ON t.patient_id = pp.patient_id"
                                   " JOIN engagement e ON e.id = t.engagement_id"
                                   " WHERE pp.category = 'school-functioning' AND e.network = 'adult'"), ==, 0);
  /* Not before the trajectory started. */
  g_assert_cmpint (test_query_int (vault,
                                   "SELECT count(*) FROM session s JOIN trajectory t ON t.id = s.trajectory_id"
                                   " WHERE substr(s.starts_at, 1, 10) < t.start_date"), ==, 0);
  g_assert_cmpint (test_query_int (vault, "SELECT min(length(notes)) FROM session"), >=, 60);
  g_assert_cmpint (test_query_int (vault, "SELECT max(length(notes)) FROM session"), <=, 200);

  /* Every INSZ is valid and matches the birth date. */
  g_assert_cmpint (sqlite3_prepare_v2 (sessio_vault_get_db (vault),
                                       "SELECT insz, birth_date FROM patient WHERE insz IS NOT NULL",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SessioInszInfo info;
      g_autofree char *birth = NULL;

      g_assert_true (sessio_insz_validate ((const char *) sqlite3_column_text (stmt, 0), &info, &error));
      g_assert_no_error (error);
      birth = g_strdup_printf ("%04u-%02u-%02u", info.year, info.month, info.day);
      g_assert_cmpstr (birth, ==, (const char *) sqlite3_column_text (stmt, 1));
      n++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (n, ==, 60);

  g_assert_true (sessio_vault_check (vault, &error));
  g_assert_no_error (error);
  g_clear_object (&vault);
  test_rm_rf (dir);
}

static void
test_kdf_bounds (void)
{
  SessioVaultKdf kdf;

  sessio_vault_kdf_floor (&kdf);
  g_assert_true (sessio_vault_kdf_is_acceptable (&kdf));
  g_assert_cmpuint (kdf.memlimit, >=, G_GUINT64_CONSTANT (64) << 20);
  kdf.memlimit -= 1024;
  g_assert_false (sessio_vault_kdf_is_acceptable (&kdf));
  sessio_vault_kdf_floor (&kdf);
  kdf.opslimit = 1000;
  g_assert_false (sessio_vault_kdf_is_acceptable (&kdf));
  sessio_vault_kdf_floor (&kdf);
  kdf.memlimit = G_GUINT64_CONSTANT (1) << 40;
  g_assert_false (sessio_vault_kdf_is_acceptable (&kdf));
}

int
main (int   argc,
      char *argv[])
{
  test_init (&argc, &argv);

  g_test_add_func ("/vault/create-reopen", test_create_reopen);
  g_test_add_func ("/vault/writes-outside-transactions", test_writes_outside_transactions_refused);
  g_test_add_func ("/vault/journal-replay", test_journal_replay);
  g_test_add_func ("/vault/no-vault", test_no_vault);
  g_test_add_func ("/vault/wrong-passphrase", test_wrong_passphrase);
  g_test_add_func ("/vault/change-passphrase", test_change_passphrase);
  g_test_add_func ("/vault/recovery-key", test_recovery_key);
  g_test_add_func ("/vault/recovery-key-format", test_recovery_key_format);
  g_test_add_func ("/vault/in-use", test_in_use);
  g_test_add_func ("/vault/newer-version", test_newer_version);
  g_test_add_func ("/vault/fold", test_fold);
  g_test_add_func ("/vault/fold-async", test_fold_async);
  g_test_add_func ("/vault/fold-interrupted", test_fold_interrupted);
  g_test_add_func ("/vault/open-async", test_open_async);
  g_test_add_func ("/vault/kdf-bounds", test_kdf_bounds);
  g_test_add_func ("/vault/devdata", test_devdata);
  g_test_add_func ("/vault/schema-primary-keys", test_schema_primary_keys);
  g_test_add_func ("/vault/audit-chain", test_audit_chain);
  g_test_add_func ("/vault/fixture-v1", test_fixture_v1);
  g_test_add_func ("/vault/migration-mechanism", test_migration_mechanism);

  return g_test_run ();
}
