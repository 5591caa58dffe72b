/* test-stats.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Anonymous statistics on a real vault: a small synthetic data
 * set whose every figure was worked out by hand (see the comments at each
 * assertion), suppression properties on random tables checked by a
 * different method than the one the code uses, the anonymous aggregate
 * file (round trip, strict reading, merging), and every exported file
 * scanned for the data set's names, national numbers, birth dates, school,
 * referral and note words.  PDFs are read back with pdftotext.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "plaintext-scan.h"
#include "sessio-clock.h"
#include "sessio-ident.h"
#include "sessio-patient-store.h"
#include "sessio-stats.h"
#include "sessio-stats-report.h"
#include "sessio-stats-suppress.h"
#include "vault-test-util.h"

typedef struct
{
  char               *dir;
  char               *out;      /* exported files */
  SessioVault        *vault;
  SessioPatientStore *store;
  gint64              youth;    /* engagement 1: youth, clb-salaried */
  gint64              adult;    /* engagement 2: adult, independent */
  GPtrArray          *secrets;  /* what must never appear in an export */
} Fixture;

static char *
make_insz (const char *birth,
           gboolean    male,
           guint       serial)
{
  GDate date;
  char out[12];

  g_assert_true (sessio_date_parse_iso (birth, &date));
  g_assert_true (sessio_insz_generate (&date, male, serial, out));
  return g_strdup (out);
}

static gint64
add_patient (Fixture    *f,
             const char *name,
             const char *birth,
             const char *segment,
             gboolean    vulnerable,
             const char *problem1,
             const char *problem2,
             guint       serial)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *insz = make_insz (birth, serial % 2 == 0, serial);
  const char *problems[] = { problem1, problem2, NULL };
  SessioPatient patient = { 0 };
  gint64 id;

  patient.name = (char *) name;
  patient.birth_date = (char *) birth;
  patient.insz = insz;
  patient.segment = (char *) segment;
  patient.vulnerable = vulnerable;
  patient.problems = (char **) problems;
  patient.school = (char *) "Sint-Fictiefcollege Testdorp";
  patient.notes = (char *) "Zeppelinbrief over de kwartelkoning";
  id = sessio_patient_store_add_patient (f->store, &patient, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_ptr_array_add (f->secrets, g_strdup (name));
  g_ptr_array_add (f->secrets, g_strdup (insz));
  g_ptr_array_add (f->secrets, g_strdup (birth));
  return id;
}

static gint64
add_trajectory (Fixture    *f,
                gint64      patient,
                gint64      engagement,
                const char *start,
                const char *bilan)
{
  g_autoptr(GError) error = NULL;
  SessioTrajectory trajectory = { 0 };
  gint64 id;

  trajectory.patient_id = patient;
  trajectory.engagement_id = engagement;
  trajectory.start_date = (char *) start;
  trajectory.bilan_date = (char *) bilan;
  id = sessio_patient_store_add_trajectory (f->store, &trajectory, &error);
  g_assert_no_error (error);
  return id;
}

static void
end_trajectory (Fixture    *f,
                gint64      id,
                const char *end,
                const char *outcome,
                const char *referred_to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioTrajectory) trajectory = sessio_patient_store_get_trajectory (f->store, id, &error);

  g_assert_no_error (error);
  g_free (trajectory->end_date);
  trajectory->end_date = g_strdup (end);
  g_free (trajectory->outcome);
  trajectory->outcome = g_strdup (outcome);
  g_free (trajectory->referred_to);
  trajectory->referred_to = g_strdup (referred_to);
  g_assert_true (sessio_patient_store_update_trajectory (f->store, trajectory, &error));
  g_assert_no_error (error);
}

