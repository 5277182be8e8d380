/* cs-discovery.h: from an event log to an observed workflow and its history
 *
 * Process discovery by the directly-follows graph (DFG). Within a case, the
 * start and complete events of an activity are paired first in, first out
 * into activity instances (a complete without a start is an instance of no
 * duration; a start never completed is left out and counted); instances are
 * ordered by their start. Each consecutive pair of instances A, B of a case
 * is one observation of the edge A → B, taking start(B) − complete(A)
 * (0 when B started before A completed); the first instance follows the
 * synthetic start, the end follows the last.
 *
 * The observed workflow has one Action step per activity, a "start" Action
 * and an "end" Terminal, and is marked observed (cs_workflow_get_observed())
 * so that validation does not ask for handlers. Logs have loops (rework:
 * check → correct → check) where the engine's model is acyclic: a depth-first
 * search from the start sorts the edges into the forward ones, which make the
 * workflow, and the back edges, which close loops: those are reported as
 * rework edges with their frequency but are not part of the workflow. The
 * search visits first the activities that come earliest in their cases (the
 * mean position of their first instance), then the more frequent, so that
 * the usual order of the process is the forward direction. An activity that
 * is only ever left through a rework edge gets an implied edge to the end, so
 * that every step reaches the terminal.
 *
 * Rare paths can be hidden: an edge is kept when it was seen at least
 * "min-count" times and at least "min-share" times as often as the most
 * frequent edge. Whatever the thresholds, every activity keeps its most
 * frequent incoming and outgoing forward edges, so none is cut off.
 *
 * The history: one CsStepRecord per activity instance (step type action,
 * status completed, environment "import"): from_step is the activity before
 * it in the case (NULL for the first), enqueued_at the completion of that
 * activity (the first: its own start), queue_time started − enqueued,
 * execution_time completed − started, executed_by the resource. Each case
 * also gives a CsObservedCase summary: the first event, the last
 * completion and the case attributes. These map to the engine's tables as
 * the simulator's output does (cs-simulator.h): a store layer writes the
 * workflow as a version, each case as an instance and each record as a step
 * execution.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "cs-event-log.h"
#include "cs-step-record.h"
#include "cs-workflow.h"

G_BEGIN_DECLS

/* The ids of the synthetic steps. */
#define CS_DISCOVERY_START_STEP "start"
#define CS_DISCOVERY_END_STEP   "end"

typedef struct
{
  const char *from;        /* step ids */
  const char *to;
  guint       count;       /* cases going directly from → to, counted each time */
  gint64      total_ms;    /* sum of the transition times, between activities */
  gboolean    rework;      /* a back edge, closing a loop: not in the workflow */
  gboolean    kept;        /* passes the thresholds or keeps an activity connected
                            * (for rework edges: passes the thresholds) */
  gboolean    implied;     /* not observed: leads an activity left only by rework to the end */
} CsDfgEdge;

typedef struct
{
  guint   n_cases;
  guint   n_events;
  guint   n_activities;          /* in the log */
  guint   n_instances;           /* activity instances: the step records */
  guint   n_reordered;           /* events that were out of order in their case */
  guint   n_single_event_cases;
  guint   n_unpaired_starts;     /* starts never completed: not in the records */
  guint   n_other_lifecycle;     /* neither start nor complete (schedule, suspend, …): ignored */
  guint   n_empty_cases;         /* traces without events, dropped */
  guint   n_overlaps;            /* transitions where the next activity started before the
                                  * previous one completed */
  guint   n_rework_edges;
  gint64  first_event;           /* µs UTC; 0 for an empty log */
  gint64  last_event;
  /* Case throughput: last completion − first event. */
  gint64  throughput_min_ms;
  gint64  throughput_max_ms;
  gint64  throughput_total_ms;
  double  throughput_mean_ms;
  double  throughput_sd_ms;      /* sample standard deviation */
} CsDiscoveryStats;

/* One case, as an instance of the observed workflow: borrowed, valid during
 * the callback. */
typedef struct
{
  gint64      index;          /* 1, 2, … in the log's order; the records' instance_id */
  const char *case_id;
  gint64      started_at;     /* its first event */
  gint64      completed_at;   /* its last completion */
  guint       n_events;
  guint       n_records;      /* the records that follow */
  JsonObject *attributes;     /* the case attributes (cs_event_log_case_attributes_to_json()) */
} CsObservedCase;

typedef void (*CsObservedCaseFunc)   (const CsObservedCase *observed,
                                      gpointer              user_data);
typedef void (*CsObservedRecordFunc) (const CsStepRecord   *record,
                                      gpointer              user_data);

#define CS_TYPE_DISCOVERY (cs_discovery_get_type ())

G_DECLARE_FINAL_TYPE (CsDiscovery, cs_discovery, CS, DISCOVERY, GObject)

/* Pairs the events and builds the graph at once. */
CsDiscovery *cs_discovery_new              (CsEventLog   *log);
CsEventLog  *cs_discovery_get_log          (CsDiscovery  *self);
const CsDiscoveryStats *cs_discovery_get_stats (CsDiscovery *self);

/* The import report for people, one sentence a line: the size and dates of
 * the log, then whatever was corrected or left out (events sorted into
 * time order, single-event cases, starts never completed, other lifecycle
 * transitions, empty cases, overlapping activities, rework edges).
 * Free with g_strfreev(). */
char       **cs_discovery_describe         (CsDiscovery  *self);

/* Thresholds: 1 and 0 (keep everything) unless set. */
guint        cs_discovery_get_min_count    (CsDiscovery  *self);
void         cs_discovery_set_min_count    (CsDiscovery  *self,
                                            guint         min_count);
double       cs_discovery_get_min_share    (CsDiscovery  *self);
void         cs_discovery_set_min_share    (CsDiscovery  *self,
                                            double        min_share);

/* The step id of each activity of the log: its name as [a-z0-9_]+, made
 * unique. Activities without instances have no step in the workflow. */
const char  *cs_discovery_get_step_id      (CsDiscovery  *self,
                                            guint         activity);
/* Instances of the activity. */
guint        cs_discovery_get_activity_count (CsDiscovery *self,
                                              guint        activity);

/* Every edge of the graph, forward edges first (in the workflow's order),
 * then rework edges, each group by source and decreasing count. */
guint        cs_discovery_get_n_edges      (CsDiscovery  *self);
const CsDfgEdge *cs_discovery_get_edge     (CsDiscovery  *self,
                                            guint         index);
const CsDfgEdge *cs_discovery_find_edge    (CsDiscovery  *self,
                                            const char   *from,
                                            const char   *to);

/* The observed workflow with the edges kept by the thresholds, each labelled
 * with its count. Steps have no position, so editors lay them out. Without
 * a @name, the log's name (or @key) names it. */
CsWorkflow  *cs_discovery_build_workflow   (CsDiscovery  *self,
                                            const char   *key,
                                            int           version,
                                            const char   *name);

/* For each case in log order: @case_func, then @record_func for each of its
 * records in order. Either may be NULL. */
void         cs_discovery_foreach_case     (CsDiscovery          *self,
                                            CsObservedCaseFunc    case_func,
                                            CsObservedRecordFunc  record_func,
                                            gpointer              user_data);

/* @text as a machine id ([a-z0-9_]+, at most 48 characters; accents dropped,
 * other characters as underscores), or @fallback when nothing is left. */
char        *cs_discovery_make_id          (const char   *text,
                                            const char   *fallback);

G_END_DECLS
