/* cs-simulator-profile.c: a workflow and its simulation profile, compiled for the simulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-simulator-private.h"

static const char * const default_channels[] = { "web", "phone", "counter" };
static const double default_channel_weights[] = { 0.6, 0.15, 0.25 };

static void
gen_free (Gen *gen)
{
  if (gen == NULL)
    return;
  g_clear_pointer (&gen->constant, json_node_unref);
  g_clear_pointer (&gen->names, g_ptr_array_unref);
  g_clear_pointer (&gen->children, g_ptr_array_unref);
  g_clear_pointer (&gen->pattern, g_free);
  g_clear_pointer (&gen->tmpl, cs_template_unref);
  g_clear_pointer (&gen->expr, cs_expr_unref);
  g_free (gen);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Gen, gen_free)

static gboolean profile_error (GError    **error,
                               const char *key,
                               const char *path,
                               const char *format,
                               ...) G_GNUC_PRINTF (4, 5);

static gboolean
profile_error (GError    **error,
               const char *key,
               const char *path,
               const char *format,
               ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  /* TRANSLATORS: workflow key, JSON path, what is wrong there */
  g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT, _("Workflow %s: %s: %s"), key, path, detail);
  return FALSE;
}

static gboolean
get_number (JsonNode *node,
            double   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;
  *out = json_node_get_double (node);
  return isfinite (*out);
}

static gboolean
get_int_pair (JsonNode *node,
              gint64   *lo,
              gint64   *hi)
{
  JsonArray *array;
  double a, b;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  if (json_array_get_length (array) != 2 ||
      !get_number (json_array_get_element (array, 0), &a) ||
      !get_number (json_array_get_element (array, 1), &b) ||
      floor (a) != a || floor (b) != b || a > b || fabs (a) > 1e9 || fabs (b) > 1e9)
    return FALSE;
  *lo = (gint64) a;
  *hi = (gint64) b;
  return TRUE;
}

static Gen *gen_compile (JsonNode *node, const char *key, const char *path, GError **error);

static Gen *
gen_compile_generator (const char  *name,
                       JsonNode    *arg,
                       const char  *key,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(Gen) gen = g_new0 (Gen, 1);

  if (g_str_equal (name, "$one_of"))
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (arg) ? json_node_get_array (arg) : NULL;

      if (array == NULL || json_array_get_length (array) == 0)
        {
          profile_error (error, key, path, _("$one_of needs a non-empty array of values"));
          return NULL;
        }
      gen->kind = GEN_ONE_OF;
      gen->children = g_ptr_array_new_with_free_func ((GDestroyNotify) gen_free);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *at = g_strdup_printf ("%s.$one_of[%u]", path, i);
          Gen *child = gen_compile (json_array_get_element (array, i), key, at, error);

          if (child == NULL)
            return NULL;
          g_ptr_array_add (gen->children, child);
        }
    }
  else if (g_str_equal (name, "$int") || g_str_equal (name, "$date"))
    {
      gen->kind = g_str_equal (name, "$int") ? GEN_INT : GEN_DATE;
      if (!get_int_pair (arg, &gen->lo, &gen->hi))
        {
          profile_error (error, key, path, _("%s needs [low, high], two whole numbers with low ≤ high"),
                         name);
          return NULL;
        }
    }
  else if (g_str_equal (name, "$pattern"))
    {
      if (!JSON_NODE_HOLDS_VALUE (arg) || json_node_get_value_type (arg) != G_TYPE_STRING)
        {
          profile_error (error, key, path, _("$pattern needs a string such as “AA999999”"));
          return NULL;
        }
      gen->kind = GEN_PATTERN;
      gen->pattern = g_strdup (json_node_get_string (arg));
    }
  else
    {
      profile_error (error, key, path,
                     _("unknown generator “%s” (expected $one_of, $int, $date or $pattern)"), name);
      return NULL;
    }
  return g_steal_pointer (&gen);
}

