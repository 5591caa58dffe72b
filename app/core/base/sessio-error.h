/* sessio-error.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SESSIO_ERROR (sessio_error_quark ())

/**
 * SessioError:
 * @SESSIO_ERROR_FAILED: the operation failed for a reason not listed below
 * @SESSIO_ERROR_INVALID_INPUT: the caller gave input that can never work
 *   (bad JSON, unknown enumeration value, impossible date, missing field)
 * @SESSIO_ERROR_WRONG_PASSPHRASE: the passphrase or recovery key does not open the vault
 * @SESSIO_ERROR_DAMAGED: a vault, backup or journal failed authentication or is
 *   truncated: damaged or modified
 * @SESSIO_ERROR_IN_USE: another process holds the vault
 * @SESSIO_ERROR_NEWER_VERSION: written by a newer Sessio than this one
 * @SESSIO_ERROR_NOT_FOUND: no such vault, patient, trajectory, invoice, ...
 * @SESSIO_ERROR_LOCKED: the vault is locked
 * @SESSIO_ERROR_REFUSED: a convention rule refuses the change (limit, issued invoice)
 * @SESSIO_ERROR_OLDER_COPY: the vault is older than one opened on this computer
 *   before, and the user has not yet confirmed to go on with this copy
 *
 * Every message carried by a #SessioError is translated and safe to show:
 * it never contains patient data.
 */
typedef enum
{
  SESSIO_ERROR_FAILED,
  SESSIO_ERROR_INVALID_INPUT,
  SESSIO_ERROR_WRONG_PASSPHRASE,
  SESSIO_ERROR_DAMAGED,
  SESSIO_ERROR_IN_USE,
  SESSIO_ERROR_NEWER_VERSION,
  SESSIO_ERROR_NOT_FOUND,
  SESSIO_ERROR_LOCKED,
  SESSIO_ERROR_REFUSED,
  SESSIO_ERROR_OLDER_COPY,
} SessioError;

GQuark sessio_error_quark (void);

G_END_DECLS
