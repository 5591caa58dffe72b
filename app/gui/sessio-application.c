/* sessio-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sessio-application.h"
#include "sessio-preferences-window.h"
#include "sessio-resources.h"
#include "sessio-window.h"

struct _SessioApplication
{
  AdwApplication  parent_instance;
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (SessioApplication, sessio_application, ADW_TYPE_APPLICATION)

SessioApplication *
sessio_application_new (void)
{
  return g_object_new (SESSIO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/be/sessio/Sessio",
                       NULL);
}

/**
 * sessio_application_get_settings:
 *
 * Returns: (transfer none): the application's #GSettings
 */
GSettings *
sessio_application_get_settings (SessioApplication *self)
{
  g_return_val_if_fail (SESSIO_IS_APPLICATION (self), NULL);

  return self->settings;
}

static void
sessio_application_activate (GApplication *app)
{
  GtkWindow *window;

  /* A second launch lands here in the first instance: raise the window
   * that exists instead of opening the vault a second time. */
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (sessio_window_new (SESSIO_APPLICATION (app)));

  gtk_window_present (window);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  SessioApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  SessioPreferencesWindow *prefs;

  prefs = sessio_preferences_window_new (self->settings);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  SessioApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Sessio developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", "Sessio",
                        "application-icon", APP_ID,
                        "developer-name", _("The Sessio developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Patient file, session log and network invoices for psychologists under the RIZIV/INAMI convention for first-line psychological care."),
                        "website", "https://sessio.be/",
                        "issue-url", "https://sessio.be/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows;

  /* Close the windows rather than exit outright, so that each one saves
   * its state and, once the vault lands, locks and folds it. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
sessio_application_startup (GApplication *app)
{
  SessioApplication *self = SESSIO_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (sessio_application_parent_class)->startup (app);

  g_set_application_name ("Sessio");
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);
}

static void
sessio_application_finalize (GObject *object)
{
  SessioApplication *self = SESSIO_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sessio_application_parent_class)->finalize (object);
}

static void
sessio_application_class_init (SessioApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = sessio_application_finalize;

  /* GtkApplication loads gtk/help-overlay.ui from the resource base path. */
  sessio_gui_ensure_resources ();

  app_class->activate = sessio_application_activate;
  app_class->startup = sessio_application_startup;
}

static void
sessio_application_init (SessioApplication *self)
{
}
