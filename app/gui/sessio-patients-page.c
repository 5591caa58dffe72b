/* sessio-patients-page.c
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The patient list beside the patient shown.  The list is a GtkListView
 * over the store's summary model through a GtkFilterListModel: rows are
 * recycled and filtering compares pre-folded strings, so ten thousand
 * patients scroll and filter smoothly.  Narrow, the list and the patient
 * fold into one column.
 *
 * Without a store (the vault is locked) the page holds no patient data at
 * all: the models are dropped and the view cleared.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sessio-a11y.h"
#include "sessio-patient-dialog.h"
#include "sessio-patient-list.h"
#include "sessio-patient-view.h"
#include "sessio-patients-page.h"
#include "sessio-resources.h"
#include "sessio-retention-dialog.h"

struct _SessioPatientsPage
{
  AdwBin               parent_instance;

  SessioPatientStore  *store;
  SessioPatientList   *patients;
  GtkFilterListModel  *filtered;
  GtkCustomFilter     *filter;
  char                *folded_query;

  AdwLeaflet          *leaflet;
  GtkWidget           *sidebar;
  GtkWidget           *content;
  GtkSearchEntry      *search_entry;
  GtkStack            *list_stack;
  GtkListView         *list_view;
  GtkStack            *detail_stack;
  SessioPatientView   *patient_view;
};

G_DEFINE_FINAL_TYPE (SessioPatientsPage, sessio_patients_page, ADW_TYPE_BIN)

static gboolean
match_patient (gpointer item,
               gpointer user_data)
{
  SessioPatientsPage *self = user_data;

  return sessio_patient_summary_matches (SESSIO_PATIENT_SUMMARY (item), self->folded_query);
}

static void
update_list_stack (SessioPatientsPage *self)
{
  guint total = self->patients ? g_list_model_get_n_items (G_LIST_MODEL (self->patients)) : 0;
  guint shown = self->filtered ? g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) : 0;

  if (total == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "empty");
  else if (shown == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
}

static void
search_changed (SessioPatientsPage *self)
{
  g_autofree char *old = self->folded_query;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  self->folded_query = sessio_search_fold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  /* The same query again (the entry's delayed signal after
   * set_search(), a trailing space): the list stays as it is. */
  if (g_strcmp0 (old, self->folded_query) == 0)
    return;
  /* A letter typed only narrows the list, so only the patients shown are
   * tested again; a letter erased only widens it. */
  if (old != NULL && strstr (self->folded_query, old) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (old != NULL && strstr (old, self->folded_query) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_list_stack (self);
}

void
sessio_patients_page_open_patient (SessioPatientsPage *self,
                                   gint64              patient_id)
{
  g_return_if_fail (SESSIO_IS_PATIENTS_PAGE (self));

  if (self->store == NULL)
    return;

  sessio_patient_view_show (self->patient_view, self->store, patient_id);
  gtk_stack_set_visible_child_name (self->detail_stack, "patient");
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
row_activated (SessioPatientsPage *self,
               guint               position)
{
  g_autoptr(SessioPatientSummary) summary = NULL;

  summary = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
  if (summary != NULL)
    sessio_patients_page_open_patient (self, sessio_patient_summary_get_id (summary));
}

/* Enter in the search opens the first match: finding a patient is
 * typing part of a name and pressing Enter. */
static void
search_activated (SessioPatientsPage *self)
{
  if (self->filtered != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    row_activated (self, 0);
}

static void
reload_list (SessioPatientsPage *self)
{
  if (self->patients != NULL)
    sessio_patient_list_reload (self->patients, NULL);
  update_list_stack (self);
}

static void
patient_changed (SessioPatientsPage *self)
{
  reload_list (self);
}

/**
 * sessio_patients_page_reload:
 *
 * After a change made elsewhere (a group session, the agenda): the list
 * and the patient shown read the store again.
 */
void
sessio_patients_page_reload (SessioPatientsPage *self)
{
  g_return_if_fail (SESSIO_IS_PATIENTS_PAGE (self));

  reload_list (self);
  if (sessio_patient_view_get_patient_id (self->patient_view) > 0)
    sessio_patient_view_reload (self->patient_view);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);

  /* Wrapped, never cut: the trajectory line ("Netwerk Volwassenen Demo,
   * sinds 20 september 2025") is longer than the sidebar in Dutch, and
   * at 360 px a long name is too; its end (the date, the surname) is
   * what tells two rows apart. */
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_wrap (GTK_LABEL (details), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (details), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), details);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  SessioPatientSummary *summary = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *details = gtk_widget_get_next_sibling (name);
  const char *insz = sessio_patient_summary_get_insz (summary);
  const char *trajectory = sessio_patient_summary_get_trajectory (summary);
  g_autofree char *text = NULL;

  /* Translators: a patient in the list: "<birth date> · <INSZ number>" */
  text = *insz ? g_strdup_printf (_("%s · %s"), sessio_patient_summary_get_birth_text (summary), insz)
               : g_strdup (sessio_patient_summary_get_birth_text (summary));
  if (*trajectory)
    {
      g_autofree char *with = g_strdup_printf ("%s\n%s", text, trajectory);
      g_free (text);
      text = g_steal_pointer (&with);
    }

  gtk_label_set_text (GTK_LABEL (name), sessio_patient_summary_get_name (summary));
  gtk_label_set_text (GTK_LABEL (details), text);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);

  /* A recycled row must not keep a name on screen or in memory. */
  gtk_label_set_text (GTK_LABEL (name), "");
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (name)), "");
}

