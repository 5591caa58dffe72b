/* test-window.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Widget tests of the main window and the preferences window, in process,
 * with GTK_A11Y=test and an in-memory GSettings backend: the very same
 * classes the app shows, built from the same GResource, on a real vault.
 */

#include "config.h"

#include "gui-test-util.h"
#include "sessio-a11y.h"
#include "sessio-agenda-page.h"
#include "sessio-application.h"
#include "sessio-patients-page.h"
#include "sessio-invoices-page.h"
#include "sessio-statistics-page.h"
#include "sessio-preferences-window.h"
#include "sessio-resources.h"
#include "sessio-window.h"

static const char * const sections[] = { "patients", "agenda", "invoices", "statistics" };

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

/* A window on a fresh, unlocked vault in a private folder. */
static SessioWindow *
new_unlocked_window (char **dir_out)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *vault_dir = g_build_filename (dir, "vault", NULL);
  g_autoptr(SessioVault) vault = test_create_vault (vault_dir, NULL);
  SessioWindow *window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));

  sessio_window_set_vault (window, vault);
  g_assert_cmpstr (sessio_window_get_page (window), ==, "main");
  if (dir_out != NULL)
    *dir_out = g_steal_pointer (&dir);
  return window;
}

static void
destroy_window (SessioWindow *window,
                char         *dir)
{
  sessio_window_lock (window);
  g_assert_true (gui_test_wait (gui_test_window_done_closing, window));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  if (dir != NULL)
    {
      test_rm_rf (dir);
      g_free (dir);
    }
}

static AdwViewStack *
get_stack (SessioWindow *window)
{
  return gui_test_child (window, SESSIO_TYPE_WINDOW, "stack");
}

static void
test_window_sections (void)
{
  char *dir = NULL;
  SessioWindow *window = new_unlocked_window (&dir);
  AdwViewStack *stack = get_stack (window);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      GtkWidget *child = adw_view_stack_get_child_by_name (stack, sections[i]);
      AdwViewStackPage *page;

      g_assert_nonnull (child);
      page = adw_view_stack_get_page (stack, child);
      g_assert_nonnull (adw_view_stack_page_get_title (page));
      g_assert_nonnull (adw_view_stack_page_get_icon_name (page));

      /* No section shows made-up data: until its feature lands it is an
       * empty state. */
      if (g_str_equal (sections[i], "patients"))
        g_assert_true (SESSIO_IS_PATIENTS_PAGE (child));
      else if (g_str_equal (sections[i], "statistics"))
        g_assert_true (SESSIO_IS_STATISTICS_PAGE (child));
      else if (g_str_equal (sections[i], "invoices"))
        g_assert_true (SESSIO_IS_INVOICES_PAGE (child));
      else if (g_str_equal (sections[i], "agenda"))
        g_assert_true (SESSIO_IS_AGENDA_PAGE (child));
      else
        g_assert_true (ADW_IS_STATUS_PAGE (child));
    }

  destroy_window (window, dir);
}

static void
test_window_show_section_action (void)
{
  char *dir = NULL;
  SessioWindow *window = new_unlocked_window (&dir);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_autofree char *remembered = NULL;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section",
                                                 "s", sections[i]));
      g_assert_cmpstr (sessio_window_get_visible_section (window), ==, sections[i]);

      /* The section is bound to GSettings: it is remembered for next time. */
      remembered = g_settings_get_string (settings, "last-section");
      g_assert_cmpstr (remembered, ==, sections[i]);
    }

  /* And the other way round: a change of the setting moves the window. */
  g_settings_set_string (settings, "last-section", "invoices");
  g_assert_cmpstr (sessio_window_get_visible_section (window), ==, "invoices");

  destroy_window (window, dir);
}

/* Every interactive widget must have a name a screen reader can say:
 * either its own label text or an accessible label or labelled-by relation. */
static void
assert_accessible_names (GtkWidget *widget,
                         guint     *checked)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_accessible_names (child, checked);

  if (GTK_IS_MENU_BUTTON (widget) || GTK_IS_SPIN_BUTTON (widget) || GTK_IS_SWITCH (widget) ||
      GTK_IS_ENTRY (widget) || GTK_IS_LEVEL_BAR (widget) ||
      (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) == NULL &&
       gtk_button_get_child (GTK_BUTTON (widget)) != NULL &&
       GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (widget)))))
    {
      GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
      gboolean named =
        gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
        gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY) ||
        (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) != NULL);

      /* Window controls (minimize, close…) belong to GTK, not to us. */
      if (!named && gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW_CONTROLS) != NULL)
        return;

      if (!named)
        g_error ("A %s (%s) has no accessible name", G_OBJECT_TYPE_NAME (widget),
                 gtk_widget_get_name (widget));
      (*checked)++;
    }

  /* A mnemonic's underscore is not part of the name a screen reader says:
   * either no label property (the name is the child label's text) or
   * the text without the underscore. */
  if (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget)) &&
      gtk_button_get_label (GTK_BUTTON (widget)) != NULL &&
      gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      g_autofree char *text = sessio_a11y_strip_mnemonic (gtk_button_get_label (GTK_BUTTON (widget)));
      g_autofree char *problem =
        gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, text);

      if (problem != NULL)
        g_error ("Button “%s”: %s", text, problem);
    }
}

