/* sessio-patient-list.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * At 10,000 patients the list must load in one query and filter without
 * allocating: each summary keeps a pre-folded search key, and the texts
 * shown only in rows (formatted dates, the trajectory line) are built the
 * first time a row asks for them.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-format.h"
#include "sessio-ident.h"
#include "sessio-patient-list.h"

struct _SessioPatientSummary
{
  GObject  parent_instance;

  gint64   id;
  char    *name;
  char    *insz;            /* formatted */
  char    *birth_date;
  char    *birth_text;      /* lazily */
  gint64   trajectory_id;
  char    *network_name;
  char    *trajectory_start;
  char    *trajectory;      /* lazily */
  char    *key;             /* folded name, a separator, INSZ digits */
};

G_DEFINE_FINAL_TYPE (SessioPatientSummary, sessio_patient_summary, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_INSZ,
  PROP_BIRTH_TEXT,
  PROP_TRAJECTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sessio_patient_summary_finalize (GObject *object)
{
  SessioPatientSummary *self = SESSIO_PATIENT_SUMMARY (object);

  g_free (self->name);
  g_free (self->insz);
  g_free (self->birth_date);
  g_free (self->birth_text);
  g_free (self->network_name);
  g_free (self->trajectory_start);
  g_free (self->trajectory);
  g_free (self->key);

  G_OBJECT_CLASS (sessio_patient_summary_parent_class)->finalize (object);
}

static void
sessio_patient_summary_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SessioPatientSummary *self = SESSIO_PATIENT_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_INSZ:
      g_value_set_string (value, self->insz);
      break;
    case PROP_BIRTH_TEXT:
      g_value_set_string (value, sessio_patient_summary_get_birth_text (self));
      break;
    case PROP_TRAJECTORY:
      g_value_set_string (value, sessio_patient_summary_get_trajectory (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sessio_patient_summary_class_init (SessioPatientSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sessio_patient_summary_finalize;
  object_class->get_property = sessio_patient_summary_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_INSZ] = g_param_spec_string ("insz", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BIRTH_TEXT] = g_param_spec_string ("birth-text", NULL, NULL, NULL,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAJECTORY] = g_param_spec_string ("trajectory", NULL, NULL, NULL,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sessio_patient_summary_init (SessioPatientSummary *self)
{
}

gint64
sessio_patient_summary_get_id (SessioPatientSummary *self)
{
  return self->id;
}

const char *
sessio_patient_summary_get_name (SessioPatientSummary *self)
{
  return self->name;
}

const char *
sessio_patient_summary_get_insz (SessioPatientSummary *self)
{
  return self->insz;
}

const char *
sessio_patient_summary_get_birth_date (SessioPatientSummary *self)
{
  return self->birth_date;
}

const char *
sessio_patient_summary_get_birth_text (SessioPatientSummary *self)
{
  if (self->birth_text == NULL)
    {
      GDate date;

      g_date_clear (&date, 1);
      if (sessio_date_parse_iso (self->birth_date, &date))
        self->birth_text = sessio_format_date (&date);
      else
        self->birth_text = g_strdup ("");
    }
  return self->birth_text;
}

const char *
sessio_patient_summary_get_trajectory (SessioPatientSummary *self)
{
  if (self->trajectory == NULL)
    {
      GDate start;

      g_date_clear (&start, 1);
      if (self->trajectory_id > 0 && sessio_date_parse_iso (self->trajectory_start, &start))
        {
          g_autofree char *since = sessio_format_date (&start);

          /* Translators: the open trajectory in the patient list: the
           * network's name, then the date it started. */
          self->trajectory = g_strdup_printf (_("%1$s, since %2$s"), self->network_name, since);
        }
      else
        self->trajectory = g_strdup ("");
    }
  return self->trajectory;
}

gint64
sessio_patient_summary_get_trajectory_id (SessioPatientSummary *self)
{
  return self->trajectory_id;
}

char *
sessio_search_fold (const char *text)
{
  g_autofree char *ascii = NULL;
  gboolean number_like = TRUE, has_digit = FALSE;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  /* "C" transliterates é → e, ß → ss without depending on the user's
   * locale; anything it cannot map becomes '?', which matches only
   * itself. */
  ascii = g_str_to_ascii (text, "C");
  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        has_digit = TRUE;
      else if (*p != '.' && *p != '-' && *p != ' ' && *p != '/')
        number_like = FALSE;
    }

  out = g_string_sized_new (strlen (ascii));
  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (number_like && has_digit && !g_ascii_isdigit (*p))
        continue;
      g_string_append_c (out, g_ascii_tolower (*p));
    }
  /* Surrounding spaces of a typed query never matter. */
  g_strstrip (out->str);
  out->len = strlen (out->str);
  return g_string_free (out, FALSE);
}

gboolean
sessio_patient_summary_matches (SessioPatientSummary *self,
                                const char           *folded_query)
{
  if (folded_query == NULL || *folded_query == '\0')
    return TRUE;
  return strstr (self->key, folded_query) != NULL;
}

/* --------------------------------------------------------------- list */

struct _SessioPatientList
{
  GObject              parent_instance;

  SessioPatientStore  *store;
  GPtrArray           *items;
};

static void sessio_patient_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SessioPatientList, sessio_patient_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, sessio_patient_list_model_init))

static GType
sessio_patient_list_get_item_type (GListModel *model)
{
  return SESSIO_TYPE_PATIENT_SUMMARY;
}

static guint
sessio_patient_list_get_n_items (GListModel *model)
{
  return SESSIO_PATIENT_LIST (model)->items->len;
}

