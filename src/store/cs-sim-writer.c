/* cs-sim-writer.c: a simulated history, written to PostgreSQL with COPY
 *
 * A simulation of weeks produces hundreds of thousands of step executions:
 * they go through COPY in a few large chunks, in one transaction, so an
 * interrupted import leaves nothing behind. Instance ids come from the
 * table's own sequence, taken in blocks, because the records that follow
 * each instance must name it.
 *
 * Instances still running at the end of the simulated period stay running:
 * their queued steps are pending for the real engine, and their waiting
 * approvals get a task, so a demo database has work in progress to show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/cs-error.h"
#include "cs-sim-writer.h"

#define FLUSH_BYTES (8 * 1024 * 1024)
#define ID_BLOCK 10000

typedef struct
{
  CsWorkflow *workflow;
  char       *workflow_id;
  char       *version_id;
} Target;

typedef struct
{
  gint64      instance_id;
  char       *key;
  char       *step_id;
  gint64      enqueued_at;
  gint64      started_at;
  char       *from_step;
} Waiting;

struct _CsSimWriter
{
  GObject         parent_instance;

  CsDbConnection *conn;
  char           *tenant_id;
  GHashTable     *targets;      /* key → Target */
  GString        *instances;    /* COPY text of workflow_instances */
  GString        *steps;        /* COPY text of step_executions */
  GArray         *ids;          /* instance ids taken from the sequence, not yet used */
  GPtrArray      *waiting;      /* Waiting: approvals to open a task for */
  Target         *current;      /* the instance whose records are arriving */
  gint64          current_id;
  GError         *error;        /* the first failure; everything after is skipped */
  GCancellable   *cancellable;
  guint64         n_instances;
  guint64         n_records;
  gboolean        in_transaction;
};

G_DEFINE_FINAL_TYPE (CsSimWriter, cs_sim_writer, G_TYPE_OBJECT)

static void
target_free (Target *t)
{
  g_clear_object (&t->workflow);
  g_free (t->workflow_id);
  g_free (t->version_id);
  g_free (t);
}

static void
waiting_free (Waiting *w)
{
  g_free (w->key);
  g_free (w->step_id);
  g_free (w->from_step);
  g_free (w);
}

static void
cs_sim_writer_finalize (GObject *object)
{
  CsSimWriter *self = (CsSimWriter *)object;

  cs_sim_writer_abort (self);
  g_clear_object (&self->conn);
  g_clear_pointer (&self->tenant_id, g_free);
  g_clear_pointer (&self->targets, g_hash_table_unref);
  g_string_free (self->instances, TRUE);
  g_string_free (self->steps, TRUE);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_error (&self->error);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cs_sim_writer_parent_class)->finalize (object);
}

static void
cs_sim_writer_class_init (CsSimWriterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_sim_writer_finalize;
}

static void
cs_sim_writer_init (CsSimWriter *self)
{
  self->targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) target_free);
  self->instances = g_string_sized_new (FLUSH_BYTES + 65536);
  self->steps = g_string_sized_new (FLUSH_BYTES + 65536);
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) waiting_free);
  self->cancellable = g_cancellable_new ();
}

CsSimWriter *
cs_sim_writer_new (CsDbConnection *conn)
{
  CsSimWriter *self;

  g_return_val_if_fail (CS_IS_DB_CONNECTION (conn), NULL);

  self = g_object_new (CS_TYPE_SIM_WRITER, NULL);
  self->conn = g_object_ref (conn);
  return self;
}

GCancellable *
cs_sim_writer_get_cancellable (CsSimWriter *self)
{
  g_return_val_if_fail (CS_IS_SIM_WRITER (self), NULL);
  return self->cancellable;
}

guint64
cs_sim_writer_get_n_instances (CsSimWriter *self)
{
  g_return_val_if_fail (CS_IS_SIM_WRITER (self), 0);
  return self->n_instances;
}

guint64
cs_sim_writer_get_n_records (CsSimWriter *self)
{
  g_return_val_if_fail (CS_IS_SIM_WRITER (self), 0);
  return self->n_records;
}

