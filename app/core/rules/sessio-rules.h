/* sessio-rules.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Convention rule sets as data.  A SessioRuleSet is one JSON file of
 * data/rules/ (format: docs/rules-format.md): fees, co-payment rules in
 * order, limits, which care types need a functional assessment.  Rule sets
 * are immutable and reference counted, so evaluation results can keep
 * pointing at the set they used; user overrides (indexed amounts, billing
 * codes) make a new set.  SessioRules is the ordered collection a session
 * date is looked up in.
 */

#pragma once

#include <glib-object.h>

#include "sessio-error.h"

G_BEGIN_DECLS

typedef enum
{
  SESSIO_NETWORK_YOUTH,
  SESSIO_NETWORK_ADULT,
} SessioNetwork;
#define SESSIO_N_NETWORKS 2

typedef enum
{
  SESSIO_CARE_COMMUNITY,
  SESSIO_CARE_SUPPORT,
  SESSIO_CARE_TREATMENT,
  SESSIO_CARE_FIRST_LINE,
  SESSIO_CARE_SPECIALISED,
} SessioCare;
#define SESSIO_N_CARES 5

typedef enum
{
  SESSIO_SETTING_INDIVIDUAL,
  SESSIO_SETTING_GROUP,
} SessioSetting;
#define SESSIO_N_SETTINGS 2

typedef enum
{
  SESSIO_LOCATION_PRACTICE,
  SESSIO_LOCATION_SCHOOL,
  SESSIO_LOCATION_CLB,
  SESSIO_LOCATION_BOARDING_SCHOOL,
  SESSIO_LOCATION_HOME,
  SESSIO_LOCATION_VIDEO,
  SESSIO_LOCATION_OUTREACH,
} SessioLocation;
#define SESSIO_N_LOCATIONS 7

typedef enum
{
  SESSIO_CONTEXT_OWN,
  SESSIO_CONTEXT_CLB,
} SessioContext;
#define SESSIO_N_CONTEXTS 2

typedef enum
{
  SESSIO_STATUS_PLANNED,
  SESSIO_STATUS_HELD,
  SESSIO_STATUS_NO_SHOW,
  SESSIO_STATUS_CANCELLED,
} SessioStatus;
#define SESSIO_N_STATUSES 4

typedef enum
{
  SESSIO_COPAY_REASON_NONE,
  SESSIO_COPAY_REASON_AGE,            /* age-23-or-younger */
  SESSIO_COPAY_REASON_COMMUNITY,      /* community */
  SESSIO_COPAY_REASON_CLB_WAIVER,     /* clb-waiver */
  SESSIO_COPAY_REASON_FIRST,          /* first-individual-session */
  SESSIO_COPAY_REASON_BIM,            /* bim */
  SESSIO_COPAY_REASON_STANDARD,       /* standard */
  SESSIO_COPAY_REASON_GROUP,          /* group */
} SessioCopayReason;
#define SESSIO_N_COPAY_REASONS 8

/* Every amount a rule set carries and a user may override. */
typedef enum
{
  SESSIO_AMOUNT_FEE_INDIVIDUAL,
  SESSIO_AMOUNT_FEE_GROUP,
  SESSIO_AMOUNT_FEE_CO_FACILITATOR,
  SESSIO_AMOUNT_FEE_TRAJECTORY,       /* once per patient per calendar year */
  SESSIO_AMOUNT_FEE_MDO,              /* multidisciplinary consultation */
  SESSIO_AMOUNT_COPAY_INDIVIDUAL,
  SESSIO_AMOUNT_COPAY_BIM,
  SESSIO_AMOUNT_COPAY_GROUP,
} SessioAmount;
#define SESSIO_N_AMOUNTS 8
/* Amounts below this one are billed items that can carry a billing code. */
#define SESSIO_N_FEES 5

/* Stable machine names ("youth", "first-line", …), as in EVALUATE.md.
 * from_string() returns FALSE for anything unknown. */
const char *sessio_network_to_string   (SessioNetwork      network);
gboolean    sessio_network_from_string (const char        *text,
                                        SessioNetwork     *out);
const char *sessio_care_to_string      (SessioCare         care);
gboolean    sessio_care_from_string    (const char        *text,
                                        SessioCare        *out);
/* Translated name of the care type, for people. */
const char *sessio_care_get_label      (SessioCare         care);
const char *sessio_setting_to_string   (SessioSetting      setting);
gboolean    sessio_setting_from_string (const char        *text,
                                        SessioSetting     *out);
const char *sessio_location_to_string  (SessioLocation     location);
gboolean    sessio_location_from_string (const char       *text,
                                        SessioLocation    *out);
const char *sessio_context_to_string   (SessioContext      context);
gboolean    sessio_context_from_string (const char        *text,
                                        SessioContext     *out);
const char *sessio_status_to_string    (SessioStatus       status);
gboolean    sessio_status_from_string  (const char        *text,
                                        SessioStatus      *out);
/* NULL for SESSIO_COPAY_REASON_NONE. */
const char *sessio_copay_reason_to_string (SessioCopayReason reason);
const char *sessio_amount_to_string    (SessioAmount       amount);
gboolean    sessio_amount_from_string  (const char        *text,
                                        SessioAmount      *out);
/* Translated name of the amount, for people ("Individual session"). */
const char *sessio_amount_get_label    (SessioAmount       amount);

