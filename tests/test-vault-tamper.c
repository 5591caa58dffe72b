/* test-vault-tamper.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every modification of a vault at rest must be refused as DAMAGED: each
 * byte of the snapshot header, a sample of the rest of every file,
 * truncation, and an older copy of one file put back.  Never a crash,
 * never wrong data.  An older copy of the whole vault opens, with the
 * rolled-back warning.
 */

#include "config.h"

#include <sys/wait.h>
#include <unistd.h>

#include "sessio-journal.h"
#include "sessio-vault-header.h"
#include "vault-test-util.h"

#define N_SESSIONS_FOLDED   8
#define N_SESSIONS_JOURNAL  6

static char *pristine;   /* a vault with a snapshot and a journal of records */

/* Opens and commits in a child that exits without closing, so the
 * records stay in the journal. */
static void
commit_in_child (const char *dir,
                 int         first,
                 int         count)
{
  pid_t pid = fork ();
  int status = 0;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      SessioVault *child = sessio_vault_open (dir, TEST_PASSPHRASE, NULL);

      if (child == NULL)
        _exit (3);
      for (int i = first; i < first + count; i++)
        {
          g_autofree char *note = g_strdup_printf ("note %d", i);
          test_add_session (child, i, note);
        }
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
}

static void
copy_dir (const char *from,
          const char *to)
{
  g_autoptr(GDir) d = g_dir_open (from, 0, NULL);
  const char *name;

  test_rm_rf (to);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *a = g_build_filename (from, name, NULL);
      g_autofree char *b = g_build_filename (to, name, NULL);

      test_copy_file (a, b);
    }
}

static GBytes *
read_bytes (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_bytes_new_take (data, len);
}

static void
write_bytes (const char   *dir,
             const char   *name,
             const guint8 *data,
             gsize         len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, (const char *) data, len, NULL));
}

/* The data a successful open may show: exactly the pristine rows, or
 * (after a journal cut) a prefix of the journaled sessions. */
static void
assert_sound (SessioVault *vault,
              int          min_sessions)
{
  g_autoptr(GError) error = NULL;
  gint64 n = test_query_int (vault, "SELECT count(*) FROM session");

  g_assert_cmpint (n, >=, min_sessions);
  g_assert_cmpint (n, <=, N_SESSIONS_FOLDED + N_SESSIONS_JOURNAL);
  g_assert_cmpint (test_query_int (vault, "SELECT max(id) FROM session"), ==, n);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM session WHERE notes = 'note ' || id"), ==, n);
  g_assert_true (sessio_vault_check (vault, &error));
  g_assert_no_error (error);
}

/* Writes @data as file @name of a fresh copy of the pristine vault and
 * expects the open to fail as DAMAGED. */
static void
expect_damaged (const char   *name,
                const guint8 *data,
                gsize         len,
                const char   *what,
                gsize         offset)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *work = g_build_filename (g_get_tmp_dir (), "sessio-tamper-work", NULL);
  g_autofree char *work_dir = NULL;
  SessioVault *vault;

  work_dir = g_strdup_printf ("%s-%d", work, (int) getpid ());
  copy_dir (pristine, work_dir);
  write_bytes (work_dir, name, data, len);

  vault = sessio_vault_open (work_dir, TEST_PASSPHRASE, &error);
  if (vault != NULL)
    g_error ("%s at %" G_GSIZE_FORMAT " of %s: the vault opened", what, offset, name);
  if (!g_error_matches (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED))
    g_error ("%s at %" G_GSIZE_FORMAT " of %s: %s", what, offset, name, error->message);

  test_rm_rf (work_dir);
}

/* Where the records end and the writer's zeros begin. */
static gsize
records_end (const guint8 *data,
             gsize         len)
{
  gsize offset = SESSIO_JOURNAL_HEADER_SIZE;
  const guint8 *record;
  gsize record_len;

  while (sessio_journal_next (data, len, &offset, &record, &record_len) == SESSIO_JOURNAL_NEXT_RECORD)
    ;
  return offset;
}

