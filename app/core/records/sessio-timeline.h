/* sessio-timeline.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A patient's file in date order: sessions with their status,
 * evaluation and the start of their note; each trajectory's start,
 * functional assessment, end, outcome and referral; the corrections made
 * (which record, which fields, when); closing and reopening the file.
 * A GListModel of SessioTimelineEntry, ready for a GtkListView, with
 * read-only properties for expressions.
 */

#pragma once

#include <gio/gio.h>

#include "sessio-patient-store.h"
#include "sessio-session-list.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_TIMELINE_ENTRY (sessio_timeline_entry_get_type ())

G_DECLARE_FINAL_TYPE (SessioTimelineEntry, sessio_timeline_entry, SESSIO, TIMELINE_ENTRY, GObject)

/* "YYYY-MM-DD", "YYYY-MM-DDTHH:MM" or, for a correction, an ISO 8601
 * time in UTC: the order of the timeline. */
const char  *sessio_timeline_entry_get_when       (SessioTimelineEntry *self);
/* session | trajectory-start | assessment | trajectory-end | correction |
 * close | reopen */
const char  *sessio_timeline_entry_get_kind       (SessioTimelineEntry *self);
/* The record: "session", "trajectory" or "patient", and its id. */
const char  *sessio_timeline_entry_get_entity     (SessioTimelineEntry *self);
gint64       sessio_timeline_entry_get_entity_id  (SessioTimelineEntry *self);
/* A session's status (held, no-show, ...; the participant's own in a
 * group session); NULL for other entries. */
const char  *sessio_timeline_entry_get_status     (SessioTimelineEntry *self);
/* One translated line: "Support, individual session: held". */
const char  *sessio_timeline_entry_get_title      (SessioTimelineEntry *self);
/* More: the evaluation, the start of the note, the fields corrected, the
 * outcome; "" when there is nothing more. */
const char  *sessio_timeline_entry_get_detail     (SessioTimelineEntry *self);

/* The whole text the detail starts: a session's note, an assessment's
 * summary, a closing summary; "" when there is none.  For a reader who
 * expands the entry. */
const char  *sessio_timeline_entry_get_text       (SessioTimelineEntry *self);
/* A session entry's session, with its evaluation and when-text
 * (transfer none); NULL for other entries. */
SessioSessionItem *sessio_timeline_entry_get_session_item (SessioTimelineEntry *self);

/* The timeline of @patient_id, oldest first (a GListStore).  Reading it
 * is a view of the file: audited. */
GListModel  *sessio_patient_store_get_timeline    (SessioPatientStore  *store,
                                                   gint64               patient_id,
                                                   GError             **error);

G_END_DECLS
