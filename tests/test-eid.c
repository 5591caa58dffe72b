/* test-eid.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The eID identity file parser on made-up files: adult, Kids-ID, foreign
 * resident, French and German birth-date spellings, expired, and every
 * way a file can be malformed.  The people are invented; their national
 * numbers are computed from invented birth dates, with valid check digits.
 */

#include "config.h"

#include <string.h>

#include "sessio-core.h"
#include "sessio-eid.h"

/* Builds a TLV file the way the card writes it. */
typedef struct
{
  GByteArray *bytes;
  GArray     *boundaries;   /* offsets where a field ends */
} File;

static File *
file_new (void)
{
  File *file = g_new0 (File, 1);

  file->bytes = g_byte_array_new ();
  file->boundaries = g_array_new (FALSE, FALSE, sizeof (guint));
  return file;
}

static void
file_free (File *file)
{
  g_byte_array_unref (file->bytes);
  g_array_unref (file->boundaries);
  g_free (file);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (File, file_free)

static void
file_add_bytes (File         *file,
                guint8        tag,
                const guint8 *value,
                gsize         length)
{
  gsize rest = length;

  g_byte_array_append (file->bytes, &tag, 1);
  /* Lengths of 255 and more: 0xFF bytes, each adding 255, then the rest. */
  while (rest >= 0xFF)
    {
      guint8 ff = 0xFF;

      g_byte_array_append (file->bytes, &ff, 1);
      rest -= 0xFF;
    }
  {
    guint8 last = (guint8) rest;

    g_byte_array_append (file->bytes, &last, 1);
  }
  g_byte_array_append (file->bytes, value, (guint) length);
  g_array_append_val (file->boundaries, file->bytes->len);
}

static void
file_add (File       *file,
          guint8      tag,
          const char *text)
{
  file_add_bytes (file, tag, (const guint8 *) text, strlen (text));
}

typedef struct
{
  const char *insz;
  const char *surname;
  const char *given;
  const char *third;   /* NULL: none */
  const char *birth;
  const char *sex;
  const char *valid_from;
  const char *valid_until;
  const char *document_type;
} Card;

static const Card adult = {
  "85071400155", "Peeters-Verhoeven", "Jan Pieter", "K", "14 JUL 1985", "M",
  "01.02.2024", "01.02.2034", "1",
};

/* A file as a card writes it, with the fields the parser skips too. */
static File *
file_for_card (const Card *card)
{
  File *file = file_new ();
  static const guint8 photo_hash[20] = { 0x5a, 0x01, 0x02, 0x03 };

  file_add (file, 0x01, "592123456789");            /* card number */
  file_add (file, 0x02, "SLGCHIPNUMBER000");        /* chip number */
  file_add (file, 0x03, card->valid_from);
  file_add (file, 0x04, card->valid_until);
  file_add (file, 0x05, "Gemeente");                /* issuing municipality */
  file_add (file, 0x06, card->insz);
  file_add (file, 0x07, card->surname);
  file_add (file, 0x08, card->given);
  if (card->third != NULL)
    file_add (file, 0x09, card->third);
  file_add (file, 0x0A, "Belg");                    /* nationality */
  file_add (file, 0x0B, "Plaats");                  /* birth place */
  file_add (file, 0x0C, card->birth);
  file_add (file, 0x0D, card->sex);
  if (card->document_type != NULL)
    file_add (file, 0x0F, card->document_type);
  file_add_bytes (file, 0x11, photo_hash, sizeof photo_hash);
  return file;
}

static SessioEidIdentity *
parse_card (const Card  *card,
            GError     **error)
{
  g_autoptr(File) file = file_for_card (card);

  return sessio_eid_identity_parse (file->bytes->data, file->bytes->len, error);
}

static void
assert_parse_fails (const Card *card)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioEidIdentity) identity = parse_card (card, &error);

  g_assert_null (identity);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
  g_assert_nonnull (error->message);
  /* The message never repeats what was on the card. */
  if (strlen (card->insz) > 3)
    g_assert_null (strstr (error->message, card->insz));
  if (strlen (card->surname) > 3)
    g_assert_null (strstr (error->message, card->surname));
}

