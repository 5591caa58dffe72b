/* test-ident-table.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A table of INSZ/NISS and KBO/BCE numbers with the verdict each should
 * get, worked out from the published rules rather than from Sessio's
 * code, so that a rule Sessio gets wrong shows up here.  Every row's
 * comment gives the arithmetic, which can be checked by hand:
 *
 *   INSZ: 11 digits, YYMMDD SSS CC.  CC = 97 − (the nine digits mod 97)
 *         for a birth in 19YY, 97 − ("2" + the nine digits mod 97) for
 *         20YY; exactly one can hold.  MM is the month (00 unknown), the
 *         month + 20 in a BIS number given without knowing the sex, + 40
 *         in one given knowing it.  DD is the day (00 unknown).  SSS is
 *         odd for men, even for women, except in a +20 BIS number where it
 *         says nothing about the sex.  The date must exist and must not lie
 *         after today; only the known part of a partly unknown date is
 *         compared.  Today is 2026-06-15 throughout.
 *   KBO:  10 digits starting with 0 or 1 (2 … 8 are establishment units),
 *         the last two = 97 − (the first eight mod 97).
 *
 * The numbers are synthetic: random dates and sequences with the check
 * computed, then damaged (one digit changed, two neighbours swapped, the
 * other century's check) to make the invalid rows.
 */

#include "config.h"

#include <string.h>

#include "sessio-core.h"
#include "sessio-ident.h"

typedef enum
{
  OK,
  CHECK,    /* the check digits match neither century */
  MONTH,    /* the month is none of 0–12, 20–32, 40–52 */
  DATE,     /* the date does not exist */
  FUTURE,   /* the birth date lies after today */
} Verdict;

#define SEX_MALE      SESSIO_INSZ_SEX_MALE
#define SEX_FEMALE    SESSIO_INSZ_SEX_FEMALE
#define SEX_UNKNOWN   SESSIO_INSZ_SEX_UNKNOWN
#define KIND_NATIONAL SESSIO_INSZ_KIND_NATIONAL
#define KIND_BIS_20   SESSIO_INSZ_KIND_BIS_20
#define KIND_BIS_40   SESSIO_INSZ_KIND_BIS_40

