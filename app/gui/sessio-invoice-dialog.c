/* sessio-invoice-dialog.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One invoice or credit note: its details, its lines and totals, and what
 * can be done with it at its stage.  A draft is issued (after saying that
 * it can then no longer change) or deleted; an issued invoice is marked
 * paid or cancelled by a credit note.  Exporting first lists exactly which
 * personal data will leave the computer; printing goes through the
 * system's print dialog with the same pages as the PDF.
 *
 * Signal: ::changed, after the invoice changed (the page lists it again).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <time.h>

#include "sessio-a11y.h"
#include "sessio-date-row.h"
#include "sessio-format.h"
#include "sessio-invoice-dialog.h"
#include "sessio-invoice-export.h"
#include "sessio-resources.h"
#include "sessio-worker.h"

struct _SessioInvoiceDialog
{
  AdwWindow            parent_instance;

  SessioInvoiceStore  *store;
  SessioInvoice       *invoice;

  AdwWindowTitle      *title;
  AdwPreferencesGroup *details_group;
  AdwPreferencesGroup *lines_group;
  AdwPreferencesGroup *totals_group;
  GtkBox              *draft_box;
  GtkBox              *issued_box;
  GtkButton           *paid_button;
  GtkBox              *export_box;
  AdwToastOverlay     *toast_overlay;

  GPtrArray           *rows;   /* widgets added to the groups, removed on reload */

  GCancellable        *busy;        /* the export or print being prepared */
  AdwToast            *busy_toast;  /* weak: "Exporting…" */
  gboolean             disposed;    /* a worker's end finds no widgets */
};

G_DEFINE_FINAL_TYPE (SessioInvoiceDialog, sessio_invoice_dialog, ADW_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

gint64
sessio_invoice_dialog_get_invoice_id (SessioInvoiceDialog *self)
{
  g_return_val_if_fail (SESSIO_IS_INVOICE_DIALOG (self), 0);

  return self->invoice != NULL ? self->invoice->id : 0;
}

static void
toast (SessioInvoiceDialog *self,
       const char          *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static char *
format_iso (const char *iso)
{
  GDate date;

  if (iso == NULL || !sessio_date_parse_iso (iso, &date))
    return g_strdup (iso != NULL ? iso : "—");
  return sessio_format_date (&date);
}

static void
add_row (SessioInvoiceDialog *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *value,
         gboolean             numeric_suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (numeric_suffix)
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  else
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL && *value ? value : "—");
      gtk_widget_add_css_class (row, "property");
    }
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static const char *
care_label (const char *care)
{
  SessioCare id;

  if (care != NULL && sessio_care_from_string (care, &id))
    return sessio_care_get_label (id);
  return care != NULL ? care : "";
}

static void
add_line (SessioInvoiceDialog *self,
          SessioInvoiceLine   *line)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *date = format_iso (line->date);
  g_autofree char *amount = sessio_format_cents (line->amount_cents);
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkWidget *label = gtk_label_new (amount);

  if (g_strcmp0 (line->kind, "trajectory-fee") == 0)
    /* Translators: an invoice line: "<date> — trajectory fee, <patient>" */
    title = g_strdup_printf (_("%s — trajectory fee, %s"), date, line->patient_name ? line->patient_name : "");
  else if (g_strcmp0 (line->kind, "mdo") == 0)
    /* Translators: an invoice line for a multidisciplinary consultation */
    title = g_strdup_printf (_("%s — multidisciplinary consultation"), date);
  else if (g_strcmp0 (line->setting, "group") == 0)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — group, %u participant", "%s — group, %u participants",
                                          line->participants != NULL ? line->participants->len : 0),
                             date, line->participants != NULL ? line->participants->len : 0);
  else
    title = g_strdup_printf ("%s — %s", date, line->patient_name ? line->patient_name : "");

  if (line->care != NULL)
    g_string_append (subtitle, care_label (line->care));
  if (line->billing_code != NULL)
    /* Translators: the billing (nomenclature) code of an invoice line */
    g_string_append_printf (subtitle, _(", code %s"), line->billing_code);
  if (line->copay_cents != 0)
    {
      g_autofree char *copay = sessio_format_cents (line->copay_cents);

      /* Translators: the co-payment deducted on an invoice line */
      g_string_append_printf (subtitle, _(", co-payment %s"), copay);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (self->lines_group, row);
  g_ptr_array_add (self->rows, row);
}

