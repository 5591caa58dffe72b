/* sessio-evaluate-json.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading an evaluation request and writing its results as the JSON
 * documents of domain/EVALUATE.md.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "sessio-evaluate.h"

G_BEGIN_DECLS

typedef struct
{
  SessioPatientInfo     patient;
  SessioTrajectoryInfo  trajectory;
  GArray               *sessions;   /* SessioSessionInfo, in input order */
  GPtrArray            *ids;        /* char *, the sessions' ids */
} SessioEvalRequest;

/* Parses and checks a request.  Anything not well-formed (bad JSON, an
 * unknown enumeration value, an impossible date, a missing required member,
 * a wrong type) fails with SESSIO_ERROR_INVALID_INPUT and a one-line,
 * translated message naming the place but never quoting the value. */
SessioEvalRequest *sessio_eval_request_new_from_data   (const char               *data,
                                                        gsize                     length,
                                                        GError                  **error);
void               sessio_eval_request_free            (SessioEvalRequest        *self);
/* The output document {"sessions": [...]}, one entry per session in
 * input order, as UTF-8 JSON text ending in a newline. */
char              *sessio_eval_request_format_results  (const SessioEvalRequest  *self,
                                                        const SessioEvalResult   *results,
                                                        gsize                    *length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioEvalRequest, sessio_eval_request_free)

G_END_DECLS
