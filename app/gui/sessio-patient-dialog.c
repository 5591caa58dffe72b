/* sessio-patient-dialog.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new patient, or the rectification of one.  The INSZ number is checked
 * as it is typed, with the reason when it is wrong, and the birth date it
 * carries is offered.  Nothing is written until the whole form is
 * accepted by the store, in one transaction; a rectification keeps every
 * previous value in the patient's history (the store does that).
 *
 * Guardians are rows made in code: each is an expander with its name,
 * relation, phone and e-mail, and a button to remove it.
 *
 * "Read eID" fills name, birth date, sex and INSZ from the patient's
 * Belgian eID card, for the user to review before saving.  The button is
 * there while a card reader is; a SessioEidMonitor follows readers and
 * cards in its own thread, and the card is read in a worker thread, so the
 * UI thread never waits on pcscd.  Every failure is one sentence above the
 * form, which is left as it was.
 *
 * Signals: ::added (gint64 patient id), also after a rectification;
 * ::open-patient (gint64 patient id): the card read belongs to a patient
 * already in the file; the dialog closes instead of making a namesake.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-a11y.h"
#include "sessio-editor-draft.h"
#include "sessio-date-row.h"
#include "sessio-eid-reader.h"
#include "sessio-format.h"
#include "sessio-ident.h"
#include "sessio-patient-dialog.h"
#include "sessio-resources.h"

struct _SessioPatientDialog
{
  AdwWindow            parent_instance;

  SessioPatientStore  *store;
  gint64               patient_id;       /* 0: a new patient */
  GPtrArray           *problem_checks;   /* GtkCheckButton, in category order */
  GPtrArray           *guardian_rows;    /* AdwExpanderRow, in order */

  GtkLabel            *error_label;
  GtkButton           *add_button;
  GtkButton           *eid_button;
  GtkLabel            *eid_label;
  SessioEidMonitor    *eid_monitor;
  GCancellable        *eid_cancellable;   /* non-NULL while reading */
  AdwEntryRow         *name_row;
  AdwEntryRow         *insz_row;
  GtkLabel            *insz_message;
  SessioDateRow       *birth_row;
  AdwComboRow         *sex_row;
  AdwComboRow         *language_row;
  AdwEntryRow         *insurer_row;
  GtkLabel            *insurer_message;
  GtkSwitch           *bim_switch;
  SessioDateRow       *bim_from_row;
  SessioDateRow       *bim_to_row;
  AdwEntryRow         *phone_row;
  AdwEntryRow         *email_row;
  AdwEntryRow         *address_row;
  AdwPreferencesGroup *guardians_group;
  AdwEntryRow         *school_row;
  AdwComboRow         *segment_row;
  AdwExpanderRow      *problems_row;
  GtkSwitch           *vulnerable_switch;
  SessioDateRow       *consent_row;
  AdwComboRow         *consent_scope_row;
  char                *other_scope;  /* a stored scope this version does not list */
  AdwEntryRow         *notes_row;

  /* The field the last Save refused, its row and the reason under it. */
  char                *marked_field;
  GtkWidget           *marked_row;
  GtkWidget           *mark_message;
};

G_DEFINE_FINAL_TYPE (SessioPatientDialog, sessio_patient_dialog, ADW_TYPE_WINDOW)

enum {
  ADDED,
  OPEN_PATIENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const sex_ids[] = { "", "f", "m", "x" };
static const char * const language_ids[] = { "nl", "fr", "de" };

static void recheck_mark (SessioPatientDialog *self);

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

  /* Only what the number knows is offered: a day or month of 00 gives no
   * birth date (the co-payment's age rule needs the real one, so the
   * user is asked for it), a BIS number of the +20 kind no sex. */
  if (sessio_insz_info_get_birth (&info, &birth))
    {
      GDate current;

      if (!sessio_date_row_get_date (self->birth_row, &current))
        sessio_date_row_set_date (self->birth_row, &birth);
    }
  else
    {
      gtk_label_set_text (self->insz_message,
                          _("This number does not give the full birth date: enter it below, the co-payment depends on the age"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->insz_message), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->insz_message), "dim-label");
      gtk_widget_set_visible (GTK_WIDGET (self->insz_message), TRUE);
    }
  if (adw_combo_row_get_selected (self->sex_row) == 0 && info.sex != SESSIO_INSZ_SEX_UNKNOWN)
    adw_combo_row_set_selected (self->sex_row, info.sex == SESSIO_INSZ_SEX_MALE ? 2 : 1);
}