gboolean
cs_sim_writer_add_workflow (CsSimWriter  *self,
                            CsWorkflow   *workflow,
                            const char   *workflow_id,
                            const char   *version_id,
                            GError      **error)
{
  Target *t;

  g_return_val_if_fail (CS_IS_SIM_WRITER (self), FALSE);
  g_return_val_if_fail (CS_IS_WORKFLOW (workflow), FALSE);

  t = g_new0 (Target, 1);
  t->workflow = g_object_ref (workflow);
  t->workflow_id = g_strdup (workflow_id);
  t->version_id = g_strdup (version_id);
  g_hash_table_replace (self->targets, g_strdup (cs_workflow_get_key (workflow)), t);
  return TRUE;
}

gboolean
cs_sim_writer_begin (CsSimWriter  *self,
                     GError      **error)
{
  g_return_val_if_fail (CS_IS_SIM_WRITER (self), FALSE);

  self->tenant_id = cs_db_connection_query_value (self->conn, "SELECT cs_current_tenant ()::text", 0, NULL, error);
  if (self->tenant_id == NULL)
    return FALSE;
  if (!cs_db_connection_begin (self->conn, error))
    return FALSE;
  self->in_transaction = TRUE;
  return cs_db_connection_command (self->conn,
           "CREATE TEMPORARY TABLE cs_sim_instances (id bigint, tenant_id uuid, workflow_id uuid,"
           "  workflow_version_id uuid, status text, outcome text, data jsonb, initial_data jsonb, attributes jsonb,"
           "  edge_state text, current_steps text[], subject text, error text, environment text,"
           "  started_at timestamptz, completed_at timestamptz) ON COMMIT DROP",
           0, NULL, error)
         && cs_db_connection_command (self->conn,
           "CREATE TEMPORARY TABLE cs_sim_steps (tenant_id uuid, instance_id bigint, workflow_id uuid, step_id text,"
           "  step_type text, step_version int, status text, attempt int, run_after timestamptz, from_step text,"
           "  enqueued_at timestamptz, started_at timestamptz, completed_at timestamptz, queue_time_ms float8,"
           "  validation_time_ms float8, execution_time_ms float8, wait_time_ms float8, outcome text, error text,"
           "  executed_by text, environment text, waiting_for_approval boolean, waiting_for_external boolean)"
           " ON COMMIT DROP",
           0, NULL, error);
}

static void
fail (CsSimWriter *self,
      GError      *error)
{
  if (self->error == NULL)
    self->error = error;
  else
    g_error_free (error);
  g_cancellable_cancel (self->cancellable);
}

/* COPY text format: \N for NULL, and backslash escapes for the rest. */
static void
put_text (GString    *s,
          const char *value)
{
  if (value == NULL)
    {
      g_string_append (s, "\\N");
      return;
    }
  for (const char *p = value; *p; p++)
    switch (*p)
      {
      case '\\': g_string_append (s, "\\\\"); break;
      case '\n': g_string_append (s, "\\n"); break;
      case '\r': g_string_append (s, "\\r"); break;
      case '\t': g_string_append (s, "\\t"); break;
      default: g_string_append_c (s, *p);
      }
}

static void
put_time (GString *s,
          gint64   us)
{
  if (us <= 0)
    g_string_append (s, "\\N");
  else
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
      g_autoptr(GDateTime) exact = g_date_time_add (dt, us % G_USEC_PER_SEC);
      g_autofree char *text = g_date_time_format (exact, "%Y-%m-%d %H:%M:%S.%f+00");
      g_string_append (s, text);
    }
}

static void
put_json (GString  *s,
          JsonNode *node)
{
  g_autofree char *text = node ? json_to_string (node, FALSE) : NULL;
  put_text (s, text);
}

