/* test-vault-stress.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The single-byte tamper sweep, kept as a long-running check (meson test
 * --suite stress): every byte of a small vault, snapshot and journal, is
 * flipped in turn (one bit, a different one for each byte), and every
 * open must then fail as DAMAGED.  The passphrase KDF is skipped
 * (sessio_vault_open_with_data_key()): the header's unkeyed checksum
 * precedes it, so no byte depends on it, and a quarter of a million opens
 * at 70 ms of Argon2id each would take hours.  The kill -9 durability
 * check is test-vault-durability (suite "stress" too).
 *
 * SESSIO_SWEEP_STRIDE=N flips every Nth byte only (default 1: all).
 */

#include "config.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sessio-journal.h"
#include "sessio-vault-private.h"
#include "vault-test-util.h"

/* Commits @count sessions in a child that exits without closing, so that
 * the journal holds records at rest. */
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
        test_add_session (child, i, "a note of a few words");
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

/* Flips one bit of every @stride-th byte of @name in place, opens, puts
 * the byte back.  Returns how many bytes were tried. */
static guint
sweep_file (const char   *dir,
            const char   *name,
            const guint8 *data_key,
            guint         stride)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree guint8 *orig = NULL;
  gsize len;
  guint tried = 0;
  int fd;

  g_assert_true (g_file_get_contents (path, (char **) &orig, &len, NULL));
  fd = open (path, O_WRONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);

  for (gsize i = 0; i < len; i += stride)
    {
      g_autoptr(GError) error = NULL;
      guint8 flipped = orig[i] ^ (guint8) (1u << (i % 8));
      SessioVault *vault;

      g_assert_cmpint (pwrite (fd, &flipped, 1, (off_t) i), ==, 1);
      vault = sessio_vault_open_with_data_key (dir, data_key, &error);
      if (vault != NULL)
        g_error ("bit %u of byte %" G_GSIZE_FORMAT " of %s flipped: the vault opened",
                 (guint) (i % 8), i, name);
      if (!g_error_matches (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED))
        g_error ("bit %u of byte %" G_GSIZE_FORMAT " of %s flipped: %s",
                 (guint) (i % 8), i, name, error->message);
      g_assert_cmpint (pwrite (fd, &orig[i], 1, (off_t) i), ==, 1);
      tried++;
    }
  close (fd);
  return tried;
}

static void
test_byte_sweep (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *journal = g_build_filename (dir, "journal.sessio", NULL);
  g_autofree guint8 *data = NULL;
  g_autoptr(SessioVault) vault = test_create_vault (dir, NULL);
  const char *env = g_getenv ("SESSIO_SWEEP_STRIDE");
  guint stride = env != NULL ? (guint) MAX (1, g_ascii_strtoull (env, NULL, 10)) : 1;
  gsize len, offset = SESSIO_JOURNAL_HEADER_SIZE;
  const guint8 *record;
  gsize record_len;
  guint8 *data_key;
  guint n_snapshot, n_journal, n_records = 0;

  /* A small vault: the schema, a few rows folded into the snapshot, and
   * records left in the journal (as after a crash), its zeros cut off. */
  test_add_base_rows (vault);
  for (int i = 1; i <= 3; i++)
    test_add_session (vault, i, "folded");
  data_key = sessio_key_dup (sessio_vault_get_data_key (vault));
  g_clear_object (&vault);
  commit_in_child (dir, 4, 3);
  g_assert_true (g_file_get_contents (journal, (char **) &data, &len, NULL));
  while (sessio_journal_next (data, len, &offset, &record, &record_len) == SESSIO_JOURNAL_NEXT_RECORD)
    n_records++;
  g_assert_cmpuint (n_records, ==, 3);
  g_assert_true (g_file_set_contents (journal, (char *) data, (gssize) offset, NULL));

  n_snapshot = sweep_file (dir, "vault.sessio", data_key, stride);
  n_journal = sweep_file (dir, "journal.sessio", data_key, stride);
  g_test_message ("byte sweep: %u bytes of vault.sessio and %u of journal.sessio (%u records) flipped "
                  "one at a time (stride %u), every open refused as damaged",
                  n_snapshot, n_journal, n_records, stride);

  /* Put back, the vault opens with everything in it. */
  vault = sessio_vault_open_with_data_key (dir, data_key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM session"), ==, 6);
  g_assert_true (sessio_vault_check (vault, &error));
  g_assert_no_error (error);

  g_clear_object (&vault);
  sessio_key_free (data_key);
  test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  test_init (&argc, &argv);

  g_test_add_func ("/vault-stress/byte-sweep", test_byte_sweep);

  return g_test_run ();
}
