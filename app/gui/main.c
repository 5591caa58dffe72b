/* main.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "sessio-application.h"

static gboolean
settings_schema_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  return schema != NULL;
}

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

  /* Started from the build folder, GLib would abort on the first
   * g_settings_new() with a message about schemas that names no way out. */
  if (!settings_schema_installed ())
    {
      g_printerr (_("Sessio’s settings schema %s is not installed. From a build folder, "
                    "start Sessio with “build-aux/dev run”; for daily use, install it with "
                    "“meson install” (see README.md)."),
                  APP_ID);
      g_printerr ("\n");
      return 1;
    }

  app = sessio_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
