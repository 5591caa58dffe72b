/* test-patient-actions.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the patient page does beyond logging sessions, on a real vault:
 * rectifying the file (guardians, contact, BIM dates) with the history
 * kept; deleting a session and bringing it back from the toast's Undo;
 * other tasks (an MDO needs three care providers); a group session with
 * participants on their own trajectories (none chosen: refused, nothing
 * saved); the audit log window; erasure after confirmation.
 */

#include "config.h"

#include "gui-test-util.h"
#include "sessio-audit-dialog.h"
#include "sessio-group-dialog.h"
#include "sessio-patient-dialog.h"
#include "sessio-patient-view.h"
#include "sessio-patients-page.h"
#include "sessio-session-list.h"
#include "sessio-task-dialog.h"
#include "sessio-trajectory-dialog.h"
#include "sessio-window.h"
#include "sessio-worker.h"

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

static gint64
add_patient (SessioPatientStore *store,
             const char         *name,
             gint64              engagement,
             gint64             *trajectory)
{
  g_autoptr(GError) error = NULL;
  SessioPatient patient = { 0 };
  SessioTrajectory t = { 0 };
  gint64 id;

  patient.name = (char *) name;
  patient.birth_date = (char *) "1988-02-11";
  id = sessio_patient_store_add_patient (store, &patient, &error);
  g_assert_no_error (error);

  t.patient_id = id;
  t.engagement_id = engagement;
  t.start_date = (char *) "2025-01-06";
  t.bilan_date = (char *) "2025-01-06";
  *trajectory = sessio_patient_store_add_trajectory (store, &t, &error);
  g_assert_no_error (error);
  return id;
}

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

  f->patient = add_patient (f->store, "Jolien Vanderzande", f->engagement, &f->trajectory);
  sessio_patients_page_open_patient (f->page, f->patient);
  g_assert_cmpint (sessio_patient_view_get_patient_id (f->view), ==, f->patient);
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
n_sessions (Fixture *f,
            gint64   trajectory)
{
  g_autoptr(GListModel) sessions = sessio_patient_store_list_trajectory_sessions (f->store, trajectory, NULL);

  return sessions != NULL ? g_list_model_get_n_items (sessions) : 0;
}

/* A widget under @root whose label is @label: the toast's button. */
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

static gboolean
undo_shown (gpointer data)
{
  return find_button (GTK_WIDGET (data), "_Undo") != NULL;
}

/* A label under @root that starts with @text, mapped, or NULL. */
static GtkLabel *
find_label (GtkWidget  *root,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) &&
          g_str_has_prefix (gtk_label_get_text (GTK_LABEL (child)), text))
        return GTK_LABEL (child);
      if ((found = find_label (child, text)) != NULL)
        return found;
    }
  return NULL;
}

/* ------------------------------------------------------------- tests */

/* A new trajectory preselects the network the patient's age calls for,
 * with its name in full. */
static void
test_trajectory_network_by_age (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *child_birth = g_strdup_printf ("%04d-01-01", g_date_time_get_year (now) - 12);
  g_autofree char *adult_birth = g_strdup_printf ("%04d-01-01", g_date_time_get_year (now) - 42);
  SessioEngagement youth = { 0 };
  SessioPatient patient = { 0 };
  const char *births[] = { adult_birth, child_birth };
  const char *expected[] = { "Netwerk Volwassenen Testregio (adults)",
                             "Netwerk Kinderen en Jongeren Regio Oost met een lange naam (children and adolescents)" };

  /* The youth network first: a choice by list order would pick it. */
  youth.network_name = (char *) "Netwerk Kinderen en Jongeren Regio Oost met een lange naam";
  youth.network = (char *) "youth";
  youth.model = (char *) "independent";
  youth.weekly_contingent = -1;
  sessio_patient_store_add_engagement (f->store, &youth, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (births); i++)
    {
      SessioTrajectoryDialog *dialog;
      AdwComboRow *row;
      GtkStringObject *item;
      gint64 id;

      patient.name = (char *) (i == 0 ? "Karel Volwassen" : "Mila Kind");
      patient.birth_date = (char *) births[i];
      id = sessio_patient_store_add_patient (f->store, &patient, &error);
      g_assert_no_error (error);
      dialog = sessio_trajectory_dialog_new (f->store, id);
      row = gui_test_child (dialog, SESSIO_TYPE_TRAJECTORY_DIALOG, "engagement_row");
      item = adw_combo_row_get_selected_item (row);
      g_assert_cmpstr (gtk_string_object_get_string (item), ==, expected[i]);
      g_assert_true (adw_combo_row_get_use_subtitle (row));
      /* No CLB here: no CLB guidance domain to choose. */
      g_assert_false (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_TRAJECTORY_DIALOG, "domain_row")));
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

