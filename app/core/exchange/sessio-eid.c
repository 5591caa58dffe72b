/* sessio-eid.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The identity file of the Belgian eID is a flat list of fields, each a
 * one-byte tag, a length and the value.  A length byte of 0xFF means
 * "255 more, and the next byte adds to it", so lengths of 255 and more take
 * several bytes.  The file may end in zero padding.  Values are UTF-8 text.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sessio-eid.h"

enum
{
  TAG_VALID_FROM = 0x03,
  TAG_VALID_UNTIL = 0x04,
  TAG_NATIONAL_NUMBER = 0x06,
  TAG_SURNAME = 0x07,
  TAG_GIVEN_NAMES = 0x08,
  TAG_THIRD_INITIAL = 0x09,
  TAG_BIRTH_DATE = 0x0C,
  TAG_SEX = 0x0D,
  TAG_DOCUMENT_TYPE = 0x0F,
  N_TAGS = 0x100,
};

static gboolean
malformed (GError **error)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED,
                       _("The identity file on the card is damaged or incomplete"));
  return FALSE;
}

static gboolean
bad_field (GError     **error,
           const char  *message)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED, message);
  return FALSE;
}

/* ------------------------------------------------------------ dates */

/* Month abbreviations as the three languages of the card write them,
 * upper case.  Variants seen in the wild (with and without accents,
 * longer and shorter forms) are all accepted: the card is read, not
 * judged. */
static const struct
{
  const char *name;
  guint       month;
} months[] = {
  /* Dutch */
  { "JAN", 1 }, { "FEB", 2 }, { "MAAR", 3 }, { "MAART", 3 }, { "MRT", 3 }, { "APR", 4 }, { "MEI", 5 },
  { "JUN", 6 }, { "JUL", 7 }, { "AUG", 8 }, { "SEP", 9 }, { "SEPT", 9 }, { "OKT", 10 },
  { "NOV", 11 }, { "DEC", 12 },
  /* French */
  { "JANV", 1 }, { "FEV", 2 }, { "FÉV", 2 }, { "FEVR", 2 }, { "FÉVR", 2 }, { "MARS", 3 },
  { "AVR", 4 }, { "MAI", 5 }, { "JUIN", 6 }, { "JUIL", 7 }, { "AOU", 8 }, { "AOUT", 8 },
  { "AOÛT", 8 }, { "OCT", 10 }, { "DÉC", 12 },
  /* German */
  { "JÄN", 1 }, { "MÄR", 3 }, { "MÄRZ", 3 }, { "MAR", 3 }, { "MAER", 3 }, { "DEZ", 12 },
};

static guint
month_from_name (const char *text,
                 gsize       length)
{
  g_autofree char *upper = NULL;

  if (length == 0 || length > 8 || !g_utf8_validate (text, (gssize) length, NULL))
    return 0;
  upper = g_utf8_strup (text, (gssize) length);
  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    if (strcmp (upper, months[i].name) == 0)
      return months[i].month;
  return 0;
}

/* Reads an unsigned decimal of exactly @length digits. */
static gboolean
read_digits (const char *text,
             gsize       length,
             guint      *value)
{
  guint v = 0;

  if (length == 0 || length > 4)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (text[i] < '0' || text[i] > '9')
        return FALSE;
      v = v * 10 + (guint) (text[i] - '0');
    }
  *value = v;
  return TRUE;
}

static gboolean
is_date_separator (char c)
{
  return c == ' ' || c == '.' || c == '-' || c == '/';
}

