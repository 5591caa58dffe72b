/* test-session-editor.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editors reopening saved sessions, on a real vault and the real
 * window: a session opened from the patient page and from the agenda,
 * corrected (location, note, co-payment received and its day) with the
 * old note kept in the history; a refusal marked at its field; an
 * invoiced session saved only once the billing sentence is confirmed; a
 * group session reopened and one pupil marked a no-show; closing with
 * unsaved changes asks; a note of several megabytes opens and saves.
 */

#include "config.h"

#include "gui-test-util.h"
#include "sessio-agenda-page.h"
#include "sessio-clock.h"
#include "sessio-date-row.h"
#include "sessio-group-dialog.h"
#include "sessio-invoice-store.h"
#include "sessio-labels.h"
#include "sessio-patient-view.h"
#include "sessio-patients-page.h"
#include "sessio-session-dialog.h"
#include "sessio-window.h"

typedef struct
{
  char                *dir;
  SessioWindow        *window;
  SessioPatientStore  *store;
  gint64               engagement;
  gint64               patient;
  gint64               trajectory;
  gint64               pupil;
  gint64               pupil_trajectory;
  gint64               session;
} Fixture;

static gint64
add_patient (Fixture    *f,
             const char *name,
             gint64     *trajectory)
{
  g_autoptr(GError) error = NULL;
  SessioPatient patient = { 0 };
  SessioTrajectory t = { 0 };
  gint64 id;

  patient.name = (char *) name;
  patient.birth_date = (char *) "1988-02-11";
  id = sessio_patient_store_add_patient (f->store, &patient, &error);
  g_assert_no_error (error);

  t.patient_id = id;
  t.engagement_id = f->engagement;
  t.start_date = (char *) "2025-01-06";
  t.bilan_date = (char *) "2025-01-06";
  *trajectory = sessio_patient_store_add_trajectory (f->store, &t, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_session (Fixture    *f,
             gint64      trajectory,
             const char *when,
             const char *notes)
{
  g_autoptr(GError) error = NULL;
  SessioSession session = { 0 };
  gint64 id;

  session.trajectory_id = trajectory;
  session.starts_at = (char *) when;
  session.care = (char *) "support";
  session.setting = (char *) "individual";
  session.status = (char *) "held";
  session.notes = (char *) notes;
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
  g_autoptr(GError) error = NULL;
  SessioEngagement engagement = { 0 };
  SessioProvider provider = { (char *) "Psycholoog Test", (char *) "1-23456-78-901", NULL, NULL, NULL };

  f->dir = test_make_tmpdir ();
  vault_dir = g_build_filename (f->dir, "vault", NULL);
  vault = test_create_vault (vault_dir, NULL);

  f->window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
  sessio_window_set_vault (f->window, vault);
  gtk_window_present (GTK_WINDOW (f->window));
  f->store = sessio_window_get_store (f->window);

  g_assert_true (sessio_patient_store_set_provider (f->store, &provider, NULL, &error));
  g_assert_no_error (error);
  engagement.network_name = (char *) "Netwerk Volwassenen Testregio";
  engagement.network = (char *) "adult";
  engagement.model = (char *) "independent";
  engagement.language = (char *) "nl";
  engagement.weekly_contingent = -1;
  f->engagement = sessio_patient_store_add_engagement (f->store, &engagement, &error);
  g_assert_no_error (error);

  f->patient = add_patient (f, "Jolien Vanderzande", &f->trajectory);
  f->pupil = add_patient (f, "Wout Claeysens", &f->pupil_trajectory);
  f->session = add_session (f, f->trajectory, "2025-02-03T10:00", "Eerste versie van de notitie");
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

/* ------------------------------------------------------------ helpers */

/* The row under @root that opens session @id. */
static GtkWidget *
find_session_row (GtkWidget *root,
                  gint64     id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LIST_BOX_ROW (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), "win.open-session") == 0)
        {
          GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (child));

          if (target != NULL && g_variant_get_int64 (target) == id)
            return child;
        }
      if ((found = find_session_row (child, id)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_list_view (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LIST_VIEW (child))
        return child;
      if ((found = find_list_view (child)) != NULL)
        return found;
    }
  return NULL;
}

/* Activates the session's entry of the patient page's timeline as a click
 * or Enter does: through the list view. */
static void
activate_in_timeline (SessioPatientView *view,
                      gint64             session_id)
{
  guint position = sessio_patient_view_find_session (view, session_id);
  GtkWidget *list = find_list_view (GTK_WIDGET (view));

  g_assert_cmpuint (position, !=, G_MAXUINT);
  g_assert_nonnull (list);
  g_signal_emit_by_name (list, "activate", position);
}

/* Activates the row as a click or Enter does: through its list. */
static void
activate_row (GtkWidget *row)
{
  g_assert_nonnull (row);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_signal_emit_by_name (row, "activate");
}

static gpointer
wait_for_toplevel (GType type)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  gpointer found;

  while ((found = gui_test_find_toplevel (type)) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (found);
  gui_test_settle (found);
  return found;
}

static void
set_note (SessioSessionDialog *dialog,
          const char          *text)
{
  GtkTextView *view = gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "note_view");

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

static guint
location_index (const char *id)
{
  SessioLocation location;

  g_assert_true (sessio_location_from_string (id, &location));
  return (guint) location;
}

static guint
copay_index (const char *id)
{
  for (guint i = 0; sessio_copay_received_ids[i] != NULL; i++)
    if (g_strcmp0 (sessio_copay_received_ids[i], id) == 0)
      return i;
  g_assert_not_reached ();
}

static void
set_date (gpointer    dialog,
          const char *name,
          int         day,
          int         month,
          int         year)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  sessio_date_row_set_date (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, name), &date);
}

