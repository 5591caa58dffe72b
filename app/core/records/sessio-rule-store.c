/* sessio-rule-store.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where things live in the vault:
 *   rule_amount (rule_set, key, amount_cents)   key: sessio_amount_to_string()
 *   billing_code (rule_set, network, care_type, setting, code)
 *   setting "rule_amount_set_at/DATE/KEY"       when the user set that amount (UTC)
 *   setting "rule_set_file/DATE"                an imported file, as imported
 *   setting "rule_set_file_name/DATE"           its base name
 *   setting "rule_set_file_at/DATE"             when it was imported (UTC)
 * The imported file is kept whole rather than as amounts: the network's
 * file also carries limits and co-payment rules, and re-reading it with
 * the same loader keeps one definition of what a valid rule set is.
 *
 * Audit entries name the table and use the rule set's date as a number
 * (20240401) for entity_id: no amounts, no codes, nothing about patients.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-format.h"
#include "sessio-rule-store.h"
#include "sessio-schema.h"

#define MAX_CODE_CHARS 32

typedef struct
{
  char      *file_name;
  GDateTime *at;
} ImportInfo;

struct _SessioRuleStore
{
  GObject       parent_instance;

  SessioVault  *vault;
  SessioRules  *shipped;
  SessioRules  *base;        /* shipped + imported */
  SessioRules  *rules;       /* base + the user's amounts */
  GHashTable   *amount_at;   /* "DATE/KEY" → GDateTime: amounts the user set */
  GHashTable   *imports;     /* "DATE" → ImportInfo */
  GHashTable   *codes;       /* "DATE/network/care/setting" → code */
};

G_DEFINE_FINAL_TYPE (SessioRuleStore, sessio_rule_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
import_info_free (gpointer data)
{
  ImportInfo *info = data;

  g_free (info->file_name);
  g_clear_pointer (&info->at, g_date_time_unref);
  g_free (info);
}

static gboolean
db_failed (GError **error)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                       _("The database refused the change"));
  return FALSE;
}

static char *
code_key (const char    *rule_set_id,
          SessioNetwork  network,
          SessioCare     care,
          SessioSetting  setting)
{
  return g_strdup_printf ("%s/%s/%s/%s", rule_set_id, sessio_network_to_string (network),
                          sessio_care_to_string (care), sessio_setting_to_string (setting));
}

static gint64
rule_set_number (const char *rule_set_id)
{
  GDate date;

  if (!sessio_date_parse_iso (rule_set_id, &date))
    return 0;
  return (gint64) g_date_get_year (&date) * 10000 + g_date_get_month (&date) * 100 + g_date_get_day (&date);
}

static char *
now_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* Runs @sql with @n text parameters; for statements that return no rows. */
static gboolean
exec_text (sqlite3     *db,
           const char  *sql,
           GError     **error,
           guint        n,
           ...)
{
  sqlite3_stmt *stmt = NULL;
  va_list args;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return db_failed (error);

  va_start (args, n);
  for (guint i = 0; i < n; i++)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        sqlite3_bind_text (stmt, (int) i + 1, value, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (stmt, (int) i + 1);
    }
  va_end (args);

  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return db_failed (error);
  return TRUE;
}

/* ---------------------------------------------------------------- load */

/* Imported files: each a rule set added to @base, its file name and when
 * it was imported in @imports. */
