/* test-patients-page.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Patients section on a real vault: adding a patient (a wrong INSZ
 * refused with its reason, nothing saved; then a right one, whose birth
 * date is offered), searching, logging sessions with the convention's
 * verdict before saving, the ninth support session of an adult over the
 * limit saved only as outside the convention, and locking dropping it all.
 */

#include "config.h"

#include <string.h>

#include "gui-test-util.h"
#include "sessio-timeline.h"
#include "sessio-date-row.h"
#include "sessio-ident.h"
#include "sessio-patient-dialog.h"
#include "sessio-patient-list.h"
#include "sessio-patient-view.h"
#include "sessio-patients-page.h"
#include "sessio-session-dialog.h"
#include "sessio-session-list.h"
#include "sessio-window.h"

typedef struct
{
  char                *dir;
  SessioWindow        *window;
  SessioPatientsPage  *page;
  gint64               engagement;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *vault_dir = NULL;
  g_autoptr(SessioVault) vault = NULL;
  g_autoptr(GError) error = NULL;
  SessioEngagement engagement = { 0 };

  f->dir = test_make_tmpdir ();
  vault_dir = g_build_filename (f->dir, "vault", NULL);
  vault = test_create_vault (vault_dir, NULL);

  f->window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
  sessio_window_set_vault (f->window, vault);
  f->page = (gpointer) sessio_window_get_section (f->window, "patients");

  engagement.network_name = (char *) "Netwerk Volwassenen Testregio";
  engagement.network = (char *) "adult";
  engagement.model = (char *) "independent";
  engagement.weekly_contingent = -1;
  f->engagement = sessio_patient_store_add_engagement (sessio_window_get_store (f->window),
                                                       &engagement, &error);
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
}

static void
set_text (gpointer    widget,
          GType       type,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (gui_test_child (widget, type, name)), text);
}

static guint
n_shown (Fixture *f)
{
  GListModel *shown = sessio_patients_page_get_shown (f->page);

  return shown != NULL ? g_list_model_get_n_items (shown) : 0;
}

static gboolean
page_shows_patients (gpointer data)
{
  Fixture *f = data;

  return n_shown (f) > 0;
}

/* A synthetic adult: born 1990, with a valid generated INSZ. */
static void
make_insz (char out[12])
{
  GDate birth;

  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, 14, G_DATE_MAY, 1990);
  g_assert_true (sessio_insz_generate (&birth, FALSE, 17, out));
}

static gint64
add_patient_through_dialog (Fixture *f)
{
  SessioPatientDialog *dialog;
  GtkLabel *insz_message;
  char insz[12];
  GDate birth;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-patient", NULL));
  dialog = gui_test_find_toplevel (SESSIO_TYPE_PATIENT_DIALOG);
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);

  set_text (dialog, SESSIO_TYPE_PATIENT_DIALOG, "name_row", "Marieke Testelinck");

  /* A wrong check digit: the reason shows at once, and adding is refused
   * with nothing saved. */
  make_insz (insz);
  insz[10] = insz[10] == '9' ? '0' : insz[10] + 1;
  set_text (dialog, SESSIO_TYPE_PATIENT_DIALOG, "insz_row", insz);
  insz_message = gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "insz_message");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (insz_message)));
  g_assert_cmpstr (gtk_label_get_text (insz_message), !=, "");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "patient.add", NULL);
  g_assert_true (gtk_widget_has_css_class (gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "insz_row"), "error"));
  g_assert_cmpuint (n_shown (f), ==, 0);
  g_assert_nonnull (dialog);

  /* The right number: its birth date is offered. */
  make_insz (insz);
  set_text (dialog, SESSIO_TYPE_PATIENT_DIALOG, "insz_row", insz);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (insz_message)));
  g_assert_true (sessio_date_row_get_date (gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "birth_row"), &birth));
  g_assert_cmpint (g_date_get_year (&birth), ==, 1990);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "patient.add", NULL);
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &dialog));   /* closed once saved */
  g_assert_true (gui_test_wait (page_shows_patients, f));

  {
    g_autoptr(SessioPatientSummary) summary = g_list_model_get_item (sessio_patients_page_get_shown (f->page), 0);
    return sessio_patient_summary_get_id (summary);
  }
}

