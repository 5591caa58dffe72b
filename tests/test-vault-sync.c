/* test-vault-sync.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What makes a commit durable, seen from the system calls: the journal is
 * fdatasync()ed after its last write and before sessio_vault_commit()
 * returns TRUE, and every rename in the vault folder is followed by an
 * fsync() of the folder (before the next rename there and before the
 * call returns), of a file that was itself synced after its last write.
 *
 * A killed process cannot see a missing sync (the page cache still holds
 * the data, see test-vault-durability.c), so this test watches the calls
 * instead.  It defines fsync(), fdatasync(), write(), pwrite(),
 * pwrite64(), rename() and renameat() itself: the executable comes first
 * in symbol lookup, so the core (linked in statically) and GLib's
 * g_rename() call these, which log the file's device and inode and call
 * the C library's function (dlsym (RTLD_NEXT)).  Nothing is mocked: every
 * call still happens, on a real vault.  No LD_PRELOAD is needed, so this
 * also runs under AddressSanitizer (whose runtime must come first in the
 * library list, which a preloaded shim would break); ASan's own
 * interceptors of write() and pwrite() are simply the next definition.
 *
 * Synthetic data only.
 */

#include "config.h"

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vault-test-util.h"

#define PASSPHRASE "violet harbour 47 lantern drift"

typedef enum
{
  EVENT_WRITE,
  EVENT_SYNC,
  EVENT_RENAME,
} EventKind;

typedef struct
{
  EventKind kind;
  dev_t     dev;       /* the file written, synced or renamed */
  ino_t     ino;
  gboolean  is_dir;
  dev_t     dir_dev;   /* a rename: the folder it renamed into */
  ino_t     dir_ino;
} Event;

static GMutex events_lock;
static GArray *events;   /* of Event; NULL: not recording */

static void
record (const Event *event)
{
  g_mutex_lock (&events_lock);
  if (events != NULL)
    g_array_append_val (events, *event);
  g_mutex_unlock (&events_lock);
}

static gboolean
recording (void)
{
  gboolean on;

  g_mutex_lock (&events_lock);
  on = events != NULL;
  g_mutex_unlock (&events_lock);
  return on;
}

static void
record_fd (EventKind kind,
           int       fd)
{
  struct stat st;
  Event event = { kind, 0, 0, FALSE, 0, 0 };

  if (!recording () || fstat (fd, &st) != 0)
    return;
  event.dev = st.st_dev;
  event.ino = st.st_ino;
  event.is_dir = S_ISDIR (st.st_mode);
  record (&event);
}

/* After a rename of @name (relative to @dir_fd): the file, now at its
 * new name, and the folder holding it. */
static void
record_rename (int         dir_fd,
               const char *name)
{
  g_autofree char *parent = g_path_get_dirname (name);
  struct stat file, dir;
  Event event = { EVENT_RENAME, 0, 0, FALSE, 0, 0 };

  if (!recording () ||
      fstatat (dir_fd, name, &file, AT_SYMLINK_NOFOLLOW) != 0 ||
      fstatat (dir_fd, parent, &dir, 0) != 0)
    return;
  event.dev = file.st_dev;
  event.ino = file.st_ino;
  event.dir_dev = dir.st_dev;
  event.dir_ino = dir.st_ino;
  record (&event);
}

static gpointer
next_definition (const char *name)
{
  gpointer function = dlsym (RTLD_NEXT, name);

  if (function == NULL)
    g_error ("%s not found: %s", name, dlerror ());
  return function;
}

/* The interposed calls.  errno is kept from the real call. */

int
fsync (int fd)
{
  static int (*real) (int);
  int rc, saved_errno;

  if (real == NULL)
    real = next_definition ("fsync");
  rc = real (fd);
  saved_errno = errno;
  if (rc == 0)
    record_fd (EVENT_SYNC, fd);
  errno = saved_errno;
  return rc;
}

int
fdatasync (int fd)
{
  static int (*real) (int);
  int rc, saved_errno;

  if (real == NULL)
    real = next_definition ("fdatasync");
  rc = real (fd);
  saved_errno = errno;
  if (rc == 0)
    record_fd (EVENT_SYNC, fd);
  errno = saved_errno;
  return rc;
}

