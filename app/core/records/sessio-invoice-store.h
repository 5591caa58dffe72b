/* sessio-invoice-store.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Network invoices and credit notes on top of an open vault.
 *
 * Lifecycle: a draft (no number) lists every billable held session of an
 * engagement in a period that no other invoice bills yet; drafting the
 * same period again refreshes it.  Issuing gives it the next number of the
 * year (2025-0007: gapless, since drafts have none), its structured
 * communication, issue and due dates, and freezes it: the invoice, its
 * lines and the sessions it bills can no longer change in a way that
 * alters billing (SESSIO_ERROR_REFUSED; the schema's triggers enforce it
 * too).  An issued invoice is then marked paid, or cancelled by a credit
 * note that references it (issued at once, numbered in the same series);
 * its sessions can then be corrected and invoiced again.
 *
 * Amounts come from the rules engine through the patient store
 * (sessio_patient_store_evaluate_held()); nothing is recomputed here.
 * Every line is a snapshot (names, INSZ, insurer, amounts), so editing or
 * erasing a patient later never changes an issued invoice.
 */

#pragma once

#include <gio/gio.h>

#include "sessio-format.h"
#include "sessio-patient-store.h"
#include "sessio-rule-store.h"

G_BEGIN_DECLS

typedef enum
{
  SESSIO_INVOICE_STATE_DRAFT,
  SESSIO_INVOICE_STATE_ISSUED,
  SESSIO_INVOICE_STATE_PAID,
  SESSIO_INVOICE_STATE_CREDITED,   /* issued, then cancelled by a credit note */
} SessioInvoiceState;

/* "draft", "issued", "paid", "credited". */
const char *sessio_invoice_state_to_string (SessioInvoiceState state);
/* Translated, for the user's screen. */
const char *sessio_invoice_state_get_label (SessioInvoiceState state);

typedef struct
{
  gint64  patient_id;
  char   *name;
  char   *insz;              /* 11 digits or NULL */
  char   *insurer;
  gint64  copay_cents;
} SessioInvoiceParticipant;

typedef struct
{
  gint64      id;
  char       *kind;           /* session | trajectory-fee | mdo */
  gint64      session_id;     /* 0 for the extra items */
  gint64      patient_id;     /* 0 for a group session */
  char       *date;           /* YYYY-MM-DD */
  char       *patient_name;   /* individual lines and extra items */
  char       *insz;
  char       *insurer;
  char       *care;           /* machine name (support, ...) */
  char       *setting;        /* individual | group; NULL for the extra items */
  char       *location;
  char       *billing_code;   /* NULL when the user set none */
  char       *rule_set;       /* "2024-04-01" */
  gint64      fee_cents;      /* without the co-facilitator supplement */
  gint64      supplement_cents;
  gint64      copay_cents;    /* a group: the participants' together */
  gint64      amount_cents;   /* claimed: fee + supplement - copay */
  GPtrArray  *participants;   /* of SessioInvoiceParticipant; group lines only */
} SessioInvoiceLine;

typedef struct
{
  gint64              id;
  char               *kind;          /* invoice | credit-note */
  SessioInvoiceState  state;
  char               *number;        /* "2025-0007"; NULL for a draft */
  gint64              engagement_id;
  char               *period_from;   /* YYYY-MM-DD */
  char               *period_to;
  char               *issued_at;     /* YYYY-MM-DD */
  char               *due_date;
  char               *paid_at;
  gint64              credits_id;    /* a credit note: the invoice it cancels */
  char               *credits_number;
  gint64              credited_by_id; /* an invoice: its credit note, or 0 */
  char               *language;      /* nl | fr | de */
  char               *network_name;
  char               *network;       /* youth | adult */
  char               *recipient;     /* the network's invoicing entity */
  char               *provider_name;
  char               *provider_riziv;
  char               *provider_kbo;
  char               *provider_iban;
  char               *provider_address;
  char               *structured_communication;  /* "+++123/4567/89012+++" */
  guint               n_lines;
  gint64              fee_cents;
  gint64              supplement_cents;
  gint64              copay_cents;
  gint64              total_cents;   /* claimed: the sum of the lines' amounts */
  GPtrArray          *lines;         /* of SessioInvoiceLine; NULL in lists */
} SessioInvoice;

void  sessio_invoice_free       (SessioInvoice     *self);
void  sessio_invoice_line_free  (SessioInvoiceLine *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioInvoice, sessio_invoice_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioInvoiceLine, sessio_invoice_line_free)

/* Days between the issue date and the due date. */
#define SESSIO_INVOICE_DUE_DAYS 30

#define SESSIO_TYPE_INVOICE_STORE (sessio_invoice_store_get_type ())

G_DECLARE_FINAL_TYPE (SessioInvoiceStore, sessio_invoice_store, SESSIO, INVOICE_STORE, GObject)

