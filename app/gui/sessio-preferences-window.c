/* sessio-preferences-window.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * General settings (GSettings, bound) and the Convention page: the user's
 * amounts and billing codes per rule set, kept in the vault through a
 * SessioRuleStore.  As everywhere in GNOME's preferences, what is typed
 * applies without a Save button: an amount or a code is saved when the
 * field is left (or on Enter, or when the window closes), never while it
 * is half typed.  An amount that does not read as euros shows an error on
 * its row and saves nothing.  Leaving a field unchanged saves nothing
 * either: a shipped amount stays "to confirm with your network" until the
 * user enters theirs or confirms the shipped ones explicitly.
 *
 * The rule set in force today comes first; earlier ones, which still
 * price the sessions of their period, wait behind a switch.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sessio-a11y.h"
#include "sessio-backup.h"
#include "sessio-backup-ui.h"
#include "sessio-clock.h"
#include "sessio-format.h"
#include "sessio-resources.h"
#include "sessio-rule-store.h"
#include "sessio-preferences-window.h"

typedef enum
{
  FIELD_AMOUNT,
  FIELD_CODE,
  FIELD_RESET,
  FIELD_WARNING,
} FieldKind;

/* One widget of the Convention page that shows something of the store:
 * kept so that a change updates the page in place (a rebuild would lose
 * the scroll position and the focus). */
typedef struct
{
  FieldKind      kind;
  char          *rule_set_id;
  SessioAmount   amount;
  SessioNetwork  network;
  SessioCare     care;
  SessioSetting  setting;
  AdwActionRow  *row;       /* borrowed */
  GtkWidget     *widget;    /* borrowed: the entry, button or row */
} Field;

struct _SessioPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  SessioVault          *vault;
  SessioRuleStore      *store;
  GPtrArray            *rule_set_groups;   /* AdwPreferencesGroup, borrowed */
  GtkSwitch            *earlier_switch;    /* borrowed; NULL without earlier sets */
  GPtrArray            *fields;            /* Field */
  char                 *shape;             /* what the groups were built for */
  GtkFileChooserNative *chooser;

  GtkSpinButton        *auto_lock_spin;
  GtkSwitch            *lock_with_session_switch;
  GtkSpinButton        *threshold_spin;

  AdwPreferencesPage   *convention_page;
  AdwPreferencesGroup  *convention_locked_group;
  AdwStatusPage        *convention_locked_status;
  AdwPreferencesGroup  *convention_intro_group;

  /* Backups. */
  GtkFileChooserNative *backup_chooser;
  AdwActionRow         *backup_folder_row;
  GtkButton            *backup_folder_clear_button;
  AdwComboRow          *backup_when_row;
  GtkSpinButton        *backup_keep_spin;
  AdwActionRow         *backup_last_row;
};

G_DEFINE_FINAL_TYPE (SessioPreferencesWindow, sessio_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_VAULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

SessioPreferencesWindow *
sessio_preferences_window_new (GSettings *settings)
{
  return sessio_preferences_window_new_for_vault (settings, NULL);
}

SessioPreferencesWindow *
sessio_preferences_window_new_for_vault (GSettings   *settings,
                                         SessioVault *vault)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (vault == NULL || SESSIO_IS_VAULT (vault), NULL);

  return g_object_new (SESSIO_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       "vault", vault,
                       NULL);
}

SessioVault *
sessio_preferences_window_get_vault (SessioPreferencesWindow *self)
{
  g_return_val_if_fail (SESSIO_IS_PREFERENCES_WINDOW (self), NULL);
  return self->vault;
}

/* ---------------------------------------------------------- convention */

static void
field_free (gpointer data)
{
  Field *field = data;

  g_free (field->rule_set_id);
  g_free (field);
}

static Field *
add_field (SessioPreferencesWindow *self,
           FieldKind                kind,
           const char              *rule_set_id,
           AdwActionRow            *row,
           GtkWidget               *widget)
{
  Field *field = g_new0 (Field, 1);

  field->kind = kind;
  field->rule_set_id = g_strdup (rule_set_id);
  field->row = row;
  field->widget = widget;
  g_ptr_array_add (self->fields, field);
  return field;
}

