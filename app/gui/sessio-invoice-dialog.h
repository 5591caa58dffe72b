/* sessio-invoice-dialog.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-invoice-store.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_INVOICE_DIALOG (sessio_invoice_dialog_get_type ())

/* How many lines of an invoice (or of a month not yet invoiced) get a
 * row of their own; the rest are counted in one row. */
#define SESSIO_INVOICE_ROWS_SHOWN 200

G_DECLARE_FINAL_TYPE (SessioInvoiceDialog, sessio_invoice_dialog, SESSIO, INVOICE_DIALOG, AdwWindow)

SessioInvoiceDialog *sessio_invoice_dialog_new          (SessioInvoiceStore  *store,
                                                         gint64               invoice_id,
                                                         GError             **error);
gint64               sessio_invoice_dialog_get_invoice_id (SessioInvoiceDialog *self);
/* Writes the PDF, CSV and JSON of the invoice into @folder in a worker,
 * never over an existing file; the file chooser's answer ends here.
 * Public for the tests, which cannot drive the portal. */
void                 sessio_invoice_dialog_export_async  (SessioInvoiceDialog  *self,
                                                          const char           *folder,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean             sessio_invoice_dialog_export_finish (SessioInvoiceDialog  *self,
                                                          GAsyncResult         *result,
                                                          char                **pdf_path,
                                                          GError              **error);
gboolean             sessio_invoice_dialog_is_busy       (SessioInvoiceDialog  *self);

G_END_DECLS
