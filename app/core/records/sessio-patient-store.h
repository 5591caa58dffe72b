/* sessio-patient-store.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The patient file and session log on top of an open vault:
 * the provider profile and engagements, patients, trajectories, sessions,
 * group sessions and other tasks.  Every change is validated first and
 * written in one vault transaction together with its audit entry, so a
 * refused or failed change leaves nothing behind.  Every view of a patient
 * is audited too.  The audit log names tables, ids and field names only.
 *
 * Records are plain structs.  Dates are ISO 8601 text ("2025-03-03"),
 * session times "2025-03-03T14:30"; enumerations are the machine names of
 * domain/RULES.md ("support", "held", ...).  NULL or "" means "not set".
 *
 * Validation fails with a translated SESSIO_ERROR_INVALID_INPUT; a session
 * the convention does not reimburse (over the limit, no functional
 * assessment, age outside the network) with SESSIO_ERROR_REFUSED unless it
 * is saved as outside the convention.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sessio-evaluate.h"
#include "sessio-rules.h"
#include "sessio-vault.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------ records */

typedef struct
{
  char *name;
  char *riziv;     /* any formatting; stored as 11 digits */
  char *kbo;
  char *iban;
  char *address;
} SessioProvider;

typedef struct
{
  gint64  id;
  char   *network_name;
  char   *network;          /* youth | adult */
  char   *model;            /* clb-salaried | independent | organisation-salaried */
  char   *invoice_to;       /* the invoicing entity */
  char   *language;         /* nl | fr | de; NULL: nl */
  int     weekly_contingent;  /* -1: none */
} SessioEngagement;

typedef struct
{
  char *name;
  char *relation;
  char *phone;
  char *email;
} SessioGuardian;

typedef struct
{
  gint64      id;
  char       *name;
  char       *birth_date;
  char       *insz;             /* any formatting; stored as 11 digits */
  char       *sex;              /* m | f | x */
  char       *insurer;          /* health insurer's code, e.g. "116" */
  gboolean    bim;
  char       *bim_valid_from;
  char       *bim_valid_to;
  char       *phone;
  char       *email;
  char       *address;
  char       *language;         /* nl | fr | de: documents for the patient */
  char       *school;
  char       *segment;          /* see sessio_education_segments() */
  char       *consent_date;
  char       *consent_scope;
  char      **problems;         /* NULL-terminated; see sessio_problem_categories() */
  gboolean    vulnerable;
  char       *notes;
  GPtrArray  *guardians;        /* of SessioGuardian; may be NULL */
  gboolean    erased;           /* read only */
  char       *closed_at;        /* read only: set while the file is closed */
} SessioPatient;

typedef struct
{
  gint64  id;
  gint64  patient_id;
  gint64  engagement_id;
  char   *start_date;
  char   *end_date;
  char   *bilan_date;
  char   *bilan_summary;
  char   *outcome;              /* completed | referred | stopped */
  char   *referred_to;
  char   *goals;                /* treatment goals */
  char   *closing_summary;
} SessioTrajectory;

typedef struct
{
  gint64    id;
  gint64    trajectory_id;      /* individual sessions */
  gint64    engagement_id;      /* read only for individual sessions */
  char     *starts_at;          /* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" */
  int       duration_min;       /* 0: 60 (individual), 90 (group) */
  char     *care;
  char     *setting;            /* individual | group */
  char     *location;           /* NULL: practice */
  char     *context;            /* NULL: own */
  char     *status;             /* NULL: held */
  int       participants;       /* group sessions: 0 = the trajectories listed */
  gboolean  co_facilitator;
  gboolean  outside_convention;
  char     *copay;              /* cash | transfer | not-yet | not-due; NULL: not-yet */
  char     *notes;
  GArray   *trajectories;       /* group sessions: gint64 trajectory ids */
  char     *copay_date;         /* the day the co-payment was received */
} SessioSession;

/* One participant of a group session and their own attendance. */
typedef struct
{
  gint64  session_id;
  gint64  trajectory_id;
  gint64  patient_id;           /* read only */
  char   *patient_name;         /* read only */
  char   *status;               /* held | no-show | cancelled | excused (planned: the session's) */
  char   *copay;                /* cash | transfer | not-yet | not-due; NULL: unchanged */
  char   *copay_date;
} SessioParticipant;

