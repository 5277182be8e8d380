/* cs-recommend-private.h: what the recommendations and their simulations share
 *
 * cs-recommend.c            what to recommend, and the sentences
 * cs-recommend-simulate.c   the workflow as the data shows it, baseline and what-if runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-analysis-private.h"
#include "cs-recommend.h"

G_BEGIN_DECLS

typedef struct
{
  CsAnalysis               *analysis;
  const CsRecommendOptions *options;
  GTimeZone                *tz;
  CsWorkflow               *calibrated;   /* NULL: no simulation possible */
  double                    arrivals;
  double                    days;
  guint                     workers;
  CsSimulator              *sim;
  gboolean                  have_baseline;
  GHashTable               *base_medians;  /* step id → median wait (double*), as things are */
  double                    base_case_median;
  GPtrArray                *rates;        /* approval steps (CsStep*) with an observed rate */
} Context;

/* Calibrates a copy of the analysed workflow and sets up the simulator;
 * leaves c->sim NULL when nothing can be simulated. */
void            cs_recommend_setup_simulator (Context           *c);
/* The observed approval rates, to build a change on. */
CsSimOverrides *cs_recommend_overrides_new   (Context           *c);
/* Runs the baseline (once) and @change, and fills @r's simulated fields;
 * leaves it unsimulated when there is no simulator. */
gboolean        cs_recommend_what_if         (Context           *c,
                                              CsRecommendation  *r,
                                              CsSimOverrides    *change,
                                              GCancellable      *cancellable,
                                              GError           **error);

G_END_DECLS
