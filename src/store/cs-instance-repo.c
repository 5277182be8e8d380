/* cs-instance-repo.c: workflows, their instances and step executions, for viewing
 *
 * Read-only queries for the Workflows page; Row Level Security keeps them to
 * the session's tenant. Step names come from the definition of the version
 * each instance runs, since an execution records only the step's id.
 * Times travel as microseconds since the epoch so views can sort them as
 * numbers and show them in the viewer's time zone; a step still queued,
 * running or waiting reports its time so far.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "cs-instance-repo.h"
#include "cs-workflow-repo.h"

#define EPOCH_US(column) "coalesce ((extract (epoch FROM " column ") * 1000000)::bigint, 0)"

/* A step still under way has taken this long so far. */
#define SINCE(column) "extract (epoch FROM clock_timestamp () - " column ") * 1000"

#define EXECUTION_QUERY \
  "SELECT e.id, e.instance_id, e.step_id, coalesce (nullif (s.name, ''), e.step_id), e.step_type, e.status," \
  "       " EPOCH_US ("e.enqueued_at") ", " EPOCH_US ("e.started_at") ", " EPOCH_US ("e.completed_at") "," \
  "       coalesce (e.queue_time_ms, CASE WHEN e.status = 'pending' THEN " SINCE ("e.enqueued_at") " END, -1)," \
  "       coalesce (e.validation_time_ms, -1)," \
  "       coalesce (e.execution_time_ms," \
  "                 CASE WHEN e.status IN ('running', 'waiting') THEN " SINCE ("e.started_at") " END, -1)," \
  "       coalesce (e.wait_time_ms, CASE WHEN e.status = 'waiting' THEN " SINCE ("e.started_at") " END, -1)," \
  "       e.attempt," \
  "       coalesce (e.executed_by, ''), coalesce (e.outcome, ''), coalesce (e.error, '')" \
  "  FROM step_executions e" \
  "  JOIN workflow_instances i ON i.id = e.instance_id" \
  "  JOIN workflow_versions v ON v.id = i.workflow_version_id" \
  "  LEFT JOIN LATERAL (SELECT st->>'name' AS name FROM jsonb_array_elements (v.definition->'steps') st" \
  "                      WHERE st->>'id' = e.step_id LIMIT 1) s ON true" \
  " WHERE e.instance_id = ANY ($1::bigint[]) AND (NOT $2::boolean OR e.status = 'completed')"

static gint64
int64_at (PGresult *result,
          int       row,
          int       column)
{
  return g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

static double
double_at (PGresult *result,
           int       row,
           int       column)
{
  return g_ascii_strtod (PQgetvalue (result, row, column), NULL);
}

GPtrArray *
cs_instance_repo_list_workflows (CsDbConnection  *conn,
                                 GError         **error)
{
  g_autoptr(GPtrArray) versions = NULL;
  GPtrArray *workflows;
  CsWorkflowItem *current = NULL;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), NULL);

  /* Ordered by workflow name, then version, newest first. */
  if (!(versions = cs_workflow_repo_list (conn, error)))
    return NULL;

  workflows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < versions->len; i++)
    {
      const CsVersionInfo *info = g_ptr_array_index (versions, i);
      g_autoptr(CsVersionItem) version = cs_version_item_new (info);

      if (current == NULL || g_strcmp0 (cs_workflow_item_get_workflow_id (current), info->workflow_id) != 0)
        {
          current = cs_workflow_item_new (info->workflow_id, info->key, info->name);
          g_ptr_array_add (workflows, current);
        }
      cs_workflow_item_add_version (current, version);
    }
  return workflows;
}

GPtrArray *
cs_instance_repo_list_instances (CsDbConnection  *conn,
                                 const char      *workflow_id,
                                 const char      *version_id,
                                 const char      *status,
                                 guint            limit,
                                 GError         **error)
{
  return cs_instance_repo_list_instances_among (conn, workflow_id, version_id, status, NULL, limit, error);
}

