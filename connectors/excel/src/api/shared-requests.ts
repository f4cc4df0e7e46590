/**
 * Identical requests from many cells share one fetch while it is in flight, and its result is
 * kept briefly so that a recalculation does not fetch again. Failures are not cached:
 * the next recalculation after the user fixes the token must try again.
 */
export class SharedRequests {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly cache = new Map<string, { value: unknown; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  run<T>(key: string, load: () => Promise<T>): Promise<T> {
    const cached = this.cache.get(key);
    if (cached && cached.expires > this.clock()) return Promise.resolve(cached.value as T);
    if (cached) this.cache.delete(key);
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const started = load().then(
      (value) => {
        this.inFlight.delete(key);
        this.cache.set(key, { value, expires: this.clock() + this.ttlMs });
        return value;
      },
      (error: unknown) => {
        this.inFlight.delete(key);
        throw error;
      },
    );
    this.inFlight.set(key, started);
    return started;
  }

  /** Forget everything: a new token must never be served the old token's results. */
  clear(): void {
    this.cache.clear();
    this.inFlight.clear();
  }

  get size(): { inFlight: number; cached: number } {
    return { inFlight: this.inFlight.size, cached: this.cache.size };
  }
}
