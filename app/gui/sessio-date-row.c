/* sessio-date-row.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row to type a date in, day first ("3/3/2025"), as people in Belgium
 * write it.  What it understood is shown beside it in words ("3 March
 * 2025"), so that a slip is seen before it is saved; text it cannot read
 * marks the row as an error.  Empty is valid: the field is optional unless
 * its form says otherwise.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sessio-a11y.h"
#include "sessio-date-input.h"
#include "sessio-date-row.h"
#include "sessio-format.h"

struct _SessioDateRow
{
  AdwEntryRow  parent_instance;

  GtkLabel    *meaning;
  GtkWidget   *problem_row;   /* the reason, in the list right under the row */
  GDate        date;
  gboolean     valid;
};

G_DEFINE_FINAL_TYPE (SessioDateRow, sessio_date_row, ADW_TYPE_ENTRY_ROW)

enum {
  PROP_0,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * sessio_field_message_row_new:
 *
 * A list row that says what is wrong with the field above it, in the
 * error style; neither activatable nor focusable.  Shared by the date row
 * and the forms that mark a field.
 */
GtkWidget *
sessio_field_message_row_new (const char *message)
{
  GtkWidget *label = gtk_label_new (message);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  return row;
}

static void
remove_problem_row (SessioDateRow *self)
{
  if (self->problem_row != NULL)
    {
      GtkWidget *list = gtk_widget_get_parent (self->problem_row);

      if (GTK_IS_LIST_BOX (list))
        gtk_list_box_remove (GTK_LIST_BOX (list), self->problem_row);
      g_clear_object (&self->problem_row);
    }
}

/* The reason a text is not a date, in full, right under the row, as
 * GNOME Settings says it: beside the entry it took three narrow lines.
 * Outside a list (never in Sessio's forms) it stays beside the entry. */
static gboolean
show_problem_row (SessioDateRow *self,
                  const char    *problem)
{
  GtkWidget *list = gtk_widget_get_parent (GTK_WIDGET (self));
  GtkWidget *label;

  if (!GTK_IS_LIST_BOX (list))
    return FALSE;
  if (self->problem_row == NULL)
    {
      self->problem_row = g_object_ref_sink (sessio_field_message_row_new (problem));
      gtk_list_box_insert (GTK_LIST_BOX (list), self->problem_row,
                           gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (self)) + 1);
    }
  label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (self->problem_row));
  gtk_label_set_text (GTK_LABEL (label), problem);
  gtk_widget_set_visible (self->problem_row, gtk_widget_get_visible (GTK_WIDGET (self)));
  return TRUE;
}

static void
text_changed (SessioDateRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self));
  gboolean empty = text == NULL || *text == '\0';
  gboolean parsed = sessio_date_input_parse (text, &self->date);
  gboolean valid = empty || parsed;

  if (parsed)
    {
      g_autofree char *words = sessio_format_date (&self->date);

      remove_problem_row (self);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_label_set_wrap (self->meaning, FALSE);
      gtk_label_set_text (self->meaning, words);
    }
  else
    {
      g_autofree char *problem = sessio_date_input_problem (text);

      /* What is wrong, at the field: "31 February 2025 does not exist". */
      if (problem != NULL && show_problem_row (self, problem))
        gtk_label_set_text (self->meaning, "");
      else
        {
          remove_problem_row (self);
          gtk_label_set_wrap (self->meaning, TRUE);
          gtk_label_set_text (self->meaning, problem != NULL ? problem : "");
        }
      if (problem != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem, -1);
      else
        gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "error");

  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

/**
 * sessio_date_row_get_date:
 * @date: (out): the date
 *
 * Returns: %TRUE when the row holds a date
 */
gboolean
sessio_date_row_get_date (SessioDateRow *self,
                          GDate         *date)
{
  g_return_val_if_fail (SESSIO_IS_DATE_ROW (self), FALSE);

  *date = self->date;
  return g_date_valid (&self->date);
}