static gboolean
copy_into (CsSimWriter  *self,
           const char   *sql,
           GString      *rows,
           GError      **error)
{
  PGconn *pg = cs_db_connection_get_pgconn (self->conn);
  g_autoptr(PGresult) start = NULL;
  PGresult *end;

  if (rows->len == 0)
    return TRUE;
  start = PQexec (pg, sql);
  if (PQresultStatus (start) != PGRES_COPY_IN)
    {
      cs_db_set_error_from_result (error, pg, start);
      return FALSE;
    }
  if (PQputCopyData (pg, rows->str, (int) rows->len) != 1 || PQputCopyEnd (pg, NULL) != 1)
    {
      cs_db_set_error_from_result (error, pg, NULL);
      return FALSE;
    }
  while ((end = PQgetResult (pg)) != NULL)
    {
      gboolean ok = cs_db_result_check (pg, end, error);
      PQclear (end);
      if (!ok)
        {
          while ((end = PQgetResult (pg)) != NULL)
            PQclear (end);
          return FALSE;
        }
    }
  g_string_truncate (rows, 0);
  return TRUE;
}

static gboolean
flush (CsSimWriter  *self,
       GError      **error)
{
  /* COPY cannot write through row-level security: it fills staging tables of
   * our own, and INSERT … SELECT moves the rows on under the policies.
   * Instances first: the step executions refer to them. */
  return copy_into (self,
                    "COPY cs_sim_instances (id, tenant_id, workflow_id, workflow_version_id, status, outcome, data,"
                    " initial_data, attributes, edge_state, current_steps, subject, error, environment,"
                    " started_at, completed_at) FROM STDIN",
                    self->instances, error)
         && copy_into (self,
                       "COPY cs_sim_steps (tenant_id, instance_id, workflow_id, step_id, step_type, step_version,"
                       " status, attempt, run_after, from_step, enqueued_at, started_at, completed_at, queue_time_ms,"
                       " validation_time_ms, execution_time_ms, wait_time_ms, outcome, error, executed_by,"
                       " environment, waiting_for_approval, waiting_for_external) FROM STDIN",
                       self->steps, error)
         && cs_db_connection_command (self->conn,
              "INSERT INTO workflow_instances (id, tenant_id, workflow_id, workflow_version_id, status, outcome, data,"
              "  initial_data, attributes, edge_state, current_steps, subject, error, environment, started_at,"
              "  completed_at) OVERRIDING SYSTEM VALUE"
              " SELECT id, tenant_id, workflow_id, workflow_version_id, status, outcome, data, initial_data, attributes,"
              "        edge_state, current_steps, subject, error, environment, started_at, completed_at"
              "   FROM cs_sim_instances",
              0, NULL, error)
         && cs_db_connection_command (self->conn,
              "INSERT INTO step_executions (tenant_id, instance_id, workflow_id, step_id, step_type, step_version,"
              "  status, attempt, run_after, from_step, enqueued_at, started_at, completed_at, queue_time_ms,"
              "  validation_time_ms, execution_time_ms, wait_time_ms, outcome, error, executed_by, environment,"
              "  waiting_for_approval, waiting_for_external)"
              " SELECT tenant_id, instance_id, workflow_id, step_id, step_type, step_version, status, attempt,"
              "        run_after, from_step, enqueued_at, started_at, completed_at, queue_time_ms,"
              "        validation_time_ms, execution_time_ms, wait_time_ms, outcome, error, executed_by, environment,"
              "        waiting_for_approval, waiting_for_external"
              "   FROM cs_sim_steps ORDER BY instance_id, enqueued_at",
              0, NULL, error)
         && cs_db_connection_command (self->conn, "TRUNCATE cs_sim_instances, cs_sim_steps", 0, NULL, error);
}

/* Instance ids come from the identity's own sequence, a block at a time. */
static gint64
next_id (CsSimWriter  *self,
         GError      **error)
{
  gint64 id;

  if (self->ids->len == 0)
    {
      g_autoptr(PGresult) block = cs_db_connection_exec (self->conn,
        "SELECT nextval (pg_get_serial_sequence ('workflow_instances', 'id')) FROM generate_series (1, $1::int)",
        1, (const char *[]) { G_STRINGIFY (ID_BLOCK) }, error);
      if (block == NULL)
        return 0;
      for (int i = PQntuples (block) - 1; i >= 0; i--)
        {
          gint64 v = g_ascii_strtoll (PQgetvalue (block, i, 0), NULL, 10);
          g_array_append_val (self->ids, v);
        }
    }
  id = g_array_index (self->ids, gint64, self->ids->len - 1);
  g_array_set_size (self->ids, self->ids->len - 1);
  return id;
}