ssize_t
write (int         fd,
       const void *buf,
       size_t      n)
{
  static ssize_t (*real) (int, const void *, size_t);
  ssize_t rc;
  int saved_errno;

  if (real == NULL)
    real = next_definition ("write");
  rc = real (fd, buf, n);
  saved_errno = errno;
  if (rc > 0)
    record_fd (EVENT_WRITE, fd);
  errno = saved_errno;
  return rc;
}

/* With _FILE_OFFSET_BITS=64 (meson's default) <unistd.h> names pwrite()
 * pwrite64; both symbols are defined here, under their own names, so
 * either spelling is caught. */
ssize_t test_pwrite (int fd, const void *buf, size_t n, off_t offset) __asm__ ("pwrite");
ssize_t test_pwrite64 (int fd, const void *buf, size_t n, off_t offset) __asm__ ("pwrite64");

G_STATIC_ASSERT (sizeof (off_t) == 8);

static ssize_t
pwrite_through (const char *name,
                gpointer   *real,
                int         fd,
                const void *buf,
                size_t      n,
                off_t       offset)
{
  ssize_t rc;
  int saved_errno;

  if (*real == NULL)
    *real = next_definition (name);
  rc = ((ssize_t (*) (int, const void *, size_t, off_t)) *real) (fd, buf, n, offset);
  saved_errno = errno;
  if (rc > 0)
    record_fd (EVENT_WRITE, fd);
  errno = saved_errno;
  return rc;
}

ssize_t
test_pwrite (int         fd,
             const void *buf,
             size_t      n,
             off_t       offset)
{
  static gpointer real;

  return pwrite_through ("pwrite", &real, fd, buf, n, offset);
}

ssize_t
test_pwrite64 (int         fd,
               const void *buf,
               size_t      n,
               off_t       offset)
{
  static gpointer real;

  return pwrite_through ("pwrite64", &real, fd, buf, n, offset);
}

int
rename (const char *from,
        const char *to)
{
  static int (*real) (const char *, const char *);
  int rc, saved_errno;

  if (real == NULL)
    real = next_definition ("rename");
  rc = real (from, to);
  saved_errno = errno;
  if (rc == 0)
    record_rename (AT_FDCWD, to);
  errno = saved_errno;
  return rc;
}

int
renameat (int         from_dir,
          const char *from,
          int         to_dir,
          const char *to)
{
  static int (*real) (int, const char *, int, const char *);
  int rc, saved_errno;

  if (real == NULL)
    real = next_definition ("renameat");
  rc = real (from_dir, from, to_dir, to);
  saved_errno = errno;
  if (rc == 0)
    record_rename (to_dir, to);
  errno = saved_errno;
  return rc;
}

/* ------------------------------------------------------------ checks */

static void
start_recording (void)
{
  g_mutex_lock (&events_lock);
  g_clear_pointer (&events, g_array_unref);
  events = g_array_new (FALSE, TRUE, sizeof (Event));
  g_mutex_unlock (&events_lock);
}

/* Stops recording and returns what was recorded. */
static GArray *
stop_recording (void)
{
  GArray *recorded;

  g_mutex_lock (&events_lock);
  recorded = g_steal_pointer (&events);
  g_mutex_unlock (&events_lock);
  return recorded;
}

static gboolean
same_file (const Event *event,
           dev_t        dev,
           ino_t        ino)
{
  return event->dev == dev && event->ino == ino;
}

/* Every rename into @dir among @recorded: the file was synced after its
 * last write before the rename, and @dir is synced after the rename,
 * before the next rename into it and before the end.  Returns how many
 * renames there were. */
