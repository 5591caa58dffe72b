/* sessio-stats.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything about sessions comes from one pass: the evaluations of every
 * trajectory up to the period's end (sessio_patient_store_evaluate_held_each()),
 * the same evaluation the session editor and the invoices use, so that the
 * figures can never disagree with the bills.  From each evaluation entry
 * come what happened (held sessions, attendances, patients, no-shows) and
 * what the convention made of it (without co-payment under every reason,
 * refused for the limit, the treatment average), and the CLB questions.
 * It used to be several SQL passes, one of them a subquery per patient
 * that made the report grow with the square of the data.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sessio-file.h"
#include "sessio-stats.h"

const char * const sessio_stats_models[] = { "clb-salaried", "independent", "organisation-salaried", NULL };
const char * const sessio_stats_locations[] = { "practice", "school", "clb", "boarding-school", "home",
                                                "video", "outreach", NULL };
const char * const sessio_stats_cares[] = { "community", "support", "treatment", "first-line",
                                            "specialised", NULL };
const char * const sessio_stats_free_reasons[] = { "age-23-or-younger", "community", "clb-waiver",
                                                   "first-individual-session", NULL };
const char * const sessio_stats_networks[] = { "youth", "adult", NULL };
const char * const sessio_stats_age_bands[] = { "0-5", "6-11", "12-15", "16-17", "18-23", "24-64",
                                                "65+", "unknown", NULL };
const char * const sessio_stats_per_patient[] = { "1", "2", "3-5", "6-10", "11-20", "21+", NULL };
const char * const sessio_stats_outcomes[] = { "completed", "referred", "stopped", "unknown", NULL };
const char * const sessio_stats_task_kinds[] = { "mdo", "advice", "co-consultation", "expertise",
                                                 "intake-call", "consultation", "admin", "other", NULL };
/* The parliamentary question's locations first (school, boarding school,
 * CLB), then the others with the ids they have everywhere else. */
const char * const sessio_stats_clb_locations[] = { "school", "boarding-school", "clb", "practice", "home",
                                                    "video", "outreach", NULL };

struct _SessioStats
{
  GDate        from;
  GDate        to;
  gint64       engagement_id;
  guint        n_sources;
  int          targets[SESSIO_N_NETWORKS];
  GHashTable  *counts;       /* key → gint64 *, every known key present */
};

/* -------------------------------------------------------------- keys */

static void
add_keys (GPtrArray          *keys,
          const char         *prefix,
          const char * const *ids)
{
  for (guint i = 0; ids[i] != NULL; i++)
    g_ptr_array_add (keys, g_strconcat (prefix, ids[i], NULL));
}

GStrv
sessio_stats_list_clb_domains (void)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  guint n;
  const SessioChoice *domains = sessio_clb_domains (&n);

  for (guint i = 0; i < n; i++)
    g_strv_builder_add (ids, domains[i].id);
  g_strv_builder_add (ids, "unknown");
  return g_strv_builder_end (ids);
}

/* Every key a report of @self has, in a stable order. */
static GPtrArray *
list_keys (SessioStats *self)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  static const char * const scalars[] = {
    "patients", "sessions", "sessions.individual", "sessions.group", "group-participants",
    "attendances", "copay-free", "vulnerable.yes", "vulnerable.no", "refused-limit",
    "outside-other", "no-shows", "ended", NULL
  };
  static const char * const clb_scalars[] = {
    "clb.pupils", "clb.pupils.individual-only", "clb.pupils.group-only", "clb.pupils.both",
    "clb.sessions", "clb.sessions.individual", "clb.sessions.group", "clb.copay-free", NULL
  };
  g_auto(GStrv) months = sessio_stats_list_months (self);
  guint n_segments, n_problems;
  const SessioChoice *segments = sessio_education_segments (&n_segments);
  const SessioChoice *problems = sessio_problem_categories (&n_problems);

  add_keys (keys, "", scalars);
  add_keys (keys, "model.", sessio_stats_models);
  add_keys (keys, "location.", sessio_stats_locations);
  add_keys (keys, "care.", sessio_stats_cares);
  add_keys (keys, "", (const char * const *) months);
  add_keys (keys, "copay-free.", sessio_stats_free_reasons);
  add_keys (keys, "network.", sessio_stats_networks);
  add_keys (keys, "age.", sessio_stats_age_bands);
  for (guint i = 0; i < n_segments; i++)
    g_ptr_array_add (keys, g_strconcat ("segment.", segments[i].id, NULL));
  g_ptr_array_add (keys, g_strdup ("segment.unknown"));
  for (guint i = 0; i < n_problems; i++)
    g_ptr_array_add (keys, g_strconcat ("problem.", problems[i].id, NULL));
  add_keys (keys, "per-patient.", sessio_stats_per_patient);
  for (guint i = 0; sessio_stats_networks[i] != NULL; i++)
    {
      g_ptr_array_add (keys, g_strdup_printf ("treatment.%s.sessions", sessio_stats_networks[i]));
      g_ptr_array_add (keys, g_strdup_printf ("treatment.%s.patients", sessio_stats_networks[i]));
    }
  add_keys (keys, "ended.", sessio_stats_outcomes);
  add_keys (keys, "minutes.", sessio_stats_task_kinds);
  add_keys (keys, "", clb_scalars);
  add_keys (keys, "clb.model.", sessio_stats_models);
  add_keys (keys, "clb.location.", sessio_stats_clb_locations);
  add_keys (keys, "clb.copay-free.", sessio_stats_clb_locations);
  for (guint i = 0; i < n_problems; i++)
    {
      g_ptr_array_add (keys, g_strconcat ("clb.problem.", problems[i].id, NULL));
      g_ptr_array_add (keys, g_strconcat ("clb.problem.", problems[i].id, ".vulnerable", NULL));
    }
  g_ptr_array_add (keys, g_strdup ("clb.attendances"));
  {
    g_auto(GStrv) domains = sessio_stats_list_clb_domains ();

    for (guint i = 0; domains[i] != NULL; i++)
      {
        g_ptr_array_add (keys, g_strconcat ("clb.domain.", domains[i], ".pupils", NULL));
        g_ptr_array_add (keys, g_strconcat ("clb.domain.", domains[i], ".attendances", NULL));
      }
  }
  for (guint i = 0; i <= n_segments; i++)
    {
      const char *segment = i < n_segments ? segments[i].id : "unknown";

      g_ptr_array_add (keys, g_strconcat ("clb.segment.", segment, ".pupils", NULL));
      g_ptr_array_add (keys, g_strconcat ("clb.segment.", segment, ".attendances", NULL));
    }
  return keys;
}

