/* test-agenda-page.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Agenda section on a real vault, in the week of Monday 23 November
 * 2026 with "now" fixed on its Wednesday at noon: the rows grouped by
 * day, what each says, the one-click buttons only on planned sessions
 * that have begun, the day and week views, moving between weeks, marking
 * held or no-show in one click (and the store agreeing), undoing it,
 * opening the patient, reloading when the store changes, fitting 360 px,
 * and locking dropping it all.  Saves a screenshot of the week.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "gui-test-util.h"
#include "sessio-agenda-page.h"
#include "sessio-clock.h"
#include "sessio-ident.h"
#include "sessio-patient-view.h"
#include "sessio-patients-page.h"
#include "sessio-session-list.h"
#include "sessio-window.h"

typedef struct
{
  char                *dir;
  SessioWindow        *window;
  SessioAgendaPage    *page;
  SessioPatientStore  *store;
  gint64               anna, bram;
  gint64               anna_trajectory, bram_trajectory;
  gint64               monday_held;      /* Anna, 23 Nov 10:00 */
  gint64               wednesday_past;   /* Anna, 25 Nov 10:00, planned */
  gint64               wednesday_later;  /* Bram, 25 Nov 14:00, planned */
  gint64               thursday_group;   /* both, 26 Nov 18:00, planned */
  gint64               friday;           /* Bram, 27 Nov 09:30, planned, school */
} Fixture;

static gint64
add_patient (Fixture    *f,
             const char *name,
             int         birth_year,
             guint       serial)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *birth_date = g_strdup_printf ("%d-03-14", birth_year);
  SessioPatient patient = { 0 };
  char insz[12];
  GDate birth;
  gint64 id;

  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, 14, G_DATE_MARCH, birth_year);
  g_assert_true (sessio_insz_generate (&birth, FALSE, serial, insz));
  patient.name = (char *) name;
  patient.birth_date = birth_date;
  patient.insz = insz;
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
  trajectory.start_date = (char *) "2026-10-01";
  id = sessio_patient_store_add_trajectory (f->store, &trajectory, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_session (Fixture    *f,
             gint64      trajectory,
             const char *when,
             const char *status,
             const char *location)
{
  g_autoptr(GError) error = NULL;
  SessioSession session = { 0 };
  gint64 id;

  session.trajectory_id = trajectory;
  session.starts_at = (char *) when;
  session.care = (char *) "support";
  session.setting = (char *) "individual";
  session.status = (char *) status;
  session.location = (char *) location;
  id = sessio_patient_store_add_session (f->store, &session, &error);
  g_assert_no_error (error);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *vault_dir = NULL;
  g_autoptr(SessioVault) vault = NULL;
  g_autoptr(GArray) participants = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 25, 12, 0, 0);
  SessioEngagement engagement = { 0 };
  SessioSession group = { 0 };
  gint64 engagement_id;

  f->dir = test_make_tmpdir ();
  vault_dir = g_build_filename (f->dir, "vault", NULL);
  vault = test_create_vault (vault_dir, NULL);

  /* The page and the store agree on the day, Wednesday 25 November: the
   * one clock, fixed before the window reads it. */
  sessio_clock_set_for_testing (now);
  f->window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
  sessio_window_set_vault (f->window, vault);
  f->page = (gpointer) sessio_window_get_section (f->window, "agenda");
  f->store = sessio_window_get_store (f->window);


  engagement.network_name = (char *) "Netwerk Volwassenen Testregio";
  engagement.network = (char *) "adult";
  engagement.model = (char *) "independent";
  engagement.weekly_contingent = -1;
  engagement_id = sessio_patient_store_add_engagement (f->store, &engagement, &error);
  g_assert_no_error (error);

  f->anna = add_patient (f, "Anna Peeters", 1988, 21);
  f->bram = add_patient (f, "Bram Janssens", 1975, 33);
  f->anna_trajectory = add_trajectory (f, f->anna, engagement_id);
  f->bram_trajectory = add_trajectory (f, f->bram, engagement_id);

  /* The week before and the week after have one session each. */
  add_session (f, f->bram_trajectory, "2026-11-19T10:00", "held", NULL);
  f->monday_held = add_session (f, f->anna_trajectory, "2026-11-23T10:00", "held", NULL);
  f->wednesday_later = add_session (f, f->bram_trajectory, "2026-11-25T14:00", "planned", NULL);
  f->wednesday_past = add_session (f, f->anna_trajectory, "2026-11-25T10:00", "planned", NULL);
  f->friday = add_session (f, f->bram_trajectory, "2026-11-27T09:30", "planned", "school");
  add_session (f, f->anna_trajectory, "2026-11-30T11:00", "planned", NULL);

  g_array_append_val (participants, f->anna_trajectory);
  g_array_append_val (participants, f->bram_trajectory);
  group.starts_at = (char *) "2026-11-26T18:00";
  group.care = (char *) "support";
  group.setting = (char *) "group";
  group.status = (char *) "planned";
  group.trajectories = participants;
  f->thursday_group = sessio_patient_store_add_session (f->store, &group, &error);
  g_assert_no_error (error);

  /* The page opens on today's week; the sessions were added since. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "agenda.today", NULL);
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

/* ----------------------------------------------------------- helpers */

static gboolean
has_label (GtkWidget  *widget,
           const char *label)
{
  g_autofree char *wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                               GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                               label);
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) &&
         wrong == NULL;
}