/* One earlier value of a corrected field: the record's history. */
typedef struct
{
  char *changed_at;             /* ISO 8601, UTC */
  char *field;                  /* machine name: "notes", "starts_at", ... */
  char *old_value;              /* NULL: it was not set */
} SessioChange;

typedef struct
{
  gint64  id;
  gint64  engagement_id;
  gint64  patient_id;           /* 0: without a patient */
  char   *kind;                 /* mdo | advice | co-consultation | expertise | ... */
  char   *starts_at;
  int     duration_min;
  int     care_providers;       /* mdo: at least 3 */
  char   *notes;
} SessioTask;

void  sessio_provider_clear    (SessioProvider   *self);
void  sessio_engagement_clear  (SessioEngagement *self);
void  sessio_patient_free      (SessioPatient    *self);
void  sessio_trajectory_free   (SessioTrajectory *self);
void  sessio_session_clear     (SessioSession    *self);
void  sessio_participant_free  (SessioParticipant *self);
void  sessio_change_free       (SessioChange     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioPatient, sessio_patient_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioTrajectory, sessio_trajectory_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioParticipant, sessio_participant_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioChange, sessio_change_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SessioProvider, sessio_provider_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SessioEngagement, sessio_engagement_clear)

/* The fixed lists, machine name and translated label. */
typedef struct
{
  const char *id;
  const char *label;   /* N_() marked: translate with _() or per document language */
} SessioChoice;

const SessioChoice *sessio_problem_categories    (guint *n_categories);
const SessioChoice *sessio_education_segments    (guint *n_segments);
/* The CLB's guidance domains, to classify a CLB trajectory. */
const SessioChoice *sessio_clb_domains           (guint *n_domains);
const SessioChoice *sessio_task_kinds            (guint *n_kinds);
/* What a patient's consent covers: "care", "care-and-billing",
 * "care-billing-and-consultation". */
const SessioChoice *sessio_consent_scopes        (guint *n_scopes);
/* Translated label of @id in @choices, or @id itself when unknown. */
const char         *sessio_choice_get_label      (const SessioChoice *choices,
                                                  guint               n_choices,
                                                  const char         *id);

/* "Support", "Treatment": translated, capitalised, for meters and
 * headings.  _msgid() gives the untranslated text, for documents in
 * another language. */
const char         *sessio_care_get_title        (SessioCare          care);
const char         *sessio_care_get_title_msgid  (SessioCare          care);

/* ------------------------------------------------------------- store */

#define SESSIO_TYPE_PATIENT_STORE (sessio_patient_store_get_type ())

G_DECLARE_FINAL_TYPE (SessioPatientStore, sessio_patient_store, SESSIO, PATIENT_STORE, GObject)

/* Signal ::changed (no arguments): emitted after every committed change
 * to the patient file; not after an audited read. */

/* @rules: NULL loads the rule sets shipped with Sessio. */
SessioPatientStore *sessio_patient_store_new        (SessioVault        *vault,
                                                     SessioRules        *rules);
/* The CLB guidance domain of a trajectory (one of sessio_clb_domains()),
 * or NULL to clear it; audited as a change of the trajectory. */
gboolean  sessio_patient_store_set_trajectory_domain (SessioPatientStore  *self,
                                                      gint64               trajectory_id,
                                                      const char          *domain,
                                                      GError             **error);
/* NULL when none was recorded (or on error, with @error set). */
char     *sessio_patient_store_get_trajectory_domain (SessioPatientStore  *self,
                                                      gint64               trajectory_id,
                                                      GError             **error);

/* A store over a private, read-only copy of the vault's database as it
 * is now, for reading in a worker thread (the statistics page): the
 * vault may lock or change meanwhile without touching it.  The copy is
 * zeroed when the store is finalized.  Only for reading. */
SessioPatientStore *sessio_patient_store_new_snapshot (SessioPatientStore  *self,
                                                       GError             **error);
SessioVault        *sessio_patient_store_get_vault  (SessioPatientStore *self);
SessioRules        *sessio_patient_store_get_rules  (SessioPatientStore *self);
/* The rules to evaluate with from now on (the user changed an amount). */
void                sessio_patient_store_set_rules  (SessioPatientStore *self,
                                                     SessioRules        *rules);
