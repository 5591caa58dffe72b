/* sessio-retention-dialog.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_RETENTION_DIALOG (sessio_retention_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SessioRetentionDialog, sessio_retention_dialog, SESSIO, RETENTION_DIALOG, AdwWindow)

typedef enum {
  SESSIO_RETENTION_DIALOG_CLOSED,     /* the closed files, to reopen */
  SESSIO_RETENTION_DIALOG_EXPIRED,    /* past the retention period, to erase */
} SessioRetentionDialogMode;

SessioRetentionDialog *sessio_retention_dialog_new     (SessioPatientStore        *store,
                                                        SessioRetentionDialogMode  mode);
/* The patients listed now. */
guint                  sessio_retention_dialog_get_n_files (SessioRetentionDialog *self);
/* What the Reopen button does once a reason is given; for tests. */
gboolean               sessio_retention_dialog_reopen  (SessioRetentionDialog     *self,
                                                        gint64                     patient_id,
                                                        const char                *reason,
                                                        GError                   **error);

G_END_DECLS
