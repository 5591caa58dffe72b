/* sessio-idle-monitor.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SESSIO_TYPE_IDLE_MONITOR (sessio_idle_monitor_get_type ())

G_DECLARE_FINAL_TYPE (SessioIdleMonitor, sessio_idle_monitor, SESSIO, IDLE_MONITOR, GObject)

/* How long before going idle the ::warning signal comes. */
#define SESSIO_IDLE_WARNING_SECONDS 30

SessioIdleMonitor *sessio_idle_monitor_new          (GtkWidget         *widget);
void               sessio_idle_monitor_set_timeout  (SessioIdleMonitor *self,
                                                     guint              seconds);
guint              sessio_idle_monitor_get_timeout  (SessioIdleMonitor *self);
void               sessio_idle_monitor_set_active   (SessioIdleMonitor *self,
                                                     gboolean           active);
void               sessio_idle_monitor_reset        (SessioIdleMonitor *self);

void               sessio_idle_monitor_watch       (SessioIdleMonitor *self,
                                                    GtkWidget         *window);

G_END_DECLS
