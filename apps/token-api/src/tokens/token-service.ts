import {
  TokenName,
  type CreatedToken,
  type OrgTokenHolders,
  type Tier,
  type TokenEnv,
  type TokenExpiration,
} from "@layer/contracts";
import type { Database, Queryable } from "../db/database.js";
import type { InvalidationBus } from "../auth/invalidation.js";
import { DomainError, issuesOf, notFound, validationFailed } from "../errors/domain-error.js";
import { recordAudit } from "../store/audit.js";
import { expiresAtFor, successorExpiry } from "./expiration.js";
import { hashSecret, TOKEN_BCRYPT_COST } from "./hashing.js";
import { formatToken, generateKeyId, generateLegacyToken, generateSecret } from "./secrets.js";
import {
  findToken,
  insertToken,
  listTokensOfOrganization,
  listTokensOfUser,
  updateToken,
  type ExpirationPolicy,
  type TokenRecord,
} from "./token-repository.js";
import { toTokenSummary } from "./token-summary.js";

export interface TokenServiceOptions {
  db: Database;
  invalidation: InvalidationBus;
  clock?: () => Date;
  /** 12 in production (docs/contract.md); tests lower it. */
  bcryptCost?: number;
}

export interface CreateTokenInput {
  userId: string;
  name: string;
  /** 30d, 90d, 1y or never; or an explicit `expiresAt` (operator and tests). */
  expiresIn?: TokenExpiration | undefined;
  expiresAt?: Date | null | undefined;
  env?: TokenEnv | undefined;
  /** A `layer_` single-token value: operator only, one per user. */
  legacy?: boolean | undefined;
  tier?: Tier | undefined;
  /** `operator`, `user:<id>` or `token:<keyId>`, for the audit log. */
  actor: string;
}

/** A new token: `token` is the plaintext, shown once and never stored. */
export interface IssuedToken {
  token: string;
  record: TokenRecord;
  created: CreatedToken;
}

/**
 * The token lifecycle that the CLI, the account page and the API share. Every change that can
 * alter an authentication answer publishes an invalidation and waits for it before returning.
 */
export class TokenService {
  private readonly db: Database;
  private readonly invalidation: InvalidationBus;
  private readonly clock: () => Date;
  private readonly bcryptCost: number;

  constructor(options: TokenServiceOptions) {
    this.db = options.db;
    this.invalidation = options.invalidation;
    this.clock = options.clock ?? (() => new Date());
    this.bcryptCost = options.bcryptCost ?? TOKEN_BCRYPT_COST;
  }

  async create(input: CreateTokenInput): Promise<IssuedToken> {
    const name = parseName(input.name);
    const now = this.clock();
    let policy: ExpirationPolicy;
    let expiresAt: Date | null;
    if (input.expiresAt !== undefined) {
      policy = input.expiresAt === null ? "never" : "custom";
      expiresAt = input.expiresAt;
    } else {
      policy = input.expiresIn ?? "90d";
      expiresAt = expiresAtFor(policy as TokenExpiration, now);
    }
    if (expiresAt && Number.isNaN(expiresAt.getTime()))
      throw validationFailed([{ path: "expiresAt", message: "not a valid time" }]);
    const env = input.env ?? "live";
    let token: string;
    let keyId: string;
    if (input.legacy) {
      ({ token, keyId } = generateLegacyToken());
    } else {
      keyId = generateKeyId();
      token = formatToken(env, keyId, generateSecret());
    }
    const secretHash = await hashSecret(token, this.bcryptCost);
    const record = await this.db.transaction(async (tx) => {
      if (input.legacy) {
        const existing = await tx.query("SELECT 1 FROM api_tokens WHERE user_id = $1 AND legacy", [input.userId]);
        if (existing.length > 0) throw new DomainError("CONFLICT", "this user already has a legacy token");
      }
      await assertUser(tx, input.userId);
      const inserted = await insertToken(tx, {
        keyId,
        userId: input.userId,
        env: input.legacy ? "live" : env,
        name,
        secretHash,
        legacy: input.legacy ?? false,
        tier: input.tier ?? "standard",
        scopes: [],
        expirationPolicy: policy,
        createdAt: now,
        expiresAt,
        rotatedFrom: null,
      });
      await recordAudit(tx, {
        actor: input.actor,
        action: "token.created",
        keyId,
        userId: input.userId,
        at: now,
        details: { name, env: inserted.env, legacy: inserted.legacy, expiresAt: expiresAt?.toISOString() ?? null },
      });
      return inserted;
    });
    return { token, record, created: { ...toTokenSummary(record), token } };
  }

