/* sessio-passphrase-quality.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shorter than this is refused whatever else the passphrase has. */
#define SESSIO_PASSPHRASE_MIN_LENGTH 10

typedef struct
{
  double    strength;    /* 0.0 … 1.0, for a level bar */
  gboolean  acceptable;
  char     *hint;        /* translated: why not, or how strong */
} SessioPassphraseQuality;

void  sessio_passphrase_quality_check (const char              *passphrase,
                                       SessioPassphraseQuality *quality);
void  sessio_passphrase_quality_clear (SessioPassphraseQuality *quality);

G_END_DECLS