static gboolean
load_imports (sqlite3      *db,
              SessioRules  *base,
              GHashTable   *imports,
              GError      **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db,
                          "SELECT f.key, f.value, n.value, a.value FROM setting f"
                          " LEFT JOIN setting n ON n.key = 'rule_set_file_name/' || substr (f.key, 15)"
                          " LEFT JOIN setting a ON a.key = 'rule_set_file_at/' || substr (f.key, 15)"
                          " WHERE f.key LIKE 'rule\\_set\\_file/%' ESCAPE '\\'",
                          -1, &stmt, NULL) != SQLITE_OK)
    return db_failed (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *data = (const char *) sqlite3_column_text (stmt, 1);
      const char *name = (const char *) sqlite3_column_text (stmt, 2);
      const char *at = (const char *) sqlite3_column_text (stmt, 3);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(SessioRuleSet) set = NULL;
      ImportInfo *info;

      if (data == NULL)
        continue;
      set = sessio_rule_set_new_from_data (data, sqlite3_column_bytes (stmt, 1), &local_error);
      if (set == NULL)
        {
          /* Checked when imported, so only a later Sessio that is stricter
           * gets here: keep working with the shipped set rather than
           * refusing the whole vault. */
          g_warning ("An imported rule set is no longer accepted: %s", local_error->message);
          continue;
        }
      sessio_rules_add (base, set);

      info = g_new0 (ImportInfo, 1);
      info->file_name = g_strdup (name != NULL ? name : "");
      info->at = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
      g_hash_table_replace (imports, g_strdup (sessio_rule_set_get_id (set)), info);
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/* The user's amounts: a list of overrides per rule set in @overrides, and
 * when each was set in @amount_at. */
static gboolean
load_amounts (sqlite3     *db,
              GHashTable  *overrides,
              GHashTable  *amount_at,
              GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db,
                          "SELECT r.rule_set, r.key, r.amount_cents, s.value FROM rule_amount r"
                          " LEFT JOIN setting s ON s.key = 'rule_amount_set_at/' || r.rule_set || '/' || r.key"
                          " ORDER BY r.rule_set, r.key",
                          -1, &stmt, NULL) != SQLITE_OK)
    return db_failed (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *key = (const char *) sqlite3_column_text (stmt, 1);
      const char *at = (const char *) sqlite3_column_text (stmt, 3);
      SessioRuleOverride o = { 0, sqlite3_column_int64 (stmt, 2), NULL };
      GDateTime *when;
      GArray *list;

      if (id == NULL || key == NULL || !sessio_amount_from_string (key, &o.amount))
        continue;
      list = g_hash_table_lookup (overrides, id);
      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (SessioRuleOverride));
          g_hash_table_insert (overrides, g_strdup (id), list);
        }
      g_array_append_val (list, o);
      when = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
      g_hash_table_replace (amount_at, g_strdup_printf ("%s/%s", id, key),
                            when != NULL ? when : g_date_time_new_from_unix_utc (0));
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/* The user's billing codes, by code_key(). */
static gboolean
load_billing_codes (sqlite3     *db,
                    GHashTable  *codes,
                    GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT rule_set, network, care_type, setting, code FROM billing_code",
                          -1, &stmt, NULL) != SQLITE_OK)
    return db_failed (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *text[5];
      SessioNetwork network;
      SessioCare care;
      SessioSetting setting;

      for (int c = 0; c < 5; c++)
        text[c] = (const char *) sqlite3_column_text (stmt, c);
      if (text[0] == NULL || text[4] == NULL ||
          !sessio_network_from_string (text[1], &network) ||
          !sessio_care_from_string (text[2], &care) ||
          !sessio_setting_from_string (text[3], &setting))
        continue;
      g_hash_table_replace (codes, code_key (text[0], network, care, setting), g_strdup (text[4]));
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/* The effective sets: the base, with the user's amounts on top. */
static SessioRules *
apply_overrides (SessioRules *base,
                 GHashTable  *overrides)
{
  SessioRules *rules = sessio_rules_new ();

  for (guint i = 0; i < sessio_rules_get_n_rule_sets (base); i++)
    {
      SessioRuleSet *set = sessio_rules_get_rule_set (base, i);
      GArray *list = g_hash_table_lookup (overrides, sessio_rule_set_get_id (set));
      g_autoptr(SessioRuleSet) changed = NULL;

      if (list != NULL)
        {
          g_autoptr(GError) local_error = NULL;

          changed = sessio_rule_set_with_overrides (set, (SessioRuleOverride *) (gpointer) list->data,
                                                    list->len, &local_error);
          if (changed == NULL)
            g_warning ("The amounts set for rule set %s do not apply: %s",
                       sessio_rule_set_get_id (set), local_error->message);
        }
      sessio_rules_add (rules, changed != NULL ? changed : set);
    }
  return rules;
}

static gboolean
load (SessioRuleStore  *self,
      GError          **error)
{
  sqlite3 *db = sessio_vault_get_db (self->vault);
  g_autoptr(SessioRules) base = sessio_rules_new ();
  g_autoptr(SessioRules) rules = NULL;
  g_autoptr(GHashTable) amount_at = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) g_date_time_unref);
  g_autoptr(GHashTable) imports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, import_info_free);
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) g_array_unref);

  if (db == NULL)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_LOCKED, _("The vault is locked"));
      return FALSE;
    }

  for (guint i = 0; i < sessio_rules_get_n_rule_sets (self->shipped); i++)
    sessio_rules_add (base, sessio_rules_get_rule_set (self->shipped, i));

  if (!load_imports (db, base, imports, error) ||
      !load_amounts (db, overrides, amount_at, error) ||
      !load_billing_codes (db, codes, error))
    return FALSE;
  rules = apply_overrides (base, overrides);

  g_clear_pointer (&self->base, sessio_rules_unref);
  g_clear_pointer (&self->rules, sessio_rules_unref);
  g_clear_pointer (&self->amount_at, g_hash_table_unref);
  g_clear_pointer (&self->imports, g_hash_table_unref);
  g_clear_pointer (&self->codes, g_hash_table_unref);
  self->base = g_steal_pointer (&base);
  self->rules = g_steal_pointer (&rules);
  self->amount_at = g_steal_pointer (&amount_at);
  self->imports = g_steal_pointer (&imports);
  self->codes = g_steal_pointer (&codes);
  return TRUE;
}

