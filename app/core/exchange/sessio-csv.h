/* sessio-csv.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Comma-separated values as RFC 4180 describes them, and as spreadsheets
 * really write them: a UTF-8 byte order mark, “;” as the separator
 * (Excel in a Belgian locale), LF or CRLF line ends, quoted fields with
 * doubled quotes, line breaks inside quotes.  A file that is not UTF-8 is
 * read as Windows-1252, what Excel writes for “CSV (separated)”.
 *
 * Writing: UTF-8 without a byte order mark, “,”, CRLF, quotes only where
 * a field needs them.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint   line;     /* where the record starts, 1-based */
  char  **fields;   /* NULL-terminated, UTF-8 */
} SessioCsvRecord;

/* Parses @data (any bytes) into a GPtrArray of SessioCsvRecord; blank
 * lines are skipped.  @separator: 0 to detect it from the first line
 * (“;”, “,” or a tab, whichever occurs most outside quotes), which is
 * stored in *@separator_out when not NULL.  Fails with
 * SESSIO_ERROR_INVALID_INPUT on an unterminated quote or a quote inside
 * an unquoted field, naming the line. */
GPtrArray *sessio_csv_parse          (const char   *data,
                                      gsize         len,
                                      char          separator,
                                      char         *separator_out,
                                      GError      **error);

/* Appends @field to @out, quoted when it holds a separator, a quote or a
 * line break.  NULL is written as an empty field. */
void       sessio_csv_append_field   (GString      *out,
                                      const char   *field,
                                      char          separator);

G_END_DECLS
