/* sessio-cli-patients.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The patient file and session log: `provider set`,
 * `engagement add`, `patient add|list|show|export|erase`, `trajectory add`,
 * `session add|list` and `group add`, as ../shared/CLI.md describes.  All
 * validation lives in the core (SessioPatientStore); this file only turns
 * options into records and results into text or JSON.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sessio-cli.h"
#include "sessio-cli-commands.h"
#include "sessio-eid-reader.h"
#include "sessio-format.h"
#include "sessio-ident.h"
#include "sessio-patient-export.h"
#include "sessio-patient-list.h"
#include "sessio-patient-store.h"
#include "sessio-session-list.h"
#include "sessio-vault.h"

static int
no_arguments (SessioCli  *cli,
              const char *command)
{
  /* Translators: %s is a command such as “patient add”. */
  return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“%s” takes no arguments besides its options"), command);
}

static int
finish_create (SessioCli          *cli,
               SessioPatientStore *store,
               gint64              id,
               GError             *error)
{
  if (id <= 0)
    {
      int exit_code = sessio_cli_fail_error (cli, error);

      return sessio_cli_close_patient_store (cli, store, exit_code);
    }
  sessio_cli_print_id (cli, id);
  return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
}

/* ----------------------------------------------------------- provider */

static int
cmd_provider_set (SessioCli  *cli,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autofree char *name = NULL, *riziv = NULL, *kbo = NULL, *iban = NULL, *address = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The provider’s name"), N_("N") },
    { "riziv", 0, 0, G_OPTION_ARG_STRING, &riziv, N_("The RIZIV/INAMI number"), N_("NUM") },
    { "kbo", 0, 0, G_OPTION_ARG_STRING, &kbo, N_("The enterprise number (KBO/BCE)"), N_("NUM") },
    { "iban", 0, 0, G_OPTION_ARG_STRING, &iban, N_("The bank account (IBAN)"), N_("IBAN") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, N_("The practice address"), N_("TEXT") },
    { NULL }
  };
  SessioProvider provider = { 0 };
  gboolean checksum_ok = TRUE;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL, N_("Set the provider profile"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return no_arguments (cli, "provider set");
  if (name == NULL || riziv == NULL)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“provider set” needs --name and --riziv"));

  store = sessio_cli_open_patient_store (cli, &error);
  if (store == NULL)
    return sessio_cli_fail_error (cli, error);

  provider.name = name;
  provider.riziv = riziv;
  provider.kbo = kbo;
  provider.iban = iban;
  provider.address = address;
  if (!sessio_patient_store_set_provider (store, &provider, &checksum_ok, &error))
    return sessio_cli_close_patient_store (cli, store, sessio_cli_fail_error (cli, error));

  /* The RIZIV check-digit rule is not settled: warn, never block. */
  if (!checksum_ok)
    fprintf (stderr, "%s\n", _("Warning: the RIZIV number’s check digits look wrong; it was saved anyway"));

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_boolean_member (object, "ok", TRUE);
      json_object_set_boolean_member (object, "riziv_checksum_ok", checksum_ok);
      json_node_take_object (root, object);
      sessio_cli_print_json (cli, root);
    }
  else
    printf ("%s\n", _("The provider profile is saved"));

  return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
}

/* --------------------------------------------------------- engagement */

