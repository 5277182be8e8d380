/* cs-dedup.h: deciding whether a citizen's report joins an open issue or opens a new one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cs-text-similarity.h"

G_BEGIN_DECLS

#define CS_DEDUP_DEFAULT_RADIUS_M   250.0
#define CS_DEDUP_DEFAULT_WINDOW     (30 * G_TIME_SPAN_DAY)
/* An issue's fingerprint absorbs those of its first reports, no more: a
 * fingerprint grown from hundreds of reports would contain everything. */
#define CS_DEDUP_TEXT_MERGE_LIMIT   5

typedef struct
{
  double   threshold;             /* link at or above, when both have a location */
  double   threshold_text_only;   /* link at or above, when either has none */
  guint    min_words_text_only;   /* fewer content words than this and no location: never link */
  double   default_radius_m;      /* for a radius given as negative */
  GTimeSpan window;               /* how long after an issue's last report it can be joined */
  double   weight_text;
  double   weight_distance;
  double   weight_time;
} CsDedupConfig;

/* Times are microseconds since the Unix epoch (g_get_real_time(),
 * g_date_time_to_unix () * G_USEC_PER_SEC). Categories are compared as
 * strings; NULL means "unknown" and matches anything. A radius is the
 * category's: 0 turns deduplication off, negative means the default. */
typedef struct
{
  const CsTextFingerprint *fingerprint;  /* NULL: no text */
  gboolean    located;
  double      lat;
  double      lon;
  gint64      time;
  const char *category;
  const char *category_group;
  double      radius_m;
} CsDedupReport;

typedef struct
{
  gint64      issue_id;
  const CsTextFingerprint *fingerprint;  /* of its representative text */
  gboolean    located;
  double      lat;                       /* centroid of its reports */
  double      lon;
  gint64      first_report;
  gint64      last_report;
  guint       report_count;
  const char *category;
  const char *category_group;
  double      radius_m;
  gboolean    open;
} CsDedupCandidate;

typedef enum
{
  CS_DEDUP_ELIGIBLE,
  CS_DEDUP_NOT_OPEN,
  CS_DEDUP_OTHER_CATEGORY,
  CS_DEDUP_RADIUS_OFF,         /* the category's radius is 0 */
  CS_DEDUP_TOO_FAR,            /* beyond the radius */
  CS_DEDUP_OUTSIDE_WINDOW,     /* too long after (or before) the issue's reports */
  CS_DEDUP_TOO_VAGUE,          /* no location, and too few words to say where */
} CsDedupEligibility;

typedef struct
{
  CsDedupEligibility eligibility;
  gboolean   located;          /* both located: distance counted */
  gboolean   same_category;    /* both categories known and equal */
  gboolean   same_group;       /* different categories of one group */
  double     distance_m;       /* -1 when not located */
  double     radius_m;         /* the radius that applied */
  double     days_apart;       /* from the issue's reports to this one */
  double     text;             /* cs_text_fingerprint_similarity() */
  double     proximity;        /* 1 at 0 m, 0 at the radius */
  double     recency;          /* 1 within the issue's span, 0 at the window's end */
  double     score;
  double     threshold;        /* the bar this candidate had to reach */
  CsTextSimilarity text_detail;
} CsDedupScore;

typedef enum
{
  CS_DEDUP_NEW_ISSUE,
  CS_DEDUP_LINK,
} CsDedupAction;

typedef enum
{
  CS_DEDUP_REASON_LINKED,
  CS_DEDUP_REASON_DISABLED,         /* the report's category has radius 0 */
  CS_DEDUP_REASON_NO_CANDIDATES,    /* none given */
  CS_DEDUP_REASON_NONE_ELIGIBLE,    /* none open, of its category, near and recent enough */
  CS_DEDUP_REASON_BELOW_THRESHOLD,
} CsDedupReason;

typedef struct
{
  CsDedupAction action;
  CsDedupReason reason;
  gint64        issue_id;       /* the linked issue, else the best candidate, else 0 */
  int           best;           /* index of that candidate, -1 when none */
  guint         n_eligible;
  double        window_days;
  CsDedupScore  score;          /* of the best candidate; its radius_m is the report's when none */
} CsDedupDecision;

void      cs_dedup_config_init          (CsDedupConfig          *config);

gboolean  cs_dedup_score                (const CsDedupConfig    *config,
                                         const CsDedupReport    *report,
                                         const CsDedupCandidate *candidate,
                                         CsDedupScore           *score);
void      cs_dedup_decide               (const CsDedupConfig    *config,
                                         const CsDedupReport    *report,
                                         const CsDedupCandidate *candidates,
                                         guint                   n_candidates,
                                         CsDedupDecision        *decision);
char     *cs_dedup_decision_describe    (const CsDedupDecision  *decision);

void      cs_dedup_candidate_absorb     (CsDedupCandidate       *issue,
                                         const CsDedupReport    *report);
void      cs_dedup_candidate_merge      (CsDedupCandidate       *into,
                                         const CsDedupCandidate *from);

G_END_DECLS