void
cs_sim_writer_on_instance (const CsSimInstance *instance,
                           gpointer             user_data)
{
  CsSimWriter *self = user_data;
  g_autoptr(JsonBuilder) attributes = json_builder_new ();
  g_autoptr(JsonNode) attributes_node = NULL;
  GError *error = NULL;
  GString *s = self->instances;
  const char *status;
  const char *outcome;

  if (self->error != NULL)
    return;
  self->current = g_hash_table_lookup (self->targets, instance->workflow_key);
  if (self->current == NULL)
    {
      fail (self, g_error_new (CS_ERROR, CS_ERROR_NOT_FOUND,
                               _("The simulation produced an instance of %s, which is not being written"),
                               instance->workflow_key));
      return;
    }
  if (!(self->current_id = next_id (self, &error)))
    {
      fail (self, error);
      return;
    }

  if (!instance->finished)
    status = "running", outcome = NULL;
  else if (instance->error != NULL)
    status = "failed", outcome = "FAILED";
  else
    {
      status = instance->status == CS_TERMINAL_CANCELLED ? "cancelled" : "completed";
      outcome = instance->status == CS_TERMINAL_SUCCESS ? "SUCCESS"
                : instance->status == CS_TERMINAL_REJECTED ? "REJECTED"
                : instance->status == CS_TERMINAL_FAILED ? "FAILED" : "CANCELLED";
    }

  json_builder_begin_object (attributes);
  if (instance->channel)
    {
      json_builder_set_member_name (attributes, "channel");
      json_builder_add_string_value (attributes, instance->channel);
    }
  if (instance->area)
    {
      json_builder_set_member_name (attributes, "area");
      json_builder_add_string_value (attributes, instance->area);
    }
  if (instance->category)
    {
      json_builder_set_member_name (attributes, "category");
      json_builder_add_string_value (attributes, instance->category);
    }
  json_builder_end_object (attributes);
  attributes_node = json_builder_get_root (attributes);

  g_string_append_printf (s, "%" G_GINT64_FORMAT "\t", self->current_id);
  put_text (s, self->tenant_id), g_string_append_c (s, '\t');
  put_text (s, self->current->workflow_id), g_string_append_c (s, '\t');
  put_text (s, self->current->version_id), g_string_append_c (s, '\t');
  put_text (s, status), g_string_append_c (s, '\t');
  put_text (s, outcome), g_string_append_c (s, '\t');
  put_json (s, instance->data), g_string_append_c (s, '\t');
  put_json (s, instance->initial_data), g_string_append_c (s, '\t');
  put_json (s, attributes_node), g_string_append_c (s, '\t');
  put_text (s, instance->edge_state ? instance->edge_state : ""), g_string_append_c (s, '\t');
  /* Current steps are filled in below from the unfinished records. */
  g_string_append (s, "{}\t");
  put_text (s, NULL), g_string_append_c (s, '\t');
  put_text (s, instance->error), g_string_append_c (s, '\t');
  g_string_append (s, "simulation\t");
  put_time (s, instance->started_at), g_string_append_c (s, '\t');
  put_time (s, instance->finished ? instance->completed_at : 0);
  g_string_append_c (s, '\n');
  self->n_instances++;
}

