/* vault-test-util.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The helpers of vault-test-util.h, compiled once into the tests'
 * helper library.
 */

#include "vault-test-util.h"

char *
test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sessio-vault-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
test_init (int    *argc,
           char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;

  g_test_init (argc, argv, NULL);
  g_assert_true (sessio_core_init (&error));
  state = test_make_tmpdir ();
  g_setenv ("XDG_STATE_HOME", state, TRUE);
}

char *
test_pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

void
test_rm_rf (const char *path)
{
  sessio_paths_remove_tree (path);
}

SessioVault *
test_create_vault (const char  *dir,
                   char       **recovery_out)
{
  g_autoptr(GError) error = NULL;
  SessioVaultKdf kdf;
  char *recovery = NULL;
  SessioVault *vault;

  sessio_vault_kdf_floor (&kdf);
  vault = sessio_vault_create (dir, TEST_PASSPHRASE, &kdf, &recovery, &error);
  g_assert_no_error (error);
  g_assert_nonnull (vault);
  g_assert_nonnull (recovery);

  if (recovery_out != NULL)
    *recovery_out = g_strdup (recovery);
  sessio_key_free_text (recovery);
  return vault;
}

void
test_exec (SessioVault *vault,
           const char  *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (sessio_vault_get_db (vault), sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("SQL failed: %s", message);
}

void
test_commit_sql (SessioVault *vault,
                 const char  *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sessio_vault_begin (vault, &error));
  g_assert_no_error (error);
  test_exec (vault, sql);
  g_assert_true (sessio_vault_commit (vault, &error));
  g_assert_no_error (error);
}

gint64
test_query_int (SessioVault *vault,
                const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (sessio_vault_get_db (vault), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

char *
test_query_text (SessioVault *vault,
                 const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (sessio_vault_get_db (vault), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

void
test_add_base_rows (SessioVault *vault)
{
  test_commit_sql (vault,
                   "INSERT INTO engagement (id, network_name, network, model)"
                   "  VALUES (1, 'Netwerk Testregio', 'youth', 'clb-salaried');"
                   "INSERT INTO patient (id, name, birth_date, created_at)"
                   "  VALUES (1, 'Testpersoon Een', '2010-05-04', '2025-01-01T00:00:00Z');"
                   "INSERT INTO trajectory (id, patient_id, engagement_id, start_date)"
                   "  VALUES (1, 1, 1, '2025-01-06');");
}

void
test_add_session (SessioVault *vault,
                  gint64       id,
                  const char  *note)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_true (sessio_vault_begin (vault, &error));
  g_assert_cmpint (sqlite3_prepare_v2 (sessio_vault_get_db (vault),
                                       "INSERT INTO session (id, engagement_id, trajectory_id, starts_at,"
                                       " care_type, setting, location, context, status, notes)"
                                       " VALUES (?, 1, 1, '2025-02-03T10:00', 'support', 'individual',"
                                       " 'school', 'clb', 'held', ?)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, note, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_true (sessio_vault_commit (vault, &error));
  g_assert_no_error (error);
}

void
test_copy_file (const char *from,
                const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &data, &len, &error));
  g_assert_true (g_file_set_contents (to, data, len, &error));
  g_assert_no_error (error);
}
