/* sessio-welcome-page.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SESSIO_TYPE_WELCOME_PAGE (sessio_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (SessioWelcomePage, sessio_welcome_page, SESSIO, WELCOME_PAGE, AdwBin)

G_END_DECLS
