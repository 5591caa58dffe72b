/* sessio-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SESSIO_TYPE_PREFERENCES_WINDOW (sessio_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SessioPreferencesWindow, sessio_preferences_window, SESSIO, PREFERENCES_WINDOW, AdwPreferencesWindow)

SessioPreferencesWindow *sessio_preferences_window_new (GSettings *settings);

G_END_DECLS
