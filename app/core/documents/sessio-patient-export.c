/* sessio-patient-export.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON is built from the database rows themselves (column name →
 * member), so a column added to the schema shows up in the export without
 * anyone remembering to add it: the right of access covers everything.
 *
 * The PDF is in the patient's language, not the user's.  Switching
 * gettext's language for one document would change it for the whole
 * process (and the GUI's other threads), so the document reads its own
 * copy of the catalogue: a minimal reader of the .mo files we install.
 */

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <unistd.h>

#include "sessio-file.h"
#include "sessio-format.h"
#include "sessio-ident.h"
#include "sessio-labels.h"
#include "sessio-patient-export.h"
#include "sessio-pdf.h"

/* ---------------------------------------------------------------- JSON */

static JsonObject *
row_to_object (sqlite3_stmt *stmt)
{
  JsonObject *object = json_object_new ();

  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    {
      const char *name = sqlite3_column_name (stmt, i);

      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_INTEGER:
          json_object_set_int_member (object, name, sqlite3_column_int64 (stmt, i));
          break;
        case SQLITE_FLOAT:
          json_object_set_double_member (object, name, sqlite3_column_double (stmt, i));
          break;
        case SQLITE_NULL:
          json_object_set_null_member (object, name);
          break;
        default:
          json_object_set_string_member (object, name, (const char *) sqlite3_column_text (stmt, i));
          break;
        }
    }
  return object;
}

/* Every row of @sql (one ?1 parameter: the patient) as an array. */
static JsonArray *
query_array (sqlite3     *db,
             const char  *sql,
             gint64       patient_id,
             GError     **error)
{
  g_autoptr(JsonArray) array = json_array_new ();
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_debug ("export: prepare failed (code %d)", sqlite3_errcode (db));
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The patient’s data could not be read"));
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, patient_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    json_array_add_object_element (array, row_to_object (stmt));
  sqlite3_finalize (stmt);
  return g_steal_pointer (&array);
}

static void
add_evaluations (SessioPatientStore *store,
                 JsonArray          *sessions)
{
  g_autoptr(GHashTable) evaluations =
    g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                           (GDestroyNotify) sessio_trajectory_evaluation_free);

  for (guint i = 0; i < json_array_get_length (sessions); i++)
    {
      JsonObject *session = json_array_get_object_element (sessions, i);
      gint64 trajectory_id = json_object_get_int_member (session, "trajectory_id");
      gint64 session_id = json_object_get_int_member (session, "id");
      SessioTrajectoryEvaluation *evaluation = g_hash_table_lookup (evaluations, &trajectory_id);
      const SessioSessionEvaluation *entry;
      JsonObject *result;
      g_autofree char *explanation = NULL;

      if (evaluation == NULL)
        {
          evaluation = sessio_patient_store_evaluate_trajectory (store, trajectory_id, NULL, NULL);
          if (evaluation == NULL)
            continue;
          g_hash_table_insert (evaluations, g_memdup2 (&trajectory_id, sizeof trajectory_id), evaluation);
        }
      entry = sessio_trajectory_evaluation_find (evaluation, session_id);
      if (entry == NULL)
        continue;

      result = json_object_new ();
      json_object_set_boolean_member (result, "billable", entry->result.billable);
      json_object_set_int_member (result, "fee_cents", entry->result.fee_cents);
      json_object_set_int_member (result, "copay_cents", entry->result.copay_cents);
      if (entry->result.copay_reason != SESSIO_COPAY_REASON_NONE)
        json_object_set_string_member (result, "copay_reason",
                                       sessio_copay_reason_to_string (entry->result.copay_reason));
      else
        json_object_set_null_member (result, "copay_reason");
      if (!entry->outside_convention)
        {
          explanation = sessio_eval_result_explain (&entry->result, &entry->info);
          json_object_set_string_member (result, "explanation", explanation);
        }
      json_object_set_object_member (session, "evaluation", result);
    }
}