/* "75,00" or "75.00": the number alone, as the user would type it. */
static char *
format_plain_cents (gint64 cents)
{
  char decimal = sessio_format_get_language () == SESSIO_LANGUAGE_EN ? '.' : ',';

  return g_strdup_printf ("%" G_GINT64_FORMAT "%c%02d", cents / 100, decimal, (int) (cents % 100));
}

static void
show_toast (SessioPreferencesWindow *self,
            const char              *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
set_field_error (Field      *field,
                 const char *message)
{
  gtk_widget_add_css_class (field->widget, "error");
  adw_action_row_set_subtitle (field->row, message);
  gtk_accessible_update_state (GTK_ACCESSIBLE (field->widget),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
}

static void
clear_field_error (Field *field)
{
  gtk_widget_remove_css_class (field->widget, "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (field->widget), GTK_ACCESSIBLE_STATE_INVALID);
}

/* Shows what the store has now in the widgets of @field. */
static void
update_field (SessioPreferencesWindow *self,
              Field                   *field)
{
  SessioRuleSet *set = sessio_rules_get_by_id (sessio_rule_store_get_rules (self->store), field->rule_set_id);

  switch (field->kind)
    {
    case FIELD_AMOUNT:
      {
        g_autofree char *text = format_plain_cents (sessio_rule_set_get_amount (set, field->amount));
        g_autofree char *source = sessio_rule_store_describe_source (self->store, field->rule_set_id,
                                                                     field->amount);

        gtk_editable_set_text (GTK_EDITABLE (field->widget), text);
        clear_field_error (field);
        adw_action_row_set_subtitle (field->row, source);
      }
      break;

    case FIELD_CODE:
      {
        const char *code = sessio_rule_store_get_billing_code (self->store, field->rule_set_id,
                                                               field->network, field->care, field->setting);

        gtk_editable_set_text (GTK_EDITABLE (field->widget), code != NULL ? code : "");
        clear_field_error (field);
        adw_action_row_set_subtitle (field->row, "");
      }
      break;

    case FIELD_RESET:
      gtk_widget_set_visible (field->widget, sessio_rule_store_has_changes (self->store, field->rule_set_id));
      break;

    case FIELD_WARNING:
      gtk_widget_set_visible (field->widget, sessio_rule_set_get_amounts_to_confirm (set));
      break;

    default:
      g_assert_not_reached ();
    }
}

static Field *
field_for_widget (SessioPreferencesWindow *self,
                  GtkWidget               *widget)
{
  /* NULL once disposed, while the entries may still be going. */
  if (self->fields == NULL)
    return NULL;

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (field->widget == widget)
        return field;
    }
  return NULL;
}

/* Saves what @field's entry holds when it differs from what the page
 * shows for it: typed and left, or Enter. */
static void
commit_field (SessioPreferencesWindow *self,
              Field                   *field)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (field->widget));

  if (self->store == NULL)
    return;

  if (field->kind == FIELD_AMOUNT)
    {
      SessioRuleSet *set = sessio_rules_get_by_id (sessio_rule_store_get_rules (self->store), field->rule_set_id);
      gint64 cents;

      if (!sessio_parse_cents (text, &cents))
        {
          set_field_error (field, _("Enter an amount in euros, such as 75,00 or 75.00"));
          return;
        }
      /* The same amount as shown, shipped or set before: nothing to save,
       * and a shipped amount is not confirmed by passing through it. */
      if (cents == sessio_rule_set_get_amount (set, field->amount))
        {
          update_field (self, field);
          return;
        }
      if (!sessio_rule_store_set_amount (self->store, field->rule_set_id, field->amount, cents, &error))
        {
          set_field_error (field, error->message);
          return;
        }
      /* The store's "changed" has updated the page. */
      show_toast (self, _("Amount saved"));
    }
  else if (field->kind == FIELD_CODE)
    {
      const char *code = sessio_rule_store_get_billing_code (self->store, field->rule_set_id,
                                                             field->network, field->care, field->setting);
      g_autofree char *stripped = g_strstrip (g_strdup (text));

      if (g_strcmp0 (stripped, code != NULL ? code : "") == 0)
        return;
      if (!sessio_rule_store_set_billing_code (self->store, field->rule_set_id, field->network, field->care,
                                               field->setting, text, &error))
        {
          set_field_error (field, error->message);
          return;
        }
      show_toast (self, _("Billing code saved"));
    }
}

