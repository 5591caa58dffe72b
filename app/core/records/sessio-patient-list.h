/* sessio-patient-list.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The patient list for the GUI: a GListModel of lightweight
 * SessioPatientSummary objects, loaded in one query, meant to sit under a
 * GtkFilterListModel with a GtkCustomFilter calling
 * sessio_patient_summary_matches() (search by name or INSZ, accent- and
 * case-insensitive).  Erased patients are not listed.
 */

#pragma once

#include <gio/gio.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_PATIENT_SUMMARY (sessio_patient_summary_get_type ())

G_DECLARE_FINAL_TYPE (SessioPatientSummary, sessio_patient_summary, SESSIO, PATIENT_SUMMARY, GObject)

gint64       sessio_patient_summary_get_id          (SessioPatientSummary *self);
const char  *sessio_patient_summary_get_name        (SessioPatientSummary *self);
/* "85.07.31-001.23", or "" without an INSZ. */
const char  *sessio_patient_summary_get_insz        (SessioPatientSummary *self);
/* "YYYY-MM-DD". */
const char  *sessio_patient_summary_get_birth_date  (SessioPatientSummary *self);
/* The birth date in the user's language: "4 May 2010". */
const char  *sessio_patient_summary_get_birth_text  (SessioPatientSummary *self);
/* The open trajectory, "Netwerk Jeugd Demo, since 3 March 2025", or "". */
const char  *sessio_patient_summary_get_trajectory  (SessioPatientSummary *self);
gint64       sessio_patient_summary_get_trajectory_id (SessioPatientSummary *self);

/* The search form of a text: lower case, accents removed; a text of
 * digits and punctuation only ("85.07.31") keeps its digits only.  Fold
 * the query once per change, then test each item. */
char        *sessio_search_fold                     (const char           *text);
/* Whether the name or INSZ contains @folded_query (from
 * sessio_search_fold()); an empty query matches everything. */
gboolean     sessio_patient_summary_matches         (SessioPatientSummary *self,
                                                     const char           *folded_query);

#define SESSIO_TYPE_PATIENT_LIST (sessio_patient_list_get_type ())

G_DECLARE_FINAL_TYPE (SessioPatientList, sessio_patient_list, SESSIO, PATIENT_LIST, GObject)

/* Sorted by name.  Not audited: it shows no more than the list itself. */
SessioPatientList *sessio_patient_list_new     (SessioPatientStore  *store,
                                                GError             **error);
/* Reads the list again (after a change), emitting items-changed. */
gboolean           sessio_patient_list_reload  (SessioPatientList   *self,
                                                GError             **error);

/* A trajectory that can join a group session: open on @date (started,
 * not ended) in @engagement_id, with its patient's name, by name. */
typedef struct
{
  gint64  trajectory_id;
  gint64  patient_id;
  char   *patient_name;
  char   *birth_date;      /* YYYY-MM-DD, or NULL: tells namesakes apart */
} SessioTrajectoryChoice;

GPtrArray   *sessio_patient_store_list_open_trajectories (SessioPatientStore  *store,
                                                          gint64               engagement_id,
                                                          const char          *date,
                                                          GError             **error);

G_END_DECLS
