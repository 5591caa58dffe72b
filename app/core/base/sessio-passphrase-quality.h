/* sessio-passphrase-quality.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shorter than this is refused whatever else the passphrase has. */
#define SESSIO_PASSPHRASE_MIN_LENGTH 10

typedef struct
{
  double    strength;       /* 0.0 … 1.0, for a level bar */
  gboolean  acceptable;
  gboolean  no_word_list;   /* checked without a dictionary of common words */
  char     *hint;           /* translated: why not, or how strong */
} SessioPassphraseQuality;

void      sessio_passphrase_quality_check    (const char              *passphrase,
                                              SessioPassphraseQuality *quality);
void      sessio_passphrase_quality_clear    (SessioPassphraseQuality *quality);

gboolean  sessio_passphrase_check_new        (const char              *passphrase,
                                              GError                 **error);

void      sessio_passphrase_quality_set_word_list (const char *path);

G_END_DECLS