static void
on_entry_activate (GtkEntry                *entry,
                   SessioPreferencesWindow *self)
{
  Field *field = field_for_widget (self, GTK_WIDGET (entry));

  if (field != NULL)
    commit_field (self, field);
}

static void
on_entry_leave (GtkEventControllerFocus *controller,
                SessioPreferencesWindow *self)
{
  Field *field = field_for_widget (self, gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));

  if (field != NULL)
    commit_field (self, field);
}

/* Closing the window is leaving every field. */
static gboolean
on_close_request (SessioPreferencesWindow *self,
                  gpointer                 user_data)
{
  for (guint i = 0; self->fields != NULL && i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (field->kind == FIELD_AMOUNT || field->kind == FIELD_CODE)
        commit_field (self, field);
    }
  return FALSE;
}

/* Typing again takes the error away: it was about the text that is gone. */
static void
on_entry_changed (GtkEditable             *editable,
                  SessioPreferencesWindow *self)
{
  Field *field = field_for_widget (self, GTK_WIDGET (editable));

  if (field != NULL && gtk_widget_has_css_class (field->widget, "error"))
    clear_field_error (field);
}

static GtkWidget *
new_entry_row (SessioPreferencesWindow *self,
               const char              *title,
               const char              *accessible_label,
               const char              *name,
               gboolean                 amount,
               AdwActionRow           **row_out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *entry = gtk_entry_new ();
  GtkEventController *focus;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (entry, name);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), amount ? 9 : 12);
  if (amount)
    {
      gtk_entry_set_alignment (GTK_ENTRY (entry), 1.0);
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  g_signal_connect (entry, "activate", G_CALLBACK (on_entry_activate), self);
  g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), self);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (on_entry_leave), self);
  gtk_widget_add_controller (entry, focus);

  if (amount)
    {
      GtkWidget *euro = gtk_label_new ("€");

      gtk_widget_add_css_class (euro, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), euro);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), entry);

  *row_out = ADW_ACTION_ROW (row);
  return entry;
}

static char *
code_row_title (SessioCare    care,
                SessioSetting setting)
{
  /* Translators: a row for a billing code; %s is a care type such as
   * "psychological treatment" */
  return setting == SESSIO_SETTING_GROUP
         ? g_strdup_printf (_("Group sessions of %s"), sessio_care_get_label (care))
         : g_strdup_printf (_("Individual sessions of %s"), sessio_care_get_label (care));
}

/* The titles of the shipped rule sets, as their JSON files spell them:
 * the files are data, not source, so their titles are marked here to
 * reach the translators.  An imported set keeps its own title (its
 * network wrote it, in its language). */
static const char * const shipped_titles[] = {
  N_("Convention of 1 January 2022"),
  N_("Convention of 1 January 2022, with the CLB waiver of September 2023"),
  N_("Convention of 1 April 2024"),
};

static const char *
rule_set_title (SessioRuleSet *set)
{
  const char *title = sessio_rule_set_get_title (set);

  for (guint i = 0; i < G_N_ELEMENTS (shipped_titles); i++)
    if (g_strcmp0 (title, shipped_titles[i]) == 0)
      return _(shipped_titles[i]);
  return title;
}

