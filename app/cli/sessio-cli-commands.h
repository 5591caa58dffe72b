/* sessio-cli-commands.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The command tables of every group.  Add a group: write
 * sessio-cli-GROUP.c with a NULL-terminated table, declare it here and list
 * it in sessio-cli.c.
 */

#pragma once

#include "sessio-cli.h"

G_BEGIN_DECLS

G_END_DECLS
