/* sessio-cli-invoices.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Network invoices and patient receipts: `invoice
 * draft|issue|credit|list|export|show|paid|delete` and `receipt`, as
 * ../shared/CLI.md describes.  The lifecycle and every amount live in the
 * core (SessioInvoiceStore); this file turns options into calls and
 * results into text or JSON.  Exports first say, on standard error, which
 * personal data the files will carry (--preview: only that).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sessio-cli.h"
#include "sessio-cli-commands.h"
#include "sessio-format.h"
#include "sessio-invoice-export.h"
#include "sessio-invoice-store.h"
#include "sessio-rule-store.h"
#include "sessio-vault.h"

/* Opens the vault and the stores; invoices use the amounts the user set
 * (the rule store's rules), as the rest of the app does. */
static SessioInvoiceStore *
open_store (SessioCli  *cli,
            GError    **error)
{
  g_autoptr(SessioVault) vault = sessio_cli_open_vault (cli, error);
  g_autoptr(SessioRuleStore) rule_store = NULL;
  g_autoptr(SessioPatientStore) patients = NULL;

  if (vault == NULL)
    return NULL;
  sessio_vault_set_auto_fold (vault, SESSIO_VAULT_AUTO_FOLD_SYNC);
  if ((rule_store = sessio_rule_store_new (vault, error)) == NULL)
    {
      sessio_vault_close (vault, NULL);
      return NULL;
    }
  patients = sessio_patient_store_new (vault, sessio_rule_store_get_rules (rule_store));
  return sessio_invoice_store_new (patients, rule_store);
}

static int
close_store (SessioCli          *cli,
             SessioInvoiceStore *store,
             int                 exit_code)
{
  g_autoptr(GError) error = NULL;
  SessioVault *vault = sessio_patient_store_get_vault (sessio_invoice_store_get_patients (store));

  if (!sessio_vault_close (vault, &error) && exit_code == SESSIO_EXIT_OK)
    return sessio_cli_fail_error (cli, error);
  return exit_code;
}

static void
print_personal_fields (char **fields)
{
  fprintf (stderr, "%s\n", _("These personal data will leave this computer in the files:"));
  for (guint i = 0; fields[i] != NULL; i++)
    fprintf (stderr, "  • %s\n", fields[i]);
}

/* -------------------------------------------------------------- draft */

static int
cmd_invoice_draft (SessioCli  *cli,
                   int         argc,
                   char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioInvoiceStore) store = NULL;
  g_autofree char *engagement = NULL, *month = NULL, *from = NULL, *to = NULL;
  GOptionEntry entries[] = {
    { "engagement", 0, 0, G_OPTION_ARG_STRING, &engagement, N_("The engagement’s id"), N_("ID") },
    { "month", 0, 0, G_OPTION_ARG_STRING, &month, N_("The month to invoice"), N_("YYYY-MM") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day of a chosen period"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day of a chosen period"), N_("DATE") },
    { NULL }
  };
  gint64 engagement_id = 0, id;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL, N_("Draft the invoice of a month or period for a network"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“%s” takes no arguments besides its options"), "invoice draft");
  if (engagement == NULL || ((month == NULL) == (from == NULL || to == NULL)) ||
      (month != NULL && (from != NULL || to != NULL)))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE,
                            _("“invoice draft” needs --engagement and either --month or both --from and --to"));
  if (!sessio_cli_parse_id (engagement, &engagement_id))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("An id must be a positive number"));

  store = open_store (cli, &error);
  if (store == NULL)
    return sessio_cli_fail_error (cli, error);
  if (month != NULL)
    id = sessio_invoice_store_draft_month (store, engagement_id, month, &error);
  else
    id = sessio_invoice_store_draft (store, engagement_id, from, to, &error);
  if (id <= 0)
    return close_store (cli, store, sessio_cli_fail_error (cli, error));
  sessio_cli_print_id (cli, id);
  return close_store (cli, store, SESSIO_EXIT_OK);
}

/* --------------------------------------------------- issue, paid, ... */

