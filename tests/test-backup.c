/* test-backup.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Encrypted backups against real vaults on disk and real libsodium:
 * backup → restore gives a vault equal to the original in every table
 * (found through sqlite_master, so future tables are covered too); every
 * single flipped bit and every truncation of a backup is refused;
 * restore never touches the original; automatic backups prune only our
 * own files.  Synthetic data only (sessio_devdata_generate).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "sessio-backup.h"
#include "sessio-devdata.h"
#include "sessio-vault-private.h"
#include "vault-test-util.h"

static gboolean
devdata_txn (gpointer          user_data,
             SessioDevdataTxn  what,
             GError          **error)
{
  SessioVault *vault = user_data;

  switch (what)
    {
    case SESSIO_DEVDATA_BEGIN:
      return sessio_vault_begin (vault, error);
    case SESSIO_DEVDATA_COMMIT:
      return sessio_vault_commit (vault, error);
    case SESSIO_DEVDATA_ROLLBACK:
    default:
      sessio_vault_rollback (vault);
      return TRUE;
    }
}

/* A vault with rows in most tables: synthetic patients and sessions,
 * a setting, and a note with characters that quoting must survive. */
static SessioVault *
make_filled_vault (const char  *dir,
                   char       **recovery)
{
  g_autoptr(GError) error = NULL;
  SessioVault *vault = test_create_vault (dir, recovery);
  SessioDevdataOptions options = { 0 };

  options.patients = 30;
  options.sessions = 200;
  options.seed = 8;
  options.transactions = 5;
  g_assert_true (sessio_devdata_generate (sessio_vault_get_db (vault), &options, devdata_txn,
                                          vault, &error));
  g_assert_no_error (error);
  test_commit_sql (vault, "INSERT INTO setting (key, value) VALUES ('test/blob', x'00ff10'),"
                          " ('test/real', 2.5), ('test/text', 'quote '' and ‘é’')");
  return vault;
}

/* Every row of every table and the whole schema, as sorted text: two
 * databases are equal when these are. */
static GPtrArray *
dump_database (sqlite3 *db)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT type, name, tbl_name, sql FROM sqlite_master"
                                       " ORDER BY type, name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (lines, g_strdup_printf ("schema %s %s %s %s",
                                               sqlite3_column_text (stmt, 0),
                                               sqlite3_column_text (stmt, 1),
                                               sqlite3_column_text (stmt, 2),
                                               sqlite3_column_text (stmt, 3)));
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "table") == 0)
        g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);

  g_ptr_array_add (lines, g_strdup_printf ("user_version %d", sessio_schema_get_version (db)));

  for (guint t = 0; t < tables->len; t++)
    {
      char *sql = sqlite3_mprintf ("SELECT * FROM \"%w\"", (const char *) tables->pdata[t]);
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_free (sql);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          GString *row = g_string_new (tables->pdata[t]);

          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              switch (sqlite3_column_type (stmt, c))
                {
                case SQLITE_NULL:
                  g_string_append (row, " | NULL");
                  break;
                case SQLITE_INTEGER:
                  g_string_append_printf (row, " | i%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, c));
                  break;
                case SQLITE_FLOAT:
                  g_string_append_printf (row, " | f%.17g", sqlite3_column_double (stmt, c));
                  break;
                case SQLITE_TEXT:
                  g_string_append_printf (row, " | t%s", sqlite3_column_text (stmt, c));
                  break;
                default:
                  {
                    const guint8 *blob = sqlite3_column_blob (stmt, c);
                    int n = sqlite3_column_bytes (stmt, c);

                    g_string_append (row, " | b");
                    for (int i = 0; i < n; i++)
                      g_string_append_printf (row, "%02x", blob[i]);
                  }
                }
            }
          g_ptr_array_add (rows, g_string_free (row, FALSE));
        }
      sqlite3_finalize (stmt);
      g_ptr_array_sort (rows, (GCompareFunc) g_strcmp0);
      g_ptr_array_add (lines, g_strdup_printf ("table %s %u rows", (char *) tables->pdata[t], rows->len));
      for (guint r = 0; r < rows->len; r++)
        g_ptr_array_add (lines, g_strdup (rows->pdata[r]));
    }

  return lines;
}

