/* sessio-worker.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sessio-worker.h"

static guint n_running;   /* main thread only */

static void
task_completed (GTask      *task,
                GParamSpec *pspec,
                gpointer    data)
{
  GApplication *app = data;

  /* "completed" is notified on the task's context: the main thread. */
  g_signal_handlers_disconnect_by_func (task, task_completed, data);
  n_running--;
  if (app != NULL)
    {
      g_application_release (app);
      g_object_unref (app);
    }
  g_object_unref (task);
}

void
sessio_worker_run (GTask           *task,
                   GTaskThreadFunc  func)
{
  GApplication *app = g_application_get_default ();

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);

  /* Quitting waits for the worker: it may have files to remove. */
  if (app != NULL)
    g_application_hold (g_object_ref (app));
  n_running++;
  g_signal_connect (g_object_ref (task), "notify::completed", G_CALLBACK (task_completed), app);
  g_task_run_in_thread (task, func);
}

guint
sessio_worker_get_n_running (void)
{
  return n_running;
}
