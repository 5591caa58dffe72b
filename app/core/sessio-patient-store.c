/* sessio-patient-store.c
 *
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

#include "sessio-format.h"
#include "sessio-ident.h"
#include "sessio-patient-store.h"
#include "sessio-schema.h"
#include "sessio-sql-private.h"

struct _SessioPatientStore
{
  GObject       parent_instance;

  SessioVault  *vault;
  SessioRules  *rules;
  GDate         today;   /* invalid: the real date */
  gboolean      batch;   /* inside begin_batch(): each change is a savepoint */
  sqlite3      *snapshot;  /* a read-only copy to read from instead (new_snapshot()) */
};

G_DEFINE_FINAL_TYPE (SessioPatientStore, sessio_patient_store, G_TYPE_OBJECT)

/* Where a trajectory's CLB guidance domain is kept: setting
 * "clb-domain/<trajectory id>" (see set_trajectory_domain()). */
#define CLB_DOMAIN_KEY "clb-domain/"

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

static const SessioChoice task_kinds[] = {
  { "mdo", N_("Multidisciplinary consultation") },
  { "advice", N_("Advice to a teacher or another first-line actor") },
  { "co-consultation", N_("Co-consultation") },
  { "expertise", N_("Sharing expertise with a group of professionals") },
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

const SessioChoice *
sessio_task_kinds (guint *n_kinds)
{
  *n_kinds = G_N_ELEMENTS (task_kinds);
  return task_kinds;
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

static gboolean
choice_known (const SessioChoice *choices,
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
  g_date_clear (&self->today, 1);
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
  copy->today = self->today;
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
sessio_patient_store_set_today (SessioPatientStore *self,
                                const GDate        *today)
{
  if (today != NULL && g_date_valid (today))
    self->today = *today;
  else
    g_date_clear (&self->today, 1);
}

static void
get_today (SessioPatientStore *self,
           GDate              *today)
{
  if (g_date_valid (&self->today))
    *today = self->today;
  else
    {
      g_date_clear (today, 1);
      g_date_set_time_t (today, time (NULL));
    }
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

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT, message);
  return FALSE;
}

static gboolean
is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

static gboolean
begin (SessioPatientStore  *self,
       GError             **error)
{
  if (sessio_patient_store_get_db (self, error) == NULL)
    return FALSE;
  if (self->batch)
    return sessio_db_exec (sessio_vault_get_db (self->vault), "SAVEPOINT store_change", error);
  return sessio_vault_begin (self->vault, error);
}

/* Commits when @ok, else rolls back; returns whether it all worked. */
static gboolean
finish_quietly (SessioPatientStore  *self,
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
static gboolean
finish (SessioPatientStore  *self,
        gboolean             ok,
        GError             **error)
{
  if (!finish_quietly (self, ok, error))
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

static gboolean
parse_date (const char  *text,
            GDate       *date)
{
  g_date_clear (date, 1);
  return is_set (text) && sessio_date_parse_iso (text, date);
}

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" (also with a space) into @date and a
 * normalised text. */
static gboolean
parse_when (const char  *text,
            GDate       *date,
            char         out[17])
{
  char day[11];
  guint hour = 0, minute = 0;

  if (!is_set (text) || strlen (text) < 10)
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

static gboolean
one_of (const char         *text,
        const char * const *values)
{
  for (guint i = 0; values[i] != NULL; i++)
    if (g_strcmp0 (text, values[i]) == 0)
      return TRUE;
  return FALSE;
}

static const char * const languages[] = { "nl", "fr", "de", NULL };

static gboolean
audit (SessioPatientStore  *self,
       const char          *action,
       const char          *entity,
       gint64               id,
       GError             **error)
{
  return sessio_audit_append (sessio_vault_get_db (self->vault), action, entity, id, error);
}

gboolean
sessio_patient_store_audit_view (SessioPatientStore  *self,
                                 const char          *action,
                                 const char          *entity,
                                 gint64               id,
                                 GError             **error)
{
  if (!begin (self, error))
    return FALSE;
  /* Reading changes nothing anyone shows: no ::changed. */
  return finish_quietly (self, audit (self, action, entity, id, error), error);
}

static gboolean
row_exists (sqlite3     *db,
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

static gboolean
not_found (GError     **error,
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
    return invalid (error, _("The provider needs a name"));
  if (!is_set (provider->riziv))
    return invalid (error, _("The provider needs a RIZIV number"));
  if (!sessio_riziv_validate (provider->riziv, riziv, &checksum_ok, error))
    return FALSE;
  if (is_set (provider->kbo) && !sessio_kbo_validate (provider->kbo, kbo, error))
    return FALSE;
  if (is_set (provider->iban) && !sessio_iban_validate (provider->iban, iban, error))
    return FALSE;
  if (riziv_checksum_ok != NULL)
    *riziv_checksum_ok = checksum_ok;

  if (!begin (self, error))
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
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error) && audit (self, "update", "provider", 1, error);
    }
  return finish (self, ok, error);
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
    return invalid (error, _("The engagement needs the name of its network")), 0;
  if (!one_of (engagement->network, networks))
    return invalid (error, _("The network must be “youth” or “adult”")), 0;
  if (!one_of (engagement->model, models))
    return invalid (error, _("The model must be “clb-salaried”, “independent” or “organisation-salaried”")), 0;
  if (is_set (engagement->language) && !one_of (engagement->language, languages))
    return invalid (error, _("The document language must be “nl”, “fr” or “de”")), 0;
  if (engagement->weekly_contingent < -1 || engagement->weekly_contingent > 200)
    return invalid (error, _("The weekly contingent must be between 0 and 200 sessions")), 0;

  if (!begin (self, error))
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
      ok = ok && audit (self, "create", "engagement", id, error);
    }
  return finish (self, ok, error) ? id : 0;
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
    not_found (error, _("There is no such engagement"));
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

/* @stored_segment: the patient's segment as stored, accepted even when
 * this version does not list it (older data, synthetic data), so that a
 * correction of another field is not refused for it. */
static gboolean
validate_patient (SessioPatientStore  *self,
                  const SessioPatient *patient,
                  const char          *stored_segment,
                  CleanPatient        *clean,
                  GError             **error)
{
  static const char * const sexes[] = { "m", "f", "x", NULL };
  GDate birth, today, from, to, consent;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  memset (clean, 0, sizeof *clean);
  get_today (self, &today);

  clean->name = g_strstrip (g_strdup (patient->name != NULL ? patient->name : ""));
  if (*clean->name == '\0')
    return invalid (error, _("The patient needs a name"));
  if (g_utf8_strlen (clean->name, -1) > 200 || !g_utf8_validate (clean->name, -1, NULL))
    return invalid (error, _("The name is too long or not valid text"));

  if (!parse_date (patient->birth_date, &birth))
    return invalid (error, _("The birth date must be a real date written as YYYY-MM-DD"));
  if (g_date_compare (&birth, &today) > 0)
    return invalid (error, _("The birth date lies in the future"));
  if (g_date_get_year (&birth) < 1900)
    return invalid (error, _("The birth date is before 1900"));

  if (is_set (patient->sex) && !one_of (patient->sex, sexes))
    return invalid (error, _("The sex must be “m”, “f” or “x”"));

  if (is_set (patient->insz))
    {
      SessioInszInfo info;
      GDate insz_birth;

      if (!sessio_insz_validate (patient->insz, &info, error))
        return FALSE;
      /* The number encodes the birth date and, except in BIS numbers of
       * the +20 kind, the sex: a mismatch is a typing error in one of them. */
      if (sessio_insz_info_get_birth (&info, &insz_birth) && g_date_compare (&insz_birth, &birth) != 0)
        return invalid (error, _("The INSZ number does not match the birth date"));
      if (info.kind != SESSIO_INSZ_KIND_BIS_20 && is_set (patient->sex) &&
          g_strcmp0 (patient->sex, "x") != 0 &&
          (g_strcmp0 (patient->sex, "m") == 0) != info.male)
        return invalid (error, _("The INSZ number does not match the sex"));
      g_strlcpy (clean->insz, info.digits, sizeof clean->insz);
    }

  if (is_set (patient->insurer))
    {
      SessioInsurerUnion insurer_union;

      if (!sessio_insurer_union_from_code (patient->insurer, &insurer_union, error))
        return FALSE;
    }

  if (is_set (patient->bim_valid_from) && !parse_date (patient->bim_valid_from, &from))
    return invalid (error, _("The start of the increased reimbursement must be a date written as YYYY-MM-DD"));
  if (is_set (patient->bim_valid_to) && !parse_date (patient->bim_valid_to, &to))
    return invalid (error, _("The end of the increased reimbursement must be a date written as YYYY-MM-DD"));
  if (is_set (patient->bim_valid_from) && is_set (patient->bim_valid_to) && g_date_compare (&to, &from) < 0)
    return invalid (error, _("The increased reimbursement ends before it starts"));
  if (!patient->bim && (is_set (patient->bim_valid_from) || is_set (patient->bim_valid_to)))
    return invalid (error, _("Validity dates of the increased reimbursement need the increased reimbursement itself"));

  if (is_set (patient->email) && strchr (patient->email, '@') == NULL)
    return invalid (error, _("The e-mail address is not valid"));
  if (is_set (patient->language) && !one_of (patient->language, languages))
    return invalid (error, _("The preferred language must be “nl”, “fr” or “de”"));
  if (is_set (patient->segment) && g_strcmp0 (patient->segment, stored_segment) != 0 &&
      !choice_known (education_segments, G_N_ELEMENTS (education_segments), patient->segment))
    return invalid (error, _("Unknown education segment"));

  if (is_set (patient->consent_date))
    {
      if (!parse_date (patient->consent_date, &consent))
        return invalid (error, _("The consent date must be a real date written as YYYY-MM-DD"));
      if (g_date_compare (&consent, &today) > 0)
        return invalid (error, _("The consent date lies in the future"));
    }

  for (guint i = 0; patient->problems != NULL && patient->problems[i] != NULL; i++)
    {
      if (!choice_known (problem_categories, G_N_ELEMENTS (problem_categories), patient->problems[i]))
        return invalid (error, _("Unknown presenting-problem category"));
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
        return invalid (error, _("Every guardian needs a name"));
      if (is_set (guardian->email) && strchr (guardian->email, '@') == NULL)
        return invalid (error, _("The e-mail address is not valid"));
    }

  return TRUE;
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

  if (!validate_patient (self, patient, NULL, &clean, error))
    {
      clean_patient_clear (&clean);
      return 0;
    }
  if (!begin (self, error))
    {
      clean_patient_clear (&clean);
      return 0;
    }
  db = sessio_vault_get_db (self->vault);

  if (insz_taken (db, clean.insz, 0))
    ok = invalid (error, _("Another patient already has this INSZ number"));
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
           audit (self, "create", "patient", id, error);
    }

  clean_patient_clear (&clean);
  return finish (self, ok, error) ? id : 0;
}

static SessioPatient *
read_patient (sqlite3  *db,
              gint64    id,
              GError  **error)
{
  g_autoptr(SessioPatient) patient = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (db, "SELECT " PATIENT_COLUMNS ", erased FROM patient WHERE id = ?", error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      not_found (error, _("There is no such patient"));
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
  CleanPatient clean;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  guint n_changed = 0;

  if ((db = sessio_patient_store_get_db (self, error)) == NULL)
    return FALSE;
  if ((stmt = sessio_sql_prepare (db, "SELECT education_segment FROM patient WHERE id = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, patient->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    stored_segment = sessio_sql_column_text (stmt, 0);
  sqlite3_finalize (stmt);

  if (!validate_patient (self, patient, stored_segment, &clean, error))
    {
      clean_patient_clear (&clean);
      return FALSE;
    }
  if (!begin (self, error))
    {
      clean_patient_clear (&clean);
      return FALSE;
    }
  db = sessio_vault_get_db (self->vault);

  old = read_patient (db, patient->id, error);
  if (old == NULL)
    ok = FALSE;
  else if (old->erased)
    ok = invalid (error, _("This patient’s file was erased and can no longer be changed"));
  else if (insz_taken (db, clean.insz, patient->id))
    ok = invalid (error, _("Another patient already has this INSZ number"));

  if (ok)
    {
      g_autofree char *old_problems = join_problems (old->problems);
      g_autofree char *new_problems = join_problems (clean.problems);
      g_autofree char *old_guardians = join_guardians (old->guardians);
      g_autofree char *new_guardians = join_guardians (patient->guardians);
      struct { const char *field; const char *before; const char *after; } diffs[] = {
        { "name", old->name, clean.name },
        { "birth_date", old->birth_date, patient->birth_date },
        { "insz", old->insz, clean.insz },
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

      for (guint i = 0; ok && i < G_N_ELEMENTS (diffs); i++)
        {
          const char *before = is_set (diffs[i].before) ? diffs[i].before : NULL;
          const char *after = is_set (diffs[i].after) ? diffs[i].after : NULL;

          if (g_strcmp0 (before, after) == 0)
            continue;
          /* The previous value is kept, never the audit log: it holds
           * field names only. */
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
          g_string_append_printf (fields, "%s%s", n_changed++ == 0 ? " " : ",", diffs[i].field);
        }
    }

  if (ok && n_changed > 0)
    {
      if ((stmt = sessio_sql_prepare (db, "UPDATE patient SET (" PATIENT_COLUMNS ") = (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                               " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) WHERE id = ?19", error)) == NULL)
        ok = FALSE;
      else
        {
          bind_patient (stmt, patient, &clean);
          sqlite3_bind_int64 (stmt, 19, patient->id);
          ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error) &&
               write_patient_lists (db, patient->id, patient, &clean, error) &&
               audit (self, fields->str, "patient", patient->id, error);
        }
    }

  clean_patient_clear (&clean);
  return finish (self, ok, error);
}

gboolean
sessio_patient_store_erase_patient (SessioPatientStore  *self,
                                    gint64               id,
                                    GError             **error)
{
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
    "UPDATE task SET notes = NULL, patient_id = NULL, trajectory_id = NULL WHERE patient_id = :p"
    "  OR trajectory_id IN (SELECT id FROM temp.erase_traj);"
    /* Sessions no issued invoice needs go; so do the group participations
     * of this patient that no issued invoice needs. */
    "DELETE FROM group_participant WHERE trajectory_id IN (SELECT id FROM temp.erase_traj)"
    "  AND session_id NOT IN (SELECT id FROM temp.erase_kept);"
    "DELETE FROM session WHERE trajectory_id IN (SELECT id FROM temp.erase_traj)"
    "  AND id NOT IN (SELECT id FROM temp.erase_kept)"
    "  AND id NOT IN (SELECT session_id FROM invoice_line WHERE session_id IS NOT NULL);"
    "UPDATE trajectory SET bilan_summary = NULL, referred_to = NULL, outcome = NULL"
    "  WHERE patient_id = :p;"
    "DELETE FROM trajectory WHERE patient_id = :p"
    "  AND id NOT IN (SELECT trajectory_id FROM session WHERE trajectory_id IS NOT NULL)"
    "  AND id NOT IN (SELECT trajectory_id FROM group_participant)"
    "  AND id NOT IN (SELECT trajectory_id FROM invoice_line WHERE trajectory_id IS NOT NULL);";
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE, keep_identity;
  const char *tail;

  if (!begin (self, error))
    return FALSE;
  db = sessio_vault_get_db (self->vault);

  if (!row_exists (db, "SELECT 1 FROM patient WHERE id = ?", id))
    ok = not_found (error, _("There is no such patient"));

  /* Statement by statement, each with :p bound. */
  tail = erase_sql;
  while (ok && *tail != '\0')
    {
      const char *next = NULL;
      int index;

      if (sqlite3_prepare_v2 (db, tail, -1, &stmt, &next) != SQLITE_OK)
        {
          g_debug ("erase: prepare failed (code %d)", sqlite3_errcode (db));
          ok = sessio_sql_failed (error);
          break;
        }
      tail = next;
      if (stmt == NULL)
        continue;
      index = sqlite3_bind_parameter_index (stmt, ":p");
      if (index > 0)
        sqlite3_bind_int64 (stmt, index, id);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
    }

  /* What an issued invoice names stays (name, birth date, INSZ, insurer,
   * BIM); everything else about the person goes.  Without such an
   * invoice nothing identifying stays; the row remains as a tombstone so
   * that its id is never reused for someone else. */
  keep_identity = ok && row_exists (db, "SELECT 1 FROM trajectory WHERE patient_id = ?", id);
  if (ok)
    {
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
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, id);
          ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
        }
    }

  ok = ok && audit (self, keep_identity ? "erase keep-invoiced" : "erase", "patient", id, error);
  sqlite3_exec (db, "DROP TABLE IF EXISTS temp.erase_traj; DROP TABLE IF EXISTS temp.erase_kept",
                NULL, NULL, NULL);
  return finish (self, ok, error);
}

/* --------------------------------------------------------- trajectory */

static const char * const outcomes[] = { "completed", "referred", "stopped", NULL };

static gboolean
validate_trajectory (const SessioTrajectory *trajectory,
                     GError                **error)
{
  GDate start, end, bilan;

  if (!parse_date (trajectory->start_date, &start))
    return invalid (error, _("The trajectory needs a start date written as YYYY-MM-DD"));
  if (is_set (trajectory->end_date))
    {
      if (!parse_date (trajectory->end_date, &end))
        return invalid (error, _("The end date must be a real date written as YYYY-MM-DD"));
      if (g_date_compare (&end, &start) < 0)
        return invalid (error, _("The trajectory ends before it starts"));
    }
  if (is_set (trajectory->bilan_date))
    {
      if (!parse_date (trajectory->bilan_date, &bilan))
        return invalid (error, _("The date of the functional assessment must be a real date written as YYYY-MM-DD"));
      if (g_date_compare (&bilan, &start) < 0)
        return invalid (error, _("The functional assessment is dated before the start of the trajectory"));
    }
  if (is_set (trajectory->outcome) && !one_of (trajectory->outcome, outcomes))
    return invalid (error, _("The outcome must be “completed”, “referred” or “stopped”"));
  if (is_set (trajectory->outcome) && !is_set (trajectory->end_date))
    return invalid (error, _("A trajectory with an outcome needs an end date"));
  if (is_set (trajectory->referred_to) && g_strcmp0 (trajectory->outcome, "referred") != 0)
    return invalid (error, _("Only a trajectory referred on names whom it was referred to"));
  return TRUE;
}

gint64
sessio_patient_store_add_trajectory (SessioPatientStore      *self,
                                     const SessioTrajectory  *trajectory,
                                     GError                 **error)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  gboolean ok = TRUE;

  if (!validate_trajectory (trajectory, error) || !begin (self, error))
    return 0;
  db = sessio_vault_get_db (self->vault);

  if (!row_exists (db, "SELECT 1 FROM patient WHERE id = ? AND erased = 0", trajectory->patient_id))
    ok = not_found (error, _("There is no such patient"));
  else if (!row_exists (db, "SELECT 1 FROM engagement WHERE id = ?", trajectory->engagement_id))
    ok = not_found (error, _("There is no such engagement"));
  else if ((stmt = sessio_sql_prepare (db, "INSERT INTO trajectory (patient_id, engagement_id, start_date, end_date,"
                                " bilan_date, bilan_summary, outcome, referred_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            error)) == NULL)
    ok = FALSE;
  else
    {
      sqlite3_bind_int64 (stmt, 1, trajectory->patient_id);
      sqlite3_bind_int64 (stmt, 2, trajectory->engagement_id);
      sessio_sql_bind_text (stmt, 3, trajectory->start_date);
      sessio_sql_bind_text (stmt, 4, trajectory->end_date);
      sessio_sql_bind_text (stmt, 5, trajectory->bilan_date);
      sessio_sql_bind_text (stmt, 6, trajectory->bilan_summary);
      sessio_sql_bind_text (stmt, 7, trajectory->outcome);
      sessio_sql_bind_text (stmt, 8, trajectory->referred_to);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
      id = sqlite3_last_insert_rowid (db);
      ok = ok && audit (self, "create", "trajectory", id, error);
    }
  return finish (self, ok, error) ? id : 0;
}

/* ------------------------------------------------ CLB guidance domain
 *
 * Kept in the setting table under "clb-domain/<trajectory id>", not in a
 * column: the schema is not bumped for it (a schema version for session
 * corrections is being added in parallel).  The value is one of
 * sessio_clb_domains(); nothing else is stored there. */

gboolean
sessio_patient_store_set_trajectory_domain (SessioPatientStore  *self,
                                            gint64               trajectory_id,
                                            const char          *domain,
                                            GError             **error)
{
  g_autofree char *key = g_strdup_printf (CLB_DOMAIN_KEY "%" G_GINT64_FORMAT, trajectory_id);
  sqlite3 *db;
  sqlite3_stmt *stmt;
  guint n;
  const SessioChoice *domains = sessio_clb_domains (&n);
  gboolean known = FALSE, ok = TRUE;

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (self), FALSE);

  for (guint i = 0; domain != NULL && i < n; i++)
    known |= g_strcmp0 (domain, domains[i].id) == 0;
  if (domain != NULL && !known)
    return invalid (error, _("Choose a guidance domain: learning, educational-career, psychosocial or preventive-health"));
  if (!begin (self, error))
    return FALSE;
  db = sessio_vault_get_db (self->vault);
  if (!row_exists (db, "SELECT 1 FROM trajectory WHERE id = ?", trajectory_id))
    ok = not_found (error, _("There is no such trajectory"));
  else if ((stmt = sessio_sql_prepare (db, domain != NULL ? "INSERT OR REPLACE INTO setting (key, value) VALUES (?1, ?2)"
                                                          : "DELETE FROM setting WHERE key = ?1", error)) == NULL)
    ok = FALSE;
  else
    {
      sessio_sql_bind_text (stmt, 1, key);
      if (domain != NULL)
        sessio_sql_bind_text (stmt, 2, domain);
      ok = sessio_sql_run (stmt, NULL, error);
      ok = ok && audit (self, "update", "trajectory", trajectory_id, error);
    }
  return finish (self, ok, error);
}

char *
sessio_patient_store_get_trajectory_domain (SessioPatientStore  *self,
                                            gint64               trajectory_id,
                                            GError             **error)
{
  g_autofree char *key = g_strdup_printf (CLB_DOMAIN_KEY "%" G_GINT64_FORMAT, trajectory_id);
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  sqlite3_stmt *stmt;
  char *domain = NULL;

  if (db == NULL || (stmt = sessio_sql_prepare (db, "SELECT value FROM setting WHERE key = ?1", error)) == NULL)
    return NULL;
  sessio_sql_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_TEXT)
    domain = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return domain;
}

static SessioTrajectory *
read_trajectory (sqlite3  *db,
                 gint64    id,
                 GError  **error)
{
  SessioTrajectory *trajectory = NULL;
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (db, "SELECT id, patient_id, engagement_id, start_date, end_date, bilan_date,"
                           " bilan_summary, outcome, referred_to FROM trajectory WHERE id = ?", error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      trajectory = g_new0 (SessioTrajectory, 1);
      trajectory->id = sqlite3_column_int64 (stmt, 0);
      trajectory->patient_id = sqlite3_column_int64 (stmt, 1);
      trajectory->engagement_id = sqlite3_column_int64 (stmt, 2);
      trajectory->start_date = sessio_sql_column_text (stmt, 3);
      trajectory->end_date = sessio_sql_column_text (stmt, 4);
      trajectory->bilan_date = sessio_sql_column_text (stmt, 5);
      trajectory->bilan_summary = sessio_sql_column_text (stmt, 6);
      trajectory->outcome = sessio_sql_column_text (stmt, 7);
      trajectory->referred_to = sessio_sql_column_text (stmt, 8);
    }
  else
    not_found (error, _("There is no such trajectory"));
  sqlite3_finalize (stmt);
  return trajectory;
}

SessioTrajectory *
sessio_patient_store_get_trajectory (SessioPatientStore  *self,
                                     gint64               id,
                                     GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);

  return db != NULL ? read_trajectory (db, id, error) : NULL;
}

gboolean
sessio_patient_store_update_trajectory (SessioPatientStore      *self,
                                        const SessioTrajectory  *trajectory,
                                        GError                 **error)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  g_autoptr(SessioTrajectory) old = NULL;

  if (!validate_trajectory (trajectory, error) || !begin (self, error))
    return FALSE;
  db = sessio_vault_get_db (self->vault);

  old = read_trajectory (db, trajectory->id, error);
  if (old == NULL)
    ok = FALSE;

  /* Sessions already logged must stay inside the trajectory. */
  if (ok && is_set (trajectory->end_date))
    {
      if ((stmt = sessio_sql_prepare (db, "SELECT 1 FROM session WHERE trajectory_id = ? AND substr (starts_at, 1, 10) > ?"
                               " UNION ALL SELECT 1 FROM session s JOIN group_participant g ON g.session_id = s.id"
                               " WHERE g.trajectory_id = ?1 AND substr (s.starts_at, 1, 10) > ?2", error)) == NULL)
        ok = FALSE;
      else
        {
          sqlite3_bind_int64 (stmt, 1, trajectory->id);
          sessio_sql_bind_text (stmt, 2, trajectory->end_date);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            ok = invalid (error, _("The trajectory would end before sessions already logged in it"));
          sqlite3_finalize (stmt);
        }
    }

  if (ok && (stmt = sessio_sql_prepare (db, "UPDATE trajectory SET start_date = ?, end_date = ?, bilan_date = ?,"
                                 " bilan_summary = ?, outcome = ?, referred_to = ? WHERE id = ?", error)) == NULL)
    ok = FALSE;
  else if (ok)
    {
      sessio_sql_bind_text (stmt, 1, trajectory->start_date);
      sessio_sql_bind_text (stmt, 2, trajectory->end_date);
      sessio_sql_bind_text (stmt, 3, trajectory->bilan_date);
      sessio_sql_bind_text (stmt, 4, trajectory->bilan_summary);
      sessio_sql_bind_text (stmt, 5, trajectory->outcome);
      sessio_sql_bind_text (stmt, 6, trajectory->referred_to);
      sqlite3_bind_int64 (stmt, 7, trajectory->id);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error) && audit (self, "update", "trajectory", trajectory->id, error);
    }
  return finish (self, ok, error);
}

GPtrArray *
sessio_patient_store_list_trajectories (SessioPatientStore  *self,
                                        gint64               patient_id,
                                        GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  g_autoptr(GPtrArray) list = NULL;
  sqlite3_stmt *stmt;

  if (db == NULL ||
      (stmt = sessio_sql_prepare (db, "SELECT id FROM trajectory WHERE patient_id = ? ORDER BY start_date, id", error)) == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) sessio_trajectory_free);
  sqlite3_bind_int64 (stmt, 1, patient_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SessioTrajectory *trajectory = read_trajectory (db, sqlite3_column_int64 (stmt, 0), error);

      if (trajectory == NULL)
        {
          sqlite3_finalize (stmt);
          return NULL;
        }
      g_ptr_array_add (list, trajectory);
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&list);
}

/* --------------------------------------------------------- evaluation */

/* What the rules need about a trajectory, from the database. */
static gboolean
load_trajectory_context (SessioPatientStore          *self,
                         sqlite3                     *db,
                         gint64                       trajectory_id,
                         SessioTrajectoryEvaluation  *evaluation,
                         gint64                      *engagement_id,
                         GDate                       *end,
                         GError                     **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  if ((stmt = sessio_sql_prepare (db, "SELECT p.birth_date, p.bim, e.network, t.start_date, t.bilan_date, t.end_date,"
                           " t.engagement_id, p.erased, t.patient_id FROM trajectory t JOIN patient p ON p.id = t.patient_id"
                           " JOIN engagement e ON e.id = t.engagement_id WHERE t.id = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, trajectory_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      evaluation->trajectory_id = trajectory_id;
      evaluation->patient_id = sqlite3_column_int64 (stmt, 8);
      parse_date ((const char *) sqlite3_column_text (stmt, 0), &evaluation->patient.birth);
      evaluation->patient.bim = sqlite3_column_int (stmt, 1) != 0;
      if (!sessio_network_from_string ((const char *) sqlite3_column_text (stmt, 2),
                                       &evaluation->trajectory.network))
        evaluation->trajectory.network = SESSIO_NETWORK_ADULT;
      parse_date ((const char *) sqlite3_column_text (stmt, 3), &evaluation->trajectory.start);
      parse_date ((const char *) sqlite3_column_text (stmt, 4), &evaluation->trajectory.bilan);
      if (end != NULL)
        parse_date ((const char *) sqlite3_column_text (stmt, 5), end);
      if (engagement_id != NULL)
        *engagement_id = sqlite3_column_int64 (stmt, 6);
      ok = TRUE;
      if (sqlite3_column_int (stmt, 7) != 0 && !g_date_valid (&evaluation->patient.birth))
        ok = invalid (error, _("This patient’s file was erased and can no longer be changed"));
    }
  else
    not_found (error, _("There is no such trajectory"));
  sqlite3_finalize (stmt);
  return ok;
}

/* Fills @info from the session's machine names; FALSE on an unknown one. */
static gboolean
session_info_from (SessioSessionInfo *info,
                   const char        *when,
                   const char        *care,
                   const char        *setting,
                   const char        *location,
                   const char        *context,
                   const char        *status,
                   int                participants,
                   gboolean           co_facilitator)
{
  char normalised[17];

  memset (info, 0, sizeof *info);
  g_date_clear (&info->date, 1);
  if (!parse_when (when, &info->date, normalised) ||
      !sessio_care_from_string (care, &info->care) ||
      !sessio_setting_from_string (setting != NULL ? setting : "individual", &info->setting) ||
      !sessio_location_from_string (is_set (location) ? location : "practice", &info->location) ||
      !sessio_context_from_string (is_set (context) ? context : "own", &info->context) ||
      !sessio_status_from_string (is_set (status) ? status : "held", &info->status))
    return FALSE;
  info->participants = participants > 0 ? (guint) participants : 1;
  info->co_facilitator = co_facilitator;
  return TRUE;
}

static gint
compare_evaluations (gconstpointer a,
                     gconstpointer b)
{
  const SessioSessionEvaluation *x = a, *y = b;
  int c = g_date_compare (&x->info.date, &y->info.date);

  if (c != 0)
    return c;
  /* The unsaved session goes last among those of its day. */
  if (x->session_id == 0 || y->session_id == 0)
    return x->session_id == 0 ? (y->session_id == 0 ? 0 : 1) : -1;
  return x->session_id < y->session_id ? -1 : x->session_id > y->session_id;
}

/* The validity dates of the patient's BIM status; cleared when open. */
static void
load_bim_validity (sqlite3 *db,
                   gint64   trajectory_id,
                   GDate   *from,
                   GDate   *to)
{
  sqlite3_stmt *stmt = NULL;

  g_date_clear (from, 1);
  g_date_clear (to, 1);
  if (sqlite3_prepare_v2 (db, "SELECT p.bim_valid_from, p.bim_valid_to FROM trajectory t"
                              " JOIN patient p ON p.id = t.patient_id WHERE t.id = ?", -1, &stmt, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int64 (stmt, 1, trajectory_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      parse_date ((const char *) sqlite3_column_text (stmt, 0), from);
      parse_date ((const char *) sqlite3_column_text (stmt, 1), to);
    }
  sqlite3_finalize (stmt);
}

/* The columns of a session row for an evaluation: SESSION_COLUMNS for an
 * individual session (alias-free), GROUP_SESSION_COLUMNS for a group
 * session s seen through its participant g. */
#define SESSION_COLUMNS \
  "id, engagement_id, starts_at, care_type, setting, location, context, status, status," \
  " coalesce (participants, 1), co_facilitator, outside_convention"
#define GROUP_SESSION_COLUMNS \
  "s.id, s.engagement_id, s.starts_at, s.care_type, s.setting, s.location, s.context," \
  " CASE WHEN s.status = 'held' THEN g.status ELSE s.status END, s.status," \
  " coalesce (s.participants, (SELECT count (*) FROM group_participant c WHERE c.session_id = s.id))," \
  " s.co_facilitator, s.outside_convention"

/* A session row of those columns from column @first on.  FALSE for a
 * value this version does not know (a newer Sessio wrote it): left out of
 * the count rather than guessed at. */
static gboolean
entry_from_row (sqlite3_stmt            *stmt,
                int                      first,
                SessioSessionEvaluation *entry)
{
  entry->session_id = sqlite3_column_int64 (stmt, first);
  entry->engagement_id = sqlite3_column_int64 (stmt, first + 1);
  if (!session_info_from (&entry->info, (const char *) sqlite3_column_text (stmt, first + 2),
                          (const char *) sqlite3_column_text (stmt, first + 3),
                          (const char *) sqlite3_column_text (stmt, first + 4),
                          (const char *) sqlite3_column_text (stmt, first + 5),
                          (const char *) sqlite3_column_text (stmt, first + 6),
                          (const char *) sqlite3_column_text (stmt, first + 7),
                          sqlite3_column_int (stmt, first + 9), sqlite3_column_int (stmt, first + 10) != 0) ||
      !sessio_status_from_string ((const char *) sqlite3_column_text (stmt, first + 8), &entry->session_status))
    return FALSE;
  entry->outside_convention = sqlite3_column_int (stmt, first + 11) != 0;
  return TRUE;
}

/* Runs the engine over the loaded, unsorted sessions of @evaluation and
 * fills in their results.  @evaluator: reusable scratch space, or NULL. */
static void
run_engine (SessioPatientStore         *self,
            SessioEvaluator            *evaluator,
            SessioTrajectoryEvaluation *evaluation,
            const GDate                *bim_from,
            const GDate                *bim_to)
{
  g_autoptr(GArray) infos = NULL;
  g_autofree SessioEvalResult *results = NULL;
  g_autofree SessioEvalResult *results_without_bim = NULL;
  guint n_counted = 0;

  g_array_sort (evaluation->sessions, compare_evaluations);

  /* Sessions outside the convention are never billed and never count:
   * the engine does not see them. */
  infos = g_array_sized_new (FALSE, TRUE, sizeof (SessioSessionInfo), evaluation->sessions->len);
  for (guint i = 0; i < evaluation->sessions->len; i++)
    {
      SessioSessionEvaluation *entry = &g_array_index (evaluation->sessions, SessioSessionEvaluation, i);

      if (!entry->outside_convention)
        g_array_append_val (infos, entry->info);
    }
  results = g_new0 (SessioEvalResult, MAX (infos->len, 1));
  if (evaluator != NULL)
    sessio_evaluator_run (evaluator, &evaluation->patient, &evaluation->trajectory,
                          (const SessioSessionInfo *) (gpointer) infos->data, infos->len, results);
  else
    sessio_evaluate (self->rules, &evaluation->patient, &evaluation->trajectory,
                     (const SessioSessionInfo *) (gpointer) infos->data, infos->len, results);

  /* BIM with validity dates: the engine takes one status per patient, and
   * BIM changes only the co-payment, never what counts, so a second run
   * without it gives the sessions outside the validity their amounts. */
  if (evaluation->patient.bim && (g_date_valid (bim_from) || g_date_valid (bim_to)))
    {
      SessioPatientInfo without = evaluation->patient;

      without.bim = FALSE;
      results_without_bim = g_new0 (SessioEvalResult, MAX (infos->len, 1));
      sessio_evaluate (self->rules, &without, &evaluation->trajectory,
                       (const SessioSessionInfo *) (gpointer) infos->data, infos->len, results_without_bim);
      for (guint i = 0; i < infos->len; i++)
        {
          const GDate *date = &g_array_index (infos, SessioSessionInfo, i).date;

          if ((g_date_valid (bim_from) && g_date_compare (date, bim_from) < 0) ||
              (g_date_valid (bim_to) && g_date_compare (date, bim_to) > 0))
            results[i] = results_without_bim[i];
        }
    }

  for (guint i = 0; i < evaluation->sessions->len; i++)
    {
      SessioSessionEvaluation *entry = &g_array_index (evaluation->sessions, SessioSessionEvaluation, i);

      if (entry->outside_convention)
        {
          memset (&entry->result, 0, sizeof entry->result);
          entry->result.count = -1;
          entry->result.limit = -1;
          entry->result.age = sessio_age_on (&evaluation->patient.birth, &entry->info.date);
        }
      else
        entry->result = results[n_counted++];
    }
}

/* @planned_as_held: show planned sessions as they will be once held (for
 * people); FALSE when checking a change, where only what happened counts. */
static SessioTrajectoryEvaluation *
evaluate_in (SessioPatientStore  *self,
             sqlite3             *db,
             gint64               trajectory_id,
             const SessioSession *extra,
             gint64               replacing_id,
             gboolean             planned_as_held,
             GError             **error)
{
  g_autoptr(SessioTrajectoryEvaluation) evaluation = g_new0 (SessioTrajectoryEvaluation, 1);
  sqlite3_stmt *stmt;
  GDate bim_from, bim_to;

  g_date_clear (&evaluation->patient.birth, 1);
  g_date_clear (&evaluation->trajectory.start, 1);
  g_date_clear (&evaluation->trajectory.bilan, 1);
  if (!load_trajectory_context (self, db, trajectory_id, evaluation, NULL, NULL, error))
    return NULL;

  evaluation->sessions = g_array_new (FALSE, TRUE, sizeof (SessioSessionEvaluation));
  /* Individual sessions of the trajectory, and the group sessions it
   * takes part in, with the participant's own attendance. */
  if ((stmt = sessio_sql_prepare (db,
                       "SELECT " SESSION_COLUMNS " FROM session WHERE trajectory_id = ?1"
                       " UNION ALL"
                       " SELECT " GROUP_SESSION_COLUMNS
                       " FROM group_participant g JOIN session s ON s.id = g.session_id WHERE g.trajectory_id = ?1",
                       error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, trajectory_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SessioSessionEvaluation entry = { 0 };

      if (sqlite3_column_int64 (stmt, 0) == replacing_id || !entry_from_row (stmt, 0, &entry))
        continue;
      if (planned_as_held && entry.info.status == SESSIO_STATUS_PLANNED)
        {
          entry.info.status = SESSIO_STATUS_HELD;
          entry.as_if_held = TRUE;
        }
      g_array_append_val (evaluation->sessions, entry);
    }
  sqlite3_finalize (stmt);

  if (extra != NULL)
    {
      SessioSessionEvaluation entry = { 0 };
      int participants = extra->participants;

      if (participants <= 0 && extra->trajectories != NULL)
        participants = (int) extra->trajectories->len;
      if (!session_info_from (&entry.info, extra->starts_at, extra->care, extra->setting,
                              extra->location, extra->context, extra->status, participants,
                              extra->co_facilitator))
        {
          invalid (error, _("The session has a value this version of Sessio does not know"));
          return NULL;
        }
      entry.session_status = entry.info.status;
      /* A planned session is shown as it will be once held. */
      if (entry.info.status == SESSIO_STATUS_PLANNED)
        {
          entry.info.status = SESSIO_STATUS_HELD;
          entry.as_if_held = TRUE;
        }
      entry.outside_convention = extra->outside_convention;
      g_array_append_val (evaluation->sessions, entry);
    }

  load_bim_validity (db, trajectory_id, &bim_from, &bim_to);
  run_engine (self, NULL, evaluation, &bim_from, &bim_to);
  return g_steal_pointer (&evaluation);
}

typedef struct
{
  gint64                      id;
  SessioTrajectoryEvaluation *evaluation;
  GDate                       bim_from;
  GDate                       bim_to;
  gboolean                    found;
  gboolean                    erased;
} Pending;

/* Trajectory id → its Pending: a plain array when the ids are dense (as
 * a vault's are), since a hash lookup per session row showed in the
 * profile; a hash table otherwise. */
typedef struct
{
  GHashTable *hash;
  Pending   **slots;
  gint64      n_slots;
} PendingIndex;

static void
pending_index_init (PendingIndex *index,
                    Pending      *pending,
                    guint         n)
{
  gint64 max = 0;

  memset (index, 0, sizeof *index);
  for (guint i = 0; i < n; i++)
    max = MAX (max, pending[i].id);
  if (max < (gint64) n * 8 + 4096)
    {
      index->n_slots = max + 1;
      index->slots = g_new0 (Pending *, index->n_slots);
      for (guint i = 0; i < n; i++)
        if (pending[i].id >= 0)
          index->slots[pending[i].id] = &pending[i];
      return;
    }
  index->hash = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < n; i++)
    g_hash_table_insert (index->hash, &pending[i].id, &pending[i]);
}

static Pending *
pending_index_find (PendingIndex *index,
                    gint64        id)
{
  if (index->slots != NULL)
    return id >= 0 && id < index->n_slots ? index->slots[id] : NULL;
  return g_hash_table_lookup (index->hash, &id);
}

static void
pending_index_clear (PendingIndex *index)
{
  g_clear_pointer (&index->slots, g_free);
  g_clear_pointer (&index->hash, g_hash_table_unref);
}

/* A session row as read, before it becomes an evaluation entry. */
typedef struct
{
  gint64             session_id;
  gint64             engagement_id;
  SessioSessionInfo  info;
  guint32            pending;         /* index of its trajectory in the batch */
  guint8             session_status;
  guint8             outside;
} CompactRow;

static void
pending_clear (Pending *pending,
               guint    n)
{
  for (guint i = 0; i < n; i++)
    g_clear_pointer (&pending[i].evaluation, sessio_trajectory_evaluation_free);
  g_free (pending);
}

/* The same evaluations as sessio_patient_store_evaluate_held(), read in
 * three statements for all trajectories at once rather than three per
 * trajectory: at 10,000 trajectories, preparing and stepping through
 * per-trajectory queries cost several times the evaluation itself. */
gboolean
sessio_patient_store_evaluate_held_each (SessioPatientStore   *self,
                                         const gint64         *trajectory_ids,
                                         guint                 n_trajectories,
                                         const GDate          *until,
                                         SessioEvaluationFunc  func,
                                         gpointer              user_data,
                                         GError              **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  PendingIndex wanted;
  GArray *rows;
  guint *counts;
  guint32 *order;
  g_autoptr(SessioEvaluator) evaluator = NULL;
  g_autoptr(GArray) all = NULL;
  Pending *pending;
  sqlite3_stmt *stmt;
  char after[11] = "9999-12-31";
  gboolean ok = TRUE;

  if (db == NULL)
    return FALSE;
  /* starts_at is ISO text ("2025-03-31" or "2025-03-31T10:00"), so
   * "before the next day" compares as text, without a function per row. */
  if (until != NULL && g_date_valid (until) && g_date_get_julian (until) < G_MAXUINT32 - 1)
    {
      GDate next = *until;

      g_date_add_days (&next, 1);
      sessio_date_to_iso (&next, after);
    }

  /* Every trajectory: their ids, in order. */
  if (trajectory_ids == NULL)
    {
      if ((stmt = sessio_sql_prepare (db, "SELECT id FROM trajectory ORDER BY id", error)) == NULL)
        return FALSE;
      all = g_array_new (FALSE, FALSE, sizeof (gint64));
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (all, id);
        }
      sqlite3_finalize (stmt);
      trajectory_ids = (const gint64 *) (gpointer) all->data;
      n_trajectories = all->len;
    }

  pending = g_new0 (Pending, MAX (n_trajectories, 1));
  for (guint i = 0; i < n_trajectories; i++)
    {
      pending[i].id = trajectory_ids[i];
      pending[i].evaluation = g_new0 (SessioTrajectoryEvaluation, 1);
      pending[i].evaluation->trajectory_id = trajectory_ids[i];
      pending[i].evaluation->sessions = g_array_new (FALSE, TRUE, sizeof (SessioSessionEvaluation));
      g_date_clear (&pending[i].evaluation->patient.birth, 1);
      g_date_clear (&pending[i].evaluation->trajectory.start, 1);
      g_date_clear (&pending[i].evaluation->trajectory.bilan, 1);
      g_date_clear (&pending[i].bim_from, 1);
      g_date_clear (&pending[i].bim_to, 1);
    }
  pending_index_init (&wanted, pending, n_trajectories);

  /* The context of every trajectory (a table of people, not sessions):
   * those not asked for are skipped. */
  if ((stmt = sessio_sql_prepare (db, "SELECT t.id, p.birth_date, p.bim, e.network, t.start_date, t.bilan_date,"
                                      " p.erased, p.bim_valid_from, p.bim_valid_to, t.patient_id FROM trajectory t"
                                      " JOIN patient p ON p.id = t.patient_id"
                                      " JOIN engagement e ON e.id = t.engagement_id", error)) == NULL)
    return pending_index_clear (&wanted), pending_clear (pending, n_trajectories), FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      Pending *p = pending_index_find (&wanted, id);
      SessioTrajectoryEvaluation *evaluation;

      if (p == NULL)
        continue;
      evaluation = p->evaluation;
      parse_date ((const char *) sqlite3_column_text (stmt, 1), &evaluation->patient.birth);
      evaluation->patient.bim = sqlite3_column_int (stmt, 2) != 0;
      if (!sessio_network_from_string ((const char *) sqlite3_column_text (stmt, 3),
                                       &evaluation->trajectory.network))
        evaluation->trajectory.network = SESSIO_NETWORK_ADULT;
      parse_date ((const char *) sqlite3_column_text (stmt, 4), &evaluation->trajectory.start);
      parse_date ((const char *) sqlite3_column_text (stmt, 5), &evaluation->trajectory.bilan);
      p->erased = sqlite3_column_int (stmt, 6) != 0 && !g_date_valid (&evaluation->patient.birth);
      parse_date ((const char *) sqlite3_column_text (stmt, 7), &p->bim_from);
      parse_date ((const char *) sqlite3_column_text (stmt, 8), &p->bim_to);
      evaluation->patient_id = sqlite3_column_int64 (stmt, 9);
      p->found = TRUE;
    }
  sqlite3_finalize (stmt);

  /* Their sessions up to @until: individual ones and the group sessions
   * they took part in, with the participant's own attendance, as in
   * evaluate_in().  Later sessions cannot change an earlier result: the
   * engine goes forward in time. */
  if ((stmt = sessio_sql_prepare (db,
                       "SELECT trajectory_id, " SESSION_COLUMNS
                       " FROM session WHERE trajectory_id IS NOT NULL AND starts_at < ?1"
                       " UNION ALL"
                       " SELECT g.trajectory_id, " GROUP_SESSION_COLUMNS
                       " FROM group_participant g JOIN session s ON s.id = g.session_id"
                       " WHERE s.starts_at < ?1",
                       error)) == NULL)
    return pending_index_clear (&wanted), pending_clear (pending, n_trajectories), FALSE;
  sqlite3_bind_text (stmt, 1, after, -1, SQLITE_TRANSIENT);
  /* Kept compact (half an evaluation entry) in one array while reading,
   * then handed out grouped by trajectory: at 30,000 patients, an
   * evaluation entry per session for every trajectory at once was
   * most of half a gigabyte. */
  rows = g_array_new (FALSE, FALSE, sizeof (CompactRow));
  counts = g_new0 (guint, n_trajectories + 1);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Pending *p = pending_index_find (&wanted, sqlite3_column_int64 (stmt, 0));
      SessioSessionEvaluation entry = { 0 };
      CompactRow row;

      if (p == NULL || !entry_from_row (stmt, 1, &entry))
        continue;
      row.session_id = entry.session_id;
      row.engagement_id = entry.engagement_id;
      row.info = entry.info;
      row.pending = (guint32) (p - pending);
      row.session_status = (guint8) entry.session_status;
      row.outside = entry.outside_convention != 0;
      g_array_append_val (rows, row);
      counts[row.pending + 1]++;
    }
  sqlite3_finalize (stmt);

  /* A counting sort by trajectory: where each one's rows start. */
  for (guint i = 0; i < n_trajectories; i++)
    counts[i + 1] += counts[i];
  order = g_new (guint32, MAX (rows->len, 1));
  {
    g_autofree guint *next = g_memdup2 (counts, sizeof (guint) * (n_trajectories + 1));

    for (guint r = 0; r < rows->len; r++)
      order[next[g_array_index (rows, CompactRow, r).pending]++] = r;
  }

  evaluator = sessio_evaluator_new (self->rules);
  for (guint i = 0; ok && i < n_trajectories; i++)
    {
      guint n = counts[i + 1] - counts[i];

      g_array_set_size (pending[i].evaluation->sessions, n);
      for (guint k = 0; k < n; k++)
        {
          const CompactRow *row = &g_array_index (rows, CompactRow, order[counts[i] + k]);
          SessioSessionEvaluation *entry = &g_array_index (pending[i].evaluation->sessions,
                                                           SessioSessionEvaluation, k);

          memset (entry, 0, sizeof *entry);
          entry->session_id = row->session_id;
          entry->engagement_id = row->engagement_id;
          entry->session_status = (SessioStatus) row->session_status;
          entry->info = row->info;
          entry->outside_convention = row->outside;
        }
      if (!pending[i].found)
        ok = not_found (error, _("There is no such trajectory"));
      else if (pending[i].erased)
        ok = invalid (error, _("This patient’s file was erased and can no longer be changed"));
      else
        {
          run_engine (self, evaluator, pending[i].evaluation, &pending[i].bim_from, &pending[i].bim_to);
          ok = func (pending[i].evaluation, user_data, error);
        }
      g_clear_pointer (&pending[i].evaluation, sessio_trajectory_evaluation_free);
    }
  g_free (order);
  g_free (counts);
  g_array_unref (rows);
  pending_index_clear (&wanted);
  pending_clear (pending, n_trajectories);
  return ok;
}

SessioTrajectoryEvaluation *
sessio_patient_store_evaluate_held (SessioPatientStore  *self,
                                    gint64               trajectory_id,
                                    GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);

  return db != NULL ? evaluate_in (self, db, trajectory_id, NULL, 0, FALSE, error) : NULL;
}

SessioTrajectoryEvaluation *
sessio_patient_store_evaluate_trajectory (SessioPatientStore  *self,
                                          gint64               trajectory_id,
                                          const SessioSession *extra,
                                          GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);

  return db != NULL ? evaluate_in (self, db, trajectory_id, extra, 0, TRUE, error) : NULL;
}

const SessioSessionEvaluation *
sessio_trajectory_evaluation_find (SessioTrajectoryEvaluation *self,
                                   gint64                      session_id)
{
  for (guint i = 0; self != NULL && i < self->sessions->len; i++)
    {
      const SessioSessionEvaluation *entry = &g_array_index (self->sessions, SessioSessionEvaluation, i);

      if (entry->session_id == session_id)
        return entry;
    }
  return NULL;
}

char **
sessio_patient_store_meter_lines (SessioPatientStore  *self,
                                  gint64               trajectory_id,
                                  const GDate         *date,
                                  GError             **error)
{
  g_autoptr(SessioTrajectoryEvaluation) evaluation = NULL;
  g_autoptr(GArray) infos = NULL;
  g_autoptr(GArray) results = NULL;
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();
  SessioForecastEntry entries[SESSIO_MAX_FORECAST_ENTRIES];
  gboolean used[SESSIO_N_CARES][SESSIO_N_SETTINGS] = { { FALSE } };
  sqlite3 *db;
  GDate today;
  guint n;

  db = sessio_patient_store_get_db (self, error);
  if (db == NULL)
    return NULL;
  /* Meters count what happened: a planned session is not used yet. */
  evaluation = evaluate_in (self, db, trajectory_id, NULL, 0, FALSE, error);
  if (evaluation == NULL)
    return NULL;
  if (date == NULL)
    {
      get_today (self, &today);
      date = &today;
    }

  infos = g_array_new (FALSE, TRUE, sizeof (SessioSessionInfo));
  results = g_array_new (FALSE, TRUE, sizeof (SessioEvalResult));
  for (guint i = 0; i < evaluation->sessions->len; i++)
    {
      const SessioSessionEvaluation *entry = &g_array_index (evaluation->sessions, SessioSessionEvaluation, i);

      used[entry->info.care][entry->info.setting] = TRUE;
      if (entry->outside_convention)
        continue;
      g_array_append_val (infos, entry->info);
      g_array_append_val (results, entry->result);
    }

  n = sessio_forecast (self->rules, &evaluation->trajectory,
                       (const SessioSessionInfo *) (gpointer) infos->data,
                       (const SessioEvalResult *) (gpointer) results->data, infos->len, date, entries);
  for (guint i = 0; i < n; i++)
    {
      const SessioForecastEntry *entry = &entries[i];
      const char *care = sessio_care_get_title (entry->care);
      g_autofree char *line = NULL;

      if (entry->limit < 0 || !used[entry->care][entry->setting])
        continue;

      if (entry->left == 0 && g_date_valid (&entry->next_possible))
        {
          g_autofree char *next = sessio_format_date (&entry->next_possible);

          if (entry->setting == SESSIO_SETTING_GROUP)
            /* Translators: a meter on the patient page.  %1$s is a care type
             * ("Support"), %2$u the sessions used, %3$d the limit, %4$s a date. */
            line = g_strdup_printf (_("%1$s in groups: %2$u of %3$d in the last 12 months — next reimbursed session possible on %4$s"),
                                    care, entry->used, entry->limit, next);
          else
            /* Translators: a meter on the patient page.  %1$s is a care type
             * ("Support"), %2$u the sessions used, %3$d the limit, %4$s a date. */
            line = g_strdup_printf (_("%1$s: %2$u of %3$d in the last 12 months — next reimbursed session possible on %4$s"),
                                    care, entry->used, entry->limit, next);
        }
      else if (entry->setting == SESSIO_SETTING_GROUP)
        /* Translators: a meter on the patient page.  %1$s is a care type
         * ("Support"), %2$u the sessions used, %3$d the limit. */
        line = g_strdup_printf (_("%1$s in groups: %2$u of %3$d in the last 12 months"),
                                care, entry->used, entry->limit);
      else
        /* Translators: a meter on the patient page.  %1$s is a care type
         * ("Support"), %2$u the sessions used, %3$d the limit. */
        line = g_strdup_printf (_("%1$s: %2$u of %3$d in the last 12 months"),
                                care, entry->used, entry->limit);
      g_strv_builder_add (lines, line);
    }

  return g_strv_builder_end (lines);
}

/* ------------------------------------------------------------ session */

static const char * const copays[] = { "cash", "transfer", "not-yet", "not-due", NULL };

/* Refuses, with a message saying how to record it anyway, a session the
 * convention does not reimburse. */
static gboolean
check_billable (const SessioSessionEvaluation *entry,
                GError                       **error)
{
  const SessioEvalResult *result = &entry->result;

  if (entry->outside_convention || entry->info.status != SESSIO_STATUS_HELD)
    return TRUE;
  if (result->errors & SESSIO_EVAL_ERROR_BILAN_REQUIRED)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                           _("This care type needs a functional assessment dated on or before the session: record the assessment first, or save the session as outside the convention"));
      return FALSE;
    }
  if (result->errors & SESSIO_EVAL_ERROR_AGE_OUTSIDE_NETWORK)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                           _("On the date of the session the patient’s age is outside this network’s age range: save the session as outside the convention"));
      return FALSE;
    }
  if (result->errors & SESSIO_EVAL_ERROR_NO_RULE_SET)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                           _("No convention rules apply on the date of the session: save it as outside the convention"));
      return FALSE;
    }
  if (result->warnings & SESSIO_EVAL_WARNING_LIMIT_REACHED)
    {
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "This session is over the limit of %d reimbursed session in 12 months: save it as outside the convention to record it",
                                "This session is over the limit of %d reimbursed sessions in 12 months: save it as outside the convention to record it",
                                (gulong) MAX (result->limit, 0)),
                   result->limit);
      return FALSE;
    }
  return TRUE;
}

