/* sessio-format.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sessio-format.h"

SessioLanguage
sessio_language_from_locale (const char *locale)
{
  if (locale == NULL)
    return SESSIO_LANGUAGE_EN;
  if (g_str_has_prefix (locale, "nl") && (locale[2] == '\0' || locale[2] == '_' || locale[2] == '.' || locale[2] == '@'))
    return SESSIO_LANGUAGE_NL;
  if (g_str_has_prefix (locale, "fr") && (locale[2] == '\0' || locale[2] == '_' || locale[2] == '.' || locale[2] == '@'))
    return SESSIO_LANGUAGE_FR;
  if (g_str_has_prefix (locale, "de") && (locale[2] == '\0' || locale[2] == '_' || locale[2] == '.' || locale[2] == '@'))
    return SESSIO_LANGUAGE_DE;
  return SESSIO_LANGUAGE_EN;
}

SessioLanguage
sessio_format_get_language (void)
{
  /* The first entry is the user's most preferred language; the list ends
   * with "C", which is English for us. */
  const char * const *names = g_get_language_names ();

  return sessio_language_from_locale (names != NULL ? names[0] : NULL);
}

char *
sessio_format_cents_for (gint64         cents,
                         SessioLanguage language)
{
  g_autoptr(GString) out = g_string_new (NULL);
  char digits[32];
  const char *group_sep, *decimal;
  guint64 magnitude;
  gsize len;

  switch (language)
    {
    case SESSIO_LANGUAGE_NL:
    case SESSIO_LANGUAGE_DE:
      group_sep = ".";
      decimal = ",";
      break;
    case SESSIO_LANGUAGE_FR:
      group_sep = "\u202F";   /* narrow no-break space, as French typography wants */
      decimal = ",";
      break;
    case SESSIO_LANGUAGE_EN:
    default:
      group_sep = ",";
      decimal = ".";
      break;
    }

  magnitude = cents < 0 ? (guint64) (-(cents + 1)) + 1 : (guint64) cents;
  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, magnitude / 100);
  len = strlen (digits);

  if (cents < 0)
    g_string_append_c (out, '-');
  if (language == SESSIO_LANGUAGE_NL)
    g_string_append (out, "€ ");
  else if (language == SESSIO_LANGUAGE_EN)
    g_string_append (out, "€");

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, group_sep);
      g_string_append_c (out, digits[i]);
    }
  g_string_append_printf (out, "%s%02u", decimal, (guint) (magnitude % 100));

  if (language == SESSIO_LANGUAGE_FR || language == SESSIO_LANGUAGE_DE)
    g_string_append (out, " €");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
sessio_format_cents (gint64 cents)
{
  return sessio_format_cents_for (cents, sessio_format_get_language ());
}

/* Written out, not from strftime(): see the header. */
static const char * const months[4][12] = {
  { "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December" },
  { "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
    "september", "oktober", "november", "december" },
  { "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre" },
  { "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
    "September", "Oktober", "November", "Dezember" },
};

/* The abbreviations each language's own style guides use (the Taalunie's
 * "mrt", the Office québécois/Académie "janv.", the Duden "Jan."). */
