/* sessio-chart.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A horizontal bar chart drawn by Sessio itself (GtkSnapshot and cairo):
 * one bar per category, the label on the left, the count after the bar.
 * Horizontal bars keep long labels readable at 360 px.  For screen
 * readers the chart is an image whose label is its title and whose
 * description lists every figure ("School: 12, CLB: 4, ...").
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SESSIO_TYPE_CHART (sessio_chart_get_type ())

G_DECLARE_FINAL_TYPE (SessioChart, sessio_chart, SESSIO, CHART, GtkWidget)

GtkWidget  *sessio_chart_new              (void);
/* @labels: @n_bars translated labels; @values their counts. */
void        sessio_chart_set_data         (SessioChart        *self,
                                           const char         *title,
                                           const char * const *labels,
                                           const gint64       *values,
                                           guint               n_bars);
/* The text alternative given to screen readers. */
const char *sessio_chart_get_description  (SessioChart        *self);

G_END_DECLS
