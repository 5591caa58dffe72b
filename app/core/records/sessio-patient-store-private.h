/* sessio-patient-store-private.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of SessioPatientStore share: the instance struct and the
 * helpers every change uses (validate, store_begin(), write, store_audit(),
 * store_finish()).  The store is one object split by aggregate: patients
 * (sessio-patient-store.c, with the object itself), trajectories and their
 * evaluation, sessions, groups, tasks and the audit trail.  Nothing here
 * is API outside the store.
 */

#pragma once

#include <sqlite3.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

struct _SessioPatientStore
{
  GObject       parent_instance;

  SessioVault  *vault;
  SessioRules  *rules;
  gboolean      batch;   /* inside begin_batch(): each change is a savepoint */
  sqlite3      *snapshot;  /* a read-only copy to read from instead (new_snapshot()) */
};

/* Where a trajectory's CLB guidance domain is kept: setting
 * "clb-domain/<trajectory id>" (see set_trajectory_domain()). */
#define CLB_DOMAIN_KEY "clb-domain/"

extern const char * const store_copays[];

/* The day validation takes for today: the clock's (sessio-clock.h). */
void      store_get_today          (SessioPatientStore  *self,
                                    GDate               *today);
/* Sets a translated SESSIO_ERROR_INVALID_INPUT; returns FALSE. */
gboolean  store_invalid            (GError             **error,
                                    const char          *message);
/* The same, naming the field at fault in *@field (when not NULL). */
gboolean  store_invalid_at         (const char         **field,
                                    const char          *name,
                                    GError             **error,
                                    const char          *message);
/* SESSIO_ERROR_REFUSED: the patient's file is closed (read only). */
gboolean  store_closed             (GError             **error);
gboolean  store_not_found          (GError             **error,
                                    const char          *message);
gboolean  store_is_set             (const char          *text);
gboolean  store_one_of             (const char          *text,
                                    const char * const  *values);
gboolean  store_choice_known       (const SessioChoice  *choices,
                                    guint                n_choices,
                                    const char          *id);
gboolean  store_parse_date         (const char          *text,
                                    GDate               *date);
/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" into @date and a normalised text. */
gboolean  store_parse_when         (const char          *text,
                                    GDate               *date,
                                    char                 out[17]);
gboolean  store_row_exists         (sqlite3             *db,
                                    const char          *sql,
                                    gint64               id);

/* A change: store_begin(), then store_finish() with whether it all
 * worked (commits and emits ::changed, or rolls back).  In a batch each
 * change is a savepoint.  store_finish_quietly() does not emit ::changed
 * (audited reads). */
gboolean  store_begin              (SessioPatientStore  *self,
                                    GError             **error);
gboolean  store_finish             (SessioPatientStore  *self,
                                    gboolean             ok,
                                    GError             **error);
gboolean  store_finish_quietly     (SessioPatientStore  *self,
                                    gboolean             ok,
                                    GError             **error);
/* One audit entry, inside the current transaction. */
gboolean  store_audit              (SessioPatientStore  *self,
                                    const char          *action,
                                    const char          *entity,
                                    gint64               id,
                                    GError             **error);

/* The history of corrections: one earlier value of @field of the record
 * @id in @table (session_history, trajectory_history, patient_history,
 * whose id column is @id_column).  A no-op when the value did not change;
 * otherwise appends @field to @fields (comma-separated, for the audit
 * entry: store_audit_update()). */
gboolean  store_keep_change        (sqlite3             *db,
                                    const char          *table,
                                    const char          *id_column,
                                    gint64               id,
                                    const char          *changed_at,
                                    const char          *field,
                                    const char          *before,
                                    const char          *after,
                                    GString             *fields,
                                    GError             **error);
/* The audit entry of a correction: "@action field,field" (the fields
 * store_keep_change() collected), or @action alone. */
gboolean  store_audit_update       (SessioPatientStore  *self,
                                    const char          *action,
                                    const GString       *fields,
                                    const char          *entity,
                                    gint64               id,
                                    GError             **error);
/* The rows of such a table (of SessioChange), oldest first. */
GPtrArray *store_read_history      (sqlite3             *db,
                                    const char          *table,
                                    const char          *id_column,
                                    gint64               id,
                                    GError             **error);
/* Now, as history and closures record it. */
char     *store_now_iso8601        (void);

/* The trajectory evaluated by the rules engine, with @extra (unsaved)
 * taking the place of session @replacing_id (0: none); see
 * sessio-patient-store-trajectories.c. */
SessioTrajectoryEvaluation *store_evaluate_in (SessioPatientStore  *self,
                                               sqlite3             *db,
                                               gint64               trajectory_id,
                                               const SessioSession *extra,
                                               gint64               replacing_id,
                                               gboolean             planned_as_held,
                                               GError             **error);
/* The trajectories taking part in group session @id, in id order. */
GArray   *store_read_participants  (sqlite3             *db,
                                    gint64               id,
                                    GError             **error);

G_END_DECLS
