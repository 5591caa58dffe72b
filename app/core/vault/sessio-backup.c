/* sessio-backup.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Header layout (little-endian), see docs/backup-format.md:
 *
 *    0  magic "SESSIOB\0"      8     160  recovery_nonce     24
 *    8  version u32            4     184  recovery_wrapped   48
 *   12  header_len u32         4     232  chunk_size u32      4
 *   16  vault_id              16     236  schema_version u32  4
 *   32  created i64            8     240  image_len u64       8
 *   40  generation u64         8     248  stream header      24
 *   48  journal_records u64    8     272  checksum           32
 *   56  opslimit u64           8          (BLAKE2b-256 of bytes 0..271)
 *   64  memlimit u64           8
 *   72  salt                  16
 *   88  pass_nonce            24
 *  112  pass_wrapped          48
 *
 * Then ceil (image_len / chunk_size) chunks (one when the image is empty),
 * each crypto_secretstream_xchacha20poly1305_push()ed with the whole header
 * as associated data; only the last carries TAG_FINAL.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sessio-backup.h"
#include "sessio-bytes-private.h"
#include "sessio-file.h"
#include "sessio-paths.h"
#include "sessio-schema.h"
#include "sessio-vault-private.h"

G_STATIC_ASSERT (SESSIO_BACKUP_STREAM_HEADER_BYTES == crypto_secretstream_xchacha20poly1305_HEADERBYTES);
G_STATIC_ASSERT (SESSIO_BACKUP_CHUNK_OVERHEAD == crypto_secretstream_xchacha20poly1305_ABYTES);

#define CHECKSUM_BYTES 32
#define LAST_BACKUP_KEY "backup_last_at"
#define AUTO_PREFIX "sessio-backup-"

static const guint8 magic[8] = { 'S', 'E', 'S', 'S', 'I', 'O', 'B', 0 };

static gboolean
set_damaged (GError **error)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED,
                       _("The backup is damaged or has been modified"));
  return FALSE;
}

static gboolean
set_truncated (GError **error)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED,
                       _("The backup is incomplete: the file was cut short"));
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Header                                                             */

static guint64
n_chunks (guint64 image_len,
          guint32 chunk_size)
{
  return image_len == 0 ? 1 : (image_len + chunk_size - 1) / chunk_size;
}

guint64
sessio_backup_file_size (guint64 image_len,
                         guint32 chunk_size)
{
  return SESSIO_BACKUP_HEADER_SIZE + image_len +
         n_chunks (image_len, chunk_size) * SESSIO_BACKUP_CHUNK_OVERHEAD;
}