static SessioStats *
stats_new (const GDate *from,
           const GDate *to,
           gint64       engagement_id)
{
  SessioStats *self = g_new0 (SessioStats, 1);
  g_autoptr(GPtrArray) keys = NULL;

  self->from = *from;
  self->to = *to;
  self->engagement_id = engagement_id;
  self->n_sources = 1;
  self->targets[0] = self->targets[1] = -1;
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  keys = list_keys (self);
  for (guint i = 0; i < keys->len; i++)
    g_hash_table_insert (self->counts, g_strdup (keys->pdata[i]), g_new0 (gint64, 1));
  return self;
}

void
sessio_stats_free (SessioStats *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->counts);
  g_free (self);
}

static void
add (SessioStats *self,
     const char  *key,
     gint64       n)
{
  gint64 *value = g_hash_table_lookup (self->counts, key);

  /* Every key is created up front: a miss is a bug, never data. */
  g_return_if_fail (value != NULL);
  *value += n;
}

static void
addf (SessioStats *self,
      gint64       n,
      const char  *format,
      ...) G_GNUC_PRINTF (3, 4);

static void
addf (SessioStats *self,
      gint64       n,
      const char  *format,
      ...)
{
  g_autofree char *key = NULL;
  va_list args;

  va_start (args, format);
  key = g_strdup_vprintf (format, args);
  va_end (args);
  add (self, key, n);
}

static gboolean
is_one_of (const char         *id,
           const char * const *ids)
{
  return id != NULL && g_strv_contains (ids, id);
}

const GDate *
sessio_stats_get_from (SessioStats *self)
{
  return &self->from;
}

const GDate *
sessio_stats_get_to (SessioStats *self)
{
  return &self->to;
}

gint64
sessio_stats_get_engagement (SessioStats *self)
{
  return self->engagement_id;
}

guint
sessio_stats_get_n_sources (SessioStats *self)
{
  return self->n_sources;
}

gint64
sessio_stats_get (SessioStats *self,
                  const char  *key)
{
  gint64 *value = g_hash_table_lookup (self->counts, key);

  return value != NULL ? *value : 0;
}

int
sessio_stats_get_target (SessioStats *self,
                         const char  *network)
{
  SessioNetwork n;

  if (!sessio_network_from_string (network, &n))
    return -1;
  return self->targets[n];
}

GStrv
sessio_stats_list_months (SessioStats *self)
{
  g_autoptr(GStrvBuilder) months = g_strv_builder_new ();
  int year = g_date_get_year (&self->from), month = g_date_get_month (&self->from);
  int last_year = g_date_get_year (&self->to), last_month = g_date_get_month (&self->to);

  /* A period of years has a few dozen months; more is a typing error
   * that the callers refuse before getting here. */
  while (year < last_year || (year == last_year && month <= last_month))
    {
      g_autofree char *key = g_strdup_printf ("month.%04d-%02d", year, month);

      g_strv_builder_add (months, key);
      if (++month > 12)
        {
          month = 1;
          year++;
        }
    }
  return g_strv_builder_end (months);
}

/* ----------------------------------------------------------- periods */

int
sessio_stats_school_year_of (const GDate *day)
{
  g_return_val_if_fail (g_date_valid (day), 0);
  return g_date_get_month (day) >= G_DATE_SEPTEMBER ? g_date_get_year (day) : g_date_get_year (day) - 1;
}

/* @months from the first of @month of @year, up to and including the last
 * day of the last of them. */
static void
months_range (int     year,
              int     month,
              int     months,
              GDate  *from,
              GDate  *to)
{
  g_date_clear (from, 1);
  g_date_set_dmy (from, 1, (GDateMonth) month, (GDateYear) year);
  *to = *from;
  g_date_add_months (to, months);
  g_date_subtract_days (to, 1);
}

void
sessio_stats_period_range (SessioStatsPeriod  period,
                           int                school_year,
                           const GDate       *today,
                           GDate             *from,
                           GDate             *to)
{
  int year, month, quarter_month;

  g_return_if_fail (today != NULL && g_date_valid (today));
  year = g_date_get_year (today);
  month = g_date_get_month (today);
  quarter_month = month - (month - 1) % 3;
  switch (period)
    {
    case SESSIO_STATS_PERIOD_SCHOOL_YEAR:
      months_range (school_year, G_DATE_SEPTEMBER, 12, from, to);
      break;
    case SESSIO_STATS_PERIOD_FIRST_SEMESTER:
      months_range (school_year, G_DATE_SEPTEMBER, 5, from, to);
      break;
    case SESSIO_STATS_PERIOD_SECOND_SEMESTER:
      months_range (school_year + 1, G_DATE_FEBRUARY, 7, from, to);
      break;
    case SESSIO_STATS_PERIOD_THIS_MONTH:
      months_range (year, month, 1, from, to);
      break;
    case SESSIO_STATS_PERIOD_LAST_MONTH:
      months_range (month == 1 ? year - 1 : year, month == 1 ? 12 : month - 1, 1, from, to);
      break;
    case SESSIO_STATS_PERIOD_THIS_QUARTER:
      months_range (year, quarter_month, 3, from, to);
      break;
    case SESSIO_STATS_PERIOD_LAST_QUARTER:
      months_range (quarter_month == 1 ? year - 1 : year, quarter_month == 1 ? 10 : quarter_month - 3, 3, from, to);
      break;
    case SESSIO_STATS_PERIOD_THIS_YEAR:
      months_range (year, G_DATE_JANUARY, 12, from, to);
      break;
    case SESSIO_STATS_PERIOD_LAST_YEAR:
    default:
      months_range (year - 1, G_DATE_JANUARY, 12, from, to);
      break;
    }
}

