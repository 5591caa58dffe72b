/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sessio-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SessioApplication) app = NULL;
  g_autoptr(GError) error = NULL;

  /* Before GTK, before any key: no core dumps, no ptrace, then i18n. */
  if (!sessio_core_init (&error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  app = sessio_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
