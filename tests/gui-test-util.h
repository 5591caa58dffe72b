/* gui-test-util.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the widget tests: private XDG folders (so that no test sees
 * or touches the user's vault), GTK set up for GTK_A11Y=test, and bounded
 * main-loop waits.  A wait returns as soon as its condition holds; its
 * limit only turns a hang into a failure, it measures nothing.
 */

#pragma once

#include <adwaita.h>

#include "vault-test-util.h"
#include "sessio-resources.h"
#include "sessio-window.h"

G_BEGIN_DECLS

void gui_test_init (int    *argc,
                    char ***argv);

gboolean gui_test_wait (gboolean (*done) (gpointer),
                        gpointer   data);

gpointer gui_test_child (gpointer    widget,
                         GType       type,
                         const char *name);

/* Draws @widget as it is on screen, whole even where it is scrolled out
 * of view, on the window's light background, into
 * $G_TEST_BUILDDIR/screenshots/NAME.png, for people to review; the test
 * does not judge the picture. */
void gui_test_save_png (gpointer    widget,
                        const char *name);

/* Lets a freshly presented window be laid out and drawn once. */
void gui_test_settle (gpointer widget);

/* The visible top-level window of @type (a dialog just presented), or
 * NULL. */
gpointer gui_test_find_toplevel (GType type);

/* For gui_test_wait() on a weak pointer: the object is gone. */
gboolean gui_test_pointer_is_null (gpointer data);

/* For gui_test_wait(): the window has handed its vault back (locked). */
gboolean gui_test_window_done_closing (gpointer data);

G_END_DECLS