/* ------------------------------------------------------------- object */

#define SHARED_KEY "sessio-rule-store"

static void
sessio_rule_store_finalize (GObject *object)
{
  SessioRuleStore *self = SESSIO_RULE_STORE (object);

  /* The vault only points at its shared store (a reference would be a
   * cycle): forget it when it goes. */
  if (self->vault != NULL && g_object_get_data (G_OBJECT (self->vault), SHARED_KEY) == self)
    g_object_set_data (G_OBJECT (self->vault), SHARED_KEY, NULL);
  g_clear_object (&self->vault);
  g_clear_pointer (&self->shipped, sessio_rules_unref);
  g_clear_pointer (&self->base, sessio_rules_unref);
  g_clear_pointer (&self->rules, sessio_rules_unref);
  g_clear_pointer (&self->amount_at, g_hash_table_unref);
  g_clear_pointer (&self->imports, g_hash_table_unref);
  g_clear_pointer (&self->codes, g_hash_table_unref);

  G_OBJECT_CLASS (sessio_rule_store_parent_class)->finalize (object);
}

static void
sessio_rule_store_class_init (SessioRuleStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sessio_rule_store_finalize;

  /**
   * SessioRuleStore::changed:
   *
   * An amount, a billing code or an imported file changed; the effective
   * rules are new.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sessio_rule_store_init (SessioRuleStore *self)
{
}

SessioRuleStore *
sessio_rule_store_new (SessioVault  *vault,
                       GError      **error)
{
  g_autoptr(SessioRuleStore) self = NULL;

  g_return_val_if_fail (SESSIO_IS_VAULT (vault), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (SESSIO_TYPE_RULE_STORE, NULL);
  self->vault = g_object_ref (vault);
  self->shipped = sessio_rules_new_default (error);
  if (self->shipped == NULL || !load (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

SessioRuleStore *
sessio_rule_store_get_for_vault (SessioVault  *vault,
                                 GError      **error)
{
  SessioRuleStore *store;

  g_return_val_if_fail (SESSIO_IS_VAULT (vault), NULL);

  store = g_object_get_data (G_OBJECT (vault), SHARED_KEY);
  if (store != NULL)
    return g_object_ref (store);

  store = sessio_rule_store_new (vault, error);
  if (store != NULL)
    g_object_set_data (G_OBJECT (vault), SHARED_KEY, store);
  return store;
}

SessioVault *
sessio_rule_store_get_vault (SessioRuleStore *self)
{
  g_return_val_if_fail (SESSIO_IS_RULE_STORE (self), NULL);
  return self->vault;
}

SessioRules *
sessio_rule_store_get_rules (SessioRuleStore *self)
{
  g_return_val_if_fail (SESSIO_IS_RULE_STORE (self), NULL);
  return self->rules;
}

SessioRuleSet *
sessio_rule_store_get_shipped (SessioRuleStore *self,
                               const char      *rule_set_id)
{
  g_return_val_if_fail (SESSIO_IS_RULE_STORE (self), NULL);
  g_return_val_if_fail (rule_set_id != NULL, NULL);
  return sessio_rules_get_by_id (self->shipped, rule_set_id);
}

/* ------------------------------------------------------------ sources */

SessioAmountSource
sessio_rule_store_get_source (SessioRuleStore  *self,
                              const char       *rule_set_id,
                              SessioAmount      amount,
                              GDateTime       **when,
                              const char      **file_name)
{
  SessioRuleSet *set;
  g_autofree char *key = NULL;
  GDateTime *at;
  ImportInfo *info;

  g_return_val_if_fail (SESSIO_IS_RULE_STORE (self), SESSIO_AMOUNT_SOURCE_NONE);
  g_return_val_if_fail (rule_set_id != NULL, SESSIO_AMOUNT_SOURCE_NONE);

  if (when != NULL)
    *when = NULL;
  if (file_name != NULL)
    *file_name = NULL;

  set = sessio_rules_get_by_id (self->rules, rule_set_id);
  if (set == NULL || (guint) amount >= SESSIO_N_AMOUNTS || sessio_rule_set_get_amount (set, amount) < 0)
    return SESSIO_AMOUNT_SOURCE_NONE;

  key = g_strdup_printf ("%s/%s", rule_set_id, sessio_amount_to_string (amount));
  at = g_hash_table_lookup (self->amount_at, key);
  if (at != NULL)
    {
      if (when != NULL)
        *when = g_date_time_ref (at);
      return SESSIO_AMOUNT_SOURCE_USER;
    }

  info = g_hash_table_lookup (self->imports, rule_set_id);
  if (info != NULL)
    {
      if (when != NULL && info->at != NULL)
        *when = g_date_time_ref (info->at);
      if (file_name != NULL)
        *file_name = info->file_name;
      return SESSIO_AMOUNT_SOURCE_IMPORTED;
    }

  return SESSIO_AMOUNT_SOURCE_SHIPPED;
}

static char *
format_local_date (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;
  GDate date;

  if (when == NULL)
    return g_strdup ("?");
  local = g_date_time_to_local (when);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local),
                  (GDateYear) g_date_time_get_year (local));
  return sessio_format_date (&date);
}

