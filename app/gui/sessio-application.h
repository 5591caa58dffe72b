/* sessio-application.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-core.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_APPLICATION (sessio_application_get_type ())

G_DECLARE_FINAL_TYPE (SessioApplication, sessio_application, SESSIO, APPLICATION, AdwApplication)

SessioApplication *sessio_application_new          (void);
GSettings         *sessio_application_get_settings (SessioApplication *self);

G_END_DECLS
