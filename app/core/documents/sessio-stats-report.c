/* sessio-stats-report.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layout lives in one table-driven place (build_sections()), and
 * every output (screen, text, JSON, CSV, PDF) walks the same sections, so
 * a figure suppressed in one is suppressed in all.
 */

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "sessio-format.h"
#include "sessio-pdf.h"
#include "sessio-stats-report.h"
#include "sessio-stats-suppress.h"

struct _SessioStatsReport
{
  SessioStats  *stats;
  guint         threshold;
  GPtrArray    *sections;     /* of SessioStatsSection */
  GHashTable   *cells;        /* count key → GUINT_TO_POINTER (cell index + 1) */
  GPtrArray    *cell_keys;
  GPtrArray    *lines;        /* of GArray of guint: the total, then the parts */
  SessioSuppression *suppression;
};

typedef struct
{
  const char *id;
  const char *label;
} Label;

static const Label labels[] = {
  { "patients", N_("Patients with at least one session held") },
  { "sessions", N_("Sessions held") },
  { "sessions.individual", N_("Individual sessions") },
  { "sessions.group", N_("Group sessions") },
  { "group-participants", N_("Participants in group sessions") },
  { "attendances", N_("Sessions attended (per patient)") },
  { "no-shows", N_("Missed appointments (no-show)") },
  { "refused-limit", N_("Sessions held over the limit (not reimbursed)") },
  { "outside-other", N_("Sessions held outside the convention for another reason") },
  { "copay-free", N_("Sessions without co-payment") },
  { "ended", N_("Trajectories ended") },
  { "model.clb-salaried", N_("Employed by a CLB") },
  { "model.independent", N_("Self-employed") },
  { "model.organisation-salaried", N_("Employed by another organisation") },
  { "location.practice", N_("Practice") },
  { "location.school", N_("School") },
  { "location.clb", N_("CLB") },
  { "location.boarding-school", N_("Boarding school") },
  { "location.home", N_("At home") },
  { "location.video", N_("Video call") },
  { "location.outreach", N_("Other outreach site") },
  { "copay-free.age-23-or-younger", N_("Age 23 or younger") },
  { "copay-free.community", N_("Community intervention") },
  { "copay-free.clb-waiver", N_("Organised by the CLB at school") },
  { "copay-free.first-individual-session", N_("First individual session") },
  { "network.youth", N_("Children and adolescents") },
  { "network.adult", N_("Adults") },
  { "age.unknown", N_("Unknown") },
  { "segment.unknown", N_("Not recorded") },
  { "vulnerable.yes", N_("Vulnerable home situation") },
  { "vulnerable.no", N_("No vulnerable home situation recorded") },
  { "per-patient.1", N_("1 session") },
  { "per-patient.2", N_("2 sessions") },
  { "per-patient.3-5", N_("3 to 5 sessions") },
  { "per-patient.6-10", N_("6 to 10 sessions") },
  { "per-patient.11-20", N_("11 to 20 sessions") },
  { "per-patient.21+", N_("21 sessions or more") },
  { "ended.completed", N_("Completed") },
  { "ended.referred", N_("Referred on") },
  { "ended.stopped", N_("Stopped early") },
  { "ended.unknown", N_("Outcome not recorded") },
  { "minutes.mdo", N_("Multidisciplinary consultation") },
  { "minutes.advice", N_("Advice to a teacher or another first-line actor") },
  { "minutes.co-consultation", N_("Co-consultation") },
  { "minutes.expertise", N_("Sharing expertise") },
  { "minutes.intake-call", N_("Intake calls") },
  { "minutes.consultation", N_("Consultations") },
  { "minutes.admin", N_("Administration") },
  { "minutes.other", N_("Other") },
  { "clb.pupils", N_("Pupils with at least one session") },
  { "clb.pupils.individual-only", N_("Pupils seen only individually") },
  { "clb.pupils.group-only", N_("Pupils seen only in groups") },
  { "clb.pupils.both", N_("Pupils seen individually and in groups") },
  { "clb.sessions", N_("Sessions held") },
  { "clb.sessions.individual", N_("Individual sessions") },
  { "clb.sessions.group", N_("Group sessions") },
  { "clb.model.clb-salaried", N_("(a) Conventioned psychologist employed by the CLB") },
  { "clb.model.independent", N_("(b) Self-employed psychologist working with the CLB") },
  { "clb.model.organisation-salaried", N_("(c) Psychologist employed by another organisation") },
  { "clb.copay-free", N_("Sessions without co-payment") },
  { "clb.attendances", N_("Sessions attended by pupils") },
};

/* The guidance domain or education segment of a "clb.domain.<id>.<what>"
 * or "clb.segment.<id>.<what>" key, in words. */
static char *
clb_owner_label (const char *key)
{
  gboolean domain = g_str_has_prefix (key, "clb.domain.");
  const char *start = key + strlen (domain ? "clb.domain." : "clb.segment.");
  const char *end = strrchr (start, '.');
  g_autofree char *id = g_strndup (start, end != NULL ? (gsize) (end - start) : strlen (start));
  const SessioChoice *choices;
  guint n;

  if (g_strcmp0 (id, "unknown") == 0)
    return g_strdup (domain ? _("Domain not recorded") : _("Segment not recorded"));
  choices = domain ? sessio_clb_domains (&n) : sessio_education_segments (&n);
  return g_strdup (sessio_choice_get_label (choices, n, id));
}