static gint64
add_session (Fixture    *f,
             gint64      trajectory,
             const char *when,
             const char *care,
             const char *location,
             const char *context,
             const char *status,
             gboolean    outside)
{
  g_autoptr(GError) error = NULL;
  SessioSession session = { 0 };
  gint64 id;

  session.trajectory_id = trajectory;
  session.starts_at = (char *) when;
  session.care = (char *) care;
  session.setting = (char *) "individual";
  session.location = (char *) location;
  session.context = (char *) context;
  session.status = (char *) status;
  session.outside_convention = outside;
  session.notes = (char *) "Vlindertuin en de blauwe reiger";
  id = sessio_patient_store_add_session (f->store, &session, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
add_task (Fixture    *f,
          gint64      engagement,
          const char *kind,
          const char *when,
          int         minutes)
{
  g_autoptr(GError) error = NULL;
  SessioTask task = { 0, engagement, 0, (char *) kind, (char *) when, minutes, 3,
                      (char *) "Overleg met juf Kwartelkoning" };

  g_assert_cmpint (sessio_patient_store_add_task (f->store, &task, &error), >, 0);
  g_assert_no_error (error);
}

/* The data set.  Period of interest: 2025-01-01 to 2025-03-31. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SessioEngagement youth = { 0, (char *) "Netwerk Jeugd Testregio", (char *) "youth",
                             (char *) "clb-salaried", NULL, NULL, -1 };
  SessioEngagement adult = { 0, (char *) "Netwerk Volwassenen Testregio", (char *) "adult",
                             (char *) "independent", NULL, NULL, -1 };
  g_autoptr(GArray) participants = g_array_new (FALSE, FALSE, sizeof (gint64));
  SessioSession group = { 0 };
  gint64 p1, p2, p3, p4, p5, t1, t2, t3, t4, t5, group_id;
  const char *p4_before[] = { "2024-10-01", "2024-10-15", "2024-11-01", "2024-11-15",
                              "2024-12-01", "2024-12-15", NULL };
  GDate today;

  f->dir = test_make_tmpdir ();
  f->out = test_make_tmpdir ();
  f->vault = test_create_vault (f->dir, NULL);
  f->store = sessio_patient_store_new (f->vault, NULL);
  f->secrets = g_ptr_array_new_with_free_func (g_free);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 30, G_DATE_JUNE, 2025);
  sessio_clock_set_today_for_testing (&today);
  f->youth = sessio_patient_store_add_engagement (f->store, &youth, &error);
  g_assert_no_error (error);
  f->adult = sessio_patient_store_add_engagement (f->store, &adult, &error);
  g_assert_no_error (error);

  p1 = add_patient (f, "Lotte Vermeulen-Testa", "2012-03-10", "secondary", TRUE, "anxiety", "school-functioning", 11);
  p2 = add_patient (f, "Jonas Peeters-Fictief", "2008-07-01", "dbso", FALSE, "anxiety", "mood", 12);
  p3 = add_patient (f, "Amira El Testaoui", "2000-02-02", NULL, FALSE, "mood", NULL, 13);
  p4 = add_patient (f, "Wim Testelinckx", "1990-05-05", "none", TRUE, "family", NULL, 14);
  p5 = add_patient (f, "Noor Fictiefs", "2015-09-09", "primary", FALSE, "sleep", NULL, 15);
  g_ptr_array_add (f->secrets, g_strdup ("Sint-Fictiefcollege"));
  g_ptr_array_add (f->secrets, g_strdup ("Zeppelinbrief"));
  g_ptr_array_add (f->secrets, g_strdup ("kwartelkoning"));
  g_ptr_array_add (f->secrets, g_strdup ("Kwartelkoning"));
  g_ptr_array_add (f->secrets, g_strdup ("Vlindertuin"));
  g_ptr_array_add (f->secrets, g_strdup ("reiger"));
  g_ptr_array_add (f->secrets, g_strdup ("Testhulp Zuid"));

  t1 = add_trajectory (f, p1, f->youth, "2024-12-01", "2024-12-15");
  t2 = add_trajectory (f, p2, f->youth, "2025-01-10", NULL);
  t3 = add_trajectory (f, p3, f->adult, "2025-01-01", "2025-01-02");
  t4 = add_trajectory (f, p4, f->adult, "2024-06-01", NULL);
  t5 = add_trajectory (f, p5, f->youth, "2025-02-01", NULL);

  /* P1, 12 years old: one session before the period, four held, one missed. */
  add_session (f, t1, "2024-12-20", "support", "school", "clb", "held", FALSE);
  add_session (f, t1, "2025-01-06T10:00", "support", "school", "clb", "held", FALSE);
  add_session (f, t1, "2025-01-20T10:00", "support", "school", "clb", "held", FALSE);
  add_session (f, t1, "2025-02-03", "treatment", "clb", "clb", "held", FALSE);
  add_session (f, t1, "2025-02-17", "support", "clb", "clb", "no-show", FALSE);
  add_session (f, t1, "2025-03-03", "treatment", "clb", "clb", "held", FALSE);
  /* P2, 16: two support sessions, and treatment without an assessment,
   * recorded outside the convention (not for the limit). */
  add_session (f, t2, "2025-01-13", "support", "practice", "own", "held", FALSE);
  add_session (f, t2, "2025-02-10", "support", "video", "own", "held", FALSE);
  add_session (f, t2, "2025-03-10", "treatment", "school", "own", "held", TRUE);
  /* P3, 24: first session free, then two treatment sessions at €11; a
   * cancelled one. */
  add_session (f, t3, "2025-01-07", "support", "practice", "own", "held", FALSE);
  add_session (f, t3, "2025-01-14", "treatment", "practice", "own", "held", FALSE);
  add_session (f, t3, "2025-01-21", "treatment", "home", "own", "held", FALSE);
  add_session (f, t3, "2025-03-31", "treatment", "practice", "own", "cancelled", FALSE);
  /* P4, 34: six support sessions before the period, two in it (7th and
   * 8th of 8 allowed for adults), then a 9th refused for the limit. */
  for (guint i = 0; p4_before[i] != NULL; i++)
    add_session (f, t4, p4_before[i], "support", "practice", "own", "held", FALSE);
  add_session (f, t4, "2025-01-08", "support", "practice", "own", "held", FALSE);
  add_session (f, t4, "2025-01-22", "support", "practice", "own", "held", FALSE);
  add_session (f, t4, "2025-02-05", "support", "practice", "own", "held", TRUE);

  /* A group at school: P1 and P2 came, P5 did not. */
  g_array_append_val (participants, t1);
  g_array_append_val (participants, t2);
  g_array_append_val (participants, t5);
  group.starts_at = (char *) "2025-02-20T13:00";
  group.care = (char *) "support";
  group.setting = (char *) "group";
  group.location = (char *) "school";
  group.context = (char *) "clb";
  group.trajectories = participants;
  group.notes = (char *) "Vlindertuin in groep";
  group_id = sessio_patient_store_add_session (f->store, &group, &error);
  g_assert_no_error (error);
  g_assert_true (sessio_patient_store_set_participant_status (f->store, group_id, t5, "no-show", NULL, &error));
  g_assert_no_error (error);

  end_trajectory (f, t2, "2025-03-20", "referred", "Dienst Testhulp Zuid");
  end_trajectory (f, t4, "2025-03-25", "completed", NULL);

  add_task (f, f->youth, "mdo", "2025-02-12T14:00", 90);
  add_task (f, f->adult, "advice", "2025-03-05T09:00", 45);
  add_task (f, f->adult, "advice", "2024-12-10T09:00", 60);
  g_ptr_array_add (f->secrets, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->vault);
  test_rm_rf (f->dir);
  test_rm_rf (f->out);
  g_free (f->dir);
  g_free (f->out);
  g_ptr_array_unref (f->secrets);
  /* Back to the real clock for the next test. */
  sessio_clock_reset_for_testing ();
}

static SessioStats *
compute (Fixture *f,
         gint64   engagement)
{
  g_autoptr(GError) error = NULL;
  GDate from, to;
  SessioStats *stats;

  g_assert_true (sessio_date_parse_iso ("2025-01-01", &from));
  g_assert_true (sessio_date_parse_iso ("2025-03-31", &to));
  stats = sessio_stats_compute (f->store, &from, &to, engagement, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stats);
  return stats;
}

#define assert_count(stats, key, expected) \
  g_assert_cmpint (sessio_stats_get ((stats), (key)), ==, (expected))

static void
test_figures (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SessioStats) stats = compute (f, 0);
  g_autoptr(SessioStatsReport) report = sessio_stats_report_new (stats, 1);
  const SessioStatsRow *row;
  const SessioStatsSection *section;

  /* Held individual sessions in the period: P1 4, P2 3, P3 3, P4 3. */
  assert_count (stats, "sessions.individual", 13);
  assert_count (stats, "sessions.group", 1);
  assert_count (stats, "sessions", 14);
  assert_count (stats, "group-participants", 2);
  assert_count (stats, "attendances", 15);
  /* P5 only missed the group: not a patient of the period. */
  assert_count (stats, "patients", 4);
  /* P1's individual no-show and P5 in the group. */
  assert_count (stats, "no-shows", 2);

  /* Engagement 1 (clb-salaried): P1 4 + P2 3 + the group; 2: P3 3 + P4 3. */
  assert_count (stats, "model.clb-salaried", 8);
  assert_count (stats, "model.independent", 6);
  assert_count (stats, "model.organisation-salaried", 0);
  /* school: P1 2, P2 1, group 1; clb: P1 2; practice: P2 1, P3 2, P4 3. */
  assert_count (stats, "location.school", 4);
  assert_count (stats, "location.clb", 2);
  assert_count (stats, "location.practice", 6);
  assert_count (stats, "location.video", 1);
  assert_count (stats, "location.home", 1);
  assert_count (stats, "location.boarding-school", 0);
  assert_count (stats, "care.support", 9);
  assert_count (stats, "care.treatment", 5);
  assert_count (stats, "care.community", 0);
  assert_count (stats, "month.2025-01", 8);
  assert_count (stats, "month.2025-02", 4);
  assert_count (stats, "month.2025-03", 2);

  /* Every reason that applies counts (a session can have several):
   * free for age: P1 4 + group, P2 2 + group; the CLB waiver: P1's four
   * individual CLB sessions at school and at the CLB (the group had 3
   * participants, fewer than 4); the first individual session: P2's
   * (also free for age) and P3's.  P1's first was in December.  The total
   * is still a count of attendances: 8 + P3's first. */
  assert_count (stats, "copay-free.age-23-or-younger", 8);
  assert_count (stats, "copay-free.first-individual-session", 2);
  assert_count (stats, "copay-free.clb-waiver", 4);
  assert_count (stats, "copay-free", 9);
  /* P4's 9th support session in 12 months; P2's treatment without an
   * assessment is outside the convention for another reason. */
  assert_count (stats, "refused-limit", 1);
  assert_count (stats, "outside-other", 1);

  /* First session in the period: P1 at 12, P2 at 16, P3 at 24, P4 at 34. */
  assert_count (stats, "network.youth", 2);
  assert_count (stats, "network.adult", 2);
  assert_count (stats, "age.12-15", 1);
  assert_count (stats, "age.16-17", 1);
  assert_count (stats, "age.24-64", 2);
  assert_count (stats, "age.18-23", 0);
  assert_count (stats, "segment.secondary", 1);
  assert_count (stats, "segment.dbso", 1);
  assert_count (stats, "segment.none", 1);
  assert_count (stats, "segment.unknown", 1);
  assert_count (stats, "segment.primary", 0);
  assert_count (stats, "vulnerable.yes", 2);
  assert_count (stats, "vulnerable.no", 2);
  /* Attended: P1 5, P2 4, P3 3, P4 3. */
  assert_count (stats, "per-patient.3-5", 4);
  assert_count (stats, "per-patient.1", 0);
  assert_count (stats, "problem.anxiety", 2);
  assert_count (stats, "problem.mood", 2);
  assert_count (stats, "problem.school-functioning", 1);
  assert_count (stats, "problem.family", 1);
  assert_count (stats, "problem.sleep", 0);
  /* Reimbursed individual treatment: P1 2 (youth), P3 2 (adult). */
  assert_count (stats, "treatment.youth.sessions", 2);
  assert_count (stats, "treatment.youth.patients", 1);
  assert_count (stats, "treatment.adult.sessions", 2);
  assert_count (stats, "treatment.adult.patients", 1);
  g_assert_cmpint (sessio_stats_get_target (stats, "youth"), ==, 10);
  g_assert_cmpint (sessio_stats_get_target (stats, "adult"), ==, 8);
  assert_count (stats, "ended", 2);
  assert_count (stats, "ended.referred", 1);
  assert_count (stats, "ended.completed", 1);
  assert_count (stats, "minutes.mdo", 90);
  assert_count (stats, "minutes.advice", 45);

  /* Derived figures, unsuppressed (threshold 1). */
  row = sessio_stats_report_find_row (report, "mean.attendances");
  g_assert_nonnull (row);
  g_assert_cmpfloat_with_epsilon (row->value, 15.0 / 4.0, 1e-9);
  row = sessio_stats_report_find_row (report, "share.vulnerable");
  g_assert_cmpfloat_with_epsilon (row->value, 50.0, 1e-9);
  row = sessio_stats_report_find_row (report, "average.treatment.adult");
  g_assert_cmpfloat_with_epsilon (row->value, 2.0, 1e-9);
  g_assert_cmpstr (row->note, ==, "network target 8");
  /* Ranked: anxiety and mood (2) before school functioning and family (1). */
  section = sessio_stats_report_find_section (report, "problems");
  g_assert_cmpstr (((SessioStatsRow *) section->rows->pdata[0])->id, ==, "problem.anxiety");
  g_assert_cmpstr (((SessioStatsRow *) section->rows->pdata[1])->id, ==, "problem.mood");
  g_assert_cmpstr (((SessioStatsRow *) section->rows->pdata[2])->id, ==, "problem.school-functioning");
  g_assert_cmpstr (((SessioStatsRow *) section->rows->pdata[3])->id, ==, "problem.family");
  row = sessio_stats_report_find_row (report, "minutes");
  g_assert_cmpint (row->count, ==, 135);
}

