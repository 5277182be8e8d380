-- 0010_scheduler: periodic jobs (SLA, scores, alert rules…) that every desktop and server can run,
-- one runner at a time.
--
-- A runner takes a transaction-scoped advisory lock on the job's name, checks here whether the
-- job is due, does the work and records the run in the same transaction: a runner that dies or
-- fails midway rolls back, so the previous results stay in force and nothing records a run that
-- did not happen. "Recompute now" (cs_request_job) marks a request and wakes every runner.

CREATE TABLE job_runs (
  tenant_id     uuid REFERENCES tenants (id) ON DELETE CASCADE,   -- NULL: a run over every tenant (a server)
  name          text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_.-]*$'),
  requested_at  timestamptz,          -- someone asked for a run now
  started_at    timestamptz,
  finished_at   timestamptz,
  status        text CHECK (status IN ('ok', 'failed')),
  error         text,
  duration_ms   double precision,
  runs          bigint NOT NULL DEFAULT 0,
  failures      bigint NOT NULL DEFAULT 0,
  runner        text,
  UNIQUE NULLS NOT DISTINCT (tenant_id, name)
);

ALTER TABLE job_runs ENABLE ROW LEVEL SECURITY;
-- A tenant's runners see their own runs and those of servers (which cover every tenant).
CREATE POLICY tenant_read ON job_runs FOR SELECT
  USING (tenant_id IS NULL OR tenant_id = (SELECT cs_current_tenant ()));
CREATE POLICY tenant_insert ON job_runs FOR INSERT WITH CHECK (tenant_id = (SELECT cs_current_tenant ()));
CREATE POLICY tenant_update ON job_runs FOR UPDATE
  USING (tenant_id = (SELECT cs_current_tenant ())) WITH CHECK (tenant_id = (SELECT cs_current_tenant ()));
GRANT SELECT, INSERT, UPDATE ON job_runs TO civicstream_user;

-- Asks every runner for a run of @p_name now (for the caller's tenant, or every tenant for the owner).
CREATE FUNCTION cs_request_job (p_name text) RETURNS void
  LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO job_runs (tenant_id, name, requested_at)
       VALUES (cs_current_tenant (), p_name, clock_timestamp ())
  ON CONFLICT (tenant_id, name) DO UPDATE SET requested_at = EXCLUDED.requested_at;
  PERFORM pg_notify ('cs_scheduler', p_name);
END
$$;
