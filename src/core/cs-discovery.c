/* cs-discovery.c: from an event log to an observed workflow and its history
 *
 * The object, the step ids, the workflow and the records; the analysis of
 * the log is in cs-discovery-graph.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-discovery-private.h"

G_DEFINE_FINAL_TYPE (CsDiscovery, cs_discovery, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MIN_COUNT,
  PROP_MIN_SHARE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cs_discovery_finalize (GObject *object)
{
  CsDiscovery *self = (CsDiscovery *) object;

  g_clear_object (&self->log);
  g_clear_pointer (&self->node_ids, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_array_unref);
  g_clear_pointer (&self->instances, g_array_unref);
  g_clear_pointer (&self->case_first, g_array_unref);
  g_clear_pointer (&self->spans, g_array_unref);
  g_clear_pointer (&self->rank, g_array_unref);
  g_clear_pointer (&self->edge_of, g_hash_table_unref);
  g_clear_pointer (&self->edges, g_ptr_array_unref);
  g_clear_pointer (&self->in_edges, g_ptr_array_unref);
  g_clear_pointer (&self->out_edges, g_ptr_array_unref);
  g_clear_pointer (&self->order, g_array_unref);
  g_clear_pointer (&self->position, g_array_unref);

  G_OBJECT_CLASS (cs_discovery_parent_class)->finalize (object);
}

static void
cs_discovery_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CsDiscovery *self = CS_DISCOVERY (object);

  switch (prop_id)
    {
    case PROP_MIN_COUNT:
      g_value_set_uint (value, self->min_count);
      break;
    case PROP_MIN_SHARE:
      g_value_set_double (value, self->min_share);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_discovery_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CsDiscovery *self = CS_DISCOVERY (object);

  switch (prop_id)
    {
    case PROP_MIN_COUNT:
      cs_discovery_set_min_count (self, g_value_get_uint (value));
      break;
    case PROP_MIN_SHARE:
      cs_discovery_set_min_share (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_discovery_class_init (CsDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_discovery_finalize;
  object_class->get_property = cs_discovery_get_property;
  object_class->set_property = cs_discovery_set_property;

  properties[PROP_MIN_COUNT] =
    g_param_spec_uint ("min-count", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MIN_SHARE] =
    g_param_spec_double ("min-share", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_discovery_init (CsDiscovery *self)
{
  self->min_count = 1;
  self->node_ids = g_ptr_array_new_with_free_func (g_free);
  self->counts = g_array_new (FALSE, TRUE, sizeof (guint));
  self->instances = g_array_new (FALSE, FALSE, sizeof (Instance));
  self->case_first = g_array_new (FALSE, FALSE, sizeof (guint));
  self->spans = g_array_new (FALSE, FALSE, sizeof (Span));
  self->rank = g_array_new (FALSE, TRUE, sizeof (double));
  self->edges = g_ptr_array_new_with_free_func (g_free);
  self->edge_of = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->in_edges = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->out_edges = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->order = g_array_new (FALSE, FALSE, sizeof (guint));
  self->position = g_array_new (FALSE, FALSE, sizeof (guint));
}

char *
cs_discovery_make_id (const char *text,
                      const char *fallback)
{
  g_autofree char *ascii = NULL;
  GString *id;
  gboolean gap = FALSE;

  g_return_val_if_fail (fallback != NULL, NULL);

  if (text == NULL)
    return g_strdup (fallback);
  ascii = g_str_to_ascii (text, "C");
  id = g_string_new (NULL);
  for (const char *p = ascii; *p != '\0' && id->len < 48; p++)
    {
      if (!g_ascii_isalnum (*p))
        {
          gap = TRUE;
          continue;
        }
      if (gap && id->len > 0)
        g_string_append_c (id, '_');
      gap = FALSE;
      g_string_append_c (id, g_ascii_tolower (*p));
    }
  if (id->len == 0)
    g_string_append (id, fallback);
  return g_string_free (id, FALSE);
}

static void
name_steps (CsDiscovery *self)
{
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = cs_event_log_get_n_activities (self->log);

  g_ptr_array_add (self->node_ids, g_strdup (CS_DISCOVERY_START_STEP));
  g_hash_table_add (used, (gpointer) CS_DISCOVERY_START_STEP);
  g_hash_table_add (used, (gpointer) CS_DISCOVERY_END_STEP);
  for (guint a = 0; a < n; a++)
    {
      g_autofree char *base = cs_discovery_make_id (cs_event_log_get_activity_name (self->log, a),
                                                    "activity");
      char *id = g_strdup (base);

      for (guint k = 2; g_hash_table_contains (used, id); k++)
        {
          g_free (id);
          id = g_strdup_printf ("%s_%u", base, k);
        }
      g_ptr_array_add (self->node_ids, id);
      g_hash_table_add (used, id);
    }
  g_ptr_array_add (self->node_ids, g_strdup (CS_DISCOVERY_END_STEP));
}

CsDiscovery *
cs_discovery_new (CsEventLog *log)
{
  CsDiscovery *self;

  g_return_val_if_fail (CS_IS_EVENT_LOG (log), NULL);

  self = g_object_new (CS_TYPE_DISCOVERY, NULL);
  self->log = g_object_ref (log);
  self->n_nodes = cs_event_log_get_n_activities (log) + 2;
  g_array_set_size (self->counts, self->n_nodes - 2);
  g_array_set_size (self->rank, self->n_nodes);
  name_steps (self);
  cs_discovery_analyse (self);
  cs_discovery_apply_thresholds (self);
  return self;
}

CsEventLog *
cs_discovery_get_log (CsDiscovery *self)
{
  g_return_val_if_fail (CS_IS_DISCOVERY (self), NULL);
  return self->log;
}

const CsDiscoveryStats *
cs_discovery_get_stats (CsDiscovery *self)
{
  g_return_val_if_fail (CS_IS_DISCOVERY (self), NULL);
  return &self->stats;
}

/* A macro, so that the compiler checks the format g_dngettext() returns. */
#define add_line(lines, n, format) \
  G_STMT_START { \
    if ((n) > 0) \
      g_ptr_array_add ((lines), g_strdup_printf ((format), (n))); \
  } G_STMT_END

