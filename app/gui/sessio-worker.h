/* sessio-worker.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Slow steps the user starts (rendering and writing a PDF, checking the
 * audit chain) run in a GTask thread so that the window keeps drawing and
 * answering.  A worker is given plain data collected on the main thread,
 * or a read-only snapshot of the patient file
 * (sessio_patient_store_new_snapshot()): never the vault's live
 * connection, which only the main thread uses.
 *
 * sessio_worker_run() also holds the application while the worker runs,
 * so that quitting waits for it to finish and clean up (a half-written
 * export is removed, never left behind), and counts running workers for
 * the tests and benchmarks that wait for them.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs @func in a thread; the task's callback then comes back on the
 * main thread as usual.  Takes a reference of its own on @task. */
void  sessio_worker_run           (GTask           *task,
                                   GTaskThreadFunc  func);
/* How many workers started by sessio_worker_run() have not completed. */
guint sessio_worker_get_n_running (void);

G_END_DECLS