/* The code is what the insurer's vignette shows; the name under it is
 * what the user checks it against. */
static void
insurer_changed (SessioPatientDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->insurer_row));
  g_autoptr(GError) error = NULL;
  SessioInsurerUnion insurer;
  GtkWidget *message = GTK_WIDGET (self->insurer_message);

  if (text == NULL || *text == '\0')
    {
      gtk_widget_set_visible (message, FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->insurer_row), "error");
      return;
    }

  if (!sessio_insurer_union_from_code (text, &insurer, &error))
    {
      gtk_label_set_text (self->insurer_message, error->message);
      gtk_widget_remove_css_class (message, "dim-label");
      gtk_widget_add_css_class (message, "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->insurer_row), "error");
    }
  else
    {
      gtk_label_set_text (self->insurer_message, sessio_insurer_union_name (insurer));
      gtk_widget_remove_css_class (message, "error");
      gtk_widget_add_css_class (message, "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->insurer_row), "error");
    }
  gtk_widget_set_visible (message, TRUE);
}

/* ---------------------------------------------------------------- eID */

static void set_date (SessioDateRow *row,
                      const char    *iso);

static void
show_eid_message (SessioPatientDialog *self,
                  const char          *message,
                  const char          *css_class)
{
  GtkWidget *label = GTK_WIDGET (self->eid_label);

  gtk_label_set_text (self->eid_label, message != NULL ? message : "");
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "warning");
  gtk_widget_remove_css_class (label, "dim-label");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_visible (label, message != NULL);
}

static void
update_eid_button (SessioPatientDialog *self)
{
  gboolean reader = self->eid_monitor != NULL && sessio_eid_monitor_get_reader_present (self->eid_monitor);
  gboolean card = self->eid_monitor != NULL && sessio_eid_monitor_get_card_present (self->eid_monitor);

  gtk_widget_set_visible (GTK_WIDGET (self->eid_button), reader);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "patient.read-eid",
                                 reader && card && self->eid_cancellable == NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->eid_button),
                               card ? _("Fill the form from the eID card in the reader")
                                    : _("Insert the patient’s eID card in the reader"));
}

static void
fill_from_identity (SessioPatientDialog     *self,
                    const SessioEidIdentity *identity)
{
  g_autofree char *name = sessio_eid_identity_dup_name (identity);
  g_autofree char *birth = sessio_eid_identity_dup_birth_date (identity);

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  gtk_editable_set_text (GTK_EDITABLE (self->insz_row), identity->insz);
  if (birth != NULL)
    set_date (self->birth_row, birth);
  adw_combo_row_set_selected (self->sex_row, identity->sex == 'm' ? 2 : 1);
}

static void
eid_read_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SessioPatientDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioEidIdentity) identity = sessio_eid_read_finish (result, &error);
  gint64 existing;

  g_clear_object (&self->eid_cancellable);
  if (self->store == NULL)   /* closed meanwhile */
    return;
  update_eid_button (self);

  if (identity == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_eid_message (self, error->message, "error");
      return;
    }

  existing = sessio_patient_store_find_insz (self->store, identity->insz, &error);
  if (existing < 0)
    {
      show_eid_message (self, error->message, "error");
      return;
    }
  if (existing > 0 && existing != self->patient_id)
    {
      /* The person is in the file already: open them, no namesake. */
      if (self->patient_id == 0 && g_signal_has_handler_pending (self, signals[OPEN_PATIENT], 0, FALSE))
        {
          g_signal_emit (self, signals[OPEN_PATIENT], 0, existing);
          sessio_a11y_close_window (GTK_WINDOW (self));
        }
      else
        show_eid_message (self, _("The patient on this card is already in the patient file."), "error");
      return;
    }

  fill_from_identity (self, identity);
  if (sessio_eid_identity_is_expired (identity, NULL))
    {
      g_autofree char *until = sessio_format_date (&identity->valid_until);
      g_autofree char *message = NULL;

      /* Translators: %s is the date the card stopped being valid, e.g. 15 May 2024 */
      message = g_strdup_printf (_("This card expired on %s. It was read anyway: check what it filled in before saving."),
                                 until);
      show_eid_message (self, message, "warning");
    }
  else if (identity->birth_month == 0)
    show_eid_message (self, _("The card gives only the birth year: enter the birth date."), "warning");
  else
    show_eid_message (self, _("Filled in from the eID card: check it before saving."), "dim-label");
}