gboolean
sessio_stats_parse_school_period (const char *text,
                                  gboolean    semester,
                                  GDate      *from,
                                  GDate      *to)
{
  char digits[5];
  guint64 year;

  g_return_val_if_fail (text != NULL, FALSE);
  /* Four digits, then for a semester "-1" or "-2": nothing looser. */
  if (strlen (text) != (semester ? 6 : 4))
    return FALSE;
  memcpy (digits, text, 4);
  digits[4] = '\0';
  if (!g_ascii_isdigit (digits[0]) || !g_ascii_string_to_unsigned (digits, 10, 1900, 9998, &year, NULL))
    return FALSE;
  if (!semester)
    months_range ((int) year, G_DATE_SEPTEMBER, 12, from, to);
  else if (strcmp (text + 4, "-1") == 0)
    months_range ((int) year, G_DATE_SEPTEMBER, 5, from, to);
  else if (strcmp (text + 4, "-2") == 0)
    months_range ((int) year + 1, G_DATE_FEBRUARY, 7, from, to);
  else
    return FALSE;
  return TRUE;
}

/* ----------------------------------------------------------- compute */

static gboolean
read_failed (GError **error)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                       _("The statistics could not be computed from the vault"));
  return FALSE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         const char  *from,
         const char  *to,
         gint64       engagement_id,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_debug ("stats: prepare failed (code %d)", sqlite3_errcode (db));
      read_failed (error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, engagement_id);
  return stmt;
}

/* Tasks of the period and engagement (alias s). */
#define IN_PERIOD "substr (s.starts_at, 1, 10) BETWEEN ?1 AND ?2 AND (?3 = 0 OR s.engagement_id = ?3)"

static const char *
age_band (int age)
{
  if (age < 0)
    return "unknown";
  if (age <= 5)
    return "0-5";
  if (age <= 11)
    return "6-11";
  if (age <= 15)
    return "12-15";
  if (age <= 17)
    return "16-17";
  if (age <= 23)
    return "18-23";
  if (age <= 64)
    return "24-64";
  return "65+";
}

static const char *
per_patient_bucket (gint64 n)
{
  if (n <= 1)
    return "1";
  if (n == 2)
    return "2";
  if (n <= 5)
    return "3-5";
  if (n <= 10)
    return "6-10";
  if (n <= 20)
    return "11-20";
  return "21+";
}

/* An engagement as the counting needs it. */
typedef struct
{
  gint64     *model;          /* "model.*" counter, NULL for a model this version does not know */
  gint64     *clb_model;      /* "clb.model.*" */
  const char *network;        /* "youth", "adult", or NULL when unknown */
  gboolean    clb_salaried;
} Engagement;

/* What is known of one patient of the period while their attendances go
 * by (in any order): the figures are those of the first attendance. */
typedef struct
{
  gint64      n;
  guint32     first;          /* Julian day of the first attendance */
  const char *network;        /* of that attendance's engagement */
  gboolean    clb_individual;
  gboolean    clb_group;
  gboolean    vulnerable;
  guint       clb_domains;    /* bits: the guidance domains of their CLB attendances */
  gint64      clb_n;          /* CLB attendances */
} PatientAcc;

enum
{
  CLB_NOBODY_SEEN = 0,   /* no attendance evaluated yet */
  CLB_FREE        = 1,   /* every attendance so far billable at €0 */
  CLB_PAID        = 2,   /* someone paid, or was not billed through the convention */
};

/* One computation: every counter the hot loop touches is looked up once,
 * so that a session costs a few increments, not a formatted key each. */
typedef struct
{
  SessioStats        *self;
  SessioPatientStore *store;
  guint32             from;            /* Julian days, inclusive */
  guint32             to;
  GHashTable         *engagements;     /* id → Engagement */
  gint64              last_engagement_id;   /* the last one looked up: sessions come in runs */
  const Engagement   *last_engagement;
  GHashTable         *group_sessions;  /* ids of the held group sessions already counted */
  GHashTable         *clb_sessions;    /* held CLB session id → CLB_SESSION (location, state) */
  GHashTable         *patients;        /* patient id → PatientAcc */
  GHashTable         *treatment[SESSIO_N_NETWORKS];  /* patient id → gint64 treatment sessions */
  gint64            **months;          /* by months since the period's first */
  guint               n_months;
  gint64             *location[SESSIO_N_LOCATIONS];
  gint64             *clb_location[SESSIO_N_LOCATIONS];
  gint64             *care[SESSIO_N_CARES];
  gint64             *free_reason[32];
  gint64             *sessions, *individual, *group, *participants, *no_shows;
  gint64             *clb_sessions_total, *clb_individual, *clb_group;
  gint64             *refused, *outside, *copay_free;
  GHashTable         *domains;         /* trajectory id → guidance domain index + 1 */
  guint               n_domains;       /* the last index is "unknown" */
  gint64             *clb_attendances;
  gint64            **domain_attendances;
} Work;

#define CLB_SESSION(location, state) GUINT_TO_POINTER (1 + (guint) (location) * 4 + (guint) (state))
#define CLB_LOCATION(value) ((GPOINTER_TO_UINT (value) - 1) / 4)
#define CLB_STATE(value) ((GPOINTER_TO_UINT (value) - 1) % 4)

static int
index_of (const char         *id,
          const char * const *ids)
{
  for (int i = 0; id != NULL && ids[i] != NULL; i++)
    if (strcmp (ids[i], id) == 0)
      return i;
  return -1;
}

static gint64 *
counter (SessioStats *self,
         const char  *key)
{
  return key != NULL ? g_hash_table_lookup (self->counts, key) : NULL;
}

/* The counter @prefix @id ("location." "school"). */
static gint64 *
counterf (SessioStats *self,
          const char  *prefix,
          const char  *id)
{
  g_autofree char *key = id != NULL ? g_strconcat (prefix, id, NULL) : NULL;

  return counter (self, key);
}

