/* sessio-trajectory-edit-dialog.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_TRAJECTORY_EDIT_DIALOG (sessio_trajectory_edit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SessioTrajectoryEditDialog, sessio_trajectory_edit_dialog, SESSIO, TRAJECTORY_EDIT_DIALOG, AdwWindow)

/* NULL with @error when there is no such trajectory. */
SessioTrajectoryEditDialog *sessio_trajectory_edit_dialog_new (SessioPatientStore  *store,
                                                               gint64               trajectory_id,
                                                               GError             **error);
/* The window listing the earlier versions (for tests); NULL before
 * History was asked for. */
GtkWindow                  *sessio_trajectory_edit_dialog_get_history (SessioTrajectoryEditDialog *self);

G_END_DECLS