/* Saves and waits for the editor to go. */
static void
save_and_wait (gpointer    editor,
               const char *action)
{
  gpointer weak = editor;

  g_object_add_weak_pointer (G_OBJECT (editor), &weak);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), action, NULL));
  /* Refused: say why, rather than wait in vain. */
  if (weak != NULL && gtk_widget_get_visible (GTK_WIDGET (editor)))
    {
      GtkLabel *error = gui_test_child (editor, G_OBJECT_TYPE (editor), "error_label");

      if (gtk_widget_get_visible (GTK_WIDGET (error)))
        g_error ("not saved: %s", gtk_label_get_text (error));
    }
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &weak));
}

static AdwMessageDialog *
wait_for_message (void)
{
  return wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
}

static void
read_session (Fixture       *f,
              gint64         id,
              SessioSession *session)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sessio_patient_store_get_session (f->store, id, session, &error));
  g_assert_no_error (error);
}

/* -------------------------------------------------------------- tests */

/* From the patient page: every field is there; location, note and the
 * co-payment received (with its day) corrected and saved; the old note
 * kept in the history, and shown there. */
static void
test_open_from_patient_page (Fixture       *f,
                             gconstpointer  data)
{
  SessioPatientsPage *page = (gpointer) sessio_window_get_section (f->window, "patients");
  SessioPatientView *view = gui_test_child (page, SESSIO_TYPE_PATIENTS_PAGE, "patient_view");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *note = NULL;
  SessioSessionDialog *dialog;
  SessioSession session = { 0 };
  gboolean old_note_kept = FALSE;
  GtkWindow *history_window;

  sessio_patients_page_open_patient (page, f->patient);
  gui_test_settle (f->window);
  activate_in_timeline (view, f->session);
  dialog = wait_for_toplevel (SESSIO_TYPE_SESSION_DIALOG);
  g_assert_cmpint (sessio_session_dialog_get_session_id (dialog), ==, f->session);

  /* Filled as saved. */
  g_assert_cmpstr (gtk_editable_get_text (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "time_row")), ==, "10:00");
  note = sessio_session_dialog_dup_note (dialog);
  g_assert_cmpstr (note, ==, "Eerste versie van de notitie");
  g_assert_true (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "history_button")));
  g_assert_nonnull (sessio_session_dialog_get_verdict (dialog));
  g_assert_false (sessio_session_dialog_has_changes (dialog));
  /* Tall enough for the whole form in the picture. */
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, 1180);
  gui_test_settle (dialog);
  gui_test_save_png (dialog, "session-editor-edit");

  adw_combo_row_set_selected (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "location_row"), location_index ("home"));
  set_note (dialog, "Tweede versie van de notitie,\nover twee regels");
  adw_combo_row_set_selected (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "copay_row"), copay_index ("transfer"));
  g_assert_true (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "copay_date_row")));
  set_date (dialog, "copay_date_row", 10, 2, 2025);
  g_assert_true (sessio_session_dialog_has_changes (dialog));
  save_and_wait (dialog, "session.save");

  read_session (f, f->session, &session);
  g_assert_cmpstr (session.location, ==, "home");
  g_assert_cmpstr (session.notes, ==, "Tweede versie van de notitie,\nover twee regels");
  g_assert_cmpstr (session.copay, ==, "transfer");
  g_assert_cmpstr (session.copay_date, ==, "2025-02-10");
  g_assert_cmpstr (session.starts_at, ==, "2025-02-03T10:00");
  sessio_session_clear (&session);

  history = sessio_patient_store_get_session_history (f->store, f->session, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      SessioChange *change = g_ptr_array_index (history, i);

      if (g_strcmp0 (change->field, "notes") == 0)
        {
          g_assert_cmpstr (change->old_value, ==, "Eerste versie van de notitie");
          old_note_kept = TRUE;
        }
    }
  g_assert_true (old_note_kept);

  /* Reopened, History shows the earlier versions. */
  activate_in_timeline (view, f->session);
  dialog = wait_for_toplevel (SESSIO_TYPE_SESSION_DIALOG);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "session.history", NULL));
  history_window = NULL;
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

        if (gtk_window_get_transient_for (w) == GTK_WINDOW (dialog) && gtk_widget_get_visible (GTK_WIDGET (w)))
          history_window = w;
      }
  }
  g_assert_nonnull (history_window);
  gui_test_settle (history_window);
  gui_test_save_png (history_window, "session-history");
  gtk_window_destroy (history_window);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* From the agenda; a refusal is marked at its field, the mark goes when
 * the value changes. */
