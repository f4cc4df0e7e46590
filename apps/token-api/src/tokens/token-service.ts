import {
  ACCESS_SCOPES,
  customExpiryProblem,
  HISTORY_RETENTION_DAYS,
  TokenName,
  type CreatedToken,
  type OrgTokenHolders,
  type RevokedBy,
  type Tier,
  type TokenAccess,
  type TokenEnv,
  type TokenExpiration,
} from "@layer/contracts";
import type { Database, Queryable } from "../db/database.js";
import type { InvalidationBus } from "../auth/invalidation.js";
import { DomainError, issuesOf, notFound, validationFailed } from "../errors/domain-error.js";
import { recordAudit } from "../store/audit.js";
import { expiresAtFor } from "./expiration.js";
import { hashSecret, TOKEN_BCRYPT_COST } from "./hashing.js";
import { formatToken, generateKeyId, generateLegacyToken, generateSecret } from "./secrets.js";
import { assertProjectsOfUser } from "./token-projects.js";
import { replaceToken, type ReplaceTokenInput, type ReplacedToken } from "./token-replacement.js";
import {
  deleteTokensEndedBefore,
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
  /** 30d, 90d, 1y or never; or an explicit `expiresAt`, ahead and within 366 days. */
  expiresIn?: TokenExpiration | undefined;
  expiresAt?: Date | null | undefined;
  env?: TokenEnv | undefined;
  /** read-write (the default) or read; the scopes follow from it. */
  access?: TokenAccess | undefined;
  /** Projects of the user the token may reach; null or absent for all of them. */
  projectIds?: string[] | null | undefined;
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
    if (input.expiresAt !== undefined && input.expiresAt !== null) {
      policy = "custom";
      expiresAt = checkedCustomExpiry(input.expiresAt, now);
    } else if (input.expiresAt === null) {
      policy = "never";
      expiresAt = null;
    } else {
      policy = input.expiresIn ?? "90d";
      expiresAt = expiresAtFor(policy as TokenExpiration, now);
    }
    const env = input.env ?? "live";
    const access = input.access ?? "read-write";
    const projectIds = input.projectIds ?? null;
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
      if (projectIds) await assertProjectsOfUser(tx, input.userId, projectIds);
      const inserted = await insertToken(tx, {
        keyId,
        userId: input.userId,
        env: input.legacy ? "live" : env,
        name,
        secretHash,
        legacy: input.legacy ?? false,
        tier: input.tier ?? "standard",
        scopes: [...ACCESS_SCOPES[access]],
        access,
        projectIds,
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
        details: {
          name,
          env: inserted.env,
          legacy: inserted.legacy,
          expiresAt: expiresAt?.toISOString() ?? null,
          access,
          projectIds,
        },
      });
      return inserted;
    });
    return { token, record, created: { ...toTokenSummary(record, now), token } };
  }

  async get(keyId: string, userId?: string): Promise<TokenRecord | null> {
    const record = await findToken(this.db, keyId);
    return record && (userId === undefined || record.userId === userId) ? record : null;
  }

  /**
   * A user's tokens: the active ones, or the history (revoked and expired in the last 90 days),
   * or all of them (the operator's list).
   */
  list(filter: {
    userId: string;
    name?: string | undefined;
    view?: "active" | "history" | "all" | undefined;
  }): Promise<TokenRecord[]> {
    const now = this.clock();
    return listTokensOfUser(this.db, { ...filter, now, historySince: historyStart(now) });
  }

  /** Deletes tokens that ended more than 90 days ago (the history's retention); returns their key ids. */
  async purgeHistory(): Promise<string[]> {
    const purged = await deleteTokensEndedBefore(this.db, historyStart(this.clock()));
    for (const keyId of purged) await this.invalidation.publish({ kind: "token", keyId });
    return purged;
  }

  /** The time that gives a summary its status: the service's clock. */
  now(): Date {
    return this.clock();
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
  async revoke(input: {
    keyId: string;
    userId?: string | undefined;
    actor: string;
    /** The account page's user or the operator. */
    revokedBy: Exclude<RevokedBy, "rotation">;
  }): Promise<TokenRecord | null> {
    const now = this.clock();
    const record = await this.db.transaction(async (tx) => {
      const before = await findToken(tx, input.keyId);
      if (!before || (input.userId !== undefined && before.userId !== input.userId)) return null;
      if (before.revokedAt) return before;
      const after = await updateToken(tx, input.keyId, { revokedAt: now, revokedBy: input.revokedBy });
      await recordAudit(tx, {
        actor: input.actor,
        action: "token.revoked",
        keyId: input.keyId,
        userId: before.userId,
        at: now,
        details: { name: before.name, revokedBy: input.revokedBy },
      });
      return after;
    });
    if (record) await this.invalidation.publish({ kind: "token", keyId: record.keyId });
    return record;
  }

  /**
   * Regenerate (account page) and self-rotation (a token replacing itself) alike: the successor
   * keeps the name, owner, env, tier, access and projects; the old secret works on for the overlap,
   * after which it answers 401 `rotated` naming its successor (docs/contract.md "Regenerating a token").
   */
  async replace(input: Omit<ReplaceTokenInput, "now" | "bcryptCost">): Promise<ReplacedToken> {
    const now = this.clock();
    if (input.expiry?.expiresAt) checkedCustomExpiry(input.expiry.expiresAt, now);
    const replaced = await replaceToken(this.db, { ...input, now, bcryptCost: this.bcryptCost });
    await this.invalidation.publish({ kind: "token", keyId: input.keyId });
    return replaced;
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
    const now = this.clock();
    const byUser = new Map<string, OrgTokenHolders["holders"][number]>();
    for (const r of rows) {
      let holder = byUser.get(r.userId);
      if (!holder) {
        holder = { user: { id: r.userId, email: r.email, name: r.userName }, tokens: [] };
        byUser.set(r.userId, holder);
      }
      const s = toTokenSummary(r, now);
      holder.tokens.push({
        keyId: s.keyId,
        name: s.name,
        env: s.env,
        createdAt: s.createdAt,
        expiresAt: s.expiresAt,
        lastUsedAt: s.lastUsedAt,
        revokedAt: s.revokedAt,
        legacy: s.legacy,
        access: s.access,
        projectIds: s.projectIds,
        status: s.status,
      });
    }
    return { holders: [...byUser.values()] };
  }
}

const DAY_MS = 24 * 3600 * 1000;
const historyStart = (now: Date) => new Date(now.getTime() - HISTORY_RETENTION_DAYS * DAY_MS);

/** A custom expiry is ahead of now and at most 366 days away, for the page, the CLI and regenerate alike. */
function checkedCustomExpiry(expiresAt: Date, now: Date): Date {
  const problem = customExpiryProblem(expiresAt, now);
  if (problem) throw validationFailed([{ path: "expiresAt", message: problem }], problem);
  return expiresAt;
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
