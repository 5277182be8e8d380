/* cs-classifier-eval.c: how well a classifier does on labelled examples
 *
 * Accuracy alone flatters a model on skewed data (a quarter of Newport's
 * reports are "Roadway or Sidewalk Issue"), so every evaluation also gives
 * macro-F1, which weighs each category equally, and the figures of the
 * majority-class baseline, which always guesses the commonest category.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-categories.h"
#include "cs-classifier-eval.h"
#include "cs-error.h"

struct _CsEvaluation
{
  gatomicrefcount ref_count;
  guint           n_labels;
  char          **labels;
  guint          *counts;     /* n_labels × n_labels, [truth][predicted] */
  guint           total;
  gint            majority;   /* -1: the most frequent true label */
};

G_DEFINE_BOXED_TYPE (CsEvaluation, cs_evaluation, cs_evaluation_ref, cs_evaluation_unref)

CsEvaluation *
cs_evaluation_new (const char * const *labels)
{
  CsEvaluation *self;

  g_return_val_if_fail (labels != NULL && labels[0] != NULL, NULL);

  self = g_new0 (CsEvaluation, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->labels = g_strdupv ((char **) labels);
  self->n_labels = g_strv_length (self->labels);
  self->counts = g_new0 (guint, (gsize) self->n_labels * self->n_labels);
  self->majority = -1;
  return self;
}

CsEvaluation *
cs_evaluation_ref (CsEvaluation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cs_evaluation_unref (CsEvaluation *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_strfreev (self->labels);
  g_free (self->counts);
  g_free (self);
}

void
cs_evaluation_add (CsEvaluation *self,
                   guint         truth,
                   guint         predicted)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (truth < self->n_labels && predicted < self->n_labels);

  self->counts[(gsize) truth * self->n_labels + predicted]++;
  self->total++;
}

/* The baseline's one guess: the commonest category of the training data. By
 * default, the commonest of the evaluated examples. */
void
cs_evaluation_set_majority (CsEvaluation *self,
                            guint         label)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (label < self->n_labels);

  self->majority = (gint) label;
}

guint
cs_evaluation_get_n_labels (CsEvaluation *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_labels;
}

const char *
cs_evaluation_get_label (CsEvaluation *self,
                         guint         label)
{
  g_return_val_if_fail (self != NULL && label < self->n_labels, NULL);
  return self->labels[label];
}

guint
cs_evaluation_get_total (CsEvaluation *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->total;
}

guint
cs_evaluation_get_count (CsEvaluation *self,
                         guint         truth,
                         guint         predicted)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (truth < self->n_labels && predicted < self->n_labels, 0);
  return self->counts[(gsize) truth * self->n_labels + predicted];
}

guint
cs_evaluation_get_support (CsEvaluation *self,
                           guint         label)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL && label < self->n_labels, 0);

  for (guint p = 0; p < self->n_labels; p++)
    n += self->counts[(gsize) label * self->n_labels + p];
  return n;
}

static guint
predicted_count (CsEvaluation *self,
                 guint         label)
{
  guint n = 0;

  for (guint t = 0; t < self->n_labels; t++)
    n += self->counts[(gsize) t * self->n_labels + label];
  return n;
}

double
cs_evaluation_get_accuracy (CsEvaluation *self)
{
  guint right = 0;

  g_return_val_if_fail (self != NULL, 0);

  if (self->total == 0)
    return 0;
  for (guint c = 0; c < self->n_labels; c++)
    right += self->counts[(gsize) c * self->n_labels + c];
  return (double) right / self->total;
}

/* Of the examples predicted as label, the share that are; 0 when none is. */
double
cs_evaluation_get_precision (CsEvaluation *self,
                             guint         label)
{
  guint predicted;

  g_return_val_if_fail (self != NULL && label < self->n_labels, 0);

  predicted = predicted_count (self, label);
  return predicted > 0 ? (double) cs_evaluation_get_count (self, label, label) / predicted : 0;
}

double
cs_evaluation_get_recall (CsEvaluation *self,
                          guint         label)
{
  guint support;

  g_return_val_if_fail (self != NULL && label < self->n_labels, 0);

  support = cs_evaluation_get_support (self, label);
  return support > 0 ? (double) cs_evaluation_get_count (self, label, label) / support : 0;
}