/* "{{ expr }}" alone keeps the value's type; other text with "{{" renders to a string. */
static Gen *
gen_compile_string (JsonNode    *node,
                    const char  *key,
                    const char  *path,
                    GError     **error)
{
  const char *text = json_node_get_string (node);
  g_autoptr(Gen) gen = g_new0 (Gen, 1);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  gsize len = strlen (trimmed);

  if (len > 4 && g_str_has_prefix (trimmed, "{{") && g_str_has_suffix (trimmed, "}}"))
    {
      g_autofree char *inner = g_strndup (trimmed + 2, len - 4);

      if (strstr (inner, "{{") == NULL && strstr (inner, "}}") == NULL)
        {
          gen->kind = GEN_EXPR;
          gen->expr = cs_expr_parse (inner, NULL, &local_error);
          if (gen->expr == NULL)
            {
              profile_error (error, key, path, "%s", local_error->message);
              return NULL;
            }
          return g_steal_pointer (&gen);
        }
    }
  gen->kind = GEN_TEMPLATE;
  gen->tmpl = cs_template_parse (text, NULL, &local_error);
  if (gen->tmpl == NULL)
    {
      profile_error (error, key, path, "%s", local_error->message);
      return NULL;
    }
  return g_steal_pointer (&gen);
}

static Gen *
gen_compile (JsonNode    *node,
             const char  *key,
             const char  *path,
             GError     **error)
{
  g_autoptr(Gen) gen = g_new0 (Gen, 1);
  gboolean constant = TRUE;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) names = json_object_get_members (object);

      if (names != NULL && names->next == NULL && ((const char *) names->data)[0] == '$')
        return gen_compile_generator (names->data, json_object_get_member (object, names->data),
                                      key, path, error);

      gen->kind = GEN_OBJECT;
      gen->names = g_ptr_array_new_with_free_func (g_free);
      gen->children = g_ptr_array_new_with_free_func ((GDestroyNotify) gen_free);
      for (GList *n = names; n != NULL; n = n->next)
        {
          g_autofree char *at = g_strdup_printf ("%s.%s", path, (const char *) n->data);
          Gen *child = gen_compile (json_object_get_member (object, n->data), key, at, error);

          if (child == NULL)
            return NULL;
          constant &= child->kind == GEN_CONST;
          g_ptr_array_add (gen->names, g_strdup (n->data));
          g_ptr_array_add (gen->children, child);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      gen->kind = GEN_ARRAY;
      gen->children = g_ptr_array_new_with_free_func ((GDestroyNotify) gen_free);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *at = g_strdup_printf ("%s[%u]", path, i);
          Gen *child = gen_compile (json_array_get_element (array, i), key, at, error);

          if (child == NULL)
            return NULL;
          constant &= child->kind == GEN_CONST;
          g_ptr_array_add (gen->children, child);
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
           strstr (json_node_get_string (node), "{{") != NULL)
    return gen_compile_string (node, key, path, error);

  if (constant)
    {
      /* Sealed: shared by every case, so nobody may change it in place. */
      g_clear_pointer (&gen->names, g_ptr_array_unref);
      g_clear_pointer (&gen->children, g_ptr_array_unref);
      gen->kind = GEN_CONST;
      gen->constant = cs_json_node_deep_copy (node);
      json_node_seal (gen->constant);
    }
  return g_steal_pointer (&gen);
}

static char *
pattern_fill (const char *pattern,
              guint64    *rng)
{
  static const char upper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static const char lower[] = "abcdefghijklmnopqrstuvwxyz";
  static const char hex[] = "0123456789ABCDEF";
  GString *out = g_string_new (NULL);

  for (const char *p = pattern; *p; p++)
    {
      switch (*p)
        {
        case 'A':
          g_string_append_c (out, upper[(guint) (uniform01 (rng) * 26)]);
          break;
        case 'a':
          g_string_append_c (out, lower[(guint) (uniform01 (rng) * 26)]);
          break;
        case '9':
          g_string_append_c (out, '0' + (char) (uniform01 (rng) * 10));
          break;
        case 'X':
          g_string_append_c (out, hex[(guint) (uniform01 (rng) * 16)]);
          break;
        case '\\':
          if (p[1] != '\0')
            p++;
          g_string_append_c (out, *p);
          break;
        default:
          g_string_append_c (out, *p);
          break;
        }
    }
  return g_string_free (out, FALSE);
}

