/* sessio-cli-id.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
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

/* One detail of a checked number.  A NULL @text is unknown: JSON null,
 * "unknown" in the readable output.  @number, when @is_number, is printed
 * as a JSON number. */
typedef struct
{
  const char *name;
  const char *text;
  gboolean    is_number;
  gint64      number;
} Detail;

/* The readable output translates what the JSON output keeps stable. */
static const char *
label_for (const char *name)
{
  if (strcmp (name, "birth_date") == 0)
    return _("Birth date");
  if (strcmp (name, "birth_year") == 0)
    return _("Birth year");
  if (strcmp (name, "birth_month") == 0)
    return _("Birth month");
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
  if (text == NULL)
    return _("unknown");
  if (strcmp (text, "male") == 0)
    return _("male");
  if (strcmp (text, "female") == 0)
    return _("female");
  if (strcmp (text, "national") == 0)
    return _("national register number");
  if (strcmp (text, "bis-20") == 0)
    return _("BIS number (sex unknown at registration)");
  if (strcmp (text, "bis-40") == 0)
    return _("BIS number (sex known at registration)");
  if (strcmp (text, "true") == 0)
    return _("yes");
  if (strcmp (text, "false") == 0)
    return _("no");
  return text;
}

/* Prints the value and @details: as JSON members with --json, else one
 * "label: text" line each. */
static void
print_result (SessioCli    *cli,
              const char   *kind,
              const char   *value,
              const char   *formatted,
              const Detail *details,
              guint         n_details)
{
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

      for (guint i = 0; i < n_details; i++)
        {
          const Detail *d = &details[i];

          json_builder_set_member_name (builder, d->name);
          if (d->is_number)
            json_builder_add_int_value (builder, d->number);
          else if (d->text == NULL)
            json_builder_add_null_value (builder);
          else if (strcmp (d->text, "true") == 0 || strcmp (d->text, "false") == 0)
            json_builder_add_boolean_value (builder, d->text[0] == 't');
          else
            json_builder_add_string_value (builder, d->text);
        }

      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      sessio_cli_print_json (cli, root);
      return;
    }

  printf ("%s\n", formatted);
  for (guint i = 0; i < n_details; i++)
    {
      const Detail *d = &details[i];

      if (d->is_number)
        printf ("%s: %" G_GINT64_FORMAT "\n", label_for (d->name), d->number);
      else
        printf ("%s: %s\n", label_for (d->name), value_for (d->text));
    }
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
  const char *sex;
  GDate date;

  if (!sessio_insz_validate (text, &info, &error))
    return sessio_cli_fail_error (cli, error);

  sessio_insz_format (info.digits, formatted);
  /* A day or month of 00 means the register does not know it: the date
   * is then null rather than an impossible "1958-02-00", and only the
   * known parts are given. */
  if (sessio_insz_info_get_birth (&info, &date))
    g_snprintf (birth, sizeof birth, "%04u-%02u-%02u", info.year, info.month, info.day);
  kind_name = info.kind == SESSIO_INSZ_KIND_NATIONAL ? "national" :
              info.kind == SESSIO_INSZ_KIND_BIS_20 ? "bis-20" : "bis-40";
  sex = info.sex == SESSIO_INSZ_SEX_MALE ? "male" :
        info.sex == SESSIO_INSZ_SEX_FEMALE ? "female" : NULL;

  {
    const Detail details[] = {
      { "birth_date", birth[0] != '\0' ? birth : NULL, FALSE, 0 },
      { "birth_year", NULL, TRUE, info.year },
      { "birth_month", NULL, info.month != 0, info.month },
      { "sex", sex, FALSE, 0 },
      { "number_kind", kind_name, FALSE, 0 },
    };

    print_result (cli, "insz", info.digits, formatted, details, G_N_ELEMENTS (details));
  }
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
  print_result (cli, "kbo", digits, formatted, NULL, 0);
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
  print_result (cli, "iban", iban, formatted, NULL, 0);
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
  print_result (cli, "ogm", digits, formatted, NULL, 0);
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
  {
    const Detail details[] = {
      { "checksum_ok", checksum_ok ? "true" : "false", FALSE, 0 },
    };

    print_result (cli, "riziv", digits, formatted, details, G_N_ELEMENTS (details));
  }
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
