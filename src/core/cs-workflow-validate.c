/* cs-workflow-validate.c: what is wrong with a workflow definition
 *
 * The graph checks work on the edges whose both ends are known steps (others
 * are reported as dangling) and on the first step of each id (later ones are
 * reported as duplicates), so one mistake is reported once, not echoed by
 * every check downstream of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-workflow-validate.h"

struct _CsProblem
{
  gatomicrefcount    ref_count;
  CsProblemSeverity  severity;
  CsProblemKind      kind;
  char              *step_id;
  CsEdge            *edge;
  char              *field;
  gssize             offset;
  char              *message;
};

G_DEFINE_BOXED_TYPE (CsProblem, cs_problem, cs_problem_ref, cs_problem_unref)

G_DEFINE_ENUM_TYPE (CsProblemKind, cs_problem_kind,
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_JSON, "json"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_INVALID_KEY, "invalid-key"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_INVALID_VERSION, "invalid-version"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_INVALID_STEP_ID, "invalid-step-id"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_DUPLICATE_STEP_ID, "duplicate-step-id"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_NO_START, "no-start"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_MULTIPLE_STARTS, "multiple-starts"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_UNREACHABLE, "unreachable"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_DEAD_END, "dead-end"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_CYCLE, "cycle"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_DANGLING_EDGE, "dangling-edge"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_EDGE_FROM_TERMINAL, "edge-from-terminal"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_EDGE_KIND, "edge-kind"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_MISSING_DEFAULT, "missing-default"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_MULTIPLE_DEFAULTS, "multiple-defaults"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_NO_BRANCHES, "no-branches"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_MISSING_OUTCOME, "missing-outcome"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_DUPLICATE_EDGE, "duplicate-edge"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_EXPRESSION, "expression"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_UNKNOWN_HANDLER, "unknown-handler"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_INVALID_INPUT, "invalid-input"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_NO_APPROVERS, "no-approvers"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_INVALID_URL, "invalid-url"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_INVALID_METHOD, "invalid-method"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_INVALID_STATUS_PATTERN, "invalid-status-pattern"),
  G_DEFINE_ENUM_VALUE (CS_PROBLEM_INVALID_SETTING, "invalid-setting"))

const char *
cs_problem_kind_to_string (CsProblemKind kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (CS_TYPE_PROBLEM_KIND);
  GEnumValue *value = g_enum_get_value (klass, kind);

  g_return_val_if_fail (value != NULL, NULL);
  /* Nicks are static strings of the type, valid after the class is released. */
  return value->value_nick;
}

CsProblem *
cs_problem_new (CsProblemSeverity  severity,
                CsProblemKind      kind,
                const char        *step_id,
                CsEdge            *edge,
                const char        *field,
                gssize             offset,
                const char        *message)
{
  CsProblem *problem;

  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (edge == NULL || CS_IS_EDGE (edge), NULL);

  problem = g_new0 (CsProblem, 1);
  g_atomic_ref_count_init (&problem->ref_count);
  problem->severity = severity;
  problem->kind = kind;
  problem->step_id = g_strdup (step_id);
  problem->edge = edge ? g_object_ref (edge) : NULL;
  problem->field = g_strdup (field);
  problem->offset = offset;
  problem->message = g_strdup (message);
  return problem;
}

CsProblem *
cs_problem_ref (CsProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  g_atomic_ref_count_inc (&problem->ref_count);
  return problem;
}

void
cs_problem_unref (CsProblem *problem)
{
  g_return_if_fail (problem != NULL);

  if (!g_atomic_ref_count_dec (&problem->ref_count))
    return;
  g_free (problem->step_id);
  g_clear_object (&problem->edge);
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

CsProblemSeverity
cs_problem_get_severity (CsProblem *problem)
{
  g_return_val_if_fail (problem != NULL, CS_PROBLEM_ERROR);
  return problem->severity;
}

CsProblemKind
cs_problem_get_kind (CsProblem *problem)
{
  g_return_val_if_fail (problem != NULL, CS_PROBLEM_JSON);
  return problem->kind;
}

const char *
cs_problem_get_step_id (CsProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);
  return problem->step_id;
}

CsEdge *
cs_problem_get_edge (CsProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);
  return problem->edge;
}

const char *
cs_problem_get_field (CsProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);
  return problem->field;
}

gssize
cs_problem_get_offset (CsProblem *problem)
{
  g_return_val_if_fail (problem != NULL, -1);
  return problem->offset;
}

const char *
cs_problem_get_message (CsProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);
  return problem->message;
}

gboolean
cs_problems_have_errors (GPtrArray *problems)
{
  g_return_val_if_fail (problems != NULL, FALSE);

  for (guint i = 0; i < problems->len; i++)
    if (((CsProblem *) g_ptr_array_index (problems, i))->severity == CS_PROBLEM_ERROR)
      return TRUE;
  return FALSE;
}

