/* sessio-patient-view.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One patient's file, to be read: their trajectories with the meters
 * ("Support: 6 of 8 in the last 12 months — next reimbursed session
 * possible on 3 March"), then the whole file as one timeline, newest
 * first: every session with what it cost and its note (the start of it,
 * expandable to the whole), each trajectory's start, functional
 * assessment and end, the corrections, the file closed and reopened; then
 * who the patient is.  A search above keeps the entries whose note holds
 * the words typed.  Planned sessions are marked held or no-show in one
 * click; a deleted session can be brought back from the toast.  The
 * patient's menu holds what is done less often: rectify the file, export
 * it, read its audit log, log another task, close the file, erase the
 * clinical data (offered only when the law allows it).
 *
 * The page below the header is one GtkListView over the start of the
 * file, grown as the user scrolls: a long file opens as fast as a short
 * one.
 *
 * The view holds patient data only while it shows a patient: clear()
 * drops every row, which the page does when the vault locks.
 *
 * Signal: ::changed, after anything of the patient changed (the list
 * shows a summary of it).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sessio-a11y.h"
#include "sessio-audit-dialog.h"
#include "sessio-clock.h"
#include "sessio-format.h"
#include "sessio-ident.h"
#include "sessio-labels.h"
#include "sessio-patient-dialog.h"
#include "sessio-patient-export.h"
#include "sessio-worker.h"
#include "sessio-patient-list.h"
#include "sessio-receipt-dialog.h"
#include "sessio-patient-view.h"
#include "sessio-session-dialog.h"
#include "sessio-session-list.h"
#include "sessio-task-dialog.h"
#include "sessio-timeline.h"
#include "sessio-trajectory-dialog.h"
#include "sessio-trajectory-edit-dialog.h"

struct _SessioPatientView
{
  AdwBin               parent_instance;

  SessioPatientStore  *store;
  gint64               patient_id;
  SessioPatient       *patient;      /* while shown: the identity rows read it */
  char                *today;        /* "YYYY-MM-DD", read at each reload */
  char                *query;        /* folded */

  GtkWidget           *header;
  GtkLabel            *title;
  GtkWidget           *add_button;
  GtkMenuButton       *menu_button;
  GtkSearchEntry      *search;
  GtkWidget           *no_match;
  GtkWidget           *scroller;
  GtkListView         *list;
  GListStore          *rows;         /* of SessioPageRow */
  GtkCustomFilter     *filter;
  GtkFilterListModel  *filtered;
  GtkSliceListModel   *shown;        /* the start of filtered, grown as the user scrolls */
  guint                grow_idle;
  GCancellable        *exporting;    /* while the file is written in a worker */
  gint64               focus_log_for; /* a trajectory just added: its Log Session takes the focus */
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

static GtkWindow *parent_window (SessioPatientView *self);

static void
toast_text (SessioPatientView *self,
            const char        *text)
{
  toast (self, adw_toast_new (text));
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

/* A trajectory just added: the next step is its first session. */
static void
trajectory_created (SessioPatientView *self,
                    gint64             id)
{
  self->focus_log_for = id;
  trajectory_added (self, id);
}

/* After the frame that shows the button: grabbing the focus while the
 * list view is laying out its rows upsets it (GTK 4.8). */
static gboolean
focus_later (gpointer data)
{
  GWeakRef *ref = data;
  g_autoptr(GtkWidget) button = g_weak_ref_get (ref);

  if (button != NULL && gtk_widget_get_mapped (button))
    gtk_widget_grab_focus (button);
  return G_SOURCE_REMOVE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
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
  g_signal_connect_object (dialog, "added", G_CALLBACK (trajectory_created), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_trajectory_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  SessioPatientView *self = SESSIO_PATIENT_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GError) error = NULL;
  SessioTrajectoryEditDialog *dialog;

  dialog = sessio_trajectory_edit_dialog_new (self->store, g_variant_get_int64 (param), &error);
  if (dialog == NULL)
    {
      toast_text (self, error->message);
      return;
    }
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (trajectory_added), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------ closing the file */

typedef struct
{
  SessioPatientView  *view;
  SessioPatientStore *store;
  gint64              patient_id;
} ReopenData;

static void
reopen_data_free (gpointer data)
{
  ReopenData *reopen = data;

  g_clear_object (&reopen->view);
  g_clear_object (&reopen->store);
  g_free (reopen);
}

static void
file_state_changed (SessioPatientView *self)
{
  sessio_patient_view_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Undo: the file comes back, and the record says why. */
static void
undo_close (AdwToast   *t,
            ReopenData *reopen)
{
  g_autoptr(GError) error = NULL;

  if (!sessio_patient_store_reopen_patient (reopen->store, reopen->patient_id, _("closed by mistake"), &error))
    {
      toast_text (reopen->view, error->message);
      return;
    }
  if (reopen->view->store == reopen->store)
    file_state_changed (reopen->view);
}

static void
close_response (AdwMessageDialog  *dialog,
                const char        *response,
                SessioPatientView *self)
{
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  g_autoptr(GError) error = NULL;
  ReopenData *reopen;
  gboolean close = g_strcmp0 (response, "close") == 0;
  AdwToast *t;

  if ((!close && g_strcmp0 (response, "reopen") != 0) || self->store == NULL)
    return;

  if (close ? !sessio_patient_store_close_patient (self->store, self->patient_id, gtk_editable_get_text (reason), &error)
            : !sessio_patient_store_reopen_patient (self->store, self->patient_id, gtk_editable_get_text (reason), &error))
    {
      toast_text (self, error->message);
      return;
    }
  file_state_changed (self);
  if (!close)
    {
      toast_text (self, _("File reopened"));
      return;
    }

  reopen = g_new0 (ReopenData, 1);
  reopen->view = g_object_ref (self);
  reopen->store = g_object_ref (self->store);
  reopen->patient_id = self->patient_id;
  t = adw_toast_new (_("File closed"));
  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (t, "button-clicked", G_CALLBACK (undo_close), reopen,
                         (GClosureNotify) (void (*) (void)) reopen_data_free, 0);
  toast (self, t);
}

static void
reason_changed (GtkEditable      *entry,
                AdwMessageDialog *dialog)
{
  const char *response = g_object_get_data (G_OBJECT (dialog), "response");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, response, *text != '\0');
}

/* Closing and reopening both ask why: the reason is kept with the file. */
static void
ask_close_or_reopen (SessioPatientView *self,
                     gboolean           close)
{
  AdwMessageDialog *ask;
  GtkWidget *entry = gtk_entry_new ();
  const char *response = close ? "close" : "reopen";

  ask = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self),
                                                    close ? _("Close the File?") : _("Reopen the File?"),
                                                    close ? _("A closed file is kept as the law requires, but no longer listed, searched or planned, and cannot be changed. It can still be read, exported and reopened.")
                                                          : _("The file is listed again and can be changed.")));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"),
                                  -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ask, entry);
  adw_message_dialog_add_responses (ask,
                                    "cancel", _("_Cancel"),
                                    response, close ? _("C_lose File") : _("Re_open File"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ask, response, close ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ask, response, FALSE);
  adw_message_dialog_set_default_response (ask, response);
  adw_message_dialog_set_close_response (ask, "cancel");
  g_object_set_data (G_OBJECT (ask), "reason", entry);
  g_object_set_data (G_OBJECT (ask), "response", (gpointer) response);
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed), ask);
  g_signal_connect_object (ask, "response", G_CALLBACK (close_response), self, 0);
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (ask));
  gtk_window_present (GTK_WINDOW (ask));
  gtk_widget_grab_focus (entry);
}

