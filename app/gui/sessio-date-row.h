/* sessio-date-row.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SESSIO_TYPE_DATE_ROW (sessio_date_row_get_type ())

G_DECLARE_FINAL_TYPE (SessioDateRow, sessio_date_row, SESSIO, DATE_ROW, AdwEntryRow)

gboolean  sessio_date_row_get_date      (SessioDateRow *self,
                                         GDate         *date);
char     *sessio_date_row_dup_iso       (SessioDateRow *self);
void      sessio_date_row_set_date      (SessioDateRow *self,
                                         const GDate   *date);
gboolean  sessio_date_row_is_valid      (SessioDateRow *self);
char     *sessio_date_row_dup_problem   (SessioDateRow *self);
gboolean  sessio_date_row_shows_problem (SessioDateRow *self);

GtkWidget *sessio_field_message_row_new (const char *message);

G_END_DECLS
