/* sessio-eid-reader.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The card is read with two ISO 7816-4 commands:
 *   SELECT FILE by path from the MF, no answer data:  00 A4 08 0C 06 3F00 DF01 4031
 *   READ BINARY at an offset:                          00 B0 OH OL Le
 * READ BINARY asks for 256 bytes at a time.  At the end of the file the
 * card answers 6Cxx ("wrong length, xx bytes are left": read those) or
 * 6B00 (offset past the end), or returns fewer bytes than asked.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#ifdef HAVE_PCSC
#include <winscard.h>
#endif

#include "sessio-eid-reader.h"

/* The identity file is a few hundred bytes; more than this is not it. */
#define MAX_FILE_SIZE 8192

gboolean
sessio_eid_supported (void)
{
#ifdef HAVE_PCSC
  return TRUE;
#else
  return FALSE;
#endif
}

#ifdef HAVE_PCSC

static gboolean
fail_for_status (LONG     rv,
                 GError **error)
{
  switch (rv)
    {
    case SCARD_E_NO_SERVICE:
    case SCARD_E_SERVICE_STOPPED:
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The smart card service (pcscd) is not running"));
      break;
    case SCARD_E_NO_READERS_AVAILABLE:
    case SCARD_E_UNKNOWN_READER:
    case SCARD_E_READER_UNAVAILABLE:
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("No card reader is connected"));
      break;
    case SCARD_E_NO_SMARTCARD:
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("There is no card in the reader"));
      break;
    case SCARD_W_REMOVED_CARD:
    case SCARD_W_RESET_CARD:
    case SCARD_W_UNPOWERED_CARD:
    case SCARD_E_NOT_TRANSACTED:
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The card was removed before it was read completely"));
      break;
    case SCARD_W_UNRESPONSIVE_CARD:
    case SCARD_W_UNSUPPORTED_CARD:
    case SCARD_E_PROTO_MISMATCH:
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The card in the reader does not answer as a Belgian eID card"));
      break;
    default:
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The card reader could not be used"));
      break;
    }
  return FALSE;
}

static gboolean
cancelled (GCancellable  *cancellable,
           GError       **error)
{
  return g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* The first reader in @readers (a multi-string, or @only) that holds a
 * card, waiting up to @timeout_ms for one. */
static char *
find_reader_with_card (SCARDCONTEXT   context,
                       const char    *readers,
                       const char    *only,
                       guint          timeout_ms,
                       GCancellable  *cancellable,
                       GError       **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  GArray *states = g_array_new (FALSE, TRUE, sizeof (SCARD_READERSTATE));
  char *found = NULL;
  LONG rv;

  for (const char *r = readers; *r != '\0'; r += strlen (r) + 1)
    {
      SCARD_READERSTATE state = { 0 };

      if (only != NULL && strcmp (only, r) != 0)
        continue;
      state.szReader = r;
      state.dwCurrentState = SCARD_STATE_UNAWARE;
      g_array_append_val (states, state);
    }

  for (;;)
    {
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;

      /* In slices of half a second, to notice a cancellation. */
      rv = SCardGetStatusChange (context, found == NULL && left > 0 ? (DWORD) MIN (left, 500) : 0,
                                 (SCARD_READERSTATE *) (gpointer) states->data, states->len);
      if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT)
        {
          fail_for_status (rv, error);
          g_array_unref (states);
          return NULL;
        }
      for (guint i = 0; i < states->len && found == NULL; i++)
        {
          SCARD_READERSTATE *state = &g_array_index (states, SCARD_READERSTATE, i);

          /* Present and answered the reset: a mute card is not ready. */
          if ((state->dwEventState & SCARD_STATE_PRESENT) != 0 &&
              (state->dwEventState & SCARD_STATE_MUTE) == 0)
            found = g_strdup (state->szReader);
          state->dwCurrentState = state->dwEventState & ~SCARD_STATE_CHANGED;
        }
      if (found != NULL || g_get_monotonic_time () >= deadline ||
          g_cancellable_is_cancelled (cancellable))
        break;
    }
  g_array_unref (states);
  if (cancelled (cancellable, error))
    {
      g_free (found);
      return NULL;
    }

  if (found == NULL)
    g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                         _("There is no card in the reader"));
  return found;
}

