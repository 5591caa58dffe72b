/* sessio-labels.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a person reads for each machine name of domain/RULES.md: lower-case
 * labels that can stand in a list or after a colon, translated.
 */

#pragma once

#include "sessio-evaluate.h"
#include "sessio-rules.h"

G_BEGIN_DECLS

const char *sessio_network_get_label   (SessioNetwork   network);
const char *sessio_setting_get_label   (SessioSetting   setting);
const char *sessio_location_get_label  (SessioLocation  location);
const char *sessio_context_get_label   (SessioContext   context);
const char *sessio_status_get_label    (SessioStatus    status);

/* A label standing on its own (a badge, a choice in a list) starts with a
 * capital, one in a sentence does not: "Held" on every page, "held" after
 * a colon.  One translation serves both.  Newly allocated. */
char       *sessio_label_capitalise    (const char     *label);

/* Whether a co-payment was received: "cash", "transfer", "not-yet",
 * "not-due". */
extern const char * const sessio_copay_received_ids[];
const char *sessio_copay_received_get_label (const char *id);

/* One sentence on what stops a session from being reimbursed, or what to
 * watch: for the session editor and the patient page. */
const char *sessio_eval_warning_get_message (SessioEvalWarning   warning);
const char *sessio_eval_error_get_message   (SessioEvalErrorCode error);

/* A field of the history tables and the audit log ("copay_date",
 * "participant_status:12") by its name for people. */
const char *sessio_field_get_label          (const char         *field);
const char *sessio_field_get_msgid          (const char         *field);
char       *sessio_fields_describe          (const char         *fields);

/* Translates @msgid: gettext for the screen, or a document's catalogue. */
typedef const char *(*SessioTranslateFunc) (const char *msgid,
                                            gpointer    user_data);

char       *sessio_audit_entry_describe_with (const char          *action,
                                              const char          *entity,
                                              SessioTranslateFunc  tr,
                                              gpointer             user_data);

/* An audit log entry for people: "Viewed", "Corrected: Name, INSZ number",
 * ...; @entity is the table it is about.  Newly allocated. */
char       *sessio_audit_entry_describe     (const char         *action,
                                             const char         *entity);

G_END_DECLS