char *
sessio_rule_store_describe_source (SessioRuleStore *self,
                                   const char      *rule_set_id,
                                   SessioAmount     amount)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;
  const char *file_name = NULL;
  SessioRuleSet *set;

  g_return_val_if_fail (SESSIO_IS_RULE_STORE (self), NULL);

  switch (sessio_rule_store_get_source (self, rule_set_id, amount, &when, &file_name))
    {
    case SESSIO_AMOUNT_SOURCE_SHIPPED:
      set = sessio_rules_get_by_id (self->shipped, rule_set_id);
      date = sessio_format_date (sessio_rule_set_get_valid_from (set));
      /* Translators: where an amount comes from; %s is a date such as
       * "1 January 2022" */
      return g_strdup_printf (_("Shipped (rules of %s)"), date);

    case SESSIO_AMOUNT_SOURCE_USER:
      date = format_local_date (when);
      /* Translators: where an amount comes from; %s is a date */
      return g_strdup_printf (_("Set by you on %s"), date);

    case SESSIO_AMOUNT_SOURCE_IMPORTED:
      date = format_local_date (when);
      /* Translators: where an amount comes from; the first %s is a file
       * name, the second a date */
      return g_strdup_printf (_("Imported from %s on %s"), file_name, date);

    case SESSIO_AMOUNT_SOURCE_NONE:
    default:
      return NULL;
    }
}

