import { hash, verify } from "@node-rs/bcrypt";

/** docs/contract.md: tokens are stored as bcrypt cost 12. Tests may lower it through configuration. */
export const TOKEN_BCRYPT_COST = 12;

/** bcrypt runs on libuv's thread pool (@node-rs/bcrypt), never on the event loop. */
export function hashSecret(value: string, cost = TOKEN_BCRYPT_COST): Promise<string> {
  return hash(value, { cost });
}

export function hashPassword(password: string, cost = TOKEN_BCRYPT_COST): Promise<string> {
  return hash(password, { cost });
}

export function verifySecret(value: string, secretHash: string): Promise<boolean> {
  return verify(value, secretHash);
}

export class BcryptBusyError extends Error {
  override readonly name = "BcryptBusyError";
  constructor() {
    super("too many token verifications in flight");
  }
}

/**
 * A bound on concurrent bcrypt verifications ("when the bound is reached, refuse quickly
 * instead of queueing without limit"): each costs ~200 ms of a core, so a flood of unknown
 * tokens must not queue minutes of work behind the real ones. Tokens proven before (their owners'
 * expired proofs) have a reserve of as many slots again, so guesses filling the gate never turn
 * an owner away.
 */
export class BcryptGate {
  private inFlight = 0;
  /** How many verifications ran since start; the concurrency test reads it. */
  verifications = 0;

  constructor(readonly maxInFlight: number) {}

  get busy(): number {
    return this.inFlight;
  }

  async verify(value: string, secretHash: string, provenBefore = false): Promise<boolean> {
    if (this.inFlight >= (provenBefore ? 2 * this.maxInFlight : this.maxInFlight)) throw new BcryptBusyError();
    this.inFlight++;
    this.verifications++;
    try {
      return await verifySecret(value, secretHash);
    } finally {
      this.inFlight--;
    }
  }
}