gboolean
sessio_backup_header_parse (const guint8        *data,
                            gsize                len,
                            guint64              file_len,
                            SessioBackupHeader  *header,
                            GError             **error)
{
  guint8 sum[CHECKSUM_BYTES];
  guint32 header_len;

  memset (header, 0, sizeof *header);

  if (len < 16 || memcmp (data, magic, sizeof magic) != 0)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED,
                           _("This file is not a Sessio backup, or its beginning is damaged"));
      return FALSE;
    }

  /* As in the vault header: the checksum before the version, so that one
   * damaged byte is reported as damage and never costs a KDF run.  Its
   * place follows header_len so that later versions can grow the header. */
  header_len = sessio_get_u32 (data + 12);
  if (header_len < 16 + CHECKSUM_BYTES || header_len > 65536 || header_len > len)
    return set_damaged (error);

  crypto_generichash (sum, sizeof sum, data, header_len - CHECKSUM_BYTES, NULL, 0);
  if (sodium_memcmp (sum, data + header_len - CHECKSUM_BYTES, sizeof sum) != 0)
    return set_damaged (error);

  header->version = sessio_get_u32 (data + 8);
  if (header->version == 0)
    return set_damaged (error);
  if (header->version > SESSIO_BACKUP_FORMAT_VERSION)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_NEWER_VERSION,
                           _("This backup was made by a newer version of Sessio: update Sessio to read it"));
      return FALSE;
    }
  if (header_len != SESSIO_BACKUP_HEADER_SIZE)
    return set_damaged (error);

  memcpy (header->vault_id, data + 16, sizeof header->vault_id);
  header->created = (gint64) sessio_get_u64 (data + 32);
  header->generation = sessio_get_u64 (data + 40);
  header->journal_records = sessio_get_u64 (data + 48);
  header->kdf.opslimit = sessio_get_u64 (data + 56);
  header->kdf.memlimit = sessio_get_u64 (data + 64);
  memcpy (header->salt, data + 72, SESSIO_SALT_BYTES);
  memcpy (header->pass_nonce, data + 88, SESSIO_NONCE_BYTES);
  memcpy (header->pass_wrapped, data + 112, SESSIO_WRAPPED_KEY_BYTES);
  memcpy (header->recovery_nonce, data + 160, SESSIO_NONCE_BYTES);
  memcpy (header->recovery_wrapped, data + 184, SESSIO_WRAPPED_KEY_BYTES);
  header->chunk_size = sessio_get_u32 (data + 232);
  header->schema_version = sessio_get_u32 (data + 236);
  header->image_len = sessio_get_u64 (data + 240);
  memcpy (header->stream_header, data + 248, SESSIO_BACKUP_STREAM_HEADER_BYTES);

  if (!sessio_vault_kdf_is_acceptable (&header->kdf) ||
      header->generation == 0 ||
      header->chunk_size < SESSIO_BACKUP_CHUNK_MIN ||
      header->chunk_size > SESSIO_BACKUP_CHUNK_MAX ||
      (header->chunk_size & (header->chunk_size - 1)) != 0 ||
      header->image_len > G_MAXSIZE / 2)
    return set_damaged (error);

  /* The exact length, checked before any decryption: a cut-off copy (a
   * USB disk pulled too early, a full NAS) gets its own clear message. */
  if (file_len != sessio_backup_file_size (header->image_len, header->chunk_size))
    {
      if (file_len < sessio_backup_file_size (header->image_len, header->chunk_size))
        set_truncated (error);
      else
        set_damaged (error);
      return FALSE;
    }

  return TRUE;
}

void
sessio_backup_header_write (const SessioBackupHeader *header,
                            guint8                    out[SESSIO_BACKUP_HEADER_SIZE])
{
  memcpy (out, magic, sizeof magic);
  sessio_put_u32 (out + 8, header->version);
  sessio_put_u32 (out + 12, SESSIO_BACKUP_HEADER_SIZE);
  memcpy (out + 16, header->vault_id, sizeof header->vault_id);
  sessio_put_u64 (out + 32, (guint64) header->created);
  sessio_put_u64 (out + 40, header->generation);
  sessio_put_u64 (out + 48, header->journal_records);
  sessio_put_u64 (out + 56, header->kdf.opslimit);
  sessio_put_u64 (out + 64, header->kdf.memlimit);
  memcpy (out + 72, header->salt, SESSIO_SALT_BYTES);
  memcpy (out + 88, header->pass_nonce, SESSIO_NONCE_BYTES);
  memcpy (out + 112, header->pass_wrapped, SESSIO_WRAPPED_KEY_BYTES);
  memcpy (out + 160, header->recovery_nonce, SESSIO_NONCE_BYTES);
  memcpy (out + 184, header->recovery_wrapped, SESSIO_WRAPPED_KEY_BYTES);
  sessio_put_u32 (out + 232, header->chunk_size);
  sessio_put_u32 (out + 236, header->schema_version);
  sessio_put_u64 (out + 240, header->image_len);
  memcpy (out + 248, header->stream_header, SESSIO_BACKUP_STREAM_HEADER_BYTES);
  crypto_generichash (out + 272, CHECKSUM_BYTES, out, 272, NULL, 0);
}

/* The key wraps are the vault's, checked with the vault's own rules: the
 * backup header carries the same fields the vault header binds. */
