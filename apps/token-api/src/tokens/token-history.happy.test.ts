import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidationBus } from "../auth/invalidation.js";
import { seedDemoData } from "../seed/seed.js";
import { listAudit } from "../store/audit.js";
import { ENGINES, openTestDatabase, type TestDatabase } from "../testing/engines.js";
import { startHistoryPurge } from "./history-purge.js";
import { TokenService } from "./token-service.js";
import { toTokenSummary } from "./token-summary.js";

const DAY = 86_400_000;

describe.each(ENGINES)("the token history and its purge on %s", (engine) => {
  let t: TestDatabase;
  let tokens: TokenService;
  let now = new Date("2026-01-10T10:00:00Z");
  const later = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  beforeAll(async () => {
    t = await openTestDatabase(engine);
    await seedDemoData(t.db, { ordersRows: 10, bcryptCost: 4 });
    tokens = new TokenService({ db: t.db, invalidation: new InvalidationBus(), clock: () => now, bcryptCost: 4 });
  });
  afterAll(() => t?.dispose());

  const make = (name: string, extra: { expiresAt?: Date } = {}) =>
    tokens.create({
      userId: "usr_chen",
      name,
      expiresIn: extra.expiresAt ? undefined : "1y",
      ...extra,
      actor: "user:usr_chen",
    });
  const history = async () =>
    (await tokens.list({ userId: "usr_chen", view: "history" })).map((r) => toTokenSummary(r, now));

  it("keeps revoked and expired tokens, newest end first, with who revoked them", async () => {
    const byUser = await make("Revoked by the user");
    const byOperator = await make("Revoked by the operator");
    const expiring = await make("Expires", { expiresAt: new Date(now.getTime() + 3 * DAY) });
    const active = await make("Still active");
    const regenerated = await make("Regenerated");
    // Ended at day 0 (user), day 1 (operator), day 2 + 1 hour (rotation), day 3 (expiry).
    await tokens.revoke({ keyId: byUser.record.keyId, userId: "usr_chen", actor: "user:usr_chen", revokedBy: "user" });
    later(DAY);
    await tokens.revoke({ keyId: byOperator.record.keyId, actor: "operator", revokedBy: "operator" });
    later(DAY);
    const { issued } = await tokens.replace({
      keyId: regenerated.record.keyId,
      overlapSeconds: 3600,
      actor: "user:usr_chen",
    });
    later(3 * DAY);

    const h = await history();
    expect(h.map((s) => [s.name, s.status, s.revokedBy])).toEqual([
      ["Expires", "expired", null],
      ["Regenerated", "revoked", "rotation"],
      ["Revoked by the operator", "revoked", "operator"],
      ["Revoked by the user", "revoked", "user"],
    ]);
    expect(h[0]).toMatchObject({ expiredAt: expiring.created.expiresAt, revokedAt: null });
    expect(h[1]).toMatchObject({ rotatedTo: issued.record.keyId });
    const activeNow = (await tokens.list({ userId: "usr_chen" })).map((r) => r.keyId);
    expect(activeNow.sort()).toEqual([active.record.keyId, issued.record.keyId].sort());
  });

  it("purges only what ended more than 90 days ago, keeping the audit log", async () => {
    const [oldest] = (await history()).slice(-1);
    // Now is day 5: at day 90 the user's revocation is exactly 90 days old and stays; a second later it goes.
    later(85 * DAY);
    expect(await tokens.purgeHistory()).toEqual([]);
    later(1000);
    const purged = await tokens.purgeHistory();
    expect(purged).toEqual([oldest!.keyId]);
    expect((await history()).map((s) => s.name)).toEqual(["Expires", "Regenerated", "Revoked by the operator"]);
    expect((await listAudit(t.db, { keyId: oldest!.keyId })).map((e) => e.action)).toContain("token.revoked");
    expect(await tokens.get(oldest!.keyId)).toBeNull();
  });

  it("runs in the server process: once at start, then every interval", async () => {
    later(3 * DAY);
    const logged: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void logged.push(line) });
    const stop = startHistoryPurge(tokens, 3600, logger);
    await stop();
    expect(await history()).toEqual([]);
    expect((await tokens.list({ userId: "usr_chen" })).length).toBe(2);
    expect(logged.join("")).toContain("purged token history");
    expect(logged.join("")).not.toMatch(/Regenerated|Expires/);
  });
});