/* The commands that take an id and an optional --date. */
static int
dated_command (SessioCli  *cli,
               int         argc,
               char      **argv,
               const char *command,
               const char *summary,
               int         what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioInvoiceStore) store = NULL;
  g_autofree char *date = NULL;
  GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The date (default: today)"), N_("DATE") },
    { NULL }
  };
  GOptionEntry no_entries[] = { { NULL } };
  gint64 id = 0, created = 0;
  gboolean ok = FALSE;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "ID", summary, what == 3 ? no_entries : entries,
                                 &argc, &argv, &exit_code))
    return exit_code;
  if (!sessio_cli_take_id_argument (cli, argc, argv, command, &id, &exit_code))
    return exit_code;

  store = open_store (cli, &error);
  if (store == NULL)
    return sessio_cli_fail_error (cli, error);
  switch (what)
    {
    case 0:
      ok = sessio_invoice_store_issue (store, id, date, &error);
      break;
    case 1:
      ok = sessio_invoice_store_set_paid (store, id, date, &error);
      break;
    case 2:
      created = sessio_invoice_store_credit (store, id, date, &error);
      ok = created > 0;
      break;
    case 3:
      ok = sessio_invoice_store_delete_draft (store, id, &error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    return close_store (cli, store, sessio_cli_fail_error (cli, error));

  if (what == 2)
    sessio_cli_print_id (cli, created);
  else if (what == 0)
    {
      g_autoptr(SessioInvoice) invoice = sessio_invoice_store_get (store, id, NULL);

      if (cli->json)
        {
          g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
          JsonObject *object = json_object_new ();

          json_object_set_int_member (object, "id", id);
          json_object_set_string_member (object, "number", invoice != NULL ? invoice->number : NULL);
          json_node_take_object (root, object);
          sessio_cli_print_json (cli, root);
        }
      else
        /* Translators: %s is an invoice number such as 2025-0007 */
        printf (_("Issued as number %s\n"), invoice != NULL ? invoice->number : "");
    }
  else if (what == 1)
    sessio_cli_print_ok (cli, _("The invoice is marked paid"));
  else
    sessio_cli_print_ok (cli, _("The draft is deleted"));
  return close_store (cli, store, SESSIO_EXIT_OK);
}

static int
cmd_invoice_issue (SessioCli *cli, int argc, char **argv)
{
  return dated_command (cli, argc, argv, "invoice issue", N_("Issue a draft: number it and freeze it"), 0);
}

static int
cmd_invoice_paid (SessioCli *cli, int argc, char **argv)
{
  return dated_command (cli, argc, argv, "invoice paid", N_("Mark an issued invoice paid"), 1);
}

static int
cmd_invoice_credit (SessioCli *cli, int argc, char **argv)
{
  return dated_command (cli, argc, argv, "invoice credit", N_("Cancel an issued invoice with a credit note"), 2);
}

static int
cmd_invoice_delete (SessioCli *cli, int argc, char **argv)
{
  return dated_command (cli, argc, argv, "invoice delete", N_("Delete a draft invoice"), 3);
}

/* --------------------------------------------------------- list, show */

static JsonObject *
summary_json (const SessioInvoice *invoice)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", invoice->id);
  json_object_set_string_member (object, "kind", invoice->kind);
  json_object_set_string_member (object, "state", sessio_invoice_state_to_string (invoice->state));
  json_object_set_string_member (object, "number", invoice->number);
  json_object_set_int_member (object, "engagement", invoice->engagement_id);
  json_object_set_string_member (object, "network_name", invoice->network_name);
  json_object_set_string_member (object, "period_from", invoice->period_from);
  json_object_set_string_member (object, "period_to", invoice->period_to);
  json_object_set_string_member (object, "issued_at", invoice->issued_at);
  json_object_set_string_member (object, "due_date", invoice->due_date);
  json_object_set_string_member (object, "paid_at", invoice->paid_at);
  json_object_set_string_member (object, "credits_number", invoice->credits_number);
  json_object_set_int_member (object, "lines", invoice->n_lines);
  json_object_set_int_member (object, "total_cents", invoice->total_cents);
  return object;
}

static int
cmd_invoice_list (SessioCli  *cli,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioInvoiceStore) store = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autofree char *engagement = NULL;
  GOptionEntry entries[] = {
    { "engagement", 0, 0, G_OPTION_ARG_STRING, &engagement, N_("Only this engagement’s invoices"), N_("ID") },
    { NULL }
  };
  gint64 engagement_id = 0;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL, N_("List invoices and credit notes, newest first"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“%s” takes no arguments besides its options"), "invoice list");
  if (engagement != NULL && !sessio_cli_parse_id (engagement, &engagement_id))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("An id must be a positive number"));

  store = open_store (cli, &error);
  if (store == NULL)
    return sessio_cli_fail_error (cli, error);
  if ((invoices = sessio_invoice_store_list (store, engagement_id, &error)) == NULL)
    return close_store (cli, store, sessio_cli_fail_error (cli, error));

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < invoices->len; i++)
        json_array_add_object_element (array, summary_json (g_ptr_array_index (invoices, i)));
      json_node_take_array (root, array);
      sessio_cli_print_json (cli, root);
    }
  else
    for (guint i = 0; i < invoices->len; i++)
      {
        const SessioInvoice *invoice = g_ptr_array_index (invoices, i);
        g_autofree char *total = sessio_format_cents (invoice->total_cents);

        printf ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s – %s\t%s\t%s\n", invoice->id,
                invoice->number != NULL ? invoice->number : "-",
                g_strcmp0 (invoice->kind, "credit-note") == 0 ? _("credit note") : _("invoice"),
                sessio_invoice_state_get_label (invoice->state), invoice->period_from, invoice->period_to,
                invoice->network_name != NULL ? invoice->network_name : "", total);
      }
  return close_store (cli, store, SESSIO_EXIT_OK);
}

