import { createHash } from "node:crypto";
import type { Whoami } from "@layer/contracts";

/** Long enough that one refresh (many entity sets, many pages) asks whoami once; short enough that a renamed or rotated token shows soon. */
export const WHOAMI_TTL_MS = 60_000;
/** Bounds the memo's memory whatever the number of tokens seen. */
const MAX_TOKENS = 1_000;

interface Entry {
  whoami: Promise<Whoami> | null;
  whoamiAt: number;
  warnedAt: number;
}

/**
 * What the proxy briefly remembers per token, keyed by a SHA-256 of the token (never the token):
 * its whoami, and when its expiry was last logged. Stateless still holds: losing it costs one
 * whoami call and one repeated log line.
 */
export class TokenMemo {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = WHOAMI_TTL_MS,
  ) {}

  /** The token's whoami, from `load` at most once per TTL; a failure is not remembered. */
  whoami(token: string, load: () => Promise<Whoami>): Promise<Whoami> {
    const entry = this.entry(token);
    if (entry.whoami && this.now() - entry.whoamiAt < this.ttlMs) return entry.whoami;
    const pending = load();
    entry.whoami = pending;
    entry.whoamiAt = this.now();
    pending.catch(() => {
      if (entry.whoami === pending) entry.whoami = null;
    });
    return pending;
  }

  /** True at most once per TTL per token: a refresh of fifty pages logs its expiry warning once. */
  shouldWarn(token: string): boolean {
    const entry = this.entry(token);
    if (entry.warnedAt !== 0 && this.now() - entry.warnedAt < this.ttlMs) return false;
    entry.warnedAt = this.now();
    return true;
  }

  /** Drops what is remembered of a token, e.g. once the API refused it: a revoked token's whoami must not outlive it. */
  forget(token: string): void {
    this.entries.delete(hashOf(token));
  }

  private entry(token: string): Entry {
    const key = hashOf(token);
    let entry = this.entries.get(key);
    if (entry) {
      // Re-insert: Map order is then least recently used first.
      this.entries.delete(key);
    } else {
      entry = { whoami: null, whoamiAt: 0, warnedAt: 0 };
      while (this.entries.size >= MAX_TOKENS) this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, entry);
    return entry;
  }
}

function hashOf(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