JsonNode *
sessio_patient_export_json (SessioPatientStore  *store,
                            gint64               patient_id,
                            GError             **error)
{
  static const struct
  {
    const char *member;
    const char *sql;
  } sections[] = {
    { "guardians", "SELECT name, relation, phone, email, has_authority FROM guardian WHERE patient_id = ?1 ORDER BY id" },
    { "problems", "SELECT category FROM patient_problem WHERE patient_id = ?1 ORDER BY category" },
    { "trajectories",
      "SELECT t.id, t.engagement_id, e.network_name, e.network, t.start_date, t.end_date, t.bilan_date,"
      " t.bilan_summary, t.outcome, t.referred_to, t.goals, t.closing_summary"
      " FROM trajectory t JOIN engagement e ON e.id = t.engagement_id"
      " WHERE t.patient_id = ?1 ORDER BY t.start_date, t.id" },
    { "sessions",
      "SELECT s.id, s.trajectory_id, s.starts_at, s.duration_min, s.care_type, s.setting, s.location, s.context,"
      " s.status, s.participants, s.co_facilitator, s.outside_convention, s.copay, s.notes, s.copay_date"
      " FROM session s JOIN trajectory t ON t.id = s.trajectory_id WHERE t.patient_id = ?1"
      " UNION ALL"
      " SELECT s.id, g.trajectory_id, s.starts_at, s.duration_min, s.care_type, s.setting, s.location, s.context,"
      " CASE WHEN s.status = 'held' THEN g.status ELSE s.status END, s.participants, s.co_facilitator,"
      " s.outside_convention, g.copay, s.notes, g.copay_date"
      " FROM group_participant g JOIN session s ON s.id = g.session_id JOIN trajectory t ON t.id = g.trajectory_id"
      " WHERE t.patient_id = ?1 ORDER BY 3, 1" },
    { "tasks", "SELECT id, engagement_id, kind, starts_at, duration_min, care_providers, notes FROM task"
               " WHERE patient_id = ?1 ORDER BY starts_at, id" },
    { "notes", "SELECT id, trajectory_id, session_id, created_at, body FROM note WHERE patient_id = ?1 ORDER BY created_at, id" },
    { "history", "SELECT changed_at, field, old_value FROM patient_history WHERE patient_id = ?1 ORDER BY id" },
    /* Earlier versions of sessions and trajectories: of a
     * group session, what concerned the patient and the group's own
     * fields, as the session itself is exported. */
    { "session_history",
      "SELECT h.session_id, h.changed_at, h.field, h.old_value FROM session_history h"
      " WHERE h.session_id IN (SELECT s.id FROM session s JOIN trajectory t ON t.id = s.trajectory_id"
      "   WHERE t.patient_id = ?1)"
      " OR (h.session_id IN (SELECT g.session_id FROM group_participant g JOIN trajectory t ON t.id = g.trajectory_id"
      "   WHERE t.patient_id = ?1) AND (h.field NOT LIKE 'participant%' OR substr (h.field, instr (h.field, ':') + 1)"
      "   IN (SELECT CAST (id AS TEXT) FROM trajectory WHERE patient_id = ?1)))"
      " ORDER BY h.id" },
    { "trajectory_history",
      "SELECT h.trajectory_id, h.changed_at, h.field, h.old_value FROM trajectory_history h"
      " JOIN trajectory t ON t.id = h.trajectory_id WHERE t.patient_id = ?1 ORDER BY h.id" },
    { "closures", "SELECT at, action, by_whom, reason FROM patient_closure WHERE patient_id = ?1 ORDER BY id" },
    { "invoice_lines",
      "SELECT i.number AS invoice_number, i.kind AS invoice_kind, i.month, i.status AS invoice_status,"
      " l.session_id, l.description, l.billing_code, l.fee_cents, l.copay_cents, l.amount_cents"
      " FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id"
      " WHERE l.trajectory_id IN (SELECT id FROM trajectory WHERE patient_id = ?1)"
      "    OR l.session_id IN (SELECT s.id FROM session s JOIN trajectory t ON t.id = s.trajectory_id"
      "                        WHERE t.patient_id = ?1)"
      " ORDER BY i.month, l.id" },
  };
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *exported_at = g_date_time_format_iso8601 (now);
  JsonArray *patient_rows, *audit;
  JsonObject *patient;
  JsonNode *node;
  sqlite3 *db;

  db = sessio_patient_store_get_db (store, error);
  if (db == NULL)
    return NULL;
  patient_rows = query_array (db, "SELECT * FROM patient WHERE id = ?1", patient_id, error);
  if (patient_rows == NULL)
    return NULL;
  if (json_array_get_length (patient_rows) == 0)
    {
      json_array_unref (patient_rows);
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND, _("There is no such patient"));
      return NULL;
    }
  if (!sessio_patient_store_audit_view (store, "export", "patient", patient_id, error))
    {
      json_array_unref (patient_rows);
      return NULL;
    }

  json_object_set_int_member (root, "format_version", SESSIO_PATIENT_EXPORT_FORMAT_VERSION);
  json_object_set_string_member (root, "exported_at", exported_at);
  patient = json_object_ref (json_array_get_object_element (patient_rows, 0));
  json_array_unref (patient_rows);
  json_object_set_object_member (root, "patient", patient);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      JsonArray *rows = query_array (db, sections[i].sql, patient_id, error);

      if (rows == NULL)
        return NULL;
      if (g_str_equal (sections[i].member, "sessions"))
        add_evaluations (store, rows);
      json_object_set_array_member (root, sections[i].member, rows);
    }

  audit = sessio_patient_store_get_audit (store, patient_id, error);
  if (audit == NULL)
    return NULL;
  json_object_set_array_member (root, "audit", audit);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, root);
  return node;
}