static gpointer
sessio_patient_list_get_item (GListModel *model,
                              guint       position)
{
  SessioPatientList *self = SESSIO_PATIENT_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
sessio_patient_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sessio_patient_list_get_item_type;
  iface->get_n_items = sessio_patient_list_get_n_items;
  iface->get_item = sessio_patient_list_get_item;
}

static void
sessio_patient_list_finalize (GObject *object)
{
  SessioPatientList *self = SESSIO_PATIENT_LIST (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (sessio_patient_list_parent_class)->finalize (object);
}

static void
sessio_patient_list_class_init (SessioPatientListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sessio_patient_list_finalize;
}

static void
sessio_patient_list_init (SessioPatientList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

static GPtrArray *
load (SessioPatientStore  *store,
      GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (store, error);
  g_autoptr(GPtrArray) items = NULL;
  sqlite3_stmt *stmt = NULL;

  if (db == NULL)
    return NULL;

  /* One query: the open trajectory (the latest one without an end) comes
   * from a correlated subquery on trajectory_by_patient. */
  if (sqlite3_prepare_v2 (db,
                          "SELECT p.id, p.name, p.insz, p.birth_date, t.id, t.start_date, e.network_name"
                          " FROM patient p"
                          " LEFT JOIN trajectory t ON t.id = (SELECT x.id FROM trajectory x"
                          "   WHERE x.patient_id = p.id AND x.end_date IS NULL"
                          "   ORDER BY x.start_date DESC, x.id DESC LIMIT 1)"
                          " LEFT JOIN engagement e ON e.id = t.engagement_id"
                          " WHERE p.erased = 0 AND p.closed_at IS NULL"
                          " ORDER BY p.name COLLATE NOCASE, p.id", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The patient list could not be read"));
      return NULL;
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SessioPatientSummary *item = g_object_new (SESSIO_TYPE_PATIENT_SUMMARY, NULL);
      const char *insz = (const char *) sqlite3_column_text (stmt, 2);
      g_autofree char *folded = NULL;

      item->id = sqlite3_column_int64 (stmt, 0);
      item->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      if (insz != NULL && strlen (insz) == 11)
        {
          char formatted[16];

          sessio_insz_format (insz, formatted);
          item->insz = g_strdup (formatted);
        }
      else
        item->insz = g_strdup ("");
      item->birth_date = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      item->trajectory_id = sqlite3_column_int64 (stmt, 4);
      item->trajectory_start = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      item->network_name = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      folded = sessio_search_fold (item->name);
      item->key = g_strconcat (folded, "\x1f", insz != NULL ? insz : "", NULL);
      g_ptr_array_add (items, item);
    }
  sqlite3_finalize (stmt);

  return g_steal_pointer (&items);
}

SessioPatientList *
sessio_patient_list_new (SessioPatientStore  *store,
                         GError             **error)
{
  g_autoptr(SessioPatientList) self = g_object_new (SESSIO_TYPE_PATIENT_LIST, NULL);
  GPtrArray *items = load (store, error);

  if (items == NULL)
    return NULL;
  self->store = g_object_ref (store);
  g_ptr_array_unref (self->items);
  self->items = items;
  return g_steal_pointer (&self);
}

gboolean
sessio_patient_list_reload (SessioPatientList  *self,
                            GError            **error)
{
  GPtrArray *items = load (self->store, error);
  guint removed;

  if (items == NULL)
    return FALSE;
  removed = self->items->len;
  g_ptr_array_unref (self->items);
  self->items = items;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, items->len);
  return TRUE;
}

static void
trajectory_choice_free (gpointer data)
{
  SessioTrajectoryChoice *choice = data;

  g_free (choice->patient_name);
  g_free (choice->birth_date);
  g_free (choice);
}

/**
 * sessio_patient_store_list_open_trajectories:
 * @date: "YYYY-MM-DD"
 *
 * For the group session editor: who can take part.  Erased patients are
 * left out: they have no clinical file any more.
 *
 * Returns: (transfer full): a #GPtrArray of #SessioTrajectoryChoice, or
 * NULL with @error set.
 */
GPtrArray *
sessio_patient_store_list_open_trajectories (SessioPatientStore  *store,
                                             gint64               engagement_id,
                                             const char          *date,
                                             GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (store, error);
  g_autoptr(GPtrArray) choices = NULL;
  sqlite3_stmt *stmt = NULL;

  if (db == NULL)
    return NULL;

  if (sqlite3_prepare_v2 (db,
                          "SELECT t.id, p.id, p.name, p.birth_date FROM trajectory t JOIN patient p ON p.id = t.patient_id"
                          " WHERE t.engagement_id = ?1 AND p.erased = 0 AND p.closed_at IS NULL AND t.start_date <= ?2"
                          " AND (t.end_date IS NULL OR t.end_date >= ?2)"
                          " ORDER BY p.name COLLATE NOCASE, t.id", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The patient list cannot be read"));
      return NULL;
    }

  choices = g_ptr_array_new_with_free_func (trajectory_choice_free);
  sqlite3_bind_int64 (stmt, 1, engagement_id);
  sqlite3_bind_text (stmt, 2, date, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SessioTrajectoryChoice *choice = g_new0 (SessioTrajectoryChoice, 1);

      choice->trajectory_id = sqlite3_column_int64 (stmt, 0);
      choice->patient_id = sqlite3_column_int64 (stmt, 1);
      choice->patient_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      choice->birth_date = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (choices, choice);
    }
  sqlite3_finalize (stmt);

  return g_steal_pointer (&choices);
}
