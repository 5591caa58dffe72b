/* sessio-agenda-page.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The agenda: the sessions of a day or a week, individual and group, with
 * who, what and where.  A planned session whose time has passed gets its
 * two one-click buttons, held and no-show, and the toast that confirms
 * the click can undo it: undoing puts back the session exactly as it was
 * read before the click (status and "outside the convention" both).
 *
 * Weeks start on Monday, as in Belgium.  The rows are rebuilt on every
 * reload, which a week's sessions make cheap.  The page reloads when the
 * store says the patient file changed (later, when it is shown, if it is
 * hidden meanwhile), and when the clock passes midnight or the start of a
 * planned session, so that its buttons appear without a click.  If the
 * days shown held today when the date changed, the page follows to the
 * new today: a day view left open overnight shows the new day.
 *
 * Without a store (the vault is locked) the page holds no patient data:
 * the rows, the list and the copy kept for undo are dropped.
 *
 * Signal: ::open-patient (gint64 id), from a row's patient file button.
 * Activating a row opens the session itself (win.open-session).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sessio-a11y.h"
#include "sessio-agenda-page.h"
#include "sessio-clock.h"
#include "sessio-format.h"
#include "sessio-labels.h"
#include "sessio-resources.h"
#include "sessio-session-list.h"

struct _SessioAgendaPage
{
  AdwBin               parent_instance;

  SessioPatientStore  *store;
  GListModel          *shown;        /* of SessioSessionItem */
  char                *view;         /* "day" | "week" */
  GDate                anchor;       /* a day of the days shown */
  GDate                today;        /* today at the last reload */
  guint                tick_id;
  gboolean             dirty;        /* changed while hidden */
  gboolean             narrow;       /* icon buttons: see size_allocate() */
  guint                relayout_id;

  /* The session as it was before the last one-click change. */
  SessioSession        undo;
  gboolean             has_undo;
  AdwToast            *undo_toast;   /* weak */

  GtkButton           *previous_button;
  GtkButton           *next_button;
  GtkToggleButton     *day_button;
  GtkToggleButton     *week_button;
  GtkLabel            *range_label;
  GtkStack            *content_stack;
  GtkBox              *days_box;
  AdwStatusPage       *empty_page;
};

G_DEFINE_FINAL_TYPE (SessioAgendaPage, sessio_agenda_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  OPEN_PATIENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Below this width the one-click buttons show icons, not words: with
 * words, the patient's name would have no room left on a phone. */
#define NARROW_WIDTH 540

static void reload (SessioAgendaPage *self);

/* ------------------------------------------------------------- time */

static GDateTime *
get_now (SessioAgendaPage *self)
{
  return sessio_clock_now_local ();
}

static void
get_today (SessioAgendaPage *self,
           GDate            *today)
{
  g_autoptr(GDateTime) now = get_now (self);

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
}

static gboolean
is_week (SessioAgendaPage *self)
{
  return g_strcmp0 (self->view, "week") == 0;
}

void
sessio_agenda_page_get_range (SessioAgendaPage *self,
                              GDate            *from,
                              GDate            *to)
{
  g_return_if_fail (SESSIO_IS_AGENDA_PAGE (self));

  *from = self->anchor;
  if (is_week (self))
    g_date_subtract_days (from, g_date_get_weekday (from) - G_DATE_MONDAY);
  *to = *from;
  if (is_week (self))
    g_date_add_days (to, 6);
}

static gboolean
range_contains (SessioAgendaPage *self,
                const GDate      *day)
{
  GDate from, to;

  sessio_agenda_page_get_range (self, &from, &to);
  return g_date_compare (&from, day) <= 0 && g_date_compare (day, &to) <= 0;
}

/* When the session starts, local time; a session without a time starts
 * with its day.  NULL for a malformed date. */
static GDateTime *
session_start (SessioSessionItem *item)
{
  const char *when = sessio_session_item_get_starts_at (item);
  int hour = 0, minute = 0;
  GDate date;
  char day[11];

  if (when == NULL || strlen (when) < 10)
    return NULL;
  g_strlcpy (day, when, sizeof day);
  if (!sessio_date_parse_iso (day, &date))
    return NULL;
  if (when[10] == 'T' && sscanf (when + 11, "%d:%d", &hour, &minute) != 2)
    return NULL;

  return g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                g_date_get_day (&date), hour, minute, 0);
}

