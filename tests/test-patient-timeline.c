/* test-patient-timeline.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The patient page as a readable file, on a real vault: a
 * note of several thousand characters shown by its start in the
 * timeline and expanded to the whole; the search within the patient's
 * notes; the trajectory opened and edited, a refusal shown at the field
 * at fault and cleared once fixed, then saved, its history keeping the
 * old summary; closing a file hides it from the patient list and leaves
 * its page read only, Undo and the Closed Files list bring it back;
 * erasure offered only when the law allows it, and the files past the
 * retention period listed.
 */

#include "config.h"

#include <string.h>

#include "gui-test-util.h"
#include "sessio-clock.h"
#include "sessio-date-row.h"
#include "sessio-patient-view.h"
#include "sessio-patients-page.h"
#include "sessio-patient-list.h"
#include "sessio-retention-dialog.h"
#include "sessio-timeline.h"
#include "sessio-trajectory-edit-dialog.h"
#include "sessio-window.h"

typedef struct
{
  char                *dir;
  SessioWindow        *window;
  SessioPatientsPage  *page;
  SessioPatientView   *view;
  SessioPatientStore  *store;
  gint64               engagement;
  gint64               patient;
  gint64               trajectory;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *vault_dir = NULL;
  g_autoptr(SessioVault) vault = NULL;
  g_autoptr(GError) error = NULL;
  SessioEngagement engagement = { 0 };
  SessioPatient patient = { 0 };
  SessioTrajectory t = { 0 };

  f->dir = test_make_tmpdir ();
  vault_dir = g_build_filename (f->dir, "vault", NULL);
  vault = test_create_vault (vault_dir, NULL);

  f->window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 760);
  sessio_window_set_vault (f->window, vault);
  gtk_window_present (GTK_WINDOW (f->window));
  f->page = (gpointer) sessio_window_get_section (f->window, "patients");
  f->view = gui_test_child (f->page, SESSIO_TYPE_PATIENTS_PAGE, "patient_view");
  f->store = sessio_window_get_store (f->window);

  engagement.network_name = (char *) "Netwerk Volwassenen Testregio";
  engagement.network = (char *) "adult";
  engagement.model = (char *) "independent";
  engagement.weekly_contingent = -1;
  f->engagement = sessio_patient_store_add_engagement (f->store, &engagement, &error);
  g_assert_no_error (error);

  patient.name = (char *) "Wannes Tijdlijn";
  patient.birth_date = (char *) "1979-06-21";
  f->patient = sessio_patient_store_add_patient (f->store, &patient, &error);
  g_assert_no_error (error);
  t.patient_id = f->patient;
  t.engagement_id = f->engagement;
  t.start_date = (char *) "2025-01-06";
  t.bilan_date = (char *) "2025-01-06";
  t.bilan_summary = (char *) "Slaapproblemen sinds de verhuis; functioneren op het werk verminderd.";
  f->trajectory = sessio_patient_store_add_trajectory (f->store, &t, &error);
  g_assert_no_error (error);
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
  /* Back to the real clock for the next test. */
  sessio_clock_reset_for_testing ();
}

static gint64
add_session (Fixture    *f,
             const char *starts_at,
             const char *notes)
{
  g_autoptr(GError) error = NULL;
  SessioSession session = { 0 };
  gint64 id;

  session.trajectory_id = f->trajectory;
  session.starts_at = (char *) starts_at;
  session.care = (char *) "support";
  session.setting = (char *) "individual";
  session.copay = (char *) "cash";
  session.notes = (char *) notes;
  id = sessio_patient_store_add_session (f->store, &session, &error);
  g_assert_no_error (error);
  return id;
}

/* A label under @root whose text contains @text, mapped, or NULL. */
static GtkLabel *
find_label (GtkWidget  *root,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) &&
          strstr (gtk_label_get_text (GTK_LABEL (child)), text) != NULL)
        return GTK_LABEL (child);
      if ((found = find_label (child, text)) != NULL)
        return found;
    }
  return NULL;
}