static void
read_eid_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SessioPatientDialog *self = SESSIO_PATIENT_DIALOG (widget);

  if (self->eid_cancellable != NULL)
    return;
  self->eid_cancellable = g_cancellable_new ();
  update_eid_button (self);
  show_eid_message (self, _("Reading the eID card…"), "dim-label");
  sessio_eid_read_async (NULL, self->eid_cancellable, eid_read_done, g_object_ref (self));
}

static char *
text_or_null (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  return *stripped != '\0' ? g_steal_pointer (&stripped) : NULL;
}

/* ---------------------------------------------------------- guardians */

static const char * const guardian_fields[] = { "name", "relation", "phone", "email" };

static void
guardian_name_changed (GtkEditable    *name,
                       AdwExpanderRow *expander)
{
  const char *text = gtk_editable_get_text (name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander),
                                 text != NULL && *text ? text : _("New Guardian"));
}

static void
remove_guardian (GtkButton           *button,
                 SessioPatientDialog *self)
{
  GtkWidget *expander = g_object_get_data (G_OBJECT (button), "expander");

  g_ptr_array_remove (self->guardian_rows, expander);
  adw_preferences_group_remove (self->guardians_group, expander);
}

static void
add_guardian_row (SessioPatientDialog  *self,
                  const SessioGuardian *guardian)
{
  const char *titles[] = {
    /* Translators: a guardian's name */
    N_("Guardian's _Name"),
    /* Translators: e.g. mother, father, foster parent */
    N_("_Relation"),
    N_("Guardian's _Phone"),
    N_("Guardian's E-_mail"),
  };
  const char *values[4] = { NULL, NULL, NULL, NULL };
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *remove_row, *remove;

  if (guardian != NULL)
    {
      values[0] = guardian->name;
      values[1] = guardian->relation;
      values[2] = guardian->phone;
      values[3] = guardian->email;
    }

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkWidget *entry = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _(titles[i]));
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (entry), TRUE);
      if (values[i] != NULL)
        gtk_editable_set_text (GTK_EDITABLE (entry), values[i]);
      g_object_set_data (G_OBJECT (expander), guardian_fields[i], entry);
      g_signal_connect_object (entry, "changed", G_CALLBACK (recheck_mark), self, G_CONNECT_SWAPPED);
      if (i == 0)
        g_signal_connect_object (entry, "changed", G_CALLBACK (guardian_name_changed), expander, 0);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), entry);
    }

  remove_row = adw_action_row_new ();
  remove = gtk_button_new_with_mnemonic (_("_Remove Guardian"));
  gtk_widget_set_halign (remove, GTK_ALIGN_END);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "destructive-action");
  g_object_set_data (G_OBJECT (remove), "expander", expander);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_guardian), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (remove_row), remove);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), remove_row);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander),
                                 values[0] != NULL ? values[0] : _("New Guardian"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), guardian == NULL);
  adw_preferences_group_add (self->guardians_group, expander);
  g_ptr_array_add (self->guardian_rows, expander);
  sessio_a11y_fix_mnemonic_labels (expander);
}

static void
add_guardian_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  SessioPatientDialog *self = SESSIO_PATIENT_DIALOG (widget);
  GtkWidget *expander;

  add_guardian_row (self, NULL);
  expander = g_ptr_array_index (self->guardian_rows, self->guardian_rows->len - 1);
  gtk_widget_grab_focus (g_object_get_data (G_OBJECT (expander), "name"));
}

static void
guardian_free (gpointer data)
{
  SessioGuardian *guardian = data;

  g_free (guardian->name);
  g_free (guardian->relation);
  g_free (guardian->phone);
  g_free (guardian->email);
  g_free (guardian);
}

/* The guardians as typed; a row left wholly empty is dropped, one with
 * only a phone number is kept so that the store says the name is
 * missing. */
