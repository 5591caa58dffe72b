/* sessio-invoices-page.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Invoices section: for a network and a month, the held sessions not
 * yet invoiced (highlighted, so nothing is forgotten) and a button that
 * drafts the invoice; below, every invoice and credit note with its state
 * and total.  Opening one shows its lines and what can be done with it at
 * its stage: issue or delete a draft, mark paid or credit an issued one,
 * export and print.
 *
 * Without a store (the vault is locked) the page shows nothing and holds
 * no patient data.  A session logged or changed elsewhere changes what is
 * not yet invoiced: the page reads the store again at once when shown,
 * else when it is next shown.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sessio-a11y.h"
#include "sessio-clock.h"
#include "sessio-format.h"
#include "sessio-invoice-dialog.h"
#include "sessio-invoices-page.h"
#include "sessio-labels.h"
#include "sessio-resources.h"

struct _SessioInvoicesPage
{
  AdwBin               parent_instance;

  SessioInvoiceStore  *store;
  GArray              *engagement_ids;   /* gint64, in combo order */
  GDate                month;            /* its first day */
  gboolean             dirty;            /* the patient file changed while hidden */

  AdwComboRow         *engagement_row;
  GtkLabel            *month_label;
  AdwActionRow        *uninvoiced_row;
  GtkButton           *draft_button;
  GtkListBox          *uninvoiced_list;
  GtkListBox          *invoices_list;
  GtkStack            *stack;
};

G_DEFINE_FINAL_TYPE (SessioInvoicesPage, sessio_invoices_page, ADW_TYPE_BIN)

static void
month_range (SessioInvoicesPage *self,
             char                from[11],
             char                to[11])
{
  GDate last = self->month;

  g_date_set_day (&last, g_date_get_days_in_month (g_date_get_month (&self->month),
                                                  g_date_get_year (&self->month)));
  g_snprintf (from, 11, "%04u-%02u-%02u", g_date_get_year (&self->month), g_date_get_month (&self->month), 1u);
  g_snprintf (to, 11, "%04u-%02u-%02u", g_date_get_year (&last), g_date_get_month (&last), g_date_get_day (&last));
}

