/* sessio-patient-store.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change follows the same pattern: validate everything that can be
 * checked without the database, begin a vault transaction, check what
 * needs the database (the rules engine included), write, audit, commit.
 * Any failure after begin rolls back, so nothing is ever half saved.
 *
 * Error messages never quote the rejected value: they end up on screens,
 * in scripts' logs and in bug reports.
 */

#include "config.h"

#include <sodium.h>

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-clock.h"
#include "sessio-format.h"
#include "sessio-ident.h"
#include "sessio-patient-store-private.h"
#include "sessio-schema.h"
#include "sessio-sql-private.h"

G_DEFINE_FINAL_TYPE (SessioPatientStore, sessio_patient_store, G_TYPE_OBJECT)

/* ------------------------------------------------------------ choices */

static const SessioChoice problem_categories[] = {
  { "anxiety", N_("Anxiety") },
  { "mood", N_("Low mood") },
  { "school-functioning", N_("Functioning at school") },
  { "social", N_("Social relationships") },
  { "family", N_("Family situation") },
  { "trauma", N_("Traumatic experience") },
  { "self-image", N_("Self-image") },
  { "sleep", N_("Sleep") },
  { "behaviour", N_("Behaviour") },
  { "grief", N_("Grief and loss") },
  { "substance-use", N_("Substance use") },
  { "eating", N_("Eating") },
  { "other", N_("Other") },
};

static const SessioChoice education_segments[] = {
  { "primary", N_("Primary education") },
  { "special-primary", N_("Special primary education") },
  { "secondary", N_("Secondary education") },
  { "special-secondary", N_("Special secondary education") },
  { "dbso", N_("Part-time vocational secondary education") },
  { "higher", N_("Higher education") },
  { "none", N_("Not in education") },
};

/* What the patient's consent covers.  Stored by id: the file keeps
 * "care-and-billing", the screen and the documents say it in words. */
static const SessioChoice consent_scopes[] = {
  { "care", N_("The care only") },
  { "care-and-billing", N_("The care and its invoicing") },
  { "care-billing-and-consultation", N_("The care, its invoicing and consultation with other care providers") },
};

/* Short, capitalised names for meters and documents; the rules module's
 * labels ("psychological support") are for sentences. */
static const char *const care_titles[SESSIO_N_CARES] = {
  [SESSIO_CARE_COMMUNITY] = N_("Community intervention"),
  [SESSIO_CARE_SUPPORT] = N_("Support"),
  [SESSIO_CARE_TREATMENT] = N_("Treatment"),
  [SESSIO_CARE_FIRST_LINE] = N_("First-line care"),
  [SESSIO_CARE_SPECIALISED] = N_("Specialised care"),
};

const char *
sessio_care_get_title_msgid (SessioCare care)
{
  g_return_val_if_fail ((guint) care < SESSIO_N_CARES, "");
  return care_titles[care];
}

const char *
sessio_care_get_title (SessioCare care)
{
  return _(sessio_care_get_title_msgid (care));
}

const SessioChoice *
sessio_problem_categories (guint *n_categories)
{
  *n_categories = G_N_ELEMENTS (problem_categories);
  return problem_categories;
}

const SessioChoice *
sessio_consent_scopes (guint *n_scopes)
{
  *n_scopes = G_N_ELEMENTS (consent_scopes);
  return consent_scopes;
}

const SessioChoice *
sessio_education_segments (guint *n_segments)
{
  *n_segments = G_N_ELEMENTS (education_segments);
  return education_segments;
}

/* The CLB's four guidance domains (sources/001: leren en studeren,
 * onderwijsloopbaan, psychisch en sociaal functioneren, preventieve
 * gezondheidszorg). */
static const SessioChoice clb_domains[] = {
  { "learning", N_("Learning and studying") },
  { "educational-career", N_("Educational career") },
  { "psychosocial", N_("Psychological and social functioning") },
  { "preventive-health", N_("Preventive health care") },
};

const SessioChoice *
sessio_clb_domains (guint *n_domains)
{
  *n_domains = G_N_ELEMENTS (clb_domains);
  return clb_domains;
}

const char *
sessio_choice_get_label (const SessioChoice *choices,
                         guint               n_choices,
                         const char         *id)
{
  for (guint i = 0; i < n_choices; i++)
    if (g_strcmp0 (choices[i].id, id) == 0)
      return _(choices[i].label);
  return id;
}

gboolean
store_choice_known (const SessioChoice *choices,
              guint               n_choices,
              const char         *id)
{
  for (guint i = 0; i < n_choices; i++)
    if (g_strcmp0 (choices[i].id, id) == 0)
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------ records */

void
sessio_provider_clear (SessioProvider *self)
{
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->riziv, g_free);
  g_clear_pointer (&self->kbo, g_free);
  g_clear_pointer (&self->iban, g_free);
  g_clear_pointer (&self->address, g_free);
}

void
sessio_engagement_clear (SessioEngagement *self)
{
  g_clear_pointer (&self->network_name, g_free);
  g_clear_pointer (&self->network, g_free);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->invoice_to, g_free);
  g_clear_pointer (&self->language, g_free);
}

static void
guardian_free (gpointer data)
{
  SessioGuardian *guardian = data;

  g_free (guardian->name);
  g_free (guardian->relation);
  g_free (guardian->phone);
  g_free (guardian->email);
  g_free (guardian);
}

void
sessio_patient_free (SessioPatient *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->birth_date);
  g_free (self->insz);
  g_free (self->sex);
  g_free (self->insurer);
  g_free (self->bim_valid_from);
  g_free (self->bim_valid_to);
  g_free (self->phone);
  g_free (self->email);
  g_free (self->address);
  g_free (self->language);
  g_free (self->school);
  g_free (self->segment);
  g_free (self->consent_date);
  g_free (self->consent_scope);
  g_strfreev (self->problems);
  g_free (self->notes);
  g_clear_pointer (&self->guardians, g_ptr_array_unref);
  g_free (self->closed_at);
  g_free (self);
}

void
sessio_trajectory_free (SessioTrajectory *self)
{
  if (self == NULL)
    return;
  g_free (self->start_date);
  g_free (self->end_date);
  g_free (self->bilan_date);
  g_free (self->bilan_summary);
  g_free (self->outcome);
  g_free (self->referred_to);
  g_free (self->goals);
  g_free (self->closing_summary);
  g_free (self);
}

void
sessio_session_clear (SessioSession *self)
{
  g_clear_pointer (&self->starts_at, g_free);
  g_clear_pointer (&self->care, g_free);
  g_clear_pointer (&self->setting, g_free);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->context, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->copay, g_free);
  g_clear_pointer (&self->notes, g_free);
  g_clear_pointer (&self->trajectories, g_array_unref);
  g_clear_pointer (&self->copay_date, g_free);
}

void
sessio_participant_free (SessioParticipant *self)
{
  if (self == NULL)
    return;
  g_free (self->patient_name);
  g_free (self->status);
  g_free (self->copay);
  g_free (self->copay_date);
  g_free (self);
}

void
sessio_change_free (SessioChange *self)
{
  if (self == NULL)
    return;
  g_free (self->changed_at);
  g_free (self->field);
  g_free (self->old_value);
  g_free (self);
}

