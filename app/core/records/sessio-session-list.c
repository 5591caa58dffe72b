/* sessio-session-list.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-format.h"
#include "sessio-session-list.h"

struct _SessioSessionItem
{
  GObject            parent_instance;

  gint64             id;
  gint64             trajectory_id;
  gint64             patient_id;    /* agenda only; 0 for a group */
  char              *patient_name;  /* agenda only */
  char              *starts_at;
  char              *when_text;     /* lazily */
  char              *care;
  char              *setting;
  char              *status;
  char              *location;
  char              *copay;
  char              *notes;
  int                duration;
  gboolean           outside_convention;
  gboolean           evaluated;
  SessioSessionInfo  info;
  SessioEvalResult   result;
  char              *explanation;   /* lazily */
};

G_DEFINE_FINAL_TYPE (SessioSessionItem, sessio_session_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_WHEN_TEXT,
  PROP_CARE_LABEL,
  PROP_STATUS,
  PROP_EXPLANATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sessio_session_item_finalize (GObject *object)
{
  SessioSessionItem *self = SESSIO_SESSION_ITEM (object);

  g_free (self->patient_name);
  g_free (self->starts_at);
  g_free (self->when_text);
  g_free (self->care);
  g_free (self->setting);
  g_free (self->status);
  g_free (self->location);
  g_free (self->copay);
  g_free (self->notes);
  g_free (self->explanation);

  G_OBJECT_CLASS (sessio_session_item_parent_class)->finalize (object);
}

static void
sessio_session_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SessioSessionItem *self = SESSIO_SESSION_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_WHEN_TEXT:
      g_value_set_string (value, sessio_session_item_get_when_text (self));
      break;
    case PROP_CARE_LABEL:
      g_value_set_string (value, sessio_session_item_get_care_label (self));
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_EXPLANATION:
      g_value_set_string (value, sessio_session_item_get_explanation (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sessio_session_item_class_init (SessioSessionItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sessio_session_item_finalize;
  object_class->get_property = sessio_session_item_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WHEN_TEXT] = g_param_spec_string ("when-text", NULL, NULL, NULL,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CARE_LABEL] = g_param_spec_string ("care-label", NULL, NULL, NULL,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPLANATION] = g_param_spec_string ("explanation", NULL, NULL, NULL,
                                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sessio_session_item_init (SessioSessionItem *self)
{
}

gint64
sessio_session_item_get_id (SessioSessionItem *self)
{
  return self->id;
}

gint64
sessio_session_item_get_trajectory_id (SessioSessionItem *self)
{
  return self->trajectory_id;
}

gint64
sessio_session_item_get_patient_id (SessioSessionItem *self)
{
  return self->patient_id;
}

const char *
sessio_session_item_get_patient_name (SessioSessionItem *self)
{
  return self->patient_name;
}

const char *
sessio_session_item_get_starts_at (SessioSessionItem *self)
{
  return self->starts_at;
}

const char *
sessio_session_item_get_care (SessioSessionItem *self)
{
  return self->care;
}

const char *
sessio_session_item_get_setting (SessioSessionItem *self)
{
  return self->setting;
}

const char *
sessio_session_item_get_status (SessioSessionItem *self)
{
  return self->status;
}

const char *
sessio_session_item_get_location (SessioSessionItem *self)
{
  return self->location;
}

const char *
sessio_session_item_get_copay (SessioSessionItem *self)
{
  return self->copay;
}

const char *
sessio_session_item_get_notes (SessioSessionItem *self)
{
  return self->notes;
}

int
sessio_session_item_get_duration (SessioSessionItem *self)
{
  return self->duration;
}

gboolean
sessio_session_item_get_outside_convention (SessioSessionItem *self)
{
  return self->outside_convention;
}

const SessioEvalResult *
sessio_session_item_get_result (SessioSessionItem *self)
{
  return self->evaluated ? &self->result : NULL;
}

const char *
sessio_session_item_get_care_label (SessioSessionItem *self)
{
  SessioCare care;

  if (sessio_care_from_string (self->care, &care))
    return sessio_care_get_title (care);
  return self->care;
}

const char *
sessio_session_item_get_when_text (SessioSessionItem *self)
{
  if (self->when_text == NULL)
    {
      GDate date;
      char day[11] = "";

      g_date_clear (&date, 1);
      if (self->starts_at != NULL)
        g_strlcpy (day, self->starts_at, sizeof day);
      if (sessio_date_parse_iso (day, &date))
        {
          g_autofree char *text = sessio_format_date (&date);

          if (strlen (self->starts_at) == 16)
            /* Translators: a session's date and time, e.g. "3 March 2025, 14:30". */
            self->when_text = g_strdup_printf (_("%1$s, %2$s"), text, self->starts_at + 11);
          else
            self->when_text = g_steal_pointer (&text);
        }
      else
        self->when_text = g_strdup ("");
    }
  return self->when_text;
}

const char *
sessio_session_item_get_explanation (SessioSessionItem *self)
{
  if (self->explanation == NULL)
    {
      if (self->outside_convention)
        self->explanation = g_strdup (_("Outside the convention: not billed to the network"));
      else if (self->evaluated)
        self->explanation = sessio_eval_result_explain (&self->result, &self->info);
      else
        self->explanation = g_strdup ("");
    }
  return self->explanation;
}

static gint
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  SessioSessionItem *x = (SessioSessionItem *) a, *y = (SessioSessionItem *) b;
  int c = g_strcmp0 (y->starts_at, x->starts_at);

  if (c != 0)
    return c;
  return y->id < x->id ? -1 : y->id > x->id;
}

static gboolean
add_trajectory (SessioPatientStore  *store,
                sqlite3             *db,
                gint64               trajectory_id,
                GListStore          *list,
                GError             **error)
{
  g_autoptr(SessioTrajectoryEvaluation) evaluation = NULL;
  sqlite3_stmt *stmt = NULL;

  evaluation = sessio_patient_store_evaluate_trajectory (store, trajectory_id, NULL, error);
  if (evaluation == NULL)
    return FALSE;

  if (sqlite3_prepare_v2 (db,
                          "SELECT id, starts_at, care_type, setting, status, location, copay, notes,"
                          "  duration_min, outside_convention FROM session WHERE trajectory_id = ?1"
                          " UNION ALL"
                          " SELECT s.id, s.starts_at, s.care_type, s.setting,"
                          "  CASE WHEN s.status = 'held' THEN replace (g.status, 'excused', 'cancelled') ELSE s.status END,"
                          "  s.location, g.copay, s.notes, s.duration_min, s.outside_convention"
                          " FROM group_participant g JOIN session s ON s.id = g.session_id"
                          " WHERE g.trajectory_id = ?1", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The sessions could not be read"));
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, trajectory_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(SessioSessionItem) item = g_object_new (SESSIO_TYPE_SESSION_ITEM, NULL);
      const SessioSessionEvaluation *entry;

      item->id = sqlite3_column_int64 (stmt, 0);
      item->trajectory_id = trajectory_id;
      item->starts_at = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      item->care = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      item->setting = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      item->status = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      item->location = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      item->copay = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      item->notes = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      item->duration = sqlite3_column_int (stmt, 8);
      item->outside_convention = sqlite3_column_int (stmt, 9) != 0;
      entry = sessio_trajectory_evaluation_find (evaluation, item->id);
      if (entry != NULL)
        {
          item->evaluated = TRUE;
          item->info = entry->info;
          item->result = entry->result;
        }
      g_list_store_append (list, item);
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

GListModel *
sessio_patient_store_list_trajectory_sessions (SessioPatientStore  *store,
                                               gint64               trajectory_id,
                                               GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (store, error);
  g_autoptr(GListStore) list = g_list_store_new (SESSIO_TYPE_SESSION_ITEM);

  if (db == NULL || !add_trajectory (store, db, trajectory_id, list, error))
    return NULL;
  g_list_store_sort (list, compare_newest_first, NULL);
  return G_LIST_MODEL (g_steal_pointer (&list));
}

GListModel *
sessio_patient_store_list_sessions (SessioPatientStore  *store,
                                    gint64               patient_id,
                                    GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (store, error);
  g_autoptr(GListStore) list = g_list_store_new (SESSIO_TYPE_SESSION_ITEM);
  g_autoptr(GArray) trajectories = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  if (db == NULL)
    return NULL;
  if (sqlite3_prepare_v2 (db, "SELECT id FROM trajectory WHERE patient_id = ? ORDER BY id",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The sessions could not be read"));
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, patient_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (trajectories, id);
    }
  sqlite3_finalize (stmt);

  for (guint i = 0; i < trajectories->len; i++)
    if (!add_trajectory (store, db, g_array_index (trajectories, gint64, i), list, error))
      return NULL;

  g_list_store_sort (list, compare_newest_first, NULL);
  return G_LIST_MODEL (g_steal_pointer (&list));
}

GListModel *
sessio_patient_store_list_agenda (SessioPatientStore  *store,
                                  const GDate         *from,
                                  const GDate         *to,
                                  GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (store, error);
  g_autoptr(GListStore) list = g_list_store_new (SESSIO_TYPE_SESSION_ITEM);
  sqlite3_stmt *stmt = NULL;
  char from_text[11], to_text[11];

  if (db == NULL)
    return NULL;
  sessio_date_to_iso (from, from_text);
  sessio_date_to_iso (to, to_text);

  /* starts_at is "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM": comparing its date
   * part keeps both forms in range.  A group session is one row, named by
   * its participants. */
  if (sqlite3_prepare_v2 (db,
                          "SELECT s.id, coalesce (s.trajectory_id, 0), s.starts_at, s.care_type, s.setting,"
                          "  s.status, s.location, s.copay, s.notes, s.duration_min, s.outside_convention,"
                          "  coalesce (p.id, 0),"
                          "  coalesce (p.name, (SELECT group_concat (q.name, ', ') FROM group_participant g"
                          "    JOIN trajectory u ON u.id = g.trajectory_id JOIN patient q ON q.id = u.patient_id"
                          "    WHERE g.session_id = s.id AND q.closed_at IS NULL))"
                          " FROM session s LEFT JOIN trajectory t ON t.id = s.trajectory_id"
                          " LEFT JOIN patient p ON p.id = t.patient_id"
                          " WHERE substr (s.starts_at, 1, 10) BETWEEN ?1 AND ?2"
                          /* A closed file is not on the agenda;
                           * a group session stays, named by the others. */
                          "  AND (p.id IS NULL OR p.closed_at IS NULL)"
                          " ORDER BY s.starts_at, s.id", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The sessions could not be read"));
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, from_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to_text, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(SessioSessionItem) item = g_object_new (SESSIO_TYPE_SESSION_ITEM, NULL);

      item->id = sqlite3_column_int64 (stmt, 0);
      item->trajectory_id = sqlite3_column_int64 (stmt, 1);
      item->starts_at = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      item->care = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      item->setting = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      item->status = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      item->location = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      item->copay = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      item->notes = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      item->duration = sqlite3_column_int (stmt, 9);
      item->outside_convention = sqlite3_column_int (stmt, 10) != 0;
      item->patient_id = sqlite3_column_int64 (stmt, 11);
      item->patient_name = g_strdup ((const char *) sqlite3_column_text (stmt, 12));
      g_list_store_append (list, item);
    }
  sqlite3_finalize (stmt);

  return G_LIST_MODEL (g_steal_pointer (&list));
}
