/* cs-analysis-json-private.h: the value conventions both JSON files share
 *
 * cs-analysis-json.c         seed 001's answers
 * cs-analysis-json-extra.c   the extras and the whole report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>

#include "cs-analysis-json.h"

G_BEGIN_DECLS

/* A duration: null when not measured, a whole number when it is whole. */
static inline void
cs_json_add_ms (JsonBuilder *b,
                const char  *name,
                double       ms)
{
  json_builder_set_member_name (b, name);
  if (isnan (ms))
    json_builder_add_null_value (b);
  else if (ms == floor (ms) && fabs (ms) < 9007199254740992.0)
    json_builder_add_int_value (b, (gint64) ms);
  else
    json_builder_add_double_value (b, ms);
}

/* A percentage or a ratio: always a number with a fraction, or null. */
static inline void
cs_json_add_number (JsonBuilder *b,
                    const char  *name,
                    double       value)
{
  json_builder_set_member_name (b, name);
  if (isnan (value) || isinf (value))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, value);
}

static inline void
cs_json_add_int (JsonBuilder *b,
                 const char  *name,
                 gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static inline void
cs_json_add_string (JsonBuilder *b,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value == NULL)
    json_builder_add_null_value (b);
  else
    json_builder_add_string_value (b, value);
}

static inline void
cs_json_add_strings (JsonBuilder        *b,
                     const char         *name,
                     const char * const *values)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint k = 0; values != NULL && values[k] != NULL; k++)
    json_builder_add_string_value (b, values[k]);
  json_builder_end_array (b);
}

/* µs UTC as ISO 8601, null for 0. */
void cs_json_add_time          (JsonBuilder          *b,
                                const char           *name,
                                gint64                us);
/* count, average, min, max, median, p90, p95, p99 of @d as "<prefix>…_ms". */
void cs_json_add_distribution  (JsonBuilder          *b,
                                const char           *prefix,
                                const CsDistribution *d);
void cs_json_add_period        (JsonBuilder          *b,
                                CsAnalysis           *analysis);
void cs_json_add_recommendation (JsonBuilder           *b,
                                 const CsRecommendation *r);

G_END_DECLS