/* Parses a strict "YYYY-MM-DD" into @date; FALSE for anything else,
 * including impossible dates such as 2023-02-30. */
gboolean    sessio_date_parse_iso      (const char        *text,
                                        GDate             *date);
/* Writes "YYYY-MM-DD" into @out (11 bytes). */
void        sessio_date_to_iso         (const GDate       *date,
                                        char               out[11]);

/* ------------------------------------------------------------ rule set */

#define SESSIO_TYPE_RULE_SET (sessio_rule_set_get_type ())
#define SESSIO_RULE_SET_SCHEMA_VERSION 1

typedef struct _SessioRuleSet SessioRuleSet;

GType           sessio_rule_set_get_type            (void) G_GNUC_CONST;

/* Loads and checks a rule set.  A bad file is refused with a translated
 * SESSIO_ERROR_INVALID_INPUT naming the line and, for a wrong value, the
 * JSON path (e.g. care_types[1].limits.youth.individual). */
SessioRuleSet  *sessio_rule_set_new_from_data       (const char     *data,
                                                     gssize          length,
                                                     GError        **error);
/* The shipped rule sets are a GResource compiled into the rules layer;
 * this registers it once (sessio_core_init() does it too). */
void            sessio_rules_ensure_resources       (void);
SessioRuleSet  *sessio_rule_set_new_from_resource   (const char     *path,
                                                     GError        **error);
SessioRuleSet  *sessio_rule_set_ref                 (SessioRuleSet  *self);
void            sessio_rule_set_unref               (SessioRuleSet  *self);

/* "2024-04-01": the valid-from date, also the rule set's name. */
const char     *sessio_rule_set_get_id              (SessioRuleSet  *self);
const GDate    *sessio_rule_set_get_valid_from      (SessioRuleSet  *self);
const char     *sessio_rule_set_get_title           (SessioRuleSet  *self);
const char     *sessio_rule_set_get_source          (SessioRuleSet  *self);
/* TRUE when the shipped amounts are provisional and should be confirmed
 * with the network (and overridden), as for 2024-04-01.  An override of
 * any fee clears it. */
gboolean        sessio_rule_set_get_amounts_to_confirm (SessioRuleSet *self);

gboolean        sessio_rule_set_has_care            (SessioRuleSet  *self,
                                                     SessioCare      care);
gboolean        sessio_rule_set_care_requires_assessment (SessioRuleSet *self,
                                                     SessioCare      care);
gboolean        sessio_rule_set_care_is_group_only  (SessioRuleSet  *self,
                                                     SessioCare      care);
/* The limit per rolling 12 months, or -1 when there is none. */
int             sessio_rule_set_get_limit           (SessioRuleSet  *self,
                                                     SessioNetwork   network,
                                                     SessioCare      care,
                                                     SessioSetting   setting);
/* The network's average treatment sessions per patient target, or -1. */
int             sessio_rule_set_get_network_target  (SessioRuleSet  *self,
                                                     SessioNetwork   network);
/* Amount in cents, or -1 when the rule set has no such item. */
gint64          sessio_rule_set_get_amount          (SessioRuleSet  *self,
                                                     SessioAmount    amount);
/* The billing (nomenclature) code of a fee, or NULL when none is set. */
const char     *sessio_rule_set_get_billing_code    (SessioRuleSet  *self,
                                                     SessioAmount    amount);

typedef struct
{
  SessioAmount  amount;
  gint64        cents;         /* -1: keep */
  const char   *billing_code;  /* NULL: keep; "" clears */
} SessioRuleOverride;

/* A new rule set equal to @self with @overrides applied; @self is not
 * changed (results that point at it stay right).  Fails with
 * SESSIO_ERROR_INVALID_INPUT for an amount the set does not have, a
 * negative or absurd amount, or a billing code on a co-payment. */
SessioRuleSet  *sessio_rule_set_with_overrides      (SessioRuleSet            *self,
                                                     const SessioRuleOverride *overrides,
                                                     guint                     n_overrides,
                                                     GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioRuleSet, sessio_rule_set_unref)

/* --------------------------------------------------------- collection */

#define SESSIO_TYPE_RULES (sessio_rules_get_type ())

typedef struct _SessioRules SessioRules;

GType           sessio_rules_get_type               (void) G_GNUC_CONST;
/* An empty collection. */
SessioRules    *sessio_rules_new                    (void);
/* The rule sets shipped with Sessio (compiled into the core). */
SessioRules    *sessio_rules_new_default            (GError        **error);
SessioRules    *sessio_rules_ref                    (SessioRules    *self);
void            sessio_rules_unref                  (SessioRules    *self);
/* Adds @rule_set, replacing one with the same valid-from date: this is how
 * an imported file or a set with user overrides takes effect. */
void            sessio_rules_add                    (SessioRules    *self,
                                                     SessioRuleSet  *rule_set);
guint           sessio_rules_get_n_rule_sets        (SessioRules    *self);
/* In valid-from order; borrowed. */
SessioRuleSet  *sessio_rules_get_rule_set           (SessioRules    *self,
                                                     guint           index);
SessioRuleSet  *sessio_rules_get_by_id              (SessioRules    *self,
                                                     const char     *id);
/* The newest set whose valid-from date is not after @date, or NULL
 * (before 2022-01-01).  Borrowed. */
SessioRuleSet  *sessio_rules_lookup                 (SessioRules    *self,
                                                     const GDate    *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioRules, sessio_rules_unref)

G_END_DECLS
