/* cs-workflow.c: a versioned workflow definition: steps joined by edges
 *
 * Workflows hold tens of steps, so lookups are linear scans: simpler than
 * keeping an index coherent with ids that designers rename and duplicate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-error.h"
#include "cs-workflow.h"

struct _CsWorkflow
{
  GObject           parent_instance;

  char             *key;
  int               version;
  char             *name;
  char             *description;
  char             *tenant;
  CsWorkflowStatus  status;
  char             *start_step_id;
  JsonNode         *simulation;   /* sealed; NULL when there is no profile */
  gboolean          observed;

  GPtrArray        *steps;
  GPtrArray        *edges;
  /* CsStep* → the id it had when last seen, to rewrite edges on a rename. */
  GHashTable       *known_ids;

  guint             freeze_count;
  gboolean          change_pending;
};

G_DEFINE_TYPE (CsWorkflow, cs_workflow, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (CsWorkflowStatus, cs_workflow_status,
  G_DEFINE_ENUM_VALUE (CS_WORKFLOW_STATUS_DRAFT, "draft"),
  G_DEFINE_ENUM_VALUE (CS_WORKFLOW_STATUS_PUBLISHED, "published"),
  G_DEFINE_ENUM_VALUE (CS_WORKFLOW_STATUS_RETIRED, "retired"))

enum {
  PROP_0,
  PROP_KEY,
  PROP_VERSION,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_TENANT,
  PROP_STATUS,
  PROP_START_STEP_ID,
  PROP_SIMULATION,
  PROP_OBSERVED,
  N_PROPS
};

enum {
  CHANGED,
  STEP_ADDED,
  STEP_REMOVED,
  EDGE_ADDED,
  EDGE_REMOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const status_names[] = {
  [CS_WORKFLOW_STATUS_DRAFT] = "draft",
  [CS_WORKFLOW_STATUS_PUBLISHED] = "published",
  [CS_WORKFLOW_STATUS_RETIRED] = "retired",
};

const char *
cs_workflow_status_to_string (CsWorkflowStatus status)
{
  g_return_val_if_fail (status <= CS_WORKFLOW_STATUS_RETIRED, NULL);
  return status_names[status];
}

gboolean
cs_workflow_status_from_string (const char       *text,
                                CsWorkflowStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_str_equal (text, status_names[i]))
      {
        *status = (CsWorkflowStatus) i;
        return TRUE;
      }
  return FALSE;
}

static void
emit_changed (CsWorkflow *self)
{
  if (self->freeze_count > 0)
    {
      self->change_pending = TRUE;
      return;
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

void
cs_workflow_freeze_changed (CsWorkflow *workflow)
{
  g_return_if_fail (CS_IS_WORKFLOW (workflow));
  workflow->freeze_count++;
}

void
cs_workflow_thaw_changed (CsWorkflow *workflow)
{
  g_return_if_fail (CS_IS_WORKFLOW (workflow));
  g_return_if_fail (workflow->freeze_count > 0);

  if (--workflow->freeze_count == 0 && workflow->change_pending)
    {
      workflow->change_pending = FALSE;
      g_signal_emit (workflow, signals[CHANGED], 0);
    }
}

static void
on_member_changed (CsWorkflow *self)
{
  emit_changed (self);
}

static CsStep *
find_other_step (CsWorkflow *self,
                 const char *id,
                 CsStep     *except)
{
  for (guint i = 0; i < self->steps->len; i++)
    {
      CsStep *step = g_ptr_array_index (self->steps, i);

      if (step != except && g_strcmp0 (cs_step_get_id (step), id) == 0)
        return step;
    }
  return NULL;
}

static void
on_step_id_changed (CsStep     *step,
                    GParamSpec *pspec,
                    CsWorkflow *self)
{
  g_autofree char *old_id = g_strdup (g_hash_table_lookup (self->known_ids, step));
  const char *new_id = cs_step_get_id (step);

  g_hash_table_insert (self->known_ids, step, g_strdup (new_id));

  /* Another step still answering to the old id keeps its edges. */
  if (old_id == NULL || new_id == NULL || find_other_step (self, old_id, step) != NULL)
    return;

  cs_workflow_freeze_changed (self);
  for (guint i = 0; i < self->edges->len; i++)
    {
      CsEdge *edge = g_ptr_array_index (self->edges, i);

      if (g_strcmp0 (cs_edge_get_from (edge), old_id) == 0)
        cs_edge_set_from (edge, new_id);
      if (g_strcmp0 (cs_edge_get_to (edge), old_id) == 0)
        cs_edge_set_to (edge, new_id);
    }
  if (g_strcmp0 (self->start_step_id, old_id) == 0)
    cs_workflow_set_start_step_id (self, new_id);
  cs_workflow_thaw_changed (self);
}

static void
release_step (CsWorkflow *self,
              CsStep     *step)
{
  g_signal_handlers_disconnect_by_data (step, self);
  g_hash_table_remove (self->known_ids, step);
}

static void
cs_workflow_dispose (GObject *object)
{
  CsWorkflow *self = (CsWorkflow *) object;

  if (self->steps != NULL)
    for (guint i = 0; i < self->steps->len; i++)
      release_step (self, g_ptr_array_index (self->steps, i));
  if (self->edges != NULL)
    for (guint i = 0; i < self->edges->len; i++)
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->edges, i), self);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->edges, g_ptr_array_unref);

  G_OBJECT_CLASS (cs_workflow_parent_class)->dispose (object);
}

