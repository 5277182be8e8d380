/* cs-classifier.c: a tenant's trainable report classifier
 *
 * A trained CsClassifier is immutable (but for its version number): worker
 * threads share one and call cs_classifier_predict() concurrently, and
 * retraining makes a new object that replaces the old one once accepted.
 * Training lives in cs-classifier-train.c, the blob format in
 * cs-classifier-blob.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-classifier-private.h"

G_DEFINE_FINAL_TYPE (CsClassifier, cs_classifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_N_CATEGORIES,
  PROP_N_EXAMPLES,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

CsExample *
cs_example_new (const char *text,
                const char *category,
                float       weight)
{
  CsExample *example;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (category != NULL, NULL);

  example = g_new0 (CsExample, 1);
  example->text = g_strdup (text);
  example->category = g_strdup (category);
  example->weight = weight;
  return example;
}

void
cs_example_free (CsExample *example)
{
  if (example == NULL)
    return;
  g_free (example->text);
  g_free (example->category);
  g_free (example);
}

/* Defaults chosen by nested cross-validation on the Newport development data
 * (docs/classification.md). */
void
cs_train_options_init (CsTrainOptions   *options,
                       CsClassifierKind  kind)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->kind = kind;
  cs_feature_options_init (&options->features);
  options->epochs = 40;
  options->max_epochs = 15;
  options->patience = 3;
  options->validation_fraction = 0.1;
  options->min_validation_examples = 2000;
  options->refit = FALSE;
  options->learning_rate = 0.1;
  options->l2 = 1e-4;
  options->balanced = TRUE;
  options->seed_examples = TRUE;
  options->seed_weight = 0.5f;
  options->nb_alpha = 1.0;
  options->prune = 1e-4f;
  options->seed = 1;

  if (kind == CS_CLASSIFIER_NAIVE_BAYES)
    {
      /* The plain textbook baseline: word counts, no class weights. */
      options->features.flags = CS_FEATURE_WORDS | CS_FEATURE_RAW_COUNTS;
      options->balanced = FALSE;
    }
}

CsClassifier *
cs_classifier_new_model (CsClassifierKind        kind,
                         const CsFeatureOptions *features,
                         const char * const     *codes,
                         const char * const     *names)
{
  CsClassifier *self = g_object_new (CS_TYPE_CLASSIFIER, NULL);

  self->kind = kind;
  self->features = *features;
  self->codes = g_strdupv ((char **) codes);
  self->names = g_strdupv ((char **) names);
  self->n_classes = g_strv_length (self->codes);
  g_assert (g_strv_length (self->names) == self->n_classes);
  self->bias = g_new0 (float, self->n_classes);
  self->length_coef = g_new0 (float, self->n_classes);
  self->temperature = 1.0f;
  self->row_of = g_new0 (guint32, (gsize) 1 << features->hash_bits);
  self->rows = g_new0 (float, self->n_classes);
  self->created_at = g_get_real_time () / G_USEC_PER_SEC;
  return self;
}

/* Installs n weight rows (n_classes each) for the given buckets, leaving out
 * rows whose weights are all below `prune` in magnitude. */
void
cs_classifier_set_rows (CsClassifier  *self,
                        const guint32 *buckets,
                        const float   *weights,
                        guint          n,
                        float          prune)
{
  gsize n_buckets = (gsize) 1 << self->features.hash_bits;
  guint k = self->n_classes;
  guint kept = 0;

  memset (self->row_of, 0, n_buckets * sizeof (guint32));
  g_free (self->rows);
  self->rows = g_new0 (float, (gsize) (n + 1) * k);
  for (guint r = 0; r < n; r++)
    {
      const float *row = weights + (gsize) r * k;
      gboolean keep = FALSE;

      g_assert (buckets[r] < n_buckets);
      for (guint c = 0; c < k && !keep; c++)
        keep = fabsf (row[c]) >= prune && row[c] != 0;
      if (!keep)
        continue;
      kept++;
      self->row_of[buckets[r]] = kept;
      memcpy (self->rows + (gsize) kept * k, row, k * sizeof (float));
    }
  self->n_rows = kept;
  self->rows = g_renew (float, self->rows, (gsize) (kept + 1) * k);
}