/* ----------------------------------------------------------- catalogue */

/* A GNU .mo file: magic, revision, count, offsets of the original and
 * translated string tables (each entry: length, offset). */
typedef struct
{
  GMappedFile *file;
  const guint8 *data;
  gsize         len;
  guint32       n;
  guint32       originals;
  guint32       translations;
  gboolean      swap;
} Catalog;

static guint32
catalog_u32 (const Catalog *catalog,
             gsize          offset)
{
  guint32 value;

  if (offset + 4 > catalog->len)
    return 0;
  memcpy (&value, catalog->data + offset, 4);
  return catalog->swap ? GUINT32_SWAP_LE_BE (value) : value;
}

static void
catalog_open (Catalog        *catalog,
              SessioLanguage  language)
{
  static const char *const names[] = {
    [SESSIO_LANGUAGE_EN] = NULL, [SESSIO_LANGUAGE_NL] = "nl",
    [SESSIO_LANGUAGE_FR] = "fr", [SESSIO_LANGUAGE_DE] = "de",
  };
  const char *localedir = bindtextdomain (GETTEXT_PACKAGE, NULL);
  g_autofree char *path = NULL;
  guint32 magic;

  memset (catalog, 0, sizeof *catalog);
  if (names[language] == NULL || localedir == NULL)
    return;
  path = g_build_filename (localedir, names[language], "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  catalog->file = g_mapped_file_new (path, FALSE, NULL);
  if (catalog->file == NULL)
    return;
  catalog->data = (const guint8 *) g_mapped_file_get_contents (catalog->file);
  catalog->len = g_mapped_file_get_length (catalog->file);
  if (catalog->len < 28)
    {
      catalog->n = 0;
      return;
    }
  memcpy (&magic, catalog->data, 4);
  catalog->swap = magic == 0xde120495;
  if (magic != 0x950412de && !catalog->swap)
    return;
  catalog->n = catalog_u32 (catalog, 8);
  catalog->originals = catalog_u32 (catalog, 12);
  catalog->translations = catalog_u32 (catalog, 16);
}

static void
catalog_close (Catalog *catalog)
{
  g_clear_pointer (&catalog->file, g_mapped_file_unref);
}

/* Like gettext, tr() keeps printf format checking of its msgid. */
static const char *tr (const Catalog *catalog,
                       const char    *msgid) G_GNUC_FORMAT (2);

/* The translation of @msgid, or @msgid itself.  A linear search: a
 * document asks for a few dozen strings. */
static const char *
tr (const Catalog *catalog,
    const char    *msgid)
{
  gsize msgid_len = strlen (msgid);

  for (guint32 i = 0; i < catalog->n; i++)
    {
      guint32 len = catalog_u32 (catalog, catalog->originals + 8 * (gsize) i);
      guint32 offset = catalog_u32 (catalog, catalog->originals + 8 * (gsize) i + 4);

      if (len == msgid_len && (gsize) offset + len < catalog->len &&
          memcmp (catalog->data + offset, msgid, len) == 0)
        {
          guint32 tlen = catalog_u32 (catalog, catalog->translations + 8 * (gsize) i);
          guint32 toffset = catalog_u32 (catalog, catalog->translations + 8 * (gsize) i + 4);

          /* Translations are NUL-terminated in the file. */
          if (tlen > 0 && (gsize) toffset + tlen < catalog->len && catalog->data[toffset + tlen] == '\0')
            return (const char *) catalog->data + toffset;
          return msgid;
        }
    }
  return msgid;
}

/* pgettext for the document: a .mo file stores "context\004msgid". */
static const char *
tr_ctx (const Catalog *catalog,
        const char    *context,
        const char    *msgid)
{
  g_autofree char *key = g_strconcat (context, "\004", msgid, NULL);
  const char *translation = tr (catalog, key);

  return translation == key ? msgid : translation;
}

static const struct
{
  const char *context;
  const char *id;
  const char *label;
} statuses[] = {
  { "session status", "planned", NC_("session status", "planned") },
  { "session status", "held", NC_("session status", "held") },
  { "session status", "no-show", NC_("session status", "no-show") },
  { "session status", "cancelled", NC_("session status", "cancelled") },
};

static const char *
status_label (const Catalog *catalog,
              const char    *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (statuses[i].id, status) == 0)
      return tr_ctx (catalog, statuses[i].context, statuses[i].label);
  return status;
}

