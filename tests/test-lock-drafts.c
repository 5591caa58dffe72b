/* test-lock-drafts.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A lock hides every window that shows patient data and loses nothing
 * typed: each editor and dialog is opened, given input, and the vault
 * locked; the window must be gone at once, its input kept inside the
 * vault (never in plaintext), and after the unlock the editor back with
 * the same values, until the user saves or discards it.  Real vault on
 * disk, the real window.
 */

#include "config.h"

#include "gui-test-util.h"
#include "plaintext-scan.h"
#include "sessio-audit-dialog.h"
#include "sessio-drafts.h"
#include "sessio-editor-draft.h"
#include "sessio-group-dialog.h"
#include "sessio-import-dialog.h"
#include "sessio-patient-dialog.h"
#include "sessio-practice-dialog.h"
#include "sessio-preferences-window.h"
#include "sessio-receipt-dialog.h"
#include "sessio-session-dialog.h"
#include "sessio-task-dialog.h"
#include "sessio-trajectory-dialog.h"
#include "sessio-trajectory-edit-dialog.h"

#define NOTE "Slaapt slecht sinds de verhuis naar Kortrijk"

typedef struct
{
  char         *dir;
  char         *vault_dir;
  SessioWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SessioVault) vault = NULL;

  f->dir = test_make_tmpdir ();
  f->vault_dir = g_build_filename (f->dir, "vault", NULL);
  vault = test_create_vault (f->vault_dir, NULL);
  test_add_base_rows (vault);

  f->window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
  sessio_window_set_vault (f->window, vault);
  gtk_window_present (GTK_WINDOW (f->window));
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
  g_free (f->vault_dir);
  g_free (f->dir);
}

static SessioPatientStore *
store_of (Fixture *f)
{
  return sessio_window_get_store (f->window);
}

static GtkWindow *
show (Fixture   *f,
      gpointer   dialog)
{
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (dialog));
  gui_test_settle (dialog);
  return GTK_WINDOW (dialog);
}

/* Every top-level window on screen but the main one. */
static guint
other_windows (Fixture *f)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (window != GTK_WINDOW (f->window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        n++;
    }
  return n;
}

static guint
n_drafts_in_vault (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = sessio_drafts_list (sessio_window_get_vault (f->window), &error);

  g_assert_no_error (error);
  return drafts->len;
}

/* Locks, checks @editor is gone at once, then unlocks as the unlock page
 * does, and returns the editor of @type that came back, if any. */
static gpointer
lock_and_unlock (Fixture   *f,
                 GtkWindow *editor,
                 GType      type)
{
  g_autoptr(SessioVault) vault = NULL;
  g_autoptr(GError) error = NULL;
  const char *secrets[] = { "Kortrijk", "verhuis", NULL };
  gpointer weak = editor;
  guint n_files = 0;

  g_object_add_weak_pointer (G_OBJECT (editor), &weak);
  sessio_window_lock (f->window);

  /* At once, before the vault is folded: nothing but the lock page on
   * screen, and the editor destroyed a moment later. */
  g_assert_true (weak == NULL || !gtk_widget_get_visible (GTK_WIDGET (weak)));
  g_assert_cmpstr (sessio_window_get_page (f->window), ==, "unlock");
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &weak));
  g_assert_cmpuint (other_windows (f), ==, 0);
  g_assert_true (gui_test_wait (gui_test_window_done_closing, f->window));

  /* Whatever was kept, it is not on disk in plaintext. */
  g_assert_cmpuint (plaintext_scan_dir (f->vault_dir, secrets, &n_files), ==, 0);
  g_assert_cmpuint (n_files, >, 0);

  vault = sessio_vault_open (f->vault_dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  sessio_window_set_vault (f->window, vault);
  return gui_test_find_toplevel (type);
}

static gboolean
has_restored_notice (GtkWindow *editor)
{
  GtkWidget *content = adw_window_get_content (ADW_WINDOW (editor));

  for (GtkWidget *child = gtk_widget_get_first_child (content); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (gtk_widget_get_name (child), "restored_notice") == 0)
      return TRUE;
  return FALSE;
}

/* An entry's text, or a text view's (kept with the editor until it is
 * destroyed). */
static const char *
text_of (gpointer    editor,
         GType       type,
         const char *name)
{
  GObject *widget = gui_test_child (editor, type, name);

  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;
      char *text;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      g_object_set_data_full (G_OBJECT (editor), "test-text", text, g_free);
      return text;
    }
  return gtk_editable_get_text (GTK_EDITABLE (widget));
}

