/* sessio-session-list.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A patient's session history for the GUI: a GListModel of
 * SessioSessionItem, newest first, each with its evaluation by the rules
 * engine (fee, co-payment, the sentence explaining it).
 */

#pragma once

#include <gio/gio.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_SESSION_ITEM (sessio_session_item_get_type ())

G_DECLARE_FINAL_TYPE (SessioSessionItem, sessio_session_item, SESSIO, SESSION_ITEM, GObject)

gint64       sessio_session_item_get_id                 (SessioSessionItem *self);
gint64       sessio_session_item_get_trajectory_id      (SessioSessionItem *self);
/* Agenda items only (0 / NULL otherwise). */
gint64       sessio_session_item_get_patient_id         (SessioSessionItem *self);
const char  *sessio_session_item_get_patient_name       (SessioSessionItem *self);
/* "YYYY-MM-DDTHH:MM" or "YYYY-MM-DD". */
const char  *sessio_session_item_get_starts_at          (SessioSessionItem *self);
/* The date in the user's language, with the time when there is one. */
const char  *sessio_session_item_get_when_text          (SessioSessionItem *self);
const char  *sessio_session_item_get_care               (SessioSessionItem *self);
const char  *sessio_session_item_get_care_label         (SessioSessionItem *self);
const char  *sessio_session_item_get_setting            (SessioSessionItem *self);
const char  *sessio_session_item_get_status             (SessioSessionItem *self);
const char  *sessio_session_item_get_location           (SessioSessionItem *self);
const char  *sessio_session_item_get_copay              (SessioSessionItem *self);
const char  *sessio_session_item_get_notes              (SessioSessionItem *self);
int          sessio_session_item_get_duration           (SessioSessionItem *self);
gboolean     sessio_session_item_get_outside_convention (SessioSessionItem *self);
const SessioEvalResult *sessio_session_item_get_result  (SessioSessionItem *self);
/* "€11.00: adult, ..." from sessio_eval_result_explain(), or a sentence
 * saying the session is outside the convention. */
const char  *sessio_session_item_get_explanation        (SessioSessionItem *self);

/* The sessions of every trajectory of the patient (individual and the
 * group sessions they took part in), newest first.  A GListStore. */
GListModel  *sessio_patient_store_list_sessions  (SessioPatientStore  *store,
                                                  gint64               patient_id,
                                                  GError             **error);
/* The agenda: every session (individual and group) dated @from to @to
 * inclusive, oldest first, with the patient's id and name (a group: its
 * participants' names, patient id 0).  Not evaluated (get_result() is
 * NULL): mark one held or no-show with
 * sessio_patient_store_set_session_status(). */
GListModel  *sessio_patient_store_list_agenda    (SessioPatientStore  *store,
                                                  const GDate         *from,
                                                  const GDate         *to,
                                                  GError             **error);
/* The same for one trajectory. */
GListModel  *sessio_patient_store_list_trajectory_sessions (SessioPatientStore  *store,
                                                            gint64               trajectory_id,
                                                            GError             **error);

G_END_DECLS