static void
show_invoice (SessioInvoiceDialog *self)
{
  SessioInvoice *invoice = self->invoice;
  g_autofree char *title = NULL;
  g_autofree char *period = NULL;
  g_autofree char *from = format_iso (invoice->period_from);
  g_autofree char *to = format_iso (invoice->period_to);
  g_autofree char *issued = format_iso (invoice->issued_at);
  g_autofree char *due = format_iso (invoice->due_date);
  g_autofree char *fee = sessio_format_cents (invoice->fee_cents);
  g_autofree char *supplement = sessio_format_cents (invoice->supplement_cents);
  g_autofree char *copay = sessio_format_cents (invoice->copay_cents);
  g_autofree char *total = sessio_format_cents (invoice->total_cents);
  gboolean draft = invoice->state == SESSIO_INVOICE_STATE_DRAFT;
  gboolean credit_note = g_strcmp0 (invoice->kind, "credit-note") == 0;

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);

  if (credit_note)
    title = g_strdup_printf (_("Credit note %s for %s"), invoice->number ? invoice->number : "",
                             invoice->credits_number ? invoice->credits_number : "");
  else if (invoice->number != NULL)
    title = g_strdup_printf (_("Invoice %s"), invoice->number);
  else
    title = g_strdup (_("Draft invoice"));
  adw_window_title_set_title (self->title, title);
  adw_window_title_set_subtitle (self->title, sessio_invoice_state_get_label (invoice->state));
  gtk_window_set_title (GTK_WINDOW (self), title);

  /* Translators: a period: "<from> to <to>" */
  period = g_strdup_printf (_("%s to %s"), from, to);
  add_row (self, self->details_group, _("Network"), invoice->network_name, FALSE);
  add_row (self, self->details_group, _("Invoice To"), invoice->recipient, FALSE);
  add_row (self, self->details_group, _("Period"), period, FALSE);
  add_row (self, self->details_group, _("Issue Date"), draft ? NULL : issued, FALSE);
  if (!credit_note)
    add_row (self, self->details_group, _("Due Date"), draft ? NULL : due, FALSE);
  add_row (self, self->details_group, _("Structured Communication"), invoice->structured_communication, FALSE);
  if (invoice->paid_at != NULL)
    {
      g_autofree char *paid = format_iso (invoice->paid_at);
      add_row (self, self->details_group, _("Paid On"), paid, FALSE);
    }

  /* A row per line up to SESSIO_INVOICE_ROWS_SHOWN, then one that says
   * how many more: rows cost the main thread milliseconds each, and a
   * month of thousands of lines froze the window for many seconds when
   * drafted, issued or opened.  The files carry every line. */
  for (guint i = 0; invoice->lines != NULL && i < MIN (invoice->lines->len, SESSIO_INVOICE_ROWS_SHOWN); i++)
    add_line (self, g_ptr_array_index (invoice->lines, i));
  if (invoice->lines != NULL && invoice->lines->len > SESSIO_INVOICE_ROWS_SHOWN)
    {
      guint more = invoice->lines->len - SESSIO_INVOICE_ROWS_SHOWN;
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more line", "And %u more lines",
                                                            more), more);

      add_row (self, self->lines_group, text, _("Every line is in the exported PDF, CSV and JSON files"), FALSE);
    }

  add_row (self, self->totals_group, _("Fees"), fee, TRUE);
  if (invoice->supplement_cents != 0)
    add_row (self, self->totals_group, _("Co-facilitator supplements"), supplement, TRUE);
  add_row (self, self->totals_group, _("Co-payments deducted"), copay, TRUE);
  add_row (self, self->totals_group, _("Total claimed"), total, TRUE);

  gtk_widget_set_visible (GTK_WIDGET (self->draft_box), draft);
  /* A paid invoice can still be cancelled: the network may pay back. */
  gtk_widget_set_visible (GTK_WIDGET (self->issued_box),
                          (invoice->state == SESSIO_INVOICE_STATE_ISSUED ||
                           invoice->state == SESSIO_INVOICE_STATE_PAID) && !credit_note);
  gtk_widget_set_visible (GTK_WIDGET (self->paid_button), invoice->state == SESSIO_INVOICE_STATE_ISSUED);
  gtk_widget_set_visible (GTK_WIDGET (self->export_box), !draft);
}

