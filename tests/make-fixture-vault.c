/* make-fixture-vault.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes tests/fixtures/vault-v1: a tiny synthetic vault of schema and
 * format version 1 that every later Sessio must still open (test-vault.c
 * runs the migrations against it).  Passphrase: "sessio fixture v1".  The
 * last two transactions stay in the journal on purpose, so that opening
 * the fixture also replays a v1 journal.
 *
 *   _build/tests/make-fixture-vault tests/fixtures/vault-v1
 *
 * Regenerating it is a format decision: do it only for a new format
 * version, into a new folder, and keep the old one.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "sessio-core.h"
#include "sessio-vault.h"

static void
commit (SessioVault *vault,
        const char  *sql)
{
  g_autoptr(GError) error = NULL;
  char *message = NULL;

  if (!sessio_vault_begin (vault, &error) ||
      sqlite3_exec (sessio_vault_get_db (vault), sql, NULL, NULL, &message) != SQLITE_OK ||
      !sessio_vault_commit (vault, &error))
    {
      fprintf (stderr, "fixture: %s\n", message ? message : error->message);
      exit (1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *lock = NULL;
  SessioVaultKdf kdf;
  char *recovery = NULL;
  SessioVault *vault;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s DIR\n", argv[0]);
      return 2;
    }

  if (!sessio_core_init (&error))
    return 1;
  state = g_dir_make_tmp ("sessio-fixture-XXXXXX", NULL);
  g_setenv ("XDG_STATE_HOME", state, TRUE);

  sessio_vault_kdf_floor (&kdf);
  vault = sessio_vault_create (argv[1], "sessio fixture v1", &kdf, &recovery, &error);
  if (vault == NULL)
    {
      fprintf (stderr, "fixture: %s\n", error->message);
      return 1;
    }
  printf ("recovery key: %s\n", recovery);

  commit (vault,
          "INSERT INTO provider (id, name, riziv) VALUES (1, 'Fixtuur Psycholoog', '12345678901');"
          "INSERT INTO engagement (id, network_name, network, model, language, weekly_contingent)"
          "  VALUES (1, 'Netwerk Fixtuur Jeugd', 'youth', 'clb-salaried', 'nl', 6);"
          "INSERT INTO engagement (id, network_name, network, model, language)"
          "  VALUES (2, 'Netwerk Fixtuur Volwassenen', 'adult', 'independent', 'nl');");
  commit (vault,
          "INSERT INTO patient (id, name, birth_date, insz, sex, insurer, bim, language, school,"
          "  education_segment, consent_date, vulnerable, notes, created_at) VALUES"
          "  (1, 'Fixtuur Een', '2011-03-14', '11031400165', 'f', '116', 0, 'nl', 'Testschool',"
          "   'secondary-1', '2025-01-10', 0, 'Synthetische patiënt.', '2025-01-10T09:00:00Z'),"
          "  (2, 'Fixtuur Twee', '1990-07-01', NULL, 'm', '319', 1, 'fr', NULL,"
          "   NULL, '2025-01-12', 1, NULL, '2025-01-12T09:00:00Z');"
          "INSERT INTO guardian (id, patient_id, name, relation) VALUES (1, 1, 'Ouder Fixtuur', 'parent');"
          "INSERT INTO patient_problem (patient_id, category) VALUES (1, 'anxiety'), (2, 'mood');"
          "INSERT INTO trajectory (id, patient_id, engagement_id, start_date, bilan_date)"
          "  VALUES (1, 1, 1, '2025-01-13', '2025-01-20'), (2, 2, 2, '2025-01-14', NULL);");
  commit (vault,
          "INSERT INTO session (id, engagement_id, trajectory_id, starts_at, care_type, setting,"
          "  location, context, status, copay, notes) VALUES"
          "  (1, 1, 1, '2025-01-13T10:00', 'support', 'individual', 'school', 'clb', 'held', 'not-due', 'Kennismaking.'),"
          "  (2, 1, 1, '2025-01-20T10:00', 'treatment', 'individual', 'school', 'clb', 'held', 'not-due', NULL),"
          "  (3, 2, 2, '2025-01-14T18:00', 'support', 'individual', 'practice', 'own', 'held', 'not-due', NULL),"
          "  (4, 2, 2, '2025-01-21T18:00', 'support', 'individual', 'practice', 'own', 'no-show', 'not-yet', NULL);"
          "INSERT INTO note (id, patient_id, trajectory_id, created_at, body)"
          "  VALUES (1, 1, 1, '2025-01-20T11:00:00Z', 'Bilan opgemaakt.');"
          "INSERT INTO setting (key, value) VALUES ('locale', 'nl_BE');");
  if (!sessio_vault_fold (vault, &error))
    {
      fprintf (stderr, "fixture: %s\n", error->message);
      return 1;
    }

  /* These two stay in the journal. */
  commit (vault,
          "INSERT INTO patient (id, name, birth_date, sex, created_at)"
          "  VALUES (3, 'Fixtuur Drie', '2008-11-30', 'x', '2025-02-01T09:00:00Z');"
          "INSERT INTO trajectory (id, patient_id, engagement_id, start_date) VALUES (3, 3, 1, '2025-02-03');");
  commit (vault,
          "INSERT INTO session (id, engagement_id, trajectory_id, starts_at, care_type, setting,"
          "  location, context, status, copay) VALUES"
          "  (5, 1, 3, '2025-02-03T13:00', 'support', 'individual', 'clb', 'clb', 'held', 'not-due'),"
          "  (6, 1, NULL, '2025-02-05T13:00', 'support', 'group', 'school', 'clb', 'held', 'not-due');"
          "INSERT INTO group_participant (session_id, trajectory_id) VALUES (6, 1), (6, 3);"
          "UPDATE session SET notes = 'Tweede gesprek.' WHERE id = 2;");

  /* Leave without folding, like a crash after the last commit, and
   * without the lock file, which tests create anew. */
  lock = g_build_filename (argv[1], "lock", NULL);
  g_unlink (lock);
  fflush (stdout);
  _exit (0);
}