static GtkWidget *
build_rule_set_group (SessioPreferencesWindow *self,
                      SessioRuleSet           *set,
                      gboolean                 in_force)
{
  const char *id = sessio_rule_set_get_id (set);
  g_autofree char *date = sessio_format_date (sessio_rule_set_get_valid_from (set));
  g_autofree char *title = NULL;
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *reset = gtk_button_new_with_mnemonic (_("_Reset to the Shipped Amounts"));
  GtkWidget *warning = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  /* The set in force today is the one the user comes to change: it says
   * so in its heading, with the date in the description. */
  if (in_force)
    {
      /* Translators: the heading of the rule set in force today */
      title = g_strdup (_("Rules in Force Today"));
    }
  else
    {
      /* Translators: the heading of a rule set's amounts; %s is a date such
       * as "1 April 2024" */
      title = g_strdup_printf (_("Rules of %s"), date);
    }
  gtk_widget_set_name (group, id);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), rule_set_title (set));

  gtk_widget_set_valign (reset, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (reset), "convention.reset");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (reset), "s", id);
  sessio_a11y_fix_button_label (GTK_BUTTON (reset));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), reset);
  add_field (self, FIELD_RESET, id, NULL, reset);

  /* The 2024 convention publishes no amounts: Sessio proposes the last
   * ones published, and says so without a second, contradicting date. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (warning), _("To confirm with your network"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (warning),
                               _("The convention does not publish these amounts: Sessio proposes the last ones published until you enter the ones your network pays, or confirm these."));
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (warning), icon);
  {
    GtkWidget *confirm = gtk_button_new_with_mnemonic (_("_Confirm"));

    gtk_widget_set_valign (confirm, GTK_ALIGN_CENTER);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (confirm), "convention.confirm");
    gtk_actionable_set_action_target (GTK_ACTIONABLE (confirm), "s", id);
    gtk_widget_set_tooltip_text (confirm, _("These are the amounts your network pays"));
    sessio_a11y_fix_button_label (GTK_BUTTON (confirm));
    adw_action_row_add_suffix (ADW_ACTION_ROW (warning), confirm);
  }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), warning);
  add_field (self, FIELD_WARNING, id, ADW_ACTION_ROW (warning), warning);

  for (guint a = 0; a < SESSIO_N_AMOUNTS; a++)
    {
      AdwActionRow *row;
      GtkWidget *entry;
      g_autofree char *name = NULL;
      g_autofree char *label = NULL;
      Field *field;

      if (sessio_rule_set_get_amount (set, (SessioAmount) a) < 0)
        continue;
      name = g_strdup_printf ("amount-%s-%s", id, sessio_amount_to_string ((SessioAmount) a));
      /* Translators: the accessible name of an amount field: the amount's
       * name, then the rule set's date */
      label = g_strdup_printf (_("%s in euros, rules of %s"), sessio_amount_get_label ((SessioAmount) a), date);
      entry = new_entry_row (self, sessio_amount_get_label ((SessioAmount) a), label, name, TRUE, &row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (row));
      field = add_field (self, FIELD_AMOUNT, id, row, entry);
      field->amount = (SessioAmount) a;
    }

  for (guint n = 0; n < SESSIO_N_NETWORKS; n++)
    {
      GtkWidget *expander = adw_expander_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander),
                                     n == SESSIO_NETWORK_YOUTH ? _("Billing Codes, Youth Network")
                                                               : _("Billing Codes, Adult Network"));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander),
                                     _("The codes your network asks for on invoices; an empty field removes one."));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), expander);

      for (guint c = 0; c < SESSIO_N_CARES; c++)
        for (guint st = 0; st < SESSIO_N_SETTINGS; st++)
          {
            AdwActionRow *row;
            GtkWidget *entry;
            g_autofree char *row_title = NULL;
            g_autofree char *name = NULL;
            g_autofree char *label = NULL;
            Field *field;

            if (!sessio_rule_set_has_care (set, (SessioCare) c) ||
                (st == SESSIO_SETTING_INDIVIDUAL && sessio_rule_set_care_is_group_only (set, (SessioCare) c)))
              continue;

            row_title = code_row_title ((SessioCare) c, (SessioSetting) st);
            name = g_strdup_printf ("code-%s-%s-%s-%s", id, sessio_network_to_string ((SessioNetwork) n),
                                    sessio_care_to_string ((SessioCare) c),
                                    sessio_setting_to_string ((SessioSetting) st));
            /* Translators: the accessible name of a billing code field */
            label = g_strdup_printf (n == SESSIO_NETWORK_YOUTH ? _("Billing code, youth network: %s")
                                                               : _("Billing code, adult network: %s"),
                                     row_title);
            entry = new_entry_row (self, row_title, label, name, FALSE, &row);
            adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), GTK_WIDGET (row));
            field = add_field (self, FIELD_CODE, id, row, entry);
            field->network = (SessioNetwork) n;
            field->care = (SessioCare) c;
            field->setting = (SessioSetting) st;
          }
    }

  return group;
}

