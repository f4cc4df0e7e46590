/**
 * The whole first schema of the token API: tokens and project data, limits, idempotency and kill
 * switches, account page sessions. Only ever append new migrations; never edit one that has
 * shipped (its SQL, comments included, stays as it ran). Text keys are `COLLATE "C"` so both
 * engines order rows byte-wise alike.
 */
export const initial = `
CREATE TABLE organizations (
  id text PRIMARY KEY,
  name text NOT NULL,
  -- Per-organization kill switch (docs/contract.md "Kill switches"): every key of its members answers 503.
  api_access_revoked boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id text PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  -- bcrypt; null for a user who cannot sign in to the account page.
  password_hash text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE organization_members (
  organization_id text NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner', 'member')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX organization_members_user ON organization_members (user_id);

CREATE TABLE projects (
  id text PRIMARY KEY,
  organization_id text NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL,
  customer_external_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE project_members (
  project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_members_user ON project_members (user_id);

-- "data_tables": the tables of a project as the connectors see them, with a typed column schema
-- ([{ "name", "type": string|number|boolean|date|datetime, "nullable" }]).
CREATE TABLE data_tables (
  id text PRIMARY KEY,
  project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  name text NOT NULL,
  primary_key text NOT NULL,
  columns jsonb NOT NULL,
  row_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX data_tables_project ON data_tables (project_id);

-- Rows are keyset-paged by (key_num, key_text): a numeric primary key fills key_num (key_text ''),
-- a string one fills key_text (key_num 0), so one index serves both in the key's natural order.
CREATE TABLE table_rows (
  table_id text NOT NULL REFERENCES data_tables(id) ON DELETE CASCADE,
  key_num numeric NOT NULL DEFAULT 0,
  key_text text COLLATE "C" NOT NULL DEFAULT '',
  data jsonb NOT NULL,
  PRIMARY KEY (table_id, key_num, key_text)
);

CREATE TABLE api_tokens (
  key_id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  env text NOT NULL CHECK (env IN ('live', 'test')),
  name text NOT NULL,
  -- bcrypt (cost 12) of the whole token string; the plaintext is never stored.
  secret_hash text NOT NULL,
  -- A "layer_<64 hex>" token of the single-token era: key_id is "layer_" + its first 8 hex.
  legacy boolean NOT NULL DEFAULT false,
  tier text NOT NULL DEFAULT 'standard' CHECK (tier IN ('standard', 'pilot', 'partner')),
  scopes jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- 30d, 90d, 1y, never, or custom (an explicit time); a rotation's successor inherits it.
  expiration_policy text NOT NULL DEFAULT 'never' CHECK (expiration_policy IN ('30d', '90d', '1y', 'never', 'custom')),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  kill_switch boolean NOT NULL DEFAULT false,
  rotated_from text,
  rotated_to text
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at DESC);
CREATE INDEX api_tokens_killed ON api_tokens (key_id) WHERE kill_switch;
CREATE UNIQUE INDEX api_tokens_one_legacy_per_user ON api_tokens (user_id) WHERE legacy;

-- Account page sessions (issue 5): only a SHA-256 of the session id is stored.
CREATE TABLE account_sessions (
  id_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX account_sessions_user ON account_sessions (user_id);
CREATE INDEX account_sessions_expires ON account_sessions (expires_at);

-- Idempotency-Key replay (issue 4). scope is who sent it (a key_id or a user id); a response
-- that held a token secret is never stored here, only its status and a body without the secret.
CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  idempotency_key text NOT NULL,
  request_hash text NOT NULL,
  status integer,
  response_body text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at);

-- One row: the global kill switch and its history anchor.
CREATE TABLE platform_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  global_kill_switch boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO platform_settings (id) VALUES (true);

-- Token events with actor and time (issue 3): created, renamed, revoked, rotated, killed,
-- restored, tier_changed, and the operator's organization and global switches.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  key_id text,
  user_id text,
  organization_id text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_key ON audit_log (key_id, at);
`;
