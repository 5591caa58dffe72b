/* sessio-vault.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The vault: an encrypted snapshot of the SQLite database plus an
 * append-only encrypted journal of committed transactions, one writer per
 * vault folder.  The database itself only ever lives in memory.  See
 * docs/vault-format.md.
 *
 * Writing: sessio_vault_begin(), then statements on sessio_vault_get_db(),
 * then sessio_vault_commit(), which returns only once the change is on
 * disk.  A write outside begin/commit is refused by the database.
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "sessio-keys.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_VAULT (sessio_vault_get_type ())

G_DECLARE_FINAL_TYPE (SessioVault, sessio_vault, SESSIO, VAULT, GObject)

/* What happens when a commit takes the journal past the fold threshold. */
typedef enum
{
  SESSIO_VAULT_AUTO_FOLD_SYNC,   /* fold before sessio_vault_commit() returns (CLI, tests) */
  SESSIO_VAULT_AUTO_FOLD_ASYNC,  /* start sessio_vault_fold_async() (the app) */
  SESSIO_VAULT_AUTO_FOLD_NEVER,
} SessioVaultAutoFold;

#define SESSIO_VAULT_DEFAULT_FOLD_THRESHOLD (16 * 1024 * 1024)

gboolean      sessio_vault_exists                  (const char           *dir);

/* Creates a vault in @dir (made 0700 if needed; refused when it already
 * holds one) and returns it open.  @kdf: NULL calibrates (slow, about a
 * second).  *@recovery_key receives the recovery key text, to show once;
 * free it with sessio_key_free_text(). */
SessioVault  *sessio_vault_create                  (const char           *dir,
                                                    const char           *passphrase,
                                                    const SessioVaultKdf *kdf,
                                                    char                **recovery_key,
                                                    GError              **error);
/* Runs the KDF: call it from a worker thread in a GUI. */
SessioVault  *sessio_vault_open                    (const char           *dir,
                                                    const char           *passphrase,
                                                    GError              **error);
SessioVault  *sessio_vault_open_with_recovery_key  (const char           *dir,
                                                    const char           *recovery_key,
                                                    GError              **error);

/* The same in a worker thread (the KDF takes about a second): for the GUI.
 * Exactly one of @passphrase and @recovery_key is non-NULL; it is copied
 * into guarded memory at once, so the caller may wipe its own copy. */
void          sessio_vault_open_async              (const char           *dir,
                                                    const char           *passphrase,
                                                    const char           *recovery_key,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
SessioVault  *sessio_vault_open_finish             (GAsyncResult         *result,
                                                    GError              **error);

const char   *sessio_vault_get_dir                 (SessioVault          *self);
sqlite3      *sessio_vault_get_db                  (SessioVault          *self);
gboolean      sessio_vault_is_open                 (SessioVault          *self);
guint64       sessio_vault_get_generation          (SessioVault          *self);
guint64       sessio_vault_get_journal_records     (SessioVault          *self);
/* TRUE when this vault is older than one this user already opened on this
 * machine: an older copy of the whole vault may have been put back.  Until
 * accepted, nothing is written: begin(), fold() fail with
 * SESSIO_ERROR_OLDER_COPY and close() does not fold. */
gboolean      sessio_vault_get_rolled_back         (SessioVault          *self);
/* TRUE when the journal holds fewer records of this generation than this
 * computer saw committed: records were cut off its end (rolled_back is
 * TRUE too, and sessio_vault_check() reports damage). */
gboolean      sessio_vault_get_journal_cut         (SessioVault          *self);
/* FALSE when this computer had never opened this vault before: then
 * neither an older copy nor a cut journal can be noticed. */
gboolean      sessio_vault_get_history_known       (SessioVault          *self);
/* The user has confirmed "use this older copy": records the choice in the
 * audit log and remembers this copy as the newest, so writes are allowed
 * and the question is not asked again. */
gboolean      sessio_vault_accept_rollback         (SessioVault          *self,
                                                    GError              **error);

gboolean      sessio_vault_begin                   (SessioVault          *self,
                                                    GError              **error);
/* Journals the transaction's changes and waits until they are on disk. */
gboolean      sessio_vault_commit                  (SessioVault          *self,
                                                    GError              **error);
void          sessio_vault_rollback                (SessioVault          *self);
gboolean      sessio_vault_in_transaction          (SessioVault          *self);

/* Folding writes a fresh snapshot and starts an empty journal.  The
 * asynchronous form copies the database on the calling thread (a memcpy),
 * encrypts and writes in a worker thread, and switches files on the
 * calling thread's main context; commits may go on meanwhile. */
gboolean      sessio_vault_fold                    (SessioVault          *self,
                                                    GError              **error);
void          sessio_vault_fold_async              (SessioVault          *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean      sessio_vault_fold_finish             (SessioVault          *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* Journal size that triggers a fold.  0 (the default): the larger of
 * SESSIO_VAULT_DEFAULT_FOLD_THRESHOLD and the snapshot's size. */
void          sessio_vault_set_fold_threshold      (SessioVault          *self,
                                                    gsize                 bytes);
void          sessio_vault_set_auto_fold           (SessioVault          *self,
                                                    SessioVaultAutoFold   mode);

/* Folds, then frees the keys, wipes and closes the database and releases
 * the folder.  The object stays valid but every call fails with
 * SESSIO_ERROR_LOCKED.  Called on finalize too. */
gboolean      sessio_vault_close                   (SessioVault          *self,
                                                    GError              **error);
/* The same without blocking: the fold runs in a worker, the rest on the
 * calling thread's main context.  For the GUI. */
void          sessio_vault_close_async             (SessioVault          *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean      sessio_vault_close_finish            (SessioVault          *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* Sets @new_passphrase (new salt; @kdf NULL keeps the current parameters,
 * raised to sessio_vault_kdf_minimum() if below) and writes a new
 * snapshot.  When sessio_vault_can_rotate_data_key(), it also replaces the
 * data key (the snapshot and the journal are encrypted under a new one,
 * wrapped for the passphrase and sealed for the recovery key), so that the
 * old passphrase with an older copy of the vault file or a backup no longer
 * opens this vault; the recovery key keeps working.  Also the last step of
 * recovery: open with the recovery key, then set a new passphrase. */

/* TRUE when the recovery key's public half is known (every vault made or
 * given a new recovery key by this version, or opened with its recovery
 * key), so a passphrase change can replace the data key. */
gboolean      sessio_vault_can_rotate_data_key     (SessioVault          *self);
gboolean      sessio_vault_change_passphrase       (SessioVault          *self,
                                                    const char           *new_passphrase,
                                                    const SessioVaultKdf *kdf,
                                                    GError              **error);

/* Replaces the recovery key: the data key wrapped for a new random key,
 * written with a fold, the change recorded in the audit log.  Returns the
 * new key's text in @recovery_key (free with sessio_key_free_text()),
 * to be shown once.  The old key stops opening this vault; it still opens
 * copies of the vault file and backups made before. */
gboolean      sessio_vault_new_recovery_key        (SessioVault          *self,
                                                    char                **recovery_key,
                                                    GError              **error);

/* Re-reads and authenticates every file of the vault and runs SQLite's
 * integrity and foreign key checks and the audit chain check. */
gboolean      sessio_vault_check                   (SessioVault          *self,
                                                    GError              **error);

G_END_DECLS