static gboolean
is_planned (SessioSessionItem *item)
{
  return g_strcmp0 (sessio_session_item_get_status (item), "planned") == 0;
}

static void
follow_today (SessioAgendaPage *self)
{
  GDate today;

  get_today (self, &today);
  /* Past midnight: a view of the old today moves on to the new one. */
  if (g_date_valid (&self->today) && g_date_compare (&today, &self->today) != 0 &&
      range_contains (self, &self->today))
    self->anchor = today;
  reload (self);
}

static gboolean
tick (gpointer user_data)
{
  SessioAgendaPage *self = user_data;

  self->tick_id = 0;
  follow_today (self);
  return G_SOURCE_REMOVE;
}

/* Wakes up at the next midnight or the next start of a planned session
 * shown, whichever comes first: then something on the page changes. */
static void
schedule_tick (SessioAgendaPage *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  GTimeSpan wait;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  /* A fixed now (tests) never moves. */
  if (self->store == NULL || sessio_clock_is_fixed ())
    return;

  now = get_now (self);
  {
    g_autoptr(GDateTime) start_of_day =
      g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                             g_date_time_get_day_of_month (now), 0, 0, 0);
    midnight = g_date_time_add_days (start_of_day, 1);
  }
  wait = g_date_time_difference (midnight, now);

  for (guint i = 0; self->shown != NULL && i < g_list_model_get_n_items (self->shown); i++)
    {
      g_autoptr(SessioSessionItem) item = g_list_model_get_item (self->shown, i);
      g_autoptr(GDateTime) start = NULL;
      GTimeSpan until;

      if (!is_planned (item) || (start = session_start (item)) == NULL)
        continue;
      until = g_date_time_difference (start, now);
      if (until > 0 && until < wait)
        wait = until;
    }

  self->tick_id = g_timeout_add_seconds ((guint) (wait / G_USEC_PER_SEC) + 1, tick, self);
}

/* ------------------------------------------------------------- rows */

static void
toast (SessioAgendaPage *self,
       AdwToast         *t)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), t);
  else
    g_object_unref (g_object_ref_sink (t));
}

/* The toast's button has a mnemonic ("_Undo"), which GTK 4.8 reads out
 * as "_Undo Undo" (see sessio-a11y.c).  A toast of high priority is shown
 * at once: its widget, beside the overlay's child, is there to fix. */
static void
fix_toast_buttons (SessioAgendaPage *self)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  GtkWidget *content;

  if (overlay == NULL)
    return;
  content = adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (overlay));
  for (GtkWidget *child = gtk_widget_get_first_child (overlay); child; child = gtk_widget_get_next_sibling (child))
    if (child != content)
      sessio_a11y_fix_mnemonic_labels (child);
}

static void
clear_days (SessioAgendaPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->days_box))) != NULL)
    gtk_box_remove (self->days_box, child);
}

/* "Held" from "held": the labels are lower case, to stand in sentences. */
static char *
capitalise (const char *text)
{
  return sessio_label_capitalise (text);
}

/* The name a row goes by: the patient, or "Group, 3 participants". */
static char *
row_name (SessioAgendaPage  *self,
          SessioSessionItem *item)
{
  SessioSession session = { 0 };
  guint n = 0;

  if (g_strcmp0 (sessio_session_item_get_setting (item), "group") != 0)
    return g_strdup (sessio_session_item_get_patient_name (item));

  if (sessio_patient_store_get_session (self->store, sessio_session_item_get_id (item), &session, NULL))
    n = session.participants > 0 ? (guint) session.participants
                                 : (session.trajectories != NULL ? session.trajectories->len : 0);
  sessio_session_clear (&session);

  return g_strdup_printf (ngettext ("Group, %u participant", "Group, %u participants", n), n);
}

