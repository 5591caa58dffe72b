/* sessio-labels.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "sessio-labels.h"

const char *
sessio_network_get_label (SessioNetwork network)
{
  switch (network)
    {
    /* Translators: the mental-health network for children and adolescents (up to 23) */
    case SESSIO_NETWORK_YOUTH: return _("children and adolescents");
    /* Translators: the mental-health network for adults (15 and over) */
    case SESSIO_NETWORK_ADULT: return _("adults");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
sessio_setting_get_label (SessioSetting setting)
{
  switch (setting)
    {
    case SESSIO_SETTING_INDIVIDUAL: return _("individual");
    case SESSIO_SETTING_GROUP: return _("group");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
sessio_location_get_label (SessioLocation location)
{
  switch (location)
    {
    case SESSIO_LOCATION_PRACTICE: return _("practice");
    case SESSIO_LOCATION_SCHOOL: return _("school");
    case SESSIO_LOCATION_CLB: return _("CLB");
    case SESSIO_LOCATION_BOARDING_SCHOOL: return _("boarding school");
    case SESSIO_LOCATION_HOME: return _("at home");
    case SESSIO_LOCATION_VIDEO: return _("video call");
    /* Translators: another outreach site (vindplaats / lieu d'accroche) */
    case SESSIO_LOCATION_OUTREACH: return _("outreach site");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
sessio_context_get_label (SessioContext context)
{
  switch (context)
    {
    case SESSIO_CONTEXT_OWN: return _("own practice or organisation");
    /* Translators: organised by a CLB that has an agreement with its network */
    case SESSIO_CONTEXT_CLB: return _("organised by a CLB");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
sessio_status_get_label (SessioStatus status)
{
  switch (status)
    {
    case SESSIO_STATUS_PLANNED: return _("planned");
    case SESSIO_STATUS_HELD: return _("held");
    case SESSIO_STATUS_NO_SHOW: return _("no-show");
    case SESSIO_STATUS_CANCELLED: return _("cancelled");
    default: g_return_val_if_reached (NULL);
    }
}

char *
sessio_label_capitalise (const char *label)
{
  gunichar first;
  char buf[8];
  int n;

  if (label == NULL || *label == '\0')
    return g_strdup ("");
  first = g_utf8_get_char (label);
  n = g_unichar_to_utf8 (g_unichar_totitle (first), buf);
  return g_strdup_printf ("%.*s%s", n, buf, g_utf8_next_char (label));
}

const char * const sessio_copay_received_ids[] = {
  "not-yet", "cash", "transfer", "not-due", NULL
};

const char *
sessio_copay_received_get_label (const char *id)
{
  if (g_strcmp0 (id, "cash") == 0)
    return _("received in cash");
  if (g_strcmp0 (id, "transfer") == 0)
    return _("received by transfer");
  if (g_strcmp0 (id, "not-due") == 0)
    return _("nothing due");
  return _("not received yet");
}

const char *
sessio_eval_warning_get_message (SessioEvalWarning warning)
{
  switch (warning)
    {
    case SESSIO_EVAL_WARNING_LIMIT_REACHED:
      return _("The limit of reimbursed sessions in the last 12 months is reached: this session is not reimbursed.");
    case SESSIO_EVAL_WARNING_NOT_HELD:
      return _("Not held: nothing is billed and the session does not count towards the limit.");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sessio_eval_error_get_message (SessioEvalErrorCode error)
{
  switch (error)
    {
    case SESSIO_EVAL_ERROR_BILAN_REQUIRED:
      return _("This care type needs a functional assessment dated on or before the session.");
    case SESSIO_EVAL_ERROR_AGE_OUTSIDE_NETWORK:
      return _("The patient’s age on this date is outside the network’s age range.");
    case SESSIO_EVAL_ERROR_CARE_TYPE_NOT_IN_RULE_SET:
      return _("The convention in force on this date does not have this care type.");
    case SESSIO_EVAL_ERROR_COMMUNITY_IS_GROUP_ONLY:
      return _("Community interventions are group sessions only.");
    case SESSIO_EVAL_ERROR_NO_RULE_SET:
      return _("No convention covers sessions before 1 January 2022.");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Translates with @tr: gettext for the screen, a document's own
 * catalogue for a document.  Keeps the msgid's printf format checked. */
static const char *T (SessioTranslateFunc  tr,
                      gpointer             data,
                      const char          *msgid) G_GNUC_FORMAT (3);

static const char *
T (SessioTranslateFunc  tr,
   gpointer             data,
   const char          *msgid)
{
  return tr (msgid, data);
}

static const char *
translate_for_screen (const char *msgid,
                      gpointer    data)
{
  return _(msgid);
}

static const char *
audit_entity_label (const char          *entity,
                    SessioTranslateFunc  tr,
                    gpointer             data)
{
  if (g_strcmp0 (entity, "patient") == 0)
    return T (tr, data, N_("patient file"));
  if (g_strcmp0 (entity, "trajectory") == 0)
    return T (tr, data, N_("trajectory"));
  if (g_strcmp0 (entity, "session") == 0)
    return T (tr, data, N_("session"));
  if (g_strcmp0 (entity, "task") == 0)
    return T (tr, data, N_("other task"));
  if (g_strcmp0 (entity, "invoice") == 0)
    return T (tr, data, N_("invoice"));
  return entity;
}

/* The history tables and the audit log name fields as the database does
 * ("copay_date", "participant_status:12"); people read these names. */
static const struct
{
  const char *field;
  const char *label;
} field_labels[] = {
  /* A session. */
  { "starts_at", N_("Date and time") },
  { "duration_min", N_("Duration in minutes") },
  { "care", N_("Care type") },
  { "setting", N_("Setting") },
  { "location", N_("Location") },
  { "context", N_("Context") },
  { "status", N_("Status") },
  { "participants", N_("Number of participants") },
  { "co_facilitator", N_("Co-facilitator") },
  { "outside_convention", N_("Outside the convention") },
  { "copay", N_("Co-payment") },
  { "copay_date", N_("Co-payment received on") },
  { "trajectories", N_("Participants") },
  /* A group session's participant, whose trajectory follows the colon. */
  { "participant_status", N_("Attendance") },
  { "participant_copay", N_("Co-payment") },
  { "participant_copay_date", N_("Co-payment received on") },
  /* A trajectory. */
  { "start_date", N_("Start") },
  { "bilan_date", N_("Functional assessment") },
  { "bilan_summary", N_("Assessment summary") },
  { "goals", N_("Treatment goals") },
  { "end_date", N_("End") },
  { "outcome", N_("Outcome") },
  { "referred_to", N_("Referred to") },
  { "closing_summary", N_("Closing summary") },
  { "clb_domain", N_("Guidance domain") },
  /* The patient. */
  { "name", N_("Name") },
  { "birth_date", N_("Birth date") },
  { "insz", N_("INSZ number") },
  { "sex", N_("Sex") },
  { "insurer", N_("Health insurer") },
  { "bim", N_("Increased reimbursement") },
  { "bim_valid_from", N_("Increased reimbursement from") },
  { "bim_valid_to", N_("Increased reimbursement until") },
  { "phone", N_("Phone") },
  { "email", N_("E-mail") },
  { "address", N_("Address") },
  { "language", N_("Language") },
  { "school", N_("School") },
  { "education_segment", N_("Education segment") },
  { "consent_date", N_("Consent date") },
  { "consent_scope", N_("Consent scope") },
  { "vulnerable", N_("Vulnerable home situation") },
  { "problems", N_("Problems") },
  { "guardians", N_("Guardians") },
  /* Both a session's and the patient's. */
  { "notes", N_("Note") },
};

/* The untranslated name of a field, for documents in a language of their
 * own (sessio-doc-lang.h); NULL for a field Sessio has no name for. */
const char *
sessio_field_get_msgid (const char *field)
{
  g_autofree char *base = NULL;
  const char *colon;

  g_return_val_if_fail (field != NULL, NULL);

  colon = strchr (field, ':');
  base = colon != NULL ? g_strndup (field, colon - field) : g_strdup (field);
  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (strcmp (base, field_labels[i].field) == 0)
      return field_labels[i].label;
  return NULL;
}

/* A field's name for people; a field Sessio has no name for is given as
 * it is stored rather than hidden. */
const char *
sessio_field_get_label (const char *field)
{
  const char *msgid = sessio_field_get_msgid (field);

  return msgid != NULL ? _(msgid) : field;
}

static char *
fields_describe_with (const char          *fields,
                      SessioTranslateFunc  tr,
                      gpointer             data)
{
  g_auto(GStrv) parts = g_strsplit (fields != NULL ? fields : "", ",", -1);
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  GString *text = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *msgid = sessio_field_get_msgid (g_strstrip (parts[i]));
      const char *label = msgid != NULL ? tr (msgid, data) : parts[i];

      if (*parts[i] == '\0' || g_ptr_array_find_with_equal_func (seen, label, g_str_equal, NULL))
        continue;
      g_ptr_array_add (seen, (gpointer) label);
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, label);
    }
  return g_string_free (text, FALSE);
}

/* @fields as the history and the audit log join them ("location, copay"
 * or "location,copay"): their names for people, each once, joined with
 * ", ".  Newly allocated. */
char *
sessio_fields_describe (const char *fields)
{
  return fields_describe_with (fields, translate_for_screen, NULL);
}

/* The log keeps machine words (action, table, field names: never patient
 * data); this turns them into a sentence, translated with @tr: the
 * screen's language, or a document's (the patient's export). */
char *
sessio_audit_entry_describe_with (const char          *action,
                                  const char          *entity,
                                  SessioTranslateFunc  tr,
                                  gpointer             data)
{
  const char *what = audit_entity_label (entity, tr, data);

  if (action == NULL)
    action = "";

  if (g_strcmp0 (action, "update participant") == 0 || g_str_has_prefix (action, "update participant "))
    return g_strdup (T (tr, data, N_("Changed the attendance in a group session")));
  if (g_strcmp0 (action, "update status") == 0)
    return g_strdup_printf (T (tr, data, N_("Changed the status of a %s")), what);
  if (g_str_has_prefix (action, "update "))
    {
      g_autofree char *fields = fields_describe_with (action + strlen ("update "), tr, data);

      if (g_strcmp0 (entity, "patient") == 0)
        /* Translators: the fields of a patient file that were corrected,
         * by their names: "Corrected: Name, INSZ number" */
        return g_strdup_printf (T (tr, data, N_("Corrected: %s")), fields);
      /* Translators: "Corrected the session: Location, Co-payment"; %1$s
       * is what was corrected, %2$s its fields by their names */
      return g_strdup_printf (T (tr, data, N_("Corrected the %1$s: %2$s")), what, fields);
    }
  if (g_strcmp0 (action, "view") == 0)
    /* Translators: %s is what was viewed, e.g. "patient file" */
    return g_strdup_printf (T (tr, data, N_("Viewed the %s")), what);
  if (g_strcmp0 (action, "view history") == 0)
    /* Translators: %s is a record, e.g. "session": its earlier versions were read */
    return g_strdup_printf (T (tr, data, N_("Read the earlier versions of a %s")), what);
  if (g_strcmp0 (action, "export") == 0)
    return g_strdup_printf (T (tr, data, N_("Exported the %s")), what);
  if (g_strcmp0 (action, "create") == 0)
    return g_strdup_printf (T (tr, data, N_("Created a %s")), what);
  if (g_strcmp0 (action, "update") == 0)
    return g_strdup_printf (T (tr, data, N_("Changed a %s")), what);
  if (g_strcmp0 (action, "delete") == 0)
    return g_strdup_printf (T (tr, data, N_("Deleted a %s")), what);
  if (g_strcmp0 (action, "create task") == 0)
    return g_strdup (T (tr, data, N_("Logged another task")));
  if (g_strcmp0 (action, "close") == 0)
    return g_strdup (T (tr, data, N_("Closed the file")));
  if (g_strcmp0 (action, "reopen") == 0)
    return g_strdup (T (tr, data, N_("Reopened the file")));
  if (g_strcmp0 (action, "erase") == 0)
    return g_strdup (T (tr, data, N_("Erased the clinical data")));
  if (g_strcmp0 (action, "erase keep-invoiced") == 0)
    return g_strdup (T (tr, data, N_("Erased the clinical data, keeping what issued invoices need")));

  /* Translators: an audit entry Sessio has no sentence for: "<action> (<what>)" */
  return g_strdup_printf (T (tr, data, N_("%s (%s)")), action, what);
}

char *
sessio_audit_entry_describe (const char *action,
                             const char *entity)
{
  return sessio_audit_entry_describe_with (action, entity, translate_for_screen, NULL);
}