/* The first widget of @type under @root (depth first) that screen
 * readers know as @label. */
static GtkWidget *
find_by_label (GtkWidget  *root,
               GType       type,
               const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && has_label (root, label))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_label (child, type, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect (GtkWidget *root,
         GType      type,
         GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (out, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect (child, type, out);
}

/* What a click does (gtk_widget_activate() waits for the button to be
 * drawn pressed, which a window never shown is not). */
static gboolean
click (GtkWidget *button)
{
  if (button == NULL)
    return FALSE;
  g_signal_emit_by_name (button, "clicked");
  return TRUE;
}

static GtkBox *
days_box (Fixture *f)
{
  return gui_test_child (f->page, SESSIO_TYPE_AGENDA_PAGE, "days_box");
}

/* The day headings shown, joined by "|". */
static char *
day_titles (Fixture *f)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) titles = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  collect (GTK_WIDGET (days_box (f)), ADW_TYPE_PREFERENCES_GROUP, groups);
  for (guint i = 0; i < groups->len; i++)
    g_strv_builder_add (titles, adw_preferences_group_get_title (g_ptr_array_index (groups, i)));
  strv = g_strv_builder_end (titles);
  return g_strjoinv ("|", strv);
}

/* The row titles shown, joined by "|". */
static char *
row_titles (Fixture *f)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) titles = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  collect (GTK_WIDGET (days_box (f)), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    g_strv_builder_add (titles, adw_preferences_row_get_title (g_ptr_array_index (rows, i)));
  strv = g_strv_builder_end (titles);
  return g_strjoinv ("|", strv);
}

static guint
n_shown (Fixture *f)
{
  GListModel *shown = sessio_agenda_page_get_shown (f->page);

  return shown != NULL ? g_list_model_get_n_items (shown) : 0;
}

static const char *
range_text (Fixture *f)
{
  return gtk_label_get_text (gui_test_child (f->page, SESSIO_TYPE_AGENDA_PAGE, "range_label"));
}

static const char *
content_shown (Fixture *f)
{
  return gtk_stack_get_visible_child_name (gui_test_child (f->page, SESSIO_TYPE_AGENDA_PAGE, "content_stack"));
}

static char *
session_status (Fixture *f,
                gint64   id,
                gboolean *outside)
{
  g_autoptr(GError) error = NULL;
  SessioSession session = { 0 };
  char *status;

  g_assert_true (sessio_patient_store_get_session (f->store, id, &session, &error));
  g_assert_no_error (error);
  status = g_strdup (session.status);
  if (outside != NULL)
    *outside = session.outside_convention;
  sessio_session_clear (&session);
  return status;
}

static void
assert_range (Fixture *f,
              int      from_day,
              int      from_month,
              int      to_day,
              int      to_month)
{
  GDate from, to;

  sessio_agenda_page_get_range (f->page, &from, &to);
  g_assert_cmpint (g_date_get_day (&from), ==, from_day);
  g_assert_cmpint (g_date_get_month (&from), ==, from_month);
  g_assert_cmpint (g_date_get_day (&to), ==, to_day);
  g_assert_cmpint (g_date_get_month (&to), ==, to_month);
}

