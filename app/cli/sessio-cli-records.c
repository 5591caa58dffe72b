/* sessio-cli-records.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening, reading and correcting the clinical file:
 * `session show|edit|history`, `trajectory show|edit`, `group
 * show|attendance`, `patient close|reopen|timeline`.  As everywhere in
 * the CLI, the core (SessioPatientStore) validates; this file turns
 * options into records and results into text or JSON.  A refusal names
 * the option at fault, so the message says which field to fix.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sessio-cli.h"
#include "sessio-cli-commands.h"
#include "sessio-patient-store.h"
#include "sessio-timeline.h"
#include "sessio-vault.h"

static int
fail_closing (SessioCli          *cli,
              SessioPatientStore *store,
              const GError       *error)
{
  return sessio_cli_close_patient_store (cli, store, sessio_cli_fail_error (cli, error));
}

/* The option that sets a field of the core's records, for messages. */
static const char *
option_for_field (const char *field)
{
  static const struct { const char *field; const char *option; } options[] = {
    { "starts_at", "--date" },
    { "duration_min", "--duration" },
    { "care", "--care" },
    { "setting", "--setting" },
    { "location", "--location" },
    { "context", "--context" },
    { "status", "--status" },
    { "participants", "--participants" },
    { "co_facilitator", "--co-facilitator" },
    { "outside_convention", "--outside-convention" },
    { "copay", "--copay-received" },
    { "copay_date", "--copay-date" },
    { "notes", "--note-file" },
    { "trajectories", "--patient" },
    { "start_date", "--start" },
    { "end_date", "--end" },
    { "bilan_date", "--bilan" },
    { "bilan_summary", "--bilan-file" },
    { "outcome", "--outcome" },
    { "referred_to", "--referred-to" },
    { "goals", "--goals-file" },
    { "closing_summary", "--closing-file" },
    { "reason", "--reason" },
  };

  for (guint i = 0; field != NULL && i < G_N_ELEMENTS (options); i++)
    if (strcmp (options[i].field, field) == 0)
      return options[i].option;
  return NULL;
}

/* Fails with @error, prefixed with the option for @field when known. */
static int
fail_at_field (SessioCli          *cli,
               SessioPatientStore *store,
               const char         *field,
               GError            **error)
{
  const char *option = option_for_field (field);

  if (option != NULL)
    g_prefix_error (error, "%s: ", option);
  return fail_closing (cli, store, *error);
}

/* Reads a note from @path ("-": standard input).  Any size: a note of
 * several megabytes is accepted. */
static char *
read_text_file (const char  *path,
                GError     **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  if (strcmp (path, "-") == 0)
    {
      g_autoptr(GString) input = g_string_new (NULL);
      char buffer[65536];
      size_t n;

      while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
        g_string_append_len (input, buffer, (gssize) n);
      length = input->len;
      text = g_string_free (g_steal_pointer (&input), FALSE);
    }
  else if (!g_file_get_contents (path, &text, &length, NULL))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT, _("The file cannot be read"));
      return NULL;
    }
  if (!g_utf8_validate (text, (gssize) length, NULL) || memchr (text, '\0', length) != NULL)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT, _("The file is not UTF-8 text"));
      return NULL;
    }
  return g_steal_pointer (&text);
}

static void
print_field (const char *label,
             const char *value)
{
  if (value != NULL && *value != '\0')
    printf ("%s: %s\n", label, value);
}

static void
print_text_block (const char *label,
                  const char *text)
{
  if (text == NULL || *text == '\0')
    return;
  printf ("%s:\n", label);
  fputs (text, stdout);
  if (text[strlen (text) - 1] != '\n')
    fputc ('\n', stdout);
}

