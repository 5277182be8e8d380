-- 0011_monitoring: what /metrics reads from the database, across every tenant.
--
-- The HTTP threads run as civicstream_service under Row Level Security, which shows them no
-- tenant's rows unless a request names one; a monitoring scrape needs totals of every tenant,
-- so this function (owned by the schema owner) returns counts only, never content.

CREATE FUNCTION cs_metrics () RETURNS TABLE (metric text, labels text, value double precision)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT 'civicstream_reports_waiting', '', count(*)::float8 FROM reports WHERE state = 'received'
  UNION ALL
  SELECT 'civicstream_steps_runnable', '', count(*)::float8 FROM step_executions WHERE status = 'pending'
  UNION ALL
  SELECT 'civicstream_steps_running', '', count(*)::float8 FROM step_executions WHERE status = 'running'
  UNION ALL
  SELECT 'civicstream_approvals_open', '', count(*)::float8 FROM approval_tasks WHERE status = 'open'
  UNION ALL
  SELECT 'civicstream_job_duration_seconds', format ('job="%s"', name), max (duration_ms) / 1000
    FROM job_runs WHERE status = 'ok' GROUP BY name
  UNION ALL
  SELECT 'civicstream_job_last_success_age_seconds', format ('job="%s"', name),
         extract (epoch FROM clock_timestamp () - max (finished_at))
    FROM job_runs WHERE status = 'ok' GROUP BY name
  UNION ALL
  SELECT 'civicstream_job_failures_total', format ('job="%s"', name), sum (failures)::float8
    FROM job_runs GROUP BY name
$$;
REVOKE ALL ON FUNCTION cs_metrics () FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cs_metrics () TO civicstream_service;
