-- 0004_reports: citizens' reports, the issues they are grouped into, categories, Open311 clients,
-- upvotes, issue history, notifications, and the classifier's models and training examples.
--
-- Reports are durable the moment they are acknowledged; intake workers claim 'received' rows with
-- FOR UPDATE SKIP LOCKED, classify and deduplicate them, and link them to an issue in the same
-- transaction, so no report is processed twice or lost.

CREATE TABLE categories (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id         uuid NOT NULL DEFAULT cs_current_tenant () REFERENCES tenants (id) ON DELETE CASCADE,
  code              text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),   -- the Open311 service_code
  name              text NOT NULL CHECK (length (btrim (name)) > 0),
  description       text NOT NULL DEFAULT '',
  keywords          text[] NOT NULL DEFAULT '{}',
  group_name        text NOT NULL DEFAULT '',
  agency_id         uuid REFERENCES agencies (id) ON DELETE SET NULL,
  default_severity  text NOT NULL DEFAULT 'medium' CHECK (default_severity IN ('low', 'medium', 'high', 'critical')),
  dedup_radius_m    integer NOT NULL DEFAULT 250 CHECK (dedup_radius_m >= 0),
  attributes        jsonb NOT NULL DEFAULT '[]',   -- Open311 service definition attributes
  active            boolean NOT NULL DEFAULT true,
  created_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, code)
);

-- Applications allowed to submit through Open311; keys are stored hashed.
CREATE TABLE api_clients (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL DEFAULT cs_current_tenant () REFERENCES tenants (id) ON DELETE CASCADE,
  name        text NOT NULL,
  key_hash    text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);

CREATE TABLE issues (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id           uuid NOT NULL DEFAULT cs_current_tenant () REFERENCES tenants (id) ON DELETE CASCADE,
  category_id         uuid REFERENCES categories (id),
  severity            text NOT NULL DEFAULT 'medium' CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  status              text NOT NULL DEFAULT 'RECEIVED' CHECK (status IN ('RECEIVED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED')),
  area_id             uuid REFERENCES areas (id) ON DELETE SET NULL,
  agency_id           uuid REFERENCES agencies (id) ON DELETE SET NULL,
  report_count        integer NOT NULL DEFAULT 0,
  upvotes             integer NOT NULL DEFAULT 0,
  visibility          text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'private')),
  summary             text NOT NULL DEFAULT '',
  representative_text text NOT NULL DEFAULT '',
  text_signature      bytea,                    -- MinHash of the representative text
  lat                 double precision,
  lon                 double precision,
  geo                 point GENERATED ALWAYS AS (CASE WHEN lat IS NULL OR lon IS NULL THEN NULL ELSE point (lon, lat) END) STORED,
  address             text,
  first_report_at     timestamptz,
  last_report_at      timestamptz,
  created_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  accepted_at         timestamptz,
  resolved_at         timestamptz,
  closed_at           timestamptz,
  resolution_note     text,
  duplicate_of        bigint REFERENCES issues (id),
  instance_id         bigint REFERENCES workflow_instances (id) ON DELETE SET NULL,
  escalation_level    integer NOT NULL DEFAULT 0,
  expected_at         timestamptz                -- when the SLA says it should be resolved
);
-- Candidates for deduplication: open issues of a category near a place.
CREATE INDEX issues_open_geo ON issues USING gist (geo) WHERE status IN ('RECEIVED', 'IN_PROGRESS');
CREATE INDEX issues_open_category ON issues (tenant_id, category_id, last_report_at) WHERE status IN ('RECEIVED', 'IN_PROGRESS');
CREATE INDEX issues_inbox ON issues (tenant_id, agency_id, status, created_at);

