/* test-ident.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Known-good and known-bad vectors for every Belgian identifier.  All
 * numbers are synthetic: computed from invented dates and sequences.
 */

#include "config.h"

#include <string.h>

#include "sessio-core.h"
#include "sessio-ident.h"

typedef struct
{
  const char *text;
  gboolean    valid;
  const char *digits;   /* normalised form when valid */
} Vector;

static void
test_insz_vectors (void)
{
  static const struct
  {
    const char *text;
    gboolean valid;
    guint year, month, day;
    SessioInszSex sex;
    SessioInszKind kind;
  } vectors[] = {
    { "85071400155", TRUE, 1985, 7, 14, SESSIO_INSZ_SEX_MALE, SESSIO_INSZ_KIND_NATIONAL },
    { "85.07.14-001.55", TRUE, 1985, 7, 14, SESSIO_INSZ_SEX_MALE, SESSIO_INSZ_KIND_NATIONAL },
    { " 85 07 14 001 55 ", TRUE, 1985, 7, 14, SESSIO_INSZ_SEX_MALE, SESSIO_INSZ_KIND_NATIONAL },
    { "85071400254", TRUE, 1985, 7, 14, SESSIO_INSZ_SEX_FEMALE, SESSIO_INSZ_KIND_NATIONAL },
    /* born from 2000: check computed on "2" + nine digits */
    { "09051400324", TRUE, 2009, 5, 14, SESSIO_INSZ_SEX_MALE, SESSIO_INSZ_KIND_NATIONAL },
    { "00022901036", TRUE, 2000, 2, 29, SESSIO_INSZ_SEX_FEMALE, SESSIO_INSZ_KIND_NATIONAL },
    { "01010199797", TRUE, 2001, 1, 1, SESSIO_INSZ_SEX_MALE, SESSIO_INSZ_KIND_NATIONAL },
    /* BIS numbers */
    { "90210500737", TRUE, 1990, 1, 5, SESSIO_INSZ_SEX_UNKNOWN, SESSIO_INSZ_KIND_BIS_20 },
    { "60430001294", TRUE, 1960, 3, 0, SESSIO_INSZ_SEX_FEMALE, SESSIO_INSZ_KIND_BIS_40 },
    /* unknown month and day */
    { "75000003387", TRUE, 1975, 0, 0, SESSIO_INSZ_SEX_MALE, SESSIO_INSZ_KIND_NATIONAL },
    /* bad */
    { "85071400156", FALSE },             /* check off by one */
    { "85071400255", FALSE },
    { "8507140015", FALSE },              /* 10 digits */
    { "850714001555", FALSE },            /* 12 digits */
    { "85071400l55", FALSE },             /* a letter */
    { "", FALSE },
    { "85130100143", FALSE },             /* month 13, check right for 1900 */
    { "85023000163", FALSE },             /* 30 February */
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(GError) error = NULL;
      SessioInszInfo info;
      gboolean ok;

      g_test_message ("INSZ vector %u", i);
      ok = sessio_insz_validate (vectors[i].text, &info, &error);
      g_assert_cmpint (ok, ==, vectors[i].valid);
      if (!ok)
        {
          g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
          g_assert_nonnull (error->message);
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpuint (strlen (info.digits), ==, 11);
      g_assert_cmpuint (info.year, ==, vectors[i].year);
      g_assert_cmpuint (info.month, ==, vectors[i].month);
      g_assert_cmpuint (info.day, ==, vectors[i].day);
      g_assert_cmpint (info.sex, ==, vectors[i].sex);
      g_assert_cmpint (info.kind, ==, vectors[i].kind);
    }
}

static void
test_insz_impossible_dates (void)
{
  /* Build numbers with a correct check so only the date is wrong. */
  static const char *bases[] = { "850230001", "851301001", "850732001", "851500001", "856001001" };

  for (guint i = 0; i < G_N_ELEMENTS (bases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 base = g_ascii_strtoull (bases[i], NULL, 10);
      char text[12];

      g_snprintf (text, sizeof text, "%s%02u", bases[i], (guint) (97 - base % 97));
      g_assert_false (sessio_insz_validate (text, NULL, &error));
      g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
    }
}

static void
set_date (GDate *date,
          guint  year,
          guint  month,
          guint  day)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/* 340510708: 97 − (2 340510708 mod 97) = 61, so 34051070861 is 2034-05-10
 * and no one can have it before that day; 97 − (340510708 mod 97) = 32, so
 * 34051070832 is a woman born on 1934-05-10. */
static void
test_insz_future (void)
{
  g_autoptr(GError) error = NULL;
  SessioInszInfo info;
  GDate today;

  set_date (&today, 2026, 12, 6);
  g_assert_false (sessio_insz_validate_on ("34051070861", &today, &info, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* The real date (the default) is before 2034 as long as this test lives. */
  g_assert_false (sessio_insz_validate ("34051070861", &info, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* The other century is not tried instead. */
  g_assert_true (sessio_insz_validate_on ("34051070832", &today, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info.year, ==, 1934);

  /* Born today is fine, tomorrow is not. */
  set_date (&today, 2034, 5, 10);
  g_assert_true (sessio_insz_validate_on ("34051070861", &today, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info.year, ==, 2034);
  set_date (&today, 2034, 5, 9);
  g_assert_false (sessio_insz_validate_on ("34051070861", &today, &info, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
}

/* A BIS number raises the month by 20 when the sex was unknown at
 * registration and by 40 when it was known: only then does the parity of
 * the sequence number (916, even) say "female". */
static void
test_insz_bis_sex (void)
{
  g_autoptr(GError) error = NULL;
  SessioInszInfo info;

  /* 883224916: 97 − (883224916 mod 97) = 48 → 1988-12-24, +20 */
  g_assert_true (sessio_insz_validate ("88322491648", &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.kind, ==, SESSIO_INSZ_KIND_BIS_20);
  g_assert_cmpint (info.sex, ==, SESSIO_INSZ_SEX_UNKNOWN);
  g_assert_cmpuint (info.month, ==, 12);

  /* 885224916: 97 − (885224916 mod 97) = 91 → 1988-12-24, +40 */
  g_assert_true (sessio_insz_validate ("88522491691", &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.kind, ==, SESSIO_INSZ_KIND_BIS_40);
  g_assert_cmpint (info.sex, ==, SESSIO_INSZ_SEX_FEMALE);
}

/* Day or month 00: the register does not know them.  No date is made up
 * from the known parts, and a birth date agrees with the number when it
 * agrees with what the number knows. */
static void
test_insz_unknown_date (void)
{
  g_autoptr(GError) error = NULL;
  SessioInszInfo info;
  GDate birth;

  /* 580200123: 97 − (580200123 mod 97) = 42 → February 1958, day unknown */
  g_assert_true (sessio_insz_validate ("58020012342", &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info.year, ==, 1958);
  g_assert_cmpuint (info.month, ==, 2);
  g_assert_cmpuint (info.day, ==, 0);
  g_assert_false (sessio_insz_info_get_birth (&info, &birth));
  set_date (&birth, 1958, 2, 17);
  g_assert_true (sessio_insz_info_matches_birth (&info, &birth));
  set_date (&birth, 1958, 3, 17);
  g_assert_false (sessio_insz_info_matches_birth (&info, &birth));
  set_date (&birth, 1959, 2, 17);
  g_assert_false (sessio_insz_info_matches_birth (&info, &birth));

  /* 000000045: 97 − (000000045 mod 97) = 52 → 1900, month and day unknown */
  g_assert_true (sessio_insz_validate ("00000004552", &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info.year, ==, 1900);
  g_assert_cmpuint (info.month, ==, 0);
  g_assert_cmpuint (info.day, ==, 0);
  g_assert_false (sessio_insz_info_get_birth (&info, &birth));
  set_date (&birth, 1900, 7, 1);
  g_assert_true (sessio_insz_info_matches_birth (&info, &birth));
  set_date (&birth, 2000, 7, 1);
  g_assert_false (sessio_insz_info_matches_birth (&info, &birth));

  /* A full date matches only itself. */
  g_assert_true (sessio_insz_validate ("85071400155", &info, &error));
  set_date (&birth, 1985, 7, 14);
  g_assert_true (sessio_insz_info_matches_birth (&info, &birth));
  set_date (&birth, 1985, 7, 15);
  g_assert_false (sessio_insz_info_matches_birth (&info, &birth));
}

/* A partly unknown date is in the future only when its known part is:
 * 26 26 00 157 (BIS +20, "June 2026") and 26 52 00 157 (BIS +40,
 * "December 2026"): 97 − (2 262600157 mod 97) = 18, 97 − (2 265200157 mod
 * 97) = 6. */
static void
test_insz_future_partial (void)
{
  g_autoptr(GError) error = NULL;
  GDate today;

  set_date (&today, 2026, 6, 15);
  g_assert_true (sessio_insz_validate_on ("26260015718", &today, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (sessio_insz_validate_on ("26520015706", &today, NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  set_date (&today, 2026, 12, 1);
  g_assert_true (sessio_insz_validate_on ("26520015706", &today, NULL, &error));
  g_assert_no_error (error);
  set_date (&today, 2026, 5, 31);
  g_assert_false (sessio_insz_validate_on ("26260015718", &today, NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
}

static void
test_insz_generate (void)
{
  static const struct { guint d, m, y; } dates[] = {
    { 1, 1, 1900 }, { 31, 12, 1999 }, { 1, 1, 2000 }, { 29, 2, 2000 }, { 29, 2, 2008 },
    { 14, 5, 2009 }, { 28, 2, 2099 }, { 15, 6, 1950 },
  };
  GDate last_day;

  set_date (&last_day, 2099, 12, 31);

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    for (guint serial = 0; serial < 1000; serial += 37)
      for (int male = 0; male <= 1; male++)
        {
          g_autoptr(GError) error = NULL;
          SessioInszInfo info;
          GDate birth, back;
          char out[12];

          g_date_clear (&birth, 1);
          g_date_set_dmy (&birth, dates[i].d, dates[i].m, dates[i].y);
          g_assert_true (sessio_insz_generate (&birth, male, serial, out));
          /* The generator covers up to 2099: validate as on its last day. */
          g_assert_true (sessio_insz_validate_on (out, &last_day, &info, &error));
          g_assert_no_error (error);
          g_assert_cmpint (info.sex, ==, male ? SESSIO_INSZ_SEX_MALE : SESSIO_INSZ_SEX_FEMALE);
          g_assert_true (sessio_insz_info_get_birth (&info, &back));
          g_assert_cmpint (g_date_compare (&birth, &back), ==, 0);
          g_assert_cmpuint (info.sequence, >=, 1);
          g_assert_cmpuint (info.sequence, <=, 996);
        }

  /* Different serials give different numbers. */
  {
    GDate birth;
    char a[12], b[12];

    g_date_clear (&birth, 1);
    g_date_set_dmy (&birth, 3, 4, 1988);
    sessio_insz_generate (&birth, TRUE, 0, a);
    sessio_insz_generate (&birth, TRUE, 1, b);
    g_assert_cmpstr (a, !=, b);

    g_date_set_dmy (&birth, 3, 4, 1850);
    g_assert_false (sessio_insz_generate (&birth, TRUE, 0, a));
  }
}

static void
test_insz_format (void)
{
  char out[16];

  sessio_insz_format ("85071400155", out);
  g_assert_cmpstr (out, ==, "85.07.14-001.55");
}

static void
run_vectors (const Vector *vectors,
             guint         n,
             gboolean    (*validate) (const char *, char *, GError **),
             gsize         out_len)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      char out[32] = { 0 };
      gboolean ok;

      g_test_message ("vector %u", i);
      ok = validate (vectors[i].text, out, &error);
      g_assert_cmpint (ok, ==, vectors[i].valid);
      if (ok)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (out, ==, vectors[i].digits);
          g_assert_cmpuint (strlen (out) + 1, ==, out_len);
        }
      else
        g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
    }
}

static void
test_kbo (void)
{
  static const Vector vectors[] = {
    { "0456789034", TRUE, "0456789034" },
    { "0456.789.034", TRUE, "0456789034" },
    { "BE 0456.789.034", TRUE, "0456789034" },
    { "be0456789034", TRUE, "0456789034" },
    { "1234567894", TRUE, "1234567894" },
    { "0456789035", FALSE },
    { "0456789043", FALSE },     /* swapped check digits */
    /* 89590481 mod 97 = 20, 97 − 20 = 77: the check holds, but enterprise
     * numbers start with 0 or 1 (2 … 8 are establishment units) */
    { "8959048177", FALSE },
    { "2030123490", FALSE },     /* 20301234 mod 97 = 7, 97 − 7 = 90 */
    { "1000000021", TRUE, "1000000021" },  /* 10000000 mod 97 = 76, 97 − 76 = 21 */
    { "456789034", FALSE },      /* 9 digits */
    { "04567890340", FALSE },
    { "0456x789034", FALSE },
    { "", FALSE },
  };
  char formatted[13];

  run_vectors (vectors, G_N_ELEMENTS (vectors), sessio_kbo_validate, SESSIO_KBO_LEN);
  sessio_kbo_format ("0456789034", formatted);
  g_assert_cmpstr (formatted, ==, "0456.789.034");
}

static void
test_iban (void)
{
  static const Vector vectors[] = {
    { "BE68539007547034", TRUE, "BE68539007547034" },
    { "BE68 5390 0754 7034", TRUE, "BE68539007547034" },
    { "be68 5390 0754 7034", TRUE, "BE68539007547034" },
    { "BE36053900754781", TRUE, "BE36053900754781" },
    { "BE32123456789002", TRUE, "BE32123456789002" },
    { "BE78310000000086", TRUE, "BE78310000000086" },
    { "BE69539007547034", FALSE },   /* ISO check wrong */
    { "BE68539007547035", FALSE },   /* one digit off */
    /* ISO check right (recomputed) but national check wrong */
    { "BE75539007547035", FALSE },
    { "NL91ABNA0417164300", FALSE }, /* not Belgian */
    { "BE6853900754703", FALSE },    /* too short */
    { "", FALSE },
  };
  char formatted[20];

  run_vectors (vectors, G_N_ELEMENTS (vectors), sessio_iban_validate, SESSIO_IBAN_LEN);
  sessio_iban_format ("BE68539007547034", formatted);
  g_assert_cmpstr (formatted, ==, "BE68 5390 0754 7034");
}

static void
test_ogm (void)
{
  static const Vector vectors[] = {
    { "+++123/4567/89002+++", TRUE, "123456789002" },
    { "***123/4567/89002***", TRUE, "123456789002" },
    { "123456789002", TRUE, "123456789002" },
    { "+++000/0000/09797+++", TRUE, "000000009797" },  /* 97 mod 97 = 0 → 97 */
    { "+++000/0000/00097+++", TRUE, "000000000097" },  /* 0 → 97 */
    { "+++000/0000/04242+++", TRUE, "000000004242" },
    { "+++123/4567/89003+++", FALSE },
    { "+++000/0000/09700+++", FALSE },  /* 0 instead of 97 */
    { "+++123/4567/8900+++", FALSE },
    { "+++123/4567/8900A+++", FALSE },
    { "", FALSE },
  };
  char out[SESSIO_OGM_TEXT_LEN];

  run_vectors (vectors, G_N_ELEMENTS (vectors), sessio_ogm_validate, SESSIO_OGM_LEN);

  g_assert_true (sessio_ogm_generate (1234567890, out));
  g_assert_cmpstr (out, ==, "+++123/4567/89002+++");
  g_assert_true (sessio_ogm_generate (0, out));
  g_assert_cmpstr (out, ==, "+++000/0000/00097+++");
  g_assert_true (sessio_ogm_generate (97, out));
  g_assert_cmpstr (out, ==, "+++000/0000/09797+++");
  g_assert_false (sessio_ogm_generate (10000000000ULL, out));

  for (guint64 n = 1; n < 9999999999ULL; n = n * 7 + 3)
    {
      char digits[SESSIO_OGM_LEN];

      g_assert_true (sessio_ogm_generate (n, out));
      g_assert_true (sessio_ogm_validate (out, digits, NULL));
    }
}

static void
test_riziv (void)
{
  static const struct { const char *text; gboolean valid; gboolean checksum; } vectors[] = {
    { "12345625780", TRUE, TRUE },
    { "1-23456-25-780", TRUE, TRUE },
    { "71234523001", TRUE, TRUE },
    { "12345699780", TRUE, FALSE },  /* accepted, checksum warning */
    { "1234562578", FALSE },
    { "123456257800", FALSE },
    { "1234562578O", FALSE },
    { "", FALSE },
  };
  char formatted[15];

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(GError) error = NULL;
      char out[SESSIO_RIZIV_LEN];
      gboolean checksum = !vectors[i].checksum;
      gboolean ok;

      ok = sessio_riziv_validate (vectors[i].text, out, &checksum, &error);
      g_assert_cmpint (ok, ==, vectors[i].valid);
      if (ok)
        {
          g_assert_no_error (error);
          g_assert_cmpint (checksum, ==, vectors[i].checksum);
          g_assert_cmpuint (strlen (out), ==, 11);
        }
      else
        g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
    }

  sessio_riziv_format ("12345625780", formatted);
  g_assert_cmpstr (formatted, ==, "1-23456-25-780");
}

static void
test_insurer (void)
{
  static const struct { const char *code; gboolean valid; SessioInsurerUnion insurer; } vectors[] = {
    { "100", TRUE, SESSIO_UNION_CHRISTIAN },
    { "116", TRUE, SESSIO_UNION_CHRISTIAN },
    { "235", TRUE, SESSIO_UNION_NEUTRAL },
    { "319", TRUE, SESSIO_UNION_SOCIALIST },
    { "403", TRUE, SESSIO_UNION_LIBERAL },
    { "509", TRUE, SESSIO_UNION_INDEPENDENT },
    { "600", TRUE, SESSIO_UNION_HZIV },
    { "900", TRUE, SESSIO_UNION_HR_RAIL },
    { "700", FALSE },
    { "000", FALSE },
    { "601", FALSE },
    { "12", FALSE },
    { "abc", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(GError) error = NULL;
      SessioInsurerUnion insurer = SESSIO_UNION_UNKNOWN;
      gboolean ok = sessio_insurer_union_from_code (vectors[i].code, &insurer, &error);

      g_assert_cmpint (ok, ==, vectors[i].valid);
      if (ok)
        {
          g_assert_cmpint (insurer, ==, vectors[i].insurer);
          g_assert_nonnull (sessio_insurer_union_name (insurer));
        }
      else
        g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
    }
}

/* A health insurer is shown by name with its code, in the reader's
 * language; a code of no known union stays as it is. */
static void
test_insurer_describe (void)
{
  static const struct { const char *code; SessioLanguage language; const char *text; } vectors[] = {
    { "116", SESSIO_LANGUAGE_NL, "Christelijke Mutualiteit (116)" },
    { "116", SESSIO_LANGUAGE_FR, "Mutualité chrétienne (116)" },
    { "116", SESSIO_LANGUAGE_DE, "Christliche Krankenkasse (116)" },
    { "116", SESSIO_LANGUAGE_EN, "Christian Mutuality (116)" },
    { "235", SESSIO_LANGUAGE_NL, "Neutrale ziekenfondsen (235)" },
    { "319", SESSIO_LANGUAGE_FR, "Mutualités socialistes (319)" },
    { "403", SESSIO_LANGUAGE_DE, "Liberale Krankenkassen (403)" },
    { "509", SESSIO_LANGUAGE_FR, "Mutualités libres (509)" },
    { "600", SESSIO_LANGUAGE_NL, "Hulpkas HZIV (600)" },
    { "900", SESSIO_LANGUAGE_EN, "HR Rail health fund (900)" },
    { "799", SESSIO_LANGUAGE_NL, "799" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *text = sessio_insurer_describe_for (vectors[i].code, vectors[i].language);

      g_assert_cmpstr (text, ==, vectors[i].text);
    }
  g_assert_null (sessio_insurer_describe_for (NULL, SESSIO_LANGUAGE_NL));
  g_assert_null (sessio_insurer_describe_for ("", SESSIO_LANGUAGE_NL));
}

static void
test_bim (void)
{
  static const struct { const char *codes; gboolean valid; gboolean bim; } vectors[] = {
    { "110/110", TRUE, FALSE },
    { "111/111", TRUE, TRUE },
    { "121/121", TRUE, TRUE },
    { "130/130", TRUE, FALSE },
    { "421", TRUE, TRUE },
    { "11/110", FALSE },
    { "110/110/110", FALSE },
    { "abc/110", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean bim = FALSE;
      gboolean ok = sessio_holder_codes_is_bim (vectors[i].codes, &bim, &error);

      g_assert_cmpint (ok, ==, vectors[i].valid);
      if (ok)
        g_assert_cmpint (bim, ==, vectors[i].bim);
      else
        g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  sessio_core_init (NULL);

  g_test_add_func ("/ident/insz/vectors", test_insz_vectors);
  g_test_add_func ("/ident/insz/impossible-dates", test_insz_impossible_dates);
  g_test_add_func ("/ident/insz/future", test_insz_future);
  g_test_add_func ("/ident/insz/future-partial", test_insz_future_partial);
  g_test_add_func ("/ident/insz/bis-sex", test_insz_bis_sex);
  g_test_add_func ("/ident/insz/unknown-date", test_insz_unknown_date);
  g_test_add_func ("/ident/insz/generate", test_insz_generate);
  g_test_add_func ("/ident/insz/format", test_insz_format);
  g_test_add_func ("/ident/kbo", test_kbo);
  g_test_add_func ("/ident/iban", test_iban);
  g_test_add_func ("/ident/ogm", test_ogm);
  g_test_add_func ("/ident/riziv", test_riziv);
  g_test_add_func ("/ident/insurer", test_insurer);
  g_test_add_func ("/ident/insurer-describe", test_insurer_describe);
  g_test_add_func ("/ident/bim", test_bim);

  return g_test_run ();
}
