/* sessio-import-dialog.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CSV import assistant: a file, the mapping of its columns
 * (guessed from the header, changeable per column), the report of every
 * problem (row, column, reason) and a preview of the first rows as they
 * will be stored.  Every change of file, kind or mapping checks the whole
 * file again without writing; Import is only possible when the file is
 * valid, and writes all rows in one vault transaction.  All checks are
 * the core's (SessioCsvImport, SessioPatientStore).
 *
 * Signal: ::imported (guint rows).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-format.h"
#include "sessio-import-dialog.h"
#include "sessio-labels.h"

struct _SessioImportDialog
{
  AdwWindow             parent_instance;

  SessioPatientStore   *store;
  SessioCsvImport      *import;
  GBytes               *contents;
  SessioCsvImportKind   kind;
  gboolean              valid;
  gboolean              updating;
  GPtrArray            *rows;       /* rows added to the groups below */
  guint                 recheck_id;

  AdwComboRow          *kind_row;
  AdwActionRow         *file_row;
  GtkButton            *import_button;
  AdwPreferencesGroup  *columns_group;
  AdwPreferencesGroup  *problems_group;
  AdwPreferencesGroup  *preview_group;
};

G_DEFINE_FINAL_TYPE (SessioImportDialog, sessio_import_dialog, ADW_TYPE_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The fields' names for people; the core's machine names otherwise. */
static const struct
{
  const char *field;
  const char *label;
} field_labels[] = {
  { "name", N_("Name") },
  { "first_name", N_("First name") },
  { "last_name", N_("Last name") },
  { "birth_date", N_("Birth date") },
  { "insz", N_("INSZ number") },
  { "sex", N_("Sex") },
  { "insurer", N_("Health insurer") },
  { "bim", N_("Increased reimbursement") },
  { "phone", N_("Phone") },
  { "email", N_("E-mail") },
  { "address", N_("Address") },
  { "language", N_("Language") },
  { "school", N_("School") },
  { "notes", N_("Notes") },
  { "note", N_("Note") },
  { "date", N_("Date") },
  { "time", N_("Time") },
  { "care", N_("Care type") },
  { "location", N_("Location") },
  { "context", N_("Context") },
  { "status", N_("Status") },
  { "duration", N_("Duration (minutes)") },
  { "copay", N_("Co-payment") },
  { "outside_convention", N_("Outside the convention") },
};

static const char *
field_label (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (g_strcmp0 (field_labels[i].field, field) == 0)
      return _(field_labels[i].label);
  return field;
}

static void
clear_rows (SessioImportDialog *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
add_row (SessioImportDialog  *self,
         AdwPreferencesGroup *group,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

/* A value of the preview as a person reads it: dates in words, labels
 * rather than the stored ids. */
static char *
human_value (const char *field,
             JsonNode   *node)
{
  const char *text = json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
  GDate date;

  if (text == NULL)
    {
      gint64 number = json_node_get_int (node);

      if (g_strcmp0 (field, "duration_min") == 0)
        /* Translators: a session's duration */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", (gulong) number), (int) number);
      return g_strdup_printf ("%" G_GINT64_FORMAT, number);
    }
  if (g_strcmp0 (field, "birth_date") == 0 && sessio_date_parse_iso (text, &date))
    return sessio_format_date (&date);
  if (g_strcmp0 (field, "starts_at") == 0 && strlen (text) >= 10)
    {
      g_autofree char *day = g_strndup (text, 10);

      if (sessio_date_parse_iso (day, &date))
        {
          g_autofree char *words = sessio_format_date (&date);

          return strlen (text) >= 16 ? g_strdup_printf ("%s, %.5s", words, text + 11) : g_steal_pointer (&words);
        }
    }
  if (g_strcmp0 (field, "sex") == 0)
    return g_strdup (g_strcmp0 (text, "f") == 0 ? C_("sex", "Female")
                     : g_strcmp0 (text, "m") == 0 ? C_("sex", "Male") : C_("sex", "Other"));
  if (g_strcmp0 (field, "care_type") == 0)
    {
      SessioCare care;

      if (sessio_care_from_string (text, &care))
        return g_strdup (sessio_care_get_label (care));
    }
  if (g_strcmp0 (field, "status") == 0)
    {
      SessioStatus status;

      if (sessio_status_from_string (text, &status))
        return g_strdup (sessio_status_get_label (status));
    }
  if (g_strcmp0 (field, "location") == 0)
    {
      SessioLocation location;

      if (sessio_location_from_string (text, &location))
        return g_strdup (sessio_location_get_label (location));
    }
  return g_strdup (text);
}

/* A preview row: the record's main fields in one line, as a person reads
 * them, to check the columns were understood. */
static GtkWidget *
preview_row (SessioImportDialog *self,
             JsonObject         *object)
{
  static const char * const patient_fields[] = { "birth_date", "insz", "sex", "language", NULL };
  static const char * const session_fields[] = { "care_type", "status", "location", "duration_min", NULL };
  const char * const *fields = self->kind == SESSIO_CSV_IMPORT_PATIENTS ? patient_fields : session_fields;
  const char *title_field = self->kind == SESSIO_CSV_IMPORT_PATIENTS ? "name" : "starts_at";
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkWidget *row = adw_action_row_new ();

  for (guint i = 0; fields[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (object, fields[i]);
      g_autofree char *text = NULL;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      text = human_value (fields[i], node);
      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      g_string_append (subtitle, text);
    }

  if (json_object_has_member (object, title_field) &&
      !json_node_is_null (json_object_get_member (object, title_field)))
    {
      g_autofree char *title = human_value (title_field, json_object_get_member (object, title_field));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  /* Patient data is text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  return row;
}

static void
show_check (SessioImportDialog *self,
            const GError       *error)
{
  GPtrArray *problems = sessio_csv_import_get_problems (self->import);
  JsonArray *preview = sessio_csv_import_get_preview (self->import);
  g_autofree char *summary = NULL;

  for (guint i = 0; i < problems->len; i++)
    {
      SessioCsvProblem *problem = g_ptr_array_index (problems, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = NULL;

      /* TRANSLATORS: a problem in the file: its row number and column header. */
      title = g_strdup_printf (_("Row %u · %s"), problem->row,
                               *problem->column != '\0' ? problem->column : _("the whole row"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (problem->value != NULL)
        {
          /* Translators: a problem's reason, then the value as written in the file */
          g_autofree char *subtitle = g_strdup_printf (_("%s (written: “%s”)"), problem->reason, problem->value);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      else
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem->reason);
      /* What the file says is text, never markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      add_row (self, self->problems_group, row);
    }

  if (problems->len > 0)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u problem. Correct the file and choose it again, or change the columns: nothing is imported until every row is valid.",
                                            "%u problems. Correct the file and choose it again, or change the columns: nothing is imported until every row is valid.",
                                            problems->len), problems->len);
  else if (error != NULL)
    summary = g_strdup (error->message);
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row is valid and ready to import.",
                                            "All %u rows are valid and ready to import.",
                                            sessio_csv_import_get_n_rows (self->import)),
                               sessio_csv_import_get_n_rows (self->import));
  adw_preferences_group_set_description (self->problems_group, summary);
  adw_preferences_group_set_title (self->problems_group, problems->len > 0 || error != NULL ?
                                   _("Problems") : _("Ready"));
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), TRUE);

  for (guint i = 0; i < json_array_get_length (preview); i++)
    add_row (self, self->preview_group, preview_row (self, json_array_get_object_element (preview, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->preview_group), json_array_get_length (preview) > 0);
}

static void on_mapping_changed (AdwComboRow *row, GParamSpec *pspec, SessioImportDialog *self);

/* Runs the dry run and shows the mapping, report and preview anew. */
static void
check (SessioImportDialog *self)
{
  g_autoptr(GError) error = NULL;
  const char * const *fields = sessio_csv_import_list_fields (self->kind);

  clear_rows (self);
  self->valid = FALSE;

  for (guint c = 0; c < sessio_csv_import_get_n_columns (self->import); c++)
    {
      GtkWidget *row = adw_combo_row_new ();
      g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
      const char *mapped = sessio_csv_import_get_mapping (self->import, c);
      guint selected = 0;

      gtk_string_list_append (model, _("Not imported"));
      for (guint f = 0; fields[f] != NULL; f++)
        {
          gtk_string_list_append (model, field_label (fields[f]));
          if (g_strcmp0 (fields[f], mapped) == 0)
            selected = f + 1;
        }
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sessio_csv_import_get_column (self->import, c));
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
      g_object_set_data (G_OBJECT (row), "sessio-column", GUINT_TO_POINTER (c));
      g_signal_connect (row, "notify::selected", G_CALLBACK (on_mapping_changed), self);
      add_row (self, self->columns_group, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->columns_group), TRUE);

  self->valid = sessio_csv_import_run (self->import, self->store, FALSE, &error) &&
                sessio_csv_import_get_n_rows (self->import) > 0;
  show_check (self, error);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), self->valid);
}

static gboolean
recheck_idle (gpointer data)
{
  SessioImportDialog *self = data;

  self->recheck_id = 0;
  if (self->import != NULL)
    check (self);
  return G_SOURCE_REMOVE;
}

static void
on_mapping_changed (AdwComboRow        *row,
                    GParamSpec         *pspec,
                    SessioImportDialog *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "sessio-column"));
  guint selected = adw_combo_row_get_selected (row);
  const char * const *fields = sessio_csv_import_list_fields (self->kind);
  const char *field = selected == 0 || selected == GTK_INVALID_LIST_POSITION ? NULL : fields[selected - 1];

  if (self->import == NULL)
    return;
  sessio_csv_import_set_mapping (self->import, sessio_csv_import_get_column (self->import, column), field, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
  /* Rebuilding the rows from inside a row's own signal would destroy it
   * under GTK's feet: check again from the main loop. */
  if (self->recheck_id == 0)
    self->recheck_id = g_idle_add (recheck_idle, self);
}

void
sessio_import_dialog_load (SessioImportDialog  *self,
                           SessioCsvImportKind  kind,
                           GBytes              *contents)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *data;

  g_return_if_fail (SESSIO_IS_IMPORT_DIALOG (self));
  g_return_if_fail (contents != NULL);

  if (contents != self->contents)
    {
      g_clear_pointer (&self->contents, g_bytes_unref);
      self->contents = g_bytes_ref (contents);
    }
  self->kind = kind;
  self->updating = TRUE;
  adw_combo_row_set_selected (self->kind_row, kind == SESSIO_CSV_IMPORT_SESSIONS ? 1 : 0);
  self->updating = FALSE;

  clear_rows (self);
  g_clear_pointer (&self->import, sessio_csv_import_free);
  data = g_bytes_get_data (contents, &len);
  self->import = sessio_csv_import_new (kind, data != NULL ? data : "", len, &error);
  if (self->import == NULL)
    {
      self->valid = FALSE;
      gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->columns_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->preview_group), FALSE);
      adw_preferences_group_set_title (self->problems_group, _("Problems"));
      adw_preferences_group_set_description (self->problems_group, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->problems_group), TRUE);
      return;
    }
  check (self);
}