char **
cs_discovery_describe (CsDiscovery *self)
{
  const CsDiscoveryStats *s;
  GPtrArray *lines;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  g_return_val_if_fail (CS_IS_DISCOVERY (self), NULL);

  s = &self->stats;
  lines = g_ptr_array_new ();
  first = cs_timestamp_format (s->first_event);
  last = cs_timestamp_format (s->last_event);
  g_ptr_array_add (lines, g_strdup_printf (_("%u cases, %u events, %u activities, from %s to %s"),
                                           s->n_cases, s->n_events, s->n_activities, first, last));
  add_line (lines, s->n_reordered,
            g_dngettext (GETTEXT_PACKAGE,
                         "%u event was out of order in its case and was put in its place in time",
                         "%u events were out of order in their cases and were put in "
                         "their places in time",
                         s->n_reordered));
  add_line (lines, s->n_single_event_cases,
            g_dngettext (GETTEXT_PACKAGE,
                         "%u case has a single event: no transitions, and a throughput time of 0",
                         "%u cases have a single event: no transitions, and a throughput time of 0",
                         s->n_single_event_cases));
  add_line (lines, s->n_unpaired_starts,
            g_dngettext (GETTEXT_PACKAGE,
                         "%u start event was never completed and is left out",
                         "%u start events were never completed and are left out",
                         s->n_unpaired_starts));
  add_line (lines, s->n_other_lifecycle,
            g_dngettext (GETTEXT_PACKAGE,
                         "%u event with another lifecycle transition (schedule, "
                         "suspend, …) is ignored",
                         "%u events with other lifecycle transitions (schedule, "
                         "suspend, …) are ignored",
                         s->n_other_lifecycle));
  add_line (lines, s->n_empty_cases,
            g_dngettext (GETTEXT_PACKAGE,
                         "%u case without events is left out",
                         "%u cases without events are left out",
                         s->n_empty_cases));
  add_line (lines, s->n_overlaps,
            g_dngettext (GETTEXT_PACKAGE,
                         "%u time an activity started before the one before it had "
                         "completed: no waiting time is counted",
                         "%u times an activity started before the one before it had "
                         "completed: no waiting time is counted",
                         s->n_overlaps));
  add_line (lines, s->n_rework_edges,
            g_dngettext (GETTEXT_PACKAGE,
                         "%u path leads back to an earlier activity (rework): it is "
                         "reported beside the workflow",
                         "%u paths lead back to earlier activities (rework): they are "
                         "reported beside the workflow",
                         s->n_rework_edges));
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (lines, FALSE);
}