static void
vault_header_from_backup (const SessioBackupHeader *header,
                          SessioVaultHeader        *vh)
{
  memset (vh, 0, sizeof *vh);
  vh->version = SESSIO_VAULT_FORMAT_VERSION;
  memcpy (vh->vault_id, header->vault_id, SESSIO_VAULT_ID_BYTES);
  vh->generation = header->generation;
  vh->kdf = header->kdf;
  memcpy (vh->salt, header->salt, SESSIO_SALT_BYTES);
  memcpy (vh->pass_nonce, header->pass_nonce, SESSIO_NONCE_BYTES);
  memcpy (vh->pass_wrapped, header->pass_wrapped, SESSIO_WRAPPED_KEY_BYTES);
  memcpy (vh->recovery_nonce, header->recovery_nonce, SESSIO_NONCE_BYTES);
  memcpy (vh->recovery_wrapped, header->recovery_wrapped, SESSIO_WRAPPED_KEY_BYTES);
}

/* ------------------------------------------------------------------ */
/* Stream                                                             */

GBytes *
sessio_backup_encode (SessioBackupHeader *header,
                      const guint8       *data_key,
                      const guint8       *image,
                      gsize               image_len,
                      guint32             chunk_size)
{
  crypto_secretstream_xchacha20poly1305_state state;
  guint8 *key = sessio_key_derive_subkey (data_key, SESSIO_SUBKEY_BACKUP);
  guint64 chunks = n_chunks (image_len, chunk_size);
  gsize total = (gsize) sessio_backup_file_size (image_len, chunk_size);
  guint8 *out = g_malloc (total);
  guint8 *p = out + SESSIO_BACKUP_HEADER_SIZE;

  g_return_val_if_fail (chunk_size >= SESSIO_BACKUP_CHUNK_MIN && chunk_size <= SESSIO_BACKUP_CHUNK_MAX, NULL);

  header->version = SESSIO_BACKUP_FORMAT_VERSION;
  header->chunk_size = chunk_size;
  header->image_len = image_len;
  crypto_secretstream_xchacha20poly1305_init_push (&state, header->stream_header, key);
  sessio_key_free (key);
  sessio_backup_header_write (header, out);

  for (guint64 i = 0; i < chunks; i++)
    {
      gsize off = (gsize) (i * chunk_size);
      gsize n = MIN ((gsize) chunk_size, image_len - off);
      guint8 tag = i + 1 == chunks ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                   : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
      unsigned long long clen = 0;

      crypto_secretstream_xchacha20poly1305_push (&state, p, &clen, image + off, n,
                                                  out, SESSIO_BACKUP_HEADER_SIZE, tag);
      p += clen;
    }
  sodium_memzero (&state, sizeof state);
  g_assert ((gsize) (p - out) == total);

  return g_bytes_new_take (out, total);
}