static gboolean
reload (SessioInvoiceDialog  *self,
        gint64                id,
        GError              **error)
{
  SessioInvoice *invoice = sessio_invoice_store_get (self->store, id, error);

  if (invoice == NULL)
    return FALSE;
  g_clear_pointer (&self->invoice, sessio_invoice_free);
  self->invoice = invoice;
  show_invoice (self);
  return TRUE;
}

static void
after_change (SessioInvoiceDialog *self,
              gboolean             ok,
              GError              *error,
              const char          *done)
{
  g_autoptr(GError) reload_error = NULL;

  if (!ok)
    {
      toast (self, error != NULL ? error->message : "");
      return;
    }
  g_signal_emit (self, signals[CHANGED], 0);
  if (reload (self, self->invoice->id, &reload_error))
    toast (self, done);
  else
    toast (self, reload_error->message);
}

/* ------------------------------------------------------------ actions */

typedef void (*Confirmed) (SessioInvoiceDialog *self);

static void
confirm_response (AdwMessageDialog    *dialog,
                  const char          *response,
                  SessioInvoiceDialog *self)
{
  Confirmed confirmed = g_object_get_data (G_OBJECT (dialog), "confirmed");

  if (g_strcmp0 (response, "yes") == 0)
    confirmed (self);
}

/* A list under a message dialog's body, aligned to the start as lists
 * are read: the body itself is centred. */
static void
add_list (AdwMessageDialog   *ask,
          const char * const *items)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *label;

  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    g_string_append_printf (text, "%s• %s", i > 0 ? "\n" : "", items[i]);
  if (text->len == 0)
    return;
  label = gtk_label_new (text->str);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  adw_message_dialog_set_extra_child (ask, label);
}

static void
confirm (SessioInvoiceDialog *self,
         const char          *heading,
         const char          *body,
         const char * const  *list,
         const char          *yes,
         gboolean             destructive,
         Confirmed            confirmed)
{
  AdwMessageDialog *ask = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));

  add_list (ask, list);

  adw_message_dialog_add_responses (ask, "cancel", _("_Cancel"), "yes", yes, NULL);
  adw_message_dialog_set_response_appearance (ask, "yes", destructive ? ADW_RESPONSE_DESTRUCTIVE
                                                                      : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ask, "cancel");
  adw_message_dialog_set_close_response (ask, "cancel");
  g_object_set_data (G_OBJECT (ask), "confirmed", confirmed);
  g_signal_connect_object (ask, "response", G_CALLBACK (confirm_response), self, 0);
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (ask));
  gtk_window_present (GTK_WINDOW (ask));
}

static void
issue_confirmed (SessioInvoiceDialog *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = sessio_invoice_store_issue (self->store, self->invoice->id, NULL, &error);

  after_change (self, ok, error, _("Invoice issued"));
}