/* The label under @row in its list, when it is a message row. */
static const char *
message_under (GtkWidget *row)
{
  GtkWidget *next = gtk_widget_get_next_sibling (row);
  GtkWidget *child = next != NULL && GTK_IS_LIST_BOX_ROW (next) ? gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (next)) : NULL;

  return child != NULL && GTK_IS_LABEL (child) ? gtk_label_get_text (GTK_LABEL (child)) : NULL;
}

/* A refused Save marks the row at fault, says why right under it and
 * moves the focus there; the mark goes as soon as the field is right. */
static void
test_errors_at_field (Fixture       *f,
                      gconstpointer  data)
{
  SessioPatientDialog *dialog;
  GtkWidget *name_row, *birth_row, *email_row;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-patient", NULL));
  dialog = gui_test_find_toplevel (SESSIO_TYPE_PATIENT_DIALOG);
  g_assert_nonnull (dialog);
  gui_test_settle (dialog);
  name_row = gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "name_row");
  birth_row = gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "birth_row");
  email_row = gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "email_row");

  /* Nothing typed: the first row, the name, not the birth date below it. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "patient.add", NULL);
  gui_test_settle (dialog);
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_cmpstr (message_under (name_row), ==, "The patient needs a name");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)), name_row));
  g_assert_false (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "error_label")));
  gui_test_save_png (dialog, "patient-dialog-name-missing");

  /* Typed: the mark and the reason go at once. */
  set_text (dialog, SESSIO_TYPE_PATIENT_DIALOG, "name_row", "Marieke Testelinck");
  g_assert_false (gtk_widget_has_css_class (name_row, "error"));
  g_assert_null (message_under (name_row));
  g_assert_false (gtk_widget_has_css_class (birth_row, "error"));
  set_text (dialog, SESSIO_TYPE_PATIENT_DIALOG, "birth_row", "14/5/1990");

  /* A field further down, in another group: marked there, not under the
   * identity. */
  set_text (dialog, SESSIO_TYPE_PATIENT_DIALOG, "email_row", "marieke.example.invalid");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "patient.add", NULL);
  gui_test_settle (dialog);
  g_assert_true (gtk_widget_has_css_class (email_row, "error"));
  g_assert_cmpstr (message_under (email_row), ==, "The e-mail address is not valid");
  g_assert_false (gtk_widget_has_css_class (name_row, "error"));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)), email_row));
  gui_test_save_png (dialog, "patient-dialog-email-wrong");
  /* A change elsewhere leaves it marked: the e-mail is still wrong. */
  set_text (dialog, SESSIO_TYPE_PATIENT_DIALOG, "phone_row", "0470 12 34 56");
  g_assert_true (gtk_widget_has_css_class (email_row, "error"));
  set_text (dialog, SESSIO_TYPE_PATIENT_DIALOG, "email_row", "marieke@example.invalid");
  g_assert_false (gtk_widget_has_css_class (email_row, "error"));
  g_assert_null (message_under (email_row));

  /* The birth date emptied: said in the form's words. */
  set_text (dialog, SESSIO_TYPE_PATIENT_DIALOG, "birth_row", "");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "patient.add", NULL);
  g_assert_true (gtk_widget_has_css_class (birth_row, "error"));
  g_assert_cmpstr (message_under (birth_row), ==, "The patient needs a birth date");
  set_text (dialog, SESSIO_TYPE_PATIENT_DIALOG, "birth_row", "14/5/1990");
  g_assert_false (gtk_widget_has_css_class (birth_row, "error"));

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "patient.add", NULL);
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &dialog));
  g_assert_true (gui_test_wait (page_shows_patients, f));
}

static void
test_add_and_find_patient (Fixture       *f,
                           gconstpointer  data)
{
  gint64 id;

  g_assert_cmpuint (n_shown (f), ==, 0);
  id = add_patient_through_dialog (f);
  g_assert_cmpint (id, >, 0);

  /* The new patient is shown at once. */
  g_assert_cmpint (sessio_patient_view_get_patient_id (gui_test_child (f->page, SESSIO_TYPE_PATIENTS_PAGE, "patient_view")), ==, id);

  /* Search: part of the name, any case and accents; part of the INSZ. */
  sessio_patients_page_set_search (f->page, "TESTÉ");
  g_assert_cmpuint (n_shown (f), ==, 1);
  sessio_patients_page_set_search (f->page, "90.05");
  g_assert_cmpuint (n_shown (f), ==, 1);
  sessio_patients_page_set_search (f->page, "Janssens");
  g_assert_cmpuint (n_shown (f), ==, 0);
  sessio_patients_page_set_search (f->page, "");
  g_assert_cmpuint (n_shown (f), ==, 1);

  /* Locking drops the list: no patient data left in the page. */
  sessio_window_lock (f->window);
  g_assert_null (sessio_patients_page_get_shown (f->page));
  g_assert_cmpint (sessio_patient_view_get_patient_id (gui_test_child (f->page, SESSIO_TYPE_PATIENTS_PAGE, "patient_view")), ==, 0);
}