static void
test_adult (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioEidIdentity) identity = parse_card (&adult, &error);
  g_autofree char *name = NULL, *birth = NULL;
  GDate today;

  g_assert_no_error (error);
  g_assert_cmpstr (identity->insz, ==, "85071400155");
  g_assert_cmpstr (identity->surname, ==, "Peeters-Verhoeven");
  g_assert_cmpstr (identity->given_names, ==, "Jan Pieter K.");
  name = sessio_eid_identity_dup_name (identity);
  g_assert_cmpstr (name, ==, "Jan Pieter K. Peeters-Verhoeven");
  birth = sessio_eid_identity_dup_birth_date (identity);
  g_assert_cmpstr (birth, ==, "1985-07-14");
  g_assert_cmpint (identity->sex, ==, 'm');
  g_assert_cmpint (identity->kind, ==, SESSIO_EID_CARD_BELGIAN);
  g_assert_cmpstr (sessio_eid_card_kind_to_string (identity->kind), ==, "belgian");
  g_assert_cmpuint (g_date_get_year (&identity->valid_from), ==, 2024);
  g_assert_cmpuint (g_date_get_year (&identity->valid_until), ==, 2034);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 6, 12, 2026);
  g_assert_false (sessio_eid_identity_is_expired (identity, &today));
  /* Valid up to and including the last day. */
  g_date_set_dmy (&today, 1, 2, 2034);
  g_assert_false (sessio_eid_identity_is_expired (identity, &today));
  g_date_set_dmy (&today, 2, 2, 2034);
  g_assert_true (sessio_eid_identity_is_expired (identity, &today));
}

static void
test_kinds (void)
{
  static const struct
  {
    Card               card;
    SessioEidCardKind  kind;
    char               sex;
    const char        *name;
    const char        *birth;
  } cases[] = {
    /* Kids-ID, Dutch: V(rouw), MAART spelled MAAR. */
    { { "16030901207", "Claes", "Lotte", NULL, "09 MAAR 2016", "V", "10.04.2025", "10.04.2028", "6" },
      SESSIO_EID_CARD_KIDS, 'f', "Lotte Claes", "2016-03-09" },
    /* Foreign resident (B card), names beyond ASCII. */
    { { "79112303343", "Novák", "Tomáš", NULL, "23 NOV 1979", "M", "05.06.2022", "05.06.2027", "12" },
      SESSIO_EID_CARD_FOREIGNER, 'm', "Tomáš Novák", "1979-11-23" },
    /* French: F(éminin), FEV. */
    { { "90021504452", "Dubois", "Élodie Marie", NULL, "15 FEV 1990", "F", "20.09.2021", "20.09.2031", "1" },
      SESSIO_EID_CARD_BELGIAN, 'f', "Élodie Marie Dubois", "1990-02-15" },
    /* German: MÄR (UTF-8), M. */
    { { "72030305728", "Schmitz", "Günter", NULL, "03 MÄR 1972", "M", "11.11.2020", "11.11.2030", "1" },
      SESSIO_EID_CARD_BELGIAN, 'm', "Günter Schmitz", "1972-03-03" },
    /* German DEZ, W(eiblich), dots as separators. */
    { { "61122406892", "Janssen", "Maria", NULL, "24.DEZ.1961", "W", "15.05.2019", "15.05.2029", "1" },
      SESSIO_EID_CARD_BELGIAN, 'f', "Maria Janssen", "1961-12-24" },
    /* An unknown document type is still read. */
    { { "58080107109", "Maes", "Karel", NULL, "01 AOUT 1958", "M", "15.05.2019", "15.05.2029", "99" },
      SESSIO_EID_CARD_OTHER, 'm', "Karel Maes", "1958-08-01" },
    /* No document type at all, no given names. */
    { { "58080107109", "Maes", "", NULL, "01 AUG 1958", "M", "15.05.2019", "15.05.2029", NULL },
      SESSIO_EID_CARD_OTHER, 'm', "Maes", "1958-08-01" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SessioEidIdentity) identity = parse_card (&cases[i].card, &error);
      g_autofree char *name = NULL, *birth = NULL;

      g_test_message ("case %u", i);
      g_assert_no_error (error);
      g_assert_cmpstr (identity->insz, ==, cases[i].card.insz);
      g_assert_cmpint (identity->kind, ==, cases[i].kind);
      g_assert_cmpint (identity->sex, ==, cases[i].sex);
      name = sessio_eid_identity_dup_name (identity);
      g_assert_cmpstr (name, ==, cases[i].name);
      birth = sessio_eid_identity_dup_birth_date (identity);
      g_assert_cmpstr (birth, ==, cases[i].birth);
    }
}