static void
issue_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SessioInvoiceDialog *self = SESSIO_INVOICE_DIALOG (widget);
  guint n_lines = self->invoice->lines != NULL ? self->invoice->lines->len : self->invoice->n_lines;
  g_autofree char *total = sessio_format_cents (self->invoice->total_cents);
  g_autofree char *what = NULL;
  g_autofree char *body = NULL;

  /* What is about to be fixed for good, in figures the user can check
   * against the draft. */
  what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line, %s claimed in all.",
                                       "%u lines, %s claimed in all.", n_lines),
                          n_lines, total);
  body = g_strdup_printf ("%s %s", what,
                          _("It gets the next number of the year and can no longer be changed, nor can the sessions on it. A mistake is then corrected with a credit note."));
  /* Said before it is fixed for good: an invoice to nobody goes nowhere. */
  if (self->invoice->recipient == NULL || *self->invoice->recipient == '\0')
    {
      g_autofree char *with = g_strdup_printf ("%s\n\n%s", body,
                                               _("It names no recipient: who this network’s invoices go to is set in Practice Details (main menu)."));
      g_free (body);
      body = g_steal_pointer (&with);
    }
  confirm (self, _("Issue the Invoice?"), body, NULL, _("_Issue"), FALSE, issue_confirmed);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SessioInvoiceDialog *self = SESSIO_INVOICE_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  /* A draft has no number, so deleting it leaves no gap; its sessions
   * return to "not yet invoiced". */
  if (!sessio_invoice_store_delete_draft (self->store, self->invoice->id, &error))
    {
      toast (self, error->message);
      return;
    }
  g_signal_emit (self, signals[CHANGED], 0);
  sessio_a11y_close_window (GTK_WINDOW (self));
}

static void
undo_paid_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  SessioInvoiceDialog *self = SESSIO_INVOICE_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok = sessio_invoice_store_set_unpaid (self->store, self->invoice->id, &error);

  after_change (self, ok, error, _("The invoice is unpaid again"));
}

static void
paid_response (AdwMessageDialog    *ask,
               const char          *response,
               SessioInvoiceDialog *self)
{
  SessioDateRow *row = g_object_get_data (G_OBJECT (ask), "date-row");
  g_autofree char *date = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *done;

  if (g_strcmp0 (response, "paid") != 0)
    return;
  date = sessio_date_row_dup_iso (row);
  if (!sessio_invoice_store_set_paid (self->store, self->invoice->id, date, &error))
    {
      toast (self, error->message);
      return;
    }
  g_signal_emit (self, signals[CHANGED], 0);
  if (!reload (self, self->invoice->id, &error))
    {
      toast (self, error->message);
      return;
    }
  /* A payment recorded on the wrong invoice is one click away from being
   * undone. */
  done = adw_toast_new (_("Marked as paid"));
  adw_toast_set_button_label (done, _("_Undo"));
  adw_toast_set_action_name (done, "invoice.undo-paid");
  adw_toast_set_timeout (done, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, done);
}

static void
paid_date_changed (SessioDateRow    *row,
                   AdwMessageDialog *ask)
{
  adw_message_dialog_set_response_enabled (ask, "paid", sessio_date_row_is_valid (row));
}

/* The network pays weeks later: the date on the bank statement is what
 * counts, today only as a proposal. */
static void
paid_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SessioInvoiceDialog *self = SESSIO_INVOICE_DIALOG (widget);
  AdwMessageDialog *ask;
  GtkWidget *list, *row;
  g_autoptr(GDate) today = g_date_new ();

  g_date_set_time_t (today, time (NULL));
  ask = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Mark as Paid?"),
                                                    _("The day the network’s payment was received.")));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  row = g_object_new (SESSIO_TYPE_DATE_ROW, "title", _("Payment _Date"), "use-underline", TRUE, NULL);
  sessio_date_row_set_date (SESSIO_DATE_ROW (row), today);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  adw_message_dialog_set_extra_child (ask, list);
  g_object_set_data (G_OBJECT (ask), "date-row", row);
  g_signal_connect_object (row, "changed", G_CALLBACK (paid_date_changed), ask, 0);

  adw_message_dialog_add_responses (ask, "cancel", _("_Cancel"), "paid", _("Mark as _Paid"), NULL);
  adw_message_dialog_set_response_appearance (ask, "paid", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ask, "paid");
  adw_message_dialog_set_close_response (ask, "cancel");
  g_signal_connect_object (ask, "response", G_CALLBACK (paid_response), self, 0);
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (ask));
  gtk_window_present (GTK_WINDOW (ask));
}

