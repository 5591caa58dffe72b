/* test-vault-misuse.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The vault used the way an unlucky user or a sync client would: a lock
 * file deleted or replaced while the vault is open, an older copy of the
 * whole folder put back, a journal cut at a record boundary.  Each must
 * lose nothing that was acknowledged and must say what happened.
 */

#include "config.h"

#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sessio-journal.h"
#include "sessio-vault-private.h"
#include "vault-test-util.h"

/* The minimum of work for a real vault (docs/vault-format.md, Keys),
 * written out so that this test also builds against older code. */
#define MINIMUM_MEMLIMIT (G_GUINT64_CONSTANT (256) << 20)
#define MINIMUM_OPSLIMIT 3

static gboolean
machine_has_minimum_memory (void)
{
  return (guint64) sysconf (_SC_PHYS_PAGES) * (guint64) sysconf (_SC_PAGESIZE) / 4 >= MINIMUM_MEMLIMIT;
}

static char *
vault_file (const char *dir,
            const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
unlink_lock (const char *dir)
{
  g_autofree char *lock = vault_file (dir, "lock");

  g_assert_cmpint (g_unlink (lock), ==, 0);
}

/* The lock file deleted while A has the vault open, then B opens it,
 * writes and closes (a fold).  A must not write again, and must not fold
 * its stale copy over B's work when it closes. */
static void
test_lock_removed_second_writer_folds (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(SessioVault) a = test_create_vault (dir, NULL);
  g_autoptr(SessioVault) b = NULL;
  g_autoptr(GError) error = NULL;

  test_add_base_rows (a);
  test_add_session (a, 1, "by a, acknowledged");

  unlink_lock (dir);
  b = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  test_add_session (b, 2, "by b");
  g_assert_true (sessio_vault_close (b, &error));
  g_assert_no_error (error);
  g_clear_object (&b);

  /* A is refused, with "in use". */
  g_assert_true (sessio_vault_begin (a, &error));
  test_exec (a, "INSERT INTO setting (key, value) VALUES ('by a, refused', 1)");
  g_assert_false (sessio_vault_commit (a, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_IN_USE);
  g_clear_error (&error);
  g_assert_false (sessio_vault_in_transaction (a));
  g_assert_true (sessio_vault_close (a, &error));
  g_assert_no_error (error);
  g_clear_object (&a);

  a = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (a, "SELECT count(*) FROM session WHERE id IN (1, 2)"), ==, 2);
  g_assert_cmpint (test_query_int (a, "SELECT count(*) FROM setting WHERE key LIKE 'by a%'"), ==, 0);
  g_assert_true (sessio_vault_check (a, &error));
  g_assert_no_error (error);
  g_assert_false (sessio_vault_get_rolled_back (a));

  g_clear_object (&a);
  test_rm_rf (dir);
}

/* B gets in after the lock is deleted, commits and dies without folding:
 * its record sits in the journal where A's next one would go. */
static void
test_lock_removed_second_writer_crashes (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(SessioVault) a = test_create_vault (dir, NULL);
  g_autoptr(GError) error = NULL;
  int status = 0;
  pid_t pid;

  test_add_base_rows (a);
  unlink_lock (dir);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(GError) child_error = NULL;
      SessioVault *b = sessio_vault_open (dir, TEST_PASSPHRASE, &child_error);

      if (b == NULL)
        _exit (3);
      test_add_session (b, 2, "by b");
      _exit (0);  /* no close, no fold */
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  g_assert_true (sessio_vault_begin (a, &error));
  test_exec (a, "INSERT INTO setting (key, value) VALUES ('by a, refused', 1)");
  g_assert_false (sessio_vault_commit (a, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_IN_USE);
  g_clear_error (&error);
  g_assert_true (sessio_vault_close (a, &error));
  g_clear_object (&a);

  a = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (a, "SELECT count(*) FROM session WHERE id = 2"), ==, 1);
  g_assert_cmpint (test_query_int (a, "SELECT count(*) FROM setting WHERE key LIKE 'by a%'"), ==, 0);
  g_assert_true (sessio_vault_check (a, &error));
  g_assert_no_error (error);

  g_clear_object (&a);
  test_rm_rf (dir);
}

/* B opened after the lock was deleted and holds the new one: A may not
 * write, even though nothing has changed on disk yet. */
static void
test_lock_removed_second_writer_holds (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(SessioVault) a = test_create_vault (dir, NULL);
  g_autoptr(SessioVault) b = NULL;
  g_autoptr(GError) error = NULL;

  test_add_base_rows (a);
  unlink_lock (dir);
  b = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);

  g_assert_true (sessio_vault_begin (a, &error));
  test_exec (a, "INSERT INTO setting (key, value) VALUES ('by a, refused', 1)");
  g_assert_false (sessio_vault_commit (a, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_IN_USE);
  g_clear_error (&error);
  /* Once fenced, always fenced in this open. */
  g_assert_true (sessio_vault_begin (a, &error));
  test_exec (a, "INSERT INTO setting (key, value) VALUES ('by a, refused too', 1)");
  g_assert_false (sessio_vault_commit (a, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_IN_USE);
  g_clear_error (&error);
  g_assert_true (sessio_vault_close (a, &error));
  g_clear_object (&a);

  test_add_session (b, 2, "by b");
  g_assert_true (sessio_vault_close (b, &error));
  g_assert_no_error (error);
  g_clear_object (&b);

  a = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (a, "SELECT count(*) FROM session WHERE id = 2"), ==, 1);
  g_assert_cmpint (test_query_int (a, "SELECT count(*) FROM setting WHERE key LIKE 'by a%'"), ==, 0);
  g_clear_object (&a);
  test_rm_rf (dir);
}

/* Nobody else came: a deleted lock, or one a sync client replaced with a
 * copy, is taken again at the next commit, and then keeps others out. */
static void
test_lock_removed_nobody_else (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *lock = vault_file (dir, "lock");
  g_autofree char *copy = vault_file (dir, "lock.synced");
  g_autoptr(SessioVault) a = test_create_vault (dir, NULL);
  g_autoptr(GError) error = NULL;

  test_add_base_rows (a);
  unlink_lock (dir);
  test_add_session (a, 1, "after the lock was deleted");
  g_assert_true (g_file_test (lock, G_FILE_TEST_IS_REGULAR));
  g_assert_null (sessio_vault_open (dir, TEST_PASSPHRASE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_IN_USE);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (copy, "", 0, NULL));
  g_assert_cmpint (g_rename (copy, lock), ==, 0);
  test_add_session (a, 2, "after the lock was replaced");
  g_assert_null (sessio_vault_open (dir, TEST_PASSPHRASE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_IN_USE);
  g_clear_error (&error);

  g_assert_true (sessio_vault_close (a, &error));
  g_assert_no_error (error);
  g_clear_object (&a);

  a = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (a, "SELECT count(*) FROM session"), ==, 2);
  g_clear_object (&a);
  test_rm_rf (dir);
}

static void
copy_folder (const char *from,
             const char *to)
{
  const char *names[] = { "vault.sessio", "journal.sessio", NULL };

  test_rm_rf (to);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *a = g_build_filename (from, names[i], NULL);
      g_autofree char *b = g_build_filename (to, names[i], NULL);

      test_copy_file (a, b);
    }
}

