/* sessio-patients-page.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_PATIENTS_PAGE (sessio_patients_page_get_type ())

G_DECLARE_FINAL_TYPE (SessioPatientsPage, sessio_patients_page, SESSIO, PATIENTS_PAGE, AdwBin)

void        sessio_patients_page_set_store      (SessioPatientsPage *self,
                                                 SessioPatientStore *store);
GListModel *sessio_patients_page_get_shown      (SessioPatientsPage *self);
void        sessio_patients_page_set_search     (SessioPatientsPage *self,
                                                 const char         *text);
void        sessio_patients_page_open_patient   (SessioPatientsPage *self,
                                                 gint64              patient_id);
void        sessio_patients_page_focus_search   (SessioPatientsPage *self);
void        sessio_patients_page_reload         (SessioPatientsPage *self);

G_END_DECLS
