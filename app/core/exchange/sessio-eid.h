/* sessio-eid.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The identity file of the Belgian eID card (3F00/DF01/4031), as read
 * from the card: a list of TLV fields.  The same format is used by the
 * Belgian identity card, the Kids-ID and the cards for foreign residents.
 *
 * Only what the patient file needs is kept: national number (INSZ),
 * surname, given names, birth date, sex, card validity and document type.
 * The photo (another file) and the address (another file) are never read;
 * the other fields of this file (card and chip number, nationality, birth
 * place, ...) are skipped by the parser and kept nowhere.
 *
 * Errors are SESSIO_ERROR_DAMAGED with a translated sentence that
 * never repeats what was on the card.
 */

#pragma once

#include <glib.h>

#include "sessio-error.h"
#include "sessio-ident.h"

G_BEGIN_DECLS

typedef enum
{
  SESSIO_EID_CARD_BELGIAN,     /* identity card of a Belgian citizen */
  SESSIO_EID_CARD_KIDS,        /* Kids-ID, Belgian child under 12 */
  SESSIO_EID_CARD_FOREIGNER,   /* residence cards for foreign nationals */
  SESSIO_EID_CARD_OTHER,       /* a document type this version does not know */
} SessioEidCardKind;

typedef struct
{
  char               insz[SESSIO_INSZ_LEN];  /* 11 digits */
  char              *surname;
  char              *given_names;   /* the first two, then the initial of the third */
  /* Birth date; month and day are 0 when the card gives only the year
   * (possible on cards of some foreign-born people). */
  guint              birth_year;
  guint              birth_month;
  guint              birth_day;
  char               sex;            /* 'm' or 'f' */
  GDate              valid_from;
  GDate              valid_until;
  guint              document_type;  /* the card's own code: 1 Belgian, 6 Kids-ID, ... */
  SessioEidCardKind  kind;
} SessioEidIdentity;

/* Parses the identity file.  Fails on a truncated or corrupt TLV list, a
 * missing or invalid mandatory field (INSZ with wrong check digits, a birth
 * date the INSZ contradicts, an unknown month, ...). */
SessioEidIdentity *sessio_eid_identity_parse        (const guint8             *data,
                                                     gsize                     length,
                                                     GError                  **error);
void               sessio_eid_identity_free         (SessioEidIdentity        *self);

/* "Given names Surname", as the patient file writes names. */
char              *sessio_eid_identity_dup_name     (const SessioEidIdentity  *self);
/* "YYYY-MM-DD", or NULL when the card gives only the birth year. */
char              *sessio_eid_identity_dup_birth_date (const SessioEidIdentity *self);
/* TRUE when the card's validity ended before @today (NULL: the real date). */
gboolean           sessio_eid_identity_is_expired   (const SessioEidIdentity  *self,
                                                     const GDate              *today);
/* Untranslated machine name: "belgian", "kids", "foreigner", "other". */
const char        *sessio_eid_card_kind_to_string   (SessioEidCardKind         kind);
/* Translated name of the kind of card. */
const char        *sessio_eid_card_kind_get_label   (SessioEidCardKind         kind);

/* The birth date as the card writes it: "DD MMM YYYY" (or with dots)
 * with the month abbreviated in Dutch, French or German, or the year
 * alone.  Month and day are 0 for a year alone. */
gboolean           sessio_eid_parse_birth_date      (const char               *text,
                                                     gsize                     length,
                                                     guint                    *year,
                                                     guint                    *month,
                                                     guint                    *day,
                                                     GError                  **error);
/* A validity date: "DD.MM.YYYY". */
gboolean           sessio_eid_parse_card_date       (const char               *text,
                                                     gsize                     length,
                                                     GDate                    *date,
                                                     GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioEidIdentity, sessio_eid_identity_free)

G_END_DECLS