/* Fills @today with the day "today" is for validation (held sessions not
 * in the future) and the meters: sessio_clock_today(), which tests set
 * with sessio_clock_set_for_testing(). */
void                sessio_patient_store_get_today  (SessioPatientStore *self,
                                                     GDate              *today);

/* A batch: every change until end_batch() goes into one vault
 * transaction, each in its own savepoint, so a refused change undoes only
 * itself and the next one can still be tried (the CSV import validates a
 * whole file this way).  end_batch() commits when @commit, else rolls the
 * whole batch back; it returns FALSE with @error only when a commit
 * failed. */
gboolean  sessio_patient_store_begin_batch     (SessioPatientStore      *self,
                                                GError                 **error);
gboolean  sessio_patient_store_end_batch       (SessioPatientStore      *self,
                                                gboolean                 commit,
                                                GError                 **error);

gboolean  sessio_patient_store_set_provider    (SessioPatientStore      *self,
                                                const SessioProvider    *provider,
                                                gboolean                *riziv_checksum_ok,
                                                GError                 **error);
/* FALSE without error when none is set yet. */
gboolean  sessio_patient_store_get_provider    (SessioPatientStore      *self,
                                                SessioProvider          *provider,
                                                GError                 **error);

gint64    sessio_patient_store_add_engagement  (SessioPatientStore      *self,
                                                const SessioEngagement  *engagement,
                                                GError                 **error);
gboolean  sessio_patient_store_get_engagement  (SessioPatientStore      *self,
                                                gint64                   id,
                                                SessioEngagement        *engagement,
                                                GError                 **error);
/* Of SessioEngagement, oldest first. */
GPtrArray *sessio_patient_store_list_engagements (SessioPatientStore    *self,
                                                  GError               **error);

/* Returns the new id, or 0 with @error set. */
gint64          sessio_patient_store_add_patient     (SessioPatientStore  *self,
                                                      const SessioPatient *patient,
                                                      GError             **error);
/* The id of the patient whose INSZ is @insz (any
 * formatting), 0 when none: a card read from an eID opens that patient
 * instead of creating a namesake.  -1 with @error on failure. */
gint64          sessio_patient_store_find_insz       (SessioPatientStore  *self,
                                                      const char          *insz,
                                                      GError             **error);
/* Reads the patient and audits the view. */
SessioPatient  *sessio_patient_store_get_patient     (SessioPatientStore  *self,
                                                      gint64               id,
                                                      GError             **error);
/* Whether @patient would be accepted (added, or corrected when its id is
 * set); otherwise the reason and the field at fault ("name", "insz"). */
gboolean        sessio_patient_store_check_patient   (SessioPatientStore   *self,
                                                      const SessioPatient  *patient,
                                                      const char          **field,
                                                      GError              **error);
/* Rectification: @patient->id names the patient; every field is replaced.
 * The previous value of each changed field goes to the history. */
gboolean        sessio_patient_store_update_patient  (SessioPatientStore  *self,
                                                      const SessioPatient *patient,
                                                      GError             **error);
/* Earlier values of the patient's fields (notes included), oldest first
 * (of SessioChange).  Audits a view. */
GPtrArray      *sessio_patient_store_get_patient_history (SessioPatientStore *self,
                                                      gint64               id,
                                                      GError             **error);

/* Retention (docs/patient-erasure.md): a file is kept at least 30 and at
 * most 50 years after the last contact, the date of the last held
 * session.  Dates are YYYY-MM-DD; NULL when the file has no held session
 * (it may be erased at once). */
#define SESSIO_RETENTION_MIN_YEARS 30
#define SESSIO_RETENTION_MAX_YEARS 50

typedef struct
{
  gint64    patient_id;
  char     *name;
  char     *last_contact;
  char     *erasable_from;      /* last contact + 30 years */
  char     *erase_by;           /* last contact + 50 years */
  gboolean  erasable;           /* today: no held session, or past erasable_from */
  gboolean  erasure_due;        /* today past erase_by: erasure is proposed */
  gboolean  closed;
} SessioRetention;

void            sessio_retention_free                (SessioRetention    *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioRetention, sessio_retention_free)

SessioRetention *sessio_patient_store_get_retention  (SessioPatientStore  *self,
                                                      gint64               id,
                                                      GError             **error);
