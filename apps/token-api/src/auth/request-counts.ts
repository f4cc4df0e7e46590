import { LRUCache } from "lru-cache";

/**
 * Requests received per key_id (parsed tokens only, known or not); the test harness reads it.
 * Anyone can send well-formed key_ids that do not exist, so the count keeps the most recently
 * seen `maxKeys` key_ids only: memory stays bounded however many distinct ones arrive.
 */
export class RequestCounts {
  private readonly counts: LRUCache<string, number>;

  constructor(maxKeys = 10_000) {
    this.counts = new LRUCache({ max: maxKeys });
  }

  count(keyId: string): void {
    this.counts.set(keyId, (this.counts.get(keyId) ?? 0) + 1);
  }

  get(keyId: string): number | undefined {
    return this.counts.get(keyId);
  }

  get size(): number {
    return this.counts.size;
  }
}
