/* minimal-window.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The baseline of the start-up benchmark: the least a GTK 4 + libadwaita
 * app shows, as in libadwaita's own example of an application window: an
 * AdwApplicationWindow with a header bar (its title and close button)
 * over a label.  Without the header bar the window would have no title
 * bar and no way to close it, which no app ships.  It reports its first
 * frame exactly as the app does (sessio-first-frame.c, built into both).
 */

#include "config.h"

#include <adwaita.h>

#include "sessio-first-frame.h"

static void
activate (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new ("Hello");

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_title (GTK_WINDOW (window), "Minimal");

  /* The app's default size (the window-width and -height keys). */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 720);
  sessio_first_frame_watch (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("be.sessio.BenchMinimalWindow",
                                                       G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