guint
cs_discovery_get_min_count (CsDiscovery *self)
{
  g_return_val_if_fail (CS_IS_DISCOVERY (self), 0);
  return self->min_count;
}

void
cs_discovery_set_min_count (CsDiscovery *self,
                            guint        min_count)
{
  g_return_if_fail (CS_IS_DISCOVERY (self));

  min_count = MAX (min_count, 1);
  if (self->min_count == min_count)
    return;
  self->min_count = min_count;
  cs_discovery_apply_thresholds (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_COUNT]);
}

double
cs_discovery_get_min_share (CsDiscovery *self)
{
  g_return_val_if_fail (CS_IS_DISCOVERY (self), 0.0);
  return self->min_share;
}

void
cs_discovery_set_min_share (CsDiscovery *self,
                            double       min_share)
{
  g_return_if_fail (CS_IS_DISCOVERY (self));
  g_return_if_fail (min_share >= 0.0 && min_share <= 1.0);

  if (self->min_share == min_share)
    return;
  self->min_share = min_share;
  cs_discovery_apply_thresholds (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_SHARE]);
}

const char *
cs_discovery_get_step_id (CsDiscovery *self,
                          guint        activity)
{
  g_return_val_if_fail (CS_IS_DISCOVERY (self), NULL);
  g_return_val_if_fail (activity + 2 < self->n_nodes, NULL);

  return g_ptr_array_index (self->node_ids, activity + 1);
}

guint
cs_discovery_get_activity_count (CsDiscovery *self,
                                 guint        activity)
{
  g_return_val_if_fail (CS_IS_DISCOVERY (self), 0);
  g_return_val_if_fail (activity < self->counts->len, 0);

  return g_array_index (self->counts, guint, activity);
}

guint
cs_discovery_get_n_edges (CsDiscovery *self)
{
  g_return_val_if_fail (CS_IS_DISCOVERY (self), 0);
  return self->edges->len;
}

const CsDfgEdge *
cs_discovery_get_edge (CsDiscovery *self,
                       guint        index)
{
  g_return_val_if_fail (CS_IS_DISCOVERY (self), NULL);
  g_return_val_if_fail (index < self->edges->len, NULL);

  return &((Edge *) g_ptr_array_index (self->edges, index))->pub;
}

