/* test-vault-durability.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Kill -9 at random moments.  A writer process commits a stream of
 * sessions (folding often, so that kills also land inside folds) and
 * reports each acknowledged commit on a pipe; it is SIGKILLed after a
 * random delay, over and over.  After every kill the vault must open,
 * PRAGMA integrity_check must say ok, and every acknowledged commit must
 * be there with the right content.
 *
 * SESSIO_DURABILITY_ROUNDS overrides the number of rounds (default 200).
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vault-test-util.h"

static void
write_full (int         fd,
            const void *data,
            gsize       len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        _exit (4);
      data = (const guint8 *) data + n;
      len -= (gsize) n;
    }
}

/* The writer: never returns. */
G_GNUC_NORETURN static void
writer (const char *dir,
        int         report_fd)
{
  g_autoptr(GError) error = NULL;
  SessioVault *vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  gint64 id;

  if (vault == NULL)
    _exit (3);

  /* Tell the parent the unlock is done (id 0). */
  id = 0;
  write_full (report_fd, &id, sizeof id);

  /* A small threshold: a fold every few dozen commits. */
  sessio_vault_set_fold_threshold (vault, 6 * 1024);
  id = test_query_int (vault, "SELECT coalesce(max(id), 0) FROM session") + 1;

  for (;; id++)
    {
      g_autofree char *note = g_strdup_printf ("session %" G_GINT64_FORMAT " %s", id,
                                               "with a note of about a hundred bytes, like a real one would be.");
      sqlite3_stmt *stmt = NULL;

      if (!sessio_vault_begin (vault, NULL))
        _exit (5);
      sqlite3_prepare_v2 (sessio_vault_get_db (vault),
                          "INSERT INTO session (id, engagement_id, trajectory_id, starts_at, care_type,"
                          " setting, notes) VALUES (?, 1, 1, '2025-03-01T09:00', 'support', 'individual', ?)",
                          -1, &stmt, NULL);
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, note, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        _exit (6);
      sqlite3_finalize (stmt);
      /* Every third transaction also updates an older row, so replay
       * exercises updates, not only inserts. */
      if (id % 3 == 0)
        {
          g_autofree char *sql = g_strdup_printf ("UPDATE session SET duration_min = duration_min + 1"
                                                  " WHERE id = %" G_GINT64_FORMAT, id / 2);
          if (sqlite3_exec (sessio_vault_get_db (vault), sql, NULL, NULL, NULL) != SQLITE_OK)
            _exit (7);
        }
      if (!sessio_vault_commit (vault, NULL))
        _exit (8);

      write_full (report_fd, &id, sizeof id);
    }
}

static SessioVault *
open_and_check (const char *dir,
                GArray     *acked,
                guint       round)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *integrity = NULL;
  sqlite3_stmt *stmt = NULL;
  SessioVault *vault;

  /* The vault opens, is sound, and has every acknowledged commit. */
  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  if (vault == NULL)
    g_error ("round %u: %s", round, error->message);
  integrity = test_query_text (vault, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");

  g_assert_cmpint (sqlite3_prepare_v2 (sessio_vault_get_db (vault),
                                       "SELECT notes FROM session WHERE id = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < acked->len; i++)
    {
      gint64 want = g_array_index (acked, gint64, i);
      g_autofree char *prefix = g_strdup_printf ("session %" G_GINT64_FORMAT " ", want);

      sqlite3_bind_int64 (stmt, 1, want);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        g_error ("round %u: acknowledged commit %" G_GINT64_FORMAT " is missing", round, want);
      g_assert_true (g_str_has_prefix ((const char *) sqlite3_column_text (stmt, 0), prefix));
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  g_assert_true (sessio_vault_check (vault, &error));
  g_assert_no_error (error);
  return vault;
}

static void
verify (const char *dir,
        GArray     *acked,
        guint       round)
{
  g_autoptr(GError) error = NULL;
  SessioVault *vault = open_and_check (dir, acked, round);

  g_assert_true (sessio_vault_close (vault, &error));
  g_assert_no_error (error);
  g_object_unref (vault);
}

G_GNUC_NORETURN static void
verify_and_leave (const char *dir,
                  GArray     *acked,
                  guint       round)
{
  open_and_check (dir, acked, round);
  _exit (0);
}

static void
test_kill_nine (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(SessioVault) vault = test_create_vault (dir, NULL);
  g_autoptr(GArray) acked = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *env = g_getenv ("SESSIO_DURABILITY_ROUNDS");
  guint rounds = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 200;
  GRand *rand = g_rand_new ();
  guint kills_during_open = 0;
  guint kills_during_fold = 0;

  test_add_base_rows (vault);
  g_clear_object (&vault);

  for (guint round = 0; round < rounds; round++)
    {
      int fds[2];
      pid_t pid;
      int status = 0;
      gint64 id;
      ssize_t n;
      guint before = acked->len;
      /* Mostly while committing (a random time after the writer says it
       * is unlocked), sometimes during the unlock itself. */
      gboolean during_open = g_rand_int_range (rand, 0, 8) == 0;
      guint delay_ms = during_open ? g_rand_int_range (rand, 0, 100) : g_rand_int_range (rand, 0, 60);

      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          writer (dir, fds[1]);
        }
      close (fds[1]);

      if (!during_open)
        {
          n = read (fds[0], &id, sizeof id);
          g_assert_cmpint (n, ==, sizeof id);
          g_assert_cmpint (id, ==, 0);
        }
      g_usleep (delay_ms * 1000);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      /* Killed, not exited with an error of its own. */
      if (!WIFSIGNALED (status))
        g_error ("round %u: the writer exited with %d", round, WEXITSTATUS (status));

      while ((n = read (fds[0], &id, sizeof id)) == sizeof id)
        if (id != 0)
          g_array_append_val (acked, id);
      g_assert_cmpint (n, ==, 0);
      close (fds[0]);
      if (acked->len == before)
        kills_during_open++;
      /* Evidence that kills also land inside folds. */
      {
        g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
        const char *name;

        while ((name = g_dir_read_name (d)) != NULL)
          if (g_str_has_suffix (name, ".tmp"))
            {
              kills_during_fold++;
              break;
            }
      }

      /* Mostly verify in a child that leaves without closing, so the
       * journal keeps growing across rounds as it would across crashes;
       * now and then verify here and close cleanly (a fold). */
      if (round % 10 == 9)
        {
          verify (dir, acked, round);
          continue;
        }

      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          verify_and_leave (dir, acked, round);
        }
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
        g_error ("round %u: verification failed", round);
    }

  g_test_message ("%u rounds, %u commits acknowledged, %u kills before the first commit,"
                  " %u kills during a fold", rounds, acked->len, kills_during_open, kills_during_fold);
  g_assert_cmpuint (acked->len, >, 0);
  g_rand_free (rand);
  test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  test_init (&argc, &argv);

  g_test_add_func ("/vault-durability/kill-nine", test_kill_nine);

  return g_test_run ();
}
