/* sessio-preferences-window.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-vault.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_PREFERENCES_WINDOW (sessio_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SessioPreferencesWindow, sessio_preferences_window, SESSIO, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Without a vault: the Convention page asks to unlock it. */
SessioPreferencesWindow *sessio_preferences_window_new           (GSettings   *settings);
/* @vault: the open vault, or NULL when it is locked. */
SessioPreferencesWindow *sessio_preferences_window_new_for_vault (GSettings   *settings,
                                                                  SessioVault *vault);
SessioVault             *sessio_preferences_window_get_vault     (SessioPreferencesWindow *self);

G_END_DECLS