  async get(keyId: string, userId?: string): Promise<TokenRecord | null> {
    const record = await findToken(this.db, keyId);
    return record && (userId === undefined || record.userId === userId) ? record : null;
  }

  list(filter: {
    userId: string;
    name?: string | undefined;
    includeRevoked?: boolean | undefined;
  }): Promise<TokenRecord[]> {
    return listTokensOfUser(this.db, filter);
  }

  /** Renames a token of `userId` (any token when userId is undefined); null when not theirs. */
  async rename(input: {
    keyId: string;
    name: string;
    userId?: string | undefined;
    actor: string;
  }): Promise<TokenRecord | null> {
    const name = parseName(input.name);
    const record = await this.db.transaction(async (tx) => {
      const before = await findToken(tx, input.keyId);
      if (!before || (input.userId !== undefined && before.userId !== input.userId)) return null;
      const after = await updateToken(tx, input.keyId, { name });
      await recordAudit(tx, {
        actor: input.actor,
        action: "token.renamed",
        keyId: input.keyId,
        userId: before.userId,
        at: this.clock(),
        details: { from: before.name, to: name },
      });
      return after;
    });
    if (record) await this.invalidation.publish({ kind: "token", keyId: record.keyId });
    return record;
  }

  /** Revokes for good; revoking a revoked token changes nothing. Null when not theirs. */
  async revoke(input: { keyId: string; userId?: string | undefined; actor: string }): Promise<TokenRecord | null> {
    const now = this.clock();
    const record = await this.db.transaction(async (tx) => {
      const before = await findToken(tx, input.keyId);
      if (!before || (input.userId !== undefined && before.userId !== input.userId)) return null;
      if (before.revokedAt) return before;
      const after = await updateToken(tx, input.keyId, { revokedAt: now });
      await recordAudit(tx, {
        actor: input.actor,
        action: "token.revoked",
        keyId: input.keyId,
        userId: before.userId,
        at: now,
        details: { name: before.name },
      });
      return after;
    });
    if (record) await this.invalidation.publish({ kind: "token", keyId: record.keyId });
    return record;
  }

  /**
   * Issues the successor of `keyId` (same name, owner, env, expiration policy, tier) and sets the
   * old token to expire after the grace window (docs/contract.md "Self-rotation").
   */
  async rotate(input: {
    keyId: string;
    graceSeconds: number;
    actor: string;
  }): Promise<{ issued: IssuedToken; previous: TokenRecord }> {
    const now = this.clock();
    const old = await findToken(this.db, input.keyId);
    if (!old) throw notFound("token");
    if (old.rotatedTo)
      throw new DomainError("CONFLICT", "this token was already rotated", { successorKeyId: old.rotatedTo });
    const keyId = generateKeyId();
    const env = old.env;
    const token = formatToken(env, keyId, generateSecret());
    const secretHash = await hashSecret(token, this.bcryptCost);
    const graceEnd = new Date(now.getTime() + input.graceSeconds * 1000);
    const oldExpiry = old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd;
    const result = await this.db.transaction(async (tx) => {
      const claimed = await tx.query(
        "UPDATE api_tokens SET rotated_to = $2, expires_at = $3, generation = generation + 1 WHERE key_id = $1 AND rotated_to IS NULL AND revoked_at IS NULL RETURNING key_id",
        [old.keyId, keyId, oldExpiry],
      );
      if (claimed.length === 0) throw new DomainError("CONFLICT", "this token was already rotated or revoked");
      const record = await insertToken(tx, {
        keyId,
        userId: old.userId,
        env,
        name: old.name,
        secretHash,
        legacy: false,
        tier: old.tier,
        scopes: old.scopes,
        expirationPolicy: old.legacy ? "never" : old.expirationPolicy,
        createdAt: now,
        expiresAt: old.legacy ? null : successorExpiry(old.expirationPolicy, old.createdAt, old.expiresAt, now),
        rotatedFrom: old.keyId,
      });
      await recordAudit(tx, {
        actor: input.actor,
        action: "token.rotated",
        keyId: old.keyId,
        userId: old.userId,
        at: now,
        details: {
          successorKeyId: keyId,
          graceSeconds: input.graceSeconds,
          previousExpiresAt: oldExpiry.toISOString(),
        },
      });
      await recordAudit(tx, {
        actor: input.actor,
        action: "token.created",
        keyId,
        userId: old.userId,
        at: now,
        details: { name: old.name, env, rotatedFrom: old.keyId },
      });
      return record;
    });
    await this.invalidation.publish({ kind: "token", keyId: old.keyId });
    const previous = (await findToken(this.db, old.keyId))!;
    return { issued: { token, record: result, created: { ...toTokenSummary(result), token } }, previous };
  }

