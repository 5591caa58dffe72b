/* sessio-drafts.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "sessio-vault.h"

G_BEGIN_DECLS

typedef struct
{
  char *id;     /* the key the editor saved it under */
  char *text;   /* what the editor saved: JSON, opaque to the core */
} SessioDraft;

void        sessio_draft_free    (SessioDraft  *draft);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioDraft, sessio_draft_free)

gboolean    sessio_drafts_save   (SessioVault  *vault,
                                  const char   *id,
                                  const char   *text,
                                  GError      **error);
GPtrArray  *sessio_drafts_list   (SessioVault  *vault,
                                  GError      **error);
gboolean    sessio_drafts_delete (SessioVault  *vault,
                                  const char   *id,
                                  GError      **error);

G_END_DECLS
