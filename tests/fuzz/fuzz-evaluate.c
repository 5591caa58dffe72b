/* fuzz-evaluate.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for `rules evaluate`: any bytes go through the same
 * parser, engine and JSON writer as sessio-cli.  Beyond "no crash, no
 * leak, no undefined behaviour" it checks the engine's invariants: a
 * refused input is always SESSIO_ERROR_INVALID_INPUT on one line, and a
 * result is billable exactly when it carries no error and no limit
 * warning, with amounts of zero when it is not.
 */

#include "config.h"

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sessio-evaluate-json.h"

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

static SessioRules *rules;

static void
check_result (const SessioSessionInfo *session,
              const SessioEvalResult  *r)
{
  g_autofree char *explanation = sessio_eval_result_explain (r, session);
  gboolean blocked = r->errors != 0 || (r->warnings & (SESSIO_EVAL_WARNING_LIMIT_REACHED |
                                                       SESSIO_EVAL_WARNING_NOT_HELD)) != 0;

  g_assert_nonnull (explanation);
  g_assert_true (r->billable == !blocked);
  if (!r->billable)
    {
      g_assert_cmpint (r->fee_cents, ==, 0);
      g_assert_cmpint (r->copay_cents, ==, 0);
      g_assert_cmpint (r->copay_reason, ==, SESSIO_COPAY_REASON_NONE);
    }
  else
    {
      g_assert_nonnull (r->rule_set);
      g_assert_cmpint (r->fee_cents, >, 0);
      g_assert_cmpint (r->copay_cents, >=, 0);
      g_assert_cmpint (r->copay_cents, <=, r->fee_cents);
      g_assert_cmpint (r->copay_reason, !=, SESSIO_COPAY_REASON_NONE);
      g_assert_cmpint (r->count, >=, 1);
      g_assert_true (r->limit < 0 || r->count <= r->limit);
    }
  if (r->warnings & SESSIO_EVAL_WARNING_NOT_HELD)
    g_assert_cmpint (r->count, ==, -1);
  else
    g_assert_cmpint (r->count, >=, 1);
  if (r->rule_set == NULL)
    g_assert_true (r->errors & SESSIO_EVAL_ERROR_NO_RULE_SET);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioEvalRequest) request = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *output = NULL;
  gsize output_length = 0;
  g_autofree SessioEvalResult *results = NULL;
  const SessioSessionInfo *sessions;

  if (rules == NULL)
    {
      /* A critical means an API was misused: as bad as a crash here. */
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      rules = sessio_rules_new_default (NULL);
      g_assert_nonnull (rules);
    }

  request = sessio_eval_request_new_from_data ((const char *) data, size, &error);
  if (request == NULL)
    {
      g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
      g_assert_null (strchr (error->message, '\n'));
      return 0;
    }

  sessions = (const SessioSessionInfo *) (gpointer) request->sessions->data;
  results = g_new0 (SessioEvalResult, MAX (request->sessions->len, 1));
  sessio_evaluate (rules, &request->patient, &request->trajectory,
                   sessions, request->sessions->len, results);

  for (guint i = 0; i < request->sessions->len; i++)
    check_result (&sessions[i], &results[i]);

  /* The output is always one valid JSON document. */
  output = sessio_eval_request_format_results (request, results, &output_length);
  g_assert_true (json_parser_load_from_data (parser, output, (gssize) output_length, NULL));

  /* Evaluation is a pure function: the same input, the same answer. */
  {
    g_autofree SessioEvalResult *again = g_new0 (SessioEvalResult, MAX (request->sessions->len, 1));

    sessio_evaluate (rules, &request->patient, &request->trajectory,
                     sessions, request->sessions->len, again);
    g_assert_true (memcmp (results, again, sizeof (SessioEvalResult) * request->sessions->len) == 0);
  }

  return 0;
}