double
cs_evaluation_get_f1 (CsEvaluation *self,
                      guint         label)
{
  double p, r;

  g_return_val_if_fail (self != NULL && label < self->n_labels, 0);

  p = cs_evaluation_get_precision (self, label);
  r = cs_evaluation_get_recall (self, label);
  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

/* The mean F1 over the categories that occur, as truth or as prediction. */
double
cs_evaluation_get_macro_f1 (CsEvaluation *self)
{
  double sum = 0;
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint c = 0; c < self->n_labels; c++)
    if (cs_evaluation_get_support (self, c) > 0 || predicted_count (self, c) > 0)
      {
        sum += cs_evaluation_get_f1 (self, c);
        n++;
      }
  return n > 0 ? sum / n : 0;
}

guint
cs_evaluation_get_majority (CsEvaluation *self)
{
  guint best = 0;

  g_return_val_if_fail (self != NULL, 0);

  if (self->majority >= 0)
    return (guint) self->majority;
  for (guint c = 1; c < self->n_labels; c++)
    if (cs_evaluation_get_support (self, c) > cs_evaluation_get_support (self, best))
      best = c;
  return best;
}

double
cs_evaluation_get_baseline_accuracy (CsEvaluation *self)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->total == 0)
    return 0;
  return (double) cs_evaluation_get_support (self, cs_evaluation_get_majority (self)) / self->total;
}

/* Always guessing the majority: its F1 is 2p / (1 + p) with p its share, the
 * others' 0, averaged over the categories present plus the guessed one. */
double
cs_evaluation_get_baseline_macro_f1 (CsEvaluation *self)
{
  guint majority, n = 0;
  double p;

  g_return_val_if_fail (self != NULL, 0);

  if (self->total == 0)
    return 0;
  majority = cs_evaluation_get_majority (self);
  for (guint c = 0; c < self->n_labels; c++)
    if (c == majority || cs_evaluation_get_support (self, c) > 0)
      n++;
  p = cs_evaluation_get_baseline_accuracy (self);
  return p > 0 ? 2 * p / (1 + p) / n : 0;
}

/* Appends text cut or padded to width characters (not bytes). */
static void
append_padded (GString    *out,
               const char *text,
               guint       width)
{
  glong chars = g_utf8_strlen (text, -1);

  if (chars > (glong) width)
    {
      const char *cut = g_utf8_offset_to_pointer (text, width - 1);

      g_string_append_len (out, text, cut - text);
      g_string_append (out, "…");
      return;
    }
  g_string_append (out, text);
  for (glong i = chars; i < (glong) width; i++)
    g_string_append_c (out, ' ');
}

