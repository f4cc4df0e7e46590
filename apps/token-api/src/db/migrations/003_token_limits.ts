/**
 * Limits on what a token can reach, and a history of ended tokens (docs/contract.md "Scopes",
 * "Project limits", "Token history"):
 * - `access` is what the user picked at creation; `scopes` follow from it. Every token that exists
 *   before this migration keeps its full access: read-write scopes and all projects.
 * - `project_ids` is a JSON array of project ids, or null for all of the owner's projects.
 * - `revoked_by` says who ended a token: the user (account page) or the operator (CLI); earlier
 *   revocations take it from the audit log. A rotation's end needs no column: it is the rotated
 *   token's own expiry.
 */
export const tokenLimits = `
ALTER TABLE api_tokens ADD COLUMN access text NOT NULL DEFAULT 'read-write' CHECK (access IN ('read', 'read-write'));

ALTER TABLE api_tokens ADD COLUMN project_ids jsonb;

ALTER TABLE api_tokens ADD COLUMN revoked_by text CHECK (revoked_by IN ('user', 'operator', 'rotation'));

UPDATE api_tokens SET scopes = '["projects:read", "projects:write", "tokens:rotate-self"]'::jsonb;

UPDATE api_tokens t SET revoked_by = CASE WHEN a.actor = 'operator' THEN 'operator' ELSE 'user' END
  FROM audit_log a
 WHERE a.key_id = t.key_id AND a.action = 'token.revoked' AND t.revoked_at IS NOT NULL;

UPDATE api_tokens SET revoked_by = 'operator' WHERE revoked_at IS NOT NULL AND revoked_by IS NULL;

-- The history and its purge find ended tokens by when they ended: the earlier of revocation and expiry.
CREATE INDEX api_tokens_ended ON api_tokens ((LEAST(revoked_at, expires_at))) WHERE revoked_at IS NOT NULL OR expires_at IS NOT NULL;
`;
