/* sessio-invoice-export.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every amount printed comes from the stored lines; the totals are their
 * sums, computed here once for all three formats, so the PDF, the CSV and
 * the JSON cannot disagree.  Document strings are marked D_() and looked
 * up in the document's language (sessio-doc-lang), never the screen's.
 */

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <unistd.h>

#include "sessio-doc-lang.h"
#include "sessio-file.h"
#include "sessio-ident.h"
#include "sessio-invoice-export.h"
#include "sessio-pdf.h"
#include "sessio-rules.h"

/* ------------------------------------------------------------- labels */

static const char *
care_msgid (const char *care)
{
  SessioCare value;

  if (care == NULL || !sessio_care_from_string (care, &value))
    return care != NULL ? care : "";
  switch (value)
    {
    case SESSIO_CARE_COMMUNITY: return D_("Community intervention");
    case SESSIO_CARE_SUPPORT: return D_("Support");
    case SESSIO_CARE_TREATMENT: return D_("Treatment");
    case SESSIO_CARE_FIRST_LINE: return D_("First-line care");
    case SESSIO_CARE_SPECIALISED: return D_("Specialised care");
    default: return care;
    }
}

static const char *
setting_msgid (const char *setting)
{
  if (g_strcmp0 (setting, "group") == 0)
    return D_("group");
  return D_("individual");
}

static const char *
location_msgid (const char *location)
{
  SessioLocation value;

  if (location == NULL || !sessio_location_from_string (location, &value))
    return D_("practice");
  switch (value)
    {
    case SESSIO_LOCATION_PRACTICE: return D_("practice");
    case SESSIO_LOCATION_SCHOOL: return D_("school");
    case SESSIO_LOCATION_CLB: return D_("CLB");
    case SESSIO_LOCATION_BOARDING_SCHOOL: return D_("boarding school");
    case SESSIO_LOCATION_HOME: return D_("at home");
    case SESSIO_LOCATION_VIDEO: return D_("video call");
    case SESSIO_LOCATION_OUTREACH: return D_("outreach site");
    default: return D_("practice");
    }
}

static const char *
copay_received_msgid (const char *copay)
{
  if (g_strcmp0 (copay, "cash") == 0)
    return D_("received in cash");
  if (g_strcmp0 (copay, "transfer") == 0)
    return D_("received by transfer");
  if (g_strcmp0 (copay, "not-due") == 0)
    return D_("nothing due");
  return D_("not received yet");
}

/* What the line bills, in @language: the care type, or the extra item. */
static const char *
line_title (const SessioInvoiceLine *line,
            SessioLanguage           language)
{
  if (g_strcmp0 (line->kind, "trajectory-fee") == 0)
    return sessio_doc_gettext (language, D_("Trajectory fee"));
  if (g_strcmp0 (line->kind, "mdo") == 0)
    return sessio_doc_gettext (language, D_("Multidisciplinary consultation"));
  return sessio_doc_gettext (language, care_msgid (line->care));
}

/* "31/01/2025" (nl, fr), "31.01.2025" (de), as in Belgian tables. */
static char *
short_date (const char     *iso,
            SessioLanguage  language)
{
  GDate date;

  if (iso == NULL || !sessio_date_parse_iso (iso, &date))
    return g_strdup (iso != NULL ? iso : "");
  return g_strdup_printf (language == SESSIO_LANGUAGE_DE ? "%02u.%02u.%04u" : "%02u/%02u/%04u",
                          g_date_get_day (&date), g_date_get_month (&date), g_date_get_year (&date));
}

static char *
long_date (const char     *iso,
           SessioLanguage  language)
{
  GDate date;

  if (iso == NULL || !sessio_date_parse_iso (iso, &date))
    return g_strdup (iso != NULL ? iso : "");
  return sessio_format_date_for (&date, language);
}

static char *
insz_text (const char *insz)
{
  char out[16];

  if (insz == NULL || strlen (insz) != 11)
    return g_strdup (insz != NULL ? insz : "");
  sessio_insz_format (insz, out);
  return g_strdup (out);
}

char *
sessio_invoice_format_decimal (gint64 cents)
{
  guint64 magnitude = cents < 0 ? (guint64) -(cents + 1) + 1 : (guint64) cents;

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02u", cents < 0 ? "-" : "",
                          magnitude / 100, (guint) (magnitude % 100));
}

/* ------------------------------------------------------ personal data */

/* g_strv_builder_take() is GLib 2.80. */
static void
builder_take (GStrvBuilder *builder,
              char         *text)
{
  g_strv_builder_add (builder, text);
  g_free (text);
}

char **
sessio_invoice_personal_fields (const SessioInvoice *invoice)
{
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();
  g_autoptr(GHashTable) people = g_hash_table_new (g_int64_hash, g_int64_equal);
  gboolean any_insz = FALSE, any_insurer = FALSE;
  guint sessions = 0, n;

  g_return_val_if_fail (invoice != NULL && invoice->lines != NULL, NULL);

  for (guint i = 0; i < invoice->lines->len; i++)
    {
      SessioInvoiceLine *line = g_ptr_array_index (invoice->lines, i);

      if (g_strcmp0 (line->kind, "session") == 0)
        sessions++;
      if (line->patient_id > 0)
        g_hash_table_add (people, &line->patient_id);
      any_insz |= line->insz != NULL;
      any_insurer |= line->insurer != NULL;
      for (guint p = 0; line->participants != NULL && p < line->participants->len; p++)
        {
          SessioInvoiceParticipant *participant = g_ptr_array_index (line->participants, p);

          g_hash_table_add (people, &participant->patient_id);
          any_insz |= participant->insz != NULL;
          any_insurer |= participant->insurer != NULL;
        }
    }
  n = g_hash_table_size (people);

  builder_take (out, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The name of %u patient",
                                                          "The names of %u patients", n), n));
  if (any_insz)
    g_strv_builder_add (out, g_dngettext (GETTEXT_PACKAGE, "Their national register number (INSZ/NISS)",
                                          "Their national register numbers (INSZ/NISS)", n));
  if (any_insurer)
    g_strv_builder_add (out, _("Their health insurer"));
  builder_take (out, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "The date, care type, setting and place of %u session, and what the patient paid for it",
                                                          "The dates, care types, settings and places of %u sessions, and what the patients paid for them",
                                                          sessions), sessions));
  g_strv_builder_add (out, _("Your name, address, RIZIV and enterprise numbers and IBAN"));
  return g_strv_builder_end (out);
}

