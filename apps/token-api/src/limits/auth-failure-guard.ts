import type { EndpointClass } from "@layer/contracts";
import type { VerificationAttempt, VerificationGuard } from "../auth/authenticator.js";
import { DomainError } from "../errors/domain-error.js";
import type { BucketStore } from "./rate-limit-buckets.js";
import { wholeSecondsAtLeastOne } from "./rate-limit-headers.js";
import type { AuthFailureLimits } from "./rate-limit-policy.js";

const BY_KEY = "auth-failures-key";
const BY_ADDRESS = "auth-failures-address";

/**
 * Failed authentication in buckets of its own, per key_id and per client address (CONTRACT.md
 * "Rate limits"). Each new verification (the only path to bcrypt) takes a point from both before
 * the database or bcrypt is touched and gives it back once the secret is proven, so failures are
 * what stays counted, and a stranger's guesses at a public key_id cost at most `perKeyId` bcrypts
 * a window while the owner's quota and cached requests are untouched.
 */
export class AuthFailureGuard implements VerificationGuard {
  constructor(
    private readonly store: BucketStore,
    private readonly limits: AuthFailureLimits,
  ) {}

  async begin(attempt: VerificationAttempt): Promise<void> {
    const address = attempt.clientAddress ?? "unknown";
    const [byKey, byAddress] = await Promise.all([
      this.store.take(BY_KEY, attempt.keyId, this.limits.perKeyId),
      this.store.take(BY_ADDRESS, address, this.limits.perAddress),
    ]);
    if (byKey.allowed && byAddress.allowed) return;
    // Only the bucket that refused keeps the point: a refusal is not itself a bcrypt.
    if (byKey.allowed) await this.store.giveBack(BY_KEY, attempt.keyId);
    if (byAddress.allowed) await this.store.giveBack(BY_ADDRESS, address);
    const retryAfterMs = Math.max(
      1,
      Math.ceil(Math.max(byKey.allowed ? 0 : byKey.msBeforeReset, byAddress.allowed ? 0 : byAddress.msBeforeReset)),
    );
    const cls: EndpointClass = attempt.endpointClass ?? "read-light";
    throw new DomainError(
      "RATE_LIMITED",
      "too many failed authentication attempts for this key or from this address; retry after the Retry-After seconds",
      { endpointClass: cls, retryAfterMs },
      { retryAfterSeconds: wholeSecondsAtLeastOne(retryAfterMs) },
    );
  }

  async giveBack(attempt: VerificationAttempt): Promise<void> {
    await Promise.all([
      this.store.giveBack(BY_KEY, attempt.keyId),
      this.store.giveBack(BY_ADDRESS, attempt.clientAddress ?? "unknown"),
    ]);
  }
}
