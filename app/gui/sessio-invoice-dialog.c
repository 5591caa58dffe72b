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
#include <glib/gstdio.h>
#include <time.h>

#include "sessio-a11y.h"
#include "sessio-date-row.h"
#include "sessio-format.h"
#include "sessio-invoice-dialog.h"
#include "sessio-invoice-export.h"
#include "sessio-resources.h"

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

  for (guint i = 0; invoice->lines != NULL && i < invoice->lines->len; i++)
    add_line (self, g_ptr_array_index (invoice->lines, i));

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

gboolean
sessio_invoice_dialog_export_to (SessioInvoiceDialog  *self,
                                 const char           *folder,
                                 char                **pdf_path,
                                 GError              **error)
{
  g_autofree char *stem = file_stem (self);
  const char *extensions[] = { ".pdf", ".csv", ".json" };
  char *paths[3] = { NULL, NULL, NULL };
  gboolean ok = FALSE;

  g_return_val_if_fail (SESSIO_IS_INVOICE_DIALOG (self), FALSE);

  /* Never over an earlier export: "Invoice 2025-0007 (2).pdf". */
  for (guint n = 1; n < 100; n++)
    {
      gboolean free_name = TRUE;

      for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
        {
          g_autofree char *name = n == 1 ? g_strconcat (stem, extensions[i], NULL)
                                         : g_strdup_printf ("%s (%u)%s", stem, n, extensions[i]);

          g_free (paths[i]);
          paths[i] = g_build_filename (folder, name, NULL);
          free_name = free_name && !g_file_test (paths[i], G_FILE_TEST_EXISTS);
        }
      if (free_name)
        break;
    }

  ok = sessio_invoice_write_pdf (self->invoice, NULL, paths[0], error) &&
       sessio_invoice_write_csv (self->invoice, paths[1], error) &&
       sessio_invoice_write_json (self->invoice, paths[2], error);
  if (!ok)
    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      g_unlink (paths[i]);
  if (ok && pdf_path != NULL)
    *pdf_path = g_strdup (paths[0]);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_free (paths[i]);
  return ok;
}

static void
folder_chosen (GtkNativeDialog     *chooser,
               int                  response,
               SessioInvoiceDialog *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (folder != NULL && (path = g_file_get_path (folder)) != NULL && self->invoice != NULL)
    {
      if (sessio_invoice_dialog_export_to (self, path, NULL, &error))
        toast (self, _("Saved as PDF, CSV and JSON"));
      else
        toast (self, error->message);
    }
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
  g_auto(GStrv) fields = sessio_invoice_personal_fields (self->invoice);

  /* What will leave the machine, said before the user picks a folder. */
  confirm (self, _("Export the Invoice?"),
           _("The PDF, CSV and JSON files will contain these personal data:"),
           (const char * const *) fields, _("_Choose Folder…"), FALSE, export_confirmed);
}

/* -------------------------------------------------------------- print */

/* The pages are drawn once, by the code that writes the PDF, into
 * recording surfaces; each printed page replays one, scaled from points
 * to the printer's units, so paper and PDF are the same document. */
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
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SessioInvoiceDialog *self = SESSIO_INVOICE_DIALOG (widget);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stem = NULL;

  if (self->invoice == NULL || self->invoice->state == SESSIO_INVOICE_STATE_DRAFT)
    return;

  pages = sessio_invoice_render_pages (self->invoice, NULL, &error);
  if (pages == NULL)
    {
      toast (self, error->message);
      return;
    }

  operation = gtk_print_operation_new ();
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
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print), pages);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page), pages);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    toast (self, error->message);
}

static void
sessio_invoice_dialog_dispose (GObject *object)
{
  SessioInvoiceDialog *self = SESSIO_INVOICE_DIALOG (object);

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