static void
cs_workflow_finalize (GObject *object)
{
  CsWorkflow *self = (CsWorkflow *) object;

  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->tenant, g_free);
  g_clear_pointer (&self->start_step_id, g_free);
  g_clear_pointer (&self->simulation, json_node_unref);
  g_clear_pointer (&self->known_ids, g_hash_table_unref);

  G_OBJECT_CLASS (cs_workflow_parent_class)->finalize (object);
}

static void
cs_workflow_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CsWorkflow *self = CS_WORKFLOW (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_VERSION:
      g_value_set_int (value, self->version);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_TENANT:
      g_value_set_string (value, self->tenant);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_START_STEP_ID:
      g_value_set_string (value, self->start_step_id);
      break;
    case PROP_SIMULATION:
      g_value_set_boxed (value, self->simulation);
      break;
    case PROP_OBSERVED:
      g_value_set_boolean (value, self->observed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_workflow_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CsWorkflow *self = CS_WORKFLOW (object);

  switch (prop_id)
    {
    case PROP_KEY:
      cs_workflow_set_key (self, g_value_get_string (value));
      break;
    case PROP_VERSION:
      cs_workflow_set_version (self, g_value_get_int (value));
      break;
    case PROP_NAME:
      cs_workflow_set_name (self, g_value_get_string (value));
      break;
    case PROP_DESCRIPTION:
      cs_workflow_set_description (self, g_value_get_string (value));
      break;
    case PROP_TENANT:
      cs_workflow_set_tenant (self, g_value_get_string (value));
      break;
    case PROP_STATUS:
      cs_workflow_set_status (self, g_value_get_enum (value));
      break;
    case PROP_START_STEP_ID:
      cs_workflow_set_start_step_id (self, g_value_get_string (value));
      break;
    case PROP_SIMULATION:
      cs_workflow_set_simulation (self, g_value_get_boxed (value));
      break;
    case PROP_OBSERVED:
      cs_workflow_set_observed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_workflow_class_init (CsWorkflowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_workflow_dispose;
  object_class->finalize = cs_workflow_finalize;
  object_class->get_property = cs_workflow_get_property;
  object_class->set_property = cs_workflow_set_property;

  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* 0 only until set: validation demands >= 1, but a broken file must load. */
  properties[PROP_VERSION] =
    g_param_spec_int ("version", NULL, NULL, G_MININT, G_MAXINT, 1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TENANT] =
    g_param_spec_string ("tenant", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, CS_TYPE_WORKFLOW_STATUS, CS_WORKFLOW_STATUS_DRAFT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_START_STEP_ID] =
    g_param_spec_string ("start-step-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIMULATION] =
    g_param_spec_boxed ("simulation", NULL, NULL, JSON_TYPE_NODE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OBSERVED] =
    g_param_spec_boolean ("observed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[STEP_ADDED] =
    g_signal_new ("step-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, CS_TYPE_STEP, G_TYPE_UINT);
  signals[STEP_REMOVED] =
    g_signal_new ("step-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, CS_TYPE_STEP, G_TYPE_UINT);
  signals[EDGE_ADDED] =
    g_signal_new ("edge-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, CS_TYPE_EDGE, G_TYPE_UINT);
  signals[EDGE_REMOVED] =
    g_signal_new ("edge-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, CS_TYPE_EDGE, G_TYPE_UINT);
}

static void
cs_workflow_init (CsWorkflow *self)
{
  self->version = 1;
  self->name = g_strdup ("");
  self->description = g_strdup ("");
  self->status = CS_WORKFLOW_STATUS_DRAFT;
  self->steps = g_ptr_array_new_with_free_func (g_object_unref);
  self->edges = g_ptr_array_new_with_free_func (g_object_unref);
  self->known_ids = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

CsWorkflow *
cs_workflow_new (const char *key,
                 int         version,
                 const char *name)
{
  CsWorkflow *self = g_object_new (CS_TYPE_WORKFLOW, NULL);

  self->key = g_strdup (key);
  self->version = version;
  g_free (self->name);
  self->name = g_strdup (name ? name : "");
  return self;
}

CsWorkflow *
cs_workflow_copy (CsWorkflow *workflow)
{
  CsWorkflow *copy;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);

  copy = cs_workflow_new (workflow->key, workflow->version, workflow->name);
  g_free (copy->description);
  copy->description = g_strdup (workflow->description);
  copy->tenant = g_strdup (workflow->tenant);
  copy->status = workflow->status;
  copy->start_step_id = g_strdup (workflow->start_step_id);
  copy->simulation = workflow->simulation ? json_node_ref (workflow->simulation) : NULL;
  copy->observed = workflow->observed;

  for (guint i = 0; i < workflow->steps->len; i++)
    {
      g_autoptr(CsStep) step = cs_step_copy (g_ptr_array_index (workflow->steps, i));
      cs_workflow_add_step (copy, step);
    }
  for (guint i = 0; i < workflow->edges->len; i++)
    {
      g_autoptr(CsEdge) edge = cs_edge_copy (g_ptr_array_index (workflow->edges, i));
      cs_workflow_add_edge (copy, edge);
    }

  return copy;
}

gboolean
cs_workflow_equal (CsWorkflow *a,
                   CsWorkflow *b)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (a), FALSE);
  g_return_val_if_fail (CS_IS_WORKFLOW (b), FALSE);

  if (g_strcmp0 (a->key, b->key) != 0 ||
      a->version != b->version ||
      !g_str_equal (a->name, b->name) ||
      !g_str_equal (a->description, b->description) ||
      g_strcmp0 (a->tenant, b->tenant) != 0 ||
      a->status != b->status ||
      g_strcmp0 (a->start_step_id, b->start_step_id) != 0 ||
      (a->simulation == NULL) != (b->simulation == NULL) ||
      (a->simulation != NULL && !json_node_equal (a->simulation, b->simulation)) ||
      a->observed != b->observed ||
      a->steps->len != b->steps->len ||
      a->edges->len != b->edges->len)
    return FALSE;

  for (guint i = 0; i < a->steps->len; i++)
    if (!cs_step_equal (g_ptr_array_index (a->steps, i), g_ptr_array_index (b->steps, i)))
      return FALSE;
  for (guint i = 0; i < a->edges->len; i++)
    if (!cs_edge_equal (g_ptr_array_index (a->edges, i), g_ptr_array_index (b->edges, i)))
      return FALSE;
  return TRUE;
}

gboolean
cs_workflow_key_is_valid (const char *key)
{
  /* Same alphabet as step ids: they end up in URLs, file names and SQL. */
  return cs_step_id_is_valid (key);
}

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
set_string_property (CsWorkflow  *self,
                     char       **field,
                     const char  *value,
                     guint        prop_id)
{
  if (!replace_string (field, value))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  emit_changed (self);
}

const char *
cs_workflow_get_key (CsWorkflow *workflow)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);
  return workflow->key;
}

void
cs_workflow_set_key (CsWorkflow *workflow,
                     const char *key)
{
  g_return_if_fail (CS_IS_WORKFLOW (workflow));
  set_string_property (workflow, &workflow->key, key, PROP_KEY);
}

int
cs_workflow_get_version (CsWorkflow *workflow)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), 0);
  return workflow->version;
}

void
cs_workflow_set_version (CsWorkflow *workflow,
                         int         version)
{
  g_return_if_fail (CS_IS_WORKFLOW (workflow));

  if (workflow->version == version)
    return;
  workflow->version = version;
  g_object_notify_by_pspec (G_OBJECT (workflow), properties[PROP_VERSION]);
  emit_changed (workflow);
}

const char *
cs_workflow_get_name (CsWorkflow *workflow)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);
  return workflow->name;
}

