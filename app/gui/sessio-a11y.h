/* sessio-a11y.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

char *sessio_a11y_strip_mnemonic     (const char *label);
void  sessio_a11y_fix_button_label   (GtkButton  *button);
void  sessio_a11y_fix_mnemonic_labels (GtkWidget  *root);

void  sessio_a11y_close_window       (GtkWindow  *window);

G_END_DECLS