/* The files, closed or not, whose last contact is at least 30 years ago
 * (of SessioRetention), oldest contact first. */
GPtrArray      *sessio_patient_store_list_retention_expired (SessioPatientStore *self,
                                                      GError             **error);
/* The closed files (of SessioRetention, closed TRUE), by name: where
 * they are found again to be reopened. */
GPtrArray      *sessio_patient_store_list_closed     (SessioPatientStore *self,
                                                      GError             **error);
/* TRUE when the file may be erased today; else FALSE with a translated
 * SESSIO_ERROR_REFUSED naming the date from which it may (what erasure
 * would say, for a menu that should not offer it). */
gboolean        sessio_patient_store_check_erasable  (SessioPatientStore  *self,
                                                      gint64               id,
                                                      GError             **error);
/* Closing restricts processing: a closed file is not listed, searched,
 * planned, counted in statistics or changed; it can still be read and
 * exported.  Who (the system account) and why are recorded with it; the
 * audit log says "close" or "reopen". */
gboolean        sessio_patient_store_close_patient   (SessioPatientStore  *self,
                                                      gint64               id,
                                                      const char          *reason,
                                                      GError             **error);
gboolean        sessio_patient_store_reopen_patient  (SessioPatientStore  *self,
                                                      gint64               id,
                                                      const char          *reason,
                                                      GError             **error);
typedef struct
{
  char *at;                     /* ISO 8601, UTC */
  char *action;                 /* close | reopen */
  char *by_whom;                /* the system account */
  char *reason;
} SessioClosure;

void            sessio_closure_free                  (SessioClosure      *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioClosure, sessio_closure_free)
/* Every closing and reopening of the file, oldest first. */
GPtrArray      *sessio_patient_store_list_closures   (SessioPatientStore  *self,
                                                      gint64               id,
                                                      GError             **error);
/* Erasure, as docs/patient-erasure.md describes.  Refused
 * (SESSIO_ERROR_REFUSED, naming the date from which it is possible)
 * within the retention period, unless the file has no held session. */
gboolean        sessio_patient_store_erase_patient   (SessioPatientStore  *self,
                                                      gint64               id,
                                                      GError             **error);

gint64             sessio_patient_store_add_trajectory  (SessioPatientStore     *self,
                                                         const SessioTrajectory *trajectory,
                                                         GError                **error);
SessioTrajectory  *sessio_patient_store_get_trajectory  (SessioPatientStore     *self,
                                                         gint64                  id,
                                                         GError                **error);
/* Sets end date, assessment, outcome: @trajectory->id names it. */
gboolean           sessio_patient_store_update_trajectory (SessioPatientStore   *self,
                                                         const SessioTrajectory *trajectory,
                                                         GError                **error);
/* A correction of a trajectory: as update_trajectory(), with the earlier
 * value of every changed field (assessment summary, goals, closing
 * summary included) kept in its history, and *@field naming the field at
 * fault on a refusal ("start_date", "end_date", "bilan_date", "outcome",
 * "referred_to").  A change that would leave held sessions without the
 * functional assessment they need is refused. */
gboolean           sessio_patient_store_correct_trajectory (SessioPatientStore  *self,
                                                         const SessioTrajectory *trajectory,
                                                         const char            **field,
                                                         GError                **error);
/* Earlier values of the trajectory's fields (of SessioChange), oldest
 * first.  Audits a view. */
GPtrArray         *sessio_patient_store_get_trajectory_history (SessioPatientStore *self,
                                                         gint64                  trajectory_id,
                                                         GError                **error);
/* The trajectories of a patient, oldest first. */
GPtrArray         *sessio_patient_store_list_trajectories (SessioPatientStore   *self,
                                                         gint64                  patient_id,
                                                         GError                **error);

/* Whether a new session's own fields are acceptable; otherwise the
 * reason and the field at fault ("starts_at", "trajectories"). */
gboolean        sessio_patient_store_check_session   (SessioPatientStore   *self,
                                                      const SessioSession  *session,
                                                      const char          **field,
                                                      GError              **error);

/* An individual session (setting "individual") or a group session
 * (setting "group", @session->trajectories lists the participants, all of
 * one engagement).  Returns the new id. */
gint64    sessio_patient_store_add_session         (SessioPatientStore  *self,
                                                    const SessioSession *session,
                                                    GError             **error);
