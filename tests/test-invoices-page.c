/* test-invoices-page.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Invoices section on a real vault filled like the demo (an
 * independent psychologist's adults and a CLB's pupils): a month's
 * sessions not yet invoiced are shown, a draft is made from them, issued
 * after confirmation (numbered), exported as PDF, CSV and JSON (the PDF
 * read back with pdftotext), marked paid; the month then has nothing
 * left to invoice.  A deleted draft leaves no gap in the numbering.  The
 * patient's receipt is saved from its dialog.  Screenshots of the page
 * and the invoice are saved for review.
 *
 * The export runs in a worker: while it runs the window answers (another
 * section opens), a second export is refused, and locking the vault in
 * the middle leaves no partial file (nor the worker's private folder)
 * and no crash.  Printing renders in a worker too; the receipt is saved
 * in one.  A month of more lines than the windows make rows for shows the
 * first ones and a count.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gui-test-util.h"
#include "sessio-devdata.h"
#include "sessio-invoice-dialog.h"
#include "sessio-invoices-page.h"
#include "sessio-receipt-dialog.h"
#include "sessio-window.h"
#include "sessio-worker.h"

typedef struct
{
  char                *dir;
  SessioWindow        *window;
  SessioInvoicesPage  *page;
} Fixture;

static gboolean
vault_txn (gpointer          user_data,
           SessioDevdataTxn  what,
           GError          **error)
{
  SessioVault *vault = user_data;

  switch (what)
    {
    case SESSIO_DEVDATA_BEGIN:
      return sessio_vault_begin (vault, error);
    case SESSIO_DEVDATA_COMMIT:
      return sessio_vault_commit (vault, error);
    case SESSIO_DEVDATA_ROLLBACK:
    default:
      sessio_vault_rollback (vault);
      return TRUE;
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *vault_dir = NULL;
  g_autoptr(SessioVault) vault = NULL;
  g_autoptr(GError) error = NULL;
  /* 60 patients, 900 sessions, ending on 30 June 2025 (fixed). */
  SessioDevdataOptions options = { 60, 900, 2026, 10, 0 };

  f->dir = test_make_tmpdir ();
  vault_dir = g_build_filename (f->dir, "vault", NULL);
  vault = test_create_vault (vault_dir, NULL);
  g_assert_true (sessio_devdata_generate (sessio_vault_get_db (vault), &options, vault_txn, vault, &error));
  g_assert_no_error (error);

  f->window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
  sessio_window_set_vault (f->window, vault);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "invoices"));
  f->page = (gpointer) sessio_window_get_section (f->window, "invoices");
  sessio_invoices_page_set_month (f->page, "2025-05");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sessio_window_lock (f->window);
  g_assert_true (gui_test_wait (gui_test_window_done_closing, f->window));
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_object_unref (f->window);
  test_rm_rf (f->dir);
  g_free (f->dir);
}

