/* sessio-a11y.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 gives a button whose label has a mnemonic ("_Unlock") the
 * accessible name "_Unlock Unlock": its label property, underscore
 * included, followed by the text of its label child.  A screen reader then
 * reads the underscore and the name twice.  Until the floor moves past GTK
 * 4.8, such buttons drop the label property, so that their name is the
 * text a person sees, taken from the child.
 */

#include "config.h"

#include "sessio-a11y.h"

/**
 * sessio_a11y_strip_mnemonic:
 * @label: a label with mnemonics ("_Save as PDF…", "Use __init")
 *
 * Returns: (transfer full): the text shown ("Save as PDF…", "Use _init")
 */
char *
sessio_a11y_strip_mnemonic (const char *label)
{
  GString *out = g_string_new (NULL);

  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] == '_')
            {
              g_string_append_c (out, '_');
              p++;
            }
          continue;
        }
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

void
sessio_a11y_fix_button_label (GtkButton *button)
{
  const char *label = gtk_button_get_label (button);

  if (label == NULL || !gtk_button_get_use_underline (button))
    return;

  gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
fix_check_button_label (GtkCheckButton *button)
{
  const char *label = gtk_check_button_get_label (button);
  g_autofree char *text = NULL;

  if (label == NULL || !gtk_check_button_get_use_underline (button))
    return;

  /* A check button does not take its name from its label child: give it
   * the text a person sees. */
  text = sessio_a11y_strip_mnemonic (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

void
sessio_a11y_fix_mnemonic_labels (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    sessio_a11y_fix_mnemonic_labels (child);

  if (GTK_IS_BUTTON (root))
    sessio_a11y_fix_button_label (GTK_BUTTON (root));
  else if (GTK_IS_CHECK_BUTTON (root))
    fix_check_button_label (GTK_CHECK_BUTTON (root));
}

static void
destroy_later (gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (data));
  g_object_unref (data);
}

/**
 * sessio_a11y_close_window:
 *
 * Closes a dialog: hidden at once, destroyed from an idle callback.  GTK
 * 4.8's accessibility bridge trips over a window destroyed in the middle
 * of handling one of its own events (a click, a response): the screen
 * reader loses the main window's tree.  Destroying it a moment later, once
 * it is hidden, avoids that; it also lets a message dialog that is
 * transient for it finish its response first.
 */
void
sessio_a11y_close_window (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  g_idle_add_once (destroy_later, g_object_ref (window));
}
