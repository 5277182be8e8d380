/* cs-classifier-train.c: training the classifier from labelled examples
 *
 * Softmax regression, trained by stochastic gradient descent with AdaGrad
 * step sizes (each feature's step shrinks with the gradients it has seen, so
 * rare words learn fast and common ones settle), L2 regularisation applied
 * to the weights an example touches, and class weights inversely
 * proportional to class frequency so that small categories are not drowned
 * by "Other". With enough labelled examples a stratified tenth is held out:
 * training stops when the held-out loss stops improving, keeps the best
 * epoch, and fits the temperature that makes the softmax's probabilities
 * honest. Smaller sets train for a fixed number of epochs on everything. One
 * thread, seeded shuffles: the same data and seed give the same model.
 *
 * Naive Bayes is the baseline: the textbook multinomial model on word counts
 * with additive smoothing, rewritten as a linear model so that it shares the
 * classifier's prediction code and blob format.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-categories.h"
#include "cs-classifier-private.h"
#include "cs-error.h"

/* Examples, vectorised once. */
typedef struct
{
  guint    n;
  guint    n_classes;
  gsize   *offsets;     /* n + 1, into index and value */
  guint32 *index;       /* compact row numbers, not buckets: see vectorise() */
  float   *value;
  guint   *label;
  float   *weight;      /* the example's weight, times its class weight when balanced */
  gboolean *labelled;   /* FALSE for seed examples, which are never held out */
  guint    n_rows;
  guint32 *bucket_of;   /* n_rows: each compact row's bucket */
} Dataset;

static void
dataset_clear (Dataset *d)
{
  g_free (d->offsets);
  g_free (d->index);
  g_free (d->value);
  g_free (d->label);
  g_free (d->weight);
  g_free (d->labelled);
  g_free (d->bucket_of);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Dataset, dataset_clear)

typedef struct
{
  const char *text;
  guint       label;
  float       weight;
  gboolean    labelled;
} Item;

/* Features are numbered by first appearance instead of by bucket: a few tens
 * of thousands of rows in use out of 2^18 buckets then sit together in the
 * cache while training, which is several times faster than the scattered
 * full table, and the training table only grows with the data. */
static gboolean
vectorise (Dataset                *d,
           GArray                 *items,
           const CsFeatureOptions *features,
           GCancellable           *cancellable,
           GError                **error)
{
  g_autoptr(CsFeatureVector) v = cs_feature_vector_new ();
  g_autoptr(GArray) index = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) value = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(GArray) bucket_of = g_array_new (FALSE, FALSE, sizeof (guint32));
  gsize n_buckets = (gsize) 1 << features->hash_bits;
  g_autofree guint32 *row_of = g_new (guint32, n_buckets);

  memset (row_of, 0xff, n_buckets * sizeof (guint32));
  d->n = items->len;
  d->offsets = g_new (gsize, d->n + 1);
  d->label = g_new (guint, d->n);
  d->weight = g_new (float, d->n);
  d->labelled = g_new (gboolean, d->n);
  d->offsets[0] = 0;

  for (guint i = 0; i < d->n; i++)
    {
      const Item *item = &g_array_index (items, Item, i);

      if (i % 1024 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      cs_text_features (item->text, -1, features, v);
      for (guint f = 0; f < v->n; f++)
        {
          guint32 bucket = v->index[f];

          if (row_of[bucket] == G_MAXUINT32)
            {
              row_of[bucket] = bucket_of->len;
              g_array_append_val (bucket_of, bucket);
            }
          g_array_append_val (index, row_of[bucket]);
        }
      g_array_append_vals (value, v->value, v->n);
      d->offsets[i + 1] = index->len;
      d->label[i] = item->label;
      d->weight[i] = item->weight;
      d->labelled[i] = item->labelled;
    }
  d->n_rows = bucket_of->len;
  d->bucket_of = (guint32 *) g_array_free (g_steal_pointer (&bucket_of), FALSE);
  d->index = (guint32 *) g_array_free (g_steal_pointer (&index), FALSE);
  d->value = (float *) g_array_free (g_steal_pointer (&value), FALSE);
  return TRUE;
}

