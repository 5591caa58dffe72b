/* sessio-evaluate.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The evaluation engine: for one trajectory's sessions, what each session
 * costs the patient, what the provider may bill, how many sessions of the
 * kind fall in the rolling window and what stops a session from being
 * billed, exactly as domain/RULES.md ("Evaluation semantics") says.
 *
 * It is a pure function of its input: the app, `sessio-cli rules evaluate`,
 * invoices and statistics all call it, so they can never disagree.
 */

#pragma once

#include <glib.h>

#include "sessio-rules.h"

G_BEGIN_DECLS

typedef struct
{
  GDate     birth;
  gboolean  bim;          /* verhoogde tegemoetkoming / intervention majorée */
} SessioPatientInfo;

typedef struct
{
  SessioNetwork  network;
  GDate          start;   /* may be cleared (g_date_clear): not used by the rules */
  GDate          bilan;   /* the functional assessment; cleared when there is none */
} SessioTrajectoryInfo;

typedef struct
{
  GDate           date;
  SessioCare      care;
  SessioSetting   setting;
  SessioLocation  location;
  SessioContext   context;
  SessioStatus    status;
  guint           participants;    /* group sessions: including this patient */
  gboolean        co_facilitator;
} SessioSessionInfo;

/* Warning and error codes, as bits; to_string() gives the EVALUATE.md code. */
typedef enum
{
  SESSIO_EVAL_WARNING_LIMIT_REACHED = 1 << 0,
  SESSIO_EVAL_WARNING_NOT_HELD      = 1 << 1,
} SessioEvalWarning;
#define SESSIO_N_EVAL_WARNINGS 2

typedef enum
{
  SESSIO_EVAL_ERROR_BILAN_REQUIRED            = 1 << 0,
  SESSIO_EVAL_ERROR_AGE_OUTSIDE_NETWORK       = 1 << 1,
  SESSIO_EVAL_ERROR_CARE_TYPE_NOT_IN_RULE_SET = 1 << 2,
  SESSIO_EVAL_ERROR_COMMUNITY_IS_GROUP_ONLY   = 1 << 3,
  SESSIO_EVAL_ERROR_NO_RULE_SET               = 1 << 4,
} SessioEvalErrorCode;
#define SESSIO_N_EVAL_ERRORS 5

const char *sessio_eval_warning_to_string (SessioEvalWarning   warning);
const char *sessio_eval_error_to_string   (SessioEvalErrorCode error);

typedef struct
{
  SessioRuleSet     *rule_set;      /* borrowed from the SessioRules; NULL: none */
  gboolean           billable;
  gint64             fee_cents;     /* the session as a whole; 0 when not billable */
  gint64             copay_cents;   /* this patient's share; 0 when not billable */
  SessioCopayReason  copay_reason;  /* NONE when not billable */
  guint              free_reasons;  /* bits 1 << SessioCopayReason: every reason
                                     * for no co-payment that applies, not only
                                     * the first match (statistics count each) */
  int                count;         /* -1 (null) when not held */
  int                limit;         /* -1 (null) when there is none */
  int                age;           /* full years at the session date */
  guint              warnings;      /* SessioEvalWarning bits */
  guint              errors;        /* SessioEvalErrorCode bits */
} SessioEvalResult;

/* Reusable scratch space, so that evaluating many trajectories in a row
 * allocates nothing per session. */
typedef struct _SessioEvaluator SessioEvaluator;

SessioEvaluator *sessio_evaluator_new     (SessioRules                *rules);
void             sessio_evaluator_free    (SessioEvaluator            *self);
/* Evaluates @n_sessions sessions of one trajectory, in any order, into
 * @results (one per session, same order).  O(n log n). */
void             sessio_evaluator_run     (SessioEvaluator            *self,
                                           const SessioPatientInfo    *patient,
                                           const SessioTrajectoryInfo *trajectory,
                                           const SessioSessionInfo    *sessions,
                                           gsize                       n_sessions,
                                           SessioEvalResult           *results);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioEvaluator, sessio_evaluator_free)

/* One-shot convenience around a temporary SessioEvaluator. */
void             sessio_evaluate          (SessioRules                *rules,
                                           const SessioPatientInfo    *patient,
                                           const SessioTrajectoryInfo *trajectory,
                                           const SessioSessionInfo    *sessions,
                                           gsize                       n_sessions,
                                           SessioEvalResult           *results);

/* What the provider claims from the network for one session: the fee
 * minus what the patients pay.  For an individual session pass its one
 * result; for a group session the results of every participant's
 * evaluation of that same session (the fee is the session's, counted
 * once).  Results that are not billable contribute nothing; 0 when none
 * is billable. */
gint64           sessio_claim_cents       (const SessioEvalResult     *participants,
                                           guint                       n_participants);

/* Age in full years on @date; a 29 February birthday counts on 1 March in
 * other years.  Negative before the birth. */
int              sessio_age_on            (const GDate                *birth,
                                           const GDate                *date);

/* The first day of the rolling 12-month window that ends on @date:
 * @date minus one year (g_date_subtract_years), plus one day. */
void             sessio_window_start      (const GDate                *date,
                                           GDate                      *start);

/* One sentence in the user's language, e.g. "€11.00: adult, not the first
 * individual session, no increased reimbursement — rules of 1 April 2024". */
char            *sessio_eval_result_explain (const SessioEvalResult   *result,
                                             const SessioSessionInfo  *session);

/* What is left in the rolling window on a date. */
typedef struct
{
  SessioCare     care;
  SessioSetting  setting;
  int            limit;         /* -1: no limit */
  guint          used;          /* billable sessions in the window ending on the date */
  int            left;          /* -1: no limit */
  GDate          next_possible; /* when left == 0: the first date a reimbursed session
                                 * is possible again; cleared otherwise, and when the
                                 * limit is 0 (never) */
} SessioForecastEntry;

#define SESSIO_MAX_FORECAST_ENTRIES (SESSIO_N_CARES * SESSIO_N_SETTINGS)

/* For the trajectory on @date, per care type and setting of the rule set
 * valid then: the limit, the billable sessions on or before @date in the
 * window, what is left and, at the limit, when the next reimbursed session
 * is possible.  @results are the trajectory's evaluated sessions.  Returns
 * the number of entries written to @entries (0 before 2022). */
guint            sessio_forecast          (SessioRules                *rules,
                                           const SessioTrajectoryInfo *trajectory,
                                           const SessioSessionInfo    *sessions,
                                           const SessioEvalResult     *results,
                                           gsize                       n_sessions,
                                           const GDate                *date,
                                           SessioForecastEntry         entries[SESSIO_MAX_FORECAST_ENTRIES]);

/* A provider's average number of billable individual treatment sessions
 * per patient, against the network's target (10 youth, 8 adult).  Add each
 * patient once (all of their trajectories in that network together). */
typedef struct
{
  SessioNetwork  network;
  guint          patients;
  guint          sessions;
  double         average;       /* set by _finish() */
  int            target;        /* -1: the rule set has none */
  gboolean       above_target;
} SessioProviderAverage;

void             sessio_provider_average_init   (SessioProviderAverage   *average,
                                                 SessioNetwork            network);
void             sessio_provider_average_add    (SessioProviderAverage   *average,
                                                 const SessioSessionInfo *sessions,
                                                 const SessioEvalResult  *results,
                                                 gsize                    n_sessions);
void             sessio_provider_average_finish (SessioProviderAverage   *average,
                                                 SessioRules             *rules,
                                                 const GDate             *date);

G_END_DECLS
