/* test-vault-plaintext.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No plaintext reaches the disk: rows full of canary strings are written,
 * journaled, folded and the vault locked; then every byte of every file in
 * the vault folder, in the remembered-generations folder and in a private
 * TMPDIR is searched for the canaries in UTF-8, UTF-16LE/BE and hex.
 */

#include "config.h"

#include <sys/wait.h>
#include <unistd.h>

#include "plaintext-scan.h"
#include "vault-test-util.h"

static const char *const canaries[] = {
  "KANARIE-NAAM-Q7X2",
  "KANARIE-NOTITIE-W9P4",
  "KANARIE-SCHOOL-Z3M8",
  "KANARIE-VOOGD-H5T1",
  "KANARIE-BILAN-R2D6",
  "85073100123",           /* an INSZ-shaped number */
  NULL,
};

static guint hits;

/* Every file under @path, every canary, every encoding (plaintext-scan.h):
 * adds the findings to @hits, returns the number of files read. */
static guint
scan_dir (const char *path)
{
  guint files = 0;

  hits += plaintext_scan_dir (path, canaries, &files);
  return files;
}

static void
write_canaries (SessioVault *vault,
                gint64       base)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *long_note = NULL;
  GString *note = g_string_new (NULL);
  /* INSZ is unique: the canary number goes to the first patient only. */
  g_autofree char *insz = base == 1 ? g_strdup_printf ("'%s'", canaries[5]) : g_strdup ("NULL");

  /* Canaries at every alignment, in a note long enough to span pages. */
  for (int i = 0; i < 600; i++)
    g_string_append_printf (note, "%.*s%s ", i % 7, "xxxxxxx", canaries[1]);
  long_note = g_string_free (note, FALSE);

  g_assert_true (sessio_vault_begin (vault, &error));
  sql = g_strdup_printf ("INSERT INTO patient (id, name, birth_date, insz, school, notes, created_at)"
                         " VALUES (%" G_GINT64_FORMAT ", '%s', '1985-07-31', %s, '%s', '%s', '2025-01-01');"
                         "INSERT INTO guardian (patient_id, name) VALUES (%" G_GINT64_FORMAT ", '%s');"
                         "INSERT INTO trajectory (id, patient_id, engagement_id, start_date, bilan_summary)"
                         " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 1, '2025-01-01', '%s');"
                         "INSERT INTO note (patient_id, created_at, body) VALUES (%" G_GINT64_FORMAT ", '2025-01-02', '%s');",
                         base, canaries[0], insz, canaries[2], long_note,
                         base, canaries[3],
                         base, base, canaries[4],
                         base, long_note);
  test_exec (vault, sql);
  g_assert_true (sessio_vault_commit (vault, &error));
  g_assert_no_error (error);
}

/* The scanner itself finds each encoding. */
static void
test_scanner (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(GPtrArray) forms = plaintext_encodings (canaries[3]);

  for (guint f = 0; f < forms->len; f++)
    {
      g_autofree char *path = g_strdup_printf ("%s/f%u", dir, f);
      g_autofree char *padded = NULL;
      gsize len;
      const char *form = g_bytes_get_data (forms->pdata[f], &len);

      padded = g_malloc (len + 4);
      memcpy (padded, "xx", 2);
      memcpy (padded + 2, form, len);
      memcpy (padded + 2 + len, "yy", 2);
      g_assert_true (g_file_set_contents (path, padded, len + 4, NULL));
    }
  hits = 0;
  g_assert_cmpuint (scan_dir (dir), ==, forms->len);
  g_assert_cmpuint (hits, ==, forms->len);
  hits = 0;
  test_rm_rf (dir);
}

static void
test_no_plaintext (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(SessioVault) vault = test_create_vault (dir, NULL);
  g_autoptr(GError) error = NULL;
  pid_t pid;
  int status = 0;

  test_commit_sql (vault, "INSERT INTO engagement (id, network_name, network, model)"
                          " VALUES (1, 'N', 'adult', 'independent')");
  write_canaries (vault, 1);
  g_assert_true (sessio_vault_fold (vault, &error));     /* into a snapshot */
  write_canaries (vault, 2);                             /* into the journal */
  /* Sorting and an index build: the kind of work that spills to temp
   * files when temp_store allows it. */
  test_commit_sql (vault, "CREATE INDEX note_body ON note (body)");
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM (SELECT n.body || p.name AS t FROM note n"
                                   " JOIN patient p ORDER BY t DESC)"), >, 0);

  /* While unlocked, journal records at rest are encrypted too. */
  g_assert_cmpuint (scan_dir (dir), ==, 3);
  g_assert_cmpuint (hits, ==, 0);
  g_assert_true (sessio_vault_close (vault, &error));     /* lock */
  g_clear_object (&vault);

  /* A writer that dies with records in its journal. */
  pid = fork ();
  if (pid == 0)
    {
      SessioVault *child = sessio_vault_open (dir, TEST_PASSPHRASE, NULL);
      if (child == NULL)
        _exit (3);
      write_canaries (child, 3);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);

  g_assert_cmpuint (scan_dir (dir), ==, 3);
  /* The generations file and the vault's records file (docs/vault-format.md). */
  g_assert_cmpuint (scan_dir (g_getenv ("XDG_STATE_HOME")), ==, 2);
  /* Nothing was put in the temporary folder at all. */
  g_assert_cmpuint (scan_dir (g_getenv ("TMPDIR")), ==, 0);
  g_assert_cmpuint (hits, ==, 0);

  /* The canaries are really in there. */
  vault = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM patient WHERE name = 'KANARIE-NAAM-Q7X2'"), ==, 3);
  g_clear_object (&vault);

  test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = NULL;

  test_init (&argc, &argv);

  /* A private, empty TMPDIR (SQLite and GLib both honour it): after the
   * test it must still be empty.  The vault folder lives elsewhere. */
  tmp = test_make_tmpdir ();
  g_setenv ("TMPDIR", tmp, TRUE);
  g_setenv ("SQLITE_TMPDIR", tmp, TRUE);

  g_test_add_func ("/vault-plaintext/scanner", test_scanner);
  g_test_add_func ("/vault-plaintext/no-plaintext", test_no_plaintext);

  return g_test_run ();
}
