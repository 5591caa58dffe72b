/* sessio-editor-draft.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What an editor holds when the vault locks.  A lock must hide every
 * window that shows patient data, yet a psychologist called away in the
 * middle of a note must not lose it.  So each editor is attached here
 * with what it takes to open it again (its kind and one id); at the lock
 * the window asks for its input, keeps it as a draft inside the vault and
 * closes it; after the next unlock the editor is made anew and its input
 * put back.
 *
 * The input is read from the widgets themselves, in the order of the form:
 * every entry, spin button, combo row, drop-down, check button, switch and
 * text view, keyed by its template id, or by its place under the nearest
 * named widget for rows built at run time (a group's participants).  Put
 * back in the same order, each value goes through the widget's own setter,
 * so the editor reacts as if it were typed: a date first changes the care
 * types, then the care type is chosen among them.  Passphrase rows are
 * never read.  Whether anything was typed is judged against the form as it
 * was first shown.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sessio-a11y.h"
#include "sessio-editor-draft.h"
#include "sessio-error.h"
#include "sessio-group-dialog.h"
#include "sessio-patient-dialog.h"
#include "sessio-practice-dialog.h"
#include "sessio-session-dialog.h"
#include "sessio-task-dialog.h"
#include "sessio-trajectory-dialog.h"
#include "sessio-trajectory-edit-dialog.h"

#define DRAFT_FORMAT 1

typedef struct
{
  char     *kind;
  gint64    id;
  char     *draft_id;
  char     *baseline;   /* the fields as first shown, as JSON text */
  gboolean  locking;
} EditorDraft;

static void
editor_draft_free (gpointer data)
{
  EditorDraft *draft = data;

  g_free (draft->kind);
  g_free (draft->draft_id);
  g_free (draft->baseline);
  g_free (draft);
}

static EditorDraft *
get_draft (GtkWindow *window)
{
  return g_object_get_data (G_OBJECT (window), "sessio-editor-draft");
}

/* ------------------------------------------------------------ fields */

typedef enum {
  WALK_CAPTURE,
  WALK_APPLY,
} WalkMode;

static char *
child_key (GtkWidget  *widget,
           const char *parent_key,
           guint       index)
{
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));

  if (id != NULL)
    return g_strdup (id);
  return g_strdup_printf ("%s/%u", parent_key, index);
}

static void
capture_value (GtkWidget  *widget,
               const char *key,
               JsonObject *fields)
{
  if (GTK_IS_SPIN_BUTTON (widget))
    json_object_set_double_member (fields, key, gtk_spin_button_get_value (GTK_SPIN_BUTTON (widget)));
  else if (ADW_IS_COMBO_ROW (widget))
    json_object_set_int_member (fields, key, adw_combo_row_get_selected (ADW_COMBO_ROW (widget)));
  else if (GTK_IS_DROP_DOWN (widget))
    json_object_set_int_member (fields, key, gtk_drop_down_get_selected (GTK_DROP_DOWN (widget)));
  else if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      json_object_set_string_member (fields, key, text);
    }
  else if (GTK_IS_EDITABLE (widget))
    json_object_set_string_member (fields, key, gtk_editable_get_text (GTK_EDITABLE (widget)));
  else if (GTK_IS_CHECK_BUTTON (widget))
    json_object_set_boolean_member (fields, key, gtk_check_button_get_active (GTK_CHECK_BUTTON (widget)));
  else if (GTK_IS_SWITCH (widget))
    json_object_set_boolean_member (fields, key, gtk_switch_get_active (GTK_SWITCH (widget)));
  else if (GTK_IS_TOGGLE_BUTTON (widget))
    json_object_set_boolean_member (fields, key, gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget)));
}

