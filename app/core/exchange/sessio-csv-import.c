/* sessio-csv-import.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This file only translates spreadsheet conventions into the store's
 * records (DD/MM/YYYY dates, “ja”/“oui” booleans, first and last name in
 * two columns, the patient named by INSZ or by name and birth date): the
 * rules themselves are the store's, applied by the store.  A row the
 * store refuses is undone by its own savepoint and the next row is
 * tried, so one pass reports every row.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sessio-csv.h"
#include "sessio-csv-import.h"
#include "sessio-date-input.h"
#include "sessio-ident.h"
#include "sessio-rules.h"

struct _SessioCsvImport
{
  SessioCsvImportKind  kind;
  GPtrArray           *records;    /* of SessioCsvRecord; [0] is the header */
  GPtrArray           *mapping;    /* per column: a field name (static) or NULL */
  GPtrArray           *problems;
  JsonArray           *preview;
  guint                n_valid;
};

/* ------------------------------------------------------------ fields */

typedef struct
{
  const char *field;
  const char *aliases;   /* normalised header names, “|”-separated: en, nl, fr, de */
} FieldAliases;

static const FieldAliases patient_fields[] = {
  { "name", "name|fullname|naam|volledigenaam|nom|nomcomplet|vollername" },
  { "first_name", "firstname|givenname|voornaam|prenom|vorname" },
  { "last_name", "lastname|surname|familyname|achternaam|familienaam|nomdefamille|nachname|familienname" },
  { "birth_date", "birthdate|dateofbirth|dob|born|geboortedatum|geboren|datedenaissance|naissance|geburtsdatum|geboren" },
  { "insz", "insz|inss|niss|ssin|rijksregisternummer|rrn|nationalnumber|nationalregisternumber|numeroderegistrenational|registrenational|nationalregisternummer" },
  { "sex", "sex|gender|geslacht|sexe|geschlecht" },
  { "insurer", "insurer|mutuality|healthinsurer|ziekenfonds|mutualiteit|mutualite|mutuelle|krankenkasse|krankenversicherung" },
  { "bim", "bim|increasedreimbursement|verhoogdetegemoetkoming|vt|interventionmajoree|erhohteerstattung|erhoehteerstattung" },
  { "phone", "phone|telephone|telefoon|tel|gsm|telefon" },
  { "email", "email|mail|emailaddress|emailadres|courriel|adresseemail" },
  { "address", "address|adres|adresse|anschrift" },
  { "language", "language|taal|langue|sprache" },
  { "school", "school|ecole|schule" },
  { "notes", "notes|note|notities|notitie|opmerkingen|opmerking|remarques|remarque|notizen|bemerkungen|anmerkungen" },
  { NULL, NULL }
};

static const FieldAliases session_fields[] = {
  { "insz", "insz|inss|niss|ssin|rijksregisternummer|rrn|nationalnumber|nationalregisternumber|numeroderegistrenational|registrenational|nationalregisternummer" },
  { "name", "name|patient|patientname|fullname|naam|patientnaam|client|clientnaam|nom|nomdupatient|vollername|patientenname" },
  { "first_name", "firstname|givenname|voornaam|prenom|vorname" },
  { "last_name", "lastname|surname|familyname|achternaam|familienaam|nomdefamille|nachname|familienname" },
  { "birth_date", "birthdate|dateofbirth|dob|geboortedatum|datedenaissance|geburtsdatum" },
  { "date", "date|sessiondate|day|datum|sessiedatum|datumsessie|jour|datedelaseance|datedeseance|sitzungsdatum|tag" },
  { "time", "time|starttime|hour|uur|tijd|beginuur|heure|heuredebut|uhrzeit|zeit|beginn" },
  { "care", "care|caretype|typeofcare|zorg|zorgtype|soortzorg|typezorg|soins|typedesoins|typedesoin|versorgung|versorgungsart|leistung|leistungsart" },
  { "location", "location|place|locatie|plaats|plek|lieu|endroit|ort" },
  { "context", "context|kader|contexte|kontext" },
  { "status", "status|state|statut|etat|zustand" },
  { "duration", "duration|minutes|durationmin|duur|minuten|duree|dauer" },
  { "copay", "copay|copayment|remgeld|eigenbijdrage|persoonlijkaandeel|ticketmoderateur|quotepersonnelle|eigenanteil|selbstbeteiligung" },
  { "outside_convention", "outsideconvention|buitenconventie|horsconvention|ausserhalbderkonvention|auserhalbderkonvention" },
  { "note", "note|notes|notitie|notities|opmerking|opmerkingen|remarque|remarques|notiz|notizen|bemerkung|bemerkungen" },
  { NULL, NULL }
};