static void
test_snapshot_header_bytes (void)
{
  g_autoptr(GBytes) file = read_bytes (pristine, "vault.sessio");
  gsize len;
  const guint8 *orig = g_bytes_get_data (file, &len);
  g_autofree guint8 *data = g_memdup2 (orig, len);

  /* Each single byte, two ways (low bit, high bit). */
  for (gsize i = 0; i < SESSIO_VAULT_HEADER_SIZE; i++)
    for (guint8 mask = 0x01; mask != 0; mask = mask == 0x01 ? 0x80 : 0)
      {
        data[i] ^= mask;
        expect_damaged ("vault.sessio", data, len, "flip", i);
        data[i] ^= mask;
      }
}

static void
test_snapshot_body_bytes (void)
{
  g_autoptr(GBytes) file = read_bytes (pristine, "vault.sessio");
  gsize len;
  const guint8 *orig = g_bytes_get_data (file, &len);
  g_autofree guint8 *data = g_memdup2 (orig, len);
  GRand *rand = g_rand_new_with_seed (3);

  for (int n = 0; n < 40; n++)
    {
      gsize i = n == 0 ? SESSIO_VAULT_HEADER_SIZE : n == 1 ? len - 1 :
                (gsize) g_rand_int_range (rand, SESSIO_VAULT_HEADER_SIZE, (gint32) len);

      data[i] ^= 1u << g_rand_int_range (rand, 0, 8);
      expect_damaged ("vault.sessio", data, len, "flip", i);
      memcpy (data, orig, len);
    }
  g_rand_free (rand);
}

static void
test_journal_bytes (void)
{
  g_autoptr(GBytes) file = read_bytes (pristine, "journal.sessio");
  gsize len;
  const guint8 *orig = g_bytes_get_data (file, &len);
  g_autofree guint8 *data = g_memdup2 (orig, len);
  GRand *rand = g_rand_new_with_seed (4);

  gsize end = records_end (orig, len);

  g_assert_cmpuint (end, >, SESSIO_JOURNAL_HEADER_SIZE + N_SESSIONS_JOURNAL * 40);

  /* Every byte of the journal's own header... */
  for (gsize i = 0; i < SESSIO_JOURNAL_HEADER_SIZE; i++)
    {
      data[i] ^= 0x01;
      expect_damaged ("journal.sessio", data, len, "flip", i);
      data[i] ^= 0x01;
    }

  /* ...a sample of the records, the last byte of the last one included,
   * and of the zeros after them. */
  for (int n = 0; n < 50; n++)
    {
      gsize i = n == 0 ? end - 1 :
                n < 40 ? (gsize) g_rand_int_range (rand, SESSIO_JOURNAL_HEADER_SIZE, (gint32) end) :
                n == 40 ? len - 1 : (gsize) g_rand_int_range (rand, (gint32) end, (gint32) len);

      data[i] ^= 1u << g_rand_int_range (rand, 0, 8);
      expect_damaged ("journal.sessio", data, len, "flip", i);
      memcpy (data, orig, len);
    }
  g_rand_free (rand);
}

/* Records swapped, dropped from the middle or duplicated. */
static void
test_journal_records_moved (void)
{
  g_autoptr(GBytes) file = read_bytes (pristine, "journal.sessio");
  gsize len, offset = SESSIO_JOURNAL_HEADER_SIZE;
  const guint8 *data = g_bytes_get_data (file, &len);
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  const guint8 *record;
  gsize record_len;
  g_autoptr(GByteArray) out = NULL;
  gsize a, b, c;

  g_array_append_val (starts, offset);
  while (sessio_journal_next (data, len, &offset, &record, &record_len) == SESSIO_JOURNAL_NEXT_RECORD)
    g_array_append_val (starts, offset);
  g_assert_cmpuint (starts->len, ==, N_SESSIONS_JOURNAL + 1);
  a = g_array_index (starts, gsize, 1);
  b = g_array_index (starts, gsize, 2);
  c = g_array_index (starts, gsize, 3);

  /* Drop record 1. */
  out = g_byte_array_new ();
  g_byte_array_append (out, data, a);
  g_byte_array_append (out, data + b, len - b);
  expect_damaged ("journal.sessio", out->data, out->len, "drop", a);
  g_byte_array_unref (out);

  /* Swap records 1 and 2. */
  out = g_byte_array_new ();
  g_byte_array_append (out, data, a);
  g_byte_array_append (out, data + b, c - b);
  g_byte_array_append (out, data + a, b - a);
  g_byte_array_append (out, data + c, len - c);
  expect_damaged ("journal.sessio", out->data, out->len, "swap", a);
  g_byte_array_unref (out);

  /* Replay record 1 twice. */
  out = g_byte_array_new ();
  g_byte_array_append (out, data, b);
  g_byte_array_append (out, data + a, len - a);
  expect_damaged ("journal.sessio", out->data, out->len, "duplicate", a);
  g_clear_pointer (&out, g_byte_array_unref);

  g_array_unref (starts);
}