char *
cs_evaluation_to_text (CsEvaluation *self,
                       const char   *model_name)
{
  GString *out;
  guint majority;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  majority = cs_evaluation_get_majority (self);
  g_string_append_printf (out, _("%u examples, %u categories"), self->total, self->n_labels);
  g_string_append (out, "\n\n");
  append_padded (out, "", 28);
  g_string_append_printf (out, "%10s %10s\n", _("accuracy"), _("macro-F1"));
  append_padded (out, model_name != NULL ? model_name : _("model"), 28);
  g_string_append_printf (out, "%10.3f %10.3f\n", cs_evaluation_get_accuracy (self),
                          cs_evaluation_get_macro_f1 (self));
  append_padded (out, _("majority baseline"), 28);
  g_string_append_printf (out, "%10.3f %10.3f  ", cs_evaluation_get_baseline_accuracy (self),
                          cs_evaluation_get_baseline_macro_f1 (self));
  g_string_append_printf (out, _("(always “%s”)"), self->labels[majority]);
  g_string_append (out, "\n\n");

  g_string_append (out, "    ");
  append_padded (out, _("category"), 40);
  g_string_append_printf (out, "%10s %8s %8s %8s\n", _("precision"), _("recall"), "F1", _("support"));
  for (guint c = 0; c < self->n_labels; c++)
    {
      g_string_append_printf (out, "%3u ", c + 1);
      append_padded (out, self->labels[c], 40);
      g_string_append_printf (out, "%10.3f %8.3f %8.3f %8u\n", cs_evaluation_get_precision (self, c),
                              cs_evaluation_get_recall (self, c), cs_evaluation_get_f1 (self, c),
                              cs_evaluation_get_support (self, c));
    }

  g_string_append (out, "\n");
  g_string_append (out, _("Confusion matrix: rows are the true categories, columns the predicted ones, numbered as above"));
  g_string_append (out, "\n    ");
  for (guint p = 0; p < self->n_labels; p++)
    g_string_append_printf (out, "%5u", p + 1);
  g_string_append_c (out, '\n');
  for (guint t = 0; t < self->n_labels; t++)
    {
      g_string_append_printf (out, "%3u ", t + 1);
      for (guint p = 0; p < self->n_labels; p++)
        g_string_append_printf (out, "%5u", cs_evaluation_get_count (self, t, p));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

JsonNode *
cs_evaluation_to_json (CsEvaluation *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "examples");
  json_builder_add_int_value (b, self->total);
  json_builder_set_member_name (b, "accuracy");
  json_builder_add_double_value (b, cs_evaluation_get_accuracy (self));
  json_builder_set_member_name (b, "macro_f1");
  json_builder_add_double_value (b, cs_evaluation_get_macro_f1 (self));

  json_builder_set_member_name (b, "baseline");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "category");
  json_builder_add_string_value (b, self->labels[cs_evaluation_get_majority (self)]);
  json_builder_set_member_name (b, "accuracy");
  json_builder_add_double_value (b, cs_evaluation_get_baseline_accuracy (self));
  json_builder_set_member_name (b, "macro_f1");
  json_builder_add_double_value (b, cs_evaluation_get_baseline_macro_f1 (self));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "categories");
  json_builder_begin_array (b);
  for (guint c = 0; c < self->n_labels; c++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "category");
      json_builder_add_string_value (b, self->labels[c]);
      json_builder_set_member_name (b, "precision");
      json_builder_add_double_value (b, cs_evaluation_get_precision (self, c));
      json_builder_set_member_name (b, "recall");
      json_builder_add_double_value (b, cs_evaluation_get_recall (self, c));
      json_builder_set_member_name (b, "f1");
      json_builder_add_double_value (b, cs_evaluation_get_f1 (self, c));
      json_builder_set_member_name (b, "support");
      json_builder_add_int_value (b, cs_evaluation_get_support (self, c));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  /* confusion[truth][predicted], in the order of "categories" */
  json_builder_set_member_name (b, "confusion");
  json_builder_begin_array (b);
  for (guint t = 0; t < self->n_labels; t++)
    {
      json_builder_begin_array (b);
      for (guint p = 0; p < self->n_labels; p++)
        json_builder_add_int_value (b, cs_evaluation_get_count (self, t, p));
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
shuffle (guint *v,
         guint  n,
         GRand *rand)
{
  for (guint i = n; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      guint t = v[i - 1];

      v[i - 1] = v[j];
      v[j] = t;
    }
}

/* Each example's fold (0 to n_folds - 1): every label's examples are shuffled
 * and dealt round the folds, continuing where the previous label stopped, so
 * fold sizes differ by at most one and each fold holds its share of each label. */
guint *
cs_stratified_folds (const guint *labels,
                     guint        n,
                     guint        n_folds,
                     guint32      seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autofree guint *members = g_new (guint, MAX (n, 1));
  guint *fold = g_new0 (guint, MAX (n, 1));
  guint next = 0;

  g_return_val_if_fail (labels != NULL || n == 0, fold);
  g_return_val_if_fail (n_folds >= 1, fold);

  for (guint i = 0; i < n; i++)
    {
      guint m = 0;

      if (!g_hash_table_add (seen, GUINT_TO_POINTER (labels[i] + 1)))
        continue;
      for (guint j = i; j < n; j++)
        if (labels[j] == labels[i])
          members[m++] = j;
      shuffle (members, m, rand);
      for (guint j = 0; j < m; j++)
        {
          fold[members[j]] = next;
          next = (next + 1) % n_folds;
        }
    }
  return fold;
}

/* TRUE for the examples of the test part: round (n_label × test_fraction) of each label. */
gboolean *
cs_stratified_split (const guint *labels,
                     guint        n,
                     double       test_fraction,
                     guint32      seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autofree guint *members = g_new (guint, MAX (n, 1));
  gboolean *test = g_new0 (gboolean, MAX (n, 1));

  g_return_val_if_fail (labels != NULL || n == 0, test);
  g_return_val_if_fail (test_fraction >= 0 && test_fraction <= 1, test);

  for (guint i = 0; i < n; i++)
    {
      guint m = 0, take;

      if (!g_hash_table_add (seen, GUINT_TO_POINTER (labels[i] + 1)))
        continue;
      for (guint j = i; j < n; j++)
        if (labels[j] == labels[i])
          members[m++] = j;
      shuffle (members, m, rand);
      take = (guint) (m * test_fraction + 0.5);
      for (guint j = 0; j < take; j++)
        test[members[j]] = TRUE;
    }
  return test;
}

static char **
classifier_labels (CsClassifier *classifier)
{
  guint k = cs_classifier_get_n_categories (classifier);
  char **labels = g_new0 (char *, k + 1);

  for (guint c = 0; c < k; c++)
    labels[c] = g_strdup (cs_classifier_get_code (classifier, c));
  return labels;
}

/* Predicts every example (CsExample) and tallies the results. */
CsEvaluation *
cs_classifier_evaluate (CsClassifier  *classifier,
                        GPtrArray     *examples,
                        GError       **error)
{
  g_auto(GStrv) labels = NULL;
  g_autoptr(CsEvaluation) evaluation = NULL;

  g_return_val_if_fail (CS_IS_CLASSIFIER (classifier), NULL);
  g_return_val_if_fail (examples != NULL, NULL);

  labels = classifier_labels (classifier);
  evaluation = cs_evaluation_new ((const char * const *) labels);
  for (guint i = 0; i < examples->len; i++)
    {
      const CsExample *example = examples->pdata[i];
      gint truth = cs_classifier_lookup (classifier, example->category);
      CsPrediction best;

      if (truth < 0)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Example %u is labelled “%s”, which is not one of the model’s categories"),
                       i + 1, example->category);
          return NULL;
        }
      cs_classifier_predict (classifier, example->text, -1, &best, 1);
      cs_evaluation_add (evaluation, (guint) truth, best.index);
    }
  return g_steal_pointer (&evaluation);
}

