/* sessio-recovery-sheet.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "sessio-pdf.h"

G_BEGIN_DECLS

void      sessio_recovery_sheet_draw       (cairo_t     *cr,
                                            double       width,
                                            double       height,
                                            const char  *recovery_key,
                                            GDateTime   *created);
gboolean  sessio_recovery_sheet_write_pdf  (const char  *path,
                                            const char  *recovery_key,
                                            GDateTime   *created,
                                            GError     **error);

G_END_DECLS
