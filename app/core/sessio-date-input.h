/* sessio-date-input.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean sessio_date_input_parse      (const char *text,
                                       GDate      *date);
gboolean sessio_time_input_parse      (const char *text,
                                       guint      *hour,
                                       guint      *minute);

G_END_DECLS