static void
close_file_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  ask_close_or_reopen (SESSIO_PATIENT_VIEW (widget), TRUE);
}

static void
reopen_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  ask_close_or_reopen (SESSIO_PATIENT_VIEW (widget), FALSE);
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

/* The document is read (and the export audited) on the main thread,
 * where the vault lives; rendering the PDF of a long file and writing it
 * take the time, and run in a worker (docs/HACKING.md). */
typedef struct
{
  JsonNode *root;
  char     *json;
  char     *pdf;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_clear_pointer (&job->root, json_node_unref);
  g_free (job->json);
  g_free (job->pdf);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ExportJob *job = data;
  GError *error = NULL;

  if (!sessio_patient_export_write_document (job->root, job->json, job->pdf, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* Cancelled meanwhile (the vault locked): nothing is left behind. */
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_unlink (job->json);
      g_unlink (job->pdf);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SessioPatientView *self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->exporting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "patient.export", TRUE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->store != NULL)
        toast_text (self, error->message);
    }
  else if (self->store != NULL)
    toast_text (self, _("Patient file exported as PDF and JSON"));
  g_object_unref (self);
}

/**
 * sessio_patient_view_export_to:
 * @dir: an existing folder
 *
 * Exports the patient shown into @dir as PDF and JSON, named after the
 * patient and never over an earlier export.  The files are written in a
 * worker; a toast says when they are there.
 */
void
sessio_patient_view_export_to (SessioPatientView *self,
                               const char        *dir)
{
  g_autoptr(SessioPatient) patient = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *stem = NULL;
  ExportJob *job;

  g_return_if_fail (SESSIO_IS_PATIENT_VIEW (self));
  g_return_if_fail (dir != NULL);

  if (self->store == NULL || self->exporting != NULL)
    return;
  patient = sessio_patient_store_get_patient (self->store, self->patient_id, &error);
  if (patient == NULL)
    {
      toast_text (self, error->message);
      return;
    }

  job = g_new0 (ExportJob, 1);
  /* Never overwrite: an earlier export in the same folder stays. */
  stem = file_stem (patient->name);
  for (guint n = 1; n < 100; n++)
    {
      g_autofree char *base = n == 1 ? g_strdup (stem) : g_strdup_printf ("%s (%u)", stem, n);
      g_autofree char *pdf_name = g_strconcat (base, ".pdf", NULL);
      g_autofree char *json_name = g_strconcat (base, ".json", NULL);

      g_free (job->pdf);
      g_free (job->json);
      job->pdf = g_build_filename (dir, pdf_name, NULL);
      job->json = g_build_filename (dir, json_name, NULL);
      if (!g_file_test (job->pdf, G_FILE_TEST_EXISTS) && !g_file_test (job->json, G_FILE_TEST_EXISTS))
        break;
    }

  job->root = sessio_patient_export_json (self->store, self->patient_id, &error);
  if (job->root == NULL)
    {
      export_job_free (job);
      toast_text (self, error->message);
      return;
    }

  self->exporting = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "patient.export", FALSE);
  toast_text (self, _("Exporting the patient file…"));
  /* No source object: the task may be dropped in the worker thread, and
   * a widget must not be finalized there (docs/HACKING.md). */
  task = g_task_new (NULL, self->exporting, export_done, g_object_ref (self));
  g_task_set_task_data (task, job, export_job_free);
  sessio_worker_run (task, export_thread);
}

static void
export_response (GtkNativeDialog *dialog,
                 int              response,
                 gpointer         user_data)
{
  SessioPatientView *self = user_data;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *dir = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);

  if (folder != NULL && (dir = g_file_get_path (folder)) != NULL)
    sessio_patient_view_export_to (self, dir);
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

