/* cs-edge.c: a directed edge between two steps of a workflow
 *
 * The condition of a branch is stored both as typed and parsed: an editor must
 * be able to hold (and save) a condition the designer is still fixing, while
 * the engine wants the parsed expression without re-parsing per instance.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-edge.h"

struct _CsEdge
{
  GObject     parent_instance;

  char       *from;
  char       *to;
  CsEdgeKind  kind;
  char       *condition_source;
  CsExpr     *condition;
  GError     *condition_error;
  gsize       condition_error_offset;
  char       *label;
};

G_DEFINE_TYPE (CsEdge, cs_edge, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (CsEdgeKind, cs_edge_kind,
  G_DEFINE_ENUM_VALUE (CS_EDGE_NEXT, "next"),
  G_DEFINE_ENUM_VALUE (CS_EDGE_BRANCH, "branch"),
  G_DEFINE_ENUM_VALUE (CS_EDGE_DEFAULT, "default"),
  G_DEFINE_ENUM_VALUE (CS_EDGE_APPROVED, "approved"),
  G_DEFINE_ENUM_VALUE (CS_EDGE_REJECTED, "rejected"))

enum {
  PROP_0,
  PROP_FROM,
  PROP_TO,
  PROP_KIND,
  PROP_CONDITION_SOURCE,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const kind_names[] = {
  [CS_EDGE_NEXT] = "next",
  [CS_EDGE_BRANCH] = "branch",
  [CS_EDGE_DEFAULT] = "default",
  [CS_EDGE_APPROVED] = "approved",
  [CS_EDGE_REJECTED] = "rejected",
};

const char *
cs_edge_kind_to_string (CsEdgeKind kind)
{
  g_return_val_if_fail (kind <= CS_EDGE_REJECTED, NULL);

  return kind_names[kind];
}

gboolean
cs_edge_kind_from_string (const char *text,
                          CsEdgeKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (text, kind_names[i]))
      {
        *kind = (CsEdgeKind) i;
        return TRUE;
      }
  return FALSE;
}

static void
cs_edge_finalize (GObject *object)
{
  CsEdge *self = (CsEdge *) object;

  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);
  g_clear_pointer (&self->condition_source, g_free);
  g_clear_pointer (&self->condition, cs_expr_unref);
  g_clear_error (&self->condition_error);
  g_clear_pointer (&self->label, g_free);

  G_OBJECT_CLASS (cs_edge_parent_class)->finalize (object);
}

static void
cs_edge_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  CsEdge *self = CS_EDGE (object);

  switch (prop_id)
    {
    case PROP_FROM:
      g_value_set_string (value, self->from);
      break;
    case PROP_TO:
      g_value_set_string (value, self->to);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_CONDITION_SOURCE:
      g_value_set_string (value, self->condition_source);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_edge_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  CsEdge *self = CS_EDGE (object);

  switch (prop_id)
    {
    case PROP_FROM:
      cs_edge_set_from (self, g_value_get_string (value));
      break;
    case PROP_TO:
      cs_edge_set_to (self, g_value_get_string (value));
      break;
    case PROP_KIND:
      cs_edge_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_CONDITION_SOURCE:
      cs_edge_set_condition_source (self, g_value_get_string (value));
      break;
    case PROP_LABEL:
      cs_edge_set_label (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_edge_class_init (CsEdgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_edge_finalize;
  object_class->get_property = cs_edge_get_property;
  object_class->set_property = cs_edge_set_property;

  properties[PROP_FROM] =
    g_param_spec_string ("from", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TO] =
    g_param_spec_string ("to", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, CS_TYPE_EDGE_KIND, CS_EDGE_NEXT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONDITION_SOURCE] =
    g_param_spec_string ("condition-source", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_edge_init (CsEdge *self)
{
  self->kind = CS_EDGE_NEXT;
}

CsEdge *
cs_edge_new (const char *from,
             const char *to,
             CsEdgeKind  kind)
{
  CsEdge *self;

  g_return_val_if_fail (kind <= CS_EDGE_REJECTED, NULL);

  self = g_object_new (CS_TYPE_EDGE, NULL);
  self->from = g_strdup (from);
  self->to = g_strdup (to);
  self->kind = kind;
  return self;
}

CsEdge *
cs_edge_new_branch (const char *from,
                    const char *to,
                    const char *condition)
{
  CsEdge *self = cs_edge_new (from, to, CS_EDGE_BRANCH);

  cs_edge_set_condition_source (self, condition);
  return self;
}

CsEdge *
cs_edge_copy (CsEdge *edge)
{
  CsEdge *copy;

  g_return_val_if_fail (CS_IS_EDGE (edge), NULL);

  copy = cs_edge_new (edge->from, edge->to, edge->kind);
  copy->condition_source = g_strdup (edge->condition_source);
  copy->condition = edge->condition ? cs_expr_ref (edge->condition) : NULL;
  copy->condition_error = edge->condition_error ? g_error_copy (edge->condition_error) : NULL;
  copy->condition_error_offset = edge->condition_error_offset;
  copy->label = g_strdup (edge->label);
  return copy;
}

gboolean
cs_edge_equal (CsEdge *a,
               CsEdge *b)
{
  g_return_val_if_fail (CS_IS_EDGE (a), FALSE);
  g_return_val_if_fail (CS_IS_EDGE (b), FALSE);

  return g_strcmp0 (a->from, b->from) == 0 &&
         g_strcmp0 (a->to, b->to) == 0 &&
         a->kind == b->kind &&
         g_strcmp0 (a->condition_source, b->condition_source) == 0 &&
         g_strcmp0 (a->label, b->label) == 0;
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

const char *
cs_edge_get_from (CsEdge *edge)
{
  g_return_val_if_fail (CS_IS_EDGE (edge), NULL);

  return edge->from;
}

void
cs_edge_set_from (CsEdge     *edge,
                  const char *from)
{
  g_return_if_fail (CS_IS_EDGE (edge));

  if (replace_string (&edge->from, from))
    g_object_notify_by_pspec (G_OBJECT (edge), properties[PROP_FROM]);
}

const char *
cs_edge_get_to (CsEdge *edge)
{
  g_return_val_if_fail (CS_IS_EDGE (edge), NULL);

  return edge->to;
}

void
cs_edge_set_to (CsEdge     *edge,
                const char *to)
{
  g_return_if_fail (CS_IS_EDGE (edge));

  if (replace_string (&edge->to, to))
    g_object_notify_by_pspec (G_OBJECT (edge), properties[PROP_TO]);
}

CsEdgeKind
cs_edge_get_kind (CsEdge *edge)
{
  g_return_val_if_fail (CS_IS_EDGE (edge), CS_EDGE_NEXT);

  return edge->kind;
}

void
cs_edge_set_kind (CsEdge     *edge,
                  CsEdgeKind  kind)
{
  g_return_if_fail (CS_IS_EDGE (edge));
  g_return_if_fail (kind <= CS_EDGE_REJECTED);

  if (edge->kind == kind)
    return;
  edge->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (edge), properties[PROP_KIND]);
}

const char *
cs_edge_get_condition_source (CsEdge *edge)
{
  g_return_val_if_fail (CS_IS_EDGE (edge), NULL);

  return edge->condition_source;
}

void
cs_edge_set_condition_source (CsEdge     *edge,
                              const char *condition)
{
  g_return_if_fail (CS_IS_EDGE (edge));

  if (!replace_string (&edge->condition_source, condition))
    return;

  g_clear_pointer (&edge->condition, cs_expr_unref);
  g_clear_error (&edge->condition_error);
  edge->condition_error_offset = 0;
  if (condition != NULL)
    edge->condition = cs_expr_parse (condition, &edge->condition_error_offset,
                                     &edge->condition_error);

  g_object_notify_by_pspec (G_OBJECT (edge), properties[PROP_CONDITION_SOURCE]);
}

CsExpr *
cs_edge_get_condition (CsEdge *edge)
{
  g_return_val_if_fail (CS_IS_EDGE (edge), NULL);

  return edge->condition;
}

const GError *
cs_edge_get_condition_error (CsEdge *edge,
                             gsize  *error_offset)
{
  g_return_val_if_fail (CS_IS_EDGE (edge), NULL);

  if (error_offset != NULL)
    *error_offset = edge->condition_error_offset;
  return edge->condition_error;
}

const char *
cs_edge_get_label (CsEdge *edge)
{
  g_return_val_if_fail (CS_IS_EDGE (edge), NULL);

  return edge->label;
}

void
cs_edge_set_label (CsEdge     *edge,
                   const char *label)
{
  g_return_if_fail (CS_IS_EDGE (edge));

  /* An empty label means "derive one", same as none. */
  if (label != NULL && *label == '\0')
    label = NULL;
  if (replace_string (&edge->label, label))
    g_object_notify_by_pspec (G_OBJECT (edge), properties[PROP_LABEL]);
}

const char *
cs_edge_get_display_label (CsEdge *edge)
{
  g_return_val_if_fail (CS_IS_EDGE (edge), NULL);

  if (edge->label != NULL)
    return edge->label;

  switch (edge->kind)
    {
    case CS_EDGE_BRANCH:
      return edge->condition_source ? edge->condition_source : "";
    case CS_EDGE_DEFAULT:
      return _("otherwise");
    case CS_EDGE_APPROVED:
      return _("approved");
    case CS_EDGE_REJECTED:
      return _("rejected");
    case CS_EDGE_NEXT:
    default:
      return "";
    }
}
