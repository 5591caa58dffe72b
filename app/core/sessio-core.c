/* sessio-core.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <sodium.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "sessio-core.h"
#include "sessio-rules.h"

/**
 * sessio_core_harden_process:
 *
 * Keys and decrypted patient data live in this process's memory, so a core
 * dump or a ptrace attach by another process of the same user would put them
 * on disk or in the wrong hands.  Both are switched off as early as
 * possible, before any key exists.
 */
void
sessio_core_harden_process (void)
{
  struct rlimit no_core = { 0, 0 };

  if (setrlimit (RLIMIT_CORE, &no_core) != 0)
    g_warning ("Could not disable core dumps: %s", g_strerror (errno));

  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    g_warning ("Could not mark the process non-dumpable: %s", g_strerror (errno));
}

/**
 * sessio_core_ensure_resources:
 *
 * Makes the core's GResource (rule sets and other data) available.  Safe to
 * call more than once; sessio_core_init() calls it.
 */
void
sessio_core_ensure_resources (void)
{
  /* The resource holds only the shipped rule sets: the rules layer
   * owns it. */
  sessio_rules_ensure_resources ();
}

/**
 * sessio_core_init:
 * @error: return location for a #GError
 *
 * Sets up what every program linking the core needs: hardening, the locale
 * and translations, and libsodium.  Call once, first thing in main().
 *
 * Returns: %TRUE on success
 */
gboolean
sessio_core_init (GError **error)
{
  const char *localedir;

  sessio_core_harden_process ();

  setlocale (LC_ALL, "");

  /* Tests and the uninstalled build point at the freshly built catalogues. */
  localedir = g_getenv ("SESSIO_LOCALEDIR");
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  sessio_core_ensure_resources ();

  if (sodium_init () < 0)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The cryptography library could not be initialised"));
      return FALSE;
    }

  return TRUE;
}

const char *
sessio_core_version (void)
{
  return PACKAGE_VERSION;
}
