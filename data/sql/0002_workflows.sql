-- 0002_workflows: workflow definitions and versions, instances, step executions, approvals,
-- events and the tamper-evident audit chain.
--
-- Step executions are the engine's queue and its history at once: workers claim 'pending' rows
-- with FOR UPDATE SKIP LOCKED and complete them in the claiming transaction; the completed rows
-- are what the bottleneck, SLA and transition analyses read.

CREATE TABLE workflows (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL DEFAULT cs_current_tenant () REFERENCES tenants (id) ON DELETE CASCADE,
  key          text NOT NULL CHECK (key ~ '^[a-z0-9_]{1,64}$'),
  name         text NOT NULL CHECK (length (btrim (name)) > 0),
  description  text NOT NULL DEFAULT '',
  observed     boolean NOT NULL DEFAULT false,   -- discovered from an imported event log
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, key)
);

CREATE TABLE workflow_versions (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id      uuid NOT NULL DEFAULT cs_current_tenant () REFERENCES tenants (id) ON DELETE CASCADE,
  workflow_id    uuid NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
  version        integer NOT NULL CHECK (version > 0),
  status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'retired')),
  definition     jsonb NOT NULL,
  row_version    integer NOT NULL DEFAULT 1,      -- optimistic concurrency between editors
  created_by     name NOT NULL DEFAULT session_user,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     name NOT NULL DEFAULT session_user,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  published_at   timestamptz,
  UNIQUE (workflow_id, version)
);
-- New instances start on the one published version.
CREATE UNIQUE INDEX workflow_versions_one_published ON workflow_versions (workflow_id) WHERE status = 'published';

CREATE TABLE workflow_instances (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id            uuid NOT NULL DEFAULT cs_current_tenant () REFERENCES tenants (id) ON DELETE CASCADE,
  workflow_id          uuid NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
  workflow_version_id  uuid NOT NULL REFERENCES workflow_versions (id),
  status               text NOT NULL DEFAULT 'running'
                         CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
  outcome              text CHECK (outcome IN ('SUCCESS', 'REJECTED', 'FAILED', 'CANCELLED')),
  data                 jsonb NOT NULL DEFAULT '{}',
  initial_data         jsonb NOT NULL DEFAULT '{}',
  attributes           jsonb NOT NULL DEFAULT '{}',  -- channel, area, category… for outlier analysis
  edge_state           text NOT NULL DEFAULT '',      -- per edge: '.' undecided, 'T' taken, 'D' dead
  current_steps        text[] NOT NULL DEFAULT '{}',
  subject              text,                          -- what a person calls it: a reference, a name
  error                text,
  environment          text NOT NULL DEFAULT 'worker',
  started_by           name NOT NULL DEFAULT session_user,
  started_at           timestamptz NOT NULL DEFAULT clock_timestamp(),
  completed_at         timestamptz
);
CREATE INDEX workflow_instances_workflow ON workflow_instances (workflow_id, started_at);
CREATE INDEX workflow_instances_running ON workflow_instances (tenant_id, status) WHERE status = 'running';

