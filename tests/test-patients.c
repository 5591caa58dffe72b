/* test-patients.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The patient file and session log on a real vault: validation
 * refuses each bad input with its message and leaves nothing behind, the
 * rules engine refuses sessions the convention does not reimburse unless
 * they are recorded as outside it, group sessions are evaluated per
 * participant, rectification keeps history, erasure removes the clinical
 * data, and the audit chain detects an edited entry.  Synthetic data only.
 */

#include "config.h"

#include <pango/pangocairo.h>

#include "sessio-clock.h"
#include "sessio-ident.h"
#include "sessio-patient-export.h"
#include "sessio-patient-list.h"
#include "sessio-patient-store.h"
#include "sessio-session-list.h"
#include "vault-test-util.h"

typedef struct
{
  char               *dir;
  SessioVault        *vault;
  SessioPatientStore *store;
  gint64              adult_engagement;
  gint64              youth_engagement;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GDate today;
  SessioEngagement adult = { 0, (char *) "Netwerk Volwassenen Test", (char *) "adult",
                             (char *) "independent", NULL, NULL, -1 };
  SessioEngagement youth = { 0, (char *) "Netwerk Jeugd Test", (char *) "youth",
                             (char *) "clb-salaried", (char *) "CLB Test", (char *) "nl", 8 };

  f->dir = test_make_tmpdir ();
  f->vault = test_create_vault (f->dir, NULL);
  f->store = sessio_patient_store_new (f->vault, NULL);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 30, G_DATE_JUNE, 2025);
  sessio_clock_set_today_for_testing (&today);

  f->adult_engagement = sessio_patient_store_add_engagement (f->store, &adult, &error);
  g_assert_no_error (error);
  f->youth_engagement = sessio_patient_store_add_engagement (f->store, &youth, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->vault);
  test_rm_rf (f->dir);
  g_free (f->dir);
  /* Back to the real clock for the next test. */
  sessio_clock_reset_for_testing ();
}

static char *
make_insz (int      year,
           int      month,
           int      day,
           gboolean male,
           guint    serial)
{
  GDate birth;
  char out[12];

  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  g_assert_true (sessio_insz_generate (&birth, male, serial, out));
  return g_strdup (out);
}