static guint
assert_renames_durable (GArray     *recorded,
                        const char *dir,
                        const char *what)
{
  struct stat st;
  guint renames = 0;

  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  for (guint i = 0; i < recorded->len; i++)
    {
      const Event *rename_event = &g_array_index (recorded, Event, i);
      gboolean file_synced = FALSE, dir_synced = FALSE;

      if (rename_event->kind != EVENT_RENAME || rename_event->dir_dev != st.st_dev ||
          rename_event->dir_ino != st.st_ino)
        continue;
      renames++;

      /* Backwards from the rename: a sync of the file comes before any
       * write to it. */
      for (guint j = i; j-- > 0;)
        {
          const Event *e = &g_array_index (recorded, Event, j);

          if (!same_file (e, rename_event->dev, rename_event->ino) || e->kind == EVENT_RENAME)
            continue;
          file_synced = e->kind == EVENT_SYNC;
          break;
        }
      if (!file_synced)
        g_test_message ("%s: rename %u in the vault folder: the file was not synced after its last write",
                        what, renames);
      g_assert_true (file_synced);

      for (guint j = i + 1; j < recorded->len; j++)
        {
          const Event *e = &g_array_index (recorded, Event, j);

          if (e->kind == EVENT_SYNC && same_file (e, st.st_dev, st.st_ino))
            {
              dir_synced = TRUE;
              break;
            }
          if (e->kind == EVENT_RENAME && e->dir_dev == st.st_dev && e->dir_ino == st.st_ino)
            break;
        }
      g_test_message ("%s: rename %u in the vault folder, folder synced after it: %s", what, renames,
                      dir_synced ? "yes" : "NO");
      g_assert_true (dir_synced);
    }
  return renames;
}

/* The journal at @path got at least one write, and a sync after its last
 * write. */
static void
assert_journal_synced (GArray     *recorded,
                       const char *path,
                       dev_t       dev,
                       ino_t       ino)
{
  gint last_write = -1, last_sync = -1;

  for (guint i = 0; i < recorded->len; i++)
    {
      const Event *e = &g_array_index (recorded, Event, i);

      if (!same_file (e, dev, ino))
        continue;
      if (e->kind == EVENT_WRITE)
        last_write = (gint) i;
      else if (e->kind == EVENT_SYNC)
        last_sync = (gint) i;
    }
  g_test_message ("journal: last write at event %d, last sync at event %d", last_write, last_sync);
  g_assert_cmpint (last_write, >=, 0);
  g_assert_cmpint (last_sync, >, last_write);
}

/* One committed transaction, watched.  The journal is the file at its
 * path when the commit starts (a fold replaces it). */
static void
commit_watched (SessioVault *vault,
                const char  *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) recorded = NULL;
  g_autofree char *journal = g_build_filename (sessio_vault_get_dir (vault), "journal.sessio", NULL);
  struct stat st;
  gboolean ok;

  g_assert_cmpint (g_stat (journal, &st), ==, 0);
  g_assert_true (sessio_vault_begin (vault, &error));
  g_assert_no_error (error);
  test_exec (vault, sql);
  start_recording ();
  ok = sessio_vault_commit (vault, &error);
  recorded = stop_recording ();
  g_assert_no_error (error);
  g_assert_true (ok);
  assert_journal_synced (recorded, journal, st.st_dev, st.st_ino);
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

/* Create, commit, fold (both ways), change the passphrase, close, open:
 * each call leaves what it did on disk, as far as the calls show. */
