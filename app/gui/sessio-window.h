/* sessio-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-application.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_WINDOW (sessio_window_get_type ())

G_DECLARE_FINAL_TYPE (SessioWindow, sessio_window, SESSIO, WINDOW, AdwApplicationWindow)

SessioWindow *sessio_window_new                (SessioApplication *application);
const char   *sessio_window_get_visible_section (SessioWindow      *self);

G_END_DECLS
