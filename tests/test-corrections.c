/* test-corrections.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Correcting and keeping the clinical file on a real vault:
 * every field of a session can be corrected and its earlier value read
 * back from the history, notes included; a refused correction names the
 * field and leaves nothing behind; an invoiced session can be corrected
 * while its issued invoice stays identical, and the store says how to
 * settle the difference; group participants have their own attendance;
 * trajectories keep versions of their assessment; a closed file is read
 * only and hidden; erasure follows the retention periods of the Quality
 * of Care Act.  Synthetic data only.
 */

#include "config.h"

#include "sessio-clock.h"
#include "sessio-invoice-export.h"
#include "sessio-invoice-store.h"
#include "sessio-patient-export.h"
#include "sessio-patient-list.h"
#include "sessio-patient-store.h"
#include "sessio-session-list.h"
#include "sessio-stats.h"
#include "sessio-timeline.h"
#include "vault-test-util.h"

typedef struct
{
  char               *dir;
  SessioVault        *vault;
  SessioPatientStore *store;
  SessioInvoiceStore *invoices;
  gint64              adult;
  gint64              patient;
  gint64              trajectory;
} Fixture;

static void
set_today (Fixture *f,
           int      year,
           int      month,
           int      day)
{
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  sessio_clock_set_today_for_testing (&today);
}