CsProblem *
cs_problems_find (GPtrArray     *problems,
                  CsProblemKind  kind,
                  const char    *step_id)
{
  g_return_val_if_fail (problems != NULL, NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      CsProblem *problem = g_ptr_array_index (problems, i);

      if (problem->kind == kind && (step_id == NULL || g_strcmp0 (problem->step_id, step_id) == 0))
        return problem;
    }
  return NULL;
}

/* Reporting */

typedef struct
{
  CsWorkflow        *workflow;
  CsHandlerRegistry *registry;
  GPtrArray         *problems;
} Validation;

static void report (Validation        *v,
                    CsProblemSeverity  severity,
                    CsProblemKind      kind,
                    const char        *step_id,
                    CsEdge            *edge,
                    const char        *field,
                    gssize             offset,
                    const char        *format,
                    ...) G_GNUC_PRINTF (8, 9);

static void
report (Validation        *v,
        CsProblemSeverity  severity,
        CsProblemKind      kind,
        const char        *step_id,
        CsEdge            *edge,
        const char        *field,
        gssize             offset,
        const char        *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (v->problems,
                   cs_problem_new (severity, kind, step_id, edge, field, offset, message));
}

#define ERROR(v, kind, step, edge, field, ...) \
  report (v, CS_PROBLEM_ERROR, kind, step, edge, field, -1, __VA_ARGS__)
#define WARNING(v, kind, step, edge, field, ...) \
  report (v, CS_PROBLEM_WARNING, kind, step, edge, field, -1, __VA_ARGS__)

/* The graph of known steps and the edges between them */

typedef struct
{
  guint       n;
  GPtrArray  *steps;      /* borrowed from the workflow */
  GHashTable *index_of;   /* id → first step index + 1 */
  gboolean   *node;       /* whether step i is the first of its id */
  GArray    **out;        /* successor indexes, in edge order */
  GArray    **in;
} Graph;

static int
graph_lookup (Graph      *g,
              const char *id)
{
  gpointer value;

  if (id == NULL || !g_hash_table_lookup_extended (g->index_of, id, NULL, &value))
    return -1;
  return GPOINTER_TO_INT (value) - 1;
}

static void
graph_init (Graph      *g,
            CsWorkflow *workflow)
{
  GPtrArray *edges = cs_workflow_get_edges (workflow);

  g->steps = cs_workflow_get_steps (workflow);
  g->n = g->steps->len;
  g->index_of = g_hash_table_new (g_str_hash, g_str_equal);
  g->node = g_new0 (gboolean, g->n);
  g->out = g_new0 (GArray *, g->n);
  g->in = g_new0 (GArray *, g->n);

  for (guint i = 0; i < g->n; i++)
    {
      const char *id = cs_step_get_id (g_ptr_array_index (g->steps, i));

      g->out[i] = g_array_new (FALSE, FALSE, sizeof (guint));
      g->in[i] = g_array_new (FALSE, FALSE, sizeof (guint));
      if (id != NULL && !g_hash_table_contains (g->index_of, id))
        {
          g_hash_table_insert (g->index_of, (gpointer) id, GINT_TO_POINTER (i + 1));
          g->node[i] = TRUE;
        }
    }

  for (guint i = 0; i < edges->len; i++)
    {
      CsEdge *edge = g_ptr_array_index (edges, i);
      int from = graph_lookup (g, cs_edge_get_from (edge));
      int to = graph_lookup (g, cs_edge_get_to (edge));
      guint ufrom = from, uto = to;

      if (from < 0 || to < 0)
        continue;
      g_array_append_val (g->out[from], uto);
      g_array_append_val (g->in[to], ufrom);
    }
}

static void
graph_clear (Graph *g)
{
  for (guint i = 0; i < g->n; i++)
    {
      g_array_unref (g->out[i]);
      g_array_unref (g->in[i]);
    }
  g_clear_pointer (&g->out, g_free);
  g_clear_pointer (&g->in, g_free);
  g_clear_pointer (&g->node, g_free);
  g_clear_pointer (&g->index_of, g_hash_table_unref);
}

static const char *
graph_id (Graph *g,
          guint  i)
{
  return cs_step_get_id (g_ptr_array_index (g->steps, i));
}

/* Marks what @start reaches, following out (or in, backwards) edges. */
static void
graph_mark_reachable (Graph    *g,
                      GArray   *starts,
                      gboolean  backwards,
                      gboolean *seen)
{
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < starts->len; i++)
    {
      guint s = g_array_index (starts, guint, i);

      if (!seen[s])
        {
          seen[s] = TRUE;
          g_array_append_val (queue, s);
        }
    }
  for (guint head = 0; head < queue->len; head++)
    {
      guint v = g_array_index (queue, guint, head);
      GArray *next = backwards ? g->in[v] : g->out[v];

      for (guint i = 0; i < next->len; i++)
        {
          guint w = g_array_index (next, guint, i);

          if (!seen[w])
            {
              seen[w] = TRUE;
              g_array_append_val (queue, w);
            }
        }
    }
}

/* The shortest path from @from to @to (both included) over out edges whose
 * target satisfies @allowed (NULL: any), as step indexes; NULL if none. When
 * @from == @to it is a path of at least one edge, i.e. a cycle. */
