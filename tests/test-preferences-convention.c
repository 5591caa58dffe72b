/* test-preferences-convention.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Convention page of the Preferences window, in process under xvfb
 * with GTK_A11Y=test, on a real vault in a private folder: an amount typed
 * and confirmed reaches the vault; one that does not read as euros shows
 * an error and saves nothing; a billing code is saved; reset; the rule
 * set in force today comes first and the earlier ones wait behind a
 * switch; and with the vault locked the page only asks to unlock it.
 */

#include "config.h"

#include "gui-test-util.h"
#include "sessio-clock.h"
#include "sessio-rule-store.h"
#include "sessio-preferences-window.h"

typedef struct
{
  char                    *dir;
  SessioVault             *vault;
  GSettings               *settings;
  SessioPreferencesWindow *prefs;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = test_make_tmpdir ();
  f->settings = g_settings_new (APP_ID);
  if (data == NULL)
    {
      g_autofree char *vault_dir = g_build_filename (f->dir, "vault", NULL);

      f->vault = test_create_vault (vault_dir, NULL);
    }
  f->prefs = g_object_ref_sink (sessio_preferences_window_new_for_vault (f->settings, f->vault));
  gtk_window_present (GTK_WINDOW (f->prefs));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->prefs));
  g_clear_object (&f->prefs);
  g_clear_object (&f->vault);
  g_clear_object (&f->settings);
  test_rm_rf (f->dir);
  g_free (f->dir);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
entry (Fixture    *f,
       const char *name)
{
  GtkWidget *widget = find_named (GTK_WIDGET (f->prefs), name);

  g_assert_nonnull (widget);
  g_assert_true (GTK_IS_ENTRY (widget));
  return widget;
}

static const char *
row_subtitle (GtkWidget *entry_widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (entry_widget, ADW_TYPE_ACTION_ROW);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static void
type_and_confirm (GtkWidget  *widget,
                  const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (widget), text);
  g_signal_emit_by_name (widget, "activate");
}

/* Every entry and icon-only button of the page has a name for screen readers. */
static void
assert_entries_named (GtkWidget *widget,
                      guint     *checked)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_entries_named (child, checked);

  if (GTK_IS_ENTRY (widget) || GTK_IS_SPIN_BUTTON (widget) ||
      (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) == NULL &&
       GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (widget)))))
    {
      gboolean named =
        gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
        gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);

      if (!named && gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW_CONTROLS) != NULL)
        return;
      if (!named)
        g_error ("A %s (%s) has no accessible name", G_OBJECT_TYPE_NAME (widget), gtk_widget_get_name (widget));
      (*checked)++;
    }
}

static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  AdwPreferencesGroup *locked = gui_test_child (f->prefs, SESSIO_TYPE_PREFERENCES_WINDOW, "convention_locked_group");
  AdwPreferencesGroup *intro = gui_test_child (f->prefs, SESSIO_TYPE_PREFERENCES_WINDOW, "convention_intro_group");
  AdwStatusPage *status = gui_test_child (f->prefs, SESSIO_TYPE_PREFERENCES_WINDOW, "convention_locked_status");

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (locked)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (intro)));
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "Unlock the vault to change the convention amounts");
  g_assert_null (find_named (GTK_WIDGET (f->prefs), "amount-2024-04-01-individual"));
  /* Disabled: nothing opens, nothing fails. */
  gtk_widget_activate_action (GTK_WIDGET (f->prefs), "convention.import", NULL);

  /* The General page still works without a vault. */
  g_assert_nonnull (gui_test_child (f->prefs, SESSIO_TYPE_PREFERENCES_WINDOW, "auto_lock_spin"));
}

static void
test_shows_amounts (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *individual = entry (f, "amount-2024-04-01-individual");
  AdwPreferencesGroup *locked = gui_test_child (f->prefs, SESSIO_TYPE_PREFERENCES_WINDOW, "convention_locked_group");
  guint checked = 0;

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (locked)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (individual)), ==, "75.00");
  g_assert_cmpstr (row_subtitle (individual), ==, "Shipped (rules of 1 April 2024)");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry (f, "amount-2022-01-01-mdo"))), ==, "225.00");
  /* 2024 has no MDO and no individual community sessions. */
  g_assert_null (find_named (GTK_WIDGET (f->prefs), "amount-2024-04-01-mdo"));
  g_assert_null (find_named (GTK_WIDGET (f->prefs), "code-2024-04-01-youth-community-individual"));
  entry (f, "code-2024-04-01-youth-community-group");

  assert_entries_named (GTK_WIDGET (f->prefs), &checked);
  g_assert_cmpuint (checked, >=, 30);
}

