/* plaintext-scan.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scan of plaintext-scan.h, compiled once into the tests' helper
 * library.
 */

#include <string.h>
#include "plaintext-scan.h"

GPtrArray *
plaintext_encodings (const char *secret)
{
  GPtrArray *forms = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gsize len = strlen (secret);
  guint8 *le = g_malloc (len * 2), *be = g_malloc (len * 2);
  GString *hex_lower = g_string_new (NULL), *hex_upper = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    {
      le[2 * i] = (guint8) secret[i];
      le[2 * i + 1] = 0;
      be[2 * i] = 0;
      be[2 * i + 1] = (guint8) secret[i];
      g_string_append_printf (hex_lower, "%02x", (guint8) secret[i]);
      g_string_append_printf (hex_upper, "%02X", (guint8) secret[i]);
    }

  g_ptr_array_add (forms, g_bytes_new (secret, len));
  g_ptr_array_add (forms, g_bytes_new_take (le, len * 2));
  g_ptr_array_add (forms, g_bytes_new_take (be, len * 2));
  g_ptr_array_add (forms, g_string_free_to_bytes (hex_lower));
  g_ptr_array_add (forms, g_string_free_to_bytes (hex_upper));
  return forms;
}

gboolean
plaintext_contains (const char *data,
                    gsize       len,
                    const void *needle,
                    gsize       needle_len)
{
  const char first = *(const char *) needle;

  for (gsize i = 0; needle_len > 0 && i + needle_len <= len; i++)
    if (data[i] == first && memcmp (data + i, needle, needle_len) == 0)
      return TRUE;
  return FALSE;
}

guint
plaintext_scan_dir (const char         *path,
                    const char * const *secrets,
                    guint              *n_files)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint hits = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *data = NULL;
      gsize len = 0;

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          hits += plaintext_scan_dir (child, secrets, n_files);
          continue;
        }
      if (!g_file_get_contents (child, &data, &len, NULL))
        continue;
      if (n_files != NULL)
        (*n_files)++;

      for (guint s = 0; secrets[s] != NULL; s++)
        {
          g_autoptr(GPtrArray) forms = plaintext_encodings (secrets[s]);

          for (guint f = 0; f < forms->len; f++)
            {
              gsize flen;
              const void *form = g_bytes_get_data (forms->pdata[f], &flen);

              if (plaintext_contains (data, len, form, flen))
                {
                  g_test_message ("secret %u (encoding %u) found in %s", s, f, child);
                  hits++;
                }
            }
        }
    }

  return hits;
}
