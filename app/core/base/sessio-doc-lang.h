/* sessio-doc-lang.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Documents (invoices, receipts) speak the language of whoever receives
 * them (the network's, the patient's), not the language of the user's
 * screen.  gettext only knows one language per process, and switching it
 * is neither thread-safe nor cheap, so this module reads the compiled .mo
 * catalogues of nl, fr and de itself, once, and looks strings up in them.
 *
 * Mark document strings with D_("Invoice"): xgettext is told about the
 * keyword (po/meson.build, tests/check-po.sh), and sessio_doc_gettext()
 * translates them at run time.  Strings already translated for the
 * interface (the same msgid) are shared.
 */

#pragma once

#include <glib.h>

#include "sessio-format.h"

G_BEGIN_DECLS

/* Marks a string for extraction only, as N_() does. */
#define D_(String) (String)

/* "nl", "fr", "de" (anything else: English). */
SessioLanguage  sessio_doc_language_from_code (const char     *code);
const char     *sessio_doc_language_to_code   (SessioLanguage  language);

/* @msgid in @language, or @msgid itself when the catalogue has none (or
 * for English).  The result lives as long as the process.  Thread-safe. */
const char     *sessio_doc_gettext            (SessioLanguage  language,
                                               const char     *msgid) G_GNUC_FORMAT (2);

G_END_DECLS