/* Naive Bayes: log θ[c][j] = log (n[c][j] + α) - log (N[c] + α V), split into
 * a per-bucket weight log ((n + α) / α), zero for words never seen, and a
 * per-class coefficient log (α / (N[c] + α V)) of the number of known words. */
static CsClassifier *
train_naive_bayes (Dataset              *d,
                   const CsTrainOptions *options,
                   const char * const   *codes,
                   const char * const   *names)
{
  guint k = d->n_classes;
  g_autofree float *counts = g_new0 (float, (gsize) MAX (d->n_rows, 1) * k);
  g_autofree double *class_words = g_new0 (double, k);
  g_autofree double *class_docs = g_new0 (double, k);
  double alpha = options->nb_alpha > 0 ? options->nb_alpha : 1.0;
  double docs = 0;
  guint vocabulary = 0;
  CsClassifier *model;

  for (guint i = 0; i < d->n; i++)
    {
      guint c = d->label[i];

      for (gsize f = d->offsets[i]; f < d->offsets[i + 1]; f++)
        {
          counts[(gsize) d->index[f] * k + c] += d->value[f] * d->weight[i];
          class_words[c] += d->value[f] * d->weight[i];
        }
      class_docs[c] += d->weight[i];
      docs += d->weight[i];
    }

  for (gsize b = 0; b < d->n_rows; b++)
    {
      gboolean seen = FALSE;

      for (guint c = 0; c < k; c++)
        if (counts[b * k + c] > 0)
          {
            seen = TRUE;
            counts[b * k + c] = (float) log ((counts[b * k + c] + alpha) / alpha);
          }
      vocabulary += seen;
    }

  model = cs_classifier_new_model (CS_CLASSIFIER_NAIVE_BAYES, &options->features, codes, names);
  for (guint c = 0; c < k; c++)
    {
      model->bias[c] = (float) log ((class_docs[c] + 1) / (docs + k));
      model->length_coef[c] = (float) log (alpha / (class_words[c] + alpha * MAX (vocabulary, 1)));
    }
  cs_classifier_set_rows (model, d->bucket_of, counts, d->n_rows, 0);
  return model;
}

typedef struct
{
  guint  n_classes;
  float *w;      /* rows × classes */
  float *g2;     /* AdaGrad's sums of squared gradients, one per row */
  float *bias;
  float *bias_g2;
  gsize  size;
} Softmax;

static void
softmax_reset (Softmax *m)
{
  memset (m->w, 0, m->size * sizeof (float));
  memset (m->g2, 0, (m->size / m->n_classes) * sizeof (float));
  memset (m->bias, 0, m->n_classes * sizeof (float));
  memset (m->bias_g2, 0, m->n_classes * sizeof (float));
}

static void
softmax_scores (const Softmax *m,
                const Dataset *d,
                guint          i,
                double        *scores,
                float         *acc)
{
  guint k = m->n_classes;

  memset (acc, 0, k * sizeof (float));
  for (gsize f = d->offsets[i]; f < d->offsets[i + 1]; f++)
    cs_axpy (acc, m->w + (gsize) d->index[f] * k, d->value[f], k);
  for (guint c = 0; c < k; c++)
    scores[c] = m->bias[c] + acc[c];
}

/* Turns scores into probabilities in place; returns log p[label]. */
static double
log_softmax (double *scores,
             guint   k,
             guint   label)
{
  double max = scores[0];
  double sum = 0;
  double log_p;

  for (guint c = 1; c < k; c++)
    max = MAX (max, scores[c]);
  for (guint c = 0; c < k; c++)
    sum += exp (scores[c] - max);
  log_p = scores[label] - max - log (sum);
  for (guint c = 0; c < k; c++)
    scores[c] = exp (scores[c] - max) / sum;
  return log_p;
}

