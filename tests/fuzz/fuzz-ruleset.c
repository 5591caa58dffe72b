/* fuzz-ruleset.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for rule-set files (imported by users, so untrusted):
 * a file is either refused with one translated line, or loads into a set
 * the engine can use on any session without tripping an invariant.
 */

#include "config.h"

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sessio-evaluate.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A fatal GLib critical ends in G_BREAKPOINT(), a SIGTRAP, which libFuzzer
 * does not handle: the process died without saving the input.  As an
 * abort() it is reported and saved like any other crash. */
static void
on_trap (int signum)
{
  abort ();
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  signal (SIGTRAP, on_trap);
  return 0;
}

static void
evaluate_everything (SessioRuleSet *set)
{
  g_autoptr(SessioRules) rules = sessio_rules_new ();
  SessioSessionInfo sessions[SESSIO_N_CARES * SESSIO_N_SETTINGS * 2];
  SessioEvalResult results[G_N_ELEMENTS (sessions)];
  SessioForecastEntry entries[SESSIO_MAX_FORECAST_ENTRIES];
  SessioPatientInfo patient = { 0 };
  SessioTrajectoryInfo trajectory = { 0 };
  guint n = 0;

  sessio_rules_add (rules, set);

  /* Every care type and setting, twice, from the set's first day. */
  for (guint care = 0; care < SESSIO_N_CARES; care++)
    for (guint setting = 0; setting < SESSIO_N_SETTINGS; setting++)
      for (guint k = 0; k < 2; k++)
        {
          SessioSessionInfo *s = &sessions[n++];

          memset (s, 0, sizeof *s);
          s->date = *sessio_rule_set_get_valid_from (set);
          if (g_date_get_julian (&s->date) < G_MAXUINT32 - 400)
            g_date_add_days (&s->date, n);
          s->care = (SessioCare) care;
          s->setting = (SessioSetting) setting;
          s->location = (SessioLocation) (n % SESSIO_N_LOCATIONS);
          s->context = (SessioContext) (n % SESSIO_N_CONTEXTS);
          s->status = SESSIO_STATUS_HELD;
          s->participants = 1 + n % 6;
          s->co_facilitator = n % 3 == 0;
        }

  for (int network = 0; network < SESSIO_N_NETWORKS; network++)
    for (int bim = 0; bim <= 1; bim++)
      {
        patient.birth = *sessio_rule_set_get_valid_from (set);
        if (g_date_get_year (&patient.birth) > 40)
          g_date_subtract_years (&patient.birth, network == SESSIO_NETWORK_YOUTH ? 16 : 40);
        patient.bim = bim;
        trajectory.network = (SessioNetwork) network;
        g_date_clear (&trajectory.start, 1);
        trajectory.bilan = *sessio_rule_set_get_valid_from (set);

        sessio_evaluate (rules, &patient, &trajectory, sessions, n, results);
        for (guint i = 0; i < n; i++)
          {
            g_autofree char *text = sessio_eval_result_explain (&results[i], &sessions[i]);

            g_assert_nonnull (text);
            g_assert_true (results[i].billable == (results[i].errors == 0 && results[i].warnings == 0));
            if (results[i].billable)
              {
                g_assert_cmpint (results[i].fee_cents, >=, 0);
                g_assert_cmpint (results[i].copay_cents, >=, 0);
              }
          }
        sessio_forecast (rules, &trajectory, sessions, results, n, &sessions[n - 1].date, entries);
      }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioRuleSet) set = NULL;
  g_autoptr(SessioRuleSet) changed = NULL;
  const SessioRuleOverride overrides[] = {
    { SESSIO_AMOUNT_FEE_INDIVIDUAL, 8000, "123456" },
    { SESSIO_AMOUNT_COPAY_INDIVIDUAL, 1200, NULL },
  };

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  set = sessio_rule_set_new_from_data ((const char *) data, (gssize) size, &error);
  if (set == NULL)
    {
      g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
      g_assert_null (strchr (error->message, '\n'));
      return 0;
    }

  evaluate_everything (set);

  changed = sessio_rule_set_with_overrides (set, overrides, G_N_ELEMENTS (overrides), NULL);
  if (changed != NULL)
    {
      g_assert_cmpint (sessio_rule_set_get_amount (changed, SESSIO_AMOUNT_FEE_INDIVIDUAL), ==, 8000);
      evaluate_everything (changed);
    }

  return 0;
}