static GPtrArray *
collect_guardians (SessioPatientDialog *self)
{
  GPtrArray *guardians = g_ptr_array_new_with_free_func (guardian_free);

  for (guint i = 0; i < self->guardian_rows->len; i++)
    {
      GObject *expander = g_ptr_array_index (self->guardian_rows, i);
      SessioGuardian *guardian = g_new0 (SessioGuardian, 1);

      guardian->name = text_or_null (g_object_get_data (expander, "name"));
      guardian->relation = text_or_null (g_object_get_data (expander, "relation"));
      guardian->phone = text_or_null (g_object_get_data (expander, "phone"));
      guardian->email = text_or_null (g_object_get_data (expander, "email"));
      if (guardian->name == NULL && guardian->relation == NULL &&
          guardian->phone == NULL && guardian->email == NULL)
        guardian_free (guardian);
      else
        g_ptr_array_add (guardians, guardian);
    }

  return guardians;
}

/* ------------------------------------------------------------- saving */

static void
patient_fields_clear (SessioPatient *patient)
{
  g_free (patient->name);
  g_free (patient->insz);
  g_free (patient->birth_date);
  g_free (patient->sex);
  g_free (patient->language);
  g_free (patient->insurer);
  g_free (patient->school);
  g_free (patient->segment);
  g_free (patient->consent_date);
  g_free (patient->consent_scope);
  g_free (patient->notes);
  g_free (patient->bim_valid_from);
  g_free (patient->bim_valid_to);
  g_free (patient->phone);
  g_free (patient->email);
  g_free (patient->address);
  g_clear_pointer (&patient->guardians, g_ptr_array_unref);
  g_strfreev (patient->problems);
  memset (patient, 0, sizeof *patient);
}

/* The form as a patient record, every field as typed. */
static void
read_form (SessioPatientDialog *self,
           SessioPatient       *patient)
{
  GPtrArray *problems = g_ptr_array_new ();
  const SessioChoice *categories, *segments;
  guint n_categories, n_segments, segment;

  memset (patient, 0, sizeof *patient);
  categories = sessio_problem_categories (&n_categories);
  for (guint i = 0; i < self->problem_checks->len && i < n_categories; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->problem_checks, i)))
      g_ptr_array_add (problems, g_strdup (categories[i].id));
  g_ptr_array_add (problems, NULL);

  segments = sessio_education_segments (&n_segments);
  segment = adw_combo_row_get_selected (self->segment_row);

  patient->id = self->patient_id;
  patient->name = text_or_null (self->name_row);
  patient->insz = text_or_null (self->insz_row);
  patient->birth_date = sessio_date_row_dup_iso (self->birth_row);
  patient->sex = g_strdup (sex_ids[MIN (adw_combo_row_get_selected (self->sex_row), G_N_ELEMENTS (sex_ids) - 1)]);
  patient->language = g_strdup (language_ids[MIN (adw_combo_row_get_selected (self->language_row), G_N_ELEMENTS (language_ids) - 1)]);
  patient->insurer = text_or_null (self->insurer_row);
  patient->bim = gtk_switch_get_active (self->bim_switch);
  patient->school = text_or_null (self->school_row);
  patient->segment = segment > 0 && segment <= n_segments ? g_strdup (segments[segment - 1].id) : NULL;
  patient->problems = (char **) g_ptr_array_free (problems, FALSE);
  patient->vulnerable = gtk_switch_get_active (self->vulnerable_switch);
  patient->consent_date = sessio_date_row_dup_iso (self->consent_row);
  {
    guint n_scopes, scope = adw_combo_row_get_selected (self->consent_scope_row);
    const SessioChoice *scopes = sessio_consent_scopes (&n_scopes);

    if (scope > 0 && scope <= n_scopes)
      patient->consent_scope = g_strdup (scopes[scope - 1].id);
    else if (scope == n_scopes + 1 && self->other_scope != NULL)
      patient->consent_scope = g_strdup (self->other_scope);
  }
  patient->notes = text_or_null (self->notes_row);
  patient->bim_valid_from = sessio_date_row_dup_iso (self->bim_from_row);
  patient->bim_valid_to = sessio_date_row_dup_iso (self->bim_to_row);
  patient->phone = text_or_null (self->phone_row);
  patient->email = text_or_null (self->email_row);
  patient->address = text_or_null (self->address_row);
  patient->guardians = collect_guardians (self);
}

/* ------------------------------------------------- errors at the field */