static const FieldAliases *
fields_of (SessioCsvImportKind kind)
{
  return kind == SESSIO_CSV_IMPORT_PATIENTS ? patient_fields : session_fields;
}

const char * const *
sessio_csv_import_list_fields (SessioCsvImportKind kind)
{
  static const char *patient_names[G_N_ELEMENTS (patient_fields)];
  static const char *session_names[G_N_ELEMENTS (session_fields)];
  const char **names = kind == SESSIO_CSV_IMPORT_PATIENTS ? patient_names : session_names;
  const FieldAliases *fields = fields_of (kind);

  for (guint i = 0; fields[i].field != NULL; i++)
    names[i] = fields[i].field;
  return names;
}

/* “Date de naissance” → “datedenaissance”, “E-mail” → “email”. */
static char *
normalise_header (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autofree char *ascii = g_str_to_ascii (folded, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

static const char *
field_for_header (SessioCsvImportKind  kind,
                  const char          *header)
{
  const FieldAliases *fields = fields_of (kind);
  g_autofree char *key = normalise_header (header);

  if (*key == '\0')
    return NULL;
  for (guint i = 0; fields[i].field != NULL; i++)
    {
      g_auto(GStrv) aliases = g_strsplit (fields[i].aliases, "|", -1);
      g_autofree char *field_key = normalise_header (fields[i].field);

      if (g_strcmp0 (key, field_key) == 0 || g_strv_contains ((const char * const *) aliases, key))
        return fields[i].field;
    }
  return NULL;
}

static const char *
known_field (SessioCsvImportKind  kind,
             const char          *name)
{
  const FieldAliases *fields = fields_of (kind);

  for (guint i = 0; fields[i].field != NULL; i++)
    if (g_strcmp0 (fields[i].field, name) == 0)
      return fields[i].field;
  return NULL;
}

/* ------------------------------------------------------------ object */

static void
problem_free (gpointer data)
{
  SessioCsvProblem *problem = data;

  g_free (problem->column);
  g_free (problem->reason);
  g_free (problem->value);
  g_free (problem);
}

static void
record_free (gpointer data)
{
  SessioCsvRecord *record = data;

  g_strfreev (record->fields);
  g_free (record);
}

static gboolean
set_too_large (GError **error)
{
  g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
               _("The file is larger than %u MiB: split it into smaller files"),
               (guint) (SESSIO_CSV_IMPORT_MAX_BYTES / (1024 * 1024)));
  return FALSE;
}

static gboolean
set_line_too_long (GError **error)
{
  g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
               _("A line of the file is longer than %u KiB: this is not a spreadsheet saved as CSV"),
               (guint) (SESSIO_CSV_IMPORT_MAX_LINE / 1024));
  return FALSE;
}

/* @run: the length of the line so far, carried from one piece to the next. */
static gboolean
check_lines (const char  *data,
             gsize        len,
             gsize       *run,
             GError     **error)
{
  for (gsize i = 0; i < len; i++)
    {
      /* '\r' too: Excel for Mac ends lines with it alone. */
      if (data[i] == '\n' || data[i] == '\r')
        *run = 0;
      else if (++*run > SESSIO_CSV_IMPORT_MAX_LINE)
        return set_line_too_long (error);
    }
  return TRUE;
}

