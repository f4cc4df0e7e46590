import { LRUCache } from "lru-cache";
import type { TokenRecord } from "../tokens/token-repository.js";
import type { User, UserOrganization } from "../store/users.js";

/** A token whose secret was proven; expiry, revocation and kill switches are judged per request. */
export interface ProvenToken {
  token: Omit<TokenRecord, "secretHash">;
  user: User;
  organizations: UserOrganization[];
  /** Several processes: the organization and global kill switches as read with the token's row. */
  live?: LiveSwitches | undefined;
}

/** The kill switches above the key, read with the token's row so that another process's change is exact. */
export interface LiveSwitches {
  organizationKilled: boolean;
  globalKilled: boolean;
}

const PROVEN_MEMORY_MS = 24 * 3600_000;

interface Entry {
  proven: ProvenToken;
  storedAt: number;
}

/**
 * Proven verifications keyed by a SHA-256 of the whole token, so a repeat request skips
 * bcrypt. Only proven results are kept: an unknown key or a wrong secret is never cached, so a
 * guess cannot poison it. Entries of a key are evicted by keyId on any change to the token; a
 * TTL bounds staleness from changes made by another process (several instances also send each
 * other invalidation events).
 */
export class VerificationCache {
  private readonly entries = new Map<string, Entry>();
  private readonly digestsByKey = new Map<string, Set<string>>();
  /** Bumped by every eviction: a verification that began before it must not be stored. */
  private epoch = 0;
  /**
   * Digests of tokens whose secret was proven here, kept a day past their proof (a token's hash
   * never changes, so the proof never goes stale): they skip the failure buckets that strangers
   * may have emptied. Least recently used first out, so its memory is bounded.
   */
  private readonly proven: LRUCache<string, true>;

  constructor(private readonly options: { maxEntries: number; ttlMs: number; now: () => number }) {
    this.proven = new LRUCache({ max: Math.max(1, options.maxEntries), ttl: PROVEN_MEMORY_MS, ttlAutopurge: false });
  }

  /** Remembers that this token's secret was proven (whatever its state: revoked, killed). */
  rememberProven(digest: string): void {
    this.proven.set(digest, true);
  }

  wasProven(digest: string): boolean {
    return this.proven.has(digest);
  }

  get currentEpoch(): number {
    return this.epoch;
  }

  get(digest: string): ProvenToken | null {
    const entry = this.entries.get(digest);
    if (!entry) return null;
    if (this.options.now() - entry.storedAt > this.options.ttlMs) {
      this.delete(digest, entry.proven.token.keyId);
      return null;
    }
    return entry.proven;
  }

  /** Stores unless an eviction happened since `epoch` (the result may predate it). */
  set(digest: string, proven: ProvenToken, epoch: number): void {
    if (epoch !== this.epoch) return;
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.delete(oldest, this.entries.get(oldest)!.proven.token.keyId);
    }
    this.entries.set(digest, { proven, storedAt: this.options.now() });
    const keyId = proven.token.keyId;
    let digests = this.digestsByKey.get(keyId);
    if (!digests) {
      digests = new Set();
      this.digestsByKey.set(keyId, digests);
    }
    digests.add(digest);
  }

  evictKey(keyId: string): void {
    this.epoch++;
    for (const digest of this.digestsByKey.get(keyId) ?? []) this.entries.delete(digest);
    this.digestsByKey.delete(keyId);
  }

  clear(): void {
    this.epoch++;
    this.entries.clear();
    this.digestsByKey.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private delete(digest: string, keyId: string): void {
    this.entries.delete(digest);
    const digests = this.digestsByKey.get(keyId);
    digests?.delete(digest);
    if (digests?.size === 0) this.digestsByKey.delete(keyId);
  }
}