static guint
n_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* Picks the independent psychologist's network: the one that invoices
 * co-payments (the demo's second). */
static void
choose_independent (Fixture *f)
{
  adw_combo_row_set_selected (gui_test_child (f->page, SESSIO_TYPE_INVOICES_PAGE, "engagement_row"), 1);
}

static const char *
uninvoiced_text (Fixture *f)
{
  return adw_action_row_get_subtitle (gui_test_child (f->page, SESSIO_TYPE_INVOICES_PAGE, "uninvoiced_row"));
}

static SessioInvoiceDialog *
draft (Fixture *f)
{
  SessioInvoiceDialog *dialog;

  g_assert_true (gtk_widget_get_sensitive (gui_test_child (f->page, SESSIO_TYPE_INVOICES_PAGE, "draft_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "invoices.draft", NULL));
  dialog = gui_test_find_toplevel (SESSIO_TYPE_INVOICE_DIALOG);
  g_assert_nonnull (dialog);
  return dialog;
}

static void
respond_to_confirmation (const char *response)
{
  AdwMessageDialog *ask = gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  g_assert_nonnull (ask);
  adw_message_dialog_response (ask, response);
  gtk_window_destroy (GTK_WINDOW (ask));
}

/* ------------------------------------------------- the export's worker */

typedef struct
{
  gboolean  done;
  char     *pdf;
  GError   *error;
} Export;

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Export *export = data;

  sessio_invoice_dialog_export_finish (SESSIO_INVOICE_DIALOG (source), result, &export->pdf, &export->error);
  export->done = TRUE;
}

static gboolean
export_finished (gpointer data)
{
  return ((Export *) data)->done;
}

static void
export_clear (Export *export)
{
  g_clear_pointer (&export->pdf, g_free);
  g_clear_error (&export->error);
  export->done = FALSE;
}

/* Starts the export the file chooser's answer starts, and waits for it. */
static char *
export_and_wait (SessioInvoiceDialog *dialog,
                 const char          *folder)
{
  Export export = { FALSE, NULL, NULL };

  sessio_invoice_dialog_export_async (dialog, folder, export_done, &export);
  g_assert_true (gui_test_wait (export_finished, &export));
  g_assert_no_error (export.error);
  g_assert_nonnull (export.pdf);
  return export.pdf;
}

static gboolean
no_worker_running (gpointer data)
{
  return sessio_worker_get_n_running () == 0;
}

static guint
n_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_draft_issue_export_pay (Fixture       *f,
                             gconstpointer  data)
{
  SessioInvoiceDialog *dialog;
  g_autofree char *out_dir = test_make_tmpdir ();
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  AdwWindowTitle *title;
  GStatBuf st;

  choose_independent (f);
  g_assert_nonnull (strstr (uninvoiced_text (f), "not yet invoiced"));
  g_assert_cmpuint (n_children (gui_test_child (f->page, SESSIO_TYPE_INVOICES_PAGE, "uninvoiced_list")), >, 1);
  gui_test_settle (f->window);
  gui_test_save_png (f->window, "invoices-page-before");

  dialog = draft (f);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  title = gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG, "title");
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "Draft invoice");
  g_assert_true (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG, "draft_box")));
  g_assert_false (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG, "export_box")));

  /* Issue asks first; cancel leaves a draft. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "invoice.issue", NULL));
  respond_to_confirmation ("cancel");
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "Draft invoice");

  /* Closed unissued, the draft waits, and the page's button opens it:
   * the next step stays in sight. */
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &dialog));
  g_assert_cmpstr (uninvoiced_text (f), ==, "This month’s draft invoice is waiting: check it and issue it");
  g_assert_cmpstr (gtk_button_get_label (gui_test_child (f->page, SESSIO_TYPE_INVOICES_PAGE, "draft_button")),
                   ==, "_Open Draft");
  dialog = draft (f);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  title = gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG, "title");
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "Draft invoice");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "invoice.issue", NULL));
  {
    AdwMessageDialog *ask = gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    const char *body = adw_message_dialog_get_body (ask);
    guint n_lines = 0;

    /* The confirmation repeats what is about to be fixed for good: "12
     * lines, €1,234.00 claimed in all." */
    g_assert_cmpint (sscanf (body, "%u lines, €", &n_lines), ==, 1);
    g_assert_cmpuint (n_lines, >, 1);
    g_assert_nonnull (strstr (body, " claimed in all. It gets the next number"));
    /* The network's recipient is known: nothing to warn about. */
    g_assert_null (strstr (body, "It names no recipient"));
  }
  respond_to_confirmation ("yes");
  g_assert_true (g_str_has_prefix (adw_window_title_get_title (title), "Invoice "));
  g_assert_true (g_str_has_suffix (adw_window_title_get_title (title), "-0001"));
  g_assert_true (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG, "issued_box")));
  gui_test_settle (dialog);
  gui_test_save_png (dialog, "invoice-issued");

  /* Export: three files, private, the PDF carrying the number. */
  pdf = export_and_wait (dialog, out_dir);
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  text = test_pdf_text (pdf);
  g_assert_nonnull (strstr (text, adw_window_title_get_title (title) + strlen ("Invoice ")));
  g_assert_nonnull (strstr (text, "1-23456-78-901"));   /* the provider's RIZIV number */
  csv_path = g_strconcat (out_dir, "/", adw_window_title_get_title (title), ".csv", NULL);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_cmpuint (strlen (csv), >, 100);

  /* A second export never overwrites the first. */
  {
    g_autofree char *second = NULL;

    second = export_and_wait (dialog, out_dir);
    g_assert_cmpstr (second, !=, pdf);
    g_assert_true (g_str_has_suffix (second, " (2).pdf"));
  }

  /* Mark as paid asks for the day the payment came; the destructive
   * Credit comes second. */
  g_assert_true (gtk_widget_get_first_child (gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG, "issued_box")) ==
                 gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG, "paid_button"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "invoice.paid", NULL));
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "issued");
  respond_to_confirmation ("paid");
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "paid");
  g_assert_false (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG, "paid_button")));
  /* Paid, it can still be credited. */
  g_assert_true (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG, "issued_box")));
  gui_test_settle (dialog);
  gui_test_save_png (dialog, "invoice-paid");

  /* The toast's Undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "invoice.undo-paid", NULL));
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "issued");
  g_assert_true (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG, "paid_button")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "invoice.paid", NULL));
  respond_to_confirmation ("paid");
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "paid");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The month has nothing left to invoice; the list shows the invoice. */
  g_assert_cmpstr (uninvoiced_text (f), ==, "Every held session of this month is invoiced");
  g_assert_false (gtk_widget_get_sensitive (gui_test_child (f->page, SESSIO_TYPE_INVOICES_PAGE, "draft_button")));
  g_assert_cmpuint (n_children (gui_test_child (f->page, SESSIO_TYPE_INVOICES_PAGE, "invoices_list")), ==, 1);
  gui_test_settle (f->window);
  gui_test_save_png (f->window, "invoices-page-after");

  /* A session logged elsewhere in that month shows at once as not yet
   * invoiced: the page follows the patient file. */
  {
    SessioPatientStore *store = sessio_window_get_store (f->window);
    g_autoptr(GPtrArray) engagements = sessio_patient_store_list_engagements (store, NULL);
    g_autoptr(GError) error = NULL;
    SessioPatient patient = { 0 };
    SessioTrajectory trajectory = { 0 };
    SessioSession session = { 0 };

    patient.name = (char *) "Wout Laatkomer";
    patient.birth_date = (char *) "1981-04-04";
    trajectory.patient_id = sessio_patient_store_add_patient (store, &patient, &error);
    g_assert_no_error (error);
    trajectory.engagement_id = ((SessioEngagement *) g_ptr_array_index (engagements, 1))->id;
    trajectory.start_date = (char *) "2025-05-01";
    session.trajectory_id = sessio_patient_store_add_trajectory (store, &trajectory, &error);
    g_assert_no_error (error);
    session.starts_at = (char *) "2025-05-20T10:00";
    session.care = (char *) "support";
    session.setting = (char *) "individual";
    g_assert_cmpint (sessio_patient_store_add_session (store, &session, &error), >, 0);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (uninvoiced_text (f), "1 session not yet invoiced"));
  }

  test_rm_rf (out_dir);
}