static void
set_string_or_null (JsonObject *object,
                    const char *member,
                    const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static void
print_changes (SessioCli *cli,
               GPtrArray *changes)
{
  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < changes->len; i++)
        {
          const SessioChange *change = g_ptr_array_index (changes, i);
          JsonObject *object = json_object_new ();

          json_object_set_string_member (object, "changed_at", change->changed_at);
          json_object_set_string_member (object, "field", change->field);
          set_string_or_null (object, "old_value", change->old_value);
          json_array_add_object_element (array, object);
        }
      json_node_take_array (root, array);
      sessio_cli_print_json (cli, root);
      return;
    }

  for (guint i = 0; i < changes->len; i++)
    {
      const SessioChange *change = g_ptr_array_index (changes, i);

      /* Translators: a line of a record's history: when, which field,
       * and the value it had before (may span several lines). */
      printf (_("%1$s  %2$s was: %3$s\n"), change->changed_at, change->field,
              change->old_value != NULL ? change->old_value : _("(not set)"));
    }
}

static void
print_done (SessioCli  *cli,
            const char *message,
            const char *warning)
{
  if (warning != NULL)
    /* Translators: a warning line on standard error before a change is
     * saved; %s is the reason. */
    fprintf (stderr, _("Warning: %s\n"), warning);
  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_boolean_member (object, "ok", TRUE);
      if (warning != NULL)
        json_object_set_string_member (object, "warning", warning);
      json_node_take_object (root, object);
      sessio_cli_print_json (cli, root);
    }
  else
    printf ("%s\n", message);
}

/* ------------------------------------------------------------ session */

static JsonObject *
session_to_json (const SessioSession *session,
                 const char          *invoice)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", session->id);
  if (session->trajectory_id > 0)
    json_object_set_int_member (object, "trajectory_id", session->trajectory_id);
  else
    json_object_set_null_member (object, "trajectory_id");
  json_object_set_int_member (object, "engagement_id", session->engagement_id);
  json_object_set_string_member (object, "starts_at", session->starts_at);
  json_object_set_int_member (object, "duration_min", session->duration_min);
  json_object_set_string_member (object, "care", session->care);
  json_object_set_string_member (object, "setting", session->setting);
  json_object_set_string_member (object, "location", session->location);
  json_object_set_string_member (object, "context", session->context);
  json_object_set_string_member (object, "status", session->status);
  if (session->participants > 0)
    json_object_set_int_member (object, "participants", session->participants);
  else
    json_object_set_null_member (object, "participants");
  json_object_set_boolean_member (object, "co_facilitator", session->co_facilitator);
  json_object_set_boolean_member (object, "outside_convention", session->outside_convention);
  json_object_set_string_member (object, "copay", session->copay);
  set_string_or_null (object, "copay_date", session->copay_date);
  set_string_or_null (object, "notes", session->notes);
  set_string_or_null (object, "invoice_number", invoice);
  if (session->trajectories != NULL)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < session->trajectories->len; i++)
        json_array_add_int_element (array, g_array_index (session->trajectories, gint64, i));
      json_object_set_array_member (object, "trajectories", array);
    }
  return object;
}

static int
cmd_session_show (SessioCli  *cli,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autofree char *invoice = NULL;
  SessioSession session = { 0 };
  gint64 id = 0;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "ID", N_("Show a session with its note"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (!sessio_cli_take_id_argument (cli, argc, argv, "session show", &id, &exit_code))
    return exit_code;

  if ((store = sessio_cli_open_patient_store (cli, &error)) == NULL)
    return sessio_cli_fail_error (cli, error);
  if (!sessio_patient_store_get_session (store, id, &session, &error) ||
      !sessio_patient_store_audit_view (store, "view", "session", id, &error))
    {
      sessio_session_clear (&session);
      return fail_closing (cli, store, error);
    }
  invoice = sessio_patient_store_get_session_invoice (store, id, NULL);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (root, session_to_json (&session, invoice));
      sessio_cli_print_json (cli, root);
    }
  else
    {
      g_autofree char *duration = g_strdup_printf ("%d", session.duration_min);

      print_field (_("Date"), session.starts_at);
      print_field (_("Duration (minutes)"), duration);
      print_field (_("Care type"), session.care);
      print_field (_("Setting"), session.setting);
      print_field (_("Location"), session.location);
      print_field (_("Context"), session.context);
      print_field (_("Status"), session.status);
      if (session.co_facilitator)
        print_field (_("Co-facilitator"), _("yes"));
      if (session.outside_convention)
        print_field (_("Outside the convention"), _("yes"));
      print_field (_("Co-payment received"), session.copay);
      print_field (_("Received on"), session.copay_date);
      print_field (_("Invoice"), invoice);
      print_text_block (_("Notes"), session.notes);
    }
  sessio_session_clear (&session);
  return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
}

