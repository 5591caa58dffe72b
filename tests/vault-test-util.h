/* vault-test-util.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the vault tests: a private temporary folder, the floor KDF
 * (the suite must not spend seconds per unlock), and tiny synthetic rows.
 * Real vaults on disk, real libsodium: nothing is mocked.
 */

#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sessio-core.h"
#include "sessio-keys.h"
#include "sessio-paths.h"
#include "sessio-schema.h"
#include "sessio-vault.h"

#define TEST_PASSPHRASE "correct horse battery staple"

G_BEGIN_DECLS

char *test_make_tmpdir (void);

/* Point the remembered-generations file at a private folder. */
void test_init (int    *argc,
                char ***argv);

void test_rm_rf (const char *path);

/* The text of a PDF as pdftotext reads it (UTF-8); fails the test when
 * it cannot be read. */
char *test_pdf_text (const char *path);

SessioVault *test_create_vault (const char  *dir,
                                char       **recovery_out);

void test_exec (SessioVault *vault,
                const char  *sql);

/* One committed transaction around @sql. */
void test_commit_sql (SessioVault *vault,
                      const char  *sql);

gint64 test_query_int (SessioVault *vault,
                       const char  *sql);

char *test_query_text (SessioVault *vault,
                       const char  *sql);

/* An engagement, a patient and a trajectory with id 1 each. */
void test_add_base_rows (SessioVault *vault);

void test_add_session (SessioVault *vault,
                       gint64       id,
                       const char  *note);

void test_copy_file (const char *from,
                     const char *to);

G_END_DECLS