static GArray *
graph_shortest_path (Graph      *g,
                     guint       from,
                     guint       to,
                     const int  *component,
                     int         wanted)
{
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree int *parent = g_new (int, g->n);
  int last = -1;
  GArray *path;

  for (guint i = 0; i < g->n; i++)
    parent[i] = -2;
  g_array_append_val (queue, from);
  parent[from] = -1;

  for (guint head = 0; head < queue->len && last < 0; head++)
    {
      guint v = g_array_index (queue, guint, head);

      for (guint i = 0; i < g->out[v]->len; i++)
        {
          guint w = g_array_index (g->out[v], guint, i);

          if (component != NULL && component[w] != wanted)
            continue;
          if (w == to)
            {
              last = v;
              break;
            }
          if (parent[w] == -2)
            {
              parent[w] = v;
              g_array_append_val (queue, w);
            }
        }
    }
  if (last < 0)
    return NULL;

  path = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (path, to);
  for (int v = last; v >= 0; v = parent[v])
    {
      guint u = v;

      g_array_append_val (path, u);
      if ((guint) v == from)
        break;
    }
  /* Built backwards: to, last, …, from. */
  for (guint i = 0; i < path->len / 2; i++)
    {
      guint tmp = g_array_index (path, guint, i);

      g_array_index (path, guint, i) = g_array_index (path, guint, path->len - 1 - i);
      g_array_index (path, guint, path->len - 1 - i) = tmp;
    }
  return path;
}

static char *
format_path (Graph  *g,
             GArray *path)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < path->len; i++)
    {
      if (i > 0)
        g_string_append (text, " → ");
      g_string_append (text, graph_id (g, g_array_index (path, guint, i)));
    }
  return g_string_free (text, FALSE);
}

/* Strongly connected components (Kosaraju, iterative: definitions come from
 * files, so their size must not decide the stack depth). */
static int *
graph_components (Graph *g)
{
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  g_autofree gboolean *visited = g_new0 (gboolean, g->n);
  int *component = g_new (int, g->n);
  int n_components = 0;

  for (guint s = 0; s < g->n; s++)
    {
      guint frame[2] = { s, 0 };

      if (visited[s] || !g->node[s])
        continue;
      visited[s] = TRUE;
      g_array_append_val (stack, frame);
      while (stack->len > 0)
        {
          guint *top = &g_array_index (stack, guint, (stack->len - 1) * 2);
          guint v = top[0];

          if (top[1] < g->out[v]->len)
            {
              guint w = g_array_index (g->out[v], guint, top[1]);

              top[1]++;
              if (!visited[w])
                {
                  guint next[2] = { w, 0 };

                  visited[w] = TRUE;
                  g_array_append_val (stack, next);
                }
            }
          else
            {
              g_array_append_val (order, v);
              g_array_set_size (stack, stack->len - 1);
            }
        }
    }

  for (guint i = 0; i < g->n; i++)
    component[i] = -1;
  for (guint k = order->len; k > 0; k--)
    {
      guint s = g_array_index (order, guint, k - 1);
      g_autoptr(GArray) queue = NULL;

      if (component[s] >= 0)
        continue;
      queue = g_array_new (FALSE, FALSE, sizeof (guint));
      component[s] = n_components;
      g_array_append_val (queue, s);
      for (guint head = 0; head < queue->len; head++)
        {
          guint v = g_array_index (queue, guint, head);

          for (guint i = 0; i < g->in[v]->len; i++)
            {
              guint w = g_array_index (g->in[v], guint, i);

              if (component[w] < 0)
                {
                  component[w] = n_components;
                  g_array_append_val (queue, w);
                }
            }
        }
      n_components++;
    }
  return component;
}

/* Checks */

static void
check_workflow (Validation *v)
{
  const char *key = cs_workflow_get_key (v->workflow);
  int version = cs_workflow_get_version (v->workflow);

  if (key == NULL)
    ERROR (v, CS_PROBLEM_INVALID_KEY, NULL, NULL, "key", _("The workflow has no key"));
  else if (!cs_workflow_key_is_valid (key))
    ERROR (v, CS_PROBLEM_INVALID_KEY, NULL, NULL, "key",
           _("The workflow key “%s” may only contain lower-case letters, digits and _"), key);
  if (version < 1)
    ERROR (v, CS_PROBLEM_INVALID_VERSION, NULL, NULL, "version",
           _("The workflow version must be 1 or more, not %d"), version);
  if (*cs_workflow_get_name (v->workflow) == '\0')
    WARNING (v, CS_PROBLEM_INVALID_SETTING, NULL, NULL, "name", _("The workflow has no name"));
}