CREATE TABLE reports (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id              uuid NOT NULL DEFAULT cs_current_tenant () REFERENCES tenants (id) ON DELETE CASCADE,
  client_id              uuid REFERENCES api_clients (id),
  source                 text NOT NULL DEFAULT 'open311' CHECK (source IN ('open311', 'import', 'manual', 'phone', 'counter', 'simulation')),
  external_id            text,
  idempotency_key        text,
  token                  text,
  service_code           text,
  requested_category_id  uuid REFERENCES categories (id),
  description            text NOT NULL DEFAULT '',
  lat                    double precision CHECK (lat BETWEEN -90 AND 90),
  lon                    double precision CHECK (lon BETWEEN -180 AND 180),
  address                text,
  address_id             text,
  zipcode                text,
  media_url              text,
  citizen_id             text,
  email                  text,
  first_name             text,
  last_name              text,
  phone                  text,
  device_id              text,
  account_id             text,
  attributes             jsonb NOT NULL DEFAULT '{}',
  submitted_at           timestamptz NOT NULL DEFAULT clock_timestamp(),
  state                  text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'processed', 'failed')),
  attempts               integer NOT NULL DEFAULT 0,
  processed_at           timestamptz,
  processed_by           text,
  error                  text,
  category_id            uuid REFERENCES categories (id),
  confidence             double precision,
  model_version          integer,
  severity               text CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  summary                text,
  issue_id               bigint REFERENCES issues (id),
  match_score            double precision,
  match_reason           text,
  text_signature         bytea,
  CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE UNIQUE INDEX reports_idempotency ON reports (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE UNIQUE INDEX reports_token ON reports (token) WHERE token IS NOT NULL;
CREATE INDEX reports_received ON reports (submitted_at, id) WHERE state = 'received';
CREATE INDEX reports_issue ON reports (issue_id);
CREATE INDEX reports_submitted ON reports (tenant_id, submitted_at);

CREATE FUNCTION cs_reports_notify () RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM pg_notify ('cs_reports', '');
  RETURN NULL;
END
$$;
CREATE TRIGGER reports_notify AFTER INSERT ON reports FOR EACH STATEMENT EXECUTE FUNCTION cs_reports_notify ();

CREATE TABLE upvotes (
  tenant_id   uuid NOT NULL DEFAULT cs_current_tenant () REFERENCES tenants (id) ON DELETE CASCADE,
  issue_id    bigint NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  citizen_id  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (issue_id, citizen_id)
);

CREATE TABLE issue_history (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id   uuid NOT NULL DEFAULT cs_current_tenant () REFERENCES tenants (id) ON DELETE CASCADE,
  issue_id    bigint NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  report_id   bigint REFERENCES reports (id) ON DELETE SET NULL,
  kind        text NOT NULL,          -- created, linked, status, category, merged, split, upvoted, escalated, note
  old_value   text,
  new_value   text,
  note        text,
  actor       text NOT NULL DEFAULT session_user,
  at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX issue_history_issue ON issue_history (issue_id, at);

CREATE TABLE notifications (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id   uuid NOT NULL DEFAULT cs_current_tenant () REFERENCES tenants (id) ON DELETE CASCADE,
  recipient   text NOT NULL,          -- a login role, an agency name, or an address
  channel     text NOT NULL DEFAULT 'desktop' CHECK (channel IN ('desktop', 'email', 'webhook', 'sms')),
  subject     text NOT NULL,
  body        text NOT NULL DEFAULT '',
  payload     jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  read_at     timestamptz,
  sent_at     timestamptz
);
CREATE INDEX notifications_unread ON notifications (tenant_id, recipient) WHERE read_at IS NULL;

-- Classifier models per tenant, versioned; one is active at a time.
CREATE TABLE classifier_models (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id          uuid NOT NULL DEFAULT cs_current_tenant () REFERENCES tenants (id) ON DELETE CASCADE,
  version            integer NOT NULL,
  model              bytea NOT NULL,
  training_examples  integer NOT NULL,
  evaluation         jsonb NOT NULL DEFAULT '{}',
  active             boolean NOT NULL DEFAULT false,
  created_by         name NOT NULL DEFAULT session_user,
  created_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (tenant_id, version)
);
CREATE UNIQUE INDEX classifier_models_active ON classifier_models (tenant_id) WHERE active;

-- Labelled texts the classifier learns from: imports, officers' corrections, seed examples.
CREATE TABLE training_examples (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id    uuid NOT NULL DEFAULT cs_current_tenant () REFERENCES tenants (id) ON DELETE CASCADE,
  text         text NOT NULL,
  category_id  uuid NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
  source       text NOT NULL CHECK (source IN ('import', 'correction', 'seed')),
  report_id    bigint REFERENCES reports (id) ON DELETE SET NULL,
  created_by   name NOT NULL DEFAULT session_user,
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Legal status changes of an issue; a refusal names the rule.
CREATE FUNCTION cs_issue_transition_allowed (p_from text, p_to text) RETURNS boolean
  LANGUAGE sql IMMUTABLE
AS $$
  SELECT (p_from, p_to) IN (('RECEIVED', 'IN_PROGRESS'), ('IN_PROGRESS', 'RESOLVED'), ('RESOLVED', 'CLOSED'),
                            ('RESOLVED', 'IN_PROGRESS'), ('RECEIVED', 'CLOSED'), ('IN_PROGRESS', 'CLOSED'))
$$;

CREATE FUNCTION cs_issue_check_transition () RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF NOT cs_issue_transition_allowed (OLD.status, NEW.status) THEN
      RAISE EXCEPTION 'an issue cannot go from % to %', OLD.status, NEW.status
        USING ERRCODE = 'check_violation', HINT = 'RECEIVED → IN_PROGRESS → RESOLVED → CLOSED';
    END IF;
    NEW.accepted_at := CASE WHEN NEW.status = 'IN_PROGRESS' AND OLD.accepted_at IS NULL THEN clock_timestamp () ELSE NEW.accepted_at END;
    NEW.resolved_at := CASE WHEN NEW.status = 'RESOLVED' THEN clock_timestamp ()
                            WHEN NEW.status = 'IN_PROGRESS' THEN NULL ELSE NEW.resolved_at END;
    NEW.closed_at := CASE WHEN NEW.status = 'CLOSED' THEN clock_timestamp () ELSE NEW.closed_at END;
    INSERT INTO issue_history (tenant_id, issue_id, kind, old_value, new_value, note)
         VALUES (NEW.tenant_id, NEW.id, 'status', OLD.status, NEW.status, NEW.resolution_note);
    INSERT INTO events (tenant_id, kind, subject_type, subject_id, payload)
         VALUES (NEW.tenant_id, 'report.status.updated', 'issue', NEW.id::text,
                 jsonb_build_object ('issue', NEW.id, 'old_status', OLD.status, 'new_status', NEW.status,
                                     'owner_agency', NEW.agency_id, 'changed_at', clock_timestamp ()));
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER issues_transition BEFORE UPDATE OF status ON issues FOR EACH ROW EXECUTE FUNCTION cs_issue_check_transition ();

-- Closing an issue closes the issues merged into it, with a pointer to it.
CREATE FUNCTION cs_issue_close_duplicates () RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.status = 'CLOSED' AND OLD.status <> 'CLOSED' THEN
    UPDATE issues SET resolution_note = format ('Duplicate of issue %s: %s', NEW.id, coalesce (NEW.resolution_note, '')),
                      status = 'CLOSED'
     WHERE duplicate_of = NEW.id AND status <> 'CLOSED';
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER issues_close_duplicates AFTER UPDATE OF status ON issues FOR EACH ROW EXECUTE FUNCTION cs_issue_close_duplicates ();

-- Open311 clients: which tenant a key belongs to (the key is compared hashed).
CREATE FUNCTION cs_api_client_for_key (p_key text) RETURNS TABLE (client_id uuid, tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT id, tenant_id FROM api_clients
   WHERE key_hash = encode (sha256 (convert_to (p_key, 'UTF8')), 'hex') AND revoked_at IS NULL
$$;
REVOKE ALL ON FUNCTION cs_api_client_for_key (text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cs_api_client_for_key (text) TO civicstream_service;

ALTER TABLE categories ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_clients ENABLE ROW LEVEL SECURITY;
ALTER TABLE issues ENABLE ROW LEVEL SECURITY;
ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE upvotes ENABLE ROW LEVEL SECURITY;
ALTER TABLE issue_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE classifier_models ENABLE ROW LEVEL SECURITY;
ALTER TABLE training_examples ENABLE ROW LEVEL SECURITY;

CREATE POLICY tenant_read ON categories FOR SELECT USING (tenant_id = (SELECT cs_current_tenant ()));
CREATE POLICY admin_write ON categories FOR ALL
  USING (tenant_id = (SELECT cs_current_tenant ()) AND (SELECT cs_current_app_role ()) = 'administrator')
  WITH CHECK (tenant_id = (SELECT cs_current_tenant ()) AND (SELECT cs_current_app_role ()) = 'administrator');
CREATE POLICY admin_all ON api_clients FOR ALL
  USING (tenant_id = (SELECT cs_current_tenant ()) AND (SELECT cs_current_app_role ()) = 'administrator')
  WITH CHECK (tenant_id = (SELECT cs_current_tenant ()) AND (SELECT cs_current_app_role ()) = 'administrator');
CREATE POLICY tenant_all ON issues FOR ALL
  USING (tenant_id = (SELECT cs_current_tenant ())) WITH CHECK (tenant_id = (SELECT cs_current_tenant ()));
CREATE POLICY tenant_all ON reports FOR ALL
  USING (tenant_id = (SELECT cs_current_tenant ())) WITH CHECK (tenant_id = (SELECT cs_current_tenant ()));
CREATE POLICY tenant_all ON upvotes FOR ALL
  USING (tenant_id = (SELECT cs_current_tenant ())) WITH CHECK (tenant_id = (SELECT cs_current_tenant ()));
CREATE POLICY tenant_all ON issue_history FOR ALL
  USING (tenant_id = (SELECT cs_current_tenant ())) WITH CHECK (tenant_id = (SELECT cs_current_tenant ()));
CREATE POLICY tenant_all ON notifications FOR ALL
  USING (tenant_id = (SELECT cs_current_tenant ())) WITH CHECK (tenant_id = (SELECT cs_current_tenant ()));
CREATE POLICY tenant_read ON classifier_models FOR SELECT USING (tenant_id = (SELECT cs_current_tenant ()));
-- Retraining runs in anyone's worker threads; switching a model on is an administrator's choice (checked in the app).
CREATE POLICY tenant_write ON classifier_models FOR ALL
  USING (tenant_id = (SELECT cs_current_tenant ())) WITH CHECK (tenant_id = (SELECT cs_current_tenant ()));
CREATE POLICY tenant_all ON training_examples FOR ALL
  USING (tenant_id = (SELECT cs_current_tenant ())) WITH CHECK (tenant_id = (SELECT cs_current_tenant ()));

GRANT SELECT, INSERT, UPDATE, DELETE ON categories, api_clients TO civicstream_user;
GRANT SELECT, INSERT, UPDATE ON issues, reports, issue_history, notifications, classifier_models TO civicstream_user;
GRANT SELECT, INSERT, DELETE ON upvotes TO civicstream_user;
GRANT SELECT, INSERT, DELETE ON training_examples TO civicstream_user;
GRANT USAGE ON SEQUENCE issues_id_seq, reports_id_seq TO civicstream_user;
