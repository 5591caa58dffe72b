/* test-eid-dialog.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Read eID" in the New Patient dialog, on virtual cards: a private pcscd
 * with the vpcd reader and the card emulator, both run by
 * tests/eid_card.py serve (started here, stopped at the end).  The button
 * comes with the reader and is usable while a card is in it; a card fills
 * name, birth date, sex and INSZ for review (screenshot); an expired card
 * is read but flagged (screenshot); a card whose INSZ is in the file opens
 * that patient; a damaged card leaves the form as it was, with a sentence;
 * in Correct Patient File the patient's own card rectifies the name.
 * The people on the cards are invented.
 */

#include "config.h"

#include "gui-test-util.h"
#include "sessio-date-row.h"
#include "sessio-eid-reader.h"
#include "sessio-patient-dialog.h"
#include "sessio-patient-view.h"
#include "sessio-patients-page.h"
#include "sessio-window.h"

static GSubprocess *server;
static GDataInputStream *server_out;
static GOutputStream *server_in;

typedef struct
{
  char                *dir;
  SessioWindow        *window;
  SessioPatientsPage  *page;
  SessioPatientStore  *store;
} Fixture;

/* One line from the card server. */
static char *
server_line (void)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (server_out, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

static void
server_command (const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strconcat (command, "\n", NULL);
  g_autofree char *answer = NULL;

  g_assert_true (g_output_stream_write_all (server_in, text, strlen (text), NULL, NULL, &error));
  g_assert_no_error (error);
  answer = server_line ();
  g_assert_cmpstr (answer, ==, "ok");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *vault_dir = NULL;
  g_autoptr(SessioVault) vault = NULL;

  f->dir = test_make_tmpdir ();
  vault_dir = g_build_filename (f->dir, "vault", NULL);
  vault = test_create_vault (vault_dir, NULL);

  f->window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
  sessio_window_set_vault (f->window, vault);
  gtk_window_present (GTK_WINDOW (f->window));
  f->page = (gpointer) sessio_window_get_section (f->window, "patients");
  f->store = sessio_window_get_store (f->window);
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

static SessioPatientDialog *
open_dialog (Fixture *f)
{
  SessioPatientDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-patient", NULL));
  dialog = gui_test_find_toplevel (SESSIO_TYPE_PATIENT_DIALOG);
  g_assert_nonnull (dialog);
  return dialog;
}

static gboolean
button_visible (gpointer data)
{
  return gtk_widget_get_visible (gui_test_child (data, SESSIO_TYPE_PATIENT_DIALOG, "eid_button"));
}

static gboolean
button_usable (gpointer data)
{
  return button_visible (data) &&
         gtk_widget_is_sensitive (gui_test_child (data, SESSIO_TYPE_PATIENT_DIALOG, "eid_button"));
}

static gboolean
button_unusable (gpointer data)
{
  return !gtk_widget_is_sensitive (gui_test_child (data, SESSIO_TYPE_PATIENT_DIALOG, "eid_button"));
}

static gboolean
read_finished (gpointer data)
{
  GtkLabel *label = gui_test_child (data, SESSIO_TYPE_PATIENT_DIALOG, "eid_label");

  return gtk_widget_get_visible (GTK_WIDGET (label)) &&
         !g_str_has_suffix (gtk_label_get_text (label), "…");
}

static const char *
text_of (gpointer    dialog,
         const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, name)));
}

/* Inserts @card, waits for the dialog to see it, reads it. */
static void
read_card (SessioPatientDialog *dialog,
           const char          *card)
{
  g_autofree char *insert = g_strconcat ("insert ", card, NULL);

  g_assert_true (gui_test_wait (button_visible, dialog));
  server_command (insert);
  g_assert_true (gui_test_wait (button_usable, dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "patient.read-eid", NULL));
  g_assert_true (gui_test_wait (read_finished, dialog));
}

static gboolean
reader_empty (gpointer data)
{
  SessioEidMonitor *monitor = data;

  return sessio_eid_monitor_get_service (monitor) &&
         sessio_eid_monitor_get_reader_present (monitor) &&
         !sessio_eid_monitor_get_card_present (monitor);
}

