/* sessio-backup-ui.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app's side of backups (docs/backup-format.md): "Back Up Now…"
 * through the file chooser portal, the automatic backups configured in
 * GSettings (backup-folder, backup-when, backup-keep), and the words of
 * the reminder.  None of it asks for the passphrase: the vault is open.
 */

#pragma once

#include <adwaita.h>

#include "sessio-vault.h"

G_BEGIN_DECLS

/* A reminder shows when the last backup is older than this. */
#define SESSIO_BACKUP_REMINDER_DAYS 7

/* Runs on the main thread once a backup started here is over. */
typedef void (*SessioBackupUiDone) (gpointer data,
                                    gboolean written);

/* Asks for a folder (GtkFileChooserNative: the portal in a Flatpak) and
 * writes a backup there in a worker thread, named after the time (never
 * pruned: not an automatic backup's name).  The outcome is a toast on
 * @toasts, saying where, with "Open Folder"; while @settings name no
 * automatic backup folder, a dialog on @parent offers this one.  @done,
 * when given, runs afterwards on the main thread. */
void      sessio_backup_ui_back_up_now      (GtkWindow        *parent,
                                             SessioVault      *vault,
                                             GSettings        *settings,
                                             AdwToastOverlay  *toasts,
                                             SessioBackupUiDone done,
                                             gpointer          done_data);
/* Writes the backup to @folder in a worker thread; the same outcome. */
void      sessio_backup_ui_back_up_to       (GtkWindow        *parent,
                                             SessioVault      *vault,
                                             GSettings        *settings,
                                             const char       *folder,
                                             AdwToastOverlay  *toasts,
                                             SessioBackupUiDone done,
                                             gpointer          done_data);
/* TRUE when @settings ask for an automatic backup for @reason ("on-quit"
 * or "daily") and one is due: a folder is set, and for "daily" the last
 * backup is a day old or more. */
gboolean  sessio_backup_ui_auto_is_due      (SessioVault      *vault,
                                             GSettings        *settings,
                                             const char       *reason,
                                             gint64            now);
/* Makes that automatic backup in a worker thread, then prunes; the
 * outcome is a toast on @toasts, and @done runs. */
void      sessio_backup_ui_run_auto_async   (SessioVault      *vault,
                                             GSettings        *settings,
                                             AdwToastOverlay  *toasts,
                                             SessioBackupUiDone done,
                                             gpointer          done_data);

/* "Never", or the local date and time of @last. */
char     *sessio_backup_ui_format_last      (gint64            last);
/* The reminder's text for a last backup at @last (0: never) seen at @now. */
char     *sessio_backup_ui_reminder_text    (gint64            last,
                                             gint64            now);

G_END_DECLS
