/* sessio-ident.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <time.h>

#include "sessio-doc-lang.h"
#include "sessio-ident.h"

/* Copies the digits of @text into @out (room for @max digits + NUL),
 * skipping the separators people type or paste: spaces (also no-break
 * spaces), dots, dashes, slashes.  Fails on any other character, or on
 * more than @max digits, so "12a34" is never silently read as "1234". */
static gboolean
take_digits (const char  *text,
             const char  *extra_separators,
             char        *out,
             gsize        max,
             gsize       *n_digits,
             const char  *what,
             GError     **error)
{
  gsize n = 0;

  if (text == NULL)
    text = "";

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                       /* Translators: %s is the kind of number, e.g. "INSZ number" */
                       _("The %s is not valid text"), what);
          return FALSE;
        }

      if (c >= '0' && c <= '9')
        {
          if (n < max)
            out[n] = (char) c;
          n++;
        }
      else if (c == ' ' || c == '\t' || c == '.' || c == '-' || c == '/' ||
               c == 0x00A0 || c == 0x202F ||
               (extra_separators != NULL && c < 128 && strchr (extra_separators, (int) c) != NULL))
        {
          continue;
        }
      else
        {
          g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                       /* Translators: %s is the kind of number, e.g. "INSZ number" */
                       _("The %s may only contain digits (and spaces, dots, dashes or slashes)"),
                       what);
          return FALSE;
        }
    }

  out[MIN (n, max)] = '\0';
  *n_digits = n;
  return TRUE;
}

static gboolean
check_length (gsize        n,
              gsize        expected,
              const char  *what,
              GError     **error)
{
  if (n == expected)
    return TRUE;

  g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
               /* Translators: first %s is the kind of number ("INSZ number"); the
                * numbers are digit counts */
               g_dngettext (GETTEXT_PACKAGE,
                            "The %s has %u digit; it needs %u",
                            "The %s has %u digits; it needs %u",
                            (gulong) n),
               what, (guint) n, (guint) expected);
  return FALSE;
}

static guint64
digits_value (const char *digits,
              gsize       len)
{
  guint64 value = 0;

  for (gsize i = 0; i < len; i++)
    value = value * 10 + (guint64) (digits[i] - '0');

  return value;
}

/* 97 − (n mod 97): the check of INSZ, KBO and RIZIV numbers; 1 … 97. */
static guint
check_97 (guint64 value)
{
  return 97 - (guint) (value % 97);
}

/* n mod 97 with 0 → 97: the check of IBAN national parts and OGM. */
static guint
mod_97_nonzero (guint64 value)
{
  guint r = (guint) (value % 97);

  return r == 0 ? 97 : r;
}

/* ---------------------------------------------------------------- INSZ */

gboolean
sessio_insz_validate (const char      *text,
                      SessioInszInfo  *info,
                      GError         **error)
{
  return sessio_insz_validate_on (text, NULL, info, error);
}

/* Whether the (partly known) birth date lies after @today.  An unknown
 * month or day can be anything, so only the known part is compared: a
 * number for "June 2026, day unknown" is not in the future on 15 June
 * 2026, one for "some day in 2027" is. */
static gboolean
birth_after (guint        year,
             guint        month,
             guint        day,
             const GDate *today)
{
  guint ty = g_date_get_year (today);
  guint tm = g_date_get_month (today);
  guint td = g_date_get_day (today);

  if (year != ty)
    return year > ty;
  if (month == 0 || month != tm)
    return month > tm;
  return day != 0 && day > td;
}