/* Takes the card out, and waits until pcscd has seen it go: the next
 * card then never meets this one's state. */
static void
remove_card (SessioPatientDialog *dialog)
{
  g_autoptr(SessioEidMonitor) monitor = sessio_eid_monitor_new ();

  server_command ("remove");
  g_assert_true (gui_test_wait (reader_empty, monitor));
  /* The dialog's own monitor follows the card leaving too. */
  if (dialog != NULL)
    g_assert_true (gui_test_wait (button_unusable, dialog));
}

static void
test_fill_from_card (Fixture       *f,
                     gconstpointer  data)
{
  SessioPatientDialog *dialog = open_dialog (f);
  GtkLabel *label = gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "eid_label");
  g_autoptr(SessioPatient) patient = NULL;
  g_autoptr(GError) error = NULL;
  GDate birth;
  gint64 id;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  /* A reader, no card yet: the button is there, not usable. */
  g_assert_true (gui_test_wait (button_visible, dialog));
  g_assert_false (gtk_widget_is_sensitive (gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "eid_button")));

  read_card (dialog, "adult");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "dim-label"));
  g_assert_cmpstr (text_of (dialog, "name_row"), ==, "Jan Pieter K. Peeters-Verhoeven");
  g_assert_cmpstr (text_of (dialog, "insz_row"), ==, "85071400155");
  g_assert_true (sessio_date_row_get_date (gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "birth_row"), &birth));
  g_assert_cmpuint (g_date_get_year (&birth), ==, 1985);
  g_assert_cmpuint (g_date_get_month (&birth), ==, 7);
  g_assert_cmpuint (g_date_get_day (&birth), ==, 14);
  g_assert_cmpuint (adw_combo_row_get_selected (gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "sex_row")), ==, 2);
  gui_test_settle (dialog);
  gui_test_save_png (dialog, "eid-new-patient");

  /* Nothing is saved until the user accepts the form. */
  g_assert_cmpint (sessio_patient_store_find_insz (f->store, "85071400155", NULL), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "patient.add", NULL);
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &dialog));
  id = sessio_patient_store_find_insz (f->store, "85071400155", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  patient = sessio_patient_store_get_patient (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (patient->name, ==, "Jan Pieter K. Peeters-Verhoeven");
  g_assert_cmpstr (patient->birth_date, ==, "1985-07-14");
  g_assert_cmpstr (patient->sex, ==, "m");
  remove_card (NULL);
}

static void
test_expired_card (Fixture       *f,
                   gconstpointer  data)
{
  SessioPatientDialog *dialog = open_dialog (f);
  GtkLabel *label = gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "eid_label");

  read_card (dialog, "expired");
  /* Read, and flagged. */
  g_assert_cmpstr (text_of (dialog, "name_row"), ==, "Maria Janssens");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "warning"));
  g_assert_nonnull (strstr (gtk_label_get_text (label), "15 May 2024"));
  gui_test_settle (dialog);
  gui_test_save_png (dialog, "eid-expired-card");
  remove_card (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_damaged_card (Fixture       *f,
                   gconstpointer  data)
{
  SessioPatientDialog *dialog = open_dialog (f);
  GtkLabel *label = gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "eid_label");

  gtk_editable_set_text (GTK_EDITABLE (gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "name_row")),
                         "Typed Before");
  read_card (dialog, "corrupt");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "error"));
  g_assert_cmpstr (gtk_label_get_text (label), ==, "The identity file on the card is damaged or incomplete");
  /* The form is as it was. */
  g_assert_cmpstr (text_of (dialog, "name_row"), ==, "Typed Before");
  g_assert_cmpstr (text_of (dialog, "insz_row"), ==, "");
  remove_card (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_known_patient_opens (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SessioPatient patient = { 0 };
  SessioPatientDialog *dialog;
  gint64 id;

  patient.name = (char *) "Lotte Claes";
  patient.birth_date = (char *) "2016-03-09";
  patient.insz = (char *) "16030901207";
  id = sessio_patient_store_add_patient (f->store, &patient, &error);
  g_assert_no_error (error);

  dialog = open_dialog (f);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gui_test_wait (button_visible, dialog));
  server_command ("insert kids");
  g_assert_true (gui_test_wait (button_usable, dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "patient.read-eid", NULL));
  /* No namesake: the dialog closes and the patient is shown. */
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &dialog));
  g_assert_cmpint (sessio_patient_view_get_patient_id (gui_test_child (f->page, SESSIO_TYPE_PATIENTS_PAGE, "patient_view")),
                   ==, id);
  g_assert_cmpint (sessio_patient_store_find_insz (f->store, "16030901207", NULL), ==, id);
  remove_card (NULL);
}

