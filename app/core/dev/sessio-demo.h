/* sessio-demo.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sessio-vault.h"

G_BEGIN_DECLS

/* The passphrase of every demo vault: shown on its unlock page. */
#define SESSIO_DEMO_PASSPHRASE "sessio demo"

SessioVault *sessio_demo_create  (char   **dir,
                                  GError **error);
void         sessio_demo_remove  (const char *dir);

G_END_DECLS
