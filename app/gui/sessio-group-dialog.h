/* sessio-group-dialog.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_GROUP_DIALOG (sessio_group_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SessioGroupDialog, sessio_group_dialog, SESSIO, GROUP_DIALOG, AdwWindow)

SessioGroupDialog *sessio_group_dialog_new      (SessioPatientStore  *store);
/* A saved group session, reopened to be corrected. */
SessioGroupDialog *sessio_group_dialog_new_edit (SessioPatientStore  *store,
                                                 gint64               session_id,
                                                 GError             **error);
gint64             sessio_group_dialog_get_session_id (SessioGroupDialog *self);

G_END_DECLS
