/* sessio-patient-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One patient: who they are, their trajectories with the meters ("Support:
 * 6 of 8 in the last 12 months — next reimbursed session possible on
 * 3 March"), and the session history with what each session cost.  Planned
 * sessions are marked held or no-show in one click; a deleted session can
 * be brought back from the toast.  The patient's menu holds what is done
 * less often: rectify the file, export it, read its audit log, log another
 * task, erase the clinical data.
 *
 * The view holds patient data only while it shows a patient: clear()
 * drops every row, which the page does when the vault locks.
 *
 * Signal: ::changed, after anything of the patient changed (the list
 * shows a summary of it).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-a11y.h"
#include "sessio-audit-dialog.h"
#include "sessio-format.h"
#include "sessio-ident.h"
#include "sessio-labels.h"
#include "sessio-patient-dialog.h"
#include "sessio-patient-export.h"
#include "sessio-receipt-dialog.h"
#include "sessio-patient-view.h"
#include "sessio-session-dialog.h"
#include "sessio-session-list.h"
#include "sessio-task-dialog.h"
#include "sessio-trajectory-dialog.h"

struct _SessioPatientView
{
  AdwBin               parent_instance;

  SessioPatientStore  *store;
  gint64               patient_id;
  GtkBox              *box;          /* rebuilt on every reload */
  GtkWidget           *scroller;
};

G_DEFINE_FINAL_TYPE (SessioPatientView, sessio_patient_view, ADW_TYPE_BIN)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

gint64
sessio_patient_view_get_patient_id (SessioPatientView *self)
{
  g_return_val_if_fail (SESSIO_IS_PATIENT_VIEW (self), 0);

  return self->patient_id;
}

static void
toast (SessioPatientView *self,
       AdwToast          *t)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), t);
  else
    g_object_unref (g_object_ref_sink (t));
}

static void
toast_text (SessioPatientView *self,
            const char        *text)
{
  toast (self, adw_toast_new (text));
}

static void
clear_box (SessioPatientView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->box))) != NULL)
    gtk_box_remove (self->box, child);
}

static GtkWidget *
info_row (const char *title,
          const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL && *value ? value : "—");
  gtk_widget_add_css_class (row, "property");
  return row;
}

static GtkWidget *
identity_group (SessioPatient *patient)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *birth_text = NULL;
  g_autofree char *bim_text = NULL;
  g_autofree char *insurer_text = sessio_insurer_describe (patient->insurer);
  char insz[16] = "";
  GDate birth;

  if (patient->insz != NULL && *patient->insz != '\0')
    sessio_insz_format (patient->insz, insz);
  if (sessio_date_parse_iso (patient->birth_date, &birth))
    birth_text = sessio_format_date (&birth);
  bim_text = g_strdup (patient->bim ? _("yes") : _("no"));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Identity"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Birth Date"), birth_text));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("INSZ Number"), insz));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Health Insurer"), insurer_text));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Increased Reimbursement"), bim_text));
  if (patient->school != NULL && *patient->school)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("School"), patient->school));
  if (patient->phone != NULL && *patient->phone)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Phone"), patient->phone));
  if (patient->email != NULL && *patient->email)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("E-mail"), patient->email));
  for (guint i = 0; patient->guardians != NULL && i < patient->guardians->len; i++)
    {
      const SessioGuardian *guardian = g_ptr_array_index (patient->guardians, i);
      g_autofree char *text = NULL;

      text = g_strjoin (" · ", guardian->name,
                        guardian->relation != NULL ? guardian->relation : "",
                        guardian->phone != NULL ? guardian->phone : "", NULL);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), info_row (_("Guardian"), text));
    }

  return group;
}

static void
mark_response (AdwMessageDialog *dialog,
               const char       *response,
               gpointer          user_data);

typedef struct
{
  SessioPatientView *view;
  gint64             session_id;
} MarkData;