static void
check_ids (Validation *v,
           Graph      *g)
{
  for (guint i = 0; i < g->n; i++)
    {
      const char *id = graph_id (g, i);

      if (id == NULL || *id == '\0')
        ERROR (v, CS_PROBLEM_INVALID_STEP_ID, NULL, NULL, "id",
               _("Step %u (“%s”) has no id"), i + 1,
               cs_step_get_name (g_ptr_array_index (g->steps, i)));
      else if (!cs_step_id_is_valid (id))
        ERROR (v, CS_PROBLEM_INVALID_STEP_ID, id, NULL, "id",
               _("Step “%s”: an id may only contain lower-case letters, digits and _"), id);
      else if (!g->node[i])
        ERROR (v, CS_PROBLEM_DUPLICATE_STEP_ID, id, NULL, "id",
               _("Two steps have the id “%s”"), id);
    }
}

static void
check_params (Validation *v,
              const char *id,
              GPtrArray  *params,
              const char *what)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < params->len; i++)
    {
      CsStepParam *param = g_ptr_array_index (params, i);
      const char *name = cs_step_param_get_name (param);
      const char *source = cs_step_param_get_source (param);
      g_autofree char *field = g_strdup_printf ("%s.%s", what, name);

      if (*name == '\0')
        {
          ERROR (v, CS_PROBLEM_INVALID_INPUT, id, NULL, what,
                 _("Action “%s”: declaration %u of the %s has no name"), id, i + 1, what);
          continue;
        }
      if (!g_hash_table_add (names, (gpointer) name))
        ERROR (v, CS_PROBLEM_INVALID_INPUT, id, NULL, field,
               _("Action “%s” declares “%s” twice among its %s"), id, name, what);
      if (cs_step_param_get_pattern (param) != NULL && cs_step_param_get_regex (param) == NULL)
        ERROR (v, CS_PROBLEM_INVALID_INPUT, id, NULL, field,
               _("Action “%s”: the pattern of input %s is not a valid regular expression: %s"),
               id, name, cs_step_param_get_pattern_error (param));
      if (source != NULL && !cs_data_path_is_valid (source))
        ERROR (v, CS_PROBLEM_INVALID_INPUT, id, NULL, field,
               _("Action “%s”: input %s reads from “%s”, which is not a data path"),
               id, name, source);
    }
}

static void
check_action (Validation *v,
              CsStep     *step)
{
  const char *id = cs_step_get_id (step);
  const char *handler = cs_step_get_handler (step);

  if (handler == NULL)
    {
      /* An observed workflow records what people did; its actions run nothing. */
      if (!cs_workflow_get_observed (v->workflow))
        ERROR (v, CS_PROBLEM_UNKNOWN_HANDLER, id, NULL, "handler",
               _("Action “%s” has no handler"), id);
    }
  else if (!cs_handler_registry_contains (v->registry, handler))
    ERROR (v, CS_PROBLEM_UNKNOWN_HANDLER, id, NULL, "handler",
           _("Action “%s” uses the unknown handler “%s”"), id, handler);

  check_params (v, id, cs_step_get_inputs (step), "inputs");
  check_params (v, id, cs_step_get_outputs (step), "outputs");
}

static void
check_approval (Validation *v,
                CsStep     *step)
{
  const char *id = cs_step_get_id (step);
  const char * const *roles = cs_step_get_approver_roles (step);

  if (roles[0] == NULL)
    ERROR (v, CS_PROBLEM_NO_APPROVERS, id, NULL, "approvers",
           _("Approval “%s” has no approvers"), id);
  for (guint i = 0; roles[i] != NULL; i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (roles[i]));

      if (*trimmed == '\0')
        ERROR (v, CS_PROBLEM_NO_APPROVERS, id, NULL, "approvers",
               _("Approval “%s”: approver role %u is blank"), id, i + 1);
      for (guint j = 0; j < i; j++)
        if (g_str_equal (roles[i], roles[j]))
          WARNING (v, CS_PROBLEM_INVALID_SETTING, id, NULL, "approvers",
                   _("Approval “%s” lists the role “%s” twice"), id, roles[i]);
    }
  if (cs_step_get_escalate_to (step) != NULL && cs_step_get_due_seconds (step) == 0)
    WARNING (v, CS_PROBLEM_INVALID_SETTING, id, NULL, "escalate_to",
             _("Approval “%s” escalates to “%s” but has no due time, so it never escalates"),
             id, cs_step_get_escalate_to (step));
}

static void
report_template_error (Validation   *v,
                       const char   *id,
                       const char   *field,
                       const char   *what,
                       const GError *error,
                       gsize         offset)
{
  report (v, CS_PROBLEM_ERROR, CS_PROBLEM_EXPRESSION, id, NULL, field, offset,
          _("Integration “%s”: the %s template does not parse: %s"), id, what, error->message);
}

#define PLACEHOLDER "\001"

static char *
placeholder_escape (const char *value)
{
  return g_strdup (PLACEHOLDER);
}

/* Renders @tmpl with every interpolation replaced by a placeholder and checks
 * the literal text around them has the shape of an http(s) URL. A template
 * that starts with an interpolation takes its scheme and host from the data,
 * which is how tests and deployments point integrations at their servers. */