static void
cs_classifier_finalize (GObject *object)
{
  CsClassifier *self = (CsClassifier *) object;

  g_strfreev (self->codes);
  g_strfreev (self->names);
  g_free (self->bias);
  g_free (self->length_coef);
  g_free (self->row_of);
  g_free (self->rows);

  G_OBJECT_CLASS (cs_classifier_parent_class)->finalize (object);
}

static void
cs_classifier_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CsClassifier *self = CS_CLASSIFIER (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;
    case PROP_N_CATEGORIES:
      g_value_set_uint (value, self->n_classes);
      break;
    case PROP_N_EXAMPLES:
      g_value_set_uint (value, self->n_examples);
      break;
    case PROP_VERSION:
      g_value_set_uint (value, self->version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_classifier_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CsClassifier *self = CS_CLASSIFIER (object);

  switch (prop_id)
    {
    case PROP_VERSION:
      cs_classifier_set_version (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_classifier_class_init (CsClassifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_classifier_finalize;
  object_class->get_property = cs_classifier_get_property;
  object_class->set_property = cs_classifier_set_property;

  properties[PROP_KIND] =
    g_param_spec_uint ("kind", NULL, NULL, 0, CS_CLASSIFIER_NAIVE_BAYES, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_CATEGORIES] =
    g_param_spec_uint ("n-categories", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_EXAMPLES] =
    g_param_spec_uint ("n-examples", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* The tenant's model number, which the store assigns when it saves a model. */
  properties[PROP_VERSION] =
    g_param_spec_uint ("version", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_classifier_init (CsClassifier *self)
{
  self->temperature = 1.0f;
}

/* Fills predictions with the n_predictions most probable categories, best
 * first, and returns how many it filled. Safe to call from several threads
 * at once on one classifier. */
guint
cs_classifier_predict (CsClassifier *self,
                       const char   *text,
                       gssize        length,
                       CsPrediction *predictions,
                       guint         n_predictions)
{
  g_autoptr(CsFeatureVector) vector = NULL;
  float stack_acc[64];
  double stack_scores[64];
  g_autofree float *heap_acc = NULL;
  g_autofree double *heap_scores = NULL;
  float *acc;
  double *scores;
  guint k;
  double max = -G_MAXDOUBLE;
  double sum = 0;
  double known = 0;
  guint filled;

  g_return_val_if_fail (CS_IS_CLASSIFIER (self), 0);
  g_return_val_if_fail (predictions != NULL || n_predictions == 0, 0);

  k = self->n_classes;
  if (k <= G_N_ELEMENTS (stack_scores))
    {
      acc = stack_acc;
      scores = stack_scores;
    }
  else
    {
      acc = heap_acc = g_new (float, k);
      scores = heap_scores = g_new (double, k);
    }

  vector = cs_feature_vector_new ();
  cs_text_features (text != NULL ? text : "", text != NULL ? length : 0, &self->features, vector);

  /* All the row lookups first: independent loads that the processor overlaps,
   * where interleaving them with the arithmetic waits for each cache miss. */
  for (guint i = 0; i < vector->n; i++)
    vector->index[i] = self->row_of[vector->index[i]];
  for (guint i = 0; i < vector->n; i++)
    __builtin_prefetch (self->rows + (gsize) vector->index[i] * k);

  memset (acc, 0, k * sizeof (float));
  for (guint i = 0; i < vector->n; i++)
    {
      guint32 r = vector->index[i];

      /* Naive Bayes ignores words it never saw, as a vocabulary would. */
      known += r != 0 ? vector->value[i] : 0;
      cs_axpy (acc, self->rows + (gsize) r * k, vector->value[i], k);
    }
  for (guint c = 0; c < k; c++)
    scores[c] = self->bias[c] + acc[c];
  if (self->kind == CS_CLASSIFIER_NAIVE_BAYES)
    for (guint c = 0; c < k; c++)
      scores[c] += self->length_coef[c] * known;

  for (guint c = 0; c < k; c++)
    {
      scores[c] /= self->temperature;
      max = MAX (max, scores[c]);
    }
  for (guint c = 0; c < k; c++)
    {
      scores[c] = exp (scores[c] - max);
      sum += scores[c];
    }

  filled = MIN (n_predictions, k);
  for (guint i = 0; i < filled; i++)
    {
      guint best = 0;

      /* Taken ones are marked negative; ties go to the lower index. */
      for (guint c = 1; c < k; c++)
        if (scores[c] > scores[best])
          best = c;
      predictions[i].index = best;
      predictions[i].code = self->codes[best];
      predictions[i].probability = scores[best] / sum;
      scores[best] = -1;
    }
  return filled;
}

/* The most probable category's code (owned by the classifier). */
const char *
cs_classifier_classify (CsClassifier *self,
                        const char   *text,
                        double       *confidence)
{
  CsPrediction best;

  g_return_val_if_fail (CS_IS_CLASSIFIER (self), NULL);

  if (cs_classifier_predict (self, text, -1, &best, 1) == 0)
    {
      if (confidence != NULL)
        *confidence = 0;
      return NULL;
    }
  if (confidence != NULL)
    *confidence = best.probability;
  return best.code;
}

CsClassifierKind
cs_classifier_get_kind (CsClassifier *self)
{
  g_return_val_if_fail (CS_IS_CLASSIFIER (self), CS_CLASSIFIER_LOGISTIC);
  return self->kind;
}

guint
cs_classifier_get_n_categories (CsClassifier *self)
{
  g_return_val_if_fail (CS_IS_CLASSIFIER (self), 0);
  return self->n_classes;
}

const char *
cs_classifier_get_code (CsClassifier *self,
                        guint         index)
{
  g_return_val_if_fail (CS_IS_CLASSIFIER (self), NULL);
  g_return_val_if_fail (index < self->n_classes, NULL);
  return self->codes[index];
}

const char *
cs_classifier_get_name (CsClassifier *self,
                        guint         index)
{
  g_return_val_if_fail (CS_IS_CLASSIFIER (self), NULL);
  g_return_val_if_fail (index < self->n_classes, NULL);
  return self->names[index];
}

/* The index of the category with this code, or -1. */
gint
cs_classifier_lookup (CsClassifier *self,
                      const char   *code)
{
  g_return_val_if_fail (CS_IS_CLASSIFIER (self), -1);
  g_return_val_if_fail (code != NULL, -1);

  for (guint i = 0; i < self->n_classes; i++)
    if (strcmp (self->codes[i], code) == 0)
      return (gint) i;
  return -1;
}

guint
cs_classifier_get_version (CsClassifier *self)
{
  g_return_val_if_fail (CS_IS_CLASSIFIER (self), 0);
  return self->version;
}

void
cs_classifier_set_version (CsClassifier *self,
                           guint         version)
{
  g_return_if_fail (CS_IS_CLASSIFIER (self));

  if (self->version == version)
    return;
  self->version = version;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
}

guint
cs_classifier_get_n_examples (CsClassifier *self)
{
  g_return_val_if_fail (CS_IS_CLASSIFIER (self), 0);
  return self->n_examples;
}

guint
cs_classifier_get_epochs (CsClassifier *self)
{
  g_return_val_if_fail (CS_IS_CLASSIFIER (self), 0);
  return self->epochs;
}

gint64
cs_classifier_get_created_at (CsClassifier *self)
{
  g_return_val_if_fail (CS_IS_CLASSIFIER (self), 0);
  return self->created_at;
}

double
cs_classifier_get_temperature (CsClassifier *self)
{
  g_return_val_if_fail (CS_IS_CLASSIFIER (self), 1);
  return self->temperature;
}

/* How many hashed buckets carry weights: what the model's size depends on. */
gsize
cs_classifier_get_n_rows (CsClassifier *self)
{
  g_return_val_if_fail (CS_IS_CLASSIFIER (self), 0);
  return self->n_rows;
}