static void
credit_confirmed (SessioInvoiceDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reload_error = NULL;
  gint64 id = sessio_invoice_store_credit (self->store, self->invoice->id, NULL, &error);

  if (id <= 0)
    {
      toast (self, error->message);
      return;
    }
  g_signal_emit (self, signals[CHANGED], 0);
  /* The credit note is what the network now needs: show it. */
  if (reload (self, id, &reload_error))
    toast (self, _("Credit note issued; the sessions can be invoiced again"));
  else
    toast (self, reload_error->message);
}

static void
credit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  confirm (SESSIO_INVOICE_DIALOG (widget), _("Cancel with a Credit Note?"),
           _("A credit note with the next number cancels the whole invoice. Its sessions can then be corrected and invoiced again."),
           NULL, _("_Credit"), TRUE, credit_confirmed);
}

/* "Invoice 2025-0007": what the user looks for in the folder. */
static char *
file_stem (SessioInvoiceDialog *self)
{
  if (g_strcmp0 (self->invoice->kind, "credit-note") == 0)
    /* Translators: the file name of a credit note, without extension */
    return g_strdup_printf (_("Credit note %s"), self->invoice->number);
  /* Translators: the file name of an invoice, without extension */
  return g_strdup_printf (_("Invoice %s"), self->invoice->number ? self->invoice->number : "");
}

/* ------------------------------------------------------------- busy */

/* An export or a print renders the whole invoice: seconds for a busy
 * month.  It runs in a worker (sessio-worker.h) on a copy of the invoice
 * read on the main thread; meanwhile the window keeps answering, a toast
 * says what is going on and offers to cancel, and Export and Print are
 * off: one at a time. */
static void
start_busy (SessioInvoiceDialog *self,
            const char          *text)
{
  AdwToast *busy_toast = adw_toast_new (text);

  g_assert (self->busy == NULL);
  self->busy = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "invoice.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "invoice.print", FALSE);

  adw_toast_set_timeout (busy_toast, 0);
  adw_toast_set_button_label (busy_toast, _("_Cancel"));
  adw_toast_set_action_name (busy_toast, "invoice.cancel");
  g_set_weak_pointer (&self->busy_toast, busy_toast);
  adw_toast_overlay_add_toast (self->toast_overlay, busy_toast);
}

static void
end_busy (SessioInvoiceDialog *self)
{
  g_clear_object (&self->busy);
  if (self->disposed)
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "invoice.export", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "invoice.print", TRUE);
  if (self->busy_toast != NULL)
    adw_toast_dismiss (self->busy_toast);
  g_clear_weak_pointer (&self->busy_toast);
}

/**
 * sessio_invoice_dialog_is_busy:
 *
 * Whether an export or a print is being prepared in a worker.
 */
gboolean
sessio_invoice_dialog_is_busy (SessioInvoiceDialog *self)
{
  g_return_val_if_fail (SESSIO_IS_INVOICE_DIALOG (self), FALSE);

  return self->busy != NULL;
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SessioInvoiceDialog *self = SESSIO_INVOICE_DIALOG (widget);

  if (self->busy != NULL)
    g_cancellable_cancel (self->busy);
}

/* The copy a worker renders: read now, on the main thread, so that the
 * worker never touches the store (the vault's connection is not for
 * threads, and a lock may close it while the worker runs). */
static SessioInvoice *
copy_for_worker (SessioInvoiceDialog  *self,
                 GError              **error)
{
  if (self->invoice == NULL || self->invoice->state == SESSIO_INVOICE_STATE_DRAFT)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                           _("A draft cannot be exported or printed; issue it first"));
      return NULL;
    }
  if (self->busy != NULL)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_IN_USE,
                           _("The invoice is already being exported or printed"));
      return NULL;
    }
  return sessio_invoice_store_get (self->store, self->invoice->id, error);
}

/* ----------------------------------------------------------- export */

typedef struct
{
  SessioInvoice *invoice;
  char          *folder;
  char          *stem;
  char          *pdf_path;   /* the result */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_pointer (&job->invoice, sessio_invoice_free);
  g_free (job->folder);
  g_free (job->stem);
  g_free (job->pdf_path);
  g_free (job);
}

static const char * const extensions[] = { ".pdf", ".csv", ".json" };

