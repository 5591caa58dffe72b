/* sessio-vault.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The vault folder holds:
 *   vault.sessio    header + the serialized database, encrypted
 *   journal.sessio  header + one encrypted changeset per committed transaction
 *   lock            empty; flock()ed by the one process that has it open
 *
 * The database is deserialized into memory and never written anywhere in
 * plaintext.  A commit appends its changeset (SQLite's session extension)
 * to the journal and fdatasync()s it before the in-memory COMMIT.  A fold
 * writes generation + 1 of the snapshot to a temporary file, renames it
 * over the old one and starts a new journal.  Crash windows and the rules
 * that make every one of them recoverable are in docs/vault-format.md.
 */

#include "config.h"

/* The session extension's declarations are guarded by these. */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sessio-file.h"
#include "sessio-journal.h"
#include "sessio-schema.h"
#include "sessio-vault.h"
#include "sessio-vault-header.h"
#include "sessio-vault-private.h"

#define SNAPSHOT_NAME "vault.sessio"
#define JOURNAL_NAME  "journal.sessio"
#define LOCK_NAME     "lock"

#define RECOVERY_PUBLIC_SETTING "vault/recovery-public-key"

struct _SessioVault
{
  GObject              parent_instance;

  char                *dir;
  char                *snapshot_path;
  char                *journal_path;
  char                *lock_path;
  int                  lock_fd;
  int                  journal_fd;
  /* Who we are on disk: the lock file we flock()ed and the journal we
   * append to.  A lock file deleted or replaced (a sync client, a user
   * tidying up) no longer keeps a second writer out, so both are checked
   * again before every commit and fold (vault_still_ours()). */
  dev_t                lock_dev;
  ino_t                lock_ino;
  dev_t                journal_dev;
  ino_t                journal_ino;
  /* Another writer got in: nothing more may reach the disk. */
  gboolean             fenced;

  sqlite3             *db;
  sqlite3_session     *session;
  int                  schema_cookie;   /* PRAGMA schema_version at begin */
  gboolean             allow_commit;

  guint8              *data_key;
  guint8              *snapshot_key;
  guint8              *journal_key;
  SessioVaultHeader    header;        /* of the snapshot on disk */
  guint64              journal_count;
  guint64              journal_size;    /* where the next record goes */
  guint64              journal_alloc;   /* file size: zeros after journal_size */
  gboolean             rolled_back;
  /* A migration done at open while rolled_back: not folded until the
   * user accepts the older copy (nothing is written before). */
  gboolean             migration_unsaved;
  /* Same generation as remembered, fewer records: committed records were
   * cut off the journal (rolled_back is set too). */
  gboolean             journal_cut;
  /* This computer remembered nothing of this vault before this open. */
  gboolean             history_unknown;
  /* $XDG_STATE_HOME/sessio/records/<id>: (generation, records) after
   * every commit, so that a journal cut at a record boundary is noticed. */
  int                  records_fd;
  /* The public half of the recovery key's X25519 pair (setting
   * RECOVERY_PUBLIC_SETTING): what lets a passphrase change re-encrypt
   * under a new data key and still wrap it for the recovery key. */
  guint8               recovery_public[SESSIO_RECOVERY_PUBLIC_BYTES];
  gboolean             has_recovery_public;
  /* Set once open or create succeeded: only then may close() fold what
   * is in memory into a new snapshot. */
  gboolean             ready;

  gsize                fold_threshold;
  SessioVaultAutoFold  auto_fold;
  /* A fold in flight: changesets committed since its copy of the database
   * go into the new journal it starts. */
  guint                fold_epoch;
  gboolean             folding;
  GPtrArray           *pending;
};

G_DEFINE_FINAL_TYPE (SessioVault, sessio_vault, G_TYPE_OBJECT)

static gboolean
set_damaged (GError **error)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED,
                       _("The vault is damaged or has been modified"));
  return FALSE;
}

static gboolean
set_io_error (GError     **error,
              int          saved_errno)
{
  g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
               _("Could not write the vault: %s"), g_strerror (saved_errno));
  return FALSE;
}

/* An older copy of the vault was put back: nothing is written until the
 * user says to go on with it (sessio_vault_accept_rollback()). */
static gboolean
set_older_copy (GError **error)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_OLDER_COPY,
                       _("This vault is older than one opened on this computer before: "
                         "an older copy may have been put back. Nothing is changed until you "
                         "confirm that you want to use this older copy"));
  return FALSE;
}

static gboolean
set_locked (GError **error)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_LOCKED,
                       _("The vault is locked"));
  return FALSE;
}

static void
bytes_wipe_free (gpointer data)
{
  GBytes *bytes = data;
  gsize len;
  guint8 *p = (guint8 *) g_bytes_get_data (bytes, &len);

  /* Only ever our own freshly made copies: safe to wipe in place. */
  if (p != NULL)
    sodium_memzero (p, len);
  g_bytes_unref (bytes);
}

/* ------------------------------------------------------------------ */
/* Files                                                              */

static gboolean
pwrite_all (int           fd,
            const guint8 *data,
            gsize         len,
            off_t         offset)
{
  while (len > 0)
    {
      ssize_t n = pwrite (fd, data, len, offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
      offset += n;
    }
  return TRUE;
}

static gboolean
fsync_dir (const char  *dir,
           GError     **error)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved_errno = errno;
      if (fd >= 0)
        close (fd);
      return set_io_error (error, saved_errno);
    }
  close (fd);
  return TRUE;
}

static gboolean
rename_durably (const char  *from,
                const char  *to,
                const char  *dir,
                GError     **error)
{
  if (g_rename (from, to) != 0)
    {
      int saved_errno = errno;
      g_unlink (from);
      return set_io_error (error, saved_errno);
    }
  return fsync_dir (dir, error);
}

/* Writes @parts to a new 0600 file at @path and fsyncs it.  Not
 * sessio_file_write_private(): the commit writes the snapshot and the
 * journal under their temporary names first and renames them afterwards
 * in a fixed order (vault-format.md), which one write-and-rename cannot
 * express. */
static gboolean
write_new_file (const char    *path,
                const guint8  *a,
                gsize          a_len,
                const guint8  *b,
                gsize          b_len,
                GError       **error)
{
  int fd;

  g_unlink (path);
  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_io_error (error, errno);

  if (!pwrite_all (fd, a, a_len, 0) || (b_len > 0 && !pwrite_all (fd, b, b_len, (off_t) a_len)) ||
      fsync (fd) != 0)
    {
      int saved_errno = errno;
      close (fd);
      g_unlink (path);
      return set_io_error (error, saved_errno);
    }

  if (close (fd) != 0)
    return set_io_error (error, errno);
  return TRUE;
}