char **
sessio_receipt_personal_fields (const SessioReceipt *receipt)
{
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();
  guint n;

  g_return_val_if_fail (receipt != NULL, NULL);

  n = receipt->lines->len;
  g_strv_builder_add (out, _("The patient’s name"));
  if (receipt->insz != NULL)
    g_strv_builder_add (out, _("The patient’s national register number (INSZ/NISS)"));
  builder_take (out, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "The date, care type and place of %u session and its co-payment",
                                                          "The dates, care types and places of %u sessions and their co-payments",
                                                          n), n));
  g_strv_builder_add (out, _("Your name, address, RIZIV and enterprise numbers"));
  return g_strv_builder_end (out);
}

/* --------------------------------------------------------------- files */

static gboolean
write_all_private (const char  *path,
                   const char  *data,
                   gsize        len,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (sessio_file_write_private (path, data, len, &local_error))
    return TRUE;
  g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
               _("Could not write the export: %s"), local_error->message);
  return FALSE;
}

static cairo_status_t
append_to_bytes (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* ---------------------------------------------------------------- JSON */

static void
set_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
set_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

JsonNode *
sessio_invoice_to_json (const SessioInvoice *invoice)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (invoice != NULL && invoice->lines != NULL, NULL);

  json_builder_begin_object (builder);
  set_string_or_null (builder, "schema", "sessio-invoice/1");
  set_string_or_null (builder, "kind", invoice->kind);
  set_string_or_null (builder, "state", sessio_invoice_state_to_string (invoice->state));
  set_string_or_null (builder, "number", invoice->number);
  set_string_or_null (builder, "credits_number", invoice->credits_number);
  set_string_or_null (builder, "issued_at", invoice->issued_at);
  set_string_or_null (builder, "due_date", invoice->due_date);
  set_string_or_null (builder, "paid_at", invoice->paid_at);
  json_builder_set_member_name (builder, "period");
  json_builder_begin_object (builder);
  set_string_or_null (builder, "from", invoice->period_from);
  set_string_or_null (builder, "to", invoice->period_to);
  json_builder_end_object (builder);
  set_string_or_null (builder, "language", invoice->language);
  set_string_or_null (builder, "currency", "EUR");
  set_string_or_null (builder, "structured_communication", invoice->structured_communication);

  json_builder_set_member_name (builder, "provider");
  json_builder_begin_object (builder);
  set_string_or_null (builder, "name", invoice->provider_name);
  set_string_or_null (builder, "riziv", invoice->provider_riziv);
  set_string_or_null (builder, "kbo", invoice->provider_kbo);
  set_string_or_null (builder, "iban", invoice->provider_iban);
  set_string_or_null (builder, "address", invoice->provider_address);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "network");
  json_builder_begin_object (builder);
  set_string_or_null (builder, "name", invoice->network_name);
  set_string_or_null (builder, "network", invoice->network);
  set_string_or_null (builder, "invoice_to", invoice->recipient);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < invoice->lines->len; i++)
    {
      const SessioInvoiceLine *line = g_ptr_array_index (invoice->lines, i);

      json_builder_begin_object (builder);
      set_int (builder, "position", i + 1);
      set_string_or_null (builder, "kind", line->kind);
      set_string_or_null (builder, "date", line->date);
      json_builder_set_member_name (builder, "patient");
      if (line->patient_name != NULL)
        {
          json_builder_begin_object (builder);
          set_string_or_null (builder, "name", line->patient_name);
          set_string_or_null (builder, "insz", line->insz);
          set_string_or_null (builder, "insurer", line->insurer);
          json_builder_end_object (builder);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "participants");
      json_builder_begin_array (builder);
      for (guint p = 0; line->participants != NULL && p < line->participants->len; p++)
        {
          const SessioInvoiceParticipant *participant = g_ptr_array_index (line->participants, p);

          json_builder_begin_object (builder);
          set_string_or_null (builder, "name", participant->name);
          set_string_or_null (builder, "insz", participant->insz);
          set_string_or_null (builder, "insurer", participant->insurer);
          set_int (builder, "copay_cents", participant->copay_cents);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      set_string_or_null (builder, "care_type", line->care);
      set_string_or_null (builder, "setting", line->setting);
      set_string_or_null (builder, "location", line->location);
      set_string_or_null (builder, "billing_code", line->billing_code);
      set_string_or_null (builder, "rule_set", line->rule_set);
      set_int (builder, "fee_cents", line->fee_cents);
      set_int (builder, "supplement_cents", line->supplement_cents);
      set_int (builder, "copay_cents", line->copay_cents);
      set_int (builder, "amount_cents", line->amount_cents);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "totals");
  json_builder_begin_object (builder);
  set_int (builder, "lines", invoice->lines->len);
  set_int (builder, "fee_cents", invoice->fee_cents);
  set_int (builder, "supplement_cents", invoice->supplement_cents);
  set_int (builder, "copay_cents", invoice->copay_cents);
  set_int (builder, "amount_cents", invoice->total_cents);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
write_json_node (JsonNode    *root,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize len;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);
  return write_all_private (path, text, len, error);
}

gboolean
sessio_invoice_write_json (const SessioInvoice  *invoice,
                           const char           *path,
                           GError              **error)
{
  g_autoptr(JsonNode) root = sessio_invoice_to_json (invoice);

  return write_json_node (root, path, error);
}

