/* sessio-ident.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Belgian identifiers: INSZ/NISS, KBO/BCE, IBAN, structured communication
 * (OGM/VCS), RIZIV/INAMI provider numbers, insurer unions and BIM status.
 * Every validator accepts the usual formatting characters (spaces, dots,
 * dashes, slashes, plus signs where they belong), stores digits only and
 * fails with a translated SESSIO_ERROR_INVALID_INPUT that names the reason
 * but never repeats the value.
 */

#pragma once

#include <glib.h>

#include "sessio-error.h"
#include "sessio-format.h"

G_BEGIN_DECLS

/* Buffer sizes, including the terminating NUL. */
#define SESSIO_INSZ_LEN   12   /* 11 digits */
#define SESSIO_KBO_LEN    11   /* 10 digits */
#define SESSIO_IBAN_LEN   17   /* "BE" + 14 digits */
#define SESSIO_OGM_LEN    13   /* 12 digits */
#define SESSIO_OGM_TEXT_LEN 21 /* "+++123/4567/89012+++" */
#define SESSIO_RIZIV_LEN  12   /* 11 digits */

typedef enum
{
  SESSIO_INSZ_KIND_NATIONAL,   /* rijksregisternummer / numéro de registre national */
  SESSIO_INSZ_KIND_BIS_20,     /* BIS number, month + 20: sex unknown at registration */
  SESSIO_INSZ_KIND_BIS_40,     /* BIS number, month + 40: sex known at registration */
} SessioInszKind;

typedef enum
{
  SESSIO_INSZ_SEX_UNKNOWN,     /* BIS +20: the sequence number says nothing */
  SESSIO_INSZ_SEX_MALE,        /* odd sequence number */
  SESSIO_INSZ_SEX_FEMALE,      /* even sequence number */
} SessioInszSex;

typedef struct
{
  char            digits[SESSIO_INSZ_LEN];
  SessioInszKind  kind;
  /* Birth date parts; month and day are 0 when the register does not know
   * them (allowed by the register for some foreign-born people).  The year
   * is always known: the check digits choose the century. */
  guint           year;
  guint           month;
  guint           day;
  guint           sequence;  /* the three digits after the date */
  SessioInszSex   sex;
} SessioInszInfo;

/* Validates against the real date: a number whose birth date lies after
 * today is refused. */
gboolean  sessio_insz_validate           (const char      *text,
                                          SessioInszInfo  *info,
                                          GError         **error);
/* As sessio_insz_validate() with @today (NULL: the real date) as the day
 * after which no one can be born: the patient store passes its own today,
 * so tests are deterministic. */
gboolean  sessio_insz_validate_on        (const char      *text,
                                          const GDate     *today,
                                          SessioInszInfo  *info,
                                          GError         **error);
/* Fills @birth when the number carries a full date; FALSE when the day or
 * month is unknown (00), so that no impossible date is ever made up. */
gboolean  sessio_insz_info_get_birth     (const SessioInszInfo *info,
                                          GDate           *birth);
/* Whether @birth agrees with the parts of the birth date the number
 * knows: the year always, the month and day where they are not 00. */
gboolean  sessio_insz_info_matches_birth (const SessioInszInfo *info,
                                          const GDate     *birth);
/* Writes "YY.MM.DD-SSS.CC" into @out (16 bytes). */
void      sessio_insz_format             (const char      *digits,
                                          char             out[16]);
/* Writes a valid national number for @birth (years 1900–2099) and sex
 * into @out.  @serial picks the sequence: different serials give different
 * numbers for the same date and sex (498 per date and sex; serial wraps).
 * Synthetic data only: generated numbers may well belong to real people,
 * so they must never leave a test or demo vault. */
gboolean  sessio_insz_generate           (GDate           *birth,
                                          gboolean         male,
                                          guint            serial,
                                          char             out[12]);

/* 10 digits, the first 0 or 1 (the KBO/BCE hands out no other), and the
 * last two = 97 − (first eight mod 97). */
gboolean  sessio_kbo_validate            (const char      *text,
                                          char             out[SESSIO_KBO_LEN],
                                          GError         **error);
/* Writes "0123.456.789" into @out (13 bytes). */
void      sessio_kbo_format              (const char      *digits,
                                          char             out[13]);

gboolean  sessio_iban_validate           (const char      *text,
                                          char             out[SESSIO_IBAN_LEN],
                                          GError         **error);
/* Writes "BE68 5390 0754 7034" into @out (20 bytes). */
void      sessio_iban_format             (const char      *iban,
                                          char             out[20]);

gboolean  sessio_ogm_validate            (const char      *text,
                                          char             out[SESSIO_OGM_LEN],
                                          GError         **error);
/* The structured communication for @number (0 … 9 999 999 999) as
 * "+++123/4567/89012+++".  FALSE when @number has more than 10 digits. */
gboolean  sessio_ogm_generate            (guint64          number,
                                          char             out[SESSIO_OGM_TEXT_LEN]);
void      sessio_ogm_format              (const char      *digits,
                                          char             out[SESSIO_OGM_TEXT_LEN]);

/* Accepts any 11 digits.  *checksum_ok tells whether the mod-97 check
 * (digits 7–8 = 97 − digits 1–6 mod 97) holds: the public sources do not
 * settle the rule, so a failure is only ever a warning. */
gboolean  sessio_riziv_validate          (const char      *text,
                                          char             out[SESSIO_RIZIV_LEN],
                                          gboolean        *checksum_ok,
                                          GError         **error);
/* Writes "1-23456-78-901" into @out (15 bytes). */
void      sessio_riziv_format            (const char      *digits,
                                          char             out[15]);

typedef enum
{
  SESSIO_UNION_UNKNOWN = 0,
  SESSIO_UNION_CHRISTIAN = 100,
  SESSIO_UNION_NEUTRAL = 200,
  SESSIO_UNION_SOCIALIST = 300,
  SESSIO_UNION_LIBERAL = 400,
  SESSIO_UNION_INDEPENDENT = 500,
  SESSIO_UNION_HZIV = 600,
  SESSIO_UNION_HR_RAIL = 900,
} SessioInsurerUnion;

/* The union of a health insurer's code ("116", "319", …).  Fails with
 * SESSIO_ERROR_INVALID_INPUT for anything that is not a known union. */
gboolean            sessio_insurer_union_from_code (const char          *code,
                                                    SessioInsurerUnion  *out,
                                                    GError             **error);
/* Translated name of the union. */
const char         *sessio_insurer_union_name      (SessioInsurerUnion   insurer);
/* The same, untranslated, for documents (sessio_doc_gettext()). */
const char         *sessio_insurer_union_msgid     (SessioInsurerUnion   insurer);
/* The health insurer as people know it: the union by name with the code,
 * "Christelijke Mutualiteit (116)", in the user's language or in
 * @language; the code alone when it belongs to no known union.  A bare
 * "116" tells nobody anything.  Newly allocated; NULL for NULL or "". */
char               *sessio_insurer_describe        (const char          *code);
char               *sessio_insurer_describe_for    (const char          *code,
                                                    SessioLanguage       language);

/* "CT1/CT2" ("111/111") or CT1 alone: BIM when the holder code ends in 1. */
gboolean            sessio_holder_codes_is_bim     (const char          *codes,
                                                    gboolean            *bim,
                                                    GError             **error);

G_END_DECLS