static void
test_engagement_filter (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SessioStats) stats = compute (f, f->adult);
  g_autoptr(GError) error = NULL;
  GDate from, to;

  /* Only P3 and P4. */
  assert_count (stats, "sessions", 6);
  assert_count (stats, "sessions.group", 0);
  assert_count (stats, "patients", 2);
  assert_count (stats, "model.independent", 6);
  assert_count (stats, "model.clb-salaried", 0);
  assert_count (stats, "copay-free", 1);
  assert_count (stats, "refused-limit", 1);
  assert_count (stats, "outside-other", 0);
  assert_count (stats, "no-shows", 0);
  assert_count (stats, "ended", 1);
  assert_count (stats, "minutes.advice", 45);
  assert_count (stats, "minutes.mdo", 0);

  g_assert_true (sessio_date_parse_iso ("2025-01-01", &from));
  g_assert_true (sessio_date_parse_iso ("2025-03-31", &to));
  g_assert_null (sessio_stats_compute (f->store, &from, &to, 99, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (sessio_stats_compute (f->store, &to, &from, 0, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
}

static void
test_report_suppression (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SessioStats) stats = compute (f, 0);
  g_autoptr(SessioStatsReport) report = sessio_stats_report_new (stats, 5);
  const SessioStatsRow *row;
  g_autofree char *text = NULL;

  /* Four patients: below 5, and so is every patient breakdown. */
  row = sessio_stats_report_find_row (report, "patients");
  g_assert_true (row->suppressed);
  text = sessio_stats_report_format_row (report, row);
  g_assert_cmpstr (text, ==, "<5");
  g_assert_true (sessio_stats_report_find_row (report, "network.youth")->suppressed);
  /* Zero stays 0. */
  row = sessio_stats_report_find_row (report, "location.boarding-school");
  g_assert_false (row->suppressed);
  g_clear_pointer (&text, g_free);
  text = sessio_stats_report_format_row (report, row);
  g_assert_cmpstr (text, ==, "0");
  /* 14 sessions and 15 attendances are published; 2 group participants
   * are not, so the 13 individual sessions must go too or 15 - 13 would
   * give them away. */
  g_assert_false (sessio_stats_report_find_row (report, "sessions")->suppressed);
  g_assert_false (sessio_stats_report_find_row (report, "attendances")->suppressed);
  g_assert_true (sessio_stats_report_find_row (report, "group-participants")->suppressed);
  row = sessio_stats_report_find_row (report, "sessions.individual");
  g_assert_true (row->suppressed);
  g_assert_false (row->small);
  g_clear_pointer (&text, g_free);
  text = sessio_stats_report_format_row (report, row);
  g_assert_cmpstr (text, ==, "x");
  /* Months 8, 4, 2 of 14: the 4 and the 2 hidden, 8 shown. */
  g_assert_false (sessio_stats_report_find_row (report, "month.2025-01")->suppressed);
  g_assert_true (sessio_stats_report_find_row (report, "month.2025-02")->suppressed);
  g_assert_true (sessio_stats_report_find_row (report, "month.2025-03")->suppressed);
  /* Derived figures whose inputs are hidden are hidden. */
  g_assert_true (sessio_stats_report_find_row (report, "share.vulnerable")->suppressed);
  g_assert_true (sessio_stats_report_find_row (report, "mean.attendances")->suppressed);
  /* Hours count no one: shown. */
  g_assert_false (sessio_stats_report_find_row (report, "minutes.mdo")->suppressed);
}

/* ------------------------------------------------ suppression properties */

/* Independent check for a table with margins: cell (r, c) of an
 * (R+1)×(C+1) array whose last row and column are the totals.  A hidden
 * cell can be worked out exactly when it is a bridge in the bipartite
 * graph of hidden cells (rows and columns as nodes): the solutions of
 * "every row and column adds up" differ only by alternating cycles. */
static gboolean
connected_without (const gboolean *hidden,
                   guint           rows,
                   guint           cols,
                   guint           skip_r,
                   guint           skip_c)
{
  g_autofree gboolean *seen = g_new0 (gboolean, rows + cols);
  g_autofree guint *stack = g_new (guint, rows + cols);
  guint top = 0;

  seen[skip_r] = TRUE;
  stack[top++] = skip_r;
  while (top > 0)
    {
      guint node = stack[--top];

      for (guint other = 0; other < rows + cols; other++)
        {
          guint r, c;

          if (seen[other] || (node < rows) == (other < rows))
            continue;
          r = node < rows ? node : other;
          c = (node < rows ? other : node) - rows;
          if (!hidden[r * cols + c] || (r == skip_r && c == skip_c))
            continue;
          seen[other] = TRUE;
          stack[top++] = other;
        }
    }
  return seen[rows + skip_c];
}

/* Brute force over one line: every assignment of the hidden cells within
 * what a reader knows ("<T" is 1..T-1, "x" is T or more, capped at @cap)
 * that satisfies the line.  Each hidden cell must keep two possible
 * values. */
static void
check_line_intervals (const gint64   *v,
                      const gboolean *hidden,
                      const gboolean *small,
                      const guint    *cells,
                      const int      *coefs,
                      guint           n,
                      guint           threshold,
                      gint64          cap)
{
  guint h[3], nh = 0;
  gint64 target = 0, lo[3] = { 0 }, hi[3] = { 0 }, seen_lo[3], seen_hi[3], x[3];

  gboolean published_non_zero = FALSE;

  for (guint i = 0; i < n; i++)
    published_non_zero |= !hidden[cells[i]] && v[cells[i]] > 0;
  /* A line whose only published cells are zeros can be pinned by them
   * (four "<5" parts of a "<5" total are four ones); only hiding zeros
   * would help, and zeros are published (docs/statistics.md). */
  if (!published_non_zero)
    return;
  for (guint i = 0; i < n; i++)
    {
      if (!hidden[cells[i]])
        target -= coefs[i] * v[cells[i]];
      else if (nh < 3)
        h[nh++] = i;
      else
        return;   /* four or more: too many to enumerate */
    }
  if (nh == 0)
    return;
  for (guint k = 0; k < 3; k++)
    {
      if (k < nh)
        {
          lo[k] = small[cells[h[k]]] ? 1 : threshold;
          hi[k] = small[cells[h[k]]] ? threshold - 1 : cap;
        }
      seen_lo[k] = G_MAXINT64;
      seen_hi[k] = G_MININT64;
    }
  /* The first nh - 1 hidden cells range freely; the last follows. */
  for (gint64 a = lo[0]; a <= (nh > 1 ? hi[0] : lo[0]); a++)
    for (gint64 b = lo[1]; b <= (nh > 2 ? hi[1] : lo[1]); b++)
      {
        gint64 rest = target;
        guint last = nh - 1;

        x[0] = a;
        x[1] = b;
        for (guint k = 0; k < last; k++)
          rest -= coefs[h[k]] * x[k];
        x[last] = rest / coefs[h[last]];
        if (x[last] * coefs[h[last]] != rest || x[last] < lo[last] || x[last] > hi[last])
          continue;
        for (guint k = 0; k < nh; k++)
          {
            seen_lo[k] = MIN (seen_lo[k], x[k]);
            seen_hi[k] = MAX (seen_hi[k], x[k]);
          }
      }
  for (guint k = 0; k < nh; k++)
    {
      /* The true values are a solution, so the range holds them. */
      g_assert_cmpint (seen_lo[k], <=, v[cells[h[k]]]);
      g_assert_cmpint (seen_hi[k], >=, v[cells[h[k]]]);
      if (seen_lo[k] == seen_hi[k])
        g_error ("a hidden cell is pinned to %" G_GINT64_FORMAT " by its line", seen_lo[k]);
    }
}

static void
test_suppression_random_tables (void)
{
  guint tables = 0, hidden_total = 0, complements = 0;

  for (guint round = 0; round < 400; round++)
    {
      guint R = (guint) g_test_rand_int_range (1, 6), C = (guint) g_test_rand_int_range (2, 7);
      guint rows = R + 1, cols = C + 1;
      g_autofree gint64 *v = g_new0 (gint64, rows * cols);
      g_autofree gboolean *hidden = g_new0 (gboolean, rows * cols);
      g_autoptr(SessioSuppression) s = sessio_suppression_new (rows * cols);
      guint threshold = (guint) g_test_rand_int_range (2, 8);

      /* Many zeros and small counts, some large ones. */
      for (guint r = 0; r < R; r++)
        for (guint c = 0; c < C; c++)
          {
            int kind = g_test_rand_int_range (0, 4);

            v[r * cols + c] = kind == 0 ? 0 : kind == 1 ? g_test_rand_int_range (1, (int) threshold)
                                                        : g_test_rand_int_range (1, 40);
            v[r * cols + C] += v[r * cols + c];
            v[R * cols + c] += v[r * cols + c];
            v[R * cols + C] += v[r * cols + c];
          }
      for (guint i = 0; i < rows * cols; i++)
        sessio_suppression_set_value (s, i, v[i]);
      for (guint r = 0; r < rows; r++)
        {
          g_autofree guint *parts = g_new (guint, C);

          for (guint c = 0; c < C; c++)
            parts[c] = r * cols + c;
          sessio_suppression_add_line (s, r * cols + C, parts, C);
        }
      for (guint c = 0; c < cols; c++)
        {
          g_autofree guint *parts = g_new (guint, R);

          for (guint r = 0; r < R; r++)
            parts[r] = r * cols + c;
          sessio_suppression_add_line (s, R * cols + c, parts, R);
        }
      sessio_suppression_run (s, threshold);

      for (guint i = 0; i < rows * cols; i++)
        {
          hidden[i] = sessio_suppression_is_suppressed (s, i);
          /* Primary: exactly the small counts; zero never hidden. */
          g_assert_cmpint (sessio_suppression_is_primary (s, i), ==, v[i] > 0 && v[i] < (gint64) threshold);
          if (v[i] == 0)
            g_assert_false (hidden[i]);
          if (v[i] > 0 && v[i] < (gint64) threshold)
            g_assert_true (hidden[i]);
          hidden_total += hidden[i];
          complements += hidden[i] && !sessio_suppression_is_primary (s, i);
        }
      /* No line with exactly one hidden cell. */
      for (guint r = 0; r < rows; r++)
        {
          guint n = 0;

          for (guint c = 0; c < cols; c++)
            n += hidden[r * cols + c];
          g_assert_cmpuint (n, !=, 1);
        }
      for (guint c = 0; c < cols; c++)
        {
          guint n = 0;

          for (guint r = 0; r < rows; r++)
            n += hidden[r * cols + c];
          g_assert_cmpuint (n, !=, 1);
        }
      /* Nor pinned by what "<T" and "x" say about them, line by line. */
      {
        g_autofree gboolean *small = g_new0 (gboolean, rows * cols);
        g_autofree guint *line = g_new (guint, MAX (rows, cols));
        g_autofree int *coefs = g_new (int, MAX (rows, cols));

        for (guint i = 0; i < rows * cols; i++)
          small[i] = sessio_suppression_is_primary (s, i);
        for (guint r = 0; r < rows; r++)
          {
            for (guint c = 0; c < cols; c++)
              {
                line[c] = r * cols + c;
                coefs[c] = c == C ? -1 : 1;
              }
            check_line_intervals (v, hidden, small, line, coefs, cols, threshold, v[R * cols + C]);
          }
        for (guint c = 0; c < cols; c++)
          {
            for (guint r = 0; r < rows; r++)
              {
                line[r] = r * cols + c;
                coefs[r] = r == R ? -1 : 1;
              }
            check_line_intervals (v, hidden, small, line, coefs, rows, threshold, v[R * cols + C]);
          }
      }
      /* With one data row the total row repeats it; the bridge argument
       * needs both relations, which hold all the same. */
      for (guint r = 0; r < rows; r++)
        for (guint c = 0; c < cols; c++)
          if (hidden[r * cols + c] && !connected_without (hidden, rows, cols, r, c))
            g_error ("table %u: hidden cell (%u, %u) can be worked out from the totals", round, r, c);
      tables++;
    }
  g_test_message ("%u tables, %u hidden cells of which %u complements", tables, hidden_total, complements);
  g_assert_cmpuint (complements, >, 0);
}

/* The shape the report uses: several breakdowns of one shared total. */
static void
test_suppression_shared_total (void)
{
  /* cells: 0 total 20; 1..3 = 3 + 15 + 2 by model; 4..5 = 18 + 2 by setting */
  const gint64 values[] = { 20, 3, 15, 2, 18, 2 };
  const guint models[] = { 1, 2, 3 }, settings[] = { 4, 5 };
  g_autoptr(SessioSuppression) s = sessio_suppression_new (6);

  for (guint i = 0; i < 6; i++)
    sessio_suppression_set_value (s, i, values[i]);
  sessio_suppression_add_line (s, 0, models, 3);
  sessio_suppression_add_line (s, 0, settings, 2);
  sessio_suppression_run (s, 5);
  /* 3 and 2 hide each other in the first line (20 - 15 = 5 shared);
   * the 2 of the second line takes the 18 with it. */
  g_assert_false (sessio_suppression_is_suppressed (s, 0));
  g_assert_true (sessio_suppression_is_suppressed (s, 1));
  g_assert_false (sessio_suppression_is_suppressed (s, 2));
  g_assert_true (sessio_suppression_is_suppressed (s, 3));
  g_assert_true (sessio_suppression_is_suppressed (s, 4));
  g_assert_true (sessio_suppression_is_suppressed (s, 5));
  g_assert_false (sessio_suppression_is_primary (s, 4));

  /* Threshold 1 hides nothing. */
  sessio_suppression_run (s, 1);
  for (guint i = 0; i < 6; i++)
    g_assert_false (sessio_suppression_is_suppressed (s, i));
}

/* ------------------------------------------------------------ files */

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, NULL, &error));
  g_assert_no_error (error);
  return data;
}