static gboolean
read_at (int     fd,
         void   *buf,
         gsize   len,
         off_t   offset)
{
  guint8 *p = buf;

  while (len > 0)
    {
      ssize_t n = pread (fd, p, len, offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= (gsize) n;
      offset += n;
    }
  return TRUE;
}

static gboolean
read_file (const char  *path,
           guint8     **data,
           gsize       *len,
           gboolean    *missing,
           GError     **error)
{
  g_autoptr(GError) local = NULL;

  *missing = FALSE;
  if (!g_file_get_contents (path, (char **) data, len, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        *missing = TRUE;
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                   _("Could not read the vault: %s"), local->message);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Remembered generations, outside the vault                          */

/* $XDG_STATE_HOME/sessio/generations maps vault ids to the newest
 * (generation, journal records) this user has seen, so that an older copy
 * of the whole vault put back is noticed.  Read from the environment each
 * time rather than g_get_user_state_dir()'s cache, so tests can point it
 * elsewhere. */
static char *
state_file_path (void)
{
  const char *env = g_getenv ("XDG_STATE_HOME");

  if (env != NULL && g_path_is_absolute (env))
    return g_build_filename (env, "sessio", "generations", NULL);
  return g_build_filename (g_get_home_dir (), ".local", "state", "sessio", "generations", NULL);
}

static char *
vault_id_hex (const guint8 *id)
{
  char hex[SESSIO_VAULT_ID_BYTES * 2 + 1];

  sodium_bin2hex (hex, sizeof hex, id, SESSIO_VAULT_ID_BYTES);
  return g_strdup (hex);
}

/* Returns TRUE when the remembered state is newer than (gen, count), and
 * remembers the newer of both. */
static gboolean
remember_generation_full (const guint8 *vault_id,
                          guint64       generation,
                          guint64       count,
                          gboolean      force)
{
  g_autofree char *path = state_file_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *key = vault_id_hex (vault_id);
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *old = NULL;
  g_autofree char *data = NULL;
  guint64 old_gen = 0, old_count = 0;
  gboolean older = FALSE;
  gsize len;

  g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, NULL);
  old = g_key_file_get_string (keyfile, "generations", key, NULL);
  if (old != NULL && sscanf (old, "%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, &old_gen, &old_count) == 2)
    older = generation < old_gen || (generation == old_gen && count < old_count);

  if ((force || !older) && (old == NULL || generation != old_gen || count != old_count))
    {
      g_autofree char *value = g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                                                generation, count);

      g_key_file_set_string (keyfile, "generations", key, value);
      data = g_key_file_to_data (keyfile, &len, NULL);
      if (g_mkdir_with_parents (dir, 0700) == 0)
        sessio_file_write_private (path, data, len, NULL);
    }

  return older;
}

static gboolean
remember_generation (const guint8 *vault_id,
                     guint64       generation,
                     guint64       count)
{
  return remember_generation_full (vault_id, generation, count, FALSE);
}

/* The generations file is rewritten at open, fold and close only (a
 * rename and an fsync are too slow for every commit).  Between those, the
 * count of records after every commit goes to a small file of its own,
 * overwritten in place without fsync: a crash of the program keeps it (the
 * page cache survives), a power cut may lose it, which only means a cut
 * goes unnoticed, never a false alarm, since it is written after the
 * record's fdatasync(). */
#define RECORDS_LEN 48

static char *
records_file_path (const guint8 *vault_id)
{
  g_autofree char *state = state_file_path ();
  g_autofree char *dir = g_path_get_dirname (state);
  g_autofree char *hex = vault_id_hex (vault_id);

  return g_build_filename (dir, "records", hex, NULL);
}

/* What the records file says, if anything: (generation, records). */
static gboolean
records_file_read (const guint8 *vault_id,
                   guint64      *generation,
                   guint64      *count)
{
  g_autofree char *path = records_file_path (vault_id);
  g_autofree char *data = NULL;

  return g_file_get_contents (path, &data, NULL, NULL) &&
         sscanf (data, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, generation, count) == 2;
}

static void
records_file_write (SessioVault *self)
{
  char line[RECORDS_LEN];

  if (self->records_fd < 0)
    return;
  /* Fixed width, so that one pwrite() always replaces the whole line. */
  memset (line, ' ', sizeof line);
  g_snprintf (line, sizeof line, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
              self->header.generation, self->journal_count);
  line[strlen (line)] = ' ';
  line[sizeof line - 1] = '\n';
  if (pwrite (self->records_fd, line, sizeof line, 0) != (ssize_t) sizeof line)
    g_debug ("Could not remember the journal's length");
}

static void
records_file_open (SessioVault *self)
{
  g_autofree char *path = records_file_path (self->header.vault_id);
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return;
  self->records_fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
}

/* ------------------------------------------------------------------ */
/* Database                                                           */

static int
commit_hook (void *data)
{
  SessioVault *self = data;

  /* Non-zero turns the COMMIT into a ROLLBACK: a write that bypasses
   * sessio_vault_commit() would never reach the journal. */
  return self->allow_commit ? 0 : 1;
}

static gboolean
load_database (SessioVault  *self,
               guint8       *plain,
               gsize         plain_len,
               GError      **error)
{
  sqlite3 *db = NULL;

  /* SQLITE_OPEN_MEMORY: nothing of this connection is meant for disk; the
   * deserialized image below replaces its main database. */
  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                       SQLITE_OPEN_MEMORY | SQLITE_OPEN_EXRESCODE, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      sodium_memzero (plain, plain_len);
      sqlite3_free (plain);
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("Not enough memory to open the vault"));
      return FALSE;
    }

  /* FREEONCLOSE: SQLite owns @plain from here, even on failure. */
  if (sqlite3_deserialize (db, "main", plain, plain_len, plain_len,
                           SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
    {
      sqlite3_close (db);
      return set_damaged (error);
    }

  /* temp_store: sorts and temporary tables stay in memory, never in a
   * plaintext temp file.  secure_delete: freed pages are zeroed. */
  if (!sessio_db_exec (db,
                       "PRAGMA temp_store = MEMORY;"
                       "PRAGMA journal_mode = MEMORY;"
                       "PRAGMA secure_delete = ON;"
                       "PRAGMA foreign_keys = ON;"
                       "PRAGMA trusted_schema = OFF;", NULL) ||
      sessio_schema_get_version (db) < 0)
    {
      sqlite3_close (db);
      return set_damaged (error);
    }

  sqlite3_commit_hook (db, commit_hook, self);
  self->db = db;
  return TRUE;
}

static void
wipe_and_close_database (SessioVault *self)
{
  sqlite3_int64 size = 0;
  unsigned char *image;

  if (self->db == NULL)
    return;

  if (self->session != NULL)
    {
      sqlite3session_delete (self->session);
      self->session = NULL;
    }

  /* The deserialized image is one buffer: zero it before SQLite frees it.
   * (Copies of pages in SQLite's page cache are freed unwiped.) */
  image = sqlite3_serialize (self->db, "main", &size, SQLITE_SERIALIZE_NOCOPY);
  if (image != NULL && size > 0)
    sodium_memzero (image, (gsize) size);

  sqlite3_close_v2 (self->db);
  self->db = NULL;
}

static int
replay_conflict (void                 *ctx,
                 int                   conflict,
                 sqlite3_changeset_iter *iter)
{
  gboolean *conflicted = ctx;

  *conflicted = TRUE;
  return SQLITE_CHANGESET_ABORT;
}

static gboolean
apply_changeset (SessioVault  *self,
                 guint8       *plain,
                 gsize         plain_len,
                 GError      **error)
{
  gboolean conflicted = FALSE;
  int rc;

  if (plain_len > G_MAXINT)
    return set_damaged (error);

  self->allow_commit = TRUE;
  rc = sqlite3changeset_apply (self->db, (int) plain_len, plain, NULL,
                               replay_conflict, &conflicted);
  self->allow_commit = FALSE;

  if (rc != SQLITE_OK || conflicted)
    return set_damaged (error);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Opening                                                            */

static void
sessio_vault_finalize (GObject *object)
{
  SessioVault *self = SESSIO_VAULT (object);

  sessio_vault_close (self, NULL);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_free (self->dir);
  g_free (self->snapshot_path);
  g_free (self->journal_path);
  g_free (self->lock_path);

  G_OBJECT_CLASS (sessio_vault_parent_class)->finalize (object);
}

static void
sessio_vault_class_init (SessioVaultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sessio_vault_finalize;
}

static void
sessio_vault_init (SessioVault *self)
{
  self->lock_fd = -1;
  self->journal_fd = -1;
  self->records_fd = -1;
  self->fold_threshold = 0;   /* automatic */
  self->auto_fold = SESSIO_VAULT_AUTO_FOLD_SYNC;
  self->pending = g_ptr_array_new_with_free_func (bytes_wipe_free);
}

static void
release_keys (SessioVault *self)
{
  g_clear_pointer (&self->data_key, sessio_key_free);
  g_clear_pointer (&self->snapshot_key, sessio_key_free);
  g_clear_pointer (&self->journal_key, sessio_key_free);
}

static void
set_data_key (SessioVault *self,
              guint8      *data_key)
{
  release_keys (self);
  self->data_key = data_key;
  self->snapshot_key = sessio_key_derive_subkey (data_key, SESSIO_SUBKEY_SNAPSHOT);
  self->journal_key = sessio_key_derive_subkey (data_key, SESSIO_SUBKEY_JOURNAL);
  /* Read-only from here: a stray write through a dangling pointer faults
   * instead of corrupting a key. */
  sodium_mprotect_readonly (self->data_key);
  sodium_mprotect_readonly (self->snapshot_key);
  sodium_mprotect_readonly (self->journal_key);
}

/* Opens and flock()s @path; the (device, inode) of what was locked goes
 * to @dev and @ino.  The file is opened again if the name was unlinked or
 * replaced between the open() and the flock(): a lock on a file no longer
 * in the folder keeps nobody out. */
static int
take_lock_file (const char  *path,
                dev_t       *dev,
                ino_t       *ino,
                GError     **error)
{
  for (int attempt = 0; attempt < 5; attempt++)
    {
      struct stat fst, pst;
      int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      int saved_errno;

      if (fd < 0)
        {
          saved_errno = errno;
          if (saved_errno == ENOENT)
            g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND,
                                 _("There is no vault in this folder"));
          else
            g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                         _("Could not open the vault: %s"), g_strerror (saved_errno));
          return -1;
        }

      if (flock (fd, LOCK_EX | LOCK_NB) != 0)
        {
          saved_errno = errno;
          close (fd);
          if (saved_errno == EWOULDBLOCK)
            g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_IN_USE,
                                 _("The vault is open in another Sessio window or program: close it there first"));
          else
            g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                         _("Could not open the vault: %s"), g_strerror (saved_errno));
          return -1;
        }

      if (fstat (fd, &fst) == 0 && stat (path, &pst) == 0 &&
          fst.st_dev == pst.st_dev && fst.st_ino == pst.st_ino)
        {
          *dev = fst.st_dev;
          *ino = fst.st_ino;
          return fd;
        }
      close (fd);
    }

  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_IN_USE,
                       _("The vault is open in another Sessio window or program: close it there first"));
  return -1;
}

/* Takes the folder: one writer per vault, across processes and within
 * one (each open() is its own lock owner for flock()). */
static SessioVault *
vault_new_locked (const char  *dir,
                  GError     **error)
{
  g_autoptr(SessioVault) self = g_object_new (SESSIO_TYPE_VAULT, NULL);

  self->dir = g_strdup (dir);
  self->snapshot_path = g_build_filename (dir, SNAPSHOT_NAME, NULL);
  self->journal_path = g_build_filename (dir, JOURNAL_NAME, NULL);
  self->lock_path = g_build_filename (dir, LOCK_NAME, NULL);

  self->lock_fd = take_lock_file (self->lock_path, &self->lock_dev, &self->lock_ino, error);
  if (self->lock_fd < 0)
    return NULL;

  return g_steal_pointer (&self);
}

static gboolean
set_lost (SessioVault  *self,
          GError      **error)
{
  self->fenced = TRUE;
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_IN_USE,
                       _("Another program has written to this vault while it was open here "
                         "(its lock file was removed or replaced): this change was not saved. "
                         "Close the vault and open it again"));
  return FALSE;
}

/* Before anything reaches the disk: is the folder still ours?  The lock
 * file must be the one we hold (if it was deleted or replaced, we take
 * the new one, unless someone else holds it), the journal must be the
 * file we append to, and nothing may have been written after our last
 * record.  Any doubt fences the vault: no commit, no fold, ever again in
 * this open; what was acknowledged is in the journal already. */