static void
test_open_from_agenda (Fixture       *f,
                       gconstpointer  data)
{
  SessioAgendaPage *agenda = (gpointer) sessio_window_get_section (f->window, "agenda");
  g_autoptr(GDateTime) now = g_date_time_new_local (2025, 2, 5, 12, 0, 0);
  SessioSessionDialog *dialog;
  GtkWidget *copay_date_row;
  SessioSession session = { 0 };

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "agenda");
  sessio_clock_set_for_testing (now);
  gtk_widget_activate_action (GTK_WIDGET (agenda), "agenda.today", NULL);
  gui_test_settle (f->window);
  activate_row (find_session_row (GTK_WIDGET (agenda), f->session));
  dialog = wait_for_toplevel (SESSIO_TYPE_SESSION_DIALOG);
  g_assert_cmpint (sessio_session_dialog_get_session_id (dialog), ==, f->session);

  /* Received in cash on a day still to come: refused at that row. */
  adw_combo_row_set_selected (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "copay_row"), copay_index ("cash"));
  set_date (dialog, "copay_date_row", 1, 1, 2099);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "session.save", NULL));
  copay_date_row = gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "copay_date_row");
  g_assert_true (gtk_widget_has_css_class (copay_date_row, "error"));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (dialog)), copay_date_row) ||
                 gtk_window_get_focus (GTK_WINDOW (dialog)) == copay_date_row);
  g_assert_true (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "error_label")));
  read_session (f, f->session, &session);
  g_assert_null (session.copay_date);
  sessio_session_clear (&session);

  set_date (dialog, "copay_date_row", 4, 2, 2025);
  g_assert_false (gtk_widget_has_css_class (copay_date_row, "error"));
  adw_combo_row_set_selected (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "location_row"), location_index ("school"));
  set_note (dialog, "Vanuit de agenda aangevuld");
  save_and_wait (dialog, "session.save");

  read_session (f, f->session, &session);
  g_assert_cmpstr (session.location, ==, "school");
  g_assert_cmpstr (session.copay, ==, "cash");
  g_assert_cmpstr (session.copay_date, ==, "2025-02-04");
  g_assert_cmpstr (session.notes, ==, "Vanuit de agenda aangevuld");
  sessio_session_clear (&session);
}

