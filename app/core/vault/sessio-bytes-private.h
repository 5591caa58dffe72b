/* sessio-bytes-private.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Little-endian integers in the on-disk headers (the vault's and the
 * backup's): written and read byte by byte, so that neither alignment nor
 * the machine's byte order matters.  Internal to the core.
 */

#pragma once

#include <glib.h>

static inline void
sessio_put_u32 (guint8  *p,
                guint32  v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (guint8) (v >> (8 * i));
}

static inline void
sessio_put_u64 (guint8  *p,
                guint64  v)
{
  for (int i = 0; i < 8; i++)
    p[i] = (guint8) (v >> (8 * i));
}

static inline guint32
sessio_get_u32 (const guint8 *p)
{
  guint32 v = 0;

  for (int i = 3; i >= 0; i--)
    v = (v << 8) | p[i];
  return v;
}

static inline guint64
sessio_get_u64 (const guint8 *p)
{
  guint64 v = 0;

  for (int i = 7; i >= 0; i--)
    v = (v << 8) | p[i];
  return v;
}
