/* test-invoices.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Network invoices, credit notes and patient receipts on a real
 * vault, with the real rules engine, read back from real PDFs with
 * pdftotext.  Synthetic data only: invented names, generated INSZ.
 */

#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sessio-clock.h"
#include "sessio-demo.h"
#include "sessio-doc-lang.h"
#include "sessio-ident.h"
#include "sessio-invoice-export.h"
#include "sessio-invoice-store.h"
#include "sessio-patient-store.h"
#include "vault-test-util.h"

typedef struct
{
  char               *dir;
  SessioVault        *vault;
  SessioPatientStore *store;
  SessioInvoiceStore *invoices;
  gint64              adult;    /* nl */
  gint64              youth;    /* fr */
  gint64              german;   /* de, adult */
  guint               serial;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GDate today;
  SessioProvider provider = { (char *) "Psycholoog Anaïs Testé", (char *) "1-23456-78-901",
                              (char *) "0203.201.340", (char *) "BE68539007547034",
                              (char *) "Teststraat 1, 1000 Brussel" };
  SessioEngagement adult = { 0, (char *) "Netwerk Volwassenen Test", (char *) "adult",
                             (char *) "independent", (char *) "Netwerk GGZ Test vzw", (char *) "nl", -1 };
  SessioEngagement youth = { 0, (char *) "Réseau Jeunes Test", (char *) "youth",
                             (char *) "independent", (char *) "Réseau Santé Mentale Test asbl", (char *) "fr", -1 };
  SessioEngagement german = { 0, (char *) "Netzwerk Ostbelgien Test", (char *) "adult",
                              (char *) "independent", (char *) "Netzwerk Test VoG", (char *) "de", -1 };

  f->dir = test_make_tmpdir ();
  f->vault = test_create_vault (f->dir, NULL);
  f->store = sessio_patient_store_new (f->vault, NULL);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 30, G_DATE_JUNE, 2025);
  sessio_clock_set_today_for_testing (&today);
  f->invoices = sessio_invoice_store_new (f->store, NULL);

  g_assert_true (sessio_patient_store_set_provider (f->store, &provider, NULL, &error));
  g_assert_no_error (error);
  f->adult = sessio_patient_store_add_engagement (f->store, &adult, &error);
  g_assert_no_error (error);
  f->youth = sessio_patient_store_add_engagement (f->store, &youth, &error);
  g_assert_no_error (error);
  f->german = sessio_patient_store_add_engagement (f->store, &german, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->invoices);
  g_clear_object (&f->store);
  g_clear_object (&f->vault);
  test_rm_rf (f->dir);
  g_free (f->dir);
  /* Back to the real clock for the next test. */
  sessio_clock_reset_for_testing ();
}