static GtkWidget *
mark_button (SessioAgendaPage  *self,
             SessioSessionItem *item,
             const char        *status,
             const char        *label,
             const char        *icon_name,
             const char        *accessible_name)
{
  GtkWidget *button;

  if (self->narrow)
    {
      button = gtk_button_new_from_icon_name (icon_name);
      gtk_widget_set_tooltip_text (button, label);
      gtk_widget_add_css_class (button, "circular");
    }
  else
    button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "agenda.mark");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(xs)",
                                    sessio_session_item_get_id (item), status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name,
                                  -1);
  return button;
}

/* The row's start: its time over its length. */
static GtkWidget *
when_box (const char *time,
          const char *duration)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *time_label = gtk_label_new (time != NULL ? time : "");
  GtkWidget *duration_label = gtk_label_new (duration);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (box, 48, -1);
  gtk_widget_set_visible (time_label, time != NULL);
  gtk_widget_add_css_class (time_label, "heading");
  gtk_widget_add_css_class (time_label, "numeric");
  gtk_label_set_xalign (GTK_LABEL (time_label), 0);
  gtk_widget_add_css_class (duration_label, "caption");
  gtk_widget_add_css_class (duration_label, "dim-label");
  gtk_widget_add_css_class (duration_label, "numeric");
  gtk_label_set_xalign (GTK_LABEL (duration_label), 0);
  gtk_box_append (GTK_BOX (box), time_label);
  gtk_box_append (GTK_BOX (box), duration_label);
  return box;
}

/* The row's end: the status, or for a planned session that has begun the
 * Held and No-Show buttons.  Returns the status in words. */
static char *
add_status (SessioAgendaPage  *self,
            AdwActionRow      *row,
            SessioSessionItem *item,
            SessioStatus       status,
            gboolean           begun,
            const char        *time,
            const char        *name)
{
  char *status_text = capitalise (sessio_status_get_label (status));

  /* Marking is for what has begun: the store refuses a future one. */
  if (status == SESSIO_STATUS_PLANNED && begun)
    {
      const char *when = time != NULL ? time : sessio_session_item_get_when_text (item);
      g_autofree char *held_name = NULL;
      g_autofree char *no_show_name = NULL;

      /* Translators: a button's name for screen readers: "Mark 10:00 Anna Peeters as held" */
      held_name = g_strdup_printf (_("Mark %1$s %2$s as held"), when, name);
      /* Translators: a button's name for screen readers: "Mark 10:00 Anna Peeters as no-show" */
      no_show_name = g_strdup_printf (_("Mark %1$s %2$s as no-show"), when, name);
      adw_action_row_add_suffix (row, mark_button (self, item, "held", _("Held"),
                                                   "object-select-symbolic", held_name));
      adw_action_row_add_suffix (row, mark_button (self, item, "no-show", _("No-Show"),
                                                   "action-unavailable-symbolic", no_show_name));
    }
  else
    {
      GtkWidget *label = gtk_label_new (status_text);

      gtk_widget_add_css_class (label, "caption-heading");
      switch (status)
        {
        case SESSIO_STATUS_HELD: gtk_widget_add_css_class (label, "success"); break;
        case SESSIO_STATUS_NO_SHOW: gtk_widget_add_css_class (label, "warning"); break;
        case SESSIO_STATUS_PLANNED: gtk_widget_add_css_class (label, "accent"); break;
        case SESSIO_STATUS_CANCELLED:
        default: gtk_widget_add_css_class (label, "dim-label"); break;
        }
      adw_action_row_add_suffix (row, label);
    }
  return status_text;
}