static int
cmd_invoice_show (SessioCli  *cli,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioInvoiceStore) store = NULL;
  g_autoptr(SessioInvoice) invoice = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 id = 0;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "ID", N_("Show an invoice with its lines"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (!sessio_cli_take_id_argument (cli, argc, argv, "invoice show", &id, &exit_code))
    return exit_code;

  store = open_store (cli, &error);
  if (store == NULL)
    return sessio_cli_fail_error (cli, error);
  if ((invoice = sessio_invoice_store_get (store, id, &error)) == NULL)
    return close_store (cli, store, sessio_cli_fail_error (cli, error));

  if (cli->json)
    {
      root = sessio_invoice_to_json (invoice);
      sessio_cli_print_json (cli, root);
      return close_store (cli, store, SESSIO_EXIT_OK);
    }

  {
    g_autofree char *total = sessio_format_cents (invoice->total_cents);

    printf ("%s %s (%s)\n", g_strcmp0 (invoice->kind, "credit-note") == 0 ? _("Credit note") : _("Invoice"),
            invoice->number != NULL ? invoice->number : "-", sessio_invoice_state_get_label (invoice->state));
    printf ("%s – %s\t%s\n", invoice->period_from, invoice->period_to,
            invoice->network_name != NULL ? invoice->network_name : "");
    for (guint i = 0; i < invoice->lines->len; i++)
      {
        const SessioInvoiceLine *line = g_ptr_array_index (invoice->lines, i);
        g_autofree char *amount = sessio_format_cents (line->amount_cents);

        printf ("%s\t%s\t%s\t%s\t%s\n", line->date, line->kind,
                line->patient_name != NULL ? line->patient_name
                : (line->participants != NULL ? _("group") : ""),
                line->care != NULL ? line->care : "", amount);
      }
    /* Translators: the total claimed on an invoice */
    printf (_("Total: %s\n"), total);
  }
  return close_store (cli, store, SESSIO_EXIT_OK);
}

/* ------------------------------------------------------------- export */

static int
cmd_invoice_export (SessioCli  *cli,
                    int         argc,
                    char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioInvoiceStore) store = NULL;
  g_autoptr(SessioInvoice) invoice = NULL;
  g_autofree char *pdf = NULL, *csv = NULL, *json = NULL, *logo = NULL;
  g_auto(GStrv) fields = NULL;
  gboolean preview = FALSE;
  GOptionEntry entries[] = {
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Write the PDF to F"), N_("F") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("Write the CSV to F"), N_("F") },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json, N_("Write the JSON to F"), N_("F") },
    { "logo", 0, 0, G_OPTION_ARG_FILENAME, &logo, N_("A PNG logo for the PDF"), N_("F") },
    { "preview", 0, 0, G_OPTION_ARG_NONE, &preview, N_("Only list the personal data the files would carry"), NULL },
    { NULL }
  };
  gint64 id = 0;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "ID", N_("Write an invoice as PDF, CSV or JSON"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  /* "--json F": the frame took --json as its global flag (see patient
   * export). */
  if (argc == 3 && cli->json && json == NULL)
    {
      json = g_strdup (argv[2]);
      argc = 2;
    }
  if (!sessio_cli_take_id_argument (cli, argc, argv, "invoice export", &id, &exit_code))
    return exit_code;
  if (!preview && pdf == NULL && csv == NULL && json == NULL)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“invoice export” needs --pdf, --csv, --json or --preview"));

  store = open_store (cli, &error);
  if (store == NULL)
    return sessio_cli_fail_error (cli, error);
  if ((invoice = sessio_invoice_store_get (store, id, &error)) == NULL)
    return close_store (cli, store, sessio_cli_fail_error (cli, error));

  fields = sessio_invoice_personal_fields (invoice);
  if (preview)
    {
      if (cli->json)
        {
          g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
          JsonArray *array = json_array_new ();

          for (guint i = 0; fields[i] != NULL; i++)
            json_array_add_string_element (array, fields[i]);
          json_node_take_array (root, array);
          sessio_cli_print_json (cli, root);
        }
      else
        for (guint i = 0; fields[i] != NULL; i++)
          printf ("%s\n", fields[i]);
      return close_store (cli, store, SESSIO_EXIT_OK);
    }
  print_personal_fields (fields);

  /* Personal data leave the vault: that is audited, as a patient export. */
  if (!sessio_patient_store_audit_view (sessio_invoice_store_get_patients (store), "export", "invoice", id, &error))
    return close_store (cli, store, sessio_cli_fail_error (cli, error));
  if ((pdf != NULL && !sessio_invoice_write_pdf (invoice, logo, pdf, &error)) ||
      (csv != NULL && !sessio_invoice_write_csv (invoice, csv, &error)) ||
      (json != NULL && !sessio_invoice_write_json (invoice, json, &error)))
    return close_store (cli, store, sessio_cli_fail_error (cli, error));

  sessio_cli_print_ok (cli, _("The export is written"));
  return close_store (cli, store, SESSIO_EXIT_OK);
}

