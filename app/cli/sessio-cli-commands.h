/* sessio-cli-commands.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The command tables of every group.  Add a group: write
 * sessio-cli-GROUP.c with a NULL-terminated table, declare it here and list
 * it in sessio-cli.c.
 */

#pragma once

#include "sessio-cli.h"

G_BEGIN_DECLS

/* Rules and identifiers. */
extern const SessioCliCommand sessio_cli_rules_commands[];
extern const SessioCliCommand sessio_cli_id_commands[];

/* Vault and synthetic data. */
extern const SessioCliCommand sessio_cli_vault_commands[];
extern const SessioCliCommand sessio_cli_dev_commands[];

/* Patient file and session log. */
extern const SessioCliCommand sessio_cli_patients_commands[];
/* Reading and correcting the clinical file, retention. */
extern const SessioCliCommand sessio_cli_records_commands[];

/* Anonymous statistics. */
extern const SessioCliCommand sessio_cli_stats_commands[];
/* Network invoices and patient receipts. */
extern const SessioCliCommand sessio_cli_invoices_commands[];
/* Encrypted backups. */
extern const SessioCliCommand sessio_cli_backup_commands[];
/* Full export, import all, CSV import. */
extern const SessioCliCommand sessio_cli_export_commands[];

/* Reading the Belgian eID card. */
extern const SessioCliCommand sessio_cli_eid_commands[];

G_END_DECLS
