/* test-rule-store.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The user's amounts, billing codes and imported rule sets, in a real
 * vault on disk (floor KDF): saved, read back after the vault is closed
 * and opened again, audit-logged; a bad file refused with its line and
 * reason and nothing changed; reset.  Also the amount parser the
 * Preferences use.
 */

#include "config.h"

#include "vault-test-util.h"
#include "sessio-format.h"
#include "sessio-rule-store.h"

typedef struct
{
  char            *dir;
  SessioVault     *vault;
  SessioRuleStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = test_make_tmpdir ();
  f->vault = test_create_vault (f->dir, NULL);
  f->store = sessio_rule_store_new (f->vault, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->vault);
  test_rm_rf (f->dir);
  g_free (f->dir);
}

/* Closes the vault and opens it again, with a new store. */
static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->store);
  g_assert_true (sessio_vault_close (f->vault, &error));
  g_assert_no_error (error);
  g_clear_object (&f->vault);

  f->vault = sessio_vault_open (f->dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  f->store = sessio_rule_store_new (f->vault, &error);
  g_assert_no_error (error);
}

static gint64
amount (Fixture      *f,
        const char   *id,
        SessioAmount  which)
{
  SessioRuleSet *set = sessio_rules_get_by_id (sessio_rule_store_get_rules (f->store), id);

  g_assert_nonnull (set);
  return sessio_rule_set_get_amount (set, which);
}

static gint64
audit_count (Fixture    *f,
             const char *action)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = '%s'", action);

  return test_query_int (f->vault, sql);
}

static void
on_changed (SessioRuleStore *store,
            guint           *count)
{
  (*count)++;
}

static void
test_shipped (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *source = NULL;

  g_assert_cmpint (amount (f, "2022-01-01", SESSIO_AMOUNT_FEE_INDIVIDUAL), ==, 7500);
  g_assert_cmpint (sessio_rule_store_get_source (f->store, "2024-04-01", SESSIO_AMOUNT_FEE_GROUP, NULL, NULL),
                   ==, SESSIO_AMOUNT_SOURCE_SHIPPED);
  /* 2024 has no MDO. */
  g_assert_cmpint (sessio_rule_store_get_source (f->store, "2024-04-01", SESSIO_AMOUNT_FEE_MDO, NULL, NULL),
                   ==, SESSIO_AMOUNT_SOURCE_NONE);
  source = sessio_rule_store_describe_source (f->store, "2022-01-01", SESSIO_AMOUNT_FEE_INDIVIDUAL);
  g_assert_cmpstr (source, ==, "Shipped (rules of 1 January 2022)");
  g_assert_true (sessio_rule_set_get_amounts_to_confirm (
                   sessio_rules_get_by_id (sessio_rule_store_get_rules (f->store), "2024-04-01")));
  g_assert_false (sessio_rule_store_has_changes (f->store, "2024-04-01"));
}

static void
test_set_amount (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *source = NULL;
  SessioRules *before = sessio_rule_store_get_rules (f->store);
  SessioRuleSet *old_set = sessio_rule_set_ref (sessio_rules_get_by_id (before, "2024-04-01"));
  guint changed = 0;

  g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), &changed);

  g_assert_true (sessio_rule_store_set_amount (f->store, "2024-04-01", SESSIO_AMOUNT_FEE_INDIVIDUAL, 7890, &error));
  g_assert_no_error (error);
  g_assert_true (sessio_rule_store_set_amount (f->store, "2024-04-01", SESSIO_AMOUNT_COPAY_BIM, 150, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 2);

  g_assert_cmpint (amount (f, "2024-04-01", SESSIO_AMOUNT_FEE_INDIVIDUAL), ==, 7890);
  g_assert_cmpint (amount (f, "2024-04-01", SESSIO_AMOUNT_COPAY_BIM), ==, 150);
  /* Other sets and the old set object stay as they were. */
  g_assert_cmpint (amount (f, "2022-01-01", SESSIO_AMOUNT_FEE_INDIVIDUAL), ==, 7500);
  g_assert_cmpint (sessio_rule_set_get_amount (old_set, SESSIO_AMOUNT_FEE_INDIVIDUAL), ==, 7500);
  sessio_rule_set_unref (old_set);
  /* A fee set by the user is confirmed. */
  g_assert_false (sessio_rule_set_get_amounts_to_confirm (
                    sessio_rules_get_by_id (sessio_rule_store_get_rules (f->store), "2024-04-01")));

  g_assert_cmpint (audit_count (f, "set-amount"), ==, 2);
  g_assert_cmpint (test_query_int (f->vault, "SELECT count(*) FROM rule_amount"), ==, 2);

  reopen (f);
  g_assert_cmpint (amount (f, "2024-04-01", SESSIO_AMOUNT_FEE_INDIVIDUAL), ==, 7890);
  g_assert_cmpint (amount (f, "2024-04-01", SESSIO_AMOUNT_COPAY_BIM), ==, 150);
  g_assert_cmpint (sessio_rule_store_get_source (f->store, "2024-04-01", SESSIO_AMOUNT_FEE_INDIVIDUAL, &when, NULL),
                   ==, SESSIO_AMOUNT_SOURCE_USER);
  g_assert_nonnull (when);
  g_assert_cmpint (sessio_rule_store_get_source (f->store, "2024-04-01", SESSIO_AMOUNT_FEE_GROUP, NULL, NULL),
                   ==, SESSIO_AMOUNT_SOURCE_SHIPPED);
  source = sessio_rule_store_describe_source (f->store, "2024-04-01", SESSIO_AMOUNT_FEE_INDIVIDUAL);
  g_assert_true (g_str_has_prefix (source, "Set by you on "));
  g_assert_true (sessio_rule_store_has_changes (f->store, "2024-04-01"));

  /* The audit chain holds. */
  g_assert_true (sessio_vault_check (f->vault, &error));
  g_assert_no_error (error);
}

