/* sessio-receipt-dialog.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-invoice-store.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_RECEIPT_DIALOG (sessio_receipt_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SessioReceiptDialog, sessio_receipt_dialog, SESSIO, RECEIPT_DIALOG, AdwWindow)

SessioReceiptDialog *sessio_receipt_dialog_new       (SessioPatientStore  *store,
                                                      gint64               patient_id);
/* "YYYY-MM". */
void                 sessio_receipt_dialog_set_month (SessioReceiptDialog *self,
                                                      const char          *month);
/* "YYYY-MM": the month shown. */
char                *sessio_receipt_dialog_dup_month (SessioReceiptDialog *self);
/* Writes the receipt shown to @path in a worker (for the tests: the file
 * chooser ends here). */
void                 sessio_receipt_dialog_save_async  (SessioReceiptDialog  *self,
                                                        const char           *path,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean             sessio_receipt_dialog_save_finish (SessioReceiptDialog  *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