/* Reads a session into @session (clear it with sessio_session_clear());
 * a group session's participants into @session->trajectories.  For the
 * session editor and for undoing a deletion (delete, keep the copy, add
 * it again). */
gboolean  sessio_patient_store_get_session         (SessioPatientStore  *self,
                                                    gint64               id,
                                                    SessioSession       *session,
                                                    GError             **error);
/* One participant's attendance (held | no-show | cancelled | excused)
 * and, when not NULL, co-payment received, in a group session.  Refused
 * on an issued invoice (see sessio_patient_store_set_participant()). */
gboolean  sessio_patient_store_set_participant_status (SessioPatientStore *self,
                                                    gint64               session_id,
                                                    gint64               trajectory_id,
                                                    const char          *status,
                                                    const char          *copay,
                                                    GError             **error);
/* Changes a session: @session->id names it, every field is replaced
 * (for a group, @session->trajectories NULL keeps the participants).
 * Checked as when it is added; earlier values go to the history.  On an
 * issued invoice, only what does not alter billing may change (notes,
 * duration, co-payment received): anything else is refused with
 * SESSIO_ERROR_REFUSED.  sessio_patient_store_correct_session() is the
 * correction that may change a billed session too. */
gboolean  sessio_patient_store_update_session      (SessioPatientStore  *self,
                                                    const SessioSession *session,
                                                    GError             **error);
/* A correction: @session->id names the session, every field is
 * replaced, as sessio_patient_store_update_session() does, and the earlier
 * value of each changed field (notes included) is kept in the session's
 * history.  Allowed on an issued invoice too: the invoice keeps its lines
 * (snapshots); sessio_patient_store_describe_billing_change() says, before
 * saving, what to do about the difference.  A group session's participants
 * keep their own attendance unless the session's status changes.  On a
 * refusal, *@field (when not NULL) names the field at fault ("starts_at",
 * "status", "care", "trajectories", "copay_date", ...; NULL when none is):
 * the editor shows the message there.  Nothing is saved then. */
gboolean  sessio_patient_store_correct_session     (SessioPatientStore  *self,
                                                    const SessioSession *session,
                                                    const char         **field,
                                                    GError             **error);
/* NULL (without error) when saving @session would not change what an
 * issued invoice bills; else a translated sentence naming the invoice and
 * how to settle the difference (a credit note, then the next invoice). */
char     *sessio_patient_store_describe_billing_change (SessioPatientStore  *self,
                                                    const SessioSession *session,
                                                    GError             **error);
/* The number of the issued invoice (not cancelled by a credit note) that
 * bills the session, or NULL without error. */
char     *sessio_patient_store_get_session_invoice (SessioPatientStore  *self,
                                                    gint64               session_id,
                                                    GError             **error);
/* The earlier values of the session's fields, oldest first (of
 * SessioChange).  Audits a view of the session. */
gboolean   sessio_patient_store_session_in_closed_file (SessioPatientStore *self,
                                                        gint64              session_id);
GPtrArray *sessio_patient_store_get_session_history (SessioPatientStore *self,
                                                    gint64               session_id,
                                                    GError             **error);
/* A group session's participants with their attendance (of
 * SessioParticipant), by patient name. */
GPtrArray *sessio_patient_store_list_participants  (SessioPatientStore  *self,
                                                    gint64               session_id,
                                                    GError             **error);
/* One participant's attendance, co-payment (NULL: unchanged) and the
 * date it was received; the earlier values go to the session's history. */
gboolean  sessio_patient_store_set_participant     (SessioPatientStore      *self,
                                                    const SessioParticipant *participant,
                                                    const char             **field,
                                                    GError                 **error);
/* Marks a session held, no-show, ...: a held one is checked against the
 * rules as when it is added. */
gboolean  sessio_patient_store_set_session_status  (SessioPatientStore  *self,
                                                    gint64               session_id,
                                                    const char          *status,
                                                    gboolean             outside_convention,
                                                    GError             **error);
gboolean  sessio_patient_store_delete_session      (SessioPatientStore  *self,
                                                    gint64               session_id,
                                                    GError             **error);

gint64    sessio_patient_store_add_task            (SessioPatientStore  *self,
                                                    const SessioTask    *task,
                                                    GError             **error);