static gboolean
vault_still_ours (SessioVault  *self,
                  GError      **error)
{
  gboolean lock_changed = FALSE;
  struct stat st;

  if (self->fenced)
    return set_lost (self, error);

  /* While the name points at the file we locked, nobody else can have
   * held a lock on the vault: an unlinked file cannot come back. */
  if (stat (self->lock_path, &st) != 0 || st.st_dev != self->lock_dev || st.st_ino != self->lock_ino)
    {
      dev_t dev;
      ino_t ino;
      int fd = take_lock_file (self->lock_path, &dev, &ino, NULL);

      if (fd < 0)
        return set_lost (self, error);
      close (self->lock_fd);
      self->lock_fd = fd;
      self->lock_dev = dev;
      self->lock_ino = ino;
      lock_changed = TRUE;
    }

  if (self->journal_fd >= 0)
    {
      guint8 after[8] = { 0 };
      ssize_t n;

      /* Replaced: another writer's fold, or a sync client's copy. */
      if (stat (self->journal_path, &st) != 0 ||
          st.st_dev != self->journal_dev || st.st_ino != self->journal_ino)
        return set_lost (self, error);

      /* The lock was gone for a while: someone may have opened the vault
       * in between, committed and died without folding.  Our next record
       * goes at journal_size, over zeros or at the end: anything else
       * there was written by another process.  (Not at every commit: a
       * read there costs a commit about a quarter of its time.) */
      if (!lock_changed)
        return TRUE;
      do
        n = pread (self->journal_fd, after, sizeof after, (off_t) self->journal_size);
      while (n < 0 && errno == EINTR);
      if (n < 0)
        return set_io_error (error, errno);
      for (ssize_t i = 0; i < n; i++)
        if (after[i] != 0)
          return set_lost (self, error);
    }

  return TRUE;
}

gboolean
sessio_vault_exists (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, SNAPSHOT_NAME, NULL);

  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static void
remove_stale_temporaries (SessioVault *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->dir, 0, NULL);
  const char *name;

  /* Leftovers of a fold interrupted by a crash: encrypted, but useless. */
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".tmp") &&
        (g_str_has_prefix (name, SNAPSHOT_NAME) || g_str_has_prefix (name, JOURNAL_NAME)))
      {
        g_autofree char *path = g_build_filename (self->dir, name, NULL);
        g_unlink (path);
      }
}

/* Reads the recovery public key stored in the database, if any. */
static void
load_recovery_public (SessioVault *self)
{
  sqlite3_stmt *stmt = NULL;

  self->has_recovery_public = FALSE;
  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM setting WHERE key = '" RECOVERY_PUBLIC_SETTING "'",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW &&
      sqlite3_column_type (stmt, 0) == SQLITE_BLOB &&
      sqlite3_column_bytes (stmt, 0) == SESSIO_RECOVERY_PUBLIC_BYTES)
    {
      memcpy (self->recovery_public, sqlite3_column_blob (stmt, 0), SESSIO_RECOVERY_PUBLIC_BYTES);
      self->has_recovery_public = TRUE;
    }
  sqlite3_finalize (stmt);
}

/* Stores @public_key in the database, outside a journaled transaction:
 * only ever right before a fold, which makes it durable (as a migration
 * is), or inside a transaction the caller commits. */
static gboolean
store_recovery_public (SessioVault  *self,
                       const guint8  public_key[SESSIO_RECOVERY_PUBLIC_BYTES],
                       GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean in_transaction = self->session != NULL;
  int rc;

  if (!in_transaction)
    self->allow_commit = TRUE;
  rc = sqlite3_prepare_v2 (self->db, "INSERT OR REPLACE INTO setting (key, value) VALUES ('"
                           RECOVERY_PUBLIC_SETTING "', ?1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_blob (stmt, 1, public_key, SESSIO_RECOVERY_PUBLIC_BYTES, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
  sqlite3_finalize (stmt);
  if (!in_transaction)
    self->allow_commit = FALSE;
  if (rc != SQLITE_OK)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("Not enough memory to save the change"));
      return FALSE;
    }
  memcpy (self->recovery_public, public_key, SESSIO_RECOVERY_PUBLIC_BYTES);
  self->has_recovery_public = TRUE;
  return TRUE;
}

static gboolean open_journal_for_append (SessioVault *self, gsize valid_len, GError **error);
static gboolean fold_sync (SessioVault *self, const SessioVaultHeader *wraps, GError **error);
static gboolean write_journal_tmp (SessioVault *self, guint64 generation, const char *tmp_path,
                                   gsize *len, GError **error);

/* Replays the journal onto the freshly loaded snapshot.  Sets
 * *@needs_fold when the journal belongs to the previous generation (a
 * crash between a fold's two renames). */
static gboolean
replay_journal (SessioVault  *self,
                gboolean     *needs_fold,
                gsize        *valid_len,
                GError      **error)
{
  g_autofree guint8 *data = NULL;
  SessioJournalHeader jh;
  gsize len = 0, offset;
  gboolean missing;
  guint64 seq = 0, skip = 0;
  gboolean ok = TRUE;

  *needs_fold = FALSE;

  if (!read_file (self->journal_path, &data, &len, &missing, error))
    {
      /* A vault is never without its journal: creation and folds write
       * the journal before the snapshot that needs it. */
      if (missing)
        {
          g_clear_error (error);
          return set_damaged (error);
        }
      return FALSE;
    }

  if (!sessio_journal_header_parse (data, len, &jh, error))
    return FALSE;

  if (memcmp (jh.vault_id, self->header.vault_id, SESSIO_VAULT_ID_BYTES) != 0)
    return set_damaged (error);

  if (jh.generation == self->header.generation)
    skip = 0;
  else if (jh.generation + 1 == self->header.generation)
    {
      /* The snapshot already holds the first folded_count records. */
      skip = self->header.folded_count;
      *needs_fold = TRUE;
    }
  else
    return set_damaged (error);

  if (!sessio_db_exec (self->db, "BEGIN", error))
    return FALSE;

  offset = SESSIO_JOURNAL_HEADER_SIZE;
  for (;;)
    {
      const guint8 *record = NULL;
      gsize record_len = 0, plain_len = 0, start = offset;
      g_autofree guint8 *plain = NULL;
      SessioJournalNext next = sessio_journal_next (data, len, &offset, &record, &record_len);

      if (next == SESSIO_JOURNAL_NEXT_END || next == SESSIO_JOURNAL_NEXT_TORN)
        break;
      if (next == SESSIO_JOURNAL_NEXT_DAMAGED)
        {
          ok = set_damaged (error);
          break;
        }

      plain = sessio_journal_open_record (self->journal_key, jh.vault_id, jh.generation, seq,
                                          record, record_len, &plain_len);
      if (plain == NULL)
        {
          if (sessio_journal_is_torn (data, len, record, record_len))
            offset = start;
          else
            ok = set_damaged (error);
          break;
        }

      if (seq >= skip)
        {
          ok = apply_changeset (self, plain, plain_len, error);
          /* Records the snapshot does not hold yet go into the journal of
           * its generation when open() finishes the interrupted fold. */
          if (ok && *needs_fold)
            g_ptr_array_add (self->pending, g_bytes_new (plain, plain_len));
        }
      sodium_memzero (plain, plain_len);
      if (!ok)
        break;
      seq++;
    }

  /* Fewer records than the snapshot says it folded: an older journal. */
  if (ok && seq < skip)
    ok = set_damaged (error);

  self->allow_commit = TRUE;
  if (!sessio_db_exec (self->db, ok ? "COMMIT" : "ROLLBACK", ok ? error : NULL))
    ok = FALSE;
  self->allow_commit = FALSE;

  sodium_memzero (data, len);
  self->journal_count = seq;
  *valid_len = offset;
  return ok;
}

static gboolean rewrap_passphrase (SessioVault *self, const char *passphrase,
                                   const SessioVaultKdf *kdf, GError **error);

/* A vault made on a busy machine by an older Sessio may have got weak key
 * derivation (down to 64 MiB, 2 passes).  At an unlock with the
 * passphrase, parameters below today's minimum are raised to it: a new
 * passphrase wrap of the same data key and a fold, nothing re-encrypted
 * but the snapshot.  SESSIO_TEST_KDF_FLOOR=1 (the test suite) leaves the
 * floor parameters of test vaults alone, so that tests stay fast. */
static void
strengthen_kdf (SessioVault *self,
                const char  *passphrase)
{
  g_autoptr(GError) error = NULL;
  SessioVaultKdf kdf;

  if (g_strcmp0 (g_getenv ("SESSIO_TEST_KDF_FLOOR"), "1") == 0 ||
      !sessio_vault_kdf_is_below_minimum (&self->header.kdf))
    return;

  sessio_vault_kdf_minimum (&kdf);
  kdf.opslimit = MAX (kdf.opslimit, self->header.kdf.opslimit);
  kdf.memlimit = MAX (kdf.memlimit, self->header.kdf.memlimit);
  /* The vault is open and sound either way: a failure here (no memory
   * for the stronger KDF right now) is tried again at the next unlock. */
  if (!rewrap_passphrase (self, passphrase, &kdf, &error))
    g_warning ("Could not strengthen the vault's key derivation: %s", error->message);
}

/* Reads the snapshot's header into @head and self->header, and its body
 * into a buffer of sqlite3_malloc64() (returned), still encrypted.  Read
 * by hand rather than with g_file_get_contents(): the body goes straight
 * into the buffer SQLite will own and is decrypted in place, which saves
 * a copy of the whole database at every unlock. */
static guint8 *
read_snapshot (SessioVault  *self,
               guint8        head[SESSIO_VAULT_HEADER_MAX],
               GError      **error)
{
  gsize head_len, file_len;
  guint8 *body;
  struct stat st;
  int fd;

  fd = open (self->snapshot_path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND,
                             _("There is no vault in this folder"));
      else
        g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                     _("Could not read the vault: %s"), g_strerror (saved_errno));
      return NULL;
    }
  if (fstat (fd, &st) != 0)
    {
      close (fd);
      set_io_error (error, errno);
      return NULL;
    }
  file_len = (gsize) st.st_size;
  head_len = MIN (file_len, SESSIO_VAULT_HEADER_MAX);

  if (!read_at (fd, head, head_len, 0) ||
      !sessio_vault_header_parse (head, head_len, &self->header, error))
    {
      close (fd);
      if (error != NULL && *error == NULL)
        set_damaged (error);
      return NULL;
    }

  /* The file is exactly header + body: anything cut off or appended is
   * damage, caught here before any expensive work. */
  if (file_len - SESSIO_VAULT_HEADER_SIZE != self->header.body_len)
    {
      close (fd);
      set_damaged (error);
      return NULL;
    }

  body = sqlite3_malloc64 (self->header.body_len);
  if (body == NULL)
    {
      close (fd);
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("Not enough memory to open the vault"));
      return NULL;
    }
  if (!read_at (fd, body, self->header.body_len, SESSIO_VAULT_HEADER_SIZE))
    {
      close (fd);
      sqlite3_free (body);
      set_damaged (error);
      return NULL;
    }
  close (fd);
  return body;
}

