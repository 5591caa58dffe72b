/* sessio-session-dialog.h
 *
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
/* The evaluation as shown, for tests: fee and co-payment rows' texts. */
const char          *sessio_session_dialog_get_verdict (SessioSessionDialog *self);

G_END_DECLS