gboolean
sessio_rule_store_has_changes (SessioRuleStore *self,
                               const char      *rule_set_id)
{
  GHashTableIter iter;
  gpointer key;
  g_autofree char *prefix = NULL;

  g_return_val_if_fail (SESSIO_IS_RULE_STORE (self), FALSE);

  if (g_hash_table_contains (self->imports, rule_set_id))
    return TRUE;
  prefix = g_strconcat (rule_set_id, "/", NULL);
  g_hash_table_iter_init (&iter, self->amount_at);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, prefix))
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------ changes */

static gboolean
begin (SessioRuleStore  *self,
       GError          **error)
{
  return sessio_vault_begin (self->vault, error);
}

/* Commits when @ok, else rolls back; reloads and tells listeners after a
 * commit.  The database is the truth: the state in memory is rebuilt from
 * it rather than patched. */
static gboolean
finish (SessioRuleStore  *self,
        gboolean          ok,
        GError          **error)
{
  if (!ok)
    {
      if (sessio_vault_in_transaction (self->vault))
        sessio_vault_rollback (self->vault);
      return FALSE;
    }

  if (!sessio_vault_commit (self->vault, error))
    {
      if (sessio_vault_in_transaction (self->vault))
        sessio_vault_rollback (self->vault);
      return FALSE;
    }

  if (!load (self, error))
    return FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

gboolean
sessio_rule_store_set_amount (SessioRuleStore  *self,
                              const char       *rule_set_id,
                              SessioAmount      amount,
                              gint64            cents,
                              GError          **error)
{
  sqlite3 *db;
  SessioRuleSet *set;
  SessioRuleOverride o = { amount, cents, NULL };
  g_autoptr(SessioRuleSet) check = NULL;
  g_autofree char *at = NULL;
  g_autofree char *at_key = NULL;
  char value[32];
  gboolean ok;

  g_return_val_if_fail (SESSIO_IS_RULE_STORE (self), FALSE);
  g_return_val_if_fail (rule_set_id != NULL, FALSE);

  set = sessio_rules_get_by_id (self->base, rule_set_id);
  if (set == NULL)
    {
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                   _("There is no rule set of %s"), rule_set_id);
      return FALSE;
    }
  /* The same check the rules apply when the vault is opened, before
   * anything is written. */
  /* -1 means "keep" to the rules; here every negative is refused. */
  o.cents = cents < 0 ? -2 : cents;
  check = sessio_rule_set_with_overrides (set, &o, 1, error);
  if (check == NULL)
    return FALSE;

  db = sessio_vault_get_db (self->vault);
  at = now_text ();
  at_key = g_strdup_printf ("rule_amount_set_at/%s/%s", rule_set_id, sessio_amount_to_string (amount));
  g_snprintf (value, sizeof value, "%" G_GINT64_FORMAT, cents);

  if (!begin (self, error))
    return FALSE;
  ok = exec_text (db, "INSERT OR REPLACE INTO rule_amount (rule_set, key, amount_cents)"
                      " VALUES (?1, ?2, CAST (?3 AS INTEGER))", error, 3,
                  rule_set_id, sessio_amount_to_string (amount), value) &&
       exec_text (db, "INSERT OR REPLACE INTO setting (key, value) VALUES (?1, ?2)", error, 2,
                  at_key, at) &&
       sessio_audit_append (db, "set-amount", "rule_amount", rule_set_number (rule_set_id), error);
  return finish (self, ok, error);
}

const char *
sessio_rule_store_get_user_billing_code (SessioRuleStore *self,
                                         const char      *rule_set_id,
                                         SessioNetwork    network,
                                         SessioCare       care,
                                         SessioSetting    setting)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (SESSIO_IS_RULE_STORE (self), NULL);
  g_return_val_if_fail (rule_set_id != NULL, NULL);

  key = code_key (rule_set_id, network, care, setting);
  return g_hash_table_lookup (self->codes, key);
}

const char *
sessio_rule_store_get_billing_code (SessioRuleStore *self,
                                    const char      *rule_set_id,
                                    SessioNetwork    network,
                                    SessioCare       care,
                                    SessioSetting    setting)
{
  const char *code = sessio_rule_store_get_user_billing_code (self, rule_set_id, network, care, setting);
  SessioRuleSet *set;

  if (code != NULL)
    return code;
  set = sessio_rules_get_by_id (self->rules, rule_set_id);
  if (set == NULL)
    return NULL;
  return sessio_rule_set_get_billing_code (set, setting == SESSIO_SETTING_GROUP
                                                  ? SESSIO_AMOUNT_FEE_GROUP
                                                  : SESSIO_AMOUNT_FEE_INDIVIDUAL);
}

