/* cs-workflow-dot.c: a workflow as a Graphviz DOT graph
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-workflow-dot.h"

char *
cs_dot_quote (const char *text)
{
  GString *out = g_string_new ("\"");

  for (const char *p = text ? text : ""; *p; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* Colours of the canvas in its light theme, as fill / outline. */
static void
step_style (CsStep      *step,
            const char **shape,
            const char **style,
            const char **fill,
            const char **outline)
{
  *style = "filled";
  switch (cs_step_get_step_type (step))
    {
    case CS_STEP_CONDITIONAL:
      *shape = "diamond";
      *fill = "#fdf1d0";
      *outline = "#c88800";
      break;
    case CS_STEP_APPROVAL:
      *shape = "box";
      *fill = "#eee4f8";
      *outline = "#8a4fc7";
      break;
    case CS_STEP_INTEGRATION:
      *shape = "box";
      *fill = "#dcf3f1";
      *outline = "#1c8c83";
      break;
    case CS_STEP_TERMINAL:
      *shape = "box";
      *style = "rounded,filled";
      switch (cs_step_get_terminal_status (step))
        {
        case CS_TERMINAL_SUCCESS:
          *fill = "#dff3e4";
          *outline = "#2e8b49";
          break;
        case CS_TERMINAL_REJECTED:
        case CS_TERMINAL_FAILED:
          *fill = "#fbe2e1";
          *outline = "#c9302c";
          break;
        case CS_TERMINAL_CANCELLED:
        default:
          *fill = "#ececec";
          *outline = "#7d7d7d";
          break;
        }
      break;
    case CS_STEP_ACTION:
    default:
      *shape = "box";
      *style = "rounded,filled";
      *fill = "#e0ebfb";
      *outline = "#3173d0";
      break;
    }
}

static const char *
edge_style (CsEdge *edge)
{
  switch (cs_edge_get_kind (edge))
    {
    case CS_EDGE_DEFAULT:
      return ", style=dashed";
    case CS_EDGE_APPROVED:
      return ", color=\"#2e8b49\"";
    case CS_EDGE_REJECTED:
      return ", color=\"#c9302c\"";
    case CS_EDGE_NEXT:
    case CS_EDGE_BRANCH:
    default:
      return "";
    }
}

char *
cs_workflow_to_dot (CsWorkflow     *workflow,
                    CsDotDirection  direction)
{
  g_autoptr(GHashTable) ids = NULL;
  g_autofree char *graph_name = NULL;
  g_autofree char *graph_label = NULL;
  GString *out;

  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);

  ids = g_hash_table_new (g_str_hash, g_str_equal);
  graph_name = cs_dot_quote (cs_workflow_get_key (workflow));
  graph_label = cs_dot_quote (cs_workflow_get_name (workflow));

  out = g_string_new (NULL);
  g_string_append_printf (out, "digraph %s {\n", graph_name);
  g_string_append_printf (out, "  graph [rankdir=%s, label=%s, labelloc=t, fontname=\"Sans\", "
                               "nodesep=0.35, ranksep=0.6];\n",
                          direction == CS_DOT_TOP_TO_BOTTOM ? "TB" : "LR", graph_label);
  g_string_append (out, "  node [fontname=\"Sans\", fontsize=11, penwidth=1.5];\n");
  g_string_append (out, "  edge [fontname=\"Sans\", fontsize=9, color=\"#77767b\"];\n");

  for (guint i = 0; i < cs_workflow_get_n_steps (workflow); i++)
    {
      CsStep *step = cs_workflow_get_step (workflow, i);
      const char *id = cs_step_get_id (step);
      const char *name = cs_step_get_name (step);
      const char *shape, *style, *fill, *outline;
      g_autofree char *quoted_id = NULL;
      g_autofree char *label = NULL;
      double x, y;
      gboolean pinned;

      if (id == NULL || g_hash_table_contains (ids, id))
        continue;
      g_hash_table_add (ids, (gpointer) id);

      step_style (step, &shape, &style, &fill, &outline);
      quoted_id = cs_dot_quote (id);
      label = cs_dot_quote (*name ? name : id);
      g_string_append_printf (out, "  %s [label=%s, shape=%s, style=\"%s\", fillcolor=\"%s\", color=\"%s\"",
                              quoted_id, label, shape, style, fill, outline);
      if (g_strcmp0 (cs_workflow_get_start_step_id (workflow), id) == 0)
        g_string_append (out, ", penwidth=2.5");
      if (cs_step_get_position (step, &x, &y, &pinned) && pinned)
        {
          char bx[G_ASCII_DTOSTR_BUF_SIZE], by[G_ASCII_DTOSTR_BUF_SIZE];

          /* DOT's y grows upwards. */
          g_ascii_formatd (bx, sizeof bx, "%.1f", x);
          g_ascii_formatd (by, sizeof by, "%.1f", -y);
          g_string_append_printf (out, ", pos=\"%s,%s!\"", bx, by);
        }
      g_string_append (out, "];\n");
    }

  for (guint i = 0; i < cs_workflow_get_n_edges (workflow); i++)
    {
      CsEdge *edge = cs_workflow_get_edge (workflow, i);
      const char *from = cs_edge_get_from (edge);
      const char *to = cs_edge_get_to (edge);
      const char *text = cs_edge_get_display_label (edge);
      g_autofree char *quoted_from = NULL;
      g_autofree char *quoted_to = NULL;

      if (from == NULL || to == NULL ||
          !g_hash_table_contains (ids, from) || !g_hash_table_contains (ids, to))
        {
          g_autofree char *line = g_strdup_printf ("%s -> %s", from ? from : "?", to ? to : "?");

          /* A comment must not be ended early by the ids themselves. */
          g_strdelimit (line, "*/", '_');
          g_string_append_printf (out, "  /* dangling edge %s */\n", line);
          continue;
        }
      quoted_from = cs_dot_quote (from);
      quoted_to = cs_dot_quote (to);
      g_string_append_printf (out, "  %s -> %s [", quoted_from, quoted_to);
      if (text != NULL && *text != '\0')
        {
          g_autofree char *label = cs_dot_quote (text);
          g_string_append_printf (out, "label=%s", label);
        }
      else
        g_string_append (out, "label=\"\"");
      g_string_append (out, edge_style (edge));
      g_string_append (out, "];\n");
    }

  g_string_append (out, "}\n");
  return g_string_free (out, FALSE);
}