static void
assert_private (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static char *
pdf_text (const char *pdf,
          const char *txt)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-layout", pdf, txt, NULL };
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return read_file (txt);
}

static void
assert_no_secrets (Fixture *f)
{
  guint n_files = 0;
  guint hits = plaintext_scan_dir (f->out, (const char * const *) f->secrets->pdata, &n_files);

  g_test_message ("%u exported files scanned for %u secrets", n_files, f->secrets->len - 1);
  g_assert_cmpuint (n_files, >=, 1);
  g_assert_cmpuint (hits, ==, 0);
}

static void
test_exports (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioStats) stats = compute (f, 0);
  g_autoptr(SessioStatsReport) report = sessio_stats_report_new (stats, 5);
  g_autofree char *json_path = g_build_filename (f->out, "report.json", NULL);
  g_autofree char *csv_path = g_build_filename (f->out, "report.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (f->out, "report.pdf", NULL);
  g_autofree char *txt_path = g_build_filename (f->out, "report.txt", NULL);
  g_autofree char *anon_path = g_build_filename (f->out, "anon.json", NULL);
  g_autofree char *json = NULL, *csv = NULL, *text = NULL, *anon = NULL;

  g_assert_true (sessio_stats_report_write_json (report, json_path, &error));
  g_assert_true (sessio_stats_report_write_csv (report, csv_path, &error));
  g_assert_true (sessio_stats_report_write_pdf (report, pdf_path, &error));
  g_assert_true (sessio_stats_write_anon (stats, anon_path, &error));
  g_assert_no_error (error);
  assert_private (json_path);
  assert_private (csv_path);
  assert_private (pdf_path);
  assert_private (anon_path);

  json = read_file (json_path);
  g_assert_nonnull (strstr (json, "\"format\" : \"sessio-stats-report\""));
  g_assert_nonnull (strstr (json, "\"id\" : \"patients\""));
  g_assert_nonnull (strstr (json, "\"value\" : \"<5\""));
  csv = read_file (csv_path);
  g_assert_nonnull (strstr (csv, "\"locations\",\"location.practice\",\"Practice\",\"6\"\r\n"));
  g_assert_nonnull (strstr (csv, "\"locations\",\"location.school\",\"School\",\"<5\"\r\n"));
  g_assert_nonnull (strstr (csv, "\"overview\",\"sessions\",\"Sessions held\",\"14\"\r\n"));

  text = pdf_text (pdf_path, txt_path);
  g_assert_nonnull (strstr (text, "Anonymous statistics"));
  g_assert_nonnull (strstr (text, "1 January 2025 to 31 March 2025"));
  g_assert_nonnull (strstr (text, "Sessions by location"));
  g_assert_nonnull (strstr (text, "Trajectories ended, by outcome"));
  g_assert_nonnull (strstr (text, "<5"));
  g_assert_true (g_regex_match_simple ("Sessions held\\s+14\\n", text, 0, 0));
  g_assert_true (g_regex_match_simple ("Practice\\s+6\\n", text, 0, 0));

  /* The anonymous file has the exact counts: 4 patients, not "<5". */
  anon = read_file (anon_path);
  g_assert_nonnull (strstr (anon, "\"patients\" : 4,"));
  g_assert_null (strstr (anon, "<5"));

  assert_no_secrets (f);
}

static void
test_anon_merge (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioStats) stats = compute (f, 0);
  g_autoptr(SessioStats) adult = compute (f, f->adult);
  g_autoptr(SessioStats) youth = compute (f, f->youth);
  g_autoptr(SessioStats) a = NULL, b = NULL, merged = NULL, twice = NULL;
  g_autoptr(SessioStatsReport) report = NULL;
  g_autofree char *path_a = g_build_filename (f->out, "a.json", NULL);
  g_autofree char *path_b = g_build_filename (f->out, "b.json", NULL);
  g_autofree char *pdf_path = g_build_filename (f->out, "team.pdf", NULL);
  g_autofree char *txt_path = g_build_filename (f->out, "team.txt", NULL);
  g_autofree char *text = NULL;
  SessioStats *parts[2];

  /* Two "psychologists": the youth and the adult engagement. */
  g_assert_true (sessio_stats_write_anon (youth, path_a, &error));
  g_assert_true (sessio_stats_write_anon (adult, path_b, &error));
  a = sessio_stats_load_anon (path_a, &error);
  b = sessio_stats_load_anon (path_b, &error);
  g_assert_no_error (error);
  parts[0] = a;
  parts[1] = b;
  merged = sessio_stats_merge (parts, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessio_stats_get_n_sources (merged), ==, 2);
  /* The two engagements together are the whole vault, count for count
   * (no patient has trajectories in both). */
  {
    g_autoptr(JsonNode) whole = sessio_stats_to_anon_json (stats);
    JsonObject *counts = json_object_get_object_member (json_node_get_object (whole), "counts");
    g_autoptr(GList) keys = json_object_get_members (counts);

    for (GList *l = keys; l != NULL; l = l->next)
      g_assert_cmpint (sessio_stats_get (merged, l->data), ==, json_object_get_int_member (counts, l->data));
  }

  /* The whole plus the youth file again: 4 + 2 = 6 patients, published. */
  parts[1] = a;
  parts[0] = merged;
  twice = sessio_stats_merge (parts, 2, &error);
  g_assert_cmpint (sessio_stats_get (twice, "patients"), ==, 6);
  report = sessio_stats_report_new (twice, 5);
  g_assert_false (sessio_stats_report_find_row (report, "patients")->suppressed);
  g_assert_true (sessio_stats_report_write_pdf (report, pdf_path, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf_path, txt_path);
  g_assert_nonnull (strstr (text, "Team report merged from 3 files"));
  g_assert_true (g_regex_match_simple ("Patients with at least one session held\\s+6\\n", text, 0, 0));

  assert_no_secrets (f);
}

static void
assert_refused_anon (const char *data,
                     int         code)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (sessio_stats_new_from_anon (data, -1, &error));
  g_assert_error (error, SESSIO_ERROR, code);
}

/* ------------------------------------------------ a CLB semester by hand
 *
 * The first semester of school year 2023-2024 (1 September 2023 to 31
 * January 2024, rule set 2023-09-01: the CLB waiver, then the first
 * individual session free, no age exemption; the waiver needs context
 * clb, location school, clb or boarding school, and a group of at least
 * 4).  Three engagements, one per provider model of question 2:
 * E1 youth clb-salaried (a), E2 youth independent (b), E3 youth
 * organisation-salaried (c).
 *
 *   pupil  vulnerable  problems                   CLB sessions in the semester
 *   A      yes         anxiety, family            E1: 11/9 school, 2/10 clb, 6/11 school; group G1
 *   B      no          anxiety                    E1: 12/9 boarding school; group G1
 *   C      yes         mood                       E2 (clb): 20/9 school, 20/10 practice
 *                                                 (and 1/12 practice in his own context: not CLB)
 *   D      no          anxiety, school-functioning  group G2 only
 *   E      yes         anxiety                    group G1 only
 *   F      no          sleep                      E3 (clb): 15/11 clb; group G2
 *   G      yes         anxiety                    E2, own context only: not CLB
 *   H      no          anxiety                    E1, 5/2/2024: after the semester
 *   I      no          other                      missed G1 (no-show): not a pupil of it
 *
 *   G1: E1, 16/10 at school, clb: A, B, E came, I did not (4 participants: waived)
 *   G2: E3, 4/12 at boarding school, clb: D and F (2 participants: €2.50 each)
 */