/* Whether the session's day (@starts_at, "YYYY-MM-DD…") has come by
 * @today: the store refuses marking a session of a later day held or
 * missed. */
static gboolean
day_has_come (const char *starts_at,
              const char *today)
{
  return starts_at != NULL && strncmp (starts_at, today, 10) <= 0;
}

/* ------------------------------------------------------ the timeline */

/* What one row of the page's list shows.  The whole page below the
 * header is one GtkListView, so that only the rows on screen are made:
 * a file of three hundred sessions opens as fast as one of a hundred. */
typedef enum {
  ROW_NOTICE,          /* a sentence with a warning icon */
  ROW_TEXT,            /* a dim sentence */
  ROW_NO_TRAJECTORY,
  ROW_TRAJECTORY,      /* a trajectory's meters and buttons */
  ROW_HEADING,
  ROW_ENTRY,           /* one entry of the timeline */
  ROW_IDENTITY,
} RowKind;

#define SESSIO_TYPE_PAGE_ROW (sessio_page_row_get_type ())
G_DECLARE_FINAL_TYPE (SessioPageRow, sessio_page_row, SESSIO, PAGE_ROW, GObject)

struct _SessioPageRow
{
  GObject               parent_instance;

  RowKind               kind;
  char                 *text;
  SessioTimelineEntry  *entry;
  SessioTrajectory     *trajectory;
  char                 *folded;       /* the entry's text, for the search; made on first use */
  gboolean              expanded;
};

G_DEFINE_FINAL_TYPE (SessioPageRow, sessio_page_row, G_TYPE_OBJECT)

static void
sessio_page_row_finalize (GObject *object)
{
  SessioPageRow *self = SESSIO_PAGE_ROW (object);

  g_free (self->text);
  g_clear_object (&self->entry);
  g_clear_pointer (&self->trajectory, sessio_trajectory_free);
  g_free (self->folded);
  G_OBJECT_CLASS (sessio_page_row_parent_class)->finalize (object);
}

static void
sessio_page_row_class_init (SessioPageRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sessio_page_row_finalize;
}

static void
sessio_page_row_init (SessioPageRow *self)
{
}

static SessioPageRow *
page_row_new (RowKind     kind,
              const char *text)
{
  SessioPageRow *row = g_object_new (SESSIO_TYPE_PAGE_ROW, NULL);

  row->kind = kind;
  row->text = g_strdup (text);
  return row;
}

/* A note longer than this, or of more lines, is shown by its start with
 * a button for the rest. */
#define NOTE_SHORT_CHARS 240
#define NOTE_SHORT_LINES 3

static gboolean
text_is_long (const char *text)
{
  guint lines = 1;

  if (g_utf8_strlen (text, -1) > NOTE_SHORT_CHARS)
    return TRUE;
  for (const char *p = text; *p; p++)
    if (*p == '\n')
      lines++;
  return lines > NOTE_SHORT_LINES;
}

static void
show_text (GtkLabel *label,
           gboolean  expanded)
{
  /* Collapsed: the first lines, cut at a word with an ellipsis. */
  gtk_label_set_ellipsize (label, expanded ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END);
  gtk_label_set_lines (label, expanded ? -1 : NOTE_SHORT_LINES);
}

static void
expand_toggled (GtkToggleButton *button,
                GtkLabel        *label)
{
  SessioPageRow *row = g_object_get_data (G_OBJECT (button), "page-row");
  gboolean expanded = gtk_toggle_button_get_active (button);

  row->expanded = expanded;
  show_text (label, expanded);
  gtk_button_set_label (GTK_BUTTON (button), expanded ? _("Show _Less") : _("Show _Whole Text"));
}

/* A note or summary: wrapped at a readable measure, selectable, and
 * when long its start with a button that shows the whole. */
static void
append_text (GtkBox        *box,
             SessioPageRow *row,
             const char    *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* A readable measure: at most about 80 characters a line, the label
   * at its natural width rather than stretched to the card's. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 80);
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "timeline-text");
  gtk_box_append (box, label);

  if (text_is_long (text))
    {
      GtkWidget *more = gtk_toggle_button_new_with_mnemonic (_("Show _Whole Text"));

      g_object_set_data (G_OBJECT (more), "page-row", row);
      gtk_widget_set_halign (more, GTK_ALIGN_START);
      gtk_widget_add_css_class (more, "flat");
      gtk_widget_add_css_class (more, "timeline-expander");
      g_signal_connect (more, "toggled", G_CALLBACK (expand_toggled), label);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (more), row->expanded);
      show_text (GTK_LABEL (label), row->expanded);
      gtk_box_append (box, more);
    }
}

/* "3 March 2025", with the time for a correction or a closing (UTC
 * stamps, shown in local time). */
static char *
when_text (const char *when)
{
  GDate date;

  if (when == NULL)
    return g_strdup ("");
  if (strlen (when) > 16)
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (when, NULL);
      g_autoptr(GDateTime) local = at != NULL ? g_date_time_to_local (at) : NULL;

      if (local != NULL)
        return sessio_format_date_time (local);
    }
  if (sessio_date_parse_iso (when, &date))
    return sessio_format_date (&date);
  return g_strdup (when);
}