JsonNode *
cs_sim_gen_eval (Gen         *gen,
                 guint64     *rng,
                 JsonNode    *scope,
                 const GDate *today,
                 GError     **error)
{
  JsonNode *node;

  switch (gen->kind)
    {
    case GEN_CONST:
      return json_node_copy (gen->constant);

    case GEN_OBJECT:
      {
        g_autoptr(JsonObject) object = json_object_new ();

        for (guint i = 0; i < gen->children->len; i++)
          {
            JsonNode *member = cs_sim_gen_eval (g_ptr_array_index (gen->children, i), rng, scope, today, error);

            if (member == NULL)
              return NULL;
            json_object_set_member (object, g_ptr_array_index (gen->names, i), member);
          }
        node = json_node_new (JSON_NODE_OBJECT);
        json_node_set_object (node, object);
        return node;
      }

    case GEN_ARRAY:
      {
        g_autoptr(JsonArray) array = json_array_new ();

        for (guint i = 0; i < gen->children->len; i++)
          {
            JsonNode *element = cs_sim_gen_eval (g_ptr_array_index (gen->children, i), rng, scope, today, error);

            if (element == NULL)
              return NULL;
            json_array_add_element (array, element);
          }
        node = json_node_new (JSON_NODE_ARRAY);
        json_node_set_array (node, array);
        return node;
      }

    case GEN_ONE_OF:
      {
        guint pick = (guint) (uniform01 (rng) * gen->children->len);
        return cs_sim_gen_eval (g_ptr_array_index (gen->children, pick), rng, scope, today, error);
      }

    case GEN_INT:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, gen->lo + (gint64) (uniform01 (rng) * (double) (gen->hi - gen->lo + 1)));
      return node;

    case GEN_DATE:
      {
        GDate date = *today;
        gint64 days = gen->lo + (gint64) (uniform01 (rng) * (double) (gen->hi - gen->lo + 1));
        char text[16];

        if (days >= 0)
          g_date_add_days (&date, (guint) days);
        else
          g_date_subtract_days (&date, (guint) -days);
        g_snprintf (text, sizeof text, "%04u-%02u-%02u", g_date_get_year (&date),
                    g_date_get_month (&date), g_date_get_day (&date));
        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_string (node, text);
        return node;
      }

    case GEN_PATTERN:
      {
        g_autofree char *text = pattern_fill (gen->pattern, rng);

        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_string (node, text);
        return node;
      }

    case GEN_TEMPLATE:
      {
        g_autofree char *text = cs_template_render (gen->tmpl, scope, NULL, error);

        if (text == NULL)
          return NULL;
        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_string (node, text);
        return node;
      }

    case GEN_EXPR:
      return cs_expr_evaluate (gen->expr, scope, error);

    default:
      g_assert_not_reached ();
    }
}

static void
free_responses (Gen   **responses,
                guint   n_steps)
{
  for (guint s = 0; responses != NULL && s < n_steps; s++)
    gen_free (responses[s]);
  g_free (responses);
}

static void
profile_clear (Profile *profile,
               guint    n_steps)
{
  for (guint a = 0; profile->alternatives != NULL && a < profile->n_alternatives; a++)
    {
      Alternative *alt = &profile->alternatives[a];

      g_free (alt->category);
      gen_free (alt->data);
      g_free (alt->approval_rates);
      free_responses (alt->responses, n_steps);
    }
  g_clear_pointer (&profile->alternatives, g_free);
  profile->n_alternatives = 0;
  g_clear_pointer (&profile->channels, g_ptr_array_unref);
  g_clear_pointer (&profile->channel_weights, g_array_unref);
  g_clear_pointer (&profile->approval_rates, g_free);
  free_responses (g_steal_pointer (&profile->responses), n_steps);
}

