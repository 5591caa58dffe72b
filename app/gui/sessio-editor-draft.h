/* sessio-editor-draft.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

/* The editors whose unsaved input survives a lock. */
#define SESSIO_DRAFT_SESSION      "session"       /* id: trajectory */
#define SESSIO_DRAFT_GROUP        "group"         /* id: unused */
#define SESSIO_DRAFT_SESSION_EDIT "session-edit"  /* id: session */
#define SESSIO_DRAFT_GROUP_EDIT   "group-edit"    /* id: session */
#define SESSIO_DRAFT_PATIENT_NEW  "patient-new"   /* id: unused */
#define SESSIO_DRAFT_PATIENT_EDIT "patient-edit"  /* id: patient */
#define SESSIO_DRAFT_TRAJECTORY   "trajectory"    /* id: patient */
#define SESSIO_DRAFT_TRAJECTORY_EDIT "trajectory-edit" /* id: trajectory */
#define SESSIO_DRAFT_TASK         "task"          /* id: patient, or 0 */
#define SESSIO_DRAFT_PRACTICE     "practice"      /* id: 1 on the first run */

void        sessio_editor_draft_attach      (GtkWindow           *editor,
                                             const char          *kind,
                                             gint64               id);
gboolean    sessio_editor_draft_is_attached (GtkWindow           *window);
const char *sessio_editor_draft_get_id      (GtkWindow           *editor);
char       *sessio_editor_draft_capture     (GtkWindow           *editor);
void        sessio_editor_draft_set_locking (GtkWindow           *editor);
gboolean    sessio_editor_draft_closed_by_lock (GtkWindow        *editor);
GtkWindow  *sessio_editor_draft_restore     (SessioPatientStore  *store,
                                             const char          *draft_id,
                                             const char          *text,
                                             GError             **error);

/* "Discard changes?" over @editor; @response (AdwMessageDialog *,
 * const char *response, gpointer @data) hears "discard" or "keep". */
void        sessio_editor_ask_discard       (GtkWindow           *editor,
                                             GCallback            response,
                                             gpointer             data);

G_END_DECLS