  /** The per-key kill switch: 503 KILL_SWITCH until restored. */
  async setKillSwitch(input: { keyId: string; on: boolean; actor: string }): Promise<TokenRecord | null> {
    const record = await this.db.transaction(async (tx) => {
      const after = await updateToken(tx, input.keyId, { killSwitch: input.on });
      if (after)
        await recordAudit(tx, {
          actor: input.actor,
          action: input.on ? "token.killed" : "token.restored",
          keyId: input.keyId,
          userId: after.userId,
          at: this.clock(),
        });
      return after;
    });
    if (record) {
      await this.invalidation.publish({ kind: "kill-switches" });
      await this.invalidation.publish({ kind: "token", keyId: input.keyId });
    }
    return record;
  }

  async setTier(input: { keyId: string; tier: Tier; actor: string }): Promise<TokenRecord | null> {
    const record = await this.db.transaction(async (tx) => {
      const before = await findToken(tx, input.keyId);
      if (!before) return null;
      const after = await updateToken(tx, input.keyId, { tier: input.tier });
      await recordAudit(tx, {
        actor: input.actor,
        action: "token.tier_changed",
        keyId: input.keyId,
        userId: before.userId,
        at: this.clock(),
        details: { from: before.tier, to: input.tier },
      });
      return after;
    });
    if (record) await this.invalidation.publish({ kind: "token", keyId: input.keyId });
    return record;
  }

  /** Who in the organization holds tokens, for its owners: names and times, never secrets. */
  async holders(organizationId: string): Promise<OrgTokenHolders> {
    const rows = await listTokensOfOrganization(this.db, organizationId);
    const byUser = new Map<string, OrgTokenHolders["holders"][number]>();
    for (const r of rows) {
      let holder = byUser.get(r.userId);
      if (!holder) {
        holder = { user: { id: r.userId, email: r.email, name: r.userName }, tokens: [] };
        byUser.set(r.userId, holder);
      }
      const s = toTokenSummary(r);
      holder.tokens.push({
        keyId: s.keyId,
        name: s.name,
        env: s.env,
        createdAt: s.createdAt,
        expiresAt: s.expiresAt,
        lastUsedAt: s.lastUsedAt,
        revokedAt: s.revokedAt,
        legacy: s.legacy,
      });
    }
    return { holders: [...byUser.values()] };
  }
}

function parseName(name: string): string {
  const parsed = TokenName.safeParse(name);
  if (!parsed.success) throw validationFailed(issuesOf(parsed.error, "name"));
  return parsed.data;
}

async function assertUser(q: Queryable, userId: string): Promise<void> {
  const rows = await q.query("SELECT 1 FROM users WHERE id = $1", [userId]);
  if (rows.length === 0) throw notFound("user");
}
