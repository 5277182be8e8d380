/* cs-classifier-private.h: the classifier's model, shared by its training and serialisation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-classifier.h"

G_BEGIN_DECLS

/* A linear model over hashed features, whatever trained it:
 *   score[k] = bias[k] + length_coef[k] · known + Σ value · weight[bucket][k]
 * then softmax(score / temperature). Only buckets some example touched have
 * a row; row_of maps every bucket to its row, and row 0 is all zeros, so a
 * lookup never branches. length_coef is naive Bayes' per-word normaliser
 * (known: the count of words it saw in training), unused by logistic regression. */
struct _CsClassifier
{
  GObject           parent_instance;

  CsClassifierKind  kind;
  CsFeatureOptions  features;
  guint             n_classes;
  char            **codes;        /* n_classes, NULL-terminated */
  char            **names;
  float            *bias;
  float            *length_coef;
  float             temperature;
  guint32          *row_of;       /* 2^features.hash_bits */
  float            *rows;         /* (n_rows + 1) × n_classes */
  guint             n_rows;

  guint             version;
  guint             n_examples;
  guint             epochs;
  gint64            created_at;   /* seconds since the epoch, UTC */
};

CsClassifier *cs_classifier_new_model   (CsClassifierKind        kind,
                                         const CsFeatureOptions *features,
                                         const char * const     *codes,
                                         const char * const     *names);
void          cs_classifier_set_rows    (CsClassifier           *self,
                                         const guint32          *buckets,
                                         const float            *weights,
                                         guint                   n,
                                         float                   prune);
/* acc += v · row over k classes, unrolled by four so that the compiler can
 * use vector instructions at -O2. */
static inline void
cs_axpy (float       *restrict acc,
         const float *restrict row,
         float                 v,
         guint                 k)
{
  guint c = 0;

  for (; c + 4 <= k; c += 4)
    {
      acc[c] += v * row[c];
      acc[c + 1] += v * row[c + 1];
      acc[c + 2] += v * row[c + 2];
      acc[c + 3] += v * row[c + 3];
    }
  for (; c < k; c++)
    acc[c] += v * row[c];
}

guint32       cs_classifier_crc32       (const guint8           *data,
                                         gsize                   length);

G_END_DECLS
