/* sessio-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sessio-resources.h"
#include "sessio-window.h"

struct _SessioWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  AdwViewStack         *stack;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  GtkMenuButton        *primary_menu_button;
};

G_DEFINE_FINAL_TYPE (SessioWindow, sessio_window, ADW_TYPE_APPLICATION_WINDOW)

static const char * const sections[] = { "patients", "agenda", "invoices", "statistics" };

SessioWindow *
sessio_window_new (SessioApplication *application)
{
  return g_object_new (SESSIO_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * sessio_window_get_visible_section:
 *
 * Returns: the name of the section shown: "patients", "agenda",
 *   "invoices" or "statistics"
 */
const char *
sessio_window_get_visible_section (SessioWindow *self)
{
  g_return_val_if_fail (SESSIO_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

static void
show_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SessioWindow *self = SESSIO_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (!g_strv_contains (sections, name))
    {
      g_warning ("No section called “%s”", name);
      return;
    }

  adw_view_stack_set_visible_child_name (self->stack, name);
}

static gboolean
sessio_window_close_request (GtkWindow *window)
{
  SessioWindow *self = SESSIO_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (sessio_window_parent_class)->close_request (window);
}

static void
sessio_window_constructed (GObject *object)
{
  SessioWindow *self = SESSIO_WINDOW (object);
  GtkApplication *app;

  G_OBJECT_CLASS (sessio_window_parent_class)->constructed (object);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (SESSIO_IS_APPLICATION (app))
    self->settings = g_object_ref (sessio_application_get_settings (SESSIO_APPLICATION (app)));
  else
    self->settings = g_settings_new (APP_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "last-section",
                   self->stack, "visible-child-name",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
sessio_window_dispose (GObject *object)
{
  SessioWindow *self = SESSIO_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sessio_window_parent_class)->dispose (object);
}

static void
sessio_window_class_init (SessioWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sessio_window_constructed;
  object_class->dispose = sessio_window_dispose;

  window_class->close_request = sessio_window_close_request;

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SessioWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, SessioWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, SessioWindow, primary_menu_button);

  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action);

  /* Alt+number is how GNOME apps with a view switcher move between views. */
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-section", "s", sections[i]);
}

static void
sessio_window_init (SessioWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}