char *
sessio_csv_import_read_file (const char  *path,
                             gsize       *len,
                             GError     **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree guint8 *buffer = g_malloc (64 * 1024);
  gsize run = 0;
  int fd;

  g_return_val_if_fail (path != NULL && len != NULL, NULL);

  /* open()/read() rather than g_file_get_contents(): that one reads to
   * the end whatever the size, and /dev/zero has none. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                   _("Cannot read the file: %s"), g_strerror (saved_errno));
      return NULL;
    }

  for (;;)
    {
      ssize_t n = read (fd, buffer, 64 * 1024);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;
          close (fd);
          g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                       _("Cannot read the file: %s"), g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      if (bytes->len + (gsize) n > SESSIO_CSV_IMPORT_MAX_BYTES)
        {
          close (fd);
          set_too_large (error);
          return NULL;
        }
      if (!check_lines ((const char *) buffer, (gsize) n, &run, error))
        {
          close (fd);
          return NULL;
        }
      g_byte_array_append (bytes, buffer, (guint) n);
    }
  close (fd);

  *len = bytes->len;
  g_byte_array_append (bytes, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (g_steal_pointer (&bytes), FALSE);
}

SessioCsvImport *
sessio_csv_import_new (SessioCsvImportKind   kind,
                       const char           *data,
                       gsize                 len,
                       GError              **error)
{
  g_autoptr(GPtrArray) records = NULL;
  SessioCsvImport *self;
  SessioCsvRecord *header;
  gsize run = 0;

  /* The same limits for bytes that came from elsewhere (the app). */
  if (len > SESSIO_CSV_IMPORT_MAX_BYTES)
    {
      set_too_large (error);
      return NULL;
    }
  if (!check_lines (data, len, &run, error))
    return NULL;

  records = sessio_csv_parse (data, len, 0, NULL, error);
  if (records == NULL)
    return NULL;
  g_ptr_array_set_free_func (records, record_free);
  if (records->len == 0)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The file is empty: it needs a header row naming the columns"));
      return NULL;
    }

  self = g_new0 (SessioCsvImport, 1);
  self->kind = kind;
  self->records = g_steal_pointer (&records);
  self->mapping = g_ptr_array_new ();
  self->problems = g_ptr_array_new_with_free_func (problem_free);
  self->preview = json_array_new ();

  /* The first column that names a field gets it; later ones are ignored
   * (they can still be mapped by hand). */
  header = g_ptr_array_index (self->records, 0);
  for (guint c = 0; header->fields[c] != NULL; c++)
    {
      const char *field = field_for_header (kind, header->fields[c]);

      for (guint k = 0; field != NULL && k < self->mapping->len; k++)
        if (g_ptr_array_index (self->mapping, k) == field)
          field = NULL;
      g_ptr_array_add (self->mapping, (gpointer) field);
    }

  return self;
}

void
sessio_csv_import_free (SessioCsvImport *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->records);
  g_ptr_array_unref (self->mapping);
  g_ptr_array_unref (self->problems);
  json_array_unref (self->preview);
  g_free (self);
}

guint
sessio_csv_import_get_n_columns (SessioCsvImport *self)
{
  return self->mapping->len;
}

const char *
sessio_csv_import_get_column (SessioCsvImport *self,
                              guint            index)
{
  SessioCsvRecord *header = g_ptr_array_index (self->records, 0);

  g_return_val_if_fail (index < self->mapping->len, NULL);
  return header->fields[index];
}

const char *
sessio_csv_import_get_mapping (SessioCsvImport *self,
                               guint            index)
{
  g_return_val_if_fail (index < self->mapping->len, NULL);
  return g_ptr_array_index (self->mapping, index);
}

