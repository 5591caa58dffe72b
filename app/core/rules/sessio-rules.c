/* sessio-rules.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "sessio-core-resources.h"
#include "sessio-rules-private.h"

#define RULES_RESOURCE_DIR "/be/sessio/Sessio/core/rules/"
/* No fee or co-payment comes near this; anything above is a typo. */
#define MAX_CENTS G_GINT64_CONSTANT (100000000)

/* ------------------------------------------------------------ enums */

static const char * const network_names[] = { "youth", "adult" };
static const char * const care_names[] = { "community", "support", "treatment", "first-line", "specialised" };
static const char * const setting_names[] = { "individual", "group" };
static const char * const location_names[] = {
  "practice", "school", "clb", "boarding-school", "home", "video", "outreach",
};
static const char * const context_names[] = { "own", "clb" };
static const char * const status_names[] = { "planned", "held", "no-show", "cancelled" };
static const char * const copay_reason_names[] = {
  NULL, "age-23-or-younger", "community", "clb-waiver", "first-individual-session",
  "bim", "standard", "group",
};
static const char * const amount_names[] = {
  "individual", "group", "co_facilitator", "trajectory", "mdo",
  "copay_individual", "copay_bim", "copay_group",
};

G_STATIC_ASSERT (G_N_ELEMENTS (network_names) == SESSIO_N_NETWORKS);
G_STATIC_ASSERT (G_N_ELEMENTS (care_names) == SESSIO_N_CARES);
G_STATIC_ASSERT (G_N_ELEMENTS (setting_names) == SESSIO_N_SETTINGS);
G_STATIC_ASSERT (G_N_ELEMENTS (location_names) == SESSIO_N_LOCATIONS);
G_STATIC_ASSERT (G_N_ELEMENTS (context_names) == SESSIO_N_CONTEXTS);
G_STATIC_ASSERT (G_N_ELEMENTS (status_names) == SESSIO_N_STATUSES);
G_STATIC_ASSERT (G_N_ELEMENTS (copay_reason_names) == SESSIO_N_COPAY_REASONS);
G_STATIC_ASSERT (G_N_ELEMENTS (amount_names) == SESSIO_N_AMOUNTS);

static gboolean
lookup_name (const char * const *names,
             guint               n_names,
             const char         *text,
             guint              *out)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    if (names[i] != NULL && strcmp (names[i], text) == 0)
      {
        *out = i;
        return TRUE;
      }

  return FALSE;
}

#define DEFINE_ENUM_STRINGS(Type, prefix, table)                             \
  const char *                                                                \
  prefix##_to_string (Type value)                                             \
  {                                                                           \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (table), NULL);       \
    return table[value];                                                      \
  }                                                                           \
  gboolean                                                                    \
  prefix##_from_string (const char *text,                                     \
                        Type       *out)                                      \
  {                                                                           \
    guint value;                                                              \
    if (!lookup_name (table, G_N_ELEMENTS (table), text, &value))             \
      return FALSE;                                                           \
    *out = (Type) value;                                                      \
    return TRUE;                                                              \
  }

DEFINE_ENUM_STRINGS (SessioNetwork, sessio_network, network_names)
DEFINE_ENUM_STRINGS (SessioCare, sessio_care, care_names)
DEFINE_ENUM_STRINGS (SessioSetting, sessio_setting, setting_names)
DEFINE_ENUM_STRINGS (SessioLocation, sessio_location, location_names)
DEFINE_ENUM_STRINGS (SessioContext, sessio_context, context_names)
DEFINE_ENUM_STRINGS (SessioStatus, sessio_status, status_names)
DEFINE_ENUM_STRINGS (SessioAmount, sessio_amount, amount_names)

const char *
sessio_copay_reason_to_string (SessioCopayReason reason)
{
  g_return_val_if_fail ((guint) reason < SESSIO_N_COPAY_REASONS, NULL);
  return copay_reason_names[reason];
}

