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

/* The prepared inserts, one per table the generator fills. */
typedef struct
{
  sqlite3_stmt *patient;
  sqlite3_stmt *traj;
  sqlite3_stmt *session;
  sqlite3_stmt *problem;
  sqlite3_stmt *guardian;
  sqlite3_stmt *participant;
} Inserts;

/* What the generator has made so far: the ids go up from the largest in
 * the vault, the trajectories are where sessions are drawn from. */
typedef struct
{
  gint64  clb_engagement;
  gint64  independent_engagement;
  gint64  patient_id;
  gint64  traj_id;
  gint64  session_id;
  GArray *trajectories;
  guint   today;
  guint   first_start;
} Made;

/* INSZ numbers are unique in a vault: remember those already there. */
static void
remember_existing_insz (sqlite3 *db,
                        Gen     *gen)
{
  sqlite3_stmt *existing = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT insz FROM patient WHERE insz IS NOT NULL", -1, &existing, NULL) == SQLITE_OK)
    while (sqlite3_step (existing) == SQLITE_ROW)
      g_hash_table_add (gen->insz_used, g_strdup ((const char *) sqlite3_column_text (existing, 0)));
  sqlite3_finalize (existing);
}

static gboolean
prepare_inserts (sqlite3  *db,
                 Inserts  *ins,
                 GError  **error)
{
  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO patient (id, name, birth_date, insz, sex, insurer, bim, bim_valid_from,"
                          " phone, language, school, education_segment, consent_date, consent_scope,"
                          " vulnerable, notes, created_at)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?13)",
                          -1, &ins->patient, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db,
                          "INSERT INTO trajectory (id, patient_id, engagement_id, start_date, bilan_date, bilan_summary)"
                          " VALUES (?, ?, ?, ?, ?, ?)", -1, &ins->traj, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db,
                          "INSERT INTO session (id, engagement_id, trajectory_id, starts_at, duration_min, care_type,"
                          " setting, location, context, status, participants, co_facilitator, copay, notes)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &ins->session, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO patient_problem (patient_id, category) VALUES (?, ?)",
                          -1, &ins->problem, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO guardian (patient_id, name, relation, phone) VALUES (?, ?, ?, ?)",
                          -1, &ins->guardian, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO group_participant (session_id, trajectory_id, copay)"
                          " VALUES (?, ?, 'not-due')", -1, &ins->participant, NULL) != SQLITE_OK)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The vault has no patient file tables"));
      return FALSE;
    }
  return TRUE;
}

static void
finalize_inserts (Inserts *ins)
{
  sqlite3_finalize (ins->patient);
  sqlite3_finalize (ins->traj);
  sqlite3_finalize (ins->session);
  sqlite3_finalize (ins->problem);
  sqlite3_finalize (ins->guardian);
  sqlite3_finalize (ins->participant);
}

/* The provider and both kinds of engagement. */
static gboolean
add_engagements (sqlite3  *db,
                 Made     *made,
                 GError  **error)
{
  g_autofree char *sql = NULL;

  made->clb_engagement = max_id (db, "engagement") + 1;
  made->independent_engagement = made->clb_engagement + 1;
  sql = g_strdup_printf (
    "INSERT OR IGNORE INTO provider (id, name, riziv) VALUES (1, 'Demo Psycholoog', '12345678901');"
    "INSERT INTO engagement (id, network_name, network, model, invoice_to, language, weekly_contingent)"
    "  VALUES (%" G_GINT64_FORMAT ", 'Netwerk Jeugd Demo', 'youth', 'clb-salaried', 'Vrij CLB Demo', 'nl', 8);"
    "INSERT INTO engagement (id, network_name, network, model, invoice_to, language)"
    "  VALUES (%" G_GINT64_FORMAT ", 'Netwerk Volwassenen Demo', 'adult', 'independent',"
    "          'Netwerkcoördinatie Volwassenen Demo, Voorbeeldstraat 1, 1000 Brussel', 'nl');",
    made->clb_engagement, made->independent_engagement);

  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The database refused the change"));
      return FALSE;
    }
  return TRUE;
}

