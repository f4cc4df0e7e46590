import { LRUCache } from "lru-cache";

/**
 * Sign-in attempts counted per key (an email, or a client address) in a sliding window
 * (bcrypt costs ~215 ms, so unthrottled guessing is both a brute force and a CPU drain). An attempt
 * is reserved before its bcrypt, in the same synchronous step as the check, so concurrent guesses
 * cannot all pass a check made before any of them failed; a success gives its reservation back.
 * Kept in memory, at most `maxKeys` keys (least recently used out first): the account page runs
 * in one process, and a restart forgetting the counts is harmless.
 */
export interface LoginThrottleOptions {
  maxFailures?: number;
  windowMs?: number;
  now?: () => number;
  maxKeys?: number;
}

export class LoginThrottle {
  private readonly attempts: LRUCache<string, number[]>;
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
    this.attempts = new LRUCache({ max: options.maxKeys ?? 10_000 });
  }

  /**
   * Counts an attempt for the key and returns 0, or returns the milliseconds until one is allowed
   * (and counts nothing) when the window already holds `maxFailures`.
   */
  reserve(key: string): number {
    const now = this.now();
    const recent = this.recent(key, now);
    if (recent.length >= this.maxFailures) {
      const oldest = recent[recent.length - this.maxFailures] ?? now;
      return Math.max(1, oldest + this.windowMs - now);
    }
    recent.push(now);
    this.attempts.set(key, recent);
    return 0;
  }

  /** Gives back one reserved attempt (it succeeded, or it was never judged). */
  release(key: string): void {
    const recent = this.attempts.get(key);
    recent?.pop();
    if (recent?.length === 0) this.attempts.delete(key);
  }

  /** Forgets every attempt of the key: the right password for that email. */
  forget(key: string): void {
    this.attempts.delete(key);
  }

  get size(): number {
    return this.attempts.size;
  }

  private recent(key: string, now: number): number[] {
    return (this.attempts.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }
}

/**
 * Reserves one attempt in each throttle, all or none: the wait when any refuses (the others'
 * reservations given back), else 0.
 */
export function reserveAttempt(parts: readonly (readonly [LoginThrottle, string])[]): number {
  const reserved: (readonly [LoginThrottle, string])[] = [];
  for (const part of parts) {
    const waitMs = part[0].reserve(part[1]);
    if (waitMs > 0) {
      for (const [throttle, key] of reserved) throttle.release(key);
      return waitMs;
    }
    reserved.push(part);
  }
  return 0;
}