gboolean
sessio_insz_validate_on (const char      *text,
                         const GDate     *today,
                         SessioInszInfo  *info,
                         GError         **error)
{
  GDate real_today;
  const char *what = _("INSZ number");
  SessioInszInfo result = { { 0 }, 0 };
  char digits[SESSIO_INSZ_LEN];
  guint64 base;
  guint check, yy, mm, dd;
  gsize n;

  if (!take_digits (text, NULL, digits, 11, &n, what, error) ||
      !check_length (n, 11, what, error))
    return FALSE;

  base = digits_value (digits, 9);
  check = (guint) digits_value (digits + 9, 2);
  yy = (guint) digits_value (digits, 2);
  mm = (guint) digits_value (digits + 2, 2);
  dd = (guint) digits_value (digits + 4, 2);

  /* The same nine digits can stand for 19yy or 20yy: the register tells
   * them apart by computing the check on "2" + the nine digits for people
   * born from 2000.  Exactly one of the two can match, because 2 000 000 000
   * is not a multiple of 97.  The century chosen here is final: a number
   * whose 20yy date lies in the future is invalid, not read as 19yy. */
  if (check == check_97 (base))
    result.year = 1900 + yy;
  else if (check == check_97 (2000000000ULL + base))
    result.year = 2000 + yy;
  else
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The INSZ number’s check digits do not match: a digit is probably mistyped"));
      return FALSE;
    }

  if (mm <= 12)
    result.kind = SESSIO_INSZ_KIND_NATIONAL;
  else if (mm >= 20 && mm <= 32)
    {
      result.kind = SESSIO_INSZ_KIND_BIS_20;
      mm -= 20;
    }
  else if (mm >= 40 && mm <= 52)
    {
      result.kind = SESSIO_INSZ_KIND_BIS_40;
      mm -= 40;
    }
  else
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The INSZ number has an impossible birth month"));
      return FALSE;
    }

  /* Month or day 00 means "unknown" in the register and is allowed. */
  if (dd > 31 ||
      (mm != 0 && dd != 0 && !g_date_valid_dmy ((GDateDay) dd, (GDateMonth) mm, (GDateYear) result.year)))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The INSZ number has an impossible birth date"));
      return FALSE;
    }

  if (today == NULL || !g_date_valid (today))
    {
      g_date_clear (&real_today, 1);
      g_date_set_time_t (&real_today, time (NULL));
      today = &real_today;
    }
  if (birth_after (result.year, mm, dd, today))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The INSZ number’s birth date lies in the future"));
      return FALSE;
    }

  result.month = mm;
  result.day = dd;
  result.sequence = (guint) digits_value (digits + 6, 3);
  /* The sequence is odd for men and even for women, except in a BIS
   * number of the +20 kind: there the sex was not known when the number
   * was given, and the parity means nothing. */
  if (result.kind == SESSIO_INSZ_KIND_BIS_20)
    result.sex = SESSIO_INSZ_SEX_UNKNOWN;
  else
    result.sex = (result.sequence % 2) == 1 ? SESSIO_INSZ_SEX_MALE : SESSIO_INSZ_SEX_FEMALE;
  memcpy (result.digits, digits, sizeof digits);

  if (info != NULL)
    *info = result;

  return TRUE;
}

gboolean
sessio_insz_info_get_birth (const SessioInszInfo *info,
                            GDate                *birth)
{
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (birth != NULL, FALSE);

  if (info->month == 0 || info->day == 0)
    return FALSE;

  g_date_clear (birth, 1);
  g_date_set_dmy (birth, (GDateDay) info->day, (GDateMonth) info->month, (GDateYear) info->year);
  return TRUE;
}

gboolean
sessio_insz_info_matches_birth (const SessioInszInfo *info,
                                const GDate          *birth)
{
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (birth != NULL && g_date_valid (birth), FALSE);

  return g_date_get_year (birth) == info->year &&
         (info->month == 0 || g_date_get_month (birth) == info->month) &&
         (info->day == 0 || g_date_get_day (birth) == info->day);
}

void
sessio_insz_format (const char *digits,
                    char        out[16])
{
  g_snprintf (out, 16, "%.2s.%.2s.%.2s-%.3s.%.2s",
              digits, digits + 2, digits + 4, digits + 6, digits + 9);
}

