/* sessio-create-vault-page.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-vault.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_CREATE_VAULT_PAGE (sessio_create_vault_page_get_type ())

G_DECLARE_FINAL_TYPE (SessioCreateVaultPage, sessio_create_vault_page, SESSIO, CREATE_VAULT_PAGE, AdwBin)

void         sessio_create_vault_page_reset        (SessioCreateVaultPage *self,
                                                    const char            *vault_dir);
const char  *sessio_create_vault_page_get_step     (SessioCreateVaultPage *self);

G_END_DECLS
