/* sessio-receipt-dialog.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The patient's payment receipt (betalingsbewijs / reçu / Zahlungsbeleg)
 * for a month: every session held under the convention, free ones
 * included, with what the patient paid.  Shown before saving, with the
 * personal data the PDF will carry; the PDF is in the patient's
 * language.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "sessio-a11y.h"
#include "sessio-clock.h"
#include "sessio-format.h"
#include "sessio-invoice-export.h"
#include "sessio-labels.h"
#include "sessio-receipt-dialog.h"
#include "sessio-resources.h"
#include "sessio-worker.h"

struct _SessioReceiptDialog
{
  AdwWindow            parent_instance;

  SessioInvoiceStore  *store;
  gint64               patient_id;
  GDate                month;
  SessioReceipt       *receipt;

  GtkLabel            *month_label;
  AdwPreferencesGroup *lines_group;
  GtkLabel            *fields_label;
  GtkButton           *save_button;
  AdwToastOverlay     *toast_overlay;
  GPtrArray           *rows;

  GCancellable        *saving;     /* the save in a worker */
  gboolean             disposed;
};

G_DEFINE_FINAL_TYPE (SessioReceiptDialog, sessio_receipt_dialog, ADW_TYPE_WINDOW)

static void
show_receipt (SessioReceiptDialog *self)
{
  g_autofree char *month_text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) fields = NULL;
  g_autoptr(GString) fields_text = NULL;
  char from[11], to[11], month[8];

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->lines_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_clear_pointer (&self->receipt, sessio_receipt_free);

  /* Sessio's month names, as on the invoices page: not strftime()'s. */
  month_text = sessio_format_month (g_date_get_year (&self->month), g_date_get_month (&self->month));
  gtk_label_set_text (self->month_label, month_text);

  g_snprintf (month, sizeof month, "%04u-%02u", g_date_get_year (&self->month), g_date_get_month (&self->month));
  if (sessio_invoice_month_range (month, from, to))
    self->receipt = sessio_invoice_store_receipt (self->store, self->patient_id, from, to, 0, &error);

  if (self->receipt == NULL || self->receipt->lines == NULL || self->receipt->lines->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     error != NULL ? error->message : _("No session held under the convention this month"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->lines_group, row);
      g_ptr_array_add (self->rows, row);
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->fields_label), FALSE);
      return;
    }

  for (guint i = 0; i < self->receipt->lines->len; i++)
    {
      SessioReceiptLine *line = g_ptr_array_index (self->receipt->lines, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *amount = sessio_format_cents (line->copay_cents);
      g_autofree char *date = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *label = gtk_label_new (amount);
      SessioCare care;
      GDate d;

      date = sessio_date_parse_iso (line->date, &d) ? sessio_format_date (&d) : g_strdup (line->date);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), date);
      /* Whether the patient has paid is what the receipt is for. */
      subtitle = g_strdup_printf ("%s · %s",
                                  sessio_care_from_string (line->care, &care) ? sessio_care_get_label (care) : line->care,
                                  sessio_copay_received_get_label (line->copay_received != NULL ? line->copay_received
                                                                                                : "not-yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_preferences_group_add (self->lines_group, row);
      g_ptr_array_add (self->rows, row);
    }

  fields = sessio_receipt_personal_fields (self->receipt);
  fields_text = g_string_new (_("The PDF will contain these personal data:"));
  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    g_string_append_printf (fields_text, "\n• %s", fields[i]);
  gtk_label_set_text (self->fields_label, fields_text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->fields_label), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
}

char *
sessio_receipt_dialog_dup_month (SessioReceiptDialog *self)
{
  g_return_val_if_fail (SESSIO_IS_RECEIPT_DIALOG (self), NULL);

  return g_strdup_printf ("%04u-%02u", g_date_get_year (&self->month), g_date_get_month (&self->month));
}