static void
skip (gconstpointer reason)
{
  g_test_skip (reason);
}

/* Correct Patient File: the card of the same patient fills the form (a
 * misspelt name is rectified on saving); another patient's card does not. */
static void
test_correct_patient_file (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatient) stored = NULL;
  SessioPatient patient = { 0 };
  SessioPatientDialog *dialog;
  GtkLabel *label;
  gint64 id, other;

  patient.name = (char *) "Lotte Klaas";
  patient.birth_date = (char *) "2016-03-09";
  patient.insz = (char *) "16030901207";
  id = sessio_patient_store_add_patient (f->store, &patient, &error);
  g_assert_no_error (error);
  patient.name = (char *) "Jan Peeters";
  patient.birth_date = (char *) "1985-07-14";
  patient.insz = (char *) "85071400155";
  other = sessio_patient_store_add_patient (f->store, &patient, &error);
  g_assert_no_error (error);
  g_assert_cmpint (other, !=, id);

  dialog = sessio_patient_dialog_new_edit (f->store, id, &error);
  g_assert_no_error (error);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (dialog));
  label = gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "eid_label");

  /* Another patient's card: a sentence, the form as it was. */
  read_card (dialog, "adult");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "error"));
  g_assert_cmpstr (text_of (dialog, "name_row"), ==, "Lotte Klaas");
  remove_card (dialog);

  /* The patient's own card: the name as the register writes it. */
  read_card (dialog, "kids");
  g_assert_cmpstr (text_of (dialog, "name_row"), ==, "Lotte Claes");
  g_assert_cmpuint (adw_combo_row_get_selected (gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "sex_row")), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "patient.add", NULL);
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &dialog));
  stored = sessio_patient_store_get_patient (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->name, ==, "Lotte Claes");
  g_assert_cmpstr (stored->sex, ==, "f");
  remove_card (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  g_autofree char *first = NULL;
  int status;

  gui_test_init (&argc, &argv);
  script = g_test_build_filename (G_TEST_DIST, "eid_card.py", NULL);

  /* The card server first: the socket must be known before pcsc-lite's
   * client library is first used, since it reads the variable once. */
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             "python3", script, "serve", NULL);
  g_assert_no_error (error);
  server_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  server_in = g_subprocess_get_stdin_pipe (server);
  first = server_line ();
  if (g_str_has_prefix (first, "skip "))
    g_test_add_data_func ("/eid-dialog/virtual-cards", first + 5, skip);
  else
    {
      g_assert_true (g_str_has_prefix (first, "socket "));
      g_setenv ("PCSCLITE_CSOCK_NAME", first + 7, TRUE);
    }

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  if (g_str_has_prefix (first, "socket "))
    {
      ADD ("/eid-dialog/fill-from-card", test_fill_from_card);
      ADD ("/eid-dialog/expired-card", test_expired_card);
      ADD ("/eid-dialog/damaged-card", test_damaged_card);
      ADD ("/eid-dialog/known-patient-opens", test_known_patient_opens);
      ADD ("/eid-dialog/correct-patient-file", test_correct_patient_file);
    }
#undef ADD

  status = g_test_run ();

  /* End of input: the server stops pcscd and exits. */
  g_output_stream_close (server_in, NULL, NULL);
  g_subprocess_wait (server, NULL, NULL);
  g_clear_object (&server_out);
  g_clear_object (&server);
  return status;
}
