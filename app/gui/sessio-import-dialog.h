/* sessio-import-dialog.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-csv-import.h"
#include "sessio-patient-store.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_IMPORT_DIALOG (sessio_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SessioImportDialog, sessio_import_dialog, SESSIO, IMPORT_DIALOG, AdwWindow)

SessioImportDialog *sessio_import_dialog_new   (SessioPatientStore  *store);
/* What choosing a file does, for a file already read: checks it and shows
 * the mapping, the report and the preview. */
void                sessio_import_dialog_load  (SessioImportDialog  *self,
                                                SessioCsvImportKind  kind,
                                                GBytes              *contents);

/* What was imported: patients or sessions. */
SessioCsvImportKind sessio_import_dialog_get_kind (SessioImportDialog  *self);

G_END_DECLS