static char *
label_for (const char *key)
{
  guint n;
  const SessioChoice *choices;
  SessioCare care;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (strcmp (labels[i].id, key) == 0)
      return g_strdup (_(labels[i].label));
  if (g_str_has_prefix (key, "clb.location."))
    {
      g_autofree char *location = g_strconcat ("location.", key + strlen ("clb.location."), NULL);
      g_autofree char *place = label_for (location);

      /* Translators: %s is a place such as “School”. */
      return g_strdup_printf (_("Sessions at: %s"), place);
    }
  if (g_str_has_prefix (key, "clb.copay-free."))
    {
      g_autofree char *location = g_strconcat ("location.", key + strlen ("clb.copay-free."), NULL);
      g_autofree char *place = label_for (location);

      /* Translators: %s is a place such as “School”. */
      return g_strdup_printf (_("Without co-payment at: %s"), place);
    }
  if ((g_str_has_prefix (key, "clb.domain.") || g_str_has_prefix (key, "clb.segment.")) &&
      (g_str_has_suffix (key, ".pupils") || g_str_has_suffix (key, ".attendances")))
    {
      g_autofree char *owner = clb_owner_label (key);

      if (g_str_has_suffix (key, ".pupils"))
        /* Translators: %s is a guidance domain or an education segment. */
        return g_strdup_printf (_("%s: pupils"), owner);
      /* Translators: %s is a guidance domain or an education segment. */
      return g_strdup_printf (_("%s: sessions attended"), owner);
    }
  if (g_str_has_prefix (key, "clb.problem.") && g_str_has_suffix (key, ".vulnerable"))
    return g_strdup (_("… of whom in a vulnerable home situation"));
  if (g_str_has_prefix (key, "clb.problem."))
    {
      choices = sessio_problem_categories (&n);
      return g_strdup (sessio_choice_get_label (choices, n, key + strlen ("clb.problem.")));
    }
  if (g_str_has_prefix (key, "care.") && sessio_care_from_string (key + 5, &care))
    return g_strdup (sessio_care_get_title (care));
  if (g_str_has_prefix (key, "segment."))
    {
      choices = sessio_education_segments (&n);
      return g_strdup (sessio_choice_get_label (choices, n, key + 8));
    }
  if (g_str_has_prefix (key, "problem."))
    {
      choices = sessio_problem_categories (&n);
      return g_strdup (sessio_choice_get_label (choices, n, key + 8));
    }
  if (g_str_has_prefix (key, "age."))
    {
      if (g_str_has_suffix (key, "+"))
        /* Translators: an age band, e.g. "65 years and over". */
        return g_strdup_printf (_("%.*s years and over"), (int) strlen (key + 4) - 1, key + 4);
      g_autofree char *band = g_strdup (key + 4);
      g_auto(GStrv) ends = g_strsplit (band, "-", 2);

      /* Translators: an age band, e.g. "12–15 years". */
      return g_strdup_printf (_("%1$s–%2$s years"), ends[0], ends[1] != NULL ? ends[1] : ends[0]);
    }
  if (g_str_has_prefix (key, "month."))
    return g_strdup (key + 6);
  return g_strdup (key);
}

static void
row_free (SessioStatsRow *row)
{
  g_free (row->id);
  g_free (row->label);
  g_free (row->note);
  g_free (row->heading);
  g_free (row);
}

static void
section_free (SessioStatsSection *section)
{
  g_free (section->title);
  g_free (section->description);
  g_ptr_array_unref (section->rows);
  if (section->total != NULL)
    row_free (section->total);
  g_free (section);
}

void
sessio_stats_report_free (SessioStatsReport *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->sections);
  g_hash_table_unref (self->cells);
  g_ptr_array_unref (self->cell_keys);
  g_ptr_array_unref (self->lines);
  sessio_suppression_free (self->suppression);
  g_free (self);
}

/* ------------------------------------------------------------ cells */

static guint
cell (SessioStatsReport *self,
      const char        *key)
{
  gpointer index = g_hash_table_lookup (self->cells, key);

  if (index == NULL)
    {
      g_ptr_array_add (self->cell_keys, g_strdup (key));
      index = GUINT_TO_POINTER (self->cell_keys->len);
      g_hash_table_insert (self->cells, g_strdup (key), index);
    }
  return GPOINTER_TO_UINT (index) - 1;
}

static gboolean
cell_suppressed (SessioStatsReport *self,
                 const char        *key)
{
  return sessio_suppression_is_suppressed (self->suppression, cell (self, key));
}

static void
mark (SessioStatsReport *self,
      SessioStatsRow    *row)
{
  guint c = cell (self, row->id);

  row->suppressed = sessio_suppression_is_suppressed (self->suppression, c);
  row->small = sessio_suppression_is_primary (self->suppression, c);
}

static SessioStatsRow *
count_row (SessioStatsReport *self,
           const char        *key)
{
  SessioStatsRow *row = g_new0 (SessioStatsRow, 1);

  row->id = g_strdup (key);
  row->label = label_for (key);
  row->kind = g_str_has_prefix (key, "minutes.") ? SESSIO_STATS_ROW_HOURS : SESSIO_STATS_ROW_COUNT;
  row->count = sessio_stats_get (self->stats, key);
  row->available = TRUE;
  return row;
}

static SessioStatsSection *
section_new (SessioStatsReport *self,
             const char        *id,
             const char        *title,
             const char        *total_key)
{
  SessioStatsSection *section = g_new0 (SessioStatsSection, 1);

  section->id = id;
  section->title = g_strdup (title);
  section->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  if (total_key != NULL)
    section->total = count_row (self, total_key);
  g_ptr_array_add (self->sections, section);
  return section;
}

/* A section of one row per key; the rows add up to @total_key (a relation
 * published, so suppression must respect it) unless it is NULL. */
static SessioStatsSection *
list_section (SessioStatsReport  *self,
              const char         *id,
              const char         *title,
              const char         *prefix,
              const char * const *ids,
              const char         *total_key)
{
  SessioStatsSection *section = section_new (self, id, title, total_key);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *key = g_strconcat (prefix, ids[i], NULL);

      g_ptr_array_add (section->rows, count_row (self, key));
    }
  return section;
}

static void
add_line (SessioStatsReport  *self,
          const char         *total,
          const char * const *parts)
{
  GArray *indexes = g_array_new (FALSE, FALSE, sizeof (guint));
  guint t = cell (self, total);

  g_array_append_val (indexes, t);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint c = cell (self, parts[i]);

      g_array_append_val (indexes, c);
    }
  g_ptr_array_add (self->lines, indexes);
}

static void
add_section_line (SessioStatsReport  *self,
                  SessioStatsSection *section)
{
  g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
  g_auto(GStrv) keys = NULL;

  for (guint i = 0; i < section->rows->len; i++)
    g_strv_builder_add (parts, ((SessioStatsRow *) section->rows->pdata[i])->id);
  keys = g_strv_builder_end (parts);
  add_line (self, section->total->id, (const char * const *) keys);
}

static SessioStatsRow *
derived_row (const char *id,
             const char *label,
             SessioStatsRowKind kind,
             gint64      numerator,
             gint64      denominator,
             gboolean    suppressed)
{
  SessioStatsRow *row = g_new0 (SessioStatsRow, 1);

  row->id = g_strdup (id);
  row->label = g_strdup (label);
  row->kind = kind;
  row->available = denominator > 0;
  row->suppressed = suppressed;
  if (row->available)
    row->value = (double) numerator / (double) denominator * (kind == SESSIO_STATS_ROW_PERCENT ? 100.0 : 1.0);
  return row;
}