static void
softmax_step (Softmax       *m,
              const Dataset *d,
              guint          i,
              float          rate,
              float          l2,
              double        *scores,
              float         *grad)
{
  guint k = m->n_classes;
  float *g = grad + k;   /* scratch: this row's gradient */

  softmax_scores (m, d, i, scores, g);
  log_softmax (scores, k, d->label[i]);
  for (guint c = 0; c < k; c++)
    grad[c] = (float) (d->weight[i] * (scores[c] - (c == d->label[i])));

  for (gsize f = d->offsets[i]; f < d->offsets[i + 1]; f++)
    {
      guint32 row = d->index[f];
      float *w = m->w + (gsize) row * k;
      float v = d->value[f];
      float n0 = 0, n1 = 0, n2 = 0, n3 = 0;
      float step;
      guint c;

      /* One AdaGrad accumulator per row (the mean squared gradient over
       * classes): a square root per feature rather than per weight. */
      for (c = 0; c + 4 <= k; c += 4)
        {
          g[c] = grad[c] * v + l2 * w[c];
          g[c + 1] = grad[c + 1] * v + l2 * w[c + 1];
          g[c + 2] = grad[c + 2] * v + l2 * w[c + 2];
          g[c + 3] = grad[c + 3] * v + l2 * w[c + 3];
          n0 += g[c] * g[c];
          n1 += g[c + 1] * g[c + 1];
          n2 += g[c + 2] * g[c + 2];
          n3 += g[c + 3] * g[c + 3];
        }
      for (; c < k; c++)
        {
          g[c] = grad[c] * v + l2 * w[c];
          n0 += g[c] * g[c];
        }
      m->g2[row] += (n0 + n1 + n2 + n3) / k;
      step = rate / sqrtf (m->g2[row] + 1e-8f);
      cs_axpy (w, g, -step, k);
    }
  for (guint c = 0; c < k; c++)
    {
      m->bias_g2[c] += grad[c] * grad[c];
      m->bias[c] -= rate * grad[c] / sqrtf (m->bias_g2[c] + 1e-8f);
    }
}

static void
shuffle (guint *order,
         guint  n,
         GRand *rand)
{
  for (guint i = n; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      guint t = order[i - 1];

      order[i - 1] = order[j];
      order[j] = t;
    }
}

/* Held-out loss, weighted like the training objective; keeps the raw scores. */
static double
validation_loss (const Softmax *m,
                 const Dataset *d,
                 const guint   *held_out,
                 guint          n_held_out,
                 double        *logits)
{
  guint k = m->n_classes;
  g_autofree double *scores = g_new (double, k);
  g_autofree float *acc = g_new (float, k);
  double loss = 0, total = 0;

  for (guint v = 0; v < n_held_out; v++)
    {
      guint i = held_out[v];

      softmax_scores (m, d, i, scores, acc);
      memcpy (logits + (gsize) v * k, scores, k * sizeof (double));
      loss -= d->weight[i] * log_softmax (scores, k, d->label[i]);
      total += d->weight[i];
    }
  return total > 0 ? loss / total : 0;
}

/* Unweighted negative log-likelihood of the held-out labels at inverse temperature beta. */
static double
nll_at (const Dataset *d,
        const guint   *held_out,
        guint          n_held_out,
        const double  *logits,
        guint          k,
        double         beta)
{
  g_autofree double *scores = g_new (double, k);
  double nll = 0;

  for (guint v = 0; v < n_held_out; v++)
    {
      for (guint c = 0; c < k; c++)
        scores[c] = beta * logits[(gsize) v * k + c];
      nll -= log_softmax (scores, k, d->label[held_out[v]]);
    }
  return nll;
}

/* The temperature T minimising the held-out NLL of softmax(z / T); the NLL is
 * convex in 1/T, so a golden-section search finds it. */