void
cs_workflow_set_name (CsWorkflow *workflow,
                      const char *name)
{
  g_return_if_fail (CS_IS_WORKFLOW (workflow));
  set_string_property (workflow, &workflow->name, name ? name : "", PROP_NAME);
}

const char *
cs_workflow_get_description (CsWorkflow *workflow)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);
  return workflow->description;
}

void
cs_workflow_set_description (CsWorkflow *workflow,
                             const char *description)
{
  g_return_if_fail (CS_IS_WORKFLOW (workflow));
  set_string_property (workflow, &workflow->description, description ? description : "",
                       PROP_DESCRIPTION);
}

const char *
cs_workflow_get_tenant (CsWorkflow *workflow)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);
  return workflow->tenant;
}

void
cs_workflow_set_tenant (CsWorkflow *workflow,
                        const char *tenant)
{
  g_return_if_fail (CS_IS_WORKFLOW (workflow));

  if (tenant != NULL && *tenant == '\0')
    tenant = NULL;
  set_string_property (workflow, &workflow->tenant, tenant, PROP_TENANT);
}

CsWorkflowStatus
cs_workflow_get_status (CsWorkflow *workflow)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), CS_WORKFLOW_STATUS_DRAFT);
  return workflow->status;
}

void
cs_workflow_set_status (CsWorkflow       *workflow,
                        CsWorkflowStatus  status)
{
  g_return_if_fail (CS_IS_WORKFLOW (workflow));
  g_return_if_fail (status <= CS_WORKFLOW_STATUS_RETIRED);

  if (workflow->status == status)
    return;
  workflow->status = status;
  g_object_notify_by_pspec (G_OBJECT (workflow), properties[PROP_STATUS]);
  emit_changed (workflow);
}

