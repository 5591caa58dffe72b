/* sessio-file.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SESSIO_FILE_WRITE_NONE       = 0,
  /* Never replace an existing file, not even one that appears while
   * writing: the write fails with G_IO_ERROR_EXISTS. */
  SESSIO_FILE_WRITE_NO_REPLACE = 1 << 0,
} SessioFileWriteFlags;

gboolean  sessio_file_write_private       (const char            *path,
                                           const void            *data,
                                           gsize                  length,
                                           GError               **error);
gboolean  sessio_file_write_private_full  (const char            *path,
                                           const void            *data,
                                           gsize                  length,
                                           SessioFileWriteFlags   flags,
                                           GError               **error);
gboolean  sessio_file_is_temporary        (const char            *name);

G_END_DECLS