void
sessio_closure_free (SessioClosure *self)
{
  if (self == NULL)
    return;
  g_free (self->at);
  g_free (self->action);
  g_free (self->by_whom);
  g_free (self->reason);
  g_free (self);
}

void
sessio_retention_free (SessioRetention *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->last_contact);
  g_free (self->erasable_from);
  g_free (self->erase_by);
  g_free (self);
}

void
sessio_trajectory_evaluation_free (SessioTrajectoryEvaluation *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->sessions, g_array_unref);
  g_free (self);
}

/* ------------------------------------------------------------- object */

static void
sessio_patient_store_finalize (GObject *object)
{
  SessioPatientStore *self = SESSIO_PATIENT_STORE (object);

  if (self->snapshot != NULL)
    {
      sqlite3_int64 size = 0;
      unsigned char *image = sqlite3_serialize (self->snapshot, "main", &size, SQLITE_SERIALIZE_NOCOPY);

      /* Patient data: zero the copy before SQLite frees it, as the vault
       * does with its own. */
      if (image != NULL && size > 0)
        sodium_memzero (image, (gsize) size);
      sqlite3_close_v2 (self->snapshot);
    }
  g_clear_object (&self->vault);
  g_clear_pointer (&self->rules, sessio_rules_unref);

  G_OBJECT_CLASS (sessio_patient_store_parent_class)->finalize (object);
}

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
sessio_patient_store_class_init (SessioPatientStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sessio_patient_store_finalize;

  /* After every committed change (not after an audited read): the
   * views that show more than one patient, such as the agenda, reload. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sessio_patient_store_init (SessioPatientStore *self)
{
}

SessioPatientStore *
sessio_patient_store_new (SessioVault *vault,
                          SessioRules *rules)
{
  SessioPatientStore *self;

  g_return_val_if_fail (SESSIO_IS_VAULT (vault), NULL);

  self = g_object_new (SESSIO_TYPE_PATIENT_STORE, NULL);
  self->vault = g_object_ref (vault);
  if (rules != NULL)
    self->rules = sessio_rules_ref (rules);
  else
    {
      g_autoptr(GError) error = NULL;

      self->rules = sessio_rules_new_default (&error);
      /* The rule sets are compiled in: failing to load them is a bug. */
      if (self->rules == NULL)
        g_critical ("The shipped rule sets do not load: %s", error->message);
    }

  return self;
}

SessioPatientStore *
sessio_patient_store_new_snapshot (SessioPatientStore  *self,
                                   GError             **error)
{
  g_autoptr(SessioPatientStore) copy = NULL;
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  sqlite3_int64 size = 0;
  unsigned char *image;

  if (db == NULL)
    return NULL;
  /* The in-memory database holds every committed transaction: its image
   * is consistent, as a backup's is. */
  image = sqlite3_serialize (db, "main", &size, 0);
  if (image == NULL)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED, _("Not enough memory to read the vault"));
      return NULL;
    }
  copy = sessio_patient_store_new (self->vault, self->rules);
  if (sqlite3_open_v2 (":memory:", &copy->snapshot, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) != SQLITE_OK ||
      sqlite3_deserialize (copy->snapshot, "main", image, size, size,
                           SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY) != SQLITE_OK)
    {
      /* sqlite3_deserialize() frees the image on failure too. */
      if (copy->snapshot == NULL)
        {
          sodium_memzero (image, (gsize) size);
          sqlite3_free (image);
        }
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED, _("Not enough memory to read the vault"));
      return NULL;
    }
  return g_steal_pointer (&copy);
}

SessioVault *
sessio_patient_store_get_vault (SessioPatientStore *self)
{
  return self->vault;
}

/**
 * sessio_patient_store_set_rules:
 * @rules: the effective rules, e.g. after the user changed an amount
 *
 * Evaluations from now on use @rules.
 */
void
sessio_patient_store_set_rules (SessioPatientStore *self,
                                SessioRules        *rules)
{
  g_return_if_fail (SESSIO_IS_PATIENT_STORE (self));
  g_return_if_fail (rules != NULL);

  sessio_rules_ref (rules);
  g_clear_pointer (&self->rules, sessio_rules_unref);
  self->rules = rules;
}

SessioRules *
sessio_patient_store_get_rules (SessioPatientStore *self)
{
  return self->rules;
}

void
store_get_today (SessioPatientStore *self,
                 GDate              *today)
{
  sessio_clock_today (today);
}

/**
 * sessio_patient_store_get_today:
 * @today: (out): the day the store takes as today
 *
 * The store's today (the clock's, sessio_clock_today()), for callers
 * that check dates as the store does (the CSV import).
 */
void
sessio_patient_store_get_today (SessioPatientStore *self,
                                GDate              *today)
{
  store_get_today (self, today);
}

sqlite3 *
sessio_patient_store_get_db (SessioPatientStore  *self,
                             GError             **error)
{
  if (self->snapshot != NULL)
    return self->snapshot;
  if (!sessio_vault_is_open (self->vault))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_LOCKED, _("The vault is locked"));
      return NULL;
    }
  return sessio_vault_get_db (self->vault);
}

/* ------------------------------------------------------------ helpers */

gboolean
store_invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT, message);
  return FALSE;
}

/* A name is one line of text: no control character (a tab, a line break,
 * an escape sequence that would drive a terminal when listed) and no
 * bidirectional override (which makes text display other than it reads).
 * Notes may hold line breaks; they are escaped where they are printed. */
static gboolean
name_is_clean (const char *name)
{
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
          (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
        return FALSE;
    }
  return TRUE;
}

/* Names the field at fault for a refusal whose error is already set. */
static void
name_field (const char **field,
            const char  *name)
{
  if (field != NULL)
    *field = name;
}

static gboolean
invalid_name (GError **error)
{
  return store_invalid (error, _("A name cannot contain control characters such as tabs or line breaks"));
}

gboolean
store_invalid_at (const char **field,
                  const char  *name,
                  GError     **error,
                  const char  *message)
{
  if (field != NULL)
    *field = name;
  return store_invalid (error, message);
}

gboolean
store_closed (GError **error)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                       _("This patient’s file is closed: reopen it to change it"));
  return FALSE;
}

gboolean
store_is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

gboolean
store_begin (SessioPatientStore  *self,
       GError             **error)
{
  if (sessio_patient_store_get_db (self, error) == NULL)
    return FALSE;
  if (self->batch)
    return sessio_db_exec (sessio_vault_get_db (self->vault), "SAVEPOINT store_change", error);
  return sessio_vault_begin (self->vault, error);
}

/* Commits when @ok, else rolls back; returns whether it all worked. */
gboolean
store_finish_quietly (SessioPatientStore  *self,
                gboolean             ok,
                GError             **error)
{
  /* In a batch a refused change undoes only itself: the batch goes on,
   * and its owner decides at the end whether anything is kept. */
  if (self->batch)
    {
      sqlite3 *db = sessio_vault_get_db (self->vault);

      if (ok)
        return sessio_db_exec (db, "RELEASE store_change", error);
      sqlite3_exec (db, "ROLLBACK TO store_change; RELEASE store_change", NULL, NULL, NULL);
      return FALSE;
    }
  if (ok && sessio_vault_commit (self->vault, error))
    return TRUE;
  if (sessio_vault_in_transaction (self->vault))
    sessio_vault_rollback (self->vault);
  return FALSE;
}