/* The page says what comes next: a patient without a trajectory gets the
 * reason and the button; the trajectory's heading is never cut; Log
 * Session is a button that looks like one; a minor without a guardian is
 * flagged. */
static void
test_next_step (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *birth = g_strdup_printf ("%04d-03-04", g_date_time_get_year (now) - 12);
  SessioPatient minor = { 0 };
  GtkLabel *heading;
  GtkWidget *log;
  gint64 id;

  gui_test_settle (f->window);
  heading = find_label (GTK_WIDGET (f->view), "Netwerk Volwassenen Testregio, since ");
  g_assert_nonnull (heading);
  g_assert_true (gtk_label_get_wrap (heading));
  g_assert_cmpint (gtk_label_get_ellipsize (heading), ==, PANGO_ELLIPSIZE_NONE);
  log = find_button (GTK_WIDGET (f->view), "_Log Session");
  g_assert_nonnull (log);
  g_assert_false (gtk_widget_has_css_class (log, "flat"));
  g_assert_null (find_label (GTK_WIDGET (f->view), "No Trajectory Yet"));
  g_assert_null (find_label (GTK_WIDGET (f->view), "A minor without"));

  minor.name = (char *) "Lars Zonderouder";
  minor.birth_date = birth;
  id = sessio_patient_store_add_patient (f->store, &minor, &error);
  g_assert_no_error (error);
  sessio_patients_page_open_patient (f->page, id);
  gui_test_settle (f->window);
  g_assert_nonnull (find_label (GTK_WIDGET (f->view), "No Trajectory Yet"));
  g_assert_nonnull (find_label (GTK_WIDGET (f->view), "A minor without a parent or guardian in the file"));
  /* One Add Trajectory, the page's own. */
  g_assert_nonnull (find_button (GTK_WIDGET (f->view), "Add _Trajectory"));
  g_assert_true (gtk_widget_has_css_class (find_button (GTK_WIDGET (f->view), "Add _Trajectory"), "suggested-action"));
  gui_test_save_png (f->window, "patient-page-no-trajectory");

  /* A trajectory added: the focus goes to its Log Session, the next step. */
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "patient.add-trajectory", NULL));
  {
    SessioTrajectoryDialog *dialog = gui_test_find_toplevel (SESSIO_TYPE_TRAJECTORY_DIALOG);
    g_autofree char *start = g_strdup_printf ("1/9/%04d", g_date_time_get_year (now) - 1);

    g_assert_nonnull (dialog);
    gtk_editable_set_text (gui_test_child (dialog, SESSIO_TYPE_TRAJECTORY_DIALOG, "start_row"), start);
    gtk_widget_activate_action (GTK_WIDGET (dialog), "trajectory.add", NULL);
  }
  gui_test_settle (f->window);
  log = find_button (GTK_WIDGET (f->view), "_Log Session");
  g_assert_nonnull (log);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), log) ||
                 gtk_root_get_focus (GTK_ROOT (f->window)) == log);
}