gboolean
sessio_csv_import_set_mapping (SessioCsvImport  *self,
                               const char       *column,
                               const char       *field,
                               GError          **error)
{
  g_autofree char *key = normalise_header (column);
  const char *known = NULL;
  int index = -1;

  for (guint c = 0; c < self->mapping->len; c++)
    {
      g_autofree char *header = normalise_header (sessio_csv_import_get_column (self, c));

      if (g_strcmp0 (sessio_csv_import_get_column (self, c), column) == 0 ||
          (index < 0 && *key != '\0' && g_strcmp0 (header, key) == 0))
        index = c;
    }
  if (index < 0)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The file has no column with this header"));
      return FALSE;
    }

  if (field != NULL && g_strcmp0 (field, "-") != 0)
    {
      known = known_field (self->kind, field);
      if (known == NULL)
        {
          g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                               _("Unknown field to import into"));
          return FALSE;
        }
      for (guint c = 0; c < self->mapping->len; c++)
        if (g_ptr_array_index (self->mapping, c) == known)
          g_ptr_array_index (self->mapping, c) = NULL;
    }
  g_ptr_array_index (self->mapping, index) = (gpointer) known;
  return TRUE;
}

guint
sessio_csv_import_get_n_rows (SessioCsvImport *self)
{
  return self->records->len - 1;
}

GPtrArray *
sessio_csv_import_get_problems (SessioCsvImport *self)
{
  return self->problems;
}

JsonArray *
sessio_csv_import_get_preview (SessioCsvImport *self)
{
  return self->preview;
}

guint
sessio_csv_import_get_n_valid (SessioCsvImport *self)
{
  return self->n_valid;
}

/* --------------------------------------------------------------- rows */

typedef struct
{
  SessioCsvImport  *self;
  SessioCsvRecord  *record;
  gboolean          failed;
} Row;

static void
add_problem (SessioCsvImport *self,
             guint            line,
             const char      *column,
             const char      *reason)
{
  SessioCsvProblem *problem = g_new0 (SessioCsvProblem, 1);

  problem->row = line;
  problem->column = g_strdup (column != NULL ? column : "");
  problem->reason = g_strdup (reason);
  g_ptr_array_add (self->problems, problem);
}

static int
column_of (SessioCsvImport *self,
           const char      *field)
{
  for (guint c = 0; c < self->mapping->len; c++)
    if (g_strcmp0 (g_ptr_array_index (self->mapping, c), field) == 0)
      return c;
  return -1;
}

static const char *
header_of (SessioCsvImport *self,
           const char      *field)
{
  int c = column_of (self, field);

  return c >= 0 ? sessio_csv_import_get_column (self, c) : field;
}