static int
cmd_engagement_add (SessioCli  *cli,
                    int         argc,
                    char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autofree char *network_name = NULL, *network = NULL, *model = NULL, *invoice_to = NULL, *language = NULL;
  int contingent = -1;
  GOptionEntry entries[] = {
    { "network-name", 0, 0, G_OPTION_ARG_STRING, &network_name, N_("The network’s name"), N_("N") },
    { "network", 0, 0, G_OPTION_ARG_STRING, &network, N_("youth or adult"), N_("NETWORK") },
    { "model", 0, 0, G_OPTION_ARG_STRING, &model, N_("clb-salaried, independent or organisation-salaried"), N_("MODEL") },
    { "invoice-to", 0, 0, G_OPTION_ARG_STRING, &invoice_to, N_("The invoicing entity"), N_("TEXT") },
    { "language", 0, 0, G_OPTION_ARG_STRING, &language, N_("Language of the documents: nl, fr or de"), N_("LANG") },
    { "weekly-contingent", 0, 0, G_OPTION_ARG_INT, &contingent, N_("Sessions per week the network allots"), N_("N") },
    { NULL }
  };
  SessioEngagement engagement = { 0 };
  gint64 id;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL, N_("Add an engagement with a network"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return no_arguments (cli, "engagement add");
  if (network_name == NULL || network == NULL || model == NULL)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“engagement add” needs --network-name, --network and --model"));

  store = sessio_cli_open_patient_store (cli, &error);
  if (store == NULL)
    return sessio_cli_fail_error (cli, error);

  engagement.network_name = network_name;
  engagement.network = network;
  engagement.model = model;
  engagement.invoice_to = invoice_to;
  engagement.language = language;
  engagement.weekly_contingent = contingent;
  id = sessio_patient_store_add_engagement (store, &engagement, &error);
  return finish_create (cli, store, id, error);
}

/* ------------------------------------------------------------ patient */

static int
cmd_patient_add (SessioCli  *cli,
                 int         argc,
                 char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autofree char *name = NULL, *birth = NULL, *insz = NULL, *insurer = NULL, *language = NULL;
  g_autofree char *segment = NULL, *sex = NULL, *school = NULL, *note = NULL, *phone = NULL, *email = NULL;
  g_autofree char *consent_date = NULL, *consent_scope = NULL;
  g_auto(GStrv) problems = NULL;
  g_autoptr(SessioEidIdentity) identity = NULL;
  gboolean bim = FALSE, vulnerable = FALSE, from_eid = FALSE;
  int wait = 0;
  GOptionEntry entries[] = {
    { "from-eid", 0, 0, G_OPTION_ARG_NONE, &from_eid, N_("Take name, birth date, sex and INSZ from the eID card in the reader"), NULL },
    { "wait", 0, 0, G_OPTION_ARG_INT, &wait, N_("Wait up to this many seconds for a card to be inserted"), N_("SECONDS") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The patient’s name"), N_("N") },
    { "birth", 0, 0, G_OPTION_ARG_STRING, &birth, N_("Birth date"), N_("YYYY-MM-DD") },
    { "insz", 0, 0, G_OPTION_ARG_STRING, &insz, N_("INSZ/NISS number"), N_("NUM") },
    { "sex", 0, 0, G_OPTION_ARG_STRING, &sex, N_("m, f or x"), N_("SEX") },
    { "insurer", 0, 0, G_OPTION_ARG_STRING, &insurer, N_("Health insurer, by its code (e.g. 116)"), N_("CODE") },
    { "bim", 0, 0, G_OPTION_ARG_NONE, &bim, N_("Entitled to increased reimbursement (BIM)"), NULL },
    { "language", 0, 0, G_OPTION_ARG_STRING, &language, N_("Language of documents for the patient: nl, fr or de"), N_("LANG") },
    { "school", 0, 0, G_OPTION_ARG_STRING, &school, N_("School"), N_("TEXT") },
    { "segment", 0, 0, G_OPTION_ARG_STRING, &segment, N_("Education segment"), N_("SEG") },
    { "problem", 0, 0, G_OPTION_ARG_STRING_ARRAY, &problems, N_("Presenting-problem category (repeatable)"), N_("CAT") },
    { "vulnerable", 0, 0, G_OPTION_ARG_NONE, &vulnerable, N_("Vulnerable home situation"), NULL },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("Phone number"), N_("TEXT") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("E-mail address"), N_("TEXT") },
    { "consent-date", 0, 0, G_OPTION_ARG_STRING, &consent_date, N_("Date consent was given"), N_("YYYY-MM-DD") },
    { "consent-scope", 0, 0, G_OPTION_ARG_STRING, &consent_scope, N_("What the consent covers: care, care-and-billing or care-billing-and-consultation"), N_("SCOPE") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("Notes"), N_("TEXT") },
    { NULL }
  };
  SessioPatient patient = { 0 };
  gint64 id;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL, N_("Add a patient"), entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return no_arguments (cli, "patient add");
  if (from_eid && (name != NULL || birth != NULL || insz != NULL || sex != NULL))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("--from-eid takes the name, birth date, sex and INSZ from the card: leave out --name, --birth, --sex and --insz"));
  if (!from_eid && (name == NULL || birth == NULL))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“patient add” needs --name and --birth"));

  /* The card first: no passphrase asked for a card that cannot be read. */
  if (from_eid)
    {
      if (wait < 0 || wait > 3600)
        return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("--wait takes a number of seconds from 0 to 3600"));
      identity = sessio_eid_read_wait (NULL, (guint) wait * 1000, NULL, &error);
      if (identity == NULL)
        return sessio_cli_fail_error (cli, error);
      birth = sessio_eid_identity_dup_birth_date (identity);
      if (birth == NULL)
        return sessio_cli_fail (cli, SESSIO_EXIT_FAILED, _("The card gives only the birth year: add the patient with --name and --birth"));
      name = sessio_eid_identity_dup_name (identity);
      insz = g_strdup (identity->insz);
      sex = g_strdup (identity->sex == 'm' ? "m" : "f");
      if (sessio_eid_identity_is_expired (identity, NULL))
        fprintf (stderr, "%s\n", _("Warning: this card has expired; it was read anyway"));
    }

  store = sessio_cli_open_patient_store (cli, &error);
  if (store == NULL)
    return sessio_cli_fail_error (cli, error);

  /* A card whose INSZ is already in the file is that patient: no namesake. */
  if (from_eid)
    {
      gint64 existing = sessio_patient_store_find_insz (store, insz, &error);
      g_autofree char *existing_text = g_strdup_printf ("%" G_GINT64_FORMAT, existing);

      if (existing < 0)
        return sessio_cli_close_patient_store (cli, store, sessio_cli_fail_error (cli, error));
      if (existing > 0)
        return sessio_cli_close_patient_store (cli, store,
                            sessio_cli_fail (cli, SESSIO_EXIT_FAILED,
                                             /* Translators: %s is the patient's number in the file, e.g. 12 */
                                             _("The patient on this card is already in the patient file (id %s)"),
                                             existing_text));
    }

  patient.name = name;
  patient.birth_date = birth;
  patient.insz = insz;
  patient.sex = sex;
  patient.insurer = insurer;
  patient.bim = bim;
  patient.language = language;
  patient.school = school;
  patient.segment = segment;
  patient.problems = problems;
  patient.vulnerable = vulnerable;
  patient.phone = phone;
  patient.email = email;
  patient.consent_date = consent_date;
  patient.consent_scope = consent_scope;
  patient.notes = note;
  id = sessio_patient_store_add_patient (store, &patient, &error);
  return finish_create (cli, store, id, error);
}