static void
test_truncation (void)
{
  g_autoptr(GBytes) snapshot = read_bytes (pristine, "vault.sessio");
  g_autoptr(GBytes) journal = read_bytes (pristine, "journal.sessio");
  gsize slen, jlen;
  const guint8 *sdata = g_bytes_get_data (snapshot, &slen);
  const guint8 *jdata = g_bytes_get_data (journal, &jlen);
  gsize cuts[] = { 0, 1, 8, 16, 100, 255, 256, 287, 288, 289, 1000, 0, 0 };

  cuts[G_N_ELEMENTS (cuts) - 2] = slen / 2;
  cuts[G_N_ELEMENTS (cuts) - 1] = slen - 1;
  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    expect_damaged ("vault.sessio", sdata, cuts[i], "truncate", cuts[i]);

  /* Appended bytes are damage too. */
  {
    g_autofree guint8 *longer = g_malloc0 (slen + 16);
    memcpy (longer, sdata, slen);
    expect_damaged ("vault.sessio", longer, slen + 16, "append", slen);
  }

  for (gsize cut = 0; cut < SESSIO_JOURNAL_HEADER_SIZE; cut += 7)
    expect_damaged ("journal.sessio", jdata, cut, "truncate", cut);

  /* A journal cut inside its records is what a crash while appending
   * leaves (the torn tail is dropped): it opens with a prefix of the
   * commits, never with wrong data. */
  for (gsize cut = SESSIO_JOURNAL_HEADER_SIZE; cut < records_end (jdata, jlen) + 100; cut += 37)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *work_dir = g_strdup_printf ("%s/sessio-trunc-%d", g_get_tmp_dir (), (int) getpid ());
      g_autofree char *state = test_make_tmpdir ();
      SessioVault *vault;

      /* As on a computer that never saw the vault: with this one's memory
       * of how many records were committed, a cut is reported instead
       * (tests/test-vault-misuse.c). */
      g_setenv ("XDG_STATE_HOME", state, TRUE);
      copy_dir (pristine, work_dir);
      write_bytes (work_dir, "journal.sessio", jdata, cut);
      vault = sessio_vault_open (work_dir, TEST_PASSPHRASE, &error);
      g_assert_no_error (error);
      assert_sound (vault, N_SESSIONS_FOLDED);
      g_object_unref (vault);
      test_rm_rf (work_dir);
      test_rm_rf (state);
    }
}

/* A crash in the middle of writing the last record leaves its start and
 * the zeros that were there before: dropped as torn.  Anything else in a
 * record is damage. */
