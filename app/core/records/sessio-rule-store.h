/* sessio-rule-store.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The user's side of the convention rules, kept in the vault: indexed
 * amounts per rule set (table rule_amount), the billing (pseudo-)codes
 * their network uses per care type and setting (table billing_code), and
 * rule-set files imported from the network.  Each change is one vault
 * transaction with an audit entry, and every amount can say where it comes
 * from.  sessio_rule_store_get_rules() is what the vault evaluates with:
 * the shipped sets, replaced by imported ones of the same date, with the
 * user's amounts on top.
 */

#pragma once

#include <glib-object.h>

#include "sessio-rules.h"
#include "sessio-vault.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_RULE_STORE (sessio_rule_store_get_type ())

G_DECLARE_FINAL_TYPE (SessioRuleStore, sessio_rule_store, SESSIO, RULE_STORE, GObject)

typedef enum
{
  SESSIO_AMOUNT_SOURCE_NONE,      /* the rule set has no such amount */
  SESSIO_AMOUNT_SOURCE_SHIPPED,   /* as compiled into Sessio */
  SESSIO_AMOUNT_SOURCE_IMPORTED,  /* from a rule-set file the user imported */
  SESSIO_AMOUNT_SOURCE_USER,      /* set by the user */
} SessioAmountSource;

/* Imported files larger than this are refused: a rule set is a few KiB. */
#define SESSIO_RULE_SET_FILE_MAX (1024 * 1024)

/* Reads the user's amounts, codes and imported files from @vault (open).
 * Emits "changed" after each successful change. */
SessioRuleStore    *sessio_rule_store_new                (SessioVault      *vault,
                                                          GError          **error);
/* The store of @vault shared by everyone who asks while one is alive (the
 * main window and Preferences see the same amounts and the same "changed"
 * signal); a new one otherwise.  Returns a new reference. */
SessioRuleStore    *sessio_rule_store_get_for_vault      (SessioVault      *vault,
                                                          GError          **error);
SessioVault        *sessio_rule_store_get_vault          (SessioRuleStore  *self);

/* The effective rule sets (shipped + imported + the user's amounts).
 * Borrowed; replaced, not changed, by the next change: ref it to keep it. */
SessioRules        *sessio_rule_store_get_rules          (SessioRuleStore  *self);
/* The rule set as Sessio ships it, or NULL for a date only imported. */
SessioRuleSet      *sessio_rule_store_get_shipped        (SessioRuleStore  *self,
                                                          const char       *rule_set_id);

/* Where the effective amount of @amount in @rule_set_id comes from.
 * @when (nullable) receives the local date and time of the change, a new
 * reference or NULL for shipped amounts; @file_name (nullable) the name of
 * the imported file, borrowed. */
SessioAmountSource  sessio_rule_store_get_source         (SessioRuleStore  *self,
                                                          const char       *rule_set_id,
                                                          SessioAmount      amount,
                                                          GDateTime       **when,
                                                          const char      **file_name);
/* The same for people: "shipped (rules of 1 January 2022)", "set by you on
 * 23 November 2026", "imported from netwerk-2025.json on 23 November 2026".
 * NULL for SESSIO_AMOUNT_SOURCE_NONE. */
char               *sessio_rule_store_describe_source    (SessioRuleStore  *self,
                                                          const char       *rule_set_id,
                                                          SessioAmount      amount);

/* Sets the user's amount (whole cents) for @amount in @rule_set_id.
 * SESSIO_ERROR_INVALID_INPUT for a rule set Sessio does not know, an
 * amount that set does not have, a negative or absurd amount; nothing is
 * written then. */
gboolean            sessio_rule_store_set_amount         (SessioRuleStore  *self,
                                                          const char       *rule_set_id,
                                                          SessioAmount      amount,
                                                          gint64            cents,
                                                          GError          **error);

/* The user's billing code for sessions of @care in @setting for @network
 * under @rule_set_id, else the code the rule set's file gives the session
 * fee, else NULL.  Borrowed. */
const char         *sessio_rule_store_get_billing_code   (SessioRuleStore  *self,
                                                          const char       *rule_set_id,
                                                          SessioNetwork     network,
                                                          SessioCare        care,
                                                          SessioSetting     setting);
/* Only what the user set (NULL when nothing). Borrowed. */
const char         *sessio_rule_store_get_user_billing_code (SessioRuleStore *self,
                                                          const char       *rule_set_id,
                                                          SessioNetwork     network,
                                                          SessioCare        care,
                                                          SessioSetting     setting);
/* Sets (or with NULL or "" removes) the user's billing code.  Codes are
 * 1 to 32 printable characters.  SESSIO_ERROR_INVALID_INPUT for a care
 * type or setting the rule set does not have. */
gboolean            sessio_rule_store_set_billing_code   (SessioRuleStore  *self,
                                                          const char       *rule_set_id,
                                                          SessioNetwork     network,
                                                          SessioCare        care,
                                                          SessioSetting     setting,
                                                          const char       *code,
                                                          GError          **error);

/* Checks @data as a rule-set file and stores it in the vault, replacing
 * the set of the same date (shipped or imported before); the user's own
 * amounts for that date are dropped, since the network's file supersedes
 * them.  A bad file is refused with SESSIO_ERROR_INVALID_INPUT naming the
 * line and the reason, and nothing changes.  @file_name is the base name
 * shown as the source.  Returns the imported set's id (a date), borrowed
 * from the new rules. */
const char         *sessio_rule_store_import             (SessioRuleStore  *self,
                                                          const char       *file_name,
                                                          const char       *data,
                                                          gsize             length,
                                                          GError          **error);
const char         *sessio_rule_store_import_file        (SessioRuleStore  *self,
                                                          GFile            *file,
                                                          GError          **error);

/* Back to the shipped amounts of @rule_set_id: drops the user's amounts
 * and an imported file of that date (a set that was only imported
 * disappears).  Billing codes stay: they are the network's, not amounts. */
gboolean            sessio_rule_store_reset              (SessioRuleStore  *self,
                                                          const char       *rule_set_id,
                                                          GError          **error);

/* TRUE when @rule_set_id has an amount set by the user or comes from an
 * imported file: what "reset" would undo. */
gboolean            sessio_rule_store_has_changes        (SessioRuleStore  *self,
                                                          const char       *rule_set_id);

G_END_DECLS
