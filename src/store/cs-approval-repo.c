/* cs-approval-repo.c: the approval tasks people decide
 *
 * Who may decide what is the database's business: listing asks
 * cs_approval_may_decide() and deciding goes through cs_approval_decide(),
 * the same rule in both, so the list never offers a task the decision would
 * refuse (unless something changed in between, which the decision reports).
 * The three reads of a listing share one snapshot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "cs-approval-repo.h"
#include "cs-instance-repo.h"

#define EPOCH_US(column) "coalesce ((extract (epoch FROM " column ") * 1000000)::bigint, 0)"

static gint64
int64_at (PGresult *result,
          int       row,
          int       column)
{
  return g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return json_object_new ();
  return json_object_ref (json_node_get_object (node));
}

/* Decisions by task id: GPtrArray of CsApprovalDecision. */
static GHashTable *
load_decisions (CsDbConnection  *conn,
                const char      *task_ids,
                GError         **error)
{
  g_autoptr(PGresult) result = cs_db_connection_exec (conn,
    "SELECT d.task_id, d.decided_by, d.as_role, d.decision, d.comment, " EPOCH_US ("d.decided_at")
    "  FROM approval_decisions d WHERE d.task_id = ANY ($1::bigint[]) ORDER BY d.task_id, d.decided_at, d.id",
    1, (const char *[]) { task_ids }, error);
  GHashTable *by_task;

  if (result == NULL)
    return NULL;

  by_task = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  for (int row = 0; row < PQntuples (result); row++)
    {
      gint64 task = int64_at (result, row, 0);
      GPtrArray *decisions = g_hash_table_lookup (by_task, &task);
      CsApprovalDecision *decision = g_new0 (CsApprovalDecision, 1);

      if (decisions == NULL)
        {
          decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_approval_decision_free);
          g_hash_table_insert (by_task, g_memdup2 (&task, sizeof task), decisions);
        }
      decision->decided_by = g_strdup (PQgetvalue (result, row, 1));
      decision->as_role = g_strdup (PQgetvalue (result, row, 2));
      decision->decision = g_strdup (PQgetvalue (result, row, 3));
      decision->comment = g_strdup (PQgetvalue (result, row, 4));
      decision->decided_at = int64_at (result, row, 5);
      g_ptr_array_add (decisions, decision);
    }
  return by_task;
}

/* Completed steps by instance id: GListStore of CsStepExecutionItem. */
static GHashTable *
load_histories (CsDbConnection  *conn,
                GArray          *instance_ids,
                GError         **error)
{
  g_autoptr(GPtrArray) executions = cs_instance_repo_list_step_executions (conn, (gint64 *) instance_ids->data,
                                                                           instance_ids->len, TRUE, error);
  GHashTable *by_instance;

  if (executions == NULL)
    return NULL;

  by_instance = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  for (guint i = 0; i < executions->len; i++)
    {
      CsStepExecutionItem *execution = g_ptr_array_index (executions, i);
      gint64 instance = cs_step_execution_item_get_instance_id (execution);
      GListStore *history = g_hash_table_lookup (by_instance, &instance);

      if (history == NULL)
        {
          history = g_list_store_new (CS_TYPE_STEP_EXECUTION_ITEM);
          g_hash_table_insert (by_instance, g_memdup2 (&instance, sizeof instance), history);
        }
      g_list_store_append (history, execution);
    }
  return by_instance;
}

GPtrArray *
cs_approval_repo_list_open (CsDbConnection  *conn,
                            GError         **error)
{
  return cs_approval_repo_list_open_among (conn, NULL, error);
}

