import { parseToken } from "@layer/token-client";
import type { Database } from "../db/database.js";
import { ApiError } from "../http/api-error.js";
import { findUserById, userOrganizations } from "../store/users.js";
import { BcryptBusyError, type BcryptGate } from "../tokens/hashing.js";
import { tokenDigest } from "../tokens/secrets.js";
import { findToken } from "../tokens/token-repository.js";
import type { KillSwitchState } from "./kill-switch-state.js";
import type { UsageRecorder } from "./usage-recorder.js";
import type { ProvenToken, VerificationCache } from "./verification-cache.js";

/** Where the token came from, after header precedence (CONTRACT.md "Sending a token"). */
export interface PresentedToken {
  value: string | undefined;
  /** A header was sent but is not `Bearer <token>`. */
  badScheme?: boolean;
}

export interface AuthenticatorOptions {
  db: Database;
  cache: VerificationCache;
  gate: BcryptGate;
  killSwitches: KillSwitchState;
  usage: UsageRecorder;
  clock: () => Date;
  /** Sees every parsed key_id before any database work (request counts; issue 4's guards). */
  onKeyId?: (keyId: string) => void;
}

const unauthenticated = (message: string, details: Record<string, unknown>) => new ApiError("UNAUTHENTICATED", message, details);

/**
 * Token authentication, cheapest refusal first: malformed tokens never reach the database or
 * bcrypt; a cached proof skips both; concurrent first requests with one token share one bcrypt.
 */
export class Authenticator {
  private readonly inFlight = new Map<string, Promise<ProvenToken | null>>();

  constructor(private readonly o: AuthenticatorOptions) {}

  async authenticate(presented: PresentedToken): Promise<ProvenToken> {
    if (presented.value === undefined || presented.value === "") {
      throw unauthenticated(presented.badScheme ? "send the token as X-Api-Key or Authorization: Bearer" : "no API token was sent", {
        reason: presented.badScheme ? "malformed" : "missing",
      });
    }
    const parsed = parseToken(presented.value);
    if (!parsed.ok) throw unauthenticated(parsed.message, { reason: "malformed" });
    const { keyId, value } = parsed.token;
    this.o.onKeyId?.(keyId);

    const digest = tokenDigest(value);
    const proven = this.o.cache.get(digest) ?? (await this.verifyOnce(digest, keyId, value));
    if (!proven) throw unauthenticated("the API token is not valid", { reason: "invalid" });

    const now = this.o.clock();
    const t = proven.token;
    if (t.revokedAt) {
      throw unauthenticated(`the API token "${t.name}" was revoked`, { reason: "revoked", keyId: t.keyId, name: t.name, revokedAt: t.revokedAt.toISOString() });
    }
    if (t.expiresAt && t.expiresAt.getTime() <= now.getTime()) {
      throw unauthenticated(`the API token "${t.name}" expired`, { reason: "expired", keyId: t.keyId, name: t.name, expiredAt: t.expiresAt.toISOString() });
    }
    const killed = this.o.killSwitches.check(proven);
    if (killed) {
      throw new ApiError("KILL_SWITCH", "API access for this key is switched off; contact your Layer administrator", {
        scope: killed,
        ...(killed === "key" ? { keyId: t.keyId } : {}),
      });
    }
    this.o.usage.touch(t.keyId, now);
    return proven;
  }

  /** One verification per token digest at a time: parallel first requests await the same one. */
  private verifyOnce(digest: string, keyId: string, value: string): Promise<ProvenToken | null> {
    let pending = this.inFlight.get(digest);
    if (!pending) {
      pending = this.verify(digest, keyId, value).finally(() => this.inFlight.delete(digest));
      this.inFlight.set(digest, pending);
    }
    return pending;
  }

  private async verify(digest: string, keyId: string, value: string): Promise<ProvenToken | null> {
    const epoch = this.o.cache.currentEpoch;
    const record = await findToken(this.o.db, keyId);
    if (!record) return null;
    let ok: boolean;
    try {
      ok = await this.o.gate.verify(value, record.secretHash);
    } catch (error) {
      if (error instanceof BcryptBusyError) {
        throw new ApiError("SERVICE_UNAVAILABLE", "too many new tokens are being verified; retry shortly", {}, { "Retry-After": "1" });
      }
      throw error;
    }
    if (!ok) return null;
    const [user, organizations] = await Promise.all([findUserById(this.o.db, record.userId), userOrganizations(this.o.db, record.userId)]);
    if (!user) return null;
    const { secretHash: _hash, ...token } = record;
    const proven: ProvenToken = { token, user, organizations };
    this.o.cache.set(digest, proven, epoch);
    return proven;
  }
}