static void
test_torn_last_record (void)
{
  g_autoptr(GBytes) journal = read_bytes (pristine, "journal.sessio");
  gsize len;
  const guint8 *orig = g_bytes_get_data (journal, &len);
  g_autofree guint8 *data = g_memdup2 (orig, len);
  gsize end = records_end (orig, len);
  gsize last = SESSIO_JOURNAL_HEADER_SIZE, offset = SESSIO_JOURNAL_HEADER_SIZE;
  const guint8 *record;
  gsize record_len;

  while (sessio_journal_next (orig, len, &offset, &record, &record_len) == SESSIO_JOURNAL_NEXT_RECORD)
    if (offset < end)
      last = offset;

  /* The last record's second half never reached the disk.  At least the
   * 8 bytes sessio_journal_is_torn() looks for are missing: fewer would
   * be indistinguishable from damage by design (the step used to land
   * there by chance when a record's length changed, schema v3). */
  for (gsize keep = 1; keep + 8 <= end - last; keep += (end - last) / 5)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *work_dir = g_strdup_printf ("%s/sessio-torn-%d", g_get_tmp_dir (), (int) getpid ());
      SessioVault *vault;

      g_autofree char *state = test_make_tmpdir ();

      /* Every copy of the pristine vault is the same vault: after one is
       * closed (a fold), the next would be an older copy, which refuses
       * writes.  A fresh memory of generations for each. */
      g_setenv ("XDG_STATE_HOME", state, TRUE);
      memcpy (data, orig, len);
      memset (data + last + keep, 0, end - last - keep);
      copy_dir (pristine, work_dir);
      write_bytes (work_dir, "journal.sessio", data, len);
      vault = sessio_vault_open (work_dir, TEST_PASSPHRASE, &error);
      g_assert_no_error (error);
      g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM session"), ==,
                       N_SESSIONS_FOLDED + N_SESSIONS_JOURNAL - 1);
      assert_sound (vault, N_SESSIONS_FOLDED + N_SESSIONS_JOURNAL - 1);
      /* And the next commit lands where the torn record was. */
      test_add_session (vault, N_SESSIONS_FOLDED + N_SESSIONS_JOURNAL, "note 14");
      g_object_unref (vault);
      vault = sessio_vault_open (work_dir, TEST_PASSPHRASE, &error);
      g_assert_no_error (error);
      assert_sound (vault, N_SESSIONS_FOLDED + N_SESSIONS_JOURNAL);
      g_object_unref (vault);
      test_rm_rf (work_dir);
      test_rm_rf (state);
    }

  /* Zeros in the middle of the last record, its tag intact: damage. */
  memcpy (data, orig, len);
  memset (data + last + 40, 0, 8);
  expect_damaged ("journal.sessio", data, len, "zeros", last + 40);

  /* The same zeros in a record that is not the last: damage. */
  memcpy (data, orig, len);
  memset (data + SESSIO_JOURNAL_HEADER_SIZE + 40, 0, end - SESSIO_JOURNAL_HEADER_SIZE - 40 - 100);
  expect_damaged ("journal.sessio", data, len, "zeros", SESSIO_JOURNAL_HEADER_SIZE + 40);
}