static void
test_sync_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (tmp, "vault", NULL);
  g_autoptr(SessioVault) vault = NULL;
  g_autoptr(GArray) recorded = NULL;
  SessioVaultKdf kdf;
  char *recovery = NULL;
  gboolean done = FALSE;

  sessio_vault_kdf_floor (&kdf);

  /* Creation writes the first snapshot and journal by renames. */
  start_recording ();
  vault = sessio_vault_create (dir, PASSPHRASE, &kdf, &recovery, &error);
  recorded = stop_recording ();
  g_assert_no_error (error);
  sessio_key_free_text (recovery);
  g_assert_cmpuint (assert_renames_durable (recorded, dir, "create"), >=, 2);
  g_clear_pointer (&recorded, g_array_unref);

  /* Folds only when asked, so each step below is the only writer. */
  sessio_vault_set_auto_fold (vault, SESSIO_VAULT_AUTO_FOLD_NEVER);
  test_add_base_rows (vault);
  for (guint i = 0; i < 3; i++)
    commit_watched (vault, "INSERT INTO setting (key, value) VALUES ('test/sync-' || abs (random ()), 'x')");

  start_recording ();
  g_assert_true (sessio_vault_fold (vault, &error));
  recorded = stop_recording ();
  g_assert_no_error (error);
  g_assert_cmpuint (assert_renames_durable (recorded, dir, "fold"), >=, 2);
  g_clear_pointer (&recorded, g_array_unref);

  /* The journal after a fold is a new file: synced too. */
  commit_watched (vault, "UPDATE setting SET value = 'y' WHERE key LIKE 'test/sync-%'");

  start_recording ();
  sessio_vault_fold_async (vault, NULL, fold_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  recorded = stop_recording ();
  g_assert_cmpuint (assert_renames_durable (recorded, dir, "fold in a worker"), >=, 2);
  g_clear_pointer (&recorded, g_array_unref);

  commit_watched (vault, "DELETE FROM setting WHERE key LIKE 'test/sync-%'");

  start_recording ();
  g_assert_true (sessio_vault_change_passphrase (vault, "amber meadow 12 copper kite", NULL, &error));
  recorded = stop_recording ();
  g_assert_no_error (error);
  g_assert_cmpuint (assert_renames_durable (recorded, dir, "change passphrase"), >=, 1);
  g_clear_pointer (&recorded, g_array_unref);

  commit_watched (vault, "INSERT INTO setting (key, value) VALUES ('test/after', 'z')");

  start_recording ();
  g_assert_true (sessio_vault_close (vault, &error));
  recorded = stop_recording ();
  g_assert_no_error (error);
  assert_renames_durable (recorded, dir, "close");
  g_clear_object (&vault);

  /* And it is all there. */
  vault = sessio_vault_open (dir, "amber meadow 12 copper kite", &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM setting WHERE key = 'test/after'"), ==, 1);
  g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM setting WHERE key LIKE 'test/sync-%'"), ==, 0);
  g_assert_true (sessio_vault_close (vault, &error));
  test_rm_rf (tmp);
}

/* The watching itself: a write and a sync of a plain file, a rename by
 * g_rename() (GLib's own call of rename(), as the core makes it) and a
 * sync of the folder are each seen, in order.  Should a build route the
 * calls past the definitions above, this says so plainly. */
static void
test_interposed (void)
{
  g_autofree char *tmp = test_make_tmpdir ();
  g_autofree char *a = g_build_filename (tmp, "a", NULL);
  g_autofree char *b = g_build_filename (tmp, "b", NULL);
  g_autoptr(GArray) recorded = NULL;
  int fd;

  start_recording ();
  fd = g_open (a, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, "x", 1, 0), ==, 1);
  g_assert_cmpint (fdatasync (fd), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);
  g_assert_cmpint (g_rename (a, b), ==, 0);
  fd = open (tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  g_assert_cmpint (fsync (fd), ==, 0);
  close (fd);
  recorded = stop_recording ();

  g_assert_cmpuint (recorded->len, ==, 4);
  g_assert_cmpint (g_array_index (recorded, Event, 0).kind, ==, EVENT_WRITE);
  g_assert_cmpint (g_array_index (recorded, Event, 1).kind, ==, EVENT_SYNC);
  g_assert_cmpint (g_array_index (recorded, Event, 2).kind, ==, EVENT_RENAME);
  g_assert_cmpint (g_array_index (recorded, Event, 3).kind, ==, EVENT_SYNC);
  g_assert_true (g_array_index (recorded, Event, 3).is_dir);
  g_assert_cmpuint (assert_renames_durable (recorded, tmp, "plain files"), ==, 1);
  test_rm_rf (tmp);
}

int
main (int    argc,
      char **argv)
{
  test_init (&argc, &argv);

  g_test_add_func ("/vault-sync/interposed", test_interposed);
  g_test_add_func ("/vault-sync/order", test_sync_order);

  return g_test_run ();
}