static gboolean
transmit (SCARDHANDLE     card,
          DWORD           protocol,
          const guint8   *command,
          gsize           command_length,
          guint8         *response,
          gsize          *response_length,
          guint          *sw,
          gboolean        answered_before,
          GError        **error)
{
  const SCARD_IO_REQUEST *pci = protocol == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1 : SCARD_PCI_T0;
  DWORD length = (DWORD) *response_length;
  LONG rv;

  rv = SCardTransmit (card, pci, command, (DWORD) command_length, NULL, response, &length);
  if (rv != SCARD_S_SUCCESS)
    return fail_for_status (rv, error);
  if (length < 2)
    {
      /* No status word at all: after the card has answered, the card left
       * (a reader that lost it answers nothing, before pcscd notices). */
      if (answered_before)
        return fail_for_status (SCARD_W_REMOVED_CARD, error);
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The card in the reader does not answer as a Belgian eID card"));
      return FALSE;
    }
  *sw = ((guint) response[length - 2] << 8) | response[length - 1];
  *response_length = length - 2;
  return TRUE;
}

static GByteArray *
read_identity_file (SCARDHANDLE    card,
                    DWORD          protocol,
                    GCancellable  *cancellable,
                    GError       **error)
{
  static const guint8 select_identity[] = {
    0x00, 0xA4, 0x08, 0x0C, 0x06, 0x3F, 0x00, 0xDF, 0x01, 0x40, 0x31
  };
  g_autoptr(GByteArray) file = g_byte_array_new ();
  guint8 response[258];
  gsize response_length = sizeof response;
  guint sw;
  guint want = 0;  /* Le: 0 means 256 */

  if (!transmit (card, protocol, select_identity, sizeof select_identity,
                 response, &response_length, &sw, FALSE, error))
    return NULL;
  if (sw != 0x9000)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                           _("The card in the reader is not a Belgian eID card"));
      return NULL;
    }

  while (file->len < MAX_FILE_SIZE)
    {
      guint8 read_binary[5] = { 0x00, 0xB0, (guint8) (file->len >> 8), (guint8) (file->len & 0xFF), (guint8) want };
      gsize asked = want == 0 ? 256 : want;

      if (cancelled (cancellable, error))
        goto fail;
      response_length = sizeof response;
      if (!transmit (card, protocol, read_binary, sizeof read_binary,
                     response, &response_length, &sw, TRUE, error))
        goto fail;
      if (sw == 0x9000)
        {
          g_byte_array_append (file, response, (guint) response_length);
          if (response_length < asked || response_length == 0)
            break;
          want = 0;
        }
      else if ((sw & 0xFF00) == 0x6C00 && want == 0 && (sw & 0xFF) != 0)
        want = sw & 0xFF;  /* fewer bytes left: ask for exactly those */
      else if (sw == 0x6B00 || sw == 0x6282)
        break;  /* past the end, or end reached */
      else
        {
          g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                               _("The card in the reader is not a Belgian eID card"));
          goto fail;
        }
    }
  memset (response, 0, sizeof response);

  return g_steal_pointer (&file);

fail:
  /* What was read so far is patient data. */
  memset (response, 0, sizeof response);
  if (file->len > 0)
    memset (file->data, 0, file->len);
  return NULL;
}

SessioEidIdentity *
sessio_eid_read (const char    *reader,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return sessio_eid_read_wait (reader, 0, cancellable, error);
}