static GtkWidget *
label_new (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A session card's controls, at its top right: Held and No-Show for a
 * planned session from its day on (its status otherwise), Open, and
 * Delete for an individual session of a file that can be changed. */
static void
add_session_controls (GtkBox            *top_box,
                      SessioSessionItem *session,
                      SessioStatus       st,
                      const char        *today,
                      gboolean           read_only)
{
  GtkWidget *top = GTK_WIDGET (top_box);

  /* Buttons only where they can work: from the session's day on. */
  if (!read_only && st == SESSIO_STATUS_PLANNED &&
      day_has_come (sessio_session_item_get_starts_at (session), today))
    {
      GtkWidget *held = gtk_button_new_with_label (_("Held"));
      GtkWidget *no_show = gtk_button_new_with_label (_("No-Show"));

      gtk_widget_set_valign (held, GTK_ALIGN_START);
      gtk_widget_set_valign (no_show, GTK_ALIGN_START);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (held), "patient.mark");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (held), "(xs)",
                                        sessio_session_item_get_id (session), "held");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (no_show), "patient.mark");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (no_show), "(xs)",
                                        sessio_session_item_get_id (session), "no-show");
      gtk_box_append (GTK_BOX (top), held);
      gtk_box_append (GTK_BOX (top), no_show);
    }
  else
    {
      /* Capitalised, as the agenda shows it. */
      g_autofree char *status_text = sessio_label_capitalise (sessio_status_get_label (st));
      GtkWidget *label = gtk_label_new (status_text);

      if (st == SESSIO_STATUS_PLANNED)
        gtk_widget_add_css_class (label, "accent");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_valign (label, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (top), label);
    }

  /* The card opens its session when activated (click, Enter), but a
   * card does not look like something that opens, and GTK 4.8 gives list
   * rows no action a screen reader can invoke: a visible button says it
   * and does it for everyone. */
  {
    GtkWidget *open = gtk_button_new_from_icon_name (read_only ? "document-open-symbolic"
                                                               : "document-edit-symbolic");
    g_autofree char *name = NULL;

    gtk_widget_set_valign (open, GTK_ALIGN_START);
    gtk_widget_add_css_class (open, "flat");
    gtk_widget_set_tooltip_text (open, _("Open Session"));
    /* Translators: the accessible name of the button that opens a session in the patient's file; %s is its date and time */
    name = g_strdup_printf (_("Open the session of %s"), sessio_session_item_get_when_text (session));
    gtk_accessible_update_property (GTK_ACCESSIBLE (open),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                    -1);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "win.open-session");
    gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "x", sessio_session_item_get_id (session));
    gtk_box_append (GTK_BOX (top), open);
  }

  /* A group session belongs to all its participants: it is deleted from
   * the group, not from one patient's page. */
  if (!read_only && g_strcmp0 (sessio_session_item_get_setting (session), "group") != 0)
    {
      GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *name = NULL;

      gtk_widget_set_valign (delete, GTK_ALIGN_START);
      gtk_widget_add_css_class (delete, "flat");
      gtk_widget_set_tooltip_text (delete, _("Delete Session"));
      /* Translators: the accessible name of a session's delete button; %s is its date and time */
      name = g_strdup_printf (_("Delete the session of %s"), sessio_session_item_get_when_text (session));
      gtk_accessible_update_property (GTK_ACCESSIBLE (delete),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (delete), "patient.delete-session");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (delete), "x", sessio_session_item_get_id (session));
      gtk_box_append (GTK_BOX (top), delete);
    }
}

/* A session: when, what, its status or the two one-click buttons, what
 * it cost, and its note. */
static GtkWidget *
session_widget (SessioPageRow *row,
                const char    *today,
                gboolean       read_only)
{
  SessioSessionItem *session = sessio_timeline_entry_get_session_item (row->entry);
  const char *status = sessio_session_item_get_status (session);
  const char *notes = sessio_timeline_entry_get_text (row->entry);
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *frame;
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *heading;
  g_autofree char *title = NULL;
  SessioStatus st = SESSIO_STATUS_HELD;

  sessio_status_from_string (status, &st);
  if (g_strcmp0 (sessio_session_item_get_setting (session), "group") == 0)
    /* Translators: a group session in the patient's timeline: "<date and time> — <care type>, group session" */
    title = g_strdup_printf (_("%s — %s, group session"), sessio_session_item_get_when_text (session),
                             sessio_session_item_get_care_label (session));
  else
    title = g_strdup_printf ("%s — %s", sessio_session_item_get_when_text (session),
                             sessio_session_item_get_care_label (session));
  heading = label_new (title, "heading");
  gtk_box_append (GTK_BOX (texts), heading);
  gtk_box_append (GTK_BOX (texts), label_new (sessio_session_item_get_explanation (session), "dim-label"));
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (top), texts);

  /* Flag what will not be reimbursed, so that it is seen in the list. */
  {
    const SessioEvalResult *result = sessio_session_item_get_result (session);

    if (result != NULL && (result->errors != 0 || (result->warnings & SESSIO_EVAL_WARNING_LIMIT_REACHED)))
      {
        GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

        gtk_widget_add_css_class (icon, "warning");
        gtk_widget_set_valign (icon, GTK_ALIGN_START);
        gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, _("Not reimbursed"),
                                        -1);
        gtk_box_prepend (GTK_BOX (top), icon);
      }
  }

  add_session_controls (GTK_BOX (top), session, st, today, read_only);

  gtk_box_append (GTK_BOX (card), top);
  if (*notes != '\0')
    append_text (GTK_BOX (card), row, notes);
  /* Margins rather than CSS padding: the card reads the same wherever
   * the style sheet is not loaded (the widget tests). */
  gtk_widget_set_margin_top (card, 12);
  gtk_widget_set_margin_bottom (card, 12);
  gtk_widget_set_margin_start (card, 12);
  gtk_widget_set_margin_end (card, 12);
  frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (frame), card);
  gtk_widget_add_css_class (frame, "card");
  gtk_widget_add_css_class (frame, "timeline-session");
  return frame;
}

