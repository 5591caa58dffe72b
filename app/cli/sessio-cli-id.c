/* sessio-cli-id.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `id check insz|kbo|iban|ogm|riziv VALUE`: exit 0 and the normalised
 * form when valid; an invalid value is invalid input, exit 2 with the
 * reason.  A RIZIV number whose check digits do not match is accepted with
 * a warning on stderr, because the public sources do not settle the rule.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sessio-cli.h"
#include "sessio-cli-commands.h"
#include "sessio-ident.h"

static void
print_result (SessioCli  *cli,
              const char *kind,
              const char *value,
              const char *formatted,
              ...) G_GNUC_NULL_TERMINATED;

/* The readable output translates what the JSON output keeps stable. */
static const char *
label_for (const char *name)
{
  if (strcmp (name, "birth_date") == 0)
    return _("Birth date");
  if (strcmp (name, "sex") == 0)
    return _("Sex");
  if (strcmp (name, "number_kind") == 0)
    return _("Kind of number");
  if (strcmp (name, "checksum_ok") == 0)
    return _("Check digits match");
  return name;
}

static const char *
value_for (const char *text)
{
  if (strcmp (text, "male") == 0)
    return _("male");
  if (strcmp (text, "female") == 0)
    return _("female");
  if (strcmp (text, "national") == 0)
    return _("national register number");
  if (strcmp (text, "bis-20") == 0 || strcmp (text, "bis-40") == 0)
    return _("BIS number");
  if (strcmp (text, "true") == 0)
    return _("yes");
  if (strcmp (text, "false") == 0)
    return _("no");
  return text;
}

/* Prints the value and extra "name", "text" pairs (NULL-terminated): as
 * JSON members with --json, else one "name: text" line each. */
static void
print_result (SessioCli  *cli,
              const char *kind,
              const char *value,
              const char *formatted,
              ...)
{
  va_list args;
  const char *name;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, kind);
      json_builder_set_member_name (builder, "valid");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, value);
      json_builder_set_member_name (builder, "formatted");
      json_builder_add_string_value (builder, formatted);

      va_start (args, formatted);
      while ((name = va_arg (args, const char *)) != NULL)
        {
          const char *text = va_arg (args, const char *);

          json_builder_set_member_name (builder, name);
          if (strcmp (text, "true") == 0 || strcmp (text, "false") == 0)
            json_builder_add_boolean_value (builder, text[0] == 't');
          else
            json_builder_add_string_value (builder, text);
        }
      va_end (args);

      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      sessio_cli_print_json (cli, root);
      return;
    }

  printf ("%s\n", formatted);
  va_start (args, formatted);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *text = va_arg (args, const char *);

      printf ("%s: %s\n", label_for (name), value_for (text));
    }
  va_end (args);
}

static int
check_insz (SessioCli  *cli,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  SessioInszInfo info;
  char formatted[16];
  char birth[11] = "";
  const char *kind_name;

  if (!sessio_insz_validate (text, &info, &error))
    return sessio_cli_fail_error (cli, error);

  sessio_insz_format (info.digits, formatted);
  /* Unknown month or day stay 00, as the register writes them. */
  g_snprintf (birth, sizeof birth, "%04u-%02u-%02u", info.year, info.month, info.day);
  kind_name = info.kind == SESSIO_INSZ_KIND_NATIONAL ? "national" :
              info.kind == SESSIO_INSZ_KIND_BIS_20 ? "bis-20" : "bis-40";

  print_result (cli, "insz", info.digits, formatted,
                "birth_date", birth,
                "sex", info.male ? "male" : "female",
                "number_kind", kind_name,
                NULL);
  return SESSIO_EXIT_OK;
}

static int
check_kbo (SessioCli  *cli,
           const char *text)
{
  g_autoptr(GError) error = NULL;
  char digits[SESSIO_KBO_LEN];
  char formatted[13];

  if (!sessio_kbo_validate (text, digits, &error))
    return sessio_cli_fail_error (cli, error);

  sessio_kbo_format (digits, formatted);
  print_result (cli, "kbo", digits, formatted, NULL);
  return SESSIO_EXIT_OK;
}

static int
check_iban (SessioCli  *cli,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  char iban[SESSIO_IBAN_LEN];
  char formatted[20];

  if (!sessio_iban_validate (text, iban, &error))
    return sessio_cli_fail_error (cli, error);

  sessio_iban_format (iban, formatted);
  print_result (cli, "iban", iban, formatted, NULL);
  return SESSIO_EXIT_OK;
}

static int
check_ogm (SessioCli  *cli,
           const char *text)
{
  g_autoptr(GError) error = NULL;
  char digits[SESSIO_OGM_LEN];
  char formatted[SESSIO_OGM_TEXT_LEN];

  if (!sessio_ogm_validate (text, digits, &error))
    return sessio_cli_fail_error (cli, error);

  sessio_ogm_format (digits, formatted);
  print_result (cli, "ogm", digits, formatted, NULL);
  return SESSIO_EXIT_OK;
}

static int
check_riziv (SessioCli  *cli,
             const char *text)
{
  g_autoptr(GError) error = NULL;
  char digits[SESSIO_RIZIV_LEN];
  char formatted[15];
  gboolean checksum_ok = FALSE;

  if (!sessio_riziv_validate (text, digits, &checksum_ok, &error))
    return sessio_cli_fail_error (cli, error);

  if (!checksum_ok)
    fprintf (stderr, "%s: %s\n", g_get_prgname (),
             _("Warning: the RIZIV number’s check digits do not match the usual rule; check it against your RIZIV letter"));

  sessio_riziv_format (digits, formatted);
  print_result (cli, "riziv", digits, formatted,
                "checksum_ok", checksum_ok ? "true" : "false",
                NULL);
  return SESSIO_EXIT_OK;
}

static int
cmd_id_check (SessioCli  *cli,
              int         argc,
              char      **argv)
{
  static const struct
  {
    const char *kind;
    int (*check) (SessioCli *cli, const char *text);
  } checks[] = {
    { "insz", check_insz },
    { "kbo", check_kbo },
    { "iban", check_iban },
    { "ogm", check_ogm },
    { "riziv", check_riziv },
  };
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "insz|kbo|iban|ogm|riziv VALUE",
                                 N_("Check a Belgian identifier and print its normalised form"),
                                 NULL, &argc, &argv, &exit_code))
    return exit_code;

  if (argc != 3)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE,
                            _("Give the kind of identifier (insz, kbo, iban, ogm or riziv) and the value"));

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    if (strcmp (argv[1], checks[i].kind) == 0)
      return checks[i].check (cli, argv[2]);

  return sessio_cli_fail (cli, SESSIO_EXIT_USAGE,
                          _("Unknown kind of identifier; use insz, kbo, iban, ogm or riziv"));
}

const SessioCliCommand sessio_cli_id_commands[] = {
  { "id", "check", "insz|kbo|iban|ogm|riziv VALUE",
    N_("Check a Belgian identifier and print its normalised form"), cmd_id_check },
  { NULL, NULL, NULL, NULL, NULL },
};
