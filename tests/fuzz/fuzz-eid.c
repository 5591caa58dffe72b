/* fuzz-eid.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: the eID identity file parser, which reads whatever a
 * card (or something pretending to be one) sends.  Beyond "no crash, no
 * leak, no undefined behaviour": what it accepts is consistent (an INSZ of
 * 11 digits with valid check digits, a surname, a birth date that is a
 * date, a sex, validity dates in order), and a failure always carries a
 * SESSIO_ERROR_DAMAGED message.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sessio-eid.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioEidIdentity) identity = sessio_eid_identity_parse (data, size, &error);
  g_autofree char *name = NULL, *birth = NULL;
  SessioInszInfo info;

  if (identity == NULL)
    {
      if (error == NULL || error->domain != SESSIO_ERROR || error->code != SESSIO_ERROR_DAMAGED ||
          error->message == NULL || error->message[0] == '\0')
        abort ();
      return 0;
    }
  if (error != NULL)
    abort ();

  if (strlen (identity->insz) != 11 || !sessio_insz_validate (identity->insz, &info, NULL))
    abort ();
  if (identity->surname == NULL || identity->surname[0] == '\0' ||
      !g_utf8_validate (identity->surname, -1, NULL) ||
      identity->given_names == NULL || !g_utf8_validate (identity->given_names, -1, NULL))
    abort ();
  if (identity->sex != 'm' && identity->sex != 'f')
    abort ();
  if (!g_date_valid (&identity->valid_from) || !g_date_valid (&identity->valid_until) ||
      g_date_compare (&identity->valid_from, &identity->valid_until) > 0)
    abort ();

  name = sessio_eid_identity_dup_name (identity);
  birth = sessio_eid_identity_dup_birth_date (identity);
  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    abort ();
  if (identity->birth_month == 0)
    {
      if (birth != NULL || identity->birth_day != 0)
        abort ();
    }
  else if (birth == NULL || strlen (birth) != 10 ||
           !g_date_valid_dmy ((GDateDay) identity->birth_day, (GDateMonth) identity->birth_month,
                              (GDateYear) identity->birth_year))
    abort ();
  (void) sessio_eid_identity_is_expired (identity, NULL);
  (void) sessio_eid_card_kind_to_string (identity->kind);
  return 0;
}
