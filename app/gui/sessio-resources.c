/* sessio-resources.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GUI's resources are compiled into a static library that the app and
 * the widget tests link.  A resource registered by a constructor would be
 * dropped by the linker, so every class with a template calls this first.
 */

#include "config.h"

#include "sessio-resources.h"
#include "sessio-core.h"
#include "sessio-resources-gen.h"

void
sessio_gui_ensure_resources (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      sessio_core_ensure_resources ();
      sessio_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}