static gint
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const SessioStatsRow *x = *(SessioStatsRow * const *) a, *y = *(SessioStatsRow * const *) b;
  /* Published counts largest first, then the suppressed ones, then the
   * zeros; within a group the catalogue order (g_ptr_array_sort is
   * stable), so a suppressed count's place says nothing more. */
  int gx = x->suppressed ? 1 : x->count == 0 ? 2 : 0;
  int gy = y->suppressed ? 1 : y->count == 0 ? 2 : 0;

  if (gx != gy)
    return gx - gy;
  if (gx == 0 && x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return 0;
}

static void
set_heading (SessioStatsSection *section,
             guint               index,
             const char         *heading)
{
  SessioStatsRow *row = section->rows->pdata[index];

  g_free (row->heading);
  row->heading = g_strdup (heading);
}

static void
add_rows (SessioStatsReport  *self,
          SessioStatsSection *section,
          const char         *prefix,
          const char * const *ids,
          const char         *suffix)
{
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *key = g_strconcat (prefix, ids[i], suffix, NULL);

      g_ptr_array_add (section->rows, count_row (self, key));
    }
}

/* The relation "@total = the rows from @first to @last - 1". */
static void
add_rows_line (SessioStatsReport  *self,
               SessioStatsSection *section,
               const char         *total,
               guint               first,
               guint               last)
{
  g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
  g_auto(GStrv) keys = NULL;

  for (guint i = first; i < last; i++)
    g_strv_builder_add (parts, ((SessioStatsRow *) section->rows->pdata[i])->id);
  keys = g_strv_builder_end (parts);
  add_line (self, total, (const char * const *) keys);
}

/* The CLB questions (docs/statistics.md), in the order the parliamentary
 * question asks them, over every session organised with a CLB.  One
 * section, so that the answers read as one table in every output; its
 * relations (the pupils, the sessions by setting, by provider model, by
 * location, and those without co-payment by location) are all given to
 * the suppression, and so is the location × co-payment cross. */
static void
build_clb_section (SessioStatsReport  *self,
                   const char * const *problems)
{
  static const char * const pupil_ids[] = { "individual-only", "group-only", "both", NULL };
  static const char * const setting_ids[] = { "individual", "group", NULL };
  SessioStatsSection *section = section_new (self, "clb", _("Psychological help organised with a CLB"), NULL);
  guint start, n_problems = g_strv_length ((char **) problems);

  section->description = g_strdup (_("Every session in the CLB context or of a psychologist employed by a CLB, "
                                     "answering the parliamentary questions in their order."));
  g_ptr_array_add (section->rows, count_row (self, "clb.pupils"));
  set_heading (section, 0, _("1. Pupils who used the help, individually and in groups"));
  start = section->rows->len;
  add_rows (self, section, "clb.pupils.", pupil_ids, "");
  add_rows_line (self, section, "clb.pupils", start, section->rows->len);
  g_ptr_array_add (section->rows, count_row (self, "clb.sessions"));
  start = section->rows->len;
  add_rows (self, section, "clb.sessions.", setting_ids, "");
  add_rows_line (self, section, "clb.sessions", start, section->rows->len);
  start = section->rows->len;
  add_rows (self, section, "clb.model.", sessio_stats_models, "");
  set_heading (section, start, _("2. Sessions by who held them"));
  add_rows_line (self, section, "clb.sessions", start, section->rows->len);
  start = section->rows->len;
  add_rows (self, section, "clb.location.", sessio_stats_clb_locations, "");
  set_heading (section, start, _("3. Where the sessions took place, and how many without co-payment"));
  add_rows_line (self, section, "clb.sessions", start, section->rows->len);
  g_ptr_array_add (section->rows, count_row (self, "clb.copay-free"));
  start = section->rows->len;
  add_rows (self, section, "clb.copay-free.", sessio_stats_clb_locations, "");
  add_rows_line (self, section, "clb.copay-free", start, section->rows->len);
  for (guint i = 0; i < n_problems; i++)
    {
      g_autofree char *key = g_strconcat ("clb.problem.", problems[i], NULL);
      g_autofree char *vulnerable = g_strconcat (key, ".vulnerable", NULL);

      g_ptr_array_add (section->rows, count_row (self, key));
      g_ptr_array_add (section->rows, count_row (self, vulnerable));
    }
}

/* Question 004's kind: unique pupils and sessions attended per pupil, by
 * the CLB's guidance domain of the trajectory and by education segment,
 * over the CLB sessions.  A pupil with trajectories in two domains counts
 * in both, so the domains' pupils add up to nothing; their sessions do
 * (each attendance has one trajectory), and the segments add up both. */
static SessioStatsSection *
build_clb_domains_section (SessioStatsReport  *self,
                           const char * const *segments)
{
  g_auto(GStrv) domains = sessio_stats_list_clb_domains ();
  SessioStatsSection *section = section_new (self, "clb-domains",
                                             _("CLB pupils by guidance domain and education segment"), NULL);
  g_autoptr(GPtrArray) domain_attendances = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) segment_pupils = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) segment_attendances = g_ptr_array_new_with_free_func (g_free);

  section->description = g_strdup (_("Unique pupils and sessions attended, over the sessions organised with a CLB. "
                                     "A pupil with trajectories in two domains counts in both."));
  g_ptr_array_add (section->rows, count_row (self, "clb.attendances"));
  for (guint d = 0; domains[d] != NULL; d++)
    {
      g_autofree char *pupils = g_strconcat ("clb.domain.", domains[d], ".pupils", NULL);
      char *attendances = g_strconcat ("clb.domain.", domains[d], ".attendances", NULL);

      g_ptr_array_add (section->rows, count_row (self, pupils));
      g_ptr_array_add (section->rows, count_row (self, attendances));
      g_ptr_array_add (domain_attendances, attendances);
      if (d == 0)
        set_heading (section, section->rows->len - 2, _("By guidance domain"));
    }
  for (guint i = 0; segments[i] != NULL; i++)
    {
      char *pupils = g_strconcat ("clb.segment.", segments[i], ".pupils", NULL);
      char *attendances = g_strconcat ("clb.segment.", segments[i], ".attendances", NULL);

      g_ptr_array_add (section->rows, count_row (self, pupils));
      g_ptr_array_add (section->rows, count_row (self, attendances));
      g_ptr_array_add (segment_pupils, pupils);
      g_ptr_array_add (segment_attendances, attendances);
      if (i == 0)
        set_heading (section, section->rows->len - 2, _("By education segment"));
    }
  g_ptr_array_add (domain_attendances, NULL);
  g_ptr_array_add (segment_pupils, NULL);
  g_ptr_array_add (segment_attendances, NULL);
  add_line (self, "clb.attendances", (const char * const *) domain_attendances->pdata);
  add_line (self, "clb.attendances", (const char * const *) segment_attendances->pdata);
  add_line (self, "clb.pupils", (const char * const *) segment_pupils->pdata);
  return section;
}

