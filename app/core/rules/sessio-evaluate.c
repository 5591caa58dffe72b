/* sessio-evaluate.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "sessio-evaluate.h"
#include "sessio-format.h"
#include "sessio-rules-private.h"

#define N_BUCKETS (SESSIO_N_CARES * SESSIO_N_SETTINGS)

static const char * const warning_names[] = { "limit-reached", "not-held" };
static const char * const error_names[] = {
  "bilan-required", "age-outside-network", "care-type-not-in-rule-set",
  "community-is-group-only", "no-rule-set",
};

G_STATIC_ASSERT (G_N_ELEMENTS (warning_names) == SESSIO_N_EVAL_WARNINGS);
G_STATIC_ASSERT (G_N_ELEMENTS (error_names) == SESSIO_N_EVAL_ERRORS);

const char *
sessio_eval_warning_to_string (SessioEvalWarning warning)
{
  for (guint i = 0; i < SESSIO_N_EVAL_WARNINGS; i++)
    if ((guint) warning == (1u << i))
      return warning_names[i];
  g_return_val_if_reached (NULL);
}

const char *
sessio_eval_error_to_string (SessioEvalErrorCode error)
{
  for (guint i = 0; i < SESSIO_N_EVAL_ERRORS; i++)
    if ((guint) error == (1u << i))
      return error_names[i];
  g_return_val_if_reached (NULL);
}

int
sessio_age_on (const GDate *birth,
               const GDate *date)
{
  int age;
  guint bm, bd, dm, dd;

  g_return_val_if_fail (birth != NULL && g_date_valid (birth), -1);
  g_return_val_if_fail (date != NULL && g_date_valid (date), -1);

  age = (int) g_date_get_year (date) - (int) g_date_get_year (birth);
  bm = g_date_get_month (birth);
  bd = g_date_get_day (birth);
  dm = g_date_get_month (date);
  dd = g_date_get_day (date);

  /* Comparing (month, day) pairs makes 29 February a birthday that is
   * reached on 1 March in a common year: (2, 28) < (2, 29) ≤ (3, 1). */
  if (dm < bm || (dm == bm && dd < bd))
    age--;

  return age;
}

void
sessio_window_start (const GDate *date,
                     GDate       *start)
{
  g_return_if_fail (date != NULL && g_date_valid (date));
  g_return_if_fail (start != NULL);

  *start = *date;
  /* g_date_subtract_years() maps 29 February to 28 February. */
  if (g_date_get_year (start) > 1)
    {
      g_date_subtract_years (start, 1);
      g_date_add_days (start, 1);
    }
  else
    g_date_set_julian (start, 1);
}

static guint32
window_start_julian (const GDate *date)
{
  GDate start;

  sessio_window_start (date, &start);
  return g_date_get_julian (&start);
}

struct _SessioEvaluator
{
  SessioRules *rules;
  guint64     *order;      /* julian << 32 | input index */
  guint32     *queue;      /* per bucket: julian days of counted sessions */
  gsize        capacity;
};

SessioEvaluator *
sessio_evaluator_new (SessioRules *rules)
{
  SessioEvaluator *self;

  g_return_val_if_fail (rules != NULL, NULL);

  self = g_new0 (SessioEvaluator, 1);
  self->rules = sessio_rules_ref (rules);
  return self;
}

void
sessio_evaluator_free (SessioEvaluator *self)
{
  if (self == NULL)
    return;

  sessio_rules_unref (self->rules);
  g_free (self->order);
  g_free (self->queue);
  g_free (self);
}

static void
ensure_capacity (SessioEvaluator *self,
                 gsize            n)
{
  if (n <= self->capacity)
    return;

  self->capacity = MAX (n, MAX (self->capacity * 2, 64));
  g_free (self->order);
  g_free (self->queue);
  self->order = g_new (guint64, self->capacity);
  self->queue = g_new (guint32, self->capacity);
}

