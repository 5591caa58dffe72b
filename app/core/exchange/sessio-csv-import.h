/* sessio-csv-import.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Importing patients or sessions from a spreadsheet: the file's
 * columns are mapped to fields (automatically from the header, in
 * English, Dutch, French or German; the mapping can be changed), every
 * row is checked by the patient store itself inside one batch, and the
 * result is a preview and a validation report (row, column, reason).
 * Nothing is written unless the whole file is valid and the caller asks
 * to commit; then all rows go into one vault transaction.
 * docs/csv-import.md describes the fields and the choices made.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "sessio-patient-store.h"

G_BEGIN_DECLS

typedef enum
{
  SESSIO_CSV_IMPORT_PATIENTS,
  SESSIO_CSV_IMPORT_SESSIONS,
} SessioCsvImportKind;

/* The preview shows at most this many rows. */
#define SESSIO_CSV_IMPORT_PREVIEW_ROWS 10

/* Limits on what is read at all: a practice's patients or sessions fit
 * many times over, /dev/zero or a wrong file does not (it is refused with
 * SESSIO_ERROR_INVALID_INPUT before it fills the memory). */
#define SESSIO_CSV_IMPORT_MAX_BYTES (64 * 1024 * 1024)
#define SESSIO_CSV_IMPORT_MAX_LINE  (64 * 1024)

typedef struct
{
  guint  row;      /* the line of the file (the header is line 1) */
  char  *column;   /* the file's column header; "" for the whole row */
  char  *reason;   /* translated, without patient data */
  char  *value;    /* the value as written in the file, or NULL */
} SessioCsvProblem;

typedef struct _SessioCsvImport SessioCsvImport;

/* The machine names of the fields of @kind, NULL-terminated. */
const char * const *sessio_csv_import_list_fields   (SessioCsvImportKind   kind);

/* Reads @path (a file, a pipe, a device) up to the limits above, stopping
 * as soon as one is passed.  Returns the bytes, NUL-terminated. */
char            *sessio_csv_import_read_file        (const char           *path,
                                                     gsize                *len,
                                                     GError              **error);

/* Reads the file and maps its columns from the header.  Fails only when
 * the bytes are no CSV at all, pass the limits above, or there is no
 * header. */
SessioCsvImport *sessio_csv_import_new              (SessioCsvImportKind   kind,
                                                     const char           *data,
                                                     gsize                 len,
                                                     GError              **error);
void             sessio_csv_import_free             (SessioCsvImport      *self);

guint            sessio_csv_import_get_n_columns    (SessioCsvImport      *self);
const char      *sessio_csv_import_get_column       (SessioCsvImport      *self,
                                                     guint                 index);
/* The field the column is mapped to, or NULL: ignored. */
const char      *sessio_csv_import_get_mapping      (SessioCsvImport      *self,
                                                     guint                 index);
/* Maps the column headed @column (as in the file, case and accents
 * ignored) to @field; NULL or "-" ignores the column.  A field mapped
 * before to another column is taken from it. */
gboolean         sessio_csv_import_set_mapping      (SessioCsvImport      *self,
                                                     const char           *column,
                                                     const char           *field,
                                                     GError              **error);
/* Data rows, the header not counted. */
guint            sessio_csv_import_get_n_rows       (SessioCsvImport      *self);

/* Checks every row through @store in one batch and fills the report and
 * the preview.  With @commit and no problem, the rows are written in one
 * vault transaction; otherwise nothing is.  Returns FALSE with
 * SESSIO_ERROR_INVALID_INPUT when the report lists problems (nothing
 * written), or with another error when the vault failed. */
gboolean         sessio_csv_import_run              (SessioCsvImport      *self,
                                                     SessioPatientStore   *store,
                                                     gboolean              commit,
                                                     GError              **error);
/* Of SessioCsvProblem, in file order. */
GPtrArray       *sessio_csv_import_get_problems     (SessioCsvImport      *self);
/* The first valid rows as they are stored: JSON objects, column → value. */
JsonArray       *sessio_csv_import_get_preview      (SessioCsvImport      *self);
/* Rows that passed the checks (all of them were written when committed). */
guint            sessio_csv_import_get_n_valid      (SessioCsvImport      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessioCsvImport, sessio_csv_import_free)

G_END_DECLS