/* After suppression: sessions per pupil after each "attendances" row of
 * the domains section, withheld when either count is. */
static void
add_per_pupil_rows (SessioStatsReport  *self,
                    SessioStatsSection *section)
{
  for (guint r = 0; r < section->rows->len; r++)
    {
      SessioStatsRow *row = section->rows->pdata[r];
      g_autofree char *base = NULL, *pupils = NULL, *id = NULL, *label = NULL, *owner = NULL;
      SessioStatsRow *derived;

      if (!g_str_has_suffix (row->id, ".attendances") || g_strcmp0 (row->id, "clb.attendances") == 0)
        continue;
      base = g_strndup (row->id, strlen (row->id) - strlen (".attendances"));
      pupils = g_strconcat (base, ".pupils", NULL);
      id = g_strconcat (base, ".per-pupil", NULL);
      owner = clb_owner_label (pupils);
      /* Translators: %s is a guidance domain or an education segment. */
      label = g_strdup_printf (_("%s: sessions per pupil"), owner);
      derived = derived_row (id, label, SESSIO_STATS_ROW_DECIMAL, row->count,
                             sessio_stats_get (self->stats, pupils),
                             row->suppressed || cell_suppressed (self, pupils));
      g_ptr_array_insert (section->rows, (int) ++r, derived);
    }
}

/* The problems of the CLB section ranked by pupils as the other ranking
 * is, each keeping its vulnerable-home row right after it. */
static void
rank_clb_problems (SessioStatsSection *section)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new ();
  g_autoptr(GHashTable) vulnerable = g_hash_table_new (NULL, NULL);   /* problem row → its row */
  guint first = 0;

  while (first < section->rows->len &&
         !g_str_has_prefix (((SessioStatsRow *) section->rows->pdata[first])->id, "clb.problem."))
    first++;
  /* The rows come in pairs: the problem, then its vulnerable-home row. */
  while (section->rows->len >= first + 2)
    {
      SessioStatsRow *problem = g_ptr_array_steal_index (section->rows, first);
      SessioStatsRow *flagged = g_ptr_array_steal_index (section->rows, first);

      g_ptr_array_add (problems, problem);
      g_hash_table_insert (vulnerable, problem, flagged);
    }
  g_ptr_array_sort (problems, compare_ranked);
  for (guint i = 0; i < problems->len; i++)
    {
      g_ptr_array_add (section->rows, problems->pdata[i]);
      g_ptr_array_add (section->rows, g_hash_table_lookup (vulnerable, problems->pdata[i]));
    }
  if (first < section->rows->len)
    set_heading (section, first, _("4. Problems that came up most, and pupils in a vulnerable home situation"));
}

/* The ids of the education segments (and "unknown") and of the problem
 * categories, the rows of their sections. */
static void
list_choice_ids (GStrv *segments,
                 GStrv *problems)
{
  g_autoptr(GStrvBuilder) segment_ids = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) problem_ids = g_strv_builder_new ();
  const SessioChoice *choices;
  guint n;

  choices = sessio_education_segments (&n);
  for (guint i = 0; i < n; i++)
    g_strv_builder_add (segment_ids, choices[i].id);
  g_strv_builder_add (segment_ids, "unknown");
  *segments = g_strv_builder_end (segment_ids);
  choices = sessio_problem_categories (&n);
  for (guint i = 0; i < n; i++)
    g_strv_builder_add (problem_ids, choices[i].id);
  *problems = g_strv_builder_end (problem_ids);
}

/* Every count row is a cell; then suppress, and mark the rows whose
 * cells were suppressed. */
static void
suppress_cells (SessioStatsReport *self)
{
  for (guint s = 0; s < self->sections->len; s++)
    {
      SessioStatsSection *sec = self->sections->pdata[s];

      for (guint r = 0; r < sec->rows->len; r++)
        cell (self, ((SessioStatsRow *) sec->rows->pdata[r])->id);
    }
  self->suppression = sessio_suppression_new (self->cell_keys->len);
  for (guint c = 0; c < self->cell_keys->len; c++)
    {
      const char *key = self->cell_keys->pdata[c];

      sessio_suppression_set_value (self->suppression, c, sessio_stats_get (self->stats, key));
      if (g_str_has_prefix (key, "minutes."))
        sessio_suppression_exempt (self->suppression, c);
    }
  for (guint l = 0; l < self->lines->len; l++)
    {
      GArray *line = self->lines->pdata[l];

      sessio_suppression_add_line (self->suppression, g_array_index (line, guint, 0),
                                   &g_array_index (line, guint, 1), line->len - 1);
    }
  sessio_suppression_run (self->suppression, self->threshold);

  for (guint s = 0; s < self->sections->len; s++)
    {
      SessioStatsSection *sec = self->sections->pdata[s];

      for (guint r = 0; r < sec->rows->len; r++)
        {
          SessioStatsRow *row = sec->rows->pdata[r];

          if (row->kind == SESSIO_STATS_ROW_COUNT)
            mark (self, row);
        }
      if (sec->total != NULL)
        mark (self, sec->total);
    }
}

/* A network's rows in the Treatment section: its reimbursed individual
 * treatment sessions, its patients in treatment, and their average
 * against the network's target. */
