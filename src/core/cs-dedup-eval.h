/* cs-dedup-eval.h: precision and recall of deduplication on hand-labelled report pairs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cs-dedup.h"

G_BEGIN_DECLS

typedef struct _CsDedupEval CsDedupEval;

typedef struct
{
  double threshold;
  guint  pairs;
  guint  tp;
  guint  fp;
  guint  fn;
  guint  tn;
  double precision;      /* 1 when nothing was linked */
  double recall;
  double f1;
} CsDedupEvalPoint;

CsDedupEval *cs_dedup_eval_new              (const char          *reports_csv,
                                             const char          *pairs_csv,
                                             GError             **error);
void         cs_dedup_eval_free             (CsDedupEval         *eval);

guint        cs_dedup_eval_get_n_reports    (CsDedupEval         *eval);
guint        cs_dedup_eval_get_n_labelled   (CsDedupEval         *eval,
                                             const char          *split,
                                             guint               *n_duplicates);

void         cs_dedup_eval_score            (CsDedupEval         *eval,
                                             const CsDedupConfig *config);
void         cs_dedup_eval_at               (CsDedupEval         *eval,
                                             const char          *split,
                                             double               threshold,
                                             CsDedupEvalPoint    *point);
double       cs_dedup_eval_choose_threshold (CsDedupEval         *eval,
                                             const char          *split,
                                             double               min_precision);
void         cs_dedup_eval_identical_baseline (CsDedupEval       *eval,
                                             const char          *split,
                                             CsDedupEvalPoint    *point);
void         cs_dedup_eval_nearby           (CsDedupEval         *eval,
                                             const CsDedupConfig *config,
                                             double               max_distance_m,
                                             guint               *n_pairs,
                                             guint               *n_linked);
char        *cs_dedup_eval_summary          (CsDedupEval         *eval,
                                             const CsDedupConfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsDedupEval, cs_dedup_eval_free)

G_END_DECLS
