/* sessio-demo.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `sessio --demo`: a throwaway vault in a private temporary folder,
 * filled with synthetic patients of both kinds of practice (a CLB
 * psychologist's pupils and an independent psychologist's adults) over
 * the 14 months up to today, so that a newcomer sees the real work at
 * once.  Invented names, generated INSZ numbers.  Removed on exit.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "sessio-demo.h"
#include "sessio-devdata.h"
#include "sessio-error.h"
#include "sessio-invoice-store.h"
#include "sessio-keys.h"
#include "sessio-patient-store.h"
#include "sessio-rule-store.h"
#include "sessio-paths.h"

static gboolean
demo_txn (gpointer          user_data,
          SessioDevdataTxn  what,
          GError          **error)
{
  SessioVault *vault = user_data;

  switch (what)
    {
    case SESSIO_DEVDATA_BEGIN:
      return sessio_vault_begin (vault, error);
    case SESSIO_DEVDATA_COMMIT:
      return sessio_vault_commit (vault, error);
    case SESSIO_DEVDATA_ROLLBACK:
    default:
      sessio_vault_rollback (vault);
      return TRUE;
    }
}

/* One network's invoices, as a practice has them after a few months:
 * the months before last issued early in the next month and paid three
 * weeks later, and last month's drafted and waiting to be checked and
 * issued.  A month without a billable session is left out. */
static gboolean
demo_invoices_of (SessioInvoiceStore  *invoices,
                  gint64               engagement,
                  const GDate         *today,
                  GError             **error)
{
  for (int back = 4; back >= 1; back--)
    {
      g_autoptr(GError) local = NULL;
      GDate month = *today, next;
      char period[8], issued[11], paid[11];
      gint64 id;

      g_date_set_day (&month, 1);
      g_date_subtract_months (&month, back);
      next = month;
      g_date_add_months (&next, 1);
      g_snprintf (period, sizeof period, "%04u-%02u", g_date_get_year (&month), g_date_get_month (&month));
      g_snprintf (issued, sizeof issued, "%04u-%02u-03", g_date_get_year (&next), g_date_get_month (&next));
      g_snprintf (paid, sizeof paid, "%04u-%02u-24", g_date_get_year (&next), g_date_get_month (&next));

      id = sessio_invoice_store_draft_month (invoices, engagement, period, &local);
      if (id <= 0)
        {
          if (g_error_matches (local, SESSIO_ERROR, SESSIO_ERROR_REFUSED))
            continue;
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (back > 1 &&
          (!sessio_invoice_store_issue (invoices, id, issued, error) ||
           !sessio_invoice_store_set_paid (invoices, id, paid, error)))
        return FALSE;
    }
  return TRUE;
}

/* Every network's invoices, so that the invoice flow is seen at once. */
static gboolean
demo_invoices (SessioVault  *vault,
               const GDate  *today,
               GError      **error)
{
  g_autoptr(SessioRuleStore) rule_store = sessio_rule_store_new (vault, error);
  g_autoptr(SessioPatientStore) patients = NULL;
  g_autoptr(SessioInvoiceStore) invoices = NULL;
  g_autoptr(GArray) engagements = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  if (rule_store == NULL)
    return FALSE;
  patients = sessio_patient_store_new (vault, sessio_rule_store_get_rules (rule_store));
  invoices = sessio_invoice_store_new (patients, rule_store);
  if (sqlite3_prepare_v2 (sessio_vault_get_db (vault), "SELECT id FROM engagement ORDER BY id",
                          -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);

        g_array_append_val (engagements, id);
      }
  sqlite3_finalize (stmt);

  for (guint i = 0; i < engagements->len; i++)
    if (!demo_invoices_of (invoices, g_array_index (engagements, gint64, i), today, error))
      return FALSE;
  return TRUE;
}

/**
 * sessio_demo_create:
 * @dir: (out): the temporary folder holding the vault; remove it with
 *   sessio_demo_remove()
 *
 * Returns: (transfer full): the demo vault, open
 */
SessioVault *
sessio_demo_create (char   **dir,
                    GError **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *vault_dir = NULL;
  g_autoptr(SessioVault) vault = NULL;
  g_autoptr(GDate) today = g_date_new ();
  SessioDevdataOptions options = { 0 };
  SessioVaultKdf kdf;
  char *recovery = NULL;

  tmp = g_dir_make_tmp ("sessio-demo-XXXXXX", error);
  if (tmp == NULL)
    return NULL;
  vault_dir = g_build_filename (tmp, "vault", NULL);

  /* A demo protects nothing: the lowest allowed key derivation cost keeps
   * the start quick. */
  sessio_vault_kdf_floor (&kdf);
  vault = sessio_vault_create (vault_dir, SESSIO_DEMO_PASSPHRASE, &kdf, &recovery, error);
  sessio_key_free_text (recovery);
  if (vault == NULL)
    {
      sessio_demo_remove (tmp);
      return NULL;
    }

  g_date_set_time_t (today, time (NULL));
  options.patients = 60;
  options.sessions = 900;
  options.seed = 2026;
  options.transactions = 20;
  options.today = g_date_get_julian (today);

  if (!sessio_devdata_generate (sessio_vault_get_db (vault), &options, demo_txn, vault, error) ||
      !demo_invoices (vault, today, error))
    {
      sessio_vault_close (vault, NULL);
      sessio_demo_remove (tmp);
      return NULL;
    }

  *dir = g_steal_pointer (&tmp);
  return g_steal_pointer (&vault);
}

/**
 * sessio_demo_remove:
 * @dir: a folder from sessio_demo_create()
 *
 * Removes the demo vault and its folder.  The vault must be closed.
 */
void
sessio_demo_remove (const char *dir)
{
  g_return_if_fail (dir != NULL);
  g_return_if_fail (strstr (dir, "sessio-demo-") != NULL);

  sessio_paths_remove_tree (dir);
}