static void
test_ninth_support_session_over_the_limit (Fixture       *f,
                                           gconstpointer  data)
{
  SessioPatientStore *store = sessio_window_get_store (f->window);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) sessions = NULL;
  SessioTrajectory trajectory = { 0 };
  SessioSessionDialog *dialog;
  AdwMessageDialog *ask;
  const char *verdict;
  gint64 patient, trajectory_id;
  GDate day;

  patient = add_patient_through_dialog (f);

  g_date_clear (&day, 1);
  g_date_set_time_t (&day, time (NULL));
  g_date_subtract_days (&day, 200);
  trajectory.patient_id = patient;
  trajectory.engagement_id = f->engagement;
  trajectory.start_date = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&day),
                                           g_date_get_month (&day), g_date_get_day (&day));
  trajectory_id = sessio_patient_store_add_trajectory (store, &trajectory, &error);
  g_free (trajectory.start_date);
  g_assert_no_error (error);

  /* Eight held support sessions in the last months: the adult limit. */
  for (guint i = 0; i < 8; i++)
    {
      SessioSession session = { 0 };
      GDate when = day;

      g_date_add_days (&when, 20 * i);
      session.trajectory_id = trajectory_id;
      session.starts_at = g_strdup_printf ("%04d-%02d-%02dT10:00", g_date_get_year (&when),
                                           g_date_get_month (&when), g_date_get_day (&when));
      session.care = (char *) "support";
      session.setting = (char *) "individual";
      session.status = (char *) "held";
      g_assert_cmpint (sessio_patient_store_add_session (store, &session, &error), >, 0);
      g_assert_no_error (error);
      g_free (session.starts_at);
    }

  /* The ninth, today: flagged before it is saved. */
  dialog = sessio_session_dialog_new (store, trajectory_id);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  verdict = sessio_session_dialog_get_verdict (dialog);
  g_assert_nonnull (verdict);
  g_assert_true (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "problems_label")));
  g_assert_cmpstr (gtk_label_get_text (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "count_label")), ==, "9 of 8");

  /* Saving asks first, and only "outside the convention" saves it. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "session.save", NULL);
  ask = gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ask);
  adw_message_dialog_response (ask, "outside");
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &dialog));   /* saved, and closed */

  sessions = sessio_patient_store_list_trajectory_sessions (store, trajectory_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 9);
  {
    /* Newest first. */
    g_autoptr(SessioSessionItem) ninth = g_list_model_get_item (sessions, 0);

    g_assert_true (sessio_session_item_get_outside_convention (ninth));
  }
}

/* The session rows made in @widget: a list view makes them for what is
 * on screen. */
static guint
count_session_cards (GtkWidget *widget)
{
  guint n = gtk_widget_has_css_class (widget, "timeline-session") ? 1 : 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += count_session_cards (c);
  return n;
}

static gboolean
session_cards_shown (gpointer data)
{
  return count_session_cards (GTK_WIDGET (data)) > 0;
}

/* A long history: the timeline lists every session, and the list view
 * makes their rows as they come near the screen. */
