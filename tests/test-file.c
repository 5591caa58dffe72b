/* test-file.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * sessio_file_write_private(), the one way Sessio writes a file outside
 * the vault: 0600, the content, nothing left behind, clear errors.
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sessio-core.h"
#include "sessio-file.h"

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sessio-file-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (folder);
  while (g_dir_read_name (folder) != NULL)
    n++;
  return n;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_write (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "export.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *content = NULL;
  gsize len;
  GStatBuf st;
  mode_t old_umask;

  /* Even a permissive umask gives 0600. */
  old_umask = umask (0);
  g_assert_true (sessio_file_write_private (path, "one\n", 4, &error));
  umask (old_umask);
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &content, &len, NULL));
  g_assert_cmpmem (content, len, "one\n", 4);
  g_clear_pointer (&content, g_free);

  /* Replacing: an existing file with a wider mode ends up 0600 with the
   * new content, and only the file itself is in the folder. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_true (sessio_file_write_private (path, "two, longer\n", 12, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &content, &len, NULL));
  g_assert_cmpmem (content, len, "two, longer\n", 12);
  g_clear_pointer (&content, g_free);

  /* Empty is a valid file. */
  g_assert_true (sessio_file_write_private (path, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &content, &len, NULL));
  g_assert_cmpuint (len, ==, 0);

  g_assert_cmpuint (count_entries (dir), ==, 1);
  remove_dir (dir);
}

static void
test_no_replace (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "backup.sessio-backup", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *content = NULL;
  gsize len;

  g_assert_true (sessio_file_write_private_full (path, "first", 5, SESSIO_FILE_WRITE_NO_REPLACE,
                                                 &error));
  g_assert_no_error (error);
  g_assert_false (sessio_file_write_private_full (path, "second", 6,
                                                  SESSIO_FILE_WRITE_NO_REPLACE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_true (g_file_get_contents (path, &content, &len, NULL));
  g_assert_cmpmem (content, len, "first", 5);
  g_assert_cmpuint (count_entries (dir), ==, 1);
  remove_dir (dir);
}

static void
test_errors (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "export.json", NULL);
  g_autofree char *file = g_build_filename (dir, "a-file", NULL);
  g_autofree char *under_file = g_build_filename (file, "export.json", NULL);
  g_autoptr(GError) error = NULL;

  /* A folder that is not there: the system's reason, never the path
   * (which may name a patient). */
  g_assert_false (sessio_file_write_private (missing, "x", 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, g_strerror (ENOENT));
  g_assert_null (strstr (error->message, "export.json"));
  g_clear_error (&error);

  /* A "folder" that is a file. */
  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  g_assert_false (sessio_file_write_private (under_file, "x", 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_clear_error (&error);

  /* A folder no one may write in. */
  if (geteuid () != 0)
    {
      g_autofree char *readonly = g_build_filename (dir, "read-only", NULL);
      g_autofree char *path = g_build_filename (readonly, "export.json", NULL);

      g_assert_cmpint (g_mkdir (readonly, 0500), ==, 0);
      g_assert_false (sessio_file_write_private (path, "x", 1, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_assert_cmpstr (error->message, ==, g_strerror (EACCES));
      g_clear_error (&error);
      g_assert_cmpuint (count_entries (readonly), ==, 0);
      g_rmdir (readonly);
    }
  else if (g_file_test ("/sys/kernel", G_FILE_TEST_IS_DIR))
    {
      /* Root may write in a 0500 folder, but not in sysfs. */
      g_assert_false (sessio_file_write_private ("/sys/export.json", "x", 1, &error));
      g_assert_nonnull (error);
      g_assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
                     g_error_matches (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY));
      g_assert_cmpstr (error->message, !=, "");
      g_assert_null (strstr (error->message, "export.json"));
      g_clear_error (&error);
    }

  /* Nothing but the plain file was left behind. */
  g_assert_cmpuint (count_entries (dir), ==, 1);
  remove_dir (dir);
}

static void
test_temporary_names (void)
{
  g_assert_true (sessio_file_is_temporary (".export.json.1234.0badf00d.tmp"));
  g_assert_false (sessio_file_is_temporary ("export.json"));
  g_assert_false (sessio_file_is_temporary (".export.json.tmp"));
  g_assert_false (sessio_file_is_temporary (".export.json.1234.0BADF00D.tmp"));
  g_assert_false (sessio_file_is_temporary (".export.json.pid.0badf00d.tmp"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sessio_core_init (NULL));

  g_test_add_func ("/file/write", test_write);
  g_test_add_func ("/file/no-replace", test_no_replace);
  g_test_add_func ("/file/errors", test_errors);
  g_test_add_func ("/file/temporary-names", test_temporary_names);
  return g_test_run ();
}
