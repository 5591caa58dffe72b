/* sessio-devdata.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Synthetic data at any scale, for `sessio-cli dev generate`, the
 * benchmarks and demos: a CLB-salaried youth engagement with pupils at
 * school, the CLB or a boarding school, and an independent adult
 * engagement.  Invented names, generated INSZ numbers with valid check
 * digits, deterministic for a given seed.
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "sessio-error.h"

G_BEGIN_DECLS

typedef struct
{
  guint    patients;
  guint    sessions;
  guint32  seed;
  guint    transactions;   /* the rows are spread over about this many */
  /* Julian day the data ends on: trajectories start in the 14 months
   * before it, sessions after it are planned.  0: 30 June 2025, fixed, so
   * that benchmarks and tests see the same data on every day. */
  guint32  today;
} SessioDevdataOptions;

typedef enum
{
  SESSIO_DEVDATA_BEGIN,
  SESSIO_DEVDATA_COMMIT,
  SESSIO_DEVDATA_ROLLBACK,
} SessioDevdataTxn;

/* Begins, commits or rolls back one transaction: the caller decides how
 * (a vault transaction, or plain SQLite for the benchmark's baseline). */
typedef gboolean (*SessioDevdataTxnFunc) (gpointer          user_data,
                                          SessioDevdataTxn  what,
                                          GError          **error);

gboolean  sessio_devdata_generate  (sqlite3                    *db,
                                    const SessioDevdataOptions *options,
                                    SessioDevdataTxnFunc        txn,
                                    gpointer                    user_data,
                                    GError                    **error);

G_END_DECLS