/* An issued invoice bills the session: a change to what it billed is
 * saved only after the user has read the sentence and confirmed. */
static void
test_invoiced_session (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SessioInvoiceStore) invoices = sessio_invoice_store_new (f->store, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  SessioSessionDialog *dialog;
  AdwMessageDialog *ask;
  SessioSession session = { 0 };
  gint64 invoice;

  invoice = sessio_invoice_store_draft_month (invoices, f->engagement, "2025-02", &error);
  g_assert_no_error (error);
  g_assert_true (sessio_invoice_store_issue (invoices, invoice, "2025-03-01", &error));
  g_assert_no_error (error);
  number = sessio_patient_store_get_session_invoice (f->store, f->session, &error);
  g_assert_nonnull (number);

  dialog = sessio_session_dialog_new_edit (f->store, f->session, &error);
  g_assert_no_error (error);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (dialog));
  gui_test_settle (dialog);
  adw_combo_row_set_selected (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "location_row"), location_index ("home"));

  /* Cancelled: nothing saved, the editor still open. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "session.save", NULL));
  ask = wait_for_message ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ask), number));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ask), "credit note"));
  adw_message_dialog_response (ask, "cancel");
  read_session (f, f->session, &session);
  g_assert_cmpstr (session.location, !=, "home");
  sessio_session_clear (&session);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  /* Confirmed: saved, the invoice kept as issued. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "session.save", NULL));
  ask = wait_for_message ();
  {
    gpointer weak = dialog;

    g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
    adw_message_dialog_response (ask, "save");
    g_assert_true (gui_test_wait (gui_test_pointer_is_null, &weak));
  }
  read_session (f, f->session, &session);
  g_assert_cmpstr (session.location, ==, "home");
  sessio_session_clear (&session);
}

static const char *
participant_status (Fixture *f,
                    gint64   session_id,
                    gint64   trajectory)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) participants = sessio_patient_store_list_participants (f->store, session_id, &error);
  static char status[32];

  g_assert_no_error (error);
  for (guint i = 0; i < participants->len; i++)
    {
      SessioParticipant *p = g_ptr_array_index (participants, i);

      if (p->trajectory_id == trajectory)
        {
          g_strlcpy (status, p->status, sizeof status);
          return status;
        }
    }
  return NULL;
}

/* A group session opened from the agenda in the group editor: one
 * pupil marked a no-show, the other keeps their attendance; a group
 * left without participants is refused at the participants. */