static int
compare_order (const void *a,
               const void *b)
{
  guint64 x = *(const guint64 *) a;
  guint64 y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
copay_rule_matches (const SessioCopayRule   *rule,
                    const SessioSessionInfo *session,
                    int                      age,
                    gboolean                 had_first)
{
  gboolean individual = session->setting == SESSIO_SETTING_INDIVIDUAL;
  gboolean care_ok = rule->care_mask == 0 || (rule->care_mask & (1u << session->care));

  switch (rule->kind)
    {
    case SESSIO_COPAY_KIND_AGE:
      return age >= 0 && (guint) age <= rule->max_age;
    case SESSIO_COPAY_KIND_CARE_TYPE:
      return (rule->care_mask & (1u << session->care)) != 0;
    case SESSIO_COPAY_KIND_CLB_WAIVER:
      return session->context == rule->context &&
             (rule->location_mask & (1u << session->location)) != 0 &&
             (individual || session->participants >= rule->min_group_participants);
    case SESSIO_COPAY_KIND_FIRST:
      return individual && !had_first;
    case SESSIO_COPAY_KIND_INDIVIDUAL:
      return individual && care_ok;
    case SESSIO_COPAY_KIND_GROUP:
      return !individual && care_ok;
    default:
      return FALSE;
    }
}

static void
apply_copay (SessioRuleSet           *set,
             const SessioPatientInfo *patient,
             const SessioSessionInfo *session,
             int                      age,
             gboolean                 had_first,
             SessioEvalResult        *result)
{
  static const SessioCopayReason free_reasons[] = {
    [SESSIO_COPAY_KIND_AGE] = SESSIO_COPAY_REASON_AGE,
    [SESSIO_COPAY_KIND_CARE_TYPE] = SESSIO_COPAY_REASON_COMMUNITY,
    [SESSIO_COPAY_KIND_CLB_WAIVER] = SESSIO_COPAY_REASON_CLB_WAIVER,
    [SESSIO_COPAY_KIND_FIRST] = SESSIO_COPAY_REASON_FIRST,
  };

  /* The first match decides the co-payment (RULES.md); every free rule
   * that matches is noted too, since a session free for two reasons
   * (a pupil of 15 in a CLB session) is reported under both. */
  result->free_reasons = 0;
  for (guint r = 0; r < set->n_copay; r++)
    {
      const SessioCopayRule *rule = &set->copay[r];

      if (!copay_rule_matches (rule, session, age, had_first))
        continue;
      /* A paying rule that matches first ends it: what follows never
       * applied. */
      if (rule->kind >= G_N_ELEMENTS (free_reasons))
        break;
      result->free_reasons |= 1u << free_reasons[rule->kind];
    }

  for (guint r = 0; r < set->n_copay; r++)
    {
      const SessioCopayRule *rule = &set->copay[r];

      if (!copay_rule_matches (rule, session, age, had_first))
        continue;

      switch (rule->kind)
        {
        case SESSIO_COPAY_KIND_INDIVIDUAL:
          if (patient->bim)
            {
              result->copay_cents = set->amounts[SESSIO_AMOUNT_COPAY_BIM];
              result->copay_reason = SESSIO_COPAY_REASON_BIM;
            }
          else
            {
              result->copay_cents = set->amounts[SESSIO_AMOUNT_COPAY_INDIVIDUAL];
              result->copay_reason = SESSIO_COPAY_REASON_STANDARD;
            }
          break;
        case SESSIO_COPAY_KIND_GROUP:
          result->copay_cents = set->amounts[SESSIO_AMOUNT_COPAY_GROUP];
          result->copay_reason = SESSIO_COPAY_REASON_GROUP;
          break;
        default:
          result->copay_cents = 0;
          result->copay_reason = free_reasons[rule->kind];
          break;
        }
      return;
    }

  /* The loader makes sure a rule always matches; should a hand-built set
   * slip through, billing nothing to the patient is the safe side. */
  result->copay_cents = 0;
  result->copay_reason = SESSIO_COPAY_REASON_NONE;
}

/* Clears every result and puts the valid sessions in date order, then
 * input order, into self->order: one 64-bit key per session sorts both
 * at once, and already sorted input (the usual case) skips the sort.
 * Counts the held and planned sessions of each bucket into
 * bucket_start[bucket + 1].  Returns the number of valid sessions. */
static gsize
order_sessions (SessioEvaluator         *self,
                const SessioSessionInfo *sessions,
                gsize                    n_sessions,
                SessioEvalResult        *results,
                gsize                   *bucket_start)
{
  gboolean sorted = TRUE;
  gsize n_valid = 0;

  for (gsize i = 0; i < n_sessions; i++)
    {
      const SessioSessionInfo *s = &sessions[i];
      SessioEvalResult *r = &results[i];

      memset (r, 0, sizeof *r);
      r->count = -1;
      r->limit = -1;
      r->copay_reason = SESSIO_COPAY_REASON_NONE;

      /* Out-of-range enums or dates never reach the engine from the CLI
       * or the vault; if a caller passes one anyway, the session is
       * refused rather than read out of bounds. */
      if (!g_date_valid (&s->date) || (guint) s->care >= SESSIO_N_CARES ||
          (guint) s->setting >= SESSIO_N_SETTINGS || (guint) s->location >= SESSIO_N_LOCATIONS ||
          (guint) s->context >= SESSIO_N_CONTEXTS || (guint) s->status >= SESSIO_N_STATUSES)
        {
          r->errors = SESSIO_EVAL_ERROR_NO_RULE_SET;
          continue;
        }

      self->order[n_valid] = ((guint64) g_date_get_julian (&s->date) << 32) | i;
      if (n_valid > 0 && self->order[n_valid] < self->order[n_valid - 1])
        sorted = FALSE;
      if (s->status == SESSIO_STATUS_HELD || s->status == SESSIO_STATUS_PLANNED)
        bucket_start[s->care * SESSIO_N_SETTINGS + s->setting + 1]++;
      n_valid++;
    }

  if (!sorted)
    qsort (self->order, n_valid, sizeof (guint64), compare_order);
  return n_valid;
}

/* The errors of a held session under rule set @set (its care type, a
 * community session alone, the assessment, the patient's age for the
 * network); returns the session's limit in its window, or -1. */
static int
check_session (const SessioRuleSet        *set,
               const SessioTrajectoryInfo *trajectory,
               const SessioSessionInfo    *s,
               guint32                     julian,
               gboolean                    have_bilan,
               guint32                     bilan_julian,
               SessioEvalResult           *r)
{
  int limit = -1;

  if (!(set->care_mask & (1u << s->care)))
    r->errors |= SESSIO_EVAL_ERROR_CARE_TYPE_NOT_IN_RULE_SET;
  else
    {
      if (s->setting == SESSIO_SETTING_INDIVIDUAL && (set->group_only_mask & (1u << s->care)))
        r->errors |= SESSIO_EVAL_ERROR_COMMUNITY_IS_GROUP_ONLY;
      if ((set->assessment_mask & (1u << s->care)) && (!have_bilan || bilan_julian > julian))
        r->errors |= SESSIO_EVAL_ERROR_BILAN_REQUIRED;
      limit = set->limits[trajectory->network][s->care][s->setting];
    }

  /* A session before the birth date is outside every network. */
  if (r->age < 0 ||
      (trajectory->network == SESSIO_NETWORK_YOUTH && r->age > 23) ||
      (trajectory->network == SESSIO_NETWORK_ADULT && r->age < 15))
    r->errors |= SESSIO_EVAL_ERROR_AGE_OUTSIDE_NETWORK;
  return limit;
}

/* The fee of a billable session: individual, or group with the
 * co-facilitator's supplement. */
static gint64
session_fee (const SessioRuleSet     *set,
             const SessioSessionInfo *s)
{
  gint64 fee;

  if (s->setting == SESSIO_SETTING_INDIVIDUAL)
    return set->amounts[SESSIO_AMOUNT_FEE_INDIVIDUAL];
  fee = set->amounts[SESSIO_AMOUNT_FEE_GROUP];
  if (s->co_facilitator && set->amounts[SESSIO_AMOUNT_FEE_CO_FACILITATOR] > 0)
    fee += set->amounts[SESSIO_AMOUNT_FEE_CO_FACILITATOR];
  return fee;
}

void
sessio_evaluator_run (SessioEvaluator            *self,
                      const SessioPatientInfo    *patient,
                      const SessioTrajectoryInfo *trajectory,
                      const SessioSessionInfo    *sessions,
                      gsize                       n_sessions,
                      SessioEvalResult           *results)
{
  gsize bucket_start[N_BUCKETS + 1] = { 0 };
  gsize head[N_BUCKETS], tail[N_BUCKETS];
  gboolean had_first = FALSE;
  gboolean have_bilan;
  guint32 bilan_julian = 0;
  guint32 last_julian = 0, last_window = 0;
  gsize n_valid;

  g_return_if_fail (self != NULL);
  g_return_if_fail (patient != NULL && trajectory != NULL);
  g_return_if_fail (sessions != NULL || n_sessions == 0);
  g_return_if_fail (results != NULL || n_sessions == 0);
  g_return_if_fail (n_sessions < G_MAXUINT32);
  g_return_if_fail ((guint) trajectory->network < SESSIO_N_NETWORKS);

  ensure_capacity (self, n_sessions);

  have_bilan = g_date_valid (&trajectory->bilan);
  if (have_bilan)
    bilan_julian = g_date_get_julian (&trajectory->bilan);

  n_valid = order_sessions (self, sessions, n_sessions, results, bucket_start);

  /* Each care type and setting gets a slice of one queue array, as large
   * as its number of held sessions: no allocation per session. */
  for (guint b = 0; b < N_BUCKETS; b++)
    {
      bucket_start[b + 1] += bucket_start[b];
      head[b] = tail[b] = bucket_start[b];
    }

  for (gsize k = 0; k < n_valid; k++)
    {
      gsize i = (gsize) (self->order[k] & G_MAXUINT32);
      guint32 julian = (guint32) (self->order[k] >> 32);
      const SessioSessionInfo *s = &sessions[i];
      SessioEvalResult *r = &results[i];
      SessioRuleSet *set;
      guint bucket;
      int limit = -1;

      set = sessio_rules_lookup (self->rules, &s->date);
      r->rule_set = set;
      r->age = g_date_valid (&patient->birth) ? sessio_age_on (&patient->birth, &s->date) : -1;

      if (set == NULL)
        r->errors |= SESSIO_EVAL_ERROR_NO_RULE_SET;

      /* Not held: nothing to bill, nothing to count, not "the first". */
      if (s->status != SESSIO_STATUS_HELD && s->status != SESSIO_STATUS_PLANNED)
        {
          r->warnings |= SESSIO_EVAL_WARNING_NOT_HELD;
          continue;
        }

      if (set != NULL)
        limit = check_session (set, trajectory, s, julian, have_bilan, bilan_julian, r);

      /* The rolling window: drop counted sessions that fell out of it.
       * Dates only grow, so each bucket is a FIFO queue. */
      if (julian != last_julian || last_window == 0)
        {
          last_julian = julian;
          last_window = window_start_julian (&s->date);
        }
      bucket = s->care * SESSIO_N_SETTINGS + s->setting;
      while (head[bucket] < tail[bucket] && self->queue[head[bucket]] < last_window)
        head[bucket]++;

      r->count = (int) (tail[bucket] - head[bucket]) + 1;
      r->limit = limit;

      if (r->errors != 0)
        continue;

      if (limit >= 0 && r->count > limit)
        {
          r->warnings |= SESSIO_EVAL_WARNING_LIMIT_REACHED;
          continue;
        }

      r->billable = TRUE;
      self->queue[tail[bucket]++] = julian;
      r->fee_cents = session_fee (set, s);
      apply_copay (set, patient, s, r->age, had_first, r);

      /* Whatever made it free, the earliest billable individual session
       * is the trajectory's first. */
      if (s->setting == SESSIO_SETTING_INDIVIDUAL)
        had_first = TRUE;
    }
}

void
sessio_evaluate (SessioRules                *rules,
                 const SessioPatientInfo    *patient,
                 const SessioTrajectoryInfo *trajectory,
                 const SessioSessionInfo    *sessions,
                 gsize                       n_sessions,
                 SessioEvalResult           *results)
{
  g_autoptr(SessioEvaluator) evaluator = sessio_evaluator_new (rules);

  sessio_evaluator_run (evaluator, patient, trajectory, sessions, n_sessions, results);
}

gint64
sessio_claim_cents (const SessioEvalResult *participants,
                    guint                   n_participants)
{
  gint64 fee = 0;
  gint64 copays = 0;

  g_return_val_if_fail (participants != NULL || n_participants == 0, 0);

  /* RULES.md: individual, fee − co-payment; group, the session fee (with
   * the co-facilitator supplement) − the sum of the participants'
   * co-payments.  Every billable participant carries the same session fee. */
  for (guint i = 0; i < n_participants; i++)
    if (participants[i].billable)
      {
        fee = MAX (fee, participants[i].fee_cents);
        copays += participants[i].copay_cents;
      }

  return fee > 0 ? MAX (fee - copays, 0) : 0;
}

/* ------------------------------------------------------- explanation */

static gboolean
rule_set_has_age_rule (SessioRuleSet *set)
{
  for (guint r = 0; r < set->n_copay; r++)
    if (set->copay[r].kind == SESSIO_COPAY_KIND_AGE)
      return TRUE;
  return FALSE;
}

char *
sessio_eval_result_explain (const SessioEvalResult  *result,
                            const SessioSessionInfo *session)
{
  g_autofree char *rules_date = NULL;
  g_autofree char *money = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  if (result->rule_set == NULL)
    return g_strdup (_("Not billable: sessions before 1 January 2022 fall outside the convention"));

  rules_date = sessio_format_date (&result->rule_set->valid_from);

  if (result->warnings & SESSIO_EVAL_WARNING_NOT_HELD)
    return g_strdup (_("Not billable: the session was not held"));

  /* The first reason is enough for one sentence; the codes list them all. */
  if (result->errors & SESSIO_EVAL_ERROR_CARE_TYPE_NOT_IN_RULE_SET)
    return g_strdup_printf (_("Not billable: this care type does not exist in the rules of %s"), rules_date);
  if (result->errors & SESSIO_EVAL_ERROR_COMMUNITY_IS_GROUP_ONLY)
    return g_strdup_printf (_("Not billable: community interventions are group sessions only — rules of %s"),
                            rules_date);
  if (result->errors & SESSIO_EVAL_ERROR_AGE_OUTSIDE_NETWORK)
    return g_strdup_printf (_("Not billable: the patient’s age is outside this network — rules of %s"),
                            rules_date);
  if (result->errors & SESSIO_EVAL_ERROR_BILAN_REQUIRED)
    return g_strdup_printf (_("Not billable: this care needs a functional assessment dated on or before the session — rules of %s"),
                            rules_date);
  if (result->warnings & SESSIO_EVAL_WARNING_LIMIT_REACHED)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Not billable: the limit of %d session in 12 months is reached — rules of %s",
                                         "Not billable: the limit of %d sessions in 12 months is reached — rules of %s",
                                         (gulong) MAX (result->limit, 0)),
                            result->limit, rules_date);
  if (!result->billable)
    return g_strdup_printf (_("Not billable — rules of %s"), rules_date);

  money = sessio_format_cents (result->copay_cents);

  switch (result->copay_reason)
    {
    case SESSIO_COPAY_REASON_AGE:
      return g_strdup_printf (_("%s: aged 23 or younger — rules of %s"), money, rules_date);
    case SESSIO_COPAY_REASON_COMMUNITY:
      return g_strdup_printf (_("%s: community intervention — rules of %s"), money, rules_date);
    case SESSIO_COPAY_REASON_CLB_WAIVER:
      return g_strdup_printf (_("%s: organised by the CLB at school, the CLB or a boarding school — rules of %s"),
                              money, rules_date);
    case SESSIO_COPAY_REASON_FIRST:
      return g_strdup_printf (_("%s: first individual session of the trajectory — rules of %s"), money, rules_date);
    case SESSIO_COPAY_REASON_BIM:
      if (rule_set_has_age_rule (result->rule_set))
        return g_strdup_printf (_("%s: adult, not the first individual session, increased reimbursement — rules of %s"),
                                money, rules_date);
      return g_strdup_printf (_("%s: not the first individual session, increased reimbursement — rules of %s"),
                              money, rules_date);
    case SESSIO_COPAY_REASON_STANDARD:
      if (rule_set_has_age_rule (result->rule_set))
        return g_strdup_printf (_("%s: adult, not the first individual session, no increased reimbursement — rules of %s"),
                                money, rules_date);
      return g_strdup_printf (_("%s: not the first individual session, no increased reimbursement — rules of %s"),
                              money, rules_date);
    case SESSIO_COPAY_REASON_GROUP:
      return g_strdup_printf (_("%s: group session — rules of %s"), money, rules_date);
    case SESSIO_COPAY_REASON_NONE:
    default:
      return g_strdup_printf (_("%s — rules of %s"), money, rules_date);
    }
}