/* Any other entry: a trajectory's start, assessment or end, a
 * correction, the file closed or reopened. */
static GtkWidget *
event_widget (SessioPageRow *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  const char *kind = sessio_timeline_entry_get_kind (row->entry);
  const char *text = sessio_timeline_entry_get_text (row->entry);
  const char *detail = sessio_timeline_entry_get_detail (row->entry);
  g_autofree char *when = when_text (sessio_timeline_entry_get_when (row->entry));
  /* Translators: an entry in the patient's timeline: "<date> — <what happened>" */
  g_autofree char *title = g_strdup_printf (_("%s — %s"), when, sessio_timeline_entry_get_title (row->entry));

  gtk_box_append (GTK_BOX (box), label_new (title, "heading"));
  if (*text != '\0')
    append_text (GTK_BOX (box), row, text);
  else if (*detail != '\0' && strcmp (kind, "correction") == 0)
    {
      /* Translators: the fields a correction changed, by their names:
       * "Changed: Location, Co-payment, Note" */
      g_autofree char *fields = g_strdup_printf (_("Changed: %s"), detail);

      gtk_box_append (GTK_BOX (box), label_new (fields, "dim-label"));
    }
  else if (*detail != '\0')
    gtk_box_append (GTK_BOX (box), label_new (detail, "dim-label"));
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_add_css_class (box, "timeline-event");
  return box;
}

/* A closed file (until reopened) or an erased one: shown, not changed. */
static gboolean
read_only (SessioPatientView *self)
{
  return self->patient == NULL || self->patient->closed_at != NULL || self->patient->erased;
}

static GtkWidget *
trajectory_widget (SessioPatientView *self,
                   SessioTrajectory  *trajectory)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading, *log_button, *edit_button;
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

  /* A heading of its own, wrapped: the network's name is what tells
   * trajectories apart, so it is never cut. */
  heading = label_new (title, "heading");
  gtk_box_append (GTK_BOX (texts), heading);
  if (trajectory->end_date != NULL && *trajectory->end_date)
    {
      GDate end;
      g_autofree char *end_text = NULL;
      g_autofree char *line = NULL;

      if (sessio_date_parse_iso (trajectory->end_date, &end))
        end_text = sessio_format_date (&end);
      /* Translators: %s is the date a trajectory ended */
      line = g_strdup_printf (_("Ended on %s"), end_text != NULL ? end_text : trajectory->end_date);
      gtk_box_append (GTK_BOX (texts), label_new (line, "dim-label"));
    }

  meters = sessio_patient_store_meter_lines (self->store, trajectory->id, NULL, &error);
  if (meters != NULL && meters[0] != NULL)
    {
      g_autofree char *text = g_strjoinv ("\n", meters);

      gtk_box_append (GTK_BOX (texts), label_new (text, "dim-label"));
    }
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (header), texts);

  /* The next step, as a button that looks like one. */
  log_button = gtk_button_new_with_mnemonic (_("_Log Session"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (log_button), "patient.log-session");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (log_button), "x", trajectory->id);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (log_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_box_append (GTK_BOX (buttons), log_button);
  if (self->focus_log_for == trajectory->id)
    {
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      self->focus_log_for = 0;
      g_weak_ref_init (ref, log_button);
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, focus_later, ref, weak_ref_free);
    }

  edit_button = gtk_button_new_with_mnemonic (_("_Edit Trajectory…"));
  gtk_widget_add_css_class (edit_button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit_button), "patient.edit-trajectory");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit_button), "x", trajectory->id);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (edit_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_box_append (GTK_BOX (buttons), edit_button);
  gtk_widget_set_valign (buttons, GTK_ALIGN_START);
  /* A closed or erased file is read, not changed. */
  if (!read_only (self))
    gtk_box_append (GTK_BOX (header), buttons);
  else
    g_object_unref (g_object_ref_sink (buttons));
  gtk_widget_add_css_class (header, "timeline-trajectory");
  return header;
}

/* A sentence the page wants read, with an icon. */
static GtkWidget *
notice (const char *text,
        const char *icon_name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (icon, "warning");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label_new (text, NULL));
  return box;
}

/* Under 18 today and no guardian recorded: the file lacks who consents
 * for the minor and who receives the documents. */
static gboolean
minor_without_guardian (const SessioPatient *patient)
{
  g_autoptr(GDateTime) now = sessio_clock_now_local ();
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

/* GTK 4.8's list view keeps up to 200 rows made around what is on
 * screen, and measuring a row (wrapped texts) is most of what showing a
 * patient costs.  So the list holds the start of the file, and grows by
 * as much whenever the user scrolls within a screen of its end: a file of
 * three hundred sessions opens as fast as one of thirty. */
#define ROWS_AT_ONCE 30

static gboolean
grow_shown (gpointer user_data)
{
  SessioPatientView *self = user_data;
  guint size = gtk_slice_list_model_get_size (self->shown);

  self->grow_idle = 0;
  if (size < g_list_model_get_n_items (G_LIST_MODEL (self->filtered)))
    gtk_slice_list_model_set_size (self->shown, size + ROWS_AT_ONCE);
  return G_SOURCE_REMOVE;
}

static void
scrolled (GtkAdjustment     *adjustment,
          SessioPatientView *self)
{
  double left;

  if (self->shown == NULL)   /* disposed */
    return;
  left = gtk_adjustment_get_upper (adjustment) -
         (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment));

  /* Not while the list lays itself out: in an idle. */
  if (left < gtk_adjustment_get_page_size (adjustment) && self->grow_idle == 0 &&
      gtk_slice_list_model_get_size (self->shown) < g_list_model_get_n_items (G_LIST_MODEL (self->filtered)))
    self->grow_idle = g_idle_add (grow_shown, self);
}