guint8 *
sessio_backup_decode (const guint8        *data,
                      gsize                len,
                      const guint8        *data_key,
                      SessioBackupHeader  *header,
                      gsize               *image_len,
                      GError             **error)
{
  crypto_secretstream_xchacha20poly1305_state state;
  guint8 *key, *image;
  const guint8 *p;
  guint64 chunks;
  gsize out = 0;

  if (!sessio_backup_header_parse (data, len, len, header, error))
    return NULL;

  key = sessio_key_derive_subkey (data_key, SESSIO_SUBKEY_BACKUP);
  if (crypto_secretstream_xchacha20poly1305_init_pull (&state, header->stream_header, key) != 0)
    {
      sessio_key_free (key);
      set_damaged (error);
      return NULL;
    }
  sessio_key_free (key);

  /* +1: sqlite3_malloc64 (0) returns NULL. */
  image = sqlite3_malloc64 (header->image_len + 1);
  if (image == NULL)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("Not enough memory to read the backup"));
      return NULL;
    }

  chunks = n_chunks (header->image_len, header->chunk_size);
  p = data + SESSIO_BACKUP_HEADER_SIZE;
  for (guint64 i = 0; i < chunks; i++)
    {
      gsize n = (gsize) MIN ((guint64) header->chunk_size, header->image_len - out);
      unsigned long long plen = 0;
      guint8 tag = 0;
      gboolean last = i + 1 == chunks;

      /* The length check in the header parse makes every chunk fit. */
      gboolean authentic = crypto_secretstream_xchacha20poly1305_pull (&state, image + out, &plen, &tag,
                                                                       p, n + SESSIO_BACKUP_CHUNK_OVERHEAD,
                                                                       data, SESSIO_BACKUP_HEADER_SIZE) == 0 &&
                           plen == n;

      if (!authentic ||
          tag != (last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                       : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE))
        {
          sodium_memzero (&state, sizeof state);
          sodium_memzero (image, out + (authentic ? n : 0));
          sqlite3_free (image);
          /* An authentic last chunk that says more was to come: the
           * writer stopped before the end of the stream (what a cut at a
           * chunk boundary would give, were the header not bound to the
           * length).  TAG_FINAL anywhere else is damage. */
          if (authentic && last && tag == crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
            set_truncated (error);
          else
            set_damaged (error);
          return NULL;
        }
      out += n;
      p += n + SESSIO_BACKUP_CHUNK_OVERHEAD;
    }
  sodium_memzero (&state, sizeof state);

  *image_len = out;
  return image;
}

guint8 *
sessio_backup_unlock (const SessioBackupHeader  *header,
                      const char                *passphrase,
                      const char                *recovery_key,
                      GError                   **error)
{
  SessioVaultHeader vh;
  guint8 aad[64];
  gsize aad_len;
  guint8 *kek, *data_key;

  g_return_val_if_fail ((passphrase == NULL) != (recovery_key == NULL), NULL);

  vault_header_from_backup (header, &vh);
  if (passphrase != NULL)
    {
      kek = sessio_key_derive_passphrase (passphrase, vh.salt, &vh.kdf, error);
      if (kek == NULL)
        return NULL;
      aad_len = sessio_vault_header_wrap_aad (&vh, SESSIO_WRAP_PASSPHRASE, aad);
      data_key = sessio_key_unwrap (kek, aad, aad_len, vh.pass_nonce, vh.pass_wrapped);
    }
  else
    {
      guint8 *recovery = sessio_recovery_key_parse (recovery_key, error);

      if (recovery == NULL)
        return NULL;
      /* Either kind of recovery wrap: the symmetric one, or the one a
       * passphrase change that replaced the data key sealed. */
      kek = NULL;
      aad_len = sessio_vault_header_wrap_aad (&vh, SESSIO_WRAP_RECOVERY, aad);
      data_key = sessio_recovery_unwrap (recovery, aad, aad_len, vh.recovery_nonce, vh.recovery_wrapped);
      sessio_key_free (recovery);
    }
  if (kek != NULL)
    sessio_key_free (kek);

  if (data_key == NULL)
    {
      if (passphrase != NULL)
        g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_WRONG_PASSPHRASE,
                             _("This passphrase does not open the backup: it needs the passphrase the vault had when the backup was made"));
      else
        g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_WRONG_PASSPHRASE,
                             _("This recovery key does not open the backup"));
    }
  return data_key;
}

/* ------------------------------------------------------------------ */
/* Files                                                              */

/* Hidden temporaries left in @dir by a backup that crashed or was killed
 * (".NAME.PID.RANDOM.tmp"): removed when their writer is no longer
 * running here and they have not changed for a minute (a folder on a
 * network share may be written to by another computer, whose process ids
 * mean nothing here; a backup in progress there keeps its file fresh). */