static const struct
{
  const char     *text;
  Verdict         verdict;
  guint           year, month, day;
  SessioInszSex   sex;
  SessioInszKind  kind;
} insz_rows[] = {
    /* the examples of the review that found the four rules */
    { "34051070861", FUTURE },  /* 2340510708 mod 97 = 36, 97 − 36 = 61: 20xx; 2034-05-10 is after 2026-06-15 */
    { "34051070832", OK, 1934, 5, 10, SEX_FEMALE, KIND_NATIONAL },  /* 340510708 mod 97 = 65, 97 − 65 = 32: 19xx; 1934-05-10; sequence 708 even */
    { "88322491648", OK, 1988, 12, 24, SEX_UNKNOWN, KIND_BIS_20 },  /* 883224916 mod 97 = 49, 97 − 49 = 48: 19xx; 1988-12-24; +20: sex unknown */
    { "88522491691", OK, 1988, 12, 24, SEX_FEMALE, KIND_BIS_40 },  /* 885224916 mod 97 = 6, 97 − 6 = 91: 19xx; 1988-12-24; +40, sequence 916 even */
    { "58020012342", OK, 1958, 2, 0, SEX_MALE, KIND_NATIONAL },  /* 580200123 mod 97 = 55, 97 − 55 = 42: 19xx; 1958-02-00 (00 = unknown); sequence 123 odd */
    { "00000004552", OK, 1900, 0, 0, SEX_MALE, KIND_NATIONAL },  /* 000000045 mod 97 = 45, 97 − 45 = 52: 19xx; 1900-00-00 (00 = unknown); sequence 045 odd */

    /* valid, born 19xx */
    { "66081629288", OK, 1966, 8, 16, SEX_FEMALE, KIND_NATIONAL },  /* 660816292 mod 97 = 9, 97 − 9 = 88: 19xx; 1966-08-16; sequence 292 even */
    { "73041500638", OK, 1973, 4, 15, SEX_FEMALE, KIND_NATIONAL },  /* 730415006 mod 97 = 59, 97 − 59 = 38: 19xx; 1973-04-15; sequence 006 even */
    { "72112326651", OK, 1972, 11, 23, SEX_FEMALE, KIND_NATIONAL },  /* 721123266 mod 97 = 46, 97 − 46 = 51: 19xx; 1972-11-23; sequence 266 even */
    { "50110801103", OK, 1950, 11, 8, SEX_MALE, KIND_NATIONAL },  /* 501108011 mod 97 = 94, 97 − 94 = 03: 19xx; 1950-11-08; sequence 011 odd */
    { "57052734478", OK, 1957, 5, 27, SEX_FEMALE, KIND_NATIONAL },  /* 570527344 mod 97 = 19, 97 − 19 = 78: 19xx; 1957-05-27; sequence 344 even */
    { "38122031861", OK, 1938, 12, 20, SEX_FEMALE, KIND_NATIONAL },  /* 381220318 mod 97 = 36, 97 − 36 = 61: 19xx; 1938-12-20; sequence 318 even */
    { "22042026018", OK, 1922, 4, 20, SEX_FEMALE, KIND_NATIONAL },  /* 220420260 mod 97 = 79, 97 − 79 = 18: 19xx; 1922-04-20; sequence 260 even */
    { "22032662152", OK, 1922, 3, 26, SEX_MALE, KIND_NATIONAL },  /* 220326621 mod 97 = 45, 97 − 45 = 52: 19xx; 1922-03-26; sequence 621 odd */
    { "23081561457", OK, 1923, 8, 15, SEX_FEMALE, KIND_NATIONAL },  /* 230815614 mod 97 = 40, 97 − 40 = 57: 19xx; 1923-08-15; sequence 614 even */
    { "57042631830", OK, 1957, 4, 26, SEX_FEMALE, KIND_NATIONAL },  /* 570426318 mod 97 = 67, 97 − 67 = 30: 19xx; 1957-04-26; sequence 318 even */
    { "66051480797", OK, 1966, 5, 14, SEX_MALE, KIND_NATIONAL },  /* 660514807 mod 97 = 0, 97 − 0 = 97: 19xx; 1966-05-14; sequence 807 odd */
    { "31061643470", OK, 1931, 6, 16, SEX_FEMALE, KIND_NATIONAL },  /* 310616434 mod 97 = 27, 97 − 27 = 70: 19xx; 1931-06-16; sequence 434 even */
    { "86110697252", OK, 1986, 11, 6, SEX_FEMALE, KIND_NATIONAL },  /* 861106972 mod 97 = 45, 97 − 45 = 52: 19xx; 1986-11-06; sequence 972 even */
    { "92051904690", OK, 1992, 5, 19, SEX_FEMALE, KIND_NATIONAL },  /* 920519046 mod 97 = 7, 97 − 7 = 90: 19xx; 1992-05-19; sequence 046 even */
    { "56022781055", OK, 1956, 2, 27, SEX_FEMALE, KIND_NATIONAL },  /* 560227810 mod 97 = 42, 97 − 42 = 55: 19xx; 1956-02-27; sequence 810 even */
    { "20091224176", OK, 1920, 9, 12, SEX_MALE, KIND_NATIONAL },  /* 200912241 mod 97 = 21, 97 − 21 = 76: 19xx; 1920-09-12; sequence 241 odd */
    { "82031031264", OK, 1982, 3, 10, SEX_FEMALE, KIND_NATIONAL },  /* 820310312 mod 97 = 33, 97 − 33 = 64: 19xx; 1982-03-10; sequence 312 even */
    { "60081506822", OK, 1960, 8, 15, SEX_FEMALE, KIND_NATIONAL },  /* 600815068 mod 97 = 75, 97 − 75 = 22: 19xx; 1960-08-15; sequence 068 even */
    { "41121674610", OK, 1941, 12, 16, SEX_FEMALE, KIND_NATIONAL },  /* 411216746 mod 97 = 87, 97 − 87 = 10: 19xx; 1941-12-16; sequence 746 even */
    { "21082788662", OK, 1921, 8, 27, SEX_FEMALE, KIND_NATIONAL },  /* 210827886 mod 97 = 35, 97 − 35 = 62: 19xx; 1921-08-27; sequence 886 even */
    { "82012748744", OK, 1982, 1, 27, SEX_MALE, KIND_NATIONAL },  /* 820127487 mod 97 = 53, 97 − 53 = 44: 19xx; 1982-01-27; sequence 487 odd */
    { "35082762832", OK, 1935, 8, 27, SEX_FEMALE, KIND_NATIONAL },  /* 350827628 mod 97 = 65, 97 − 65 = 32: 19xx; 1935-08-27; sequence 628 even */
    { "30082102432", OK, 1930, 8, 21, SEX_FEMALE, KIND_NATIONAL },  /* 300821024 mod 97 = 65, 97 − 65 = 32: 19xx; 1930-08-21; sequence 024 even */
    { "38120894288", OK, 1938, 12, 8, SEX_FEMALE, KIND_NATIONAL },  /* 381208942 mod 97 = 9, 97 − 9 = 88: 19xx; 1938-12-08; sequence 942 even */
    { "71060255347", OK, 1971, 6, 2, SEX_MALE, KIND_NATIONAL },  /* 710602553 mod 97 = 50, 97 − 50 = 47: 19xx; 1971-06-02; sequence 553 odd */

    /* valid, born 20xx */
    { "01112141057", OK, 2001, 11, 21, SEX_FEMALE, KIND_NATIONAL },  /* 2011121410 mod 97 = 40, 97 − 40 = 57: 20xx; 2001-11-21; sequence 410 even */
    { "19061652448", OK, 2019, 6, 16, SEX_FEMALE, KIND_NATIONAL },  /* 2190616524 mod 97 = 49, 97 − 49 = 48: 20xx; 2019-06-16; sequence 524 even */
    { "21112185037", OK, 2021, 11, 21, SEX_FEMALE, KIND_NATIONAL },  /* 2211121850 mod 97 = 60, 97 − 60 = 37: 20xx; 2021-11-21; sequence 850 even */
    { "26020832821", OK, 2026, 2, 8, SEX_FEMALE, KIND_NATIONAL },  /* 2260208328 mod 97 = 76, 97 − 76 = 21: 20xx; 2026-02-08; sequence 328 even */
    { "03120355516", OK, 2003, 12, 3, SEX_MALE, KIND_NATIONAL },  /* 2031203555 mod 97 = 81, 97 − 81 = 16: 20xx; 2003-12-03; sequence 555 odd */
    { "03040140474", OK, 2003, 4, 1, SEX_FEMALE, KIND_NATIONAL },  /* 2030401404 mod 97 = 23, 97 − 23 = 74: 20xx; 2003-04-01; sequence 404 even */
    { "20012711714", OK, 2020, 1, 27, SEX_MALE, KIND_NATIONAL },  /* 2200127117 mod 97 = 83, 97 − 83 = 14: 20xx; 2020-01-27; sequence 117 odd */
    { "23110296450", OK, 2023, 11, 2, SEX_FEMALE, KIND_NATIONAL },  /* 2231102964 mod 97 = 47, 97 − 47 = 50: 20xx; 2023-11-02; sequence 964 even */
    { "24070592292", OK, 2024, 7, 5, SEX_FEMALE, KIND_NATIONAL },  /* 2240705922 mod 97 = 5, 97 − 5 = 92: 20xx; 2024-07-05; sequence 922 even */
    { "20120924617", OK, 2020, 12, 9, SEX_FEMALE, KIND_NATIONAL },  /* 2201209246 mod 97 = 80, 97 − 80 = 17: 20xx; 2020-12-09; sequence 246 even */
    { "05100124526", OK, 2005, 10, 1, SEX_MALE, KIND_NATIONAL },  /* 2051001245 mod 97 = 71, 97 − 71 = 26: 20xx; 2005-10-01; sequence 245 odd */
    { "16040410769", OK, 2016, 4, 4, SEX_MALE, KIND_NATIONAL },  /* 2160404107 mod 97 = 28, 97 − 28 = 69: 20xx; 2016-04-04; sequence 107 odd */
    { "20030939893", OK, 2020, 3, 9, SEX_FEMALE, KIND_NATIONAL },  /* 2200309398 mod 97 = 4, 97 − 4 = 93: 20xx; 2020-03-09; sequence 398 even */
    { "13011347625", OK, 2013, 1, 13, SEX_FEMALE, KIND_NATIONAL },  /* 2130113476 mod 97 = 72, 97 − 72 = 25: 20xx; 2013-01-13; sequence 476 even */
    { "23081526745", OK, 2023, 8, 15, SEX_MALE, KIND_NATIONAL },  /* 2230815267 mod 97 = 52, 97 − 52 = 45: 20xx; 2023-08-15; sequence 267 odd */
    { "01010172578", OK, 2001, 1, 1, SEX_MALE, KIND_NATIONAL },  /* 2010101725 mod 97 = 19, 97 − 19 = 78: 20xx; 2001-01-01; sequence 725 odd */
    { "06072226258", OK, 2006, 7, 22, SEX_FEMALE, KIND_NATIONAL },  /* 2060722262 mod 97 = 39, 97 − 39 = 58: 20xx; 2006-07-22; sequence 262 even */
    { "16070483244", OK, 2016, 7, 4, SEX_FEMALE, KIND_NATIONAL },  /* 2160704832 mod 97 = 53, 97 − 53 = 44: 20xx; 2016-07-04; sequence 832 even */
    { "06021464871", OK, 2006, 2, 14, SEX_FEMALE, KIND_NATIONAL },  /* 2060214648 mod 97 = 26, 97 − 26 = 71: 20xx; 2006-02-14; sequence 648 even */
    { "03050446725", OK, 2003, 5, 4, SEX_MALE, KIND_NATIONAL },  /* 2030504467 mod 97 = 72, 97 − 72 = 25: 20xx; 2003-05-04; sequence 467 odd */
    { "13032741073", OK, 2013, 3, 27, SEX_FEMALE, KIND_NATIONAL },  /* 2130327410 mod 97 = 24, 97 − 24 = 73: 20xx; 2013-03-27; sequence 410 even */
    { "07030589822", OK, 2007, 3, 5, SEX_FEMALE, KIND_NATIONAL },  /* 2070305898 mod 97 = 75, 97 − 75 = 22: 20xx; 2007-03-05; sequence 898 even */
    { "12071723174", OK, 2012, 7, 17, SEX_MALE, KIND_NATIONAL },  /* 2120717231 mod 97 = 23, 97 − 23 = 74: 20xx; 2012-07-17; sequence 231 odd */
    { "12031268434", OK, 2012, 3, 12, SEX_FEMALE, KIND_NATIONAL },  /* 2120312684 mod 97 = 63, 97 − 63 = 34: 20xx; 2012-03-12; sequence 684 even */
    { "15032841877", OK, 2015, 3, 28, SEX_FEMALE, KIND_NATIONAL },  /* 2150328418 mod 97 = 20, 97 − 20 = 77: 20xx; 2015-03-28; sequence 418 even */

    /* one digit off */
    { "92051904697", CHECK },  /* check 97 ≠ 90 (19xx) and ≠ 22 (20xx) */
    { "73041505638", CHECK },  /* check 38 ≠ 85 (19xx) and ≠ 17 (20xx) */
    { "16042410769", CHECK },  /* check 69 ≠ 22 (19xx) and ≠ 51 (20xx) */
    { "57050734478", CHECK },  /* check 78 ≠ 96 (19xx) and ≠ 28 (20xx) */
    { "20091224976", CHECK },  /* check 76 ≠ 68 (19xx) and ≠ 97 (20xx) */
    { "92051904670", CHECK },  /* check 70 ≠ 90 (19xx) and ≠ 22 (20xx) */
    { "23910296450", CHECK },  /* check 50 ≠ 96 (19xx) and ≠ 28 (20xx) */
    { "07100124526", CHECK },  /* check 26 ≠ 39 (19xx) and ≠ 68 (20xx) */
    { "07030589828", CHECK },  /* check 28 ≠ 90 (19xx) and ≠ 22 (20xx) */
    { "50110803103", CHECK },  /* check 03 ≠ 80 (19xx) and ≠ 12 (20xx) */
    { "10012711714", CHECK },  /* check 14 ≠ 66 (19xx) and ≠ 95 (20xx) */
    { "35082762132", CHECK },  /* check 32 ≠ 39 (19xx) and ≠ 68 (20xx) */
    { "22042726018", CHECK },  /* check 18 ≠ 02 (19xx) and ≠ 31 (20xx) */
    { "41121694610", CHECK },  /* check 10 ≠ 04 (19xx) and ≠ 33 (20xx) */
    { "56002781055", CHECK },  /* check 55 ≠ 41 (19xx) and ≠ 70 (20xx) */
    { "02051904690", CHECK },  /* check 90 ≠ 43 (19xx) and ≠ 72 (20xx) */
    { "56022481055", CHECK },  /* check 55 ≠ 48 (19xx) and ≠ 77 (20xx) */
    { "13011347665", CHECK },  /* check 65 ≠ 93 (19xx) and ≠ 25 (20xx) */
    { "50111801103", CHECK },  /* check 03 ≠ 91 (19xx) and ≠ 23 (20xx) */
    { "71060255348", CHECK },  /* check 48 ≠ 47 (19xx) and ≠ 76 (20xx) */
    { "57042631839", CHECK },  /* check 39 ≠ 30 (19xx) and ≠ 59 (20xx) */
    { "03090446725", CHECK },  /* check 25 ≠ 24 (19xx) and ≠ 53 (20xx) */
    { "23110296459", CHECK },  /* check 59 ≠ 21 (19xx) and ≠ 50 (20xx) */
    { "16070483249", CHECK },  /* check 49 ≠ 15 (19xx) and ≠ 44 (20xx) */
    { "13110296450", CHECK },  /* check 50 ≠ 05 (19xx) and ≠ 34 (20xx) */
    { "92051902690", CHECK },  /* check 90 ≠ 13 (19xx) and ≠ 42 (20xx) */
    { "30882102432", CHECK },  /* check 32 ≠ 10 (19xx) and ≠ 39 (20xx) */
    { "12271723174", CHECK },  /* check 74 ≠ 88 (19xx) and ≠ 20 (20xx) */
    { "06110697252", CHECK },  /* check 52 ≠ 21 (19xx) and ≠ 50 (20xx) */
    { "38122894288", CHECK },  /* check 88 ≠ 70 (19xx) and ≠ 02 (20xx) */
    { "87042631830", CHECK },  /* check 30 ≠ 78 (19xx) and ≠ 10 (20xx) */
    { "27081526745", CHECK },  /* check 45 ≠ 03 (19xx) and ≠ 32 (20xx) */
    { "30052102432", CHECK },  /* check 32 ≠ 11 (19xx) and ≠ 40 (20xx) */
    { "38322031861", CHECK },  /* check 61 ≠ 07 (19xx) and ≠ 36 (20xx) */
    { "04120355516", CHECK },  /* check 16 ≠ 08 (19xx) and ≠ 37 (20xx) */
    { "16340410769", CHECK },  /* check 69 ≠ 56 (19xx) and ≠ 85 (20xx) */
    { "06421464871", CHECK },  /* check 71 ≠ 31 (19xx) and ≠ 60 (20xx) */
    { "79061652448", CHECK },  /* check 48 ≠ 18 (19xx) and ≠ 47 (20xx) */
    { "22032662159", CHECK },  /* check 59 ≠ 52 (19xx) and ≠ 81 (20xx) */
    { "19063652448", CHECK },  /* check 48 ≠ 01 (19xx) and ≠ 30 (20xx) */
    { "23081566745", CHECK },  /* check 45 ≠ 04 (19xx) and ≠ 33 (20xx) */
    { "30082108432", CHECK },  /* check 32 ≠ 69 (19xx) and ≠ 01 (20xx) */
    { "81112185037", CHECK },  /* check 37 ≠ 07 (19xx) and ≠ 36 (20xx) */
    { "80110697252", FUTURE },  /* 2801106972 mod 97 = 45, 97 − 45 = 52: 20xx; 2080-11-06 is after 2026-06-15 */
    { "71060265347", CHECK },  /* check 47 ≠ 44 (19xx) and ≠ 73 (20xx) */
    { "20000939893", CHECK },  /* check 93 ≠ 43 (19xx) and ≠ 72 (20xx) */
    { "15032841876", CHECK },  /* check 76 ≠ 48 (19xx) and ≠ 77 (20xx) */
    { "25082762832", CHECK },  /* check 32 ≠ 16 (19xx) and ≠ 45 (20xx) */
    { "01112241057", CHECK },  /* check 57 ≠ 95 (19xx) and ≠ 27 (20xx) */
    { "06772226258", CHECK },  /* check 58 ≠ 34 (19xx) and ≠ 63 (20xx) */

    /* two neighbouring digits swapped */
    { "66051408797", CHECK },  /* check 97 ≠ 41 (19xx) and ≠ 70 (20xx) */
    { "50110810103", CHECK },  /* check 03 ≠ 10 (19xx) and ≠ 39 (20xx) */
    { "72112362651", CHECK },  /* check 51 ≠ 79 (19xx) and ≠ 11 (20xx) */
    { "01010175278", CHECK },  /* check 78 ≠ 22 (19xx) and ≠ 51 (20xx) */
    { "60072226258", CHECK },  /* check 58 ≠ 96 (19xx) and ≠ 28 (20xx) */
    { "75042631830", CHECK },  /* check 30 ≠ 20 (19xx) and ≠ 49 (20xx) */
    { "66015480797", CHECK },  /* check 97 ≠ 33 (19xx) and ≠ 62 (20xx) */
    { "41121674601", CHECK },  /* check 01 ≠ 10 (19xx) and ≠ 39 (20xx) */
    { "91061652448", CHECK },  /* check 48 ≠ 76 (19xx) and ≠ 08 (20xx) */
    { "51010801103", CHECK },  /* check 03 ≠ 51 (19xx) and ≠ 80 (20xx) */
    { "24070592922", CHECK },  /* check 22 ≠ 56 (19xx) and ≠ 85 (20xx) */
    { "66801629288", CHECK },  /* check 88 ≠ 10 (19xx) and ≠ 39 (20xx) */
    { "20381526745", CHECK },  /* check 45 ≠ 66 (19xx) and ≠ 95 (20xx) */
    { "20030939983", CHECK },  /* check 83 ≠ 63 (19xx) and ≠ 92 (20xx) */
    { "21082786862", CHECK },  /* check 62 ≠ 80 (19xx) and ≠ 12 (20xx) */
    { "57042631803", CHECK },  /* check 03 ≠ 30 (19xx) and ≠ 59 (20xx) */
    { "21111285037", CHECK },  /* check 37 ≠ 84 (19xx) and ≠ 16 (20xx) */
    { "16040410796", CHECK },  /* check 96 ≠ 40 (19xx) and ≠ 69 (20xx) */
    { "38212031861", CHECK },  /* check 61 ≠ 27 (19xx) and ≠ 56 (20xx) */
    { "32081526745", CHECK },  /* check 45 ≠ 11 (19xx) and ≠ 40 (20xx) */
    { "21087288662", CHECK },  /* check 62 ≠ 70 (19xx) and ≠ 02 (20xx) */
    { "21082786862", CHECK },  /* check 62 ≠ 80 (19xx) and ≠ 12 (20xx) */
    { "07030859822", CHECK },  /* check 22 ≠ 09 (19xx) and ≠ 38 (20xx) */
    { "57057234478", CHECK },  /* check 78 ≠ 86 (19xx) and ≠ 18 (20xx) */
    { "71062055347", CHECK },  /* check 47 ≠ 89 (19xx) and ≠ 21 (20xx) */
    { "06072226285", CHECK },  /* check 85 ≠ 29 (19xx) and ≠ 58 (20xx) */
    { "30040140474", CHECK },  /* check 74 ≠ 30 (19xx) and ≠ 59 (20xx) */
    { "20232662152", CHECK },  /* check 52 ≠ 53 (19xx) and ≠ 82 (20xx) */
    { "35082726832", CHECK },  /* check 32 ≠ 04 (19xx) and ≠ 33 (20xx) */
    { "60081508622", CHECK },  /* check 22 ≠ 04 (19xx) and ≠ 33 (20xx) */
    { "41112674610", CHECK },  /* check 10 ≠ 91 (19xx) and ≠ 23 (20xx) */
    { "06081506822", CHECK },  /* check 22 ≠ 52 (19xx) and ≠ 81 (20xx) */
    { "30040140474", CHECK },  /* check 74 ≠ 30 (19xx) and ≠ 59 (20xx) */
    { "07003589822", CHECK },  /* check 22 ≠ 42 (19xx) and ≠ 71 (20xx) */
    { "38122013861", CHECK },  /* check 61 ≠ 47 (19xx) and ≠ 76 (20xx) */
    { "57042631803", CHECK },  /* check 03 ≠ 30 (19xx) and ≠ 59 (20xx) */
    { "56022871055", CHECK },  /* check 55 ≠ 28 (19xx) and ≠ 57 (20xx) */
    { "19061652484", CHECK },  /* check 84 ≠ 19 (19xx) and ≠ 48 (20xx) */
    { "10532841877", CHECK },  /* check 77 ≠ 02 (19xx) and ≠ 31 (20xx) */
    { "12077123174", DATE },  /* 120771231 mod 97 = 23, 97 − 23 = 74: 19xx; day 71 */

    /* wrong century: a 19xx date with the 20xx check */
    { "21060638346", OK, 2021, 6, 6, SEX_MALE, KIND_NATIONAL },  /* 2210606383 mod 97 = 51, 97 − 51 = 46: 20xx; 2021-06-06; sequence 383 odd */
    { "73101037485", FUTURE },  /* 2731010374 mod 97 = 12, 97 − 12 = 85: 20xx; 2073-10-10 is after 2026-06-15 */
    { "47032120805", FUTURE },  /* 2470321208 mod 97 = 92, 97 − 92 = 05: 20xx; 2047-03-21 is after 2026-06-15 */
    { "87011808673", FUTURE },  /* 2870118086 mod 97 = 24, 97 − 24 = 73: 20xx; 2087-01-18 is after 2026-06-15 */
    { "55012302192", FUTURE },  /* 2550123021 mod 97 = 5, 97 − 5 = 92: 20xx; 2055-01-23 is after 2026-06-15 */
    { "90022875844", FUTURE },  /* 2900228758 mod 97 = 53, 97 − 53 = 44: 20xx; 2090-02-28 is after 2026-06-15 */
    { "54040412375", FUTURE },  /* 2540404123 mod 97 = 22, 97 − 22 = 75: 20xx; 2054-04-04 is after 2026-06-15 */
    { "83081202387", FUTURE },  /* 2830812023 mod 97 = 10, 97 − 10 = 87: 20xx; 2083-08-12 is after 2026-06-15 */
    { "20022326095", OK, 2020, 2, 23, SEX_FEMALE, KIND_NATIONAL },  /* 2200223260 mod 97 = 2, 97 − 2 = 95: 20xx; 2020-02-23; sequence 260 even */
    { "73021143040", FUTURE },  /* 2730211430 mod 97 = 57, 97 − 57 = 40: 20xx; 2073-02-11 is after 2026-06-15 */
    { "96081395181", FUTURE },  /* 2960813951 mod 97 = 16, 97 − 16 = 81: 20xx; 2096-08-13 is after 2026-06-15 */
    { "50100731344", FUTURE },  /* 2501007313 mod 97 = 53, 97 − 53 = 44: 20xx; 2050-10-07 is after 2026-06-15 */
    { "40042218750", FUTURE },  /* 2400422187 mod 97 = 47, 97 − 47 = 50: 20xx; 2040-04-22 is after 2026-06-15 */
    { "42072497739", FUTURE },  /* 2420724977 mod 97 = 58, 97 − 58 = 39: 20xx; 2042-07-24 is after 2026-06-15 */
    { "65020502965", FUTURE },  /* 2650205029 mod 97 = 32, 97 − 32 = 65: 20xx; 2065-02-05 is after 2026-06-15 */

    /* wrong century: a 20xx date with the 19xx check */
    { "20042514835", OK, 1920, 4, 25, SEX_FEMALE, KIND_NATIONAL },  /* 200425148 mod 97 = 62, 97 − 62 = 35: 19xx; 1920-04-25; sequence 148 even */
    { "24111409467", OK, 1924, 11, 14, SEX_FEMALE, KIND_NATIONAL },  /* 241114094 mod 97 = 30, 97 − 30 = 67: 19xx; 1924-11-14; sequence 094 even */
    { "22052793315", OK, 1922, 5, 27, SEX_MALE, KIND_NATIONAL },  /* 220527933 mod 97 = 82, 97 − 82 = 15: 19xx; 1922-05-27; sequence 933 odd */
    { "09071171368", OK, 1909, 7, 11, SEX_MALE, KIND_NATIONAL },  /* 090711713 mod 97 = 29, 97 − 29 = 68: 19xx; 1909-07-11; sequence 713 odd */
    { "25062697474", OK, 1925, 6, 26, SEX_FEMALE, KIND_NATIONAL },  /* 250626974 mod 97 = 23, 97 − 23 = 74: 19xx; 1925-06-26; sequence 974 even */
    { "12041125682", OK, 1912, 4, 11, SEX_FEMALE, KIND_NATIONAL },  /* 120411256 mod 97 = 15, 97 − 15 = 82: 19xx; 1912-04-11; sequence 256 even */
    { "14011802032", OK, 1914, 1, 18, SEX_FEMALE, KIND_NATIONAL },  /* 140118020 mod 97 = 65, 97 − 65 = 32: 19xx; 1914-01-18; sequence 020 even */
    { "11011555311", OK, 1911, 1, 15, SEX_MALE, KIND_NATIONAL },  /* 110115553 mod 97 = 86, 97 − 86 = 11: 19xx; 1911-01-15; sequence 553 odd */
    { "13091493944", OK, 1913, 9, 14, SEX_MALE, KIND_NATIONAL },  /* 130914939 mod 97 = 53, 97 − 53 = 44: 19xx; 1913-09-14; sequence 939 odd */
    { "18021714528", OK, 1918, 2, 17, SEX_MALE, KIND_NATIONAL },  /* 180217145 mod 97 = 69, 97 − 69 = 28: 19xx; 1918-02-17; sequence 145 odd */

    /* unknown day */
    { "09040054589", OK, 2009, 4, 0, SEX_MALE, KIND_NATIONAL },  /* 2090400545 mod 97 = 8, 97 − 8 = 89: 20xx; 2009-04-00 (00 = unknown); sequence 545 odd */
    { "51010017827", OK, 1951, 1, 0, SEX_FEMALE, KIND_NATIONAL },  /* 510100178 mod 97 = 70, 97 − 70 = 27: 19xx; 1951-01-00 (00 = unknown); sequence 178 even */
    { "25030027082", OK, 1925, 3, 0, SEX_FEMALE, KIND_NATIONAL },  /* 250300270 mod 97 = 15, 97 − 15 = 82: 19xx; 1925-03-00 (00 = unknown); sequence 270 even */
    { "48060049867", OK, 1948, 6, 0, SEX_FEMALE, KIND_NATIONAL },  /* 480600498 mod 97 = 30, 97 − 30 = 67: 19xx; 1948-06-00 (00 = unknown); sequence 498 even */
    { "24080013438", OK, 1924, 8, 0, SEX_FEMALE, KIND_NATIONAL },  /* 240800134 mod 97 = 59, 97 − 59 = 38: 19xx; 1924-08-00 (00 = unknown); sequence 134 even */
    { "51060048150", OK, 1951, 6, 0, SEX_MALE, KIND_NATIONAL },  /* 510600481 mod 97 = 47, 97 − 47 = 50: 19xx; 1951-06-00 (00 = unknown); sequence 481 odd */
    { "73110038264", OK, 1973, 11, 0, SEX_FEMALE, KIND_NATIONAL },  /* 731100382 mod 97 = 33, 97 − 33 = 64: 19xx; 1973-11-00 (00 = unknown); sequence 382 even */
    { "12060025073", OK, 2012, 6, 0, SEX_FEMALE, KIND_NATIONAL },  /* 2120600250 mod 97 = 24, 97 − 24 = 73: 20xx; 2012-06-00 (00 = unknown); sequence 250 even */
    { "57070065905", OK, 1957, 7, 0, SEX_MALE, KIND_NATIONAL },  /* 570700659 mod 97 = 92, 97 − 92 = 05: 19xx; 1957-07-00 (00 = unknown); sequence 659 odd */
    { "21070089877", OK, 1921, 7, 0, SEX_FEMALE, KIND_NATIONAL },  /* 210700898 mod 97 = 20, 97 − 20 = 77: 19xx; 1921-07-00 (00 = unknown); sequence 898 even */

    /* unknown month and day */
    { "00000083934", OK, 1900, 0, 0, SEX_MALE, KIND_NATIONAL },  /* 000000839 mod 97 = 63, 97 − 63 = 34: 19xx; 1900-00-00 (00 = unknown); sequence 839 odd */
    { "22000021087", OK, 2022, 0, 0, SEX_FEMALE, KIND_NATIONAL },  /* 2220000210 mod 97 = 10, 97 − 10 = 87: 20xx; 2022-00-00 (00 = unknown); sequence 210 even */
    { "23000064363", OK, 2023, 0, 0, SEX_MALE, KIND_NATIONAL },  /* 2230000643 mod 97 = 34, 97 − 34 = 63: 20xx; 2023-00-00 (00 = unknown); sequence 643 odd */
    { "82000044318", OK, 1982, 0, 0, SEX_MALE, KIND_NATIONAL },  /* 820000443 mod 97 = 79, 97 − 79 = 18: 19xx; 1982-00-00 (00 = unknown); sequence 443 odd */
    { "81000015690", OK, 1981, 0, 0, SEX_FEMALE, KIND_NATIONAL },  /* 810000156 mod 97 = 7, 97 − 7 = 90: 19xx; 1981-00-00 (00 = unknown); sequence 156 even */
    { "00000021972", OK, 1900, 0, 0, SEX_MALE, KIND_NATIONAL },  /* 000000219 mod 97 = 25, 97 − 25 = 72: 19xx; 1900-00-00 (00 = unknown); sequence 219 odd */
    { "12000089367", OK, 2012, 0, 0, SEX_MALE, KIND_NATIONAL },  /* 2120000893 mod 97 = 30, 97 − 30 = 67: 20xx; 2012-00-00 (00 = unknown); sequence 893 odd */
    { "22000062362", OK, 2022, 0, 0, SEX_MALE, KIND_NATIONAL },  /* 2220000623 mod 97 = 35, 97 − 35 = 62: 20xx; 2022-00-00 (00 = unknown); sequence 623 odd */

    /* BIS +20 */
    { "06310502996", OK, 2006, 11, 5, SEX_UNKNOWN, KIND_BIS_20 },  /* 2063105029 mod 97 = 1, 97 − 1 = 96: 20xx; 2006-11-05; +20: sex unknown */
    { "05221720756", OK, 2005, 2, 17, SEX_UNKNOWN, KIND_BIS_20 },  /* 2052217207 mod 97 = 41, 97 − 41 = 56: 20xx; 2005-02-17; +20: sex unknown */
    { "08241328182", OK, 2008, 4, 13, SEX_UNKNOWN, KIND_BIS_20 },  /* 2082413281 mod 97 = 15, 97 − 15 = 82: 20xx; 2008-04-13; +20: sex unknown */
    { "31280294041", OK, 1931, 8, 2, SEX_UNKNOWN, KIND_BIS_20 },  /* 312802940 mod 97 = 56, 97 − 56 = 41: 19xx; 1931-08-02; +20: sex unknown */
    { "71321032127", OK, 1971, 12, 10, SEX_UNKNOWN, KIND_BIS_20 },  /* 713210321 mod 97 = 70, 97 − 70 = 27: 19xx; 1971-12-10; +20: sex unknown */
    { "18262525371", OK, 2018, 6, 25, SEX_UNKNOWN, KIND_BIS_20 },  /* 2182625253 mod 97 = 26, 97 − 26 = 71: 20xx; 2018-06-25; +20: sex unknown */
    { "60211728926", OK, 1960, 1, 17, SEX_UNKNOWN, KIND_BIS_20 },  /* 602117289 mod 97 = 71, 97 − 71 = 26: 19xx; 1960-01-17; +20: sex unknown */
    { "48320933248", OK, 1948, 12, 9, SEX_UNKNOWN, KIND_BIS_20 },  /* 483209332 mod 97 = 49, 97 − 49 = 48: 19xx; 1948-12-09; +20: sex unknown */
    { "74220808327", OK, 1974, 2, 8, SEX_UNKNOWN, KIND_BIS_20 },  /* 742208083 mod 97 = 70, 97 − 70 = 27: 19xx; 1974-02-08; +20: sex unknown */
    { "93211064885", OK, 1993, 1, 10, SEX_UNKNOWN, KIND_BIS_20 },  /* 932110648 mod 97 = 12, 97 − 12 = 85: 19xx; 1993-01-10; +20: sex unknown */
    { "61251353447", OK, 1961, 5, 13, SEX_UNKNOWN, KIND_BIS_20 },  /* 612513534 mod 97 = 50, 97 − 50 = 47: 19xx; 1961-05-13; +20: sex unknown */
    { "49321099456", OK, 1949, 12, 10, SEX_UNKNOWN, KIND_BIS_20 },  /* 493210994 mod 97 = 41, 97 − 41 = 56: 19xx; 1949-12-10; +20: sex unknown */
    { "95212735705", OK, 1995, 1, 27, SEX_UNKNOWN, KIND_BIS_20 },  /* 952127357 mod 97 = 92, 97 − 92 = 05: 19xx; 1995-01-27; +20: sex unknown */
    { "78210736249", OK, 1978, 1, 7, SEX_UNKNOWN, KIND_BIS_20 },  /* 782107362 mod 97 = 48, 97 − 48 = 49: 19xx; 1978-01-07; +20: sex unknown */
    { "40311134690", OK, 1940, 11, 11, SEX_UNKNOWN, KIND_BIS_20 },  /* 403111346 mod 97 = 7, 97 − 7 = 90: 19xx; 1940-11-11; +20: sex unknown */

    /* BIS +40 */
    { "76471731434", OK, 1976, 7, 17, SEX_FEMALE, KIND_BIS_40 },  /* 764717314 mod 97 = 63, 97 − 63 = 34: 19xx; 1976-07-17; +40, sequence 314 even */
    { "61502611656", OK, 1961, 10, 26, SEX_FEMALE, KIND_BIS_40 },  /* 615026116 mod 97 = 41, 97 − 41 = 56: 19xx; 1961-10-26; +40, sequence 116 even */
    { "54502491642", OK, 1954, 10, 24, SEX_FEMALE, KIND_BIS_40 },  /* 545024916 mod 97 = 55, 97 − 55 = 42: 19xx; 1954-10-24; +40, sequence 916 even */
    { "07510360631", OK, 2007, 11, 3, SEX_FEMALE, KIND_BIS_40 },  /* 2075103606 mod 97 = 66, 97 − 66 = 31: 20xx; 2007-11-03; +40, sequence 606 even */
    { "46471819179", OK, 1946, 7, 18, SEX_MALE, KIND_BIS_40 },  /* 464718191 mod 97 = 18, 97 − 18 = 79: 19xx; 1946-07-18; +40, sequence 191 odd */
    { "24492091738", OK, 2024, 9, 20, SEX_MALE, KIND_BIS_40 },  /* 2244920917 mod 97 = 59, 97 − 59 = 38: 20xx; 2024-09-20; +40, sequence 917 odd */
    { "46442016425", OK, 1946, 4, 20, SEX_FEMALE, KIND_BIS_40 },  /* 464420164 mod 97 = 72, 97 − 72 = 25: 19xx; 1946-04-20; +40, sequence 164 even */
    { "57522479546", OK, 1957, 12, 24, SEX_MALE, KIND_BIS_40 },  /* 575224795 mod 97 = 51, 97 − 51 = 46: 19xx; 1957-12-24; +40, sequence 795 odd */
    { "06481725517", OK, 2006, 8, 17, SEX_MALE, KIND_BIS_40 },  /* 2064817255 mod 97 = 80, 97 − 80 = 17: 20xx; 2006-08-17; +40, sequence 255 odd */
    { "56431463732", OK, 1956, 3, 14, SEX_MALE, KIND_BIS_40 },  /* 564314637 mod 97 = 65, 97 − 65 = 32: 19xx; 1956-03-14; +40, sequence 637 odd */
    { "66410423359", OK, 1966, 1, 4, SEX_MALE, KIND_BIS_40 },  /* 664104233 mod 97 = 38, 97 − 38 = 59: 19xx; 1966-01-04; +40, sequence 233 odd */
    { "19511285555", OK, 2019, 11, 12, SEX_MALE, KIND_BIS_40 },  /* 2195112855 mod 97 = 42, 97 − 42 = 55: 20xx; 2019-11-12; +40, sequence 855 odd */
    { "01450865156", OK, 2001, 5, 8, SEX_MALE, KIND_BIS_40 },  /* 2014508651 mod 97 = 41, 97 − 41 = 56: 20xx; 2001-05-08; +40, sequence 651 odd */
    { "16411910871", OK, 2016, 1, 19, SEX_FEMALE, KIND_BIS_40 },  /* 2164119108 mod 97 = 26, 97 − 26 = 71: 20xx; 2016-01-19; +40, sequence 108 even */
    { "31422268783", OK, 1931, 2, 22, SEX_MALE, KIND_BIS_40 },  /* 314222687 mod 97 = 14, 97 − 14 = 83: 19xx; 1931-02-22; +40, sequence 687 odd */

    /* BIS +20, unknown day */
    { "52230092636", OK, 1952, 3, 0, SEX_UNKNOWN, KIND_BIS_20 },  /* 522300926 mod 97 = 61, 97 − 61 = 36: 19xx; 1952-03-00 (00 = unknown); +20: sex unknown */
    { "58210039894", OK, 1958, 1, 0, SEX_UNKNOWN, KIND_BIS_20 },  /* 582100398 mod 97 = 3, 97 − 3 = 94: 19xx; 1958-01-00 (00 = unknown); +20: sex unknown */
    { "95260031420", OK, 1995, 6, 0, SEX_UNKNOWN, KIND_BIS_20 },  /* 952600314 mod 97 = 77, 97 − 77 = 20: 19xx; 1995-06-00 (00 = unknown); +20: sex unknown */

    /* BIS +20, unknown month and day */
    { "69200057643", OK, 1969, 0, 0, SEX_UNKNOWN, KIND_BIS_20 },  /* 692000576 mod 97 = 54, 97 − 54 = 43: 19xx; 1969-00-00 (00 = unknown); +20: sex unknown */

    /* BIS +40, unknown day */
    { "60430035245", OK, 1960, 3, 0, SEX_FEMALE, KIND_BIS_40 },  /* 604300352 mod 97 = 52, 97 − 52 = 45: 19xx; 1960-03-00 (00 = unknown); +40, sequence 352 even */
    { "84510063531", OK, 1984, 11, 0, SEX_MALE, KIND_BIS_40 },  /* 845100635 mod 97 = 66, 97 − 66 = 31: 19xx; 1984-11-00 (00 = unknown); +40, sequence 635 odd */
    { "90520060795", OK, 1990, 12, 0, SEX_MALE, KIND_BIS_40 },  /* 905200607 mod 97 = 2, 97 − 2 = 95: 19xx; 1990-12-00 (00 = unknown); +40, sequence 607 odd */

    /* BIS +40, unknown month and day */
    { "93400055628", OK, 1993, 0, 0, SEX_FEMALE, KIND_BIS_40 },  /* 934000556 mod 97 = 69, 97 − 69 = 28: 19xx; 1993-00-00 (00 = unknown); +40, sequence 556 even */

    /* birth date and today (2026-06-15) */
    { "26061589647", OK, 2026, 6, 15, SEX_FEMALE, KIND_NATIONAL },  /* 2260615896 mod 97 = 50, 97 − 50 = 47: 20xx; 2026-06-15; sequence 896 even */
    { "26061624388", FUTURE },  /* 2260616243 mod 97 = 9, 97 − 9 = 88: 20xx; 2026-06-16 is after 2026-06-15 */
    { "26061455134", OK, 2026, 6, 14, SEX_MALE, KIND_NATIONAL },  /* 2260614551 mod 97 = 63, 97 − 63 = 34: 20xx; 2026-06-14; sequence 551 odd */
    { "26070131090", FUTURE },  /* 2260701310 mod 97 = 7, 97 − 7 = 90: 20xx; 2026-07-01 is after 2026-06-15 */
    { "26060042003", OK, 2026, 6, 0, SEX_FEMALE, KIND_NATIONAL },  /* 2260600420 mod 97 = 94, 97 − 94 = 03: 20xx; 2026-06-00 (00 = unknown); sequence 420 even */
    { "26070073583", FUTURE },  /* 2260700735 mod 97 = 14, 97 − 14 = 83: 20xx; 2026-07-00 is after 2026-06-15 */
    { "26000015829", OK, 2026, 0, 0, SEX_FEMALE, KIND_NATIONAL },  /* 2260000158 mod 97 = 68, 97 − 68 = 29: 20xx; 2026-00-00 (00 = unknown); sequence 158 even */
    { "27000035646", FUTURE },  /* 2270000356 mod 97 = 51, 97 − 51 = 46: 20xx; 2027-00-00 is after 2026-06-15 */
    { "26261673032", FUTURE },  /* 2262616730 mod 97 = 65, 97 − 65 = 32: 20xx; 2026-06-16 is after 2026-06-15 */
    { "26461511145", OK, 2026, 6, 15, SEX_MALE, KIND_BIS_40 },  /* 2264615111 mod 97 = 52, 97 − 52 = 45: 20xx; 2026-06-15; +40, sequence 111 odd */
    { "26520097165", FUTURE },  /* 2265200971 mod 97 = 32, 97 − 32 = 65: 20xx; 2026-12-00 is after 2026-06-15 */
    { "30010143012", FUTURE },  /* 2300101430 mod 97 = 85, 97 − 85 = 12: 20xx; 2030-01-01 is after 2026-06-15 */
    { "99123139294", FUTURE },  /* 2991231392 mod 97 = 3, 97 − 3 = 94: 20xx; 2099-12-31 is after 2026-06-15 */
    { "34051050372", FUTURE },  /* 2340510503 mod 97 = 25, 97 − 25 = 72: 20xx; 2034-05-10 is after 2026-06-15 */
    { "25123136621", OK, 2025, 12, 31, SEX_FEMALE, KIND_NATIONAL },  /* 2251231366 mod 97 = 76, 97 − 76 = 21: 20xx; 2025-12-31; sequence 366 even */

    /* impossible date, check right */
    { "85022914607", DATE },  /* 850229146 mod 97 = 90, 97 − 90 = 07: 19xx; 1985-02-29 does not exist */
    { "01022938768", DATE },  /* 2010229387 mod 97 = 29, 97 − 29 = 68: 20xx; 2001-02-29 does not exist */
    { "00022925087", OK, 2000, 2, 29, SEX_FEMALE, KIND_NATIONAL },  /* 2000229250 mod 97 = 10, 97 − 10 = 87: 20xx; 2000-02-29; sequence 250 even */
    { "00022943864", DATE },  /* 000229438 mod 97 = 33, 97 − 33 = 64: 19xx; 1900-02-29 does not exist */
    { "85043194832", DATE },  /* 850431948 mod 97 = 65, 97 − 65 = 32: 19xx; 1985-04-31 does not exist */
    { "85222959289", DATE },  /* 852229592 mod 97 = 8, 97 − 8 = 89: 19xx; 1985-02-29 does not exist */
    { "85130183046", MONTH },  /* 851301830 mod 97 = 51, 97 − 51 = 46: 19xx; month 13 is neither 0–12, 20–32 nor 40–52 */
    { "85330184277", MONTH },  /* 853301842 mod 97 = 20, 97 − 20 = 77: 19xx; month 33 is neither 0–12, 20–32 nor 40–52 */
    { "85190144882", MONTH },  /* 851901448 mod 97 = 15, 97 − 15 = 82: 19xx; month 19 is neither 0–12, 20–32 nor 40–52 */
    { "85530158586", MONTH },  /* 855301585 mod 97 = 11, 97 − 11 = 86: 19xx; month 53 is neither 0–12, 20–32 nor 40–52 */
    { "85600177740", MONTH },  /* 856001777 mod 97 = 57, 97 − 57 = 40: 19xx; month 60 is neither 0–12, 20–32 nor 40–52 */
    { "85013280923", DATE },  /* 850132809 mod 97 = 74, 97 − 74 = 23: 19xx; day 32 */
    { "85129966082", DATE },  /* 851299660 mod 97 = 15, 97 − 15 = 82: 19xx; day 99 */
};