/* In the worker: the three files are written into a private folder
 * beside their place and moved there only once all are whole, so that
 * an error, a cancel, a lock or quitting half-way never leaves a partial
 * file under the invoice's names. */
static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ExportJob *job = data;
  g_autofree char *tmp = g_build_filename (job->folder, ".sessio-export-XXXXXX", NULL);
  char *parts[G_N_ELEMENTS (extensions)] = { NULL, };
  char *paths[G_N_ELEMENTS (extensions)] = { NULL, };
  GError *error = NULL;
  guint moved = 0;
  gboolean ok;

  if (g_mkdtemp_full (tmp, 0700) == NULL)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s",
                               job->folder, g_strerror (saved));
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    parts[i] = g_strconcat (tmp, G_DIR_SEPARATOR_S, "invoice", extensions[i], NULL);

  ok = !g_cancellable_set_error_if_cancelled (cancellable, &error) &&
       sessio_invoice_write_pdf (job->invoice, NULL, parts[0], &error) &&
       !g_cancellable_set_error_if_cancelled (cancellable, &error) &&
       sessio_invoice_write_csv (job->invoice, parts[1], &error) &&
       sessio_invoice_write_json (job->invoice, parts[2], &error) &&
       !g_cancellable_set_error_if_cancelled (cancellable, &error);

  /* Never over an earlier export: "Invoice 2025-0007 (2).pdf". */
  for (guint n = 1; ok && n < 100; n++)
    {
      gboolean free_name = TRUE;

      for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
        {
          g_autofree char *name = n == 1 ? g_strconcat (job->stem, extensions[i], NULL)
                                         : g_strdup_printf ("%s (%u)%s", job->stem, n, extensions[i]);

          g_free (paths[i]);
          paths[i] = g_build_filename (job->folder, name, NULL);
          free_name = free_name && !g_file_test (paths[i], G_FILE_TEST_EXISTS);
        }
      if (free_name)
        break;
    }
  for (; ok && moved < G_N_ELEMENTS (extensions); moved++)
    if (g_rename (parts[moved], paths[moved]) != 0)
      {
        int saved = errno;

        g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s",
                     paths[moved], g_strerror (saved));
        ok = FALSE;
        break;
      }

  /* All three or none. */
  for (guint i = 0; !ok && i < moved; i++)
    g_unlink (paths[i]);
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    g_unlink (parts[i]);
  g_rmdir (tmp);

  if (ok)
    job->pdf_path = g_strdup (paths[0]);
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      g_free (parts[i]);
      g_free (paths[i]);
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Back on the main thread: the export is over, whichever way. */
static void
export_worker_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) outer = data;
  SessioInvoiceDialog *self = g_task_get_source_object (outer);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  end_busy (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (outer, error);
  else
    g_task_return_pointer (outer, g_steal_pointer (&job->pdf_path), g_free);
}

/**
 * sessio_invoice_dialog_export_async:
 * @folder: where the files go
 *
 * Writes the PDF, CSV and JSON of the invoice into @folder, never over an
 * existing file, in a worker; the file chooser's answer ends here.  Fails
 * with %SESSIO_ERROR_IN_USE while an export or a print is being
 * prepared, and with %G_IO_ERROR_CANCELLED when cancelled (the toast's
 * Cancel, the window closed, the vault locked), leaving no file behind.
 */
void
sessio_invoice_dialog_export_async (SessioInvoiceDialog *self,
                                    const char          *folder,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  SessioInvoice *invoice;
  ExportJob *job;

  g_return_if_fail (SESSIO_IS_INVOICE_DIALOG (self));
  g_return_if_fail (folder != NULL);

  outer = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (outer, sessio_invoice_dialog_export_async);
  invoice = copy_for_worker (self, &error);
  if (invoice == NULL)
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  job = g_new0 (ExportJob, 1);
  job->invoice = invoice;
  job->folder = g_strdup (folder);
  job->stem = file_stem (self);

  start_busy (self, _("Exporting…"));
  /* The worker's task has no source object: its last reference may be
   * dropped in the worker thread, where the window must not be finalized.
   * The outer task holds the window, on the main thread only. */
  task = g_task_new (NULL, self->busy, export_worker_done, g_steal_pointer (&outer));
  g_task_set_source_tag (task, sessio_invoice_dialog_export_async);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  sessio_worker_run (task, export_thread);
}

