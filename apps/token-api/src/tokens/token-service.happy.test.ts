import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidationBus, type Invalidation } from "../auth/invalidation.js";
import { seedDemoData } from "../seed/seed.js";
import { listAudit } from "../store/audit.js";
import { ENGINES, openTestDatabase, type TestDatabase } from "../testing/engines.js";
import { TokenService } from "./token-service.js";

describe.each(ENGINES)("TokenService on %s", (engine) => {
  let t: TestDatabase;
  let tokens: TokenService;
  const events: Invalidation[] = [];
  let now = new Date("2026-02-01T10:00:00Z");
  beforeAll(async () => {
    t = await openTestDatabase(engine);
    await seedDemoData(t.db, { ordersRows: 10, bcryptCost: 4 });
    const bus = new InvalidationBus();
    bus.subscribe((e) => void events.push(e));
    tokens = new TokenService({ db: t.db, invalidation: bus, clock: () => now, bcryptCost: 4 });
  });
  afterAll(() => t?.dispose());

  it("stores only a bcrypt hash and lists newest first, filtered by name, masked", async () => {
    const a = await tokens.create({
      userId: "usr_ada",
      name: "Power BI - Acme Tower",
      expiresIn: "1y",
      actor: "user:usr_ada",
    });
    now = new Date(now.getTime() + 1000);
    const b = await tokens.create({
      userId: "usr_ada",
      name: "Excel desktop",
      expiresIn: "30d",
      env: "test",
      actor: "user:usr_ada",
    });
    expect(a.record.secretHash).toMatch(/^\$2b\$04\$/);
    const [stored] = await t.db.query<{ secret_hash: string }>("SELECT secret_hash FROM api_tokens WHERE key_id = $1", [
      a.record.keyId,
    ]);
    expect(stored?.secret_hash).not.toContain(a.token.slice(-43));
    expect(a.created.expiresAt).toBe("2027-02-01T10:00:00.000Z");
    expect(b.created.masked).toBe(`lp_test_${b.record.keyId}_…`);
    const all = await tokens.list({ userId: "usr_ada" });
    expect(all.map((r) => r.name)).toEqual(["Excel desktop", "Power BI - Acme Tower"]);
    const filtered = await tokens.list({ userId: "usr_ada", name: "power" });
    expect(filtered.map((r) => r.keyId)).toEqual([a.record.keyId]);
  });

  it("renames and revokes only the owner's tokens, evicting before it returns", async () => {
    const { record } = await tokens.create({ userId: "usr_ben", name: "Sheets", actor: "user:usr_ben" });
    events.length = 0;
    expect(
      await tokens.rename({ keyId: record.keyId, name: "Stolen", userId: "usr_ada", actor: "user:usr_ada" }),
    ).toBeNull();
    expect(
      await tokens.revoke({ keyId: record.keyId, userId: "usr_ada", actor: "user:usr_ada", revokedBy: "user" }),
    ).toBeNull();
    expect(events).toEqual([]);
    expect(
      (
        await tokens.rename({
          keyId: record.keyId,
          name: "  Sheets - Budget ",
          userId: "usr_ben",
          actor: "user:usr_ben",
        })
      )?.name,
    ).toBe("Sheets - Budget");
    const revoked = await tokens.revoke({
      keyId: record.keyId,
      userId: "usr_ben",
      actor: "user:usr_ben",
      revokedBy: "user",
    });
    expect(revoked?.revokedAt?.toISOString()).toBe(now.toISOString());
    expect(revoked?.revokedBy).toBe("user");
    expect(events).toEqual([
      { kind: "token", keyId: record.keyId },
      { kind: "token", keyId: record.keyId },
    ]);
    expect(await tokens.list({ userId: "usr_ben" })).toEqual([]);
    expect((await tokens.list({ userId: "usr_ben", view: "all" })).length).toBe(1);
    expect((await tokens.list({ userId: "usr_ben", view: "history" })).map((r) => r.keyId)).toEqual([record.keyId]);
    const audit = await listAudit(t.db, { keyId: record.keyId });
    expect(audit.map((e) => [e.action, e.actor])).toEqual([
      ["token.revoked", "user:usr_ben"],
      ["token.renamed", "user:usr_ben"],
      ["token.created", "user:usr_ben"],
    ]);
  });

  it.each([
    ["", "empty"],
    ["x".repeat(101), "long"],
    ["a\u0000b", "control"],
    ["   ", "spaces"],
  ])("refuses the name %j (%s)", async (name) => {
    await expect(tokens.create({ userId: "usr_ada", name, actor: "operator" })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });

  it("allows one legacy token per user", async () => {
    const legacy = await tokens.create({ userId: "usr_chen", name: "Legacy token", legacy: true, actor: "operator" });
    expect(legacy.record.keyId).toMatch(/^layer_[0-9a-f]{8}$/);
    await expect(
      tokens.create({ userId: "usr_chen", name: "Legacy token", legacy: true, actor: "operator" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("lists the holders of an organization without secrets", async () => {
    const { holders } = await tokens.holders("org_acme");
    expect(holders.map((h) => h.user.email)).toEqual(["ada@example.com", "ben@example.com"]);
    expect(JSON.stringify(holders)).not.toMatch(/secret|hash|\$2b\$/i);
    expect((await tokens.holders("org_borealis")).holders[0]?.tokens[0]?.legacy).toBe(true);
  });
});