GPtrArray *
cs_instance_repo_list_instances_among (CsDbConnection     *conn,
                                       const char         *workflow_id,
                                       const char         *version_id,
                                       const char         *status,
                                       const char * const *among_ids,
                                       guint               limit,
                                       GError            **error)
{
  g_autofree char *among = NULL;
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  g_autoptr(PGresult) result = NULL;
  GPtrArray *list;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), NULL);
  g_return_val_if_fail (workflow_id != NULL, NULL);

  if (among_ids != NULL)
    {
      g_autofree char *joined = g_strjoinv (",", (char **) among_ids);
      among = g_strdup_printf ("{%s}", joined);
    }
  result = cs_db_connection_exec (conn,
    "SELECT i.id, i.workflow_id, v.version, coalesce (i.subject, ''), i.status, coalesce (i.outcome, ''),"
    "       coalesce ((SELECT string_agg (coalesce (nullif (x.name, ''), u.step), ', ' ORDER BY u.n)"
    "                    FROM unnest (i.current_steps) WITH ORDINALITY AS u (step, n)"
    "                    LEFT JOIN LATERAL (SELECT st->>'name' AS name"
    "                                         FROM jsonb_array_elements (v.definition->'steps') st"
    "                                        WHERE st->>'id' = u.step LIMIT 1) x ON true), ''),"
    "       " EPOCH_US ("i.started_at") ", " EPOCH_US ("i.completed_at") ","
    "       extract (epoch FROM coalesce (i.completed_at, clock_timestamp ()) - i.started_at) * 1000,"
    "       coalesce (i.error, '')"
    "  FROM workflow_instances i JOIN workflow_versions v ON v.id = i.workflow_version_id"
    " WHERE i.workflow_id = $1::uuid"
    "   AND ($2::uuid IS NULL OR i.workflow_version_id = $2::uuid)"
    "   AND ($3::text IS NULL OR i.status = $3)"
    "   AND ($5::bigint[] IS NULL OR i.id = ANY ($5::bigint[]))"
    " ORDER BY i.started_at DESC, i.id DESC LIMIT $4::int",
    5, (const char *[]) { workflow_id, version_id, status, limit_text, among }, error);
  if (result == NULL)
    return NULL;

  list = g_ptr_array_new_with_free_func (g_object_unref);
  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (list, g_object_new (CS_TYPE_INSTANCE_ITEM,
                                         "id", int64_at (result, row, 0),
                                         "workflow-id", PQgetvalue (result, row, 1),
                                         "version", atoi (PQgetvalue (result, row, 2)),
                                         "subject", PQgetvalue (result, row, 3),
                                         "status", PQgetvalue (result, row, 4),
                                         "outcome", PQgetvalue (result, row, 5),
                                         "current-steps", PQgetvalue (result, row, 6),
                                         "started-at", int64_at (result, row, 7),
                                         "completed-at", int64_at (result, row, 8),
                                         "duration-ms", MAX (0.0, double_at (result, row, 9)),
                                         "error", PQgetvalue (result, row, 10),
                                         NULL));
  return list;
}

static GPtrArray *
list_executions (CsDbConnection  *conn,
                 const char      *ids,
                 gboolean         completed_only,
                 GError         **error)
{
  g_autofree char *sql = g_strconcat (EXECUTION_QUERY,
                                      completed_only ? " ORDER BY e.instance_id, e.completed_at, e.id"
                                                     : " ORDER BY e.instance_id, e.enqueued_at, e.id",
                                      NULL);
  g_autoptr(PGresult) result = cs_db_connection_exec (conn, sql, 2,
                                                      (const char *[]) { ids, completed_only ? "true" : "false" },
                                                      error);
  GPtrArray *list;

  if (result == NULL)
    return NULL;

  list = g_ptr_array_new_with_free_func (g_object_unref);
  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (list, g_object_new (CS_TYPE_STEP_EXECUTION_ITEM,
                                         "id", int64_at (result, row, 0),
                                         "instance-id", int64_at (result, row, 1),
                                         "step-id", PQgetvalue (result, row, 2),
                                         "step-name", PQgetvalue (result, row, 3),
                                         "step-type", PQgetvalue (result, row, 4),
                                         "status", PQgetvalue (result, row, 5),
                                         "enqueued-at", int64_at (result, row, 6),
                                         "started-at", int64_at (result, row, 7),
                                         "completed-at", int64_at (result, row, 8),
                                         "queue-ms", double_at (result, row, 9),
                                         "validation-ms", double_at (result, row, 10),
                                         "execution-ms", double_at (result, row, 11),
                                         "wait-ms", double_at (result, row, 12),
                                         "retry-count", (guint) atoi (PQgetvalue (result, row, 13)),
                                         "executed-by", PQgetvalue (result, row, 14),
                                         "outcome", PQgetvalue (result, row, 15),
                                         "error", PQgetvalue (result, row, 16),
                                         NULL));
  return list;
}

GPtrArray *
cs_instance_repo_list_step_executions (CsDbConnection  *conn,
                                       const gint64    *instance_ids,
                                       guint            n_instances,
                                       gboolean         completed_only,
                                       GError         **error)
{
  g_autoptr(GString) ids = g_string_new ("{");

  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), NULL);
  g_return_val_if_fail (instance_ids != NULL || n_instances == 0, NULL);

  for (guint i = 0; i < n_instances; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "", instance_ids[i]);
  g_string_append_c (ids, '}');
  return list_executions (conn, ids->str, completed_only, error);
}

GPtrArray *
cs_instance_repo_get_timeline (CsDbConnection  *conn,
                               gint64           instance_id,
                               GError         **error)
{
  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), NULL);
  return cs_instance_repo_list_step_executions (conn, &instance_id, 1, FALSE, error);
}

JsonObject *
cs_instance_repo_get_data (CsDbConnection  *conn,
                           gint64           instance_id,
                           GError         **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, instance_id);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), NULL);

  text = cs_db_connection_query_value (conn,
    "SELECT coalesce ((SELECT data::text FROM workflow_instances WHERE id = $1::bigint), '')",
    1, (const char *[]) { id }, error);
  if (text == NULL)
    return NULL;
  if (*text == '\0')
    {
      g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND, _("There is no workflow instance %s"), id);
      return NULL;
    }
  node = json_from_string (text, &local_error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PARSE, _("The data of instance %s is not a JSON object"), id);
      return NULL;
    }
  return json_object_ref (json_node_get_object (node));
}