/* `patient list --retention-expired`: the files past the 30 years of the
 * Quality of Care Act, erasure proposed past 50. */
static int
list_retention_expired (SessioCli          *cli,
                        SessioPatientStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = sessio_patient_store_list_retention_expired (store, &error);
  g_autoptr(JsonArray) array = json_array_new ();

  if (files == NULL)
    return sessio_cli_fail_error (cli, error);
  for (guint i = 0; i < files->len; i++)
    {
      const SessioRetention *file = g_ptr_array_index (files, i);

      if (cli->json)
        {
          JsonObject *object = json_object_new ();

          json_object_set_int_member (object, "id", file->patient_id);
          json_object_set_string_member (object, "name", file->name);
          json_object_set_string_member (object, "last_contact", file->last_contact);
          json_object_set_string_member (object, "erasable_from", file->erasable_from);
          json_object_set_string_member (object, "erase_by", file->erase_by);
          json_object_set_boolean_member (object, "erasure_proposed", file->erasure_due);
          json_object_set_boolean_member (object, "closed", file->closed);
          json_array_add_object_element (array, object);
        }
      else
        printf ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\n", file->patient_id, file->name, file->last_contact,
                file->erasure_due ? _("past 50 years: erase it") : _("past 30 years: may be erased"));
    }
  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (root, array);
      sessio_cli_print_json (cli, root);
    }
  return SESSIO_EXIT_OK;
}

static int
cmd_patient_list (SessioCli  *cli,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autoptr(SessioPatientList) list = NULL;
  g_autofree char *search = NULL;
  g_autofree char *folded = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  gboolean expired = FALSE;
  GOptionEntry entries[] = {
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only patients whose name or INSZ contains TEXT"), N_("TEXT") },
    { "retention-expired", 0, 0, G_OPTION_ARG_NONE, &expired,
      N_("The files whose last contact is 30 years ago or more, closed ones included"), NULL },
    { NULL }
  };
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL, N_("List the patients"), entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return no_arguments (cli, "patient list");
  if (expired && search != NULL)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("--retention-expired and --search exclude each other"));

  store = sessio_cli_open_patient_store (cli, &error);
  if (store == NULL)
    return sessio_cli_fail_error (cli, error);
  if (expired)
    return sessio_cli_close_patient_store (cli, store, list_retention_expired (cli, store));
  list = sessio_patient_list_new (store, &error);
  if (list == NULL)
    return sessio_cli_close_patient_store (cli, store, sessio_cli_fail_error (cli, error));

  folded = sessio_search_fold (search);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(SessioPatientSummary) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (!sessio_patient_summary_matches (item, folded))
        continue;
      if (cli->json)
        {
          JsonObject *object = json_object_new ();

          json_object_set_int_member (object, "id", sessio_patient_summary_get_id (item));
          json_object_set_string_member (object, "name", sessio_patient_summary_get_name (item));
          json_object_set_string_member (object, "insz", sessio_patient_summary_get_insz (item));
          json_object_set_string_member (object, "birth_date", sessio_patient_summary_get_birth_date (item));
          if (sessio_patient_summary_get_trajectory_id (item) > 0)
            json_object_set_int_member (object, "trajectory_id", sessio_patient_summary_get_trajectory_id (item));
          else
            json_object_set_null_member (object, "trajectory_id");
          json_array_add_object_element (array, object);
        }
      else
        {
          /* Stored names may hold control characters (from before they
           * were refused, or from another program): escaped. */
          g_autofree char *name = sessio_cli_printable (sessio_patient_summary_get_name (item), FALSE);
          g_autofree char *trajectory = sessio_cli_printable (sessio_patient_summary_get_trajectory (item), FALSE);

          printf ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\n", sessio_patient_summary_get_id (item),
                  name, sessio_patient_summary_get_insz (item),
                  sessio_patient_summary_get_birth_date (item), trajectory);
        }
    }

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (root, array);
      sessio_cli_print_json (cli, root);
    }
  return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
}

