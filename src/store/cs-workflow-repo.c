/* cs-workflow-repo.c: workflow definitions and their versions in the database
 *
 * A definition is stored as the documented JSON (docs/workflow-format.md) in
 * a jsonb column; versions are immutable once published, so running
 * instances keep the definition they started with. Drafts carry a row
 * version: an editor saves only over the revision it loaded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "core/cs-example-workflows.h"
#include "core/cs-workflow-json.h"
#include "core/cs-workflow-validate.h"
#include "cs-workflow-repo.h"

#define VERSION_COLUMNS \
  "w.id, v.id, w.key, w.name, v.version, v.status, v.row_version, v.updated_by," \
  " to_char (v.updated_at, 'YYYY-MM-DD HH24:MI'), jsonb_array_length (coalesce (v.definition->'steps', '[]'))"

void
cs_version_info_free (CsVersionInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->workflow_id);
  g_free (info->version_id);
  g_free (info->key);
  g_free (info->name);
  g_free (info->status);
  g_free (info->updated_by);
  g_free (info->updated_at);
  g_free (info);
}

CsVersionInfo *
cs_version_info_copy (const CsVersionInfo *info)
{
  CsVersionInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_memdup2 (info, sizeof *info);
  copy->workflow_id = g_strdup (info->workflow_id);
  copy->version_id = g_strdup (info->version_id);
  copy->key = g_strdup (info->key);
  copy->name = g_strdup (info->name);
  copy->status = g_strdup (info->status);
  copy->updated_by = g_strdup (info->updated_by);
  copy->updated_at = g_strdup (info->updated_at);
  return copy;
}

static CsVersionInfo *
info_from_row (PGresult *result,
               int       row)
{
  CsVersionInfo *info = g_new0 (CsVersionInfo, 1);

  info->workflow_id = g_strdup (PQgetvalue (result, row, 0));
  info->version_id = g_strdup (PQgetvalue (result, row, 1));
  info->key = g_strdup (PQgetvalue (result, row, 2));
  info->name = g_strdup (PQgetvalue (result, row, 3));
  info->version = atoi (PQgetvalue (result, row, 4));
  info->status = g_strdup (PQgetvalue (result, row, 5));
  info->row_version = atoi (PQgetvalue (result, row, 6));
  info->updated_by = g_strdup (PQgetvalue (result, row, 7));
  info->updated_at = g_strdup (PQgetvalue (result, row, 8));
  info->n_steps = atoi (PQgetvalue (result, row, 9));
  return info;
}

static CsVersionInfo *
load_info (CsDbConnection  *conn,
           const char      *version_id,
           GError         **error)
{
  g_autoptr(PGresult) result = cs_db_connection_exec (conn,
    "SELECT " VERSION_COLUMNS " FROM workflow_versions v JOIN workflows w ON w.id = v.workflow_id"
    " WHERE v.id = $1::uuid", 1, (const char *[]) { version_id }, error);

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND, _("There is no workflow version %s"), version_id);
      return NULL;
    }
  return info_from_row (result, 0);
}

static char *
definition_text (CsWorkflow *workflow)
{
  g_autoptr(JsonNode) node = cs_workflow_to_json (workflow);
  return json_to_string (node, FALSE);
}

/* Refuses to publish what the engine could not run, naming the first problem. */
static gboolean
check_runnable (CsWorkflow  *workflow,
                GError     **error)
{
  g_autoptr(GPtrArray) problems = cs_workflow_validate (workflow, NULL);
  guint n_errors = 0;
  const char *first = NULL;

  for (guint i = 0; i < problems->len; i++)
    if (cs_problem_get_severity (g_ptr_array_index (problems, i)) == CS_PROBLEM_ERROR)
      {
        if (first == NULL)
          first = cs_problem_get_message (g_ptr_array_index (problems, i));
        n_errors++;
      }
  if (n_errors == 0)
    return TRUE;
  g_set_error (error, CS_ERROR, CS_ERROR_INVALID_ARGUMENT,
               g_dngettext (GETTEXT_PACKAGE, "Workflow %s cannot be published: %s",
                            "Workflow %s cannot be published (%u problems): %s", n_errors),
               cs_workflow_get_key (workflow), n_errors, first);
  return FALSE;
}