static void
mark_session (SessioPatientView *self,
              gint64             session_id,
              const char        *status,
              gboolean           outside_convention)
{
  g_autoptr(GError) error = NULL;

  if (sessio_patient_store_set_session_status (self->store, session_id, status,
                                               outside_convention, &error))
    {
      sessio_patient_view_reload (self);
      g_signal_emit (self, signals[CHANGED], 0);
      return;
    }

  if (g_error_matches (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      AdwMessageDialog *ask;
      MarkData *data = g_new0 (MarkData, 1);

      ask = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                        _("Save Outside the Convention?"), NULL));
      adw_message_dialog_format_body (ask, "%s\n\n%s", error->message,
                                      _("The session can be kept in the patient file as outside the convention: it is not billed to the network and does not count towards the limit."));
      adw_message_dialog_add_responses (ask,
                                        "cancel", _("_Cancel"),
                                        "outside", _("Save _Outside the Convention"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ask, "outside", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_close_response (ask, "cancel");
      data->view = g_object_ref (self);
      data->session_id = session_id;
      g_signal_connect_data (ask, "response", G_CALLBACK (mark_response), data,
                             (GClosureNotify) NULL, 0);
      sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (ask));
  gtk_window_present (GTK_WINDOW (ask));
      return;
    }

  toast_text (self, error->message);
}

static void
mark_response (AdwMessageDialog *dialog,
               const char       *response,
               gpointer          user_data)
{
  MarkData *data = user_data;

  if (g_strcmp0 (response, "outside") == 0)
    mark_session (data->view, data->session_id, "held", TRUE);
  g_object_unref (data->view);
  g_free (data);
}

static void
mark_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SessioPatientView *self = SESSIO_PATIENT_VIEW (widget);
  const char *status;
  gint64 id;

  g_variant_get (param, "(x&s)", &id, &status);
  mark_session (self, id, status, FALSE);
}

