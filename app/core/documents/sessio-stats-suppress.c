/* sessio-stats-suppress.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Complementary suppression by linear algebra rather than by line
 * counting: "every line has zero or at least two hidden cells" is not
 * enough once tables share totals (two hidden cells joined by a single
 * hidden cell in between can still give that one away).  A hidden cell x
 * can be worked out exactly when the unit vector e_x lies in the row space
 * of the relations restricted to the hidden cells; the published cells
 * only move to the right-hand side.  Tables are small (tens of cells), so
 * a dense elimination per round is cheap.
 *
 * Exact values are not all a reader can get: knowing that "<5" is 1 to 4
 * and "x" at least 5, "6 = <5 + x" gives 1 and 5.  find_exposed() closes
 * that per line.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sessio-stats-suppress.h"

#define EPSILON 1e-9

typedef struct
{
  guint   cell;
  double  coefficient;
} Term;

struct _SessioSuppression
{
  guint      n_cells;
  gint64    *values;
  gboolean  *exempt;
  gboolean  *suppressed;
  gboolean  *primary;
  GPtrArray *lines;     /* of GArray of Term */
};

SessioSuppression *
sessio_suppression_new (guint n_cells)
{
  SessioSuppression *self = g_new0 (SessioSuppression, 1);

  self->n_cells = n_cells;
  self->values = g_new0 (gint64, MAX (n_cells, 1));
  self->exempt = g_new0 (gboolean, MAX (n_cells, 1));
  self->suppressed = g_new0 (gboolean, MAX (n_cells, 1));
  self->primary = g_new0 (gboolean, MAX (n_cells, 1));
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  return self;
}

void
sessio_suppression_free (SessioSuppression *self)
{
  if (self == NULL)
    return;
  g_free (self->values);
  g_free (self->exempt);
  g_free (self->suppressed);
  g_free (self->primary);
  g_ptr_array_unref (self->lines);
  g_free (self);
}

void
sessio_suppression_set_value (SessioSuppression *self,
                              guint              cell,
                              gint64             value)
{
  g_return_if_fail (cell < self->n_cells && value >= 0);
  self->values[cell] = value;
}

void
sessio_suppression_exempt (SessioSuppression *self,
                           guint              cell)
{
  g_return_if_fail (cell < self->n_cells);
  self->exempt[cell] = TRUE;
}

void
sessio_suppression_add_line (SessioSuppression *self,
                             guint              total,
                             const guint       *parts,
                             guint              n_parts)
{
  GArray *line = g_array_sized_new (FALSE, FALSE, sizeof (Term), n_parts + 1);
  Term term = { total, -1.0 };

  g_return_if_fail (total < self->n_cells);
  g_array_append_val (line, term);
  for (guint i = 0; i < n_parts; i++)
    {
      g_return_if_fail (parts[i] < self->n_cells);
      term.cell = parts[i];
      term.coefficient = 1.0;
      g_array_append_val (line, term);
    }
  g_ptr_array_add (self->lines, line);
}

gboolean
sessio_suppression_is_suppressed (SessioSuppression *self,
                                  guint              cell)
{
  g_return_val_if_fail (cell < self->n_cells, FALSE);
  return self->suppressed[cell];
}

gboolean
sessio_suppression_is_primary (SessioSuppression *self,
                               guint              cell)
{
  g_return_val_if_fail (cell < self->n_cells, FALSE);
  return self->primary[cell];
}

/* The first hidden cell that the relations pin down, or -1.  Builds the
 * relations over the hidden cells only, reduces them to row echelon form
 * and looks for a pivot row with a single non-zero entry: that row says
 * "this cell = a published number". */