/* The data key, unwrapped with the passphrase or the recovery key (or,
 * for tests, @known_data_key as it is); NULL with @error set. */
static guint8 *
unwrap_data_key (SessioVault   *self,
                 const char    *passphrase,
                 const guint8  *recovery_key,
                 const guint8  *known_data_key,
                 GError       **error)
{
  guint8 aad[64];
  gsize aad_len;
  guint8 *kek, *data_key;

  if (known_data_key != NULL)
    {
      /* Tests only (sessio-vault-private.h): every check but the KDF and
       * the unwrap, which the header's checksum precedes. */
      return sessio_key_dup (known_data_key);
    }
  else if (passphrase != NULL)
    {
      kek = sessio_key_derive_passphrase (passphrase, self->header.salt, &self->header.kdf, error);
      if (kek == NULL)
        return NULL;
      aad_len = sessio_vault_header_wrap_aad (&self->header, SESSIO_WRAP_PASSPHRASE, aad);
      data_key = sessio_key_unwrap (kek, aad, aad_len, self->header.pass_nonce, self->header.pass_wrapped);
      sessio_key_free (kek);
    }
  else
    {
      aad_len = sessio_vault_header_wrap_aad (&self->header, SESSIO_WRAP_RECOVERY, aad);
      data_key = sessio_recovery_unwrap (recovery_key, aad, aad_len, self->header.recovery_nonce,
                                         self->header.recovery_wrapped);
    }

  if (data_key == NULL)
    {
      if (passphrase != NULL)
        g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_WRONG_PASSPHRASE,
                             _("The passphrase is not correct"));
      else
        g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_WRONG_PASSPHRASE,
                             _("This recovery key does not open this vault"));
    }
  return data_key;
}

/* A crash between a fold's two renames: the snapshot is the new
 * generation, the journal still the old one.  Finishes the fold by
 * writing the new generation's journal with the records the snapshot does
 * not hold. */
static gboolean
finish_interrupted_fold (SessioVault  *self,
                         gsize        *valid_len,
                         GError      **error)
{
  g_autofree char *journal_tmp = g_strconcat (self->journal_path, ".tmp", NULL);

  if (!write_journal_tmp (self, self->header.generation, journal_tmp, valid_len, error) ||
      !rename_durably (journal_tmp, self->journal_path, self->dir, error))
    return FALSE;
  self->journal_count = self->pending->len;
  g_ptr_array_set_size (self->pending, 0);
  return TRUE;
}

/* Compares the vault with the newest generation this computer saw of it:
 * sets history_unknown, journal_cut and rolled_back, and remembers this
 * generation unless it is an older copy. */
static void
check_history (SessioVault *self)
{
  g_autofree char *state_path = state_file_path ();
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *key = vault_id_hex (self->header.vault_id);
  g_autofree char *seen = NULL;
  guint64 gen = 0, count = 0, rec_gen = 0, rec_count = 0;
  gboolean have_seen, have_records;

  /* The newest this computer saw: the generations file (open, fold,
   * close) or the records file (every commit), whichever is newer. */
  g_key_file_load_from_file (keyfile, state_path, G_KEY_FILE_NONE, NULL);
  seen = g_key_file_get_string (keyfile, "generations", key, NULL);
  have_seen = seen != NULL &&
              sscanf (seen, "%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, &gen, &count) == 2;
  have_records = records_file_read (self->header.vault_id, &rec_gen, &rec_count);
  if (have_records && (!have_seen || rec_gen > gen || (rec_gen == gen && rec_count > count)))
    {
      gen = rec_gen;
      count = rec_count;
    }

  self->history_unknown = !have_seen && !have_records;
  /* Records committed in this generation that the journal no longer
   * holds: cut off its end, or an older copy of it put back. */
  self->journal_cut = !self->history_unknown && gen == self->header.generation &&
                      count > self->journal_count;
  self->rolled_back = remember_generation (self->header.vault_id, self->header.generation,
                                           self->journal_count);
  if (!self->history_unknown && (gen > self->header.generation || self->journal_cut))
    self->rolled_back = TRUE;
  if (!self->rolled_back)
    {
      records_file_open (self);
      records_file_write (self);
    }
}

static SessioVault *
vault_open (const char    *dir,
            const char    *passphrase,
            const guint8  *recovery_key,
            const guint8  *known_data_key,
            GError       **error)
{
  g_autoptr(SessioVault) self = NULL;
  guint8 head[SESSIO_VAULT_HEADER_MAX];
  gsize valid_len = 0;
  guint8 *data_key, *plain;
  unsigned long long plain_len = 0;
  gboolean needs_fold, migrated, ok;

  /* Before the lock: a folder that holds no vault must not get a lock
   * file from merely being tried. */
  if (!sessio_vault_exists (dir))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND,
                           _("There is no vault in this folder"));
      return NULL;
    }

  self = vault_new_locked (dir, error);
  if (self == NULL)
    return NULL;

  plain = read_snapshot (self, head, error);
  if (plain == NULL)
    return NULL;

  data_key = unwrap_data_key (self, passphrase, recovery_key, known_data_key, error);
  if (data_key == NULL)
    {
      sqlite3_free (plain);
      return NULL;
    }
  set_data_key (self, data_key);

  /* In place (libsodium verifies the tag before it writes a byte); the
   * buffer then goes to sqlite3_deserialize(), 16 bytes larger than the
   * database, which SQLite does not mind. */
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (plain, &plain_len, NULL,
                                                  plain, self->header.body_len,
                                                  head, SESSIO_VAULT_HEADER_SIZE,
                                                  self->header.body_nonce,
                                                  self->snapshot_key) != 0)
    {
      sqlite3_free (plain);
      set_damaged (error);
      return NULL;
    }

  if (!load_database (self, plain, plain_len, error))
    return NULL;

  if (!replay_journal (self, &needs_fold, &valid_len, error))
    return NULL;

  self->allow_commit = TRUE;
  ok = sessio_schema_migrate (self->db, &migrated, error);
  self->allow_commit = FALSE;
  if (!ok)
    return NULL;

  load_recovery_public (self);
  /* Opened with the recovery key of a vault made before the public key
   * was stored: known now, stored with the passphrase change that
   * recovery always ends with. */
  if (recovery_key != NULL && !self->has_recovery_public)
    {
      sessio_recovery_public_key (recovery_key, self->recovery_public);
      self->has_recovery_public = TRUE;
    }

  remove_stale_temporaries (self);

  if (needs_fold && !finish_interrupted_fold (self, &valid_len, error))
    return NULL;

  if (!open_journal_for_append (self, valid_len, error))
    return NULL;

  check_history (self);

  /* Schema changes are not journaled (the session extension records rows,
   * not DDL): a migrated database goes straight into a new snapshot,
   * unless this is an older copy, which nothing may write to before the
   * user accepts it. */
  if (migrated && self->rolled_back)
    self->migration_unsaved = TRUE;
  else if (migrated && !fold_sync (self, NULL, error))
    return NULL;

  /* Never on an older copy: nothing is written to it before it is
   * accepted (the next unlock does it then). */
  if (passphrase != NULL && !self->rolled_back)
    strengthen_kdf (self, passphrase);

  self->ready = TRUE;
  return g_steal_pointer (&self);
}

SessioVault *
sessio_vault_open (const char  *dir,
                   const char  *passphrase,
                   GError     **error)
{
  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);

  return vault_open (dir, passphrase, NULL, NULL, error);
}

SessioVault *
sessio_vault_open_with_recovery_key (const char  *dir,
                                     const char  *recovery_key,
                                     GError     **error)
{
  guint8 *key;
  SessioVault *self;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (recovery_key != NULL, NULL);

  key = sessio_recovery_key_parse (recovery_key, error);
  if (key == NULL)
    return NULL;
  self = vault_open (dir, NULL, key, NULL, error);
  sessio_key_free (key);
  return self;
}

typedef struct
{
  char    *dir;
  char    *secret;        /* sodium_malloc()ed */
  gboolean is_recovery;
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_free (job->dir);
  if (job->secret != NULL)
    sodium_free (job->secret);
  g_free (job);
}

static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenJob *job = task_data;
  GError *error = NULL;
  SessioVault *vault;

  if (job->is_recovery)
    vault = sessio_vault_open_with_recovery_key (job->dir, job->secret, &error);
  else
    vault = sessio_vault_open (job->dir, job->secret, &error);

  if (vault == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, vault, g_object_unref);
}

void
sessio_vault_open_async (const char          *dir,
                         const char          *passphrase,
                         const char          *recovery_key,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  OpenJob *job = g_new0 (OpenJob, 1);
  const char *secret = passphrase != NULL ? passphrase : recovery_key;
  gsize len;

  g_return_if_fail (dir != NULL);
  g_return_if_fail ((passphrase == NULL) != (recovery_key == NULL));

  g_task_set_source_tag (task, sessio_vault_open_async);
  len = strlen (secret) + 1;
  job->dir = g_strdup (dir);
  job->secret = sodium_malloc (len);
  memcpy (job->secret, secret, len);
  job->is_recovery = recovery_key != NULL;
  g_task_set_task_data (task, job, (GDestroyNotify) open_job_free);
  g_task_run_in_thread (task, open_thread);
}

SessioVault *
sessio_vault_open_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Opens journal.sessio for appending, cutting off a torn final record
 * (never acknowledged: its commit had not returned). */
