/* sessio-first-frame.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the start-up benchmark (bench/bench-gui.c) only.  With
 * SESSIO_BENCH_FIRST_FRAME=1 in the environment, the first time a window
 * has painted a frame the process prints
 *
 *   first-frame: <g_get_monotonic_time () in microseconds>
 *
 * on stdout and quits the application.  The benchmark reads the line and
 * subtracts the time it took just before starting the process: the clock
 * is CLOCK_MONOTONIC, the same in every process.  The minimal GTK window
 * the benchmark compares with (bench/minimal-window.c) is built with this
 * very file, so both are measured the same way.
 *
 * Without the variable this costs one getenv() per window and does
 * nothing else.  It prints no patient data: there is none before unlock.
 */

#include "config.h"

#include <stdio.h>

#include "sessio-first-frame.h"

static void
after_paint (GdkFrameClock *clock,
             gpointer       user_data)
{
  GApplication *app = g_application_get_default ();

  printf ("first-frame: %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  g_signal_handlers_disconnect_by_func (clock, after_paint, user_data);
  if (app != NULL)
    g_application_quit (app);
}

static void
window_realized (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint), NULL);
  g_signal_handlers_disconnect_by_func (window, window_realized, NULL);
}

/**
 * sessio_first_frame_watch:
 * @window: a window about to be presented
 *
 * See the top of this file: a no-op unless SESSIO_BENCH_FIRST_FRAME=1.
 */
void
sessio_first_frame_watch (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  if (g_strcmp0 (g_getenv ("SESSIO_BENCH_FIRST_FRAME"), "1") != 0)
    return;

  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    window_realized (GTK_WIDGET (window));
  else
    g_signal_connect (window, "realize", G_CALLBACK (window_realized), NULL);
}