const char *
cs_workflow_get_start_step_id (CsWorkflow *workflow)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);
  return workflow->start_step_id;
}

void
cs_workflow_set_start_step_id (CsWorkflow *workflow,
                               const char *step_id)
{
  g_return_if_fail (CS_IS_WORKFLOW (workflow));

  if (step_id != NULL && *step_id == '\0')
    step_id = NULL;
  set_string_property (workflow, &workflow->start_step_id, step_id, PROP_START_STEP_ID);
}

CsStep *
cs_workflow_get_start_step (CsWorkflow *workflow)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);

  if (workflow->start_step_id == NULL)
    return NULL;
  return cs_workflow_find_step (workflow, workflow->start_step_id);
}

gboolean
cs_workflow_get_observed (CsWorkflow *workflow)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), FALSE);
  return workflow->observed;
}

void
cs_workflow_set_observed (CsWorkflow *workflow,
                          gboolean    observed)
{
  g_return_if_fail (CS_IS_WORKFLOW (workflow));

  observed = !!observed;
  if (workflow->observed == observed)
    return;
  workflow->observed = observed;
  g_object_notify_by_pspec (G_OBJECT (workflow), properties[PROP_OBSERVED]);
  emit_changed (workflow);
}

JsonNode *
cs_workflow_get_simulation (CsWorkflow *workflow)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);
  return workflow->simulation;
}

void
cs_workflow_set_simulation (CsWorkflow *workflow,
                            JsonNode   *simulation)
{
  g_return_if_fail (CS_IS_WORKFLOW (workflow));
  g_return_if_fail (simulation == NULL || JSON_NODE_HOLDS_OBJECT (simulation));

  if (simulation == NULL ? workflow->simulation == NULL
                         : workflow->simulation != NULL && json_node_equal (simulation, workflow->simulation))
    return;
  g_clear_pointer (&workflow->simulation, json_node_unref);
  if (simulation != NULL)
    {
      /* Immutable, so that copies of the workflow can share it. */
      workflow->simulation = cs_json_node_deep_copy (simulation);
      json_node_seal (workflow->simulation);
    }
  g_object_notify_by_pspec (G_OBJECT (workflow), properties[PROP_SIMULATION]);
  emit_changed (workflow);
}