/* ----------------------------------------------------------------- PDF */

#define MARGIN_PT 56.0

typedef struct
{
  cairo_t        *cr;
  Catalog         catalog;
  SessioLanguage  language;
  double          y;
  int             page;
} Doc;

static void
doc_new_page (Doc *doc)
{
  cairo_show_page (doc->cr);
  doc->page++;
  doc->y = MARGIN_PT;
}

static void
doc_text (Doc        *doc,
          const char *font,
          const char *text,
          double      space_after)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (doc->cr);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);
  double width = SESSIO_A4_WIDTH_PT - 2 * MARGIN_PT;
  int height;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, NULL, &height);

  if (doc->y + (double) height / PANGO_SCALE > SESSIO_A4_HEIGHT_PT - MARGIN_PT)
    doc_new_page (doc);
  cairo_move_to (doc->cr, MARGIN_PT, doc->y);
  pango_cairo_show_layout (doc->cr, layout);
  doc->y += (double) height / PANGO_SCALE + space_after;
}

static void
doc_heading (Doc        *doc,
             const char *msgid)
{
  doc->y += 8;
  doc_text (doc, "Sans Bold 13", tr (&doc->catalog, msgid), 4);
}

/* "Label: value" for a member of @object that is set. */
static void
doc_field (Doc        *doc,
           JsonObject *object,
           const char *member,
           const char *label_msgid)
{
  g_autofree char *line = NULL;
  g_autofree char *value = NULL;
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    value = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else
    value = g_strdup (json_node_get_string (node));
  if (value == NULL || *value == '\0')
    return;

  /* Dates in the document's language. */
  if (strlen (value) == 10 && value[4] == '-' && value[7] == '-')
    {
      GDate date;

      g_date_clear (&date, 1);
      if (sessio_date_parse_iso (value, &date))
        {
          g_free (value);
          value = sessio_format_date_for (&date, doc->language);
        }
    }
  else if (g_str_equal (member, "insz") && strlen (value) == 11)
    {
      char formatted[16];

      sessio_insz_format (value, formatted);
      g_free (value);
      value = g_strdup (formatted);
    }
  else if (g_str_equal (member, "insurer"))
    {
      SessioInsurerUnion insurer;

      /* The insurer by name with its code: a bare "116" says nothing. */
      if (sessio_insurer_union_from_code (value, &insurer, NULL))
        {
          char *named = g_strdup_printf ("%s (%s)",
                                         tr (&doc->catalog, sessio_insurer_union_msgid (insurer)),
                                         value);
          g_free (value);
          value = named;
        }
    }

  line = g_strdup_printf ("%s: %s", tr (&doc->catalog, label_msgid), value);
  doc_text (doc, "Sans 10", line, 2);
}