static void
work_init (Work               *work,
           SessioStats        *self,
           SessioPatientStore *store)
{
  g_auto(GStrv) months = sessio_stats_list_months (self);

  work->self = self;
  work->store = store;
  work->from = g_date_get_julian (&self->from);
  work->to = g_date_get_julian (&self->to);
  work->engagements = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  work->group_sessions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  work->clb_sessions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  work->patients = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint n = 0; n < SESSIO_N_NETWORKS; n++)
    work->treatment[n] = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  work->n_months = g_strv_length (months);
  work->months = g_new0 (gint64 *, MAX (work->n_months, 1));
  for (guint m = 0; m < work->n_months; m++)
    work->months[m] = counter (self, months[m]);
  for (guint l = 0; l < SESSIO_N_LOCATIONS; l++)
    {
      work->location[l] = counterf (self, "location.", sessio_location_to_string ((SessioLocation) l));
      work->clb_location[l] = counterf (self, "clb.location.", sessio_location_to_string ((SessioLocation) l));
    }
  for (guint c = 0; c < SESSIO_N_CARES; c++)
    work->care[c] = counterf (self, "care.", sessio_care_to_string ((SessioCare) c));
  for (guint r = 0; r < SESSIO_N_COPAY_REASONS && r < G_N_ELEMENTS (work->free_reason); r++)
    {
      const char *reason = sessio_copay_reason_to_string ((SessioCopayReason) r);

      if (is_one_of (reason, sessio_stats_free_reasons))
        work->free_reason[r] = counterf (self, "copay-free.", reason);
    }
  work->sessions = counter (self, "sessions");
  work->individual = counter (self, "sessions.individual");
  work->group = counter (self, "sessions.group");
  work->participants = counter (self, "group-participants");
  work->no_shows = counter (self, "no-shows");
  work->clb_sessions_total = counter (self, "clb.sessions");
  work->clb_individual = counter (self, "clb.sessions.individual");
  work->clb_group = counter (self, "clb.sessions.group");
  work->clb_attendances = counter (self, "clb.attendances");
  {
    g_auto(GStrv) domains = sessio_stats_list_clb_domains ();

    work->n_domains = g_strv_length (domains);
    work->domain_attendances = g_new0 (gint64 *, work->n_domains);
    for (guint d = 0; d < work->n_domains; d++)
      {
        g_autofree char *key = g_strconcat ("clb.domain.", domains[d], ".attendances", NULL);

        work->domain_attendances[d] = counter (self, key);
      }
  }
  work->domains = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  work->refused = counter (self, "refused-limit");
  work->outside = counter (self, "outside-other");
  work->copay_free = counter (self, "copay-free");
}

static void
work_clear (Work *work)
{
  g_clear_pointer (&work->engagements, g_hash_table_unref);
  g_clear_pointer (&work->group_sessions, g_hash_table_unref);
  g_clear_pointer (&work->clb_sessions, g_hash_table_unref);
  g_clear_pointer (&work->patients, g_hash_table_unref);
  for (guint n = 0; n < SESSIO_N_NETWORKS; n++)
    g_clear_pointer (&work->treatment[n], g_hash_table_unref);
  g_clear_pointer (&work->months, g_free);
  g_clear_pointer (&work->domains, g_hash_table_unref);
  g_clear_pointer (&work->domain_attendances, g_free);
}