/**
 * sessio_date_row_dup_iso:
 *
 * Returns: (nullable): the date as YYYY-MM-DD, or %NULL when empty or invalid
 */
char *
sessio_date_row_dup_iso (SessioDateRow *self)
{
  g_return_val_if_fail (SESSIO_IS_DATE_ROW (self), NULL);

  if (!g_date_valid (&self->date))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&self->date),
                          g_date_get_month (&self->date), g_date_get_day (&self->date));
}

void
sessio_date_row_set_date (SessioDateRow *self,
                          const GDate   *date)
{
  g_autofree char *text = NULL;

  g_return_if_fail (SESSIO_IS_DATE_ROW (self));

  if (date != NULL && g_date_valid (date))
    text = g_strdup_printf ("%u/%u/%04u", g_date_get_day (date), g_date_get_month (date),
                            g_date_get_year (date));
  gtk_editable_set_text (GTK_EDITABLE (self), text != NULL ? text : "");
}

/**
 * sessio_date_row_dup_problem:
 *
 * Returns: (nullable): the field's name and why the text typed in it is
 *   not a date, in words, or %NULL when the row is empty or holds a date
 */
char *
sessio_date_row_dup_problem (SessioDateRow *self)
{
  g_autofree char *problem = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (SESSIO_IS_DATE_ROW (self), NULL);

  problem = sessio_date_input_problem (gtk_editable_get_text (GTK_EDITABLE (self)));
  if (problem == NULL)
    return NULL;
  /* Which field, as the form names it: "Birth Date: 31 February 2025 does
   * not exist". */
  title = sessio_a11y_strip_mnemonic (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)));
  /* Translators: a field's name, then what is wrong with it */
  return g_strdup_printf (_("%s: %s"), title, problem);
}

/**
 * sessio_date_row_shows_problem:
 *
 * Returns: %TRUE when the row says, right under itself, why its text is
 *   not a date: a form then marks it without saying it again
 */
gboolean
sessio_date_row_shows_problem (SessioDateRow *self)
{
  g_return_val_if_fail (SESSIO_IS_DATE_ROW (self), FALSE);

  return self->problem_row != NULL && gtk_widget_get_parent (self->problem_row) != NULL;
}

static void
sessio_date_row_dispose (GObject *object)
{
  remove_problem_row (SESSIO_DATE_ROW (object));
  G_OBJECT_CLASS (sessio_date_row_parent_class)->dispose (object);
}

/* Hidden with its row (the co-payment's date when nothing was received). */
static void
visible_changed (SessioDateRow *self)
{
  if (self->problem_row != NULL)
    gtk_widget_set_visible (self->problem_row, gtk_widget_get_visible (GTK_WIDGET (self)));
}

/**
 * sessio_date_row_is_valid:
 *
 * Returns: %TRUE when the row is empty or holds a date
 */
gboolean
sessio_date_row_is_valid (SessioDateRow *self)
{
  g_return_val_if_fail (SESSIO_IS_DATE_ROW (self), FALSE);

  return self->valid;
}

static void
sessio_date_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SessioDateRow *self = SESSIO_DATE_ROW (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sessio_date_row_class_init (SessioDateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sessio_date_row_get_property;
  object_class->dispose = sessio_date_row_dispose;

  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sessio_date_row_init (SessioDateRow *self)
{
  g_date_clear (&self->date, 1);
  self->valid = TRUE;

  self->meaning = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->meaning), "dim-label");
  /* A problem takes a few lines beside the entry rather than its room. */
  gtk_label_set_max_width_chars (self->meaning, 20);
  gtk_label_set_xalign (self->meaning, 1.0);
  gtk_label_set_justify (self->meaning, GTK_JUSTIFY_RIGHT);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), GTK_WIDGET (self->meaning));

  g_signal_connect (self, "changed", G_CALLBACK (text_changed), NULL);
  g_signal_connect (self, "notify::visible", G_CALLBACK (visible_changed), NULL);
}