GPtrArray *
cs_approval_repo_list_open_among (CsDbConnection     *conn,
                                  const char * const *among_ids,
                                  GError            **error)
{
  g_autofree char *among = NULL;
  g_autoptr(PGresult) tasks = NULL;
  g_autoptr(GHashTable) decisions = NULL;
  g_autoptr(GHashTable) histories = NULL;
  g_autoptr(GArray) instance_ids = NULL;
  g_autoptr(GString) task_ids = NULL;
  GPtrArray *list;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), NULL);

  if (among_ids != NULL)
    {
      g_autofree char *joined = g_strjoinv (",", (char **) among_ids);
      among = g_strdup_printf ("{%s}", joined);
    }
  if (!cs_db_connection_command (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, error))
    return NULL;

  tasks = cs_db_connection_exec (conn,
    "SELECT t.id, t.instance_id, coalesce (i.subject, ''), w.name, t.step_id, t.step_name,"
    "       " EPOCH_US ("t.opened_at") ", " EPOCH_US ("t.due_at") ","
    "       coalesce (t.due_at < clock_timestamp (), false) AS overdue, t.escalation_level,"
    "       array_to_string (t.roles, ', '), coalesce (t.agency, ''), t.quorum, i.data::text"
    "  FROM approval_tasks t"
    "  JOIN workflow_instances i ON i.id = t.instance_id"
    "  JOIN workflows w ON w.id = t.workflow_id"
    " WHERE t.status = 'open' AND cs_approval_may_decide (t)"
    "   AND ($1::bigint[] IS NULL OR t.id = ANY ($1::bigint[]))"
    " ORDER BY overdue DESC, t.due_at NULLS LAST, t.opened_at, t.id",
    1, (const char *[]) { among }, error);
  if (tasks == NULL)
    goto failed;

  instance_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  task_ids = g_string_new ("{");
  for (int row = 0; row < PQntuples (tasks); row++)
    {
      gint64 instance = int64_at (tasks, row, 1);
      g_array_append_val (instance_ids, instance);
      g_string_append_printf (task_ids, "%s%s", row ? "," : "", PQgetvalue (tasks, row, 0));
    }
  g_string_append_c (task_ids, '}');

  if (!(decisions = load_decisions (conn, task_ids->str, error))
      || !(histories = load_histories (conn, instance_ids, error)))
    goto failed;
  cs_db_connection_rollback (conn);

  list = g_ptr_array_new_with_free_func (g_object_unref);
  for (int row = 0; row < PQntuples (tasks); row++)
    {
      gint64 task = int64_at (tasks, row, 0);
      gint64 instance = int64_at (tasks, row, 1);
      g_autoptr(JsonObject) data = parse_object (PQgetvalue (tasks, row, 13));
      GListModel *history = g_hash_table_lookup (histories, &instance);
      GPtrArray *task_decisions = g_hash_table_lookup (decisions, &task);

      g_ptr_array_add (list, g_object_new (CS_TYPE_APPROVAL_ITEM,
                                           "task-id", task,
                                           "instance-id", instance,
                                           "subject", PQgetvalue (tasks, row, 2),
                                           "workflow-name", PQgetvalue (tasks, row, 3),
                                           "step-id", PQgetvalue (tasks, row, 4),
                                           "step-name", PQgetvalue (tasks, row, 5),
                                           "opened-at", int64_at (tasks, row, 6),
                                           "due-at", int64_at (tasks, row, 7),
                                           "overdue", g_str_equal (PQgetvalue (tasks, row, 8), "t"),
                                           "escalation-level", atoi (PQgetvalue (tasks, row, 9)),
                                           "roles", PQgetvalue (tasks, row, 10),
                                           "agency", PQgetvalue (tasks, row, 11),
                                           "quorum", PQgetvalue (tasks, row, 12),
                                           "data", data,
                                           "history", history,
                                           "decisions", task_decisions,
                                           NULL));
    }
  return list;

failed:
  cs_db_connection_rollback (conn);
  return NULL;
}

char *
cs_approval_repo_decide (CsDbConnection  *conn,
                         gint64           task_id,
                         gboolean         approve,
                         const char      *comment,
                         GError         **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, task_id);
  g_autofree char *trimmed = g_strstrip (g_strdup (comment ? comment : ""));
  g_autoptr(GError) local_error = NULL;
  char *result;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), NULL);

  if (!approve && *trimmed == '\0')
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
                           _("A rejection needs a comment that tells why"));
      return NULL;
    }

  result = cs_db_connection_query_value (conn, "SELECT cs_approval_decide ($1::bigint, $2, $3)", 3,
                                         (const char *[]) { id, approve ? "approved" : "rejected", trimmed },
                                         &local_error);
  if (result != NULL)
    return result;

  if (cs_db_error_has_sqlstate (local_error, "42501"))
    g_set_error (error, CS_ERROR, CS_ERROR_PERMISSION, _("You may not decide approval task %s: %s"),
                 id, local_error->message);
  else if (cs_db_error_has_sqlstate (local_error, "P0002"))
    g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND, _("Approval task %s no longer exists"), id);
  else if (cs_db_error_has_sqlstate (local_error, "55000"))
    g_set_error (error, CS_ERROR, CS_ERROR_CONFLICT, _("Approval task %s was closed meanwhile (%s)"),
                 id, local_error->message);
  else if (cs_db_error_has_sqlstate (local_error, "23505"))
    g_set_error (error, CS_ERROR, CS_ERROR_CONFLICT, _("You have already decided approval task %s"), id);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}