void
sessio_receipt_dialog_set_month (SessioReceiptDialog *self,
                                 const char          *month)
{
  char from[11], to[11];
  GDate date;

  g_return_if_fail (SESSIO_IS_RECEIPT_DIALOG (self));

  if (sessio_invoice_month_range (month, from, to) && sessio_date_parse_iso (from, &date))
    {
      self->month = date;
      show_receipt (self);
    }
}

/* ------------------------------------------------------------- save */

typedef struct
{
  SessioReceipt *receipt;   /* read again on the main thread: the worker's own */
  char          *path;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_pointer (&job->receipt, sessio_receipt_free);
  g_free (job->path);
  g_free (job);
}

/* In a worker, as the invoice export: written beside @path under a
 * private name and renamed over it only when whole (the file chooser has
 * asked before replacing a file), so that a failure or a cancel never
 * leaves half a PDF. */
static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  SaveJob *job = data;
  g_autofree char *dir = g_path_get_dirname (job->path);
  g_autofree char *tmp = g_build_filename (dir, ".sessio-receipt-XXXXXX", NULL);
  GError *error = NULL;
  int fd = g_mkstemp_full (tmp, O_RDWR, 0600);

  if (fd < 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
      return;
    }
  close (fd);
  if (!sessio_receipt_write_pdf (job->receipt, NULL, tmp, &error) ||
      g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_unlink (tmp);
      g_task_return_error (task, error);
      return;
    }
  if (g_rename (tmp, job->path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s",
                               job->path, g_strerror (saved));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      data)
{
  g_autoptr(GTask) outer = data;
  SessioReceiptDialog *self = g_task_get_source_object (outer);
  GError *error = NULL;

  g_clear_object (&self->saving);
  if (!self->disposed)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "receipt.save", TRUE);
  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, error);
}

/**
 * sessio_receipt_dialog_save_async:
 * @path: the PDF to write
 *
 * Writes the receipt shown to @path in a worker (the file chooser's
 * answer ends here).  Fails with %SESSIO_ERROR_IN_USE while a save runs,
 * and with %G_IO_ERROR_CANCELLED when the window is closed meanwhile.
 */
void
sessio_receipt_dialog_save_async (SessioReceiptDialog *self,
                                  const char          *path,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  char from[11], to[11], month[8];
  SaveJob *job;

  g_return_if_fail (SESSIO_IS_RECEIPT_DIALOG (self));
  g_return_if_fail (path != NULL);

  outer = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (outer, sessio_receipt_dialog_save_async);
  if (self->saving != NULL)
    {
      g_task_return_new_error (outer, SESSIO_ERROR, SESSIO_ERROR_IN_USE, "%s",
                               _("The receipt is already being saved"));
      return;
    }
  if (self->receipt == NULL)
    {
      g_task_return_new_error (outer, SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND, "%s",
                               _("No session held under the convention this month"));
      return;
    }

  /* The worker's own copy, read now: it never touches the store. */
  job = g_new0 (SaveJob, 1);
  g_snprintf (month, sizeof month, "%04u-%02u", g_date_get_year (&self->month), g_date_get_month (&self->month));
  if (sessio_invoice_month_range (month, from, to))
    job->receipt = sessio_invoice_store_receipt (self->store, self->patient_id, from, to, 0, &error);
  if (job->receipt == NULL)
    {
      save_job_free (job);
      g_task_return_error (outer, error != NULL ? g_steal_pointer (&error)
                                                : g_error_new_literal (SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND,
                                                                       _("No session held under the convention this month")));
      return;
    }
  job->path = g_strdup (path);

  self->saving = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "receipt.save", FALSE);
  /* Without a source object (see sessio-invoice-dialog.c): the outer
   * task holds the window, on the main thread only. */
  task = g_task_new (NULL, self->saving, saved, g_steal_pointer (&outer));
  g_task_set_source_tag (task, sessio_receipt_dialog_save_async);
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  sessio_worker_run (task, save_thread);
}

