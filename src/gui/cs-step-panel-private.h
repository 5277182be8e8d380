/* cs-step-panel-private.h: what the two halves of CsStepPanel share
 *
 * cs-step-panel.c holds the object and the fixed fields; the rows that come
 * and go with the step's contents (inputs, branches, headers, response
 * mapping) are in cs-step-panel-lists.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-step-panel.h"

G_BEGIN_DECLS

struct _CsStepPanel
{
  AdwBin               parent_instance;

  CsEditHistory       *history;
  CsWorkflow          *workflow;
  CsStep              *step;
  gboolean             editable;
  guint                applying;     /* our own edits: the model echo is not shown back */
  guint                refreshing;   /* filling widgets: their signals are not edits */
  char                *lists_signature;
  GPtrArray           *list_rows;    /* (group, row) pairs of the dynamic rows */

  GtkStack            *stack;
  AdwStatusPage       *empty_page;
  GtkWidget           *general_group;
  GtkWidget           *action_group;
  GtkWidget           *inputs_group;
  GtkWidget           *branches_group;
  GtkWidget           *approval_group;
  GtkWidget           *integration_group;
  GtkWidget           *retry_group;
  GtkWidget           *headers_group;
  GtkWidget           *mapping_group;
  GtkWidget           *terminal_group;
  AdwEntryRow         *name_row;
  AdwEntryRow         *id_row;
  AdwEntryRow         *description_row;
  AdwComboRow         *type_row;
  AdwActionRow        *start_row;
  GtkSwitch           *start_switch;
  AdwComboRow         *handler_row;
  AdwEntryRow         *add_input_row;
  AdwEntryRow         *approvers_row;
  AdwComboRow         *quorum_row;
  AdwEntryRow         *agency_row;
  GtkSpinButton       *due_spin;
  AdwEntryRow         *escalate_row;
  AdwComboRow         *method_row;
  AdwEntryRow         *url_row;
  AdwActionRow        *url_error_row;
  AdwEntryRow         *body_row;
  AdwActionRow        *body_error_row;
  AdwEntryRow         *statuses_row;
  AdwActionRow        *statuses_error_row;
  GtkSpinButton       *timeout_spin;
  GtkSpinButton       *attempts_spin;
  GtkSpinButton       *backoff_base_spin;
  GtkSpinButton       *backoff_max_spin;
  GtkSpinButton       *breaker_threshold_spin;
  GtkSpinButton       *breaker_reset_spin;
  AdwEntryRow         *add_header_row;
  AdwEntryRow         *add_mapping_row;
  AdwComboRow         *status_row;
  GtkStringList       *handlers;
};

/* cs-step-panel.c */
void     cs_step_panel_begin        (CsStepPanel *self,
                                     const char  *field);
void     cs_step_panel_end          (CsStepPanel *self);
void     cs_step_panel_set_text     (GtkEditable *editable,
                                     const char  *text);
/* Shows "Column N: message" in @row, or hides it when @error is NULL. */
void     cs_step_panel_show_error   (AdwActionRow *row,
                                     const char   *source,
                                     const GError *error,
                                     gsize         offset);

/* cs-step-panel-lists.c */
void     cs_step_panel_init_lists   (CsStepPanel *self);
/* Rebuilds the dynamic rows when the step's lists changed shape, else
 * refreshes their texts and errors. */
void     cs_step_panel_update_lists (CsStepPanel *self,
                                     gboolean     force);

G_END_DECLS