/* The row that shows a field, by the name the store gives the field. */
static GtkWidget *
row_for_field (SessioPatientDialog *self,
               const char          *field)
{
  const struct { const char *field; gsize offset; } rows[] = {
    { "name", G_STRUCT_OFFSET (SessioPatientDialog, name_row) },
    { "insz", G_STRUCT_OFFSET (SessioPatientDialog, insz_row) },
    { "birth_date", G_STRUCT_OFFSET (SessioPatientDialog, birth_row) },
    { "sex", G_STRUCT_OFFSET (SessioPatientDialog, sex_row) },
    { "language", G_STRUCT_OFFSET (SessioPatientDialog, language_row) },
    { "insurer", G_STRUCT_OFFSET (SessioPatientDialog, insurer_row) },
    { "bim_valid_from", G_STRUCT_OFFSET (SessioPatientDialog, bim_from_row) },
    { "bim_valid_to", G_STRUCT_OFFSET (SessioPatientDialog, bim_to_row) },
    { "email", G_STRUCT_OFFSET (SessioPatientDialog, email_row) },
    { "education_segment", G_STRUCT_OFFSET (SessioPatientDialog, segment_row) },
    { "problems", G_STRUCT_OFFSET (SessioPatientDialog, problems_row) },
    { "consent_date", G_STRUCT_OFFSET (SessioPatientDialog, consent_row) },
    { "consent_scope", G_STRUCT_OFFSET (SessioPatientDialog, consent_scope_row) },
  };

  if (field == NULL)
    return NULL;
  if (strcmp (field, "bim") == 0)
    return gtk_widget_get_ancestor (GTK_WIDGET (self->bim_switch), GTK_TYPE_LIST_BOX_ROW);
  if (strcmp (field, "guardians") == 0)
    return self->guardian_rows->len > 0 ? g_ptr_array_index (self->guardian_rows, 0) : NULL;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (strcmp (field, rows[i].field) == 0)
      return G_STRUCT_MEMBER (GtkWidget *, self, rows[i].offset);
  return NULL;
}

/* Screen readers hear that the field is wrong, and why, on the row and,
 * for a text row, on the text field inside it, which is what they
 * focus and read. */
static void
mark_accessible (GtkWidget  *row,
                 const char *message)
{
  GtkWidget *targets[2] = { row, NULL };

  if (GTK_IS_EDITABLE (row))
    targets[1] = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (row)));
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      if (targets[i] == NULL)
        continue;
      if (message != NULL)
        {
          gtk_accessible_update_state (GTK_ACCESSIBLE (targets[i]), GTK_ACCESSIBLE_STATE_INVALID,
                                       GTK_ACCESSIBLE_INVALID_TRUE, -1);
          gtk_accessible_update_property (GTK_ACCESSIBLE (targets[i]), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                          message, -1);
        }
      else
        {
          gtk_accessible_reset_state (GTK_ACCESSIBLE (targets[i]), GTK_ACCESSIBLE_STATE_INVALID);
          gtk_accessible_reset_property (GTK_ACCESSIBLE (targets[i]), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
        }
    }
}

static void
clear_field_mark (SessioPatientDialog *self)
{
  if (self->marked_row != NULL)
    {
      gtk_widget_remove_css_class (self->marked_row, "error");
      mark_accessible (self->marked_row, NULL);
      self->marked_row = NULL;
    }
  if (self->mark_message != NULL)
    {
      GtkWidget *list = gtk_widget_get_parent (self->mark_message);

      if (GTK_IS_LIST_BOX (list))
        gtk_list_box_remove (GTK_LIST_BOX (list), self->mark_message);
      self->mark_message = NULL;
    }
  g_clear_pointer (&self->marked_field, g_free);
}

/* The row itself is marked, as GNOME Settings does, with the reason
 * right under it, and takes the focus; the mark goes as soon as the
 * field is right (recheck_mark()). */
static void
mark_field (SessioPatientDialog *self,
            const char          *field,
            const char          *message)
{
  GtkWidget *row = row_for_field (self, field);
  GtkWidget *list = row != NULL ? gtk_widget_get_parent (row) : NULL;
  gboolean live = (row == GTK_WIDGET (self->insz_row) && gtk_widget_get_visible (GTK_WIDGET (self->insz_message))) ||
                  (row == GTK_WIDGET (self->insurer_row) && gtk_widget_get_visible (GTK_WIDGET (self->insurer_message))) ||
                  (row != NULL && SESSIO_IS_DATE_ROW (row) && sessio_date_row_shows_problem (SESSIO_DATE_ROW (row)));

  clear_field_mark (self);
  show_error (self, NULL);
  if (row == NULL || !GTK_IS_LIST_BOX (list))
    {
      /* No row of its own (a guardian's field in a list not shown, say):
       * the reason at the top of the form. */
      show_error (self, message);
      return;
    }

  gtk_widget_add_css_class (row, "error");
  mark_accessible (row, message);
  /* The INSZ number and the insurer already say why under their group,
   * and a date row under itself, checked as they are typed: not twice. */
  if (!live)
    {
      GtkWidget *message_row = sessio_field_message_row_new (message);

      gtk_list_box_insert (GTK_LIST_BOX (list), message_row,
                           gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1);
      self->mark_message = message_row;
    }
  self->marked_row = row;
  self->marked_field = g_strdup (field);
  gtk_widget_grab_focus (row);
}