static void
add_treatment_rows (SessioStatsReport  *self,
                    SessioStatsSection *treatment,
                    const char         *network)
{
  g_autofree char *sessions = g_strdup_printf ("treatment.%s.sessions", network);
  g_autofree char *patients = g_strdup_printf ("treatment.%s.patients", network);
  g_autofree char *average = g_strdup_printf ("average.treatment.%s", network);
  g_autofree char *network_key = g_strdup_printf ("network.%s", network);
  g_autofree char *network_label = label_for (network_key);
  SessioStatsRow *row;
  int target = sessio_stats_get_target (self->stats, network);

  row = count_row (self, sessions);
  g_free (row->label);
  /* Translators: %s is a network ("Children and adolescents"). */
  row->label = g_strdup_printf (_("%s: reimbursed individual treatment sessions"), network_label);
  mark (self, row);
  g_ptr_array_add (treatment->rows, row);
  row = count_row (self, patients);
  g_free (row->label);
  /* Translators: %s is a network ("Children and adolescents"). */
  row->label = g_strdup_printf (_("%s: patients in treatment"), network_label);
  mark (self, row);
  g_ptr_array_add (treatment->rows, row);
  {
    g_autofree char *label = g_strdup_printf (_("%s: average per patient"), network_label);

    row = derived_row (average, label, SESSIO_STATS_ROW_DECIMAL,
                       sessio_stats_get (self->stats, sessions), sessio_stats_get (self->stats, patients),
                       cell_suppressed (self, sessions) || cell_suppressed (self, patients));
  }
  if (target >= 0)
    /* Translators: after an average of treatment sessions per patient. */
    row->note = g_strdup_printf (_("network target %d"), target);
  else
    row->note = g_strdup (_("no network target in these rules"));
  g_ptr_array_add (treatment->rows, row);
}

/* The hours on other tasks add up: their total, never suppressed. */
static void
add_tasks_total (SessioStatsSection *tasks)
{
  gint64 minutes = 0;

  for (guint r = 0; r < tasks->rows->len; r++)
    minutes += ((SessioStatsRow *) tasks->rows->pdata[r])->count;
  tasks->total = g_new0 (SessioStatsRow, 1);
  tasks->total->id = g_strdup ("minutes");
  tasks->total->label = g_strdup (_("Total"));
  tasks->total->kind = SESSIO_STATS_ROW_HOURS;
  tasks->total->count = minutes;
  tasks->total->available = TRUE;
}

static void
build_sections (SessioStatsReport *self)
{
  static const char * const overview_keys[] = {
    "patients", "sessions", "sessions.individual", "sessions.group", "group-participants",
    "attendances", "copay-free", "no-shows", "refused-limit", "outside-other", NULL
  };
  static const char * const vulnerable_ids[] = { "yes", "no", NULL };
  g_auto(GStrv) months = sessio_stats_list_months (self->stats);
  g_auto(GStrv) segments = NULL, problems = NULL;
  SessioStatsSection *section, *overview, *vulnerable, *treatment, *problem_section, *tasks, *clb_domains;

  list_choice_ids (&segments, &problems);

  overview = list_section (self, "overview", _("Overview"), "", overview_keys, NULL);
  add_line (self, "sessions", (const char * const[]) { "sessions.individual", "sessions.group", NULL });
  add_line (self, "attendances", (const char * const[]) { "sessions.individual", "group-participants", NULL });

  section = list_section (self, "models", _("Sessions by provider model"), "model.", sessio_stats_models, "sessions");
  add_section_line (self, section);
  section = list_section (self, "locations", _("Sessions by location"), "location.", sessio_stats_locations, "sessions");
  add_section_line (self, section);
  section = list_section (self, "cares", _("Sessions by care type"), "care.", sessio_stats_cares, "sessions");
  add_section_line (self, section);
  section = list_section (self, "months", _("Sessions per month"), "", (const char * const *) months, "sessions");
  add_section_line (self, section);
  /* Every reason that applies is counted, so the rows do not add up to
   * the total of sessions without co-payment: no relation to publish. */
  section = list_section (self, "copay-free", _("Without co-payment, by reason"), "copay-free.",
                          sessio_stats_free_reasons, NULL);
  section->description = g_strdup (_("A session can have several reasons: it is counted under each."));
  problem_section = list_section (self, "problems", _("Presenting problems"),
                                  "problem.", (const char * const *) problems, NULL);
  problem_section->description = g_strdup (_("Patients per category, most frequent first; a patient can have several."));
  section = list_section (self, "networks", _("Patients by network"), "network.", sessio_stats_networks, "patients");
  add_section_line (self, section);
  section = list_section (self, "ages", _("Patients by age"), "age.", sessio_stats_age_bands, "patients");
  section->description = g_strdup (_("Age at the first session attended in the period."));
  add_section_line (self, section);
  section = list_section (self, "segments", _("Patients by education segment"), "segment.",
                          (const char * const *) segments, "patients");
  add_section_line (self, section);
  vulnerable = list_section (self, "vulnerable", _("Patients by home situation"), "vulnerable.",
                             vulnerable_ids, "patients");
  add_section_line (self, vulnerable);
  section = list_section (self, "per-patient", _("Sessions per patient"), "per-patient.",
                          sessio_stats_per_patient, "patients");
  add_section_line (self, section);
  treatment = section_new (self, "treatment", _("Treatment per patient"), NULL);
  treatment->description = g_strdup (_("Reimbursed individual treatment sessions per patient in treatment, against the network’s target average."));
  for (guint i = 0; sessio_stats_networks[i] != NULL; i++)
    {
      g_autofree char *sessions = g_strdup_printf ("treatment.%s.sessions", sessio_stats_networks[i]);
      g_autofree char *patients = g_strdup_printf ("treatment.%s.patients", sessio_stats_networks[i]);

      cell (self, sessions);
      cell (self, patients);
    }
  build_clb_section (self, (const char * const *) problems);
  clb_domains = build_clb_domains_section (self, (const char * const *) segments);
  section = list_section (self, "ended", _("Trajectories ended, by outcome"), "ended.", sessio_stats_outcomes, "ended");
  add_section_line (self, section);
  tasks = list_section (self, "tasks", _("Hours on other tasks"), "minutes.", sessio_stats_task_kinds, NULL);
  tasks->description = g_strdup (_("Time spent on the convention’s tasks besides sessions."));

  suppress_cells (self);

  /* Derived figures: published only when every input is, or they would
   * give a suppressed count back. */
  g_ptr_array_add (overview->rows,
                   derived_row ("mean.attendances", _("Average sessions attended per patient"),
                                SESSIO_STATS_ROW_DECIMAL, sessio_stats_get (self->stats, "attendances"),
                                sessio_stats_get (self->stats, "patients"),
                                cell_suppressed (self, "attendances") || cell_suppressed (self, "patients")));
  g_ptr_array_add (vulnerable->rows,
                   derived_row ("share.vulnerable", _("Share in a vulnerable home situation"),
                                SESSIO_STATS_ROW_PERCENT, sessio_stats_get (self->stats, "vulnerable.yes"),
                                sessio_stats_get (self->stats, "patients"),
                                cell_suppressed (self, "vulnerable.yes") || cell_suppressed (self, "patients")));
  for (guint i = 0; sessio_stats_networks[i] != NULL; i++)
    add_treatment_rows (self, treatment, sessio_stats_networks[i]);

  add_per_pupil_rows (self, clb_domains);

  g_ptr_array_sort (problem_section->rows, compare_ranked);
  rank_clb_problems ((SessioStatsSection *) sessio_stats_report_find_section (self, "clb"));

  add_tasks_total (tasks);
}

