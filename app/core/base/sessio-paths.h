/* sessio-paths.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *sessio_paths_default_vault_dir (void);
void  sessio_paths_remove_tree        (const char *path);

G_END_DECLS