/* A button under @root whose label is @label, mapped, or NULL. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && gtk_widget_get_mapped (child) &&
          g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)) != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} Lookup;

static gboolean
label_shown (gpointer data)
{
  Lookup *lookup = data;

  return find_label (lookup->root, lookup->text) != NULL;
}

static gboolean
button_shown (gpointer data)
{
  Lookup *lookup = data;

  return find_button (lookup->root, lookup->text) != NULL;
}

/* How many lines @label takes as laid out now. */
static int
label_lines (GtkLabel *label)
{
  return pango_layout_get_line_count (gtk_label_get_layout (label));
}

/* ------------------------------------------------------------- tests */

/* A long note: its start in the timeline, the whole once expanded,
 * wrapped and selectable. */
static void
test_long_note_expanded (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GString) note = g_string_new ("Begin van het gesprek. ");
  Lookup lookup = { GTK_WIDGET (f->view), "Begin van het gesprek." };
  Lookup expander = { GTK_WIDGET (f->view), "Show _Whole Text" };
  GtkLabel *label;
  GtkWidget *more;
  int collapsed;

  while (note->len < 4000)
    g_string_append (note, "De patiënt vertelt over de week, de slaap en het werk, en wat hielp. ");
  g_string_append (note, "Einde van de notitie.");
  add_session (f, "2025-02-03T10:00", "Kort gesprek over de slaap.");
  add_session (f, "2025-02-10T10:00", note->str);

  sessio_patients_page_reload (f->page);
  sessio_patients_page_open_patient (f->page, f->patient);
  gui_test_settle (f->window);
  g_assert_true (gui_test_wait (label_shown, &lookup));
  label = find_label (GTK_WIDGET (f->view), "Begin van het gesprek.");
  /* The label holds the whole note, and shows its first lines. */
  g_assert_cmpstr (gtk_label_get_text (label), ==, note->str);
  g_assert_true (gtk_label_get_wrap (label));
  g_assert_true (gtk_label_get_selectable (label));
  g_assert_cmpint (gtk_label_get_ellipsize (label), ==, PANGO_ELLIPSIZE_END);
  collapsed = gtk_widget_get_height (GTK_WIDGET (label));
  g_assert_cmpint (label_lines (label), <=, 3);
  /* A short note has no button. */
  g_assert_nonnull (find_label (GTK_WIDGET (f->view), "Kort gesprek over de slaap."));

  g_assert_true (gui_test_wait (button_shown, &expander));
  more = find_button (GTK_WIDGET (f->view), "Show _Whole Text");
  gui_test_save_png (f->window, "patient-timeline");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (more), TRUE);
  gui_test_settle (f->window);
  label = find_label (GTK_WIDGET (f->view), "Begin van het gesprek.");
  g_assert_cmpint (gtk_label_get_ellipsize (label), ==, PANGO_ELLIPSIZE_NONE);
  g_assert_cmpint (label_lines (label), >, 20);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (label)), >, 5 * collapsed);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (more)), ==, "Show _Less");
  gui_test_save_png (f->window, "patient-timeline-expanded");
}

static guint
n_sessions_listed (Fixture *f)
{
  g_autoptr(GListModel) entries = sessio_patient_view_list_entries (f->view);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(SessioTimelineEntry) entry = g_list_model_get_item (entries, i);

      if (g_strcmp0 (sessio_timeline_entry_get_kind (entry), "session") == 0)
        n++;
    }
  return n;
}

/* The search keeps the sessions whose note holds the words, case and
 * accents aside; clearing it gives the whole file back. */
static void
test_note_search (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GListModel) entries = NULL;
  g_autoptr(SessioTimelineEntry) found = NULL;
  gint64 dream;

  add_session (f, "2025-02-03T10:00", "Gesprek over de slaap en het werk.");
  dream = add_session (f, "2025-02-10T10:00", "Een nachtmerrie over de Überfahrt; daarna rustiger.");
  add_session (f, "2025-02-17T10:00", NULL);
  sessio_patients_page_open_patient (f->page, f->patient);
  gui_test_settle (f->window);
  g_assert_cmpuint (n_sessions_listed (f), ==, 3);

  sessio_patient_view_set_search (f->view, "uberfahrt");
  entries = sessio_patient_view_list_entries (f->view);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 1);
  found = g_list_model_get_item (entries, 0);
  g_assert_cmpint (sessio_timeline_entry_get_entity_id (found), ==, dream);

  /* The assessment's summary is searched too. */
  sessio_patient_view_set_search (f->view, "VERHUIS");
  g_clear_object (&entries);
  entries = sessio_patient_view_list_entries (f->view);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 1);

  sessio_patient_view_set_search (f->view, "bestaat niet");
  g_clear_object (&entries);
  entries = sessio_patient_view_list_entries (f->view);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 0);
  gui_test_settle (f->window);
  g_assert_nonnull (find_label (GTK_WIDGET (f->view), "No note holds these words."));

  sessio_patient_view_set_search (f->view, "");
  g_assert_cmpuint (n_sessions_listed (f), ==, 3);
}

