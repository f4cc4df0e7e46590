import type { EndpointClass } from "@layer/contracts";
import { exactTokenKeyId, parseToken } from "@layer/token-client";
import type { Database } from "../db/database.js";
import { DomainError } from "../errors/domain-error.js";
import { findUserById, userOrganizations } from "../store/users.js";
import { BcryptBusyError, type BcryptGate } from "../tokens/hashing.js";
import { tokenDigest } from "../tokens/secrets.js";
import { findToken, type TokenRecord } from "../tokens/token-repository.js";
import type { KillSwitchState } from "./kill-switch-state.js";
import type { UsageRecorder } from "./usage-recorder.js";
import type { LiveSwitches, ProvenToken, VerificationCache } from "./verification-cache.js";

/** Where the token came from, after header precedence (docs/contract.md "Sending a token"). */
export interface PresentedToken {
  value: string | undefined;
  /** A header was sent but is not `Bearer <token>`. */
  badScheme?: boolean;
  /** For the failed-authentication buckets per client address. */
  clientAddress?: string | undefined;
  endpointClass?: EndpointClass | undefined;
}

/** One new verification (database lookup and bcrypt) about to run. */
export interface VerificationAttempt {
  keyId: string;
  /** This very token was proven in this process before: no stranger can present it. */
  provenBefore: boolean;
  clientAddress: string | undefined;
  endpointClass: EndpointClass | undefined;
}

/** The failed-authentication buckets: asked before each new verification. */
export interface VerificationGuard {
  /** Throws (429) when this key_id or address has failed too often; otherwise counts the attempt. */
  begin(attempt: VerificationAttempt): Promise<void>;
  /** Uncounts it: the secret was proven, or the attempt never got to judge it (busy, database down). */
  giveBack(attempt: VerificationAttempt): Promise<void>;
}

/**
 * The current revocation-relevant state of a token, read fresh (several processes): its row's
 * generation and fields, and the organization and global kill switches that stop it.
 */
export type TokenState = Pick<
  TokenRecord,
  "name" | "revokedAt" | "expiresAt" | "killSwitch" | "tier" | "generation" | "rotatedTo"
> &
  LiveSwitches;

/**
 * When other processes share the database, a proof is checked against the token's current row on
 * every request, by a read that began after the request arrived, so a revoke answered by any
 * process is seen on the very next request here whether or not its pub/sub message has arrived.
 * Null when the token no longer exists.
 */
export type TokenFreshness = (keyId: string) => Promise<TokenState | null>;

export interface AuthenticatorOptions {
  /** The account page: every 401 names it as the place to make a new token. */
  accountUrl: string;
  db: Database;
  cache: VerificationCache;
  gate: BcryptGate;
  killSwitches: KillSwitchState;
  usage: UsageRecorder;
  clock: () => Date;
  /** Sees every parsed key_id before any database work (request counts; the limiter's guards). */
  onKeyId?: (keyId: string) => void;
  verificationGuard?: VerificationGuard | undefined;
  freshness?: TokenFreshness | undefined;
}

const busy = () =>
  new DomainError(
    "SERVICE_UNAVAILABLE",
    "too many new tokens are being verified; retry shortly",
    {},
    {
      retryAfterSeconds: 1,
    },
  );

/**
 * A token whose overlap after a regeneration is over: judged without a database round trip, then
 * answered (by `authenticate`) with its successor's current name.
 */
class ReplacedToken extends Error {
  constructor(readonly token: ProvenToken["token"]) {
    super("replaced");
  }
}

/** What the secret's proof found: the token as its row was read before bcrypt, and when. */
interface Verified {
  proven: ProvenToken;
  /** The cache's eviction count when the row was read: any change answered since bumped it. */
  epoch: number;
}

/** How often a row re-read may be overtaken by yet another change before its answer stands. */
const MAX_REREADS = 3;

/**
 * Token authentication, cheapest refusal first: malformed tokens never reach the database or
 * bcrypt; a cached proof skips both; concurrent first requests with one token share one bcrypt.
 *
 * Exactness (README "Exact revocation"): the proof of a secret never goes stale (a token's hash
 * never changes), but the row read before bcrypt may. So requests share only the proof, and each
 * is admitted against a state no older than its own admission: in one process, the row read is
 * used only when no change was answered since it (every change evicts, bumping the cache's epoch,
 * before it is answered), otherwise the row is read again; with several processes, the row is
 * always read again after bcrypt through the per-request freshness check.
 */
export class Authenticator {
  private readonly inFlight = new Map<string, Promise<Verified | null>>();

