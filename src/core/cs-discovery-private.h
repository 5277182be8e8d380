/* cs-discovery-private.h: what the discovery's files share
 *
 * cs-discovery.c holds the object, the workflow and the records;
 * cs-discovery-graph.c pairs the events and builds the graph.
 *
 * Nodes of the graph: 0 is the start, activity a is a + 1, the last is the
 * end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-discovery.h"

G_BEGIN_DECLS

typedef struct
{
  guint32 activity;
  guint32 resource;
  gint64  start;
  gint64  complete;
} Instance;

typedef struct
{
  gint64 started;
  gint64 completed;
} Span;

typedef struct
{
  CsDfgEdge pub;
  guint     from;       /* nodes */
  guint     to;
  gint64    key;
  gint64    total_us;
} Edge;

struct _CsDiscovery
{
  GObject           parent_instance;

  CsEventLog       *log;
  guint             min_count;
  double            min_share;

  guint             n_nodes;
  GPtrArray        *node_ids;     /* node → step id */
  GArray           *counts;       /* activity → instances */
  GArray           *instances;    /* Instance, grouped by case, by start */
  GArray           *case_first;   /* case → its first instance; one more entry at the end */
  GArray           *spans;        /* case → Span */
  GArray           *rank;         /* node → mean position of its first instance in a case */

  GPtrArray        *edges;        /* Edge, owned; forward edges, then rework */
  GHashTable       *edge_of;      /* &Edge.key → Edge */
  GPtrArray        *in_edges;     /* node → GPtrArray of forward Edge, by decreasing count */
  GPtrArray        *out_edges;
  GArray           *order;        /* the reachable nodes, topologically */
  GArray           *position;     /* node → index in order, or G_MAXUINT */

  CsDiscoveryStats  stats;
};


/* Pairs the events, builds the graph, finds the rework edges and the
 * topological order, and computes the statistics (cs-discovery-graph.c). */
void     cs_discovery_analyse           (CsDiscovery *self);
/* Marks the edges kept by the thresholds, keeping every activity connected. */
void     cs_discovery_apply_thresholds  (CsDiscovery *self);

G_END_DECLS