static double
fit_temperature (const Dataset *d,
                 const guint   *held_out,
                 guint          n_held_out,
                 const double  *logits,
                 guint          k)
{
  const double phi = (sqrt (5.0) - 1) / 2;
  double lo = 0.05, hi = 20;
  double a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
  double fa = nll_at (d, held_out, n_held_out, logits, k, a);
  double fb = nll_at (d, held_out, n_held_out, logits, k, b);

  for (guint iter = 0; iter < 60; iter++)
    {
      if (fa < fb)
        {
          hi = b, b = a, fb = fa;
          a = hi - phi * (hi - lo);
          fa = nll_at (d, held_out, n_held_out, logits, k, a);
        }
      else
        {
          lo = a, a = b, fa = fb;
          b = lo + phi * (hi - lo);
          fb = nll_at (d, held_out, n_held_out, logits, k, b);
        }
    }
  return 2 / (lo + hi);
}

/* Per class, a stratified share of the labelled examples goes to held_out,
 * always leaving at least one of each class to train on. */
static guint
split_held_out (const Dataset *d,
                double         fraction,
                GRand         *rand,
                gboolean      *is_held_out,
                guint         *held_out)
{
  guint n_held_out = 0;

  for (guint c = 0; c < d->n_classes; c++)
    {
      g_autofree guint *members = g_new (guint, d->n);
      guint n = 0, take;

      for (guint i = 0; i < d->n; i++)
        if (d->labelled[i] && d->label[i] == c)
          members[n++] = i;
      shuffle (members, n, rand);
      take = (guint) floor (n * fraction + 0.5);
      if (take >= n)
        take = n > 0 ? n - 1 : 0;
      for (guint t = 0; t < take; t++)
        {
          is_held_out[members[t]] = TRUE;
          held_out[n_held_out++] = members[t];
        }
    }
  return n_held_out;
}