static const char * const short_months[4][12] = {
  { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" },
  { "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec" },
  { "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc." },
  { "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez." },
};

/* Monday first, as GDateWeekday counts (G_DATE_MONDAY is 1). */
static const char * const weekdays[4][7] = {
  { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" },
  { "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag" },
  { "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche" },
  { "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag" },
};

/* The day of the month as it stands before the month: "1", "1er", "1.". */
static char *
day_number (guint          day,
            SessioLanguage language)
{
  switch (language)
    {
    case SESSIO_LANGUAGE_FR:
      return g_strdup_printf ("%u%s", day, day == 1 ? "er" : "");
    case SESSIO_LANGUAGE_DE:
      return g_strdup_printf ("%u.", day);
    case SESSIO_LANGUAGE_NL:
    case SESSIO_LANGUAGE_EN:
    default:
      return g_strdup_printf ("%u", day);
    }
}

/* "23 November", "23. November": the day and month, no year. */
static char *
day_and_month (const GDate    *date,
               SessioLanguage  language)
{
  g_autofree char *day = day_number (g_date_get_day (date), language);

  return g_strdup_printf ("%s %s", day, months[language][g_date_get_month (date) - 1]);
}

char *
sessio_format_date_for (const GDate    *date,
                        SessioLanguage  language)
{
  g_autofree char *day_month = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail ((guint) language < G_N_ELEMENTS (months), NULL);

  day_month = day_and_month (date, language);
  return g_strdup_printf ("%s %u", day_month, g_date_get_year (date));
}

char *
sessio_format_day_for (const GDate    *date,
                       gboolean        with_year,
                       SessioLanguage  language)
{
  g_autofree char *day_month = NULL;
  const char *weekday;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail ((guint) language < G_N_ELEMENTS (weekdays), NULL);

  weekday = weekdays[language][g_date_get_weekday (date) - 1];
  day_month = day_and_month (date, language);

  /* German sets the weekday off with a comma: "Montag, 23. November". */
  if (with_year)
    return g_strdup_printf ("%s%s %s %u", weekday, language == SESSIO_LANGUAGE_DE ? "," : "",
                            day_month, g_date_get_year (date));
  return g_strdup_printf ("%s%s %s", weekday, language == SESSIO_LANGUAGE_DE ? "," : "", day_month);
}

char *
sessio_format_month_for (guint          year,
                         guint          month,
                         SessioLanguage language)
{
  g_return_val_if_fail (month >= 1 && month <= 12, NULL);
  g_return_val_if_fail ((guint) language < G_N_ELEMENTS (months), NULL);

  return g_strdup_printf ("%s %u", months[language][month - 1], year);
}

char *
sessio_format_month (guint year,
                     guint month)
{
  return sessio_format_month_for (year, month, sessio_format_get_language ());
}

char *
sessio_format_month_short_for (guint          year,
                               guint          month,
                               SessioLanguage language)
{
  g_return_val_if_fail (month >= 1 && month <= 12, NULL);
  g_return_val_if_fail ((guint) language < G_N_ELEMENTS (short_months), NULL);

  return g_strdup_printf ("%s %u", short_months[language][month - 1], year);
}

char *
sessio_format_month_short (guint year,
                           guint month)
{
  return sessio_format_month_short_for (year, month, sessio_format_get_language ());
}

char *
sessio_format_date_time_for (GDateTime      *when,
                             SessioLanguage  language)
{
  g_autofree char *day = NULL;
  GDate date;

  g_return_val_if_fail (when != NULL, NULL);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) g_date_time_get_day_of_month (when),
                  (GDateMonth) g_date_time_get_month (when), (GDateYear) g_date_time_get_year (when));
  day = sessio_format_date_for (&date, language);
  return g_strdup_printf ("%s %02d:%02d", day, g_date_time_get_hour (when), g_date_time_get_minute (when));
}

char *
sessio_format_date_time (GDateTime *when)
{
  return sessio_format_date_time_for (when, sessio_format_get_language ());
}

char *
sessio_format_day (const GDate *date,
                   gboolean     with_year)
{
  return sessio_format_day_for (date, with_year, sessio_format_get_language ());
}

char *
sessio_format_date_range_for (const GDate    *from,
                              const GDate    *to,
                              SessioLanguage  language)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  g_return_val_if_fail (from != NULL && g_date_valid (from), NULL);
  g_return_val_if_fail (to != NULL && g_date_valid (to), NULL);
  g_return_val_if_fail ((guint) language < G_N_ELEMENTS (months), NULL);

  if (g_date_compare (from, to) == 0)
    return sessio_format_date_for (from, language);

  /* What both ends share is written once, at the end: "23–29 November
   * 2026", "30 November – 6 December 2026"; an en dash between numbers
   * alone, spaced between words. */
  last = sessio_format_date_for (to, language);
  if (g_date_get_year (from) != g_date_get_year (to))
    {
      first = sessio_format_date_for (from, language);
      return g_strdup_printf ("%s – %s", first, last);
    }
  if (g_date_get_month (from) != g_date_get_month (to))
    {
      first = day_and_month (from, language);
      return g_strdup_printf ("%s – %s", first, last);
    }
  first = day_number (g_date_get_day (from), language);
  return g_strdup_printf ("%s–%s", first, last);
}

