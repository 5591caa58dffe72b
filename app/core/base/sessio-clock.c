/* sessio-clock.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one "now" and "today" of Sessio, after KeePassXC's Clock and
 * MockClock.  Everything that decides by the date (the rules' limits and
 * deadlines, the retention periods, the agenda's week, the date a document
 * is issued on) asks this clock, so a test sets one date and every part
 * of the app agrees on it.  Timestamps of what happened (the audit log,
 * a backup's or a vault's creation) keep the real time.
 */

#include "config.h"

#include "sessio-clock.h"

/* The test's fixed moment, or NULL for the real clock. */
static GDateTime *fixed_now;
G_LOCK_DEFINE_STATIC (fixed_now);

/**
 * sessio_clock_now_local:
 *
 * The current moment in the local time zone: the real one, or the one a
 * test set with sessio_clock_set_for_testing().
 *
 * Returns: (transfer full): the current moment
 */
GDateTime *
sessio_clock_now_local (void)
{
  GDateTime *now = NULL;

  G_LOCK (fixed_now);
  if (fixed_now != NULL)
    now = g_date_time_to_local (fixed_now);
  G_UNLOCK (fixed_now);

  return now != NULL ? now : g_date_time_new_now_local ();
}

/**
 * sessio_clock_today:
 * @today: (out caller-allocates): the local date of sessio_clock_now_local()
 */
void
sessio_clock_today (GDate *today)
{
  g_autoptr(GDateTime) now = sessio_clock_now_local ();

  g_return_if_fail (today != NULL);

  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

/**
 * sessio_clock_set_for_testing:
 * @now: (nullable): the moment the clock shows from now on; %NULL: the
 *   real time again
 *
 * For tests (and sessio-cli's SESSIO_TEST_TODAY) only: fixes the clock
 * for the whole process.  The clock does not run while fixed.
 */
void
sessio_clock_set_for_testing (GDateTime *now)
{
  GDateTime *old;

  G_LOCK (fixed_now);
  old = fixed_now;
  fixed_now = now != NULL ? g_date_time_ref (now) : NULL;
  G_UNLOCK (fixed_now);

  g_clear_pointer (&old, g_date_time_unref);
}

/**
 * sessio_clock_set_today_for_testing:
 * @today: (nullable): the day; %NULL or an invalid date: the real time again
 *
 * sessio_clock_set_for_testing() at noon, local time, of @today: for tests
 * that care about the day only.
 */
void
sessio_clock_set_today_for_testing (const GDate *today)
{
  g_autoptr(GDateTime) noon = NULL;

  if (today != NULL && g_date_valid (today))
    noon = g_date_time_new_local (g_date_get_year (today), g_date_get_month (today),
                                  g_date_get_day (today), 12, 0, 0);
  sessio_clock_set_for_testing (noon);
}

/**
 * sessio_clock_reset_for_testing:
 *
 * Back to the real time.
 */
void
sessio_clock_reset_for_testing (void)
{
  sessio_clock_set_for_testing (NULL);
}

/**
 * sessio_clock_is_fixed:
 *
 * Whether a test fixed the clock: then nothing waits for the next
 * midnight or the next session (a fixed clock never gets there).
 *
 * Returns: %TRUE while sessio_clock_set_for_testing() holds a moment
 */
gboolean
sessio_clock_is_fixed (void)
{
  gboolean fixed;

  G_LOCK (fixed_now);
  fixed = fixed_now != NULL;
  G_UNLOCK (fixed_now);
  return fixed;
}