static gint64
current_engagement (SessioInvoicesPage *self)
{
  guint i = adw_combo_row_get_selected (self->engagement_row);

  return i < self->engagement_ids->len ? g_array_index (self->engagement_ids, gint64, i) : 0;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static char *
format_iso (const char *iso)
{
  GDate date;

  if (iso == NULL || !sessio_date_parse_iso (iso, &date))
    return g_strdup (iso != NULL ? iso : "");
  return sessio_format_date (&date);
}

/* "support, individual" in the user's words. */
static const char *
care_label (const char *care)
{
  SessioCare id;

  if (care != NULL && sessio_care_from_string (care, &id))
    return sessio_care_get_label (id);
  return care != NULL ? care : "";
}

static void
show_uninvoiced (SessioInvoicesPage *self)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *month_text = NULL;
  char from[11], to[11];
  gint64 total = 0;
  guint n_sessions = 0;

  clear_list (self->uninvoiced_list);

  /* Sessio's month names, not strftime()'s: a system without the nl/fr/de
   * C locales would say "November 2026" in every language. */
  month_text = sessio_format_month (g_date_get_year (&self->month), g_date_get_month (&self->month));
  gtk_label_set_text (self->month_label, month_text);

  if (self->store == NULL || current_engagement (self) <= 0)
    {
      adw_action_row_set_subtitle (self->uninvoiced_row, "");
      gtk_widget_set_sensitive (GTK_WIDGET (self->draft_button), FALSE);
      return;
    }

  month_range (self, from, to);
  lines = sessio_invoice_store_list_uninvoiced (self->store, current_engagement (self), from, to, NULL);
  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      SessioInvoiceLine *line = g_ptr_array_index (lines, i);

      if (line->session_id > 0)
        n_sessions++;
      total += line->amount_cents;
    }
  /* Rows as the invoice window makes them: the first ones, then a count
   * (a month of thousands of sessions froze the window for seconds). */
  for (guint i = 0; lines != NULL && i < MIN (lines->len, SESSIO_INVOICE_ROWS_SHOWN); i++)
    {
      SessioInvoiceLine *line = g_ptr_array_index (lines, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *date = format_iso (line->date);
      g_autofree char *amount = sessio_format_cents (line->amount_cents);
      g_autofree char *title = NULL;
      GtkWidget *label = gtk_label_new (amount);


      if (g_strcmp0 (line->setting, "group") == 0)
        /* Translators: an invoice line of a group session: "<date> — group, <n> participants" */
        title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — group, %u participant", "%s — group, %u participants",
                                              line->participants != NULL ? line->participants->len : 0),
                                 date, line->participants != NULL ? line->participants->len : 0);
      else
        title = g_strdup_printf ("%s — %s", date, line->patient_name != NULL ? line->patient_name : "");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), care_label (line->care));
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_list_box_append (self->uninvoiced_list, row);
    }
  if (lines != NULL && lines->len > SESSIO_INVOICE_ROWS_SHOWN)
    {
      guint more = lines->len - SESSIO_INVOICE_ROWS_SHOWN;
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more line", "And %u more lines",
                                                            more), more);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->uninvoiced_list, row);
    }

  if (n_sessions == 0)
    {
      adw_action_row_set_subtitle (self->uninvoiced_row, _("Every held session of this month is invoiced"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->uninvoiced_row), "accent");
      gtk_widget_set_visible (GTK_WIDGET (self->uninvoiced_list), FALSE);
    }
  else
    {
      g_autofree char *sum = sessio_format_cents (total);
      g_autofree char *text = NULL;

      /* Translators: "<n> sessions not yet invoiced, <amount> to claim" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u session not yet invoiced, %s to claim",
                                           "%u sessions not yet invoiced, %s to claim", n_sessions),
                              n_sessions, sum);
      adw_action_row_set_subtitle (self->uninvoiced_row, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->uninvoiced_row), "accent");
      gtk_widget_set_visible (GTK_WIDGET (self->uninvoiced_list), TRUE);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->draft_button), n_sessions > 0);
}

static GtkWidget *
invoice_row (SessioInvoice *invoice)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *state = gtk_label_new (sessio_invoice_state_get_label (invoice->state));
  GtkWidget *total_label;
  g_autofree char *total = sessio_format_cents (invoice->total_cents);
  g_autofree char *from = format_iso (invoice->period_from);
  g_autofree char *to = format_iso (invoice->period_to);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (g_strcmp0 (invoice->kind, "credit-note") == 0)
    /* Translators: "Credit note 2025-0008 for 2025-0007" */
    title = g_strdup_printf (_("Credit note %s for %s"), invoice->number ? invoice->number : "",
                             invoice->credits_number ? invoice->credits_number : "");
  else if (invoice->number != NULL)
    /* Translators: an invoice with its number */
    title = g_strdup_printf (_("Invoice %s"), invoice->number);
  else
    title = g_strdup (_("Draft invoice"));

  /* Translators: "<network>, <from> to <to>, <n> lines" */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %s to %s, %u line", "%s, %s to %s, %u lines",
                                           invoice->n_lines),
                              invoice->network_name ? invoice->network_name : "", from, to, invoice->n_lines);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  total_label = gtk_label_new (total);
  gtk_widget_add_css_class (total_label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), total_label);

  gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (state, "invoice-state");
  gtk_widget_add_css_class (state, sessio_invoice_state_to_string (invoice->state));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "invoices.open");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", invoice->id);
  return row;
}

static void
show_invoices (SessioInvoicesPage *self)
{
  g_autoptr(GPtrArray) invoices = NULL;

  clear_list (self->invoices_list);
  if (self->store != NULL)
    invoices = sessio_invoice_store_list (self->store, 0, NULL);

  for (guint i = 0; invoices != NULL && i < invoices->len; i++)
    gtk_list_box_append (self->invoices_list, invoice_row (g_ptr_array_index (invoices, i)));

  if (invoices == NULL || invoices->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No invoices yet"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->invoices_list, row);
    }
}

static void
fill_engagements (SessioInvoicesPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) engagements = NULL;

  g_array_set_size (self->engagement_ids, 0);
  if (self->store != NULL)
    engagements = sessio_patient_store_list_engagements (sessio_invoice_store_get_patients (self->store), NULL);
  for (guint i = 0; engagements != NULL && i < engagements->len; i++)
    {
      SessioEngagement *engagement = g_ptr_array_index (engagements, i);

      gtk_string_list_append (names, engagement->network_name);
      g_array_append_val (self->engagement_ids, engagement->id);
    }
  adw_combo_row_set_model (self->engagement_row, G_LIST_MODEL (names));
}

/**
 * sessio_invoices_page_reload:
 *
 * Reads the store again, after a change here or elsewhere.
 */
void
sessio_invoices_page_reload (SessioInvoicesPage *self)
{
  g_return_if_fail (SESSIO_IS_INVOICES_PAGE (self));

  self->dirty = FALSE;
  gtk_stack_set_visible_child_name (self->stack, self->store != NULL ? "invoices" : "empty");
  show_uninvoiced (self);
  show_invoices (self);
}