char *
sessio_format_date_range (const GDate *from,
                          const GDate *to)
{
  return sessio_format_date_range_for (from, to, sessio_format_get_language ());
}

char *
sessio_format_date (const GDate *date)
{
  return sessio_format_date_for (date, sessio_format_get_language ());
}

gboolean
sessio_parse_cents_for (const char     *text,
                        SessioLanguage  language,
                        gint64         *cents)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  const char *p;
  char decimal_sep = 0;
  char group_sep = language == SESSIO_LANGUAGE_EN ? ',' : '.';
  gint64 euros = 0, fraction = 0;
  guint n_dots = 0, n_commas = 0, n_fraction = 0, group_len = 0;
  gboolean digits = FALSE, in_fraction = FALSE, grouped = FALSE;

  g_return_val_if_fail (cents != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  /* Drop the euro sign and every kind of space people or other programs
   * put in amounts (no-break and narrow no-break spaces included). */
  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        return FALSE;
      if (c == 0x20AC || g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F)
        continue;
      if (c == '.' || c == ',' || g_ascii_isdigit ((char) c))
        {
          g_string_append_c (clean, (char) c);
          n_dots += c == '.';
          n_commas += c == ',';
          continue;
        }
      return FALSE;
    }

  if (clean->len == 0)
    return FALSE;

  /* Which separator is the decimal one, if any. */
  if (n_dots > 0 && n_commas > 0)
    decimal_sep = strrchr (clean->str, '.') > strrchr (clean->str, ',') ? '.' : ',';
  else if (n_dots + n_commas == 1)
    {
      char sep = n_dots ? '.' : ',';
      const char *after = strchr (clean->str, sep) + 1;

      if (strlen (after) == 3 && sep == group_sep)
        decimal_sep = 0;
      else
        decimal_sep = sep;
    }
  else if (n_dots + n_commas > 1 && (n_dots == 0 || n_commas == 0))
    decimal_sep = 0;   /* "1.234.567": only grouping */

  if (decimal_sep != 0 && (decimal_sep == '.' ? n_dots : n_commas) != 1)
    return FALSE;

  for (p = clean->str; *p != '\0'; p++)
    {
      if (*p == decimal_sep)
        {
          if (grouped && group_len != 3)
            return FALSE;
          in_fraction = TRUE;
          continue;
        }
      if (*p == '.' || *p == ',')
        {
          /* A thousands separator: after 1–3 digits first, then after
           * exactly three. */
          if (in_fraction || !digits || (grouped ? group_len != 3 : group_len > 3))
            return FALSE;
          grouped = TRUE;
          group_len = 0;
          continue;
        }

      digits = TRUE;
      if (in_fraction)
        {
          if (++n_fraction > 2)
            return FALSE;
          fraction = fraction * 10 + (*p - '0');
        }
      else
        {
          group_len++;
          if (euros > G_GINT64_CONSTANT (10000000000))
            return FALSE;
          euros = euros * 10 + (*p - '0');
        }
    }

  if (!digits || (grouped && !in_fraction && group_len != 3))
    return FALSE;
  /* "75," and ",5" are typos, not amounts. */
  if (in_fraction && (n_fraction == 0 || clean->str[0] == decimal_sep))
    return FALSE;
  if (n_fraction == 1)
    fraction *= 10;

  *cents = euros * 100 + fraction;
  return TRUE;
}

gboolean
sessio_parse_cents (const char *text,
                    gint64     *cents)
{
  return sessio_parse_cents_for (text, sessio_format_get_language (), cents);
}