static gboolean
read_engagements (Work     *work,
                  sqlite3  *db,
                  GError  **error)
{
  sqlite3_stmt *stmt = prepare (db, "SELECT id, model, network FROM engagement", "", "", 0, error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *model = (const char *) sqlite3_column_text (stmt, 1);
      const char *network = (const char *) sqlite3_column_text (stmt, 2);
      Engagement *engagement = g_new0 (Engagement, 1);

      /* A value a newer Sessio wrote is left out rather than guessed at. */
      if (is_one_of (model, sessio_stats_models))
        {
          engagement->model = counterf (work->self, "model.", model);
          engagement->clb_model = counterf (work->self, "clb.model.", model);
        }
      for (guint n = 0; sessio_stats_networks[n] != NULL; n++)
        if (g_strcmp0 (network, sessio_stats_networks[n]) == 0)
          engagement->network = sessio_stats_networks[n];
      engagement->clb_salaried = g_strcmp0 (model, "clb-salaried") == 0;
      g_hash_table_insert (work->engagements, g_memdup2 (&id, sizeof id), engagement);
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/* The guidance domain of each classified trajectory (setting
 * "clb-domain/<id>", sessio_patient_store_set_trajectory_domain()). */
static gboolean
read_domains (Work     *work,
              sqlite3  *db,
              GError  **error)
{
  g_auto(GStrv) domains = sessio_stats_list_clb_domains ();
  sqlite3_stmt *stmt = prepare (db, "SELECT substr (key, 12), value FROM setting"
                                    " WHERE key >= 'clb-domain/' AND key < 'clb-domain0'", "", "", 0, error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = g_ascii_strtoll ((const char *) sqlite3_column_text (stmt, 0), NULL, 10);
      int d = index_of ((const char *) sqlite3_column_text (stmt, 1), (const char * const *) domains);

      /* "unknown" is what no record says, not a value to store. */
      if (id > 0 && d >= 0 && (guint) d + 1 < work->n_domains)
        g_hash_table_insert (work->domains, g_memdup2 (&id, sizeof id), GINT_TO_POINTER (d + 1));
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/* A held session of the period, counted once (a group session through
 * whichever participant comes first). */
static void
count_session (Work                          *work,
               const SessioSessionEvaluation *entry,
               const Engagement              *engagement,
               gboolean                       clb)
{
  gboolean group = entry->info.setting == SESSIO_SETTING_GROUP;
  guint month = (guint) (g_date_get_year (&entry->info.date) * 12 + g_date_get_month (&entry->info.date)) -
                (guint) (g_date_get_year (&work->self->from) * 12 + g_date_get_month (&work->self->from));

  if (group && !g_hash_table_add (work->group_sessions, g_memdup2 (&entry->session_id, sizeof (gint64))))
    return;
  /* A value a newer Sessio wrote is left out rather than guessed at. */
  if (engagement->model == NULL || work->care[entry->info.care] == NULL)
    return;
  (*work->sessions)++;
  (*(group ? work->group : work->individual))++;
  (*work->location[entry->info.location])++;
  (*work->care[entry->info.care])++;
  (*engagement->model)++;
  if (month < work->n_months)
    (*work->months[month])++;
  if (clb)
    {
      int location = index_of (sessio_location_to_string (entry->info.location), sessio_stats_clb_locations);

      (*work->clb_sessions_total)++;
      (*(group ? work->clb_group : work->clb_individual))++;
      (*engagement->clb_model)++;
      (*work->clb_location[entry->info.location])++;
      g_hash_table_insert (work->clb_sessions, g_memdup2 (&entry->session_id, sizeof (gint64)),
                           CLB_SESSION (location, CLB_NOBODY_SEEN));
    }
}

static void
count_attendance (Work                             *work,
                  const SessioTrajectoryEvaluation *evaluation,
                  const SessioSessionEvaluation    *entry,
                  const Engagement                 *engagement,
                  gboolean                          clb)
{
  PatientAcc *acc = g_hash_table_lookup (work->patients, &evaluation->patient_id);
  guint32 day = g_date_get_julian (&entry->info.date);
  gboolean group = entry->info.setting == SESSIO_SETTING_GROUP;

  if (group)
    (*work->participants)++;
  if (acc == NULL)
    {
      acc = g_new0 (PatientAcc, 1);
      acc->first = G_MAXUINT32;
      g_hash_table_insert (work->patients, g_memdup2 (&evaluation->patient_id, sizeof (gint64)), acc);
    }
  acc->n++;
  if (day < acc->first)
    {
      acc->first = day;
      acc->network = engagement->network;
    }
  if (clb && group)
    acc->clb_group = TRUE;
  else if (clb)
    acc->clb_individual = TRUE;
  if (clb)
    {
      int d = GPOINTER_TO_INT (g_hash_table_lookup (work->domains, &evaluation->trajectory_id)) - 1;
      guint domain = d >= 0 ? (guint) d : work->n_domains - 1;

      (*work->clb_attendances)++;
      (*work->domain_attendances[domain])++;
      acc->clb_domains |= 1u << domain;
      acc->clb_n++;
    }
}

/* Whether a held session saved outside the convention would have been
 * over the limit: the billable sessions of its care type and setting in
 * its rolling window, plus itself, against the limit of its date.  This is
 * what the engine would have said had it been saved inside (RULES.md,
 * "Rolling window"); billable sessions of the same day count as before it,
 * since it was refused after them. */
static gboolean
over_limit (SessioPatientStore               *store,
            const SessioTrajectoryEvaluation *evaluation,
            const SessioSessionEvaluation    *entry)
{
  SessioRuleSet *set = sessio_rules_lookup (sessio_patient_store_get_rules (store), &entry->info.date);
  GDate start;
  int limit, count = 1;

  if (set == NULL)
    return FALSE;
  limit = sessio_rule_set_get_limit (set, evaluation->trajectory.network, entry->info.care, entry->info.setting);
  if (limit < 0)
    return FALSE;
  sessio_window_start (&entry->info.date, &start);
  for (guint i = 0; i < evaluation->sessions->len; i++)
    {
      const SessioSessionEvaluation *other = &g_array_index (evaluation->sessions, SessioSessionEvaluation, i);

      if (other->result.billable && other->info.care == entry->info.care &&
          other->info.setting == entry->info.setting &&
          g_date_compare (&other->info.date, &start) >= 0 &&
          g_date_compare (&other->info.date, &entry->info.date) <= 0)
        count++;
    }
  return count > limit;
}

/* A CLB session's attendance: free only if billed through the
 * convention at €0. */
static void
note_clb_attendance (Work                          *work,
                     const SessioSessionEvaluation *entry)
{
  gpointer value;
  gboolean free = !entry->outside_convention && entry->result.billable && entry->result.copay_cents == 0;

  if (!g_hash_table_lookup_extended (work->clb_sessions, &entry->session_id, NULL, &value))
    return;
  if (CLB_STATE (value) == CLB_PAID || (CLB_STATE (value) == CLB_FREE && free))
    return;
  g_hash_table_insert (work->clb_sessions, g_memdup2 (&entry->session_id, sizeof (gint64)),
                       CLB_SESSION (CLB_LOCATION (value), free ? CLB_FREE : CLB_PAID));
}

/* What the convention makes of an attendance: outside it, refused for the
 * limit, without co-payment (under every reason), treatment. */
static void
count_convention (Work                             *work,
                  const SessioTrajectoryEvaluation *evaluation,
                  const SessioSessionEvaluation    *entry)
{
  const SessioEvalResult *result = &entry->result;

  note_clb_attendance (work, entry);
  if (entry->outside_convention)
    {
      (*(over_limit (work->store, evaluation, entry) ? work->refused : work->outside))++;
      return;
    }
  /* Sessions from before these rules existed in the store could still be
   * over the limit: never billed, so refused too. */
  if (result->warnings & SESSIO_EVAL_WARNING_LIMIT_REACHED)
    {
      (*work->refused)++;
      return;
    }
  if (!result->billable)
    return;

  if (result->copay_cents == 0 && (guint) result->copay_reason < G_N_ELEMENTS (work->free_reason) &&
      work->free_reason[result->copay_reason] != NULL)
    {
      /* One attendance, counted under every reason that makes it free:
       * the CLB waiver shows beside the age exemption. */
      (*work->copay_free)++;
      for (guint r = 0; r < G_N_ELEMENTS (work->free_reason); r++)
        if ((result->free_reasons & (1u << r)) && work->free_reason[r] != NULL)
          (*work->free_reason[r])++;
    }
  if (entry->info.care == SESSIO_CARE_TREATMENT && entry->info.setting == SESSIO_SETTING_INDIVIDUAL)
    {
      GHashTable *table = work->treatment[evaluation->trajectory.network];
      gint64 *count = g_hash_table_lookup (table, &evaluation->patient_id);

      if (count == NULL)
        {
          count = g_new0 (gint64, 1);
          g_hash_table_insert (table, g_memdup2 (&evaluation->patient_id, sizeof (gint64)), count);
        }
      (*count)++;
    }
}

/* Everything about sessions comes from the evaluations of every
 * trajectory, read in one pass over the sessions up to the end of the
 * period (sessio_patient_store_evaluate_held_each()): what happened (held
 * sessions, attendances, no-shows) and what the convention made of it. */
static gboolean
count_trajectory (SessioTrajectoryEvaluation  *evaluation,
                  gpointer                     user_data,
                  GError                     **error)
{
  Work *work = user_data;
  SessioStats *self = work->self;

  for (guint i = 0; i < evaluation->sessions->len; i++)
    {
      const SessioSessionEvaluation *entry = &g_array_index (evaluation->sessions, SessioSessionEvaluation, i);
      guint32 day = g_date_get_julian (&entry->info.date);
      const Engagement *engagement;
      gboolean group, clb;

      if (day < work->from || day > work->to ||
          (self->engagement_id != 0 && entry->engagement_id != self->engagement_id))
        continue;
      if (work->last_engagement == NULL || work->last_engagement_id != entry->engagement_id)
        {
          work->last_engagement = g_hash_table_lookup (work->engagements, &entry->engagement_id);
          work->last_engagement_id = entry->engagement_id;
        }
      engagement = work->last_engagement;
      if (engagement == NULL)
        continue;
      group = entry->info.setting == SESSIO_SETTING_GROUP;
      clb = entry->info.context == SESSIO_CONTEXT_CLB || engagement->clb_salaried;

      if ((group ? entry->session_status : entry->info.status) == SESSIO_STATUS_HELD)
        count_session (work, entry, engagement, clb);
      /* Per person: a group participant who did not come, or everyone of
       * a group session missed as a whole, is a missed appointment too. */
      if (entry->info.status == SESSIO_STATUS_NO_SHOW)
        (*work->no_shows)++;
      /* Held: an individual session, or a participant who came to a held
       * group session (the participant's status is only read when the
       * session itself was held). */
      if (entry->info.status == SESSIO_STATUS_HELD)
        {
          count_attendance (work, evaluation, entry, engagement, clb);
          count_convention (work, evaluation, entry);
        }
    }
  return TRUE;
}

/* The patients of the period, each once, as at their first attendance;
 * then their problems. */
static gboolean
count_patients (Work     *work,
                sqlite3  *db,
                GError  **error)
{
  SessioStats *self = work->self;
  g_autoptr(GHashTable) segment_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) domains = sessio_stats_list_clb_domains ();
  guint n_segments;
  const SessioChoice *segments = sessio_education_segments (&n_segments);
  sqlite3_stmt *stmt;

  for (guint i = 0; i < n_segments; i++)
    g_hash_table_insert (segment_keys, g_strdup (segments[i].id), counterf (self, "segment.", segments[i].id));

  /* A table of people, not of sessions: read whole, those not seen in the
   * period skipped. */
  stmt = prepare (db, "SELECT id, birth_date, education_segment, vulnerable FROM patient", "", "", 0, error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      PatientAcc *acc = g_hash_table_lookup (work->patients, &id);
      const char *segment = (const char *) sqlite3_column_text (stmt, 2);
      gint64 *segment_counter;
      GDate first, birth;
      int age = -1;

      if (acc == NULL)
        continue;
      g_date_clear (&birth, 1);
      g_date_clear (&first, 1);
      g_date_set_julian (&first, acc->first);
      if (sessio_date_parse_iso ((const char *) sqlite3_column_text (stmt, 1), &birth))
        age = sessio_age_on (&birth, &first);
      acc->vulnerable = sqlite3_column_int (stmt, 3) != 0;
      segment_counter = segment != NULL ? g_hash_table_lookup (segment_keys, segment) : NULL;

      add (self, "patients", 1);
      add (self, acc->vulnerable ? "vulnerable.yes" : "vulnerable.no", 1);
      addf (self, 1, "network.%s", acc->network != NULL ? acc->network : "youth");
      addf (self, 1, "age.%s", age_band (age));
      if (segment_counter != NULL)
        (*segment_counter)++;
      else
        add (self, "segment.unknown", 1);
      addf (self, 1, "per-patient.%s", per_patient_bucket (acc->n));
      if (acc->clb_individual || acc->clb_group)
        {
          add (self, "clb.pupils", 1);
          add (self, !acc->clb_group ? "clb.pupils.individual-only" :
                     !acc->clb_individual ? "clb.pupils.group-only" : "clb.pupils.both", 1);
          /* A pupil with trajectories in two domains counts in both. */
          for (guint d = 0; domains[d] != NULL; d++)
            if (acc->clb_domains & (1u << d))
              {
                g_autofree char *key = g_strconcat ("clb.domain.", domains[d], ".pupils", NULL);

                add (self, key, 1);
              }
          {
            g_autofree char *pupils = g_strconcat ("clb.segment.", segment_counter != NULL ? segment : "unknown",
                                                   ".pupils", NULL);
            g_autofree char *attendances = g_strconcat ("clb.segment.", segment_counter != NULL ? segment : "unknown",
                                                        ".attendances", NULL);

            add (self, pupils, 1);
            add (self, attendances, acc->clb_n);
          }
        }
    }
  sqlite3_finalize (stmt);

  stmt = prepare (db, "SELECT patient_id, category FROM patient_problem", "", "", 0, error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      PatientAcc *acc = g_hash_table_lookup (work->patients, &id);
      const char *category = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *key = NULL;

      if (acc == NULL)
        continue;
      key = g_strconcat ("problem.", category, NULL);
      /* A category a newer Sessio wrote is left out. */
      if (!g_hash_table_contains (self->counts, key))
        continue;
      add (self, key, 1);
      if (acc->clb_individual || acc->clb_group)
        {
          addf (self, 1, "clb.problem.%s", category);
          if (acc->vulnerable)
            addf (self, 1, "clb.problem.%s.vulnerable", category);
        }
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/* The trajectories whose file is not closed: closing a file restricts
 * its processing, so its sessions leave the statistics until it is
 * reopened (docs/patient-erasure.md). */
static GArray *
read_open_trajectories (sqlite3  *db,
                        GError  **error)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT t.id FROM trajectory t JOIN patient p ON p.id = t.patient_id"
                              " WHERE p.closed_at IS NULL ORDER BY t.id", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_array_unref (ids);
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED, _("The statistics cannot be read"));
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  return ids;
}

static gboolean
count_all (SessioStats        *self,
           SessioPatientStore *store,
           sqlite3            *db,
           GError            **error)
{
  Work work = { NULL };
  g_autoptr(GArray) open_trajectories = NULL;
  gboolean ok;

  work_init (&work, self, store);
  ok = read_engagements (&work, db, error) && read_domains (&work, db, error) &&
       (open_trajectories = read_open_trajectories (db, error)) != NULL &&
       /* None open: NULL would mean every trajectory. */
       (open_trajectories->len == 0 ||
        sessio_patient_store_evaluate_held_each (store, (const gint64 *) (gpointer) open_trajectories->data,
                                                 open_trajectories->len, &self->to, count_trajectory, &work,
                                                 error)) &&
       count_patients (&work, db, error);
  if (ok)
    {
      GHashTableIter iter;
      gpointer value;

      add (self, "attendances", sessio_stats_get (self, "sessions.individual") +
                                sessio_stats_get (self, "group-participants"));
      g_hash_table_iter_init (&iter, work.clb_sessions);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (CLB_STATE (value) == CLB_FREE)
          {
            add (self, "clb.copay-free", 1);
            addf (self, 1, "clb.copay-free.%s", sessio_stats_clb_locations[CLB_LOCATION (value)]);
          }
      for (guint n = 0; n < SESSIO_N_NETWORKS; n++)
        {
          g_hash_table_iter_init (&iter, work.treatment[n]);
          while (g_hash_table_iter_next (&iter, NULL, &value))
            {
              addf (self, 1, "treatment.%s.patients", sessio_stats_networks[n]);
              addf (self, *(gint64 *) value, "treatment.%s.sessions", sessio_stats_networks[n]);
            }
        }
    }
  work_clear (&work);
  return ok;
}

static gboolean
count_other (SessioStats *self,
             sqlite3     *db,
             const char  *from,
             const char  *to,
             GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (db, "SELECT t.outcome, count (*) FROM trajectory t"
                      " WHERE t.end_date BETWEEN ?1 AND ?2 AND (?3 = 0 OR t.engagement_id = ?3)"
                      " GROUP BY t.outcome",
                  from, to, self->engagement_id, error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *outcome = (const char *) sqlite3_column_text (stmt, 0);

      add (self, "ended", sqlite3_column_int64 (stmt, 1));
      addf (self, sqlite3_column_int64 (stmt, 1), "ended.%s",
            is_one_of (outcome, sessio_stats_outcomes) ? outcome : "unknown");
    }
  sqlite3_finalize (stmt);

  stmt = prepare (db, "SELECT s.kind, sum (s.duration_min) FROM task s WHERE " IN_PERIOD " GROUP BY s.kind",
                  from, to, self->engagement_id, error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (stmt, 0);

      if (is_one_of (kind, sessio_stats_task_kinds))
        addf (self, sqlite3_column_int64 (stmt, 1), "minutes.%s", kind);
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static void
set_targets (SessioStats *self,
             SessioRules *rules)
{
  SessioRuleSet *set = rules != NULL ? sessio_rules_lookup (rules, &self->to) : NULL;

  for (guint n = 0; n < SESSIO_N_NETWORKS; n++)
    self->targets[n] = set != NULL ? sessio_rule_set_get_network_target (set, (SessioNetwork) n) : -1;
}

static gboolean
check_period (const GDate  *from,
              const GDate  *to,
              GError      **error)
{
  if (!g_date_valid (from) || !g_date_valid (to) || g_date_compare (from, to) > 0)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The period must run from a date to the same or a later date"));
      return FALSE;
    }
  /* Months are listed one by one: keep a typing error (year 20250)
   * from making a report of a million rows. */
  if (g_date_get_year (to) - g_date_get_year (from) > 50)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The period may span at most 50 years"));
      return FALSE;
    }
  return TRUE;
}

SessioStats *
sessio_stats_compute (SessioPatientStore  *store,
                      const GDate         *from,
                      const GDate         *to,
                      gint64               engagement_id,
                      GError             **error)
{
  g_autoptr(SessioStats) self = NULL;
  sqlite3 *db;
  char from_text[11], to_text[11];

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (store), NULL);

  if (!check_period (from, to, error))
    return NULL;
  db = sessio_patient_store_get_db (store, error);
  if (db == NULL)
    return NULL;
  if (engagement_id != 0)
    {
      SessioEngagement engagement = { 0 };

      if (!sessio_patient_store_get_engagement (store, engagement_id, &engagement, error))
        return NULL;
      sessio_engagement_clear (&engagement);
    }

  sessio_date_to_iso (from, from_text);
  sessio_date_to_iso (to, to_text);
  self = stats_new (from, to, engagement_id);
  if (!count_all (self, store, db, error) || !count_other (self, db, from_text, to_text, error))
    return NULL;
  set_targets (self, sessio_patient_store_get_rules (store));
  return g_steal_pointer (&self);
}

/* --------------------------------------------------- anonymous file */

JsonNode *
sessio_stats_to_anon_json (SessioStats *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) keys = list_keys (self);
  char from[11], to[11];

  sessio_date_to_iso (&self->from, from);
  sessio_date_to_iso (&self->to, to);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, SESSIO_STATS_ANON_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, SESSIO_STATS_ANON_VERSION);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, from);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to);
  json_builder_set_member_name (builder, "sources");
  json_builder_add_int_value (builder, self->n_sources);
  json_builder_set_member_name (builder, "targets");
  json_builder_begin_object (builder);
  for (guint n = 0; n < SESSIO_N_NETWORKS; n++)
    {
      json_builder_set_member_name (builder, sessio_stats_networks[n]);
      if (self->targets[n] >= 0)
        json_builder_add_int_value (builder, self->targets[n]);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (guint i = 0; i < keys->len; i++)
    {
      json_builder_set_member_name (builder, keys->pdata[i]);
      json_builder_add_int_value (builder, sessio_stats_get (self, keys->pdata[i]));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

gboolean
sessio_stats_write_file (const char  *path,
                         const char  *data,
                         gsize        length,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  /* The one private-file writer: 0600, atomic, synced. */
  if (sessio_file_write_private (path, data, length, &local_error))
    return TRUE;
  g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
               _("Could not write the statistics: %s"), local_error->message);
  return FALSE;
}

gboolean
sessio_stats_write_anon (SessioStats  *self,
                         const char   *path,
                         GError      **error)
{
  g_autoptr(JsonNode) root = sessio_stats_to_anon_json (self);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  g_autofree char *with_newline = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  with_newline = g_strconcat (text, "\n", NULL);
  return sessio_stats_write_file (path, with_newline, strlen (with_newline), error);
}

static gboolean
not_anon (GError **error)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                       _("This is not a Sessio anonymous statistics file"));
  return FALSE;
}