SessioEidIdentity *
sessio_eid_read_wait (const char    *reader,
                      guint          timeout_ms,
                      GCancellable  *cancellable,
                      GError       **error)
{
  SCARDCONTEXT context = 0;
  SCARDHANDLE card = 0;
  DWORD protocol = 0;
  char *readers = NULL;
  DWORD readers_length = SCARD_AUTOALLOCATE;
  g_autofree char *chosen = NULL;
  g_autoptr(GByteArray) file = NULL;
  SessioEidIdentity *identity = NULL;
  LONG rv;

  if (cancelled (cancellable, error))
    return NULL;

  rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
  if (rv != SCARD_S_SUCCESS)
    {
      fail_for_status (rv, error);
      return NULL;
    }

  rv = SCardListReaders (context, NULL, (LPSTR) &readers, &readers_length);
  if (rv != SCARD_S_SUCCESS)
    {
      fail_for_status (rv == SCARD_E_READER_UNAVAILABLE ? SCARD_E_NO_READERS_AVAILABLE : rv, error);
      goto out;
    }

  if (reader != NULL)
    {
      gboolean known = FALSE;

      for (const char *r = readers; *r != '\0'; r += strlen (r) + 1)
        known = known || strcmp (r, reader) == 0;
      if (!known)
        {
          fail_for_status (SCARD_E_UNKNOWN_READER, error);
          goto out;
        }
    }
  chosen = find_reader_with_card (context, readers, reader, timeout_ms, cancellable, error);
  if (chosen == NULL)
    goto out;

  rv = SCardConnect (context, chosen, SCARD_SHARE_SHARED,
                     SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &protocol);
  if (rv != SCARD_S_SUCCESS)
    {
      fail_for_status (rv, error);
      goto out;
    }

  /* One transaction: no other program selects another file between our
   * SELECT and the last READ BINARY. */
  rv = SCardBeginTransaction (card);
  if (rv != SCARD_S_SUCCESS)
    {
      fail_for_status (rv, error);
      goto out;
    }
  file = read_identity_file (card, protocol, cancellable, error);
  SCardEndTransaction (card, SCARD_LEAVE_CARD);

  if (file != NULL)
    {
      identity = sessio_eid_identity_parse (file->data, file->len, error);
      if (file->len > 0)
        memset (file->data, 0, file->len);
    }

out:
  if (card != 0)
    SCardDisconnect (card, SCARD_LEAVE_CARD);
  if (readers != NULL)
    SCardFreeMemory (context, readers);
  SCardReleaseContext (context);
  return identity;
}

#else /* !HAVE_PCSC */

SessioEidIdentity *
sessio_eid_read (const char    *reader,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return sessio_eid_read_wait (reader, 0, cancellable, error);
}

SessioEidIdentity *
sessio_eid_read_wait (const char    *reader,
                      guint          timeout_ms,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                       _("This build of Sessio cannot read eID cards"));
  return NULL;
}

#endif /* HAVE_PCSC */

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  SessioEidIdentity *identity = sessio_eid_read (task_data, cancellable, &error);

  if (identity == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, identity, (GDestroyNotify) sessio_eid_identity_free);
}

void
sessio_eid_read_async (const char          *reader,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, sessio_eid_read_async);
  g_task_set_task_data (task, g_strdup (reader), g_free);
  g_task_run_in_thread (task, read_in_thread);
}

SessioEidIdentity *
sessio_eid_read_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------- monitor */

typedef struct
{
  gboolean service;
  gboolean reader_present;
  gboolean card_present;
} MonitorState;

/* What the worker thread and the monitor share; the thread holds a
 * reference, so the monitor can go while the thread finishes. */
typedef struct
{
  gatomicrefcount  ref;
  GMutex           lock;
  GCond            cond;
  gboolean         stop;
#ifdef HAVE_PCSC
  SCARDCONTEXT     context;
  gboolean         has_context;
#endif
  GMainContext    *main_context;
  GWeakRef         monitor;
} Shared;

struct _SessioEidMonitor
{
  GObject       parent_instance;

  Shared       *shared;
  GThread      *thread;
  MonitorState  state;
};