void
cs_sim_step_acc_clear (StepAcc *acc)
{
  g_clear_pointer (&acc->waits, g_array_unref);
  g_clear_pointer (&acc->first_handler_error, g_free);
  memset (acc, 0, sizeof *acc);
}

void
cs_sim_workflow_free (SimWorkflow *wf)
{
  for (guint s = 0; s < wf->n_steps; s++)
    {
      g_free (wf->steps[s].give_up);
      cs_sim_step_acc_clear (&wf->steps[s].acc);
    }
  profile_clear (&wf->profile, wf->n_steps);
  g_free (wf->steps);
  g_hash_table_unref (wf->step_of);
  g_clear_pointer (&wf->durations, g_array_unref);
  g_free (wf->first_profile_error);
  cs_engine_plan_unref (wf->plan);
  g_free (wf);
}

static void gen_collect_paths (Gen       *gen,
                               GPtrArray *paths);

/* Instance data members may read one another ("owner_name":
 * "{{ owner_first_name }} {{ owner_last_name }}"). JSON objects have no order
 * (a definition stored in jsonb comes back with its keys sorted), so the
 * members are put in dependency order here: those a template reads first. */
static void
order_by_dependencies (Gen *gen)
{
  guint n;
  g_autofree gboolean *placed = NULL;
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) reads = NULL;

  if (gen == NULL || gen->kind != GEN_OBJECT || gen->children->len < 2)
    return;

  n = gen->children->len;
  placed = g_new0 (gboolean, n);
  reads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < n; i++)
    {
      GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
      gen_collect_paths (g_ptr_array_index (gen->children, i), paths);
      g_ptr_array_add (reads, paths);
    }

  children = g_ptr_array_new ();
  names = g_ptr_array_new ();
  while (children->len < n)
    {
      gboolean progress = FALSE;

      for (guint i = 0; i < n; i++)
        {
          GPtrArray *paths = g_ptr_array_index (reads, i);
          gboolean ready = TRUE;

          if (placed[i])
            continue;
          for (guint p = 0; p < paths->len && ready; p++)
            {
              const char *path = g_ptr_array_index (paths, p);
              gsize len = strcspn (path, ".[");

              for (guint j = 0; j < n && ready; j++)
                {
                  const char *name = g_ptr_array_index (gen->names, j);
                  if (j != i && !placed[j] && strlen (name) == len && strncmp (name, path, len) == 0)
                    ready = FALSE;
                }
            }
          if (ready)
            {
              placed[i] = TRUE;
              progress = TRUE;
              g_ptr_array_add (children, g_ptr_array_index (gen->children, i));
              g_ptr_array_add (names, g_ptr_array_index (gen->names, i));
            }
        }
      /* A cycle: keep the rest in their given order. */
      if (!progress)
        for (guint i = 0; i < n; i++)
          if (!placed[i])
            {
              placed[i] = TRUE;
              g_ptr_array_add (children, g_ptr_array_index (gen->children, i));
              g_ptr_array_add (names, g_ptr_array_index (gen->names, i));
            }
    }

  for (guint i = 0; i < n; i++)
    {
      gen->children->pdata[i] = children->pdata[i];
      gen->names->pdata[i] = names->pdata[i];
    }
}

/* Reading a profile */

static gboolean
read_step_rates (SimWorkflow  *wf,
                 JsonNode     *node,
                 const char   *path,
                 double      **rates,
                 GError      **error)
{
  g_autoptr(GList) names = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return profile_error (error, wf->key, path, _("expected an object of step ids and rates"));
  object = json_node_get_object (node);
  names = json_object_get_members (object);
  for (GList *n = names; n != NULL; n = n->next)
    {
      g_autofree char *at = g_strdup_printf ("%s.%s", path, (const char *) n->data);
      SimStep *step = g_hash_table_lookup (wf->step_of, n->data);
      double rate;

      if (step == NULL || step->type != CS_STEP_APPROVAL)
        return profile_error (error, wf->key, at, _("the workflow has no approval step “%s”"),
                              (const char *) n->data);
      if (!get_number (json_object_get_member (object, n->data), &rate) || rate < 0.0 || rate > 1.0)
        return profile_error (error, wf->key, at, _("expected a rate between 0 and 1"));
      (*rates)[step->index] = rate;
    }
  return TRUE;
}