static int
cmd_session_history (SessioCli  *cli,
                     int         argc,
                     char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  gint64 id = 0;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "ID", N_("Show the earlier values of a session’s fields and note"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (!sessio_cli_take_id_argument (cli, argc, argv, "session history", &id, &exit_code))
    return exit_code;
  if ((store = sessio_cli_open_patient_store (cli, &error)) == NULL)
    return sessio_cli_fail_error (cli, error);
  if ((changes = sessio_patient_store_get_session_history (store, id, &error)) == NULL)
    return fail_closing (cli, store, error);
  print_changes (cli, changes);
  return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
}

/* Replaces *@target with a copy of @value when @value is given. */
static void
take_option (char       **target,
             const char  *value)
{
  if (value == NULL)
    return;
  g_free (*target);
  *target = g_strdup (value);
}

static int
cmd_session_edit (SessioCli  *cli,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autofree char *date = NULL, *time = NULL, *care = NULL, *setting = NULL, *location = NULL;
  g_autofree char *context = NULL, *status = NULL, *copay = NULL, *copay_date = NULL, *note_file = NULL;
  g_autofree char *note = NULL, *warning = NULL;
  gboolean co_facilitator = FALSE, no_co_facilitator = FALSE, outside = FALSE, no_outside = FALSE;
  int duration = -1, participants = -1;
  GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Date, with the time if known"), N_("DATE[THH:MM]") },
    { "time", 0, 0, G_OPTION_ARG_STRING, &time, N_("Time"), N_("HH:MM") },
    { "duration", 0, 0, G_OPTION_ARG_INT, &duration, N_("Duration in minutes"), N_("MIN") },
    { "care", 0, 0, G_OPTION_ARG_STRING, &care, N_("Care type"), N_("CARE") },
    { "setting", 0, 0, G_OPTION_ARG_STRING, &setting, N_("individual or group"), N_("SETTING") },
    { "location", 0, 0, G_OPTION_ARG_STRING, &location, N_("Location"), N_("LOC") },
    { "context", 0, 0, G_OPTION_ARG_STRING, &context, N_("own or clb"), N_("CONTEXT") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, N_("planned, held, no-show or cancelled"), N_("STATUS") },
    { "participants", 0, 0, G_OPTION_ARG_INT, &participants, N_("Participants of a group session"), N_("N") },
    { "co-facilitator", 0, 0, G_OPTION_ARG_NONE, &co_facilitator, N_("A second facilitator took part"), NULL },
    { "no-co-facilitator", 0, 0, G_OPTION_ARG_NONE, &no_co_facilitator, N_("No second facilitator took part"), NULL },
    { "outside-convention", 0, 0, G_OPTION_ARG_NONE, &outside, N_("Record a session over the limit as not billable"), NULL },
    { "no-outside-convention", 0, 0, G_OPTION_ARG_NONE, &no_outside, N_("The session is under the convention"), NULL },
    { "copay-received", 0, 0, G_OPTION_ARG_STRING, &copay, N_("Co-payment received: cash, transfer, not-yet or not-due"), N_("HOW") },
    { "copay-date", 0, 0, G_OPTION_ARG_STRING, &copay_date, N_("The day the co-payment was received"), N_("DATE") },
    { "note-file", 0, 0, G_OPTION_ARG_FILENAME, &note_file, N_("Replace the note with the text of F (-: standard input)"), N_("F") },
    { NULL }
  };
  SessioSession session = { 0 };
  const char *field = NULL;
  gint64 id = 0;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "ID", N_("Correct a session: every field, the note and the co-payment"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (!sessio_cli_take_id_argument (cli, argc, argv, "session edit", &id, &exit_code))
    return exit_code;
  if ((co_facilitator && no_co_facilitator) || (outside && no_outside))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("An option and its “--no-” form exclude each other"));
  if (time != NULL && (strlen (time) != 5 || time[2] != ':'))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("--time: the time must be written as HH:MM"));
  if (note_file != NULL && (note = read_text_file (note_file, &error)) == NULL)
    {
      g_prefix_error (&error, "%s: ", "--note-file");
      return sessio_cli_fail_error (cli, error);
    }

  if ((store = sessio_cli_open_patient_store (cli, &error)) == NULL)
    return sessio_cli_fail_error (cli, error);
  if (!sessio_patient_store_get_session (store, id, &session, &error))
    return fail_closing (cli, store, error);

  /* What is not given stays as it is. */
  take_option (&session.starts_at, date);
  if (time != NULL)
    {
      g_autofree char *day = g_strndup (session.starts_at, 10);

      g_free (session.starts_at);
      session.starts_at = g_strdup_printf ("%sT%s", day, time);
    }
  take_option (&session.care, care);
  take_option (&session.setting, setting);
  take_option (&session.location, location);
  take_option (&session.context, context);
  take_option (&session.status, status);
  take_option (&session.copay, copay);
  take_option (&session.copay_date, copay_date);
  take_option (&session.notes, note);
  if (duration >= 0)
    session.duration_min = duration;
  if (participants >= 0)
    session.participants = participants;
  if (co_facilitator || no_co_facilitator)
    session.co_facilitator = co_facilitator;
  if (outside || no_outside)
    session.outside_convention = outside;
  /* A co-payment no longer received has no date of receipt. */
  if (copay != NULL && copay_date == NULL && strcmp (copay, "cash") != 0 && strcmp (copay, "transfer") != 0)
    g_clear_pointer (&session.copay_date, g_free);

  /* Said before saving: the invoice keeps what it billed. */
  warning = sessio_patient_store_describe_billing_change (store, &session, NULL);
  if (!sessio_patient_store_correct_session (store, &session, &field, &error))
    {
      sessio_session_clear (&session);
      return fail_at_field (cli, store, field, &error);
    }
  sessio_session_clear (&session);
  print_done (cli, _("The session is corrected"), warning);
  return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
}