/* What the groups depend on: the rule sets, their amounts and care types.
 * When only values change, the page is updated in place. */
static char *
rules_shape (SessioRules   *rules,
             SessioRuleSet *in_force)
{
  GString *shape = g_string_new (in_force != NULL ? sessio_rule_set_get_id (in_force) : "");

  g_string_append_c (shape, '|');

  for (guint i = 0; i < sessio_rules_get_n_rule_sets (rules); i++)
    {
      SessioRuleSet *set = sessio_rules_get_rule_set (rules, i);

      g_string_append_printf (shape, "%s:", sessio_rule_set_get_id (set));
      for (guint a = 0; a < SESSIO_N_AMOUNTS; a++)
        g_string_append_c (shape, sessio_rule_set_get_amount (set, (SessioAmount) a) >= 0 ? 'a' : '-');
      for (guint c = 0; c < SESSIO_N_CARES; c++)
        g_string_append_c (shape, !sessio_rule_set_has_care (set, (SessioCare) c) ? '-' :
                                  sessio_rule_set_care_is_group_only (set, (SessioCare) c) ? 'g' : 'c');
      g_string_append_c (shape, ';');
      /* The title is shown in the group's description. */
      g_string_append_printf (shape, "%s;", sessio_rule_set_get_title (set));
    }
  return g_string_free (shape, FALSE);
}

/* The older rule sets are still needed (a session uses the set in force
 * on its date, so a correction or a late invoice for 2023 is computed
 * with the rules of 2023), but they are not what the user comes to
 * change: one switch shows them, off each time the window opens. */
static GtkWidget *
build_earlier_group (SessioPreferencesWindow *self,
                     SessioRuleSet           *in_force)
{
  g_autofree char *date = sessio_format_date (sessio_rule_set_get_valid_from (in_force));
  g_autofree char *description = NULL;
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  gtk_widget_set_name (group, "earlier-rule-sets");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Earlier Rule Sets"));
  /* Translators: %s is the date the rules in force today began, such as
   * "1 April 2024" */
  description = g_strdup_printf (_("Sessions dated before %s are still counted and invoiced with the rules in force on their date, so their amounts and billing codes are kept here."),
                                 date);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Show Earlier Rule Sets"));
  gtk_widget_set_name (toggle, "earlier-rule-sets-switch");
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  self->earlier_switch = GTK_SWITCH (toggle);
  return group;
}

static void
add_rule_set_group (SessioPreferencesWindow *self,
                    GtkWidget               *group)
{
  adw_preferences_page_add (self->convention_page, ADW_PREFERENCES_GROUP (group));
  g_ptr_array_add (self->rule_set_groups, group);
}