static void
apply_value (GtkWidget  *widget,
             const char *key,
             JsonObject *fields)
{
  JsonNode *node = json_object_get_member (fields, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return;

  if (GTK_IS_SPIN_BUTTON (widget))
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (widget), json_node_get_double (node));
  else if (ADW_IS_COMBO_ROW (widget))
    {
      GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (widget));
      gint64 selected = json_node_get_int (node);

      if (model != NULL && selected >= 0 && selected < g_list_model_get_n_items (model))
        adw_combo_row_set_selected (ADW_COMBO_ROW (widget), (guint) selected);
    }
  else if (GTK_IS_DROP_DOWN (widget))
    {
      GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));
      gint64 selected = json_node_get_int (node);

      if (model != NULL && selected >= 0 && selected < g_list_model_get_n_items (model))
        gtk_drop_down_set_selected (GTK_DROP_DOWN (widget), (guint) selected);
    }
  else if (GTK_IS_TEXT_VIEW (widget))
    {
      const char *text = json_node_get_string (node);

      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)),
                                text != NULL ? text : "", -1);
    }
  else if (GTK_IS_EDITABLE (widget))
    {
      const char *text = json_node_get_string (node);

      gtk_editable_set_text (GTK_EDITABLE (widget), text != NULL ? text : "");
    }
  else if (GTK_IS_CHECK_BUTTON (widget))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (widget), json_node_get_boolean (node));
  else if (GTK_IS_SWITCH (widget))
    gtk_switch_set_active (GTK_SWITCH (widget), json_node_get_boolean (node));
  else if (GTK_IS_TOGGLE_BUTTON (widget))
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (widget), json_node_get_boolean (node));
}

static gboolean
is_input (GtkWidget *widget)
{
  return GTK_IS_SPIN_BUTTON (widget) || ADW_IS_COMBO_ROW (widget) || GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_TEXT_VIEW (widget) || GTK_IS_EDITABLE (widget) || GTK_IS_CHECK_BUTTON (widget) ||
         GTK_IS_SWITCH (widget) || GTK_IS_TOGGLE_BUTTON (widget);
}

static void
walk (GtkWidget  *widget,
      const char *key,
      WalkMode    mode,
      JsonObject *fields)
{
  GtkWidget *child;
  guint index = 0;

  /* A passphrase is never kept, not even encrypted. */
  if (ADW_IS_PASSWORD_ENTRY_ROW (widget) || GTK_IS_PASSWORD_ENTRY (widget))
    return;

  if (is_input (widget))
    {
      if (mode == WALK_CAPTURE)
        capture_value (widget, key, fields);
      else
        apply_value (widget, key, fields);
      return;
    }

  /* Children are read one at a time: putting a value back may rebuild
   * the rows that follow (a group's participants after its date). */
  for (child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child), index++)
    {
      g_autofree char *child_name = child_key (child, key, index);

      walk (child, child_name, mode, fields);
    }
}

static JsonObject *
capture_fields (GtkWindow *editor)
{
  JsonObject *fields = json_object_new ();

  walk (GTK_WIDGET (editor), "window", WALK_CAPTURE, fields);
  return fields;
}

static char *
fields_to_text (JsonObject *fields)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, fields);
  return json_to_string (node, FALSE);
}

/* ------------------------------------------------------------ attaching */

static void
on_first_map (GtkWidget *widget,
              gpointer   user_data)
{
  EditorDraft *draft = get_draft (GTK_WINDOW (widget));
  g_autoptr(JsonObject) fields = NULL;

  if (draft == NULL || draft->baseline != NULL)
    return;
  fields = capture_fields (GTK_WINDOW (widget));
  draft->baseline = fields_to_text (fields);
}

/**
 * sessio_editor_draft_attach:
 * @editor: an editor window, just made
 * @kind: one of the SESSIO_DRAFT_ kinds
 * @id: what the editor was opened for (see the kinds)
 *
 * Makes @editor's unsaved input survive a lock.
 */
void
sessio_editor_draft_attach (GtkWindow  *editor,
                            const char *kind,
                            gint64      id)
{
  gboolean attached = get_draft (editor) != NULL;
  EditorDraft *draft = g_new0 (EditorDraft, 1);

  draft->kind = g_strdup (kind);
  draft->id = id;
  draft->draft_id = g_strdup_printf ("%s-%" G_GINT64_FORMAT "-%08x", kind,
                                     g_get_real_time (), g_random_int ());
  /* Attached again (an editor made by another's constructor): replaced. */
  g_object_set_data_full (G_OBJECT (editor), "sessio-editor-draft", draft, editor_draft_free);
  if (!attached)
    g_signal_connect (editor, "map", G_CALLBACK (on_first_map), NULL);
}