CREATE TABLE step_executions (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id             uuid NOT NULL DEFAULT cs_current_tenant () REFERENCES tenants (id) ON DELETE CASCADE,
  instance_id           bigint REFERENCES workflow_instances (id) ON DELETE CASCADE,  -- NULL: a manual run
  workflow_id           uuid NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
  step_id               text NOT NULL,
  step_type             text NOT NULL CHECK (step_type IN ('action', 'conditional', 'approval', 'integration', 'terminal')),
  step_version          integer NOT NULL,
  status                text NOT NULL DEFAULT 'pending'
                          CHECK (status IN ('pending', 'running', 'waiting', 'completed', 'failed', 'skipped', 'cancelled')),
  attempt               integer NOT NULL DEFAULT 0,   -- retry count
  run_after             timestamptz NOT NULL DEFAULT clock_timestamp(),
  lease_until           timestamptz,                  -- 'running' integrations: reclaimed after this
  from_step             text,
  enqueued_at           timestamptz NOT NULL DEFAULT clock_timestamp(),
  started_at            timestamptz,
  completed_at          timestamptz,
  queue_time_ms         double precision,
  validation_time_ms    double precision,
  execution_time_ms     double precision,
  wait_time_ms          double precision,
  inputs                jsonb,
  outputs               jsonb,
  outcome               text,
  error                 text,
  executed_by           text,
  environment           text NOT NULL DEFAULT 'worker',
  waiting_for_approval  boolean NOT NULL DEFAULT false,
  waiting_for_external  boolean NOT NULL DEFAULT false,
  decided_at            timestamptz,                  -- approvals: when people decided
  claimed_at            timestamptz,                  -- when a worker's batch claimed it
  recorded_at           timestamptz                   -- when that worker wrote its result
);
CREATE INDEX step_executions_runnable ON step_executions (run_after, id) WHERE status = 'pending';
CREATE INDEX step_executions_leased ON step_executions (lease_until) WHERE status = 'running';
CREATE INDEX step_executions_instance ON step_executions (instance_id, id);
CREATE INDEX step_executions_analysis ON step_executions (workflow_id, step_id, completed_at);

-- Wake the engine when runnable work appears. Only pending rows notify (steps the engine ran
-- and recorded in one go do not), and PostgreSQL folds a transaction's identical
-- notifications into one.
CREATE FUNCTION cs_steps_notify () RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM pg_notify ('cs_steps', '');
  RETURN NULL;
END
$$;
CREATE TRIGGER step_executions_notify_insert AFTER INSERT ON step_executions
  FOR EACH ROW WHEN (NEW.status = 'pending') EXECUTE FUNCTION cs_steps_notify ();

-- Approvers: beyond the app role, people can hold approver roles ("registrar", "licensing_manager").
ALTER TABLE app_users ADD COLUMN approver_roles text[] NOT NULL DEFAULT '{}';

CREATE TABLE approval_tasks (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id          uuid NOT NULL DEFAULT cs_current_tenant () REFERENCES tenants (id) ON DELETE CASCADE,
  step_execution_id  bigint NOT NULL UNIQUE REFERENCES step_executions (id) ON DELETE CASCADE,
  instance_id        bigint NOT NULL REFERENCES workflow_instances (id) ON DELETE CASCADE,
  workflow_id        uuid NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
  step_id            text NOT NULL,
  step_name          text NOT NULL,
  roles              text[] NOT NULL,
  agency             text,
  quorum             text NOT NULL CHECK (quorum IN ('any', 'all')),
  escalate_to        text,
  status             text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'approved', 'rejected', 'cancelled')),
  opened_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  due_at             timestamptz,
  escalation_level   integer NOT NULL DEFAULT 0,
  escalated_at       timestamptz,
  decided_at         timestamptz
);
CREATE INDEX approval_tasks_open ON approval_tasks (tenant_id, opened_at) WHERE status = 'open';
CREATE INDEX approval_tasks_due ON approval_tasks (due_at) WHERE status = 'open';

CREATE TABLE approval_decisions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  task_id       bigint NOT NULL REFERENCES approval_tasks (id) ON DELETE CASCADE,
  decided_by    name NOT NULL,
  as_role       text NOT NULL,
  decision      text NOT NULL CHECK (decision IN ('approved', 'rejected')),
  comment       text NOT NULL DEFAULT '',
  decided_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (task_id, decided_by)
);