static void
test_edit_amount (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *individual = entry (f, "amount-2024-04-01-individual");
  GtkWidget *copay = entry (f, "amount-2024-04-01-copay_bim");

  /* The comma of nl/fr/de and the point of English, whatever the language. */
  type_and_confirm (individual, "78,90");
  g_assert_cmpint (test_query_int (f->vault,
                                   "SELECT amount_cents FROM rule_amount"
                                   " WHERE rule_set = '2024-04-01' AND key = 'individual'"), ==, 7890);
  type_and_confirm (copay, "4.50");
  g_assert_cmpint (test_query_int (f->vault,
                                   "SELECT amount_cents FROM rule_amount"
                                   " WHERE rule_set = '2024-04-01' AND key = 'copay_bim'"), ==, 450);
  g_assert_cmpint (test_query_int (f->vault, "SELECT count(*) FROM audit_log WHERE action = 'set-amount'"), ==, 2);

  /* The page shows the saved amount and where it comes from, in place. */
  g_assert_true (entry (f, "amount-2024-04-01-individual") == individual);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (individual)), ==, "78.90");
  g_assert_true (g_str_has_prefix (row_subtitle (individual), "Set by you on "));
  g_assert_false (gtk_widget_has_css_class (individual, "error"));

  /* Enter again on the same amount writes nothing more. */
  type_and_confirm (individual, "78.9");
  g_assert_cmpint (test_query_int (f->vault, "SELECT count(*) FROM audit_log WHERE action = 'set-amount'"), ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (individual)), ==, "78.90");
}

static void
test_invalid_amount (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *group = entry (f, "amount-2024-04-01-group");
  guint64 generation = sessio_vault_get_generation (f->vault);
  gint64 audit = test_query_int (f->vault, "SELECT count(*) FROM audit_log");

  for (guint i = 0; i < 4; i++)
    {
      static const char * const bad[] = { "abc", "-5", "75.001", "" };

      g_test_message ("amount “%s”", bad[i]);
      type_and_confirm (group, bad[i]);
      g_assert_true (gtk_widget_has_css_class (group, "error"));
      g_assert_cmpstr (row_subtitle (group), ==, "Enter an amount in euros, such as 75,00 or 75.00");
      g_assert_cmpint (test_query_int (f->vault, "SELECT count(*) FROM rule_amount"), ==, 0);
    }
  g_assert_cmpuint (sessio_vault_get_generation (f->vault), ==, generation);
  g_assert_cmpint (test_query_int (f->vault, "SELECT count(*) FROM audit_log"), ==, audit);

  /* Typing again clears the error; a good amount then saves. */
  gtk_editable_set_text (GTK_EDITABLE (group), "210");
  g_assert_false (gtk_widget_has_css_class (group, "error"));
  g_signal_emit_by_name (group, "activate");
  g_assert_cmpint (test_query_int (f->vault, "SELECT amount_cents FROM rule_amount WHERE key = 'group'"), ==, 21000);
}

static void
test_billing_code_and_reset (Fixture       *f,
                             gconstpointer  data)
{
  GtkWidget *code = entry (f, "code-2024-04-01-adult-treatment-individual");
  g_autofree char *saved = NULL;

  type_and_confirm (code, "798010");
  saved = test_query_text (f->vault,
                           "SELECT code FROM billing_code WHERE rule_set = '2024-04-01' AND network = 'adult'"
                           " AND care_type = 'treatment' AND setting = 'individual'");
  g_assert_cmpstr (saved, ==, "798010");

  type_and_confirm (entry (f, "amount-2024-04-01-individual"), "80");
  g_assert_cmpint (test_query_int (f->vault, "SELECT count(*) FROM rule_amount"), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->prefs), "convention.reset", "s", "2024-04-01"));
  g_assert_cmpint (test_query_int (f->vault, "SELECT count(*) FROM rule_amount"), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry (f, "amount-2024-04-01-individual"))), ==, "75.00");
  /* Codes are the network's, not amounts: they stay. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry (f, "code-2024-04-01-adult-treatment-individual"))),
                   ==, "798010");
}

static gboolean
amount_saved (gpointer data)
{
  Fixture *f = data;

  return test_query_int (f->vault, "SELECT count(*) FROM rule_amount WHERE key = 'group'") == 1;
}

/* As in GNOME's own preferences: what is typed applies when the field is
 * left, without Enter; passing through a shipped amount confirms nothing;
 * confirming the shipped amounts is an explicit choice. */