static const char *
member_or (JsonObject *object,
           const char *member,
           const char *fallback)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;
  return json_node_get_string (node);
}

/* A field from a fixed list: its label in the document's language, not
 * the id the file keeps ("care-and-billing"); an id this version does not
 * list (older free text) as it is. */
static void
doc_choice (Doc                *doc,
            JsonObject         *object,
            const char         *member,
            const char         *label_msgid,
            const SessioChoice *choices,
            guint               n_choices)
{
  g_autofree char *line = NULL;
  const char *id = member_or (object, member, NULL);
  const char *value = id;

  if (id == NULL || *id == '\0')
    return;
  for (guint c = 0; c < n_choices; c++)
    if (g_str_equal (choices[c].id, id))
      value = tr (&doc->catalog, choices[c].label);
  line = g_strdup_printf ("%s: %s", tr (&doc->catalog, label_msgid), value);
  doc_text (doc, "Sans 10", line, 2);
}

static void
doc_flag (Doc        *doc,
          JsonObject *object,
          const char *member,
          const char *label_msgid)
{
  g_autofree char *line = NULL;

  if (!json_object_has_member (object, member))
    return;
  line = g_strdup_printf ("%s: %s", tr (&doc->catalog, label_msgid),
                          tr (&doc->catalog, json_object_get_int_member (object, member) ? N_("yes") : N_("no")));
  doc_text (doc, "Sans 10", line, 2);
}

/* The title, the date of the export and what the document lists. */
static void
draw_intro (Doc *doc)
{
  g_autofree char *today_text = NULL;
  g_autofree char *line = NULL;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  today_text = sessio_format_date_for (&today, doc->language);

  doc->y = MARGIN_PT;
  doc_text (doc, "Sans Bold 18", tr (&doc->catalog, N_("Everything Sessio stores about you")), 6);
  /* Translators: under the title of a patient's data export; %s is a date. */
  line = g_strdup_printf (tr (&doc->catalog, N_("Exported on %s, at your request.")), today_text);
  doc_text (doc, "Sans 10", line, 4);
  doc_text (doc, "Sans 9",
            tr (&doc->catalog, N_("This document lists your identity data, your care trajectories, your sessions, "
                                  "the notes kept about you, earlier values that were corrected, and every time "
                                  "your file was opened or changed.")), 8);
}

static void
draw_identity (Doc        *doc,
               JsonObject *patient)
{
  guint n_segments, n_scopes;
  const SessioChoice *segments = sessio_education_segments (&n_segments);
  const SessioChoice *scopes = sessio_consent_scopes (&n_scopes);

  doc_heading (doc, N_("Identity"));
  doc_field (doc, patient, "name", N_("Name"));
  doc_field (doc, patient, "birth_date", N_("Birth date"));
  doc_field (doc, patient, "insz", N_("INSZ number"));
  doc_field (doc, patient, "sex", N_("Sex"));
  doc_field (doc, patient, "insurer", N_("Health insurer"));
  doc_flag (doc, patient, "bim", N_("Increased reimbursement"));
  doc_field (doc, patient, "bim_valid_from", N_("Increased reimbursement from"));
  doc_field (doc, patient, "bim_valid_to", N_("Increased reimbursement until"));
  doc_field (doc, patient, "phone", N_("Phone"));
  doc_field (doc, patient, "email", N_("E-mail"));
  doc_field (doc, patient, "address", N_("Address"));
  doc_field (doc, patient, "language", N_("Preferred language"));
  doc_field (doc, patient, "school", N_("School"));
  doc_choice (doc, patient, "education_segment", N_("Education segment"), segments, n_segments);
  doc_field (doc, patient, "consent_date", N_("Consent given on"));
  doc_choice (doc, patient, "consent_scope", N_("Consent scope"), scopes, n_scopes);
  doc_flag (doc, patient, "vulnerable", N_("Vulnerable home situation"));
  doc_field (doc, patient, "notes", N_("Notes"));
}

