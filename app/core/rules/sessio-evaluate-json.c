/* sessio-evaluate-json.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON face of the engine (domain/EVALUATE.md), in the core so that
 * sessio-cli and the fuzz target read and write exactly the same
 * documents.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "sessio-evaluate-json.h"
#include "sessio-rules-private.h"

/* Messages name the place ("sessions[3].date") but never the value: the
 * value may be a birth date. */
static gboolean
bad_input (GError     **error,
           const char  *path,
           const char  *reason)
{
  g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
               /* Translators: %s is a place in the input such as sessions[3].date,
                * then the reason */
               _("Invalid input at %s: %s"), path, reason);
  return FALSE;
}

static JsonNode *
member_or_null (JsonObject *object,
                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? NULL : node;
}

static gboolean
read_object (JsonObject   *parent,
             const char   *name,
             const char   *path,
             JsonObject  **out,
             GError      **error)
{
  JsonNode *node = member_or_null (parent, name);

  if (node == NULL)
    return bad_input (error, path, _("this member is required"));
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bad_input (error, path, _("expected an object"));
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
read_string (JsonObject   *object,
             const char   *name,
             const char   *path,
             gboolean      required,
             const char  **out,
             GError      **error)
{
  JsonNode *node = member_or_null (object, name);

  *out = NULL;
  if (node == NULL)
    return required ? bad_input (error, path, _("this member is required")) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bad_input (error, path, _("expected text"));
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_date (JsonObject   *object,
           const char   *name,
           const char   *path,
           gboolean      required,
           GDate        *out,
           GError      **error)
{
  const char *text;

  g_date_clear (out, 1);
  if (!read_string (object, name, path, required, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!sessio_date_parse_iso (text, out))
    return bad_input (error, path, _("expected an existing date written YYYY-MM-DD"));
  return TRUE;
}

static gboolean
read_bool (JsonObject  *object,
           const char  *name,
           const char  *path,
           gboolean    *out,
           GError     **error)
{
  JsonNode *node = member_or_null (object, name);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return bad_input (error, path, _("expected true or false"));
  *out = json_node_get_boolean (node);
  return TRUE;
}

typedef gboolean (*FromString) (const char *text, int *out);

/* Adapters from the typed sessio_*_from_string() functions to one
 * signature, so read_enum() needs no casts between function types. */
#define DEFINE_PARSER(name, Type, function)       \
  static gboolean                                 \
  name (const char *text,                         \
        int        *out)                          \
  {                                               \
    Type value;                                   \
    if (!function (text, &value))                 \
      return FALSE;                               \
    *out = (int) value;                           \
    return TRUE;                                  \
  }

DEFINE_PARSER (parse_network, SessioNetwork, sessio_network_from_string)
DEFINE_PARSER (parse_care, SessioCare, sessio_care_from_string)
DEFINE_PARSER (parse_setting, SessioSetting, sessio_setting_from_string)
DEFINE_PARSER (parse_location, SessioLocation, sessio_location_from_string)
DEFINE_PARSER (parse_context, SessioContext, sessio_context_from_string)
DEFINE_PARSER (parse_status, SessioStatus, sessio_status_from_string)

static gboolean
read_enum (JsonObject   *object,
           const char   *name,
           const char   *path,
           gboolean      required,
           FromString    parse,
           const char   *allowed,
           int          *out,
           GError      **error)
{
  const char *text;

  if (!read_string (object, name, path, required, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!parse (text, out))
    {
      g_autofree char *reason = g_strdup_printf (_("unknown value; expected one of %s"), allowed);
      return bad_input (error, path, reason);
    }
  return TRUE;
}


static gboolean
read_session (JsonNode           *node,
              guint               index,
              SessioSessionInfo  *s,
              const char        **id,
              GError            **error)
{
  g_autofree char *base = g_strdup_printf ("sessions[%u]", index);
  g_autofree char *p_id = g_strconcat (base, ".id", NULL);
  g_autofree char *p_date = g_strconcat (base, ".date", NULL);
  g_autofree char *p_care = g_strconcat (base, ".care", NULL);
  g_autofree char *p_setting = g_strconcat (base, ".setting", NULL);
  g_autofree char *p_location = g_strconcat (base, ".location", NULL);
  g_autofree char *p_context = g_strconcat (base, ".context", NULL);
  g_autofree char *p_participants = g_strconcat (base, ".participants", NULL);
  g_autofree char *p_co = g_strconcat (base, ".co_facilitator", NULL);
  g_autofree char *p_status = g_strconcat (base, ".status", NULL);
  JsonObject *object;
  JsonNode *participants;
  int care = 0, setting = 0, location = SESSIO_LOCATION_PRACTICE;
  int context = SESSIO_CONTEXT_OWN, status = SESSIO_STATUS_HELD;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bad_input (error, base, _("expected an object"));
  object = json_node_get_object (node);

  memset (s, 0, sizeof *s);
  if (!read_string (object, "id", p_id, TRUE, id, error) ||
      !read_date (object, "date", p_date, TRUE, &s->date, error) ||
      !read_enum (object, "care", p_care, TRUE, parse_care,
                  "community, support, treatment, first-line, specialised", &care, error) ||
      !read_enum (object, "setting", p_setting, TRUE, parse_setting,
                  "individual, group", &setting, error) ||
      !read_enum (object, "location", p_location, FALSE, parse_location,
                  "practice, school, clb, boarding-school, home, video, outreach", &location, error) ||
      !read_enum (object, "context", p_context, FALSE, parse_context,
                  "own, clb", &context, error) ||
      !read_enum (object, "status", p_status, FALSE, parse_status,
                  "planned, held, no-show, cancelled", &status, error) ||
      !read_bool (object, "co_facilitator", p_co, &s->co_facilitator, error))
    return FALSE;

  s->care = (SessioCare) care;
  s->setting = (SessioSetting) setting;
  s->location = (SessioLocation) location;
  s->context = (SessioContext) context;
  s->status = (SessioStatus) status;
  s->participants = 1;

  participants = member_or_null (object, "participants");
  if (participants != NULL)
    {
      gint64 value;

      if (!JSON_NODE_HOLDS_VALUE (participants) || json_node_get_value_type (participants) != G_TYPE_INT64)
        return bad_input (error, p_participants, _("expected a whole number"));
      value = json_node_get_int (participants);
      if (value < 1 || value > 10000)
        return bad_input (error, p_participants, _("expected a whole number from 1 to 10000"));
      s->participants = (guint) value;
    }

  return TRUE;
}

static gboolean
read_input (JsonParser         *parser,
            const char         *data,
            gsize               length,
            SessioEvalRequest  *input,
            GError            **error)
{
  g_autoptr(GError) parse_error = NULL;
  JsonObject *root, *patient, *trajectory;
  JsonNode *root_node, *sessions_node;
  JsonArray *sessions;
  int network = 0;

  if (memchr (data, '\0', length) != NULL)
    return bad_input (error, "$", _("the input contains a NUL byte"));

  /* A request nests four levels; refusing much deeper input up front keeps
   * json-glib's recursive parser from overflowing the stack. */
  if (!sessio_json_nesting_ok (data, length, 32, NULL))
    return bad_input (error, "$", _("the input nests lists and objects too deeply"));

  if (!json_parser_load_from_data (parser, data, (gssize) length, &parse_error))
    {
      const char *colon = strchr (parse_error->message, ':');
      int line = 0, column = 0;

      /* json-glib's message quotes the offending token, which may be a
       * birth date or a name: keep only where it is. */
      if (colon != NULL && sscanf (colon + 1, "%d:%d", &line, &column) == 2)
        g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                     _("The input is not valid JSON (line %d, column %d)"), line, column);
      else
        g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                             _("The input is not valid JSON"));
      return FALSE;
    }

  root_node = json_parser_get_root (parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    return bad_input (error, "$", _("expected one JSON object"));
  root = json_node_get_object (root_node);

  if (!read_object (root, "patient", "patient", &patient, error) ||
      !read_date (patient, "birth_date", "patient.birth_date", TRUE, &input->patient.birth, error) ||
      !read_bool (patient, "bim", "patient.bim", &input->patient.bim, error) ||
      !read_object (root, "trajectory", "trajectory", &trajectory, error) ||
      !read_enum (trajectory, "network", "trajectory.network", TRUE, parse_network,
                  "youth, adult", &network, error) ||
      !read_date (trajectory, "start", "trajectory.start", FALSE, &input->trajectory.start, error) ||
      !read_date (trajectory, "bilan_date", "trajectory.bilan_date", FALSE, &input->trajectory.bilan, error))
    return FALSE;
  input->trajectory.network = (SessioNetwork) network;

  sessions_node = member_or_null (root, "sessions");
  if (sessions_node == NULL)
    return bad_input (error, "sessions", _("this member is required"));
  if (!JSON_NODE_HOLDS_ARRAY (sessions_node))
    return bad_input (error, "sessions", _("expected a list"));
  sessions = json_node_get_array (sessions_node);

  g_array_set_size (input->sessions, json_array_get_length (sessions));
  g_ptr_array_set_size (input->ids, (int) json_array_get_length (sessions));
  for (guint i = 0; i < json_array_get_length (sessions); i++)
    {
      const char *id = NULL;

      if (!read_session (json_array_get_element (sessions, i), i,
                         &g_array_index (input->sessions, SessioSessionInfo, i), &id, error))
        return FALSE;
      g_ptr_array_index (input->ids, i) = g_strdup (id);
    }

  return TRUE;
}

SessioEvalRequest *
sessio_eval_request_new_from_data (const char  *data,
                                   gsize        length,
                                   GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  SessioEvalRequest *self;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  self = g_new0 (SessioEvalRequest, 1);
  self->sessions = g_array_new (FALSE, TRUE, sizeof (SessioSessionInfo));
  self->ids = g_ptr_array_new_with_free_func (g_free);
  g_date_clear (&self->patient.birth, 1);
  g_date_clear (&self->trajectory.start, 1);
  g_date_clear (&self->trajectory.bilan, 1);

  if (!read_input (parser, data != NULL ? data : "", length, self, error))
    {
      sessio_eval_request_free (self);
      return NULL;
    }

  return self;
}

void
sessio_eval_request_free (SessioEvalRequest *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->sessions);
  g_ptr_array_unref (self->ids);
  g_free (self);
}

/* JSON string escaping (RFC 8259): the ids are the caller's text. */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_codes (GString  *out,
              guint     bits,
              gboolean  warnings)
{
  gboolean first = TRUE;
  guint n_bits = warnings ? SESSIO_N_EVAL_WARNINGS : SESSIO_N_EVAL_ERRORS;

  g_string_append_c (out, '[');
  for (guint b = 0; b < n_bits; b++)
    if (bits & (1u << b))
      {
        if (!first)
          g_string_append (out, ", ");
        first = FALSE;
        g_string_append_c (out, '"');
        g_string_append (out, warnings ? sessio_eval_warning_to_string ((SessioEvalWarning) (1u << b))
                                       : sessio_eval_error_to_string ((SessioEvalErrorCode) (1u << b)));
        g_string_append_c (out, '"');
      }
  g_string_append_c (out, ']');
}

static void
append_nullable_int (GString *out,
                     int      value)
{
  if (value < 0)
    g_string_append (out, "null");
  else
    g_string_append_printf (out, "%d", value);
}

/* Written by hand rather than through JsonBuilder and JsonGenerator: at
 * 200 000 sessions the node tree costs more than the evaluation itself.
 * One session a line keeps the output readable and easy to diff. */
char *
sessio_eval_request_format_results (const SessioEvalRequest *input,
                                    const SessioEvalResult  *results,
                                    gsize                   *length)
{
  GString *out;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (results != NULL || input->sessions->len == 0, NULL);

  out = g_string_sized_new (64 + (gsize) input->sessions->len * 330);
  g_string_append (out, "{\n  \"sessions\": [");

  for (guint i = 0; i < input->sessions->len; i++)
    {
      const SessioEvalResult *r = &results[i];
      const SessioSessionInfo *s = &g_array_index (input->sessions, SessioSessionInfo, i);
      g_autofree char *explanation = sessio_eval_result_explain (r, s);

      g_string_append (out, i > 0 ? ",\n    { \"id\": " : "\n    { \"id\": ");
      append_json_string (out, g_ptr_array_index (input->ids, i));
      g_string_append (out, ", \"rule_set\": ");
      if (r->rule_set != NULL)
        append_json_string (out, sessio_rule_set_get_id (r->rule_set));
      else
        g_string_append (out, "null");
      g_string_append_printf (out, ", \"billable\": %s, \"fee_cents\": %" G_GINT64_FORMAT
                              ", \"copay_cents\": %" G_GINT64_FORMAT ", \"copay_reason\": ",
                              r->billable ? "true" : "false", r->fee_cents, r->copay_cents);
      if (r->copay_reason != SESSIO_COPAY_REASON_NONE)
        append_json_string (out, sessio_copay_reason_to_string (r->copay_reason));
      else
        g_string_append (out, "null");
      g_string_append (out, ", \"count\": ");
      append_nullable_int (out, r->count);
      g_string_append (out, ", \"limit\": ");
      append_nullable_int (out, r->limit);
      g_string_append (out, ", \"warnings\": ");
      append_codes (out, r->warnings, TRUE);
      g_string_append (out, ", \"errors\": ");
      append_codes (out, r->errors, FALSE);
      g_string_append (out, ", \"explanation\": ");
      append_json_string (out, explanation);
      g_string_append (out, " }");
    }

  g_string_append (out, input->sessions->len > 0 ? "\n  ]\n}\n" : "]\n}\n");

  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}