static void
refresh_convention (SessioPreferencesWindow *self)
{
  SessioRules *rules = sessio_rule_store_get_rules (self->store);
  SessioRuleSet *in_force;
  g_autofree char *shape = NULL;
  guint n = sessio_rules_get_n_rule_sets (rules);
  GDate today;

  sessio_clock_today (&today);
  in_force = sessio_rules_lookup (rules, &today);
  /* Before the first rule set (a clock set back): the first one. */
  if (in_force == NULL && n > 0)
    in_force = sessio_rules_get_rule_set (rules, 0);
  shape = rules_shape (rules, in_force);

  if (g_strcmp0 (shape, self->shape) != 0)
    {
      gboolean show_earlier = self->earlier_switch != NULL && gtk_switch_get_active (self->earlier_switch);
      GtkWidget *earlier = NULL;

      for (guint i = 0; i < self->rule_set_groups->len; i++)
        adw_preferences_page_remove (self->convention_page, g_ptr_array_index (self->rule_set_groups, i));
      g_ptr_array_set_size (self->rule_set_groups, 0);
      g_ptr_array_set_size (self->fields, 0);
      self->earlier_switch = NULL;

      /* Newest first: a set imported ahead of its date, then the one in
       * force today, then the earlier ones behind their switch. */
      for (guint i = n; i > 0; i--)
        {
          SessioRuleSet *set = sessio_rules_get_rule_set (rules, i - 1);
          gboolean is_earlier = g_date_compare (sessio_rule_set_get_valid_from (set),
                                                sessio_rule_set_get_valid_from (in_force)) < 0;
          GtkWidget *group;

          if (is_earlier && earlier == NULL)
            {
              earlier = build_earlier_group (self, in_force);
              add_rule_set_group (self, earlier);
              gtk_switch_set_active (self->earlier_switch, show_earlier);
            }
          group = build_rule_set_group (self, set, set == in_force);
          if (is_earlier)
            g_object_bind_property (self->earlier_switch, "active", group, "visible", G_BINDING_SYNC_CREATE);
          add_rule_set_group (self, group);
        }
      g_free (self->shape);
      self->shape = g_steal_pointer (&shape);
    }

  for (guint i = 0; i < self->fields->len; i++)
    update_field (self, g_ptr_array_index (self->fields, i));
}

static void
on_store_changed (SessioRuleStore         *store,
                  SessioPreferencesWindow *self)
{
  refresh_convention (self);
}

static void
setup_convention (SessioPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->vault != NULL && sessio_vault_is_open (self->vault))
    self->store = sessio_rule_store_get_for_vault (self->vault, &error);

  if (self->store == NULL)
    {
      /* Locked, or the amounts cannot be read: say so, and offer nothing
       * that would fail. */
      if (error != NULL)
        adw_status_page_set_description (self->convention_locked_status, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->convention_locked_group), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->convention_intro_group), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "convention.import", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "convention.reset", FALSE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->convention_locked_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->convention_intro_group), TRUE);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed), self, 0);
  refresh_convention (self);
}

static void
import_file (SessioPreferencesWindow *self,
             GFile                   *file)
{
  g_autoptr(GError) error = NULL;
  const char *id = sessio_rule_store_import_file (self->store, file, &error);

  if (id == NULL)
    {
      g_autofree char *body = NULL;
      AdwMessageDialog *dialog;

      /* Translators: %s is the reason, e.g. "Rule set refused: line 13,
       * fees.individual.cents: expected a whole number" */
      body = g_strdup_printf (_("%s\n\nNothing was changed."), error->message);
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Rule Set Refused"), body));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  {
    GDate date;
    g_autofree char *when = NULL;
    g_autofree char *message = NULL;

    sessio_date_parse_iso (id, &date);
    when = sessio_format_date (&date);
    /* Translators: %s is a date such as "1 January 2025" */
    message = g_strdup_printf (_("Imported the rules of %s"), when);
    show_toast (self, message);
  }
}