static void
test_group_session (Fixture       *f,
                    gconstpointer  data)
{
  SessioAgendaPage *agenda = (gpointer) sessio_window_get_section (f->window, "agenda");
  g_autoptr(GDateTime) now = g_date_time_new_local (2025, 2, 5, 12, 0, 0);
  g_autoptr(GArray) participants = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  SessioSession group = { 0 };
  SessioGroupDialog *dialog;
  AdwPreferencesGroup *attendance;
  GtkListBox *list;
  GtkWidget *wout = NULL;
  gint64 id;

  g_array_append_val (participants, f->trajectory);
  g_array_append_val (participants, f->pupil_trajectory);
  group.starts_at = (char *) "2025-02-04T16:00";
  group.care = (char *) "support";
  group.setting = (char *) "group";
  group.status = (char *) "held";
  group.trajectories = participants;
  id = sessio_patient_store_add_session (f->store, &group, &error);
  g_assert_no_error (error);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "agenda");
  sessio_clock_set_for_testing (now);
  gtk_widget_activate_action (GTK_WIDGET (agenda), "agenda.today", NULL);
  gui_test_settle (f->window);
  activate_row (find_session_row (GTK_WIDGET (agenda), id));
  dialog = wait_for_toplevel (SESSIO_TYPE_GROUP_DIALOG);
  g_assert_cmpint (sessio_group_dialog_get_session_id (dialog), ==, id);

  attendance = gui_test_child (dialog, SESSIO_TYPE_GROUP_DIALOG, "attendance_group");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (attendance)));
  /* Each participant's row, by name; expanded for the picture. */
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    GtkWidget *stack[64];
    guint n = 0;

    stack[n++] = GTK_WIDGET (attendance);
    while (n > 0)
      {
        GtkWidget *w = stack[--n];

        if (ADW_IS_EXPANDER_ROW (w))
          {
            adw_expander_row_set_expanded (ADW_EXPANDER_ROW (w), TRUE);
            g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (w)), !=, "");
            if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)), "Wout Claeysens") == 0)
              wout = w;
            continue;
          }
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL && n < G_N_ELEMENTS (stack);
             c = gtk_widget_get_next_sibling (c))
          stack[n++] = c;
      }
  }
  g_assert_nonnull (wout);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, 1400);
  gui_test_settle (dialog);
  gui_test_save_png (dialog, "group-editor-edit");

  /* Wout did not come. */
  adw_combo_row_set_selected (g_object_get_data (G_OBJECT (wout), "status-row"), 1);   /* no-show */
  save_and_wait (dialog, "group.save");
  g_assert_cmpstr (participant_status (f, id, f->pupil_trajectory), ==, "no-show");
  g_assert_cmpstr (participant_status (f, id, f->trajectory), ==, "held");

  /* Every participant unticked: refused at the participants, nothing
   * saved. */
  dialog = sessio_group_dialog_new_edit (f->store, id, &error);
  g_assert_no_error (error);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (dialog));
  gui_test_settle (dialog);
  list = gui_test_child (dialog, SESSIO_TYPE_GROUP_DIALOG, "participants_list");
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "check");

      if (check != NULL)
        gtk_check_button_set_active (check, FALSE);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "group.save", NULL));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (list), "error"));
  g_assert_true (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_GROUP_DIALOG, "error_label")));
  g_assert_cmpstr (participant_status (f, id, f->pupil_trajectory), ==, "no-show");
  /* Unsaved: asked, then discarded. */
  gtk_window_close (GTK_WINDOW (dialog));
  {
    gpointer weak = dialog;

    g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
    adw_message_dialog_response (wait_for_message (), "discard");
    g_assert_true (gui_test_wait (gui_test_pointer_is_null, &weak));
  }
}

/* A group session on an issued invoice: moved elsewhere only once the
 * billing sentence is confirmed. */