static void
set_note (gpointer    editor,
          GType       type,
          const char *name,
          const char *text)
{
  GObject *widget = gui_test_child (editor, type, name);

  if (GTK_IS_TEXT_VIEW (widget))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (widget), text);
}

/* The user closes the restored editor: its draft goes. */
static void
discard (Fixture   *f,
         GtkWindow *editor)
{
  g_assert_true (has_restored_notice (editor));
  g_assert_cmpuint (n_drafts_in_vault (f), ==, 1);
  gtk_window_destroy (editor);
  g_assert_cmpuint (n_drafts_in_vault (f), ==, 0);
}

static void
test_session_editor (Fixture       *f,
                     gconstpointer  data)
{
  GType type = SESSIO_TYPE_SESSION_DIALOG;
  GtkWindow *editor = show (f, sessio_session_dialog_new (store_of (f), 1));
  g_autofree char *note = NULL;
  GtkSpinButton *duration;
  gpointer weak;

  set_note (editor, type, "note_view", NOTE);
  gtk_spin_button_set_value (gui_test_child (editor, type, "duration_spin"), 75);
  adw_combo_row_set_selected (gui_test_child (editor, type, "location_row"), 2);

  editor = lock_and_unlock (f, editor, type);
  g_assert_nonnull (editor);
  g_assert_cmpstr (text_of (editor, type, "note_view"), ==, NOTE);
  duration = gui_test_child (editor, type, "duration_spin");
  g_assert_cmpfloat (gtk_spin_button_get_value (duration), ==, 75);
  g_assert_cmpuint (adw_combo_row_get_selected (gui_test_child (editor, type, "location_row")), ==, 2);
  /* Restored, not yet saved: the user decides. */
  g_assert_cmpint (test_query_int (sessio_window_get_vault (f->window), "SELECT count(*) FROM session"), ==, 0);

  /* Saved for real: the session is there, the editor closed, the draft
   * gone. */
  weak = editor;
  g_object_add_weak_pointer (G_OBJECT (editor), &weak);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "session.save", NULL));
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &weak));
  g_assert_cmpint (test_query_int (sessio_window_get_vault (f->window), "SELECT count(*) FROM session"), ==, 1);
  note = test_query_text (sessio_window_get_vault (f->window), "SELECT notes FROM session");
  g_assert_cmpstr (note, ==, NOTE);
  g_assert_cmpuint (n_drafts_in_vault (f), ==, 0);
}

static void
test_session_editor_locked_twice (Fixture       *f,
                                  gconstpointer  data)
{
  GType type = SESSIO_TYPE_SESSION_DIALOG;
  GtkWindow *editor = show (f, sessio_session_dialog_new (store_of (f), 1));

  set_note (editor, type, "note_view", "eerste");
  editor = lock_and_unlock (f, editor, type);
  g_assert_nonnull (editor);
  gui_test_settle (editor);

  /* More typed in the restored editor, then locked again: one draft,
   * holding the latest text. */
  set_note (editor, type, "note_view", "eerste en tweede");
  editor = lock_and_unlock (f, editor, type);
  g_assert_nonnull (editor);
  g_assert_cmpstr (text_of (editor, type, "note_view"), ==, "eerste en tweede");
  discard (f, editor);
}

static void
test_untouched_editor_leaves_no_draft (Fixture       *f,
                                       gconstpointer  data)
{
  GtkWindow *editor = show (f, sessio_session_dialog_new (store_of (f), 1));

  editor = lock_and_unlock (f, editor, SESSIO_TYPE_SESSION_DIALOG);
  g_assert_null (editor);
  g_assert_cmpuint (n_drafts_in_vault (f), ==, 0);
}

/* A saved session reopened, its note rewritten, then a lock: the
 * correction comes back, on the same session, with the rewritten note,
 * and saving it corrects that session (the old note in its history). */