/* --------------------------------------------------------- trajectory */

static int
cmd_trajectory_show (SessioCli  *cli,
                     int         argc,
                     char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autoptr(SessioTrajectory) trajectory = NULL;
  gint64 id = 0;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "ID", N_("Show a trajectory with its assessment, goals and closing summary"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (!sessio_cli_take_id_argument (cli, argc, argv, "trajectory show", &id, &exit_code))
    return exit_code;
  if ((store = sessio_cli_open_patient_store (cli, &error)) == NULL)
    return sessio_cli_fail_error (cli, error);
  if ((trajectory = sessio_patient_store_get_trajectory (store, id, &error)) == NULL ||
      !sessio_patient_store_audit_view (store, "view", "trajectory", id, &error))
    return fail_closing (cli, store, error);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_int_member (object, "id", trajectory->id);
      json_object_set_int_member (object, "patient_id", trajectory->patient_id);
      json_object_set_int_member (object, "engagement_id", trajectory->engagement_id);
      json_object_set_string_member (object, "start_date", trajectory->start_date);
      set_string_or_null (object, "end_date", trajectory->end_date);
      set_string_or_null (object, "bilan_date", trajectory->bilan_date);
      set_string_or_null (object, "bilan_summary", trajectory->bilan_summary);
      set_string_or_null (object, "goals", trajectory->goals);
      set_string_or_null (object, "closing_summary", trajectory->closing_summary);
      set_string_or_null (object, "outcome", trajectory->outcome);
      set_string_or_null (object, "referred_to", trajectory->referred_to);
      json_node_take_object (root, object);
      sessio_cli_print_json (cli, root);
    }
  else
    {
      print_field (_("Start date"), trajectory->start_date);
      print_field (_("End date"), trajectory->end_date);
      print_field (_("Functional assessment"), trajectory->bilan_date);
      print_field (_("Outcome"), trajectory->outcome);
      print_field (_("Referred to"), trajectory->referred_to);
      print_text_block (_("Summary of the functional assessment"), trajectory->bilan_summary);
      print_text_block (_("Treatment goals"), trajectory->goals);
      print_text_block (_("Closing summary"), trajectory->closing_summary);
    }
  return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
}