static void
test_expired (void)
{
  static const Card expired = {
    "61122406892", "Janssens", "Maria", NULL, "24 DEC 1961", "V", "15.05.2014", "15.05.2024", "1",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioEidIdentity) identity = parse_card (&expired, &error);
  GDate today;

  /* Read all the same: the identity on it is still the person's. */
  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 6, 12, 2026);
  g_assert_true (sessio_eid_identity_is_expired (identity, &today));
  g_assert_true (sessio_eid_identity_is_expired (identity, NULL));
}

static void
test_birth_dates (void)
{
  static const struct
  {
    const char *text;
    gboolean    ok;
    guint       year, month, day;
  } cases[] = {
    { "14 JUL 1985", TRUE, 1985, 7, 14 },
    { "14.JUL.1985", TRUE, 1985, 7, 14 },
    { "14 jul. 1985", TRUE, 1985, 7, 14 },
    { "4 JUL 1985", TRUE, 1985, 7, 4 },
    { "01 JANV 2000", TRUE, 2000, 1, 1 },
    { "29 FEB 2000", TRUE, 2000, 2, 29 },
    { "31 MAART 1999", TRUE, 1999, 3, 31 },
    { "31 MRT 1999", TRUE, 1999, 3, 31 },
    { "31 MARS 1999", TRUE, 1999, 3, 31 },
    { "31 MÄRZ 1999", TRUE, 1999, 3, 31 },
    { "30 AVR 2001", TRUE, 2001, 4, 30 },
    { "30 APR 2001", TRUE, 2001, 4, 30 },
    { "01 MEI 2001", TRUE, 2001, 5, 1 },
    { "01 MAI 2001", TRUE, 2001, 5, 1 },
    { "01 JUIN 2001", TRUE, 2001, 6, 1 },
    { "01 JUIL 2001", TRUE, 2001, 7, 1 },
    { "15 AOÛT 2001", TRUE, 2001, 8, 15 },
    { "15 SEPT 2001", TRUE, 2001, 9, 15 },
    { "15 OKT 2001", TRUE, 2001, 10, 15 },
    { "15 OCT 2001", TRUE, 2001, 10, 15 },
    { "15 NOV 2001", TRUE, 2001, 11, 15 },
    { "15 DÉC 2001", TRUE, 2001, 12, 15 },
    { "1985", TRUE, 1985, 0, 0 },          /* the year alone */
    { "  1985", TRUE, 1985, 0, 0 },
    { "30 FEB 2001", FALSE, 0, 0, 0 },
    { "00 JAN 2001", FALSE, 0, 0, 0 },
    { "14 XYZ 1985", FALSE, 0, 0, 0 },
    { "14 JUL", FALSE, 0, 0, 0 },
    { "14 JUL 85", FALSE, 0, 0, 0 },
    { "141 JUL 1985", FALSE, 0, 0, 0 },
    { "14 JUL 1985 X", FALSE, 0, 0, 0 },
    { "14 07 1985", FALSE, 0, 0, 0 },
    { "1x JUL 1985", FALSE, 0, 0, 0 },
    { "14 JUL 1700", FALSE, 0, 0, 0 },
    { "14 \xff\xfe 1985", FALSE, 0, 0, 0 },
    { "", FALSE, 0, 0, 0 },
    { "...", FALSE, 0, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint year = 99, month = 99, day = 99;
      gboolean ok = sessio_eid_parse_birth_date (cases[i].text, strlen (cases[i].text),
                                                 &year, &month, &day, &error);

      g_test_message ("“%s”", cases[i].text);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (year, ==, cases[i].year);
          g_assert_cmpuint (month, ==, cases[i].month);
          g_assert_cmpuint (day, ==, cases[i].day);
        }
      else
        {
          g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
          g_assert_cmpuint (year, ==, 99);
        }
    }
}