/* The toast's Undo button, shown in the window's toast overlay. */
static GtkWidget *
toast_undo (Fixture *f)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), "_Undo") == 0)
      return buttons->pdata[i];
  return NULL;
}

/* ------------------------------------------------------------- tests */

static void
test_week (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *days = day_titles (f);
  g_autofree char *rows = row_titles (f);
  GtkWidget *held, *no_show;
  GtkWidget *box = GTK_WIDGET (days_box (f));

  g_assert_cmpstr (sessio_agenda_page_get_view (f->page), ==, "week");
  assert_range (f, 23, 11, 29, 11);
  g_assert_cmpstr (range_text (f), ==, "23–29 November 2026");
  g_assert_cmpstr (content_shown (f), ==, "list");

  /* Grouped by day, in time order within the day (the 10:00 session was
   * added after the 14:00 one). */
  g_assert_cmpuint (n_shown (f), ==, 5);
  g_assert_cmpstr (days, ==, "Monday 23 November|Wednesday 25 November|Thursday 26 November|Friday 27 November");
  g_assert_cmpstr (rows, ==, "Anna Peeters|Anna Peeters|Bram Janssens|Group, 2 participants|Bram Janssens");

  /* The row says when, how long, what, where. */
  {
    GtkWidget *row = find_by_label (box, ADW_TYPE_ACTION_ROW, "09:30 Bram Janssens");

    g_assert_nonnull (row);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Support · school");
    g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                       "Support · school, 60 min, Planned"));
    /* Only that: GTK 4.8 would append the title's text to the name. */
    g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  }

  /* Only the planned session that has begun can be marked, in one click;
   * the 14:00 one and the ones still to come cannot yet. */
  held = find_by_label (box, GTK_TYPE_BUTTON, "Mark 10:00 Anna Peeters as held");
  no_show = find_by_label (box, GTK_TYPE_BUTTON, "Mark 10:00 Anna Peeters as no-show");
  g_assert_nonnull (held);
  g_assert_nonnull (no_show);
  g_assert_null (find_by_label (box, GTK_TYPE_BUTTON, "Mark 14:00 Bram Janssens as held"));
  g_assert_null (find_by_label (box, GTK_TYPE_BUTTON, "Mark 09:30 Bram Janssens as held"));
  {
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
    guint marks = 0;

    collect (box, GTK_TYPE_BUTTON, buttons);
    /* The others open a patient's file, one on each individual row. */
    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)), "agenda.mark") == 0)
        marks++;
    g_assert_cmpuint (marks, ==, 2);
  }
}