JsonNode *
sessio_receipt_to_json (const SessioReceipt *receipt)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  set_string_or_null (builder, "schema", "sessio-receipt/1");
  set_string_or_null (builder, "language", receipt->language);
  set_string_or_null (builder, "issued_at", receipt->issued_at);
  json_builder_set_member_name (builder, "period");
  json_builder_begin_object (builder);
  set_string_or_null (builder, "from", receipt->period_from);
  set_string_or_null (builder, "to", receipt->period_to);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "patient");
  json_builder_begin_object (builder);
  set_int (builder, "id", receipt->patient_id);
  set_string_or_null (builder, "name", receipt->patient_name);
  set_string_or_null (builder, "insz", receipt->insz);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < receipt->lines->len; i++)
    {
      const SessioReceiptLine *line = g_ptr_array_index (receipt->lines, i);

      json_builder_begin_object (builder);
      set_int (builder, "session_id", line->session_id);
      set_string_or_null (builder, "date", line->date);
      set_string_or_null (builder, "care_type", line->care);
      set_string_or_null (builder, "setting", line->setting);
      set_string_or_null (builder, "location", line->location);
      set_int (builder, "copay_cents", line->copay_cents);
      set_string_or_null (builder, "copay_received", line->copay_received);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  set_int (builder, "total_cents", receipt->total_cents);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ----------------------------------------------------------------- CSV */

static void
csv_field (GString    *out,
           const char *value)
{
  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, ',');
  if (value == NULL)
    return;
  /* RFC 4180: quote when needed, double the quotes.  A leading = + - @
   * would make a spreadsheet run a formula: quote those too. */
  if (strpbrk (value, ",\"\r\n") != NULL || (value[0] != '\0' && strchr ("=+-@", value[0]) != NULL))
    {
      g_string_append_c (out, '"');
      for (const char *c = value; *c != '\0'; c++)
        {
          if (*c == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *c);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, value);
}

static void
csv_amount (GString *out,
            gint64   cents)
{
  g_autofree char *text = sessio_invoice_format_decimal (cents);

  /* A negative amount (credit note) must stay a number: no quotes. */
  g_string_append_c (out, ',');
  g_string_append (out, text);
}

gboolean
sessio_invoice_write_csv (const SessioInvoice  *invoice,
                          const char           *path,
                          GError              **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (invoice != NULL && invoice->lines != NULL, FALSE);

  g_string_append (out, "invoice_number,kind,position,line_kind,date,patient_name,insz,insurer,"
                        "participants,care_type,setting,location,billing_code,rule_set,"
                        "fee,supplement,copay,amount\n");
  for (guint i = 0; i < invoice->lines->len; i++)
    {
      const SessioInvoiceLine *line = g_ptr_array_index (invoice->lines, i);
      g_autoptr(GString) participants = g_string_new (NULL);
      g_autofree char *position = g_strdup_printf ("%u", i + 1);

      for (guint p = 0; line->participants != NULL && p < line->participants->len; p++)
        {
          const SessioInvoiceParticipant *participant = g_ptr_array_index (line->participants, p);
          g_autofree char *copay = sessio_invoice_format_decimal (participant->copay_cents);

          g_string_append_printf (participants, "%s%s|%s|%s|%s", p > 0 ? "; " : "", participant->name,
                                  participant->insz ? participant->insz : "",
                                  participant->insurer ? participant->insurer : "", copay);
        }

      csv_field (out, invoice->number != NULL ? invoice->number : "");
      csv_field (out, invoice->kind);
      csv_field (out, position);
      csv_field (out, line->kind);
      csv_field (out, line->date);
      csv_field (out, line->patient_name);
      csv_field (out, line->insz);
      csv_field (out, line->insurer);
      csv_field (out, participants->str);
      csv_field (out, line->care);
      csv_field (out, line->setting);
      csv_field (out, line->location);
      csv_field (out, line->billing_code);
      csv_field (out, line->rule_set);
      csv_amount (out, line->fee_cents);
      csv_amount (out, line->supplement_cents);
      csv_amount (out, line->copay_cents);
      csv_amount (out, line->amount_cents);
      g_string_append_c (out, '\n');
    }
  return write_all_private (path, out->str, out->len, error);
}

/* ----------------------------------------------------------------- PDF */

#define MARGIN        42.0
#define CONTENT_W     (SESSIO_A4_WIDTH_PT - 2 * MARGIN)
#define FOOTER_Y      (SESSIO_A4_HEIGHT_PT - 30.0)
#define BOTTOM_LIMIT  (SESSIO_A4_HEIGHT_PT - 52.0)
#define CELL_PAD      4.0
#define MAX_COLUMNS   6

/* Colours: a dark blue accent, near-black text, grey for secondary. */
#define ACCENT        0.11, 0.30, 0.47
#define TEXT          0.10, 0.10, 0.12
#define MUTED         0.40, 0.42, 0.45
#define ZEBRA         0.95, 0.96, 0.98
#define RULE          0.80, 0.82, 0.86

typedef struct
{
  const char *title;   /* already translated */
  double      width;
  gboolean    right;
} Column;

typedef struct
{
  char   *cells[MAX_COLUMNS];   /* Pango markup */
  double  height;
} Row;

typedef struct
{
  cairo_t          *cr;
  SessioLanguage    language;
  const Column     *columns;
  guint             n_columns;
  GPtrArray        *rows;        /* of Row */
  double            header_height;
  char             *running_title;   /* top of pages after the first */
  guint             page;
  guint             n_pages;
  PangoLayout      *layout;      /* created on first use, for doc->cr */
  GHashTable       *fonts;       /* font string → PangoFontDescription */
  GPtrArray        *recordings;  /* rendering for print: one surface a page */
  const char       *created;     /* YYYY-MM-DD: the PDF's creation date */
} Doc;

static void
row_free (gpointer data)
{
  Row *row = data;

  for (guint i = 0; i < MAX_COLUMNS; i++)
    g_free (row->cells[i]);
  g_free (row);
}

static const char *T (const Doc  *doc,
                      const char *msgid) G_GNUC_FORMAT (2);

static const char *
T (const Doc  *doc,
   const char *msgid)
{
  return sessio_doc_gettext (doc->language, msgid);
}

/* Lays out @markup in @width and draws it at (@x, @y) unless @measure;
 * returns its height.  One layout per document, and one description per
 * font: a month of 2 000 sessions means some 30 000 cells. */
static double
text_at (Doc        *doc,
         double      x,
         double      y,
         double      width,
         const char *font,
         const char *markup,
         gboolean    right,
         gboolean    measure)
{
  PangoFontDescription *desc;
  int w, h;

  if (doc->layout == NULL)
    {
      doc->layout = pango_cairo_create_layout (doc->cr);
      pango_layout_set_wrap (doc->layout, PANGO_WRAP_WORD);
      doc->fonts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) pango_font_description_free);
    }
  desc = g_hash_table_lookup (doc->fonts, font);
  if (desc == NULL)
    {
      desc = pango_font_description_from_string (font);
      g_hash_table_insert (doc->fonts, (gpointer) font, desc);
    }
  pango_layout_set_font_description (doc->layout, desc);
  pango_layout_set_width (doc->layout, (int) (width * PANGO_SCALE));
  pango_layout_set_alignment (doc->layout, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pango_layout_set_markup (doc->layout, markup, -1);
  pango_layout_get_size (doc->layout, &w, &h);
  if (!measure)
    {
      cairo_move_to (doc->cr, x, y);
      pango_cairo_show_layout (doc->cr, doc->layout);
    }
  return (double) h / PANGO_SCALE;
}

#define FONT_BODY   "DejaVu Sans 7"
#define FONT_SMALL  "DejaVu Sans 6.5"
#define FONT_HEAD   "DejaVu Sans Bold 7"
#define FONT_TITLE  "DejaVu Sans Bold 20"
#define FONT_INFO   "DejaVu Sans 8"

