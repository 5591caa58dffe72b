/* sessio-restore-dialog.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-vault.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_RESTORE_DIALOG (sessio_restore_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SessioRestoreDialog, sessio_restore_dialog, SESSIO, RESTORE_DIALOG, AdwWindow)

SessioRestoreDialog *sessio_restore_dialog_new      (const char          *to_dir);
/* What the file chooser answers, for tests that cannot drive it. */
void                 sessio_restore_dialog_set_file (SessioRestoreDialog *self,
                                                     const char          *path);

/* When the backup restored was made (Unix time), after ::restored. */
gint64               sessio_restore_dialog_get_backup_created (SessioRestoreDialog *self);

G_END_DECLS