/* --------------------------------------------------------- evaluation */

typedef struct
{
  gint64             session_id;   /* 0: the hypothetical session */
  gint64             engagement_id; /* the session's own (0 for the hypothetical one) */
  SessioStatus       session_status; /* a group session's own status; info.status is the
                                     * participant's attendance when it was held */
  SessioSessionInfo  info;
  SessioEvalResult   result;
  gboolean           outside_convention;
  gboolean           as_if_held;   /* planned: evaluated as it will be once held */
} SessioSessionEvaluation;

typedef struct
{
  gint64                   trajectory_id;
  gint64                   patient_id;
  SessioPatientInfo        patient;
  SessioTrajectoryInfo     trajectory;
  GArray                  *sessions;   /* of SessioSessionEvaluation, in date order */
} SessioTrajectoryEvaluation;

void  sessio_trajectory_evaluation_free (SessioTrajectoryEvaluation *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioTrajectoryEvaluation, sessio_trajectory_evaluation_free)

/* Runs the rules engine over the trajectory's sessions (individual and
 * group) from the database, for people: planned sessions are evaluated as
 * if held (as_if_held), BIM only within its validity dates.  With @extra
 * (not yet saved; its trajectory_id is ignored) that session is evaluated
 * too, the same way; its entry has session_id 0.  An @extra whose id
 * names a saved session (the editor reopening it) replaces that session.
 * This is the session editor's live evaluation. */
SessioTrajectoryEvaluation *sessio_patient_store_evaluate_trajectory (SessioPatientStore  *self,
                                                                      gint64               trajectory_id,
                                                                      const SessioSession *extra,
                                                                      GError             **error);
/* The same for what happened, for billing (invoices, receipts) and the
 * statistics: entries keep their status, so a planned session is not
 * taken for a held one (the engine still gives it its place in the
 * limits, as domain/EVALUATE.md says). */
SessioTrajectoryEvaluation *sessio_patient_store_evaluate_held (SessioPatientStore  *self,
                                                                gint64               trajectory_id,
                                                                GError             **error);
/* The entry of @session_id (0: the extra session), or NULL. */
/* sessio_patient_store_evaluate_held() for many trajectories, each
 * handed to @func in turn, in the order given (it must not keep it),
 * read for all of them at once; @trajectory_ids NULL: every trajectory, in
 * id order.  With @until, the sessions after that day are left out (they
 * cannot change the results before it).  Stops at the first failure, of
 * the store or of @func. */
typedef gboolean (*SessioEvaluationFunc) (SessioTrajectoryEvaluation  *evaluation,
                                          gpointer                     user_data,
                                          GError                     **error);
gboolean  sessio_patient_store_evaluate_held_each (SessioPatientStore   *self,
                                                   const gint64         *trajectory_ids,
                                                   guint                 n_trajectories,
                                                   const GDate          *until,
                                                   SessioEvaluationFunc  func,
                                                   gpointer              user_data,
                                                   GError              **error);

const SessioSessionEvaluation *sessio_trajectory_evaluation_find (SessioTrajectoryEvaluation *self,
                                                                  gint64                      session_id);

/* The meters of the trajectory on @date (NULL: today), one line each,
 * e.g. "Support: 6 of 8 in the last 12 months — next reimbursed session
 * possible on 3 March 2025".  Translated; NULL-terminated. */
char    **sessio_patient_store_meter_lines (SessioPatientStore  *self,
                                            gint64               trajectory_id,
                                            const GDate         *date,
                                            GError             **error);

/* ------------------------------------------------------------- audit */

/* The audit entries about a patient (the patient, its trajectories and
 * sessions), oldest first: JSON objects {id, at, action, entity,
 * entity_id}.  Reading them is not audited. */
JsonArray *sessio_patient_store_get_audit  (SessioPatientStore  *self,
                                            gint64               patient_id,
                                            GError             **error);

/* Internal to the core (export, lists): the database, checked open. */
sqlite3   *sessio_patient_store_get_db     (SessioPatientStore  *self,
                                            GError             **error);
/* One audited read in its own transaction (used by export). */
gboolean   sessio_patient_store_audit_view (SessioPatientStore  *self,
                                            const char          *action,
                                            const char          *entity,
                                            gint64               id,
                                            GError             **error);

G_END_DECLS
