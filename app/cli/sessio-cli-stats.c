/* sessio-cli-stats.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Anonymous statistics: `stats`, `stats export-anon` and
 * `stats merge`, as ../shared/CLI.md describes.  Everything this prints or
 * writes has passed through suppression (sessio-stats-report.h), except
 * the anonymous aggregate file, which carries exact counts and no
 * identities so that a team's files can be added up before suppressing.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sessio-cli.h"
#include "sessio-cli-commands.h"
#include "sessio-patient-store.h"
#include "sessio-stats.h"
#include "sessio-stats-report.h"
#include "sessio-vault.h"

/* --from and --to, both required, strict YYYY-MM-DD; or instead one of
 * --school-year YYYY (1 September YYYY to 31 August YYYY+1) and
 * --semester YYYY-1 / YYYY-2 (to 31 January, from 1 February). */
static gboolean
parse_period (SessioCli  *cli,
              const char *command,
              const char *from_text,
              const char *to_text,
              const char *school_year,
              const char *semester,
              GDate      *from,
              GDate      *to,
              int        *exit_code)
{
  if (school_year != NULL || semester != NULL)
    {
      if ((school_year != NULL && semester != NULL) || from_text != NULL || to_text != NULL)
        {
          *exit_code = sessio_cli_fail (cli, SESSIO_EXIT_USAGE,
                                        _("Give one period: --from and --to, --school-year or --semester"));
          return FALSE;
        }
      if (school_year != NULL && !sessio_stats_parse_school_period (school_year, FALSE, from, to))
        {
          /* Translators: do not translate the option names and YYYY. */
          *exit_code = sessio_cli_fail (cli, SESSIO_EXIT_USAGE,
                                        _("Write --school-year as the year it starts in: YYYY (2025 is 2025-2026)"));
          return FALSE;
        }
      if (semester != NULL && !sessio_stats_parse_school_period (semester, TRUE, from, to))
        {
          /* Translators: do not translate the option name and YYYY. */
          *exit_code = sessio_cli_fail (cli, SESSIO_EXIT_USAGE,
                                        _("Write --semester as YYYY-1 or YYYY-2, YYYY the year the school year starts in"));
          return FALSE;
        }
      return TRUE;
    }
  if (from_text == NULL || to_text == NULL)
    {
      /* Translators: %s is a command such as “stats export-anon”. */
      *exit_code = sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“%s” needs --from and --to"), command);
      return FALSE;
    }
  if (!sessio_date_parse_iso (from_text, from) || !sessio_date_parse_iso (to_text, to))
    {
      *exit_code = sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("Write dates as YYYY-MM-DD"));
      return FALSE;
    }
  if (g_date_compare (from, to) > 0)
    {
      *exit_code = sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("The period must run from a date to the same or a later date"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_threshold (SessioCli *cli,
                 int        threshold,
                 int       *exit_code)
{
  /* 1 hides nothing; far above any team's counts is surely a typing error. */
  if (threshold < 1 || threshold > 1000)
    {
      *exit_code = sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("The threshold must be a number from 1 to 1000"));
      return FALSE;
    }
  return TRUE;
}

/* The report on standard output (text, or JSON with --json), or into the
 * file of --csv or --pdf.  Only one output at a time. */
static int
output_report (SessioCli   *cli,
               SessioStats *stats,
               guint        threshold,
               const char  *csv,
               const char  *pdf)
{
  g_autoptr(SessioStatsReport) report = sessio_stats_report_new (stats, threshold);
  g_autoptr(GError) error = NULL;

  if (csv != NULL || pdf != NULL)
    {
      gboolean ok = csv != NULL ? sessio_stats_report_write_csv (report, csv, &error)
                                : sessio_stats_report_write_pdf (report, pdf, &error);

      if (!ok)
        return sessio_cli_fail_error (cli, error);
      sessio_cli_print_ok (cli, _("The report is written"));
      return SESSIO_EXIT_OK;
    }
  if (cli->json)
    {
      g_autoptr(JsonNode) root = sessio_stats_report_to_json (report);

      sessio_cli_print_json (cli, root);
    }
  else
    {
      g_autofree char *text = sessio_stats_report_to_text (report);

      fputs (text, stdout);
    }
  return SESSIO_EXIT_OK;
}

/* One file at a time.  --json with a file is not a second output: it
 * makes the confirmation machine-readable, as for every command. */
static gboolean
one_output (SessioCli  *cli,
            const char *csv,
            const char *pdf,
            int        *exit_code)
{
  if (csv != NULL && pdf != NULL)
    {
      *exit_code = sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("Choose one output: --json, --csv F or --pdf F"));
      return FALSE;
    }
  return TRUE;
}

