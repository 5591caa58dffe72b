/* plaintext-scan.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Searches every byte of every file under a folder for secrets in the
 * encodings a leak could take: UTF-8, UTF-16LE, UTF-16BE and hex (lower
 * and upper case).  The approach of test-vault-plaintext.c, shared so that
 * other tests (the patient file's privacy test) scan the same way.
 */

#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

/* The forms of @secret to look for, as GBytes. */
GPtrArray *plaintext_encodings (const char *secret);

gboolean plaintext_contains (const char *data,
                             gsize       len,
                             const void *needle,
                             gsize       needle_len);

/* Scans every file under @path for every secret of @secrets (a
 * NULL-terminated list); each finding is reported with g_test_message()
 * naming the secret's index, never the secret.  Returns the number of
 * findings; *n_files receives the number of files read. */
guint plaintext_scan_dir (const char         *path,
                          const char * const *secrets,
                          guint              *n_files);

G_END_DECLS