static void
test_rectify_with_guardian (Fixture       *f,
                            gconstpointer  data)
{
  SessioPatientDialog *dialog;
  g_autoptr(SessioPatient) patient = NULL;
  g_autoptr(JsonArray) audit = NULL;
  AdwPreferencesGroup *guardians;
  GtkWidget *expander;
  gboolean corrected = FALSE;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "patient.edit", NULL));
  dialog = gui_test_find_toplevel (SESSIO_TYPE_PATIENT_DIALOG);
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Correct Patient File");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "name_row"))),
                   ==, "Jolien Vanderzande");

  /* A guardian with only a phone number: the store wants a name, and
   * nothing is saved. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "patient.add-guardian", NULL);
  guardians = gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "guardians_group");
  expander = find_button (GTK_WIDGET (guardians), "_Remove Guardian");
  g_assert_nonnull (expander);
  expander = gtk_widget_get_ancestor (expander, ADW_TYPE_EXPANDER_ROW);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (expander), "phone"), "0470 12 34 56");
  set_text (dialog, SESSIO_TYPE_PATIENT_DIALOG, "name_row", "Jolien Vanderzande-Peeters");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "patient.add", NULL);
  /* Marked on the guardian's own row. */
  g_assert_true (gtk_widget_has_css_class (expander, "error"));
  patient = sessio_patient_store_get_patient (f->store, f->patient, NULL);
  g_assert_cmpstr (patient->name, ==, "Jolien Vanderzande");
  g_assert_cmpuint (patient->guardians->len, ==, 0);
  g_clear_pointer (&patient, sessio_patient_free);

  /* With a name it is saved, with the contact and the BIM dates. */
  gtk_editable_set_text (g_object_get_data (G_OBJECT (expander), "name"), "Griet Vanderzande");
  g_assert_false (gtk_widget_has_css_class (expander, "error"));
  gtk_editable_set_text (g_object_get_data (G_OBJECT (expander), "relation"), "moeder");
  set_text (dialog, SESSIO_TYPE_PATIENT_DIALOG, "email_row", "jolien@example.invalid");
  gui_test_settle (dialog);
  gui_test_save_png (dialog, "patient-edit-dialog");
  set_text (dialog, SESSIO_TYPE_PATIENT_DIALOG, "bim_from_row", "1/1/2025");
  gtk_switch_set_active (gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "bim_switch"), TRUE);
  /* The consent scope is a choice in words, stored by its id. */
  {
    AdwComboRow *scope = gui_test_child (dialog, SESSIO_TYPE_PATIENT_DIALOG, "consent_scope_row");
    GtkStringObject *item;

    adw_combo_row_set_selected (scope, 2);
    item = adw_combo_row_get_selected_item (scope);
    g_assert_cmpstr (gtk_string_object_get_string (item), ==, "The care and its invoicing");
  }
  gtk_widget_activate_action (GTK_WIDGET (dialog), "patient.add", NULL);
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &dialog));

  patient = sessio_patient_store_get_patient (f->store, f->patient, NULL);
  g_assert_cmpstr (patient->name, ==, "Jolien Vanderzande-Peeters");
  g_assert_cmpstr (patient->email, ==, "jolien@example.invalid");
  g_assert_cmpstr (patient->bim_valid_from, ==, "2025-01-01");
  g_assert_cmpstr (patient->consent_scope, ==, "care-and-billing");
  g_assert_true (patient->bim);
  g_assert_cmpuint (patient->guardians->len, ==, 1);
  g_assert_cmpstr (((SessioGuardian *) g_ptr_array_index (patient->guardians, 0))->name, ==, "Griet Vanderzande");

  /* The correction is in the audit log, with the fields' names only. */
  audit = sessio_patient_store_get_audit (f->store, f->patient, NULL);
  for (guint i = 0; i < json_array_get_length (audit); i++)
    {
      const char *action = json_object_get_string_member (json_array_get_object_element (audit, i), "action");

      if (g_str_has_prefix (action, "update ") && strstr (action, "name") != NULL)
        corrected = TRUE;
      g_assert_null (strstr (action, "Jolien"));
    }
  g_assert_true (corrected);
}

static void
test_delete_and_undo (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SessioSession session = { 0 };
  SessioSession restored = { 0 };
  g_autoptr(GListModel) sessions = NULL;
  g_autoptr(SessioSessionItem) item = NULL;
  GtkWidget *overlay, *undo;
  gint64 id;

  session.trajectory_id = f->trajectory;
  session.starts_at = (char *) "2025-02-03T10:00";
  session.care = (char *) "support";
  session.setting = (char *) "individual";
  session.copay = (char *) "cash";
  session.notes = (char *) "Gesprek over slaap";
  id = sessio_patient_store_add_session (f->store, &session, &error);
  g_assert_no_error (error);
  sessio_patient_view_reload (f->view);
  g_assert_cmpuint (n_sessions (f, f->trajectory), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "patient.delete-session", "x", id));
  g_assert_cmpuint (n_sessions (f, f->trajectory), ==, 0);

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (f->view), ADW_TYPE_TOAST_OVERLAY);
  g_assert_nonnull (overlay);
  g_assert_true (gui_test_wait (undo_shown, overlay));
  undo = find_button (overlay, "_Undo");
  /* A click, as the user makes it (activate would wait for the press
   * animation). */
  g_signal_emit_by_name (undo, "clicked");
  g_assert_cmpuint (n_sessions (f, f->trajectory), ==, 1);

  /* Everything comes back, the note and the co-payment included. */
  sessions = sessio_patient_store_list_trajectory_sessions (f->store, f->trajectory, NULL);
  item = g_list_model_get_item (sessions, 0);
  g_assert_true (sessio_patient_store_get_session (f->store, sessio_session_item_get_id (item), &restored, &error));
  g_assert_cmpstr (restored.starts_at, ==, "2025-02-03T10:00");
  g_assert_cmpstr (restored.copay, ==, "cash");
  g_assert_cmpstr (restored.notes, ==, "Gesprek over slaap");
  sessio_session_clear (&restored);
}