static gboolean
open_journal_for_append (SessioVault  *self,
                         gsize         valid_len,
                         GError      **error)
{
  struct stat st;

  if (self->journal_fd >= 0)
    close (self->journal_fd);

  /* Read and write: vault_still_ours() reads what follows our records. */
  self->journal_fd = open (self->journal_path, O_RDWR | O_CLOEXEC);
  if (self->journal_fd < 0 || fstat (self->journal_fd, &st) != 0)
    return set_io_error (error, errno);
  self->journal_dev = st.st_dev;
  self->journal_ino = st.st_ino;

  if ((gsize) st.st_size > valid_len)
    {
      if (ftruncate (self->journal_fd, (off_t) valid_len) != 0 ||
          fdatasync (self->journal_fd) != 0)
        return set_io_error (error, errno);
    }

  self->journal_size = valid_len;
  self->journal_alloc = valid_len;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Folding                                                            */

typedef struct
{
  guint               epoch;
  char               *snapshot_path;
  char               *snapshot_tmp;
  guint8             *snapshot_key;
  SessioVaultHeader   header;
  guint8             *plain;       /* sqlite3_malloc()ed copy of the database */
  gsize               plain_len;
  guint64             pending_from;
} FoldJob;

static void
fold_job_free (FoldJob *job)
{
  if (job->plain != NULL)
    {
      sodium_memzero (job->plain, job->plain_len);
      sqlite3_free (job->plain);
    }
  if (job->snapshot_tmp != NULL)
    g_unlink (job->snapshot_tmp);
  g_free (job->snapshot_tmp);
  g_free (job->snapshot_path);
  sessio_key_free (job->snapshot_key);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FoldJob, fold_job_free)

/* On the caller's thread: a consistent copy of the database, and the
 * header of the next generation.  @wraps, when given, supplies new key
 * wraps (a passphrase change). */
static FoldJob *
fold_capture (SessioVault              *self,
              const SessioVaultHeader  *wraps,
              GError                  **error)
{
  g_autoptr(FoldJob) job = g_new0 (FoldJob, 1);
  sqlite3_int64 size = 0;
  g_autofree char *tmp_name = NULL;

  if (self->session != NULL)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("Cannot write a snapshot while a change is in progress"));
      return NULL;
    }

  job->plain = sqlite3_serialize (self->db, "main", &size, 0);
  if (job->plain == NULL)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("Not enough memory to write the vault"));
      return NULL;
    }
  job->plain_len = (gsize) size;

  job->epoch = ++self->fold_epoch;
  job->snapshot_path = g_strdup (self->snapshot_path);
  tmp_name = g_strdup_printf ("%s.%u.%08x.tmp", SNAPSHOT_NAME, (guint) getpid (), randombytes_random ());
  job->snapshot_tmp = g_build_filename (self->dir, tmp_name, NULL);
  job->snapshot_key = sessio_key_dup (self->snapshot_key);

  job->header = wraps != NULL ? *wraps : self->header;
  job->header.version = SESSIO_VAULT_FORMAT_VERSION;
  job->header.generation = self->header.generation + 1;
  job->header.folded_count = self->journal_count;
  job->header.body_len = job->plain_len + SESSIO_TAG_BYTES;
  randombytes_buf (job->header.body_nonce, SESSIO_NONCE_BYTES);
  job->pending_from = self->journal_count;

  return g_steal_pointer (&job);
}

/* Thread-safe: touches only the job.  Encrypts and writes the new
 * snapshot to its temporary name and fsyncs it. */
static gboolean
fold_write (FoldJob  *job,
            GError  **error)
{
  guint8 head[SESSIO_VAULT_HEADER_SIZE];
  g_autofree guint8 *body = g_malloc (job->header.body_len);
  unsigned long long clen = 0;

  sessio_vault_header_write (&job->header, head);
  crypto_aead_xchacha20poly1305_ietf_encrypt (body, &clen, job->plain, job->plain_len,
                                              head, sizeof head, NULL,
                                              job->header.body_nonce, job->snapshot_key);

  /* The plaintext copy is not needed any more: wipe it now, not later. */
  sodium_memzero (job->plain, job->plain_len);
  sqlite3_free (job->plain);
  job->plain = NULL;

  return write_new_file (job->snapshot_tmp, head, sizeof head, body, clen, error);
}

/* Writes the journal of @generation, holding the changesets in
 * self->pending, to a temporary file (fsynced).  Returns its length. */
static gboolean
write_journal_tmp (SessioVault  *self,
                   guint64       generation,
                   const char   *tmp_path,
                   gsize        *len,
                   GError      **error)
{
  g_autoptr(GByteArray) journal = g_byte_array_new ();
  SessioJournalHeader jh = { SESSIO_VAULT_FORMAT_VERSION, { 0 }, generation };
  guint8 jhead[SESSIO_JOURNAL_HEADER_SIZE];

  memcpy (jh.vault_id, self->header.vault_id, SESSIO_VAULT_ID_BYTES);
  sessio_journal_header_write (&jh, jhead);
  g_byte_array_append (journal, jhead, sizeof jhead);

  for (guint i = 0; i < self->pending->len; i++)
    {
      gsize plain_len;
      const guint8 *plain = g_bytes_get_data (self->pending->pdata[i], &plain_len);
      g_autoptr(GBytes) sealed = sessio_journal_seal (self->journal_key, jh.vault_id,
                                                      generation, i, plain, plain_len);

      g_byte_array_append (journal, g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));
    }

  *len = journal->len;
  return write_new_file (tmp_path, journal->data, journal->len, NULL, 0, error);
}

/* Back on the vault's thread: a new journal holding what was committed
 * since the capture, then the two renames.  Order matters: the new journal
 * is complete on disk (under a temporary name) before the snapshot that
 * needs it lands; see docs/vault-format.md for each crash window. */
static gboolean
fold_complete (SessioVault  *self,
               FoldJob      *job,
               GError      **error)
{
  g_autofree char *journal_tmp = g_strconcat (self->journal_path, ".tmp", NULL);
  gboolean first = !g_file_test (self->snapshot_path, G_FILE_TEST_EXISTS);
  gsize journal_len = 0;

  /* A fold replaces both files: never over another writer's. */
  if (!vault_still_ours (self, error))
    return FALSE;

  if (!write_journal_tmp (self, job->header.generation, journal_tmp, &journal_len, error))
    return FALSE;

  /* At creation there is no snapshot yet: the journal lands first, so a
   * crash leaves a folder without a vault rather than a broken vault. */
  if (first && !rename_durably (journal_tmp, self->journal_path, self->dir, error))
    return FALSE;

  if (!rename_durably (job->snapshot_tmp, job->snapshot_path, self->dir, error))
    {
      g_unlink (journal_tmp);
      return FALSE;
    }
  g_clear_pointer (&job->snapshot_tmp, g_free);

  /* From here the new generation is the vault.  A crash before the next
   * rename leaves the previous generation's journal, which open() knows
   * how to finish (it holds everything after folded_count). */
  self->header = job->header;
  self->journal_count = 0;
  /* The old journal must not receive records of the new generation: if
   * the rename below fails, commits fail until the vault is reopened
   * (which finishes this fold). */
  if (self->journal_fd >= 0)
    {
      close (self->journal_fd);
      self->journal_fd = -1;
    }

  if (!first && !rename_durably (journal_tmp, self->journal_path, self->dir, error))
    return FALSE;

  self->journal_count = self->pending->len;
  g_ptr_array_set_size (self->pending, 0);
  self->folding = FALSE;

  if (!open_journal_for_append (self, journal_len, error))
    return FALSE;

  remember_generation (self->header.vault_id, self->header.generation, self->journal_count);
  records_file_write (self);
  return TRUE;
}

static gboolean
fold_sync (SessioVault              *self,
           const SessioVaultHeader  *wraps,
           GError                  **error)
{
  g_autoptr(FoldJob) job = NULL;

  /* A synchronous fold supersedes one in flight (its completion will see
   * a stale epoch and drop its file). */
  self->folding = TRUE;
  g_ptr_array_set_size (self->pending, 0);

  job = fold_capture (self, wraps, error);
  if (job == NULL || !fold_write (job, error) || !fold_complete (self, job, error))
    {
      self->folding = FALSE;
      g_ptr_array_set_size (self->pending, 0);
      return FALSE;
    }

  return TRUE;
}

gboolean
sessio_vault_fold (SessioVault  *self,
                   GError      **error)
{
  g_return_val_if_fail (SESSIO_IS_VAULT (self), FALSE);

  if (self->db == NULL)
    return set_locked (error);
  if (self->rolled_back)
    return set_older_copy (error);

  return fold_sync (self, NULL, error);
}

static void
fold_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (fold_write (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sessio_vault_fold_async (SessioVault         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  FoldJob *job;

  g_task_set_source_tag (task, sessio_vault_fold_async);

  if (self->db == NULL || self->rolled_back)
    {
      if (self->db == NULL)
        set_locked (&error);
      else
        set_older_copy (&error);
      g_task_return_error (task, error);
      return;
    }

  job = fold_capture (self, NULL, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  self->folding = TRUE;
  g_ptr_array_set_size (self->pending, 0);
  g_task_set_task_data (task, job, (GDestroyNotify) fold_job_free);
  g_task_run_in_thread (task, fold_thread);
}

gboolean
sessio_vault_fold_finish (SessioVault   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  GTask *task = G_TASK (result);
  FoldJob *job = g_task_get_task_data (task);

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (task, error))
    {
      if (job != NULL && job->epoch == self->fold_epoch)
        {
          self->folding = FALSE;
          g_ptr_array_set_size (self->pending, 0);
        }
      return FALSE;
    }

  /* Superseded by a later fold, or the vault was closed: the journal still
   * holds everything, the temporary file is dropped with the job. */
  if (self->db == NULL || job->epoch != self->fold_epoch)
    return TRUE;

  return fold_complete (self, job, error);
}

static void
auto_fold_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!sessio_vault_fold_finish (SESSIO_VAULT (source), result, &error))
    g_warning ("Folding the vault failed: %s", error->message);
}

void
sessio_vault_set_fold_threshold (SessioVault *self,
                                 gsize        bytes)
{
  g_return_if_fail (SESSIO_IS_VAULT (self));
  self->fold_threshold = bytes;
}