static void
print_field (const char *label,
             const char *value)
{
  if (value != NULL && *value != '\0')
    {
      /* Notes keep their lines; nothing else reaches the terminal raw. */
      g_autofree char *printable = sessio_cli_printable (value, TRUE);

      printf ("%s: %s\n", label, printable);
    }
}

static int
cmd_patient_show (SessioCli  *cli,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autoptr(SessioPatient) patient = NULL;
  g_autoptr(GPtrArray) trajectories = NULL;
  gint64 id = 0;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "ID", N_("Show a patient, their trajectories and meters"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (!sessio_cli_take_id_argument (cli, argc, argv, "patient show", &id, &exit_code))
    return exit_code;

  store = sessio_cli_open_patient_store (cli, &error);
  if (store == NULL)
    return sessio_cli_fail_error (cli, error);
  patient = sessio_patient_store_get_patient (store, id, &error);
  if (patient != NULL)
    trajectories = sessio_patient_store_list_trajectories (store, id, &error);
  if (patient == NULL || trajectories == NULL)
    return sessio_cli_close_patient_store (cli, store, sessio_cli_fail_error (cli, error));

  if (cli->json)
    {
      g_autoptr(JsonNode) root = sessio_patient_export_json (store, id, &error);
      JsonArray *meters = json_array_new ();

      if (root == NULL)
        {
          json_array_unref (meters);
          return sessio_cli_close_patient_store (cli, store, sessio_cli_fail_error (cli, error));
        }
      for (guint i = 0; i < trajectories->len; i++)
        {
          const SessioTrajectory *trajectory = g_ptr_array_index (trajectories, i);
          g_auto(GStrv) lines = sessio_patient_store_meter_lines (store, trajectory->id, NULL, NULL);

          for (guint l = 0; lines != NULL && lines[l] != NULL; l++)
            {
              JsonObject *meter = json_object_new ();

              json_object_set_int_member (meter, "trajectory_id", trajectory->id);
              json_object_set_string_member (meter, "text", lines[l]);
              json_array_add_object_element (meters, meter);
            }
        }
      json_object_set_array_member (json_node_get_object (root), "meters", meters);
      sessio_cli_print_json (cli, root);
      return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
    }

  {
    g_autofree char *problems = patient->problems != NULL ? g_strjoinv (", ", patient->problems) : NULL;
    g_autofree char *insurer = sessio_insurer_describe (patient->insurer);
    char insz[16] = "";

    if (patient->insz != NULL && strlen (patient->insz) == 11)
      sessio_insz_format (patient->insz, insz);
    print_field (_("Name"), patient->name);
    print_field (_("Birth date"), patient->birth_date);
    print_field (_("INSZ number"), insz);
    print_field (_("Sex"), patient->sex);
    print_field (_("Health insurer"), insurer);
    if (patient->bim)
      print_field (_("Increased reimbursement"), _("yes"));
    print_field (_("Preferred language"), patient->language);
    print_field (_("School"), patient->school);
    print_field (_("Education segment"), patient->segment);
    print_field (_("Reasons for seeking help"), problems);
    if (patient->vulnerable)
      print_field (_("Vulnerable home situation"), _("yes"));
    print_field (_("Notes"), patient->notes);
    if (patient->erased)
      printf ("%s\n", _("This patient’s file was erased."));
    if (patient->closed_at != NULL)
      printf ("%s\n", _("This patient’s file is closed: it can be read, not changed."));
  }

  for (guint i = 0; i < trajectories->len; i++)
    {
      const SessioTrajectory *trajectory = g_ptr_array_index (trajectories, i);
      g_auto(GStrv) lines = sessio_patient_store_meter_lines (store, trajectory->id, NULL, NULL);

      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, trajectory->id);
      g_autofree char *line = NULL;

      /* Translators: a trajectory in “patient show”: its id and start
       * date (YYYY-MM-DD). */
      line = g_strdup_printf (_("Trajectory %1$s, since %2$s"), id_text, trajectory->start_date);
      printf ("%s\n", line);
      for (guint l = 0; lines != NULL && lines[l] != NULL; l++)
        {
          g_autofree char *printable = sessio_cli_printable (lines[l], FALSE);

          printf ("  %s\n", printable);
        }
    }

  return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
}