static guint
count_buttons (GtkWidget  *root,
               const char *label)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        n++;
      n += count_buttons (child, label);
    }
  return n;
}

/* Held and No-Show are offered from a planned session's day on: the
 * store refuses them before, so a button there could only fail. */
static void
test_mark_buttons_from_the_day (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 20);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%dT23:59");
  g_autofree char *next = g_date_time_format (later, "%Y-%m-%dT10:00");
  SessioSession session = { 0 };

  session.trajectory_id = f->trajectory;
  session.care = (char *) "support";
  session.setting = (char *) "individual";
  session.status = (char *) "planned";
  session.starts_at = next;
  g_assert_cmpint (sessio_patient_store_add_session (f->store, &session, &error), >, 0);
  g_assert_no_error (error);
  sessio_patient_view_reload (f->view);
  g_assert_cmpuint (count_buttons (GTK_WIDGET (f->view), "Held"), ==, 0);

  session.starts_at = today;
  g_assert_cmpint (sessio_patient_store_add_session (f->store, &session, &error), >, 0);
  g_assert_no_error (error);
  sessio_patient_view_reload (f->view);
  g_assert_cmpuint (count_buttons (GTK_WIDGET (f->view), "Held"), ==, 1);
  g_assert_cmpuint (count_buttons (GTK_WIDGET (f->view), "No-Show"), ==, 1);
}

static void
test_other_task (Fixture       *f,
                 gconstpointer  data)
{
  SessioTaskDialog *dialog;
  AdwComboRow *kind;
  g_autoptr(JsonArray) audit = NULL;
  gboolean logged = FALSE;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "patient.log-task", NULL));
  dialog = gui_test_find_toplevel (SESSIO_TYPE_TASK_DIALOG);
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);

  /* A multidisciplinary consultation asks for the care providers; two
   * are refused with the store's reason. */
  kind = gui_test_child (dialog, SESSIO_TYPE_TASK_DIALOG, "kind_row");
  adw_combo_row_set_selected (kind, 0);   /* mdo */
  g_assert_true (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_TASK_DIALOG, "providers_row")));
  set_text (dialog, SESSIO_TYPE_TASK_DIALOG, "date_row", "12/3/2025");
  gtk_spin_button_set_value (gui_test_child (dialog, SESSIO_TYPE_TASK_DIALOG, "providers_spin"), 2);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "task.save", NULL);
  g_assert_true (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_TASK_DIALOG, "error_label")));
  g_assert_cmpstr (gtk_label_get_text (gui_test_child (dialog, SESSIO_TYPE_TASK_DIALOG, "error_label")), ==,
                   "A multidisciplinary consultation needs at least 3 care providers");

  /* Advice to a teacher has no such count. */
  adw_combo_row_set_selected (kind, 1);
  g_assert_false (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_TASK_DIALOG, "providers_row")));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "task.save", NULL);
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &dialog));

  audit = sessio_patient_store_get_audit (f->store, f->patient, NULL);
  for (guint i = 0; i < json_array_get_length (audit); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (audit, i), "action"),
                   "create task") == 0)
      logged = TRUE;
  g_assert_true (logged);
}