static int
cmd_trajectory_edit (SessioCli  *cli,
                     int         argc,
                     char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autoptr(SessioTrajectory) trajectory = NULL;
  g_autofree char *start = NULL, *bilan = NULL, *bilan_file = NULL, *end = NULL, *outcome = NULL;
  g_autofree char *referred_to = NULL, *goals_file = NULL, *closing_file = NULL;
  g_autofree char *bilan_text = NULL, *goals = NULL, *closing = NULL;
  GOptionEntry entries[] = {
    { "start", 0, 0, G_OPTION_ARG_STRING, &start, N_("Start date"), N_("DATE") },
    { "bilan", 0, 0, G_OPTION_ARG_STRING, &bilan, N_("Date of the functional assessment"), N_("DATE") },
    { "bilan-file", 0, 0, G_OPTION_ARG_FILENAME, &bilan_file, N_("The summary of the functional assessment, from F (-: standard input)"), N_("F") },
    { "goals-file", 0, 0, G_OPTION_ARG_FILENAME, &goals_file, N_("The treatment goals, from F (-: standard input)"), N_("F") },
    { "closing-file", 0, 0, G_OPTION_ARG_FILENAME, &closing_file, N_("The closing summary, from F (-: standard input)"), N_("F") },
    { "end", 0, 0, G_OPTION_ARG_STRING, &end, N_("End date"), N_("DATE") },
    { "outcome", 0, 0, G_OPTION_ARG_STRING, &outcome, N_("completed, referred or stopped"), N_("OUTCOME") },
    { "referred-to", 0, 0, G_OPTION_ARG_STRING, &referred_to, N_("Whom the patient was referred to"), N_("TEXT") },
    { NULL }
  };
  struct { const char *path; char **text; const char *option; } files[] = {
    { NULL, &bilan_text, "--bilan-file" }, { NULL, &goals, "--goals-file" }, { NULL, &closing, "--closing-file" },
  };
  const char *field = NULL;
  gint64 id = 0;
  guint from_stdin = 0;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "ID", N_("Correct a trajectory: dates, assessment, goals, outcome"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (!sessio_cli_take_id_argument (cli, argc, argv, "trajectory edit", &id, &exit_code))
    return exit_code;
  files[0].path = bilan_file;
  files[1].path = goals_file;
  files[2].path = closing_file;
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    if (files[i].path != NULL && strcmp (files[i].path, "-") == 0)
      from_stdin++;
  if (from_stdin > 1)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("Only one text can come from standard input"));
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    if (files[i].path != NULL && (*files[i].text = read_text_file (files[i].path, &error)) == NULL)
      {
        g_prefix_error (&error, "%s: ", files[i].option);
        return sessio_cli_fail_error (cli, error);
      }

  if ((store = sessio_cli_open_patient_store (cli, &error)) == NULL)
    return sessio_cli_fail_error (cli, error);
  if ((trajectory = sessio_patient_store_get_trajectory (store, id, &error)) == NULL)
    return fail_closing (cli, store, error);
  take_option (&trajectory->start_date, start);
  take_option (&trajectory->bilan_date, bilan);
  take_option (&trajectory->bilan_summary, bilan_text);
  take_option (&trajectory->goals, goals);
  take_option (&trajectory->closing_summary, closing);
  take_option (&trajectory->end_date, end);
  take_option (&trajectory->outcome, outcome);
  take_option (&trajectory->referred_to, referred_to);
  /* Another outcome than a referral names nobody. */
  if (outcome != NULL && strcmp (outcome, "referred") != 0 && referred_to == NULL)
    g_clear_pointer (&trajectory->referred_to, g_free);
  if (!sessio_patient_store_correct_trajectory (store, trajectory, &field, &error))
    return fail_at_field (cli, store, field, &error);
  print_done (cli, _("The trajectory is corrected"), NULL);
  return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
}