static gboolean
url_template_has_url_shape (CsTemplate *tmpl)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;
  g_autofree char *rendered = NULL;

  cs_template_collect_paths (tmpl, paths);
  for (guint i = 0; i < paths->len; i++)
    {
      g_auto(GStrv) segments = g_strsplit (g_ptr_array_index (paths, i), ".", -1);
      JsonObject *object = data;

      for (guint s = 0; segments[s] != NULL && segments[s + 1] != NULL; s++)
        {
          JsonNode *member = json_object_get_member (object, segments[s]);

          if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
            json_object_set_object_member (object, segments[s], json_object_new ());
          object = json_object_get_object_member (object, segments[s]);
        }
      if (segments[0] != NULL)
        json_object_set_string_member (object, segments[g_strv_length (segments) - 1], PLACEHOLDER);
    }
  json_node_set_object (root, data);

  rendered = cs_template_render (tmpl, root, placeholder_escape, &error);
  /* An expression that cannot be evaluated without real data says nothing
   * about the URL's shape; evaluation errors are the engine's to report. */
  if (rendered == NULL)
    return TRUE;

  for (const char *p = rendered; *p; p++)
    if (g_ascii_isspace (*p))
      return FALSE;
  if (g_str_has_prefix (rendered, PLACEHOLDER))
    return TRUE;
  return g_regex_match_simple ("^https?://([A-Za-z0-9._~\\x01-]+|\\[[0-9A-Fa-f:.]+\\])"
                               "(:([0-9]{1,5}|\\x01))?([/?#].*)?$",
                               rendered, G_REGEX_CASELESS | G_REGEX_DOTALL, 0);
}

static gboolean
header_name_is_valid (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("!#$%&'*+-.^_`|~", *p))
      return FALSE;
  return TRUE;
}

static void
check_integration (Validation *v,
                   CsStep     *step)
{
  const char *id = cs_step_get_id (step);
  const char *method = cs_step_get_method (step);
  const char * const *statuses = cs_step_get_expected_statuses (step);
  const GError *error;
  gsize offset;

  if (!cs_http_method_is_valid (method))
    ERROR (v, CS_PROBLEM_INVALID_METHOD, id, NULL, "method",
           _("Integration “%s”: “%s” is not a supported HTTP method "
             "(GET, POST, PUT, PATCH, DELETE, HEAD)"), id, method);

  if (cs_step_get_url_source (step) == NULL)
    ERROR (v, CS_PROBLEM_INVALID_URL, id, NULL, "url", _("Integration “%s” has no URL"), id);
  else if ((error = cs_step_get_url_error (step, &offset)) != NULL)
    report_template_error (v, id, "url", "URL", error, offset);
  else if (!url_template_has_url_shape (cs_step_get_url_template (step)))
    ERROR (v, CS_PROBLEM_INVALID_URL, id, NULL, "url",
           _("Integration “%s”: “%s” does not make an http or https URL"),
           id, cs_step_get_url_source (step));

  for (guint i = 0; i < cs_step_get_n_headers (step); i++)
    {
      const char *name = cs_step_get_header_name (step, i);
      g_autofree char *field = g_strdup_printf ("headers.%s", name);

      if (!header_name_is_valid (name))
        ERROR (v, CS_PROBLEM_INVALID_SETTING, id, NULL, field,
               _("Integration “%s”: “%s” is not a valid header name"), id, name);
      if ((error = cs_step_get_header_error (step, i, &offset)) != NULL)
        {
          g_autofree char *what = g_strdup_printf (_("%s header"), name);
          report_template_error (v, id, field, what, error, offset);
        }
    }

  if ((error = cs_step_get_body_error (step, &offset)) != NULL)
    report_template_error (v, id, "body", _("body"), error, offset);
  else if (cs_step_get_body_source (step) != NULL &&
           (g_strcmp0 (method, "GET") == 0 || g_strcmp0 (method, "HEAD") == 0))
    WARNING (v, CS_PROBLEM_INVALID_SETTING, id, NULL, "body",
             _("Integration “%s” has a body, but %s requests carry none"), id, method);

  if (cs_step_get_timeout_ms (step) == 0)
    ERROR (v, CS_PROBLEM_INVALID_SETTING, id, NULL, "timeout_ms",
           _("Integration “%s”: the timeout must be more than 0 ms"), id);
  if (cs_step_get_max_attempts (step) == 0)
    ERROR (v, CS_PROBLEM_INVALID_SETTING, id, NULL, "max_attempts",
           _("Integration “%s”: it must make at least 1 attempt"), id);
  if (cs_step_get_backoff_base_ms (step) > cs_step_get_backoff_max_ms (step))
    ERROR (v, CS_PROBLEM_INVALID_SETTING, id, NULL, "backoff",
           _("Integration “%s”: the first retry delay (%u ms) exceeds the longest (%u ms)"),
           id, cs_step_get_backoff_base_ms (step), cs_step_get_backoff_max_ms (step));

  if (statuses[0] == NULL)
    ERROR (v, CS_PROBLEM_INVALID_STATUS_PATTERN, id, NULL, "expected_statuses",
           _("Integration “%s” expects no HTTP status, so every call would fail"), id);
  for (guint i = 0; statuses[i] != NULL; i++)
    if (!cs_status_pattern_is_valid (statuses[i]))
      ERROR (v, CS_PROBLEM_INVALID_STATUS_PATTERN, id, NULL, "expected_statuses",
             _("Integration “%s”: “%s” is not a status pattern like 200, 2xx or 201-204"),
             id, statuses[i]);

  if (cs_step_get_breaker_threshold (step) > 0 && cs_step_get_breaker_reset_seconds (step) == 0)
    ERROR (v, CS_PROBLEM_INVALID_SETTING, id, NULL, "circuit_breaker",
           _("Integration “%s”: the circuit breaker needs a reset time of more than 0 s"), id);

  for (guint i = 0; i < cs_step_get_n_response_mappings (step); i++)
    {
      const char *key = cs_step_get_response_mapping_key (step, i);
      const char *path = cs_step_get_response_mapping_path (step, i);
      g_autofree char *field = g_strdup_printf ("response_mapping.%s", key);

      if (!cs_data_path_is_valid (key) || strchr (key, '.') != NULL)
        ERROR (v, CS_PROBLEM_INVALID_SETTING, id, NULL, field,
               _("Integration “%s”: “%s” is not a valid instance-data key"), id, key);
      if (!cs_data_path_is_valid (path))
        ERROR (v, CS_PROBLEM_INVALID_SETTING, id, NULL, field,
               _("Integration “%s”: “%s” is not a path into the response"), id, path);
    }
}