/* A valid INSZ for the birth date and sex not yet in the vault, or "". */
static void
unused_insz (Gen      *gen,
             GDate    *birth,
             gboolean  male,
             guint     i,
             char     *insz)
{
  for (guint serial = i; serial < i + 498; serial++)
    {
      sessio_insz_generate (birth, male, serial, insz);
      if (!g_hash_table_contains (gen->insz_used, insz))
        break;
    }
  if (g_hash_table_contains (gen->insz_used, insz))
    insz[0] = '\0';
  else
    g_hash_table_add (gen->insz_used, g_strdup (insz));
}

/* A minor pupil's parent, with the patient's phone. */
static gboolean
add_guardian (Gen         *gen,
              Inserts     *ins,
              gint64       patient_id,
              const char  *phone,
              GError     **error)
{
  g_autofree char *guardian = g_strdup_printf ("%s %s", PICK (gen, first_names), PICK (gen, last_names));

  sqlite3_bind_int64 (ins->guardian, 1, patient_id);
  sqlite3_bind_text (ins->guardian, 2, guardian, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (ins->guardian, 3, "parent", -1, SQLITE_STATIC);
  sqlite3_bind_text (ins->guardian, 4, phone, -1, SQLITE_TRANSIENT);
  return step (ins->guardian, error);
}

/* The patient's trajectory, with the functional assessment usually in
 * the first weeks; remembered in made->trajectories. */
static gboolean
add_trajectory (Gen         *gen,
                Inserts     *ins,
                Made        *made,
                gboolean     youth,
                const GDate *start,
                const char  *start_text,
                const char  *note,
                GError     **error)
{
  g_autofree char *bilan_text = NULL;
  Trajectory t;
  GDate bilan;

  t.id = ++made->traj_id;
  t.engagement = youth ? made->clb_engagement : made->independent_engagement;
  t.youth = youth;
  t.start = g_date_get_julian (start);
  sqlite3_bind_int64 (ins->traj, 1, t.id);
  sqlite3_bind_int64 (ins->traj, 2, made->patient_id);
  sqlite3_bind_int64 (ins->traj, 3, t.engagement);
  sqlite3_bind_text (ins->traj, 4, start_text, -1, SQLITE_TRANSIENT);
  if (g_rand_int_range (gen->rand, 0, 3) > 0)
    {
      random_date (gen, &bilan, t.start + 7, 21);
      bilan_text = iso_date (&bilan);
      sqlite3_bind_text (ins->traj, 5, bilan_text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins->traj, 6, note, -1, SQLITE_TRANSIENT);
    }
  if (!step (ins->traj, error))
    return FALSE;
  g_array_append_val (made->trajectories, t);
  return TRUE;
}

/* Patient number @i: the patient, a problem, a guardian for a minor
 * pupil, and a trajectory.  The draws from gen->rand stay in this order,
 * so that a seed keeps giving the same data. */
static gboolean
add_patient (Gen      *gen,
             Inserts  *ins,
             Made     *made,
             guint     i,
             GError  **error)
{
  gboolean youth = g_rand_boolean (gen->rand);
  gboolean male = g_rand_boolean (gen->rand);
  GDate birth, start;
  char insz[SESSIO_INSZ_LEN] = "";
  g_autofree char *name = NULL;
  g_autofree char *birth_text = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *note = make_note (gen);
  g_autofree char *phone = g_strdup_printf ("04%02d %02d %02d %02d", g_rand_int_range (gen->rand, 70, 99),
                                            g_rand_int_range (gen->rand, 0, 99), g_rand_int_range (gen->rand, 0, 99),
                                            g_rand_int_range (gen->rand, 0, 99));
  gboolean bim = g_rand_int_range (gen->rand, 0, 5) == 0;
  sqlite3_stmt *stmt = ins->patient;

  /* Pupils are 6 to 22 on the day their trajectory starts, adults 18 to 80. */
  random_date (gen, &start, made->first_start, made->today - made->first_start - 30);
  if (youth)
    random_date (gen, &birth, g_date_get_julian (&start) - 22 * 365, 16 * 365);
  else
    random_date (gen, &birth, g_date_get_julian (&start) - 80 * 365, 62 * 365);

  unused_insz (gen, &birth, male, i, insz);

  name = g_strdup_printf ("%s %s", PICK (gen, first_names), PICK (gen, last_names));
  birth_text = iso_date (&birth);
  start_text = iso_date (&start);

  made->patient_id++;
  sqlite3_bind_int64 (stmt, 1, made->patient_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, birth_text, -1, SQLITE_TRANSIENT);
  if (insz[0] != '\0')
    sqlite3_bind_text (stmt, 4, insz, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, male ? "m" : "f", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, PICK (gen, insurers), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 7, bim);
  if (bim)
    sqlite3_bind_text (stmt, 8, "2024-01-01", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, phone, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, g_rand_int_range (gen->rand, 0, 10) < 7 ? "nl" : "fr", -1, SQLITE_STATIC);
  if (youth)
    {
      sqlite3_bind_text (stmt, 11, PICK (gen, schools), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 12, PICK (gen, segments), -1, SQLITE_STATIC);
    }
  sqlite3_bind_text (stmt, 13, start_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 14, "care-and-billing", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 15, g_rand_int_range (gen->rand, 0, 12) == 0);
  sqlite3_bind_text (stmt, 16, note, -1, SQLITE_TRANSIENT);
  if (!step (stmt, error))
    return FALSE;

  sqlite3_bind_int64 (ins->problem, 1, made->patient_id);
  sqlite3_bind_text (ins->problem, 2, youth ? PICK (gen, problems) : PICK (gen, adult_problems),
                     -1, SQLITE_STATIC);
  if (!step (ins->problem, error))
    return FALSE;

  if (youth && g_date_get_julian (&start) - g_date_get_julian (&birth) < 18 * 365 &&
      !add_guardian (gen, ins, made->patient_id, phone, error))
    return FALSE;

  return add_trajectory (gen, ins, made, youth, &start, start_text, note, error);
}

/* The start of a session on @date_text, as the work is done: a CLB
 * psychologist sees pupils at school on school days, 8:30 to 16:00; an
 * independent one works on weekdays and Saturday mornings, until 19:00.
 * The same draws either way, so that a seed keeps its names. */
static char *
session_start (Gen              *gen,
               const Trajectory *t,
               const GDate      *date,
               const char       *date_text)
{
  int hour = t->youth ? g_rand_int_range (gen->rand, 8, 16) : g_rand_int_range (gen->rand, 9, 19);
  gboolean half = g_rand_boolean (gen->rand);

  if (t->youth && hour == 8)
    half = TRUE;   /* school starts at 8:30 */
  if (!t->youth && g_date_get_weekday (date) == G_DATE_SATURDAY)
    hour = 9 + (hour - 9) % 3;   /* Saturday mornings only */
  return g_strdup_printf ("%sT%02d:%s", date_text, hour, half ? "30" : "00");
}

/* A group session's participants: @t's trajectory first, then pupils
 * drawn at random (an adult's draw stands for @t again). */
static gboolean
add_participants (Gen               *gen,
                  Inserts           *ins,
                  const Made        *made,
                  const Trajectory  *t,
                  GError           **error)
{
  guint n = (guint) g_rand_int_range (gen->rand, 3, 7);

  for (guint p = 0; p < n; p++)
    {
      const Trajectory *other = &g_array_index (made->trajectories, Trajectory,
                                                g_rand_int_range (gen->rand, 0, (gint32) made->trajectories->len));
      const Trajectory *member = p == 0 || !other->youth ? t : other;

      sqlite3_bind_int64 (ins->participant, 1, made->session_id);
      sqlite3_bind_int64 (ins->participant, 2, member->id);
      if (!step (ins->participant, error))
        return FALSE;
    }
  return TRUE;
}

/* One session of a trajectory drawn at random; a pupil's is now and then
 * a group session.  The draws stay in this order (see add_patient()). */
static gboolean
add_session (Gen                         *gen,
             Inserts                     *ins,
             Made                        *made,
             const SessioDevdataOptions  *options,
             GError                     **error)
{
  static const char *const youth_locations[] = { "school", "school", "clb", "boarding-school" };
  static const char *const adult_locations[] = { "practice", "practice", "practice", "video", "home" };
  const Trajectory *t = &g_array_index (made->trajectories, Trajectory,
                                        g_rand_int_range (gen->rand, 0, (gint32) made->trajectories->len));
  gboolean group = t->youth && g_rand_int_range (gen->rand, 0, 15) == 0;
  GDate date;
  g_autofree char *when = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *note = make_note (gen);
  int roll = g_rand_int_range (gen->rand, 0, 100);
  const char *status = roll < 85 ? "held" : roll < 92 ? "no-show" : roll < 97 ? "cancelled" : "planned";
  const char *location;
  sqlite3_stmt *stmt = ins->session;

  random_date (gen, &date, t->start, 330);
  weekend_to_friday (&date, t->youth, t->start);
  /* Data that ends today: what lies ahead is planned, what is past was
   * not left planned. */
  if (options->today != 0)
    status = g_date_get_julian (&date) > made->today ? "planned"
             : g_str_equal (status, "planned") ? "held" : status;
  date_text = iso_date (&date);
  when = session_start (gen, t, &date, date_text);
  location = t->youth ? PICK (gen, youth_locations) : PICK (gen, adult_locations);

  made->session_id++;
  sqlite3_bind_int64 (stmt, 1, made->session_id);
  sqlite3_bind_int64 (stmt, 2, t->engagement);
  if (!group)
    sqlite3_bind_int64 (stmt, 3, t->id);
  sqlite3_bind_text (stmt, 4, when, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, group ? 90 : 60);
  sqlite3_bind_text (stmt, 6, g_rand_int_range (gen->rand, 0, 3) == 0 ? "treatment" : "support", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, group ? "group" : "individual", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, location, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, t->youth ? "clb" : "own", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, status, -1, SQLITE_STATIC);
  if (group)
    {
      sqlite3_bind_int (stmt, 11, g_rand_int_range (gen->rand, 4, 9));
      sqlite3_bind_int (stmt, 12, g_rand_boolean (gen->rand));
    }
  else
    sqlite3_bind_int (stmt, 12, 0);
  sqlite3_bind_text (stmt, 13, t->youth ? "not-due" : (g_rand_boolean (gen->rand) ? "transfer" : "cash"),
                     -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 14, note, -1, SQLITE_TRANSIENT);
  if (!step (stmt, error))
    return FALSE;

  return !group || add_participants (gen, ins, made, t, error);
}

gboolean
sessio_devdata_generate (sqlite3                    *db,
                         const SessioDevdataOptions *options,
                         SessioDevdataTxnFunc        txn,
                         gpointer                    user_data,
                         GError                    **error)
{
  Gen gen = { g_rand_new_with_seed (options->seed), g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
  Inserts ins = { NULL };
  g_autoptr(GArray) trajectories = g_array_new (FALSE, FALSE, sizeof (Trajectory));
  Made made = { .trajectories = trajectories };
  guint total = options->patients + options->sessions;
  guint per_txn = MAX (1, total / MAX (options->transactions, 1));
  guint in_txn = 0;
  gboolean open_txn = FALSE;
  gboolean ok = FALSE;

  made.today = options->today != 0 ? options->today : julian_of (2025, 6, 30);
  /* Fixed data starts with the 2024 convention; data ending today spans
   * the 14 months before it. */
  made.first_start = options->today != 0 ? made.today - 425 : julian_of (2024, 4, 1);

#define BEGIN_IF_NEEDED() \
  if (!open_txn) { if (!txn (user_data, SESSIO_DEVDATA_BEGIN, error)) goto out; open_txn = TRUE; }
#define COMMIT() \
  { open_txn = FALSE; in_txn = 0; if (!txn (user_data, SESSIO_DEVDATA_COMMIT, error)) goto out; }
#define COUNT_ROW() \
  if (++in_txn >= per_txn) COMMIT ()

  remember_existing_insz (db, &gen);
  if (!prepare_inserts (db, &ins, error))
    goto out;

  BEGIN_IF_NEEDED ();
  if (!add_engagements (db, &made, error))
    goto out;
  COMMIT ();

  made.patient_id = max_id (db, "patient");
  made.traj_id = max_id (db, "trajectory");
  made.session_id = max_id (db, "session");

  for (guint i = 0; i < options->patients; i++)
    {
      BEGIN_IF_NEEDED ();
      if (!add_patient (&gen, &ins, &made, i, error))
        goto out;
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
      BEGIN_IF_NEEDED ();
      if (!add_session (&gen, &ins, &made, options, error))
        goto out;
      COUNT_ROW ();
    }

  if (open_txn)
    COMMIT ();
  ok = TRUE;

out:
  /* Earlier transactions stay; the one that failed leaves nothing. */
  if (open_txn)
    txn (user_data, SESSIO_DEVDATA_ROLLBACK, NULL);
  finalize_inserts (&ins);
  g_hash_table_unref (gen.insz_used);
  g_rand_free (gen.rand);
  return ok;

#undef BEGIN_IF_NEEDED
#undef COMMIT
#undef COUNT_ROW
}