static int
cmd_trajectory_history (SessioCli  *cli,
                        int         argc,
                        char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  gint64 id = 0;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "ID", N_("Show the earlier values of a trajectory’s fields and summaries"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (!sessio_cli_take_id_argument (cli, argc, argv, "trajectory history", &id, &exit_code))
    return exit_code;
  if ((store = sessio_cli_open_patient_store (cli, &error)) == NULL)
    return sessio_cli_fail_error (cli, error);
  if ((changes = sessio_patient_store_get_trajectory_history (store, id, &error)) == NULL)
    return fail_closing (cli, store, error);
  print_changes (cli, changes);
  return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
}

/* ------------------------------------------------------------ patient */

static int
close_or_reopen (SessioCli   *cli,
                 int          argc,
                 char       **argv,
                 gboolean     close)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (kept with the file)"), N_("TEXT") },
    { NULL }
  };
  const char *command = close ? "patient close" : "patient reopen";
  gint64 id = 0;
  int exit_code;
  gboolean ok;

  if (!sessio_cli_parse_options (cli, argv[0], "ID",
                                 close ? N_("Close a file: hidden and read only, kept for the legal period")
                                       : N_("Reopen a closed file"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (!sessio_cli_take_id_argument (cli, argc, argv, command, &id, &exit_code))
    return exit_code;
  if (reason == NULL)
    /* Translators: %s is “patient close” or “patient reopen”. */
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“%s” needs --reason"), command);
  if ((store = sessio_cli_open_patient_store (cli, &error)) == NULL)
    return sessio_cli_fail_error (cli, error);
  ok = close ? sessio_patient_store_close_patient (store, id, reason, &error)
             : sessio_patient_store_reopen_patient (store, id, reason, &error);
  if (!ok)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (reason));
      gboolean bad_reason = *trimmed == '\0' || g_utf8_strlen (trimmed, -1) > 2000;

      return fail_at_field (cli, store, bad_reason ? "reason" : NULL, &error);
    }
  print_done (cli, close ? _("The file is closed") : _("The file is reopened"), NULL);
  return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
}

static int
cmd_patient_close (SessioCli  *cli,
                   int         argc,
                   char      **argv)
{
  return close_or_reopen (cli, argc, argv, TRUE);
}

static int
cmd_patient_reopen (SessioCli  *cli,
                    int         argc,
                    char      **argv)
{
  return close_or_reopen (cli, argc, argv, FALSE);
}

/* -------------------------------------------------------------- group */

