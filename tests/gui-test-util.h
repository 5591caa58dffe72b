/* gui-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the widget tests: private XDG folders (so that no test sees
 * or touches the user's vault), GTK set up for GTK_A11Y=test, and bounded
 * main-loop waits.  A wait returns as soon as its condition holds; its
 * limit only turns a hang into a failure, it measures nothing.
 */

#pragma once

#include <adwaita.h>

#include "vault-test-util.h"
#include "sessio-resources.h"

G_GNUC_UNUSED static void
gui_test_init (int    *argc,
               char ***argv)
{
  g_autofree char *data = test_make_tmpdir ();
  g_autofree char *state = test_make_tmpdir ();

  /* Before anything asks GLib for them: it caches the answers. */
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_unsetenv ("SESSIO_VAULT");

  g_assert_true (sessio_core_init (NULL));
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  sessio_gui_ensure_resources ();
}

G_GNUC_UNUSED static gboolean
gui_test_wait (gboolean (*done) (gpointer),
               gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

G_GNUC_UNUSED static gpointer
gui_test_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}