void
sessio_vault_set_auto_fold (SessioVault         *self,
                            SessioVaultAutoFold  mode)
{
  g_return_if_fail (SESSIO_IS_VAULT (self));
  self->auto_fold = mode;
}

/* ------------------------------------------------------------------ */
/* Transactions                                                       */

static int
schema_cookie (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int cookie = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA schema_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    cookie = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return cookie;
}

gboolean
sessio_vault_begin (SessioVault  *self,
                    GError      **error)
{
  g_return_val_if_fail (SESSIO_IS_VAULT (self), FALSE);

  if (self->db == NULL)
    return set_locked (error);
  if (self->rolled_back)
    return set_older_copy (error);

  if (self->session != NULL)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("A change is already in progress"));
      return FALSE;
    }

  if (!sessio_db_exec (self->db, "BEGIN", error))
    return FALSE;
  self->schema_cookie = schema_cookie (self->db);

  if (sqlite3session_create (self->db, "main", &self->session) != SQLITE_OK ||
      sqlite3session_attach (self->session, NULL) != SQLITE_OK)
    {
      g_clear_pointer (&self->session, sqlite3session_delete);
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("Not enough memory to start a change"));
      return FALSE;
    }

  return TRUE;
}

void
sessio_vault_rollback (SessioVault *self)
{
  g_return_if_fail (SESSIO_IS_VAULT (self));

  g_clear_pointer (&self->session, sqlite3session_delete);
  if (self->db != NULL && !sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
sessio_vault_in_transaction (SessioVault *self)
{
  g_return_val_if_fail (SESSIO_IS_VAULT (self), FALSE);
  return self->session != NULL;
}

#define JOURNAL_CHUNK (1024 * 1024)

/* Makes room for @len more bytes of records: zeros written a megabyte at
 * a time.  Records then overwrite zeros, and the fdatasync() of a commit
 * has only data to flush, no file size or block allocation (which costs
 * a file system journal commit on ext4, and made commits 40% slower). */
static gboolean
journal_reserve (SessioVault *self,
                 gsize        len)
{
  g_autofree guint8 *zeros = NULL;
  gsize grow;

  if (self->journal_size + len <= self->journal_alloc)
    return TRUE;

  grow = MAX (JOURNAL_CHUNK, self->journal_size + len - self->journal_alloc);
  zeros = g_malloc0 (grow);
  if (!pwrite_all (self->journal_fd, zeros, grow, (off_t) self->journal_alloc))
    return FALSE;
  self->journal_alloc += grow;
  return TRUE;
}

/* Cuts the journal back to its last record (after a failed write, or to
 * take a record back): whatever follows must be zeros or nothing. */
static void
journal_cut (SessioVault *self,
             guint64      size)
{
  if (ftruncate (self->journal_fd, (off_t) size) == 0)
    fdatasync (self->journal_fd);
  self->journal_size = size;
  self->journal_alloc = size;
}

/* Writes one record and makes it durable.  On failure the journal is cut
 * back to where it was, so the next record lands at the right place. */
static gboolean
journal_append (SessioVault  *self,
                const guint8 *plain,
                gsize         plain_len,
                GError      **error)
{
  g_autoptr(GBytes) sealed = NULL;
  gsize len;
  const guint8 *data;

  if (self->journal_fd < 0)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The vault cannot be written after an error: lock it and open it again"));
      return FALSE;
    }

  if (plain_len + SESSIO_NONCE_BYTES + SESSIO_TAG_BYTES > SESSIO_JOURNAL_RECORD_MAX)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The change is too large: make it in smaller steps"));
      return FALSE;
    }

  sealed = sessio_journal_seal (self->journal_key, self->header.vault_id,
                                self->header.generation, self->journal_count,
                                plain, plain_len);
  data = g_bytes_get_data (sealed, &len);

  /* One write() for prefix and body: a crash leaves a prefix of the
   * record followed by zeros at worst, which the reader recognises as
   * torn. */
  if (!journal_reserve (self, len) ||
      !pwrite_all (self->journal_fd, data, len, (off_t) self->journal_size) ||
      fdatasync (self->journal_fd) != 0)
    {
      int saved_errno = errno;

      journal_cut (self, self->journal_size);
      return set_io_error (error, saved_errno);
    }

  self->journal_size += len;
  self->journal_count++;
  return TRUE;
}

/* A fold rewrites the whole snapshot, so its cost grows with the vault:
 * letting the journal grow to the snapshot's size keeps the folding work
 * per committed byte constant (and a replay at unlock at most doubles). */
static gsize
fold_threshold (SessioVault *self)
{
  if (self->fold_threshold != 0)
    return self->fold_threshold;
  return MAX (SESSIO_VAULT_DEFAULT_FOLD_THRESHOLD, self->header.body_len);
}

gboolean
sessio_vault_commit (SessioVault  *self,
                     GError      **error)
{
  void *changeset = NULL;
  int changeset_len = 0;
  gboolean schema_changed;
  int rc;

  g_return_val_if_fail (SESSIO_IS_VAULT (self), FALSE);

  if (self->db == NULL)
    return set_locked (error);

  if (self->session == NULL)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("No change is in progress"));
      return FALSE;
    }

  rc = sqlite3session_changeset (self->session, &changeset_len, &changeset);
  g_clear_pointer (&self->session, sqlite3session_delete);
  /* The session extension records rows, not schema changes (a migration,
   * a new index): those become durable with a fold right after COMMIT. */
  schema_changed = schema_cookie (self->db) != self->schema_cookie;
  if (rc != SQLITE_OK)
    {
      sqlite3_free (changeset);
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("Not enough memory to save the change"));
      return FALSE;
    }

  if (changeset_len > 0)
    {
      guint64 size_before = self->journal_size;
      guint64 count_before = self->journal_count;

      if (!vault_still_ours (self, error) ||
          !journal_append (self, changeset, (gsize) changeset_len, error))
        {
          sodium_memzero (changeset, (gsize) changeset_len);
          sqlite3_free (changeset);
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }

      self->allow_commit = TRUE;
      rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
      self->allow_commit = FALSE;

      if (rc != SQLITE_OK)
        {
          /* Take the record back: the journal must not hold a change the
           * database refused. */
          journal_cut (self, size_before);
          self->journal_count = count_before;
          sodium_memzero (changeset, (gsize) changeset_len);
          sqlite3_free (changeset);
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                               _("The database refused the change"));
          return FALSE;
        }

      if (self->folding)
        g_ptr_array_add (self->pending, g_bytes_new (changeset, (gsize) changeset_len));
      sodium_memzero (changeset, (gsize) changeset_len);
      records_file_write (self);
    }
  else
    {
      self->allow_commit = TRUE;
      sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
      self->allow_commit = FALSE;
    }
  sqlite3_free (changeset);

  if (schema_changed)
    return fold_sync (self, NULL, error);

  if (self->journal_size > fold_threshold (self) && !self->folding)
    {
      if (self->auto_fold == SESSIO_VAULT_AUTO_FOLD_SYNC)
        {
          g_autoptr(GError) fold_error = NULL;

          /* The commit itself is durable already; a failed fold only
           * leaves a longer journal. */
          if (!fold_sync (self, NULL, &fold_error))
            g_warning ("Folding the vault failed: %s", fold_error->message);
        }
      else if (self->auto_fold == SESSIO_VAULT_AUTO_FOLD_ASYNC)
        sessio_vault_fold_async (self, NULL, auto_fold_done, NULL);
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Creating                                                           */

/* A folder of our own is made 0700; an existing one keeps its mode (it
 * may be a folder the user chose, such as one shared with other files),
 * the vault's files themselves are 0600 either way. */
static gboolean
make_vault_dir (const char  *dir,
                GError     **error)
{
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    return TRUE;
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                   _("Could not create the vault folder: %s"), g_strerror (saved_errno));
      return FALSE;
    }
  g_chmod (dir, 0700);
  return TRUE;
}

/* Keys: a random data key, wrapped by the passphrase and by a random
 * recovery key, which is returned (sessio_key_free() it); NULL with
 * @error set when the key derivation fails. */
static guint8 *
make_keys (SessioVault           *self,
           const char            *passphrase,
           const SessioVaultKdf  *params,
           GError               **error)
{
  guint8 *data_key, *recovery, *kek;
  guint8 aad[64];
  gsize aad_len;

  self->header.version = SESSIO_VAULT_FORMAT_VERSION;
  randombytes_buf (self->header.vault_id, SESSIO_VAULT_ID_BYTES);
  randombytes_buf (self->header.salt, SESSIO_SALT_BYTES);
  self->header.kdf = *params;
  self->header.generation = 0;   /* the first fold makes generation 1 */

  kek = sessio_key_derive_passphrase (passphrase, self->header.salt, params, error);
  if (kek == NULL)
    return NULL;
  data_key = sessio_key_new_random ();
  aad_len = sessio_vault_header_wrap_aad (&self->header, SESSIO_WRAP_PASSPHRASE, aad);
  sessio_key_wrap (kek, data_key, aad, aad_len, self->header.pass_nonce, self->header.pass_wrapped);
  sessio_key_free (kek);

  recovery = sessio_key_new_random ();
  kek = sessio_key_derive_recovery (recovery);
  aad_len = sessio_vault_header_wrap_aad (&self->header, SESSIO_WRAP_RECOVERY, aad);
  sessio_key_wrap (kek, data_key, aad, aad_len, self->header.recovery_nonce,
                   self->header.recovery_wrapped);
  sessio_key_free (kek);
  set_data_key (self, data_key);
  return recovery;
}

/* The schema is built in a scratch in-memory database and loaded the
 * same way an existing vault is, so that the vault's database is always a
 * deserialized image (which sessio_vault_close() can wipe). */
static gboolean
load_new_schema (SessioVault  *self,
                 GError      **error)
{
  sqlite3 *scratch = NULL;
  unsigned char *image;
  sqlite3_int64 image_len = 0;

  if (sqlite3_open_v2 (":memory:", &scratch, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                       SQLITE_OPEN_MEMORY, NULL) != SQLITE_OK ||
      !sessio_db_exec (scratch, "PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = ON", error) ||
      !sessio_schema_migrate (scratch, NULL, error))
    {
      sqlite3_close (scratch);
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                             _("Not enough memory to create the vault"));
      return FALSE;
    }
  image = sqlite3_serialize (scratch, "main", &image_len, 0);
  sqlite3_close (scratch);
  return image != NULL && load_database (self, image, (gsize) image_len, error);
}

