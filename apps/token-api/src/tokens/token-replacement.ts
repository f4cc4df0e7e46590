import type { TokenExpiration } from "@layer/contracts";
import type { Database } from "../db/database.js";
import { DomainError, notFound } from "../errors/domain-error.js";
import { recordAudit } from "../store/audit.js";
import { expiresAtFor, successorExpiry } from "./expiration.js";
import { hashSecret } from "./hashing.js";
import type { IssuedToken } from "./token-service.js";
import { formatToken, generateKeyId, generateSecret } from "./secrets.js";
import { findToken, insertToken, type ExpirationPolicy, type TokenRecord } from "./token-repository.js";
import { toTokenSummary } from "./token-summary.js";

export interface ReplaceTokenInput {
  keyId: string;
  /** The account page's user: another user's token is 404. Absent for a token rotating itself. */
  userId?: string | undefined;
  /** How long the old secret keeps working (0: it stops at once). */
  overlapSeconds: number;
  /** A new expiry for the successor; without it the successor keeps the old token's policy. */
  expiry?: { expiresIn?: TokenExpiration | undefined; expiresAt?: Date | undefined } | undefined;
  /** `user:<id>` (regenerate) or `token:<keyId>` (self-rotation), for the audit log. */
  actor: string;
  now: Date;
  bcryptCost: number;
}

export interface ReplacedToken {
  issued: IssuedToken;
  /** The old token as it is now: its expiry is the end of the overlap. */
  previous: TokenRecord;
}

/**
 * The one implementation of regenerate and self-rotation. Only a working token that was never
 * replaced can be: a revoked, expired or already replaced one is 409, so two clicks (or two
 * processes) never make two successors.
 */
export async function replaceToken(db: Database, input: ReplaceTokenInput): Promise<ReplacedToken> {
  const { now } = input;
  const old = await findToken(db, input.keyId);
  if (!old || (input.userId !== undefined && old.userId !== input.userId)) throw notFound("token");
  refuseEnded(old, now);
  const { policy, expiresAt } = successorExpiryOf(old, input.expiry, now);
  const keyId = generateKeyId();
  const token = formatToken(old.env, keyId, generateSecret());
  const secretHash = await hashSecret(token, input.bcryptCost);
  const overlapEnd = new Date(now.getTime() + input.overlapSeconds * 1000);
  const oldExpiry = old.expiresAt && old.expiresAt < overlapEnd ? old.expiresAt : overlapEnd;
  const record = await db.transaction(async (tx) => {
    // The claim is the guard against a concurrent replacement or revocation: one wins, the other is 409.
    const claimed = await tx.query(
      `UPDATE api_tokens SET rotated_to = $2, expires_at = $3, generation = generation + 1
        WHERE key_id = $1 AND rotated_to IS NULL AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $4)
        RETURNING key_id`,
      [old.keyId, keyId, oldExpiry, now],
    );
    if (claimed.length === 0) throw new DomainError("CONFLICT", "this token was just regenerated or revoked");
    const inserted = await insertToken(tx, {
      keyId,
      userId: old.userId,
      env: old.env,
      name: old.name,
      secretHash,
      legacy: false,
      tier: old.tier,
      scopes: old.scopes,
      access: old.access,
      projectIds: old.projectIds,
      expirationPolicy: policy,
      createdAt: now,
      expiresAt,
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
        graceSeconds: input.overlapSeconds,
        previousExpiresAt: oldExpiry.toISOString(),
      },
    });
    await recordAudit(tx, {
      actor: input.actor,
      action: "token.created",
      keyId,
      userId: old.userId,
      at: now,
      details: { name: old.name, env: old.env, rotatedFrom: old.keyId, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return inserted;
  });
  const previous = (await findToken(db, old.keyId))!;
  return { issued: { token, record, created: { ...toTokenSummary(record, now), token } }, previous };
}

function refuseEnded(old: TokenRecord, now: Date): void {
  if (old.rotatedTo) {
    throw new DomainError("CONFLICT", "this token was already regenerated; regenerate its successor instead", {
      successorKeyId: old.rotatedTo,
    });
  }
  if (old.revokedAt) throw new DomainError("CONFLICT", "this token was revoked; create a new token instead");
  if (old.expiresAt && old.expiresAt.getTime() <= now.getTime())
    throw new DomainError("CONFLICT", "this token has expired; create a new token instead");
}

function successorExpiryOf(
  old: TokenRecord,
  chosen: ReplaceTokenInput["expiry"],
  now: Date,
): { policy: ExpirationPolicy; expiresAt: Date | null } {
  if (chosen?.expiresAt) return { policy: "custom", expiresAt: chosen.expiresAt };
  if (chosen?.expiresIn) return { policy: chosen.expiresIn, expiresAt: expiresAtFor(chosen.expiresIn, now) };
  // A legacy token's successor is a named token that keeps its never-expiring policy.
  if (old.legacy) return { policy: "never", expiresAt: null };
  return {
    policy: old.expirationPolicy,
    expiresAt: successorExpiry(old.expirationPolicy, old.createdAt, old.expiresAt, now),
  };
}