static void
patients_changed (SessioInvoicesPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    sessio_invoices_page_reload (self);
  else
    self->dirty = TRUE;
}

void
sessio_invoices_page_set_store (SessioInvoicesPage *self,
                                SessioInvoiceStore *store)
{
  g_return_if_fail (SESSIO_IS_INVOICES_PAGE (self));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (sessio_invoice_store_get_patients (self->store),
                                          patients_changed, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (sessio_invoice_store_get_patients (store), "changed",
                             G_CALLBACK (patients_changed), self, G_CONNECT_SWAPPED);
  fill_engagements (self);
  sessio_invoices_page_reload (self);
}

void
sessio_invoices_page_set_month (SessioInvoicesPage *self,
                                const char         *month)
{
  char from[11], to[11];
  GDate date;

  g_return_if_fail (SESSIO_IS_INVOICES_PAGE (self));

  if (!sessio_invoice_month_range (month, from, to) || !sessio_date_parse_iso (from, &date))
    return;
  self->month = date;
  show_uninvoiced (self);
}

static void
toast (SessioInvoicesPage *self,
       const char         *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static void
engagement_changed (SessioInvoicesPage *self)
{
  show_uninvoiced (self);
}

static void
month_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SessioInvoicesPage *self = SESSIO_INVOICES_PAGE (widget);
  int step = g_variant_get_int32 (param);

  if (step < 0)
    g_date_subtract_months (&self->month, 1);
  else
    g_date_add_months (&self->month, 1);
  show_uninvoiced (self);
}

static void
dialog_changed (SessioInvoicesPage *self)
{
  sessio_invoices_page_reload (self);
}

static void
open_invoice (SessioInvoicesPage *self,
              gint64              id)
{
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  SessioInvoiceDialog *dialog;

  dialog = sessio_invoice_dialog_new (self->store, id, &error);
  if (dialog == NULL)
    {
      toast (self, error->message);
      return;
    }
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (dialog_changed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  open_invoice (SESSIO_INVOICES_PAGE (widget), g_variant_get_int64 (param));
}

static void
draft_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SessioInvoicesPage *self = SESSIO_INVOICES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  char from[11], to[11];
  gint64 id;

  if (self->store == NULL)
    return;
  month_range (self, from, to);
  id = sessio_invoice_store_draft (self->store, current_engagement (self), from, to, &error);
  if (id <= 0)
    {
      toast (self, error->message);
      return;
    }
  sessio_invoices_page_reload (self);
  open_invoice (self, id);
}

static void
sessio_invoices_page_map (GtkWidget *widget)
{
  SessioInvoicesPage *self = SESSIO_INVOICES_PAGE (widget);

  GTK_WIDGET_CLASS (sessio_invoices_page_parent_class)->map (widget);
  if (self->dirty)
    sessio_invoices_page_reload (self);
}

static void
sessio_invoices_page_dispose (GObject *object)
{
  SessioInvoicesPage *self = SESSIO_INVOICES_PAGE (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->engagement_ids, g_array_unref);

  G_OBJECT_CLASS (sessio_invoices_page_parent_class)->dispose (object);
}

static void
sessio_invoices_page_class_init (SessioInvoicesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_invoices_page_dispose;
  widget_class->map = sessio_invoices_page_map;

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-invoices-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioInvoicesPage, engagement_row);
  gtk_widget_class_bind_template_child (widget_class, SessioInvoicesPage, month_label);
  gtk_widget_class_bind_template_child (widget_class, SessioInvoicesPage, uninvoiced_row);
  gtk_widget_class_bind_template_child (widget_class, SessioInvoicesPage, draft_button);
  gtk_widget_class_bind_template_child (widget_class, SessioInvoicesPage, uninvoiced_list);
  gtk_widget_class_bind_template_child (widget_class, SessioInvoicesPage, invoices_list);
  gtk_widget_class_bind_template_child (widget_class, SessioInvoicesPage, stack);
  gtk_widget_class_bind_template_callback (widget_class, engagement_changed);

  gtk_widget_class_install_action (widget_class, "invoices.month", "i", month_action);
  gtk_widget_class_install_action (widget_class, "invoices.draft", NULL, draft_action);
  gtk_widget_class_install_action (widget_class, "invoices.open", "x", open_action);
}

static void
sessio_invoices_page_init (SessioInvoicesPage *self)
{
  g_autoptr(GDateTime) now = sessio_clock_now_local ();

  self->engagement_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* The month just ended is the one invoiced. */
  g_date_clear (&self->month, 1);
  g_date_set_dmy (&self->month, 1, (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
  g_date_subtract_months (&self->month, 1);

  gtk_widget_init_template (GTK_WIDGET (self));
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self));
}