gboolean
sessio_receipt_dialog_save_finish (SessioReceiptDialog  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  SessioReceiptDialog *self = SESSIO_RECEIPT_DIALOG (source);
  g_autoptr(GError) error = NULL;

  if (sessio_receipt_dialog_save_finish (self, result, &error))
    {
      if (!self->disposed)
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Receipt saved")));
    }
  else if (!self->disposed && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
month_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SessioReceiptDialog *self = SESSIO_RECEIPT_DIALOG (widget);

  if (g_variant_get_int32 (param) < 0)
    g_date_subtract_months (&self->month, 1);
  else
    g_date_add_months (&self->month, 1);
  show_receipt (self);
}

static void
file_chosen (GtkNativeDialog     *chooser,
             int                  response,
             SessioReceiptDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (file != NULL && (path = g_file_get_path (file)) != NULL && !self->disposed)
    sessio_receipt_dialog_save_async (self, path, save_done, NULL);
  g_object_unref (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SessioReceiptDialog *self = SESSIO_RECEIPT_DIALOG (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->receipt == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Save the Receipt"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  /* Translators: the file name of a receipt: "Receipt <patient> <YYYY-MM>.pdf" */
  name = g_strdup_printf (_("Receipt %s %04u-%02u.pdf"), self->receipt->patient_name,
                          g_date_get_year (&self->month), g_date_get_month (&self->month));
  g_strdelimit (name, "/\\:", '_');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (file_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

SessioReceiptDialog *
sessio_receipt_dialog_new (SessioPatientStore *store,
                           gint64              patient_id)
{
  SessioReceiptDialog *self;
  g_autoptr(GDateTime) now = sessio_clock_now_local ();

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (store), NULL);

  self = g_object_new (SESSIO_TYPE_RECEIPT_DIALOG, NULL);
  self->store = sessio_invoice_store_new (store, NULL);
  self->patient_id = patient_id;
  /* The last month with a session held for this patient: a receipt is
   * asked for what was just paid; the month under way when there is
   * none yet. */
  g_date_clear (&self->month, 1);
  g_date_set_dmy (&self->month, 1, (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
  {
    g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
    g_autoptr(SessioReceipt) all = sessio_invoice_store_receipt (self->store, patient_id, "1900-01-01", today, 0, NULL);
    const char *last = NULL;
    GDate date;

    for (guint i = 0; all != NULL && all->lines != NULL && i < all->lines->len; i++)
      {
        SessioReceiptLine *line = g_ptr_array_index (all->lines, i);

        if (last == NULL || g_strcmp0 (line->date, last) > 0)
          last = line->date;
      }
    if (last != NULL && sessio_date_parse_iso (last, &date))
      g_date_set_dmy (&self->month, 1, g_date_get_month (&date), g_date_get_year (&date));
  }
  show_receipt (self);
  return self;
}

static void
sessio_receipt_dialog_dispose (GObject *object)
{
  SessioReceiptDialog *self = SESSIO_RECEIPT_DIALOG (object);

  /* A save in flight stops and removes its file; it holds this object. */
  self->disposed = TRUE;
  if (self->saving != NULL)
    g_cancellable_cancel (self->saving);
  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_RECEIPT_DIALOG);
  g_clear_object (&self->store);
  g_clear_pointer (&self->receipt, sessio_receipt_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (sessio_receipt_dialog_parent_class)->dispose (object);
}

static void
sessio_receipt_dialog_class_init (SessioReceiptDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_receipt_dialog_dispose;

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-receipt-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioReceiptDialog, month_label);
  gtk_widget_class_bind_template_child (widget_class, SessioReceiptDialog, lines_group);
  gtk_widget_class_bind_template_child (widget_class, SessioReceiptDialog, fields_label);
  gtk_widget_class_bind_template_child (widget_class, SessioReceiptDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, SessioReceiptDialog, toast_overlay);

  gtk_widget_class_install_action (widget_class, "receipt.month", "i", month_action);
  gtk_widget_class_install_action (widget_class, "receipt.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sessio_receipt_dialog_init (SessioReceiptDialog *self)
{
  self->rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self));
}