G_DEFINE_FINAL_TYPE (SessioEidMonitor, sessio_eid_monitor, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static Shared *
shared_ref (Shared *shared)
{
  g_atomic_ref_count_inc (&shared->ref);
  return shared;
}

static void
shared_unref (Shared *shared)
{
  if (!g_atomic_ref_count_dec (&shared->ref))
    return;
  g_mutex_clear (&shared->lock);
  g_cond_clear (&shared->cond);
  g_weak_ref_clear (&shared->monitor);
  g_main_context_unref (shared->main_context);
  g_free (shared);
}

typedef struct
{
  Shared       *shared;
  MonitorState  state;
} Report;

static void
report_free (gpointer data)
{
  Report *report = data;

  shared_unref (report->shared);
  g_free (report);
}

static gboolean
deliver_report (gpointer data)
{
  Report *report = data;
  g_autoptr(SessioEidMonitor) self = g_weak_ref_get (&report->shared->monitor);

  if (self == NULL)
    return G_SOURCE_REMOVE;
  if (memcmp (&self->state, &report->state, sizeof self->state) != 0)
    {
      self->state = report->state;
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
  return G_SOURCE_REMOVE;
}

static void
report_state (Shared             *shared,
              const MonitorState *state)
{
  Report *report = g_new0 (Report, 1);

  report->shared = shared_ref (shared);
  report->state = *state;
  g_main_context_invoke_full (shared->main_context, G_PRIORITY_DEFAULT,
                              deliver_report, report, report_free);
}

/* Waits @seconds unless told to stop; TRUE when told to stop. */
static gboolean
wait_or_stop (Shared *shared,
              guint   seconds)
{
  gint64 until = g_get_monotonic_time () + seconds * G_TIME_SPAN_SECOND;
  gboolean stop;

  g_mutex_lock (&shared->lock);
  while (!shared->stop && g_cond_wait_until (&shared->cond, &shared->lock, until))
    ;
  stop = shared->stop;
  g_mutex_unlock (&shared->lock);
  return stop;
}

#ifdef HAVE_PCSC

/* Follows pcscd with one context until it goes away or we are told to
 * stop.  SCardGetStatusChange blocks until something changes: a reader
 * comes or goes (the PnP pseudo-reader) or a card does; SCardCancel from
 * the monitor's dispose wakes it. */
static void
follow_service (Shared       *shared,
                SCARDCONTEXT  context,
                MonitorState *last)
{
  for (;;)
    {
      char *readers = NULL;
      DWORD readers_length = SCARD_AUTOALLOCATE;
      GArray *states = g_array_new (FALSE, TRUE, sizeof (SCARD_READERSTATE));
      SCARD_READERSTATE pnp = { 0 };
      MonitorState now = { TRUE, FALSE, FALSE };
      LONG rv;

      rv = SCardListReaders (context, NULL, (LPSTR) &readers, &readers_length);
      if (rv == SCARD_S_SUCCESS)
        for (const char *r = readers; *r != '\0'; r += strlen (r) + 1)
          {
            SCARD_READERSTATE state = { 0 };

            state.szReader = r;
            state.dwCurrentState = SCARD_STATE_UNAWARE;
            g_array_append_val (states, state);
          }
      else if (rv != SCARD_E_NO_READERS_AVAILABLE)
        {
          g_array_unref (states);
          return;
        }

      /* First the current state of each reader... */
      if (states->len > 0)
        {
          rv = SCardGetStatusChange (context, 0, (SCARD_READERSTATE *) (gpointer) states->data, states->len);
          if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT)
            goto next;
        }
      now.reader_present = states->len > 0;
      for (guint i = 0; i < states->len; i++)
        {
          SCARD_READERSTATE *state = &g_array_index (states, SCARD_READERSTATE, i);

          if ((state->dwEventState & SCARD_STATE_PRESENT) != 0)
            now.card_present = TRUE;
          state->dwCurrentState = state->dwEventState & ~SCARD_STATE_CHANGED;
        }
      if (memcmp (&now, last, sizeof now) != 0)
        {
          *last = now;
          report_state (shared, &now);
        }

      /* ...then wait for any of them, or the list, to change. */
      pnp.szReader = "\\\\?PnP?\\Notification";
      pnp.dwCurrentState = (DWORD) states->len << 16;
      g_array_append_val (states, pnp);
      rv = SCardGetStatusChange (context, INFINITE, (SCARD_READERSTATE *) (gpointer) states->data, states->len);

    next:
      g_array_unref (states);
      if (readers != NULL)
        SCardFreeMemory (context, readers);

      if (rv == SCARD_E_CANCELLED || rv == SCARD_E_NO_SERVICE || rv == SCARD_E_SERVICE_STOPPED ||
          rv == SCARD_E_INVALID_HANDLE)
        return;
      g_mutex_lock (&shared->lock);
      if (shared->stop)
        {
          g_mutex_unlock (&shared->lock);
          return;
        }
      g_mutex_unlock (&shared->lock);
      /* Any other answer: look again, but not in a tight loop. */
      if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT && wait_or_stop (shared, 1))
        return;
    }
}