static gint64
add_patient (Fixture    *f,
             const char *name,
             const char *birth)
{
  g_autoptr(GError) error = NULL;
  SessioPatient patient = { 0 };
  gint64 id;

  patient.name = (char *) name;
  patient.birth_date = (char *) birth;
  id = sessio_patient_store_add_patient (f->store, &patient, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_trajectory (Fixture    *f,
                gint64      patient,
                const char *start,
                const char *bilan)
{
  g_autoptr(GError) error = NULL;
  SessioTrajectory trajectory = { 0 };
  gint64 id;

  trajectory.patient_id = patient;
  trajectory.engagement_id = f->adult;
  trajectory.start_date = (char *) start;
  trajectory.bilan_date = (char *) bilan;
  id = sessio_patient_store_add_trajectory (f->store, &trajectory, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_session (Fixture    *f,
             gint64      trajectory,
             const char *when,
             const char *care,
             const char *status)
{
  g_autoptr(GError) error = NULL;
  SessioSession session = { 0 };
  gint64 id;

  session.trajectory_id = trajectory;
  session.starts_at = (char *) when;
  session.care = (char *) care;
  session.setting = (char *) "individual";
  session.status = (char *) status;
  session.notes = (char *) "Eerste versie";
  id = sessio_patient_store_add_session (f->store, &session, &error);
  g_assert_no_error (error);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SessioProvider provider = { (char *) "Psycholoog Test", (char *) "1-23456-78-901", NULL, NULL, NULL };
  SessioEngagement adult = { 0, (char *) "Netwerk Volwassenen Test", (char *) "adult",
                             (char *) "independent", NULL, (char *) "nl", -1 };

  f->dir = test_make_tmpdir ();
  f->vault = test_create_vault (f->dir, NULL);
  f->store = sessio_patient_store_new (f->vault, NULL);
  f->invoices = sessio_invoice_store_new (f->store, NULL);
  set_today (f, 2025, 6, 30);
  g_assert_true (sessio_patient_store_set_provider (f->store, &provider, NULL, &error));
  g_assert_no_error (error);
  f->adult = sessio_patient_store_add_engagement (f->store, &adult, &error);
  g_assert_no_error (error);
  f->patient = add_patient (f, "Correctie Testpersoon", "1980-02-03");
  f->trajectory = add_trajectory (f, f->patient, "2025-01-06", "2025-01-20");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->invoices);
  g_clear_object (&f->store);
  g_clear_object (&f->vault);
  test_rm_rf (f->dir);
  g_free (f->dir);
  /* Back to the real clock for the next test. */
  sessio_clock_reset_for_testing ();
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return test_query_int (f->vault, sql);
}

/* The earlier value of @field in @changes (the last one kept). */
static const char *
old_value (GPtrArray  *changes,
           const char *field)
{
  const char *value = "(none)";

  for (guint i = 0; i < changes->len; i++)
    {
      const SessioChange *change = g_ptr_array_index (changes, i);

      if (g_strcmp0 (change->field, field) == 0)
        value = change->old_value;
    }
  return value;
}

static void
replace (char       **target,
         const char  *value)
{
  g_free (*target);
  *target = g_strdup (value);
}

/* Every field of a session, one correction, and the history. */
static void
test_session_every_field (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  gint64 id = add_session (f, f->trajectory, "2025-02-03T10:00", "support", "held");
  SessioSession session = { 0 }, after = { 0 };
  const char *field = "untouched";

  g_assert_true (sessio_patient_store_get_session (f->store, id, &session, &error));
  replace (&session.starts_at, "2025-02-04T14:30");
  session.duration_min = 45;
  replace (&session.care, "treatment");
  replace (&session.location, "video");
  replace (&session.context, "clb");
  session.co_facilitator = TRUE;
  session.outside_convention = TRUE;
  replace (&session.copay, "cash");
  replace (&session.copay_date, "2025-02-11");
  replace (&session.notes, "Tweede versie");
  g_assert_true (sessio_patient_store_correct_session (f->store, &session, &field, &error));
  g_assert_no_error (error);
  g_assert_null (field);
  sessio_session_clear (&session);

  g_assert_true (sessio_patient_store_get_session (f->store, id, &after, &error));
  g_assert_cmpstr (after.starts_at, ==, "2025-02-04T14:30");
  g_assert_cmpint (after.duration_min, ==, 45);
  g_assert_cmpstr (after.care, ==, "treatment");
  g_assert_cmpstr (after.location, ==, "video");
  g_assert_cmpstr (after.context, ==, "clb");
  g_assert_true (after.co_facilitator);
  g_assert_true (after.outside_convention);
  g_assert_cmpstr (after.copay, ==, "cash");
  g_assert_cmpstr (after.copay_date, ==, "2025-02-11");
  g_assert_cmpstr (after.notes, ==, "Tweede versie");

  /* The status, on its own (a held session missed after all). */
  replace (&after.status, "no-show");
  g_assert_true (sessio_patient_store_correct_session (f->store, &after, NULL, &error));
  g_assert_no_error (error);
  sessio_session_clear (&after);

  changes = sessio_patient_store_get_session_history (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (old_value (changes, "starts_at"), ==, "2025-02-03T10:00");
  g_assert_cmpstr (old_value (changes, "duration_min"), ==, "60");
  g_assert_cmpstr (old_value (changes, "care"), ==, "support");
  g_assert_cmpstr (old_value (changes, "location"), ==, "practice");
  g_assert_cmpstr (old_value (changes, "context"), ==, "own");
  g_assert_cmpstr (old_value (changes, "co_facilitator"), ==, "0");
  g_assert_cmpstr (old_value (changes, "outside_convention"), ==, "0");
  g_assert_cmpstr (old_value (changes, "copay"), ==, "not-yet");
  g_assert_null (old_value (changes, "copay_date"));
  g_assert_cmpstr (old_value (changes, "notes"), ==, "Eerste versie");
  g_assert_cmpstr (old_value (changes, "status"), ==, "held");
  g_assert_cmpuint (changes->len, ==, 11);

  /* The audit log names the fields, never their values. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE entity = 'session'"
                             " AND action = 'update starts_at,duration_min,care,location,context,co_facilitator,"
                             "outside_convention,copay,copay_date,notes'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action LIKE '%Tweede%'"), ==, 0);
  /* Reading the history is a view of the file: audited. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'view history'"), ==, 1);
}

/* Every version of a note is kept and readable; a big note is fine. */
static void
test_note_versions (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  gint64 id = add_session (f, f->trajectory, "2025-02-03T10:00", "support", "held");
  const char *versions[] = { "Tweede versie", "Derde versie" };
  SessioSession session = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      g_assert_true (sessio_patient_store_get_session (f->store, id, &session, &error));
      replace (&session.notes, versions[i]);
      g_assert_true (sessio_patient_store_correct_session (f->store, &session, NULL, &error));
      g_assert_no_error (error);
      sessio_session_clear (&session);
    }
  /* Saving without a change keeps no version. */
  g_assert_true (sessio_patient_store_get_session (f->store, id, &session, &error));
  g_assert_true (sessio_patient_store_correct_session (f->store, &session, NULL, &error));
  sessio_session_clear (&session);

  changes = sessio_patient_store_get_session_history (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 2);
  g_assert_cmpstr (((SessioChange *) g_ptr_array_index (changes, 0))->old_value, ==, "Eerste versie");
  g_assert_cmpstr (((SessioChange *) g_ptr_array_index (changes, 1))->old_value, ==, "Tweede versie");
  g_assert_cmpstr (((SessioChange *) g_ptr_array_index (changes, 1))->field, ==, "notes");
  {
    g_autoptr(JsonNode) export = sessio_patient_export_json (f->store, f->patient, &error);
    JsonArray *kept = json_object_get_array_member (json_node_get_object (export), "session_history");

    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (kept), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (kept, 0), "old_value"), ==,
                     "Eerste versie");
  }

  /* A note of several megabytes. */
  while (big->len < 4 * 1024 * 1024)
    g_string_append (big, "Een synthetische zin in een lange notitie. ");
  g_assert_true (sessio_patient_store_get_session (f->store, id, &session, &error));
  replace (&session.notes, big->str);
  g_assert_true (sessio_patient_store_correct_session (f->store, &session, NULL, &error));
  g_assert_no_error (error);
  sessio_session_clear (&session);
  g_assert_true (sessio_patient_store_get_session (f->store, id, &session, &error));
  g_assert_cmpuint (strlen (session.notes), ==, big->len);
  sessio_session_clear (&session);
}

/* A refusal names the field and nothing is saved: no change, no history,
 * no audit entry. */
static void
assert_refused_at (Fixture             *f,
                   const SessioSession *session,
                   int                  code,
                   const char          *expected_field)
{
  g_autoptr(GError) error = NULL;
  gint64 audit = count (f, "SELECT count(*) FROM audit_log");
  gint64 history = count (f, "SELECT count(*) FROM session_history");
  g_autofree char *stored = test_query_text (f->vault, "SELECT group_concat (starts_at || care_type || status || location"
                                                       " || coalesce (notes, ''), '|') FROM session");
  g_autofree char *stored_after = NULL;
  const char *field = NULL;

  g_assert_false (sessio_patient_store_correct_session (f->store, session, &field, &error));
  g_assert_error (error, SESSIO_ERROR, code);
  g_assert_cmpstr (field, ==, expected_field);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log"), ==, audit);
  g_assert_cmpint (count (f, "SELECT count(*) FROM session_history"), ==, history);
  stored_after = test_query_text (f->vault, "SELECT group_concat (starts_at || care_type || status || location"
                                            " || coalesce (notes, ''), '|') FROM session");
  g_assert_cmpstr (stored_after, ==, stored);
}

static void
test_session_refusals (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 early = add_trajectory (f, add_patient (f, "Zonder Bilan", "1990-04-04"), "2025-01-06", "2025-03-01");
  gint64 id = add_session (f, early, "2025-02-03T10:00", "support", "held");
  SessioSession session = { 0 };

  g_assert_true (sessio_patient_store_get_session (f->store, id, &session, &error));

  /* A held session dated in the future. */
  replace (&session.starts_at, "2025-07-01T10:00");
  replace (&session.notes, "Mag niet bewaard worden");
  assert_refused_at (f, &session, SESSIO_ERROR_INVALID_INPUT, "status");
  /* Treatment before the functional assessment (1 March). */
  replace (&session.starts_at, "2025-02-03T10:00");
  replace (&session.care, "treatment");
  assert_refused_at (f, &session, SESSIO_ERROR_REFUSED, "care");
  /* Before the start of the trajectory. */
  replace (&session.care, "support");
  replace (&session.starts_at, "2024-12-03");
  assert_refused_at (f, &session, SESSIO_ERROR_INVALID_INPUT, "starts_at");
  /* A date of receipt for a co-payment not received. */
  replace (&session.starts_at, "2025-02-03T10:00");
  replace (&session.copay_date, "2025-02-05");
  assert_refused_at (f, &session, SESSIO_ERROR_INVALID_INPUT, "copay_date");
  replace (&session.copay, "transfer");
  replace (&session.copay_date, "2025-13-05");
  assert_refused_at (f, &session, SESSIO_ERROR_INVALID_INPUT, "copay_date");
  replace (&session.copay_date, NULL);
  /* An unknown location, a bad duration. */
  replace (&session.location, "moon");
  assert_refused_at (f, &session, SESSIO_ERROR_INVALID_INPUT, "location");
  replace (&session.location, NULL);
  session.duration_min = 601;
  assert_refused_at (f, &session, SESSIO_ERROR_INVALID_INPUT, "duration_min");
  session.duration_min = 60;
  /* Individual to group. */
  replace (&session.setting, "group");
  assert_refused_at (f, &session, SESSIO_ERROR_INVALID_INPUT, "setting");
  sessio_session_clear (&session);

  /* A session the rules refuse today for a reason the correction does
   * not touch (here: treatment stored before its assessment, as older
   * or imported data can be) still takes a corrected note. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE session SET care_type = 'treatment' WHERE id = %" G_GINT64_FORMAT, id);

    test_commit_sql (f->vault, sql);
  }
  g_assert_true (sessio_patient_store_get_session (f->store, id, &session, &error));
  replace (&session.notes, "Notitie bij oude gegevens");
  g_assert_true (sessio_patient_store_correct_session (f->store, &session, NULL, &error));
  g_assert_no_error (error);
  /* ...but a change of what counts is checked. */
  replace (&session.starts_at, "2025-02-04T10:00");
  assert_refused_at (f, &session, SESSIO_ERROR_REFUSED, "care");
  sessio_session_clear (&session);
}

/* An invoiced session: the correction goes through, the invoice stays
 * identical, and the store says how to settle it; the older
 * update_session() still refuses a billed change. */
static void
test_invoiced_session (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioInvoice) invoice = NULL, invoice_after = NULL;
  g_autoptr(JsonNode) json = NULL, json_after = NULL;
  g_autofree char *number = NULL, *message = NULL, *none = NULL;
  gint64 id = add_session (f, f->trajectory, "2025-02-03T10:00", "support", "held");
  gint64 invoice_id;
  SessioSession session = { 0 };

  invoice_id = sessio_invoice_store_draft_month (f->invoices, f->adult, "2025-02", &error);
  g_assert_no_error (error);
  g_assert_true (sessio_invoice_store_issue (f->invoices, invoice_id, "2025-03-01", &error));
  g_assert_no_error (error);
  invoice = sessio_invoice_store_get (f->invoices, invoice_id, &error);
  json = sessio_invoice_to_json (invoice);
  number = sessio_patient_store_get_session_invoice (f->store, id, &error);
  g_assert_cmpstr (number, ==, invoice->number);

  g_assert_true (sessio_patient_store_get_session (f->store, id, &session, &error));
  /* A note does not change what was billed: nothing to say. */
  replace (&session.notes, "Notitie achteraf");
  none = sessio_patient_store_describe_billing_change (f->store, &session, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  replace (&session.location, "home");
  message = sessio_patient_store_describe_billing_change (f->store, &session, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, invoice->number));
  g_assert_nonnull (strstr (message, "credit note"));

  /* The older call keeps refusing a change to what was billed. */
  g_assert_false (sessio_patient_store_update_session (f->store, &session, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (sessio_patient_store_set_session_status (f->store, id, "no-show", FALSE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);

  g_assert_true (sessio_patient_store_correct_session (f->store, &session, NULL, &error));
  g_assert_no_error (error);
  sessio_session_clear (&session);
  g_assert_true (sessio_patient_store_get_session (f->store, id, &session, &error));
  g_assert_cmpstr (session.location, ==, "home");

  /* The issued invoice is identical, line for line. */
  invoice_after = sessio_invoice_store_get (f->invoices, invoice_id, &error);
  json_after = sessio_invoice_to_json (invoice_after);
  g_assert_true (json_node_equal (json, json_after));

  /* Once a credit note cancels the invoice, nothing is billed any more. */
  g_assert_cmpint (sessio_invoice_store_credit (f->invoices, invoice_id, "2025-03-02", &error), >, 0);
  g_assert_no_error (error);
  replace (&session.location, "school");
  g_clear_pointer (&message, g_free);
  message = sessio_patient_store_describe_billing_change (f->store, &session, &error);
  g_assert_null (message);
  g_clear_pointer (&number, g_free);
  number = sessio_patient_store_get_session_invoice (f->store, id, &error);
  g_assert_null (number);
  sessio_session_clear (&session);
}

/* Group sessions: each participant's attendance, excused included;
 * participants added and removed; a correction of the session keeps
 * the attendance. */
static void
test_group_attendance (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) participants = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(SessioTrajectoryEvaluation) evaluation = NULL;
  g_autoptr(GArray) trajectories = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 second = add_trajectory (f, add_patient (f, "Aaron Groepslid", "1985-01-01"), "2025-01-06", NULL);
  gint64 third = add_trajectory (f, add_patient (f, "Bert Groepslid", "1986-01-01"), "2025-01-06", NULL);
  SessioSession session = { 0 };
  SessioParticipant participant = { 0 };
  const char *field = NULL;
  gint64 id;

  g_array_append_val (trajectories, f->trajectory);
  g_array_append_val (trajectories, second);
  session.starts_at = (char *) "2025-03-03T14:00";
  session.care = (char *) "support";
  session.setting = (char *) "group";
  session.trajectories = trajectories;
  id = sessio_patient_store_add_session (f->store, &session, &error);
  g_assert_no_error (error);

  participant.session_id = id;
  participant.trajectory_id = second;
  participant.status = (char *) "excused";
  g_assert_true (sessio_patient_store_set_participant (f->store, &participant, &field, &error));
  g_assert_no_error (error);
  participant.status = (char *) "late";
  g_assert_false (sessio_patient_store_set_participant (f->store, &participant, &field, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_assert_cmpstr (field, ==, "status");
  g_clear_error (&error);

  participants = sessio_patient_store_list_participants (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (participants->len, ==, 2);
  g_assert_cmpstr (((SessioParticipant *) g_ptr_array_index (participants, 0))->patient_name, ==, "Aaron Groepslid");
  g_assert_cmpstr (((SessioParticipant *) g_ptr_array_index (participants, 0))->status, ==, "excused");
  g_assert_cmpstr (((SessioParticipant *) g_ptr_array_index (participants, 1))->status, ==, "held");
  g_clear_pointer (&participants, g_ptr_array_unref);

  /* An excused participant's session is not counted for them. */
  evaluation = sessio_patient_store_evaluate_held (f->store, second, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sessio_trajectory_evaluation_find (evaluation, id)->info.status, ==, SESSIO_STATUS_CANCELLED);

  /* A correction of the note and a third participant keep Aaron excused;
   * the history names the participant's field. */
  g_assert_true (sessio_patient_store_get_session (f->store, id, &session, &error));
  replace (&session.notes, "Groepsnotitie");
  g_array_append_val (session.trajectories, third);
  g_assert_true (sessio_patient_store_correct_session (f->store, &session, NULL, &error));
  g_assert_no_error (error);
  participants = sessio_patient_store_list_participants (f->store, id, &error);
  g_assert_cmpuint (participants->len, ==, 3);
  g_assert_cmpstr (((SessioParticipant *) g_ptr_array_index (participants, 0))->status, ==, "excused");
  g_clear_pointer (&participants, g_ptr_array_unref);
  /* Removing one. */
  g_array_remove_index (session.trajectories, 0);
  g_assert_true (sessio_patient_store_correct_session (f->store, &session, NULL, &error));
  g_assert_no_error (error);
  participants = sessio_patient_store_list_participants (f->store, id, &error);
  g_assert_cmpuint (participants->len, ==, 2);
  /* Without participants: refused at the field. */
  g_array_set_size (session.trajectories, 0);
  assert_refused_at (f, &session, SESSIO_ERROR_INVALID_INPUT, "trajectories");
  sessio_session_clear (&session);

  changes = sessio_patient_store_get_session_history (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (old_value (changes, "notes"), ==, NULL);
  g_assert_nonnull (old_value (changes, "trajectories"));
  {
    g_autofree char *name = g_strdup_printf ("participant_status:%" G_GINT64_FORMAT, second);

    g_assert_cmpstr (old_value (changes, name), ==, "held");
  }
}

/* A trajectory's assessment, goals and closing summary keep their
 * versions; corrections that break a rule name the field. */
static void
test_trajectory (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioTrajectory) trajectory = NULL, after = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  const char *field = NULL;
  gint64 audit;

  add_session (f, f->trajectory, "2025-01-27T10:00", "treatment", "held");
  add_session (f, f->trajectory, "2025-02-24T10:00", "treatment", "held");
  trajectory = sessio_patient_store_get_trajectory (f->store, f->trajectory, &error);
  g_assert_no_error (error);
  replace (&trajectory->bilan_summary, "Eerste samenvatting");
  replace (&trajectory->goals, "Doelen, eerste versie");
  g_assert_true (sessio_patient_store_correct_trajectory (f->store, trajectory, &field, &error));
  g_assert_no_error (error);
  replace (&trajectory->bilan_summary, "Tweede samenvatting");
  replace (&trajectory->bilan_date, "2025-01-13");
  replace (&trajectory->end_date, "2025-03-31");
  replace (&trajectory->outcome, "referred");
  replace (&trajectory->referred_to, "Gespecialiseerde zorg");
  replace (&trajectory->closing_summary, "Afsluitend verslag");
  g_assert_true (sessio_patient_store_correct_trajectory (f->store, trajectory, &field, &error));
  g_assert_no_error (error);

  after = sessio_patient_store_get_trajectory (f->store, f->trajectory, &error);
  g_assert_cmpstr (after->bilan_summary, ==, "Tweede samenvatting");
  g_assert_cmpstr (after->goals, ==, "Doelen, eerste versie");
  g_assert_cmpstr (after->closing_summary, ==, "Afsluitend verslag");
  g_assert_cmpstr (after->outcome, ==, "referred");
  changes = sessio_patient_store_get_trajectory_history (f->store, f->trajectory, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (old_value (changes, "bilan_summary"), ==, "Eerste samenvatting");
  g_assert_cmpstr (old_value (changes, "bilan_date"), ==, "2025-01-20");

  /* The patient's copy of their data holds the versions too. */
  {
    g_autoptr(JsonNode) export = sessio_patient_export_json (f->store, f->patient, &error);
    JsonObject *root = json_node_get_object (export);
    JsonArray *versions = json_object_get_array_member (root, "trajectory_history");
    JsonObject *first = json_array_get_object_element (json_object_get_array_member (root, "trajectories"), 0);

    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (versions), ==, 8);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (versions, 0), "old_value"), ==, NULL);
    g_assert_cmpstr (json_object_get_string_member (first, "goals"), ==, "Doelen, eerste versie");
    g_assert_cmpstr (json_object_get_string_member (first, "closing_summary"), ==, "Afsluitend verslag");
  }
  g_assert_null (old_value (changes, "end_date"));
  g_assert_null (old_value (changes, "goals"));
  g_assert_cmpuint (changes->len, ==, 8);

  /* Refusals name the field and change nothing. */
  audit = count (f, "SELECT count(*) FROM audit_log");
  replace (&trajectory->end_date, "2025-01-01");
  g_assert_false (sessio_patient_store_correct_trajectory (f->store, trajectory, &field, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_assert_cmpstr (field, ==, "end_date");
  g_clear_error (&error);
  replace (&trajectory->end_date, "2025-02-01");   /* before a session */
  g_assert_false (sessio_patient_store_correct_trajectory (f->store, trajectory, &field, &error));
  g_assert_cmpstr (field, ==, "end_date");
  g_clear_error (&error);
  replace (&trajectory->end_date, "2025-03-31");
  replace (&trajectory->start_date, "2025-02-01");  /* after a session */
  replace (&trajectory->bilan_date, NULL);
  g_assert_false (sessio_patient_store_correct_trajectory (f->store, trajectory, &field, &error));
  g_assert_cmpstr (field, ==, "start_date");
  g_clear_error (&error);
  replace (&trajectory->start_date, "2025-01-06");
  /* Treatment before the assessment: the assessment moved after a
   * treatment session already held. */
  replace (&trajectory->bilan_date, "2025-02-10");
  replace (&trajectory->bilan_summary, "Mag niet bewaard worden");
  g_assert_false (sessio_patient_store_correct_trajectory (f->store, trajectory, &field, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_assert_cmpstr (field, ==, "bilan_date");
  g_clear_error (&error);
  replace (&trajectory->bilan_date, "2025-01-13");
  replace (&trajectory->outcome, "finished");
  g_assert_false (sessio_patient_store_correct_trajectory (f->store, trajectory, &field, &error));
  g_assert_cmpstr (field, ==, "outcome");
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log"), ==, audit);
  g_clear_pointer (&after, sessio_trajectory_free);
  after = sessio_patient_store_get_trajectory (f->store, f->trajectory, &error);
  g_assert_cmpstr (after->bilan_summary, ==, "Tweede samenvatting");
  g_assert_cmpstr (after->bilan_date, ==, "2025-01-13");
}

static void
assert_retention (Fixture    *f,
                  gint64      patient,
                  const char *last,
                  const char *from,
                  gboolean    erasable,
                  gboolean    due)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioRetention) retention = sessio_patient_store_get_retention (f->store, patient, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (retention->last_contact, ==, last);
  g_assert_cmpstr (retention->erasable_from, ==, from);
  g_assert_cmpint (retention->erasable, ==, erasable);
  g_assert_cmpint (retention->erasure_due, ==, due);
}

static gboolean
listed_expired (Fixture *f,
                gint64   patient,
                gboolean *due)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = sessio_patient_store_list_retention_expired (f->store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < files->len; i++)
    {
      const SessioRetention *file = g_ptr_array_index (files, i);

      if (file->patient_id == patient)
        {
          *due = file->erasure_due;
          return TRUE;
        }
    }
  return FALSE;
}

/* The Quality of Care Act: kept at least 30, at most 50 years after the
 * last contact; erasure refused before, listed after, proposed past 50. */
static void
test_retention_boundaries (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 leap = add_patient (f, "Schrikkel Testpersoon", "1970-01-01");
  gint64 mistake = add_patient (f, "Vergissing Testpersoon", "1971-01-01");
  gint64 leap_trajectory = add_trajectory (f, leap, "2024-01-08", NULL);
  gboolean due = FALSE;

  add_session (f, f->trajectory, "2025-02-03T10:00", "support", "held");
  add_session (f, f->trajectory, "2025-03-10T10:00", "support", "held");
  add_session (f, f->trajectory, "2025-06-30T10:00", "support", "planned");  /* not a contact */
  add_session (f, leap_trajectory, "2024-02-29", "first-line", "held");
  /* Created by mistake: no session held (one missed). */
  add_session (f, add_trajectory (f, mistake, "2025-01-06", NULL), "2025-02-03", "support", "no-show");

  /* The day before 30 years: kept, and erasure says from when. */
  set_today (f, 2055, 3, 9);
  assert_retention (f, f->patient, "2025-03-10", "2055-03-10", FALSE, FALSE);
  g_assert_false (listed_expired (f, f->patient, &due));
  g_assert_false (sessio_patient_store_erase_patient (f->store, f->patient, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "10 March 2055"));
  g_assert_nonnull (strstr (error->message, "10 March 2025"));
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient WHERE erased = 1"), ==, 0);

  /* 30 years to the day: listed, may be erased, not yet proposed. */
  set_today (f, 2055, 3, 10);
  assert_retention (f, f->patient, "2025-03-10", "2055-03-10", TRUE, FALSE);
  g_assert_true (listed_expired (f, f->patient, &due));
  g_assert_false (due);

  /* 29 February + 30 years: 28 February 2054. */
  set_today (f, 2054, 2, 27);
  assert_retention (f, leap, "2024-02-29", "2054-02-28", FALSE, FALSE);
  set_today (f, 2054, 2, 28);
  assert_retention (f, leap, "2024-02-29", "2054-02-28", TRUE, FALSE);

  /* 50 years: erasure proposed from that day on. */
  set_today (f, 2075, 3, 9);
  assert_retention (f, f->patient, "2025-03-10", "2055-03-10", TRUE, FALSE);
  g_assert_true (listed_expired (f, f->patient, &due));
  g_assert_false (due);
  set_today (f, 2075, 3, 10);
  assert_retention (f, f->patient, "2025-03-10", "2055-03-10", TRUE, TRUE);
  g_assert_true (listed_expired (f, f->patient, &due));
  g_assert_true (due);

  /* A file without a held session may be erased at once, and is not on
   * the list (it has no last contact). */
  set_today (f, 2025, 6, 30);
  assert_retention (f, mistake, NULL, NULL, TRUE, FALSE);
  g_assert_false (listed_expired (f, mistake, &due));
  g_assert_true (sessio_patient_store_erase_patient (f->store, mistake, &error));
  g_assert_no_error (error);
}

/* A group session counts as a contact for those who attended. */
static void
test_retention_group (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) trajectories = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 other = add_patient (f, "Verontschuldigd Testpersoon", "1982-01-01");
  gint64 other_trajectory = add_trajectory (f, other, "2025-01-06", NULL);
  SessioSession session = { 0 };
  SessioParticipant participant = { 0 };
  gint64 id;

  add_session (f, f->trajectory, "2025-02-03T10:00", "support", "held");
  g_array_append_val (trajectories, f->trajectory);
  g_array_append_val (trajectories, other_trajectory);
  session.starts_at = (char *) "2025-04-07T14:00";
  session.care = (char *) "support";
  session.setting = (char *) "group";
  session.trajectories = trajectories;
  id = sessio_patient_store_add_session (f->store, &session, &error);
  g_assert_no_error (error);
  participant.session_id = id;
  participant.trajectory_id = other_trajectory;
  participant.status = (char *) "excused";
  g_assert_true (sessio_patient_store_set_participant (f->store, &participant, NULL, &error));
  g_assert_no_error (error);

  assert_retention (f, f->patient, "2025-04-07", "2055-04-07", FALSE, FALSE);
  /* Excused: no contact, no held session, erasable. */
  assert_retention (f, other, NULL, NULL, TRUE, FALSE);
}

static gint64
stat_2025 (Fixture    *f,
           const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioStats) stats = NULL;
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_set_dmy (&from, 1, G_DATE_JANUARY, 2025);
  g_date_clear (&to, 1);
  g_date_set_dmy (&to, 31, G_DATE_DECEMBER, 2025);
  stats = sessio_stats_compute (f->store, &from, &to, 0, &error);
  g_assert_no_error (error);
  return sessio_stats_get (stats, key);
}

/* Closing restricts processing: hidden, read only, readable, audited
 * with who and why; reopening undoes it. */
static void
test_close_and_reopen (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioPatientList) list = NULL;
  g_autoptr(GListModel) agenda = NULL;
  g_autoptr(SessioPatient) patient = NULL;
  g_autoptr(GPtrArray) closures = NULL;
  g_autoptr(SessioTrajectory) trajectory = NULL;
  gint64 id = add_session (f, f->trajectory, "2025-02-03T10:00", "support", "held");
  gint64 other = add_patient (f, "Blijft Zichtbaar", "1975-05-05");
  SessioSession session = { 0 };
  SessioTrajectory new_trajectory = { 0 };
  GDate from, to;
  gint64 audit;

  g_assert_cmpint (stat_2025 (f, "patients"), ==, 1);
  g_assert_cmpint (stat_2025 (f, "sessions"), ==, 1);
  g_assert_false (sessio_patient_store_close_patient (f->store, f->patient, "  ", &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (sessio_patient_store_close_patient (f->store, f->patient, "Traject afgerond, dossier bewaard", &error));
  g_assert_no_error (error);
  g_assert_false (sessio_patient_store_close_patient (f->store, f->patient, "Nog eens", &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);

  /* Not counted in the statistics. */
  g_assert_cmpint (stat_2025 (f, "patients"), ==, 0);
  g_assert_cmpint (stat_2025 (f, "sessions"), ==, 0);
  g_assert_cmpint (stat_2025 (f, "attendances"), ==, 0);

  /* Hidden from the list (and so from search) and the agenda. */
  list = sessio_patient_list_new (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  {
    g_autoptr(SessioPatientSummary) item = g_list_model_get_item (G_LIST_MODEL (list), 0);

    g_assert_cmpint (sessio_patient_summary_get_id (item), ==, other);
  }
  g_date_clear (&from, 1);
  g_date_set_dmy (&from, 1, G_DATE_JANUARY, 2025);
  g_date_clear (&to, 1);
  g_date_set_dmy (&to, 31, G_DATE_DECEMBER, 2025);
  agenda = sessio_patient_store_list_agenda (f->store, &from, &to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (agenda), ==, 0);

  /* Read only, but readable. */
  audit = count (f, "SELECT count(*) FROM audit_log WHERE action != 'view'");
  patient = sessio_patient_store_get_patient (f->store, f->patient, &error);
  g_assert_no_error (error);
  g_assert_nonnull (patient->closed_at);
  g_free (patient->notes);
  patient->notes = g_strdup ("Mag niet");
  g_assert_false (sessio_patient_store_update_patient (f->store, patient, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_true (sessio_patient_store_get_session (f->store, id, &session, &error));
  replace (&session.notes, "Mag niet");
  g_assert_false (sessio_patient_store_correct_session (f->store, &session, NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);
  session.id = 0;
  g_assert_cmpint (sessio_patient_store_add_session (f->store, &session, &error), ==, 0);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);
  sessio_session_clear (&session);
  g_assert_false (sessio_patient_store_set_session_status (f->store, id, "no-show", FALSE, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (sessio_patient_store_delete_session (f->store, id, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);
  trajectory = sessio_patient_store_get_trajectory (f->store, f->trajectory, &error);
  replace (&trajectory->goals, "Mag niet");
  g_assert_false (sessio_patient_store_correct_trajectory (f->store, trajectory, NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);
  new_trajectory.patient_id = f->patient;
  new_trajectory.engagement_id = f->adult;
  new_trajectory.start_date = (char *) "2025-05-05";
  g_assert_cmpint (sessio_patient_store_add_trajectory (f->store, &new_trajectory, &error), ==, 0);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action != 'view'"), ==, audit);

  /* Who and why, beside the audit log's "close". */
  closures = sessio_patient_store_list_closures (f->store, f->patient, &error);
  g_assert_cmpuint (closures->len, ==, 1);
  g_assert_cmpstr (((SessioClosure *) g_ptr_array_index (closures, 0))->action, ==, "close");
  g_assert_cmpstr (((SessioClosure *) g_ptr_array_index (closures, 0))->by_whom, ==, g_get_user_name ());
  g_assert_cmpstr (((SessioClosure *) g_ptr_array_index (closures, 0))->reason, ==, "Traject afgerond, dossier bewaard");
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'close' AND entity = 'patient'"), ==, 1);
  g_clear_pointer (&closures, g_ptr_array_unref);

  /* Reopened: listed and writable again. */
  g_assert_true (sessio_patient_store_reopen_patient (f->store, f->patient, "Nieuwe aanmelding", &error));
  g_assert_no_error (error);
  g_assert_true (sessio_patient_list_reload (list, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpint (stat_2025 (f, "patients"), ==, 1);
  g_assert_true (sessio_patient_store_correct_trajectory (f->store, trajectory, NULL, &error));
  g_assert_no_error (error);
  closures = sessio_patient_store_list_closures (f->store, f->patient, &error);
  g_assert_cmpuint (closures->len, ==, 2);
  g_assert_cmpstr (((SessioClosure *) g_ptr_array_index (closures, 1))->action, ==, "reopen");
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'reopen' AND entity = 'patient'"), ==, 1);
  g_assert_false (sessio_patient_store_reopen_patient (f->store, f->patient, "Nog eens", &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_REFUSED);
}

/* Erasure (past the retention period) takes the versions with it. */
static void
test_erasure_removes_versions (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SessioTrajectory) trajectory = NULL;
  gint64 id = add_session (f, f->trajectory, "2025-02-03T10:00", "support", "held");
  SessioSession session = { 0 };

  g_assert_true (sessio_patient_store_get_session (f->store, id, &session, &error));
  replace (&session.notes, "Tweede versie");
  g_assert_true (sessio_patient_store_correct_session (f->store, &session, NULL, &error));
  sessio_session_clear (&session);
  trajectory = sessio_patient_store_get_trajectory (f->store, f->trajectory, &error);
  replace (&trajectory->goals, "Doelen");
  g_assert_true (sessio_patient_store_correct_trajectory (f->store, trajectory, NULL, &error));
  replace (&trajectory->goals, "Andere doelen");
  g_assert_true (sessio_patient_store_correct_trajectory (f->store, trajectory, NULL, &error));
  g_assert_true (sessio_patient_store_close_patient (f->store, f->patient, "Afgesloten", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM session_history"), >, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM trajectory_history"), >, 0);

  set_today (f, 2060, 1, 1);
  g_assert_true (sessio_patient_store_erase_patient (f->store, f->patient, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM session_history"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM trajectory_history"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient_closure"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM trajectory WHERE goals IS NOT NULL"), ==, 0);
}

/* The file in date order: sessions, assessment, end and referral,
 * corrections, closing. */
static void
test_timeline (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) timeline = NULL;
  g_autoptr(SessioTrajectory) trajectory = NULL;
  g_autoptr(GString) kinds = g_string_new (NULL);
  gint64 id = add_session (f, f->trajectory, "2025-02-03T10:00", "support", "held");
  SessioSession session = { 0 };

  add_session (f, f->trajectory, "2025-02-10T10:00", "support", "no-show");
  g_assert_true (sessio_patient_store_get_session (f->store, id, &session, &error));
  replace (&session.notes, "Een lange eerste regel van de notitie die meer dan tachtig tekens telt, zodat ze wordt ingekort\nTweede regel");
  g_assert_true (sessio_patient_store_correct_session (f->store, &session, NULL, &error));
  sessio_session_clear (&session);
  trajectory = sessio_patient_store_get_trajectory (f->store, f->trajectory, &error);
  replace (&trajectory->end_date, "2025-03-31");
  replace (&trajectory->outcome, "referred");
  replace (&trajectory->referred_to, "CGG Test");
  g_assert_true (sessio_patient_store_correct_trajectory (f->store, trajectory, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sessio_patient_store_close_patient (f->store, f->patient, "Doorverwezen", &error));

  timeline = sessio_patient_store_get_timeline (f->store, f->patient, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(SessioTimelineEntry) entry = g_list_model_get_item (timeline, i);

      g_string_append_printf (kinds, "%s%s", i > 0 ? "," : "", sessio_timeline_entry_get_kind (entry));
      if (i == 2)
        {
          g_assert_cmpstr (sessio_timeline_entry_get_status (entry), ==, "held");
          g_assert_cmpstr (sessio_timeline_entry_get_title (entry), ==, "Support, individual session: held");
          /* The evaluation, then the start of the note, cut. */
          g_assert_nonnull (strstr (sessio_timeline_entry_get_detail (entry), "— Een lange eerste regel"));
          g_assert_true (g_str_has_suffix (sessio_timeline_entry_get_detail (entry), "…"));
        }
      if (g_strcmp0 (sessio_timeline_entry_get_kind (entry), "trajectory-end") == 0)
        g_assert_cmpstr (sessio_timeline_entry_get_title (entry), ==, "Trajectory ended: referred to CGG Test");
    }
  /* Corrections and the closing happen "now" (2026 or later in real
   * time): after the 2025 events. */
  g_assert_cmpstr (kinds->str, ==, "trajectory-start,assessment,session,session,trajectory-end,correction,correction,close");
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'view' AND entity = 'patient'"), >=, 1);
}

/* The corrections in a patient's timeline, "title: detail" each, joined
 * with " | ". */
static char *
corrections_of (Fixture *f,
                gint64   patient)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) timeline = sessio_patient_store_get_timeline (f->store, patient, &error);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(SessioTimelineEntry) entry = g_list_model_get_item (timeline, i);

      if (g_strcmp0 (sessio_timeline_entry_get_kind (entry), "correction") != 0)
        continue;
      g_string_append_printf (text, "%s%s: %s", text->len > 0 ? " | " : "",
                              sessio_timeline_entry_get_title (entry), sessio_timeline_entry_get_detail (entry));
    }
  return g_string_free (text, FALSE);
}

/* A correction in the timeline says which session or trajectory (by its
 * date, not a database id) and which fields, by their names for people.
 * A group session's attendance belongs to each participant's own file:
 * another participant's attendance stays out of it. */
static void
test_timeline_corrections (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) trajectories = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(SessioTrajectory) trajectory = NULL;
  gint64 other = add_patient (f, "Aaron Groepslid", "1985-01-01");
  gint64 second = add_trajectory (f, other, "2025-01-06", NULL);
  gint64 id = add_session (f, f->trajectory, "2025-02-03T10:00", "support", "held");
  SessioSession session = { 0 };
  SessioParticipant participant = { 0 };
  const char *field = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;
  gint64 group;

  g_assert_true (sessio_patient_store_get_session (f->store, id, &session, &error));
  replace (&session.location, "home");
  replace (&session.copay, "cash");
  replace (&session.copay_date, "2025-02-03");
  replace (&session.notes, "Nieuwe notitie");
  g_assert_true (sessio_patient_store_correct_session (f->store, &session, NULL, &error));
  g_assert_no_error (error);
  sessio_session_clear (&session);
  mine = corrections_of (f, f->patient);
  g_assert_cmpstr (mine, ==, "Session of 3 February 2025 corrected: Location, Co-payment, Co-payment received on, Note");
  g_clear_pointer (&mine, g_free);

  /* The trajectory's own correction names the trajectory by its start. */
  trajectory = sessio_patient_store_get_trajectory (f->store, second, &error);
  replace (&trajectory->goals, "Doelen");
  g_assert_true (sessio_patient_store_correct_trajectory (f->store, trajectory, NULL, &error));
  g_assert_no_error (error);
  theirs = corrections_of (f, other);
  g_assert_cmpstr (theirs, ==, "Trajectory from 6 January 2025 corrected: Treatment goals");
  g_clear_pointer (&theirs, g_free);

  g_array_append_val (trajectories, f->trajectory);
  g_array_append_val (trajectories, second);
  session.starts_at = (char *) "2025-03-03T14:00";
  session.care = (char *) "support";
  session.setting = (char *) "group";
  session.trajectories = trajectories;
  group = sessio_patient_store_add_session (f->store, &session, &error);
  g_assert_no_error (error);
  participant.session_id = group;
  participant.trajectory_id = second;
  participant.status = (char *) "no-show";
  g_assert_true (sessio_patient_store_set_participant (f->store, &participant, &field, &error));
  g_assert_no_error (error);

  /* The patient's own export names the correction in words, in the
   * document's language, with the value before it. */
  {
    g_autofree char *dir = test_make_tmpdir ();
    g_autofree char *pdf = g_build_filename (dir, "export.pdf", NULL);
    g_autofree char *text = NULL;
    g_autoptr(GRegex) space = g_regex_new ("\\s+", 0, 0, NULL);
    g_autofree char *flat = NULL;

    g_assert_true (sessio_patient_export_write (f->store, f->patient, NULL, pdf, &error));
    g_assert_no_error (error);
    text = test_pdf_text (pdf);
    flat = g_regex_replace_literal (space, text, -1, 0, " ", 0, NULL);
    /* Dutch, the patient's language when none is chosen. */
    g_assert_nonnull (strstr (flat, "Sessie van 3 februari 2025: Locatie, vorige waarde: practice"));
    g_assert_nonnull (strstr (flat, "Sessie van 3 februari 2025: Remgeld ontvangen op, vorige waarde:"));
    g_assert_nonnull (strstr (flat, "Sessie van 3 februari 2025: Notitie, vorige waarde:"));
    /* Who opened or changed the file, in words too: no field or action
     * as the log stores it. */
    g_assert_null (strstr (flat, "copay_date"));
    g_assert_null (strstr (flat, "update "));
    g_assert_nonnull (strstr (flat, "Verbeterd (sessie): Locatie, Remgeld, Remgeld ontvangen op, Notitie"));
    test_rm_rf (dir);
  }

  /* Aaron's absence is in Aaron's file, not in the other participant's. */
  mine = corrections_of (f, f->patient);
  g_assert_cmpstr (mine, ==, "Session of 3 February 2025 corrected: Location, Co-payment, Co-payment received on, Note");
  theirs = corrections_of (f, other);
  g_assert_nonnull (strstr (theirs, "Session of 3 March 2025 corrected: Attendance"));
}

int
main (int    argc,
      char **argv)
{
  test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/corrections/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("session-every-field", test_session_every_field);
  ADD ("note-versions", test_note_versions);
  ADD ("session-refusals", test_session_refusals);
  ADD ("invoiced-session", test_invoiced_session);
  ADD ("group-attendance", test_group_attendance);
  ADD ("trajectory", test_trajectory);
  ADD ("retention-boundaries", test_retention_boundaries);
  ADD ("retention-group", test_retention_group);
  ADD ("close-and-reopen", test_close_and_reopen);
  ADD ("erasure-removes-versions", test_erasure_removes_versions);
  ADD ("timeline", test_timeline);
  ADD ("timeline-corrections", test_timeline_corrections);
#undef ADD

  return g_test_run ();
}