/* The row's value for @field, trimmed; NULL when empty or not mapped. */
static char *
value (Row        *row,
       const char *field)
{
  int c = column_of (row->self, field);
  char *text;

  if (c < 0 || (guint) c >= g_strv_length (row->record->fields))
    return NULL;
  text = g_strstrip (g_strdup (row->record->fields[c]));
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static void
row_problem (Row        *row,
             const char *field,
             const char *reason)
{
  SessioCsvProblem *problem;

  add_problem (row->self, row->record->line, field != NULL ? header_of (row->self, field) : "", reason);
  /* The value as written, for the person correcting the file; the reason
   * itself never quotes it (it may be logged by a script). */
  problem = g_ptr_array_index (row->self->problems, row->self->problems->len - 1);
  if (field != NULL)
    problem->value = value (row, field);
  row->failed = TRUE;
}

/* DD/MM/YYYY (also with - or .), or YYYY-MM-DD, into ISO 8601. */
static char *
parse_date (const char *text)
{
  int d = 0, m = 0, y = 0, n = 0;
  char sep1, sep2;

  /* sscanf() alone would take signs and spaces. */
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && strchr ("/-.", *p) == NULL)
      return NULL;
  if (sscanf (text, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == (int) strlen (text) && n == 10)
    ;
  else if (sscanf (text, "%2d%c%2d%c%4d%n", &d, &sep1, &m, &sep2, &y, &n) == 5 &&
           n == (int) strlen (text) && sep1 == sep2 && strchr ("/-.", sep1) != NULL && y >= 1000)
    ;
  else
    return NULL;

  if (!g_date_valid_dmy (d, m, y))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

/* HH:MM, also 14u30 and 14h30. */
static char *
parse_time (const char *text)
{
  int h = 0, m = 0, n = 0;
  char sep;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && strchr (":uUhH.", *p) == NULL)
      return NULL;
  if (sscanf (text, "%2d%c%2d%n", &h, &sep, &m, &n) != 3 || n != (int) strlen (text) ||
      strchr (":uUhH.", sep) == NULL || h < 0 || h > 23 || m < 0 || m > 59)
    return NULL;
  return g_strdup_printf ("%02d:%02d", h, m);
}

static gboolean
parse_bool (const char *text,
            gboolean   *out)
{
  static const char * const yes[] = { "1", "x", "y", "j", "yes", "true", "ja", "waar", "oui", "vrai", "wahr", NULL };
  static const char * const no[] = { "0", "n", "no", "false", "nee", "neen", "onwaar", "non", "faux", "nein", "falsch", NULL };
  g_autofree char *key = g_utf8_strdown (text, -1);

  if (g_strv_contains (yes, key))
    *out = TRUE;
  else if (g_strv_contains (no, key))
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

static char *
date_value (Row        *row,
            const char *field,
            gboolean    required)
{
  g_autofree char *text = value (row, field);
  char *iso;

  if (text == NULL)
    {
      if (required)
        row_problem (row, field, _("A required value is missing"));
      return NULL;
    }
  iso = parse_date (text);
  if (iso == NULL)
    {
      g_autofree char *impossible = sessio_date_input_impossible (text);

      row_problem (row, field, impossible != NULL ? impossible : _("Not a date: write DD/MM/YYYY or YYYY-MM-DD"));
    }
  return iso;
}

static gboolean
bool_value (Row        *row,
            const char *field)
{
  g_autofree char *text = value (row, field);
  gboolean result = FALSE;

  if (text != NULL && !parse_bool (text, &result))
    row_problem (row, field, _("Not a yes or no value"));
  return result;
}

static char *
sex_value (Row *row)
{
  static const char * const male[] = { "m", "man", "male", "h", "homme", "mann", "masculin", "mannelijk", "männlich", NULL };
  static const char * const female[] = { "f", "v", "w", "vrouw", "female", "woman", "femme", "frau", "feminin", "féminin", "vrouwelijk", "weiblich", NULL };
  g_autofree char *text = value (row, "sex");
  g_autofree char *key = text != NULL ? g_utf8_strdown (text, -1) : NULL;

  if (key == NULL)
    return NULL;
  if (g_strv_contains (male, key))
    return g_strdup ("m");
  if (g_strv_contains (female, key))
    return g_strdup ("f");
  /* Anything else goes to the store as written: it accepts “x”, and
   * refuses the rest with its own message. */
  return g_steal_pointer (&key);
}

/* The name from “name”, or from “first_name” and “last_name”. */
static char *
name_value (Row      *row,
            gboolean  required)
{
  g_autofree char *first = value (row, "first_name");
  g_autofree char *last = value (row, "last_name");
  char *name = value (row, "name");

  if (name == NULL && (first != NULL || last != NULL))
    name = g_strjoin (" ", first != NULL ? first : "", last != NULL ? last : "", NULL);
  if (name != NULL)
    g_strstrip (name);
  if (name == NULL && required)
    row_problem (row, column_of (row->self, "name") >= 0 ? "name" : "last_name",
                 _("A required value is missing"));
  return name;
}

/* The column a store message is about: the store's messages are the
 * translated msgids below, so they compare equal in any language.  A
 * message not listed is reported for the whole row. */
typedef struct
{
  const char *message;
  const char *field;
} MessageField;

static const MessageField store_messages[] = {
  { N_("The patient needs a name"), "name" },
  { N_("The name is too long or not valid text"), "name" },
  { N_("The birth date must be a real date written as YYYY-MM-DD"), "birth_date" },
  { N_("The birth date lies in the future"), "birth_date" },
  { N_("The birth date is before 1900"), "birth_date" },
  { N_("The sex must be “m”, “f” or “x”"), "sex" },
  { N_("The INSZ number does not match the birth date"), "insz" },
  { N_("The INSZ number does not match the sex"), "insz" },
  { N_("Another patient already has this INSZ number"), "insz" },
  { N_("The e-mail address is not valid"), "email" },
  { N_("The preferred language must be “nl”, “fr” or “de”"), "language" },
  { N_("The session needs a date written as YYYY-MM-DD or YYYY-MM-DDTHH:MM"), "date" },
  { N_("The session needs a care type"), "care" },
  { N_("Unknown care type"), "care" },
  { N_("This care type is not part of the convention rules valid on the date of the session"), "care" },
  { N_("This care type exists only as a group session"), "care" },
  { N_("Unknown location"), "location" },
  { N_("The context must be “own” or “clb”"), "context" },
  { N_("The status must be “planned”, “held”, “no-show” or “cancelled”"), "status" },
  { N_("The co-payment must be “cash”, “transfer”, “not-yet” or “not-due”"), "copay" },
  { N_("The duration must be between 1 and 600 minutes"), "duration" },
  { N_("A session dated in the future cannot be held or missed yet: plan it instead"), "date" },
  { N_("No convention rules apply before 1 January 2022: record the session as outside the convention"), "date" },
  { N_("The session is dated before the start of its trajectory"), "date" },
  { N_("The session is dated after the end of its trajectory"), "date" },
};

static void
store_problem (Row          *row,
               const GError *error)
{
  const char *field = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (store_messages); i++)
    if (g_strcmp0 (error->message, _(store_messages[i].message)) == 0)
      field = store_messages[i].field;
  if (field != NULL && column_of (row->self, field) < 0)
    field = NULL;
  row_problem (row, field, error->message);
}

/* One stored row as a JSON object, for the preview. */
static void
add_preview (SessioCsvImport *self,
             sqlite3         *db,
             const char      *table,
             gint64           id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s WHERE id = ?", table);
  sqlite3_stmt *stmt = NULL;

  if (json_array_get_length (self->preview) >= SESSIO_CSV_IMPORT_PREVIEW_ROWS ||
      sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *object = json_object_new ();

      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *name = sqlite3_column_name (stmt, c);

          /* When the row is written, not what it holds. */
          if (g_strcmp0 (name, "created_at") == 0)
            continue;
          switch (sqlite3_column_type (stmt, c))
            {
            case SQLITE_INTEGER:
              json_object_set_int_member (object, name, sqlite3_column_int64 (stmt, c));
              break;
            case SQLITE_TEXT:
              json_object_set_string_member (object, name, (const char *) sqlite3_column_text (stmt, c));
              break;
            default:
              json_object_set_null_member (object, name);
              break;
            }
        }
      json_array_add_object_element (self->preview, object);
    }
  sqlite3_finalize (stmt);
}

