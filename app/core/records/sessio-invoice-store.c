/* sessio-invoice-store.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See sessio-invoice-store.h and docs/invoices.md.  A note on the journal:
 * the vault replays a transaction's changes table by table, so no
 * transaction here both changes an invoice's status and writes lines of
 * an invoice that already exists (the triggers that guard issued
 * invoices would see them out of order).  Issuing therefore never
 * rewrites lines: it checks that the draft is still what the sessions
 * give, and refuses otherwise.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "sessio-clock.h"
#include "sessio-ident.h"
#include "sessio-invoice-store.h"
#include "sessio-schema.h"
#include "sessio-sql-private.h"

struct _SessioInvoiceStore
{
  GObject              parent_instance;
  SessioPatientStore  *patients;
  SessioRuleStore     *rule_store;
};

G_DEFINE_FINAL_TYPE (SessioInvoiceStore, sessio_invoice_store, G_TYPE_OBJECT)

/* ------------------------------------------------------------ records */

const char *
sessio_invoice_state_to_string (SessioInvoiceState state)
{
  switch (state)
    {
    case SESSIO_INVOICE_STATE_DRAFT: return "draft";
    case SESSIO_INVOICE_STATE_ISSUED: return "issued";
    case SESSIO_INVOICE_STATE_PAID: return "paid";
    case SESSIO_INVOICE_STATE_CREDITED: return "credited";
    default: g_return_val_if_reached ("draft");
    }
}

const char *
sessio_invoice_state_get_label (SessioInvoiceState state)
{
  switch (state)
    {
    /* Translators: the state of an invoice */
    case SESSIO_INVOICE_STATE_DRAFT: return _("draft");
    /* Translators: the state of an invoice */
    case SESSIO_INVOICE_STATE_ISSUED: return _("issued");
    /* Translators: the state of an invoice */
    case SESSIO_INVOICE_STATE_PAID: return _("paid");
    /* Translators: the state of an invoice cancelled by a credit note */
    case SESSIO_INVOICE_STATE_CREDITED: return _("credited");
    default: g_return_val_if_reached ("");
    }
}

static void
participant_free (gpointer data)
{
  SessioInvoiceParticipant *self = data;

  g_free (self->name);
  g_free (self->insz);
  g_free (self->insurer);
  g_free (self);
}

void
sessio_invoice_line_free (SessioInvoiceLine *self)
{
  if (self == NULL)
    return;
  g_free (self->kind);
  g_free (self->date);
  g_free (self->patient_name);
  g_free (self->insz);
  g_free (self->insurer);
  g_free (self->care);
  g_free (self->setting);
  g_free (self->location);
  g_free (self->billing_code);
  g_free (self->rule_set);
  g_clear_pointer (&self->participants, g_ptr_array_unref);
  g_free (self);
}

void
sessio_invoice_free (SessioInvoice *self)
{
  if (self == NULL)
    return;
  g_free (self->kind);
  g_free (self->number);
  g_free (self->period_from);
  g_free (self->period_to);
  g_free (self->issued_at);
  g_free (self->due_date);
  g_free (self->paid_at);
  g_free (self->credits_number);
  g_free (self->language);
  g_free (self->network_name);
  g_free (self->network);
  g_free (self->recipient);
  g_free (self->provider_name);
  g_free (self->provider_riziv);
  g_free (self->provider_kbo);
  g_free (self->provider_iban);
  g_free (self->provider_address);
  g_free (self->structured_communication);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_free (self);
}

static void
receipt_line_free (gpointer data)
{
  SessioReceiptLine *self = data;

  g_free (self->date);
  g_free (self->care);
  g_free (self->setting);
  g_free (self->location);
  g_free (self->copay_received);
  g_free (self);
}

void
sessio_receipt_free (SessioReceipt *self)
{
  if (self == NULL)
    return;
  g_free (self->patient_name);
  g_free (self->insz);
  g_free (self->language);
  g_free (self->period_from);
  g_free (self->period_to);
  g_free (self->provider_name);
  g_free (self->provider_riziv);
  g_free (self->provider_kbo);
  g_free (self->provider_address);
  g_free (self->issued_at);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_free (self);
}

/* -------------------------------------------------------------- object */

static void
sessio_invoice_store_finalize (GObject *object)
{
  SessioInvoiceStore *self = SESSIO_INVOICE_STORE (object);

  g_clear_object (&self->patients);
  g_clear_object (&self->rule_store);
  G_OBJECT_CLASS (sessio_invoice_store_parent_class)->finalize (object);
}

static void
sessio_invoice_store_class_init (SessioInvoiceStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sessio_invoice_store_finalize;
}

static void
sessio_invoice_store_init (SessioInvoiceStore *self)
{
}

SessioInvoiceStore *
sessio_invoice_store_new (SessioPatientStore *patients,
                          SessioRuleStore    *rule_store)
{
  SessioInvoiceStore *self;

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (patients), NULL);

  self = g_object_new (SESSIO_TYPE_INVOICE_STORE, NULL);
  self->patients = g_object_ref (patients);
  if (rule_store != NULL)
    self->rule_store = g_object_ref (rule_store);
  else
    {
      g_autoptr(GError) error = NULL;

      /* Without the vault's codes the invoice simply shows none. */
      self->rule_store = sessio_rule_store_get_for_vault (sessio_patient_store_get_vault (patients), &error);
      if (self->rule_store == NULL)
        g_debug ("No rule store: %s", error->message);
    }
  return self;
}

SessioPatientStore *
sessio_invoice_store_get_patients (SessioInvoiceStore *self)
{
  g_return_val_if_fail (SESSIO_IS_INVOICE_STORE (self), NULL);
  return self->patients;
}

static void
get_today (SessioInvoiceStore *self,
           char                out[11])
{
  GDate date;

  /* Issue and payment dates: the clock's today (tests fix it). */
  sessio_clock_today (&date);
  sessio_date_to_iso (&date, out);
}

/* ------------------------------------------------------------- helpers */

static gboolean
refused (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED, message);
  return FALSE;
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT, message);
  return FALSE;
}

static gboolean
begin (SessioInvoiceStore  *self,
       GError             **error)
{
  if (sessio_patient_store_get_db (self->patients, error) == NULL)
    return FALSE;
  return sessio_vault_begin (sessio_patient_store_get_vault (self->patients), error);
}

static gboolean
finish (SessioInvoiceStore  *self,
        gboolean             ok,
        GError             **error)
{
  SessioVault *vault = sessio_patient_store_get_vault (self->patients);

  if (ok && sessio_vault_commit (vault, error))
    return TRUE;
  if (sessio_vault_in_transaction (vault))
    sessio_vault_rollback (vault);
  return FALSE;
}

gboolean
sessio_invoice_month_range (const char *month,
                            char        from[11],
                            char        to[11])
{
  GDate first, last;
  g_autofree char *day = NULL;

  if (month == NULL || strlen (month) != 7)
    return FALSE;
  day = g_strconcat (month, "-01", NULL);
  if (!sessio_date_parse_iso (day, &first))
    return FALSE;
  last = first;
  g_date_set_day (&last, g_date_get_days_in_month (g_date_get_month (&first), g_date_get_year (&first)));
  sessio_date_to_iso (&first, from);
  sessio_date_to_iso (&last, to);
  return TRUE;
}

/* Checks a period and gives the exclusive upper bound for starts_at
 * ("YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" compare as text). */
static gboolean
check_period (const char  *from,
              const char  *to,
              char         after[11],
              GError     **error)
{
  GDate a, b;

  if (!sessio_date_parse_iso (from, &a) || !sessio_date_parse_iso (to, &b))
    return invalid (error, _("A period runs from one date (YYYY-MM-DD) to another"));
  if (g_date_compare (&a, &b) > 0)
    return invalid (error, _("The period ends before it starts"));
  g_date_add_days (&b, 1);
  sessio_date_to_iso (&b, after);
  return TRUE;
}

static gboolean
check_date (const char  *date,
            GError     **error)
{
  GDate parsed;

  if (date != NULL && !sessio_date_parse_iso (date, &parsed))
    return invalid (error, _("Dates are written YYYY-MM-DD"));
  return TRUE;
}

/* ---------------------------------------------------------- the lines */