void
cs_sim_writer_on_record (const CsStepRecord *record,
                         gpointer            user_data)
{
  CsSimWriter *self = user_data;
  GString *s = self->steps;
  CsExecStatus status = record->status;
  char number[64];

  if (self->error != NULL || self->current == NULL)
    return;

  if (status == CS_EXEC_WAITING)
    {
      /* Written with its approval task at the end, when ids can be returned. */
      Waiting *w = g_new0 (Waiting, 1);
      w->instance_id = self->current_id;
      w->key = g_strdup (cs_workflow_get_key (self->current->workflow));
      w->step_id = g_strdup (record->step_id);
      w->enqueued_at = record->enqueued_at;
      w->started_at = record->started_at;
      w->from_step = g_strdup (record->from_step);
      g_ptr_array_add (self->waiting, w);
      self->n_records++;
      return;
    }
  /* A step on a simulated worker when the period ended: the real engine takes it from here. */
  if (status == CS_EXEC_RUNNING)
    status = CS_EXEC_PENDING;

  put_text (s, self->tenant_id), g_string_append_c (s, '\t');
  g_string_append_printf (s, "%" G_GINT64_FORMAT "\t", self->current_id);
  put_text (s, self->current->workflow_id), g_string_append_c (s, '\t');
  put_text (s, record->step_id), g_string_append_c (s, '\t');
  put_text (s, cs_step_type_to_string (record->step_type)), g_string_append_c (s, '\t');
  g_string_append_printf (s, "%d\t", cs_workflow_get_version (self->current->workflow));
  put_text (s, cs_exec_status_to_string (status)), g_string_append_c (s, '\t');
  g_string_append_printf (s, "%u\t", record->retry_count);
  put_time (s, record->enqueued_at), g_string_append_c (s, '\t');
  put_text (s, record->from_step), g_string_append_c (s, '\t');
  put_time (s, record->enqueued_at), g_string_append_c (s, '\t');
  put_time (s, status == CS_EXEC_PENDING ? 0 : record->started_at), g_string_append_c (s, '\t');
  put_time (s, record->completed_at), g_string_append_c (s, '\t');
#define PUT_MS(v, known) \
  if (known) { g_ascii_dtostr (number, sizeof number, (double) (v)); g_string_append (s, number); } \
  else g_string_append (s, "\\N"); \
  g_string_append_c (s, '\t')
  PUT_MS (record->queue_time_ms, record->started_at > 0 && status != CS_EXEC_PENDING);
  PUT_MS (record->validation_time_ms, record->completed_at > 0);
  PUT_MS (record->execution_time_ms, record->completed_at > 0);
  PUT_MS (record->wait_time_ms, record->completed_at > 0);
#undef PUT_MS
  put_text (s, record->outcome), g_string_append_c (s, '\t');
  put_text (s, record->error), g_string_append_c (s, '\t');
  put_text (s, record->executed_by), g_string_append_c (s, '\t');
  put_text (s, record->environment ? record->environment : "simulation"), g_string_append_c (s, '\t');
  g_string_append (s, record->waiting_for_approval ? "t\t" : "f\t");
  g_string_append (s, record->waiting_for_external ? "t\n" : "f\n");
  self->n_records++;

  if (self->steps->len + self->instances->len > FLUSH_BYTES)
    {
      GError *error = NULL;
      if (!flush (self, &error))
        fail (self, error);
    }
}

/* Approvals still waiting at the end get their step row and a task, as the
 * engine would have made them. */