/* Deleting a draft returns its sessions and leaves no gap. */
static void
test_delete_draft_no_gap (Fixture       *f,
                          gconstpointer  data)
{
  SessioInvoiceDialog *dialog;

  choose_independent (f);
  dialog = draft (f);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "invoice.delete", NULL));
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &dialog));
  g_assert_nonnull (strstr (uninvoiced_text (f), "not yet invoiced"));

  sessio_invoices_page_set_month (f->page, "2025-04");
  dialog = draft (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "invoice.issue", NULL));
  respond_to_confirmation ("yes");
  g_assert_true (g_str_has_suffix (adw_window_title_get_title (gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG, "title")),
                                   "-0001"));

  /* Credit: the credit note is shown, numbered next. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "invoice.credit", NULL));
  respond_to_confirmation ("yes");
  g_assert_true (g_str_has_prefix (adw_window_title_get_title (gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG, "title")),
                                   "Credit note "));
  g_assert_nonnull (strstr (adw_window_title_get_title (gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG, "title")),
                            "-0002 for "));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The credited sessions can be invoiced again. */
  g_assert_nonnull (strstr (uninvoiced_text (f), "not yet invoiced"));
}

/* An issued invoice of the fixture, its dialog open. */
static SessioInvoiceDialog *
issued (Fixture *f)
{
  SessioInvoiceDialog *dialog;

  choose_independent (f);
  dialog = draft (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "invoice.issue", NULL));
  respond_to_confirmation ("yes");
  g_assert_false (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG, "draft_box")));
  return dialog;
}

