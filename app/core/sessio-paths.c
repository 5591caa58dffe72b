/* sessio-paths.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sessio-paths.h"

/**
 * sessio_paths_default_vault_dir:
 *
 * The app and sessio-cli must agree on where the vault is when nobody says
 * otherwise: `$SESSIO_VAULT`, else `$XDG_DATA_HOME/sessio/vault`.
 *
 * Returns: (transfer full): the folder
 */
char *
sessio_paths_default_vault_dir (void)
{
  const char *env = g_getenv ("SESSIO_VAULT");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "sessio", "vault", NULL);
}
