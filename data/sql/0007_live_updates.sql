-- 0007_live_updates: the database announces which rows each statement changed, so that every
-- open window on every desktop refreshes those rows without polling.
--
-- Channel cs_changes, payload "TABLE OP TENANT IDS": OP is insert, update or delete; IDS is a
-- comma-separated list of the changed rows' ids, or * when there are too many to name (or the
-- table is announced without ids). One notification per tenant per statement; PostgreSQL folds
-- identical notifications of one transaction into one and delivers them at commit.
--
-- Listeners see every tenant's notifications (NOTIFY ignores Row Level Security), so a payload
-- holds ids and the tenant's uuid, never content: a listener fetches the rows themselves under RLS.

CREATE FUNCTION cs_announce_rows () RETURNS trigger
  LANGUAGE plpgsql
AS $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT tenant_id, count(*) AS n, string_agg (id::text, ',') AS ids FROM changed_rows GROUP BY tenant_id
  LOOP
    PERFORM pg_notify ('cs_changes', format ('%s %s %s %s', TG_TABLE_NAME, lower (TG_OP), r.tenant_id,
                                             CASE WHEN r.n > 500 THEN '*' ELSE r.ids END));
  END LOOP;
  RETURN NULL;
END
$$;

-- For tables written in bulk (step executions): which tenants changed, not which rows.
CREATE FUNCTION cs_announce_table () RETURNS trigger
  LANGUAGE plpgsql
AS $$
DECLARE
  t uuid;
BEGIN
  FOR t IN SELECT DISTINCT tenant_id FROM changed_rows
  LOOP
    PERFORM pg_notify ('cs_changes', format ('%s %s %s *', TG_TABLE_NAME, lower (TG_OP), t));
  END LOOP;
  RETURN NULL;
END
$$;

-- Transition tables need one trigger per event.
CREATE PROCEDURE cs_announce_changes_of (p_table regclass, p_function text)
  LANGUAGE plpgsql
AS $$
BEGIN
  EXECUTE format ('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS changed_rows'
                  ' FOR EACH STATEMENT EXECUTE FUNCTION %I ()', 'announce_insert', p_table, p_function);
  EXECUTE format ('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING NEW TABLE AS changed_rows'
                  ' FOR EACH STATEMENT EXECUTE FUNCTION %I ()', 'announce_update', p_table, p_function);
  EXECUTE format ('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS changed_rows'
                  ' FOR EACH STATEMENT EXECUTE FUNCTION %I ()', 'announce_delete', p_table, p_function);
END
$$;

CALL cs_announce_changes_of ('workflows', 'cs_announce_rows');
CALL cs_announce_changes_of ('workflow_versions', 'cs_announce_rows');
CALL cs_announce_changes_of ('workflow_instances', 'cs_announce_rows');
CALL cs_announce_changes_of ('approval_tasks', 'cs_announce_rows');
CALL cs_announce_changes_of ('issues', 'cs_announce_rows');
CALL cs_announce_changes_of ('reports', 'cs_announce_rows');
CALL cs_announce_changes_of ('step_executions', 'cs_announce_table');
