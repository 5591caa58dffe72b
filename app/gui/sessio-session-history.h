/* sessio-session-history.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

GtkWindow *sessio_session_history_new        (SessioPatientStore *store,
                                              gint64              session_id,
                                              GtkWindow          *parent);
/* A field of the history by its name for people: "Location",
 * "Attendance of Anna Peeters". */
char      *sessio_session_history_field_label (SessioPatientStore *store,
                                              gint64              session_id,
                                              const char         *field);

G_END_DECLS