/* The same, and ::changed once a change is committed (a batch says it
 * once, at its end). */
gboolean
store_finish (SessioPatientStore  *self,
        gboolean             ok,
        GError             **error)
{
  if (!store_finish_quietly (self, ok, error))
    return FALSE;
  if (!self->batch)
    g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

gboolean
sessio_patient_store_begin_batch (SessioPatientStore  *self,
                                  GError             **error)
{
  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (self), FALSE);
  g_return_val_if_fail (!self->batch, FALSE);

  if (sessio_patient_store_get_db (self, error) == NULL ||
      !sessio_vault_begin (self->vault, error))
    return FALSE;
  self->batch = TRUE;
  return TRUE;
}

gboolean
sessio_patient_store_end_batch (SessioPatientStore  *self,
                                gboolean             commit,
                                GError             **error)
{
  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (self), FALSE);
  g_return_val_if_fail (self->batch, FALSE);

  self->batch = FALSE;
  if (commit && sessio_vault_commit (self->vault, error))
    {
      g_signal_emit (self, signals[CHANGED], 0);
      return TRUE;
    }
  if (sessio_vault_in_transaction (self->vault))
    sessio_vault_rollback (self->vault);
  return !commit;
}

gboolean
store_parse_date (const char  *text,
            GDate       *date)
{
  g_date_clear (date, 1);
  return store_is_set (text) && sessio_date_parse_iso (text, date);
}

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" (also with a space) into @date and a
 * normalised text. */
gboolean
store_parse_when (const char  *text,
            GDate       *date,
            char         out[17])
{
  char day[11];
  guint hour = 0, minute = 0;

  if (!store_is_set (text) || strlen (text) < 10)
    return FALSE;
  memcpy (day, text, 10);
  day[10] = '\0';
  if (!sessio_date_parse_iso (day, date))
    return FALSE;
  if (text[10] == '\0')
    {
      g_strlcpy (out, day, 17);
      return TRUE;
    }
  if ((text[10] != 'T' && text[10] != ' ') || strlen (text) != 16 ||
      !g_ascii_isdigit (text[11]) || !g_ascii_isdigit (text[12]) || text[13] != ':' ||
      !g_ascii_isdigit (text[14]) || !g_ascii_isdigit (text[15]))
    return FALSE;
  hour = (guint) (text[11] - '0') * 10 + (guint) (text[12] - '0');
  minute = (guint) (text[14] - '0') * 10 + (guint) (text[15] - '0');
  if (hour > 23 || minute > 59)
    return FALSE;
  g_snprintf (out, 17, "%sT%02u:%02u", day, hour, minute);
  return TRUE;
}

gboolean
store_one_of (const char         *text,
        const char * const *values)
{
  for (guint i = 0; values[i] != NULL; i++)
    if (g_strcmp0 (text, values[i]) == 0)
      return TRUE;
  return FALSE;
}

static const char * const languages[] = { "nl", "fr", "de", NULL };

gboolean
store_row_exists (sqlite3     *db,
            const char  *sql,
            gint64       id)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

gboolean
store_not_found (GError     **error,
           const char  *message)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND, message);
  return FALSE;
}

/* ----------------------------------------------------------- provider */

gboolean
sessio_patient_store_set_provider (SessioPatientStore    *self,
                                   const SessioProvider  *provider,
                                   gboolean              *riziv_checksum_ok,
                                   GError               **error)
{
  char riziv[SESSIO_RIZIV_LEN] = "", kbo[SESSIO_KBO_LEN] = "", iban[SESSIO_IBAN_LEN] = "";
  gboolean checksum_ok = TRUE;
  g_autofree char *name = g_strstrip (g_strdup (provider->name != NULL ? provider->name : ""));
  sqlite3_stmt *stmt;
  gboolean ok;

  if (*name == '\0')
    return store_invalid (error, _("The provider needs a name"));
  if (!g_utf8_validate (name, -1, NULL) || !name_is_clean (name))
    return invalid_name (error);
  if (!store_is_set (provider->riziv))
    return store_invalid (error, _("The provider needs a RIZIV number"));
  if (!sessio_riziv_validate (provider->riziv, riziv, &checksum_ok, error))
    return FALSE;
  if (store_is_set (provider->kbo) && !sessio_kbo_validate (provider->kbo, kbo, error))
    return FALSE;
  if (store_is_set (provider->iban) && !sessio_iban_validate (provider->iban, iban, error))
    return FALSE;
  if (riziv_checksum_ok != NULL)
    *riziv_checksum_ok = checksum_ok;

  if (!store_begin (self, error))
    return FALSE;
  stmt = sessio_sql_prepare (sessio_vault_get_db (self->vault),
                  "INSERT INTO provider (id, name, riziv, kbo, iban, address) VALUES (1, ?, ?, ?, ?, ?)"
                  " ON CONFLICT (id) DO UPDATE SET name = excluded.name, riziv = excluded.riziv,"
                  " kbo = excluded.kbo, iban = excluded.iban, address = excluded.address", error);
  ok = stmt != NULL;
  if (ok)
    {
      sessio_sql_bind_text (stmt, 1, name);
      sessio_sql_bind_text (stmt, 2, riziv);
      sessio_sql_bind_text (stmt, 3, kbo);
      sessio_sql_bind_text (stmt, 4, iban);
      sessio_sql_bind_text (stmt, 5, provider->address);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error) && store_audit (self, "update", "provider", 1, error);
    }
  return store_finish (self, ok, error);
}

gboolean
sessio_patient_store_get_provider (SessioPatientStore  *self,
                                   SessioProvider      *provider,
                                   GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  memset (provider, 0, sizeof *provider);
  if (db == NULL ||
      (stmt = sessio_sql_prepare (db, "SELECT name, riziv, kbo, iban, address FROM provider WHERE id = 1", error)) == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      provider->name = sessio_sql_column_text (stmt, 0);
      provider->riziv = sessio_sql_column_text (stmt, 1);
      provider->kbo = sessio_sql_column_text (stmt, 2);
      provider->iban = sessio_sql_column_text (stmt, 3);
      provider->address = sessio_sql_column_text (stmt, 4);
      found = TRUE;
    }
  sqlite3_finalize (stmt);
  return found;
}

/* --------------------------------------------------------- engagement */