gboolean
sessio_insz_generate (GDate    *birth,
                      gboolean  male,
                      guint     serial,
                      char      out[12])
{
  guint year, sequence;
  guint64 base;
  guint check;

  g_return_val_if_fail (birth != NULL && g_date_valid (birth), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  year = g_date_get_year (birth);
  if (year < 1900 || year > 2099)
    {
      out[0] = '\0';
      return FALSE;
    }

  /* 1 … 995 odd for men, 2 … 996 even for women: 498 numbers per day. */
  sequence = 2 * (serial % 498) + (male ? 1 : 2);
  base = (guint64) (year % 100) * 10000000ULL +
         (guint64) g_date_get_month (birth) * 100000ULL +
         (guint64) g_date_get_day (birth) * 1000ULL +
         sequence;
  check = check_97 (year >= 2000 ? 2000000000ULL + base : base);

  g_snprintf (out, 12, "%09" G_GUINT64_FORMAT "%02u", base, check);
  return TRUE;
}

/* ----------------------------------------------------------------- KBO */

gboolean
sessio_kbo_validate (const char  *text,
                     char         out[SESSIO_KBO_LEN],
                     GError     **error)
{
  const char *what = _("enterprise number");
  char digits[SESSIO_KBO_LEN];
  const char *p = text != NULL ? text : "";
  gsize n;

  /* "BE 0123.456.749" is how the number appears on invoices and VAT lists. */
  while (*p == ' ')
    p++;
  if (g_ascii_strncasecmp (p, "BE", 2) == 0)
    p += 2;

  if (!take_digits (p, NULL, digits, 10, &n, what, error) ||
      !check_length (n, 10, what, error))
    return FALSE;

  /* Enterprise numbers start with 0 or 1.  The KBO/BCE gives numbers
   * starting with 2 … 8 to establishment units (vestigingseenheden /
   * unités d'établissement), which pass mod 97 as well but cannot be
   * invoiced by; a stray digit passes it by chance one time in 97. */
  if (digits[0] != '0' && digits[0] != '1')
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("An enterprise number starts with 0 or 1"));
      return FALSE;
    }

  if (check_97 (digits_value (digits, 8)) != (guint) digits_value (digits + 8, 2))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The enterprise number’s check digits do not match: a digit is probably mistyped"));
      return FALSE;
    }

  if (out != NULL)
    memcpy (out, digits, SESSIO_KBO_LEN);
  return TRUE;
}

void
sessio_kbo_format (const char *digits,
                   char        out[13])
{
  g_snprintf (out, 13, "%.4s.%.3s.%.3s", digits, digits + 4, digits + 7);
}

/* ---------------------------------------------------------------- IBAN */

gboolean
sessio_iban_validate (const char  *text,
                      char         out[SESSIO_IBAN_LEN],
                      GError     **error)
{
  const char *what = _("IBAN");
  char digits[15];
  const char *p = text != NULL ? text : "";
  guint64 rem;
  gsize n;

  while (*p == ' ')
    p++;

  if (g_ascii_strncasecmp (p, "BE", 2) != 0)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("Only Belgian IBANs (starting with BE) are accepted"));
      return FALSE;
    }

  if (!take_digits (p + 2, NULL, digits, 14, &n, what, error) ||
      !check_length (n, 14, what, error))
    return FALSE;

  /* ISO 13616: move "BEkk" to the end, letters become 10 … 35 (B = 11,
   * E = 14), and the whole must be 1 mod 97.  Done digit by digit so no
   * big number is needed. */
  rem = 0;
  for (gsize i = 2; i < 14; i++)
    rem = (rem * 10 + (guint64) (digits[i] - '0')) % 97;
  rem = (rem * 100 + 11) % 97;
  rem = (rem * 100 + 14) % 97;
  rem = (rem * 100 + digits_value (digits, 2)) % 97;

  if (rem != 1)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The IBAN’s check digits do not match: a character is probably mistyped"));
      return FALSE;
    }

  /* The Belgian account number has its own check: the first ten digits
   * mod 97 (0 → 97) are the last two. */
  if (mod_97_nonzero (digits_value (digits + 2, 10)) != (guint) digits_value (digits + 12, 2))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The Belgian account number inside the IBAN does not check out"));
      return FALSE;
    }

  if (out != NULL)
    g_snprintf (out, SESSIO_IBAN_LEN, "BE%s", digits);
  return TRUE;
}