/* @rule_store: where the user's billing codes come from; NULL reads them
 * from the vault.  Amounts are those @patients evaluates with: give it
 * the rule store's rules (sessio_patient_store_set_rules()). */
SessioInvoiceStore *sessio_invoice_store_new          (SessioPatientStore  *patients,
                                                       SessioRuleStore     *rule_store);
SessioPatientStore *sessio_invoice_store_get_patients (SessioInvoiceStore  *self);
/* Parses "YYYY-MM" into its first and last day. */
gboolean  sessio_invoice_month_range   (const char          *month,
                                        char                 from[11],
                                        char                 to[11]);

/* Draft lines for @engagement_id from @from to @to (YYYY-MM-DD,
 * inclusive), not saved: the sessions not yet invoiced, with the extra
 * items.  Of SessioInvoiceLine.  For the GUI's "not yet invoiced" view. */
GPtrArray *sessio_invoice_store_list_uninvoiced (SessioInvoiceStore  *self,
                                                 gint64               engagement_id,
                                                 const char          *from,
                                                 const char          *to,
                                                 GError             **error);

/* Creates the draft of @engagement_id for the period, or refreshes the
 * draft that already exists for exactly that period.  Returns its id;
 * SESSIO_ERROR_REFUSED when there is nothing to invoice. */
gint64    sessio_invoice_store_draft        (SessioInvoiceStore  *self,
                                             gint64               engagement_id,
                                             const char          *from,
                                             const char          *to,
                                             GError             **error);
gint64    sessio_invoice_store_draft_month  (SessioInvoiceStore  *self,
                                             gint64               engagement_id,
                                             const char          *month,
                                             GError             **error);
/* Numbers and freezes a draft.  @date: the issue date (NULL: today).
 * Refused when the sessions changed since the draft was made (draft it
 * again and check it) or when the provider has no RIZIV number. */
gboolean  sessio_invoice_store_issue        (SessioInvoiceStore  *self,
                                             gint64               id,
                                             const char          *date,
                                             GError             **error);
gboolean  sessio_invoice_store_set_paid     (SessioInvoiceStore  *self,
                                             gint64               id,
                                             const char          *date,
                                             GError             **error);
/* Undoes sessio_invoice_store_set_paid(): the invoice is issued and
 * unpaid again (a payment recorded by mistake, or on the wrong day). */
gboolean  sessio_invoice_store_set_unpaid   (SessioInvoiceStore  *self,
                                             gint64               id,
                                             GError             **error);
/* Cancels an issued invoice with a credit note (issued at once, negative
 * amounts, referencing it).  Returns the credit note's id. */
gint64    sessio_invoice_store_credit       (SessioInvoiceStore  *self,
                                             gint64               id,
                                             const char          *date,
                                             GError             **error);
/* Only drafts can be deleted. */
gboolean  sessio_invoice_store_delete_draft (SessioInvoiceStore  *self,
                                             gint64               id,
                                             GError             **error);

/* With its lines. */
SessioInvoice *sessio_invoice_store_get     (SessioInvoiceStore  *self,
                                             gint64               id,
                                             GError             **error);
/* Every invoice and credit note, newest first, without lines but with
 * state and totals.  @engagement_id 0: all. */
GPtrArray     *sessio_invoice_store_list    (SessioInvoiceStore  *self,
                                             gint64               engagement_id,
                                             GError             **error);

/* ------------------------------------------------------------ receipts */

typedef struct
{
  gint64  session_id;
  char   *date;            /* YYYY-MM-DD */
  char   *care;
  char   *setting;
  char   *location;
  gint64  copay_cents;     /* what the patient owes; 0 for free sessions */
  char   *copay_received;  /* cash | transfer | not-yet | not-due */
} SessioReceiptLine;

typedef struct
{
  gint64      patient_id;
  char       *patient_name;
  char       *insz;
  char       *language;       /* the patient's; NULL: the engagement's, else nl */
  char       *period_from;
  char       *period_to;
  char       *provider_name;
  char       *provider_riziv;
  char       *provider_kbo;
  char       *provider_address;
  char       *issued_at;
  gint64      total_cents;
  GPtrArray  *lines;          /* of SessioReceiptLine */
} SessioReceipt;

void  sessio_receipt_free (SessioReceipt *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioReceipt, sessio_receipt_free)

/* The payment receipt (betalingsbewijs / reçu / Zahlungsbeleg) of a
 * patient for every held session under the convention in the period,
 * free ones included; @session_id > 0: that session only.  Reading it
 * is audited. */
SessioReceipt *sessio_invoice_store_receipt (SessioInvoiceStore  *self,
                                             gint64               patient_id,
                                             const char          *from,
                                             const char          *to,
                                             gint64               session_id,
                                             GError             **error);

G_END_DECLS