static void
test_applies_at_once (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *individual = entry (f, "amount-2024-04-01-individual");
  GtkWidget *group = entry (f, "amount-2024-04-01-group");
  g_autoptr(SessioRuleStore) store = sessio_rule_store_get_for_vault (f->vault, NULL);

  /* Focus in and out of a shipped amount, Enter on it unchanged: nothing
   * saved, still to confirm. */
  gtk_widget_grab_focus (individual);
  g_signal_emit_by_name (individual, "activate");
  gtk_widget_grab_focus (group);
  g_assert_cmpint (test_query_int (f->vault, "SELECT count(*) FROM rule_amount"), ==, 0);
  g_assert_true (sessio_rule_set_get_amounts_to_confirm (sessio_rules_get_by_id (sessio_rule_store_get_rules (store),
                                                                                 "2024-04-01")));

  /* Typed, then another field: saved, no Enter. */
  gtk_editable_set_text (GTK_EDITABLE (group), "210,00");
  gtk_widget_grab_focus (individual);
  g_assert_true (gui_test_wait (amount_saved, f));
  g_assert_cmpint (test_query_int (f->vault, "SELECT amount_cents FROM rule_amount WHERE key = 'group'"), ==, 21000);

  /* Typed, then the window closed: saved too. */
  gtk_editable_set_text (GTK_EDITABLE (individual), "79,00");
  gtk_window_close (GTK_WINDOW (f->prefs));
  g_assert_cmpint (test_query_int (f->vault, "SELECT amount_cents FROM rule_amount WHERE key = 'individual'"), ==, 7900);
}

static void
test_confirm_shipped (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SessioRuleStore) store = sessio_rule_store_get_for_vault (f->vault, NULL);

  g_assert_true (sessio_rule_set_get_amounts_to_confirm (sessio_rules_get_by_id (sessio_rule_store_get_rules (store),
                                                                                 "2024-04-01")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->prefs), "convention.confirm", "s", "2024-04-01"));
  g_assert_false (sessio_rule_set_get_amounts_to_confirm (sessio_rules_get_by_id (sessio_rule_store_get_rules (store),
                                                                                  "2024-04-01")));
  /* The amounts are the ones shown, now the user's. */
  g_assert_cmpint (test_query_int (f->vault, "SELECT amount_cents FROM rule_amount WHERE key = 'individual'"
                                             " AND rule_set = '2024-04-01'"), ==, 7500);
  g_assert_true (g_str_has_prefix (row_subtitle (entry (f, "amount-2024-04-01-individual")), "Set by you on "));
}

static AdwPreferencesGroup *
rule_set_group (Fixture    *f,
                const char *id)
{
  GtkWidget *group = find_named (GTK_WIDGET (f->prefs), id);

  g_assert_nonnull (group);
  g_assert_true (ADW_IS_PREFERENCES_GROUP (group));
  return ADW_PREFERENCES_GROUP (group);
}

/* The window again, opened on @iso as today. */
static void
reopen_on (Fixture    *f,
           const char *iso)
{
  GDate today;

  g_assert_true (sessio_date_parse_iso (iso, &today));
  sessio_clock_set_today_for_testing (&today);
  gtk_window_destroy (GTK_WINDOW (f->prefs));
  g_clear_object (&f->prefs);
  f->prefs = g_object_ref_sink (sessio_preferences_window_new_for_vault (f->settings, f->vault));
  gtk_window_present (GTK_WINDOW (f->prefs));
}

/* One rule set in force, by its title in the user's words; the older
 * ones, still needed for the sessions of their time, collapsed behind a
 * switch that says why they are kept. */
