/* sessio-eid-reader.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the Belgian eID over PC/SC (pcsc-lite, the pcscd service):
 * SELECT of the identity file by path (3F00/DF01/4031) and READ BINARY,
 * plain ISO 7816 commands.  No PIN is needed and none is asked.  Only the
 * identity file is read: never the photo, the address or a certificate.
 *
 * Every failure is a GError in SESSIO_ERROR with a sentence to show as is:
 * no pcscd (FAILED), no reader or no card (NOT_FOUND), a card removed
 * halfway or not an eID (FAILED), a damaged file (DAMAGED).
 */

#pragma once

#include <gio/gio.h>

#include "sessio-eid.h"

G_BEGIN_DECLS

/* FALSE when this build has no PC/SC support (then every read fails with
 * a sentence saying so, and the monitor never sees a reader). */
gboolean           sessio_eid_supported       (void);

/* Reads the card in @reader, or with @reader NULL in the first reader that
 * holds a card.  Blocks: call it from a worker thread (or the CLI). */
SessioEidIdentity *sessio_eid_read            (const char           *reader,
                                               GCancellable         *cancellable,
                                               GError              **error);
/* The same, first waiting up to @timeout_ms for a card to be inserted
 * (0: not at all). */
SessioEidIdentity *sessio_eid_read_wait       (const char           *reader,
                                               guint                 timeout_ms,
                                               GCancellable         *cancellable,
                                               GError              **error);
/* The same in a worker thread; @callback runs in the thread-default main
 * context of the caller. */
void               sessio_eid_read_async      (const char           *reader,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
SessioEidIdentity *sessio_eid_read_finish     (GAsyncResult         *result,
                                               GError              **error);

/* Follows readers and cards arriving and leaving.  A worker thread waits on
 * pcscd (SCardGetStatusChange); the monitor's state changes, and ::changed
 * is emitted, in the thread-default main context of the thread that made
 * it, so the UI thread never waits on the card service. */
#define SESSIO_TYPE_EID_MONITOR (sessio_eid_monitor_get_type ())

G_DECLARE_FINAL_TYPE (SessioEidMonitor, sessio_eid_monitor, SESSIO, EID_MONITOR, GObject)

SessioEidMonitor  *sessio_eid_monitor_new                (void);
/* pcscd answers. */
gboolean           sessio_eid_monitor_get_service        (SessioEidMonitor *self);
/* At least one reader is connected. */
gboolean           sessio_eid_monitor_get_reader_present (SessioEidMonitor *self);
/* A card is in one of the readers. */
gboolean           sessio_eid_monitor_get_card_present   (SessioEidMonitor *self);

G_END_DECLS
