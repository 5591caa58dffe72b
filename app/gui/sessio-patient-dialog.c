/* sessio-patient-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new patient.  The INSZ number is checked as it is typed, with the
 * reason when it is wrong, and the birth date it carries is offered.
 * Nothing is written until the whole form is accepted by the store, in
 * one transaction.
 *
 * Signal: ::added (gint64 patient id).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sessio-a11y.h"
#include "sessio-date-row.h"
#include "sessio-ident.h"
#include "sessio-patient-dialog.h"
#include "sessio-resources.h"

struct _SessioPatientDialog
{
  AdwWindow            parent_instance;

  SessioPatientStore  *store;
  GPtrArray           *problem_checks;   /* GtkCheckButton, in category order */

  GtkLabel            *error_label;
  AdwEntryRow         *name_row;
  AdwEntryRow         *insz_row;
  GtkLabel            *insz_message;
  SessioDateRow       *birth_row;
  AdwComboRow         *sex_row;
  AdwComboRow         *language_row;
  AdwEntryRow         *insurer_row;
  GtkSwitch           *bim_switch;
  AdwEntryRow         *school_row;
  AdwComboRow         *segment_row;
  AdwExpanderRow      *problems_row;
  GtkSwitch           *vulnerable_switch;
  SessioDateRow       *consent_row;
  AdwEntryRow         *consent_scope_row;
  AdwEntryRow         *notes_row;
};

G_DEFINE_FINAL_TYPE (SessioPatientDialog, sessio_patient_dialog, ADW_TYPE_WINDOW)

enum {
  ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const sex_ids[] = { "", "f", "m", "x" };
static const char * const language_ids[] = { "nl", "fr", "de" };

static void
show_error (SessioPatientDialog *self,
            const char          *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Checked while typing: the reason shows under the row at once, and a
 * valid number offers its birth date and sex. */
static void
insz_changed (SessioPatientDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->insz_row));
  g_autoptr(GError) error = NULL;
  SessioInszInfo info;
  GDate birth;

  if (text == NULL || *text == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->insz_message), FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->insz_row), "error");
      return;
    }

  if (!sessio_insz_validate (text, &info, &error))
    {
      gtk_label_set_text (self->insz_message, error->message);
      gtk_widget_remove_css_class (GTK_WIDGET (self->insz_message), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->insz_message), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->insz_message), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->insz_row), "error");
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->insz_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->insz_message), FALSE);

  if (sessio_insz_info_get_birth (&info, &birth))
    {
      GDate current;

      if (!sessio_date_row_get_date (self->birth_row, &current))
        sessio_date_row_set_date (self->birth_row, &birth);
    }
  if (adw_combo_row_get_selected (self->sex_row) == 0)
    adw_combo_row_set_selected (self->sex_row, info.male ? 2 : 1);
}

static char *
text_or_null (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  return *stripped != '\0' ? g_steal_pointer (&stripped) : NULL;
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  SessioPatientDialog *self = SESSIO_PATIENT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  const SessioChoice *categories, *segments;
  guint n_categories, n_segments, segment;
  SessioPatient patient = { 0 };
  gint64 id;

  if (!sessio_date_row_is_valid (self->birth_row) || !sessio_date_row_is_valid (self->consent_row))
    {
      show_error (self, _("A date cannot be read: write it day first, as 3/3/2025."));
      return;
    }

  categories = sessio_problem_categories (&n_categories);
  for (guint i = 0; i < self->problem_checks->len && i < n_categories; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->problem_checks, i)))
      g_ptr_array_add (problems, g_strdup (categories[i].id));
  g_ptr_array_add (problems, NULL);

  segments = sessio_education_segments (&n_segments);
  segment = adw_combo_row_get_selected (self->segment_row);

  patient.name = text_or_null (self->name_row);
  patient.insz = text_or_null (self->insz_row);
  patient.birth_date = sessio_date_row_dup_iso (self->birth_row);
  patient.sex = g_strdup (sex_ids[MIN (adw_combo_row_get_selected (self->sex_row), G_N_ELEMENTS (sex_ids) - 1)]);
  patient.language = g_strdup (language_ids[MIN (adw_combo_row_get_selected (self->language_row), G_N_ELEMENTS (language_ids) - 1)]);
  patient.insurer = text_or_null (self->insurer_row);
  patient.bim = gtk_switch_get_active (self->bim_switch);
  patient.school = text_or_null (self->school_row);
  patient.segment = segment > 0 && segment <= n_segments ? g_strdup (segments[segment - 1].id) : NULL;
  patient.problems = (char **) problems->pdata;
  patient.vulnerable = gtk_switch_get_active (self->vulnerable_switch);
  patient.consent_date = sessio_date_row_dup_iso (self->consent_row);
  patient.consent_scope = text_or_null (self->consent_scope_row);
  patient.notes = text_or_null (self->notes_row);

  id = sessio_patient_store_add_patient (self->store, &patient, &error);

  patient.problems = NULL;   /* owned by @problems */
  g_free (patient.name);
  g_free (patient.insz);
  g_free (patient.birth_date);
  g_free (patient.sex);
  g_free (patient.language);
  g_free (patient.insurer);
  g_free (patient.school);
  g_free (patient.segment);
  g_free (patient.consent_date);
  g_free (patient.consent_scope);
  g_free (patient.notes);

  if (id <= 0)
    {
      /* The store's reason, translated; the form keeps everything typed. */
      show_error (self, error != NULL ? error->message : NULL);
      return;
    }

  g_signal_emit (self, signals[ADDED], 0, id);
  sessio_a11y_close_window (GTK_WINDOW (self));
}