  constructor(private readonly o: AuthenticatorOptions) {}

  /**
   * A 401 in the contract's words (docs/contract.md "Error envelope"): what happened, then what to
   * do, with the account page's address in the message and in `details.accountUrl`.
   */
  private unauthenticated(happened: string, todo: string, details: Record<string, unknown>): DomainError {
    const accountUrl = this.o.accountUrl;
    return new DomainError("UNAUTHENTICATED", `${happened}. ${todo} at ${accountUrl}`, { ...details, accountUrl });
  }

  /**
   * The proven token, or why not (rejects with a DomainError). A cached proof with nothing to
   * re-read (no freshness check configured) is judged at once, without a database round trip.
   */
  async authenticate(presented: PresentedToken): Promise<ProvenToken> {
    try {
      return await this.authenticateOnce(presented);
    } catch (error) {
      if (error instanceof ReplacedToken) throw await this.replacedRefusal(error.token);
      throw error;
    }
  }

  /** 401 `rotated`: the secret was proven, so its owner may learn which token replaced it. */
  private async replacedRefusal(t: ProvenToken["token"]): Promise<DomainError> {
    const successor = t.rotatedTo ? await findToken(this.o.db, t.rotatedTo) : null;
    const name = successor?.name ?? t.name;
    const keyId = t.rotatedTo ?? "";
    return this.unauthenticated(
      `the API token "${t.name}" was regenerated: the token "${name}" (key id ${keyId}) replaced it and the overlap ended at ${t.expiresAt?.toISOString()}`,
      "Use the new token, or create another",
      {
        reason: "rotated",
        keyId: t.keyId,
        name: t.name,
        expiredAt: t.expiresAt?.toISOString(),
        successor: { keyId, name },
      },
    );
  }

  private async authenticateOnce(presented: PresentedToken): Promise<ProvenToken> {
    if (presented.value === undefined || presented.value === "") {
      throw presented.badScheme
        ? this.unauthenticated(
            "the Authorization header is not of the form Bearer <token>",
            "Send the token as X-Api-Key or Authorization: Bearer; make one",
            { reason: "malformed" },
          )
        : this.unauthenticated("no API token was sent", "Send one in the X-Api-Key header; create one", {
            reason: "missing",
          });
    }
    // A token sent exactly as issued needs one regex; anything else gets parseToken's cleaning and diagnosis.
    let keyId = exactTokenKeyId(presented.value);
    let value = presented.value;
    if (keyId === null) {
      const parsed = parseToken(presented.value);
      if (!parsed.ok)
        throw this.unauthenticated(
          parsed.message.replace(/\.$/, ""),
          "Copy the whole token again, or create a new one",
          {
            reason: "malformed",
          },
        );
      ({ keyId, value } = parsed.token);
    }
    this.o.onKeyId?.(keyId);

    const digest = tokenDigest(value);
    const cached = this.o.cache.get(digest);
    if (cached && !this.o.freshness) return this.admit(cached);
    return this.prove(
      digest,
      cached,
      {
        keyId,
        provenBefore: this.o.cache.wasProven(digest),
        clientAddress: presented.clientAddress,
        endpointClass: presented.endpointClass,
      },
      value,
    );
  }

  /** A cached proof checked against the token's current row, or a new verification. */
  private async prove(
    digest: string,
    cached: ProvenToken | null,
    attempt: VerificationAttempt,
    value: string,
  ): Promise<ProvenToken> {
    const fresh = cached ? await this.refreshCached(digest, cached) : null;
    if (fresh) return this.admit(fresh);
    const verified = await this.verifyOnce(digest, attempt, value);
    if (!verified) throw this.invalid();
    const current = await this.current(digest, verified);
    if (!current) throw this.invalid();
    return this.admit(current);
  }

  private invalid(): DomainError {
    return this.unauthenticated("the API token is not valid", "Check that it was copied whole, or create a new token", {
      reason: "invalid",
    });
  }

  /**
   * The verified token with a state that no change answered before now contradicts: the row read
   * before bcrypt when nothing changed since (one process), else a new read.
   */
  private async current(digest: string, verified: Verified): Promise<ProvenToken | null> {
    if (this.o.freshness) return this.refreshCached(digest, verified.proven);
    if (this.o.cache.currentEpoch === verified.epoch) return verified.proven;
    let proven = verified.proven;
    for (let i = 0; i < MAX_REREADS; i++) {
      const epoch = this.o.cache.currentEpoch;
      const record = await findToken(this.o.db, proven.token.keyId);
      if (!record) return null;
      const { secretHash: _hash, ...token } = record;
      proven = { ...proven, token };
      // A read that began after this request arrived is exact for it; one more round only if a
      // change was answered while it ran.
      if (this.o.cache.currentEpoch === epoch) break;
    }
    return proven;
  }