static const struct
{
  const char *text;
  gboolean    valid;
} kbo_rows[] = {
    { "0603874488", TRUE },  /* 06038744 mod 97 = 9, 97 − 9 = 88 */
    { "0656898450", TRUE },  /* 06568984 mod 97 = 47, 97 − 47 = 50 */
    { "1460167229", TRUE },  /* 14601672 mod 97 = 68, 97 − 68 = 29 */
    { "1842228849", TRUE },  /* 18422288 mod 97 = 48, 97 − 48 = 49 */
    { "0220455759", TRUE },  /* 02204557 mod 97 = 38, 97 − 38 = 59 */
    { "1259484424", TRUE },  /* 12594844 mod 97 = 73, 97 − 73 = 24 */
    { "1799701079", TRUE },  /* 17997010 mod 97 = 18, 97 − 18 = 79 */
    { "1385121990", TRUE },  /* 13851219 mod 97 = 7, 97 − 7 = 90 */
    { "0345338509", TRUE },  /* 03453385 mod 97 = 88, 97 − 88 = 09 */
    { "0037213356", TRUE },  /* 00372133 mod 97 = 41, 97 − 41 = 56 */
    { "1732447813", TRUE },  /* 17324478 mod 97 = 84, 97 − 84 = 13 */
    { "0817896080", TRUE },  /* 08178960 mod 97 = 17, 97 − 17 = 80 */
    { "1559298754", TRUE },  /* 15592987 mod 97 = 43, 97 − 43 = 54 */
    { "1057860125", TRUE },  /* 10578601 mod 97 = 72, 97 − 72 = 25 */
    { "1204256483", TRUE },  /* 12042564 mod 97 = 14, 97 − 14 = 83 */
    { "8160715314", FALSE },  /* starts with 8: not an enterprise number (mod 97 holds: 81607153 mod 97 = 83, 97 − 83 = 14) */
    { "2895756242", FALSE },  /* starts with 2: not an enterprise number (mod 97 holds: 28957562 mod 97 = 55, 97 − 55 = 42) */
    { "9992818848", FALSE },  /* starts with 9: not an enterprise number (mod 97 holds: 99928188 mod 97 = 49, 97 − 49 = 48) */
    { "9396068811", FALSE },  /* starts with 9: not an enterprise number (mod 97 holds: 93960688 mod 97 = 86, 97 − 86 = 11) */
    { "4444881973", FALSE },  /* starts with 4: not an enterprise number (mod 97 holds: 44448819 mod 97 = 24, 97 − 24 = 73) */
    { "5806813146", FALSE },  /* starts with 5: not an enterprise number (mod 97 holds: 58068131 mod 97 = 51, 97 − 51 = 46) */
    { "3054181986", FALSE },  /* starts with 3: not an enterprise number (mod 97 holds: 30541819 mod 97 = 11, 97 − 11 = 86) */
    { "3281925615", FALSE },  /* starts with 3: not an enterprise number (mod 97 holds: 32819256 mod 97 = 82, 97 − 82 = 15) */
    { "6958415358", FALSE },  /* starts with 6: not an enterprise number (mod 97 holds: 69584153 mod 97 = 39, 97 − 39 = 58) */
    { "6558398147", FALSE },  /* starts with 6: not an enterprise number (mod 97 holds: 65583981 mod 97 = 50, 97 − 50 = 47) */
    { "8836110575", FALSE },  /* starts with 8: not an enterprise number (mod 97 holds: 88361105 mod 97 = 22, 97 − 22 = 75) */
    { "5750454364", FALSE },  /* starts with 5: not an enterprise number (mod 97 holds: 57504543 mod 97 = 33, 97 − 33 = 64) */
    { "4037213356", FALSE },  /* starts with 4: not an enterprise number */
    { "1299701079", FALSE },  /* 12997010 mod 97 = 77, 97 − 77 = 20 ≠ 79 */
    { "1798701079", FALSE },  /* 17987010 mod 97 = 9, 97 − 9 = 88 ≠ 79 */
    { "1959484424", FALSE },  /* 19594844 mod 97 = 68, 97 − 68 = 29 ≠ 24 */
    { "1384121990", FALSE },  /* 13841219 mod 97 = 95, 97 − 95 = 02 ≠ 90 */
    { "1259084424", FALSE },  /* 12590844 mod 97 = 50, 97 − 50 = 47 ≠ 24 */
    { "0345318509", FALSE },  /* 03453185 mod 97 = 82, 97 − 82 = 15 ≠ 09 */
    { "0745338509", FALSE },  /* 07453385 mod 97 = 2, 97 − 2 = 95 ≠ 09 */
    { "1559289754", FALSE },  /* 15592897 mod 97 = 50, 97 − 50 = 47 ≠ 54 */
    { "8017896080", FALSE },  /* starts with 8: not an enterprise number */
    { "1482228849", FALSE },  /* 14822288 mod 97 = 9, 97 − 9 = 88 ≠ 49 */
    { "0037213536", FALSE },  /* 00372135 mod 97 = 43, 97 − 43 = 54 ≠ 36 */
    { "0220455795", FALSE },  /* 02204557 mod 97 = 38, 97 − 38 = 59 ≠ 95 */
    { "8959048177", FALSE },  /* starts with 8: not an enterprise number (mod 97 holds: 89590481 mod 97 = 20, 97 − 20 = 77) */
};