static void
check_simulation (Validation *v,
                  CsStep     *step)
{
  const char *id = cs_step_get_id (step);

  for (CsSimParam param = 0; param < CS_SIM_N_PARAMS; param++)
    {
      double value = cs_step_get_sim (step, param);
      const char *name = cs_sim_param_to_string (param);
      g_autofree char *field = NULL;
      gboolean ok;

      if (!cs_step_has_sim (step, param))
        continue;
      switch (param)
        {
        case CS_SIM_FAILURE_PROBABILITY:
          ok = value >= 0.0 && value <= 1.0;
          break;
        case CS_SIM_OFFICERS:
          ok = value >= 1.0 && floor (value) == value;
          break;
        case CS_SIM_MEAN_SERVICE_TIME:
        case CS_SIM_SERVICE_CV:
        case CS_SIM_LATENCY:
        case CS_SIM_HANDLING_TIME:
        default:
          ok = value >= 0.0;
          break;
        }
      if (ok)
        continue;
      field = g_strdup_printf ("simulation.%s", name);
      ERROR (v, CS_PROBLEM_INVALID_SETTING, id, NULL, field,
             _("Step “%s”: the simulation parameter %s cannot be %g"), id, name, value);
    }
}

static gboolean
same_edge (CsEdge *a,
           CsEdge *b)
{
  return g_strcmp0 (cs_edge_get_from (a), cs_edge_get_from (b)) == 0 &&
         g_strcmp0 (cs_edge_get_to (a), cs_edge_get_to (b)) == 0 &&
         cs_edge_get_kind (a) == cs_edge_get_kind (b) &&
         (cs_edge_get_kind (a) != CS_EDGE_BRANCH ||
          g_strcmp0 (cs_edge_get_condition_source (a), cs_edge_get_condition_source (b)) == 0);
}

