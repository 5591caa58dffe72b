/* sessio-pdf.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every PDF Sessio writes shares: the page size.  The invoices, the
 * patient file export and the statistics report include this header, not
 * the recovery sheet's, so that no document depends on another.
 */

#pragma once

/* A4 in PostScript points. */
#define SESSIO_A4_WIDTH_PT  595.276
#define SESSIO_A4_HEIGHT_PT 841.890