static gboolean
focus_within (GtkWidget *window,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
set_text_view (SessioTrajectoryEditDialog *dialog,
               const char                 *name,
               const char                 *text)
{
  GtkTextView *view = gui_test_child (dialog, SESSIO_TYPE_TRAJECTORY_EDIT_DIALOG, name);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

static void
trajectory_saved (gboolean *saved)
{
  *saved = TRUE;
}

/* The trajectory editor: an outcome without an end date is refused at
 * the end date (marked, message shown, focus there), the mark goes once
 * the date is typed; saved, the history keeps the old summary. */
static void
test_trajectory_edit (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioTrajectory) trajectory = NULL;
  g_autoptr(GPtrArray) history = NULL;
  SessioTrajectoryEditDialog *dialog;
  SessioDateRow *end_row;
  GtkLabel *error_label;
  GtkWindow *versions;
  gboolean saved = FALSE;
  Lookup old_summary = { NULL, "Slaapproblemen sinds de verhuis" };

  add_session (f, "2025-02-03T10:00", "Gesprek.");
  sessio_patients_page_open_patient (f->page, f->patient);
  gui_test_settle (f->window);
  /* The page's button opens it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "patient.edit-trajectory", "x", f->trajectory));
  dialog = gui_test_find_toplevel (SESSIO_TYPE_TRAJECTORY_EDIT_DIALOG);
  g_assert_nonnull (dialog);
  g_signal_connect_swapped (dialog, "saved", G_CALLBACK (trajectory_saved), &saved);
  gui_test_settle (dialog);

  end_row = gui_test_child (dialog, SESSIO_TYPE_TRAJECTORY_EDIT_DIALOG, "end_row");
  error_label = gui_test_child (dialog, SESSIO_TYPE_TRAJECTORY_EDIT_DIALOG, "error_label");
  set_text_view (dialog, "bilan_summary_view", "Slaap verbeterd; werkhervatting halftijds.");
  set_text_view (dialog, "goals_view", "Slaapritme herstellen.\nWerk halftijds hervatten.");
  set_text_view (dialog, "closing_view", "Doelen bereikt; afgesloten in overleg.");
  adw_combo_row_set_selected (gui_test_child (dialog, SESSIO_TYPE_TRAJECTORY_EDIT_DIALOG, "outcome_row"), 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "trajectory.save", NULL));
  g_assert_false (saved);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (end_row), "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, "A trajectory with an outcome needs an end date");
  g_assert_true (focus_within (GTK_WIDGET (dialog), GTK_WIDGET (end_row)));
  gui_test_settle (dialog);
  gui_test_save_png (dialog, "trajectory-editor-refused");
  /* Nothing was saved. */
  trajectory = sessio_patient_store_get_trajectory (f->store, f->trajectory, &error);
  g_assert_no_error (error);
  g_assert_null (trajectory->outcome);
  g_clear_pointer (&trajectory, sessio_trajectory_free);

  gtk_editable_set_text (GTK_EDITABLE (end_row), "28/03/2025");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (end_row), "error"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "trajectory.save", NULL));
  g_assert_true (saved);
  trajectory = sessio_patient_store_get_trajectory (f->store, f->trajectory, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (trajectory->end_date, ==, "2025-03-28");
  g_assert_cmpstr (trajectory->outcome, ==, "completed");
  g_assert_cmpstr (trajectory->bilan_summary, ==, "Slaap verbeterd; werkhervatting halftijds.");
  g_assert_cmpstr (trajectory->goals, ==, "Slaapritme herstellen.\nWerk halftijds hervatten.");
  history = sessio_patient_store_get_trajectory_history (f->store, f->trajectory, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, >=, 1);

  /* Opened again, its History shows the old summary. */
  dialog = sessio_trajectory_edit_dialog_new (f->store, f->trajectory, &error);
  g_assert_no_error (error);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (dialog));
  gui_test_settle (dialog);
  gui_test_save_png (dialog, "trajectory-editor");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "trajectory.history", NULL));
  versions = sessio_trajectory_edit_dialog_get_history (dialog);
  g_assert_nonnull (versions);
  gui_test_settle (versions);
  old_summary.root = GTK_WIDGET (versions);
  g_assert_true (gui_test_wait (label_shown, &old_summary));
  g_assert_nonnull (find_label (GTK_WIDGET (versions), "Assessment summary, until "));
  gui_test_save_png (versions, "trajectory-history");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The timeline tells how it ended. */
  sessio_patient_view_reload (f->view);
  gui_test_settle (f->window);
  {
    Lookup ended = { GTK_WIDGET (f->view), "Trajectory ended: completed" };

    g_assert_true (gui_test_wait (label_shown, &ended));
  }
}