-- What happened, for history views and notifications (report.escalated, approval.escalated, …).
CREATE TABLE events (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id     uuid NOT NULL DEFAULT cs_current_tenant () REFERENCES tenants (id) ON DELETE CASCADE,
  kind          text NOT NULL,
  subject_type  text NOT NULL,
  subject_id    text NOT NULL,
  payload       jsonb NOT NULL DEFAULT '{}',
  actor         text NOT NULL DEFAULT session_user,
  at            timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX events_subject ON events (subject_type, subject_id, at);

-- The tamper-evident record: each row stores the SHA-256 of the previous row's hash, its own
-- sequence number, kind and payload; altering any row breaks every hash after it.
CREATE TABLE audit_records (
  tenant_id          uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  seq                bigint NOT NULL,
  instance_id        bigint,
  step_execution_id  bigint,
  kind               text NOT NULL,
  payload            jsonb NOT NULL,
  prev_hash          text NOT NULL,
  hash               text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (tenant_id, seq)
);
CREATE TABLE audit_heads (
  tenant_id  uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  seq        bigint NOT NULL,
  hash       text NOT NULL
);

-- The hash of a record, as `civicstream-cli audit verify` recomputes it independently.
CREATE FUNCTION cs_audit_hash (p_prev text, p_seq bigint, p_kind text, p_payload jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE
AS $$
  SELECT encode (sha256 (convert_to (p_prev || E'\n' || p_seq::text || E'\n' || p_kind || E'\n' || p_payload::text, 'UTF8')), 'hex')
$$;

-- Appends to the caller's tenant's chain; the head row's lock serialises concurrent appends.
CREATE FUNCTION cs_audit_append (p_kind text, p_payload jsonb, p_instance bigint, p_step_execution bigint)
  RETURNS text
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  -- Inside SECURITY DEFINER current_user is the owner: ask about the session's user.
  v_tenant uuid := coalesce (cs_tenant_of (session_user),
                             nullif (current_setting ('civicstream.tenant', true), '')::uuid);
  v_seq bigint;
  v_prev text;
  v_hash text;
BEGIN
  IF v_tenant IS NULL THEN
    RAISE EXCEPTION 'no tenant to record for' USING ERRCODE = 'insufficient_privilege';
  END IF;
  INSERT INTO audit_heads (tenant_id, seq, hash) VALUES (v_tenant, 0, repeat ('0', 64))
  ON CONFLICT (tenant_id) DO NOTHING;
  SELECT seq + 1, hash INTO v_seq, v_prev FROM audit_heads WHERE tenant_id = v_tenant FOR UPDATE;
  v_hash := cs_audit_hash (v_prev, v_seq, p_kind, p_payload);
  INSERT INTO audit_records (tenant_id, seq, instance_id, step_execution_id, kind, payload, prev_hash, hash)
       VALUES (v_tenant, v_seq, p_instance, p_step_execution, p_kind, p_payload, v_prev, v_hash);
  UPDATE audit_heads SET seq = v_seq, hash = v_hash WHERE tenant_id = v_tenant;
  RETURN v_hash;
END
$$;

-- An officer's decision. Checks that the signed-in user holds one of the task's roles (an
-- approver role, or the app role) and works for its agency when it names one; records the
-- decision; when the quorum is reached hands the step back to the engine as 'pending'.
CREATE FUNCTION cs_approval_decide (p_task bigint, p_decision text, p_comment text)
  RETURNS text
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  t approval_tasks%ROWTYPE;
  u app_users%ROWTYPE;
  v_agency text;
  v_role text;
  v_roles text[];
  v_result text;
  v_covered text[];
BEGIN
  IF p_decision NOT IN ('approved', 'rejected') THEN
    RAISE EXCEPTION 'a decision is "approved" or "rejected", not "%"', p_decision
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT * INTO u FROM app_users WHERE login_role = session_user AND active;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'only CivicStream users decide approvals' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT * INTO t FROM approval_tasks WHERE id = p_task AND tenant_id = u.tenant_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'there is no approval task %', p_task USING ERRCODE = 'no_data_found';
  END IF;
  IF t.status <> 'open' THEN
    RAISE EXCEPTION 'approval task % is already %', p_task, t.status USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;

  v_roles := t.roles;
  IF t.escalation_level > 0 AND t.escalate_to IS NOT NULL THEN
    v_roles := v_roles || t.escalate_to;
  END IF;
  SELECT r INTO v_role FROM unnest (v_roles) AS r
   WHERE r = u.role OR r = ANY (u.approver_roles)
   ORDER BY r = ANY (u.approver_roles) DESC LIMIT 1;
  IF v_role IS NULL THEN
    RAISE EXCEPTION 'approving “%” needs one of the roles %', t.step_name, array_to_string (v_roles, ', ')
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- Administrators oversee every agency of their tenant (and take escalations).
  IF t.agency IS NOT NULL AND u.role <> 'administrator' THEN
    SELECT a.name INTO v_agency FROM agencies a WHERE a.id = u.agency_id;
    IF v_agency IS DISTINCT FROM t.agency THEN
      RAISE EXCEPTION 'approving “%” is for staff of %', t.step_name, t.agency
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  IF EXISTS (SELECT 1 FROM approval_decisions WHERE task_id = p_task AND decided_by = session_user) THEN
    RAISE EXCEPTION 'you have already decided approval task %', p_task USING ERRCODE = 'unique_violation';
  END IF;

  INSERT INTO approval_decisions (tenant_id, task_id, decided_by, as_role, decision, comment)
       VALUES (t.tenant_id, p_task, session_user, v_role, p_decision, coalesce (p_comment, ''));

  IF p_decision = 'rejected' THEN
    v_result := 'rejected';
  ELSIF t.quorum = 'any' THEN
    v_result := 'approved';
  ELSE
    SELECT array_agg (DISTINCT as_role) INTO v_covered FROM approval_decisions
     WHERE task_id = p_task AND decision = 'approved';
    IF t.roles <@ v_covered THEN
      v_result := 'approved';
    END IF;
  END IF;

  IF v_result IS NOT NULL THEN
    UPDATE approval_tasks SET status = v_result, decided_at = clock_timestamp () WHERE id = p_task;
    UPDATE step_executions
       SET status = 'pending', outcome = v_result, decided_at = clock_timestamp (),
           executed_by = session_user, run_after = clock_timestamp ()
     WHERE id = t.step_execution_id AND status = 'waiting';
    PERFORM pg_notify ('cs_steps', '');
    PERFORM cs_audit_append ('approval.decided',
                             jsonb_build_object ('task', p_task, 'instance', t.instance_id, 'step', t.step_id,
                                                 'decision', v_result, 'by', session_user::text, 'as_role', v_role,
                                                 'comment', coalesce (p_comment, '')),
                             t.instance_id, t.step_execution_id);
  END IF;
  INSERT INTO events (tenant_id, kind, subject_type, subject_id, payload)
       VALUES (t.tenant_id, 'approval.' || p_decision, 'instance', t.instance_id::text,
               jsonb_build_object ('task', p_task, 'step', t.step_id, 'comment', coalesce (p_comment, ''),
                                   'as_role', v_role, 'result', v_result));
  RETURN coalesce (v_result, 'open');
END
$$;

-- Who may decide a task: the same rule as cs_approval_decide, for listing the Approvals page.
CREATE FUNCTION cs_approval_may_decide (p_task approval_tasks) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT EXISTS (
    SELECT 1 FROM app_users u
      LEFT JOIN agencies a ON a.id = u.agency_id
     WHERE u.login_role = session_user AND u.active AND u.tenant_id = p_task.tenant_id
       AND (u.role = ANY (p_task.roles || CASE WHEN p_task.escalation_level > 0 AND p_task.escalate_to IS NOT NULL
                                              THEN ARRAY[p_task.escalate_to] ELSE '{}' END)
            OR u.approver_roles && (p_task.roles || CASE WHEN p_task.escalation_level > 0 AND p_task.escalate_to IS NOT NULL
                                                         THEN ARRAY[p_task.escalate_to] ELSE '{}' END))
       AND (p_task.agency IS NULL OR u.role = 'administrator' OR a.name = p_task.agency)
       AND NOT EXISTS (SELECT 1 FROM approval_decisions d WHERE d.task_id = p_task.id AND d.decided_by = session_user))
$$;

ALTER TABLE workflows ENABLE ROW LEVEL SECURITY;
ALTER TABLE workflow_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE workflow_instances ENABLE ROW LEVEL SECURITY;
ALTER TABLE step_executions ENABLE ROW LEVEL SECURITY;
ALTER TABLE approval_tasks ENABLE ROW LEVEL SECURITY;
ALTER TABLE approval_decisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_heads ENABLE ROW LEVEL SECURITY;

CREATE POLICY tenant_read ON workflows FOR SELECT USING (tenant_id = (SELECT cs_current_tenant ()));
-- Designers and administrators shape workflows; the engine (any user's workers) only reads them.
CREATE POLICY design_write ON workflows FOR ALL
  USING (tenant_id = (SELECT cs_current_tenant ()) AND (SELECT cs_current_app_role ()) IN ('administrator', 'designer'))
  WITH CHECK (tenant_id = (SELECT cs_current_tenant ()) AND (SELECT cs_current_app_role ()) IN ('administrator', 'designer'));
CREATE POLICY tenant_read ON workflow_versions FOR SELECT USING (tenant_id = (SELECT cs_current_tenant ()));
CREATE POLICY design_write ON workflow_versions FOR ALL
  USING (tenant_id = (SELECT cs_current_tenant ()) AND (SELECT cs_current_app_role ()) IN ('administrator', 'designer'))
  WITH CHECK (tenant_id = (SELECT cs_current_tenant ()) AND (SELECT cs_current_app_role ()) IN ('administrator', 'designer'));
CREATE POLICY tenant_all ON workflow_instances FOR ALL
  USING (tenant_id = (SELECT cs_current_tenant ())) WITH CHECK (tenant_id = (SELECT cs_current_tenant ()));
CREATE POLICY tenant_all ON step_executions FOR ALL
  USING (tenant_id = (SELECT cs_current_tenant ())) WITH CHECK (tenant_id = (SELECT cs_current_tenant ()));
CREATE POLICY tenant_all ON approval_tasks FOR ALL
  USING (tenant_id = (SELECT cs_current_tenant ())) WITH CHECK (tenant_id = (SELECT cs_current_tenant ()));
CREATE POLICY tenant_read ON approval_decisions FOR SELECT USING (tenant_id = (SELECT cs_current_tenant ()));
CREATE POLICY tenant_all ON events FOR ALL
  USING (tenant_id = (SELECT cs_current_tenant ())) WITH CHECK (tenant_id = (SELECT cs_current_tenant ()));
CREATE POLICY tenant_read ON audit_records FOR SELECT USING (tenant_id = (SELECT cs_current_tenant ()));
CREATE POLICY tenant_read ON audit_heads FOR SELECT USING (tenant_id = (SELECT cs_current_tenant ()));

GRANT SELECT, INSERT, UPDATE, DELETE ON workflows, workflow_versions TO civicstream_user;
GRANT SELECT, INSERT, UPDATE ON workflow_instances, step_executions, approval_tasks, events TO civicstream_user;
GRANT SELECT ON approval_decisions, audit_records, audit_heads TO civicstream_user;
-- Bulk writers (simulated history, imports) take instance ids from the sequence ahead.
GRANT USAGE ON SEQUENCE workflow_instances_id_seq TO civicstream_user;
REVOKE ALL ON FUNCTION cs_audit_append (text, jsonb, bigint, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION cs_approval_decide (bigint, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cs_audit_append (text, jsonb, bigint, bigint) TO civicstream_user;
GRANT EXECUTE ON FUNCTION cs_approval_decide (bigint, text, text) TO civicstream_user;
GRANT EXECUTE ON FUNCTION cs_approval_may_decide (approval_tasks) TO civicstream_user;

-- cs_user_add learns approver roles.
CREATE FUNCTION cs_user_set_approver_roles (p_login name, p_roles text[]) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  v_tenant uuid;
BEGIN
  SELECT tenant_id INTO v_tenant FROM app_users WHERE login_role = p_login;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'there is no user "%"', p_login USING ERRCODE = 'no_data_found';
  END IF;
  IF NOT (cs_is_owner ()
          OR (cs_tenant_of (session_user) = v_tenant AND cs_app_role_of (session_user) = 'administrator')) THEN
    RAISE EXCEPTION 'only an administrator of this tenant may change approver roles'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  UPDATE app_users SET approver_roles = coalesce (p_roles, '{}') WHERE login_role = p_login;
END
$$;
REVOKE ALL ON FUNCTION cs_user_set_approver_roles (name, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cs_user_set_approver_roles (name, text[]) TO civicstream_user;