static gboolean
over_limit (const SessioSessionEvaluation *entry)
{
  return entry->info.status == SESSIO_STATUS_HELD && !entry->outside_convention &&
         (entry->result.warnings & SESSIO_EVAL_WARNING_LIMIT_REACHED) != 0;
}

/* A session recorded (or marked held) earlier in time than sessions
 * already held can push one of those over the limit: the convention
 * counts in date order.  That later session may already be invoiced,
 * and silently turning it into an unpaid one is not what anybody
 * expects, so the change is refused the same way as a session over the
 * limit, naming the session it would affect; the user can still save
 * this one as outside the convention.  @after is the trajectory
 * evaluated with the change, @changed_id the session being changed (0:
 * a new one). */
static gboolean
check_later_sessions (SessioPatientStore          *self,
                      sqlite3                     *db,
                      gint64                       trajectory_id,
                      SessioTrajectoryEvaluation  *after,
                      gint64                       changed_id,
                      GError                     **error)
{
  g_autoptr(SessioTrajectoryEvaluation) before = NULL;

  before = evaluate_in (self, db, trajectory_id, NULL, 0, FALSE, error);
  if (before == NULL)
    return FALSE;

  for (guint i = 0; i < after->sessions->len; i++)
    {
      const SessioSessionEvaluation *entry = &g_array_index (after->sessions, SessioSessionEvaluation, i);
      const SessioSessionEvaluation *earlier;
      g_autofree char *date = NULL;

      if (entry->session_id == 0 || entry->session_id == changed_id || !over_limit (entry))
        continue;
      earlier = sessio_trajectory_evaluation_find (before, entry->session_id);
      if (earlier != NULL && over_limit (earlier))
        continue;

      date = sessio_format_date (&entry->info.date);
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                   /* Translators: %s is the date of a session already held */
                   _("This session comes before the one of %s, which would then be over the limit of reimbursed sessions: save this session as outside the convention to record it"),
                   date);
      return FALSE;
    }

  return TRUE;
}

