/* sessio-devdata.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-devdata.h"
#include "sessio-ident.h"

static const char *const first_names[] = {
  "Amber", "Arne", "Bo", "Chloë", "Daan", "Elif", "Emma", "Febe", "Finn", "Hamza",
  "Ilyas", "Ines", "Jade", "Jonas", "Kobe", "Lena", "Lotte", "Louis", "Lucas", "Manon",
  "Mila", "Nora", "Noah", "Olivia", "Rayan", "Roos", "Sem", "Sofia", "Stan", "Wout",
  "Yasmine", "Zoë", "Camille", "Théo", "Jules", "Léa", "Maxime", "Hugo", "Anouk", "Lars",
};

static const char *const last_names[] = {
  "Aerts", "Baeten", "Claes", "Declercq", "De Smedt", "Dubois", "El Amrani", "Goossens",
  "Hermans", "Jacobs", "Janssens", "Lambrecht", "Lemaire", "Maes", "Martens", "Mertens",
  "Michiels", "Peeters", "Pauwels", "Renard", "Segers", "Smets", "Stevens", "Thys",
  "Van Damme", "Van den Broeck", "Vandamme", "Verbeke", "Verhoeven", "Willems", "Wouters",
  "Yilmaz", "Lefèvre", "Dumont", "Lambert", "Simon", "Laurent", "Vermeulen", "Coppens",
};

static const char *const schools[] = {
  "Sint-Jozefscollege", "Atheneum De Brug", "Basisschool De Regenboog", "Sint-Ursula-Instituut",
  "GO! Campus Zuid", "Vrije Basisschool Het Anker", "Technisch Instituut Sint-Lucas",
};

/* The ids of sessio_education_segments(), secondary education most
 * often, as in a CLB's caseload; test-patients checks that every one is
 * known to the store. */
static const char *const segments[] = {
  "primary", "special-primary", "secondary", "secondary", "secondary", "special-secondary",
  "dbso", "higher", "none",
};

static const char *const problems[] = {
  "anxiety", "mood", "school-functioning", "social", "family", "trauma", "self-image", "sleep",
};

/* The same number of choices, so that a seed draws the same names: no
 * "functioning at school" for an adult. */
static const char *const adult_problems[] = {
  "anxiety", "mood", "grief", "social", "family", "trauma", "self-image", "sleep",
};

static const char *const note_parts[] = {
  "Gesprek over slaap en concentratie in de klas.",
  "Oefeningen rond ademhaling en ontspanning besproken.",
  "Situatie thuis is rustiger; afspraken met ouders opgevolgd.",
  "Piekergedachten in kaart gebracht met een dagboek.",
  "Samen een stappenplan voor de examens opgesteld.",
  "Afstemming met CLB-medewerker over verdere begeleiding.",
  "Doelen herbekeken; motivatie is goed.",
  "Psycho-educatie over stress en herstel gegeven.",
};

static const char *const insurers[] = { "116", "203", "319", "407", "509", "600", "922" };

typedef struct
{
  GRand      *rand;
  GHashTable *insz_used;
} Gen;

static const char *
pick (Gen               *gen,
      const char *const *list,
      guint              n)
{
  return list[g_rand_int_range (gen->rand, 0, (gint32) n)];
}

#define PICK(gen, list) pick ((gen), (list), G_N_ELEMENTS (list))

static char *
make_note (Gen *gen)
{
  /* About 100 bytes: two sentences. */
  return g_strdup_printf ("%s %s", PICK (gen, note_parts), PICK (gen, note_parts));
}

static void
random_date (Gen   *gen,
             GDate *date,
             guint  from_julian,
             guint  days)
{
  g_date_clear (date, 1);
  g_date_set_julian (date, from_julian + (guint) g_rand_int_range (gen->rand, 0, (gint32) MAX (days, 1)));
}

/* A session that fell on a day off moves back to the Friday before (the
 * Monday after when that is before the trajectory's start).  Adults may
 * also be seen on Saturday. */
