/* sessio-backup.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Encrypted backups of a vault: one file holding a header with the
 * vault's two key wraps (so it opens with the passphrase or the recovery
 * key valid when it was made) and a crypto_secretstream of a consistent
 * image of the database.  See docs/backup-format.md.
 *
 * Making a backup needs no passphrase: the vault is open and its data key
 * is in memory.  Reading one needs the passphrase or the recovery key.
 */

#pragma once

#include <gio/gio.h>

#include "sessio-keys.h"
#include "sessio-vault.h"

G_BEGIN_DECLS

#define SESSIO_BACKUP_FORMAT_VERSION 1
#define SESSIO_BACKUP_HEADER_SIZE    304
#define SESSIO_BACKUP_STREAM_HEADER_BYTES 24
/* Plaintext bytes per stream chunk written by this version; readers accept
 * any power of two in [MIN, MAX]. */
#define SESSIO_BACKUP_CHUNK_SIZE     65536
#define SESSIO_BACKUP_CHUNK_MIN      1024
#define SESSIO_BACKUP_CHUNK_MAX      (1024 * 1024)
/* Bytes a chunk's ciphertext adds to its plaintext (tag byte + MAC). */
#define SESSIO_BACKUP_CHUNK_OVERHEAD 17
/* The suffix of backup files; automatic backups are named
 * sessio-backup-YYYYMMDD-HHMMSS.sessiobackup (UTC). */
#define SESSIO_BACKUP_SUFFIX         ".sessiobackup"

typedef struct
{
  guint32        version;
  guint8         vault_id[16];
  gint64         created;           /* Unix time, seconds, UTC */
  guint64        generation;        /* of the vault when the backup was made */
  guint64        journal_records;   /* idem */
  SessioVaultKdf kdf;
  guint8         salt[SESSIO_SALT_BYTES];
  guint8         pass_nonce[SESSIO_NONCE_BYTES];
  guint8         pass_wrapped[SESSIO_WRAPPED_KEY_BYTES];
  guint8         recovery_nonce[SESSIO_NONCE_BYTES];
  guint8         recovery_wrapped[SESSIO_WRAPPED_KEY_BYTES];
  guint32        chunk_size;
  guint32        schema_version;    /* PRAGMA user_version of the image */
  guint64        image_len;         /* plaintext bytes of the database image */
  guint8         stream_header[SESSIO_BACKUP_STREAM_HEADER_BYTES];
} SessioBackupHeader;

/* What verify and restore report about a backup. */
typedef struct
{
  gint64  created;
  guint32 schema_version;
  guint64 image_len;
  guint64 file_len;
} SessioBackupInfo;

/* Parses and checks the header at the start of @data, and that @file_len
 * is exactly what the header announces.  Pure and bounded (fuzzed).
 * Fails with SESSIO_ERROR_DAMAGED or SESSIO_ERROR_NEWER_VERSION. */
gboolean  sessio_backup_header_parse     (const guint8              *data,
                                          gsize                      len,
                                          guint64                    file_len,
                                          SessioBackupHeader        *header,
                                          GError                   **error);
void      sessio_backup_header_write     (const SessioBackupHeader  *header,
                                          guint8                     out[SESSIO_BACKUP_HEADER_SIZE]);
/* The exact size of a backup file of @image_len bytes in chunks of
 * @chunk_size. */
guint64   sessio_backup_file_size        (guint64                    image_len,
                                          guint32                    chunk_size);

/* The writer and reader below the file level, with the data key given:
 * for sessio_backup_create(), the tests and the fuzz target.
 * sessio_backup_encode() fills in @header's stream header, image length
 * and chunk size and returns the whole file. */
GBytes   *sessio_backup_encode           (SessioBackupHeader        *header,
                                          const guint8              *data_key,
                                          const guint8              *image,
                                          gsize                      image_len,
                                          guint32                    chunk_size);
/* Authenticates the whole file (header bound to every chunk, TAG_FINAL on
 * the last chunk only, exact length) and returns the image in
 * sqlite3_malloc() memory (wipe it before freeing), or NULL with
 * SESSIO_ERROR_DAMAGED. */
guint8   *sessio_backup_decode           (const guint8              *data,
                                          gsize                      len,
                                          const guint8              *data_key,
                                          SessioBackupHeader        *header,
                                          gsize                     *image_len,
                                          GError                   **error);
/* Unwraps the data key with @passphrase or, when it is NULL, with the
 * recovery key text @recovery_key.  Runs the KDF for a passphrase. */
guint8   *sessio_backup_unlock           (const SessioBackupHeader  *header,
                                          const char                *passphrase,
                                          const char                *recovery_key,
                                          GError                   **error);

/* Writes a backup of @vault to @path: a new 0600 file written under a
 * temporary name, fsynced and renamed; an existing @path is refused
 * (SESSIO_ERROR_FAILED), never overwritten.  Records the time in the
 * vault's setting table (sessio_backup_get_last()).  Fails with
 * SESSIO_ERROR_FAILED during a transaction. */
gboolean  sessio_backup_create           (SessioVault               *vault,
                                          const char                *path,
                                          GError                   **error);
/* The same, with the encryption and the writing in a worker thread (the
 * image is copied on the calling thread, a memcpy).  For the GUI. */
void      sessio_backup_create_async     (SessioVault               *vault,
                                          const char                *path,
                                          GCancellable              *cancellable,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data);
gboolean  sessio_backup_create_finish    (SessioVault               *vault,
                                          GAsyncResult              *result,
                                          GError                   **error);

/* Reads @path and authenticates all of it, then checks the database image
 * (SQLite integrity check).  Exactly one of @passphrase and @recovery_key
 * is non-NULL.  @info may be NULL. */
gboolean  sessio_backup_verify           (const char                *path,
                                          const char                *passphrase,
                                          const char                *recovery_key,
                                          SessioBackupInfo          *info,
                                          GError                   **error);
/* Verifies @path, then creates a new vault in @to_dir (which must not
 * exist or be empty) from it and returns it open.  The new vault opens
 * with the same passphrase and recovery key as the one backed up, and
 * keeps its id; the vault the backup came from is not touched. */
SessioVault *sessio_backup_restore       (const char                *path,
                                          const char                *passphrase,
                                          const char                *recovery_key,
                                          const char                *to_dir,
                                          SessioBackupInfo          *info,
                                          GError                   **error);

/* Automatic backups: a new file named after @now (UTC) in @folder, then
 * the oldest of *our* files there (names as above) removed until @keep
 * remain; other files are never touched.  @path_out may be NULL. */
gboolean  sessio_backup_auto             (SessioVault               *vault,
                                          const char                *folder,
                                          guint                      keep,
                                          GDateTime                 *now,
                                          char                     **path_out,
                                          GError                   **error);
char     *sessio_backup_auto_name        (GDateTime                 *now);
gboolean  sessio_backup_is_auto_name     (const char                *name);
/* Removes our oldest automatic backups in @folder until @keep remain. */
gboolean  sessio_backup_prune            (const char                *folder,
                                          guint                      keep,
                                          GError                   **error);

/* When the last backup of this vault was made (Unix time), or 0. */
gint64    sessio_backup_get_last         (SessioVault               *vault);
/* TRUE when the last backup is older than @max_age_days at @now (or there
 * is none). */
gboolean  sessio_backup_is_due           (SessioVault               *vault,
                                          gint64                     now,
                                          guint                      max_age_days);

G_END_DECLS