/* Checks the session's own fields, and its fit with the rule set of its
 * date.  @date and @when receive the parsed date. */
static gboolean
validate_session (SessioPatientStore  *self,
                  const SessioSession *session,
                  GDate               *date,
                  char                 when[17],
                  GError             **error)
{
  SessioSessionInfo info;
  SessioRuleSet *rule_set;
  GDate today;

  if (!parse_when (session->starts_at, date, when))
    return invalid (error, _("The session needs a date written as YYYY-MM-DD or YYYY-MM-DDTHH:MM"));
  if (!is_set (session->care))
    return invalid (error, _("The session needs a care type"));
  if (!sessio_care_from_string (session->care, &info.care))
    return invalid (error, _("Unknown care type"));
  if (!sessio_setting_from_string (is_set (session->setting) ? session->setting : "", &info.setting))
    return invalid (error, _("The setting must be “individual” or “group”"));
  if (is_set (session->location) && !sessio_location_from_string (session->location, &info.location))
    return invalid (error, _("Unknown location"));
  if (is_set (session->context) && !sessio_context_from_string (session->context, &info.context))
    return invalid (error, _("The context must be “own” or “clb”"));
  if (is_set (session->status) && !sessio_status_from_string (session->status, &info.status))
    return invalid (error, _("The status must be “planned”, “held”, “no-show” or “cancelled”"));
  if (!is_set (session->status))
    info.status = SESSIO_STATUS_HELD;
  if (is_set (session->copay) && !one_of (session->copay, copays))
    return invalid (error, _("The co-payment must be “cash”, “transfer”, “not-yet” or “not-due”"));
  if (session->duration_min < 0 || session->duration_min > 600)
    return invalid (error, _("The duration must be between 1 and 600 minutes"));
  if (session->participants < 0 || session->participants > 100)
    return invalid (error, _("The number of participants must be between 1 and 100"));

  get_today (self, &today);
  if ((info.status == SESSIO_STATUS_HELD || info.status == SESSIO_STATUS_NO_SHOW) &&
      g_date_compare (date, &today) > 0)
    return invalid (error, _("A session dated in the future cannot be held or missed yet: plan it instead"));

  if (info.setting == SESSIO_SETTING_GROUP)
    {
      if (session->trajectories == NULL || session->trajectories->len == 0)
        return invalid (error, _("A group session needs at least one participant"));
      if (session->participants > 0 && (guint) session->participants < session->trajectories->len)
        return invalid (error, _("A group session cannot have fewer participants than the patients listed"));
    }
  else if (session->trajectory_id <= 0)
    return invalid (error, _("An individual session needs a trajectory"));

  /* The rule set decides which care types exist; a session recorded
   * outside the convention is not bound by it. */
  rule_set = sessio_rules_lookup (self->rules, date);
  if (!session->outside_convention)
    {
      if (rule_set == NULL)
        return invalid (error, _("No convention rules apply before 1 January 2022: record the session as outside the convention"));
      if (!sessio_rule_set_has_care (rule_set, info.care))
        return invalid (error, _("This care type is not part of the convention rules valid on the date of the session"));
      if (info.setting == SESSIO_SETTING_INDIVIDUAL && sessio_rule_set_care_is_group_only (rule_set, info.care))
        return invalid (error, _("This care type exists only as a group session"));
    }
  return TRUE;
}

