/* sessio-core.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "sessio-error.h"

G_BEGIN_DECLS

gboolean     sessio_core_init            (GError **error);
void         sessio_core_ensure_resources (void);
void         sessio_core_harden_process  (void);
const char  *sessio_core_version         (void);

G_END_DECLS