static void
draw_guardians (Doc       *doc,
                JsonArray *array)
{
  if (json_array_get_length (array) == 0)
    return;
  doc_heading (doc, N_("Parents and guardians"));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *guardian = json_array_get_object_element (array, i);
      g_autofree char *text = g_strdup_printf ("%s (%s) %s %s", member_or (guardian, "name", ""),
                                               member_or (guardian, "relation", "–"),
                                               member_or (guardian, "phone", ""),
                                               member_or (guardian, "email", ""));
      doc_text (doc, "Sans 10", text, 2);
    }
}

static void
draw_problems (Doc       *doc,
               JsonArray *array)
{
  guint n_choices;
  const SessioChoice *choices = sessio_problem_categories (&n_choices);

  if (json_array_get_length (array) == 0)
    return;
  doc_heading (doc, N_("Reasons for seeking help"));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *id = member_or (json_array_get_object_element (array, i), "category", "");
      const char *label = id;

      for (guint c = 0; c < n_choices; c++)
        if (g_str_equal (choices[c].id, id))
          label = tr (&doc->catalog, choices[c].label);
      doc_text (doc, "Sans 10", label, 2);
    }
}

static void
draw_trajectories (Doc       *doc,
                   JsonArray *array)
{
  doc_heading (doc, N_("Care trajectories"));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *trajectory = json_array_get_object_element (array, i);

      doc_text (doc, "Sans Bold 10", member_or (trajectory, "network_name", ""), 2);
      doc_field (doc, trajectory, "start_date", N_("Start"));
      doc_field (doc, trajectory, "end_date", N_("End"));
      doc_field (doc, trajectory, "bilan_date", N_("Functional assessment"));
      doc_field (doc, trajectory, "bilan_summary", N_("Summary of the functional assessment"));
      doc_field (doc, trajectory, "outcome", N_("Outcome"));
      doc_field (doc, trajectory, "referred_to", N_("Referred to"));
      doc_field (doc, trajectory, "goals", N_("Treatment goals"));
      doc_field (doc, trajectory, "closing_summary", N_("Closing summary"));
    }
}

/* A session's line: its date in the document's language, the time, the
 * care type and the status; its notes under it. */
static void
draw_session (Doc        *doc,
              JsonObject *session)
{
  const char *when = member_or (session, "starts_at", "");
  const char *care_name = member_or (session, "care_type", "");
  g_autofree char *text = NULL;
  g_autofree char *date_text = NULL;
  char day[11] = "";
  SessioCare care;
  GDate date;

  g_date_clear (&date, 1);
  g_strlcpy (day, when, sizeof day);
  date_text = sessio_date_parse_iso (day, &date) ? sessio_format_date_for (&date, doc->language) : g_strdup (day);
  if (sessio_care_from_string (care_name, &care))
    care_name = tr (&doc->catalog, sessio_care_get_title_msgid (care));
  /* Translators: one line per session in a patient's data export:
   * date, time, care type, status ("held"…). */
  text = g_strdup_printf (tr (&doc->catalog, N_("%1$s %2$s: %3$s, %4$s")), date_text,
                          strlen (when) == 16 ? when + 11 : "", care_name,
                          status_label (&doc->catalog, member_or (session, "status", "")));
  doc_text (doc, "Sans 10", text, 1);
  doc_field (doc, session, "notes", N_("Notes"));
}

static void
draw_sessions (Doc       *doc,
               JsonArray *array)
{
  doc_heading (doc, N_("Sessions"));
  for (guint i = 0; i < json_array_get_length (array); i++)
    draw_session (doc, json_array_get_object_element (array, i));
}

/* Other tasks, then the free notes; each heading only when there are. */
static void
draw_tasks_and_notes (Doc        *doc,
                      JsonObject *root)
{
  JsonArray *array = json_object_get_array_member (root, "tasks");

  if (json_array_get_length (array) > 0)
    {
      doc_heading (doc, N_("Other tasks"));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *task = json_array_get_object_element (array, i);
          g_autofree char *text = g_strdup_printf ("%s %s", member_or (task, "starts_at", ""),
                                                   member_or (task, "kind", ""));

          doc_text (doc, "Sans 10", text, 1);
          doc_field (doc, task, "notes", N_("Notes"));
        }
    }

  array = json_object_get_array_member (root, "notes");
  if (json_array_get_length (array) > 0)
    {
      doc_heading (doc, N_("Notes"));
      for (guint i = 0; i < json_array_get_length (array); i++)
        doc_text (doc, "Sans 10", member_or (json_array_get_object_element (array, i), "body", ""), 2);
    }
}

