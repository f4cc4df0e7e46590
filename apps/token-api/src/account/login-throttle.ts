/**
 * Failed sign-ins counted per key (an email, or a client address) in a sliding window (issue 5: bcrypt
 * costs ~215 ms, so unthrottled guessing is both a brute force and a CPU drain). Kept in memory:
 * the account page runs in one process, and a restart forgetting the counts is harmless.
 */
export interface LoginThrottleOptions {
  maxFailures?: number;
  windowMs?: number;
  now?: () => number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until another attempt is allowed for the key, or 0 when allowed now. */
  retryAfterMs(key: string): number {
    const now = this.now();
    const recent = this.recent(key, now);
    if (recent.length < this.maxFailures) return 0;
    const oldest = recent[recent.length - this.maxFailures] ?? now;
    return Math.max(1, oldest + this.windowMs - now);
  }

  recordFailure(key: string): void {
    const now = this.now();
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.set(key, recent);
    // A flood of distinct keys must not grow the map without bound.
    if (this.failures.size > 10_000) this.sweep(now);
  }

  recordSuccess(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }

  private sweep(now: number): void {
    for (const [key, times] of this.failures) {
      if (!times.some((t) => now - t < this.windowMs)) this.failures.delete(key);
    }
  }
}
