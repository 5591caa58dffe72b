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

static const char *
audit_entity_label (const char *entity)
{
  if (g_strcmp0 (entity, "patient") == 0)
    return _("patient file");
  if (g_strcmp0 (entity, "trajectory") == 0)
    return _("trajectory");
  if (g_strcmp0 (entity, "session") == 0)
    return _("session");
  if (g_strcmp0 (entity, "task") == 0)
    return _("other task");
  if (g_strcmp0 (entity, "invoice") == 0)
    return _("invoice");
  return entity;
}

/* The log keeps machine words (action, table, field names: never patient
 * data); this turns them into a sentence in the user's language. */
char *
sessio_audit_entry_describe (const char *action,
                             const char *entity)
{
  const char *what = audit_entity_label (entity);

  if (action == NULL)
    action = "";

  if (g_str_has_prefix (action, "update ") && g_strcmp0 (entity, "patient") == 0)
    /* Translators: the fields of a patient file that were corrected, as
     * their database names (name, insz, birth_date, ...) */
    return g_strdup_printf (_("Corrected: %s"), action + strlen ("update "));
  if (g_strcmp0 (action, "view") == 0)
    /* Translators: %s is what was viewed, e.g. "patient file" */
    return g_strdup_printf (_("Viewed the %s"), what);
  if (g_strcmp0 (action, "export") == 0)
    return g_strdup_printf (_("Exported the %s"), what);
  if (g_strcmp0 (action, "create") == 0)
    return g_strdup_printf (_("Created a %s"), what);
  if (g_strcmp0 (action, "update") == 0)
    return g_strdup_printf (_("Changed a %s"), what);
  if (g_strcmp0 (action, "update status") == 0)
    return g_strdup_printf (_("Changed the status of a %s"), what);
  if (g_strcmp0 (action, "update participant") == 0)
    return g_strdup (_("Changed the attendance in a group session"));
  if (g_strcmp0 (action, "delete") == 0)
    return g_strdup_printf (_("Deleted a %s"), what);
  if (g_strcmp0 (action, "create task") == 0)
    return g_strdup (_("Logged another task"));
  if (g_strcmp0 (action, "erase") == 0)
    return g_strdup (_("Erased the clinical data"));
  if (g_strcmp0 (action, "erase keep-invoiced") == 0)
    return g_strdup (_("Erased the clinical data, keeping what issued invoices need"));

  /* Translators: an audit entry Sessio has no sentence for: "<action> (<what>)" */
  return g_strdup_printf (_("%s (%s)"), action, what);
}
