import { describe, expect, it } from "vitest";
import type { Queryable } from "../db/database.js";
import { batchedTokenFreshness } from "./token-freshness.js";

/** A database whose queries the test answers by hand. */
function fakeDatabase() {
  const sent: { keys: string[]; answer(rows: unknown[]): void; fail(error: unknown): void }[] = [];
  const db: Queryable = {
    query: <R>(_sql: string, params?: readonly unknown[]) =>
      new Promise<R[]>((resolve, reject) => {
        sent.push({ keys: [...(params![0] as string[])], answer: (rows) => resolve(rows as R[]), fail: reject });
      }),
  };
  return { db, sent };
}

const row = (keyId: string, revoked: boolean) => ({
  keyId,
  name: keyId,
  revokedAt: revoked ? new Date(0) : null,
  expiresAt: null,
  killSwitch: false,
  tier: "standard",
});
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("per-request token check of several processes", () => {
  it("answers the requests of one tick with one query", async () => {
    const { db, sent } = fakeDatabase();
    const fresh = batchedTokenFreshness(db);
    const answers = Promise.all([fresh("K1"), fresh("K2"), fresh("K1")]);
    await tick();
    expect(sent.map((q) => q.keys)).toEqual([["K1", "K2"]]);
    sent[0]!.answer([row("K1", false)]);
    const [k1, k2, again] = await answers;
    expect(k1).toMatchObject({ revokedAt: null });
    expect(k2).toBeNull();
    expect(again).toEqual(k1);
  });

  it("never lets a request join a query sent before it arrived (a revoke may lie in between)", async () => {
    const { db, sent } = fakeDatabase();
    const fresh = batchedTokenFreshness(db);
    const early = fresh("K1");
    await tick();
    expect(sent).toHaveLength(1);
    // The token is revoked now; a request arriving after that must read again.
    const late = fresh("K1");
    await tick();
    expect(sent).toHaveLength(2);
    sent[0]!.answer([row("K1", false)]);
    sent[1]!.answer([row("K1", true)]);
    expect((await early)?.revokedAt).toBeNull();
    expect((await late)?.revokedAt).toEqual(new Date(0));
  });

  it("fails every request of a failed query, and the next query is a new one", async () => {
    const { db, sent } = fakeDatabase();
    const fresh = batchedTokenFreshness(db);
    const failing = Promise.allSettled([fresh("K1"), fresh("K2")]);
    await tick();
    sent[0]!.fail(new Error("connection terminated"));
    expect((await failing).map((r) => r.status)).toEqual(["rejected", "rejected"]);
    const next = fresh("K1");
    await tick();
    sent[1]!.answer([row("K1", false)]);
    expect(await next).toMatchObject({ name: "K1" });
  });
});