static void
test_long_history_listed (Fixture       *f,
                          gconstpointer  data)
{
  GString *sql = g_string_new (NULL);
  g_autoptr(GListModel) entries = NULL;
  GtkWidget *view;
  guint sessions = 0;

  g_string_append (sql,
                   "INSERT INTO patient (id, name, birth_date, created_at)"
                   "  VALUES (500, 'Testpersoon Lang', '1990-05-14', '2024-01-01T00:00:00Z');");
  g_string_append_printf (sql,
                          "INSERT INTO trajectory (id, patient_id, engagement_id, start_date)"
                          "  VALUES (500, 500, %" G_GINT64_FORMAT ", '2024-01-08');", f->engagement);
  for (int i = 0; i < 40; i++)
    g_string_append_printf (sql,
                            "INSERT INTO session (engagement_id, trajectory_id, starts_at, care_type,"
                            " setting, status, outside_convention)"
                            " VALUES (%" G_GINT64_FORMAT ", 500, date('2024-01-08', '+%d days') || 'T10:00',"
                            " 'support', 'individual', 'held', %d);", f->engagement, 7 * i, i >= 8);
  test_commit_sql (sessio_window_get_vault (f->window), sql->str);
  g_string_free (sql, TRUE);

  /* Shown, so that frames are drawn. */
  gtk_window_present (GTK_WINDOW (f->window));
  sessio_patients_page_open_patient (f->page, 500);
  view = gui_test_child (f->page, SESSIO_TYPE_PATIENTS_PAGE, "patient_view");
  entries = sessio_patient_view_list_entries (SESSIO_PATIENT_VIEW (view));
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(SessioTimelineEntry) entry = g_list_model_get_item (entries, i);

      if (g_strcmp0 (sessio_timeline_entry_get_kind (entry), "session") == 0)
        sessions++;
    }
  g_assert_cmpuint (sessions, ==, 40);
  g_assert_true (gui_test_wait (session_cards_shown, view));
}

/* Narrowing and widening the search one letter at a time (the filter is
 * told MORE_STRICT and LESS_STRICT then) lists exactly what a fresh search
 * would. */
static void
test_search_letter_by_letter (Fixture       *f,
                              gconstpointer  data)
{
  static const struct { const char *query; guint shown; } steps[] = {
    { "p", 3 }, { "pe", 2 }, { "pee", 2 }, { "peet", 2 }, { "peeters a", 0 },
    { "peet", 2 }, { "p", 3 }, { "", 4 }, { "anna", 2 }, { "anna m", 1 },
    { "anna ", 2 }, { "anna", 2 }, { "bert", 1 }, { "", 4 },
  };

  test_commit_sql (sessio_window_get_vault (f->window),
                   "INSERT INTO patient (id, name, birth_date, created_at) VALUES"
                   " (601, 'Anna Peeters', '1990-01-01', '2025-01-01T00:00:00Z'),"
                   " (602, 'Anna Maes', '1991-01-01', '2025-01-01T00:00:00Z'),"
                   " (603, 'Bert Peeters', '1992-01-01', '2025-01-01T00:00:00Z'),"
                   " (604, 'Pim Claes', '1993-01-01', '2025-01-01T00:00:00Z');");
  /* The page lists the vault anew when a patient changes. */
  g_signal_emit_by_name (gui_test_child (f->page, SESSIO_TYPE_PATIENTS_PAGE, "patient_view"), "changed");
  g_assert_cmpuint (n_shown (f), ==, 4);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      sessio_patients_page_set_search (f->page, steps[i].query);
      g_assert_cmpuint (n_shown (f), ==, steps[i].shown);
    }
}

/* The dialog offers only what an INSZ number knows: no birth date from a
 * number with day 00 (it asks for the date instead), no sex from a BIS
 * number given without knowing it (month + 20). */
static void
test_insz_unknown_parts (Fixture       *f,
                         gconstpointer  data)
{
  SessioPatientDialog *dialog;
  GtkWidget *insz_message;
  GDate birth;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-patient", NULL));
  dialog = gui_test_find_toplevel (SESSIO_TYPE_PATIENT_DIALOG);
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  insz_message = gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "insz_message");

  /* 580200123: 97 − (580200123 mod 97) = 42: February 1958, day 00 */
  set_text (dialog, SESSIO_TYPE_PATIENT_DIALOG, "insz_row", "58020012342");
  g_assert_false (sessio_date_row_get_date (gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "birth_row"), &birth));
  g_assert_true (gtk_widget_get_visible (insz_message));
  g_assert_false (gtk_widget_has_css_class (insz_message, "error"));
  g_assert_cmpuint (adw_combo_row_get_selected (gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "sex_row")), ==, 2);

  /* 883224916: 97 − (883224916 mod 97) = 48: BIS + 20, 1988-12-24 */
  adw_combo_row_set_selected (gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "sex_row"), 0);
  set_text (dialog, SESSIO_TYPE_PATIENT_DIALOG, "insz_row", "88322491648");
  g_assert_false (gtk_widget_get_visible (insz_message));
  g_assert_true (sessio_date_row_get_date (gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "birth_row"), &birth));
  g_assert_cmpint (g_date_get_year (&birth), ==, 1988);
  g_assert_cmpuint (adw_combo_row_get_selected (gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "sex_row")), ==, 0);

  /* The health insurer by name under its code. */
  {
    GtkWidget *insurer_message = gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "insurer_message");

    set_text (dialog, SESSIO_TYPE_PATIENT_DIALOG, "insurer_row", "116");
    g_assert_true (gtk_widget_get_visible (insurer_message));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (insurer_message)), ==, "Christian Mutuality");
    set_text (dialog, SESSIO_TYPE_PATIENT_DIALOG, "insurer_row", "799");
    g_assert_true (gtk_widget_has_css_class (insurer_message, "error"));
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &dialog));
}