static gboolean
code_is_valid (const char *code)
{
  glong n;

  if (!g_utf8_validate (code, -1, NULL))
    return FALSE;
  n = g_utf8_strlen (code, -1);
  if (n < 1 || n > MAX_CODE_CHARS)
    return FALSE;
  for (const char *p = code; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isprint (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

gboolean
sessio_rule_store_set_billing_code (SessioRuleStore  *self,
                                    const char       *rule_set_id,
                                    SessioNetwork     network,
                                    SessioCare        care,
                                    SessioSetting     setting,
                                    const char       *code,
                                    GError          **error)
{
  SessioRuleSet *set;
  sqlite3 *db;
  g_autofree char *stripped = NULL;
  gboolean ok;

  g_return_val_if_fail (SESSIO_IS_RULE_STORE (self), FALSE);
  g_return_val_if_fail (rule_set_id != NULL, FALSE);

  set = sessio_rules_get_by_id (self->rules, rule_set_id);
  if (set == NULL)
    {
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                   _("There is no rule set of %s"), rule_set_id);
      return FALSE;
    }
  if ((guint) network >= SESSIO_N_NETWORKS || (guint) care >= SESSIO_N_CARES ||
      (guint) setting >= SESSIO_N_SETTINGS || !sessio_rule_set_has_care (set, care) ||
      (setting == SESSIO_SETTING_INDIVIDUAL && sessio_rule_set_care_is_group_only (set, care)))
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("This rule set has no such care type and setting"));
      return FALSE;
    }

  stripped = g_strstrip (g_strdup (code != NULL ? code : ""));
  if (*stripped != '\0' && !code_is_valid (stripped))
    {
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                   _("A billing code is 1 to %d letters, digits or signs"), MAX_CODE_CHARS);
      return FALSE;
    }

  db = sessio_vault_get_db (self->vault);
  if (!begin (self, error))
    return FALSE;
  if (*stripped == '\0')
    ok = exec_text (db, "DELETE FROM billing_code WHERE rule_set = ?1 AND network = ?2"
                        " AND care_type = ?3 AND setting = ?4", error, 4,
                    rule_set_id, sessio_network_to_string (network), sessio_care_to_string (care),
                    sessio_setting_to_string (setting));
  else
    ok = exec_text (db, "INSERT OR REPLACE INTO billing_code (rule_set, network, care_type, setting, code)"
                        " VALUES (?1, ?2, ?3, ?4, ?5)", error, 5,
                    rule_set_id, sessio_network_to_string (network), sessio_care_to_string (care),
                    sessio_setting_to_string (setting), stripped);
  ok = ok && sessio_audit_append (db, *stripped == '\0' ? "remove-billing-code" : "set-billing-code",
                                  "billing_code", rule_set_number (rule_set_id), error);
  return finish (self, ok, error);
}

/* Removes the user's amounts of @rule_set_id, inside the caller's
 * transaction. */
static gboolean
delete_amounts (sqlite3     *db,
                const char  *rule_set_id,
                GError     **error)
{
  g_autofree char *pattern = g_strdup_printf ("rule_amount_set_at/%s/%%", rule_set_id);

  return exec_text (db, "DELETE FROM rule_amount WHERE rule_set = ?1", error, 1, rule_set_id) &&
         exec_text (db, "DELETE FROM setting WHERE key LIKE ?1", error, 1, pattern);
}