/* The invoices that still bill what they list: every invoice (draft or
 * issued) that no credit note cancels, @except excluded. */
#define LIVE_INVOICE \
  "SELECT i.id FROM invoice i WHERE i.kind = 'invoice' AND i.id IS NOT ?9" \
  " AND NOT EXISTS (SELECT 1 FROM invoice c WHERE c.credits_invoice_id = i.id)"

typedef struct
{
  gint64  id;
  gint64  trajectory_id;      /* individual */
  char   *starts_at;
  char   *care;
  char   *setting;
  char   *location;
  gboolean co_facilitator;
  GArray *results;            /* of SessioEvalResult, one per participant evaluated */
  GArray *trajectories;       /* gint64, parallel to results */
} Candidate;

static void
candidate_free (gpointer data)
{
  Candidate *self = data;

  g_free (self->starts_at);
  g_free (self->care);
  g_free (self->setting);
  g_free (self->location);
  g_clear_pointer (&self->results, g_array_unref);
  g_clear_pointer (&self->trajectories, g_array_unref);
  g_free (self);
}

typedef struct
{
  gint64  patient_id;
  char   *name;
  char   *insz;
  char   *insurer;
} PatientSnap;

static void
patient_snap_free (gpointer data)
{
  PatientSnap *self = data;

  /* Trajectories are collected with no value first. */
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->insz);
  g_free (self->insurer);
  g_free (self);
}

static SessioInvoiceLine *
line_new (const char *kind)
{
  SessioInvoiceLine *line = g_new0 (SessioInvoiceLine, 1);

  line->kind = g_strdup (kind);
  return line;
}

static void
line_set_patient (SessioInvoiceLine *line,
                  const PatientSnap *patient)
{
  line->patient_id = patient->patient_id;
  line->patient_name = g_strdup (patient->name);
  line->insz = g_strdup (patient->insz);
  line->insurer = g_strdup (patient->insurer);
}

static char *
billing_code_for (SessioInvoiceStore *self,
                  SessioRuleSet      *rule_set,
                  SessioNetwork       network,
                  const char         *care,
                  const char         *setting)
{
  SessioCare c;
  SessioSetting s;

  if (self->rule_store == NULL || !sessio_care_from_string (care, &c) ||
      !sessio_setting_from_string (setting, &s))
    return NULL;
  return g_strdup (sessio_rule_store_get_billing_code (self->rule_store,
                                                       sessio_rule_set_get_id (rule_set),
                                                       network, c, s));
}

typedef struct
{
  gint64         patient_id;
  char          *date;
  SessioRuleSet *rule_set;
  PatientSnap   *patient;
} FirstSession;

static gint
compare_lines (gconstpointer a,
               gconstpointer b)
{
  const SessioInvoiceLine *x = *(SessioInvoiceLine * const *) a;
  const SessioInvoiceLine *y = *(SessioInvoiceLine * const *) b;
  int c = strcmp (x->date, y->date);

  /* A total order: a draft and the check before issuing must list the
   * same lines in the same order. */
  if (c != 0)
    return c;
  if ((c = strcmp (x->kind, y->kind)) != 0)
    return c;
  if (x->session_id != y->session_id)
    return x->session_id < y->session_id ? -1 : 1;
  return x->patient_id < y->patient_id ? -1 : x->patient_id > y->patient_id;
}

static gint
compare_participants (gconstpointer a,
                      gconstpointer b)
{
  const SessioInvoiceParticipant *x = *(SessioInvoiceParticipant * const *) a;
  const SessioInvoiceParticipant *y = *(SessioInvoiceParticipant * const *) b;

  return x->patient_id < y->patient_id ? -1 : x->patient_id > y->patient_id;
}

/* What build_lines() gathers on its way, step by step. */
typedef struct
{
  SessioInvoiceStore *self;
  sqlite3            *db;
  gint64              engagement_id;
  const char         *from;
  char                after[11];
  gint64              except;
  SessioNetwork       network;
  GHashTable         *candidates;    /* session id → Candidate */
  GHashTable         *trajectories;  /* trajectory id → PatientSnap */
  GHashTable         *firsts;        /* patient id → FirstSession */
} LineBuild;

/* Binds the engagement and the period to ?1, ?2 and ?3. */
static void
bind_period (const LineBuild *b,
             sqlite3_stmt    *stmt)
{
  sqlite3_bind_int64 (stmt, 1, b->engagement_id);
  sqlite3_bind_text (stmt, 2, b->from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, b->after, -1, SQLITE_TRANSIENT);
}

/* 1. The held sessions under the convention in the period that no live
 * invoice bills yet. */
static gboolean
collect_candidates (LineBuild  *b,
                    GError    **error)
{
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (b->db,
                       "SELECT id, coalesce (trajectory_id, 0), starts_at, care_type, setting, location,"
                       "  co_facilitator FROM session"
                       " WHERE engagement_id = ?1 AND starts_at >= ?2 AND starts_at < ?3"
                       "  AND status = 'held' AND outside_convention = 0"
                       "  AND id NOT IN (SELECT session_id FROM invoice_line"
                       "    WHERE session_id IS NOT NULL AND invoice_id IN (" LIVE_INVOICE "))",
                       error)) == NULL)
    return FALSE;
  bind_period (b, stmt);
  sessio_sql_bind_id (stmt, 9, b->except);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Candidate *candidate = g_new0 (Candidate, 1);

      candidate->id = sqlite3_column_int64 (stmt, 0);
      candidate->trajectory_id = sqlite3_column_int64 (stmt, 1);
      candidate->starts_at = sessio_sql_column_text (stmt, 2);
      candidate->care = sessio_sql_column_text (stmt, 3);
      candidate->setting = sessio_sql_column_text (stmt, 4);
      candidate->location = sessio_sql_column_text (stmt, 5);
      candidate->co_facilitator = sqlite3_column_int (stmt, 6) != 0;
      candidate->results = g_array_new (FALSE, TRUE, sizeof (SessioEvalResult));
      candidate->trajectories = g_array_new (FALSE, TRUE, sizeof (gint64));
      g_hash_table_insert (b->candidates, &candidate->id, candidate);
      if (candidate->trajectory_id > 0)
        g_hash_table_insert (b->trajectories, g_memdup2 (&candidate->trajectory_id, sizeof (gint64)), NULL);
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/* 2. The trajectories to evaluate: the individual sessions' (above) and
 * every participant's of the group sessions. */