static void
import_patient (Row                *row,
                SessioPatientStore *store,
                sqlite3            *db)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *insz = value (row, "insz");
  g_autofree char *insurer = value (row, "insurer");
  SessioPatient patient = { 0 };
  gint64 id;

  patient.name = name_value (row, TRUE);
  patient.birth_date = date_value (row, "birth_date", TRUE);
  patient.sex = sex_value (row);
  patient.bim = bool_value (row, "bim");
  patient.phone = value (row, "phone");
  patient.email = value (row, "email");
  patient.address = value (row, "address");
  patient.language = value (row, "language");
  if (patient.language != NULL)
    {
      char *lower = g_ascii_strdown (patient.language, -1);

      g_free (patient.language);
      patient.language = lower;
    }
  patient.school = value (row, "school");
  patient.notes = value (row, "notes");

  /* Checked here only to name the column; the store checks again. */
  if (insz != NULL)
    {
      SessioInszInfo info;
      g_autoptr(GError) insz_error = NULL;
      GDate today;

      sessio_patient_store_get_today (store, &today);
      if (!sessio_insz_validate_on (insz, &today, &info, &insz_error))
        row_problem (row, "insz", insz_error->message);
      patient.insz = g_steal_pointer (&insz);
    }
  if (insurer != NULL)
    {
      SessioInsurerUnion insurer_union;
      g_autoptr(GError) insurer_error = NULL;

      if (!sessio_insurer_union_from_code (insurer, &insurer_union, &insurer_error))
        row_problem (row, "insurer", insurer_error->message);
      patient.insurer = g_steal_pointer (&insurer);
    }

  if (!row->failed)
    {
      id = sessio_patient_store_add_patient (store, &patient, &error);
      if (id == 0)
        store_problem (row, error);
      else
        add_preview (row->self, db, "patient", id);
    }

  g_free (patient.name);
  g_free (patient.birth_date);
  g_free (patient.insz);
  g_free (patient.sex);
  g_free (patient.insurer);
  g_free (patient.phone);
  g_free (patient.email);
  g_free (patient.address);
  g_free (patient.language);
  g_free (patient.school);
  g_free (patient.notes);
}