typedef struct
{
  const char *id;
  gint64      value;
} Expected;

static const Expected clb_expected[] = {
  /* 1: A, B, C, D, E, F; only individually C; only in groups D, E; both A, B, F. */
  { "clb.pupils", 6 },
  { "clb.pupils.individual-only", 1 },
  { "clb.pupils.group-only", 2 },
  { "clb.pupils.both", 3 },
  /* A 3 + B 1 + C 2 + F 1 individual; G1 and G2. */
  { "clb.sessions", 9 },
  { "clb.sessions.individual", 7 },
  { "clb.sessions.group", 2 },
  /* 2: (a) A 3, B 1, G1; (b) C 2; (c) F 1, G2. */
  { "clb.model.clb-salaried", 5 },
  { "clb.model.independent", 2 },
  { "clb.model.organisation-salaried", 2 },
  /* 3: school A 2, C 1, G1; boarding school B, G2; CLB A 1, F 1; practice C 1. */
  { "clb.location.school", 4 },
  { "clb.location.boarding-school", 2 },
  { "clb.location.clb", 2 },
  { "clb.location.practice", 1 },
  { "clb.location.home", 0 },
  { "clb.location.video", 0 },
  { "clb.location.outreach", 0 },
  /* Waived: every school, boarding-school and CLB session but G2 (2
   * participants); C's practice session costs €11 (not her first). */
  { "clb.copay-free", 7 },
  { "clb.copay-free.school", 4 },
  { "clb.copay-free.boarding-school", 1 },
  { "clb.copay-free.clb", 2 },
  { "clb.copay-free.practice", 0 },
  { "clb.copay-free.home", 0 },
  { "clb.copay-free.video", 0 },
  { "clb.copay-free.outreach", 0 },
  /* 4: anxiety A, B, D, E (vulnerable A, E); one each for the others. */
  { "clb.problem.anxiety", 4 },
  { "clb.problem.anxiety.vulnerable", 2 },
  { "clb.problem.mood", 1 },
  { "clb.problem.mood.vulnerable", 1 },
  { "clb.problem.school-functioning", 1 },
  { "clb.problem.school-functioning.vulnerable", 0 },
  { "clb.problem.family", 1 },
  { "clb.problem.family.vulnerable", 1 },
  { "clb.problem.sleep", 1 },
  { "clb.problem.sleep.vulnerable", 0 },
  { "clb.problem.trauma", 0 },
  { "clb.problem.other", 0 },
  { "clb.problem.other.vulnerable", 0 },
  /* Every reason counts (attendances, the whole report): the waiver for
   * A 3 + G1, B 1 + G1, C 1, E in G1, F 1 = 9; the first individual
   * session for A, B, C, F (also waived) and G = 5; without co-payment
   * 10 attendances (the waived 9 and G's first). */
  /* 004's kind of question.  Domains: A and C psychosocial, B learning,
   * D educational career, F preventive health, E not recorded.  CLB
   * attendances: A 4, B 2, C 2, D 1, E 1, F 2 = 12. */
  { "clb.attendances", 12 },
  { "clb.domain.psychosocial.pupils", 2 },
  { "clb.domain.psychosocial.attendances", 6 },
  { "clb.domain.learning.pupils", 1 },
  { "clb.domain.learning.attendances", 2 },
  { "clb.domain.educational-career.pupils", 1 },
  { "clb.domain.educational-career.attendances", 1 },
  { "clb.domain.preventive-health.pupils", 1 },
  { "clb.domain.preventive-health.attendances", 2 },
  { "clb.domain.unknown.pupils", 1 },
  { "clb.domain.unknown.attendances", 1 },
  /* Segments: A, B, F secondary (4 + 2 + 2); C, E primary (2 + 1); D
   * special secondary (1). */
  { "clb.segment.secondary.pupils", 3 },
  { "clb.segment.secondary.attendances", 8 },
  { "clb.segment.primary.pupils", 2 },
  { "clb.segment.primary.attendances", 3 },
  { "clb.segment.special-secondary.pupils", 1 },
  { "clb.segment.special-secondary.attendances", 1 },
  { "clb.segment.dbso.pupils", 0 },
  { "clb.segment.unknown.pupils", 0 },
  { "copay-free", 10 },
  { "copay-free.clb-waiver", 9 },
  { "copay-free.first-individual-session", 5 },
  { "copay-free.age-23-or-younger", 0 },
  { "copay-free.community", 0 },
};

/* The ranking of question 4: anxiety (4), then the ones in catalogue
 * order, then the zeros. */
static const char * const clb_ranking[] = {
  "clb.problem.anxiety", "clb.problem.mood", "clb.problem.school-functioning", "clb.problem.family",
  "clb.problem.sleep", NULL
};

typedef struct
{
  char               *dir;
  char               *out;
  SessioVault        *vault;
  SessioPatientStore *store;
  gint64              engagements[3];
  gint64              pupil_a;        /* A and her trajectory */
  gint64              trajectory_a;
} ClbFixture;

static gint64
clb_group (ClbFixture   *f,
           gint64        engagement,
           const char   *when,
           const char   *location,
           const gint64 *trajectories,
           guint         n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) participants = g_array_new (FALSE, FALSE, sizeof (gint64));
  SessioSession group = { 0 };
  gint64 id;

  g_array_append_vals (participants, trajectories, n);
  group.engagement_id = engagement;
  group.starts_at = (char *) when;
  group.care = (char *) "first-line";
  group.setting = (char *) "group";
  group.location = (char *) location;
  group.context = (char *) "clb";
  group.trajectories = participants;
  id = sessio_patient_store_add_session (f->store, &group, &error);
  g_assert_no_error (error);
  return id;
}

static void
clb_set_up (ClbFixture    *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  static const char * const models[] = { "clb-salaried", "independent", "organisation-salaried" };
  Fixture helper = { 0 };
  gint64 a, b, c, d, e, ff, g, h, i, ta, tb, tc, td, te, tf, tg, th, ti, g1;
  GDate today;

  f->dir = test_make_tmpdir ();
  f->out = test_make_tmpdir ();
  f->vault = test_create_vault (f->dir, NULL);
  f->store = sessio_patient_store_new (f->vault, NULL);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 30, G_DATE_JUNE, 2024);
  sessio_clock_set_today_for_testing (&today);
  for (guint m = 0; m < 3; m++)
    {
      SessioEngagement engagement = { 0, (char *) "Netwerk Jeugd Testregio", (char *) "youth",
                                      (char *) models[m], NULL, NULL, -1 };

      f->engagements[m] = sessio_patient_store_add_engagement (f->store, &engagement, &error);
      g_assert_no_error (error);
    }

  /* The fixture helpers of the other tests, on this store. */
  helper.store = f->store;
  helper.secrets = g_ptr_array_new_with_free_func (g_free);
  a = add_patient (&helper, "Arne Testpupil", "2010-05-01", "secondary", TRUE, "anxiety", "family", 31);
  b = add_patient (&helper, "Bo Testpupil", "2008-02-02", "secondary", FALSE, "anxiety", NULL, 32);
  c = add_patient (&helper, "Cas Testpupil", "2011-11-11", "primary", TRUE, "mood", NULL, 33);
  d = add_patient (&helper, "Dina Testpupil", "2009-03-03", "special-secondary", FALSE, "anxiety",
                   "school-functioning", 34);
  e = add_patient (&helper, "Eli Testpupil", "2012-06-06", "primary", TRUE, "anxiety", NULL, 35);
  ff = add_patient (&helper, "Fee Testpupil", "2007-07-07", "secondary", FALSE, "sleep", NULL, 36);
  g = add_patient (&helper, "Gust Testpupil", "2010-10-10", "secondary", TRUE, "anxiety", NULL, 37);
  h = add_patient (&helper, "Hanne Testpupil", "2009-09-09", "secondary", FALSE, "anxiety", NULL, 38);
  i = add_patient (&helper, "Ilse Testpupil", "2010-01-15", "secondary", FALSE, "other", NULL, 39);
  g_ptr_array_unref (helper.secrets);

  ta = add_trajectory (&helper, a, f->engagements[0], "2023-09-01", NULL);
  tb = add_trajectory (&helper, b, f->engagements[0], "2023-09-01", NULL);
  tc = add_trajectory (&helper, c, f->engagements[1], "2023-09-01", NULL);
  td = add_trajectory (&helper, d, f->engagements[2], "2023-09-01", NULL);
  te = add_trajectory (&helper, e, f->engagements[0], "2023-09-01", NULL);
  tf = add_trajectory (&helper, ff, f->engagements[2], "2023-09-01", NULL);
  tg = add_trajectory (&helper, g, f->engagements[1], "2023-09-01", NULL);
  th = add_trajectory (&helper, h, f->engagements[0], "2024-02-01", NULL);
  ti = add_trajectory (&helper, i, f->engagements[0], "2023-09-01", NULL);

  add_session (&helper, ta, "2023-09-11T10:00", "first-line", "school", "clb", "held", FALSE);
  add_session (&helper, ta, "2023-10-02T10:00", "first-line", "clb", "clb", "held", FALSE);
  add_session (&helper, ta, "2023-11-06T10:00", "first-line", "school", "clb", "held", FALSE);
  add_session (&helper, tb, "2023-09-12T14:00", "first-line", "boarding-school", "clb", "held", FALSE);
  add_session (&helper, tc, "2023-09-20T09:00", "first-line", "school", "clb", "held", FALSE);
  add_session (&helper, tc, "2023-10-20T09:00", "first-line", "practice", "clb", "held", FALSE);
  add_session (&helper, tc, "2023-12-01T09:00", "first-line", "practice", "own", "held", FALSE);
  add_session (&helper, tf, "2023-11-15T11:00", "first-line", "clb", "clb", "held", FALSE);
  add_session (&helper, tg, "2023-10-10T16:00", "first-line", "practice", "own", "held", FALSE);
  add_session (&helper, th, "2024-02-05T10:00", "first-line", "school", "clb", "held", FALSE);

  {
    const struct { gint64 trajectory; const char *domain; } domains[] = {
      { ta, "psychosocial" }, { tb, "learning" }, { tc, "psychosocial" }, { td, "educational-career" },
      { tf, "preventive-health" }, { tg, "psychosocial" },
    };

    for (guint k = 0; k < G_N_ELEMENTS (domains); k++)
      g_assert_true (sessio_patient_store_set_trajectory_domain (f->store, domains[k].trajectory, domains[k].domain,
                                                                 &error));
    g_assert_no_error (error);
    /* Set and cleared again: E stays without a domain. */
    g_assert_true (sessio_patient_store_set_trajectory_domain (f->store, te, "learning", &error));
    g_assert_true (sessio_patient_store_set_trajectory_domain (f->store, te, NULL, &error));
    g_assert_false (sessio_patient_store_set_trajectory_domain (f->store, te, "leren", &error));
    g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
    g_clear_error (&error);
  }
  f->pupil_a = a;
  f->trajectory_a = ta;
  g1 = clb_group (f, f->engagements[0], "2023-10-16T13:00", "school", (const gint64[]) { ta, tb, te, ti }, 4);
  g_assert_true (sessio_patient_store_set_participant_status (f->store, g1, ti, "no-show", NULL, &error));
  g_assert_no_error (error);
  clb_group (f, f->engagements[2], "2023-12-04T13:00", "boarding-school", (const gint64[]) { td, tf }, 2);
}

