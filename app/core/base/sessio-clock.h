/* sessio-clock.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

GDateTime  *sessio_clock_now_local               (void);
void        sessio_clock_today                   (GDate        *today);
gboolean    sessio_clock_is_fixed                (void);

/* Tests only (and sessio-cli's SESSIO_TEST_TODAY): fix the clock for the
 * whole process; NULL or reset: the real time again. */
void        sessio_clock_set_for_testing         (GDateTime    *now);
void        sessio_clock_set_today_for_testing   (const GDate  *today);
void        sessio_clock_reset_for_testing       (void);

G_END_DECLS