/* A person, not an arrow: an arrow would say the row opens it. */
static GtkWidget *
file_button (gint64      patient_id,
             const char *name)
{
  GtkWidget *file = gtk_button_new_from_icon_name ("avatar-default-symbolic");
  /* Translators: a button's name for screen readers: "Open the file of Anna Peeters" */
  g_autofree char *file_name = g_strdup_printf (_("Open the file of %s"), name);

  gtk_widget_set_valign (file, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (file, "flat");
  gtk_widget_set_tooltip_text (file, _("Open Patient File"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (file),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, file_name,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (file), "agenda.open-patient");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (file), "x", patient_id);
  return file;
}

/* A session as a row: its time and length in front, who in the title,
 * what and where below, and its status or the two buttons at the end. */
static GtkWidget *
create_row (SessioAgendaPage  *self,
            SessioSessionItem *item,
            GDateTime         *now)
{
  const char *starts_at = sessio_session_item_get_starts_at (item);
  const char *location = sessio_session_item_get_location (item);
  gint64 patient_id = sessio_session_item_get_patient_id (item);
  g_autoptr(GDateTime) start = session_start (item);
  g_autofree char *name = row_name (self, item);
  g_autofree char *time = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *details = NULL;
  g_autofree char *description = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *accessible = NULL;
  SessioLocation where = SESSIO_LOCATION_PRACTICE;
  SessioStatus status = SESSIO_STATUS_HELD;
  GtkWidget *row = adw_action_row_new ();

  sessio_status_from_string (sessio_session_item_get_status (item), &status);
  if (location != NULL && *location != '\0')
    sessio_location_from_string (location, &where);

  time = starts_at != NULL && strlen (starts_at) >= 16 && starts_at[10] == 'T'
         ? g_strndup (starts_at + 11, 5) : NULL;
  /* Translators: a session's length in minutes, e.g. "60 min" */
  duration = g_strdup_printf (_("%d min"), sessio_session_item_get_duration (item));
  /* Translators: what and where, e.g. "Support · school" */
  details = g_strdup_printf (_("%1$s · %2$s"), sessio_session_item_get_care_label (item),
                             sessio_location_get_label (where));
  if (sessio_session_item_get_outside_convention (item))
    {
      /* Translators: a session's details, then that the network does not pay for it */
      g_autofree char *with = g_strdup_printf (_("%s · outside the convention"), details);
      g_free (details);
      details = g_steal_pointer (&with);
    }

  /* Names are text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  if (patient_id <= 0 && sessio_session_item_get_patient_name (item) != NULL)
    {
      /* A group: who takes part, on a line of its own. */
      g_autofree char *with_names = g_strdup_printf ("%s\n%s", details,
                                                     sessio_session_item_get_patient_name (item));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), with_names);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), details);

  adw_action_row_add_prefix (ADW_ACTION_ROW (row), when_box (time, duration));

  status_text = add_status (self, ADW_ACTION_ROW (row), item, status,
                            start != NULL && g_date_time_compare (start, now) <= 0, time, name);

  if (status == SESSIO_STATUS_CANCELLED)
    gtk_widget_add_css_class (row, "dim-label");

  /* A row opens its session (a group's in the group editor, see
   * sessio-window.c); a patient's file is one button further.  A group
   * has no one file. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-session");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", sessio_session_item_get_id (item));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (patient_id > 0)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), file_button (patient_id, name));

  /* Translators: a session row for screen readers: "10:00 Anna Peeters" */
  accessible = g_strdup_printf (_("%1$s %2$s"), time != NULL ? time : sessio_session_item_get_when_text (item), name);
  /* Translators: "<what and where>, <length>, <status>" */
  description = g_strdup_printf (_("%1$s, %2$s, %3$s"), details, duration, status_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  /* The row points at its title and subtitle labels too, and GTK 4.8
   * appends their text to the name ("10:00 Anna Peeters Anna Peeters"):
   * the name and description above say it all. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);

  return row;
}

static GtkWidget *
day_group (SessioAgendaPage *self,
           const GDate      *day,
           const GDate      *today,
           GtkWidget       **list)
{
  GtkWidget *group = adw_preferences_group_new ();

  /* The day view's heading already names the day. */
  if (is_week (self))
    {
      g_autofree char *title = sessio_format_day (day, FALSE);

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
      if (g_date_compare (day, today) == 0)
        {
          GtkWidget *label = gtk_label_new (C_("agenda", "Today"));

          gtk_widget_add_css_class (label, "accent");
          gtk_widget_add_css_class (label, "caption-heading");
          adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), label);
        }
    }

  *list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (*list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (*list, "boxed-list");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), *list);

  return group;
}