/* Checks a session's date against its trajectory's start and end. */
static gboolean
check_in_trajectory (sqlite3      *db,
                     gint64        trajectory_id,
                     const GDate  *date,
                     gint64       *engagement_id,
                     GError      **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  if ((stmt = sessio_sql_prepare (db, "SELECT t.start_date, t.end_date, t.engagement_id, p.erased FROM trajectory t"
                           " JOIN patient p ON p.id = t.patient_id WHERE t.id = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, trajectory_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GDate start, end;

      if (sqlite3_column_int (stmt, 3) != 0)
        ok = invalid (error, _("This patient’s file was erased and can no longer be changed"));
      else if (parse_date ((const char *) sqlite3_column_text (stmt, 0), &start) &&
               g_date_compare (date, &start) < 0)
        ok = invalid (error, _("The session is dated before the start of its trajectory"));
      else if (parse_date ((const char *) sqlite3_column_text (stmt, 1), &end) &&
               g_date_compare (date, &end) > 0)
        ok = invalid (error, _("The session is dated after the end of its trajectory"));
      *engagement_id = sqlite3_column_int64 (stmt, 2);
    }
  else
    ok = not_found (error, _("There is no such trajectory"));
  sqlite3_finalize (stmt);
  return ok;
}

gint64
sessio_patient_store_add_session (SessioPatientStore  *self,
                                  const SessioSession *session,
                                  GError             **error)
{
  gboolean group = g_strcmp0 (session->setting, "group") == 0;
  gint64 engagement_id = 0, id = 0;
  char when[17];
  GDate date;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  if (!validate_session (self, session, &date, when, error) || !begin (self, error))
    return 0;
  db = sessio_vault_get_db (self->vault);

  /* Every participant's trajectory: the right engagement, the date
   * inside it, and the session reimbursable for each of them. */
  if (group)
    {
      for (guint i = 0; ok && i < session->trajectories->len; i++)
        {
          gint64 trajectory_id = g_array_index (session->trajectories, gint64, i);
          gint64 this_engagement = 0;

          for (guint j = 0; ok && j < i; j++)
            if (g_array_index (session->trajectories, gint64, j) == trajectory_id)
              ok = invalid (error, _("A trajectory is listed twice in the group session"));
          ok = ok && check_in_trajectory (db, trajectory_id, &date, &this_engagement, error);
          if (ok && engagement_id != 0 && this_engagement != engagement_id)
            ok = invalid (error, _("All participants of a group session must belong to one engagement"));
          engagement_id = this_engagement;
          if (ok && session->engagement_id > 0 && session->engagement_id != engagement_id)
            ok = invalid (error, _("The participants’ trajectories belong to another engagement"));
        }
    }
  else
    ok = check_in_trajectory (db, session->trajectory_id, &date, &engagement_id, error);

  for (guint i = 0; ok && i < (group ? session->trajectories->len : 1); i++)
    {
      gint64 trajectory_id = group ? g_array_index (session->trajectories, gint64, i) : session->trajectory_id;
      g_autoptr(SessioTrajectoryEvaluation) evaluation = evaluate_in (self, db, trajectory_id, session, 0, FALSE, error);
      SessioSession held = *session;

      ok = evaluation != NULL;
      if (ok)
        {
          SessioSessionEvaluation entry = *sessio_trajectory_evaluation_find (evaluation, 0);

          /* Planned sessions are evaluated as if held but only refused
           * once they are marked held.  They do count towards the limit
           * as soon as they are planned, so one dated before sessions
           * already held is checked against those. */
          if (!is_set (held.status) || g_strcmp0 (held.status, "held") == 0)
            ok = check_billable (&entry, error);
          if (ok && !session->outside_convention)
            ok = check_later_sessions (self, db, trajectory_id, evaluation, 0, error);
        }
    }

  if (ok && (stmt = sessio_sql_prepare (db, "INSERT INTO session (engagement_id, trajectory_id, starts_at, duration_min,"
                                 " care_type, setting, location, context, status, participants, co_facilitator,"
                                 " outside_convention, copay, notes) VALUES (?, ?, ?, ?, ?, ?, coalesce (?, 'practice'),"
                                 " coalesce (?, 'own'), coalesce (?, 'held'), ?, ?, ?, coalesce (?, 'not-yet'), ?)",
                             error)) == NULL)
    ok = FALSE;
  else if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, engagement_id);
      sessio_sql_bind_id (stmt, 2, group ? 0 : session->trajectory_id);
      sessio_sql_bind_text (stmt, 3, when);
      sqlite3_bind_int (stmt, 4, session->duration_min > 0 ? session->duration_min : (group ? 90 : 60));
      sessio_sql_bind_text (stmt, 5, session->care);
      sessio_sql_bind_text (stmt, 6, session->setting);
      sessio_sql_bind_text (stmt, 7, session->location);
      sessio_sql_bind_text (stmt, 8, session->context);
      sessio_sql_bind_text (stmt, 9, session->status);
      if (group && session->participants > 0)
        sqlite3_bind_int (stmt, 10, session->participants);
      else
        sqlite3_bind_null (stmt, 10);
      sqlite3_bind_int (stmt, 11, session->co_facilitator ? 1 : 0);
      sqlite3_bind_int (stmt, 12, session->outside_convention ? 1 : 0);
      sessio_sql_bind_text (stmt, 13, session->copay);
      sessio_sql_bind_text (stmt, 14, session->notes);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
      id = sqlite3_last_insert_rowid (db);
    }

  for (guint i = 0; ok && group && i < session->trajectories->len; i++)
    {
      if ((stmt = sessio_sql_prepare (db, "INSERT INTO group_participant (session_id, trajectory_id, status, copay)"
                               " VALUES (?, ?, coalesce (?, 'held'), coalesce (?, 'not-yet'))", error)) == NULL)
        ok = FALSE;
      else
        {
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_int64 (stmt, 2, g_array_index (session->trajectories, gint64, i));
          sessio_sql_bind_text (stmt, 3, session->status);
          sessio_sql_bind_text (stmt, 4, session->copay);
          ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
        }
    }

  ok = ok && audit (self, "create", "session", id, error);
  return finish (self, ok, error) ? id : 0;
}