static void
test_invoiced_group_session (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(SessioInvoiceStore) invoices = sessio_invoice_store_new (f->store, NULL);
  g_autoptr(GArray) participants = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  SessioSession group = { 0 };
  SessioSession saved = { 0 };
  SessioGroupDialog *dialog;
  AdwMessageDialog *ask;
  gpointer weak;
  gint64 id, invoice;

  g_array_append_val (participants, f->trajectory);
  g_array_append_val (participants, f->pupil_trajectory);
  group.starts_at = (char *) "2025-02-04T16:00";
  group.care = (char *) "support";
  group.setting = (char *) "group";
  group.status = (char *) "held";
  group.trajectories = participants;
  id = sessio_patient_store_add_session (f->store, &group, &error);
  g_assert_no_error (error);
  invoice = sessio_invoice_store_draft_month (invoices, f->engagement, "2025-02", &error);
  g_assert_no_error (error);
  g_assert_true (sessio_invoice_store_issue (invoices, invoice, "2025-03-01", &error));
  g_assert_no_error (error);

  dialog = sessio_group_dialog_new_edit (f->store, id, &error);
  g_assert_no_error (error);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (dialog));
  gui_test_settle (dialog);
  adw_combo_row_set_selected (gui_test_child (dialog, SESSIO_TYPE_GROUP_DIALOG, "location_row"), location_index ("school"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "group.save", NULL));
  ask = wait_for_message ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ask), "credit note"));
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  adw_message_dialog_response (ask, "save");
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &weak));
  read_session (f, id, &saved);
  g_assert_cmpstr (saved.location, ==, "school");
  sessio_session_clear (&saved);
}

/* Closing with unsaved changes asks; Keep Editing keeps the editor and
 * what was typed, Discard closes it and saves nothing. */
static void
test_unsaved_close_asks (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SessioSessionDialog *dialog = sessio_session_dialog_new_edit (f->store, f->session, &error);
  g_autofree char *note = NULL;
  SessioSession session = { 0 };
  gpointer weak = dialog;

  g_assert_no_error (error);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (dialog));
  gui_test_settle (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);

  /* The note loaded is not an undoable step; what is typed is. */
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "note_view"));
    g_autofree char *back = NULL;

    g_assert_false (gtk_text_buffer_get_can_undo (buffer));
    /* Typed (set_text() replaces the text as one irreversible step). */
    gtk_text_buffer_begin_user_action (buffer);
    gtk_text_buffer_insert_interactive_at_cursor (buffer, "Per ongeluk getypt. ", -1, TRUE);
    gtk_text_buffer_end_user_action (buffer);
    g_assert_true (gtk_text_buffer_get_can_undo (buffer));
    gtk_text_buffer_undo (buffer);
    back = sessio_session_dialog_dup_note (dialog);
    g_assert_cmpstr (back, ==, "Eerste versie van de notitie");
    g_assert_false (sessio_session_dialog_has_changes (dialog));
  }

  set_note (dialog, "Half geschreven");
  gtk_window_close (GTK_WINDOW (dialog));
  adw_message_dialog_response (wait_for_message (), "keep");
  gui_test_settle (dialog);
  g_assert_nonnull (weak);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  note = sessio_session_dialog_dup_note (dialog);
  g_assert_cmpstr (note, ==, "Half geschreven");

  gtk_window_close (GTK_WINDOW (dialog));
  adw_message_dialog_response (wait_for_message (), "discard");
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &weak));
  read_session (f, f->session, &session);
  g_assert_cmpstr (session.notes, ==, "Eerste versie van de notitie");
  sessio_session_clear (&session);

  /* Nothing changed: closed without a question. */
  dialog = sessio_session_dialog_new_edit (f->store, f->session, &error);
  g_assert_no_error (error);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (dialog));
  gui_test_settle (dialog);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &weak));
}

/* A note of several megabytes opens, and saves unchanged with another
 * correction. */
static void
test_large_note (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) big = g_string_sized_new (4 * 1024 * 1024);
  g_autofree char *shown = NULL;
  SessioSessionDialog *dialog;
  SessioSession session = { 0 };
  gint64 id;

  while (big->len < 4 * 1024 * 1024)
    g_string_append (big, "Een lange zin in een zeer lange notitie, regel na regel geschreven.\n");
  id = add_session (f, f->trajectory, "2025-02-10T10:00", big->str);

  dialog = sessio_session_dialog_new_edit (f->store, id, &error);
  g_assert_no_error (error);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (dialog));
  gui_test_settle (dialog);
  shown = sessio_session_dialog_dup_note (dialog);
  g_assert_cmpuint (strlen (shown), ==, big->len);

  gtk_spin_button_set_value (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "duration_spin"), 50);
  save_and_wait (dialog, "session.save");
  read_session (f, id, &session);
  g_assert_cmpint (session.duration_min, ==, 50);
  g_assert_cmpstr (session.notes, ==, big->str);
  sessio_session_clear (&session);
}