const char *
sessio_rule_store_import (SessioRuleStore  *self,
                          const char       *file_name,
                          const char       *data,
                          gsize             length,
                          GError          **error)
{
  g_autoptr(SessioRuleSet) set = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  g_autofree char *at = NULL;
  g_autofree char *file_key = NULL;
  g_autofree char *name_key = NULL;
  g_autofree char *at_key = NULL;
  const char *id;
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (SESSIO_IS_RULE_STORE (self), NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > SESSIO_RULE_SET_FILE_MAX)
    {
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                   _("Rule set refused: the file is larger than %d KiB"), SESSIO_RULE_SET_FILE_MAX / 1024);
      return NULL;
    }

  /* The loader names the line and the reason. */
  set = sessio_rule_set_new_from_data (data != NULL ? data : "", (gssize) length, error);
  if (set == NULL)
    return NULL;

  /* Stored as text: the loader has read it as JSON, so it is UTF-8, and
   * a NUL inside would have been refused. */
  text = g_strndup (data, length);
  id = sessio_rule_set_get_id (set);
  {
    g_autofree char *base = g_path_get_basename (file_name != NULL && *file_name != '\0' ? file_name : "?");
    name = g_utf8_make_valid (base, -1);
  }
  at = now_text ();
  file_key = g_strconcat ("rule_set_file/", id, NULL);
  name_key = g_strconcat ("rule_set_file_name/", id, NULL);
  at_key = g_strconcat ("rule_set_file_at/", id, NULL);

  db = sessio_vault_get_db (self->vault);
  if (!begin (self, error))
    return NULL;
  ok = delete_amounts (db, id, error) &&
       exec_text (db, "INSERT OR REPLACE INTO setting (key, value) VALUES (?1, ?2)", error, 2, file_key, text) &&
       exec_text (db, "INSERT OR REPLACE INTO setting (key, value) VALUES (?1, ?2)", error, 2, name_key, name) &&
       exec_text (db, "INSERT OR REPLACE INTO setting (key, value) VALUES (?1, ?2)", error, 2, at_key, at) &&
       sessio_audit_append (db, "import-rule-set", "setting", rule_set_number (id), error);
  if (!finish (self, ok, error))
    return NULL;

  return sessio_rule_set_get_id (sessio_rules_get_by_id (self->rules, id));
}

const char *
sessio_rule_store_import_file (SessioRuleStore  *self,
                               GFile            *file,
                               GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;

  g_return_val_if_fail (SESSIO_IS_RULE_STORE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* The size first: a huge file is refused without reading it. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info != NULL && g_file_info_get_size (info) > SESSIO_RULE_SET_FILE_MAX)
    {
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                   _("Rule set refused: the file is larger than %d KiB"), SESSIO_RULE_SET_FILE_MAX / 1024);
      return NULL;
    }
  g_clear_error (&local_error);

  if (!g_file_load_contents (file, NULL, &data, &length, NULL, &local_error))
    {
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                   _("Cannot read the file: %s"), local_error->message);
      return NULL;
    }

  /* Through the portal the path is a document-store one: the display
   * name is what the user chose. */
  if (info != NULL && g_file_info_get_display_name (info) != NULL)
    name = g_strdup (g_file_info_get_display_name (info));
  else
    name = g_file_get_basename (file);

  return sessio_rule_store_import (self, name, data, length, error);
}

gboolean
sessio_rule_store_reset (SessioRuleStore  *self,
                         const char       *rule_set_id,
                         GError          **error)
{
  g_autofree char *file_key = NULL;
  g_autofree char *name_key = NULL;
  g_autofree char *at_key = NULL;
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (SESSIO_IS_RULE_STORE (self), FALSE);
  g_return_val_if_fail (rule_set_id != NULL, FALSE);

  if (sessio_rules_get_by_id (self->rules, rule_set_id) == NULL)
    {
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                   _("There is no rule set of %s"), rule_set_id);
      return FALSE;
    }

  file_key = g_strconcat ("rule_set_file/", rule_set_id, NULL);
  name_key = g_strconcat ("rule_set_file_name/", rule_set_id, NULL);
  at_key = g_strconcat ("rule_set_file_at/", rule_set_id, NULL);

  db = sessio_vault_get_db (self->vault);
  if (!begin (self, error))
    return FALSE;
  ok = delete_amounts (db, rule_set_id, error) &&
       exec_text (db, "DELETE FROM setting WHERE key IN (?1, ?2, ?3)", error, 3, file_key, name_key, at_key) &&
       sessio_audit_append (db, "reset-amounts", "rule_amount", rule_set_number (rule_set_id), error);
  return finish (self, ok, error);
}