static void
test_rule_set_in_force (Fixture       *f,
                        gconstpointer  data)
{
  AdwPreferencesGroup *earlier;
  AdwPreferencesGroup *intro;
  GtkWidget *toggle;

  reopen_on (f, "2026-12-06");
  intro = gui_test_child (f->prefs, SESSIO_TYPE_PREFERENCES_WINDOW, "convention_intro_group");
  g_assert_null (strstr (adw_preferences_group_get_description (intro), "Press Enter"));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (intro), "as soon as you leave its field"));

  g_assert_cmpstr (adw_preferences_group_get_title (rule_set_group (f, "2024-04-01")), ==, "Rules in Force Today");
  g_assert_cmpstr (adw_preferences_group_get_description (rule_set_group (f, "2024-04-01")), ==,
                   "Convention of 1 April 2024");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (rule_set_group (f, "2024-04-01"))));

  earlier = rule_set_group (f, "earlier-rule-sets");
  g_assert_cmpstr (adw_preferences_group_get_title (earlier), ==, "Earlier Rule Sets");
  g_assert_nonnull (strstr (adw_preferences_group_get_description (earlier), "Sessions dated before 1 April 2024"));
  toggle = find_named (GTK_WIDGET (earlier), "earlier-rule-sets-switch");
  g_assert_nonnull (toggle);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));
  /* Named once, by its row's title, as the General page's switches. */
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (rule_set_group (f, "2023-09-01"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (rule_set_group (f, "2022-01-01"))));
  g_assert_false (gtk_widget_is_visible (entry (f, "amount-2022-01-01-mdo")));
  g_assert_cmpstr (adw_preferences_group_get_title (rule_set_group (f, "2023-09-01")), ==,
                   "Rules of 1 September 2023");
  g_assert_cmpstr (adw_preferences_group_get_description (rule_set_group (f, "2023-09-01")), ==,
                   "Convention of 1 January 2022, with the CLB waiver of September 2023");

  {
    AdwPreferencesPage *page = gui_test_child (f->prefs, SESSIO_TYPE_PREFERENCES_WINDOW, "convention_page");

    adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (f->prefs), page);
    gui_test_settle (f->prefs);
    gui_test_save_png (page, "preferences-convention");
  }

  /* Shown on demand, and still editable: an amount of 2023 is saved. */
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (rule_set_group (f, "2023-09-01"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (rule_set_group (f, "2022-01-01"))));
  type_and_confirm (entry (f, "amount-2023-09-01-individual"), "76,50");
  g_assert_cmpint (test_query_int (f->vault, "SELECT amount_cents FROM rule_amount"
                                             " WHERE rule_set = '2023-09-01' AND key = 'individual'"), ==, 7650);
  /* The page was updated in place: still shown. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (rule_set_group (f, "2023-09-01"))));

  /* On a day of 2023 the set of September 2023 is in force; 2024's is
   * not yet, but shown above it, not hidden. */
  reopen_on (f, "2023-10-02");
  g_assert_cmpstr (adw_preferences_group_get_title (rule_set_group (f, "2023-09-01")), ==, "Rules in Force Today");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (rule_set_group (f, "2023-09-01"))));
  g_assert_cmpstr (adw_preferences_group_get_title (rule_set_group (f, "2024-04-01")), ==, "Rules of 1 April 2024");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (rule_set_group (f, "2024-04-01"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (rule_set_group (f, "2022-01-01"))));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (rule_set_group (f, "earlier-rule-sets")),
                            "Sessions dated before 1 September 2023"));

  sessio_clock_reset_for_testing ();
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  g_test_add ("/preferences/convention/locked", Fixture, GINT_TO_POINTER (1),
              fixture_set_up, test_locked, fixture_tear_down);
  g_test_add ("/preferences/convention/shows-amounts", Fixture, NULL,
              fixture_set_up, test_shows_amounts, fixture_tear_down);
  g_test_add ("/preferences/convention/edit-amount", Fixture, NULL,
              fixture_set_up, test_edit_amount, fixture_tear_down);
  g_test_add ("/preferences/convention/invalid-amount", Fixture, NULL,
              fixture_set_up, test_invalid_amount, fixture_tear_down);
  g_test_add ("/preferences/convention/billing-code-and-reset", Fixture, NULL,
              fixture_set_up, test_billing_code_and_reset, fixture_tear_down);
  g_test_add ("/preferences/convention/applies-at-once", Fixture, NULL,
              fixture_set_up, test_applies_at_once, fixture_tear_down);
  g_test_add ("/preferences/convention/confirm-shipped", Fixture, NULL,
              fixture_set_up, test_confirm_shipped, fixture_tear_down);
  g_test_add ("/preferences/convention/rule-set-in-force", Fixture, NULL,
              fixture_set_up, test_rule_set_in_force, fixture_tear_down);

  return g_test_run ();
}