  /** Revocation, expiry and kill switches, judged on every request whether the proof is cached or new. */
  private admit(proven: ProvenToken): ProvenToken {
    const now = this.o.clock();
    const t = proven.token;
    if (t.revokedAt) {
      throw this.unauthenticated(`the API token "${t.name}" was revoked`, "Create a new token", {
        reason: "revoked",
        keyId: t.keyId,
        name: t.name,
        revokedAt: t.revokedAt.toISOString(),
      });
    }
    if (t.expiresAt && t.expiresAt.getTime() <= now.getTime()) {
      if (t.rotatedTo) throw new ReplacedToken(t);
      throw this.unauthenticated(
        `the API token "${t.name}" expired at ${t.expiresAt.toISOString()}`,
        "Create a new token",
        {
          reason: "expired",
          keyId: t.keyId,
          name: t.name,
          expiredAt: t.expiresAt.toISOString(),
        },
      );
    }
    const killed = this.o.killSwitches.check(proven);
    if (killed) {
      throw new DomainError(
        "KILL_SWITCH",
        "API access for this key is switched off; contact your Layer administrator",
        {
          scope: killed,
          ...(killed === "key" ? { keyId: t.keyId } : {}),
        },
      );
    }
    this.o.usage.touch(t.keyId, now);
    return proven;
  }

  /** The proof with the token's current state (several processes); null (re-verify) when the token is gone. */
  private async refreshCached(digest: string, cached: ProvenToken): Promise<ProvenToken | null> {
    const keyId = cached.token.keyId;
    const state = await this.o.freshness!(keyId);
    if (!state) {
      this.o.cache.evictKey(keyId);
      return null;
    }
    const { organizationKilled, globalKilled, ...row } = state;
    const live = cached.live;
    if (
      cached.token.generation === row.generation &&
      live?.organizationKilled === organizationKilled &&
      live.globalKilled === globalKilled
    ) {
      return cached;
    }
    const updated: ProvenToken = {
      ...cached,
      token: { ...cached.token, ...row },
      live: { organizationKilled, globalKilled },
    };
    // A changed row invalidates every proof of the key; new switch readings only replace this one.
    if (cached.token.generation !== row.generation) this.o.cache.evictKey(keyId);
    this.o.cache.set(digest, updated, this.o.cache.currentEpoch);
    return updated;
  }

  /** One verification per token digest at a time: parallel first requests share its proof. */
  private verifyOnce(digest: string, attempt: VerificationAttempt, value: string): Promise<Verified | null> {
    let pending = this.inFlight.get(digest);
    if (!pending) {
      pending = this.verify(digest, attempt, value).finally(() => this.inFlight.delete(digest));
      this.inFlight.set(digest, pending);
    }
    return pending;
  }

  private async verify(digest: string, attempt: VerificationAttempt, value: string): Promise<Verified | null> {
    await this.o.verificationGuard?.begin(attempt);
    try {
      const verified = await this.judge(digest, attempt, value);
      if (verified) await this.o.verificationGuard?.giveBack(attempt);
      return verified;
    } catch (error) {
      // A guess refused because the gate is full keeps its point: otherwise a flood could hold
      // every bcrypt slot for as long as its first guesses take, points always given back.
      if (error instanceof BcryptBusyError) throw busy();
      await this.o.verificationGuard?.giveBack(attempt);
      throw error;
    }
  }

  private async judge(digest: string, attempt: VerificationAttempt, value: string): Promise<Verified | null> {
    const epoch = this.o.cache.currentEpoch;
    const record = await findToken(this.o.db, attempt.keyId);
    if (!record) return null;
    const ok = await this.o.gate.verify(value, record.secretHash, attempt.provenBefore);
    if (!ok) return null;
    this.o.cache.rememberProven(digest);
    const [user, organizations] = await Promise.all([
      findUserById(this.o.db, record.userId),
      userOrganizations(this.o.db, record.userId),
    ]);
    if (!user) return null;
    const { secretHash: _hash, ...token } = record;
    const proven: ProvenToken = { token, user, organizations };
    // Stored only when no change was answered since the row was read (the cache checks the epoch).
    this.o.cache.set(digest, proven, epoch);
    return { proven, epoch };
  }
}
