/* sessio-stats.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Anonymous statistics: the figures of a period as named counts
 * ("sessions", "location.school", "age.12-15", ...), computed from the
 * vault with the same evaluation the app and invoices use.  The counts are
 * exact (not suppressed): they are what the anonymous aggregate file
 * carries, so that a coordinator can add several psychologists' files
 * together before suppressing.  What is published is built from them by
 * sessio-stats-report.h.  Definitions: docs/statistics.md.
 *
 * No name, INSZ, birth date, school or free text ever enters a SessioStats:
 * only counts, minutes, the period and the network targets.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

#define SESSIO_STATS_DEFAULT_THRESHOLD 5
#define SESSIO_STATS_ANON_FORMAT "sessio-stats-anon"
/* 2: the clb.* counts, and copay-free.<reason> counting every reason
 * that applies.  A version-1 file has neither, so it is refused rather
 * than merged into figures it would quietly make wrong. */
#define SESSIO_STATS_ANON_VERSION 2

/* The fixed category lists, machine names in output order. */
extern const char * const sessio_stats_models[];
extern const char * const sessio_stats_locations[];
extern const char * const sessio_stats_cares[];
extern const char * const sessio_stats_free_reasons[];   /* co-payment reasons that cost nothing */
extern const char * const sessio_stats_networks[];
extern const char * const sessio_stats_age_bands[];
extern const char * const sessio_stats_per_patient[];    /* sessions per patient buckets */
extern const char * const sessio_stats_outcomes[];
extern const char * const sessio_stats_task_kinds[];
extern const char * const sessio_stats_clb_locations[]; /* locations of the CLB section, in its order */
/* The CLB guidance domains of sessio_clb_domains(), then "unknown". */
GStrv         sessio_stats_list_clb_domains (void);
/* Education segments and problem categories: sessio_education_segments()
 * (plus "unknown") and sessio_problem_categories(). */

typedef struct _SessioStats SessioStats;

/* Periods as schools count them (docs/statistics.md): a school year runs
 * from 1 September to 31 August, its first semester to 31 January, its
 * second from 1 February.  A school year is named by the year it starts
 * in (2023 is 2023-2024). */
typedef enum
{
  SESSIO_STATS_PERIOD_SCHOOL_YEAR,
  SESSIO_STATS_PERIOD_FIRST_SEMESTER,
  SESSIO_STATS_PERIOD_SECOND_SEMESTER,
  SESSIO_STATS_PERIOD_THIS_MONTH,
  SESSIO_STATS_PERIOD_LAST_MONTH,
  SESSIO_STATS_PERIOD_THIS_QUARTER,
  SESSIO_STATS_PERIOD_LAST_QUARTER,
  SESSIO_STATS_PERIOD_THIS_YEAR,
  SESSIO_STATS_PERIOD_LAST_YEAR,
} SessioStatsPeriod;

/* The school year that @day falls in (its starting year). */
int           sessio_stats_school_year_of (const GDate         *day);
/* The days of @period: the school-year ones of school year @school_year,
 * the calendar ones around @today. */
void          sessio_stats_period_range   (SessioStatsPeriod    period,
                                           int                  school_year,
                                           const GDate         *today,
                                           GDate               *from,
                                           GDate               *to);
/* "2025" (school year 2025-2026) or "2025-1" / "2025-2" (its first or
 * second semester) into a period; FALSE when the text is neither. */
gboolean      sessio_stats_parse_school_period (const char     *text,
                                                gboolean        semester,
                                                GDate          *from,
                                                GDate          *to);

/* The figures of the sessions dated @from to @to inclusive, of one
 * engagement or (@engagement_id 0) all.  Reads the vault; audits nothing
 * since nothing about a person is shown. */
SessioStats  *sessio_stats_compute        (SessioPatientStore  *store,
                                           const GDate         *from,
                                           const GDate         *to,
                                           gint64               engagement_id,
                                           GError             **error);
void          sessio_stats_free           (SessioStats         *self);

const GDate  *sessio_stats_get_from       (SessioStats         *self);
const GDate  *sessio_stats_get_to         (SessioStats         *self);
/* 0: every engagement (always 0 for a merged report). */
gint64        sessio_stats_get_engagement (SessioStats         *self);
/* How many anonymous files were merged into this one (1 for a vault). */
guint         sessio_stats_get_n_sources  (SessioStats         *self);
/* A count or a number of minutes; 0 when absent. */
gint64        sessio_stats_get            (SessioStats         *self,
                                           const char          *key);
/* The network's target average of treatment sessions per patient in the
 * rule set valid at the end of the period, or -1 when it has none. */
int           sessio_stats_get_target     (SessioStats         *self,
                                           const char          *network);
/* "month.2025-01", ...: the months of the period, in order. */
GStrv         sessio_stats_list_months    (SessioStats         *self);

/* The anonymous aggregate file (docs/statistics.md): versioned JSON,
 * counts only, written 0600. */
JsonNode     *sessio_stats_to_anon_json   (SessioStats         *self);
gboolean      sessio_stats_write_anon     (SessioStats         *self,
                                           const char          *path,
                                           GError             **error);
/* Reads one; anything that is not exactly such a file (unknown member or
 * key, a text where a count belongs, a negative count, a newer version) is
 * refused with SESSIO_ERROR_INVALID_INPUT. */
SessioStats  *sessio_stats_new_from_anon  (const char          *data,
                                           gssize               length,
                                           GError             **error);
SessioStats  *sessio_stats_load_anon      (const char          *path,
                                           GError             **error);
/* Adds the counts of @n_parts files of the same period together. */
SessioStats  *sessio_stats_merge          (SessioStats * const *parts,
                                           guint                n_parts,
                                           GError             **error);

/* Writes @length bytes to a new file @path, 0600, synced; removes it when
 * that fails.  Shared by the report writers. */
gboolean      sessio_stats_write_file     (const char          *path,
                                           const char          *data,
                                           gsize                length,
                                           GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioStats, sessio_stats_free)

G_END_DECLS
