/* sessio-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sessio-resources.h"
#include "sessio-preferences-window.h"

struct _SessioPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  GtkSpinButton        *auto_lock_spin;
  GtkSwitch            *lock_with_session_switch;
  GtkSpinButton        *threshold_spin;
};

G_DEFINE_FINAL_TYPE (SessioPreferencesWindow, sessio_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SessioPreferencesWindow *
sessio_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (SESSIO_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       NULL);
}

static void
sessio_preferences_window_constructed (GObject *object)
{
  SessioPreferencesWindow *self = SESSIO_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (sessio_preferences_window_parent_class)->constructed (object);

  /* Bound, not copied: a change here is a change everywhere, at once. */
  g_settings_bind (self->settings, "auto-lock-minutes",
                   gtk_spin_button_get_adjustment (self->auto_lock_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "lock-on-session-lock",
                   self->lock_with_session_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "anonymity-threshold",
                   gtk_spin_button_get_adjustment (self->threshold_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
sessio_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  SessioPreferencesWindow *self = SESSIO_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sessio_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  SessioPreferencesWindow *self = SESSIO_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sessio_preferences_window_dispose (GObject *object)
{
  SessioPreferencesWindow *self = SESSIO_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sessio_preferences_window_parent_class)->dispose (object);
}

static void
sessio_preferences_window_class_init (SessioPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sessio_preferences_window_constructed;
  object_class->dispose = sessio_preferences_window_dispose;
  object_class->get_property = sessio_preferences_window_get_property;
  object_class->set_property = sessio_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioPreferencesWindow, auto_lock_spin);
  gtk_widget_class_bind_template_child (widget_class, SessioPreferencesWindow, lock_with_session_switch);
  gtk_widget_class_bind_template_child (widget_class, SessioPreferencesWindow, threshold_spin);
}

static void
sessio_preferences_window_init (SessioPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
