/* sessio-practice-dialog.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The provider profile and the networks they work for.  Right after a
 * vault is created it comes up once, as a first-run step that can be
 * skipped; afterwards it is in the main menu.  A failed RIZIV check digit
 * only warns: public sources do not settle the rule (RULES.md).
 *
 * Signal: ::saved.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sessio-a11y.h"
#include "sessio-editor-draft.h"
#include "sessio-labels.h"
#include "sessio-practice-dialog.h"
#include "sessio-resources.h"

struct _SessioPracticeDialog
{
  AdwWindow             parent_instance;

  SessioPatientStore   *store;

  GtkButton            *cancel_button;
  GtkLabel             *error_label;
  AdwEntryRow          *name_row;
  AdwEntryRow          *riziv_row;
  AdwEntryRow          *kbo_row;
  AdwEntryRow          *iban_row;
  AdwEntryRow          *address_row;
  AdwPreferencesGroup  *engagements_group;
  AdwEntryRow          *network_name_row;
  AdwComboRow          *network_row;
  AdwComboRow          *model_row;
  AdwEntryRow          *invoice_to_row;
  AdwComboRow          *language_row;
};

G_DEFINE_FINAL_TYPE (SessioPracticeDialog, sessio_practice_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const network_ids[] = { "adult", "youth" };
static const char * const model_ids[] = { "independent", "clb-salaried", "organisation-salaried" };
static const char * const language_ids[] = { "nl", "fr", "de" };

static const char *
model_label (const char *id)
{
  if (g_strcmp0 (id, "clb-salaried") == 0)
    return _("salaried by a CLB");
  if (g_strcmp0 (id, "organisation-salaried") == 0)
    return _("salaried by another organisation");
  return _("independent");
}

static void
show_error (SessioPracticeDialog *self,
            const char           *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static const char *
text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
is_blank (const char *s)
{
  for (; s != NULL && *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

static void
toast (SessioPracticeDialog *self,
       const char           *message)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkWidget *overlay = NULL;

  if (parent != NULL)
    {
      GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (parent));

      if (ADW_IS_TOAST_OVERLAY (content))
        overlay = content;
    }
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SessioPracticeDialog *self = SESSIO_PRACTICE_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  gboolean checksum_ok = TRUE;

  /* Nothing of the provider typed: keep what there is. */
  if (!is_blank (text (self->name_row)) || !is_blank (text (self->riziv_row)))
    {
      SessioProvider provider = {
        .name = (char *) text (self->name_row),
        .riziv = (char *) text (self->riziv_row),
        .kbo = is_blank (text (self->kbo_row)) ? NULL : (char *) text (self->kbo_row),
        .iban = is_blank (text (self->iban_row)) ? NULL : (char *) text (self->iban_row),
        .address = is_blank (text (self->address_row)) ? NULL : (char *) text (self->address_row),
      };

      if (!sessio_patient_store_set_provider (self->store, &provider, &checksum_ok, &error))
        {
          show_error (self, error->message);
          return;
        }
    }

  if (!is_blank (text (self->network_name_row)))
    {
      SessioEngagement engagement = {
        .network_name = (char *) text (self->network_name_row),
        .network = (char *) network_ids[MIN (adw_combo_row_get_selected (self->network_row), 1)],
        .model = (char *) model_ids[MIN (adw_combo_row_get_selected (self->model_row), 2)],
        .invoice_to = is_blank (text (self->invoice_to_row)) ? NULL : (char *) text (self->invoice_to_row),
        .language = (char *) language_ids[MIN (adw_combo_row_get_selected (self->language_row), 2)],
        .weekly_contingent = -1,
      };

      if (sessio_patient_store_add_engagement (self->store, &engagement, &error) <= 0)
        {
          show_error (self, error != NULL ? error->message : NULL);
          return;
        }
    }

  if (!checksum_ok)
    toast (self, _("The RIZIV number’s check digit does not match: check it with your certificate"));

  g_signal_emit (self, signals[SAVED], 0);
  sessio_a11y_close_window (GTK_WINDOW (self));
}