/* An impossible date says so in full right under the row, once: Save
 * marks the row and does not repeat it; a right date takes it away. */
static void
test_impossible_date (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SessioSessionDialog *dialog = sessio_session_dialog_new_edit (f->store, f->session, &error);
  GtkWidget *date_row;
  GtkWidget *under;

  g_assert_no_error (error);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (dialog));
  gui_test_settle (dialog);
  date_row = gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "date_row");

  gtk_editable_set_text (GTK_EDITABLE (date_row), "31/2/2025");
  under = gtk_widget_get_next_sibling (date_row);
  g_assert_true (GTK_IS_LIST_BOX_ROW (under) && !SESSIO_IS_DATE_ROW (under));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (under)))),
                   ==, "31 February 2025 does not exist");
  g_assert_true (sessio_date_row_shows_problem (SESSIO_DATE_ROW (date_row)));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "session.save", NULL);
  gui_test_settle (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (gtk_widget_has_css_class (date_row, "error"));
  g_assert_false (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "error_label")));
  gui_test_save_png (dialog, "session-editor-impossible-date");

  gtk_editable_set_text (GTK_EDITABLE (date_row), "28/2/2025");
  g_assert_false (sessio_date_row_shows_problem (SESSIO_DATE_ROW (date_row)));
  g_assert_true (gtk_widget_get_next_sibling (date_row) == gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "time_row"));
  g_assert_false (gtk_widget_has_css_class (date_row, "error"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A closed file's session opens read only: every field and the note
 * shown, the note not editable, nothing to save, and why. */
static void
test_closed_file_read_only (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  SessioSessionDialog *dialog;
  GtkLabel *message;

  g_assert_true (sessio_patient_store_close_patient (f->store, f->patient, "Begeleiding afgerond", &error));
  g_assert_no_error (error);
  dialog = sessio_session_dialog_new_edit (f->store, f->session, &error);
  g_assert_no_error (error);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (dialog));
  gui_test_settle (dialog);

  note = sessio_session_dialog_dup_note (dialog);
  g_assert_cmpstr (note, ==, "Eerste versie van de notitie");
  g_assert_cmpstr (gtk_editable_get_text (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "time_row")), ==, "10:00");
  g_assert_false (gtk_text_view_get_editable (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "note_view")));
  g_assert_false (gtk_widget_get_sensitive (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "location_row")));
  g_assert_false (gtk_widget_get_visible (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "save_button")));
  /* Disabled: a shortcut reaching it does nothing, not even try. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "session.save", NULL);
  gui_test_settle (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  message = gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "error_label");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_assert_nonnull (strstr (gtk_label_get_text (message), "This file is closed"));
  /* History stays readable. */
  g_assert_true (gtk_widget_get_sensitive (gui_test_child (dialog, SESSIO_TYPE_SESSION_DIALOG, "history_button")));
  gui_test_save_png (dialog, "session-editor-closed-file");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/session-editor/open-from-patient-page", test_open_from_patient_page);
  ADD ("/session-editor/open-from-agenda", test_open_from_agenda);
  ADD ("/session-editor/closed-file-read-only", test_closed_file_read_only);
  ADD ("/session-editor/impossible-date", test_impossible_date);
  ADD ("/session-editor/invoiced-session", test_invoiced_session);
  ADD ("/session-editor/group-session", test_group_session);
  ADD ("/session-editor/invoiced-group-session", test_invoiced_group_session);
  ADD ("/session-editor/unsaved-close-asks", test_unsaved_close_asks);
  ADD ("/session-editor/large-note", test_large_note);

#undef ADD

  return g_test_run ();
}
