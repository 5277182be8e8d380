-- 0003_service: the role a headless server's request threads act as.
--
-- civicstream-cli serve connects as the schema owner (its workers run every tenant's steps), but
-- answers HTTP requests under SET ROLE civicstream_service: a role without a mapping, so Row Level
-- Security applies and each request sees only the tenant it names with SET civicstream.tenant.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'civicstream_service') THEN
    CREATE ROLE civicstream_service NOLOGIN NOBYPASSRLS IN ROLE civicstream_user;
  END IF;
  -- Whoever migrates (the owner) may act as it.
  EXECUTE format ('GRANT civicstream_service TO %I', current_user);
END
$$;

-- Which tenant a request is for: by slug, or the only one when there is one.
CREATE FUNCTION cs_tenant_lookup (p_slug text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT CASE WHEN p_slug IS NOT NULL THEN (SELECT id FROM tenants WHERE slug = p_slug)
              WHEN (SELECT count(*) FROM tenants) = 1 THEN (SELECT id FROM tenants)
         END
$$;
REVOKE ALL ON FUNCTION cs_tenant_lookup (text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cs_tenant_lookup (text) TO civicstream_service;