static void
log_session_saved (SessioPatientView *self,
                   gint64             id)
{
  /* The new row in the history is the confirmation. */
  sessio_patient_view_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
log_session_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  SessioPatientView *self = SESSIO_PATIENT_VIEW (widget);
  SessioSessionDialog *dialog;
  GtkRoot *root = gtk_widget_get_root (widget);

  dialog = sessio_session_dialog_new (self->store, g_variant_get_int64 (param));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (log_session_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
trajectory_added (SessioPatientView *self,
                  gint64             id)
{
  sessio_patient_view_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
add_trajectory_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  SessioPatientView *self = SESSIO_PATIENT_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  SessioTrajectoryDialog *dialog;

  dialog = sessio_trajectory_dialog_new (self->store, self->patient_id);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  g_signal_connect_object (dialog, "added", G_CALLBACK (trajectory_added), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------- delete with undo */

typedef struct
{
  SessioPatientView  *view;
  SessioPatientStore *store;
  SessioSession       copy;
} UndoData;

static void
undo_data_free (gpointer data)
{
  UndoData *undo = data;

  g_clear_object (&undo->view);
  g_clear_object (&undo->store);
  sessio_session_clear (&undo->copy);
  g_free (undo);
}

/* Undo adds the kept copy again: it comes back with every field (notes,
 * status, co-payment, outside-the-convention choice) and a new id. */
static void
undo_delete (AdwToast *t,
             UndoData *undo)
{
  g_autoptr(GError) error = NULL;

  undo->copy.id = 0;
  if (sessio_patient_store_add_session (undo->store, &undo->copy, &error) <= 0)
    {
      toast_text (undo->view, error->message);
      return;
    }
  if (undo->view->store == undo->store)
    {
      sessio_patient_view_reload (undo->view);
      g_signal_emit (undo->view, signals[CHANGED], 0);
    }
}

static void
delete_session_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  SessioPatientView *self = SESSIO_PATIENT_VIEW (widget);
  gint64 id = g_variant_get_int64 (param);
  g_autoptr(GError) error = NULL;
  UndoData *undo = g_new0 (UndoData, 1);
  AdwToast *t;

  if (!sessio_patient_store_get_session (self->store, id, &undo->copy, &error) ||
      !sessio_patient_store_delete_session (self->store, id, &error))
    {
      undo_data_free (undo);
      toast_text (self, error->message);
      return;
    }

  sessio_patient_view_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);

  undo->view = g_object_ref (self);
  undo->store = g_object_ref (self->store);
  t = adw_toast_new (_("Session deleted"));
  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (t, "button-clicked", G_CALLBACK (undo_delete), undo,
                         (GClosureNotify) (void (*) (void)) undo_data_free, 0);
  toast (self, t);
}

/* ------------------------------------------------------- patient menu */

static GtkWindow *
parent_window (SessioPatientView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
patient_edited (SessioPatientView *self,
                gint64             id)
{
  sessio_patient_view_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
  toast_text (self, _("Patient file corrected"));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SessioPatientView *self = SESSIO_PATIENT_VIEW (widget);
  g_autoptr(GError) error = NULL;
  SessioPatientDialog *dialog;

  dialog = sessio_patient_dialog_new_edit (self->store, self->patient_id, &error);
  if (dialog == NULL)
    {
      toast_text (self, error->message);
      return;
    }
  gtk_window_set_transient_for (GTK_WINDOW (dialog), parent_window (self));
  g_signal_connect_object (dialog, "added", G_CALLBACK (patient_edited), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
audit_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SessioPatientView *self = SESSIO_PATIENT_VIEW (widget);
  g_autoptr(GError) error = NULL;
  SessioAuditDialog *dialog;

  dialog = sessio_audit_dialog_new (self->store, self->patient_id, &error);
  if (dialog == NULL)
    {
      toast_text (self, error->message);
      return;
    }
  gtk_window_set_transient_for (GTK_WINDOW (dialog), parent_window (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
receipt_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  SessioPatientView *self = SESSIO_PATIENT_VIEW (widget);
  SessioReceiptDialog *dialog;

  dialog = sessio_receipt_dialog_new (self->store, self->patient_id);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), parent_window (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
task_logged (SessioPatientView *self,
             gint64             id)
{
  toast_text (self, _("Task logged"));
}

static void
log_task_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SessioPatientView *self = SESSIO_PATIENT_VIEW (widget);
  SessioTaskDialog *dialog;

  dialog = sessio_task_dialog_new (self->store, self->patient_id);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), parent_window (self));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (task_logged), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A name usable as a file name: what the user will look for in the
 * folder they chose.  Path separators and control characters go. */
static char *
file_stem (const char *name)
{
  GString *stem = g_string_new (NULL);

  for (const char *p = name; p != NULL && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || c == ':' || g_unichar_iscntrl (c))
        g_string_append_c (stem, '_');
      else
        g_string_append_unichar (stem, c);
    }
  if (stem->len == 0)
    g_string_append (stem, "patient");
  return g_string_free (stem, FALSE);
}

static void
export_response (GtkNativeDialog *dialog,
                 int              response,
                 gpointer         user_data)
{
  SessioPatientView *self = user_data;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(SessioPatient) patient = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *json = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);

  if (folder == NULL || self->store == NULL || (dir = g_file_get_path (folder)) == NULL)
    goto out;

  patient = sessio_patient_store_get_patient (self->store, self->patient_id, &error);
  if (patient == NULL)
    {
      toast_text (self, error->message);
      goto out;
    }

  /* Never overwrite: an earlier export in the same folder stays. */
  stem = file_stem (patient->name);
  for (guint n = 1; n < 100; n++)
    {
      g_autofree char *base = n == 1 ? g_strdup (stem) : g_strdup_printf ("%s (%u)", stem, n);
      g_autofree char *pdf_name = g_strconcat (base, ".pdf", NULL);
      g_autofree char *json_name = g_strconcat (base, ".json", NULL);

      g_free (pdf);
      g_free (json);
      pdf = g_build_filename (dir, pdf_name, NULL);
      json = g_build_filename (dir, json_name, NULL);
      if (!g_file_test (pdf, G_FILE_TEST_EXISTS) && !g_file_test (json, G_FILE_TEST_EXISTS))
        break;
    }

  if (!sessio_patient_export_write (self->store, self->patient_id, json, pdf, &error))
    toast_text (self, error->message);
  else
    toast_text (self, _("Patient file exported as PDF and JSON"));

out:
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SessioPatientView *self = SESSIO_PATIENT_VIEW (widget);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Export the Patient File To"), parent_window (self),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
erase_response (AdwMessageDialog  *dialog,
                const char        *response,
                SessioPatientView *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "erase") != 0 || self->store == NULL)
    return;

  if (!sessio_patient_store_erase_patient (self->store, self->patient_id, &error))
    {
      toast_text (self, error->message);
      return;
    }
  sessio_patient_view_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
  toast_text (self, _("Clinical data erased"));
}

/* Erasure cannot be undone, so it asks first and says what stays. */
static void
erase_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SessioPatientView *self = SESSIO_PATIENT_VIEW (widget);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *ask;

  /* Within the legal retention period the core refuses: say why (and
   * from when) instead of asking for an erasure that will not happen. */
  if (self->store != NULL && !sessio_patient_store_check_erasable (self->store, self->patient_id, &error))
    {
      toast_text (self, error->message);
      return;
    }

  ask = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self),
                                                    _("Erase the Clinical Data?"),
                                                    _("Notes, problems, contact details, guardians and every session that is not on an issued invoice are removed for good. What issued invoices legally need stays: the name, birth date, INSZ number, health insurer and the invoiced sessions.")));
  adw_message_dialog_add_responses (ask,
                                    "cancel", _("_Cancel"),
                                    "erase", _("_Erase"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ask, "erase", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ask, "cancel");
  adw_message_dialog_set_close_response (ask, "cancel");
  g_signal_connect_object (ask, "response", G_CALLBACK (erase_response), self, 0);
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (ask));
  gtk_window_present (GTK_WINDOW (ask));
}