static int
cmd_stats (SessioCli  *cli,
           int         argc,
           char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autoptr(SessioStats) stats = NULL;
  g_autofree char *from_text = NULL, *to_text = NULL, *csv = NULL, *pdf = NULL;
  g_autofree char *school_year = NULL, *semester = NULL;
  gint64 engagement = 0;
  int threshold = SESSIO_STATS_DEFAULT_THRESHOLD;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day of the period"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last day of the period"), N_("DATE") },
    { "school-year", 0, 0, G_OPTION_ARG_STRING, &school_year, N_("The school year starting in September of YYYY"), N_("YYYY") },
    { "semester", 0, 0, G_OPTION_ARG_STRING, &semester, N_("Semester 1 (September to January) or 2 (February to August) of school year YYYY"), N_("YYYY-N") },
    { "engagement", 0, 0, G_OPTION_ARG_INT64, &engagement, N_("Only this engagement’s sessions"), N_("ID") },
    { "threshold", 0, 0, G_OPTION_ARG_INT, &threshold, N_("Show counts below N as “<N” (default 5)"), N_("N") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("Write the report as CSV to F"), N_("F") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Write the report as PDF to F"), N_("F") },
    { NULL }
  };
  GDate from, to;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], NULL, N_("Anonymous statistics of a period"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“%s” takes no arguments besides its options"), "stats");
  if (!parse_period (cli, "stats", from_text, to_text, school_year, semester, &from, &to, &exit_code) ||
      !parse_threshold (cli, threshold, &exit_code) || !one_output (cli, csv, pdf, &exit_code))
    return exit_code;
  if (engagement < 0)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("An id must be a positive number"));

  store = sessio_cli_open_patient_store (cli, &error);
  if (store == NULL)
    return sessio_cli_fail_error (cli, error);
  stats = sessio_stats_compute (store, &from, &to, engagement, &error);
  if (stats == NULL)
    return sessio_cli_close_patient_store (cli, store, sessio_cli_fail_error (cli, error));
  return sessio_cli_close_patient_store (cli, store, output_report (cli, stats, (guint) threshold, csv, pdf));
}

static int
cmd_stats_export_anon (SessioCli  *cli,
                       int         argc,
                       char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientStore) store = NULL;
  g_autoptr(SessioStats) stats = NULL;
  g_autofree char *from_text = NULL, *to_text = NULL;
  g_autofree char *school_year = NULL, *semester = NULL;
  gint64 engagement = 0;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day of the period"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last day of the period"), N_("DATE") },
    { "school-year", 0, 0, G_OPTION_ARG_STRING, &school_year, N_("The school year starting in September of YYYY"), N_("YYYY") },
    { "semester", 0, 0, G_OPTION_ARG_STRING, &semester, N_("Semester 1 (September to January) or 2 (February to August) of school year YYYY"), N_("YYYY-N") },
    { "engagement", 0, 0, G_OPTION_ARG_INT64, &engagement, N_("Only this engagement’s sessions"), N_("ID") },
    { NULL }
  };
  GDate from, to;
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "F", N_("Write the anonymous aggregate file for a team report"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“%s” takes one argument: the file to write"),
                            "stats export-anon");
  if (!parse_period (cli, "stats export-anon", from_text, to_text, school_year, semester, &from, &to, &exit_code))
    return exit_code;
  if (engagement < 0)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("An id must be a positive number"));

  store = sessio_cli_open_patient_store (cli, &error);
  if (store == NULL)
    return sessio_cli_fail_error (cli, error);
  stats = sessio_stats_compute (store, &from, &to, engagement, &error);
  if (stats == NULL || !sessio_stats_write_anon (stats, argv[1], &error))
    return sessio_cli_close_patient_store (cli, store, sessio_cli_fail_error (cli, error));
  sessio_cli_print_ok (cli, _("The anonymous statistics file is written"));
  return sessio_cli_close_patient_store (cli, store, SESSIO_EXIT_OK);
}

static int
cmd_stats_merge (SessioCli  *cli,
                 int         argc,
                 char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) sessio_stats_free);
  g_autoptr(SessioStats) merged = NULL;
  g_autofree char *csv = NULL, *pdf = NULL;
  int threshold = SESSIO_STATS_DEFAULT_THRESHOLD;
  GOptionEntry entries[] = {
    { "threshold", 0, 0, G_OPTION_ARG_INT, &threshold, N_("Show counts below N as “<N” (default 5)"), N_("N") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("Write the report as CSV to F"), N_("F") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Write the report as PDF to F"), N_("F") },
    { NULL }
  };
  int exit_code;

  if (!sessio_cli_parse_options (cli, argv[0], "F...", N_("Merge anonymous files into one team report"),
                                 entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc < 2)
    return sessio_cli_fail (cli, SESSIO_EXIT_USAGE, _("“%s” needs at least one file"), "stats merge");
  if (!parse_threshold (cli, threshold, &exit_code) || !one_output (cli, csv, pdf, &exit_code))
    return exit_code;

  /* No vault and no passphrase: the files are all there is. */
  for (int i = 1; i < argc; i++)
    {
      SessioStats *part = sessio_stats_load_anon (argv[i], &error);

      if (part == NULL)
        return sessio_cli_fail_error (cli, error);
      g_ptr_array_add (parts, part);
    }
  merged = sessio_stats_merge ((SessioStats * const *) parts->pdata, parts->len, &error);
  if (merged == NULL)
    return sessio_cli_fail_error (cli, error);
  return output_report (cli, merged, (guint) threshold, csv, pdf);
}

const SessioCliCommand sessio_cli_stats_commands[] = {
  { "stats", NULL, NULL, N_("Anonymous statistics of a period"), cmd_stats },
  { "stats", "export-anon", "F", N_("Write the anonymous aggregate file for a team report"), cmd_stats_export_anon },
  { "stats", "merge", "F...", N_("Merge anonymous files into one team report"), cmd_stats_merge },
  { NULL, NULL, NULL, NULL, NULL },
};
