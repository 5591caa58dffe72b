/* sessio-date-input.c
 *
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

#include "sessio-date-input.h"

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

gboolean
sessio_date_input_parse (const char *text,
                         GDate      *date)
{
  guint a, b, c, da, db, dc;
  guint day, month, year;
  const char *p;

  g_return_val_if_fail (date != NULL, FALSE);

  g_date_clear (date, 1);
  if (text == NULL)
    return FALSE;

  p = text;
  while (*p == ' ')
    p++;

  if (!take_number (&p, 4, &a, &da) || !is_separator (*p))
    return FALSE;
  while (is_separator (*p))
    p++;
  if (!take_number (&p, 2, &b, &db) || !is_separator (*p))
    return FALSE;
  while (is_separator (*p))
    p++;
  if (!take_number (&p, 4, &c, &dc))
    return FALSE;
  while (*p == ' ')
    p++;
  if (*p != '\0')
    return FALSE;

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
    return FALSE;

  if (year < 1900 || year > 2100 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
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
