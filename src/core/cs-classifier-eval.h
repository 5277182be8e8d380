/* cs-classifier-eval.h: how well a classifier does on labelled examples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cs-classifier.h"

G_BEGIN_DECLS

/* A confusion matrix and the figures drawn from it: an immutable-once-filled,
 * reference-counted value. */
typedef struct _CsEvaluation CsEvaluation;

#define CS_TYPE_EVALUATION (cs_evaluation_get_type ())

GType          cs_evaluation_get_type            (void) G_GNUC_CONST;
CsEvaluation  *cs_evaluation_new                 (const char * const   *labels);
CsEvaluation  *cs_evaluation_ref                 (CsEvaluation         *self);
void           cs_evaluation_unref               (CsEvaluation         *self);

void           cs_evaluation_add                 (CsEvaluation         *self,
                                                  guint                 truth,
                                                  guint                 predicted);
void           cs_evaluation_set_majority        (CsEvaluation         *self,
                                                  guint                 label);

guint          cs_evaluation_get_n_labels        (CsEvaluation         *self);
const char    *cs_evaluation_get_label           (CsEvaluation         *self,
                                                  guint                 label);
guint          cs_evaluation_get_total           (CsEvaluation         *self);
guint          cs_evaluation_get_count           (CsEvaluation         *self,
                                                  guint                 truth,
                                                  guint                 predicted);
guint          cs_evaluation_get_support         (CsEvaluation         *self,
                                                  guint                 label);
double         cs_evaluation_get_accuracy        (CsEvaluation         *self);
double         cs_evaluation_get_precision       (CsEvaluation         *self,
                                                  guint                 label);
double         cs_evaluation_get_recall          (CsEvaluation         *self,
                                                  guint                 label);
double         cs_evaluation_get_f1              (CsEvaluation         *self,
                                                  guint                 label);
double         cs_evaluation_get_macro_f1        (CsEvaluation         *self);
guint          cs_evaluation_get_majority        (CsEvaluation         *self);
double         cs_evaluation_get_baseline_accuracy (CsEvaluation       *self);
double         cs_evaluation_get_baseline_macro_f1 (CsEvaluation       *self);

char          *cs_evaluation_to_text             (CsEvaluation         *self,
                                                  const char           *model_name);
JsonNode      *cs_evaluation_to_json             (CsEvaluation         *self);

guint         *cs_stratified_folds               (const guint          *labels,
                                                  guint                 n,
                                                  guint                 n_folds,
                                                  guint32               seed);
gboolean      *cs_stratified_split               (const guint          *labels,
                                                  guint                 n,
                                                  double                test_fraction,
                                                  guint32               seed);

CsEvaluation  *cs_classifier_evaluate            (CsClassifier         *classifier,
                                                  GPtrArray            *examples,
                                                  GError              **error);
CsEvaluation  *cs_classifier_cross_validate      (GPtrArray            *categories,
                                                  GPtrArray            *examples,
                                                  const CsTrainOptions *options,
                                                  guint                 n_folds,
                                                  guint32               seed,
                                                  GCancellable         *cancellable,
                                                  GError              **error);

GPtrArray     *cs_examples_from_csv              (const char           *data,
                                                  gssize                length,
                                                  const char           *text_column,
                                                  const char           *category_column,
                                                  guint                *n_skipped,
                                                  GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsEvaluation, cs_evaluation_unref)

G_END_DECLS