static void
test_group_session (Fixture       *f,
                    gconstpointer  data)
{
  SessioGroupDialog *dialog;
  GtkListBox *list;
  gint64 second_trajectory, third_trajectory;
  guint ticked = 0;

  add_patient (f->store, "Bram Oosterlinck", f->engagement, &second_trajectory);
  add_patient (f->store, "Chloé Dewulf", f->engagement, &third_trajectory);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-group-session", NULL));
  dialog = gui_test_find_toplevel (SESSIO_TYPE_GROUP_DIALOG);
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  set_text (dialog, SESSIO_TYPE_GROUP_DIALOG, "date_row", "10/2/2025");
  set_text (dialog, SESSIO_TYPE_GROUP_DIALOG, "time_row", "14:00");

  /* An impossible time: the time row is marked, and unmarked once it is
   * right. */
  set_text (dialog, SESSIO_TYPE_GROUP_DIALOG, "time_row", "25:00");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "group.save", NULL);
  g_assert_true (gtk_widget_has_css_class (gui_test_child (dialog, SESSIO_TYPE_GROUP_DIALOG, "time_row"), "error"));
  set_text (dialog, SESSIO_TYPE_GROUP_DIALOG, "time_row", "14:00");
  g_assert_false (gtk_widget_has_css_class (gui_test_child (dialog, SESSIO_TYPE_GROUP_DIALOG, "time_row"), "error"));
  g_assert_false (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_GROUP_DIALOG, "error_label")));

  /* No participant: refused with a reason at the participants, nothing
   * saved. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "group.save", NULL);
  g_assert_true (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_GROUP_DIALOG, "error_label")));
  g_assert_true (gtk_widget_has_css_class (gui_test_child (dialog, SESSIO_TYPE_GROUP_DIALOG, "participants_list"), "error"));
  g_assert_cmpuint (n_sessions (f, f->trajectory), ==, 0);

  /* The three open trajectories are listed; the search narrows them. */
  list = gui_test_child (dialog, SESSIO_TYPE_GROUP_DIALOG, "participants_list");
  set_text (dialog, SESSIO_TYPE_GROUP_DIALOG, "search_entry", "chloe");
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "check");
      gint64 *trajectory = g_object_get_data (G_OBJECT (row), "trajectory");

      g_assert_nonnull (check);
      /* Tick the first patient and Bram, not Chloé. */
      if (*trajectory == f->trajectory || *trajectory == second_trajectory)
        {
          gtk_check_button_set_active (check, TRUE);
          ticked++;
        }
    }
  g_assert_cmpuint (ticked, ==, 2);
  /* Each one chosen hears what the convention says for them, before
   * saving, as in the individual editor; the one not chosen only her
   * birth year. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      gint64 *trajectory = g_object_get_data (G_OBJECT (row), "trajectory");
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

      g_assert_true (g_str_has_prefix (subtitle, "born "));
      if (*trajectory == third_trajectory)
        g_assert_null (strstr (subtitle, "group fee"));
      else
        g_assert_nonnull (strstr (subtitle, " · group fee €"));
    }
  /* Participants chosen: the reason and the mark are gone. */
  g_assert_false (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_GROUP_DIALOG, "error_label")));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (list), "error"));
  set_text (dialog, SESSIO_TYPE_GROUP_DIALOG, "search_entry", "");
  gui_test_settle (dialog);
  gui_test_save_png (dialog, "group-dialog");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "group.save", NULL);
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &dialog));

  /* Each participant has it on their own trajectory; Chloé does not. */
  g_assert_cmpuint (n_sessions (f, f->trajectory), ==, 1);
  g_assert_cmpuint (n_sessions (f, second_trajectory), ==, 1);
  g_assert_cmpuint (n_sessions (f, third_trajectory), ==, 0);
}

static gboolean
audit_checked (gpointer data)
{
  return !sessio_audit_dialog_is_checking (data);
}

static gboolean
no_worker_running (gpointer data)
{
  return sessio_worker_get_n_running () == 0;
}

/* The patient file is exported in a worker: the window goes on, the PDF
 * and the JSON appear whole, private to the user, and a second export
 * into the same folder keeps the first. */
