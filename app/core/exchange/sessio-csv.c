/* sessio-csv.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small state machine over the bytes: outside a quoted field the
 * separator ends a field and CR, LF or CRLF ends a record; inside, only a
 * quote not followed by another quote ends the quoting.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-csv.h"
#include "sessio-error.h"

static void
record_free (gpointer data)
{
  SessioCsvRecord *record = data;

  g_strfreev (record->fields);
  g_free (record);
}

/* The separator of the first record: the most frequent of ; , and tab
 * outside quotes; “,” when there is none (a single column). */
static char
detect_separator (const char *data,
                  gsize       len)
{
  guint semicolons = 0, commas = 0, tabs = 0;
  gboolean quoted = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (c == '"')
        quoted = !quoted;
      else if (!quoted && (c == '\n' || c == '\r'))
        break;
      else if (!quoted && c == ';')
        semicolons++;
      else if (!quoted && c == ',')
        commas++;
      else if (!quoted && c == '\t')
        tabs++;
    }

  if (semicolons > commas && semicolons >= tabs)
    return ';';
  if (tabs > commas && tabs > semicolons)
    return '\t';
  return ',';
}

static gboolean
fields_all_empty (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    if (*(const char *) g_ptr_array_index (fields, i) != '\0')
      return FALSE;
  return TRUE;
}

/* The text of @data as UTF-8, without a byte order mark: as it is, or
 * converted from Windows-1252 (what a spreadsheet on Windows saves) into
 * *@converted.  Refuses an embedded NUL: no spreadsheet's output, and it
 * would cut the fields short silently. */
static gboolean
decode_text (const char **data,
             gsize       *len,
             char       **converted,
             GError     **error)
{
  if (memchr (*data, '\0', *len) != NULL)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("This is not a CSV text file"));
      return FALSE;
    }

  if (*len >= 3 && memcmp (*data, "\xef\xbb\xbf", 3) == 0)
    {
      *data += 3;
      *len -= 3;
    }
  if (!g_utf8_validate_len (*data, *len, NULL))
    {
      gsize written = 0;

      *converted = g_convert (*data, *len, "UTF-8", "WINDOWS-1252", NULL, &written, NULL);
      if (*converted == NULL)
        {
          g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                               _("The file is neither UTF-8 nor Windows-1252 text"));
          return FALSE;
        }
      *data = *converted;
      *len = written;
    }
  return TRUE;
}

/* Ends the field being read: it joins @fields, and a new one begins. */
static void
end_field (GPtrArray  *fields,
           GString   **field)
{
  g_ptr_array_add (fields, g_string_free (g_steal_pointer (field), FALSE));
  *field = g_string_new (NULL);
}

/* Ends the record of @fields, begun on @line: it joins @records unless it
 * is a blank line; *@fields begins anew either way. */
static void
end_record (GPtrArray  *records,
            GPtrArray **fields,
            guint       line)
{
  SessioCsvRecord *record;

  if ((*fields)->len == 1 && fields_all_empty (*fields))
    {
      g_ptr_array_set_size (*fields, 0);
      return;
    }
  record = g_new0 (SessioCsvRecord, 1);
  record->line = line;
  g_ptr_array_add (*fields, NULL);
  record->fields = (char **) g_ptr_array_free (g_steal_pointer (fields), FALSE);
  g_ptr_array_add (records, record);
  *fields = g_ptr_array_new_with_free_func (g_free);
}

GPtrArray *
sessio_csv_parse (const char  *data,
                  gsize        len,
                  char         separator,
                  char        *separator_out,
                  GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (record_free);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  g_autofree char *converted = NULL;
  gboolean quoted = FALSE, was_quoted = FALSE;
  guint line = 1, record_line = 1;
  gsize i = 0;

  if (!decode_text (&data, &len, &converted, error))
    return NULL;

  if (separator == 0)
    separator = detect_separator (data, len);
  if (separator_out != NULL)
    *separator_out = separator;

  while (i <= len)
    {
      char c = i < len ? data[i] : '\n';
      gboolean at_end = i == len;

      if (quoted && !at_end)
        {
          if (c == '"' && i + 1 < len && data[i + 1] == '"')
            {
              g_string_append_c (field, '"');
              i += 2;
              continue;
            }
          if (c == '"')
            quoted = FALSE;
          else
            {
              if (c == '\n' || (c == '\r' && !(i + 1 < len && data[i + 1] == '\n')))
                line++;
              g_string_append_c (field, c);
            }
          i++;
          continue;
        }
      if (quoted && at_end)
        {
          g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                       _("Line %u: a quoted field is not closed"), record_line);
          return NULL;
        }

      if (c == '"')
        {
          /* A quote opens a field only at its start; one after the
           * closing quote or inside unquoted text is malformed. */
          if (field->len > 0 || was_quoted)
            {
              g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("Line %u: a quote inside a field that is not quoted"), line);
              return NULL;
            }
          quoted = was_quoted = TRUE;
          i++;
          continue;
        }

      if (c == separator)
        {
          end_field (fields, &field);
          was_quoted = FALSE;
          i++;
          continue;
        }

      if (c == '\n' || c == '\r')
        {
          end_field (fields, &field);
          was_quoted = FALSE;
          end_record (records, &fields, record_line);

          if (c == '\r' && i + 1 < len && data[i + 1] == '\n')
            i++;
          i++;
          line++;
          record_line = line;
          continue;
        }

      if (was_quoted)
        {
          g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                       _("Line %u: text after the closing quote of a field"), line);
          return NULL;
        }
      g_string_append_c (field, c);
      i++;
    }

  return g_steal_pointer (&records);
}

void
sessio_csv_append_field (GString    *out,
                         const char *field,
                         char        separator)
{
  if (field == NULL)
    return;

  if (strchr (field, separator) == NULL && strpbrk (field, "\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}
