/* sessio-date-input.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dates and times as Belgian psychologists type them.  Day first, as in
 * every language Sessio speaks here (nl, fr, de and en-GB), with the year
 * in full: "3/3/2025", "03-03-2025", "3.3.2025", "3 3 2025"; and ISO
 * "2025-03-03".  A two-digit year is refused rather than guessed: for a
 * birth date the century matters.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sessio-date-input.h"
#include "sessio-format.h"

static gboolean
take_number (const char **p,
             guint        max_digits,
             guint       *value,
             guint       *digits)
{
  *value = 0;
  *digits = 0;
  while (g_ascii_isdigit (**p))
    {
      if (++(*digits) > max_digits)
        return FALSE;
      *value = *value * 10 + (guint) (**p - '0');
      (*p)++;
    }
  return *digits > 0;
}

static gboolean
is_separator (char c)
{
  return c == '/' || c == '-' || c == '.' || c == ' ';
}

typedef enum {
  READ_OK,
  READ_UNREADABLE,      /* not three numbers, or a two-digit year */
  READ_NO_SUCH_MONTH,
  READ_NO_SUCH_DAY,
  READ_YEAR_OUT_OF_RANGE,
} ReadResult;

/* The numbers as written, day first or ISO; what is wrong with them. */
static ReadResult
read_date (const char *text,
           guint      *day_out,
           guint      *month_out,
           guint      *year_out)
{
  guint a, b, c, da, db, dc;
  guint day, month, year;
  const char *p;

  if (text == NULL)
    return READ_UNREADABLE;

  p = text;
  while (*p == ' ')
    p++;

  if (!take_number (&p, 4, &a, &da) || !is_separator (*p))
    return READ_UNREADABLE;
  while (is_separator (*p))
    p++;
  if (!take_number (&p, 2, &b, &db) || !is_separator (*p))
    return READ_UNREADABLE;
  while (is_separator (*p))
    p++;
  if (!take_number (&p, 4, &c, &dc))
    return READ_UNREADABLE;
  while (*p == ' ')
    p++;
  if (*p != '\0')
    return READ_UNREADABLE;

  if (da == 4 && dc <= 2)        /* 2025-03-03 */
    {
      year = a;
      month = b;
      day = c;
    }
  else if (da <= 2 && dc == 4)   /* 3/3/2025 */
    {
      day = a;
      month = b;
      year = c;
    }
  else
    return READ_UNREADABLE;

  *day_out = day;
  *month_out = month;
  *year_out = year;
  if (year < 1900 || year > 2100)
    return READ_YEAR_OUT_OF_RANGE;
  if (month < 1 || month > 12)
    return READ_NO_SUCH_MONTH;
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return READ_NO_SUCH_DAY;
  return READ_OK;
}

gboolean
sessio_date_input_parse (const char *text,
                         GDate      *date)
{
  guint day = 0, month = 0, year = 0;

  g_return_val_if_fail (date != NULL, FALSE);

  g_date_clear (date, 1);
  if (read_date (text, &day, &month, &year) != READ_OK)
    return FALSE;
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

/**
 * sessio_date_input_impossible:
 * @text: what was typed
 *
 * A date written as one but impossible (31/2/2025, 29/2/2027, 40/13/2026)
 * is not a misunderstanding of the format: say which part does not exist
 * rather than how to write a date.
 *
 * Returns: (transfer full) (nullable): the problem in words, translated,
 *   or %NULL when @text is a date or is not written as one
 */
char *
sessio_date_input_impossible (const char *text)
{
  guint day = 0, month = 0, year = 0;

  switch (read_date (text, &day, &month, &year))
    {
    case READ_YEAR_OUT_OF_RANGE:
      return g_strdup_printf (_("%u is not a year Sessio can take: write one from 1900 to 2100"), year);
    case READ_NO_SUCH_MONTH:
      /* Translators: %u is the month number as typed, as in 40/13/2026 */
      return g_strdup_printf (_("There is no month %u: write the day, then the month, then the year"), month);
    case READ_NO_SUCH_DAY:
      {
        g_autofree char *month_name = sessio_format_month (year, month);

        /* Translators: "31 February 2025 does not exist": %1$u is the
         * day as typed, %2$s the month and year in words */
        return g_strdup_printf (_("%1$u %2$s does not exist"), day, month_name);
      }
    case READ_OK:
    case READ_UNREADABLE:
    default:
      return NULL;
    }
}

/**
 * sessio_date_input_problem:
 * @text: what was typed
 *
 * Returns: (transfer full) (nullable): why @text is not a date, in words,
 *   translated, or %NULL when it is one or is empty
 */
char *
sessio_date_input_problem (const char *text)
{
  const char *p = text;
  char *impossible;

  while (p != NULL && *p == ' ')
    p++;
  if (p == NULL || *p == '\0')
    return NULL;
  impossible = sessio_date_input_impossible (text);
  if (impossible != NULL)
    return impossible;
  if (read_date (text, &(guint) { 0 }, &(guint) { 0 }, &(guint) { 0 }) == READ_OK)
    return NULL;
  return g_strdup (_("Not a date: write it day first, as 3/3/2025"));
}

/* "14:30", "14.30", "14u30", "9:05", "14" */
gboolean
sessio_time_input_parse (const char *text,
                         guint      *hour,
                         guint      *minute)
{
  guint h, m = 0, dh, dm;
  const char *p = text;

  if (p == NULL)
    return FALSE;
  while (*p == ' ')
    p++;
  if (!take_number (&p, 2, &h, &dh))
    return FALSE;
  if (*p == ':' || *p == '.' || *p == 'u' || *p == 'h')
    {
      p++;
      if (*p != '\0' && *p != ' ' && (!take_number (&p, 2, &m, &dm) || dm != 2))
        return FALSE;
    }
  while (*p == ' ')
    p++;
  if (*p != '\0' || h > 23 || m > 59)
    return FALSE;

  *hour = h;
  *minute = m;
  return TRUE;
}
