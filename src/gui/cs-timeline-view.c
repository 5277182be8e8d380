/* cs-timeline-view.c: the step executions of an instance, with their timings
 *
 * A sortable table, wired in the template: each row's bar shows how its
 * time divides between the queue, the work and waiting for people or
 * services; the columns give the numbers. Sorting is by the raw values,
 * the labels are formatted by the template's callbacks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "store/cs-step-execution-item.h"
#include "cs-format.h"
#include "cs-timeline-view.h"
#include "cs-timing-bar.h"

struct _CsTimelineView
{
  AdwBin            parent_instance;

  GtkColumnView    *column_view;
  GtkSortListModel *sort_model;
  GtkColumnViewColumn *started_column;
};

G_DEFINE_FINAL_TYPE (CsTimelineView, cs_timeline_view, ADW_TYPE_BIN)

static char *
format_ms (gpointer this,
           double   ms)
{
  return cs_format_duration_ms (ms);
}

static char *
format_time (gpointer this,
             gint64   usec)
{
  return cs_format_time_us (usec);
}

static char *
format_count (gpointer this,
              guint    count)
{
  return count == 0 ? g_strdup ("—") : g_strdup_printf ("%u", count);
}

static char *
format_state (gpointer    this,
              const char *state)
{
  return g_strdup (cs_format_state (state));
}

static GStrv
state_classes (gpointer    this,
               const char *state)
{
  const char *classes[] = { cs_format_state_class (state), NULL };
  return g_strdupv ((char **) classes);
}

static char *
format_step_type (gpointer    this,
                  const char *type)
{
  if (g_strcmp0 (type, "action") == 0)
    return g_strdup (_("Action"));
  if (g_strcmp0 (type, "conditional") == 0)
    return g_strdup (_("Decision"));
  if (g_strcmp0 (type, "approval") == 0)
    return g_strdup (_("Approval"));
  if (g_strcmp0 (type, "integration") == 0)
    return g_strdup (_("Service call"));
  if (g_strcmp0 (type, "terminal") == 0)
    return g_strdup (_("End"));
  return g_strdup (type);
}

/* The error says more than the outcome when there is one. */
static char *
format_outcome (gpointer    this,
                const char *outcome,
                const char *error)
{
  if (error != NULL && *error != '\0')
    return g_strdup (error);
  return g_strdup (outcome && *outcome ? cs_format_state (outcome) : "");
}

void
cs_timeline_view_set_model (CsTimelineView *self,
                            GListModel     *model)
{
  g_return_if_fail (CS_IS_TIMELINE_VIEW (self));
  g_return_if_fail (!model || G_IS_LIST_MODEL (model));

  gtk_sort_list_model_set_model (self->sort_model, model);
}

GListModel *
cs_timeline_view_get_model (CsTimelineView *self)
{
  g_return_val_if_fail (CS_IS_TIMELINE_VIEW (self), NULL);
  return gtk_sort_list_model_get_model (self->sort_model);
}

GListModel *
cs_timeline_view_get_rows (CsTimelineView *self)
{
  g_return_val_if_fail (CS_IS_TIMELINE_VIEW (self), NULL);
  return G_LIST_MODEL (self->sort_model);
}

static void
cs_timeline_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_TIMELINE_VIEW);

  G_OBJECT_CLASS (cs_timeline_view_parent_class)->dispose (object);
}

static void
cs_timeline_view_class_init (CsTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_timeline_view_dispose;

  g_type_ensure (CS_TYPE_STEP_EXECUTION_ITEM);
  g_type_ensure (CS_TYPE_TIMING_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/cs-timeline-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CsTimelineView, column_view);
  gtk_widget_class_bind_template_child (widget_class, CsTimelineView, sort_model);
  gtk_widget_class_bind_template_child (widget_class, CsTimelineView, started_column);
  gtk_widget_class_bind_template_callback (widget_class, format_ms);
  gtk_widget_class_bind_template_callback (widget_class, format_time);
  gtk_widget_class_bind_template_callback (widget_class, format_count);
  gtk_widget_class_bind_template_callback (widget_class, format_state);
  gtk_widget_class_bind_template_callback (widget_class, state_classes);
  gtk_widget_class_bind_template_callback (widget_class, format_step_type);
  gtk_widget_class_bind_template_callback (widget_class, format_outcome);
}

static void
cs_timeline_view_init (CsTimelineView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* In the order things happened until someone sorts otherwise. */
  gtk_column_view_sort_by_column (self->column_view, self->started_column, GTK_SORT_ASCENDING);
}

GtkWidget *
cs_timeline_view_new (void)
{
  return g_object_new (CS_TYPE_TIMELINE_VIEW, NULL);
}