static int
cmp_strv (gconstpointer a,
          gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static void
assert_same_database (sqlite3 *a,
                      sqlite3 *b)
{
  g_autoptr(GPtrArray) da = dump_database (a);
  g_autoptr(GPtrArray) db = dump_database (b);
  guint rows = 0;

  g_ptr_array_sort (da, cmp_strv);
  g_ptr_array_sort (db, cmp_strv);
  g_assert_cmpuint (da->len, ==, db->len);
  for (guint i = 0; i < da->len; i++)
    g_assert_cmpstr (da->pdata[i], ==, db->pdata[i]);
  for (guint i = 0; i < da->len; i++)
    if (!g_str_has_prefix (da->pdata[i], "schema ") && !g_str_has_prefix (da->pdata[i], "table "))
      rows++;
  /* Not two empty databases: the comparison saw real rows. */
  g_assert_cmpuint (rows, >, 250);
}

static char *
hash_file (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) data, len);
}

static void
test_roundtrip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (tmp, "vault", NULL);
  g_autofree char *to = g_build_filename (tmp, "restored", NULL);
  g_autofree char *to2 = g_build_filename (tmp, "restored-by-key", NULL);
  g_autofree char *file = g_build_filename (tmp, "backup.sessiobackup", NULL);
  g_autofree char *snap = g_build_filename (dir, "vault.sessio", NULL);
  g_autofree char *journal = g_build_filename (dir, "journal.sessio", NULL);
  g_autofree char *snap_hash = NULL, *journal_hash = NULL, *after = NULL;
  g_autofree char *recovery = NULL;
  g_autoptr(SessioVault) vault = make_filled_vault (dir, &recovery);
  g_autoptr(SessioVault) restored = NULL;
  g_autoptr(SessioVault) original = NULL;
  SessioBackupInfo info = { 0 };
  GStatBuf st;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpint (sessio_backup_get_last (vault), ==, 0);
  g_assert_true (sessio_backup_is_due (vault, before, 7));
  g_assert_true (sessio_backup_create (vault, file, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (sessio_backup_get_last (vault), >=, before);
  g_assert_false (sessio_backup_is_due (vault, before, 7));
  g_assert_true (sessio_backup_is_due (vault, before + 8 * 24 * 3600, 7));

  /* A change after the backup is not in it. */
  test_commit_sql (vault, "INSERT INTO setting (key, value) VALUES ('test/after', 1)");
  g_assert_true (sessio_vault_close (vault, &error));
  g_assert_no_error (error);

  /* The original stays as it is, byte for byte. */
  snap_hash = hash_file (snap);
  journal_hash = hash_file (journal);

  g_assert_true (sessio_backup_verify (file, TEST_PASSPHRASE, NULL, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.created, >=, before);
  g_assert_cmpuint (info.schema_version, ==, SESSIO_SCHEMA_VERSION);
  g_assert_true (sessio_backup_verify (file, NULL, recovery, NULL, &error));
  g_assert_no_error (error);

  restored = sessio_backup_restore (file, TEST_PASSPHRASE, NULL, to, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (restored);
  g_assert_true (sessio_vault_close (restored, &error));
  g_clear_object (&restored);

  after = hash_file (snap);
  g_assert_cmpstr (after, ==, snap_hash);
  g_clear_pointer (&after, g_free);
  after = hash_file (journal);
  g_assert_cmpstr (after, ==, journal_hash);

  /* The restored vault opens with the same passphrase, and equals the
   * original as it was at the backup. */
  restored = sessio_vault_open (to, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (sessio_vault_check (restored, &error));
  g_assert_no_error (error);
  g_assert_false (sessio_vault_get_rolled_back (restored));
  original = sessio_vault_open (dir, TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (original, "SELECT count(*) FROM setting WHERE key = 'test/after'"), ==, 1);
  test_commit_sql (original, "DELETE FROM setting WHERE key = 'test/after'");
  assert_same_database (sessio_vault_get_db (original), sessio_vault_get_db (restored));
  g_assert_cmpint (test_query_int (restored, "SELECT count(*) FROM patient"), ==, 30);
  g_assert_cmpint (test_query_int (restored, "SELECT count(*) FROM session"), ==, 200);
  g_assert_true (sessio_vault_close (restored, &error));
  g_clear_object (&restored);
  /* Restoring never made the original look like an older copy. */
  g_assert_false (sessio_vault_get_rolled_back (original));

  /* With the recovery key, and the restored vault opens with it too. */
  restored = sessio_backup_restore (file, NULL, recovery, to2, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sessio_vault_close (restored, &error));
  g_clear_object (&restored);
  restored = sessio_vault_open_with_recovery_key (to2, recovery, &error);
  g_assert_no_error (error);
  assert_same_database (sessio_vault_get_db (original), sessio_vault_get_db (restored));

  g_assert_true (sessio_vault_close (original, &error));
  g_assert_true (sessio_vault_close (restored, &error));
  test_rm_rf (tmp);
}

static void
test_refusals (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (tmp, "vault", NULL);
  g_autofree char *file = g_build_filename (tmp, "backup.sessiobackup", NULL);
  g_autofree char *other = g_build_filename (tmp, "other.txt", NULL);
  g_autofree char *busy = g_build_filename (tmp, "busy", NULL);
  g_autofree char *busy_file = g_build_filename (busy, "keep.txt", NULL);
  g_autofree char *content = NULL;
  g_autoptr(SessioVault) vault = test_create_vault (dir, NULL);
  g_autoptr(SessioVault) restored = NULL;

  test_add_base_rows (vault);

  /* An existing file is never overwritten. */
  g_assert_true (g_file_set_contents (other, "not ours", -1, NULL));
  g_assert_false (sessio_backup_create (vault, other, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (other, &content, NULL, NULL));
  g_assert_cmpstr (content, ==, "not ours");

  /* Not in the middle of a transaction: the image would not be a
   * committed state. */
  g_assert_true (sessio_vault_begin (vault, &error));
  g_assert_false (sessio_backup_create (vault, file, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED);
  g_clear_error (&error);
  sessio_vault_rollback (vault);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));

  g_assert_true (sessio_backup_create (vault, file, &error));
  g_assert_no_error (error);

  /* A passphrase change later: the backup still opens with the passphrase
   * it was made with, and not with the new one. */
  g_assert_true (sessio_vault_change_passphrase (vault, "a new passphrase here", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (sessio_backup_verify (file, "a new passphrase here", NULL, NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  g_assert_true (sessio_backup_verify (file, TEST_PASSPHRASE, NULL, NULL, &error));
  g_assert_no_error (error);

  /* A mistyped recovery key is invalid input, not a wrong key. */
  g_assert_false (sessio_backup_verify (file, NULL, "ABCD-EFGH", NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Never into a folder with files in it, let alone the vault itself. */
  g_assert_cmpint (g_mkdir (busy, 0700), ==, 0);
  g_assert_true (g_file_set_contents (busy_file, "x", -1, NULL));
  restored = sessio_backup_restore (file, TEST_PASSPHRASE, NULL, busy, NULL, &error);
  g_assert_null (restored);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  restored = sessio_backup_restore (file, TEST_PASSPHRASE, NULL, dir, NULL, &error);
  g_assert_null (restored);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* A wrong passphrase leaves no folder behind. */
  {
    g_autofree char *to = g_build_filename (tmp, "nope", NULL);

    restored = sessio_backup_restore (file, "wrong passphrase", NULL, to, NULL, &error);
    g_assert_null (restored);
    g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_WRONG_PASSPHRASE);
    g_clear_error (&error);
    g_assert_false (g_file_test (to, G_FILE_TEST_EXISTS));
  }

  g_assert_true (sessio_vault_close (vault, &error));
  test_rm_rf (tmp);
}

static void
assert_decode_fails (const guint8 *data,
                     gsize         len,
                     const guint8 *key)
{
  g_autoptr(GError) error = NULL;
  SessioBackupHeader header;
  gsize image_len = 0;
  guint8 *image = sessio_backup_decode (data, len, key, &header, &image_len, &error);

  if (image != NULL)
    g_error ("a damaged backup of %" G_GSIZE_FORMAT " bytes decoded", len);
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
}

/* Every single-bit flip and every truncation of a small backup of three
 * chunks (a short last one) is refused.  The key is given, so no KDF:
 * this is the authentication of the stream and the header. */
static void
test_every_flip_small (void)
{
  g_autoptr(GError) error = NULL;
  guint8 key[SESSIO_KEY_BYTES], image[2600];
  SessioBackupHeader header = { 0 }, parsed;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree guint8 *copy = NULL;
  const guint8 *data;
  guint8 *plain;
  gsize len, image_len = 0;
  guint checked = 0;

  randombytes_buf (key, sizeof key);
  randombytes_buf (image, sizeof image);
  randombytes_buf (header.vault_id, sizeof header.vault_id);
  sessio_vault_kdf_floor (&header.kdf);
  header.generation = 3;
  header.created = 1763856000;

  bytes = sessio_backup_encode (&header, key, image, sizeof image, SESSIO_BACKUP_CHUNK_MIN);
  data = g_bytes_get_data (bytes, &len);
  g_assert_cmpuint (len, ==, SESSIO_BACKUP_HEADER_SIZE + sizeof image + 3 * SESSIO_BACKUP_CHUNK_OVERHEAD);

  plain = sessio_backup_decode (data, len, key, &parsed, &image_len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (plain, image_len, image, sizeof image);
  g_assert_cmpint (parsed.created, ==, header.created);
  sqlite3_free (plain);

  copy = g_memdup2 (data, len);
  for (gsize i = 0; i < len; i++)
    for (int bit = 0; bit < 8; bit++)
      {
        copy[i] ^= (guint8) (1 << bit);
        assert_decode_fails (copy, len, key);
        copy[i] ^= (guint8) (1 << bit);
        checked++;
      }
  for (gsize cut = 0; cut < len; cut++)
    assert_decode_fails (data, cut, key);

  /* One byte more, or a chunk dropped, is refused as well. */
  {
    g_autofree guint8 *longer = g_malloc0 (len + 1);

    memcpy (longer, data, len);
    assert_decode_fails (longer, len + 1, key);
  }
  g_assert_cmpuint (checked, ==, len * 8);

  /* A wrong key opens nothing. */
  key[0] ^= 1;
  assert_decode_fails (data, len, key);

  /* An empty image is one empty final chunk, and round-trips. */
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = sessio_backup_encode (&header, key, image, 0, SESSIO_BACKUP_CHUNK_MIN);
  data = g_bytes_get_data (bytes, &len);
  g_assert_cmpuint (len, ==, SESSIO_BACKUP_HEADER_SIZE + SESSIO_BACKUP_CHUNK_OVERHEAD);
  plain = sessio_backup_decode (data, len, key, &parsed, &image_len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (image_len, ==, 0);
  sqlite3_free (plain);
}

/* A real backup of a real vault: every header byte, and a byte every few
 * hundred in the body (each one a different chunk position), flipped;
 * and cuts at and around every chunk boundary. */
static void
test_flip_real_backup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (tmp, "vault", NULL);
  g_autofree char *file = g_build_filename (tmp, "backup.sessiobackup", NULL);
  g_autofree char *flipped = g_build_filename (tmp, "flipped.sessiobackup", NULL);
  g_autoptr(SessioVault) vault = make_filled_vault (dir, NULL);
  g_autofree guint8 *data = NULL;
  const guint8 *key;
  gsize len = 0;
  guint64 step = SESSIO_BACKUP_CHUNK_SIZE + SESSIO_BACKUP_CHUNK_OVERHEAD;

  g_assert_true (sessio_backup_create (vault, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (file, (char **) &data, &len, NULL));
  g_assert_cmpuint (len, >, SESSIO_BACKUP_HEADER_SIZE + 2 * step);
  key = sessio_vault_get_data_key (vault);

  for (gsize i = 0; i < len; i += i < SESSIO_BACKUP_HEADER_SIZE + 64 ? 1 : 251)
    {
      data[i] ^= 0x80;
      assert_decode_fails (data, len, key);
      data[i] ^= 0x80;
    }
  /* The last bytes: the final chunk's tag. */
  for (gsize i = len - 40; i < len; i++)
    {
      data[i] ^= 0x01;
      assert_decode_fails (data, len, key);
      data[i] ^= 0x01;
    }
  for (guint64 b = SESSIO_BACKUP_HEADER_SIZE; b < len; b += step)
    for (gsize d = 0; d < 3; d++)
      {
        assert_decode_fails (data, (gsize) b + d, key);
        assert_decode_fails (data, (gsize) b - d - 1, key);
      }

  /* And through the file API, with the passphrase (one KDF run each). */
  data[len / 2] ^= 0x04;
  g_assert_true (g_file_set_contents (flipped, (char *) data, len, NULL));
  g_assert_false (sessio_backup_verify (flipped, TEST_PASSPHRASE, NULL, NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
  g_assert_cmpstr (error->message, ==, "The backup is damaged or has been modified");
  g_clear_error (&error);
  data[len / 2] ^= 0x04;
  g_assert_true (g_file_set_contents (flipped, (char *) data, len - 1, NULL));
  g_assert_false (sessio_backup_verify (flipped, TEST_PASSPHRASE, NULL, NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
  g_assert_cmpstr (error->message, ==, "The backup is incomplete: the file was cut short");
  g_clear_error (&error);

  g_assert_true (sessio_vault_close (vault, &error));
  test_rm_rf (tmp);
}

/* A header claiming a newer format is refused as such; other damage is
 * damage (the checksum comes first). */
static void
test_header (void)
{
  g_autoptr(GError) error = NULL;
  SessioBackupHeader header = { 0 }, parsed;
  guint8 out[SESSIO_BACKUP_HEADER_SIZE];
  guint64 size;

  sessio_vault_kdf_floor (&header.kdf);
  header.version = 2;
  header.generation = 1;
  header.chunk_size = SESSIO_BACKUP_CHUNK_SIZE;
  header.image_len = 100000;
  size = sessio_backup_file_size (header.image_len, header.chunk_size);
  g_assert_cmpuint (size, ==, SESSIO_BACKUP_HEADER_SIZE + 100000 + 2 * SESSIO_BACKUP_CHUNK_OVERHEAD);
  sessio_backup_header_write (&header, out);
  g_assert_false (sessio_backup_header_parse (out, sizeof out, size, &parsed, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_NEWER_VERSION);
  g_clear_error (&error);

  header.version = 1;
  sessio_backup_header_write (&header, out);
  g_assert_true (sessio_backup_header_parse (out, sizeof out, size, &parsed, &error));
  g_assert_no_error (error);

  /* KDF parameters below the floor, chunk sizes out of bounds: damage,
   * even with a right checksum. */
  header.kdf.memlimit = 1024;
  sessio_backup_header_write (&header, out);
  g_assert_false (sessio_backup_header_parse (out, sizeof out, size, &parsed, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
  g_clear_error (&error);
  sessio_vault_kdf_floor (&header.kdf);
  header.chunk_size = 3000;
  sessio_backup_header_write (&header, out);
  g_assert_false (sessio_backup_header_parse (out, sizeof out, size, &parsed, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
  g_clear_error (&error);

  /* Not a backup at all. */
  g_assert_false (sessio_backup_header_parse ((const guint8 *) "SQLite format 3\0", 16, 16, &parsed, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
}

static void
test_auto (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (tmp, "vault", NULL);
  g_autofree char *folder = g_build_filename (tmp, "usb", NULL);
  g_autofree char *missing = g_build_filename (tmp, "unplugged", NULL);
  g_autoptr(SessioVault) vault = test_create_vault (dir, NULL);
  g_autoptr(GDir) d = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  const char *foreign[] = { "notes.txt", "sessio-backup-mine.sessiobackup",
                            "sessio-backup-20200101-000000.sessiobackup.old", NULL };
  const char *name;

  test_add_base_rows (vault);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  for (guint i = 0; foreign[i] != NULL; i++)
    {
      g_autofree char *p = g_build_filename (folder, foreign[i], NULL);
      g_assert_true (g_file_set_contents (p, "the user's own", -1, NULL));
    }

  g_assert_true (sessio_backup_is_auto_name ("sessio-backup-20261123-045501.sessiobackup"));
  g_assert_false (sessio_backup_is_auto_name ("sessio-backup-2026112-0455011.sessiobackup"));
  g_assert_false (sessio_backup_is_auto_name (foreign[1]));
  g_assert_false (sessio_backup_is_auto_name (foreign[2]));

  for (int day = 1; day <= 5; day++)
    {
      g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, day, 18, 30, 0);
      g_autofree char *path = NULL;

      g_assert_true (sessio_backup_auto (vault, folder, 3, now, &path, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }

  d = g_dir_open (folder, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (found, g_strdup (name));
  g_ptr_array_sort (found, cmp_strv);
  g_assert_cmpuint (found->len, ==, 6);
  g_assert_cmpstr (found->pdata[0], ==, "notes.txt");
  g_assert_cmpstr (found->pdata[1], ==, "sessio-backup-20200101-000000.sessiobackup.old");
  g_assert_cmpstr (found->pdata[2], ==, "sessio-backup-20261103-183000.sessiobackup");
  g_assert_cmpstr (found->pdata[3], ==, "sessio-backup-20261104-183000.sessiobackup");
  g_assert_cmpstr (found->pdata[4], ==, "sessio-backup-20261105-183000.sessiobackup");
  g_assert_cmpstr (found->pdata[5], ==, "sessio-backup-mine.sessiobackup");

  /* An unplugged disk is a clear error, and nothing is pruned. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 6, 18, 30, 0);

    g_assert_false (sessio_backup_auto (vault, missing, 3, now, NULL, &error));
    g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_NOT_FOUND);
  }

  g_assert_true (sessio_vault_close (vault, &error));
  test_rm_rf (tmp);
}

/* sessio_backup_encode() done again by the test, with the vault's own
 * key, except that the last chunk carries TAG_FINAL only when @final:
 * without it, a stream that authenticates to its end but never says it
 * ended.  Flips and cuts cannot make one; only the key holder can. */
static GBytes *
encode_stream (const SessioBackupHeader *header_in,
               const guint8             *data_key,
               const guint8             *image,
               gsize                     image_len,
               guint32                   chunk_size,
               gboolean                  final)
{
  crypto_secretstream_xchacha20poly1305_state state;
  SessioBackupHeader header = *header_in;
  guint8 *key = sessio_key_derive_subkey (data_key, SESSIO_SUBKEY_BACKUP);
  guint64 chunks = image_len == 0 ? 1 : (image_len + chunk_size - 1) / chunk_size;
  gsize total = (gsize) sessio_backup_file_size (image_len, chunk_size);
  guint8 *out = g_malloc (total);
  guint8 *p = out + SESSIO_BACKUP_HEADER_SIZE;

  header.chunk_size = chunk_size;
  header.image_len = image_len;
  crypto_secretstream_xchacha20poly1305_init_push (&state, header.stream_header, key);
  sessio_key_free (key);
  sessio_backup_header_write (&header, out);
  for (guint64 i = 0; i < chunks; i++)
    {
      gsize off = (gsize) (i * chunk_size);
      gsize n = MIN ((gsize) chunk_size, image_len - off);
      guint8 tag = i + 1 == chunks && final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                            : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
      unsigned long long clen = 0;

      crypto_secretstream_xchacha20poly1305_push (&state, p, &clen, image + off, n,
                                                  out, SESSIO_BACKUP_HEADER_SIZE, tag);
      p += clen;
    }
  g_assert_cmpuint (p - out, ==, total);
  return g_bytes_new_take (out, total);
}

/* `sessio-cli backup ARGS…` on no vault: exits 1 with @message. */
static void
assert_cli_refuses (const char *passphrase_file,
                    const char *message,
                    ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *cli = g_getenv ("SESSIO_CLI");
  const char *arg;
  int status = 0;
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "--passphrase-file");
  g_ptr_array_add (argv, (gpointer) passphrase_file);
  g_ptr_array_add (argv, (gpointer) "backup");
  va_start (ap, message);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("sessio-cli backup %s: %s", (char *) argv->pdata[4], err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, message));
}

/* A backup whose stream ends without TAG_FINAL, every chunk authentic
 * and the header bound to them (written with the key): the end of the
 * stream never came, so verify and restore refuse it as cut short, in
 * the core and through the CLI; restore creates nothing.  The same file
 * with the tag (the control) verifies, so the tag is the only fault. */
static void
test_no_final_tag (void)
{
  static const char passphrase[] = "violet harbour 47 lantern drift";
  static const char cut_short[] = "The backup is incomplete: the file was cut short";
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (tmp, "vault", NULL);
  g_autofree char *file = g_build_filename (tmp, "backup.sessiobackup", NULL);
  g_autofree char *forged = g_build_filename (tmp, "no-final.sessiobackup", NULL);
  g_autofree char *control = g_build_filename (tmp, "control.sessiobackup", NULL);
  g_autofree char *to = g_build_filename (tmp, "restored", NULL);
  g_autofree char *pw = g_build_filename (tmp, "pw", NULL);
  char *recovery = NULL;
  g_autofree guint8 *data = NULL;
  g_autoptr(SessioVault) vault = NULL;
  SessioBackupHeader header, parsed;
  SessioVaultKdf kdf;
  const guint8 *key;
  guint8 *image;
  gsize len = 0, image_len = 0;

  sessio_vault_kdf_floor (&kdf);
  vault = sessio_vault_create (dir, passphrase, &kdf, &recovery, &error);
  g_assert_no_error (error);
  test_add_base_rows (vault);
  key = sessio_vault_get_data_key (vault);

  /* A real backup gives the header (key wraps, ids) and the image. */
  g_assert_true (sessio_backup_create (vault, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (file, (char **) &data, &len, NULL));
  image = sessio_backup_decode (data, len, key, &header, &image_len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (image_len, >, 4 * SESSIO_BACKUP_CHUNK_MIN);

  /* Small chunks: the stream has several, and only the last lacks its
   * tag. */
  {
    g_autoptr(GBytes) with = encode_stream (&header, key, image, image_len, SESSIO_BACKUP_CHUNK_MIN, TRUE);
    g_autoptr(GBytes) without = encode_stream (&header, key, image, image_len, SESSIO_BACKUP_CHUNK_MIN, FALSE);
    gsize n = 0;
    const guint8 *bytes = g_bytes_get_data (without, &n);
    guint8 *plain;

    g_assert_true (g_file_set_contents (control, g_bytes_get_data (with, NULL), g_bytes_get_size (with), NULL));
    g_assert_true (g_file_set_contents (forged, (const char *) bytes, n, NULL));

    plain = sessio_backup_decode (bytes, n, key, &parsed, &image_len, &error);
    g_assert_null (plain);
    g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
    g_assert_cmpstr (error->message, ==, cut_short);
    g_clear_error (&error);
  }
  sodium_memzero (image, image_len);
  sqlite3_free (image);

  /* An empty image is one chunk, which is the last. */
  {
    g_autoptr(GBytes) empty = encode_stream (&header, key, (const guint8 *) "", 0, SESSIO_BACKUP_CHUNK_MIN, FALSE);

    g_assert_null (sessio_backup_decode (g_bytes_get_data (empty, NULL), g_bytes_get_size (empty), key,
                                         &parsed, &image_len, &error));
    g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
    g_assert_cmpstr (error->message, ==, cut_short);
    g_clear_error (&error);
  }

  g_assert_true (sessio_backup_verify (control, passphrase, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (sessio_backup_verify (forged, passphrase, NULL, NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
  g_assert_cmpstr (error->message, ==, cut_short);
  g_clear_error (&error);
  g_assert_false (sessio_backup_verify (forged, NULL, recovery, NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
  g_assert_cmpstr (error->message, ==, cut_short);
  g_clear_error (&error);

  g_assert_null (sessio_backup_restore (forged, passphrase, NULL, to, NULL, &error));
  g_assert_error (error, SESSIO_ERROR, SESSIO_ERROR_DAMAGED);
  g_assert_cmpstr (error->message, ==, cut_short);
  g_clear_error (&error);
  g_assert_false (g_file_test (to, G_FILE_TEST_EXISTS));

  /* The CLI says the same, exit 1 (English: LC_ALL=C.UTF-8). */
  {
    g_autofree char *line = g_strconcat (passphrase, "\n", NULL);

    g_assert_true (g_file_set_contents_full (pw, line, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  }
  assert_cli_refuses (pw, cut_short, "verify", forged, NULL);
  assert_cli_refuses (pw, cut_short, "restore", forged, "--to", to, NULL);
  g_assert_false (g_file_test (to, G_FILE_TEST_EXISTS));

  sessio_key_free_text (recovery);
  g_assert_true (sessio_vault_close (vault, &error));
  test_rm_rf (tmp);
}

int
main (int    argc,
      char **argv)
{
  test_init (&argc, &argv);

  g_test_add_func ("/backup/header", test_header);
  g_test_add_func ("/backup/every-flip-small", test_every_flip_small);
  g_test_add_func ("/backup/roundtrip", test_roundtrip);
  g_test_add_func ("/backup/refusals", test_refusals);
  g_test_add_func ("/backup/flip-real", test_flip_real_backup);
  g_test_add_func ("/backup/auto", test_auto);
  g_test_add_func ("/backup/no-final-tag", test_no_final_tag);

  return g_test_run ();
}
