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

G_DECLARE_FINAL_TYPE (SessioInvoiceDialog, sessio_invoice_dialog, SESSIO, INVOICE_DIALOG, AdwWindow)

SessioInvoiceDialog *sessio_invoice_dialog_new          (SessioInvoiceStore  *store,
                                                         gint64               invoice_id,
                                                         GError             **error);
gint64               sessio_invoice_dialog_get_invoice_id (SessioInvoiceDialog *self);
/* Writes the PDF, CSV and JSON of the invoice into @folder, never over
 * an existing file; the file chooser's answer ends here.  Public for the
 * tests, which cannot drive the portal. */
gboolean             sessio_invoice_dialog_export_to    (SessioInvoiceDialog  *self,
                                                         const char           *folder,
                                                         char                **pdf_path,
                                                         GError              **error);

G_END_DECLS