static void
remove_stale_temporaries (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      g_auto(GStrv) parts = NULL;
      g_autofree char *path = NULL;
      guint n;
      guint64 pid;
      GStatBuf st;

      if (!sessio_file_is_temporary (name))
        continue;
      parts = g_strsplit (name, ".", -1);
      n = g_strv_length (parts);
      /* "", NAME…, PID, RANDOM, "tmp" */
      pid = g_ascii_strtoull (parts[n - 3], NULL, 10);
      if (kill ((pid_t) pid, 0) == 0 || errno != ESRCH)
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode) || now - (gint64) st.st_mtime < 60)
        continue;
      g_unlink (path);
    }
}

/* A new 0600 file under a temporary name in the same folder, fsynced,
 * then linked to @path: link() fails when @path exists, so an existing
 * file is never replaced, not even one that appeared meanwhile. */
static gboolean
write_backup_file (const char  *path,
                   GBytes      *bytes,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  remove_stale_temporaries (dir);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("A file with this name already exists: choose another name"));
      return FALSE;
    }

  if (!sessio_file_write_private_full (path, data, len, SESSIO_FILE_WRITE_NO_REPLACE,
                                       &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                             _("A file with this name already exists: choose another name"));
      else
        g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                     _("Could not write the backup: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
record_last (SessioVault  *vault,
             gint64        when,
             GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!sessio_vault_begin (vault, error))
    return FALSE;
  sqlite3_prepare_v2 (sessio_vault_get_db (vault),
                      "INSERT INTO setting (key, value) VALUES ('" LAST_BACKUP_KEY "', ?)"
                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, when);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      sessio_vault_rollback (vault);
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("Could not record the time of the backup"));
      return FALSE;
    }
  return sessio_vault_commit (vault, error);
}

gint64
sessio_backup_get_last (SessioVault *vault)
{
  sqlite3 *db = sessio_vault_get_db (vault);
  sqlite3_stmt *stmt = NULL;
  gint64 when = 0;

  if (db == NULL)
    return 0;
  if (sqlite3_prepare_v2 (db, "SELECT value FROM setting WHERE key = '" LAST_BACKUP_KEY "'",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    when = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return when;
}

gboolean
sessio_backup_is_due (SessioVault *vault,
                      gint64       now,
                      guint        max_age_days)
{
  gint64 last = sessio_backup_get_last (vault);

  return last <= 0 || now - last > (gint64) max_age_days * 24 * 3600;
}

/* A backup about to be written: everything the worker needs, copied on
 * the vault's thread. */
typedef struct
{
  SessioBackupHeader  header;
  guint8             *data_key;
  guint8             *image;
  gsize               image_len;
  char               *path;
} BackupJob;

static void
backup_job_free (BackupJob *job)
{
  if (job->image != NULL)
    {
      sodium_memzero (job->image, job->image_len);
      sqlite3_free (job->image);
    }
  sessio_key_free (job->data_key);
  g_free (job->path);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BackupJob, backup_job_free)

static BackupJob *
backup_capture (SessioVault  *vault,
                const char   *path,
                GError      **error)
{
  g_autoptr(BackupJob) job = g_new0 (BackupJob, 1);
  const SessioVaultHeader *vh = sessio_vault_get_header (vault);
  sqlite3 *db = sessio_vault_get_db (vault);
  sqlite3_int64 size = 0;
  int schema;

  if (vh == NULL || db == NULL)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_LOCKED, _("The vault is locked"));
      return NULL;
    }
  if (sessio_vault_in_transaction (vault))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("Cannot make a backup while a change is in progress"));
      return NULL;
    }

  /* The in-memory database holds every committed transaction: its image
   * is as consistent as a fold's. */
  job->image = sqlite3_serialize (db, "main", &size, 0);
  if (job->image == NULL && size != 0)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("Not enough memory to make the backup"));
      return NULL;
    }
  job->image_len = (gsize) size;
  schema = sessio_schema_get_version (db);

  memcpy (job->header.vault_id, vh->vault_id, sizeof job->header.vault_id);
  job->header.created = g_get_real_time () / G_USEC_PER_SEC;
  job->header.generation = vh->generation;
  job->header.journal_records = sessio_vault_get_journal_records (vault);
  job->header.kdf = vh->kdf;
  memcpy (job->header.salt, vh->salt, SESSIO_SALT_BYTES);
  memcpy (job->header.pass_nonce, vh->pass_nonce, SESSIO_NONCE_BYTES);
  memcpy (job->header.pass_wrapped, vh->pass_wrapped, SESSIO_WRAPPED_KEY_BYTES);
  memcpy (job->header.recovery_nonce, vh->recovery_nonce, SESSIO_NONCE_BYTES);
  memcpy (job->header.recovery_wrapped, vh->recovery_wrapped, SESSIO_WRAPPED_KEY_BYTES);
  job->header.schema_version = schema > 0 ? (guint32) schema : 0;
  job->data_key = sessio_key_dup (sessio_vault_get_data_key (vault));
  job->path = g_strdup (path);

  return g_steal_pointer (&job);
}