/* ------------------------------------------------------------ receipt */

static int
cmd_receipt (SessioCli  *cli,
             int         argc,
             char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioInvoiceStore) store = NULL;
  g_autoptr(SessioReceipt) receipt = NULL;
  g_autofree char *patient = NULL, *month = NULL, *session = NULL, *pdf = NULL, *logo = NULL;
  g_auto(GStrv) fields = NULL;
  gboolean preview = FALSE;
  GOptionEntry entries[] = {
    { "patient", 0, 0, G_OPTION_ARG_STRING, &patient, N_("The patient’s id"), N_("ID") },
    { "month", 0, 0, G_OPTION_ARG_STRING, &month, N_("The month of the sessions"), N_("YYYY-MM") },
    { "session", 0, 0, G_OPTION_ARG_STRING, &session, N_("Only this session"), N_("ID") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Write the PDF to F"), N_("F") },
    { "logo", 0, 0, G_OPTION_ARG_FILENAME, &logo, N_("A PNG logo for the PDF"), N_("F") },
    { "preview", 0, 0, G_OPTION_ARG_NONE, &preview, N_("Only list the personal data the file would carry"), NULL },
    { NULL }
  };
  gint64 patient_id = 0, session_id = 0;
  char from[11], to[11];
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL, N_("Write a patient’s payment receipt for a month"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“%s” takes no arguments besides its options"), "receipt");
  if (patient == NULL || month == NULL || (pdf == NULL && !preview && !cli->json))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“receipt” needs --patient, --month and --pdf"));
  if (!sessio_cli_parse_id (patient, &patient_id) || (session != NULL && !sessio_cli_parse_id (session, &session_id)))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("An id must be a positive number"));
  if (!sessio_invoice_month_range (month, from, to))
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("A month is written YYYY-MM"));

  store = open_store (cli, &error);
  if (store == NULL)
    return sessio_cli_fail_error (cli, error);
  if ((receipt = sessio_invoice_store_receipt (store, patient_id, from, to, session_id, &error)) == NULL)
    return close_store (cli, store, sessio_cli_fail_error (cli, error));

  fields = sessio_receipt_personal_fields (receipt);
  if (preview)
    {
      for (guint i = 0; fields[i] != NULL; i++)
        printf ("%s\n", fields[i]);
      return close_store (cli, store, SESSIO_EXIT_OK);
    }
  if (pdf != NULL)
    {
      print_personal_fields (fields);
      if (!sessio_receipt_write_pdf (receipt, logo, pdf, &error))
        return close_store (cli, store, sessio_cli_fail_error (cli, error));
    }
  if (cli->json)
    {
      g_autoptr(JsonNode) root = sessio_receipt_to_json (receipt);

      sessio_cli_print_json (cli, root);
    }
  else
    sessio_cli_print_ok (cli, _("The receipt is written"));
  return close_store (cli, store, SESSIO_EXIT_OK);
}

const SessioCliCommand sessio_cli_invoices_commands[] = {
  { "invoice", "draft", NULL, N_("Draft the invoice of a month or period for a network"), cmd_invoice_draft },
  { "invoice", "issue", "ID", N_("Issue a draft: number it and freeze it"), cmd_invoice_issue },
  { "invoice", "paid", "ID", N_("Mark an issued invoice paid"), cmd_invoice_paid },
  { "invoice", "credit", "ID", N_("Cancel an issued invoice with a credit note"), cmd_invoice_credit },
  { "invoice", "delete", "ID", N_("Delete a draft invoice"), cmd_invoice_delete },
  { "invoice", "list", NULL, N_("List invoices and credit notes, newest first"), cmd_invoice_list },
  { "invoice", "show", "ID", N_("Show an invoice with its lines"), cmd_invoice_show },
  { "invoice", "export", "ID", N_("Write an invoice as PDF, CSV or JSON"), cmd_invoice_export },
  { "receipt", NULL, NULL, N_("Write a patient’s payment receipt for a month"), cmd_receipt },
  { NULL, NULL, NULL, NULL, NULL },
};