static void
test_session_edit_editor (Fixture       *f,
                          gconstpointer  data)
{
  GType type = SESSIO_TYPE_SESSION_DIALOG;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *note = NULL;
  GtkWindow *editor;
  gpointer weak;

  test_add_session (sessio_window_get_vault (f->window), 7, "eerste versie");
  editor = show (f, sessio_session_dialog_new_edit (store_of (f), 7, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (text_of (editor, type, "note_view"), ==, "eerste versie");
  set_note (editor, type, "note_view", NOTE);

  editor = lock_and_unlock (f, editor, type);
  g_assert_nonnull (editor);
  g_assert_true (has_restored_notice (editor));
  g_assert_cmpint (sessio_session_dialog_get_session_id (SESSIO_SESSION_DIALOG (editor)), ==, 7);
  g_assert_cmpstr (text_of (editor, type, "note_view"), ==, NOTE);
  /* The other fields are the session's, as saved. */
  g_assert_cmpstr (text_of (editor, type, "time_row"), ==, "10:00");

  weak = editor;
  g_object_add_weak_pointer (G_OBJECT (editor), &weak);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "session.save", NULL));
  g_assert_true (gui_test_wait (gui_test_pointer_is_null, &weak));
  g_assert_cmpint (test_query_int (sessio_window_get_vault (f->window), "SELECT count(*) FROM session"), ==, 1);
  note = test_query_text (sessio_window_get_vault (f->window), "SELECT notes FROM session WHERE id = 7");
  g_assert_cmpstr (note, ==, NOTE);
  history = sessio_patient_store_get_session_history (store_of (f), 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpstr (((SessioChange *) g_ptr_array_index (history, 0))->old_value, ==, "eerste versie");
  g_assert_cmpuint (n_drafts_in_vault (f), ==, 0);
}

/* A group session reopened: its correction comes back on the same
 * session, participants ticked as saved. */
static void
test_group_edit_editor (Fixture       *f,
                        gconstpointer  data)
{
  GType type = SESSIO_TYPE_GROUP_DIALOG;
  g_autoptr(GArray) participants = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  SessioSession group = { 0 };
  GtkWindow *editor;
  GtkListBox *list;
  GtkCheckButton *check;
  gint64 trajectory = 1, id;

  g_array_append_val (participants, trajectory);
  group.starts_at = (char *) "2025-02-04T16:00";
  group.care = (char *) "support";
  group.setting = (char *) "group";
  group.status = (char *) "held";
  group.trajectories = participants;
  id = sessio_patient_store_add_session (store_of (f), &group, &error);
  g_assert_no_error (error);

  editor = show (f, sessio_group_dialog_new_edit (store_of (f), id, &error));
  g_assert_no_error (error);
  gtk_editable_set_text (GTK_EDITABLE (gui_test_child (editor, type, "time_row")), "17:15");

  editor = lock_and_unlock (f, editor, type);
  g_assert_nonnull (editor);
  g_assert_cmpint (sessio_group_dialog_get_session_id (SESSIO_GROUP_DIALOG (editor)), ==, id);
  g_assert_cmpstr (text_of (editor, type, "time_row"), ==, "17:15");
  list = gui_test_child (editor, type, "participants_list");
  check = g_object_get_data (G_OBJECT (gtk_widget_get_first_child (GTK_WIDGET (list))), "check");
  g_assert_true (gtk_check_button_get_active (check));
  discard (f, editor);
}

static void
test_group_editor (Fixture       *f,
                   gconstpointer  data)
{
  GType type = SESSIO_TYPE_GROUP_DIALOG;
  GtkWindow *editor;
  GtkListBox *list;
  GtkCheckButton *check;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-group-session", NULL));
  editor = gui_test_find_toplevel (type);
  g_assert_nonnull (editor);
  gui_test_settle (editor);
  gtk_editable_set_text (GTK_EDITABLE (gui_test_child (editor, type, "time_row")), "10:30");
  list = gui_test_child (editor, type, "participants_list");
  check = g_object_get_data (G_OBJECT (gtk_widget_get_first_child (GTK_WIDGET (list))), "check");
  g_assert_nonnull (check);
  gtk_check_button_set_active (check, TRUE);

  editor = lock_and_unlock (f, editor, type);
  g_assert_nonnull (editor);
  g_assert_cmpstr (text_of (editor, type, "time_row"), ==, "10:30");
  list = gui_test_child (editor, type, "participants_list");
  check = g_object_get_data (G_OBJECT (gtk_widget_get_first_child (GTK_WIDGET (list))), "check");
  g_assert_true (gtk_check_button_get_active (check));
  discard (f, editor);
}

static void
test_patient_editors (Fixture       *f,
                      gconstpointer  data)
{
  GType type = SESSIO_TYPE_PATIENT_DIALOG;
  g_autoptr(GError) error = NULL;
  GtkWindow *editor;

  /* A new patient. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-patient", NULL));
  editor = gui_test_find_toplevel (type);
  g_assert_nonnull (editor);
  gui_test_settle (editor);
  gtk_editable_set_text (GTK_EDITABLE (gui_test_child (editor, type, "name_row")), "Noor Vandamme");
  gtk_switch_set_active (gui_test_child (editor, type, "vulnerable_switch"), TRUE);
  editor = lock_and_unlock (f, editor, type);
  g_assert_nonnull (editor);
  g_assert_cmpstr (text_of (editor, type, "name_row"), ==, "Noor Vandamme");
  g_assert_true (gtk_switch_get_active (gui_test_child (editor, type, "vulnerable_switch")));
  discard (f, editor);

  /* Correcting a patient file. */
  editor = show (f, sessio_patient_dialog_new_edit (store_of (f), 1, &error));
  g_assert_no_error (error);
  gtk_editable_set_text (GTK_EDITABLE (gui_test_child (editor, type, "phone_row")), "0470 12 34 56");
  editor = lock_and_unlock (f, editor, type);
  g_assert_nonnull (editor);
  g_assert_cmpstr (text_of (editor, type, "phone_row"), ==, "0470 12 34 56");
  g_assert_cmpstr (text_of (editor, type, "name_row"), ==, "Testpersoon Een");
  discard (f, editor);
}

static void
test_trajectory_task_practice (Fixture       *f,
                               gconstpointer  data)
{
  GtkWindow *editor;

  editor = show (f, sessio_trajectory_dialog_new (store_of (f), 1));
  gtk_editable_set_text (GTK_EDITABLE (gui_test_child (editor, SESSIO_TYPE_TRAJECTORY_DIALOG, "bilan_summary_row")),
                         "Faalangst bij toetsen");
  editor = lock_and_unlock (f, editor, SESSIO_TYPE_TRAJECTORY_DIALOG);
  g_assert_nonnull (editor);
  g_assert_cmpstr (text_of (editor, SESSIO_TYPE_TRAJECTORY_DIALOG, "bilan_summary_row"), ==,
                   "Faalangst bij toetsen");
  discard (f, editor);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.log-task", NULL));
  editor = gui_test_find_toplevel (SESSIO_TYPE_TASK_DIALOG);
  g_assert_nonnull (editor);
  gui_test_settle (editor);
  gtk_editable_set_text (GTK_EDITABLE (gui_test_child (editor, SESSIO_TYPE_TASK_DIALOG, "note_row")),
                         "Overleg met de zorgcoördinator");
  editor = lock_and_unlock (f, editor, SESSIO_TYPE_TASK_DIALOG);
  g_assert_nonnull (editor);
  g_assert_cmpstr (text_of (editor, SESSIO_TYPE_TASK_DIALOG, "note_row"), ==,
                   "Overleg met de zorgcoördinator");
  discard (f, editor);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.practice", NULL));
  editor = gui_test_find_toplevel (SESSIO_TYPE_PRACTICE_DIALOG);
  g_assert_nonnull (editor);
  gui_test_settle (editor);
  gtk_editable_set_text (GTK_EDITABLE (gui_test_child (editor, SESSIO_TYPE_PRACTICE_DIALOG, "name_row")),
                         "Praktijk De Linde");
  editor = lock_and_unlock (f, editor, SESSIO_TYPE_PRACTICE_DIALOG);
  g_assert_nonnull (editor);
  g_assert_cmpstr (text_of (editor, SESSIO_TYPE_PRACTICE_DIALOG, "name_row"), ==, "Praktijk De Linde");
  discard (f, editor);
}

/* The trajectory editor's long texts come back after the lock. */
static void
test_trajectory_edit_draft (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  GtkWindow *editor;

  editor = show (f, sessio_trajectory_edit_dialog_new (store_of (f), 1, &error));
  g_assert_no_error (error);
  buffer = gtk_text_view_get_buffer (gui_test_child (editor, SESSIO_TYPE_TRAJECTORY_EDIT_DIALOG, "goals_view"));
  gtk_text_buffer_set_text (buffer, "Slapen na de verhuis\nWerk hervatten", -1);
  editor = lock_and_unlock (f, editor, SESSIO_TYPE_TRAJECTORY_EDIT_DIALOG);
  g_assert_nonnull (editor);
  buffer = gtk_text_view_get_buffer (gui_test_child (editor, SESSIO_TYPE_TRAJECTORY_EDIT_DIALOG, "goals_view"));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (text, ==, "Slapen na de verhuis\nWerk hervatten");
  discard (f, editor);
}

/* Dialogs that only show patient data: closed by the lock, not brought
 * back (nothing was typed in them). */
static void
test_viewers_closed (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSettings *settings = g_settings_new (APP_ID);
  GtkWindow *audit, *receipt, *import, *prefs;
  gpointer weak[4];

  audit = show (f, sessio_audit_dialog_new (store_of (f), 1, &error));
  g_assert_no_error (error);
  receipt = show (f, sessio_receipt_dialog_new (store_of (f), 1));
  import = show (f, sessio_import_dialog_new (store_of (f)));
  prefs = show (f, sessio_preferences_window_new_for_vault (settings, sessio_window_get_vault (f->window)));
  weak[0] = audit; weak[1] = receipt; weak[2] = import; weak[3] = prefs;
  for (guint i = 0; i < G_N_ELEMENTS (weak); i++)
    g_object_add_weak_pointer (G_OBJECT (weak[i]), &weak[i]);
  g_assert_cmpuint (other_windows (f), ==, 4);

  sessio_window_lock (f->window);
  for (guint i = 0; i < G_N_ELEMENTS (weak); i++)
    {
      g_assert_true (weak[i] == NULL || !gtk_widget_get_visible (GTK_WIDGET (weak[i])));
      g_assert_true (gui_test_wait (gui_test_pointer_is_null, &weak[i]));
    }
  g_assert_cmpuint (other_windows (f), ==, 0);
  g_assert_true (gui_test_wait (gui_test_window_done_closing, f->window));
  g_object_unref (settings);

  {
    g_autoptr(SessioVault) vault = sessio_vault_open (f->vault_dir, TEST_PASSPHRASE, &error);

    g_assert_no_error (error);
    sessio_window_set_vault (f->window, vault);
  }
  g_assert_cmpuint (other_windows (f), ==, 0);
  g_assert_cmpuint (n_drafts_in_vault (f), ==, 0);
}

/* A draft whose patient was erased while locked (say, by sessio-cli):
 * said once, dropped, the rest of the work unaffected. */
static void
test_draft_of_erased_patient (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioVault) vault = NULL;
  GtkWindow *editor;

  editor = show (f, sessio_task_dialog_new (store_of (f), 1));
  gtk_editable_set_text (GTK_EDITABLE (gui_test_child (editor, SESSIO_TYPE_TASK_DIALOG, "note_row")), "advies");
  sessio_window_lock (f->window);
  g_assert_true (gui_test_wait (gui_test_window_done_closing, f->window));

  vault = sessio_vault_open (f->vault_dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  test_commit_sql (vault, "DELETE FROM trajectory; DELETE FROM patient;");
  sessio_window_set_vault (f->window, vault);

  g_assert_null (gui_test_find_toplevel (SESSIO_TYPE_TASK_DIALOG));
  g_assert_cmpuint (n_drafts_in_vault (f), ==, 0);
}

/* While locked no action opens an editor. */
static void
test_editor_actions_disabled_while_locked (Fixture       *f,
                                           gconstpointer  data)
{
  static const char *actions[] = {
    "win.new-patient", "win.new-group-session", "win.log-task", "win.practice", "win.import-csv",
  };

  sessio_window_lock (f->window);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (f->window), actions[i], NULL);
      g_assert_cmpuint (other_windows (f), ==, 0);
    }
  g_assert_true (gui_test_wait (gui_test_window_done_closing, f->window));
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/lock-drafts/session-editor", test_session_editor);
  ADD ("/lock-drafts/session-editor-locked-twice", test_session_editor_locked_twice);
  ADD ("/lock-drafts/untouched-editor-leaves-no-draft", test_untouched_editor_leaves_no_draft);
  ADD ("/lock-drafts/session-edit-editor", test_session_edit_editor);
  ADD ("/lock-drafts/group-editor", test_group_editor);
  ADD ("/lock-drafts/group-edit-editor", test_group_edit_editor);
  ADD ("/lock-drafts/patient-editors", test_patient_editors);
  ADD ("/lock-drafts/trajectory-task-practice", test_trajectory_task_practice);
  ADD ("/lock-drafts/trajectory-edit", test_trajectory_edit_draft);
  ADD ("/lock-drafts/viewers-closed", test_viewers_closed);
  ADD ("/lock-drafts/draft-of-erased-patient", test_draft_of_erased_patient);
  ADD ("/lock-drafts/editor-actions-disabled-while-locked", test_editor_actions_disabled_while_locked);

#undef ADD

  return g_test_run ();
}