/* Thread-safe: touches only the job. */
static gboolean
backup_write (BackupJob  *job,
              GError    **error)
{
  g_autoptr(GBytes) bytes = sessio_backup_encode (&job->header, job->data_key,
                                                  job->image, job->image_len,
                                                  SESSIO_BACKUP_CHUNK_SIZE);

  /* The plaintext copy is not needed any more: wipe it now. */
  sodium_memzero (job->image, job->image_len);
  sqlite3_free (job->image);
  job->image = NULL;

  return write_backup_file (job->path, bytes, error);
}

gboolean
sessio_backup_create (SessioVault  *vault,
                      const char   *path,
                      GError      **error)
{
  g_autoptr(BackupJob) job = NULL;

  g_return_val_if_fail (SESSIO_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  job = backup_capture (vault, path, error);
  if (job == NULL || !backup_write (job, error))
    return FALSE;

  return record_last (vault, job->header.created, error);
}

static void
backup_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (backup_write (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sessio_backup_create_async (SessioVault         *vault,
                            const char          *path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (vault, cancellable, callback, user_data);
  GError *error = NULL;
  BackupJob *job;

  g_task_set_source_tag (task, sessio_backup_create_async);
  job = backup_capture (vault, path, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, job, (GDestroyNotify) backup_job_free);
  g_task_run_in_thread (task, backup_thread);
}

gboolean
sessio_backup_create_finish (SessioVault   *vault,
                             GAsyncResult  *result,
                             GError       **error)
{
  BackupJob *job;

  g_return_val_if_fail (g_task_is_valid (result, vault), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  /* Back on the vault's thread: the time goes into the vault (unless it
   * was locked meanwhile; the file is written all the same). */
  job = g_task_get_task_data (G_TASK (result));
  if (sessio_vault_is_open (vault))
    return record_last (vault, job->header.created, error);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Reading                                                            */

static gboolean
read_backup_file (const char  *path,
                  guint8     **data,
                  gsize       *len,
                  GError     **error)
{
  g_autoptr(GError) local = NULL;

  if (!g_file_get_contents (path, (char **) data, len, &local))
    {
      g_set_error (error, SESSIO_ERROR,
                   g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? SESSIO_ERROR_NOT_FOUND : SESSIO_ERROR_FAILED,
                   _("Could not read the backup: %s"), local->message);
      return FALSE;
    }
  return TRUE;
}

/* Reads, unlocks and decodes @path; the image is checked by SQLite. */
static guint8 *
read_backup (const char          *path,
             const char          *passphrase,
             const char          *recovery_key,
             SessioBackupHeader  *header,
             guint8             **data_key_out,
             gsize               *image_len,
             SessioBackupInfo    *info,
             GError             **error)
{
  g_autofree guint8 *data = NULL;
  gsize len = 0;
  guint8 *data_key, *image;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  guint8 *copy;

  if (!read_backup_file (path, &data, &len, error))
    return NULL;

  /* Header and length first: a damaged or cut-off file never costs a
   * KDF run. */
  if (!sessio_backup_header_parse (data, len, len, header, error))
    return NULL;

  data_key = sessio_backup_unlock (header, passphrase, recovery_key, error);
  if (data_key == NULL)
    return NULL;

  image = sessio_backup_decode (data, len, data_key, header, image_len, error);
  if (image == NULL)
    {
      sessio_key_free (data_key);
      return NULL;
    }

  /* The stream authenticates what we wrote; the integrity check proves
   * it is a database this Sessio can read, on a copy SQLite may own. */
  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) == SQLITE_OK &&
      (copy = sqlite3_malloc64 (*image_len + 1)) != NULL)
    {
      memcpy (copy, image, *image_len);
      /* FREEONCLOSE: SQLite owns the copy from here, even on failure. */
      if (sqlite3_deserialize (db, "main", copy, *image_len, *image_len + 1,
                               SQLITE_DESERIALIZE_FREEONCLOSE) == SQLITE_OK &&
          sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
      sqlite3_finalize (stmt);
    }
  if (db != NULL)
    {
      sqlite3_int64 size = 0;
      unsigned char *p = sqlite3_serialize (db, "main", &size, SQLITE_SERIALIZE_NOCOPY);

      if (p != NULL && size > 0)
        sodium_memzero (p, (gsize) size);
      sqlite3_close (db);
    }

  if (!ok)
    {
      sodium_memzero (image, *image_len);
      sqlite3_free (image);
      sessio_key_free (data_key);
      set_damaged (error);
      return NULL;
    }

  if (info != NULL)
    {
      info->created = header->created;
      info->schema_version = header->schema_version;
      info->image_len = header->image_len;
      info->file_len = len;
    }
  if (data_key_out != NULL)
    *data_key_out = data_key;
  else
    sessio_key_free (data_key);
  return image;
}

gboolean
sessio_backup_verify (const char        *path,
                      const char        *passphrase,
                      const char        *recovery_key,
                      SessioBackupInfo  *info,
                      GError           **error)
{
  SessioBackupHeader header;
  gsize image_len = 0;
  guint8 *image;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail ((passphrase == NULL) != (recovery_key == NULL), FALSE);

  image = read_backup (path, passphrase, recovery_key, &header, NULL, &image_len, info, error);
  if (image == NULL)
    return FALSE;

  sodium_memzero (image, image_len);
  sqlite3_free (image);
  return TRUE;
}

static gboolean
dir_is_empty_or_missing (const char *dir)
{
  g_autoptr(GDir) d = NULL;

  if (!g_file_test (dir, G_FILE_TEST_EXISTS))
    return TRUE;
  d = g_dir_open (dir, 0, NULL);
  return d != NULL && g_dir_read_name (d) == NULL;
}

SessioVault *
sessio_backup_restore (const char        *path,
                       const char        *passphrase,
                       const char        *recovery_key,
                       const char        *to_dir,
                       SessioBackupInfo  *info,
                       GError           **error)
{
  SessioBackupHeader header;
  SessioVaultHeader keys;
  g_autoptr(SessioVault) vault = NULL;
  guint8 *data_key = NULL, *image;
  gsize image_len = 0;
  gboolean made_dir;

  g_return_val_if_fail (path != NULL && to_dir != NULL, NULL);
  g_return_val_if_fail ((passphrase == NULL) != (recovery_key == NULL), NULL);

  /* Never into a vault or anyone's files: a restore must not be able to
   * overwrite anything, least of all the vault it would replace. */
  if (!dir_is_empty_or_missing (to_dir))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("Restore into a new or empty folder: this one is not empty"));
      return NULL;
    }

  image = read_backup (path, passphrase, recovery_key, &header, &data_key, &image_len, info, error);
  if (image == NULL)
    return NULL;

  if (header.schema_version > SESSIO_SCHEMA_VERSION)
    {
      sodium_memzero (image, image_len);
      sqlite3_free (image);
      sessio_key_free (data_key);
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_NEWER_VERSION,
                           _("This backup was made by a newer version of Sessio: update Sessio to read it"));
      return NULL;
    }

  made_dir = !g_file_test (to_dir, G_FILE_TEST_EXISTS);
  if (made_dir && g_mkdir_with_parents (to_dir, 0700) != 0)
    {
      int saved_errno = errno;

      sodium_memzero (image, image_len);
      sqlite3_free (image);
      sessio_key_free (data_key);
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                   _("Could not create the vault folder: %s"), g_strerror (saved_errno));
      return NULL;
    }

  vault_header_from_backup (&header, &keys);
  vault = sessio_vault_create_from_image (to_dir, &keys, data_key, image, image_len, error);
  sessio_key_free (data_key);

  /* The restored vault was backed up at header.created: without this the
   * reminder would count from the backup before it. */
  if (vault != NULL && !record_last (vault, header.created, error))
    g_clear_object (&vault);

  if (vault == NULL)
    {
      /* Nothing half-made is left behind. */
      if (made_dir)
        sessio_paths_remove_tree (to_dir);
      else
        {
          g_autoptr(GDir) d = g_dir_open (to_dir, 0, NULL);
          const char *name;

          while (d != NULL && (name = g_dir_read_name (d)) != NULL)
            {
              g_autofree char *p = g_build_filename (to_dir, name, NULL);
              g_unlink (p);
            }
        }
      return NULL;
    }

  return g_steal_pointer (&vault);
}

