/* sessio-stats.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Counting is done in two ways on purpose: what happened (held sessions,
 * attendances, patients, no-shows) straight from SQL, and what the
 * convention makes of it (without co-payment, refused for the limit, the
 * treatment average) from the same evaluation the session editor and the
 * invoices use, so that the figures can never disagree with the bills.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

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

/* Sessions of the period and engagement (alias s). */
#define IN_PERIOD "substr (s.starts_at, 1, 10) BETWEEN ?1 AND ?2 AND (?3 = 0 OR s.engagement_id = ?3)"

/* Attendances: a held individual session, or a participant who came to a
 * held group session. */
/* A session organised with a CLB: in the CLB context, or held by a
 * psychologist the CLB employs (alias s, engagement e). */
#define IS_CLB "(s.context = 'clb' OR e.model = 'clb-salaried')"

#define ATTENDANCES \
  "WITH att (pid, tid, day, network, grp, clb) AS (" \
  "  SELECT t.patient_id, t.id, substr (s.starts_at, 1, 10), e.network, 0, " IS_CLB " FROM session s" \
  "  JOIN trajectory t ON t.id = s.trajectory_id JOIN engagement e ON e.id = s.engagement_id" \
  "  WHERE s.setting = 'individual' AND s.status = 'held' AND " IN_PERIOD \
  "  UNION ALL" \
  "  SELECT t.patient_id, t.id, substr (s.starts_at, 1, 10), e.network, 1, " IS_CLB " FROM group_participant g" \
  "  JOIN session s ON s.id = g.session_id JOIN trajectory t ON t.id = g.trajectory_id" \
  "  JOIN engagement e ON e.id = s.engagement_id" \
  "  WHERE s.setting = 'group' AND s.status = 'held' AND g.status = 'held' AND " IN_PERIOD ") "

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

/* What one computation carries between its steps. */
typedef struct
{
  /* Held CLB sessions of the period: session id → CLB_SESSION (location,
   * co-payment state), to find those for which nobody paid. */
  GHashTable *clb_sessions;
} Work;

enum
{
  CLB_NOBODY_SEEN = 0,   /* no attendance evaluated yet */
  CLB_FREE        = 1,   /* every attendance so far billable at €0 */
  CLB_PAID        = 2,   /* someone paid, or was not billed through the convention */
};

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

