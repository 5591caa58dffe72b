/* sessio-stats-suppress.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small-count suppression for published statistics, as
 * docs/statistics.md describes.  A table of counts is a set of cells and a
 * set of linear relations between them ("these parts add up to that
 * total").  Primary suppression hides every count from 1 to threshold - 1;
 * complementary suppression then hides more cells, smallest first, until
 * no hidden cell can be worked out from the published cells and the
 * relations, nor pinned to one value by knowing that a small count is 1 to
 * threshold - 1 and a complement at least threshold.  Zero is never hidden.
 *
 * Pure computation: no vault, no I/O.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SessioSuppression SessioSuppression;

SessioSuppression *sessio_suppression_new          (guint               n_cells);
void               sessio_suppression_free         (SessioSuppression  *self);

/* @value >= 0.  Cells never set are 0. */
void               sessio_suppression_set_value    (SessioSuppression  *self,
                                                    guint               cell,
                                                    gint64              value);
/* Cells that are not counts of people (minutes of work): never hidden
 * and never chosen for complementary suppression. */
void               sessio_suppression_exempt       (SessioSuppression  *self,
                                                    guint               cell);
/* The published relation: the sum of @parts is @total. */
void               sessio_suppression_add_line     (SessioSuppression  *self,
                                                    guint               total,
                                                    const guint        *parts,
                                                    guint               n_parts);
/* Runs both steps; @threshold 1 hides nothing. */
void               sessio_suppression_run          (SessioSuppression  *self,
                                                    guint               threshold);
gboolean           sessio_suppression_is_suppressed (SessioSuppression *self,
                                                    guint               cell);
/* Hidden because the count itself is small (not as a complement). */
gboolean           sessio_suppression_is_primary   (SessioSuppression  *self,
                                                    guint               cell);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioSuppression, sessio_suppression_free)

G_END_DECLS
