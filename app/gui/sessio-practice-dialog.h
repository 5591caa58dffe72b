/* sessio-practice-dialog.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_PRACTICE_DIALOG (sessio_practice_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SessioPracticeDialog, sessio_practice_dialog, SESSIO, PRACTICE_DIALOG, AdwWindow)

SessioPracticeDialog *sessio_practice_dialog_new (SessioPatientStore *store,
                                                  gboolean            first_run);

G_END_DECLS
