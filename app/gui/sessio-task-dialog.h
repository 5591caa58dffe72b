/* sessio-task-dialog.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_TASK_DIALOG (sessio_task_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SessioTaskDialog, sessio_task_dialog, SESSIO, TASK_DIALOG, AdwWindow)

SessioTaskDialog *sessio_task_dialog_new (SessioPatientStore *store,
                                          gint64              patient_id);

G_END_DECLS