static void
clb_tear_down (ClbFixture    *f,
               gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->vault);
  test_rm_rf (f->dir);
  test_rm_rf (f->out);
  g_free (f->dir);
  g_free (f->out);
  /* Back to the real clock for the next test. */
  sessio_clock_reset_for_testing ();
}

static SessioStats *
clb_compute (ClbFixture *f,
             gint64      engagement)
{
  g_autoptr(GError) error = NULL;
  GDate from, to;
  SessioStats *stats;

  g_assert_true (sessio_stats_parse_school_period ("2023-1", TRUE, &from, &to));
  stats = sessio_stats_compute (f->store, &from, &to, engagement, &error);
  g_assert_no_error (error);
  return stats;
}

static const char *
json_value (JsonObject *rows,
            const char *id,
            char        buffer[32])
{
  JsonObject *row = json_object_get_object_member (rows, id);
  JsonNode *value;

  g_assert_nonnull (row);
  value = json_object_get_member (row, "value");
  if (json_node_get_value_type (value) == G_TYPE_STRING)
    return json_node_get_string (value);
  g_snprintf (buffer, 32, "%" G_GINT64_FORMAT, json_node_get_int (value));
  return buffer;
}

/* Every figure of the CLB questions, by hand, suppression off; the same
 * read back from the JSON and the CSV; the ranking; the PDF answering
 * the four questions in order. */
static void
test_clb_semester (ClbFixture    *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioStats) stats = clb_compute (f, 0);
  g_autoptr(SessioStatsReport) report = sessio_stats_report_new (stats, 1);
  g_autoptr(JsonNode) json = sessio_stats_report_to_json (report);
  g_autoptr(JsonObject) rows = json_object_new ();
  g_autofree char *csv = sessio_stats_report_to_csv (report);
  g_autofree char *pdf_path = g_build_filename (f->out, "clb.pdf", NULL);
  g_autofree char *txt_path = g_build_filename (f->out, "clb.txt", NULL);
  g_autofree char *text = NULL;
  const SessioStatsSection *section = sessio_stats_report_find_section (report, "clb");
  JsonArray *sections = json_object_get_array_member (json_node_get_object (json), "sections");
  const char *questions[] = { "1. Pupils", "2. Sessions by who held them", "3. Where the sessions took place",
                              "4. Problems that came up most", NULL };
  const char *last = NULL;

  g_assert_nonnull (section);
  for (guint k = 0; k < json_array_get_length (sections); k++)
    {
      JsonObject *sec = json_array_get_object_element (sections, k);
      JsonArray *list = json_object_get_array_member (sec, "rows");

      for (guint r = 0; r < json_array_get_length (list); r++)
        {
          JsonObject *row = json_array_get_object_element (list, r);

          json_object_set_object_member (rows, json_object_get_string_member (row, "id"),
                                         json_object_ref (row));
        }
    }

  for (guint k = 0; k < G_N_ELEMENTS (clb_expected); k++)
    {
      const Expected *x = &clb_expected[k];
      const SessioStatsRow *row = sessio_stats_report_find_row (report, x->id);
      g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, x->value);
      g_autofree char *csv_line = NULL;
      char buffer[32];

      if (g_test_verbose ())
        g_test_message ("%s: %" G_GINT64_FORMAT, x->id, x->value);
      g_assert_cmpint (sessio_stats_get (stats, x->id), ==, x->value);
      g_assert_nonnull (row);
      g_assert_false (row->suppressed);
      g_assert_cmpstr (json_value (rows, x->id, buffer), ==, expected);
      csv_line = g_strdup_printf (",\"%s\",\"%s\",\"%s\"\r\n", x->id, row->label, expected);
      g_assert_nonnull (strstr (csv, csv_line));
    }

  /* Question 4 ranked by pupils, each with its vulnerable-home row. */
  {
    guint first = 0;

    while (!g_str_has_prefix (((SessioStatsRow *) section->rows->pdata[first])->id, "clb.problem."))
      first++;
    for (guint k = 0; clb_ranking[k] != NULL; k++)
      {
        g_autofree char *vulnerable = g_strconcat (clb_ranking[k], ".vulnerable", NULL);

        g_assert_cmpstr (((SessioStatsRow *) section->rows->pdata[first + 2 * k])->id, ==, clb_ranking[k]);
        g_assert_cmpstr (((SessioStatsRow *) section->rows->pdata[first + 2 * k + 1])->id, ==, vulnerable);
      }
  }

  /* Sessions per pupil: 6 / 2 = 3.0 for the psychosocial domain, 8 / 3 for
   * secondary education. */
  g_assert_cmpfloat_with_epsilon (sessio_stats_report_find_row (report, "clb.domain.psychosocial.per-pupil")->value,
                                  3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (sessio_stats_report_find_row (report, "clb.segment.secondary.per-pupil")->value,
                                  8.0 / 3.0, 1e-9);
  g_assert_false (sessio_stats_report_find_row (report, "clb.segment.dbso.per-pupil")->available);
  g_assert_cmpstr (sessio_stats_report_find_row (report, "clb.domain.psychosocial.per-pupil")->label, ==,
                   "Psychological and social functioning: sessions per pupil");
  g_assert_cmpstr (sessio_stats_report_find_row (report, "clb.segment.unknown.pupils")->label, ==,
                   "Segment not recorded: pupils");

  /* The PDF answers the four questions in their order. */
  g_assert_true (sessio_stats_report_write_pdf (report, pdf_path, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf_path, txt_path);
  for (guint q = 0; questions[q] != NULL; q++)
    {
      const char *at = strstr (text, questions[q]);

      g_assert_nonnull (at);
      g_assert_true (last == NULL || at > last);
      last = at;
    }
  g_assert_nonnull (strstr (text, "Psychological help organised with a CLB"));
  g_assert_true (g_regex_match_simple ("\\(b\\) Self-employed psychologist working with the CLB\\s+2\\n", text, 0, 0));
  g_assert_true (g_regex_match_simple ("Without co-payment at: School\\s+4\\n", text, 0, 0));
}

/* The whole school year 2023-2024 adds H: one individual CLB session at
 * school on 5 February 2024 (E1, still rule set 2023-09-01: waived, and
 * her first), anxiety, not vulnerable, secondary, no domain.  Every other
 * figure is the semester's. */
static void
test_clb_school_year (ClbFixture    *f,
                      gconstpointer  data)
{
  static const Expected changed[] = {
    { "clb.pupils", 7 }, { "clb.pupils.individual-only", 2 },
    { "clb.sessions", 10 }, { "clb.sessions.individual", 8 },
    { "clb.model.clb-salaried", 6 }, { "clb.location.school", 5 },
    { "clb.copay-free", 8 }, { "clb.copay-free.school", 5 },
    { "clb.problem.anxiety", 5 },
    { "clb.attendances", 13 }, { "clb.domain.unknown.pupils", 2 }, { "clb.domain.unknown.attendances", 2 },
    { "clb.segment.secondary.pupils", 4 }, { "clb.segment.secondary.attendances", 9 },
    { "copay-free", 11 }, { "copay-free.clb-waiver", 10 }, { "copay-free.first-individual-session", 6 },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioStats) stats = NULL;
  GDate from, to;

  g_assert_true (sessio_stats_parse_school_period ("2023", FALSE, &from, &to));
  stats = sessio_stats_compute (f->store, &from, &to, 0, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < G_N_ELEMENTS (clb_expected); k++)
    {
      gint64 value = clb_expected[k].value;

      for (guint c = 0; c < G_N_ELEMENTS (changed); c++)
        if (strcmp (changed[c].id, clb_expected[k].id) == 0)
          value = changed[c].value;
      if (g_test_verbose ())
        g_test_message ("%s: %" G_GINT64_FORMAT, clb_expected[k].id, value);
      g_assert_cmpint (sessio_stats_get (stats, clb_expected[k].id), ==, value);
    }
}

/* Erasing a pupil erases her trajectories' guidance domain too. */
static void
test_clb_domain_erased (ClbFixture    *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = sessio_patient_store_get_trajectory_domain (f->store, f->trajectory_a, &error);
  g_autofree char *after = NULL;

  g_assert_cmpstr (before, ==, "psychosocial");
  /* Past the 30 years a file is kept after the last contact. */
  {
    g_autoptr(GDate) later = g_date_new_dmy (1, 1, 2060);

    sessio_clock_set_today_for_testing (later);
  }
  g_assert_true (sessio_patient_store_erase_patient (f->store, f->pupil_a, &error));
  g_assert_no_error (error);
  after = sessio_patient_store_get_trajectory_domain (f->store, f->trajectory_a, &error);
  g_assert_no_error (error);
  g_assert_null (after);
}

/* Suppression on (threshold 5): counts 1 to 4 read "<5", zeros 0; the
 * sessions line of two (7 + 2) needs a complement: the 7 becomes "x";
 * the totals stay.  Published figures are the hand ones. */
static void
test_clb_suppressed (ClbFixture    *f,
                     gconstpointer  data)
{
  g_autoptr(SessioStats) stats = clb_compute (f, 0);
  g_autoptr(SessioStatsReport) report = sessio_stats_report_new (stats, 5);
  g_autofree char *csv = sessio_stats_report_to_csv (report);

  for (guint k = 0; k < G_N_ELEMENTS (clb_expected); k++)
    {
      const Expected *x = &clb_expected[k];
      const SessioStatsRow *row = sessio_stats_report_find_row (report, x->id);
      g_autofree char *shown = sessio_stats_report_format_row (report, row);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, x->value);

      if (x->value == 0)
        g_assert_cmpstr (shown, ==, "0");
      else if (x->value < 5)
        g_assert_cmpstr (shown, ==, "<5");
      else
        g_assert_true (g_strcmp0 (shown, number) == 0 || g_strcmp0 (shown, "x") == 0);
    }
  {
    g_autofree char *individual = sessio_stats_report_format_row (report,
                                                                  sessio_stats_report_find_row (report, "clb.sessions.individual"));

    g_assert_cmpstr (individual, ==, "x");
  }
  g_assert_cmpint (sessio_stats_report_find_row (report, "clb.sessions")->count, ==, 9);
  g_assert_false (sessio_stats_report_find_row (report, "clb.sessions")->suppressed);
  g_assert_false (sessio_stats_report_find_row (report, "clb.pupils")->suppressed);
  /* The legend travels with the CSV. */
  g_assert_nonnull (strstr (csv, "\"report\",\"legend\","));
}