static void
test_card_dates (void)
{
  static const struct
  {
    const char *text;
    gboolean    ok;
  } cases[] = {
    { "01.02.2024", TRUE },
    { "29.02.2024", TRUE },
    { "29.02.2023", FALSE },
    { "1.02.2024", FALSE },
    { "01-02-2024", FALSE },
    { "01.02.20a4", FALSE },
    { "01.13.2024", FALSE },
    { "01.02.1900", FALSE },
    { "01.02.2024 ", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate date;

      g_test_message ("“%s”", cases[i].text);
      g_assert_cmpint (sessio_eid_parse_card_date (cases[i].text, strlen (cases[i].text), &date, &error),
                       ==, cases[i].ok);
      if (!cases[i].ok)
        g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
    }
}

/* Every prefix of the file: a cut inside a field always fails; a cut at
 * a field's end fails until the last mandatory field (the sex) is in. */
static void
test_truncated (void)
{
  g_autoptr(File) file = file_for_card (&adult);
  gsize sex_end = 0;

  /* The boundary after the sex field (tag 0x0D): the third from the end. */
  sex_end = g_array_index (file->boundaries, guint, file->boundaries->len - 3);

  for (gsize length = 0; length < file->bytes->len; length++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SessioEidIdentity) identity = NULL;
      gboolean boundary = FALSE;

      for (guint b = 0; b < file->boundaries->len; b++)
        boundary = boundary || g_array_index (file->boundaries, guint, b) == length;

      identity = sessio_eid_identity_parse (file->bytes->data, length, &error);
      if (boundary && length >= sex_end)
        g_assert_no_error (error);
      else
        {
          g_test_message ("prefix of %" G_GSIZE_FORMAT " bytes", length);
          g_assert_null (identity);
          g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
        }
    }
}

static void
test_malformed_tlv (void)
{
  static const struct
  {
    const char *what;
    const char *hex;
  } cases[] = {
    { "one tag byte", "06" },
    { "a length past the end", "060c3835303731343030313535" },
    { "a length byte of 0xFF at the end", "11ff" },
    { "a run of 0xFF lengths past the end", "11ffffff01" },
    { "zeros then a stray byte", "0000000006" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SessioEidIdentity) identity = NULL;
      gsize n = strlen (cases[i].hex) / 2;
      g_autofree guint8 *bytes = g_malloc (n);

      for (gsize b = 0; b < n; b++)
        bytes[b] = (guint8) (g_ascii_xdigit_value (cases[i].hex[2 * b]) * 16 +
                             g_ascii_xdigit_value (cases[i].hex[2 * b + 1]));
      g_test_message ("%s", cases[i].what);
      identity = sessio_eid_identity_parse (bytes, n, &error);
      g_assert_null (identity);
      g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (sessio_eid_identity_parse (NULL, 0, &error));
    g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
  }
}

/* A field of 255 bytes and more, zero padding, tags the parser does not
 * know: read as the card writes them. */
static void
test_long_fields_and_padding (void)
{
  g_autoptr(File) file = file_for_card (&adult);
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioEidIdentity) identity = NULL;
  guint8 big[300];
  guint8 zeros[40] = { 0 };

  memset (big, 'x', sizeof big);
  file_add_bytes (file, 0x20, big, sizeof big);
  file_add_bytes (file, 0x21, big, 255);
  g_byte_array_append (file->bytes, zeros, sizeof zeros);
  identity = sessio_eid_identity_parse (file->bytes->data, file->bytes->len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (identity->insz, ==, adult.insz);
}

static void
test_duplicate_field (void)
{
  g_autoptr(File) file = file_for_card (&adult);
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioEidIdentity) identity = NULL;

  file_add (file, 0x07, "Anders");
  identity = sessio_eid_identity_parse (file->bytes->data, file->bytes->len, &error);
  g_assert_null (identity);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
}

static void
test_missing_fields (void)
{
  /* Each mandatory tag left out in turn. */
  static const guint8 mandatory[] = { 0x03, 0x04, 0x06, 0x07, 0x0C, 0x0D };

  for (guint m = 0; m < G_N_ELEMENTS (mandatory); m++)
    {
      g_autoptr(File) full = file_for_card (&adult);
      g_autoptr(GByteArray) cut = g_byte_array_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(SessioEidIdentity) identity = NULL;
      gsize pos = 0;

      while (pos < full->bytes->len)
        {
          guint8 tag = full->bytes->data[pos];
          gsize len = full->bytes->data[pos + 1];  /* all short here */

          if (tag != mandatory[m])
            g_byte_array_append (cut, full->bytes->data + pos, (guint) (2 + len));
          pos += 2 + len;
        }
      identity = sessio_eid_identity_parse (cut->data, cut->len, &error);
      g_test_message ("without tag %02x", mandatory[m]);
      g_assert_null (identity);
      g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
    }
}