gboolean
sessio_editor_draft_is_attached (GtkWindow *window)
{
  return get_draft (window) != NULL;
}

const char *
sessio_editor_draft_get_id (GtkWindow *editor)
{
  EditorDraft *draft = get_draft (editor);

  return draft != NULL ? draft->draft_id : NULL;
}

/**
 * sessio_editor_draft_capture:
 *
 * Returns: (transfer full) (nullable): the draft of @editor as JSON text,
 *   or %NULL when nothing was changed since it was first shown
 */
char *
sessio_editor_draft_capture (GtkWindow *editor)
{
  EditorDraft *draft = get_draft (editor);
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *fields_text = NULL;

  if (draft == NULL)
    return NULL;

  fields = capture_fields (editor);
  fields_text = fields_to_text (fields);
  if (g_strcmp0 (fields_text, draft->baseline) == 0)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, DRAFT_FORMAT);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, draft->kind);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, draft->id);
  json_builder_set_member_name (builder, "fields");
  {
    JsonNode *node = json_node_new (JSON_NODE_OBJECT);

    json_node_set_object (node, fields);
    json_builder_add_value (builder, node);
  }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/**
 * sessio_editor_draft_set_locking:
 *
 * Marks @editor as closed by a lock, not by the user: its draft stays.
 */
void
sessio_editor_draft_set_locking (GtkWindow *editor)
{
  EditorDraft *draft = get_draft (editor);

  if (draft != NULL)
    draft->locking = TRUE;
}

/* ------------------------------------------------------------ restoring */

static GtkWindow *
new_editor (SessioPatientStore  *store,
            const char          *kind,
            gint64               id,
            GError             **error)
{
  if (g_strcmp0 (kind, SESSIO_DRAFT_SESSION) == 0)
    {
      g_autoptr(SessioTrajectory) trajectory = sessio_patient_store_get_trajectory (store, id, error);

      if (trajectory == NULL)
        return NULL;
      return GTK_WINDOW (sessio_session_dialog_new (store, id));
    }
  if (g_strcmp0 (kind, SESSIO_DRAFT_GROUP) == 0)
    return GTK_WINDOW (sessio_group_dialog_new (store));
  /* A correction comes back on the session as it is now saved. */
  if (g_strcmp0 (kind, SESSIO_DRAFT_SESSION_EDIT) == 0)
    return GTK_WINDOW (sessio_session_dialog_new_edit (store, id, error));
  if (g_strcmp0 (kind, SESSIO_DRAFT_GROUP_EDIT) == 0)
    return GTK_WINDOW (sessio_group_dialog_new_edit (store, id, error));
  if (g_strcmp0 (kind, SESSIO_DRAFT_PATIENT_NEW) == 0)
    return GTK_WINDOW (sessio_patient_dialog_new (store));
  if (g_strcmp0 (kind, SESSIO_DRAFT_PATIENT_EDIT) == 0)
    return GTK_WINDOW (sessio_patient_dialog_new_edit (store, id, error));
  if (g_strcmp0 (kind, SESSIO_DRAFT_TRAJECTORY) == 0 || g_strcmp0 (kind, SESSIO_DRAFT_TASK) == 0)
    {
      if (id > 0)
        {
          g_autoptr(SessioPatient) patient = sessio_patient_store_get_patient (store, id, error);

          if (patient == NULL)
            return NULL;
        }
      if (g_strcmp0 (kind, SESSIO_DRAFT_TASK) == 0)
        return GTK_WINDOW (sessio_task_dialog_new (store, id));
      return GTK_WINDOW (sessio_trajectory_dialog_new (store, id));
    }
  if (g_strcmp0 (kind, SESSIO_DRAFT_PRACTICE) == 0)
    return GTK_WINDOW (sessio_practice_dialog_new (store, id == 1));
  if (g_strcmp0 (kind, SESSIO_DRAFT_TRAJECTORY_EDIT) == 0)
    return GTK_WINDOW (sessio_trajectory_edit_dialog_new (store, id, error));

  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                       _("This draft was written by another version of Sessio"));
  return NULL;
}