static gboolean
collect_group_trajectories (LineBuild  *b,
                            GError    **error)
{
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (b->db,
                       "SELECT g.trajectory_id FROM group_participant g JOIN session s ON s.id = g.session_id"
                       " WHERE s.engagement_id = ?1 AND s.starts_at >= ?2 AND s.starts_at < ?3"
                       "  AND s.setting = 'group' AND s.status = 'held'", error)) == NULL)
    return FALSE;
  bind_period (b, stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (!g_hash_table_contains (b->trajectories, &id))
        g_hash_table_insert (b->trajectories, g_memdup2 (&id, sizeof id), NULL);
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/* Keeps the engine's verdicts on the candidate sessions of one
 * trajectory's evaluation. */
static void
keep_verdicts (LineBuild                        *b,
               gint64                            trajectory_id,
               const SessioTrajectoryEvaluation *evaluation)
{
  for (guint i = 0; i < evaluation->sessions->len; i++)
    {
      const SessioSessionEvaluation *entry = &g_array_index (evaluation->sessions, SessioSessionEvaluation, i);
      Candidate *candidate = g_hash_table_lookup (b->candidates, &entry->session_id);

      if (candidate == NULL || entry->outside_convention || entry->as_if_held ||
          entry->info.status != SESSIO_STATUS_HELD)
        continue;
      g_array_append_val (candidate->results, entry->result);
      g_array_append_val (candidate->trajectories, trajectory_id);
    }
}

/* 3. Evaluate each trajectory once, with the rules engine, and keep the
 * verdicts of the candidate sessions and the patient of each trajectory. */
static gboolean
evaluate_trajectories (LineBuild  *b,
                       GError    **error)
{
  sqlite3_stmt *stmt;
  GHashTableIter iter;
  gpointer key, value;

  if ((stmt = sessio_sql_prepare (b->db, "SELECT p.id, p.name, p.insz, p.insurer FROM trajectory t"
                           " JOIN patient p ON p.id = t.patient_id WHERE t.id = ?", error)) == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, b->trajectories);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 trajectory_id = *(gint64 *) key;
      g_autoptr(SessioTrajectoryEvaluation) evaluation = NULL;
      g_autoptr(GError) local_error = NULL;
      PatientSnap *patient = g_new0 (PatientSnap, 1);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, trajectory_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          patient->patient_id = sqlite3_column_int64 (stmt, 0);
          patient->name = sessio_sql_column_text (stmt, 1);
          patient->insz = sessio_sql_column_text (stmt, 2);
          patient->insurer = sessio_sql_column_text (stmt, 3);
        }
      g_hash_table_iter_replace (&iter, patient);

      evaluation = sessio_patient_store_evaluate_held (b->self->patients, trajectory_id, &local_error);
      if (evaluation == NULL)
        {
          /* An erased patient's trajectory cannot be evaluated: its
           * sessions are not billed (they were not on an issued
           * invoice, or erasure would have kept them). */
          g_debug ("invoice: trajectory not evaluated: %s", local_error->message);
          continue;
        }
      keep_verdicts (b, trajectory_id, evaluation);
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/* The patient's earliest billed session of the invoice carries the
 * trajectory fee: remembers @line's date if it is the earliest yet. */
static void
note_first_session (LineBuild               *b,
                    const SessioInvoiceLine *line,
                    SessioRuleSet           *rule_set,
                    PatientSnap             *patient)
{
  FirstSession *first = g_hash_table_lookup (b->firsts, &patient->patient_id);

  if (first == NULL)
    {
      first = g_new0 (FirstSession, 1);
      first->patient_id = patient->patient_id;
      g_hash_table_insert (b->firsts, &first->patient_id, first);
    }
  if (first->date == NULL || strcmp (line->date, first->date) < 0)
    {
      first->date = line->date;
      first->rule_set = rule_set;
      first->patient = patient;
    }
}

/* The patient of an individual session's line, or the participants of a
 * group session's, each with their share of the copay. */
static void
add_line_patients (LineBuild         *b,
                   SessioInvoiceLine *line,
                   const Candidate   *candidate,
                   SessioRuleSet     *rule_set,
                   gboolean           group)
{
  for (guint i = 0; i < candidate->results->len; i++)
    {
      const SessioEvalResult *result = &g_array_index (candidate->results, SessioEvalResult, i);
      gint64 trajectory_id = g_array_index (candidate->trajectories, gint64, i);
      PatientSnap *patient = g_hash_table_lookup (b->trajectories, &trajectory_id);

      if (!result->billable || patient == NULL)
        continue;
      if (group)
        {
          SessioInvoiceParticipant *participant = g_new0 (SessioInvoiceParticipant, 1);

          if (line->participants == NULL)
            line->participants = g_ptr_array_new_with_free_func (participant_free);
          participant->patient_id = patient->patient_id;
          participant->name = g_strdup (patient->name);
          participant->insz = g_strdup (patient->insz);
          participant->insurer = g_strdup (patient->insurer);
          participant->copay_cents = result->copay_cents;
          g_ptr_array_add (line->participants, participant);
        }
      else
        line_set_patient (line, patient);
      note_first_session (b, line, rule_set, patient);
    }
  if (line->participants != NULL)
    g_ptr_array_sort (line->participants, compare_participants);
}

/* A candidate session's line, the claim the engine's; NULL when the
 * session is not billable (over the limit, no assessment, ...): never on
 * an invoice. */
static SessioInvoiceLine *
session_line (LineBuild       *b,
              const Candidate *candidate)
{
  SessioInvoiceLine *line;
  SessioRuleSet *rule_set = NULL;
  gboolean group = g_strcmp0 (candidate->setting, "group") == 0;
  gint64 fee = 0, copay = 0;

  for (guint i = 0; i < candidate->results->len; i++)
    {
      const SessioEvalResult *result = &g_array_index (candidate->results, SessioEvalResult, i);

      if (!result->billable)
        continue;
      rule_set = result->rule_set;
      fee = MAX (fee, result->fee_cents);
      copay += result->copay_cents;
    }
  if (rule_set == NULL || (!group && candidate->results->len != 1))
    return NULL;

  line = line_new ("session");
  line->session_id = candidate->id;
  line->date = g_strndup (candidate->starts_at, 10);
  line->care = g_strdup (candidate->care);
  line->setting = g_strdup (candidate->setting);
  line->location = g_strdup (candidate->location);
  line->rule_set = g_strdup (sessio_rule_set_get_id (rule_set));
  line->billing_code = billing_code_for (b->self, rule_set, b->network, candidate->care, candidate->setting);
  if (group && candidate->co_facilitator)
    line->supplement_cents = MAX (sessio_rule_set_get_amount (rule_set, SESSIO_AMOUNT_FEE_CO_FACILITATOR), 0);
  line->supplement_cents = MIN (line->supplement_cents, fee);
  line->fee_cents = fee - line->supplement_cents;
  line->copay_cents = copay;
  line->amount_cents = sessio_claim_cents ((const SessioEvalResult *) (gpointer) candidate->results->data,
                                           candidate->results->len);
  add_line_patients (b, line, candidate, rule_set, group);
  return line;
}

/* 4. One line per billable session, in order. */
static void
add_session_lines (LineBuild *b,
                   GPtrArray *lines)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, b->candidates);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      SessioInvoiceLine *line = session_line (b, value);

      if (line != NULL)
        g_ptr_array_add (lines, line);
    }
  g_ptr_array_sort (lines, compare_lines);
}

/* 5. The trajectory fee, once per patient per calendar year and network
 * (engagement), when the rule set has one. */
static gboolean
add_trajectory_fee_lines (LineBuild  *b,
                          GPtrArray  *extras,
                          GError    **error)
{
  sqlite3_stmt *stmt;
  GHashTableIter iter;
  gpointer key, value;

  if ((stmt = sessio_sql_prepare (b->db,
                       "SELECT 1 FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id"
                       " WHERE l.kind = 'trajectory-fee' AND l.patient_id = ?1 AND l.year = ?2"
                       "  AND i.engagement_id = ?3 AND l.invoice_id IN (" LIVE_INVOICE ")", error)) == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, b->firsts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      FirstSession *first = value;
      gint64 amount = sessio_rule_set_get_amount (first->rule_set, SESSIO_AMOUNT_FEE_TRAJECTORY);
      int year = atoi (first->date);
      SessioInvoiceLine *line;
      gboolean billed;

      if (amount <= 0)
        continue;
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, first->patient_id);
      sqlite3_bind_int (stmt, 2, year);
      sqlite3_bind_int64 (stmt, 3, b->engagement_id);
      sessio_sql_bind_id (stmt, 9, b->except);
      billed = sqlite3_step (stmt) == SQLITE_ROW;
      if (billed)
        continue;
      line = line_new ("trajectory-fee");
      line->date = g_strdup (first->date);
      line_set_patient (line, first->patient);
      line->rule_set = g_strdup (sessio_rule_set_get_id (first->rule_set));
      line->billing_code = g_strdup (sessio_rule_set_get_billing_code (first->rule_set, SESSIO_AMOUNT_FEE_TRAJECTORY));
      line->fee_cents = amount;
      line->amount_cents = amount;
      g_ptr_array_add (extras, line);
    }
  sqlite3_finalize (stmt);
  g_ptr_array_sort (extras, compare_lines);
  return TRUE;
}