static gboolean
publish_locked (CsDbConnection  *conn,
                const char      *workflow_id,
                const char      *version_id,
                GError         **error)
{
  const char *params[] = { workflow_id, version_id };

  return cs_db_connection_command (conn,
                                   "UPDATE workflow_versions SET status = 'retired'"
                                   " WHERE workflow_id = $1::uuid AND status = 'published' AND id <> $2::uuid",
                                   2, params, error)
         && cs_db_connection_command (conn,
                                      "UPDATE workflow_versions SET status = 'published', published_at = now(),"
                                      " updated_by = session_user, updated_at = now() WHERE id = $1::uuid",
                                      1, params + 1, error);
}

/* Inserts version max+1 of the workflow with @workflow's key, inside the caller's transaction. */
static char *
insert_version (CsDbConnection  *conn,
                CsWorkflow      *workflow,
                char           **workflow_id_out,
                GError         **error)
{
  g_autofree char *workflow_id = NULL;
  g_autofree char *next = NULL;
  g_autofree char *definition = NULL;
  char *version_id;
  const char *key_params[] = { cs_workflow_get_key (workflow), cs_workflow_get_name (workflow),
                               cs_workflow_get_description (workflow) ? cs_workflow_get_description (workflow) : "" };

  /* Creating the workflow row also serialises concurrent savers on it. */
  workflow_id = cs_db_connection_query_value (conn,
    "INSERT INTO workflows (key, name, description) VALUES ($1, $2, $3)"
    " ON CONFLICT (tenant_id, key) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description"
    " RETURNING id", 3, key_params, error);
  if (workflow_id == NULL)
    return NULL;

  next = cs_db_connection_query_value (conn,
    "SELECT coalesce (max (version), 0) + 1 FROM workflow_versions WHERE workflow_id = $1::uuid",
    1, (const char *[]) { workflow_id }, error);
  if (next == NULL)
    return NULL;

  cs_workflow_set_version (workflow, atoi (next));
  definition = definition_text (workflow);
  version_id = cs_db_connection_query_value (conn,
    "INSERT INTO workflow_versions (workflow_id, version, definition) VALUES ($1::uuid, $2::int, $3::jsonb)"
    " RETURNING id", 3, (const char *[]) { workflow_id, next, definition }, error);
  if (version_id != NULL && workflow_id_out != NULL)
    *workflow_id_out = g_steal_pointer (&workflow_id);
  return version_id;
}

CsVersionInfo *
cs_workflow_repo_add_version (CsDbConnection  *conn,
                              CsWorkflow      *workflow,
                              gboolean         publish,
                              GError         **error)
{
  g_autofree char *version_id = NULL;
  g_autofree char *workflow_id = NULL;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), NULL);
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);

  if (publish && !check_runnable (workflow, error))
    return NULL;
  if (!cs_db_connection_begin (conn, error))
    return NULL;
  if (!(version_id = insert_version (conn, workflow, &workflow_id, error))
      || (publish && !publish_locked (conn, workflow_id, version_id, error))
      || !cs_db_connection_commit (conn, error))
    {
      cs_db_connection_rollback (conn);
      return NULL;
    }
  cs_workflow_set_status (workflow, publish ? CS_WORKFLOW_STATUS_PUBLISHED : CS_WORKFLOW_STATUS_DRAFT);
  return load_info (conn, version_id, error);
}