static void
test_set_amount_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 audit = test_query_int (f->vault, "SELECT count(*) FROM audit_log");

  /* No such amount in 2024 (no MDO), negative, absurd, no such set. */
  g_assert_false (sessio_rule_store_set_amount (f->store, "2024-04-01", SESSIO_AMOUNT_FEE_MDO, 100, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (sessio_rule_store_set_amount (f->store, "2024-04-01", SESSIO_AMOUNT_FEE_GROUP, -1, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (sessio_rule_store_set_amount (f->store, "2024-04-01", SESSIO_AMOUNT_FEE_GROUP,
                                                G_GINT64_CONSTANT (100000000000), &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (sessio_rule_store_set_amount (f->store, "2019-01-01", SESSIO_AMOUNT_FEE_GROUP, 100, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_cmpint (test_query_int (f->vault, "SELECT count(*) FROM rule_amount"), ==, 0);
  g_assert_cmpint (test_query_int (f->vault, "SELECT count(*) FROM audit_log"), ==, audit);
  g_assert_false (sessio_vault_in_transaction (f->vault));
}

static void
test_billing_codes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (sessio_rule_store_get_billing_code (f->store, "2024-04-01", SESSIO_NETWORK_ADULT,
                                                     SESSIO_CARE_TREATMENT, SESSIO_SETTING_INDIVIDUAL));
  g_assert_true (sessio_rule_store_set_billing_code (f->store, "2024-04-01", SESSIO_NETWORK_ADULT,
                                                     SESSIO_CARE_TREATMENT, SESSIO_SETTING_INDIVIDUAL,
                                                     "  798010  ", &error));
  g_assert_no_error (error);
  g_assert_true (sessio_rule_store_set_billing_code (f->store, "2024-04-01", SESSIO_NETWORK_YOUTH,
                                                     SESSIO_CARE_COMMUNITY, SESSIO_SETTING_GROUP,
                                                     "798215", &error));
  g_assert_no_error (error);

  /* Community care is group only; first-line is not in 2024; a control
   * character is not a code. */
  g_assert_false (sessio_rule_store_set_billing_code (f->store, "2024-04-01", SESSIO_NETWORK_YOUTH,
                                                      SESSIO_CARE_COMMUNITY, SESSIO_SETTING_INDIVIDUAL,
                                                      "1", &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (sessio_rule_store_set_billing_code (f->store, "2024-04-01", SESSIO_NETWORK_YOUTH,
                                                      SESSIO_CARE_FIRST_LINE, SESSIO_SETTING_INDIVIDUAL,
                                                      "1", &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (sessio_rule_store_set_billing_code (f->store, "2024-04-01", SESSIO_NETWORK_YOUTH,
                                                      SESSIO_CARE_SUPPORT, SESSIO_SETTING_INDIVIDUAL,
                                                      "79\n8", &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_cmpint (audit_count (f, "set-billing-code"), ==, 2);

  reopen (f);
  g_assert_cmpstr (sessio_rule_store_get_billing_code (f->store, "2024-04-01", SESSIO_NETWORK_ADULT,
                                                       SESSIO_CARE_TREATMENT, SESSIO_SETTING_INDIVIDUAL),
                   ==, "798010");
  g_assert_null (sessio_rule_store_get_billing_code (f->store, "2024-04-01", SESSIO_NETWORK_YOUTH,
                                                     SESSIO_CARE_TREATMENT, SESSIO_SETTING_INDIVIDUAL));

  /* An empty code removes it. */
  g_assert_true (sessio_rule_store_set_billing_code (f->store, "2024-04-01", SESSIO_NETWORK_ADULT,
                                                     SESSIO_CARE_TREATMENT, SESSIO_SETTING_INDIVIDUAL,
                                                     "", &error));
  g_assert_no_error (error);
  g_assert_null (sessio_rule_store_get_user_billing_code (f->store, "2024-04-01", SESSIO_NETWORK_ADULT,
                                                          SESSIO_CARE_TREATMENT, SESSIO_SETTING_INDIVIDUAL));
  g_assert_cmpint (audit_count (f, "remove-billing-code"), ==, 1);
  g_assert_cmpint (test_query_int (f->vault, "SELECT count(*) FROM billing_code"), ==, 1);
}

/* The shipped 2024 file with other amounts and a fee billing code. */
static char *
network_file (const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/be/sessio/Sessio/core/rules/2024-04-01.json",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_autoptr(GString) text = NULL;

  g_assert_no_error (error);
  text = g_string_new_len (g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes));
  g_assert_cmpuint (g_string_replace (text, "\"cents\": 7500", "\"cents\": 8011", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (text, "\"2024-04-01\"", id, 1), ==, 1);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = network_file ("\"2025-01-01\"");
  g_autofree char *same_date = network_file ("\"2024-04-01\"");
  g_autofree char *source = NULL;
  const char *file_name = NULL;
  const char *id;

  id = sessio_rule_store_import (f->store, "/home/someone/Downloads/netwerk-2025.json",
                                 file, strlen (file), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "2025-01-01");
  g_assert_cmpuint (sessio_rules_get_n_rule_sets (sessio_rule_store_get_rules (f->store)), ==, 4);
  g_assert_cmpint (amount (f, "2025-01-01", SESSIO_AMOUNT_FEE_INDIVIDUAL), ==, 8011);
  g_assert_null (sessio_rule_store_get_shipped (f->store, "2025-01-01"));

  /* Importing a file of a shipped date replaces that set, and the user's
   * amounts of that date give way to the network's file. */
  g_assert_true (sessio_rule_store_set_amount (f->store, "2024-04-01", SESSIO_AMOUNT_FEE_INDIVIDUAL, 7777, &error));
  g_assert_no_error (error);
  id = sessio_rule_store_import (f->store, "2024.json", same_date, strlen (same_date), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "2024-04-01");
  g_assert_cmpint (amount (f, "2024-04-01", SESSIO_AMOUNT_FEE_INDIVIDUAL), ==, 8011);
  g_assert_cmpint (audit_count (f, "import-rule-set"), ==, 2);

  reopen (f);
  g_assert_cmpuint (sessio_rules_get_n_rule_sets (sessio_rule_store_get_rules (f->store)), ==, 4);
  g_assert_cmpint (amount (f, "2025-01-01", SESSIO_AMOUNT_FEE_INDIVIDUAL), ==, 8011);
  g_assert_cmpint (amount (f, "2024-04-01", SESSIO_AMOUNT_FEE_INDIVIDUAL), ==, 8011);
  g_assert_cmpint (sessio_rule_store_get_source (f->store, "2025-01-01", SESSIO_AMOUNT_FEE_INDIVIDUAL,
                                                 NULL, &file_name),
                   ==, SESSIO_AMOUNT_SOURCE_IMPORTED);
  g_assert_cmpstr (file_name, ==, "netwerk-2025.json");
  source = sessio_rule_store_describe_source (f->store, "2025-01-01", SESSIO_AMOUNT_FEE_GROUP);
  g_assert_true (g_str_has_prefix (source, "Imported from netwerk-2025.json on "));

  /* Sessions after the new date use it. */
  {
    GDate date;

    g_date_clear (&date, 1);
    g_date_set_dmy (&date, 2, 1, 2025);
    g_assert_cmpstr (sessio_rule_set_get_id (sessio_rules_lookup (sessio_rule_store_get_rules (f->store), &date)),
                     ==, "2025-01-01");
  }
}

static void
test_import_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *good = network_file ("\"2025-01-01\"");
  g_autoptr(GString) bad = g_string_new (good);
  gint64 audit = test_query_int (f->vault, "SELECT count(*) FROM audit_log");
  guint64 generation = sessio_vault_get_generation (f->vault);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  int line = 0;

  /* A limit that is not a whole number, on a known line. */
  g_assert_cmpuint (g_string_replace (bad, "\"individual\": 10", "\"individual\": \"ten\"", 1), ==, 1);
  for (const char *p = bad->str; p < strstr (bad->str, "\"ten\""); p++)
    line += *p == '\n';
  line++;

  g_assert_null (sessio_rule_store_import (f->store, "bad.json", bad->str, bad->len, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  {
    g_autofree char *where = g_strdup_printf ("line %d", line);

    g_assert_nonnull (strstr (error->message, where));
    g_assert_nonnull (strstr (error->message, "whole number"));
  }
  g_clear_error (&error);

  /* Not JSON at all, through a file. */
  path = g_build_filename (g_get_tmp_dir (), "sessio-test-not-json.json", NULL);
  g_assert_true (g_file_set_contents (path, "{\n  \"schema\": 1,\n  oops\n}\n", -1, NULL));
  file = g_file_new_for_path (path);
  g_assert_null (sessio_rule_store_import_file (f->store, file, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "line "));
  g_assert_nonnull (strstr (error->message, "not valid JSON"));
  g_clear_error (&error);
  g_unlink (path);

  /* Nothing changed: no rule set, no row, no audit entry, no commit. */
  g_assert_cmpuint (sessio_rules_get_n_rule_sets (sessio_rule_store_get_rules (f->store)), ==, 3);
  g_assert_cmpint (test_query_int (f->vault, "SELECT count(*) FROM setting WHERE key LIKE 'rule%'"), ==, 0);
  g_assert_cmpint (test_query_int (f->vault, "SELECT count(*) FROM audit_log"), ==, audit);
  g_assert_cmpuint (sessio_vault_get_generation (f->vault), ==, generation);
  g_assert_false (sessio_vault_in_transaction (f->vault));
}

static void
test_reset (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = network_file ("\"2024-04-01\"");

  g_assert_true (sessio_rule_store_set_amount (f->store, "2022-01-01", SESSIO_AMOUNT_FEE_GROUP, 21000, &error));
  g_assert_true (sessio_rule_store_set_amount (f->store, "2024-04-01", SESSIO_AMOUNT_FEE_GROUP, 21000, &error));
  g_assert_nonnull (sessio_rule_store_import (f->store, "n.json", file, strlen (file), &error));
  g_assert_true (sessio_rule_store_set_amount (f->store, "2024-04-01", SESSIO_AMOUNT_COPAY_GROUP, 300, &error));
  g_assert_true (sessio_rule_store_set_billing_code (f->store, "2024-04-01", SESSIO_NETWORK_YOUTH,
                                                     SESSIO_CARE_SUPPORT, SESSIO_SETTING_GROUP, "X1", &error));
  g_assert_no_error (error);

  g_assert_true (sessio_rule_store_reset (f->store, "2024-04-01", &error));
  g_assert_no_error (error);
  g_assert_cmpint (amount (f, "2024-04-01", SESSIO_AMOUNT_FEE_INDIVIDUAL), ==, 7500);
  g_assert_cmpint (amount (f, "2024-04-01", SESSIO_AMOUNT_COPAY_GROUP), ==, 250);
  g_assert_cmpint (sessio_rule_store_get_source (f->store, "2024-04-01", SESSIO_AMOUNT_FEE_INDIVIDUAL, NULL, NULL),
                   ==, SESSIO_AMOUNT_SOURCE_SHIPPED);
  g_assert_true (sessio_rule_set_get_amounts_to_confirm (
                   sessio_rules_get_by_id (sessio_rule_store_get_rules (f->store), "2024-04-01")));
  /* Other sets keep theirs; codes stay. */
  g_assert_cmpint (amount (f, "2022-01-01", SESSIO_AMOUNT_FEE_GROUP), ==, 21000);
  g_assert_cmpstr (sessio_rule_store_get_billing_code (f->store, "2024-04-01", SESSIO_NETWORK_YOUTH,
                                                       SESSIO_CARE_SUPPORT, SESSIO_SETTING_GROUP), ==, "X1");
  g_assert_cmpint (audit_count (f, "reset-amounts"), ==, 1);

  reopen (f);
  g_assert_cmpint (amount (f, "2024-04-01", SESSIO_AMOUNT_FEE_GROUP), ==, 20000);
  g_assert_cmpint (amount (f, "2022-01-01", SESSIO_AMOUNT_FEE_GROUP), ==, 21000);
  g_assert_false (sessio_rule_store_has_changes (f->store, "2024-04-01"));
  g_assert_true (sessio_rule_store_has_changes (f->store, "2022-01-01"));
  g_assert_true (sessio_vault_check (f->vault, &error));
  g_assert_no_error (error);
}

/* Everyone who asks for the vault's store gets the same one while it lives. */
static void
test_shared (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioRuleStore) shared = sessio_rule_store_get_for_vault (f->vault, &error);
  g_autoptr(SessioRuleStore) again = sessio_rule_store_get_for_vault (f->vault, &error);

  g_assert_no_error (error);
  g_assert_true (shared == again);
  g_assert_true (shared != f->store);
  g_clear_object (&again);
  g_clear_object (&shared);

  /* Gone with its last reference: the next one is new and reads the vault. */
  g_assert_true (sessio_rule_store_set_amount (f->store, "2022-01-01", SESSIO_AMOUNT_FEE_GROUP, 20100, &error));
  shared = sessio_rule_store_get_for_vault (f->vault, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sessio_rule_set_get_amount (sessio_rules_get_by_id (sessio_rule_store_get_rules (shared),
                                                                       "2022-01-01"),
                                               SESSIO_AMOUNT_FEE_GROUP), ==, 20100);
}

static void
test_parse_cents (void)
{
  static const struct { const char *text; SessioLanguage language; gint64 cents; } good[] = {
    { "75", SESSIO_LANGUAGE_NL, 7500 },
    { "75,00", SESSIO_LANGUAGE_NL, 7500 },
    { "75.00", SESSIO_LANGUAGE_NL, 7500 },
    { "75,00", SESSIO_LANGUAGE_EN, 7500 },
    { "75.5", SESSIO_LANGUAGE_EN, 7550 },
    { "€ 11,00", SESSIO_LANGUAGE_NL, 1100 },
    { "11,00 €", SESSIO_LANGUAGE_FR, 1100 },
    { "€11.00", SESSIO_LANGUAGE_EN, 1100 },
    { "1.234,56", SESSIO_LANGUAGE_DE, 123456 },
    { "1,234.56", SESSIO_LANGUAGE_EN, 123456 },
    { "1.234", SESSIO_LANGUAGE_NL, 123400 },
    { "1,234", SESSIO_LANGUAGE_EN, 123400 },
    { "1\u202F234,50", SESSIO_LANGUAGE_FR, 123450 },
    { "0", SESSIO_LANGUAGE_EN, 0 },
  };
  static const struct { const char *text; SessioLanguage language; } bad[] = {
    { "", SESSIO_LANGUAGE_NL }, { "   ", SESSIO_LANGUAGE_NL }, { "abc", SESSIO_LANGUAGE_NL },
    { "-5", SESSIO_LANGUAGE_NL }, { "75,001", SESSIO_LANGUAGE_NL }, { "1.234", SESSIO_LANGUAGE_EN },
    { "75,", SESSIO_LANGUAGE_NL }, { ",5", SESSIO_LANGUAGE_NL }, { "7,5,0", SESSIO_LANGUAGE_NL },
    { "12.34.5", SESSIO_LANGUAGE_NL }, { "1,23.45", SESSIO_LANGUAGE_EN }, { "75 EUR", SESSIO_LANGUAGE_NL },
    { "99999999999999999999", SESSIO_LANGUAGE_EN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 cents = -1;

      g_test_message ("good: %s", good[i].text);
      g_assert_true (sessio_parse_cents_for (good[i].text, good[i].language, &cents));
      g_assert_cmpint (cents, ==, good[i].cents);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 cents = -1;

      g_test_message ("bad: %s", bad[i].text);
      g_assert_false (sessio_parse_cents_for (bad[i].text, bad[i].language, &cents));
    }
}

int
main (int    argc,
      char **argv)
{
  test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/rule-store/shipped", test_shipped);
  ADD ("/rule-store/set-amount", test_set_amount);
  ADD ("/rule-store/set-amount-refused", test_set_amount_refused);
  ADD ("/rule-store/billing-codes", test_billing_codes);
  ADD ("/rule-store/import", test_import);
  ADD ("/rule-store/import-refused", test_import_refused);
  ADD ("/rule-store/reset", test_reset);
  ADD ("/rule-store/shared", test_shared);
  g_test_add_func ("/rule-store/parse-cents", test_parse_cents);

#undef ADD

  return g_test_run ();
}
