/* sessio-error.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sessio-error.h"

G_DEFINE_QUARK (sessio-error-quark, sessio_error)