CsVersionInfo *
cs_workflow_repo_save (CsDbConnection      *conn,
                       CsWorkflow          *workflow,
                       const CsVersionInfo *base,
                       GError             **error)
{
  g_autoptr(PGresult) current = NULL;
  g_autofree char *version_id = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *base_version = NULL;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), NULL);
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), NULL);

  if (base == NULL)
    return cs_workflow_repo_add_version (conn, workflow, FALSE, error);

  if (!cs_db_connection_begin (conn, error))
    return NULL;

  /* Lock the workflow: two savers of one workflow go one after the other. */
  if (!cs_db_connection_command (conn, "SELECT id FROM workflows WHERE id = $1::uuid FOR UPDATE",
                                 1, (const char *[]) { base->workflow_id }, error))
    goto failed;
  current = cs_db_connection_exec (conn,
    "SELECT max (v.version), (SELECT row_version FROM workflow_versions WHERE id = $2::uuid),"
    "       (SELECT status FROM workflow_versions WHERE id = $2::uuid),"
    "       (SELECT updated_by || ' at ' || to_char (updated_at, 'YYYY-MM-DD HH24:MI')"
    "          FROM workflow_versions WHERE workflow_id = $1::uuid ORDER BY updated_at DESC LIMIT 1)"
    "  FROM workflow_versions v WHERE v.workflow_id = $1::uuid",
    2, (const char *[]) { base->workflow_id, base->version_id }, error);
  if (current == NULL)
    goto failed;

  expected = g_strdup_printf ("%d", base->row_version);
  base_version = g_strdup_printf ("%d", base->version);

  if (g_str_equal (base->status, "draft"))
    {
      const char *status_now = PQgetvalue (current, 0, 2);
      g_autofree char *definition = NULL;
      g_autofree char *updated = NULL;

      if (!g_str_equal (status_now, "draft") || !g_str_equal (PQgetvalue (current, 0, 1), expected))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_CONFLICT,
                       g_str_equal (status_now, "draft")
                       ? _("Someone else saved version %d of %s meanwhile (%s)")
                       : _("Version %d of %s was published meanwhile (%s)"),
                       base->version, base->key, PQgetvalue (current, 0, 3));
          goto failed;
        }
      cs_workflow_set_version (workflow, base->version);
      definition = definition_text (workflow);
      updated = cs_db_connection_query_value (conn,
        "UPDATE workflow_versions SET definition = $2::jsonb, row_version = row_version + 1,"
        " updated_by = session_user, updated_at = now() WHERE id = $1::uuid AND row_version = $3::int"
        " RETURNING id", 3, (const char *[]) { base->version_id, definition, expected }, error);
      if (updated == NULL)
        goto failed;
      version_id = g_strdup (base->version_id);
    }
  else
    {
      if (atoi (PQgetvalue (current, 0, 0)) > base->version)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_CONFLICT,
                       _("Someone else saved version %s of %s meanwhile (%s)"),
                       PQgetvalue (current, 0, 0), base->key, PQgetvalue (current, 0, 3));
          goto failed;
        }
      if (!(version_id = insert_version (conn, workflow, NULL, error)))
        goto failed;
    }

  if (!cs_db_connection_commit (conn, error))
    goto failed;
  cs_workflow_set_status (workflow, CS_WORKFLOW_STATUS_DRAFT);
  return load_info (conn, version_id, error);

failed:
  cs_db_connection_rollback (conn);
  return NULL;
}

gboolean
cs_workflow_repo_publish (CsDbConnection  *conn,
                          const char      *version_id,
                          GError         **error)
{
  g_autoptr(CsVersionInfo) info = NULL;
  g_autoptr(CsWorkflow) workflow = NULL;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), FALSE);

  if (!(workflow = cs_workflow_repo_load (conn, version_id, &info, error)) || !check_runnable (workflow, error))
    return FALSE;
  if (g_str_equal (info->status, "published"))
    return TRUE;
  if (!cs_db_connection_begin (conn, error))
    return FALSE;
  if (!publish_locked (conn, info->workflow_id, version_id, error) || !cs_db_connection_commit (conn, error))
    {
      cs_db_connection_rollback (conn);
      return FALSE;
    }
  return TRUE;
}

