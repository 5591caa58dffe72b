/* sessio-chart.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sessio-chart.h"

#define ROW_HEIGHT 26.0
#define BAR_HEIGHT 16.0
#define GAP 8.0

struct _SessioChart
{
  GtkWidget  parent_instance;

  char      *title;
  GPtrArray *labels;       /* of char * */
  GArray    *values;       /* of gint64 */
  char      *description;
};

G_DEFINE_FINAL_TYPE (SessioChart, sessio_chart, GTK_TYPE_WIDGET)

static void
sessio_chart_finalize (GObject *object)
{
  SessioChart *self = SESSIO_CHART (object);

  g_free (self->title);
  g_ptr_array_unref (self->labels);
  g_array_unref (self->values);
  g_free (self->description);

  G_OBJECT_CLASS (sessio_chart_parent_class)->finalize (object);
}

static void
sessio_chart_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  SessioChart *self = SESSIO_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Narrow enough for a phone: labels are ellipsized. */
      *minimum = 200;
      *natural = 480;
    }
  else
    *minimum = *natural = (int) (MAX (self->values->len, 1) * ROW_HEIGHT);
}

static PangoLayout *
make_layout (GtkWidget  *widget,
             const char *text,
             int         width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);

  if (width > 0)
    {
      pango_layout_set_width (layout, width * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  return layout;
}

static void
sessio_chart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  SessioChart *self = SESSIO_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double label_width = 0;
  double value_width = 48.0;
  double bar_space;
  gint64 max = 1;
  GdkRGBA color;
  cairo_t *cr;

  if (self->values->len == 0)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  /* As wide as the longest label, but never more than 45 % of the
   * width: the bars are the point. */
  for (guint i = 0; i < self->values->len; i++)
    {
      g_autoptr(PangoLayout) label = make_layout (widget, self->labels->pdata[i], 0);
      int label_pixels;

      pango_layout_get_pixel_size (label, &label_pixels, NULL);
      label_width = MAX (label_width, label_pixels);
      max = MAX (max, g_array_index (self->values, gint64, i));
    }
  label_width = MIN (label_width, width * 0.45);
  bar_space = MAX (width - label_width - value_width - 2 * GAP, 10.0);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (guint i = 0; i < self->values->len; i++)
    {
      gint64 value = g_array_index (self->values, gint64, i);
      double y = i * ROW_HEIGHT;
      double bar = bar_space * (double) value / (double) max;
      g_autoptr(PangoLayout) label = make_layout (widget, self->labels->pdata[i], (int) label_width);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      g_autoptr(PangoLayout) figure = make_layout (widget, number, 0);
      int text_height;

      pango_layout_get_pixel_size (label, NULL, &text_height);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_move_to (cr, 0, y + (ROW_HEIGHT - text_height) / 2);
      pango_cairo_show_layout (cr, label);

      /* The accent blue of GNOME; a hairline even for zero, so that the
       * row visibly has a bar. */
      cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
      cairo_rectangle (cr, label_width + GAP, y + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                       MAX (bar, 1.0), BAR_HEIGHT);
      cairo_fill (cr);

      gdk_cairo_set_source_rgba (cr, &color);
      cairo_move_to (cr, label_width + 2 * GAP + MAX (bar, 1.0), y + (ROW_HEIGHT - text_height) / 2);
      pango_cairo_show_layout (cr, figure);
    }
  cairo_destroy (cr);
}

static void
sessio_chart_class_init (SessioChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sessio_chart_finalize;
  widget_class->measure = sessio_chart_measure;
  widget_class->snapshot = sessio_chart_snapshot;
  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sessio_chart_init (SessioChart *self)
{
  self->labels = g_ptr_array_new_with_free_func (g_free);
  self->values = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->description = g_strdup ("");
}

GtkWidget *
sessio_chart_new (void)
{
  return g_object_new (SESSIO_TYPE_CHART, NULL);
}

void
sessio_chart_set_data (SessioChart        *self,
                       const char         *title,
                       const char * const *labels,
                       const gint64       *values,
                       guint               n_bars)
{
  GString *description = g_string_new (NULL);

  g_return_if_fail (SESSIO_IS_CHART (self));

  g_free (self->title);
  self->title = g_strdup (title);
  g_ptr_array_set_size (self->labels, 0);
  g_array_set_size (self->values, 0);
  for (guint i = 0; i < n_bars; i++)
    {
      g_ptr_array_add (self->labels, g_strdup (labels[i]));
      g_array_append_val (self->values, values[i]);
      if (i > 0)
        /* Translators: separates the figures a chart reads out. */
        g_string_append (description, _(", "));
      {
        g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, values[i]);

        /* Translators: one figure of a chart read out, e.g. "School: 12". */
        g_string_append_printf (description, _("%1$s: %2$s"), labels[i], number);
      }
    }
  g_free (self->description);
  self->description = g_string_free (description, FALSE);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->description);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
sessio_chart_get_description (SessioChart *self)
{
  g_return_val_if_fail (SESSIO_IS_CHART (self), NULL);
  return self->description;
}
