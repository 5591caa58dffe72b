/* sessio-format.c
 *
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

char *
sessio_format_date_for (const GDate    *date,
                        SessioLanguage  language)
{
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
  guint day, month, year;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail ((guint) language < G_N_ELEMENTS (months), NULL);

  day = g_date_get_day (date);
  month = g_date_get_month (date);
  year = g_date_get_year (date);

  switch (language)
    {
    case SESSIO_LANGUAGE_FR:
      return g_strdup_printf ("%u%s %s %u", day, day == 1 ? "er" : "", months[language][month - 1], year);
    case SESSIO_LANGUAGE_DE:
      return g_strdup_printf ("%u. %s %u", day, months[language][month - 1], year);
    case SESSIO_LANGUAGE_NL:
    case SESSIO_LANGUAGE_EN:
    default:
      return g_strdup_printf ("%u %s %u", day, months[language][month - 1], year);
    }
}

char *
sessio_format_date (const GDate *date)
{
  return sessio_format_date_for (date, sessio_format_get_language ());
}
