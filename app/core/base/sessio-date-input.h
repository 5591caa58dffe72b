/* sessio-date-input.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean sessio_date_input_parse      (const char *text,
                                       GDate      *date);
/* Why @text is not a date, in words for the person who typed it ("February
 * 2025 has no day 31"), or NULL when it is one (or is empty). */
char    *sessio_date_input_problem    (const char *text);
/* The same for a date written as one but impossible (31/2/2025); NULL for
 * a date and for text not written as one. */
char    *sessio_date_input_impossible (const char *text);
gboolean sessio_time_input_parse      (const char *text,
                                       guint      *hour,
                                       guint      *minute);

G_END_DECLS
