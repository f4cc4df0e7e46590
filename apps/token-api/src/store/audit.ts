import type { Queryable } from "../db/database.js";

export type AuditAction =
  | "token.created"
  | "token.renamed"
  | "token.revoked"
  | "token.rotated"
  | "token.killed"
  | "token.restored"
  | "token.tier_changed"
  | "organization.api_access_revoked"
  | "organization.api_access_restored"
  | "global_kill_switch.on"
  | "global_kill_switch.off"
  | "project_member.added"
  | "project_member.removed";

/** Who did it: `operator`, `user:<id>` (account page) or `token:<keyId>` (self-rotation). */
export interface AuditEvent {
  actor: string;
  action: AuditAction;
  keyId?: string | null;
  userId?: string | null;
  organizationId?: string | null;
  /** Never a secret: names, times, roles. */
  details?: Record<string, unknown>;
  at?: Date;
}

export async function recordAudit(q: Queryable, e: AuditEvent): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (at, actor, action, key_id, user_id, organization_id, details)
     VALUES (COALESCE($1::timestamptz, now()), $2, $3, $4, $5, $6, $7::jsonb)`,
    [
      e.at ?? null,
      e.actor,
      e.action,
      e.keyId ?? null,
      e.userId ?? null,
      e.organizationId ?? null,
      JSON.stringify(e.details ?? {}),
    ],
  );
}

export interface AuditEntry {
  id: number;
  at: Date;
  actor: string;
  action: AuditAction;
  keyId: string | null;
  userId: string | null;
  organizationId: string | null;
  details: Record<string, unknown>;
}

export async function listAudit(q: Queryable, filter: { keyId?: string; limit?: number } = {}): Promise<AuditEntry[]> {
  return q.query<AuditEntry>(
    `SELECT id::int AS id, at, actor, action, key_id AS "keyId", user_id AS "userId",
            organization_id AS "organizationId", details
       FROM audit_log WHERE ($1::text IS NULL OR key_id = $1) ORDER BY id DESC LIMIT $2`,
    [filter.keyId ?? null, filter.limit ?? 100],
  );
}