const CsDfgEdge *
cs_discovery_find_edge (CsDiscovery *self,
                        const char  *from,
                        const char  *to)
{
  g_return_val_if_fail (CS_IS_DISCOVERY (self), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  for (guint i = 0; i < self->edges->len; i++)
    {
      Edge *edge = g_ptr_array_index (self->edges, i);

      if (g_str_equal (edge->pub.from, from) && g_str_equal (edge->pub.to, to))
        return &edge->pub;
    }
  return NULL;
}

CsWorkflow *
cs_discovery_build_workflow (CsDiscovery *self,
                             const char  *key,
                             int          version,
                             const char  *name)
{
  CsWorkflow *workflow;
  const char *log_name;
  g_autofree char *description = NULL;
  guint end = self->n_nodes - 1;

  g_return_val_if_fail (CS_IS_DISCOVERY (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  log_name = cs_event_log_get_name (self->log);
  if (name == NULL || *name == '\0')
    name = log_name ? log_name : key;
  workflow = cs_workflow_new (key, version, name);
  cs_workflow_freeze_changed (workflow);
  cs_workflow_set_observed (workflow, TRUE);
  description = g_strdup_printf (_("Discovered from the event log “%s”: %u cases, %u events, "
                                   "%u activities"),
                                 log_name ? log_name : name,
                                 self->stats.n_cases, self->stats.n_events,
                                 self->stats.n_activities);
  cs_workflow_set_description (workflow, description);

  for (guint i = 0; i < self->order->len; i++)
    {
      guint v = g_array_index (self->order, guint, i);
      const char *id = g_ptr_array_index (self->node_ids, v);
      g_autoptr(CsStep) step = NULL;

      if (v == 0)
        step = cs_step_new (id, CS_STEP_ACTION, _("Start"));
      else if (v == end)
        {
          step = cs_step_new (id, CS_STEP_TERMINAL, _("End"));
          cs_step_set_terminal_status (step, CS_TERMINAL_SUCCESS);
        }
      else
        {
          guint count = g_array_index (self->counts, guint, v - 1);
          g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "Observed %u time",
                                                                "Observed %u times", count),
                                                   count);

          step = cs_step_new (id, CS_STEP_ACTION, cs_event_log_get_activity_name (self->log, v - 1));
          cs_step_set_description (step, text);
        }
      cs_workflow_add_step (workflow, step);
    }
  cs_workflow_set_start_step_id (workflow, CS_DISCOVERY_START_STEP);

  for (guint i = 0; i < self->edges->len; i++)
    {
      Edge *edge = g_ptr_array_index (self->edges, i);
      CsEdge *added;

      if (edge->pub.rework || !edge->pub.kept)
        continue;
      added = cs_workflow_connect (workflow, edge->pub.from, edge->pub.to, CS_EDGE_NEXT);
      if (edge->pub.implied)
        cs_edge_set_label (added, _("after rework"));
      else
        {
          g_autofree char *label = g_strdup_printf ("%u", edge->pub.count);

          cs_edge_set_label (added, label);
        }
    }
  cs_workflow_thaw_changed (workflow);
  return workflow;
}

void
cs_discovery_foreach_case (CsDiscovery          *self,
                           CsObservedCaseFunc    case_func,
                           CsObservedRecordFunc  record_func,
                           gpointer              user_data)
{
  guint n_cases;

  g_return_if_fail (CS_IS_DISCOVERY (self));

  n_cases = cs_event_log_get_n_cases (self->log);
  for (guint c = 0; c < n_cases; c++)
    {
      guint first = g_array_index (self->case_first, guint, c);
      guint last = g_array_index (self->case_first, guint, c + 1);
      const Instance *prev = NULL;

      if (case_func != NULL)
        {
          const Span *span = &g_array_index (self->spans, Span, c);
          g_autoptr(JsonObject) attributes = cs_event_log_case_attributes_to_json (self->log, c);
          CsObservedCase observed;
          guint n_events;

          cs_event_log_get_case_events (self->log, c, &n_events);
          observed.index = (gint64) c + 1;
          observed.case_id = cs_event_log_get_case_id (self->log, c);
          observed.started_at = span->started;
          observed.completed_at = span->completed;
          observed.n_events = n_events;
          observed.n_records = last - first;
          observed.attributes = attributes;
          case_func (&observed, user_data);
        }
      if (record_func == NULL)
        continue;

      for (guint i = first; i < last; i++)
        {
          const Instance *inst = &g_array_index (self->instances, Instance, i);
          CsStepRecord r;

          memset (&r, 0, sizeof r);
          r.instance_id = (gint64) c + 1;
          r.step_id = g_ptr_array_index (self->node_ids, inst->activity + 1);
          r.step_type = CS_STEP_ACTION;
          r.status = CS_EXEC_COMPLETED;
          r.from_step = prev ? g_ptr_array_index (self->node_ids, prev->activity + 1) : NULL;
          /* Overlapping activities: the next one was runnable no later than it started. */
          r.enqueued_at = prev ? MIN (prev->complete, inst->start) : inst->start;
          r.started_at = inst->start;
          r.completed_at = inst->complete;
          r.queue_time_ms = (r.started_at - r.enqueued_at) / 1000;
          r.execution_time_ms = (r.completed_at - r.started_at) / 1000;
          r.executed_by = (char *) cs_event_log_get_string (self->log, inst->resource);
          r.environment = (char *) "import";
          record_func (&r, user_data);
          prev = inst;
        }
    }
}
