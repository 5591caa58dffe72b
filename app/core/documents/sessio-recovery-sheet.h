/* sessio-recovery-sheet.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* A4 in PostScript points. */
#define SESSIO_A4_WIDTH_PT  595.276
#define SESSIO_A4_HEIGHT_PT 841.890

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