gint64
sessio_patient_store_add_engagement (SessioPatientStore      *self,
                                     const SessioEngagement  *engagement,
                                     GError                 **error)
{
  static const char * const networks[] = { "youth", "adult", NULL };
  static const char * const models[] = { "clb-salaried", "independent", "organisation-salaried", NULL };
  g_autofree char *name = g_strstrip (g_strdup (engagement->network_name != NULL ? engagement->network_name : ""));
  sqlite3_stmt *stmt;
  gint64 id = 0;
  gboolean ok;

  if (*name == '\0')
    return store_invalid (error, _("The engagement needs the name of its network")), 0;
  if (!g_utf8_validate (name, -1, NULL) || !name_is_clean (name))
    return invalid_name (error), 0;
  if (!store_one_of (engagement->network, networks))
    return store_invalid (error, _("The network must be “youth” or “adult”")), 0;
  if (!store_one_of (engagement->model, models))
    return store_invalid (error, _("The model must be “clb-salaried”, “independent” or “organisation-salaried”")), 0;
  if (store_is_set (engagement->language) && !store_one_of (engagement->language, languages))
    return store_invalid (error, _("The document language must be “nl”, “fr” or “de”")), 0;
  if (engagement->weekly_contingent < -1 || engagement->weekly_contingent > 200)
    return store_invalid (error, _("The weekly contingent must be between 0 and 200 sessions")), 0;

  if (!store_begin (self, error))
    return 0;
  stmt = sessio_sql_prepare (sessio_vault_get_db (self->vault),
                  "INSERT INTO engagement (network_name, network, model, invoice_to, language, weekly_contingent)"
                  " VALUES (?, ?, ?, ?, coalesce (?, 'nl'), ?)", error);
  ok = stmt != NULL;
  if (ok)
    {
      sessio_sql_bind_text (stmt, 1, name);
      sessio_sql_bind_text (stmt, 2, engagement->network);
      sessio_sql_bind_text (stmt, 3, engagement->model);
      sessio_sql_bind_text (stmt, 4, engagement->invoice_to);
      sessio_sql_bind_text (stmt, 5, engagement->language);
      if (engagement->weekly_contingent >= 0)
        sqlite3_bind_int (stmt, 6, engagement->weekly_contingent);
      else
        sqlite3_bind_null (stmt, 6);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
      id = sqlite3_last_insert_rowid (sessio_vault_get_db (self->vault));
      ok = ok && store_audit (self, "create", "engagement", id, error);
    }
  return store_finish (self, ok, error) ? id : 0;
}

