/* sessio-invoices-page.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sessio-invoice-store.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_INVOICES_PAGE (sessio_invoices_page_get_type ())

G_DECLARE_FINAL_TYPE (SessioInvoicesPage, sessio_invoices_page, SESSIO, INVOICES_PAGE, AdwBin)

void  sessio_invoices_page_set_store  (SessioInvoicesPage *self,
                                       SessioInvoiceStore *store);
void  sessio_invoices_page_reload     (SessioInvoicesPage *self);
/* The month drafts are made for, "YYYY-MM" (for tests and the demo). */
void  sessio_invoices_page_set_month  (SessioInvoicesPage *self,
                                       const char         *month);

G_END_DECLS