/* Called on every change of the form while a field is marked: the mark
 * goes once that field is no longer at fault. */
static void
recheck_mark (SessioPatientDialog *self)
{
  g_autoptr(GError) error = NULL;
  SessioPatient patient;
  const char *field = NULL;

  if (self->marked_field == NULL)
    return;
  read_form (self, &patient);
  if (sessio_patient_store_check_patient (self->store, &patient, &field, &error) ||
      g_strcmp0 (field, self->marked_field) != 0)
    clear_field_mark (self);
  patient_fields_clear (&patient);
}

/* The fields in the order the form shows them. */
static const char * const form_order[] = {
  "name", "insz", "birth_date", "sex", "language", "insurer", "bim", "bim_valid_from", "bim_valid_to",
  "email", "guardians", "education_segment", "problems", "consent_date", "consent_scope", NULL
};

static guint
form_rank (const char *field)
{
  for (guint i = 0; form_order[i] != NULL; i++)
    if (g_strcmp0 (field, form_order[i]) == 0)
      return i;
  return G_N_ELEMENTS (form_order);
}

/* The first wrong field as the form shows them, and why: what the form
 * itself knows (a date that does not exist, an empty birth date, an INSZ
 * number already refused as it was typed) and the store's first reason.
 * FALSE when there is one. */