static void
update_header (SessioAgendaPage *self)
{
  g_autofree char *range = NULL;
  GDate from, to;

  sessio_agenda_page_get_range (self, &from, &to);
  range = is_week (self) ? sessio_format_date_range (&from, &to) : sessio_format_day (&from, TRUE);
  gtk_label_set_text (self->range_label, range);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->previous_button),
                               is_week (self) ? _("Previous Week") : _("Previous Day"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->next_button),
                               is_week (self) ? _("Next Week") : _("Next Day"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->previous_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  is_week (self) ? _("Previous Week") : _("Previous Day"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  is_week (self) ? _("Next Week") : _("Next Day"),
                                  -1);

  adw_status_page_set_title (self->empty_page,
                             is_week (self) ? _("No Sessions This Week") : _("No Sessions This Day"));
}

/* The rows of the sessions read last. */
static void
render (SessioAgendaPage *self)
{
  g_autoptr(GDateTime) now = get_now (self);
  GtkWidget *list = NULL;
  GDate today, group_day;
  guint n = self->shown != NULL ? g_list_model_get_n_items (self->shown) : 0;

  clear_days (self);
  get_today (self, &today);
  g_date_clear (&group_day, 1);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SessioSessionItem) item = g_list_model_get_item (self->shown, i);
      const char *starts_at = sessio_session_item_get_starts_at (item);
      char iso[11] = "";
      GDate day;

      if (starts_at != NULL)
        g_strlcpy (iso, starts_at, sizeof iso);
      if (!sessio_date_parse_iso (iso, &day))
        continue;

      /* Oldest first: a new day starts a new group. */
      if (list == NULL || g_date_compare (&day, &group_day) != 0)
        {
          group_day = day;
          gtk_box_append (self->days_box, day_group (self, &day, &today, &list));
        }
      gtk_list_box_append (GTK_LIST_BOX (list), create_row (self, item, now));
    }

  gtk_stack_set_visible_child_name (self->content_stack, n > 0 ? "list" : "empty");
}

static void
reload (SessioAgendaPage *self)
{
  g_autoptr(GError) error = NULL;
  GDate from, to;

  self->dirty = FALSE;
  g_clear_object (&self->shown);
  update_header (self);

  if (self->store == NULL)
    {
      g_clear_handle_id (&self->tick_id, g_source_remove);
      render (self);
      return;
    }

  get_today (self, &self->today);
  sessio_agenda_page_get_range (self, &from, &to);
  self->shown = sessio_patient_store_list_agenda (self->store, &from, &to, &error);
  if (self->shown == NULL)
    toast (self, adw_toast_new (error->message));
  render (self);
  schedule_tick (self);
}

static gboolean
relayout (gpointer user_data)
{
  SessioAgendaPage *self = user_data;

  self->relayout_id = 0;
  render (self);
  return G_SOURCE_REMOVE;
}

/* ---------------------------------------------------------- marking */

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SessioAgendaPage *self = SESSIO_AGENDA_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!self->has_undo || self->store == NULL)
    return;

  self->has_undo = FALSE;
  if (!sessio_patient_store_update_session (self->store, &self->undo, &error))
    toast (self, adw_toast_new (error->message));
  sessio_session_clear (&self->undo);
  reload (self);
}

static void
undo_clicked (SessioAgendaPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "agenda.undo", NULL);
}

