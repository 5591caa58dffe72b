/* sessio-window-private.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What sessio-window.c and sessio-window-actions.c share: the window's
 * fields and the few helpers both use.  Not for other files.
 */

#pragma once

#include "sessio-backup-ui.h"
#include "sessio-agenda-page.h"
#include "sessio-create-vault-page.h"
#include "sessio-idle-monitor.h"
#include "sessio-invoices-page.h"
#include "sessio-patients-page.h"
#include "sessio-rule-store.h"
#include "sessio-statistics-page.h"
#include "sessio-unlock-page.h"
#include "sessio-welcome-page.h"
#include "sessio-window.h"

G_BEGIN_DECLS

struct _SessioWindow
{
  AdwApplicationWindow    parent_instance;

  GSettings              *settings;
  char                   *vault_dir;
  SessioVault            *vault;
  SessioPatientStore     *store;         /* the patient file of the vault */
  SessioInvoiceStore     *invoice_store;
  SessioRuleStore        *rule_store;    /* the user's amounts, imported rule sets */
  SessioIdleMonitor      *idle;
  AdwToast               *idle_toast;
  guint                   closing;         /* vaults being closed in a thread */
  guint                   auto_lock_seconds;
  gboolean                quit_after_lock;

  AdwToastOverlay        *toast_overlay;
  GtkStack               *pages;
  SessioWelcomePage      *welcome_page;
  SessioCreateVaultPage  *create_page;
  SessioUnlockPage       *unlock_page;
  AdwViewStack           *stack;
  AdwViewSwitcherTitle   *switcher_title;
  AdwViewSwitcherBar     *switcher_bar;
  GtkMenuButton          *primary_menu_button;
  GtkButton              *lock_button;
  SessioPatientsPage     *patients_page;
  SessioStatisticsPage   *statistics_page;
  SessioInvoicesPage     *invoices_page;
  SessioAgendaPage       *agenda_page;

  /* Backups. */
  GtkRevealer            *backup_reminder;
  GtkLabel               *backup_reminder_label;
  guint                   backup_timer;      /* the hourly look at the daily backup */
  gboolean                backup_running;
  gboolean                reminder_dismissed;
  gboolean                draft_lost;      /* a lock could not keep a draft */
  char                   *last_toast;
  gboolean                quit_backup_done;  /* made, or failed and shown: close now */
  gboolean                close_when_backed_up;
  AdwToast               *quit_backup_toast;  /* weak: "Backing up before closing…" */
};

/* sessio-window.c */
void _sessio_window_show_toast             (SessioWindow   *self,
                                            const char     *message,
                                            guint           timeout);
void _sessio_window_show_page              (SessioWindow   *self,
                                            const char     *name);
void _sessio_window_update_backup_reminder (SessioWindow   *self);
void _sessio_window_backup_finished        (gpointer        data,
                                            gboolean        written);

/* sessio-window-actions.c */
void _sessio_window_class_actions_init     (GtkWidgetClass *widget_class);
void _sessio_window_actions_update         (SessioWindow   *self);

G_END_DECLS
