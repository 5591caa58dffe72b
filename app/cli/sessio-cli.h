/* sessio-cli.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shared frame of sessio-cli: global options, the command table,
 * one-line errors with the documented exit codes, JSON output and the
 * passphrase.  Every command group lives in its own sessio-cli-GROUP.c and
 * exports a table of SessioCliCommand terminated by an all-NULL entry.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "sessio-core.h"
#include "sessio-patient-store.h"
#include "sessio-vault.h"

G_BEGIN_DECLS

typedef enum
{
  SESSIO_EXIT_OK = 0,
  SESSIO_EXIT_FAILED = 1,  /* the operation failed: wrong passphrase, damaged vault, refused, ... */
  SESSIO_EXIT_USAGE = 2,   /* bad usage or invalid input, an id that does not exist */
  SESSIO_EXIT_IN_USE = 3,  /* the vault is in use by another program: try again later */
} SessioExit;

typedef struct _SessioCli SessioCli;

struct _SessioCli
{
  char     *vault_dir;        /* --vault, else $SESSIO_VAULT, else $XDG_DATA_HOME/sessio/vault */
  char     *passphrase_file;  /* --passphrase-file */
  gboolean  json;             /* --json */
  gboolean  accept_older_copy; /* --accept-older-copy */
};

typedef int (*SessioCliFunc) (SessioCli *cli, int argc, char **argv);

typedef struct
{
  const char    *group;       /* "vault", "rules", "receipt", ... */
  const char    *name;        /* "init", or NULL for a one-word command */
  const char    *parameters;  /* untranslated synopsis after the options, e.g. "F|-" */
  const char    *summary;     /* N_() marked; translated when shown */
  SessioCliFunc  func;
} SessioCliCommand;

/* Parses the command's own options.  On --help prints it and returns
 * FALSE with *exit_code = 0; on a bad option prints a one-line reason and
 * returns FALSE with *exit_code = 2.  argv[0] names the command. */
gboolean  sessio_cli_parse_options     (SessioCli          *cli,
                                        const char         *command,
                                        const char         *parameters,
                                        const char         *summary,
                                        const GOptionEntry *entries,
                                        int                *argc,
                                        char             ***argv,
                                        int                *exit_code);

int       sessio_cli_fail              (SessioCli          *cli,
                                        int                 exit_code,
                                        const char         *format,
                                        ...) G_GNUC_PRINTF (3, 4);
int       sessio_cli_fail_error        (SessioCli          *cli,
                                        const GError       *error);
int       sessio_cli_exit_code_for     (const GError       *error);

void      sessio_cli_print_json        (SessioCli          *cli,
                                        JsonNode           *node);
/* A positive decimal id, the whole of @text. */
gboolean  sessio_cli_parse_id          (const char         *text,
                                        gint64             *id);
/* The one positional id of `patient show ID`, `invoice issue ID` and the
 * like; otherwise a usage error naming @command, in @exit_code. */
gboolean  sessio_cli_take_id_argument  (SessioCli          *cli,
                                        int                 argc,
                                        char              **argv,
                                        const char         *command,
                                        gint64             *id,
                                        int                *exit_code);
/* Prints {"id": id} with --json, else the id alone on a line. */
void      sessio_cli_print_id          (SessioCli          *cli,
                                        gint64              id);
/* The result of a command that creates nothing: {"ok": true} with
 * --json, else @message on a line. */
void      sessio_cli_print_ok          (SessioCli          *cli,
                                        const char         *message);

/* @text made safe for a terminal: control characters (C0, DEL, C1) and
 * the bidirectional overrides become visible escapes such as “\x1b” or
 * “\u202e”, invalid UTF-8 becomes U+FFFD.  With @multiline, line breaks
 * and tabs stay.  Stored text may come from a CSV file or another
 * program: printed raw, an escape sequence would drive the terminal. */
char     *sessio_cli_printable         (const char         *text,
                                        gboolean            multiline);

const char *sessio_cli_get_vault_dir   (SessioCli          *cli);

/* Reads the passphrase (--passphrase-file or the terminal) and opens the
 * vault with it, wiping the passphrase at once.  An older copy of the
 * vault put back is refused (SESSIO_ERROR_OLDER_COPY, exit 1) unless
 * --accept-older-copy was given (sessio_cli_settle_older_copy()). */
SessioVault *sessio_cli_open_vault    (SessioCli          *cli,
                                       GError            **error);
/* Turns SESSIO_ERROR_NOT_FOUND from opening a vault ("no vault in this
 * folder") into a failure (exit 1); an unknown id stays exit 2. */
void      sessio_cli_vault_not_found_fails (GError        **error);
/* The same, but an older copy is opened as it is (read-only until
 * accepted): for `vault check`, which reports it. */
SessioVault *sessio_cli_open_vault_as_is (SessioCli       *cli,
                                       GError            **error);
/* For a vault just opened: if it is an older copy, accepts it with
 * --accept-older-copy (recorded in its audit log), else fails. */
gboolean  sessio_cli_settle_older_copy (SessioCli          *cli,
                                        SessioVault        *vault,
                                        GError            **error);

/* Returns the passphrase in sodium_malloc()ed memory, or NULL with @error
 * set (SESSIO_ERROR_INVALID_INPUT when there is neither a file nor a
 * terminal).  Free with sessio_cli_free_secret(). */
char     *sessio_cli_read_passphrase   (SessioCli          *cli,
                                        const char         *prompt,
                                        GError            **error);
char     *sessio_cli_read_secret_file  (const char         *path,
                                        GError            **error);
void      sessio_cli_free_secret       (char               *secret);

/* A new passphrase: the first line of @file, else typed twice on the
 * terminal (never --passphrase-file, which holds the current one). */
char     *sessio_cli_read_new_passphrase (SessioCli        *cli,
                                        const char         *file,
                                        GError            **error);
/* The key derivation for a new passphrase: calibrated to this machine
 * (the floor with SESSIO_TEST_KDF_FLOOR=1, for tests). */
void      sessio_cli_choose_kdf        (SessioVaultKdf     *kdf);
/* Opens the vault with the passphrase and wraps it in a patient store,
 * folding on the calling thread; its today is the real date, or
 * SESSIO_TEST_TODAY (YYYY-MM-DD) for tests of date rules such as the
 * retention periods (decades ahead) and held sessions. */
SessioPatientStore *sessio_cli_open_patient_store  (SessioCli          *cli,
                                                    GError            **error);
/* Locks the store's vault; a failure to fold or close is an error of the
 * command (when it had none), since the change might not be where the
 * user expects it.  Returns the exit code. */
int       sessio_cli_close_patient_store (SessioCli          *cli,
                                          SessioPatientStore *store,
                                          int                 exit_code);
/* The end of every command that makes a vault: locks it, then shows its
 * recovery key once after @message (with --json: {"vault", "recovery_key"})
 * and wipes the key.  Returns the exit code. */
int       sessio_cli_finish_new_vault  (SessioCli          *cli,
                                        SessioVault        *vault,
                                        const char         *dir,
                                        char               *recovery,
                                        const char         *message);

G_END_DECLS