static gboolean
read_date (JsonObject *object,
           const char *member,
           GDate      *date)
{
  JsonNode *node = json_object_get_member (object, member);

  g_date_clear (date, 1);
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
         sessio_date_parse_iso (json_node_get_string (node), date);
}

static gboolean
is_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

SessioStats *
sessio_stats_new_from_anon (const char  *data,
                            gssize       length,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SessioStats) self = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *root, *counts, *targets;
  JsonNode *node;
  GDate from, to;

  if (!json_parser_load_from_data (parser, data, length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return not_anon (error), NULL;
  root = json_node_get_object (json_parser_get_root (parser));

  node = json_object_get_member (root, "format");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      g_strcmp0 (json_node_get_string (node), SESSIO_STATS_ANON_FORMAT) != 0)
    return not_anon (error), NULL;
  node = json_object_get_member (root, "version");
  if (!is_int (node))
    return not_anon (error), NULL;
  if (json_node_get_int (node) > SESSIO_STATS_ANON_VERSION)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("This statistics file was written by a newer version of Sessio: update Sessio to read it"));
      return NULL;
    }
  if (json_node_get_int (node) < 1)
    return not_anon (error), NULL;
  if (json_node_get_int (node) < SESSIO_STATS_ANON_VERSION)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("This statistics file was written by an older version of Sessio: export it again "
                             "with this version"));
      return NULL;
    }

  /* Only the members we know: a file that carries anything else is not
   * ours, and we will not pass on what we cannot vouch for. */
  members = json_object_get_members (root);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains ((const char * const[]) { "format", "version", "from", "to", "sources",
                                                   "targets", "counts", NULL }, l->data))
      return not_anon (error), NULL;

  if (!read_date (root, "from", &from) || !read_date (root, "to", &to) || !check_period (&from, &to, NULL))
    return not_anon (error), NULL;
  self = stats_new (&from, &to, 0);

  node = json_object_get_member (root, "sources");
  if (!is_int (node) || json_node_get_int (node) < 1 || json_node_get_int (node) > G_MAXUINT16)
    return not_anon (error), NULL;
  self->n_sources = (guint) json_node_get_int (node);

  node = json_object_get_member (root, "targets");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return not_anon (error), NULL;
  targets = json_node_get_object (node);
  if (json_object_get_size (targets) != SESSIO_N_NETWORKS)
    return not_anon (error), NULL;
  for (guint n = 0; n < SESSIO_N_NETWORKS; n++)
    {
      node = json_object_get_member (targets, sessio_stats_networks[n]);
      if (node != NULL && JSON_NODE_HOLDS_NULL (node))
        self->targets[n] = -1;
      else if (is_int (node) && json_node_get_int (node) >= 0 && json_node_get_int (node) < 1000)
        self->targets[n] = (int) json_node_get_int (node);
      else
        return not_anon (error), NULL;
    }

  node = json_object_get_member (root, "counts");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return not_anon (error), NULL;
  counts = json_node_get_object (node);
  g_clear_pointer (&members, g_list_free);
  members = json_object_get_members (counts);
  for (GList *l = members; l != NULL; l = l->next)
    {
      gint64 *value = g_hash_table_lookup (self->counts, l->data);

      node = json_object_get_member (counts, l->data);
      if (value == NULL || !is_int (node) || json_node_get_int (node) < 0 ||
          json_node_get_int (node) > G_MAXINT32)
        return not_anon (error), NULL;
      *value = json_node_get_int (node);
    }
  return g_steal_pointer (&self);
}