/* Reads the trajectories taking part in group session @id. */
static GArray *
read_participants (sqlite3  *db,
                   gint64    id,
                   GError  **error)
{
  g_autoptr(GArray) trajectories = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  if ((stmt = sessio_sql_prepare (db, "SELECT trajectory_id FROM group_participant WHERE session_id = ? ORDER BY trajectory_id",
                       error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 trajectory_id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (trajectories, trajectory_id);
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&trajectories);
}

gboolean
sessio_patient_store_update_session (SessioPatientStore  *self,
                                     const SessioSession *session,
                                     GError             **error)
{
  SessioSession changed = *session;
  g_autoptr(GArray) participants = NULL;
  g_autofree char *setting = NULL;
  gint64 old_trajectory = 0, engagement_id = 0;
  gboolean group, ok = TRUE;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  char when[17];
  GDate date;

  if (!begin (self, error))
    return FALSE;
  db = sessio_vault_get_db (self->vault);

  if ((stmt = sessio_sql_prepare (db, "SELECT setting, trajectory_id FROM session WHERE id = ?", error)) == NULL)
    return finish (self, FALSE, error);
  sqlite3_bind_int64 (stmt, 1, session->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      setting = sessio_sql_column_text (stmt, 0);
      old_trajectory = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);

  if (setting == NULL)
    ok = not_found (error, _("There is no such session"));
  else if (is_set (session->setting) && g_strcmp0 (session->setting, setting) != 0)
    ok = invalid (error, _("An individual session cannot become a group session or the other way round: delete it and log it anew"));
  /* An individual session on an issued invoice may still change what
   * does not alter billing (notes, duration, co-payment received): the
   * schema's triggers refuse the rest, with the same message.  A group
   * session's participants are written anew below, so it is refused
   * outright. */
  else if (g_strcmp0 (setting, "group") == 0 &&
           row_exists (db, "SELECT 1 FROM invoice_locked_session WHERE session_id = ?", session->id))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                           _("This session is on an issued invoice and cannot be changed"));
      ok = FALSE;
    }
  if (!ok)
    return finish (self, FALSE, error);

  group = g_strcmp0 (setting, "group") == 0;
  changed.setting = setting;
  if (!group && changed.trajectory_id <= 0)
    changed.trajectory_id = old_trajectory;
  if (group && changed.trajectories == NULL)
    {
      participants = read_participants (db, session->id, error);
      if (participants == NULL)
        return finish (self, FALSE, error);
      changed.trajectories = participants;
    }

  ok = validate_session (self, &changed, &date, when, error);

  for (guint i = 0; ok && i < (group ? changed.trajectories->len : 1); i++)
    {
      gint64 trajectory_id = group ? g_array_index (changed.trajectories, gint64, i) : changed.trajectory_id;
      gint64 this_engagement = 0;
      g_autoptr(SessioTrajectoryEvaluation) evaluation = NULL;

      ok = check_in_trajectory (db, trajectory_id, &date, &this_engagement, error);
      if (ok && engagement_id != 0 && this_engagement != engagement_id)
        ok = invalid (error, _("All participants of a group session must belong to one engagement"));
      engagement_id = this_engagement;
      if (!ok)
        break;
      evaluation = evaluate_in (self, db, trajectory_id, &changed, session->id, FALSE, error);
      ok = evaluation != NULL &&
           (is_set (changed.status) && g_strcmp0 (changed.status, "held") != 0 ?
            TRUE : check_billable (sessio_trajectory_evaluation_find (evaluation, 0), error));
    }

  if (ok && (stmt = sessio_sql_prepare (db, "UPDATE session SET engagement_id = ?, trajectory_id = ?, starts_at = ?,"
                                 " duration_min = ?, care_type = ?, location = coalesce (?, 'practice'),"
                                 " context = coalesce (?, 'own'), status = coalesce (?, 'held'), participants = ?,"
                                 " co_facilitator = ?, outside_convention = ?, copay = coalesce (?, 'not-yet'),"
                                 " notes = ? WHERE id = ?", error)) == NULL)
    ok = FALSE;
  else if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, engagement_id);
      sessio_sql_bind_id (stmt, 2, group ? 0 : changed.trajectory_id);
      sessio_sql_bind_text (stmt, 3, when);
      sqlite3_bind_int (stmt, 4, changed.duration_min > 0 ? changed.duration_min : (group ? 90 : 60));
      sessio_sql_bind_text (stmt, 5, changed.care);
      sessio_sql_bind_text (stmt, 6, changed.location);
      sessio_sql_bind_text (stmt, 7, changed.context);
      sessio_sql_bind_text (stmt, 8, changed.status);
      if (group && changed.participants > 0)
        sqlite3_bind_int (stmt, 9, changed.participants);
      else
        sqlite3_bind_null (stmt, 9);
      sqlite3_bind_int (stmt, 10, changed.co_facilitator ? 1 : 0);
      sqlite3_bind_int (stmt, 11, changed.outside_convention ? 1 : 0);
      sessio_sql_bind_text (stmt, 12, changed.copay);
      sessio_sql_bind_text (stmt, 13, changed.notes);
      sqlite3_bind_int64 (stmt, 14, session->id);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
    }

  /* A group's participants are listed anew, each with the session's
   * attendance and co-payment. */
  if (ok && group)
    {
      if ((stmt = sessio_sql_prepare (db, "DELETE FROM group_participant WHERE session_id = ?", error)) == NULL)
        ok = FALSE;
      else
        {
          sqlite3_bind_int64 (stmt, 1, session->id);
          ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
        }
      for (guint i = 0; ok && i < changed.trajectories->len; i++)
        {
          if ((stmt = sessio_sql_prepare (db, "INSERT INTO group_participant (session_id, trajectory_id, status, copay)"
                                   " VALUES (?, ?, coalesce (?, 'held'), coalesce (?, 'not-yet'))", error)) == NULL)
            ok = FALSE;
          else
            {
              sqlite3_bind_int64 (stmt, 1, session->id);
              sqlite3_bind_int64 (stmt, 2, g_array_index (changed.trajectories, gint64, i));
              sessio_sql_bind_text (stmt, 3, changed.status);
              sessio_sql_bind_text (stmt, 4, changed.copay);
              ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
            }
        }
    }

  ok = ok && audit (self, "update", "session", session->id, error);
  return finish (self, ok, error);
}