/* ------------------------------------------------------------------ */
/* Automatic backups                                                  */

char *
sessio_backup_auto_name (GDateTime *now)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (now);
  g_autofree char *stamp = g_date_time_format (utc, "%Y%m%d-%H%M%S");

  return g_strconcat (AUTO_PREFIX, stamp, SESSIO_BACKUP_SUFFIX, NULL);
}

/* Exactly our pattern: a file the user put there under another name is
 * never pruned. */
gboolean
sessio_backup_is_auto_name (const char *name)
{
  gsize prefix = strlen (AUTO_PREFIX), suffix = strlen (SESSIO_BACKUP_SUFFIX);
  const char *stamp;

  if (strlen (name) != prefix + 15 + suffix ||
      !g_str_has_prefix (name, AUTO_PREFIX) || !g_str_has_suffix (name, SESSIO_BACKUP_SUFFIX))
    return FALSE;

  stamp = name + prefix;
  for (int i = 0; i < 15; i++)
    if (i == 8 ? stamp[i] != '-' : !g_ascii_isdigit (stamp[i]))
      return FALSE;
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

gboolean
sessio_backup_prune (const char  *folder,
                     guint        keep,
                     GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local = NULL;
  const char *name;

  dir = g_dir_open (folder, 0, &local);
  if (dir == NULL)
    {
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                   _("Could not read the backup folder: %s"), local->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (sessio_backup_is_auto_name (name))
      g_ptr_array_add (names, g_strdup (name));

  /* The names sort by time (UTC stamps of fixed width). */
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i + keep < names->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, names->pdata[i], NULL);

      if (g_unlink (path) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                       _("Could not remove an old backup: %s"), g_strerror (saved_errno));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
sessio_backup_auto (SessioVault  *vault,
                    const char   *folder,
                    guint         keep,
                    GDateTime    *now,
                    char        **path_out,
                    GError      **error)
{
  g_autofree char *name = sessio_backup_auto_name (now);
  g_autofree char *path = g_build_filename (folder, name, NULL);

  g_return_val_if_fail (keep >= 1, FALSE);

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND,
                           _("The backup folder is not available: is the disk connected?"));
      return FALSE;
    }

  /* Prune only after the new backup is safely written. */
  if (!sessio_backup_create (vault, path, error) ||
      !sessio_backup_prune (folder, keep, error))
    return FALSE;

  if (path_out != NULL)
    *path_out = g_steal_pointer (&path);
  return TRUE;
}