/* 6. Multidisciplinary consultations (at least 3 care providers). */
static gboolean
add_mdo_lines (LineBuild  *b,
               GPtrArray  *extras,
               GError    **error)
{
  SessioRules *rules = sessio_patient_store_get_rules (b->self->patients);
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (b->db,
                       "SELECT t.id, t.starts_at, coalesce (p.id, 0), p.name, p.insz, p.insurer FROM task t"
                       " LEFT JOIN patient p ON p.id = t.patient_id"
                       " WHERE t.engagement_id = ?1 AND t.kind = 'mdo' AND coalesce (t.care_providers, 0) >= 3"
                       "  AND t.starts_at >= ?2 AND t.starts_at < ?3"
                       "  AND t.id NOT IN (SELECT task_id FROM invoice_line"
                       "    WHERE task_id IS NOT NULL AND invoice_id IN (" LIVE_INVOICE "))"
                       " ORDER BY t.starts_at, t.id", error)) == NULL)
    return FALSE;
  bind_period (b, stmt);
  sessio_sql_bind_id (stmt, 9, b->except);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SessioInvoiceLine *line;
      SessioRuleSet *rule_set;
      GDate date;
      gint64 amount;
      g_autofree char *day = g_strndup ((const char *) sqlite3_column_text (stmt, 1), 10);

      if (!sessio_date_parse_iso (day, &date) || (rule_set = sessio_rules_lookup (rules, &date)) == NULL ||
          (amount = sessio_rule_set_get_amount (rule_set, SESSIO_AMOUNT_FEE_MDO)) <= 0)
        continue;
      line = line_new ("mdo");
      /* Tasks have no column of their own on the line but task_id. */
      line->session_id = -sqlite3_column_int64 (stmt, 0);
      line->date = g_steal_pointer (&day);
      line->patient_id = sqlite3_column_int64 (stmt, 2);
      line->patient_name = sessio_sql_column_text (stmt, 3);
      line->insz = sessio_sql_column_text (stmt, 4);
      line->insurer = sessio_sql_column_text (stmt, 5);
      line->rule_set = g_strdup (sessio_rule_set_get_id (rule_set));
      line->billing_code = g_strdup (sessio_rule_set_get_billing_code (rule_set, SESSIO_AMOUNT_FEE_MDO));
      line->fee_cents = amount;
      line->amount_cents = amount;
      g_ptr_array_add (extras, line);
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/* Every line an invoice of @engagement_id for the period would have now,
 * in order: the billable held sessions that no live invoice other than
 * @except bills, then the trajectory fees, then the consultations. */
static GPtrArray *
build_lines (SessioInvoiceStore  *self,
             gint64               engagement_id,
             const char          *from,
             const char          *to,
             gint64               except,
             GError             **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) sessio_invoice_line_free);
  g_autoptr(GPtrArray) extras = g_ptr_array_new_with_free_func ((GDestroyNotify) sessio_invoice_line_free);
  g_autoptr(GHashTable) candidates = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, candidate_free);
  g_autoptr(GHashTable) trajectories = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, patient_snap_free);
  g_autoptr(GHashTable) firsts = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  g_auto(SessioEngagement) engagement = { 0 };
  LineBuild b = {
    .self = self,
    .engagement_id = engagement_id,
    .from = from,
    .except = except,
    .network = SESSIO_NETWORK_ADULT,
    .candidates = candidates,
    .trajectories = trajectories,
    .firsts = firsts,
  };

  if (!check_period (from, to, b.after, error))
    return NULL;
  if ((b.db = sessio_patient_store_get_db (self->patients, error)) == NULL)
    return NULL;
  if (!sessio_patient_store_get_engagement (self->patients, engagement_id, &engagement, error))
    return NULL;
  sessio_network_from_string (engagement.network, &b.network);

  if (!collect_candidates (&b, error) ||
      !collect_group_trajectories (&b, error) ||
      !evaluate_trajectories (&b, error))
    return NULL;
  add_session_lines (&b, lines);
  if (!add_trajectory_fee_lines (&b, extras, error) ||
      !add_mdo_lines (&b, extras, error))
    return NULL;

  g_ptr_array_extend_and_steal (lines, g_steal_pointer (&extras));
  return g_steal_pointer (&lines);
}

GPtrArray *
sessio_invoice_store_list_uninvoiced (SessioInvoiceStore  *self,
                                      gint64               engagement_id,
                                      const char          *from,
                                      const char          *to,
                                      GError             **error)
{
  GPtrArray *lines;

  g_return_val_if_fail (SESSIO_IS_INVOICE_STORE (self), NULL);
  lines = build_lines (self, engagement_id, from, to, 0, error);
  /* A consultation's id travels negated inside build_lines only. */
  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      SessioInvoiceLine *line = g_ptr_array_index (lines, i);

      if (line->session_id < 0)
        line->session_id = 0;
    }
  return lines;
}

/* What identifies a line for the "did anything change since the draft"
 * check: what it bills and whom it names. */
static void
line_signature (GString                 *out,
                const SessioInvoiceLine *line)
{
  g_string_append_printf (out, "%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%s|%s|%s|%s|%s|%s|%s|%s|%s"
                          "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT,
                          line->kind, line->session_id, line->patient_id, line->date,
                          line->patient_name ? line->patient_name : "", line->insz ? line->insz : "",
                          line->insurer ? line->insurer : "", line->care ? line->care : "",
                          line->setting ? line->setting : "", line->location ? line->location : "",
                          line->billing_code ? line->billing_code : "", line->rule_set ? line->rule_set : "",
                          line->fee_cents, line->supplement_cents, line->copay_cents, line->amount_cents);
  for (guint i = 0; line->participants != NULL && i < line->participants->len; i++)
    {
      const SessioInvoiceParticipant *p = g_ptr_array_index (line->participants, i);

      g_string_append_printf (out, "|%" G_GINT64_FORMAT ",%s,%s,%s,%" G_GINT64_FORMAT, p->patient_id,
                              p->name ? p->name : "", p->insz ? p->insz : "",
                              p->insurer ? p->insurer : "", p->copay_cents);
    }
  g_string_append_c (out, '\n');
}