static GBytes *
file_bytes (const char *dir,
            const char *name)
{
  g_autofree char *path = vault_file (dir, name);
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);

  g_assert_nonnull (mapped);
  return g_mapped_file_get_bytes (mapped);
}

/* An older copy of the whole folder put back: nothing may be written to
 * it (a write would make it the newest, and the warning would be gone for
 * good) until the user accepts it, which the audit log records. */
static void
test_older_copy_is_read_only (void)
{
  g_autofree char *base = test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (base, "v", NULL);
  g_autofree char *old = g_build_filename (base, "old", NULL);
  g_autoptr(SessioVault) vault = test_create_vault (dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) snapshot = NULL;
  g_autoptr(GBytes) journal = NULL;
  g_autoptr(GBytes) after = NULL;

  test_add_base_rows (vault);
  g_clear_object (&vault);
  copy_folder (dir, old);

  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  test_add_session (vault, 1, "only in the newer copy");
  g_clear_object (&vault);
  copy_folder (old, dir);
  snapshot = file_bytes (dir, "vault.sessio");
  journal = file_bytes (dir, "journal.sessio");

  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (sessio_vault_get_rolled_back (vault));
  g_assert_false (sessio_vault_begin (vault, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_OLDER_COPY);
  g_clear_error (&error);
  g_assert_false (sessio_vault_fold (vault, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_OLDER_COPY);
  g_clear_error (&error);
  g_assert_false (sessio_vault_change_passphrase (vault, "violet harbour 47 lantern drift", NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_OLDER_COPY);
  g_clear_error (&error);
  g_assert_true (sessio_vault_close (vault, &error));
  g_assert_no_error (error);
  g_clear_object (&vault);

  /* Closing wrote nothing: the files are as put back. */
  after = file_bytes (dir, "vault.sessio");
  g_assert_true (g_bytes_equal (after, snapshot));
  g_clear_pointer (&after, g_bytes_unref);
  after = file_bytes (dir, "journal.sessio");
  g_assert_true (g_bytes_equal (after, journal));

  /* Still an older copy at the next open; accepting it is audited. */
  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (sessio_vault_get_rolled_back (vault));
  g_assert_true (sessio_vault_accept_rollback (vault, &error));
  g_assert_no_error (error);
  g_assert_false (sessio_vault_get_rolled_back (vault));
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM audit_log WHERE action = 'accept-older-copy'"),
                   ==, 1);
  test_add_session (vault, 2, "in the older copy, accepted");
  g_assert_true (sessio_vault_check (vault, &error));
  g_assert_no_error (error);
  g_clear_object (&vault);

  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_false (sessio_vault_get_rolled_back (vault));
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM session"), ==, 1);
  g_clear_object (&vault);
  test_rm_rf (base);
}

/* Commits @count sessions in a child that exits without closing: the
 * records stay in the journal, as after a crash. */
static void
commit_in_child (const char *dir,
                 int         first,
                 int         count)
{
  int status = 0;
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      SessioVault *child = sessio_vault_open (dir, TEST_PASSPHRASE, NULL);

      if (child == NULL)
        _exit (3);
      for (int i = first; i < first + count; i++)
        test_add_session (child, i, "in the journal");
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

/* Cuts the journal after its first @keep records (at a record boundary,
 * which looks exactly like a crash to the journal itself). */
static void
cut_journal (const char *dir,
             guint       keep)
{
  g_autofree char *path = vault_file (dir, "journal.sessio");
  g_autofree guint8 *data = NULL;
  gsize len, offset = SESSIO_JOURNAL_HEADER_SIZE;
  const guint8 *record;
  gsize record_len;

  g_assert_true (g_file_get_contents (path, (char **) &data, &len, NULL));
  for (guint i = 0; i < keep; i++)
    g_assert_cmpint (sessio_journal_next (data, len, &offset, &record, &record_len), ==,
                     SESSIO_JOURNAL_NEXT_RECORD);
  g_assert_true (g_file_set_contents (path, (char *) data, offset, NULL));
}

/* A journal cut at a record boundary: this computer remembers how many
 * records were committed, and reports the shorter journal as damage. */
static void
test_journal_cut (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *base = test_make_tmpdir ();
  g_autofree char *elsewhere = g_build_filename (base, "elsewhere", NULL);
  g_autofree char *copy = g_build_filename (base, "copy", NULL);
  g_autofree char *state = g_strdup (g_getenv ("XDG_STATE_HOME"));
  g_autoptr(SessioVault) vault = test_create_vault (dir, NULL);
  g_autoptr(GError) error = NULL;

  test_add_base_rows (vault);
  g_clear_object (&vault);
  commit_in_child (dir, 1, 3);
  cut_journal (dir, 1);

  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (sessio_vault_get_history_known (vault));
  g_assert_true (sessio_vault_get_journal_cut (vault));
  g_assert_true (sessio_vault_get_rolled_back (vault));
  g_assert_false (sessio_vault_check (vault, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
  g_clear_error (&error);
  /* Nothing is written to it either, so the next open says the same. */
  g_assert_false (sessio_vault_begin (vault, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_OLDER_COPY);
  g_clear_error (&error);
  g_clear_object (&vault);

  /* A copy on a computer that never saw this vault: nothing can be known. */
  copy_folder (dir, copy);
  g_setenv ("XDG_STATE_HOME", elsewhere, TRUE);
  vault = sessio_vault_open (copy, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_false (sessio_vault_get_history_known (vault));
  g_assert_false (sessio_vault_get_journal_cut (vault));
  g_assert_true (sessio_vault_check (vault, &error));
  g_assert_no_error (error);
  g_clear_object (&vault);
  g_setenv ("XDG_STATE_HOME", state, TRUE);

  /* Back here: accepting the vault as it is clears the report. */
  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (sessio_vault_get_journal_cut (vault));
  g_assert_true (sessio_vault_accept_rollback (vault, &error));
  g_assert_no_error (error);
  g_assert_true (sessio_vault_check (vault, &error));
  g_assert_no_error (error);
  g_clear_object (&vault);

  test_rm_rf (dir);
  test_rm_rf (base);
}

/* Commits after the last open are remembered too: a crash, then a cut of
 * only the last record, is noticed. */
static void
test_journal_cut_last_record (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(SessioVault) vault = test_create_vault (dir, NULL);
  g_autoptr(GError) error = NULL;

  test_add_base_rows (vault);
  g_clear_object (&vault);
  commit_in_child (dir, 1, 2);
  cut_journal (dir, 1);

  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessio_vault_get_journal_records (vault), ==, 1);
  g_assert_false (sessio_vault_check (vault, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
  g_clear_object (&vault);
  test_rm_rf (dir);
}

/* A machine too busy to run Argon2id within the target time: calibration
 * used to halve the memory down to 64 MiB and 2 passes, for good. */
static void
test_kdf_calibration_never_below_minimum (void)
{
  SessioVaultKdf kdf;

  if (!machine_has_minimum_memory ())
    {
      g_test_skip ("less than 1 GiB of memory");
      return;
    }
  /* Any real run takes longer than a microsecond: "too slow". */
  sessio_vault_kdf_calibrate (&kdf, 1e-6);
  g_assert_cmpuint (kdf.memlimit, >=, MINIMUM_MEMLIMIT);
  g_assert_cmpuint (kdf.opslimit, >=, MINIMUM_OPSLIMIT);
}

/* A vault with weak parameters (the floor, as a busy machine used to get)
 * is strengthened at the next unlock with its passphrase: the same data
 * key, rewrapped, so the recovery key still opens it. */
static void
test_kdf_strengthened_at_unlock (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *recovery = NULL;
  g_autofree char *hook = g_strdup (g_getenv ("SESSIO_TEST_KDF_FLOOR"));
  g_autoptr(SessioVault) vault = test_create_vault (dir, &recovery);
  g_autoptr(GError) error = NULL;
  const SessioVaultHeader *header;

  if (!machine_has_minimum_memory ())
    {
      g_test_skip ("less than 1 GiB of memory");
      return;
    }
  test_add_base_rows (vault);
  header = sessio_vault_get_header (vault);
  g_assert_cmpuint (header->kdf.memlimit, <, MINIMUM_MEMLIMIT);
  g_clear_object (&vault);

  /* The test hook keeps test vaults at the floor... */
  g_setenv ("SESSIO_TEST_KDF_FLOOR", "1", TRUE);
  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessio_vault_get_header (vault)->kdf.memlimit, <, MINIMUM_MEMLIMIT);
  g_clear_object (&vault);

  /* ...a real unlock raises them. */
  g_unsetenv ("SESSIO_TEST_KDF_FLOOR");
  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  header = sessio_vault_get_header (vault);
  g_assert_cmpuint (header->kdf.memlimit, >=, MINIMUM_MEMLIMIT);
  g_assert_cmpuint (header->kdf.opslimit, >=, MINIMUM_OPSLIMIT);
  g_clear_object (&vault);
  if (hook != NULL)
    g_setenv ("SESSIO_TEST_KDF_FLOOR", hook, TRUE);

  /* On disk, and the passphrase and the recovery key both still open it. */
  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessio_vault_get_header (vault)->kdf.memlimit, >=, MINIMUM_MEMLIMIT);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM patient"), ==, 1);
  g_clear_object (&vault);
  vault = sessio_vault_open_with_recovery_key (dir, recovery, &error);
  g_assert_no_error (error);
  g_clear_object (&vault);
  test_rm_rf (dir);
}

/* A passphrase change replaces the data key: the old passphrase with an
 * older copy of vault.sessio gives the old data key, which must not open
 * the vault any more; the recovery key keeps working. */
static void
test_passphrase_change_rotates_data_key (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *recovery = NULL;
  g_autoptr(SessioVault) vault = test_create_vault (dir, &recovery);
  g_autoptr(GError) error = NULL;
  SessioVaultKdf kdf;
  guint8 *old_key;

  test_add_base_rows (vault);
  old_key = sessio_key_dup (sessio_vault_get_data_key (vault));
  sessio_vault_kdf_floor (&kdf);
  g_assert_true (sessio_vault_change_passphrase (vault, "violet harbour 47 lantern drift", &kdf, &error));
  g_assert_no_error (error);
  g_assert_false (sodium_memcmp (old_key, sessio_vault_get_data_key (vault), SESSIO_KEY_BYTES) == 0);
  /* Commits go on under the new key. */
  test_add_session (vault, 1, "after the passphrase change");
  g_clear_object (&vault);

  /* What the old passphrase unwraps from an older copy opens nothing now. */
  g_assert_null (sessio_vault_open_with_data_key (dir, old_key, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_null (sessio_vault_open (dir, TEST_PASSPHRASE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  vault = sessio_vault_open (dir, "violet harbour 47 lantern drift", &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM session"), ==, 1);
  g_clear_object (&vault);

  /* The recovery key opens the sealed wrap, and recovery rotates again. */
  vault = sessio_vault_open_with_recovery_key (dir, recovery, &error);
  g_assert_no_error (error);
  g_assert_true (sessio_vault_can_rotate_data_key (vault));
  g_assert_true (sessio_vault_change_passphrase (vault, "amber meadow 82 copper lantern", &kdf, &error));
  g_assert_no_error (error);
  g_assert_true (sessio_vault_check (vault, &error));
  g_assert_no_error (error);
  g_clear_object (&vault);
  vault = sessio_vault_open_with_recovery_key (dir, recovery, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM session"), ==, 1);
  g_clear_object (&vault);

  /* A mistyped-but-valid other recovery key opens neither kind of wrap. */
  {
    guint8 *other = sessio_key_new_random ();
    char *text = sessio_recovery_key_format (other);

    g_assert_null (sessio_vault_open_with_recovery_key (dir, text, &error));
    g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_WRONG_PASSPHRASE);
    g_clear_error (&error);
    sessio_key_free_text (text);
    sessio_key_free (other);
  }

  sessio_key_free (old_key);
  test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  test_init (&argc, &argv);

  g_test_add_func ("/vault-misuse/lock-removed/second-writer-folds", test_lock_removed_second_writer_folds);
  g_test_add_func ("/vault-misuse/lock-removed/second-writer-crashes", test_lock_removed_second_writer_crashes);
  g_test_add_func ("/vault-misuse/lock-removed/second-writer-holds", test_lock_removed_second_writer_holds);
  g_test_add_func ("/vault-misuse/lock-removed/nobody-else", test_lock_removed_nobody_else);

  g_test_add_func ("/vault-misuse/older-copy/read-only", test_older_copy_is_read_only);

  g_test_add_func ("/vault-misuse/journal-cut/reported", test_journal_cut);
  g_test_add_func ("/vault-misuse/journal-cut/last-record", test_journal_cut_last_record);

  g_test_add_func ("/vault-misuse/kdf/calibration-minimum", test_kdf_calibration_never_below_minimum);
  g_test_add_func ("/vault-misuse/kdf/strengthened-at-unlock", test_kdf_strengthened_at_unlock);

  g_test_add_func ("/vault-misuse/passphrase-change/rotates-data-key", test_passphrase_change_rotates_data_key);

  return g_test_run ();
}