/* Stratified n_folds-fold cross-validation: each fold is predicted by a model
 * trained on the others, and all predictions are tallied together. */
CsEvaluation *
cs_classifier_cross_validate (GPtrArray             *categories,
                              GPtrArray             *examples,
                              const CsTrainOptions  *options,
                              guint                  n_folds,
                              guint32                seed,
                              GCancellable          *cancellable,
                              GError               **error)
{
  g_autoptr(GHashTable) index_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(CsEvaluation) evaluation = NULL;
  g_autofree guint *labels = NULL;
  g_autofree guint *fold = NULL;
  g_autofree const char **codes = NULL;

  g_return_val_if_fail (categories != NULL && categories->len > 0, NULL);
  g_return_val_if_fail (examples != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (n_folds < 2 || n_folds > examples->len)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Cross-validation needs between 2 and %u folds (the number of examples), not %u"),
                   examples->len, n_folds);
      return NULL;
    }

  codes = g_new0 (const char *, categories->len + 1);
  for (guint c = 0; c < categories->len; c++)
    {
      const CsCategory *category = categories->pdata[c];

      codes[c] = category->code;
      g_hash_table_insert (index_of, category->code, GUINT_TO_POINTER (c));
    }
  labels = g_new (guint, examples->len);
  for (guint i = 0; i < examples->len; i++)
    {
      const CsExample *example = examples->pdata[i];
      gpointer label;

      if (!g_hash_table_lookup_extended (index_of, example->category, NULL, &label))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Example %u is labelled “%s”, which is not one of the categories"),
                       i + 1, example->category);
          return NULL;
        }
      labels[i] = GPOINTER_TO_UINT (label);
    }

  evaluation = cs_evaluation_new (codes);
  fold = cs_stratified_folds (labels, examples->len, n_folds, seed);
  for (guint f = 0; f < n_folds; f++)
    {
      g_autoptr(GPtrArray) train = g_ptr_array_new ();
      g_autoptr(CsClassifier) model = NULL;

      for (guint i = 0; i < examples->len; i++)
        if (fold[i] != f)
          g_ptr_array_add (train, examples->pdata[i]);
      model = cs_classifier_train (categories, train, options, cancellable, error);
      if (model == NULL)
        return NULL;
      for (guint i = 0; i < examples->len; i++)
        if (fold[i] == f)
          {
            const CsExample *example = examples->pdata[i];
            CsPrediction best;

            cs_classifier_predict (model, example->text, -1, &best, 1);
            cs_evaluation_add (evaluation, labels[i], best.index);
          }
    }
  return g_steal_pointer (&evaluation);
}