/* The published relations among the new cross tables: a total, then its
 * parts. */
static const char * const clb_lines[][10] = {
  { "clb.pupils", "clb.pupils.individual-only", "clb.pupils.group-only", "clb.pupils.both", NULL },
  { "clb.sessions", "clb.sessions.individual", "clb.sessions.group", NULL },
  { "clb.sessions", "clb.model.clb-salaried", "clb.model.independent", "clb.model.organisation-salaried", NULL },
  { "clb.sessions", "clb.location.school", "clb.location.boarding-school", "clb.location.clb",
    "clb.location.practice", "clb.location.home", "clb.location.video", "clb.location.outreach", NULL },
  { "clb.copay-free", "clb.copay-free.school", "clb.copay-free.boarding-school", "clb.copay-free.clb",
    "clb.copay-free.practice", "clb.copay-free.home", "clb.copay-free.video", "clb.copay-free.outreach", NULL },
  { "clb.attendances", "clb.domain.learning.attendances", "clb.domain.educational-career.attendances",
    "clb.domain.psychosocial.attendances", "clb.domain.preventive-health.attendances",
    "clb.domain.unknown.attendances", NULL },
  { "clb.attendances", "clb.segment.primary.attendances", "clb.segment.special-primary.attendances",
    "clb.segment.secondary.attendances", "clb.segment.special-secondary.attendances",
    "clb.segment.dbso.attendances", "clb.segment.higher.attendances", "clb.segment.none.attendances",
    "clb.segment.unknown.attendances", NULL },
  { "clb.pupils", "clb.segment.primary.pupils", "clb.segment.special-primary.pupils",
    "clb.segment.secondary.pupils", "clb.segment.special-secondary.pupils", "clb.segment.dbso.pupils",
    "clb.segment.higher.pupils", "clb.segment.none.pupils", "clb.segment.unknown.pupils", NULL },
};

/* No suppressed cell of the CLB tables can be worked out from its row,
 * column or section totals: checked without the code's elimination, by
 * peeling (a line with one unknown gives it away, and what it gives away
 * is known from then on, across the lines that share a total) and, line
 * by line, by enumerating what "<T" and "x" allow. */
static void
assert_clb_safe (SessioStatsReport *report,
                 guint              threshold)
{
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  gint64 v[64];
  gboolean hidden[64], small[64], known[64];
  gboolean changed = TRUE;
  guint n_hidden = 0;

  for (guint l = 0; l < G_N_ELEMENTS (clb_lines); l++)
    for (guint k = 0; clb_lines[l][k] != NULL; k++)
      if (!g_hash_table_contains (index, clb_lines[l][k]))
        {
          const SessioStatsRow *row = sessio_stats_report_find_row (report, clb_lines[l][k]);

          g_assert_nonnull (row);
          g_assert_cmpuint (ids->len, <, G_N_ELEMENTS (v));
          g_hash_table_insert (index, (gpointer) clb_lines[l][k], GUINT_TO_POINTER (ids->len));
          v[ids->len] = row->count;
          hidden[ids->len] = row->suppressed;
          small[ids->len] = row->suppressed && row->small;
          known[ids->len] = !row->suppressed;
          n_hidden += row->suppressed;
          /* Primary exactly on 1 to T - 1, zeros shown. */
          g_assert_cmpint (row->small && row->suppressed, ==, row->count > 0 && row->count < (gint64) threshold);
          if (row->count == 0)
            g_assert_false (row->suppressed);
          g_ptr_array_add (ids, (gpointer) clb_lines[l][k]);
        }

  while (changed)
    {
      changed = FALSE;
      for (guint l = 0; l < G_N_ELEMENTS (clb_lines); l++)
        {
          guint unknown = 0, which = 0;

          for (guint k = 0; clb_lines[l][k] != NULL; k++)
            {
              guint c = GPOINTER_TO_UINT (g_hash_table_lookup (index, clb_lines[l][k]));

              if (!known[c])
                {
                  unknown++;
                  which = c;
                }
            }
          if (unknown == 1)
            {
              g_error ("%s can be worked out from its line", (const char *) ids->pdata[which]);
              known[which] = changed = TRUE;
            }
        }
    }

  for (guint l = 0; l < G_N_ELEMENTS (clb_lines); l++)
    {
      guint cells[10];
      int coefs[10];
      guint n = 0;

      for (guint k = 0; clb_lines[l][k] != NULL; k++, n++)
        {
          cells[n] = GPOINTER_TO_UINT (g_hash_table_lookup (index, clb_lines[l][k]));
          coefs[n] = k == 0 ? -1 : 1;
        }
      check_line_intervals (v, hidden, small, cells, coefs, n, threshold, v[cells[0]] + 1000);
    }
  if (g_test_verbose ())
    g_test_message ("%u hidden cells in the CLB tables", n_hidden);
}

/* Before and after merging three team files: the three psychologists
 * (one per engagement) of the semester, and three copies of the whole
 * (every count three times: other cells cross the threshold). */
static void
test_clb_merge_suppression (ClbFixture    *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioStats) whole = clb_compute (f, 0);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) sessio_stats_free);
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func ((GDestroyNotify) sessio_stats_free);
  g_autoptr(SessioStats) merged = NULL;
  g_autoptr(SessioStats) tripled = NULL;

  for (guint threshold = 2; threshold <= 6; threshold++)
    {
      g_autoptr(SessioStatsReport) report = sessio_stats_report_new (whole, threshold);

      assert_clb_safe (report, threshold);
    }

  for (guint m = 0; m < 3; m++)
    {
      g_autoptr(SessioStats) own = clb_compute (f, f->engagements[m]);
      g_autofree char *path = g_strdup_printf ("%s/team-%u.json", f->out, m);
      g_autofree char *copy = g_strdup_printf ("%s/copy-%u.json", f->out, m);

      g_assert_true (sessio_stats_write_anon (own, path, &error));
      g_assert_true (sessio_stats_write_anon (whole, copy, &error));
      g_assert_no_error (error);
      g_ptr_array_add (parts, sessio_stats_load_anon (path, &error));
      g_ptr_array_add (copies, sessio_stats_load_anon (copy, &error));
      g_assert_no_error (error);
    }
  merged = sessio_stats_merge ((SessioStats * const *) parts->pdata, parts->len, &error);
  g_assert_no_error (error);
  tripled = sessio_stats_merge ((SessioStats * const *) copies->pdata, copies->len, &error);
  g_assert_no_error (error);

  /* Each pupil and session belongs to one engagement here: the three
   * files add up to the whole, figure by figure. */
  for (guint k = 0; k < G_N_ELEMENTS (clb_expected); k++)
    {
      g_assert_cmpint (sessio_stats_get (merged, clb_expected[k].id), ==, clb_expected[k].value);
      g_assert_cmpint (sessio_stats_get (tripled, clb_expected[k].id), ==, 3 * clb_expected[k].value);
    }
  for (guint threshold = 2; threshold <= 11; threshold++)
    {
      g_autoptr(SessioStatsReport) a = sessio_stats_report_new (merged, threshold);
      g_autoptr(SessioStatsReport) b = sessio_stats_report_new (tripled, threshold);

      assert_clb_safe (a, threshold);
      assert_clb_safe (b, threshold);
    }
}