/* The patient's own fields, then those of sessions and trajectories
 * (named "session 12: notes"), each with the earlier value. */
/* A correction's time, stored in UTC, as the reader's local date and
 * time in the document's language. */
static char *
change_time_text (Doc        *doc,
                  const char *changed_at)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (changed_at, utc);
  g_autoptr(GDateTime) local = at != NULL ? g_date_time_to_local (at) : NULL;

  return local != NULL ? sessio_format_date_time_for (local, doc->language) : g_strdup (changed_at);
}

/* "Session of 3 February 2025: Location", "Trajectory from 6 January
 * 2025: Treatment goals", "Name": what was corrected, in words. */
static char *
change_field_text (Doc        *doc,
                   JsonObject *root,
                   const char *entity,
                   gint64      id,
                   const char *field)
{
  const char *msgid = sessio_field_get_msgid (field);
  const char *name = msgid != NULL ? tr (&doc->catalog, msgid) : field;
  const char *list = g_strcmp0 (entity, "session") == 0 ? "sessions" : "trajectories";
  const char *date_member = g_strcmp0 (entity, "session") == 0 ? "starts_at" : "start_date";
  JsonArray *records = entity != NULL ? json_object_get_array_member (root, list) : NULL;
  g_autofree char *day = NULL;
  g_autofree char *record = NULL;

  if (entity == NULL)
    return g_strdup (name);
  for (guint i = 0; records != NULL && i < json_array_get_length (records) && day == NULL; i++)
    {
      JsonObject *object = json_array_get_object_element (records, i);
      /* A session's "2025-02-03T10:00": its day. */
      g_autofree char *stored = g_strndup (member_or (object, date_member, ""), 10);
      GDate date;

      if (json_object_get_int_member_with_default (object, "id", 0) == id &&
          sessio_date_parse_iso (stored, &date))
        day = sessio_format_date_for (&date, doc->language);
    }
  if (day == NULL)
    day = g_strdup ("–");
  /* Translators: in a patient's data export, the record a correction is
   * about: "Session of 3 February 2025" / "Trajectory from 6 January 2025" */
  record = g_strdup_printf (g_strcmp0 (entity, "session") == 0 ? tr (&doc->catalog, N_("Session of %s"))
                                                              : tr (&doc->catalog, N_("Trajectory from %s")),
                            day);
  return g_strdup_printf ("%s: %s", record, name);
}

static void
draw_corrections (Doc        *doc,
                  JsonObject *root)
{
  static const struct { const char *member; const char *id_member; const char *entity; } histories[] = {
    { "history", NULL, NULL },
    { "session_history", "session_id", "session" },
    { "trajectory_history", "trajectory_id", "trajectory" },
  };
  guint n_changes = 0;

  doc_heading (doc, N_("Corrections"));
  for (guint h = 0; h < G_N_ELEMENTS (histories); h++)
    {
      JsonArray *array = json_object_get_array_member (root, histories[h].member);

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonObject *change = json_array_get_object_element (array, i);
          g_autofree char *when = change_time_text (doc, member_or (change, "changed_at", ""));
          g_autofree char *field = NULL;
          g_autofree char *text = NULL;

          field = change_field_text (doc, root, histories[h].entity,
                                     histories[h].id_member != NULL
                                     ? json_object_get_int_member (change, histories[h].id_member) : 0,
                                     member_or (change, "field", ""));
          /* Translators: a corrected field in a patient's data export:
           * when, which field, the value before the correction. */
          text = g_strdup_printf (tr (&doc->catalog, N_("%1$s — %2$s, previous value: %3$s")),
                                  when, field, member_or (change, "old_value", "–"));
          doc_text (doc, "Sans 10", text, 1);
          n_changes++;
        }
    }
  if (n_changes == 0)
    doc_text (doc, "Sans 10", tr (&doc->catalog, N_("Nothing in your file was corrected.")), 2);
}