static int
cmd_patient_export (SessioCli  *cli,
                    int         argc,
                    char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autofree char *pdf = NULL, *json = NULL;
  GOptionEntry entries[] = {
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Write the PDF to F"), N_("F") },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json, N_("Write the JSON to F"), N_("F") },
    { NULL }
  };
  gint64 id = 0;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "ID", N_("Export everything stored about a patient"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  /* The frame takes a bare --json out of the arguments wherever it
   * stands (the global flag), so "--json F" arrives here as the global
   * flag plus a second argument F: that is the file.  "--json=F" comes
   * through as our own option. */
  if (argc == 3 && cli->json && json == NULL)
    {
      json = g_strdup (argv[2]);
      argc = 2;
    }
  if (!sessio_cli_take_id_argument (cli, argc, argv, "patient export", &id, &exit_code))
    return exit_code;

  store = sessio_cli_open_patient_store (cli, &error);
  if (store == NULL)
    return sessio_cli_fail_error (cli, error);

  if (pdf == NULL && json == NULL)
    {
      /* No file: the JSON document on standard output. */
      g_autoptr(JsonNode) root = sessio_patient_export_json (store, id, &error);

      if (root == NULL)
        return sessio_cli_close_patient_store (cli, store, sessio_cli_fail_error (cli, error));
      sessio_cli_print_json (cli, root);
      return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
    }

  if (!sessio_patient_export_write (store, id, json, pdf, &error))
    return sessio_cli_close_patient_store (cli, store, sessio_cli_fail_error (cli, error));

  sessio_cli_print_ok (cli, _("The export is written"));
  return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
}

static int
cmd_patient_erase (SessioCli  *cli,
                   int         argc,
                   char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  gint64 id = 0;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "ID",
                                 N_("Erase a patient’s clinical data once the law no longer keeps them, keeping what issued invoices need"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (!sessio_cli_take_id_argument (cli, argc, argv, "patient erase", &id, &exit_code))
    return exit_code;

  store = sessio_cli_open_patient_store (cli, &error);
  if (store == NULL)
    return sessio_cli_fail_error (cli, error);
  if (!sessio_patient_store_erase_patient (store, id, &error))
    return sessio_cli_close_patient_store (cli, store, sessio_cli_fail_error (cli, error));

  sessio_cli_print_ok (cli, _("The patient’s clinical data are erased"));
  return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
}

/* --------------------------------------------------------- trajectory */

static gboolean
known_domain (const char *domain)
{
  guint n;
  const SessioChoice *domains = sessio_clb_domains (&n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (domain, domains[i].id) == 0)
      return TRUE;
  return FALSE;
}

static int
bad_domain (SessioCli *cli)
{
  return sessio_cli_fail (cli, SESSIO_EXIT_USAGE,
                          _("Choose a guidance domain: learning, educational-career, psychosocial or preventive-health"));
}

static int
cmd_trajectory_add (SessioCli  *cli,
                    int         argc,
                    char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autofree char *patient = NULL, *engagement = NULL, *start = NULL, *bilan = NULL, *end = NULL;
  g_autofree char *outcome = NULL, *referred_to = NULL, *domain = NULL;
  GOptionEntry entries[] = {
    { "patient", 0, 0, G_OPTION_ARG_STRING, &patient, N_("The patient’s id"), N_("ID") },
    { "engagement", 0, 0, G_OPTION_ARG_STRING, &engagement, N_("The engagement’s id"), N_("ID") },
    { "start", 0, 0, G_OPTION_ARG_STRING, &start, N_("Start date"), N_("DATE") },
    { "bilan", 0, 0, G_OPTION_ARG_STRING, &bilan, N_("Date of the functional assessment"), N_("DATE") },
    { "end", 0, 0, G_OPTION_ARG_STRING, &end, N_("End date"), N_("DATE") },
    { "outcome", 0, 0, G_OPTION_ARG_STRING, &outcome, N_("completed, referred or stopped"), N_("OUTCOME") },
    { "referred-to", 0, 0, G_OPTION_ARG_STRING, &referred_to, N_("Whom the patient was referred to"), N_("TEXT") },
    { "clb-domain", 0, 0, G_OPTION_ARG_STRING, &domain,
      N_("The CLB guidance domain: learning, educational-career, psychosocial or preventive-health"), N_("DOMAIN") },
    { NULL }
  };
  SessioTrajectory trajectory = { 0 };
  gint64 id;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL, N_("Start a care trajectory"), entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return no_arguments (cli, "trajectory add");
  if (patient == NULL || engagement == NULL || start == NULL)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“trajectory add” needs --patient, --engagement and --start"));
  if (!sessio_cli_parse_id (patient, &trajectory.patient_id) || !sessio_cli_parse_id (engagement, &trajectory.engagement_id))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("An id must be a positive number"));

  if (domain != NULL && !known_domain (domain))
    return bad_domain (cli);
  store = sessio_cli_open_patient_store (cli, &error);
  if (store == NULL)
    return sessio_cli_fail_error (cli, error);
  trajectory.start_date = start;
  trajectory.bilan_date = bilan;
  trajectory.end_date = end;
  trajectory.outcome = outcome;
  trajectory.referred_to = referred_to;
  id = sessio_patient_store_add_trajectory (store, &trajectory, &error);
  if (id > 0 && domain != NULL && !sessio_patient_store_set_trajectory_domain (store, id, domain, &error))
    id = 0;
  return finish_create (cli, store, id, error);
}

/* `trajectory set-domain ID DOMAIN`: classify a CLB trajectory by the
 * CLB's guidance domain ("none" clears it). */
static int
cmd_trajectory_set_domain (SessioCli  *cli,
                           int         argc,
                           char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  gint64 id;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "ID DOMAIN",
                                 N_("Set a trajectory’s CLB guidance domain (learning, educational-career, psychosocial, preventive-health or none)"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 3)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“%s” takes two arguments: the trajectory’s id and the domain"),
                            "trajectory set-domain");
  if (!sessio_cli_parse_id (argv[1], &id))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("An id must be a positive number"));
  if (g_strcmp0 (argv[2], "none") != 0 && !known_domain (argv[2]))
    return bad_domain (cli);
  store = sessio_cli_open_patient_store (cli, &error);
  if (store == NULL)
    return sessio_cli_fail_error (cli, error);
  if (!sessio_patient_store_set_trajectory_domain (store, id, g_strcmp0 (argv[2], "none") == 0 ? NULL : argv[2],
                                                   &error))
    return sessio_cli_close_patient_store (cli, store, sessio_cli_fail_error (cli, error));
  sessio_cli_print_id (cli, id);
  return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
}

