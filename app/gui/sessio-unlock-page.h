/* sessio-unlock-page.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-vault.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_UNLOCK_PAGE (sessio_unlock_page_get_type ())

G_DECLARE_FINAL_TYPE (SessioUnlockPage, sessio_unlock_page, SESSIO, UNLOCK_PAGE, AdwBin)

void         sessio_unlock_page_reset          (SessioUnlockPage *self,
                                                const char       *vault_dir);
void         sessio_unlock_page_set_waiting    (SessioUnlockPage *self,
                                                gboolean          waiting);
const char  *sessio_unlock_page_get_error      (SessioUnlockPage *self);
void         sessio_unlock_page_set_hint       (SessioUnlockPage *self,
                                                const char       *hint);

G_END_DECLS