static void
on_chooser_response (GtkNativeDialog         *chooser,
                     int                      response,
                     SessioPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->store != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        import_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SessioPreferencesWindow *self = SESSIO_PREFERENCES_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->store == NULL || self->chooser != NULL)
    return;

  /* Native, so that a Flatpak goes through the file chooser portal and
   * needs no access to the user's files. */
  self->chooser = gtk_file_chooser_native_new (_("Import Rule Set"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Rule-set files"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SessioPreferencesWindow *self = SESSIO_PREFERENCES_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  if (!sessio_rule_store_reset (self->store, g_variant_get_string (parameter, NULL), &error))
    {
      show_toast (self, error->message);
      return;
    }
  show_toast (self, _("Back to the shipped amounts"));
}

/* The shipped amounts are the network's: each becomes the user's, so the
 * rule set is no longer "to confirm". */
static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SessioPreferencesWindow *self = SESSIO_PREFERENCES_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  SessioRuleSet *set;

  if (self->store == NULL || (set = sessio_rules_get_by_id (sessio_rule_store_get_rules (self->store), id)) == NULL)
    return;
  for (guint a = 0; a < SESSIO_N_AMOUNTS; a++)
    {
      gint64 cents = sessio_rule_set_get_amount (set, (SessioAmount) a);

      if (cents < 0 ||
          sessio_rule_store_get_source (self->store, id, (SessioAmount) a, NULL, NULL) == SESSIO_AMOUNT_SOURCE_USER)
        continue;
      if (!sessio_rule_store_set_amount (self->store, id, (SessioAmount) a, cents, &error))
        {
          show_toast (self, error->message);
          return;
        }
      /* The store rebuilt its rules: look the set up again. */
      set = sessio_rules_get_by_id (sessio_rule_store_get_rules (self->store), id);
    }
  show_toast (self, _("Amounts confirmed"));
}

/* ------------------------------------------------------------ backups */

static const char * const backup_when_values[] = { "never", "on-quit", "daily" };

static gboolean
backup_when_get (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  const char *when = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (backup_when_values); i++)
    if (g_strcmp0 (when, backup_when_values[i]) == 0)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
backup_when_set (const GValue       *value,
                 const GVariantType *expected_type,
                 gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (backup_when_values))
    return NULL;
  return g_variant_new_string (backup_when_values[i]);
}

static void
update_backup_rows (SessioPreferencesWindow *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "backup-folder");
  gboolean has_folder = *folder != '\0';

  adw_action_row_set_subtitle (self->backup_folder_row,
                               has_folder ? folder : _("None: automatic backups are off"));
  gtk_widget_set_visible (GTK_WIDGET (self->backup_folder_clear_button), has_folder);
  gtk_widget_set_sensitive (GTK_WIDGET (self->backup_when_row), has_folder);

  /* The time lives in the vault (docs/backup-format.md). */
  if (self->vault != NULL && sessio_vault_is_open (self->vault))
    {
      g_autofree char *last = sessio_backup_ui_format_last (sessio_backup_get_last (self->vault));

      adw_action_row_set_subtitle (self->backup_last_row, last);
    }
  else
    adw_action_row_set_subtitle (self->backup_last_row, _("Unlock the vault to see it"));
}

static void
on_backup_folder_changed (GSettings               *settings,
                          const char              *key,
                          SessioPreferencesWindow *self)
{
  update_backup_rows (self);
}

static void
on_backup_chooser_response (GtkNativeDialog         *chooser,
                            int                      response,
                            SessioPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, "backup-folder", path);
      else
        show_toast (self, _("This folder cannot be used for backups: choose a folder on a disk or a mounted network drive"));
    }
  g_clear_object (&self->backup_chooser);
}

static void
choose_backup_folder_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SessioPreferencesWindow *self = SESSIO_PREFERENCES_WINDOW (widget);

  if (self->backup_chooser != NULL)
    return;

  /* Native: the file chooser portal in a Flatpak. */
  self->backup_chooser = gtk_file_chooser_native_new (_("Choose the Backup Folder"), GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                      _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->backup_chooser), TRUE);
  g_signal_connect (self->backup_chooser, "response", G_CALLBACK (on_backup_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->backup_chooser));
}