/* Steps */

guint
cs_workflow_get_n_steps (CsWorkflow *workflow)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), 0);
  return workflow->steps->len;
}

CsStep *
cs_workflow_get_step (CsWorkflow *workflow,
                      guint       index)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);
  g_return_val_if_fail (index < workflow->steps->len, NULL);
  return g_ptr_array_index (workflow->steps, index);
}

GPtrArray *
cs_workflow_get_steps (CsWorkflow *workflow)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);
  return workflow->steps;
}

void
cs_workflow_insert_step (CsWorkflow *workflow,
                         CsStep     *step,
                         guint       index)
{
  g_return_if_fail (CS_IS_WORKFLOW (workflow));
  g_return_if_fail (CS_IS_STEP (step));
  g_return_if_fail (cs_workflow_get_step_index (workflow, step) < 0);

  index = MIN (index, workflow->steps->len);
  g_ptr_array_insert (workflow->steps, index, g_object_ref (step));
  g_hash_table_insert (workflow->known_ids, step, g_strdup (cs_step_get_id (step)));
  g_signal_connect_swapped (step, "changed", G_CALLBACK (on_member_changed), workflow);
  g_signal_connect (step, "notify::id", G_CALLBACK (on_step_id_changed), workflow);

  g_signal_emit (workflow, signals[STEP_ADDED], 0, step, index);
  emit_changed (workflow);
}

void
cs_workflow_add_step (CsWorkflow *workflow,
                      CsStep     *step)
{
  g_return_if_fail (CS_IS_WORKFLOW (workflow));
  cs_workflow_insert_step (workflow, step, workflow->steps->len);
}

gboolean
cs_workflow_remove_step (CsWorkflow *workflow,
                         CsStep     *step)
{
  g_autoptr(CsStep) hold = NULL;
  const char *id;
  int index;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), FALSE);
  g_return_val_if_fail (CS_IS_STEP (step), FALSE);

  index = cs_workflow_get_step_index (workflow, step);
  if (index < 0)
    return FALSE;

  hold = g_object_ref (step);
  id = cs_step_get_id (step);

  cs_workflow_freeze_changed (workflow);
  if (id != NULL && find_other_step (workflow, id, step) == NULL)
    {
      for (guint i = workflow->edges->len; i > 0; i--)
        {
          CsEdge *edge = g_ptr_array_index (workflow->edges, i - 1);

          if (g_strcmp0 (cs_edge_get_from (edge), id) == 0 ||
              g_strcmp0 (cs_edge_get_to (edge), id) == 0)
            cs_workflow_remove_edge (workflow, edge);
        }
      if (g_strcmp0 (workflow->start_step_id, id) == 0)
        cs_workflow_set_start_step_id (workflow, NULL);
    }

  release_step (workflow, step);
  g_ptr_array_remove_index (workflow->steps, index);
  g_signal_emit (workflow, signals[STEP_REMOVED], 0, step, (guint) index);
  emit_changed (workflow);
  cs_workflow_thaw_changed (workflow);
  return TRUE;
}

CsStep *
cs_workflow_find_step (CsWorkflow *workflow,
                       const char *step_id)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);

  if (step_id == NULL)
    return NULL;
  return find_other_step (workflow, step_id, NULL);
}

int
cs_workflow_get_step_index (CsWorkflow *workflow,
                            CsStep     *step)
{
  guint index;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), -1);

  if (!g_ptr_array_find (workflow->steps, step, &index))
    return -1;
  return index;
}

/* Edges */

guint
cs_workflow_get_n_edges (CsWorkflow *workflow)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), 0);
  return workflow->edges->len;
}

CsEdge *
cs_workflow_get_edge (CsWorkflow *workflow,
                      guint       index)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);
  g_return_val_if_fail (index < workflow->edges->len, NULL);
  return g_ptr_array_index (workflow->edges, index);
}

GPtrArray *
cs_workflow_get_edges (CsWorkflow *workflow)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);
  return workflow->edges;
}