SessioVault *
sessio_vault_create (const char            *dir,
                     const char            *passphrase,
                     const SessioVaultKdf  *kdf,
                     char                 **recovery_key,
                     GError               **error)
{
  g_autoptr(SessioVault) self = NULL;
  SessioVaultKdf params;
  guint8 public_key[SESSIO_RECOVERY_PUBLIC_BYTES];
  guint8 *recovery;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);
  g_return_val_if_fail (recovery_key != NULL, NULL);

  if (kdf != NULL)
    params = *kdf;
  else
    sessio_vault_kdf_calibrate (&params, 0.7);

  if (!sessio_vault_kdf_is_acceptable (&params))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The key derivation parameters are below the safe minimum"));
      return NULL;
    }

  if (!make_vault_dir (dir, error))
    return NULL;

  self = vault_new_locked (dir, error);
  if (self == NULL)
    return NULL;

  if (sessio_vault_exists (dir))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("This folder already holds a vault"));
      return NULL;
    }
  remove_stale_temporaries (self);

  recovery = make_keys (self, passphrase, &params, error);
  if (recovery == NULL)
    return NULL;

  /* The recovery key's public half, so that a passphrase change can wrap
   * a new data key for it (in the first snapshot, written just below). */
  sessio_recovery_public_key (recovery, public_key);
  if (!load_new_schema (self, error) ||
      !store_recovery_public (self, public_key, error) ||
      !fold_sync (self, NULL, error))
    {
      sessio_key_free (recovery);
      return NULL;
    }

  *recovery_key = sessio_recovery_key_format (recovery);
  sessio_key_free (recovery);
  records_file_open (self);
  records_file_write (self);
  self->ready = TRUE;

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ */
/* The rest                                                           */

const char *
sessio_vault_get_dir (SessioVault *self)
{
  g_return_val_if_fail (SESSIO_IS_VAULT (self), NULL);
  return self->dir;
}

sqlite3 *
sessio_vault_get_db (SessioVault *self)
{
  g_return_val_if_fail (SESSIO_IS_VAULT (self), NULL);
  return self->db;
}

gboolean
sessio_vault_is_open (SessioVault *self)
{
  g_return_val_if_fail (SESSIO_IS_VAULT (self), FALSE);
  return self->db != NULL;
}

guint64
sessio_vault_get_generation (SessioVault *self)
{
  g_return_val_if_fail (SESSIO_IS_VAULT (self), 0);
  return self->header.generation;
}

guint64
sessio_vault_get_journal_records (SessioVault *self)
{
  g_return_val_if_fail (SESSIO_IS_VAULT (self), 0);
  return self->journal_count;
}

gboolean
sessio_vault_get_journal_cut (SessioVault *self)
{
  g_return_val_if_fail (SESSIO_IS_VAULT (self), FALSE);
  return self->journal_cut;
}

gboolean
sessio_vault_get_history_known (SessioVault *self)
{
  g_return_val_if_fail (SESSIO_IS_VAULT (self), FALSE);
  return !self->history_unknown;
}

gboolean
sessio_vault_get_rolled_back (SessioVault *self)
{
  g_return_val_if_fail (SESSIO_IS_VAULT (self), FALSE);
  return self->rolled_back;
}

gboolean
sessio_vault_accept_rollback (SessioVault  *self,
                              GError      **error)
{
  gboolean ok;

  g_return_val_if_fail (SESSIO_IS_VAULT (self), FALSE);

  if (self->db == NULL)
    return set_locked (error);
  if (!self->rolled_back)
    return TRUE;

  /* The choice goes into the audit log, in the same vault it concerns;
   * only then is this copy remembered as the newest. */
  self->rolled_back = FALSE;
  ok = sessio_vault_begin (self, error);
  ok = ok && sessio_audit_append (self->db, "accept-older-copy", "vault", 0, error);
  if (ok)
    ok = sessio_vault_commit (self, error);
  else
    sessio_vault_rollback (self);
  if (ok && self->migration_unsaved)
    ok = fold_sync (self, NULL, error);
  if (!ok)
    {
      self->rolled_back = TRUE;
      return FALSE;
    }
  self->migration_unsaved = FALSE;
  self->journal_cut = FALSE;
  remember_generation_full (self->header.vault_id, self->header.generation,
                            self->journal_count, TRUE);
  if (self->records_fd < 0)
    records_file_open (self);
  records_file_write (self);
  return TRUE;
}

