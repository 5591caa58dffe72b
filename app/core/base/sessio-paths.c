/* sessio-paths.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

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

/**
 * sessio_paths_remove_tree:
 * @path: a folder
 *
 * Removes @path and everything below it, without following symbolic
 * links out of it.  For Sessio's own temporary folders (the demo vault,
 * tests, benchmarks).
 */
void
sessio_paths_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        sessio_paths_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