static gboolean
read_responses (SimWorkflow  *wf,
                JsonNode     *node,
                const char   *path,
                Gen        ***responses,
                GError      **error)
{
  g_autoptr(GList) names = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return profile_error (error, wf->key, path, _("expected an object of step ids and responses"));
  object = json_node_get_object (node);
  names = json_object_get_members (object);
  for (GList *n = names; n != NULL; n = n->next)
    {
      g_autofree char *at = g_strdup_printf ("%s.%s", path, (const char *) n->data);
      SimStep *step = g_hash_table_lookup (wf->step_of, n->data);
      Gen *gen;

      if (step == NULL || step->type != CS_STEP_INTEGRATION)
        return profile_error (error, wf->key, at, _("the workflow has no integration step “%s”"),
                              (const char *) n->data);
      gen = gen_compile (json_object_get_member (object, n->data), wf->key, at, error);
      if (gen == NULL)
        return FALSE;
      gen_free ((*responses)[step->index]);
      (*responses)[step->index] = gen;
    }
  return TRUE;
}

static gboolean
read_weights (SimWorkflow *wf,
              JsonNode    *node,
              const char  *path,
              guint        n,
              double      *weights,
              GError     **error)
{
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  double sum = 0.0;

  if (array == NULL || json_array_get_length (array) != n)
    return profile_error (error, wf->key, path, _("expected an array of %u numbers"), n);
  for (guint i = 0; i < n; i++)
    {
      if (!get_number (json_array_get_element (array, i), &weights[i]) || weights[i] < 0.0)
        {
          g_autofree char *at = g_strdup_printf ("%s[%u]", path, i);
          return profile_error (error, wf->key, at, _("expected a number, 0 or more"));
        }
      sum += weights[i];
    }
  if (sum <= 0.0)
    return profile_error (error, wf->key, path, _("at least one weight must be more than 0"));
  return TRUE;
}

/* The instance data of an alternative: the common data, then its own
 * members (replacing common ones in place). */
static JsonNode *
merge_data (JsonObject *common,
            JsonObject *own)
{
  JsonObject *merged = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_node_take_object (node, merged);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *source = i == 0 ? common : own;

      if (source == NULL)
        continue;
      json_object_iter_init_ordered (&iter, source);
      while (json_object_iter_next_ordered (&iter, &name, &member))
        json_object_set_member (merged, name, json_node_copy (member));
    }
  return node;
}