/* While the worker renders, the window answers, and Export and Print
 * are off: a second export is refused, not run over the first. */
static void
test_export_in_worker (Fixture       *f,
                       gconstpointer  data)
{
  SessioInvoiceDialog *dialog = issued (f);
  g_autofree char *out_dir = test_make_tmpdir ();
  g_autofree char *text = NULL;
  Export first = { FALSE, NULL, NULL }, second = { FALSE, NULL, NULL };
  const char *number = adw_window_title_get_title (gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG, "title"))
                       + strlen ("Invoice ");

  sessio_invoice_dialog_export_async (dialog, out_dir, export_done, &first);
  /* The worker's end comes through the main loop, which has not run. */
  g_assert_true (sessio_invoice_dialog_is_busy (dialog));
  g_assert_cmpuint (sessio_worker_get_n_running (), ==, 1);
  g_assert_false (gtk_widget_is_sensitive (gtk_widget_get_first_child (gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG,
                                                                                      "export_box"))));

  sessio_invoice_dialog_export_async (dialog, out_dir, export_done, &second);

  /* The main window answers meanwhile. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "agenda"));
  g_assert_cmpstr (sessio_window_get_visible_section (f->window), ==, "agenda");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "invoices"));

  g_assert_true (gui_test_wait (export_finished, &second));
  g_assert_error (second.error, SESSIO_ERROR, SESSIO_ERROR_IN_USE);
  g_assert_null (second.pdf);
  g_assert_true (gui_test_wait (export_finished, &first));
  g_assert_no_error (first.error);
  g_assert_false (sessio_invoice_dialog_is_busy (dialog));
  g_assert_true (gtk_widget_is_sensitive (gtk_widget_get_first_child (gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG,
                                                                                     "export_box"))));
  g_assert_true (g_str_has_suffix (first.pdf, ".pdf"));
  text = test_pdf_text (first.pdf);
  g_assert_nonnull (strstr (text, number));
  /* The PDF, the CSV and the JSON; nothing else (the worker's folder is gone). */
  g_assert_cmpuint (n_files (out_dir), ==, 3);
  g_assert_true (gui_test_wait (no_worker_running, NULL));

  export_clear (&first);
  export_clear (&second);
  gtk_window_destroy (GTK_WINDOW (dialog));
  test_rm_rf (out_dir);
}

/* Locking in the middle of an export: the dialog closes, the worker is
 * cancelled and removes what it wrote; the vault closes under it without
 * harm, as the worker reads only its own copy of the invoice. */
static void
test_lock_during_export (Fixture       *f,
                         gconstpointer  data)
{
  SessioInvoiceDialog *dialog = issued (f);
  g_autofree char *out_dir = test_make_tmpdir ();
  Export export = { FALSE, NULL, NULL };

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  sessio_invoice_dialog_export_async (dialog, out_dir, export_done, &export);
  g_assert_true (sessio_invoice_dialog_is_busy (dialog));
  sessio_window_lock (f->window);

  g_assert_true (gui_test_wait (export_finished, &export));
  g_assert_true (gui_test_wait (no_worker_running, NULL));
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &dialog));
  g_assert_true (gui_test_wait (gui_test_window_done_closing, f->window));
  /* Cancelled, nothing written; or, on a machine so busy that the worker
   * was done before the lock came, the three whole files.  Never a part. */
  if (export.pdf == NULL)
    {
      g_assert_error (export.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpuint (n_files (out_dir), ==, 0);
    }
  else
    {
      g_autofree char *text = test_pdf_text (export.pdf);

      g_test_message ("the export was done before the lock");
      g_assert_cmpuint (strlen (text), >, 100);
      g_assert_cmpuint (n_files (out_dir), ==, 3);
    }

  export_clear (&export);
  test_rm_rf (out_dir);
}

