-- 0001_foundation: tenants, areas, agencies, users, generic jobs; Row Level Security from the start.
--
-- Every person has their own PostgreSQL login role, a member of civicstream_user and mapped to one
-- app_users row. Policies read current_user through cs_current_tenant(), so the database itself
-- decides what a session may see. Roles that are not mapped (a headless server's service role)
-- may name their tenant with SET civicstream.tenant; mapped roles cannot override their mapping.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'civicstream_user') THEN
    CREATE ROLE civicstream_user NOLOGIN;
  END IF;
END
$$;

CREATE TABLE tenants (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name        text NOT NULL CHECK (length(btrim(name)) > 0),
  timezone    text NOT NULL DEFAULT 'UTC',
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app_users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  login_role    name NOT NULL UNIQUE,
  display_name  text NOT NULL DEFAULT '',
  role          text NOT NULL CHECK (role IN ('administrator', 'officer', 'designer')),
  agency_id     uuid,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- The tenant of a login role. SECURITY DEFINER because policies on app_users would
-- otherwise recurse; a session may only ask about itself or roles it is a member of.
CREATE FUNCTION cs_tenant_of (p_role name) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT tenant_id FROM app_users
   WHERE login_role = p_role AND active
     AND (p_role = session_user OR pg_has_role (session_user, p_role, 'MEMBER'))
$$;

CREATE FUNCTION cs_app_role_of (p_role name) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT role FROM app_users
   WHERE login_role = p_role AND active
     AND (p_role = session_user OR pg_has_role (session_user, p_role, 'MEMBER'))
$$;

CREATE FUNCTION cs_current_tenant () RETURNS uuid
  LANGUAGE sql STABLE
AS $$
  SELECT coalesce (cs_tenant_of (current_user),
                   CASE WHEN cs_app_role_of (current_user) IS NULL
                        THEN nullif (current_setting ('civicstream.tenant', true), '')::uuid END)
$$;

CREATE FUNCTION cs_current_app_role () RETURNS text
  LANGUAGE sql STABLE
AS $$ SELECT cs_app_role_of (current_user) $$;

CREATE TABLE areas (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL DEFAULT cs_current_tenant () REFERENCES tenants (id) ON DELETE CASCADE,
  name        text NOT NULL CHECK (length(btrim(name)) > 0),
  code        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);

CREATE TABLE agencies (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL DEFAULT cs_current_tenant () REFERENCES tenants (id) ON DELETE CASCADE,
  name        text NOT NULL CHECK (length(btrim(name)) > 0),
  email       text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);

ALTER TABLE app_users
  ADD CONSTRAINT app_users_agency_fk FOREIGN KEY (agency_id) REFERENCES agencies (id) ON DELETE SET NULL;

-- Generic background jobs. Workers claim them with FOR UPDATE SKIP LOCKED and finish them in
-- the claiming transaction, so a crash releases the claim instead of losing the job.
CREATE TABLE jobs (
  id            bigserial PRIMARY KEY,
  tenant_id     uuid NOT NULL DEFAULT cs_current_tenant () REFERENCES tenants (id) ON DELETE CASCADE,
  kind          text NOT NULL,
  payload       jsonb NOT NULL DEFAULT '{}',
  state         text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
  attempts      integer NOT NULL DEFAULT 0,
  max_attempts  integer NOT NULL DEFAULT 5 CHECK (max_attempts > 0),
  run_after     timestamptz NOT NULL DEFAULT now(),
  created_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  finished_by   text,
  last_error    text,
  result        jsonb
);
CREATE INDEX jobs_runnable ON jobs (run_after, id) WHERE state = 'queued';

CREATE FUNCTION cs_jobs_notify () RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM pg_notify ('cs_jobs', NEW.kind);
  RETURN NULL;
END
$$;
CREATE TRIGGER jobs_notify AFTER INSERT ON jobs FOR EACH ROW EXECUTE FUNCTION cs_jobs_notify ();

-- Row Level Security: a session sees its own tenant only.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE app_users ENABLE ROW LEVEL SECURITY;
ALTER TABLE areas ENABLE ROW LEVEL SECURITY;
ALTER TABLE agencies ENABLE ROW LEVEL SECURITY;
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;

CREATE POLICY tenant_read ON tenants FOR SELECT
  USING (id = (SELECT cs_current_tenant ()));
CREATE POLICY tenant_admin ON tenants FOR UPDATE
  USING (id = (SELECT cs_current_tenant ()) AND (SELECT cs_current_app_role ()) = 'administrator');

CREATE POLICY tenant_read ON app_users FOR SELECT
  USING (tenant_id = (SELECT cs_current_tenant ()));

CREATE POLICY tenant_read ON areas FOR SELECT
  USING (tenant_id = (SELECT cs_current_tenant ()));
CREATE POLICY admin_write ON areas FOR ALL
  USING (tenant_id = (SELECT cs_current_tenant ()) AND (SELECT cs_current_app_role ()) = 'administrator')
  WITH CHECK (tenant_id = (SELECT cs_current_tenant ()) AND (SELECT cs_current_app_role ()) = 'administrator');

CREATE POLICY tenant_read ON agencies FOR SELECT
  USING (tenant_id = (SELECT cs_current_tenant ()));
CREATE POLICY admin_write ON agencies FOR ALL
  USING (tenant_id = (SELECT cs_current_tenant ()) AND (SELECT cs_current_app_role ()) = 'administrator')
  WITH CHECK (tenant_id = (SELECT cs_current_tenant ()) AND (SELECT cs_current_app_role ()) = 'administrator');

CREATE POLICY tenant_all ON jobs FOR ALL
  USING (tenant_id = (SELECT cs_current_tenant ()))
  WITH CHECK (tenant_id = (SELECT cs_current_tenant ()));

-- Users: only the schema owner or an administrator of the tenant may add or remove them.
CREATE FUNCTION cs_is_owner () RETURNS boolean
  LANGUAGE sql STABLE
AS $$
  SELECT pg_has_role (session_user, (SELECT relowner FROM pg_class WHERE oid = 'public.app_users'::regclass), 'USAGE')
$$;

CREATE FUNCTION cs_user_add (p_login name, p_tenant uuid, p_role text, p_agency uuid,
                             p_display text, p_password_verifier text)
  RETURNS uuid
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  v_id uuid;
BEGIN
  IF NOT (cs_is_owner ()
          OR (cs_tenant_of (session_user) = p_tenant AND cs_app_role_of (session_user) = 'administrator')) THEN
    RAISE EXCEPTION 'only an administrator of this tenant may add users'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p_login !~ '^[a-z_][a-z0-9_.-]{0,62}$' THEN
    RAISE EXCEPTION 'invalid login name "%": use lower-case letters, digits, "_", "." or "-"', p_login
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_login IN ('postgres', 'civicstream_user', 'public') OR p_login LIKE 'pg\_%' THEN
    RAISE EXCEPTION 'the login name "%" is reserved', p_login USING ERRCODE = 'reserved_name';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login AND (rolsuper OR rolcreaterole OR rolbypassrls))
     AND NOT cs_is_owner () THEN
    RAISE EXCEPTION 'the role "%" is privileged; only the schema owner may map it', p_login
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
    EXECUTE format ('CREATE ROLE %I LOGIN', p_login);
  ELSE
    EXECUTE format ('ALTER ROLE %I LOGIN', p_login);
  END IF;
  EXECUTE format ('GRANT civicstream_user TO %I', p_login);
  IF p_password_verifier IS NOT NULL THEN
    EXECUTE format ('ALTER ROLE %I PASSWORD %L', p_login, p_password_verifier);
  END IF;

  INSERT INTO app_users (tenant_id, login_role, display_name, role, agency_id)
       VALUES (p_tenant, p_login, coalesce (p_display, ''), p_role, p_agency)
  ON CONFLICT (login_role) DO UPDATE
     SET tenant_id = EXCLUDED.tenant_id, display_name = EXCLUDED.display_name,
         role = EXCLUDED.role, agency_id = EXCLUDED.agency_id, active = true
  RETURNING id INTO v_id;
  RETURN v_id;