static gboolean
open_waiting_approvals (CsSimWriter  *self,
                        GError      **error)
{
  for (guint i = 0; i < self->waiting->len; i++)
    {
      Waiting *w = g_ptr_array_index (self->waiting, i);
      Target *t = g_hash_table_lookup (self->targets, w->key);
      CsStep *step = cs_workflow_find_step (t->workflow, w->step_id);
      const char * const *roles = cs_step_get_approver_roles (step);
      g_autofree char *instance = g_strdup_printf ("%" G_GINT64_FORMAT, w->instance_id);
      g_autofree char *version = g_strdup_printf ("%d", cs_workflow_get_version (t->workflow));
      g_autofree char *enqueued = g_strdup_printf ("%" G_GINT64_FORMAT, w->enqueued_at);
      g_autofree char *started = g_strdup_printf ("%" G_GINT64_FORMAT, w->started_at > 0 ? w->started_at : w->enqueued_at);
      g_autofree char *due = cs_step_get_due_seconds (step) > 0 ? g_strdup_printf ("%u", cs_step_get_due_seconds (step)) : NULL;
      g_autofree char *roles_json = NULL;
      g_autofree char *exec_id = NULL;
      g_autoptr(GString) r = g_string_new ("[");

      for (guint k = 0; roles[k] != NULL; k++)
        {
          g_autofree char *quoted = g_strescape (roles[k], NULL);
          g_string_append_printf (r, "%s\"%s\"", k ? "," : "", quoted);
        }
      g_string_append_c (r, ']');
      roles_json = g_string_free (g_steal_pointer (&r), FALSE);

      exec_id = cs_db_connection_query_value (self->conn,
        "INSERT INTO step_executions (tenant_id, instance_id, workflow_id, step_id, step_type, step_version, status,"
        "  from_step, enqueued_at, run_after, started_at, queue_time_ms, waiting_for_approval, executed_by, environment)"
        " VALUES ($1::uuid, $2::bigint, $3::uuid, $4, 'approval', $5::int, 'waiting', $6,"
        "  to_timestamp ($7::bigint / 1000000.0), to_timestamp ($7::bigint / 1000000.0),"
        "  to_timestamp ($8::bigint / 1000000.0), ($8::bigint - $7::bigint) / 1000.0, true, NULL, 'simulation')"
        " RETURNING id",
        8, (const char *[]) { self->tenant_id, instance, t->workflow_id, w->step_id, version, w->from_step,
                              enqueued, started }, error);
      if (exec_id == NULL
          || !cs_db_connection_command (self->conn,
               "INSERT INTO approval_tasks (tenant_id, step_execution_id, instance_id, workflow_id, step_id, step_name,"
               "  roles, agency, quorum, escalate_to, opened_at, due_at)"
               " VALUES ($1::uuid, $2::bigint, $3::bigint, $4::uuid, $5, $6,"
               "  ARRAY (SELECT jsonb_array_elements_text ($7::jsonb)), $8, $9, $10,"
               "  to_timestamp ($11::bigint / 1000000.0),"
               "  to_timestamp ($11::bigint / 1000000.0) + make_interval (secs => $12::int))",
               12, (const char *[]) { self->tenant_id, exec_id, instance, t->workflow_id, w->step_id,
                                      cs_step_get_name (step), roles_json, cs_step_get_agency (step),
                                      cs_quorum_to_string (cs_step_get_quorum (step)), cs_step_get_escalate_to (step),
                                      started, due }, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
cs_sim_writer_finish (CsSimWriter  *self,
                      GError      **error)
{
  g_return_val_if_fail (CS_IS_SIM_WRITER (self), FALSE);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      cs_sim_writer_abort (self);
      return FALSE;
    }
  if (!flush (self, error)
      || !open_waiting_approvals (self, error)
      /* The instances' current steps, from what is pending or waiting. */
      || !cs_db_connection_command (self->conn,
           "UPDATE workflow_instances i SET current_steps = c.steps"
           "  FROM (SELECT instance_id, array_agg (DISTINCT step_id) AS steps FROM step_executions"
           "         WHERE status IN ('pending', 'waiting') AND environment = 'simulation' GROUP BY instance_id) c"
           " WHERE i.id = c.instance_id AND i.status = 'running'",
           0, NULL, error)
      || !cs_db_connection_commit (self->conn, error))
    {
      cs_sim_writer_abort (self);
      return FALSE;
    }
  self->in_transaction = FALSE;
  return TRUE;
}

/* The failure that stopped the writer, if any (to the caller). */
GError *
cs_sim_writer_take_error (CsSimWriter *self)
{
  g_return_val_if_fail (CS_IS_SIM_WRITER (self), NULL);
  return g_steal_pointer (&self->error);
}

void
cs_sim_writer_abort (CsSimWriter *self)
{
  g_return_if_fail (CS_IS_SIM_WRITER (self));

  if (self->in_transaction)
    {
      cs_db_connection_rollback (self->conn);
      self->in_transaction = FALSE;
    }
}