/* Print renders its pages in a worker too; a window closed meanwhile
 * opens no print dialog and the worker ends cleanly. */
static void
test_print_closed_while_rendering (Fixture       *f,
                                   gconstpointer  data)
{
  SessioInvoiceDialog *dialog = issued (f);

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "invoice.print", NULL));
  g_assert_true (sessio_invoice_dialog_is_busy (dialog));
  /* One at a time: Print and Export are off meanwhile. */
  g_assert_false (gtk_widget_is_sensitive (gtk_widget_get_first_child (gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG,
                                                                                      "export_box"))));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (gui_test_wait (no_worker_running, NULL));
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &dialog));
  /* No print dialog: the main window is the only one shown. */
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

        g_assert_true (window == GTK_WIDGET (f->window) || !gtk_widget_get_visible (window));
      }
  }
}

/* The row whose title starts with @prefix and ends with @suffix, under
 * @widget at any depth. */
static GtkWidget *
find_row_titled (GtkWidget  *widget,
                 const char *prefix,
                 const char *suffix)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), prefix) &&
      g_str_has_suffix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), suffix))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row_titled (child, prefix, suffix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A month of more lines than the windows make rows for: the first ones
 * and a count, on the page and in the invoice; the files hold them all. */
static void
test_many_lines (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) engagements = sessio_patient_store_list_engagements (sessio_window_get_store (f->window), NULL);
  g_autofree char *out_dir = test_make_tmpdir ();
  g_autofree char *pdf = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  SessioInvoiceDialog *dialog;
  GtkListBox *list;
  GtkWidget *last;
  guint n = SESSIO_INVOICE_ROWS_SHOWN + 5, n_rows = 0, n_csv_lines = 0;

  /* In one transaction, as bench-timeline fills its vault: a commit per
   * patient, trajectory and session would take most of a minute here. */
  {
    SessioVault *vault = sessio_window_get_vault (f->window);
    sqlite3 *db = sessio_vault_get_db (vault);
    gint64 engagement = ((SessioEngagement *) g_ptr_array_index (engagements, 1))->id;

    g_assert_true (sessio_vault_begin (vault, NULL));
    for (guint i = 0; i < n; i++)
      {
        g_autofree char *sql =
          g_strdup_printf ("INSERT INTO patient (name, birth_date, sex, insurer, language, created_at)"
                           " VALUES ('Veel Regels %u', '1980-02-02', 'f', '116', 'nl', '2025-03-01');"
                           "INSERT INTO trajectory (patient_id, engagement_id, start_date)"
                           " VALUES (last_insert_rowid (), %" G_GINT64_FORMAT ", '2025-03-01');"
                           "INSERT INTO session (engagement_id, trajectory_id, starts_at, care_type, setting,"
                           " location, status, outside_convention, copay)"
                           " VALUES (%" G_GINT64_FORMAT ", last_insert_rowid (), '2025-03-12T10:00', 'support',"
                           " 'individual', 'practice', 'held', 0, 'cash');",
                           i, engagement, engagement);

        g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      }
    g_assert_true (sessio_vault_commit (vault, NULL));
  }

  choose_independent (f);
  sessio_invoices_page_set_month (f->page, "2025-03");
  list = gui_test_child (f->page, SESSIO_TYPE_INVOICES_PAGE, "uninvoiced_list");
  n_rows = n_children (GTK_WIDGET (list));
  g_assert_cmpuint (n_rows, ==, SESSIO_INVOICE_ROWS_SHOWN + 1);
  last = gtk_widget_get_last_child (GTK_WIDGET (list));
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (last)), "And "));
  g_assert_true (g_str_has_suffix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (last)), " more lines"));

  dialog = draft (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "invoice.issue", NULL));
  respond_to_confirmation ("yes");
  pdf = export_and_wait (dialog, out_dir);
  csv_path = g_strconcat (out_dir, "/", adw_window_title_get_title (gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG,
                                                                                   "title")), ".csv", NULL);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  for (const char *c = csv; *c != '\0'; c++)
    n_csv_lines += *c == '\n';
  /* Every session, a line each, and the header. */
  g_assert_cmpuint (n_csv_lines, >=, n + 1);
  g_assert_nonnull (find_row_titled (gui_test_child (dialog, SESSIO_TYPE_INVOICE_DIALOG, "lines_group"),
                                     "And ", " more lines"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  test_rm_rf (out_dir);
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Receipt;

static void
receipt_saved (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Receipt *receipt = data;

  sessio_receipt_dialog_save_finish (SESSIO_RECEIPT_DIALOG (source), result, &receipt->error);
  receipt->done = TRUE;
}

static gboolean
receipt_finished (gpointer data)
{
  return ((Receipt *) data)->done;
}

static void
test_receipt (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "receipt.pdf", NULL);
  g_autofree char *text = NULL;
  SessioPatientStore *store = sessio_window_get_store (f->window);
  SessioReceiptDialog *dialog;
  sqlite3 *db = sessio_patient_store_get_db (store, NULL);
  sqlite3_stmt *stmt;
  g_autofree char *name = NULL;
  gint64 patient = 0;

  /* A patient with held sessions in May 2025. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT p.id, p.name FROM session s JOIN trajectory t ON t.id = s.trajectory_id"
                                           " JOIN patient p ON p.id = t.patient_id WHERE s.status = 'held'"
                                           " AND s.outside_convention = 0 AND s.starts_at LIKE '2025-05-%' LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  patient = sqlite3_column_int64 (stmt, 0);
  name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);

  dialog = sessio_receipt_dialog_new (store, patient);
  gtk_window_present (GTK_WINDOW (dialog));

  /* It opens on the last month with a session held for the patient. */
  {
    g_autofree char *shown = sessio_receipt_dialog_dup_month (dialog);
    g_autofree char *last = NULL;
    g_autofree char *sql = g_strdup_printf ("SELECT substr (max (s.starts_at), 1, 7) FROM session s"
                                            " JOIN trajectory t ON t.id = s.trajectory_id"
                                            " WHERE t.patient_id = %" G_GINT64_FORMAT " AND s.status = 'held'"
                                            " AND s.outside_convention = 0 AND s.starts_at <= date ('now', 'localtime', '+1 day')",
                                            patient);

    g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    last = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
    g_assert_cmpstr (shown, ==, last);
  }

  sessio_receipt_dialog_set_month (dialog, "2025-05");
  /* Each session says whether its co-payment was received. */
  {
    GtkWidget *group = gui_test_child (dialog, SESSIO_TYPE_RECEIPT_DIALOG, "lines_group");
    gboolean said = FALSE;

    for (GtkWidget *w = group; w != NULL && !said; )
      {
        GtkWidget *next = gtk_widget_get_first_child (w);

        if (ADW_IS_ACTION_ROW (w))
          {
            const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (w));

            said = subtitle != NULL && (strstr (subtitle, "· received in cash") || strstr (subtitle, "· received by transfer") ||
                                        strstr (subtitle, "· not received yet") || strstr (subtitle, "· nothing due"));
          }
        while (next == NULL && w != group)
          {
            next = gtk_widget_get_next_sibling (w);
            if (next == NULL)
              w = gtk_widget_get_parent (w);
          }
        w = next;
      }
    g_assert_true (said);
  }
  g_assert_true (gtk_widget_get_sensitive (gui_test_child (dialog, SESSIO_TYPE_RECEIPT_DIALOG, "save_button")));
  g_assert_nonnull (strstr (gtk_label_get_text (gui_test_child (dialog, SESSIO_TYPE_RECEIPT_DIALOG, "fields_label")),
                            "personal data"));
  gui_test_settle (dialog);
  gui_test_save_png (dialog, "receipt-dialog");
  /* Saved in a worker; a second save meanwhile is refused. */
  {
    Receipt first = { FALSE, NULL }, second = { FALSE, NULL };

    sessio_receipt_dialog_save_async (dialog, path, receipt_saved, &first);
    sessio_receipt_dialog_save_async (dialog, path, receipt_saved, &second);
    g_assert_true (gui_test_wait (receipt_finished, &second));
    g_assert_error (second.error, SESSIO_ERROR, SESSIO_ERROR_IN_USE);
    g_assert_true (gui_test_wait (receipt_finished, &first));
    g_assert_no_error (first.error);
    g_clear_error (&second.error);
  }
  text = test_pdf_text (path);
  g_assert_nonnull (strstr (text, name));
  /* Only the PDF: the worker's private file is gone. */
  g_assert_cmpuint (n_files (dir), ==, 1);

  /* A month without sessions: nothing to save. */
  sessio_receipt_dialog_set_month (dialog, "2023-01");
  g_assert_false (gtk_widget_get_sensitive (gui_test_child (dialog, SESSIO_TYPE_RECEIPT_DIALOG, "save_button")));
  gtk_window_destroy (GTK_WINDOW (dialog));
  test_rm_rf (dir);
}