static void
weekend_to_friday (GDate    *date,
                   gboolean  school,
                   guint     not_before)
{
  GDateWeekday day = g_date_get_weekday (date);
  guint back = day == G_DATE_SUNDAY ? 2 : day == G_DATE_SATURDAY && school ? 1 : 0;

  if (back == 0)
    return;
  /* Not before the trajectory started: then the Monday after. */
  if (g_date_get_julian (date) - back < not_before)
    g_date_add_days (date, day == G_DATE_SUNDAY ? 1 : 2);
  else
    g_date_subtract_days (date, back);
}

static char *
iso_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static guint
julian_of (guint y, guint m, guint d)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return g_date_get_julian (&date);
}

static gboolean
step (sqlite3_stmt  *stmt,
      GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The database refused the change"));
      return FALSE;
    }
  return TRUE;
}

static gint64
max_id (sqlite3    *db,
        const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce(max(id), 0) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return id;
}

typedef struct
{
  gint64   id;
  gint64   engagement;
  gboolean youth;
  guint    start;       /* julian */
} Trajectory;

gboolean
sessio_devdata_generate (sqlite3                    *db,
                         const SessioDevdataOptions *options,
                         SessioDevdataTxnFunc        txn,
                         gpointer                    user_data,
                         GError                    **error)
{
  Gen gen = { g_rand_new_with_seed (options->seed), g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
  sqlite3_stmt *ins_patient = NULL, *ins_traj = NULL, *ins_session = NULL, *ins_problem = NULL,
               *ins_guardian = NULL, *ins_participant = NULL;
  g_autoptr(GArray) trajectories = g_array_new (FALSE, FALSE, sizeof (Trajectory));
  guint total = options->patients + options->sessions;
  guint per_txn = MAX (1, total / MAX (options->transactions, 1));
  guint in_txn = 0;
  gboolean open_txn = FALSE;
  gint64 clb_engagement, independent_engagement, patient_id, traj_id, session_id;
  guint today = options->today != 0 ? options->today : julian_of (2025, 6, 30);
  /* Fixed data starts with the 2024 convention; data ending today spans
   * the 14 months before it. */
  guint first_start = options->today != 0 ? today - 425 : julian_of (2024, 4, 1);
  gboolean ok = FALSE;
  sqlite3_stmt *existing = NULL;

#define BEGIN_IF_NEEDED() \
  if (!open_txn) { if (!txn (user_data, SESSIO_DEVDATA_BEGIN, error)) goto out; open_txn = TRUE; }
#define COMMIT() \
  { open_txn = FALSE; in_txn = 0; if (!txn (user_data, SESSIO_DEVDATA_COMMIT, error)) goto out; }
#define COUNT_ROW() \
  if (++in_txn >= per_txn) COMMIT ()

  /* INSZ numbers are unique in a vault: remember those already there. */
  if (sqlite3_prepare_v2 (db, "SELECT insz FROM patient WHERE insz IS NOT NULL", -1, &existing, NULL) == SQLITE_OK)
    while (sqlite3_step (existing) == SQLITE_ROW)
      g_hash_table_add (gen.insz_used, g_strdup ((const char *) sqlite3_column_text (existing, 0)));
  sqlite3_finalize (existing);

  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO patient (id, name, birth_date, insz, sex, insurer, bim, bim_valid_from,"
                          " phone, language, school, education_segment, consent_date, consent_scope,"
                          " vulnerable, notes, created_at)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?13)",
                          -1, &ins_patient, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db,
                          "INSERT INTO trajectory (id, patient_id, engagement_id, start_date, bilan_date, bilan_summary)"
                          " VALUES (?, ?, ?, ?, ?, ?)", -1, &ins_traj, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db,
                          "INSERT INTO session (id, engagement_id, trajectory_id, starts_at, duration_min, care_type,"
                          " setting, location, context, status, participants, co_facilitator, copay, notes)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &ins_session, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO patient_problem (patient_id, category) VALUES (?, ?)",
                          -1, &ins_problem, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO guardian (patient_id, name, relation, phone) VALUES (?, ?, ?, ?)",
                          -1, &ins_guardian, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO group_participant (session_id, trajectory_id, copay)"
                          " VALUES (?, ?, 'not-due')", -1, &ins_participant, NULL) != SQLITE_OK)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The vault has no patient file tables"));
      goto out;
    }

  /* The provider and both kinds of engagement. */
  BEGIN_IF_NEEDED ();
  clb_engagement = max_id (db, "engagement") + 1;
  independent_engagement = clb_engagement + 1;
  {
    g_autofree char *sql = g_strdup_printf (
      "INSERT OR IGNORE INTO provider (id, name, riziv) VALUES (1, 'Demo Psycholoog', '12345678901');"
      "INSERT INTO engagement (id, network_name, network, model, invoice_to, language, weekly_contingent)"
      "  VALUES (%" G_GINT64_FORMAT ", 'Netwerk Jeugd Demo', 'youth', 'clb-salaried', 'Vrij CLB Demo', 'nl', 8);"
      "INSERT INTO engagement (id, network_name, network, model, invoice_to, language)"
      "  VALUES (%" G_GINT64_FORMAT ", 'Netwerk Volwassenen Demo', 'adult', 'independent', NULL, 'nl');",
      clb_engagement, independent_engagement);

    if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
      {
        g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                             _("The database refused the change"));
        goto out;
      }
  }
  COMMIT ();

  patient_id = max_id (db, "patient");
  traj_id = max_id (db, "trajectory");
  session_id = max_id (db, "session");

  for (guint i = 0; i < options->patients; i++)
    {
      gboolean youth = g_rand_boolean (gen.rand);
      gboolean male = g_rand_boolean (gen.rand);
      GDate birth, start, bilan;
      Trajectory t;
      char insz[SESSIO_INSZ_LEN] = "";
      g_autofree char *name = NULL;
      g_autofree char *birth_text = NULL;
      g_autofree char *start_text = NULL;
      g_autofree char *bilan_text = NULL;
      g_autofree char *note = make_note (&gen);
      g_autofree char *phone = g_strdup_printf ("04%02d %02d %02d %02d", g_rand_int_range (gen.rand, 70, 99),
                                                g_rand_int_range (gen.rand, 0, 99), g_rand_int_range (gen.rand, 0, 99),
                                                g_rand_int_range (gen.rand, 0, 99));
      gboolean bim = g_rand_int_range (gen.rand, 0, 5) == 0;

      BEGIN_IF_NEEDED ();

      /* Pupils are 6 to 22 on the day their trajectory starts, adults 18 to 80. */
      random_date (&gen, &start, first_start, today - first_start - 30);
      if (youth)
        random_date (&gen, &birth, g_date_get_julian (&start) - 22 * 365, 16 * 365);
      else
        random_date (&gen, &birth, g_date_get_julian (&start) - 80 * 365, 62 * 365);

      for (guint serial = i; serial < i + 498; serial++)
        {
          sessio_insz_generate (&birth, male, serial, insz);
          if (!g_hash_table_contains (gen.insz_used, insz))
            break;
        }
      if (g_hash_table_contains (gen.insz_used, insz))
        insz[0] = '\0';
      else
        g_hash_table_add (gen.insz_used, g_strdup (insz));

      name = g_strdup_printf ("%s %s", PICK (&gen, first_names), PICK (&gen, last_names));
      birth_text = iso_date (&birth);
      start_text = iso_date (&start);

      patient_id++;
      sqlite3_bind_int64 (ins_patient, 1, patient_id);
      sqlite3_bind_text (ins_patient, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins_patient, 3, birth_text, -1, SQLITE_TRANSIENT);
      if (insz[0] != '\0')
        sqlite3_bind_text (ins_patient, 4, insz, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins_patient, 5, male ? "m" : "f", -1, SQLITE_STATIC);
      sqlite3_bind_text (ins_patient, 6, PICK (&gen, insurers), -1, SQLITE_STATIC);
      sqlite3_bind_int (ins_patient, 7, bim);
      if (bim)
        sqlite3_bind_text (ins_patient, 8, "2024-01-01", -1, SQLITE_STATIC);
      sqlite3_bind_text (ins_patient, 9, phone, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins_patient, 10, g_rand_int_range (gen.rand, 0, 10) < 7 ? "nl" : "fr", -1, SQLITE_STATIC);
      if (youth)
        {
          sqlite3_bind_text (ins_patient, 11, PICK (&gen, schools), -1, SQLITE_STATIC);
          sqlite3_bind_text (ins_patient, 12, PICK (&gen, segments), -1, SQLITE_STATIC);
        }
      sqlite3_bind_text (ins_patient, 13, start_text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins_patient, 14, "care-and-billing", -1, SQLITE_STATIC);
      sqlite3_bind_int (ins_patient, 15, g_rand_int_range (gen.rand, 0, 12) == 0);
      sqlite3_bind_text (ins_patient, 16, note, -1, SQLITE_TRANSIENT);
      if (!step (ins_patient, error))
        goto out;

      sqlite3_bind_int64 (ins_problem, 1, patient_id);
      sqlite3_bind_text (ins_problem, 2, youth ? PICK (&gen, problems) : PICK (&gen, adult_problems),
                         -1, SQLITE_STATIC);
      if (!step (ins_problem, error))
        goto out;

      if (youth && g_date_get_julian (&start) - g_date_get_julian (&birth) < 18 * 365)
        {
          g_autofree char *guardian = g_strdup_printf ("%s %s", PICK (&gen, first_names), PICK (&gen, last_names));

          sqlite3_bind_int64 (ins_guardian, 1, patient_id);
          sqlite3_bind_text (ins_guardian, 2, guardian, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ins_guardian, 3, "parent", -1, SQLITE_STATIC);
          sqlite3_bind_text (ins_guardian, 4, phone, -1, SQLITE_TRANSIENT);
          if (!step (ins_guardian, error))
            goto out;
        }

      /* The functional assessment, usually in the first weeks. */
      t.id = ++traj_id;
      t.engagement = youth ? clb_engagement : independent_engagement;
      t.youth = youth;
      t.start = g_date_get_julian (&start);
      sqlite3_bind_int64 (ins_traj, 1, t.id);
      sqlite3_bind_int64 (ins_traj, 2, patient_id);
      sqlite3_bind_int64 (ins_traj, 3, t.engagement);
      sqlite3_bind_text (ins_traj, 4, start_text, -1, SQLITE_TRANSIENT);
      if (g_rand_int_range (gen.rand, 0, 3) > 0)
        {
          random_date (&gen, &bilan, t.start + 7, 21);
          bilan_text = iso_date (&bilan);
          sqlite3_bind_text (ins_traj, 5, bilan_text, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ins_traj, 6, note, -1, SQLITE_TRANSIENT);
        }
      if (!step (ins_traj, error))
        goto out;
      g_array_append_val (trajectories, t);

      COUNT_ROW ();
    }

  if (trajectories->len == 0 && options->sessions > 0)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("Sessions need patients: give --patients too"));
      goto out;
    }

  for (guint i = 0; i < options->sessions; i++)
    {
      const Trajectory *t = &g_array_index (trajectories, Trajectory,
                                            g_rand_int_range (gen.rand, 0, (gint32) trajectories->len));
      gboolean group = t->youth && g_rand_int_range (gen.rand, 0, 15) == 0;
      GDate date;
      g_autofree char *when = NULL;
      g_autofree char *date_text = NULL;
      g_autofree char *note = make_note (&gen);
      int roll = g_rand_int_range (gen.rand, 0, 100);
      const char *status = roll < 85 ? "held" : roll < 92 ? "no-show" : roll < 97 ? "cancelled" : "planned";
      const char *location;

      BEGIN_IF_NEEDED ();

      random_date (&gen, &date, t->start, 330);
      weekend_to_friday (&date, t->youth, t->start);
      /* Data that ends today: what lies ahead is planned, what is past was
       * not left planned. */
      if (options->today != 0)
        status = g_date_get_julian (&date) > today ? "planned"
                 : g_str_equal (status, "planned") ? "held" : status;
      /* As the work is done: a CLB psychologist sees pupils at school on
       * school days, 8:30 to 16:00; an independent one works on weekdays
       * and Saturday mornings, until 19:00.  The same draws either way,
       * so that a seed keeps its names. */
      date_text = iso_date (&date);
      {
        int hour = t->youth ? g_rand_int_range (gen.rand, 8, 16) : g_rand_int_range (gen.rand, 9, 19);
        gboolean half = g_rand_boolean (gen.rand);

        if (t->youth && hour == 8)
          half = TRUE;   /* school starts at 8:30 */
        if (!t->youth && g_date_get_weekday (&date) == G_DATE_SATURDAY)
          hour = 9 + (hour - 9) % 3;   /* Saturday mornings only */
        when = g_strdup_printf ("%sT%02d:%s", date_text, hour, half ? "30" : "00");
      }

      if (t->youth)
        {
          static const char *const youth_locations[] = { "school", "school", "clb", "boarding-school" };
          location = PICK (&gen, youth_locations);
        }
      else
        {
          static const char *const adult_locations[] = { "practice", "practice", "practice", "video", "home" };
          location = PICK (&gen, adult_locations);
        }

      session_id++;
      sqlite3_bind_int64 (ins_session, 1, session_id);
      sqlite3_bind_int64 (ins_session, 2, t->engagement);
      if (!group)
        sqlite3_bind_int64 (ins_session, 3, t->id);
      sqlite3_bind_text (ins_session, 4, when, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (ins_session, 5, group ? 90 : 60);
      sqlite3_bind_text (ins_session, 6, g_rand_int_range (gen.rand, 0, 3) == 0 ? "treatment" : "support", -1, SQLITE_STATIC);
      sqlite3_bind_text (ins_session, 7, group ? "group" : "individual", -1, SQLITE_STATIC);
      sqlite3_bind_text (ins_session, 8, location, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins_session, 9, t->youth ? "clb" : "own", -1, SQLITE_STATIC);
      sqlite3_bind_text (ins_session, 10, status, -1, SQLITE_STATIC);
      if (group)
        {
          sqlite3_bind_int (ins_session, 11, g_rand_int_range (gen.rand, 4, 9));
          sqlite3_bind_int (ins_session, 12, g_rand_boolean (gen.rand));
        }
      else
        sqlite3_bind_int (ins_session, 12, 0);
      sqlite3_bind_text (ins_session, 13, t->youth ? "not-due" : (g_rand_boolean (gen.rand) ? "transfer" : "cash"),
                         -1, SQLITE_STATIC);
      sqlite3_bind_text (ins_session, 14, note, -1, SQLITE_TRANSIENT);
      if (!step (ins_session, error))
        goto out;

      if (group)
        {
          guint n = (guint) g_rand_int_range (gen.rand, 3, 7);

          for (guint p = 0; p < n; p++)
            {
              const Trajectory *other = &g_array_index (trajectories, Trajectory,
                                                        g_rand_int_range (gen.rand, 0, (gint32) trajectories->len));
              const Trajectory *member = p == 0 || !other->youth ? t : other;

              sqlite3_bind_int64 (ins_participant, 1, session_id);
              sqlite3_bind_int64 (ins_participant, 2, member->id);
              if (!step (ins_participant, error))
                goto out;
            }
        }

      COUNT_ROW ();
    }

  if (open_txn)
    COMMIT ();
  ok = TRUE;

out:
  /* Earlier transactions stay; the one that failed leaves nothing. */
  if (open_txn)
    txn (user_data, SESSIO_DEVDATA_ROLLBACK, NULL);
  sqlite3_finalize (ins_patient);
  sqlite3_finalize (ins_traj);
  sqlite3_finalize (ins_session);
  sqlite3_finalize (ins_problem);
  sqlite3_finalize (ins_guardian);
  sqlite3_finalize (ins_participant);
  g_hash_table_unref (gen.insz_used);
  g_rand_free (gen.rand);
  return ok;

#undef BEGIN_IF_NEEDED
#undef COMMIT
#undef COUNT_ROW
}
