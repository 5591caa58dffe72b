/* sessio-recovery-sheet.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one page that lets a psychologist back into a vault whose passphrase
 * is forgotten.  The same drawing serves the PDF written here and the
 * printed page (the GUI hands its print context's cairo_t to
 * sessio_recovery_sheet_draw()).
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

#include "sessio-error.h"
#include "sessio-file.h"
#include "sessio-format.h"
#include "sessio-recovery-sheet.h"

#define MARGIN_PT 56.0
#define GROUPS_PER_LINE 7

static double
draw_text (cairo_t    *cr,
           double      x,
           double      y,
           double      width,
           const char *font,
           const char *text)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);
  int text_height;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, NULL, &text_height);

  return y + (double) text_height / PANGO_SCALE;
}

/* Breaks "AAAA-BBBB-…" into lines of a few groups, so that the key is
 * large enough to copy without error and still fits the page. */
static char *
key_in_lines (const char *recovery_key)
{
  g_auto(GStrv) groups = g_strsplit (recovery_key, "-", -1);
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = g_strv_length (groups);

  for (guint i = 0; i < n; i++)
    {
      g_string_append (out, groups[i]);
      if (i + 1 < n)
        g_string_append (out, (i + 1) % GROUPS_PER_LINE == 0 ? "\n" : " ");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
sessio_recovery_sheet_draw (cairo_t    *cr,
                            double      width,
                            double      height,
                            const char *recovery_key,
                            GDateTime  *created)
{
  g_autofree char *lines = NULL;
  g_autofree char *date = NULL;
  g_autofree char *created_text = NULL;
  double text_width = width - 2 * MARGIN_PT;
  double y = MARGIN_PT;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (recovery_key != NULL);

  lines = key_in_lines (recovery_key);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  y = draw_text (cr, MARGIN_PT, y, text_width, "Sans Bold 22",
                 _("Sessio Recovery Key"));
  y += 18;
  y = draw_text (cr, MARGIN_PT, y, text_width, "Sans 11",
                 _("This key opens your Sessio vault if you forget its passphrase. "
                   "Anyone who has it and a copy of your vault can read your patient files."));
  y += 10;
  y = draw_text (cr, MARGIN_PT, y, text_width, "Sans 11",
                 _("Keep this sheet somewhere safe, away from your computer. "
                   "Sessio shows the key only once and cannot show it again."));
  y += 30;

  /* A box around the key, so that it is what the eye finds first. */
  {
    double key_top = y;
    double key_bottom = draw_text (cr, MARGIN_PT + 16, key_top + 16, text_width - 32,
                                   "Monospace Bold 17", lines);

    cairo_set_line_width (cr, 1.5);
    cairo_rectangle (cr, MARGIN_PT, key_top, text_width, key_bottom - key_top + 16);
    cairo_stroke (cr);
    y = key_bottom + 16 + 24;
  }

  if (created != NULL)
    {
      GDate day;

      /* Sessio's date, not strftime()'s "%x", which depends on the C
       * locales installed (and writes 12/06/26 in the C locale). */
      g_date_clear (&day, 1);
      g_date_set_dmy (&day, (GDateDay) g_date_time_get_day_of_month (created),
                      (GDateMonth) g_date_time_get_month (created),
                      (GDateYear) g_date_time_get_year (created));
      date = sessio_format_date (&day);
      /* Translators: %s is the date the vault was created */
      created_text = g_strdup_printf (_("Vault created on %s"), date);
      y = draw_text (cr, MARGIN_PT, y, text_width, "Sans 11", created_text);
      y += 10;
    }

  draw_text (cr, MARGIN_PT, y, text_width, "Sans 11",
             _("To use it: on the unlock page choose “Use the Recovery Key”, type the key "
               "(case, spaces and dashes do not matter) and choose a new passphrase."));

  cairo_restore (cr);
}

static cairo_status_t
append_to_bytes (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * sessio_recovery_sheet_write_pdf:
 *
 * Writes the recovery sheet as a one-page A4 PDF.  The file is created
 * 0600 before a byte is written: it holds a key to the vault.
 */
gboolean
sessio_recovery_sheet_write_pdf (const char  *path,
                                 const char  *recovery_key,
                                 GDateTime   *created,
                                 GError     **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (recovery_key != NULL, FALSE);

  /* Drawn in memory, then written in one go by the one private-file
   * writer: 0600, atomic, synced. */
  surface = cairo_pdf_surface_create_for_stream (append_to_bytes, bytes,
                                                 SESSIO_A4_WIDTH_PT, SESSIO_A4_HEIGHT_PT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Sessio Recovery Key"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Sessio");
  cr = cairo_create (surface);
  sessio_recovery_sheet_draw (cr, SESSIO_A4_WIDTH_PT, SESSIO_A4_HEIGHT_PT, recovery_key, created);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      explicit_bzero (bytes->data, bytes->len);
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                   _("Could not write the recovery key: %s"), cairo_status_to_string (status));
      return FALSE;
    }

  if (!sessio_file_write_private (path, bytes->data, bytes->len, &local_error))
    {
      explicit_bzero (bytes->data, bytes->len);
      g_set_error (error, SESSIO_ERROR, SESSIO_ERROR_FAILED,
                   _("Could not write the recovery key: %s"), local_error->message);
      return FALSE;
    }

  /* The PDF holds the recovery key: do not leave it in freed memory. */
  explicit_bzero (bytes->data, bytes->len);
  return TRUE;
}
