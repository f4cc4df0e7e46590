import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RequestCounts } from "./request-counts.js";
import { type ProvenToken, VerificationCache } from "./verification-cache.js";

// Anyone can send well-formed key_ids and tokens that do not exist: every structure kept per key
// must stay bounded however many distinct ones arrive.
const keyIds = (n: number) => Array.from({ length: n }, () => randomBytes(8).toString("hex").toUpperCase());

describe("memory kept per key stays bounded", () => {
  it("counts requests of 200,000 distinct key_ids in at most 10,000 entries, the recent ones exact", () => {
    const counts = new RequestCounts(10_000);
    const ids = keyIds(200_000);
    for (const id of ids) counts.count(id);
    const last = ids.at(-1)!;
    counts.count(last);
    expect(counts.size).toBe(10_000);
    expect(counts.get(last)).toBe(2);
    expect(counts.get(ids[0]!)).toBeUndefined();
  });

  it("keeps at most maxEntries proofs and proven digests in the verification cache", () => {
    const cache = new VerificationCache({ maxEntries: 100, ttlMs: 60_000, now: Date.now });
    const ids = keyIds(5_000);
    for (const [i, keyId] of ids.entries()) {
      const proven = { token: { keyId }, user: {}, organizations: [] } as unknown as ProvenToken;
      cache.set(`digest-${i}`, proven, cache.currentEpoch);
      cache.rememberProven(`digest-${i}`);
    }
    expect(cache.size).toBe(100);
    expect(cache.wasProven("digest-0")).toBe(false);
    expect(cache.wasProven("digest-4999")).toBe(true);
    expect(cache.get("digest-4999")).not.toBeNull();
  });
});
