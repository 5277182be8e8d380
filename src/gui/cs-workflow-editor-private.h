/* cs-workflow-editor-private.h: what the two halves of CsWorkflowEditor share
 *
 * cs-workflow-editor.c: the object, its widgets, validation and read-only;
 * cs-workflow-editor-io.c: saving and its outcome, import and export;
 * cs-workflow-editor-actions.c: the actions, keyboard shortcuts, palette,
 * connecting and drag and drop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-workflow-editor.h"

G_BEGIN_DECLS

struct _CsWorkflowEditor
{
  AdwBin              parent_instance;

  CsWorkflow         *workflow;
  CsEditHistory      *history;
  GPtrArray          *load_problems;
  GPtrArray          *problems;
  guint               validate_source;
  guint               indicators_source;
  gboolean            read_only;
  gboolean            saving;
  gboolean            save_publishes;
  guint               generation;       /* bumped by every recorded edit, undo and redo */
  guint               save_generation;
  char               *message;
  GSettings          *settings;

  AdwToastOverlay    *toast_overlay;
  GtkInfoBar         *conflict_bar;
  GtkLabel           *conflict_label;
  GtkInfoBar         *read_only_bar;
  GtkLabel           *read_only_label;
  GtkWidget          *edit_buttons;
  GtkWidget          *relayout_button;
  GtkLabel           *zoom_label;
  GtkSpinner         *spinner;
  GtkSpinner         *big_spinner;
  GtkLabel           *status_label;
  GtkWidget          *save_button;
  GtkWidget          *publish_button;
  GtkBox             *palette;
  GtkWidget          *canvas_overlay;
  CsDagCanvas        *canvas;
  GtkStack           *side_stack;
  GtkStackPage       *problems_page;
  GtkStack           *problems_stack;
  GtkListBox         *problems_list;
  CsStepPanel        *step_panel;
};

/* cs-workflow-editor.c */
void     cs_workflow_editor_show_message     (CsWorkflowEditor *self,
                                              const char       *text,
                                              gboolean          offer_retry);
void     cs_workflow_editor_request_save     (CsWorkflowEditor *self,
                                              gboolean          publish);
void     cs_workflow_editor_update_actions   (CsWorkflowEditor *self);
void     cs_workflow_editor_update_status    (CsWorkflowEditor *self);
/* Runs a pending validation now. */
void     cs_workflow_editor_validate_now     (CsWorkflowEditor *self);

/* cs-workflow-editor-io.c */
void     cs_workflow_editor_class_init_saving (GtkWidgetClass  *widget_class);
void     cs_workflow_editor_export_action    (GtkWidget        *widget,
                                              const char       *action,
                                              GVariant         *parameter);
void     cs_workflow_editor_import_action    (GtkWidget        *widget,
                                              const char       *action,
                                              GVariant         *parameter);

/* cs-workflow-editor-actions.c */
void     cs_workflow_editor_class_init_actions (GtkWidgetClass   *widget_class);
void     cs_workflow_editor_init_palette     (CsWorkflowEditor *self);
/* Canvas requests, and drops of palette items and files. */
void     cs_workflow_editor_init_canvas      (CsWorkflowEditor *self);

G_END_DECLS