static void
test_window_accessible_names (void)
{
  char *dir = NULL;
  SessioWindow *window = new_unlocked_window (&dir);
  guint checked = 0;

  /* Every page of the window: the welcome, creation and unlock pages are
   * in the same widget tree. */
  assert_accessible_names (GTK_WIDGET (window), &checked);
  g_assert_cmpuint (checked, >=, 3);

  destroy_window (window, dir);
}

static gboolean
switcher_bar_revealed (gpointer data)
{
  return adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (data));
}

static gboolean
switcher_bar_hidden (gpointer data)
{
  return !adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (data));
}

/* Down to 360 px the window stays usable: the view switcher leaves the
 * header bar for a bar at the bottom. */
static void
test_window_adaptive (void)
{
  char *dir = NULL;
  SessioWindow *window = new_unlocked_window (&dir);
  AdwViewSwitcherBar *bar = gui_test_child (window, SESSIO_TYPE_WINDOW, "switcher_bar");
  GtkWidget *pages = gui_test_child (window, SESSIO_TYPE_WINDOW, "pages");
  int min_width;

  /* The content, not the window: its client-side shadow is not ours.
   * All pages count: welcome, creation, unlock and main. */
  for (GtkWidget *page = gtk_widget_get_first_child (pages); page;
       page = gtk_widget_get_next_sibling (page))
    {
      gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      if (min_width > 360)
        g_error ("The %s page needs %d px", G_OBJECT_TYPE_NAME (page), min_width);
    }
  gtk_widget_measure (pages, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gui_test_wait (widget_is_mapped, window));
  g_assert_true (gui_test_wait (switcher_bar_hidden, bar));

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  g_assert_true (gui_test_wait (switcher_bar_revealed, bar));

  destroy_window (window, dir);
}

static void
test_preferences_bound_to_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  SessioPreferencesWindow *prefs;
  GtkSpinButton *auto_lock;
  GtkSwitch *lock_switch;
  GtkSpinButton *threshold;
  guint checked = 0;

  g_settings_reset (settings, "auto-lock-minutes");
  prefs = sessio_preferences_window_new (settings);
  g_object_ref_sink (prefs);

  auto_lock = gui_test_child (prefs, SESSIO_TYPE_PREFERENCES_WINDOW, "auto_lock_spin");
  lock_switch = gui_test_child (prefs, SESSIO_TYPE_PREFERENCES_WINDOW, "lock_with_session_switch");
  threshold = gui_test_child (prefs, SESSIO_TYPE_PREFERENCES_WINDOW, "threshold_spin");

  /* The schema's default reaches the widget... */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (auto_lock), ==, 5);

  /* ...a change in the widget reaches the settings... */
  gtk_spin_button_set_value (auto_lock, 1);
  g_assert_cmpuint (g_settings_get_uint (settings, "auto-lock-minutes"), ==, 1);
  gtk_spin_button_set_value (threshold, 10);
  g_assert_cmpuint (g_settings_get_uint (settings, "anonymity-threshold"), ==, 10);

  /* ...and a change in the settings reaches the widget. */
  g_settings_set_boolean (settings, "lock-on-session-lock", FALSE);
  g_assert_false (gtk_switch_get_active (lock_switch));
  g_settings_set_boolean (settings, "lock-on-session-lock", TRUE);
  g_assert_true (gtk_switch_get_active (lock_switch));

  assert_accessible_names (GTK_WIDGET (prefs), &checked);
  g_assert_cmpuint (checked, >=, 3);

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_object_unref (prefs);
  g_settings_reset (settings, "auto-lock-minutes");
  g_settings_reset (settings, "anonymity-threshold");
}

/* The shortcuts window is built only when asked for, not with every
 * window at start-up, and Ctrl+? still asks for it. */
