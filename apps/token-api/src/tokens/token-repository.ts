import type { RevokedBy, Tier, TokenAccess, TokenEnv } from "@layer/contracts";
import type { Queryable } from "../db/database.js";

export type ExpirationPolicy = "30d" | "90d" | "1y" | "never" | "custom";

/** A token as stored. `secretHash` never leaves the token service and the authenticator. */
export interface TokenRecord {
  keyId: string;
  userId: string;
  env: TokenEnv;
  name: string;
  secretHash: string;
  legacy: boolean;
  tier: Tier;
  scopes: string[];
  /** The access level picked at creation; `scopes` follow from it. */
  access: TokenAccess;
  /** The projects the token may reach; null for all of its owner's projects at each request. */
  projectIds: string[] | null;
  expirationPolicy: ExpirationPolicy;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: RevokedBy | null;
  killSwitch: boolean;
  rotatedFrom: string | null;
  rotatedTo: string | null;
  /** Bumped by every change that can alter an authentication answer. */
  generation: number;
}

const COLUMN_ALIASES: readonly [string, string][] = [
  ["key_id", "keyId"],
  ["user_id", "userId"],
  ["env", "env"],
  ["name", "name"],
  ["secret_hash", "secretHash"],
  ["legacy", "legacy"],
  ["tier", "tier"],
  ["scopes", "scopes"],
  ["access", "access"],
  ["project_ids", "projectIds"],
  ["expiration_policy", "expirationPolicy"],
  ["created_at", "createdAt"],
  ["expires_at", "expiresAt"],
  ["last_used_at", "lastUsedAt"],
  ["revoked_at", "revokedAt"],
  ["revoked_by", "revokedBy"],
  ["kill_switch", "killSwitch"],
  ["rotated_from", "rotatedFrom"],
  ["rotated_to", "rotatedTo"],
  ["generation", "generation"],
];
const tokenColumns = (table = "api_tokens") => COLUMN_ALIASES.map(([c, a]) => `${table}.${c} AS "${a}"`).join(", ");
const TOKEN_COLUMNS = tokenColumns();

