/* sessio-drafts.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drafts: what an editor held, unsaved, when the vault was locked.  They
 * live inside the vault, in the setting table under "draft/ID", so they
 * are encrypted, journalled and folded like every other change, and never
 * touch the disk in plaintext.  Each save is a commit of its own: a lock
 * writes the drafts before the vault is closed, and a crash right after
 * loses nothing that was typed.  The core does not read them: their text
 * is whatever the editor needs to come back as it was.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-drafts.h"
#include "sessio-error.h"
#include "sessio-sql-private.h"

#define KEY_PREFIX "draft/"

void
sessio_draft_free (SessioDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->id);
  g_free (draft->text);
  g_free (draft);
}

static gboolean
valid_id (const char  *id,
          GError     **error)
{
  if (id == NULL || *id == '\0' || strlen (id) > 200)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("A draft needs a name"));
      return FALSE;
    }
  return TRUE;
}

/* One statement in a transaction of its own, committed before returning. */
static gboolean
run_committed (SessioVault  *vault,
               const char   *sql,
               const char   *key,
               const char   *text,
               GError      **error)
{
  sqlite3_stmt *stmt;

  if (!sessio_vault_begin (vault, error))
    return FALSE;
  stmt = sessio_sql_prepare (sessio_vault_get_db (vault), sql, error);
  if (stmt == NULL)
    {
      sessio_vault_rollback (vault);
      return FALSE;
    }
  sessio_sql_bind_text (stmt, 1, key);
  if (text != NULL)
    sessio_sql_bind_text (stmt, 2, text);
  if (!sessio_sql_run (stmt, NULL, error) || !sessio_vault_commit (vault, error))
    {
      if (sessio_vault_in_transaction (vault))
        sessio_vault_rollback (vault);
      return FALSE;
    }
  return TRUE;
}

/**
 * sessio_drafts_save:
 * @vault: an open vault
 * @id: the draft's name; a draft of the same name is replaced
 * @text: what to keep
 *
 * Returns: %TRUE once the draft is committed to the vault's journal
 */
gboolean
sessio_drafts_save (SessioVault  *vault,
                    const char   *id,
                    const char   *text,
                    GError      **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!valid_id (id, error))
    return FALSE;
  key = g_strconcat (KEY_PREFIX, id, NULL);
  return run_committed (vault, "INSERT OR REPLACE INTO setting (key, value) VALUES (?1, ?2)",
                        key, text, error);
}

/**
 * sessio_drafts_list:
 *
 * Returns: (transfer full) (element-type SessioDraft): the drafts, oldest
 *   name first, or %NULL with @error set
 */
GPtrArray *
sessio_drafts_list (SessioVault  *vault,
                    GError      **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) sessio_draft_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = sessio_sql_prepare (sessio_vault_get_db (vault),
                             "SELECT substr (key, 7), value FROM setting"
                             " WHERE key >= 'draft/' AND key < 'draft0' ORDER BY key",
                             error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SessioDraft *draft = g_new0 (SessioDraft, 1);

      draft->id = sessio_sql_column_text (stmt, 0);
      draft->text = sessio_sql_column_text (stmt, 1);
      g_ptr_array_add (drafts, draft);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      sessio_sql_failed (error);
      return NULL;
    }
  return g_steal_pointer (&drafts);
}

/**
 * sessio_drafts_delete:
 *
 * Drops a draft once it is saved for real or discarded.  Deleting one
 * that is not there is not an error.
 */
gboolean
sessio_drafts_delete (SessioVault  *vault,
                      const char   *id,
                      GError      **error)
{
  g_autofree char *key = NULL;

  if (!valid_id (id, error))
    return FALSE;
  key = g_strconcat (KEY_PREFIX, id, NULL);
  return run_committed (vault, "DELETE FROM setting WHERE key = ?1", key, NULL, error);
}