/**
 * sessio_patients_page_set_store:
 * @store: (nullable): the unlocked vault's store, or %NULL when locked
 */
void
sessio_patients_page_set_store (SessioPatientsPage *self,
                                SessioPatientStore *store)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SESSIO_IS_PATIENTS_PAGE (self));

  gtk_list_view_set_model (self->list_view, NULL);
  sessio_patient_view_clear (self->patient_view);
  gtk_stack_set_visible_child_name (self->detail_stack, "none");
  g_clear_object (&self->filtered);
  g_clear_object (&self->patients);
  g_clear_object (&self->store);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  if (store == NULL)
    {
      update_list_stack (self);
      return;
    }

  self->store = g_object_ref (store);
  self->patients = sessio_patient_list_new (store, &error);
  if (self->patients == NULL)
    {
      g_warning ("The patient list could not be read: %s", error->message);
      update_list_stack (self);
      return;
    }

  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->patients)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  g_signal_connect_object (self->filtered, "items-changed",
                           G_CALLBACK (update_list_stack), self, G_CONNECT_SWAPPED);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  update_list_stack (self);
}

/**
 * sessio_patients_page_get_shown:
 *
 * Returns: (transfer none) (nullable): the patients the list shows now
 */
GListModel *
sessio_patients_page_get_shown (SessioPatientsPage *self)
{
  g_return_val_if_fail (SESSIO_IS_PATIENTS_PAGE (self), NULL);

  return self->filtered ? G_LIST_MODEL (self->filtered) : NULL;
}

void
sessio_patients_page_set_search (SessioPatientsPage *self,
                                 const char         *text)
{
  g_return_if_fail (SESSIO_IS_PATIENTS_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* Not waiting for the entry's typing delay. */
  search_changed (self);
}

void
sessio_patients_page_focus_search (SessioPatientsPage *self)
{
  g_return_if_fail (SESSIO_IS_PATIENTS_PAGE (self));

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
patient_added (SessioPatientsPage *self,
               gint64              id)
{
  reload_list (self);
  sessio_patients_page_open_patient (self, id);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  SessioPatientsPage *self = SESSIO_PATIENTS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  SessioPatientDialog *dialog;

  if (self->store == NULL)
    return;

  dialog = sessio_patient_dialog_new (self->store);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  g_signal_connect_object (dialog, "added", G_CALLBACK (patient_added), self, G_CONNECT_SWAPPED);
  /* A card read from an eID that is already in the file: that patient. */
  g_signal_connect_object (dialog, "open-patient", G_CALLBACK (sessio_patients_page_open_patient),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A file reopened or erased in the list of closed or expired files. */
static void
files_changed (SessioPatientsPage *self)
{
  sessio_patients_page_reload (self);
}

static void
retention_dialog (SessioPatientsPage        *self,
                  SessioRetentionDialogMode  mode)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  SessioRetentionDialog *dialog;

  if (self->store == NULL)
    return;
  dialog = sessio_retention_dialog_new (self->store, mode);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (files_changed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
closed_files_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  retention_dialog (SESSIO_PATIENTS_PAGE (widget), SESSIO_RETENTION_DIALOG_CLOSED);
}

static void
retention_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  retention_dialog (SESSIO_PATIENTS_PAGE (widget), SESSIO_RETENTION_DIALOG_EXPIRED);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SessioPatientsPage *self = SESSIO_PATIENTS_PAGE (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
sessio_patients_page_dispose (GObject *object)
{
  SessioPatientsPage *self = SESSIO_PATIENTS_PAGE (object);

  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->patients);
  g_clear_object (&self->store);
  g_clear_pointer (&self->folded_query, g_free);

  G_OBJECT_CLASS (sessio_patients_page_parent_class)->dispose (object);
}

static void
sessio_patients_page_class_init (SessioPatientsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sessio_patients_page_dispose;

  g_type_ensure (SESSIO_TYPE_PATIENT_VIEW);

  sessio_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/be/sessio/Sessio/sessio-patients-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SessioPatientsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientsPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientsPage, content);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientsPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, SessioPatientsPage, patient_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed);
  gtk_widget_class_bind_template_callback (widget_class, search_activated);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);
  gtk_widget_class_bind_template_callback (widget_class, patient_changed);

  gtk_widget_class_install_action (widget_class, "patients.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "patients.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "patients.closed-files", NULL, closed_files_action);
  gtk_widget_class_install_action (widget_class, "patients.retention", NULL, retention_action);
}

static void
sessio_patients_page_init (SessioPatientsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  sessio_a11y_fix_mnemonic_labels (GTK_WIDGET (self));

  self->folded_query = g_strdup ("");
  self->filter = gtk_custom_filter_new (match_patient, self, NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);

  update_list_stack (self);
}