static void
test_window_help_overlay (void)
{
  g_autoptr(SessioApplication) app = sessio_application_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) accels = NULL;
  GtkApplicationWindow *window;
  GtkShortcutsWindow *overlay;

  /* Not unique: no other instance on the bus may take the activation. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  window = GTK_APPLICATION_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (SESSIO_IS_WINDOW (window));
  g_assert_null (gtk_application_window_get_help_overlay (window));

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>question"));

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  overlay = gtk_application_window_get_help_overlay (window);
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));

  /* Asked again, the same window comes back. */
  gtk_window_close (GTK_WINDOW (overlay));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  g_assert_true (gtk_application_window_get_help_overlay (window) == overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* An older copy of the vault put back: the window asks before anything
 * is written; "use" is audited and allows writes, "lock" leaves the copy
 * as it is. */
static SessioVault *
open_older_copy (char **dir_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *vault_dir = g_build_filename (dir, "vault", NULL);
  g_autofree char *old_dir = g_build_filename (dir, "old", NULL);
  const char *names[] = { "vault.sessio", "journal.sessio", NULL };
  SessioVault *vault = test_create_vault (vault_dir, NULL);

  test_add_base_rows (vault);
  g_object_unref (vault);
  g_assert_cmpint (g_mkdir (old_dir, 0700), ==, 0);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *a = g_build_filename (vault_dir, names[i], NULL);
      g_autofree char *b = g_build_filename (old_dir, names[i], NULL);

      test_copy_file (a, b);
    }
  vault = sessio_vault_open (vault_dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  test_add_session (vault, 1, "only in the newer copy");
  g_object_unref (vault);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *a = g_build_filename (old_dir, names[i], NULL);
      g_autofree char *b = g_build_filename (vault_dir, names[i], NULL);

      test_copy_file (a, b);
    }

  vault = sessio_vault_open (vault_dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (sessio_vault_get_rolled_back (vault));
  *dir_out = g_steal_pointer (&dir);
  return vault;
}

static gboolean
older_copy_dialog_shown (gpointer data)
{
  return gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
vault_closed (gpointer data)
{
  return !sessio_vault_is_open (SESSIO_VAULT (data));
}

static void
test_window_older_copy (void)
{
  const char *responses[] = { "use", "lock" };

  for (guint r = 0; r < G_N_ELEMENTS (responses); r++)
    {
      char *dir = NULL;
      g_autoptr(SessioVault) vault = open_older_copy (&dir);
      SessioWindow *window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
      AdwMessageDialog *ask;

      gtk_window_present (GTK_WINDOW (window));
      sessio_window_set_vault (window, vault);
      g_assert_true (gui_test_wait (older_copy_dialog_shown, NULL));
      ask = gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
      g_assert_cmpstr (adw_message_dialog_get_heading (ask), ==, "An Older Copy of the Vault");
      adw_message_dialog_response (ask, responses[r]);
      gui_test_settle (window);

      if (r == 0)
        {
          g_assert_false (sessio_vault_get_rolled_back (vault));
          g_assert_cmpint (test_query_int (vault, "SELECT count(*) FROM audit_log"
                                                  " WHERE action = 'accept-older-copy'"), ==, 1);
          g_assert_cmpstr (sessio_window_get_page (window), ==, "main");
        }
      else
        {
          /* Locked once the dialog has closed, then folded. */
          g_assert_true (gui_test_wait (vault_closed, vault));
          g_assert_true (gui_test_wait (gui_test_window_done_closing, window));
          g_assert_cmpstr (sessio_window_get_page (window), !=, "main");
        }
      destroy_window (window, dir);
    }
}

/* Sessio's own icons are SVG in its resources: they must load, or the
 * section they stand for shows a broken image (a system without the
 * gdk-pixbuf SVG loader did). */
static void
test_own_icons_load (void)
{
  g_auto(GStrv) names = NULL;
  const char *dir = "/be/sessio/Sessio/icons/scalable/actions";
  guint n = 0;

  sessio_gui_ensure_resources ();
  names = g_resources_enumerate_children (dir, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert_nonnull (names);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_path ("/", dir, names[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_resource (path, &error);

      g_assert_no_error (error);
      g_assert_nonnull (pixbuf);
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  g_test_add_func ("/window/sections", test_window_sections);
  g_test_add_func ("/window/own-icons-load", test_own_icons_load);
  g_test_add_func ("/window/show-section-action", test_window_show_section_action);
  g_test_add_func ("/window/accessible-names", test_window_accessible_names);
  g_test_add_func ("/window/adaptive", test_window_adaptive);
  g_test_add_func ("/preferences/bound-to-settings", test_preferences_bound_to_settings);
  g_test_add_func ("/window/help-overlay", test_window_help_overlay);
  g_test_add_func ("/window/older-copy", test_window_older_copy);

  return g_test_run ();
}
