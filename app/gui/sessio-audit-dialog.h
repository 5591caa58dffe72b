/* sessio-audit-dialog.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_AUDIT_DIALOG (sessio_audit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SessioAuditDialog, sessio_audit_dialog, SESSIO, AUDIT_DIALOG, AdwWindow)

SessioAuditDialog *sessio_audit_dialog_new (SessioPatientStore  *store,
                                            gint64               patient_id,
                                            GError             **error);
/* The chain is checked in a worker; the tests wait for it. */
gboolean           sessio_audit_dialog_is_checking (SessioAuditDialog *self);

G_END_DECLS