SessioStatsReport *
sessio_stats_report_new (SessioStats *stats,
                         guint        threshold)
{
  SessioStatsReport *self = g_new0 (SessioStatsReport, 1);

  self->stats = stats;
  self->threshold = MAX (threshold, 1);
  self->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  self->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cell_keys = g_ptr_array_new_with_free_func (g_free);
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  build_sections (self);
  return self;
}

SessioStats *
sessio_stats_report_get_stats (SessioStatsReport *self)
{
  return self->stats;
}

guint
sessio_stats_report_get_threshold (SessioStatsReport *self)
{
  return self->threshold;
}

guint
sessio_stats_report_get_n_sections (SessioStatsReport *self)
{
  return self->sections->len;
}

const SessioStatsSection *
sessio_stats_report_get_section (SessioStatsReport *self,
                                 guint              index)
{
  g_return_val_if_fail (index < self->sections->len, NULL);
  return self->sections->pdata[index];
}

const SessioStatsSection *
sessio_stats_report_find_section (SessioStatsReport *self,
                                  const char        *id)
{
  for (guint s = 0; s < self->sections->len; s++)
    if (g_strcmp0 (((SessioStatsSection *) self->sections->pdata[s])->id, id) == 0)
      return self->sections->pdata[s];
  return NULL;
}

const SessioStatsRow *
sessio_stats_report_find_row (SessioStatsReport *self,
                              const char        *id)
{
  for (guint s = 0; s < self->sections->len; s++)
    {
      SessioStatsSection *section = self->sections->pdata[s];

      for (guint r = 0; r < section->rows->len; r++)
        if (g_strcmp0 (((SessioStatsRow *) section->rows->pdata[r])->id, id) == 0)
          return section->rows->pdata[r];
      if (section->total != NULL && g_strcmp0 (section->total->id, id) == 0)
        return section->total;
    }
  return NULL;
}

/* Decimals with a point in English, a comma in nl, fr, de. */
static char *
format_decimal (double value,
                int    decimals)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *text = g_strdup (g_ascii_formatd (buffer, sizeof buffer, decimals == 0 ? "%.0f" : "%.1f", value));

  if (sessio_format_get_language () != SESSIO_LANGUAGE_EN)
    g_strdelimit (text, ".", ',');
  return text;
}

char *
sessio_stats_report_format_row (SessioStatsReport    *self,
                                const SessioStatsRow *row)
{
  g_autofree char *number = NULL;

  if (row->kind == SESSIO_STATS_ROW_COUNT)
    {
      if (row->suppressed && row->small)
        return g_strdup_printf ("<%u", self->threshold);
      if (row->suppressed)
        return g_strdup ("x");
      return g_strdup_printf ("%" G_GINT64_FORMAT, row->count);
    }
  if (row->suppressed || !row->available)
    return g_strdup ("–");
  switch (row->kind)
    {
    case SESSIO_STATS_ROW_DECIMAL:
      return format_decimal (row->value, 1);
    case SESSIO_STATS_ROW_PERCENT:
      number = format_decimal (row->value, 0);
      /* Translators: a share, e.g. "25 %". */
      return g_strdup_printf (_("%s %%"), number);
    case SESSIO_STATS_ROW_HOURS:
      number = format_decimal (row->count / 60.0, 1);
      /* Translators: a number of hours, e.g. "12.5 h". */
      return g_strdup_printf (_("%s h"), number);
    case SESSIO_STATS_ROW_COUNT:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ----------------------------------------------------------- outputs */

static char *suppression_note (SessioStatsReport *self);

static void
json_row (SessioStatsReport    *self,
          JsonBuilder          *builder,
          const SessioStatsRow *row)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, row->id);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, row->label);
  json_builder_set_member_name (builder, "value");
  if (row->kind == SESSIO_STATS_ROW_COUNT && row->suppressed)
    {
      g_autofree char *text = sessio_stats_report_format_row (self, row);

      json_builder_add_string_value (builder, text);
    }
  else if (row->kind == SESSIO_STATS_ROW_COUNT)
    json_builder_add_int_value (builder, row->count);
  else if (row->kind == SESSIO_STATS_ROW_HOURS)
    json_builder_add_double_value (builder, round (row->count / 6.0) / 10.0);
  else if (row->suppressed || !row->available)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, round (row->value * 10.0) / 10.0);
  if (row->kind != SESSIO_STATS_ROW_COUNT)
    {
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, row->kind == SESSIO_STATS_ROW_HOURS ? "hours" :
                                              row->kind == SESSIO_STATS_ROW_PERCENT ? "percent" : "average");
    }
  if (row->note != NULL)
    {
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, row->note);
    }
  if (row->heading != NULL)
    {
      json_builder_set_member_name (builder, "heading");
      json_builder_add_string_value (builder, row->heading);
    }
  json_builder_end_object (builder);
}

