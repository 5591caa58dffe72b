/* test-clock.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one clock: the real time by default, a fixed moment for tests.
 */

#include "config.h"

#include "sessio-clock.h"
#include "sessio-core.h"

static void
test_real (void)
{
  g_autoptr(GDateTime) before = g_date_time_new_now_local ();
  g_autoptr(GDateTime) now = sessio_clock_now_local ();
  g_autoptr(GDateTime) after = g_date_time_new_now_local ();

  g_assert_false (sessio_clock_is_fixed ());
  g_assert_cmpint (g_date_time_compare (before, now), <=, 0);
  g_assert_cmpint (g_date_time_compare (now, after), <=, 0);
}

static void
test_fixed (void)
{
  g_autoptr(GDateTime) fixed = g_date_time_new_local (2031, 2, 28, 23, 30, 0);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) later = NULL;
  GDate today;

  sessio_clock_set_for_testing (fixed);
  g_assert_true (sessio_clock_is_fixed ());
  now = sessio_clock_now_local ();
  g_assert_true (g_date_time_equal (now, fixed));

  /* A fixed clock does not run. */
  g_usleep (10 * 1000);
  later = sessio_clock_now_local ();
  g_assert_true (g_date_time_equal (later, fixed));

  sessio_clock_today (&today);
  g_assert_true (g_date_valid (&today));
  g_assert_cmpint (g_date_get_year (&today), ==, 2031);
  g_assert_cmpint (g_date_get_month (&today), ==, 2);
  g_assert_cmpint (g_date_get_day (&today), ==, 28);

  sessio_clock_reset_for_testing ();
  g_assert_false (sessio_clock_is_fixed ());
  test_real ();
}

static void
test_fixed_day (void)
{
  g_autoptr(GDateTime) now = NULL;
  GDate day, today;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 29, G_DATE_FEBRUARY, 2028);
  sessio_clock_set_today_for_testing (&day);
  sessio_clock_today (&today);
  g_assert_cmpint (g_date_compare (&day, &today), ==, 0);
  /* Noon: the day stays the same in every time zone the test runs in. */
  now = sessio_clock_now_local ();
  g_assert_cmpint (g_date_time_get_hour (now), ==, 12);

  /* An invalid date is the real clock again. */
  g_date_clear (&day, 1);
  sessio_clock_set_today_for_testing (&day);
  g_assert_false (sessio_clock_is_fixed ());
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sessio_core_init (NULL));

  g_test_add_func ("/clock/real", test_real);
  g_test_add_func ("/clock/fixed", test_fixed);
  g_test_add_func ("/clock/fixed-day", test_fixed_day);
  return g_test_run ();
}