static gint64
add_patient (Fixture    *f,
             const char *name,
             const char *birth,
             const char *language)
{
  g_autoptr(GError) error = NULL;
  SessioPatient patient = { 0 };
  GDate date;
  char insz[12];
  gint64 id;

  g_assert_true (sessio_date_parse_iso (birth, &date));
  g_assert_true (sessio_insz_generate (&date, f->serial % 2 == 0, 100 + f->serial, insz));
  f->serial++;
  patient.name = (char *) name;
  patient.birth_date = (char *) birth;
  patient.insz = insz;
  patient.insurer = (char *) "116";
  patient.language = (char *) language;
  id = sessio_patient_store_add_patient (f->store, &patient, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_trajectory (Fixture *f,
                gint64   patient,
                gint64   engagement)
{
  g_autoptr(GError) error = NULL;
  SessioTrajectory trajectory = { 0 };
  gint64 id;

  trajectory.patient_id = patient;
  trajectory.engagement_id = engagement;
  trajectory.start_date = (char *) "2025-01-02";
  trajectory.bilan_date = (char *) "2025-01-03";
  id = sessio_patient_store_add_trajectory (f->store, &trajectory, &error);
  g_assert_no_error (error);
  return id;
}

/* A session; refused by the rules it is saved outside the convention. */
static gint64
add_session (Fixture    *f,
             gint64      trajectory,
             const char *when,
             const char *care,
             const char *status,
             const char *location)
{
  g_autoptr(GError) error = NULL;
  SessioSession session = { 0 };
  gint64 id;

  session.trajectory_id = trajectory;
  session.starts_at = (char *) when;
  session.care = (char *) care;
  session.setting = (char *) "individual";
  session.status = (char *) status;
  session.location = (char *) location;
  id = sessio_patient_store_add_session (f->store, &session, &error);
  if (id == 0 && g_error_matches (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED))
    {
      g_clear_error (&error);
      session.outside_convention = TRUE;
      id = sessio_patient_store_add_session (f->store, &session, &error);
    }
  g_assert_no_error (error);
  return id;
}

static gint64
add_group (Fixture    *f,
           gint64      engagement,
           const char *when,
           gint64     *trajectories,
           guint       n,
           gboolean    co_facilitator)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (gint64));
  SessioSession session = { 0 };
  gint64 id;

  g_array_append_vals (list, trajectories, n);
  session.engagement_id = engagement;
  session.starts_at = (char *) when;
  session.care = (char *) "support";
  session.setting = (char *) "group";
  session.co_facilitator = co_facilitator;
  session.trajectories = list;
  id = sessio_patient_store_add_session (f->store, &session, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
draft (Fixture    *f,
       gint64      engagement,
       const char *month)
{
  g_autoptr(GError) error = NULL;
  gint64 id = sessio_invoice_store_draft_month (f->invoices, engagement, month, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static SessioInvoice *
get (Fixture *f,
     gint64   id)
{
  g_autoptr(GError) error = NULL;
  SessioInvoice *invoice = sessio_invoice_store_get (f->invoices, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (invoice);
  return invoice;
}

static void
issue (Fixture    *f,
       gint64      id,
       const char *date)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sessio_invoice_store_issue (f->invoices, id, date, &error));
  g_assert_no_error (error);
}

/* Lines add up: each line's claim is fee + supplement - co-payment, the
 * totals are the sums of the lines. */
static void
assert_totals (const SessioInvoice *invoice)
{
  gint64 fee = 0, supplement = 0, copay = 0, amount = 0;

  g_assert_cmpuint (invoice->n_lines, ==, invoice->lines->len);
  for (guint i = 0; i < invoice->lines->len; i++)
    {
      const SessioInvoiceLine *line = g_ptr_array_index (invoice->lines, i);
      gint64 participants = 0;

      g_assert_cmpint (line->amount_cents, ==, line->fee_cents + line->supplement_cents - line->copay_cents);
      if (line->participants != NULL)
        {
          for (guint p = 0; p < line->participants->len; p++)
            participants += ((SessioInvoiceParticipant *) g_ptr_array_index (line->participants, p))->copay_cents;
          g_assert_cmpint (participants, ==, line->copay_cents);
        }
      fee += line->fee_cents;
      supplement += line->supplement_cents;
      copay += line->copay_cents;
      amount += line->amount_cents;
    }
  g_assert_cmpint (fee, ==, invoice->fee_cents);
  g_assert_cmpint (supplement, ==, invoice->supplement_cents);
  g_assert_cmpint (copay, ==, invoice->copay_cents);
  g_assert_cmpint (amount, ==, invoice->total_cents);
}

static char *
pdf_text (const char *path)
{
  char *out = test_pdf_text (path);

  /* Cells wrap: compare with every run of white space as one space. */
  {
    g_autoptr(GRegex) space = g_regex_new ("\\s+", 0, 0, NULL);
    char *flat = g_regex_replace_literal (space, out, -1, 0, " ", 0, NULL);

    g_free (out);
    return flat;
  }
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in the document", needle);
}

/* ------------------------------------------------------------- tests */

static void
test_lifecycle_numbering (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioInvoice) first = NULL, second = NULL, next_year = NULL, paid = NULL;
  gint64 p = add_patient (f, "Annelies Testpersoon", "1980-04-02", "nl");
  gint64 t = add_trajectory (f, p, f->adult);
  gint64 a, deleted, b, c;
  char digits[SESSIO_OGM_LEN];

  add_session (f, t, "2025-02-03T10:00", "support", "held", NULL);
  add_session (f, t, "2025-02-10T10:00", "support", "held", NULL);
  add_session (f, t, "2025-03-03T10:00", "support", "held", NULL);
  add_session (f, t, "2025-04-07T10:00", "support", "held", NULL);

  /* Nothing in January: no empty invoice. */
  g_assert_cmpint (sessio_invoice_store_draft_month (f->invoices, f->adult, "2025-01", &error), ==, 0);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_cmpint (sessio_invoice_store_draft_month (f->invoices, f->adult, "2025-13", &error), ==, 0);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  a = draft (f, f->adult, "2025-02");
  /* Drafting the same month again refreshes the same draft. */
  g_assert_cmpint (draft (f, f->adult, "2025-02"), ==, a);
  first = get (f, a);
  g_assert_cmpint (first->state, ==, SESSIO_INVOICE_STATE_DRAFT);
  g_assert_null (first->number);
  /* Two sessions (the first free) and the trajectory fee. */
  g_assert_cmpuint (first->lines->len, ==, 3);
  assert_totals (first);
  g_clear_pointer (&first, sessio_invoice_free);

  /* A draft deleted between two issued invoices leaves no gap. */
  deleted = draft (f, f->adult, "2025-03");
  issue (f, a, "2025-03-01");
  g_assert_true (sessio_invoice_store_delete_draft (f->invoices, deleted, &error));
  g_assert_no_error (error);
  g_assert_null (sessio_invoice_store_get (f->invoices, deleted, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  b = draft (f, f->adult, "2025-04");
  issue (f, b, "2025-05-02");
  c = draft (f, f->adult, "2025-03");

  first = get (f, a);
  second = get (f, b);
  g_assert_cmpstr (first->number, ==, "2025-0001");
  g_assert_cmpstr (second->number, ==, "2025-0002");
  g_assert_cmpstr (first->issued_at, ==, "2025-03-01");
  g_assert_cmpstr (first->due_date, ==, "2025-03-31");
  g_assert_cmpstr (first->language, ==, "nl");
  g_assert_cmpstr (first->provider_riziv, ==, "12345678901");
  g_assert_cmpstr (first->recipient, ==, "Netwerk GGZ Test vzw");
  /* The structured communication is valid and derived from the number. */
  g_assert_true (sessio_ogm_validate (first->structured_communication, digits, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (digits, "2025000001"));
  g_assert_cmpstr (second->structured_communication, !=, first->structured_communication);

  /* A new year starts again at 1. */
  issue (f, c, "2026-01-05");
  next_year = get (f, c);
  g_assert_cmpstr (next_year->number, ==, "2026-0001");

  /* Issued twice, deleted when issued: refused. */
  g_assert_false (sessio_invoice_store_issue (f->invoices, a, NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (sessio_invoice_store_delete_draft (f->invoices, a, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);

  /* Paid: not before the issue date, once. */
  g_assert_false (sessio_invoice_store_set_paid (f->invoices, a, "2025-02-01", &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (sessio_invoice_store_set_paid (f->invoices, a, "2025-03-20", &error));
  g_assert_no_error (error);
  paid = get (f, a);
  g_assert_cmpint (paid->state, ==, SESSIO_INVOICE_STATE_PAID);
  g_assert_cmpstr (paid->paid_at, ==, "2025-03-20");
  g_assert_false (sessio_invoice_store_set_paid (f->invoices, a, NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);

  /* Undone (the toast's Undo), then paid on the right day. */
  g_assert_true (sessio_invoice_store_set_unpaid (f->invoices, a, &error));
  g_assert_no_error (error);
  g_clear_pointer (&paid, sessio_invoice_free);
  paid = get (f, a);
  g_assert_cmpint (paid->state, ==, SESSIO_INVOICE_STATE_ISSUED);
  g_assert_null (paid->paid_at);
  g_assert_cmpstr (paid->number, ==, "2025-0001");
  g_assert_false (sessio_invoice_store_set_unpaid (f->invoices, a, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_true (sessio_invoice_store_set_paid (f->invoices, a, "2025-03-21", &error));
  g_clear_pointer (&paid, sessio_invoice_free);
  paid = get (f, a);
  g_assert_cmpstr (paid->paid_at, ==, "2025-03-21");

  /* The list carries state and totals. */
  {
    g_autoptr(GPtrArray) list = sessio_invoice_store_list (f->invoices, f->adult, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 3);
    for (guint i = 0; i < list->len; i++)
      {
        SessioInvoice *item = g_ptr_array_index (list, i);
        g_autoptr(SessioInvoice) full = get (f, item->id);

        g_assert_null (item->lines);
        g_assert_cmpint (item->total_cents, ==, full->total_cents);
        g_assert_cmpint (item->state, ==, full->state);
      }
  }
}

static void
test_issued_is_immutable (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioInvoice) invoice = NULL, after = NULL;
  g_autoptr(SessioPatient) patient = NULL;
  gint64 p = add_patient (f, "Bram Testpersoon", "1979-05-06", "nl");
  gint64 t = add_trajectory (f, p, f->adult);
  gint64 s1 = add_session (f, t, "2025-02-03", "support", "held", NULL);
  gint64 s2 = add_session (f, t, "2025-02-10", "support", "held", NULL);
  gint64 id = draft (f, f->adult, "2025-02");
  SessioSession session = { 0 };
  sqlite3 *db = sessio_vault_get_db (f->vault);
  int rc;

  /* A draft is a working copy: its sessions can still change. */
  g_assert_true (sessio_patient_store_set_session_status (f->store, s2, "no-show", FALSE, &error));
  g_assert_no_error (error);
  /* But issuing a draft the sessions no longer match is refused. */
  g_assert_false (sessio_invoice_store_issue (f->invoices, id, "2025-03-01", &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_true (sessio_patient_store_set_session_status (f->store, s2, "held", FALSE, &error));
  g_assert_no_error (error);
  issue (f, id, "2025-03-01");
  invoice = get (f, id);

  /* Through the store: a clear refusal. */
  g_assert_false (sessio_patient_store_set_session_status (f->store, s1, "no-show", FALSE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "This session is on an issued invoice and cannot be changed");
  g_clear_error (&error);
  g_assert_true (sessio_patient_store_get_session (f->store, s1, &session, &error));
  g_free (session.care);
  session.care = g_strdup ("treatment");
  g_assert_false (sessio_patient_store_update_session (f->store, &session, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "This session is on an issued invoice and cannot be changed");
  g_clear_error (&error);
  /* What does not alter billing still may change. */
  g_free (session.care);
  session.care = g_strdup ("support");
  g_free (session.notes);
  session.notes = g_strdup ("Synthetische notitie achteraf");
  session.duration_min = 50;
  g_assert_true (sessio_patient_store_update_session (f->store, &session, &error));
  g_assert_no_error (error);
  sessio_session_clear (&session);
  g_assert_false (sessio_patient_store_delete_session (f->store, s1, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);

  /* Whatever code writes, the database refuses (the triggers) to change
   * the invoice; the sessions it bills may be corrected since schema v3
   * (the lines are snapshots): see /invoices/corrected-session. */
  g_assert_true (sessio_vault_begin (f->vault, &error));
  rc = sqlite3_exec (db, "UPDATE invoice SET total_cents = 1", NULL, NULL, NULL);
  g_assert_cmpint (rc & 0xff, ==, SQLITE_CONSTRAINT);
  rc = sqlite3_exec (db, "DELETE FROM invoice_line", NULL, NULL, NULL);
  g_assert_cmpint (rc & 0xff, ==, SQLITE_CONSTRAINT);
  rc = sqlite3_exec (db, "DELETE FROM invoice", NULL, NULL, NULL);
  g_assert_cmpint (rc & 0xff, ==, SQLITE_CONSTRAINT);
  rc = sqlite3_exec (db, "UPDATE session SET notes = 'Synthetische notitie'", NULL, NULL, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  g_assert_true (sessio_vault_commit (f->vault, &error));
  g_assert_no_error (error);

  /* Renaming the patient does not change the issued invoice. */
  patient = sessio_patient_store_get_patient (f->store, p, &error);
  g_free (patient->name);
  patient->name = g_strdup ("Bram Hernoemd");
  g_assert_true (sessio_patient_store_update_patient (f->store, patient, &error));
  g_assert_no_error (error);
  after = get (f, id);
  g_assert_cmpstr (((SessioInvoiceLine *) g_ptr_array_index (after->lines, 0))->patient_name, ==, "Bram Testpersoon");
  g_assert_cmpint (after->total_cents, ==, invoice->total_cents);

  /* The issued state survives closing and reopening the vault (the
   * journal replays the triggers' tables in any order). */
  g_clear_object (&f->invoices);
  g_clear_object (&f->store);
  g_assert_true (sessio_vault_close (f->vault, &error));
  g_clear_object (&f->vault);
  f->vault = sessio_vault_open (f->dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  f->store = sessio_patient_store_new (f->vault, NULL);
  f->invoices = sessio_invoice_store_new (f->store, NULL);
  g_clear_pointer (&after, sessio_invoice_free);
  after = get (f, id);
  g_assert_cmpstr (after->number, ==, invoice->number);
  g_assert_cmpint (after->total_cents, ==, invoice->total_cents);
}

/* The journal (not only the snapshot) must replay drafting, issuing and
 * crediting: it applies a transaction table by table, and the triggers
 * that guard issued invoices must not trip over that order.  A child
 * process does the work and exits without closing (a crash). */
static void
test_journal_replay (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioInvoice) invoice = NULL, credit = NULL;
  pid_t pid;
  int status = 0;

  g_clear_object (&f->invoices);
  g_clear_object (&f->store);
  g_assert_true (sessio_vault_close (f->vault, &error));
  g_clear_object (&f->vault);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      GDate today;
      gint64 p, t, id;

      f->vault = sessio_vault_open (f->dir, TEST_PASSPHRASE, NULL);
      if (f->vault == NULL)
        _exit (3);
      sessio_vault_set_auto_fold (f->vault, SESSIO_VAULT_AUTO_FOLD_NEVER);
      f->store = sessio_patient_store_new (f->vault, NULL);
      g_date_clear (&today, 1);
      g_date_set_dmy (&today, 30, G_DATE_JUNE, 2025);
      sessio_clock_set_today_for_testing (&today);
      f->invoices = sessio_invoice_store_new (f->store, NULL);
      p = add_patient (f, "Jules Journaal", "1981-07-08", "nl");
      t = add_trajectory (f, p, f->adult);
      add_session (f, t, "2025-02-03", "support", "held", NULL);
      add_session (f, t, "2025-02-04", "support", "held", NULL);
      id = draft (f, f->adult, "2025-02");
      issue (f, id, "2025-03-01");
      if (sessio_invoice_store_credit (f->invoices, id, "2025-03-02", NULL) <= 0)
        _exit (4);
      id = draft (f, f->adult, "2025-02");
      issue (f, id, "2025-03-03");
      _exit (0);  /* no close, no fold */
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  f->vault = sessio_vault_open (f->dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessio_vault_get_journal_records (f->vault), >, 5);
  g_assert_true (sessio_vault_check (f->vault, &error));
  g_assert_no_error (error);
  f->store = sessio_patient_store_new (f->vault, NULL);
  f->invoices = sessio_invoice_store_new (f->store, NULL);
  invoice = get (f, 1);
  credit = get (f, 2);
  g_assert_cmpint (invoice->state, ==, SESSIO_INVOICE_STATE_CREDITED);
  g_assert_cmpstr (credit->number, ==, "2025-0002");
  g_assert_cmpint (credit->total_cents, ==, -invoice->total_cents);
  g_clear_pointer (&invoice, sessio_invoice_free);
  invoice = get (f, 3);
  g_assert_cmpstr (invoice->number, ==, "2025-0003");
  g_assert_cmpuint (invoice->lines->len, ==, 3);
}

static void
test_credit_note (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioInvoice) original = NULL, credit = NULL, again = NULL, redraft = NULL;
  gint64 p = add_patient (f, "Charlotte Testpersoon", "1978-06-07", "nl");
  gint64 t = add_trajectory (f, p, f->adult);
  gint64 s1, id, credit_id, new_id;

  s1 = add_session (f, t, "2025-02-03", "support", "held", NULL);
  add_session (f, t, "2025-02-10", "support", "held", NULL);
  id = draft (f, f->adult, "2025-02");

  /* A draft is not credited. */
  g_assert_cmpint (sessio_invoice_store_credit (f->invoices, id, NULL, &error), ==, 0);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);

  issue (f, id, "2025-03-01");
  credit_id = sessio_invoice_store_credit (f->invoices, id, "2025-03-05", &error);
  g_assert_no_error (error);
  original = get (f, id);
  credit = get (f, credit_id);
  assert_totals (credit);
  g_assert_cmpint (original->state, ==, SESSIO_INVOICE_STATE_CREDITED);
  g_assert_cmpint (original->credited_by_id, ==, credit_id);
  g_assert_cmpstr (credit->kind, ==, "credit-note");
  g_assert_cmpstr (credit->number, ==, "2025-0002");
  g_assert_cmpstr (credit->credits_number, ==, "2025-0001");
  g_assert_cmpint (credit->total_cents, ==, -original->total_cents);
  g_assert_cmpuint (credit->lines->len, ==, original->lines->len);

  /* Once only; a credited invoice is not paid; a credit note neither. */
  g_assert_cmpint (sessio_invoice_store_credit (f->invoices, id, NULL, &error), ==, 0);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (sessio_invoice_store_set_paid (f->invoices, id, NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_cmpint (sessio_invoice_store_credit (f->invoices, credit_id, NULL, &error), ==, 0);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);

  /* The correction: the session can now change, and is invoiced anew
   * with the next number. */
  g_assert_true (sessio_patient_store_set_session_status (f->store, s1, "no-show", FALSE, &error));
  g_assert_no_error (error);
  new_id = draft (f, f->adult, "2025-02");
  g_assert_cmpint (new_id, !=, id);
  redraft = get (f, new_id);
  assert_totals (redraft);
  /* The other session and the trajectory fee again (the credit note
   * cancelled the first one). */
  g_assert_cmpuint (redraft->lines->len, ==, 2);
  issue (f, new_id, "2025-03-06");
  again = get (f, new_id);
  g_assert_cmpstr (again->number, ==, "2025-0003");
}

static void
test_group_claimed_once (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioInvoice) invoice = NULL;
  gint64 t[3];
  gint64 group;
  const SessioInvoiceLine *line = NULL;
  guint group_lines = 0;

  t[0] = add_trajectory (f, add_patient (f, "Groep Een", "1970-01-05", NULL), f->adult);
  t[1] = add_trajectory (f, add_patient (f, "Groep Twee", "1971-02-06", NULL), f->adult);
  t[2] = add_trajectory (f, add_patient (f, "Groep Drie", "1972-03-07", NULL), f->adult);
  group = add_group (f, f->adult, "2025-02-12T14:00", t, 3, TRUE);
  g_assert_true (sessio_patient_store_set_participant_status (f->store, group, t[2], "no-show", NULL, &error));
  g_assert_no_error (error);

  invoice = get (f, draft (f, f->adult, "2025-02"));
  assert_totals (invoice);
  for (guint i = 0; i < invoice->lines->len; i++)
    {
      const SessioInvoiceLine *l = g_ptr_array_index (invoice->lines, i);

      if (l->session_id == group)
        {
          group_lines++;
          line = l;
        }
    }
  g_assert_cmpuint (group_lines, ==, 1);
  g_assert_nonnull (line->participants);
  /* The participant who did not come is not on it. */
  g_assert_cmpuint (line->participants->len, ==, 2);
  g_assert_null (line->patient_name);
  /* 2024 rules: €200 + €123 co-facilitator - 2 × €2.50. */
  g_assert_cmpint (line->fee_cents, ==, 20000);
  g_assert_cmpint (line->supplement_cents, ==, 12300);
  g_assert_cmpint (line->copay_cents, ==, 500);
  g_assert_cmpint (line->amount_cents, ==, 31800);

  /* Issued: attendance and the session itself are frozen. */
  issue (f, invoice->id, "2025-03-01");
  g_assert_false (sessio_patient_store_set_participant_status (f->store, group, t[0], "no-show", NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);
  {
    SessioSession session = { 0 };

    g_assert_true (sessio_patient_store_get_session (f->store, group, &session, &error));
    /* Saved unchanged (or with a new note) it passes; a billed field
     * does not: correcting that is sessio_patient_store_correct_session()
     * (tests/test-corrections.c). */
    g_assert_true (sessio_patient_store_update_session (f->store, &session, &error));
    g_assert_no_error (error);
    g_free (session.location);
    session.location = g_strdup ("school");
    g_assert_false (sessio_patient_store_update_session (f->store, &session, &error));
    g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
    g_clear_error (&error);
    sessio_session_clear (&session);
  }
  /* The absent participant too: coming after all would change the
   * claim. */
  g_assert_false (sessio_patient_store_set_participant_status (f->store, group, t[2], "held", NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
}

/* Randomly generated months: totals are the sums of the lines, a group
 * session is on one line, no unbillable session is ever invoiced and
 * every billable one is. */
static void
test_random_months (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const statuses[] = { "held", "held", "held", "no-show", "cancelled" };
  static const char * const cares[] = { "support", "support", "treatment" };
  static const char * const locations[] = { "practice", "school", "home", "video" };
  g_autoptr(GArray) trajectories = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  guint n_patients = 12;

  for (guint i = 0; i < n_patients; i++)
    {
      g_autofree char *name = g_strdup_printf ("Willekeurig %u", i);
      g_autofree char *birth = g_strdup_printf ("%d-%02d-%02d", g_test_rand_int_range (1950, 2005),
                                                g_test_rand_int_range (1, 13), g_test_rand_int_range (1, 29));
      gint64 t = add_trajectory (f, add_patient (f, name, birth, NULL), f->adult);

      g_array_append_val (trajectories, t);
    }

  for (guint month = 2; month <= 5; month++)
    {
      g_autoptr(SessioInvoice) invoice = NULL;
      g_autoptr(GHashTable) on_invoice = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autofree char *month_text = g_strdup_printf ("2025-%02u", month);
      guint n_sessions = (guint) g_test_rand_int_range (10, 40);
      guint billable = 0;

      for (guint s = 0; s < n_sessions; s++)
        {
          gint64 t = g_array_index (trajectories, gint64, g_test_rand_int_range (0, (int) n_patients));
          g_autofree char *when = g_strdup_printf ("2025-%02u-%02dT%02d:00", month,
                                                   g_test_rand_int_range (1, 29), g_test_rand_int_range (8, 19));

          if (g_test_rand_int_range (0, 8) == 0)
            {
              gint64 group[3];

              for (guint k = 0; k < 3; k++)
                group[k] = g_array_index (trajectories, gint64, (k * 5 + s) % n_patients);
              add_group (f, f->adult, when, group, 3, g_test_rand_bit ());
            }
          else
            add_session (f, t, when, cares[g_test_rand_int_range (0, 3)],
                         statuses[g_test_rand_int_range (0, 5)], locations[g_test_rand_int_range (0, 4)]);
        }

      invoice = get (f, draft (f, f->adult, month_text));
      assert_totals (invoice);
      for (guint i = 0; i < invoice->lines->len; i++)
        {
          SessioInvoiceLine *line = g_ptr_array_index (invoice->lines, i);

          if (g_strcmp0 (line->kind, "session") != 0)
            continue;
          /* Claimed once. */
          g_assert_false (g_hash_table_contains (on_invoice, &line->session_id));
          g_hash_table_add (on_invoice, &line->session_id);
        }

      /* Against the rules engine's own verdicts, trajectory by trajectory. */
      for (guint i = 0; i < trajectories->len; i++)
        {
          g_autoptr(SessioTrajectoryEvaluation) evaluation =
            sessio_patient_store_evaluate_held (f->store, g_array_index (trajectories, gint64, i), &error);

          g_assert_no_error (error);
          for (guint k = 0; k < evaluation->sessions->len; k++)
            {
              const SessioSessionEvaluation *entry = &g_array_index (evaluation->sessions, SessioSessionEvaluation, k);
              gboolean is_billable = entry->result.billable && !entry->outside_convention &&
                                     entry->info.status == SESSIO_STATUS_HELD;

              if (g_date_get_month (&entry->info.date) != month)
                continue;
              if (entry->info.setting == SESSIO_SETTING_INDIVIDUAL)
                g_assert_cmpint (is_billable, ==, g_hash_table_contains (on_invoice, &entry->session_id));
              else if (!g_hash_table_contains (on_invoice, &entry->session_id))
                g_assert_false (is_billable);
              billable += is_billable;
            }
        }
      g_assert_cmpuint (billable, >, 0);
      /* Issue every other month, so drafts see what is already billed. */
      if (month % 2 == 0)
        issue (f, invoice->id, NULL);
    }
}

static void
test_trajectory_fee_once_a_year (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(SessioInvoice) feb = NULL, mar = NULL;
  gint64 p = add_patient (f, "Dirk Testpersoon", "1975-08-09", "nl");
  gint64 t = add_trajectory (f, p, f->adult);
  guint fees = 0;

  add_session (f, t, "2025-02-03", "support", "held", NULL);
  add_session (f, t, "2025-03-03", "support", "held", NULL);
  feb = get (f, draft (f, f->adult, "2025-02"));
  mar = get (f, draft (f, f->adult, "2025-03"));
  for (guint i = 0; i < feb->lines->len; i++)
    fees += g_strcmp0 (((SessioInvoiceLine *) g_ptr_array_index (feb->lines, i))->kind, "trajectory-fee") == 0;
  for (guint i = 0; i < mar->lines->len; i++)
    fees += g_strcmp0 (((SessioInvoiceLine *) g_ptr_array_index (mar->lines, i))->kind, "trajectory-fee") == 0;
  g_assert_cmpuint (fees, ==, 1);
}

/* Many lines, so the PDF has several pages. */
static gint64
fill_adult_month (Fixture *f,
                  guint    n_patients)
{
  for (guint i = 0; i < n_patients; i++)
    {
      g_autofree char *name = g_strdup_printf ("Patiënt Nummer %02u", i);
      gint64 t = add_trajectory (f, add_patient (f, name, "1980-01-15", NULL), f->adult);

      add_session (f, t, "2025-02-03T09:00", "support", "held", "practice");
      add_session (f, t, "2025-02-17T09:00", "support", "held", "video");
    }
  return draft (f, f->adult, "2025-02");
}

static char *
screenshot_dir (void)
{
  char *dir = g_build_filename (g_test_get_dir (G_TEST_BUILT), "screenshots", NULL);

  g_mkdir_with_parents (dir, 0700);
  return dir;
}

static void
test_exports_agree (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioInvoice) invoice = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *pdf = g_build_filename (f->dir, "invoice.pdf", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "invoice.csv", NULL);
  g_autofree char *json = g_build_filename (f->dir, "invoice.json", NULL);
  g_autofree char *text = NULL, *csv_text = NULL, *shots = screenshot_dir ();
  g_autofree char *png_base = g_build_filename (shots, "invoice-page1", NULL);
  g_auto(GStrv) rows = NULL;
  g_autofree char *total = NULL, *pages = NULL;
  JsonObject *root;
  gint64 csv_total = 0, json_total = 0;
  gint64 id = fill_adult_month (f, 30);
  GStatBuf st;
  char riziv[16];

  issue (f, id, "2025-03-03");
  invoice = get (f, id);
  assert_totals (invoice);

  g_assert_true (sessio_invoice_write_pdf (invoice, NULL, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (sessio_invoice_write_csv (invoice, csv, &error));
  g_assert_no_error (error);
  g_assert_true (sessio_invoice_write_json (invoice, json, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (csv, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* The PDF: number, RIZIV number, every patient, the total. */
  text = pdf_text (pdf);
  assert_contains (text, invoice->number);
  sessio_riziv_format (invoice->provider_riziv, riziv);
  assert_contains (text, riziv);
  assert_contains (text, invoice->structured_communication);
  for (guint i = 0; i < invoice->lines->len; i++)
    {
      SessioInvoiceLine *line = g_ptr_array_index (invoice->lines, i);

      assert_contains (text, line->patient_name);
    }
  total = sessio_format_cents_for (invoice->total_cents, SESSIO_LANGUAGE_NL);
  assert_contains (text, total);
  /* Several pages, numbered, each with the column headers. */
  {
    const char *header = sessio_doc_gettext (SESSIO_LANGUAGE_NL, "Claimed");
    guint n_pages = 0, n = 0;

    for (guint candidate = 2; candidate < 20 && n_pages == 0; candidate++)
      {
        g_autofree char *first_page = g_strdup_printf (sessio_doc_gettext (SESSIO_LANGUAGE_NL, "Page %u of %u"),
                                                       1, candidate);

        if (strstr (text, first_page) != NULL)
          n_pages = candidate;
      }
    g_assert_cmpuint (n_pages, >=, 2);
    pages = g_strdup_printf (sessio_doc_gettext (SESSIO_LANGUAGE_NL, "Page %u of %u"), n_pages, n_pages);
    assert_contains (text, pages);
    for (const char *at = strstr (text, header); at != NULL; at = strstr (at + 1, header))
      n++;
    g_assert_cmpuint (n, >=, n_pages);

    /* Printing replays the same pages: as many, each drawn on. */
    {
      g_autoptr(GPtrArray) recorded = sessio_invoice_render_pages (invoice, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (recorded->len, ==, n_pages);
      for (guint i = 0; i < recorded->len; i++)
        {
          double x0, y0, width, height;

          cairo_recording_surface_ink_extents (g_ptr_array_index (recorded, i), &x0, &y0, &width, &height);
          g_assert_cmpfloat (width, >, 100);
          g_assert_cmpfloat (height, >, 50);
        }
    }
  }

  /* The CSV: one row per line, the amounts add up to the PDF's total. */
  g_assert_true (g_file_get_contents (csv, &csv_text, NULL, &error));
  g_assert_true (g_utf8_validate (csv_text, -1, NULL));
  rows = g_strsplit (csv_text, "\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, invoice->lines->len + 2);   /* header, trailing newline */
  for (guint i = 1; rows[i] != NULL && *rows[i] != '\0'; i++)
    {
      const char *last = strrchr (rows[i], ',');
      double euros = g_ascii_strtod (last + 1, NULL);

      csv_total += (gint64) (euros * 100 + (euros >= 0 ? 0.5 : -0.5));
    }
  g_assert_cmpint (csv_total, ==, invoice->total_cents);

  /* The JSON: the same total, the same lines. */
  g_assert_true (json_parser_load_from_file (parser, json, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "number"), ==, invoice->number);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "lines")), ==, invoice->lines->len);
  for (guint i = 0; i < invoice->lines->len; i++)
    json_total += json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (root, "lines"), i),
                                              "amount_cents");
  g_assert_cmpint (json_total, ==, invoice->total_cents);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "totals"), "amount_cents"),
                   ==, invoice->total_cents);

  /* Page 1 as PNG for review. */
  {
    const char *argv[] = { "pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", pdf, png_base, NULL };
    g_autofree char *png = g_strconcat (png_base, ".png", NULL);
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                                 &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
  }
}

/* Every amount written in the PDF, in order, as cents: parsed here, not
 * with the formatter under test, in the engagement's @language (nl
 * "-€ 1.234,56", fr "-1 234,56 €", de "-1.234,56 €"). */
static GArray *
pdf_amounts (const char     *text,
             SessioLanguage  language)
{
  g_autoptr(GRegex) money = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  GArray *amounts = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *pattern;

  switch (language)
    {
    case SESSIO_LANGUAGE_NL:
      pattern = "(-?)€ ([0-9]{1,3}(?:\\.[0-9]{3})*),([0-9]{2})(?![0-9])";
      break;
    case SESSIO_LANGUAGE_FR:
      /* pdftotext writes the narrow no-break space as it is or as a
       * space (which pdf_text() keeps as one). */
      pattern = "(?<![0-9,])(-?)([0-9]{1,3}(?:(?:\u202F| )[0-9]{3})*),([0-9]{2}) €";
      break;
    case SESSIO_LANGUAGE_DE:
    default:
      pattern = "(?<![0-9.,])(-?)([0-9]{1,3}(?:\\.[0-9]{3})*),([0-9]{2}) €";
      break;
    }
  money = g_regex_new (pattern, 0, 0, NULL);
  g_assert_nonnull (money);
  g_regex_match (money, text, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *sign = g_match_info_fetch (match, 1);
      g_autofree char *euros = g_match_info_fetch (match, 2);
      g_autofree char *cents = g_match_info_fetch (match, 3);
      gint64 value = 0;

      for (const char *c = euros; *c != '\0'; c++)
        if (g_ascii_isdigit (*c))
          value = value * 10 + (*c - '0');
      value = value * 100 + g_ascii_strtoll (cents, NULL, 10);
      if (*sign == '-')
        value = -value;
      g_array_append_val (amounts, value);
    }
  return amounts;
}

static int
cmp_cents (gconstpointer a,
           gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* "-12.50" → -1250, strictly: an optional minus, digits, a point, two
 * digits. */
static gint64
csv_cents (const char *text)
{
  g_autoptr(GRegex) decimal = g_regex_new ("^(-?)([0-9]+)\\.([0-9]{2})$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *sign = NULL, *euros = NULL, *cents = NULL;
  gint64 value;

  if (!g_regex_match (decimal, text, 0, &match))
    g_error ("“%s” is not an amount", text);
  sign = g_match_info_fetch (match, 1);
  euros = g_match_info_fetch (match, 2);
  cents = g_match_info_fetch (match, 3);
  value = g_ascii_strtoll (euros, NULL, 10) * 100 + g_ascii_strtoll (cents, NULL, 10);
  return *sign == '-' ? -value : value;
}

/* Every amount of a CSV export, row by row: the co-payment of each group
 * participant (last field of "name|insz|insurer|copay"), then fee,
 * supplement, co-payment and claim (the four last columns, never
 * quoted). */
static GArray *
csv_amounts (const char *path,
             gint64     *claimed)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) rows = NULL;
  g_autoptr(GRegex) participant = g_regex_new ("\\|(-?[0-9]+\\.[0-9]{2})(?=;|\"?,)", 0, 0, NULL);
  GArray *amounts = g_array_new (FALSE, FALSE, sizeof (gint64));

  *claimed = 0;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  rows = g_strsplit (text, "\n", -1);
  g_assert_true (g_str_has_suffix (rows[0], ",fee,supplement,copay,amount"));
  for (guint i = 1; rows[i] != NULL && *rows[i] != '\0'; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_auto(GStrv) fields = g_strsplit (rows[i], ",", -1);
      guint n = g_strv_length (fields);

      g_regex_match (participant, rows[i], 0, &match);
      for (; g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          g_autofree char *copay = g_match_info_fetch (match, 1);
          gint64 value = csv_cents (copay);

          g_array_append_val (amounts, value);
        }
      g_assert_cmpuint (n, >, 4);
      for (guint f = n - 4; f < n; f++)
        {
          gint64 value = csv_cents (fields[f]);

          g_array_append_val (amounts, value);
        }
      *claimed += csv_cents (fields[n - 1]);
    }
  return amounts;
}

/* Walks two JSON exports side by side: the same objects and arrays, and
 * every member named "*_cents" in @credit is the negative of the one in
 * @original.
 * Returns how many amounts were compared. */
static guint
assert_json_negated (JsonNode   *original,
                     JsonNode   *credit,
                     const char *member)
{
  guint compared = 0;

  /* Texts (numbers, dates, the structured communication) differ. */
  if (!JSON_NODE_HOLDS_OBJECT (original) && !JSON_NODE_HOLDS_ARRAY (original) &&
      (member == NULL || !g_str_has_suffix (member, "_cents")))
    return 0;
  g_assert_cmpint (json_node_get_node_type (credit), ==, json_node_get_node_type (original));
  if (JSON_NODE_HOLDS_OBJECT (original))
    {
      JsonObject *a = json_node_get_object (original), *b = json_node_get_object (credit);
      g_autoptr(GList) names = json_object_get_members (a);

      for (GList *l = names; l != NULL; l = l->next)
        {
          g_assert_true (json_object_has_member (b, l->data));
          compared += assert_json_negated (json_object_get_member (a, l->data),
                                           json_object_get_member (b, l->data), l->data);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (original))
    {
      JsonArray *a = json_node_get_array (original), *b = json_node_get_array (credit);

      g_assert_cmpuint (json_array_get_length (b), ==, json_array_get_length (a));
      for (guint i = 0; i < json_array_get_length (a); i++)
        compared += assert_json_negated (json_array_get_element (a, i), json_array_get_element (b, i), member);
    }
  else
    {
      g_assert_cmpint (json_node_get_value_type (original), ==, G_TYPE_INT64);
      g_assert_cmpint (json_node_get_int (credit), ==, -json_node_get_int (original));
      compared++;
    }
  return compared;
}

/* A credit note exported in PDF, CSV and JSON: every amount is exactly
 * the negative of the credited invoice's, totals included, in each
 * language.  Negative amounts appear nowhere else. */
static void
test_credit_note_exports (Fixture       *f,
                          gconstpointer  data)
{
  struct {
    gint64 engagement;
    SessioLanguage language;
    const char *birth;
    const char *month;
  } cases[] = {
    { f->adult, SESSIO_LANGUAGE_NL, "1981-04-05", "2025-02" },
    { f->youth, SESSIO_LANGUAGE_FR, "2011-04-05", "2025-03" },
    { f->german, SESSIO_LANGUAGE_DE, "1982-04-05", "2025-04" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SessioInvoice) original = NULL, credit = NULL;
      g_autoptr(GArray) pdf_original = NULL, pdf_credit = NULL;
      g_autoptr(GArray) csv_original = NULL, csv_credit = NULL;
      g_autoptr(JsonNode) json_original = NULL, json_credit = NULL;
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *text_original = NULL, *text_credit = NULL;
      gint64 t[7], id, credit_id, claimed_original = 0, claimed_credit = 0;
      gboolean found_total = FALSE, found_credit_total = FALSE;
      guint n_copays = 0;

      /* Enough patients that the total passes a thousand euros (a group
       * separator), individual sessions (the first free of co-payment),
       * a trajectory fee and a group session with a co-facilitator
       * (a supplement, one co-payment a participant). */
      for (guint i = 0; i < G_N_ELEMENTS (t); i++)
        {
          g_autofree char *name = g_strdup_printf ("Creditpatiënt %u-%u", c, i);
          g_autofree char *first = g_strdup_printf ("%s-03T09:00", cases[c].month);
          g_autofree char *second = g_strdup_printf ("%s-17T09:00", cases[c].month);

          t[i] = add_trajectory (f, add_patient (f, name, cases[c].birth, NULL), cases[c].engagement);
          add_session (f, t[i], first, "support", "held", "practice");
          add_session (f, t[i], second, "support", "held", "video");
        }
      {
        g_autofree char *when = g_strdup_printf ("%s-12T14:00", cases[c].month);

        add_group (f, cases[c].engagement, when, t, 3, TRUE);
      }
      id = draft (f, cases[c].engagement, cases[c].month);
      issue (f, id, "2025-05-02");
      original = get (f, id);
      credit_id = sessio_invoice_store_credit (f->invoices, id, "2025-05-09", &error);
      g_assert_no_error (error);
      credit = get (f, credit_id);
      g_assert_cmpstr (credit->kind, ==, "credit-note");
      g_assert_cmpint (credit->total_cents, ==, -original->total_cents);
      g_assert_cmpint (original->total_cents, >, 100000);
      g_assert_cmpint (original->supplement_cents, >, 0);

      for (guint k = 0; k < 6; k++)
        g_ptr_array_add (paths, g_strdup_printf ("%s/credit-%u-%u.%s", f->dir, c, k,
                                                 (const char *[]) { "pdf", "csv", "json" }[k % 3]));
      g_assert_true (sessio_invoice_write_pdf (original, NULL, paths->pdata[0], &error));
      g_assert_no_error (error);
      g_assert_true (sessio_invoice_write_csv (original, paths->pdata[1], &error));
      g_assert_no_error (error);
      g_assert_true (sessio_invoice_write_json (original, paths->pdata[2], &error));
      g_assert_no_error (error);
      g_assert_true (sessio_invoice_write_pdf (credit, NULL, paths->pdata[3], &error));
      g_assert_no_error (error);
      g_assert_true (sessio_invoice_write_csv (credit, paths->pdata[4], &error));
      g_assert_no_error (error);
      g_assert_true (sessio_invoice_write_json (credit, paths->pdata[5], &error));
      g_assert_no_error (error);

      /* The PDF: the same amounts, each negated.  pdftotext orders
       * columns by their widths, which the minus signs change, so the
       * two are compared as sorted lists, not position by position. */
      text_original = pdf_text (paths->pdata[0]);
      text_credit = pdf_text (paths->pdata[3]);
      assert_contains (text_credit, credit->number);
      assert_contains (text_credit, original->number);
      pdf_original = pdf_amounts (text_original, cases[c].language);
      pdf_credit = pdf_amounts (text_credit, cases[c].language);
      /* Per line: fee, co-payment, claim; per group participant a
       * co-payment; the supplement; four totals. */
      for (guint i = 0; i < original->lines->len; i++)
        {
          SessioInvoiceLine *line = g_ptr_array_index (original->lines, i);

          n_copays += line->participants != NULL ? line->participants->len : 0;
        }
      g_assert_cmpuint (pdf_original->len, ==, original->lines->len * 3 + n_copays + 1 + 4);
      g_assert_cmpuint (pdf_credit->len, ==, pdf_original->len);
      for (guint i = 0; i < pdf_original->len; i++)
        {
          g_array_index (pdf_original, gint64, i) = -g_array_index (pdf_original, gint64, i);
          found_total |= g_array_index (pdf_original, gint64, i) == -original->total_cents;
          found_credit_total |= g_array_index (pdf_credit, gint64, i) == credit->total_cents;
        }
      g_array_sort (pdf_original, cmp_cents);
      g_array_sort (pdf_credit, cmp_cents);
      for (guint i = 0; i < pdf_original->len; i++)
        {
          gint64 a = g_array_index (pdf_original, gint64, i), b = g_array_index (pdf_credit, gint64, i);

          if (b != a)
            g_test_message ("PDF of %s: the credit note has %" G_GINT64_FORMAT " where the invoice negated has %"
                            G_GINT64_FORMAT, original->language, b, a);
          g_assert_cmpint (b, ==, a);
        }
      g_assert_true (found_total);
      g_assert_true (found_credit_total);

      /* The CSV: row by row, every amount and the participants'
       * co-payments negated; the claims add up to the negated total. */
      csv_original = csv_amounts (paths->pdata[1], &claimed_original);
      csv_credit = csv_amounts (paths->pdata[4], &claimed_credit);
      g_assert_cmpuint (csv_original->len, ==, original->lines->len * 4 + n_copays);
      g_assert_cmpuint (csv_credit->len, ==, csv_original->len);
      for (guint i = 0; i < csv_original->len; i++)
        {
          gint64 a = g_array_index (csv_original, gint64, i), b = g_array_index (csv_credit, gint64, i);

          if (b != -a)
            g_test_message ("CSV amount %u of %s: %" G_GINT64_FORMAT " on the invoice, %" G_GINT64_FORMAT
                            " on its credit note", i, original->language, a, b);
          g_assert_cmpint (b, ==, -a);
        }
      g_assert_cmpint (claimed_original, ==, original->total_cents);
      g_assert_cmpint (claimed_credit, ==, -original->total_cents);

      /* The JSON: the same document, every *_cents member negated. */
      {
        g_autofree char *a = NULL, *b = NULL;
        guint compared;

        g_assert_true (g_file_get_contents (paths->pdata[2], &a, NULL, NULL));
        g_assert_true (g_file_get_contents (paths->pdata[5], &b, NULL, NULL));
        json_original = json_from_string (a, &error);
        g_assert_no_error (error);
        json_credit = json_from_string (b, &error);
        g_assert_no_error (error);
        compared = assert_json_negated (json_original, json_credit, NULL);
        g_assert_cmpuint (compared, ==, original->lines->len * 4 + n_copays + 4);
        g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (json_credit),
                                                                                    "totals"), "amount_cents"),
                         ==, -original->total_cents);
      }
    }
}

/* The invoice speaks the engagement's language with Belgian money and
 * dates, whatever the user's own language; accents survive the PDF. */
static void
test_languages (Fixture       *f,
                gconstpointer  data)
{
  struct {
    gint64 engagement;
    const char *birth;
    const char *care;
    const char *location;
    const char *expect[4];
  } cases[] = {
    /* The health insurer by name in the document's language (code 116). */
    { f->adult, "1980-02-03", "support", "home",
      { "Psychologische ondersteuning", "maart 2025", "€ 75,00", "· Christelijke Mutualiteit (116)" } },
    { f->youth, "2012-02-03", "support", "school",
      { "Soutien psychologique", "école", "mars 2025", "· Mutualité chrétienne (116)" } },
    { f->german, "1980-02-03", "support", "practice",
      { "Psychologische Unterstützung", "März 2025", "75,00 €", "· Christliche Krankenkasse (116)" } },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SessioInvoice) invoice = NULL;
      g_autofree char *name = g_strdup_printf ("Zoë Çelik-Müller %u", c);
      g_autofree char *pdf = g_strdup_printf ("%s/lang-%u.pdf", f->dir, c);
      g_autofree char *text = NULL;
      gint64 t = add_trajectory (f, add_patient (f, name, cases[c].birth, NULL), cases[c].engagement);

      add_session (f, t, "2025-03-03", cases[c].care, "held", cases[c].location);
      add_session (f, t, "2025-03-10", cases[c].care, "held", cases[c].location);
      invoice = get (f, draft (f, cases[c].engagement, "2025-03"));
      g_assert_true (sessio_invoice_write_pdf (invoice, NULL, pdf, &error));
      g_assert_no_error (error);
      text = pdf_text (pdf);
      assert_contains (text, name);
      for (guint e = 0; e < G_N_ELEMENTS (cases[c].expect); e++)
        assert_contains (text, cases[c].expect[e]);
    }
}

/* The document titles in nl, fr and de.  They need the lead's
 * translations: until the catalogues have them, skipped (the po test
 * fails meanwhile, so this cannot stay skipped unnoticed). */
static void
test_translated_titles (Fixture       *f,
                        gconstpointer  data)
{
  struct {
    SessioLanguage language;
    const char *patient_language;
    const char *invoice;
    const char *credit_note;
    const char *receipt;
  } cases[] = {
    { SESSIO_LANGUAGE_NL, "nl", "Factuur", "Creditnota", "Betalingsbewijs" },
    { SESSIO_LANGUAGE_FR, "fr", "Facture", "Note de crédit", "Reçu" },
    { SESSIO_LANGUAGE_DE, "de", "Rechnung", "Gutschrift", "Zahlungsbeleg" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    if (g_strcmp0 (sessio_doc_gettext (cases[c].language, "Payment receipt"), "Payment receipt") == 0)
      {
        g_test_skip ("The document strings are not translated yet");
        return;
      }

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SessioReceipt) receipt = NULL;
      g_autofree char *pdf = g_strdup_printf ("%s/receipt-%u.pdf", f->dir, c);
      g_autofree char *text = NULL;
      gint64 p = add_patient (f, "Taalpersoon", "1980-02-03", cases[c].patient_language);
      gint64 t = add_trajectory (f, p, f->adult);

      add_session (f, t, "2025-03-03", "support", "held", NULL);
      g_assert_cmpstr (sessio_doc_gettext (cases[c].language, "Invoice"), ==, cases[c].invoice);
      g_assert_cmpstr (sessio_doc_gettext (cases[c].language, "Credit note"), ==, cases[c].credit_note);
      /* The pupil guidance centre its readers know: CLB in Flanders,
       * centre PMS in the French Community, Kaleido in Ostbelgien. */
      g_assert_cmpstr (sessio_doc_gettext (cases[c].language, "CLB"), ==,
                       c == 0 ? "CLB" : c == 1 ? "centre PMS" : "Kaleido");
      g_assert_cmpstr (sessio_doc_gettext (cases[c].language, "Organised by the CLB at school"), ==,
                       c == 0 ? "Georganiseerd door het CLB op school" : c == 1 ? "Organisée par le centre PMS à l’école"
                       : "Von Kaleido in der Schule organisiert");
      receipt = sessio_invoice_store_receipt (f->invoices, p, "2025-03-01", "2025-03-31", 0, &error);
      g_assert_no_error (error);
      g_assert_true (sessio_receipt_write_pdf (receipt, NULL, pdf, &error));
      text = pdf_text (pdf);
      assert_contains (text, cases[c].receipt);
    }
}

static void
test_receipt (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioReceipt) receipt = NULL, one = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "receipt.pdf", NULL);
  g_autofree char *text = NULL, *shots = screenshot_dir ();
  g_autofree char *png_base = g_build_filename (shots, "receipt-page1", NULL);
  gint64 p = add_patient (f, "Éloïse Testpersoon", "1985-02-03", "fr");
  gint64 t = add_trajectory (f, p, f->adult);
  gint64 first, second;
  gint64 sum = 0;

  first = add_session (f, t, "2025-02-03", "support", "held", NULL);
  second = add_session (f, t, "2025-02-10", "support", "held", NULL);
  add_session (f, t, "2025-02-17", "support", "no-show", NULL);

  receipt = sessio_invoice_store_receipt (f->invoices, p, "2025-02-01", "2025-02-28", 0, &error);
  g_assert_no_error (error);
  /* The free first session is on it too; the no-show is not. */
  g_assert_cmpuint (receipt->lines->len, ==, 2);
  g_assert_cmpint (((SessioReceiptLine *) g_ptr_array_index (receipt->lines, 0))->session_id, ==, first);
  g_assert_cmpint (((SessioReceiptLine *) g_ptr_array_index (receipt->lines, 0))->copay_cents, ==, 0);
  g_assert_cmpint (((SessioReceiptLine *) g_ptr_array_index (receipt->lines, 1))->copay_cents, ==, 1100);
  for (guint i = 0; i < receipt->lines->len; i++)
    sum += ((SessioReceiptLine *) g_ptr_array_index (receipt->lines, i))->copay_cents;
  g_assert_cmpint (sum, ==, receipt->total_cents);
  g_assert_cmpstr (receipt->language, ==, "fr");

  g_assert_true (sessio_receipt_write_pdf (receipt, NULL, pdf, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf);
  assert_contains (text, "Éloïse Testpersoon");
  assert_contains (text, "0,00 €");
  assert_contains (text, "11,00 €");
  assert_contains (text, "Soutien psychologique");
  {
    const char *argv[] = { "pdftoppm", "-png", "-r", "110", "-singlefile", pdf, png_base, NULL };
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                                 &status, &error));
  }

  /* One session. */
  one = sessio_invoice_store_receipt (f->invoices, p, "2025-02-01", "2025-02-28", second, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->lines->len, ==, 1);
  g_assert_cmpint (one->total_cents, ==, 1100);
}

static void
test_erasure_keeps_invoices (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioInvoice) before = NULL, after = NULL, other = NULL;
  gint64 erased = add_patient (f, "Gerda Gewist", "1977-03-04", "nl");
  gint64 kept = add_patient (f, "Hugo Blijft", "1976-04-05", "nl");
  gint64 te = add_trajectory (f, erased, f->adult);
  gint64 tk = add_trajectory (f, kept, f->adult);
  gint64 group[2] = { te, tk };
  gint64 id, draft_id;
  g_autofree char *pdf = g_build_filename (f->dir, "after-erasure.pdf", NULL);
  g_autofree char *text = NULL;

  add_session (f, te, "2025-02-03", "support", "held", NULL);
  add_group (f, f->adult, "2025-02-05", group, 2, FALSE);
  add_session (f, tk, "2025-02-06", "support", "held", NULL);
  id = draft (f, f->adult, "2025-02");
  issue (f, id, "2025-03-01");
  before = get (f, id);
  add_session (f, te, "2025-03-03", "support", "held", NULL);
  add_session (f, tk, "2025-03-04", "support", "held", NULL);
  draft_id = draft (f, f->adult, "2025-03");

  /* 30 years after the last contact (retention). */
  {
    GDate later;

    g_date_clear (&later, 1);
    g_date_set_dmy (&later, 1, G_DATE_JANUARY, 2056);
    sessio_clock_set_today_for_testing (&later);
  }
  g_assert_true (sessio_patient_store_erase_patient (f->store, erased, &error));
  g_assert_no_error (error);

  /* The issued invoice is intact, to the cent and to the name. */
  after = get (f, id);
  g_assert_cmpuint (after->lines->len, ==, before->lines->len);
  g_assert_cmpint (after->total_cents, ==, before->total_cents);
  for (guint i = 0; i < after->lines->len; i++)
    {
      SessioInvoiceLine *a = g_ptr_array_index (after->lines, i), *b = g_ptr_array_index (before->lines, i);

      g_assert_cmpstr (a->patient_name, ==, b->patient_name);
      g_assert_cmpstr (a->insz, ==, b->insz);
    }
  g_assert_true (sessio_invoice_write_pdf (after, NULL, pdf, &error));
  text = pdf_text (pdf);
  assert_contains (text, "Gerda Gewist");

  /* The draft lost the erased patient's lines, and no longer matches the
   * sessions' truth only where it named them. */
  other = get (f, draft_id);
  for (guint i = 0; i < other->lines->len; i++)
    g_assert_cmpstr (((SessioInvoiceLine *) g_ptr_array_index (other->lines, i))->patient_name, !=, "Gerda Gewist");
}

static void
test_personal_fields (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SessioInvoice) invoice = NULL;
  g_auto(GStrv) fields = NULL;
  g_autofree char *joined = NULL;
  gint64 t = add_trajectory (f, add_patient (f, "Ilse Privé", "1980-05-06", NULL), f->adult);

  add_session (f, t, "2025-02-03", "support", "held", NULL);
  invoice = get (f, draft (f, f->adult, "2025-02"));
  fields = sessio_invoice_personal_fields (invoice);
  joined = g_strjoinv ("\n", fields);
  g_assert_nonnull (strstr (joined, "The name of 1 patient"));
  g_assert_nonnull (strstr (joined, "INSZ"));
  g_assert_nonnull (strstr (joined, "health insurer"));
  /* Never the data itself. */
  g_assert_null (strstr (joined, "Ilse"));
  g_assert_null (strstr (joined, ((SessioInvoiceLine *) g_ptr_array_index (invoice->lines, 0))->insz));
}

/* The multidisciplinary consultation is billed when the rule set has a
 * fee for it (2022 and 2023 sets), never otherwise (2024: none). */
static void
test_mdo (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioInvoice) invoice = NULL;
  gint64 p = add_patient (f, "Karel Overleg", "1970-01-01", NULL);
  SessioTask task = { 0, f->adult, p, (char *) "mdo", (char *) "2023-10-05T14:00", 60, 3, NULL };
  SessioTask later = { 0, f->adult, p, (char *) "mdo", (char *) "2025-02-05T14:00", 60, 4, NULL };
  const SessioInvoiceLine *line;

  g_assert_cmpint (sessio_patient_store_add_task (f->store, &task, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (sessio_patient_store_add_task (f->store, &later, &error), >, 0);
  g_assert_no_error (error);

  invoice = get (f, draft (f, f->adult, "2023-10"));
  assert_totals (invoice);
  g_assert_cmpuint (invoice->lines->len, ==, 1);
  line = g_ptr_array_index (invoice->lines, 0);
  g_assert_cmpstr (line->kind, ==, "mdo");
  g_assert_cmpstr (line->patient_name, ==, "Karel Overleg");
  g_assert_cmpstr (line->rule_set, ==, "2023-09-01");
  g_assert_cmpint (line->fee_cents, ==, 22500);
  g_assert_cmpint (line->amount_cents, ==, 22500);
  /* Once: a second draft of the period finds nothing. */
  issue (f, invoice->id, "2023-11-02");
  g_assert_cmpint (sessio_invoice_store_draft_month (f->invoices, f->adult, "2023-10", &error), ==, 0);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_cmpint (sessio_invoice_store_draft_month (f->invoices, f->adult, "2025-02", &error), ==, 0);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
}

/* An optional PNG logo in the corner; a file that is not a PNG is left
 * out rather than failing the invoice. */
static void
test_logo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioInvoice) invoice = NULL;
  g_autofree char *logo = g_build_filename (f->dir, "logo.png", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "logo.txt", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "logo.pdf", NULL);
  g_autofree char *text = NULL;
  gint64 t = add_trajectory (f, add_patient (f, "Lotte Logo", "1980-05-06", NULL), f->adult);
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 240, 80);
  cairo_t *cr = cairo_create (image);

  cairo_set_source_rgb (cr, 0.1, 0.4, 0.6);
  cairo_arc (cr, 40, 40, 36, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (image, logo), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (image);
  g_assert_true (g_file_set_contents (bad, "not a picture", -1, NULL));

  add_session (f, t, "2025-02-03", "support", "held", NULL);
  invoice = get (f, draft (f, f->adult, "2025-02"));
  g_assert_true (sessio_invoice_write_pdf (invoice, logo, pdf, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf);
  assert_contains (text, "Lotte Logo");
  g_assert_true (sessio_invoice_write_pdf (invoice, bad, pdf, &error));
  g_assert_no_error (error);
}

/* Lines of the same day (trajectory fees of several patients, a group's
 * participants) come in one fixed order, so a draft can always be issued
 * when nothing changed, and its line order does not move. */
static void
test_stable_order (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SessioInvoice) drafted = NULL, issued = NULL;
  gint64 t[5];
  gint64 id;

  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      g_autofree char *name = g_strdup_printf ("Zelfde Dag %u", 5 - i);

      t[i] = add_trajectory (f, add_patient (f, name, "1980-03-04", NULL), f->adult);
      add_session (f, t[i], "2025-02-03T09:00", "support", "held", NULL);
    }
  add_group (f, f->adult, "2025-02-03T15:00", t, G_N_ELEMENTS (t), FALSE);
  id = draft (f, f->adult, "2025-02");
  drafted = get (f, id);
  issue (f, id, "2025-03-01");
  issued = get (f, id);
  g_assert_cmpuint (drafted->lines->len, ==, 2 * G_N_ELEMENTS (t) + 1);
  for (guint i = 0; i < issued->lines->len; i++)
    {
      SessioInvoiceLine *a = g_ptr_array_index (drafted->lines, i), *b = g_ptr_array_index (issued->lines, i);

      g_assert_cmpstr (a->kind, ==, b->kind);
      g_assert_cmpint (a->patient_id, ==, b->patient_id);
      g_assert_cmpint (a->session_id, ==, b->session_id);
      if (i > 0 && g_strcmp0 (a->kind, "trajectory-fee") == 0)
        g_assert_cmpint (((SessioInvoiceLine *) g_ptr_array_index (drafted->lines, i - 1))->patient_id, <, a->patient_id);
    }
}

static gpointer
translate_many (gpointer data)
{
  SessioLanguage language = GPOINTER_TO_INT (data);
  const char *expected = language == SESSIO_LANGUAGE_FR ? "Soutien psychologique"
                         : language == SESSIO_LANGUAGE_DE ? "Psychologische Unterstützung"
                         : "Psychologische ondersteuning";

  for (guint i = 0; i < 2000; i++)
    if (g_strcmp0 (sessio_doc_gettext (language, "Support"), expected) != 0)
      return GINT_TO_POINTER (FALSE);
  return GINT_TO_POINTER (TRUE);
}

/* Documents look strings up in a language of their own, from several
 * threads at once, whatever the process's locale (C here). */
static void
test_doc_language (void)
{
  static const char missing[] = "No catalogue has this sentence";
  GThread *threads[6];

  g_assert_cmpstr (sessio_doc_gettext (SESSIO_LANGUAGE_EN, "Support"), ==, "Support");
  g_assert_true (sessio_doc_gettext (SESSIO_LANGUAGE_NL, missing) == missing);
  g_assert_cmpint (sessio_doc_language_from_code ("de"), ==, SESSIO_LANGUAGE_DE);
  g_assert_cmpint (sessio_doc_language_from_code ("xx"), ==, SESSIO_LANGUAGE_EN);
  g_assert_cmpint (sessio_doc_language_from_code (NULL), ==, SESSIO_LANGUAGE_EN);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("doc-language", translate_many,
                               GINT_TO_POINTER (SESSIO_LANGUAGE_NL + (int) (i % 3)));
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
}

/* The demo is what a newcomer sees first: past months' invoices issued
 * and paid, and last month's drafted, waiting to be issued. */
static void
test_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SessioVault) vault = sessio_demo_create (&dir, &error);
  g_autoptr(SessioRuleStore) rule_store = NULL;
  g_autoptr(SessioPatientStore) patients = NULL;
  g_autoptr(SessioInvoiceStore) invoices = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GDate) last_month = g_date_new ();
  g_autofree char *last_month_start = NULL;
  guint n_paid = 0, n_drafts = 0;

  g_assert_no_error (error);
  rule_store = sessio_rule_store_new (vault, &error);
  g_assert_no_error (error);
  patients = sessio_patient_store_new (vault, sessio_rule_store_get_rules (rule_store));
  invoices = sessio_invoice_store_new (patients, rule_store);
  list = sessio_invoice_store_list (invoices, 0, &error);
  g_assert_no_error (error);

  g_date_set_time_t (last_month, time (NULL));
  g_date_set_day (last_month, 1);
  g_date_subtract_months (last_month, 1);
  last_month_start = g_strdup_printf ("%04u-%02u-01", g_date_get_year (last_month), g_date_get_month (last_month));
  for (guint i = 0; i < list->len; i++)
    {
      SessioInvoice *invoice = g_ptr_array_index (list, i);

      if (invoice->state == SESSIO_INVOICE_STATE_PAID)
        {
          g_assert_cmpstr (invoice->period_from, <, last_month_start);
          g_assert_nonnull (invoice->paid_at);
          n_paid++;
        }
      else if (invoice->state == SESSIO_INVOICE_STATE_DRAFT)
        {
          g_assert_cmpstr (invoice->period_from, ==, last_month_start);
          n_drafts++;
        }
      else
        g_assert_not_reached ();
    }
  g_assert_cmpuint (n_paid, >=, 4);
  /* One for each of the two networks. */
  g_assert_cmpuint (n_drafts, ==, 2);

  g_assert_true (sessio_vault_close (vault, &error));
  g_assert_no_error (error);
  sessio_demo_remove (dir);
}

int
main (int    argc,
      char **argv)
{
  test_init (&argc, &argv);

  g_test_add_func ("/invoices/doc-language", test_doc_language);
  g_test_add_func ("/invoices/demo", test_demo);

#define ADD(path, func) \
  g_test_add ("/invoices/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("lifecycle-numbering", test_lifecycle_numbering);
  ADD ("issued-is-immutable", test_issued_is_immutable);
  ADD ("journal-replay", test_journal_replay);
  ADD ("credit-note", test_credit_note);
  ADD ("credit-note-exports", test_credit_note_exports);
  ADD ("group-claimed-once", test_group_claimed_once);
  ADD ("random-months", test_random_months);
  ADD ("trajectory-fee-once-a-year", test_trajectory_fee_once_a_year);
  ADD ("exports-agree", test_exports_agree);
  ADD ("languages", test_languages);
  ADD ("translated-titles", test_translated_titles);
  ADD ("receipt", test_receipt);
  ADD ("erasure-keeps-invoices", test_erasure_keeps_invoices);
  ADD ("personal-fields", test_personal_fields);
  ADD ("mdo", test_mdo);
  ADD ("logo", test_logo);
  ADD ("stable-order", test_stable_order);
#undef ADD

  return g_test_run ();
}