/* ------------------------------------------------------------ session */

typedef struct
{
  char     *date;
  char     *care;
  char     *setting;
  char     *location;
  char     *context;
  char     *status;
  char     *copay;
  char     *note;
  int       participants;
  int       duration;
  gboolean  co_facilitator;
  gboolean  outside;
} SessionOptions;

static void
session_options_clear (SessionOptions *options)
{
  g_free (options->date);
  g_free (options->care);
  g_free (options->setting);
  g_free (options->location);
  g_free (options->context);
  g_free (options->status);
  g_free (options->copay);
  g_free (options->note);
}

static void
session_from_options (SessioSession        *session,
                      const SessionOptions *options)
{
  session->starts_at = options->date;
  session->care = options->care;
  session->setting = options->setting;
  session->location = options->location;
  session->context = options->context;
  session->status = options->status;
  session->copay = options->copay;
  session->notes = options->note;
  session->participants = options->participants;
  session->duration_min = options->duration;
  session->co_facilitator = options->co_facilitator;
  session->outside_convention = options->outside;
}

static int
cmd_session_add (SessioCli  *cli,
                 int         argc,
                 char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autofree char *trajectory = NULL;
  SessionOptions o = { 0 };
  GOptionEntry entries[] = {
    { "trajectory", 0, 0, G_OPTION_ARG_STRING, &trajectory, N_("The trajectory’s id"), N_("ID") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &o.date, N_("Date, with the time if known"), N_("DATE[THH:MM]") },
    { "care", 0, 0, G_OPTION_ARG_STRING, &o.care, N_("Care type"), N_("CARE") },
    { "setting", 0, 0, G_OPTION_ARG_STRING, &o.setting, N_("individual or group"), N_("SETTING") },
    { "location", 0, 0, G_OPTION_ARG_STRING, &o.location, N_("Location"), N_("LOC") },
    { "context", 0, 0, G_OPTION_ARG_STRING, &o.context, N_("own or clb"), N_("CONTEXT") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &o.status, N_("planned, held, no-show or cancelled"), N_("STATUS") },
    { "participants", 0, 0, G_OPTION_ARG_INT, &o.participants, N_("Participants of a group session"), N_("N") },
    { "co-facilitator", 0, 0, G_OPTION_ARG_NONE, &o.co_facilitator, N_("A second facilitator took part"), NULL },
    { "duration", 0, 0, G_OPTION_ARG_INT, &o.duration, N_("Duration in minutes"), N_("MIN") },
    { "copay", 0, 0, G_OPTION_ARG_STRING, &o.copay, N_("Co-payment received: cash, transfer, not-yet or not-due"), N_("HOW") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &o.note, N_("Session notes"), N_("TEXT") },
    { "outside-convention", 0, 0, G_OPTION_ARG_NONE, &o.outside, N_("Record a session over the limit as not billable"), NULL },
    { NULL }
  };
  SessioSession session = { 0 };
  gint64 id;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL, N_("Log a session"), entries, &argc, &argv, &exit_code))
    {
      session_options_clear (&o);
      return exit_code;
    }
  if (argc != 1)
    exit_code = no_arguments (cli, "session add");
  else if (trajectory == NULL || o.date == NULL || o.care == NULL || o.setting == NULL)
    exit_code = sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“session add” needs --trajectory, --date, --care and --setting"));
  else if (!sessio_cli_parse_id (trajectory, &session.trajectory_id))
    exit_code = sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("An id must be a positive number"));
  else if (g_strcmp0 (o.setting, "group") == 0)
    exit_code = sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("Log a group session with “group add”"));
  else if ((store = sessio_cli_open_patient_store (cli, &error)) == NULL)
    exit_code = sessio_cli_fail_error (cli, error);
  else
    {
      session_from_options (&session, &o);
      id = sessio_patient_store_add_session (store, &session, &error);
      exit_code = finish_create (cli, store, id, error);
    }
  session_options_clear (&o);
  return exit_code;
}