gboolean
sessio_eid_parse_birth_date (const char  *text,
                             gsize        length,
                             guint       *year,
                             guint       *month,
                             guint       *day,
                             GError     **error)
{
  const char *tokens[4];
  gsize lengths[4];
  guint n = 0, y = 0, m = 0, d = 0;
  gsize i = 0;

  /* Split on separators; more than three words is not a date. */
  while (i < length)
    {
      gsize start;

      if (is_date_separator (text[i]))
        {
          i++;
          continue;
        }
      if (n == G_N_ELEMENTS (tokens))
        goto bad;
      start = i;
      while (i < length && !is_date_separator (text[i]))
        i++;
      tokens[n] = text + start;
      lengths[n] = i - start;
      n++;
    }

  if (n == 1 && lengths[0] == 4 && read_digits (tokens[0], 4, &y))
    {
      /* The year alone: the register does not know the day and month. */
      m = d = 0;
    }
  else if (n == 3 && lengths[2] == 4 && lengths[0] <= 2 &&
           read_digits (tokens[0], lengths[0], &d) &&
           read_digits (tokens[2], 4, &y))
    {
      m = month_from_name (tokens[1], lengths[1]);
      if (m == 0)
        return bad_field (error, _("The birth date on the card has a month this version of Sessio does not know"));
      if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
        goto bad;
    }
  else
    goto bad;

  if (y < 1850 || y > 2199)
    goto bad;

  *year = y;
  *month = m;
  *day = d;
  return TRUE;

bad:
  return bad_field (error, _("The birth date on the card is not a date"));
}

