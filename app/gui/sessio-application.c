/* sessio-application.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "sessio-application.h"
#include "sessio-demo.h"
#include "sessio-first-frame.h"
#include "sessio-preferences-window.h"
#include "sessio-resources.h"
#include "sessio-window.h"

struct _SessioApplication
{
  AdwApplication   parent_instance;
  GSettings       *settings;
  GDBusConnection *system_bus;
  guint            sleep_subscription;
  GCancellable    *cancellable;
  gboolean         demo;
  char            *demo_dir;      /* the throwaway vault of --demo */
  guint            signal_sources[3];  /* SIGTERM, SIGINT, SIGHUP */
};

G_DEFINE_FINAL_TYPE (SessioApplication, sessio_application, ADW_TYPE_APPLICATION)

SessioApplication *
sessio_application_new (void)
{
  return g_object_new (SESSIO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/be/sessio/Sessio",
                       /* for GtkApplication:screensaver-active */
                       "register-session", TRUE,
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

/* Locks the vault of every window: when the screen locks, before the
 * computer suspends. */
static void
lock_all_windows (SessioApplication *self)
{
  if (!g_settings_get_boolean (self->settings, "lock-on-session-lock"))
    return;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (SESSIO_IS_WINDOW (l->data))
      sessio_window_lock (SESSIO_WINDOW (l->data));
}

static void
screensaver_changed (SessioApplication *self)
{
  gboolean active = FALSE;

  g_object_get (self, "screensaver-active", &active, NULL);
  if (active)
    lock_all_windows (self);
}

static void
prepare_for_sleep (GDBusConnection *connection,
                   const char      *sender_name,
                   const char      *object_path,
                   const char      *interface_name,
                   const char      *signal_name,
                   GVariant        *parameters,
                   gpointer         user_data)
{
  gboolean going_to_sleep = FALSE;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    g_variant_get (parameters, "(b)", &going_to_sleep);
  if (going_to_sleep)
    lock_all_windows (SESSIO_APPLICATION (user_data));
}

static void
system_bus_ready (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SessioApplication *self;
  g_autoptr(GDBusConnection) bus = NULL;

  /* Inside Flatpak there is no system bus: the screensaver signal, which
   * GNOME raises before suspending too, then does the job alone. */
  bus = g_bus_get_finish (result, NULL);
  if (bus == NULL)
    return;

  self = SESSIO_APPLICATION (user_data);
  self->system_bus = g_steal_pointer (&bus);
  self->sleep_subscription =
    g_dbus_connection_signal_subscribe (self->system_bus,
                                        "org.freedesktop.login1",
                                        "org.freedesktop.login1.Manager",
                                        "PrepareForSleep",
                                        "/org/freedesktop/login1",
                                        NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        prepare_for_sleep, self, NULL);
}

/* GtkApplication would build the shortcuts window for every new window,
 * at start-up, if it found gtk/help-overlay.ui under the resource base
 * path; the resource has another name so that it is built the first time
 * it is asked for instead: a GtkShortcutsWindow is a big widget tree. */
static void
show_help_overlay (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (user_data);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/be/sessio/Sessio/sessio-help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      /* Our action stays: GTK adds its own only when there is none. */
      gtk_application_window_set_help_overlay (window, overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

static void
add_help_overlay_action (GtkWindow *window)
{
  g_autoptr(GSimpleAction) action = g_simple_action_new ("show-help-overlay", NULL);

  g_signal_connect_object (action, "activate", G_CALLBACK (show_help_overlay), window, 0);
  g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (action));
}

static void
sessio_application_activate (GApplication *app)
{
  GtkWindow *window;

  /* A second launch lands here in the first instance: raise the window
   * that exists instead of opening the vault a second time. */
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      SessioApplication *self = SESSIO_APPLICATION (app);

      window = GTK_WINDOW (sessio_window_new (self));
      add_help_overlay_action (window);
      if (self->demo)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(SessioVault) vault = sessio_demo_create (&self->demo_dir, &error);

          if (vault == NULL)
            g_warning ("The demo vault could not be made: %s", error->message);
          else
            sessio_window_set_demo_vault (SESSIO_WINDOW (window), vault, SESSIO_DEMO_PASSPHRASE);
        }
      /* Only with SESSIO_BENCH_FIRST_FRAME=1: the start-up benchmark. */
      sessio_first_frame_watch (window);
    }

  gtk_window_present (window);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  SessioApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  SessioVault *vault = NULL;
  SessioPreferencesWindow *prefs;

  /* The Convention page edits the amounts kept in the open vault. */
  if (SESSIO_IS_WINDOW (parent))
    vault = sessio_window_get_vault (SESSIO_WINDOW (parent));
  prefs = sessio_preferences_window_new_for_vault (self->settings, vault);
  /* Locking (or unlocking) the window's vault takes the amounts away (or
   * brings them): Preferences close rather than show a stale vault. */
  if (SESSIO_IS_WINDOW (parent))
    g_signal_connect_object (parent, "notify::vault", G_CALLBACK (gtk_window_destroy),
                             prefs, G_CONNECT_SWAPPED);
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
                        "application-icon", BASE_ID,
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

/* Logging out, a closed terminal, Ctrl+C: quit as Ctrl+Q does, so that
 * the vault is locked and folded (and a demo vault removed) instead of the
 * process dying with them open. */
static gboolean
quit_on_signal (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static void
sessio_application_startup (GApplication *app)
{
  SessioApplication *self = SESSIO_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  /* What GtkApplication would set with a gtk/help-overlay.ui. */
  static const char *help_accels[] = { "<Control>question", "<Control>F1", NULL };

  G_APPLICATION_CLASS (sessio_application_parent_class)->startup (app);

  g_set_application_name ("Sessio");
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);

  g_signal_connect (self, "notify::screensaver-active",
                    G_CALLBACK (screensaver_changed), NULL);
  self->cancellable = g_cancellable_new ();
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, system_bus_ready, self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", help_accels);

  self->signal_sources[0] = g_unix_signal_add (SIGTERM, quit_on_signal, self);
  self->signal_sources[1] = g_unix_signal_add (SIGINT, quit_on_signal, self);
  self->signal_sources[2] = g_unix_signal_add (SIGHUP, quit_on_signal, self);
}

static int
sessio_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  SessioApplication *self = SESSIO_APPLICATION (app);

  if (g_variant_dict_contains (options, "demo"))
    {
      /* A demo runs beside the real thing, never inside it. */
      self->demo = TRUE;
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  return -1;
}

static void
sessio_application_shutdown (GApplication *app)
{
  SessioApplication *self = SESSIO_APPLICATION (app);

  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);

  G_APPLICATION_CLASS (sessio_application_parent_class)->shutdown (app);

  /* The windows are gone and their vault closed: the demo leaves nothing. */
  if (self->demo_dir != NULL)
    {
      sessio_demo_remove (self->demo_dir);
      g_clear_pointer (&self->demo_dir, g_free);
    }
}

static void
sessio_application_finalize (GObject *object)
{
  SessioApplication *self = SESSIO_APPLICATION (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->sleep_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_subscription);
  g_clear_object (&self->system_bus);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sessio_application_parent_class)->finalize (object);
}

static void
sessio_application_class_init (SessioApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = sessio_application_finalize;

  /* GtkApplication loads the app menu and icons from the resource base
   * path (not the shortcuts window: see show_help_overlay()). */
  sessio_gui_ensure_resources ();

  app_class->activate = sessio_application_activate;
  app_class->startup = sessio_application_startup;
  app_class->shutdown = sessio_application_shutdown;
  app_class->handle_local_options = sessio_application_handle_local_options;
}

static void
sessio_application_init (SessioApplication *self)
{
  static const GOptionEntry options[] = {
    { "demo", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Open a throwaway vault filled with synthetic patients, removed on exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}