SessioStats *
sessio_stats_load_anon (const char  *path,
                        GError     **error)
{
  g_autofree char *data = NULL;
  gsize length;

  if (!g_file_get_contents (path, &data, &length, NULL))
    {
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND,
                   _("Could not read the statistics file %s"), path);
      return NULL;
    }
  return sessio_stats_new_from_anon (data, (gssize) length, error);
}

SessioStats *
sessio_stats_merge (SessioStats * const *parts,
                    guint                n_parts,
                    GError             **error)
{
  g_autoptr(SessioStats) self = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (n_parts == 0)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("Give at least one statistics file to merge"));
      return NULL;
    }
  /* Adding up different periods would give figures of no period at all. */
  for (guint i = 1; i < n_parts; i++)
    if (g_date_compare (&parts[i]->from, &parts[0]->from) != 0 ||
        g_date_compare (&parts[i]->to, &parts[0]->to) != 0)
      {
        g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                             _("The statistics files cover different periods: export them all for the same period"));
        return NULL;
      }

  self = stats_new (&parts[0]->from, &parts[0]->to, 0);
  self->n_sources = 0;
  for (guint n = 0; n < SESSIO_N_NETWORKS; n++)
    self->targets[n] = parts[0]->targets[n];
  for (guint i = 0; i < n_parts; i++)
    {
      self->n_sources += parts[i]->n_sources;
      g_hash_table_iter_init (&iter, parts[i]->counts);
      while (g_hash_table_iter_next (&iter, &key, &value))
        add (self, key, *(gint64 *) value);
    }
  return g_steal_pointer (&self);
}