/* A line under the header bar: the editor is back, and why. */
static void
show_restored_notice (GtkWindow *editor)
{
  GtkWidget *content = adw_window_get_content (ADW_WINDOW (editor));
  GtkWidget *header = content != NULL ? gtk_widget_get_first_child (content) : NULL;
  GtkWidget *notice;

  if (!GTK_IS_BOX (content))
    return;

  notice = gtk_label_new (_("Restored what you were typing when Sessio locked. Save it, or Cancel to discard it."));
  gtk_label_set_wrap (GTK_LABEL (notice), TRUE);
  gtk_label_set_xalign (GTK_LABEL (notice), 0.0);
  gtk_widget_add_css_class (notice, "restored-draft");
  gtk_widget_set_name (notice, "restored_notice");
  gtk_box_insert_child_after (GTK_BOX (content), notice,
                              ADW_IS_HEADER_BAR (header) ? header : NULL);
}

/**
 * sessio_editor_draft_restore:
 * @store: the patient file of the vault just unlocked
 * @draft_id: the draft's name in the vault
 * @text: the draft, as sessio_editor_draft_capture() wrote it
 *
 * Makes the editor anew and puts its input back, with a line saying so.
 * The editor keeps @draft_id: a lock before it is saved writes the same
 * draft again.
 *
 * Returns: (transfer floating) (nullable): the editor, not yet shown, or
 *   %NULL when the draft can no longer be restored (its patient or
 *   trajectory is gone, or it is unreadable)
 */
GtkWindow *
sessio_editor_draft_restore (SessioPatientStore  *store,
                             const char          *draft_id,
                             const char          *text,
                             GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object, *fields;
  JsonNode *root;
  GtkWindow *editor;
  EditorDraft *draft;

  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (object = json_node_get_object (root)) == NULL ||
      json_object_get_int_member_with_default (object, "format", 0) != DRAFT_FORMAT ||
      !json_object_has_member (object, "fields") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "fields")))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("This draft was written by another version of Sessio"));
      return NULL;
    }
  fields = json_object_get_object_member (object, "fields");

  editor = new_editor (store,
                       json_object_get_string_member_with_default (object, "kind", ""),
                       json_object_get_int_member_with_default (object, "id", 0),
                       error);
  if (editor == NULL)
    return NULL;

  /* The form as it opens is the baseline: the restored input counts as
   * typed, and is kept again if the vault locks before it is saved. */
  draft = get_draft (editor);
  g_assert (draft != NULL);
  g_free (draft->draft_id);
  draft->draft_id = g_strdup (draft_id);
  {
    g_autoptr(JsonObject) before = capture_fields (editor);

    draft->baseline = fields_to_text (before);
  }

  walk (GTK_WIDGET (editor), "window", WALK_APPLY, fields);
  show_restored_notice (editor);
  return editor;
}

/**
 * sessio_editor_draft_closed_by_lock:
 *
 * Returns: whether @editor was closed by a lock (its draft stays)
 */
gboolean
sessio_editor_draft_closed_by_lock (GtkWindow *editor)
{
  EditorDraft *draft = get_draft (editor);

  return draft != NULL && draft->locking;
}

/**
 * sessio_editor_ask_discard:
 * @editor: an editor the user is closing with unsaved changes
 * @response: (scope notified): called with "discard" or "keep"
 *
 * Asks whether to throw away what was changed.  Keep Editing is the
 * default: a stray Escape loses nothing.
 */
void
sessio_editor_ask_discard (GtkWindow *editor,
                           GCallback  response,
                           gpointer   data)
{
  AdwMessageDialog *ask;

  ask = ADW_MESSAGE_DIALOG (adw_message_dialog_new (editor, _("Discard Changes?"),
                                                    _("What you changed since opening this session is not saved.")));
  adw_message_dialog_add_responses (ask,
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ask, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ask, "keep");
  adw_message_dialog_set_close_response (ask, "keep");
  g_signal_connect_object (ask, "response", response, data, 0);
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (ask));
  gtk_window_present (GTK_WINDOW (ask));
}