static gboolean
run_epochs (Softmax              *m,
            const Dataset        *d,
            guint                *order,
            guint                 n_order,
            guint                 epochs,
            const CsTrainOptions *options,
            GRand                *rand,
            GCancellable         *cancellable,
            GError              **error)
{
  g_autofree double *scores = g_new (double, m->n_classes);
  g_autofree float *grad = g_new (float, 2 * m->n_classes);

  for (guint e = 0; e < epochs; e++)
    {
      shuffle (order, n_order, rand);
      for (guint j = 0; j < n_order; j++)
        {
          if (j % 4096 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          softmax_step (m, d, order[j], (float) options->learning_rate, (float) options->l2,
                        scores, grad);
        }
    }
  return TRUE;
}

static CsClassifier *
train_softmax (Dataset              *d,
               const CsTrainOptions *options,
               const char * const   *codes,
               const char * const   *names,
               GCancellable         *cancellable,
               GError              **error)
{
  guint k = d->n_classes;
  g_autoptr(GRand) split_rand = g_rand_new_with_seed (options->seed);
  g_autoptr(GRand) rand = NULL;
  g_autofree gboolean *is_held_out = g_new0 (gboolean, d->n);
  g_autofree guint *held_out = g_new (guint, d->n);
  g_autofree guint *order = g_new (guint, d->n);
  g_autofree double *logits = NULL;
  g_autofree double *best_logits = NULL;
  g_autofree float *w = NULL, *g2 = NULL, *bias = NULL, *bias_g2 = NULL;
  Softmax m = { 0 };
  guint n_labelled = 0, n_held_out = 0, n_order = 0;
  guint epochs = options->epochs;
  double temperature = 1.0;
  CsClassifier *model;

  m.n_classes = k;
  m.size = (gsize) MAX (d->n_rows, 1) * k;
  m.w = w = g_new0 (float, m.size);
  m.g2 = g2 = g_new0 (float, m.size / k);
  m.bias = bias = g_new0 (float, k);
  m.bias_g2 = bias_g2 = g_new0 (float, k);

  for (guint i = 0; i < d->n; i++)
    n_labelled += d->labelled[i];
  if (options->validation_fraction > 0 && n_labelled >= MAX (options->min_validation_examples, 2))
    n_held_out = split_held_out (d, options->validation_fraction, split_rand, is_held_out, held_out);
  for (guint i = 0; i < d->n; i++)
    if (!is_held_out[i])
      order[n_order++] = i;

  rand = g_rand_new_with_seed (options->seed ^ 0x5bd1e995u);
  if (n_held_out > 0)
    {
      g_autofree float *best_w = g_new (float, m.size);
      g_autofree float *best_bias = g_new (float, k);
      double best_loss = G_MAXDOUBLE;
      guint since_best = 0;

      logits = g_new (double, (gsize) n_held_out * k);
      best_logits = g_new (double, (gsize) n_held_out * k);
      epochs = 0;
      for (guint e = 1; e <= options->max_epochs && since_best < options->patience; e++)
        {
          double loss;

          if (!run_epochs (&m, d, order, n_order, 1, options, rand, cancellable, error))
            return NULL;
          loss = validation_loss (&m, d, held_out, n_held_out, logits);
          /* Gains under one per cent do not reset the patience: on large,
           * easy data the loss creeps down for many epochs that change little. */
          if (loss < best_loss * 0.99)
            since_best = 0;
          else
            since_best++;
          if (loss < best_loss)
            {
              best_loss = loss;
              epochs = e;
              memcpy (best_logits, logits, (gsize) n_held_out * k * sizeof (double));
              memcpy (best_w, m.w, m.size * sizeof (float));
              memcpy (best_bias, m.bias, k * sizeof (float));
            }
        }
      temperature = fit_temperature (d, held_out, n_held_out, best_logits, k);

      if (options->refit)
        {
          /* Train again on everything, as long as the best epoch count. */
          softmax_reset (&m);
          g_clear_pointer (&rand, g_rand_free);
          rand = g_rand_new_with_seed (options->seed ^ 0x5bd1e995u);
          for (guint i = 0; i < d->n; i++)
            order[i] = i;
          if (!run_epochs (&m, d, order, d->n, epochs, options, rand, cancellable, error))
            return NULL;
        }
      else
        {
          memcpy (m.w, best_w, m.size * sizeof (float));
          memcpy (m.bias, best_bias, k * sizeof (float));
        }
    }
  else if (!run_epochs (&m, d, order, n_order, epochs, options, rand, cancellable, error))
    return NULL;

  model = cs_classifier_new_model (CS_CLASSIFIER_LOGISTIC, &options->features, codes, names);
  memcpy (model->bias, bias, k * sizeof (float));
  model->temperature = (float) temperature;
  model->epochs = epochs;
  cs_classifier_set_rows (model, d->bucket_of, w, d->n_rows, options->prune);
  return model;
}

/* Short synthetic texts from each category's name, description and keywords,
 * so that a tenant without labelled reports still gets a working model. */
GPtrArray *
cs_classifier_seed_examples (GPtrArray *categories,
                             float      weight)
{
  GPtrArray *examples = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_example_free);

  g_return_val_if_fail (categories != NULL, examples);

  for (guint i = 0; i < categories->len; i++)
    {
      CsCategory *category = categories->pdata[i];

      g_ptr_array_add (examples, cs_example_new (category->name, category->code, weight));
      if (*category->description != '\0')
        g_ptr_array_add (examples, cs_example_new (category->description, category->code, weight));
      for (guint j = 0; category->keywords[j] != NULL; j++)
        {
          g_autofree char *with_name = g_strdup_printf ("%s %s", category->keywords[j], category->name);

          g_ptr_array_add (examples, cs_example_new (category->keywords[j], category->code, weight));
          g_ptr_array_add (examples, cs_example_new (with_name, category->code, weight));
        }
    }
  return examples;
}