/* Older copies of one file, and files of another vault. */
static void
test_old_file_put_back (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (base, "v", NULL);
  g_autofree char *other = g_build_filename (base, "other", NULL);
  g_autoptr(GBytes) snapshot0 = NULL;
  g_autoptr(GBytes) journal0 = NULL;
  g_autoptr(GBytes) snapshot1 = NULL;
  g_autoptr(GBytes) journal1 = NULL;
  g_autoptr(GBytes) other_journal = NULL;
  g_autoptr(GBytes) other_snapshot = NULL;
  g_autoptr(SessioVault) vault = NULL;

  copy_dir (pristine, dir);
  snapshot0 = read_bytes (dir, "vault.sessio");
  journal0 = read_bytes (dir, "journal.sessio");

  /* Fold (generation + 1) and commit more. */
  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (sessio_vault_fold (vault, &error));
  g_clear_object (&vault);
  commit_in_child (dir, N_SESSIONS_FOLDED + N_SESSIONS_JOURNAL + 1, 2);
  snapshot1 = read_bytes (dir, "vault.sessio");
  journal1 = read_bytes (dir, "journal.sessio");

  /* An older snapshot with the current journal. */
  write_bytes (dir, "vault.sessio", g_bytes_get_data (snapshot0, NULL), g_bytes_get_size (snapshot0));
  g_assert_null (sessio_vault_open (dir, TEST_PASSPHRASE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
  g_clear_error (&error);
  write_bytes (dir, "vault.sessio", g_bytes_get_data (snapshot1, NULL), g_bytes_get_size (snapshot1));

  /* An older journal (of the previous generation, shorter than what the
   * snapshot says it folded) with the current snapshot. */
  {
    gsize len;
    const guint8 *data = g_bytes_get_data (journal0, &len);
    gsize offset = SESSIO_JOURNAL_HEADER_SIZE;
    const guint8 *record;
    gsize record_len;

    sessio_journal_next (data, len, &offset, &record, &record_len);
    write_bytes (dir, "journal.sessio", data, offset);
    g_assert_null (sessio_vault_open (dir, TEST_PASSPHRASE, &error));
    g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
    g_clear_error (&error);
  }

  /* Two generations apart. */
  vault = NULL;
  write_bytes (dir, "journal.sessio", g_bytes_get_data (journal1, NULL), g_bytes_get_size (journal1));
  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (sessio_vault_fold (vault, &error));
  g_clear_object (&vault);
  write_bytes (dir, "journal.sessio", g_bytes_get_data (journal0, NULL), g_bytes_get_size (journal0));
  g_assert_null (sessio_vault_open (dir, TEST_PASSPHRASE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
  g_clear_error (&error);
  test_rm_rf (dir);

  /* Files of another vault with the same passphrase. */
  copy_dir (pristine, dir);
  vault = test_create_vault (other, NULL);
  g_clear_object (&vault);
  commit_in_child (other, 1, 0);
  other_journal = read_bytes (other, "journal.sessio");
  other_snapshot = read_bytes (other, "vault.sessio");
  write_bytes (dir, "journal.sessio", g_bytes_get_data (other_journal, NULL), g_bytes_get_size (other_journal));
  g_assert_null (sessio_vault_open (dir, TEST_PASSPHRASE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
  g_clear_error (&error);
  copy_dir (pristine, dir);
  write_bytes (dir, "vault.sessio", g_bytes_get_data (other_snapshot, NULL), g_bytes_get_size (other_snapshot));
  g_assert_null (sessio_vault_open (dir, TEST_PASSPHRASE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);

  test_rm_rf (base);
}

/* Putting back an older copy of the whole folder cannot be told from the
 * vault alone; the generations remembered outside it give the warning. */
static void
test_whole_vault_put_back (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (base, "v", NULL);
  g_autofree char *old = g_build_filename (base, "old", NULL);
  g_autoptr(SessioVault) vault = NULL;
  g_autofree char *state = test_make_tmpdir ();

  /* Other tests here opened copies of the same vault: start afresh. */
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  copy_dir (pristine, dir);
  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_false (sessio_vault_get_rolled_back (vault));
  g_clear_object (&vault);
  copy_dir (dir, old);

  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  test_add_session (vault, N_SESSIONS_FOLDED + N_SESSIONS_JOURNAL + 1, "later");
  g_clear_object (&vault);

  copy_dir (old, dir);
  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (sessio_vault_get_rolled_back (vault));
  assert_sound (vault, N_SESSIONS_FOLDED + N_SESSIONS_JOURNAL);
  g_clear_object (&vault);

  /* Still warned at the next unlock, until the user accepts this copy. */
  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (sessio_vault_get_rolled_back (vault));
  g_assert_true (sessio_vault_accept_rollback (vault, &error));
  g_assert_no_error (error);
  g_assert_false (sessio_vault_get_rolled_back (vault));
  g_clear_object (&vault);
  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_false (sessio_vault_get_rolled_back (vault));

  g_clear_object (&vault);
  test_rm_rf (base);
  test_rm_rf (state);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SessioVault) vault = NULL;
  int status;

  test_init (&argc, &argv);

  pristine = test_make_tmpdir ();
  vault = test_create_vault (pristine, NULL);
  test_add_base_rows (vault);
  for (int i = 1; i <= N_SESSIONS_FOLDED; i++)
    {
      g_autofree char *note = g_strdup_printf ("note %d", i);
      test_add_session (vault, i, note);
    }
  g_clear_object (&vault);
  commit_in_child (pristine, N_SESSIONS_FOLDED + 1, N_SESSIONS_JOURNAL);
  {
    g_autofree char *lock = g_build_filename (pristine, "lock", NULL);
    g_unlink (lock);
  }

  g_test_add_func ("/vault-tamper/snapshot-header-bytes", test_snapshot_header_bytes);
  g_test_add_func ("/vault-tamper/snapshot-body-bytes", test_snapshot_body_bytes);
  g_test_add_func ("/vault-tamper/journal-bytes", test_journal_bytes);
  g_test_add_func ("/vault-tamper/journal-records-moved", test_journal_records_moved);
  g_test_add_func ("/vault-tamper/truncation", test_truncation);
  g_test_add_func ("/vault-tamper/torn-last-record", test_torn_last_record);
  g_test_add_func ("/vault-tamper/old-file-put-back", test_old_file_put_back);
  g_test_add_func ("/vault-tamper/whole-vault-put-back", test_whole_vault_put_back);

  status = g_test_run ();
  test_rm_rf (pristine);
  g_free (pristine);
  return status;
}