/* The untranslated message of each verdict (the tests run with LC_ALL=C):
 * a number refused for the wrong reason is a wrong verdict too. */
static const char *
verdict_message (Verdict verdict)
{
  switch (verdict)
    {
    case CHECK: return "check digits do not match";
    case MONTH: return "impossible birth month";
    case DATE: return "impossible birth date";
    case FUTURE: return "birth date lies in the future";
    case OK:
    default:
      return NULL;
    }
}

static void
test_insz_table (void)
{
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 15, G_DATE_JUNE, 2026);
  g_assert_cmpuint (G_N_ELEMENTS (insz_rows), >=, 200);

  for (guint i = 0; i < G_N_ELEMENTS (insz_rows); i++)
    {
      g_autoptr(GError) error = NULL;
      SessioInszInfo info;
      gboolean ok;

      g_test_message ("INSZ row %u: %s", i, insz_rows[i].text);
      ok = sessio_insz_validate_on (insz_rows[i].text, &today, &info, &error);
      if (insz_rows[i].verdict != OK)
        {
          g_assert_false (ok);
          g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
          g_assert_nonnull (strstr (error->message, verdict_message (insz_rows[i].verdict)));
          continue;
        }
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpuint (info.year, ==, insz_rows[i].year);
      g_assert_cmpuint (info.month, ==, insz_rows[i].month);
      g_assert_cmpuint (info.day, ==, insz_rows[i].day);
      g_assert_cmpint (info.sex, ==, insz_rows[i].sex);
      g_assert_cmpint (info.kind, ==, insz_rows[i].kind);
    }
}

static void
test_kbo_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (kbo_rows); i++)
    {
      g_autoptr(GError) error = NULL;
      char digits[SESSIO_KBO_LEN];

      g_test_message ("KBO row %u: %s", i, kbo_rows[i].text);
      g_assert_cmpint (sessio_kbo_validate (kbo_rows[i].text, digits, &error), ==, kbo_rows[i].valid);
      if (kbo_rows[i].valid)
        g_assert_cmpstr (digits, ==, kbo_rows[i].text);
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

  g_test_add_func ("/ident/table/insz", test_insz_table);
  g_test_add_func ("/ident/table/kbo", test_kbo_table);

  return g_test_run ();
}