gboolean
sessio_patient_store_get_engagement (SessioPatientStore  *self,
                                     gint64               id,
                                     SessioEngagement    *engagement,
                                     GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  memset (engagement, 0, sizeof *engagement);
  if (db == NULL ||
      (stmt = sessio_sql_prepare (db, "SELECT id, network_name, network, model, invoice_to, language,"
                           " coalesce (weekly_contingent, -1) FROM engagement WHERE id = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      engagement->id = sqlite3_column_int64 (stmt, 0);
      engagement->network_name = sessio_sql_column_text (stmt, 1);
      engagement->network = sessio_sql_column_text (stmt, 2);
      engagement->model = sessio_sql_column_text (stmt, 3);
      engagement->invoice_to = sessio_sql_column_text (stmt, 4);
      engagement->language = sessio_sql_column_text (stmt, 5);
      engagement->weekly_contingent = sqlite3_column_int (stmt, 6);
      found = TRUE;
    }
  sqlite3_finalize (stmt);
  if (!found)
    store_not_found (error, _("There is no such engagement"));
  return found;
}

static void
engagement_free (gpointer data)
{
  sessio_engagement_clear (data);
  g_free (data);
}

/**
 * sessio_patient_store_list_engagements:
 *
 * Returns: (transfer container): the provider's engagements (of
 *   #SessioEngagement), oldest first, or %NULL with @error set
 */
GPtrArray *
sessio_patient_store_list_engagements (SessioPatientStore  *self,
                                       GError             **error)
{
  g_autoptr(GPtrArray) engagements = g_ptr_array_new_with_free_func (engagement_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  sqlite3_stmt *stmt;

  if (db == NULL || (stmt = sessio_sql_prepare (db, "SELECT id FROM engagement ORDER BY id", error)) == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);

  /* Few rows: read each the one way engagements are read. */
  for (guint i = 0; i < ids->len; i++)
    {
      SessioEngagement *engagement = g_new0 (SessioEngagement, 1);

      if (!sessio_patient_store_get_engagement (self, g_array_index (ids, gint64, i), engagement, error))
        {
          engagement_free (engagement);
          return NULL;
        }
      g_ptr_array_add (engagements, engagement);
    }

  return g_steal_pointer (&engagements);
}

/* ------------------------------------------------------------ patient */

/* The validated, normalised form of a patient, ready to bind. */
typedef struct
{
  char       *name;
  char        insz[SESSIO_INSZ_LEN];
  char      **problems;
} CleanPatient;

static void
clean_patient_clear (CleanPatient *clean)
{
  g_free (clean->name);
  g_strfreev (clean->problems);
}

/* @stored_segment, @stored_scope: the patient's segment and consent
 * scope as stored, accepted even when this version does not list them
 * (older data: the scope used to be free text), so that a correction of
 * another field is not refused for them. */
static gboolean
validate_patient (SessioPatientStore  *self,
                  const SessioPatient *patient,
                  const char          *stored_segment,
                  const char          *stored_scope,
                  CleanPatient        *clean,
                  const char         **field,
                  GError             **error)
{
  static const char * const sexes[] = { "m", "f", "x", NULL };
  GDate birth, today, from, to, consent;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  memset (clean, 0, sizeof *clean);
  store_get_today (self, &today);

  clean->name = g_strstrip (g_strdup (patient->name != NULL ? patient->name : ""));
  if (*clean->name == '\0')
    return store_invalid_at (field, "name", error, _("The patient needs a name"));
  if (g_utf8_strlen (clean->name, -1) > 200 || !g_utf8_validate (clean->name, -1, NULL))
    return store_invalid_at (field, "name", error, _("The name is too long or not valid text"));
  if (!name_is_clean (clean->name))
    return name_field (field, "name"), invalid_name (error);

  if (!store_parse_date (patient->birth_date, &birth))
    return store_invalid_at (field, "birth_date", error, _("The birth date must be a real date written as YYYY-MM-DD"));
  if (g_date_compare (&birth, &today) > 0)
    return store_invalid_at (field, "birth_date", error, _("The birth date lies in the future"));
  if (g_date_get_year (&birth) < 1900)
    return store_invalid_at (field, "birth_date", error, _("The birth date is before 1900"));

  if (store_is_set (patient->sex) && !store_one_of (patient->sex, sexes))
    return store_invalid_at (field, "sex", error, _("The sex must be “m”, “f” or “x”"));

  if (store_is_set (patient->insz))
    {
      SessioInszInfo info;

      if (!sessio_insz_validate_on (patient->insz, &today, &info, error))
        return name_field (field, "insz"), FALSE;
      /* The number encodes the birth date (or the known part of it) and,
       * except in BIS numbers of the +20 kind, the sex: a mismatch is a
       * typing error in one of them. */
      if (!sessio_insz_info_matches_birth (&info, &birth))
        return store_invalid_at (field, "insz", error, _("The INSZ number does not match the birth date"));
      if (info.sex != SESSIO_INSZ_SEX_UNKNOWN && store_is_set (patient->sex) &&
          g_strcmp0 (patient->sex, "x") != 0 &&
          (g_strcmp0 (patient->sex, "m") == 0) != (info.sex == SESSIO_INSZ_SEX_MALE))
        return store_invalid_at (field, "insz", error, _("The INSZ number does not match the sex"));
      g_strlcpy (clean->insz, info.digits, sizeof clean->insz);
    }

  if (store_is_set (patient->insurer))
    {
      SessioInsurerUnion insurer_union;

      if (!sessio_insurer_union_from_code (patient->insurer, &insurer_union, error))
        return name_field (field, "insurer"), FALSE;
    }

  if (store_is_set (patient->bim_valid_from) && !store_parse_date (patient->bim_valid_from, &from))
    return store_invalid_at (field, "bim_valid_from", error, _("The start of the increased reimbursement must be a date written as YYYY-MM-DD"));
  if (store_is_set (patient->bim_valid_to) && !store_parse_date (patient->bim_valid_to, &to))
    return store_invalid_at (field, "bim_valid_to", error, _("The end of the increased reimbursement must be a date written as YYYY-MM-DD"));
  if (store_is_set (patient->bim_valid_from) && store_is_set (patient->bim_valid_to) && g_date_compare (&to, &from) < 0)
    return store_invalid_at (field, "bim_valid_to", error, _("The increased reimbursement ends before it starts"));
  if (!patient->bim && (store_is_set (patient->bim_valid_from) || store_is_set (patient->bim_valid_to)))
    return store_invalid_at (field, "bim", error, _("Validity dates of the increased reimbursement need the increased reimbursement itself"));

  if (store_is_set (patient->email) && strchr (patient->email, '@') == NULL)
    return store_invalid_at (field, "email", error, _("The e-mail address is not valid"));
  if (store_is_set (patient->language) && !store_one_of (patient->language, languages))
    return store_invalid_at (field, "language", error, _("The preferred language must be “nl”, “fr” or “de”"));
  if (store_is_set (patient->segment) && g_strcmp0 (patient->segment, stored_segment) != 0 &&
      !store_choice_known (education_segments, G_N_ELEMENTS (education_segments), patient->segment))
    return store_invalid_at (field, "education_segment", error, _("Unknown education segment"));

  if (store_is_set (patient->consent_date))
    {
      if (!store_parse_date (patient->consent_date, &consent))
        return store_invalid_at (field, "consent_date", error, _("The consent date must be a real date written as YYYY-MM-DD"));
      if (g_date_compare (&consent, &today) > 0)
        return store_invalid_at (field, "consent_date", error, _("The consent date lies in the future"));
    }
  if (store_is_set (patient->consent_scope) && g_strcmp0 (patient->consent_scope, stored_scope) != 0 &&
      !store_choice_known (consent_scopes, G_N_ELEMENTS (consent_scopes), patient->consent_scope))
    return store_invalid_at (field, "consent_scope", error, _("Unknown consent scope"));

  for (guint i = 0; patient->problems != NULL && patient->problems[i] != NULL; i++)
    {
      if (!store_choice_known (problem_categories, G_N_ELEMENTS (problem_categories), patient->problems[i]))
        return store_invalid_at (field, "problems", error, _("Unknown presenting-problem category"));
      if (!g_ptr_array_find_with_equal_func (problems, patient->problems[i], g_str_equal, NULL))
        g_ptr_array_add (problems, g_strdup (patient->problems[i]));
    }
  g_ptr_array_add (problems, NULL);
  clean->problems = (char **) g_ptr_array_free (g_steal_pointer (&problems), FALSE);

  for (guint i = 0; patient->guardians != NULL && i < patient->guardians->len; i++)
    {
      const SessioGuardian *guardian = g_ptr_array_index (patient->guardians, i);
      g_autofree char *guardian_name = g_strstrip (g_strdup (guardian->name != NULL ? guardian->name : ""));

      if (*guardian_name == '\0')
        return store_invalid_at (field, "guardians", error, _("Every guardian needs a name"));
      if (!g_utf8_validate (guardian_name, -1, NULL) || !name_is_clean (guardian_name))
        return name_field (field, "guardians"), invalid_name (error);
      if (store_is_set (guardian->email) && strchr (guardian->email, '@') == NULL)
        return store_invalid_at (field, "guardians", error, _("The e-mail address is not valid"));
    }

  return TRUE;
}

/**
 * sessio_patient_store_check_patient:
 * @field: (out) (optional): the field at fault, as the history names it
 *   ("name", "birth_date", "insz", ...)
 *
 * Whether @patient (a new one, or a correction when its id is set) would
 * be accepted, and otherwise why and at which field, so that a form can
 * mark that field before anything is written.
 */
gboolean
sessio_patient_store_check_patient (SessioPatientStore   *self,
                                    const SessioPatient  *patient,
                                    const char          **field,
                                    GError              **error)
{
  g_autofree char *stored_segment = NULL;
  g_autofree char *stored_scope = NULL;
  CleanPatient clean;
  gboolean ok;

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (self), FALSE);
  g_return_val_if_fail (patient != NULL, FALSE);

  if (field != NULL)
    *field = NULL;
  if (patient->id > 0)
    {
      sqlite3 *db = sessio_patient_store_get_db (self, error);
      sqlite3_stmt *stmt;

      if (db == NULL ||
          (stmt = sessio_sql_prepare (db, "SELECT education_segment, consent_scope FROM patient WHERE id = ?", error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, patient->id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          stored_segment = sessio_sql_column_text (stmt, 0);
          stored_scope = sessio_sql_column_text (stmt, 1);
        }
      sqlite3_finalize (stmt);
    }
  ok = validate_patient (self, patient, stored_segment, stored_scope, &clean, field, error);
  clean_patient_clear (&clean);
  return ok;
}

static gboolean
write_patient_lists (sqlite3             *db,
                     gint64               id,
                     const SessioPatient *patient,
                     const CleanPatient  *clean,
                     GError             **error)
{
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (db, "DELETE FROM patient_problem WHERE patient_id = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error))
    return FALSE;
  if ((stmt = sessio_sql_prepare (db, "DELETE FROM guardian WHERE patient_id = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error))
    return FALSE;

  for (guint i = 0; clean->problems[i] != NULL; i++)
    {
      if ((stmt = sessio_sql_prepare (db, "INSERT INTO patient_problem (patient_id, category) VALUES (?, ?)", error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sessio_sql_bind_text (stmt, 2, clean->problems[i]);
      if (!sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error))
        return FALSE;
    }

  for (guint i = 0; patient->guardians != NULL && i < patient->guardians->len; i++)
    {
      const SessioGuardian *guardian = g_ptr_array_index (patient->guardians, i);
      g_autofree char *guardian_name = g_strstrip (g_strdup (guardian->name));

      if ((stmt = sessio_sql_prepare (db, "INSERT INTO guardian (patient_id, name, relation, phone, email)"
                               " VALUES (?, ?, ?, ?, ?)", error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sessio_sql_bind_text (stmt, 2, guardian_name);
      sessio_sql_bind_text (stmt, 3, guardian->relation);
      sessio_sql_bind_text (stmt, 4, guardian->phone);
      sessio_sql_bind_text (stmt, 5, guardian->email);
      if (!sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error))
        return FALSE;
    }

  return TRUE;
}

/* Binds the patient's columns as ?1 … ?18 in the order of PATIENT_COLUMNS. */
#define PATIENT_COLUMNS "name, birth_date, insz, sex, insurer, bim, bim_valid_from, bim_valid_to," \
                        " phone, email, address, language, school, education_segment, consent_date," \
                        " consent_scope, vulnerable, notes"

static void
bind_patient (sqlite3_stmt        *stmt,
              const SessioPatient *patient,
              const CleanPatient  *clean)
{
  sessio_sql_bind_text (stmt, 1, clean->name);
  sessio_sql_bind_text (stmt, 2, patient->birth_date);
  sessio_sql_bind_text (stmt, 3, clean->insz);
  sessio_sql_bind_text (stmt, 4, patient->sex);
  sessio_sql_bind_text (stmt, 5, patient->insurer);
  sqlite3_bind_int (stmt, 6, patient->bim ? 1 : 0);
  sessio_sql_bind_text (stmt, 7, patient->bim_valid_from);
  sessio_sql_bind_text (stmt, 8, patient->bim_valid_to);
  sessio_sql_bind_text (stmt, 9, patient->phone);
  sessio_sql_bind_text (stmt, 10, patient->email);
  sessio_sql_bind_text (stmt, 11, patient->address);
  sessio_sql_bind_text (stmt, 12, patient->language);
  sessio_sql_bind_text (stmt, 13, patient->school);
  sessio_sql_bind_text (stmt, 14, patient->segment);
  sessio_sql_bind_text (stmt, 15, patient->consent_date);
  sessio_sql_bind_text (stmt, 16, patient->consent_scope);
  sqlite3_bind_int (stmt, 17, patient->vulnerable ? 1 : 0);
  sessio_sql_bind_text (stmt, 18, patient->notes);
}

static gboolean
insz_taken (sqlite3    *db,
            const char *insz,
            gint64      except_id)
{
  sqlite3_stmt *stmt = NULL;
  gboolean taken;

  if (*insz == '\0' ||
      sqlite3_prepare_v2 (db, "SELECT 1 FROM patient WHERE insz = ? AND id != ?", -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, insz, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, except_id);
  taken = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return taken;
}

gint64
sessio_patient_store_add_patient (SessioPatientStore  *self,
                                  const SessioPatient *patient,
                                  GError             **error)
{
  CleanPatient clean;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format_iso8601 (now);
  sqlite3_stmt *stmt;
  sqlite3 *db;
  gint64 id = 0;
  gboolean ok;

  if (!validate_patient (self, patient, NULL, NULL, &clean, NULL, error))
    {
      clean_patient_clear (&clean);
      return 0;
    }
  if (!store_begin (self, error))
    {
      clean_patient_clear (&clean);
      return 0;
    }
  db = sessio_vault_get_db (self->vault);

  if (insz_taken (db, clean.insz, 0))
    ok = store_invalid (error, _("Another patient already has this INSZ number"));
  else if ((stmt = sessio_sql_prepare (db, "INSERT INTO patient (" PATIENT_COLUMNS ", created_at)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                                " ?15, ?16, ?17, ?18, ?19)", error)) == NULL)
    ok = FALSE;
  else
    {
      bind_patient (stmt, patient, &clean);
      sqlite3_bind_text (stmt, 19, created, -1, SQLITE_TRANSIENT);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
      id = sqlite3_last_insert_rowid (db);
      ok = ok && write_patient_lists (db, id, patient, &clean, error) &&
           store_audit (self, "create", "patient", id, error);
    }

  clean_patient_clear (&clean);
  return store_finish (self, ok, error) ? id : 0;
}

static SessioPatient *
read_patient (sqlite3  *db,
              gint64    id,
              GError  **error)
{
  g_autoptr(SessioPatient) patient = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (db, "SELECT " PATIENT_COLUMNS ", erased, closed_at FROM patient WHERE id = ?", error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      store_not_found (error, _("There is no such patient"));
      return NULL;
    }

  patient = g_new0 (SessioPatient, 1);
  patient->id = id;
  patient->name = sessio_sql_column_text (stmt, 0);
  patient->birth_date = sessio_sql_column_text (stmt, 1);
  patient->insz = sessio_sql_column_text (stmt, 2);
  patient->sex = sessio_sql_column_text (stmt, 3);
  patient->insurer = sessio_sql_column_text (stmt, 4);
  patient->bim = sqlite3_column_int (stmt, 5) != 0;
  patient->bim_valid_from = sessio_sql_column_text (stmt, 6);
  patient->bim_valid_to = sessio_sql_column_text (stmt, 7);
  patient->phone = sessio_sql_column_text (stmt, 8);
  patient->email = sessio_sql_column_text (stmt, 9);
  patient->address = sessio_sql_column_text (stmt, 10);
  patient->language = sessio_sql_column_text (stmt, 11);
  patient->school = sessio_sql_column_text (stmt, 12);
  patient->segment = sessio_sql_column_text (stmt, 13);
  patient->consent_date = sessio_sql_column_text (stmt, 14);
  patient->consent_scope = sessio_sql_column_text (stmt, 15);
  patient->vulnerable = sqlite3_column_int (stmt, 16) != 0;
  patient->notes = sessio_sql_column_text (stmt, 17);
  patient->erased = sqlite3_column_int (stmt, 18) != 0;
  patient->closed_at = sessio_sql_column_text (stmt, 19);
  sqlite3_finalize (stmt);

  problems = g_ptr_array_new ();
  if ((stmt = sessio_sql_prepare (db, "SELECT category FROM patient_problem WHERE patient_id = ? ORDER BY category", error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (problems, sessio_sql_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_ptr_array_add (problems, NULL);
  patient->problems = (char **) g_ptr_array_free (g_steal_pointer (&problems), FALSE);

  patient->guardians = g_ptr_array_new_with_free_func (guardian_free);
  if ((stmt = sessio_sql_prepare (db, "SELECT name, relation, phone, email FROM guardian WHERE patient_id = ? ORDER BY id", error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SessioGuardian *guardian = g_new0 (SessioGuardian, 1);

      guardian->name = sessio_sql_column_text (stmt, 0);
      guardian->relation = sessio_sql_column_text (stmt, 1);
      guardian->phone = sessio_sql_column_text (stmt, 2);
      guardian->email = sessio_sql_column_text (stmt, 3);
      g_ptr_array_add (patient->guardians, guardian);
    }
  sqlite3_finalize (stmt);

  return g_steal_pointer (&patient);
}

SessioPatient *
sessio_patient_store_get_patient (SessioPatientStore  *self,
                                  gint64               id,
                                  GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  g_autoptr(SessioPatient) patient = NULL;

  if (db == NULL || (patient = read_patient (db, id, error)) == NULL)
    return NULL;
  if (!sessio_patient_store_audit_view (self, "view", "patient", id, error))
    return NULL;
  return g_steal_pointer (&patient);
}

GPtrArray *
sessio_patient_store_get_patient_history (SessioPatientStore  *self,
                                          gint64               id,
                                          GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  g_autoptr(GPtrArray) changes = NULL;

  if (db == NULL)
    return NULL;
  if (!store_row_exists (db, "SELECT 1 FROM patient WHERE id = ?", id))
    return store_not_found (error, _("There is no such patient")), NULL;
  changes = store_read_history (db, "patient_history", "patient_id", id, error);
  if (changes == NULL || !sessio_patient_store_audit_view (self, "view history", "patient", id, error))
    return NULL;
  return g_steal_pointer (&changes);
}

gint64
sessio_patient_store_find_insz (SessioPatientStore  *self,
                                const char          *insz,
                                GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  SessioInszInfo info;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  if (db == NULL)
    return -1;
  if (!sessio_insz_validate (insz, &info, error))
    return -1;
  stmt = sessio_sql_prepare (db, "SELECT id FROM patient WHERE insz = ? ORDER BY id LIMIT 1", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, info.digits, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED, _("The patient list could not be read"));
      id = -1;
    }
  sqlite3_finalize (stmt);
  return id;
}

static char *
join_problems (char **problems)
{
  return problems != NULL ? g_strjoinv (",", problems) : g_strdup ("");
}

static char *
join_guardians (GPtrArray *guardians)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; guardians != NULL && i < guardians->len; i++)
    {
      const SessioGuardian *guardian = g_ptr_array_index (guardians, i);

      g_string_append_printf (text, "%s%s|%s|%s|%s", i > 0 ? "; " : "",
                              guardian->name != NULL ? guardian->name : "",
                              guardian->relation != NULL ? guardian->relation : "",
                              guardian->phone != NULL ? guardian->phone : "",
                              guardian->email != NULL ? guardian->email : "");
    }
  return g_string_free (text, FALSE);
}

/* The stored education segment and consent scope of patient @id (NULL
 * when unset or no such patient): validate_patient() lets a value that is
 * no longer offered stay as it is. */
static gboolean
read_stored_choices (sqlite3  *db,
                     gint64    id,
                     char    **segment,
                     char    **scope,
                     GError  **error)
{
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (db, "SELECT education_segment, consent_scope FROM patient WHERE id = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *segment = sessio_sql_column_text (stmt, 0);
      *scope = sessio_sql_column_text (stmt, 1);
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/* Keeps the previous value of every field that changes, never in the
 * audit log (it holds field names only), and names the field in
 * @fields; *@n_changed counts them. */
static gboolean
keep_patient_history (sqlite3              *db,
                      const SessioPatient  *old,
                      const SessioPatient  *patient,
                      const CleanPatient   *clean,
                      const char           *changed_at,
                      GString              *fields,
                      guint                *n_changed,
                      GError              **error)
{
  g_autofree char *old_problems = join_problems (old->problems);
  g_autofree char *new_problems = join_problems (clean->problems);
  g_autofree char *old_guardians = join_guardians (old->guardians);
  g_autofree char *new_guardians = join_guardians (patient->guardians);
  struct { const char *field; const char *before; const char *after; } diffs[] = {
    { "name", old->name, clean->name },
    { "birth_date", old->birth_date, patient->birth_date },
    { "insz", old->insz, clean->insz },
    { "sex", old->sex, patient->sex },
    { "insurer", old->insurer, patient->insurer },
    { "bim", old->bim ? "1" : "0", patient->bim ? "1" : "0" },
    { "bim_valid_from", old->bim_valid_from, patient->bim_valid_from },
    { "bim_valid_to", old->bim_valid_to, patient->bim_valid_to },
    { "phone", old->phone, patient->phone },
    { "email", old->email, patient->email },
    { "address", old->address, patient->address },
    { "language", old->language, patient->language },
    { "school", old->school, patient->school },
    { "education_segment", old->segment, patient->segment },
    { "consent_date", old->consent_date, patient->consent_date },
    { "consent_scope", old->consent_scope, patient->consent_scope },
    { "vulnerable", old->vulnerable ? "1" : "0", patient->vulnerable ? "1" : "0" },
    { "notes", old->notes, patient->notes },
    { "problems", old_problems, new_problems },
    { "guardians", old_guardians, new_guardians },
  };
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < G_N_ELEMENTS (diffs); i++)
    {
      const char *before = store_is_set (diffs[i].before) ? diffs[i].before : NULL;
      const char *after = store_is_set (diffs[i].after) ? diffs[i].after : NULL;
      sqlite3_stmt *stmt;

      if (g_strcmp0 (before, after) == 0)
        continue;
      if ((stmt = sessio_sql_prepare (db, "INSERT INTO patient_history (patient_id, changed_at, field, old_value)"
                               " VALUES (?, ?, ?, ?)", error)) == NULL)
        ok = FALSE;
      else
        {
          sqlite3_bind_int64 (stmt, 1, patient->id);
          sessio_sql_bind_text (stmt, 2, changed_at);
          sessio_sql_bind_text (stmt, 3, diffs[i].field);
          sessio_sql_bind_text (stmt, 4, before);
          ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
        }
      g_string_append_printf (fields, "%s%s", (*n_changed)++ == 0 ? " " : ",", diffs[i].field);
    }
  return ok;
}

/* The patient's row and lists (problems, guardians), as corrected. */
static gboolean
write_patient (sqlite3              *db,
               const SessioPatient  *patient,
               const CleanPatient   *clean,
               GError              **error)
{
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (db, "UPDATE patient SET (" PATIENT_COLUMNS ") = (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                           " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) WHERE id = ?19", error)) == NULL)
    return FALSE;
  bind_patient (stmt, patient, clean);
  sqlite3_bind_int64 (stmt, 19, patient->id);
  return sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error) &&
         write_patient_lists (db, patient->id, patient, clean, error);
}

gboolean
sessio_patient_store_update_patient (SessioPatientStore  *self,
                                     const SessioPatient *patient,
                                     GError             **error)
{
  g_autoptr(SessioPatient) old = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *changed_at = g_date_time_format_iso8601 (now);
  g_autoptr(GString) fields = g_string_new ("update");
  g_autofree char *stored_segment = NULL;
  g_autofree char *stored_scope = NULL;
  CleanPatient clean;
  sqlite3 *db;
  gboolean ok = TRUE;
  guint n_changed = 0;

  if ((db = sessio_patient_store_get_db (self, error)) == NULL)
    return FALSE;
  if (!read_stored_choices (db, patient->id, &stored_segment, &stored_scope, error))
    return FALSE;

  if (!validate_patient (self, patient, stored_segment, stored_scope, &clean, NULL, error))
    {
      clean_patient_clear (&clean);
      return FALSE;
    }
  if (!store_begin (self, error))
    {
      clean_patient_clear (&clean);
      return FALSE;
    }
  db = sessio_vault_get_db (self->vault);

  old = read_patient (db, patient->id, error);
  if (old == NULL)
    ok = FALSE;
  else if (old->erased)
    ok = store_invalid (error, _("This patient’s file was erased and can no longer be changed"));
  else if (old->closed_at != NULL)
    ok = store_closed (error);
  else if (insz_taken (db, clean.insz, patient->id))
    ok = store_invalid (error, _("Another patient already has this INSZ number"));

  ok = ok && keep_patient_history (db, old, patient, &clean, changed_at, fields, &n_changed, error);
  if (ok && n_changed > 0)
    ok = write_patient (db, patient, &clean, error) &&
         store_audit (self, fields->str, "patient", patient->id, error);

  clean_patient_clear (&clean);
  return store_finish (self, ok, error);
}

/* Sessions on an issued invoice (directly or as a group participant's
 * trajectory) are the legal minimum that stays: see
 * docs/patient-erasure.md. */
static const char erase_sql[] =
  "CREATE TEMP TABLE IF NOT EXISTS erase_traj (id INTEGER PRIMARY KEY);"
  "CREATE TEMP TABLE IF NOT EXISTS erase_kept (id INTEGER PRIMARY KEY);"
  "DELETE FROM temp.erase_traj; DELETE FROM temp.erase_kept;"
  "INSERT INTO temp.erase_traj SELECT id FROM trajectory WHERE patient_id = :p;"
  "INSERT OR IGNORE INTO temp.erase_kept SELECT l.session_id FROM invoice_line l"
  "  JOIN invoice i ON i.id = l.invoice_id AND i.status = 'issued'"
  "  JOIN session s ON s.id = l.session_id"
  "  WHERE s.trajectory_id IN (SELECT id FROM temp.erase_traj)"
  "     OR (l.trajectory_id IN (SELECT id FROM temp.erase_traj));"
  "INSERT OR IGNORE INTO temp.erase_kept SELECT l.session_id FROM invoice_line l"
  "  JOIN invoice i ON i.id = l.invoice_id AND i.status = 'issued'"
  "  JOIN group_participant g ON g.session_id = l.session_id"
  "  WHERE g.trajectory_id IN (SELECT id FROM temp.erase_traj);"
  /* Draft invoices are working copies: the patient's lines leave them
   * (a draft is checked against the sessions again before it is
   * issued).  Issued invoices keep their own snapshot of what they
   * bill. */
  "DELETE FROM invoice_line WHERE invoice_id IN (SELECT id FROM invoice WHERE status = 'draft')"
  "  AND (patient_id = :p OR trajectory_id IN (SELECT id FROM temp.erase_traj)"
  "    OR session_id IN (SELECT id FROM session WHERE trajectory_id IN (SELECT id FROM temp.erase_traj))"
  "    OR id IN (SELECT line_id FROM invoice_participant WHERE patient_id = :p));"
  /* Clinical free text everywhere. */
  "UPDATE session SET notes = NULL WHERE trajectory_id IN (SELECT id FROM temp.erase_traj);"
  "DELETE FROM note WHERE patient_id = :p;"
  "DELETE FROM patient_problem WHERE patient_id = :p;"
  "DELETE FROM guardian WHERE patient_id = :p;"
  "DELETE FROM patient_history WHERE patient_id = :p;"
  /* The CLB guidance domain of their trajectories: a classification of
   * their care, not needed by any invoice. */
  "DELETE FROM setting WHERE key IN (SELECT '" CLB_DOMAIN_KEY "' || id FROM temp.erase_traj);"
  /* Earlier versions of the same clinical text and fields (schema v3):
   * the patient's own sessions' whole history, in group sessions only
   * what concerned this participant (the group's note is the group's). */
  "DELETE FROM session_history WHERE session_id IN"
  "  (SELECT id FROM session WHERE trajectory_id IN (SELECT id FROM temp.erase_traj));"
  "DELETE FROM session_history WHERE EXISTS (SELECT 1 FROM temp.erase_traj e"
  "  WHERE session_history.field IN ('participant_status:' || e.id, 'participant_copay:' || e.id,"
  "    'participant_copay_date:' || e.id));"
  "DELETE FROM trajectory_history WHERE trajectory_id IN (SELECT id FROM temp.erase_traj);"
  "DELETE FROM patient_closure WHERE patient_id = :p;"
  "UPDATE task SET notes = NULL, patient_id = NULL, trajectory_id = NULL WHERE patient_id = :p"
  "  OR trajectory_id IN (SELECT id FROM temp.erase_traj);"
  /* Sessions no issued invoice needs go; so do the group participations
   * of this patient that no issued invoice needs. */
  "DELETE FROM group_participant WHERE trajectory_id IN (SELECT id FROM temp.erase_traj)"
  "  AND session_id NOT IN (SELECT id FROM temp.erase_kept);"
  "DELETE FROM session WHERE trajectory_id IN (SELECT id FROM temp.erase_traj)"
  "  AND id NOT IN (SELECT id FROM temp.erase_kept)"
  "  AND id NOT IN (SELECT session_id FROM invoice_line WHERE session_id IS NOT NULL);"
  "UPDATE trajectory SET bilan_summary = NULL, referred_to = NULL, outcome = NULL,"
  "  goals = NULL, closing_summary = NULL"
  "  WHERE patient_id = :p;"
  "DELETE FROM trajectory WHERE patient_id = :p"
  "  AND id NOT IN (SELECT trajectory_id FROM session WHERE trajectory_id IS NOT NULL)"
  "  AND id NOT IN (SELECT trajectory_id FROM group_participant)"
  "  AND id NOT IN (SELECT trajectory_id FROM invoice_line WHERE trajectory_id IS NOT NULL);";

/* Runs erase_sql statement by statement, each with :p bound to @id. */
static gboolean
run_erase_script (sqlite3  *db,
                  gint64    id,
                  GError  **error)
{
  const char *tail = erase_sql;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;

  while (ok && *tail != '\0')
    {
      const char *next = NULL;
      int index;

      if (sqlite3_prepare_v2 (db, tail, -1, &stmt, &next) != SQLITE_OK)
        {
          g_debug ("erase: prepare failed (code %d)", sqlite3_errcode (db));
          return sessio_sql_failed (error);
        }
      tail = next;
      if (stmt == NULL)
        continue;
      index = sqlite3_bind_parameter_index (stmt, ":p");
      if (index > 0)
        sqlite3_bind_int64 (stmt, index, id);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
    }
  return ok;
}

/* What an issued invoice names stays (name, birth date, INSZ, insurer,
 * BIM) when @keep_identity; everything else about the person goes.
 * Without such an invoice nothing identifying stays; the row remains as a
 * tombstone so that its id is never reused for someone else. */
static gboolean
erase_identity (sqlite3   *db,
                gint64     id,
                gboolean   keep_identity,
                GError   **error)
{
  sqlite3_stmt *stmt;

  if (keep_identity)
    stmt = sessio_sql_prepare (db, "UPDATE patient SET sex = NULL, phone = NULL, email = NULL, address = NULL,"
                        " school = NULL, education_segment = NULL, consent_scope = NULL,"
                        " vulnerable = 0, notes = NULL, erased = 1 WHERE id = ?", error);
  else
    stmt = sessio_sql_prepare (db, "UPDATE patient SET name = '', birth_date = '', insz = NULL, sex = NULL,"
                        " insurer = NULL, bim = 0, bim_valid_from = NULL, bim_valid_to = NULL,"
                        " phone = NULL, email = NULL, address = NULL, language = NULL, school = NULL,"
                        " education_segment = NULL, consent_date = NULL, consent_scope = NULL,"
                        " vulnerable = 0, notes = NULL, erased = 1 WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
}

gboolean
sessio_patient_store_erase_patient (SessioPatientStore  *self,
                                    gint64               id,
                                    GError             **error)
{
  sqlite3 *db;
  gboolean ok = TRUE, keep_identity;

  if (!store_begin (self, error))
    return FALSE;
  db = sessio_vault_get_db (self->vault);

  if (!store_row_exists (db, "SELECT 1 FROM patient WHERE id = ?", id))
    ok = store_not_found (error, _("There is no such patient"));
  /* Within the retention period the file is kept (closed, not erased),
   * unless no session was ever held. */
  else if (store_row_exists (db, "SELECT 1 FROM patient WHERE id = ? AND erased = 0", id))
    ok = sessio_patient_store_check_erasable (self, id, error);

  ok = ok && run_erase_script (db, id, error);
  keep_identity = ok && store_row_exists (db, "SELECT 1 FROM trajectory WHERE patient_id = ?", id);
  ok = ok && erase_identity (db, id, keep_identity, error);
  ok = ok && store_audit (self, keep_identity ? "erase keep-invoiced" : "erase", "patient", id, error);
  sqlite3_exec (db, "DROP TABLE IF EXISTS temp.erase_traj; DROP TABLE IF EXISTS temp.erase_kept",
                NULL, NULL, NULL);
  return store_finish (self, ok, error);
}