void
sessio_iban_format (const char *iban,
                    char        out[20])
{
  g_snprintf (out, 20, "%.4s %.4s %.4s %.4s", iban, iban + 4, iban + 8, iban + 12);
}

/* ----------------------------------------------------------------- OGM */

gboolean
sessio_ogm_validate (const char  *text,
                     char         out[SESSIO_OGM_LEN],
                     GError     **error)
{
  const char *what = _("structured communication");
  char digits[SESSIO_OGM_LEN];
  gsize n;

  /* Both "+++…+++" and the "***…***" some banks print are accepted. */
  if (!take_digits (text, "+*", digits, 12, &n, what, error) ||
      !check_length (n, 12, what, error))
    return FALSE;

  if (mod_97_nonzero (digits_value (digits, 10)) != (guint) digits_value (digits + 10, 2))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The structured communication’s check digits do not match: a digit is probably mistyped"));
      return FALSE;
    }

  if (out != NULL)
    memcpy (out, digits, SESSIO_OGM_LEN);
  return TRUE;
}

void
sessio_ogm_format (const char *digits,
                   char        out[SESSIO_OGM_TEXT_LEN])
{
  g_snprintf (out, SESSIO_OGM_TEXT_LEN, "+++%.3s/%.4s/%.5s+++", digits, digits + 3, digits + 7);
}

gboolean
sessio_ogm_generate (guint64 number,
                     char    out[SESSIO_OGM_TEXT_LEN])
{
  char digits[SESSIO_OGM_LEN];

  if (number > 9999999999ULL)
    {
      out[0] = '\0';
      return FALSE;
    }

  g_snprintf (digits, sizeof digits, "%010" G_GUINT64_FORMAT "%02u",
              number, mod_97_nonzero (number));
  sessio_ogm_format (digits, out);
  return TRUE;
}

/* --------------------------------------------------------------- RIZIV */

gboolean
sessio_riziv_validate (const char  *text,
                       char         out[SESSIO_RIZIV_LEN],
                       gboolean    *checksum_ok,
                       GError     **error)
{
  const char *what = _("RIZIV number");
  char digits[SESSIO_RIZIV_LEN];
  gsize n;

  if (!take_digits (text, NULL, digits, 11, &n, what, error) ||
      !check_length (n, 11, what, error))
    return FALSE;

  if (checksum_ok != NULL)
    *checksum_ok = check_97 (digits_value (digits, 6)) == (guint) digits_value (digits + 6, 2);
  if (out != NULL)
    memcpy (out, digits, SESSIO_RIZIV_LEN);
  return TRUE;
}

void
sessio_riziv_format (const char *digits,
                     char        out[15])
{
  g_snprintf (out, 15, "%.1s-%.5s-%.2s-%.3s", digits, digits + 1, digits + 6, digits + 8);
}

/* ------------------------------------------------------- insurer, BIM */