static double
row_height (Doc *doc,
            Row *row)
{
  double height = 0;

  for (guint c = 0; c < doc->n_columns; c++)
    if (row->cells[c] != NULL)
      height = MAX (height, text_at (doc, 0, 0, doc->columns[c].width - 2 * CELL_PAD, FONT_BODY,
                                     row->cells[c], doc->columns[c].right, TRUE));
  return height + 2 * CELL_PAD;
}

static double
draw_column_headers (Doc    *doc,
                     double  y,
                     gboolean measure)
{
  double x = MARGIN, height = 0;

  for (guint c = 0; c < doc->n_columns; c++)
    {
      g_autofree char *markup = g_markup_escape_text (doc->columns[c].title, -1);

      height = MAX (height, text_at (doc, 0, 0, doc->columns[c].width - 2 * CELL_PAD, FONT_HEAD,
                                     markup, doc->columns[c].right, TRUE));
    }
  height += 2 * CELL_PAD;
  if (measure)
    return height;

  cairo_set_source_rgb (doc->cr, ACCENT);
  cairo_rectangle (doc->cr, MARGIN, y, CONTENT_W, height);
  cairo_fill (doc->cr);
  cairo_set_source_rgb (doc->cr, 1, 1, 1);
  for (guint c = 0; c < doc->n_columns; c++)
    {
      g_autofree char *markup = g_markup_escape_text (doc->columns[c].title, -1);

      text_at (doc, x + CELL_PAD, y + CELL_PAD, doc->columns[c].width - 2 * CELL_PAD, FONT_HEAD,
               markup, doc->columns[c].right, FALSE);
      x += doc->columns[c].width;
    }
  return height;
}

static void
draw_row (Doc    *doc,
          Row    *row,
          double  y,
          gboolean zebra)
{
  double x = MARGIN;

  if (zebra)
    {
      cairo_set_source_rgb (doc->cr, ZEBRA);
      cairo_rectangle (doc->cr, MARGIN, y, CONTENT_W, row->height);
      cairo_fill (doc->cr);
    }
  cairo_set_source_rgb (doc->cr, TEXT);
  for (guint c = 0; c < doc->n_columns; c++)
    {
      if (row->cells[c] != NULL)
        text_at (doc, x + CELL_PAD, y + CELL_PAD, doc->columns[c].width - 2 * CELL_PAD, FONT_BODY,
                 row->cells[c], doc->columns[c].right, FALSE);
      x += doc->columns[c].width;
    }
  cairo_set_source_rgb (doc->cr, RULE);
  cairo_set_line_width (doc->cr, 0.4);
  cairo_move_to (doc->cr, MARGIN, y + row->height);
  cairo_line_to (doc->cr, MARGIN + CONTENT_W, y + row->height);
  cairo_stroke (doc->cr);
}

static void
draw_footer (Doc *doc)
{
  g_autofree char *text = g_strdup_printf (T (doc, D_("Page %u of %u")), doc->page, doc->n_pages);
  g_autofree char *markup = g_markup_escape_text (text, -1);

  cairo_set_source_rgb (doc->cr, RULE);
  cairo_set_line_width (doc->cr, 0.5);
  cairo_move_to (doc->cr, MARGIN, FOOTER_Y - 6);
  cairo_line_to (doc->cr, MARGIN + CONTENT_W, FOOTER_Y - 6);
  cairo_stroke (doc->cr);
  cairo_set_source_rgb (doc->cr, MUTED);
  text_at (doc, MARGIN, FOOTER_Y, CONTENT_W, FONT_SMALL, doc->running_title, FALSE, FALSE);
  text_at (doc, MARGIN, FOOTER_Y, CONTENT_W, FONT_SMALL, markup, TRUE, FALSE);
}

/* The part of every document above the table on its first page; returns
 * where the table starts.  @draw_first: callback drawing it. */
typedef double (*DrawFirst) (Doc *doc, gconstpointer data, gboolean measure);
/* Below the table on the last page. */
typedef double (*DrawLast)  (Doc *doc, gconstpointer data, double y, gboolean measure);

/* A page for print, measured like the PDF: without hinted metrics, or
 * text heights would differ and the pages break elsewhere. */
static cairo_t *
create_recording_page (GPtrArray *recordings)
{
  cairo_surface_t *surface;
  cairo_font_options_t *options = cairo_font_options_create ();
  cairo_t *cr;

  surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                            &(cairo_rectangle_t) { 0, 0, SESSIO_A4_WIDTH_PT, SESSIO_A4_HEIGHT_PT });
  g_ptr_array_add (recordings, surface);
  cr = cairo_create (surface);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options (cr, options);
  cairo_font_options_destroy (options);
  return cr;
}

/* The end of a page: the PDF surface starts a new one; when rendering
 * for print, each page is its own recording surface. */
static void
finish_page (Doc *doc)
{

  if (doc->recordings == NULL)
    {
      cairo_show_page (doc->cr);
      return;
    }
  cairo_destroy (doc->cr);
  doc->cr = create_recording_page (doc->recordings);
  /* The cached layout follows the new context. */
  if (doc->layout != NULL)
    pango_cairo_update_layout (doc->cr, doc->layout);
}

static void
paginate_and_draw (Doc           *doc,
                   DrawFirst      first,
                   DrawLast       last,
                   gconstpointer  data)
{
  double header = draw_column_headers (doc, 0, TRUE);
  double table_top_first = first (doc, data, TRUE);
  double table_top_next = MARGIN + 18;
  double last_height = last (doc, data, 0, TRUE);
  g_autoptr(GArray) breaks = g_array_new (FALSE, FALSE, sizeof (guint));
  double y;
  guint row_index = 0;

  for (guint i = 0; i < doc->rows->len; i++)
    {
      Row *row = g_ptr_array_index (doc->rows, i);

      row->height = row_height (doc, row);
    }

  /* Pass 1: where each page starts, so the footer can say "of N". */
  y = table_top_first + header;
  for (guint i = 0; i < doc->rows->len; i++)
    {
      Row *row = g_ptr_array_index (doc->rows, i);

      if (y + row->height > BOTTOM_LIMIT && i > 0)
        {
          g_array_append_val (breaks, i);
          y = table_top_next + header;
        }
      y += row->height;
    }
  doc->n_pages = breaks->len + 1;
  if (y + last_height > BOTTOM_LIMIT)
    doc->n_pages++;

  /* Pass 2: draw. */
  doc->page = 1;
  first (doc, data, FALSE);
  y = table_top_first;
  y += draw_column_headers (doc, y, FALSE);
  for (guint b = 0; b <= breaks->len; b++)
    {
      guint end = b < breaks->len ? g_array_index (breaks, guint, b) : doc->rows->len;

      for (; row_index < end; row_index++)
        {
          Row *row = g_ptr_array_index (doc->rows, row_index);

          draw_row (doc, row, y, row_index % 2 == 1);
          y += row->height;
        }
      if (b < breaks->len)
        {
          draw_footer (doc);
          finish_page (doc);
          doc->page++;
          cairo_set_source_rgb (doc->cr, MUTED);
          text_at (doc, MARGIN, MARGIN, CONTENT_W, FONT_SMALL, doc->running_title, FALSE, FALSE);
          y = table_top_next;
          y += draw_column_headers (doc, y, FALSE);
        }
    }
  if (y + last_height > BOTTOM_LIMIT)
    {
      draw_footer (doc);
      finish_page (doc);
      doc->page++;
      cairo_set_source_rgb (doc->cr, MUTED);
      text_at (doc, MARGIN, MARGIN, CONTENT_W, FONT_SMALL, doc->running_title, FALSE, FALSE);
      y = table_top_next;
    }
  last (doc, data, y, FALSE);
  draw_footer (doc);
  finish_page (doc);
}