/**
 * sessio_invoice_dialog_export_finish:
 * @pdf_path: (out) (optional): where the PDF went
 */
gboolean
sessio_invoice_dialog_export_finish (SessioInvoiceDialog  *self,
                                     GAsyncResult         *result,
                                     char                **pdf_path,
                                     GError              **error)
{
  char *path;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  path = g_task_propagate_pointer (G_TASK (result), error);
  if (path == NULL)
    return FALSE;
  if (pdf_path != NULL)
    *pdf_path = path;
  else
    g_free (path);
  return TRUE;
}

static void
exported (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  SessioInvoiceDialog *self = SESSIO_INVOICE_DIALOG (source);
  g_autoptr(GError) error = NULL;

  if (sessio_invoice_dialog_export_finish (self, result, NULL, &error))
    {
      if (!self->disposed)
        toast (self, _("Saved as PDF, CSV and JSON"));
    }
  else if (!self->disposed && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
}

static void
folder_chosen (GtkNativeDialog     *chooser,
               int                  response,
               SessioInvoiceDialog *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (folder != NULL && (path = g_file_get_path (folder)) != NULL && !self->disposed)
    sessio_invoice_dialog_export_async (self, path, exported, NULL);
  g_object_unref (self);
}

static void
export_confirmed (SessioInvoiceDialog *self)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export the Invoice To"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (folder_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SessioInvoiceDialog *self = SESSIO_INVOICE_DIALOG (widget);
  g_auto(GStrv) fields = NULL;

  if (self->invoice == NULL || self->busy != NULL)
    return;
  fields = sessio_invoice_personal_fields (self->invoice);
  /* What will leave the machine, said before the user picks a folder. */
  confirm (self, _("Export the Invoice?"),
           _("The PDF, CSV and JSON files will contain these personal data:"),
           (const char * const *) fields, _("_Choose Folder…"), FALSE, export_confirmed);
}

/* -------------------------------------------------------------- print */

/* The pages are drawn once, by the code that writes the PDF, into
 * recording surfaces (in a worker); each printed page replays one, scaled
 * from points to the printer's units, so paper and PDF are the same
 * document. */
static void
begin_print (GtkPrintOperation *operation,
             GtkPrintContext   *context,
             GPtrArray         *pages)
{
  gtk_print_operation_set_n_pages (operation, (int) pages->len);
}

static void
draw_page (GtkPrintOperation *operation,
           GtkPrintContext   *context,
           int                page_nr,
           GPtrArray         *pages)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double scale = gtk_print_context_get_width (context) / SESSIO_INVOICE_PAGE_WIDTH;

  if (page_nr < 0 || (guint) page_nr >= pages->len)
    return;
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, g_ptr_array_index (pages, page_nr), 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
render_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *pages = sessio_invoice_render_pages (data, NULL, &error);

  if (pages == NULL)
    g_task_return_error (task, error);
  else if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_ptr_array_unref (pages);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, pages, (GDestroyNotify) g_ptr_array_unref);
}

static void
rendered (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(SessioInvoiceDialog) self = data;
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GtkPaperSize) a4 = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stem = NULL;

  end_busy (self);
  pages = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->disposed || self->invoice == NULL)
    return;
  if (pages == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  operation = gtk_print_operation_new ();
  setup = gtk_page_setup_new ();
  a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  stem = file_stem (self);
  gtk_print_operation_set_job_name (operation, stem);
  /* The operation may outlive this callback (the print dialog): it keeps
   * the pages. */
  g_object_set_data_full (G_OBJECT (operation), "sessio-pages", g_ptr_array_ref (pages),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print), pages);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page), pages);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    toast (self, error->message);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SessioInvoiceDialog *self = SESSIO_INVOICE_DIALOG (widget);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  SessioInvoice *invoice;

  if (self->invoice == NULL || self->invoice->state == SESSIO_INVOICE_STATE_DRAFT || self->busy != NULL)
    return;
  invoice = copy_for_worker (self, &error);
  if (invoice == NULL)
    {
      toast (self, error->message);
      return;
    }

  start_busy (self, _("Preparing the pages…"));
  /* No source object, as for the export: the window is held by the
   * callback's data, released on the main thread. */
  task = g_task_new (NULL, self->busy, rendered, g_object_ref (self));
  g_task_set_source_tag (task, print_action);
  g_task_set_task_data (task, invoice, (GDestroyNotify) sessio_invoice_free);
  sessio_worker_run (task, render_thread);
}

