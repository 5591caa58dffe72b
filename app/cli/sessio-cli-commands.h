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

/* Rules and identifiers (issue 4). */
extern const SessioCliCommand sessio_cli_rules_commands[];
extern const SessioCliCommand sessio_cli_id_commands[];

/* Vault and synthetic data (issue 3). */
extern const SessioCliCommand sessio_cli_vault_commands[];
extern const SessioCliCommand sessio_cli_dev_commands[];

/* Patient file and session log (issue 5). */
extern const SessioCliCommand sessio_cli_patients_commands[];
/* Reading and correcting the clinical file, retention (issue 13). */
extern const SessioCliCommand sessio_cli_records_commands[];

/* Anonymous statistics (issue 7). */
extern const SessioCliCommand sessio_cli_stats_commands[];
/* Network invoices and patient receipts (issue 6). */
extern const SessioCliCommand sessio_cli_invoices_commands[];
/* Encrypted backups (issue 8). */
extern const SessioCliCommand sessio_cli_backup_commands[];
/* Full export, import all, CSV import (issue 8). */
extern const SessioCliCommand sessio_cli_export_commands[];

/* Reading the Belgian eID card (issue 18). */
extern const SessioCliCommand sessio_cli_eid_commands[];

G_END_DECLS