static void
fill (SessioPracticeDialog *self)
{
  g_autoptr(GPtrArray) engagements = NULL;
  SessioProvider provider = { 0 };

  if (sessio_patient_store_get_provider (self->store, &provider, NULL))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), provider.name ? provider.name : "");
      gtk_editable_set_text (GTK_EDITABLE (self->riziv_row), provider.riziv ? provider.riziv : "");
      gtk_editable_set_text (GTK_EDITABLE (self->kbo_row), provider.kbo ? provider.kbo : "");
      gtk_editable_set_text (GTK_EDITABLE (self->iban_row), provider.iban ? provider.iban : "");
      gtk_editable_set_text (GTK_EDITABLE (self->address_row), provider.address ? provider.address : "");
    }
  sessio_provider_clear (&provider);

  engagements = sessio_patient_store_list_engagements (self->store, NULL);
  for (guint i = 0; engagements != NULL && i < engagements->len; i++)
    {
      SessioEngagement *e = g_ptr_array_index (engagements, i);
      SessioNetwork network = SESSIO_NETWORK_ADULT;
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;

      sessio_network_from_string (e->network, &network);
      /* Translators: "<children and adolescents|adults>, <independent|salaried by …>" */
      subtitle = g_strdup_printf (_("%s, %s"), sessio_network_get_label (network), model_label (e->model));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), e->network_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_group_add (self->engagements_group, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->engagements_group),
                          engagements != NULL && engagements->len > 0);
}

SessioPracticeDialog *
sessio_practice_dialog_new (SessioPatientStore *store,
                            gboolean            first_run)
{
  SessioPracticeDialog *self;

  g_return_val_if_fail (SESSIO_IS_PATIENT_STORE (store), NULL);

  self = g_object_new (SESSIO_TYPE_PRACTICE_DIALOG, NULL);
  self->store = g_object_ref (store);
  fill (self);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->name_row));

  if (first_run)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Set Up Your Practice"));
      gtk_button_set_label (self->cancel_button, _("_Skip"));
      sessio_a11y_fix_button_label (self->cancel_button);
    }

  sessio_editor_draft_attach (GTK_WINDOW (self), SESSIO_DRAFT_PRACTICE, first_run ? 1 : 0);
  return self;
}

static void
sessio_practice_dialog_dispose (GObject *object)
{
  SessioPracticeDialog *self = SESSIO_PRACTICE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESSIO_TYPE_PRACTICE_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sessio_practice_dialog_parent_class)->dispose (object);
}

static void
sessio_practice_dialog_class_init (SessioPracticeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_practice_dialog_dispose;

  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-practice-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioPracticeDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SessioPracticeDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SessioPracticeDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPracticeDialog, riziv_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPracticeDialog, kbo_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPracticeDialog, iban_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPracticeDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPracticeDialog, engagements_group);
  gtk_widget_class_bind_template_child (widget_class, SessioPracticeDialog, network_name_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPracticeDialog, network_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPracticeDialog, model_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPracticeDialog, invoice_to_row);
  gtk_widget_class_bind_template_child (widget_class, SessioPracticeDialog, language_row);

  gtk_widget_class_install_action (widget_class, "practice.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sessio_practice_dialog_init (SessioPracticeDialog *self)
{
  g_autoptr(GtkStringList) networks = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) models = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) languages = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (network_ids); i++)
    {
      SessioNetwork network = SESSIO_NETWORK_ADULT;

      sessio_network_from_string (network_ids[i], &network);
      gtk_string_list_append (networks, sessio_network_get_label (network));
    }
  adw_combo_row_set_model (self->network_row, G_LIST_MODEL (networks));

  for (guint i = 0; i < G_N_ELEMENTS (model_ids); i++)
    gtk_string_list_append (models, model_label (model_ids[i]));
  adw_combo_row_set_model (self->model_row, G_LIST_MODEL (models));

  gtk_string_list_append (languages, _("Dutch"));
  gtk_string_list_append (languages, _("French"));
  gtk_string_list_append (languages, _("German"));
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (languages));
}