/* Hidden (closed, or by a lock, which destroys it a moment later): the
 * export or print being prepared is of no use any more. */
static void
sessio_invoice_dialog_unmap (GtkWidget *widget)
{
  SessioInvoiceDialog *self = SESSIO_INVOICE_DIALOG (widget);

  if (self->busy != NULL)
    g_cancellable_cancel (self->busy);
  GTK_WIDGET_CLASS (sessio_invoice_dialog_parent_class)->unmap (widget);
}

static void
sessio_invoice_dialog_dispose (GObject *object)
{
  SessioInvoiceDialog *self = SESSIO_INVOICE_DIALOG (object);

  /* Closed, or the vault locked: a worker in flight stops and removes
   * what it wrote.  It holds this object until it is done, and reads
   * only its own copy of the invoice. */
  self->disposed = TRUE;
  if (self->busy != NULL)
    g_cancellable_cancel (self->busy);
  g_clear_weak_pointer (&self->busy_toast);
  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_INVOICE_DIALOG);
  g_clear_object (&self->store);
  g_clear_pointer (&self->invoice, sessio_invoice_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (sessio_invoice_dialog_parent_class)->dispose (object);
}

static void
sessio_invoice_dialog_class_init (SessioInvoiceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_invoice_dialog_dispose;
  widget_class->unmap = sessio_invoice_dialog_unmap;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-invoice-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioInvoiceDialog, title);
  gtk_widget_class_bind_template_child (widget_class, SessioInvoiceDialog, details_group);
  gtk_widget_class_bind_template_child (widget_class, SessioInvoiceDialog, lines_group);
  gtk_widget_class_bind_template_child (widget_class, SessioInvoiceDialog, totals_group);
  gtk_widget_class_bind_template_child (widget_class, SessioInvoiceDialog, draft_box);
  gtk_widget_class_bind_template_child (widget_class, SessioInvoiceDialog, issued_box);
  gtk_widget_class_bind_template_child (widget_class, SessioInvoiceDialog, paid_button);
  gtk_widget_class_bind_template_child (widget_class, SessioInvoiceDialog, export_box);
  gtk_widget_class_bind_template_child (widget_class, SessioInvoiceDialog, toast_overlay);

  gtk_widget_class_install_action (widget_class, "invoice.issue", NULL, issue_action);
  gtk_widget_class_install_action (widget_class, "invoice.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "invoice.paid", NULL, paid_action);
  gtk_widget_class_install_action (widget_class, "invoice.undo-paid", NULL, undo_paid_action);
  gtk_widget_class_install_action (widget_class, "invoice.credit", NULL, credit_action);
  gtk_widget_class_install_action (widget_class, "invoice.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "invoice.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "invoice.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "invoice.print", NULL);
}

static void
sessio_invoice_dialog_init (SessioInvoiceDialog *self)
{
  self->rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self));
}

/**
 * sessio_invoice_dialog_new:
 *
 * Returns: (transfer floating): the invoice @invoice_id, or NULL with
 * @error when it cannot be read.
 */
SessioInvoiceDialog *
sessio_invoice_dialog_new (SessioInvoiceStore  *store,
                           gint64               invoice_id,
                           GError             **error)
{
  SessioInvoiceDialog *self;

  g_return_val_if_fail (SESSIO_IS_INVOICE_STORE (store), NULL);

  self = g_object_new (SESSIO_TYPE_INVOICE_DIALOG, NULL);
  self->store = g_object_ref (store);
  if (!reload (self, invoice_id, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  return self;
}