static int
find_determined (SessioSuppression *self)
{
  g_autofree int *column_of = g_new (int, MAX (self->n_cells, 1));
  g_autofree guint *cell_of = g_new (guint, MAX (self->n_cells, 1));
  g_autofree double *m = NULL;
  guint n_rows = self->lines->len, n_cols = 0, rank = 0;
  int found = -1;

  for (guint c = 0; c < self->n_cells; c++)
    {
      column_of[c] = -1;
      if (self->suppressed[c])
        {
          column_of[c] = (int) n_cols;
          cell_of[n_cols++] = c;
        }
    }
  if (n_cols == 0 || n_rows == 0)
    return -1;

  m = g_new0 (double, (gsize) n_rows * n_cols);
  for (guint r = 0; r < n_rows; r++)
    {
      GArray *line = g_ptr_array_index (self->lines, r);

      for (guint t = 0; t < line->len; t++)
        {
          Term *term = &g_array_index (line, Term, t);

          if (column_of[term->cell] >= 0)
            m[r * n_cols + (guint) column_of[term->cell]] += term->coefficient;
        }
    }

  /* Reduced row echelon form with partial pivoting. */
  for (guint col = 0; col < n_cols && rank < n_rows; col++)
    {
      guint best = rank;

      for (guint r = rank + 1; r < n_rows; r++)
        if (fabs (m[r * n_cols + col]) > fabs (m[best * n_cols + col]))
          best = r;
      if (fabs (m[best * n_cols + col]) < EPSILON)
        continue;
      if (best != rank)
        for (guint k = 0; k < n_cols; k++)
          {
            double tmp = m[best * n_cols + k];

            m[best * n_cols + k] = m[rank * n_cols + k];
            m[rank * n_cols + k] = tmp;
          }
      {
        double pivot = m[rank * n_cols + col];

        for (guint k = 0; k < n_cols; k++)
          m[rank * n_cols + k] /= pivot;
      }
      for (guint r = 0; r < n_rows; r++)
        {
          double factor = m[r * n_cols + col];

          if (r == rank || fabs (factor) < EPSILON)
            continue;
          for (guint k = 0; k < n_cols; k++)
            m[r * n_cols + k] -= factor * m[rank * n_cols + k];
        }
      rank++;
    }

  for (guint r = 0; r < rank && found < 0; r++)
    {
      guint nonzero = 0, at = 0;

      for (guint k = 0; k < n_cols; k++)
        if (fabs (m[r * n_cols + k]) > EPSILON)
          {
            nonzero++;
            at = k;
          }
      if (nonzero == 1)
        found = (int) cell_of[at];
    }
  return found;
}

static gboolean
shares_line (SessioSuppression *self,
             guint              a,
             guint              b)
{
  for (guint r = 0; r < self->lines->len; r++)
    {
      GArray *line = g_ptr_array_index (self->lines, r);
      gboolean has_a = FALSE, has_b = FALSE;

      for (guint t = 0; t < line->len; t++)
        {
          guint cell = g_array_index (line, Term, t).cell;

          has_a |= cell == a;
          has_b |= cell == b;
        }
      if (has_a && has_b)
        return TRUE;
    }
  return FALSE;
}

/* The complement for @cell: the smallest published non-zero count on a
 * line with it, else (@anywhere) the smallest published non-zero count
 * anywhere.
 * Hiding one more cell at a time always ends: once every non-zero count
 * is hidden the relations are homogeneous in the hidden cells and can
 * only pin a cell to 0, which no hidden cell is. */
static int
choose_complement (SessioSuppression *self,
                   guint              cell,
                   gboolean           anywhere)
{
  int best = -1;

  for (int pass = 0; pass < (anywhere ? 2 : 1) && best < 0; pass++)
    for (guint c = 0; c < self->n_cells; c++)
      {
        if (self->suppressed[c] || self->exempt[c] || self->values[c] == 0)
          continue;
        if (pass == 0 && !shares_line (self, cell, c))
          continue;
        if (best < 0 || self->values[c] < self->values[best])
          best = (int) c;
      }
  return best;
}