static void
drop_undo (SessioAgendaPage *self)
{
  if (self->undo_toast != NULL)
    {
      AdwToast *t = self->undo_toast;

      /* The toast may outlive the page: no weak pointer into it. */
      g_object_remove_weak_pointer (G_OBJECT (t), (gpointer *) &self->undo_toast);
      self->undo_toast = NULL;
      adw_toast_dismiss (t);
    }
  if (self->has_undo)
    sessio_session_clear (&self->undo);
  self->has_undo = FALSE;
}

typedef struct
{
  SessioAgendaPage *page;
  gint64            session_id;
} MarkData;

static void mark_session (SessioAgendaPage *self,
                          gint64            session_id,
                          const char       *status,
                          gboolean          outside_convention);

static void
mark_response (AdwMessageDialog *dialog,
               const char       *response,
               gpointer          user_data)
{
  MarkData *data = user_data;

  if (g_strcmp0 (response, "outside") == 0)
    mark_session (data->page, data->session_id, "held", TRUE);
  g_object_unref (data->page);
  g_free (data);
}

/* As the patient page does: a session the convention does not pay for
 * is held only once the user says it is outside the convention. */
static void
ask_outside_convention (SessioAgendaPage *self,
                        gint64            session_id,
                        const char       *reason)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *ask;
  MarkData *data = g_new0 (MarkData, 1);

  ask = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                    _("Save Outside the Convention?"), NULL));
  adw_message_dialog_format_body (ask, "%s\n\n%s", reason,
                                  _("The session can be kept in the patient file as outside the convention: it is not billed to the network and does not count towards the limit."));
  adw_message_dialog_add_responses (ask,
                                    "cancel", _("_Cancel"),
                                    "outside", _("Save _Outside the Convention"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ask, "outside", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ask, "cancel");
  data->page = g_object_ref (self);
  data->session_id = session_id;
  g_signal_connect (ask, "response", G_CALLBACK (mark_response), data);
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (ask));
  gtk_window_present (GTK_WINDOW (ask));
}

static void
mark_session (SessioAgendaPage *self,
              gint64            session_id,
              const char       *status,
              gboolean          outside_convention)
{
  g_autoptr(GError) error = NULL;
  SessioSession before = { 0 };
  AdwToast *done;

  if (self->store == NULL)
    return;

  /* Read first: undoing writes this copy back. */
  if (!sessio_patient_store_get_session (self->store, session_id, &before, &error))
    {
      toast (self, adw_toast_new (error->message));
      return;
    }

  if (!sessio_patient_store_set_session_status (self->store, session_id, status,
                                                outside_convention, &error))
    {
      sessio_session_clear (&before);
      if (g_error_matches (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED))
        ask_outside_convention (self, session_id, error->message);
      else
        toast (self, adw_toast_new (error->message));
      return;
    }

  drop_undo (self);
  self->undo = before;
  self->has_undo = TRUE;

  done = adw_toast_new (g_strcmp0 (status, "held") == 0 ? _("Session marked held")
                                                        : _("Session marked as no-show"));
  adw_toast_set_button_label (done, _("_Undo"));
  /* Not an action name: the toast lives in the overlay, above the page,
   * where the page's actions are out of reach. */
  g_signal_connect_object (done, "button-clicked", G_CALLBACK (undo_clicked), self, G_CONNECT_SWAPPED);
  adw_toast_set_priority (done, ADW_TOAST_PRIORITY_HIGH);
  self->undo_toast = done;
  g_object_add_weak_pointer (G_OBJECT (done), (gpointer *) &self->undo_toast);
  toast (self, done);
  fix_toast_buttons (self);

  reload (self);
}

static void
mark_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  const char *status;
  gint64 id;

  g_variant_get (param, "(x&s)", &id, &status);
  mark_session (SESSIO_AGENDA_PAGE (widget), id, status, FALSE);
}

static void
open_patient_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  g_signal_emit (widget, signals[OPEN_PATIENT], 0, g_variant_get_int64 (param));
}