/* ---------------------------------------------------------- forecast */

static int
compare_guint32 (const void *a,
                 const void *b)
{
  guint32 x = *(const guint32 *) a;
  guint32 y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

guint
sessio_forecast (SessioRules                *rules,
                 const SessioTrajectoryInfo *trajectory,
                 const SessioSessionInfo    *sessions,
                 const SessioEvalResult     *results,
                 gsize                       n_sessions,
                 const GDate                *date,
                 SessioForecastEntry         entries[SESSIO_MAX_FORECAST_ENTRIES])
{
  g_autofree guint32 *days = NULL;
  SessioRuleSet *set;
  guint32 today, window;
  guint n_entries = 0;

  g_return_val_if_fail (rules != NULL && trajectory != NULL, 0);
  g_return_val_if_fail (date != NULL && g_date_valid (date), 0);
  g_return_val_if_fail ((guint) trajectory->network < SESSIO_N_NETWORKS, 0);

  set = sessio_rules_lookup (rules, date);
  if (set == NULL)
    return 0;

  today = g_date_get_julian (date);
  window = window_start_julian (date);
  days = g_new (guint32, MAX (n_sessions, 1));

  for (guint care = 0; care < SESSIO_N_CARES; care++)
    for (guint setting = 0; setting < SESSIO_N_SETTINGS; setting++)
      {
        SessioForecastEntry *e;
        gsize n_days = 0;

        if (!(set->care_mask & (1u << care)))
          continue;
        if (setting == SESSIO_SETTING_INDIVIDUAL && (set->group_only_mask & (1u << care)))
          continue;

        for (gsize i = 0; i < n_sessions; i++)
          {
            guint32 julian;

            if (!results[i].billable || sessions[i].care != care || sessions[i].setting != setting)
              continue;
            julian = g_date_get_julian (&sessions[i].date);
            if (julian >= window && julian <= today)
              days[n_days++] = julian;
          }

        e = &entries[n_entries++];
        memset (e, 0, sizeof *e);
        g_date_clear (&e->next_possible, 1);
        e->care = (SessioCare) care;
        e->setting = (SessioSetting) setting;
        e->limit = set->limits[trajectory->network][care][setting];
        e->used = (guint) n_days;

        if (e->limit < 0)
          {
            e->left = -1;
            continue;
          }

        e->left = MAX (e->limit - (int) n_days, 0);
        /* A limit of 0 (a rule set that reimburses this care type only
         * for the other network): no date ever frees a place, and there
         * is no counted session to wait for (days[] holds none). */
        if (e->left > 0 || e->limit == 0)
          continue;

        /* At the limit: a session is possible again once enough of the
         * oldest counted ones have left the window, i.e. on the first day
         * whose window starts after the one that must drop out. */
        qsort (days, n_days, sizeof (guint32), compare_guint32);
        {
          gsize must_drop = n_days - (gsize) e->limit;   /* ≥ 0; the one at this index */
          GDate candidate;

          g_date_clear (&candidate, 1);
          g_date_set_julian (&candidate, days[must_drop]);
          g_date_add_years (&candidate, 1);
          while (window_start_julian (&candidate) <= days[must_drop])
            g_date_add_days (&candidate, 1);
          e->next_possible = candidate;
        }
      }

  return n_entries;
}

void
sessio_provider_average_init (SessioProviderAverage *average,
                              SessioNetwork          network)
{
  g_return_if_fail (average != NULL);

  memset (average, 0, sizeof *average);
  average->network = network;
  average->target = -1;
}

void
sessio_provider_average_add (SessioProviderAverage   *average,
                             const SessioSessionInfo *sessions,
                             const SessioEvalResult  *results,
                             gsize                    n_sessions)
{
  guint n = 0;

  g_return_if_fail (average != NULL);

  for (gsize i = 0; i < n_sessions; i++)
    if (results[i].billable && sessions[i].care == SESSIO_CARE_TREATMENT &&
        sessions[i].setting == SESSIO_SETTING_INDIVIDUAL)
      n++;

  /* A patient seen only for support does not lower the treatment average. */
  if (n > 0)
    {
      average->patients++;
      average->sessions += n;
    }
}

void
sessio_provider_average_finish (SessioProviderAverage *average,
                                SessioRules           *rules,
                                const GDate           *date)
{
  SessioRuleSet *set;

  g_return_if_fail (average != NULL && rules != NULL);

  average->average = average->patients > 0 ? (double) average->sessions / average->patients : 0.0;
  set = date != NULL ? sessio_rules_lookup (rules, date) : NULL;
  average->target = set != NULL ? set->targets[average->network] : -1;
  average->above_target = average->target >= 0 && average->average > average->target;
}
