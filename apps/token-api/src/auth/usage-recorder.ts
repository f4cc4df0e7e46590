import type { Queryable } from "../db/database.js";
import { writeLastUsed } from "../tokens/token-repository.js";

/**
 * `last_used_at`, written behind: requests only touch memory; one batched UPDATE per
 * interval covers every key used since, so a token is written at most once per interval.
 */
export class UsageRecorder {
  private pending = new Map<string, Date>();
  private readonly latest = new Map<string, Date>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly db: Queryable) {}

  touch(keyId: string, at: Date): void {
    this.pending.set(keyId, at);
    this.latest.set(keyId, at);
  }

  /** The freshest use known here, written or not. */
  lastUsed(keyId: string): Date | undefined {
    return this.latest.get(keyId);
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await writeLastUsed(this.db, batch);
    } catch (error) {
      // Keep the uses for the next flush rather than lose them.
      for (const [k, v] of batch) if (!this.pending.has(k)) this.pending.set(k, v);
      throw error;
    }
  }

  start(intervalMs: number, onError: (error: unknown) => void): void {
    this.stop();
    this.timer = setInterval(() => this.flush().catch(onError), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
