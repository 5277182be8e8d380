/* cs-scores-options.c: a tenant's score weights and minimum count, checked
 *
 * Weights come from the tenant's preferences; weights that do not add up
 * would silently change what a score of 80 means, so they are refused and
 * the previous ones stay in force.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-scores.h"

#define MAX_MIN_RESOLVED 1000000

gboolean
cs_score_options_validate (const CsScoreOptions  *options,
                           GError               **error)
{
  double w_c, w_s;

  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  w_c = options->compliance_weight;
  w_s = options->speed_weight;
  if (!isfinite (w_c) || !isfinite (w_s) || w_c < 0.0 || w_s < 0.0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Score weights must be numbers of at least 0 (compliance %g, speed %g)"),
                   w_c, w_s);
      return FALSE;
    }
  if (fabs (w_c + w_s - 1.0) > 1e-9)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Score weights must add up to 1: compliance %g and speed %g add up to %g"),
                   w_c, w_s, w_c + w_s);
      return FALSE;
    }
  if (options->min_resolved < 1 || options->min_resolved > MAX_MIN_RESOLVED)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("The minimum number of resolved issues to be ranked must be between 1 and %u"),
                   MAX_MIN_RESOLVED);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_number (JsonObject  *object,
             const char  *member,
             double      *value,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                   _("Score options: “%s” must be a number"), member);
      return FALSE;
    }
  *value = json_node_get_double (node);
  return TRUE;
}

gboolean
cs_score_options_from_json (JsonNode        *node,
                            CsScoreOptions  *options,
                            GError         **error)
{
  static const char * const known[] = { "compliance_weight", "speed_weight", "min_resolved", NULL };
  CsScoreOptions parsed = CS_SCORE_OPTIONS_INIT;
  JsonObject *object;
  g_autoptr(GList) names = NULL;
  double min_resolved = parsed.min_resolved;

  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("Score options must be a JSON object"));
      return FALSE;
    }
  object = json_node_get_object (node);
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                     _("Score options: unknown member “%s”"), (const char *) l->data);
        return FALSE;
      }
  if (!read_number (object, "compliance_weight", &parsed.compliance_weight, error) ||
      !read_number (object, "speed_weight", &parsed.speed_weight, error) ||
      !read_number (object, "min_resolved", &min_resolved, error))
    return FALSE;
  if (min_resolved != floor (min_resolved) || min_resolved < 0 || min_resolved > G_MAXUINT)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("Score options: “min_resolved” must be a whole number"));
      return FALSE;
    }
  parsed.min_resolved = (guint) min_resolved;
  if (!cs_score_options_validate (&parsed, error))
    return FALSE;
  *options = parsed;
  return TRUE;
}

JsonNode *
cs_score_options_to_json (const CsScoreOptions *options)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (options != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "compliance_weight");
  json_builder_add_double_value (builder, options->compliance_weight);
  json_builder_set_member_name (builder, "speed_weight");
  json_builder_add_double_value (builder, options->speed_weight);
  json_builder_set_member_name (builder, "min_resolved");
  json_builder_add_int_value (builder, options->min_resolved);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