gboolean
sessio_eid_parse_card_date (const char  *text,
                            gsize        length,
                            GDate       *date,
                            GError     **error)
{
  guint d, m, y;

  if (length != 10 || text[2] != '.' || text[5] != '.' ||
      !read_digits (text, 2, &d) || !read_digits (text + 3, 2, &m) || !read_digits (text + 6, 4, &y) ||
      y < 1990 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return bad_field (error, _("The card’s validity dates are not dates"));

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

/* ----------------------------------------------------------- fields */

static char *
dup_text (const guint8 *value,
          gsize         length)
{
  if (!g_utf8_validate ((const char *) value, (gssize) length, NULL) ||
      memchr (value, '\0', length) != NULL)
    return NULL;
  return g_strstrip (g_strndup ((const char *) value, length));
}

static SessioEidCardKind
kind_for_document_type (guint type)
{
  if (type == 1)
    return SESSIO_EID_CARD_BELGIAN;
  if (type == 6)
    return SESSIO_EID_CARD_KIDS;
  /* 8: residence permit; 11–19 the A to H cards; 20–33 the cards under
   * EU and withdrawal-agreement law (I, J, M, N, K, L, EU, EU+, ...). */
  if (type == 8 || (type >= 11 && type <= 33))
    return SESSIO_EID_CARD_FOREIGNER;
  return SESSIO_EID_CARD_OTHER;
}

/* The identity file's fields by tag: where each value is and how long. */
typedef struct
{
  const guint8 *values[N_TAGS];
  gsize         lengths[N_TAGS];
  gboolean      seen[N_TAGS];
} Fields;

/* Splits the file into its tag-length-value fields; the length is a run
 * of bytes added up while they are 0xFF. */
static gboolean
read_fields (const guint8  *data,
             gsize          length,
             Fields        *fields,
             GError       **error)
{
  gsize pos = 0;

  while (pos < length)
    {
      guint tag = data[pos];
      gsize value_length = 0;
      guint8 b;

      /* Zero padding up to the end of the file is not a field. */
      if (tag == 0)
        {
          gsize rest = pos;

          while (rest < length && data[rest] == 0)
            rest++;
          if (rest == length)
            break;
        }

      pos++;
      do
        {
          if (pos >= length)
            return malformed (error);
          b = data[pos++];
          value_length += b;
        }
      while (b == 0xFF);

      /* Past the end, or a field twice: not a file the card wrote. */
      if (value_length > length - pos || fields->seen[tag])
        return malformed (error);
      fields->seen[tag] = TRUE;
      fields->values[tag] = data + pos;
      fields->lengths[tag] = value_length;
      pos += value_length;
    }
  return TRUE;
}

/* National number: 11 digits, nothing around them, a valid INSZ. */
static gboolean
parse_national_number (const Fields       *fields,
                       SessioEidIdentity  *self,
                       SessioInszInfo     *info,
                       GError            **error)
{
  const guint8 *value = fields->values[TAG_NATIONAL_NUMBER];
  char digits[SESSIO_INSZ_LEN];

  if (fields->lengths[TAG_NATIONAL_NUMBER] != 11)
    return bad_field (error, _("The national number on the card is not valid"));
  for (gsize i = 0; i < 11; i++)
    if (value[i] < '0' || value[i] > '9')
      return bad_field (error, _("The national number on the card is not valid"));
  memcpy (digits, value, 11);
  digits[11] = '\0';
  if (!sessio_insz_validate (digits, info, NULL))
    return bad_field (error, _("The national number on the card is not valid"));
  memcpy (self->insz, info->digits, sizeof self->insz);
  return TRUE;
}

/* The surname, and the given names with the third initial after them. */
static gboolean
parse_names (const Fields       *fields,
             SessioEidIdentity  *self,
             GError            **error)
{
  g_autofree char *third = NULL;
  g_autofree char *given = NULL;

  self->surname = dup_text (fields->values[TAG_SURNAME], fields->lengths[TAG_SURNAME]);
  if (self->surname == NULL || self->surname[0] == '\0')
    return bad_field (error, _("The name on the card is not readable"));
  /* Given names may be absent: some people have none. */
  given = fields->seen[TAG_GIVEN_NAMES]
          ? dup_text (fields->values[TAG_GIVEN_NAMES], fields->lengths[TAG_GIVEN_NAMES]) : g_strdup ("");
  third = fields->seen[TAG_THIRD_INITIAL]
          ? dup_text (fields->values[TAG_THIRD_INITIAL], fields->lengths[TAG_THIRD_INITIAL]) : g_strdup ("");
  if (given == NULL || third == NULL)
    return bad_field (error, _("The name on the card is not readable"));
  if (third[0] != '\0')
    self->given_names = given[0] != '\0' ? g_strdup_printf ("%s %s.", given, third) : g_strdup_printf ("%s.", third);
  else
    self->given_names = g_steal_pointer (&given);
  return TRUE;
}

static gboolean
parse_sex (const Fields       *fields,
           SessioEidIdentity  *self,
           GError            **error)
{
  if (fields->lengths[TAG_SEX] == 1)
    switch (fields->values[TAG_SEX][0])
      {
      case 'M':
        self->sex = 'm';
        return TRUE;
      case 'F':   /* féminin */
      case 'V':   /* vrouwelijk */
      case 'W':   /* weiblich */
        self->sex = 'f';
        return TRUE;
      default:
        break;
      }
  bad_field (error, _("The sex on the card is neither M, F, V nor W"));
  return FALSE;
}

/* The validity dates, the first not after the second. */
static gboolean
parse_validity (const Fields       *fields,
                SessioEidIdentity  *self,
                GError            **error)
{
  if (!sessio_eid_parse_card_date ((const char *) fields->values[TAG_VALID_FROM], fields->lengths[TAG_VALID_FROM],
                                   &self->valid_from, error) ||
      !sessio_eid_parse_card_date ((const char *) fields->values[TAG_VALID_UNTIL], fields->lengths[TAG_VALID_UNTIL],
                                   &self->valid_until, error))
    return FALSE;
  if (g_date_compare (&self->valid_from, &self->valid_until) > 0)
    return bad_field (error, _("The card’s validity dates are not dates"));
  return TRUE;
}

/* The number repeats the birth date and the sex (national numbers; BIS
 * numbers may not know the sex).  A card whose fields disagree was not
 * written by the register. */
static gboolean
check_number_matches (const SessioEidIdentity  *self,
                      const SessioInszInfo     *info,
                      GError                  **error)
{
  GDate insz_birth;

  if (sessio_insz_info_get_birth (info, &insz_birth) &&
      (self->birth_month == 0 ||
       g_date_get_year (&insz_birth) != self->birth_year ||
       g_date_get_month (&insz_birth) != self->birth_month ||
       g_date_get_day (&insz_birth) != self->birth_day))
    return bad_field (error, _("The national number on the card does not match its birth date"));
  if (info->kind == SESSIO_INSZ_KIND_NATIONAL && info->sex != SESSIO_INSZ_SEX_UNKNOWN &&
      (self->sex == 'm') != (info->sex == SESSIO_INSZ_SEX_MALE))
    return bad_field (error, _("The national number on the card does not match its sex"));
  return TRUE;
}

SessioEidIdentity *
sessio_eid_identity_parse (const guint8  *data,
                           gsize          length,
                           GError       **error)
{
  g_autoptr(SessioEidIdentity) self = g_new0 (SessioEidIdentity, 1);
  Fields fields = { { NULL } };
  SessioInszInfo info;
  guint type = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  g_date_clear (&self->valid_from, 1);
  g_date_clear (&self->valid_until, 1);

  if (length == 0)
    {
      malformed (error);
      return NULL;
    }
  if (!read_fields (data, length, &fields, error))
    return NULL;

  if (!fields.seen[TAG_NATIONAL_NUMBER] || !fields.seen[TAG_SURNAME] || !fields.seen[TAG_BIRTH_DATE] ||
      !fields.seen[TAG_SEX] || !fields.seen[TAG_VALID_FROM] || !fields.seen[TAG_VALID_UNTIL])
    {
      malformed (error);
      return NULL;
    }

  if (!parse_national_number (&fields, self, &info, error) ||
      !parse_names (&fields, self, error) ||
      !sessio_eid_parse_birth_date ((const char *) fields.values[TAG_BIRTH_DATE], fields.lengths[TAG_BIRTH_DATE],
                                    &self->birth_year, &self->birth_month, &self->birth_day, error) ||
      !parse_sex (&fields, self, error) ||
      !parse_validity (&fields, self, error))
    return NULL;

  if (fields.seen[TAG_DOCUMENT_TYPE])
    {
      /* Written as ASCII digits ("1", "06", "11"). */
      if (fields.lengths[TAG_DOCUMENT_TYPE] < 1 || fields.lengths[TAG_DOCUMENT_TYPE] > 2 ||
          !read_digits ((const char *) fields.values[TAG_DOCUMENT_TYPE], fields.lengths[TAG_DOCUMENT_TYPE], &type))
        {
          malformed (error);
          return NULL;
        }
    }
  self->document_type = type;
  self->kind = kind_for_document_type (type);

  if (!check_number_matches (self, &info, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
sessio_eid_identity_free (SessioEidIdentity *self)
{
  if (self == NULL)
    return;
  /* Names are patient data: wipe before handing the memory back. */
  if (self->surname != NULL)
    memset (self->surname, 0, strlen (self->surname));
  if (self->given_names != NULL)
    memset (self->given_names, 0, strlen (self->given_names));
  g_free (self->surname);
  g_free (self->given_names);
  memset (self, 0, sizeof *self);
  g_free (self);
}

char *
sessio_eid_identity_dup_name (const SessioEidIdentity *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->given_names == NULL || self->given_names[0] == '\0')
    return g_strdup (self->surname);
  return g_strdup_printf ("%s %s", self->given_names, self->surname);
}

char *
sessio_eid_identity_dup_birth_date (const SessioEidIdentity *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->birth_month == 0)
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", self->birth_year, self->birth_month, self->birth_day);
}

gboolean
sessio_eid_identity_is_expired (const SessioEidIdentity *self,
                                const GDate             *today)
{
  GDate now;

  g_return_val_if_fail (self != NULL, FALSE);

  if (today == NULL)
    {
      g_date_clear (&now, 1);
      g_date_set_time_t (&now, time (NULL));
      today = &now;
    }
  return g_date_compare (&self->valid_until, today) < 0;
}

const char *
sessio_eid_card_kind_to_string (SessioEidCardKind kind)
{
  switch (kind)
    {
    case SESSIO_EID_CARD_BELGIAN:
      return "belgian";
    case SESSIO_EID_CARD_KIDS:
      return "kids";
    case SESSIO_EID_CARD_FOREIGNER:
      return "foreigner";
    case SESSIO_EID_CARD_OTHER:
    default:
      return "other";
    }
}

const char *
sessio_eid_card_kind_get_label (SessioEidCardKind kind)
{
  switch (kind)
    {
    case SESSIO_EID_CARD_BELGIAN:
      return _("Belgian identity card");
    case SESSIO_EID_CARD_KIDS:
      return _("Kids-ID");
    case SESSIO_EID_CARD_FOREIGNER:
      return _("Residence card for foreign nationals");
    case SESSIO_EID_CARD_OTHER:
    default:
      return _("Belgian eID card");
    }
}