END
$$;

-- Removing a user keeps their row (history names them) but takes away the login.
CREATE FUNCTION cs_user_remove (p_login name) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  v_tenant uuid;
BEGIN
  SELECT tenant_id INTO v_tenant FROM app_users WHERE login_role = p_login AND active;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  IF NOT (cs_is_owner ()
          OR (cs_tenant_of (session_user) = v_tenant AND cs_app_role_of (session_user) = 'administrator')) THEN
    RAISE EXCEPTION 'only an administrator of this tenant may remove users'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p_login = session_user THEN
    RAISE EXCEPTION 'you cannot remove yourself' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  UPDATE app_users SET active = false WHERE login_role = p_login;
  EXECUTE format ('REVOKE civicstream_user FROM %I', p_login);
  EXECUTE format ('ALTER ROLE %I NOLOGIN', p_login);
  RETURN true;
END
$$;

REVOKE ALL ON FUNCTION cs_user_add (name, uuid, text, uuid, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION cs_user_remove (name) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cs_user_add (name, uuid, text, uuid, text, text) TO civicstream_user;
GRANT EXECUTE ON FUNCTION cs_user_remove (name) TO civicstream_user;

GRANT USAGE ON SCHEMA public TO civicstream_user;
GRANT SELECT, UPDATE ON tenants TO civicstream_user;
GRANT SELECT ON app_users TO civicstream_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON areas, agencies, jobs TO civicstream_user;
GRANT USAGE ON SEQUENCE jobs_id_seq TO civicstream_user;
GRANT SELECT ON schema_migrations TO civicstream_user;