static int
cmd_group_add (SessioCli  *cli,
               int         argc,
               char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autoptr(GArray) trajectories = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *engagement = NULL, *list = NULL;
  SessionOptions o = { 0 };
  GOptionEntry entries[] = {
    { "engagement", 0, 0, G_OPTION_ARG_STRING, &engagement, N_("The engagement’s id"), N_("ID") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &o.date, N_("Date, with the time if known"), N_("DATE[THH:MM]") },
    { "care", 0, 0, G_OPTION_ARG_STRING, &o.care, N_("Care type"), N_("CARE") },
    { "trajectories", 0, 0, G_OPTION_ARG_STRING, &list, N_("The participants’ trajectories"), N_("ID,ID,…") },
    { "location", 0, 0, G_OPTION_ARG_STRING, &o.location, N_("Location"), N_("LOC") },
    { "context", 0, 0, G_OPTION_ARG_STRING, &o.context, N_("own or clb"), N_("CONTEXT") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &o.status, N_("planned, held, no-show or cancelled"), N_("STATUS") },
    { "participants", 0, 0, G_OPTION_ARG_INT, &o.participants, N_("All participants, if more than the trajectories listed"), N_("N") },
    { "co-facilitator", 0, 0, G_OPTION_ARG_NONE, &o.co_facilitator, N_("A second facilitator took part"), NULL },
    { "duration", 0, 0, G_OPTION_ARG_INT, &o.duration, N_("Duration in minutes"), N_("MIN") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &o.note, N_("Session notes"), N_("TEXT") },
    { "outside-convention", 0, 0, G_OPTION_ARG_NONE, &o.outside, N_("Record a session over the limit as not billable"), NULL },
    { NULL }
  };
  SessioSession session = { 0 };
  gboolean ids_ok = TRUE;
  gint64 id;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL, N_("Log a group session"), entries, &argc, &argv, &exit_code))
    {
      session_options_clear (&o);
      return exit_code;
    }

  if (list != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (list, ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          gint64 trajectory_id;

          g_strstrip (parts[i]);
          if (*parts[i] == '\0')
            continue;
          if (!sessio_cli_parse_id (parts[i], &trajectory_id))
            ids_ok = FALSE;
          else
            g_array_append_val (trajectories, trajectory_id);
        }
    }

  if (argc != 1)
    exit_code = no_arguments (cli, "group add");
  else if (engagement == NULL || o.date == NULL || o.care == NULL || list == NULL)
    exit_code = sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“group add” needs --engagement, --date, --care and --trajectories"));
  else if (!ids_ok || !sessio_cli_parse_id (engagement, &session.engagement_id))
    exit_code = sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("An id must be a positive number"));
  else if ((store = sessio_cli_open_patient_store (cli, &error)) == NULL)
    exit_code = sessio_cli_fail_error (cli, error);
  else
    {
      session_from_options (&session, &o);
      session.setting = (char *) "group";
      session.trajectories = trajectories;
      id = sessio_patient_store_add_session (store, &session, &error);
      exit_code = finish_create (cli, store, id, error);
    }
  session_options_clear (&o);
  return exit_code;
}