static gboolean
first_problem (SessioPatientDialog  *self,
               const SessioPatient  *patient,
               const char          **field,
               char                **message)
{
  const struct { SessioDateRow *row; const char *field; } dates[] = {
    { self->birth_row, "birth_date" }, { self->bim_from_row, "bim_valid_from" },
    { self->bim_to_row, "bim_valid_to" }, { self->consent_row, "consent_date" },
  };
  g_autoptr(GError) error = NULL;
  const char *store_field = NULL;

  *field = NULL;
  *message = NULL;
  if (gtk_widget_get_visible (GTK_WIDGET (self->insz_message)) &&
      gtk_widget_has_css_class (GTK_WIDGET (self->insz_message), "error"))
    {
      *field = "insz";
      *message = g_strdup (gtk_label_get_text (self->insz_message));
    }
  for (guint i = 0; i < G_N_ELEMENTS (dates) && *field == NULL; i++)
    {
      if ((*message = sessio_date_row_dup_problem (dates[i].row)) != NULL)
        *field = dates[i].field;
      /* Said in the form's words: the store's reason speaks of the
       * stored format. */
      else if (dates[i].row == self->birth_row &&
               *gtk_editable_get_text (GTK_EDITABLE (self->birth_row)) == '\0')
        {
          *field = "birth_date";
          *message = g_strdup (_("The patient needs a birth date"));
        }
    }
  if (!sessio_patient_store_check_patient (self->store, patient, &store_field, &error) &&
      (*field == NULL || form_rank (store_field) < form_rank (*field)))
    {
      g_free (*message);
      *field = store_field;
      *message = g_strdup (error->message);
    }
  return *field == NULL;
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  SessioPatientDialog *self = SESSIO_PATIENT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  SessioPatient patient;
  const char *field = NULL;
  gint64 id;

  read_form (self, &patient);
  if (!first_problem (self, &patient, &field, &message))
    {
      mark_field (self, field, message);
      patient_fields_clear (&patient);
      return;
    }

  if (self->patient_id > 0)
    id = sessio_patient_store_update_patient (self->store, &patient, &error) ? self->patient_id : 0;
  else
    id = sessio_patient_store_add_patient (self->store, &patient, &error);
  patient_fields_clear (&patient);

  if (id <= 0)
    {
      /* The store's reason (another patient has this INSZ number, the
       * file was closed meanwhile), translated; the form keeps
       * everything typed. */
      clear_field_mark (self);
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
  g_autoptr(GtkStringList) scope_list = gtk_string_list_new (NULL);
  const SessioChoice *categories, *segments, *scopes;
  guint n_categories, n_segments, n_scopes;

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

  scopes = sessio_consent_scopes (&n_scopes);
  /* Translators: what the consent covers is not given */
  gtk_string_list_append (scope_list, C_("consent", "Not given"));
  for (guint i = 0; i < n_scopes; i++)
    gtk_string_list_append (scope_list, _(scopes[i].label));
  adw_combo_row_set_model (self->consent_scope_row, G_LIST_MODEL (scope_list));

  categories = sessio_problem_categories (&n_categories);
  for (guint i = 0; i < n_categories; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(categories[i].label));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      /* Named by the row's title (the activatable widget is labelled by
       * it): a label of its own too would be read twice. */
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

  sessio_editor_draft_attach (GTK_WINDOW (self), SESSIO_DRAFT_PATIENT_NEW, 0);
  return self;
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static void
set_date (SessioDateRow *row,
          const char    *iso)
{
  GDate date;

  if (iso != NULL && sessio_date_parse_iso (iso, &date))
    sessio_date_row_set_date (row, &date);
}

static guint
index_of (const char * const *ids,
          guint               n_ids,
          const char         *id,
          guint               fallback)
{
  for (guint i = 0; id != NULL && i < n_ids; i++)
    if (g_strcmp0 (ids[i], id) == 0)
      return i;
  return fallback;
}

/**
 * sessio_patient_dialog_new_edit:
 *
 * The rectification of @patient_id: the form filled with what is stored.
 * Reading the patient is audited by the store.  Returns NULL (with
 * @error) when the patient cannot be read.
 */
SessioPatientDialog *
sessio_patient_dialog_new_edit (SessioPatientStore  *store,
                                gint64               patient_id,
                                GError             **error)
{
  g_autoptr(SessioPatient) patient = NULL;
  SessioPatientDialog *self;
  const SessioChoice *categories, *segments;
  guint n_categories, n_segments;

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (store), NULL);

  patient = sessio_patient_store_get_patient (store, patient_id, error);
  if (patient == NULL)
    return NULL;

  self = sessio_patient_dialog_new (store);
  self->patient_id = patient_id;
  gtk_window_set_title (GTK_WINDOW (self), _("Correct Patient File"));
  gtk_button_set_label (self->add_button, _("_Save"));
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self->add_button));

  set_text (self->name_row, patient->name);
  set_text (self->insz_row, patient->insz);
  set_date (self->birth_row, patient->birth_date);
  adw_combo_row_set_selected (self->sex_row, index_of (sex_ids, G_N_ELEMENTS (sex_ids), patient->sex, 0));
  adw_combo_row_set_selected (self->language_row,
                              index_of (language_ids, G_N_ELEMENTS (language_ids), patient->language, 0));
  set_text (self->insurer_row, patient->insurer);
  gtk_switch_set_active (self->bim_switch, patient->bim);
  set_date (self->bim_from_row, patient->bim_valid_from);
  set_date (self->bim_to_row, patient->bim_valid_to);
  set_text (self->phone_row, patient->phone);
  set_text (self->email_row, patient->email);
  set_text (self->address_row, patient->address);
  set_text (self->school_row, patient->school);
  gtk_switch_set_active (self->vulnerable_switch, patient->vulnerable);
  set_date (self->consent_row, patient->consent_date);
  if (patient->consent_scope != NULL && *patient->consent_scope != '\0')
    {
      guint n_scopes;
      const SessioChoice *scopes = sessio_consent_scopes (&n_scopes);
      guint selected = 0;

      for (guint i = 0; i < n_scopes; i++)
        if (g_strcmp0 (scopes[i].id, patient->consent_scope) == 0)
          selected = i + 1;
      /* Older files kept the scope as free text: offer it as it is, so
       * that correcting another field does not lose it. */
      if (selected == 0)
        {
          GListModel *model = adw_combo_row_get_model (self->consent_scope_row);

          self->other_scope = g_strdup (patient->consent_scope);
          gtk_string_list_append (GTK_STRING_LIST (model), self->other_scope);
          selected = n_scopes + 1;
        }
      adw_combo_row_set_selected (self->consent_scope_row, selected);
    }
  set_text (self->notes_row, patient->notes);

  segments = sessio_education_segments (&n_segments);
  for (guint i = 0; patient->segment != NULL && i < n_segments; i++)
    if (g_strcmp0 (segments[i].id, patient->segment) == 0)
      adw_combo_row_set_selected (self->segment_row, i + 1);

  categories = sessio_problem_categories (&n_categories);
  for (guint i = 0; i < self->problem_checks->len && i < n_categories; i++)
    gtk_check_button_set_active (g_ptr_array_index (self->problem_checks, i),
                                 patient->problems != NULL &&
                                 g_strv_contains ((const char * const *) patient->problems, categories[i].id));

  for (guint i = 0; patient->guardians != NULL && i < patient->guardians->len; i++)
    add_guardian_row (self, g_ptr_array_index (patient->guardians, i));

  sessio_editor_draft_attach (GTK_WINDOW (self), SESSIO_DRAFT_PATIENT_EDIT, patient_id);
  return self;
}