/* Every label of the patient list in full: TRUE when none is cut with an
 * ellipsis (the trajectory line was, in Dutch, once the ⋮ button made the
 * sidebar narrower). */
static gboolean
list_labels_whole (GtkWidget *widget,
                   guint     *n_labels)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!list_labels_whole (child, n_labels))
      return FALSE;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    {
      (*n_labels)++;
      if (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
        {
          g_test_message ("cut: %s", gtk_label_get_text (GTK_LABEL (widget)));
          return FALSE;
        }
    }
  return TRUE;
}

static void
show_at_width (Fixture *f,
               int      width)
{
  gtk_widget_set_visible (GTK_WIDGET (f->window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, 700);
  gtk_window_present (GTK_WINDOW (f->window));
  gui_test_settle (f->window);
  gui_test_settle (f->window);
}

/* A long network name and a long date: the list shows them whole, on
 * more lines, at full size and at 360 px. */
static void
test_list_not_cut (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *list = gui_test_child (f->page, SESSIO_TYPE_PATIENTS_PAGE, "list_view");
  g_autofree char *sql = NULL;
  guint n_labels = 0;

  sql = g_strdup_printf ("UPDATE engagement SET network_name ="
                         "  'Netwerk Geestelijke Gezondheid Volwassenen Regio Testland-Noord';"
                         "INSERT INTO patient (id, name, birth_date, created_at) VALUES"
                         "  (701, 'Marie-Christine Vandenbroucke-Testelinck', '1990-05-14', '2025-01-01T00:00:00Z'),"
                         "  (702, 'Jan Test', '1985-02-03', '2025-01-01T00:00:00Z');"
                         "INSERT INTO trajectory (id, patient_id, engagement_id, start_date) VALUES"
                         "  (701, 701, %" G_GINT64_FORMAT ", '2025-09-20'),"
                         "  (702, 702, %" G_GINT64_FORMAT ", '2025-11-30');",
                         f->engagement, f->engagement);
  test_commit_sql (sessio_window_get_vault (f->window), sql);
  g_signal_emit_by_name (gui_test_child (f->page, SESSIO_TYPE_PATIENTS_PAGE, "patient_view"), "changed");
  g_assert_cmpuint (n_shown (f), ==, 2);

  show_at_width (f, 1000);
  gui_test_save_png (f->page, "patients-list-full-size");
  g_assert_true (list_labels_whole (list, &n_labels));
  g_assert_cmpuint (n_labels, ==, 4);

  n_labels = 0;
  show_at_width (f, 360);
  gui_test_save_png (f->page, "patients-list-360");
  g_assert_true (list_labels_whole (list, &n_labels));
  g_assert_cmpuint (n_labels, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/patients-page/add-and-find-patient", test_add_and_find_patient);
  ADD ("/patients-page/errors-at-field", test_errors_at_field);
  ADD ("/patients-page/insz-unknown-parts", test_insz_unknown_parts);
  ADD ("/patients-page/ninth-support-session-over-the-limit", test_ninth_support_session_over_the_limit);
  ADD ("/patients-page/long-history-listed", test_long_history_listed);
  ADD ("/patients-page/search-letter-by-letter", test_search_letter_by_letter);
  ADD ("/patients-page/list-not-cut", test_list_not_cut);

#undef ADD

  return g_test_run ();
}