/* A logo in the top left corner, scaled to at most 48 pt high and 150 pt
 * wide; returns its width (0 without a logo). */
static double
draw_logo (Doc        *doc,
           const char *logo,
           gboolean    measure)
{
  cairo_surface_t *image;
  double scale, w, h;

  if (logo == NULL)
    return 0;
  image = cairo_image_surface_create_from_png (logo);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (image);
      g_debug ("The logo could not be read as PNG");
      return 0;
    }
  w = cairo_image_surface_get_width (image);
  h = cairo_image_surface_get_height (image);
  scale = MIN (48.0 / MAX (h, 1), 150.0 / MAX (w, 1));
  if (!measure)
    {
      cairo_save (doc->cr);
      cairo_translate (doc->cr, MARGIN, MARGIN);
      cairo_scale (doc->cr, scale, scale);
      cairo_set_source_surface (doc->cr, image, 0, 0);
      cairo_paint (doc->cr);
      cairo_restore (doc->cr);
    }
  cairo_surface_destroy (image);
  return w * scale;
}

static void
markup_line (GString    *out,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
markup_line (GString    *out,
             const char *format,
             ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_markup_vprintf_escaped (format, args);
  va_end (args);
  if (out->len > 0)
    g_string_append_c (out, '\n');
  g_string_append (out, text);
}

/* The provider's block: name, address, numbers. */
static char *
provider_markup (const Doc  *doc,
                 const char *name,
                 const char *address,
                 const char *riziv,
                 const char *kbo,
                 const char *iban)
{
  g_autoptr(GString) out = g_string_new (NULL);

  markup_line (out, "<b>%s</b>", name != NULL ? name : "");
  if (address != NULL)
    markup_line (out, "%s", address);
  if (riziv != NULL)
    {
      char formatted[16];

      sessio_riziv_format (riziv, formatted);
      markup_line (out, "%s: %s", T (doc, D_("RIZIV number")), formatted);
    }
  if (kbo != NULL)
    {
      char formatted[14];

      sessio_kbo_format (kbo, formatted);
      markup_line (out, "%s: %s", T (doc, D_("Enterprise number")), formatted);
    }
  if (iban != NULL)
    {
      char formatted[20];

      sessio_iban_format (iban, formatted);
      markup_line (out, "IBAN: %s", formatted);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

typedef struct
{
  const SessioInvoice *invoice;
  const char          *logo;
} InvoiceDoc;

static double
invoice_first (Doc           *doc,
               gconstpointer  data,
               gboolean       measure)
{
  const InvoiceDoc *d = data;
  const SessioInvoice *invoice = d->invoice;
  gboolean credit = g_strcmp0 (invoice->kind, "credit-note") == 0;
  g_autoptr(GString) info = g_string_new (NULL);
  g_autoptr(GString) to = g_string_new (NULL);
  g_autofree char *provider = provider_markup (doc, invoice->provider_name, invoice->provider_address,
                                               invoice->provider_riziv, invoice->provider_kbo,
                                               invoice->provider_iban);
  g_autofree char *title = g_markup_escape_text (T (doc, credit ? D_("Credit note") : D_("Invoice")), -1);
  g_autofree char *issued = long_date (invoice->issued_at, doc->language);
  g_autofree char *due = long_date (invoice->due_date, doc->language);
  g_autofree char *from = long_date (invoice->period_from, doc->language);
  g_autofree char *until = long_date (invoice->period_to, doc->language);
  double logo_w = draw_logo (doc, d->logo, measure);
  double left_y = MARGIN + (logo_w > 0 ? 54 : 0);
  double right_x = MARGIN + CONTENT_W * 0.55, right_w = CONTENT_W * 0.45;
  double h_left, h_right, y;

  markup_line (info, "%s: <b>%s</b>", T (doc, D_("Number")),
               invoice->number != NULL ? invoice->number : T (doc, D_("draft")));
  if (credit && invoice->credits_number != NULL)
    markup_line (info, "%s: %s", T (doc, D_("Cancels invoice")), invoice->credits_number);
  if (invoice->issued_at != NULL)
    markup_line (info, "%s: %s", T (doc, D_("Issue date")), issued);
  if (invoice->due_date != NULL && !credit)
    markup_line (info, "%s: %s", T (doc, D_("Due date")), due);
  markup_line (info, "%s: %s – %s", T (doc, D_("Period")), from, until);

  markup_line (to, "<b>%s</b>", T (doc, D_("Invoice to")));
  if (invoice->recipient != NULL)
    markup_line (to, "%s", invoice->recipient);
  if (invoice->network_name != NULL)
    markup_line (to, "%s: %s", T (doc, D_("Network")), invoice->network_name);

  cairo_set_source_rgb (doc->cr, TEXT);
  h_left = text_at (doc, MARGIN, left_y, CONTENT_W * 0.5, FONT_INFO, provider, FALSE, measure);
  cairo_set_source_rgb (doc->cr, ACCENT);
  h_right = text_at (doc, right_x, MARGIN - 4, right_w, FONT_TITLE, title, TRUE, measure);
  cairo_set_source_rgb (doc->cr, TEXT);
  h_right += text_at (doc, right_x, MARGIN + h_right, right_w, FONT_INFO, info->str, TRUE, measure);

  y = MAX (left_y + h_left, MARGIN + h_right) + 18;
  if (!measure)
    {
      cairo_set_source_rgb (doc->cr, ZEBRA);
      cairo_rectangle (doc->cr, MARGIN, y, CONTENT_W * 0.5, 8 + text_at (doc, 0, 0, CONTENT_W * 0.5 - 16,
                                                                           FONT_INFO, to->str, FALSE, TRUE));
      cairo_fill (doc->cr);
    }
  cairo_set_source_rgb (doc->cr, TEXT);
  y += 8 + text_at (doc, MARGIN + 8, y + 4, CONTENT_W * 0.5 - 16, FONT_INFO, to->str, FALSE, measure);
  return y + 16;
}

static double
totals_block (Doc                 *doc,
              const SessioInvoice *invoice,
              double               y,
              gboolean             measure)
{
  gboolean credit = g_strcmp0 (invoice->kind, "credit-note") == 0;
  g_autofree char *fee = sessio_format_cents_for (invoice->fee_cents, doc->language);
  g_autofree char *supplement = sessio_format_cents_for (invoice->supplement_cents, doc->language);
  /* Shown as what it adds to the total, sign included, so the column
   * adds up on an invoice (−) and on a credit note (+) alike. */
  g_autofree char *copay = sessio_format_cents_for (-invoice->copay_cents, doc->language);
  g_autofree char *total = sessio_format_cents_for (invoice->total_cents, doc->language);
  g_autoptr(GString) labels = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);
  g_autoptr(GString) payment = g_string_new (NULL);
  double x = MARGIN + CONTENT_W * 0.5, w = CONTENT_W * 0.5, h, start = y + 10;

  markup_line (labels, "%s", T (doc, D_("Total fees")));
  markup_line (values, "%s", fee);
  if (invoice->supplement_cents != 0)
    {
      markup_line (labels, "%s", T (doc, D_("Co-facilitator supplements")));
      markup_line (values, "%s", supplement);
    }
  markup_line (labels, "%s", T (doc, D_("Co-payments due by patients")));
  markup_line (values, "%s", copay);
  markup_line (labels, "<b>%s</b>", T (doc, credit ? D_("Total credited") : D_("Total claimed")));
  markup_line (values, "<b>%s</b>", total);

  cairo_set_source_rgb (doc->cr, TEXT);
  h = text_at (doc, x - 40, start, w * 0.66 + 40, FONT_INFO, labels->str, FALSE, measure);
  text_at (doc, x + w * 0.66, start, w * 0.34, FONT_INFO, values->str, TRUE, measure);
  if (!measure)
    {
      cairo_set_source_rgb (doc->cr, ACCENT);
      cairo_set_line_width (doc->cr, 1.0);
      cairo_move_to (doc->cr, x - 40, start - 4);
      cairo_line_to (doc->cr, x + w, start - 4);
      cairo_stroke (doc->cr);
    }
  y = start + h + 16;

  if (!credit && invoice->structured_communication != NULL)
    {
      g_autofree char *due = long_date (invoice->due_date, doc->language);
      char iban[20] = "";

      if (invoice->provider_iban != NULL)
        sessio_iban_format (invoice->provider_iban, iban);
      markup_line (payment, "<b>%s</b>", T (doc, D_("Payment")));
      markup_line (payment, "%s", T (doc, D_("Please transfer the total claimed by the due date, with the structured communication below.")));
      markup_line (payment, "%s: %s · %s: %s", T (doc, D_("Due date")), due, "IBAN", iban);
      markup_line (payment, "%s: <b>%s</b>", T (doc, D_("Structured communication")),
                   invoice->structured_communication);
    }
  else if (credit)
    markup_line (payment, "%s", T (doc, D_("This credit note cancels the invoice named above in full.")));
  if (invoice->paid_at != NULL)
    {
      g_autofree char *paid = long_date (invoice->paid_at, doc->language);

      markup_line (payment, "%s: %s", T (doc, D_("Paid on")), paid);
    }
  if (payment->len > 0)
    {
      cairo_set_source_rgb (doc->cr, TEXT);
      y += text_at (doc, MARGIN, y, CONTENT_W, FONT_INFO, payment->str, FALSE, measure);
    }
  return y - start + 10;
}

static double
invoice_last (Doc           *doc,
              gconstpointer  data,
              double         y,
              gboolean       measure)
{
  const InvoiceDoc *d = data;

  return totals_block (doc, d->invoice, y, measure);
}

static char *
money (const Doc *doc,
       gint64     cents)
{
  return sessio_format_cents_for (cents, doc->language);
}

/* "INSZ 11.02.03-123.45 · Christelijke Mutualiteit (116)", leaving out
 * what is unknown: the insurer by name, in the document's language,
 * since a bare code tells the reader nothing.  A code of no known union
 * (older data) keeps the label: "health insurer 799". */
static char *
detail_text (const Doc  *doc,
             const char *insz,
             const char *insurer)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *insurer_text = sessio_insurer_describe_for (insurer, doc->language);

  if (insz != NULL && *insz != '\0')
    g_string_append_printf (out, "INSZ %s", insz);
  if (insurer_text != NULL && g_strcmp0 (insurer_text, insurer) != 0)
    g_string_append_printf (out, "%s%s", out->len > 0 ? " · " : "", insurer_text);
  else if (insurer_text != NULL)
    g_string_append_printf (out, "%s%s %s", out->len > 0 ? " · " : "", T (doc, D_("health insurer")), insurer_text);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static Row *
invoice_row (Doc                     *doc,
             const SessioInvoiceLine *line)
{
  Row *row = g_new0 (Row, 1);
  g_autoptr(GString) who = g_string_new (NULL);
  g_autoptr(GString) what = g_string_new (NULL);
  g_autoptr(GString) fee = g_string_new (NULL);
  g_autofree char *date = short_date (line->date, doc->language);
  g_autofree char *fee_text = money (doc, line->fee_cents);
  g_autofree char *copay_text = money (doc, line->copay_cents);
  g_autofree char *amount_text = money (doc, line->amount_cents);

  if (line->participants != NULL)
    {
      markup_line (who, "<b>%s</b> (%u)", T (doc, D_("Participants")), line->participants->len);
      for (guint p = 0; p < line->participants->len; p++)
        {
          const SessioInvoiceParticipant *participant = g_ptr_array_index (line->participants, p);
          g_autofree char *insz = insz_text (participant->insz);
          g_autofree char *copay = money (doc, participant->copay_cents);

          g_autofree char *detail = detail_text (doc, insz, participant->insurer);

          markup_line (who, "%s", participant->name);
          markup_line (who, "<span size='smaller' foreground='#666b73'>%s%s%s %s</span>", detail,
                       *detail != '\0' ? " · " : "", T (doc, D_("co-payment")), copay);
        }
    }
  else if (line->patient_name != NULL)
    {
      g_autofree char *insz = insz_text (line->insz);

      g_autofree char *detail = detail_text (doc, insz, line->insurer);

      markup_line (who, "%s", line->patient_name);
      if (*detail != '\0')
        markup_line (who, "<span size='smaller' foreground='#666b73'>%s</span>", detail);
    }

  markup_line (what, "%s", line_title (line, doc->language));
  {
    /* One grey line: setting, place, code, rule set (its date, short). */
    g_autoptr(GString) detail = g_string_new (NULL);
    g_autofree char *rules = short_date (line->rule_set, doc->language);

    if (line->setting != NULL)
      g_string_append_printf (detail, "%s · %s · ", T (doc, setting_msgid (line->setting)),
                              T (doc, location_msgid (line->location)));
    if (line->billing_code != NULL)
      g_string_append_printf (detail, "%s %s · ", T (doc, D_("code")), line->billing_code);
    if (line->rule_set != NULL)
      g_string_append_printf (detail, "%s %s", T (doc, D_("rules of")), rules);
    markup_line (what, "<span size='smaller' foreground='#666b73'>%s</span>", detail->str);
  }

  markup_line (fee, "%s", fee_text);
  if (line->supplement_cents != 0)
    {
      g_autofree char *supplement = money (doc, line->supplement_cents);

      markup_line (fee, "<span size='smaller' foreground='#666b73'>+ %s %s</span>", supplement,
                   T (doc, D_("co-facilitator")));
    }

  row->cells[0] = g_markup_escape_text (date, -1);
  row->cells[1] = g_string_free (g_steal_pointer (&who), FALSE);
  row->cells[2] = g_string_free (g_steal_pointer (&what), FALSE);
  row->cells[3] = g_string_free (g_steal_pointer (&fee), FALSE);
  row->cells[4] = g_markup_escape_text (copay_text, -1);
  row->cells[5] = g_markup_printf_escaped ("<b>%s</b>", amount_text);
  return row;
}

/* Into @recordings (when not NULL: one recording surface a page, for
 * printing) or a PDF file at @path. */
static gboolean
write_pdf (Doc          *doc,
           const char   *title,
           DrawFirst     first,
           DrawLast      last,
           gconstpointer data,
           const char   *path,
           GPtrArray    *recordings,
           GError      **error)
{
  g_autoptr(GByteArray) pdf = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;

  if (recordings != NULL)
    {
      doc->recordings = recordings;
      doc->cr = create_recording_page (recordings);
      paginate_and_draw (doc, first, last, data);
      g_clear_object (&doc->layout);
      g_clear_pointer (&doc->fonts, g_hash_table_unref);
      cairo_destroy (doc->cr);
      doc->cr = NULL;
      doc->recordings = NULL;
      /* The last page break opened a page nothing was drawn on. */
      g_ptr_array_set_size (recordings, recordings->len - 1);
      return TRUE;
    }

  /* Drawn in memory, then written by the one private-file writer. */
  pdf = g_byte_array_new ();
  surface = cairo_pdf_surface_create_for_stream (append_to_bytes, pdf,
                                                 SESSIO_A4_WIDTH_PT, SESSIO_A4_HEIGHT_PT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Sessio");
  /* The document's own date, not the moment it was written: the same
   * invoice gives the same bytes (a full export's round trip checks it). */
  if (doc->created != NULL && strlen (doc->created) == 10)
    {
      g_autofree char *created = g_strconcat (doc->created, "T00:00:00Z", NULL);

      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, created);
    }
  doc->cr = cairo_create (surface);
  paginate_and_draw (doc, first, last, data);
  g_clear_object (&doc->layout);
  g_clear_pointer (&doc->fonts, g_hash_table_unref);
  cairo_destroy (doc->cr);
  doc->cr = NULL;
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                   _("Could not write the export: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return write_all_private (path, (const char *) pdf->data, pdf->len, error);
}

static gboolean
render_invoice (const SessioInvoice  *invoice,
                const char           *logo,
                const char           *path,
                GPtrArray            *recordings,
                GError              **error)
{
  Column columns[6];
  Doc doc = { 0 };
  InvoiceDoc data = { invoice, logo };
  g_autofree char *title = NULL;
  gboolean credit, ok;

  g_return_val_if_fail (invoice != NULL && invoice->lines != NULL, FALSE);

  credit = g_strcmp0 (invoice->kind, "credit-note") == 0;
  doc.language = sessio_doc_language_from_code (invoice->language);
  doc.created = invoice->issued_at;
  columns[0] = (Column) { T (&doc, D_("Date")), 58, FALSE };
  columns[1] = (Column) { T (&doc, D_("Patient")), 146, FALSE };
  columns[2] = (Column) { T (&doc, D_("Care")), 144, FALSE };
  columns[3] = (Column) { T (&doc, D_("Fee")), 56, TRUE };
  columns[4] = (Column) { T (&doc, D_("Co-payment")), 50, TRUE };
  columns[5] = (Column) { T (&doc, D_("Claimed")), CONTENT_W - 454, TRUE };
  doc.columns = columns;
  doc.n_columns = 6;
  doc.rows = g_ptr_array_new_with_free_func (row_free);
  for (guint i = 0; i < invoice->lines->len; i++)
    g_ptr_array_add (doc.rows, invoice_row (&doc, g_ptr_array_index (invoice->lines, i)));

  title = g_strdup_printf ("%s %s", T (&doc, credit ? D_("Credit note") : D_("Invoice")),
                           invoice->number != NULL ? invoice->number : T (&doc, D_("draft")));
  doc.running_title = g_markup_printf_escaped ("%s — %s", title,
                                               invoice->provider_name != NULL ? invoice->provider_name : "");
  ok = write_pdf (&doc, title, invoice_first, invoice_last, &data, path, recordings, error);
  g_ptr_array_unref (doc.rows);
  g_free (doc.running_title);
  return ok;
}

gboolean
sessio_invoice_write_pdf (const SessioInvoice  *invoice,
                          const char           *logo,
                          const char           *path,
                          GError              **error)
{
  return render_invoice (invoice, logo, path, NULL, error);
}

/**
 * sessio_invoice_render_pages:
 *
 * The pages of the PDF as cairo recording surfaces of
 * SESSIO_INVOICE_PAGE_WIDTH × SESSIO_INVOICE_PAGE_HEIGHT points, for
 * printing exactly what the PDF shows.
 *
 * Returns: (transfer full): a #GPtrArray of cairo_surface_t
 */
GPtrArray *
sessio_invoice_render_pages (const SessioInvoice  *invoice,
                             const char           *logo,
                             GError              **error)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);

  g_return_val_if_fail (invoice != NULL && invoice->lines != NULL, NULL);

  if (!render_invoice (invoice, logo, NULL, pages, error))
    return NULL;
  return g_steal_pointer (&pages);
}

/* ------------------------------------------------------------- receipt */

typedef struct
{
  const SessioReceipt *receipt;
  const char          *logo;
} ReceiptDoc;

static double
receipt_first (Doc           *doc,
               gconstpointer  data,
               gboolean       measure)
{
  const ReceiptDoc *d = data;
  const SessioReceipt *receipt = d->receipt;
  g_autofree char *provider = provider_markup (doc, receipt->provider_name, receipt->provider_address,
                                               receipt->provider_riziv, receipt->provider_kbo, NULL);
  g_autofree char *title = g_markup_escape_text (T (doc, D_("Payment receipt")), -1);
  g_autofree char *issued = long_date (receipt->issued_at, doc->language);
  g_autofree char *from = long_date (receipt->period_from, doc->language);
  g_autofree char *until = long_date (receipt->period_to, doc->language);
  g_autofree char *insz = insz_text (receipt->insz);
  g_autoptr(GString) info = g_string_new (NULL);
  g_autoptr(GString) patient = g_string_new (NULL);
  double logo_w = draw_logo (doc, d->logo, measure);
  double left_y = MARGIN + (logo_w > 0 ? 54 : 0);
  double right_x = MARGIN + CONTENT_W * 0.5, right_w = CONTENT_W * 0.5;
  double h_left, h_right, y;

  markup_line (info, "%s: %s", T (doc, D_("Issue date")), issued);
  markup_line (info, "%s: %s – %s", T (doc, D_("Period")), from, until);
  markup_line (patient, "<b>%s</b>", T (doc, D_("Patient")));
  markup_line (patient, "%s", receipt->patient_name != NULL ? receipt->patient_name : "");
  if (receipt->insz != NULL)
    markup_line (patient, "INSZ/NISS: %s", insz);

  cairo_set_source_rgb (doc->cr, TEXT);
  h_left = text_at (doc, MARGIN, left_y, CONTENT_W * 0.5, FONT_INFO, provider, FALSE, measure);
  cairo_set_source_rgb (doc->cr, ACCENT);
  h_right = text_at (doc, right_x, MARGIN - 4, right_w, FONT_TITLE, title, TRUE, measure);
  cairo_set_source_rgb (doc->cr, TEXT);
  h_right += text_at (doc, right_x, MARGIN + h_right, right_w, FONT_INFO, info->str, TRUE, measure);
  y = MAX (left_y + h_left, MARGIN + h_right) + 18;
  y += 8 + text_at (doc, MARGIN, y, CONTENT_W * 0.5, FONT_INFO, patient->str, FALSE, measure);
  return y + 12;
}

static double
receipt_last (Doc           *doc,
              gconstpointer  data,
              double         y,
              gboolean       measure)
{
  const ReceiptDoc *d = data;
  g_autofree char *total = money (doc, d->receipt->total_cents);
  g_autofree char *label = g_markup_printf_escaped ("<b>%s</b>", T (doc, D_("Total co-payments")));
  g_autofree char *value = g_markup_printf_escaped ("<b>%s</b>", total);
  g_autofree char *note = g_markup_escape_text (T (doc, D_("Sessions of first-line psychological care under the RIZIV/INAMI convention. The co-payment is the patient’s personal share; the network pays the rest of the fee.")), -1);
  double x = MARGIN + CONTENT_W * 0.5, w = CONTENT_W * 0.5, h;

  cairo_set_source_rgb (doc->cr, TEXT);
  h = text_at (doc, x, y + 10, w * 0.6, FONT_INFO, label, FALSE, measure);
  text_at (doc, x + w * 0.6, y + 10, w * 0.4, FONT_INFO, value, TRUE, measure);
  cairo_set_source_rgb (doc->cr, MUTED);
  h += 16 + text_at (doc, MARGIN, y + 26 + h, CONTENT_W, FONT_SMALL, note, FALSE, measure);
  return h + 30;
}

gboolean
sessio_receipt_write_pdf (const SessioReceipt  *receipt,
                          const char           *logo,
                          const char           *path,
                          GError              **error)
{
  Column columns[5];
  Doc doc = { 0 };
  ReceiptDoc data = { receipt, logo };
  g_autofree char *title = NULL;
  gboolean ok;

  g_return_val_if_fail (receipt != NULL, FALSE);

  doc.language = sessio_doc_language_from_code (receipt->language);
  doc.created = receipt->issued_at;
  columns[0] = (Column) { T (&doc, D_("Date")), 70, FALSE };
  columns[1] = (Column) { T (&doc, D_("Care")), 170, FALSE };
  columns[2] = (Column) { T (&doc, D_("Place")), 110, FALSE };
  columns[3] = (Column) { T (&doc, D_("Co-payment")), 70, TRUE };
  columns[4] = (Column) { T (&doc, D_("Payment")), CONTENT_W - 420, FALSE };
  doc.columns = columns;
  doc.n_columns = 5;
  doc.rows = g_ptr_array_new_with_free_func (row_free);
  for (guint i = 0; i < receipt->lines->len; i++)
    {
      const SessioReceiptLine *line = g_ptr_array_index (receipt->lines, i);
      Row *row = g_new0 (Row, 1);
      g_autofree char *date = short_date (line->date, doc.language);
      g_autofree char *copay = money (&doc, line->copay_cents);

      row->cells[0] = g_markup_escape_text (date, -1);
      row->cells[1] = g_markup_printf_escaped ("%s\n<span size='smaller' foreground='#666b73'>%s</span>",
                                               T (&doc, care_msgid (line->care)),
                                               T (&doc, setting_msgid (line->setting)));
      row->cells[2] = g_markup_escape_text (T (&doc, location_msgid (line->location)), -1);
      row->cells[3] = g_markup_printf_escaped ("<b>%s</b>", copay);
      row->cells[4] = g_markup_escape_text (line->copay_cents == 0 ? T (&doc, D_("nothing due"))
                                            : T (&doc, copay_received_msgid (line->copay_received)), -1);
      g_ptr_array_add (doc.rows, row);
    }
  title = g_strdup (T (&doc, D_("Payment receipt")));
  doc.running_title = g_markup_printf_escaped ("%s — %s", title,
                                               receipt->provider_name != NULL ? receipt->provider_name : "");
  ok = write_pdf (&doc, title, receipt_first, receipt_last, &data, path, NULL, error);
  g_ptr_array_unref (doc.rows);
  g_free (doc.running_title);
  return ok;
}