#endif

static gpointer
monitor_thread (gpointer data)
{
  Shared *shared = data;
  MonitorState last = { FALSE, FALSE, FALSE };
  gboolean first = TRUE;

  for (;;)
    {
#ifdef HAVE_PCSC
      SCARDCONTEXT context = 0;
      LONG rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &context);

      if (rv == SCARD_S_SUCCESS)
        {
          g_mutex_lock (&shared->lock);
          shared->context = context;
          shared->has_context = !shared->stop;
          g_mutex_unlock (&shared->lock);
          if (shared->has_context)
            follow_service (shared, context, &last);
          g_mutex_lock (&shared->lock);
          shared->has_context = FALSE;
          g_mutex_unlock (&shared->lock);
          SCardReleaseContext (context);
        }
#endif
      {
        MonitorState none = { FALSE, FALSE, FALSE };

        if (first || memcmp (&none, &last, sizeof none) != 0)
          {
            last = none;
            report_state (shared, &none);
          }
        first = FALSE;
      }
      /* pcscd is not there (or went away): it may be started on demand
       * or later; look again every few seconds, in this thread. */
      if (wait_or_stop (shared, 3))
        break;
    }

  shared_unref (shared);
  return NULL;
}

static void
sessio_eid_monitor_dispose (GObject *object)
{
  SessioEidMonitor *self = SESSIO_EID_MONITOR (object);

  if (self->thread != NULL)
    {
      g_mutex_lock (&self->shared->lock);
      self->shared->stop = TRUE;
#ifdef HAVE_PCSC
      if (self->shared->has_context)
        SCardCancel (self->shared->context);
#endif
      g_cond_broadcast (&self->shared->cond);
      g_mutex_unlock (&self->shared->lock);
      /* The thread finishes on its own; it holds its own reference. */
      g_thread_unref (g_steal_pointer (&self->thread));
    }
  g_clear_pointer (&self->shared, shared_unref);

  G_OBJECT_CLASS (sessio_eid_monitor_parent_class)->dispose (object);
}

static void
sessio_eid_monitor_class_init (SessioEidMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sessio_eid_monitor_dispose;

  /**
   * SessioEidMonitor::changed:
   *
   * The service, a reader or a card came or went.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sessio_eid_monitor_init (SessioEidMonitor *self)
{
}

SessioEidMonitor *
sessio_eid_monitor_new (void)
{
  SessioEidMonitor *self = g_object_new (SESSIO_TYPE_EID_MONITOR, NULL);
  Shared *shared = g_new0 (Shared, 1);

  g_atomic_ref_count_init (&shared->ref);
  g_mutex_init (&shared->lock);
  g_cond_init (&shared->cond);
  g_weak_ref_init (&shared->monitor, self);
  shared->main_context = g_main_context_ref_thread_default ();
  self->shared = shared;
  if (sessio_eid_supported ())
    self->thread = g_thread_new ("sessio-eid", monitor_thread, shared_ref (shared));
  return self;
}

gboolean
sessio_eid_monitor_get_service (SessioEidMonitor *self)
{
  g_return_val_if_fail (SESSIO_IS_EID_MONITOR (self), FALSE);
  return self->state.service;
}

gboolean
sessio_eid_monitor_get_reader_present (SessioEidMonitor *self)
{
  g_return_val_if_fail (SESSIO_IS_EID_MONITOR (self), FALSE);
  return self->state.reader_present;
}

gboolean
sessio_eid_monitor_get_card_present (SessioEidMonitor *self)
{
  g_return_val_if_fail (SESSIO_IS_EID_MONITOR (self), FALSE);
  return self->state.card_present;
}