static void
close_fold_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SessioVault *self = SESSIO_VAULT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) fold_error = NULL;
  GError *error = NULL;

  /* A failed fold loses nothing: the journal holds every commit.  Closing
   * then tries once more, synchronously, and reports what happened. */
  sessio_vault_fold_finish (self, result, &fold_error);

  if (sessio_vault_close (self, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * sessio_vault_close_async:
 *
 * Closes the vault without folding on the calling thread: the fold runs in
 * a worker (superseding any fold in flight), then the keys are wiped and
 * the folder released back on the calling thread's main context, where
 * every other step of the vault's life happens too.  Commits must have
 * stopped.
 */
void
sessio_vault_close_async (SessioVault         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SESSIO_IS_VAULT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sessio_vault_close_async);

  if (self->db == NULL || !self->ready || self->rolled_back || self->fenced ||
      (self->journal_count == 0 && !self->folding))
    {
      GError *error = NULL;

      if (sessio_vault_close (self, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  sessio_vault_rollback (self);
  sessio_vault_fold_async (self, cancellable, close_fold_done, task);
}

gboolean
sessio_vault_close_finish (SessioVault   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
sessio_vault_close (SessioVault  *self,
                    GError      **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (SESSIO_IS_VAULT (self), FALSE);

  /* Fenced: another writer owns the folder now; our copy in memory must
   * not be folded over its work. */
  if (self->db != NULL && self->ready && !self->fenced && !self->rolled_back)
    {
      sessio_vault_rollback (self);
      /* Everything is durable in the journal already; folding now keeps
       * the next unlock fast and leaves a single file to back up. */
      if (self->journal_count > 0 || self->folding)
        ok = fold_sync (self, NULL, error);
      else
        remember_generation (self->header.vault_id, self->header.generation, self->journal_count);
    }

  wipe_and_close_database (self);
  release_keys (self);
  g_ptr_array_set_size (self->pending, 0);
  self->folding = FALSE;
  self->ready = FALSE;
  self->fold_epoch++;

  if (self->journal_fd >= 0)
    {
      close (self->journal_fd);
      self->journal_fd = -1;
    }
  if (self->records_fd >= 0)
    {
      close (self->records_fd);
      self->records_fd = -1;
    }
  if (self->lock_fd >= 0)
    {
      close (self->lock_fd);   /* releases the flock */
      self->lock_fd = -1;
    }

  return ok;
}

/* A new salt (and @kdf), the data key wrapped for @passphrase, and a
 * fold that writes the new header. */
static gboolean
rewrap_passphrase (SessioVault           *self,
                   const char            *passphrase,
                   const SessioVaultKdf  *kdf,
                   GError               **error)
{
  SessioVaultHeader wraps;
  guint8 aad[64];
  gsize aad_len;
  guint8 *kek;

  wraps = self->header;
  wraps.kdf = *kdf;
  randombytes_buf (wraps.salt, SESSIO_SALT_BYTES);

  kek = sessio_key_derive_passphrase (passphrase, wraps.salt, &wraps.kdf, error);
  if (kek == NULL)
    return FALSE;
  aad_len = sessio_vault_header_wrap_aad (&wraps, SESSIO_WRAP_PASSPHRASE, aad);
  sessio_key_wrap (kek, self->data_key, aad, aad_len, wraps.pass_nonce, wraps.pass_wrapped);
  sessio_key_free (kek);

  /* The same data key, so the new snapshot is all that changes; the old
   * passphrase wrap is gone the moment it lands. */
  return fold_sync (self, &wraps, error);
}

/* A passphrase change that also retires the data key: someone who knows
 * the old passphrase and holds an older vault.sessio or backup can unwrap
 * the old data key there, and it must not open this vault any more.  A
 * new random data key is wrapped for the new passphrase and sealed for the
 * recovery key's public half (sessio_recovery_seal()), and the fold that
 * writes the new header encrypts the snapshot and starts the journal
 * under it.  On failure the old key stays in use. */
static gboolean
rotate_data_key (SessioVault           *self,
                 const char            *passphrase,
                 const SessioVaultKdf  *kdf,
                 GError               **error)
{
  SessioVaultHeader wraps;
  guint8 aad[64];
  gsize aad_len;
  guint8 *kek, *new_key, *old_key;
  guint8 public_key[SESSIO_RECOVERY_PUBLIC_BYTES];

  wraps = self->header;
  wraps.kdf = *kdf;
  randombytes_buf (wraps.salt, SESSIO_SALT_BYTES);

  kek = sessio_key_derive_passphrase (passphrase, wraps.salt, &wraps.kdf, error);
  if (kek == NULL)
    return FALSE;
  new_key = sessio_key_new_random ();
  aad_len = sessio_vault_header_wrap_aad (&wraps, SESSIO_WRAP_PASSPHRASE, aad);
  sessio_key_wrap (kek, new_key, aad, aad_len, wraps.pass_nonce, wraps.pass_wrapped);
  sessio_key_free (kek);
  aad_len = sessio_vault_header_wrap_aad (&wraps, SESSIO_WRAP_RECOVERY, aad);
  sessio_recovery_seal (self->recovery_public, new_key, aad, aad_len,
                        wraps.recovery_nonce, wraps.recovery_wrapped);

  /* Known since an open with the recovery key, perhaps not stored yet:
   * the fold below makes it durable. */
  memcpy (public_key, self->recovery_public, sizeof public_key);
  if (!store_recovery_public (self, public_key, error))
    {
      sessio_key_free (new_key);
      return FALSE;
    }

  old_key = sessio_key_dup (self->data_key);
  set_data_key (self, new_key);
  if (!fold_sync (self, &wraps, error))
    {
      set_data_key (self, old_key);
      return FALSE;
    }
  sessio_key_free (old_key);
  return TRUE;
}

gboolean
sessio_vault_can_rotate_data_key (SessioVault *self)
{
  g_return_val_if_fail (SESSIO_IS_VAULT (self), FALSE);
  return self->db != NULL && self->has_recovery_public;
}

gboolean
sessio_vault_change_passphrase (SessioVault           *self,
                                const char            *new_passphrase,
                                const SessioVaultKdf  *kdf,
                                GError               **error)
{
  SessioVaultKdf params;

  g_return_val_if_fail (SESSIO_IS_VAULT (self), FALSE);
  g_return_val_if_fail (new_passphrase != NULL, FALSE);

  if (self->db == NULL)
    return set_locked (error);
  if (self->rolled_back)
    return set_older_copy (error);

  if (kdf != NULL)
    {
      if (!sessio_vault_kdf_is_acceptable (kdf))
        {
          g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                               _("The key derivation parameters are below the safe minimum"));
          return FALSE;
        }
      params = *kdf;
    }
  else
    {
      /* The same parameters, raised to the minimum if they were below. */
      sessio_vault_kdf_minimum (&params);
      params.opslimit = MAX (params.opslimit, self->header.kdf.opslimit);
      params.memlimit = MAX (params.memlimit, self->header.kdf.memlimit);
      if (g_strcmp0 (g_getenv ("SESSIO_TEST_KDF_FLOOR"), "1") == 0)
        params = self->header.kdf;
    }

  if (self->has_recovery_public)
    return rotate_data_key (self, new_passphrase, &params, error);
  /* A vault whose recovery key's public half is unknown (made before it
   * was stored, and opened with the passphrase): the data key cannot be
   * wrapped anew for the recovery key, so it is kept. */
  return rewrap_passphrase (self, new_passphrase, &params, error);
}

gboolean
sessio_vault_new_recovery_key (SessioVault  *self,
                               char        **recovery_key,
                               GError      **error)
{
  SessioVaultHeader wraps;
  guint8 aad[64];
  gsize aad_len;
  guint8 *recovery, *kek;
  guint8 public_key[SESSIO_RECOVERY_PUBLIC_BYTES];
  gboolean ok;

  g_return_val_if_fail (SESSIO_IS_VAULT (self), FALSE);
  g_return_val_if_fail (recovery_key != NULL, FALSE);

  if (self->db == NULL)
    return set_locked (error);
  if (self->rolled_back)
    return set_older_copy (error);

  /* The change is audited (never the key itself) together with the new
   * key's public half, then the new wrap lands with a fold: from then on
   * the old key opens only older copies of the vault file and backups
   * made before. */
  recovery = sessio_key_new_random ();
  sessio_recovery_public_key (recovery, public_key);
  ok = sessio_vault_begin (self, error);
  ok = ok && sessio_audit_append (self->db, "new-recovery-key", "vault", 0, error);
  ok = ok && store_recovery_public (self, public_key, error);
  if (ok)
    ok = sessio_vault_commit (self, error);
  else
    sessio_vault_rollback (self);
  if (!ok)
    {
      sessio_key_free (recovery);
      load_recovery_public (self);
      return FALSE;
    }

  wraps = self->header;
  kek = sessio_key_derive_recovery (recovery);
  aad_len = sessio_vault_header_wrap_aad (&wraps, SESSIO_WRAP_RECOVERY, aad);
  sessio_key_wrap (kek, self->data_key, aad, aad_len, wraps.recovery_nonce, wraps.recovery_wrapped);
  sessio_key_free (kek);

  if (!fold_sync (self, &wraps, error))
    {
      sessio_key_free (recovery);
      return FALSE;
    }

  *recovery_key = sessio_recovery_key_format (recovery);
  sessio_key_free (recovery);
  return TRUE;
}

gboolean
sessio_vault_check (SessioVault  *self,
                    GError      **error)
{
  g_autofree guint8 *file = NULL;
  g_autofree guint8 *journal = NULL;
  g_autofree guint8 *plain = NULL;
  SessioVaultHeader header;
  SessioJournalHeader jh;
  sqlite3_stmt *stmt = NULL;
  gsize file_len = 0, journal_len = 0, offset;
  unsigned long long plain_len = 0;
  gboolean missing, ok;
  guint64 seq = 0;

  g_return_val_if_fail (SESSIO_IS_VAULT (self), FALSE);

  if (self->db == NULL)
    return set_locked (error);

  /* The database. */
  ok = sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
       sqlite3_step (stmt) == SQLITE_ROW &&
       g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  if (ok)
    {
      ok = sqlite3_prepare_v2 (self->db, "PRAGMA foreign_key_check", -1, &stmt, NULL) == SQLITE_OK &&
           sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_finalize (stmt);
    }
  if (!ok)
    return set_damaged (error);
  if (!sessio_audit_verify (self->db, error))
    return FALSE;

  /* The snapshot file, authenticated again from disk. */
  if (!read_file (self->snapshot_path, &file, &file_len, &missing, error))
    return FALSE;
  if (!sessio_vault_header_parse (file, file_len, &header, error))
    return FALSE;
  if (file_len - SESSIO_VAULT_HEADER_SIZE != header.body_len ||
      header.generation != self->header.generation ||
      memcmp (header.vault_id, self->header.vault_id, SESSIO_VAULT_ID_BYTES) != 0)
    return set_damaged (error);

  plain = g_malloc (header.body_len);
  ok = crypto_aead_xchacha20poly1305_ietf_decrypt (plain, &plain_len, NULL,
                                                   file + SESSIO_VAULT_HEADER_SIZE, header.body_len,
                                                   file, SESSIO_VAULT_HEADER_SIZE,
                                                   header.body_nonce, self->snapshot_key) == 0;
  sodium_memzero (plain, header.body_len);
  if (!ok)
    return set_damaged (error);

  /* The journal: every record authenticates, in order, and there are as
   * many as this session wrote or replayed. */
  if (!read_file (self->journal_path, &journal, &journal_len, &missing, error))
    return FALSE;
  if (!sessio_journal_header_parse (journal, journal_len, &jh, error))
    return FALSE;
  if (jh.generation != self->header.generation ||
      memcmp (jh.vault_id, self->header.vault_id, SESSIO_VAULT_ID_BYTES) != 0)
    return set_damaged (error);

  offset = SESSIO_JOURNAL_HEADER_SIZE;
  for (;;)
    {
      const guint8 *record;
      gsize record_len, rec_plain_len;
      guint8 *rec_plain;
      SessioJournalNext next = sessio_journal_next (journal, journal_len, &offset, &record, &record_len);

      if (next == SESSIO_JOURNAL_NEXT_END)
        break;
      if (next != SESSIO_JOURNAL_NEXT_RECORD)
        return set_damaged (error);

      rec_plain = sessio_journal_open_record (self->journal_key, jh.vault_id, jh.generation, seq,
                                              record, record_len, &rec_plain_len);
      if (rec_plain == NULL)
        return set_damaged (error);
      sodium_memzero (rec_plain, rec_plain_len);
      g_free (rec_plain);
      seq++;
    }

  if (seq != self->journal_count)
    return set_damaged (error);

  /* Authenticated, but shorter than this computer saw it. */
  if (self->journal_cut)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED,
                           _("The vault's journal is shorter than when it was last written on this computer: "
                             "committed changes are missing (the journal was cut, or an older copy of it put back)"));
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* For backups and tests (sessio-vault-private.h)                     */

SessioVault *
sessio_vault_open_with_data_key (const char    *dir,
                                 const guint8  *data_key,
                                 GError       **error)
{
  g_return_val_if_fail (dir != NULL && data_key != NULL, NULL);

  return vault_open (dir, NULL, NULL, data_key, error);
}

const SessioVaultHeader *
sessio_vault_get_header (SessioVault *self)
{
  g_return_val_if_fail (SESSIO_IS_VAULT (self), NULL);
  return self->db != NULL ? &self->header : NULL;
}

const guint8 *
sessio_vault_get_data_key (SessioVault *self)
{
  g_return_val_if_fail (SESSIO_IS_VAULT (self), NULL);
  return self->db != NULL ? self->data_key : NULL;
}

SessioVault *
sessio_vault_create_from_image (const char              *dir,
                                const SessioVaultHeader *keys,
                                const guint8            *data_key,
                                guint8                  *image,
                                gsize                    image_len,
                                GError                 **error)
{
  g_autoptr(SessioVault) self = NULL;
  gboolean ok, migrated;

  g_return_val_if_fail (dir != NULL && keys != NULL && data_key != NULL, NULL);

  self = vault_new_locked (dir, error);
  if (self == NULL || sessio_vault_exists (dir))
    {
      if (self != NULL)
        g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                             _("This folder already holds a vault"));
      sodium_memzero (image, image_len);
      sqlite3_free (image);
      return NULL;
    }
  remove_stale_temporaries (self);

  /* The same id and wraps: the restored vault is the same vault, opened by
   * the same passphrase and recovery key.  The fold below makes
   * generation @keys->generation, never newer than the vault the backup
   * was taken from, so a restore never makes that vault look like an
   * older copy put back (docs/backup-format.md). */
  self->header = *keys;
  self->header.version = SESSIO_VAULT_FORMAT_VERSION;
  self->header.generation = keys->generation > 0 ? keys->generation - 1 : 0;
  set_data_key (self, sessio_key_dup (data_key));

  if (!load_database (self, image, image_len, error))
    return NULL;

  self->allow_commit = TRUE;
  ok = sessio_schema_migrate (self->db, &migrated, error);
  self->allow_commit = FALSE;
  if (!ok || !fold_sync (self, NULL, error))
    return NULL;

  self->ready = TRUE;
  return g_steal_pointer (&self);
}
