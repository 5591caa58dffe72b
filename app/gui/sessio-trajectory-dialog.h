/* sessio-trajectory-dialog.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_TRAJECTORY_DIALOG (sessio_trajectory_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SessioTrajectoryDialog, sessio_trajectory_dialog, SESSIO, TRAJECTORY_DIALOG, AdwWindow)

SessioTrajectoryDialog *sessio_trajectory_dialog_new (SessioPatientStore *store,
                                                      gint64              patient_id);

G_END_DECLS