static void
test_navigation (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *day_button = gui_test_child (f->page, SESSIO_TYPE_AGENDA_PAGE, "day_button");
  GtkWidget *week_button = gui_test_child (f->page, SESSIO_TYPE_AGENDA_PAGE, "week_button");
  GtkWidget *previous = gui_test_child (f->page, SESSIO_TYPE_AGENDA_PAGE, "previous_button");
  AdwStatusPage *empty = gui_test_child (f->page, SESSIO_TYPE_AGENDA_PAGE, "empty_page");

  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (week_button)));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (day_button)));
  g_assert_true (has_label (previous, "Previous Week"));

  gtk_widget_activate_action (GTK_WIDGET (f->page), "agenda.next", NULL);
  assert_range (f, 30, 11, 6, 12);
  g_assert_cmpstr (range_text (f), ==, "30 November – 6 December 2026");
  g_assert_cmpuint (n_shown (f), ==, 1);

  /* A week without sessions says so. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "agenda.next", NULL);
  g_assert_cmpuint (n_shown (f), ==, 0);
  g_assert_cmpstr (content_shown (f), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, "No Sessions This Week");

  gtk_widget_activate_action (GTK_WIDGET (f->page), "agenda.previous", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "agenda.previous", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "agenda.previous", NULL);
  assert_range (f, 16, 11, 22, 11);
  g_assert_cmpuint (n_shown (f), ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (f->page), "agenda.today", NULL);
  assert_range (f, 23, 11, 29, 11);

  /* The day view, through the toggle's action: today, Wednesday. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "agenda.view", "s", "day");
  g_assert_cmpstr (sessio_agenda_page_get_view (f->page), ==, "day");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (day_button)));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (week_button)));
  g_assert_true (has_label (previous, "Previous Day"));
  assert_range (f, 25, 11, 25, 11);
  g_assert_cmpstr (range_text (f), ==, "Wednesday 25 November 2026");
  g_assert_cmpuint (n_shown (f), ==, 2);
  {
    g_autofree char *rows = row_titles (f);
    g_assert_cmpstr (rows, ==, "Anna Peeters|Bram Janssens");
  }

  gtk_widget_activate_action (GTK_WIDGET (f->page), "agenda.next", NULL);
  assert_range (f, 26, 11, 26, 11);
  g_assert_cmpuint (n_shown (f), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "agenda.next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "agenda.next", NULL);
  g_assert_cmpstr (content_shown (f), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, "No Sessions This Day");

  /* Back to the week: the week of the day shown. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "agenda.view", "s", "week");
  assert_range (f, 23, 11, 29, 11);
  g_assert_cmpuint (n_shown (f), ==, 5);
}

static void
test_mark_held_and_undo (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *box = GTK_WIDGET (days_box (f));
  GtkWidget *held = find_by_label (box, GTK_TYPE_BUTTON, "Mark 10:00 Anna Peeters as held");
  g_autofree char *before = session_status (f, f->wednesday_past, NULL);
  g_autofree char *after = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *missed = NULL;
  g_autofree char *future = NULL;
  gboolean outside = TRUE;
  GtkWidget *undo;

  g_assert_cmpstr (before, ==, "planned");

  /* One click. */
  g_assert_nonnull (held);
  g_assert_true (click (held));
  after = session_status (f, f->wednesday_past, NULL);
  g_assert_cmpstr (after, ==, "held");
  undo = toast_undo (f);
  g_assert_nonnull (undo);
  /* It can be pressed, and it is read out as the text it shows, not as
   * "_Undo Undo" (no accessible label of its own). */
  g_assert_true (gtk_widget_is_sensitive (undo));
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (undo), GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_null (find_by_label (box, GTK_TYPE_BUTTON, "Mark 10:00 Anna Peeters as held"));
  g_assert_nonnull (find_by_label (box, ADW_TYPE_ACTION_ROW, "10:00 Anna Peeters"));

  /* The toast's Undo puts it back as it was. */
  g_assert_true (click (undo));
  undone = session_status (f, f->wednesday_past, &outside);
  g_assert_cmpstr (undone, ==, "planned");
  g_assert_false (outside);
  g_assert_nonnull (find_by_label (box, GTK_TYPE_BUTTON, "Mark 10:00 Anna Peeters as held"));

  /* Undo once only. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "agenda.undo", NULL);
  g_clear_pointer (&undone, g_free);
  undone = session_status (f, f->wednesday_past, NULL);
  g_assert_cmpstr (undone, ==, "planned");

  /* No-show, in one click too. */
  g_assert_true (click (find_by_label (box, GTK_TYPE_BUTTON, "Mark 10:00 Anna Peeters as no-show")));
  missed = session_status (f, f->wednesday_past, NULL);
  g_assert_cmpstr (missed, ==, "no-show");

  /* A future session cannot be marked, even through the action: the store
   * refuses, and nothing changes. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "agenda.mark", "(xs)", f->friday, "held");
  future = session_status (f, f->friday, NULL);
  g_assert_cmpstr (future, ==, "planned");
}

/* The button in @row that triggers @action. */
static GtkWidget *
find_action_button (GtkWidget  *root,
                    const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      if ((found = find_action_button (child, action)) != NULL)
        return found;
    }
  return NULL;
}

/* A row opens its session (the group editor for a group); the button
 * beside a patient's name opens their file. */
static void
test_open_patient (Fixture       *f,
                   gconstpointer  data)
{
  SessioPatientsPage *patients = (gpointer) sessio_window_get_section (f->window, "patients");
  SessioPatientView *view = gui_test_child (patients, SESSIO_TYPE_PATIENTS_PAGE, "patient_view");
  GtkWidget *row = find_by_label (GTK_WIDGET (days_box (f)), ADW_TYPE_ACTION_ROW, "14:00 Bram Janssens");
  GVariant *target;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "agenda");
  g_assert_nonnull (row);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==, "win.open-session");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row));   /* transfer none */
  g_assert_cmpint (g_variant_get_int64 (target), ==, f->wednesday_later);

  g_assert_true (click (find_action_button (row, "agenda.open-patient")));
  g_assert_cmpstr (sessio_window_get_visible_section (f->window), ==, "patients");
  g_assert_cmpint (sessio_patient_view_get_patient_id (view), ==, f->bram);

  /* A group has no one file, but its session opens. */
  row = find_by_label (GTK_WIDGET (days_box (f)), ADW_TYPE_ACTION_ROW, "18:00 Group, 2 participants");
  g_assert_nonnull (row);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_assert_null (find_action_button (row, "agenda.open-patient"));
}