static gboolean
insert_lines (sqlite3    *db,
              gint64      invoice_id,
              GPtrArray  *lines,
              gboolean    negate,
              GError    **error)
{
  sqlite3_stmt *stmt, *pstmt;
  gint64 sign = negate ? -1 : 1;
  gboolean ok = TRUE;

  if ((stmt = sessio_sql_prepare (db,
                       "INSERT INTO invoice_line (invoice_id, session_id, task_id, description, billing_code,"
                       " fee_cents, copay_cents, amount_cents, position, kind, patient_id, line_date,"
                       " patient_name, patient_insz, patient_insurer, care_type, setting, location, rule_set,"
                       " supplement_cents, year)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error)) == NULL)
    return FALSE;
  if ((pstmt = sessio_sql_prepare (db,
                        "INSERT INTO invoice_participant (line_id, position, patient_id, patient_name,"
                        " patient_insz, patient_insurer, copay_cents) VALUES (?, ?, ?, ?, ?, ?, ?)", error)) == NULL)
    {
      sqlite3_finalize (stmt);
      return FALSE;
    }

  for (guint i = 0; ok && i < lines->len; i++)
    {
      SessioInvoiceLine *line = g_ptr_array_index (lines, i);
      gboolean task = g_strcmp0 (line->kind, "mdo") == 0;

      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      sqlite3_bind_int64 (stmt, 1, invoice_id);
      sessio_sql_bind_id (stmt, 2, task ? 0 : line->session_id);
      sessio_sql_bind_id (stmt, 3, task ? -line->session_id : 0);
      /* The v1 column: the machine name of what is billed. */
      sqlite3_bind_text (stmt, 4, g_strcmp0 (line->kind, "session") == 0 ? line->care : line->kind, -1, SQLITE_TRANSIENT);
      sessio_sql_bind_text (stmt, 5, line->billing_code);
      sqlite3_bind_int64 (stmt, 6, sign * line->fee_cents);
      sqlite3_bind_int64 (stmt, 7, sign * line->copay_cents);
      sqlite3_bind_int64 (stmt, 8, sign * line->amount_cents);
      sqlite3_bind_int (stmt, 9, (int) i);
      sqlite3_bind_text (stmt, 10, line->kind, -1, SQLITE_TRANSIENT);
      sessio_sql_bind_id (stmt, 11, line->patient_id);
      sqlite3_bind_text (stmt, 12, line->date, -1, SQLITE_TRANSIENT);
      sessio_sql_bind_text (stmt, 13, line->patient_name);
      sessio_sql_bind_text (stmt, 14, line->insz);
      sessio_sql_bind_text (stmt, 15, line->insurer);
      sessio_sql_bind_text (stmt, 16, line->care);
      sessio_sql_bind_text (stmt, 17, line->setting);
      sessio_sql_bind_text (stmt, 18, line->location);
      sessio_sql_bind_text (stmt, 19, line->rule_set);
      sqlite3_bind_int64 (stmt, 20, sign * line->supplement_cents);
      sqlite3_bind_int (stmt, 21, atoi (line->date));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          g_debug ("invoice: line insert failed (code %d)", sqlite3_errcode (db));
          ok = sessio_sql_failed (error);
          break;
        }
      line->id = sqlite3_last_insert_rowid (db);

      for (guint p = 0; ok && line->participants != NULL && p < line->participants->len; p++)
        {
          const SessioInvoiceParticipant *participant = g_ptr_array_index (line->participants, p);

          sqlite3_reset (pstmt);
          sqlite3_clear_bindings (pstmt);
          sqlite3_bind_int64 (pstmt, 1, line->id);
          sqlite3_bind_int (pstmt, 2, (int) p);
          sessio_sql_bind_id (pstmt, 3, participant->patient_id);
          sqlite3_bind_text (pstmt, 4, participant->name ? participant->name : "", -1, SQLITE_TRANSIENT);
          sessio_sql_bind_text (pstmt, 5, participant->insz);
          sessio_sql_bind_text (pstmt, 6, participant->insurer);
          sqlite3_bind_int64 (pstmt, 7, sign * participant->copay_cents);
          if (sqlite3_step (pstmt) != SQLITE_DONE)
            ok = sessio_sql_failed (error);
        }
    }
  sqlite3_finalize (stmt);
  sqlite3_finalize (pstmt);
  return ok;
}

static gint64
sum_amounts (GPtrArray *lines)
{
  gint64 total = 0;

  for (guint i = 0; i < lines->len; i++)
    total += ((SessioInvoiceLine *) g_ptr_array_index (lines, i))->amount_cents;
  return total;
}

/* ------------------------------------------------------------ reading */

#define INVOICE_COLUMNS \
  "i.id, i.kind, i.status, i.number, i.engagement_id, i.period_from, i.period_to, i.issued_at," \
  " i.due_date, i.paid_at, coalesce (i.credits_invoice_id, 0)," \
  " (SELECT o.number FROM invoice o WHERE o.id = i.credits_invoice_id)," \
  " coalesce ((SELECT c.id FROM invoice c WHERE c.credits_invoice_id = i.id), 0)," \
  " i.language, i.network_name, i.network, i.recipient, i.provider_name, i.provider_riziv," \
  " i.provider_kbo, i.provider_iban, i.provider_address, i.structured_communication," \
  " coalesce (t.n, 0), coalesce (t.fee, 0), coalesce (t.supplement, 0), coalesce (t.copay, 0)," \
  " coalesce (t.amount, 0)" \
  " FROM invoice i LEFT JOIN (SELECT invoice_id, count (*) AS n, sum (fee_cents) AS fee," \
  "  sum (supplement_cents) AS supplement, sum (copay_cents) AS copay, sum (amount_cents) AS amount" \
  "  FROM invoice_line GROUP BY invoice_id) t ON t.invoice_id = i.id"

static SessioInvoice *
read_invoice_row (sqlite3_stmt *stmt)
{
  SessioInvoice *invoice = g_new0 (SessioInvoice, 1);
  const char *status = (const char *) sqlite3_column_text (stmt, 2);

  invoice->id = sqlite3_column_int64 (stmt, 0);
  invoice->kind = sessio_sql_column_text (stmt, 1);
  invoice->number = sessio_sql_column_text (stmt, 3);
  invoice->engagement_id = sqlite3_column_int64 (stmt, 4);
  invoice->period_from = sessio_sql_column_text (stmt, 5);
  invoice->period_to = sessio_sql_column_text (stmt, 6);
  invoice->issued_at = sessio_sql_column_text (stmt, 7);
  invoice->due_date = sessio_sql_column_text (stmt, 8);
  invoice->paid_at = sessio_sql_column_text (stmt, 9);
  invoice->credits_id = sqlite3_column_int64 (stmt, 10);
  invoice->credits_number = sessio_sql_column_text (stmt, 11);
  invoice->credited_by_id = sqlite3_column_int64 (stmt, 12);
  invoice->language = sessio_sql_column_text (stmt, 13);
  invoice->network_name = sessio_sql_column_text (stmt, 14);
  invoice->network = sessio_sql_column_text (stmt, 15);
  invoice->recipient = sessio_sql_column_text (stmt, 16);
  invoice->provider_name = sessio_sql_column_text (stmt, 17);
  invoice->provider_riziv = sessio_sql_column_text (stmt, 18);
  invoice->provider_kbo = sessio_sql_column_text (stmt, 19);
  invoice->provider_iban = sessio_sql_column_text (stmt, 20);
  invoice->provider_address = sessio_sql_column_text (stmt, 21);
  invoice->structured_communication = sessio_sql_column_text (stmt, 22);
  invoice->n_lines = (guint) sqlite3_column_int (stmt, 23);
  invoice->fee_cents = sqlite3_column_int64 (stmt, 24);
  invoice->supplement_cents = sqlite3_column_int64 (stmt, 25);
  invoice->copay_cents = sqlite3_column_int64 (stmt, 26);
  invoice->total_cents = sqlite3_column_int64 (stmt, 27);

  if (g_strcmp0 (status, "issued") != 0)
    invoice->state = SESSIO_INVOICE_STATE_DRAFT;
  else if (invoice->credited_by_id > 0)
    invoice->state = SESSIO_INVOICE_STATE_CREDITED;
  else if (invoice->paid_at != NULL)
    invoice->state = SESSIO_INVOICE_STATE_PAID;
  else
    invoice->state = SESSIO_INVOICE_STATE_ISSUED;
  return invoice;
}

static GPtrArray *
read_lines (sqlite3  *db,
            gint64    invoice_id,
            GError  **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) sessio_invoice_line_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (db,
                       "SELECT id, kind, coalesce (session_id, -coalesce (task_id, 0)), coalesce (patient_id, 0),"
                       " line_date, patient_name, patient_insz, patient_insurer, care_type, setting, location,"
                       " billing_code, rule_set, fee_cents, supplement_cents, copay_cents, amount_cents"
                       " FROM invoice_line WHERE invoice_id = ? ORDER BY position, id", error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SessioInvoiceLine *line = g_new0 (SessioInvoiceLine, 1);

      line->id = sqlite3_column_int64 (stmt, 0);
      line->kind = sessio_sql_column_text (stmt, 1);
      line->session_id = sqlite3_column_int64 (stmt, 2);
      line->patient_id = sqlite3_column_int64 (stmt, 3);
      line->date = sessio_sql_column_text (stmt, 4);
      line->patient_name = sessio_sql_column_text (stmt, 5);
      line->insz = sessio_sql_column_text (stmt, 6);
      line->insurer = sessio_sql_column_text (stmt, 7);
      line->care = sessio_sql_column_text (stmt, 8);
      line->setting = sessio_sql_column_text (stmt, 9);
      line->location = sessio_sql_column_text (stmt, 10);
      line->billing_code = sessio_sql_column_text (stmt, 11);
      line->rule_set = sessio_sql_column_text (stmt, 12);
      line->fee_cents = sqlite3_column_int64 (stmt, 13);
      line->supplement_cents = sqlite3_column_int64 (stmt, 14);
      line->copay_cents = sqlite3_column_int64 (stmt, 15);
      line->amount_cents = sqlite3_column_int64 (stmt, 16);
      if (line->date == NULL)
        line->date = g_strdup ("");
      g_ptr_array_add (lines, line);
      g_hash_table_insert (by_id, &line->id, line);
    }
  sqlite3_finalize (stmt);

  if ((stmt = sessio_sql_prepare (db,
                       "SELECT p.line_id, coalesce (p.patient_id, 0), p.patient_name, p.patient_insz,"
                       " p.patient_insurer, p.copay_cents FROM invoice_participant p"
                       " JOIN invoice_line l ON l.id = p.line_id WHERE l.invoice_id = ?"
                       " ORDER BY p.line_id, p.position", error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 line_id = sqlite3_column_int64 (stmt, 0);
      SessioInvoiceLine *line = g_hash_table_lookup (by_id, &line_id);
      SessioInvoiceParticipant *participant;

      if (line == NULL)
        continue;
      participant = g_new0 (SessioInvoiceParticipant, 1);
      participant->patient_id = sqlite3_column_int64 (stmt, 1);
      participant->name = sessio_sql_column_text (stmt, 2);
      participant->insz = sessio_sql_column_text (stmt, 3);
      participant->insurer = sessio_sql_column_text (stmt, 4);
      participant->copay_cents = sqlite3_column_int64 (stmt, 5);
      if (line->participants == NULL)
        line->participants = g_ptr_array_new_with_free_func (participant_free);
      g_ptr_array_add (line->participants, participant);
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&lines);
}

static SessioInvoice *
get_in (sqlite3  *db,
        gint64    id,
        gboolean  with_lines,
        GError  **error)
{
  g_autoptr(SessioInvoice) invoice = NULL;
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (db, "SELECT " INVOICE_COLUMNS " WHERE i.id = ? AND i.kind IN ('invoice', 'credit-note')",
                       error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    invoice = read_invoice_row (stmt);
  sqlite3_finalize (stmt);
  if (invoice == NULL)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND, _("There is no such invoice"));
      return NULL;
    }
  if (with_lines && (invoice->lines = read_lines (db, id, error)) == NULL)
    return NULL;
  return g_steal_pointer (&invoice);
}

SessioInvoice *
sessio_invoice_store_get (SessioInvoiceStore  *self,
                          gint64               id,
                          GError             **error)
{
  sqlite3 *db;

  g_return_val_if_fail (SESSIO_IS_INVOICE_STORE (self), NULL);
  if ((db = sessio_patient_store_get_db (self->patients, error)) == NULL)
    return NULL;
  return get_in (db, id, TRUE, error);
}

GPtrArray *
sessio_invoice_store_list (SessioInvoiceStore  *self,
                           gint64               engagement_id,
                           GError             **error)
{
  g_autoptr(GPtrArray) invoices = g_ptr_array_new_with_free_func ((GDestroyNotify) sessio_invoice_free);
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SESSIO_IS_INVOICE_STORE (self), NULL);
  if ((db = sessio_patient_store_get_db (self->patients, error)) == NULL)
    return NULL;
  if ((stmt = sessio_sql_prepare (db, "SELECT " INVOICE_COLUMNS
                           " WHERE i.kind IN ('invoice', 'credit-note') AND (?1 = 0 OR i.engagement_id = ?1)"
                           " ORDER BY i.id DESC", error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, engagement_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (invoices, read_invoice_row (stmt));
  sqlite3_finalize (stmt);
  return g_steal_pointer (&invoices);
}

/* ------------------------------------------------------------ changes */

gint64
sessio_invoice_store_draft (SessioInvoiceStore  *self,
                            gint64               engagement_id,
                            const char          *from,
                            const char          *to,
                            GError             **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_auto(SessioEngagement) engagement = { 0 };
  g_autofree char *month = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  gboolean ok = TRUE;
  char now[11];

  g_return_val_if_fail (SESSIO_IS_INVOICE_STORE (self), 0);

  if ((db = sessio_patient_store_get_db (self->patients, error)) == NULL)
    return 0;
  if (!sessio_patient_store_get_engagement (self->patients, engagement_id, &engagement, error))
    return 0;

  /* Drafting the same period again refreshes that draft. */
  if ((stmt = sessio_sql_prepare (db, "SELECT id FROM invoice WHERE engagement_id = ? AND kind = 'invoice'"
                           " AND status = 'draft' AND period_from = ? AND period_to = ?", error)) == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, engagement_id);
  sessio_sql_bind_text (stmt, 2, from);
  sessio_sql_bind_text (stmt, 3, to);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if ((lines = build_lines (self, engagement_id, from, to, id, error)) == NULL)
    return 0;
  if (lines->len == 0)
    {
      refused (error, _("There is nothing to invoice for this engagement in this period"));
      return 0;
    }

  get_today (self, now);
  month = g_strndup (from, 7);
  if (!begin (self, error))
    return 0;

  if (id > 0)
    {
      stmt = sessio_sql_prepare (db, "DELETE FROM invoice_line WHERE invoice_id = ?", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, id);
          ok = sessio_sql_run (stmt, _("An issued invoice cannot be changed: cancel it with a credit note"), error);
        }
      stmt = ok ? sessio_sql_prepare (db, "UPDATE invoice SET created_at = ?, language = ?, network_name = ?,"
                               " network = ?, recipient = ?, total_cents = ? WHERE id = ?", error) : NULL;
    }
  else
    stmt = sessio_sql_prepare (db, "INSERT INTO invoice (created_at, language, network_name, network, recipient,"
                        " total_cents, engagement_id, kind, month, status, period_from, period_to)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, 'invoice', ?, 'draft', ?, ?)", error);
  ok = ok && stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, engagement.language != NULL ? engagement.language : "nl", -1, SQLITE_TRANSIENT);
      sessio_sql_bind_text (stmt, 3, engagement.network_name);
      sessio_sql_bind_text (stmt, 4, engagement.network);
      sessio_sql_bind_text (stmt, 5, engagement.invoice_to);
      sqlite3_bind_int64 (stmt, 6, sum_amounts (lines));
      if (id > 0)
        sqlite3_bind_int64 (stmt, 7, id);
      else
        {
          sqlite3_bind_int64 (stmt, 7, engagement_id);
          sqlite3_bind_text (stmt, 8, month, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 9, from, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 10, to, -1, SQLITE_TRANSIENT);
        }
      ok = sessio_sql_run (stmt, _("An issued invoice cannot be changed: cancel it with a credit note"), error);
      if (ok && id == 0)
        id = sqlite3_last_insert_rowid (db);
    }
  ok = ok && insert_lines (db, id, lines, FALSE, error);
  ok = ok && sessio_audit_append (db, "draft", "invoice", id, error);
  return finish (self, ok, error) ? id : 0;
}

gint64
sessio_invoice_store_draft_month (SessioInvoiceStore  *self,
                                  gint64               engagement_id,
                                  const char          *month,
                                  GError             **error)
{
  char from[11], to[11];

  if (!sessio_invoice_month_range (month, from, to))
    {
      invalid (error, _("A month is written YYYY-MM"));
      return 0;
    }
  return sessio_invoice_store_draft (self, engagement_id, from, to, error);
}

/* The next number of @year, counted in invoice_counter in the current
 * transaction: gapless because nothing else takes numbers and a rolled
 * back transaction takes none. */
static gboolean
next_number (sqlite3  *db,
             int       year,
             int      *seq,
             GError  **error)
{
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (db, "INSERT INTO invoice_counter (year, last) VALUES (?, 1)"
                           " ON CONFLICT (year) DO UPDATE SET last = last + 1", error)) == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, year);
  if (!sessio_sql_run (stmt, _("An issued invoice cannot be changed: cancel it with a credit note"), error))
    return FALSE;
  if ((stmt = sessio_sql_prepare (db, "SELECT last FROM invoice_counter WHERE year = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, year);
  *seq = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
  sqlite3_finalize (stmt);
  return *seq > 0 || sessio_sql_failed (error);
}

/* Numbers @id as issued on @date, with the provider's identity and the
 * payment reference; in the caller's transaction. */
static gboolean
stamp_issued (sqlite3               *db,
              gint64                 id,
              const char            *date,
              const SessioProvider  *provider,
              const char            *language,
              const char            *network_name,
              const char            *network,
              const char            *recipient,
              GError               **error)
{
  sqlite3_stmt *stmt;
  GDate due;
  char due_iso[11], ogm[SESSIO_OGM_TEXT_LEN];
  g_autofree char *number = NULL;
  int year, seq = 0;

  sessio_date_parse_iso (date, &due);
  year = g_date_get_year (&due);
  g_date_add_days (&due, SESSIO_INVOICE_DUE_DAYS);
  sessio_date_to_iso (&due, due_iso);

  if (!next_number (db, year, &seq, error))
    return FALSE;
  if (seq > 999999)
    return refused (error, _("No invoice numbers are left for this year"));
  number = g_strdup_printf ("%d-%04d", year, seq);
  /* Derived from the number, so the same invoice always has the same
   * reference: year and sequence in the ten digits the check covers. */
  sessio_ogm_generate ((guint64) year * 1000000 + (guint64) seq, ogm);

  if ((stmt = sessio_sql_prepare (db,
                       "UPDATE invoice SET status = 'issued', number = ?, year = ?, seq = ?, issued_at = ?,"
                       " due_date = ?, structured_communication = ?, provider_name = ?, provider_riziv = ?,"
                       " provider_kbo = ?, provider_iban = ?, provider_address = ?, language = ?,"
                       " network_name = ?, network = ?, recipient = ?,"
                       " total_cents = (SELECT coalesce (sum (amount_cents), 0) FROM invoice_line WHERE invoice_id = invoice.id)"
                       " WHERE id = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, year);
  sqlite3_bind_int (stmt, 3, seq);
  sqlite3_bind_text (stmt, 4, date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, due_iso, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, ogm, -1, SQLITE_TRANSIENT);
  sessio_sql_bind_text (stmt, 7, provider->name);
  sessio_sql_bind_text (stmt, 8, provider->riziv);
  sessio_sql_bind_text (stmt, 9, provider->kbo);
  sessio_sql_bind_text (stmt, 10, provider->iban);
  sessio_sql_bind_text (stmt, 11, provider->address);
  sessio_sql_bind_text (stmt, 12, language);
  sessio_sql_bind_text (stmt, 13, network_name);
  sessio_sql_bind_text (stmt, 14, network);
  sessio_sql_bind_text (stmt, 15, recipient);
  sqlite3_bind_int64 (stmt, 16, id);
  return sessio_sql_run (stmt, _("An issued invoice cannot be changed: cancel it with a credit note"), error);
}

static gboolean
get_provider_for_issue (SessioInvoiceStore  *self,
                        SessioProvider      *provider,
                        GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!sessio_patient_store_get_provider (self->patients, provider, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return refused (error, _("Set your name and RIZIV number (provider) before issuing an invoice"));
    }
  if (provider->riziv == NULL || *provider->riziv == '\0')
    return refused (error, _("Set your name and RIZIV number (provider) before issuing an invoice"));
  return TRUE;
}

gboolean
sessio_invoice_store_issue (SessioInvoiceStore  *self,
                            gint64               id,
                            const char          *date,
                            GError             **error)
{
  g_autoptr(SessioInvoice) invoice = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GString) stored_signature = g_string_new (NULL);
  g_autoptr(GString) fresh_signature = g_string_new (NULL);
  g_auto(SessioProvider) provider = { 0 };
  g_auto(SessioEngagement) engagement = { 0 };
  sqlite3 *db;
  gboolean ok;
  char today[11];

  g_return_val_if_fail (SESSIO_IS_INVOICE_STORE (self), FALSE);

  if (!check_date (date, error))
    return FALSE;
  if ((db = sessio_patient_store_get_db (self->patients, error)) == NULL)
    return FALSE;
  if ((invoice = get_in (db, id, TRUE, error)) == NULL)
    return FALSE;
  if (invoice->state != SESSIO_INVOICE_STATE_DRAFT)
    return refused (error, _("This invoice is already issued"));
  if (!get_provider_for_issue (self, &provider, error))
    return FALSE;
  if (!sessio_patient_store_get_engagement (self->patients, invoice->engagement_id, &engagement, error))
    return FALSE;

  /* What is issued must be what the sessions give now: a session edited,
   * added or erased since the draft was made means the user has not seen
   * this invoice yet. */
  if ((fresh = build_lines (self, invoice->engagement_id, invoice->period_from, invoice->period_to,
                            id, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < invoice->lines->len; i++)
    line_signature (stored_signature, g_ptr_array_index (invoice->lines, i));
  for (guint i = 0; i < fresh->len; i++)
    line_signature (fresh_signature, g_ptr_array_index (fresh, i));
  if (invoice->lines->len == 0)
    return refused (error, _("There is nothing to invoice for this engagement in this period"));
  if (!g_string_equal (stored_signature, fresh_signature))
    return refused (error, _("The sessions of this period changed since the draft was made: make the draft again and check it before issuing"));

  if (date == NULL)
    {
      get_today (self, today);
      date = today;
    }

  if (!begin (self, error))
    return FALSE;
  ok = stamp_issued (db, id, date, &provider, engagement.language != NULL ? engagement.language : "nl",
                     engagement.network_name, engagement.network, engagement.invoice_to, error);
  ok = ok && sessio_audit_append (db, "issue", "invoice", id, error);
  return finish (self, ok, error);
}

gboolean
sessio_invoice_store_set_paid (SessioInvoiceStore  *self,
                               gint64               id,
                               const char          *date,
                               GError             **error)
{
  g_autoptr(SessioInvoice) invoice = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gboolean ok;
  char today[11];

  g_return_val_if_fail (SESSIO_IS_INVOICE_STORE (self), FALSE);

  if (!check_date (date, error))
    return FALSE;
  if ((db = sessio_patient_store_get_db (self->patients, error)) == NULL)
    return FALSE;
  if ((invoice = get_in (db, id, FALSE, error)) == NULL)
    return FALSE;
  if (g_strcmp0 (invoice->kind, "invoice") != 0)
    return refused (error, _("Only an invoice can be marked paid"));
  switch (invoice->state)
    {
    case SESSIO_INVOICE_STATE_DRAFT:
      return refused (error, _("Issue the invoice before marking it paid"));
    case SESSIO_INVOICE_STATE_PAID:
      return refused (error, _("This invoice is already marked paid"));
    case SESSIO_INVOICE_STATE_CREDITED:
      return refused (error, _("This invoice was cancelled by a credit note"));
    case SESSIO_INVOICE_STATE_ISSUED:
    default:
      break;
    }
  if (date == NULL)
    {
      get_today (self, today);
      date = today;
    }
  if (strcmp (date, invoice->issued_at) < 0)
    return invalid (error, _("An invoice cannot be paid before it was issued"));

  if (!begin (self, error))
    return FALSE;
  ok = (stmt = sessio_sql_prepare (db, "UPDATE invoice SET paid_at = ? WHERE id = ?", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, id);
      ok = sessio_sql_run (stmt, _("An issued invoice cannot be changed: cancel it with a credit note"), error);
    }
  ok = ok && sessio_audit_append (db, "paid", "invoice", id, error);
  return finish (self, ok, error);
}

gboolean
sessio_invoice_store_set_unpaid (SessioInvoiceStore  *self,
                                 gint64               id,
                                 GError             **error)
{
  g_autoptr(SessioInvoice) invoice = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (SESSIO_IS_INVOICE_STORE (self), FALSE);

  if ((db = sessio_patient_store_get_db (self->patients, error)) == NULL)
    return FALSE;
  if ((invoice = get_in (db, id, FALSE, error)) == NULL)
    return FALSE;
  if (invoice->state != SESSIO_INVOICE_STATE_PAID)
    return refused (error, _("This invoice is not marked paid"));

  if (!begin (self, error))
    return FALSE;
  ok = (stmt = sessio_sql_prepare (db, "UPDATE invoice SET paid_at = NULL WHERE id = ?", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      ok = sessio_sql_run (stmt, _("An issued invoice cannot be changed: cancel it with a credit note"), error);
    }
  ok = ok && sessio_audit_append (db, "unpaid", "invoice", id, error);
  return finish (self, ok, error);
}

gint64
sessio_invoice_store_credit (SessioInvoiceStore  *self,
                             gint64               id,
                             const char          *date,
                             GError             **error)
{
  g_autoptr(SessioInvoice) invoice = NULL;
  g_auto(SessioProvider) provider = { 0 };
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 credit_id = 0;
  gboolean ok;
  char today[11];

  g_return_val_if_fail (SESSIO_IS_INVOICE_STORE (self), 0);

  if (!check_date (date, error))
    return 0;
  if ((db = sessio_patient_store_get_db (self->patients, error)) == NULL)
    return 0;
  if ((invoice = get_in (db, id, TRUE, error)) == NULL)
    return 0;
  if (g_strcmp0 (invoice->kind, "invoice") != 0)
    {
      refused (error, _("A credit note cannot be credited"));
      return 0;
    }
  if (invoice->state == SESSIO_INVOICE_STATE_DRAFT)
    {
      refused (error, _("A draft is not credited: change it or delete it"));
      return 0;
    }
  if (invoice->state == SESSIO_INVOICE_STATE_CREDITED)
    {
      refused (error, _("This invoice was already cancelled by a credit note"));
      return 0;
    }
  if (!get_provider_for_issue (self, &provider, error))
    return 0;
  if (date == NULL)
    {
      get_today (self, today);
      date = today;
    }
  if (strcmp (date, invoice->issued_at) < 0)
    {
      invalid (error, _("A credit note cannot be dated before the invoice it cancels"));
      return 0;
    }

  if (!begin (self, error))
    return 0;
  /* Inserted as a draft with its lines, then stamped: the same path as
   * an invoice, and one transaction, so no half-made credit note. */
  ok = (stmt = sessio_sql_prepare (db,
                        "INSERT INTO invoice (engagement_id, kind, month, status, credits_invoice_id,"
                        " period_from, period_to, created_at, rule_set)"
                        " SELECT engagement_id, 'credit-note', month, 'draft', id, period_from, period_to, ?, rule_set"
                        " FROM invoice WHERE id = ?", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, id);
      ok = sessio_sql_run (stmt, _("An issued invoice cannot be changed: cancel it with a credit note"), error);
      credit_id = sqlite3_last_insert_rowid (db);
    }
  ok = ok && insert_lines (db, credit_id, invoice->lines, TRUE, error);
  /* The credit note speaks to the same network as the invoice it
   * cancels, whatever the engagement says today. */
  ok = ok && stamp_issued (db, credit_id, date, &provider, invoice->language, invoice->network_name,
                           invoice->network, invoice->recipient, error);
  ok = ok && sessio_audit_append (db, "credit", "invoice", credit_id, error);
  return finish (self, ok, error) ? credit_id : 0;
}

gboolean
sessio_invoice_store_delete_draft (SessioInvoiceStore  *self,
                                   gint64               id,
                                   GError             **error)
{
  g_autoptr(SessioInvoice) invoice = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (SESSIO_IS_INVOICE_STORE (self), FALSE);

  if ((db = sessio_patient_store_get_db (self->patients, error)) == NULL)
    return FALSE;
  if ((invoice = get_in (db, id, FALSE, error)) == NULL)
    return FALSE;
  if (invoice->state != SESSIO_INVOICE_STATE_DRAFT)
    return refused (error, _("An issued invoice cannot be deleted: cancel it with a credit note"));

  if (!begin (self, error))
    return FALSE;
  ok = (stmt = sessio_sql_prepare (db, "DELETE FROM invoice WHERE id = ? AND status = 'draft'", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      ok = sessio_sql_run (stmt, _("An issued invoice cannot be changed: cancel it with a credit note"), error);
    }
  ok = ok && sessio_audit_append (db, "delete", "invoice", id, error);
  return finish (self, ok, error);
}

/* ------------------------------------------------------------ receipts */

static gint
compare_receipt_lines (gconstpointer a,
                       gconstpointer b)
{
  const SessioReceiptLine *x = *(SessioReceiptLine * const *) a;
  const SessioReceiptLine *y = *(SessioReceiptLine * const *) b;
  int c = strcmp (x->date, y->date);

  if (c != 0)
    return c;
  return x->session_id < y->session_id ? -1 : x->session_id > y->session_id;
}

SessioReceipt *
sessio_invoice_store_receipt (SessioInvoiceStore  *self,
                              gint64               patient_id,
                              const char          *from,
                              const char          *to,
                              gint64               session_id,
                              GError             **error)
{
  g_autoptr(SessioReceipt) receipt = g_new0 (SessioReceipt, 1);
  g_autoptr(SessioPatient) patient = NULL;
  g_autoptr(GPtrArray) trajectories = NULL;
  g_auto(SessioProvider) provider = { 0 };
  g_autoptr(GError) local_error = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  char after[11], today[11];

  g_return_val_if_fail (SESSIO_IS_INVOICE_STORE (self), NULL);

  if (!check_period (from, to, after, error))
    return NULL;
  if ((db = sessio_patient_store_get_db (self->patients, error)) == NULL)
    return NULL;
  /* Reading the patient audits the view. */
  if ((patient = sessio_patient_store_get_patient (self->patients, patient_id, error)) == NULL)
    return NULL;
  if ((trajectories = sessio_patient_store_list_trajectories (self->patients, patient_id, error)) == NULL)
    return NULL;
  if (!sessio_patient_store_get_provider (self->patients, &provider, &local_error) && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  get_today (self, today);
  receipt->patient_id = patient_id;
  receipt->patient_name = g_strdup (patient->name);
  receipt->insz = g_strdup (patient->insz);
  receipt->period_from = g_strdup (from);
  receipt->period_to = g_strdup (to);
  receipt->provider_name = g_strdup (provider.name);
  receipt->provider_riziv = g_strdup (provider.riziv);
  receipt->provider_kbo = g_strdup (provider.kbo);
  receipt->provider_address = g_strdup (provider.address);
  receipt->issued_at = g_strdup (today);
  receipt->lines = g_ptr_array_new_with_free_func (receipt_line_free);

  /* Whether the co-payment was received: the session's own column, or
   * the participant's in a group. */
  if ((stmt = sessio_sql_prepare (db, "SELECT coalesce ((SELECT g.copay FROM group_participant g"
                           "  WHERE g.session_id = s.id AND g.trajectory_id = ?2), s.copay)"
                           " FROM session s WHERE s.id = ?1", error)) == NULL)
    return NULL;

  for (guint t = 0; t < trajectories->len; t++)
    {
      const SessioTrajectory *trajectory = g_ptr_array_index (trajectories, t);
      g_autoptr(SessioTrajectoryEvaluation) evaluation = NULL;

      if (receipt->language == NULL && patient->language == NULL)
        {
          g_auto(SessioEngagement) engagement = { 0 };

          if (sessio_patient_store_get_engagement (self->patients, trajectory->engagement_id, &engagement, NULL))
            receipt->language = g_strdup (engagement.language);
        }
      if ((evaluation = sessio_patient_store_evaluate_held (self->patients, trajectory->id, error)) == NULL)
        {
          sqlite3_finalize (stmt);
          return NULL;
        }
      for (guint i = 0; i < evaluation->sessions->len; i++)
        {
          const SessioSessionEvaluation *entry = &g_array_index (evaluation->sessions, SessioSessionEvaluation, i);
          SessioReceiptLine *line;
          char date[11];

          if (entry->outside_convention || entry->info.status != SESSIO_STATUS_HELD ||
              !entry->result.billable || (session_id > 0 && entry->session_id != session_id))
            continue;
          sessio_date_to_iso (&entry->info.date, date);
          if (strcmp (date, from) < 0 || strcmp (date, to) > 0)
            continue;

          line = g_new0 (SessioReceiptLine, 1);
          line->session_id = entry->session_id;
          line->date = g_strdup (date);
          line->care = g_strdup (sessio_care_to_string (entry->info.care));
          line->setting = g_strdup (sessio_setting_to_string (entry->info.setting));
          line->location = g_strdup (sessio_location_to_string (entry->info.location));
          line->copay_cents = entry->result.copay_cents;
          sqlite3_reset (stmt);
          sqlite3_bind_int64 (stmt, 1, entry->session_id);
          sqlite3_bind_int64 (stmt, 2, trajectory->id);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            line->copay_received = sessio_sql_column_text (stmt, 0);
          receipt->total_cents += line->copay_cents;
          g_ptr_array_add (receipt->lines, line);
        }
    }
  sqlite3_finalize (stmt);
  g_ptr_array_sort (receipt->lines, compare_receipt_lines);

  if (patient->language != NULL)
    {
      g_free (receipt->language);
      receipt->language = g_strdup (patient->language);
    }
  if (receipt->language == NULL)
    receipt->language = g_strdup ("nl");

  if (session_id > 0 && receipt->lines->len == 0)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND,
                           _("This patient has no held session under the convention with that id in the period"));
      return NULL;
    }
  return g_steal_pointer (&receipt);
}