export async function findToken(q: Queryable, keyId: string): Promise<TokenRecord | null> {
  const [row] = await q.query<TokenRecord>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE key_id = $1`, [keyId]);
  return row ?? null;
}

export async function insertToken(
  q: Queryable,
  t: Omit<TokenRecord, "lastUsedAt" | "revokedAt" | "revokedBy" | "killSwitch" | "rotatedTo" | "generation">,
): Promise<TokenRecord> {
  const [row] = await q.query<TokenRecord>(
    `INSERT INTO api_tokens (key_id, user_id, env, name, secret_hash, legacy, tier, scopes, expiration_policy,
       created_at, expires_at, rotated_from, access, project_ids)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14::jsonb) RETURNING ${TOKEN_COLUMNS}`,
    [
      t.keyId,
      t.userId,
      t.env,
      t.name,
      t.secretHash,
      t.legacy,
      t.tier,
      JSON.stringify(t.scopes),
      t.expirationPolicy,
      t.createdAt,
      t.expiresAt,
      t.rotatedFrom,
      t.access,
      t.projectIds === null ? null : JSON.stringify(t.projectIds),
    ],
  );
  return row!;
}

export interface TokenFilter {
  userId: string;
  name?: string | undefined;
  /**
   * `active` (the default): tokens that work now. `history`: revoked and expired tokens that ended
   * after `historySince`. `all`: every token of the user, ended or not.
   */
  view?: "active" | "history" | "all" | undefined;
  now: Date;
  historySince?: Date | undefined;
}

/** When a token stopped working: the earlier of its revocation and its expiry (SQL). */
const ENDED_AT = "LEAST(revoked_at, expires_at)";

/** A user's tokens, newest first (history: most recently ended first); `name` filters by a case-insensitive substring. */
export async function listTokensOfUser(q: Queryable, f: TokenFilter): Promise<TokenRecord[]> {
  const view = f.view ?? "active";
  const params: unknown[] = [f.userId, f.name ?? null];
  let where = "";
  if (view !== "all") {
    params.push(f.now);
    const ended = "(revoked_at IS NOT NULL OR expires_at <= $3)";
    if (view === "active") where = `AND NOT ${ended}`;
    else {
      params.push(f.historySince ?? new Date(0));
      where = `AND ${ended} AND ${ENDED_AT} > $4`;
    }
  }
  const order = view === "history" ? `${ENDED_AT} DESC, key_id DESC` : "created_at DESC, key_id DESC";
  return q.query<TokenRecord>(
    `SELECT ${TOKEN_COLUMNS} FROM api_tokens
      WHERE user_id = $1
        AND ($2::text IS NULL OR strpos(lower(name), lower($2)) > 0)
        ${where}
      ORDER BY ${order}`,
    params,
  );
}

/** Deletes the tokens that ended before `endedBefore`; their audit entries stay. Returns the key ids. */
export async function deleteTokensEndedBefore(q: Queryable, endedBefore: Date): Promise<string[]> {
  const rows = await q.query<{ keyId: string }>(
    `DELETE FROM api_tokens
      WHERE (revoked_at IS NOT NULL OR expires_at IS NOT NULL) AND ${ENDED_AT} < $1
      RETURNING key_id AS "keyId"`,
    [endedBefore],
  );
  return rows.map((r) => r.keyId);
}

/** Tokens of every member of an organization, for its owners; holders ordered by email. */
export async function listTokensOfOrganization(
  q: Queryable,
  organizationId: string,
): Promise<(TokenRecord & { email: string; userName: string })[]> {
  return q.query(
    `SELECT ${tokenColumns("t")},
            u.email, u.name AS "userName"
       FROM organization_members m
       JOIN users u ON u.id = m.user_id
       JOIN api_tokens t ON t.user_id = u.id
      WHERE m.organization_id = $1
      ORDER BY u.email, t.created_at DESC`,
    [organizationId],
  );
}

/** Applies a change and returns the new record, or null when there is no such (visible) token. */
export async function updateToken(
  q: Queryable,
  keyId: string,
  set: Partial<
    Pick<TokenRecord, "name" | "revokedAt" | "revokedBy" | "killSwitch" | "tier" | "expiresAt" | "rotatedTo">
  >,
  onlyUserId?: string,
): Promise<TokenRecord | null> {
  const columns: Record<string, string> = {
    name: "name",
    revokedAt: "revoked_at",
    revokedBy: "revoked_by",
    killSwitch: "kill_switch",
    tier: "tier",
    expiresAt: "expires_at",
    rotatedTo: "rotated_to",
  };
  // The generation tells a verification in flight that the row it read is no longer current.
  const assignments: string[] = ["generation = generation + 1"];
  const params: unknown[] = [keyId, onlyUserId ?? null];
  for (const [k, v] of Object.entries(set)) {
    if (v === undefined) continue;
    params.push(v);
    assignments.push(`${columns[k]} = $${params.length}`);
  }
  if (assignments.length === 1) return findToken(q, keyId);
  const [row] = await q.query<TokenRecord>(
    `UPDATE api_tokens SET ${assignments.join(", ")} WHERE key_id = $1 AND ($2::text IS NULL OR user_id = $2) RETURNING ${TOKEN_COLUMNS}`,
    params,
  );
  return row ?? null;
}

/** Written behind by the usage recorder, many keys per statement. */
export async function writeLastUsed(q: Queryable, usage: ReadonlyMap<string, Date>): Promise<void> {
  if (usage.size === 0) return;
  const keys = [...usage.keys()];
  const times = keys.map((k) => usage.get(k)!.toISOString());
  await q.query(
    `UPDATE api_tokens t SET last_used_at = u.at
       FROM (SELECT unnest($1::text[]) AS key_id, unnest($2::timestamptz[]) AS at) u
      WHERE t.key_id = u.key_id AND (t.last_used_at IS NULL OR t.last_used_at < u.at)`,
    [keys, times],
  );
}