static CsWorkflow *
load_where (CsDbConnection  *conn,
            const char      *where,
            const char      *param,
            CsVersionInfo  **info_out,
            GError         **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " VERSION_COLUMNS ", v.definition::text"
                                          " FROM workflow_versions v JOIN workflows w ON w.id = v.workflow_id"
                                          " WHERE %s", where);
  g_autoptr(PGresult) result = cs_db_connection_exec (conn, sql, 1, (const char *[]) { param }, error);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(CsVersionInfo) info = NULL;
  CsWorkflow *workflow;

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND, _("There is no such workflow: %s"), param);
      return NULL;
    }
  info = info_from_row (result, 0);
  workflow = cs_workflow_load_from_data (PQgetvalue (result, 0, 10), -1, &problems, error);
  if (workflow == NULL)
    return NULL;
  cs_workflow_set_version (workflow, info->version);
  cs_workflow_set_status (workflow, g_str_equal (info->status, "published") ? CS_WORKFLOW_STATUS_PUBLISHED
                                    : g_str_equal (info->status, "retired") ? CS_WORKFLOW_STATUS_RETIRED
                                    : CS_WORKFLOW_STATUS_DRAFT);
  if (info_out != NULL)
    *info_out = g_steal_pointer (&info);
  return workflow;
}

CsWorkflow *
cs_workflow_repo_load (CsDbConnection  *conn,
                       const char      *version_id,
                       CsVersionInfo  **info,
                       GError         **error)
{
  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), NULL);
  g_return_val_if_fail (version_id != NULL, NULL);
  return load_where (conn, "v.id = $1::uuid", version_id, info, error);
}

CsWorkflow *
cs_workflow_repo_load_published (CsDbConnection  *conn,
                                 const char      *key,
                                 CsVersionInfo  **info,
                                 GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  CsWorkflow *workflow;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  workflow = load_where (conn, "w.key = $1 AND v.status = 'published'", key, info, &local_error);
  if (workflow == NULL && g_error_matches (local_error, CS_ERROR, CS_ERROR_NOT_FOUND))
    g_set_error (error, CS_ERROR, CS_ERROR_NOT_FOUND, _("Workflow “%s” has no published version"), key);
  else if (workflow == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return workflow;
}

GPtrArray *
cs_workflow_repo_list (CsDbConnection  *conn,
                       GError         **error)
{
  g_autoptr(PGresult) result = NULL;
  GPtrArray *list;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), NULL);

  result = cs_db_connection_exec (conn,
    "SELECT " VERSION_COLUMNS " FROM workflow_versions v JOIN workflows w ON w.id = v.workflow_id"
    " ORDER BY w.name, v.version DESC", 0, NULL, error);
  if (result == NULL)
    return NULL;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_version_info_free);
  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (list, info_from_row (result, row));
  return list;
}

/* The agencies the example approvals name, where the session may create them
 * (an administrator, or the owner setting up a tenant); others leave them to
 * an administrator. */
static void
ensure_agencies (CsDbConnection *conn,
                 CsWorkflow     *workflow)
{
  for (guint i = 0; i < cs_workflow_get_n_steps (workflow); i++)
    {
      CsStep *step = cs_workflow_get_step (workflow, i);
      const char *agency = cs_step_get_step_type (step) == CS_STEP_APPROVAL ? cs_step_get_agency (step) : NULL;
      g_autoptr(GError) error = NULL;

      if (agency != NULL
          && !cs_db_connection_command (conn, "INSERT INTO agencies (name) VALUES ($1) ON CONFLICT DO NOTHING",
                                        1, (const char *[]) { agency }, &error))
        g_debug ("Agency %s not created: %s", agency, error->message);
    }
}

gboolean
cs_workflow_repo_install_examples (CsDbConnection  *conn,
                                   guint           *n_installed,
                                   GError         **error)
{
  const char * const *keys = cs_example_workflow_keys ();
  guint count = 0;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), FALSE);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(CsWorkflow) workflow = NULL;
      g_autoptr(CsVersionInfo) info = NULL;
      g_autofree char *exists = cs_db_connection_query_value (conn,
        "SELECT count(*) FROM workflows WHERE key = $1", 1, (const char *[]) { keys[i] }, error);

      if (exists == NULL)
        return FALSE;
      if (!g_str_equal (exists, "0"))
        continue;
      workflow = cs_example_workflow_new (keys[i]);
      ensure_agencies (conn, workflow);
      if (!(info = cs_workflow_repo_add_version (conn, workflow, TRUE, error)))
        return FALSE;
      count++;
    }
  if (n_installed != NULL)
    *n_installed = count;
  return TRUE;
}