void
cs_workflow_insert_edge (CsWorkflow *workflow,
                         CsEdge     *edge,
                         guint       index)
{
  g_return_if_fail (CS_IS_WORKFLOW (workflow));
  g_return_if_fail (CS_IS_EDGE (edge));
  g_return_if_fail (cs_workflow_get_edge_index (workflow, edge) < 0);

  index = MIN (index, workflow->edges->len);
  g_ptr_array_insert (workflow->edges, index, g_object_ref (edge));
  g_signal_connect_swapped (edge, "notify", G_CALLBACK (on_member_changed), workflow);

  g_signal_emit (workflow, signals[EDGE_ADDED], 0, edge, index);
  emit_changed (workflow);
}

void
cs_workflow_add_edge (CsWorkflow *workflow,
                      CsEdge     *edge)
{
  g_return_if_fail (CS_IS_WORKFLOW (workflow));
  cs_workflow_insert_edge (workflow, edge, workflow->edges->len);
}

gboolean
cs_workflow_remove_edge (CsWorkflow *workflow,
                         CsEdge     *edge)
{
  g_autoptr(CsEdge) hold = NULL;
  int index;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), FALSE);
  g_return_val_if_fail (CS_IS_EDGE (edge), FALSE);

  index = cs_workflow_get_edge_index (workflow, edge);
  if (index < 0)
    return FALSE;

  hold = g_object_ref (edge);
  g_signal_handlers_disconnect_by_data (edge, workflow);
  g_ptr_array_remove_index (workflow->edges, index);
  g_signal_emit (workflow, signals[EDGE_REMOVED], 0, edge, (guint) index);
  emit_changed (workflow);
  return TRUE;
}

void
cs_workflow_move_edge (CsWorkflow *workflow,
                       CsEdge     *edge,
                       guint       index)
{
  g_autoptr(CsEdge) hold = NULL;
  int current;

  g_return_if_fail (CS_IS_WORKFLOW (workflow));
  g_return_if_fail (CS_IS_EDGE (edge));

  current = cs_workflow_get_edge_index (workflow, edge);
  g_return_if_fail (current >= 0);

  index = MIN (index, workflow->edges->len - 1);
  if ((guint) current == index)
    return;

  hold = g_object_ref (edge);
  cs_workflow_freeze_changed (workflow);
  cs_workflow_remove_edge (workflow, edge);
  cs_workflow_insert_edge (workflow, edge, index);
  cs_workflow_thaw_changed (workflow);
}

CsEdge *
cs_workflow_connect (CsWorkflow *workflow,
                     const char *from,
                     const char *to,
                     CsEdgeKind  kind)
{
  g_autoptr(CsEdge) edge = NULL;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);

  edge = cs_edge_new (from, to, kind);
  cs_workflow_add_edge (workflow, edge);
  return edge;
}

CsEdge *
cs_workflow_find_edge (CsWorkflow *workflow,
                       const char *from,
                       const char *to)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);

  for (guint i = 0; i < workflow->edges->len; i++)
    {
      CsEdge *edge = g_ptr_array_index (workflow->edges, i);

      if (g_strcmp0 (cs_edge_get_from (edge), from) == 0 &&
          g_strcmp0 (cs_edge_get_to (edge), to) == 0)
        return edge;
    }
  return NULL;
}

int
cs_workflow_get_edge_index (CsWorkflow *workflow,
                            CsEdge     *edge)
{
  guint index;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), -1);

  if (!g_ptr_array_find (workflow->edges, edge, &index))
    return -1;
  return index;
}

static GPtrArray *
collect_edges (CsWorkflow *self,
               const char *step_id,
               gboolean    outgoing)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->edges->len; i++)
    {
      CsEdge *edge = g_ptr_array_index (self->edges, i);
      const char *end = outgoing ? cs_edge_get_from (edge) : cs_edge_get_to (edge);

      if (g_strcmp0 (end, step_id) == 0)
        g_ptr_array_add (result, g_object_ref (edge));
    }
  return result;
}

GPtrArray *
cs_workflow_get_outgoing_edges (CsWorkflow *workflow,
                                const char *step_id)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);
  g_return_val_if_fail (step_id != NULL, NULL);
  return collect_edges (workflow, step_id, TRUE);
}

