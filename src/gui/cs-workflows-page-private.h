/* cs-workflows-page-private.h: what the workflows page's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/cs-workflow.h"
#include "store/cs-instance-item.h"
#include "store/cs-workflow-item.h"
#include "workers/cs-engine.h"
#include "cs-dag-canvas.h"
#include "cs-data-list.h"
#include "cs-timeline-view.h"
#include "cs-workflow-editor.h"
#include "cs-workflows-page.h"

G_BEGIN_DECLS

/* The instances list shows the newest ones. */
#define CS_WORKFLOWS_PAGE_INSTANCE_LIMIT 500

struct _CsWorkflowsPage
{
  AdwBin              parent_instance;

  CsStore            *store;
  gulong              state_handler;
  CsChangeListener   *listener;
  gboolean            instances_stale; /* changed while the instances loaded */
  /* Starting an instance needs an engine for its plan cache; this one
   * never runs steps, the worker pool's engines do. */
  CsEngine           *engine;

  GListStore         *workflows;       /* CsWorkflowItem */
  GtkTreeListModel   *tree;
  CsVersionItem      *version;         /* the version shown */
  CsWorkflow         *workflow;        /* its definition, once loaded */
  gint64              instance_id;     /* the instance shown in the detail, 0 for none */
  gint64              changing_instance;   /* the retry or cancel under way */
  gboolean            changing_cancel;

  /* One per kind of load; a new load of a kind cancels the one before. */
  GCancellable       *workflows_cancellable;
  GCancellable       *version_cancellable;
  GCancellable       *instances_cancellable;
  GCancellable       *detail_cancellable;
  GCancellable       *action_cancellable;

  AdwToastOverlay    *toast_overlay;
  GtkStack           *stack;
  GtkListView        *workflow_list;
  GtkSingleSelection *workflow_selection;
  GtkLabel           *title_label;
  GtkLabel           *subtitle_label;
  GtkButton          *run_step_button;
  GtkButton          *export_button;
  GtkButton          *start_button;
  GtkStack           *diagram_stack;
  GtkSpinner         *diagram_spinner;
  AdwStatusPage      *diagram_failed_page;
  CsDagCanvas        *canvas;
  GtkButton          *back_button;
  GtkLabel           *instances_label;
  GtkDropDown        *status_filter;
  GtkLabel           *instances_count_label;
  GtkStackSwitcher   *detail_switcher;
  GtkButton          *retry_button;
  GtkButton          *cancel_button;
  GtkStack           *instances_stack;
  AdwStatusPage      *instances_empty_page;
  GtkColumnView      *instance_view;
  GtkSingleSelection *instance_selection;
  GtkSortListModel   *instance_sort_model;
  GListStore         *instances;       /* CsInstanceItem */
  GtkColumnViewColumn *started_column;
  GtkStack           *detail_views;
  CsTimelineView     *timeline_view;
  CsDataList         *data_list;
  /* editing */
  CsWorkflowEditor   *editor;
  GtkLabel           *editor_title;
  GtkButton          *edit_button;
  CsVersionInfo      *editing_base;    /* what the editor's work is based on */
};

/* cs-workflows-page.c */
void            cs_workflows_page_notify_busy       (CsWorkflowsPage *self);
void            cs_workflows_page_toast             (CsWorkflowsPage *self,
                                                     const char      *message);
gboolean        cs_workflows_page_is_connected      (CsWorkflowsPage *self);
/* Whether the signed-in user's role may manage workflows (designers and
 * administrators); officers only look. */
gboolean        cs_workflows_page_may_manage        (CsWorkflowsPage *self);
/* A load of the kind @slot keeps: begin cancels the one before; end is
 * FALSE when the load was cancelled, and its answer must be dropped. */
GCancellable   *cs_workflows_page_begin_load        (CsWorkflowsPage  *self,
                                                     GCancellable    **slot);
gboolean        cs_workflows_page_end_load          (CsWorkflowsPage  *self,
                                                     GCancellable    **slot,
                                                     const GError     *error);

/* cs-workflows-page-list.c */
void            cs_workflows_page_init_list         (CsWorkflowsPage *self);
void            cs_workflows_page_class_init_list   (GtkWidgetClass  *widget_class);
void            cs_workflows_page_show_version      (CsWorkflowsPage *self,
                                                     CsVersionItem   *version);

/* cs-workflows-page-instances.c */
void            cs_workflows_page_class_init_instances (GtkWidgetClass *widget_class);
void            cs_workflows_page_reload_instances  (CsWorkflowsPage *self);
void            cs_workflows_page_update_instance_count (CsWorkflowsPage *self);
/* The state the instances are filtered by, NULL for all. */
const char     *cs_workflows_page_get_status_filter (CsWorkflowsPage *self);

/* cs-workflows-page-live.c: following the database's announcements. */
void            cs_workflows_page_watch             (CsWorkflowsPage  *self,
                                                     CsChangeListener *listener);
CsInstanceItem *cs_workflows_page_get_selected_instance (CsWorkflowsPage *self);

/* cs-workflows-page-editing.c */
void            cs_workflows_page_class_init_editing (GtkWidgetClass *widget_class);
/* Designers (by role or additional role) edit workflows. */
gboolean        cs_workflows_page_may_design        (CsWorkflowsPage *self);

/* cs-workflows-page-actions.c */
void            cs_workflows_page_class_init_actions (GtkWidgetClass *widget_class);
void            cs_workflows_page_update_actions    (CsWorkflowsPage *self);

G_END_DECLS