static GtkWidget *
patient_menu_button (void)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) rights = g_menu_new ();
  g_autoptr(GMenu) danger = g_menu_new ();
  GtkWidget *button = gtk_menu_button_new ();

  g_menu_append (menu, _("_Correct Patient File…"), "patient.edit");
  g_menu_append (menu, _("Log Other _Task…"), "patient.log-task");
  g_menu_append (menu, _("Payment _Receipt…"), "patient.receipt");
  g_menu_append (rights, _("E_xport Patient File…"), "patient.export");
  g_menu_append (rights, _("_Audit Log"), "patient.audit");
  g_menu_append (danger, _("E_rase Clinical Data…"), "patient.erase");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (rights));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (danger));

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Patient Menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Patient menu"),
                                  -1);
  return button;
}

/* Whether the session's day (@starts_at, "YYYY-MM-DD…") has come by
 * @today: the store refuses marking a session of a later day held or
 * missed. */
static gboolean
day_has_come (const char *starts_at,
              const char *today)
{
  return starts_at != NULL && strncmp (starts_at, today, 10) <= 0;
}

/* A session as a row: when, what, what it cost; planned sessions get
 * their two one-click buttons. */
static GtkWidget *
create_session_row (gpointer item,
                    gpointer user_data)
{
  SessioSessionItem *session = item;
  const SessioEvalResult *result = sessio_session_item_get_result (session);
  const char *status = sessio_session_item_get_status (session);
  g_autofree char *title = NULL;
  GtkWidget *row = adw_action_row_new ();
  SessioStatus st = SESSIO_STATUS_HELD;

  sessio_status_from_string (status, &st);
  title = g_strdup_printf ("%s — %s", sessio_session_item_get_when_text (session),
                           sessio_session_item_get_care_label (session));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sessio_session_item_get_explanation (session));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  /* Click or Enter reopens the session in its editor (sessio-window.c). */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-session");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", sessio_session_item_get_id (session));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  /* Buttons only where they can work: from the session's day on. */
  if (st == SESSIO_STATUS_PLANNED && day_has_come (sessio_session_item_get_starts_at (session), user_data))
    {
      GtkWidget *held = gtk_button_new_with_label (_("Held"));
      GtkWidget *no_show = gtk_button_new_with_label (_("No-Show"));

      gtk_widget_set_valign (held, GTK_ALIGN_CENTER);
      gtk_widget_set_valign (no_show, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (held), "patient.mark");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (held), "(xs)",
                                        sessio_session_item_get_id (session), "held");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (no_show), "patient.mark");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (no_show), "(xs)",
                                        sessio_session_item_get_id (session), "no-show");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), held);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), no_show);
    }
  else
    {
      /* Capitalised, as the agenda shows it. */
      g_autofree char *status_text = sessio_label_capitalise (sessio_status_get_label (st));
      GtkWidget *label = gtk_label_new (status_text);

      if (st == SESSIO_STATUS_PLANNED)
        gtk_widget_add_css_class (label, "accent");

      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  /* A group session belongs to all its participants: it is deleted from
   * the group, not from one patient's page. */
  if (g_strcmp0 (sessio_session_item_get_setting (session), "group") != 0)
    {
      GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *name = NULL;

      gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (delete, "flat");
      gtk_widget_set_tooltip_text (delete, _("Delete Session"));
      /* Translators: the accessible name of a session's delete button; %s is its date and time */
      name = g_strdup_printf (_("Delete the session of %s"), sessio_session_item_get_when_text (session));
      gtk_accessible_update_property (GTK_ACCESSIBLE (delete),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (delete), "patient.delete-session");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (delete), "x", sessio_session_item_get_id (session));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);
    }

  /* Flag what will not be reimbursed, so that it is seen in the list. */
  if (result != NULL && (result->errors != 0 || (result->warnings & SESSIO_EVAL_WARNING_LIMIT_REACHED)))
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Not reimbursed"),
                                      -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }

  return row;
}

