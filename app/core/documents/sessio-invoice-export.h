/* sessio-invoice-export.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An invoice (or credit note) as the network receives it: a PDF drawn
 * with cairo and pango (A4, repeated column headers, page numbers,
 * optional logo), a CSV (UTF-8, one row per line) and a JSON document
 * (schema in docs/invoices.md), all in the invoice's language and
 * agreeing to the cent.  And the patient's payment receipt as a PDF, in
 * the patient's language.  Files are written 0600.
 *
 * Before anything leaves the machine, the GUI and the CLI show
 * sessio_invoice_personal_fields(): exactly which personal data the
 * files carry.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "sessio-invoice-store.h"

G_BEGIN_DECLS

/* The personal data an export of @invoice carries, one translated line
 * each (in the user's language), NULL-terminated.  Never the data
 * itself: counts and field names. */
char     **sessio_invoice_personal_fields  (const SessioInvoice  *invoice);
char     **sessio_receipt_personal_fields  (const SessioReceipt  *receipt);

/* "75.00", "-2.50": the amount columns of CSV files. */
char      *sessio_invoice_format_decimal   (gint64                cents);

JsonNode  *sessio_invoice_to_json          (const SessioInvoice  *invoice);
gboolean   sessio_invoice_write_json       (const SessioInvoice  *invoice,
                                            const char           *path,
                                            GError              **error);
gboolean   sessio_invoice_write_csv        (const SessioInvoice  *invoice,
                                            const char           *path,
                                            GError              **error);
/* @logo: a PNG file, or NULL. */
gboolean   sessio_invoice_write_pdf        (const SessioInvoice  *invoice,
                                            const char           *logo,
                                            const char           *path,
                                            GError              **error);
/* The size of the pages sessio_invoice_render_pages() draws, in points. */
#define SESSIO_INVOICE_PAGE_WIDTH  595.276
#define SESSIO_INVOICE_PAGE_HEIGHT 841.890
GPtrArray *sessio_invoice_render_pages     (const SessioInvoice  *invoice,
                                            const char           *logo,
                                            GError              **error);
gboolean   sessio_receipt_write_pdf        (const SessioReceipt  *receipt,
                                            const char           *logo,
                                            const char           *path,
                                            GError              **error);
JsonNode  *sessio_receipt_to_json          (const SessioReceipt  *receipt);

G_END_DECLS