static const char *
doc_translate (const char *msgid,
               gpointer    data)
{
  return tr (data, msgid);
}

/* Each access and change in words, in the document's language, at the
 * local time: the patient reads who did what, not the log's machine
 * words. */
static void
draw_audit (Doc       *doc,
            JsonArray *array)
{
  doc_heading (doc, N_("Who opened or changed your file"));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      g_autofree char *when = change_time_text (doc, member_or (entry, "at", ""));
      g_autofree char *what = sessio_audit_entry_describe_with (member_or (entry, "action", ""),
                                                                member_or (entry, "entity", ""),
                                                                doc_translate, &doc->catalog);
      g_autofree char *text = g_strdup_printf ("%s — %s", when, what);

      doc_text (doc, "Sans 9", text, 0);
    }
}

static void
draw_document (Doc        *doc,
               JsonObject *root)
{
  draw_intro (doc);
  draw_identity (doc, json_object_get_object_member (root, "patient"));
  draw_guardians (doc, json_object_get_array_member (root, "guardians"));
  draw_problems (doc, json_object_get_array_member (root, "problems"));
  draw_trajectories (doc, json_object_get_array_member (root, "trajectories"));
  draw_sessions (doc, json_object_get_array_member (root, "sessions"));
  draw_tasks_and_notes (doc, root);
  draw_corrections (doc, root);
  draw_audit (doc, json_object_get_array_member (root, "audit"));
}

static cairo_status_t
append_to_bytes (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Through the one private-file writer: 0600, atomic, synced. */
static gboolean
write_private (const char  *path,
               const void  *data,
               gsize        len,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (sessio_file_write_private (path, data, len, &local_error))
    return TRUE;
  g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
               _("Could not write the export: %s"), local_error->message);
  return FALSE;
}

static gboolean
write_pdf (JsonObject  *root,
           const char  *path,
           GError     **error)
{
  JsonObject *patient = json_object_get_object_member (root, "patient");
  const char *language = member_or (patient, "language", "nl");
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  Doc doc = { 0 };

  doc.language = sessio_language_from_locale (language);
  catalog_open (&doc.catalog, doc.language);

  surface = cairo_pdf_surface_create_for_stream (append_to_bytes, pdf,
                                                 SESSIO_A4_WIDTH_PT, SESSIO_A4_HEIGHT_PT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  tr (&doc.catalog, N_("Everything Sessio stores about you")));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Sessio");
  doc.cr = cairo_create (surface);
  draw_document (&doc, root);
  cairo_show_page (doc.cr);
  cairo_destroy (doc.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  catalog_close (&doc.catalog);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                   _("Could not write the export: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return write_private (path, pdf->data, pdf->len, error);
}

static gboolean
write_json (JsonNode    *root,
            const char  *path,
            GError     **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  g_autofree char *with_newline = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  with_newline = g_strconcat (text, "\n", NULL);
  return write_private (path, with_newline, strlen (with_newline), error);
}

/**
 * sessio_patient_export_write_document:
 *
 * Writes the document @root of sessio_patient_export_json() as JSON
 * and/or PDF.  Needs neither the store nor the vault, so that it can run
 * in a worker thread while the window goes on.
 */
gboolean
sessio_patient_export_write_document (JsonNode    *root,
                                      const char  *json_path,
                                      const char  *pdf_path,
                                      GError     **error)
{
  g_return_val_if_fail (root != NULL && JSON_NODE_HOLDS_OBJECT (root), FALSE);

  if (json_path != NULL && !write_json (root, json_path, error))
    return FALSE;
  if (pdf_path != NULL && !write_pdf (json_node_get_object (root), pdf_path, error))
    return FALSE;
  return TRUE;
}

gboolean
sessio_patient_export_write (SessioPatientStore  *store,
                             gint64               patient_id,
                             const char          *json_path,
                             const char          *pdf_path,
                             GError             **error)
{
  g_autoptr(JsonNode) root = sessio_patient_export_json (store, patient_id, error);

  return root != NULL && sessio_patient_export_write_document (root, json_path, pdf_path, error);
}
