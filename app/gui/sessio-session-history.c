/* sessio-session-history.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The earlier versions of a session: every corrected field with the day
 * it was changed and the value it had, oldest first.  A note is shown in
 * full, wrapped and selectable, so that a sentence that was rewritten can
 * be read (and copied) as it stood.  Reading the history audits a view.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "sessio-a11y.h"
#include "sessio-format.h"
#include "sessio-labels.h"
#include "sessio-session-history.h"

/* Longer than this (some twenty pages), an earlier note is shown in a
 * scrolled text view rather than a label. */
#define LONG_NOTE (64 * 1024)

static char *
participant_name (SessioPatientStore *store,
                  gint64              session_id,
                  gint64              trajectory_id)
{
  g_autoptr(GPtrArray) participants = sessio_patient_store_list_participants (store, session_id, NULL);

  for (guint i = 0; participants != NULL && i < participants->len; i++)
    {
      SessioParticipant *p = g_ptr_array_index (participants, i);

      if (p->trajectory_id == trajectory_id)
        return g_strdup (p->patient_name);
    }
  /* Removed from the group since: no name to give. */
  return g_strdup (_("a former participant"));
}

char *
sessio_session_history_field_label (SessioPatientStore *store,
                                    gint64              session_id,
                                    const char         *field)
{
  const char *colon = strchr (field, ':');

  if (colon != NULL)
    {
      g_autofree char *name = participant_name (store, session_id, g_ascii_strtoll (colon + 1, NULL, 10));

      if (g_str_has_prefix (field, "participant_status:"))
        /* Translators: a field in a group session's history; %s is a participant */
        return g_strdup_printf (_("Attendance of %s"), name);
      if (g_str_has_prefix (field, "participant_copay_date:"))
        /* Translators: a field in a group session's history; %s is a participant */
        return g_strdup_printf (_("Co-payment of %s received on"), name);
      if (g_str_has_prefix (field, "participant_copay:"))
        /* Translators: a field in a group session's history; %s is a participant */
        return g_strdup_printf (_("Co-payment of %s"), name);
    }
  return g_strdup (sessio_field_get_label (field));
}

/* A value as the editor shows it: "Held", "At school", a date. */
static char *
value_text (const char *field,
            const char *value)
{
  SessioCare care;
  SessioLocation location;
  SessioContext context;
  SessioStatus status;

  if (value == NULL || *value == '\0')
    return g_strdup (_("(not set)"));
  if (strcmp (field, "care") == 0 && sessio_care_from_string (value, &care))
    return g_strdup (sessio_care_get_label (care));
  if (strcmp (field, "location") == 0 && sessio_location_from_string (value, &location))
    return sessio_label_capitalise (sessio_location_get_label (location));
  if (strcmp (field, "context") == 0 && sessio_context_from_string (value, &context))
    return sessio_label_capitalise (sessio_context_get_label (context));
  if (strcmp (field, "status") == 0 || g_str_has_prefix (field, "participant_status:"))
    {
      if (strcmp (value, "excused") == 0)
        return sessio_label_capitalise (_("excused"));
      if (sessio_status_from_string (value, &status))
        return sessio_label_capitalise (sessio_status_get_label (status));
    }
  if (strcmp (field, "copay") == 0 || g_str_has_prefix (field, "participant_copay:"))
    return sessio_label_capitalise (sessio_copay_received_get_label (value));
  if (strcmp (field, "outside_convention") == 0 || strcmp (field, "co_facilitator") == 0)
    return g_strdup (strcmp (value, "0") == 0 ? _("No") : _("Yes"));
  return g_strdup (value);
}

static char *
when_text (const char *changed_at)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) at = changed_at != NULL ? g_date_time_new_from_iso8601 (changed_at, utc) : NULL;
  g_autoptr(GDateTime) local = at != NULL ? g_date_time_to_local (at) : NULL;

  return local != NULL ? sessio_format_date_time (local) : g_strdup (changed_at != NULL ? changed_at : "");
}

static GtkWidget *
change_row (SessioPatientStore *store,
            gint64              session_id,
            const SessioChange *change)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *field = sessio_session_history_field_label (store, session_id, change->field);
  g_autofree char *when = when_text (change->changed_at);
  g_autofree char *value = value_text (change->field, change->old_value);
  /* Translators: a heading in a session's history: "<field>, until <date and time>" */
  g_autofree char *heading = g_strdup_printf (_("%1$s, until %2$s"), field, when);
  GtkWidget *title = gtk_label_new (heading);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);

  if (strcmp (change->field, "notes") == 0 && change->old_value != NULL &&
      strlen (change->old_value) > LONG_NOTE)
    {
      /* A note that runs to many pages: a text view in a box of its own
       * lays it out bit by bit, where a label would do it all at once.
       * Read, selected and copied like text, never changed here. */
      GtkWidget *scroll = gtk_scrolled_window_new ();
      GtkWidget *text = gtk_text_view_new ();
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text));

      gtk_text_buffer_set_text (buffer, change->old_value, -1);
      gtk_text_view_set_editable (GTK_TEXT_VIEW (text), FALSE);
      gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (text), FALSE);
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (text), GTK_WRAP_WORD_CHAR);
      gtk_accessible_update_property (GTK_ACCESSIBLE (text),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, heading,
                                      -1);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_widget_set_size_request (scroll, -1, 320);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), text);
      gtk_box_append (GTK_BOX (box), scroll);
    }
  else
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (box), label);
    }

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

/**
 * sessio_session_history_new:
 * @parent: the editor it is opened from
 *
 * Returns: (transfer none) (nullable): the history window, not yet shown,
 *   or %NULL when the session cannot be read
 */
GtkWindow *
sessio_session_history_new (SessioPatientStore *store,
                            gint64              session_id,
                            GtkWindow          *parent)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = sessio_patient_store_get_session_history (store, session_id, &error);
  GtkWidget *window, *content, *header, *scroll, *clamp, *list;

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("History"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 560);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (content), header);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_valign (list, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Earlier versions"),
                                  -1);
  if (changes == NULL || changes->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     changes == NULL ? error->message
                                                     : _("This session has not been corrected"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  /* The latest correction first: the one most often looked for. */
  for (guint i = changes != NULL ? changes->len : 0; i > 0; i--)
    gtk_list_box_append (GTK_LIST_BOX (list),
                         change_row (store, session_id, g_ptr_array_index (changes, i - 1)));

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  gtk_widget_set_margin_top (clamp, 18);
  gtk_widget_set_margin_bottom (clamp, 18);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), list);

  scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), clamp);
  gtk_box_append (GTK_BOX (content), scroll);

  adw_window_set_content (ADW_WINDOW (window), content);
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                            gtk_named_action_new ("window.close")));
    gtk_widget_add_controller (window, shortcuts);
  }
  return GTK_WINDOW (window);
}