static gboolean
patient_listed (SessioPatientsPage *page,
                gint64              id)
{
  GListModel *shown = sessio_patients_page_get_shown (page);

  for (guint i = 0; shown != NULL && i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(SessioPatientSummary) summary = g_list_model_get_item (shown, i);

      if (sessio_patient_summary_get_id (summary) == id)
        return TRUE;
    }
  return FALSE;
}

static gboolean
undo_shown (gpointer data)
{
  return find_button (GTK_WIDGET (data), "_Undo") != NULL;
}

static void
close_file (Fixture    *f,
            const char *reason)
{
  AdwMessageDialog *ask;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "patient.close-file", NULL));
  ask = gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ask);
  /* No reason, no closing. */
  g_assert_false (adw_message_dialog_get_response_enabled (ask, "close"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (ask)), reason);
  g_assert_true (adw_message_dialog_get_response_enabled (ask, "close"));
  adw_message_dialog_response (ask, "close");
  gtk_window_destroy (GTK_WINDOW (ask));
}

/* Closing hides the file from the patient list; the toast's Undo and the
 * Closed Files list bring it back, each with a reason kept. */
static void
test_close_and_reopen (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) closures = NULL;
  SessioRetentionDialog *closed;
  GtkWidget *overlay;

  add_session (f, "2025-02-03T10:00", "Gesprek.");
  sessio_patients_page_reload (f->page);
  sessio_patients_page_open_patient (f->page, f->patient);
  gui_test_settle (f->window);
  g_assert_true (patient_listed (f->page, f->patient));

  close_file (f, "Behandeling beëindigd, dossier bewaard");
  g_assert_false (patient_listed (f->page, f->patient));
  /* Still shown, read only, and saying so. */
  gui_test_settle (f->window);
  {
    Lookup said = { GTK_WIDGET (f->view), "This file was closed on " };

    g_assert_true (gui_test_wait (label_shown, &said));
  }
  g_assert_null (find_button (GTK_WIDGET (f->view), "_Log Session"));
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (f->view), ADW_TYPE_TOAST_OVERLAY);
  g_assert_true (gui_test_wait (undo_shown, overlay));
  g_signal_emit_by_name (find_button (overlay, "_Undo"), "clicked");
  closures = sessio_patient_store_list_closures (f->store, f->patient, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (closures->len, ==, 2);
  g_assert_true (patient_listed (f->page, f->patient));
  g_assert_cmpstr (((SessioClosure *) g_ptr_array_index (closures, 1))->reason, ==, "closed by mistake");

  close_file (f, "Behandeling beëindigd");
  g_assert_false (patient_listed (f->page, f->patient));
  closed = sessio_retention_dialog_new (f->store, SESSIO_RETENTION_DIALOG_CLOSED);
  g_assert_cmpuint (sessio_retention_dialog_get_n_files (closed), ==, 1);
  g_signal_connect_swapped (closed, "changed", G_CALLBACK (sessio_patients_page_reload), f->page);
  gtk_window_set_transient_for (GTK_WINDOW (closed), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (closed));
  gui_test_settle (closed);
  g_assert_nonnull (find_label (GTK_WIDGET (closed), "Wannes Tijdlijn"));
  gui_test_save_png (closed, "closed-files");
  g_assert_true (sessio_retention_dialog_reopen (closed, f->patient, "Nieuwe aanmelding", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sessio_retention_dialog_get_n_files (closed), ==, 0);
  g_assert_true (patient_listed (f->page, f->patient));
  gtk_window_destroy (GTK_WINDOW (closed));
}

/* The label of the patient menu's item for @action, or NULL. */
static char *
menu_label (GMenuModel *menu,
            const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autofree char *name = NULL;
      g_autofree char *label = NULL;
      char *found;

      if (section != NULL && (found = menu_label (section, action)) != NULL)
        return found;
      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0 &&
          g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        return g_steal_pointer (&label);
    }
  return NULL;
}

