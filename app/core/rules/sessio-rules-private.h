/* sessio-rules-private.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The inside of a rule set, shared by the loader and the evaluation engine
 * only.  Everyone else goes through the accessors in sessio-rules.h.
 */

#pragma once

#include "sessio-rules.h"

G_BEGIN_DECLS

typedef enum
{
  SESSIO_COPAY_KIND_AGE,            /* age at the session ≤ max_age: free */
  SESSIO_COPAY_KIND_CARE_TYPE,      /* one of care_mask: free */
  SESSIO_COPAY_KIND_CLB_WAIVER,     /* context, location, group size: free */
  SESSIO_COPAY_KIND_FIRST,          /* first individual session of the trajectory: free */
  SESSIO_COPAY_KIND_INDIVIDUAL,     /* individual: COPAY_INDIVIDUAL or COPAY_BIM */
  SESSIO_COPAY_KIND_GROUP,          /* group: COPAY_GROUP */
} SessioCopayKind;

typedef struct
{
  SessioCopayKind kind;
  guint           max_age;
  guint           care_mask;        /* 0: every care type */
  guint           location_mask;
  SessioContext   context;
  guint           min_group_participants;
} SessioCopayRule;

#define SESSIO_MAX_COPAY_RULES 16

struct _SessioRuleSet
{
  gatomicrefcount  ref_count;
  char             id[11];
  GDate            valid_from;
  guint32          valid_from_julian;
  char            *title;
  char            *source;
  gboolean         amounts_to_confirm;
  gint64           amounts[SESSIO_N_AMOUNTS];        /* -1: absent */
  char            *billing_codes[SESSIO_N_FEES];
  guint            mdo_care_mask;
  guint            mdo_min_providers;
  guint            care_mask;
  guint            group_only_mask;
  guint            assessment_mask;
  int              limits[SESSIO_N_NETWORKS][SESSIO_N_CARES][SESSIO_N_SETTINGS];
  int              targets[SESSIO_N_NETWORKS];
  SessioCopayRule  copay[SESSIO_MAX_COPAY_RULES];
  guint            n_copay;
};

/* json-glib's parser recurses once per nesting level, so a file of a
 * million "[" would overflow the stack before any check of ours runs.
 * Returns FALSE when @data nests objects and arrays deeper than
 * @max_depth, with the line where it happens.  Strings are skipped. */
gboolean sessio_json_nesting_ok (const char *data,
                                 gsize       length,
                                 guint       max_depth,
                                 int        *line);

G_END_DECLS
