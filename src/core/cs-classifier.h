/* cs-classifier.h: a tenant's trainable report classifier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-text-features.h"

G_BEGIN_DECLS

/* The blob format cs_classifier_serialize() writes; older ones still load. */
#define CS_CLASSIFIER_FORMAT_VERSION 1

typedef enum
{
  CS_CLASSIFIER_LOGISTIC,     /* softmax regression on word and character n-grams */
  CS_CLASSIFIER_NAIVE_BAYES,  /* multinomial naive Bayes on word counts: the baseline */
} CsClassifierKind;

/* A labelled text. Seed examples (synthesised from the categories) carry a
 * lower weight than a citizen's report that an officer labelled. */
typedef struct
{
  char  *text;
  char  *category;   /* a category code */
  float  weight;
} CsExample;

typedef struct
{
  CsClassifierKind kind;
  CsFeatureOptions features;
  guint    epochs;               /* passes when nothing is held out for validation */
  guint    max_epochs;           /* at most this many with early stopping */
  guint    patience;             /* stop after this many epochs without a better validation loss */
  double   validation_fraction;  /* of the labelled examples, held out per class */
  guint    min_validation_examples; /* fewer labelled examples than this: no early stopping */
  gboolean refit;                /* after early stopping, train again on everything (else keep the best epoch) */
  double   learning_rate;        /* AdaGrad's step */
  double   l2;                   /* L2 regularisation per update */
  gboolean balanced;             /* weigh classes inversely to their frequency */
  gboolean seed_examples;        /* add examples made from the categories' names, descriptions, keywords */
  float    seed_weight;
  double   nb_alpha;             /* naive Bayes' additive smoothing */
  float    prune;                /* drop rows whose weights are all below this in magnitude */
  guint32  seed;                 /* shuffles and splits: same seed, same model */
} CsTrainOptions;

typedef struct
{
  guint       index;        /* into the classifier's categories */
  const char *code;         /* owned by the classifier */
  double      probability;  /* softmax, temperature-scaled on held-out data */
} CsPrediction;

#define CS_TYPE_CLASSIFIER (cs_classifier_get_type ())

G_DECLARE_FINAL_TYPE (CsClassifier, cs_classifier, CS, CLASSIFIER, GObject)

CsExample       *cs_example_new                (const char            *text,
                                                const char            *category,
                                                float                  weight);
void             cs_example_free               (CsExample             *example);

void             cs_train_options_init         (CsTrainOptions        *options,
                                                CsClassifierKind       kind);

GPtrArray       *cs_classifier_seed_examples   (GPtrArray             *categories,
                                                float                  weight);
CsClassifier    *cs_classifier_train           (GPtrArray             *categories,
                                                GPtrArray             *examples,
                                                const CsTrainOptions  *options,
                                                GCancellable          *cancellable,
                                                GError               **error);

guint            cs_classifier_predict         (CsClassifier          *self,
                                                const char            *text,
                                                gssize                 length,
                                                CsPrediction          *predictions,
                                                guint                  n_predictions);
const char      *cs_classifier_classify        (CsClassifier          *self,
                                                const char            *text,
                                                double                *confidence);

GBytes          *cs_classifier_serialize       (CsClassifier          *self);
CsClassifier    *cs_classifier_deserialize     (GBytes                *blob,
                                                GError               **error);

CsClassifierKind cs_classifier_get_kind        (CsClassifier          *self);
guint            cs_classifier_get_n_categories (CsClassifier         *self);
const char      *cs_classifier_get_code        (CsClassifier          *self,
                                                guint                  index);
const char      *cs_classifier_get_name        (CsClassifier          *self,
                                                guint                  index);
gint             cs_classifier_lookup          (CsClassifier          *self,
                                                const char            *code);
guint            cs_classifier_get_version     (CsClassifier          *self);
void             cs_classifier_set_version     (CsClassifier          *self,
                                                guint                  version);
guint            cs_classifier_get_n_examples  (CsClassifier          *self);
guint            cs_classifier_get_epochs      (CsClassifier          *self);
gint64           cs_classifier_get_created_at  (CsClassifier          *self);
double           cs_classifier_get_temperature (CsClassifier          *self);
gsize            cs_classifier_get_n_rows      (CsClassifier          *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsExample, cs_example_free)

G_END_DECLS