/* ------------------------------------------------------- navigation */

static void
step (SessioAgendaPage *self,
      int               direction)
{
  guint days = is_week (self) ? 7 : 1;

  if (direction > 0)
    g_date_add_days (&self->anchor, days);
  else
    g_date_subtract_days (&self->anchor, days);
  reload (self);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  step (SESSIO_AGENDA_PAGE (widget), -1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  step (SESSIO_AGENDA_PAGE (widget), 1);
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SessioAgendaPage *self = SESSIO_AGENDA_PAGE (widget);

  get_today (self, &self->anchor);
  reload (self);
}

/* The keyboard shortcuts work wherever the focus is in the window, but
 * only while the agenda is shown: otherwise Alt+Left is left to others
 * (a folded leaflet goes back with it). */
static gboolean
shortcut_activated (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  if (!gtk_widget_get_mapped (widget) || SESSIO_AGENDA_PAGE (widget)->store == NULL)
    return FALSE;
  return gtk_widget_activate_action (widget, user_data, NULL);
}

static void
add_shortcut (GtkShortcutController *controller,
              const char            *accelerator,
              const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (accelerator),
                                                          gtk_callback_action_new (shortcut_activated,
                                                                                   (gpointer) action, NULL)));
}

/* ------------------------------------------------------- public API */

static void
store_changed (SessioAgendaPage *self)
{
  /* Hidden, the page waits until it is shown (see map()). */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  else
    self->dirty = TRUE;
}

/**
 * sessio_agenda_page_set_store:
 * @store: (nullable): the unlocked vault's store, or %NULL when locked
 */
void
sessio_agenda_page_set_store (SessioAgendaPage   *self,
                              SessioPatientStore *store)
{
  g_return_if_fail (SESSIO_IS_AGENDA_PAGE (self));

  drop_undo (self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed),
                             self, G_CONNECT_SWAPPED);

  /* An unlocked vault opens on this week. */
  get_today (self, &self->anchor);
  reload (self);
}

const char *
sessio_agenda_page_get_view (SessioAgendaPage *self)
{
  g_return_val_if_fail (SESSIO_IS_AGENDA_PAGE (self), NULL);

  return self->view;
}

void
sessio_agenda_page_set_view (SessioAgendaPage *self,
                             const char       *view)
{
  g_return_if_fail (SESSIO_IS_AGENDA_PAGE (self));
  g_return_if_fail (g_strcmp0 (view, "day") == 0 || g_strcmp0 (view, "week") == 0);

  if (g_strcmp0 (view, self->view) == 0)
    return;

  /* From a week to a day: today when the week holds it, else its Monday. */
  if (g_strcmp0 (view, "day") == 0)
    {
      GDate today, from, to;

      get_today (self, &today);
      sessio_agenda_page_get_range (self, &from, &to);
      self->anchor = range_contains (self, &today) ? today : from;
    }

  g_free (self->view);
  self->view = g_strdup (view);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

void
sessio_agenda_page_show_day (SessioAgendaPage *self,
                             const GDate      *day)
{
  g_return_if_fail (SESSIO_IS_AGENDA_PAGE (self));
  g_return_if_fail (day != NULL && g_date_valid (day));

  self->anchor = *day;
  reload (self);
}

/**
 * sessio_agenda_page_get_shown:
 *
 * Returns: (transfer none) (nullable): the sessions shown
 */
GListModel *
sessio_agenda_page_get_shown (SessioAgendaPage *self)
{
  g_return_val_if_fail (SESSIO_IS_AGENDA_PAGE (self), NULL);

  return self->shown;
}

/* ----------------------------------------------------------- object */

static void
sessio_agenda_page_map (GtkWidget *widget)
{
  SessioAgendaPage *self = SESSIO_AGENDA_PAGE (widget);
  GDate today;

  GTK_WIDGET_CLASS (sessio_agenda_page_parent_class)->map (widget);

  /* Hidden, the page let changes pass; and the date may have changed
   * while the computer slept. */
  get_today (self, &today);
  if (self->dirty || (g_date_valid (&self->today) && g_date_compare (&today, &self->today) != 0))
    follow_today (self);
}

/* The page lays out its child itself, rather than through AdwBin's
 * layout manager, to learn its width (GTK 4.8 has no breakpoints). */
static GtkSizeRequestMode
sessio_agenda_page_get_request_mode (GtkWidget *widget)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
sessio_agenda_page_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

static void
sessio_agenda_page_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  SessioAgendaPage *self = SESSIO_AGENDA_PAGE (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));
  gboolean narrow = width < NARROW_WIDTH;

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);

  /* Rows are not rebuilt in the middle of a layout: right after it. */
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      if (self->relayout_id == 0)
        self->relayout_id = g_idle_add (relayout, self);
    }
}