JsonNode *
sessio_stats_report_to_json (SessioStatsReport *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  char from[11], to[11];

  sessio_date_to_iso (sessio_stats_get_from (self->stats), from);
  sessio_date_to_iso (sessio_stats_get_to (self->stats), to);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, SESSIO_STATS_REPORT_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, SESSIO_STATS_REPORT_VERSION);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, from);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to);
  json_builder_set_member_name (builder, "engagement");
  if (sessio_stats_get_engagement (self->stats) != 0)
    json_builder_add_int_value (builder, sessio_stats_get_engagement (self->stats));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "sources");
  json_builder_add_int_value (builder, sessio_stats_get_n_sources (self->stats));
  json_builder_set_member_name (builder, "threshold");
  json_builder_add_int_value (builder, self->threshold);
  json_builder_set_member_name (builder, "sections");
  json_builder_begin_array (builder);
  for (guint s = 0; s < self->sections->len; s++)
    {
      SessioStatsSection *section = self->sections->pdata[s];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, section->id);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, section->title);
      if (section->description != NULL)
        {
          json_builder_set_member_name (builder, "description");
          json_builder_add_string_value (builder, section->description);
        }
      json_builder_set_member_name (builder, "rows");
      json_builder_begin_array (builder);
      for (guint r = 0; r < section->rows->len; r++)
        json_row (self, builder, section->rows->pdata[r]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "total");
      if (section->total != NULL)
        json_row (self, builder, section->total);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
csv_field (GString    *out,
           const char *text)
{
  /* RFC 4180, and a leading =, +, - or @ defused so that a spreadsheet
   * never runs a label as a formula. */
  g_string_append_c (out, '"');
  if (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@')
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_row (SessioStatsReport        *self,
         GString                  *out,
         const SessioStatsSection *section,
         const SessioStatsRow     *row)
{
  g_autofree char *value = NULL;

  /* Never an empty cell where a figure belongs: a withheld or undefined
   * average reads "–", as on the screen. */
  if (row->kind == SESSIO_STATS_ROW_COUNT)
    value = sessio_stats_report_format_row (self, row);
  else if (row->suppressed || !row->available)
    value = g_strdup ("–");
  else
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      /* A machine-readable number: always a point. */
      value = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.1f",
                                         row->kind == SESSIO_STATS_ROW_HOURS ? row->count / 60.0 : row->value));
    }
  csv_field (out, section->id);
  g_string_append_c (out, ',');
  csv_field (out, row->id);
  g_string_append_c (out, ',');
  csv_field (out, row->label);
  g_string_append_c (out, ',');
  csv_field (out, value);
  g_string_append (out, "\r\n");
}

char *
sessio_stats_report_to_csv (SessioStatsReport *self)
{
  GString *out = g_string_new (NULL);
  char from[11], to[11];
  g_autofree char *period = NULL;
  g_autofree char *note = suppression_note (self);

  sessio_date_to_iso (sessio_stats_get_from (self->stats), from);
  sessio_date_to_iso (sessio_stats_get_to (self->stats), to);
  g_string_append (out, "\"section\",\"row\",\"label\",\"value\"\r\n");
  period = g_strdup_printf ("%s/%s", from, to);
  csv_field (out, "report");
  g_string_append (out, ",\"period\",");
  csv_field (out, _("Period"));
  g_string_append_c (out, ',');
  csv_field (out, period);
  g_string_append (out, "\r\n");
  /* What "<5" and "x" mean, in the file itself: a CSV travels alone. */
  csv_field (out, "report");
  g_string_append (out, ",\"legend\",");
  csv_field (out, _("Legend"));
  g_string_append_c (out, ',');
  csv_field (out, note);
  g_string_append (out, "\r\n");
  for (guint s = 0; s < self->sections->len; s++)
    {
      SessioStatsSection *section = self->sections->pdata[s];

      for (guint r = 0; r < section->rows->len; r++)
        csv_row (self, out, section, section->rows->pdata[r]);
      if (section->total != NULL)
        csv_row (self, out, section, section->total);
    }
  return g_string_free (out, FALSE);
}

static char *
period_text (SessioStatsReport *self)
{
  g_autofree char *from = sessio_format_date (sessio_stats_get_from (self->stats));
  g_autofree char *to = sessio_format_date (sessio_stats_get_to (self->stats));

  /* Translators: the period of a report, e.g. "1 January 2025 to 31 March 2025". */
  return g_strdup_printf (_("%1$s to %2$s"), from, to);
}

/* Which engagement, when one was chosen; NULL for all. */
static char *
engagement_text (SessioStatsReport *self)
{
  gint64 id = sessio_stats_get_engagement (self->stats);
  g_autofree char *number = NULL;

  if (id == 0)
    return NULL;
  number = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  /* Translators: %s is a number, the id of an engagement with a network. */
  return g_strdup_printf (_("Sessions of engagement %s only"), number);
}

static char *
suppression_note (SessioStatsReport *self)
{
  if (self->threshold <= 1)
    return g_strdup (_("Every count is shown: this report is for your own use."));
  return g_strdup_printf (_("Counts from 1 to %u are shown as “<%u”. Counts shown as “x” are hidden so that "
                            "those small counts cannot be worked out from the totals. Zero is shown as 0."),
                          self->threshold - 1, self->threshold);
}

char *
sessio_stats_report_to_text (SessioStatsReport *self)
{
  GString *out = g_string_new (NULL);
  g_autofree char *period = period_text (self);
  g_autofree char *note = suppression_note (self);
  g_autofree char *engagement = engagement_text (self);

  g_string_append_printf (out, "%s\n%s\n", _("Anonymous statistics"), period);
  if (engagement != NULL)
    g_string_append_printf (out, "%s\n", engagement);
  g_string_append_printf (out, "%s\n", note);
  for (guint s = 0; s < self->sections->len; s++)
    {
      SessioStatsSection *section = self->sections->pdata[s];

      g_string_append_printf (out, "\n%s\n", section->title);
      if (section->description != NULL)
        g_string_append_printf (out, "%s\n", section->description);
      for (guint r = 0; r <= section->rows->len; r++)
        {
          SessioStatsRow *row = r < section->rows->len ? section->rows->pdata[r] : section->total;
          g_autofree char *value = NULL;

          if (row == NULL)
            continue;
          value = sessio_stats_report_format_row (self, row);
          if (row->heading != NULL)
            g_string_append_printf (out, " %s\n", row->heading);
          g_string_append_printf (out, "  %s: %s%s%s%s\n", r < section->rows->len ? row->label : _("Total"),
                                  value, row->note ? " (" : "", row->note ? row->note : "", row->note ? ")" : "");
        }
    }
  return g_string_free (out, FALSE);
}

static gboolean
write_text (const char  *path,
            char        *text,
            GError     **error)
{
  g_autofree char *owned = text;

  return sessio_stats_write_file (path, owned, strlen (owned), error);
}