const char *
sessio_care_get_label (SessioCare care)
{
  switch (care)
    {
    case SESSIO_CARE_COMMUNITY: return _("community intervention");
    case SESSIO_CARE_SUPPORT: return _("psychological support");
    case SESSIO_CARE_TREATMENT: return _("psychological treatment");
    case SESSIO_CARE_FIRST_LINE: return _("first-line psychological care");
    case SESSIO_CARE_SPECIALISED: return _("specialised first-line psychological care");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
sessio_amount_get_label (SessioAmount amount)
{
  switch (amount)
    {
    case SESSIO_AMOUNT_FEE_INDIVIDUAL: return _("Individual session");
    case SESSIO_AMOUNT_FEE_GROUP: return _("Group session");
    case SESSIO_AMOUNT_FEE_CO_FACILITATOR: return _("Co-facilitator of a group session");
    case SESSIO_AMOUNT_FEE_TRAJECTORY: return _("Trajectory fee, once per patient per year");
    case SESSIO_AMOUNT_FEE_MDO: return _("Multidisciplinary consultation");
    case SESSIO_AMOUNT_COPAY_INDIVIDUAL: return _("Co-payment, individual session");
    case SESSIO_AMOUNT_COPAY_BIM: return _("Co-payment with increased reimbursement");
    case SESSIO_AMOUNT_COPAY_GROUP: return _("Co-payment, group session");
    default: g_return_val_if_reached (NULL);
    }
}

gboolean
sessio_date_parse_iso (const char *text,
                       GDate      *date)
{
  guint year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (guint) ((text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0'));
  month = (guint) ((text[5] - '0') * 10 + (text[6] - '0'));
  day = (guint) ((text[8] - '0') * 10 + (text[9] - '0'));

  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

void
sessio_date_to_iso (const GDate *date,
                    char         out[11])
{
  g_snprintf (out, 11, "%04u-%02u-%02u",
              (guint) g_date_get_year (date), (guint) g_date_get_month (date),
              (guint) g_date_get_day (date));
}

gboolean
sessio_json_nesting_ok (const char *data,
                        gsize       length,
                        guint       max_depth,
                        int        *line)
{
  gboolean in_string = FALSE;
  guint depth = 0;
  int current_line = 1;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\n')
        current_line++;

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            {
              if (line != NULL)
                *line = current_line;
              return FALSE;
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

/* ------------------------------------------------------------ loader */

/* json-glib 1.6 keeps no positions in its nodes, but it tells signal
 * handlers the line it is at.  We remember, for every object member and
 * array element, the line where its value ended, so that a semantic error
 * ("limit must be a whole number") can point at the line as well as at
 * the JSON path. */
typedef struct
{
  JsonParser *parser;
  GHashTable *lines;   /* "%p.member" / "%p[i]" → line */
} Loader;

static void
on_object_member (JsonParser *parser,
                  JsonObject *object,
                  const char *member,
                  gpointer    user_data)
{
  Loader *loader = user_data;

  g_hash_table_insert (loader->lines, g_strdup_printf ("%p.%s", (void *) object, member),
                       GINT_TO_POINTER (json_parser_get_current_line (parser)));
}

static void
on_array_element (JsonParser *parser,
                  JsonArray  *array,
                  int         index,
                  gpointer    user_data)
{
  Loader *loader = user_data;

  g_hash_table_insert (loader->lines, g_strdup_printf ("%p[%d]", (void *) array, index),
                       GINT_TO_POINTER (json_parser_get_current_line (parser)));
}

/* One object or array being read: where it is, for messages. */
typedef struct
{
  Loader     *loader;
  const char *path;    /* "" for the root */
  int         line;    /* where the value ended, 0 unknown */
} Place;

static int
member_line (const Place *place,
             JsonObject  *object,
             const char  *member)
{
  g_autofree char *key = g_strdup_printf ("%p.%s", (void *) object, member);
  int line = GPOINTER_TO_INT (g_hash_table_lookup (place->loader->lines, key));

  return line > 0 ? line : place->line;
}

static int
element_line (const Place *place,
              JsonArray   *array,
              guint        index)
{
  g_autofree char *key = g_strdup_printf ("%p[%u]", (void *) array, index);
  int line = GPOINTER_TO_INT (g_hash_table_lookup (place->loader->lines, key));

  return line > 0 ? line : place->line;
}

static char *
join_path (const char *path,
           const char *member)
{
  if (path == NULL || *path == '\0')
    return g_strdup (member);
  return g_strconcat (path, ".", member, NULL);
}

static gboolean
refuse (GError     **error,
        int          line,
        const char  *path,
        const char  *reason)
{
  g_autofree char *safe_path = NULL;
  g_autofree char *safe_reason = NULL;

  /* Member names and json-glib's messages come from the file: keep the
   * message on one line and valid UTF-8 whatever the file holds. */
  safe_path = g_utf8_make_valid (path != NULL ? path : "", -1);
  safe_reason = g_utf8_make_valid (reason, -1);
  for (char *p = safe_path; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  for (char *p = safe_reason; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  path = safe_path;
  reason = safe_reason;

  if (line > 0 && path != NULL && *path != '\0')
    g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                 /* Translators: %d is a line number, then a JSON path such as
                  * care_types[1].limits.youth, then the reason */
                 _("Rule set refused: line %d, %s: %s"), line, path, reason);
  else if (path != NULL && *path != '\0')
    g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                 _("Rule set refused: %s: %s"), path, reason);
  else if (line > 0)
    g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                 _("Rule set refused: line %d: %s"), line, reason);
  else
    g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                 _("Rule set refused: %s"), reason);
  return FALSE;
}

static gboolean
refuse_member (const Place  *place,
               JsonObject   *object,
               const char   *member,
               const char   *reason,
               GError      **error)
{
  g_autofree char *path = join_path (place->path, member);

  return refuse (error, member_line (place, object, member), path, reason);
}

/* Unknown members are refused rather than ignored: a misspelt
 * "requires_asessment" would otherwise silently mean "no assessment". */
static gboolean
check_members (const Place        *place,
               JsonObject         *object,
               const char * const *allowed,
               GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      gboolean known = FALSE;

      for (guint i = 0; allowed[i] != NULL; i++)
        if (strcmp (allowed[i], name) == 0)
          known = TRUE;

      if (!known)
        return refuse_member (place, object, name, _("unknown member"), error);
    }

  return TRUE;
}

/* Returns the member's node, NULL when absent or null.  A missing required
 * member is refused. */
static gboolean
get_node (const Place  *place,
          JsonObject   *object,
          const char   *member,
          gboolean      required,
          JsonNode    **out,
          GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      if (required)
        {
          g_autofree char *path = join_path (place->path, member);
          return refuse (error, place->line, path,
                         node == NULL ? _("this member is required") : _("this member may not be null"));
        }
      return TRUE;
    }

  *out = node;
  return TRUE;
}

static gboolean
get_int (const Place  *place,
         JsonObject   *object,
         const char   *member,
         gboolean      required,
         gint64        min,
         gint64        max,
         gint64       *out,
         gboolean     *present,
         GError      **error)
{
  JsonNode *node;

  if (present != NULL)
    *present = FALSE;
  if (!get_node (place, object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return refuse_member (place, object, member, _("expected a whole number"), error);

  *out = json_node_get_int (node);
  if (*out < min || *out > max)
    {
      /* The bounds as text first: xgettext cannot see through
       * G_GINT64_FORMAT inside a msgid. */
      g_autofree char *min_text = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *max_text = g_strdup_printf ("%" G_GINT64_FORMAT, max);
      /* Translators: a value in a rule-set file is out of range; %s are numbers */
      g_autofree char *reason = g_strdup_printf (_("expected a whole number from %s to %s"),
                                                 min_text, max_text);
      return refuse_member (place, object, member, reason, error);
    }

  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

static gboolean
get_bool (const Place  *place,
          JsonObject   *object,
          const char   *member,
          gboolean      fallback,
          gboolean     *out,
          GError      **error)
{
  JsonNode *node;

  if (!get_node (place, object, member, FALSE, &node, error))
    return FALSE;
  if (node == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return refuse_member (place, object, member, _("expected true or false"), error);

  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_string (const Place  *place,
            JsonObject   *object,
            const char   *member,
            gboolean      required,
            const char  **out,
            GError      **error)
{
  JsonNode *node;

  *out = NULL;
  if (!get_node (place, object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return refuse_member (place, object, member, _("expected text"), error);

  *out = json_node_get_string (node);
  return TRUE;
}

/* Sets @child to describe member @member of @object, an object. */
static gboolean
get_object (const Place  *place,
            JsonObject   *object,
            const char   *member,
            gboolean      required,
            JsonObject  **out,
            Place        *child,
            char        **child_path,
            GError      **error)
{
  JsonNode *node;

  *out = NULL;
  if (!get_node (place, object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return refuse_member (place, object, member, _("expected an object"), error);

  *out = json_node_get_object (node);
  *child_path = join_path (place->path, member);
  child->loader = place->loader;
  child->path = *child_path;
  child->line = member_line (place, object, member);
  return TRUE;
}

static gboolean
get_array (const Place  *place,
           JsonObject   *object,
           const char   *member,
           gboolean      required,
           JsonArray   **out,
           GError      **error)
{
  JsonNode *node;

  *out = NULL;
  if (!get_node (place, object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return refuse_member (place, object, member, _("expected a list"), error);

  *out = json_node_get_array (node);
  return TRUE;
}

/* Reads a list of names from @table into a bit mask. */
static gboolean
get_name_mask (const Place         *place,
               JsonObject          *object,
               const char          *member,
               gboolean             required,
               const char * const  *table,
               guint                n_table,
               guint               *mask,
               GError             **error)
{
  g_autofree char *path = join_path (place->path, member);
  JsonArray *array;

  *mask = 0;
  if (!get_array (place, object, member, required, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  if (json_array_get_length (array) == 0)
    return refuse_member (place, object, member, _("the list may not be empty"), error);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *element_path = g_strdup_printf ("%s[%u]", path, i);
      int line = element_line (place, array, i);
      guint value;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return refuse (error, line, element_path, _("expected text"));
      if (!lookup_name (table, n_table, json_node_get_string (node), &value))
        return refuse (error, line, element_path, _("unknown value"));
      if (*mask & (1u << value))
        return refuse (error, line, element_path, _("listed twice"));
      *mask |= 1u << value;
    }

  return TRUE;
}

static gboolean
load_fee (SessioRuleSet  *self,
          const Place    *place,
          JsonObject     *fees,
          SessioAmount    amount,
          gboolean        required,
          GError        **error)
{
  static const char * const allowed[] = { "cents", "billing_code", "per", "care", "min_providers", NULL };
  const char *name = amount_names[amount];
  g_autofree char *path = NULL;
  JsonObject *fee;
  Place here;
  const char *code, *per;
  gint64 value;

  if (!get_object (place, fees, name, required, &fee, &here, &path, error))
    return FALSE;
  if (fee == NULL)
    return TRUE;

  if (!check_members (&here, fee, allowed, error) ||
      !get_int (&here, fee, "cents", TRUE, 0, MAX_CENTS, &value, NULL, error) ||
      !get_string (&here, fee, "billing_code", FALSE, &code, error) ||
      !get_string (&here, fee, "per", FALSE, &per, error))
    return FALSE;

  if (per != NULL && strcmp (per, "patient-calendar-year") != 0)
    return refuse_member (&here, fee, "per", _("unknown value"), error);

  if (amount == SESSIO_AMOUNT_FEE_MDO)
    {
      gint64 min_providers = 3;

      if (!get_name_mask (&here, fee, "care", FALSE, care_names, SESSIO_N_CARES,
                          &self->mdo_care_mask, error) ||
          !get_int (&here, fee, "min_providers", FALSE, 1, 100, &min_providers, NULL, error))
        return FALSE;
      self->mdo_min_providers = (guint) min_providers;
    }

  self->amounts[amount] = value;
  self->billing_codes[amount] = g_strdup (code);
  return TRUE;
}

static gboolean
load_limits (SessioRuleSet  *self,
             const Place    *place,
             JsonObject     *care_type,
             SessioCare      care,
             GError        **error)
{
  static const char * const networks_allowed[] = { "youth", "adult", NULL };
  static const char * const settings_allowed[] = { "individual", "group", NULL };
  g_autofree char *path = NULL;
  JsonObject *limits;
  Place here;

  if (!get_object (place, care_type, "limits", FALSE, &limits, &here, &path, error))
    return FALSE;
  if (limits == NULL)
    return TRUE;
  if (!check_members (&here, limits, networks_allowed, error))
    return FALSE;

  for (guint n = 0; n < SESSIO_N_NETWORKS; n++)
    {
      g_autofree char *network_path = NULL;
      JsonObject *network;
      Place inner;

      if (!get_object (&here, limits, network_names[n], FALSE, &network, &inner, &network_path, error))
        return FALSE;
      if (network == NULL)
        continue;
      if (!check_members (&inner, network, settings_allowed, error))
        return FALSE;

      for (guint s = 0; s < SESSIO_N_SETTINGS; s++)
        {
          gint64 limit = -1;
          gboolean present;

          if (!get_int (&inner, network, setting_names[s], FALSE, 0, 1000, &limit, &present, error))
            return FALSE;
          self->limits[n][care][s] = present ? (int) limit : -1;
        }
    }

  return TRUE;
}

static gboolean
load_care_types (SessioRuleSet  *self,
                 const Place    *place,
                 JsonObject     *root,
                 GError        **error)
{
  static const char * const allowed[] = { "id", "settings", "requires_assessment", "limits", NULL };
  JsonArray *array;

  if (!get_array (place, root, "care_types", TRUE, &array, error))
    return FALSE;
  if (json_array_get_length (array) == 0)
    return refuse_member (place, root, "care_types", _("the list may not be empty"), error);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("care_types[%u]", i);
      Place here = { place->loader, path, element_line (place, array, i) };
      JsonObject *care_type;
      const char *id;
      guint care, settings;
      gboolean assessment;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return refuse (error, here.line, path, _("expected an object"));
      care_type = json_node_get_object (node);

      if (!check_members (&here, care_type, allowed, error) ||
          !get_string (&here, care_type, "id", TRUE, &id, error))
        return FALSE;
      if (!lookup_name (care_names, SESSIO_N_CARES, id, &care))
        return refuse_member (&here, care_type, "id", _("unknown care type"), error);
      if (self->care_mask & (1u << care))
        return refuse_member (&here, care_type, "id", _("listed twice"), error);

      if (!get_name_mask (&here, care_type, "settings", TRUE, setting_names, SESSIO_N_SETTINGS,
                          &settings, error) ||
          !get_bool (&here, care_type, "requires_assessment", FALSE, &assessment, error))
        return FALSE;

      /* Every care type has group sessions; some (community) only those.
       * An individual-only care type has no error code to report a group
       * session with, so the format does not allow one. */
      if (!(settings & (1u << SESSIO_SETTING_GROUP)))
        return refuse_member (&here, care_type, "settings", _("every care type allows group sessions"), error);

      self->care_mask |= 1u << care;
      if (!(settings & (1u << SESSIO_SETTING_INDIVIDUAL)))
        self->group_only_mask |= 1u << care;
      if (assessment)
        self->assessment_mask |= 1u << care;

      if (!load_limits (self, &here, care_type, (SessioCare) care, error))
        return FALSE;
    }

  return TRUE;
}

/* The members of a co-payment rule of @rule->kind besides "kind". */
static gboolean
load_copay_members (SessioRuleSet    *self,
                    const Place      *here,
                    JsonObject       *object,
                    SessioCopayRule  *rule,
                    GError          **error)
{
  switch (rule->kind)
    {
    case SESSIO_COPAY_KIND_AGE:
      {
        gint64 max_age;

        if (!get_int (here, object, "max_age", TRUE, 0, 150, &max_age, NULL, error))
          return FALSE;
        rule->max_age = (guint) max_age;
      }
      break;

    case SESSIO_COPAY_KIND_CARE_TYPE:
      if (!get_name_mask (here, object, "care", TRUE, care_names, SESSIO_N_CARES,
                          &rule->care_mask, error))
        return FALSE;
      break;

    case SESSIO_COPAY_KIND_CLB_WAIVER:
      {
        const char *context;
        guint context_index;
        gint64 min = 1;

        if (!get_string (here, object, "context", TRUE, &context, error))
          return FALSE;
        if (!lookup_name (context_names, SESSIO_N_CONTEXTS, context, &context_index))
          return refuse_member (here, object, "context", _("unknown value"), error);
        if (!get_name_mask (here, object, "locations", TRUE, location_names, SESSIO_N_LOCATIONS,
                            &rule->location_mask, error) ||
            !get_int (here, object, "min_group_participants", FALSE, 1, 1000, &min, NULL, error))
          return FALSE;
        rule->context = (SessioContext) context_index;
        rule->min_group_participants = (guint) min;
      }
      break;

    case SESSIO_COPAY_KIND_FIRST:
      break;

    case SESSIO_COPAY_KIND_INDIVIDUAL:
    case SESSIO_COPAY_KIND_GROUP:
      {
        SessioAmount amount = rule->kind == SESSIO_COPAY_KIND_INDIVIDUAL
          ? SESSIO_AMOUNT_COPAY_INDIVIDUAL : SESSIO_AMOUNT_COPAY_GROUP;
        gint64 cents, bim_cents = -1;

        /* One amount per item, so that an override has one place to go. */
        if (self->amounts[amount] >= 0)
          return refuse_member (here, object, "kind", _("only one rule of this kind is allowed"), error);
        if (!get_int (here, object, "cents", TRUE, 0, MAX_CENTS, &cents, NULL, error) ||
            !get_name_mask (here, object, "care", FALSE, care_names, SESSIO_N_CARES,
                            &rule->care_mask, error))
          return FALSE;
        if (rule->kind == SESSIO_COPAY_KIND_INDIVIDUAL &&
            !get_int (here, object, "bim_cents", TRUE, 0, MAX_CENTS, &bim_cents, NULL, error))
          return FALSE;
        self->amounts[amount] = cents;
        if (rule->kind == SESSIO_COPAY_KIND_INDIVIDUAL)
          self->amounts[SESSIO_AMOUNT_COPAY_BIM] = bim_cents;
      }
      break;

    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/* The co-payment rule copay[@i] of @array, into the next free rule. */
static gboolean
load_copay_rule (SessioRuleSet  *self,
                 const Place    *place,
                 JsonArray      *array,
                 guint           i,
                 GError        **error)
{
  static const char * const kinds[] = {
    "age", "care-type", "clb-waiver", "first-individual-session", "individual", "group",
  };
  static const char * const allowed[][6] = {
    { "kind", "max_age", NULL },
    { "kind", "care", NULL },
    { "kind", "context", "locations", "min_group_participants", NULL },
    { "kind", NULL },
    { "kind", "cents", "bim_cents", "care", NULL },
    { "kind", "cents", "care", NULL },
  };
  JsonNode *node = json_array_get_element (array, i);
  g_autofree char *path = g_strdup_printf ("copay[%u]", i);
  Place here = { place->loader, path, element_line (place, array, i) };
  SessioCopayRule *rule = &self->copay[self->n_copay];
  JsonObject *object;
  const char *kind;
  guint kind_index;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return refuse (error, here.line, path, _("expected an object"));
  object = json_node_get_object (node);

  if (!get_string (&here, object, "kind", TRUE, &kind, error))
    return FALSE;
  if (!lookup_name (kinds, G_N_ELEMENTS (kinds), kind, &kind_index))
    return refuse_member (&here, object, "kind", _("unknown kind of co-payment rule"), error);
  if (!check_members (&here, object, allowed[kind_index], error))
    return FALSE;

  memset (rule, 0, sizeof *rule);
  rule->kind = (SessioCopayKind) kind_index;
  if (!load_copay_members (self, &here, object, rule, error))
    return FALSE;
  self->n_copay++;
  return TRUE;
}

/* Whether a rule of the set always sets the co-payment of @setting
 * sessions of @care. */
static gboolean
copay_is_covered (const SessioRuleSet *self,
                  guint                care,
                  guint                setting)
{
  for (guint r = 0; r < self->n_copay; r++)
    {
      const SessioCopayRule *rule = &self->copay[r];
      gboolean care_ok = rule->care_mask == 0 || (rule->care_mask & (1u << care));

      if (rule->kind == SESSIO_COPAY_KIND_CARE_TYPE && care_ok)
        return TRUE;
      else if (rule->kind == SESSIO_COPAY_KIND_INDIVIDUAL && care_ok &&
               setting == SESSIO_SETTING_INDIVIDUAL)
        return TRUE;
      else if (rule->kind == SESSIO_COPAY_KIND_GROUP && care_ok &&
               setting == SESSIO_SETTING_GROUP)
        return TRUE;
    }
  return FALSE;
}

static gboolean
load_copay (SessioRuleSet  *self,
            const Place    *place,
            JsonObject     *root,
            GError        **error)
{
  JsonArray *array;

  if (!get_array (place, root, "copay", TRUE, &array, error))
    return FALSE;
  if (json_array_get_length (array) > SESSIO_MAX_COPAY_RULES)
    return refuse_member (place, root, "copay", _("too many rules"), error);

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!load_copay_rule (self, place, array, i, error))
      return FALSE;

  /* Every session the set can bill must end at a rule that always
   * matches, or its co-payment would be undefined. */
  for (guint care = 0; care < SESSIO_N_CARES; care++)
    for (guint setting = 0; setting < SESSIO_N_SETTINGS; setting++)
      {
        if (!(self->care_mask & (1u << care)))
          continue;
        if (setting == SESSIO_SETTING_INDIVIDUAL && (self->group_only_mask & (1u << care)))
          continue;

        if (!copay_is_covered (self, care, setting))
          {
            g_autofree char *reason =
              g_strdup_printf (_("no rule sets the co-payment of %s %s sessions"),
                               setting_names[setting], care_names[care]);
            return refuse_member (place, root, "copay", reason, error);
          }
      }

  return TRUE;
}

static SessioRuleSet *
rule_set_alloc (void)
{
  SessioRuleSet *self = g_new0 (SessioRuleSet, 1);

  g_atomic_ref_count_init (&self->ref_count);
  for (guint i = 0; i < SESSIO_N_AMOUNTS; i++)
    self->amounts[i] = -1;
  for (guint n = 0; n < SESSIO_N_NETWORKS; n++)
    {
      self->targets[n] = -1;
      for (guint c = 0; c < SESSIO_N_CARES; c++)
        for (guint s = 0; s < SESSIO_N_SETTINGS; s++)
          self->limits[n][c][s] = -1;
    }

  return self;
}

static gboolean
load_root (SessioRuleSet  *self,
           const Place    *place,
           JsonObject     *root,
           GError        **error)
{
  static const char * const allowed[] = {
    "schema", "valid_from", "title", "source", "amounts_to_confirm", "window",
    "fees", "care_types", "copay", "network_targets", NULL,
  };
  static const char * const targets_allowed[] = { "youth", "adult", NULL };
  g_autofree char *fees_path = NULL;
  g_autofree char *targets_path = NULL;
  const char *valid_from, *title, *source, *window;
  JsonObject *fees, *targets;
  Place fees_place, targets_place;
  gint64 schema;

  /* The schema version first: a newer file deserves "update Sessio", not
   * a complaint about some member it does not know. */
  if (!get_int (place, root, "schema", TRUE, 1, G_MAXINT32, &schema, NULL, error))
    return FALSE;
  if (schema > SESSIO_RULE_SET_SCHEMA_VERSION)
    return refuse_member (place, root, "schema",
                          _("this rule set was written for a newer version of Sessio"), error);

  if (!check_members (place, root, allowed, error) ||
      !get_string (place, root, "valid_from", TRUE, &valid_from, error))
    return FALSE;
  if (!sessio_date_parse_iso (valid_from, &self->valid_from))
    return refuse_member (place, root, "valid_from", _("expected a date written YYYY-MM-DD"), error);
  sessio_date_to_iso (&self->valid_from, self->id);
  self->valid_from_julian = g_date_get_julian (&self->valid_from);

  if (!get_string (place, root, "title", TRUE, &title, error) ||
      !get_string (place, root, "source", TRUE, &source, error) ||
      !get_bool (place, root, "amounts_to_confirm", FALSE, &self->amounts_to_confirm, error) ||
      !get_string (place, root, "window", TRUE, &window, error))
    return FALSE;
  self->title = g_strdup (title);
  self->source = g_strdup (source);

  if (strcmp (window, "rolling-12-months") != 0)
    return refuse_member (place, root, "window", _("unknown kind of window"), error);

  if (!get_object (place, root, "fees", TRUE, &fees, &fees_place, &fees_path, error))
    return FALSE;
  {
    static const char * const fees_allowed[] = {
      "individual", "group", "co_facilitator", "trajectory", "mdo", NULL,
    };

    if (!check_members (&fees_place, fees, fees_allowed, error))
      return FALSE;
    for (guint a = 0; a < SESSIO_N_FEES; a++)
      if (!load_fee (self, &fees_place, fees, (SessioAmount) a,
                     a == SESSIO_AMOUNT_FEE_INDIVIDUAL || a == SESSIO_AMOUNT_FEE_GROUP, error))
        return FALSE;
  }

  if (!load_care_types (self, place, root, error) ||
      !load_copay (self, place, root, error))
    return FALSE;

  if (!get_object (place, root, "network_targets", FALSE, &targets, &targets_place, &targets_path, error))
    return FALSE;
  if (targets != NULL)
    {
      if (!check_members (&targets_place, targets, targets_allowed, error))
        return FALSE;
      for (guint n = 0; n < SESSIO_N_NETWORKS; n++)
        {
          gint64 target;
          gboolean present;

          if (!get_int (&targets_place, targets, network_names[n], FALSE, 0, 1000, &target, &present, error))
            return FALSE;
          self->targets[n] = present ? (int) target : -1;
        }
    }

  return TRUE;
}

/* json-glib reports syntax errors as "<data>:LINE:COLUMN: Parse error: …";
 * we keep the line and the reason and drop the rest. */
static gboolean
refuse_syntax (GError     **error,
               const char  *message)
{
  int line = 0, column = 0, consumed = 0;
  const char *colon;

  colon = strchr (message, ':');
  if (colon != NULL && sscanf (colon + 1, "%d:%d:%n", &line, &column, &consumed) == 2 && consumed > 0)
    {
      const char *rest = colon + 1 + consumed;

      while (*rest == ' ')
        rest++;
      if (g_str_has_prefix (rest, "Parse error: "))
        rest += strlen ("Parse error: ");
      else if (g_str_has_prefix (rest, "Parse error:"))
        rest += strlen ("Parse error:");
      {
        g_autofree char *reason = g_strdup_printf (_("not valid JSON (%s)"), rest);
        return refuse (error, line, NULL, reason);
      }
    }

  {
    g_autofree char *reason = g_strdup_printf (_("not valid JSON (%s)"), message);
    return refuse (error, 0, NULL, reason);
  }
}

SessioRuleSet *
sessio_rule_set_new_from_data (const char  *data,
                               gssize       length,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GHashTable) lines = NULL;
  g_autoptr(GError) local_error = NULL;
  SessioRuleSet *self;
  JsonNode *root;
  Loader loader;
  Place place;

  g_return_val_if_fail (data != NULL, NULL);

  if (length < 0)
    length = (gssize) strlen (data);

  /* json-glib stops at an embedded NUL without saying so; a file with one
   * is not a rule set. */
  if (memchr (data, '\0', (gsize) length) != NULL)
    {
      refuse (error, 0, NULL, _("the file contains a NUL byte"));
      return NULL;
    }

  {
    int line = 0;

    /* The format nests five levels; anything far deeper is not a rule set. */
    if (!sessio_json_nesting_ok (data, (gsize) length, 32, &line))
      {
        refuse (error, line, NULL, _("the file nests lists and objects too deeply"));
        return NULL;
      }
  }

  parser = json_parser_new_immutable ();
  lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  loader.parser = parser;
  loader.lines = lines;
  g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member), &loader);
  g_signal_connect (parser, "array-element", G_CALLBACK (on_array_element), &loader);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      refuse_syntax (error, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      refuse (error, 1, NULL, _("the file must hold one JSON object"));
      return NULL;
    }

  place.loader = &loader;
  place.path = "";
  place.line = 1;

  self = rule_set_alloc ();
  if (!load_root (self, &place, json_node_get_object (root), error))
    {
      sessio_rule_set_unref (self);
      return NULL;
    }

  return self;
}

/**
 * sessio_rules_ensure_resources:
 *
 * Registers the core's GResource (the shipped rule sets) once.  It is
 * compiled into the rules layer, the only one that reads it, and
 * registered by hand: in a static library an automatic constructor is
 * dropped by the linker when nothing references it.
 * sessio_core_ensure_resources() calls this.
 */
void
sessio_rules_ensure_resources (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      sessio_core_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

SessioRuleSet *
sessio_rule_set_new_from_resource (const char  *path,
                                   GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  const char *data;

  /* The core's resource is registered by hand (not by a constructor), so
   * programs that skip sessio_core_init(), such as fuzz targets, still
   * find the shipped rule sets. */
  sessio_rules_ensure_resources ();
  bytes = g_resource_lookup_data (sessio_core_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  return sessio_rule_set_new_from_data (data, (gssize) size, error);
}

SessioRuleSet *
sessio_rule_set_ref (SessioRuleSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sessio_rule_set_unref (SessioRuleSet *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->title);
  g_free (self->source);
  for (guint i = 0; i < SESSIO_N_FEES; i++)
    g_free (self->billing_codes[i]);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (SessioRuleSet, sessio_rule_set, sessio_rule_set_ref, sessio_rule_set_unref)

const char *
sessio_rule_set_get_id (SessioRuleSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const GDate *
sessio_rule_set_get_valid_from (SessioRuleSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->valid_from;
}

const char *
sessio_rule_set_get_title (SessioRuleSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->title;
}

const char *
sessio_rule_set_get_source (SessioRuleSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->source;
}

gboolean
sessio_rule_set_get_amounts_to_confirm (SessioRuleSet *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->amounts_to_confirm;
}

gboolean
sessio_rule_set_has_care (SessioRuleSet *self,
                          SessioCare     care)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail ((guint) care < SESSIO_N_CARES, FALSE);
  return (self->care_mask & (1u << care)) != 0;
}

gboolean
sessio_rule_set_care_requires_assessment (SessioRuleSet *self,
                                          SessioCare     care)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail ((guint) care < SESSIO_N_CARES, FALSE);
  return (self->assessment_mask & (1u << care)) != 0;
}

gboolean
sessio_rule_set_care_is_group_only (SessioRuleSet *self,
                                    SessioCare     care)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail ((guint) care < SESSIO_N_CARES, FALSE);
  return (self->group_only_mask & (1u << care)) != 0;
}

int
sessio_rule_set_get_limit (SessioRuleSet *self,
                           SessioNetwork  network,
                           SessioCare     care,
                           SessioSetting  setting)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail ((guint) network < SESSIO_N_NETWORKS, -1);
  g_return_val_if_fail ((guint) care < SESSIO_N_CARES, -1);
  g_return_val_if_fail ((guint) setting < SESSIO_N_SETTINGS, -1);
  return self->limits[network][care][setting];
}

int
sessio_rule_set_get_network_target (SessioRuleSet *self,
                                    SessioNetwork  network)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail ((guint) network < SESSIO_N_NETWORKS, -1);
  return self->targets[network];
}

gint64
sessio_rule_set_get_amount (SessioRuleSet *self,
                            SessioAmount   amount)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail ((guint) amount < SESSIO_N_AMOUNTS, -1);
  return self->amounts[amount];
}

const char *
sessio_rule_set_get_billing_code (SessioRuleSet *self,
                                  SessioAmount   amount)
{
  g_return_val_if_fail (self != NULL, NULL);
  if ((guint) amount >= SESSIO_N_FEES)
    return NULL;
  return self->billing_codes[amount];
}

SessioRuleSet *
sessio_rule_set_with_overrides (SessioRuleSet            *self,
                                const SessioRuleOverride *overrides,
                                guint                     n_overrides,
                                GError                  **error)
{
  SessioRuleSet *copy;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (overrides != NULL || n_overrides == 0, NULL);

  copy = g_new (SessioRuleSet, 1);
  *copy = *self;
  g_atomic_ref_count_init (&copy->ref_count);
  copy->title = g_strdup (self->title);
  copy->source = g_strdup (self->source);
  for (guint i = 0; i < SESSIO_N_FEES; i++)
    copy->billing_codes[i] = g_strdup (self->billing_codes[i]);

  for (guint i = 0; i < n_overrides; i++)
    {
      const SessioRuleOverride *o = &overrides[i];

      if ((guint) o->amount >= SESSIO_N_AMOUNTS || copy->amounts[o->amount] < 0)
        {
          g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                               _("This rule set has no such amount to change"));
          sessio_rule_set_unref (copy);
          return NULL;
        }

      if (o->cents >= 0)
        {
          if (o->cents > MAX_CENTS)
            {
              g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                                   _("This amount is too large to be a fee or a co-payment"));
              sessio_rule_set_unref (copy);
              return NULL;
            }
          copy->amounts[o->amount] = o->cents;
          /* The user has confirmed the fees with the network. */
          if ((guint) o->amount < SESSIO_N_FEES)
            copy->amounts_to_confirm = FALSE;
        }
      else if (o->cents != -1)
        {
          g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                               _("An amount cannot be negative"));
          sessio_rule_set_unref (copy);
          return NULL;
        }

      if (o->billing_code != NULL)
        {
          if ((guint) o->amount >= SESSIO_N_FEES)
            {
              g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                                   _("A co-payment has no billing code"));
              sessio_rule_set_unref (copy);
              return NULL;
            }
          g_free (copy->billing_codes[o->amount]);
          copy->billing_codes[o->amount] = *o->billing_code != '\0' ? g_strdup (o->billing_code) : NULL;
        }
    }

  return copy;
}

/* ------------------------------------------------------- collection */

struct _SessioRules
{
  gatomicrefcount  ref_count;
  GPtrArray       *sets;   /* SessioRuleSet, by valid-from */
};

G_DEFINE_BOXED_TYPE (SessioRules, sessio_rules, sessio_rules_ref, sessio_rules_unref)

SessioRules *
sessio_rules_new (void)
{
  SessioRules *self = g_new0 (SessioRules, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->sets = g_ptr_array_new_with_free_func ((GDestroyNotify) sessio_rule_set_unref);
  return self;
}

SessioRules *
sessio_rules_new_default (GError **error)
{
  g_autoptr(SessioRules) self = sessio_rules_new ();
  g_auto(GStrv) names = NULL;

  sessio_rules_ensure_resources ();
  names = g_resource_enumerate_children (sessio_core_get_resource (), RULES_RESOURCE_DIR,
                                         G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (names == NULL)
    return NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (RULES_RESOURCE_DIR, names[i], NULL);
      g_autoptr(SessioRuleSet) set = NULL;

      if (!g_str_has_suffix (names[i], ".json"))
        continue;
      /* A shipped file failing its own checks is a build bug, but it must
       * still reach the user as an error, not an abort. */
      set = sessio_rule_set_new_from_resource (path, error);
      if (set == NULL)
        return NULL;
      sessio_rules_add (self, set);
    }

  return g_steal_pointer (&self);
}

SessioRules *
sessio_rules_ref (SessioRules *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sessio_rules_unref (SessioRules *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_ptr_array_unref (self->sets);
  g_free (self);
}

void
sessio_rules_add (SessioRules   *self,
                  SessioRuleSet *rule_set)
{
  guint i;

  g_return_if_fail (self != NULL);
  g_return_if_fail (rule_set != NULL);

  for (i = 0; i < self->sets->len; i++)
    {
      SessioRuleSet *existing = g_ptr_array_index (self->sets, i);

      if (existing->valid_from_julian == rule_set->valid_from_julian)
        {
          sessio_rule_set_ref (rule_set);
          sessio_rule_set_unref (existing);
          g_ptr_array_index (self->sets, i) = rule_set;
          return;
        }
      if (existing->valid_from_julian > rule_set->valid_from_julian)
        break;
    }

  g_ptr_array_insert (self->sets, (int) i, sessio_rule_set_ref (rule_set));
}

guint
sessio_rules_get_n_rule_sets (SessioRules *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->sets->len;
}

SessioRuleSet *
sessio_rules_get_rule_set (SessioRules *self,
                           guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->sets->len, NULL);
  return g_ptr_array_index (self->sets, index);
}

SessioRuleSet *
sessio_rules_get_by_id (SessioRules *self,
                        const char  *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->sets->len; i++)
    {
      SessioRuleSet *set = g_ptr_array_index (self->sets, i);

      if (g_strcmp0 (set->id, id) == 0)
        return set;
    }

  return NULL;
}

SessioRuleSet *
sessio_rules_lookup (SessioRules *self,
                     const GDate *date)
{
  guint32 julian;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  julian = g_date_get_julian (date);
  for (guint i = self->sets->len; i > 0; i--)
    {
      SessioRuleSet *set = g_ptr_array_index (self->sets, i - 1);

      if (set->valid_from_julian <= julian)
        return set;
    }

  return NULL;
}
