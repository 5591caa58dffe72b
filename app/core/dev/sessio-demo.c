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
#include <string.h>

#include "sessio-demo.h"
#include "sessio-devdata.h"
#include "sessio-keys.h"
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

  if (!sessio_devdata_generate (sessio_vault_get_db (vault), &options, demo_txn, vault, error))
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