/* Measuring a session row is most of what showing a patient costs (its
 * texts wrap, and are laid out again for every width tried): with a
 * hundred sessions that is several tenths of a second before anything
 * shows.  So the list starts with the rows that fill a screen and grows by
 * as many each frame after, before the user can scroll to them. */
#define ROWS_PER_FRAME 12

static gboolean
grow_rows (GtkWidget     *list,
           GdkFrameClock *clock,
           gpointer       user_data)
{
  GtkSliceListModel *shown = user_data;
  GListModel *all = gtk_slice_list_model_get_model (shown);
  guint size = gtk_slice_list_model_get_size (shown) + ROWS_PER_FRAME;

  gtk_slice_list_model_set_size (shown, size);
  return size < g_list_model_get_n_items (all) ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static GtkWidget *
trajectory_group (SessioPatientView *self,
                  SessioTrajectory  *trajectory)
{
  GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading, *log_button;
  GtkWidget *list;
  g_autoptr(GListModel) sessions = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) meters = NULL;
  g_autofree char *title = NULL;
  g_autofree char *since = NULL;
  SessioEngagement engagement = { 0 };
  GDate start;

  if (sessio_date_parse_iso (trajectory->start_date, &start))
    since = sessio_format_date (&start);
  if (sessio_patient_store_get_engagement (self->store, trajectory->engagement_id, &engagement, NULL))
    /* Translators: a trajectory: "<network name>, since <date>" */
    title = g_strdup_printf (_("%s, since %s"), engagement.network_name, since ? since : "");
  else
    title = g_strdup_printf (_("Trajectory since %s"), since ? since : "");
  sessio_engagement_clear (&engagement);

  /* A heading of its own rather than the group's title, which GTK cuts
   * with an ellipsis: the network's name is what tells trajectories apart. */
  heading = gtk_label_new (title);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (texts), heading);

  meters = sessio_patient_store_meter_lines (self->store, trajectory->id, NULL, &error);
  if (meters != NULL && meters[0] != NULL)
    {
      g_autofree char *text = g_strjoinv ("\n", meters);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (texts), label);
    }
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (header), texts);

  /* The next step, as a button that looks like one. */
  log_button = gtk_button_new_with_mnemonic (_("_Log Session"));
  gtk_widget_set_valign (log_button, GTK_ALIGN_START);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (log_button), "patient.log-session");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (log_button), "x", trajectory->id);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (log_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_box_append (GTK_BOX (header), log_button);
  gtk_box_append (GTK_BOX (section), header);
  gtk_box_append (GTK_BOX (section), group);

  sessions = sessio_patient_store_list_trajectory_sessions (self->store, trajectory->id, &error);
  if (sessions != NULL && g_list_model_get_n_items (sessions) > 0)
    {
      GtkSliceListModel *shown = gtk_slice_list_model_new (g_object_ref (sessions), 0, ROWS_PER_FRAME);
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      list = gtk_list_box_new ();
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      /* Today, read once for all the rows: "YYYY-MM-DD". */
      gtk_list_box_bind_model (GTK_LIST_BOX (list), G_LIST_MODEL (shown), create_session_row,
                               g_date_time_format (now, "%Y-%m-%d"), g_free);
      if (g_list_model_get_n_items (sessions) > ROWS_PER_FRAME)
        gtk_widget_add_tick_callback (list, grow_rows, shown, g_object_unref);
      else
        g_object_unref (shown);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
    }
  else
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No sessions yet"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  return section;
}

