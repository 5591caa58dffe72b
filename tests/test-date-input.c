/* test-date-input.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sessio-core.h"
#include "sessio-date-input.h"

static void
test_dates (void)
{
  static const struct {
    const char *text;
    int y, m, d;   /* 0: refused */
  } cases[] = {
    { "2025-03-03", 2025, 3, 3 },
    { "3/3/2025", 2025, 3, 3 },
    { "03-03-2025", 2025, 3, 3 },
    { "3.3.2025", 2025, 3, 3 },
    { " 31 12 1999 ", 1999, 12, 31 },
    { "29/02/2024", 2024, 2, 29 },
    { "29/02/2025", 0, 0, 0 },      /* not a leap year */
    { "31/04/2025", 0, 0, 0 },
    { "3/3/25", 0, 0, 0 },          /* two-digit year: refused, not guessed */
    { "2025/13/01", 0, 0, 0 },
    { "1/1/1899", 0, 0, 0 },
    { "", 0, 0, 0 },
    { "3/3/2025x", 0, 0, 0 },
    { "three/3/2025", 0, 0, 0 },
    { "123/3/2025", 0, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date;
      gboolean ok = sessio_date_input_parse (cases[i].text, &date);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (ok, ==, cases[i].y != 0);
      if (ok)
        {
          g_assert_cmpint (g_date_get_year (&date), ==, cases[i].y);
          g_assert_cmpint (g_date_get_month (&date), ==, cases[i].m);
          g_assert_cmpint (g_date_get_day (&date), ==, cases[i].d);
        }
    }
}

static void
test_times (void)
{
  static const struct {
    const char *text;
    int h, m;   /* -1: refused */
  } cases[] = {
    { "14:30", 14, 30 }, { "14.30", 14, 30 }, { "14u30", 14, 30 }, { "9:05", 9, 5 },
    { "14", 14, 0 }, { "14h", 14, 0 }, { "24:00", -1, -1 }, { "12:60", -1, -1 },
    { "12:5", -1, -1 }, { "noon", -1, -1 }, { "", -1, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint h = 99, m = 99;
      gboolean ok = sessio_time_input_parse (cases[i].text, &h, &m);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (ok, ==, cases[i].h >= 0);
      if (ok)
        {
          g_assert_cmpint (h, ==, cases[i].h);
          g_assert_cmpint (m, ==, cases[i].m);
        }
    }
}

/* An impossible date written day first says which part does not exist,
 * not how to write a date. */
static void
test_problems (void)
{
  static const struct {
    const char *text;
    const char *problem;        /* NULL: a date, or empty */
    gboolean    impossible;     /* written as a date, but there is none */
  } cases[] = {
    { "31/2/2025", "31 February 2025 does not exist", TRUE },
    { "29/2/2027", "29 February 2027 does not exist", TRUE },
    { "31/04/2025", "31 April 2025 does not exist", TRUE },
    { "2025-02-30", "30 February 2025 does not exist", TRUE },
    { "40/13/2026", "There is no month 13: write the day, then the month, then the year", TRUE },
    { "12/25/2026", "There is no month 25: write the day, then the month, then the year", TRUE },
    { "1/1/1899", "1899 is not a year Sessio can take: write one from 1900 to 2100", TRUE },
    { "3/3/25", "Not a date: write it day first, as 3/3/2025", FALSE },
    { "gisteren", "Not a date: write it day first, as 3/3/2025", FALSE },
    { "29/2/2024", NULL, FALSE },
    { "3/3/2025", NULL, FALSE },
    { "", NULL, FALSE },
    { "  ", NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *problem = sessio_date_input_problem (cases[i].text);
      g_autofree char *impossible = sessio_date_input_impossible (cases[i].text);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpstr (problem, ==, cases[i].problem);
      if (cases[i].impossible)
        g_assert_cmpstr (impossible, ==, cases[i].problem);
      else
        g_assert_null (impossible);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_assert_true (sessio_core_init (NULL));
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date-input/dates", test_dates);
  g_test_add_func ("/date-input/times", test_times);
  g_test_add_func ("/date-input/problems", test_problems);

  return g_test_run ();
}