static void
on_kind_changed (SessioImportDialog *self)
{
  if (self->updating || self->contents == NULL)
    return;
  sessio_import_dialog_load (self, adw_combo_row_get_selected (self->kind_row) == 1 ?
                             SESSIO_CSV_IMPORT_SESSIONS : SESSIO_CSV_IMPORT_PATIENTS,
                             self->contents);
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
choose_response (GtkNativeDialog    *dialog,
                 int                 response,
                 SessioImportDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);

  if (file != NULL)
    {
      contents = g_file_load_bytes (file, NULL, NULL, &error);
      name = g_file_get_basename (file);
      adw_action_row_set_subtitle (self->file_row, name);
      if (contents == NULL)
        {
          adw_preferences_group_set_title (self->problems_group, _("Problems"));
          adw_preferences_group_set_description (self->problems_group, _("The file could not be read"));
          gtk_widget_set_visible (GTK_WIDGET (self->problems_group), TRUE);
        }
      else
        sessio_import_dialog_load (self, adw_combo_row_get_selected (self->kind_row) == 1 ?
                                   SESSIO_CSV_IMPORT_SESSIONS : SESSIO_CSV_IMPORT_PATIENTS,
                                   contents);
    }
  g_object_unref (self);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SessioImportDialog *self = SESSIO_IMPORT_DIALOG (widget);
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  dialog = gtk_file_chooser_native_new (_("Choose a CSV File"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (choose_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
G_GNUC_END_IGNORE_DEPRECATIONS

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SessioImportDialog *self = SESSIO_IMPORT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  guint n;

  if (!self->valid || self->import == NULL)
    return;

  if (!sessio_csv_import_run (self->import, self->store, TRUE, &error))
    {
      /* The vault changed since the check, or could not write. */
      clear_rows (self);
      self->valid = FALSE;
      gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
      show_check (self, error);
      return;
    }

  n = sessio_csv_import_get_n_valid (self->import);
  g_signal_emit (self, signals[IMPORTED], 0, n);
  gtk_window_close (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
sessio_import_dialog_dispose (GObject *object)
{
  SessioImportDialog *self = SESSIO_IMPORT_DIALOG (object);

  g_clear_handle_id (&self->recheck_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (sessio_import_dialog_parent_class)->dispose (object);
}

static void
sessio_import_dialog_finalize (GObject *object)
{
  SessioImportDialog *self = SESSIO_IMPORT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->import, sessio_csv_import_free);
  g_clear_pointer (&self->contents, g_bytes_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (sessio_import_dialog_parent_class)->finalize (object);
}

static void
sessio_import_dialog_class_init (SessioImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_import_dialog_dispose;
  object_class->finalize = sessio_import_dialog_finalize;

  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioImportDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, SessioImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, SessioImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, SessioImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, SessioImportDialog, problems_group);
  gtk_widget_class_bind_template_child (widget_class, SessioImportDialog, preview_group);

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.cancel", NULL);
}

static void
sessio_import_dialog_init (SessioImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (on_kind_changed), self);
}

SessioCsvImportKind
sessio_import_dialog_get_kind (SessioImportDialog *self)
{
  g_return_val_if_fail (SESSIO_IS_IMPORT_DIALOG (self), SESSIO_CSV_IMPORT_PATIENTS);

  return self->kind;
}

SessioImportDialog *
sessio_import_dialog_new (SessioPatientStore *store)
{
  SessioImportDialog *self;

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (store), NULL);

  self = g_object_new (SESSIO_TYPE_IMPORT_DIALOG, NULL);
  self->store = g_object_ref (store);
  return self;
}