static void
setup_page_row (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *clamp = adw_clamp_new ();

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  gtk_list_item_set_child (item, clamp);
}

static void
bind_page_row (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  SessioPatientView *self = user_data;
  SessioPageRow *row = gtk_list_item_get_item (item);
  GtkWidget *clamp = gtk_list_item_get_child (item);
  GtkWidget *child = NULL;
  int top = 6, bottom = 6;

  switch (row->kind)
    {
    case ROW_NOTICE:
      child = notice (row->text, "dialog-warning-symbolic");
      break;
    case ROW_TEXT:
      child = label_new (row->text, "dim-label");
      break;
    case ROW_NO_TRAJECTORY:
      child = no_trajectory ();
      break;
    case ROW_TRAJECTORY:
      child = trajectory_widget (self, row->trajectory);
      top = bottom = 12;
      break;
    case ROW_HEADING:
      child = label_new (row->text, "title-4");
      top = 18;
      break;
    case ROW_ENTRY:
      if (sessio_timeline_entry_get_session_item (row->entry) != NULL)
        child = session_widget (row, self->today, read_only (self));
      else
        child = event_widget (row);
      top = bottom = 3;
      break;
    case ROW_IDENTITY:
      child = self->patient != NULL ? identity_group (self->patient) : gtk_label_new (NULL);
      top = 24;
      bottom = 24;
      break;
    }
  gtk_widget_set_margin_top (child, top);
  gtk_widget_set_margin_bottom (child, bottom);
  adw_clamp_set_child (ADW_CLAMP (clamp), child);
  /* An entry opens what it is about: the session in its editor, the
   * trajectory in its own. */
  gtk_list_item_set_activatable (item, row->kind == ROW_ENTRY);
  gtk_list_item_set_selectable (item, FALSE);
}

static void
unbind_page_row (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  /* A recycled row keeps nothing of the patient. */
  adw_clamp_set_child (ADW_CLAMP (gtk_list_item_get_child (item)), NULL);
}

/**
 * sessio_patient_view_find_session:
 *
 * Returns: the position, in the page's list, of the timeline entry of
 *   session @session_id, or %G_MAXUINT when it is not listed (for tests)
 */
guint
sessio_patient_view_find_session (SessioPatientView *self,
                                  gint64             session_id)
{
  g_return_val_if_fail (SESSIO_IS_PATIENT_VIEW (self), G_MAXUINT);

  for (guint i = 0; self->filtered != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->filtered)); i++)
    {
      g_autoptr(SessioPageRow) row = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

      if (row->kind == ROW_ENTRY &&
          g_strcmp0 (sessio_timeline_entry_get_entity (row->entry), "session") == 0 &&
          sessio_timeline_entry_get_entity_id (row->entry) == session_id)
        return i;
    }
  return G_MAXUINT;
}

static void
page_row_activated (SessioPatientView *self,
                    guint              position)
{
  g_autoptr(SessioPageRow) row = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
  const char *entity;

  if (row == NULL || row->kind != ROW_ENTRY)
    return;
  entity = sessio_timeline_entry_get_entity (row->entry);
  /* The session editor's action, where it is installed; without it
   * activating does nothing. */
  if (g_strcmp0 (entity, "session") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-session", "x",
                                sessio_timeline_entry_get_entity_id (row->entry));
  else if (g_strcmp0 (entity, "trajectory") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "patient.edit-trajectory", "x",
                                sessio_timeline_entry_get_entity_id (row->entry));
}

/* The search keeps the entries whose note or summary holds the query
 * (folded as the patient search folds: case and accents do not matter),
 * and nothing else of the page. */
static gboolean
match_row (gpointer item,
           gpointer user_data)
{
  SessioPatientView *self = user_data;
  SessioPageRow *row = item;

  if (self->query == NULL || *self->query == '\0')
    return TRUE;
  if (row->kind != ROW_ENTRY)
    return FALSE;
  if (row->folded == NULL)
    row->folded = sessio_search_fold (sessio_timeline_entry_get_text (row->entry));
  return strstr (row->folded, self->query) != NULL;
}

static void
update_no_match (SessioPatientView *self)
{
  gboolean searching = self->query != NULL && *self->query != '\0';

  gtk_widget_set_visible (self->no_match, searching && g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0);
}

static void
search_changed (SessioPatientView *self)
{
  g_free (self->query);
  self->query = sessio_search_fold (gtk_editable_get_text (GTK_EDITABLE (self->search)));
  gtk_slice_list_model_set_size (self->shown, ROWS_AT_ONCE);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_no_match (self);
}

/**
 * sessio_patient_view_set_search:
 *
 * Shows only the timeline entries whose note holds @text ("" shows the
 * whole page again), at once.
 */
void
sessio_patient_view_set_search (SessioPatientView *self,
                                const char        *text)
{
  g_return_if_fail (SESSIO_IS_PATIENT_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search), text);
  search_changed (self);
}

/**
 * sessio_patient_view_list_entries:
 *
 * Returns: (transfer full): the timeline entries the page lists now
 * (SessioTimelineEntry, newest first, as filtered by the search), whether
 * scrolled into view or not
 */
GListModel *
sessio_patient_view_list_entries (SessioPatientView *self)
{
  GListStore *entries = g_list_store_new (SESSIO_TYPE_TIMELINE_ENTRY);
  guint n;

  g_return_val_if_fail (SESSIO_IS_PATIENT_VIEW (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SessioPageRow) row = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

      if (row->kind == ROW_ENTRY)
        g_list_store_append (entries, row->entry);
    }
  return G_LIST_MODEL (entries);
}

