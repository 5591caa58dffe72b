/* sessio-doc-lang.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A minimal reader of GNU .mo files: a header giving the number of
 * strings and the offsets of two tables of (length, offset) pairs, the
 * originals sorted by strcmp(), the translations in the same order.  That
 * is all we need: documents use no plural forms and no contexts.
 */

#include "config.h"

#include <string.h>

#include "sessio-doc-lang.h"

#define MO_MAGIC         0x950412deU
#define MO_MAGIC_SWAPPED 0xde120495U

typedef struct
{
  GMappedFile *file;
  const char  *data;
  gsize        size;
  gboolean     swapped;
  guint32      n;
  guint32      originals;
  guint32      translations;
} Catalog;

static guint32
read_u32 (const Catalog *catalog,
          gsize          offset)
{
  guint32 value;

  memcpy (&value, catalog->data + offset, 4);
  return catalog->swapped ? GUINT32_SWAP_LE_BE (value) : value;
}

/* Offset and length of string @index of the table at @table, checked
 * against the file's size (a damaged file must not make us read beyond
 * it). */
static gboolean
entry (const Catalog *catalog,
       guint32        table,
       guint32        index,
       const char   **text,
       guint32       *length)
{
  gsize at = (gsize) table + (gsize) index * 8;
  guint32 len, off;

  if (at + 8 > catalog->size)
    return FALSE;
  len = read_u32 (catalog, at);
  off = read_u32 (catalog, at + 4);
  if ((gsize) off + len + 1 > catalog->size || catalog->data[off + len] != '\0')
    return FALSE;
  *text = catalog->data + off;
  *length = len;
  return TRUE;
}

static Catalog *
catalog_load (const char *code)
{
  const char *localedir = g_getenv ("SESSIO_LOCALEDIR");
  g_autofree char *path = NULL;
  g_autoptr(GMappedFile) file = NULL;
  Catalog *catalog;
  guint32 magic;

  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;
  path = g_build_filename (localedir, code, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  file = g_mapped_file_new (path, FALSE, NULL);
  if (file == NULL || g_mapped_file_get_length (file) < 28)
    {
      g_debug ("No document catalogue for %s", code);
      return NULL;
    }

  catalog = g_new0 (Catalog, 1);
  catalog->data = g_mapped_file_get_contents (file);
  catalog->size = g_mapped_file_get_length (file);
  memcpy (&magic, catalog->data, 4);
  if (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED)
    {
      g_debug ("The catalogue for %s is not a .mo file", code);
      g_free (catalog);
      return NULL;
    }
  catalog->swapped = magic == MO_MAGIC_SWAPPED;
  catalog->n = read_u32 (catalog, 8);
  catalog->originals = read_u32 (catalog, 12);
  catalog->translations = read_u32 (catalog, 16);
  catalog->file = g_steal_pointer (&file);
  return catalog;
}

static const char *
catalog_lookup (const Catalog *catalog,
                const char    *msgid)
{
  guint32 low = 0, high = catalog->n;

  while (low < high)
    {
      guint32 mid = low + (high - low) / 2, length;
      const char *original;
      int c;

      if (!entry (catalog, catalog->originals, mid, &original, &length))
        return NULL;
      c = strcmp (msgid, original);
      if (c == 0)
        {
          const char *translation;

          if (!entry (catalog, catalog->translations, mid, &translation, &length) || length == 0)
            return NULL;
          return translation;
        }
      if (c < 0)
        high = mid;
      else
        low = mid + 1;
    }
  return NULL;
}

SessioLanguage
sessio_doc_language_from_code (const char *code)
{
  if (g_strcmp0 (code, "nl") == 0)
    return SESSIO_LANGUAGE_NL;
  if (g_strcmp0 (code, "fr") == 0)
    return SESSIO_LANGUAGE_FR;
  if (g_strcmp0 (code, "de") == 0)
    return SESSIO_LANGUAGE_DE;
  return SESSIO_LANGUAGE_EN;
}

const char *
sessio_doc_language_to_code (SessioLanguage language)
{
  switch (language)
    {
    case SESSIO_LANGUAGE_NL: return "nl";
    case SESSIO_LANGUAGE_FR: return "fr";
    case SESSIO_LANGUAGE_DE: return "de";
    case SESSIO_LANGUAGE_EN:
    default: return "en";
    }
}

const char *
sessio_doc_gettext (SessioLanguage  language,
                    const char     *msgid)
{
  /* Loaded once per language and kept for the life of the process, so
   * the strings handed out stay valid; g_once makes it thread-safe. */
  static Catalog *catalogs[4];
  static gsize loaded[4];
  const char *translation;

  if ((guint) language >= G_N_ELEMENTS (catalogs) || language == SESSIO_LANGUAGE_EN ||
      msgid == NULL || *msgid == '\0')
    return msgid;

  if (g_once_init_enter (&loaded[language]))
    {
      catalogs[language] = catalog_load (sessio_doc_language_to_code (language));
      g_once_init_leave (&loaded[language], 1);
    }

  if (catalogs[language] == NULL)
    return msgid;
  translation = catalog_lookup (catalogs[language], msgid);
  return translation != NULL ? translation : msgid;
}
