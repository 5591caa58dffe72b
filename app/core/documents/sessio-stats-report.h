/* sessio-stats-report.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What is published from a SessioStats: sections of labelled rows, with
 * small counts suppressed (sessio-stats-suppress.h) and the derived
 * figures (shares, averages) withheld whenever one of their inputs is;
 * and the report written as JSON, CSV or an A4 PDF.  Definitions and
 * formats: docs/statistics.md.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "sessio-stats.h"

G_BEGIN_DECLS

#define SESSIO_STATS_REPORT_FORMAT "sessio-stats-report"
#define SESSIO_STATS_REPORT_VERSION 1

typedef enum
{
  SESSIO_STATS_ROW_COUNT,     /* a count of people or sessions: suppressed when small */
  SESSIO_STATS_ROW_DECIMAL,   /* an average, one decimal */
  SESSIO_STATS_ROW_PERCENT,   /* a share, whole per cent */
  SESSIO_STATS_ROW_HOURS,     /* time spent; never suppressed (counts no one) */
} SessioStatsRowKind;

typedef struct
{
  char               *id;          /* stable: "location.school", "average.treatment.youth" */
  char               *label;       /* translated */
  SessioStatsRowKind  kind;
  gint64              count;       /* COUNT: the count; HOURS: minutes */
  double              value;       /* DECIMAL, PERCENT */
  gboolean            suppressed;  /* not published: "<5" or "x" for a count, "–" otherwise */
  gboolean            small;       /* suppressed as a count from 1 to threshold - 1 ("<5");
                                    * other suppressed counts are complements ("x") */
  gboolean            available;   /* FALSE: a derived figure without a denominator */
  char               *note;        /* e.g. "network target 10"; may be NULL */
  char               *heading;     /* shown above this row (the CLB section's questions); mostly NULL */
} SessioStatsRow;

typedef struct
{
  const char *id;                  /* "overview", "locations", ... */
  char       *title;               /* translated, short */
  char       *description;         /* translated; NULL when the title says it all */
  GPtrArray  *rows;                /* of SessioStatsRow */
  SessioStatsRow *total;           /* NULL when the rows do not add up to anything */
} SessioStatsSection;

typedef struct _SessioStatsReport SessioStatsReport;

/* Keeps a pointer to @stats, which must outlive the report.
 * @threshold: counts from 1 to @threshold - 1 are suppressed, with their
 * complements; 1 publishes everything (the user's own screen). */
SessioStatsReport        *sessio_stats_report_new          (SessioStats        *stats,
                                                            guint               threshold);
void                      sessio_stats_report_free         (SessioStatsReport  *self);

SessioStats              *sessio_stats_report_get_stats    (SessioStatsReport  *self);
guint                     sessio_stats_report_get_threshold (SessioStatsReport *self);
guint                     sessio_stats_report_get_n_sections (SessioStatsReport *self);
const SessioStatsSection *sessio_stats_report_get_section  (SessioStatsReport  *self,
                                                            guint               index);
const SessioStatsSection *sessio_stats_report_find_section (SessioStatsReport  *self,
                                                            const char         *id);
/* A row of any section (or a section's total), by id; NULL if none. */
const SessioStatsRow     *sessio_stats_report_find_row     (SessioStatsReport  *self,
                                                            const char         *id);
/* The published text of a row: "12", "<5", "x", "3.4", "25 %", "12.5 h", "–". */
char                     *sessio_stats_report_format_row   (SessioStatsReport  *self,
                                                            const SessioStatsRow *row);

JsonNode                 *sessio_stats_report_to_json      (SessioStatsReport  *self);
char                     *sessio_stats_report_to_csv       (SessioStatsReport  *self);
char                     *sessio_stats_report_to_text      (SessioStatsReport  *self);
/* Each written 0600; a file that could not be written completely is
 * removed. */
gboolean                  sessio_stats_report_write_json   (SessioStatsReport  *self,
                                                            const char         *path,
                                                            GError            **error);
gboolean                  sessio_stats_report_write_csv    (SessioStatsReport  *self,
                                                            const char         *path,
                                                            GError            **error);
gboolean                  sessio_stats_report_write_pdf    (SessioStatsReport  *self,
                                                            const char         *path,
                                                            GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioStatsReport, sessio_stats_report_free)

G_END_DECLS