static int
cmd_group_show (SessioCli  *cli,
                int         argc,
                char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autoptr(GPtrArray) participants = NULL;
  g_autofree char *invoice = NULL;
  SessioSession session = { 0 };
  gint64 id = 0;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "ID", N_("Show a group session with each participant’s attendance"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (!sessio_cli_take_id_argument (cli, argc, argv, "group show", &id, &exit_code))
    return exit_code;
  if ((store = sessio_cli_open_patient_store (cli, &error)) == NULL)
    return sessio_cli_fail_error (cli, error);
  if ((participants = sessio_patient_store_list_participants (store, id, &error)) == NULL ||
      !sessio_patient_store_get_session (store, id, &session, &error) ||
      !sessio_patient_store_audit_view (store, "view", "session", id, &error))
    {
      sessio_session_clear (&session);
      return fail_closing (cli, store, error);
    }
  invoice = sessio_patient_store_get_session_invoice (store, id, NULL);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = session_to_json (&session, invoice);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < participants->len; i++)
        {
          const SessioParticipant *participant = g_ptr_array_index (participants, i);
          JsonObject *row = json_object_new ();

          json_object_set_int_member (row, "trajectory_id", participant->trajectory_id);
          json_object_set_int_member (row, "patient_id", participant->patient_id);
          json_object_set_string_member (row, "name", participant->patient_name);
          json_object_set_string_member (row, "status", participant->status);
          json_object_set_string_member (row, "copay", participant->copay);
          set_string_or_null (row, "copay_date", participant->copay_date);
          json_array_add_object_element (array, row);
        }
      json_object_remove_member (object, "trajectories");
      json_object_set_array_member (object, "participants", array);
      json_node_take_object (root, object);
      sessio_cli_print_json (cli, root);
    }
  else
    {
      print_field (_("Date"), session.starts_at);
      print_field (_("Care type"), session.care);
      print_field (_("Location"), session.location);
      print_field (_("Status"), session.status);
      print_field (_("Invoice"), invoice);
      for (guint i = 0; i < participants->len; i++)
        {
          const SessioParticipant *participant = g_ptr_array_index (participants, i);

          printf ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\n", participant->patient_id, participant->patient_name,
                  participant->status, participant->copay);
        }
      print_text_block (_("Notes"), session.notes);
    }
  sessio_session_clear (&session);
  return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
}

static int
cmd_group_attendance (SessioCli  *cli,
                      int         argc,
                      char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autoptr(GPtrArray) participants = NULL;
  g_autofree char *patient = NULL, *status = NULL, *copay = NULL, *copay_date = NULL, *invoice = NULL;
  g_autofree char *warning = NULL;
  GOptionEntry entries[] = {
    { "patient", 0, 0, G_OPTION_ARG_STRING, &patient, N_("The participant (patient id)"), N_("ID") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, N_("held, no-show, cancelled or excused"), N_("STATUS") },
    { "copay-received", 0, 0, G_OPTION_ARG_STRING, &copay, N_("Co-payment received: cash, transfer, not-yet or not-due"), N_("HOW") },
    { "copay-date", 0, 0, G_OPTION_ARG_STRING, &copay_date, N_("The day the co-payment was received"), N_("DATE") },
    { NULL }
  };
  SessioParticipant *found = NULL;
  SessioParticipant change = { 0 };
  const char *field = NULL;
  gint64 id = 0, patient_id = 0;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "ID", N_("Record one participant’s attendance at a group session"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (!sessio_cli_take_id_argument (cli, argc, argv, "group attendance", &id, &exit_code))
    return exit_code;
  if (patient == NULL || (status == NULL && copay == NULL && copay_date == NULL))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“group attendance” needs --patient and --status"));
  if (!sessio_cli_parse_id (patient, &patient_id))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("An id must be a positive number"));
  if ((store = sessio_cli_open_patient_store (cli, &error)) == NULL)
    return sessio_cli_fail_error (cli, error);
  if ((participants = sessio_patient_store_list_participants (store, id, &error)) == NULL)
    return fail_closing (cli, store, error);
  for (guint i = 0; i < participants->len && found == NULL; i++)
    if (((SessioParticipant *) g_ptr_array_index (participants, i))->patient_id == patient_id)
      found = g_ptr_array_index (participants, i);
  if (found == NULL)
    {
      g_set_error_literal (&error, SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND,
                           _("This patient does not take part in that group session"));
      return fail_at_field (cli, store, "trajectories", &error);
    }

  change.session_id = id;
  change.trajectory_id = found->trajectory_id;
  change.status = status != NULL ? status : found->status;
  change.copay = copay;
  change.copay_date = copay_date;
  /* The invoice keeps who it billed: a changed attendance is settled
   * with a credit note, as any billed correction. */
  invoice = sessio_patient_store_get_session_invoice (store, id, NULL);
  if (invoice != NULL && g_strcmp0 (change.status, found->status) != 0)
    /* Translators: %s is an invoice number such as 2025-0007. */
    warning = g_strdup_printf (_("This session is billed on issued invoice %s, which keeps what it billed: to settle the correction, cancel that invoice with a credit note; the corrected session then goes on the next invoice drafted for its period"),
                               invoice);
  if (!sessio_patient_store_set_participant (store, &change, &field, &error))
    return fail_at_field (cli, store, field, &error);
  print_done (cli, _("The attendance is recorded"), warning);
  return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
}

