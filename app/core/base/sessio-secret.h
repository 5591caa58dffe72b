/* sessio-secret.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *sessio_secret_dup  (const char *text);
void  sessio_secret_free (char       *secret);

G_END_DECLS