gboolean
sessio_insurer_union_from_code (const char          *code,
                                SessioInsurerUnion  *out,
                                GError             **error)
{
  char digits[4];
  gsize n;
  guint value;

  if (!take_digits (code, NULL, digits, 3, &n, _("health insurer code"), error) ||
      !check_length (n, 3, _("health insurer code"), error))
    return FALSE;

  value = (guint) digits_value (digits, 3);
  switch (value / 100)
    {
    case 1: *out = SESSIO_UNION_CHRISTIAN; return TRUE;
    case 2: *out = SESSIO_UNION_NEUTRAL; return TRUE;
    case 3: *out = SESSIO_UNION_SOCIALIST; return TRUE;
    case 4: *out = SESSIO_UNION_LIBERAL; return TRUE;
    case 5: *out = SESSIO_UNION_INDEPENDENT; return TRUE;
    default: break;
    }

  /* HZIV/CAAMI and HR Rail are single funds, not unions of mutualities. */
  if (value == 600)
    {
      *out = SESSIO_UNION_HZIV;
      return TRUE;
    }
  if (value == 900)
    {
      *out = SESSIO_UNION_HR_RAIL;
      return TRUE;
    }

  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                       _("This code belongs to no known health insurer"));
  return FALSE;
}

/* The unions' own names: "Christelijke Mutualiteit / Mutualité
 * chrétienne / Christliche Krankenkasse" is how the 100 union calls
 * itself in the three languages. */
const char *
sessio_insurer_union_msgid (SessioInsurerUnion insurer)
{
  switch (insurer)
    {
    case SESSIO_UNION_CHRISTIAN: return N_("Christian Mutuality");
    case SESSIO_UNION_NEUTRAL: return N_("Neutral mutualities");
    case SESSIO_UNION_SOCIALIST: return N_("Socialist mutualities");
    case SESSIO_UNION_LIBERAL: return N_("Liberal mutualities");
    case SESSIO_UNION_INDEPENDENT: return N_("Independent mutualities");
    case SESSIO_UNION_HZIV: return N_("HZIV/CAAMI auxiliary fund");
    case SESSIO_UNION_HR_RAIL: return N_("HR Rail health fund");
    case SESSIO_UNION_UNKNOWN:
    default:
      return N_("Unknown insurer");
    }
}

const char *
sessio_insurer_union_name (SessioInsurerUnion insurer)
{
  return _(sessio_insurer_union_msgid (insurer));
}

static char *
describe (const char *code,
          const char *(*translate) (SessioLanguage, const char *),
          SessioLanguage language)
{
  SessioInsurerUnion insurer;
  g_autofree char *stripped = NULL;
  const char *name;

  if (code == NULL || *code == '\0')
    return NULL;

  stripped = g_strstrip (g_strdup (code));
  if (!sessio_insurer_union_from_code (stripped, &insurer, NULL))
    return g_steal_pointer (&stripped);

  name = sessio_insurer_union_msgid (insurer);
  name = translate != NULL ? translate (language, name) : _(name);
  return g_strdup_printf ("%s (%s)", name, stripped);
}

char *
sessio_insurer_describe (const char *code)
{
  return describe (code, NULL, SESSIO_LANGUAGE_EN);
}

char *
sessio_insurer_describe_for (const char     *code,
                             SessioLanguage  language)
{
  return describe (code, sessio_doc_gettext, language);
}

gboolean
sessio_holder_codes_is_bim (const char  *codes,
                            gboolean    *bim,
                            GError     **error)
{
  char ct1[4], ct2[4];
  g_auto(GStrv) parts = NULL;
  gsize n;

  parts = g_strsplit (codes != NULL ? codes : "", "/", 3);
  if (parts[0] == NULL || (parts[1] != NULL && parts[2] != NULL))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("Holder codes are written CT1/CT2, e.g. 110/110"));
      return FALSE;
    }

  if (!take_digits (parts[0], NULL, ct1, 3, &n, _("holder code"), error) ||
      !check_length (n, 3, _("holder code"), error))
    return FALSE;
  if (parts[1] != NULL &&
      (!take_digits (parts[1], NULL, ct2, 3, &n, _("holder code"), error) ||
       !check_length (n, 3, _("holder code"), error)))
    return FALSE;

  /* The last digit of CT1 is 1 for the increased reimbursement; CT2
   * mirrors it on the insurer's vignette.  CT1 decides. */
  *bim = ct1[2] == '1';
  return TRUE;
}