static GMenuModel *
patient_menu (SessioPatientView   *self,
              const SessioPatient *patient)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) rights = g_menu_new ();
  g_autoptr(GMenu) danger = g_menu_new ();
  g_autoptr(GError) error = NULL;
  gboolean erasable = TRUE;

  g_menu_append (menu, _("_Correct Patient File…"), "patient.edit");
  g_menu_append (menu, _("Log Other _Task…"), "patient.log-task");
  g_menu_append (menu, _("Payment _Receipt…"), "patient.receipt");
  g_menu_append (rights, _("E_xport Patient File…"), "patient.export");
  g_menu_append (rights, _("_Audit Log"), "patient.audit");
  if (patient->closed_at != NULL)
    g_menu_append (danger, _("Re_open File…"), "patient.reopen-file");
  else if (!patient->erased)
    g_menu_append (danger, _("C_lose File…"), "patient.close-file");

  if (!patient->erased)
    {
      g_autoptr(SessioRetention) retention = sessio_patient_store_get_retention (self->store, patient->id, &error);

      erasable = retention == NULL || retention->erasable;
      if (erasable)
        g_menu_append (danger, _("E_rase Clinical Data…"), "patient.erase");
      else
        {
          GDate from;
          g_autofree char *date = NULL;
          g_autofree char *label = NULL;

          if (sessio_date_parse_iso (retention->erasable_from, &from))
            date = sessio_format_date (&from);
          /* Translators: a disabled menu item; %s is the date from which
           * the law allows erasing the file */
          label = g_strdup_printf (_("Erasure Possible from %s"), date != NULL ? date : retention->erasable_from);
          g_menu_append (danger, label, "patient.erase-not-yet");
        }
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (rights));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (danger));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "patient.erase", !patient->erased && erasable);
  return G_MENU_MODEL (g_steal_pointer (&menu));
}

static void
erase_not_yet_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  /* Never enabled: the menu item only says from when erasure is
   * possible. */
}

void
sessio_patient_view_reload (SessioPatientView *self)
{
  g_autoptr(GPtrArray) trajectories = NULL;
  g_autoptr(GListModel) timeline = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMenuModel) menu = NULL;
  g_autoptr(GDateTime) now = sessio_clock_now_local ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  GListStore *store = self->rows;

  g_return_if_fail (SESSIO_IS_PATIENT_VIEW (self));

  g_list_store_remove_all (store);
  g_clear_pointer (&self->patient, sessio_patient_free);
  gtk_widget_set_visible (self->header, FALSE);
  if (self->store == NULL || self->patient_id <= 0)
    return;

  self->patient = sessio_patient_store_get_patient (self->store, self->patient_id, &error);
  if (self->patient == NULL)
    {
      g_ptr_array_add (rows, page_row_new (ROW_TEXT, error != NULL ? error->message : NULL));
      g_list_store_splice (store, 0, 0, rows->pdata, rows->len);
      return;
    }
  /* Today, read once for all the rows: "YYYY-MM-DD". */
  g_free (self->today);
  self->today = g_date_time_format (now, "%Y-%m-%d");

  gtk_label_set_text (self->title, self->patient->name);
  trajectories = sessio_patient_store_list_trajectories (self->store, self->patient_id, NULL);
  /* Without a trajectory the page itself offers it, with why. */
  gtk_widget_set_visible (self->add_button, trajectories != NULL && trajectories->len > 0 &&
                                            self->patient->closed_at == NULL);
  menu = patient_menu (self, self->patient);
  gtk_menu_button_set_menu_model (self->menu_button, menu);
  gtk_widget_set_visible (self->header, TRUE);

  if (self->patient->closed_at != NULL)
    {
      g_autofree char *when = when_text (self->patient->closed_at);
      g_autofree char *text = NULL;

      /* Translators: %s is the date and time the file was closed */
      text = g_strdup_printf (_("This file was closed on %s: it can be read and exported, not changed. Reopen it from the patient menu."), when);
      g_ptr_array_add (rows, page_row_new (ROW_NOTICE, text));
    }
  if (!self->patient->erased && minor_without_guardian (self->patient))
    g_ptr_array_add (rows, page_row_new (ROW_NOTICE, _("A minor without a parent or guardian in the file: add them with Correct Patient File… in the patient menu.")));
  if (self->patient->erased)
    g_ptr_array_add (rows, page_row_new (ROW_TEXT, _("The clinical data of this patient were erased; what issued invoices need is kept.")));

  /* Newest first: that is the one the work is about. */
  for (guint i = trajectories != NULL ? trajectories->len : 0; i > 0; i--)
    {
      SessioPageRow *row = page_row_new (ROW_TRAJECTORY, NULL);

      row->trajectory = g_steal_pointer (&g_ptr_array_index (trajectories, i - 1));
      g_ptr_array_add (rows, row);
    }
  if (!self->patient->erased && (trajectories == NULL || trajectories->len == 0))
    g_ptr_array_add (rows, page_row_new (ROW_NO_TRAJECTORY, NULL));

  timeline = sessio_patient_store_get_timeline (self->store, self->patient_id, &error);
  if (timeline != NULL && g_list_model_get_n_items (timeline) > 0)
    {
      g_ptr_array_add (rows, page_row_new (ROW_HEADING, _("Timeline")));
      /* The file newest first, as the trajectories above. */
      for (guint i = g_list_model_get_n_items (timeline); i-- > 0;)
        {
          SessioPageRow *row = page_row_new (ROW_ENTRY, NULL);

          row->entry = g_list_model_get_item (timeline, i);
          g_ptr_array_add (rows, row);
        }
    }
  else if (timeline == NULL)
    g_ptr_array_add (rows, page_row_new (ROW_TEXT, error->message));
  gtk_widget_set_visible (GTK_WIDGET (self->search), timeline != NULL && g_list_model_get_n_items (timeline) > 0);

  g_ptr_array_add (rows, page_row_new (ROW_IDENTITY, NULL));
  /* One splice: the list lays itself out once. */
  g_list_store_splice (store, 0, 0, rows->pdata, rows->len);
  update_no_match (self);
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
  if (self->patient_id != patient_id)
    {
      /* Another patient: their page from the top, unfiltered. */
      self->patient_id = patient_id;
      gtk_editable_set_text (GTK_EDITABLE (self->search), "");
      search_changed (self);
    }
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

  /* Locked: an export still being written is given up and removed, as
   * the invoice window's is. */
  if (self->exporting != NULL)
    g_cancellable_cancel (self->exporting);
  self->patient_id = 0;
  g_clear_object (&self->store);
  gtk_editable_set_text (GTK_EDITABLE (self->search), "");
  search_changed (self);
  g_list_store_remove_all (self->rows);
  g_clear_pointer (&self->patient, sessio_patient_free);
  gtk_label_set_text (self->title, "");
  gtk_menu_button_set_menu_model (self->menu_button, NULL);
  gtk_widget_set_visible (self->header, FALSE);
}