static void
assert_range (SessioStatsPeriod  period,
              int                school_year,
              const char        *today_text,
              const char        *from_text,
              const char        *to_text)
{
  GDate today, from, to;
  char from_iso[11], to_iso[11];

  g_assert_true (sessio_date_parse_iso (today_text, &today));
  sessio_stats_period_range (period, school_year, &today, &from, &to);
  sessio_date_to_iso (&from, from_iso);
  sessio_date_to_iso (&to, to_iso);
  g_assert_cmpstr (from_iso, ==, from_text);
  g_assert_cmpstr (to_iso, ==, to_text);
}

/* Periods as schools count them, worked out on a calendar. */
static void
test_periods (void)
{
  GDate day, from, to;
  char iso[11];

  g_assert_true (sessio_date_parse_iso ("2024-08-31", &day));
  g_assert_cmpint (sessio_stats_school_year_of (&day), ==, 2023);
  g_assert_true (sessio_date_parse_iso ("2024-09-01", &day));
  g_assert_cmpint (sessio_stats_school_year_of (&day), ==, 2024);

  assert_range (SESSIO_STATS_PERIOD_SCHOOL_YEAR, 2023, "2026-01-15", "2023-09-01", "2024-08-31");
  /* 2024 is a leap year: the first semester still ends on 31 January. */
  assert_range (SESSIO_STATS_PERIOD_FIRST_SEMESTER, 2023, "2026-01-15", "2023-09-01", "2024-01-31");
  assert_range (SESSIO_STATS_PERIOD_SECOND_SEMESTER, 2023, "2026-01-15", "2024-02-01", "2024-08-31");
  assert_range (SESSIO_STATS_PERIOD_THIS_MONTH, 0, "2024-02-10", "2024-02-01", "2024-02-29");
  assert_range (SESSIO_STATS_PERIOD_LAST_MONTH, 0, "2025-01-10", "2024-12-01", "2024-12-31");
  assert_range (SESSIO_STATS_PERIOD_THIS_QUARTER, 0, "2025-05-31", "2025-04-01", "2025-06-30");
  assert_range (SESSIO_STATS_PERIOD_LAST_QUARTER, 0, "2025-02-28", "2024-10-01", "2024-12-31");
  assert_range (SESSIO_STATS_PERIOD_LAST_QUARTER, 0, "2025-12-01", "2025-07-01", "2025-09-30");
  assert_range (SESSIO_STATS_PERIOD_THIS_YEAR, 0, "2025-07-04", "2025-01-01", "2025-12-31");
  assert_range (SESSIO_STATS_PERIOD_LAST_YEAR, 0, "2025-07-04", "2024-01-01", "2024-12-31");

  g_assert_true (sessio_stats_parse_school_period ("2023-1", TRUE, &from, &to));
  sessio_date_to_iso (&to, iso);
  g_assert_cmpstr (iso, ==, "2024-01-31");
  g_assert_true (sessio_stats_parse_school_period ("2025", FALSE, &from, &to));
  sessio_date_to_iso (&from, iso);
  g_assert_cmpstr (iso, ==, "2025-09-01");
  for (guint i = 0; i < 7; i++)
    {
      const char *bad[] = { "2023-3", "2023", "23-1", "2023-1x", "-023-1", "abcd-1", "2023-01" };

      g_assert_false (sessio_stats_parse_school_period (bad[i], TRUE, &from, &to));
    }
  g_assert_false (sessio_stats_parse_school_period ("2023-1", FALSE, &from, &to));
  g_assert_false (sessio_stats_parse_school_period ("+202", FALSE, &from, &to));
}

static void
test_anon_strict (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioStats) ok = NULL, other = NULL;
  SessioStats *parts[2];
  const char *good = "{\"format\":\"sessio-stats-anon\",\"version\":2,\"from\":\"2025-01-01\","
                     "\"to\":\"2025-03-31\",\"sources\":1,\"targets\":{\"youth\":10,\"adult\":null},"
                     "\"counts\":{\"patients\":7,\"month.2025-02\":3}}";

  ok = sessio_stats_new_from_anon (good, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sessio_stats_get (ok, "patients"), ==, 7);
  g_assert_cmpint (sessio_stats_get (ok, "month.2025-02"), ==, 3);
  g_assert_cmpint (sessio_stats_get_target (ok, "adult"), ==, -1);

  assert_refused_anon ("not json", SESSIO_ERROR_INVALID_INPUT);
  /* Version 1 counted co-payment reasons once and had no CLB counts. */
  assert_refused_anon ("{\"format\":\"sessio-stats-anon\",\"version\":1,\"from\":\"2025-01-01\",\"to\":\"2025-03-31\","
                       "\"sources\":1,\"targets\":{\"youth\":10,\"adult\":8},\"counts\":{}}", SESSIO_ERROR_INVALID_INPUT);
  assert_refused_anon ("{\"format\":\"sessio-stats-anon\",\"version\":3,\"from\":\"2025-01-01\",\"to\":\"2025-03-31\","
                       "\"sources\":1,\"targets\":{\"youth\":10,\"adult\":8},\"counts\":{}}", SESSIO_ERROR_INVALID_INPUT);
  /* A name smuggled in as a member, a count as text, a negative count,
   * an unknown key, a month outside the period. */
  assert_refused_anon ("{\"format\":\"sessio-stats-anon\",\"version\":2,\"from\":\"2025-01-01\",\"to\":\"2025-03-31\","
                       "\"sources\":1,\"targets\":{\"youth\":10,\"adult\":8},\"counts\":{},\"name\":\"X\"}",
                       SESSIO_ERROR_INVALID_INPUT);
  assert_refused_anon ("{\"format\":\"sessio-stats-anon\",\"version\":2,\"from\":\"2025-01-01\",\"to\":\"2025-03-31\","
                       "\"sources\":1,\"targets\":{\"youth\":10,\"adult\":8},\"counts\":{\"patients\":\"Jan\"}}",
                       SESSIO_ERROR_INVALID_INPUT);
  assert_refused_anon ("{\"format\":\"sessio-stats-anon\",\"version\":2,\"from\":\"2025-01-01\",\"to\":\"2025-03-31\","
                       "\"sources\":1,\"targets\":{\"youth\":10,\"adult\":8},\"counts\":{\"patients\":-1}}",
                       SESSIO_ERROR_INVALID_INPUT);
  assert_refused_anon ("{\"format\":\"sessio-stats-anon\",\"version\":2,\"from\":\"2025-01-01\",\"to\":\"2025-03-31\","
                       "\"sources\":1,\"targets\":{\"youth\":10,\"adult\":8},\"counts\":{\"Jan Peeters\":1}}",
                       SESSIO_ERROR_INVALID_INPUT);
  assert_refused_anon ("{\"format\":\"sessio-stats-anon\",\"version\":2,\"from\":\"2025-01-01\",\"to\":\"2025-03-31\","
                       "\"sources\":1,\"targets\":{\"youth\":10,\"adult\":8},\"counts\":{\"month.2025-04\":1}}",
                       SESSIO_ERROR_INVALID_INPUT);

  /* Different periods are not added up. */
  other = sessio_stats_new_from_anon ("{\"format\":\"sessio-stats-anon\",\"version\":2,\"from\":\"2025-01-01\","
                                      "\"to\":\"2025-06-30\",\"sources\":1,\"targets\":{\"youth\":10,\"adult\":8},"
                                      "\"counts\":{}}", -1, &error);
  g_assert_no_error (error);
  parts[0] = ok;
  parts[1] = other;
  g_assert_null (sessio_stats_merge (parts, 2, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
}

#define add_test(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  test_init (&argc, &argv);

  add_test ("/stats/figures", test_figures);
  add_test ("/stats/engagement-filter", test_engagement_filter);
  add_test ("/stats/report-suppression", test_report_suppression);
  add_test ("/stats/exports", test_exports);
  add_test ("/stats/anon-merge", test_anon_merge);
  g_test_add_func ("/stats/anon-strict", test_anon_strict);
  g_test_add_func ("/stats/periods", test_periods);
  g_test_add ("/stats/clb/semester", ClbFixture, NULL, clb_set_up, test_clb_semester, clb_tear_down);
  g_test_add ("/stats/clb/suppressed", ClbFixture, NULL, clb_set_up, test_clb_suppressed, clb_tear_down);
  g_test_add ("/stats/clb/school-year", ClbFixture, NULL, clb_set_up, test_clb_school_year, clb_tear_down);
  g_test_add ("/stats/clb/domain-erased", ClbFixture, NULL, clb_set_up, test_clb_domain_erased, clb_tear_down);
  g_test_add ("/stats/clb/merge-suppression", ClbFixture, NULL, clb_set_up, test_clb_merge_suppression,
              clb_tear_down);
  g_test_add_func ("/stats/suppression/random-tables", test_suppression_random_tables);
  g_test_add_func ("/stats/suppression/shared-total", test_suppression_shared_total);

  return g_test_run ();
}