static gint64
add_patient (Fixture    *f,
             const char *name,
             const char *birth,
             const char *insz)
{
  g_autoptr(GError) error = NULL;
  SessioPatient patient = { 0 };
  gint64 id;

  patient.name = (char *) name;
  patient.birth_date = (char *) birth;
  patient.insz = (char *) insz;
  id = sessio_patient_store_add_patient (f->store, &patient, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
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

static gint64
try_session (Fixture    *f,
             gint64      trajectory,
             const char *when,
             const char *care,
             const char *status,
             gboolean    outside,
             GError    **error)
{
  SessioSession session = { 0 };

  session.trajectory_id = trajectory;
  session.starts_at = (char *) when;
  session.care = (char *) care;
  session.setting = (char *) "individual";
  session.status = (char *) status;
  session.outside_convention = outside;
  session.notes = (char *) "Synthetische notitie";
  return sessio_patient_store_add_session (f->store, &session, error);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return test_query_int (f->vault, sql);
}

/* Each refusal: the right code and message, and no row, no audit entry. */
static void
assert_refused (Fixture    *f,
                GError     *error,
                int         code,
                const char *message,
                gint64      audit_before)
{
  g_assert_error (error, SESSIO_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log"), ==, audit_before);
  g_assert_false (sessio_vault_in_transaction (f->vault));
}

static void
test_provider (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SessioProvider provider = { (char *) "Psycholoog Test", (char *) "1-23456-78-901", NULL, NULL, NULL };
  SessioProvider read = { 0 };
  gint64 audit = count (f, "SELECT count(*) FROM audit_log");

  provider.kbo = (char *) "0123.456.788";   /* wrong check digits */
  g_assert_false (sessio_patient_store_set_provider (f->store, &provider, NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_assert_cmpint (count (f, "SELECT count(*) FROM provider"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log"), ==, audit);
  g_clear_error (&error);

  provider.kbo = NULL;
  provider.name = (char *) "  ";
  g_assert_false (sessio_patient_store_set_provider (f->store, &provider, NULL, &error));
  assert_refused (f, error, SESSIO_ERROR_INVALID_INPUT, "The provider needs a name", audit);
  g_clear_error (&error);

  provider.name = (char *) "Psycholoog Test";
  g_assert_true (sessio_patient_store_set_provider (f->store, &provider, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sessio_patient_store_get_provider (f->store, &read, &error));
  g_assert_cmpstr (read.riziv, ==, "12345678901");
  sessio_provider_clear (&read);
}

static void
test_engagement_validation (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SessioEngagement bad = { 0, (char *) "Netwerk", (char *) "elderly", (char *) "independent", NULL, NULL, -1 };
  gint64 audit = count (f, "SELECT count(*) FROM audit_log");

  g_assert_cmpint (sessio_patient_store_add_engagement (f->store, &bad, &error), ==, 0);
  assert_refused (f, error, SESSIO_ERROR_INVALID_INPUT, "The network must be “youth” or “adult”", audit);
  g_clear_error (&error);
  bad.network = (char *) "adult";
  bad.model = (char *) "freelance";
  g_assert_cmpint (sessio_patient_store_add_engagement (f->store, &bad, &error), ==, 0);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_assert_cmpint (count (f, "SELECT count(*) FROM engagement"), ==, 2);
}

static void
test_patient_validation (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *insz = make_insz (1990, 3, 14, TRUE, 7);
  g_autofree char *bad_insz = g_strdup (insz);
  g_autofree char *other_birth = make_insz (1990, 3, 15, TRUE, 7);
  const char *guardians_name = "";
  struct
  {
    const char *field;
    const char *value;
    const char *message;
  } cases[] = {
    { "name", "", "The patient needs a name" },
    { "birth", "1990-02-30", "The birth date must be a real date written as YYYY-MM-DD" },
    { "birth", "2030-01-01", "The birth date lies in the future" },
    { "insz", NULL /* bad checksum */, NULL },
    { "insz", NULL /* other birth date */, "The INSZ number does not match the birth date" },
    { "sex", "f", "The INSZ number does not match the sex" },
    { "sex", "q", "The sex must be “m”, “f” or “x”" },
    { "insurer", "799", NULL },
    { "bim", "2025-05-01", "The increased reimbursement ends before it starts" },
    { "segment", "kleuter", "Unknown education segment" },
    { "problem", "astrology", "Unknown presenting-problem category" },
    { "language", "en", "The preferred language must be “nl”, “fr” or “de”" },
    { "guardian", "", "Every guardian needs a name" },
    { "consent", "2026-01-01", "The consent date lies in the future" },
    { "scope", "everything", "Unknown consent scope" },
  };

  /* A wrong check digit. */
  bad_insz[10] = bad_insz[10] == '9' ? '0' : (char) (bad_insz[10] + 1);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) guardians = g_ptr_array_new ();
      SessioGuardian guardian = { (char *) guardians_name, NULL, NULL, NULL };
      char *problems[] = { (char *) cases[i].value, NULL };
      SessioPatient patient = { 0 };
      gint64 audit = count (f, "SELECT count(*) FROM audit_log");

      patient.name = (char *) "Testpersoon Validatie";
      patient.birth_date = (char *) "1990-03-14";
      patient.insz = insz;
      patient.sex = (char *) "m";
      if (g_str_equal (cases[i].field, "name"))
        patient.name = (char *) cases[i].value;
      else if (g_str_equal (cases[i].field, "birth"))
        patient.birth_date = (char *) cases[i].value;
      else if (g_str_equal (cases[i].field, "insz"))
        patient.insz = cases[i].message == NULL ? bad_insz : other_birth;
      else if (g_str_equal (cases[i].field, "sex"))
        patient.sex = (char *) cases[i].value;
      else if (g_str_equal (cases[i].field, "insurer"))
        patient.insurer = (char *) cases[i].value;
      else if (g_str_equal (cases[i].field, "bim"))
        {
          patient.bim = TRUE;
          patient.bim_valid_from = (char *) "2025-06-01";
          patient.bim_valid_to = (char *) cases[i].value;
        }
      else if (g_str_equal (cases[i].field, "segment"))
        patient.segment = (char *) cases[i].value;
      else if (g_str_equal (cases[i].field, "problem"))
        patient.problems = problems;
      else if (g_str_equal (cases[i].field, "language"))
        patient.language = (char *) cases[i].value;
      else if (g_str_equal (cases[i].field, "guardian"))
        {
          g_ptr_array_add (guardians, &guardian);
          patient.guardians = guardians;
        }
      else if (g_str_equal (cases[i].field, "consent"))
        patient.consent_date = (char *) cases[i].value;
      else if (g_str_equal (cases[i].field, "scope"))
        patient.consent_scope = (char *) cases[i].value;

      g_test_message ("case %u: %s", i, cases[i].field);
      g_assert_cmpint (sessio_patient_store_add_patient (f->store, &patient, &error), ==, 0);
      if (cases[i].message != NULL)
        assert_refused (f, error, SESSIO_ERROR_INVALID_INPUT, cases[i].message, audit);
      else
        {
          g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
          g_assert_cmpstr (error->message, !=, "");
        }
      g_assert_cmpint (count (f, "SELECT count(*) FROM patient"), ==, 0);
      g_assert_cmpint (count (f, "SELECT count(*) FROM guardian"), ==, 0);
      g_assert_cmpint (count (f, "SELECT count(*) FROM patient_problem"), ==, 0);
    }

  /* The valid one, then the same INSZ again. */
  {
    g_autoptr(GError) error = NULL;
    SessioPatient patient = { 0 };
    gint64 audit;

    add_patient (f, "Testpersoon Validatie", "1990-03-14", insz);
    audit = count (f, "SELECT count(*) FROM audit_log");
    patient.name = (char *) "Testpersoon Dubbel";
    patient.birth_date = (char *) "1990-03-14";
    patient.insz = insz;
    g_assert_cmpint (sessio_patient_store_add_patient (f->store, &patient, &error), ==, 0);
    assert_refused (f, error, SESSIO_ERROR_INVALID_INPUT, "Another patient already has this INSZ number", audit);
    g_assert_cmpint (count (f, "SELECT count(*) FROM patient"), ==, 1);
  }
}

static void
test_patient_roundtrip_and_history (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *insz = make_insz (2012, 9, 1, FALSE, 3);
  g_autoptr(GPtrArray) guardians = g_ptr_array_new ();
  SessioGuardian guardian = { (char *) "Ouder Testfiguur", (char *) "parent", (char *) "0470 00 00 00", NULL };
  char *problems[] = { (char *) "anxiety", (char *) "sleep", (char *) "anxiety", NULL };
  SessioPatient patient = { 0 };
  g_autoptr(SessioPatient) read = NULL;
  g_autoptr(SessioPatient) after = NULL;
  g_autoptr(JsonArray) audit = NULL;
  g_autofree char *old_name = NULL;
  gint64 id;

  g_ptr_array_add (guardians, &guardian);
  patient.name = (char *) "Lotte Testmans";
  patient.birth_date = (char *) "2012-09-01";
  patient.insz = insz;
  patient.sex = (char *) "f";
  patient.insurer = (char *) "116";
  patient.bim = TRUE;
  patient.bim_valid_from = (char *) "2025-01-01";
  patient.language = (char *) "fr";
  patient.school = (char *) "Testschool";
  patient.segment = (char *) "secondary";
  patient.consent_date = (char *) "2025-02-01";
  patient.consent_scope = (char *) "care-and-billing";
  patient.problems = problems;
  patient.vulnerable = TRUE;
  patient.notes = (char *) "Synthetische notitie";
  patient.guardians = guardians;
  id = sessio_patient_store_add_patient (f->store, &patient, &error);
  g_assert_no_error (error);

  read = sessio_patient_store_get_patient (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->insz, ==, insz);
  g_assert_cmpstr (read->segment, ==, "secondary");
  g_assert_cmpuint (g_strv_length (read->problems), ==, 2);
  g_assert_cmpuint (read->guardians->len, ==, 1);
  g_assert_true (read->bim && read->vulnerable);

  /* Rectification keeps the previous values. */
  g_free (read->name);
  read->name = g_strdup ("Lotte Testmans-Verbeterd");
  g_free (read->notes);
  read->notes = NULL;
  g_assert_true (sessio_patient_store_update_patient (f->store, read, &error));
  g_assert_no_error (error);
  after = sessio_patient_store_get_patient (f->store, id, &error);
  g_assert_cmpstr (after->name, ==, "Lotte Testmans-Verbeterd");
  g_assert_null (after->notes);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient_history"), ==, 2);
  old_name = test_query_text (f->vault, "SELECT old_value FROM patient_history WHERE field = 'name'");
  g_assert_cmpstr (old_name, ==, "Lotte Testmans");

  /* An invalid rectification changes nothing. */
  g_free (after->birth_date);
  after->birth_date = g_strdup ("2012-09-02");   /* no longer matches the INSZ */
  g_assert_false (sessio_patient_store_update_patient (f->store, after, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient_history"), ==, 2);

  /* The audit trail: created, viewed, changed (field names only), viewed. */
  audit = sessio_patient_store_get_audit (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (audit), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (audit, 0), "action"), ==, "create");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (audit, 1), "action"), ==, "view");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (audit, 2), "action"), ==, "update name,notes");
  g_assert_true (sessio_audit_verify (sessio_vault_get_db (f->vault), &error));
}

static void
test_trajectory_validation (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 patient = add_patient (f, "Testpersoon Traject", "1980-01-01", NULL);
  SessioTrajectory trajectory = { 0 };
  gint64 audit = count (f, "SELECT count(*) FROM audit_log");

  trajectory.patient_id = patient;
  trajectory.engagement_id = f->adult_engagement;
  trajectory.start_date = (char *) "2025-03-01";
  trajectory.end_date = (char *) "2025-02-01";
  g_assert_cmpint (sessio_patient_store_add_trajectory (f->store, &trajectory, &error), ==, 0);
  assert_refused (f, error, SESSIO_ERROR_INVALID_INPUT, "The trajectory ends before it starts", audit);
  g_clear_error (&error);

  trajectory.end_date = NULL;
  trajectory.bilan_date = (char *) "2025-02-01";
  g_assert_cmpint (sessio_patient_store_add_trajectory (f->store, &trajectory, &error), ==, 0);
  assert_refused (f, error, SESSIO_ERROR_INVALID_INPUT,
                  "The functional assessment is dated before the start of the trajectory", audit);
  g_clear_error (&error);

  trajectory.bilan_date = NULL;
  trajectory.engagement_id = 999;
  g_assert_cmpint (sessio_patient_store_add_trajectory (f->store, &trajectory, &error), ==, 0);
  assert_refused (f, error, SESSIO_ERROR_NOT_FOUND, "There is no such engagement", audit);
  g_assert_cmpint (count (f, "SELECT count(*) FROM trajectory"), ==, 0);
}

static void
test_session_validation (Fixture       *f,
                         gconstpointer  data)
{
  gint64 patient = add_patient (f, "Testpersoon Sessie", "1980-01-01", NULL);
  gint64 trajectory = add_trajectory (f, patient, f->adult_engagement, "2025-01-06", NULL);
  struct
  {
    const char *when;
    const char *care;
    const char *status;
    int         code;
    const char *message;
  } cases[] = {
    { "2025-07-15T10:00", "support", "held", SESSIO_ERROR_INVALID_INPUT,
      "A session dated in the future cannot be held or missed yet: plan it instead" },
    { "2025-07-15", "support", "no-show", SESSIO_ERROR_INVALID_INPUT,
      "A session dated in the future cannot be held or missed yet: plan it instead" },
    { "2025-01-02", "support", "held", SESSIO_ERROR_INVALID_INPUT,
      "The session is dated before the start of its trajectory" },
    { "2025-02-30", "support", "held", SESSIO_ERROR_INVALID_INPUT,
      "The session needs a date written as YYYY-MM-DD or YYYY-MM-DDTHH:MM" },
    { "2025-02-03T25:00", "support", "held", SESSIO_ERROR_INVALID_INPUT,
      "The session needs a date written as YYYY-MM-DD or YYYY-MM-DDTHH:MM" },
    { "2025-02-03", "first-line", "held", SESSIO_ERROR_INVALID_INPUT,
      "This care type is not part of the convention rules valid on the date of the session" },
    { "2025-02-03", "community", "held", SESSIO_ERROR_INVALID_INPUT,
      "This care type exists only as a group session" },
    { "2025-02-03", "massage", "held", SESSIO_ERROR_INVALID_INPUT, "Unknown care type" },
    { "2025-02-03", "support", "done", SESSIO_ERROR_INVALID_INPUT,
      "The status must be “planned”, “held”, “no-show” or “cancelled”" },
    { "2025-02-03", "treatment", "held", SESSIO_ERROR_REFUSED,
      "This care type needs a functional assessment dated on or before the session: record the assessment first, or save the session as outside the convention" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 audit = count (f, "SELECT count(*) FROM audit_log");

      g_test_message ("case %u", i);
      g_assert_cmpint (try_session (f, trajectory, cases[i].when, cases[i].care, cases[i].status, FALSE, &error), ==, 0);
      assert_refused (f, error, cases[i].code, cases[i].message, audit);
      g_assert_cmpint (count (f, "SELECT count(*) FROM session"), ==, 0);
    }

  /* Planned in the future is fine; treatment without an assessment is
   * recorded when the user says it is outside the convention. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (try_session (f, trajectory, "2025-07-15T10:00", "support", "planned", FALSE, &error), >, 0);
    g_assert_no_error (error);
    g_assert_cmpint (try_session (f, trajectory, "2025-02-03", "treatment", "held", TRUE, &error), >, 0);
    g_assert_no_error (error);
    g_assert_cmpint (count (f, "SELECT count(*) FROM session WHERE outside_convention = 1"), ==, 1);
  }
}

/* Nine support sessions for an adult: the ninth is over the limit,
 * refused, then recorded outside the convention; the meter says so. */
static void
test_limit_and_meter (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 patient = add_patient (f, "Testpersoon Limiet", "1980-01-01", NULL);
  gint64 trajectory = add_trajectory (f, patient, f->adult_engagement, "2025-01-06", NULL);
  g_autoptr(SessioTrajectoryEvaluation) evaluation = NULL;
  g_autoptr(GListModel) history = NULL;
  g_auto(GStrv) meters = NULL;
  SessioSession planned = { 0 };
  const SessioSessionEvaluation *entry;
  gint64 audit, ninth;

  /* The limits show from the first day, before any session. */
  meters = sessio_patient_store_meter_lines (f->store, trajectory, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (meters), ==, 2);
  g_assert_cmpstr (meters[0], ==, "Support: 0 of 8 in the last 12 months");
  g_assert_cmpstr (meters[1], ==, "Treatment: 0 of 20 in the last 12 months");
  g_clear_pointer (&meters, g_strfreev);

  for (int i = 0; i < 8; i++)
    {
      g_autofree char *when = g_strdup_printf ("2025-%02d-10T09:00", i % 6 + 1);

      when[9] = (char) ('0' + (i / 6));   /* two per month in January and February */
      g_assert_cmpint (try_session (f, trajectory, when, "support", "held", FALSE, &error), >, 0);
      g_assert_no_error (error);
    }

  meters = sessio_patient_store_meter_lines (f->store, trajectory, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (meters), ==, 2);
  g_assert_true (g_str_has_prefix (meters[0], "Support: 8 of 8 in the last 12 months — next reimbursed session possible on "));
  g_assert_cmpstr (meters[1], ==, "Treatment: 0 of 20 in the last 12 months");

  /* The editor's live evaluation of a planned ninth: as if held. */
  planned.starts_at = (char *) "2025-07-01T10:00";
  planned.care = (char *) "support";
  planned.setting = (char *) "individual";
  planned.status = (char *) "planned";
  evaluation = sessio_patient_store_evaluate_trajectory (f->store, trajectory, &planned, &error);
  g_assert_no_error (error);
  entry = sessio_trajectory_evaluation_find (evaluation, 0);
  g_assert_nonnull (entry);
  g_assert_true (entry->result.warnings & SESSIO_EVAL_WARNING_LIMIT_REACHED);
  g_assert_false (entry->result.billable);

  audit = count (f, "SELECT count(*) FROM audit_log");
  g_assert_cmpint (try_session (f, trajectory, "2025-06-20", "support", "held", FALSE, &error), ==, 0);
  assert_refused (f, error, SESSIO_ERROR_REFUSED,
                  "This session is over the limit of 8 reimbursed sessions in 12 months: save it as outside the convention to record it",
                  audit);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM session"), ==, 8);

  ninth = try_session (f, trajectory, "2025-06-20", "support", "held", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ninth, >, 0);

  /* A planned tenth is saved; marking it held is refused the same way. */
  {
    gint64 tenth = try_session (f, trajectory, "2025-06-25", "support", "planned", FALSE, &error);

    g_assert_no_error (error);
    g_assert_false (sessio_patient_store_set_session_status (f->store, tenth, "held", FALSE, &error));
    g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
    g_clear_error (&error);
    g_assert_true (sessio_patient_store_set_session_status (f->store, tenth, "no-show", FALSE, &error));
    g_assert_no_error (error);
  }

  history = sessio_patient_store_list_sessions (f->store, patient, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 10);
  {
    g_autoptr(SessioSessionItem) newest = g_list_model_get_item (history, 0);
    g_autoptr(SessioSessionItem) ninth_item = g_list_model_get_item (history, 1);
    g_autoptr(SessioSessionItem) first = g_list_model_get_item (history, 9);

    g_assert_cmpstr (sessio_session_item_get_status (newest), ==, "no-show");
    g_assert_true (sessio_session_item_get_outside_convention (ninth_item));
    g_assert_cmpstr (sessio_session_item_get_explanation (ninth_item), ==,
                     "Outside the convention: not billed to the network");
    g_assert_true (sessio_session_item_get_result (first)->billable);
    g_assert_cmpint (sessio_session_item_get_result (first)->copay_cents, ==, 0);
    g_assert_cmpstr (sessio_session_item_get_when_text (first), ==, "10 January 2025, 09:00");
  }
}

/* Eight held support sessions from March; one recorded afterwards in
 * January would push the eighth over the limit: refused, naming that
 * session, nothing written; outside the convention it is kept and the
 * eight stay billable.  Marking an earlier planned one held: the same. */
static void
test_earlier_session_and_limit (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 patient = add_patient (f, "Testpersoon Vroeger", "1979-03-03", NULL);
  gint64 trajectory = add_trajectory (f, patient, f->adult_engagement, "2025-01-06", NULL);
  g_autoptr(GListModel) history = NULL;
  gint64 audit, planned;

  for (int i = 0; i < 8; i++)
    {
      g_autofree char *when = g_strdup_printf ("2025-%02d-%02dT09:00", 3 + i / 4, 3 + 7 * (i % 4));

      g_assert_cmpint (try_session (f, trajectory, when, "support", "held", FALSE, &error), >, 0);
      g_assert_no_error (error);
    }

  audit = count (f, "SELECT count(*) FROM audit_log");
  g_assert_cmpint (try_session (f, trajectory, "2025-01-20T09:00", "support", "held", FALSE, &error), ==, 0);
  assert_refused (f, error, SESSIO_ERROR_REFUSED,
                  "This session comes before the one of 24 April 2025, which would then be over the limit of reimbursed sessions: save this session as outside the convention to record it",
                  audit);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM session"), ==, 8);

  g_assert_cmpint (try_session (f, trajectory, "2025-01-20T09:00", "support", "held", TRUE, &error), >, 0);
  g_assert_no_error (error);
  history = sessio_patient_store_list_sessions (f->store, patient, &error);
  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(SessioSessionItem) item = g_list_model_get_item (history, i);

      g_assert_true (sessio_session_item_get_result (item)->billable);
    }

  /* Planned sessions count as soon as they are planned: one dated in
   * February is refused the same way. */
  audit = count (f, "SELECT count(*) FROM audit_log");
  g_assert_cmpint (try_session (f, trajectory, "2025-02-10T09:00", "support", "planned", FALSE, &error), ==, 0);
  assert_refused (f, error, SESSIO_ERROR_REFUSED,
                  "This session comes before the one of 24 April 2025, which would then be over the limit of reimbursed sessions: save this session as outside the convention to record it",
                  audit);
  g_clear_error (&error);

  /* A missed session counts for nothing; marking it held afterwards
   * would, and is refused. */
  planned = try_session (f, trajectory, "2025-02-10T09:00", "support", "no-show", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (planned, >, 0);
  g_assert_false (sessio_patient_store_set_session_status (f->store, planned, "held", FALSE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_true (sessio_patient_store_set_session_status (f->store, planned, "held", TRUE, &error));
  g_assert_no_error (error);
}

static void
test_update_session (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 patient = add_patient (f, "Testpersoon Wijzig", "1980-01-01", NULL);
  gint64 trajectory = add_trajectory (f, patient, f->adult_engagement, "2025-01-06", NULL);
  g_autoptr(SessioTrajectoryEvaluation) evaluation = NULL;
  g_autofree char *status = NULL;
  g_autofree char *note = NULL;
  SessioSession session = { 0 };
  gint64 first = 0, planned, audit;

  for (int i = 1; i <= 8; i++)
    {
      g_autofree char *when = g_strdup_printf ("2025-%02d-05T09:00", i % 6 + 1);

      if (i > 5)
        when[9] = '6';
      if (i == 1)
        first = try_session (f, trajectory, when, "support", "held", FALSE, &error);
      else
        try_session (f, trajectory, when, "support", "held", FALSE, &error);
      g_assert_no_error (error);
    }
  planned = try_session (f, trajectory, "2025-06-25T10:00", "support", "planned", FALSE, &error);
  g_assert_no_error (error);

  /* The planned ninth shows as it will be once held: over the limit. */
  evaluation = sessio_patient_store_evaluate_trajectory (f->store, trajectory, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sessio_trajectory_evaluation_find (evaluation, planned)->as_if_held);
  g_assert_true (sessio_trajectory_evaluation_find (evaluation, planned)->result.warnings & SESSIO_EVAL_WARNING_LIMIT_REACHED);

  /* Editing it into a held session is refused like adding one. */
  session.id = planned;
  session.starts_at = (char *) "2025-06-25T10:00";
  session.care = (char *) "support";
  session.status = (char *) "held";
  audit = count (f, "SELECT count(*) FROM audit_log");
  g_assert_false (sessio_patient_store_update_session (f->store, &session, &error));
  assert_refused (f, error, SESSIO_ERROR_REFUSED,
                  "This session is over the limit of 8 reimbursed sessions in 12 months: save it as outside the convention to record it",
                  audit);
  g_clear_error (&error);
  status = test_query_text (f->vault, "SELECT status FROM session ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (status, ==, "planned");

  session.setting = (char *) "group";
  g_assert_false (sessio_patient_store_update_session (f->store, &session, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* A correction of the first session's date and note. */
  session.id = first;
  session.setting = NULL;
  session.starts_at = (char *) "2025-01-03T09:00";   /* before the trajectory */
  g_assert_false (sessio_patient_store_update_session (f->store, &session, &error));
  assert_refused (f, error, SESSIO_ERROR_INVALID_INPUT, "The session is dated before the start of its trajectory", audit);
  g_clear_error (&error);
  session.starts_at = (char *) "2025-01-07T09:00";
  session.notes = (char *) "Verbeterde sessienotitie";
  g_assert_true (sessio_patient_store_update_session (f->store, &session, &error));
  g_assert_no_error (error);
  note = test_query_text (f->vault, "SELECT notes FROM session WHERE starts_at = '2025-01-07T09:00'");
  g_assert_cmpstr (note, ==, "Verbeterde sessienotitie");
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE entity = 'session' AND action = 'update starts_at,notes'"), ==, 1);
}

/* BIM counts only within its validity dates. */
static void
test_bim_validity (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioTrajectoryEvaluation) evaluation = NULL;
  SessioPatient patient = { 0 };
  gint64 id, trajectory, before, during, after;

  patient.name = (char *) "Testpersoon BIM";
  patient.birth_date = (char *) "1970-05-05";
  patient.bim = TRUE;
  patient.bim_valid_from = (char *) "2025-03-01";
  patient.bim_valid_to = (char *) "2025-04-30";
  id = sessio_patient_store_add_patient (f->store, &patient, &error);
  g_assert_no_error (error);
  trajectory = add_trajectory (f, id, f->adult_engagement, "2025-01-06", NULL);
  try_session (f, trajectory, "2025-01-10", "support", "held", FALSE, &error);   /* first: free */
  before = try_session (f, trajectory, "2025-02-10", "support", "held", FALSE, &error);
  during = try_session (f, trajectory, "2025-03-10", "support", "held", FALSE, &error);
  after = try_session (f, trajectory, "2025-05-10", "support", "held", FALSE, &error);
  g_assert_no_error (error);

  evaluation = sessio_patient_store_evaluate_trajectory (f->store, trajectory, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sessio_trajectory_evaluation_find (evaluation, before)->result.copay_cents, ==, 1100);
  g_assert_cmpint (sessio_trajectory_evaluation_find (evaluation, during)->result.copay_cents, ==, 400);
  g_assert_cmpint (sessio_trajectory_evaluation_find (evaluation, after)->result.copay_cents, ==, 1100);
  g_assert_cmpint (sessio_trajectory_evaluation_find (evaluation, after)->result.count, ==, 4);
}

static void
test_group_sessions (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 a = add_patient (f, "Leerling Een", "2010-04-01", NULL);
  gint64 b = add_patient (f, "Leerling Twee", "2011-05-02", NULL);
  gint64 c = add_patient (f, "Volwassene Drie", "1970-01-01", NULL);
  gint64 ta = add_trajectory (f, a, f->youth_engagement, "2025-01-06", NULL);
  gint64 tb = add_trajectory (f, b, f->youth_engagement, "2025-02-03", NULL);
  gint64 tc = add_trajectory (f, c, f->adult_engagement, "2025-01-06", NULL);
  g_autoptr(GArray) participants = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(SessioTrajectoryEvaluation) evaluation_a = NULL;
  g_autoptr(SessioTrajectoryEvaluation) evaluation_b = NULL;
  SessioSession group = { 0 };
  gint64 audit = count (f, "SELECT count(*) FROM audit_log");
  gint64 id;

  group.starts_at = (char *) "2025-03-05T13:00";
  group.care = (char *) "support";
  group.setting = (char *) "group";
  group.location = (char *) "school";
  group.context = (char *) "clb";
  group.trajectories = participants;

  g_assert_cmpint (sessio_patient_store_add_session (f->store, &group, &error), ==, 0);
  assert_refused (f, error, SESSIO_ERROR_INVALID_INPUT, "A group session needs at least one participant", audit);
  g_clear_error (&error);

  g_array_append_val (participants, ta);
  g_array_append_val (participants, tc);
  g_assert_cmpint (sessio_patient_store_add_session (f->store, &group, &error), ==, 0);
  assert_refused (f, error, SESSIO_ERROR_INVALID_INPUT,
                  "All participants of a group session must belong to one engagement", audit);
  g_clear_error (&error);

  /* Before b's trajectory starts. */
  g_array_set_size (participants, 1);
  g_array_append_val (participants, tb);
  group.starts_at = (char *) "2025-01-20T13:00";
  g_assert_cmpint (sessio_patient_store_add_session (f->store, &group, &error), ==, 0);
  assert_refused (f, error, SESSIO_ERROR_INVALID_INPUT, "The session is dated before the start of its trajectory", audit);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM session"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM group_participant"), ==, 0);

  group.starts_at = (char *) "2025-03-05T13:00";
  id = sessio_patient_store_add_session (f->store, &group, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM group_participant"), ==, 2);
  g_assert_cmpint (count (f, "SELECT engagement_id FROM session"), ==, f->youth_engagement);

  /* Each participant is evaluated on their own trajectory. */
  evaluation_a = sessio_patient_store_evaluate_trajectory (f->store, ta, NULL, &error);
  evaluation_b = sessio_patient_store_evaluate_trajectory (f->store, tb, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sessio_trajectory_evaluation_find (evaluation_a, id));
  g_assert_nonnull (sessio_trajectory_evaluation_find (evaluation_b, id));
  g_assert_true (sessio_trajectory_evaluation_find (evaluation_a, id)->result.billable);
  g_assert_cmpint (sessio_trajectory_evaluation_find (evaluation_a, id)->result.copay_cents, ==, 0);
  g_assert_cmpint (sessio_trajectory_evaluation_find (evaluation_b, id)->info.participants, ==, 2);

  /* One pupil missed it: only their evaluation changes. */
  g_assert_true (sessio_patient_store_set_participant_status (f->store, id, tb, "no-show", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (sessio_patient_store_set_participant_status (f->store, id, tc, "no-show", NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_autoptr(SessioTrajectoryEvaluation) again_a = sessio_patient_store_evaluate_trajectory (f->store, ta, NULL, &error);
    g_autoptr(SessioTrajectoryEvaluation) again_b = sessio_patient_store_evaluate_trajectory (f->store, tb, NULL, &error);

    g_assert_true (sessio_trajectory_evaluation_find (again_a, id)->result.billable);
    g_assert_false (sessio_trajectory_evaluation_find (again_b, id)->result.billable);
  }

  /* Read back, deleted, added again from the copy: the undo path. */
  {
    SessioSession copy = { 0 };
    gint64 again;

    g_assert_true (sessio_patient_store_get_session (f->store, id, &copy, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (copy.setting, ==, "group");
    g_assert_cmpuint (copy.trajectories->len, ==, 2);
    g_assert_true (sessio_patient_store_delete_session (f->store, id, &error));
    g_assert_cmpint (count (f, "SELECT count(*) FROM group_participant"), ==, 0);
    again = sessio_patient_store_add_session (f->store, &copy, &error);
    g_assert_no_error (error);
    g_assert_cmpint (count (f, "SELECT count(*) FROM group_participant"), ==, 2);
    id = again;
    sessio_session_clear (&copy);
  }

  /* The agenda of that week: the group session, named by its pupils. */
  {
    g_autoptr(GListModel) agenda = NULL;
    g_autoptr(SessioSessionItem) item = NULL;
    GDate from, to;

    g_date_clear (&from, 1);
    g_date_clear (&to, 1);
    g_date_set_dmy (&from, 3, G_DATE_MARCH, 2025);
    g_date_set_dmy (&to, 9, G_DATE_MARCH, 2025);
    agenda = sessio_patient_store_list_agenda (f->store, &from, &to, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (agenda), ==, 1);
    item = g_list_model_get_item (agenda, 0);
    g_assert_cmpint (sessio_session_item_get_id (item), ==, id);
    g_assert_cmpint (sessio_session_item_get_patient_id (item), ==, 0);
    g_assert_nonnull (strstr (sessio_session_item_get_patient_name (item), "Leerling Een"));
    g_assert_nonnull (strstr (sessio_session_item_get_patient_name (item), "Leerling Twee"));
    g_assert_null (sessio_session_item_get_result (item));
  }
}

static void
test_tasks (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SessioTask task = { 0, f->youth_engagement, 0, (char *) "mdo", (char *) "2025-03-05T13:00", 60, 2, NULL };

  g_assert_cmpint (sessio_patient_store_add_task (f->store, &task, &error), ==, 0);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "A multidisciplinary consultation needs at least 3 care providers");
  g_clear_error (&error);
  task.care_providers = 4;
  g_assert_cmpint (sessio_patient_store_add_task (f->store, &task, &error), >, 0);
  g_assert_no_error (error);
  task.kind = (char *) "advice";
  task.care_providers = 0;
  g_assert_cmpint (sessio_patient_store_add_task (f->store, &task, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM task"), ==, 2);
}

static void
test_erasure (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *insz_a = make_insz (1985, 7, 31, TRUE, 11);
  g_autofree char *insz_b = make_insz (1986, 8, 1, FALSE, 12);
  char *problems[] = { (char *) "trauma", NULL };
  SessioPatient patient = { 0 };
  g_autoptr(SessioPatient) read = NULL;
  gint64 a, b, ta, tb, invoiced, other;
  g_autofree char *name_b = NULL;

  patient.name = (char *) "Wissen Zonderfactuur";
  patient.birth_date = (char *) "1985-07-31";
  patient.insz = insz_a;
  patient.notes = (char *) "Geheime notitie";
  patient.problems = problems;
  a = sessio_patient_store_add_patient (f->store, &patient, &error);
  g_assert_no_error (error);
  b = add_patient (f, "Wissen Metfactuur", "1986-08-01", insz_b);
  ta = add_trajectory (f, a, f->adult_engagement, "2025-01-06", NULL);
  tb = add_trajectory (f, b, f->adult_engagement, "2025-01-06", NULL);
  try_session (f, ta, "2025-02-03", "support", "held", FALSE, &error);
  g_assert_no_error (error);
  invoiced = try_session (f, tb, "2025-02-03", "support", "held", FALSE, &error);
  other = try_session (f, tb, "2025-02-10", "support", "held", FALSE, &error);
  g_assert_no_error (error);

  /* Rectify b once, so there is history to erase too. */
  read = sessio_patient_store_get_patient (f->store, b, &error);
  g_free (read->notes);
  read->notes = g_strdup ("Verbeterde notitie");
  g_assert_true (sessio_patient_store_update_patient (f->store, read, &error));

  /* An issued invoice names b's first session. */
  {
    g_autofree char *sql = g_strdup_printf (
      "INSERT INTO invoice (id, engagement_id, number, month, status, issued_at)"
      " VALUES (1, %" G_GINT64_FORMAT ", 'F2025-001', '2025-02', 'issued', '2025-03-01');"
      "INSERT INTO invoice_line (invoice_id, session_id, trajectory_id, description, fee_cents, copay_cents, amount_cents)"
      " VALUES (1, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'support', 7500, 0, 7500);",
      f->adult_engagement, invoiced, tb);
    test_commit_sql (f->vault, sql);
  }

  /* Within the retention period the file is kept... */
  g_assert_false (sessio_patient_store_erase_patient (f->store, a, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);
  /* ...and may be erased once 30 years have passed since the last contact. */
  {
    GDate later;

    g_date_clear (&later, 1);
    g_date_set_dmy (&later, 11, G_DATE_FEBRUARY, 2055);
    sessio_clock_set_today_for_testing (&later);
  }
  g_assert_true (sessio_patient_store_erase_patient (f->store, a, &error));
  g_assert_no_error (error);
  g_assert_true (sessio_patient_store_erase_patient (f->store, b, &error));
  g_assert_no_error (error);

  /* a: nothing identifying or clinical left; a tombstone row. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient WHERE id = 1 AND erased = 1 AND name = '' AND insz IS NULL AND notes IS NULL"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM trajectory WHERE patient_id = 1"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient_problem"), ==, 0);
  /* b: the invoiced session and what the invoice needs stay, without notes. */
  name_b = test_query_text (f->vault, "SELECT name FROM patient WHERE id = 2");
  g_assert_cmpstr (name_b, ==, "Wissen Metfactuur");
  g_assert_cmpint (count (f, "SELECT count(*) FROM session WHERE trajectory_id IS NOT NULL"), ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM session WHERE id = %" G_GINT64_FORMAT " AND notes IS NULL", invoiced);
    g_autofree char *gone = g_strdup_printf ("SELECT count(*) FROM session WHERE id = %" G_GINT64_FORMAT, other);

    g_assert_cmpint (count (f, sql), ==, 1);
    g_assert_cmpint (count (f, gone), ==, 0);
  }
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient WHERE notes IS NOT NULL"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient_history"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action LIKE 'erase%'"), ==, 2);

  /* An erased file takes no new data. */
  {
    SessioTrajectory trajectory = { 0, b, f->adult_engagement, (char *) "2025-04-01" };

    g_assert_cmpint (sessio_patient_store_add_trajectory (f->store, &trajectory, &error), ==, 0);
    g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND);
  }
  g_assert_true (sessio_vault_check (f->vault, NULL));
}

static void
test_audit_tamper (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 patient = add_patient (f, "Testpersoon Audit", "1980-01-01", NULL);
  g_autoptr(SessioPatient) read = sessio_patient_store_get_patient (f->store, patient, &error);

  /* The read is what writes the "view" entry hidden below. */
  g_assert_nonnull (read);
  g_assert_true (sessio_audit_verify (sessio_vault_get_db (f->vault), &error));
  g_assert_no_error (error);
  /* Someone hides that the file was viewed. */
  test_commit_sql (f->vault, "UPDATE audit_log SET action = 'create' WHERE action = 'view'");
  g_assert_false (sessio_audit_verify (sessio_vault_get_db (f->vault), &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
}

static void
test_patient_list (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *insz = make_insz (1999, 12, 31, TRUE, 5);
  g_autoptr(SessioPatientList) list = NULL;
  g_autofree char *query = NULL;
  g_autofree char *insz_query = NULL;
  guint matches = 0;
  gint64 zoe;

  zoe = add_patient (f, "Zoë Lefèvre", "1999-12-31", insz);
  add_patient (f, "Amber Peeters", "2001-01-01", NULL);
  add_patient (f, "Jonas Lefevre", "2002-02-02", NULL);
  add_trajectory (f, zoe, f->adult_engagement, "2025-03-03", NULL);

  list = sessio_patient_list_new (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == SESSIO_TYPE_PATIENT_SUMMARY);

  query = sessio_search_fold ("LEFÉ");
  g_assert_cmpstr (query, ==, "lefe");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SessioPatientSummary) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (sessio_patient_summary_matches (item, query))
        matches++;
      if (sessio_patient_summary_get_id (item) == zoe)
        {
          g_assert_cmpstr (sessio_patient_summary_get_trajectory (item), ==, "Netwerk Volwassenen Test, since 3 March 2025");
          g_assert_cmpstr (sessio_patient_summary_get_birth_text (item), ==, "31 December 1999");
        }
    }
  g_assert_cmpuint (matches, ==, 2);

  /* The INSZ, typed with its dots. */
  insz_query = sessio_search_fold ("99.12.31");
  g_assert_cmpstr (insz_query, ==, "991231");
  {
    g_autoptr(SessioPatientSummary) first = g_list_model_get_item (G_LIST_MODEL (list), 2);

    g_assert_cmpstr (sessio_patient_summary_get_name (first), ==, "Zoë Lefèvre");
    g_assert_true (sessio_patient_summary_matches (first, insz_query));
    g_assert_true (sessio_patient_summary_matches (first, ""));
  }

  g_assert_true (sessio_patient_store_erase_patient (f->store, zoe, &error));
  g_assert_true (sessio_patient_list_reload (list, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *insz = make_insz (2011, 2, 3, TRUE, 9);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json_path = g_build_filename (f->dir, "..", "export-test.json", NULL);
  g_autofree char *pdf_path = g_build_filename (f->dir, "..", "export-test.pdf", NULL);
  g_autoptr(SessioPatient) read = NULL;
  SessioPatient patient = { 0 };
  JsonObject *object;
  g_autofree char *pdftotext = NULL;
  GStatBuf st;
  gint64 id, trajectory;

  patient.name = (char *) "Export Testleerling";
  patient.birth_date = (char *) "2011-02-03";
  patient.insz = insz;
  patient.language = (char *) "fr";
  patient.notes = (char *) "Notitie voor export";
  id = sessio_patient_store_add_patient (f->store, &patient, &error);
  g_assert_no_error (error);
  trajectory = add_trajectory (f, id, f->youth_engagement, "2025-01-06", "2025-01-20");
  try_session (f, trajectory, "2025-02-03T10:00", "treatment", "held", FALSE, &error);
  g_assert_no_error (error);
  read = sessio_patient_store_get_patient (f->store, id, &error);
  g_free (read->name);
  read->name = g_strdup ("Export Testleerling-Twee");
  g_assert_true (sessio_patient_store_update_patient (f->store, read, &error));

  root = sessio_patient_export_json (f->store, id, &error);
  g_assert_no_error (error);
  object = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (object, "format_version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "patient"), "name"), ==,
                   "Export Testleerling-Twee");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "trajectories")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "sessions")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "history")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "audit")), >=, 4);

  g_assert_true (sessio_patient_export_write (f->store, id, json_path, pdf_path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (json_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (pdf_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (st.st_size, >, 1000);

  /* The PDF is in the patient's language, read back as text. */
  pdftotext = g_find_program_in_path ("pdftotext");
  if (pdftotext != NULL)
    {
      g_autofree char *out = NULL;
      g_autofree char *command = g_strdup_printf ("pdftotext -enc UTF-8 %s -", pdf_path);
      int status = 0;

      g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, NULL));
      g_assert_nonnull (strstr (out, "Export Testleerling-Twee"));
      g_assert_nonnull (strstr (out, "2011"));
    }
  g_unlink (json_path);
  g_unlink (pdf_path);
}

/* What an INSZ number knows is checked, what it does not know is not
 * guessed: a partly unknown birth date must agree with the known part, a
 * BIS number given without knowing the sex accepts any sex, and a number
 * born after the store's today is refused. */
static void
test_patient_insz_unknown_parts (Fixture       *f,
                                 gconstpointer  data)
{
  static const struct
  {
    const char *insz;
    const char *birth;
    const char *sex;
    const char *message;   /* NULL: accepted */
  } cases[] = {
    /* 580200123: 97 − (580200123 mod 97) = 42, February 1958, day 00 */
    { "58020012342", "1958-02-17", "m", NULL },
    { "58020012342", "1958-03-17", "m", "The INSZ number does not match the birth date" },
    /* 000000045: 97 − (45 mod 97) = 52, 1900, month and day 00 */
    { "00000004552", "1900-11-02", NULL, NULL },
    { "00000004552", "1901-11-02", NULL, "The INSZ number does not match the birth date" },
    /* BIS + 20 (sex unknown), 883224916: 97 − (883224916 mod 97) = 48 */
    { "88322491648", "1988-12-24", "f", NULL },
    { "88322491648", "1988-12-24", "m", NULL },
    /* BIS + 40 (sex known), 885224916 → 91; sequence 916 is even */
    { "88522491691", "1988-12-24", "m", "The INSZ number does not match the sex" },
    /* July 2025, day unknown: 97 − (2 250700012 mod 97) = 9; the store's
     * today is 30 June 2025 */
    { "25070001209", "2025-06-30", NULL, "The INSZ number’s birth date lies in the future" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      SessioPatient patient = { 0 };
      gint64 audit = count (f, "SELECT count(*) FROM audit_log");
      gint64 id;

      g_test_message ("case %u", i);
      patient.name = (char *) "Testpersoon Onbekend";
      patient.birth_date = (char *) cases[i].birth;
      patient.insz = (char *) cases[i].insz;
      patient.sex = (char *) cases[i].sex;
      id = sessio_patient_store_add_patient (f->store, &patient, &error);
      if (cases[i].message != NULL)
        {
          g_assert_cmpint (id, ==, 0);
          assert_refused (f, error, SESSIO_ERROR_INVALID_INPUT, cases[i].message, audit);
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpint (id, >, 0);
      /* The same number twice is refused: erase it for the next case. */
      g_assert_true (sessio_patient_store_erase_patient (f->store, id, &error));
      g_assert_no_error (error);
    }
}

/* The consent scope is a choice now; a scope an older version stored as
 * free text survives a correction of another field. */
static void
test_consent_scope (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatient) read = NULL;
  guint n_scopes;
  const SessioChoice *scopes = sessio_consent_scopes (&n_scopes);
  gint64 id = add_patient (f, "Toestemming Test", "1980-02-03", NULL);
  char *free_text;

  g_assert_cmpuint (n_scopes, ==, 3);
  g_assert_cmpstr (scopes[1].id, ==, "care-and-billing");
  g_assert_cmpstr (sessio_choice_get_label (scopes, n_scopes, "care-and-billing"), ==, "The care and its invoicing");

  /* As an older version stored it, through the vault's journal. */
  g_assert_true (sessio_vault_begin (f->vault, &error));
  g_assert_cmpint (sqlite3_exec (sessio_vault_get_db (f->vault),
                                 "UPDATE patient SET consent_scope = 'zorg en facturatie' WHERE id = 1",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (sessio_vault_commit (f->vault, &error));
  g_assert_no_error (error);
  read = sessio_patient_store_get_patient (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->consent_scope, ==, "zorg en facturatie");
  g_free (read->name);
  read->name = g_strdup ("Toestemming Gecorrigeerd");
  g_assert_true (sessio_patient_store_update_patient (f->store, read, &error));
  g_assert_no_error (error);

  free_text = read->consent_scope;
  read->consent_scope = (char *) "iets anders";
  g_assert_false (sessio_patient_store_update_patient (f->store, read, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  read->consent_scope = (char *) "care";
  g_assert_true (sessio_patient_store_update_patient (f->store, read, &error));
  g_assert_no_error (error);
  read->consent_scope = free_text;
}

/* Control characters in names: from a CSV file or --name, an
 * escape sequence in a name drove the terminal of whoever listed the
 * patients.  Refused in every kind of name; notes keep their lines. */
static void
test_names_without_control_characters (Fixture       *f,
                                       gconstpointer  data)
{
  static const char * const bad[] = {
    "Naam\x1b[2JWissen", "Naam\x1b]0;titel\x07", "Twee\nregels", "Met\ttab", "Bel\x7f",
    "C1\xc2\x9b" "31m", "Omgekeerd \xe2\x80\xae" "tset", "Isolaat \xe2\x81\xa6x", NULL,
  };
  g_autoptr(GError) error = NULL;
  gint64 audit = count (f, "SELECT count(*) FROM audit_log");

  for (guint i = 0; bad[i] != NULL; i++)
    {
      SessioPatient patient = { 0 };
      SessioProvider provider = { (char *) bad[i], (char *) "1-23456-78-901", NULL, NULL, NULL };
      SessioEngagement engagement = { 0, (char *) bad[i], (char *) "adult", (char *) "independent", NULL, NULL, -1 };

      g_test_message ("case %u", i);
      patient.name = (char *) bad[i];
      patient.birth_date = (char *) "1990-03-14";
      g_assert_cmpint (sessio_patient_store_add_patient (f->store, &patient, &error), ==, 0);
      assert_refused (f, error, SESSIO_ERROR_INVALID_INPUT,
                      "A name cannot contain control characters such as tabs or line breaks", audit);
      g_clear_error (&error);
      g_assert_false (sessio_patient_store_set_provider (f->store, &provider, NULL, &error));
      g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
      g_clear_error (&error);
      g_assert_cmpint (sessio_patient_store_add_engagement (f->store, &engagement, &error), ==, 0);
      g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM provider"), ==, 0);

  /* Accents and other scripts are text, not control characters. */
  add_patient (f, "Élodie Ñúñez-Çelik ΑΒΓ", "1990-03-14", NULL);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

/* ::changed follows every committed change, not refused ones nor audited
 * reads: the agenda reloads on it. */
static void
count_signal (gpointer  store,
              guint    *n)
{
  (*n)++;
}

static void
test_changed_signal (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatient) read = NULL;
  SessioPatient nameless = { 0 };
  guint n = 0;
  gint64 patient, trajectory, session;

  g_signal_connect (f->store, "changed", G_CALLBACK (count_signal), &n);

  patient = add_patient (f, "Signaal Test", "1980-02-03", NULL);
  g_assert_cmpuint (n, ==, 1);
  trajectory = add_trajectory (f, patient, f->adult_engagement, "2025-06-02", NULL);
  g_assert_cmpuint (n, ==, 2);
  session = try_session (f, trajectory, "2025-06-16T10:00", "support", "planned", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_true (sessio_patient_store_set_session_status (f->store, session, "held", FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 4);

  /* Reading is audited, but changes nothing shown. */
  read = sessio_patient_store_get_patient (f->store, patient, &error);
  g_assert_nonnull (read);
  g_assert_cmpuint (n, ==, 4);

  /* Refused: nothing changed. */
  g_assert_cmpint (sessio_patient_store_add_patient (f->store, &nameless, &error), ==, 0);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_assert_cmpuint (n, ==, 4);

  g_signal_handlers_disconnect_by_data (f->store, &n);
}

int
main (int    argc,
      char **argv)
{
  int status;

  test_init (&argc, &argv);

  ADD ("/patients/provider", test_provider);
  ADD ("/patients/names-without-control-characters", test_names_without_control_characters);
  ADD ("/patients/engagement-validation", test_engagement_validation);
  ADD ("/patients/patient-validation", test_patient_validation);
  ADD ("/patients/insz-unknown-parts", test_patient_insz_unknown_parts);
  ADD ("/patients/consent-scope", test_consent_scope);
  ADD ("/patients/roundtrip-and-history", test_patient_roundtrip_and_history);
  ADD ("/patients/trajectory-validation", test_trajectory_validation);
  ADD ("/patients/session-validation", test_session_validation);
  ADD ("/patients/limit-and-meter", test_limit_and_meter);
  ADD ("/patients/update-session", test_update_session);
  ADD ("/patients/bim-validity", test_bim_validity);
  ADD ("/patients/group-sessions", test_group_sessions);
  ADD ("/patients/earlier-session-and-limit", test_earlier_session_and_limit);
  ADD ("/patients/tasks", test_tasks);
  ADD ("/patients/erasure", test_erasure);
  ADD ("/patients/audit-tamper", test_audit_tamper);
  ADD ("/patients/list", test_patient_list);
  ADD ("/patients/export", test_export);
  ADD ("/patients/changed-signal", test_changed_signal);

  status = g_test_run ();

  /* Pango's font map keeps fontconfig data for the life of the process:
   * drop it so the leak checker sees only our own allocations. */
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  return status;
}
