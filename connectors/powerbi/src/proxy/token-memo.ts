import { tokenDigest } from "./token-digest.js";
import type { WhoamiWithProjects as Whoami } from "@layer/contracts";

/** Long enough that one refresh (many entity sets, many pages) asks whoami once; short enough that a renamed or rotated token shows soon. */
export const WHOAMI_TTL_MS = 60_000;
/** Bounds the memo's memory whatever the number of tokens seen. */
const MAX_TOKENS = 1_000;

interface Remembered {
  whoami: Promise<Whoami>;
  at: number;
}

interface Entry {
  /** By organization ("" for all): whoami lists the projects reached in the organization asked about. */
  whoami: Map<string, Remembered>;
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

  /** The token's whoami (in one organization, or all: null), from `load` at most once per TTL; a failure is not remembered. */
  whoami(token: string, load: () => Promise<Whoami>, organization: string | null = null): Promise<Whoami> {
    const entry = this.entry(token);
    const key = organization ?? "";
    const known = entry.whoami.get(key);
    if (known && this.now() - known.at < this.ttlMs) return known.whoami;
    const remembered: Remembered = { whoami: load(), at: this.now() };
    entry.whoami.set(key, remembered);
    remembered.whoami.catch(() => {
      if (entry.whoami.get(key) === remembered) entry.whoami.delete(key);
    });
    return remembered.whoami;
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
    this.entries.delete(tokenDigest(token));
  }

  private entry(token: string): Entry {
    const key = tokenDigest(token);
    let entry = this.entries.get(key);
    if (entry) {
      // Re-insert: Map order is then least recently used first.
      this.entries.delete(key);
    } else {
      entry = { whoami: new Map(), warnedAt: 0 };
      while (this.entries.size >= MAX_TOKENS) this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, entry);
    return entry;
  }
}
