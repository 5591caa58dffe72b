/* sessio-patient-dialog.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_PATIENT_DIALOG (sessio_patient_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SessioPatientDialog, sessio_patient_dialog, SESSIO, PATIENT_DIALOG, AdwWindow)

SessioPatientDialog *sessio_patient_dialog_new      (SessioPatientStore  *store);
SessioPatientDialog *sessio_patient_dialog_new_edit (SessioPatientStore  *store,
                                                     gint64               patient_id,
                                                     GError             **error);

G_END_DECLS