static void
sessio_patient_dialog_dispose (GObject *object)
{
  SessioPatientDialog *self = SESSIO_PATIENT_DIALOG (object);

  if (self->eid_cancellable != NULL)
    g_cancellable_cancel (self->eid_cancellable);
  if (self->eid_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->eid_monitor, self);
  g_clear_object (&self->eid_monitor);
  /* Nothing to recheck while the rows go. */
  g_clear_pointer (&self->marked_field, g_free);
  self->marked_row = NULL;
  self->mark_message = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_PATIENT_DIALOG);
  g_clear_object (&self->store);
  g_clear_pointer (&self->problem_checks, g_ptr_array_unref);
  g_clear_pointer (&self->guardian_rows, g_ptr_array_unref);
  g_clear_pointer (&self->other_scope, g_free);

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
  signals[OPEN_PATIENT] =
    g_signal_new ("open-patient", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (SESSIO_TYPE_DATE_ROW);

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-patient-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, eid_button);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, eid_label);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, bim_from_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, bim_to_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, guardians_group);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, insz_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, insz_message);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, birth_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, sex_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, language_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, insurer_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, insurer_message);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, bim_switch);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, school_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, segment_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, problems_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, vulnerable_switch);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, consent_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, consent_scope_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientDialog, notes_row);
  gtk_widget_class_bind_template_callback (widget_class, insz_changed);
  gtk_widget_class_bind_template_callback (widget_class, insurer_changed);

  gtk_widget_class_install_action (widget_class, "patient.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "patient.add-guardian", NULL, add_guardian_action);
  gtk_widget_class_install_action (widget_class, "patient.read-eid", NULL, read_eid_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sessio_patient_dialog_init (SessioPatientDialog *self)
{
  self->problem_checks = g_ptr_array_new ();
  self->guardian_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self));
  fill_choices (self);

  /* Any change may set right the field a Save refused. */
  {
    const struct { gpointer widget; const char *signal; } watched[] = {
      { self->name_row, "changed" }, { self->insz_row, "changed" }, { self->birth_row, "changed" },
      { self->insurer_row, "changed" }, { self->bim_from_row, "changed" }, { self->bim_to_row, "changed" },
      { self->phone_row, "changed" }, { self->email_row, "changed" }, { self->address_row, "changed" },
      { self->school_row, "changed" }, { self->consent_row, "changed" }, { self->notes_row, "changed" },
      { self->sex_row, "notify::selected" }, { self->language_row, "notify::selected" },
      { self->segment_row, "notify::selected" }, { self->consent_scope_row, "notify::selected" },
      { self->bim_switch, "notify::active" }, { self->vulnerable_switch, "notify::active" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
      g_signal_connect_object (watched[i].widget, watched[i].signal, G_CALLBACK (recheck_mark), self, G_CONNECT_SWAPPED);
    for (guint i = 0; i < self->problem_checks->len; i++)
      g_signal_connect_object (g_ptr_array_index (self->problem_checks, i), "toggled",
                               G_CALLBACK (recheck_mark), self, G_CONNECT_SWAPPED);
  }

  /* Readers and cards are followed in the monitor's thread; its state
   * arrives here, in the UI thread, as ::changed. */
  self->eid_monitor = sessio_eid_monitor_new ();
  g_signal_connect_swapped (self->eid_monitor, "changed", G_CALLBACK (update_eid_button), self);
  update_eid_button (self);
}
