/* sessio-session-dialog.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_SESSION_DIALOG (sessio_session_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SessioSessionDialog, sessio_session_dialog, SESSIO, SESSION_DIALOG, AdwWindow)

SessioSessionDialog *sessio_session_dialog_new        (SessioPatientStore  *store,
                                                       gint64               trajectory_id);
/* A saved individual session, reopened to be corrected. */
SessioSessionDialog *sessio_session_dialog_new_edit   (SessioPatientStore  *store,
                                                       gint64               session_id,
                                                       GError             **error);
gint64               sessio_session_dialog_get_session_id (SessioSessionDialog *self);
/* The note as typed. */
char                *sessio_session_dialog_dup_note   (SessioSessionDialog *self);
gboolean             sessio_session_dialog_has_changes (SessioSessionDialog *self);
/* The evaluation as shown, for tests: fee and co-payment rows' texts. */
const char          *sessio_session_dialog_get_verdict (SessioSessionDialog *self);

G_END_DECLS