static gboolean
shows_six (gpointer data)
{
  return n_shown (data) == 6;
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* A session saved elsewhere (the patient page) shows up: at once when the
 * agenda is on screen, when it comes on screen otherwise. */
static void
test_follows_store (Fixture       *f,
                    gconstpointer  data)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "patients");
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (gui_test_wait (widget_is_mapped, f->window));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (f->page)));

  add_session (f, f->anna_trajectory, "2026-11-24T16:00", "planned", "video");
  g_assert_cmpuint (n_shown (f), ==, 5);   /* hidden: not yet */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "agenda");
  g_assert_true (gui_test_wait (shows_six, f));

  sessio_patient_store_delete_session (f->store, f->friday, NULL);
  g_assert_cmpuint (n_shown (f), ==, 5);   /* shown: at once */
}

static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  int min_width;

  gtk_widget_measure (GTK_WIDGET (f->page), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_test_message ("the agenda week needs %d px", min_width);
  g_assert_cmpint (min_width, <=, 360);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "agenda.view", "s", "day");
  gtk_widget_measure (GTK_WIDGET (f->page), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
}

static void
test_lock_drops_everything (Fixture       *f,
                            gconstpointer  data)
{
  g_assert_cmpuint (n_shown (f), ==, 5);
  g_assert_true (click (find_by_label (GTK_WIDGET (days_box (f)), GTK_TYPE_BUTTON,
                                                     "Mark 10:00 Anna Peeters as held")));
  sessio_window_lock (f->window);
  g_assert_null (sessio_agenda_page_get_shown (f->page));
  g_assert_null (gtk_widget_get_first_child (GTK_WIDGET (days_box (f))));
  /* The copy kept for undo went too: undoing now does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "agenda.undo", NULL);
  g_assert_null (sessio_agenda_page_get_shown (f->page));
}

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static gboolean
page_is_laid_out (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_mapped (GTK_WIDGET (f->page)) && gtk_widget_get_width (GTK_WIDGET (f->page)) > 0 &&
         gtk_widget_get_height (GTK_WIDGET (days_box (f))) > 0;
}

static GtkWidget *
held_button (Fixture *f)
{
  return find_by_label (GTK_WIDGET (days_box (f)), GTK_TYPE_BUTTON, "Mark 10:00 Anna Peeters as held");
}

static gboolean
held_button_is_icon (gpointer data)
{
  GtkWidget *button = held_button (data);

  return button != NULL && gtk_button_get_icon_name (GTK_BUTTON (button)) != NULL &&
         gtk_widget_get_width (button) > 0;
}

static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 760);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "agenda");
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (gui_test_wait (page_is_laid_out, f));
  /* Let the frame clock settle before drawing. */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  save_png (GTK_WIDGET (f->window), "agenda-week.png");

  /* On a phone the one-click buttons show icons, so that the name keeps
   * its room. */
  g_assert_null (gtk_button_get_icon_name (GTK_BUTTON (held_button (f))));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 720);
  g_assert_true (gui_test_wait (held_button_is_icon, f));
  g_assert_true (gui_test_wait (page_is_laid_out, f));
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  save_png (GTK_WIDGET (f->window), "agenda-week-narrow.png");
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/agenda-page/week", test_week);
  ADD ("/agenda-page/navigation", test_navigation);
  ADD ("/agenda-page/mark-held-and-undo", test_mark_held_and_undo);
  ADD ("/agenda-page/open-patient", test_open_patient);
  ADD ("/agenda-page/follows-store", test_follows_store);
  ADD ("/agenda-page/narrow", test_narrow);
  ADD ("/agenda-page/lock-drops-everything", test_lock_drops_everything);
  ADD ("/agenda-page/screenshot", test_screenshot);

#undef ADD

  return g_test_run ();
}