static gboolean
count_sessions (SessioStats *self,
                Work        *work,
                sqlite3     *db,
                const char  *from,
                const char  *to,
                GError     **error)
{
  sqlite3_stmt *stmt;

  /* Held sessions, a group session once. */
  stmt = prepare (db, "SELECT s.setting, s.location, s.care_type, e.model, substr (s.starts_at, 1, 7),"
                      "  s.id, " IS_CLB
                      " FROM session s JOIN engagement e ON e.id = s.engagement_id"
                      " WHERE s.status = 'held' AND " IN_PERIOD,
                  from, to, self->engagement_id, error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *setting = (const char *) sqlite3_column_text (stmt, 0);
      const char *location = (const char *) sqlite3_column_text (stmt, 1);
      const char *care = (const char *) sqlite3_column_text (stmt, 2);
      const char *model = (const char *) sqlite3_column_text (stmt, 3);
      const char *month = (const char *) sqlite3_column_text (stmt, 4);
      gboolean group = g_strcmp0 (setting, "group") == 0;

      /* A value a newer Sessio wrote is left out rather than guessed at. */
      if (!is_one_of (location, sessio_stats_locations) || !is_one_of (care, sessio_stats_cares) ||
          !is_one_of (model, sessio_stats_models))
        continue;
      add (self, "sessions", 1);
      add (self, group ? "sessions.group" : "sessions.individual", 1);
      addf (self, 1, "location.%s", location);
      addf (self, 1, "care.%s", care);
      addf (self, 1, "model.%s", model);
      addf (self, 1, "month.%s", month);

      if (sqlite3_column_int (stmt, 6))
        {
          gint64 id = sqlite3_column_int64 (stmt, 5);

          add (self, "clb.sessions", 1);
          add (self, group ? "clb.sessions.group" : "clb.sessions.individual", 1);
          addf (self, 1, "clb.model.%s", model);
          addf (self, 1, "clb.location.%s", location);
          g_hash_table_insert (work->clb_sessions, g_memdup2 (&id, sizeof id),
                               CLB_SESSION (index_of (location, sessio_stats_clb_locations), CLB_NOBODY_SEEN));
        }
    }
  sqlite3_finalize (stmt);

  stmt = prepare (db, "SELECT count (*) FROM group_participant g JOIN session s ON s.id = g.session_id"
                      " WHERE s.setting = 'group' AND s.status = 'held' AND g.status = 'held' AND " IN_PERIOD,
                  from, to, self->engagement_id, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    add (self, "group-participants", sqlite3_column_int64 (stmt, 0));
  sqlite3_finalize (stmt);
  add (self, "attendances", sessio_stats_get (self, "sessions.individual") +
                            sessio_stats_get (self, "group-participants"));

  /* Missed appointments: per person, in a group too. */
  stmt = prepare (db, "SELECT (SELECT count (*) FROM session s WHERE s.setting = 'individual'"
                      "   AND s.status = 'no-show' AND " IN_PERIOD ")"
                      " + (SELECT count (*) FROM group_participant g JOIN session s ON s.id = g.session_id"
                      "   WHERE ((s.status = 'held' AND g.status = 'no-show') OR s.status = 'no-show')"
                      "   AND " IN_PERIOD ")",
                  from, to, self->engagement_id, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    add (self, "no-shows", sqlite3_column_int64 (stmt, 0));
  sqlite3_finalize (stmt);
  return TRUE;
}

/* What is known of one patient of the period while their attendances go
 * by, in date order. */
typedef struct
{
  gint64      id;
  gint64      n;
  char        first_day[11];
  char       *network;
  char       *birth;
  char       *segment;
  gboolean    vulnerable;
  gboolean    clb_individual;
  gboolean    clb_group;
} PatientAcc;

static void
patient_flush (SessioStats *self,
               PatientAcc  *acc,
               GHashTable  *clb_pupils)
{
  guint n_segments;
  const SessioChoice *segments = sessio_education_segments (&n_segments);
  gboolean known_segment = FALSE;
  GDate first, birth;
  int age = -1;

  if (acc->n == 0)
    return;
  g_date_clear (&first, 1);
  g_date_clear (&birth, 1);
  if (sessio_date_parse_iso (acc->first_day, &first) && acc->birth != NULL &&
      sessio_date_parse_iso (acc->birth, &birth))
    age = sessio_age_on (&birth, &first);
  for (guint i = 0; i < n_segments; i++)
    known_segment |= g_strcmp0 (acc->segment, segments[i].id) == 0;

  add (self, "patients", 1);
  add (self, acc->vulnerable ? "vulnerable.yes" : "vulnerable.no", 1);
  addf (self, 1, "network.%s", is_one_of (acc->network, sessio_stats_networks) ? acc->network : "youth");
  addf (self, 1, "age.%s", age_band (age));
  addf (self, 1, "segment.%s", known_segment ? acc->segment : "unknown");
  addf (self, 1, "per-patient.%s", per_patient_bucket (acc->n));

  if (acc->clb_individual || acc->clb_group)
    {
      add (self, "clb.pupils", 1);
      add (self, !acc->clb_group ? "clb.pupils.individual-only" :
                 !acc->clb_individual ? "clb.pupils.group-only" : "clb.pupils.both", 1);
      g_hash_table_insert (clb_pupils, g_memdup2 (&acc->id, sizeof acc->id), GINT_TO_POINTER (acc->vulnerable));
    }

  g_clear_pointer (&acc->network, g_free);
  g_clear_pointer (&acc->birth, g_free);
  g_clear_pointer (&acc->segment, g_free);
  acc->n = 0;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static gboolean
count_patients (SessioStats *self,
                sqlite3     *db,
                const char  *from,
                const char  *to,
                GError     **error)
{
  g_autoptr(GHashTable) clb_pupils = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  PatientAcc acc = { 0 };
  sqlite3_stmt *stmt;

  /* One pass over the period's attendances in patient and date order:
   * each patient's figures are those of their first attendance.  (A
   * subquery per patient for that first attendance made the report grow
   * with the square of the data: docs/benchmarks.md.) */
  stmt = prepare (db, ATTENDANCES
                  "SELECT a.pid, a.day, a.network, a.grp, a.clb, p.birth_date, p.education_segment, p.vulnerable"
                  " FROM att a JOIN patient p ON p.id = a.pid ORDER BY a.pid, a.day",
                  from, to, self->engagement_id, error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 pid = sqlite3_column_int64 (stmt, 0);

      if (acc.n == 0 || acc.id != pid)
        {
          patient_flush (self, &acc, clb_pupils);
          acc.id = pid;
          g_strlcpy (acc.first_day, (const char *) sqlite3_column_text (stmt, 1), sizeof acc.first_day);
          acc.network = column_dup (stmt, 2);
          acc.birth = column_dup (stmt, 5);
          acc.segment = column_dup (stmt, 6);
          acc.vulnerable = sqlite3_column_int (stmt, 7) != 0;
          acc.clb_individual = acc.clb_group = FALSE;
        }
      acc.n++;
      if (sqlite3_column_int (stmt, 4))
        {
          if (sqlite3_column_int (stmt, 3))
            acc.clb_group = TRUE;
          else
            acc.clb_individual = TRUE;
        }
    }
  sqlite3_finalize (stmt);
  patient_flush (self, &acc, clb_pupils);

  stmt = prepare (db, ATTENDANCES
                  "SELECT q.patient_id, q.category FROM patient_problem q"
                  " WHERE q.patient_id IN (SELECT pid FROM att)",
                  from, to, self->engagement_id, error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 pid = sqlite3_column_int64 (stmt, 0);
      const char *category = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *key = g_strconcat ("problem.", category, NULL);
      gpointer vulnerable;

      /* A category a newer Sessio wrote is left out. */
      if (!g_hash_table_contains (self->counts, key))
        continue;
      add (self, key, 1);
      if (g_hash_table_lookup_extended (clb_pupils, &pid, NULL, &vulnerable))
        {
          addf (self, 1, "clb.problem.%s", category);
          if (GPOINTER_TO_INT (vulnerable))
            addf (self, 1, "clb.problem.%s.vulnerable", category);
        }
    }
  sqlite3_finalize (stmt);
  return TRUE;
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
  gpointer key, value;
  gboolean free = !entry->outside_convention && entry->result.billable && entry->result.copay_cents == 0;

  if (!g_hash_table_lookup_extended (work->clb_sessions, &entry->session_id, &key, &value))
    return;
  if (CLB_STATE (value) == CLB_PAID || (CLB_STATE (value) == CLB_FREE && free))
    return;
  g_hash_table_insert (work->clb_sessions, g_memdup2 (&entry->session_id, sizeof (gint64)),
                       CLB_SESSION (CLB_LOCATION (value), free ? CLB_FREE : CLB_PAID));
}

typedef struct
{
  SessioStats        *self;
  Work               *work;
  SessioPatientStore *store;
  GArray             *trajectories;   /* (trajectory id, patient id) pairs, in the order evaluated */
  guint               next;
  GHashTable         *treatment[SESSIO_N_NETWORKS];
} Convention;

static gboolean
convention_one (SessioTrajectoryEvaluation  *evaluation,
                gpointer                     user_data,
                GError                     **error)
{
  Convention *c = user_data;
  SessioStats *self = c->self;
  const gint64 *pair = &g_array_index (c->trajectories, gint64, 2 * c->next++);

  for (guint i = 0; i < evaluation->sessions->len; i++)
    {
      const SessioSessionEvaluation *entry = &g_array_index (evaluation->sessions, SessioSessionEvaluation, i);
      const SessioEvalResult *result = &entry->result;
      const char *reason;

      if (entry->info.status != SESSIO_STATUS_HELD ||
          g_date_compare (&entry->info.date, &self->from) < 0 ||
          g_date_compare (&entry->info.date, &self->to) > 0)
        continue;
      note_clb_attendance (c->work, entry);

      if (entry->outside_convention)
        {
          add (self, over_limit (c->store, evaluation, entry) ? "refused-limit" : "outside-other", 1);
          continue;
        }
      /* Sessions from before these rules existed in the store could
       * still be over the limit: never billed, so refused too. */
      if (result->warnings & SESSIO_EVAL_WARNING_LIMIT_REACHED)
        {
          add (self, "refused-limit", 1);
          continue;
        }
      if (!result->billable)
        continue;

      reason = sessio_copay_reason_to_string (result->copay_reason);
      if (result->copay_cents == 0 && is_one_of (reason, sessio_stats_free_reasons))
        {
          /* One attendance, counted under every reason that makes it
           * free: the CLB waiver shows beside the age exemption. */
          add (self, "copay-free", 1);
          for (guint r = 0; r < 32; r++)
            {
              const char *also = (result->free_reasons & (1u << r)) ? sessio_copay_reason_to_string (r) : NULL;

              if (is_one_of (also, sessio_stats_free_reasons))
                addf (self, 1, "copay-free.%s", also);
            }
        }
      if (entry->info.care == SESSIO_CARE_TREATMENT && entry->info.setting == SESSIO_SETTING_INDIVIDUAL)
        {
          GHashTable *table = c->treatment[evaluation->trajectory.network];
          gint64 *count = g_hash_table_lookup (table, &pair[1]);

          if (count == NULL)
            {
              count = g_new0 (gint64, 1);
              g_hash_table_insert (table, g_memdup2 (&pair[1], sizeof (gint64)), count);
            }
          (*count)++;
        }
    }
  return TRUE;
}

static gboolean
count_convention (SessioStats        *self,
                  Work               *work,
                  SessioPatientStore *store,
                  sqlite3            *db,
                  const char         *from,
                  const char         *to,
                  GError            **error)
{
  /* Per network: patient id → billable individual treatment sessions. */
  g_autoptr(GHashTable) youth = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) adult = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GArray) trajectories = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  Convention c = { self, work, store, trajectories, 0, { [SESSIO_NETWORK_YOUTH] = youth, [SESSIO_NETWORK_ADULT] = adult } };
  sqlite3_stmt *stmt;

  stmt = prepare (db, ATTENDANCES "SELECT DISTINCT tid, pid FROM att ORDER BY tid",
                  from, to, self->engagement_id, error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 pair[2] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_val (trajectories, pair);
      g_array_append_val (ids, pair[0]);
    }
  sqlite3_finalize (stmt);

  /* One batch: the statements are prepared once for all trajectories. */
  if (!sessio_patient_store_evaluate_held_each (store, (const gint64 *) (gpointer) ids->data, ids->len,
                                                convention_one, &c, error))
    return FALSE;

  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, work->clb_sessions);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      if (CLB_STATE (value) == CLB_FREE)
        {
          add (self, "clb.copay-free", 1);
          addf (self, 1, "clb.copay-free.%s", sessio_stats_clb_locations[CLB_LOCATION (value)]);
        }
  }

  for (guint n = 0; n < SESSIO_N_NETWORKS; n++)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, c.treatment[n]);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          addf (self, 1, "treatment.%s.patients", sessio_stats_networks[n]);
          addf (self, *(gint64 *) value, "treatment.%s.sessions", sessio_stats_networks[n]);
        }
    }
  return TRUE;
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
  Work work = { NULL };
  gboolean ok;
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
  work.clb_sessions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  ok = count_sessions (self, &work, db, from_text, to_text, error) &&
       count_patients (self, db, from_text, to_text, error) &&
       count_convention (self, &work, store, db, from_text, to_text, error) &&
       count_other (self, db, from_text, to_text, error);
  g_hash_table_unref (work.clb_sessions);
  if (!ok)
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
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  gboolean ok;

  /* An existing file keeps its mode through O_CREAT: tighten it. */
  ok = fd >= 0 && fchmod (fd, 0600) == 0;
  while (ok && length > 0)
    {
      ssize_t n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      ok = n > 0;
      if (ok)
        {
          data += n;
          length -= (gsize) n;
        }
    }
  ok = ok && fsync (fd) == 0;
  if (fd >= 0)
    ok = close (fd) == 0 && ok;
  if (!ok)
    {
      int saved_errno = errno;

      if (fd >= 0)
        g_unlink (path);
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                   _("Could not write the statistics: %s"), g_strerror (saved_errno));
    }
  return ok;
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