/* The month picker in Dutch and French under LC_ALL=C.UTF-8: Sessio's
 * month names, where strftime() would write "November 2026". */
static void
test_month_names (Fixture       *f,
                  gconstpointer  data)
{
  static const struct { const char *code, *month; } languages[] = {
    { "nl", "november 2026" },
    { "fr", "novembre 2026" },
    { "de", "November 2026" },
  };
  GtkLabel *label = gui_test_child (f->page, SESSIO_TYPE_INVOICES_PAGE, "month_label");

  g_assert_cmpstr (g_getenv ("LC_ALL"), ==, "C.UTF-8");
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_setenv ("LANGUAGE", languages[i].code, TRUE);
      sessio_invoices_page_set_month (f->page, "2026-11");
      g_assert_cmpstr (gtk_label_get_text (label), ==, languages[i].month);
      /* Another month and back: the label follows. */
      sessio_invoices_page_set_month (f->page, "2026-03");
      g_assert_cmpstr (gtk_label_get_text (label), !=, languages[i].month);
    }
  g_setenv ("LANGUAGE", "C", TRUE);
}

/* An invoice without a recipient says so before it is issued, and where
 * to set one. */
static void
test_issue_without_recipient (Fixture       *f,
                              gconstpointer  data)
{
  SessioVault *vault = sessio_patient_store_get_vault (sessio_window_get_store (f->window));
  SessioInvoiceDialog *dialog;
  AdwMessageDialog *ask;

  test_commit_sql (vault, "UPDATE engagement SET invoice_to = NULL");
  choose_independent (f);
  dialog = draft (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "invoice.issue", NULL));
  ask = gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ask);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ask),
                            "It names no recipient: who this network’s invoices go to is set in Practice Details"));
  respond_to_confirmation ("cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  gui_test_init (&argc, &argv);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/invoices-page/draft-issue-export-pay", test_draft_issue_export_pay);
  ADD ("/invoices-page/delete-draft-no-gap", test_delete_draft_no_gap);
  ADD ("/invoices-page/issue-without-recipient", test_issue_without_recipient);
  ADD ("/invoices-page/export-in-worker", test_export_in_worker);
  ADD ("/invoices-page/lock-during-export", test_lock_during_export);
  ADD ("/invoices-page/print-closed-while-rendering", test_print_closed_while_rendering);
  ADD ("/invoices-page/many-lines", test_many_lines);
  ADD ("/invoices-page/receipt", test_receipt);
  ADD ("/invoices-page/month-names", test_month_names);
#undef ADD

  return g_test_run ();
}
