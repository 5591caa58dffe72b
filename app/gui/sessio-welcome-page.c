/* sessio-welcome-page.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a psychologist sees the first time: no vault yet.  Its buttons
 * activate the window's win.create-vault and win.open-vault actions.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sessio-a11y.h"
#include "sessio-resources.h"
#include "sessio-welcome-page.h"

struct _SessioWelcomePage
{
  AdwBin          parent_instance;
  AdwStatusPage  *status_page;
};

G_DEFINE_FINAL_TYPE (SessioWelcomePage, sessio_welcome_page, ADW_TYPE_BIN)

static void
sessio_welcome_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SESSIO_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (sessio_welcome_page_parent_class)->dispose (object);
}

static void
sessio_welcome_page_class_init (SessioWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_welcome_page_dispose;

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioWelcomePage, status_page);
}

static void
sessio_welcome_page_init (SessioWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self));

  /* From the GResource: present whether or not Sessio is installed. */
  adw_status_page_set_icon_name (self->status_page, BASE_ID);
}