static void
check_edges (Validation *v,
             Graph      *g)
{
  GPtrArray *edges = cs_workflow_get_edges (v->workflow);

  for (guint i = 0; i < edges->len; i++)
    {
      CsEdge *edge = g_ptr_array_index (edges, i);
      const char *from = cs_edge_get_from (edge);
      const char *to = cs_edge_get_to (edge);
      CsEdgeKind kind = cs_edge_get_kind (edge);
      int from_index = graph_lookup (g, from);
      CsStep *source;

      if (from_index < 0)
        {
          ERROR (v, CS_PROBLEM_DANGLING_EDGE, from, edge, "from",
                 _("An edge leaves “%s”, which is not a step of the workflow"),
                 from ? from : "");
          continue;
        }
      if (graph_lookup (g, to) < 0)
        ERROR (v, CS_PROBLEM_DANGLING_EDGE, from, edge, "to",
               _("The edge from “%s” goes to “%s”, which is not a step of the workflow"),
               from, to ? to : "");

      source = g_ptr_array_index (g->steps, from_index);
      switch (cs_step_get_step_type (source))
        {
        case CS_STEP_TERMINAL:
          ERROR (v, CS_PROBLEM_EDGE_FROM_TERMINAL, from, edge, NULL,
                 _("Terminal step “%s” has an outgoing edge (to “%s”); a terminal ends the instance"),
                 from, to ? to : "");
          break;
        case CS_STEP_CONDITIONAL:
          if (kind != CS_EDGE_BRANCH && kind != CS_EDGE_DEFAULT)
            ERROR (v, CS_PROBLEM_EDGE_KIND, from, edge, "kind",
                   _("The edge from conditional “%s” to “%s” must be a branch or the default, not %s"),
                   from, to ? to : "", cs_edge_kind_to_string (kind));
          break;
        case CS_STEP_APPROVAL:
          if (kind != CS_EDGE_APPROVED && kind != CS_EDGE_REJECTED)
            ERROR (v, CS_PROBLEM_EDGE_KIND, from, edge, "kind",
                   _("The edge from approval “%s” to “%s” must be taken when approved or when "
                     "rejected, not %s"),
                   from, to ? to : "", cs_edge_kind_to_string (kind));
          break;
        case CS_STEP_ACTION:
        case CS_STEP_INTEGRATION:
        default:
          if (kind != CS_EDGE_NEXT)
            ERROR (v, CS_PROBLEM_EDGE_KIND, from, edge, "kind",
                   _("The edge from “%s” to “%s” is a %s edge, but only conditionals and "
                     "approvals choose among their edges"),
                   from, to ? to : "", cs_edge_kind_to_string (kind));
          break;
        }

      if (kind == CS_EDGE_BRANCH)
        {
          gsize offset = 0;
          const GError *error = cs_edge_get_condition_error (edge, &offset);

          if (cs_edge_get_condition_source (edge) == NULL)
            ERROR (v, CS_PROBLEM_EXPRESSION, from, edge, "condition",
                   _("Conditional “%s”: the branch to “%s” has no condition"), from, to ? to : "");
          else if (error != NULL)
            report (v, CS_PROBLEM_ERROR, CS_PROBLEM_EXPRESSION, from, edge, "condition", offset,
                    _("Conditional “%s”: the condition of the branch to “%s” does not parse: %s"),
                    from, to ? to : "", error->message);
        }

      for (guint j = 0; j < i; j++)
        if (same_edge (edge, g_ptr_array_index (edges, j)))
          {
            WARNING (v, CS_PROBLEM_DUPLICATE_EDGE, from, edge, NULL,
                     _("The edge from “%s” to “%s” appears twice"), from, to ? to : "");
            break;
          }
    }
}

static void
check_outgoing (Validation *v,
                Graph      *g,
                guint       i)
{
  CsStep *step = g_ptr_array_index (g->steps, i);
  const char *id = graph_id (g, i);
  g_autoptr(GPtrArray) edges = cs_workflow_get_outgoing_edges (v->workflow, id);
  guint defaults = 0, branches = 0, approved = 0, rejected = 0;

  for (guint e = 0; e < edges->len; e++)
    switch (cs_edge_get_kind (g_ptr_array_index (edges, e)))
      {
      case CS_EDGE_DEFAULT:
        defaults++;
        break;
      case CS_EDGE_BRANCH:
        branches++;
        break;
      case CS_EDGE_APPROVED:
        approved++;
        break;
      case CS_EDGE_REJECTED:
        rejected++;
        break;
      case CS_EDGE_NEXT:
      default:
        break;
      }

  if (cs_step_get_step_type (step) == CS_STEP_CONDITIONAL)
    {
      if (defaults == 0)
        ERROR (v, CS_PROBLEM_MISSING_DEFAULT, id, NULL, NULL,
               _("Conditional “%s” has no default edge, taken when no condition is true"), id);
      else if (defaults > 1)
        ERROR (v, CS_PROBLEM_MULTIPLE_DEFAULTS, id, NULL, NULL,
               _("Conditional “%s” has %u default edges; it must have exactly one"), id, defaults);
      if (branches == 0 && defaults > 0)
        WARNING (v, CS_PROBLEM_NO_BRANCHES, id, NULL, NULL,
                 _("Conditional “%s” has no conditions; it always takes its default edge"), id);
    }
  else if (cs_step_get_step_type (step) == CS_STEP_APPROVAL)
    {
      if (approved == 0)
        ERROR (v, CS_PROBLEM_MISSING_OUTCOME, id, NULL, NULL,
               _("Approval “%s” has no edge to follow when it is approved"), id);
      if (rejected == 0)
        ERROR (v, CS_PROBLEM_MISSING_OUTCOME, id, NULL, NULL,
               _("Approval “%s” has no edge to follow when it is rejected"), id);
    }
}

