/* sessio-file.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every file Sessio writes outside the vault (exports, invoices, the
 * recovery sheet, statistics, backups) is written the same way: to a new
 * 0600 file under a temporary name in the same folder, fsynced, renamed
 * over the real name and the folder fsynced.  A crash or a full disk
 * leaves either the old file or the new one, never half of one, and no
 * other user ever sees the content through a wider mode.  The vault has
 * its own two-step commit (sessio-vault.c) and does not use this.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sessio-file.h"

static gboolean
set_errno_error (GError **error,
                 int      saved_errno)
{
  /* Only the system's reason: the file name may name a patient, and the
   * caller puts the reason in its own sentence ("Could not write the
   * export: …"). */
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = ENOSPC;
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* Best effort, as before: a folder that cannot be opened or synced (some
 * network shares) does not undo a file that was written and renamed. */
static void
sync_dir (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/**
 * sessio_file_is_temporary:
 * @name: a file name, without folder
 *
 * Whether @name is one of the temporary names sessio_file_write_private()
 * uses: ".NAME.PID.XXXXXXXX.tmp".  A crash can leave one behind; a caller
 * that owns a folder (backups) may remove those of dead processes.
 *
 * Returns: %TRUE for a temporary name
 */
gboolean
sessio_file_is_temporary (const char *name)
{
  g_auto(GStrv) parts = NULL;
  guint n;
  guint64 pid;

  if (name[0] != '.' || !g_str_has_suffix (name, ".tmp"))
    return FALSE;
  parts = g_strsplit (name, ".", -1);
  n = g_strv_length (parts);
  /* "", NAME…, PID, RANDOM, "tmp" */
  return n >= 5 && strlen (parts[n - 2]) == 8 && strspn (parts[n - 2], "0123456789abcdef") == 8 &&
         g_ascii_string_to_unsigned (parts[n - 3], 10, 1, G_MAXINT, &pid, NULL);
}

/**
 * sessio_file_write_private_full:
 * @path: the file to write
 * @data: (array length=length): its content
 * @length: the length of @data
 * @flags: #SessioFileWriteFlags
 * @error: return location for a #GError in G_IO_ERROR, whose message is
 *   the system's reason only (never the path)
 *
 * Writes @data to @path, mode 0600: a new file under a temporary name in
 * the same folder, fsynced, then renamed to @path (or, with
 * %SESSIO_FILE_WRITE_NO_REPLACE, hard-linked, which fails when @path
 * exists), and the folder fsynced.  On failure nothing is left behind
 * and an existing @path is untouched.
 *
 * Returns: %TRUE when the file is written
 */
gboolean
sessio_file_write_private_full (const char            *path,
                                const void            *data,
                                gsize                  length,
                                SessioFileWriteFlags   flags,
                                GError               **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  int fd = -1;
  int saved_errno;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);

  /* O_EXCL on a random name: never follow or reuse someone else's file. */
  for (guint attempt = 0; fd < 0 && attempt < 16; attempt++)
    {
      g_autofree char *name = g_strdup_printf (".%s.%u.%08x.tmp", base, (guint) getpid (),
                                               g_random_int ());

      g_free (tmp);
      tmp = g_build_filename (dir, name, NULL);
      fd = open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0 && errno != EEXIST)
        return set_errno_error (error, errno);
    }
  if (fd < 0)
    return set_errno_error (error, EEXIST);

  /* The umask can only narrow 0600, but say it outright. */
  if (fchmod (fd, 0600) != 0 || !write_all (fd, data, length) || fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      g_unlink (tmp);
      return set_errno_error (error, saved_errno);
    }
  if (close (fd) != 0)
    {
      saved_errno = errno;
      g_unlink (tmp);
      return set_errno_error (error, saved_errno);
    }

  if (flags & SESSIO_FILE_WRITE_NO_REPLACE)
    {
      if (link (tmp, path) != 0)
        {
          saved_errno = errno;
          /* Some file systems (FAT on a USB disk, some network shares)
           * have no hard links: rename, after checking just before. */
          if (saved_errno != EPERM && saved_errno != EOPNOTSUPP && saved_errno != ENOSYS)
            {
              g_unlink (tmp);
              return set_errno_error (error, saved_errno);
            }
          if (g_file_test (path, G_FILE_TEST_EXISTS))
            {
              g_unlink (tmp);
              return set_errno_error (error, EEXIST);
            }
          if (g_rename (tmp, path) != 0)
            {
              saved_errno = errno;
              g_unlink (tmp);
              return set_errno_error (error, saved_errno);
            }
        }
      else
        g_unlink (tmp);
    }
  else if (g_rename (tmp, path) != 0)
    {
      saved_errno = errno;
      g_unlink (tmp);
      return set_errno_error (error, saved_errno);
    }

  sync_dir (dir);
  return TRUE;
}

/**
 * sessio_file_write_private:
 * @path: the file to write
 * @data: (array length=length): its content
 * @length: the length of @data
 * @error: return location for a #GError (see
 *   sessio_file_write_private_full())
 *
 * Writes @data to @path, mode 0600, replacing any file there atomically:
 * temporary file in the same folder, write, fsync, rename, fsync of the
 * folder.
 *
 * Returns: %TRUE when the file is written
 */
gboolean
sessio_file_write_private (const char  *path,
                           const void  *data,
                           gsize        length,
                           GError     **error)
{
  return sessio_file_write_private_full (path, data, length, SESSIO_FILE_WRITE_NONE, error);
}