static GtkMenuButton *
find_menu_button (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found;

      if (GTK_IS_MENU_BUTTON (child))
        return GTK_MENU_BUTTON (child);
      if ((found = find_menu_button (child)) != NULL)
        return found;
    }
  return NULL;
}

/* Erasure is offered only when the law allows it; before, the menu says
 * from when.  Past 30 years the file is listed as past the retention
 * period, past 50 its erasure is proposed. */
static void
test_retention (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *not_yet = NULL;
  g_autofree char *erase = NULL;
  SessioRetentionDialog *expired;
  GMenuModel *menu;
  GDate today;

  add_session (f, "2025-02-03T10:00", "Gesprek.");
  sessio_patients_page_open_patient (f->page, f->patient);
  gui_test_settle (f->window);
  menu = gtk_menu_button_get_menu_model (find_menu_button (GTK_WIDGET (f->view)));
  not_yet = menu_label (menu, "patient.erase-not-yet");
  g_assert_cmpstr (not_yet, ==, "Erasure Possible from 3 February 2055");
  g_assert_null (menu_label (menu, "patient.erase"));
  g_assert_nonnull (menu_label (menu, "patient.close-file"));

  expired = sessio_retention_dialog_new (f->store, SESSIO_RETENTION_DIALOG_EXPIRED);
  g_assert_cmpuint (sessio_retention_dialog_get_n_files (expired), ==, 0);
  gtk_window_destroy (GTK_WINDOW (expired));

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, G_DATE_MARCH, 2076);
  sessio_clock_set_today_for_testing (&today);
  sessio_patient_view_reload (f->view);
  menu = gtk_menu_button_get_menu_model (find_menu_button (GTK_WIDGET (f->view)));
  erase = menu_label (menu, "patient.erase");
  g_assert_nonnull (erase);
  g_assert_null (menu_label (menu, "patient.erase-not-yet"));

  expired = sessio_retention_dialog_new (f->store, SESSIO_RETENTION_DIALOG_EXPIRED);
  g_assert_cmpuint (sessio_retention_dialog_get_n_files (expired), ==, 1);
  gtk_window_set_transient_for (GTK_WINDOW (expired), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (expired));
  gui_test_settle (expired);
  g_assert_nonnull (find_label (GTK_WIDGET (expired), "kept longer than the law allows since 3 February 2075"));
  gui_test_save_png (expired, "files-past-retention");
  gtk_window_destroy (GTK_WINDOW (expired));
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  g_test_add ("/patient-timeline/long-note-expanded", Fixture, NULL,
              fixture_set_up, test_long_note_expanded, fixture_tear_down);
  g_test_add ("/patient-timeline/note-search", Fixture, NULL,
              fixture_set_up, test_note_search, fixture_tear_down);
  g_test_add ("/patient-timeline/trajectory-edit", Fixture, NULL,
              fixture_set_up, test_trajectory_edit, fixture_tear_down);
  g_test_add ("/patient-timeline/close-and-reopen", Fixture, NULL,
              fixture_set_up, test_close_and_reopen, fixture_tear_down);
  g_test_add ("/patient-timeline/retention", Fixture, NULL,
              fixture_set_up, test_retention, fixture_tear_down);

  return g_test_run ();
}