static gboolean
collect_items (GArray     *items,
               GPtrArray  *examples,
               GHashTable *index_of,
               gboolean    labelled,
               GError    **error)
{
  for (guint i = 0; i < examples->len; i++)
    {
      const CsExample *example = examples->pdata[i];
      gpointer label;
      Item item;

      if (!g_hash_table_lookup_extended (index_of, example->category, NULL, &label))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Example %u is labelled “%s”, which is not one of the categories"),
                       i + 1, example->category);
          return FALSE;
        }
      if (!(example->weight >= 0 && example->weight < G_MAXFLOAT))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Example %u has a weight that is not a non-negative number"), i + 1);
          return FALSE;
        }
      if (example->weight == 0)
        continue;
      item.text = example->text;
      item.label = GPOINTER_TO_UINT (label);
      item.weight = example->weight;
      item.labelled = labelled;
      g_array_append_val (items, item);
    }
  return TRUE;
}

/* Trains a new model over the categories (CsCategory) from the examples
 * (CsExample, labelled with category codes), plus the categories' seed
 * examples when the options ask for them. */
CsClassifier *
cs_classifier_train (GPtrArray             *categories,
                     GPtrArray             *examples,
                     const CsTrainOptions  *options,
                     GCancellable          *cancellable,
                     GError               **error)
{
  g_autoptr(GHashTable) index_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (Item));
  g_autoptr(GPtrArray) seeds = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_auto(Dataset) d = { 0 };
  g_autofree double *class_total = NULL;
  CsClassifier *model;
  guint k, present = 0;
  double total = 0;

  g_return_val_if_fail (categories != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cs_feature_options_validate (&options->features, error))
    return NULL;
  if (categories->len == 0 || categories->len > 4096)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("A classifier needs between 1 and 4096 categories, not %u"), categories->len);
      return NULL;
    }
  if (options->kind == CS_CLASSIFIER_LOGISTIC &&
      (options->epochs == 0 || options->max_epochs == 0 || !(options->learning_rate > 0) ||
       !(options->l2 >= 0)))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Training needs at least one epoch, a positive learning rate and a non-negative L2 penalty"));
      return NULL;
    }

  k = categories->len;
  for (guint c = 0; c < k; c++)
    {
      CsCategory *category = categories->pdata[c];

      if (!g_hash_table_insert (index_of, category->code, GUINT_TO_POINTER (c)))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("The category code “%s” is used twice"), category->code);
          return NULL;
        }
      g_ptr_array_add (codes, category->code);
      g_ptr_array_add (names, category->name);
    }
  g_ptr_array_add (codes, NULL);
  g_ptr_array_add (names, NULL);

  if (examples != NULL && !collect_items (items, examples, index_of, TRUE, error))
    return NULL;
  if (options->seed_examples)
    {
      seeds = cs_classifier_seed_examples (categories, options->seed_weight);
      if (!collect_items (items, seeds, index_of, FALSE, error))
        return NULL;
    }
  if (items->len == 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("There are no examples to train on"));
      return NULL;
    }

  d.n_classes = k;
  if (!vectorise (&d, items, &options->features, cancellable, error))
    return NULL;

  /* Balanced class weights: every class weighs as much in total. */
  class_total = g_new0 (double, k);
  for (guint i = 0; i < d.n; i++)
    {
      class_total[d.label[i]] += d.weight[i];
      total += d.weight[i];
    }
  for (guint c = 0; c < k; c++)
    present += class_total[c] > 0;
  if (options->balanced && options->kind == CS_CLASSIFIER_LOGISTIC)
    for (guint i = 0; i < d.n; i++)
      d.weight[i] *= (float) (total / (present * class_total[d.label[i]]));

  if (options->kind == CS_CLASSIFIER_NAIVE_BAYES)
    model = train_naive_bayes (&d, options, (const char * const *) codes->pdata,
                               (const char * const *) names->pdata);
  else
    model = train_softmax (&d, options, (const char * const *) codes->pdata,
                           (const char * const *) names->pdata, cancellable, error);
  if (model != NULL)
    model->n_examples = examples != NULL ? examples->len : 0;
  return model;
}