static void
sessio_agenda_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SessioAgendaPage *self = SESSIO_AGENDA_PAGE (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_string (value, self->view);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sessio_agenda_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SessioAgendaPage *self = SESSIO_AGENDA_PAGE (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      sessio_agenda_page_set_view (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sessio_agenda_page_dispose (GObject *object)
{
  SessioAgendaPage *self = SESSIO_AGENDA_PAGE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->relayout_id, g_source_remove);
  drop_undo (self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->shown);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_AGENDA_PAGE);

  G_OBJECT_CLASS (sessio_agenda_page_parent_class)->dispose (object);
}

static void
sessio_agenda_page_finalize (GObject *object)
{
  SessioAgendaPage *self = SESSIO_AGENDA_PAGE (object);

  g_free (self->view);

  G_OBJECT_CLASS (sessio_agenda_page_parent_class)->finalize (object);
}

static void
sessio_agenda_page_class_init (SessioAgendaPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_agenda_page_dispose;
  object_class->finalize = sessio_agenda_page_finalize;
  object_class->get_property = sessio_agenda_page_get_property;
  object_class->set_property = sessio_agenda_page_set_property;
  widget_class->map = sessio_agenda_page_map;
  widget_class->size_allocate = sessio_agenda_page_size_allocate;
  widget_class->measure = sessio_agenda_page_measure;
  widget_class->get_request_mode = sessio_agenda_page_get_request_mode;

  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "week",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[OPEN_PATIENT] =
    g_signal_new ("open-patient", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-agenda-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioAgendaPage, previous_button);
  gtk_widget_class_bind_template_child (widget_class, SessioAgendaPage, next_button);
  gtk_widget_class_bind_template_child (widget_class, SessioAgendaPage, day_button);
  gtk_widget_class_bind_template_child (widget_class, SessioAgendaPage, week_button);
  gtk_widget_class_bind_template_child (widget_class, SessioAgendaPage, range_label);
  gtk_widget_class_bind_template_child (widget_class, SessioAgendaPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SessioAgendaPage, days_box);
  gtk_widget_class_bind_template_child (widget_class, SessioAgendaPage, empty_page);

  gtk_widget_class_install_action (widget_class, "agenda.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "agenda.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "agenda.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "agenda.mark", "(xs)", mark_action);
  gtk_widget_class_install_action (widget_class, "agenda.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "agenda.open-patient", "x", open_patient_action);
  gtk_widget_class_install_property_action (widget_class, "agenda.view", "view");
}

static void
sessio_agenda_page_init (SessioAgendaPage *self)
{
  GtkEventController *shortcuts;

  self->view = g_strdup ("week");
  g_date_clear (&self->today, 1);
  g_date_clear (&self->anchor, 1);
  get_today (self, &self->anchor);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
  /* "New _Group Session…": named without the underscore. */
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self));

  /* Managed: run by the window whatever has the focus (see
   * shortcut_activated()). */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Alt>Left", "agenda.previous");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Alt>Right", "agenda.next");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Alt>Home", "agenda.today");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>t", "agenda.today");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  reload (self);
}
