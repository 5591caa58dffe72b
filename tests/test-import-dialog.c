/* test-import-dialog.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CSV import assistant, in process under xvfb with GTK_A11Y=test, on
 * a real vault in a private folder: a file with errors lists each problem
 * (row and column) and cannot be imported; a column the header does not
 * name is mapped by hand, after which the file checks out and Import
 * writes every row; switching the kind of rows checks the file again.
 * Synthetic data only.
 */

#include "config.h"

#include "gui-test-util.h"
#include "sessio-import-dialog.h"

typedef struct
{
  char               *dir;
  SessioVault        *vault;
  SessioPatientStore *store;
  SessioImportDialog *dialog;
  guint               imported;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *vault_dir = NULL;

  f->dir = test_make_tmpdir ();
  vault_dir = g_build_filename (f->dir, "vault", NULL);
  f->vault = test_create_vault (vault_dir, NULL);
  f->store = sessio_patient_store_new (f->vault, NULL);
  f->dialog = g_object_ref_sink (sessio_import_dialog_new (f->store));
  gtk_window_present (GTK_WINDOW (f->dialog));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  g_clear_object (&f->dialog);
  g_clear_object (&f->store);
  g_clear_object (&f->vault);
  test_rm_rf (f->dir);
  g_free (f->dir);
}

/* The preferences rows under @widget whose title starts with @prefix. */
static void
collect_rows (GtkWidget  *widget,
              GType       type,
              const char *prefix,
              GPtrArray  *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), prefix))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, type, prefix, out);
}

static guint
count_rows (Fixture    *f,
            const char *prefix)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (f->dialog), ADW_TYPE_ACTION_ROW, prefix, rows);
  return rows->len;
}

static gint64
count_patients (Fixture *f)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (sessio_vault_get_db (f->vault), "SELECT count(*) FROM patient",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
load (Fixture             *f,
      SessioCsvImportKind  kind,
      const char          *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  sessio_import_dialog_load (f->dialog, kind, bytes);
}

static gboolean
import_enabled (gpointer data)
{
  Fixture *f = data;
  GtkWidget *button = GTK_WIDGET (gui_test_child (f->dialog, SESSIO_TYPE_IMPORT_DIALOG, "import_button"));

  return gtk_widget_get_sensitive (button);
}

static void
on_imported (SessioImportDialog *dialog,
             guint               rows,
             Fixture            *f)
{
  f->imported = rows;
}

static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  load (f, SESSIO_CSV_IMPORT_PATIENTS,
        "Naam;Geboortedatum;INSZ\n"
        "An Janssens;03/03/2012;12030300217\n"
        ";01/01/2001;\n"
        "Tom Maes;31/02/2011;\n"
        "Lien Maes;01/02/2011;\n");

  /* One row per problem, named by row and column header. */
  g_assert_cmpuint (count_rows (f, "Row 2 · INSZ"), ==, 1);
  g_assert_cmpuint (count_rows (f, "Row 3 · Naam"), ==, 1);
  g_assert_cmpuint (count_rows (f, "Row 4 · Geboortedatum"), ==, 1);
  g_assert_cmpuint (count_rows (f, "Row "), ==, 3);
  /* Each problem names the value as written; an impossible date says
   * which day does not exist. */
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();

    collect_rows (GTK_WIDGET (f->dialog), ADW_TYPE_ACTION_ROW, "Row 4 · Geboortedatum", rows);
    g_assert_cmpstr (adw_action_row_get_subtitle (g_ptr_array_index (rows, 0)), ==,
                     "31 February 2011 does not exist (written: “31/02/2011”)");
  }
  /* The valid row is previewed as a person reads it, not as stored. */
  g_assert_cmpuint (count_rows (f, "Lien Maes"), ==, 1);
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();

    collect_rows (GTK_WIDGET (f->dialog), ADW_TYPE_ACTION_ROW, "Lien Maes", rows);
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (g_ptr_array_index (rows, 0)), "1 February 2011"));
  }
  g_assert_false (import_enabled (f));
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.run", NULL);
  g_assert_cmpint (count_patients (f), ==, 0);

  /* The same bytes as sessions: checked again, other problems. */
  load (f, SESSIO_CSV_IMPORT_SESSIONS, "Naam;Geboortedatum;INSZ\nAn Janssens;03/03/2012;\n");
  g_assert_cmpuint (count_rows (f, "Row 1 · date"), ==, 1);
  g_assert_false (import_enabled (f));
}

static void
test_map_and_import (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) combos = g_ptr_array_new ();
  AdwComboRow *who;
  GListModel *model;
  guint name_index = GTK_INVALID_LIST_POSITION;

  g_signal_connect (f->dialog, "imported", G_CALLBACK (on_imported), f);
  load (f, SESSIO_CSV_IMPORT_PATIENTS, "Wie,Geboortedatum\nKim Claes,01/02/2003\nJo Peeters,2004-05-06\n");
  g_assert_false (import_enabled (f));
  g_assert_cmpuint (count_rows (f, "Row 1"), ==, 1);

  /* “Wie” names no field: map it to the name by hand. */
  collect_rows (GTK_WIDGET (f->dialog), ADW_TYPE_COMBO_ROW, "Wie", combos);
  g_assert_cmpuint (combos->len, ==, 1);
  who = g_ptr_array_index (combos, 0);
  g_assert_cmpuint (adw_combo_row_get_selected (who), ==, 0);
  model = adw_combo_row_get_model (who);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), "Name") == 0)
      name_index = i;
  g_assert_cmpuint (name_index, !=, GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (who, name_index);

  g_assert_true (gui_test_wait (import_enabled, f));
  g_assert_cmpuint (count_rows (f, "Row "), ==, 0);
  g_assert_cmpuint (count_rows (f, "Kim Claes"), ==, 1);
  g_assert_cmpint (count_patients (f), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.run", NULL);
  g_assert_cmpuint (f->imported, ==, 2);
  g_assert_cmpint (count_patients (f), ==, 2);
}

/* From the window: "2 patients imported", with a way to see them. */
static void
test_window_says_what (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *vault_dir = g_build_filename (dir, "vault", NULL);
  g_autoptr(SessioVault) vault = test_create_vault (vault_dir, NULL);
  SessioWindow *window = g_object_ref_sink (g_object_new (SESSIO_TYPE_WINDOW, NULL));
  const char *text = "Naam,Geboortedatum\nKim Claes,01/02/2003\nJo Peeters,2004-05-06\n";
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  SessioImportDialog *dialog;

  sessio_window_set_vault (window, vault);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-csv", NULL));
  dialog = gui_test_find_toplevel (SESSIO_TYPE_IMPORT_DIALOG);
  g_assert_nonnull (dialog);
  sessio_import_dialog_load (dialog, SESSIO_CSV_IMPORT_PATIENTS, bytes);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.run", NULL);
  g_assert_cmpstr (sessio_window_get_last_toast (window), ==, "2 patients imported");

  sessio_window_lock (window);
  g_assert_true (gui_test_wait (gui_test_window_done_closing, window));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  gui_test_init (&argc, &argv);

  g_test_add ("/import-dialog/report", Fixture, NULL, fixture_set_up, test_report, fixture_tear_down);
  g_test_add_func ("/import-dialog/window-says-what", test_window_says_what);
  g_test_add ("/import-dialog/map-and-import", Fixture, NULL, fixture_set_up,
              test_map_and_import, fixture_tear_down);

  return g_test_run ();
}