gboolean
sessio_stats_report_write_json (SessioStatsReport  *self,
                                const char         *path,
                                GError            **error)
{
  g_autoptr(JsonNode) root = sessio_stats_report_to_json (self);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return write_text (path, g_strconcat (text, "\n", NULL), error);
}

gboolean
sessio_stats_report_write_csv (SessioStatsReport  *self,
                               const char         *path,
                               GError            **error)
{
  return write_text (path, sessio_stats_report_to_csv (self), error);
}

/* ---------------------------------------------------------------- PDF */

#define MARGIN_PT 56.0
#define VALUE_WIDTH_PT 110.0

typedef struct
{
  cairo_t *cr;
  double   y;
} Doc;

static PangoLayout *
doc_layout (Doc        *doc,
            const char *font,
            const char *text,
            double      width,
            PangoAlignment alignment)
{
  PangoLayout *layout = pango_cairo_create_layout (doc->cr);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
doc_need (Doc    *doc,
          double  height)
{
  if (doc->y + height > SESSIO_A4_HEIGHT_PT - MARGIN_PT)
    {
      cairo_show_page (doc->cr);
      doc->y = MARGIN_PT;
    }
}

static void
doc_text (Doc        *doc,
          const char *font,
          const char *text,
          double      space_after)
{
  g_autoptr(PangoLayout) layout = doc_layout (doc, font, text, SESSIO_A4_WIDTH_PT - 2 * MARGIN_PT,
                                              PANGO_ALIGN_LEFT);
  int height;

  pango_layout_get_size (layout, NULL, &height);
  doc_need (doc, (double) height / PANGO_SCALE);
  cairo_move_to (doc->cr, MARGIN_PT, doc->y);
  pango_cairo_show_layout (doc->cr, layout);
  doc->y += (double) height / PANGO_SCALE + space_after;
}

static void
doc_row (Doc        *doc,
         const char *label,
         const char *value,
         gboolean    bold)
{
  double label_width = SESSIO_A4_WIDTH_PT - 2 * MARGIN_PT - VALUE_WIDTH_PT;
  const char *font = bold ? "Sans Bold 9.5" : "Sans 9.5";
  g_autoptr(PangoLayout) left = doc_layout (doc, font, label, label_width - 12, PANGO_ALIGN_LEFT);
  g_autoptr(PangoLayout) right = doc_layout (doc, font, value, VALUE_WIDTH_PT, PANGO_ALIGN_RIGHT);
  int height;

  pango_layout_get_size (left, NULL, &height);
  doc_need (doc, (double) height / PANGO_SCALE + 4);
  cairo_move_to (doc->cr, MARGIN_PT, doc->y);
  pango_cairo_show_layout (doc->cr, left);
  cairo_move_to (doc->cr, MARGIN_PT + label_width, doc->y);
  pango_cairo_show_layout (doc->cr, right);
  doc->y += (double) height / PANGO_SCALE + 2;
  /* A hairline under each row guides the eye to its number. */
  cairo_set_source_rgb (doc->cr, 0.85, 0.85, 0.85);
  cairo_set_line_width (doc->cr, 0.4);
  cairo_move_to (doc->cr, MARGIN_PT, doc->y);
  cairo_line_to (doc->cr, SESSIO_A4_WIDTH_PT - MARGIN_PT, doc->y);
  cairo_stroke (doc->cr);
  cairo_set_source_rgb (doc->cr, 0, 0, 0);
  doc->y += 2;
}

static cairo_status_t
append_to_string (void                *closure,
                  const unsigned char *data,
                  unsigned int         length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

gboolean
sessio_stats_report_write_pdf (SessioStatsReport  *self,
                               const char         *path,
                               GError            **error)
{
  g_autoptr(GString) bytes = g_string_new (NULL);
  g_autofree char *period = period_text (self);
  g_autofree char *note = suppression_note (self);
  g_autofree char *engagement = engagement_text (self);
  cairo_surface_t *surface;
  cairo_status_t status;
  Doc doc = { NULL, MARGIN_PT };

  /* Rendered into memory first, then written in one go: a half-drawn
   * report never reaches the disk. */
  surface = cairo_pdf_surface_create_for_stream (append_to_string, bytes,
                                                 SESSIO_A4_WIDTH_PT, SESSIO_A4_HEIGHT_PT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Anonymous statistics"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Sessio");
  doc.cr = cairo_create (surface);

  doc_text (&doc, "Sans Bold 18", _("Anonymous statistics"), 4);
  doc_text (&doc, "Sans 11", period, 2);
  if (engagement != NULL)
    doc_text (&doc, "Sans 11", engagement, 2);
  if (sessio_stats_get_n_sources (self->stats) > 1)
    {
      g_autofree char *sources = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "Team report merged from %u file",
                                                               "Team report merged from %u files",
                                                               sessio_stats_get_n_sources (self->stats)),
                                                  sessio_stats_get_n_sources (self->stats));

      doc_text (&doc, "Sans 11", sources, 2);
    }
  doc_text (&doc, "Sans Italic 8.5", note, 10);

  for (guint s = 0; s < self->sections->len; s++)
    {
      SessioStatsSection *section = self->sections->pdata[s];

      /* Keep a heading with at least its first rows. */
      doc_need (&doc, 90);
      doc.y += 6;
      doc_text (&doc, "Sans Bold 12", section->title, 4);
      if (section->description != NULL)
        doc_text (&doc, "Sans Italic 8.5", section->description, 4);
      for (guint r = 0; r < section->rows->len; r++)
        {
          SessioStatsRow *row = section->rows->pdata[r];
          g_autofree char *value = sessio_stats_report_format_row (self, row);
          g_autofree char *label = row->note != NULL ? g_strdup_printf ("%s (%s)", row->label, row->note)
                                                     : g_strdup (row->label);

          if (row->heading != NULL)
            {
              doc_need (&doc, 60);
              doc.y += 4;
              doc_text (&doc, "Sans Bold 10", row->heading, 3);
            }
          doc_row (&doc, label, value, FALSE);
        }
      if (section->total != NULL)
        {
          g_autofree char *value = sessio_stats_report_format_row (self, section->total);

          doc_row (&doc, _("Total"), value, TRUE);
        }
    }

  cairo_show_page (doc.cr);
  cairo_destroy (doc.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                   _("Could not write the statistics: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return sessio_stats_write_file (path, bytes->str, bytes->len, error);
}
