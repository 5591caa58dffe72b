/* sessio-format.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Money and dates the way the user reads them.  Sessio speaks nl, fr, de
 * and en; the system may not have those C locales installed (Flatpak,
 * minimal containers), so the conventions are written out here rather than
 * taken from strftime() and localeconv(), which would silently fall back to
 * "C".
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SESSIO_LANGUAGE_EN,
  SESSIO_LANGUAGE_NL,
  SESSIO_LANGUAGE_FR,
  SESSIO_LANGUAGE_DE,
} SessioLanguage;

/* The language of the user's messages (LANGUAGE, LC_ALL, LC_MESSAGES,
 * LANG, as gettext reads them); English when none of ours. */
SessioLanguage  sessio_format_get_language   (void);
/* "nl", "fr_BE.UTF-8", "de_DE@euro", … → the language; English otherwise. */
SessioLanguage  sessio_language_from_locale  (const char     *locale);

/* €11.00 in English, € 11,00 in Dutch, 11,00 € in French and German,
 * with thousands grouped.  Newly allocated. */
char           *sessio_format_cents          (gint64          cents);
char           *sessio_format_cents_for      (gint64          cents,
                                              SessioLanguage  language);

/* Reads an amount of euros as people type it: "75", "75,00", "75.00",
 * "€ 1.234,50", "1,234.50", "1 234,50".  A single separator followed by
 * one or two digits is the decimal one; followed by three digits it is
 * the thousands separator of @language (so "1.234" is €1,234 in Dutch
 * and refused in English).  At most two decimals, not negative.  FALSE
 * for anything else. */
gboolean        sessio_parse_cents_for       (const char     *text,
                                              SessioLanguage  language,
                                              gint64         *cents);
gboolean        sessio_parse_cents           (const char     *text,
                                              gint64         *cents);

/* "1 April 2024", "1 april 2024", "1er avril 2024", "1. April 2024". */
char           *sessio_format_date           (const GDate    *date);
char           *sessio_format_date_for       (const GDate    *date,
                                              SessioLanguage  language);

/* A day heading in the agenda: "Monday 23 November", "maandag 23
 * november", "lundi 23 novembre", "Montag, 23. November"; with the year
 * after it when @with_year. */
char           *sessio_format_day            (const GDate    *date,
                                              gboolean        with_year);
char           *sessio_format_day_for        (const GDate    *date,
                                              gboolean        with_year,
                                              SessioLanguage  language);

/* A month and its year, as the invoice month picker shows it: "November
 * 2026", "november 2026", "novembre 2026", "November 2026".  @month is
 * 1–12. */
char           *sessio_format_month          (guint           year,
                                              guint           month);
char           *sessio_format_month_for      (guint           year,
                                              guint           month,
                                              SessioLanguage  language);
/* The same, short, for a chart axis: "Dec 2026", "dec 2026", "déc.
 * 2026", "Dez. 2026". */
char           *sessio_format_month_short    (guint           year,
                                              guint           month);
char           *sessio_format_month_short_for (guint          year,
                                               guint          month,
                                               SessioLanguage language);
/* A moment in local time: the date as sessio_format_date() and the time
 * on the 24-hour clock, "6 december 2026 14:05". */
char           *sessio_format_date_time      (GDateTime      *when);
char           *sessio_format_date_time_for  (GDateTime      *when,
                                              SessioLanguage  language);

/* A span of days, what both ends share written once: "23–29 November
 * 2026", "30 November – 6 December 2026", "29 December 2025 – 4 January
 * 2026"; a single day as sessio_format_date(). */
char           *sessio_format_date_range     (const GDate    *from,
                                              const GDate    *to);
char           *sessio_format_date_range_for (const GDate    *from,
                                              const GDate    *to,
                                              SessioLanguage  language);

G_END_DECLS
