/* sessio-cli-eid.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `eid read [--reader NAME]`: reads the identity file of the Belgian eID
 * card in the reader (no PIN) and prints what the patient file would take
 * from it.  Nothing is written anywhere.  `patient add --from-eid`
 * (sessio-cli-patients.c) creates the patient from the same reading.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sessio-cli.h"
#include "sessio-cli-commands.h"
#include "sessio-eid-reader.h"

static char *
format_date (const GDate *date)
{
  /* ISO 8601, the same in every language. */
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static int
cmd_eid_read (SessioCli  *cli,
              int         argc,
              char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioEidIdentity) identity = NULL;
  g_autofree char *reader = NULL;
  g_autofree char *name = NULL, *birth = NULL, *valid_from = NULL, *valid_until = NULL;
  int wait = 0;
  GOptionEntry entries[] = {
    { "reader", 0, 0, G_OPTION_ARG_STRING, &reader, N_("The card reader to use (default: the first one holding a card)"), N_("NAME") },
    { "wait", 0, 0, G_OPTION_ARG_INT, &wait, N_("Wait up to this many seconds for a card to be inserted"), N_("SECONDS") },
    { NULL }
  };
  gboolean expired;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL, N_("Read the patient’s Belgian eID card"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    /* Translators: %s is a command such as “patient add”. */
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“%s” takes no arguments besides its options"), "eid read");

  if (wait < 0 || wait > 3600)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("--wait takes a number of seconds from 0 to 3600"));

  identity = sessio_eid_read_wait (reader, (guint) wait * 1000, NULL, &error);
  if (identity == NULL)
    return sessio_cli_fail_error (cli, error);

  name = sessio_eid_identity_dup_name (identity);
  birth = sessio_eid_identity_dup_birth_date (identity);
  valid_from = format_date (&identity->valid_from);
  valid_until = format_date (&identity->valid_until);
  expired = sessio_eid_identity_is_expired (identity, NULL);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "insz");
      json_builder_add_string_value (builder, identity->insz);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "surname");
      json_builder_add_string_value (builder, identity->surname);
      json_builder_set_member_name (builder, "given_names");
      json_builder_add_string_value (builder, identity->given_names);
      json_builder_set_member_name (builder, "birth_date");
      if (birth != NULL)
        json_builder_add_string_value (builder, birth);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "birth_year");
      json_builder_add_int_value (builder, identity->birth_year);
      json_builder_set_member_name (builder, "sex");
      json_builder_add_string_value (builder, identity->sex == 'm' ? "m" : "f");
      json_builder_set_member_name (builder, "card");
      json_builder_add_string_value (builder, sessio_eid_card_kind_to_string (identity->kind));
      json_builder_set_member_name (builder, "document_type");
      json_builder_add_int_value (builder, identity->document_type);
      json_builder_set_member_name (builder, "valid_from");
      json_builder_add_string_value (builder, valid_from);
      json_builder_set_member_name (builder, "valid_until");
      json_builder_add_string_value (builder, valid_until);
      json_builder_set_member_name (builder, "expired");
      json_builder_add_boolean_value (builder, expired);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      sessio_cli_print_json (cli, root);
    }
  else
    {
      g_autofree char *year = g_strdup_printf ("%u", identity->birth_year);

      printf ("%s: %s\n", _("Card"), sessio_eid_card_kind_get_label (identity->kind));
      printf ("%s: %s\n", _("Name"), name);
      printf ("%s: %s\n", _("Birth date"), birth != NULL ? birth : year);
      printf ("%s: %s\n", _("Sex"), identity->sex == 'm' ? _("male") : _("female"));
      printf ("%s: %s\n", _("INSZ"), identity->insz);
      printf ("%s: %s – %s\n", _("Valid"), valid_from, valid_until);
    }
  /* Read all the same, but the user should know. */
  if (expired)
    fprintf (stderr, "%s\n", _("Warning: this card has expired; it was read anyway"));

  return SESSIO_EXIT_OK;
}

const SessioCliCommand sessio_cli_eid_commands[] = {
  { "eid", "read", NULL, N_("Read the patient’s Belgian eID card"), cmd_eid_read },
  { NULL }
};
