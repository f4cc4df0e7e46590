import type { EndpointClass } from "@layer/contracts";
import type { VerificationAttempt, VerificationGuard } from "../auth/authenticator.js";
import { DomainError } from "../errors/domain-error.js";
import type { BucketStore } from "./rate-limit-buckets.js";
import { wholeSecondsAtLeastOne } from "./rate-limit-headers.js";
import type { AuthFailureLimits } from "./rate-limit-policy.js";

const BY_KEY_AND_ADDRESS = "auth-failures-key-address";
const BY_ADDRESS = "auth-failures-address";

/**
 * Failed authentication in buckets of its own (docs/contract.md "Rate limits"), chosen so that a
 * stranger who knows a public key_id cannot turn them against its owner:
 *
 * - per (key_id, client address): a stranger's guesses at one key empty the bucket of the
 *   stranger's own address, never the owner's;
 * - per client address: one address spraying guesses over many key_ids;
 * - a secret already proven in this process skips both (the stranger cannot produce one), so an
 *   owner behind the stranger's own address (one NAT) still re-verifies when its cached proof
 *   expires; the bcrypt gate's reserve keeps room for it even while guesses fill the gate.
 *
 * Each new verification (the only path to bcrypt) takes a point from both before the database or
 * bcrypt is touched and gives it back once the secret is proven, so failures are what stays
 * counted: guesses from one address cost at most `perKeyId` bcrypts a window per key_id and
 * `perAddress` in all. What is left to a stranger at the owner's own address is an owner's token
 * never proven in this process (new, or after a restart): it waits with the stranger (README).
 */
export class AuthFailureGuard implements VerificationGuard {
  constructor(
    private readonly store: BucketStore,
    private readonly limits: AuthFailureLimits,
  ) {}

  async begin(attempt: VerificationAttempt): Promise<void> {
    if (attempt.provenBefore) return;
    const address = attempt.clientAddress ?? "unknown";
    const keyAndAddress = `${attempt.keyId}|${address}`;
    const [byKey, byAddress] = await Promise.all([
      this.store.take(BY_KEY_AND_ADDRESS, keyAndAddress, this.limits.perKeyId),
      this.store.take(BY_ADDRESS, address, this.limits.perAddress),
    ]);
    if (byKey.allowed && byAddress.allowed) return;
    // Only the bucket that refused keeps the point: a refusal is not itself a bcrypt.
    if (byKey.allowed) await this.store.giveBack(BY_KEY_AND_ADDRESS, keyAndAddress);
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
    if (attempt.provenBefore) return;
    const address = attempt.clientAddress ?? "unknown";
    await Promise.all([
      this.store.giveBack(BY_KEY_AND_ADDRESS, `${attempt.keyId}|${address}`),
      this.store.giveBack(BY_ADDRESS, address),
    ]);
  }
}
