/* sessio-timeline.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built from what the store already gives: the patient's sessions with
 * their evaluation (sessio_patient_store_list_sessions()), the
 * trajectories, and the history and closure tables.  Nothing is stored
 * twice.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sessio-format.h"
#include "sessio-labels.h"
#include "sessio-session-list.h"
#include "sessio-sql-private.h"
#include "sessio-timeline.h"

/* How much of a note the timeline shows. */
#define NOTE_START_CHARS 80

struct _SessioTimelineEntry
{
  GObject  parent_instance;

  char    *when;
  char    *kind;
  char    *entity;
  gint64   entity_id;
  char    *status;
  char    *title;
  char    *detail;
  char    *text;      /* the whole note or summary, for the GUI */
  GObject *item;      /* a session's SessioSessionItem */
};

G_DEFINE_FINAL_TYPE (SessioTimelineEntry, sessio_timeline_entry, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_WHEN,
  PROP_KIND,
  PROP_STATUS,
  PROP_TITLE,
  PROP_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sessio_timeline_entry_finalize (GObject *object)
{
  SessioTimelineEntry *self = SESSIO_TIMELINE_ENTRY (object);

  g_free (self->when);
  g_free (self->kind);
  g_free (self->entity);
  g_free (self->status);
  g_free (self->title);
  g_free (self->detail);
  g_free (self->text);
  g_clear_object (&self->item);
  G_OBJECT_CLASS (sessio_timeline_entry_parent_class)->finalize (object);
}

static void
sessio_timeline_entry_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SessioTimelineEntry *self = SESSIO_TIMELINE_ENTRY (object);

  switch (prop_id)
    {
    case PROP_WHEN:
      g_value_set_string (value, self->when);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sessio_timeline_entry_class_init (SessioTimelineEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sessio_timeline_entry_finalize;
  object_class->get_property = sessio_timeline_entry_get_property;
  properties[PROP_WHEN] = g_param_spec_string ("when", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sessio_timeline_entry_init (SessioTimelineEntry *self)
{
}

const char *
sessio_timeline_entry_get_when (SessioTimelineEntry *self)
{
  return self->when;
}

const char *
sessio_timeline_entry_get_kind (SessioTimelineEntry *self)
{
  return self->kind;
}

const char *
sessio_timeline_entry_get_entity (SessioTimelineEntry *self)
{
  return self->entity;
}

gint64
sessio_timeline_entry_get_entity_id (SessioTimelineEntry *self)
{
  return self->entity_id;
}

const char *
sessio_timeline_entry_get_status (SessioTimelineEntry *self)
{
  return self->status;
}

const char *
sessio_timeline_entry_get_title (SessioTimelineEntry *self)
{
  return self->title;
}

const char *
sessio_timeline_entry_get_detail (SessioTimelineEntry *self)
{
  return self->detail != NULL ? self->detail : "";
}

const char *
sessio_timeline_entry_get_text (SessioTimelineEntry *self)
{
  return self->text != NULL ? self->text : "";
}

SessioSessionItem *
sessio_timeline_entry_get_session_item (SessioTimelineEntry *self)
{
  return (SessioSessionItem *) self->item;
}

/* Takes @title and @detail. */
static SessioTimelineEntry *
add_entry (GPtrArray  *entries,
           const char *when,
           const char *kind,
           const char *entity,
           gint64      entity_id,
           const char *status,
           char       *title,
           char       *detail)
{
  SessioTimelineEntry *entry = g_object_new (SESSIO_TYPE_TIMELINE_ENTRY, NULL);

  entry->when = g_strdup (when);
  entry->kind = g_strdup (kind);
  entry->entity = g_strdup (entity);
  entry->entity_id = entity_id;
  entry->status = g_strdup (status);
  entry->title = title;
  entry->detail = detail;
  g_ptr_array_add (entries, entry);
  return entry;
}

/* The first line of @text, at most NOTE_START_CHARS characters. */
static char *
text_start (const char *text)
{
  g_autofree char *line = NULL;
  const char *end;

  if (text == NULL || *text == '\0')
    return NULL;
  end = strchr (text, '\n');
  line = end != NULL ? g_strndup (text, (gsize) (end - text)) : g_strdup (text);
  if (g_utf8_strlen (line, -1) > NOTE_START_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (line, 0, NOTE_START_CHARS);

      return g_strconcat (cut, "…", NULL);
    }
  if (end != NULL && end[1] != '\0')
    return g_strconcat (line, "…", NULL);
  return g_steal_pointer (&line);
}

static char *
join_details (const char *first,
              const char *second)
{
  if (first == NULL || *first == '\0')
    return g_strdup (second != NULL ? second : "");
  if (second == NULL || *second == '\0')
    return g_strdup (first);
  return g_strdup_printf ("%s — %s", first, second);
}

static const char *
status_label (const char *status)
{
  if (g_strcmp0 (status, "planned") == 0)
    return _("planned");
  if (g_strcmp0 (status, "held") == 0)
    return _("held");
  if (g_strcmp0 (status, "no-show") == 0)
    return _("no-show");
  if (g_strcmp0 (status, "cancelled") == 0)
    return _("cancelled");
  if (g_strcmp0 (status, "excused") == 0)
    return _("excused");
  return status;
}

static gboolean
add_sessions (SessioPatientStore  *store,
              gint64               patient_id,
              GPtrArray           *entries,
              GError             **error)
{
  g_autoptr(GListModel) sessions = sessio_patient_store_list_sessions (store, patient_id, error);

  if (sessions == NULL)
    return FALSE;
  /* The list is newest first; the timeline oldest first (the sort below
   * is stable, so sessions of one day keep their order). */
  for (guint i = g_list_model_get_n_items (sessions); i-- > 0;)
    {
      g_autoptr(SessioSessionItem) item = g_list_model_get_item (sessions, i);
      g_autofree char *note = text_start (sessio_session_item_get_notes (item));
      const char *status = sessio_session_item_get_status (item);
      SessioTimelineEntry *entry;
      char *title;

      if (g_strcmp0 (sessio_session_item_get_setting (item), "group") == 0)
        /* Translators: a session in a patient's timeline; %1$s is a care
         * type ("Support"), %2$s a status ("held"). */
        title = g_strdup_printf (_("%1$s, group session: %2$s"), sessio_session_item_get_care_label (item),
                                 status_label (status));
      else
        /* Translators: a session in a patient's timeline; %1$s is a care
         * type ("Support"), %2$s a status ("held"). */
        title = g_strdup_printf (_("%1$s, individual session: %2$s"), sessio_session_item_get_care_label (item),
                                 status_label (status));
      entry = add_entry (entries, sessio_session_item_get_starts_at (item), "session", "session",
                         sessio_session_item_get_id (item), status, title,
                         join_details (sessio_session_item_get_explanation (item), note));
      entry->text = g_strdup (sessio_session_item_get_notes (item));
      entry->item = G_OBJECT (g_object_ref (item));
    }
  return TRUE;
}

static gboolean
add_trajectories (sqlite3    *db,
                  gint64      patient_id,
                  GPtrArray  *entries,
                  GError    **error)
{
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (db, "SELECT t.id, t.start_date, t.bilan_date, t.bilan_summary, t.end_date,"
                                      " t.outcome, t.referred_to, t.closing_summary, e.network_name"
                                      " FROM trajectory t JOIN engagement e ON e.id = t.engagement_id"
                                      " WHERE t.patient_id = ? ORDER BY t.start_date, t.id", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, patient_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *start = (const char *) sqlite3_column_text (stmt, 1);
      const char *bilan = (const char *) sqlite3_column_text (stmt, 2);
      const char *end = (const char *) sqlite3_column_text (stmt, 4);
      const char *outcome = (const char *) sqlite3_column_text (stmt, 5);
      const char *referred_to = (const char *) sqlite3_column_text (stmt, 6);

      /* Translators: %s is the name of a network. */
      add_entry (entries, start, "trajectory-start", "trajectory", id, NULL,
                 g_strdup_printf (_("Trajectory started with %s"), (const char *) sqlite3_column_text (stmt, 8)),
                 NULL);
      if (bilan != NULL)
        add_entry (entries, bilan, "assessment", "trajectory", id, NULL, g_strdup (_("Functional assessment")),
                   text_start ((const char *) sqlite3_column_text (stmt, 3)))->text =
          sessio_sql_column_text (stmt, 3);
      if (end != NULL)
        {
          g_autofree char *summary = text_start ((const char *) sqlite3_column_text (stmt, 7));
          char *title;

          if (g_strcmp0 (outcome, "referred") == 0 && referred_to != NULL)
            /* Translators: %s is whom the patient was referred to. */
            title = g_strdup_printf (_("Trajectory ended: referred to %s"), referred_to);
          else if (g_strcmp0 (outcome, "referred") == 0)
            title = g_strdup (_("Trajectory ended: referred"));
          else if (g_strcmp0 (outcome, "completed") == 0)
            title = g_strdup (_("Trajectory ended: completed"));
          else if (g_strcmp0 (outcome, "stopped") == 0)
            title = g_strdup (_("Trajectory ended: stopped"));
          else
            title = g_strdup (_("Trajectory ended"));
          add_entry (entries, end, "trajectory-end", "trajectory", id, NULL, title, g_steal_pointer (&summary))->text =
            sessio_sql_column_text (stmt, 7);
        }
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/* "6 December 2026" from a stored "2026-12-06" or "2026-12-06T10:00". */
static char *
day_text (const char *stored)
{
  g_autoptr(GDate) day = NULL;
  int y, m, d;

  if (stored == NULL || sscanf (stored, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return g_strdup (stored != NULL ? stored : "");
  day = g_date_new_dmy (d, m, y);
  return sessio_format_date (day);
}

/* One entry per correction (a save that changed fields), naming the
 * fields as people do.  A group session's correction shows in a
 * participant's file with what concerns everyone and their own
 * attendance and co-payment; another participant's attendance is theirs
 * and stays out of this file, as does a correction that touched only
 * other participants. */
static gboolean
add_corrections (sqlite3    *db,
                 gint64      patient_id,
                 GPtrArray  *entries,
                 GError    **error)
{
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (db,
                                  "SELECT changed_at, 'patient', patient_id, group_concat (field), NULL FROM patient_history"
                                  " WHERE patient_id = ?1 GROUP BY changed_at"
                                  " UNION ALL SELECT h.changed_at, 'trajectory', h.trajectory_id, group_concat (h.field),"
                                  "  t.start_date"
                                  " FROM trajectory_history h JOIN trajectory t ON t.id = h.trajectory_id"
                                  " WHERE t.patient_id = ?1 GROUP BY h.changed_at, h.trajectory_id"
                                  " UNION ALL SELECT h.changed_at, 'session', h.session_id, group_concat (h.field), s.starts_at"
                                  " FROM session_history h JOIN session s ON s.id = h.session_id WHERE h.session_id IN"
                                  "  (SELECT s.id FROM session s JOIN trajectory t ON t.id = s.trajectory_id WHERE t.patient_id = ?1"
                                  "   UNION SELECT g.session_id FROM group_participant g JOIN trajectory t ON t.id = g.trajectory_id"
                                  "   WHERE t.patient_id = ?1)"
                                  "  AND (h.field NOT LIKE 'participant%:%'"
                                  "       OR CAST (substr (h.field, instr (h.field, ':') + 1) AS INTEGER)"
                                  "          IN (SELECT id FROM trajectory WHERE patient_id = ?1))"
                                  " GROUP BY h.changed_at, h.session_id", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, patient_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *entity = (const char *) sqlite3_column_text (stmt, 1);
      gint64 id = sqlite3_column_int64 (stmt, 2);
      g_autofree char *day = day_text ((const char *) sqlite3_column_text (stmt, 4));
      char *title;

      if (strcmp (entity, "session") == 0)
        /* Translators: in the patient's timeline; %s is the session's date */
        title = g_strdup_printf (_("Session of %s corrected"), day);
      else if (strcmp (entity, "trajectory") == 0)
        /* Translators: in the patient's timeline; %s is the date the trajectory started */
        title = g_strdup_printf (_("Trajectory from %s corrected"), day);
      else
        title = g_strdup (_("Patient details corrected"));
      add_entry (entries, (const char *) sqlite3_column_text (stmt, 0), "correction", entity, id, NULL, title,
                 sessio_fields_describe ((const char *) sqlite3_column_text (stmt, 3)));
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
add_closures (SessioPatientStore  *store,
              gint64               patient_id,
              GPtrArray           *entries,
              GError             **error)
{
  g_autoptr(GPtrArray) closures = sessio_patient_store_list_closures (store, patient_id, error);

  if (closures == NULL)
    return FALSE;
  for (guint i = 0; i < closures->len; i++)
    {
      const SessioClosure *closure = g_ptr_array_index (closures, i);
      gboolean close = g_strcmp0 (closure->action, "close") == 0;

      add_entry (entries, closure->at, closure->action, "patient", patient_id, NULL,
                 /* Translators: %s is the account that closed or reopened the file. */
                 g_strdup_printf (close ? _("File closed by %s") : _("File reopened by %s"), closure->by_whom),
                 g_strdup (closure->reason));
    }
  return TRUE;
}

static gint
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  SessioTimelineEntry *x = *(SessioTimelineEntry * const *) a, *y = *(SessioTimelineEntry * const *) b;

  /* Dates ("2025-03-03"), times ("2025-03-03T10:00") and UTC stamps
   * ("2025-03-03T10:00:00Z") sort as text. */
  return g_strcmp0 (x->when, y->when);
}

GListModel *
sessio_patient_store_get_timeline (SessioPatientStore  *store,
                                   gint64               patient_id,
                                   GError             **error)
{
  g_autoptr(SessioPatient) patient = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  GListStore *model;
  sqlite3 *db;

  /* Reading the patient audits the view (and says whether it exists). */
  if ((patient = sessio_patient_store_get_patient (store, patient_id, error)) == NULL ||
      (db = sessio_patient_store_get_db (store, error)) == NULL)
    return NULL;
  if (!add_sessions (store, patient_id, entries, error) ||
      !add_trajectories (db, patient_id, entries, error) ||
      !add_corrections (db, patient_id, entries, error) ||
      !add_closures (store, patient_id, entries, error))
    return NULL;

  g_ptr_array_sort (entries, compare_entries);
  model = g_list_store_new (SESSIO_TYPE_TIMELINE_ENTRY);
  g_list_store_splice (model, 0, 0, entries->pdata, entries->len);
  return G_LIST_MODEL (model);
}