static void
check_graph (Validation *v,
             Graph      *g)
{
  const char *start_id = cs_workflow_get_start_step_id (v->workflow);
  int start = graph_lookup (g, start_id);
  g_autofree gboolean *from_start = g_new0 (gboolean, g->n);
  g_autofree gboolean *to_terminal = g_new0 (gboolean, g->n);
  g_autofree gboolean *extra_start = g_new0 (gboolean, g->n);
  g_autofree int *component = NULL;
  g_autofree gboolean *reported = NULL;
  g_autoptr(GArray) terminals = g_array_new (FALSE, FALSE, sizeof (guint));

  if (start_id == NULL)
    ERROR (v, CS_PROBLEM_NO_START, NULL, NULL, "start", _("The workflow has no start step"));
  else if (start < 0)
    ERROR (v, CS_PROBLEM_NO_START, start_id, NULL, "start",
           _("The start step “%s” does not exist"), start_id);

  if (start >= 0)
    {
      g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
      guint s = start;

      g_array_append_val (starts, s);
      graph_mark_reachable (g, starts, FALSE, from_start);

      for (guint i = 0; i < g->n; i++)
        if (g->node[i] && (int) i != start && g->in[i]->len == 0)
          {
            extra_start[i] = TRUE;
            ERROR (v, CS_PROBLEM_MULTIPLE_STARTS, graph_id (g, i), NULL, NULL,
                   _("Step “%s” has no incoming edge, so it would start the workflow too; "
                     "only “%s” may"), graph_id (g, i), start_id);
          }
      for (guint i = 0; i < g->n; i++)
        if (g->node[i] && !from_start[i] && !extra_start[i])
          ERROR (v, CS_PROBLEM_UNREACHABLE, graph_id (g, i), NULL, NULL,
                 _("Step “%s” cannot be reached from the start step “%s”"),
                 graph_id (g, i), start_id);
    }

  for (guint i = 0; i < g->n; i++)
    if (g->node[i] &&
        cs_step_get_step_type (g_ptr_array_index (g->steps, i)) == CS_STEP_TERMINAL)
      g_array_append_val (terminals, i);
  if (terminals->len == 0 && g->n > 0)
    ERROR (v, CS_PROBLEM_DEAD_END, NULL, NULL, NULL, _("The workflow has no terminal step"));
  else
    {
      graph_mark_reachable (g, terminals, TRUE, to_terminal);
      for (guint i = 0; i < g->n; i++)
        if (g->node[i] && !to_terminal[i])
          ERROR (v, CS_PROBLEM_DEAD_END, graph_id (g, i), NULL, NULL,
                 _("No path leads from step “%s” to a terminal step"), graph_id (g, i));
    }

  component = graph_components (g);
  reported = g_new0 (gboolean, g->n);
  for (guint i = 0; i < g->n; i++)
    {
      g_autoptr(GArray) cycle = NULL;
      g_autofree char *text = NULL;

      /* Steps are visited in order, so each cycle is named from its first step. */
      if (!g->node[i] || reported[component[i]])
        continue;
      cycle = graph_shortest_path (g, i, i, component, component[i]);
      if (cycle == NULL)
        continue;
      reported[component[i]] = TRUE;
      text = format_path (g, cycle);
      ERROR (v, CS_PROBLEM_CYCLE, graph_id (g, i), NULL, NULL, _("Cycle: %s"), text);
    }
}

GPtrArray *
cs_workflow_validate (CsWorkflow        *workflow,
                      CsHandlerRegistry *registry)
{
  Validation v;
  Graph g;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);
  g_return_val_if_fail (registry == NULL || CS_IS_HANDLER_REGISTRY (registry), NULL);

  v.workflow = workflow;
  v.registry = registry ? registry : cs_handler_registry_get_default ();
  v.problems = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_problem_unref);

  graph_init (&g, workflow);

  check_workflow (&v);
  check_ids (&v, &g);
  for (guint i = 0; i < g.n; i++)
    {
      CsStep *step = g_ptr_array_index (g.steps, i);

      if (cs_step_get_id (step) == NULL)
        continue;
      switch (cs_step_get_step_type (step))
        {
        case CS_STEP_ACTION:
          check_action (&v, step);
          break;
        case CS_STEP_APPROVAL:
          check_approval (&v, step);
          break;
        case CS_STEP_INTEGRATION:
          check_integration (&v, step);
          break;
        case CS_STEP_CONDITIONAL:
        case CS_STEP_TERMINAL:
        default:
          break;
        }
      check_simulation (&v, step);
      if (g.node[i])
        check_outgoing (&v, &g, i);
    }
  check_edges (&v, &g);
  check_graph (&v, &g);

  graph_clear (&g);
  return v.problems;
}

gboolean
cs_workflow_would_create_cycle (CsWorkflow  *workflow,
                                const char  *from,
                                const char  *to,
                                GPtrArray  **cycle_steps)
{
  g_autoptr(GArray) path = NULL;
  int from_index, to_index;
  Graph g;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), FALSE);
  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  if (cycle_steps != NULL)
    *cycle_steps = NULL;

  if (g_str_equal (from, to))
    {
      if (cycle_steps != NULL)
        {
          *cycle_steps = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (*cycle_steps, g_strdup (from));
          g_ptr_array_add (*cycle_steps, g_strdup (from));
        }
      return TRUE;
    }

  graph_init (&g, workflow);
  from_index = graph_lookup (&g, from);
  to_index = graph_lookup (&g, to);
  if (from_index >= 0 && to_index >= 0)
    path = graph_shortest_path (&g, to_index, from_index, NULL, 0);

  if (path != NULL && cycle_steps != NULL)
    {
      *cycle_steps = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (*cycle_steps, g_strdup (from));
      for (guint i = 0; i < path->len; i++)
        g_ptr_array_add (*cycle_steps, g_strdup (graph_id (&g, g_array_index (path, guint, i))));
    }
  graph_clear (&g);
  return path != NULL;
}