static void
test_bad_fields (void)
{
  Card card;

#define WITH(field, value) (card = adult, card.field = (value), assert_parse_fails (&card))
  WITH (insz, "85071400156");          /* check digits */
  WITH (insz, "8507140015");           /* ten digits */
  WITH (insz, "850714001555");         /* twelve */
  WITH (insz, "8507140015a");
  WITH (insz, "85071400254");          /* valid, but even: a woman's number on a man's card */
  WITH (insz, "85071500125");          /* valid, another birth date */
  WITH (surname, "");
  WITH (surname, "   ");
  WITH (surname, "Pee\xfftersss");     /* not UTF-8 */
  WITH (given, "Jan\xc3");             /* cut UTF-8 */
  WITH (third, "\xff");
  WITH (sex, "X");
  WITH (sex, "MM");
  WITH (sex, "");
  WITH (sex, "m");
  WITH (birth, "14 JUL");
  WITH (birth, "14 ZZZ 1985");
  WITH (birth, "1985");                /* the number knows the full date */
  WITH (valid_from, "32.01.2024");
  WITH (valid_until, "2034-02-01");
  WITH (valid_until, "01.01.2024");    /* ends before it begins */
  WITH (document_type, "A1");
  WITH (document_type, "123");
  WITH (document_type, "");
#undef WITH

  /* A surname with a NUL inside. */
  {
    g_autoptr(File) file = file_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(SessioEidIdentity) identity = NULL;

    file_add (file, 0x03, adult.valid_from);
    file_add (file, 0x04, adult.valid_until);
    file_add (file, 0x06, adult.insz);
    file_add_bytes (file, 0x07, (const guint8 *) "Pee\0ters", 8);
    file_add (file, 0x0C, adult.birth);
    file_add (file, 0x0D, adult.sex);
    identity = sessio_eid_identity_parse (file->bytes->data, file->bytes->len, &error);
    g_assert_null (identity);
    g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
  }
}

/* A file written out byte for byte, as it would be recorded from a card
 * (made up: the person and the card are invented). */
static void
test_recorded_bytes (void)
{
  static const guint8 recorded[] = {
    0x01, 0x0c, '5', '9', '2', '0', '0', '0', '0', '0', '0', '0', '0', '1',
    0x03, 0x0a, '0', '1', '.', '0', '2', '.', '2', '0', '2', '4',
    0x04, 0x0a, '0', '1', '.', '0', '2', '.', '2', '0', '3', '4',
    0x06, 0x0b, '9', '0', '0', '2', '1', '5', '0', '4', '4', '5', '2',
    0x07, 0x06, 'D', 'u', 'b', 'o', 'i', 's',
    0x08, 0x07, 0xc3, 0x89, 'l', 'o', 'd', 'i', 'e',
    0x0c, 0x0c, '1', '5', ' ', 'F', 0xc3, 0x89, 'V', ' ', '1', '9', '9', '0',
    0x0d, 0x01, 'F',
    0x0f, 0x01, '1',
    0x00, 0x00, 0x00, 0x00,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioEidIdentity) identity = sessio_eid_identity_parse (recorded, sizeof recorded, &error);
  g_autofree char *name = NULL, *birth = NULL;

  g_assert_no_error (error);
  name = sessio_eid_identity_dup_name (identity);
  birth = sessio_eid_identity_dup_birth_date (identity);
  g_assert_cmpstr (name, ==, "Élodie Dubois");
  g_assert_cmpstr (birth, ==, "1990-02-15");
  g_assert_cmpint (identity->sex, ==, 'f');
  g_assert_cmpstr (identity->insz, ==, "90021504452");
}

int
main (int   argc,
      char *argv[])
{
  sessio_core_init (NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/eid/adult", test_adult);
  g_test_add_func ("/eid/kinds-and-languages", test_kinds);
  g_test_add_func ("/eid/expired", test_expired);
  g_test_add_func ("/eid/birth-dates", test_birth_dates);
  g_test_add_func ("/eid/card-dates", test_card_dates);
  g_test_add_func ("/eid/truncated", test_truncated);
  g_test_add_func ("/eid/malformed-tlv", test_malformed_tlv);
  g_test_add_func ("/eid/long-fields-and-padding", test_long_fields_and_padding);
  g_test_add_func ("/eid/duplicate-field", test_duplicate_field);
  g_test_add_func ("/eid/missing-fields", test_missing_fields);
  g_test_add_func ("/eid/bad-fields", test_bad_fields);
  g_test_add_func ("/eid/recorded-bytes", test_recorded_bytes);

  return g_test_run ();
}