static void
fill_choices (SessioPatientDialog *self)
{
  g_autoptr(GtkStringList) sexes = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) languages = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) segment_list = gtk_string_list_new (NULL);
  const SessioChoice *categories, *segments;
  guint n_categories, n_segments;

  /* Translators: the patient's sex is not given */
  gtk_string_list_append (sexes, C_("sex", "Not given"));
  gtk_string_list_append (sexes, C_("sex", "Female"));
  gtk_string_list_append (sexes, C_("sex", "Male"));
  gtk_string_list_append (sexes, C_("sex", "Other"));
  adw_combo_row_set_model (self->sex_row, G_LIST_MODEL (sexes));

  gtk_string_list_append (languages, _("Dutch"));
  gtk_string_list_append (languages, _("French"));
  gtk_string_list_append (languages, _("German"));
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (languages));

  segments = sessio_education_segments (&n_segments);
  /* Translators: no education segment chosen */
  gtk_string_list_append (segment_list, C_("segment", "Not given"));
  for (guint i = 0; i < n_segments; i++)
    gtk_string_list_append (segment_list, _(segments[i].label));
  adw_combo_row_set_model (self->segment_row, G_LIST_MODEL (segment_list));

  categories = sessio_problem_categories (&n_categories);
  for (guint i = 0; i < n_categories; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(categories[i].label));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(categories[i].label),
                                      -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_expander_row_add_row (self->problems_row, row);
      g_ptr_array_add (self->problem_checks, check);
    }
}

SessioPatientDialog *
sessio_patient_dialog_new (SessioPatientStore *store)
{
  SessioPatientDialog *self;

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (store), NULL);

  self = g_object_new (SESSIO_TYPE_PATIENT_DIALOG, NULL);
  self->store = g_object_ref (store);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->name_row));

  return self;
}

static void
sessio_patient_dialog_dispose (GObject *object)
{
  SessioPatientDialog *self = SESSIO_PATIENT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_PATIENT_DIALOG);
  g_clear_object (&self->store);
  g_clear_pointer (&self->problem_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (sessio_patient_dialog_parent_class)->dispose (object);
}

static void
sessio_patient_dialog_class_init (SessioPatientDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_patient_dialog_dispose;

  signals[ADDED] =
    g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (SESSIO_TYPE_DATE_ROW);

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-patient-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, insz_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, insz_message);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, birth_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, sex_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, language_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, insurer_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, bim_switch);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, school_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, segment_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, problems_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, vulnerable_switch);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, consent_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, consent_scope_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, notes_row);
  gtk_widget_class_bind_template_callback (widget_class, insz_changed);

  gtk_widget_class_install_action (widget_class, "patient.add", NULL, add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sessio_patient_dialog_init (SessioPatientDialog *self)
{
  self->problem_checks = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self));
  fill_choices (self);
}