gboolean
sessio_patient_store_get_session (SessioPatientStore  *self,
                                  gint64               id,
                                  SessioSession       *session,
                                  GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  memset (session, 0, sizeof *session);
  if (db == NULL ||
      (stmt = sessio_sql_prepare (db, "SELECT id, coalesce (trajectory_id, 0), engagement_id, starts_at, duration_min,"
                           " care_type, setting, location, context, status, coalesce (participants, 0),"
                           " co_facilitator, outside_convention, copay, notes FROM session WHERE id = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      session->id = sqlite3_column_int64 (stmt, 0);
      session->trajectory_id = sqlite3_column_int64 (stmt, 1);
      session->engagement_id = sqlite3_column_int64 (stmt, 2);
      session->starts_at = sessio_sql_column_text (stmt, 3);
      session->duration_min = sqlite3_column_int (stmt, 4);
      session->care = sessio_sql_column_text (stmt, 5);
      session->setting = sessio_sql_column_text (stmt, 6);
      session->location = sessio_sql_column_text (stmt, 7);
      session->context = sessio_sql_column_text (stmt, 8);
      session->status = sessio_sql_column_text (stmt, 9);
      session->participants = sqlite3_column_int (stmt, 10);
      session->co_facilitator = sqlite3_column_int (stmt, 11) != 0;
      session->outside_convention = sqlite3_column_int (stmt, 12) != 0;
      session->copay = sessio_sql_column_text (stmt, 13);
      session->notes = sessio_sql_column_text (stmt, 14);
      found = TRUE;
    }
  sqlite3_finalize (stmt);

  if (!found)
    return not_found (error, _("There is no such session"));
  if (g_strcmp0 (session->setting, "group") == 0)
    {
      session->trajectories = read_participants (db, id, error);
      if (session->trajectories == NULL)
        {
          sessio_session_clear (session);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
sessio_patient_store_set_participant_status (SessioPatientStore  *self,
                                             gint64               session_id,
                                             gint64               trajectory_id,
                                             const char          *status,
                                             const char          *copay,
                                             GError             **error)
{
  static const char * const statuses[] = { "held", "no-show", "cancelled", NULL };
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  /* A participant can miss a group session that was held; planning is
   * the session's, not the participant's. */
  if (!one_of (status, statuses))
    return invalid (error, _("A participant’s attendance must be “held”, “no-show” or “cancelled”"));
  if (is_set (copay) && !one_of (copay, copays))
    return invalid (error, _("The co-payment must be “cash”, “transfer”, “not-yet” or “not-due”"));
  if (!begin (self, error))
    return FALSE;
  db = sessio_vault_get_db (self->vault);

  if ((stmt = sessio_sql_prepare (db, "UPDATE group_participant SET status = ?, copay = coalesce (?, copay)"
                           " WHERE session_id = ? AND trajectory_id = ?", error)) == NULL)
    ok = FALSE;
  else
    {
      sessio_sql_bind_text (stmt, 1, status);
      sessio_sql_bind_text (stmt, 2, copay);
      sqlite3_bind_int64 (stmt, 3, session_id);
      sqlite3_bind_int64 (stmt, 4, trajectory_id);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
      if (ok && sqlite3_changes (db) == 0)
        ok = not_found (error, _("This trajectory does not take part in that group session"));
    }
  ok = ok && audit (self, "update participant", "session", session_id, error);
  return finish (self, ok, error);
}

gboolean
sessio_patient_store_set_session_status (SessioPatientStore  *self,
                                         gint64               session_id,
                                         const char          *status,
                                         gboolean             outside_convention,
                                         GError             **error)
{
  static const char * const statuses[] = { "planned", "held", "no-show", "cancelled", NULL };
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  SessioSession session = { 0 };
  g_autoptr(GArray) trajectories = g_array_new (FALSE, FALSE, sizeof (gint64));
  GDate date, today;
  char when[17];

  if (!one_of (status, statuses))
    return invalid (error, _("The status must be “planned”, “held”, “no-show” or “cancelled”"));
  if (!begin (self, error))
    return FALSE;
  db = sessio_vault_get_db (self->vault);

  if ((stmt = sessio_sql_prepare (db, "SELECT trajectory_id, starts_at, care_type, setting, location, context,"
                           " participants, co_facilitator, outside_convention FROM session WHERE id = ?", error)) == NULL)
    ok = FALSE;
  else
    {
      sqlite3_bind_int64 (stmt, 1, session_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          session.trajectory_id = sqlite3_column_int64 (stmt, 0);
          session.starts_at = sessio_sql_column_text (stmt, 1);
          session.care = sessio_sql_column_text (stmt, 2);
          session.setting = sessio_sql_column_text (stmt, 3);
          session.location = sessio_sql_column_text (stmt, 4);
          session.context = sessio_sql_column_text (stmt, 5);
          session.participants = sqlite3_column_int (stmt, 6);
          session.co_facilitator = sqlite3_column_int (stmt, 7) != 0;
          session.outside_convention = outside_convention || sqlite3_column_int (stmt, 8) != 0;
          session.status = g_strdup (status);
        }
      else
        ok = not_found (error, _("There is no such session"));
      sqlite3_finalize (stmt);
    }

  get_today (self, &today);
  if (ok && (g_strcmp0 (status, "held") == 0 || g_strcmp0 (status, "no-show") == 0) &&
      parse_when (session.starts_at, &date, when) && g_date_compare (&date, &today) > 0)
    ok = invalid (error, _("A session dated in the future cannot be held or missed yet: plan it instead"));

  if (ok && session.trajectory_id > 0)
    g_array_append_val (trajectories, session.trajectory_id);
  else if (ok && (stmt = sessio_sql_prepare (db, "SELECT trajectory_id FROM group_participant WHERE session_id = ?", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, session_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 trajectory_id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (trajectories, trajectory_id);
        }
      sqlite3_finalize (stmt);
    }
  else
    ok = FALSE;

  for (guint i = 0; ok && g_strcmp0 (status, "held") == 0 && i < trajectories->len; i++)
    {
      g_autoptr(SessioTrajectoryEvaluation) evaluation =
        evaluate_in (self, db, g_array_index (trajectories, gint64, i), &session, session_id, FALSE, error);

      ok = evaluation != NULL && check_billable (sessio_trajectory_evaluation_find (evaluation, 0), error);
      if (ok && !session.outside_convention)
        ok = check_later_sessions (self, db, g_array_index (trajectories, gint64, i), evaluation,
                                   session_id, error);
    }

  if (ok && (stmt = sessio_sql_prepare (db, "UPDATE session SET status = ?, outside_convention = ? WHERE id = ?", error)) != NULL)
    {
      sessio_sql_bind_text (stmt, 1, status);
      sqlite3_bind_int (stmt, 2, session.outside_convention ? 1 : 0);
      sqlite3_bind_int64 (stmt, 3, session_id);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
    }
  else
    ok = FALSE;
  if (ok && (stmt = sessio_sql_prepare (db, "UPDATE group_participant SET status = ? WHERE session_id = ?", error)) != NULL)
    {
      sessio_sql_bind_text (stmt, 1, status);
      sqlite3_bind_int64 (stmt, 2, session_id);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
    }
  else
    ok = FALSE;

  ok = ok && audit (self, "update status", "session", session_id, error);
  sessio_session_clear (&session);
  return finish (self, ok, error);
}

gboolean
sessio_patient_store_delete_session (SessioPatientStore  *self,
                                     gint64               session_id,
                                     GError             **error)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  if (!begin (self, error))
    return FALSE;
  db = sessio_vault_get_db (self->vault);

  if (!row_exists (db, "SELECT 1 FROM session WHERE id = ?", session_id))
    ok = not_found (error, _("There is no such session"));
  else if (row_exists (db, "SELECT 1 FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id"
                           " WHERE l.session_id = ? AND i.status = 'issued'", session_id))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED,
                           _("This session is on an invoice and cannot be deleted"));
      ok = FALSE;
    }
  else if ((stmt = sessio_sql_prepare (db, "DELETE FROM invoice_line WHERE session_id = ?", error)) == NULL)
    ok = FALSE;
  else if ((sqlite3_bind_int64 (stmt, 1, session_id), !sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error)))
    ok = FALSE;
  /* A draft that named the session simply loses that line: drafts are
   * recomputed before they are issued. */
  else if ((stmt = sessio_sql_prepare (db, "DELETE FROM session WHERE id = ?", error)) == NULL)
    ok = FALSE;
  else
    {
      sqlite3_bind_int64 (stmt, 1, session_id);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error) && audit (self, "delete", "session", session_id, error);
    }
  return finish (self, ok, error);
}

/* --------------------------------------------------------------- task */

gint64
sessio_patient_store_add_task (SessioPatientStore  *self,
                               const SessioTask    *task,
                               GError             **error)
{
  char when[17];
  GDate date, today;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  gboolean ok = TRUE;

  if (!choice_known (task_kinds, G_N_ELEMENTS (task_kinds), task->kind))
    return invalid (error, _("Unknown kind of task")), 0;
  if (!parse_when (task->starts_at, &date, when))
    return invalid (error, _("The task needs a date written as YYYY-MM-DD or YYYY-MM-DDTHH:MM")), 0;
  get_today (self, &today);
  if (g_date_compare (&date, &today) > 0)
    return invalid (error, _("A task cannot be logged in the future")), 0;
  if (task->duration_min <= 0 || task->duration_min > 600)
    return invalid (error, _("The duration must be between 1 and 600 minutes")), 0;
  if (g_strcmp0 (task->kind, "mdo") == 0 && task->care_providers < 3)
    return invalid (error, _("A multidisciplinary consultation needs at least 3 care providers")), 0;

  if (!begin (self, error))
    return 0;
  db = sessio_vault_get_db (self->vault);
  if (!row_exists (db, "SELECT 1 FROM engagement WHERE id = ?", task->engagement_id))
    ok = not_found (error, _("There is no such engagement"));
  else if (task->patient_id > 0 && !row_exists (db, "SELECT 1 FROM patient WHERE id = ? AND erased = 0", task->patient_id))
    ok = not_found (error, _("There is no such patient"));
  else if ((stmt = sessio_sql_prepare (db, "INSERT INTO task (engagement_id, patient_id, kind, starts_at, duration_min,"
                                " care_providers, notes) VALUES (?, ?, ?, ?, ?, ?, ?)", error)) == NULL)
    ok = FALSE;
  else
    {
      sqlite3_bind_int64 (stmt, 1, task->engagement_id);
      sessio_sql_bind_id (stmt, 2, task->patient_id);
      sessio_sql_bind_text (stmt, 3, task->kind);
      sessio_sql_bind_text (stmt, 4, when);
      sqlite3_bind_int (stmt, 5, task->duration_min);
      if (task->care_providers > 0)
        sqlite3_bind_int (stmt, 6, task->care_providers);
      else
        sqlite3_bind_null (stmt, 6);
      sessio_sql_bind_text (stmt, 7, task->notes);
      ok = sessio_sql_run (stmt, _("This session is on an issued invoice and cannot be changed"), error);
      id = sqlite3_last_insert_rowid (db);
      ok = ok && audit (self, "create", "task", id, error);
      if (ok && task->patient_id > 0)
        ok = audit (self, "create task", "patient", task->patient_id, error);
    }
  return finish (self, ok, error) ? id : 0;
}

/* -------------------------------------------------------------- audit */

JsonArray *
sessio_patient_store_get_audit (SessioPatientStore  *self,
                                gint64               patient_id,
                                GError             **error)
{
  sqlite3 *db = sessio_patient_store_get_db (self, error);
  g_autoptr(JsonArray) entries = NULL;
  sqlite3_stmt *stmt;

  if (db == NULL ||
      (stmt = sessio_sql_prepare (db,
                       "SELECT id, at, action, entity, entity_id FROM audit_log WHERE"
                       " (entity = 'patient' AND entity_id = ?1)"
                       " OR (entity = 'trajectory' AND entity_id IN (SELECT id FROM trajectory WHERE patient_id = ?1))"
                       " OR (entity = 'session' AND entity_id IN (SELECT s.id FROM session s JOIN trajectory t"
                       "     ON t.id = s.trajectory_id WHERE t.patient_id = ?1"
                       "     UNION SELECT g.session_id FROM group_participant g JOIN trajectory t"
                       "     ON t.id = g.trajectory_id WHERE t.patient_id = ?1))"
                       " ORDER BY id", error)) == NULL)
    return NULL;
  entries = json_array_new ();
  sqlite3_bind_int64 (stmt, 1, patient_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *entry = json_object_new ();

      json_object_set_int_member (entry, "id", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (entry, "at", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (entry, "action", (const char *) sqlite3_column_text (stmt, 2));
      json_object_set_string_member (entry, "entity", (const char *) sqlite3_column_text (stmt, 3));
      json_object_set_int_member (entry, "entity_id", sqlite3_column_int64 (stmt, 4));
      json_array_add_object_element (entries, entry);
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&entries);
}