static gboolean
read_alternative (SimWorkflow  *wf,
                  JsonNode     *node,
                  JsonObject   *common,
                  const char   *path,
                  Alternative  *alt,
                  double       *weight,
                  GError      **error)
{
  g_autoptr(JsonNode) data = NULL;
  JsonObject *own = NULL;
  JsonObject *object;
  JsonNode *member;

  alt->approval_rates = g_new (double, wf->n_steps);
  for (guint s = 0; s < wf->n_steps; s++)
    alt->approval_rates[s] = -1.0;
  alt->responses = g_new0 (Gen *, wf->n_steps);
  *weight = 1.0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return profile_error (error, wf->key, path, _("expected an object"));
  object = json_node_get_object (node);

  if ((member = json_object_get_member (object, "weight")) != NULL &&
      (!get_number (member, weight) || *weight < 0.0))
    {
      g_autofree char *at = g_strdup_printf ("%s.weight", path);
      return profile_error (error, wf->key, at, _("expected a number, 0 or more"));
    }
  if ((member = json_object_get_member (object, "category")) != NULL)
    {
      g_autofree char *at = g_strdup_printf ("%s.category", path);

      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
        return profile_error (error, wf->key, at, _("expected a string"));
      alt->category = g_strdup (json_node_get_string (member));
    }
  if ((member = json_object_get_member (object, "data")) != NULL)
    {
      g_autofree char *at = g_strdup_printf ("%s.data", path);

      if (!JSON_NODE_HOLDS_OBJECT (member))
        return profile_error (error, wf->key, at, _("expected an object"));
      own = json_node_get_object (member);
    }
  data = merge_data (common, own);
  {
    g_autofree char *at = g_strdup_printf ("%s.data", path);

    if ((alt->data = gen_compile (data, wf->key, at, error)) == NULL)
      return FALSE;
    order_by_dependencies (alt->data);
  }
  if ((member = json_object_get_member (object, "approval_rates")) != NULL)
    {
      g_autofree char *at = g_strdup_printf ("%s.approval_rates", path);
      if (!read_step_rates (wf, member, at, &alt->approval_rates, error))
        return FALSE;
    }
  if ((member = json_object_get_member (object, "responses")) != NULL)
    {
      g_autofree char *at = g_strdup_printf ("%s.responses", path);
      if (!read_responses (wf, member, at, &alt->responses, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_profile (SimWorkflow  *wf,
              JsonNode     *root,
              GError      **error)
{
  Profile *profile = &wf->profile;
  JsonObject *object = NULL;
  JsonObject *common = NULL;
  JsonNode *member;
  double weekdays[7], hours[24];
  gboolean weekly = FALSE, daily = FALSE;

  profile->arrivals_per_day = -1.0;
  profile->approval_rates = g_new (double, wf->n_steps);
  for (guint s = 0; s < wf->n_steps; s++)
    profile->approval_rates[s] = -1.0;
  profile->responses = g_new0 (Gen *, wf->n_steps);

  if (root != NULL && !JSON_NODE_HOLDS_OBJECT (root))
    return profile_error (error, wf->key, "simulation", _("expected an object"));
  if (root != NULL)
    object = json_node_get_object (root);

  if (object != NULL && (member = json_object_get_member (object, "arrivals_per_day")) != NULL &&
      (!get_number (member, &profile->arrivals_per_day) || profile->arrivals_per_day < 0.0))
    return profile_error (error, wf->key, "simulation.arrivals_per_day", _("expected a number, 0 or more"));

  if (object != NULL && (member = json_object_get_member (object, "weekdays")) != NULL)
    {
      if (!read_weights (wf, member, "simulation.weekdays", 7, weekdays, error))
        return FALSE;
      weekly = TRUE;
    }
  if (object != NULL && (member = json_object_get_member (object, "hours")) != NULL)
    {
      if (!read_weights (wf, member, "simulation.hours", 24, hours, error))
        return FALSE;
      daily = TRUE;
    }
  if (weekly || daily)
    {
      double mean = 0.0;

      for (guint d = 0; d < 7; d++)
        for (guint h = 0; h < 24; h++)
          {
            profile->shape[d][h] = (weekly ? weekdays[d] : 1.0) * (daily ? hours[h] : 1.0);
            mean += profile->shape[d][h] / (7 * 24);
          }
      /* The shape moves arrivals around the week; the rate per day stays. */
      for (guint d = 0; d < 7; d++)
        for (guint h = 0; h < 24; h++)
          profile->shape[d][h] /= mean;
      profile->shaped = TRUE;
    }

  profile->channels = g_ptr_array_new_with_free_func (g_free);
  profile->channel_weights = g_array_new (FALSE, FALSE, sizeof (double));
  if (object != NULL && (member = json_object_get_member (object, "channels")) != NULL)
    {
      g_autoptr(GList) names = NULL;
      double sum = 0.0;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        return profile_error (error, wf->key, "simulation.channels", _("expected an object of channels and weights"));
      names = json_object_get_members (json_node_get_object (member));
      for (GList *n = names; n != NULL; n = n->next)
        {
          double weight;

          if (!get_number (json_object_get_member (json_node_get_object (member), n->data), &weight) ||
              weight < 0.0)
            {
              g_autofree char *at = g_strdup_printf ("simulation.channels.%s", (const char *) n->data);
              return profile_error (error, wf->key, at, _("expected a number, 0 or more"));
            }
          sum += weight;
          g_ptr_array_add (profile->channels, g_strdup (n->data));
          g_array_append_val (profile->channel_weights, weight);
        }
      if (sum <= 0.0)
        return profile_error (error, wf->key, "simulation.channels", _("at least one weight must be more than 0"));
    }
  else
    for (guint i = 0; i < G_N_ELEMENTS (default_channels); i++)
      {
        g_ptr_array_add (profile->channels, g_strdup (default_channels[i]));
        g_array_append_val (profile->channel_weights, default_channel_weights[i]);
      }

  if (object != NULL && (member = json_object_get_member (object, "approval_rates")) != NULL &&
      !read_step_rates (wf, member, "simulation.approval_rates", &profile->approval_rates, error))
    return FALSE;
  if (object != NULL && (member = json_object_get_member (object, "responses")) != NULL &&
      !read_responses (wf, member, "simulation.responses", &profile->responses, error))
    return FALSE;

  if (object != NULL && (member = json_object_get_member (object, "common_data")) != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (member))
        return profile_error (error, wf->key, "simulation.common_data", _("expected an object"));
      common = json_node_get_object (member);
    }

  member = object != NULL ? json_object_get_member (object, "data") : NULL;
  if (member != NULL && (!JSON_NODE_HOLDS_ARRAY (member) || json_array_get_length (json_node_get_array (member)) == 0))
    return profile_error (error, wf->key, "simulation.data", _("expected a non-empty array of alternatives"));
  profile->n_alternatives = member != NULL ? json_array_get_length (json_node_get_array (member)) : 1;
  profile->alternatives = g_new0 (Alternative, profile->n_alternatives);
  for (guint a = 0; a < profile->n_alternatives; a++)
    {
      g_autofree char *path = g_strdup_printf ("simulation.data[%u]", a);
      JsonNode *node = NULL;
      double weight = 1.0;

      if (member != NULL)
        node = json_array_get_element (json_node_get_array (member), a);
      if (node != NULL && !read_alternative (wf, node, common, path, &profile->alternatives[a], &weight, error))
        return FALSE;
      if (node == NULL)
        {
          g_autoptr(JsonNode) data = merge_data (common, NULL);
          Alternative *alt = &profile->alternatives[a];

          alt->approval_rates = g_new (double, wf->n_steps);
          for (guint s = 0; s < wf->n_steps; s++)
            alt->approval_rates[s] = -1.0;
          alt->responses = g_new0 (Gen *, wf->n_steps);
          if ((alt->data = gen_compile (data, wf->key, "simulation.common_data", error)) == NULL)
            return FALSE;
          order_by_dependencies (alt->data);
        }
      profile->total_weight += weight;
      profile->alternatives[a].cumulative = profile->total_weight;
    }
  if (profile->total_weight <= 0.0)
    return profile_error (error, wf->key, "simulation.data", _("at least one weight must be more than 0"));
  return TRUE;
}

/* Which actions' outputs can matter: a backward liveness analysis over
 * instance-data keys. Conditions and service responses read keys; an action
 * whose outputs are read is live, and then so are the keys of its inputs. */

static void
add_read_keys (GHashTable *read,
               GPtrArray  *paths)
{
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      gsize len = strcspn (path, ".[");

      g_hash_table_add (read, g_strndup (path, len));
    }
}

static void
gen_collect_paths (Gen       *gen,
                   GPtrArray *paths)
{
  if (gen == NULL)
    return;
  if (gen->tmpl != NULL)
    cs_template_collect_paths (gen->tmpl, paths);
  if (gen->expr != NULL)
    cs_expr_collect_paths (gen->expr, paths);
  for (guint i = 0; gen->children != NULL && i < gen->children->len; i++)
    gen_collect_paths (g_ptr_array_index (gen->children, i), paths);
}

static gboolean
outputs_are_read (SimStep    *step,
                  GHashTable *read,
                  gboolean    everything)
{
  GPtrArray *outputs = cs_step_get_outputs (step->step);

  /* Without declarations any key may be written. */
  if (everything || outputs->len == 0)
    return TRUE;
  for (guint i = 0; i < outputs->len; i++)
    if (g_hash_table_contains (read, cs_step_param_get_name (g_ptr_array_index (outputs, i))))
      return TRUE;
  return FALSE;
}

static void
find_outputs_read (SimWorkflow *wf)
{
  g_autoptr(GHashTable) read = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  gboolean everything = FALSE, changed = TRUE;

  for (guint e = 0; e < cs_workflow_get_n_edges (wf->workflow); e++)
    {
      CsExpr *condition = cs_edge_get_condition (cs_workflow_get_edge (wf->workflow, e));

      if (condition != NULL)
        cs_expr_collect_paths (condition, paths);
    }
  for (guint s = 0; s < wf->n_steps; s++)
    {
      gen_collect_paths (wf->profile.responses[s], paths);
      for (guint a = 0; a < wf->profile.n_alternatives; a++)
        gen_collect_paths (wf->profile.alternatives[a].responses[s], paths);
    }
  add_read_keys (read, paths);

  while (changed)
    {
      changed = FALSE;
      for (guint s = 0; s < wf->n_steps; s++)
        {
          SimStep *step = &wf->steps[s];
          GPtrArray *inputs = cs_step_get_inputs (step->step);
          JsonObject *parameters = cs_step_get_parameters (step->step);

          if (step->type != CS_STEP_ACTION || step->read_later || !outputs_are_read (step, read, everything))
            continue;
          step->read_later = changed = TRUE;
          if (inputs->len == 0)
            everything = TRUE;
          for (guint i = 0; i < inputs->len; i++)
            {
              CsStepParam *input = g_ptr_array_index (inputs, i);
              const char *source = cs_step_param_get_source (input);

              if (parameters != NULL && json_object_has_member (parameters, cs_step_param_get_name (input)))
                continue;
              if (source == NULL)
                source = cs_step_param_get_name (input);
              if (g_str_equal (source, "$"))
                everything = TRUE;
              else
                g_hash_table_add (read, g_strndup (source, strcspn (source, ".[")));
            }
        }
    }
}

SimWorkflow *
cs_sim_workflow_new (CsWorkflow  *workflow,
                     guint        index,
                     double       arrivals_per_day,
                     GError     **error)
{
  g_autoptr(CsEnginePlan) plan = NULL;
  SimWorkflow *wf;

  if ((plan = cs_engine_plan_new (workflow, error)) == NULL)
    return NULL;

  wf = g_new0 (SimWorkflow, 1);
  wf->plan = g_steal_pointer (&plan);
  wf->workflow = cs_engine_plan_get_workflow (wf->plan);
  wf->key = cs_workflow_get_key (wf->workflow);
  wf->index = index;
  wf->requested_rate = arrivals_per_day;
  wf->n_steps = cs_workflow_get_n_steps (wf->workflow);
  wf->steps = g_new0 (SimStep, wf->n_steps);
  wf->step_of = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint s = 0; s < wf->n_steps; s++)
    {
      SimStep *step = &wf->steps[s];

      step->wf = wf;
      step->step = cs_workflow_get_step (wf->workflow, s);
      step->id = cs_step_get_id (step->step);
      step->type = cs_step_get_step_type (step->step);
      step->index = s;
      g_queue_init (&step->waiting);
      g_hash_table_insert (wf->step_of, (gpointer) step->id, step);
    }

  if (!read_profile (wf, cs_workflow_get_simulation (workflow), error))
    {
      cs_sim_workflow_free (wf);
      return NULL;
    }
  find_outputs_read (wf);
  return wf;
}