static int
cmd_session_list (SessioCli  *cli,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autoptr(GListModel) sessions = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  g_autofree char *patient = NULL, *trajectory = NULL;
  GOptionEntry entries[] = {
    { "patient", 0, 0, G_OPTION_ARG_STRING, &patient, N_("The sessions of this patient"), N_("ID") },
    { "trajectory", 0, 0, G_OPTION_ARG_STRING, &trajectory, N_("The sessions of this trajectory"), N_("ID") },
    { NULL }
  };
  gint64 id = 0;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL, N_("List sessions, newest first, with their evaluation"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return no_arguments (cli, "session list");
  if ((patient == NULL) == (trajectory == NULL))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“session list” needs either --patient or --trajectory"));
  if (!sessio_cli_parse_id (patient != NULL ? patient : trajectory, &id))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("An id must be a positive number"));

  store = sessio_cli_open_patient_store (cli, &error);
  if (store == NULL)
    return sessio_cli_fail_error (cli, error);
  if (patient != NULL)
    {
      /* Listing a patient's sessions shows their file: audited. */
      g_autoptr(SessioPatient) read = sessio_patient_store_get_patient (store, id, &error);

      if (read != NULL)
        sessions = sessio_patient_store_list_sessions (store, id, &error);
    }
  else
    {
      sessions = sessio_patient_store_list_trajectory_sessions (store, id, &error);
      if (sessions != NULL && !sessio_patient_store_audit_view (store, "view", "trajectory", id, &error))
        g_clear_object (&sessions);
    }
  if (sessions == NULL)
    return sessio_cli_close_patient_store (cli, store, sessio_cli_fail_error (cli, error));

  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(SessioSessionItem) item = g_list_model_get_item (sessions, i);
      const SessioEvalResult *result = sessio_session_item_get_result (item);

      if (cli->json)
        {
          JsonObject *object = json_object_new ();

          json_object_set_int_member (object, "id", sessio_session_item_get_id (item));
          json_object_set_int_member (object, "trajectory_id", sessio_session_item_get_trajectory_id (item));
          json_object_set_string_member (object, "starts_at", sessio_session_item_get_starts_at (item));
          json_object_set_string_member (object, "care", sessio_session_item_get_care (item));
          json_object_set_string_member (object, "setting", sessio_session_item_get_setting (item));
          json_object_set_string_member (object, "status", sessio_session_item_get_status (item));
          json_object_set_string_member (object, "location", sessio_session_item_get_location (item));
          json_object_set_int_member (object, "duration_min", sessio_session_item_get_duration (item));
          json_object_set_boolean_member (object, "outside_convention",
                                          sessio_session_item_get_outside_convention (item));
          json_object_set_boolean_member (object, "billable", result != NULL && result->billable);
          json_object_set_int_member (object, "fee_cents", result != NULL ? result->fee_cents : 0);
          json_object_set_int_member (object, "copay_cents", result != NULL ? result->copay_cents : 0);
          if (result != NULL && result->count >= 0)
            json_object_set_int_member (object, "count", result->count);
          else
            json_object_set_null_member (object, "count");
          if (result != NULL && result->limit >= 0)
            json_object_set_int_member (object, "limit", result->limit);
          else
            json_object_set_null_member (object, "limit");
          json_object_set_string_member (object, "explanation", sessio_session_item_get_explanation (item));
          json_array_add_object_element (array, object);
        }
      else
        {
          g_autofree char *explanation = sessio_cli_printable (sessio_session_item_get_explanation (item), FALSE);

          printf ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\t%s\n", sessio_session_item_get_id (item),
                  sessio_session_item_get_starts_at (item), sessio_session_item_get_care (item),
                  sessio_session_item_get_setting (item), sessio_session_item_get_status (item),
                  explanation);
        }
    }

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (root, array);
      sessio_cli_print_json (cli, root);
    }
  return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
}

const SessioCliCommand sessio_cli_patients_commands[] = {
  { "provider", "set", NULL, N_("Set the provider profile"), cmd_provider_set },
  { "engagement", "add", NULL, N_("Add an engagement with a network"), cmd_engagement_add },
  { "patient", "add", NULL, N_("Add a patient"), cmd_patient_add },
  { "patient", "list", NULL, N_("List the patients"), cmd_patient_list },
  { "patient", "show", "ID", N_("Show a patient, their trajectories and meters"), cmd_patient_show },
  { "patient", "export", "ID", N_("Export everything stored about a patient"), cmd_patient_export },
  { "patient", "erase", "ID", N_("Erase a patient’s clinical data once the law no longer keeps them, keeping what issued invoices need"), cmd_patient_erase },
  { "trajectory", "add", NULL, N_("Start a care trajectory"), cmd_trajectory_add },
  { "trajectory", "set-domain", "ID DOMAIN", N_("Set a trajectory’s CLB guidance domain"), cmd_trajectory_set_domain },
  { "session", "add", NULL, N_("Log a session"), cmd_session_add },
  { "session", "list", NULL, N_("List sessions, newest first, with their evaluation"), cmd_session_list },
  { "group", "add", NULL, N_("Log a group session"), cmd_group_add },
  { NULL, NULL, NULL, NULL, NULL },
};