/* What a reader knows of a hidden cell: a small count ("<5") lies from 1
 * to threshold - 1, a complement ("x") is at least the threshold (else it
 * would be small itself), and zero is never hidden. */
static void
bounds (SessioSuppression *self,
        guint              cell,
        guint              threshold,
        double            *lo,
        double            *hi)
{
  if (self->primary[cell])
    {
      *lo = 1;
      *hi = threshold - 1;
    }
  else
    {
      *lo = threshold;
      *hi = INFINITY;
    }
}

/* A line whose hidden cells the bounds above pin down although the
 * equations alone do not: "total 6 = <5 + x" can only be 1 + 5.  Returns
 * a cell to hide as well, or -1 when every line is safe or beyond help.  Checked
 * line by line; the exact values are checked over all lines together by
 * find_determined(). */
static int
find_exposed (SessioSuppression *self,
              guint              threshold)
{
  for (guint r = 0; r < self->lines->len; r++)
    {
      GArray *line = g_ptr_array_index (self->lines, r);
      double rest = 0;   /* what the hidden terms add up to */
      guint hidden = 0;

      for (guint t = 0; t < line->len; t++)
        {
          Term *term = &g_array_index (line, Term, t);

          if (self->suppressed[term->cell])
            hidden++;
          else
            rest -= term->coefficient * (double) self->values[term->cell];
        }
      if (hidden == 0)
        continue;

      for (guint t = 0; t < line->len; t++)
        {
          Term *term = &g_array_index (line, Term, t);
          double others_lo = 0, others_hi = 0, lo, hi, x_lo, x_hi;

          if (!self->suppressed[term->cell])
            continue;
          for (guint u = 0; u < line->len; u++)
            {
              Term *other = &g_array_index (line, Term, u);
              double o_lo, o_hi;

              if (u == t || !self->suppressed[other->cell])
                continue;
              bounds (self, other->cell, threshold, &o_lo, &o_hi);
              if (other->coefficient > 0)
                {
                  others_lo += other->coefficient * o_lo;
                  others_hi += other->coefficient * o_hi;
                }
              else
                {
                  others_lo += other->coefficient * o_hi;
                  others_hi += other->coefficient * o_lo;
                }
            }
          /* coefficient · x = rest − others */
          if (term->coefficient > 0)
            {
              x_lo = (rest - others_hi) / term->coefficient;
              x_hi = (rest - others_lo) / term->coefficient;
            }
          else
            {
              x_lo = (rest - others_lo) / term->coefficient;
              x_hi = (rest - others_hi) / term->coefficient;
            }
          bounds (self, term->cell, threshold, &lo, &hi);
          lo = MAX (lo, x_lo);
          hi = MIN (hi, x_hi);
          if (hi - lo < 0.5)
            {
              /* Only a cell of its own lines can help.  When none is left
               * the line is pinned by its published zeros alone ("<5" in
               * four segments, all others 0, total "<5": four ones), which
               * only hiding zeros would cure; docs/statistics.md says why
               * zeros stay published. */
              int more = choose_complement (self, term->cell, FALSE);

              if (more >= 0)
                return more;
            }
        }
    }
  return -1;
}

void
sessio_suppression_run (SessioSuppression *self,
                        guint              threshold)
{
  memset (self->suppressed, 0, sizeof (gboolean) * self->n_cells);
  memset (self->primary, 0, sizeof (gboolean) * self->n_cells);
  for (guint c = 0; c < self->n_cells; c++)
    if (!self->exempt[c] && self->values[c] > 0 && self->values[c] < (gint64) threshold)
      self->suppressed[c] = self->primary[c] = TRUE;

  for (;;)
    {
      int cell = find_determined (self);
      int more = cell >= 0 ? choose_complement (self, (guint) cell, TRUE) : find_exposed (self, threshold);

      /* choose_complement() finds nothing only once every non-zero count
       * is hidden, when nothing can be determined any more. */
      if (more < 0)
        break;
      self->suppressed[more] = TRUE;
    }
}