/* ----------------------------------------------------------- timeline */

static int
cmd_patient_timeline (SessioCli  *cli,
                      int         argc,
                      char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autoptr(GListModel) timeline = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  gint64 id = 0;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "ID", N_("The patient’s file in date order"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (!sessio_cli_take_id_argument (cli, argc, argv, "patient timeline", &id, &exit_code))
    return exit_code;
  if ((store = sessio_cli_open_patient_store (cli, &error)) == NULL)
    return sessio_cli_fail_error (cli, error);
  if ((timeline = sessio_patient_store_get_timeline (store, id, &error)) == NULL)
    return fail_closing (cli, store, error);

  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(SessioTimelineEntry) entry = g_list_model_get_item (timeline, i);

      if (cli->json)
        {
          JsonObject *object = json_object_new ();

          json_object_set_string_member (object, "when", sessio_timeline_entry_get_when (entry));
          json_object_set_string_member (object, "kind", sessio_timeline_entry_get_kind (entry));
          json_object_set_string_member (object, "entity", sessio_timeline_entry_get_entity (entry));
          json_object_set_int_member (object, "entity_id", sessio_timeline_entry_get_entity_id (entry));
          set_string_or_null (object, "status", sessio_timeline_entry_get_status (entry));
          json_object_set_string_member (object, "title", sessio_timeline_entry_get_title (entry));
          json_object_set_string_member (object, "detail", sessio_timeline_entry_get_detail (entry));
          json_array_add_object_element (array, object);
        }
      else if (*sessio_timeline_entry_get_detail (entry) != '\0')
        printf ("%s\t%s\t%s\n", sessio_timeline_entry_get_when (entry), sessio_timeline_entry_get_title (entry),
                sessio_timeline_entry_get_detail (entry));
      else
        printf ("%s\t%s\n", sessio_timeline_entry_get_when (entry), sessio_timeline_entry_get_title (entry));
    }
  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (root, array);
      sessio_cli_print_json (cli, root);
    }
  return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
}

const SessioCliCommand sessio_cli_records_commands[] = {
  { "session", "show", "ID", N_("Show a session with its note"), cmd_session_show },
  { "session", "edit", "ID", N_("Correct a session: every field, the note and the co-payment"), cmd_session_edit },
  { "session", "history", "ID", N_("Show the earlier values of a session’s fields and note"), cmd_session_history },
  { "trajectory", "show", "ID", N_("Show a trajectory with its assessment, goals and closing summary"), cmd_trajectory_show },
  { "trajectory", "edit", "ID", N_("Correct a trajectory: dates, assessment, goals, outcome"), cmd_trajectory_edit },
  { "trajectory", "history", "ID", N_("Show the earlier values of a trajectory’s fields and summaries"), cmd_trajectory_history },
  { "patient", "close", "ID", N_("Close a file: hidden and read only, kept for the legal period"), cmd_patient_close },
  { "patient", "reopen", "ID", N_("Reopen a closed file"), cmd_patient_reopen },
  { "patient", "timeline", "ID", N_("The patient’s file in date order"), cmd_patient_timeline },
  { "group", "show", "ID", N_("Show a group session with each participant’s attendance"), cmd_group_show },
  { "group", "attendance", "ID", N_("Record one participant’s attendance at a group session"), cmd_group_attendance },
  { NULL, NULL, NULL, NULL, NULL },
};
