/* cs-analysis-json.h: the JSON of the performance API and of `analyze --json`
 *
 * Seed 001's answers with its field names and shapes exactly, plus more
 * fields: percentiles, elapsed and waiting times, heat for the process map.
 * The extras (any two steps, outliers, branches, targets, comparison,
 * recommendations) follow the same conventions: durations in ms (whole
 * numbers when they are whole), percentages 0–100, times ISO 8601 UTC,
 * null for what could not be measured.
 *
 * Every function returns a new JSON node (an object) the caller owns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cs-analysis.h"
#include "cs-recommend.h"

G_BEGIN_DECLS

/* GET /workflows: { "workflows": [ { workflow_id, name, description, step_count } ] } */
JsonNode *cs_analysis_json_workflows       (CsWorkflow * const *workflows,
                                            guint               n_workflows);
/* GET /steps?workflow_id=: { "steps": [ { step_id, name, type, workflow_id } ] } */
JsonNode *cs_analysis_json_steps           (CsWorkflow * const *workflows,
                                            guint               n_workflows);
/* GET /steps/{step_id}/metrics; NULL when the analysis has no such step. */
JsonNode *cs_analysis_json_step_metrics    (CsAnalysis         *analysis,
                                            const char         *step_id);
/* GET /workflows/{workflow_id}/performance */
JsonNode *cs_analysis_json_performance     (CsAnalysis         *analysis);
/* GET /workflows/{workflow_id}/bottlenecks; @recommendations (CsRecommendation,
 * may be NULL) lead the "recommendations" texts and are detailed in
 * "quantified_recommendations". */
JsonNode *cs_analysis_json_bottlenecks     (CsAnalysis         *analysis,
                                            GPtrArray          *recommendations);
/* GET /workflows/{workflow_id}/timing-analysis */
JsonNode *cs_analysis_json_timing          (CsAnalysis         *analysis);

/* The extras */
JsonNode *cs_analysis_json_time_between    (const CsPairTiming *timing);
JsonNode *cs_analysis_json_outliers        (const CsOutlierReport *report);
JsonNode *cs_analysis_json_branches        (CsAnalysis         *analysis);
JsonNode *cs_analysis_json_targets         (CsAnalysis         *analysis);
/* Per step and per transition: heat 0–1 for the process map. */
JsonNode *cs_analysis_json_heatmap         (CsAnalysis         *analysis);
JsonNode *cs_analysis_json_comparison      (CsComparison       *comparison);
JsonNode *cs_analysis_json_recommendations (GPtrArray          *recommendations);
/* Everything above for one workflow (the comparison when the options set
 * a baseline): what `civicstream-cli analyze --json` prints. */
JsonNode *cs_analysis_json_report          (CsAnalysis         *analysis,
                                            GPtrArray          *recommendations);

G_END_DECLS