GPtrArray *
cs_workflow_get_incoming_edges (CsWorkflow *workflow,
                                const char *step_id)
{
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);
  g_return_val_if_fail (step_id != NULL, NULL);
  return collect_edges (workflow, step_id, FALSE);
}

/* Graph queries */

GHashTable *
cs_workflow_collect_reachable (CsWorkflow *workflow,
                               const char *step_id)
{
  GHashTable *seen;
  g_autoptr(GPtrArray) queue = NULL;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);
  g_return_val_if_fail (step_id != NULL, NULL);

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  queue = g_ptr_array_new ();
  if (cs_workflow_find_step (workflow, step_id) == NULL)
    return seen;

  g_hash_table_add (seen, g_strdup (step_id));
  g_ptr_array_add (queue, (gpointer) step_id);
  for (guint head = 0; head < queue->len; head++)
    {
      const char *current = g_ptr_array_index (queue, head);

      for (guint i = 0; i < workflow->edges->len; i++)
        {
          CsEdge *edge = g_ptr_array_index (workflow->edges, i);
          const char *to = cs_edge_get_to (edge);

          if (g_strcmp0 (cs_edge_get_from (edge), current) != 0 || to == NULL ||
              g_hash_table_contains (seen, to) || cs_workflow_find_step (workflow, to) == NULL)
            continue;
          g_hash_table_add (seen, g_strdup (to));
          g_ptr_array_add (queue, (gpointer) to);
        }
    }
  return seen;
}

gboolean
cs_workflow_has_path (CsWorkflow *workflow,
                      const char *from,
                      const char *to)
{
  g_autoptr(GHashTable) reachable = NULL;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), FALSE);
  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  reachable = cs_workflow_collect_reachable (workflow, from);
  return g_hash_table_contains (reachable, to);
}

GPtrArray *
cs_workflow_topological_sort (CsWorkflow  *workflow,
                              GError     **error)
{
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GHashTable) index_of = NULL;
  g_autofree guint *in_degree = NULL;
  g_autofree gboolean *done = NULL;
  guint n;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = workflow->steps->len;
  index_of = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = n; i > 0; i--)
    {
      const char *id = cs_step_get_id (g_ptr_array_index (workflow->steps, i - 1));

      /* Insert backwards so that a duplicated id maps to its first step. */
      if (id != NULL)
        g_hash_table_insert (index_of, (gpointer) id, GUINT_TO_POINTER (i - 1));
    }

  in_degree = g_new0 (guint, n);
  done = g_new0 (gboolean, n);
  for (guint i = 0; i < workflow->edges->len; i++)
    {
      CsEdge *edge = g_ptr_array_index (workflow->edges, i);
      gpointer from, to;

      if (g_hash_table_lookup_extended (index_of, cs_edge_get_from (edge), NULL, &from) &&
          g_hash_table_lookup_extended (index_of, cs_edge_get_to (edge), NULL, &to))
        in_degree[GPOINTER_TO_UINT (to)]++;
    }

  order = g_ptr_array_new_full (n, g_object_unref);
  while (order->len < n)
    {
      guint next = n;
      const char *id;

      /* Quadratic, but it keeps the designer's order among ready steps. */
      for (guint i = 0; i < n && next == n; i++)
        if (!done[i] && in_degree[i] == 0)
          next = i;
      if (next == n)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                       _("Workflow “%s” has a cycle"), workflow->key ? workflow->key : "");
          return NULL;
        }

      done[next] = TRUE;
      g_ptr_array_add (order, g_object_ref (g_ptr_array_index (workflow->steps, next)));
      id = cs_step_get_id (g_ptr_array_index (workflow->steps, next));
      /* Edges leave a duplicated id from its first step only. */
      if (id != NULL && GPOINTER_TO_UINT (g_hash_table_lookup (index_of, id)) != next)
        id = NULL;
      for (guint i = 0; i < workflow->edges->len && id != NULL; i++)
        {
          CsEdge *edge = g_ptr_array_index (workflow->edges, i);
          gpointer to;

          if (g_strcmp0 (cs_edge_get_from (edge), id) == 0 &&
              g_hash_table_lookup_extended (index_of, cs_edge_get_to (edge), NULL, &to))
            in_degree[GPOINTER_TO_UINT (to)]--;
        }
    }

  return g_steal_pointer (&order);
}