static void
test_export_in_worker (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *pdf = g_build_filename (dir, "Jolien Vanderzande.pdf", NULL);
  g_autofree char *json = g_build_filename (dir, "Jolien Vanderzande.json", NULL);
  g_autofree char *second = g_build_filename (dir, "Jolien Vanderzande (2).pdf", NULL);
  g_autofree char *text = NULL;
  GStatBuf st;

  sessio_patient_view_export_to (f->view, dir);
  /* Running: a second export waits for the first. */
  g_assert_cmpuint (sessio_worker_get_n_running (), ==, 1);
  sessio_patient_view_export_to (f->view, dir);
  g_assert_cmpuint (sessio_worker_get_n_running (), ==, 1);
  g_assert_true (gui_test_wait (no_worker_running, NULL));
  gui_test_settle (f->window);

  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (json, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  text = test_pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Jolien Vanderzande"));
  g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));

  /* Again: beside the first, not over it. */
  sessio_patient_view_export_to (f->view, dir);
  g_assert_true (gui_test_wait (no_worker_running, NULL));
  g_assert_true (g_file_test (second, G_FILE_TEST_EXISTS));
  test_rm_rf (dir);
}

static void
test_audit_window (Fixture       *f,
                   gconstpointer  data)
{
  SessioAuditDialog *dialog;
  GtkLabel *chain;

  gui_test_settle (f->window);
  gui_test_save_png (f->window, "patient-page");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "patient.audit", NULL));
  dialog = gui_test_find_toplevel (SESSIO_TYPE_AUDIT_DIALOG);
  g_assert_nonnull (dialog);
  chain = gui_test_child (dialog, SESSIO_TYPE_AUDIT_DIALOG, "chain_label");
  /* The chain is checked in a worker, on a snapshot: the window is there
   * at once, saying so, and the answer follows. */
  g_assert_true (sessio_audit_dialog_is_checking (dialog));
  g_assert_cmpstr (gtk_label_get_text (chain), ==, "Checking the audit log…");
  g_assert_true (gui_test_wait (audit_checked, dialog));
  gui_test_settle (dialog);
  gui_test_save_png (dialog, "audit-dialog");
  g_assert_cmpstr (gtk_label_get_text (chain), ==, "The audit log is complete: no entry was removed or changed.");
  /* created, its trajectory created, viewed on opening: at least three. */
  g_assert_nonnull (strstr (adw_preferences_group_get_description (gui_test_child (dialog, SESSIO_TYPE_AUDIT_DIALOG,
                                                                                   "entries_group")),
                            "entries"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_erase_after_confirmation (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(SessioPatient) patient = NULL;
  AdwMessageDialog *ask;
  SessioPatient changed = { 0 };

  patient = sessio_patient_store_get_patient (f->store, f->patient, NULL);
  changed = *patient;
  changed.notes = (char *) "Slaapt slecht sinds de verhuis";
  g_assert_true (sessio_patient_store_update_patient (f->store, &changed, NULL));
  g_clear_pointer (&patient, sessio_patient_free);

  /* Cancel keeps everything. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "patient.erase", NULL));
  ask = gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ask);
  adw_message_dialog_response (ask, "cancel");
  gtk_window_destroy (GTK_WINDOW (ask));
  patient = sessio_patient_store_get_patient (f->store, f->patient, NULL);
  g_assert_false (patient->erased);
  g_assert_cmpstr (patient->notes, ==, "Slaapt slecht sinds de verhuis");
  g_clear_pointer (&patient, sessio_patient_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "patient.erase", NULL));
  ask = gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ask, "erase");
  gtk_window_destroy (GTK_WINDOW (ask));
  patient = sessio_patient_store_get_patient (f->store, f->patient, NULL);
  g_assert_true (patient->erased);
  g_assert_null (patient->notes);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  gui_test_init (&argc, &argv);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/patient-actions/next-step", test_next_step);
  ADD ("/patient-actions/trajectory-network-by-age", test_trajectory_network_by_age);
  ADD ("/patient-actions/rectify-with-guardian", test_rectify_with_guardian);
  ADD ("/patient-actions/delete-and-undo", test_delete_and_undo);
  ADD ("/patient-actions/mark-buttons-from-the-day", test_mark_buttons_from_the_day);
  ADD ("/patient-actions/other-task", test_other_task);
  ADD ("/patient-actions/group-session", test_group_session);
  ADD ("/patient-actions/audit-window", test_audit_window);
  ADD ("/patient-actions/export-in-worker", test_export_in_worker);
  ADD ("/patient-actions/erase-after-confirmation", test_erase_after_confirmation);
#undef ADD

  return g_test_run ();
}
