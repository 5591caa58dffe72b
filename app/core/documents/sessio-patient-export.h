/* sessio-patient-export.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The patient's right of access: everything stored about one patient, as
 * JSON (schema: docs/patient-export.md) and as an A4 PDF in the patient's
 * preferred language.  Each export is audited.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

#define SESSIO_PATIENT_EXPORT_FORMAT_VERSION 1

/* The export document; audits the export first, so the audit list it
 * carries includes this export. */
JsonNode  *sessio_patient_export_json   (SessioPatientStore  *store,
                                         gint64               patient_id,
                                         GError             **error);
/* Writes the JSON and/or the PDF (either path may be NULL), each created
 * 0600.  A file that could not be written completely is removed. */
gboolean   sessio_patient_export_write  (SessioPatientStore  *store,
                                         gint64               patient_id,
                                         const char          *json_path,
                                         const char          *pdf_path,
                                         GError             **error);
/* The same for a document already read (sessio_patient_export_json()):
 * no store needed, for a worker thread. */
gboolean   sessio_patient_export_write_document (JsonNode    *root,
                                                 const char  *json_path,
                                                 const char  *pdf_path,
                                                 GError     **error);

G_END_DECLS