static void
sessio_patient_view_dispose (GObject *object)
{
  SessioPatientView *self = SESSIO_PATIENT_VIEW (object);

  if (self->exporting != NULL)
    g_cancellable_cancel (self->exporting);
  if (self->list != NULL)
    gtk_list_view_set_model (self->list, NULL);
  g_clear_handle_id (&self->grow_idle, g_source_remove);
  g_clear_object (&self->shown);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->patient, sessio_patient_free);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->today, g_free);
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
  gtk_widget_class_install_action (widget_class, "patient.edit-trajectory", "x", edit_trajectory_action);
  gtk_widget_class_install_action (widget_class, "patient.mark", "(xs)", mark_action);
  gtk_widget_class_install_action (widget_class, "patient.delete-session", "x", delete_session_action);
  gtk_widget_class_install_action (widget_class, "patient.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "patient.audit", NULL, audit_action);
  gtk_widget_class_install_action (widget_class, "patient.log-task", NULL, log_task_action);
  gtk_widget_class_install_action (widget_class, "patient.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "patient.erase", NULL, erase_action);
  gtk_widget_class_install_action (widget_class, "patient.erase-not-yet", NULL, erase_not_yet_action);
  gtk_widget_class_install_action (widget_class, "patient.close-file", NULL, close_file_action);
  gtk_widget_class_install_action (widget_class, "patient.reopen-file", NULL, reopen_file_action);
  gtk_widget_class_install_action (widget_class, "patient.receipt", NULL, receipt_action);
}

static void
sessio_patient_view_init (SessioPatientView *self)
{
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *header_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *name_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *scroller;
  g_autoptr(GtkNoSelection) selection = NULL;

  /* The name, the two buttons and the search stay in view while the
   * file scrolls below them. */
  self->title = GTK_LABEL (label_new (NULL, "title-1"));
  gtk_widget_set_hexpand (GTK_WIDGET (self->title), TRUE);
  gtk_box_append (GTK_BOX (name_box), GTK_WIDGET (self->title));

  self->add_button = gtk_button_new_with_mnemonic (_("Add _Trajectory"));
  gtk_widget_set_valign (self->add_button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->add_button), "patient.add-trajectory");
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->add_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_box_append (GTK_BOX (name_box), self->add_button);

  self->menu_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_icon_name (self->menu_button, "view-more-symbolic");
  gtk_widget_set_valign (GTK_WIDGET (self->menu_button), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->menu_button), _("Patient Menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Patient menu"),
                                  -1);
  gtk_box_append (GTK_BOX (name_box), GTK_WIDGET (self->menu_button));
  gtk_box_append (GTK_BOX (header_box), name_box);

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search, "placeholder-text", _("Search the notes"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search this patient’s notes"),
                                  -1);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (search_changed), self);
  gtk_box_append (GTK_BOX (header_box), GTK_WIDGET (self->search));

  self->no_match = label_new (_("No note holds these words."), "dim-label");
  gtk_widget_set_visible (self->no_match, FALSE);
  gtk_box_append (GTK_BOX (header_box), self->no_match);

  gtk_widget_set_margin_top (header_box, 24);
  gtk_widget_set_margin_bottom (header_box, 6);
  gtk_widget_set_margin_start (header_box, 12);
  gtk_widget_set_margin_end (header_box, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), header_box);
  self->header = clamp;
  gtk_widget_set_visible (self->header, FALSE);
  gtk_box_append (GTK_BOX (outer), clamp);

  self->rows = g_list_store_new (SESSIO_TYPE_PAGE_ROW);
  self->filter = gtk_custom_filter_new (match_row, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->rows)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->shown = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)), 0, ROWS_AT_ONCE);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->shown)));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_page_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_page_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_page_row), self);
  self->list = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (g_steal_pointer (&selection)), factory));
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "timeline");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Patient file"),
                                  -1);
  g_signal_connect_swapped (self->list, "activate", G_CALLBACK (page_row_activated), self);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (scroller, TRUE);
  self->scroller = scroller;
  g_signal_connect (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)), "value-changed",
                    G_CALLBACK (scrolled), self);
  g_signal_connect (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)), "changed",
                    G_CALLBACK (scrolled), self);
  gtk_box_append (GTK_BOX (outer), scroller);
  adw_bin_set_child (ADW_BIN (self), outer);
}