/* A sentence the page wants read, with an icon. */
static GtkWidget *
notice (const char *text,
        const char *icon_name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (icon, "warning");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

/* Under 18 today and no guardian recorded: the file lacks who consents
 * for the minor and who receives the documents. */
static gboolean
minor_without_guardian (const SessioPatient *patient)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate birth, today;

  if (patient->guardians != NULL && patient->guardians->len > 0)
    return FALSE;
  if (!sessio_date_parse_iso (patient->birth_date, &birth))
    return FALSE;
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  g_date_add_years (&birth, 18);
  return g_date_compare (&today, &birth) < 0;
}

/* What the page of a patient without a trajectory says: why one is
 * needed, and the button to add it. */
static GtkWidget *
no_trajectory (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *title = gtk_label_new (_("No Trajectory Yet"));
  GtkWidget *body = gtk_label_new (_("Sessions are logged in a trajectory: one per network, from the first contact to the closing. Add one to log this patient’s first session."));
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Add _Trajectory"));

  gtk_widget_add_css_class (title, "title-3");
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_justify (GTK_LABEL (body), GTK_JUSTIFY_CENTER);
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "patient.add-trajectory");
  gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), body);
  gtk_box_append (GTK_BOX (box), button);
  return box;
}

void
sessio_patient_view_reload (SessioPatientView *self)
{
  g_autoptr(SessioPatient) patient = NULL;
  g_autoptr(GPtrArray) trajectories = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *title, *add_button, *header;

  g_return_if_fail (SESSIO_IS_PATIENT_VIEW (self));

  clear_box (self);
  if (self->store == NULL || self->patient_id <= 0)
    return;

  patient = sessio_patient_store_get_patient (self->store, self->patient_id, &error);
  if (patient == NULL)
    {
      GtkWidget *label = gtk_label_new (error != NULL ? error->message : NULL);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (self->box, label);
      return;
    }

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  title = gtk_label_new (patient->name);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "title-1");
  gtk_box_append (GTK_BOX (header), title);

  trajectories = sessio_patient_store_list_trajectories (self->store, self->patient_id, &error);

  add_button = gtk_button_new_with_mnemonic (_("Add _Trajectory"));
  gtk_widget_set_valign (add_button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add_button), "patient.add-trajectory");
  gtk_accessible_reset_property (GTK_ACCESSIBLE (add_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  /* Without a trajectory the page itself offers it, with why. */
  gtk_widget_set_visible (add_button, trajectories != NULL && trajectories->len > 0);
  gtk_box_append (GTK_BOX (header), add_button);
  gtk_box_append (GTK_BOX (header), patient_menu_button ());
  gtk_box_append (self->box, header);

  if (!patient->erased && minor_without_guardian (patient))
    gtk_box_append (self->box, notice (_("A minor without a parent or guardian in the file: add them with Correct Patient File… in the patient menu."),
                                       "dialog-warning-symbolic"));

  if (patient->erased)
    {
      GtkWidget *erased = gtk_label_new (_("The clinical data of this patient were erased; what issued invoices need is kept."));

      gtk_label_set_wrap (GTK_LABEL (erased), TRUE);
      gtk_label_set_xalign (GTK_LABEL (erased), 0);
      gtk_widget_add_css_class (erased, "dim-label");
      gtk_box_append (self->box, erased);
    }

  /* Newest first: that is the one the work is about. */
  for (guint i = trajectories != NULL ? trajectories->len : 0; i > 0; i--)
    gtk_box_append (self->box, trajectory_group (self, g_ptr_array_index (trajectories, i - 1)));
  if (!patient->erased && (trajectories == NULL || trajectories->len == 0))
    gtk_box_append (self->box, no_trajectory ());

  gtk_box_append (self->box, identity_group (patient));
}

/**
 * sessio_patient_view_show:
 *
 * Shows a patient; reading them is audited by the store.
 */
void
sessio_patient_view_show (SessioPatientView  *self,
                          SessioPatientStore *store,
                          gint64              patient_id)
{
  g_return_if_fail (SESSIO_IS_PATIENT_VIEW (self));

  g_set_object (&self->store, store);
  self->patient_id = patient_id;
  sessio_patient_view_reload (self);
}

/**
 * sessio_patient_view_clear:
 *
 * Drops the patient and every widget showing them.
 */
void
sessio_patient_view_clear (SessioPatientView *self)
{
  g_return_if_fail (SESSIO_IS_PATIENT_VIEW (self));

  self->patient_id = 0;
  g_clear_object (&self->store);
  clear_box (self);
}

static void
sessio_patient_view_dispose (GObject *object)
{
  SessioPatientView *self = SESSIO_PATIENT_VIEW (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (sessio_patient_view_parent_class)->dispose (object);
}

static void
sessio_patient_view_class_init (SessioPatientViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_patient_view_dispose;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "patient.log-session", "x", log_session_action);
  gtk_widget_class_install_action (widget_class, "patient.add-trajectory", NULL, add_trajectory_action);
  gtk_widget_class_install_action (widget_class, "patient.mark", "(xs)", mark_action);
  gtk_widget_class_install_action (widget_class, "patient.delete-session", "x", delete_session_action);
  gtk_widget_class_install_action (widget_class, "patient.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "patient.audit", NULL, audit_action);
  gtk_widget_class_install_action (widget_class, "patient.log-task", NULL, log_task_action);
  gtk_widget_class_install_action (widget_class, "patient.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "patient.erase", NULL, erase_action);
  gtk_widget_class_install_action (widget_class, "patient.receipt", NULL, receipt_action);
}

static void
sessio_patient_view_init (SessioPatientView *self)
{
  GtkWidget *clamp = adw_clamp_new ();

  self->box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 24));
  gtk_widget_set_margin_top (GTK_WIDGET (self->box), 24);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->box), 24);
  gtk_widget_set_margin_start (GTK_WIDGET (self->box), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->box), 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->box));

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), clamp);
  gtk_widget_set_vexpand (self->scroller, TRUE);
  adw_bin_set_child (ADW_BIN (self), self->scroller);
}