/* The patient of a session row: by INSZ, else by name and birth date. */
static gint64
find_patient (Row     *row,
              sqlite3 *db)
{
  g_autofree char *insz = value (row, "insz");
  g_autofree char *name = NULL;
  g_autofree char *birth = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;
  guint n = 0;

  if (insz != NULL)
    {
      SessioInszInfo info;
      g_autoptr(GError) error = NULL;

      if (!sessio_insz_validate (insz, &info, &error))
        {
          row_problem (row, "insz", error->message);
          return 0;
        }
      if (sqlite3_prepare_v2 (db, "SELECT id FROM patient WHERE insz = ? AND erased = 0",
                              -1, &stmt, NULL) != SQLITE_OK)
        return 0;
      sqlite3_bind_text (stmt, 1, info.digits, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
      if (id == 0)
        row_problem (row, "insz", _("No patient in the vault has this INSZ number"));
      return id;
    }

  name = name_value (row, FALSE);
  birth = date_value (row, "birth_date", FALSE);
  if (row->failed)
    return 0;
  if (name == NULL || birth == NULL)
    {
      row_problem (row, column_of (row->self, "insz") >= 0 ? "insz" : NULL,
                   _("The session needs the patient’s INSZ number, or name and birth date"));
      return 0;
    }

  if (sqlite3_prepare_v2 (db, "SELECT id FROM patient WHERE name = ? COLLATE NOCASE"
                              " AND birth_date = ? AND erased = 0", -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, birth, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      n++;
    }
  sqlite3_finalize (stmt);

  if (n == 0)
    row_problem (row, column_of (row->self, "name") >= 0 ? "name" : "last_name",
                 _("No patient in the vault has this name and birth date"));
  else if (n > 1)
    row_problem (row, column_of (row->self, "name") >= 0 ? "name" : "last_name",
                 _("Several patients have this name and birth date: give the INSZ number"));
  return n == 1 ? id : 0;
}

/* The trajectory the session belongs to: the patient's trajectory whose
 * period holds the session's date (for a current session, the open
 * one).  None, or more than one (two engagements at once), is reported:
 * the user then records the session in Sessio itself. */
static gint64
find_trajectory (Row        *row,
                 sqlite3    *db,
                 gint64      patient_id,
                 const char *date)
{
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;
  guint n = 0;

  if (sqlite3_prepare_v2 (db, "SELECT id FROM trajectory WHERE patient_id = ? AND start_date <= ?"
                              " AND (end_date IS NULL OR end_date >= ?)", -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_int64 (stmt, 1, patient_id);
  sqlite3_bind_text (stmt, 2, date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, date, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      n++;
    }
  sqlite3_finalize (stmt);

  if (n == 0)
    row_problem (row, "date", _("The patient has no trajectory on this date: start one in Sessio first"));
  else if (n > 1)
    row_problem (row, "date", _("The patient has more than one trajectory on this date: add this session in Sessio itself"));
  return n == 1 ? id : 0;
}

static char *
care_value (Row *row)
{
  g_autofree char *text = value (row, "care");
  SessioCare care;

  if (text == NULL)
    return NULL;
  if (sessio_care_from_string (text, &care))
    return g_steal_pointer (&text);
  /* The label as Sessio shows it, in the user's language. */
  for (care = 0; care < SESSIO_N_CARES; care++)
    if (g_utf8_collate (text, sessio_care_get_label (care)) == 0 ||
        g_ascii_strcasecmp (text, sessio_care_to_string (care)) == 0)
      return g_strdup (sessio_care_to_string (care));
  /* The store refuses it with its own message. */
  return g_steal_pointer (&text);
}

static void
import_session (Row                *row,
                SessioPatientStore *store,
                sqlite3            *db)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *date = date_value (row, "date", TRUE);
  g_autofree char *time_text = value (row, "time");
  g_autofree char *time = NULL;
  g_autofree char *duration = value (row, "duration");
  SessioSession session = { 0 };
  gint64 patient_id, id;

  if (time_text != NULL && (time = parse_time (time_text)) == NULL)
    row_problem (row, "time", _("Not a time: write HH:MM"));
  if (duration != NULL)
    {
      char *end = NULL;
      gint64 minutes = g_ascii_strtoll (duration, &end, 10);

      if (end == duration || *end != '\0' || minutes < 1 || minutes > 600)
        row_problem (row, "duration", _("The duration must be between 1 and 600 minutes"));
      else
        session.duration_min = minutes;
    }
  session.care = care_value (row);
  if (session.care == NULL)
    row_problem (row, "care", _("A required value is missing"));
  session.outside_convention = bool_value (row, "outside_convention");

  patient_id = find_patient (row, db);
  if (patient_id > 0 && date != NULL)
    session.trajectory_id = find_trajectory (row, db, patient_id, date);

  session.setting = g_strdup ("individual");
  session.location = value (row, "location");
  session.context = value (row, "context");
  session.status = value (row, "status");
  session.copay = value (row, "copay");
  session.notes = value (row, "note");
  session.starts_at = date == NULL ? NULL :
                      time != NULL ? g_strdup_printf ("%sT%s", date, time) : g_strdup (date);

  if (!row->failed)
    {
      id = sessio_patient_store_add_session (store, &session, &error);
      if (id == 0)
        store_problem (row, error);
      else
        add_preview (row->self, db, "session", id);
    }

  sessio_session_clear (&session);
}

gboolean
sessio_csv_import_run (SessioCsvImport     *self,
                       SessioPatientStore  *store,
                       gboolean             commit,
                       GError             **error)
{
  const char *required[] = { NULL, NULL };
  gboolean valid;
  sqlite3 *db;

  g_ptr_array_set_size (self->problems, 0);
  json_array_unref (self->preview);
  self->preview = json_array_new ();
  self->n_valid = 0;

  /* A column the file does not have at all is one problem, not one per
   * row. */
  if (self->kind == SESSIO_CSV_IMPORT_PATIENTS)
    {
      if (column_of (self, "name") < 0 && column_of (self, "last_name") < 0)
        required[0] = "name";
      if (column_of (self, "birth_date") < 0)
        required[1] = "birth_date";
    }
  else
    {
      if (column_of (self, "date") < 0)
        required[0] = "date";
      if (column_of (self, "care") < 0)
        required[1] = "care";
    }
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (required[i] != NULL)
      add_problem (self, 1, required[i], _("No column is mapped to this required field"));
  if (self->problems->len > 0)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The file cannot be imported: see the report; nothing was imported"));
      return FALSE;
    }

  if (!sessio_patient_store_begin_batch (store, error))
    return FALSE;
  db = sessio_vault_get_db (sessio_patient_store_get_vault (store));

  for (guint r = 1; r < self->records->len; r++)
    {
      Row row = { self, g_ptr_array_index (self->records, r), FALSE };

      if (g_strv_length (row.record->fields) > self->mapping->len)
        row_problem (&row, NULL, _("The row has more values than the header has columns"));
      else if (self->kind == SESSIO_CSV_IMPORT_PATIENTS)
        import_patient (&row, store, db);
      else
        import_session (&row, store, db);
      if (!row.failed)
        self->n_valid++;
    }

  valid = self->problems->len == 0;
  if (!sessio_patient_store_end_batch (store, commit && valid, error))
    return FALSE;
  if (!valid)
    {
      g_set_error_literal (error, SESSIO_ERROR, SESSIO_ERROR_INVALID_INPUT,
                           _("The file cannot be imported: see the report; nothing was imported"));
      return FALSE;
    }
  return TRUE;
}
