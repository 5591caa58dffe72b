/* sessio-patient-view.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_PATIENT_VIEW (sessio_patient_view_get_type ())

G_DECLARE_FINAL_TYPE (SessioPatientView, sessio_patient_view, SESSIO, PATIENT_VIEW, AdwBin)

void    sessio_patient_view_show     (SessioPatientView  *self,
                                      SessioPatientStore *store,
                                      gint64              patient_id);
void    sessio_patient_view_clear    (SessioPatientView  *self);
void    sessio_patient_view_reload   (SessioPatientView  *self);
gint64  sessio_patient_view_get_patient_id (SessioPatientView *self);
void    sessio_patient_view_export_to (SessioPatientView *self,
                                       const char        *dir);
void    sessio_patient_view_set_search (SessioPatientView *self,
                                        const char        *text);
GListModel *sessio_patient_view_list_entries (SessioPatientView *self);
guint   sessio_patient_view_find_session (SessioPatientView *self,
                                          gint64             session_id);

G_END_DECLS