static void
clear_backup_folder_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SessioPreferencesWindow *self = SESSIO_PREFERENCES_WINDOW (widget);

  g_settings_set_string (self->settings, "backup-folder", "");
}

static void
setup_backups (SessioPreferencesWindow *self)
{
  g_settings_bind_with_mapping (self->settings, "backup-when",
                                self->backup_when_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                backup_when_get, backup_when_set, NULL, NULL);
  g_settings_bind (self->settings, "backup-keep",
                   gtk_spin_button_get_adjustment (self->backup_keep_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::backup-folder",
                           G_CALLBACK (on_backup_folder_changed), self, 0);
  update_backup_rows (self);
}

static void
sessio_preferences_window_constructed (GObject *object)
{
  SessioPreferencesWindow *self = SESSIO_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (sessio_preferences_window_parent_class)->constructed (object);

  setup_backups (self);

  /* Bound, not copied: a change here is a change everywhere, at once. */
  g_settings_bind (self->settings, "auto-lock-minutes",
                   gtk_spin_button_get_adjustment (self->auto_lock_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "lock-on-session-lock",
                   self->lock_with_session_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "anonymity-threshold",
                   gtk_spin_button_get_adjustment (self->threshold_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);

  setup_convention (self);
}

static void
sessio_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  SessioPreferencesWindow *self = SESSIO_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_VAULT:
      g_value_set_object (value, self->vault);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sessio_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  SessioPreferencesWindow *self = SESSIO_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_VAULT:
      self->vault = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sessio_preferences_window_dispose (GObject *object)
{
  SessioPreferencesWindow *self = SESSIO_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->backup_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->backup_chooser));
  g_clear_object (&self->backup_chooser);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->rule_set_groups, g_ptr_array_unref);
  self->earlier_switch = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->store);
  g_clear_object (&self->vault);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->shape, g_free);

  G_OBJECT_CLASS (sessio_preferences_window_parent_class)->dispose (object);
}

static void
sessio_preferences_window_class_init (SessioPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sessio_preferences_window_constructed;
  object_class->dispose = sessio_preferences_window_dispose;
  object_class->get_property = sessio_preferences_window_get_property;
  object_class->set_property = sessio_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /* The open vault whose convention amounts the Convention page edits;
   * NULL while it is locked. */
  properties[PROP_VAULT] =
    g_param_spec_object ("vault", NULL, NULL,
                         SESSIO_TYPE_VAULT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "convention.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "convention.reset", "s", reset_action);
  gtk_widget_class_install_action (widget_class, "convention.confirm", "s", confirm_action);
  gtk_widget_class_install_action (widget_class, "backup.choose-folder", NULL, choose_backup_folder_action);
  gtk_widget_class_install_action (widget_class, "backup.clear-folder", NULL, clear_backup_folder_action);

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioPreferencesWindow, auto_lock_spin);
  gtk_widget_class_bind_template_child (widget_class, SessioPreferencesWindow, lock_with_session_switch);
  gtk_widget_class_bind_template_child (widget_class, SessioPreferencesWindow, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, SessioPreferencesWindow, convention_page);
  gtk_widget_class_bind_template_child (widget_class, SessioPreferencesWindow, convention_locked_group);
  gtk_widget_class_bind_template_child (widget_class, SessioPreferencesWindow, convention_locked_status);
  gtk_widget_class_bind_template_child (widget_class, SessioPreferencesWindow, convention_intro_group);
  gtk_widget_class_bind_template_child (widget_class, SessioPreferencesWindow, backup_folder_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPreferencesWindow, backup_folder_clear_button);
  gtk_widget_class_bind_template_child (widget_class, SessioPreferencesWindow, backup_when_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPreferencesWindow, backup_keep_spin);
  gtk_widget_class_bind_template_child (widget_class, SessioPreferencesWindow, backup_last_row);
}

static void
sessio_preferences_window_init (SessioPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self));
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
  self->rule_set_groups = g_ptr_array_new ();
  self->fields = g_ptr_array_new_with_free_func (field_free);
}
