/* sessio-idle-monitor.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Watches a window for input and says when it has had none for a while:
 * ::warning SESSIO_IDLE_WARNING_SECONDS before (or at once, for timeouts
 * shorter than that), then ::idle.  The window locks the vault on ::idle.
 *
 * Input is observed with capture-phase controllers on the window itself,
 * so every key, click, scroll and pointer movement anywhere in it counts,
 * whichever widget handles it.  A one-second tick runs only while active.
 */

#include "config.h"

#include "sessio-idle-monitor.h"

struct _SessioIdleMonitor
{
  GObject     parent_instance;

  GtkWidget  *widget;   /* weak */
  guint       timeout_seconds;
  gint64      last_input;
  guint       tick_id;
  gboolean    warned;
};

G_DEFINE_FINAL_TYPE (SessioIdleMonitor, sessio_idle_monitor, G_TYPE_OBJECT)

enum {
  WARNING,
  RESUMED,
  IDLE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
sessio_idle_monitor_reset (SessioIdleMonitor *self)
{
  gboolean was_warned;

  g_return_if_fail (SESSIO_IS_IDLE_MONITOR (self));

  was_warned = self->warned;
  self->last_input = g_get_monotonic_time ();
  self->warned = FALSE;

  if (was_warned)
    g_signal_emit (self, signals[RESUMED], 0);
}

static void
on_input (SessioIdleMonitor *self)
{
  sessio_idle_monitor_reset (self);
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           SessioIdleMonitor        *self)
{
  sessio_idle_monitor_reset (self);
}

static gboolean
on_key (GtkEventControllerKey *controller,
        guint                  keyval,
        guint                  keycode,
        GdkModifierType        state,
        SessioIdleMonitor     *self)
{
  sessio_idle_monitor_reset (self);
  return GDK_EVENT_PROPAGATE;
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           SessioIdleMonitor        *self)
{
  sessio_idle_monitor_reset (self);
  return GDK_EVENT_PROPAGATE;
}

static gboolean
tick (gpointer user_data)
{
  SessioIdleMonitor *self = user_data;
  gint64 idle_us = g_get_monotonic_time () - self->last_input;
  gint64 timeout_us = (gint64) self->timeout_seconds * G_USEC_PER_SEC;
  gint64 warn_us = MAX (0, timeout_us - SESSIO_IDLE_WARNING_SECONDS * G_USEC_PER_SEC);

  if (idle_us >= timeout_us)
    {
      /* Once per idle period: ::idle makes the window lock, which
       * deactivates us. */
      self->tick_id = 0;
      g_signal_emit (self, signals[IDLE], 0);
      return G_SOURCE_REMOVE;
    }

  if (!self->warned && idle_us >= warn_us)
    {
      self->warned = TRUE;
      g_signal_emit (self, signals[WARNING], 0,
                     (guint) ((timeout_us - idle_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
    }

  return G_SOURCE_CONTINUE;
}

/**
 * sessio_idle_monitor_set_active:
 *
 * Starts or stops watching.  Starting counts as input.
 */
void
sessio_idle_monitor_set_active (SessioIdleMonitor *self,
                                gboolean           active)
{
  g_return_if_fail (SESSIO_IS_IDLE_MONITOR (self));

  g_clear_handle_id (&self->tick_id, g_source_remove);

  if (active)
    {
      sessio_idle_monitor_reset (self);
      self->tick_id = g_timeout_add_seconds (1, tick, self);
    }
}

void
sessio_idle_monitor_set_timeout (SessioIdleMonitor *self,
                                 guint              seconds)
{
  g_return_if_fail (SESSIO_IS_IDLE_MONITOR (self));
  g_return_if_fail (seconds > 0);

  self->timeout_seconds = seconds;
  self->warned = FALSE;
}

guint
sessio_idle_monitor_get_timeout (SessioIdleMonitor *self)
{
  g_return_val_if_fail (SESSIO_IS_IDLE_MONITOR (self), 0);

  return self->timeout_seconds;
}

static void
add_controllers (SessioIdleMonitor *self,
                 GtkWidget         *widget)
{
  GtkEventController *controller;

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_key), self, 0);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_motion_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "motion", G_CALLBACK (on_motion), self, 0);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (on_scroll), self, 0);
  gtk_widget_add_controller (widget, controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (controller), 0);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "pressed", G_CALLBACK (on_input), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, controller);
}

SessioIdleMonitor *
sessio_idle_monitor_new (GtkWidget *widget)
{
  SessioIdleMonitor *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  self = g_object_new (SESSIO_TYPE_IDLE_MONITOR, NULL);
  self->widget = widget;
  g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &self->widget);
  add_controllers (self, widget);

  return self;
}

/**
 * sessio_idle_monitor_watch:
 * @window: another window of the application
 *
 * Counts input in @window too: typing a long note in an editor is not
 * being away.  The controllers go with @window.
 */
void
sessio_idle_monitor_watch (SessioIdleMonitor *self,
                           GtkWidget         *window)
{
  g_return_if_fail (SESSIO_IS_IDLE_MONITOR (self));
  g_return_if_fail (GTK_IS_WIDGET (window));

  if (g_object_get_data (G_OBJECT (window), "sessio-idle-watched") == self)
    return;
  g_object_set_data (G_OBJECT (window), "sessio-idle-watched", self);
  add_controllers (self, window);
}

static void
sessio_idle_monitor_dispose (GObject *object)
{
  SessioIdleMonitor *self = SESSIO_IDLE_MONITOR (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->widget != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->widget), (gpointer *) &self->widget);
      self->widget = NULL;
    }

  G_OBJECT_CLASS (sessio_idle_monitor_parent_class)->dispose (object);
}

static void
sessio_idle_monitor_class_init (SessioIdleMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sessio_idle_monitor_dispose;

  /**
   * SessioIdleMonitor::warning:
   * @seconds_left: seconds until ::idle
   */
  signals[WARNING] =
    g_signal_new ("warning", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* Input came after ::warning: the warning can go. */
  signals[RESUMED] =
    g_signal_new ("resumed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[IDLE] =
    g_signal_new ("idle", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sessio_idle_monitor_init (SessioIdleMonitor *self)
{
  self->timeout_seconds = 5 * 60;
}
