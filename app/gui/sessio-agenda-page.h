/* sessio-agenda-page.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_AGENDA_PAGE (sessio_agenda_page_get_type ())

G_DECLARE_FINAL_TYPE (SessioAgendaPage, sessio_agenda_page, SESSIO, AGENDA_PAGE, AdwBin)

void         sessio_agenda_page_set_store  (SessioAgendaPage   *self,
                                            SessioPatientStore *store);
/* "day" or "week" (the default). */
const char  *sessio_agenda_page_get_view   (SessioAgendaPage   *self);
void         sessio_agenda_page_set_view   (SessioAgendaPage   *self,
                                            const char         *view);
/* The days shown, first and last. */
void         sessio_agenda_page_get_range  (SessioAgendaPage   *self,
                                            GDate              *from,
                                            GDate              *to);
/* Shows the day or week of @day. */
void         sessio_agenda_page_show_day   (SessioAgendaPage   *self,
                                            const GDate        *day);
/* The sessions shown now, SessioSessionItem, oldest first. */
GListModel  *sessio_agenda_page_get_shown  (SessioAgendaPage   *self);

G_END_DECLS
