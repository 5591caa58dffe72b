/* sessio-window.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-application.h"
#include "sessio-patient-store.h"
#include "sessio-vault.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_WINDOW (sessio_window_get_type ())

G_DECLARE_FINAL_TYPE (SessioWindow, sessio_window, SESSIO, WINDOW, AdwApplicationWindow)

SessioWindow *sessio_window_new                 (SessioApplication *application);
const char   *sessio_window_get_visible_section (SessioWindow      *self);
GtkWidget    *sessio_window_get_section         (SessioWindow      *self,
                                                 const char        *name);
const char   *sessio_window_get_page            (SessioWindow      *self);
const char   *sessio_window_get_vault_dir       (SessioWindow      *self);
void          sessio_window_set_vault_dir       (SessioWindow      *self,
                                                 const char        *vault_dir);
SessioVault  *sessio_window_get_vault           (SessioWindow      *self);
SessioPatientStore *sessio_window_get_store     (SessioWindow      *self);
void          sessio_window_set_vault           (SessioWindow      *self,
                                                 SessioVault       *vault);
void          sessio_window_lock                (SessioWindow      *self);
void          sessio_window_set_demo_vault      (SessioWindow      *self,
                                                 SessioVault       *vault,
                                                 const char        *passphrase);
gboolean      sessio_window_is_closing_vault    (SessioWindow      *self);
void          sessio_window_show_patient        (SessioWindow      *self,
                                                 gint64             patient_id);

const char   *sessio_window_get_last_toast       (SessioWindow      *self);

G_END_DECLS
